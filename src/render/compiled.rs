//! The compiled render path: the templates packs actually use, walked from
//! handlebars' own syntax tree without its per-variable bookkeeping.
//!
//! handlebars stays the reference. It parses every template; this module
//! only reads the tree it built, and takes the common subset: text, values,
//! our helpers, `#if`/`#unless`, `#each` over a list, `#pick` blocks and
//! partials (with `key=value` pairs). Anything else in a template, and any error while
//! rendering, gives [`Fallback`]: the engine then renders the whole speech
//! again with handlebars, so messages and odd cases stay handlebars' own.
//! Tests compare both paths on every built-in pack and on random templates.
//!
//! Two handlebars behaviours are mirrored on purpose, because `{{pick}}`
//! choices depend on them: rendering a block's body clears the "current
//! template" name until the next partial returns, and a partial sees the
//! value and the `@index`/`@first`/`@last` of the block it is in.

use std::borrow::Cow;
use std::collections::BTreeMap;

use handlebars::template::{
    DecoratorTemplate, HelperTemplate, Parameter, Template, TemplateElement,
};
use handlebars::{Handlebars, JsonRender, JsonTruthy, Path, PathSeg};
use serde_json::Value as Json;

use super::dialect;
use super::helpers::SimpleFn;
use super::variants;

/// The compiled path cannot render this; handlebars must.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Fallback;

type Fast<T> = Result<T, Fallback>;

/// The templates of one engine that the compiled path can render.
#[derive(Default)]
pub(super) struct Compiled {
    templates: foldhash::HashMap<String, Body>,
    banks: BTreeMap<String, Vec<String>>,
}

type Body = Vec<Node>;

enum Node {
    Text(String),
    Value(Lookup),
    Call(Call),
    If {
        positive: bool,
        cond: Arg,
        then: Option<Body>,
        otherwise: Option<Body>,
    },
    Each {
        list: Lookup,
        body: Body,
        otherwise: Option<Body>,
    },
    /// `{{#pick}}甲{{or}}乙{{/pick}}`: the options, cut at the `{{or}}`s at
    /// the block's top level.
    PickBlock(Vec<Body>),
    /// `{{pick "甲" "乙"}}` with every option written out: the options and
    /// their key, computed once.
    PickLiteral(Vec<String>, u64),
    /// `{{> name key=value …}}`, the pairs in handlebars' (sorted) order.
    Partial(String, Vec<(String, Arg)>),
}

struct Call {
    helper: Helper,
    args: Vec<Arg>,
}

#[derive(Clone, Copy)]
enum Helper {
    Simple(&'static str, SimpleFn),
    Pick,
    Or,
    Phrase,
}

enum Arg {
    Literal(Json),
    Lookup(Lookup),
    Sub(Call),
}

enum Lookup {
    Path(Vec<String>),
    Index,
    First,
    Last,
}

impl Compiled {
    /// Compiles every template `hb` holds; one it cannot take is simply
    /// absent, and rendering it falls back.
    pub(super) fn new(hb: &Handlebars<'_>, banks: BTreeMap<String, Vec<String>>) -> Self {
        let templates = hb
            .get_templates()
            .iter()
            .filter_map(|(name, t)| Some((name.clone(), body(t).ok()?)))
            .collect();
        Self { templates, banks }
    }

    /// Whether template `name` compiled.
    #[cfg(test)]
    pub(super) fn has(&self, name: &str) -> bool {
        self.templates.contains_key(name)
    }

    /// Renders template `name` with `data` as the context, as handlebars
    /// would in strict mode without escaping, appending to `out`.
    pub(super) fn render_into(&self, name: &str, data: &Json, out: &mut String) -> Fast<()> {
        let (name, body) = self.templates.get_key_value(name).ok_or(Fallback)?;
        let mut run = Run {
            compiled: self,
            frames: vec![Frame {
                base: data,
                locals: None,
                params: Vec::new(),
            }],
            current: Some(name),
        };
        run.body(body, out)
    }

