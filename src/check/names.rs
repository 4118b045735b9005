//! J201–J203: place and unit names that do not belong in this speech.
//!
//! A name here is a short run of characters (at most three before the suffix) ending in 省, 市, 区, 县, 镇, 乡,
//! 街道, 社区 or 村 (`青山街道`, `临河县`). Chinese has no spaces, so where a
//! name starts is a guess: it stops at function characters (的, 在, 对, 全, 各…),
//! at another suffix, and drops a leading verb (召开, 开展…). Common nouns that
//! end the same way (小区, 农村, 城乡, 保护区…) are not names.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use super::{Document, Finding, Options, Scan, Severity};
use crate::zh::text::{CharSet, chars_of, is_cjk};

/// The suffixes as characters, matched at every position of every draft.
const SUFFIX_CHARS: [(&str, &[char]); 9] = [
    ("街道", &['街', '道']),
    ("社区", &['社', '区']),
    ("省", &['省']),
    ("市", &['市']),
    ("区", &['区']),
    ("县", &['县']),
    ("镇", &['镇']),
    ("乡", &['乡']),
    ("村", &['村']),
];

/// The characters every name suffix starts with.
static SUFFIX_FIRST: CharSet =
    CharSet::new(&['街', '社', '省', '市', '区', '县', '镇', '乡', '村']);

/// Whether `s` could hold a name at all: [`find_names`] finds none in a
/// text without the first character of some suffix.
pub fn may_hold_names(s: &str) -> bool {
    s.chars().any(|c| SUFFIX_FIRST.contains(c))
}

/// [`find_names`] of a string. Most profile values hold no name, and are
/// passed over without being split into characters.
pub fn names_in(text: &str) -> Vec<Name> {
    if may_hold_names(text) {
        find_names(&chars_of(text))
    } else {
        Vec::new()
    }
}

/// The suffix starting at `at`, if any.
#[inline]
fn suffix_at(chars: &[char], at: usize) -> Option<(&'static str, usize)> {
    if !SUFFIX_FIRST.contains(chars[at]) {
        return None;
    }
    SUFFIX_CHARS
        .iter()
        .find(|(_, cs)| chars[at..].starts_with(cs))
        .map(|(s, cs)| (*s, cs.len()))
}
/// Function characters that end the word before a name (的, 在, 对, 全, 各…).
fn is_stop(c: char) -> bool {
    static STOPS: CharSet = CharSet::new(&[
        '的', '了', '在', '对', '把', '为', '和', '与', '及', '或', '是', '等', '各', '全', '本',
        '我', '该', '此', '每', '从', '到', '向', '由', '将', '被', '让', '使', '以', '于', '其',
        '这', '那', '们', '个', '要', '逐', '不',
    ]);
    STOPS.contains(c)
}
/// Words that end right before a bare 县委, 区政府…: what precedes them is not a name.
const BEFORE_BARE: [&str; 26] = [
    "落实", "按照", "依照", "根据", "对照", "围绕", "经过", "通过", "关于", "作为", "结合", "贯彻",
    "部署", "服从", "配合", "报告", "汇报", "带领", "要求", "指示", "辜负", "感谢", "依靠", "依托",
    "上报", "代表",
];
/// Common words that begin with a one-character suffix: in 开拓市场 or
/// 广大市民 there is no place called 开拓市 or 广大市.
const WORDS_FROM_SUFFIX: [&str; 30] = [
    "市场", "市民", "市值", "市容", "市面", "市井", "区域", "区别", "区分", "区间", "镇静", "镇守",
    "乡亲", "乡愁", "乡土", "乡音", "乡情", "村民", "村庄", "村落", "村级", "村务", "省份", "省钱",
    "省心", "省力", "省时", "省事", "县域", "乡贤",
];
const VERB_PREFIXES: [&str; 13] = [
    "召开", "开展", "推进", "推动", "深入", "走进", "来到", "确定", "学习", "支持", "帮助", "指导",
    "广大",
];
const GENERIC: [&str; 66] = [
    "小区",
    "社区",
    "辖区",
    "城区",
    "园区",
    "景区",
    "片区",
    "街区",
    "校区",
    "地区",
    "山区",
    "灾区",
    "郊区",
    "市区",
    "误区",
    "盲区",
    "禁区",
    "保护区",
    "开发区",
    "示范区",
    "试验区",
    "功能区",
    "核心区",
    "风景区",
    "住宅区",
    "居民区",
    "生活区",
    "工业区",
    "城市",
    "超市",
    "上市",
    "集市",
    "门市",
    "股市",
    "楼市",
    "城镇",
    "乡镇",
    "村镇",
    "集镇",
    "古镇",
    "重镇",
    "城乡",
    "家乡",
    "故乡",
    "下乡",
    "返乡",
    "农村",
    "乡村",
    "山村",
    "渔村",
    "行政村",
    "自然村",
    "城中村",
    "新农村",
    "节省",
    "反省",
    "各省",
    "外省",
    "外县",
    "县区",
    "县市",
    "市县",
    "省市",
    "社区村",
    "区县",
    "市区县",
];
const GENERIC_STEMS: [&str; 16] = [
    "城市", "农村", "基层", "老旧", "周边", "相关", "有关", "其他", "所在", "所属", "重点", "试点",
    "城乡", "县域", "乡村", "城镇",
];

