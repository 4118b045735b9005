//! J101 unfilled masks and J102 leftover template tags.
//!
//! Published model speeches hide names and numbers in several alphabets:
//! `**街道`, `*个月`, `×××同志`, `XX县`, `20xx年`, `X年X月X日`, `第X届`, `某某`,
//! `☆☆`, `__`, `【待填】`. Ordinary text must stay quiet: `X光`, `Excel`,
//! `3×4`, and Markdown emphasis in `.md` drafts.

use super::{Finding, Para, Severity};
use crate::zh::text::CharSet;

/// Words after a mask that tell what it hides.
const KINDS: [&str; 17] = [
    "街道", "社区", "同志", "个", "年", "月", "日", "届", "省", "市", "区", "县", "镇", "乡", "村",
    "项", "名",
];
const UNIT_AFTER_X: &str = "年月日号届次个名项人家条处期天元万亿岁周";

/// What a span of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SpanKind {
    /// A mask standing for a name, number or date.
    Mask,
    /// A template tag `{{…}}` left in the text.
    Tag,
}

/// A mask or leftover tag: characters `start..end` of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: SpanKind,
}

/// Every mask and leftover tag in a paragraph, in order.
pub(crate) fn spans(chars: &[char], markdown: bool) -> Vec<Span> {
    spans_seen(chars, markdown).0
}

/// [`spans`], and whether any character could start one (when none does,
/// nothing found in the text depends on what stands around it).
fn spans_seen(chars: &[char], markdown: bool) -> (Vec<Span>, bool) {
    let emphasis = if markdown {
        emphasis_runs(chars)
    } else {
        Vec::new()
    };
    let mut out = Vec::new();
    let mut seen = false;
    let mut i = 0;
    // The characters a mask or tag can start with; everything else is passed
    // over with one test.
    static STARTS: CharSet = CharSet::new(&[
        '{', '*', '＊', '_', '＿', '×', 'X', 'x', 'Ｘ', 'ｘ', '某', '☆', '★', '□', '■', '【',
    ]);
    while i < chars.len() {
        let c = chars[i];
        if !STARTS.contains(c) {
            i += 1;
            continue;
        }
        seen = true;
        let run_end = |pred: &dyn Fn(char) -> bool| {
            let mut j = i;
            while j < chars.len() && pred(chars[j]) {
                j += 1;
            }
            j
        };
        let prev = i.checked_sub(1).map(|k| chars[k]);
        let (end, is_mask) = match c {
            '{' if chars.get(i + 1) == Some(&'{') => {
                let close = (i + 2..chars.len().saturating_sub(1))
                    .find(|&k| chars[k] == '}' && chars[k + 1] == '}');
                let end = close.map_or(chars.len(), |k| k + 2);
                out.push(Span {
                    start: i,
                    end,
                    kind: SpanKind::Tag,
                });
                i = end;
                continue;
            }
            '*' | '＊' => {
                let end = run_end(&|c| c == '*' || c == '＊');
                let next = chars.get(end).copied();
                let arithmetic = prev.is_some_and(|c| c.is_ascii_digit())
                    && next.is_some_and(|c| c.is_ascii_digit());
                (end, !arithmetic && !emphasis.contains(&i))
            }
            '_' | '＿' => {
                let end = run_end(&|c| c == '_' || c == '＿');
                (end, end - i >= 2 && !emphasis.contains(&i))
            }
            '×' => {
                let end = run_end(&|c| c == '×');
                let next = chars.get(end).copied();
                let arithmetic = prev.is_some_and(|c| c.is_ascii_digit())
                    && next.is_some_and(|c| c.is_ascii_digit());
                (end, !arithmetic)
            }
            'X' | 'x' | 'Ｘ' | 'ｘ' => {
                let end = run_end(&|c| matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ'));
                let next = chars.get(end).copied();
                let in_word = prev.is_some_and(|c| c.is_ascii_alphabetic())
                    || next.is_some_and(|c| c.is_ascii_alphabetic());
                let masked = end - i >= 2
                    || prev.is_some_and(|c| c.is_ascii_digit() || c == '第')
                    || next.is_some_and(|c| UNIT_AFTER_X.contains(c));
                (end, !in_word && masked)
            }
            '某' if chars.get(i + 1) == Some(&'某') => (run_end(&|c| c == '某'), true),
            '☆' | '★' | '□' | '■' => (run_end(&|x| x == c), true),
            '【' => {
                let close = (i..chars.len()).find(|&k| chars[k] == '】');
                let inner: String = chars[i + 1..close.unwrap_or(i + 1)].iter().collect();
                let blank = ["待填", "待定", "待补", "请填", "填写", "此处"]
                    .iter()
                    .any(|w| inner.starts_with(w));
                (close.map_or(i + 1, |k| k + 1), blank)
            }
            _ => (i + 1, false),
        };
        if is_mask {
            out.push(Span {
                start: i,
                end,
                kind: SpanKind::Mask,
            });
        }
        i = end.max(i + 1);
    }
    (out, seen)
}

/// The word after a mask that tells what it hides: 街道 in `**街道`.
pub(crate) fn kind_after(chars: &[char], end: usize) -> &'static str {
    let rest: String = chars[end..].iter().take(2).collect();
    KINDS
        .iter()
        .find(|k| rest.starts_with(**k))
        .copied()
        .unwrap_or("")
}

