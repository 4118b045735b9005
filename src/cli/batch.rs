//! `jianghua batch`: many profiles (and variants) at once.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use jianghua::batch::{self, JobReport, JobSpec, Options, Status, plan};
use jianghua::{Error, Format};

use super::{CliResult, Env, FormatArg, Outcome, parse_set, write_stdout};

#[derive(Debug, Args)]
pub(super) struct BatchArgs {
    /// 配置文件、文件夹（其中所有 .toml）或通配符，如 '街道/*.toml'
    #[arg(value_name = "配置文件", required_unless_present_any = ["plan", "table"])]
    profiles: Vec<PathBuf>,

    /// 表格（.xlsx 或 .csv）：第一行是列名（变量名或它的说明），以下每行生成一篇；用 templates table 生成空表
    #[arg(long, value_name = "表格")]
    table: Option<PathBuf>,

    /// 批量计划文件（TOML）：写明配置文件、模板包、格式、变体数和文件名模式
    #[arg(long, value_name = "计划文件")]
    plan: Option<PathBuf>,

    /// 模板包：全部配置都用它，不管配置文件里写的 template（与 generate -t 相同）
    #[arg(short = 't', long = "template", value_name = "模板包")]
    template: Option<String>,

    /// 输出格式，可重复：-f txt -f docx（默认 txt）
    #[arg(short = 'f', long = "format", value_name = "格式")]
    formats: Vec<FormatArg>,

    /// 输出文件夹（默认“讲话稿”）
    #[arg(short = 'o', long = "output", value_name = "文件夹")]
    output: Option<PathBuf>,

    /// 输出文件名模式，可用配置中的变量及 file（配置文件名）、seed、variant，默认 '{{file}}'
    #[arg(long, value_name = "模式")]
    name: Option<String>,

    /// 每份配置生成几个不同说法的版本（文件名加 -v1、-v2……）
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u32).range(1..=100))]
    variants: Option<u32>,

    /// 起始种子；第 k 个版本用 种子+k-1
    #[arg(long, value_name = "整数")]
    seed: Option<u64>,

    /// 覆盖所有配置中的某个值，可重复
    #[arg(long = "set", value_name = "键=值", value_parser = parse_set)]
    set: Vec<(String, String)>,

    /// 相似度（两篇稿子相同句子的比例，0–1）达到此值的给出警告，默认 0.5
    #[arg(long, value_name = "0到1")]
    max_similarity: Option<f64>,

    /// 允许覆盖已存在的输出文件
    #[arg(long)]
    force: bool,

    /// 只生成还没有的：输出文件都已存在的任务跳过（中断后重跑）
    #[arg(long, conflicts_with = "force")]
    skip_existing: bool,

    /// 只检查、不生成：校验每份配置，列出将要写出的文件，一个文件也不写
    #[arg(long)]
    dry_run: bool,

    /// 第一个任务失败时停止其余任务
    #[arg(long)]
    fail_fast: bool,

    /// 检查发现错误时仍然写出
    #[arg(long)]
    allow_findings: bool,

    /// 确认任务数超过上限（20000）的批量
    #[arg(long)]
    yes: bool,

    /// 语速：每分钟讲多少字
    #[arg(long, value_name = "字每分钟", default_value_t = jianghua::check::DEFAULT_RATE, value_parser = clap::value_parser!(u32).range(1..))]
    rate: u32,

    #[command(flatten)]
    pub(super) dirs: super::PackDirs,
}

