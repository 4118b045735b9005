//! `lint`, `check` and `stats` on fixture drafts and rendered examples.

use crate::support::*;

/// Every fixture draft, linted; the whole report is a reviewed snapshot.
#[test]
fn fixture_drafts() {
    let fixtures = repo().join("tests/fixtures/lint");
    let mut names: Vec<String> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 4);
    for name in names {
        let rel = format!("tests/fixtures/lint/{name}");
        let r = run(&repo(), &["lint", &rel]);
        let expected_code = if name.starts_with("clean") { 0 } else { 1 };
        r.failure(expected_code);
        insta::assert_snapshot!(format!("lint-{name}"), r.stdout);
    }
}

#[test]
fn masked_model_speech_has_every_defect() {
    let r = run(
        &repo(),
        &[
            "lint",
            "tests/fixtures/lint/masked-model.txt",
            "--format",
            "json",
        ],
    );
    r.failure(1);
    let findings: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).unwrap();
    let codes: Vec<&str> = findings
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    for code in ["J101", "J202", "J203", "J301", "J302"] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    let first = &findings[0];
    assert_eq!(first["line"], 1);
    assert_eq!(first["column"], 2);
    assert_eq!(first["severity"], "error");
    assert_eq!(first["text"], "**");
}

#[test]
fn clean_draft_passes_and_stdin_works() {
    let text = std::fs::read_to_string(repo().join("tests/fixtures/lint/clean.txt")).unwrap();
    let dir = scratch(&[]);
    run_with_stdin(dir.path(), &["lint", "-"], text.as_bytes())
        .success()
        .stdout_has("未发现问题");
}

#[test]
fn warnings_alone_pass_unless_denied() {
    let dir = scratch(&[("d.txt", "同志们,大家好。\n")]);
    run(dir.path(), &["lint", "d.txt"])
        .success()
        .stdout_has("J601")
        .stdout_has("共 0 个错误、1 个警告");
    run(dir.path(), &["lint", "d.txt", "--deny-warnings"]).failure(1);
}

#[test]
fn lint_with_profile_flags_another_units_name() {
    let dir = scratch(&[]);
    let draft = run(dir.path(), &["generate", &example("qingshan-jiedao.toml")])
        .success()
        .stdout
        .clone();
    std::fs::write(dir.path().join("draft.txt"), &draft).unwrap();
    // The same speech, checked against a neighbour's profile.
    let profile = format!(
        "extends = \"{}\"\n[unit]\nname = \"红星街道\"\n",
        example("qingshan-jiedao.toml").replace('\\', "/")
    );
    std::fs::write(dir.path().join("hongxing.toml"), profile).unwrap();
    run(
        dir.path(),
        &["lint", "draft.txt", "--profile", "hongxing.toml"],
    )
    .failure(1)
    .stdout_has("错误[J201]：`青山街道` 不是配置文件中的名称")
    .stdout_has("draft.txt:1:2");
    run(
        dir.path(),
        &[
            "lint",
            "draft.txt",
            "--profile",
            &example("qingshan-jiedao.toml"),
        ],
    )
    .success();
}

#[test]
fn every_example_checks_clean() {
    let dir = scratch(&[]);
    for entry in std::fs::read_dir(repo().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            run(dir.path(), &["check", &path.display().to_string()])
                .success()
                .stdout_has("未发现问题");
        }
    }
}

