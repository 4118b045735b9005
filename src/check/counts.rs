//! J301–J303: counts that must agree with the text.
//!
//! An announced count (`讲三点意见`, `三个体现：`, `分甲、乙、丙三个阶段`) must
//! match what follows or precedes it; numbered sequences (第一/第二, 一、/二、,
//! （一）/（二）, 一是/二是) must run without gaps or repeats; one heading level
//! keeps one numbering style. Half-width punctuation is accepted throughout,
//! since drafts copied from web pages often lose the full width.

use super::{Document, Finding, Severity};
use crate::zh::parse_numeral_chars;
use crate::zh::text::{is_cjk, is_cn_digit};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Di,
    Gongwen,
}

#[derive(Debug, Clone, Copy)]
struct Marker {
    level: u8,
    style: Style,
    n: u64,
    /// Characters the marker covers (第三， → 3).
    len: usize,
}

/// A numeral at `at`: (value, characters used). Chinese or Arabic digits.
fn number_at(chars: &[char], at: usize) -> Option<(u64, usize)> {
    let mut end = at;
    if chars.get(at).is_some_and(char::is_ascii_digit) {
        let mut n: u64 = 0;
        while end < chars.len() && chars[end].is_ascii_digit() {
            n = n
                .checked_mul(10)?
                .checked_add(u64::from(chars[end] as u32 - '0' as u32))?;
            end += 1;
        }
        return Some((n, end - at));
    }
    while end < chars.len() && is_cn_digit(chars[end]) {
        end += 1;
    }
    if end == at {
        return None;
    }
    parse_numeral_chars(&chars[at..end]).map(|n| (n, end - at))
}

/// The heading number a paragraph starts with, if any.
fn marker(chars: &[char]) -> Option<Marker> {
    let first = *chars.first()?;
    if first == '第' {
        let (n, len) = number_at(chars, 1)?;
        return matches!(chars.get(1 + len), Some('，' | ',' | '、')).then_some(Marker {
            level: 1,
            style: Style::Di,
            n,
            len: len + 2,
        });
    }
    if first == '（' || first == '(' {
        let (n, len) = number_at(chars, 1)?;
        let cn = chars.get(1).is_some_and(|c| !c.is_ascii_digit());
        return (cn && matches!(chars.get(1 + len), Some('）' | ')'))).then_some(Marker {
            level: 2,
            style: Style::Gongwen,
            n,
            len: len + 2,
        });
    }
    let (n, len) = number_at(chars, 0)?;
    match (first.is_ascii_digit(), chars.get(len)) {
        (false, Some('、')) => Some(Marker {
            level: 1,
            style: Style::Gongwen,
            n,
            len: len + 1,
        }),
        (true, Some('.' | '．' | '、')) if chars.get(len + 1).is_some_and(|c| is_cjk(*c)) => {
            Some(Marker {
                level: 3,
                style: Style::Gongwen,
                n,
                len: len + 1,
            })
        }
        _ => None,
    }
}

/// The heading number a paragraph opens with: (level, whether 一、 style,
/// characters it covers).
pub(crate) fn heading_marker(chars: &[char]) -> Option<(u8, bool, usize)> {
    marker(chars).map(|m| (m.level, m.style == Style::Gongwen, m.len))
}

/// Whether a paragraph opens with a level-1 heading number (第一， or 一、).
pub(crate) fn is_level1_heading(chars: &[char]) -> bool {
    marker(chars).is_some_and(|m| m.level == 1)
}

/// What the numbering rules need from one paragraph.
#[derive(Debug, Clone)]
pub(super) struct Scan {
    marker: Option<Marker>,
    /// Counts that announce points, and counts that disagree with the list
    /// they announce.
    announced: Vec<Announced>,
    /// 一是/二是 items: position and number.
    items: Vec<(usize, u64)>,
    /// 几点, 几个方面, 几条…: position and characters covered.
    vague: Vec<(usize, usize)>,
}

#[derive(Debug, Clone)]
struct Announced {
    at: usize,
    len: usize,
    n: u64,
    /// “三点意见”: checked against the level-1 headings after it.
    points: bool,
    /// A list in the same sentence with another count, and what it lists.
    listed: Option<(u64, String)>,
}

pub(super) fn scan(chars: &[char]) -> Scan {
    Scan {
        marker: marker(chars),
        announced: announced_in(chars),
        items: enumeration_items(chars),
        vague: vague_counts(chars),
    }
}

