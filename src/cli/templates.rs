//! `jianghua templates list|show|export`.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use unicode_width::UnicodeWidthStr;

use jianghua::pack::FileOrigin;
use jianghua::{Error, output};

use super::{CliResult, Env, HELP, Outcome, write_stdout};

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// 列出全部模板包：名称、标题、来源
    #[command(help_template = HELP, next_help_heading = "选项")]
    List,
    /// 显示一个模板包的变量、要点和编号样式
    #[command(help_template = HELP, next_help_heading = "选项")]
    Show(ShowArgs),
    /// 把模板包复制到 目录/名称/，以便修改；之后用 --templates 目录 使用它
    #[command(help_template = HELP, next_help_heading = "选项")]
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// 模板包名称
    #[arg(value_name = "名称")]
    name: String,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// 模板包名称
    #[arg(value_name = "名称")]
    name: String,
    /// 目标模板目录（模板包会放在其中的同名子文件夹里）
    #[arg(value_name = "目录")]
    dir: PathBuf,
    /// 允许覆盖已存在的文件
    #[arg(long)]
    force: bool,
}

pub fn run(env: &Env, cmd: TemplatesCommand) -> CliResult {
    match cmd {
        TemplatesCommand::List => list(env),
        TemplatesCommand::Show(args) => show(env, &args),
        TemplatesCommand::Export(args) => export(env, &args),
    }
}

fn pad(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(s.width())))
}

fn list(env: &Env) -> CliResult {
    let catalog = env.catalog()?;
    let mut rows = vec![("名称".to_owned(), "标题".to_owned(), "来源".to_owned())];
    for entry in catalog.list()? {
        let title = match catalog.load(&entry.name) {
            Ok(pack) => pack.title,
            Err(e) => format!("（无法加载：{e}）"),
        };
        let dirs: Vec<String> = entry.dirs.iter().map(|d| d.display().to_string()).collect();
        let origin = match (entry.builtin, dirs.is_empty()) {
            (true, true) => "内置".to_owned(),
            (true, false) => format!("内置，部分文件由 {} 覆盖", dirs.join("、")),
            (false, _) => dirs.join("、"),
        };
        rows.push((entry.name, title, origin));
    }
    let w0 = rows.iter().map(|r| r.0.width()).max().unwrap_or(0) + 2;
    let w1 = rows.iter().map(|r| r.1.width()).max().unwrap_or(0) + 2;
    let mut out = String::new();
    for (name, title, origin) in rows {
        let _ = writeln!(out, "{}{}{origin}", pad(&name, w0), pad(&title, w1));
    }
    write_stdout(out.as_bytes())?;
    Ok(Outcome::Success)
}

fn show(env: &Env, args: &ShowArgs) -> CliResult {
    let pack = env.catalog()?.load(&args.name)?;
    let mut out = String::new();
    let _ = writeln!(out, "{} —— {}", pack.name, pack.title);
    let _ = writeln!(out, "{}", pack.description);
    if let Some(genre) = &pack.genre {
        let _ = writeln!(out, "文种：{genre}");
    }
    let style = match pack.numbering {
        jianghua::zh::NumberingStyle::Di => "di（第一，……）",
        jianghua::zh::NumberingStyle::Gongwen => "gongwen（一、……）",
    };
    let _ = writeln!(out, "编号样式：{style}");
    let _ = writeln!(out, "称谓：{}", pack.salutation);
    let _ = writeln!(
        out,
        "\n要点（按默认顺序；配置文件中用 points = [...] 选择和调整）："
    );
    let wid = pack.points.iter().map(|p| p.id.width()).max().unwrap_or(0) + 2;
    for p in &pack.points {
        let note = if p.default {
            ""
        } else {
            "（可选，默认不含）"
        };
        let _ = writeln!(out, "  {}{}{note}", pad(&p.id, wid), p.heading);
    }
    let _ = writeln!(out, "\n变量：");
    let wn = pack
        .variables
        .iter()
        .map(|v| v.name.width())
        .max()
        .unwrap_or(0)
        + 2;
    let wt = pack
        .variables
        .iter()
        .map(|v| v.type_desc().width())
        .max()
        .unwrap_or(0)
        + 2;
    for v in &pack.variables {
        let need = if v.required { "必填" } else { "可选" };
        let _ = writeln!(
            out,
            "  {}{}{need}  {}",
            pad(&v.name, wn),
            pad(&v.type_desc(), wt),
            v.description
        );
        for f in &v.fields {
            let _ = writeln!(
                out,
                "  {}  · {}（{}）：{}",
                " ".repeat(wn),
                f.name,
                f.ty.zh(),
                f.description
            );
        }
        if let Some(ex) = &v.example {
            let _ = writeln!(out, "  {}  示例：{ex}", " ".repeat(wn));
        } else if let Some(def) = &v.default {
            let _ = writeln!(out, "  {}  默认：{def}", " ".repeat(wn));
        }
    }
    write_stdout(out.as_bytes())?;
    Ok(Outcome::Success)
}

fn export(env: &Env, args: &ExportArgs) -> CliResult {
    let pack = env.catalog()?.load(&args.name)?;
    let root = args.dir.join(&pack.name);
    if !args.force {
        if let Some(existing) = pack
            .files
            .keys()
            .map(|rel| root.join(rel))
            .find(|p| p.exists())
        {
            return Err(Error::OutputExists(existing).into());
        }
    }
    for file in pack.files.values() {
        let path = root.join(&file.rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::Write {
                path: parent.to_owned(),
                source,
            })?;
        }
        output::write_atomic(&path, file.text.as_bytes(), args.force)?;
    }
    let overridden = pack
        .files
        .values()
        .filter(|f| matches!(f.origin, FileOrigin::Path(_)))
        .count();
    let note = if overridden > 0 {
        format!("，其中 {overridden} 个来自自定义模板目录")
    } else {
        String::new()
    };
    eprintln!(
        "已导出模板包 {} 到 {}（{} 个文件{note}）\n修改后这样使用：jianghua --templates {} generate 配置文件",
        pack.name,
        root.display(),
        pack.files.len(),
        args.dir.display()
    );
    Ok(Outcome::Success)
}
