//! J401 forbidden terms, J402 preferred terms (both from the profile's
//! `[check]`), J403 words of another register, J601 half-width punctuation in
//! Chinese text, J602 traditional characters in a simplified draft, J603 a
//! word or phrase written twice in a row.

use super::{Document, Finding, Options, Para, Scan, Severity};
use crate::zh::text::{is_cjk, simplified_of};

/// J601 and J602 in one paragraph: they depend on nothing else.
pub(super) fn scan(para: &Para, chars: &[char]) -> Vec<Finding> {
    half_width(para, chars)
        .into_iter()
        .chain(traditional(para, chars))
        .chain(doubled(para, chars))
        .collect()
}

pub(super) fn run(doc: &Document, scans: &[&Scan], opts: &Options, out: &mut Vec<Finding>) {
    for (p, para) in doc.paras.iter().enumerate() {
        let mut words = |word: &str, severity, code, message: String, hint: String| {
            for start in char_matches(&para.text, word) {
                out.push(doc.finding(
                    p,
                    start,
                    word.chars().count(),
                    severity,
                    code,
                    message.clone(),
                    Some(hint.clone()),
                ));
            }
        };
        for word in opts.forbid.iter().filter(|w| !w.is_empty()) {
            words(
                word,
                Severity::Error,
                "J401",
                format!("出现了禁用词 `{word}`"),
                "删去或改写；禁用词在配置文件的 [check] forbid 中设定".to_owned(),
            );
        }
        for (old, new) in opts.prefer.iter().filter(|(o, _)| !o.is_empty()) {
            words(
                old,
                Severity::Warning,
                "J402",
                format!("`{old}` 建议改为 `{new}`"),
                "用词规范在配置文件的 [check] prefer 中设定".to_owned(),
            );
        }
        for (word, instead) in opts.avoid.iter().filter(|(w, _)| !w.is_empty()) {
            words(
                word,
                Severity::Warning,
                "J403",
                format!("`{word}` 不合{}的讲话对象", opts.register),
                format!("改为“{instead}”；单位类型和称呼在配置文件的 [register] 中设定"),
            );
        }
        out.extend(scans[p].terms.iter().map(|f| doc.place(f.clone(), p)));
    }
}

/// J603: a word or phrase of two to eight characters written twice in a row
/// (上下上下, 进一步进一步), which an edit or a template often leaves. Counting
/// by ones (一项一项, 一步一步) is how the language says “one by one”, and
/// is passed over.
fn doubled(para: &Para, chars: &[char]) -> Option<Finding> {
    let n = chars.len();
    for i in 0..n {
        if !is_cjk(chars[i]) {
            continue;
        }
        for len in 2..=8.min((n - i) / 2) {
            let (a, b) = (&chars[i..i + len], &chars[i + len..i + 2 * len]);
            if a != b || !a.iter().all(|&c| is_cjk(c)) {
                continue;
            }
            // 一项一项, 一件事一件事: counting by ones.
            if a[0] == '一' && len <= 4 {
                continue;
            }
            let word: String = a.iter().collect();
            return Some(para.finding(
                i,
                2 * len,
                Severity::Warning,
                "J603",
                format!("“{word}”连写了两遍"),
                Some(format!("删去重复的“{word}”")),
            ));
        }
    }
    None
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
    fn a_phrase_written_twice_is_found() {
        let opts = Options::default();
        for (text, hit) in [
            ("只要全县上下上下一心，就一定能成功。", "上下上下"),
            ("要进一步进一步加强领导。", "进一步进一步"),
            ("我们我们要努力。", "我们我们"),
            ("確保工作工作落實。", "工作工作"),
        ] {
            let found = codes(text, &opts);
            assert!(
                found.contains(&("J603", hit.to_owned())),
                "{text}: {found:?}"
            );
        }
        for text in [
            "要一项一项抓落实，一步一步向前走。",
            "一件事一件事地抓，一个环节一个环节地过。",
            "扎扎实实、认认真真地把工作做好。",
            "天天讲、月月讲。",
            "上下一心，步调一致。",
            "工作。工作要抓实。",
        ] {
            let found = codes(text, &opts);
            assert!(
                !found.iter().any(|(c, _)| *c == "J603"),
                "{text}: {found:?}"
            );
        }
    }

    #[test]
    fn words_of_another_register_are_warned() {
        let register = crate::register::Register::of_kind("学校").unwrap();
        let opts = Options {
            avoid: register.avoid(),
            register: register.kind,
            ..Options::default()
        };
        let found = codes("全校干部群众要行动起来。女士们、先生们，欢迎！", &opts);
        assert!(
            found.contains(&("J403", "干部群众".to_owned())),
            "{found:?}"
        );
        assert!(
            found.contains(&("J403", "女士们、先生们".to_owned())),
            "{found:?}"
        );
        assert!(codes("老师们、同学们，全校师生要行动起来。", &opts).is_empty());
        // Without a register nothing is out of place.
        assert!(codes("全区干部群众要行动起来。", &Options::default()).is_empty());
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
