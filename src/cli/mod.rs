//! The command line: argument types (clap lives only here), dispatch, and
//! printing errors as `错误：` / `提示：` diagnostics with carets.

mod batch;
mod check;
mod completions;
mod extract;
mod generate;
mod help;
mod init;
mod lint;
mod report;
mod serve;
mod stats;
mod templates;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgAction, Parser, Subcommand, ValueEnum};

use jianghua::{Catalog, Error, Format};

/// `--quiet`: only errors, warnings and failures reach standard error.
static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

/// A line of progress or of what was done (已写入……, 下一步……): left out
/// under `--quiet`.
macro_rules! say {
    ($($arg:tt)*) => {
        if !$crate::cli::quiet() {
            eprintln!($($arg)*);
        }
    };
}
pub(crate) use say;

/// 讲话：用模板包和 TOML 配置文件起草领导讲话稿。
#[derive(Debug, Parser)]
#[command(
    name = "jianghua",
    version,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_value_name = "命令",
    after_help = "示例：\n  jianghua init --example qingshan-jiedao     # 写出一份示例配置（在哪个文件夹都可以）\n  jianghua generate qingshan-jiedao.toml\n  jianghua examples                          # 全部示例配置\n  jianghua init -t dongyuan -o 我的配置.toml\n  jianghua templates list"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,

    /// 自定义模板目录（其中每个子文件夹是一个模板包；可重复，后者优先；也可用环境变量 JIANGHUA_TEMPLATES）
    #[arg(long = "templates", value_name = "目录", action = ArgAction::Append)]
    templates: Vec<PathBuf>,

    /// 显示帮助
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true)]
    help: Option<bool>,

    /// 显示版本
    #[arg(short = 'V', long = "version", action = ArgAction::Version)]
    version: Option<bool>,

    /// 安静：只输出错误、警告和失败，不显示进度和“已写入”之类的说明
    #[arg(short = 'q', long, global = true)]
    quiet: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 根据配置文件生成讲话稿
    Generate(generate::GenerateArgs),
    /// 批量生成：多个单位、多个版本，并行、可重复
    Batch(batch::BatchArgs),
    /// 检查配置文件并试生成，报告问题，不写任何文件
    Check(check::CheckCommand),
    /// 检查已有的讲话稿：占位符、外单位名称、数目与编号、用词、篇幅
    Lint(lint::LintArgs),
    /// 统计讲话稿的字数、段落、句子和预计讲话时长
    Stats(stats::StatsArgs),
    /// 把已有的讲话稿（包括打了星号的范文）变成模板包和配置文件
    Extract(extract::ExtractArgs),
    /// 生成一份列出全部变量的配置文件，改好即可使用；--example 写出一份示例配置
    Init(init::InitArgs),
    /// 列出程序自带的示例配置（用 init --example 名称 写出来）
    Examples,
    /// 查看、导出模板包
    #[command(subcommand, subcommand_value_name = "命令")]
    Templates(templates::TemplatesCommand),
    /// 打开网页工作台：填表、预览、检查、下载 Word，不用写 TOML
    Serve(serve::ServeArgs),
    /// 输出命令行自动补全脚本（bash、zsh、fish、powershell）
    Completions(completions::CompletionsArgs),
}

/// Output formats as the command line names them; mirrors [`Format`] so the
/// library stays free of clap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    /// 纯文本，段首空两格
    Txt,
    /// Markdown
    Md,
    /// 网页（可直接在浏览器中打印）
    Html,
    /// Word 文件，公文格式（GB/T 9704-2012）
    Docx,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Txt => Format::Txt,
            FormatArg::Md => Format::Md,
            FormatArg::Html => Format::Html,
            FormatArg::Docx => Format::Docx,
        }
    }
}

/// What every command gets besides its own arguments.
struct Env {
    template_dirs: Vec<PathBuf>,
    /// The folders given with `--templates` on this command line.
    cli_dirs: Vec<PathBuf>,
    /// The nearest `jianghua.toml`, if any.
    project: Option<jianghua::project::Project>,
}

impl Env {
    fn catalog(&self) -> Result<Catalog, Error> {
        Catalog::new(self.template_dirs.clone())
    }

