//! `jianghua generate`: one profile → one speech draft.

use std::path::{Path, PathBuf};

use clap::Args;

use jianghua::check::{self, Finding, Severity};
use jianghua::pipeline::{self, PackChoice};
use jianghua::{Diagnostic, Error, Format, ProfileDoc, Speech, Validated, output, source::Source};

use super::{CliError, CliResult, Env, FormatArg, Outcome, parse_set, report, write_stdout};

/// The profile and how to read it; shared by `generate`, `check` and `lint --profile`.
#[derive(Debug, Args)]
pub(super) struct ProfileArgs {
    /// 配置文件（TOML）；- 表示从标准输入读取
    #[arg(value_name = "配置文件")]
    pub profile: PathBuf,

    /// 模板包名称（默认用配置文件中的 template，没写时用 jianghua.toml 的 template）
    #[arg(
        short = 't',
        long = "template",
        value_name = "模板包",
        display_order = 3
    )]
    pub template: Option<String>,

    /// 覆盖配置中的某个值，按模板包声明的类型解析，可重复：--set campaign.months=6
    #[arg(long = "set", value_name = "键=值", value_parser = parse_set, display_order = 4)]
    pub set: Vec<(String, String)>,

    /// 种子：选择模板中的不同说法；同样的种子和配置总是得到同样的讲话稿
    #[arg(long, value_name = "整数", default_value_t = 0, display_order = 5)]
    pub seed: u64,

    #[command(flatten)]
    pub(super) dirs: super::PackDirs,
}

#[derive(Debug, Args)]
pub(super) struct GenerateArgs {
    #[command(flatten)]
    pub(super) profile: ProfileArgs,

    /// 输出格式（默认按 -o 的扩展名，否则 txt）
    #[arg(short = 'f', long = "format", value_name = "格式", display_order = 2)]
    format: Option<FormatArg>,

    /// 输出文件；- 或不写表示标准输出
    // Where and in what form first: what most runs of generate set.
    #[arg(short = 'o', long = "output", value_name = "文件", display_order = 1)]
    output: Option<PathBuf>,

    /// 允许覆盖已存在的输出文件
    #[arg(long, display_order = 6)]
    force: bool,

    /// 检查发现错误时仍然输出讲话稿
    #[arg(long, display_order = 7)]
    allow_findings: bool,
}

/// A profile validated and rendered, with how findings name it.
pub(super) struct Prepared {
    pub prepared: pipeline::Prepared,
    pub speech: Speech,
    pub name: String,
}

impl Prepared {
    pub(super) fn findings(&self, rate: u32) -> Vec<Finding> {
        self.prepared.check(&self.name, &self.speech, rate)
    }
}

impl ProfileArgs {
    /// `-t`, else the profile's own `template`, else the project's pack.
    fn choice<'a>(&'a self, env: &'a Env) -> PackChoice<'a> {
        PackChoice {
            explicit: self.template.as_deref(),
            sets: &self.set,
            fallback: env.default_pack(),
        }
    }
}

/// Loads, validates and renders a profile.
pub(super) fn prepare(env: &Env, args: &ProfileArgs) -> Result<Prepared, Error> {
    let doc = load_profile(&args.profile)?;
    // Kept only for an init stub: the warning needs its values after render.
    let stub = doc.from_init().then(|| doc.clone());
    let (prepared, speech) = pipeline::render(doc, &env.catalog()?, &args.choice(env), args.seed)?;
    if let Some(stub) = &stub {
        warn_unchanged(stub, prepared.packed.pack(), &args.profile);
    }
    Ok(Prepared {
        prepared,
        speech,
        name: format!("生成稿（{}）", args.profile.display()),
    })
}

/// A profile `init` wrote whose values are still the examples makes a
/// speech that reads finished but is about the example unit: said, not
/// refused (the values may be right).
fn warn_unchanged(doc: &ProfileDoc, pack: &jianghua::Pack, path: &Path) {
    let keys = doc.unchanged_examples(pack);
    if keys.is_empty() {
        return;
    }
    let shown: Vec<String> = keys
        .iter()
        .take(4)
        .map(|k| match doc.node_at(k).map(|n| &n.kind) {
            Some(jianghua::value::Kind::Str(s)) => format!("{k} = “{s}”"),
            _ => k.clone(),
        })
        .collect();
    let d = Diagnostic::new(format!(
        "{} 里有 {} 个值还是 init 写入的示例值：{}{}",
        path.display(),
        keys.len(),
        shown.join("，"),
        if keys.len() > shown.len() { "……" } else { "" }
    ))
    .hint("把示例值改成本次会议的实际情况；若确实就是这些值，删去文件开头“由 jianghua init 生成”那一行，提示就不再出现");
    anstream::eprint!("{}", report::render("警告", &d));
}

