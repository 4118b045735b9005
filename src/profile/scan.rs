//! The TOML parser's events for the forms profiles are written in, read by
//! hand: `[table]` headers, bare or plainly quoted keys (dotted too), one-line
//! strings without escapes, integers, decimals, booleans, dates, arrays and
//! one-line inline tables, comments, blank lines. Anything else (an escape,
//! a multi-line string, a time, a hex number, an array of tables, any
//! mistake) leaves the text to `toml_parser`.
//!
//! Both readings of a batch read every profile this way: `toml_parser`
//! first cuts the whole text into tokens, then walks them, and that was a
//! tenth of a batch's processor time. A test and the profile fuzz target hold
//! the events given here to `toml_parser`'s own, event for event and span for
//! span.

use toml_parser::decoder::Encoding;
use toml_parser::parser::EventReceiver;
use toml_parser::{ErrorSink, ParseError, Span};

/// Arrays and inline tables nest at most this deep here (`toml_parser`
/// allows 80; profiles nest two).
const MAX_DEPTH: usize = 8;

/// Feeds `receiver` the events `toml_parser` gives for `text`, if `text` is
/// in the forms read here; `None` if it is not, and then the receiver has
/// seen some of them and must be set aside. Errors the receiver finds while
/// decoding go to `errors`, as they would from `toml_parser`.
///
/// Only the events the profile readers follow are given: tables, arrays,
/// keys, `=`, values and line ends (no white space, comments, dots or commas).
pub(super) fn events(
    text: &str,
    receiver: &mut dyn EventReceiver,
    errors: &mut dyn ErrorSink,
) -> Option<()> {
    if !plain_bytes(text.as_bytes()) {
        return None;
    }
    let mut s = Scanner {
        b: text.as_bytes(),
        at: 0,
        r: receiver,
        e: errors,
        depth: 0,
    };
    loop {
        s.blanks();
        match s.peek() {
            None => return Some(()),
            Some(b'\n' | b'\r') => s.newline()?,
            Some(b'#') => s.comment()?,
            Some(b'[') => {
                s.header()?;
                s.line_end()?;
            }
            Some(_) => {
                s.key_value()?;
                s.line_end()?;
            }
        }
    }
}

