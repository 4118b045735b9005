//! Batch: many profiles, many variants, in parallel, reproducibly.
//!
//! Three passes. The first reads every profile and works out its output
//! names and the names it owns; nothing is written unless every output name is
//! unique and (without `--force`) free. The second renders, checks and writes
//! each job on all cores, one job in memory per core, and compares every
//! output with the other units' names. The third finds near-duplicate outputs
//! with MinHash. A failed job stops nothing (unless `fail_fast`) and is listed
//! in the manifest.

mod memo;
pub mod naming;
pub mod plan;
pub mod similarity;

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use aho_corasick::{AhoCorasick, MatchKind};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value as Json;

use crate::check::{self, Document, Finding, Severity};
use crate::error::{Diagnostic, Error, Result};
use crate::pack::Catalog;
use crate::profile::{ProfileDoc, Validated};
use crate::render::Engine;
use crate::source::Source;
use crate::writer::Format;

/// The default output name: the profile's file name without `.toml`.
pub const DEFAULT_NAME: &str = "{{file}}";
/// Outputs at least this similar (the estimated share of sentences they
/// have in common, the units' names masked) are reported: half the sentences
/// the same is what a reviewer calls a copy.
pub const DEFAULT_MAX_SIMILARITY: f64 = 0.5;

/// One profile to render (each becomes `variants` jobs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobSpec {
    pub profile: PathBuf,
    /// A pack for this profile; otherwise the batch's, otherwise the profile's own.
    pub template: Option<String>,
}

/// How a batch runs.
#[derive(Debug, Clone)]
pub struct Options {
    pub formats: Vec<Format>,
    pub out_dir: PathBuf,
    /// A handlebars pattern for output names, filled from each profile plus
    /// `file` (the profile's name), `seed` and `variant`.
    pub name: String,
    pub variants: u32,
    pub seed: u64,
    /// The pack for profiles that do not name one (and do not get one from their spec).
    pub template: Option<String>,
    pub sets: Vec<(String, String)>,
    pub force: bool,
    pub fail_fast: bool,
    /// Write outputs even when their checks find errors.
    pub allow_findings: bool,
    pub max_similarity: f64,
    pub rate: u32,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            formats: vec![Format::Txt],
            out_dir: PathBuf::from("."),
            name: DEFAULT_NAME.to_owned(),
            variants: 1,
            seed: 0,
            template: None,
            sets: Vec::new(),
            force: false,
            fail_fast: false,
            allow_findings: false,
            max_similarity: DEFAULT_MAX_SIMILARITY,
            rate: check::DEFAULT_RATE,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Failed,
    /// Not run because an earlier job failed under `fail_fast`.
    Skipped,
}

/// What happened to one job; one entry of the manifest.
#[derive(Debug, Clone, Serialize)]
pub struct JobReport {
    pub profile: String,
    pub pack: Option<String>,
    pub seed: u64,
    /// 1-based, when the batch makes several variants.
    pub variant: Option<u32>,
    /// Output file stem (without extension).
    pub name: Option<String>,
    pub outputs: Vec<String>,
    pub chars: usize,
    pub minutes: f64,
    pub findings: Vec<Finding>,
    pub status: Status,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SimilarPair {
    pub a: String,
    pub b: String,
    pub similarity: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub jobs: usize,
    pub ok: usize,
    pub failed: usize,
    pub skipped: usize,
    pub files: usize,
    pub seconds: f64,
    pub max_similarity: f64,
    /// Processor seconds (summed over threads) of the cross-unit name check:
    /// building the index of names and searching every output.
    pub contamination_seconds: f64,
    /// Processor seconds of the similarity report: signatures (with the
    /// character count, taken in the same walk) and comparisons.
    pub similarity_seconds: f64,
    /// Speeches the compiled render path handed to handlebars (the slower,
    /// general one): see `JIANGHUA_LOG=debug` for where.
    pub fallbacks: usize,
}

/// Processor time spent on the batch-wide checks, summed over threads.
#[derive(Default)]
struct Costs {
    contamination: AtomicU64,
    similarity: AtomicU64,
}

impl Costs {
    fn time<T>(counter: &AtomicU64, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let result = f();
        counter.fetch_add(nanos_since(start), Ordering::Relaxed);
        result
    }

    /// A job's tally, added once the job ends: adding to the shared
    /// counters at every paragraph made the cores pass their cache line
    /// back and forth.
    fn add(&self, tally: &Tally) {
        self.contamination
            .fetch_add(tally.contamination.get(), Ordering::Relaxed);
        self.similarity
            .fetch_add(tally.similarity.get(), Ordering::Relaxed);
    }

    fn seconds(counter: &AtomicU64) -> f64 {
        (counter.load(Ordering::Relaxed) as f64 / 1e9 * 1000.0).round() / 1000.0
    }
}

/// [`Costs`] of one job, kept by the thread that runs it.
#[derive(Default)]
struct Tally {
    contamination: Cell<u64>,
    similarity: Cell<u64>,
}

impl Tally {
    fn time<T>(counter: &Cell<u64>, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let result = f();
        counter.set(counter.get().saturating_add(nanos_since(start)));
        result
    }
}

fn nanos_since(start: Instant) -> u64 {
    u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX)
}

/// `manifest.json`: every job, the too-similar pairs, and totals.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub generator: String,
    pub jobs: Vec<JobReport>,
    pub similar: Vec<SimilarPair>,
    pub summary: Summary,
    /// Why manifest.json could not be written (a full disk, a folder
    /// removed): the batch's results are still told on the terminal.
    #[serde(skip)]
    pub write_error: Option<String>,
}

/// Jobs a batch runs without `--yes`: more is usually a wrong folder or glob.
pub const MAX_JOBS: usize = 20_000;

/// The name of the manifest in the output folder.
pub const MANIFEST: &str = "manifest.json";

/// A job after the first pass.
struct Planned {
    spec: usize,
    variant: Option<u32>,
    seed: u64,
    pack: Option<String>,
    /// Output stem, or why the profile could not be read.
    stem: std::result::Result<String, String>,
    /// Names that belong to this unit, for the contamination check.
    identity: Vec<String>,
    /// The profile's text as the first pass read it, kept for the second
    /// (on the first job of a profile only) while the [`TextBudget`] lasts.
    source: Option<Source>,
    /// Whether the pack's engine is known to build (see [`Engines::try_get`]).
    checked: bool,
}

/// How many bytes of profile text the first pass may keep for the second,
/// which then need not open and read each file again (system calls, most of
/// a profile's kernel time). Bounded, so that a batch's memory does not grow
/// with its size; past the bound, profiles are read again.
const KEEP_BYTES: usize = 16 << 20;

