//! `--set key=value`: a value from the command line, typed by the pack's
//! schema and put into the profile's tree.

use std::sync::Arc;

use super::{ProfileDoc, read, unknown_key_misfit};
use crate::error::{Diagnostic, Error, Result};
use crate::pack::{Pack, VarType};
use crate::source::Source;
use crate::value::{Entry, Kind, Node, Pos, Table};

impl ProfileDoc {
    /// Applies `--set key=value` overrides, each typed by the pack's schema.
    pub fn apply_sets(&mut self, sets: &[(String, String)], pack: &Pack) -> Result<()> {
        let mut problems = Vec::new();
        for (key, raw) in sets {
            let pos = Pos::Set(format!("{key}={raw}"));
            match typed_set_value(key, raw, pack, &pos) {
                Ok(node) => {
                    let path: Vec<&str> = key.split('.').collect();
                    set_path(&mut self.table, &path, node, &pos);
                }
                Err(d) => problems.push(d),
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Profile(problems))
        }
    }
}

/// What a dotted key of a profile holds, for values given as text (`--set`,
/// a spreadsheet cell): one of the profile's own keys or a pack variable.
pub(crate) enum KeyType {
    Value(VarType),
    /// `extends`: a path, read before anything else.
    Extends,
    Unknown,
}

pub(crate) fn key_type(key: &str, pack: &Pack) -> KeyType {
    match key {
        "template" | "numbering" | "salutation" | "byline" => KeyType::Value(VarType::String),
        _ if key.starts_with("register.") => KeyType::Value(VarType::String),
        "points" | "aliases" => KeyType::Value(VarType::List),
        "extends" => KeyType::Extends,
        _ => pack
            .variable(key)
            .map_or(KeyType::Unknown, |var| KeyType::Value(var.ty)),
    }
}

fn typed_set_value(key: &str, raw: &str, pack: &Pack, pos: &Pos) -> Result<Node, Diagnostic> {
    let bad =
        |expected: &str| Diagnostic::new(format!("--set {key}={raw}：`{key}` 应为{expected}"));
    let ty = match key_type(key, pack) {
        KeyType::Value(ty) => ty,
        KeyType::Extends => {
            return Err(Diagnostic::new("extends 不能用 --set 设置")
                .hint("在配置文件里写 extends = \"base.toml\""));
        }
        KeyType::Unknown => {
            // Said as the `--set` it is, not with the note of where it came from.
            let m = unknown_key_misfit(key, pos, pack);
            let mut d = Diagnostic::new(format!("--set {key}={raw}：{}", m.message));
            d.hints = m.hints;
            return Err(d);
        }
    };
    let kind = match ty {
        VarType::String => Kind::Str(raw.to_owned()),
        VarType::Integer => Kind::Int(
            raw.trim()
                .parse()
                .map_err(|_| bad("整数").hint("例如 --set campaign.months=6"))?,
        ),
        VarType::Number => Kind::Float(
            raw.trim()
                .parse()
                .map_err(|_| bad("数").hint("例如 --set review.growth=6.5"))?,
        ),
        VarType::Date => Kind::Date(
            crate::zh::date::parse_iso(raw)
                .ok_or_else(|| bad("日期").hint("日期写成 2026-12-01"))?,
        ),
        VarType::List if !raw.trim_start().starts_with('[') => Kind::Array(
            raw.split([',', '，', '、'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Node {
                    kind: Kind::Str(s.to_owned()),
                    pos: pos.clone(),
                })
                .collect(),
        ),
        VarType::List | VarType::Table => {
            let source = Arc::new(Source::new(format!("--set {key}"), raw.to_owned()));
            let parsed = toml::de::DeValue::parse(&source.text).map_err(|e| {
                bad(ty.zh()).hint(format!("写成 TOML 的行内值：{}", e.message().trim()))
            })?;
            let mut node = match parsed.get_ref() {
                toml::de::DeValue::Array(_) => {
                    let wrapped = format!("v = {raw}");
                    let source = Arc::new(Source::new(format!("--set {key}"), wrapped));
                    let table = read::parse_document(&source).map_err(|_| bad(ty.zh()))?;
                    table
                        .get("v")
                        .map(|e| e.node.clone())
                        .ok_or_else(|| bad(ty.zh()))?
                }
                _ => return Err(bad(ty.zh()).hint("写成 TOML 的行内数组，例如 [\"甲\", \"乙\"]")),
            };
            node.pos = pos.clone();
            return Ok(node);
        }
    };
    Ok(Node {
        kind,
        pos: pos.clone(),
    })
}

pub(crate) fn set_path(table: &mut Table, path: &[&str], node: Node, pos: &Pos) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    if rest.is_empty() {
        table.set(
            first,
            Entry {
                key_pos: pos.clone(),
                node,
            },
        );
        return;
    }
    if !matches!(table.get(first).map(|e| &e.node.kind), Some(Kind::Table(_))) {
        let empty = Node {
            kind: Kind::Table(Table::default()),
            pos: pos.clone(),
        };
        table.set(
            first,
            Entry {
                key_pos: pos.clone(),
                node: empty,
            },
        );
    }
    if let Some((_, entry)) = table.entries.iter_mut().find(|(k, _)| k == first) {
        if let Kind::Table(t) = &mut entry.node.kind {
            set_path(t, rest, node, pos);
        }
    }
}
