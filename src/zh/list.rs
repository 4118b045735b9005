//! Lists as Chinese prose: 甲、乙、丙; “甲”; 一是甲；二是乙。

use super::numeral::numeral;

/// Joins items with `sep` (the enumeration comma 、 by default in templates).
pub fn join<S: AsRef<str>>(items: &[S], sep: &str) -> String {
    items
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(sep)
}

/// Wraps text in full-width double quotes: “主题教育”.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 6);
    out.push('“');
    out.push_str(s);
    out.push('”');
    out
}

/// The sentence punctuation an item may already end with; dropped before the
/// enumeration adds its own.
const TRAILING: &[char] = &['。', '；', '，', '、', ';', ',', '.', ' ', '\u{3000}'];

/// 一是甲；二是乙；三是丙。 — every item kept, its own closing punctuation
/// replaced so the sentence punctuates once.
pub fn enumerate<S: AsRef<str>>(items: &[S]) -> String {
    // Each item gains at most 二十X是 and a ；, seven characters in UTF-8.
    let room = items.iter().map(|i| i.as_ref().len() + 21).sum::<usize>();
    let mut out = String::with_capacity(room);
    for (i, item) in items.iter().enumerate() {
        let text = item.as_ref().trim().trim_end_matches(TRAILING);
        if i > 0 {
            out.push('；');
        }
        // Item counts are far below numeral's limit.
        out.push_str(&numeral(i as u64 + 1).unwrap_or_default());
        out.push('是');
        out.push_str(text);
    }
    if !out.is_empty() {
        out.push('。');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_with_dun_comma() {
        assert_eq!(join(&["甲", "乙", "丙"], "、"), "甲、乙、丙");
    }
    #[test]
    fn join_single() {
        assert_eq!(join(&["甲"], "、"), "甲");
    }
    #[test]
    fn join_empty() {
        assert_eq!(join::<&str>(&[], "、"), "");
    }
    #[test]
    fn quote_full_width() {
        assert_eq!(quote("两个确立"), "“两个确立”");
    }
    #[test]
    fn enumerate_three() {
        assert_eq!(
            enumerate(&["抓统筹", "抓落实", "抓督导"]),
            "一是抓统筹；二是抓落实；三是抓督导。"
        );
    }
    #[test]
    fn enumerate_strips_item_punctuation() {
        assert_eq!(
            enumerate(&["抓统筹。", "抓落实；", "抓督导;"]),
            "一是抓统筹；二是抓落实；三是抓督导。"
        );
    }
    #[test]
    fn enumerate_single() {
        assert_eq!(enumerate(&["抓落实"]), "一是抓落实。");
    }
    #[test]
    fn enumerate_empty() {
        assert_eq!(enumerate::<&str>(&[]), "");
    }
    #[test]
    fn enumerate_eleven_items() {
        let items: Vec<String> = (0..11).map(|i| format!("事{i}")).collect();
        assert!(enumerate(&items).contains("；十一是事10。"));
    }
}
