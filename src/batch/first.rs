//! The first pass: every profile read once, its pack chosen, its output
//! names and the names its unit owns worked out. Nothing is written unless
//! every output name is unique and (without `--force`) free. What was read
//! is kept for the second pass, within a budget.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde_json::Value as Json;

use super::engines::Engines;
use super::job::Loader;
use super::report::JobError;
use super::{JobSpec, Options, memo, naming};
use crate::check;
use crate::error::{Diagnostic, Error};
use crate::pack::Catalog;
use crate::pipeline::{self, PackChoice, Packed, Prepared, Selected};
use crate::profile::{ProfileDoc, Validated};

/// A job after the first pass.
pub(super) struct Planned {
    pub(super) spec: usize,
    pub(super) variant: Option<u32>,
    pub(super) seed: u64,
    pub(super) pack: Option<String>,
    /// Output stem, or why the profile could not be read.
    pub(super) stem: Result<String, JobError>,
    /// Names that belong to this unit, for the contamination check.
    pub(super) identity: Vec<String>,
    /// The profile as the first pass left it, for the second (on the first
    /// job of a profile only) while the [`Budget`] lasts.
    pub(super) kept: Option<Kept>,
    /// Whether the pack's engine is known to build (see [`Engines::try_get`]).
    pub(super) checked: bool,
    /// Every output is there already, and `skip_existing` leaves the job.
    pub(super) exists: bool,
}

/// How far the first pass took a profile through the
/// [pipeline](crate::pipeline): the second goes on from there.
pub(super) enum Kept {
    Read(ProfileDoc),
    /// Its `--set` overrides applied.
    Selected(Box<Selected>),
    /// Validated (when output names use the profile's values).
    Prepared(Box<Prepared>),
}

impl Kept {
    /// The profile validated: the rest of the pipeline's steps before
    /// rendering.
    pub(super) fn prepare(
        self,
        choice: &PackChoice<'_>,
        engine_of: impl FnOnce(&str) -> Result<Packed, JobError>,
    ) -> Result<Prepared, JobError> {
        let selected = match self {
            Self::Prepared(prepared) => return Ok(*prepared),
            Self::Selected(selected) => *selected,
            Self::Read(doc) => pipeline::select(doc, choice, engine_of)?,
        };
        Ok(selected.validate()?)
    }
}

/// How many bytes of read profiles the first pass may keep for the second,
/// which then need not open, read and parse each file again. Bounded, so
/// that a batch's memory does not grow with its size; past the bound,
/// profiles are read again.
pub(super) const KEEP_BYTES: usize = 16 << 20;

/// What a read profile is reckoned to hold per byte of its text: the text
/// itself (positions point into it) and the tree of values, keys and spans,
/// which is several times the text.
const TREE_FACTOR: usize = 5;

/// Profile strings whose names the first pass keeps: the ones that recur
/// come with the first profiles.
pub(super) const NAMES_KEPT: usize = 4096;

/// The share of [`KEEP_BYTES`] still free.
pub(super) struct Budget(AtomicUsize);

impl Budget {
    pub(super) fn new() -> Self {
        Self(AtomicUsize::new(KEEP_BYTES))
    }

    /// `kept`, if a profile of `text_len` bytes fits in what is left.
    pub(super) fn keep(&self, kept: Kept, text_len: usize) -> Option<Kept> {
        let cost = text_len.saturating_mul(TREE_FACTOR);
        self.0
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(cost)
            })
            .is_ok()
            .then_some(kept)
    }
}

/// How a batch chooses the pack of spec `spec`.
pub(super) fn choice<'a>(spec: &'a JobSpec, opts: &'a Options) -> PackChoice<'a> {
    PackChoice {
        explicit: spec.template.as_deref(),
        sets: &opts.sets,
        fallback: opts.template.as_deref(),
    }
}

