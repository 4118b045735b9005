//! "Did you mean …?" for misspelled names.

/// The candidate closest to `wanted`, if it is close enough to be a likely typo.
pub(crate) fn nearest<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    candidates
        .into_iter()
        .map(|c| (strsim::normalized_damerau_levenshtein(wanted, c), c))
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_owned())
}

#[cfg(test)]
mod tests {
    use super::nearest;

    #[test]
    fn transposed_letters() {
        assert_eq!(
            nearest("unit.nmae", ["unit.name", "unit.parent"]),
            Some("unit.name".into())
        );
    }
    #[test]
    fn nothing_close() {
        assert_eq!(nearest("xyz", ["unit.name", "meeting.date"]), None);
    }
    #[test]
    fn picks_closest() {
        assert_eq!(
            nearest("dongyan", ["dongyuan", "zuotan"]),
            Some("dongyuan".into())
        );
    }
}