#[test]
fn check_writes_nothing_and_reports_profile_errors() {
    let dir = scratch(&[("p.toml", "template = \"dongyuan\"\n")]);
    run(dir.path(), &["check", "p.toml"])
        .failure(1)
        .stderr_has("缺少必填变量");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn forbidden_and_preferred_terms_from_the_profile() {
    let profile = valid_profile().replacen(
        "template = \"dongyuan\"",
        "template = \"dongyuan\"\n[check]\nforbid = [\"动员会\"]\nprefer = { \"同志们\" = \"各位同事\" }\n",
        1,
    );
    // [check] must not swallow the top-level keys that follow it: move it to the end.
    let (head, tail) = profile.split_once("[check]").unwrap();
    let (check_table, rest) = tail.split_once("\n\n").unwrap();
    let profile = format!("{head}{rest}\n[check]{check_table}\n");
    let dir = scratch(&[("p.toml", &profile)]);
    let r = run(dir.path(), &["check", "p.toml"]);
    r.failure(1)
        .stdout_has("错误[J401]：出现了禁用词 `动员会`")
        .stdout_has("警告[J402]：`同志们` 建议改为 `各位同事`");
    run(dir.path(), &["generate", "p.toml"])
        .failure(1)
        .stderr_has("讲话稿没有输出");
    run(dir.path(), &["generate", "p.toml", "--allow-findings"])
        .success()
        .stdout_has("动员会上的讲话");
}

#[test]
fn length_target() {
    let dir = scratch(&[]);
    let p = example("qingshan-jiedao.toml");
    let profile = format!(
        "extends = \"{}\"\n[target]\nminutes = 30\n",
        p.replace('\\', "/")
    );
    std::fs::write(dir.path().join("long.toml"), profile).unwrap();
    run(dir.path(), &["check", "long.toml"])
        .success()
        .stdout_has("警告[J501]：篇幅偏短");
    run(dir.path(), &["check", "long.toml", "--deny-warnings"]).failure(1);
    // An empty draft is short too, not a crash.
    std::fs::write(dir.path().join("empty.txt"), "\n\n").unwrap();
    run(dir.path(), &["lint", "--profile", "long.toml", "empty.txt"])
        .success()
        .stdout_has("警告[J501]：篇幅偏短：约 0 字");
    run(dir.path(), &["check", "long.toml", "--rate", "110"])
        .success()
        .stdout_has("未发现问题");
    let bad = "extends = \"x.toml\"\n[target]\nminutes = 10\nchars = 3000\n"
        .replace("x.toml", &p.replace('\\', "/"));
    std::fs::write(dir.path().join("bad.toml"), bad).unwrap();
    run(dir.path(), &["check", "bad.toml"])
        .failure(1)
        .stderr_has("minutes 和 chars 只能写一个");
}

#[test]
fn the_target_moves_the_length() {
    let dir = scratch(&[]);
    let p = example("qingshan-jiedao.toml").replace('\\', "/");
    let chars = |r: &Run| {
        r.stdout
            .chars()
            .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
            .count()
    };
    let usual = run(dir.path(), &["generate", &p]);
    usual.success();
    // Below the pack's usual length: the short form, and a hint that says so.
    std::fs::write(
        dir.path().join("short.toml"),
        format!("extends = \"{p}\"\n[target]\nminutes = 8\n"),
    )
    .unwrap();
    let short = run(dir.path(), &["generate", "short.toml", "--allow-findings"]);
    short.success();
    assert!(
        chars(&short) * 10 < chars(&usual) * 9,
        "{} {}",
        chars(&short),
        chars(&usual)
    );
    run(dir.path(), &["check", "short.toml"])
        .success()
        .stdout_has("警告[J501]：篇幅偏长")
        .stdout_has("通常 2800–4500 字，已按目标取了简短的写法");
    // Above it: the optional point comes in.
    std::fs::write(
        dir.path().join("long.toml"),
        format!("extends = \"{p}\"\n[target]\nchars = 5000\n"),
    )
    .unwrap();
    let long = run(dir.path(), &["generate", "long.toml", "--allow-findings"]);
    long.success();
    assert!(usual.stdout.contains("三点意见") && long.stdout.contains("四点意见"));
    assert!(chars(&long) > chars(&usual));
}

#[test]
fn generate_refuses_a_draft_with_errors() {
    let dir = scratch(&[(
        "tpl/dongyuan/closing.hbs",
        "同志们，让我们为**街道的明天共同努力！\n",
    )]);
    let args = [
        "--templates",
        "tpl",
        "generate",
        &example("qingshan-jiedao.toml"),
        "-o",
        "out.txt",
    ];
    run(dir.path(), &args)
        .failure(1)
        .stderr_has("错误[J101]：未填写的占位符：`**街道`")
        .stderr_has("--allow-findings");
    assert!(!dir.path().join("out.txt").exists());
    let mut allowed = args.to_vec();
    allowed.push("--allow-findings");
    run(dir.path(), &allowed).success();
    assert!(dir.path().join("out.txt").exists());
}

#[test]
fn stats_per_section() {
    let dir = scratch(&[]);
    let draft = run(dir.path(), &["generate", &example("qingshan-jiedao.toml")])
        .success()
        .stdout
        .clone();
    std::fs::write(dir.path().join("d.txt"), draft).unwrap();
    let r = run(dir.path(), &["stats", "d.txt"]);
    r.success()
        .stdout_has("开头")
        .stdout_has("第一，")
        .stdout_has("结尾")
        .stdout_has("合计")
        .stdout_has("每分钟 200 字");
    let json = run(
        dir.path(),
        &["stats", "d.txt", "--format", "json", "--rate", "250"],
    )
    .success()
    .stdout
    .clone();
    let reports: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    let total = &reports[0]["total"];
    assert_eq!(reports[0]["rate"], 250);
    assert!(total["cjk_chars"].as_u64().unwrap() > 2000);
    assert_eq!(reports[0]["sections"].as_array().unwrap().len(), 5);
    // Minutes are the spoken characters (Chinese characters and digits) at 250 a minute.
    let minutes = total["minutes"].as_f64().unwrap();
    let cjk = total["cjk_chars"].as_f64().unwrap();
    assert!(
        (minutes * 250.0 - cjk).abs() < cjk * 0.05,
        "{minutes} {cjk}"
    );
    run(dir.path(), &["stats", "d.txt", "--rate", "0"]).failure(2);
}

/// A school draft edited by hand, as it would come back from Word: a doubled
/// phrase, 几点 before two items, words of a government speech. And the same
/// kinds of sentence written right, which must stay silent.
#[test]
fn drafting_slips_are_warned_and_right_text_is_not() {
    let draft = "\
在明德中学安全工作会议上的讲话

老师们、同学们：

　　只要全校上下上下一心，就一定能办好这件事。
　　我提几点希望：一是守规矩；二是讲安全。
　　全校干部群众要行动起来。
　　我们要一项一项抓落实，扎扎实实把工作做好。
　　我再提三点要求：一是查隐患；二是抓整改；三是建制度。
　　全校师生要同心同德。
";
    let dir = scratch(&[("d.txt", draft)]);
    let r = run(
        dir.path(),
        &[
            "lint",
            "d.txt",
            "--profile",
            &example("mingde-zhongxue.toml"),
            "--format",
            "json",
        ],
    );
    r.success();
    let findings: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).unwrap();
    let found: Vec<(String, u64)> = findings
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("J603".to_owned(), 5),
            ("J304".to_owned(), 6),
            ("J403".to_owned(), 7)
        ],
        "{}",
        r.stdout
    );
    // Without the profile there is no register to speak against.
    let r = run(dir.path(), &["lint", "d.txt"]);
    r.success()
        .stdout_has("警告[J603]")
        .stdout_has("警告[J304]");
    assert!(!r.stdout.contains("J403"), "{}", r.stdout);
}

