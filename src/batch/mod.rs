//! Batch: many profiles, many variants, in parallel, reproducibly.
//!
//! Three passes. The first (`first.rs`) reads every profile and works out
//! its output names and the names it owns; nothing is written unless every
//! output name is unique and (without `--force`) free. The second renders,
//! checks and writes each job (`job.rs`) on all cores, one job in memory per
//! core, and compares every output with the other units' names; one thread
//! writes the files (`outbox.rs`). The third finds near-duplicate outputs
//! with MinHash ([`similarity`]). A failed job stops nothing (unless
//! `fail_fast`) and is listed in the [`Manifest`].

mod costs;
pub(crate) mod engines;
mod first;
mod inputs;
mod job;
mod memo;
pub mod naming;
mod outbox;
pub mod plan;
mod report;
pub mod similarity;

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use aho_corasick::{AhoCorasick, MatchKind};
use rayon::prelude::*;

use crate::check;
use crate::error::{Diagnostic, Error, Result};
use crate::pack::Catalog;
use crate::writer::Format;
use costs::{Costs, Tally};
use engines::Engines;
use first::{Budget, FirstPass, NAMES_KEPT, Planned};
use job::{Batchwide, Job, Loader};

pub use inputs::{expand_inputs, relative_to};
pub use report::{
    JobError, JobReport, MANIFEST, Manifest, SimilarPair, Status, Summary, error_text,
};

/// The default output name: the profile's file name without `.toml`.
pub const DEFAULT_NAME: &str = "{{file}}";
/// Outputs at least this similar (the estimated share of sentences they
/// have in common, the units' names masked) are reported: half the sentences
/// the same is what a reviewer calls a copy.
pub const DEFAULT_MAX_SIMILARITY: f64 = 0.5;

/// Jobs a batch runs without `--yes`: more is usually a wrong folder or glob.
pub const MAX_JOBS: usize = 20_000;

/// One profile to render (each becomes `variants` jobs).
#[derive(Debug, Clone)]
pub struct JobSpec {
    /// The profile file; for a spreadsheet row, the name its outputs take
    /// (`街道-3` beside the sheet).
    pub profile: PathBuf,
    /// A pack for this profile; otherwise the batch's, otherwise the profile's own.
    pub template: Option<String>,
    /// A profile already read (a spreadsheet row), used instead of the file.
    pub row: Option<std::sync::Arc<crate::profile::ProfileDoc>>,
}

/// Two jobs are the same when they name the same file and pack, and read
/// the same row (the same one, not an equal one).
impl PartialEq for JobSpec {
    fn eq(&self, other: &Self) -> bool {
        self.profile == other.profile
            && self.template == other.template
            && match (&self.row, &other.row) {
                (None, None) => true,
                (Some(a), Some(b)) => std::sync::Arc::ptr_eq(a, b),
                _ => false,
            }
    }
}

impl Eq for JobSpec {}

impl JobSpec {
    /// The job of a profile file.
    pub fn file(profile: PathBuf) -> Self {
        Self {
            profile,
            template: None,
            row: None,
        }
    }

    /// How reports name the profile: its path, or the row (`街道.xlsx 第3行`).
    pub fn label(&self) -> String {
        match &self.row {
            Some(doc) => doc.name.clone(),
            None => self.profile.display().to_string(),
        }
    }

    /// The profile and the size of its text (for the first pass's budget).
    pub(crate) fn read(&self) -> Result<(crate::profile::ProfileDoc, usize)> {
        if let Some(doc) = &self.row {
            let size = doc.strings().iter().map(String::len).sum();
            return Ok(((**doc).clone(), size));
        }
        let source = crate::source::Source::read(&self.profile)?;
        let size = source.text.len();
        Ok((
            crate::profile::ProfileDoc::from_source(source, Some(&self.profile))?,
            size,
        ))
    }
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
    /// Leave a job whose outputs all exist (a rerun after an interruption);
    /// the others run as usual.
    pub skip_existing: bool,
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
            skip_existing: false,
            fail_fast: false,
            allow_findings: false,
            max_similarity: DEFAULT_MAX_SIMILARITY,
            rate: check::DEFAULT_RATE,
        }
    }
}

/// Pass 1: read every profile, name every output, and check before
/// anything is written (names, existing files, engines).
fn first_pass(
    loader: Loader<'_>,
    pattern: &handlebars::Handlebars<'static>,
    validate: bool,
) -> Result<Vec<Planned>> {
    let (specs, opts) = (loader.specs, loader.opts);
    let first = FirstPass {
        loader,
        pattern,
        validate,
        budget: &Budget::new(),
        names: &memo::Store::new(NAMES_KEPT),
    };
    // Jobs are grouped by profile (its variants follow it).
    let mut planned: Vec<Planned> = jobs(specs.len(), opts)
        .par_chunks(opts.variants.max(1) as usize)
        .flat_map_iter(|group| first.plan(group))
        .collect();
    first::check_engines(&mut planned, loader.catalog, loader.engines);
    if opts.skip_existing {
        first::mark_existing(&mut planned, opts);
    }
    first::preflight(specs, &planned, opts)?;
    Ok(planned)
}

/// One job of a dry run: what it would write, or why it cannot run.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DryJob {
    pub profile: String,
    pub pack: Option<String>,
    pub variant: Option<u32>,
    /// File names in the output folder.
    pub outputs: Vec<String>,
    /// The outputs are there already and `skip_existing` leaves them.
    pub skipped: bool,
    pub error: Option<String>,
}

