//! `jianghua check`: validate a profile, render it, run every rule; write nothing.

use clap::Args;

use super::generate::{ProfileArgs, prepare};
use super::{CheckArgs, CliResult, Env, report_findings};

#[derive(Debug, Args)]
pub struct CheckCommand {
    #[command(flatten)]
    profile: ProfileArgs,

    #[command(flatten)]
    check: CheckArgs,
}

pub fn run(env: &Env, args: CheckCommand) -> CliResult {
    let prepared = prepare(env, &args.profile)?;
    let findings = prepared.findings(args.check.rate);
    report_findings(&findings, &args.check)
}
