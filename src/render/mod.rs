//! The engine: fills a pack's templates from a validated profile and builds
//! the [`Speech`] model, numbering headings from the structure.
//!
//! Handlebars runs in strict mode without HTML escaping: a missing value is an
//! error naming the variable, file, line and column, never a blank in the
//! leader's text; escaping belongs to the HTML writer alone.

mod compiled;
pub mod dialect;
mod helpers;
pub mod uses;
pub mod variants;

use std::collections::{BTreeMap, HashMap};

use handlebars::{
    Context, Handlebars, RenderError, RenderErrorReason, TemplateError, TemplateErrorReason,
};

use crate::error::{Diagnostic, Error, Location, Result};
use crate::pack::Pack;
use crate::profile::Validated;
use crate::speech::{Block, Heading, Speech};
use crate::suggest::nearest;
use crate::zh::{NumberingStyle, heading_label};

/// A pack compiled once, ready to render any number of profiles.
pub struct Engine {
    hb: Handlebars<'static>,
    pack: Pack,
    /// Template name → (how messages name it, its text), for snippets.
    sources: foldhash::HashMap<String, (String, String)>,
    /// Lines of `pack.toml` that are nothing but a partial (`{{> shared/byline}}`),
    /// rendered as that template directly: handlebars copies the whole
    /// profile for every partial it expands.
    direct: foldhash::HashMap<String, String>,
    /// The same templates for the compiled path; handlebars remains the
    /// reference and renders whatever this cannot.
    compiled: compiled::Compiled,
    /// Speeches the compiled path handed to handlebars, since the engine was
    /// built: a batch reports them, so that a slow path is seen.
    fallbacks: std::sync::atomic::AtomicUsize,
}

const TITLE: &str = "speech.title";
const SUBTITLE: &str = "speech.subtitle";
const BYLINE: &str = "speech.byline";
const DATE_LINE: &str = "speech.date_line";
const AUTHOR: &str = "speech.author";
const SALUTATION: &str = "speech.salutation";

fn point_template(id: &str) -> String {
    // Concatenated: `format!` costs several times more, on every point of
    // every speech of a batch.
    ["points.", id, ".heading"].concat()
}

/// The template name of a pack file: its path inside the pack without `.hbs`.
pub fn template_name(rel: &str) -> &str {
    rel.strip_suffix(".hbs").unwrap_or(rel)
}

impl Engine {
    /// Parses every template of the pack; a syntax error anywhere fails here,
    /// before any profile is read.
    pub fn new(pack: &Pack) -> Result<Self> {
        let mut engine = Self {
            hb: registry(&pack.phrases),
            pack: pack.clone(),
            sources: foldhash::HashMap::default(),
            direct: foldhash::HashMap::default(),
            // Filled in once every template is registered.
            compiled: compiled::Compiled::default(),
            fallbacks: std::sync::atomic::AtomicUsize::new(0),
        };
        for file in pack.templates() {
            // Templates from Windows editors: CRLF would leak \r into the speech.
            let text = file.text.replace("\r\n", "\n");
            engine.add(template_name(&file.rel), file.display(&pack.name), text)?;
        }
        engine.refuse_partial_cycles()?;
        let manifest = pack.manifest_display();
        let mut inline: Vec<(String, &str, &String)> =
            vec![(TITLE.into(), "[speech] title", &pack.speech.title)];
        for (name, what, text) in [
            (SUBTITLE, "[speech] subtitle", &pack.speech.subtitle),
            (BYLINE, "[speech] byline", &pack.speech.byline),
            (DATE_LINE, "[speech] date_line", &pack.speech.date_line),
            (AUTHOR, "[speech] author", &pack.speech.author),
        ] {
            if let Some(text) = text {
                inline.push((name.into(), what, text));
            }
        }
        if !pack.salutation.is_empty() {
            inline.push((SALUTATION.into(), "salutation", &pack.salutation));
        }
        for p in &pack.points {
            inline.push((point_template(&p.id), "[[points]] heading", &p.heading));
        }
        for (name, what, text) in inline {
            let display = format!("{manifest} 的 {what}");
            let display = if name.starts_with("points.") {
                format!("{display}（{}）", &name[7..name.len() - 8])
            } else {
                display
            };
            engine.add(&name, display, text.clone())?;
            if let Some(partial) = lone_partial(text).filter(|p| engine.sources.contains_key(*p)) {
                engine.direct.insert(name.clone(), partial.to_owned());
            }
        }
        engine.compiled = compiled::Compiled::new(&engine.hb, pack.phrases.clone());
        Ok(engine)
    }