impl Scan {
    /// The scan of a paragraph from its sentences' (see
    /// [`super::Scan::join`]): counts and items do not reach past a 。, and
    /// the heading marker is the first sentence's.
    pub(super) fn join<'a>(parts: impl Iterator<Item = (&'a Scan, usize)>) -> Scan {
        let mut joined = Scan {
            marker: None,
            announced: Vec::new(),
            items: Vec::new(),
            vague: Vec::new(),
        };
        for (scan, at) in parts {
            if at == 0 {
                joined.marker = scan.marker;
            }
            joined
                .announced
                .extend(scan.announced.iter().map(|a| Announced {
                    at: a.at + at,
                    ..a.clone()
                }));
            joined
                .items
                .extend(scan.items.iter().map(|&(pos, n)| (pos + at, n)));
            joined
                .vague
                .extend(scan.vague.iter().map(|&(pos, len)| (pos + at, len)));
        }
        joined
    }
}

pub(super) fn run(doc: &Document, scans: &[&super::Scan], out: &mut Vec<Finding>) {
    let scans: Vec<&Scan> = scans.iter().map(|s| &s.counts).collect();
    sequences(doc, &scans, out);
    announced(doc, &scans, out);
    enumerations(doc, &scans, out);
    few(doc, &scans, out);
}

/// What may follow 几 when it announces a list: 几点, 几个方面, 几条…
const VAGUE_WORDS: [&str; 6] = ["点", "个方面", "个问题", "方面", "条", "项"];

/// 几点/几个方面/几条… in a paragraph, where 几 is “a few” announcing items,
/// not part of a number (十几, 几十) or a time (几点钟).
fn vague_counts(chars: &[char]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for (i, _) in chars.iter().enumerate().filter(|(_, c)| **c == '几') {
        if i > 0
            && matches!(
                chars[i - 1],
                '十' | '百' | '千' | '万' | '好' | '这' | '那' | '上'
            )
        {
            continue;
        }
        let rest = &chars[i + 1..];
        if rest
            .first()
            .is_some_and(|c| matches!(c, '十' | '百' | '千' | '万'))
        {
            continue;
        }
        let Some(word) = VAGUE_WORDS.iter().find(|w| {
            let mut r = rest.iter();
            w.chars().all(|c| r.next() == Some(&c))
        }) else {
            continue;
        };
        let len = 1 + word.chars().count();
        if chars.get(i + len).is_some_and(|c| matches!(c, '钟' | '半')) {
            continue;
        }
        found.push((i, len));
    }
    found
}

/// J304: 「几点」「几个方面」 for fewer than three items. 几 means three or
/// more; two items are 两点. The items are the 一是/二是 after it in its own
/// paragraph, else the headings or 一是-paragraphs that follow it; where
/// neither follows, nothing is said.
fn few(doc: &Document, scans: &[&Scan], out: &mut Vec<Finding>) {
    for (p, scan) in scans.iter().enumerate() {
        for &(at, len) in &scan.vague {
            let inline = scan.items.iter().filter(|(pos, _)| *pos > at).count();
            let count = if inline > 0 {
                inline
            } else {
                following_items(scans, p)
            };
            if count == 0 || count >= 3 {
                continue;
            }
            let f = doc.finding(
                p,
                at,
                len,
                Severity::Warning,
                "J304",
                String::new(),
                Some(format!(
                    "“几”指三个以上；只有 {count} 项时写“{}”",
                    if count == 1 { "一" } else { "两" }
                )),
            );
            let message = format!("说的是“{}”，后面只有 {count} 项", f.text);
            out.push(Finding { message, ..f });
        }
    }
}

/// Items announced at the end of paragraph `p`: the headings of the level
/// that follows it (up to a heading above that level), or the 一是/二是 of
/// the paragraphs after it that open with one.
fn following_items(scans: &[&Scan], p: usize) -> usize {
    let Some(next) = scans.get(p + 1) else {
        return 0;
    };
    if let Some(first) = next.marker {
        return scans[p + 1..]
            .iter()
            .filter_map(|s| s.marker)
            .take_while(|m| m.level >= first.level)
            .filter(|m| m.level == first.level)
            .count();
    }
    scans[p + 1..]
        .iter()
        .take_while(|s| s.items.first().is_some_and(|(pos, _)| *pos == 0))
        .map(|s| s.items.len())
        .sum()
}