/// What the first pass shares across profiles.
#[derive(Clone, Copy)]
pub(super) struct FirstPass<'a> {
    /// The profiles, the batch's options, the packs and their engines.
    pub(super) loader: Loader<'a>,
    pub(super) pattern: &'a handlebars::Handlebars<'static>,
    /// Validate each profile: output names use its values, or `fail_fast`
    /// should stop before anything is written when any profile is bad.
    pub(super) validate: bool,
    pub(super) budget: &'a Budget,
    /// Names found in profile strings, by string.
    pub(super) names: &'a memo::Store<Vec<String>>,
}

/// A profile read by the first pass: how far it got, the pack, the names
/// it owns, its values for `--name` and whether its engine was built.
struct Read {
    kept: Kept,
    text_len: usize,
    pack: String,
    identity: Vec<String>,
    data: Json,
    checked: bool,
}

impl FirstPass<'_> {
    /// The first pass for one profile and its variants (`jobs`, all of that
    /// profile). The profile is read once, however many variants it has.
    pub(super) fn plan(&self, jobs: &[(usize, Option<u32>, u64)]) -> Vec<Planned> {
        let Some(&(spec, _, _)) = jobs.first() else {
            return Vec::new();
        };
        let read = match self.read(&self.loader.specs[spec]) {
            Ok(read) => read,
            Err(e) => {
                return jobs
                    .iter()
                    .map(|&(spec, variant, seed)| Planned {
                        spec,
                        variant,
                        seed,
                        pack: None,
                        stem: Err(e.clone()),
                        identity: Vec::new(),
                        kept: None,
                        checked: true,
                        exists: false,
                    })
                    .collect();
            }
        };
        let mut kept = self.budget.keep(read.kept, read.text_len);
        jobs.iter()
            .map(|&(spec, variant, seed)| Planned {
                spec,
                variant,
                seed,
                pack: Some(read.pack.clone()),
                stem: stem_for(
                    self.pattern,
                    &self.loader.specs[spec],
                    read.data.clone(),
                    seed,
                    variant,
                ),
                identity: read.identity.clone(),
                // The variants of a profile share one reading in pass 2.
                kept: kept.take(),
                checked: read.checked,
                exists: false,
            })
            .collect()
    }

    fn read(&self, spec: &JobSpec) -> Result<Read, JobError> {
        let (doc, text_len) = spec.read()?;
        let choice = choice(spec, self.loader.opts);
        let pack = choice.pack_for(&doc)?;
        let no_data = || Json::Object(serde_json::Map::new());
        if !self.validate && self.loader.opts.sets.is_empty() {
            // The pack's engine is built by one thread; the others go on.
            let checked = match self.loader.engines.try_get(self.loader.catalog, &pack) {
                Some(built) => built.map(|_| true)?,
                None => false,
            };
            // Pack defaults are the same for every unit, so the names written
            // in the profile are the ones that tell it apart.
            let identity = self.written_names(&doc);
            return Ok(Read {
                kept: Kept::Read(doc),
                text_len,
                pack,
                identity,
                data: no_data(),
                checked,
            });
        }
        let engine = self.loader.engines.get(self.loader.catalog, &pack)?;
        let selected = pipeline::with_pack(
            doc,
            pack.clone(),
            Packed::Engine(engine),
            &self.loader.opts.sets,
        )?;
        let (kept, identity, data) = if self.validate {
            let prepared = selected.validate()?;
            let identity = identity(&prepared.validated);
            let data = prepared.validated.context.clone();
            (Kept::Prepared(Box::new(prepared)), identity, data)
        } else {
            let identity = self.written_names(&selected.doc);
            (Kept::Selected(Box::new(selected)), identity, no_data())
        };
        Ok(Read {
            kept,
            text_len,
            pack,
            identity,
            data,
            checked: true,
        })
    }

    fn written_names(&self, doc: &ProfileDoc) -> Vec<String> {
        names_owned(
            &doc.strings(),
            doc.string_at("unit.name"),
            &doc.string_list("aliases"),
            Some(self.names),
        )
    }
}