/// J101 and J102 in one paragraph, and whether any character of it could
/// start a mask or tag.
pub(super) fn scan(para: &Para, chars: &[char], markdown: bool) -> (Vec<Finding>, bool) {
    let (spans, seen) = spans_seen(chars, markdown);
    let findings = spans
        .into_iter()
        .map(|span| {
            let text: String = chars[span.start..span.end].iter().collect();
            let len = span.end - span.start;
            match span.kind {
                SpanKind::Tag => para.finding(
                    span.start,
                    len,
                    Severity::Error,
                    "J102",
                    format!("模板标记残留：`{text}`"),
                    Some("这是没有填充的模板变量；检查模板和配置文件".to_owned()),
                ),
                // Show the mask with the word that says what it stands for: **街道, *个月.
                SpanKind::Mask => para.finding(
                    span.start,
                    len,
                    Severity::Error,
                    "J101",
                    format!("未填写的占位符：`{text}{}`", kind_after(chars, span.end)),
                    Some("范文里用符号遮住的名称、数字或日期，要换成本单位的实际内容".to_owned()),
                ),
            }
        })
        .collect();
    (findings, seen)
}

/// Start positions of `*`/`_` runs that pair up as Markdown emphasis:
/// `**重点**`, `_强调_` — same run on both sides, text in between that does not
/// begin or end with a space.
fn emphasis_runs(chars: &[char]) -> Vec<usize> {
    let mut runs: Vec<(usize, usize, char)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '*' || c == '_' {
            let mut j = i;
            while j < chars.len() && chars[j] == c {
                j += 1;
            }
            runs.push((i, j - i, c));
            i = j;
        } else {
            i += 1;
        }
    }
    let mut paired = Vec::new();
    let mut k = 0;
    while k < runs.len() {
        let (start, len, c) = runs[k];
        let partner = runs[k + 1..]
            .iter()
            .position(|r| r.1 == len && r.2 == c)
            .map(|o| k + 1 + o);
        if let Some(m) = partner {
            let inner = &chars[start + len..runs[m].0];
            let ok = !inner.is_empty()
                && !inner[0].is_whitespace()
                && !inner[inner.len() - 1].is_whitespace();
            if ok {
                paired.push(start);
                paired.push(runs[m].0);
                k = m + 1;
                continue;
            }
        }
        k += 1;
    }
    paired
}

#[cfg(test)]
mod tests {
    use super::super::{Document, Options, run as check};

    fn codes(text: &str, md: bool) -> Vec<(String, &'static str)> {
        check(&Document::from_text("t", text, md), &Options::default())
            .into_iter()
            .filter(|f| f.code.starts_with("J10"))
            .map(|f| (f.text, f.code))
            .collect()
    }

    fn masks(text: &str) -> Vec<String> {
        codes(text, false).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn asterisk_unit_name() {
        assert_eq!(masks("今天我们召开**街道动员会。"), ["**"]);
    }
    #[test]
    fn asterisk_count_and_duration() {
        assert_eq!(masks("全市*个试点单位，为期*个月。"), ["*", "*"]);
    }
    #[test]
    fn full_width_asterisk() {
        assert_eq!(masks("以＊＊为主要内容"), ["＊＊"]);
    }
    #[test]
    fn multiplication_sign_names() {
        assert_eq!(masks("×××同志在××县调研"), ["×××", "××"]);
    }
    #[test]
    fn x_masks() {
        assert_eq!(
            masks("XX县、xx镇、20xx年、X年X月X日、第X届"),
            ["XX", "xx", "xx", "X", "X", "X", "X"]
        );
    }
    #[test]
    fn full_width_x() {
        assert_eq!(masks("ＸＸ街道"), ["ＸＸ"]);
    }
    #[test]
    fn mou_mou_star_and_blank() {
        assert_eq!(
            masks("某某同志、☆☆社区、____村、【待填：试点数】"),
            ["某某", "☆☆", "____", "【待填：试点数】"]
        );
    }
    #[test]
    fn leftover_template_tag() {
        assert_eq!(
            codes("我讲{{cn speech.point_count}}点意见", false),
            [("{{cn speech.point_count}}".to_owned(), "J102")]
        );
    }
    #[test]
    fn ordinary_text_is_quiet() {
        assert!(masks("拍X光片，用Excel制表，3×4=12，3*4=12，某种程度上。").is_empty());
    }
    #[test]
    fn markdown_emphasis_is_not_a_mask() {
        assert!(codes("要**切实**抓好落实，__务必__按时完成。", true).is_empty());
        assert_eq!(codes("召开**街道动员会，要**切实**抓好。", true).len(), 1);
    }
    #[test]
    fn asterisks_in_text_drafts_are_masks_even_if_paired() {
        assert_eq!(masks("召开**街道**社区会议"), ["**", "**"]);
    }
    #[test]
    fn column_points_into_the_line() {
        let doc = Document::from_text("t", "\u{3000}\u{3000}召开**街道会议", false);
        let f = &check(&doc, &Options::default())[0];
        assert_eq!((f.line, f.column, f.width), (Some(1), 5, 2));
    }
}
