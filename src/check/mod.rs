//! Checks: the defects humans miss in speech drafts. Unfilled masks, another
//! unit's name left in the text, announced counts that no longer match, gaps in
//! 一是/二是, forbidden terms, a length far from the target.
//!
//! Rules read a [`Document`]: paragraphs of text with where each came from, so
//! the same rules serve a freshly rendered [`Speech`] and a draft someone
//! edited by hand in Word.

pub(crate) mod counts;
pub(crate) mod masks;
pub mod names;
pub mod origin;
mod terms;

use std::borrow::Borrow;

use serde::Serialize;

use crate::speech::{Block, Speech};

/// How bad a finding is: errors fail `check` and stop `generate` from writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn zh(self) -> &'static str {
        match self {
            Self::Error => "错误",
            Self::Warning => "警告",
        }
    }
}

/// One defect found in a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// Stable code, e.g. `J101`; README lists them all.
    pub code: &'static str,
    pub message: String,
    pub hint: Option<String>,
    /// The offending text.
    pub text: String,
    pub file: String,
    /// The line in a text draft; `None` for a rendered speech.
    pub line: Option<usize>,
    /// The paragraph, counting from 1 (title lines included).
    pub paragraph: usize,
    /// Column of the offending text, in characters, from 1.
    pub column: usize,
    /// Characters the offending text covers.
    pub width: usize,
    /// The line or paragraph around the finding, for the caret display: a
    /// window of it, so that a finding costs the same in any paragraph.
    #[serde(skip)]
    pub context: String,
    /// The column (from 1) where `context` starts in the line; and whether
    /// the line goes on after it.
    #[serde(skip)]
    pub context_from: usize,
    #[serde(skip)]
    pub context_more: bool,
    /// How many more findings of its kind this one stands for, past a cap
    /// on how many are listed.
    #[serde(skip)]
    pub more: usize,
    /// Where the text came from, in a generated draft: the template line
    /// and the profile value ([`origin::attribute`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<origin::Origin>,
}

/// A paragraph of a draft.
#[derive(Debug, Clone)]
pub struct Para {
    pub text: String,
    /// The line of a text draft.
    pub line: Option<usize>,
    /// Characters before `text` on its line (indentation, `## `), so columns
    /// point into the line as the user sees it.
    pub offset: usize,
    /// The line as written, for the caret display; empty when it is `text`
    /// itself (a paragraph of a rendered speech or a Word file).
    pub line_text: String,
    /// The byte where each character of `text` starts, made at the first
    /// finding: findings in one paragraph cost no rescan from its start.
    bytes: std::sync::OnceLock<Vec<u32>>,
}

impl Para {
    /// A paragraph that is not a line of a text file.
    pub(crate) fn unnumbered(text: String) -> Self {
        Self {
            line: None,
            offset: 0,
            line_text: String::new(),
            text,
            bytes: std::sync::OnceLock::new(),
        }
    }

    /// The byte offset of character `k` of `text` (its length past the end).
    pub(crate) fn byte_of(&self, k: usize) -> usize {
        let bytes = self.bytes.get_or_init(|| {
            self.text
                .char_indices()
                .map(|(b, _)| b as u32)
                .chain(std::iter::once(self.text.len() as u32))
                .collect()
        });
        bytes.get(k).map_or(self.text.len(), |&b| b as usize)
    }
}

/// A draft as the rules see it.
#[derive(Debug, Clone)]
pub struct Document {
    pub name: String,
    pub paras: Vec<Para>,
    /// Markdown drafts use `*`/`_` for emphasis, which is not a mask.
    pub markdown: bool,
    /// Things to tell the user (a file decoded as GBK).
    pub notices: Vec<String>,
}

