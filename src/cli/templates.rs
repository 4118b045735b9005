//! `jianghua templates list|show|export`.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use unicode_width::UnicodeWidthStr;

use jianghua::pack::{FileOrigin, PackKind};
use jianghua::{Error, output};

use super::{CliResult, Env, Outcome, write_stdout};

#[derive(Debug, Subcommand)]
pub(super) enum TemplatesCommand {
    /// 列出全部模板包：名称、标题、来源
    List(ListArgs),
    /// 显示一个模板包的变量、要点和编号样式
    Show(ShowArgs),
    /// 把模板包复制到 目录/名称/，以便修改；之后用 --templates 目录 使用它
    Export(ExportArgs),
    /// 新建模板包：目录/名称/（可以从已有的模板包复制）
    New(NewArgs),
    /// 检查一个模板包文件夹：语法、变量、助手、局部模板
    Check(CheckPackArgs),
    /// 输出模板包配置文件的 JSON Schema，供编辑器补全和校验
    Schema(SchemaArgs),
    /// 生成填写用的表格（.xlsx 或 .csv）：每个变量一列，说明写在列名的批注里，附一行示例；填好后用 batch --table 批量生成
    Table(TableArgs),
}

#[derive(Debug, Args)]
pub(super) struct ListArgs {
    #[command(flatten)]
    dirs: super::PackDirs,
}

impl TemplatesCommand {
    /// The `--templates` folders written after the command.
    pub(super) fn pack_dirs(&self) -> Vec<std::path::PathBuf> {
        match self {
            Self::List(a) => a.dirs.templates.clone(),
            Self::Show(a) => a.dirs.templates.clone(),
            Self::Export(a) => a.dirs.templates.clone(),
            Self::New(a) => a.dirs.templates.clone(),
            Self::Schema(a) => a.dirs.templates.clone(),
            Self::Table(a) => a.dirs.templates.clone(),
            Self::Check(_) => Vec::new(),
        }
    }
}

#[derive(Debug, Args)]
pub(super) struct TableArgs {
    /// 模板包名称
    #[arg(value_name = "名称")]
    name: String,
    /// 写入的表格文件，.xlsx 或 .csv
    #[arg(short = 'o', long = "output", value_name = "文件")]
    output: PathBuf,
    /// 允许覆盖已存在的文件
    #[arg(long)]
    force: bool,

    #[command(flatten)]
    pub(super) dirs: super::PackDirs,
}

#[derive(Debug, Args)]
pub(super) struct NewArgs {
    /// 新模板包的名称
    #[arg(value_name = "名称")]
    name: String,
    /// 模板目录（新模板包放在其中的同名子文件夹里）
    #[arg(value_name = "目录")]
    dir: PathBuf,
    /// 以这个模板包为底稿
    #[arg(long, value_name = "模板包")]
    from: Option<String>,

    #[command(flatten)]
    pub(super) dirs: super::PackDirs,
}

#[derive(Debug, Args)]
pub(super) struct CheckPackArgs {
    /// 模板包文件夹（其中有 pack.toml）
    #[arg(value_name = "模板包文件夹")]
    dir: PathBuf,
}

#[derive(Debug, Args)]
pub(super) struct SchemaArgs {
    /// 模板包名称
    #[arg(value_name = "名称")]
    name: String,
    /// 写入的文件；不写表示标准输出
    #[arg(short = 'o', long = "output", value_name = "文件")]
    output: Option<PathBuf>,
    /// 允许覆盖已存在的文件
    #[arg(long)]
    force: bool,

    #[command(flatten)]
    pub(super) dirs: super::PackDirs,
}

#[derive(Debug, Args)]
pub(super) struct ShowArgs {
    /// 模板包名称
    #[arg(value_name = "名称")]
    name: String,

    #[command(flatten)]
    pub(super) dirs: super::PackDirs,
}

#[derive(Debug, Args)]
pub(super) struct ExportArgs {
    /// 模板包名称
    #[arg(value_name = "名称")]
    name: String,
    /// 目标模板目录（模板包会放在其中的同名子文件夹里）
    #[arg(value_name = "目录")]
    dir: PathBuf,
    /// 允许覆盖已存在的文件
    #[arg(long)]
    force: bool,

    #[command(flatten)]
    pub(super) dirs: super::PackDirs,
}

pub(super) fn run(env: &Env, cmd: TemplatesCommand) -> CliResult {
    match cmd {
        TemplatesCommand::List(_) => list(env),
        TemplatesCommand::Show(args) => show(env, &args),
        TemplatesCommand::Export(args) => export(env, &args),
        TemplatesCommand::New(args) => new(env, &args),
        TemplatesCommand::Check(args) => check(&args),
        TemplatesCommand::Schema(args) => schema(env, &args),
        TemplatesCommand::Table(args) => table(env, &args),
    }
}

fn pad(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(s.width())))
}

