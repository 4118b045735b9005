//! Batch throughput: `cargo bench --bench batch` (add `-- 1000` for one quick size).
//!
//! Generates N distinct street profiles, then times the real `jianghua batch`
//! (validation, rendering, every check, contamination index, MinHash
//! similarity, atomic writes, manifest) for 1,000 and 10,000 text outputs and
//! 1,000 Word files, and reports speeches per second, MB/s and peak memory.
//! Beside it, the floor: one thread rendering the same pack from the same
//! profiles with handlebars and writing the files, with no validation and no
//! checks; and the same loop with our compiled render path, which the batch
//! itself uses.
//! Last, the time of one `jianghua generate` of a bundled example, start
//! to finish.
//! `JIANGHUA_BENCH_DIR=/dev/shm` puts the files in memory, to time the
//! program without the disk. `JIANGHUA_BENCH_RUNS=3` runs every measurement
//! three times, in turn, and keeps the fastest of each: on a shared machine
//! one run can be a third slower than the next.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use jianghua::zh::NumberingStyle;
use jianghua::{Catalog, Engine, Validated};

// The floors run in this process: give them the allocator the binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const CHARS: &str = "青山红星东湖西城南岭北关云龙凤凰金沙银杏翠竹梅园兰亭菊花桂林松涛柏树杨柳桃李春江秋月朝阳晨光星河海棠白鹭长安永宁和平新华建设光明团结胜利友谊幸福文化人民";

fn street(i: usize) -> String {
    let chars: Vec<char> = CHARS.chars().collect();
    let n = chars.len();
    format!(
        "{}{}{}街道",
        chars[i % n],
        chars[(i / n) % n],
        chars[(i / n / n) % n]
    )
}

fn profile(i: usize) -> String {
    format!(
        r#"template = "dongyuan"
points = ["significance", "requirements", "results", "guarantee"]
goals = ["辖区背街小巷环境卫生明显好转", "群众反映强烈的突出问题基本得到解决", "长效管理机制初步建立"]
tasks = ["全面排查问题，建立问题清单和整改台账", "集中清理卫生死角和乱堆乱放", "补齐照明、停车等设施短板", "落实日常管护责任"]
outcomes = ["体现在群众急难愁盼问题的解决上", "体现在小区面貌的持续改观上", "体现在干部作风的切实转变上"]
duties = []

[unit]
name = "{name}"
short = "街道"
parent = "区委、区政府"
members = "各社区、各科室"

[speaker]
name = "干部{i}"
title = "街道党工委书记"

[meeting]
date = 2026-12-01

[campaign]
name = "老旧小区环境综合整治行动"
kind = "行动"
short = ""
theme = "治脏、治乱、治差"
basis = "区委、区政府《关于开展老旧小区环境综合整治的实施方案》"
months = 6
quote = ""
stages = [
  {{ name = "动员部署", period = "12月", task = "制定方案、摸清底数" }},
  {{ name = "集中整治", period = "2027年1月至4月", task = "对照问题清单逐项整改销号" }},
  {{ name = "巩固提升", period = "2027年5月", task = "总结经验、建立长效管理机制" }},
]

[pilot]
scope = "全区"
count = 12
"#,
        name = street(i)
    )
}

fn write_profiles(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        std::fs::write(dir.join(format!("p{i:05}.toml")), profile(i)).unwrap();
    }
}

fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.metadata().map_or(0, |m| m.len()))
        .sum()
}

/// Processor seconds used by this process's finished children
/// (`cutime` + `cstime` of /proc/self/stat).
fn children_cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<f64> = rest
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0.0))
        .collect();
    // cutime and cstime are fields 16 and 17 of the whole line; clock ticks
    // are 1/100 s on Linux.
    (fields.get(13).unwrap_or(&0.0) + fields.get(14).unwrap_or(&0.0)) / 100.0
}

/// What one run of `jianghua batch` cost.
struct Run {
    wall: Duration,
    cpu: f64,
    peak_kb: u64,
    bytes: u64,
    /// Processor seconds of the cross-unit name check and of the similarity
    /// report, as the manifest records them.
    contamination: f64,
    similarity: f64,
}

