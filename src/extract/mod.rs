//! `extract`: an existing speech becomes a template pack and a profile stub.
//!
//! The structure is recognized (title, subtitle, speaker and date lines,
//! salutation, opening, numbered points with their sub-headings, closing), the
//! heading numbers and the announced point count are left to the engine, and
//! every mask (`**街道`, `*个月`, `X年X月X日`…) — or, with a filled profile,
//! every occurrence of one of its values — becomes a variable. Text that fits
//! nowhere is kept as literal text and reported, never dropped.

use std::collections::BTreeMap;
use std::fmt::Write as _;

mod edits;

use crate::check::counts::heading_marker;
use crate::pack::VarType;
use crate::value::{Kind, Table};
use crate::zh::NumberingStyle;
use edits::paragraph;

/// A variable the extraction created.
#[derive(Debug, Clone, PartialEq)]
pub struct Var {
    pub name: String,
    pub ty: VarType,
    pub description: String,
    /// A value that reads right (青山街道, 6), for the stub the user fills.
    pub example: toml::Value,
    /// The text as it stood in the speech (**街道), for the round trip.
    pub original: toml::Value,
}

/// What the extraction found, for the report and the tests.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub title: Option<String>,
    pub subtitle: bool,
    pub byline: bool,
    pub date_line: bool,
    pub salutation: Option<String>,
    pub opening: usize,
    pub points: Vec<String>,
    pub numbering: Option<NumberingStyle>,
    pub closing: usize,
    pub enumerations: usize,
    /// Whether the announced count (讲三点意见) became engine-counted.
    pub counted_transition: bool,
    pub variables: Vec<Var>,
    /// Each replacement of a profile value found in the text: key and the
    /// words around it (`campaign.months ← 为期6个月`).
    pub replacements: Vec<String>,
    /// Real names the text also masks, made the masked name's variable.
    pub unmasked: Vec<(String, String)>,
    /// ASCII punctuation made full-width, traditional characters simplified.
    pub punctuation_fixed: usize,
    pub traditional_fixed: usize,
    /// Control characters left out (a form feed pasted from a PDF).
    pub control_dropped: usize,
    /// Lines of the web page rather than the speech (addresses, sources).
    pub dropped: Vec<String>,
    /// Notes on what could not be placed (kept as literal text).
    pub notes: Vec<String>,
}

/// A pack ready to be written: files by path inside the pack, and the profile.
#[derive(Debug, Clone)]
pub struct Extracted {
    pub files: Vec<(String, String)>,
    /// The stub: every variable with a value that reads right.
    pub profile: String,
    /// A profile with the speech's own text for every variable: rendering
    /// it gives `text` back (the round trip).
    pub round_trip: String,
    /// The speech as the templates hold it: page lines left out,
    /// punctuation and characters made standard.
    pub text: String,
    pub report: Report,
}

/// Values of a filled profile, by dotted name, longest text first.
#[derive(Debug, Clone, Default)]
pub struct KnownValues {
    entries: Vec<(String, Known)>,
}

#[derive(Debug, Clone)]
enum Known {
    Text(String),
    Int(i64),
    Date(chrono::NaiveDate),
}

impl KnownValues {
    /// Flattens a profile's table: every text, integer and date value.
    pub fn from_table(table: &Table) -> Self {
        let mut entries = Vec::new();
        flatten(table, "", &mut entries);
        entries.sort_by_key(|(_, k)| {
            std::cmp::Reverse(match k {
                Known::Text(s) => s.chars().count(),
                _ => 0,
            })
        });
        Self { entries }
    }
}

fn flatten(table: &Table, prefix: &str, out: &mut Vec<(String, Known)>) {
    for (key, entry) in &table.entries {
        if prefix.is_empty() && crate::pack::RESERVED_KEYS.contains(&key.as_str()) {
            continue;
        }
        let name = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match &entry.node.kind {
            Kind::Str(s) if s.chars().count() >= 2 => out.push((name, Known::Text(s.clone()))),
            Kind::Int(n) => out.push((name, Known::Int(*n))),
            Kind::Date(d) => out.push((name, Known::Date(*d))),
            Kind::Table(t) => flatten(t, &name, out),
            _ => {}
        }
    }
}

