//! The template dialect: every helper a template may call, ours and the ones
//! handlebars registers itself. Registration, the compiled render path,
//! `templates check`, "did you mean" hints and the pack's naming rules all
//! read this one table, so a new helper is one row here plus its function.

use std::collections::BTreeMap;

use handlebars::Handlebars;

use super::helpers::{self, SimpleFn};
use super::variants;

/// What a helper is, which decides how it is registered and rendered.
#[derive(Clone, Copy)]
pub enum Kind {
    /// Ours: maps its parameters to one value, usable in a subexpression
    /// (`{{date (add_months d 6)}}`).
    Value(SimpleFn),
    /// Ours: chooses wording by seed (`pick`, `or`, `phrase`).
    Variant(Variant),
    /// Ours, in place of handlebars' own: `#if`/`#unless` that refuse a
    /// misspelled name (handlebars exempts them from strict mode).
    Condition { positive: bool },
    /// Registered by handlebars itself.
    Builtin,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Pick,
    Or,
    Phrase,
}

pub struct Helper {
    pub name: &'static str,
    pub kind: Kind,
}

impl Helper {
    /// One of the helpers a pack author is told about (ours, not the
    /// conditions and built-ins every handlebars user knows).
    pub fn is_documented(&self) -> bool {
        matches!(self.kind, Kind::Value(_) | Kind::Variant(_))
    }
}

const fn value(name: &'static str, f: SimpleFn) -> Helper {
    Helper {
        name,
        kind: Kind::Value(f),
    }
}

const fn builtin(name: &'static str) -> Helper {
    Helper {
        name,
        kind: Kind::Builtin,
    }
}

/// Every helper, ours first in the order the documentation lists them.
pub const HELPERS: &[Helper] = &[
    value("cn", helpers::cn),
    value("count", helpers::count),
    value("ordinal", helpers::ordinal),
    value("nth", helpers::nth),
    value("year", helpers::year),
    value("date", helpers::date),
    value("cn_date", helpers::cn_date),
    value("due", helpers::due),
    value("add_months", helpers::add_months),
    value("weekday", helpers::weekday),
    value("join", helpers::join),
    value("quote", helpers::quote),
    value("enumerate", helpers::enumerate),
    value("pluck", helpers::pluck),
    Helper {
        name: "pick",
        kind: Kind::Variant(Variant::Pick),
    },
    Helper {
        name: "or",
        kind: Kind::Variant(Variant::Or),
    },
    Helper {
        name: "phrase",
        kind: Kind::Variant(Variant::Phrase),
    },
    value("pct", helpers::pct),
    value("fixed", helpers::fixed),
    value("wan", helpers::wan),
    Helper {
        name: "if",
        kind: Kind::Condition { positive: true },
    },
    Helper {
        name: "unless",
        kind: Kind::Condition { positive: false },
    },
    builtin("each"),
    builtin("with"),
    builtin("lookup"),
    builtin("raw"),
    builtin("log"),
    builtin("eq"),
    builtin("ne"),
    builtin("gt"),
    builtin("gte"),
    builtin("lt"),
    builtin("lte"),
    builtin("and"),
    builtin("not"),
    builtin("len"),
];

/// The helper called `name`.
pub fn find(name: &str) -> Option<&'static Helper> {
    HELPERS.iter().find(|h| h.name == name)
}

/// Whether `{{name}}` calls a helper rather than reading a variable.
pub fn is_helper(name: &str) -> bool {
    find(name).is_some()
}

/// Every helper's name.
pub fn names() -> impl Iterator<Item = &'static str> {
    HELPERS.iter().map(|h| h.name)
}

/// The helpers a pack author is told about, for "可用的助手".
pub fn documented() -> impl Iterator<Item = &'static str> {
    HELPERS.iter().filter(|h| h.is_documented()).map(|h| h.name)
}

/// The function of a value helper.
pub fn value_fn(name: &str) -> Option<(&'static str, SimpleFn)> {
    match find(name)?.kind {
        Kind::Value(f) => Some((find(name)?.name, f)),
        _ => None,
    }
}

/// Registers our helpers on `hb` (handlebars registers its own). The
/// variant helpers need the pack's phrase banks; without them (`--name`
/// patterns, where a name must not change by chance) they are left out.
pub fn register(hb: &mut Handlebars<'_>, phrases: Option<&BTreeMap<String, Vec<String>>>) {
    for h in HELPERS {
        match h.kind {
            Kind::Value(f) => hb.register_helper(h.name, helpers::value_helper(h.name, f)),
            Kind::Condition { positive } => {
                hb.register_helper(h.name, helpers::condition(positive));
            }
            Kind::Variant(v) => {
                let Some(banks) = phrases else { continue };
                let def: Box<dyn handlebars::HelperDef + Send + Sync> = match v {
                    Variant::Pick => Box::new(variants::Pick),
                    Variant::Or => Box::new(variants::Or),
                    Variant::Phrase => Box::new(variants::Phrase {
                        banks: banks.clone(),
                    }),
                };
                hb.register_helper(h.name, def);
            }
            Kind::Builtin => {}
        }
    }
}

/// The "did you mean" hint for an unknown helper `name`.
pub fn unknown_hint(name: &str) -> String {
    match crate::suggest::nearest(name, names()) {
        Some(s) => format!("是不是 `{s}`？"),
        None => format!(
            "可用的助手：{}",
            documented().collect::<Vec<_>>().join("、")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_written_once() {
        let mut names: Vec<&str> = names().collect();
        let all = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all);
    }

    /// Whether handlebars, with our registration, resolves `{{name}}` as a
    /// helper: as a variable, strict mode fails on the missing value.
    fn resolves_as_helper(hb: &Handlebars<'_>, name: &str) -> bool {
        let result = hb.render_template(&format!("{{{{{name}}}}}"), &serde_json::json!({}));
        !matches!(
            result.as_ref().map_err(|e| e.reason()),
            Err(handlebars::RenderErrorReason::MissingVariable(_))
        )
    }

    #[test]
    fn every_name_in_the_table_is_a_helper_handlebars_calls() {
        let mut hb = Handlebars::new();
        hb.set_strict_mode(true);
        register(&mut hb, Some(&BTreeMap::new()));
        for name in names() {
            assert!(resolves_as_helper(&hb, name), "{name}");
        }
        assert!(!resolves_as_helper(&hb, "unit"));
    }

    #[test]
    fn without_phrase_banks_no_variant_helper_is_registered() {
        let mut hb = Handlebars::new();
        register(&mut hb, None);
        hb.set_strict_mode(true);
        assert!(!resolves_as_helper(&hb, "pick"));
        assert!(resolves_as_helper(&hb, "cn"));
    }

    #[test]
    fn hints_come_from_every_name() {
        assert_eq!(unknown_hint("gtee"), "是不是 `gte`？");
        assert_eq!(unknown_hint("cnn"), "是不是 `cn`？");
        assert!(unknown_hint("完全不同的名字").starts_with("可用的助手：cn、count"));
    }
}
