//! Byte scans shared by the readers and writers: whether a text needs the
//! slow, byte-by-byte treatment at all (escaping, decoding).

/// Whether some byte of `s` is below `below` or equal to one of `also`.
/// Eight bytes at a time, with the classic zero-byte test on a word: most
/// texts this sees are long runs of Chinese with nothing in them to find.
pub fn any_below_or(s: &[u8], below: u8, also: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = ONES * 0x80;
    // Nonzero iff some byte of `v` is below `n` (exact for n <= 0x80).
    let under = |v: u64, n: u8| v.wrapping_sub(ONES * u64::from(n)) & !v & HIGH;
    let mut words = s.chunks_exact(8);
    for word in &mut words {
        let v = u64::from_ne_bytes(word.try_into().unwrap_or([0; 8]));
        let mut hit = under(v, below.min(0x80));
        for &b in also {
            hit |= under(v ^ (ONES * u64::from(b)), 1);
        }
        if hit != 0 {
            return true;
        }
    }
    words
        .remainder()
        .iter()
        .any(|&b| b < below || also.contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn finds_what_it_is_asked_for() {
        assert!(!any_below_or(
            "青山街道召开动员会".as_bytes(),
            0x20,
            b"\"\\"
        ));
        assert!(any_below_or("青山街道召开\n动员会".as_bytes(), 0x20, b""));
        assert!(any_below_or(
            "青山街道召开动员会\\".as_bytes(),
            0x20,
            b"\"\\"
        ));
        assert!(any_below_or(b"\x7f", 0x20, b"\x7f"));
        assert!(!any_below_or(b"", 0x20, b"\""));
    }

    proptest! {
        #[test]
        fn agrees_with_a_byte_loop(
            s in prop::collection::vec(any::<u8>(), 0..40),
            below in 0u8..=0x80,
            also in prop::collection::vec(any::<u8>(), 0..4),
        ) {
            let slow = s.iter().any(|b| *b < below || also.contains(b));
            prop_assert_eq!(any_below_or(&s, below, &also), slow);
        }
    }
}
