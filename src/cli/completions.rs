//! `jianghua completions SHELL`: shell completion scripts.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, CliResult, Outcome, write_stdout};

#[derive(Debug, Args)]
pub(super) struct CompletionsArgs {
    /// 终端类型
    #[arg(value_name = "SHELL")]
    shell: Shell,
}

pub(super) fn run(args: &CompletionsArgs) -> CliResult {
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "jianghua", &mut buf);
    write_stdout(&buf)?;
    Ok(Outcome::Success)
}