/// Profile strings whose names the first pass keeps: the ones that recur
/// come with the first profiles.
const NAMES_KEPT: usize = 4096;

/// The share of [`KEEP_BYTES`] still free.
struct TextBudget(std::sync::atomic::AtomicUsize);

impl TextBudget {
    fn new() -> Self {
        Self(std::sync::atomic::AtomicUsize::new(KEEP_BYTES))
    }

    /// `source`, if it fits in what is left.
    fn keep(&self, source: Source) -> Option<Source> {
        let len = source.text.len() + source.name.len();
        self.0
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(len)
            })
            .is_ok()
            .then_some(source)
    }
}

/// A pack's engine, or why it could not be built; built at most once.
#[derive(Default)]
struct EngineCell {
    engine: OnceLock<std::result::Result<Arc<Engine>, String>>,
    /// Some thread has started building it.
    claimed: AtomicBool,
}

/// Engines by pack name, each built once and shared by the threads.
#[derive(Default)]
struct Engines {
    map: Mutex<HashMap<String, Arc<EngineCell>>>,
}

impl Engines {
    fn cell(&self, name: &str) -> Arc<EngineCell> {
        let mut map = self
            .map
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(map.entry(name.to_owned()).or_default())
    }

    /// The engine of pack `name`, built by this thread or waited for.
    fn get(&self, catalog: &Catalog, name: &str) -> std::result::Result<Arc<Engine>, String> {
        let cell = self.cell(name);
        cell.claimed.store(true, Ordering::Relaxed);
        Self::build(&cell, catalog, name)
    }

    /// [`Engines::get`], or `None` while another thread builds that engine:
    /// the first pass then goes on with the next profile and asks again at
    /// its end, instead of every thread waiting for the one building.
    fn try_get(
        &self,
        catalog: &Catalog,
        name: &str,
    ) -> Option<std::result::Result<Arc<Engine>, String>> {
        let cell = self.cell(name);
        if let Some(built) = cell.engine.get() {
            return Some(built.clone());
        }
        (!cell.claimed.swap(true, Ordering::Relaxed)).then(|| Self::build(&cell, catalog, name))
    }

    /// Speeches all engines handed to handlebars.
    fn fallbacks(&self) -> usize {
        let map = self
            .map
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.values()
            .filter_map(|cell| cell.engine.get()?.as_ref().ok().map(|e| e.fallbacks()))
            .sum()
    }

    fn build(
        cell: &EngineCell,
        catalog: &Catalog,
        name: &str,
    ) -> std::result::Result<Arc<Engine>, String> {
        cell.engine
            .get_or_init(|| {
                let pack = catalog.load(name).map_err(|e| error_text(&e))?;
                Engine::new(&pack).map(Arc::new).map_err(|e| error_text(&e))
            })
            .clone()
    }
}

/// An error as one line of text for the manifest.
pub fn error_text(e: &Error) -> String {
    let ds = e.diagnostics();
    if ds.is_empty() {
        return e.to_string();
    }
    ds.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("；")
}

/// Reads and validates a profile; the pack is chosen by [`pack_of`].
fn load(
    spec: &JobSpec,
    source: Option<Source>,
    opts: &Options,
    catalog: &Catalog,
    engines: &Engines,
) -> std::result::Result<(String, Arc<Engine>, Validated), String> {
    let (name, engine, doc) = load_doc(spec, source, opts, catalog, engines)?;
    let validated = doc.validate(engine.pack()).map_err(|e| error_text(&e))?;
    Ok((name, engine, validated))
}

/// Reads a profile (unless its text is given) and applies `--set`, without
/// validating it.
fn load_doc(
    spec: &JobSpec,
    source: Option<Source>,
    opts: &Options,
    catalog: &Catalog,
    engines: &Engines,
) -> std::result::Result<(String, Arc<Engine>, ProfileDoc), String> {
    let mut doc = match source {
        Some(source) => ProfileDoc::from_source(source, Some(&spec.profile)),
        None => ProfileDoc::load(&spec.profile),
    }
    .map_err(|e| error_text(&e))?;
    let name = pack_of(spec, opts, || doc.template())?;
    let engine = engines.get(catalog, &name)?;
    doc.apply_sets(&opts.sets, engine.pack())
        .map_err(|e| error_text(&e))?;
    Ok((name, engine, doc))
}

/// The pack of a job: the spec's, else `--set template=`, else the profile's
/// (`own`), else the batch's.
fn pack_of(
    spec: &JobSpec,
    opts: &Options,
    own: impl FnOnce() -> Option<String>,
) -> std::result::Result<String, String> {
    crate::profile::choose_pack(spec.template.as_deref(), &opts.sets, own)
        .or_else(|| opts.template.clone())
        .ok_or_else(|| error_text(&Error::NoPack))
}

/// Whether a `--name` pattern uses the profile's data, not only `file`,
/// `seed` and `variant`: only then does the first pass validate profiles.
fn pattern_needs_profile(pattern: &str) -> bool {
    ["{{file}}", "{{seed}}", "{{variant}}"]
        .iter()
        .fold(pattern.to_owned(), |p, own| p.replace(own, ""))
        .contains("{{")
}

/// What the first pass shares across profiles.
#[derive(Clone, Copy)]
struct FirstPass<'a> {
    specs: &'a [JobSpec],
    opts: &'a Options,
    catalog: &'a Catalog,
    engines: &'a Engines,
    pattern: &'a handlebars::Handlebars<'static>,
    /// Validate each profile (see `run`).
    validate: bool,
    budget: &'a TextBudget,
    /// Names found in profile strings, by string.
    names: &'a memo::Store<Vec<String>>,
}

/// The first pass for one profile and its variants (`jobs`, all of that
/// profile): each job's output name and the names the unit owns. The
/// profile is read once, however many variants it has.
fn plan(jobs: &[(usize, Option<u32>, u64)], first: &FirstPass<'_>) -> Vec<Planned> {
    let FirstPass {
        specs,
        opts,
        catalog,
        engines,
        pattern,
        validate,
        budget,
        names: _,
    } = *first;
    let Some(&(spec, _, _)) = jobs.first() else {
        return Vec::new();
    };
    let failed = |e: String| -> Vec<Planned> {
        jobs.iter()
            .map(|&(spec, variant, seed)| Planned {
                spec,
                variant,
                seed,
                pack: None,
                stem: Err(e.clone()),
                identity: Vec::new(),
                source: None,
                checked: true,
            })
            .collect()
    };
    let (quick, read) = if validate || !opts.sets.is_empty() {
        (None, None)
    } else {
        match quick_identity(&specs[spec], first) {
            Ok((quick, source)) => (quick, Some(source)),
            Err(e) => return failed(e),
        }
    };
    let (pack, identity, data, mut source, checked) = match (quick, read) {
        (Some((pack, identity, checked)), Some(source)) => (
            pack,
            identity,
            Json::Object(serde_json::Map::new()),
            budget.keep(source),
            checked,
        ),
        // The full reading starts from the text already read, if any.
        (_, read) => match full_identity(&specs[spec], read, opts, catalog, engines, validate) {
            Ok((pack, identity, data)) => (pack, identity, data, None, true),
            Err(e) => return failed(e),
        },
    };
    jobs.iter()
        .map(|&(spec, variant, seed)| Planned {
            spec,
            variant,
            seed,
            pack: Some(pack.clone()),
            stem: stem_for(pattern, &specs[spec], data.clone(), seed, variant),
            identity: identity.clone(),
            // The variants of a profile share one reading in pass 2.
            source: source.take(),
            checked,
        })
        .collect()
}