    fn add(&mut self, name: &str, display: String, text: String) -> Result<()> {
        if let Some(d) = refuse_template(&display, &text) {
            return Err(Error::Template(Box::new(d)));
        }
        if let Err(e) = self.hb.register_template_string(name, &text) {
            return Err(Error::Template(Box::new(template_error(
                &e, &display, &text,
            ))));
        }
        self.sources.insert(name.to_owned(), (display, text));
        Ok(())
    }

    /// A partial that includes itself, directly or through others, would
    /// recurse until the stack overflows; refuse it before rendering.
    fn refuse_partial_cycles(&self) -> Result<()> {
        let graph: HashMap<String, Vec<String>> = self
            .sources
            .iter()
            .map(|(name, (_, text))| (name.clone(), uses::partials_in(text)))
            .collect();
        /// A cycle, or a chain of partials deeper than blocks may nest:
        /// (the chain, whether it closes on itself).
        fn visit(
            node: &str,
            graph: &HashMap<String, Vec<String>>,
            path: &mut Vec<String>,
            done: &mut std::collections::HashSet<String>,
        ) -> Option<(Vec<String>, bool)> {
            if let Some(i) = path.iter().position(|p| p == node) {
                let mut cycle = path[i..].to_vec();
                cycle.push(node.to_owned());
                return Some((cycle, true));
            }
            if done.contains(node) {
                return None;
            }
            if path.len() >= MAX_NESTING {
                return Some((path.clone(), false));
            }
            path.push(node.to_owned());
            for next in graph.get(node).into_iter().flatten() {
                if let Some(found) = visit(next, graph, path, done) {
                    return Some(found);
                }
            }
            path.pop();
            done.insert(node.to_owned());
            None
        }
        let mut done = std::collections::HashSet::new();
        let mut names: Vec<&String> = graph.keys().collect();
        names.sort();
        for name in names {
            if let Some((chain, cycle)) = visit(name, &graph, &mut Vec::new(), &mut done) {
                let file = self
                    .sources
                    .get(&chain[0])
                    .map(|(d, _)| d.clone())
                    .unwrap_or_default();
                let d = if cycle {
                    Diagnostic::new(format!("局部模板互相引用，形成循环：{}", chain.join(" → ")))
                        .hint(format!("检查 {file} 中的 {{{{> …}}}}，去掉其中一处引用"))
                } else {
                    Diagnostic::new(format!(
                        "局部模板一层套一层，超过 {MAX_NESTING} 层：{} → …",
                        chain[..3].join(" → ")
                    ))
                    .hint("讲话稿的模板用不到这么多层；把内容合并到较少的局部模板里")
                };
                return Err(Error::Template(Box::new(d)));
            }
        }
        Ok(())
    }

    pub fn pack(&self) -> &Pack {
        &self.pack
    }

