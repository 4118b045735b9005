//! Text files as users hand them to us: read, decoded, and addressable by
//! line and column for messages.

use std::path::Path;

use crate::error::{Error, Location};

/// A file's text with the name messages use for it.
#[derive(Debug, Clone)]
pub struct Source {
    /// How messages name the file: the path as given, or a label like `<stdin>`.
    pub name: String,
    /// The text, without a byte-order mark; line endings as in the file.
    pub text: String,
    /// Said to the user when the file was not UTF-8 but decoded anyway.
    pub notice: Option<String>,
    /// Made at the first position asked for: a file with thousands of
    /// problems costs no rescan from its start for each.
    index: std::sync::OnceLock<Index>,
}

/// Where lines start, and how many characters stand before every
/// [`Index::STEP`]th byte, so that a byte's line and column are found
/// without counting from the start of the file.
#[derive(Debug, Clone)]
struct Index {
    line_starts: Vec<usize>,
    /// Characters before byte `k * STEP` (at the char boundary at or before it).
    chars_at: Vec<(usize, usize)>,
}

impl Index {
    const STEP: usize = 4096;

    fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(b, _)| b + 1));
        let mut chars_at = Vec::with_capacity(text.len() / Self::STEP + 1);
        let mut chars = 0;
        let mut next = 0;
        for (b, _) in text.char_indices() {
            if b >= next {
                chars_at.push((b, chars));
                next = b + Self::STEP;
            }
            chars += 1;
        }
        chars_at.push((text.len(), chars));
        Self {
            line_starts,
            chars_at,
        }
    }

    /// Characters before byte `at` (a char boundary).
    fn chars_before(&self, text: &str, at: usize) -> usize {
        let k = self.chars_at.partition_point(|&(b, _)| b <= at) - 1;
        let (b, n) = self.chars_at[k];
        n + text[b..at].chars().count()
    }
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
            notice: None,
            index: std::sync::OnceLock::new(),
        }
    }

    /// Reads a UTF-8 file; a byte-order mark is dropped silently, invalid UTF-8
    /// is an error naming the byte offset.
    pub fn read(path: &Path) -> Result<Self, Error> {
        Self::from_bytes(path.display().to_string(), read_limited(path)?)
    }

    /// Decodes bytes that came from a file or standard input.
    pub fn from_bytes(name: String, bytes: Vec<u8>) -> Result<Self, Error> {
        let (text, notice) = decode(&name, bytes)?;
        Ok(Self {
            name,
            text,
            notice,
            index: std::sync::OnceLock::new(),
        })
    }

    /// The 1-based line and 1-based character column of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let index = self.index.get_or_init(|| Index::new(&self.text));
        let line = index.line_starts.partition_point(|&b| b <= offset);
        let line_start = index.line_starts[line - 1];
        let col =
            index.chars_before(&self.text, offset) - index.chars_before(&self.text, line_start) + 1;
        (line, col)
    }

    /// The location of a byte range, for a diagnostic; the caret covers the
    /// range's first line. The line is shown as a window around the caret,
    /// so a diagnostic on a very long line stays short.
    pub fn location(&self, span: std::ops::Range<usize>) -> Location {
        const AROUND: usize = 60;
        let (line, column) = self.line_col(span.start);
        let start = floor_char_boundary(&self.text, span.start.min(self.text.len()));
        let end = floor_char_boundary(&self.text, span.end.min(self.text.len())).max(start);
        let covered = self.text[start..end].lines().next().unwrap_or("");
        let width = covered.chars().count().max(1);
        let index = self.index.get_or_init(|| Index::new(&self.text));
        let line_start = index.line_starts[line - 1];
        let line_end = index
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&b| b - 1);
        let line_end = if self.text[..line_end].ends_with('\r') {
            line_end - 1
        } else {
            line_end
        };
        let from = self.text[line_start..start]
            .char_indices()
            .rev()
            .nth(AROUND - 1)
            .map_or(line_start, |(b, _)| line_start + b);
        let to = self.text[start..line_end.max(start)]
            .char_indices()
            .nth(width.min(200) + AROUND)
            .map_or(line_end.max(start), |(b, _)| start + b);
        Location {
            file: self.name.clone(),
            line,
            column,
            line_text: Some(self.text[from..to].to_owned()),
            excerpt_from: u32::try_from(column - self.text[from..start].chars().count())
                .unwrap_or(1),
            excerpt_more: to < line_end,
            width,
        }
    }

    /// Line `n` (1-based) without its line ending.
    pub fn line(&self, n: usize) -> &str {
        self.text
            .lines()
            .nth(n.saturating_sub(1))
            .unwrap_or("")
            .trim_end_matches('\r')
    }
}

