//! The web workbench (`jianghua serve`): a page where people who do not
//! write TOML fill a form, watch the draft, see each problem marked and take
//! the Word file away. This module is its JSON API, free of HTTP: every
//! answer is worked out from the request alone (no state is kept between
//! requests, so one user never sees another's profile) by the same
//! [`pipeline`](crate::pipeline) the command line uses. [`server`] puts it
//! on a socket.

pub mod form;
pub mod server;

use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use serde_json::{Value as Json, json};

use crate::batch::engines::{Built, Engines};
use crate::check::{self, Document, Finding};
use crate::error::{Diagnostic, Error};
use crate::pack::{Catalog, Pack};
use crate::pipeline::{self, Packed};
use crate::profile::ProfileDoc;
use crate::render::Engine;
use crate::{Format, Speech};

/// How a profile sent as TOML text is named in messages.
const PROFILE_NAME: &str = "配置.toml";

/// An answer to one API request.
#[derive(Debug)]
pub enum Reply {
    Json {
        status: u16,
        body: Json,
    },
    File {
        name: String,
        mime: &'static str,
        bytes: Vec<u8>,
    },
}

impl Reply {
    fn ok(body: Json) -> Self {
        Self::Json { status: 200, body }
    }

    /// A request that cannot be answered: `{"error": …, "hints": […]}`.
    fn refuse(status: u16, d: &Diagnostic) -> Self {
        Self::Json {
            status,
            body: json!({ "error": d.message, "hints": d.hints }),
        }
    }

    fn refuse_error(status: u16, e: &Error) -> Self {
        let d = e
            .diagnostics()
            .into_iter()
            .next()
            .unwrap_or_else(|| Diagnostic::new(e.to_string()));
        Self::refuse(status, &d)
    }
}

/// What `/api/render` and `/api/download` are sent: the pack, and the
/// profile as form values or as TOML text.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenderRequest {
    /// The pack; else the profile's own `template`.
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub profile: Option<Json>,
    #[serde(default)]
    pub toml: Option<String>,
    #[serde(default)]
    pub seed: u64,
}

impl RenderRequest {
    /// The pack of form values: the request's, else their own `template`,
    /// by the rule every profile follows.
    fn form_pack(&self, profile: &Json) -> Result<String, Reply> {
        crate::profile::choose_pack(self.template.as_deref(), &[], || {
            profile.get("template")?.as_str().map(str::to_owned)
        })
        .ok_or_else(|| Reply::refuse_error(400, &Error::NoPack))
    }
}

/// The API over a catalog of packs (the only files it reads).
pub struct Workbench {
    catalog: Catalog,
    /// The packs there were at start: their engines are built once and
    /// kept (packs hold no one's data). A pack folder added later is loaded
    /// for each request; any other name is not kept at all.
    names: Vec<String>,
    engines: Engines,
}

/// A profile that did not become a draft: its problems, each with the form
/// field it belongs to.
struct Problems {
    errors: Vec<Json>,
    /// Problems past those listed, as the command line counts them.
    unlisted: usize,
}

impl Problems {
    fn of(e: &Error, doc: Option<&ProfileDoc>, pack: Option<&Pack>) -> Self {
        let diagnostics = e.diagnostics();
        let unlisted = diagnostics.len().saturating_sub(crate::LISTED_PROBLEMS);
        let errors = diagnostics
            .iter()
            .take(crate::LISTED_PROBLEMS)
            .map(|d| {
                let field = form::field_of(d, doc.map(|d| &d.table), pack);
                let loc = d.location.as_deref();
                json!({
                    "message": d.message,
                    "hints": d.hints,
                    "field": field,
                    "line": loc.map(|l| l.line),
                    "column": loc.map(|l| l.column),
                })
            })
            .collect();
        Self { errors, unlisted }
    }

    fn json(self) -> Json {
        json!({ "ok": false, "errors": self.errors, "unlisted": self.unlisted })
    }

    fn reply(self) -> Reply {
        Reply::ok(self.json())
    }
}

/// A rendered draft with its checks.
struct Rendered {
    pack: String,
    speech: Speech,
    findings: Vec<Finding>,
}

impl Workbench {
    pub fn new(catalog: Catalog) -> Self {
        let names = catalog
            .list()
            .map(|l| l.into_iter().map(|e| e.name).collect())
            .unwrap_or_default();
        Self {
            catalog,
            names,
            engines: Engines::default(),
        }
    }

