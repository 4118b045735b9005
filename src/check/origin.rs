//! Where a finding in a generated draft came from: the template line whose
//! words are around it, and the profile value it lies in. A draft is checked
//! as text, so the answer is worked out afterwards, only for the few findings
//! there are: the words of each template line and each profile value are
//! looked for in the finding's paragraph.

use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;

use super::{Document, Finding};
use crate::source::Source;

/// A profile's text value and where it was written.
#[derive(Debug, Clone)]
pub struct ValueSite {
    /// The dotted key, with list positions: `tasks[2].title`.
    pub key: String,
    pub value: String,
    pub written: Written,
}

/// Where a value was written: its line is worked out only when a finding
/// names it, since a batch validates many profiles and finds little.
#[derive(Debug, Clone)]
pub enum Written {
    /// At a byte of a profile file.
    File(Arc<Source>, usize),
    /// A `--set key=value` argument.
    Set(String),
    /// A spreadsheet cell: `街道.xlsx 第7行 C列`.
    Cell(String),
}

impl Written {
    /// `file:line` or `--set key=value`, and the line.
    fn place(&self) -> (String, Option<usize>) {
        match self {
            Self::File(source, at) => {
                let (line, _) = source.line_col(*at);
                (format!("{}:{line}", source.name), Some(line))
            }
            Self::Set(arg) => (format!("--set {arg}"), None),
            Self::Cell(cell) => (cell.clone(), None),
        }
    }
}

/// A file of a pack: how messages name it, and its text.
pub struct TemplateFile<'a> {
    pub name: String,
    pub text: &'a str,
}

/// The files of a pack whose words can reach a draft: its templates and
/// `pack.toml` (titles, salutation, phrase banks).
pub fn pack_files(pack: &crate::Pack) -> Vec<TemplateFile<'_>> {
    pack.files
        .values()
        .filter(|f| f.rel.ends_with(".hbs") || f.rel == "pack.toml")
        .map(|f| TemplateFile {
            name: f.display(&pack.name),
            text: &f.text,
        })
        .collect()
}

/// Where a finding's text came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// The template line around the finding: `<内置>/dongyuan/body.hbs:12`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template: Option<TemplatePlace>,
    /// The profile value the finding lies in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<ProfilePlace>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TemplatePlace {
    pub file: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProfilePlace {
    pub key: String,
    pub value: String,
    /// `seedpack.toml:6`, or `--set key=value`.
    pub place: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

/// Findings past this many are left without an origin: each costs a search
/// of every template line, and a draft with more has other troubles.
const MAX_FOUND: usize = 200;

/// A run of literal text in a template line.
struct Piece<'a> {
    file: usize,
    line: usize,
    text: &'a str,
}

