//! The profile's say in how the speech addresses its audience: `[register]`
//! (the kind of unit and its words), `salutation` and `byline`.

use super::type_problem;
use crate::error::Diagnostic;
use crate::register::{self, Register};
use crate::suggest::nearest;
use crate::value::{Kind, Table};

/// What a profile sets about the audience and the head of the speech.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Presentation {
    pub register: Register,
    /// Replaces the pack's salutation line; empty leaves it out.
    pub salutation: Option<String>,
    /// Replaces the pack's byline; empty leaves it out.
    pub byline: Option<String>,
}

pub(super) fn parse(table: &Table, problems: &mut Vec<Diagnostic>) -> Presentation {
    let mut out = Presentation::default();
    for key in ["salutation", "byline"] {
        let Some(entry) = table.get(key) else {
            continue;
        };
        match &entry.node.kind {
            Kind::Str(s) => {
                let value = Some(s.trim().to_owned());
                if key == "salutation" {
                    out.salutation = value;
                } else {
                    out.byline = value;
                }
            }
            other => problems.push(type_problem(key, "字符串", other, &entry.node.pos)),
        }
    }
    let Some(entry) = table.get("register") else {
        return out;
    };
    let Kind::Table(t) = &entry.node.kind else {
        problems.push(
            type_problem(
                "register",
                "表（[register]）",
                &entry.node.kind,
                &entry.node.pos,
            )
            .hint("例如：[register] 下写 kind = \"学校\""),
        );
        return out;
    };
    if let Some(e) = t.get("kind") {
        match &e.node.kind {
            Kind::Str(s) => match Register::of_kind(s) {
                Some(r) => out.register = r,
                None => {
                    let kinds: Vec<&str> = register::kind_names().collect();
                    let d = Diagnostic::new(format!(
                        "单位类型 `{s}` 不存在{}",
                        e.node.pos.origin_note()
                    ))
                    .at_opt(e.node.pos.location());
                    problems.push(match nearest(s, kinds.iter().copied()) {
                        Some(k) => d.hint(format!("是不是 `{k}`？可选：{}", kinds.join("、"))),
                        None => d.hint(format!("可选：{}", kinds.join("、"))),
                    });
                }
            },
            other => problems.push(type_problem("register.kind", "字符串", other, &e.node.pos)),
        }
    }
    for (key, e) in &t.entries {
        if key == "kind" {
            continue;
        }
        let name = format!("register.{key}");
        match &e.node.kind {
            Kind::Str(s) => {
                if !out.register.set(key, s.trim()) {
                    let keys: Vec<String> = std::iter::once("kind")
                        .chain(register::WORDS.iter().map(|(k, _)| *k))
                        .map(|k| format!("register.{k}"))
                        .collect();
                    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
                    problems.push(super::checks::unknown(&name, e, &keys));
                }
            }
            other => problems.push(type_problem(&name, "字符串", other, &e.node.pos)),
        }
    }
    out
}
