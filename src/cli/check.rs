//! `jianghua check`: validate a profile, render it, run every rule; write nothing.

use clap::Args;

use super::generate::{ProfileArgs, prepare};
use super::{CheckArgs, CliResult, Env, report_findings};

#[derive(Debug, Args)]
pub(super) struct CheckCommand {
    #[command(flatten)]
    pub(super) profile: ProfileArgs,

    #[command(flatten)]
    check: CheckArgs,
}

pub(super) fn run(env: &Env, args: CheckCommand) -> CliResult {
    let prepared = match prepare(env, &args.profile) {
        Ok(p) => p,
        // A program reading JSON gets JSON, also when the profile itself is
        // wrong: each problem as an error with where it is.
        Err(e) if args.check.json() => {
            let problems: Vec<serde_json::Value> = e
                .diagnostics()
                .into_iter()
                .map(|d| {
                    let loc = d.location.as_deref();
                    serde_json::json!({
                        "severity": "error",
                        "code": "P001",
                        "message": d.message,
                        "hint": d.hints.first(),
                        "file": loc.map(|l| l.file.clone()),
                        "line": loc.map(|l| l.line),
                        "column": loc.map(|l| l.column),
                    })
                })
                .collect();
            let mut text = serde_json::to_string_pretty(&problems).unwrap_or_default();
            text.push('\n');
            super::write_stdout(text.as_bytes())?;
            return Ok(super::Outcome::Failure);
        }
        Err(e) => return Err(e.into()),
    };
    let findings = prepared.findings(args.check.rate);
    report_findings(&findings, &args.check)
}
