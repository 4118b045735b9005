//! Character classes of Chinese text, and a few facts about written forms.

/// A set of characters tested with one load and mask: the checks ask
/// "is this one of …?" of every character of every draft.
pub struct CharSet {
    /// One bit per low 16 bits of a code point.
    bits: [u64; 1024],
    chars: &'static [char],
}

impl CharSet {
    pub const fn new(chars: &'static [char]) -> Self {
        let mut bits = [0u64; 1024];
        let mut i = 0;
        while i < chars.len() {
            let low = chars[i] as usize & 0xFFFF;
            bits[low / 64] |= 1 << (low % 64);
            i += 1;
        }
        Self { bits, chars }
    }

    #[inline]
    pub fn contains(&self, c: char) -> bool {
        let low = c as usize & 0xFFFF;
        // Below U+10000 the low bits are the whole code point.
        self.bits[low / 64] & (1 << (low % 64)) != 0
            && (u32::from(c) <= 0xFFFF || self.chars.contains(&c))
    }
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

/// Traditional characters that speeches commonly contain (drafts pasted from
/// traditional sources carry them) and their simplified forms.
const TRADITIONAL: [(char, char); 61] = [
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
];

/// The simplified form of `c`, if it is one of the common traditional characters.
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

/// The Chinese digits used in counts and ordinals: 一 … 十, 百, 两.
pub fn is_cn_digit(c: char) -> bool {
    static SET: CharSet = CharSet::new(&[
        '零', '〇', '一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千',
        '万',
    ]);
    SET.contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
