use crate::support::*;

#[test]
fn init_output_generates_as_it_is() {
    let dir = scratch(&[]);
    run(dir.path(), &["init", "-o", "p.toml"])
        .success()
        .stderr_has("已写入 p.toml");
    let text = std::fs::read_to_string(dir.path().join("p.toml")).unwrap();
    assert!(text.contains("template = \"dongyuan\""));
    assert!(text.contains("# 本单位全称，讲话中多次出现（必填，字符串）\nname = \"青山街道\""));
    run(dir.path(), &["generate", "p.toml"])
        .success()
        .stdout_has("同志们：");
}

#[test]
fn init_lists_every_variable() {
    let dir = scratch(&[]);
    let stub = run(dir.path(), &["init"]).success().stdout.clone();
    let show = run(dir.path(), &["templates", "show", "dongyuan"])
        .success()
        .stdout
        .clone();
    let vars: Vec<&str> = show
        .lines()
        .skip_while(|l| !l.starts_with("变量"))
        .filter_map(|l| {
            l.strip_prefix("  ")
                .and_then(|l| l.split_whitespace().next())
        })
        .filter(|w| {
            w.chars()
                .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_')
        })
        .collect();
    assert!(vars.len() >= 15, "{vars:?}");
    for var in vars {
        let key = var.rsplit('.').next().unwrap();
        assert!(
            stub.contains(&format!("\n{key} = ")) || stub.contains(&format!("\n# {key} = ")),
            "{var} missing from init output"
        );
    }
}

#[test]
fn init_refuses_to_overwrite() {
    let dir = scratch(&[("p.toml", "mine")]);
    run(dir.path(), &["init", "-o", "p.toml"])
        .failure(1)
        .stderr_has("文件已存在");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("p.toml")).unwrap(),
        "mine"
    );
    run(dir.path(), &["init", "-o", "p.toml", "--force"]).success();
}

#[test]
fn init_unknown_pack() {
    let dir = scratch(&[]);
    run(dir.path(), &["init", "-t", "nope"])
        .failure(1)
        .stderr_has("找不到模板包 `nope`");
}

/// Without the repository: the bundled examples are listed, and one is
/// written (with the shared profile it extends) in any folder, ready to
/// generate. The top-level help shows exactly this.
#[test]
fn an_example_is_written_from_any_folder() {
    let dir = scratch(&[]);
    run(dir.path(), &["examples"])
        .success()
        .stdout_has("qingshan-jiedao")
        .stdout_has("dangke-qingshan");
    run(dir.path(), &["init", "--example", "qingshan-jiedao"])
        .success()
        .stderr_has("common/qingshan-qu.toml")
        .stderr_has("jianghua generate qingshan-jiedao.toml");
    run(dir.path(), &["generate", "qingshan-jiedao.toml"])
        .success()
        .stdout_has("青山街道");
    run(dir.path(), &["init", "--example", "qingshan-jiedao"])
        .failure(1)
        .stderr_has("已存在");
    run(dir.path(), &["init", "--example", "kaimu-lvyou", "-o", "-"])
        .success()
        .stdout_has("template = \"kaimu\"");
    run(
        dir.path(),
        &["init", "--example", "qingshan-jiedao", "-o", "-"],
    )
    .failure(2)
    .stderr_has("继承另一份配置");
    run(dir.path(), &["init", "--example", "qingshan-jiedo"])
        .failure(1)
        .stderr_has("qingshan-jiedao");
    run(dir.path(), &["--help"])
        .success()
        .stdout_has("jianghua init --example qingshan-jiedao");
}

/// A profile `init` wrote and nobody filled in generates a speech about the
/// example unit; that is said (a warning, not a refusal). A bundled example
/// with the same values is not an unfilled stub and says nothing.
#[test]
fn an_unfilled_stub_is_warned_about() {
    let dir = scratch(&[]);
    run(dir.path(), &["init", "-t", "biaotai", "-o", "a.toml"]).success();
    run(dir.path(), &["generate", "a.toml"])
        .success()
        .stderr_has("警告：a.toml 里有")
        .stderr_has("unit.name = “东湖街道”");
    let example = crate::support::repo().join("examples/biaotai-donghu.toml");
    let r = run(dir.path(), &["generate", &example.display().to_string()]);
    r.success();
    assert!(!r.stderr.contains("示例值"), "{}", r.stderr);
}

/// A `jianghua.toml` in the folder (or above it) names the office's packs
/// and defaults, so a custom pack needs no --templates on each command.
/// Without one, init for a pack found through --templates prints a next
/// step that works.
#[test]
fn project_settings_spare_the_flags() {
    let dir = scratch(&[]);
    run(
        dir.path(),
        &["templates", "new", "mine", "tpl", "--from", "biaotai"],
    )
    .success();
    run(
        dir.path(),
        &["--templates", "tpl", "init", "-t", "mine", "-o", "a.toml"],
    )
    .success()
    .stderr_has("jianghua --templates tpl generate a.toml")
    .stderr_has("jianghua.toml");
    std::fs::write(
        dir.path().join("jianghua.toml"),
        "templates = [\"tpl\"]\ntemplate = \"mine\"\noutput = \"稿\"\nformats = [\"txt\", \"docx\"]\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("sub")).unwrap();
    let sub = dir.path().join("sub");
    // From a folder below: init takes the project's pack, generate finds it.
    run(&sub, &["init", "-o", "b.toml"]).success();
    let stub = std::fs::read_to_string(sub.join("b.toml")).unwrap();
    assert!(stub.contains("template = \"mine\""), "{stub}");
    run(&sub, &["generate", "b.toml"])
        .success()
        .stdout_has("表态发言");
    // batch writes to the project's folder, in its formats.
    run(&sub, &["batch", "b.toml"]).success();
    assert!(dir.path().join("稿/b.txt").exists());
    assert!(dir.path().join("稿/b.docx").exists());
    // A mistake in the settings is said, with what may be written.
    std::fs::write(dir.path().join("jianghua.toml"), "templete = \"mine\"\n").unwrap();
    run(&sub, &["templates", "list"])
        .failure(1)
        .stderr_has("jianghua.toml")
        .stderr_has("templete");
}