/// Fails, as the first pass would have, the jobs whose pack's engine was
/// still being built when they were planned and could not be.
fn check_engines(planned: &mut [Planned], catalog: &Catalog, engines: &Engines) {
    for p in planned.iter_mut().filter(|p| !p.checked) {
        p.checked = true;
        let Some(pack) = &p.pack else { continue };
        if let Err(e) = engines.get(catalog, pack) {
            p.pack = None;
            p.stem = Err(e);
            p.identity = Vec::new();
            p.source = None;
        }
    }
}

/// A profile's pack, the names its unit owns, and whether the pack's engine
/// was built (else it is checked when the first pass ends).
type PackAndNames = (String, Vec<String>, bool);

/// The pack and the names a profile owns, from its quick reading
/// ([`quick`](crate::profile::quick::quick)), or `None` when it needs the
/// full one; and the text it was read from.
fn quick_identity(
    spec: &JobSpec,
    first: &FirstPass<'_>,
) -> std::result::Result<(Option<PackAndNames>, Source), String> {
    let (opts, catalog, engines) = (first.opts, first.catalog, first.engines);
    let source = Source::read(&spec.profile).map_err(|e| error_text(&e))?;
    let Some(q) = crate::profile::quick::quick(&source.text) else {
        return Ok((None, source));
    };
    let name = pack_of(spec, opts, || q.template.map(Cow::into_owned))?;
    let checked = match engines.try_get(catalog, &name) {
        Some(engine) => engine.map(|_| true)?,
        None => false,
    };
    let own = names_owned(
        &q.strings,
        q.unit_name.as_deref(),
        &q.aliases,
        Some(first.names),
    );
    Ok((Some((name, own, checked)), source))
}

/// The pack, the names a profile owns and (when `validate`) its data for
/// `--name`, from the full reading (of `source`, if the text was read).
fn full_identity(
    spec: &JobSpec,
    source: Option<Source>,
    opts: &Options,
    catalog: &Catalog,
    engines: &Engines,
    validate: bool,
) -> std::result::Result<(String, Vec<String>, Json), String> {
    let (pack, engine, doc) = load_doc(spec, source, opts, catalog, engines)?;
    if validate {
        let validated = doc.validate(engine.pack()).map_err(|e| error_text(&e))?;
        Ok((pack, identity(&validated), validated.context))
    } else {
        // Pack defaults are the same for every unit, so the names written in
        // the profile are the ones that tell it apart.
        let own = names_owned(
            &doc.strings(),
            doc.string_at("unit.name"),
            &doc.string_list("aliases"),
            None,
        );
        Ok((pack, own, Json::Object(serde_json::Map::new())))
    }
}

/// The names a unit owns: place and unit names in its profile, and its
/// `unit.name` whatever its form (明德中学 has no place suffix).
fn identity(validated: &Validated) -> Vec<String> {
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
) -> std::result::Result<String, String> {
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
            format!("输出文件名模式 `--name` 无法填充：{why}")
        })?;
    let mut stem = naming::sanitize(&raw);
    if let Some(v) = variant {
        stem = format!("{stem}-v{v}");
    }
    Ok(stem)
}

fn name_registry(pattern: &str) -> Result<handlebars::Handlebars<'static>> {
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