impl Document {
    /// A text or Markdown draft: every non-empty line is a paragraph (Word and
    /// web pages give one paragraph per line).
    pub fn from_text(name: impl Into<String>, text: &str, markdown: bool) -> Self {
        let mut paras = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line_text = raw.trim_end_matches('\r');
            let mut body = line_text.trim_start();
            if markdown {
                body = body
                    .trim_start_matches('#')
                    .trim_start_matches('>')
                    .trim_start();
                if let Some(rest) = body.strip_prefix('\\') {
                    body = rest;
                }
            }
            let body = body.trim_end();
            if body.is_empty() {
                continue;
            }
            // `body` is a slice of `line_text`; its start is how much was stripped.
            let start = body.as_ptr() as usize - line_text.as_ptr() as usize;
            let offset = line_text[..start].chars().count();
            paras.push(Para {
                text: body.to_owned(),
                line: Some(i + 1),
                offset,
                line_text: line_text.to_owned(),
                bytes: std::sync::OnceLock::new(),
            });
        }
        Self {
            name: name.into(),
            paras,
            markdown,
            notices: Vec::new(),
        }
    }

    /// Paragraphs without line numbers (a Word file); empty ones are skipped.
    pub fn from_paragraphs(name: impl Into<String>, paragraphs: Vec<String>) -> Self {
        let paras = paragraphs
            .into_iter()
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .map(Para::unnumbered)
            .collect();
        Self {
            name: name.into(),
            paras,
            markdown: false,
            notices: Vec::new(),
        }
    }

    /// A rendered speech: its title lines, salutation, headings and paragraphs.
    pub fn from_speech(name: impl Into<String>, speech: &Speech) -> Self {
        let texts = std::iter::once(speech.title.clone())
            .chain(speech.head_lines().cloned())
            .chain(speech.blocks.iter().map(Block::text));
        let paras = texts.into_iter().map(Para::unnumbered).collect();
        Self {
            name: name.into(),
            paras,
            markdown: false,
            notices: Vec::new(),
        }
    }

    /// A finding at characters `start..start + len` of paragraph `p`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn finding(
        &self,
        p: usize,
        start: usize,
        len: usize,
        severity: Severity,
        code: &'static str,
        message: String,
        hint: Option<String>,
    ) -> Finding {
        let f = self.paras[p].finding(start, len, severity, code, message, hint);
        self.place(f, p)
    }

    /// Puts a finding made by [`Para::finding`] in paragraph `p` of this draft.
    fn place(&self, mut f: Finding, p: usize) -> Finding {
        f.file.clone_from(&self.name);
        f.paragraph = p + 1;
        f
    }
}

impl Para {
    /// A finding at characters `start..start + len` of this paragraph, not
    /// yet placed in a draft ([`Document::place`]): what a rule finds in a
    /// paragraph on its own is the same in every draft that has it.
    pub(crate) fn finding(
        &self,
        start: usize,
        len: usize,
        severity: Severity,
        code: &'static str,
        message: String,
        hint: Option<String>,
    ) -> Finding {
        // Characters shown around a finding, and of the finding itself: a
        // finding holds a bounded window whatever the paragraph's length.
        const AROUND: usize = 60;
        const LONGEST: usize = 200;
        let cut = |from: usize, to: usize| &self.text[self.byte_of(from)..self.byte_of(to)];
        let shown = len.min(LONGEST);
        let mut text = cut(start, start + shown).to_owned();
        if shown < len {
            text.push('…');
        }
        let from = start.saturating_sub(AROUND);
        let to = start + shown + AROUND;
        let whole = self.byte_of(to) >= self.text.len();
        // The line as written (indentation, `## `) where the window reaches
        // its start; the paragraph's text otherwise.
        let (context, context_from) = if from == 0 && !self.line_text.is_empty() {
            let end = self
                .line_text
                .char_indices()
                .nth(self.offset)
                .map_or(self.line_text.len(), |(b, _)| b);
            let prefix = &self.line_text[..end];
            let mut c = prefix.to_owned();
            c.push_str(cut(0, to));
            if whole {
                c.push_str(&self.line_text[prefix.len() + self.text.len()..]);
            }
            (c, 1)
        } else {
            (cut(from, to).to_owned(), self.offset + from + 1)
        };
        Finding {
            severity,
            code,
            message,
            hint,
            text,
            file: String::new(),
            line: self.line,
            paragraph: 0,
            column: self.offset + start + 1,
            width: len.max(1),
            context,
            context_from,
            context_more: !whole,
            more: 0,
            origin: None,
        }
    }
}

