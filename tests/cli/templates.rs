use crate::support::*;

#[test]
fn list_shows_builtin_and_overrides() {
    let dir = scratch(&[
        ("tpl/dongyuan/closing.hbs", "同志们，加油！\n"),
        ("tpl/notes/readme.hbs", "x"),
    ]);
    run(dir.path(), &["templates", "list"])
        .success()
        .stdout_has("dongyuan")
        .stdout_has("动员会讲话")
        .stdout_has("内置");
    let r = run(dir.path(), &["--templates", "tpl", "templates", "list"]);
    r.success().stdout_has("部分文件由 tpl 覆盖");
    assert!(
        !r.stdout.contains("notes"),
        "a folder without pack.toml is not a pack"
    );
}

/// Packs are listed by kind (讲话, 致辞, 主持词, 发言), each with its usual
/// length; a custom pack that names no kind is a 讲话.
#[test]
fn list_groups_packs_by_kind_with_their_length() {
    let dir = scratch(&[]);
    run(dir.path(), &["templates", "new", "mine", "tpl"]).success();
    run(dir.path(), &["templates", "new", "biaotai", "tpl"]).success();
    let manifest = dir.path().join("tpl/biaotai/pack.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, format!("kind = \"发言\"\n{text}")).unwrap();
    let r = run(dir.path(), &["--templates", "tpl", "templates", "list"]);
    r.success();
    let at = |needle: &str| {
        r.stdout
            .find(needle)
            .unwrap_or_else(|| panic!("no {needle}:\n{}", r.stdout))
    };
    assert!(at("讲话（") < at("  dongyuan") && at("  dongyuan") < at("致辞（"));
    assert!(at("致辞（") < at("  kaimu") && at("  kaimu") < at("发言（1 个）"));
    assert!(at("  mine") < at("致辞（"), "no kind is a 讲话");
    assert!(at("发言（1 个）") < at("  biaotai"));
    assert!(at("主持词（") < at("  zhuchi") && at("  zhuchi") < at("发言（"));
    assert!(
        !r.stdout.contains("无法加载"),
        "an empty group is not shown"
    );
    r.stdout_has("2800–4500 字");
    run(dir.path(), &["templates", "show", "kaimu"])
        .success()
        .stdout_has("类别：致辞；文种：开幕式致辞")
        .stdout_has("篇幅：通常 500–1000 字");
    std::fs::write(&manifest, format!("kind = \"致词\"\n{text}")).unwrap();
    run(
        dir.path(),
        &["--templates", "tpl", "templates", "show", "biaotai"],
    )
    .failure(1)
    .stderr_has("致辞");
}

#[test]
fn show_lists_variables_points_and_numbering() {
    let dir = scratch(&[]);
    run(dir.path(), &["templates", "show", "dongyuan"])
        .success()
        .stdout_has("编号样式：di")
        .stdout_has("significance")
        .stdout_has("（可选，默认不含）")
        .stdout_has("campaign.months")
        .stdout_has("整数（1–36）")
        .stdout_has("活动持续的月数");
    run(dir.path(), &["templates", "show", "dongyan"])
        .failure(1)
        .stderr_has("是不是要用 `dongyuan`");
}

#[test]
fn export_then_use_with_templates_dir() {
    let dir = scratch(&[]);
    run(dir.path(), &["templates", "export", "dongyuan", "mine"])
        .success()
        .stderr_has("--templates mine");
    let closing = dir.path().join("mine/dongyuan/closing.hbs");
    assert!(closing.is_file());
    std::fs::write(&closing, "同志们，撸起袖子加油干！\n").unwrap();
    run(
        dir.path(),
        &[
            "--templates",
            "mine",
            "generate",
            &example("qingshan-jiedao.toml"),
        ],
    )
    .success()
    .stdout_has("撸起袖子加油干");
    run(dir.path(), &["templates", "export", "dongyuan", "mine"])
        .failure(1)
        .stderr_has("文件已存在");
    assert!(
        std::fs::read_to_string(&closing)
            .unwrap()
            .contains("撸起袖子")
    );
}

#[test]
fn templates_dir_must_exist() {
    let dir = scratch(&[]);
    run(dir.path(), &["--templates", "nope", "templates", "list"])
        .failure(1)
        .stderr_has("模板目录不存在");
}

