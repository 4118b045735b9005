//! J201–J203: place and unit names that do not belong in this speech.
//!
//! A name here is a short run of characters (at most three before the suffix) ending in 省, 市, 区, 县, 镇, 乡,
//! 街道, 社区 or 村 (`青山街道`, `临河县`). Chinese has no spaces, so where a
//! name starts is a guess: it stops at function characters (的, 在, 对, 全, 各…),
//! at another suffix, and drops a leading verb (召开, 开展…). Common nouns that
//! end the same way (小区, 农村, 城乡, 保护区…) are not names.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

mod words;

use super::{Document, Finding, Options, Scan, Severity};
use crate::zh::text::{CharSet, as_read, chars_of, is_cjk, is_invisible};
use words::{COMMON, GENERIC, NAME_WORDS, SLOGAN, WORDS_FROM_SUFFIX};

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
/// Function characters that end the word before a name (的, 在, 对, 全, 各…),
/// and adverbs and conjunctions no place name contains (更, 还, 而…).
fn is_stop(c: char) -> bool {
    static STOPS: CharSet = CharSet::new(&[
        '的', '了', '在', '对', '把', '为', '和', '与', '及', '或', '是', '等', '各', '全', '本',
        '我', '该', '此', '每', '从', '到', '向', '由', '将', '被', '让', '使', '以', '于', '其',
        '这', '那', '们', '个', '要', '逐', '不', '更', '很', '最', '也', '还', '又', '就', '才',
        '再', '已', '均', '皆', '仍', '亦', '并', '而', '但', '且', '若', '给', '跟', '所', '之',
        '着', '过', '得', '地', '啊', '呢', '吗', '吧', '您', '你', '他', '她', '它', '咱', '请',
    ]);
    STOPS.contains(c)
}

/// The word lists as characters, since names are found in character arrays,
/// and for each list a character every match must have: most candidates
/// fail that one test and skip the list.
struct Words {
    common: Vec<Vec<char>>,
    generic: Vec<Vec<char>>,
    name_words: Vec<Vec<char>>,
    /// Last characters of `common`.
    common_last: CharSet,
    /// Next-to-last characters of `generic` (every word has two or more).
    generic_penult: CharSet,
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
        let (common, generic) = (split(&COMMON), split(&GENERIC));
        Words {
            common_last: CharSet::of_bmp(common.iter().map(|w| w[w.len() - 1])),
            generic_penult: CharSet::of_bmp(generic.iter().map(|w| w[w.len() - 2])),
            name_words: split(&NAME_WORDS),
            common,
            generic,
        }
    })
}

impl Words {
    /// Where the last common word in `run` ends, if one does.
    fn last_word_end(&self, run: &[char]) -> Option<usize> {
        (2..=run.len()).rev().find(|&end| {
            self.common_last.contains(run[end - 1])
                && self.common.iter().any(|w| ends_with(&run[..end], w))
        })
    }
}

/// A name found in text: characters `start..end` of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// The name as it reads: traditional characters as simplified ones,
    /// invisible characters left out.
    pub text: String,
    pub suffix: &'static str,
    pub start: usize,
    pub end: usize,
    /// Whether the name's start is certain: the text before it ends a word
    /// (punctuation, a function character, a known verb). Only a sure name
    /// is an error; the rest are warnings.
    pub sure: bool,
}

/// The longest run of characters looked at before a suffix: the longest
/// stem a name is taken to have, and a known word before it.
const MAX_RUN: usize = 6;
/// Most place names have two or three characters before the suffix.
const MAX_STEM: usize = 3;

/// The place and unit names in a run of characters. Traditional characters
/// and invisible ones (a zero-width space pasted into 红星​街道) are read
/// through: the name is the one a reader sees.
pub fn find_names(raw: &[char]) -> Vec<Name> {
    match as_read(raw, true) {
        None => names_of(raw),
        Some((chars, at)) => {
            let mut names = names_of(&chars);
            for n in &mut names {
                // `at` has one more entry than `chars`: the end of the text.
                n.start = at[n.start];
                n.end = at[n.end - 1] + 1;
            }
            names
        }
    }
}