/// The word lists as characters, since names are found in character arrays,
/// and for each list a character every match must have: most candidates
/// fail that one test and skip the list.
struct Words {
    verb_prefixes: Vec<Vec<char>>,
    before_bare: Vec<Vec<char>>,
    generic: Vec<Vec<char>>,
    generic_stems: Vec<Vec<char>>,
    /// First characters of `verb_prefixes`.
    verb_first: CharSet,
    /// Last characters of `before_bare`.
    bare_last: CharSet,
    /// Next-to-last characters of `generic` (every word has two or more).
    generic_penult: CharSet,
    /// First characters of `generic_stems`.
    stem_first: CharSet,
}

/// Slice comparisons without a call to `memcmp`: the words are two or three
/// characters and are compared at every suffix of every draft.
#[inline]
fn same(a: &[char], b: &[char]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

#[inline]
fn ends_with(hay: &[char], end: &[char]) -> bool {
    hay.len() >= end.len() && same(&hay[hay.len() - end.len()..], end)
}

fn words() -> &'static Words {
    static WORDS: OnceLock<Words> = OnceLock::new();
    WORDS.get_or_init(|| {
        let split = |list: &[&str]| -> Vec<Vec<char>> {
            list.iter().map(|w| w.chars().collect()).collect()
        };
        let (verb_prefixes, before_bare) = (split(&VERB_PREFIXES), split(&BEFORE_BARE));
        let (generic, generic_stems) = (split(&GENERIC), split(&GENERIC_STEMS));
        Words {
            verb_first: CharSet::of_bmp(verb_prefixes.iter().map(|w| w[0])),
            bare_last: CharSet::of_bmp(before_bare.iter().map(|w| w[w.len() - 1])),
            generic_penult: CharSet::of_bmp(generic.iter().map(|w| w[w.len() - 2])),
            stem_first: CharSet::of_bmp(generic_stems.iter().map(|w| w[0])),
            verb_prefixes,
            before_bare,
            generic,
            generic_stems,
        }
    })
}

/// A name found in text: characters `start..end` of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub text: String,
    pub suffix: &'static str,
    pub start: usize,
    pub end: usize,
}

/// The place and unit names in a run of characters.
pub fn find_names(chars: &[char]) -> Vec<Name> {
    let mut names = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let Some((suffix, suffix_len)) = suffix_at(chars, i) else {
            i += 1;
            continue;
        };
        // 市场, 村民, 省心: the suffix begins a common word instead; but
        // 青山市民政局 is 青山市 and its 民政局.
        if suffix_len == 1
            && chars.get(i + 1).is_some_and(|&n| {
                WORDS_FROM_SUFFIX
                    .iter()
                    .any(|w| w.chars().eq([chars[i], n]))
            })
            && chars.get(i + 2) != Some(&'政')
        {
            i += 1;
            continue;
        }
        let mut start = i;
        while start > 0 && i - start < 5 {
            let c = chars[start - 1];
            let at_suffix = matches!(c, '道' | '区' | '省' | '市' | '县' | '镇' | '乡' | '村');
            if !is_cjk(c) || is_stop(c) || at_suffix {
                break;
            }
            start -= 1;
        }
        // One character or none before the suffix (全市, 各区) is never a
        // name: the word lists below would only say so more slowly.
        if i - start < 2 {
            i += suffix_len;
            continue;
        }
        let words = words();
        let stem = &chars[start..i];
        // A verb inside the run ends the word before the name: 在这里召开|青山街道.
        let cut = if stem.iter().any(|c| words.verb_first.contains(*c)) {
            words
                .verb_prefixes
                .iter()
                .filter_map(|v| {
                    stem.windows(v.len())
                        .rposition(|w| same(w, v))
                        .map(|b| b + v.len())
                })
                .max()
        } else {
            None
        };
        if let Some(cut) = cut {
            start += cut;
        }
        if stem.last().is_some_and(|c| words.bare_last.contains(*c))
            && words.before_bare.iter().any(|w| ends_with(stem, w))
        {
            i += suffix_len;
            continue;
        }
        // Before 委 or 政府 (县委, 区政府) the run is usually the words before a
        // bare committee (不辜负县委); only a two-character stem is taken as a name.
        let committee = matches!(chars.get(i + suffix_len), Some('委' | '政'));
        if committee && i - start > 2 {
            i += suffix_len;
            continue;
        }
        // Most place names have two or three characters before the suffix; a
        // longer run has probably swallowed the word before it.
        start = start.max(i.saturating_sub(3));
        let stem = &chars[start..i];
        let end = i + suffix_len;
        let text = &chars[start..end];
        let generic = (text.len() >= 2
            && words.generic_penult.contains(text[text.len() - 2])
            && words.generic.iter().any(|g| ends_with(text, g)))
            || (stem.first().is_some_and(|c| words.stem_first.contains(*c))
                && words.generic_stems.iter().any(|g| same(stem, g)));
        let masked = stem.iter().all(|&c| c == '某');
        if stem.len() >= 2 && !generic && !masked {
            names.push(Name {
                text: text.iter().collect(),
                suffix,
                start,
                end,
            });
        }
        i = end;
    }
    names
}

