//! Character classes of Chinese text, and a few facts about written forms.

/// A set of characters tested with one load and mask: the checks ask
/// "is this one of …?" of every character of every draft.
pub struct CharSet {
    /// One bit per character below U+10000.
    bits: [u64; 1024],
    /// All of them, for the rare characters beyond.
    chars: &'static [char],
}

impl CharSet {
    pub const fn new(chars: &'static [char]) -> Self {
        let mut bits = [0u64; 1024];
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i] as usize;
            if c <= 0xFFFF {
                bits[c / 64] |= 1 << (c % 64);
            }
            i += 1;
        }
        Self { bits, chars }
    }

    /// A set built at run time, from word lists: characters beyond U+FFFF
    /// are not taken (none of our lists has any).
    pub fn of_bmp(chars: impl IntoIterator<Item = char>) -> Self {
        let mut bits = [0u64; 1024];
        for c in chars {
            let c = c as usize;
            debug_assert!(c <= 0xFFFF, "CharSet::of_bmp takes BMP characters only");
            if c <= 0xFFFF {
                bits[c / 64] |= 1 << (c % 64);
            }
        }
        Self { bits, chars: &[] }
    }

    #[inline]
    pub fn contains(&self, c: char) -> bool {
        let c32 = c as usize;
        if c32 <= 0xFFFF {
            self.bits[c32 / 64] & (1 << (c32 % 64)) != 0
        } else {
            self.chars.contains(&c)
        }
    }
}

/// The same as [`char::is_whitespace`], without its Unicode table lookup
/// for every Chinese character: counting runs over every character of every
/// speech. The Unicode White_Space set is fixed.
#[inline]
pub fn is_space(c: char) -> bool {
    match c as u32 {
        // Chinese characters and full-width punctuation leave at the first test.
        0x3001.. => false,
        0x09..=0x0D | 0x20 => true,
        0..=0x84 => false,
        0x85 | 0xA0 | 0x1680 | 0x2000..=0x200A | 0x2028 | 0x2029 | 0x202F | 0x205F | 0x3000 => true,
        _ => false,
    }
}

/// First bytes of the UTF-8 forms of the characters a count may skip: white
/// space and punctuation, ASCII or from the few blocks Chinese punctuation
/// lives in. Every other byte (Chinese characters, continuation bytes) is
/// passed over without decoding.
const fn lead_table(punct: bool) -> [bool; 256] {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x80 {
        let c = b as u8;
        t[b] = c.is_ascii_whitespace() || c == 0x0B || (punct && c.is_ascii_punctuation());
        b += 1;
    }
    // U+0085, U+00A0, ·; U+1680; U+2000–U+206F; U+3000–U+303F; U+FF00–U+FFEF.
    t[0xC2] = true;
    t[0xE1] = true;
    t[0xE2] = true;
    t[0xE3] = true;
    t[0xEF] = punct;
    t
}
static SPACE_LEADS: [bool; 256] = lead_table(false);
static SKIP_LEADS: [bool; 256] = lead_table(true);

/// Characters of `s` for which `pred` holds, decoding only those whose first
/// byte `leads` marks.
fn count_where(s: &str, leads: &[bool; 256], pred: impl Fn(char) -> bool) -> usize {
    s.bytes()
        .enumerate()
        .filter(|&(i, b)| leads[usize::from(b)] && s[i..].chars().next().is_some_and(&pred))
        .count()
}

/// The characters of `s`, in a vector sized once: collecting `chars()`
/// guesses a quarter of the byte length and regrows for Chinese text.
pub fn chars_of(s: &str) -> Vec<char> {
    let mut v = Vec::with_capacity(s.chars().count());
    v.extend(s.chars());
    v
}

/// Characters that are not white space: the 字数 offices count.
pub fn non_space_chars(s: &str) -> usize {
    s.chars().count() - count_where(s, &SPACE_LEADS, is_space)
}

