//! Template packs: a folder with `pack.toml` and handlebars section files.
//!
//! Built-in packs are embedded from `templates/`. User folders given with
//! `--templates` (or `JIANGHUA_TEMPLATES`) are folders of packs, one
//! sub-folder per pack; a user pack named like a built-in one overrides it file
//! by file, so a lone `closing.hbs` replaces only the closing.

mod builtin;
pub mod json_schema;
pub mod schema;
pub mod shape;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Diagnostic, Error, Result};
use crate::source::Source;
use crate::zh::NumberingStyle;
pub use schema::{Field, VarType, Variable};

/// The folder of partials shared by all packs; not a pack itself.
pub const SHARED: &str = "_shared";

/// Top-level profile keys the engine itself reads; no variable may use them.
pub const RESERVED_KEYS: [&str; 11] = [
    "template",
    "register",
    "salutation",
    "byline",
    "extends",
    "points",
    "numbering",
    "speech",
    "aliases",
    "check",
    "target",
];

/// Where a pack file came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileOrigin {
    Builtin,
    Path(PathBuf),
}

/// One file of a pack, after overrides.
#[derive(Debug, Clone)]
pub struct PackFile {
    /// Path inside the pack, with `/`: `opening.hbs`, `partials/call.hbs`.
    pub rel: String,
    pub text: String,
    pub origin: FileOrigin,
}

impl PackFile {
    /// How messages name this file.
    pub fn display(&self, pack: &str) -> String {
        match &self.origin {
            FileOrigin::Builtin => format!("<内置>/{pack}/{}", self.rel),
            FileOrigin::Path(p) => p.display().to_string(),
        }
    }
}

/// The templates that make up a speech's fixed parts, from `[speech]` in `pack.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpeechSpec {
    pub title: String,
    pub subtitle: Option<String>,
    pub byline: Option<String>,
    pub date_line: Option<String>,
    /// The speaker's name for the Word file's properties.
    pub author: Option<String>,
    /// Section files.
    pub opening: String,
    pub closing: String,
}

/// A body point: heading template and section file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Point {
    pub id: String,
    /// Heading text without its number; the engine numbers it.
    pub heading: String,
    pub file: String,
    /// Whether the point is in the speech when the profile does not choose.
    #[serde(default = "yes")]
    pub default: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PackToml {
    name: String,
    title: String,
    description: String,
    genre: Option<String>,
    #[serde(default)]
    kind: PackKind,
    numbering: NumberingStyle,
    salutation: String,
    length: Option<[usize; 2]>,
    speech: SpeechSpec,
    #[serde(default)]
    variables: Vec<Variable>,
    #[serde(default)]
    points: Vec<Point>,
    #[serde(default)]
    phrases: BTreeMap<String, Vec<String>>,
}

/// The kind of text a pack drafts: a leader's speech, a short address at a
/// ceremony, a chair's script, or a subordinate's statement at a meeting.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub enum PackKind {
    #[default]
    #[serde(rename = "讲话")]
    Speech,
    #[serde(rename = "致辞")]
    Address,
    #[serde(rename = "主持词")]
    Chair,
    #[serde(rename = "发言")]
    Statement,
}

impl PackKind {
    /// Every kind, in the order `templates list` shows them.
    pub const ALL: [Self; 4] = [Self::Speech, Self::Address, Self::Chair, Self::Statement];

    /// The kind as pack.toml writes it and users read it.
    pub fn zh(self) -> &'static str {
        match self {
            Self::Speech => "讲话",
            Self::Address => "致辞",
            Self::Chair => "主持词",
            Self::Statement => "发言",
        }
    }
}