    /// The pack for profiles that name none: the project's.
    fn default_pack(&self) -> Option<&str> {
        self.project.as_ref().and_then(|p| p.template.as_deref())
    }
}

/// A `--templates` folder as meant: pointing at one pack's own folder
/// (where `pack.toml` is) means the folder that holds it. Said, so that the
/// user knows which packs are in play.
fn templates_folder(dir: PathBuf) -> PathBuf {
    if !dir.join("pack.toml").is_file() {
        return dir;
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from(".."),
    };
    eprintln!(
        "提示：--templates {} 是一个模板包的文件夹；已改用它的上一级 {}（--templates 要写放模板包的文件夹）",
        dir.display(),
        parent.display()
    );
    parent
}

/// How a command ended when it did not fail outright.
enum Outcome {
    Success,
    /// It ran, and the result is negative (error findings): exit 1.
    Failure,
}

/// How `check`, `lint` and `stats` print their results.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum ReportFormat {
    /// 便于阅读的文字
    Human,
    /// JSON（便于其他程序处理）
    Json,
}

/// `--templates` after the command, on the commands that use packs (before
/// the command it is the top-level option, for every command).
#[derive(Debug, Clone, Default, clap::Args)]
pub(super) struct PackDirs {
    /// 自定义模板目录（其中每个子文件夹是一个模板包；可重复，后者优先；也可用环境变量 JIANGHUA_TEMPLATES）
    #[arg(long = "templates", value_name = "目录", action = ArgAction::Append, display_order = 90)]
    pub(super) templates: Vec<PathBuf>,
}

impl Command {
    /// The `--templates` folders written after the command.
    fn pack_dirs(&self) -> Vec<PathBuf> {
        match self {
            Command::Generate(a) => a.profile.dirs.templates.clone(),
            Command::Check(a) => a.profile.dirs.templates.clone(),
            Command::Batch(a) => a.dirs.templates.clone(),
            Command::Lint(a) => a.dirs.templates.clone(),
            Command::Init(a) => a.dirs.templates.clone(),
            Command::Completions(a) => a.dirs.templates.clone(),
            Command::Serve(a) => a.dirs.templates.clone(),
            Command::Templates(t) => t.pack_dirs(),
            Command::Stats(_) | Command::Extract(_) | Command::Examples => Vec::new(),
        }
    }
}

/// Options shared by the commands that report findings.
#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// 输出格式
    #[arg(long = "format", value_name = "格式", default_value = "human")]
    format: ReportFormat,

    /// 有警告也按失败处理（退出码 1）
    #[arg(long)]
    deny_warnings: bool,

    /// 语速：每分钟讲多少字（用于篇幅检查）
    #[arg(long, value_name = "字每分钟", default_value_t = jianghua::check::DEFAULT_RATE, value_parser = clap::value_parser!(u32).range(1..))]
    rate: u32,
}

impl CheckArgs {
    fn json(&self) -> bool {
        matches!(self.format, ReportFormat::Json)
    }
}

/// Prints findings (to standard output: they are what `check` and `lint`
/// produce) and turns them into the exit status.
fn report_findings(findings: &[jianghua::check::Finding], args: &CheckArgs) -> CliResult {
    let text = match args.format {
        ReportFormat::Json => {
            let mut s = serde_json::to_string_pretty(findings).unwrap_or_default();
            s.push('\n');
            s
        }
        ReportFormat::Human => format!(
            "{}{}\n",
            report::findings_human(findings),
            report::summary(findings)
        ),
    };
    write_stdout_text(&text)?;
    if jianghua::check::fails(findings, args.deny_warnings) {
        Ok(Outcome::Failure)
    } else {
        Ok(Outcome::Success)
    }
}

