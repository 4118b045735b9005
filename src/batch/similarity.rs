//! Near-duplicate detection across a batch without comparing every pair:
//! one-permutation MinHash over character 4-grams, and locality-sensitive
//! hashing bands to find the candidates worth comparing.

use rayon::prelude::*;

/// Buckets of the signature; the Jaccard estimate has a standard error of
/// about 1/sqrt(64) ≈ 0.06.
pub const SIGNATURE: usize = 64;
const BANDS: usize = 8;
const ROWS: usize = SIGNATURE / BANDS;
/// How many outputs sharing a band one output is compared with; bounds the
/// work when a whole batch is near-identical.
const MAX_CANDIDATES: usize = 8;
const SHINGLE: usize = 4;
/// Up to this many outputs every pair is compared (about a million pairs,
/// a few tens of milliseconds); beyond it, only LSH candidates, which finds
/// pairs above about 0.75 reliably.
pub const EXHAUSTIVE_UP_TO: usize = 1500;

/// A compact summary of a text's character 4-grams.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub [u32; SIGNATURE]);

/// One-permutation hashing: each 4-gram is hashed once, lands in one of 64
/// buckets by its top bits, and each bucket keeps its smallest value.
pub fn signature(text: &str) -> Signature {
    signature_of(text.chars())
}

/// [`signature`] of a text given as its characters (white space is skipped).
pub fn signature_of(chars: impl Iterator<Item = char>) -> Signature {
    let mut signer = Signer::default();
    for c in chars.filter(|c| !crate::zh::text::is_space(*c)) {
        signer.push(c);
    }
    signer.finish()
}

/// [`signature_of`] fed one character at a time, so that a caller walking
/// the text for other reasons need not walk it again.
#[derive(Debug, Clone)]
pub struct Signer {
    sig: [u32; SIGNATURE],
    /// The last four characters, oldest in the high half.
    window: u128,
    seen: usize,
}

impl Default for Signer {
    fn default() -> Self {
        Self {
            sig: [u32::MAX; SIGNATURE],
            window: 0,
            seen: 0,
        }
    }
}

impl Signer {
    /// The next character that is not white space.
    #[inline]
    pub fn push(&mut self, c: char) {
        self.window = (self.window << 32) | u128::from(c as u32);
        self.seen += 1;
        if self.seen < SHINGLE {
            return;
        }
        // The older pair through a multiplication, so that swapping the pairs
        // gives another value; then one finalizer mixes the whole shingle.
        let h = finalize(
            ((self.window >> 64) as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ self.window as u64,
        );
        let bucket = (h >> 58) as usize;
        let value = h as u32;
        if value < self.sig[bucket] {
            self.sig[bucket] = value;
        }
    }

    pub fn finish(self) -> Signature {
        Signature(self.sig)
    }

    /// Feeds a whole paragraph's [`Piece`]: the same as pushing its
    /// characters one by one, without hashing its inner 4-grams again.
    pub fn append(&mut self, piece: &Piece) {
        let inner = &piece.inner;
        let head = &piece.head[..inner.seen.min(SHINGLE - 1)];
        for &c in head {
            self.push(c);
        }
        if inner.seen >= SHINGLE {
            self.merge(inner);
        }
    }

    /// Takes in a piece's inner 4-grams, once its first three characters
    /// are pushed: the 4-grams that end in them reach into what came before,
    /// and were hashed just now; the rest lie inside the piece.
    fn merge(&mut self, inner: &Signer) {
        for (mine, theirs) in self.sig.iter_mut().zip(inner.sig) {
            *mine = (*mine).min(theirs);
        }
        self.window = inner.window;
        self.seen += inner.seen - (SHINGLE - 1);
    }
}

/// A paragraph's share of a [`Signature`]: its inner 4-grams, hashed once, and
/// the characters that join it to the text around it. A batch keeps it for a
/// paragraph many speeches share.
#[derive(Debug, Clone)]
pub struct Piece {
    /// The paragraph signed on its own: its first 4-gram ends at its fourth
    /// character, and `window` holds its last four.
    inner: Signer,
    head: [char; SHINGLE - 1],
}

impl Default for Piece {
    fn default() -> Self {
        Self {
            inner: Signer::default(),
            head: ['\0'; SHINGLE - 1],
        }
    }
}

impl Piece {
    /// The next character that is not white space.
    #[inline]
    pub fn push(&mut self, c: char) {
        if let Some(slot) = self.head.get_mut(self.inner.seen) {
            *slot = c;
        }
        self.inner.push(c);
    }

