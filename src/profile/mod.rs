//! Profiles: the TOML facts of one occasion, checked against a pack's schema.
//!
//! Loading happens in two steps because the schema is only known once the pack
//! is: [`ProfileDoc`] parses the file and its `extends` chain and can say which
//! pack it names; [`ProfileDoc::validate`] then checks it against that pack and
//! produces the handlebars context.

mod checks;
mod presentation;
pub mod read;
mod set;
pub(crate) use set::{KeyType, key_type, set_path};

pub use checks::CheckConfig;
pub use presentation::Presentation;
pub use read::toml_message_zh;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Map, Value as Json};

use crate::check::origin::ValueSite;
use crate::error::{Diagnostic, Error, Result};
use crate::pack::schema::{Misfit, fit, inline_toml, type_message};
use crate::pack::{Pack, RESERVED_KEYS, VarType, Variable};
use crate::source::Source;
use crate::suggest::nearest;
use crate::value::{Entry, Kind, Node, Pos, Table};
use crate::zh::NumberingStyle;

/// How deep `extends` may chain before we call it a mistake.
const MAX_EXTENDS_DEPTH: usize = 32;

/// A parsed profile with its `extends` chain merged in.
#[derive(Debug, Clone)]
pub struct ProfileDoc {
    pub table: Table,
    /// The profile's own name (path as given), for messages without a position.
    pub name: String,
    /// Things to tell the user (a file decoded as GBK).
    pub notices: Vec<String>,
}

/// A profile that fits its pack: what rendering needs.
#[derive(Debug, Clone)]
pub struct Validated {
    /// The handlebars context: every declared variable (absent optional ones as
    /// their default or null) in schema order.
    pub context: Json,
    /// The body points, in speech order.
    pub points: Vec<String>,
    pub numbering: NumberingStyle,
    pub checks: CheckConfig,
    /// The register and the head lines the profile sets.
    pub presentation: Presentation,
    /// The pack's usual length in characters, for the length check's hint.
    pub usual_length: Option<[usize; 2]>,
    /// The profile's text values and where each was written, so that a
    /// finding in the draft can name the value it lies in.
    pub sites: Vec<ValueSite>,
}

impl Validated {
    /// Every non-empty text value of the render context, defaults included.
    pub fn strings(&self) -> Vec<String> {
        fn collect(value: &Json, out: &mut Vec<String>) {
            match value {
                Json::String(s) if !s.is_empty() => out.push(s.clone()),
                Json::Array(items) => items.iter().for_each(|v| collect(v, out)),
                Json::Object(map) => map.values().for_each(|v| collect(v, out)),
                _ => {}
            }
        }
        let mut out = Vec::new();
        collect(&self.context, &mut out);
        out
    }

    /// Options for the checks: the profile's names (its text values, but
    /// those that mention another unit, and its `aliases`), terms and target.
    pub fn check_options(&self, rate: u32) -> crate::check::Options {
        let names = crate::check::names::declared_names(&self.strings(), &self.checks.aliases);
        crate::check::Options {
            known_names: Some(names),
            forbid: self.checks.forbid.clone(),
            prefer: self.checks.prefer.clone(),
            target: self.checks.target,
            rate,
            avoid: self.presentation.register.avoid(),
            register: self.presentation.register.kind,
            usual: self.usual_length,
        }
    }
}

impl ProfileDoc {
    /// Reads a profile file and the files it extends.
    pub fn load(path: &Path) -> Result<Self> {
        let source = Source::read(path)?;
        Self::from_source(source, Some(path))
    }

    /// Parses profile text; `path` (if the text came from a file) anchors
    /// relative `extends` paths, otherwise the current folder does.
    pub fn from_source(source: Source, path: Option<&Path>) -> Result<Self> {
        let name = source.name.clone();
        let dir = path
            .and_then(Path::parent)
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        // The chain of files, for cycle detection; resolved only when a file
        // extends another (resolving costs several system calls per profile).
        let mut stack: Vec<PathBuf> = Vec::new();
        let mut notices = Vec::new();
        let table = load_chain(source, path, &dir, &mut stack, &mut notices)?;
        Ok(Self {
            table,
            name,
            notices,
        })
    }

