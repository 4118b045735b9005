//! `jianghua init`: write a starter profile for a pack.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;

use jianghua::init::{profile_stub, schema_file_name};
use jianghua::{DEFAULT_PACK, Diagnostic, output};

use super::{CliError, CliResult, Env, Outcome, write_stdout};

#[derive(Debug, Args)]
pub(super) struct InitArgs {
    /// 模板包名称（默认用 jianghua.toml 的 template，没有时为 dongyuan）
    #[arg(short = 't', long = "template", value_name = "模板包")]
    template: Option<String>,

    /// 写入的文件；- 或不写表示标准输出
    #[arg(short = 'o', long = "output", value_name = "文件")]
    output: Option<PathBuf>,

    /// 写出一份程序自带的示例配置（jianghua examples 列出全部），默认写成 名称.toml
    #[arg(long, value_name = "示例", conflicts_with = "template")]
    example: Option<String>,

    /// 允许覆盖已存在的文件
    #[arg(long)]
    force: bool,

    #[command(flatten)]
    pub(super) dirs: super::PackDirs,
}

pub(super) fn list_examples() -> CliResult {
    let all = jianghua::examples::list();
    let width = all.iter().map(|e| e.name.len()).max().unwrap_or(0) + 2;
    let mut out = String::from("程序自带的示例配置（用 jianghua init --example 名称 写出来）：\n");
    for e in &all {
        let pack = e.pack().unwrap_or_default();
        let _ = writeln!(out, "  {:<width$}{:<10}{}", e.name, pack, e.summary());
    }
    write_stdout(out.as_bytes())?;
    Ok(Outcome::Success)
}

fn write_example(name: &str, output: Option<&PathBuf>, force: bool) -> CliResult {
    let example = jianghua::examples::get(name)?;
    if output.is_some_and(|p| p.as_os_str() == "-") {
        if example.extends().is_some() {
            return Err(CliError::Usage(
                Diagnostic::new(format!(
                    "示例 {} 继承另一份配置，不能只输出到屏幕",
                    example.name
                ))
                .hint("用 -o 文件名 写到文件夹里，继承的文件会一起写出"),
            ));
        }
        write_stdout(example.text.as_bytes())?;
        return Ok(Outcome::Success);
    }
    let path = output
        .cloned()
        .unwrap_or_else(|| PathBuf::from(format!("{}.toml", example.name)));
    let files = jianghua::examples::write(&example, &path, force)?;
    let names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    super::say!("已写入 {}", names.join("、"));
    super::say!("下一步：jianghua generate {}", path.display());
    Ok(Outcome::Success)
}

pub(super) fn run(env: &Env, args: InitArgs) -> CliResult {
    if let Some(name) = &args.example {
        return write_example(name, args.output.as_ref(), args.force);
    }
    let name = args
        .template
        .as_deref()
        .or(env.default_pack())
        .unwrap_or(DEFAULT_PACK);
    let pack = env.catalog()?.load(name)?;
    match args.output {
        Some(path) if path.as_os_str() != "-" => {
            output::create_parent(&path)?;
            output::write_atomic(&path, profile_stub(&pack, true).as_bytes(), args.force)?;
            // The profile's first line points editors at this file.
            let schema_path = path.with_file_name(schema_file_name(&pack));
            if args.force || !schema_path.exists() {
                let mut schema =
                    serde_json::to_string_pretty(&jianghua::pack::json_schema::schema(&pack))
                        .unwrap_or_default();
                schema.push('\n');
                output::write_atomic(&schema_path, schema.as_bytes(), true)?;
            }
            super::say!(
                "已写入 {}（和编辑器补全用的 {}）",
                path.display(),
                schema_path.display()
            );
            // A pack found through --templates needs it again next time.
            let flags: String = env
                .cli_dirs
                .iter()
                .map(|d| format!("--templates {} ", d.display()))
                .collect();
            super::say!(
                "下一步：改好其中的值，然后运行 jianghua {flags}generate {}",
                path.display()
            );
            if !flags.is_empty() {
                super::say!(
                    "提示：在这个文件夹建一个 jianghua.toml，写上 templates = [\"{}\"]，以后就不必每次写 --templates",
                    env.cli_dirs[0].display()
                );
            }
        }
        _ => write_stdout(profile_stub(&pack, false).as_bytes())?,
    }
    Ok(Outcome::Success)
}
