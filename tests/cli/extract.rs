//! `extract` and the pack-authoring commands.

use crate::support::*;

fn fixtures() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(repo().join("tests/fixtures/extract"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    // The tutorial's model speech too.
    files.push(repo().join("examples/fanwen/laji-fenlei.txt"));
    files
}

/// Whether a stub's value still holds a mask of the speech.
fn is_masked(value: &str) -> bool {
    value.contains(['*', '＊', '×', 'X', 'x', '☆', '□', '_', '（', '【']) || value.contains("某某")
}

/// Every fixture: extract, generate from the stub, get the input back.
#[test]
fn round_trip_on_every_fixture() {
    let files = fixtures();
    assert!(files.len() >= 9);
    for input in files {
        let dir = scratch(&[]);
        let name = input.file_stem().unwrap().to_string_lossy().to_string();
        let mut args = vec![
            "extract".to_owned(),
            input.display().to_string(),
            "-o".into(),
            "packs".into(),
        ];
        let profile = input.with_extension("toml");
        if profile.exists() {
            args.extend(["--profile".into(), profile.display().to_string()]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run(dir.path(), &args)
            .success()
            .stderr_has("往返检查：用生成的配置文件渲染，得到的文字与原文一致");
        // The user fills what the stub could not know (the blanks keep the
        // text's mask as their example): then the draft checks clean.
        let stub = format!("packs/{name}.toml");
        let filled: String = std::fs::read_to_string(dir.path().join(&stub))
            .unwrap()
            .lines()
            .map(|line| match line.split_once(" = \"") {
                Some((key, value)) if !key.starts_with('#') && is_masked(value) => {
                    format!("{key} = \"示例内容\"\n")
                }
                _ => format!("{line}\n"),
            })
            .collect();
        std::fs::write(dir.path().join(&stub), filled).unwrap();
        let r = run(
            dir.path(),
            &["--templates", "packs", "check", &stub, "--format", "json"],
        );
        let findings: Vec<serde_json::Value> = serde_json::from_str(&r.stdout)
            .unwrap_or_else(|e| panic!("{name}: {e}: {}{}", r.stdout, r.stderr));
        let errors: Vec<&str> = findings
            .iter()
            .filter(|f| f["severity"] == "error")
            .map(|f| f["code"].as_str().unwrap())
            .collect();
        // A text cut off after its first point still announces two: a true
        // finding the extraction reports and leaves to the user.
        let expected: &[&str] = if name == "cut-off" { &["J301"] } else { &[] };
        assert_eq!(errors, expected, "{name}: {}", r.stdout);
        run(
            dir.path(),
            &["templates", "check", &format!("packs/{name}")],
        )
        .success()
        .stdout_has("0 个错误");
    }
}

#[test]
fn masks_become_typed_variables() {
    let dir = scratch(&[]);
    let input = repo().join("tests/fixtures/extract/di-masked.txt");
    let r = run(
        dir.path(),
        &[
            "extract",
            &input.display().to_string(),
            "-o",
            "packs",
            "--name",
            "model",
        ],
    );
    r.success()
        .stderr_has(
            "unit.name（字符串）：单位名称（原文“**街道”，全文用同一个名称），示例 \"青山街道\"",
        )
        .stderr_has("speaker.name（字符串）")
        .stderr_has("meeting.date（日期）：日期（原文“20xx年X月X日”）")
        .stderr_has("months（整数）")
        .stderr_has("要点 2 个（编号样式 di）")
        .stderr_has("“讲N点意见”的数目改由程序按要点个数生成")
        .stderr_has("列举 1 处变为列表变量");
    let pack = std::fs::read_to_string(dir.path().join("packs/model/pack.toml")).unwrap();
    assert!(pack.contains("name = \"unit.name\"\ntype = \"string\""));
    assert!(pack.contains("name = \"months\"\ntype = \"integer\""));
    let opening = std::fs::read_to_string(dir.path().join("packs/model/opening.hbs")).unwrap();
    assert!(
        opening.contains("{{count speech.point_count \"点意见\"}}"),
        "{opening}"
    );
    assert!(opening.contains("为期{{months}}个月"));
    // The same mask in the same context is one variable: **街道 twice, unit.name once.
    assert_eq!(pack.matches("name = \"unit.name").count(), 1);
    // The stub's examples read right; the round trip used the masks.
    let stub = std::fs::read_to_string(dir.path().join("packs/model.toml")).unwrap();
    assert!(stub.contains("name = \"青山街道\""), "{stub}");
    assert!(!stub.contains('*') && !stub.contains('×'), "{stub}");
}

#[test]
fn filled_profile_values_become_variables() {
    let dir = scratch(&[]);
    let input = repo().join("tests/fixtures/extract/filled.txt");
    let profile = repo().join("tests/fixtures/extract/filled.toml");
    run(
        dir.path(),
        &[
            "extract",
            &input.display().to_string(),
            "-o",
            "p",
            "--profile",
            &profile.display().to_string(),
        ],
    )
    .success();
    let opening = std::fs::read_to_string(dir.path().join("p/filled/opening.hbs")).unwrap();
    assert!(
        opening.contains("召开{{unit.name}}{{campaign.name}}动员会"),
        "{opening}"
    );
    assert!(opening.contains("为期{{campaign.months}}个月"));
    let pack = std::fs::read_to_string(dir.path().join("p/filled/pack.toml")).unwrap();
    assert!(
        pack.contains("date_line = \"（{{date meeting.date}}）\""),
        "{pack}"
    );
    // Another unit's speech from the same pack.
    let stub = std::fs::read_to_string(dir.path().join("p/filled.toml"))
        .unwrap()
        .replace("红星街道", "青山街道");
    std::fs::write(dir.path().join("p/qingshan.toml"), stub).unwrap();
    run(
        dir.path(),
        &["--templates", "p", "generate", "p/qingshan.toml"],
    )
    .success()
    .stdout_has("在青山街道文明创建工作动员会上的讲话");
}

#[test]
fn structure_without_points_and_cut_off_text() {
    let dir = scratch(&[]);
    let input = repo().join("tests/fixtures/extract/no-points.txt");
    run(
        dir.path(),
        &["extract", &input.display().to_string(), "-o", "p"],
    )
    .success()
    .stderr_has("要点 0 个")
    .stderr_has("没有找到编号的要点");
    let input = repo().join("tests/fixtures/extract/cut-off.txt");
    run(
        dir.path(),
        &["extract", &input.display().to_string(), "-o", "p"],
    )
    .success()
    .stderr_has("要点 1 个");
}

#[test]
fn extract_from_word_and_stdin() {
    let dir = scratch(&[]);
    run(
        dir.path(),
        &[
            "generate",
            &example("linhe-nongye.toml"),
            "-o",
            "speech.docx",
        ],
    )
    .success();
    run(dir.path(), &["extract", "speech.docx", "-o", "p"])
        .success()
        .stderr_has("要点 4 个（编号样式 gongwen）")
        .stderr_has("一致");
    let text =
        std::fs::read_to_string(repo().join("tests/fixtures/extract/gongwen-levels.txt")).unwrap();
    run_with_stdin(
        dir.path(),
        &["extract", "-", "-o", "p", "--name", "piped"],
        text.as_bytes(),
    )
    .success()
    .stderr_has("一致");
    assert!(dir.path().join("p/piped/pack.toml").exists());
}

#[test]
fn extract_refuses_to_overwrite() {
    let dir = scratch(&[]);
    let input = repo()
        .join("tests/fixtures/extract/ascii-punctuation.txt")
        .display()
        .to_string();
    run(dir.path(), &["extract", &input, "-o", "p"]).success();
    run(dir.path(), &["extract", &input, "-o", "p"])
        .failure(1)
        .stderr_has("文件已存在");
    run(dir.path(), &["extract", &input, "-o", "p", "--force"]).success();
}

#[test]
fn new_pack_from_scratch_and_from_builtin() {
    let dir = scratch(&[]);
    run(dir.path(), &["templates", "new", "huiyi", "mine"]).success();
    run(dir.path(), &["templates", "check", "mine/huiyi"])
        .success()
        .stdout_has("0 个错误、0 个警告");
    run(
        dir.path(),
        &["--templates", "mine", "init", "-t", "huiyi", "-o", "h.toml"],
    )
    .success();
    run(dir.path(), &["--templates", "mine", "generate", "h.toml"])
        .success()
        .stdout_has("在青山街道工作会议上的讲话");
    run(
        dir.path(),
        &["templates", "new", "mydy", "mine", "--from", "dongyuan"],
    )
    .success();
    let manifest = std::fs::read_to_string(dir.path().join("mine/mydy/pack.toml")).unwrap();
    assert!(manifest.contains("name = \"mydy\""));
    run(dir.path(), &["templates", "new", "huiyi", "mine"])
        .failure(1)
        .stderr_has("文件已存在");
}

#[test]
fn check_reports_undeclared_variables_helpers_partials_and_syntax() {
    let dir = scratch(&[]);
    run(dir.path(), &["templates", "new", "t", "mine"]).success();
    std::fs::write(
        dir.path().join("mine/t/opening.hbs"),
        "今天{{unit.nmae}}，{{cont 3 \"项\"}}{{> partials/x}}\n",
    )
    .unwrap();
    run(dir.path(), &["templates", "check", "mine/t"])
        .failure(1)
        .stdout_has("模板用到了变量 `unit.nmae`，但 pack.toml 没有声明它")
        .stdout_has("是不是 `unit.name`")
        .stdout_has("没有名为 `cont` 的助手")
        .stdout_has("是不是 `count`")
        .stdout_has("找不到局部模板 `partials/x`");
    std::fs::write(
        dir.path().join("mine/t/first.hbs"),
        "一是{{#if unit.name}}甲\n",
    )
    .unwrap();
    run(dir.path(), &["templates", "check", "mine/t"])
        .failure(1)
        .stdout_has("first.hbs:1:3")
        .stdout_has("没有结束标记");
}

/// `templates check` knows every helper `generate` renders: handlebars'
/// own comparisons and logic as well as ours.
#[test]
fn check_accepts_every_helper_that_renders() {
    let dir = scratch(&[]);
    run(dir.path(), &["templates", "new", "t", "mine"]).success();
    let opening = dir.path().join("mine/t/opening.hbs");
    let text = std::fs::read_to_string(&opening).unwrap();
    std::fs::write(
        &opening,
        format!("{{{{#if (gte 3 2)}}}}{{{{#if (and (lte 1 2) (not false))}}}}首先，{{{{/if}}}}{{{{/if}}}}{text}"),
    )
    .unwrap();
    run(dir.path(), &["templates", "check", "mine/t"])
        .success()
        .stdout_has("0 个错误");
    run(
        dir.path(),
        &["--templates", "mine", "init", "-t", "t", "-o", "p.toml"],
    )
    .success();
    run(dir.path(), &["--templates", "mine", "generate", "p.toml"])
        .success()
        .stdout_has("首先，今天");
}

#[test]
fn schema_and_init_directive() {
    let dir = scratch(&[]);
    let r = run(dir.path(), &["templates", "schema", "dongyuan"]);
    let schema: serde_json::Value = serde_json::from_str(&r.success().stdout).unwrap();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(
        schema["properties"]["campaign"]["properties"]["months"]["type"],
        "integer"
    );
    run(
        dir.path(),
        &[
            "templates",
            "schema",
            "dongyuan",
            "-o",
            "dongyuan.schema.json",
        ],
    )
    .success();
    assert!(dir.path().join("dongyuan.schema.json").exists());
    // On standard output there is no file beside it to point at.
    let stub = run(dir.path(), &["init"]).success().stdout.clone();
    assert!(!stub.starts_with("#:schema"));
    assert!(stub.contains("jianghua templates schema dongyuan -o dongyuan.schema.json"));
    // Into a new folder: the folder is made, the schema is written beside
    // the profile, and the profile's first line points at it.
    run(dir.path(), &["init", "-o", "新建/a.toml"]).success();
    let stub = std::fs::read_to_string(dir.path().join("新建/a.toml")).unwrap();
    assert!(stub.starts_with("#:schema ./dongyuan.schema.json\n"));
    let schema = std::fs::read_to_string(dir.path().join("新建/dongyuan.schema.json")).unwrap();
    assert!(schema.contains("\"months\""));
}

#[test]
fn a_web_page_becomes_a_clean_pack() {
    let dir = scratch(&[]);
    let input = repo().join("tests/fixtures/extract/web-page.txt");
    let r = run(
        dir.path(),
        &["extract", &input.display().to_string(), "-o", "p"],
    );
    r.success()
        .stderr_has("略去网页附带的一行：https://")
        .stderr_has("略去网页附带的一行：来源：")
        .stderr_has("“天山街道”却没有遮")
        .stderr_has("“天山路街道”却没有遮")
        .stderr_has("已一并改为变量 unit.name")
        .stderr_has("years（整数）：年数")
        .stderr_has("speaker.name（字符串）：讲话人姓名（原文“×××”）")
        .stderr_has("person.name（字符串）：文中提到的人名（原文“×××同志”）")
        .stderr_has("半角标点改为全角")
        .stderr_has("往返检查：用生成的配置文件渲染，得到的文字与原文一致");
    let pack = std::fs::read_to_string(dir.path().join("p/web-page/pack.toml")).unwrap();
    // The title is the speech's, not the page's address.
    assert!(
        pack.contains("title = \"在{{region.name}}{{unit.name}}基层党建工作推进会上的讲话\""),
        "{pack}"
    );
    let opening = std::fs::read_to_string(dir.path().join("p/web-page/opening.hbs")).unwrap();
    // One referent, one variable; full-width punctuation, simplified characters.
    assert!(
        opening.contains(
            "今天，我们召开{{unit.name}}基层党建工作推进会。{{years}}年来，{{unit.name}}党工委"
        ),
        "{opening}"
    );
    assert!(
        !opening.contains(',') && !opening.contains('們'),
        "{opening}"
    );
}

#[test]
fn profile_values_replace_only_the_same_fact() {
    let dir = scratch(&[]);
    let input = repo().join("tests/fixtures/extract/coincide.txt");
    let profile = repo().join("tests/fixtures/extract/coincide.toml");
    let r = run(
        dir.path(),
        &[
            "extract",
            &input.display().to_string(),
            "-o",
            "p",
            "--profile",
            &profile.display().to_string(),
        ],
    );
    r.success()
        .stderr_has("pilot.count ← “街道确定12个试点社”")
        .stderr_has("往返检查：用生成的配置文件渲染，得到的文字与原文一致");
    let opening = std::fs::read_to_string(dir.path().join("p/coincide/opening.hbs")).unwrap();
    assert!(
        opening.contains("确定{{pilot.count}}个试点社区，12月为动员部署阶段，明年1月起"),
        "{opening}"
    );
    let point2 = std::fs::read_to_string(dir.path().join("p/coincide/point2.hbs")).unwrap();
    assert!(point2.contains("在12日前报送"), "{point2}");
}