/// Runs a batch. Returns the manifest (also written to the output folder);
/// an `Err` means nothing was written (bad name pattern, name collisions,
/// existing outputs without `force`, an output folder that cannot be made).
pub fn run(
    specs: &[JobSpec],
    opts: &Options,
    catalog: &Catalog,
    progress: &(dyn Fn(&JobReport) + Sync),
) -> Result<Manifest> {
    let started = Instant::now();
    let pattern = name_registry(&opts.name)?;
    let engines = Engines::default();
    let variants = opts.variants.max(1);
    let jobs: Vec<(usize, Option<u32>, u64)> = (0..specs.len())
        .flat_map(|s| {
            (0..variants).map(move |v| {
                let variant = (variants > 1).then_some(v + 1);
                (s, variant, opts.seed.wrapping_add(u64::from(v)))
            })
        })
        .collect();

    // Pass 1: names. Validating here costs a second validation per job; it
    // is needed when names use profile data, and under `fail_fast`, which
    // should stop before anything is written when any profile is bad.
    let validate = opts.fail_fast || pattern_needs_profile(&opts.name);
    let budget = TextBudget::new();
    let first = FirstPass {
        specs,
        opts,
        catalog,
        engines: &engines,
        pattern: &pattern,
        validate,
        budget: &budget,
        names: &memo::Store::new(NAMES_KEPT),
    };
    // Jobs are grouped by profile (its variants follow it).
    let mut planned: Vec<Planned> = jobs
        .par_chunks(variants as usize)
        .flat_map_iter(|group| plan(group, &first))
        .collect();
    check_engines(&mut planned, catalog, &engines);
    preflight(specs, &planned, opts)?;
    std::fs::create_dir_all(&opts.out_dir).map_err(|source| Error::Write {
        path: opts.out_dir.clone(),
        source,
    })?;
    // Held until the batch returns: a second batch into this folder is refused.
    let _lock = crate::output::FolderLock::take(&opts.out_dir)?;
    crate::output::remove_stale_temporaries(&opts.out_dir);

    // Every name some unit owns, to find it in the others' speeches.
    let costs = Costs::default();
    let owners = Costs::time(&costs.contamination, || {
        let mut owners: Vec<String> = planned
            .iter()
            .flat_map(|p| p.identity.iter().cloned())
            .collect();
        owners.sort();
        owners.dedup();
        owners
    });
    let stop = AtomicBool::new(opts.fail_fast && planned.iter().any(|p| p.stem.is_err()));
    // Every check of pass 2 needs the automaton (about 17 ms at 10,000 units);
    // meanwhile the other core reads and validates pass 2's first profiles.
    let per_profile = variants as usize;
    let built = AtomicBool::new(stop.load(Ordering::Relaxed));
    let (automaton, preloaded) = rayon::join(
        || {
            let automaton = Costs::time(&costs.contamination, || {
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&owners)
            });
            built.store(true, Ordering::Release);
            automaton
        },
        || {
            let first = FirstGroups {
                specs,
                opts,
                catalog,
                engines: &engines,
            };
            first.load_until(&mut planned, per_profile, &built)
        },
    );
    let automaton = automaton
        .map_err(|e| Error::Render(Box::new(Diagnostic::new(format!("无法建立名称索引：{e}")))))?;
    let memo = memo::Memo::new(&automaton, memo::CAPACITY, &owners);

    // Pass 2: render, check, write.
    // Files are written by one thread while the others render: creating files
    // in one folder from several threads only makes them wait on its lock.
    // Outputs travel in bundles (see `Outbox`); a few in flight are enough
    // to keep the writer busy.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Output>>(4);
    let write_errors: Mutex<Vec<(usize, String, String)>> = Mutex::new(Vec::new());
    type Results = (
        Vec<JobReport>,
        (Vec<Option<similarity::Signature>>, Vec<Vec<u8>>),
    );
    let (mut reports, (signatures, mut entries)): Results = std::thread::scope(|scope| {
        scope.spawn(|| {
            let folder = crate::output::Folder::open(&opts.out_dir);
            for out in rx.into_iter().flatten() {
                if let Err(e) = folder.write(&out.file, &out.bytes, opts.force) {
                    let mut errors = write_errors
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    errors.push((out.job, out.file, error_text(&e)));
                }
            }
        });
        // Consumed, so that each job's names are freed when it is done; a
        // profile's variants go together, so that it is read once for all.
        let results = planned
            .into_par_iter()
            .chunks(per_profile)
            .enumerate()
            .map_init(
                || Outbox::new(&tx),
                |outbox, (g, group)| {
                    let mut loaded = preloaded.get(g).and_then(|slot| {
                        slot.lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner)
                            .take()
                    });
                    let mut results = Vec::with_capacity(group.len());
                    for (k, p) in group.into_iter().enumerate() {
                        let mut job = Job {
                            index: g * per_profile + k,
                            planned: p,
                            specs,
                            opts,
                            catalog,
                            engines: &engines,
                            tally: Tally::default(),
                        };
                        let (mut report, signature) =
                            run_job(&mut job, &mut loaded, &memo, &owners, &stop, outbox);
                        costs.add(&job.tally);
                        if report.status == Status::Failed && opts.fail_fast {
                            stop.store(true, Ordering::Relaxed);
                        }
                        report.minutes = (report.minutes * 10.0).round() / 10.0;
                        // Its manifest entry now, on this core, rather than
                        // all of them after the last job.
                        let entry = manifest_entry(&report);
                        progress(&report);
                        results.push((report, (signature, entry)));
                    }
                    results
                },
            )
            .flat_map_iter(Vec::into_iter)
            .unzip();
        drop(tx);
        results
    });
    for (job, file, error) in write_errors
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
    {
        let report = &mut reports[job];
        report.status = Status::Failed;
        report.outputs.retain(|f| *f != file);
        report.error = Some(error);
        entries[job] = manifest_entry(report);
    }

    // Pass 3: near-duplicates.
    let pairs = Costs::time(&costs.similarity, || {
        similarity::similar_pairs(&signatures, opts.max_similarity)
    });
    let similar: Vec<SimilarPair> = pairs
        .into_par_iter()
        .map(|pair| SimilarPair {
            a: reports[pair.a].name.clone().unwrap_or_default(),
            b: reports[pair.b].name.clone().unwrap_or_default(),
            similarity: (pair.similarity * 100.0).round() / 100.0,
        })
        .collect();
    let count = |s: Status| reports.iter().filter(|r| r.status == s).count();
    let summary = Summary {
        jobs: reports.len(),
        ok: count(Status::Ok),
        failed: count(Status::Failed),
        skipped: count(Status::Skipped),
        files: reports.iter().map(|r| r.outputs.len()).sum(),
        seconds: (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0,
        max_similarity: opts.max_similarity,
        contamination_seconds: Costs::seconds(&costs.contamination),
        similarity_seconds: Costs::seconds(&costs.similarity),
        fallbacks: engines.fallbacks(),
    };
    let mut manifest = Manifest {
        generator: format!("jianghua {}", env!("CARGO_PKG_VERSION")),
        jobs: reports,
        similar,
        summary,
        write_error: None,
    };
    let written = crate::output::write_file_with(&opts.out_dir.join(MANIFEST), true, false, |w| {
        // Megabytes at 10,000 jobs: a larger buffer than the default 8 KB
        // makes a few dozen writes of it instead of hundreds.
        let mut w = std::io::BufWriter::with_capacity(256 << 10, w);
        write_manifest(&mut w, &manifest, &entries)?;
        w.write_all(b"\n")?;
        w.flush()
    });
    manifest.write_error = written.err().map(|e| error_text(&e));
    Ok(manifest)
}

/// `serde_json::to_writer_pretty(w, manifest)`, byte for byte, given each
/// job's [`manifest_entry`], which pass 2 renders on all cores as the jobs
/// end. The two long lists (at 10,000 jobs, megabytes each) are the text of
/// the entries and of the similar pairs, rendered on all cores; one thread
/// took about as long on each as on the similarity report. The rest is
/// rendered by `serde_json` with both lists empty, and the lists go in where
/// its empty ones are.
fn write_manifest(
    w: &mut impl Write,
    manifest: &Manifest,
    entries: &[Vec<u8>],
) -> std::io::Result<()> {
    #[derive(Serialize)]
    struct Envelope<'a> {
        generator: &'a str,
        jobs: [(); 0],
        similar: [(); 0],
        summary: &'a Summary,
    }
    debug_assert_eq!(entries.len(), manifest.jobs.len());
    /// Between two items of a list, two levels deep.
    const ITEMS: &str = ",\n    ";
    // Pairs are small: rendered in runs, each run into one buffer.
    let similar: Vec<Vec<u8>> = manifest
        .similar
        .par_chunks(1024)
        .map(|run| {
            let mut text = Vec::with_capacity(run.len() * 96);
            let mut scratch = Vec::with_capacity(256);
            for (i, pair) in run.iter().enumerate() {
                if i > 0 {
                    text.extend_from_slice(ITEMS.as_bytes());
                }
                manifest_entry_into(&mut text, &mut scratch, pair);
            }
            text
        })
        .collect();
    let envelope = serde_json::to_string_pretty(&Envelope {
        generator: &manifest.generator,
        jobs: [],
        similar: [],
        summary: &manifest.summary,
    })?;
    // Keys after a line break: a line break in a string is escaped, so
    // nothing in a string matches.
    let empty_at = |key: &str| {
        let empty = format!("\n  \"{key}\": []");
        envelope
            .find(&empty)
            .map(|at| at + empty.len() - 1)
            .ok_or_else(|| std::io::Error::other(format!("manifest without a {key} list")))
    };
    let (jobs_at, similar_at) = (empty_at("jobs")?, empty_at("similar")?);
    // Each piece holds one or more items, joined.
    let list = |w: &mut dyn Write, pieces: &[Vec<u8>]| {
        for (i, piece) in pieces.iter().enumerate() {
            w.write_all(if i == 0 { b"\n    " } else { ITEMS.as_bytes() })?;
            w.write_all(piece)?;
        }
        if !pieces.is_empty() {
            w.write_all(b"\n  ")?;
        }
        std::io::Result::Ok(())
    };
    let bytes = envelope.as_bytes();
    w.write_all(&bytes[..jobs_at])?;
    list(w, entries)?;
    w.write_all(&bytes[jobs_at..similar_at])?;
    list(w, &similar)?;
    w.write_all(&bytes[similar_at..])
}