/// A loaded, checked pack.
#[derive(Debug, Clone)]
pub struct Pack {
    pub name: String,
    pub title: String,
    pub description: String,
    pub genre: Option<String>,
    /// Which of the four kinds of text it drafts; `templates list` groups by it.
    pub kind: PackKind,
    pub numbering: NumberingStyle,
    pub salutation: String,
    /// The usual length of a speech from this pack, in characters (from,
    /// to): `templates show` tells it, and a `[target]` outside it asks the
    /// templates for their short or long form (`speech.short`, `speech.long`).
    pub length: Option<[usize; 2]>,
    pub speech: SpeechSpec,
    /// Read through [`Pack::variables`]: fixed once loaded, so that the
    /// index beside them stays true.
    variables: Vec<Variable>,
    /// Positions in `variables` by dotted name, and the tables that hold
    /// variables (`unit` for `unit.name`): a profile is checked key by key
    /// against them, once per profile of a batch.
    by_name: foldhash::HashMap<String, usize>,
    tables: foldhash::HashSet<String>,
    /// Made at the first profile validated against the pack.
    context: std::sync::OnceLock<shape::Shape>,
    pub points: Vec<Point>,
    /// Named phrase banks for `{{phrase "名称"}}`.
    pub phrases: BTreeMap<String, Vec<String>>,
    /// Every file, by path inside the pack.
    pub files: BTreeMap<String, PackFile>,
}

impl Pack {
    /// The variables profiles fill, in the order `pack.toml` declares them.
    pub fn variables(&self) -> &[Variable] {
        &self.variables
    }

    pub fn variable(&self, name: &str) -> Option<&Variable> {
        self.by_name.get(name).map(|&i| &self.variables[i])
    }

    /// Whether `name` is a table some variable lives in (`unit` for
    /// `unit.name`, `a` and `a.b` for `a.b.c`).
    pub fn is_table(&self, name: &str) -> bool {
        self.tables.contains(name)
    }

    /// The context profiles of this pack start from.
    pub(crate) fn context_shape(&self) -> &shape::Shape {
        self.context
            .get_or_init(|| shape::Shape::new(&self.variables))
    }

    pub fn point(&self, id: &str) -> Option<&Point> {
        self.points.iter().find(|p| p.id == id)
    }

    /// The points a speech has when the profile does not choose.
    pub fn default_points(&self) -> Vec<String> {
        self.points
            .iter()
            .filter(|p| p.default)
            .map(|p| p.id.clone())
            .collect()
    }

    /// Handlebars templates (`.hbs` files), by path inside the pack.
    pub fn templates(&self) -> impl Iterator<Item = &PackFile> {
        self.files.values().filter(|f| f.rel.ends_with(".hbs"))
    }

    /// The display name of `pack.toml`, for messages.
    pub fn manifest_display(&self) -> String {
        self.files
            .get("pack.toml")
            .map_or_else(|| "pack.toml".to_owned(), |f| f.display(&self.name))
    }

    /// Builds a pack from its files (already merged across overrides).
    pub fn from_files(name: &str, files: BTreeMap<String, PackFile>) -> Result<Self> {
        let manifest = files.get("pack.toml").ok_or_else(|| {
            Error::Pack(Box::new(
                Diagnostic::new(format!("模板包 `{name}` 缺少 pack.toml"))
                    .hint("每个模板包文件夹都要有 pack.toml；用 `jianghua templates export dongyuan 目录` 导出一个内置包作参照"),
            ))
        })?;
        let source = Source::new(manifest.display(name), manifest.text.clone());
        let raw: PackToml = toml::from_str(&source.text).map_err(|e| {
            let mut d = Diagnostic::new(format!(
                "pack.toml 无法解析：{}",
                serde_message_zh(e.message().trim())
            ));
            if let Some(span) = e.span() {
                d = d.at(source.location(span));
            }
            Error::Syntax(Box::new(d))
        })?;
        let pack = Pack {
            name: name.to_owned(),
            title: raw.title,
            description: raw.description,
            genre: raw.genre,
            kind: raw.kind,
            numbering: raw.numbering,
            salutation: raw.salutation,
            length: raw.length,
            speech: raw.speech,
            by_name: index_names(&raw.variables),
            tables: index_tables(&raw.variables),
            context: std::sync::OnceLock::new(),
            variables: raw.variables,
            points: raw.points,
            phrases: raw.phrases,
            files,
        };
        if raw.name != name {
            return Err(pack
                .invalid(format!(
                    "pack.toml 中的 name = \"{}\" 与文件夹名 `{name}` 不一致",
                    raw.name
                ))
                .map_hint(format!(
                    "把 name 改为 \"{name}\"，或把文件夹改名为 `{}`",
                    raw.name
                )));
        }
        pack.check()?;
        Ok(pack)
    }