    /// How many speeches handlebars rendered because the compiled path could
    /// not (a construct it does not take, or an error it leaves to
    /// handlebars to word).
    pub fn fallbacks(&self) -> usize {
        self.fallbacks.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Renders one profile into a speech, with the choices of seed 0.
    pub fn render(&self, profile: &Validated) -> Result<Speech> {
        self.render_seeded(profile, 0)
    }

    /// Renders one profile; `seed` picks among the pack's alternative
    /// phrasings (the same seed and profile always give the same text).
    pub fn render_seeded(&self, profile: &Validated, seed: u64) -> Result<Speech> {
        let key = profile_key(&profile.context)?;
        match self.render_compiled(profile, key, seed) {
            Ok(speech) => return Ok(speech),
            Err(template) => self.fell_back(&template),
        }
        self.render_handlebars(profile, &Context::from(profile.context.clone()), key, seed)
    }

    /// [`Engine::render_seeded`] without copying the profile's data when
    /// handlebars has to render it: the data is lent and put back.
    pub fn render_seeded_mut(&self, profile: &mut Validated, seed: u64) -> Result<Speech> {
        let key = profile_key(&profile.context)?;
        match self.render_compiled(profile, key, seed) {
            Ok(speech) => return Ok(speech),
            Err(template) => self.fell_back(&template),
        }
        let mut ctx = Context::from(std::mem::take(&mut profile.context));
        let result = self.render_handlebars(profile, &ctx, key, seed);
        profile.context = std::mem::take(ctx.data_mut());
        result
    }

    /// Renders with handlebars alone: the reference the compiled path is
    /// tested against.
    pub fn render_reference(&self, profile: &Validated, seed: u64) -> Result<Speech> {
        let key = profile_key(&profile.context)?;
        self.render_handlebars(profile, &Context::from(profile.context.clone()), key, seed)
    }

    /// Renders with the compiled path alone; `None` where it hands over to
    /// handlebars (a construct it does not take, or any error). For tests.
    #[doc(hidden)]
    pub fn render_compiled_only(&self, profile: &Validated, seed: u64) -> Option<Speech> {
        self.render_compiled(profile, profile_key(&profile.context).ok()?, seed)
            .ok()
    }

    /// The speech from the compiled path, or the template it handed over
    /// at (empty when the handover came from assembling the speech).
    fn render_compiled(
        &self,
        profile: &Validated,
        key: u64,
        seed: u64,
    ) -> std::result::Result<Speech, String> {
        variants::begin(seed, key);
        let data = &profile.context;
        let mut at = String::new();
        self.build(profile, &mut |name, out| {
            let name = self.direct.get(name).map_or(name, String::as_str);
            self.compiled.render_into(name, data, out).map_err(|_| {
                name.clone_into(&mut at);
                Error::Render(Box::new(Diagnostic::new("compiled path gave up")))
            })
        })
        .map_err(|_| at)
    }

    /// Counts a handover to handlebars and, under `JIANGHUA_LOG=debug`,
    /// says where it happened.
    fn fell_back(&self, template: &str) {
        self.fallbacks
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if crate::debug_log() {
            let file = self
                .sources
                .get(template)
                .map_or(template, |(display, _)| display.as_str());
            eprintln!("调试：{file} 由 handlebars 渲染（编译路径不支持其中的写法，或渲染出错）");
        }
    }

    fn render_handlebars(
        &self,
        profile: &Validated,
        ctx: &Context,
        key: u64,
        seed: u64,
    ) -> Result<Speech> {
        variants::begin(seed, key);
        self.build(profile, &mut |name, out| {
            out.push_str(&self.run(name, ctx)?);
            Ok(())
        })
    }

    /// Assembles the speech, rendering each part with `run` (which appends
    /// to the buffer it is given: one buffer serves every part).
    fn build(
        &self,
        profile: &Validated,
        run: &mut dyn FnMut(&str, &mut String) -> Result<()>,
    ) -> Result<Speech> {
        let mut buf = String::with_capacity(8192);
        let mut part = |name: &str, buf: &mut String| -> Result<()> {
            buf.clear();
            run(name, buf)
        };
        let mut blocks = Vec::new();
        part(template_name(&self.pack.speech.opening), &mut buf)?;
        push_section(&mut blocks, &buf, profile.numbering);
        for (i, id) in profile.points.iter().enumerate() {
            let point = self.pack.point(id).ok_or_else(|| {
                Error::Render(Box::new(Diagnostic::new(format!(
                    "模板包 `{}` 没有要点 `{id}`",
                    self.pack.name
                ))))
            })?;
            part(&point_template(id), &mut buf)?;
            let text = heading_text(&one_line(&buf), profile.numbering);
            let label = heading_label(profile.numbering, 1, i as u64 + 1);
            blocks.push(Block::Heading(Heading {
                level: 1,
                label,
                text,
            }));
            part(template_name(&point.file), &mut buf)?;
            push_section(&mut blocks, &buf, profile.numbering);
        }
        part(template_name(&self.pack.speech.closing), &mut buf)?;
        push_section(&mut blocks, &buf, profile.numbering);
        // The same order as ever: choices are counted across the parts.
        let mut line = |name: &str| -> Result<String> {
            part(name, &mut buf)?;
            Ok(one_line(&buf))
        };
        let title = line(TITLE)?;
        let mut optional = |name: &str| -> Result<Option<String>> {
            if self.sources.contains_key(name) {
                Ok(Some(line(name)?).filter(|s| !s.is_empty()))
            } else {
                Ok(None)
            }
        };
        let subtitle = optional(SUBTITLE)?;
        let byline = optional(BYLINE)?;
        let date_line = optional(DATE_LINE)?;
        let author = optional(AUTHOR)?;
        // Rendered last, so that the choices before it stay as they were.
        let salutation = optional(SALUTATION)?;
        let own = &profile.presentation;
        let or_own = |own: &Option<String>, pack: Option<String>| match own {
            Some(s) => Some(s.clone()).filter(|s| !s.is_empty()),
            None => pack,
        };
        Ok(Speech {
            title,
            subtitle,
            byline: or_own(&own.byline, byline),
            date_line,
            salutation: or_own(&own.salutation, salutation),
            author,
            blocks,
        })
    }

    fn run(&self, name: &str, ctx: &Context) -> Result<String> {
        let name = self.direct.get(name).map_or(name, String::as_str);
        self.hb
            .render_with_context(name, ctx)
            .map_err(|e| Error::Render(Box::new(self.render_error(&e, name))))
    }

    fn render_error(&self, e: &RenderError, entry: &str) -> Diagnostic {
        let name = e.template_name.clone().unwrap_or_else(|| entry.to_owned());
        let (display, text) = self
            .sources
            .get(&name)
            .cloned()
            .unwrap_or_else(|| (name.clone(), String::new()));
        let location = e
            .line_no
            .map(|line| template_location(&display, &text, line, e.column_no.unwrap_or(1)));
        let variables = self.pack.variables().iter().map(|v| v.name.as_str());
        let d = match e.reason() {
            RenderErrorReason::MissingVariable(path) => {
                let path = path.clone().unwrap_or_default();
                let d = Diagnostic::new(format!("模板用到了变量 `{path}`，但没有这个值"));
                match nearest(&path, variables) {
                    Some(s) if s != path => d.hint(format!("是不是 `{s}`？模板包声明的变量里有它")),
                    _ => d.hint(format!(
                        "在模板包的 pack.toml 里声明 `{path}` 并在配置文件中填写，或改正模板中的名字"
                    )),
                }
            }
            RenderErrorReason::PartialNotFound(p) => Diagnostic::new(format!("找不到局部模板 `{p}`"))
                .hint("局部模板是同一模板包里的 .hbs 文件，按其相对路径（不带 .hbs）引用，例如 {{> partials/号召}}"),
            RenderErrorReason::HelperNotFound(h) => {
                Diagnostic::new(format!("没有名为 `{h}` 的助手")).hint(dialect::unknown_hint(h))
            }
            RenderErrorReason::Other(msg) => Diagnostic::new(msg.clone()),
            RenderErrorReason::CannotIncludeSelf => Diagnostic::new("局部模板不能包含它自己"),
            other => Diagnostic::new(format!("模板填充失败：{other}")),
        };
        d.at_opt(location)
    }
}

/// handlebars as every pack uses it: strict, unescaped, with our helpers.
fn registry(phrases: &BTreeMap<String, Vec<String>>) -> Handlebars<'static> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(handlebars::no_escape);
    hb.set_prevent_indent(true);
    dialect::register(&mut hb, Some(phrases));
    hb
}

