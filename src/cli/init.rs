//! `jianghua init`: write a starter profile for a pack.

use std::path::PathBuf;

use clap::Args;

use jianghua::init::{profile_stub, schema_file_name};
use jianghua::{DEFAULT_PACK, output};

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
            eprintln!(
                "已写入 {}（和编辑器补全用的 {}）；改好其中的值后运行：jianghua generate {}",
                path.display(),
                schema_path.display(),
                path.display()
            );
        }
        _ => write_stdout(profile_stub(&pack, false).as_bytes())?,
    }
    Ok(Outcome::Success)
}
