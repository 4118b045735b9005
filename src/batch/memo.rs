//! Most of a speech is the pack's own text: the speeches of a batch share
//! most of their paragraphs (about seven characters in ten in the bench's
//! batches). What the checks, the name search and the similarity signature
//! find in such a paragraph depends on nothing but its text, so it is worked
//! out once and kept for the next speech that has it.
//!
//! A paragraph that names the unit is the speech's own, but most of its
//! sentences are not: such a paragraph is put together from its sentences'
//! facts, kept apart, where the checks allow ([`Scan::join`]).

use std::hash::BuildHasher;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use aho_corasick::AhoCorasick;
use foldhash::fast::FixedState;
use hashbrown::HashTable;

use super::Tally;
use super::similarity::Piece;
use crate::check::{Para, Scan};
use crate::zh::text::{as_read, chars_of, is_space};

/// Paragraphs kept at most. With insertion until full, this keeps nearly
/// every paragraph that recurs: the shared ones turn up in the first speeches.
pub(super) const CAPACITY: usize = 4096;
/// Sentences kept at most: the first speeches' own sentences take some of
/// the room, and the pack's recur in many forms. In the bench's batches,
/// 2,048 already keep every sentence that recurs.
const SENTENCES: usize = 4096;
/// Longer paragraphs are worked out every time, so that what is kept stays
/// within a few megabytes whatever the pack.
const MAX_BYTES: usize = 4096;
const SHARDS: usize = 16;
/// Where sentences are cut: after it.
const STOP: &str = "。";

/// What one paragraph of a rendered speech holds, on its own.
#[derive(Debug)]
pub(super) struct Facts {
    pub scan: Scan,
    /// Names of other units: index into the batch's names, and the
    /// character where it starts.
    pub hits: Vec<(usize, usize)>,
    /// Characters that are not white space.
    pub chars: usize,
    /// Characters in all.
    len: usize,
    pub piece: Piece,
}

impl Facts {
    pub(super) fn new(para: &Para, automaton: &AhoCorasick, tally: &Tally) -> Self {
        let chars = chars_of(&para.text);
        let scan = Scan::new(para, &chars, false);
        // Names of the batch's units, and the characters each covers: the
        // contamination check reports them, the similarity masks them.
        let (hits, masked): (Vec<_>, Vec<_>) = Tally::time(&tally.contamination, || {
            // A name with an invisible character inside (红星\u{200B}街道) is
            // still the name: look in the text without them, and point back.
            let (text, at) = match as_read(&chars, false) {
                Some((kept, at)) => (
                    std::borrow::Cow::Owned(kept.into_iter().collect::<String>()),
                    Some(at),
                ),
                None => (std::borrow::Cow::Borrowed(para.text.as_str()), None),
            };
            automaton
                .find_iter(text.as_ref())
                .map(|m| {
                    let start = text[..m.start()].chars().count();
                    let end = start + text[m.start()..m.end()].chars().count();
                    let (start, end) = match &at {
                        Some(at) => (at[start], at[end - 1] + 1),
                        None => (start, end),
                    };
                    ((m.pattern().as_usize(), start), (start, end))
                })
                .unzip()
        });
        let (count, piece) = Tally::time(&tally.similarity, || {
            let count = chars.iter().filter(|c| !is_space(**c)).count();
            (count, Piece::of(&chars, &masked))
        });
        Self {
            scan,
            hits,
            chars: count,
            len: chars.len(),
            piece,
        }
    }

    /// The facts of a paragraph from its sentences', in order; `None` where
    /// the checks need the whole paragraph.
    fn join(parts: &[Arc<Facts>]) -> Option<Self> {
        let mut at = 0;
        let mut starts = Vec::with_capacity(parts.len());
        for f in parts {
            starts.push(at);
            at += f.len;
        }
        let scans: Vec<(&Scan, usize)> = parts
            .iter()
            .map(|f| &f.scan)
            .zip(starts.iter().copied())
            .collect();
        let scan = Scan::join(&scans)?;
        let mut piece = Piece::default();
        let (mut hits, mut chars) = (Vec::new(), 0);
        for (f, &start) in parts.iter().zip(&starts) {
            hits.extend(f.hits.iter().map(|&(name, at)| (name, at + start)));
            chars += f.chars;
            piece.merge(&f.piece);
        }
        Some(Self {
            scan,
            hits,
            chars,
            len: at,
            piece,
        })
    }
}

/// Texts and their values, found by the text's hash, which is worked out
/// once per lookup: hashing a paragraph costs more than finding it.
type Kept<V> = HashTable<(Box<str>, Arc<V>)>;

/// Values worked out from texts, kept by text and shared by the threads;
/// split by hash, so that threads seldom wait for one another.
pub(super) struct Store<V> {
    shards: Vec<Mutex<Kept<V>>>,
    per_shard: usize,
}