    fn invalid(&self, message: String) -> PackError {
        PackError(Diagnostic::new(format!(
            "{}：{message}",
            self.manifest_display()
        )))
    }

    fn check(&self) -> Result<()> {
        let mut seen = std::collections::HashSet::new();
        for v in &self.variables {
            let valid = !v.name.is_empty()
                && v.name.split('.').all(|s| {
                    !s.is_empty()
                        && s.chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                });
            if !valid {
                return Err(self
                    .invalid(format!("变量名 `{}` 不合规范", v.name))
                    .map_hint("变量名用小写英文字母、数字和下划线，层级用点分隔，例如 unit.name"));
            }
            let top = v.name.split('.').next().unwrap_or_default();
            // {{year}} would call the helper, not read the variable.
            if crate::render::dialect::is_helper(top) {
                return Err(self
                    .invalid(format!(
                        "变量 `{}` 与助手 `{top}` 同名，模板里无法读取它",
                        v.name
                    ))
                    .map_hint(format!("换一个名字，例如 {top}_value")));
            }
            if RESERVED_KEYS.contains(&top) {
                return Err(self
                    .invalid(format!("变量 `{}` 用了保留字 `{top}`", v.name))
                    .into());
            }
            if !seen.insert(v.name.as_str()) {
                return Err(self.invalid(format!("变量 `{}` 声明了两次", v.name)).into());
            }
            if let Some(other) = self
                .variables
                .iter()
                .find(|o| o.name.starts_with(&format!("{}.", v.name)))
            {
                return Err(self
                    .invalid(format!(
                        "变量 `{}` 与 `{}` 冲突：一个名字不能既是值又是表",
                        v.name, other.name
                    ))
                    .into());
            }
            if v.required && v.default.is_some() {
                return Err(self
                    .invalid(format!("变量 `{}` 既是必填又有默认值", v.name))
                    .map_hint("二者只留其一"));
            }
            if v.ty == VarType::Table && v.fields.is_empty() {
                return Err(self
                    .invalid(format!("表格变量 `{}` 没有声明 fields", v.name))
                    .into());
            }
            // In `{{#each}}` the field is read as `{{quote}}`, which calls
            // the helper of that name instead.
            if let Some(f) = v
                .fields
                .iter()
                .find(|f| crate::render::dialect::is_helper(&f.name))
            {
                return Err(self
                    .invalid(format!(
                        "表格变量 `{}` 的字段 `{}` 与助手同名，在 {{{{#each}}}} 里无法读取它",
                        v.name, f.name
                    ))
                    .map_hint(format!("换一个名字，例如 {}_text", f.name)));
            }
            if v.fields.iter().any(|f| f.ty == VarType::Table) {
                return Err(self
                    .invalid(format!("表格变量 `{}` 的字段不能再是表格", v.name))
                    .into());
            }
            for (what, value) in [("example", &v.example), ("default", &v.default)] {
                if let Some(value) = value {
                    let problems = schema::value_problems(value, v);
                    if let Some(p) = problems.first() {
                        return Err(self
                            .invalid(format!("变量 `{}` 的 {what} 不符合其类型：{p}", v.name))
                            .into());
                    }
                }
            }
        }
        if let Some((name, _)) = self.phrases.iter().find(|(_, options)| options.is_empty()) {
            return Err(self.invalid(format!("词库 `{name}` 是空的")).into());
        }
        let mut ids = std::collections::HashSet::new();
        for p in &self.points {
            if !ids.insert(p.id.as_str()) {
                return Err(self.invalid(format!("要点 id `{}` 重复", p.id)).into());
            }
        }
        let files = self
            .points
            .iter()
            .map(|p| (format!("要点 `{}`", p.id), &p.file))
            .chain([
                ("开头".to_owned(), &self.speech.opening),
                ("结尾".to_owned(), &self.speech.closing),
            ]);
        for (what, file) in files {
            if !self.files.contains_key(file.as_str()) {
                return Err(self
                    .invalid(format!("{what}所用的文件 `{file}` 不存在"))
                    .into());
            }
        }
        Ok(())
    }
}

