use std::process::{Command, Stdio};

use crate::support::*;

#[test]
fn generates_text_to_stdout() {
    let dir = scratch(&[]);
    let r = run(dir.path(), &["generate", &example("qingshan-jiedao.toml")]);
    r.success()
        .stdout_has("在青山街道老旧小区环境综合整治行动动员会上的讲话\n")
        .stdout_has("\n同志们：\n")
        .stdout_has("\u{3000}\u{3000}第一，")
        .stdout_has("\u{3000}\u{3000}第三，")
        .stdout_has("三点意见");
    assert!(r.stderr.is_empty(), "{}", r.stderr);
}

#[test]
fn markdown_by_flag_and_by_extension() {
    let dir = scratch(&[]);
    let r = run(
        dir.path(),
        &["generate", &example("mingde-zhongxue.toml"), "-f", "md"],
    );
    r.success()
        .stdout_has("# 在明德中学")
        .stdout_has("\n## 第一，");
    run(
        dir.path(),
        &["generate", &example("mingde-zhongxue.toml"), "-o", "out.md"],
    )
    .success();
    let md = std::fs::read_to_string(dir.path().join("out.md")).unwrap();
    assert!(md.starts_with("# 在明德中学"));
}

#[test]
fn output_file_is_not_overwritten_without_force() {
    let dir = scratch(&[("out.txt", "原稿")]);
    let profile = example("qingshan-jiedao.toml");
    run(dir.path(), &["generate", &profile, "-o", "out.txt"])
        .failure(1)
        .stderr_has("文件已存在")
        .stderr_has("--force");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out.txt")).unwrap(),
        "原稿"
    );
    run(
        dir.path(),
        &["generate", &profile, "-o", "out.txt", "--force"],
    )
    .success()
    .stderr_has("已写入 out.txt");
    assert!(
        std::fs::read_to_string(dir.path().join("out.txt"))
            .unwrap()
            .starts_with("在青山街道")
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "temporary files left: {leftovers:?}");
}

#[test]
fn output_dash_is_stdout() {
    let dir = scratch(&[]);
    run(
        dir.path(),
        &["generate", &example("qingshan-jiedao.toml"), "-o", "-"],
    )
    .success()
    .stdout_has("同志们：");
}

#[test]
fn profile_from_stdin() {
    let dir = scratch(&[]);
    let r = run_with_stdin(dir.path(), &["generate", "-"], valid_profile().as_bytes());
    r.success().stdout_has("在青山街道");
}

#[test]
fn set_overrides_are_typed_by_the_schema() {
    let dir = scratch(&[]);
    let p = example("qingshan-jiedao.toml");
    run(dir.path(), &["generate", &p, "--set", "campaign.months=2"])
        .success()
        .stdout_has("2个月");
    run(dir.path(), &["generate", &p, "--set", "unit.name=红星街道"])
        .success()
        .stdout_has("在红星街道");
    run(
        dir.path(),
        &[
            "generate",
            &p,
            "--set",
            "meeting.date=2027-01-31",
            "--set",
            "campaign.months=1",
        ],
    )
    .success()
    .stdout_has("2027年2月28日");
    run(dir.path(), &["generate", &p, "--set", "campaign.months=六"])
        .failure(1)
        .stderr_has("应为整数");
    run(dir.path(), &["generate", &p, "--set", "campaign.month=6"])
        .failure(1)
        .stderr_has("未知的键 `campaign.month`")
        .stderr_has("是不是要写 `campaign.months`");
    // A --set has no [table] to slip under: no advice to move it to one.
    let r = run(dir.path(), &["generate", &p, "--set", "campaign.title=六"]);
    r.failure(1).stderr_has("未知的键 `campaign.title`");
    assert!(!r.stderr.contains("TOML 中写在"), "{}", r.stderr);
    run(dir.path(), &["generate", &p, "--set", "nonsense"]).failure(2);
}

