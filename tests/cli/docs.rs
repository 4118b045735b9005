//! Every TOML block in README is a profile that passes `check`, and every
//! example in `examples/` generates.

use crate::support::*;

#[test]
fn readme_toml_blocks_pass_check() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in readme.lines() {
        match (&mut current, line.trim_start()) {
            (None, "```toml") => current = Some(String::new()),
            (Some(_), "```") => blocks.push(current.take().unwrap()),
            (Some(buf), _) => {
                buf.push_str(line);
                buf.push('\n');
            }
            _ => {}
        }
    }
    assert!(!blocks.is_empty(), "README has no ```toml blocks");
    for (i, block) in blocks.iter().enumerate() {
        // Blocks that extend the bundled base profile run from examples/.
        let dir = scratch(&[("readme.toml", block)]);
        let path = dir.path().join("readme.toml");
        let text = block.replace(
            "extends = \"common/",
            &format!("extends = \"{}/common/", repo().join("examples").display()),
        );
        std::fs::write(&path, text).unwrap();
        let r = run(dir.path(), &["check", "readme.toml"]);
        assert_eq!(
            r.code, 0,
            "README toml block {i} fails:\n{block}\n{}",
            r.stderr
        );
    }
}

#[test]
fn every_example_generates() {
    let dir = scratch(&[]);
    for entry in std::fs::read_dir(repo().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            run(dir.path(), &["generate", &path.display().to_string()]).success();
        }
    }
}

/// The README tutorial, step by step, on the bundled masked model speech.
#[test]
fn tutorial_from_model_speech_to_batch() {
    let dir = scratch(&[]);
    let model = repo()
        .join("examples/fanwen/laji-fenlei.txt")
        .display()
        .to_string();
    run(dir.path(), &["lint", &model])
        .failure(1)
        .stdout_has("`**街道`")
        .stdout_has("J101");
    run(
        dir.path(),
        &["extract", &model, "-o", "我的模板", "--name", "laji"],
    )
    .success()
    .stderr_has("一致");
    run(dir.path(), &["templates", "check", "我的模板/laji"]).success();
    let stub = std::fs::read_to_string(dir.path().join("我的模板/laji.toml")).unwrap();
    let filled = stub
        .replace("\"**街道\"", "\"红星街道\"")
        .replace("\"×××\"", "\"王强\"")
        .replace("months = 1", "months = 6")
        .replace("pilot_count = 1", "pilot_count = 8");
    std::fs::write(dir.path().join("我的模板/laji.toml"), &filled).unwrap();
    run(
        dir.path(),
        &[
            "--templates",
            "我的模板",
            "generate",
            "我的模板/laji.toml",
            "-o",
            "讲话稿.docx",
        ],
    )
    .success();
    std::fs::create_dir_all(dir.path().join("街道")).unwrap();
    std::fs::write(dir.path().join("街道/hongxing.toml"), &filled).unwrap();
    std::fs::write(
        dir.path().join("街道/qingshan.toml"),
        filled.replace("红星街道", "青山街道"),
    )
    .unwrap();
    run(
        dir.path(),
        &[
            "--templates",
            "我的模板",
            "batch",
            "街道",
            "-f",
            "docx",
            "--variants",
            "2",
            "-o",
            "讲话稿",
        ],
    )
    .success()
    .stderr_has("任务 4 个，成功 4");
}

/// README's Rust block is the body of `tests/library.rs`, which runs it.
#[test]
fn readme_rust_block_is_the_library_test() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let block: Vec<&str> = readme
        .split("```rust\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("README has a ```rust block")
        .lines()
        .map(str::trim)
        .collect();
    let test = std::fs::read_to_string(repo().join("tests/library.rs")).unwrap();
    let body: Vec<&str> = test
        .split("// README begins")
        .nth(1)
        .and_then(|rest| rest.split("// README ends").next())
        .unwrap()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let block: Vec<&str> = block.into_iter().filter(|l| !l.is_empty()).collect();
    assert_eq!(block, body);
}

/// README's jianghua.toml block is valid project settings.
#[test]
fn readme_project_settings_block_loads() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let block: String = readme
        .split("```toml jianghua.toml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("README shows a jianghua.toml")
        .to_owned();
    let dir = scratch(&[("jianghua.toml", &block)]);
    let p = jianghua::project::Project::load(&dir.path().join("jianghua.toml")).unwrap();
    assert_eq!(p.template.as_deref(), Some("mine"));
    assert_eq!(p.formats.map(|f| f.len()), Some(2));
}
