//! Output file names: a pattern filled from profile data, then made safe.

/// Longest file name stem we write, in characters.
pub const MAX_NAME_CHARS: usize = 80;

/// A file name stem that cannot leave the output folder or upset a file
/// system: no separators, no `..`, no control characters, no names Windows
/// reserves, at most [`MAX_NAME_CHARS`] characters.
pub fn sanitize(raw: &str) -> String {
    let replaced: String = raw
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let trimmed = replaced.trim_matches(|c: char| c.is_whitespace() || c == '.');
    let mut name: String = trimmed.chars().take(MAX_NAME_CHARS).collect();
    // Also bound the bytes: some file systems allow 255 bytes, and CJK takes 3.
    while name.len() > 200 {
        name.pop();
    }
    let name = name
        .trim_end_matches(|c: char| c.is_whitespace() || c == '.')
        .to_owned();
    let stem = name.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = ["CON", "PRN", "AUX", "NUL"].contains(&stem.as_str())
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    match (name.is_empty(), reserved) {
        (true, _) => "_".to_owned(),
        (false, true) => format!("_{name}"),
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_chinese_name_is_kept() {
        assert_eq!(sanitize("青山街道-2026-12-01"), "青山街道-2026-12-01");
    }
    #[test]
    fn traversal_is_defused() {
        assert_eq!(sanitize("../../etc/x"), "_.._etc_x");
        assert!(!sanitize("../../etc/x").contains('/'));
    }
    #[test]
    fn separators_become_underscores() {
        assert_eq!(sanitize("a/b"), "a_b");
        assert_eq!(sanitize("a\\b:c"), "a_b_c");
    }
    #[test]
    fn control_characters_and_nul() {
        assert_eq!(sanitize("a\0b\nc"), "a_b_c");
    }
    #[test]
    fn dots_only_is_not_a_name() {
        assert_eq!(sanitize(".."), "_");
        assert_eq!(sanitize("   "), "_");
        assert_eq!(sanitize(".hidden"), "hidden");
    }
    #[test]
    fn long_names_are_cut() {
        let long = "很".repeat(300);
        let s = sanitize(&long);
        assert_eq!(s.chars().count(), 66);
        assert!(s.len() <= 200);
        assert_eq!(sanitize(&"a".repeat(300)).len(), MAX_NAME_CHARS);
    }
    #[test]
    fn reserved_windows_names() {
        assert_eq!(sanitize("CON"), "_CON");
        assert_eq!(sanitize("com1.txt"), "_com1.txt");
        assert_eq!(sanitize("console"), "console");
    }
}