fn label(m: &Marker) -> String {
    let cn = crate::zh::numeral(m.n).unwrap_or_else(|| m.n.to_string());
    match (m.level, m.style) {
        (1, Style::Di) => format!("第{cn}"),
        (1, Style::Gongwen) => format!("{cn}、"),
        (2, _) => format!("（{cn}）"),
        _ => format!("{}.", m.n),
    }
}

/// J302 gaps and repeats in heading numbers; J303 two styles at level 1.
fn sequences(doc: &Document, scans: &[&Scan], out: &mut Vec<Finding>) {
    let mut last: [Option<Marker>; 3] = [None, None, None];
    let mut first_style: Option<Style> = None;
    for (p, scan) in scans.iter().enumerate() {
        let Some(m) = scan.marker else {
            continue;
        };
        let idx = usize::from(m.level - 1);
        if m.level == 1 {
            match first_style {
                None => first_style = Some(m.style),
                Some(s) if s != m.style => out.push(doc.finding(
                    p,
                    0,
                    m.len,
                    Severity::Warning,
                    "J303",
                    format!(
                        "一级标题的编号样式不统一：这里用 `{}`，前文用的是另一种",
                        label(&m)
                    ),
                    Some("全文一级标题统一用“第一，”或统一用“一、”".to_owned()),
                )),
                Some(_) => {}
            }
        }
        let prev = last[idx];
        let expected = prev.map_or(1, |l| l.n + 1);
        if m.n != expected {
            let what = match prev {
                Some(l) if m.n <= l.n => {
                    format!("编号重复或倒退：`{}` 之后又是 `{}`", label(&l), label(&m))
                }
                Some(l) => format!("编号跳号：`{}` 之后是 `{}`", label(&l), label(&m)),
                None => format!("编号没有从头开始：第一个是 `{}`", label(&m)),
            };
            let want = Marker { n: expected, ..m };
            out.push(doc.finding(
                p,
                0,
                m.len,
                Severity::Error,
                "J302",
                what,
                Some(format!("这里应为 `{}`", label(&want))),
            ));
        }
        last[idx] = Some(m);
        for deeper in last.iter_mut().skip(idx + 1) {
            *deeper = None;
        }
    }
}

const POINT_WORDS: [&str; 7] = [
    "点意见",
    "点要求",
    "点建议",
    "点看法",
    "点体会",
    "个方面的意见",
    "个方面的要求",
];
const MEASURES: [char; 5] = ['个', '项', '条', '大', '种'];

/// Whether `c` can follow a number that announces a count: a measure word or
/// the start of one of `POINT_WORDS`. Asked only where a run of digits ends.
fn may_announce(c: char) -> bool {
    MEASURES.contains(&c) || POINT_WORDS.iter().any(|w| w.starts_with(c))
}

/// J301: announced counts against what they announce.
fn announced(doc: &Document, scans: &[&Scan], out: &mut Vec<Finding>) {
    let headings: Vec<usize> = scans
        .iter()
        .enumerate()
        .filter(|(_, s)| s.marker.is_some_and(|m| m.level == 1))
        .map(|(i, _)| i)
        .collect();
    for (p, scan) in scans.iter().enumerate() {
        for a in &scan.announced {
            let mismatch = if a.points {
                let later = headings.iter().filter(|&&h| h > p).count() as u64;
                (later > 0 && later != a.n).then(|| (later, "个一级标题".to_owned()))
            } else {
                a.listed.clone()
            };
            if let Some((actual, what)) = mismatch {
                let f = doc.finding(
                    p,
                    a.at,
                    a.len + 1,
                    Severity::Error,
                    "J301",
                    String::new(),
                    Some("让数字与内容一致：改数字，或增删相应的内容".to_owned()),
                );
                // The finding's text is what was said: the count and the word after it.
                let message = format!("说的是“{}”，实际有 {actual} {what}", f.text);
                out.push(Finding { message, ..f });
            }
        }
    }
}

