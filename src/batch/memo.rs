//! Most of a speech is the pack's own text: the speeches of a batch share
//! most of their paragraphs (about seven characters in ten in the bench's
//! batches). What the checks, the name search and the similarity signature
//! find in such a paragraph depends on nothing but its text, so it is worked
//! out once and kept for the next speech that has it.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::{Arc, Mutex, PoisonError};

use aho_corasick::AhoCorasick;
use foldhash::fast::FixedState;

use super::Costs;
use super::similarity::Piece;
use crate::check::{Para, Scan};
use crate::zh::text::{chars_of, is_space};

/// Paragraphs kept at most. With insertion until full, this keeps nearly
/// every paragraph that recurs: the shared ones turn up in the first speeches.
pub(super) const CAPACITY: usize = 4096;
/// Longer paragraphs are worked out every time, so that what is kept stays
/// within a few megabytes whatever the pack.
const MAX_BYTES: usize = 4096;
const SHARDS: usize = 16;

/// What one paragraph of a rendered speech holds, on its own.
#[derive(Debug)]
pub(super) struct Facts {
    pub scan: Scan,
    /// Names of other units: index into the batch's names, and the
    /// character where it starts.
    pub hits: Vec<(usize, usize)>,
    /// Characters that are not white space.
    pub chars: usize,
    pub piece: Piece,
}

impl Facts {
    pub fn new(para: &Para, automaton: &AhoCorasick, costs: &Costs) -> Self {
        let chars = chars_of(&para.text);
        let scan = Scan::new(para, &chars, false);
        let hits = Costs::time(&costs.contamination, || {
            automaton
                .find_iter(&para.text)
                .map(|m| {
                    let start = para.text[..m.start()].chars().count();
                    (m.pattern().as_usize(), start)
                })
                .collect()
        });
        let (count, piece) = Costs::time(&costs.similarity, || {
            let mut piece = Piece::default();
            let mut count = 0;
            for &c in chars.iter().filter(|c| !is_space(**c)) {
                count += 1;
                piece.push(c);
            }
            (count, piece)
        });
        Self {
            scan,
            hits,
            chars: count,
            piece,
        }
    }
}

type Kept = HashMap<Box<str>, Arc<Facts>, FixedState>;

/// [`Facts`] of paragraphs seen before in this batch, shared by the threads.
pub(super) struct Memo<'a> {
    automaton: &'a AhoCorasick,
    /// Split by hash, so that threads seldom wait for one another.
    shards: Vec<Mutex<Kept>>,
    per_shard: usize,
}

impl<'a> Memo<'a> {
    pub fn new(automaton: &'a AhoCorasick, capacity: usize) -> Self {
        Self {
            automaton,
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
            per_shard: capacity.div_ceil(SHARDS),
        }
    }

    /// The facts of `para`, a paragraph of a rendered speech (no line, no
    /// indentation: its text is all there is to it).
    pub fn facts(&self, para: &Para, costs: &Costs) -> Arc<Facts> {
        debug_assert!(para.line.is_none() && para.offset == 0 && para.line_text.is_empty());
        let text = para.text.as_str();
        if text.len() > MAX_BYTES {
            return Arc::new(Facts::new(para, self.automaton, costs));
        }
        let hasher = FixedState::default();
        let shard = &self.shards[hasher.hash_one(text) as usize % SHARDS];
        let lock = || shard.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(facts) = lock().get(text) {
            return Arc::clone(facts);
        }
        // Worked out without the lock: two threads may both do it for one
        // paragraph, and get the same.
        let facts = Arc::new(Facts::new(para, self.automaton, costs));
        let mut map = lock();
        if map.len() < self.per_shard {
            map.entry(text.into()).or_insert_with(|| Arc::clone(&facts));
        }
        facts
    }
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
        let memo = Memo::new(&automaton, CAPACITY);
        let costs = Costs::default();
        let doc = memo_doc(&["青山街道召开动员会。", "同志们：", "青山街道召开动员会。"]);
        let facts: Vec<_> = doc.paras.iter().map(|p| memo.facts(p, &costs)).collect();
        assert!(Arc::ptr_eq(&facts[0], &facts[2]));
        assert!(!Arc::ptr_eq(&facts[0], &facts[1]));
        assert_eq!(facts[0].hits, [(0, 0)]);
        assert_eq!(facts[0].chars, 10);
        assert_eq!(facts[1].chars, 4);
    }

    #[test]
    fn the_memo_stops_growing_at_its_capacity() {
        let automaton = AhoCorasick::new(["青山街道"]).unwrap();
        let memo = Memo::new(&automaton, 32);
        let costs = Costs::default();
        let texts: Vec<String> = (0..500).map(|i| format!("第{i}段。")).collect();
        let doc = Document::from_paragraphs("d", texts);
        for para in &doc.paras {
            memo.facts(para, &costs);
        }
        let kept: usize = memo.shards.iter().map(|s| s.lock().unwrap().len()).sum();
        assert!((16..=32).contains(&kept), "{kept}");
        // A paragraph not kept is still worked out in full.
        let last = memo.facts(doc.paras.last().unwrap(), &costs);
        assert_eq!(last.chars, "第499段。".chars().count());
    }

    #[test]
    fn long_paragraphs_are_not_kept() {
        let automaton = AhoCorasick::new(["青山街道"]).unwrap();
        let memo = Memo::new(&automaton, CAPACITY);
        let costs = Costs::default();
        let doc = memo_doc(&[&"字".repeat(MAX_BYTES)]);
        let a = memo.facts(&doc.paras[0], &costs);
        let b = memo.facts(&doc.paras[0], &costs);
        assert!(!Arc::ptr_eq(&a, &b));
        assert_eq!(a.chars, MAX_BYTES);
    }
}
