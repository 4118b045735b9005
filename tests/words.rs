//! The words: every example of a pack that meets the drafting standard,
//! rendered with seeds 1 to 20, has no findings, a length in the pack's range,
//! and differs from the next seed's draft, and from a neighbouring unit's, in
//! at least 70% of its sentences (the unit's own name masked). These are
//! counts, not times: they hold on any machine.

use std::path::{Path, PathBuf};

use jianghua::zh::text::{is_cjk, review_sentences, shared_sentence_share};
use jianghua::{Catalog, Engine, ProfileDoc, Speech, check};

/// Packs brought to the standard, with the length range (characters of
/// Chinese text) a speech of their default points must land in.
const PACKS: [(&str, usize, usize); 16] = [
    ("dangke", 5000, 9000),
    ("jingshi", 1300, 3200),
    ("fangxun", 1500, 3500),
    ("anquan", 1800, 3800),
    ("zhuchi", 450, 1500),
    ("tuanbai", 300, 1200),
    ("diaoyan", 1150, 3000),
    ("peixun", 1000, 2600),
    ("kaigong", 450, 1100),
    ("kaimu", 500, 1000),
    ("biaotai", 800, 1500),
    ("zuotan", 1800, 3500),
    ("biaozhang", 2200, 4000),
    ("tuijin", 2500, 4500),
    ("dongyuan", 2800, 4500),
    ("gongzuo", 4500, 8000),
];

/// The largest share of identical sentences two drafts may have.
const MAX_SHARE: f64 = 0.30;

const SEEDS: std::ops::RangeInclusive<u64> = 1..=20;

fn examples_of(pack: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .filter(|p| ProfileDoc::load(p).unwrap().template().as_deref() == Some(pack))
        .collect();
    files.sort();
    files
}

struct Draft {
    speech: Speech,
    findings: Vec<check::Finding>,
    unit: String,
}

fn draft(path: &Path, seed: u64, unit: Option<&str>) -> Draft {
    let mut doc = ProfileDoc::load(path).unwrap();
    let pack = Catalog::new(Vec::new())
        .unwrap()
        .load(&doc.template().unwrap())
        .unwrap();
    if let Some(name) = unit {
        doc.apply_sets(&[("unit.name".to_owned(), name.to_owned())], &pack)
            .unwrap();
    }
    let validated = doc
        .validate(&pack)
        .unwrap_or_else(|e| panic!("{}: {:?}", path.display(), e.diagnostics()));
    let speech = Engine::new(&pack)
        .unwrap()
        .render_seeded(&validated, seed)
        .unwrap();
    let findings = check::run(
        &check::Document::from_speech("d", &speech),
        &validated.check_options(check::DEFAULT_RATE),
    );
    let unit = validated.context["unit"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    Draft {
        speech,
        findings,
        unit,
    }
}

/// The body's sentences: the title lines are the same in every variant by
/// design, and are not what a reviewer compares.
fn sentences(d: &Draft) -> Vec<String> {
    let body: Vec<String> = d.speech.blocks.iter().map(|b| b.text()).collect();
    review_sentences(&body.join("\n"), &[&d.unit])
}

fn length(d: &Draft) -> usize {
    let text = String::from_utf8(jianghua::Format::Txt.write(&d.speech).unwrap()).unwrap();
    text.chars().filter(|c| is_cjk(*c)).count()
}

#[test]
fn drafts_are_clean_full_length_and_varied() {
    let mut problems = Vec::new();
    for (pack, from, to) in PACKS {
        let examples = examples_of(pack);
        assert!(examples.len() >= 2, "{pack}: two examples");
        for path in examples {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let drafts: Vec<Draft> = SEEDS.map(|s| draft(&path, s, None)).collect();
            for (seed, d) in SEEDS.zip(&drafts) {
                for f in &d.findings {
                    problems.push(format!("{name} seed {seed}: {} {}", f.code, f.message));
                }
                let n = length(d);
                if !(from..=to).contains(&n) {
                    problems.push(format!("{name} seed {seed}: {n} 字, not {from}-{to}"));
                }
            }
            for (seed, pair) in SEEDS.zip(drafts.windows(2)) {
                let share = shared_sentence_share(&sentences(&pair[0]), &sentences(&pair[1]));
                if share > MAX_SHARE {
                    problems.push(format!(
                        "{name} seeds {seed} and {}: {share:.2} of sentences shared",
                        seed + 1
                    ));
                }
            }
            // A neighbouring unit: another name and another seed.
            for seed in SEEDS.step_by(4) {
                let other = draft(&path, seed + 100, Some("红旗镇"));
                let share = shared_sentence_share(&sentences(&drafts[0]), &sentences(&other));
                if share > MAX_SHARE {
                    problems.push(format!(
                        "{name} seed 1 and a neighbour at seed {}: {share:.2} shared",
                        seed + 100
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
