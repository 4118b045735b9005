//! `jianghua init`: write a starter profile for a pack.

use std::path::PathBuf;

use clap::Args;

use jianghua::{DEFAULT_PACK, init::profile_stub, output};

use super::{CliResult, Env, Outcome, write_stdout};

#[derive(Debug, Args)]
pub(super) struct InitArgs {
    /// 模板包名称
    #[arg(short = 't', long = "template", value_name = "模板包", default_value = DEFAULT_PACK)]
    template: String,

    /// 写入的文件；- 或不写表示标准输出
    #[arg(short = 'o', long = "output", value_name = "文件")]
    output: Option<PathBuf>,

    /// 允许覆盖已存在的文件
    #[arg(long)]
    force: bool,
}

pub(super) fn run(env: &Env, args: InitArgs) -> CliResult {
    let pack = env.catalog()?.load(&args.template)?;
    let text = profile_stub(&pack);
    match args.output {
        Some(path) if path.as_os_str() != "-" => {
            output::write_atomic(&path, text.as_bytes(), args.force)?;
            eprintln!(
                "已写入 {}；改好其中的值后运行：jianghua generate {}",
                path.display(),
                path.display()
            );
        }
        _ => write_stdout(text.as_bytes())?,
    }
    Ok(Outcome::Success)
}
