//! A TOML value tree that remembers where each value and key was written, so
//! that every profile problem can be shown at its line and column, even after
//! `extends` merged several files and `--set` overrode some values. Read
//! from text by [`profile::read`](crate::profile::read); checked against a
//! variable by [`pack::schema::fit`](crate::pack::schema::fit).

use std::ops::Range;
use std::sync::Arc;

use chrono::NaiveDate;
use serde_json::Value as Json;

use crate::error::Location;
use crate::source::Source;

/// Where a value came from.
#[derive(Debug, Clone)]
pub enum Pos {
    /// A span of a profile file.
    File {
        source: Arc<Source>,
        span: Range<usize>,
    },
    /// A `--set key=value` on the command line.
    Set(String),
    /// A cell of a spreadsheet: `街道.xlsx 第7行 C列`.
    Cell(String),
}

impl Pos {
    pub fn location(&self) -> Option<Location> {
        match self {
            Self::File { source, span } => Some(source.location(span.clone())),
            Self::Set(_) | Self::Cell(_) => None,
        }
    }

    /// A suffix for messages about values without a file position.
    pub fn origin_note(&self) -> String {
        match self {
            Self::File { .. } => String::new(),
            Self::Set(arg) => format!("（来自命令行 --set {arg}）"),
            Self::Cell(cell) => format!("（来自 {cell}）"),
        }
    }
}

#[derive(Debug, Clone)]
pub enum Kind {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Date(NaiveDate),
    /// A TOML date-time or time: not a type profiles use; kept for messages.
    OtherDatetime(String),
    Array(Vec<Node>),
    Table(Table),
}

impl Kind {
    /// What a value is, for "expected …, found …" messages.
    pub fn zh(&self) -> &'static str {
        match self {
            Self::Str(_) => "字符串",
            Self::Int(_) => "整数",
            Self::Float(_) => "小数",
            Self::Bool(_) => "布尔值",
            Self::Date(_) => "日期",
            Self::OtherDatetime(_) => "日期时间",
            Self::Array(_) => "列表",
            Self::Table(_) => "表",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Node {
    pub kind: Kind,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub key_pos: Pos,
    pub node: Node,
}

/// A table in source order.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub entries: Vec<(String, Entry)>,
}

impl Table {
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, e)| e)
    }

    pub fn remove(&mut self, key: &str) -> Option<Entry> {
        let i = self.entries.iter().position(|(k, _)| k == key)?;
        Some(self.entries.remove(i).1)
    }

    /// Sets `key`, keeping its place if it exists.
    pub fn set(&mut self, key: &str, entry: Entry) {
        match self.entries.iter_mut().find(|(k, _)| k == key) {
            Some((_, e)) => *e = entry,
            None => self.entries.push((key.to_owned(), entry)),
        }
    }

    /// Lays `over` on top of `self`: tables merge key by key, anything else is replaced.
    pub fn merge(&mut self, over: Table) {
        for (key, entry) in over.entries {
            let mine = self
                .entries
                .iter_mut()
                .find(|(k, _)| *k == key)
                .map(|(_, e)| e);
            match (mine, entry) {
                (
                    Some(mine),
                    Entry {
                        key_pos,
                        node:
                            Node {
                                kind: Kind::Table(t),
                                ..
                            },
                    },
                ) if matches!(mine.node.kind, Kind::Table(_)) => {
                    if let Kind::Table(base) = &mut mine.node.kind {
                        base.merge(t);
                    }
                    // Messages about this table should point at the more specific file.
                    mine.key_pos = key_pos;
                }
                (_, entry) => self.set(&key, entry),
            }
        }
    }

    /// [`Table::lookup`] of a dotted name (`unit.name`), without splitting
    /// it into a list first: validation looks up every variable of a pack
    /// in every profile of a batch.
    pub fn lookup_dotted(&self, name: &str) -> Option<&Entry> {
        let mut table = self;
        let mut rest = name;
        loop {
            // A byte search: names are short, and `split_once` sets up a
            // searcher that costs more than the scan.
            match rest.bytes().position(|b| b == b'.') {
                None => return table.get(rest),
                Some(dot) => match &table.get(&rest[..dot])?.node.kind {
                    Kind::Table(t) => {
                        table = t;
                        rest = &rest[dot + 1..];
                    }
                    _ => return None,
                },
            }
        }
    }

    /// The node at a dotted path.
    pub fn lookup(&self, path: &[&str]) -> Option<&Entry> {
        let (first, rest) = path.split_first()?;
        let entry = self.get(first)?;
        if rest.is_empty() {
            return Some(entry);
        }
        match &entry.node.kind {
            Kind::Table(t) => t.lookup(rest),
            _ => None,
        }
    }
}

/// A TOML date-time as a value: a plain date is a [`Kind::Date`]; anything
/// with a time, or a date that does not exist, is kept as text.
pub(crate) fn datetime_kind(dt: &toml::value::Datetime) -> Kind {
    match (dt.date, dt.time) {
        (Some(d), None) => {
            NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                .map_or_else(|| Kind::OtherDatetime(dt.to_string()), Kind::Date)
        }
        _ => Kind::OtherDatetime(dt.to_string()),
    }
}

/// Converts a plain `toml::Value` (a pack's example or default) into a node at `pos`.
pub fn from_toml(value: &toml::Value, pos: &Pos) -> Node {
    let kind = match value {
        toml::Value::String(s) => Kind::Str(s.clone()),
        toml::Value::Integer(i) => Kind::Int(*i),
        toml::Value::Float(f) => Kind::Float(*f),
        toml::Value::Boolean(b) => Kind::Bool(*b),
        toml::Value::Datetime(dt) => datetime_kind(dt),
        toml::Value::Array(items) => Kind::Array(items.iter().map(|v| from_toml(v, pos)).collect()),
        toml::Value::Table(t) => Kind::Table(Table {
            entries: t
                .iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        Entry {
                            key_pos: pos.clone(),
                            node: from_toml(v, pos),
                        },
                    )
                })
                .collect(),
        }),
    };
    Node {
        kind,
        pos: pos.clone(),
    }
}

/// A plain `toml::Value` (a pack's example or default) as JSON: dates as
/// their TOML text (`2026-12-01`), as a JSON Schema or a form wants them,
/// not serde's private wrapper.
pub fn toml_to_json(value: &toml::Value) -> Json {
    to_json(&from_toml(value, &Pos::Set(String::new())))
}

/// A value as the render context holds it.
pub fn to_json(node: &Node) -> Json {
    match &node.kind {
        Kind::Str(s) => Json::String(s.clone()),
        Kind::Int(n) => Json::from(*n),
        Kind::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
        Kind::Bool(b) => Json::Bool(*b),
        Kind::Date(d) => Json::String(crate::zh::date::iso(*d)),
        Kind::OtherDatetime(s) => Json::String(s.clone()),
        Kind::Array(items) => Json::Array(items.iter().map(to_json).collect()),
        Kind::Table(t) => Json::Object(
            t.entries
                .iter()
                .map(|(k, e)| (k.clone(), to_json(&e.node)))
                .collect(),
        ),
    }
}