/// An item of a list in `manifest.json` (a job, a similar pair) as
/// `serde_json::to_string_pretty` of the manifest writes it.
fn manifest_entry(item: &impl Serialize) -> Vec<u8> {
    let mut text = Vec::with_capacity(512);
    manifest_entry_into(&mut text, &mut Vec::with_capacity(512), item);
    text
}

/// [`manifest_entry`], added to `out`; `scratch` is room to reuse. An item
/// is two levels deep: every line after its first moves in by four spaces
/// (JSON text breaks lines only between tokens, never in a string).
fn manifest_entry_into(out: &mut Vec<u8>, scratch: &mut Vec<u8>, item: &impl Serialize) {
    scratch.clear();
    serde_json::to_writer_pretty(&mut *scratch, item)
        .expect("a report is plain data with string keys, which always serializes");
    let mut from = 0;
    for at in memchr::memchr_iter(b'\n', scratch) {
        out.extend_from_slice(&scratch[from..=at]);
        out.extend_from_slice(b"    ");
        from = at + 1;
    }
    out.extend_from_slice(&scratch[from..]);
}

/// Refuses, before anything is written, name collisions and (without
/// `force`) outputs that already exist.
fn preflight(specs: &[JobSpec], planned: &[Planned], opts: &Options) -> Result<()> {
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
                    specs[planned[first].spec].profile.display(),
                    specs[p.spec].profile.display()
                ))
                .hint("用 --name 加入能区分它们的字段，例如 --name '{{unit.name}}-{{file}}'"),
            ),
            _ => {}
        }
    }
    // Nothing can be in the way in a folder that does not exist yet.
    if !opts.force && opts.out_dir.symlink_metadata().is_ok() {
        let mut targets: Vec<PathBuf> = planned
            .iter()
            .filter_map(|p| p.stem.as_ref().ok())
            .flat_map(|stem| {
                opts.formats
                    .iter()
                    .map(move |f| opts.out_dir.join(format!("{stem}.{}", f.extension())))
            })
            .collect();
        targets.push(opts.out_dir.join(MANIFEST));
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
                .hint("加 --force 覆盖，或用 -o 换一个输出文件夹"),
            );
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Batch(problems))
    }
}

/// A file for the writer thread.
struct Output {
    job: usize,
    /// A name in the output folder.
    file: String,
    bytes: Vec<u8>,
}

/// A worker's outputs on their way to the writer thread, sent in bundles:
/// a send that wakes a sleeping writer costs more than writing a small file,
/// so one wake-up serves many files. What is left is sent when the worker's
/// share of the batch ends (on drop).
struct Outbox<'a> {
    tx: &'a std::sync::mpsc::SyncSender<Vec<Output>>,
    files: Vec<Output>,
    bytes: usize,
}

impl<'a> Outbox<'a> {
    /// A bundle is sent at this many files or bytes, whichever comes first:
    /// small enough that a few bundles in flight stay a few megabytes.
    const FILES: usize = 32;
    const BYTES: usize = 1 << 20;

    fn new(tx: &'a std::sync::mpsc::SyncSender<Vec<Output>>) -> Self {
        Self {
            tx,
            files: Vec::new(),
            bytes: 0,
        }
    }

    /// Queues a file; `false` when the writer thread has stopped.
    fn push(&mut self, out: Output) -> bool {
        self.bytes += out.bytes.len();
        self.files.push(out);
        if self.files.len() >= Self::FILES || self.bytes >= Self::BYTES {
            return self.flush();
        }
        true
    }

    fn flush(&mut self) -> bool {
        self.bytes = 0;
        let files = std::mem::take(&mut self.files);
        files.is_empty() || self.tx.send(files).is_ok()
    }
}

impl Drop for Outbox<'_> {
    fn drop(&mut self) {
        // A writer that stopped has already failed the batch; nothing to add.
        self.flush();
    }
}

/// What loading a profile for pass 2 needs.
struct FirstGroups<'a> {
    specs: &'a [JobSpec],
    opts: &'a Options,
    catalog: &'a Catalog,
    engines: &'a Engines,
}

impl FirstGroups<'_> {
    /// Loads the profiles of the first groups of `planned` (a profile and its
    /// variants) as pass 2 would, one after another until `done`: each slot
    /// is the [`Loaded`] of its group, for the group's first job to take.
    fn load_until(
        &self,
        planned: &mut [Planned],
        per_profile: usize,
        done: &AtomicBool,
    ) -> Vec<Mutex<Option<Loaded>>> {
        let mut loaded = Vec::new();
        for group in planned.chunks_mut(per_profile.max(1)) {
            if done.load(Ordering::Acquire) {
                break;
            }
            let first = &mut group[0];
            let spec = &self.specs[first.spec];
            let source = first.source.take();
            let this = load(spec, source, self.opts, self.catalog, self.engines);
            loaded.push(Mutex::new(Some(this)));
        }
        loaded
    }
}

/// One job of pass 2 and what it needs.
struct Job<'a> {
    index: usize,
    planned: Planned,
    specs: &'a [JobSpec],
    opts: &'a Options,
    catalog: &'a Catalog,
    engines: &'a Engines,
    tally: Tally,
}

/// A profile read and validated for pass 2, or why it could not be.
type Loaded = std::result::Result<(String, Arc<Engine>, Validated), String>;