/// A pack problem under construction (message plus hints).
struct PackError(Diagnostic);

impl PackError {
    fn map_hint(self, hint: impl Into<String>) -> Error {
        Error::Pack(Box::new(self.0.hint(hint)))
    }
}

impl From<PackError> for Error {
    fn from(e: PackError) -> Self {
        Error::Pack(Box::new(e.0))
    }
}

/// Where a pack listed by [`Catalog::list`] comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackEntry {
    pub name: String,
    pub builtin: bool,
    /// User folders that hold files of this pack, in override order.
    pub dirs: Vec<PathBuf>,
}

/// The packs available: built-ins, then user folders in order (later wins).
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    dirs: Vec<PathBuf>,
}

impl Catalog {
    /// `dirs` are folders of packs, lowest precedence first.
    pub fn new(dirs: Vec<PathBuf>) -> Result<Self> {
        for dir in &dirs {
            if !dir.is_dir() {
                return Err(Error::Pack(Box::new(
                    Diagnostic::new(format!("模板目录不存在或不是文件夹：{}", dir.display()))
                        .hint("--templates 和 JIANGHUA_TEMPLATES 指向的是存放模板包的文件夹，每个模板包是其中的一个子文件夹"),
                )));
            }
        }
        Ok(Self { dirs })
    }

    /// Every pack name with where its files come from, sorted by name.
    pub fn list(&self) -> Result<Vec<PackEntry>> {
        let mut map: BTreeMap<String, PackEntry> = BTreeMap::new();
        for name in builtin::names().into_iter().filter(|n| !n.starts_with('_')) {
            map.insert(
                name.to_owned(),
                PackEntry {
                    name: name.to_owned(),
                    builtin: true,
                    dirs: Vec::new(),
                },
            );
        }
        for dir in &self.dirs {
            let entries = std::fs::read_dir(dir).map_err(|source| Error::Read {
                path: dir.clone(),
                source,
            })?;
            let mut names: Vec<(String, PathBuf)> = entries
                .flatten()
                .filter(|e| e.path().is_dir())
                .filter_map(|e| Some((e.file_name().into_string().ok()?, e.path())))
                .filter(|(n, _)| !n.starts_with('.') && !n.starts_with('_'))
                .collect();
            names.sort();
            for (name, path) in names {
                let builtin = map.get(&name).is_some_and(|e| e.builtin);
                if !builtin && !path.join("pack.toml").is_file() && !map.contains_key(&name) {
                    continue; // not a pack: no pack.toml and nothing to override
                }
                map.entry(name.clone())
                    .or_insert(PackEntry {
                        name,
                        builtin: false,
                        dirs: Vec::new(),
                    })
                    .dirs
                    .push(dir.clone());
            }
        }
        Ok(map.into_values().collect())
    }

    /// Loads a pack by name, merging built-in files with user overrides.
    pub fn load(&self, name: &str) -> Result<Pack> {
        let mut files = builtin_files(name);
        let valid_name =
            !name.is_empty() && !name.contains(['/', '\\']) && name != "." && name != "..";
        if valid_name {
            for dir in &self.dirs {
                let root = dir.join(name);
                if root.is_dir() {
                    read_pack_dir(&root, &root, &mut files)?;
                }
            }
        }
        if files.is_empty() || name.starts_with('_') {
            let available: Vec<String> = self.list()?.into_iter().map(|e| e.name).collect();
            let suggestion = crate::suggest::nearest(name, available.iter().map(String::as_str));
            return Err(Error::PackNotFound {
                name: name.to_owned(),
                suggestion,
                available,
            });
        }
        add_shared(&mut files, &self.dirs)?;
        Pack::from_files(name, files)
    }
}

