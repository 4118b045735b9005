//! `jianghua completions SHELL`: shell completion scripts. `-t`/`--template`
//! completes to the names of the packs there are when the script is made
//! (built-in, and those found through --templates or jianghua.toml); the
//! names are offered, not enforced: parsing still takes any name.

use clap::builder::PossibleValuesParser;
use clap::{Args, Command, CommandFactory};
use clap_complete::Shell;

use super::{Cli, CliResult, Env, Outcome, write_stdout};

#[derive(Debug, Args)]
pub(super) struct CompletionsArgs {
    /// 终端类型
    #[arg(value_name = "SHELL")]
    shell: Shell,

    #[command(flatten)]
    pub(super) dirs: super::PackDirs,
}

/// Every `-t`/`--template` in the tree offers `packs`.
fn offer_packs(cmd: Command, packs: &[String]) -> Command {
    let packs = packs.to_vec();
    let cmd = cmd.mut_args(|arg| {
        if arg.get_id() == "template" {
            arg.value_parser(PossibleValuesParser::new(packs.clone()))
        } else {
            arg
        }
    });
    let packs_for_subs = packs;
    cmd.mut_subcommands(move |sub| offer_packs(sub, &packs_for_subs))
}

pub(super) fn run(env: &Env, args: &CompletionsArgs) -> CliResult {
    let packs: Vec<String> = env.catalog()?.list()?.into_iter().map(|e| e.name).collect();
    let mut cmd = offer_packs(Cli::command(), &packs);
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "jianghua", &mut buf);
    write_stdout(&buf)?;
    Ok(Outcome::Success)
}