/// Pass 2 for one job. `loaded` is the job's profile once any variant of it
/// has read it (the variants of a profile run one after another).
fn run_job(
    job: &mut Job<'_>,
    loaded: &mut Option<Loaded>,
    memo: &memo::Memo<'_>,
    owners: &[String],
    stop: &AtomicBool,
    outbox: &mut Outbox<'_>,
) -> (JobReport, Option<similarity::Signature>) {
    let source = job.planned.source.take();
    let (p, opts) = (&job.planned, job.opts);
    let spec = &job.specs[p.spec];
    let mut report = JobReport {
        profile: spec.profile.display().to_string(),
        pack: p.pack.clone(),
        seed: p.seed,
        variant: p.variant,
        name: p.stem.as_ref().ok().cloned(),
        outputs: Vec::new(),
        chars: 0,
        minutes: 0.0,
        findings: Vec::new(),
        status: Status::Failed,
        error: None,
    };
    let stem = match &p.stem {
        Ok(stem) => stem.clone(),
        Err(e) => {
            report.error = Some(e.clone());
            return (report, None);
        }
    };
    if stop.load(Ordering::Relaxed) {
        report.status = Status::Skipped;
        return (report, None);
    }
    let (engine, validated) =
        match loaded.get_or_insert_with(|| load(spec, source, opts, job.catalog, job.engines)) {
            Ok((_, engine, validated)) => (Arc::clone(engine), validated),
            Err(e) => {
                report.error = Some(e.clone());
                return (report, None);
            }
        };
    let speech = match engine.render_seeded_mut(validated, p.seed) {
        Ok(speech) => speech,
        Err(e) => {
            report.error = Some(error_text(&e));
            return (report, None);
        }
    };
    let doc = Document::from_speech(format!("{stem}（{}）", spec.profile.display()), &speech);
    let facts: Vec<Arc<memo::Facts>> = doc
        .paras
        .iter()
        .map(|para| memo.facts(para, &job.tally))
        .collect();
    let scans: Vec<&check::Scan> = facts.iter().map(|f| &f.scan).collect();
    let check_options = validated.check_options(opts.rate);
    let mut findings = check::run_scanned(&doc, &scans, &check_options);
    let foreign = Tally::time(&job.tally.contamination, || {
        let declared = check_options.known_names.as_deref().unwrap_or_default();
        contamination(&doc, &facts, declared, owners, &p.identity)
    });
    // Another unit of the batch is J204; its J201 at the same place says less.
    findings.retain(|f| {
        f.code != "J201"
            || !foreign
                .iter()
                .any(|g| g.paragraph == f.paragraph && g.column == f.column)
    });
    findings.extend(foreign);
    check::origin::attribute(
        &mut findings,
        &doc,
        &check::origin::pack_files(engine.pack()),
        &validated.sites,
    );
    let (chars, spoken, signature) = Tally::time(&job.tally.similarity, || measure(&facts));
    let signature = Some(signature);
    report.chars = chars;
    report.minutes = spoken as f64 / f64::from(opts.rate.max(1));
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    report.findings = findings;
    if errors > 0 && !opts.allow_findings {
        report.error = Some(format!("检查发现 {errors} 个错误，未写出"));
        return (report, signature);
    }
    for format in &opts.formats {
        let file = format!("{stem}.{}", format.extension());
        let written = format.write(&speech);
        let bytes = match written {
            Ok(bytes) => bytes,
            Err(e) => {
                report.error = Some(error_text(&e));
                return (report, None);
            }
        };
        if !outbox.push(Output {
            job: job.index,
            file: file.clone(),
            bytes,
        }) {
            report.error = Some("写文件的线程已停止".to_owned());
            return (report, None);
        }
        report.outputs.push(file);
    }
    report.status = Status::Ok;
    (report, signature)
}

/// Characters (字数), spoken characters and the similarity signature of a
/// checked speech, from its paragraphs' facts: the .txt file adds only white
/// space.
fn measure(facts: &[Arc<memo::Facts>]) -> (usize, usize, similarity::Signature) {
    let mut signer = similarity::Signer::default();
    let (mut chars, mut spoken) = (0, 0);
    for f in facts {
        chars += f.chars;
        spoken += f.scan.spoken();
        signer.merge(&f.piece);
    }
    (chars, spoken, signer.finish())
}

/// J204: another unit of this batch named in this unit's speech.
fn contamination(
    doc: &Document,
    facts: &[Arc<memo::Facts>],
    declared: &[String],
    owners: &[String],
    mine: &[String],
) -> Vec<Finding> {
    // The profile's own text values (as the checks were given them) and the
    // names it owns: a name found in them is this unit's, not another's.
    // Joined only when some name was found, which in a clean batch is never.
    let mut own: Option<String> = None;
    let mut out = Vec::new();
    for (p, f) in facts.iter().enumerate() {
        for &(pattern, start) in &f.hits {
            let name = &owners[pattern];
            let own = own.get_or_insert_with(|| {
                declared
                    .iter()
                    .chain(mine)
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join("\u{1F}")
            });
            if own.contains(name.as_str()) {
                continue;
            }
            out.push(doc.finding(
                p,
                start,
                name.chars().count(),
                Severity::Error,
                "J204",
                format!("出现了本批次中另一个单位的名称 `{name}`"),
                Some("多半是模板或共用配置里写死了某个单位的名称；改为变量".to_owned()),
            ));
        }
    }
    out
}

/// Expands command-line inputs: files as they are, folders to the `*.toml`
/// files in them, anything else as a glob pattern. Sorted, without repeats.
pub fn expand_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let entries = std::fs::read_dir(input).map_err(|source| Error::Read {
                path: input.clone(),
                source,
            })?;
            // The entry's type comes with the listing; following a symbolic
            // link costs one more call, only for links.
            let mut files: Vec<std::ffi::OsString> = entries
                .flatten()
                .filter(|e| match e.file_type() {
                    Ok(t) if t.is_symlink() => e.path().is_file(),
                    Ok(t) => t.is_file(),
                    Err(_) => false,
                })
                .map(|e| e.file_name())
                .filter(|name| Path::new(name).extension().is_some_and(|e| e == "toml"))
                .collect();
            // By name: the same order as sorting the paths (they share the
            // folder), without comparing them component by component.
            files.sort_unstable();
            out.extend(files.into_iter().map(|name| input.join(name)));
        } else if input.exists() {
            out.push(input.clone());
        } else {
            let pattern = input.to_string_lossy();
            let matches: Vec<PathBuf> = glob::glob(&pattern)
                .map_err(|e| {
                    Error::Batch(vec![Diagnostic::new(format!(
                        "无效的通配符 `{pattern}`：{e}"
                    ))])
                })?
                .flatten()
                .filter(|p| p.is_file())
                .collect();
            if matches.is_empty() {
                return Err(Error::Read {
                    path: input.clone(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        "没有这个文件，也没有匹配的文件",
                    ),
                });
            }
            out.extend(matches);
        }
    }
    // The same file named twice (a folder and a glob over it) runs once. One
    // folder or one glob cannot name a file twice.
    if inputs.len() > 1 {
        let mut seen = std::collections::HashSet::new();
        out.retain(|p| seen.insert(p.components().collect::<PathBuf>()));
    }
    Ok(out)
}

