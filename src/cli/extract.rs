//! `jianghua extract`: a speech (masked or not) becomes a template pack.

use std::path::PathBuf;

use clap::Args;

use jianghua::extract::{self, KnownValues};
use jianghua::{Catalog, Engine, Error, Format, ProfileDoc, output};

use super::lint::read_draft;
use super::{CliResult, Env, Outcome};

#[derive(Debug, Args)]
pub(super) struct ExtractArgs {
    /// 讲话稿（.txt、.md、.docx）；- 表示从标准输入读取
    #[arg(value_name = "讲话稿")]
    speech: PathBuf,

    /// 模板目录：模板包写到 目录/名称/，配置文件写到 目录/名称.toml
    #[arg(short = 'o', long = "output", value_name = "目录")]
    output: PathBuf,

    /// 模板包名称（默认取讲话稿的文件名）
    #[arg(long, value_name = "名称")]
    name: Option<String>,

    /// 已填写的配置文件：讲话稿中出现的配置值都变成相应的变量
    #[arg(long, value_name = "配置文件")]
    profile: Option<PathBuf>,

    /// 允许覆盖已存在的文件
    #[arg(long)]
    force: bool,
}

pub(super) fn run(_env: &Env, args: ExtractArgs) -> CliResult {
    let doc = read_draft(&args.speech)?;
    let stem = args
        .speech
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = jianghua::batch::naming::sanitize(&args.name.unwrap_or(
        if stem == "-" || stem.is_empty() {
            "extracted".into()
        } else {
            stem
        },
    ));
    if name.starts_with('_') {
        // `_shared` and the like are the folders of partials all packs use.
        return Err(Error::Batch(vec![
            jianghua::Diagnostic::new(format!("模板包名不能以 `_` 开头：`{name}`")).hint(
                "以 _ 开头的文件夹（如 _shared）存放各模板包共用的局部模板；用 --name 换一个名称",
            ),
        ])
        .into());
    }
    let known = match &args.profile {
        Some(p) => Some(KnownValues::from_table(&ProfileDoc::load(p)?.table)),
        None => None,
    };
    let paragraphs: Vec<String> = doc.paras.iter().map(|p| p.text.clone()).collect();
    let result = extract::extract(&name, &doc.name, &paragraphs, known.as_ref());

    let pack_dir = args.output.join(&name);
    let profile_path = args.output.join(format!("{name}.toml"));
    if !args.force {
        if let Some(existing) = [pack_dir.clone(), profile_path.clone()]
            .into_iter()
            .find(|p| p.exists())
        {
            return Err(Error::OutputExists(existing).into());
        }
    }
    std::fs::create_dir_all(&pack_dir).map_err(|source| Error::Write {
        path: pack_dir.clone(),
        source,
    })?;
    for (rel, text) in &result.files {
        output::write_in_tree(&pack_dir.join(rel), text.as_bytes(), args.force)?;
    }
    output::write_atomic(&profile_path, result.profile.as_bytes(), args.force)?;

    let r = &result.report;
    let mut lines = vec![format!(
        "已生成模板包 {}，配置文件 {}",
        pack_dir.display(),
        profile_path.display()
    )];
    let yes = |b: bool| if b { "有" } else { "无" };
    lines.push(format!(
        "结构：标题{}、副标题{}、讲话人{}、日期行{}、称谓{}；开头 {} 段，要点 {} 个{}，结尾 {} 段",
        yes(r.title.is_some()),
        yes(r.subtitle),
        yes(r.byline),
        yes(r.date_line),
        r.salutation
            .as_deref()
            .map_or("无".to_owned(), |s| format!("“{s}”")),
        r.opening,
        r.points.len(),
        r.numbering
            .map_or(String::new(), |n| format!("（编号样式 {n}）")),
        r.closing
    ));
    for (i, p) in r.points.iter().enumerate() {
        lines.push(format!("  要点 {}：{p}", i + 1));
    }
    if r.counted_transition {
        lines.push("“讲N点意见”的数目改由程序按要点个数生成".to_owned());
    }
    if r.enumerations > 0 {
        lines.push(format!(
            "“一是……二是……”列举 {} 处变为列表变量",
            r.enumerations
        ));
    }
    lines.push(format!("变量 {} 个：", r.variables.len()));
    for v in &r.variables {
        lines.push(format!(
            "  {}（{}）：{}，示例 {}",
            v.name,
            v.ty.zh(),
            v.description,
            v.example
        ));
    }
    if !r.replacements.is_empty() {
        lines.push(format!("配置中的值替换了 {} 处：", r.replacements.len()));
        for line in r.replacements.iter().take(20) {
            lines.push(format!("  {line}"));
        }
        if r.replacements.len() > 20 {
            lines.push(format!("  还有 {} 处", r.replacements.len() - 20));
        }
    }
    for (name, var) in &r.unmasked {
        lines.push(format!(
            "注意：原文把这类名称遮住了，“{name}”却没有遮，多半是漏遮的原单位名称，已一并改为变量 {var}"
        ));
    }
    if r.punctuation_fixed > 0 || r.traditional_fixed > 0 {
        lines.push(format!(
            "模板已按公文规范整理：{} 处半角标点改为全角，{} 个繁体字改为简体",
            r.punctuation_fixed, r.traditional_fixed
        ));
    }
    if r.control_dropped > 0 {
        lines.push(format!(
            "略去 {} 个控制字符（多半是从 PDF 或网页粘贴带来的，看不见，Word 文件也容纳不了）",
            r.control_dropped
        ));
    }
    for line in &r.dropped {
        let shown: String = line.chars().take(40).collect();
        lines.push(format!("略去网页附带的一行：{shown}"));
    }
    for note in &r.notes {
        lines.push(format!("注意：{note}"));
    }
    // The round trip: the stub must render back the input.
    let check = Catalog::new(vec![args.output.clone()])
        .and_then(|c| c.load(&name))
        .and_then(|pack| {
            let source = jianghua::source::Source::new(
                profile_path.display().to_string(),
                result.round_trip.clone(),
            );
            let validated = ProfileDoc::from_source(source, None)?.validate(&pack)?;
            let speech = Engine::new(&pack)?.render(&validated)?;
            Format::Txt.write(&speech)
        });
    match check {
        Ok(bytes) => {
            let again = extract::normalize(&String::from_utf8_lossy(&bytes));
            // Names left unmasked became the masked name's variable: the
            // round trip gives the mask there.
            let mut original = result.text.clone();
            for (name, var) in &r.unmasked {
                let mask = r.variables.iter().find(|v| v.name == *var);
                if let Some(toml::Value::String(mask)) = mask.map(|v| &v.original) {
                    original = original.replace(name.as_str(), mask);
                }
            }
            let original = extract::normalize(&original);
            if again == original {
                lines.push("往返检查：用生成的配置文件渲染，得到的文字与原文一致".to_owned());
            } else {
                let at = again
                    .chars()
                    .zip(original.chars())
                    .take_while(|(a, b)| a == b)
                    .count();
                let show = |s: &str| {
                    s.chars()
                        .skip(at.saturating_sub(10))
                        .take(30)
                        .collect::<String>()
                };
                lines.push(format!(
                    "往返检查：与原文不完全一致，从“{}”处开始不同（原文“{}”）",
                    show(&again),
                    show(&original)
                ));
            }
        }
        Err(e) => lines.push(format!("往返检查失败：{e}")),
    }
    lines.push(format!(
        "使用：jianghua generate {} --templates {}",
        profile_path.display(),
        args.output.display()
    ));
    eprintln!("{}", lines.join("\n"));
    Ok(Outcome::Success)
}
