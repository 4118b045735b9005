//! A profile read for what a batch's first pass needs (its pack and the names
//! it owns), from the TOML parser's events, without building the tree that
//! [`ProfileDoc`](super::ProfileDoc) keeps for positions and validation. A
//! batch reads every profile twice; the first read is a third of the cost.

use std::borrow::Cow;

use toml_parser::decoder::{Encoding, ScalarKind};
use toml_parser::parser::EventReceiver;
use toml_parser::{ErrorSink, Source, Span};

use super::fast::{decode_key, decode_scalar, read};

/// What a profile says, in the terms of [`ProfileDoc`](super::ProfileDoc):
/// the same as its `template()`, `string_at("unit.name")`,
/// `string_list("aliases")` and `strings()`.
/// Strings without escapes are borrowed from the text: a batch's first pass
/// reads every string of every profile and keeps none of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quick<'i> {
    pub template: Option<Cow<'i, str>>,
    pub unit_name: Option<Cow<'i, str>>,
    pub aliases: Vec<Cow<'i, str>>,
    /// Every non-empty string value, in any order.
    pub strings: Vec<Cow<'i, str>>,
}

/// `None` when the profile needs the full reading: it extends another file,
/// or it does not parse, or it writes its keys in forms this reading does not
/// follow (an inline table as a key's value, arrays of tables).
///
/// Some mistakes only the full reading reports (a key given twice); such a
/// profile still gets its reading here, and its job fails when the full
/// reading comes.
pub fn quick(text: &str) -> Option<Quick<'_>> {
    let (reader, parsed) = read(text, || Reader {
        source: Source::new(text),
        header: Vec::new(),
        in_header: false,
        key: Vec::new(),
        after_sep: false,
        depth: 0,
        out: Quick {
            template: None,
            unit_name: None,
            aliases: Vec::new(),
            strings: Vec::new(),
        },
        bail: false,
    });
    (parsed && !reader.bail).then_some(reader.out)
}

/// Where a value stands: the table header's path, then its own key's.
struct Reader<'i> {
    source: Source<'i>,
    header: Vec<Cow<'i, str>>,
    in_header: bool,
    key: Vec<Cow<'i, str>>,
    /// Past the `=` of a key at the top of a table.
    after_sep: bool,
    /// Inside this many arrays (values only: inline tables bail).
    depth: u32,
    out: Quick<'i>,
    bail: bool,
}

impl<'i> Reader<'i> {
    fn decode_key(
        &mut self,
        span: Span,
        encoding: Option<Encoding>,
        error: &mut dyn ErrorSink,
    ) -> Cow<'i, str> {
        decode_key(&self.source, span, encoding, error)
    }

    fn path_is(&self, path: &[&str]) -> bool {
        let full = self.header.iter().chain(&self.key);
        full.clone().count() == path.len() && full.zip(path).all(|(a, b)| a == b)
    }
}

