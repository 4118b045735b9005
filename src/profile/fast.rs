//! The positioned tree of [`value`](super::value) built straight from the
//! TOML parser's events, for the forms profiles are written in: `[table]`
//! headers, keys with values, dotted keys that make new tables, arrays and
//! inline tables. Anything else (arrays of tables, a table opened twice or
//! extended from elsewhere, a key given twice, any syntax error) is left to
//! the full reading through `toml`, which gives the same tree, with its
//! messages. A batch parses every profile; `toml`'s own tree costs about as
//! much again as the parser's events.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use toml_parser::decoder::{Encoding, ScalarKind};
use toml_parser::parser::{EventReceiver, RecursionGuard, ValidateWhitespace};
use toml_parser::{ErrorSink, ParseError, Raw, Span};

use super::value::{Entry, Kind, Node, Pos, Table, datetime_kind, float_of};
use crate::source::Source;

/// The tree of `source`, or `None` where the full reading must decide.
pub fn parse(source: &Arc<Source>) -> Option<Table> {
    let (builder, parsed) = read(&source.text, || Builder {
        input: toml_parser::Source::new(&source.text),
        source,
        root: Table::default(),
        made: Vec::new(),
        header: Vec::new(),
        header_open: 0,
        keys: Vec::new(),
        stack: Vec::new(),
        bail: false,
    });
    (parsed && !builder.bail && builder.stack.is_empty()).then_some(builder.root)
}

/// The events of `text`, handed to a receiver made by `make`: read by hand
/// for the forms profiles are written in ([`scan`](super::scan)), else by
/// the TOML parser (with a new receiver). The receiver, and whether the text
/// parsed.
pub(super) fn read<R: EventReceiver>(text: &str, make: impl Fn() -> R) -> (R, bool) {
    let mut receiver = make();
    let mut failed = Failed(false);
    if super::scan::events(text, &mut receiver, &mut failed).is_some() {
        return (receiver, !failed.0);
    }
    let mut receiver = make();
    let parsed = read_events(toml_parser::Source::new(text), &mut receiver);
    (receiver, parsed)
}

/// Runs the TOML parser over `input`, handing its events to `receiver`;
/// `false` if the parser found a mistake.
pub(super) fn read_events(
    input: toml_parser::Source<'_>,
    receiver: &mut dyn EventReceiver,
) -> bool {
    let tokens = input.lex().into_vec();
    let mut failed = Failed(false);
    // Set up as `toml` sets up its own reading: comments and line ends are
    // checked (a lone carriage return, control characters), and nesting has
    // the same limit.
    let mut validated = ValidateWhitespace::new(receiver, input);
    let mut guarded = RecursionGuard::new(&mut validated, 80);
    toml_parser::parser::parse_document(&tokens, &mut guarded, &mut failed);
    !failed.0
}

/// The text of a key or value at `span`, with how it is quoted (a bare span
/// reads as unquoted).
pub(super) fn raw<'i>(
    input: &toml_parser::Source<'i>,
    span: Span,
    encoding: Option<Encoding>,
) -> Raw<'i> {
    let text = input.input().get(span.start()..span.end()).unwrap_or("");
    Raw::new_unchecked(text, encoding, span)
}

/// The scalar at `span`, decoded as `Raw::decode_scalar` decodes it (errors
/// go to `errors`), with a shortcut for plain strings ([`plain_string`]):
/// both readings decode every value through here.
pub(super) fn decode_scalar<'i>(
    input: &toml_parser::Source<'i>,
    span: Span,
    encoding: Option<Encoding>,
    errors: &mut dyn ErrorSink,
) -> (ScalarKind, Cow<'i, str>) {
    let raw = raw(input, span, encoding);
    if let Some(text) = plain_string(raw.as_str(), encoding) {
        return (ScalarKind::String, Cow::Borrowed(text));
    }
    let mut decoded = Cow::Borrowed("");
    let kind = raw.decode_scalar(&mut decoded, errors);
    (kind, decoded)
}

