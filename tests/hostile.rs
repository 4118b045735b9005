//! Hostile and broken input. Every case here once could have been a panic, a
//! lost file or a baffling message; each must get a clear answer and leave
//! the user's files as they were. docs/internals.md (reliability) counts them.

use std::path::Path;
use std::process::{Command, Stdio};

#[path = "shared/hostile_profiles.rs"]
mod hostile_profiles;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let out = in_dir(Command::new(env!("CARGO_BIN_EXE_jianghua")).args(args), dir);
    finish(&out, args)
}

/// Runs `command` in `dir` as every case does: no template folder from the
/// environment, nothing on standard input.
fn in_dir(command: &mut Command, dir: &Path) -> std::process::Output {
    command
        .current_dir(dir)
        .env_remove("JIANGHUA_TEMPLATES")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// The run's answer; a panic fails the test whatever the case expects.
fn finish(out: &std::process::Output, args: &[&str]) -> Run {
    let r = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !r.stderr.contains("panicked") && !r.stderr.contains("内部出错"),
        "panic on {args:?}:\n{}",
        r.stderr
    );
    r
}

fn profile() -> String {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), &["init"]).stdout
}

#[track_caller]
fn fails_with(r: &Run, needle: &str) {
    assert_eq!(r.code, 1, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains(needle) || r.stdout.contains(needle),
        "lacks {needle:?}:\n{}{}",
        r.stdout,
        r.stderr
    );
}

#[test]
fn gbk_profile_and_draft_are_decoded_with_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    let text = profile();
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    std::fs::write(dir.path().join("p.toml"), &gbk).unwrap();
    let r = run(dir.path(), &["generate", "p.toml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("已按 GB18030（GBK）编码读取"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("在青山街道"));
    let (draft, _, _) = encoding_rs::GB18030.encode("同志们：\n今天召开**街道动员会。\n");
    std::fs::write(dir.path().join("d.txt"), &draft).unwrap();
    let r = run(dir.path(), &["lint", "d.txt"]);
    assert!(
        r.stderr.contains("GB18030") && r.stdout.contains("`**街道`"),
        "{}{}",
        r.stdout,
        r.stderr
    );
}

#[test]
fn invalid_utf8_draft_and_fake_docx() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.txt"), b"ok\xff\xfe").unwrap();
    fails_with(&run(dir.path(), &["lint", "d.txt"]), "第 2 字节");
    std::fs::write(dir.path().join("d.docx"), b"PK\x03\x04 not really a zip").unwrap();
    fails_with(&run(dir.path(), &["lint", "d.docx"]), "不是有效的 Word");
    std::fs::write(dir.path().join("e.docx"), b"").unwrap();
    fails_with(&run(dir.path(), &["stats", "e.docx"]), "不是有效的 Word");
}

#[test]
fn bom_and_crlf_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("p.toml"),
        format!("\u{feff}{}", profile().replace('\n', "\r\n")),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("tpl/dongyuan")).unwrap();
    std::fs::write(
        dir.path().join("tpl/dongyuan/closing.hbs"),
        "\u{feff}同志们，\r\n加油！\r\n",
    )
    .unwrap();
    let r = run(dir.path(), &["--templates", "tpl", "generate", "p.toml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains('\r') && !r.stdout.contains('\u{feff}'));
    std::fs::write(
        dir.path().join("d.txt"),
        "\u{feff}同志们:\r\n今天开会。\r\n",
    )
    .unwrap();
    assert_eq!(run(dir.path(), &["lint", "d.txt"]).code, 0);
}

#[test]
fn output_path_is_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.toml"), profile()).unwrap();
    std::fs::create_dir(dir.path().join("out.txt")).unwrap();
    fails_with(
        &run(
            dir.path(),
            &["generate", "p.toml", "-o", "out.txt", "--force"],
        ),
        "这是一个文件夹",
    );
    assert!(dir.path().join("out.txt").is_dir());
}

