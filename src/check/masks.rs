//! J101 unfilled masks and J102 leftover template tags.
//!
//! Published model speeches hide names and numbers in several alphabets:
//! `**街道`, `*个月`, `×××同志`, `XX县`, `20xx年`, `X年X月X日`, `第X届`, `某某`,
//! `☆☆`, `__`, `【待填】`. Ordinary text must stay quiet: `X光`, `Excel`,
//! `3×4`, and Markdown emphasis in `.md` drafts.

use super::{Finding, Para, Severity};
use crate::zh::text::{CharSet, is_cjk};

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

/// Every mask and leftover tag in a paragraph, in order, each blank on its
/// own: a masked date is three spans (`extract` makes one variable of them
/// itself, knowing which part is the year).
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
        '{', '*', '＊', '_', '＿', '×', 'X', 'x', 'Ｘ', 'ｘ', '某', '☆', '★', '□', '■', '【', '（',
        '(', '〔', '[', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'Q', 'R', 'S',
        'T', 'W', 'Y', 'Z',
    ]);
    while i < chars.len() {
        let c = chars[i];
        if !STARTS.contains(c) {
            i += 1;
            continue;
        }
        // Brackets and capitals are decided within their sentence (a note
        // does not run past 。), so a paragraph is still judged by its parts.
        seen |= !matches!(c, '（' | '(' | '〔' | '[' | 'A'..='W' | 'Y' | 'Z');
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
                // A lone X among Chinese characters hides a word (X建 for 党建,
                // X街道); X光 and X射线 are the rays.
                let rays = end - i == 1 && next.is_some_and(|c| matches!(c, '光' | '射' | '线'));
                let masked = end - i >= 2
                    || prev.is_some_and(|c| c.is_ascii_digit() || c == '第')
                    || next.is_some_and(|c| UNIT_AFTER_X.contains(c) || is_cjk(c))
                    || (prev.is_some_and(is_cjk) && !next.is_some_and(|c| c.is_ascii_digit()));
                (end, !in_word && !rays && masked)
            }
            // A capital written twice or more (ZZ for 政治), beside Chinese:
            // abbreviations have different letters (GDP), ratings are As
            // (AAAA级景区), and PPP is a kind of project.
            'A'..='Z' => {
                let end = run_end(&|x| x == c);
                let next = chars.get(end).copied();
                let in_word = prev.is_some_and(|c| c.is_ascii_alphanumeric())
                    || next.is_some_and(|c| c.is_ascii_alphanumeric());
                let beside_chinese = prev.is_some_and(is_cjk) || next.is_some_and(is_cjk);
                (end, end - i >= 2 && !in_word && beside_chinese && c != 'P')
            }
            '（' | '(' | '〔' | '[' => {
                let close = match c {
                    '（' => '）',
                    '(' => ')',
                    '〔' => '〕',
                    _ => ']',
                };
                // Notes run a line at most; a bracket never closed is text.
                let close = (i + 1..chars.len().min(i + 80))
                    .take_while(|&k| chars[k] != '。')
                    .find(|&k| chars[k] == close);
                match close {
                    Some(k) if is_editors_note(&chars[i + 1..k]) => (k + 1, true),
                    // Other brackets are read inside: （20xx年X月X日）.
                    _ => (i + 1, false),
                }
            }
            '某' if chars.get(i + 1) == Some(&'某') => (run_end(&|c| c == '某'), true),
            '☆' | '★' | '□' | '■' => (run_end(&|x| x == c), true),
            '【' => {
                let close = (i..chars.len().min(i + 80)).find(|&k| chars[k] == '】');
                let note = close.is_some_and(|k| is_editors_note(&chars[i + 1..k]));
                (close.map_or(i + 1, |k| k + 1), note)
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

/// Whether the words inside a pair of brackets tell the writer what to put
/// there (（此处填写单位名称）, 【待填】, （一个伟人的名字，请替换）, （略）) rather
/// than say something to the audience (（试行）, （掌声）, （以下简称……）).
fn is_editors_note(inner: &[char]) -> bool {
    const ASKS: [&str; 18] = [
        "此处",
        "填写",
        "填入",
        "请填",
        "待填",
        "待定",
        "待补",
        "替换",
        "换成",
        "自行",
        "根据实际",
        "结合实际",
        "按实际",
        "视情况",
        "插入",
        "编者",
        "编辑注",
        "省略",
    ];
    let inner: String = inner.iter().collect();
    let inner = inner.trim();
    inner == "略"
        || inner.ends_with("从略")
        || inner.ends_with("内容略")
        || ASKS.iter().any(|w| inner.contains(w))
}

/// Masks that make one date (20xx年X月X日) or one number (X万X千) with
/// the digits and date words between them: one blank to fill, one finding.
fn join_dates(chars: &[char], spans: Vec<Span>) -> Vec<Span> {
    let joins = |c: char| c.is_ascii_digit() || matches!(c, '年' | '月' | '日' | '号');
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for mut span in spans {
        if span.kind == SpanKind::Mask {
            // 20xx: the written digits belong to the blank.
            while span.start > 0 && chars[span.start - 1].is_ascii_digit() {
                span.start -= 1;
            }
            if let Some(last) = out.last_mut() {
                let between = &chars[last.end..span.start];
                let dated = between.len() <= 2
                    && !between.is_empty()
                    && between.iter().all(|&c| joins(c))
                    && between.iter().any(|c| matches!(c, '年' | '月'));
                if last.kind == SpanKind::Mask && dated {
                    last.end = span.end;
                    continue;
                }
            }
        }
        out.push(span);
    }
    out
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
    let spans = join_dates(chars, spans);
    let total = spans.len();
    let first_unlisted = spans.get(MAX_PER_PARAGRAPH).copied();
    let mut findings: Vec<Finding> = spans
        .into_iter()
        .take(MAX_PER_PARAGRAPH)
        .map(|span| {
            let shown = (span.end - span.start).min(40);
            let mut text: String = chars[span.start..span.start + shown].iter().collect();
            if shown < span.end - span.start {
                text.push('…');
            }
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
    // A paragraph of thousands of blanks is not a speech with a few left
    // unfilled: the first ones are listed, and how many more there are.
    if let Some(span) = first_unlisted {
        let mut f = para.finding(
            span.start,
            span.end - span.start,
            Severity::Error,
            "J101",
            format!(
                "从这里起，本段还有 {} 处占位符或模板标记未逐一列出",
                total - MAX_PER_PARAGRAPH
            ),
            Some("范文里用符号遮住的名称、数字或日期，要换成本单位的实际内容".to_owned()),
        );
        f.more = total - MAX_PER_PARAGRAPH - 1;
        findings.push(f);
    }
    (findings, seen)
}

/// Masks and tags listed per paragraph.
const MAX_PER_PARAGRAPH: usize = 200;

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
        // A pair stands within a sentence or two: a few runs ahead at most.
        let partner = runs[k + 1..]
            .iter()
            .take(16)
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
            ["XX", "xx", "20xx", "X年X月X", "X"]
        );
    }
    #[test]
    fn a_masked_date_is_one_finding() {
        let found = check(
            &Document::from_text("t", "定于20xx年X月X日召开。X月X日前报送。", false),
            &Options::default(),
        );
        let texts: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            texts,
            ["未填写的占位符：`20xx年X月X日`", "未填写的占位符：`X月X日`"]
        );
    }
    #[test]
    fn single_letters_for_sensitive_words() {
        assert_eq!(
            masks("抓好X建工作，发挥X员作用，学习X的二十大精神，X工委要带头，讲ZZ。"),
            ["X", "X", "X", "X", "ZZ"]
        );
        assert_eq!(masks("X街道、x镇、Ｘ社区"), ["X", "x", "Ｘ"]);
    }
    #[test]
    fn letters_that_are_words_stay_quiet() {
        assert!(
            masks("拍X光片、X射线检查，GDP增长，AAAA级景区，PPP项目，A股上市，B超，5G基站，N95口罩，维生素C。")
                .is_empty(),
            "{:?}",
            masks("拍X光片、X射线检查，GDP增长，AAAA级景区，PPP项目，A股上市，B超，5G基站，N95口罩，维生素C。")
        );
        assert!(masks("用Excel和XML制表，iPhone，Windows XP系统").is_empty());
    }
    #[test]
    fn editors_notes_left_in() {
        assert_eq!(
            masks(
                "向（此处填写单位名称）表示感谢。正如（一个伟人的名字，请替换）所说。具体数据（略）。"
            ),
            [
                "（此处填写单位名称）",
                "（一个伟人的名字，请替换）",
                "（略）"
            ]
        );
        assert_eq!(masks("(此处插入典型案例)"), ["(此处插入典型案例)"]);
        assert_eq!(masks("（20xx年X月X日）"), ["20xx年X月X"]);
        assert_eq!(masks("【请根据实际情况修改】"), ["【请根据实际情况修改】"]);
    }
    #[test]
    fn brackets_for_the_audience_stay_quiet() {
        assert!(
            masks("《实施方案（试行）》（以下简称《方案》）要求，（一）抓落实。（掌声）发展战略（2024—2026年）。（战略）")
                .is_empty()
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