/// Whether a speaker reads `c` aloud: not white space, not punctuation.
#[inline]
pub fn is_spoken(c: char) -> bool {
    !(is_space(c) || is_cjk_punct(c) || c.is_ascii_punctuation())
}

/// Characters a speaker reads: everything but white space and punctuation.
pub fn spoken_chars(s: &str) -> usize {
    s.chars().count() - count_where(s, &SKIP_LEADS, |c| !is_spoken(c))
}

/// [`spoken_chars`] of a text given as its characters: a check that has
/// them already need not decode the text again.
pub fn spoken_of(chars: &[char]) -> usize {
    // Most characters of a speech are ideographs of the basic block, all
    // spoken: one range test instead of three.
    chars
        .iter()
        .filter(|&&c| matches!(c, '\u{4E00}'..='\u{9FFF}') || is_spoken(c))
        .count()
}

/// A CJK ideograph (the basic block and extension A), or 〇.
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '〇')
}

/// Chinese (full-width) punctuation.
pub fn is_cjk_punct(c: char) -> bool {
    static SET: CharSet = CharSet::new(&[
        '，', '。', '、', '；', '：', '？', '！', '“', '”', '‘', '’', '（', '）', '《', '》', '【',
        '】', '…', '—', '·',
    ]);
    SET.contains(c)
}

/// Sentence-ending punctuation, full or half width (drafts copied from web
/// pages often lose the full width).
pub fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';') || c == '.'
}