/// A target length from the profile's `[target]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    Minutes(f64),
    Chars(usize),
}

impl Target {
    /// Whether this target asks for a speech shorter than a pack's usual
    /// length (from, to), or longer: (short, long). Minutes count at the
    /// default rate. The templates choose their form by it, and the length
    /// check's hint says what they chose.
    pub fn form(self, usual: Option<[usize; 2]>) -> (bool, bool) {
        let Some([from, to]) = usual else {
            return (false, false);
        };
        let chars = match self {
            Self::Chars(c) => c as f64,
            Self::Minutes(m) => m * f64::from(DEFAULT_RATE),
        };
        (chars < from as f64, chars > to as f64)
    }
}

/// What the rules need besides the text.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Names the profile declares (values and `aliases`); with none, the
    /// foreign-name rule falls back to comparing the text with itself.
    pub known_names: Option<Vec<String>>,
    /// Words that must not appear.
    pub forbid: Vec<String>,
    /// Replacements to suggest: (old, new).
    pub prefer: Vec<(String, String)>,
    pub target: Option<Target>,
    /// Speaking rate in characters per minute.
    pub rate: u32,
    /// Words of another register than the speech's: (word, what to say
    /// instead), from the profile's `[register]`.
    pub avoid: Vec<(String, String)>,
    /// The kind of unit the register is for, for messages.
    pub register: &'static str,
    /// The usual length of the pack's speeches (characters, from and to),
    /// which the length check names when the target lies outside it.
    pub usual: Option<[usize; 2]>,
}

/// The speaking rate assumed when none is given: a measured pace for a speech
/// read from a script.
pub const DEFAULT_RATE: u32 = 200;

/// What the rules find in one paragraph on its own, before they look at the
/// draft as a whole (numbering across paragraphs, names against the profile).
/// It depends only on the paragraph and on whether the draft is Markdown, so a
/// batch works it out once for a paragraph many speeches share.
#[derive(Debug, Clone)]
pub struct Scan {
    masks: Vec<Finding>,
    names: Vec<names::Name>,
    masked_kinds: Vec<&'static str>,
    counts: counts::Scan,
    terms: Vec<Finding>,
    spoken: usize,
    /// No character that could start a mask or tag: what the rules find in
    /// such a paragraph does not depend on the text around it but at its
    /// start (see [`Scan::join`]).
    plain: bool,
}

impl Scan {
    /// The scan of `para`, given as its characters too (`chars_of(&para.text)`).
    pub fn new(para: &Para, chars: &[char], markdown: bool) -> Self {
        let (masks, mask_start) = masks::scan(para, chars, markdown);
        Self {
            masks,
            names: names::find_names(chars),
            // A kind is only told after a mask, and every mask starts with
            // one of the characters `masks::scan` looks for.
            masked_kinds: if mask_start {
                names::masked_kinds(chars)
            } else {
                Vec::new()
            },
            counts: counts::scan(chars),
            terms: terms::scan(para, chars),
            spoken: crate::zh::text::spoken_of(chars),
            plain: !mask_start,
        }
    }

    /// The scan of a paragraph cut after each 。, from its sentences' scans
    /// (each with the character where it starts): the same as
    /// [`Scan::new`] of the whole paragraph. A batch keeps sentences that
    /// many speeches share, where the paragraph around them names the unit.
    ///
    /// The rules look past a 。 only from a mask or tag (`{{`, `【`) and in
    /// their paragraph-wide findings (J601, J602); so `None` where a sentence
    /// could hold a mask or has such a finding, and the whole paragraph is to
    /// be scanned. Headings are told at the paragraph's start only.
    pub fn join(parts: &[(&Scan, usize)]) -> Option<Scan> {
        if parts.iter().any(|(s, _)| !s.plain || !s.terms.is_empty()) {
            return None;
        }
        let mut names = Vec::new();
        let mut spoken = 0;
        for &(scan, at) in parts {
            names.extend(scan.names.iter().map(|n| names::Name {
                start: n.start + at,
                end: n.end + at,
                ..n.clone()
            }));
            spoken += scan.spoken;
        }
        Some(Scan {
            masks: Vec::new(),
            names,
            masked_kinds: Vec::new(),
            counts: counts::Scan::join(parts.iter().map(|&(s, at)| (&s.counts, at))),
            terms: Vec::new(),
            spoken,
            plain: true,
        })
    }