/// Counts in one paragraph that announce points (checked later against the
/// headings), and counts that disagree with a list beside them.
fn announced_in(chars: &[char]) -> Vec<Announced> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        // Most characters are not digits: one test and on.
        if !(chars[i].is_ascii_digit() || is_cn_digit(chars[i])) {
            i += 1;
            continue;
        }
        let starts_number = i == 0 || !is_cn_digit(chars[i - 1]);
        if !starts_number {
            i += 1;
            continue;
        }
        // 第三项议程, 第2期: an ordinal names one item and counts nothing.
        if i > 0 && chars[i - 1] == '第' {
            i += 1;
            while i < chars.len() && (chars[i].is_ascii_digit() || is_cn_digit(chars[i])) {
                i += 1;
            }
            continue;
        }
        // Only a number followed by 点/个 or a measure word announces
        // anything; the rest (统一, 一定, 进一步) is passed over whole.
        let ascii = chars[i].is_ascii_digit();
        let run_end = (i + 1..chars.len())
            .find(|&k| {
                if ascii {
                    !chars[k].is_ascii_digit()
                } else {
                    !is_cn_digit(chars[k])
                }
            })
            .unwrap_or(chars.len());
        if !chars.get(run_end).is_some_and(|&c| may_announce(c)) {
            i = run_end;
            continue;
        }
        let Some((n, len)) = number_at(chars, i) else {
            i += 1;
            continue;
        };
        let rest = &chars[i + len..];
        let announces_points = POINT_WORDS.iter().any(|w| {
            let mut r = rest.iter();
            w.chars().all(|c| r.next() == Some(&c))
        });
        // 十八大, 党的二十大: a congress, named by its number; 三大任务 counts.
        let congress =
            chars.get(i + len) == Some(&'大') && (n >= 7 || (i > 0 && chars[i - 1] == '的'));
        let listed = if announces_points || congress {
            None
        } else if n >= 2 && chars.get(i + len).is_some_and(|c| MEASURES.contains(c)) {
            list_count(chars, i, len).filter(|(count, _)| *count != n)
        } else {
            None
        };
        if announces_points || listed.is_some() {
            found.push(Announced {
                at: i,
                len,
                n,
                points: announces_points,
                listed,
            });
        }
        i += len;
    }
    found
}

/// How far a count looks for the list it counts, either way: a list of a
/// sentence's length. Bounded, so that a paragraph of many counts is checked
/// in time linear in its length.
const LIST_REACH: usize = 400;

fn list_count(chars: &[char], at: usize, len: usize) -> Option<(u64, String)> {
    let mut k = at + len + 1;
    while k < chars.len() && k - at <= 10 && is_cjk(chars[k]) {
        k += 1;
    }
    if matches!(chars.get(k), Some('：' | ':')) {
        let tail: Vec<char> = chars[k + 1..]
            .iter()
            .copied()
            .take(LIST_REACH)
            .take_while(|c| !matches!(c, '。' | '.'))
            .collect();
        let items = enumeration_items(&tail);
        if items.len() >= 2 {
            return Some((items.len() as u64, "项（“一是”“二是”……）".to_owned()));
        }
        let by_semicolon = tail
            .split(|c| matches!(c, '；' | ';'))
            .filter(|s| !s.is_empty())
            .count();
        if by_semicolon >= 2 {
            return Some((by_semicolon as u64, "项（以分号隔开）".to_owned()));
        }
        let by_comma = tail.split(|c| *c == '、').filter(|s| !s.is_empty()).count();
        if by_comma >= 2 {
            return Some((by_comma as u64, "项（以顿号隔开）".to_owned()));
        }
        return None;
    }
    let reach = at.saturating_sub(LIST_REACH);
    let start = chars[reach..at]
        .iter()
        .rposition(|c| matches!(c, '，' | ',' | '。' | '；' | ';' | '：' | ':' | '“' | '”'))
        .map_or(reach, |s| reach + s + 1);
    let before = &chars[start..at];
    // 甲、乙、丙等三十个: 等 says the list is only a sample. After 、 the
    // count is itself an item of the list (十八大、十九大、二十大).
    if matches!(before.last(), Some('等' | '、')) {
        return None;
    }
    // A list whose items hold numbers themselves (增强四个意识、坚定四个自信,
    // 五位一体总体布局、四个全面) is a list of set phrases, and the count is
    // one more of them, not the size of the list.
    if before.iter().any(|c| is_cn_digit(*c) || c.is_ascii_digit()) {
        return None;
    }
    let items = before
        .split(|c| *c == '、')
        .filter(|s| !s.is_empty())
        .count();
    (items >= 2).then(|| (items as u64, "项（前面以顿号列出）".to_owned()))
}

