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