/// What `run` would do, without writing anything: every profile read and
/// validated against its pack, every output named, and the checks made
/// before starting (name collisions, existing files) made the same way.
pub fn dry_run(specs: &[JobSpec], opts: &Options, catalog: &Catalog) -> Result<Vec<DryJob>> {
    let pattern = first::name_registry(&opts.name)?;
    let engines = Engines::default();
    let loader = Loader {
        specs,
        opts,
        catalog,
        engines: &engines,
    };
    let planned = first_pass(loader, &pattern, true)?;
    Ok(planned
        .iter()
        .map(|p| DryJob {
            profile: specs[p.spec].label(),
            pack: p.pack.clone(),
            variant: p.variant,
            outputs: match &p.stem {
                Ok(stem) => opts
                    .formats
                    .iter()
                    .map(|f| format!("{stem}.{}", f.extension()))
                    .collect(),
                Err(_) => Vec::new(),
            },
            skipped: p.exists,
            error: p.stem.as_ref().err().map(ToString::to_string),
        })
        .collect())
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
    let pattern = first::name_registry(&opts.name)?;
    let engines = Engines::default();
    let per_profile = opts.variants.max(1) as usize;
    let loader = Loader {
        specs,
        opts,
        catalog,
        engines: &engines,
    };
    let validate = opts.fail_fast || first::pattern_needs_profile(&opts.name);
    let mut planned = first_pass(loader, &pattern, validate)?;
    std::fs::create_dir_all(&opts.out_dir).map_err(|source| Error::Write {
        path: opts.out_dir.clone(),
        source,
    })?;
    // Held until the batch returns: a second batch into this folder is refused.
    let _lock = crate::output::FolderLock::take(&opts.out_dir)?;
    crate::output::remove_stale_temporaries(&opts.out_dir);

    // Every name some unit owns, to find it in the others' speeches. The
    // automaton is built on one core while the other loads pass 2's first
    // profiles.
    let costs = Costs::default();
    let owners = Costs::time(&costs.contamination, || owners(&planned));
    let stop = AtomicBool::new(opts.fail_fast && planned.iter().any(|p| p.stem.is_err()));
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
        || loader.load_until(&mut planned, per_profile, &built),
    );
    let automaton = automaton
        .map_err(|e| Error::Render(Box::new(Diagnostic::new(format!("无法建立名称索引：{e}")))))?;
    let memo = memo::Memo::new(&automaton, memo::CAPACITY, &owners);
    let batch = Batchwide {
        memo: &memo,
        owners: &owners,
        stop: &stop,
    };

    // Pass 2: render, check, write. Outputs travel to the writer thread in
    // bundles; a few in flight keep it busy.
    let (tx, rx) = std::sync::mpsc::sync_channel(4);
    let write_errors = Mutex::new(Vec::new());
    let (mut reports, signatures): (Vec<JobReport>, Vec<Option<similarity::Signature>>) =
        std::thread::scope(|scope| {
            scope.spawn(|| outbox::write_all(rx, &opts.out_dir, opts.force, &write_errors));
            // Consumed, so that each job's names are freed when it is done; a
            // profile's variants go together, so that it is loaded once for all.
            let results = planned
                .into_par_iter()
                .chunks(per_profile)
                .enumerate()
                .map_init(
                    || outbox::Outbox::new(&tx),
                    |outbox, (g, group)| {
                        let mut loaded = preloaded.get(g).and_then(|slot| {
                            slot.lock()
                                .unwrap_or_else(std::sync::PoisonError::into_inner)
                                .take()
                        });
                        let mut results = Vec::with_capacity(group.len());
                        for (k, planned) in group.into_iter().enumerate() {
                            let mut job = Job {
                                index: g * per_profile + k,
                                planned,
                                tally: Tally::default(),
                            };
                            let (mut report, signature) =
                                job.run(&loader, &mut loaded, &batch, outbox);
                            costs.add(&job.tally);
                            if report.status == Status::Failed && opts.fail_fast {
                                stop.store(true, Ordering::Relaxed);
                            }
                            report.minutes = (report.minutes * 10.0).round() / 10.0;
                            progress(&report);
                            results.push((report, signature));
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
        report.error = Some(JobError::Write(std::sync::Arc::new(error)));
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
        files: reports
            .iter()
            .filter(|r| r.status != Status::Skipped)
            .map(|r| r.outputs.len())
            .sum(),
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
    manifest.write_into(&opts.out_dir);
    Ok(manifest)
}

/// Every job of a batch: each spec's variants, each with its seed.
fn jobs(specs: usize, opts: &Options) -> Vec<(usize, Option<u32>, u64)> {
    let variants = opts.variants.max(1);
    (0..specs)
        .flat_map(|s| {
            (0..variants).map(move |v| {
                let variant = (variants > 1).then_some(v + 1);
                (s, variant, opts.seed.wrapping_add(u64::from(v)))
            })
        })
        .collect()
}

/// Every name some unit of the batch owns, sorted, once each.
fn owners(planned: &[Planned]) -> Vec<String> {
    let mut owners: Vec<String> = planned
        .iter()
        .flat_map(|p| p.identity.iter().cloned())
        .collect();
    owners.sort();
    owners.dedup();
    owners
}