/// The largest profile, template or draft we read: far above any speech
/// (a 3,000-character speech is about 10 KB), far below what hurts.
pub const MAX_INPUT_BYTES: u64 = 10 * 1024 * 1024;

/// Reads a file of at most [`MAX_INPUT_BYTES`].
pub fn read_limited(path: &Path) -> Result<Vec<u8>, Error> {
    let read_err = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_err)?;
    // Room for a whole profile (rarely over a few KB) in the first read:
    // growing the buffer from nothing takes about eight reads per profile,
    // and asking the file's length first costs a system call per file.
    let mut bytes = Vec::with_capacity(16 << 10);
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, MAX_INPUT_BYTES + 1),
        &mut bytes,
    )
    .map_err(read_err)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(Error::TooLarge {
            name: path.display().to_string(),
            limit: MAX_INPUT_BYTES,
        });
    }
    // No shrinking: `Source` keeps a copy of the checked text, not these
    // bytes, and drafts are parsed and dropped.
    Ok(bytes)
}

fn decode(name: &str, mut bytes: Vec<u8>) -> Result<(String, Option<String>), Error> {
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(Error::TooLarge {
            name: name.to_owned(),
            limit: MAX_INPUT_BYTES,
        });
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    // Profiles are mostly 汉字, where the standard check goes character by
    // character; the vectorised one is about ten times faster, and copying
    // the checked text costs less than the difference.
    if let Ok(text) = simdutf8::basic::from_utf8(&bytes) {
        return Ok((text.to_owned(), None));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, None)),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            match gb18030(&bytes, offset) {
                Some(text) => Ok((
                    text,
                    Some(format!(
                        "{name} 不是 UTF-8 编码，已按 GB18030（GBK）编码读取"
                    )),
                )),
                None => Err(Error::Encoding {
                    name: name.to_owned(),
                    offset,
                }),
            }
        }
    }
}

/// Text saved as GBK/GB18030 (the default of many Chinese Windows setups),
/// if that is what these bytes plausibly are. UTF-8 with a few corrupt bytes
/// is not: its valid part already holds Chinese characters (GBK bytes that
/// happen to form UTF-8 make accents and symbols, not 汉字), and decoding it as
/// GB18030 would give mojibake.
fn gb18030(bytes: &[u8], utf8_valid_up_to: usize) -> Option<String> {
    let valid = std::str::from_utf8(&bytes[..utf8_valid_up_to.min(bytes.len())]).unwrap_or("");
    if valid.chars().any(crate::zh::text::is_cjk) {
        return None;
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return None;
    }
    let non_ascii: Vec<char> = text.chars().filter(|c| !c.is_ascii()).collect();
    let chinese = non_ascii
        .iter()
        .filter(|c| {
            crate::zh::text::is_cjk(**c)
                || crate::zh::text::is_cjk_punct(**c)
                || matches!(**c, '\u{3000}' | '\u{FF01}'..='\u{FF5E}')
        })
        .count();
    (!non_ascii.is_empty() && chinese * 10 >= non_ascii.len() * 9).then(|| text.into_owned())
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let s = Source::new("t", "第一行\n青山街道 = 1\n");
        let off = s.text.find('=').unwrap();
        assert_eq!(s.line_col(off), (2, 6));
    }
    #[test]
    fn location_width_in_characters() {
        let s = Source::new("t", "name = \"青山\"\n");
        let start = s.text.find('"').unwrap();
        let loc = s.location(start..s.text.len() - 1);
        assert_eq!((loc.line, loc.column, loc.width), (1, 8, 4));
    }
    #[test]
    fn bom_is_dropped() {
        let s = Source::from_bytes("t".into(), b"\xEF\xBB\xBFa = 1".to_vec()).unwrap();
        assert_eq!(s.text, "a = 1");
    }
    #[test]
    fn invalid_utf8_names_offset() {
        let err = Source::from_bytes("t".into(), b"ab\xFFc".to_vec()).unwrap_err();
        assert!(matches!(err, Error::Encoding { offset: 2, .. }));
    }
    #[test]
    fn crlf_lines_have_no_carriage_return() {
        let s = Source::new("t", "a\r\nb\r\n");
        assert_eq!(s.line(1), "a");
        assert_eq!(s.line_col(3), (2, 1));
    }
}