/// The files of built-in folder `name` (a pack, or `_shared`), by path.
fn builtin_files(name: &str) -> BTreeMap<String, PackFile> {
    builtin::files(name)
        .map(|(rel, text)| {
            let file = PackFile {
                rel: rel.to_owned(),
                text: text.to_owned(),
                origin: FileOrigin::Builtin,
            };
            (rel.to_owned(), file)
        })
        .collect()
}

/// Adds the partials every pack may use (`{{> shared/byline}}` and the
/// like) from the `_shared` folder: built in, overridden file by file by
/// each of `dirs`' own `_shared`; a pack's own `shared/` files win.
fn add_shared(files: &mut BTreeMap<String, PackFile>, dirs: &[PathBuf]) -> Result<()> {
    let mut shared = builtin_files(SHARED);
    for dir in dirs {
        let root = dir.join(SHARED);
        if root.is_dir() {
            read_pack_dir(&root, &root, &mut shared)?;
        }
    }
    for (rel, mut file) in shared.into_iter().filter(|(rel, _)| rel.ends_with(".hbs")) {
        let key = format!("shared/{rel}");
        file.rel = key.clone();
        files.entry(key).or_insert(file);
    }
    Ok(())
}

/// serde's messages about pack.toml (English) in Chinese: an unknown or
/// missing field, a wrong type, a value not among the choices.
fn serde_message_zh(message: &str) -> String {
    let quoted =
        |s: &str| -> Vec<String> { s.split('`').skip(1).step_by(2).map(str::to_owned).collect() };
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let names = quoted(rest);
        if let Some((field, allowed)) = names.split_first() {
            let hint = crate::suggest::nearest(field, allowed.iter().map(String::as_str))
                .map(|n| format!("；是不是 `{n}`？"))
                .unwrap_or_default();
            return format!(
                "未知的字段 `{field}`{hint}（可用的字段：{}）",
                allowed.join("、")
            );
        }
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let names = quoted(rest);
        if let Some((value, allowed)) = names.split_first() {
            return format!("`{value}` 不是可选的值（可选：{}）", allowed.join("、"));
        }
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        return format!("缺少字段 {rest}");
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let zh = |t: &str| {
            [
                ("string", "字符串"),
                ("integer", "整数"),
                ("float", "小数"),
                ("boolean", "true 或 false"),
                ("sequence", "列表"),
                ("map", "表"),
                ("struct", "表"),
            ]
            .iter()
            .find(|(en, _)| t.contains(en))
            .map_or("别的类型", |(_, zh)| *zh)
        };
        return format!("类型不对：应为{}，实际是{}", zh(expected), zh(found));
    }
    let (what, expected) = message.split_once(", expected ").unwrap_or((message, ""));
    crate::profile::toml_message_zh(what, expected)
}

/// Where each variable is by name (loading refuses a name given twice).
fn index_names(variables: &[Variable]) -> foldhash::HashMap<String, usize> {
    variables
        .iter()
        .enumerate()
        .map(|(i, v)| (v.name.clone(), i))
        .collect()
}

/// Every proper dotted prefix of every variable's name.
fn index_tables(variables: &[Variable]) -> foldhash::HashSet<String> {
    variables
        .iter()
        .flat_map(|v| {
            v.name
                .match_indices('.')
                .map(|(dot, _)| v.name[..dot].to_owned())
        })
        .collect()
}

