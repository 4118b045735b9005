//! Near-duplicate detection across a batch without comparing every pair:
//! what a reviewer sees is sentences that two drafts share, so each draft's
//! sentences (cut at 。！？；, the batch's unit names masked) are hashed and
//! summed up by one-permutation MinHash; locality-sensitive hashing bands find
//! the candidates worth comparing.

use rayon::prelude::*;

/// Buckets of the signature; the Jaccard estimate has a standard error of
/// about 1/sqrt(64) ≈ 0.06.
pub const SIGNATURE: usize = 64;
/// Many bands of two rows: a pair with a third of its sentences in common
/// (half of each draft's sentences shared) shares some band almost surely.
const BANDS: usize = 32;
const ROWS: usize = SIGNATURE / BANDS;
/// How many outputs sharing a band one output is compared with; bounds the
/// work when a whole batch is near-identical.
const MAX_CANDIDATES: usize = 8;
/// Up to this many outputs every pair is compared (about a million pairs,
/// a few tens of milliseconds); beyond it, only LSH candidates.
pub const EXHAUSTIVE_UP_TO: usize = 1500;
/// What stands for a masked name in a sentence.
const MASK: char = '\u{3007}';

/// A compact summary of a text's sentences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub [u32; SIGNATURE]);

/// Whether `c` ends a sentence as a reviewer counts them.
fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';')
}

/// The signature of a text: its lines are paragraphs, and each of `names`
/// is masked wherever it occurs.
pub fn signature(text: &str, names: &[&str]) -> Signature {
    let mut signer = Signer::default();
    for line in text.lines() {
        let chars: Vec<char> = line.chars().collect();
        let mut masked = Vec::new();
        for name in names.iter().filter(|n| !n.is_empty()) {
            let name: Vec<char> = name.chars().collect();
            let mut at = 0;
            while at + name.len() <= chars.len() {
                if chars[at..at + name.len()] == name[..] {
                    masked.push((at, at + name.len()));
                    at += name.len();
                } else {
                    at += 1;
                }
            }
        }
        signer.merge(&Piece::of(&chars, &masked));
    }
    signer.finish()
}

/// A signature being built: each sentence hashed once lands in one of 64
/// buckets by its top bits, and each bucket keeps its smallest value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    sig: [u32; SIGNATURE],
}

impl Default for Signer {
    fn default() -> Self {
        Self {
            sig: [u32::MAX; SIGNATURE],
        }
    }
}

impl Signer {
    /// Takes in one sentence's hash.
    #[inline]
    fn add(&mut self, hash: u64) {
        let h = finalize(hash);
        let bucket = (h >> 58) as usize;
        let value = h as u32;
        if value < self.sig[bucket] {
            self.sig[bucket] = value;
        }
    }

    /// Takes in the sentences of a paragraph (or of another signer).
    pub fn merge(&mut self, other: &Signer) {
        for (mine, theirs) in self.sig.iter_mut().zip(other.sig) {
            *mine = (*mine).min(theirs);
        }
    }

    pub fn finish(self) -> Signature {
        Signature(self.sig)
    }
}

/// A paragraph's share of a [`Signature`]: its sentences, hashed once. A
/// sentence never reaches past a paragraph or past a 。, so a paragraph's
/// piece is the merge of its sentences' pieces, and a batch keeps it for a
/// paragraph many speeches share.
pub type Piece = Signer;

impl Signer {
    /// The piece of a paragraph given as its characters, with the character
    /// ranges of names to mask (each becomes one 〇). White space is skipped.
    pub fn of(chars: &[char], masked: &[(usize, usize)]) -> Self {
        let mut piece = Self::default();
        let mut hasher = crate::render::variants::StableHasher::default();
        let mut empty = true;
        let mut buf = [0u8; 4];
        let mut i = 0;
        while i < chars.len() {
            if let Some(&(_, end)) = masked.iter().find(|(start, _)| *start == i) {
                hasher.add(MASK.encode_utf8(&mut buf).as_bytes());
                empty = false;
                i = end.max(i + 1);
                continue;
            }
            let c = chars[i];
            i += 1;
            if ends_sentence(c) {
                if !empty {
                    piece.add(hasher.0);
                }
                hasher = crate::render::variants::StableHasher::default();
                empty = true;
            } else if !crate::zh::text::is_space(c) && c != '\u{3000}' {
                hasher.add(c.encode_utf8(&mut buf).as_bytes());
                empty = false;
            }
        }
        if !empty {
            piece.add(hasher.0);
        }
        piece
    }
}

