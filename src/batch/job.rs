//! The second pass, one job at a time: a profile taken the rest of the way
//! through the pipeline, rendered with the job's seed, checked (with the
//! batch-wide check for other units' names) and handed to the writer.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use super::engines::Engines;
use super::first::{Kept, Planned, choice};
use super::outbox::{Outbox, Output};
use super::report::{JobError, JobReport, Status};
use super::{JobSpec, Options, Tally, memo, similarity};
use crate::check::{self, Document, Finding, Severity};
use crate::pack::Catalog;
use crate::pipeline::{Packed, Prepared};

/// A profile ready for its jobs, or why it is not.
pub(super) type Loaded = Result<Prepared, JobError>;

/// What taking a profile the rest of the way needs.
#[derive(Clone, Copy)]
pub(super) struct Loader<'a> {
    pub(super) specs: &'a [JobSpec],
    pub(super) opts: &'a Options,
    pub(super) catalog: &'a Catalog,
    pub(super) engines: &'a Engines,
}

impl Loader<'_> {
    /// Spec `spec`'s profile, validated: from where the first pass left it
    /// (`kept`), or read again.
    pub(super) fn load(&self, spec: usize, kept: Option<Kept>) -> Loaded {
        let spec = &self.specs[spec];
        let kept = match kept {
            Some(kept) => kept,
            None => Kept::Read(spec.read()?.0),
        };
        kept.prepare(&choice(spec, self.opts), |name| {
            Ok(Packed::Engine(self.engines.get(self.catalog, name)?))
        })
    }

    /// Loads the profiles of the first groups of `planned` (a profile and its
    /// variants) as pass 2 would, one after another until `done` (while
    /// another thread builds what pass 2 needs first): each slot is the
    /// [`Loaded`] of its group, for the group's first job to take.
    pub(super) fn load_until(
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
            let this = self.load(first.spec, first.kept.take());
            loaded.push(Mutex::new(Some(this)));
        }
        loaded
    }
}

/// What every job checks its speech against: the names some unit of the
/// batch owns, and the paragraphs' facts already worked out.
pub(super) struct Batchwide<'a> {
    pub(super) memo: &'a memo::Memo<'a>,
    pub(super) owners: &'a [String],
    /// Set under `fail_fast` once a job failed.
    pub(super) stop: &'a AtomicBool,
}

/// One job of pass 2.
pub(super) struct Job {
    pub(super) index: usize,
    pub(super) planned: Planned,
    pub(super) tally: Tally,
}