/// A replacement of characters `start..end` by template text.
struct Edit {
    start: usize,
    end: usize,
    with: String,
}

#[derive(Default)]
struct Vars {
    list: Vec<Var>,
    by_key: BTreeMap<String, String>,
    /// How many variables each base name has, so that a new one is named
    /// without looking through the others (a speech may have thousands).
    bases: std::collections::HashMap<String, usize>,
    /// Set while the byline is read: a masked name there is the speaker's.
    in_byline: bool,
    /// Set while the date line is read: its date is the meeting's.
    in_date_line: bool,
    /// The kinds of name the speech masks somewhere (街道 in `**街道`).
    masked_kinds: Vec<&'static str>,
}

impl Vars {
    /// The variable for `key`, creating it (with a unique name) the first time.
    fn get(
        &mut self,
        key: &str,
        base: &str,
        ty: VarType,
        description: String,
        example: toml::Value,
    ) -> String {
        self.get_with(key, base, ty, description, example.clone(), example)
    }

    /// [`Vars::get`] where the text in the speech (`original`) differs from
    /// the example a user should see.
    fn get_with(
        &mut self,
        key: &str,
        base: &str,
        ty: VarType,
        description: String,
        example: toml::Value,
        original: toml::Value,
    ) -> String {
        if let Some(name) = self.by_key.get(key) {
            return name.clone();
        }
        // A variable named like a helper ({{count}}) could not be read.
        let first = base.split('.').next().unwrap_or(base);
        let base = if crate::render::dialect::is_helper(first) {
            format!("{base}_value")
        } else {
            base.to_owned()
        };
        let n = self.bases.entry(base.clone()).or_insert(0);
        *n += 1;
        let name = if *n == 1 { base } else { format!("{base}_{n}") };
        self.list.push(Var {
            name: name.clone(),
            ty,
            description,
            example,
            original,
        });
        self.by_key.insert(key.to_owned(), name.clone());
        name
    }
}

/// Literal text for a handlebars template. Every `{` and `\\` comes out of a
/// helper, so no combination of them with each other or with the variables
/// around them can form a tag or an escape (fuzzing found `\\{{` and `{` + `{{x}}`).
fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '{' => out.push_str("{{pick \"{\"}}"),
            '\\' => out.push_str("{{pick \"\\\\\"}}"),
            c => out.push(c),
        }
    }
    out
}

/// Lines a web page adds around a speech: its address, source, editor,
/// view count, print links. They are not the title, nor any part.
fn is_page_furniture(p: &str) -> bool {
    const STARTS: [&str; 18] = [
        "http://",
        "https://",
        "www.",
        "来源：",
        "来源:",
        "发布时间",
        "发布日期",
        "作者：",
        "作者:",
        "编辑：",
        "责任编辑",
        "浏览次数",
        "点击数",
        "阅读数",
        "【字体",
        "字号：",
        "打印本页",
        "关闭窗口",
    ];
    let p = p.trim();
    STARTS.iter().any(|s| p.starts_with(s))
        || p.starts_with('#')
        || p.starts_with("//")
        || (p.contains("://") && !p.contains('。'))
}

/// A paragraph as clean 公文: ASCII punctuation beside Chinese made
/// full-width (，；：？！（）。), traditional characters simplified.
fn clean(p: &str, report: &mut Report) -> String {
    let chars: Vec<char> = p.chars().collect();
    let cjk = |c: Option<&char>| c.is_some_and(|c| crate::zh::text::is_cjk(*c));
    let mut out = String::with_capacity(p.len());
    for (i, &c) in chars.iter().enumerate() {
        let (before, after) = (
            i.checked_sub(1).and_then(|k| chars.get(k)),
            chars.get(i + 1),
        );
        let beside = cjk(before) || cjk(after);
        let wide = match c {
            ',' if beside => Some('，'),
            ';' if beside => Some('；'),
            ':' if beside => Some('：'),
            '?' if beside => Some('？'),
            '!' if beside => Some('！'),
            '(' if beside => Some('（'),
            ')' if beside => Some('）'),
            // A period after Chinese, not a decimal point.
            '.' if cjk(before) && !after.is_some_and(char::is_ascii_digit) => Some('。'),
            _ => None,
        };
        if crate::writer::unwritable(c.encode_utf8(&mut [0; 4])).is_some() {
            // A control character (a form feed from a PDF) is never part of
            // the speech, and a template may not hold one.
            report.control_dropped += 1;
        } else if let Some(w) = wide {
            report.punctuation_fixed += 1;
            out.push(w);
        } else if let Some(simple) = crate::zh::text::simplified_of(c) {
            report.traditional_fixed += 1;
            out.push(simple);
        } else {
            out.push(c);
        }
    }
    out
}