fn finalize(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The estimated share of sentences two drafts have in common, 0.0–1.0:
/// from the Jaccard similarity J of their sentence sets, 2J / (1 + J), which
/// is the share of either draft's sentences found in the other when both have
/// as many sentences. “Half the sentences are the same” is 0.5.
pub fn similarity(a: &Signature, b: &Signature) -> f64 {
    let j = jaccard(a, b);
    2.0 * j / (1.0 + j)
}

/// Estimated Jaccard similarity of two drafts' sentence sets, 0.0–1.0.
fn jaccard(a: &Signature, b: &Signature) -> f64 {
    // Branch-free, so that the compiler compares many buckets per instruction:
    // small batches compare every pair.
    let (mut same, mut both) = (0u32, 0u32);
    for (x, y) in a.0.iter().zip(b.0.iter()) {
        // Both buckets are empty exactly when every bit of both is set.
        let empty = x & y == u32::MAX;
        both += u32::from(!empty);
        same += u32::from(x == y && !empty);
    }
    if both == 0 {
        0.0
    } else {
        f64::from(same) / f64::from(both)
    }
}

/// A pair of outputs too alike: indices into the signatures, and the estimate.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub a: usize,
    pub b: usize,
    pub similarity: f64,
}

/// Pairs at or above `threshold`. In large batches each output is compared
/// only with up to a few others that share a band with it, so the work grows
/// with the number of outputs, not its square.
pub fn similar_pairs(signatures: &[Option<Signature>], threshold: f64) -> Vec<Pair> {
    let present: Vec<(usize, &Signature)> = signatures
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.as_ref().map(|s| (i, s)))
        .collect();
    let mut out = Vec::new();
    if present.len() <= EXHAUSTIVE_UP_TO {
        // Small batches: every pair, so that any threshold is honoured exactly.
        out.par_extend(
            present
                .par_iter()
                .enumerate()
                .flat_map_iter(|(k, &(i, a))| {
                    present[k + 1..].iter().filter_map(move |&(j, b)| {
                        let similarity = similarity(a, b);
                        (similarity >= threshold).then_some(Pair {
                            a: i,
                            b: j,
                            similarity,
                        })
                    })
                }),
        );
        return out;
    }
    // Candidates: outputs that agree on every row of some band. Sorting
    // (band key, output) pairs groups them without a hash map; each output
    // is then compared with the next few of its group in each band. The
    // candidates are gathered per output, so that no list of every pair
    // (half a million at 10,000 outputs) is built, sorted and merged on
    // the way: outputs are numbered by their place in `present`, in u32.
    // Per band: (key, output) sorted, and each output's place in that order.
    type Band = (Vec<(u64, u32)>, Vec<u32>);
    let bands: Vec<Band> = (0..BANDS)
        .into_par_iter()
        .map(|band| {
            let mut keyed: Vec<(u64, u32)> = present
                .iter()
                .enumerate()
                .map(|(k, &(_, sig))| {
                    let key = sig.0[band * ROWS..(band + 1) * ROWS]
                        .iter()
                        .fold(band as u64, |h, r| finalize(h ^ u64::from(*r)));
                    (key, index32(k))
                })
                .collect();
            keyed.sort_unstable();
            let mut rank = vec![0; present.len()];
            for (at, &(_, k)) in keyed.iter().enumerate() {
                rank[k as usize] = index32(at);
            }
            (keyed, rank)
        })
        .collect();
    let present = &present;
    out.par_extend((0..present.len()).into_par_iter().flat_map_iter(|k| {
        let mut others: Vec<u32> = Vec::with_capacity(BANDS * MAX_CANDIDATES);
        for (keyed, rank) in &bands {
            let at = rank[k] as usize;
            let key = keyed[at].0;
            others.extend(
                keyed[at + 1..]
                    .iter()
                    .take(MAX_CANDIDATES)
                    .take_while(|e| e.0 == key)
                    .map(|e| e.1),
            );
        }
        others.sort_unstable();
        others.dedup();
        let (i, a) = present[k];
        others.into_iter().filter_map(move |m| {
            let (j, b) = present[m as usize];
            let similarity = similarity(a, b);
            (similarity >= threshold).then_some(Pair {
                a: i,
                b: j,
                similarity,
            })
        })
    }));
    out.sort_by_key(|p| (p.a, p.b));
    out
}