    /// Feeds the next text's piece: the same as pushing its characters.
    pub fn append(&mut self, next: &Piece) {
        let inner = &next.inner;
        for &c in &next.head[..inner.seen.min(SHINGLE - 1)] {
            self.push(c);
        }
        if inner.seen >= SHINGLE {
            self.inner.merge(inner);
        }
    }
}

fn finalize(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Estimated Jaccard similarity of two texts' 4-gram sets, 0.0–1.0.
pub fn similarity(a: &Signature, b: &Signature) -> f64 {
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

    const TEXT: &str = "同志们，今天我们召开动员会，主要任务是贯彻落实上级的决策部署，对全街道开展环境整治行动进行动员部署，进一步统一思想、明确任务、压实责任。";

    /// Feeds `paras` as pieces, and character by character.
    fn both_ways(paras: &[String]) -> (Signature, Signature) {
        let mut whole = Signer::default();
        let mut joined = Signer::default();
        for para in paras {
            let mut piece = Piece::default();
            for c in para.chars().filter(|c| !crate::zh::text::is_space(*c)) {
                whole.push(c);
                piece.push(c);
            }
            joined.append(&piece);
        }
        (whole.finish(), joined.finish())
    }

    #[test]
    fn pieces_sign_like_the_whole_text() {
        let paras = [
            "同志们",
            "",
            "一",
            "今天召开动员会，",
            "二三",
            "部署工作。 好",
        ]
        .map(String::from);
        let (whole, joined) = both_ways(&paras);
        assert_eq!(whole, joined);
        assert_ne!(whole, Signer::default().finish());
    }

    proptest::proptest! {
        #[test]
        fn pieces_of_any_length_sign_like_the_whole_text(
            paras in proptest::collection::vec("[一二三四 ]{0,7}", 0..8)
        ) {
            let (whole, joined) = both_ways(&paras);
            proptest::prop_assert_eq!(whole, joined);
        }
    }

    #[test]
    fn identical_texts_are_identical() {
        assert_eq!(similarity(&signature(TEXT), &signature(TEXT)), 1.0);
    }
    #[test]
    fn buckets_empty_in_both_do_not_count() {
        let mut a = Signature([u32::MAX; SIGNATURE]);
        let mut b = a.clone();
        assert_eq!(similarity(&a, &b), 0.0);
        a.0[0] = 5;
        b.0[0] = 5;
        b.0[1] = 7;
        // Buckets 0 (same) and 1 (filled in one only) count; the other 62 do not.
        assert_eq!(similarity(&a, &b), 0.5);
        // A value whose bits are all set but one is not empty.
        a.0[2] = u32::MAX - 1;
        b.0[2] = u32::MAX - 1;
        assert_eq!(similarity(&a, &b), 2.0 / 3.0);
    }
    #[test]
    fn different_texts_are_dissimilar() {
        let other = "春天来了，小河里的冰融化了，柳树发出了嫩芽，燕子从南方飞回来，孩子们在田野里放风筝，到处是一片生机勃勃的景象。";
        assert!(similarity(&signature(TEXT), &signature(other)) < 0.2);
    }
    #[test]
    fn large_batches_use_bands() {
        let base: String = TEXT.repeat(3);
        let mut sigs: Vec<Option<Signature>> = (0..EXHAUSTIVE_UP_TO + 10)
            .map(|i| {
                Some(signature(&format!(
                    "{i}号文件，春夏秋冬，{}，{i}",
                    i * 7919
                )))
            })
            .collect();
        sigs.push(Some(signature(&base)));
        sigs.push(Some(signature(&base.replace("今天", "今日"))));
        let pairs = similar_pairs(&sigs, 0.8);
        let n = sigs.len();
        assert!(
            pairs.iter().any(|p| (p.a, p.b) == (n - 2, n - 1)),
            "{pairs:?}"
        );
    }
    #[test]
    fn near_duplicates_are_found_without_comparing_all() {
        let edited = TEXT.replace("今天", "今日");
        let unrelated =
            "春天来了，小河里的冰融化了，柳树发出了嫩芽，燕子从南方飞回来，孩子们在田野里放风筝。";
        let sigs = vec![
            Some(signature(TEXT)),
            Some(signature(unrelated)),
            Some(signature(&edited)),
            None,
        ];
        let pairs = similar_pairs(&sigs, 0.7);
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
                        0 => signature(base),
                        1 => signature(&format!("{base}{}", i % 7)),
                        2 => signature(&format!("第{}号：{base}", i % 11)),
                        _ => signature(&format!("{i}号文件，春夏秋冬，{}，{i}", i * 7919)),
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