fn is_salutation(p: &str) -> bool {
    (p.ends_with('：') || p.ends_with(':')) && p.chars().count() <= 24 && !p.contains('。')
}

fn is_date_line(p: &str) -> bool {
    let wrapped =
        (p.starts_with('（') || p.starts_with('(')) && (p.ends_with('）') || p.ends_with(')'));
    wrapped && (p.contains('年') || p.contains('日'))
}

/// Extracts a pack from a speech's paragraphs.
pub fn extract(
    name: &str,
    source: &str,
    paragraphs: &[String],
    known: Option<&KnownValues>,
) -> Extracted {
    let mut report = Report::default();
    let mut paras: Vec<String> = Vec::new();
    for p in paragraphs
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
    {
        if is_page_furniture(p) {
            report.dropped.push(p.to_owned());
        } else {
            paras.push(clean(p, &mut report));
        }
    }
    let mut vars = Vars::default();
    for p in &paras {
        for kind in crate::check::names::masked_kinds(&p.chars().collect::<Vec<_>>()) {
            if !vars.masked_kinds.contains(&kind) {
                vars.masked_kinds.push(kind);
            }
        }
    }
    let vars = std::cell::RefCell::new(vars);
    let tpl = |text: &str, report: &mut Report| {
        let chars: Vec<char> = text.chars().collect();
        paragraph(&chars, known, &mut vars.borrow_mut(), report)
    };

    // The head: title, subtitle, byline and date line, up to the salutation.
    let salutation_at = paras.iter().take(8).position(|p| is_salutation(p));
    let head_end = salutation_at.unwrap_or_else(|| {
        paras
            .iter()
            .take(4)
            .position(|p| {
                p.contains('。') || heading_marker(&p.chars().collect::<Vec<_>>()).is_some()
            })
            .unwrap_or(0)
    });
    let (mut title, mut subtitle, mut byline, mut date_line) = (None, None, None, None);
    for (i, p) in paras[..head_end].iter().enumerate() {
        if i == 0 {
            title = Some(tpl(p, &mut report));
            report.title = Some(p.clone());
        } else if p.starts_with('—') {
            subtitle = Some(tpl(p, &mut report));
        } else if is_date_line(p) {
            vars.borrow_mut().in_date_line = true;
            date_line = Some(tpl(p, &mut report));
            vars.borrow_mut().in_date_line = false;
        } else if byline.is_none() {
            vars.borrow_mut().in_byline = true;
            byline = Some(tpl(p, &mut report));
            vars.borrow_mut().in_byline = false;
        } else {
            report
                .notes
                .push(format!("标题下的“{p}”无法归类，已并入讲话人一行"));
            byline = byline.map(|b| format!("{b}　{}", tpl(p, &mut report)));
        }
    }
    report.subtitle = subtitle.is_some();
    report.byline = byline.is_some();
    report.date_line = date_line.is_some();
    let salutation = salutation_at.map(|i| paras[i].clone());
    report.salutation = salutation.clone();
    let body_start = salutation_at.map_or(head_end, |i| i + 1);
    let body = &paras[body_start.min(paras.len())..];

    // Points: level-1 headings and what follows each.
    let markers: Vec<Option<(u8, bool, usize)>> = body
        .iter()
        .map(|p| heading_marker(&p.chars().collect::<Vec<_>>()))
        .collect();
    let heads: Vec<usize> = markers
        .iter()
        .enumerate()
        .filter(|(_, m)| m.is_some_and(|m| m.0 == 1))
        .map(|(i, _)| i)
        .collect();
    let closing_at = body
        .iter()
        .enumerate()
        .rev()
        .find(|(i, p)| {
            (p.starts_with("同志们") || p.starts_with("同誌們"))
                && heads.last().is_none_or(|h| i > h)
                && *i > 0
        })
        .map_or(body.len(), |(i, _)| i);
    let opening_end = heads.first().copied().unwrap_or(closing_at).min(closing_at);
    report.numbering = heads.first().and_then(|&h| markers[h]).map(|m| {
        if m.1 {
            NumberingStyle::Gongwen
        } else {
            NumberingStyle::Di
        }
    });

    let mut files: Vec<(String, String)> = Vec::new();
    let point_count = heads.len();
    let mut opening: Vec<String> = body[..opening_end]
        .iter()
        .map(|p| tpl(p, &mut report))
        .collect();
    // 下面，我讲三点意见。 — the count comes from the points.
    for para in opening.iter_mut().rev() {
        if let Some(done) = counted(para, point_count) {
            *para = done;
            report.counted_transition = true;
            break;
        }
    }
    if !report.counted_transition && point_count > 0 && opening.iter().any(|p| p.contains("点意见"))
    {
        report.notes.push(format!(
            "开头说的“讲N点意见”与要点个数（{point_count}）不符，保留原文；请核对"
        ));
    }
    report.opening = opening.len();
    push_section(&mut files, "opening", &opening);
    let mut points_toml = String::new();
    for (k, &h) in heads.iter().enumerate() {
        let end = heads
            .get(k + 1)
            .copied()
            .unwrap_or(closing_at)
            .min(closing_at);
        let (_, _, len) = markers[h].unwrap_or((1, false, 0));
        let after_label: String = body[h].chars().skip(len).collect();
        // 第一，提高认识。正文…… — a heading sentence may open the point's first paragraph.
        let (heading_raw, rest) = match after_label.find('。') {
            Some(i) if i + '。'.len_utf8() < after_label.len() => (
                after_label[..i].to_owned(),
                Some(after_label[i + '。'.len_utf8()..].trim().to_owned()),
            ),
            _ => (after_label.trim_end_matches(['。', '.']).to_owned(), None),
        };
        report.points.push(heading_raw.clone());
        let heading = tpl(&heading_raw, &mut report);
        let mut lines = Vec::new();
        if let Some(rest) = rest.filter(|r| !r.is_empty()) {
            lines.push(tpl(&rest, &mut report));
        }
        for (i, p) in body[h + 1..end].iter().enumerate() {
            match markers[h + 1 + i] {
                Some((level @ 2..=3, _, len)) => {
                    let text: String = p.chars().skip(len).collect();
                    lines.push(format!(
                        "{} {}",
                        "#".repeat(usize::from(level)),
                        tpl(&text, &mut report)
                    ));
                }
                _ => lines.push(tpl(p, &mut report)),
            }
        }
        let file = format!("point{}.hbs", k + 1);
        push_section(&mut files, &format!("point{}", k + 1), &lines);
        let _ = write!(
            points_toml,
            "\n[[points]]\nid = \"point{}\"\nheading = {}\nfile = \"{file}\"\n",
            k + 1,
            toml_str(&heading)
        );
    }
    let closing: Vec<String> = body[closing_at..]
        .iter()
        .map(|p| tpl(p, &mut report))
        .collect();
    report.closing = closing.len();
    push_section(&mut files, "closing", &closing);
    if heads.is_empty() {
        report
            .notes
            .push("没有找到编号的要点（第一，/一、），正文放在开头部分".to_owned());
    }
    if title.is_none() {
        report.notes.push("没有找到标题".to_owned());
    }
    let vars = vars.into_inner();
    report.variables = vars.list.clone();

    let numbering = report.numbering.unwrap_or(NumberingStyle::Di);
    let mut pack = String::new();
    let _ = writeln!(
        pack,
        "# 由 jianghua extract 从 {source} 生成；请检查变量的名称、说明和示例值"
    );
    let _ = writeln!(pack, "name = {}", toml_str(name));
    let _ = writeln!(
        pack,
        "title = {}",
        toml_str(report.title.as_deref().unwrap_or(name))
    );
    let _ = writeln!(
        pack,
        "description = {}",
        toml_str(&format!("从 {source} 提取的模板包"))
    );
    let _ = writeln!(pack, "numbering = \"{numbering}\"");
    let _ = writeln!(
        pack,
        "salutation = {}",
        // The salutation is a template too ({{register.salutation}}).
        toml_str(&literal(salutation.as_deref().unwrap_or("")))
    );
    let _ = writeln!(
        pack,
        "\n[speech]\ntitle = {}",
        toml_str(title.as_deref().unwrap_or(""))
    );
    for (key, value) in [
        ("subtitle", &subtitle),
        ("byline", &byline),
        ("date_line", &date_line),
    ] {
        if let Some(v) = value {
            let _ = writeln!(pack, "{key} = {}", toml_str(v));
        }
    }
    let _ = writeln!(pack, "opening = \"opening.hbs\"\nclosing = \"closing.hbs\"");
    pack.push_str(&points_toml);
    let mut profile_table = toml::Table::new();
    profile_table.insert("template".into(), toml::Value::String(name.to_owned()));
    let mut round_trip_table = profile_table.clone();
    for var in &vars.list {
        insert_dotted(&mut round_trip_table, &var.name, var.original.clone());
        let _ = write!(
            pack,
            "\n[[variables]]\nname = {}\ntype = \"{}\"\nrequired = true\ndescription = {}\nexample = {}\n",
            toml_str(&var.name),
            var.ty.name(),
            toml_str(&var.description),
            var.example
        );
        insert_dotted(&mut profile_table, &var.name, var.example.clone());
    }
    files.insert(0, ("pack.toml".to_owned(), pack));
    let profile = format!(
        "# 由 jianghua extract 生成的配置文件：把示例值改成实际内容后运行\n# jianghua generate 本文件 --templates 模板目录\n{}",
        toml::to_string(&profile_table).unwrap_or_default()
    );
    Extracted {
        files,
        profile,
        round_trip: toml::to_string(&round_trip_table).unwrap_or_default(),
        text: paras.join("\n"),
        report,
    }
}