pub(super) fn run(env: &Env, args: BatchArgs) -> CliResult {
    let catalog = env.catalog()?;
    let plan = match &args.plan {
        Some(path) => plan::load(path)?,
        None => plan::Plan::default(),
    };
    let mut specs = plan.specs.clone();
    specs.extend(
        batch::expand_inputs(&args.profiles)?
            .into_iter()
            .map(JobSpec::file),
    );
    if let Some(path) = &args.table {
        let pack_for = match args.template.as_deref() {
            Some(name) => jianghua::table::PackFor::Every(name),
            None => jianghua::table::PackFor::Fallback(env.default_pack()),
        };
        specs.extend(table_specs(path, &catalog, pack_for)?);
    }
    // -t overrides every profile's own choice, as in `generate`; a name that
    // is no pack stops the batch here, not once per job.
    if let Some(name) = &args.template {
        catalog.load(name)?;
        for spec in &mut specs {
            spec.template = Some(name.clone());
        }
    }
    let project = env.project.clone().unwrap_or_default();
    let formats: Vec<Format> = if args.formats.is_empty() {
        plan.formats
            .clone()
            .or(project.formats)
            .unwrap_or_else(|| vec![Format::Txt])
    } else {
        let mut fs: Vec<Format> = args.formats.iter().map(|f| Format::from(*f)).collect();
        fs.dedup();
        fs
    };
    let max_similarity = args
        .max_similarity
        .or(plan.max_similarity)
        .unwrap_or(batch::DEFAULT_MAX_SIMILARITY);
    if !(0.0..=1.0).contains(&max_similarity) {
        return Err(Error::Batch(vec![jianghua::Diagnostic::new(
            "--max-similarity 应在 0 到 1 之间",
        )])
        .into());
    }
    let opts = Options {
        formats,
        out_dir: args
            .output
            .or(plan.out_dir)
            .or(project.output)
            .unwrap_or_else(|| PathBuf::from("讲话稿")),
        name: args
            .name
            .or(plan.name)
            .unwrap_or_else(|| batch::DEFAULT_NAME.to_owned()),
        variants: args.variants.or(plan.variants).unwrap_or(1),
        seed: args.seed.or(plan.seed).unwrap_or(0),
        template: plan.template.or(project.template),
        sets: args.set,
        force: args.force,
        skip_existing: args.skip_existing,
        fail_fast: args.fail_fast,
        allow_findings: args.allow_findings,
        max_similarity,
        rate: args.rate,
    };
    let total = specs.len() * opts.variants.max(1) as usize;
    if total > batch::MAX_JOBS && !args.yes {
        return Err(Error::Batch(vec![
            jianghua::Diagnostic::new(format!(
                "这次批量有 {total} 个任务，超过了 {} 个的上限",
                batch::MAX_JOBS
            ))
            .hint("确认无误请加 --yes；或检查输入的文件夹、通配符和 --variants 是否选对了"),
        ])
        .into());
    }
    if args.dry_run {
        return dry_run(&specs, &opts, &catalog);
    }
    let bar = (std::io::stderr().is_terminal() && !super::quiet()).then(|| {
        let bar = ProgressBar::new(total as u64);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    });
    let done = AtomicUsize::new(0);
    let progress = |r: &JobReport| {
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        let line =
            (r.status == Status::Failed).then(|| format!("失败：{}：{}", describe(r), error_of(r)));
        match &bar {
            Some(bar) => {
                if let Some(line) = line {
                    bar.println(line);
                }
                bar.inc(1);
            }
            None => {
                if let Some(line) = line {
                    eprintln!("{line}");
                }
                if total >= 10 && n % (total / 10) == 0 || n == total {
                    super::say!("进度：{n}/{total}");
                }
            }
        }
    };
    let manifest = batch::run(&specs, &opts, &catalog, &progress);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let manifest = manifest?;
    let s = &manifest.summary;
    let warnings: usize = manifest.jobs.iter().map(|j| j.findings.len()).sum();
    super::say!(
        "批量完成：任务 {} 个，成功 {}，失败 {}{}；写出 {} 个文件，用时 {:.2} 秒",
        s.jobs,
        s.ok,
        s.failed,
        if s.skipped > 0 {
            format!("，跳过 {}", s.skipped)
        } else {
            String::new()
        },
        s.files,
        s.seconds
    );
    let failed: Vec<&JobReport> = manifest
        .jobs
        .iter()
        .filter(|j| j.status == Status::Failed)
        .collect();
    if !failed.is_empty() {
        eprintln!("失败的任务：");
        for j in &failed {
            eprintln!("  {}：{}", describe(j), error_of(j));
        }
    }
    if s.fallbacks > 0 {
        eprintln!(
            "提示：其中 {} 篇由 handlebars 的通用路径渲染（较慢）；设环境变量 JIANGHUA_LOG=debug 可看是哪个模板",
            s.fallbacks
        );
    }
    if warnings > 0 {
        eprintln!("检查共发现 {warnings} 条问题，详见清单");
    }
    if !manifest.similar.is_empty() {
        const SHOWN: usize = 20;
        let total = manifest.similar.len();
        if total > SHOWN {
            eprintln!(
                "警告：{total} 对讲话稿相似度过高（≥ {}），查重时可能被判为雷同；最相似的 {SHOWN} 对：",
                s.max_similarity
            );
        } else {
            eprintln!(
                "警告：以下讲话稿相似度过高（≥ {}），查重时可能被判为雷同：",
                s.max_similarity
            );
        }
        // The worst first: those are the ones to rewrite. Equal scores keep
        // the manifest's order. Tens of thousands of pairs at 10,000 jobs:
        // the first few are picked out, not all sorted.
        let order = |x: &(usize, &batch::SimilarPair), y: &(usize, &batch::SimilarPair)| {
            y.1.similarity
                .total_cmp(&x.1.similarity)
                .then(x.0.cmp(&y.0))
        };
        let mut pairs: Vec<(usize, &batch::SimilarPair)> =
            manifest.similar.iter().enumerate().collect();
        if pairs.len() > SHOWN {
            pairs.select_nth_unstable_by(SHOWN - 1, order);
            pairs.truncate(SHOWN);
        }
        pairs.sort_unstable_by(order);
        for (_, p) in &pairs {
            eprintln!("  {} ～ {}：{:.2}", p.a, p.b, p.similarity);
        }
        if total > SHOWN {
            eprintln!("  ……其余 {} 对见清单的 similar", total - SHOWN);
        }
    }
    if let Some(e) = &manifest.write_error {
        // The summary above stands; only the file of it is missing.
        eprintln!("错误：清单 manifest.json 没有写成：{e}");
        eprintln!(
            "提示：上面的汇总和失败列表就是本次的结果；腾出磁盘空间或检查输出文件夹后重新运行可得到清单"
        );
        return Ok(Outcome::Failure);
    }
    super::say!("清单：{}", opts.out_dir.join(batch::MANIFEST).display());
    Ok(if s.failed > 0 {
        Outcome::Failure
    } else {
        Outcome::Success
    })
}