#[test]
fn points_can_be_chosen_and_reordered() {
    let dir = scratch(&[]);
    let r = run(
        dir.path(),
        &[
            "generate",
            &example("qingshan-jiedao.toml"),
            "--set",
            "points=results,significance",
        ],
    );
    r.success().stdout_has("两点意见");
    // The results point first: its heading speaks of effect, the other of significance.
    let first = r.stdout.find("\u{3000}\u{3000}第一，").unwrap();
    let second = r.stdout.find("\u{3000}\u{3000}第二，").unwrap();
    let first_heading = &r.stdout[first..second];
    assert!(!first_heading.contains("意义"), "{first_heading}");
    assert!(r.stdout[second..].contains("意义"), "{}", r.stdout);
    assert!(!r.stdout.contains("第三，"));
    let r = run(dir.path(), &["generate", &example("linhe-nongye.toml")]);
    r.success()
        .stdout_has("四点意见")
        .stdout_has("\u{3000}\u{3000}三、")
        .stdout_has("\u{3000}\u{3000}四、")
        .stdout_has("\u{3000}\u{3000}（三）");
}

#[test]
fn numbering_style_can_be_overridden() {
    let dir = scratch(&[]);
    run(
        dir.path(),
        &[
            "generate",
            &example("qingshan-jiedao.toml"),
            "--set",
            "numbering=gongwen",
        ],
    )
    .success()
    .stdout_has("\u{3000}\u{3000}一、")
    .stdout_has("\u{3000}\u{3000}三、");
    run(
        dir.path(),
        &[
            "generate",
            &example("qingshan-jiedao.toml"),
            "--set",
            "numbering=roman",
        ],
    )
    .failure(1)
    .stderr_has("编号样式 `roman` 不存在");
}

/// A folder whose user pack `tpl/dongyuan` overrides only `closing.hbs`, and
/// `generate` of the bundled example with it.
fn with_closing(closing: &str) -> (tempfile::TempDir, Run) {
    let dir = scratch(&[("tpl/dongyuan/closing.hbs", closing)]);
    let r = run(
        dir.path(),
        &[
            "--templates",
            "tpl",
            "generate",
            &example("qingshan-jiedao.toml"),
        ],
    );
    (dir, r)
}

#[test]
fn user_pack_overrides_builtin_file_by_file() {
    let (dir, r) = with_closing("同志们，让我们为{{unit.name}}的明天共同努力！\n");
    r.success()
        .stdout_has("同志们，让我们为青山街道的明天共同努力！")
        .stdout_has("\u{3000}\u{3000}第一，");
    let r = run_env(
        dir.path(),
        &["generate", &example("qingshan-jiedao.toml")],
        "JIANGHUA_TEMPLATES",
        "tpl",
    );
    r.success().stdout_has("共同努力！");
}

/// `{{#with}}`, `../` and `lookup` are outside the compiled render path:
/// handlebars renders such a pack, with the same result.
#[test]
fn user_templates_may_use_any_handlebars_feature() {
    let (_dir, r) = with_closing(
        "同志们，{{#with unit}}{{name}}{{/with}}{{#each campaign.stages}}{{#if @first}}{{../unit.short}}{{/if}}{{/each}}{{lookup unit \"name\"}}！\n",
    );
    r.success().stdout_has("同志们，青山街道街道青山街道！");
}

#[test]
fn a_new_user_pack_is_found() {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), &["templates", "export", "dongyuan", "tpl"]).success();
    let root = dir.path().join("tpl");
    std::fs::rename(root.join("dongyuan"), root.join("mine")).unwrap();
    let manifest = root.join("mine/pack.toml");
    let text = std::fs::read_to_string(&manifest)
        .unwrap()
        .replace("name = \"dongyuan\"", "name = \"mine\"");
    std::fs::write(&manifest, text.replace("动员会上的讲话", "推进会上的讲话")).unwrap();
    let r = run(
        dir.path(),
        &[
            "--templates",
            "tpl",
            "generate",
            &example("qingshan-jiedao.toml"),
            "-t",
            "mine",
        ],
    );
    r.success().stdout_has("行动推进会上的讲话");
}

#[test]
fn missing_pack_is_an_error_with_suggestion() {
    let dir = scratch(&[("p.toml", "template = \"dongyaun\"\n")]);
    run(dir.path(), &["generate", "p.toml"])
        .failure(1)
        .stderr_has("找不到模板包 `dongyaun`")
        .stderr_has("是不是要用 `dongyuan`");
    let dir = scratch(&[("p.toml", "[unit]\nname = \"甲\"\n")]);
    run(dir.path(), &["generate", "p.toml"])
        .failure(1)
        .stderr_has("没有指定模板包")
        .stderr_has("-t dongyuan");
}