impl Job {
    /// Runs the job. `loaded` is the job's profile once any variant of it
    /// has loaded it (the variants of a profile run one after another).
    pub(super) fn run(
        &mut self,
        loader: &Loader<'_>,
        loaded: &mut Option<Loaded>,
        batch: &Batchwide<'_>,
        outbox: &mut Outbox<'_>,
    ) -> (JobReport, Option<similarity::Signature>) {
        let p = &self.planned;
        let mut report = JobReport {
            profile: loader.specs[p.spec].label(),
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
        if batch.stop.load(Ordering::Relaxed) {
            report.status = Status::Skipped;
            return (report, None);
        }
        if p.exists {
            report.status = Status::Skipped;
            report.outputs = loader
                .opts
                .formats
                .iter()
                .map(|f| format!("{stem}.{}", f.extension()))
                .collect();
            return (report, None);
        }
        let kept = self.planned.kept.take();
        let spec = self.planned.spec;
        let prepared = match loaded.get_or_insert_with(|| loader.load(spec, kept)) {
            Ok(prepared) => prepared,
            Err(e) => {
                report.error = Some(e.clone());
                return (report, None);
            }
        };
        let speech = match prepared.render(self.planned.seed) {
            Ok(speech) => speech,
            Err(e) => {
                report.error = Some(JobError::Render(Arc::new(e)));
                return (report, None);
            }
        };
        let opts = loader.opts;
        let doc =
            Document::from_speech(format!("{stem}（{}）", loader.specs[spec].label()), &speech);
        let (findings, facts) = self.check(&doc, prepared, batch, opts.rate);
        let (chars, spoken, signature) = Tally::time(&self.tally.similarity, || measure(&facts));
        let signature = Some(signature);
        report.chars = chars;
        report.minutes = spoken as f64 / f64::from(opts.rate.max(1));
        let errors = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        report.findings = findings;
        if errors > 0 && !opts.allow_findings {
            report.error = Some(JobError::Findings(errors));
            return (report, signature);
        }
        for format in &opts.formats {
            let file = format!("{stem}.{}", format.extension());
            let bytes = match format.write(&speech) {
                Ok(bytes) => bytes,
                Err(e) => {
                    report.error = Some(JobError::Write(Arc::new(e)));
                    return (report, None);
                }
            };
            if !outbox.push(Output {
                job: self.index,
                file: file.clone(),
                bytes,
            }) {
                report.error = Some(JobError::WriterStopped);
                return (report, None);
            }
            report.outputs.push(file);
        }
        report.status = Status::Ok;
        (report, signature)
    }

    /// Every check of `generate`, on paragraph facts shared across the
    /// batch, plus J204 (another unit of the batch named here), each finding
    /// with its origin.
    fn check(
        &self,
        doc: &Document,
        prepared: &Prepared,
        batch: &Batchwide<'_>,
        rate: u32,
    ) -> (Vec<Finding>, Vec<Arc<memo::Facts>>) {
        let facts: Vec<Arc<memo::Facts>> = doc
            .paras
            .iter()
            .map(|para| batch.memo.facts(para, &self.tally))
            .collect();
        let scans: Vec<&check::Scan> = facts.iter().map(|f| &f.scan).collect();
        let validated = &prepared.validated;
        let check_options = validated.check_options(rate);
        let mut findings = check::run_scanned(doc, &scans, &check_options);
        let foreign = Tally::time(&self.tally.contamination, || {
            let declared = check_options.known_names.as_deref().unwrap_or_default();
            contamination(doc, &facts, declared, batch.owners, &self.planned.identity)
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
            doc,
            &check::origin::pack_files(prepared.packed.pack()),
            &validated.sites,
        );
        (findings, facts)
    }
}

/// Characters (字数), spoken characters and the similarity signature of a
/// checked speech, from its paragraphs' facts: the .txt file adds only white
/// space.
pub(super) fn measure(facts: &[Arc<memo::Facts>]) -> (usize, usize, similarity::Signature) {
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::profile::ProfileDoc;

    use aho_corasick::AhoCorasick;

    use super::*;
    use crate::batch::expand_inputs;
    use crate::{Engine, Format};

    #[test]
    fn first_groups_load_as_pass_two_would_until_told_to_stop() {
        let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let specs: Vec<JobSpec> = ["qingshan-jiedao.toml", "no-such-profile.toml"]
            .into_iter()
            .map(|f| JobSpec::file(examples.join(f)))
            .collect();
        let opts = Options::default();
        let catalog = Catalog::new(Vec::new()).unwrap();
        let engines = Engines::default();
        let loader = Loader {
            specs: &specs,
            opts: &opts,
            catalog: &catalog,
            engines: &engines,
        };
        // Two profiles with two variants each; the first kept its reading.
        let mut planned: Vec<Planned> = (0..4)
            .map(|i| Planned {
                spec: i / 2,
                variant: Some(i as u32 % 2 + 1),
                seed: i as u64,
                pack: None,
                stem: Ok(format!("稿{i}")),
                identity: Vec::new(),
                kept: (i == 0).then(|| Kept::Read(ProfileDoc::load(&specs[0].profile).unwrap())),
                checked: false,
                exists: false,
            })
            .collect();
        let done = AtomicBool::new(true);
        assert!(loader.load_until(&mut planned, 2, &done).is_empty());
        assert!(planned[0].kept.is_some());
        done.store(false, Ordering::Relaxed);
        let loaded = loader.load_until(&mut planned, 2, &done);
        assert_eq!(loaded.len(), 2);
        assert!(planned.iter().all(|p| p.kept.is_none()));
        let take = |i: usize| loaded[i].lock().unwrap().take().unwrap();
        let lazily = loader.load(0, None).unwrap();
        let prepared = take(0).unwrap();
        assert_eq!(prepared.pack, lazily.pack);
        assert_eq!(
            format!("{:?}", prepared.validated),
            format!("{:?}", lazily.validated)
        );
        // A profile that cannot be read fails its jobs with the same message.
        let missing = loader.load(1, None).err().unwrap().to_string();
        assert_eq!(take(1).err().unwrap().to_string(), missing);
    }

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