/// Fails, as the first pass would have, the jobs whose pack's engine was
/// still being built when they were planned and could not be.
pub(super) fn check_engines(planned: &mut [Planned], catalog: &Catalog, engines: &Engines) {
    for p in planned.iter_mut().filter(|p| !p.checked) {
        p.checked = true;
        let Some(pack) = &p.pack else { continue };
        if let Err(e) = engines.get(catalog, pack) {
            p.pack = None;
            p.stem = Err(e.into());
            p.identity = Vec::new();
            p.kept = None;
        }
    }
}

/// The names a unit owns: place and unit names in its profile, and its
/// `unit.name` whatever its form (明德中学 has no place suffix).
pub(super) fn identity(validated: &Validated) -> Vec<String> {
    let own = validated.strings();
    let unit = match validated.context.pointer("/unit/name") {
        Some(Json::String(unit)) => Some(unit.as_str()),
        _ => None,
    };
    names_owned(&own, unit, &validated.checks.aliases, None)
}

/// `kept`: the names found in strings that many profiles share (a batch's
/// profiles differ mostly in the unit's own facts, and the campaign's wording
/// is the same in all of them).
fn names_owned(
    strings: &[impl AsRef<str>],
    unit: Option<&str>,
    aliases: &[impl AsRef<str>],
    kept: Option<&memo::Store<Vec<String>>>,
) -> Vec<String> {
    // Only the names a value gives its own unit: a task that mentions
    // another unit of the batch does not make that unit this one's.
    let found_in = |s: &str| -> Vec<String> {
        if check::names::may_hold_names(s) {
            check::names::own_and_mentioned(s).0
        } else {
            Vec::new()
        }
    };
    let mut names: Vec<String> = Vec::new();
    for s in strings {
        let s = s.as_ref();
        match kept {
            Some(kept) => names.extend(kept.get_or(s, || found_in(s)).iter().cloned()),
            None => names.extend(found_in(s)),
        }
    }
    names.extend(unit.map(str::to_owned));
    names.extend(aliases.iter().map(|a| a.as_ref().to_owned()));
    names.sort();
    names.dedup();
    names
}

fn stem_for(
    pattern: &handlebars::Handlebars<'static>,
    spec: &JobSpec,
    mut data: Json,
    seed: u64,
    variant: Option<u32>,
) -> Result<String, JobError> {
    if let Json::Object(map) = &mut data {
        let file = spec
            .profile
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        map.insert("file".into(), Json::String(file));
        map.insert("seed".into(), Json::from(seed));
        map.insert("variant".into(), variant.map_or(Json::Null, Json::from));
    }
    let raw = pattern
        .render_with_context("name", &handlebars::Context::from(data))
        .map_err(|e| {
            let why = match e.reason() {
                handlebars::RenderErrorReason::MissingVariable(Some(name)) => {
                    format!("变量 `{name}` 在这份配置里没有值")
                }
                handlebars::RenderErrorReason::MissingVariable(None) => {
                    "用到的变量在这份配置里没有值".to_owned()
                }
                _ => "模式无法填充（检查 {{…}} 的写法）".to_owned(),
            };
            JobError::Name(why)
        })?;
    let mut stem = naming::sanitize(&raw);
    if let Some(v) = variant {
        stem = format!("{stem}-v{v}");
    }
    Ok(stem)
}

/// The `--name` pattern, ready to fill; a pattern that does not parse is
/// refused before anything is read.
pub(super) fn name_registry(
    pattern: &str,
) -> crate::error::Result<handlebars::Handlebars<'static>> {
    let mut hb = handlebars::Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(handlebars::no_escape);
    crate::render::dialect::register(&mut hb, None);
    if let Some(d) = crate::render::refuse_template("--name", pattern) {
        return Err(Error::Template(Box::new(d)));
    }
    hb.register_template_string("name", pattern).map_err(|e| {
        Error::Template(Box::new(crate::render::template_error(
            &e, "--name", pattern,
        )))
    })?;
    Ok(hb)
}

