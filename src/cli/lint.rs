//! `jianghua lint`: the checks on drafts that already exist (txt, md).

use std::path::PathBuf;

use clap::Args;

use jianghua::Error;
use jianghua::check::{self, Document, Options};

use super::generate::{ProfileArgs, validate};
use super::{CheckArgs, CliResult, Env, report_findings};

#[derive(Debug, Args)]
pub(super) struct LintArgs {
    /// 讲话稿文件（.txt、.md、.docx）；- 表示从标准输入读取
    #[arg(value_name = "讲话稿", required = true)]
    drafts: Vec<PathBuf>,

    /// 本单位的配置文件：据此判断哪些名称属于本单位，并读取其中的 [check]、[target] 设置
    #[arg(long = "profile", value_name = "配置文件")]
    profile: Option<PathBuf>,

    /// 配置文件所用的模板包（默认用配置文件中的 template）
    #[arg(short = 't', long = "template", value_name = "模板包")]
    template: Option<String>,

    #[command(flatten)]
    check: CheckArgs,

    #[command(flatten)]
    pub(super) dirs: super::PackDirs,
}

pub(super) fn run(env: &Env, args: LintArgs) -> CliResult {
    let options = match &args.profile {
        Some(profile) => {
            let profile_args = ProfileArgs {
                profile: profile.clone(),
                template: args.template.clone(),
                set: Vec::new(),
                seed: 0,
                dirs: super::PackDirs::default(),
            };
            validate(env, &profile_args)?.check_options(args.check.rate)
        }
        None => Options {
            rate: args.check.rate,
            ..Options::default()
        },
    };
    let mut findings = Vec::new();
    for path in &args.drafts {
        let doc = read_draft(path)?;
        findings.extend(check::run(&doc, &options));
    }
    report_findings(&findings, &args.check)
}

/// A draft from a file or standard input (.txt, .md or .docx).
pub(super) fn read_draft(path: &std::path::Path) -> Result<Document, Error> {
    let doc = if path.as_os_str() == "-" {
        jianghua::draft::from_bytes("<标准输入>", path, super::generate::read_stdin_bytes()?)?
    } else {
        jianghua::draft::load(path)?
    };
    for notice in &doc.notices {
        eprintln!("注意：{notice}");
    }
    Ok(doc)
}