/// `一是`, `二是` … items in a run of characters: (position, number).
pub(crate) fn enumeration_items(chars: &[char]) -> Vec<(usize, u64)> {
    let mut items = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_cn_digit(chars[i]) {
            i += 1;
            continue;
        }
        let boundary = i == 0
            || matches!(
                chars[i - 1],
                '，' | '。' | '；' | '：' | ',' | ';' | ':' | '、' | '“' | ' ' | '\u{3000}'
            );
        if boundary {
            if let Some((n, len)) = number_at(chars, i).filter(|_| !chars[i].is_ascii_digit()) {
                if chars.get(i + len) == Some(&'是') {
                    items.push((i, n));
                    i += len + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    items
}

/// J302 for 一是/二是 sequences, within a paragraph and across paragraphs that
/// each open with the next item.
fn enumerations(doc: &Document, scans: &[&Scan], out: &mut Vec<Finding>) {
    let mut carried: Option<u64> = None;
    for (p, scan) in scans.iter().enumerate() {
        let items = &scan.items;
        let opens_with_item = items.first().is_some_and(|(pos, _)| *pos == 0);
        let mut prev = if opens_with_item { carried } else { None };
        for (pos, n) in items {
            let expected = prev.map_or(1, |x| x + 1);
            if *n != expected {
                let cn = |v: u64| crate::zh::numeral(v).unwrap_or_default();
                let what = match prev {
                    Some(x) if *n <= x => format!("“{}是”之后又是“{}是”", cn(x), cn(*n)),
                    Some(x) => format!("“{}是”之后是“{}是”，中间缺了", cn(x), cn(*n)),
                    None => format!("列举从“{}是”开始，前面没有“一是”", cn(*n)),
                };
                let len = cn(*n).chars().count() + 1;
                out.push(doc.finding(
                    p,
                    *pos,
                    len,
                    Severity::Error,
                    "J302",
                    format!("列举序号不连续：{what}"),
                    Some(format!("这里应为“{}是”", cn(expected))),
                ));
            }
            prev = Some(*n);
        }
        carried = if items.is_empty() { None } else { prev };
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Document, Options, run as check};

    fn found(text: &str) -> Vec<(&'static str, String)> {
        check(&Document::from_text("t", text, false), &Options::default())
            .into_iter()
            .filter(|f| f.code.starts_with("J30"))
            .map(|f| (f.code, f.text))
            .collect()
    }

    #[test]
    fn fixed_terms_are_names_not_counts() {
        for text in [
            "深入学习贯彻党的十八大、十九大、二十大精神。",
            "党的二十大以来，十八大以来的成就。",
            "增强四个意识、坚定四个自信、做到两个维护。",
            "坚持两个确立、两个维护，践行三严三实。",
            "全国两会、省两会精神要传达到位。",
            "统筹推进五位一体总体布局、协调推进四个全面战略布局。",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
        // Counts of a list of ordinary words are still checked.
        assert_eq!(
            found("青山、红星、天山两个街道率先完成。"),
            [("J301", "两个".to_owned())]
        );
        assert_eq!(
            found("抓好三大任务：一是稳增长，二是惠民生。"),
            [("J301", "三大".to_owned())]
        );
    }
    #[test]
    fn a_few_means_three_or_more() {
        // Two items after 几点, in the paragraph or as headings that follow.
        assert_eq!(
            found("我提几点希望：一是学习；二是实践。"),
            [("J304", "几点".to_owned())]
        );
        assert_eq!(
            found("下面，我讲几点意见。\n一、甲\n二、乙\n"),
            [("J304", "几点".to_owned())]
        );
        assert_eq!(
            found("要从几个方面用力。\n一是甲。\n二是乙。\n"),
            [("J304", "几个方面".to_owned())]
        );
        // Three or more, or nothing that says how many: quiet.
        assert!(found("我提几点希望：一是学习；二是实践；三是创新。").is_empty());
        assert!(found("下面，我讲几点意见。\n一、甲\n（一）子\n二、乙\n三、丙\n").is_empty());
        assert!(found("讲几点意见，供大家参考。").is_empty());
        assert!(found("要抓好以下几点：\n一是甲；二是乙；三是丙。\n").is_empty());
        // Not 几 as “a few” announcing items.
        for text in [
            "十几点建议：一是甲；二是乙。",
            "明天几点钟开会：一是甲；二是乙。",
            "这几项工作：一是甲；二是乙。",
            "好几点建议：一是甲；二是乙。",
        ] {
            assert!(found(text).is_empty(), "{text}");
        }
    }
    #[test]
    fn three_points_announced_four_given() {
        let text = "下面，我讲三点意见。\n第一，甲。\n第二，乙。\n第三，丙。\n第四，丁。\n";
        assert_eq!(found(text), [("J301", "三点".to_owned())]);
    }
    #[test]
    fn matching_point_count_is_quiet() {
        assert!(found("下面，我讲两点意见。\n一、甲\n二、乙\n").is_empty());
    }
    #[test]
    fn ascii_punctuation_still_counts() {
        let text = "下面,我讲三点意见.\n第一,甲.\n第二,乙.\n";
        assert_eq!(found(text), [("J301", "三点".to_owned())]);
    }
    #[test]
    fn named_set_after_colon() {
        assert_eq!(
            found("关键看三个体现：一是甲；二是乙。"),
            [("J301", "三个".to_owned())]
        );
        assert!(found("关键看三个体现：一是甲；二是乙；三是丙。").is_empty());
    }
    #[test]
    fn stages_listed_before_the_count() {
        assert_eq!(
            found("分动员部署、集中整治三个阶段推进。"),
            [("J301", "三个".to_owned())]
        );
        assert!(found("分动员部署、集中整治、巩固提升三个阶段推进。").is_empty());
    }
    #[test]
    fn an_ordinal_counts_nothing() {
        assert!(found("进行第三项议程：请东湖街道、区住建局负责同志发言。").is_empty());
        assert!(found("第3期培训班：甲、乙参加。").is_empty());
        assert_eq!(
            found("会议有三项议程：请东湖街道、区住建局负责同志发言。"),
            [("J301", "三项".to_owned())]
        );
    }
    #[test]
    fn a_sample_list_is_not_counted() {
        assert!(found("举办田径、团体操、趣味接力等30个项目的比赛。").is_empty());
    }
    #[test]
    fn semicolon_list_after_colon() {
        assert_eq!(
            found("分四个阶段：12月为甲；1月为乙；2月为丙。"),
            [("J301", "四个".to_owned())]
        );
    }
    #[test]
    fn numbers_inside_words_and_mixed_digits_are_quiet() {
        assert!(found("统一思想，进一步落实，三3个阶段，一二三四。").is_empty());
        assert_eq!(
            found("甲、乙两3个阶段，分甲、乙、丙两个阶段。"),
            [("J301", "两个".to_owned())]
        );
    }
    #[test]
    fn durations_are_not_sets() {
        assert!(found("为期六个月，全区共确定了12个试点单位，确保六个月内见效。").is_empty());
    }
    #[test]
    fn gap_in_di_headings() {
        assert_eq!(
            found("第一，甲。\n第三，丙。\n"),
            [("J302", "第三，".to_owned())]
        );
    }
    #[test]
    fn repeat_in_gongwen_headings() {
        assert_eq!(
            found("一、甲\n二、乙\n二、丙\n"),
            [("J302", "二、".to_owned())]
        );
    }
    #[test]
    fn second_level_restarts_under_each_point() {
        assert!(found("一、甲\n（一）子\n（二）子\n二、乙\n（一）子\n").is_empty());
        assert_eq!(
            found("一、甲\n（一）子\n（三）子\n"),
            [("J302", "（三）".to_owned())]
        );
    }
    #[test]
    fn mixed_level_one_styles() {
        assert_eq!(found("第一，甲。\n二、乙\n"), [("J303", "二、".to_owned())]);
    }
    #[test]
    fn yishi_erhshi_sequence() {
        assert!(found("一是抓统筹；二是抓落实；三是抓督导。").is_empty());
        assert_eq!(
            found("一是抓统筹；三是抓督导。"),
            [("J302", "三是".to_owned())]
        );
        assert_eq!(
            found("一是抓统筹；二是抓落实；二是抓督导。"),
            [("J302", "二是".to_owned())]
        );
        assert_eq!(found("要求：二是抓落实。"), [("J302", "二是".to_owned())]);
    }
    #[test]
    fn yishi_across_paragraphs() {
        assert!(found("一是抓统筹。\n二是抓落实。\n三是抓督导。").is_empty());
        assert_eq!(
            found("一是抓统筹。\n三是抓督导。"),
            [("J302", "三是".to_owned())]
        );
    }
    #[test]
    fn tongyi_is_not_an_item() {
        assert!(found("思想统一是前提。").is_empty());
    }
}