/// Loads a profile and checks it against its pack.
pub(super) fn validate(env: &Env, args: &ProfileArgs) -> Result<Validated, Error> {
    let doc = load_profile(&args.profile)?;
    let selected = pipeline::select(
        doc,
        &args.choice(env),
        pipeline::from_catalog(&env.catalog()?),
    )?;
    Ok(selected.validate()?.validated)
}

/// Refuses an output that cannot be what the user wants before any work:
/// a file type we do not write (`稿.pdf` would get plain text), or the
/// profile itself (`-o a.toml --force` would replace it with the speech).
fn check_output(args: &GenerateArgs) -> Result<(), CliError> {
    let Some(out) = args.output.as_deref().filter(|p| p.as_os_str() != "-") else {
        return Ok(());
    };
    let input = &args.profile.profile;
    let same = out == input
        || matches!((out.canonicalize(), input.canonicalize()), (Ok(a), Ok(b)) if a == b);
    if same {
        return Err(CliError::Usage(
            Diagnostic::new(format!(
                "输出文件 {} 就是配置文件，写入会把配置覆盖掉",
                out.display()
            ))
            .hint("用 -o 换一个文件名，例如 -o 讲话稿.docx"),
        ));
    }
    let ext = out.extension().map(|e| e.to_string_lossy().to_string());
    if let (Some(ext), None, None) = (&ext, args.format, Format::from_path(out)) {
        return Err(CliError::Usage(
            Diagnostic::new(format!("不能写成 .{ext} 文件：{}", out.display()))
                .hint("能写的格式：.txt、.md、.html、.docx（Word，公文格式）")
                .hint("要 PDF，先生成 .docx，再用 Word 或 WPS 另存为 PDF"),
        ));
    }
    Ok(())
}

pub(super) fn run(env: &Env, args: GenerateArgs) -> CliResult {
    check_output(&args)?;
    let prepared = prepare(env, &args.profile)?;
    let findings = prepared.findings(check::DEFAULT_RATE);
    let errors = findings.iter().any(|f| f.severity == Severity::Error);
    if !findings.is_empty() {
        anstream::eprint!("{}", report::findings_human(&findings));
    }
    if errors && !args.allow_findings {
        eprintln!(
            "{}；讲话稿没有输出。改正后重试，或加 --allow-findings 仍然输出",
            report::summary(&findings)
        );
        return Ok(Outcome::Failure);
    }

    let to_stdout = args.output.as_ref().is_none_or(|p| p.as_os_str() == "-");
    let format = args
        .format
        .map(Format::from)
        .or_else(|| args.output.as_deref().and_then(Format::from_path))
        .unwrap_or(Format::Txt);
    let bytes = format.write(&prepared.speech)?;
    if to_stdout && !format.is_text() && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return Err(Error::Write {
            path: PathBuf::from("<标准输出>"),
            source: std::io::Error::other("Word 文件不能直接显示在终端上，请用 -o 指定文件名"),
        }
        .into());
    }
    match args.output {
        Some(path) if !to_stdout => {
            output::create_parent(&path)?;
            output::write_atomic(&path, &bytes, args.force)?;
            super::say!(
                "已写入 {}（{} 字）",
                path.display(),
                prepared.speech.char_count()
            );
        }
        _ => write_stdout(&bytes)?,
    }
    Ok(Outcome::Success)
}

/// Reads a profile from a file, or from standard input for `-`.
pub(super) fn load_profile(path: &Path) -> Result<ProfileDoc, Error> {
    let doc = load_profile_quiet(path)?;
    for notice in &doc.notices {
        eprintln!("注意：{notice}");
    }
    Ok(doc)
}

fn load_profile_quiet(path: &Path) -> Result<ProfileDoc, Error> {
    if path.as_os_str() == "-" {
        return ProfileDoc::from_source(read_stdin()?, None);
    }
    ProfileDoc::load(path)
}

/// Standard input as a source named `<标准输入>`.
pub(super) fn read_stdin() -> Result<Source, Error> {
    Source::from_bytes("<标准输入>".to_owned(), read_stdin_bytes()?)
}

/// Standard input, up to the input size limit (one byte more, so that a
/// larger input is recognized and refused).
pub(super) fn read_stdin_bytes() -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(std::io::stdin(), jianghua::source::MAX_INPUT_BYTES + 1),
        &mut bytes,
    )
    .map_err(|source| Error::Read {
        path: PathBuf::from("-"),
        source,
    })?;
    Ok(bytes)
}