fn error_of(r: &JobReport) -> String {
    r.error
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default()
}

fn describe(r: &JobReport) -> String {
    match r.variant {
        Some(v) => format!("{}（第 {v} 版）", r.profile),
        None => r.profile.clone(),
    }
}

/// One job per filled row of the sheet at `path`; its outputs are named
/// after the sheet and the row (`街道-3`) unless `--name` says otherwise.
fn table_specs(
    path: &std::path::Path,
    catalog: &jianghua::Catalog,
    pack_for: jianghua::table::PackFor<'_>,
) -> Result<Vec<JobSpec>, Error> {
    let sheet = jianghua::table::read(path)?;
    let dir = path
        .parent()
        .map_or_else(|| PathBuf::from("."), std::path::Path::to_path_buf);
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let rows = jianghua::table::profiles(&sheet, catalog, pack_for, &dir)?;
    Ok(rows
        .into_iter()
        .map(|r| JobSpec {
            row: Some(std::sync::Arc::new(r.doc)),
            ..JobSpec::file(dir.join(format!("{stem}-{}", r.row)))
        })
        .collect())
}

/// `--dry-run`: what the batch would write, and what would stop it.
fn dry_run(specs: &[JobSpec], opts: &Options, catalog: &jianghua::Catalog) -> CliResult {
    let jobs = batch::dry_run(specs, opts, catalog)?;
    let mut out = String::new();
    let (mut files, mut failed, mut skipped) = (0, 0, 0);
    for job in &jobs {
        let who = match job.variant {
            Some(v) => format!("{}（第 {v} 版）", job.profile),
            None => job.profile.clone(),
        };
        match &job.error {
            Some(e) => {
                failed += 1;
                out.push_str(&format!("  不能生成：{who}：{e}\n"));
            }
            None if job.skipped => {
                skipped += 1;
                out.push_str(&format!(
                    "  已有，跳过：{who} → {}\n",
                    job.outputs.join("、")
                ));
            }
            None => {
                files += job.outputs.len();
                out.push_str(&format!("  {who} → {}\n", job.outputs.join("、")));
            }
        }
    }
    write_stdout(out.as_bytes())?;
    eprintln!(
        "试运行：任务 {} 个，将写出 {files} 个文件到 {}{}{}；没有写出任何文件",
        jobs.len(),
        opts.out_dir.display(),
        if skipped > 0 {
            format!("，跳过 {skipped} 个")
        } else {
            String::new()
        },
        if failed > 0 {
            format!("，{failed} 个不能生成")
        } else {
            String::new()
        },
    );
    Ok(if failed > 0 {
        Outcome::Failure
    } else {
        Outcome::Success
    })
}