fn list(env: &Env) -> CliResult {
    let catalog = env.catalog()?;
    // Rows by kind (讲话, 致辞, 主持词, 发言); packs that do not load come last.
    let mut groups: Vec<(String, Vec<[String; 5]>)> = PackKind::ALL
        .iter()
        .map(|k| (k.zh().to_owned(), Vec::new()))
        .collect();
    let mut broken = Vec::new();
    for entry in catalog.list()? {
        let dirs: Vec<String> = entry.dirs.iter().map(|d| d.display().to_string()).collect();
        let origin = match (entry.builtin, dirs.is_empty()) {
            (true, true) => "内置".to_owned(),
            (true, false) => format!("内置，部分文件由 {} 覆盖", dirs.join("、")),
            (false, _) => dirs.join("、"),
        };
        match catalog.load(&entry.name) {
            Ok(pack) => {
                let length = pack
                    .length
                    .map_or_else(|| "—".to_owned(), |[lo, hi]| format!("{lo}–{hi} 字"));
                let row = [entry.name, pack.title, length, origin, pack.description];
                let at = PackKind::ALL
                    .iter()
                    .position(|k| *k == pack.kind)
                    .unwrap_or(0);
                groups[at].1.push(row);
            }
            Err(e) => broken.push([
                entry.name,
                "（无法加载）".to_owned(),
                "—".to_owned(),
                origin,
                e.to_string(),
            ]),
        }
    }
    if !broken.is_empty() {
        groups.push(("无法加载".to_owned(), broken));
    }
    let header = ["名称", "标题", "篇幅", "来源", "说明"].map(str::to_owned);
    let all = groups.iter().flat_map(|(_, rows)| rows).chain([&header]);
    let mut widths = [0; 4];
    for row in all {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width() + 2);
        }
    }
    let line = |row: &[String; 5]| {
        let mut text = String::from("  ");
        for (w, cell) in widths.iter().zip(row) {
            text.push_str(&pad(cell, *w));
        }
        text.push_str(&row[4]);
        text.push('\n');
        text
    };
    let mut out = line(&header);
    for (kind, rows) in groups.iter().filter(|(_, rows)| !rows.is_empty()) {
        let _ = writeln!(out, "{kind}（{} 个）", rows.len());
        for row in rows {
            out.push_str(&line(row));
        }
    }
    write_stdout(out.as_bytes())?;
    Ok(Outcome::Success)
}

