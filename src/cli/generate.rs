//! `jianghua generate`: one profile → one speech draft.

use std::path::PathBuf;

use clap::Args;

use jianghua::{Engine, Error, Format, ProfileDoc, output, source::Source};

use super::{CliResult, Env, FormatArg, Outcome, parse_set, write_stdout};

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// 配置文件（TOML）；- 表示从标准输入读取
    #[arg(value_name = "配置文件")]
    profile: PathBuf,

    /// 模板包名称（默认用配置文件中的 template）
    #[arg(short = 't', long = "template", value_name = "模板包")]
    template: Option<String>,

    /// 输出格式（默认按 -o 的扩展名，否则 txt）
    #[arg(short = 'f', long = "format", value_name = "格式")]
    format: Option<FormatArg>,

    /// 输出文件；- 或不写表示标准输出
    #[arg(short = 'o', long = "output", value_name = "文件")]
    output: Option<PathBuf>,

    /// 允许覆盖已存在的输出文件
    #[arg(long)]
    force: bool,

    /// 覆盖配置中的某个值，按模板包声明的类型解析，可重复：--set campaign.months=6
    #[arg(long = "set", value_name = "键=值", value_parser = parse_set)]
    set: Vec<(String, String)>,
}

pub fn run(env: &Env, args: GenerateArgs) -> CliResult {
    let catalog = env.catalog()?;
    let doc = load_profile(&args.profile)?;
    let from_set = args
        .set
        .iter()
        .rev()
        .find(|(k, _)| k == "template")
        .map(|(_, v)| v.clone());
    let pack_name = args
        .template
        .or(from_set)
        .or_else(|| doc.template())
        .ok_or(Error::NoPack)?;
    let pack = catalog.load(&pack_name)?;
    let mut doc = doc;
    doc.apply_sets(&args.set, &pack)?;
    let validated = doc.validate(&pack)?;
    let speech = Engine::new(&pack)?.render(&validated)?;

    let to_stdout = args.output.as_ref().is_none_or(|p| p.as_os_str() == "-");
    let format = args
        .format
        .map(Format::from)
        .or_else(|| args.output.as_deref().and_then(Format::from_path))
        .unwrap_or(Format::Txt);
    let bytes = format.write(&speech);
    match args.output {
        Some(path) if !to_stdout => {
            output::write_atomic(&path, &bytes, args.force)?;
            eprintln!("已写入 {}（{} 字）", path.display(), speech.char_count());
        }
        _ => write_stdout(&bytes)?,
    }
    Ok(Outcome::Success)
}

/// Reads a profile from a file, or from standard input for `-`.
pub fn load_profile(path: &std::path::Path) -> Result<ProfileDoc, Error> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map_err(|source| {
            Error::Read {
                path: path.to_owned(),
                source,
            }
        })?;
        return ProfileDoc::from_source(Source::from_bytes("<标准输入>".to_owned(), bytes)?, None);
    }
    ProfileDoc::load(path)
}
