//! `templates check`: what is wrong with a pack before anyone renders it.
//! Every template is parsed (all syntax errors at once, with carets), and the
//! templates are walked to compare the variables they use with the schema,
//! and the helpers and partials they call with what exists.

use handlebars::template::Template;

use crate::error::Diagnostic;
use crate::pack::{Pack, PackFile};
use crate::render::uses::Uses;
use crate::render::{dialect, template_error, template_name};
use crate::suggest::nearest;

/// Problems found in a pack.
#[derive(Debug, Default)]
pub struct PackReport {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// Checks every template of a pack against its schema.
pub fn check(pack: &Pack) -> PackReport {
    let mut report = PackReport::default();
    let mut uses = Uses::default();
    let manifest = pack.manifest_display();
    let (shared, own): (Vec<&PackFile>, Vec<&PackFile>) =
        pack.templates().partition(|f| f.rel.starts_with("shared/"));
    let mut sources: Vec<(String, String)> = own
        .iter()
        .map(|f| (f.display(&pack.name), f.text.replace("\r\n", "\n")))
        .collect();
    sources.push((
        format!("{manifest} 的 [speech] title"),
        pack.speech.title.clone(),
    ));
    for (what, text) in [
        ("subtitle", &pack.speech.subtitle),
        ("byline", &pack.speech.byline),
        ("date_line", &pack.speech.date_line),
        ("author", &pack.speech.author),
    ] {
        if let Some(text) = text {
            sources.push((format!("{manifest} 的 [speech] {what}"), text.clone()));
        }
    }
    sources.push((format!("{manifest} 的 salutation"), pack.salutation.clone()));
    for p in &pack.points {
        sources.push((
            format!("{manifest} 的要点 {} 的 heading", p.id),
            p.heading.clone(),
        ));
    }
    for (display, text) in &sources {
        if let Some(d) = crate::render::refuse_template(display, text) {
            // Too deep to parse safely, or never wanted: reported instead.
            report.errors.push(d);
            continue;
        }
        match Template::compile(text) {
            Ok(t) => uses.add(&t),
            Err(e) => report.errors.push(template_error(&e, display, text)),
        }
    }
    // Shared partials count only where this pack calls them (and with the
    // parameters it passes).
    for file in shared {
        if uses.partials.contains(template_name(&file.rel)) {
            let text = file.text.replace("\r\n", "\n");
            if let Some(d) = crate::render::refuse_template(&file.display(&pack.name), &text) {
                report.errors.push(d);
                continue;
            }
            match Template::compile(&text) {
                Ok(t) => uses.add(&t),
                Err(e) => report
                    .errors
                    .push(template_error(&e, &file.display(&pack.name), &text)),
            }
        }
    }
    // What the engine itself puts in the context besides the pack's variables.
    let register: Vec<String> = std::iter::once("kind")
        .chain(crate::register::WORDS.iter().map(|(k, _)| *k))
        .map(|k| format!("register.{k}"))
        .collect();
    let declared: Vec<&str> = pack
        .variables()
        .iter()
        .map(|v| v.name.as_str())
        .chain(["speech.point_count", "speech.short", "speech.long"])
        .chain(register.iter().map(String::as_str))
        .chain(uses.partial_params.iter().map(String::as_str))
        .collect();
    for used in &uses.vars {
        let known = declared.iter().any(|d| {
            d == used || d.starts_with(&format!("{used}.")) || used.starts_with(&format!("{d}."))
        });
        if !known {
            let d = Diagnostic::new(format!("模板用到了变量 `{used}`，但 pack.toml 没有声明它"));
            report
                .errors
                .push(match nearest(used, declared.iter().copied()) {
                    Some(s) => d.hint(format!("是不是 `{s}`？")),
                    None => d.hint("在 pack.toml 中加一个 [[variables]] 声明它"),
                });
        }
    }
    // With a template that does not parse, "never used" would be guesswork.
    let parsed_all = report.errors.is_empty();
    for var in pack.variables().iter().filter(|_| parsed_all) {
        // `register.whole` is made from `unit.short` (全街道, 全校).
        let used = uses.vars.iter().any(|u| {
            *u == var.name
                || u.starts_with(&format!("{}.", var.name))
                || (u == "register.whole" && var.name == "unit.short")
        });
        if !used {
            report.warnings.push(
                Diagnostic::new(format!("变量 `{}` 已声明，但没有模板用到它", var.name))
                    .hint("删去这个声明，或在模板中使用它"),
            );
        }
    }
    for helper in &uses.helpers {
        if !dialect::is_helper(helper) {
            report.errors.push(
                Diagnostic::new(format!("没有名为 `{helper}` 的助手"))
                    .hint(dialect::unknown_hint(helper)),
            );
        }
    }
    let templates: Vec<&str> = pack.templates().map(|f| template_name(&f.rel)).collect();
    for partial in &uses.partials {
        if !templates.contains(&partial.as_str()) {
            let d = Diagnostic::new(format!("找不到局部模板 `{partial}`"));
            report
                .errors
                .push(match nearest(partial, templates.iter().copied()) {
                    Some(s) => d.hint(format!("是不是 `{s}`？")),
                    None => {
                        d.hint("局部模板是同一模板包里的 .hbs 文件，按相对路径（不带 .hbs）引用")
                    }
                });
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::Catalog;

    #[test]
    fn builtin_packs_are_clean() {
        let catalog = Catalog::new(Vec::new()).unwrap();
        let packs = catalog.list().unwrap();
        assert!(packs.len() >= 6);
        for entry in packs {
            let pack = catalog.load(&entry.name).unwrap();
            let report = check(&pack);
            assert!(
                report.errors.is_empty(),
                "{}: {:?}",
                entry.name,
                report.errors
            );
            assert!(
                report.warnings.is_empty(),
                "{}: {:?}",
                entry.name,
                report.warnings
            );
        }
    }
}