/// No control character but tab and line ends, no carriage return but
/// before a line feed, and no DEL: `toml_parser` refuses them in comments and
/// strings, with messages of its own.
fn plain_bytes(b: &[u8]) -> bool {
    // Branch-free, so that it is compared many bytes at a time.
    let bad = b.iter().fold(false, |bad, &c| {
        bad | (c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r')) | (c == 0x7f)
    });
    !bad && memchr::memchr_iter(b'\r', b).all(|at| b.get(at + 1) == Some(&b'\n'))
}

struct Scanner<'t, 'r> {
    b: &'t [u8],
    at: usize,
    r: &'r mut dyn EventReceiver,
    e: &'r mut dyn ErrorSink,
    depth: usize,
}

fn span(start: usize, end: usize) -> Span {
    Span::new_unchecked(start, end)
}

/// A character of a bare key.
pub(super) fn is_bare(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

impl Scanner<'_, '_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.at).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.b.get(self.at + ahead).copied()
    }

    /// Spaces and tabs.
    fn blanks(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.at += 1;
        }
    }

    /// `\n` or `\r\n`; a carriage return alone is a mistake.
    fn newline(&mut self) -> Option<()> {
        let start = self.at;
        match (self.peek(), self.peek_at(1)) {
            (Some(b'\n'), _) => self.at += 1,
            (Some(b'\r'), Some(b'\n')) => self.at += 2,
            _ => return None,
        }
        self.r.newline(span(start, self.at), self.e);
        Some(())
    }

    /// From `#` to the end of the line (not included).
    fn comment(&mut self) -> Option<()> {
        let rest = &self.b[self.at..];
        self.at += memchr::memchr2(b'\n', b'\r', rest).unwrap_or(rest.len());
        Some(())
    }

    /// What may follow a header or a key's value: a comment, then the end of
    /// the line or of the text.
    fn line_end(&mut self) -> Option<()> {
        self.blanks();
        if self.peek() == Some(b'#') {
            self.comment()?;
        }
        match self.peek() {
            None => Some(()),
            _ => self.newline(),
        }
    }

    /// White space, line ends and comments, as arrays allow between values.
    fn gaps(&mut self) -> Option<()> {
        loop {
            self.blanks();
            match self.peek() {
                Some(b'\n' | b'\r') => self.newline()?,
                Some(b'#') => self.comment()?,
                _ => return Some(()),
            }
        }
    }

    /// `[a.b]`; `[[a]]` is left to `toml_parser`.
    fn header(&mut self) -> Option<()> {
        if self.peek_at(1) == Some(b'[') {
            return None;
        }
        self.r.std_table_open(span(self.at, self.at + 1), self.e);
        self.at += 1;
        self.blanks();
        self.keys()?;
        self.blanks();
        if self.peek() != Some(b']') {
            return None;
        }
        self.r.std_table_close(span(self.at, self.at + 1), self.e);
        self.at += 1;
        Some(())
    }

    /// `a`, `a.b`, `a . "b"`.
    fn keys(&mut self) -> Option<()> {
        self.key()?;
        loop {
            let before = self.at;
            self.blanks();
            if self.peek() != Some(b'.') {
                self.at = before;
                return Some(());
            }
            self.at += 1;
            self.blanks();
            self.key()?;
        }
    }

    fn key(&mut self) -> Option<()> {
        let start = self.at;
        let encoding = match self.peek()? {
            b'"' | b'\'' => Some(self.quoted()?),
            c if is_bare(c) => {
                while self.peek().is_some_and(is_bare) {
                    self.at += 1;
                }
                None
            }
            _ => return None,
        };
        self.r.simple_key(span(start, self.at), encoding, self.e);
        Some(())
    }

    fn key_value(&mut self) -> Option<()> {
        self.keys()?;
        self.blanks();
        if self.peek() != Some(b'=') {
            return None;
        }
        self.r.key_val_sep(span(self.at, self.at + 1), self.e);
        self.at += 1;
        self.blanks();
        self.value()
    }

    fn value(&mut self) -> Option<()> {
        match self.peek()? {
            b'[' => self.array(),
            b'{' => self.inline_table(),
            b'"' | b'\'' => {
                let start = self.at;
                let encoding = self.quoted()?;
                self.r.scalar(span(start, self.at), Some(encoding), self.e);
                Some(())
            }
            _ => self.atom(),
        }
    }

    /// A one-line string with nothing to decode but its text (the receiver
    /// decodes it): no escape, no line end. Multi-line strings are left to
    /// `toml_parser`.
    fn quoted(&mut self) -> Option<Encoding> {
        let quote = self.peek()?;
        if self.peek_at(1) == Some(quote) && self.peek_at(2) == Some(quote) {
            return None;
        }
        let rest = &self.b[self.at + 1..];
        // A carriage return is always followed by a line feed (`plain_bytes`).
        let (encoding, end) = if quote == b'"' {
            (
                Encoding::BasicString,
                memchr::memchr3(b'"', b'\\', b'\n', rest)?,
            )
        } else {
            (
                Encoding::LiteralString,
                memchr::memchr2(b'\'', b'\n', rest)?,
            )
        };
        if rest[end] != quote {
            return None;
        }
        self.at += end + 2;
        Some(encoding)
    }

    /// A bare value: `true`, `false`, an integer or decimal in plain digits,
    /// or a date. Other forms (times, hex, exponents, `inf`, underscores) are
    /// left to `toml_parser`.
    fn atom(&mut self) -> Option<()> {
        let start = self.at;
        while self.peek().is_some_and(|c| {
            c.is_ascii_alphanumeric() || matches!(c, b'_' | b'+' | b'-' | b'.' | b':')
        }) {
            self.at += 1;
        }
        let text = &self.b[start..self.at];
        if !(matches!(text, b"true" | b"false") || is_number(text) || is_date(text)) {
            return None;
        }
        self.r.scalar(span(start, self.at), None, self.e);
        Some(())
    }

    fn array(&mut self) -> Option<()> {
        self.enter()?;
        // A receiver that does not want the contents is not ours.
        if !self.r.array_open(span(self.at, self.at + 1), self.e) {
            return None;
        }
        self.at += 1;
        loop {
            self.gaps()?;
            if self.peek() == Some(b']') {
                break;
            }
            self.value()?;
            self.gaps()?;
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => break,
                _ => return None,
            }
        }
        self.r.array_close(span(self.at, self.at + 1), self.e);
        self.at += 1;
        self.depth -= 1;
        Some(())
    }

    /// `{ a = 1, b = "x" }` on one line, without a trailing comma.
    fn inline_table(&mut self) -> Option<()> {
        self.enter()?;
        if !self.r.inline_table_open(span(self.at, self.at + 1), self.e) {
            return None;
        }
        self.at += 1;
        self.blanks();
        if self.peek() != Some(b'}') {
            loop {
                self.key_value()?;
                self.blanks();
                match self.peek() {
                    Some(b',') => {
                        self.at += 1;
                        self.blanks();
                    }
                    Some(b'}') => break,
                    _ => return None,
                }
            }
        }
        self.r
            .inline_table_close(span(self.at, self.at + 1), self.e);
        self.at += 1;
        self.depth -= 1;
        Some(())
    }

    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }
}