    /// A profile made elsewhere (a spreadsheet row), named `name`; an
    /// `extends` in it is read relative to `dir`.
    pub fn from_table(table: Table, name: String, dir: &Path) -> Result<Self> {
        let mut notices = Vec::new();
        let table = with_base(table, None, dir, &mut Vec::new(), &mut notices)?;
        Ok(Self {
            table,
            name,
            notices,
        })
    }

    /// Every string value in the profile as written (no pack defaults), for
    /// telling its names from another profile's without validating it.
    pub fn strings(&self) -> Vec<String> {
        fn visit(kind: &Kind, out: &mut Vec<String>) {
            match kind {
                Kind::Str(s) if !s.is_empty() => out.push(s.clone()),
                Kind::Array(items) => items.iter().for_each(|n| visit(&n.kind, out)),
                Kind::Table(t) => t.entries.iter().for_each(|(_, e)| visit(&e.node.kind, out)),
                _ => {}
            }
        }
        let mut out = Vec::new();
        for (_, entry) in &self.table.entries {
            visit(&entry.node.kind, &mut out);
        }
        out
    }

    /// A string at a dotted path (`unit.name`), if the profile has one there.
    pub fn string_at(&self, path: &str) -> Option<&str> {
        let mut table = &self.table;
        let mut parts = path.split('.').peekable();
        while let Some(part) = parts.next() {
            let kind = &table.get(part)?.node.kind;
            match (kind, parts.peek()) {
                (Kind::Str(s), None) => return Some(s),
                (Kind::Table(t), Some(_)) => table = t,
                _ => return None,
            }
        }
        None
    }

    /// The node at a dotted path (`unit.name`), if the profile has one there.
    pub fn node_at(&self, path: &str) -> Option<&Node> {
        let mut table = &self.table;
        let mut parts = path.split('.').peekable();
        while let Some(part) = parts.next() {
            let node = &table.get(part)?.node;
            match (&node.kind, parts.peek()) {
                (_, None) => return Some(node),
                (Kind::Table(t), Some(_)) => table = t,
                _ => return None,
            }
        }
        None
    }

    /// Whether the profile's file is one `jianghua init` wrote and nobody
    /// marked as filled in (its text still has [`crate::init::STUB_MARK`]).
    pub fn from_init(&self) -> bool {
        // Every value of the file shares its source: the first one tells.
        let source = self
            .table
            .entries
            .iter()
            .find_map(|(_, e)| match &e.node.pos {
                Pos::File { source, .. } => Some(source),
                _ => None,
            });
        source.is_some_and(|s| s.text.contains(crate::init::STUB_MARK))
    }

    /// The variables of a profile that `jianghua init` wrote whose values
    /// are still the pack's examples (青山街道, 李明): a speech from it reads
    /// finished but is about the example unit. Empty for any other profile,
    /// the bundled examples among them.
    pub fn unchanged_examples(&self, pack: &Pack) -> Vec<String> {
        if !self.from_init() {
            return Vec::new();
        }
        pack.variables()
            .iter()
            .filter(|v| v.required)
            .filter_map(|v| {
                let example = v.example.as_ref()?;
                let node = self.node_at(&v.name)?;
                let as_json = crate::value::to_json(&crate::value::from_toml(example, &node.pos));
                (crate::value::to_json(node) == as_json).then(|| v.name.clone())
            })
            .collect()
    }