/// Runs the command, polling its peak resident memory (VmHWM) while it runs.
fn timed(cmd: &mut Command) -> (Duration, f64, u64) {
    let cpu_before = children_cpu();
    let start = Instant::now();
    let mut child = cmd.spawn().unwrap();
    let status_file = PathBuf::from(format!("/proc/{}/status", child.id()));
    let mut peak_kb = 0;
    loop {
        if let Ok(s) = std::fs::read_to_string(&status_file) {
            if let Some(line) = s.lines().find(|l| l.starts_with("VmHWM:")) {
                let kb: u64 = line
                    .split_whitespace()
                    .nth(1)
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                peak_kb = peak_kb.max(kb);
            }
        }
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "batch failed");
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    (start.elapsed(), children_cpu() - cpu_before, peak_kb)
}

fn batch(root: &Path, n: usize, format: &str) -> Run {
    let out = root.join(format!("out-{n}-{format}"));
    // A repeated run starts from an empty folder, as the first one did.
    let _ = std::fs::remove_dir_all(&out);
    let (wall, cpu, peak_kb) = timed(
        Command::new(env!("CARGO_BIN_EXE_jianghua"))
            .args(["batch", "-f", format, "-o"])
            .arg(&out)
            .arg(root.join(format!("profiles-{n}")))
            .stderr(std::process::Stdio::null()),
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let summary = &manifest["summary"];
    let bytes = dir_bytes(&out) - std::fs::metadata(out.join("manifest.json")).unwrap().len();
    Run {
        wall,
        cpu,
        peak_kb,
        bytes,
        contamination: summary["contamination_seconds"].as_f64().unwrap_or(0.0),
        similarity: summary["similarity_seconds"].as_f64().unwrap_or(0.0),
    }
}

fn print_run(label: &str, n: usize, run: &Run) {
    let secs = run.wall.as_secs_f64();
    println!(
        "{:<28}{:>10.3}{:>12.0}{:>10.1}{:>12.1}{:>10.2}",
        label,
        secs,
        n as f64 / secs,
        run.bytes as f64 / 1e6 / secs,
        run.peak_kb as f64 / 1024.0,
        run.cpu
    );
    let checks = run.contamination + run.similarity;
    println!(
        "  名称交叉检查 {:.3} 秒 + 相似度 {:.3} 秒（处理器时间）= 批次处理器时间的 {:.0}%",
        run.contamination,
        run.similarity,
        if run.cpu > 0.0 {
            checks / run.cpu * 100.0
        } else {
            0.0
        }
    );
}

/// The floor: parse, render (with handlebars, or with the compiled path the
/// batch uses), write, one thread, nothing else.
fn floor(root: &Path, n: usize, handlebars: bool) -> (Duration, u64) {
    let pack = Catalog::new(Vec::new()).unwrap().load("dongyuan").unwrap();
    let engine = Engine::new(&pack).unwrap();
    let points = pack.default_points();
    let out = root.join(format!("floor-{n}-{handlebars}"));
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let dir = root.join(format!("profiles-{n}"));
    let start = Instant::now();
    for i in 0..n {
        let text = std::fs::read_to_string(dir.join(format!("p{i:05}.toml"))).unwrap();
        let mut context: serde_json::Value = toml::from_str(&text).unwrap();
        context["speech"] =
            serde_json::json!({ "point_count": points.len(), "short": false, "long": false });
        // Without validation TOML dates stay TOML objects; the helpers want text.
        context["meeting"]["date"] = serde_json::json!("2026-12-01");
        let presentation = jianghua::profile::Presentation::default();
        context["register"] = presentation
            .register
            .context(context["unit"]["short"].as_str());
        let profile = Validated {
            context,
            points: points.clone(),
            numbering: NumberingStyle::Di,
            checks: Default::default(),
            presentation,
            usual_length: None,
            sites: Vec::new(),
        };
        let speech = if handlebars {
            engine.render_reference(&profile, 0).unwrap()
        } else {
            engine.render(&profile).unwrap()
        };
        std::fs::write(
            out.join(format!("p{i:05}.txt")),
            jianghua::Format::Txt.write(&speech).unwrap(),
        )
        .unwrap();
    }
    (start.elapsed(), dir_bytes(&out))
}

/// The issue's yardstick on this machine: `jinja2_reference.py` (beside this
/// file) renders the batch's first speech as a Jinja2 template, one thread.
/// Returns (render only, read + render + write), or `None` without python3
/// and jinja2.
fn jinja2(root: &Path, n: usize) -> Option<(f64, f64)> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/jinja2_reference.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(root.join(format!("profiles-{n}")))
        .arg(root.join(format!("out-{n}-txt/p00000.txt")))
        .stderr(std::process::Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    let text = String::from_utf8_lossy(&out.stdout);
    let secs = |label: &str| -> Option<f64> {
        let line = text.lines().find(|l| l.starts_with(label))?;
        line.split_whitespace().nth(3)?.parse().ok()
    };
    Some((secs("jinja2 render ")?, secs("jinja2 read-render-write ")?))
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1000, 10_000]
    } else {
        sizes
    };
    // JIANGHUA_BENCH_DIR=/dev/shm measures without the disk (a RAM file system).
    let root = match std::env::var_os("JIANGHUA_BENCH_DIR") {
        Some(dir) => tempfile::tempdir_in(dir).unwrap(),
        None => tempfile::tempdir().unwrap(),
    };
    println!("工作文件夹：{}", root.path().display());
    println!(
        "jianghua batch 基准（{} 核）",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "{:<28}{:>10}{:>12}{:>10}{:>12}{:>10}",
        "任务", "秒", "篇/秒", "MB/秒", "峰值内存MB", "CPU秒"
    );
    let runs: usize = std::env::var("JIANGHUA_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1)
        .max(1);
    if runs > 1 {
        println!("（每项运行 {runs} 次，轮流进行，取最快的一次）");
    }
    let fastest = |a: Run, b: Option<Run>| match b {
        Some(b) if b.wall <= a.wall => b,
        _ => a,
    };
    for &n in &sizes {
        write_profiles(&root.path().join(format!("profiles-{n}")), n);
        let mut best: Option<Run> = None;
        let mut floors: [Option<(Duration, u64)>; 2] = [None, None];
        for _ in 0..runs {
            best = Some(fastest(batch(root.path(), n, "txt"), best));
            for (slot, handlebars) in floors.iter_mut().zip([true, false]) {
                let f = floor(root.path(), n, handlebars);
                if slot.is_none_or(|b| f.0 < b.0) {
                    *slot = Some(f);
                }
            }
        }
        let run = best.expect("at least one run");
        print_run(&format!("batch txt ×{n}"), n, &run);
        for (label, f) in ["handlebars", "编译路径"].into_iter().zip(floors) {
            let (ft, fbytes) = f.expect("at least one run");
            let fsecs = ft.as_secs_f64();
            println!(
                "{:<28}{:>10.3}{:>12.0}{:>10.1}{:>12}{:>10}",
                format!("下限：单线程 {label} ×{n}"),
                fsecs,
                n as f64 / fsecs,
                fbytes as f64 / 1e6 / fsecs,
                "-",
                "-"
            );
            println!(
                "  batch 用时 / 下限用时 = {:.2}",
                run.wall.as_secs_f64() / fsecs
            );
        }
        match jinja2(root.path(), n) {
            Some((render, whole)) => {
                for (label, secs) in [("只渲染", render), ("读、渲染、写", whole)] {
                    println!(
                        "{:<28}{:>10.3}{:>12.0}",
                        format!("参照：Python Jinja2 {label} ×{n}"),
                        secs,
                        n as f64 / secs
                    );
                }
                println!(
                    "  batch 篇/秒 ÷ Jinja2（读、渲染、写）篇/秒 = {:.1}",
                    whole / run.wall.as_secs_f64()
                );
            }
            None => println!("（没有 python3 或 jinja2，略过 Jinja2 参照）"),
        }
    }
    let n = sizes[0].min(1000);
    let mut best = None;
    for _ in 0..runs {
        best = Some(fastest(batch(root.path(), n, "docx"), best));
    }
    print_run(
        &format!("batch docx ×{n}"),
        n,
        &best.expect("at least one run"),
    );
    // One speech from the command line, start to finish: what a user waits for.
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/qingshan-jiedao.toml");
    let mut times: Vec<Duration> = (0..21)
        .map(|_| {
            let start = Instant::now();
            let out = Command::new(env!("CARGO_BIN_EXE_jianghua"))
                .arg("generate")
                .arg(&example)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            start.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "generate 一份示例（21 次的中位数）{:>9.1} 毫秒",
        times[times.len() / 2].as_secs_f64() * 1000.0
    );
}