/// Suffixes that stand right after a mask in one paragraph: `**街道` masks a 街道.
pub(super) fn masked_kinds(chars: &[char]) -> Vec<&'static str> {
    let mut kinds = Vec::new();
    for i in 1..chars.len() {
        let after_mask = matches!(
            chars[i - 1],
            '*' | '＊' | '×' | 'X' | 'x' | 'Ｘ' | '☆' | '□'
        ) || (chars[i - 1] == '某' && i >= 2 && chars[i - 2] == '某');
        if after_mask {
            if let Some((s, _)) = suffix_at(chars, i) {
                if !kinds.contains(&s) {
                    kinds.push(s);
                }
            }
        }
    }
    kinds
}

pub(super) fn run(doc: &Document, scans: &[&Scan], opts: &Options, out: &mut Vec<Finding>) {
    let found: Vec<(usize, &Name)> = scans
        .iter()
        .enumerate()
        .flat_map(|(p, scan)| scan.names.iter().map(move |n| (p, n)))
        .collect();
    if found.is_empty() {
        return;
    }
    match &opts.known_names {
        Some(known) => {
            // The kinds of place the profile names (街道, 社区…), needed only
            // for an undeclared name, which in a clean draft never comes.
            let mut own_kinds: Option<BTreeSet<&str>> = None;
            // Declared names joined by a character no name contains: one
            // search per candidate instead of one per declared value.
            let joined = known.join("\u{1F}");
            let mut declared: HashMap<String, bool> = HashMap::new();
            for (p, name) in found {
                // The guessed start may have taken a character too many
                // (提升|青山街道): a declared name at its end counts.
                let is_declared = *declared.entry(name.text.clone()).or_insert_with(|| {
                    let chars = chars_of(&name.text);
                    let last_start = chars.len().saturating_sub(name.suffix.chars().count() + 2);
                    (0..=last_start).any(|s| {
                        let tail: String = chars[s..].iter().collect();
                        joined.contains(&tail)
                    })
                });
                if is_declared {
                    continue;
                }
                let same_kind = own_kinds
                    .get_or_insert_with(|| {
                        known
                            .iter()
                            .flat_map(|k| names_in(k))
                            .map(|n| n.suffix)
                            .collect()
                    })
                    .contains(name.suffix);
                out.push(doc.finding(
                    p,
                    name.start,
                    name.end - name.start,
                    if same_kind { Severity::Error } else { Severity::Warning },
                    "J201",
                    format!("`{}` 不是配置文件中的名称，可能是其他单位的名称", name.text),
                    Some("如果确实要提到它，把它加进配置文件的 aliases 列表；否则改为本单位的名称".to_owned()),
                ));
            }
        }
        None => {
            let masked: BTreeSet<&str> = scans
                .iter()
                .flat_map(|s| s.masked_kinds.iter().copied())
                .collect();
            for &(p, name) in &found {
                if masked.contains(name.suffix) {
                    out.push(doc.finding(
                        p,
                        name.start,
                        name.end - name.start,
                        Severity::Error,
                        "J202",
                        format!(
                            "文中别处把{}名称遮住了，这里却写出了 `{}`：很可能是范文原单位的名称",
                            name.suffix, name.text
                        ),
                        Some("改为本单位的名称，或用 --profile 指明本单位的配置".to_owned()),
                    ));
                }
            }
            spellings(doc, &found, out);
        }
    }
}