/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?`
fn is_number(text: &[u8]) -> bool {
    let text = text.strip_prefix(b"-").unwrap_or(text);
    let (int, frac) = match text.iter().position(|&c| c == b'.') {
        Some(dot) => (&text[..dot], Some(&text[dot + 1..])),
        None => (text, None),
    };
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    digits(int) && (int == b"0" || int[0] != b'0') && frac.is_none_or(digits)
}

/// `YYYY-MM-DD` (whether the day exists is the decoder's to say).
fn is_date(text: &[u8]) -> bool {
    text.len() == 10
        && text.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// For tests and fuzzing: where `text` is read here, the events given here
/// and `toml_parser`'s (as text), and whether `toml_parser` read it without
/// a mistake; `None` where it is left to `toml_parser`.
pub(super) fn both_ways(text: &str) -> Option<(Vec<String>, Vec<String>, bool)> {
    let mine = here(text)?;
    let (theirs, ok) = theirs(text);
    Some((mine, theirs, ok))
}

/// Every event, as text.
#[derive(Default)]
struct Record(Vec<String>);

impl Record {
    fn push(&mut self, what: &str, span: Span, encoding: Option<Encoding>) {
        self.0.push(format!(
            "{what} {}..{} {encoding:?}",
            span.start(),
            span.end()
        ));
    }
}

impl EventReceiver for Record {
    fn std_table_open(&mut self, s: Span, _e: &mut dyn ErrorSink) {
        self.push("[", s, None);
    }
    fn std_table_close(&mut self, s: Span, _e: &mut dyn ErrorSink) {
        self.push("]", s, None);
    }
    fn array_table_open(&mut self, s: Span, _e: &mut dyn ErrorSink) {
        self.push("[[", s, None);
    }
    fn array_table_close(&mut self, s: Span, _e: &mut dyn ErrorSink) {
        self.push("]]", s, None);
    }
    fn inline_table_open(&mut self, s: Span, _e: &mut dyn ErrorSink) -> bool {
        self.push("{", s, None);
        true
    }
    fn inline_table_close(&mut self, s: Span, _e: &mut dyn ErrorSink) {
        self.push("}", s, None);
    }
    fn array_open(&mut self, s: Span, _e: &mut dyn ErrorSink) -> bool {
        self.push("a[", s, None);
        true
    }
    fn array_close(&mut self, s: Span, _e: &mut dyn ErrorSink) {
        self.push("a]", s, None);
    }
    fn simple_key(&mut self, s: Span, k: Option<Encoding>, _e: &mut dyn ErrorSink) {
        self.push("key", s, k);
    }
    fn key_val_sep(&mut self, s: Span, _e: &mut dyn ErrorSink) {
        self.push("=", s, None);
    }
    fn scalar(&mut self, s: Span, k: Option<Encoding>, _e: &mut dyn ErrorSink) {
        self.push("scalar", s, k);
    }
    fn newline(&mut self, s: Span, _e: &mut dyn ErrorSink) {
        self.push("nl", s, None);
    }
    fn error(&mut self, s: Span, _e: &mut dyn ErrorSink) {
        self.push("error", s, None);
    }
}

struct Errors(usize);

impl ErrorSink for Errors {
    fn report_error(&mut self, _error: ParseError) {
        self.0 += 1;
    }
}

/// The events read here, if the text is in the forms read here.
fn here(text: &str) -> Option<Vec<String>> {
    let mut record = Record::default();
    let mut errors = Errors(0);
    events(text, &mut record, &mut errors)?;
    assert_eq!(errors.0, 0);
    Some(record.0)
}

/// `toml_parser`'s events, and whether it found a mistake.
fn theirs(text: &str) -> (Vec<String>, bool) {
    let mut record = Record::default();
    let ok = super::fast::read_events(toml_parser::Source::new(text), &mut record);
    (record.0, ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wherever the text is read here, `toml_parser` reads it without a
    /// mistake and gives the same events.
    fn agrees(text: &str) -> bool {
        let Some((mine, theirs, ok)) = both_ways(text) else {
            return false;
        };
        assert!(ok, "only read here:\n{text}");
        assert_eq!(mine, theirs, "\n{text}");
        true
    }

    #[test]
    fn the_forms_of_a_profile_are_read_here() {
        for text in [
            "",
            "\n\n",
            "# 注释\n",
            "a = 1",
            "a = 1\n",
            "a=1#注释\n",
            "template = \"dongyuan\" # 注释\n'q k' = [ 1, 2 ]\n\n[unit]\nname = \"青山\"\nx.y = 3\n[unit.sub]\nz = { a = 1, b = 'x' }\n[meeting]\ndate = 2026-12-01\n[a.b.c]\nd = 1.5\n",
            "[ a . \"b\" ]\t# 注释\nc = -12\n",
            "v = [\n  \"一\", # 注释\n  '二',\n\n]\n",
            "v = [[1, 2], [], [{ a = \"\", b = true }], {}]\n",
            "stages = [\n  { name = \"动员部署\", period = \"12月\" },\n  { name = \"集中整治\", period = \"2027年1月至4月\" },\n]\n",
            "\"\" = 1\n\"a.b\" = 2\n'' = 3\n",
            "a = 1\r\n[b]\r\nc = 'x' # 注释\r\n\td = [\r\n  1,\r\n  2,\r\n]\r\n",
            "a = 'C:\\路径'\n",
            "a = \"\t\"\n",
            "a = 0\nb = 0.5\nc = false\n",
            "a = 2026-02-30\n",
        ] {
            assert!(agrees(text), "{text}");
        }
    }

    #[test]
    fn other_forms_are_left_to_toml_parser() {
        for text in [
            "a = \"\\\\ 不是转义\"\n",
            "a = \"\\u9752\"\n",
            "a = \"\"\"\n多行\"\"\"\n",
            "a = '''多行'''\n",
            "[[a]]\n",
            "a = 0x1F\n",
            "a = 1_000\n",
            "a = 1e3\n",
            "a = inf\n",
            "a = +1\n",
            "a = 01\n",
            "a = 2026-12-01T08:00:00\n",
            "a = 2026-12-01 08:00:00\n",
            "a = 08:00:00\n",
            "a = { b = 1, }\n",
            "a = { b = 1,\n c = 2 }\n",
            "a = 1 b = 2\n",
            "a = \"未闭合\n",
            "a = '未闭合\n",
            "a = 1\r",
            "a = 1 # \u{7}\n",
            "a = \u{7f}\n",
            "青山 = 1\n",
            "a = 青山\n",
            "a =\n",
            "= 1\n",
            "[a\n",
            "a = [1 2]\n",
            "a = [[[[[[[[[1]]]]]]]]]\n",
            "\u{feff}a = 1\n",
        ] {
            assert!(here(text).is_none(), "{text:?}");
        }
    }

    #[test]
    fn every_example_is_read_here() {
        for (path, text) in crate::profile::example_profiles() {
            assert!(agrees(&text), "{}", path.display());
        }
    }

    #[test]
    fn the_events_are_toml_parsers() {
        use proptest::test_runner::{Config, TestRunner};
        let mut runner = TestRunner::new(Config {
            failure_persistence: None,
            ..Config::with_cases(4000)
        });
        let read = std::cell::Cell::new(0);
        runner
            .run(&proptest::collection::vec(line(), 0..10), |lines| {
                read.set(read.get() + usize::from(agrees(&lines.concat())));
                Ok(())
            })
            .unwrap();
        // Enough of the cases are read here for the comparison to mean something.
        assert!(read.get() > 400, "{}", read.get());
    }

    /// Lines of a profile, mostly in the forms read here, with some that are
    /// not and some mistakes.
    fn line() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let key = prop_oneof![
            4 => "[a-d_-]{1,2}".prop_map(String::from),
            1 => "[a-d ]{0,2}".prop_map(|k| format!("\"{k}\"")),
            1 => "[a-d ]{0,2}".prop_map(|k| format!("'{k}'")),
            2 => "[a-d]{1,2} ?\\. ?[a-d]".prop_map(String::from),
            1 => "[a青 ]".prop_map(String::from),
        ];
        let scalar = prop_oneof![
            4 => "[青山a #,\\]}\t]{0,3}".prop_map(|s| format!("\"{s}\"")),
            2 => "[青山a #'\\\\]{0,3}".prop_map(|s| format!("'{s}'")),
            1 => Just("\"\"\"多行\"\"\"".to_owned()),
            1 => Just("\"\\u9752\"".to_owned()),
            3 => "-?[0-9]{1,3}(\\.[0-9]{0,2})?".prop_map(String::from),
            1 => "[0-9_xe+.:TZ-]{1,6}".prop_map(String::from),
            1 => prop_oneof![Just("true"), Just("false"), Just("inf"), Just("True")].prop_map(String::from),
            2 => "20[0-9]{2}-[01][0-9]-[0-3][0-9]( 08:00| ?#)?".prop_map(String::from),
        ];
        let value = scalar.prop_recursive(3, 12, 3, move |inner| {
            prop_oneof![
                (
                    proptest::collection::vec(inner.clone(), 0..3),
                    "[,\\n ]{0,2}",
                    "( # 注)?\\n?"
                )
                    .prop_map(|(v, sep, tail)| format!(
                        "[{}{sep}{tail}]",
                        v.join(&format!(",{sep}"))
                    )),
                (proptest::collection::vec(("[a-c]{1,2}", inner), 0..3), ",?").prop_map(
                    |(v, tail)| {
                        let parts: Vec<String> =
                            v.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                        format!("{{ {}{tail} }}", parts.join(", "))
                    }
                ),
            ]
        });
        let end = prop_oneof![8 => Just("\n"), 1 => Just("\r\n"), 1 => Just(" # 注释\n"), 1 => Just("\r"), 1 => Just("")];
        prop_oneof![
            6 => (key.clone(), "[ =]{1,3}", value, end.clone()).prop_map(|(k, eq, v, e)| format!("{k}{eq}{v}{e}")),
            2 => (key.clone(), "\\[{1,2}", end.clone()).prop_map(|(k, open, e)| format!("{open} {k} ]{e}")),
            1 => Just("# 注释\n".to_owned()),
            1 => Just("\n".to_owned()),
            1 => Just("\t\u{7}\n".to_owned()),
        ]
    }
}