#[cfg(unix)]
#[test]
fn output_path_is_a_symlink() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.toml"), profile()).unwrap();
    std::fs::write(dir.path().join("target.txt"), "别人的文件").unwrap();
    std::os::unix::fs::symlink("target.txt", dir.path().join("link.txt")).unwrap();
    fails_with(
        &run(dir.path(), &["generate", "p.toml", "-o", "link.txt"]),
        "文件已存在",
    );
    assert_eq!(
        run(
            dir.path(),
            &["generate", "p.toml", "-o", "link.txt", "--force"]
        )
        .code,
        0
    );
    // The link is replaced; the file it pointed to is untouched.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("target.txt")).unwrap(),
        "别人的文件"
    );
    assert!(
        !std::fs::symlink_metadata(dir.path().join("link.txt"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

/// A missing folder is made; a folder that cannot be made (a file stands
/// where it would go) is an error, not a crash.
#[test]
fn output_folder_missing_or_impossible() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.toml"), profile()).unwrap();
    let made = run(
        dir.path(),
        &["generate", "p.toml", "-o", "no/such/dir/out.txt"],
    );
    assert_eq!(made.code, 0, "{}", made.stderr);
    assert!(dir.path().join("no/such/dir/out.txt").exists());
    fails_with(
        &run(dir.path(), &["generate", "p.toml", "-o", "p.toml/out.txt"]),
        "无法写入",
    );
}

#[cfg(target_os = "linux")]
#[test]
fn full_disk_on_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.toml"), profile()).unwrap();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_jianghua"))
        .args(["generate", "p.toml"])
        .current_dir(dir.path())
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("无法写入 <标准输出>"));
}

#[test]
fn profile_larger_than_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let big = format!("{}\n# {}\n", profile(), "很".repeat(4 * 1024 * 1024));
    std::fs::write(dir.path().join("p.toml"), big).unwrap();
    fails_with(
        &run(dir.path(), &["generate", "p.toml"]),
        "太大：超过 10 MB",
    );
    std::fs::write(dir.path().join("d.txt"), "字".repeat(4 * 1024 * 1024)).unwrap();
    fails_with(&run(dir.path(), &["lint", "d.txt"]), "太大");
}

#[test]
fn long_extends_chain() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..40 {
        std::fs::write(
            dir.path().join(format!("p{i}.toml")),
            format!("extends = \"p{}.toml\"\n", i + 1),
        )
        .unwrap();
    }
    std::fs::write(dir.path().join("p40.toml"), profile()).unwrap();
    fails_with(&run(dir.path(), &["generate", "p0.toml"]), "extends");
}

#[test]
fn partial_that_includes_itself() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.toml"), profile()).unwrap();
    std::fs::create_dir_all(dir.path().join("tpl/dongyuan/partials")).unwrap();
    std::fs::write(
        dir.path().join("tpl/dongyuan/partials/a.hbs"),
        "甲{{> partials/b}}",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("tpl/dongyuan/partials/b.hbs"),
        "乙{{> partials/a}}",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("tpl/dongyuan/closing.hbs"),
        "同志们，{{> partials/a}}",
    )
    .unwrap();
    fails_with(
        &run(dir.path(), &["--templates", "tpl", "generate", "p.toml"]),
        "局部模板互相引用，形成循环",
    );
    std::fs::write(
        dir.path().join("tpl/dongyuan/closing.hbs"),
        "同志们，{{> closing}}",
    )
    .unwrap();
    fails_with(
        &run(dir.path(), &["--templates", "tpl", "generate", "p.toml"]),
        "形成循环：closing → closing",
    );
}

#[test]
fn partial_names_cannot_leave_the_pack() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.toml"), profile()).unwrap();
    std::fs::write(dir.path().join("secret.hbs"), "机密").unwrap();
    std::fs::create_dir_all(dir.path().join("tpl/dongyuan")).unwrap();
    std::fs::write(
        dir.path().join("tpl/dongyuan/closing.hbs"),
        "同志们，{{> ../../secret}}",
    )
    .unwrap();
    let r = run(dir.path(), &["--templates", "tpl", "generate", "p.toml"]);
    fails_with(&r, "找不到局部模板");
    assert!(!r.stdout.contains("机密"));
}

#[test]
fn pack_names_cannot_leave_the_templates_folder() {
    let dir = tempfile::tempdir().unwrap();
    fails_with(
        &run(dir.path(), &["init", "-t", "../dongyuan"]),
        "找不到模板包",
    );
    fails_with(&run(dir.path(), &["init", "-t", "_shared"]), "找不到模板包");
}