/// The value of a one-line string whose text needs no decoding (no escape,
/// no control character, no quote): its text between the quotes, exactly as
/// toml's decoder gives it, without the decoder's walk byte by byte. Most of
/// a profile is such strings; anything else is `None`, for the decoder.
fn plain_string(text: &str, encoding: Option<Encoding>) -> Option<&str> {
    let quote = match encoding? {
        Encoding::BasicString => '"',
        Encoding::LiteralString => '\'',
        Encoding::MlBasicString | Encoding::MlLiteralString => return None,
    };
    let inner = text.strip_prefix(quote)?.strip_suffix(quote)?;
    // Tabs are allowed but rare, and the decoder knows them: below 0x20 is
    // all left to it, as are DEL, both quotes and the backslash.
    (!crate::bytes::any_below_or(inner.as_bytes(), 0x20, b"\x7f\"'\\")).then_some(inner)
}

/// The key at `span`, decoded as `Raw::decode_key` decodes it (errors go to
/// `errors`), with a shortcut for bare keys of the allowed characters, which
/// are their own text: both readings decode every key through here.
pub(super) fn decode_key<'i>(
    input: &toml_parser::Source<'i>,
    span: Span,
    encoding: Option<Encoding>,
    errors: &mut dyn ErrorSink,
) -> Cow<'i, str> {
    let raw = raw(input, span, encoding);
    let text = raw.as_str();
    if encoding.is_none() && !text.is_empty() && text.bytes().all(super::scan::is_bare) {
        return Cow::Borrowed(text);
    }
    let mut key = Cow::Borrowed("");
    raw.decode_key(&mut key, errors);
    key
}

/// An error sink that only remembers that there was an error.
pub(super) struct Failed(pub bool);

impl ErrorSink for Failed {
    fn report_error(&mut self, _error: ParseError) {
        self.0 = true;
    }
}

/// A value being built: an array or an inline table, with the keys of the
/// entry being read in it.
enum Open {
    Array(usize, Vec<Node>),
    Inline(usize, Table, Vec<(String, Range<usize>)>),
}

struct Builder<'i> {
    input: toml_parser::Source<'i>,
    source: &'i Arc<Source>,
    root: Table,
    /// Paths of the tables headers made (named, or on the way to one): the
    /// only tables a later header may go into here.
    made: Vec<Vec<String>>,
    /// The current `[header]`'s path.
    header: Vec<String>,
    header_open: usize,
    /// The keys of the top-level entry being read, with their spans.
    keys: Vec<(String, Range<usize>)>,
    stack: Vec<Open>,
    bail: bool,
}

fn range(span: Span) -> Range<usize> {
    span.start()..span.end()
}