    /// Spoken characters ([`spoken_chars`]) of the paragraph.
    pub fn spoken(&self) -> usize {
        self.spoken
    }
}

/// Checks a speech rendered from `validated` with `pack`: every rule with
/// the profile's names, terms and target, and each finding told where its
/// text came from (template line, profile value).
pub fn check_draft(
    name: &str,
    speech: &Speech,
    validated: &crate::Validated,
    pack: &crate::Pack,
    rate: u32,
) -> Vec<Finding> {
    let doc = Document::from_speech(name, speech);
    let mut findings = run(&doc, &validated.check_options(rate));
    origin::attribute(
        &mut findings,
        &doc,
        &origin::pack_files(pack),
        &validated.sites,
    );
    findings
}

/// Runs every rule; findings sorted by position, errors before warnings at one spot.
pub fn run(doc: &Document, opts: &Options) -> Vec<Finding> {
    let scans: Vec<Scan> = doc
        .paras
        .iter()
        .map(|p| Scan::new(p, &crate::zh::text::chars_of(&p.text), doc.markdown))
        .collect();
    run_scanned(doc, &scans, opts)
}

/// [`run`] with each paragraph's [`Scan`] given, one per paragraph of `doc`,
/// in order.
pub fn run_scanned<S: Borrow<Scan>>(doc: &Document, scans: &[S], opts: &Options) -> Vec<Finding> {
    assert_eq!(scans.len(), doc.paras.len(), "one scan per paragraph");
    let scans: Vec<&Scan> = scans.iter().map(Borrow::borrow).collect();
    let mut out = Vec::new();
    for (p, scan) in scans.iter().enumerate() {
        out.extend(scan.masks.iter().map(|f| doc.place(f.clone(), p)));
    }
    names::run(doc, &scans, opts, &mut out);
    counts::run(doc, &scans, &mut out);
    terms::run(doc, &scans, opts, &mut out);
    length(doc, &scans, opts, &mut out);
    out.sort_by_key(|f| (f.paragraph, f.column, f.severity, f.code));
    out.dedup_by(|a, b| a.paragraph == b.paragraph && a.column == b.column && a.code == b.code);
    cap_per_code(out)
}

/// Findings listed per code: a draft with thousands of one problem (a name
/// left in every sentence) shows the first ones, and at the next one how
/// many more there are.
const MAX_PER_CODE: usize = 200;

fn cap_per_code(findings: Vec<Finding>) -> Vec<Finding> {
    let mut counts: std::collections::HashMap<&'static str, usize> = Default::default();
    for f in &findings {
        *counts.entry(f.code).or_default() += 1 + f.more;
    }
    if counts.values().all(|&n| n <= MAX_PER_CODE) {
        return findings;
    }
    // Findings of each code listed, and the ones they stand for.
    let mut listed: std::collections::HashMap<&'static str, (usize, usize)> = Default::default();
    let mut out = Vec::new();
    for mut f in findings {
        let (n, covered) = listed.entry(f.code).or_default();
        *n += 1;
        if *n <= MAX_PER_CODE {
            *covered += 1 + f.more;
            out.push(f);
        } else if *n == MAX_PER_CODE + 1 {
            let more = counts[f.code] - *covered;
            f.message = format!("从这里起，还有 {more} 处同类问题（{}）未逐一列出", f.code);
            f.origin = None;
            f.more = more - 1;
            out.push(f);
        }
    }
    out
}

pub use crate::zh::text::spoken_chars;