fn names_of(chars: &[char]) -> Vec<Name> {
    let words = words();
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
        let end = i + suffix_len;
        if let Some(name) = name_before(chars, i, suffix, end, words) {
            names.push(name);
        }
        i = end;
    }
    names
}

/// The name whose suffix stands at `i..end`, if the characters before it
/// make one.
fn name_before(
    chars: &[char],
    i: usize,
    suffix: &'static str,
    end: usize,
    words: &Words,
) -> Option<Name> {
    let mut start = i;
    while start > 0 && i - start < MAX_RUN {
        let c = chars[start - 1];
        let at_suffix = matches!(c, '道' | '区' | '省' | '市' | '县' | '镇' | '乡' | '村');
        if !is_cjk(c) || is_stop(c) || at_suffix {
            break;
        }
        start -= 1;
    }
    // Stopped by the text rather than by the length limit.
    let mut bounded = start == 0 || i - start < MAX_RUN;
    let run = &chars[start..i];
    // A name starts after the last known word before it: 召开|青山街道.
    let mut cut = words.last_word_end(run).unwrap_or(0);
    let mut stem = &run[cut..];
    if stem.is_empty() {
        // Only words before the suffix (强化街道, 代表市): no name, unless
        // the word is one that streets are named after.
        let word = words.name_words.iter().find(|w| ends_with(run, w))?;
        cut = run.len() - word.len();
        stem = &run[cut..];
        bounded = false;
    } else if cut > 0 {
        bounded = true;
    }
    // One character (全市, 各区, 工业强镇's 强) is never a name.
    if stem.len() < 2 {
        return None;
    }
    if stem.len() > MAX_STEM {
        // A longer run has probably swallowed the word before the name.
        stem = &stem[stem.len() - MAX_STEM..];
        bounded = false;
    }
    let start = i - stem.len();
    let text = &chars[start..end];
    // Slogans rank counties and towns (强县, 大省, 名镇), never streets.
    let slogan = end - i == 1 && SLOGAN.contains(stem[stem.len() - 1]);
    let generic = text.len() >= 2
        && words.generic_penult.contains(text[text.len() - 2])
        && words.generic.iter().any(|g| ends_with(text, g));
    let masked = stem.iter().all(|&c| c == '某');
    // Before 委 or 政府 (县委, 区政府) an uncertain run is usually the words
    // before a bare committee (不辜负县委).
    let committee = matches!(chars.get(end), Some('委' | '政'));
    if slogan || generic || masked || (committee && !bounded) {
        return None;
    }
    Some(Name {
        text: text.iter().collect(),
        suffix,
        start,
        end,
        sure: bounded,
    })
}

/// The names a profile's text value gives its own unit, and the names it
/// mentions besides. A value names its unit at its start (`东风街道`,
/// `东风街道党工委`, `中共青山区委`, a chain `青山区东风街道`); a name after
/// other words (`学习红星街道经验`) is mentioned, and is another unit's
/// unless the profile owns it elsewhere or lists it in `aliases`.
pub fn own_and_mentioned(value: &str) -> (Vec<String>, Vec<String>) {
    /// Words before a unit's name that are part of how it is called.
    const PREFIXES: [&str; 3] = ["中国共产党", "中共", "共青团"];
    let chars = chars_of(value);
    let (mut own, mut mentioned) = (Vec::new(), Vec::new());
    let mut at = 0;
    for name in find_names(&chars) {
        // Only a short stretch can be a prefix (中国共产党 and spaces).
        let before: String = chars[at..name.start]
            .iter()
            .filter(|c| !c.is_whitespace() && !is_invisible(**c))
            .take(8)
            .collect();
        let mut before = before.as_str();
        for prefix in PREFIXES {
            before = before.strip_prefix(prefix).unwrap_or(before);
        }
        if before.is_empty() {
            own.push(name.text);
            at = name.end;
        } else if name.sure {
            // Only a sure name counts as a mention: a value is the user's
            // prose, and a guess inside it would turn into a false finding.
            mentioned.push(name.text);
        }
    }
    (own, mentioned)
}