/// The variant key of a profile: the hash of its JSON text. The text is
/// written into one buffer per thread and hashed whole: fed to the hasher as
/// written, it came in hundreds of small pieces.
fn profile_key(data: &serde_json::Value) -> Result<u64> {
    thread_local! {
        static TEXT: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    TEXT.with_borrow_mut(|text| {
        text.clear();
        write_compact(text, data).map_err(|e| {
            Error::Render(Box::new(Diagnostic::new(format!("无法准备模板数据：{e}"))))
        })?;
        Ok(variants::stable_hash(text))
    })
}

/// `serde_json::to_writer(out, v)`, byte for byte: the key of every profile
/// depends on these bytes. Text with nothing to escape (nearly all of a
/// profile) is copied whole; anything else goes through `serde_json`.
fn write_compact(out: &mut Vec<u8>, v: &serde_json::Value) -> serde_json::Result<()> {
    use serde_json::Value as Json;
    fn text(out: &mut Vec<u8>, s: &str) -> serde_json::Result<()> {
        // JSON escapes control characters, `"` and `\`.
        if crate::bytes::any_below_or(s.as_bytes(), 0x20, b"\"\\") {
            serde_json::to_writer(&mut *out, s)
        } else {
            out.push(b'"');
            out.extend_from_slice(s.as_bytes());
            out.push(b'"');
            Ok(())
        }
    }
    match v {
        Json::String(s) => text(out, s)?,
        Json::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_compact(out, item)?;
            }
            out.push(b']');
        }
        Json::Object(map) => {
            out.push(b'{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                text(out, key)?;
                out.push(b':');
                write_compact(out, item)?;
            }
            out.push(b'}');
        }
        other => serde_json::to_writer(&mut *out, other)?,
    }
    Ok(())
}