#[test]
fn batch_over_the_job_limit_needs_yes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("many")).unwrap();
    let p = profile();
    for i in 0..201 {
        std::fs::write(dir.path().join(format!("many/p{i}.toml")), &p).unwrap();
    }
    fails_with(
        &run(
            dir.path(),
            &["batch", "many", "--variants", "100", "-o", "out"],
        ),
        "超过了 20000 个的上限",
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn broken_template_syntax_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.toml"), profile()).unwrap();
    for (i, bad) in [
        "{{",
        "{{#if}}",
        "{{/if}}",
        "{{#each unit}}{{/if}}",
        "{{> }}",
        "{{{unit.name}}",
        "}}{{",
    ]
    .iter()
    .enumerate()
    {
        let tpl = format!("tpl{i}/dongyuan");
        std::fs::create_dir_all(dir.path().join(&tpl)).unwrap();
        std::fs::write(dir.path().join(&tpl).join("closing.hbs"), bad).unwrap();
        let r = run(
            dir.path(),
            &["--templates", &format!("tpl{i}"), "generate", "p.toml"],
        );
        assert_eq!(r.code, 1, "{bad}: {}", r.stderr);
        assert!(r.stderr.starts_with("错误："), "{bad}: {}", r.stderr);
    }
}

#[test]
fn garbage_draft_text_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = "**××XX某某☆☆__【待填{{}}第第一，一、（一）1.一是二是三是讲三点意见：;；，,。.\n\n\u{3000}#### > - * \u{200b}\u{feff}𠀀\n".repeat(50);
    std::fs::write(dir.path().join("g.md"), &garbage).unwrap();
    std::fs::write(dir.path().join("g.txt"), &garbage).unwrap();
    for args in [["lint", "g.md"], ["lint", "g.txt"], ["stats", "g.txt"]] {
        let r = run(dir.path(), &args);
        assert!(r.code == 0 || r.code == 1, "{args:?}: {}", r.stderr);
    }
    let r = run(dir.path(), &["extract", "g.txt", "-o", "x"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// Runs jianghua in a shell that caps its address space and processor time:
/// a check whose cost grew with the square of its input would be killed
/// (exit by signal) instead of passing slowly.
fn run_bounded(dir: &Path, args: &[&str]) -> Run {
    let quoted: Vec<String> = args
        .iter()
        .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
        .collect();
    let script = format!(
        "ulimit -v 1000000; ulimit -t 60; exec '{}' {}",
        env!("CARGO_BIN_EXE_jianghua"),
        quoted.join(" ")
    );
    let out = in_dir(Command::new("sh").args(["-c", &script]), dir);
    finish(&out, args)
}

#[test]
fn a_huge_paragraph_is_checked_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    // Thousands of names and one mask in one line: each finding holds a
    // window, not the paragraph.
    let names = format!("{}**街道\n", "青山街道，".repeat(16_000));
    std::fs::write(dir.path().join("names.txt"), &names).unwrap();
    // Hundreds of thousands of masks: the first are listed, then a count.
    let masks = format!("{}\n", "**街道".repeat(400_000));
    std::fs::write(dir.path().join("masks.txt"), &masks).unwrap();
    // Counts, brackets and names that once made the checks scan back to the
    // start of the paragraph for each one.
    let mixed = format!(
        "{}{}{}\n",
        "青山街道，红星街道，".repeat(30_000),
        "讲三个".repeat(20_000),
        "【".repeat(20_000)
    );
    std::fs::write(dir.path().join("mixed.txt"), &mixed).unwrap();
    let r = run_bounded(dir.path(), &["lint", "names.txt"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("`**街道`"), "{}", r.stdout);
    assert!(r.stdout.len() < 100_000, "{}", r.stdout.len());
    let r = run_bounded(dir.path(), &["lint", "masks.txt", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("还有 399800 处"), "{}", &r.stdout[..500]);
    let r = run_bounded(dir.path(), &["lint", "mixed.txt"]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    // The same through a profile value: the draft's paragraph is as long.
    let p = profile().replace(
        "name = \"青山街道\"",
        &format!("name = \"{}\"", names.trim()),
    );
    std::fs::write(dir.path().join("p.toml"), p).unwrap();
    let r = run_bounded(dir.path(), &["check", "p.toml", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.contains("\"unit.name\""),
        "{}",
        &r.stdout[..r.stdout.len().min(2000)]
    );
}

#[test]
fn thousands_of_profile_errors_on_one_line_are_listed_briefly() {
    let dir = tempfile::tempdir().unwrap();
    let points: Vec<String> = (0..10_000).map(|i| format!("\"nope{i}\"")).collect();
    let p = format!("points = [{}]\n{}", points.join(", "), profile());
    std::fs::write(dir.path().join("p.toml"), p).unwrap();
    let r = run_bounded(dir.path(), &["check", "p.toml"]);
    fails_with(&r, "还有 9950 处问题未列出");
    assert!(r.stderr.len() < 50_000, "{}", r.stderr.len());
    // The caret line is a window of the long line.
    assert!(r.stderr.contains("…"), "{}", &r.stderr[..2000]);
}

#[test]
fn characters_a_word_file_cannot_hold_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    // A form feed pasted from a PDF, written as a TOML escape.
    let p = profile().replace("name = \"青山街道\"", "name = \"青山\\f街道\"");
    std::fs::write(dir.path().join("p.toml"), p).unwrap();
    let r = run(dir.path(), &["generate", "p.toml", "-o", "p.docx"]);
    fails_with(&r, "`unit.name` 的第 3 个字符是 U+000C（换页符）");
    assert!(r.stderr.contains("p.toml:"), "{}", r.stderr);
    assert!(!dir.path().join("p.docx").exists());
    // The same through --set.
    std::fs::write(dir.path().join("q.toml"), profile()).unwrap();
    let r = run(
        dir.path(),
        &[
            "generate",
            "q.toml",
            "--set",
            "unit.name=青山\u{B}街道",
            "-o",
            "q.docx",
        ],
    );
    fails_with(&r, "U+000B（垂直制表符）");
    assert!(r.stderr.contains("--set"), "{}", r.stderr);
    assert!(!dir.path().join("q.docx").exists());
    // And in a template: `templates check` finds it, loading refuses it, and
    // the terminal shows the character's picture, not the raw control code.
    run(dir.path(), &["templates", "export", "dongyuan", "t"]);
    let opening = dir.path().join("t/dongyuan/opening.hbs");
    let text = std::fs::read_to_string(&opening).unwrap();
    std::fs::write(&opening, format!("今天\u{C}{text}")).unwrap();
    let r = run(dir.path(), &["templates", "check", "t/dongyuan"]);
    fails_with(&r, "模板里有 U+000C（换页符）");
    assert!(
        r.stdout.contains('␌') && !r.stdout.contains('\u{C}'),
        "{}",
        r.stdout
    );
    let r = run(
        dir.path(),
        &["--templates", "t", "generate", "q.toml", "-o", "t.docx"],
    );
    fails_with(&r, "模板里有 U+000C（换页符）");
    assert!(!dir.path().join("t.docx").exists());
}

#[test]
fn deep_nesting_is_refused_at_load() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("q.toml"), profile()).unwrap();
    run(dir.path(), &["templates", "export", "dongyuan", "t"]);
    let opening = dir.path().join("t/dongyuan/opening.hbs");
    for (open, close) in [
        ("{{#if unit.name}}", "{{/if}}"),
        ("{{#pick}}", "{{/pick}}"),
        ("{{#each goals}}", "{{/each}}"),
        ("{{#with unit}}", "{{/with}}"),
    ] {
        let deep = format!("{}甲{}", open.repeat(10_000), close.repeat(10_000));
        std::fs::write(&opening, &deep).unwrap();
        let r = run_bounded(dir.path(), &["templates", "check", "t/dongyuan"]);
        fails_with(&r, "块嵌套太深：超过 64 层");
        let r = run_bounded(dir.path(), &["--templates", "t", "generate", "q.toml"]);
        fails_with(&r, "块嵌套太深");
        assert!(r.stderr.contains("opening.hbs:1:"), "{}", r.stderr);
    }
    // Sixty-four levels are fine.
    let ok = format!(
        "{}甲{}",
        "{{#if unit.name}}".repeat(64),
        "{{/if}}".repeat(64)
    );
    std::fs::write(&opening, ok).unwrap();
    let r = run_bounded(dir.path(), &["--templates", "t", "generate", "q.toml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // And in a batch's --name pattern.
    std::fs::create_dir_all(dir.path().join("in")).unwrap();
    std::fs::write(dir.path().join("in/q.toml"), profile()).unwrap();
    // (An argument is at most 128 KB.)
    let pattern = format!(
        "{}x{}",
        "{{#if unit.name}}".repeat(2_000),
        "{{/if}}".repeat(2_000)
    );
    let r = run_bounded(
        dir.path(),
        &["batch", "in", "-o", "out", "--name", &pattern],
    );
    fails_with(&r, "块嵌套太深");
}

#[test]
fn a_chain_of_partials_deeper_than_blocks_may_nest_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("q.toml"), profile()).unwrap();
    run(dir.path(), &["templates", "export", "dongyuan", "t"]);
    let pack = dir.path().join("t/dongyuan");
    std::fs::create_dir_all(pack.join("chain")).unwrap();
    for k in 0..5_000 {
        std::fs::write(
            pack.join(format!("chain/p{k}.hbs")),
            format!("{{{{> chain/p{}}}}}", k + 1),
        )
        .unwrap();
    }
    std::fs::write(pack.join("chain/p5000.hbs"), "底").unwrap();
    std::fs::write(pack.join("opening.hbs"), "{{> chain/p0}}").unwrap();
    let r = run_bounded(dir.path(), &["--templates", "t", "generate", "q.toml"]);
    fails_with(&r, "局部模板一层套一层，超过 64 层");
}

#[cfg(unix)]
#[test]
fn force_writes_over_regular_files_only() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.toml"), profile()).unwrap();
    let fifo = dir.path().join("pipe.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let r = run(
        dir.path(),
        &["generate", "p.toml", "-o", "pipe.txt", "--force"],
    );
    fails_with(&r, "这是命名管道，不是普通文件");
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    // A link to a device is judged by the device.
    std::os::unix::fs::symlink("/dev/null", dir.path().join("null.txt")).unwrap();
    let r = run(
        dir.path(),
        &["generate", "p.toml", "-o", "null.txt", "--force"],
    );
    fails_with(&r, "这是设备文件");
    // Batch with --force over a folder holding a pipe where a speech goes.
    std::fs::create_dir_all(dir.path().join("in")).unwrap();
    std::fs::write(dir.path().join("in/s.toml"), profile()).unwrap();
    std::fs::create_dir_all(dir.path().join("out")).unwrap();
    let made = Command::new("mkfifo")
        .arg(dir.path().join("out/s.txt"))
        .status()
        .unwrap();
    assert!(made.success());
    let r = run(dir.path(), &["batch", "in", "-o", "out", "--force"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("不是普通文件"), "{}", r.stderr);
}

#[cfg(unix)]
#[test]
fn a_pack_file_linked_outside_the_pack_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.toml"), profile()).unwrap();
    std::fs::write(dir.path().join("secret.txt"), "机密内容").unwrap();
    run(dir.path(), &["templates", "export", "dongyuan", "t"]);
    let pack = dir.path().join("t/dongyuan");
    std::os::unix::fs::symlink(dir.path().join("secret.txt"), pack.join("x.hbs")).unwrap();
    let opening = std::fs::read_to_string(pack.join("opening.hbs")).unwrap();
    std::fs::write(pack.join("opening.hbs"), format!("{{{{> x}}}}{opening}")).unwrap();
    let r = run(dir.path(), &["--templates", "t", "generate", "p.toml"]);
    fails_with(&r, "是指向包外的链接");
    assert!(!r.stdout.contains("机密内容"));
    // A link inside the pack is one file under two names.
    std::fs::remove_file(pack.join("x.hbs")).unwrap();
    std::fs::write(pack.join("real.hbs"), "本包的内容。").unwrap();
    std::os::unix::fs::symlink(pack.join("real.hbs"), pack.join("x.hbs")).unwrap();
    let r = run(
        dir.path(),
        &["--templates", "t", "generate", "p.toml", "--allow-findings"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("本包的内容。"));
}

#[test]
fn the_batch_summary_does_not_depend_on_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("in")).unwrap();
    std::fs::write(dir.path().join("in/a.toml"), profile()).unwrap();
    std::fs::write(dir.path().join("in/b.toml"), "[unit]\nname = 12\n").unwrap();
    // A folder where manifest.json goes: the manifest cannot be written.
    std::fs::create_dir_all(dir.path().join("out/manifest.json")).unwrap();
    let r = run(
        dir.path(),
        &["batch", "in", "-o", "out", "-t", "dongyuan", "--force"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    for needle in [
        "批量完成：任务 2 个，成功 1，失败 1",
        "失败的任务：",
        "in/b.toml",
        "清单 manifest.json 没有写成",
    ] {
        assert!(r.stderr.contains(needle), "lacks {needle}:\n{}", r.stderr);
    }
    assert!(dir.path().join("out/a.txt").exists());
}

#[test]
fn lesser_slips_get_clear_answers() {
    let dir = tempfile::tempdir().unwrap();
    // Year 0 is a TOML date, but no meeting's.
    let p = profile().replace("date = 2026-12-01", "date = 0000-12-01");
    assert!(p.contains("0000-12-01"));
    std::fs::write(dir.path().join("y.toml"), p).unwrap();
    fails_with(
        &run(dir.path(), &["check", "y.toml"]),
        "的年份 0 不是会议的日期",
    );
    // An empty list item would leave a sentence with nothing in it.
    let p = profile().replacen("goals = [", "goals = [\"\", ", 1);
    std::fs::write(dir.path().join("e.toml"), p).unwrap();
    fails_with(
        &run(dir.path(), &["check", "e.toml"]),
        "`goals` 的第 1 项是空的",
    );
    // JSON asked for, JSON given, also when the profile itself is wrong.
    let r = run(dir.path(), &["check", "e.toml", "--format", "json"]);
    assert_eq!(r.code, 1);
    let problems: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(problems[0]["severity"], "error");
    assert!(problems[0]["message"].as_str().unwrap().contains("是空的"));
    assert_eq!(problems[0]["file"], "e.toml");
    // _shared is the folder of partials every pack uses.
    std::fs::write(
        dir.path().join("s.txt"),
        "标题\n同志们：\n召开**街道会议。\n",
    )
    .unwrap();
    fails_with(
        &run(
            dir.path(),
            &["extract", "s.txt", "-o", "p", "--name", "_shared"],
        ),
        "模板包名不能以 `_` 开头",
    );
    // System errors in Chinese, without the system's English.
    let r = run(dir.path(), &["lint", "nowhere.txt"]);
    fails_with(&r, "文件或文件夹不存在");
    assert!(!r.stderr.contains("os error"), "{}", r.stderr);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("b.txt", dir.path().join("a.txt")).unwrap();
        std::os::unix::fs::symlink("a.txt", dir.path().join("b.txt")).unwrap();
        fails_with(&run(dir.path(), &["lint", "a.txt"]), "符号链接形成了循环");
    }
}

#[test]
fn markdown_output_escapes_html_and_extends_reads_only_profiles() {
    let dir = tempfile::tempdir().unwrap();
    let p = profile().replace(
        "name = \"青山街道\"",
        "name = \"青山街道<script>alert(1)</script>&amp;\"",
    );
    std::fs::write(dir.path().join("p.toml"), p).unwrap();
    let r = run(
        dir.path(),
        &["generate", "p.toml", "-f", "md", "--allow-findings"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("<script>"), "{}", r.stdout);
    assert!(r.stdout.contains("&lt;script>"), "{}", r.stdout);
    assert!(r.stdout.contains("&amp;amp;"), "{}", r.stdout);
    // extends only reads another profile, and never shows another file.
    std::fs::write(dir.path().join("secret"), "root:SECRET:19000::::::\n").unwrap();
    std::fs::write(dir.path().join("e.toml"), "extends = \"secret\"\n").unwrap();
    let r = run(dir.path(), &["check", "e.toml"]);
    fails_with(&r, "extends 只能指向 .toml 配置文件");
    assert!(!r.stderr.contains("SECRET"), "{}", r.stderr);
}

#[test]
fn hostile_profiles_get_a_clear_answer() {
    let dir = tempfile::tempdir().unwrap();
    for case in hostile_profiles::profiles(&profile()) {
        std::fs::write(dir.path().join("t.toml"), &case.bytes).unwrap();
        let r = run(dir.path(), &["check", "t.toml"]);
        assert_eq!(r.code, 1, "{}: {}", case.what, r.stderr);
        assert!(
            r.stderr.contains(case.needle),
            "{}: {}",
            case.what,
            r.stderr
        );
        if case.syntax {
            let english = r
                .stderr
                .lines()
                .filter(|l| l.starts_with("错误") || l.starts_with("提示"))
                .any(hostile_profiles::has_english);
            assert!(!english, "{}: {}", case.what, r.stderr);
        }
    }
}

#[test]
fn two_batches_into_one_folder_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("in")).unwrap();
    std::fs::write(dir.path().join("in/a.toml"), profile()).unwrap();
    std::fs::create_dir_all(dir.path().join("out")).unwrap();
    let lock = dir.path().join("out/.jianghua.lock");
    // A running batch holds the folder (this test's own process stands in).
    std::fs::write(&lock, std::process::id().to_string()).unwrap();
    let r = run(dir.path(), &["batch", "in", "-o", "out", "-t", "dongyuan"]);
    fails_with(&r, "正在写入");
    assert!(!dir.path().join("out/a.txt").exists());
    // A lock left by a run that was killed is taken over, and let go after.
    if cfg!(target_os = "linux") {
        std::fs::write(&lock, "4294967295").unwrap();
        let r = run(dir.path(), &["batch", "in", "-o", "out", "-t", "dongyuan"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(dir.path().join("out/a.txt").exists());
        assert!(!lock.exists());
    }
}

#[test]
fn pack_name_pattern_and_argument_errors_are_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.toml"), profile()).unwrap();
    run(dir.path(), &["templates", "export", "dongyuan", "t"]);
    let manifest = dir.path().join("t/dongyuan/pack.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        text.replacen("title = ", "titel = \"x\"\ntitle = ", 1),
    )
    .unwrap();
    let r = run(dir.path(), &["templates", "check", "t/dongyuan"]);
    fails_with(&r, "未知的字段 `titel`；是不是 `title`？");
    assert!(!r.stderr.contains("unknown field"), "{}", r.stderr);
    std::fs::create_dir_all(dir.path().join("in")).unwrap();
    std::fs::write(dir.path().join("in/a.toml"), profile()).unwrap();
    let r = run(
        dir.path(),
        &["batch", "in", "-o", "out", "--name", "{{nope.x}}"],
    );
    fails_with(&r, "变量 `nope.x` 在这份配置里没有值");
    assert!(!r.stderr.contains("strict mode"), "{}", r.stderr);
    let r = run(dir.path(), &["generate", "p.toml", "--seed", "abc"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("应为整数"), "{}", r.stderr);
    assert!(!r.stderr.contains("invalid digit"), "{}", r.stderr);
    let r = run(dir.path(), &["lint", "p.toml", "--rate", "0"]);
    assert!(r.stderr.contains("应在 1 到"), "{}", r.stderr);
}

/// Spreadsheets that are not what their names say, or hold nothing usable:
/// a clear answer each, nothing written.
#[test]
fn broken_spreadsheets() {
    let dir = tempfile::tempdir().unwrap();
    let garbage: Vec<u8> = (0..4000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    std::fs::write(dir.path().join("坏.xlsx"), &garbage).unwrap();
    std::fs::write(dir.path().join("坏.csv"), b"\xff\xfe\x00\x00\x01\x02").unwrap();
    std::fs::write(dir.path().join("空.csv"), b"").unwrap();
    // An extends column leaves the required values to a shared profile.
    std::fs::write(
        dir.path().join("大.csv"),
        "course.count,extends\n99999999999999999999,\n",
    )
    .unwrap();
    for (file, needle) in [
        ("坏.xlsx", "无法读取表格"),
        ("坏.csv", "没有填写任何一行"),
        ("空.csv", "第一行应是列名"),
        ("大.csv", "应为整数"),
    ] {
        fails_with(
            &run(
                dir.path(),
                &["batch", "--table", file, "-t", "peixun", "-o", "out"],
            ),
            needle,
        );
    }
    assert!(!dir.path().join("out").exists());
}