    #[cfg(test)]
    fn render(&self, name: &str, data: &Json) -> Fast<String> {
        let mut out = String::new();
        self.render_into(name, data, &mut out)?;
        Ok(out)
    }
}

fn body(t: &Template) -> Fast<Body> {
    let mut nodes = Vec::with_capacity(t.elements.len());
    for e in &t.elements {
        match e {
            TemplateElement::RawString(s) => nodes.push(Node::Text(s.clone())),
            TemplateElement::Comment(_) => {}
            TemplateElement::Expression(ht) | TemplateElement::HtmlExpression(ht) => {
                nodes.push(expression(ht)?);
            }
            TemplateElement::HelperBlock(ht) => nodes.push(block(ht)?),
            TemplateElement::PartialExpression(dt) => nodes.push(partial(dt)?),
            _ => return Err(Fallback),
        }
    }
    Ok(nodes)
}

fn expression(ht: &HelperTemplate) -> Fast<Node> {
    if ht.block || ht.template.is_some() || ht.block_param.is_some() || !ht.hash.is_empty() {
        return Err(Fallback);
    }
    let name = ht.name.as_name().ok_or(Fallback)?;
    if ht.params.is_empty() && !dialect::is_helper(name) {
        return match &ht.name {
            Parameter::Path(p) => Ok(Node::Value(lookup(p)?)),
            _ => Err(Fallback),
        };
    }
    let c = call(name, &ht.params)?;
    if let Helper::Pick = c.helper {
        let literal: Option<Vec<String>> = c
            .args
            .iter()
            .map(|a| match a {
                Arg::Literal(j) => Some(variants::text(j).into_owned()),
                _ => None,
            })
            .collect();
        if let Some(options) = literal.filter(|o| !o.is_empty()) {
            let key = variants::options_key(&options);
            return Ok(Node::PickLiteral(options, key));
        }
    }
    Ok(Node::Call(c))
}

fn call(name: &str, params: &[Parameter]) -> Fast<Call> {
    let helper = match name {
        "pick" => Helper::Pick,
        "phrase" => Helper::Phrase,
        "or" if params.is_empty() => Helper::Or,
        // handlebars' own comparisons, which packs use to choose wording by
        // a value (`{{#if (eq register.kind "学校")}}`): JSON equality.
        "eq" if params.len() == 2 => Helper::Simple("eq", |_, a| Ok(Json::Bool(a[0] == a[1]))),
        "ne" if params.len() == 2 => Helper::Simple("ne", |_, a| Ok(Json::Bool(a[0] != a[1]))),
        _ => {
            let (name, f) = dialect::value_fn(name).ok_or(Fallback)?;
            Helper::Simple(name, f)
        }
    };
    let args = params.iter().map(arg).collect::<Fast<_>>()?;
    Ok(Call { helper, args })
}

fn arg(p: &Parameter) -> Fast<Arg> {
    match p {
        Parameter::Literal(j) => Ok(Arg::Literal(j.clone())),
        Parameter::Path(path) => Ok(Arg::Lookup(lookup(path)?)),
        Parameter::Subexpression(sub) => match sub.as_element() {
            TemplateElement::Expression(ht)
                if ht.hash.is_empty() && ht.block_param.is_none() && ht.template.is_none() =>
            {
                let name = ht.name.as_name().ok_or(Fallback)?;
                let c = call(name, &ht.params)?;
                // Only helpers that return a value; the rest render to text.
                match c.helper {
                    Helper::Simple(..) | Helper::Phrase => Ok(Arg::Sub(c)),
                    Helper::Pick | Helper::Or => Err(Fallback),
                }
            }
            _ => Err(Fallback),
        },
        _ => Err(Fallback),
    }
}

fn lookup(path: &Path) -> Fast<Lookup> {
    match path {
        Path::Relative((segs, _)) => segs
            .iter()
            .map(|s| match s {
                PathSeg::Named(n) => Ok(n.clone()),
                _ => Err(Fallback),
            })
            .collect::<Fast<_>>()
            .map(Lookup::Path),
        Path::Local((0, name, _)) => match name.as_str() {
            "index" => Ok(Lookup::Index),
            "first" => Ok(Lookup::First),
            "last" => Ok(Lookup::Last),
            _ => Err(Fallback),
        },
        _ => Err(Fallback),
    }
}

fn block(ht: &HelperTemplate) -> Fast<Node> {
    if ht.block_param.is_some() || !ht.hash.is_empty() {
        return Err(Fallback);
    }
    let then = ht.template.as_ref().map(body).transpose()?;
    let otherwise = ht.inverse.as_ref().map(body).transpose()?;
    match (ht.name.as_name().ok_or(Fallback)?, ht.params.as_slice()) {
        (name @ ("if" | "unless"), [cond]) => Ok(Node::If {
            positive: name == "if",
            cond: arg(cond)?,
            then,
            otherwise,
        }),
        ("each", [Parameter::Path(p)]) => match (lookup(p)?, then) {
            (list @ Lookup::Path(_), Some(body)) => Ok(Node::Each {
                list,
                body,
                otherwise,
            }),
            _ => Err(Fallback),
        },
        ("pick", []) => match (then, otherwise) {
            (Some(body), None) => Ok(Node::PickBlock(split_options(body))),
            _ => Err(Fallback),
        },
        _ => Err(Fallback),
    }
}

fn partial(dt: &DecoratorTemplate) -> Fast<Node> {
    if !dt.params.is_empty() || dt.template.is_some() || dt.indent.is_some() {
        return Err(Fallback);
    }
    let name = match &dt.name {
        Parameter::Name(_) | Parameter::Path(_) => dt.name.as_name().ok_or(Fallback)?,
        _ => return Err(Fallback),
    };
    let mut hash = dt
        .hash
        .iter()
        .map(|(k, v)| Ok((k.clone(), arg(v)?)))
        .collect::<Fast<Vec<_>>>()?;
    hash.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Node::Partial(name.to_owned(), hash))
}