    /// `GET /api/packs`: every pack with its title and kind.
    pub fn packs(&self) -> Reply {
        let entries = match self.catalog.list() {
            Ok(e) => e,
            Err(e) => return Reply::refuse_error(500, &e),
        };
        let packs: Vec<Json> = entries
            .iter()
            .map(|entry| match self.catalog.load(&entry.name) {
                Ok(p) => json!({
                    "name": p.name, "title": p.title, "kind": p.kind.zh(),
                    "description": p.description, "builtin": entry.builtin,
                }),
                Err(e) => json!({
                    "name": entry.name, "builtin": entry.builtin,
                    "error": e.diagnostics().first().map(|d| d.message.clone()),
                }),
            })
            .collect();
        Reply::ok(json!({ "packs": packs }))
    }

    /// `GET /api/packs/NAME`: the pack's form (and its JSON Schema).
    pub fn pack(&self, name: &str) -> Reply {
        match self.load(name) {
            Ok(engine) => Reply::ok(form::description(engine.pack())),
            Err(reply) => reply,
        }
    }

    /// `GET /api/packs/NAME/schema`: the JSON Schema of the pack's profiles,
    /// as `jianghua templates schema` writes it.
    pub fn schema(&self, name: &str) -> Reply {
        match self.load(name) {
            Ok(engine) => Reply::ok(crate::pack::json_schema::schema(engine.pack())),
            Err(reply) => reply,
        }
    }

    /// `POST /api/profile` with TOML text: the values to fill the form
    /// with, and the profile's problems placed at their fields.
    pub fn profile(&self, body: Vec<u8>) -> Reply {
        let text = match crate::source::Source::from_bytes(PROFILE_NAME.into(), body) {
            Ok(s) => s.text,
            Err(e) => return Reply::refuse_error(400, &e),
        };
        let doc = match form::read_profile(PROFILE_NAME, &text) {
            Ok(doc) => doc,
            Err(e) => return Problems::of(&e, None, None).reply(),
        };
        let template = doc.template();
        let pack = template.as_deref().map(|t| self.built(t));
        let problems = match &pack {
            Some(Ok(engine)) => doc
                .validate(engine.pack())
                .err()
                .map(|e| Problems::of(&e, Some(&doc), Some(engine.pack()))),
            Some(Err(e)) => Some(Problems::of(e, None, None)),
            None => Some(Problems::of(&Error::NoPack, None, None)),
        };
        let (errors, unlisted) = problems.map_or((Vec::new(), 0), |p| (p.errors, p.unlisted));
        Reply::ok(json!({
            "template": template,
            "profile": form::values(&doc),
            "errors": errors,
            "unlisted": unlisted,
            "notices": doc.notices,
        }))
    }

    /// `POST /api/render`: the draft as paragraphs (in the order findings
    /// count them), its findings with their sources, and its length; or the
    /// profile's problems.
    pub fn render(&self, body: &[u8]) -> Reply {
        let req = match parse_request(body) {
            Ok(r) => r,
            Err(reply) => return reply,
        };
        match self.run(&req) {
            Ok(Ok(r)) => Reply::ok(draft_json(&r)),
            Ok(Err(problems)) => problems.reply(),
            Err(reply) => reply,
        }
    }

    /// `POST /api/download?format=…`: the draft as a file (txt, md, html,
    /// docx), or the profile as TOML for the command line.
    pub fn download(&self, body: &[u8], format: &str) -> Reply {
        let req = match parse_request(body) {
            Ok(r) => r,
            Err(reply) => return reply,
        };
        if format == "toml" {
            return match self.profile_text(&req) {
                Ok((pack, text)) => Reply::File {
                    name: format!("{pack}.toml"),
                    mime: "application/toml; charset=utf-8",
                    bytes: text.into_bytes(),
                },
                Err(reply) => reply,
            };
        }
        let Some(fmt) = Format::from_path(Path::new(&format!("x.{format}"))) else {
            return Reply::refuse(
                400,
                &Diagnostic::new(format!("不支持的下载格式 `{format}`"))
                    .hint("可选：txt、md、html、docx、toml"),
            );
        };
        let r = match self.run(&req) {
            Ok(Ok(r)) => r,
            Ok(Err(problems)) => {
                return Reply::Json {
                    status: 422,
                    body: problems.json(),
                };
            }
            Err(reply) => return reply,
        };
        match fmt.write(&r.speech) {
            Ok(bytes) => Reply::File {
                name: format!("{}.{}", file_stem(&r.speech.title), fmt.extension()),
                mime: mime(fmt),
                bytes,
            },
            Err(e) => Reply::refuse_error(500, &e),
        }
    }