    /// The strings of a top-level list (`aliases`).
    pub fn string_list(&self, key: &str) -> Vec<String> {
        match self.table.get(key).map(|e| &e.node.kind) {
            Some(Kind::Array(items)) => items
                .iter()
                .filter_map(|n| match &n.kind {
                    Kind::Str(s) => Some(s.clone()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The pack the profile names in `template`, if any.
    pub fn template(&self) -> Option<String> {
        match &self.table.get("template")?.node.kind {
            Kind::Str(s) => Some(s.clone()),
            _ => None,
        }
    }

    /// The pack to use: an explicit choice (`-t`), else `--set template=…`,
    /// else the profile's own `template`.
    pub fn pack_name(&self, explicit: Option<&str>, sets: &[(String, String)]) -> Option<String> {
        choose_pack(explicit, sets, || self.template())
    }

    /// Checks the profile against the pack's schema; on success returns the
    /// render context. Every problem is reported, not just the first.
    pub fn validate(&self, pack: &Pack) -> Result<Validated> {
        let mut problems = Vec::new();
        let mut points = pack.default_points();
        let mut numbering = pack.numbering;
        walk(&self.table, &mut String::new(), pack, &mut problems);
        let sites = text_values(&self.table, &mut problems);

        if let Some(entry) = self.table.get("numbering") {
            match &entry.node.kind {
                Kind::Str(s) => match s.parse() {
                    Ok(style) => numbering = style,
                    Err(()) => problems.push(
                        Diagnostic::new(format!(
                            "编号样式 `{s}` 不存在{}",
                            entry.node.pos.origin_note()
                        ))
                        .at_opt(entry.node.pos.location())
                        .hint("可选：di（第一，……）或 gongwen（一、……）"),
                    ),
                },
                other => problems.push(type_problem("numbering", "字符串", other, &entry.node.pos)),
            }
        }
        if let Some(entry) = self.table.get("template") {
            if !matches!(entry.node.kind, Kind::Str(_)) {
                problems.push(type_problem(
                    "template",
                    "字符串",
                    &entry.node.kind,
                    &entry.node.pos,
                ));
            }
        }
        if let Some(entry) = self.table.get("speech") {
            problems.push(
                Diagnostic::new(
                    "`speech` 由程序生成（如 speech.point_count），不能在配置文件中设置",
                )
                .at_opt(entry.key_pos.location()),
            );
        }
        let checks = checks::parse(&self.table, &mut problems);
        let presentation = presentation::parse(&self.table, &mut problems);
        if let Some(entry) = self.table.get("points") {
            match check_points(&entry.node, pack) {
                Ok(p) => points = p,
                Err(mut ds) => problems.append(&mut ds),
            }
        }
        // Each variable is looked up once, for both the check and the context.
        let found: Vec<Option<&Entry>> = pack
            .variables()
            .iter()
            .map(|var| self.table.lookup_dotted(&var.name))
            .collect();
        for (var, entry) in pack.variables().iter().zip(&found) {
            if var.required && entry.is_none() {
                problems.push(self.missing(var));
            }
        }
        if !problems.is_empty() {
            problems.sort_by_key(|d| {
                d.location
                    .as_ref()
                    .map(|l| (l.file.clone(), l.line, l.column))
            });
            return Err(Error::Profile(problems));
        }

        let mut context = pack.context_shape().fill(pack.variables(), &found);
        fill_optional_fields(&mut context, pack);
        let (short, long) = checks
            .target
            .map_or((false, false), |t| t.form(pack.length));
        // A long target takes in the pack's optional points, unless the
        // profile chose its points itself.
        if long && self.table.get("points").is_none() {
            points = pack.points.iter().map(|p| p.id.clone()).collect();
        }
        let mut speech = Map::new();
        speech.insert("point_count".into(), Json::from(points.len()));
        speech.insert("short".into(), Json::Bool(short));
        speech.insert("long".into(), Json::Bool(long));
        context.insert("speech".into(), Json::Object(speech));
        let short = context
            .get("unit")
            .and_then(|u| u.get("short"))
            .and_then(Json::as_str);
        let register = presentation.register.context(short);
        context.insert("register".into(), register);
        Ok(Validated {
            context: Json::Object(context),
            points,
            numbering,
            checks,
            presentation,
            usual_length: pack.length,
            sites,
        })
    }

    fn missing(&self, var: &Variable) -> Diagnostic {
        let (tables, key) = var.split();
        // Point at the table the variable belongs in, if the profile has it.
        let location = (!tables.is_empty())
            .then(|| self.table.lookup(&tables))
            .flatten()
            .and_then(|e| e.key_pos.location());
        let message = format!(
            "缺少必填变量 `{}`（{}）：{}",
            var.name,
            var.type_desc(),
            var.description
        );
        let message = if location.is_none() {
            format!("{}：{message}", self.name)
        } else {
            message
        };
        let mut d = Diagnostic::new(message).at_opt(location);
        if let Some(example) = &var.example {
            let line = format!("{key} = {}", inline_toml(example));
            d = d.hint(if tables.is_empty() {
                format!("加一行：{line}")
            } else {
                format!("在 [{}] 下加一行：{line}", tables.join("."))
            });
        }
        d
    }
}

/// Gives each record of a `table` variable its optional fields that the
/// profile left out, as null: a template can then ask `{{#if org}}` in strict
/// mode, where a field that is not there at all is an error.
fn fill_optional_fields(context: &mut Map<String, Json>, pack: &Pack) {
    for var in pack.variables() {
        if var.ty != VarType::Table || var.fields.iter().all(|f| f.required) {
            continue;
        }
        let mut parts = var.name.split('.');
        let Some(first) = parts.next() else { continue };
        let mut slot = context.get_mut(first);
        for part in parts {
            slot = slot.and_then(|v| v.get_mut(part));
        }
        let Some(Json::Array(records)) = slot else {
            continue;
        };
        for record in records.iter_mut().filter_map(Json::as_object_mut) {
            for field in var.fields.iter().filter(|f| !f.required) {
                record.entry(field.name.clone()).or_insert(Json::Null);
            }
        }
    }
}

/// [`ProfileDoc::pack_name`] for a profile read some other way: an explicit
/// choice, else `--set template=…`, else the profile's own `template`.
pub fn choose_pack(
    explicit: Option<&str>,
    sets: &[(String, String)],
    own: impl FnOnce() -> Option<String>,
) -> Option<String> {
    let from_set = sets
        .iter()
        .rev()
        .find(|(k, _)| k == "template")
        .map(|(_, v)| v.clone());
    explicit.map(str::to_owned).or(from_set).or_else(own)
}

fn load_chain(
    source: Source,
    path: Option<&Path>,
    dir: &Path,
    stack: &mut Vec<PathBuf>,
    notices: &mut Vec<String>,
) -> Result<Table> {
    notices.extend(source.notice.clone());
    let source = Arc::new(source);
    let table = read::parse_document(&source)?;
    with_base(table, path, dir, stack, notices)
}

/// `table` on top of the profile its `extends` names, if it names one.
fn with_base(
    mut table: Table,
    path: Option<&Path>,
    dir: &Path,
    stack: &mut Vec<PathBuf>,
    notices: &mut Vec<String>,
) -> Result<Table> {
    let Some(entry) = table.remove("extends") else {
        return Ok(table);
    };
    if stack.is_empty() {
        stack.extend(path.and_then(|p| p.canonicalize().ok()));
    }
    let Kind::Str(rel) = &entry.node.kind else {
        return Err(Error::Profile(vec![type_problem(
            "extends",
            "字符串（文件路径）",
            &entry.node.kind,
            &entry.node.pos,
        )]));
    };
    let path = dir.join(rel);
    // Only another profile: a message about a file that is not one would
    // show its first line (extends = "/etc/shadow").
    if !path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
    {
        return Err(Error::Profile(vec![
            Diagnostic::new(format!(
                "extends 只能指向 .toml 配置文件：{}",
                path.display()
            ))
            .at_opt(entry.node.pos.location())
            .hint("例如 extends = \"common/qingshan-qu.toml\"，路径相对于当前配置文件所在的文件夹"),
        ]));
    }
    let Ok(canonical) = path.canonicalize() else {
        return Err(Error::Profile(vec![
            Diagnostic::new(format!("extends 指向的文件不存在：{}", path.display()))
                .at_opt(entry.node.pos.location())
                .hint("路径相对于当前配置文件所在的文件夹"),
        ]));
    };
    if stack.contains(&canonical) || stack.len() >= MAX_EXTENDS_DEPTH {
        let mut chain = stack.clone();
        chain.push(canonical);
        return Err(Error::ExtendsCycle { chain });
    }
    stack.push(canonical);
    let base_source = Source::read(&path)?;
    let base_dir = path
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let mut base = load_chain(base_source, Some(&path), &base_dir, stack, notices)?;
    stack.pop();
    base.merge(table);
    Ok(base)
}

/// Checks every key of `table` (at dotted path `prefix`) against the pack's
/// variables, descending into tables that hold declared variables.
/// Every text value of a profile, in one walk: each with its dotted key and
/// where it was written (so a finding can name the value it lies in), and a
/// problem for each holding a character no speech wants and no Word file
/// holds (a form feed pasted from a PDF).
fn text_values(table: &Table, problems: &mut Vec<Diagnostic>) -> Vec<ValueSite> {
    use crate::check::origin::Written;
    fn visit(node: &Node, key: String, out: &mut Vec<ValueSite>, problems: &mut Vec<Diagnostic>) {
        match &node.kind {
            Kind::Str(s) => {
                if let Some((at, c)) = crate::writer::unwritable(s) {
                    problems.push(
                        Diagnostic::new(format!(
                            "`{key}` 的第 {} 个字符是 {}，讲话稿里不能有{}",
                            at + 1,
                            crate::writer::describe_unwritable(c),
                            node.pos.origin_note()
                        ))
                        .at_opt(node.pos.location())
                        .hint("删掉这个字符；它多半是从 PDF 或网页粘贴带来的，看不见但 Word 文件容纳不了"),
                    );
                }
                if s.trim().is_empty() {
                    return;
                }
                let written = match &node.pos {
                    Pos::File { source, span } => Written::File(Arc::clone(source), span.start),
                    Pos::Set(arg) => Written::Set(arg.clone()),
                    Pos::Cell(cell) => Written::Cell(cell.clone()),
                };
                out.push(ValueSite {
                    key,
                    value: s.clone(),
                    written,
                });
            }
            Kind::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    visit(item, format!("{key}[{}]", i + 1), out, problems);
                }
            }
            Kind::Table(t) => {
                for (k, e) in &t.entries {
                    visit(&e.node, format!("{key}.{k}"), out, problems);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (k, e) in &table.entries {
        visit(&e.node, k.clone(), &mut out, problems);
    }
    out
}

fn walk(table: &Table, name: &mut String, pack: &Pack, problems: &mut Vec<Diagnostic>) {
    // One buffer for every dotted name: a batch validates thousands of
    // profiles, and a `format!` per nested key was a tenth of the walk.
    let prefix_len = name.len();
    for (key, entry) in &table.entries {
        if prefix_len == 0 && RESERVED_KEYS.contains(&key.as_str()) {
            continue; // checked by `validate`
        }
        name.truncate(prefix_len);
        if prefix_len > 0 {
            name.push('.');
        }
        name.push_str(key);
        if let Some(var) = pack.variable(name) {
            problems.extend(check_node(&entry.node, var, &var.name));
            continue;
        }
        let is_table_prefix = pack.is_table(name);
        match (&entry.node.kind, is_table_prefix) {
            (Kind::Table(t), true) => walk(t, name, pack, problems),
            (other, true) => problems.push(type_problem(
                name,
                &format!("表（[{name}]）"),
                other,
                &entry.node.pos,
            )),
            (_, false) => problems.push(unknown_key(name, &entry.key_pos, pack)),
        }
    }
    name.truncate(prefix_len);
}

fn unknown_key(name: &str, pos: &Pos, pack: &Pack) -> Diagnostic {
    misfit_problem(unknown_key_misfit(name, pos, pack))
}

/// A key the pack does not declare, with where it may belong.
fn unknown_key_misfit<'p>(name: &str, pos: &'p Pos, pack: &Pack) -> Misfit<'p> {
    let candidates: Vec<&str> = pack
        .variables()
        .iter()
        .map(|v| v.name.as_str())
        .chain(RESERVED_KEYS)
        .collect();
    let d = Misfit::new(
        pos,
        format!("未知的键 `{name}`：模板包 `{}` 没有声明这个变量", pack.name),
    );
    // The classic TOML slip: a key written below a [table] header belongs to
    // that table. If the key exists elsewhere, say where it should go. A
    // `--set` has no table headers to slip under.
    let (table, key) = name.rsplit_once('.').unwrap_or(("", name));
    let in_file = matches!(pos, Pos::File { .. });
    if let Some(var) = pack
        .variables()
        .iter()
        .find(|v| in_file && v.split().1 == key && v.name != name)
    {
        let (home, _) = var.split();
        let place = if home.is_empty() {
            "文件开头（任何 [表] 标题之前）".to_owned()
        } else {
            format!("[{}] 之下", home.join("."))
        };
        let why = if table.is_empty() {
            String::new()
        } else {
            format!("TOML 中写在 [{table}] 之后的键都属于 [{table}]；")
        };
        return d.hint(format!(
            "这个键应该是 `{}`：{why}请把它移到{place}",
            var.name
        ));
    }
    match nearest(name, candidates) {
        Some(s) => d.hint(format!("是不是要写 `{s}`？")),
        None => d.hint(format!(
            "用 `jianghua templates show {}` 查看这个模板包的全部变量",
            pack.name
        )),
    }
}

/// A list of strings, with a problem for anything else.
fn string_list(name: &str, node: &Node, problems: &mut Vec<Diagnostic>) -> Vec<String> {
    let Kind::Array(items) = &node.kind else {
        problems.push(type_problem(name, "字符串列表", &node.kind, &node.pos));
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| match &item.kind {
            Kind::Str(s) => Some(s.clone()),
            other => {
                problems.push(type_problem(
                    &format!("{name} 的列表项"),
                    "字符串",
                    other,
                    &item.pos,
                ));
                None
            }
        })
        .collect()
}

fn type_problem(name: &str, expected: &str, found: &Kind, pos: &Pos) -> Diagnostic {
    misfit_problem(Misfit {
        pos,
        message: type_message(name, expected, found),
        hints: Vec::new(),
    })
}

/// A profile problem from a value that does not fit its variable, placed
/// where the value (or its item, or field) was written.
fn misfit_problem(m: Misfit<'_>) -> Diagnostic {
    let mut d =
        Diagnostic::new(format!("{}{}", m.message, m.pos.origin_note())).at_opt(m.pos.location());
    for hint in m.hints {
        d = d.hint(hint);
    }
    d
}

/// The problems of a value against its declared variable.
fn check_node(node: &Node, var: &Variable, name: &dyn std::fmt::Display) -> Vec<Diagnostic> {
    fit(node, var, name)
        .into_iter()
        .map(misfit_problem)
        .collect()
}

fn check_points(node: &Node, pack: &Pack) -> Result<Vec<String>, Vec<Diagnostic>> {
    let ids: Vec<&str> = pack.points.iter().map(|p| p.id.as_str()).collect();
    let Kind::Array(items) = &node.kind else {
        return Err(vec![
            type_problem("points", "要点 id 的列表", &node.kind, &node.pos).hint(format!(
                "例如：points = [{}]",
                ids.iter()
                    .map(|i| format!("\"{i}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        ]);
    };
    let mut problems = Vec::new();
    let mut out: Vec<String> = Vec::new();
    for item in items {
        let Kind::Str(id) = &item.kind else {
            problems.push(type_problem(
                "points 的列表项",
                "字符串",
                &item.kind,
                &item.pos,
            ));
            continue;
        };
        if pack.point(id).is_none() {
            let d = Diagnostic::new(format!(
                "模板包 `{}` 没有要点 `{id}`{}",
                pack.name,
                item.pos.origin_note()
            ))
            .at_opt(item.pos.location());
            problems.push(match nearest(id, ids.iter().copied()) {
                Some(s) => d.hint(format!("是不是要写 `{s}`？")),
                None => d.hint(format!("可用的要点：{}", ids.join("、"))),
            });
        } else if out.contains(id) {
            problems.push(
                Diagnostic::new(format!("要点 `{id}` 列了两次{}", item.pos.origin_note()))
                    .at_opt(item.pos.location()),
            );
        } else {
            out.push(id.clone());
        }
    }
    if items.is_empty() {
        problems.push(
            Diagnostic::new("points 不能为空：讲话至少要有一个要点").at_opt(node.pos.location()),
        );
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The bundled examples' profiles (`examples/*.toml`), with their paths.
#[cfg(test)]
pub(crate) fn example_profiles() -> Vec<(std::path::PathBuf, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path).unwrap();
            found.push((path, text));
        }
    }
    assert!(found.len() >= 5, "{}", found.len());
    found
}