/// What `{{#each}}` sets for its body: `@index`, `@first`, `@last`.
#[derive(Clone, Copy)]
struct Locals {
    index: usize,
    len: usize,
}

/// One level of handlebars' block stack: the value names resolve against,
/// and the `key=value` pairs a partial was given (seen from every level below).
struct Frame<'a> {
    base: &'a Json,
    locals: Option<Locals>,
    params: Vec<(&'a str, &'a Json)>,
}

struct Run<'a> {
    compiled: &'a Compiled,
    frames: Vec<Frame<'a>>,
    /// handlebars' "current template": where `{{pick}}` choices are counted.
    current: Option<&'a str>,
}

impl<'a> Run<'a> {
    fn body(&mut self, nodes: &'a Body, out: &mut String) -> Fast<()> {
        for node in nodes {
            self.node(node, out)?;
        }
        Ok(())
    }

    /// A block's body: handlebars renders it as an unnamed template, which
    /// clears the current template name.
    fn nested(&mut self, nodes: &'a Body, out: &mut String) -> Fast<()> {
        self.current = None;
        self.body(nodes, out)
    }

    fn place(&self) -> &'a str {
        self.current.unwrap_or("")
    }

    fn node(&mut self, node: &'a Node, out: &mut String) -> Fast<()> {
        match node {
            Node::Text(s) => out.push_str(s),
            Node::Value(l) => write_json(self.lookup(l)?.as_ref(), out),
            Node::Call(c) => self.call(c, out)?,
            Node::If {
                positive,
                cond,
                then,
                otherwise,
            } => {
                let truthy = self.arg(cond)?.is_truthy(false) == *positive;
                if let Some(b) = if truthy { then } else { otherwise } {
                    self.nested(b, out)?;
                }
            }
            Node::Each {
                list,
                body,
                otherwise,
            } => {
                let Cow::Borrowed(Json::Array(items)) = self.lookup(list)? else {
                    return Err(Fallback);
                };
                match otherwise {
                    Some(b) if items.is_empty() => self.nested(b, out)?,
                    _ => {
                        for (index, item) in items.iter().enumerate() {
                            self.frames.push(Frame {
                                base: item,
                                locals: Some(Locals {
                                    index,
                                    len: items.len(),
                                }),
                                params: Vec::new(),
                            });
                            let r = self.nested(body, out);
                            self.frames.pop();
                            r?;
                        }
                    }
                }
            }
            Node::PickLiteral(options, key) => {
                out.push_str(&options[variants::choose_keyed(self.place(), *key, options.len())]);
            }
            Node::PickBlock(options) => {
                // Only the chosen option is rendered (as handlebars does).
                let chosen = variants::choose_block(self.place(), options.len());
                self.nested(&options[chosen], out)?;
            }
            Node::Partial(name, hash) => {
                if self.current == Some(name.as_str()) {
                    return Err(Fallback);
                }
                let (name, nodes) = self
                    .compiled
                    .templates
                    .get_key_value(name)
                    .ok_or(Fallback)?;
                let mut params = Vec::with_capacity(hash.len());
                for (k, v) in hash {
                    // A computed value would not outlive this call; rare enough.
                    let Cow::Borrowed(v) = self.arg(v)? else {
                        return Err(Fallback);
                    };
                    params.push((k.as_str(), v));
                }
                let top = self.top();
                // handlebars merges the pairs into a copy of the value; a value
                // that is not a table would turn into one.
                if !params.is_empty() && !top.base.is_object() {
                    return Err(Fallback);
                }
                let frame = Frame {
                    base: top.base,
                    locals: top.locals,
                    params,
                };
                self.frames.push(frame);
                let before = self.current.replace(name);
                let r = self.body(nodes, out);
                self.current = before;
                self.frames.pop();
                r?;
            }
        }
        Ok(())
    }

    fn top(&self) -> &Frame<'a> {
        // The root frame is never popped.
        &self.frames[self.frames.len() - 1]
    }

    fn lookup(&self, l: &Lookup) -> Fast<Cow<'a, Json>> {
        let frame = self.top();
        let locals = || frame.locals.ok_or(Fallback);
        Ok(match l {
            Lookup::Path(segs) => {
                let (mut v, rest) = match segs.split_first() {
                    Some((first, rest)) => match self.param(first) {
                        Some(p) => (p, rest),
                        None => (frame.base, segs.as_slice()),
                    },
                    // `{{this}}` would be the merged copy of a partial's value.
                    None if !frame.params.is_empty() => return Err(Fallback),
                    None => (frame.base, segs.as_slice()),
                };
                for seg in rest {
                    v = match v {
                        Json::Object(m) => field(m, seg),
                        Json::Array(a) => a.get(seg.parse::<usize>().map_err(|_| Fallback)?),
                        _ => None,
                    }
                    .ok_or(Fallback)?;
                }
                Cow::Borrowed(v)
            }
            Lookup::Index => Cow::Owned(Json::from(locals()?.index)),
            Lookup::First => Cow::Owned(Json::Bool(locals()?.index == 0)),
            Lookup::Last => {
                let l = locals()?;
                Cow::Owned(Json::Bool(l.index + 1 == l.len))
            }
        })
    }

    /// A partial's `key=value`, looked up from the innermost level out.
    fn param(&self, name: &str) -> Option<&'a Json> {
        self.frames
            .iter()
            .rev()
            .find_map(|f| f.params.iter().find(|(k, _)| *k == name).map(|(_, v)| *v))
    }

    fn arg(&mut self, a: &'a Arg) -> Fast<Cow<'a, Json>> {
        match a {
            Arg::Literal(j) => Ok(Cow::Borrowed(j)),
            Arg::Lookup(l) => self.lookup(l),
            Arg::Sub(c) => self.value(c).map(Cow::Owned),
        }
    }

    fn args(&mut self, c: &'a Call) -> Fast<Vec<Cow<'a, Json>>> {
        c.args.iter().map(|a| self.arg(a)).collect()
    }

    /// A helper that returns a value: the value.
    fn value(&mut self, c: &'a Call) -> Fast<Json> {
        let args = self.args(c)?;
        match c.helper {
            Helper::Simple(name, f) => {
                let refs: Vec<&Json> = args.iter().map(AsRef::as_ref).collect();
                f(name, &refs).map_err(|_| Fallback)
            }
            Helper::Phrase => variants::phrase(
                &self.compiled.banks,
                args.first().map(AsRef::as_ref),
                self.place(),
            )
            .map(Json::String)
            .map_err(|_| Fallback),
            Helper::Pick | Helper::Or => Err(Fallback),
        }
    }

    fn call(&mut self, c: &'a Call, out: &mut String) -> Fast<()> {
        match c.helper {
            // A separator only where a block is cut into options.
            Helper::Or => {}
            Helper::Pick => {
                let args = self.args(c)?;
                if args.is_empty() {
                    return Err(Fallback);
                }
                let options: Vec<Cow<'_, str>> = args.iter().map(|v| variants::text(v)).collect();
                out.push_str(&options[variants::choose(self.place(), &options)]);
            }
            Helper::Simple(..) | Helper::Phrase => write_json(&self.value(c)?, out),
        }
        Ok(())
    }
}

/// A block's body cut into its options at the top-level `{{or}}`s, as
/// [`variants::block_options`] cuts the template.
fn split_options(body: Body) -> Vec<Body> {
    let mut options = vec![Vec::new()];
    for node in body {
        match node {
            Node::Call(Call {
                helper: Helper::Or, ..
            }) => options.push(Vec::new()),
            other => options.last_mut().expect("one option at least").push(other),
        }
    }
    options
}

/// `m.get(key)`; a profile's tables are small, and comparing a dozen keys
/// costs less than hashing one with SipHash.
fn field<'j>(m: &'j serde_json::Map<String, Json>, key: &str) -> Option<&'j Json> {
    if m.len() <= 16 {
        m.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v)
    } else {
        m.get(key)
    }
}

