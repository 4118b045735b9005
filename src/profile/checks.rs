//! The profile's settings for the checks: `aliases`, `[check]` and `[target]`.

use super::{string_list, type_problem};
use crate::check::Target;
use crate::error::Diagnostic;
use crate::suggest::nearest;
use crate::value::{Kind, Node, Table};

/// What a profile tells the checks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CheckConfig {
    /// Other names this speech may mention (a partner unit, a place visited).
    pub aliases: Vec<String>,
    pub forbid: Vec<String>,
    pub prefer: Vec<(String, String)>,
    pub target: Option<Target>,
}

pub(super) fn parse(table: &Table, problems: &mut Vec<Diagnostic>) -> CheckConfig {
    let mut config = CheckConfig::default();
    if let Some(entry) = table.get("aliases") {
        config.aliases = string_list("aliases", &entry.node, problems);
    }
    if let Some(entry) = table.get("check") {
        match &entry.node.kind {
            Kind::Table(t) => {
                for (key, e) in &t.entries {
                    match key.as_str() {
                        "forbid" => config.forbid = string_list("check.forbid", &e.node, problems),
                        "prefer" => config.prefer = prefer(&e.node, problems),
                        other => problems.push(unknown(
                            &format!("check.{other}"),
                            e,
                            &["check.forbid", "check.prefer"],
                        )),
                    }
                }
            }
            other => problems.push(type_problem(
                "check",
                "表（[check]）",
                other,
                &entry.node.pos,
            )),
        }
    }
    if let Some(entry) = table.get("target") {
        config.target = target(&entry.node, problems);
    }
    config
}

pub(super) fn unknown(name: &str, entry: &crate::value::Entry, candidates: &[&str]) -> Diagnostic {
    let d = Diagnostic::new(format!("未知的键 `{name}`{}", entry.key_pos.origin_note()))
        .at_opt(entry.key_pos.location());
    match nearest(name, candidates.iter().copied()) {
        Some(s) => d.hint(format!("是不是要写 `{s}`？")),
        None => d.hint(format!("可用的键：{}", candidates.join("、"))),
    }
}

fn prefer(node: &Node, problems: &mut Vec<Diagnostic>) -> Vec<(String, String)> {
    let Kind::Table(t) = &node.kind else {
        problems.push(
            type_problem(
                "check.prefer",
                "表（{ \"旧词\" = \"新词\" }）",
                &node.kind,
                &node.pos,
            )
            .hint("例如：prefer = { \"抓手\" = \"载体\" }"),
        );
        return Vec::new();
    };
    t.entries
        .iter()
        .filter_map(|(old, e)| match &e.node.kind {
            Kind::Str(new) => Some((old.clone(), new.clone())),
            other => {
                problems.push(type_problem(
                    &format!("check.prefer 中 `{old}` 的替换词"),
                    "字符串",
                    other,
                    &e.node.pos,
                ));
                None
            }
        })
        .collect()
}

fn target(node: &Node, problems: &mut Vec<Diagnostic>) -> Option<Target> {
    let Kind::Table(t) = &node.kind else {
        problems.push(
            type_problem("target", "表（[target]）", &node.kind, &node.pos)
                .hint("例如：[target] 下写 minutes = 15"),
        );
        return None;
    };
    let mut found = None;
    for (key, e) in &t.entries {
        let value = match (key.as_str(), &e.node.kind) {
            ("minutes", Kind::Int(n)) if *n > 0 => Some(Target::Minutes(*n as f64)),
            ("minutes", Kind::Float(f)) if *f > 0.0 => Some(Target::Minutes(*f)),
            ("chars", Kind::Int(n)) if *n > 0 => Some(Target::Chars(*n as usize)),
            ("minutes" | "chars", other) => {
                problems.push(type_problem(
                    &format!("target.{key}"),
                    "正数",
                    other,
                    &e.node.pos,
                ));
                None
            }
            _ => {
                problems.push(unknown(
                    &format!("target.{key}"),
                    e,
                    &["target.minutes", "target.chars"],
                ));
                None
            }
        };
        if value.is_some() {
            if found.is_some() {
                problems.push(
                    Diagnostic::new("[target] 里 minutes 和 chars 只能写一个")
                        .at_opt(e.key_pos.location()),
                );
            }
            found = value;
        }
    }
    found
}