pub(crate) fn main() -> ExitCode {
    // A panic is our bug, never the user's: say so, and how to report it.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("错误：jianghua 内部出错，这是程序的缺陷，不是您的操作问题：{info}");
        eprintln!(
            "提示：请把这条信息、所用的命令和文件发给维护者；设置环境变量 RUST_BACKTRACE=1 后重试，可以得到详细的调用栈"
        );
        if std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0") {
            eprintln!("{}", std::backtrace::Backtrace::force_capture());
        }
    }));
    let cli = match help::localize(<Cli as clap::CommandFactory>::command())
        .try_get_matches()
        .and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) => usage_error(&e),
    };
    QUIET.store(cli.quiet, std::sync::atomic::Ordering::Relaxed);
    // A folder that cannot be read (deleted under the shell) has no settings.
    let here = std::env::current_dir().unwrap_or_default();
    let project = match jianghua::project::Project::find(&here) {
        Ok(p) => p,
        Err(e) => {
            report::print_error(&e);
            return ExitCode::from(1);
        }
    };
    // Environment folders first, then the project's: the command line is
    // more specific and wins.
    let mut template_dirs: Vec<PathBuf> = std::env::var_os("JIANGHUA_TEMPLATES")
        .map(|v| std::env::split_paths(&v).collect())
        .unwrap_or_default();
    template_dirs.retain(|p| !p.as_os_str().is_empty());
    template_dirs.extend(project.iter().flat_map(|p| p.templates.iter().cloned()));
    let after = cli.command.pack_dirs();
    let cli_dirs: Vec<PathBuf> = cli
        .templates
        .into_iter()
        .chain(after)
        .map(templates_folder)
        .collect();
    template_dirs.extend(cli_dirs.iter().cloned());
    let env = Env {
        template_dirs,
        cli_dirs,
        project,
    };
    let result = match cli.command {
        Command::Generate(args) => generate::run(&env, args),
        Command::Batch(args) => batch::run(&env, args),
        Command::Check(args) => check::run(&env, args),
        Command::Lint(args) => lint::run(&env, args),
        Command::Stats(args) => stats::run(&env, args),
        Command::Init(args) => init::run(&env, args),
        Command::Examples => init::list_examples(),
        Command::Extract(args) => extract::run(&env, args),
        Command::Templates(cmd) => templates::run(&env, cmd),
        Command::Completions(args) => completions::run(&env, &args),
        Command::Serve(args) => serve::run(&env, &args),
    };
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Failure) => ExitCode::from(1),
        Err(CliError::BrokenPipe) => ExitCode::SUCCESS,
        Err(CliError::Lib(e)) => {
            report::print_error(&e);
            ExitCode::from(1)
        }
        Err(CliError::Usage(d)) => {
            anstream::eprint!("{}", report::render("错误", &d));
            ExitCode::from(2)
        }
    }
}

/// Why a value did not parse, in Chinese. Our own parsers say it in Chinese
/// already; the standard library's and clap's range checks do not.
fn value_problem_zh(why: &str) -> String {
    if why.chars().any(jianghua::zh::text::is_cjk) {
        return why.to_owned();
    }
    if let Some((_, range)) = why.split_once(" is not in ") {
        if let Some((low, high)) = range.split_once("..=") {
            return format!("应在 {low} 到 {high} 之间");
        }
    }
    match why {
        "invalid digit found in string" => "应为整数（只写数字）".to_owned(),
        "cannot parse integer from empty string" => "不能为空".to_owned(),
        "number too large to fit in target type" => "数字太大".to_owned(),
        "number too small to fit in target type" => "数字太小".to_owned(),
        "invalid float literal" => "应为数字".to_owned(),
        _ => "格式不对".to_owned(),
    }
}

/// A failure at the edge: a library error to print, or a closed pipe to
/// leave quietly (`jianghua generate … | head`).
enum CliError {
    Lib(Error),
    /// A command line that cannot mean what it says (`-o 稿.pdf`): exit 2.
    Usage(jianghua::Diagnostic),
    BrokenPipe,
}

impl From<Error> for CliError {
    fn from(e: Error) -> Self {
        Self::Lib(e)
    }
}

type CliResult = Result<Outcome, CliError>;

/// Writes to standard output; a closed pipe ends the command quietly.
fn write_stdout(bytes: &[u8]) -> Result<(), CliError> {
    finish_stdout(std::io::stdout().lock(), bytes)
}

