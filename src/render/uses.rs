//! What a template uses: the variables it reads, the helpers and partials
//! it calls. Partial discovery is template syntax; `templates check` and the
//! engine's cycle check both read it from here.

use std::collections::BTreeSet;

use handlebars::Path as HbPath;
use handlebars::template::{Parameter, Template, TemplateElement};

use super::dialect;

/// The names a template uses.
#[derive(Default)]
pub struct Uses {
    /// Profile variables read (not the items of `#each`/`#with`).
    pub vars: BTreeSet<String>,
    /// Names passed to partials as hash parameters (`{{> p goal="…"}}`).
    pub partial_params: BTreeSet<String>,
    pub helpers: BTreeSet<String>,
    pub partials: BTreeSet<String>,
}

impl Uses {
    /// Adds what `template` uses.
    pub fn add(&mut self, template: &Template) {
        walk(template, false, self);
    }
}

fn path_raw(p: &HbPath) -> Option<&str> {
    match p {
        HbPath::Relative((_, raw)) => Some(raw),
        HbPath::Local(_) => None,
    }
}

fn param(p: &Parameter, scoped: bool, uses: &mut Uses) {
    match p {
        Parameter::Path(path) => {
            if let Some(raw) = path_raw(path) {
                var(raw, scoped, uses);
            }
        }
        Parameter::Subexpression(sub) => element(&sub.element, scoped, uses),
        _ => {}
    }
}

/// A variable read; inside `#each`/`#with` plain names are relative to the
/// item and are not profile variables.
fn var(raw: &str, scoped: bool, uses: &mut Uses) {
    let raw = raw.trim_start_matches("@root.");
    if raw.starts_with('@')
        || raw.starts_with("this")
        || raw.starts_with("../")
        || raw == "."
        || scoped
    {
        return;
    }
    uses.vars.insert(raw.to_owned());
}

fn name_of(p: &Parameter) -> Option<String> {
    match p {
        Parameter::Name(n) => Some(n.clone()),
        Parameter::Path(path) => path_raw(path).map(str::to_owned),
        _ => None,
    }
}

fn element(e: &TemplateElement, scoped: bool, uses: &mut Uses) {
    match e {
        TemplateElement::Expression(h)
        | TemplateElement::HtmlExpression(h)
        | TemplateElement::HelperBlock(h) => {
            let name = name_of(&h.name).unwrap_or_default();
            let is_call =
                h.block || !h.params.is_empty() || !h.hash.is_empty() || dialect::is_helper(&name);
            if is_call {
                uses.helpers.insert(name.clone());
            } else {
                var(&name, scoped, uses);
            }
            for p in h.params.iter().chain(h.hash.values()) {
                param(p, scoped, uses);
            }
            let inner = scoped || name == "each" || name == "with";
            for t in [&h.template, &h.inverse].into_iter().flatten() {
                walk(t, inner, uses);
            }
        }
        TemplateElement::PartialExpression(d) | TemplateElement::PartialBlock(d) => {
            if let Some(name) = name_of(&d.name) {
                uses.partials.insert(name);
            }
            for (key, value) in &d.hash {
                uses.partial_params.insert(key.clone());
                param(value, scoped, uses);
            }
            if let Some(t) = &d.template {
                walk(t, scoped, uses);
            }
        }
        TemplateElement::DecoratorExpression(d) | TemplateElement::DecoratorBlock(d) => {
            if let Some(t) = &d.template {
                walk(t, scoped, uses);
            }
        }
        _ => {}
    }
}

fn walk(t: &Template, scoped: bool, uses: &mut Uses) {
    for e in &t.elements {
        element(e, scoped, uses);
    }
}

/// The partials a template calls by name (`{{> name}}`).
pub fn partials_in(template: &Template) -> Vec<String> {
    let mut uses = Uses::default();
    walk(template, false, &mut uses);
    uses.partials.into_iter().collect()
}