impl<'i> EventReceiver for Reader<'i> {
    fn std_table_open(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.header.clear();
        self.in_header = true;
    }
    fn std_table_close(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.in_header = false;
    }
    fn array_table_open(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.bail = true;
    }
    fn inline_table_open(&mut self, _span: Span, _error: &mut dyn ErrorSink) -> bool {
        // A list of inline tables (`stages = [{…}, {…}]`) only holds strings;
        // an inline table as a key's value would hide keys like `unit.name`.
        if self.depth == 0 {
            self.bail = true;
        }
        self.depth += 1;
        true
    }
    fn inline_table_close(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.depth = self.depth.saturating_sub(1);
    }
    fn array_open(&mut self, _span: Span, _error: &mut dyn ErrorSink) -> bool {
        self.depth += 1;
        true
    }
    fn array_close(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.depth = self.depth.saturating_sub(1);
    }
    fn simple_key(&mut self, span: Span, encoding: Option<Encoding>, error: &mut dyn ErrorSink) {
        if self.depth > 0 {
            return;
        }
        let key = self.decode_key(span, encoding, error);
        if self.in_header {
            self.header.push(key);
        } else if !self.after_sep {
            self.key.push(key);
        }
    }
    fn key_val_sep(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        if self.depth > 0 {
            return;
        }
        self.after_sep = true;
        if self.path_is(&["extends"]) {
            self.bail = true;
        }
    }
    fn scalar(&mut self, span: Span, encoding: Option<Encoding>, error: &mut dyn ErrorSink) {
        let (kind, value) = decode_scalar(&self.source, span, encoding, error);
        if !matches!(kind, ScalarKind::String) {
            return;
        }
        if self.depth == 0 && self.path_is(&["template"]) {
            self.out.template = Some(value.clone());
        } else if self.depth == 0 && self.path_is(&["unit", "name"]) {
            self.out.unit_name = Some(value.clone());
        } else if self.depth == 1 && self.path_is(&["aliases"]) {
            self.out.aliases.push(value.clone());
        }
        if !value.is_empty() {
            self.out.strings.push(value);
        }
    }
    fn newline(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        if self.depth == 0 {
            self.key.clear();
            self.after_sep = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::ProfileDoc;
    use crate::source::Source as Text;

    /// The full reading's answers, strings sorted.
    fn full(text: &str) -> Option<Quick<'static>> {
        let source = Text::from_bytes("p.toml".into(), text.as_bytes().to_vec()).ok()?;
        let doc = ProfileDoc::from_source(source, None).ok()?;
        let mut strings = doc.strings();
        strings.sort();
        let owned = |v: Vec<String>| v.into_iter().map(Cow::Owned).collect();
        Some(Quick {
            template: doc.template().map(Cow::Owned),
            unit_name: doc.string_at("unit.name").map(|s| Cow::Owned(s.to_owned())),
            aliases: owned(doc.string_list("aliases")),
            strings: owned(strings),
        })
    }

    fn sorted(mut q: Quick<'_>) -> Quick<'_> {
        q.strings.sort();
        q
    }

    #[test]
    fn every_example_reads_the_same_both_ways() {
        for (path, text) in crate::profile::example_profiles() {
            match quick(&text) {
                Some(q) => assert_eq!(Some(sorted(q)), full(&text), "{}", path.display()),
                None => assert!(text.contains("extends"), "{}", path.display()),
            }
        }
    }

    #[test]
    fn keys_in_every_form() {
        let text = r#"
"template" = 'dongyuan'
aliases = ["青山", "", 'x\y']
unit.name = "青山\u8857道"
[speaker]
name = """
王 某"""
[meeting]
date = 2026-12-01
count = 3
stages = [{ name = "动员", period = "12月" }, { name = "整改" }]
"#;
        let q = quick(text).unwrap();
        assert_eq!(q.template.as_deref(), Some("dongyuan"));
        assert_eq!(q.unit_name.as_deref(), Some("青山街道"));
        assert_eq!(q.aliases, ["青山", "", "x\\y"]);
        assert_eq!(Some(sorted(q)), full(text));
        let text = "[unit]\nname = \"临河县\"\n[unit.x]\nname = \"不是它\"\n";
        assert_eq!(quick(text).unwrap().unit_name.as_deref(), Some("临河县"));
        assert_eq!(Some(sorted(quick(text).unwrap())), full(text));
    }

    #[test]
    fn what_needs_the_full_reading() {
        for text in [
            "extends = \"base.toml\"\n",
            "unit = { name = \"青山街道\" }\n",
            "[[stage]]\nname = \"动员\"\n",
            "name = \"未闭合\n",
            "name = \"\\q\"\n",
        ] {
            assert_eq!(quick(text), None, "{text}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
        /// Wherever the quick reading answers, the full one answers the same.
        #[test]
        fn the_quick_reading_agrees_with_the_full_one(
            lines in proptest::collection::vec(line(), 0..12)
        ) {
            let text = lines.concat();
            if let Some(q) = quick(&text) {
                if let Some(f) = full(&text) {
                    proptest::prop_assert_eq!(sorted(q), f, "{}", text);
                }
            }
        }
    }

    fn line() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let key = prop_oneof![
            Just("template".to_owned()),
            Just("aliases".to_owned()),
            Just("unit".to_owned()),
            Just("name".to_owned()),
            Just("\"name\"".to_owned()),
            Just("unit.name".to_owned()),
            Just("x".to_owned()),
        ];
        let string = prop_oneof![
            "[青山街道临河县 ]{0,4}".prop_map(|s| format!("\"{s}\"")),
            "[青山a]{0,3}".prop_map(|s| format!("'{s}'")),
            Just("\"\\u9752\"".to_owned()),
            Just("\"\"\"\n多行\"\"\"".to_owned()),
        ];
        let value = prop_oneof![
            string.clone(),
            Just("3".to_owned()),
            Just("2026-12-01".to_owned()),
            proptest::collection::vec(string.clone(), 0..3)
                .prop_map(|v| format!("[{}]", v.join(", "))),
            string.clone().prop_map(|s| format!("[{{ name = {s} }}]")),
            string.prop_map(|s| format!("{{ name = {s} }}")),
        ];
        prop_oneof![
            (key.clone(), value).prop_map(|(k, v)| format!("{k} = {v}\n")),
            key.clone().prop_map(|k| format!("[{k}]\n")),
            key.prop_map(|k| format!("[[{k}]]\n")),
            Just("# 注释\n".to_owned()),
        ]
    }
}
