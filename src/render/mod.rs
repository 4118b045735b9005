//! The engine: fills a pack's templates from a validated profile and builds
//! the [`Speech`] model, numbering headings from the structure.
//!
//! Handlebars runs in strict mode without HTML escaping: a missing value is an
//! error naming the variable, file, line and column, never a blank in the
//! leader's text; escaping belongs to the HTML writer alone.

mod compiled;
pub mod dialect;
mod errors;
mod helpers;
pub mod uses;

pub(crate) use errors::refuse_template;
use errors::template_location;
pub use errors::{MAX_NESTING, template_error};
pub mod variants;

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use handlebars::{Context, Handlebars, RenderError, RenderErrorReason};

use crate::error::{Diagnostic, Error, Result};
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
        let files = pack.templates().map(|file| {
            // Templates from Windows editors: CRLF would leak \r into the speech.
            let text = file.text.replace("\r\n", "\n");
            (
                template_name(&file.rel).to_owned(),
                file.display(&pack.name),
                text,
            )
        });
        engine.add_all(files.collect())?;
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

    /// Parses `parts` (name, how messages name it, text) on all cores and
    /// registers them in order; the first, in order, that is refused or does
    /// not parse is the error. handlebars' parser takes time that grows with
    /// the square of a file's length (it works out every tag's line from the
    /// file's start), and a pack has many long files.
    fn add_all(&mut self, parts: Vec<(String, String, String)>) -> Result<()> {
        let prevent_indent = self.hb.prevent_indent();
        let parsed: Vec<Result<handlebars::Template>> = parts
            .par_iter()
            .map_init(
                || {
                    let mut hb = Handlebars::new();
                    hb.set_prevent_indent(prevent_indent);
                    hb
                },
                |hb, (name, display, text)| {
                    if let Some(d) = refuse_template(display, text) {
                        return Err(Error::Template(Box::new(d)));
                    }
                    hb.register_template_string(name, text).map_err(|e| {
                        Error::Template(Box::new(template_error(&e, display, text)))
                    })?;
                    let template = hb.get_template(name).cloned();
                    hb.unregister_template(name);
                    template.ok_or_else(|| {
                        Error::Template(Box::new(Diagnostic::new(format!("{display} 无法载入"))))
                    })
                },
            )
            .collect();
        for ((name, display, text), template) in parts.into_iter().zip(parsed) {
            self.hb.register_template(&name, template?);
            self.sources.insert(name, (display, text));
        }
        Ok(())
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
            .keys()
            .filter_map(|name| Some((name.clone(), uses::partials_in(self.hb.get_template(name)?))))
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

/// The variant key of a profile: the hash of its compact JSON text. The text
/// is written into one buffer per thread and hashed whole: fed to the hasher
/// as written, it came in hundreds of small pieces.
fn profile_key(data: &serde_json::Value) -> Result<u64> {
    thread_local! {
        static TEXT: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    TEXT.with_borrow_mut(|text| {
        text.clear();
        serde_json::to_writer(&mut *text, data).map_err(|e| {
            Error::Render(Box::new(Diagnostic::new(format!("无法准备模板数据：{e}"))))
        })?;
        Ok(variants::stable_hash(text))
    })
}

/// The partial a template consists of, if it is exactly `{{> name}}`.
fn lone_partial(text: &str) -> Option<&str> {
    let inner = text.trim().strip_prefix("{{>")?.strip_suffix("}}")?.trim();
    (!inner.is_empty() && !inner.contains(|c: char| c.is_whitespace() || "{}()=\"'".contains(c)))
        .then_some(inner)
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