fn show(env: &Env, args: &ShowArgs) -> CliResult {
    let pack = env.catalog()?.load(&args.name)?;
    let mut out = String::new();
    let _ = writeln!(out, "{} —— {}", pack.name, pack.title);
    let _ = writeln!(out, "{}", pack.description);
    match &pack.genre {
        Some(genre) => {
            let _ = writeln!(out, "类别：{}；文种：{genre}", pack.kind.zh());
        }
        None => {
            let _ = writeln!(out, "类别：{}", pack.kind.zh());
        }
    }
    let style = match pack.numbering {
        jianghua::zh::NumberingStyle::Di => "di（第一，……）",
        jianghua::zh::NumberingStyle::Gongwen => "gongwen（一、……）",
    };
    let _ = writeln!(out, "编号样式：{style}");
    if pack.salutation.contains("{{") {
        let _ = writeln!(
            out,
            "称谓：按单位类型（[register]）生成，配置文件中可用 salutation 改写"
        );
    } else {
        let _ = writeln!(out, "称谓：{}", pack.salutation);
    }
    if let Some([from, to]) = pack.length {
        let _ = writeln!(
            out,
            "篇幅：通常 {from}–{to} 字（约 {}–{} 分钟）；[target] 低于或高于这个范围时，模板取简短或详尽的写法",
            from / 200,
            to.div_ceil(200)
        );
    }
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
        .variables()
        .iter()
        .map(|v| v.name.width())
        .max()
        .unwrap_or(0)
        + 2;
    let wt = pack
        .variables()
        .iter()
        .map(|v| v.type_desc().width())
        .max()
        .unwrap_or(0)
        + 2;
    for v in pack.variables() {
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
        output::write_in_tree(&root.join(&file.rel), file.text.as_bytes(), args.force)?;
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
    super::say!(
        "已导出模板包 {} 到 {}（{} 个文件{note}）\n修改后这样使用：jianghua --templates {} generate 配置文件",
        pack.name,
        root.display(),
        pack.files.len(),
        args.dir.display()
    );
    Ok(Outcome::Success)
}

const SKELETON_PACK: &str = r#"# 新模板包：改好 title、description、变量和要点后，用
#   jianghua templates check 本文件夹
# 检查，再用 jianghua --templates 模板目录 init -t {name} 生成配置文件。
name = "{name}"
title = "新的讲话稿模板"
description = "（一句话说明这个模板包适用的会议）"
numbering = "di"
salutation = "同志们："

[speech]
title = "在{{unit.name}}{{meeting.name}}上的讲话"
byline = "{{speaker.title}}　{{speaker.name}}"
date_line = "（{{date meeting.date}}）"
author = "{{speaker.name}}"
opening = "opening.hbs"
closing = "closing.hbs"

[[points]]
id = "first"
heading = "第一点的标题（编号由程序生成，不要写“第一”）"
file = "first.hbs"

[[points]]
id = "second"
heading = "第二点的标题"
file = "second.hbs"

[[variables]]
name = "unit.name"
type = "string"
required = true
description = "本单位全称"
example = "青山街道"

[[variables]]
name = "meeting.name"
type = "string"
required = true
description = "会议名称"
example = "工作会议"

[[variables]]
name = "meeting.date"
type = "date"
required = true
description = "会议日期"
example = 2026-12-01

[[variables]]
name = "speaker.name"
type = "string"
required = true
description = "讲话人姓名"
example = "李明"

[[variables]]
name = "speaker.title"
type = "string"
required = true
description = "讲话人职务"
example = "街道党工委书记"
"#;

fn new(env: &Env, args: &NewArgs) -> CliResult {
    let name = jianghua::batch::naming::sanitize(&args.name);
    let root = args.dir.join(&name);
    if root.exists() {
        return Err(Error::OutputExists(root).into());
    }
    let files: Vec<(String, String)> = match &args.from {
        Some(from) => {
            let pack = env.catalog()?.load(from)?;
            pack.files
                .values()
                .map(|f| {
                    let text = if f.rel == "pack.toml" {
                        f.text.replacen(&format!("name = \"{}\"", pack.name), &format!("name = \"{name}\""), 1)
                    } else {
                        f.text.clone()
                    };
                    (f.rel.clone(), text)
                })
                .collect()
        }
        None => vec![
            ("pack.toml".to_owned(), SKELETON_PACK.replace("{name}", &name)),
            (
                "opening.hbs".to_owned(),
                "今天，我们召开{{unit.name}}{{meeting.name}}。（开头：会议的背景和任务。段落之间空一行。）\n\n下面，我讲{{count speech.point_count \"点意见\"}}。\n".to_owned(),
            ),
            ("first.hbs".to_owned(), "（第一点的正文。以 ## 开头的行是小标题，编号由程序生成。）\n".to_owned()),
            ("second.hbs".to_owned(), "（第二点的正文。）\n".to_owned()),
            ("closing.hbs".to_owned(), "同志们，（结尾的号召）。\n".to_owned()),
        ],
    };
    for (rel, text) in &files {
        output::write_in_tree(&root.join(rel), text.as_bytes(), false)?;
    }
    jianghua::Pack::from_dir(&root)?;
    super::say!(
        "已新建模板包 {}（{} 个文件）\n检查：jianghua templates check {}\n使用：jianghua --templates {} init -t {name}",
        root.display(),
        files.len(),
        root.display(),
        args.dir.display()
    );
    Ok(Outcome::Success)
}

fn check(args: &CheckPackArgs) -> CliResult {
    let pack = jianghua::Pack::from_dir(&args.dir)?;
    let report = jianghua::pack_check::check(&pack);
    let mut out = String::new();
    for d in &report.errors {
        out.push_str(&super::report::render("错误", d));
    }
    for d in &report.warnings {
        out.push_str(&super::report::render("警告", d));
    }
    let _ = writeln!(
        out,
        "模板包 {}：{} 个模板，{} 个变量，{} 个要点；{} 个错误、{} 个警告",
        pack.name,
        pack.templates().count(),
        pack.variables().len(),
        pack.points.len(),
        report.errors.len(),
        report.warnings.len()
    );
    super::write_stdout_text(&out)?;
    Ok(if report.errors.is_empty() {
        Outcome::Success
    } else {
        Outcome::Failure
    })
}

fn schema(env: &Env, args: &SchemaArgs) -> CliResult {
    let pack = env.catalog()?.load(&args.name)?;
    let mut text = serde_json::to_string_pretty(&jianghua::pack::json_schema::schema(&pack))
        .unwrap_or_default();
    text.push('\n');
    match &args.output {
        Some(path) if path.as_os_str() != "-" => {
            output::write_atomic(path, text.as_bytes(), args.force)?;
            super::say!("已写入 {}", path.display());
        }
        _ => write_stdout(text.as_bytes())?,
    }
    Ok(Outcome::Success)
}

fn table(env: &Env, args: &TableArgs) -> CliResult {
    let pack = env.catalog()?.load(&args.name)?;
    jianghua::table::write_template(&pack, &args.output, args.force)?;
    super::say!("已写入 {}", args.output.display());
    super::say!(
        "提示：每个单位填一行（第2行是示例，可直接改写），然后运行 jianghua batch --table {} -t {}",
        args.output.display(),
        pack.name
    );
    Ok(Outcome::Success)
}