fn write_json(v: &Json, out: &mut String) {
    match v {
        Json::String(s) => out.push_str(s),
        other => out.push_str(&other.render()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use handlebars::Context;
    use proptest::prelude::*;
    use serde_json::json;

    fn data(variant: usize) -> Json {
        let mut d = json!({
            "unit": {"name": "青山街道", "short": "街道"},
            "n": 3, "zero": 0, "x": 12.5, "flag": true, "nothing": null,
            "list": ["甲", "乙", "丙"], "empty": [],
            "recs": [{"name": "一", "flag": false}, {"name": "二", "flag": true}],
            "d": "2026-12-01", "goal": "顶层目标"
        });
        match variant {
            1 => {
                d["flag"] = json!(false);
                d["list"] = json!([]);
            }
            2 => {
                d["recs"] = json!([{"name": "独"}]);
                d["n"] = json!(0);
            }
            _ => {}
        }
        d
    }

    fn banks() -> BTreeMap<String, Vec<String>> {
        BTreeMap::from([(
            "推进".to_owned(),
            vec!["扎实推进".to_owned(), "稳步推进".to_owned()],
        )])
    }

    /// Leaves that render anywhere in the data below.
    const LEAVES: &[&str] = &[
        "讲话",
        "同志们，",
        "\n",
        "\n\n",
        "  ",
        "。",
        "{{unit.name}}",
        "{{unit}}",
        "{{n}}",
        "{{x}}",
        "{{list}}",
        "{{list.0}}",
        "{{nothing}}",
        "{{{unit.name}}}",
        "{{~unit.short~}}",
        "{{! 注释 }}",
        "{{!-- 注释 --}}",
        "{{pick \"甲\" \"乙\" \"丙\"}}",
        "{{pick unit.name \"乙\"}}",
        "{{pick n list}}",
        "{{phrase \"推进\"}}",
        "{{count list \"项\"}}",
        "{{count n \"个\"}}",
        "{{join list}}",
        "{{cn n}}",
        "{{#each list}}{{nth @index}}{{/each}}",
        "{{date d}}",
        "{{date (add_months d 2)}}",
        "{{quote (phrase \"推进\")}}",
        "{{enumerate list}}",
        "{{pluck recs \"name\"}}",
        "{{fixed x 2}}",
        "{{pct x}}",
        "{{or}}",
        "{{> p0}}",
        "{{> p1}}",
        "{{> q goal=\"目标\"}}",
        "{{> q goal=unit.name}}",
    ];

    /// Leaves that need a block around them, or fail, or are not compiled.
    const RISKY: &[&str] = &[
        "{{list.9}}",
        "{{list.name}}",
        "{{this}}",
        "{{name}}",
        "{{flag}}",
        "{{@index}}",
        "{{@first}}",
        "{{@last}}",
        "{{@key}}",
        "{{missing}}",
        "{{goal}}",
        "{{pick missing \"乙\"}}",
        "{{phrase \"无\"}}",
        "{{count}}",
        "{{len list}}",
        "{{lookup list 0}}",
        "{{> q goal=missing}}",
        "{{> absent}}",
    ];

    const CONDS: &[&str] = &[
        "flag",
        "n",
        "zero",
        "list",
        "empty",
        "missing",
        "@last",
        "@first",
        "unit.name",
        "nothing",
        "recs",
    ];
    const LISTS: &[&str] = &["list", "recs", "empty", "unit", "n", "missing"];

    fn template(depth: u32) -> BoxedStrategy<String> {
        let leaf = prop_oneof![
            8 => prop::sample::select(LEAVES),
            1 => prop::sample::select(RISKY),
        ]
        .prop_map(str::to_owned);
        leaf.prop_recursive(depth, 48, 6, |inner| {
            let body = prop::collection::vec(inner, 0..5).prop_map(|v| v.concat());
            let cond = || prop::sample::select(CONDS);
            let list = || prop::sample::select(LISTS);
            prop_oneof![
                prop::collection::vec(body.clone(), 1..4).prop_map(|v| v.concat()),
                (cond(), body.clone()).prop_map(|(c, b)| format!("{{{{#if {c}}}}}{b}{{{{/if}}}}")),
                (cond(), body.clone(), body.clone())
                    .prop_map(|(c, a, b)| format!("{{{{#if {c}}}}}{a}{{{{else}}}}{b}{{{{/if}}}}")),
                (cond(), cond(), body.clone(), body.clone()).prop_map(|(c, d, a, b)| format!(
                    "{{{{#if {c}}}}}{a}{{{{else if {d}}}}}{b}{{{{/if}}}}"
                )),
                (cond(), body.clone())
                    .prop_map(|(c, b)| format!("\n{{{{#unless {c}}}}}\n{b}\n{{{{/unless}}}}\n")),
                (list(), body.clone())
                    .prop_map(|(l, b)| format!("{{{{#each {l}}}}}{b}{{{{/each}}}}")),
                (list(), body.clone(), body.clone()).prop_map(|(l, a, b)| format!(
                    "{{{{~#each {l}~}}}}{a}{{{{else}}}}{b}{{{{/each}}}}"
                )),
                (body.clone(), body.clone(), body).prop_map(|(a, b, c)| format!(
                    "{{{{#pick}}}}{a}{{{{or}}}}{b}{{{{or}}}}{c}{{{{/pick}}}}"
                )),
            ]
        })
        .boxed()
    }

    /// Both paths over the same templates, entered in the same order under
    /// the same seed: where the compiled path answers, it answers as
    /// handlebars does.
    fn agree(templates: &[(&str, &str)], entries: &[&str], data: &Json, seed: u64) -> usize {
        let mut hb = super::super::registry(&banks());
        for (name, text) in templates {
            if hb.register_template_string(name, text).is_err() {
                return 0;
            }
        }
        let compiled = Compiled::new(&hb, banks());
        let ctx = Context::from(data.clone());
        variants::begin(seed, 1);
        let fast: Fast<Vec<String>> = entries.iter().map(|e| compiled.render(e, data)).collect();
        let Ok(fast) = fast else { return 0 };
        variants::begin(seed, 1);
        let slow: Vec<String> = entries
            .iter()
            .map(|e| {
                hb.render_with_context(e, &ctx)
                    .expect("handlebars fails where the compiled path did not")
            })
            .collect();
        assert_eq!(fast, slow, "{templates:?}");
        1
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn compiled_agrees_with_handlebars(
            main in template(3),
            second in template(2),
            p0 in template(1),
            p1 in template(1),
            variant in 0usize..3,
            seed in 0u64..4,
        ) {
            // A partial may only include those before it: cycles are refused earlier.
            let p0 = p0.replace("{{> p0}}", "").replace("{{> p1}}", "");
            let p1 = p1.replace("{{> p1}}", "");
            let q = "我相信{{goal}}{{pick \"一\" \"二\"}}{{#each list}}{{goal}}{{@index}}{{/each}}";
            let templates = [("main", main.as_str()), ("second", second.as_str()),
                ("p0", p0.as_str()), ("p1", p1.as_str()), ("q", q)];
            agree(&templates, &["main", "second", "main"], &data(variant), seed);
        }
    }

    #[test]
    fn the_common_subset_compiles_and_agrees() {
        let main = "{{pick \"甲\" \"乙\"}}{{#each recs}}{{name}}{{#if @last}}。{{else}}；{{/if}}\
                    {{pick \"甲\" \"乙\"}}{{/each}}{{#pick}}一{{or}}二{{/pick}}{{> q goal=unit.name}}\
                    {{count list \"项\"}}{{date (add_months d 2)}}{{phrase \"推进\"}}";
        let q = "{{goal}}{{pick \"一\" \"二\"}}{{#each list}}{{@index}}{{this}}{{goal}}{{/each}}";
        let mut hits = 0;
        for seed in 0..20 {
            for variant in 0..3 {
                hits += agree(
                    &[("main", main), ("q", q)],
                    &["main", "main"],
                    &data(variant),
                    seed,
                );
            }
        }
        assert_eq!(hits, 60, "the compiled path should take every one of these");
    }

    #[test]
    fn small_and_large_tables_are_looked_up_alike() {
        for n in [0usize, 1, 16, 17, 40] {
            let map: serde_json::Map<String, Json> =
                (0..n).map(|i| (format!("k{i}"), json!(i))).collect();
            for i in 0..n + 2 {
                let key = format!("k{i}");
                assert_eq!(field(&map, &key), map.get(&key), "{n} {key}");
            }
        }
    }

    #[test]
    fn unsupported_constructs_are_left_to_handlebars() {
        let mut hb = super::super::registry(&banks());
        for (name, text) in [
            ("with", "{{#with unit}}{{name}}{{/with}}"),
            ("up", "{{#each list}}{{../n}}{{/each}}"),
            ("root", "{{@root.n}}"),
            ("params", "{{#each list as |x|}}{{x}}{{/each}}"),
            ("ok", "{{unit.name}}"),
        ] {
            hb.register_template_string(name, text).unwrap();
        }
        let compiled = Compiled::new(&hb, banks());
        for name in ["with", "up", "root", "params"] {
            assert!(!compiled.has(name), "{name}");
        }
        assert!(compiled.has("ok"));
        assert_eq!(compiled.render("ok", &data(0)), Ok("青山街道".to_owned()));
        assert_eq!(compiled.render("ok", &json!({})), Err(Fallback));
    }
}