fn length(doc: &Document, scans: &[&Scan], opts: &Options, out: &mut Vec<Finding>) {
    let Some(target) = opts.target else { return };
    let chars: usize = scans.iter().map(|s| s.spoken).sum();
    let rate = f64::from(opts.rate.max(1));
    let minutes = chars as f64 / rate;
    let (actual, wanted, unit) = match target {
        Target::Minutes(m) => (minutes, m, "分钟"),
        Target::Chars(c) => (chars as f64, c as f64, "字"),
    };
    if wanted <= 0.0 || (actual / wanted - 1.0).abs() <= 0.15 {
        return;
    }
    let direction = if actual > wanted { "长" } else { "短" };
    // An empty draft has no paragraph to point at; the finding stands at the start.
    let empty = Para::unnumbered(String::new());
    let first = doc.paras.first().unwrap_or(&empty);
    let f = first.finding(
        0,
        first.text.chars().count(),
        Severity::Warning,
        "J501",
        format!(
            "篇幅偏{direction}：约 {chars} 字，按每分钟 {} 字约讲 {minutes:.1} 分钟；目标 {wanted} {unit}（允许 ±15%）",
            opts.rate
        ),
        Some(length_hint(actual > wanted, target, opts)),
    );
    let mut f = doc.place(f, 0);
    // A whole-speech finding: no text or line to point at.
    f.text = String::new();
    f.context = String::new();
    out.push(f);
}

/// What to do about a length off target; where the target lies outside the
/// pack's usual length, the templates could not reach it, and the hint says so.
fn length_hint(long: bool, target: Target, opts: &Options) -> String {
    let base = if long {
        "删减次要段落或合并要点"
    } else {
        "充实要点内容，或调整 [target]"
    };
    match (opts.usual, target.form(opts.usual)) {
        (Some([from, to]), (short, long)) if short || long => format!(
            "这个模板包的讲话通常 {from}–{to} 字，已按目标取了{}的写法，仍达不到；{base}",
            if short { "简短" } else { "详尽" }
        ),
        _ => base.to_owned(),
    }
}

/// Whether any finding is an error (or, with `deny_warnings`, any finding at all).
pub fn fails(findings: &[Finding], deny_warnings: bool) -> bool {
    findings
        .iter()
        .any(|f| f.severity == Severity::Error || deny_warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_kinds_are_found_after_every_mask() {
        for mask in ["*", "＊", "×", "X", "x", "Ｘ", "☆", "□", "某某", "青山"] {
            for suffix in ["街道", "社区", "镇", "村"] {
                let text = format!("在{mask}{mask}{suffix}召开会议。");
                let chars = crate::zh::text::chars_of(&text);
                let scan = Scan::new(&Para::unnumbered(text.clone()), &chars, false);
                assert_eq!(scan.masked_kinds, names::masked_kinds(&chars), "{text}");
                assert_eq!(scan.masked_kinds.is_empty(), mask == "青山", "{text}");
            }
        }
    }

    #[test]
    fn text_paragraphs_keep_lines_and_offsets() {
        let doc = Document::from_text("d", "标题\n\n\u{3000}\u{3000}正文一段。\n", false);
        assert_eq!(doc.paras.len(), 2);
        assert_eq!(doc.paras[1].line, Some(3));
        assert_eq!(doc.paras[1].offset, 2);
        assert_eq!(doc.paras[1].text, "正文一段。");
    }
    #[test]
    fn markdown_heading_marks_are_stripped() {
        let doc = Document::from_text("d", "## 第一，提高站位。\n", true);
        assert_eq!(doc.paras[0].text, "第一，提高站位。");
        assert_eq!(doc.paras[0].offset, 3);
    }
    #[test]
    fn length_warning_outside_fifteen_percent() {
        let doc = Document::from_text("d", &"字".repeat(1000), false);
        let opts = Options {
            target: Some(Target::Minutes(10.0)),
            rate: 200,
            ..Options::default()
        };
        let found = run(&doc, &opts);
        assert!(
            found
                .iter()
                .any(|f| f.code == "J501" && f.message.contains("偏短")),
            "{found:?}"
        );
        let opts = Options {
            target: Some(Target::Minutes(5.0)),
            rate: 200,
            ..Options::default()
        };
        assert!(run(&doc, &opts).iter().all(|f| f.code != "J501"));
        let opts = Options {
            target: Some(Target::Chars(800)),
            rate: 200,
            ..Options::default()
        };
        assert!(
            run(&doc, &opts)
                .iter()
                .any(|f| f.code == "J501" && f.message.contains("偏长"))
        );
    }
}