/// J203: two names of one kind whose stems differ by one character
/// (`青山街道` / `青山路街道`) are probably one name spelled two ways.
fn spellings(doc: &Document, found: &[(usize, &Name)], out: &mut Vec<Finding>) {
    let mut reported = BTreeSet::new();
    for (k, (p, name)) in found.iter().enumerate() {
        let earlier = found[..k].iter().map(|(_, n)| n).find(|n| {
            n.suffix == name.suffix
                && n.text != name.text
                && strsim::levenshtein(&n.text, &name.text) == 1
        });
        if let Some(first) = earlier {
            if reported.insert(name.text.clone()) {
                out.push(doc.finding(
                    *p,
                    name.start,
                    name.end - name.start,
                    Severity::Warning,
                    "J203",
                    format!(
                        "`{}` 与前文的 `{}` 像是同一个名称的两种写法",
                        name.text, first.text
                    ),
                    Some("核对名称，全文统一".to_owned()),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Document, Options, run as check};
    use super::*;

    fn names(text: &str) -> Vec<String> {
        find_names(&chars_of(text))
            .into_iter()
            .map(|n| n.text)
            .collect()
    }

    #[test]
    fn texts_without_a_suffix_character_hold_no_names() {
        for text in ["全面排查问题，建立台账", "干部0", "", "abc", "落实责任"] {
            assert!(!may_hold_names(text));
            assert!(find_names(&chars_of(text)).is_empty());
        }
        for text in ["青山街道", "临河区教育局", "各社区", "全市"] {
            assert!(may_hold_names(text), "{text}");
        }
    }

    #[test]
    fn street_after_a_verb() {
        assert_eq!(names("今天我们召开青山街道动员会"), ["青山街道"]);
        assert!(names("我代表区委，向大家表示祝贺").is_empty());
        for text in [
            "要开拓市场",
            "让不干事的人没市场",
            "广大市民",
            "服务广大村民",
            "让群众省心省力",
        ] {
            assert!(names(text).is_empty(), "{text}");
        }
        assert_eq!(names("青山市民政局"), ["青山市"]);
        assert!(names("广大街道社区干部要带头").is_empty());
        assert_eq!(names("今天，我们在这里召开青山街道动员会"), ["青山街道"]);
    }
    #[test]
    fn county_after_function_char() {
        assert_eq!(names("向临河县学习，在平安县调研"), ["临河县", "平安县"]);
    }
    #[test]
    fn stops_at_another_suffix() {
        assert_eq!(names("临河县城关镇"), ["临河县", "城关镇"]);
    }
    #[test]
    fn common_nouns_are_not_names() {
        assert!(names("全区老旧小区、农村、城乡接合部、水源保护区、各乡镇、村容村貌、全市、县委、区政府、社区").is_empty());
    }
    #[test]
    fn bare_party_committee_is_not_a_name() {
        assert!(names("深入贯彻落实县委、县政府部署，按照区委要求，逐村逐户摸清底数").is_empty());
        assert_eq!(names("临河县委"), ["临河县"]);
        assert!(names("不辜负县委、县政府的信任").is_empty());
        assert!(names("不辜负县教育局的信任").is_empty());
    }
    #[test]
    fn masked_names_are_not_names() {
        assert!(names("**街道、某某社区").is_empty());
    }

    fn findings(text: &str, known: Option<Vec<&str>>) -> Vec<(&'static str, String, Severity)> {
        let opts = Options {
            known_names: known.map(|k| k.into_iter().map(String::from).collect()),
            ..Options::default()
        };
        check(&Document::from_text("t", text, false), &opts)
            .into_iter()
            .filter(|f| f.code.starts_with("J20"))
            .map(|f| (f.code, f.text, f.severity))
            .collect()
    }

    #[test]
    fn profile_names_are_declared() {
        assert!(
            findings(
                "青山街道在青山区委的领导下",
                Some(vec!["青山街道", "青山区委"])
            )
            .is_empty()
        );
    }
    #[test]
    fn foreign_name_of_own_kind_is_an_error() {
        assert_eq!(
            findings("要向红星街道学习，借鉴浦东新区经验", Some(vec!["青山街道"])),
            [
                ("J201", "红星街道".to_owned(), Severity::Error),
                ("J201", "浦东新区".to_owned(), Severity::Warning)
            ]
        );
    }
    #[test]
    fn unmasked_name_beside_a_mask() {
        let f = findings("召开**街道动员会。\n青山街道要走在前列。", None);
        assert_eq!(f, [("J202", "青山街道".to_owned(), Severity::Error)]);
    }
    #[test]
    fn two_spellings_of_one_name() {
        let f = findings("青山街道要走在前列。\n青山路街道群众满意。", None);
        assert_eq!(f, [("J203", "青山路街道".to_owned(), Severity::Warning)]);
    }
    #[test]
    fn different_names_are_not_spellings() {
        assert!(findings("青山街道和红星街道", None).is_empty());
    }
}