impl Pack {
    /// Loads the pack in one folder (its name is the folder's name).
    pub fn from_dir(dir: &Path) -> Result<Self> {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut files = BTreeMap::new();
        if !dir.is_dir() {
            return Err(Error::Read {
                path: dir.to_owned(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "不是文件夹"),
            });
        }
        read_pack_dir(dir, dir, &mut files)?;
        // A pack folder inside a templates folder (`templates/kaimu`) sees
        // that folder's `_shared`, as the catalog gives it.
        let parent: Vec<PathBuf> = dir.parent().map(Path::to_path_buf).into_iter().collect();
        add_shared(&mut files, &parent)?;
        Self::from_files(&name, files)
    }
}

/// Reads `pack.toml` and `*.hbs` files below `root`, keyed by relative path.
fn read_pack_dir(root: &Path, dir: &Path, files: &mut BTreeMap<String, PackFile>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Read {
        path: dir.to_owned(),
        source,
    })?;
    // The entry's own type: a link is not followed to see what it is.
    let mut paths: Vec<(PathBuf, Option<std::fs::FileType>)> = entries
        .flatten()
        .map(|e| (e.path(), e.file_type().ok()))
        .collect();
    paths.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, kind) in paths {
        let Some(file_name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if file_name.starts_with('.') {
            continue;
        }
        let link = kind.is_some_and(|k| k.is_symlink());
        if link && path.is_dir() {
            continue; // folder links are not followed
        }
        if kind.is_some_and(|k| k.is_dir()) {
            read_pack_dir(root, &path, files)?;
            continue;
        }
        if link && (file_name.ends_with(".hbs") || file_name == "pack.toml") {
            // A file link may point inside the pack (one text under two
            // names), never out of it: a template would paste that file into
            // a speech.
            let inside = match (std::fs::canonicalize(&path), std::fs::canonicalize(root)) {
                (Ok(target), Ok(root)) => target.starts_with(root),
                _ => false,
            };
            if !inside {
                let target = std::fs::read_link(&path)
                    .map(|t| t.display().to_string())
                    .unwrap_or_default();
                return Err(Error::Pack(Box::new(
                    Diagnostic::new(format!(
                        "模板包里的 `{}` 是指向包外的链接（{target}），不会读取",
                        path.display()
                    ))
                    .hint("模板包只读自己文件夹里的文件；把要用的内容复制进模板包"),
                )));
            }
        }
        if !(file_name.ends_with(".hbs") || (file_name == "pack.toml" && dir == root)) {
            continue;
        }
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let source = Source::read(&path)?;
        files.insert(
            rel.clone(),
            PackFile {
                rel,
                text: source.text,
                origin: FileOrigin::Path(path),
            },
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index answers what a scan of the variables would, for every
    /// variable, every table prefix and a few names that are neither.
    #[test]
    fn index_agrees_with_a_scan() {
        let catalog = Catalog::new(Vec::new()).unwrap();
        for entry in catalog.list().unwrap() {
            let pack = catalog.load(&entry.name).unwrap();
            let vars = pack.variables();
            let scan_table = |name: &str| {
                vars.iter().any(|v| {
                    v.name
                        .strip_prefix(name)
                        .is_some_and(|rest| rest.starts_with('.'))
                })
            };
            let mut probes: Vec<String> = vec!["".into(), "unit.".into(), "nosuch".into()];
            for v in vars {
                probes.push(v.name.clone());
                probes.push(format!("{}.x", v.name));
                probes.extend(
                    v.name
                        .match_indices('.')
                        .map(|(i, _)| v.name[..i].to_owned()),
                );
                probes.push(v.name[..v.name.len() - 1].to_owned());
            }
            for name in &probes {
                let scanned = vars.iter().find(|v| v.name == *name);
                assert_eq!(
                    pack.variable(name).map(|v| &v.name),
                    scanned.map(|v| &v.name),
                    "{}: variable {name}",
                    pack.name
                );
                assert_eq!(
                    pack.is_table(name),
                    scan_table(name),
                    "{}: table {name}",
                    pack.name
                );
            }
            assert!(pack.is_table("unit"), "{}", pack.name);
        }
    }
}
