//! `jianghua stats`: 字数, paragraphs, sentences and speaking time.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;
use unicode_width::UnicodeWidthStr;

use jianghua::check::DEFAULT_RATE;
use jianghua::stats::{self, Report, Stats};

use super::lint::read_draft;
use super::{CliResult, Env, Outcome, ReportFormat, write_stdout};

#[derive(Debug, Args)]
pub(super) struct StatsArgs {
    /// 讲话稿文件（.txt、.md、.docx）；- 表示从标准输入读取
    #[arg(value_name = "讲话稿", required = true)]
    drafts: Vec<PathBuf>,

    /// 语速：每分钟讲多少字
    #[arg(long, value_name = "字每分钟", default_value_t = DEFAULT_RATE, value_parser = clap::value_parser!(u32).range(1..))]
    rate: u32,

    /// 输出格式
    #[arg(long = "format", value_name = "格式", default_value = "human")]
    format: ReportFormat,
}

pub(super) fn run(_env: &Env, args: StatsArgs) -> CliResult {
    let mut reports = Vec::new();
    for path in &args.drafts {
        reports.push(stats::report(&read_draft(path)?, args.rate));
    }
    let text = match args.format {
        ReportFormat::Json => {
            let mut s = serde_json::to_string_pretty(&reports).unwrap_or_default();
            s.push('\n');
            s
        }
        ReportFormat::Human => reports.iter().map(human).collect::<Vec<_>>().join("\n"),
    };
    write_stdout(text.as_bytes())?;
    Ok(Outcome::Success)
}

fn human(r: &Report) -> String {
    let mut rows: Vec<(String, &Stats)> = r
        .sections
        .iter()
        .map(|s| (s.name.clone(), &s.stats))
        .collect();
    rows.push(("合计".to_owned(), &r.total));
    let width = rows
        .iter()
        .map(|(n, _)| n.width())
        .max()
        .unwrap_or(4)
        .max(4)
        + 2;
    let pad = |s: &str| format!("{s}{}", " ".repeat(width.saturating_sub(s.width())));
    let mut out = format!("{}\n", r.file);
    let _ = writeln!(
        out,
        "  {}{:>6}{:>6}{:>6}{:>6}{:>8}{:>10}",
        pad("部分"),
        "汉字",
        "字数",
        "段落",
        "句子",
        "最长句",
        "时长"
    );
    for (name, s) in rows {
        let _ = writeln!(
            out,
            "  {}{:>8}{:>8}{:>8}{:>8}{:>11}{:>9.1} 分钟",
            pad(&name),
            s.cjk_chars,
            s.chars,
            s.paragraphs,
            s.sentences,
            s.longest_sentence,
            s.minutes
        );
    }
    let _ = writeln!(
        out,
        "时长按每分钟 {} 字估算（--rate 可调）；最长的句子以“{}”开头",
        r.rate, r.total.longest_sentence_start
    );
    out
}