/// Whether a `--name` pattern uses the profile's data, not only `file`,
/// `seed` and `variant`: only then does the first pass validate profiles.
pub(super) fn pattern_needs_profile(pattern: &str) -> bool {
    ["{{file}}", "{{seed}}", "{{variant}}"]
        .iter()
        .fold(pattern.to_owned(), |p, own| p.replace(own, ""))
        .contains("{{")
}

/// Refuses, before anything is written, name collisions and (without
/// `force`) outputs that already exist.
/// Marks the jobs whose every output exists (`skip_existing`).
pub(super) fn mark_existing(planned: &mut [Planned], opts: &Options) {
    planned.par_iter_mut().for_each(|p| {
        if let Ok(stem) = &p.stem {
            p.exists = opts.formats.iter().all(|f| {
                opts.out_dir
                    .join(format!("{stem}.{}", f.extension()))
                    .symlink_metadata()
                    .is_ok()
            });
        }
    });
}

pub(super) fn preflight(
    specs: &[JobSpec],
    planned: &[Planned],
    opts: &Options,
) -> crate::error::Result<()> {
    // A slip on the command line (a `--set` key the pack does not have, a
    // `--name` field no profile fills) fails every job the same way: it is
    // said once, and nothing runs.
    if let [first, _, ..] = planned {
        if let Err(e) = &first.stem {
            let text = e.to_string();
            if planned
                .iter()
                .all(|p| matches!(&p.stem, Err(other) if other.to_string() == text))
            {
                return Err(Error::Batch(vec![
                    Diagnostic::new(format!(
                        "全部 {} 个任务都因同一个问题无法进行：{text}",
                        planned.len()
                    ))
                    .hint("常见的是命令行上 --set 的键或 --name 里的字段写错了；改正后重试"),
                ]));
            }
        }
    }
    let mut problems = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, p) in planned.iter().enumerate() {
        let Ok(stem) = &p.stem else { continue };
        // Case-insensitive file systems (Windows, macOS) see one file, and
        // macOS one name in two Unicode forms (é composed or as e + ◌́).
        let key: String = unicode_normalization::UnicodeNormalization::nfc(stem.as_str()).collect();
        match seen.insert(key.to_lowercase(), i) {
            Some(first) if first != i => problems.push(
                Diagnostic::new(format!(
                    "输出文件名重复：{} 和 {} 都会写成 `{stem}`",
                    specs[planned[first].spec].label(),
                    specs[p.spec].label()
                ))
                .hint("用 --name 加入能区分它们的字段，例如 --name '{{unit.name}}-{{file}}'"),
            ),
            _ => {}
        }
    }
    // Nothing can be in the way in a folder that does not exist yet.
    if !opts.force && opts.out_dir.symlink_metadata().is_ok() {
        let targets: Vec<PathBuf> = planned
            .iter()
            .filter(|p| !p.exists)
            .filter_map(|p| p.stem.as_ref().ok())
            .flat_map(|stem| {
                opts.formats
                    .iter()
                    .map(move |f| opts.out_dir.join(format!("{stem}.{}", f.extension())))
            })
            .collect();
        // manifest.json is not among them: it is the batch's own report,
        // replaced by every run into the folder.
        // One system call per output: on all cores, it matters at 10,000.
        let existing: Vec<&PathBuf> = targets
            .par_iter()
            .filter(|t| t.symlink_metadata().is_ok())
            .collect();
        if let Some(first) = existing.first() {
            problems.push(
                Diagnostic::new(format!(
                    "输出文件已存在：{}{}",
                    first.display(),
                    if existing.len() > 1 {
                        format!(" 等 {} 个", existing.len())
                    } else {
                        String::new()
                    }
                ))
                .hint("加 --force 覆盖，加 --skip-existing 只写还没有的，或用 -o 换一个输出文件夹"),
            );
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Batch(problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::DEFAULT_NAME;
    use crate::source::Source;

    #[test]
    fn engines_being_built_are_checked_when_the_first_pass_ends() {
        let catalog = Catalog::new(Vec::new()).unwrap();
        let engines = Engines::default();
        // Another thread has started on it: the first pass does not wait.
        engines.claim("没有这个包");
        assert!(engines.try_get(&catalog, "没有这个包").is_none());
        let planned = |pack: &str| Planned {
            spec: 0,
            variant: None,
            seed: 0,
            pack: Some(pack.to_owned()),
            stem: Ok("甲".to_owned()),
            identity: vec!["甲街道".to_owned()],
            kept: None,
            checked: false,
            exists: false,
        };
        let mut ps = vec![planned("没有这个包"), planned("biaozhang")];
        check_engines(&mut ps, &catalog, &engines);
        assert!(
            ps[0]
                .stem
                .as_ref()
                .unwrap_err()
                .to_string()
                .contains("没有这个包")
        );
        assert!(ps[0].pack.is_none() && ps[0].identity.is_empty());
        assert_eq!(ps[1].stem.as_deref().ok(), Some("甲"));
        assert_eq!(ps[1].identity, ["甲街道"]);
        // Built now: asking again costs nothing and does not build twice.
        assert!(engines.try_get(&catalog, "biaozhang").unwrap().is_ok());
    }

    #[test]
    fn name_patterns_that_need_the_profile() {
        assert!(!pattern_needs_profile(DEFAULT_NAME));
        assert!(!pattern_needs_profile("{{file}}-{{seed}}-{{variant}}"));
        assert!(!pattern_needs_profile("讲话稿"));
        assert!(pattern_needs_profile("{{unit.name}}-{{file}}"));
        assert!(pattern_needs_profile("{{ file }}"));
        assert!(pattern_needs_profile("{{#if unit}}x{{/if}}"));
    }

    /// Read profiles are kept while the budget lasts, then no more: a
    /// larger batch reads them again rather than holding them all.
    #[test]
    fn kept_profiles_stay_within_the_budget() {
        let budget = Budget::new();
        let doc = || {
            let source = Source::new("p.toml", "[unit]\nname = \"青山街道\"\n");
            Kept::Read(ProfileDoc::from_source(source, None).unwrap())
        };
        let each = 1000;
        let fits = (0..KEEP_BYTES)
            .map_while(|_| budget.keep(doc(), each))
            .count();
        assert_eq!(fits, KEEP_BYTES / (each * TREE_FACTOR));
        let room = budget.0.load(Ordering::Relaxed);
        assert!(room < each * TREE_FACTOR, "{room}");
        assert!(budget.keep(doc(), room / TREE_FACTOR + 1).is_none());
        assert!(budget.keep(doc(), room / TREE_FACTOR).is_some());
    }

    #[test]
    fn unvalidated_profiles_own_their_written_names() {
        let doc = ProfileDoc::from_source(
            crate::source::Source::new(
                "p.toml",
                "aliases = [\"青山\"]\n[unit]\nname = \"明德中学\"\nparent = \"临河区教育局\"\n",
            ),
            None,
        )
        .unwrap();
        let own = names_owned(
            &doc.strings(),
            doc.string_at("unit.name"),
            &doc.string_list("aliases"),
            None,
        );
        let mut want = ["明德中学", "临河区", "青山"].map(String::from).to_vec();
        want.sort();
        assert_eq!(own, want);
        // Kept names give the same, the second time from what was kept.
        let kept = memo::Store::new(NAMES_KEPT);
        for _ in 0..2 {
            let again = names_owned(
                &doc.strings(),
                doc.string_at("unit.name"),
                &doc.string_list("aliases"),
                Some(&kept),
            );
            assert_eq!(again, want);
        }
        assert_eq!(kept.len(), doc.strings().len());
    }
}
