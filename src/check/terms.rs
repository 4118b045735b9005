//! J401 forbidden terms, J402 preferred terms (both from the profile's
//! `[check]`), J601 half-width punctuation in Chinese text, J602 traditional
//! characters in a simplified draft.

use super::{Document, Finding, Options, Para, Scan, Severity};
use crate::zh::text::{is_cjk, simplified_of};

/// J601 and J602 in one paragraph: they depend on nothing else.
pub(super) fn scan(para: &Para, chars: &[char]) -> Vec<Finding> {
    half_width(para, chars)
        .into_iter()
        .chain(traditional(para, chars))
        .collect()
}

pub(super) fn run(doc: &Document, scans: &[&Scan], opts: &Options, out: &mut Vec<Finding>) {
    for (p, para) in doc.paras.iter().enumerate() {
        for word in opts.forbid.iter().filter(|w| !w.is_empty()) {
            for start in char_matches(&para.text, word) {
                out.push(doc.finding(
                    p,
                    start,
                    word.chars().count(),
                    Severity::Error,
                    "J401",
                    format!("出现了禁用词 `{word}`"),
                    Some("删去或改写；禁用词在配置文件的 [check] forbid 中设定".to_owned()),
                ));
            }
        }
        for (old, new) in opts.prefer.iter().filter(|(o, _)| !o.is_empty()) {
            for start in char_matches(&para.text, old) {
                out.push(doc.finding(
                    p,
                    start,
                    old.chars().count(),
                    Severity::Warning,
                    "J402",
                    format!("`{old}` 建议改为 `{new}`"),
                    Some("用词规范在配置文件的 [check] prefer 中设定".to_owned()),
                ));
            }
        }
        out.extend(scans[p].terms.iter().map(|f| doc.place(f.clone(), p)));
    }
}

/// Character positions where `needle` occurs in `text`.
fn char_matches(text: &str, needle: &str) -> Vec<usize> {
    text.match_indices(needle)
        .map(|(b, _)| text[..b].chars().count())
        .collect()
}

fn half_width(para: &Para, chars: &[char]) -> Option<Finding> {
    let hits: Vec<usize> = (0..chars.len())
        .filter(|&i| {
            chars[i].is_ascii() && matches!(chars[i], ',' | ';' | ':' | '?' | '!' | '(' | ')')
        })
        .filter(|&i| {
            let before = i.checked_sub(1).map(|k| chars[k]);
            let after = chars.get(i + 1).copied();
            before.is_some_and(is_cjk) || after.is_some_and(is_cjk)
        })
        .collect();
    let &first = hits.first()?;
    Some(para.finding(
        first,
        1,
        Severity::Warning,
        "J601",
        format!(
            "中文里用了半角标点 `{}`（本段共 {} 处）",
            chars[first],
            hits.len()
        ),
        Some("中文正文用全角标点：，；：？！（）".to_owned()),
    ))
}

fn traditional(para: &Para, chars: &[char]) -> Option<Finding> {
    let hits: Vec<(usize, char, char)> = chars
        .iter()
        .enumerate()
        .filter_map(|(i, c)| simplified_of(*c).map(|s| (i, *c, s)))
        .collect();
    let &(first, _, _) = hits.first()?;
    let mut list: Vec<String> = Vec::new();
    for (_, t, s) in &hits {
        let pair = format!("{t}→{s}");
        if !list.contains(&pair) {
            list.push(pair);
        }
    }
    Some(para.finding(
        first,
        1,
        Severity::Warning,
        "J602",
        format!("出现了繁体字：{}", list.join("、")),
        Some("讲话稿用规范简体字".to_owned()),
    ))
}

#[cfg(test)]
mod tests {
    use super::super::{Document, Options, run as check};

    fn codes(text: &str, opts: &Options) -> Vec<(&'static str, String)> {
        check(&Document::from_text("t", text, false), opts)
            .into_iter()
            .map(|f| (f.code, f.text))
            .collect()
    }

    #[test]
    fn forbidden_and_preferred_words() {
        let opts = Options {
            forbid: vec!["高大上".into()],
            prefer: vec![("抓手".into(), "载体".into())],
            ..Options::default()
        };
        assert_eq!(
            codes("这是高大上的抓手，抓手要实。", &opts),
            [
                ("J401", "高大上".into()),
                ("J402", "抓手".into()),
                ("J402", "抓手".into())
            ]
        );
    }
    #[test]
    fn half_width_punctuation_once_per_paragraph() {
        let f = codes("同志们,今天开会;大家好:", &Options::default());
        assert_eq!(f, [("J601", ",".into())]);
        assert!(codes("Excel,Word 12:00", &Options::default()).is_empty());
    }
    #[test]
    fn traditional_closing() {
        assert_eq!(
            codes("同誌們，讓我們共同努力！", &Options::default()),
            [("J602", "誌".into())]
        );
    }
}