impl Builder<'_> {
    fn pos(&self, span: Range<usize>) -> Pos {
        Pos::File {
            source: self.source.clone(),
            span,
        }
    }

    /// The table at `path` below the root, if every step is a table.
    fn table_mut(&mut self, path: &[String]) -> Option<&mut Table> {
        let mut table = &mut self.root;
        for key in path {
            let entry = table.entries.iter_mut().find(|(k, _)| k == key)?;
            match &mut entry.1.node.kind {
                Kind::Table(t) => table = t,
                _ => return None,
            }
        }
        Some(table)
    }

    fn new_table(&self, key: Range<usize>, value: Range<usize>) -> Entry {
        Entry {
            key_pos: self.pos(key),
            node: Node {
                kind: Kind::Table(Table::default()),
                pos: self.pos(value),
            },
        }
    }

    fn close_header(&mut self, close: Span) {
        let keys = std::mem::take(&mut self.keys);
        let Some(((last, last_span), before)) = keys.split_last() else {
            self.bail = true;
            return;
        };
        let mut path: Vec<String> = Vec::with_capacity(keys.len());
        for (key, span) in before {
            path.push(key.clone());
            if self.made.contains(&path) {
                continue;
            }
            // A key there already is a table made by a dotted key, or a
            // value: the full reading knows whether a header may go into it.
            let entry = self.new_table(span.clone(), span.clone());
            if !self.add(&path[..path.len() - 1], key.clone(), entry) {
                return;
            }
            self.made.push(path.clone());
        }
        let entry = self.new_table(last_span.clone(), self.header_open..close.end());
        if !self.add(&path, last.clone(), entry) {
            return;
        }
        path.push(last.clone());
        self.made.push(path.clone());
        self.header = path;
    }

    /// Adds `key` to the table at `path`; gives up (and says so) where the
    /// table is not there or already has the key.
    fn add(&mut self, path: &[String], key: String, entry: Entry) -> bool {
        match self.table_mut(path) {
            Some(table) if table.get(&key).is_none() => {
                table.entries.push((key, entry));
                true
            }
            _ => {
                self.bail = true;
                false
            }
        }
    }

    /// Places a finished value: into the array or inline table it is in, or
    /// under the keys read at the top level.
    fn value(&mut self, node: Node) {
        match self.stack.last_mut() {
            Some(Open::Array(_, items)) => items.push(node),
            Some(Open::Inline(_, table, keys)) => {
                let keys = std::mem::take(keys);
                let Ok([(key, span)]) = <[_; 1]>::try_from(keys) else {
                    self.bail = true;
                    return;
                };
                if table.get(&key).is_some() {
                    self.bail = true;
                    return;
                }
                let entry = Entry {
                    key_pos: Pos::File {
                        source: self.source.clone(),
                        span,
                    },
                    node,
                };
                table.entries.push((key, entry));
            }
            None => self.top_level(node),
        }
    }

    fn top_level(&mut self, node: Node) {
        let mut keys = std::mem::take(&mut self.keys);
        let Some((last, last_span)) = keys.pop() else {
            self.bail = true;
            return;
        };
        // The header's path, lent and given back, with the dotted keys'
        // tables added for the while.
        let mut path = std::mem::take(&mut self.header);
        let depth = path.len();
        self.insert(&mut path, &keys, last, last_span, node);
        path.truncate(depth);
        self.header = path;
        keys.clear();
        self.keys = keys;
    }

    fn insert(
        &mut self,
        path: &mut Vec<String>,
        before: &[(String, Range<usize>)],
        last: String,
        last_span: Range<usize>,
        node: Node,
    ) {
        for (key, span) in before {
            let entry = self.new_table(span.clone(), span.clone());
            if !self.add(path, key.clone(), entry) {
                return;
            }
            path.push(key.clone());
        }
        let key_pos = self.pos(last_span);
        self.add(path, last, Entry { key_pos, node });
    }

    fn scalar_kind(&self, span: Span, encoding: Option<Encoding>) -> Option<Kind> {
        let mut failed = Failed(false);
        let (kind, decoded) = decode_scalar(&self.input, span, encoding, &mut failed);
        if failed.0 {
            return None;
        }
        // As `value::convert_value` turns `toml`'s values into ours; an
        // integer out of range is its error to report.
        Some(match kind {
            ScalarKind::String => Kind::Str(decoded.into_owned()),
            ScalarKind::Boolean(b) => Kind::Bool(b),
            ScalarKind::Integer(radix) => {
                Kind::Int(i64::from_str_radix(&decoded, radix.value()).ok()?)
            }
            ScalarKind::Float => Kind::Float(float_of(&decoded)),
            ScalarKind::DateTime => datetime_kind(&decoded.parse().ok()?),
        })
    }
}