fn insert_dotted(table: &mut toml::Table, name: &str, value: toml::Value) {
    match name.split_once('.') {
        None => {
            table.insert(name.to_owned(), value);
        }
        Some((head, rest)) => {
            let child = table
                .entry(head.to_owned())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            if let toml::Value::Table(t) = child {
                insert_dotted(t, rest, value);
            }
        }
    }
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// Adds the file of one part of the speech. A part longer than a few pages
/// is kept in pieces (`point3/1.hbs`, `point3/2.hbs`) that its file includes
/// in order: handlebars' parser works out each tag's line from the start of
/// its file, so one huge file would take time growing with its square to load.
fn push_section(files: &mut Vec<(String, String)>, stem: &str, paragraphs: &[String]) {
    const PIECE: usize = 8 * 1024;
    let text = section(paragraphs);
    if text.len() <= PIECE {
        files.push((format!("{stem}.hbs"), text));
        return;
    }
    let mut pieces: Vec<Vec<String>> = vec![Vec::new()];
    let mut size = 0;
    for p in paragraphs {
        if size + p.len() > PIECE && !pieces.last().is_none_or(Vec::is_empty) {
            pieces.push(Vec::new());
            size = 0;
        }
        size += p.len() + 2;
        if let Some(last) = pieces.last_mut() {
            last.push(p.clone());
        }
    }
    let mut includes = Vec::new();
    for (k, piece) in pieces.iter().enumerate() {
        let rel = format!("{stem}/{}", k + 1);
        includes.push(format!("{{{{> {rel}}}}}"));
        files.push((format!("{rel}.hbs"), section(piece)));
    }
    files.push((format!("{stem}.hbs"), section(&includes)));
}

fn section(paragraphs: &[String]) -> String {
    let mut s = paragraphs.join("\n\n");
    s.push('\n');
    s
}

/// `讲三点意见` with three points → `讲{{count speech.point_count "点意见"}}`.
fn counted(para: &str, points: usize) -> Option<String> {
    if points == 0 {
        return None;
    }
    for unit in ["点意见", "点要求", "点建议", "点看法", "点体会", "个方面"] {
        let Some(at) = para.find(unit) else { continue };
        let before = &para[..at];
        let digits: String = before
            .chars()
            .rev()
            .take_while(|c| crate::zh::text::is_cn_digit(*c))
            .collect();
        let spoken: String = digits.chars().rev().collect();
        if spoken.is_empty() || crate::zh::parse_numeral(&spoken) != Some(points as u64) {
            continue;
        }
        let start = at - spoken.len();
        return Some(format!(
            "{}{{{{count speech.point_count \"{unit}\"}}}}{}",
            &para[..start],
            &para[at + unit.len()..]
        ));
    }
    None
}

/// Text made comparable for the round trip: no white space, ASCII punctuation
/// for its full-width forms, and every run of digits or mask characters as `#`
/// (a mask comes back as the stub's example number).
pub fn normalize(text: &str) -> String {
    let mut out = String::new();
    let mut in_run = false;
    for c in text.chars().filter(|c| !crate::zh::text::is_space(*c)) {
        let c = crate::zh::text::simplified_of(c).unwrap_or(c);
        let c = match c {
            '，' => ',',
            '。' => '.',
            '；' => ';',
            '：' => ':',
            '？' => '?',
            '！' => '!',
            '（' => '(',
            '）' => ')',
            c => c,
        };
        let run = c.is_ascii_digit()
            || matches!(
                c,
                '*' | '＊' | '×' | 'X' | 'x' | 'Ｘ' | 'ｘ' | '☆' | '★' | '□' | '_' | '＿'
            );
        if run {
            if !in_run {
                out.push('#');
            }
            in_run = true;
        } else {
            in_run = false;
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::{FileOrigin, Pack, PackFile};

    fn round_trip(text: &str) -> String {
        let paragraphs: Vec<String> = text.lines().map(str::to_owned).collect();
        let out = extract("t", "t.txt", &paragraphs, None);
        let files = out
            .files
            .iter()
            .map(|(rel, body)| {
                (
                    rel.clone(),
                    PackFile {
                        rel: rel.clone(),
                        text: body.clone(),
                        origin: FileOrigin::Builtin,
                    },
                )
            })
            .collect();
        let pack = Pack::from_files("t", files).unwrap();
        let engine = crate::Engine::new(&pack).unwrap();
        let doc = crate::ProfileDoc::from_source(
            crate::source::Source::new("t.toml", out.round_trip),
            None,
        )
        .unwrap();
        let speech = engine.render(&doc.validate(&pack).unwrap()).unwrap();
        String::from_utf8(crate::Format::Txt.write(&speech).unwrap()).unwrap()
    }

    #[test]
    fn brace_before_a_mask() {
        // Fuzzing found `道{__`: the `{` and the variable made `{{{blank}}`.
        assert!(round_trip("标题\n同志们：\n召开道{__会议。").contains("道{__会议"));
    }
    #[test]
    fn backslash_before_a_mask() {
        assert!(round_trip("标题\n同志们：\n召开\\**街道会议。").contains("\\**街道"));
    }
    #[test]
    fn braces_and_backslashes_in_any_order() {
        for text in [
            "{", "}", "{{}}", "\\{{x}}", "a}}b", "{}{}", "\\\\{{", "{{{", "}}}", "\\",
        ] {
            let speech = round_trip(&format!("标题\n同志们：\n甲{text}乙**街道丙"));
            assert!(
                speech.contains(&format!("甲{text}乙**街道丙")),
                "{text}: {speech}"
            );
        }
    }
    #[test]
    fn braces_in_the_salutation_stay_literal() {
        // Fuzzing found `{{志们：` taken as the salutation, which is a template.
        let speech = round_trip("标题\n{{同志们：\n召开**街道会议。");
        assert!(speech.contains("{{同志们："), "{speech}");
    }
    #[test]
    fn control_characters_are_left_out() {
        // Fuzzing found NUL bytes in a draft becoming a template that the
        // engine (rightly) refuses.
        let speech = round_trip("标题\n同志们：\n召开\u{0}\u{C}**街道会议。");
        assert!(speech.contains("召开**街道会议"), "{speech}");
    }
    #[test]
    fn literal_template_tags_stay_literal() {
        assert!(round_trip("标题\n同志们：\n文中写着{{unit.name}}。").contains("{{unit.name}}"));
    }
}