impl<V> Store<V> {
    pub(super) fn new(capacity: usize) -> Self {
        Self {
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
            per_shard: capacity.div_ceil(SHARDS),
        }
    }

    /// The value kept for `text`, else the one `make` works out (without the
    /// lock: two threads may both do it for one text, and get the same),
    /// kept while there is room.
    pub(super) fn get_or(&self, text: &str, make: impl FnOnce() -> V) -> Arc<V> {
        let hasher = FixedState::default();
        let hash = hasher.hash_one(text);
        // Bits the table itself does not use (it takes the lowest for the
        // place and the highest for its tags).
        let shard = &self.shards[(hash >> 32) as usize % SHARDS];
        let lock = || shard.lock().unwrap_or_else(PoisonError::into_inner);
        let same = |(kept, _): &(Box<str>, Arc<V>)| **kept == *text;
        if let Some((_, value)) = lock().find(hash, same) {
            return Arc::clone(value);
        }
        let value = Arc::new(make());
        let mut table = lock();
        if table.len() < self.per_shard && table.find(hash, same).is_none() {
            table.insert_unique(hash, (text.into(), Arc::clone(&value)), |(kept, _)| {
                hasher.hash_one(kept)
            });
        }
        value
    }

    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.shards.iter().map(|s| s.lock().unwrap().len()).sum()
    }
}

/// [`Facts`] of paragraphs and sentences seen before in this batch.
pub(super) struct Memo<'a> {
    automaton: &'a AhoCorasick,
    paragraphs: Store<Facts>,
    /// `None` when a name of the batch holds a 。 (the name search, too,
    /// must then see whole paragraphs).
    sentences: Option<Store<Facts>>,
}

impl<'a> Memo<'a> {
    /// `names`: the names `automaton` finds.
    pub(super) fn new(automaton: &'a AhoCorasick, capacity: usize, names: &[String]) -> Self {
        Self {
            automaton,
            paragraphs: Store::new(capacity),
            sentences: (!names.iter().any(|n| n.contains(STOP))).then(|| Store::new(SENTENCES)),
        }
    }

    /// The facts of `para`, a paragraph of a rendered speech (no line, no
    /// indentation: its text is all there is to it).
    pub(super) fn facts(&self, para: &Para, tally: &Tally) -> Arc<Facts> {
        debug_assert!(para.line.is_none() && para.offset == 0 && para.line_text.is_empty());
        if para.text.len() > MAX_BYTES {
            return Arc::new(Facts::new(para, self.automaton, tally));
        }
        self.paragraphs.get_or(&para.text, || {
            self.by_sentences(para, tally)
                .unwrap_or_else(|| Facts::new(para, self.automaton, tally))
        })
    }

    /// A paragraph of more than one sentence, from its sentences' facts.
    fn by_sentences(&self, para: &Para, tally: &Tally) -> Option<Facts> {
        let sentences = self.sentences.as_ref()?;
        let text = para.text.as_str();
        let mut parts = Vec::new();
        let mut from = 0;
        let ends = stop_finder()
            .find_iter(text.as_bytes())
            .map(|at| at + STOP.len())
            .chain(std::iter::once(text.len()));
        for end in ends {
            if end == from {
                continue;
            }
            if from == 0 && end == text.len() {
                return None;
            }
            let sentence = &text[from..end];
            parts.push(sentences.get_or(sentence, || {
                let para = Para::unnumbered(sentence.to_owned());
                Facts::new(&para, self.automaton, tally)
            }));
            from = end;
        }
        Facts::join(&parts)
    }
}