/// A profile with a masked unit name and a task naming another street: every
/// finding of `check` says which template line and profile value it came from.
#[test]
fn every_finding_of_a_generated_draft_names_its_source() {
    let profile = std::fs::read_to_string(repo().join("examples/qingshan-jiedao.toml"))
        .unwrap()
        .replace("name = \"青山街道\"", "name = \"**街道\"")
        .replace("\"集中清理楼道堆物", "\"学习红星街道经验，集中清理楼道堆物");
    let dir = scratch(&[("p.toml", &profile)]);
    std::fs::create_dir_all(dir.path().join("common")).unwrap();
    std::fs::copy(
        repo().join("examples/common/qingshan-qu.toml"),
        dir.path().join("common/qingshan-qu.toml"),
    )
    .unwrap();
    let r = run(dir.path(), &["check", "p.toml", "--format", "json"]);
    r.failure(1);
    let findings: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).unwrap();
    let codes: Vec<&str> = findings
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"J101") && codes.contains(&"J201"),
        "{codes:?}"
    );
    let unit_line = profile
        .lines()
        .position(|l| l == "name = \"**街道\"")
        .unwrap()
        + 1;
    for f in &findings {
        let origin = &f["origin"];
        let template = origin["template"]["file"].as_str().unwrap_or_default();
        assert!(template.starts_with("<内置>/dongyuan/"), "{f}");
        assert!(origin["template"]["line"].as_u64().unwrap() > 0, "{f}");
        let key = origin["profile"]["key"].as_str().unwrap();
        if f["code"] == "J101" {
            assert_eq!(key, "unit.name", "{f}");
            assert_eq!(origin["profile"]["line"], unit_line, "{f}");
            assert_eq!(origin["profile"]["place"], format!("p.toml:{unit_line}"));
        } else {
            assert_eq!(key, "tasks[2]", "{f}");
        }
    }
    // People read it in the report too.
    let r = run(dir.path(), &["check", "p.toml"]);
    r.failure(1)
        .stdout_has(&format!(
            "= 配置：unit.name = \"**街道\"（p.toml:{unit_line}）"
        ))
        .stdout_has("= 模板：<内置>/dongyuan/");
}