/// The literal text of each template line, between `{{…}}` tags, in pieces
/// of two characters or more (shorter ones are found everywhere).
fn pieces<'a>(files: &'a [TemplateFile<'a>]) -> Vec<Piece<'a>> {
    let mut out = Vec::new();
    for (f, file) in files.iter().enumerate() {
        let manifest = file.name.ends_with("pack.toml");
        let mut section = "";
        for (n, line) in file.text.lines().enumerate() {
            if manifest {
                // pack.toml's words that reach a speech: the [speech] lines,
                // phrase banks and templated values (title, salutation), not
                // the examples and descriptions of variables.
                let trimmed = line.trim();
                if trimmed.starts_with('[') {
                    section = trimmed.trim_matches(|c| c == '[' || c == ']');
                    continue;
                }
                let speaks = section == "speech" || section.starts_with("phrases");
                if !speaks && !line.contains("{{") {
                    continue;
                }
            }
            let mut rest = line;
            loop {
                let (text, after) = match rest.find("{{") {
                    Some(at) => (&rest[..at], Some(&rest[at..])),
                    None => (rest, None),
                };
                // A TOML line (pack.toml's title and salutation): the words
                // inside the quotes.
                let text = text.split_once("= \"").map_or(text, |(_, t)| t);
                let text = text.trim().trim_matches(|c: char| c == '"' || c == ',');
                if text.chars().count() >= 2 {
                    out.push(Piece {
                        file: f,
                        line: n + 1,
                        text,
                    });
                }
                let Some(after) = after else { break };
                match after.find("}}") {
                    Some(close) => rest = after[close + 2..].trim_start_matches('}'),
                    None => break,
                }
            }
        }
    }
    out
}

/// Where a value stands in a paragraph: bytes from, to, and which value.
type Occurrence = (usize, usize, usize);

/// Bytes of the paragraph looked at on each side of a finding: template
/// lines and profile values are shorter, and a finding in a huge paragraph
/// costs no more than one in a short one.
const REACH: usize = 2048;

/// Adds its origin to each finding of a rendered draft (`doc` made by
/// [`Document::from_speech`]).
pub fn attribute(
    findings: &mut [Finding],
    doc: &Document,
    files: &[TemplateFile<'_>],
    values: &[ValueSite],
) {
    if findings.is_empty() {
        return;
    }
    let pieces = pieces(files);
    let values: Vec<&ValueSite> = values.iter().filter(|v| !v.value.is_empty()).collect();
    // One pass over the text finds every piece and every value in it.
    let build = |patterns: Vec<&str>| {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(patterns)
            .ok()
    };
    let (Some(piece_finder), Some(value_finder)) = (
        build(pieces.iter().map(|p| p.text).collect()),
        build(values.iter().map(|v| v.value.as_str()).collect()),
    ) else {
        return;
    };
    // Values too long for a window around a finding are looked for in the
    // whole paragraph, once per paragraph: (paragraph, occurrences).
    let long: Vec<usize> = (0..values.len())
        .filter(|&k| values[k].value.len() > REACH)
        .collect();
    let mut long_found: Option<(usize, Vec<Occurrence>)> = None;
    for f in findings.iter_mut().take(MAX_FOUND) {
        let Some(para) = f.paragraph.checked_sub(1).and_then(|p| doc.paras.get(p)) else {
            continue;
        };
        if f.text.is_empty() {
            continue;
        }
        let text = para.text.as_str();
        // The finding's span as bytes of the paragraph, and the window
        // around it.
        let start_char = f.column.saturating_sub(1 + para.offset);
        let (start, end) = (para.byte_of(start_char), para.byte_of(start_char + f.width));
        let from = floor(text, start.saturating_sub(REACH));
        let to = floor(text, (end + REACH).min(text.len()));
        let window = &text[from..to];
        let in_long = if long.is_empty() {
            None
        } else {
            if long_found.as_ref().is_none_or(|(p, _)| *p != f.paragraph) {
                let found = long
                    .iter()
                    .flat_map(|&k| {
                        text.match_indices(values[k].value.as_str())
                            .map(move |(at, v)| (at, at + v.len(), k))
                    })
                    .collect();
                long_found = Some((f.paragraph, found));
            }
            long_found.as_ref().and_then(|(_, found)| {
                found
                    .iter()
                    .find(|&&(a, b, _)| a <= start && start < b)
                    .map(|&(_, _, k)| k)
            })
        };
        let (start, end) = (start - from, end.max(start) - from);
        let profile = in_long
            .or_else(|| value_at(window, start, end, &value_finder))
            .map(|k| {
                let site = values[k];
                let (place, line) = site.written.place();
                ProfilePlace {
                    key: site.key.clone(),
                    value: site.value.clone(),
                    place,
                    line,
                }
            });
        let template = template_at(
            window,
            start,
            end,
            &piece_finder,
            &pieces,
            profile.is_some(),
        )
        .map(|p| TemplatePlace {
            file: files[p.file].name.clone(),
            line: p.line,
        });
        if template.is_some() || profile.is_some() {
            f.origin = Some(Origin { template, profile });
        }
    }
}

/// The largest character boundary at or before `at`.
fn floor(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The value whose words in the text cover most of the span `start..end`,
/// the shorter on a tie.
fn value_at(text: &str, start: usize, end: usize, finder: &AhoCorasick) -> Option<usize> {
    let mut best: Option<(usize, usize, usize)> = None;
    for m in finder.find_iter(text) {
        let (a, b) = (m.start().max(start), m.end().min(end));
        let covers = a < b || (start == end && m.start() <= start && start < m.end());
        if !covers {
            continue;
        }
        let overlap = b.saturating_sub(a);
        let len = m.end() - m.start();
        if best.is_none_or(|(o, l, _)| overlap > o || (overlap == o && len < l)) {
            best = Some((overlap, len, m.pattern().as_usize()));
        }
    }
    best.map(|(_, _, k)| k)
}

/// The template line whose words stand around the span: one that covers it
/// (the span is the template's own text), else, where the span came from a
/// value, the nearest one before it or after it.
fn template_at<'a>(
    text: &str,
    start: usize,
    end: usize,
    finder: &AhoCorasick,
    pieces: &'a [Piece<'a>],
    from_value: bool,
) -> Option<&'a Piece<'a>> {
    // The nearest piece before the span and after it: (distance, piece).
    let mut near: [Option<(usize, &Piece)>; 2] = [None, None];
    for m in finder.find_iter(text) {
        let piece = &pieces[m.pattern().as_usize()];
        if m.start() <= start && end <= m.end() {
            return Some(piece);
        }
        if piece.text.chars().count() < 3 {
            continue;
        }
        let (side, distance) = if m.end() <= start {
            (0, start - m.end())
        } else if m.start() >= end {
            (1, m.start() - end)
        } else {
            continue;
        };
        if near[side].is_none_or(|(d, _)| distance < d) {
            near[side] = Some((distance, piece));
        }
    }
    let [before, after] = near;
    if from_value {
        before.or(after).map(|(_, p)| p)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Options, run};

    fn site(key: &str, value: &str, line: usize) -> ValueSite {
        let text = "\n".repeat(line - 1);
        let source = Arc::new(Source::new("p.toml", text.clone()));
        ValueSite {
            key: key.to_owned(),
            value: value.to_owned(),
            written: Written::File(source, text.len()),
        }
    }

    #[test]
    fn a_mask_in_a_value_points_at_the_value_and_the_line_before_it() {
        let doc = Document::from_paragraphs("d", vec!["今天我们召开**街道动员会。".to_owned()]);
        let mut found = run(&doc, &Options::default());
        let files = [TemplateFile {
            name: "opening.hbs".to_owned(),
            text: "第一行\n今天我们召开{{unit.name}}动员会。\n",
        }];
        attribute(&mut found, &doc, &files, &[site("unit.name", "**街道", 6)]);
        let origin = found[0].origin.as_ref().unwrap();
        let profile = origin.profile.as_ref().unwrap();
        assert_eq!((profile.key.as_str(), profile.line), ("unit.name", Some(6)));
        let template = origin.template.as_ref().unwrap();
        assert_eq!((template.file.as_str(), template.line), ("opening.hbs", 2));
    }

    #[test]
    fn a_word_of_the_template_points_at_its_line() {
        let doc = Document::from_paragraphs("d", vec!["要向红星街道学习，抓好落实。".to_owned()]);
        let opts = Options {
            known_names: Some(vec!["青山街道".to_owned()]),
            ..Options::default()
        };
        let mut found = run(&doc, &opts);
        let files = [TemplateFile {
            name: "body.hbs".to_owned(),
            text: "{{#if x}}\n要向红星街道学习，{{phrase \"落实\"}}\n{{/if}}\n",
        }];
        attribute(
            &mut found,
            &doc,
            &files,
            &[site("unit.name", "青山街道", 3)],
        );
        let origin = found[0].origin.as_ref().unwrap();
        assert_eq!(origin.profile, None);
        assert_eq!(origin.template.as_ref().unwrap().line, 2);
    }

    #[test]
    fn template_pieces_skip_tags() {
        let files = [TemplateFile {
            name: "t".to_owned(),
            text: "甲乙{{a}}丙丁{{{b}}}戊己\n{{#if c}}\n",
        }];
        let texts: Vec<&str> = pieces(&files).iter().map(|p| p.text).collect();
        assert_eq!(texts, ["甲乙", "丙丁", "戊己"]);
    }
}