/// The sentences of a text as a reviewer compares drafts: cut at 。！？；
/// and line ends, trimmed, each of the `names` (the unit's own, which is
/// meant to differ between units) replaced by one token, so that two units'
/// copies of one sentence count as the same sentence.
pub fn review_sentences(text: &str, names: &[&str]) -> Vec<String> {
    let mut text = text.to_owned();
    let mut names: Vec<&str> = names.iter().copied().filter(|n| !n.is_empty()).collect();
    // Longer names first: 青山街道 before 青山.
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    for name in names {
        text = text.replace(name, "\u{3007}");
    }
    text.split(|c: char| is_sentence_end(c) || c == '\n')
        .map(|s| s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}'))
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The share of `a`'s sentences that `b` also has, or of `b`'s that `a` has,
/// whichever is larger (0 to 1): “half the sentences are the same” is 0.5.
pub fn shared_sentence_share(a: &[String], b: &[String]) -> f64 {
    fn one_way(a: &[String], b: &[String]) -> f64 {
        if a.is_empty() {
            return 0.0;
        }
        let b: std::collections::HashSet<&String> = b.iter().collect();
        a.iter().filter(|s| b.contains(s)).count() as f64 / a.len() as f64
    }
    one_way(a, b).max(one_way(b, a))
}

/// Traditional characters that speeches commonly contain (drafts pasted from
/// traditional sources carry them) and their simplified forms.
const TRADITIONAL: [(char, char); 109] = [
    ('們', '们'),
    ('誌', '志'),
    ('為', '为'),
    ('會', '会'),
    ('這', '这'),
    ('個', '个'),
    ('發', '发'),
    ('與', '与'),
    ('實', '实'),
    ('現', '现'),
    ('說', '说'),
    ('時', '时'),
    ('對', '对'),
    ('經', '经'),
    ('進', '进'),
    ('過', '过'),
    ('來', '来'),
    ('國', '国'),
    ('學', '学'),
    ('點', '点'),
    ('題', '题'),
    ('見', '见'),
    ('議', '议'),
    ('動', '动'),
    ('員', '员'),
    ('務', '务'),
    ('標', '标'),
    ('開', '开'),
    ('關', '关'),
    ('導', '导'),
    ('傳', '传'),
    ('體', '体'),
    ('長', '长'),
    ('區', '区'),
    ('縣', '县'),
    ('臨', '临'),
    ('鄉', '乡'),
    ('鎮', '镇'),
    ('書', '书'),
    ('記', '记'),
    ('幹', '干'),
    ('眾', '众'),
    ('織', '织'),
    ('領', '领'),
    ('確', '确'),
    ('質', '质'),
    ('設', '设'),
    ('強', '强'),
    ('責', '责'),
    ('規', '规'),
    ('劃', '划'),
    ('習', '习'),
    ('謝', '谢'),
    ('頭', '头'),
    ('專', '专'),
    ('項', '项'),
    ('應', '应'),
    ('義', '义'),
    ('於', '于'),
    ('總', '总'),
    ('結', '结'),
    ('讓', '让'),
    ('東', '东'),
    ('風', '风'),
    ('紅', '红'),
    ('華', '华'),
    ('濟', '济'),
    ('業', '业'),
    ('農', '农'),
    ('統', '统'),
    ('創', '创'),
    ('廣', '广'),
    ('門', '门'),
    ('裡', '里'),
    ('環', '环'),
    ('產', '产'),
    ('鄰', '邻'),
    ('陽', '阳'),
    ('龍', '龙'),
    ('雲', '云'),
    ('橋', '桥'),
    ('灣', '湾'),
    ('當', '当'),
    ('從', '从'),
    ('後', '后'),
    ('將', '将'),
    ('帶', '带'),
    ('黨', '党'),
    ('團', '团'),
    ('爭', '争'),
    ('戰', '战'),
    ('勝', '胜'),
    ('護', '护'),
    ('險', '险'),
    ('災', '灾'),
    ('觀', '观'),
    ('辦', '办'),
    ('態', '态'),
    ('資', '资'),
    ('貫', '贯'),
    ('徹', '彻'),
    ('場', '场'),
    ('億', '亿'),
    ('萬', '万'),
    ('齊', '齐'),
    ('舉', '举'),
    ('變', '变'),
    ('級', '级'),
    ('協', '协'),
];

/// The simplified form of `c`, if it is one of the common traditional characters.
/// Asked of every character of a draft: inlined, so that the usual answer
/// (not traditional) costs one table look-up and no call.
#[inline]
pub fn simplified_of(c: char) -> Option<char> {
    static CHARS: [char; TRADITIONAL.len()] = {
        let mut chars = ['\0'; TRADITIONAL.len()];
        let mut i = 0;
        while i < TRADITIONAL.len() {
            chars[i] = TRADITIONAL[i].0;
            i += 1;
        }
        chars
    };
    static SET: CharSet = CharSet::new(&CHARS);
    if !SET.contains(c) {
        return None;
    }
    TRADITIONAL.iter().find(|(t, _)| *t == c).map(|(_, s)| *s)
}

/// Characters that take no room on the page and are never read: zero-width
/// spaces and joiners, the soft hyphen, direction marks and overrides, the
/// byte-order mark. Text pasted from web pages carries them inside words.
#[inline]
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// The characters of `raw` as a reader sees them, where that differs from
/// `raw`: invisible characters left out and, with `simplify`, traditional
/// ones made simplified; and for each character kept its index in `raw`,
/// then `raw.len()`, so that what is found points back at the original.
pub fn as_read(raw: &[char], simplify: bool) -> Option<(Vec<char>, Vec<usize>)> {
    let differs = |c: char| is_invisible(c) || (simplify && simplified_of(c).is_some());
    if !raw.iter().any(|&c| differs(c)) {
        return None;
    }
    let mut chars = Vec::with_capacity(raw.len());
    let mut at = Vec::with_capacity(raw.len() + 1);
    for (i, &c) in raw.iter().enumerate() {
        if is_invisible(c) {
            continue;
        }
        chars.push(if simplify {
            simplified_of(c).unwrap_or(c)
        } else {
            c
        });
        at.push(i);
    }
    at.push(raw.len());
    Some((chars, at))
}

/// The Chinese digits used in counts and ordinals: 一 … 十, 百, 两.
#[inline]
pub fn is_cn_digit(c: char) -> bool {
    static SET: CharSet = CharSet::new(&[
        '零', '〇', '一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千',
        '万',
    ]);
    SET.contains(c)
}

#[cfg(test)]
mod sentence_tests {
    use super::*;

    #[test]
    fn sentences_are_cut_and_names_masked() {
        let a = review_sentences(
            "青山街道要抓好落实。一是排查；二是整改！\n好",
            &["青山街道"],
        );
        assert_eq!(a, ["〇要抓好落实", "一是排查", "二是整改", "好"]);
        let b = review_sentences("红星街道要抓好落实。三是巩固。", &["红星街道"]);
        assert_eq!(shared_sentence_share(&a, &b), 0.5);
        assert_eq!(shared_sentence_share(&a, &[]), 0.0);
        assert_eq!(shared_sentence_share(&a, &a), 1.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skipped_characters_start_with_a_marked_byte() {
        for c in (0..=0x3_0000).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let lead = usize::from(c.encode_utf8(&mut buf).as_bytes()[0]);
            if is_space(c) {
                assert!(SPACE_LEADS[lead], "{:X}", c as u32);
            }
            if is_space(c) || is_cjk_punct(c) || c.is_ascii_punctuation() {
                assert!(SKIP_LEADS[lead], "{:X}", c as u32);
            }
        }
    }
    #[test]
    fn counts_skip_space_and_punctuation() {
        let s = "同志们，\u{3000}今天 开会。Hi!\n\u{a0}·";
        assert_eq!(
            non_space_chars(s),
            s.chars().filter(|c| !c.is_whitespace()).count()
        );
        assert_eq!(spoken_chars(s), "同志们今天开会Hi".chars().count());
        assert_eq!(spoken_of(&chars_of(s)), spoken_chars(s));
    }
    #[test]
    fn spoken_of_characters_is_spoken_chars_of_the_text() {
        let every: String = (0..=0x3_0000).filter_map(char::from_u32).collect();
        assert_eq!(spoken_of(&chars_of(&every)), spoken_chars(&every));
        for c in every.chars() {
            let one = c.to_string();
            assert_eq!(spoken_of(&[c]), spoken_chars(&one), "{:X}", c as u32);
        }
    }
    #[test]
    fn is_space_is_char_is_whitespace() {
        for c in (0..=0x3_0000).filter_map(char::from_u32) {
            assert_eq!(is_space(c), c.is_whitespace(), "{:X}", c as u32);
        }
    }
    #[test]
    fn char_sets_are_exact() {
        static SET: CharSet = CharSet::new(&['一', '十', '𠀀']);
        assert!(SET.contains('一') && SET.contains('十') && SET.contains('𠀀'));
        assert!(!SET.contains('二'));
        // Shares its low 16 bits with 一.
        assert!(!SET.contains(char::from_u32(0x1_4E00).unwrap()));
        assert!(!SET.contains('\u{0}'));
    }
    #[test]
    fn cjk_classes() {
        assert!(is_cjk('讲'));
        assert!(is_cjk('〇'));
        assert!(!is_cjk('A'));
        assert!(!is_cjk('，'));
        assert!(is_cjk_punct('，'));
        assert!(!is_cjk_punct(','));
    }
    #[test]
    fn sentence_ends_in_both_widths() {
        assert!(is_sentence_end('。'));
        assert!(is_sentence_end('.'));
        assert!(is_sentence_end(';'));
        assert!(!is_sentence_end('，'));
    }
    #[test]
    fn traditional_forms() {
        assert_eq!(simplified_of('們'), Some('们'));
        assert_eq!(simplified_of('誌'), Some('志'));
        assert_eq!(simplified_of('们'), None);
    }
    #[test]
    fn chinese_digits() {
        assert!(is_cn_digit('三'));
        assert!(is_cn_digit('两'));
        assert!(!is_cn_digit('点'));
    }

    #[test]
    fn chars_of_is_exact() {
        let v = chars_of("青山街道 abc");
        assert_eq!(v, "青山街道 abc".chars().collect::<Vec<_>>());
        assert_eq!(v.capacity(), 8);
        assert!(chars_of("").is_empty());
    }
}