/// Outputs are numbered in u32 in the band lists: four billion jobs would
/// exhaust memory long before.
fn index32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "同志们，今天我们召开动员会。主要任务是贯彻落实上级的决策部署；对全街道开展环境整治行动进行动员部署！进一步统一思想、明确任务、压实责任。大家要迅速行动起来。";

    fn sig(text: &str) -> Signature {
        signature(text, &[])
    }

    #[test]
    fn sentences_are_what_counts() {
        // The same sentences in another order, with other white space: the same.
        let reordered = "大家要迅速行动起来。同志们，今天我们召开动员会。\n主要任务是贯彻落实上级的决策部署；对全街道开展环境整治行动进行动员部署！进一步统一思想、明确任务、压实责任。";
        assert_eq!(sig(TEXT), sig(reordered));
        assert_eq!(sig(" 大家 要迅速行动起来。"), sig("大家要迅速行动起来"));
        // One word changed: that sentence differs, the others do not.
        let edited = TEXT.replace("今天", "今日");
        let share = similarity(&sig(TEXT), &sig(&edited));
        assert!((0.6..1.0).contains(&share), "{share}");
        assert_eq!(similarity(&sig(TEXT), &sig(TEXT)), 1.0);
    }

    #[test]
    fn names_are_masked() {
        let a = "青山街道要带头。全街道要行动起来。";
        let b = "红星街道要带头。全街道要行动起来。";
        assert_eq!(signature(a, &["青山街道"]), signature(b, &["红星街道"]));
        assert_ne!(signature(a, &[]), signature(b, &[]));
        // A piece from characters with the name's range marked is the same.
        let chars: Vec<char> = a.chars().collect();
        let mut whole = Signer::default();
        whole.merge(&Piece::of(&chars, &[(0, 4)]));
        assert_eq!(whole.finish(), signature(a, &["青山街道"]));
    }

    #[test]
    fn pieces_cut_after_a_full_stop_merge_into_the_paragraph() {
        let chars: Vec<char> = TEXT.chars().collect();
        let whole = Piece::of(&chars, &[]);
        let mut joined = Signer::default();
        let mut start = 0;
        for (k, c) in chars.iter().enumerate() {
            if *c == '。' {
                joined.merge(&Piece::of(&chars[start..=k], &[]));
                start = k + 1;
            }
        }
        joined.merge(&Piece::of(&chars[start..], &[]));
        assert_eq!(whole, joined);
        assert_ne!(whole, Signer::default());
    }

    #[test]
    fn buckets_empty_in_both_do_not_count() {
        let mut a = Signature([u32::MAX; SIGNATURE]);
        let mut b = a.clone();
        assert_eq!(jaccard(&a, &b), 0.0);
        a.0[0] = 5;
        b.0[0] = 5;
        b.0[1] = 7;
        // Buckets 0 (same) and 1 (filled in one only) count; the other 62 do not.
        assert_eq!(jaccard(&a, &b), 0.5);
        assert!((similarity(&a, &b) - 2.0 / 3.0).abs() < 1e-9);
        // A value whose bits are all set but one is not empty.
        a.0[2] = u32::MAX - 1;
        b.0[2] = u32::MAX - 1;
        assert_eq!(jaccard(&a, &b), 2.0 / 3.0);
    }

    #[test]
    fn different_texts_are_dissimilar() {
        let other =
            "春天来了。小河里的冰融化了。柳树发出了嫩芽。燕子从南方飞回来。孩子们在田野里放风筝。";
        assert!(similarity(&sig(TEXT), &sig(other)) < 0.2);
    }

    /// A draft of `n` sentences, `shared` of them from a common stock.
    fn draft(id: usize, n: usize, shared: usize) -> String {
        (0..n)
            .map(|k| {
                if k < shared {
                    format!("共同的第{k}句话，讲的是同一件事。")
                } else {
                    format!("第{id}篇自己的第{k}句，内容各不相同。")
                }
            })
            .collect()
    }

    #[test]
    fn half_the_sentences_shared_is_found_in_large_batches() {
        let mut sigs: Vec<Option<Signature>> = (0..EXHAUSTIVE_UP_TO + 10)
            .map(|i| Some(sig(&draft(i, 40, 0))))
            .collect();
        sigs.push(Some(sig(&draft(90_001, 40, 24))));
        sigs.push(Some(sig(&draft(90_002, 40, 24))));
        let pairs = similar_pairs(&sigs, 0.5);
        let n = sigs.len();
        assert!(
            pairs.iter().any(|p| (p.a, p.b) == (n - 2, n - 1)),
            "{pairs:?}"
        );
        assert!(pairs.iter().all(|p| p.a >= n - 2), "{pairs:?}");
    }

    #[test]
    fn near_duplicates_are_found_without_comparing_all() {
        let edited = TEXT.replace("今天", "今日");
        let unrelated = "春天来了。小河里的冰融化了。柳树发出了嫩芽。燕子从南方飞回来。";
        let sigs = vec![
            Some(sig(TEXT)),
            Some(sig(unrelated)),
            Some(sig(&edited)),
            None,
        ];
        let pairs = similar_pairs(&sigs, 0.5);
        assert_eq!(pairs.len(), 1);
        assert_eq!((pairs[0].a, pairs[0].b), (0, 2));
    }
    /// The candidate rule of `similar_pairs` past [`EXHAUSTIVE_UP_TO`],
    /// written plainly: every band's groups, each member with the next
    /// `MAX_CANDIDATES` of its group, all pairs in one list.
    fn banded_pairs_plainly(
        signatures: &[Option<Signature>],
        threshold: f64,
    ) -> Vec<(usize, usize)> {
        let mut candidates = std::collections::BTreeSet::new();
        for band in 0..BANDS {
            let mut keyed: Vec<(u64, usize)> = signatures
                .iter()
                .enumerate()
                .filter_map(|(i, s)| s.as_ref().map(|s| (i, s)))
                .map(|(i, sig)| {
                    let key = sig.0[band * ROWS..(band + 1) * ROWS]
                        .iter()
                        .fold(band as u64, |h, r| finalize(h ^ u64::from(*r)));
                    (key, i)
                })
                .collect();
            keyed.sort_unstable();
            for group in keyed.chunk_by(|x, y| x.0 == y.0) {
                for (k, &(_, i)) in group.iter().enumerate() {
                    for &(_, j) in group.iter().skip(k + 1).take(MAX_CANDIDATES) {
                        candidates.insert((i, j));
                    }
                }
            }
        }
        candidates
            .into_iter()
            .filter(|&(i, j)| {
                let (Some(a), Some(b)) = (&signatures[i], &signatures[j]) else {
                    return false;
                };
                similarity(a, b) >= threshold
            })
            .collect()
    }
    #[test]
    fn banded_candidates_follow_the_rule() {
        // Many near-identical outputs (groups far larger than the number
        // compared), some alike in a few bands only, and some missing.
        let texts = [TEXT.repeat(2), TEXT.replace("动员", "部署").repeat(2)];
        let sigs: Vec<Option<Signature>> = (0..EXHAUSTIVE_UP_TO + 300)
            .map(|i| {
                (i % 97 != 5).then(|| {
                    let base = &texts[i % 2];
                    match i % 5 {
                        0 => sig(base),
                        1 => sig(&format!("{base}第{}条。", i % 7)),
                        2 => sig(&format!("第{}号。{base}", i % 11)),
                        _ => sig(&draft(i, 12, 0)),
                    }
                })
            })
            .collect();
        for threshold in [0.0, 0.5, 0.85] {
            let ours: Vec<(usize, usize)> = similar_pairs(&sigs, threshold)
                .iter()
                .map(|p| (p.a, p.b))
                .collect();
            assert!(!ours.is_empty());
            assert_eq!(ours, banded_pairs_plainly(&sigs, threshold), "{threshold}");
        }
    }
}