/// The partial a template consists of, if it is exactly `{{> name}}`.
fn lone_partial(text: &str) -> Option<&str> {
    let inner = text.trim().strip_prefix("{{>")?.strip_suffix("}}")?.trim();
    (!inner.is_empty() && !inner.contains(|c: char| c.is_whitespace() || "{}()=\"'".contains(c)))
        .then_some(inner)
}

/// The width of the `{{…}}` expression starting at `column`, for the caret.
fn token_width(line: &str, column: usize) -> usize {
    let rest: String = line.chars().skip(column.saturating_sub(1)).collect();
    match (rest.starts_with("{{"), rest.find("}}")) {
        (true, Some(end)) => rest[..end + 2].chars().count(),
        _ => 1,
    }
}

/// Builds the diagnostic for a template that does not parse. handlebars'
/// own message numbers snippet lines from 0 and puts one caret per byte, which
/// misplaces it on Chinese lines; we show our own from its position.
pub fn template_error(e: &TemplateError, display: &str, text: &str) -> Diagnostic {
    let (message, hint) = match e.reason() {
        TemplateErrorReason::MismatchingClosedHelper(open, close) => (
            format!("块 `{{{{#{open}}}}}` 的结束标记写成了 `{{{{/{close}}}}}`"),
            format!("把结束标记改为 {{{{/{open}}}}}"),
        ),
        TemplateErrorReason::InvalidParam(p) => (
            format!("无效的参数 `{p}`"),
            "参数写成变量名、\"文字\" 或数字".to_owned(),
        ),
        _ => (
            "模板语法错误".to_owned(),
            "检查 {{ 与 }} 是否成对、块标记 {{#…}} 是否都有对应的 {{/…}}".to_owned(),
        ),
    };
    let mut d = Diagnostic::new(message).hint(hint);
    // An unclosed block is reported at the end of the file; point at its opener instead.
    let (line, column) = match unclosed_block(text) {
        Some((line, column, name))
            if !matches!(e.reason(), TemplateErrorReason::MismatchingClosedHelper(..)) =>
        {
            d.message = format!("块 `{{{{#{name}}}}}` 没有结束标记 `{{{{/{name}}}}}`");
            (line, column)
        }
        _ => match e.pos() {
            Some(pos) => pos,
            None => {
                return d.at(Location {
                    file: display.to_owned(),
                    line: 1,
                    column: 1,
                    line_text: None,
                    excerpt_from: 1,
                    excerpt_more: false,
                    width: 1,
                });
            }
        },
    };
    d.at(template_location(display, text, line, column))
}