impl EventReceiver for Builder<'_> {
    fn std_table_open(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.header_open = span.start();
        self.keys.clear();
    }
    fn std_table_close(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.close_header(span);
    }
    fn array_table_open(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.bail = true;
    }
    fn inline_table_open(&mut self, span: Span, _error: &mut dyn ErrorSink) -> bool {
        self.stack
            .push(Open::Inline(span.start(), Table::default(), Vec::new()));
        true
    }
    fn inline_table_close(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        match self.stack.pop() {
            Some(Open::Inline(start, table, keys)) if keys.is_empty() => {
                let pos = self.pos(start..span.end());
                self.value(Node {
                    kind: Kind::Table(table),
                    pos,
                });
            }
            _ => self.bail = true,
        }
    }
    fn array_open(&mut self, span: Span, _error: &mut dyn ErrorSink) -> bool {
        self.stack.push(Open::Array(span.start(), Vec::new()));
        true
    }
    fn array_close(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        match self.stack.pop() {
            Some(Open::Array(start, items)) => {
                let pos = self.pos(start..span.end());
                self.value(Node {
                    kind: Kind::Array(items),
                    pos,
                });
            }
            _ => self.bail = true,
        }
    }
    fn simple_key(&mut self, span: Span, encoding: Option<Encoding>, _error: &mut dyn ErrorSink) {
        let mut failed = Failed(false);
        let key = decode_key(&self.input, span, encoding, &mut failed);
        if failed.0 {
            self.bail = true;
            return;
        }
        let key = (key.into_owned(), range(span));
        match self.stack.last_mut() {
            Some(Open::Inline(_, _, keys)) => keys.push(key),
            Some(Open::Array(..)) => self.bail = true,
            None => self.keys.push(key),
        }
    }
    fn scalar(&mut self, span: Span, encoding: Option<Encoding>, _error: &mut dyn ErrorSink) {
        match self.scalar_kind(span, encoding) {
            Some(kind) => {
                let pos = self.pos(range(span));
                self.value(Node { kind, pos });
            }
            None => self.bail = true,
        }
    }
    fn error(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.bail = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::value::parse_full;

    #[test]
    fn plain_strings_skip_the_decoder_only_when_nothing_needs_it() {
        let basic = Some(Encoding::BasicString);
        let literal = Some(Encoding::LiteralString);
        assert_eq!(plain_string("\"青山街道\"", basic), Some("青山街道"));
        assert_eq!(plain_string("'青山 街道'", literal), Some("青山 街道"));
        assert_eq!(plain_string("\"\"", basic), Some(""));
        assert_eq!(plain_string("\"青山\\n街道\"", basic), None);
        assert_eq!(plain_string("\"青山\t街道\"", basic), None);
        assert_eq!(
            plain_string("\"\"\"青山\"\"\"", Some(Encoding::MlBasicString)),
            None
        );
        assert_eq!(plain_string("青山", None), None);
    }

    proptest::proptest! {
        /// A bare key is its own text, as toml's decoder gives it.
        #[test]
        fn bare_keys_are_what_the_decoder_gives(key in "[a-zA-Z0-9_青-]{0,6}") {
            let input = toml_parser::Source::new(&key);
            let span = Span::new_unchecked(0, key.len());
            let mut failed = Failed(false);
            let mine = decode_key(&input, span, None, &mut failed);
            let mut theirs = Cow::Borrowed("");
            let mut their_failed = Failed(false);
            raw(&input, span, None).decode_key(&mut theirs, &mut their_failed);
            proptest::prop_assert_eq!(failed.0, their_failed.0);
            proptest::prop_assert_eq!(mine, theirs);
        }

        /// Whatever the shortcut gives is what toml's decoder gives, without
        /// an error.
        #[test]
        fn plain_strings_are_what_the_decoder_gives(
            // At most one character the decoder must see, among ordinary ones.
            inner in "[a-z 青山街道、。“”\u{E000}]{0,8}[\t\"'\\\\\u{0}-\u{1f}\u{7f}]?[ntu0-9a-f青山]{0,6}",
            literal in proptest::prelude::any::<bool>(),
        ) {
            let (quote, encoding) = if literal {
                ('\'', Encoding::LiteralString)
            } else {
                ('"', Encoding::BasicString)
            };
            let text = format!("{quote}{inner}{quote}");
            if let Some(plain) = plain_string(&text, Some(encoding)) {
                let raw = Raw::new_unchecked(&text, Some(encoding), Span::new_unchecked(0, text.len()));
                let mut value = Cow::Borrowed("");
                let mut failed = Failed(false);
                let kind = raw.decode_scalar(&mut value, &mut failed);
                proptest::prop_assert!(!failed.0);
                proptest::prop_assert!(matches!(kind, ScalarKind::String));
                proptest::prop_assert_eq!(plain, value.as_ref());
            }
        }
    }

    /// A tree as text: every key, kind, value and span.
    fn shape(table: &Table) -> String {
        fn span(pos: &Pos) -> String {
            match pos {
                Pos::File { span, .. } => format!("{span:?}"),
                Pos::Set(s) => format!("set {s}"),
            }
        }
        fn node(n: &Node, out: &mut String) {
            out.push_str(&span(&n.pos));
            match &n.kind {
                Kind::Table(t) => {
                    out.push('{');
                    for (k, e) in &t.entries {
                        out.push_str(&format!("{k:?}@{}=", span(&e.key_pos)));
                        node(&e.node, out);
                        out.push(',');
                    }
                    out.push('}');
                }
                Kind::Array(items) => {
                    out.push('[');
                    for i in items {
                        node(i, out);
                        out.push(',');
                    }
                    out.push(']');
                }
                Kind::Float(f) if f.is_nan() => out.push_str("NaN"),
                other => out.push_str(&format!("{other:?}")),
            }
        }
        let mut out = String::new();
        node(
            &Node {
                kind: Kind::Table(table.clone()),
                pos: Pos::Set(String::new()),
            },
            &mut out,
        );
        out
    }

    /// Wherever the events give a tree, it is the full reading's; and they
    /// never give one where the full reading refuses the text.
    fn agrees(text: &str) -> bool {
        let source = Arc::new(Source::new("p.toml", text));
        let full = parse_full(&source);
        match parse(&source) {
            Some(fast) => {
                let full = full.unwrap_or_else(|_| panic!("only the events read:\n{text}"));
                assert_eq!(shape(&fast), shape(&full), "\n{text}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn every_example_is_read_from_the_events() {
        for (path, text) in crate::profile::example_profiles() {
            assert!(agrees(&text), "{}", path.display());
        }
    }

    #[test]
    fn forms_read_from_the_events() {
        for text in [
            "",
            "a = 1\n",
            "template = \"dongyuan\" # 注释\n'q k' = [ 1, 2 ]\n\n[unit]\nname = \"青山\"\nx.y = 3\n[unit.sub]\nz = { a = 1, b = 'x' }\n[meeting]\ndate = 2026-12-01\n[a.b.c]\nd = 1.5\n",
            "[a]\nx = 1\n[a.b]\ny = 2\n[c]\n",
            "v = [[1, 2], [], [{ a = \"\"\"\n多行\"\"\" }]]\n",
            "t = 2026-12-01T08:00:00\nu = 08:00:00\nf = 1_000.5\ni = 0x1F\nb = true\nn = nan\n",
            "\"\" = 1\n\"a.b\" = 2\n",
            "a = 1\r\n[b]\r\nc = 'x' # 注释\r\n\td = [\r\n  1,\r\n  2,\r\n]\r\n",
        ] {
            assert!(agrees(text), "{text}");
        }
    }

    #[test]
    fn forms_left_to_the_full_reading() {
        for text in [
            "a = 1\na = 2\n",
            "[a]\n[a]\n",
            "[a.b]\n[a]\n",
            "a.b = 1\n[a.c]\n",
            "a = { b = 1 }\n[a.c]\n",
            "[[a]]\nb = 1\n",
            "a = { b.c = 1 }\n",
            "a = { b = 1, b = 2 }\n",
            "a = 99999999999999999999\n",
            "a = 2026-13-01\n",
            "a = \"未闭合\n",
            "a = \"\\q\"\n",
            "\r",
            "a = 1 # \u{7}\n",
            "a.b = 1\na.c = 2\n",
            "a = 1\n[a.b]\n",
        ] {
            assert!(!agrees(text), "{text}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn the_events_agree_with_the_full_reading(
            lines in proptest::collection::vec(line(), 0..10)
        ) {
            agrees(&lines.concat());
        }
    }

    fn line() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let key = prop_oneof![
            4 => "[a-h]".prop_map(String::from),
            1 => "[a-h]".prop_map(|k| format!("\"{k}\"")),
            1 => Just("'b c'".to_owned()),
            2 => "[a-d]\\.[a-d]".prop_map(String::from),
            1 => Just("a . c".to_owned()),
        ];
        let scalar = prop_oneof![
            "[青山a ]{0,3}".prop_map(|s| format!("\"{s}\"")),
            Just("'x'".to_owned()),
            Just("\"\"\"\n多行\"\"\"".to_owned()),
            Just("\"\\u9752\"".to_owned()),
            Just("3".to_owned()),
            Just("-0x10".to_owned()),
            Just("1e3".to_owned()),
            Just("inf".to_owned()),
            Just("true".to_owned()),
            Just("2026-12-01".to_owned()),
            Just("2026-02-30".to_owned()),
            Just("1979-05-27T07:32:00Z".to_owned()),
        ];
        let value = scalar.prop_recursive(2, 8, 3, move |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..3)
                    .prop_map(|v| format!("[{}]", v.join(", "))),
                proptest::collection::vec(
                    (prop_oneof![Just("x"), Just("y"), Just("x.y")], inner),
                    0..3
                )
                .prop_map(|v| {
                    let parts: Vec<String> = v.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                    format!("{{ {} }}", parts.join(", "))
                }),
            ]
        });
        prop_oneof![
            4 => (key.clone(), value).prop_map(|(k, v)| format!("{k} = {v}\n")),
            2 => key.clone().prop_map(|k| format!("[{k}]\n")),
            1 => key.prop_map(|k| format!("[[{k}]]\n")),
            1 => Just("# 注释\n".to_owned()),
            1 => Just("\n".to_owned()),
        ]
    }
}