/// Paths relative to `base` (a plan file's folder), absolute ones as they are.
pub fn relative_to(base: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_owned()
    } else {
        base.join(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_groups_load_as_pass_two_would_until_told_to_stop() {
        let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let specs: Vec<JobSpec> = ["qingshan-jiedao.toml", "no-such-profile.toml"]
            .into_iter()
            .map(|f| JobSpec {
                profile: examples.join(f),
                template: None,
            })
            .collect();
        let opts = Options::default();
        let catalog = Catalog::new(Vec::new()).unwrap();
        let engines = Engines::default();
        // Two profiles with two variants each; the first kept its text.
        let mut planned: Vec<Planned> = (0..4)
            .map(|i| Planned {
                spec: i / 2,
                variant: Some(i as u32 % 2 + 1),
                seed: i as u64,
                pack: None,
                stem: Ok(format!("稿{i}")),
                identity: Vec::new(),
                source: (i == 0).then(|| Source::read(&specs[0].profile).unwrap()),
                checked: false,
            })
            .collect();
        let first = FirstGroups {
            specs: &specs,
            opts: &opts,
            catalog: &catalog,
            engines: &engines,
        };
        let done = AtomicBool::new(true);
        assert!(first.load_until(&mut planned, 2, &done).is_empty());
        assert!(planned[0].source.is_some());
        done.store(false, Ordering::Relaxed);
        let loaded = first.load_until(&mut planned, 2, &done);
        assert_eq!(loaded.len(), 2);
        assert!(planned.iter().all(|p| p.source.is_none()));
        let take = |i: usize| loaded[i].lock().unwrap().take().unwrap();
        let lazily = load(&specs[0], None, &opts, &catalog, &engines).unwrap();
        let (pack, _, validated) = take(0).unwrap();
        assert_eq!(pack, lazily.0);
        assert_eq!(format!("{validated:?}"), format!("{:?}", lazily.2));
        // A profile that cannot be read fails its jobs with the same message.
        let missing = load(&specs[1], None, &opts, &catalog, &engines).err();
        assert!(missing.is_some());
        assert_eq!(take(1).err(), missing);
    }

    #[test]
    fn the_manifest_reads_as_serde_json_writes_it() {
        let doc = Document::from_paragraphs(
            "d",
            vec![
                "**街道召开\"动员\"会，讲三点意见。".to_owned(),
                "同志们：\t".to_owned(),
            ],
        );
        let findings = check::run(&doc, &check::Options::default());
        assert!(!findings.is_empty());
        let job = |n: u32, findings: Vec<Finding>, error: Option<&str>| JobReport {
            profile: format!("甲/{n}.toml"),
            pack: (n == 0).then(|| "dongyuan".to_owned()),
            seed: u64::from(n),
            variant: (n > 0).then_some(n),
            name: Some(format!("第{n}篇")),
            outputs: vec![format!("第{n}篇.txt"), format!("第{n}篇.docx")],
            chars: 3000,
            minutes: 12.5,
            findings,
            status: if error.is_some() {
                Status::Failed
            } else {
                Status::Ok
            },
            error: error.map(str::to_owned),
        };
        let mut manifest = Manifest {
            generator: "jianghua 测试".to_owned(),
            jobs: vec![
                job(0, findings, None),
                job(1, Vec::new(), Some("坏了：\"x\"\n")),
            ],
            // More than a run of pairs (rendered apart), some names quoted.
            similar: (0..2500)
                .map(|i| SimilarPair {
                    a: format!("甲{i}"),
                    b: if i % 7 == 0 {
                        format!("\"乙\"\n{i}")
                    } else {
                        format!("乙{i}")
                    },
                    similarity: 0.85 + f64::from(i % 15) / 100.0,
                })
                .collect(),
            summary: Summary {
                jobs: 2,
                ok: 1,
                failed: 1,
                skipped: 0,
                files: 2,
                seconds: 0.25,
                max_similarity: 0.85,
                contamination_seconds: 0.001,
                similarity_seconds: 0.002,
                fallbacks: 0,
            },
            write_error: None,
        };
        // Both lists full, one of them, a list of one, none.
        for round in 0..4 {
            let mut ours = Vec::new();
            let entries: Vec<Vec<u8>> = manifest.jobs.iter().map(manifest_entry).collect();
            write_manifest(&mut ours, &manifest, &entries).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                serde_json::to_string_pretty(&manifest).unwrap(),
                "round {round}"
            );
            match round {
                0 => manifest.jobs.clear(),
                1 => manifest.similar.truncate(1),
                _ => manifest.similar.clear(),
            }
        }
    }

    #[test]
    fn engines_being_built_are_checked_when_the_first_pass_ends() {
        let catalog = Catalog::new(Vec::new()).unwrap();
        let engines = Engines::default();
        // Another thread has started on it: the first pass does not wait.
        engines
            .cell("没有这个包")
            .claimed
            .store(true, Ordering::Relaxed);
        assert!(engines.try_get(&catalog, "没有这个包").is_none());
        let planned = |pack: &str| Planned {
            spec: 0,
            variant: None,
            seed: 0,
            pack: Some(pack.to_owned()),
            stem: Ok("甲".to_owned()),
            identity: vec!["甲街道".to_owned()],
            source: None,
            checked: false,
        };
        let mut ps = vec![planned("没有这个包"), planned("biaozhang")];
        check_engines(&mut ps, &catalog, &engines);
        assert!(ps[0].stem.as_ref().unwrap_err().contains("没有这个包"));
        assert!(ps[0].pack.is_none() && ps[0].identity.is_empty());
        assert_eq!(ps[1].stem.as_deref(), Ok("甲"));
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

    /// Profile texts are kept while the budget lasts, then no more: a
    /// larger batch reads them again rather than holding them all.
    #[test]
    fn kept_texts_stay_within_the_budget() {
        let budget = TextBudget::new();
        let text = "x".repeat(1000);
        let fits = (0..KEEP_BYTES)
            .map_while(|i| budget.keep(Source::new(format!("p{i:05}"), text.clone())))
            .count();
        assert_eq!(fits, KEEP_BYTES / 1006);
        assert!(
            budget
                .keep(Source::new("p", "x".repeat(KEEP_BYTES)))
                .is_none()
        );
        let room = budget.0.load(Ordering::Relaxed);
        assert!(room < 1006, "{room}");
        assert!(budget.keep(Source::new("", "y".repeat(room))).is_some());
    }

    #[test]
    fn outputs_reach_the_writer_in_bundles_and_none_is_left_behind() {
        let output = |job: usize, size: usize| Output {
            job,
            file: format!("{job}.txt"),
            bytes: vec![b'x'; size],
        };
        let (tx, rx) = std::sync::mpsc::sync_channel(16);
        {
            let mut outbox = Outbox::new(&tx);
            for job in 0..70 {
                assert!(outbox.push(output(job, 10)));
            }
            // Large files go sooner: two of 600 KB pass 1 MB.
            for job in 70..73 {
                assert!(outbox.push(output(job, 600 << 10)));
            }
        }
        let bundles: Vec<Vec<Output>> = rx.try_iter().collect();
        let sizes: Vec<usize> = bundles.iter().map(Vec::len).collect();
        assert_eq!(sizes, [32, 32, 8, 1]);
        let jobs: Vec<usize> = bundles.iter().flatten().map(|o| o.job).collect();
        assert_eq!(jobs, (0..73).collect::<Vec<_>>());
        // A writer that is gone is reported at the next bundle.
        drop(rx);
        let mut outbox = Outbox::new(&tx);
        assert!((0..31).all(|job| outbox.push(output(job, 1))));
        assert!(!outbox.push(output(31, 1)));
    }

    #[test]
    fn inputs_are_sorted_and_named_once() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.toml", "a.toml", "a0.toml", "c.txt", "B.toml"] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        std::fs::create_dir(dir.path().join("sub.toml")).unwrap();
        let folder = dir.path().to_owned();
        let names = |paths: Vec<PathBuf>| -> Vec<String> {
            paths
                .iter()
                .map(|p| p.strip_prefix(&folder).unwrap().display().to_string())
                .collect()
        };
        let listed = expand_inputs(std::slice::from_ref(&folder)).unwrap();
        assert_eq!(names(listed), ["B.toml", "a.toml", "a0.toml", "b.toml"]);
        // The folder, a glob over it and one file of it, written another way.
        let inputs = [
            folder.join("a.toml"),
            folder.clone(),
            folder.join("*.toml"),
            folder.join(".").join("b.toml"),
        ];
        let all = expand_inputs(&inputs).unwrap();
        assert_eq!(names(all), ["a.toml", "B.toml", "a0.toml", "b.toml"]);
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

#[cfg(test)]
mod counting_tests {
    use super::*;

    /// The batch counts on the checked paragraphs what `generate` counts on
    /// the speech and its .txt file; both must agree.
    #[test]
    fn paragraph_counts_match_the_text_file() {
        let catalog = Catalog::new(Vec::new()).unwrap();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let examples = expand_inputs(&[dir]).unwrap();
        assert!(examples.len() >= 10);
        for path in examples {
            let doc = ProfileDoc::load(&path).unwrap();
            let pack = catalog.load(&doc.template().unwrap()).unwrap();
            let validated = doc.validate(&pack).unwrap();
            let speech = Engine::new(&pack).unwrap().render(&validated).unwrap();
            let text = String::from_utf8(Format::Txt.write(&speech).unwrap()).unwrap();
            let checked = Document::from_speech("x", &speech);
            let automaton = AhoCorasick::new(["青山街道"]).unwrap();
            let memo = memo::Memo::new(&automaton, memo::CAPACITY, &["青山街道".to_owned()]);
            let facts: Vec<_> = (checked.paras.iter())
                .map(|p| memo.facts(p, &Tally::default()))
                .collect();
            let (chars, spoken, signature) = measure(&facts);
            assert_eq!(chars, speech.char_count());
            assert_eq!(spoken, check::spoken_chars(&text));
            assert_eq!(signature, similarity::signature(&text, &["青山街道"]));
        }
    }

    /// Checks given kept paragraph facts find what checks from scratch find,
    /// in drafts that share paragraphs, with findings of every kind.
    #[test]
    fn kept_paragraph_facts_find_what_a_fresh_check_finds() {
        let paras = [
            "关于**街道开展整治行动的讲话",
            "同志们：",
            "下面，我讲三点意见。",
            "第一，提高认识。",
            "一是抓排查；三是抓整改。",
            "二是抓落实，青山街道要带头，临河县也要跟上。",
            "第三，压实责任。",
            "第二，加强领导。",
            "这件事要抓紧,不能拖延;各單位要重视。",
            "要做好三项工作：一是排查，二是整改。",
            "{{unit.name}}的同志们要把XX月的工作做好。",
            "某某区的经验值得学习。",
            "四、青山路街道要总结经验。",
            "同誌們要共同努力。",
            // Put together from their sentences.
            "青山街道要带头。要抓好三项工作：一是排查，二是整改。三是抓落实。",
            "第二，加强领导。临河县委也要跟上。下面，我讲三点意见。",
        ];
        let automaton = AhoCorasick::new(["青山街道"]).unwrap();
        let memo = memo::Memo::new(&automaton, memo::CAPACITY, &["青山街道".to_owned()]);
        let tally = Tally::default();
        let options = [
            check::Options::default(),
            check::Options {
                known_names: Some(vec!["青山街道".to_owned()]),
                forbid: vec!["拖延".to_owned()],
                prefer: vec![("抓紧".to_owned(), "加紧".to_owned())],
                target: Some(check::Target::Chars(50)),
                rate: 200,
                avoid: vec![("干部群众".to_owned(), "师生".to_owned())],
                register: "学校",
                usual: Some([40, 60]),
            },
        ];
        let mut codes = std::collections::BTreeSet::new();
        // Drafts that share paragraphs in other orders: what a paragraph
        // finds on its own must not depend on its neighbours.
        for start in 0..paras.len() {
            let texts: Vec<String> = (0..paras.len())
                .map(|k| paras[(start + k * 5) % paras.len()].to_owned())
                .collect();
            let doc = Document::from_paragraphs(format!("d{start}"), texts);
            let facts: Vec<_> = doc.paras.iter().map(|p| memo.facts(p, &tally)).collect();
            let scans: Vec<&check::Scan> = facts.iter().map(|f| &f.scan).collect();
            for opts in &options {
                let fresh = check::run(&doc, opts);
                assert_eq!(check::run_scanned(&doc, &scans, opts), fresh);
                codes.extend(fresh.iter().map(|f| f.code));
            }
        }
        let every = [
            "J101", "J102", "J201", "J202", "J203", "J301", "J302", "J303", "J401", "J402", "J501",
            "J601", "J602",
        ];
        assert_eq!(codes, every.into_iter().collect(), "codes found");
    }
}