/// For the checks: the names a profile owns (from its text values, see
/// [`own_and_mentioned`], and its aliases), and its values without those
/// that mention another unit, so that naming it in the speech is reported.
pub fn declared_names(values: &[String], aliases: &[String]) -> Vec<String> {
    let mut own: Vec<String> = aliases.to_vec();
    let mut mentions: Vec<(usize, Vec<String>)> = Vec::new();
    for (k, value) in values.iter().enumerate() {
        if !may_hold_names(value) {
            continue;
        }
        let (o, m) = own_and_mentioned(value);
        own.extend(o);
        if !m.is_empty() {
            mentions.push((k, m));
        }
    }
    let joined = own.join("\u{1F}");
    let foreign: Vec<usize> = mentions
        .into_iter()
        .filter(|(_, names)| names.iter().any(|n| !joined.contains(n.as_str())))
        .map(|(k, _)| k)
        .collect();
    let mut declared: Vec<String> = values
        .iter()
        .enumerate()
        .filter(|(k, _)| !foreign.contains(k))
        .map(|(_, v)| v.clone())
        .collect();
    declared.extend(own);
    declared
}

/// Suffixes that stand right after a mask in one paragraph: `**街道` masks a 街道.
pub(crate) fn masked_kinds(chars: &[char]) -> Vec<&'static str> {
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
                    if same_kind && name.sure { Severity::Error } else { Severity::Warning },
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
                        if name.sure {
                            Severity::Error
                        } else {
                            Severity::Warning
                        },
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
    /// Distinct names compared with each other: a real speech has a few
    /// dozen; a text of thousands is not one, and is not compared in pairs.
    const MAX_DISTINCT: usize = 500;
    // Each distinct name once, in order of first appearance.
    let mut distinct: Vec<&Name> = Vec::new();
    let mut seen: HashMap<&str, ()> = HashMap::new();
    let mut reported = BTreeSet::new();
    for (p, name) in found {
        if !name.sure || seen.contains_key(name.text.as_str()) {
            continue;
        }
        if distinct.len() >= MAX_DISTINCT {
            break;
        }
        let earlier = distinct
            .iter()
            .find(|n| n.suffix == name.suffix && strsim::levenshtein(&n.text, &name.text) == 1);
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
        seen.insert(name.text.as_str(), ());
        distinct.push(name);
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
        // A name is still found before a title's bare 区 and after 请.
        assert_eq!(names("请青山区区长讲话"), ["青山区"]);
        assert_eq!(names("请临河县委书记讲话"), ["临河县"]);
        assert_eq!(names("公路穿越青山区"), ["青山区"]);
        assert!(names("广大街道社区干部要带头").is_empty());
        assert_eq!(names("今天，我们在这里召开青山街道动员会"), ["青山街道"]);
    }
    #[test]
    fn verbs_and_adverbs_before_a_suffix_make_no_name() {
        for text in [
            "我代表街道党工委讲几点意见",
            "要强化街道的统筹作用",
            "随着市里的部署逐步落实",
            "进一步加强区里的指导",
            "切实落实县里的要求",
            "全面推进镇上的工作",
            "坚决维护市里的权威",
            "打扫街道，清理小广告",
            "紧扣区教育局的部署",
            "发动街道社区干部",
            "我们也恳请区委、区政府继续支持",
            "希望区教育局加强指导",
            "主动协调区直部门",
            "及时请示区委",
            "有请区应急管理局局长陈刚同志",
            "下面请区委常委、常务副区长张伟同志讲话",
            "出席会议的有副市长王强同志",
            "对山区的危险区，要安排专人监测",
            "对重点林区实行全天候看守",
            "穿越林区的电力线路要逐段巡查",
            "及时撤离危险区域",
            "借助村社区广播和网格群发布预警",
            "对重点林区、墓地集中区实行全天候看守",
            "内容真实、发人深省",
            "以案为镜、以案自省",
            "把蓄滞洪区和易涝区的群众转移出来",
        ] {
            assert!(names(text).is_empty(), "{text}: {:?}", names(text));
        }
    }
    #[test]
    fn set_phrases_are_not_names() {
        for text in [
            "建设工业强镇",
            "开创强县富民新局面",
            "我们是传统大县",
            "争创全国文明城市，打造旅游名县",
            "作为人口大省，农业大县",
            "全国百强县",
            "国家级贫困县已经摘帽",
            "省级示范区和重点镇",
            "中心镇、特色小镇",
            "推动经济发展进步县域",
        ] {
            assert!(names(text).is_empty(), "{text}: {:?}", names(text));
        }
    }
    #[test]
    fn fragments_across_words_are_not_names() {
        for text in [
            "展进步县",
            "实现经济社会发展进步县里",
            "實現經濟社會發展進步縣裡",
            "為強化縣級統籌",
        ] {
            assert!(names(text).is_empty(), "{text}: {:?}", names(text));
        }
    }
    #[test]
    fn true_names_stay_found() {
        for (text, found) in [
            ("今天我们召开青山街道动员会", "青山街道"),
            ("要向红星街道学习", "红星街道"),
            ("学习红星街道经验", "红星街道"),
            ("借鉴浦东新区经验", "浦东新区"),
            ("天山街道党工委高度重视", "天山街道"),
            ("在临河县调研时", "临河县"),
            ("代表青山区委讲话", "青山区"),
            ("随着临河县的发展", "临河县"),
            ("強化臨河縣的作用", "临河县"),
            ("去年，城关镇率先完成", "城关镇"),
            ("富强街道的做法", "富强街道"),
        ] {
            let got = find_names(&chars_of(text));
            assert_eq!(got.len(), 1, "{text}: {got:?}");
            assert_eq!(got[0].text, found, "{text}");
            assert!(got[0].sure, "{text}");
        }
    }
    #[test]
    fn names_in_traditional_text_point_at_the_original() {
        let text = "臨河縣委";
        let got = find_names(&chars_of(text));
        assert_eq!(
            (got[0].text.as_str(), got[0].start, got[0].end),
            ("临河县", 0, 3)
        );
    }
    #[test]
    fn invisible_characters_inside_a_name_are_read_through() {
        for mark in [
            '\u{200B}', '\u{00AD}', '\u{200D}', '\u{202E}', '\u{FEFF}', '\u{2060}',
        ] {
            let text = format!("要向红星{mark}街道学习");
            let got = find_names(&chars_of(&text));
            assert_eq!(got.len(), 1, "{mark:?}");
            assert_eq!(got[0].text, "红星街道");
            // The span covers the mark, so the caret shows the whole name.
            assert_eq!((got[0].start, got[0].end), (2, 7));
        }
    }
    #[test]
    fn uncertain_starts_are_not_sure() {
        // Five characters with no word boundary before the suffix: where the
        // name starts is a guess.
        let got = find_names(&chars_of("乌鲁木齐市"));
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(!got[0].sure);
        let got = find_names(&chars_of("建设街道"));
        assert!(!got[0].sure);
    }
    #[test]
    fn a_value_owns_the_names_at_its_start() {
        let own = |v: &str| own_and_mentioned(v);
        assert_eq!(own("东风街道"), (vec!["东风街道".to_owned()], vec![]));
        assert_eq!(own("东风街道党工委"), (vec!["东风街道".to_owned()], vec![]));
        assert_eq!(own("中共青山区委"), (vec!["青山区".to_owned()], vec![]));
        assert_eq!(
            own("中国共产党青山区委员会"),
            (vec!["青山区".to_owned()], vec![])
        );
        assert_eq!(
            own("青山区东风街道"),
            (vec!["青山区".to_owned(), "东风街道".to_owned()], vec![])
        );
        assert_eq!(
            own("学习红星街道经验"),
            (vec![], vec!["红星街道".to_owned()])
        );
    }
    #[test]
    fn values_that_mention_another_unit_declare_nothing() {
        let values = vec![
            "东风街道".to_owned(),
            "学习红星街道经验".to_owned(),
            "把东风街道建成示范".to_owned(),
        ];
        let declared = declared_names(&values, &[]);
        assert!(!declared.contains(&values[1]));
        // A mention of the unit's own name is no mistake.
        assert!(declared.contains(&values[2]));
        let declared = declared_names(&values, &["红星街道".to_owned()]);
        assert!(declared.contains(&values[1]));
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