/// How deep blocks (`{{#if}}`, `{{#each}}`, `{{#pick}}`…) may nest in a
/// template. Speeches need a handful; thousands exhaust the stack of the
/// parser and the renderer.
pub const MAX_NESTING: usize = 64;

/// What a template may not hold, checked before it is parsed: blocks nested
/// deeper than [`MAX_NESTING`], or a character no speech wants (a form feed
/// pasted from a PDF). Refused when a pack loads, by `templates check`, and
/// in a `--name` pattern.
pub(crate) fn refuse_template(display: &str, text: &str) -> Option<crate::Diagnostic> {
    too_deep(display, text).or_else(|| unwritable_in_template(display, text))
}

/// Line and column (from 1) of a byte offset.
fn line_col_of(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn too_deep(display: &str, text: &str) -> Option<crate::Diagnostic> {
    let mut depth = 0usize;
    let mut rest = 0;
    while let Some(found) = text[rest..].find("{{") {
        let at = rest + found;
        let tag = text[at + 2..].trim_start_matches(['{', '~']);
        // Comments may hold anything; skip to their end.
        if let Some(comment) = tag.strip_prefix('!') {
            let close = if comment.starts_with("--") {
                "--}}"
            } else {
                "}}"
            };
            match text[at..].find(close) {
                Some(end) => {
                    rest = at + end + close.len();
                    continue;
                }
                None => break,
            }
        }
        let opens = tag.starts_with('#')
            || (tag.starts_with('^') && !tag[1..].trim_start_matches('~').starts_with("}}"));
        if opens {
            depth += 1;
            if depth > MAX_NESTING {
                let (line, column) = line_col_of(text, at);
                return Some(
                    crate::Diagnostic::new(format!(
                        "块嵌套太深：超过 {MAX_NESTING} 层（{{{{#if}}}}、{{{{#each}}}}、{{{{#pick}}}} 等一层套一层）"
                    ))
                    .at(template_location(display, text, line, column))
                    .hint("讲话稿的模板用不到这么多层；检查是否漏写了 {{/…}}，或把内层拆成局部模板"),
                );
            }
        } else if tag.starts_with('/') {
            depth = depth.saturating_sub(1);
        }
        rest = at + 2;
    }
    None
}

/// A character no speech wants (a form feed pasted from a PDF) in a
/// template: refused when the pack loads and by `templates check`.
pub(crate) fn unwritable_in_template(display: &str, text: &str) -> Option<crate::Diagnostic> {
    let (at, c) = crate::writer::unwritable(text)?;
    let byte = text.char_indices().nth(at).map_or(text.len(), |(b, _)| b);
    let (line, column) = line_col_of(text, byte);
    Some(
        crate::Diagnostic::new(format!(
            "模板里有 {}，讲话稿里不能有这个字符",
            crate::writer::describe_unwritable(c)
        ))
        .at(template_location(display, text, line, column))
        .hint("删掉它；多半是从 PDF 或网页粘贴带来的，看不见但 Word 文件容纳不了"),
    )
}

/// A position in a template, with the caret covering the expression there.
fn template_location(display: &str, text: &str, line: usize, column: usize) -> Location {
    let line_text = text
        .lines()
        .nth(line.saturating_sub(1))
        .unwrap_or("")
        .to_owned();
    let width = token_width(&line_text, column);
    Location {
        file: display.to_owned(),
        line,
        column,
        line_text: Some(line_text),
        excerpt_from: 1,
        excerpt_more: false,
        width,
    }
}

/// The first `{{#name}}` without a matching `{{/name}}`: (line, column, name).
fn unclosed_block(text: &str) -> Option<(usize, usize, String)> {
    let mut stack: Vec<(usize, usize, String)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut rest = line;
        let mut offset_chars = 0;
        while let Some(start) = rest.find("{{") {
            let tag_start = offset_chars + rest[..start].chars().count();
            let after = rest[start + 2..].trim_start_matches('~');
            let end = after.find("}}").unwrap_or(after.len());
            let tag = &after[..end];
            let word = |t: &str| t.split_whitespace().next().unwrap_or("").to_owned();
            if let Some(open) = tag
                .strip_prefix('#')
                .filter(|t| !t.starts_with('>') && !t.starts_with('*'))
            {
                stack.push((i + 1, tag_start + 1, word(open)));
            } else if let Some(close) = tag.strip_prefix('/') {
                let name = word(close);
                if let Some(pos) = stack.iter().rposition(|(_, _, n)| *n == name) {
                    stack.truncate(pos);
                }
            }
            let consumed = start + 2 + (rest.len() - start - 2 - after.len()) + end;
            offset_chars += rest[..consumed.min(rest.len())].chars().count();
            rest = &rest[consumed.min(rest.len())..];
        }
    }
    stack.into_iter().next()
}