    /// `POST /api/lint?name=稿.docx`: the checks on a draft edited by hand
    /// (.txt, .md, .html or .docx bytes), as `jianghua lint` runs them.
    pub fn lint(&self, name: &str, body: Vec<u8>) -> Reply {
        let name = if name.trim().is_empty() {
            "粘贴的文字.txt"
        } else {
            name
        };
        let doc = match crate::draft::from_bytes(name, Path::new(name), body) {
            Ok(d) => d,
            Err(e) => return Reply::refuse_error(422, &e),
        };
        let findings = check::run(&doc, &check::Options::default());
        let paragraphs: Vec<Json> = doc
            .paras
            .iter()
            .map(|p| json!({ "text": p.text, "line": p.line }))
            .collect();
        Reply::ok(json!({
            "paragraphs": paragraphs,
            "findings": findings,
            "notices": doc.notices,
        }))
    }

    /// The engine of pack `name`.
    fn built(&self, name: &str) -> Built {
        if self.names.iter().any(|n| n == name) {
            return self.engines.get(&self.catalog, name);
        }
        let pack = self.catalog.load(name).map_err(Arc::new)?;
        Ok(Arc::new(Engine::new(&pack).map_err(Arc::new)?))
    }

    fn load(&self, name: &str) -> Result<Arc<Engine>, Reply> {
        self.built(name).map_err(|e| match &*e {
            Error::PackNotFound { .. } => Reply::refuse_error(404, &e),
            other => Reply::refuse_error(500, other),
        })
    }

    /// The request's profile as a document, with its pack.
    fn document(
        &self,
        req: &RenderRequest,
    ) -> Result<Result<(ProfileDoc, Arc<Engine>), Problems>, Reply> {
        let doc = match (&req.toml, &req.profile) {
            (Some(text), None) => match form::read_profile(PROFILE_NAME, text) {
                Ok(doc) => doc,
                Err(e) => return Ok(Err(Problems::of(&e, None, None))),
            },
            (None, Some(profile)) => {
                let engine = self.load(&req.form_pack(profile)?)?;
                let text = match form::toml_text(profile, engine.pack()) {
                    Ok(t) => t,
                    Err(e) => return Err(Reply::refuse_error(400, &e)),
                };
                return Ok(match form::read_profile(form::FORM_NAME, &text) {
                    Ok(doc) => Ok((doc, engine)),
                    Err(e) => Err(Problems::of(&e, None, Some(engine.pack()))),
                });
            }
            _ => {
                return Err(Reply::refuse(
                    400,
                    &Diagnostic::new(
                        "请求中要有 profile（表单的值）或 toml（配置文件文本）二者之一",
                    ),
                ));
            }
        };
        let Some(name) = doc.pack_name(req.template.as_deref(), &[]) else {
            return Ok(Err(Problems::of(&Error::NoPack, Some(&doc), None)));
        };
        Ok(Ok((doc, self.load(&name)?)))
    }

    fn run(&self, req: &RenderRequest) -> Result<Result<Rendered, Problems>, Reply> {
        let (doc, engine) = match self.document(req)? {
            Ok(x) => x,
            Err(p) => return Ok(Err(p)),
        };
        let pack = engine.pack();
        let name = pack.name.clone();
        let validated = match doc.validate(pack) {
            Ok(v) => v,
            Err(e) => return Ok(Err(Problems::of(&e, Some(&doc), Some(pack)))),
        };
        let mut prepared = pipeline::Prepared {
            pack: name.clone(),
            packed: Packed::Engine(engine),
            validated,
        };
        let speech = match prepared.render(req.seed) {
            Ok(s) => s,
            Err(e) => return Ok(Err(Problems::of(&e, None, None))),
        };
        let findings = prepared.check("预览", &speech, check::DEFAULT_RATE);
        Ok(Ok(Rendered {
            pack: name,
            speech,
            findings,
        }))
    }