#[test]
fn broken_user_pack_is_reported() {
    let dir = scratch(&[("tpl/bad/pack.toml", "name = \"bad\"\ntitle = 1\n")]);
    run(dir.path(), &["--templates", "tpl", "init", "-t", "bad"])
        .failure(1)
        .stderr_has("pack.toml 无法解析")
        .stderr_has("pack.toml:2:9");
    run(dir.path(), &["--templates", "tpl", "templates", "list"])
        .success()
        .stdout_has("无法加载");
}

/// A table field named like a helper (`quote`) could not be read inside
/// `{{#each}}`: `{{quote}}` calls the helper. The pack is refused up front.
#[test]
fn a_table_field_named_like_a_helper_is_refused() {
    let dir = scratch(&[]);
    run(dir.path(), &["templates", "new", "mine", "tpl"]).success();
    let manifest = dir.path().join("tpl/mine/pack.toml");
    let mut text = std::fs::read_to_string(&manifest).unwrap();
    text.push_str(
        "\n[[variables]]\nname = \"sayings\"\ntype = \"table\"\ndefault = []\ndescription = \"引文\"\n\n\
         [[variables.fields]]\nname = \"quote\"\ntype = \"string\"\ndescription = \"引文\"\n",
    );
    std::fs::write(&manifest, text).unwrap();
    run(dir.path(), &["templates", "check", "tpl/mine"])
        .failure(1)
        .stderr_has("字段 `quote` 与助手同名")
        .stderr_has("quote_text");
}

/// A folder with a profile and `tpl/dongyuan/`, the built-in pack exported
/// with `opening` as its opening.
fn with_own_opening(opening: &str) -> tempfile::TempDir {
    let dir = scratch(&[("a.toml", &valid_profile())]);
    run(dir.path(), &["templates", "export", "dongyuan", "tpl"]).success();
    std::fs::write(
        dir.path().join("tpl/dongyuan/opening.hbs"),
        format!("{opening}\n"),
    )
    .unwrap();
    dir
}

/// `--templates` pointing at a pack's own folder (where pack.toml is) used to
/// find no packs there and silently use the built-in text; it now means the
/// folder that holds the pack, and says so.
#[test]
fn templates_pointing_at_a_pack_folder_uses_that_pack() {
    let dir = with_own_opening("这是我们自己改过的开头。");
    run(
        dir.path(),
        &["--templates", "tpl/dongyuan", "generate", "a.toml"],
    )
    .success()
    .stderr_has("已改用它的上一级 tpl")
    .stdout_has("这是我们自己改过的开头。");
}

/// Completion scripts offer the pack names for -t, custom packs included;
/// the command line still takes any name.
#[test]
fn completion_of_template_offers_the_packs() {
    let dir = scratch(&[]);
    run(dir.path(), &["templates", "new", "mine", "tpl"]).success();
    for shell in ["bash", "zsh", "fish"] {
        run(dir.path(), &["--templates", "tpl", "completions", shell])
            .success()
            .stdout_has("dongyuan")
            .stdout_has("mine");
    }
}

/// `--templates` works before the command (for every command) and after it
/// (on the commands that use packs).
#[test]
fn templates_before_or_after_the_command() {
    let dir = with_own_opening("改过的开头。");
    run(dir.path(), &["--templates", "tpl", "generate", "a.toml"])
        .success()
        .stdout_has("改过的开头。");
    run(dir.path(), &["generate", "a.toml", "--templates", "tpl"])
        .success()
        .stdout_has("改过的开头。");
    run(dir.path(), &["stats", "a.toml", "--templates", "tpl"]).failure(2);
}

/// Every built-in pack's source folder passes `templates check` as it is,
/// shared partials included (they are in `templates/_shared`, beside it).
#[test]
fn every_builtin_source_folder_checks_clean() {
    let dir = scratch(&[]);
    for entry in std::fs::read_dir(repo().join("templates")).unwrap() {
        let path = entry.unwrap().path();
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('_'))
        {
            continue;
        }
        run(
            dir.path(),
            &["templates", "check", &path.display().to_string()],
        )
        .success()
        .stdout_has("0 个错误");
    }
}