/// 。 ends in byte 0x82, which is in many Chinese characters: a search for
/// the whole sequence skips them.
fn stop_finder() -> &'static memchr::memmem::Finder<'static> {
    static FINDER: OnceLock<memchr::memmem::Finder<'static>> = OnceLock::new();
    FINDER.get_or_init(|| memchr::memmem::Finder::new(STOP))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Document;

    fn memo_doc(texts: &[&str]) -> Document {
        Document::from_paragraphs("d", texts.iter().map(|t| (*t).to_owned()).collect())
    }

    #[test]
    fn a_paragraph_seen_before_is_not_worked_out_again() {
        let automaton = AhoCorasick::new(["青山街道"]).unwrap();
        let memo = Memo::new(&automaton, CAPACITY, &[]);
        let tally = Tally::default();
        let doc = memo_doc(&["青山街道召开动员会。", "同志们：", "青山街道召开动员会。"]);
        let facts: Vec<_> = doc.paras.iter().map(|p| memo.facts(p, &tally)).collect();
        assert!(Arc::ptr_eq(&facts[0], &facts[2]));
        assert!(!Arc::ptr_eq(&facts[0], &facts[1]));
        assert_eq!(facts[0].hits, [(0, 0)]);
        assert_eq!(facts[0].chars, 10);
        assert_eq!(facts[1].chars, 4);
    }

    #[test]
    fn the_memo_stops_growing_at_its_capacity() {
        let automaton = AhoCorasick::new(["青山街道"]).unwrap();
        let memo = Memo::new(&automaton, 32, &[]);
        let tally = Tally::default();
        let texts: Vec<String> = (0..500).map(|i| format!("第{i}段。")).collect();
        let doc = Document::from_paragraphs("d", texts);
        for para in &doc.paras {
            memo.facts(para, &tally);
        }
        let kept = memo.paragraphs.len();
        assert!((16..=32).contains(&kept), "{kept}");
        // A paragraph not kept is still worked out in full.
        let last = memo.facts(doc.paras.last().unwrap(), &tally);
        assert_eq!(last.chars, "第499段。".chars().count());
    }

    /// Sentences of a paragraph in a batch, with the forms the checks look
    /// at across a 。: headings, counts and lists, names, masks and tags,
    /// half-width punctuation, traditional characters, white space.
    const SENTENCES: [&str; 24] = [
        "第一，提高站位。",
        "一、压实责任。",
        "（二）加强领导。",
        "下面，我讲三点意见。",
        "要抓好三项工作：一是排查，二是整改。",
        "二是抓落实。",
        "三是",
        "青山街道要带头。",
        "在这里召开青山街道动员会。",
        "临河县委",
        "政府要重视。",
        "**街道",
        "【待填",
        "】的经验。",
        "{{unit.",
        "name}}。",
        "这件事要抓紧,不能拖延。",
        "各單位要重视。",
        "某某",
        "区的同志们。",
        "。",
        "　　全区共有12个试点单位。",
        "两个阶段：动员部署、集中整治。",
        "3.青山",
    ];

    fn joined_and_whole(text: &str) -> Option<(String, String)> {
        let automaton = AhoCorasick::new(["青山街道", "临河县"]).unwrap();
        let names = ["青山街道".to_owned(), "临河县".to_owned()];
        let memo = Memo::new(&automaton, CAPACITY, &names);
        let tally = Tally::default();
        let para = Para::unnumbered(text.to_owned());
        let joined = memo.by_sentences(&para, &tally)?;
        let whole = Facts::new(&para, &automaton, &tally);
        Some((format!("{joined:?}"), format!("{whole:?}")))
    }

    #[test]
    fn a_paragraph_from_its_sentences_is_the_paragraph() {
        use proptest::test_runner::{Config, TestRunner};
        let mut runner = TestRunner::new(Config {
            failure_persistence: None,
            ..Config::with_cases(3000)
        });
        let joined = std::cell::Cell::new(0);
        let strategy = proptest::collection::vec(0..SENTENCES.len(), 1..7);
        runner
            .run(&strategy, |picks| {
                let text: String = picks.iter().map(|&k| SENTENCES[k]).collect();
                if let Some((joined_facts, whole)) = joined_and_whole(&text) {
                    proptest::prop_assert_eq!(joined_facts, whole, "{}", text);
                    joined.set(joined.get() + 1);
                }
                Ok(())
            })
            .unwrap();
        assert!(joined.get() > 300, "{}", joined.get());
    }

    #[test]
    fn names_with_invisible_characters_inside_are_found() {
        let automaton = AhoCorasick::new(["红星街道"]).unwrap();
        let para = Para::unnumbered("学习红星\u{200B}街道的经验".to_owned());
        let facts = Facts::new(&para, &automaton, &Tally::default());
        assert_eq!(facts.hits, [(0, 2)]);
    }

    #[test]
    fn paragraphs_that_need_the_whole_are_not_joined() {
        for text in [
            "青山街道要带头。",
            "青山街道要带头",
            "【待填。】的经验。",
            "{{unit.。name}}。",
            "不能拖延,各单位。要重视。",
            "同誌們。要努力。",
        ] {
            assert!(joined_and_whole(text).is_none(), "{text}");
        }
        // A name with a 。 in it is looked for in whole paragraphs.
        let automaton = AhoCorasick::new(["青山。街道"]).unwrap();
        let memo = Memo::new(&automaton, CAPACITY, &["青山。街道".to_owned()]);
        let doc = memo_doc(&["我们青山。街道要带头。"]);
        assert!(
            memo.by_sentences(&doc.paras[0], &Tally::default())
                .is_none()
        );
        assert_eq!(memo.facts(&doc.paras[0], &Tally::default()).hits, [(0, 2)]);
    }

    #[test]
    fn long_paragraphs_are_not_kept() {
        let automaton = AhoCorasick::new(["青山街道"]).unwrap();
        let memo = Memo::new(&automaton, CAPACITY, &[]);
        let tally = Tally::default();
        let doc = memo_doc(&[&"字".repeat(MAX_BYTES)]);
        let a = memo.facts(&doc.paras[0], &tally);
        let b = memo.facts(&doc.paras[0], &tally);
        assert!(!Arc::ptr_eq(&a, &b));
        assert_eq!(a.chars, MAX_BYTES);
    }
}