/// A draft saved as a web page is read as a reader sees it: `stats` counts
/// the page's text, not its tags and style sheet, and `lint` finds a mask
/// in a paragraph without tripping over the markup.
#[test]
fn a_web_page_draft_counts_its_text_not_its_tags() {
    let dir = scratch(&[("a.toml", &valid_profile())]);
    run(dir.path(), &["generate", "a.toml", "-o", "稿.html"]).success();
    run(dir.path(), &["generate", "a.toml", "-o", "稿.txt"]).success();
    let total = |file: &str| {
        let out = run(dir.path(), &["stats", file]).success().stdout.clone();
        out.lines()
            .find(|l| l.trim_start().starts_with("合计"))
            .unwrap()
            .to_owned()
    };
    assert_eq!(total("稿.html"), total("稿.txt"));
    let page = std::fs::read_to_string(dir.path().join("稿.html")).unwrap();
    let masked = page.replacen("<p>", "<p>请**街道同志注意。", 1);
    std::fs::write(dir.path().join("改.html"), masked).unwrap();
    run(dir.path(), &["lint", "改.html"])
        .failure(1)
        .stdout_has("J101")
        .stdout_has("**街道");
}

/// Diagnostics are coloured on a terminal (forced here with CLICOLOR_FORCE)
/// and plain in a pipe or a file, and under NO_COLOR.
#[test]
fn diagnostics_are_coloured_only_where_they_should_be() {
    let dir = scratch(&[("稿.txt", "同志们：\n\n请**街道抓好落实。\n")]);
    let plain = run(dir.path(), &["lint", "稿.txt"]);
    plain.failure(1).stdout_has("错误[J101]");
    assert!(!plain.stdout.contains('\u{1b}'), "{}", plain.stdout);
    let coloured = run_env(dir.path(), &["lint", "稿.txt"], "CLICOLOR_FORCE", "1");
    assert!(coloured.stdout.contains("\u{1b}["), "{}", coloured.stdout);
    assert!(coloured.stdout.contains("错误"), "{}", coloured.stdout);
    let none = run_env(dir.path(), &["lint", "稿.txt"], "NO_COLOR", "1");
    assert!(!none.stdout.contains('\u{1b}'), "{}", none.stdout);
}