/// Writes diagnostics to standard output: their colours kept on a
/// terminal, stripped in a pipe or file or under `NO_COLOR`.
fn write_stdout_text(text: &str) -> Result<(), CliError> {
    finish_stdout(anstream::stdout().lock(), text.as_bytes())
}

fn finish_stdout(mut out: impl Write, bytes: &[u8]) -> Result<(), CliError> {
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(CliError::BrokenPipe),
        Err(e) => Err(CliError::Lib(Error::Write {
            path: PathBuf::from("<标准输出>"),
            source: e,
        })),
    }
}

/// Prints a command-line usage error in Chinese and exits 2. clap's own
/// messages are English; we rebuild the common ones from the error's context.
fn usage_error(e: &clap::Error) -> ! {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        e.exit();
    }
    let get = |kind: ContextKind| -> Option<String> {
        match e.get(kind)? {
            ContextValue::String(s) => Some(s.clone()),
            ContextValue::Strings(v) => Some(v.join("、")),
            ContextValue::StyledStr(s) => Some(s.to_string()),
            ContextValue::StyledStrs(v) => Some(
                v.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("、"),
            ),
            ContextValue::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let message = match e.kind() {
        ErrorKind::UnknownArgument => format!("未知的参数 `{arg}`"),
        ErrorKind::InvalidSubcommand => format!(
            "未知的命令 `{}`",
            get(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} 需要一个值"),
        ErrorKind::InvalidValue => format!("{arg} 的值 `{value}` 无效"),
        ErrorKind::ValueValidation => match std::error::Error::source(e) {
            Some(why) => format!(
                "{arg} 的值 `{value}` 无效：{}",
                value_problem_zh(&why.to_string())
            ),
            None => format!("{arg} 的值 `{value}` 无效"),
        },
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand => "缺少命令".to_owned(),
        ErrorKind::ArgumentConflict => format!(
            "参数 {arg} 不能与 {} 同时使用",
            get(ContextKind::PriorArg).unwrap_or_default()
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("{arg} 的值个数不对")
        }
        _ => e
            .render()
            .to_string()
            .trim_start_matches("error: ")
            .lines()
            .next()
            .unwrap_or("")
            .to_owned(),
    };
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "错误：{message}");
    if let Some(valid) = get(ContextKind::ValidValue) {
        let _ = writeln!(err, "提示：可选的值：{valid}");
    }
    for kind in [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ] {
        let mut suggestions = match e.get(kind) {
            Some(ContextValue::Strings(v)) => v.clone(),
            Some(ContextValue::String(s)) => vec![s.clone()],
            _ => Vec::new(),
        };
        // clap offers every command that looks alike (`generat`: extract,
        // generate); the nearest by edits is the one meant.
        if kind == ContextKind::SuggestedSubcommand && suggestions.len() > 1 {
            let typed = get(ContextKind::InvalidSubcommand).unwrap_or_default();
            let best = suggestions
                .iter()
                .map(|s| strsim::levenshtein(&typed, s))
                .min()
                .unwrap_or_default();
            suggestions.retain(|s| strsim::levenshtein(&typed, s) == best);
        }
        if !suggestions.is_empty() {
            let _ = writeln!(err, "提示：是不是要用 `{}`？", suggestions.join("` 或 `"));
        }
    }
    // The help of the command the mistake is in: `jianghua batch --help`.
    let mut command = "jianghua".to_owned();
    if let Some(usage) = get(ContextKind::Usage) {
        let usage = usage.trim().trim_start_matches("Usage:").trim();
        let _ = writeln!(err, "\n用法：{usage}");
        command = usage
            .split_whitespace()
            .take_while(|w| !w.starts_with(['[', '<']))
            .collect::<Vec<_>>()
            .join(" ");
    }
    let _ = writeln!(err, "\n查看帮助：{command} --help");
    std::process::exit(2);
}

/// Parses `key=value` for `--set`.
fn parse_set(s: &str) -> Result<(String, String), String> {
    let (k, v) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}` 应写成 键=值，例如 campaign.months=6"))?;
    let k = k.trim();
    if k.is_empty() {
        return Err(format!("`{s}` 缺少键名"));
    }
    Ok((k.to_owned(), v.to_owned()))
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
