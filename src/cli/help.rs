//! Help in one language and one style: clap's own words ("[OPTIONS]",
//! "[default: 0]", "Possible values") and ASCII-colon headings replaced,
//! positional arguments under their own heading, every command's help laid
//! out by the same templates. Applied to the whole command tree once, before
//! parsing, so the derive attributes stay plain.

use clap::Command;

const ARGS_AND_OPTIONS: &str = "\
{about-with-newline}
用法：{usage}

参数：
{positionals}

选项：
{options}{after-help}";

const OPTIONS_ONLY: &str = "\
{about-with-newline}
用法：{usage}

选项：
{options}{after-help}";

const COMMANDS: &str = "\
{about-with-newline}
用法：{usage}

命令：
{subcommands}

选项：
{options}{after-help}";

/// The command tree with Chinese help throughout.
pub(super) fn localize(cmd: Command) -> Command {
    let mut cmd = localize_args(cmd);
    cmd.build();
    with_usage(cmd)
}

fn localize_args(cmd: Command) -> Command {
    let template = if cmd.has_subcommands() {
        COMMANDS
    } else if cmd.get_positionals().next().is_some() {
        ARGS_AND_OPTIONS
    } else {
        OPTIONS_ONLY
    };
    let cmd = cmd.help_template(template).mut_args(|arg| {
        let mut extra = Vec::new();
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_owned())
            .collect();
        // A flag's possible values are true/false: nothing to tell.
        if !values.is_empty() && arg.get_action().takes_values() {
            extra.push(format!("可选：{}", values.join("、")));
        }
        let defaults: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        if !defaults.is_empty() && arg.get_action().takes_values() {
            extra.push(format!("默认：{}", defaults.join("、")));
        }
        if extra.is_empty() {
            return arg;
        }
        let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
        arg.hide_default_value(true)
            .hide_possible_values(true)
            .help(format!("{help}。{}", extra.join("；")))
            .long_help(None::<&'static str>)
    });
    cmd.mut_subcommands(localize_args)
}

/// clap's usage line with Chinese placeholders.
fn with_usage(mut cmd: Command) -> Command {
    let usage = cmd
        .render_usage()
        .to_string()
        .trim_start_matches("Usage:")
        .trim()
        .replace("[OPTIONS]", "[选项]")
        .replace("<COMMAND>", "<命令>")
        .replace("[COMMAND]", "[命令]");
    cmd.override_usage(usage).mut_subcommands(with_usage)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    fn help(path: &[&str]) -> String {
        let mut cmd = localize(super::super::Cli::command());
        for name in path {
            cmd = cmd.find_subcommand(name).unwrap().clone();
        }
        cmd.render_help().to_string()
    }

    #[test]
    fn every_help_is_in_chinese_with_full_width_headings() {
        let root = localize(super::super::Cli::command());
        let mut paths: Vec<Vec<String>> = vec![vec![]];
        for sub in root.get_subcommands() {
            paths.push(vec![sub.get_name().to_owned()]);
            for subsub in sub.get_subcommands() {
                paths.push(vec![
                    sub.get_name().to_owned(),
                    subsub.get_name().to_owned(),
                ]);
            }
        }
        for path in paths {
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            let text = help(&path);
            for english in [
                "[OPTIONS]",
                "Options:",
                "Arguments:",
                "[default:",
                "ossible values",
                "Usage:",
                "Commands:",
            ] {
                assert!(!text.contains(english), "{path:?}: {english}\n{text}");
            }
            assert!(text.contains("选项：\n"), "{path:?}\n{text}");
        }
    }

    #[test]
    fn templates_is_offered_only_where_packs_are_used() {
        for path in [
            &["stats"][..],
            &["examples"],
            &["templates", "check"],
            &["extract"],
        ] {
            assert!(!help(path).contains("--templates"), "{path:?}");
        }
        for path in [
            &["generate"][..],
            &["batch"],
            &["lint"],
            &["init"],
            &["templates", "show"],
        ] {
            assert!(help(path).contains("--templates"), "{path:?}");
        }
    }

    #[test]
    fn positionals_come_under_their_own_heading_before_the_options() {
        let text = help(&["generate"]);
        let args = text.find("参数：").unwrap();
        let opts = text.find("选项：").unwrap();
        let profile = text.find("<配置文件>").unwrap();
        assert!(args < opts, "{text}");
        assert!(
            text[args..opts].contains("<配置文件>") && profile < opts,
            "{text}"
        );
        assert!(text.contains("默认：0"), "{text}");
        assert!(text.contains("可选：txt、md、html、docx"), "{text}");
    }
}