fn one_line(s: &str) -> String {
    split_lines(s).map(str::trim).collect()
}

/// `text` cut at every `\n`, found with the `memchr` crate's vectorized
/// search (`str::lines` looks a word at a time). Unlike `lines`, a `\r` before
/// the break stays, and a final break gives a last, empty line: callers trim
/// each line and skip empty ones.
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', text.as_bytes())
        .map(Some)
        .chain(std::iter::once(None))
        .map(move |end| {
            let end = end.unwrap_or(text.len());
            let line = &text[start..end];
            start = end + 1;
            line
        })
}

/// Level-1 heading punctuation follows the numbering style: 第一，……。 reads
/// as a sentence; 一、…… is a title without a full stop.
fn heading_text(text: &str, style: NumberingStyle) -> String {
    let bare = text.trim().trim_end_matches(['。', '.']);
    match style {
        NumberingStyle::Di => [bare, "。"].concat(),
        NumberingStyle::Gongwen => bare.to_owned(),
    }
}

/// Splits rendered section text into blocks: paragraphs are separated by blank
/// lines, and lines starting with `##`/`###` are sub-headings the engine numbers.
fn push_section(blocks: &mut Vec<Block>, text: &str, style: NumberingStyle) {
    let mut counters = [0u64; 2];
    let mut para = String::new();
    let flush = |para: &mut String, blocks: &mut Vec<Block>| {
        if !para.is_empty() {
            blocks.push(Block::Paragraph {
                text: std::mem::take(para),
            });
        }
    };
    for line in split_lines(text) {
        let line = line.trim();
        if line.is_empty() {
            flush(&mut para, blocks);
            continue;
        }
        let level = if let Some(rest) = line.strip_prefix("### ") {
            Some((3u8, rest))
        } else {
            line.strip_prefix("## ").map(|rest| (2u8, rest))
        };
        if let Some((level, rest)) = level {
            flush(&mut para, blocks);
            let idx = usize::from(level - 2);
            counters[idx] += 1;
            if level == 2 {
                counters[1] = 0;
            }
            let label = heading_label(style, level, counters[idx]);
            blocks.push(Block::Heading(Heading {
                level,
                label,
                text: rest.trim().to_owned(),
            }));
            continue;
        }
        para.push_str(line);
    }
    flush(&mut para, blocks);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::Value as Json;
        let leaf = prop_oneof![
            Just(Json::Null),
            any::<bool>().prop_map(Json::Bool),
            any::<i64>().prop_map(Json::from),
            any::<u64>().prop_map(Json::from),
            any::<f64>().prop_map(Json::from),
            "[a-z\"\\\\\u{0}-\u{1f}\u{7f}青山街道“”\u{E000}\u{2028}]{0,12}".prop_map(Json::String),
        ];
        leaf.prop_recursive(3, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(serde_json::Value::Array),
                prop::collection::vec(("[a-z\"\n青]{0,4}", inner), 0..5)
                    .prop_map(|kv| serde_json::Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// What the callers keep of a line (trimmed, not empty) is what
        /// `str::lines` would give them.
        #[test]
        fn split_lines_is_lines_for_trimmed_lines(text in "[甲乙 \r\n#]{0,24}") {
            let ours: Vec<&str> = split_lines(&text).map(str::trim).filter(|l| !l.is_empty()).collect();
            let std: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
            prop_assert_eq!(ours, std);
            prop_assert_eq!(one_line(&text), text.lines().map(str::trim).collect::<String>());
        }
        #[test]
        fn compact_json_is_serde_jsons(v in json_value()) {
            let mut ours = Vec::new();
            write_compact(&mut ours, &v).unwrap();
            prop_assert_eq!(ours, serde_json::to_vec(&v).unwrap());
        }
    }

    #[test]
    fn paragraphs_split_on_blank_lines_and_join_lines() {
        let mut blocks = Vec::new();
        push_section(
            &mut blocks,
            "第一段\n接着写。\n\n\n第二段。\n",
            NumberingStyle::Di,
        );
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph {
                    text: "第一段接着写。".into()
                },
                Block::Paragraph {
                    text: "第二段。".into()
                }
            ]
        );
    }
    #[test]
    fn subheadings_are_numbered() {
        let mut blocks = Vec::new();
        push_section(
            &mut blocks,
            "## 甲\n\n正文\n\n### 子\n\n## 乙\n### 子\n",
            NumberingStyle::Gongwen,
        );
        let labels: Vec<String> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading(h) => Some(h.label.clone()),
                Block::Paragraph { .. } => None,
            })
            .collect();
        assert_eq!(labels, ["（一）", "1.", "（二）", "1."]);
    }
    #[test]
    fn di_heading_gets_full_stop() {
        assert_eq!(heading_text("提高站位", NumberingStyle::Di), "提高站位。");
        assert_eq!(
            heading_text("提高站位。", NumberingStyle::Gongwen),
            "提高站位"
        );
    }
    #[test]
    fn unclosed_block_points_at_opener() {
        let text = "开头\n  中文{{#if a}}内容\n{{#each b}}{{/each}}\n";
        assert_eq!(unclosed_block(text), Some((2, 5, "if".into())));
    }
    #[test]
    fn closed_blocks_are_fine() {
        assert_eq!(unclosed_block("{{#if a}}x{{else}}y{{/if}}"), None);
    }
}

#[cfg(test)]
mod lone_partial_tests {
    use super::lone_partial;

    #[test]
    fn only_a_bare_partial_is_rendered_directly() {
        assert_eq!(lone_partial("{{> shared/byline}}"), Some("shared/byline"));
        assert_eq!(
            lone_partial(" {{>shared/date-line}}\n"),
            Some("shared/date-line")
        );
        assert_eq!(lone_partial("{{> shared/belief goal=\"x\"}}"), None);
        assert_eq!(lone_partial("{{> (lookup . \"p\")}}"), None);
        assert_eq!(lone_partial("讲话：{{> shared/byline}}"), None);
        assert_eq!(lone_partial("{{> a}}{{> b}}"), None);
        assert_eq!(lone_partial("{{speaker.name}}"), None);
    }
}