#[test]
fn template_syntax_error_points_at_the_opener() {
    let dir = scratch(&[(
        "tpl/dongyuan/opening.hbs",
        "今天，我们召开动员会。\n\n按照上级的要求，{{#if unit.name}}我们开展工作。\n",
    )]);
    let r = run(
        dir.path(),
        &[
            "--templates",
            "tpl",
            "generate",
            &example("qingshan-jiedao.toml"),
        ],
    );
    r.failure(1);
    insta::assert_snapshot!(r.stderr.replace('\\', "/"), @r"
    错误：块 `{{#if}}` 没有结束标记 `{{/if}}`
     --> tpl/dongyuan/opening.hbs:3:9
      |
    3 | 按照上级的要求，{{#if unit.name}}我们开展工作。
      |                 ^^^^^^^^^^^^^^^^^
    提示：检查 {{ 与 }} 是否成对、块标记 {{#…}} 是否都有对应的 {{/…}}
    ");
}

#[test]
fn missing_template_variable_names_file_line_and_column() {
    let dir = scratch(&[(
        "tpl/dongyuan/closing.hbs",
        "同志们，\n让我们以{{campaign.themee}}为目标！\n",
    )]);
    let r = run(
        dir.path(),
        &[
            "--templates",
            "tpl",
            "generate",
            &example("qingshan-jiedao.toml"),
        ],
    );
    r.failure(1);
    insta::assert_snapshot!(r.stderr.replace('\\', "/"), @r"
    错误：模板用到了变量 `campaign.themee`，但没有这个值
     --> tpl/dongyuan/closing.hbs:2:5
      |
    2 | 让我们以{{campaign.themee}}为目标！
      |         ^^^^^^^^^^^^^^^^^^^
    提示：是不是 `campaign.theme`？模板包声明的变量里有它
    ");
}

#[test]
fn if_on_a_missing_variable_is_an_error() {
    let dir = scratch(&[(
        "tpl/dongyuan/closing.hbs",
        "同志们，{{#if campaign.qoute}}引文{{/if}}加油！\n",
    )]);
    run(
        dir.path(),
        &[
            "--templates",
            "tpl",
            "generate",
            &example("qingshan-jiedao.toml"),
        ],
    )
    .failure(1)
    .stderr_has("变量 `campaign.qoute`")
    .stderr_has("closing.hbs:1:5")
    .stderr_has("是不是 `campaign.quote`");
}

#[test]
fn optional_variable_can_be_tested_with_if() {
    let dir = scratch(&[]);
    let with = run(dir.path(), &["generate", &example("mingde-zhongxue.toml")]);
    with.success()
        .stdout_has("县教育局在全县教育系统安全工作会议上强调");
    let without = run(dir.path(), &["generate", &example("qingshan-jiedao.toml")]);
    let without = without.success();
    assert!(!without.stdout.contains("强调，"), "{}", without.stdout);
}

#[test]
fn broken_pipe_exits_quietly() {
    // A speech longer than a pipe buffer, so the writer really meets a closed pipe.
    let dir = scratch(&[]);
    let many: Vec<String> = (0..3000)
        .map(|i| format!("\"第{i}项任务要抓紧抓实抓出成效\""))
        .collect();
    let profile =
        valid_profile().replacen("tasks = [", &format!("tasks = [{},", many.join(",")), 1);
    std::fs::write(dir.path().join("p.toml"), profile).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_jianghua"))
        .args(["generate", "p.toml"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = scratch(&[]);
    run(dir.path(), &["generate"])
        .failure(2)
        .stderr_has("错误：缺少必需的参数：<配置文件>");
    run(dir.path(), &["generate", "p.toml", "-f", "pdf"])
        .failure(2)
        .stderr_has("可选的值：txt、md");
    run(dir.path(), &["genrate"])
        .failure(2)
        .stderr_has("未知的命令 `genrate`")
        .stderr_has("`generate`？");
    run(dir.path(), &["generate", "p.toml", "--sett", "a=1"])
        .failure(2)
        .stderr_has("未知的参数 `--sett`");
    run(dir.path(), &["--help"]).success().stdout_has("用法：");
}

#[test]
fn completions_for_every_shell() {
    let dir = scratch(&[]);
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let r = run(dir.path(), &["completions", shell]);
        r.success().stdout_has("generate");
    }
    run(dir.path(), &["completions", "tcsh"]).failure(2);
}

#[test]
fn word_and_html_outputs() {
    let dir = scratch(&[]);
    let p = example("mingde-zhongxue.toml");
    run(dir.path(), &["generate", &p, "-o", "speech.docx"])
        .success()
        .stderr_has("已写入 speech.docx");
    let bytes = std::fs::read(dir.path().join("speech.docx")).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"));
    run(dir.path(), &["lint", "speech.docx"])
        .success()
        .stdout_has("未发现问题");
    run(dir.path(), &["stats", "speech.docx"])
        .success()
        .stdout_has("第一，");
    run(
        dir.path(),
        &["generate", &p, "-f", "html", "-o", "speech.htm"],
    )
    .success();
    let html = std::fs::read_to_string(dir.path().join("speech.htm")).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>")
            && html.contains("@page { size: A4; margin: 37mm 26mm 35mm 28mm; }")
    );
    assert!(html.contains("<h1>在明德中学校园安全隐患排查整治专项行动动员会上的讲话</h1>"));
    assert!(html.contains("<h2>第一，"));
}

#[test]
fn html_escapes_profile_text() {
    let dir = scratch(&[]);
    let r = run(
        dir.path(),
        &[
            "generate",
            &example("qingshan-jiedao.toml"),
            "-f",
            "html",
            "--set",
            "unit.name=<b>甲&乙</b>街道",
        ],
    );
    r.success().stdout_has("&lt;b&gt;甲&amp;乙&lt;/b&gt;街道");
    assert!(!r.stdout.contains("<b>甲"));
}

#[test]
fn docx_in_a_pipe_is_written() {
    let dir = scratch(&[]);
    let r = run(
        dir.path(),
        &["generate", &example("qingshan-jiedao.toml"), "-f", "docx"],
    );
    r.success();
    assert!(r.stdout.starts_with("PK"));
}

/// `-o 稿.pdf` used to write plain text under a PDF name; `-o` naming the
/// profile itself would have replaced it with the speech, even with --force.
/// Both are refused as usage mistakes, before anything is rendered.
#[test]
fn an_output_that_cannot_be_meant_is_refused() {
    let dir = scratch(&[("a.toml", &valid_profile())]);
    run(dir.path(), &["generate", "a.toml", "-o", "稿.pdf"])
        .failure(2)
        .stderr_has("不能写成 .pdf 文件")
        .stderr_has(".docx");
    assert!(!dir.path().join("稿.pdf").exists());
    run(
        dir.path(),
        &["generate", "a.toml", "-o", "./a.toml", "--force"],
    )
    .failure(2)
    .stderr_has("就是配置文件");
    let profile = std::fs::read_to_string(dir.path().join("a.toml")).unwrap();
    assert_eq!(profile, valid_profile(), "the profile is untouched");
    // An explicit format still writes any name; a missing folder is made.
    run(
        dir.path(),
        &["generate", "a.toml", "-o", "稿.pdf", "-f", "txt"],
    )
    .success();
    run(dir.path(), &["generate", "a.toml", "-o", "新建/稿.docx"]).success();
    assert!(dir.path().join("新建/稿.docx").exists());
}

#[test]
fn a_misspelt_command_suggests_the_nearest_one_only() {
    let dir = scratch(&[]);
    let r = run(dir.path(), &["generat", "a.toml"]);
    r.failure(2).stderr_has("是不是要用 `generate`？");
    assert!(!r.stderr.contains("extract"), "{}", r.stderr);
}

/// A usage mistake points at the help of the command it is in, and the
/// help is Chinese throughout, its columns lined up by display width.
#[test]
fn usage_mistakes_point_at_the_commands_own_help() {
    let dir = scratch(&[]);
    run(dir.path(), &["batch", "--nope"])
        .failure(2)
        .stderr_has("查看帮助：jianghua batch --help");
    run(dir.path(), &["templates", "show"])
        .failure(2)
        .stderr_has("查看帮助：jianghua templates show --help");
    let help = run(dir.path(), &["generate", "--help"])
        .success()
        .stdout
        .clone();
    assert!(
        help.contains("用法：jianghua generate [选项] <配置文件>"),
        "{help}"
    );
    assert!(help.contains("参数：\n  <配置文件>"), "{help}");
    // Descriptions start in one column: by display width, not characters.
    let column = |needle: &str| {
        let line = help.lines().find(|l| l.contains(needle)).unwrap();
        let at = line.find(needle).unwrap();
        unicode_width::UnicodeWidthStr::width(&line[..at])
    };
    assert_eq!(column("模板包名称"), column("覆盖配置中的某个值"), "{help}");
}