    /// The request's profile as TOML text, with its pack named in it.
    fn profile_text(&self, req: &RenderRequest) -> Result<(String, String), Reply> {
        if let Some(text) = &req.toml {
            let pack = req.template.clone().unwrap_or_else(|| "配置".to_owned());
            return Ok((pack, text.clone()));
        }
        let Some(profile) = &req.profile else {
            return Err(Reply::refuse(
                400,
                &Diagnostic::new("请求中要有 profile（表单的值）"),
            ));
        };
        let engine = self.load(&req.form_pack(profile)?)?;
        let pack = engine.pack();
        let mut values = profile.clone();
        if let Json::Object(map) = &mut values {
            map.shift_remove("template");
        }
        let body = form::toml_text(&values, pack).map_err(|e| Reply::refuse_error(400, &e))?;
        let text = format!(
            "# 由 jianghua 网页工作台保存：jianghua generate 本文件 -o 讲话稿.docx\ntemplate = \"{}\"\n\n{body}",
            pack.name
        );
        Ok((pack.name.clone(), text))
    }
}

fn parse_request(body: &[u8]) -> Result<RenderRequest, Reply> {
    serde_json::from_slice(body).map_err(|e| {
        Reply::refuse(
            400,
            &Diagnostic::new(format!("请求不是有效的 JSON：{e}"))
                .hint("请求体应为 {\"template\": \"dongyuan\", \"profile\": {…}, \"seed\": 0}"),
        )
    })
}

/// A draft as the page shows it: paragraphs in the order findings count
/// them (title, head lines, body), with what each is.
fn draft_json(r: &Rendered) -> Json {
    let s = &r.speech;
    let mut paragraphs = vec![json!({ "role": "title", "text": s.title })];
    paragraphs.extend(
        s.head_parts()
            .map(|(role, t)| json!({ "role": role, "text": t })),
    );
    paragraphs.extend(s.blocks.iter().map(|b| match b {
        crate::Block::Heading(h) => {
            json!({ "role": "heading", "level": h.level, "text": h.full() })
        }
        crate::Block::Paragraph { text } => json!({ "role": "paragraph", "text": text }),
    }));
    let doc = Document::from_speech("预览", s);
    let total = crate::stats::report(&doc, check::DEFAULT_RATE).total;
    json!({
        "ok": true,
        "pack": r.pack,
        "paragraphs": paragraphs,
        "findings": r.findings,
        "chars": total.chars,
        "minutes": total.minutes,
    })
}

fn mime(f: Format) -> &'static str {
    match f {
        Format::Txt => "text/plain; charset=utf-8",
        Format::Md => "text/markdown; charset=utf-8",
        Format::Html => "text/html; charset=utf-8",
        Format::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
}

/// A file name from a title: what a file system takes, not too long.
fn file_stem(title: &str) -> String {
    let stem: String = title
        .chars()
        .filter(|c| !c.is_control() && !r#"/\:*?"<>|"#.contains(*c))
        .take(40)
        .collect();
    let stem = stem.trim();
    if stem.is_empty() {
        "讲话稿".to_owned()
    } else {
        stem.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bench() -> Workbench {
        Workbench::new(Catalog::default())
    }

    fn json_of(r: Reply) -> (u16, Json) {
        match r {
            Reply::Json { status, body } => (status, body),
            Reply::File { name, .. } => panic!("a file: {name}"),
        }
    }

    #[test]
    fn paragraphs_are_numbered_as_findings_count_them() {
        let example = crate::examples::list()
            .into_iter()
            .find(|e| e.extends().is_none())
            .unwrap();
        let text = example.text;
        let (status, body) =
            json_of(bench().render(json!({ "toml": text }).to_string().as_bytes()));
        assert_eq!(status, 200, "{body}");
        let doc_len = body["paragraphs"].as_array().unwrap().len();
        let ro = body["paragraphs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["role"].as_str().unwrap())
            .collect::<Vec<_>>();
        assert_eq!(ro[0], "title");
        assert!(ro.contains(&"salutation"), "{ro:?}");
        assert!(doc_len > 20);
    }

    #[test]
    fn a_request_names_its_profile_once() {
        let (status, body) = json_of(bench().render(b"{}"));
        assert_eq!(status, 400);
        assert!(body["error"].as_str().unwrap().contains("profile"));
        let both = json!({ "toml": "", "profile": {} }).to_string();
        assert_eq!(json_of(bench().render(both.as_bytes())).0, 400);
    }

    #[test]
    fn file_names_keep_what_a_file_system_takes() {
        assert_eq!(file_stem("在“a/b”会上的讲话"), "在“ab”会上的讲话");
        assert_eq!(file_stem("  "), "讲话稿");
        assert_eq!(file_stem(&"长".repeat(100)).chars().count(), 40);
    }
}
