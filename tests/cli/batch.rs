//! `jianghua batch`: reproducible, parallel, nothing lost.

use std::path::Path;

use crate::support::*;

/// A folder of street profiles extending one district base.
fn district(streets: &[&str]) -> tempfile::TempDir {
    let base = std::fs::read_to_string(repo().join("examples/common/qingshan-qu.toml")).unwrap();
    let dir = scratch(&[("base.toml", &base)]);
    for (i, street) in streets.iter().enumerate() {
        let profile = format!(
            "extends = \"../base.toml\"\ngoals = [\"目标一\", \"目标二\"]\ntasks = [\"任务一\", \"任务二\"]\noutcomes = [\"体现一\", \"体现二\"]\n\n[unit]\nname = {}\n\n[speaker]\nname = \"干部{i}\"\ntitle = \"街道党工委书记\"\n",
            toml::Value::String((*street).to_owned())
        );
        let path = dir.path().join("streets").join(format!("s{i}.toml"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, profile).unwrap();
    }
    dir
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&read(dir, "manifest.json")).unwrap()
}

#[test]
fn folder_of_profiles_in_several_formats() {
    let dir = district(&["青山街道", "红星街道", "东湖街道"]);
    let r = run(
        dir.path(),
        &[
            "batch",
            "streets",
            "-o",
            "out",
            "-f",
            "txt",
            "-f",
            "docx",
            "--name",
            "{{unit.name}}",
        ],
    );
    r.success()
        .stderr_has("任务 3 个，成功 3，失败 0")
        .stderr_has("写出 6 个文件");
    let out = dir.path().join("out");
    assert!(read(&out, "红星街道.txt").starts_with("在红星街道"));
    assert!(
        std::fs::read(out.join("东湖街道.docx"))
            .unwrap()
            .starts_with(b"PK")
    );
    let m = manifest(&out);
    assert_eq!(m["summary"]["jobs"], 3);
    for key in ["seconds", "contamination_seconds", "similarity_seconds"] {
        assert!(
            m["summary"][key].as_f64().is_some_and(|s| s >= 0.0),
            "{key}"
        );
    }
    let job = &m["jobs"][0];
    for key in [
        "profile", "pack", "seed", "outputs", "chars", "minutes", "findings", "status", "error",
    ] {
        assert!(job.get(key).is_some(), "manifest job lacks {key}");
    }
    assert_eq!(job["status"], "ok");
    assert_eq!(job["pack"], "dongyuan");
    assert!(job["chars"].as_u64().unwrap() > 1500);
}

#[test]
fn same_seed_same_bytes_other_seed_other_text() {
    let dir = district(&["青山街道", "红星街道"]);
    run(
        dir.path(),
        &["batch", "streets", "-o", "a", "-f", "txt", "-f", "docx"],
    )
    .success();
    run(
        dir.path(),
        &["batch", "streets", "-o", "b", "-f", "txt", "-f", "docx"],
    )
    .success();
    run(dir.path(), &["batch", "streets", "-o", "c", "--seed", "7"]).success();
    for file in ["s0.txt", "s1.txt"] {
        assert_eq!(
            read(&dir.path().join("a"), file),
            read(&dir.path().join("b"), file)
        );
        assert_ne!(
            read(&dir.path().join("a"), file),
            read(&dir.path().join("c"), file),
            "seed 7 changes {file}"
        );
    }
    assert_eq!(
        std::fs::read(dir.path().join("a/s0.docx")).unwrap(),
        std::fs::read(dir.path().join("b/s0.docx")).unwrap()
    );
}

#[test]
fn variants_differ_and_are_suffixed() {
    let dir = district(&["青山街道"]);
    run(
        dir.path(),
        &["batch", "streets/s0.toml", "-o", "out", "--variants", "3"],
    )
    .success()
    .stderr_has("任务 3 个");
    let out = dir.path().join("out");
    let texts: Vec<String> = (1..=3)
        .map(|v| read(&out, &format!("s0-v{v}.txt")))
        .collect();
    assert_ne!(texts[0], texts[1]);
    assert_ne!(texts[1], texts[2]);
    let m = manifest(&out);
    let seeds: Vec<u64> = m["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["seed"].as_u64().unwrap())
        .collect();
    assert_eq!(seeds, [0, 1, 2]);
}

#[test]
fn different_units_differ_in_wording_not_only_names() {
    let dir = district(&["青山街道", "红星街道"]);
    run(dir.path(), &["batch", "streets", "-o", "out"]).success();
    let a = read(&dir.path().join("out"), "s0.txt")
        .replace("青山街道", "X")
        .replace("干部0", "Y");
    let b = read(&dir.path().join("out"), "s1.txt")
        .replace("红星街道", "X")
        .replace("干部1", "Y");
    assert_ne!(a, b);
}

#[test]
fn plan_file_with_relative_paths() {
    let dir = district(&["青山街道", "红星街道"]);
    let plan = "profiles = [\"streets/*.toml\"]\nformats = [\"md\"]\noutput = \"plan-out\"\nname = \"{{unit.name}}-{{meeting.date}}\"\nvariants = 2\nseed = 3\n";
    std::fs::create_dir_all(dir.path().join("plans")).unwrap();
    std::fs::write(
        dir.path().join("plans/district.toml"),
        plan.replace("streets/", "../streets/")
            .replace("plan-out", "../plan-out"),
    )
    .unwrap();
    // Run from another folder: paths are relative to the plan, not to the caller.
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    run(&elsewhere, &["batch", "--plan", "../plans/district.toml"])
        .success()
        .stderr_has("任务 4 个");
    let out = dir.path().join("plan-out");
    assert!(read(&out, "红星街道-2026-12-01-v2.md").starts_with("# 在红星街道"));
    assert_eq!(manifest(&out)["jobs"][0]["seed"], 3);
    std::fs::write(dir.path().join("plans/bad.toml"), "profile = [\"x\"]\n").unwrap();
    run(&elsewhere, &["batch", "--plan", "../plans/bad.toml"])
        .failure(1)
        .stderr_has("批量计划文件无法解析")
        .stderr_has("bad.toml:1:1");
}

#[test]
fn name_collisions_are_found_before_anything_is_written() {
    let dir = district(&["青山街道", "青山街道"]);
    run(
        dir.path(),
        &["batch", "streets", "-o", "out", "--name", "{{unit.name}}"],
    )
    .failure(1)
    .stderr_has("输出文件名重复")
    .stderr_has("都会写成 `青山街道`");
    assert!(!dir.path().join("out").exists());
}

#[test]
fn hostile_names_are_sanitized() {
    let long = "长".repeat(300);
    // U+007F is a control character Word files may hold (U+0000 is refused
    // at validation: see tests/hostile.rs).
    let dir = district(&["../../etc/x", "a/b", "c\u{7F}d", &long]);
    run(
        dir.path(),
        &[
            "batch",
            "streets",
            "-o",
            "out",
            "--name",
            "{{unit.name}}",
            "--allow-findings",
        ],
    )
    .success();
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.contains(&"_.._etc_x.txt".to_owned()), "{names:?}");
    assert!(names.contains(&"a_b.txt".to_owned()));
    assert!(names.contains(&"c_d.txt".to_owned()));
    assert!(
        names
            .iter()
            .any(|n| n.starts_with('长') && n.chars().count() <= 84)
    );
    assert!(!dir.path().join("etc").exists());
}

#[test]
fn one_bad_profile_does_not_stop_the_others() {
    let dir = district(&["青山街道", "红星街道"]);
    std::fs::write(
        dir.path().join("streets/s1.toml"),
        "extends = \"../base.toml\"\n[unit]\nname = 12\n",
    )
    .unwrap();
    let r = run(dir.path(), &["batch", "streets", "-o", "out"]);
    r.failure(1)
        .stderr_has("成功 1，失败 1")
        .stderr_has("失败的任务")
        .stderr_has("s1.toml");
    let out = dir.path().join("out");
    assert!(out.join("s0.txt").exists());
    assert!(!out.join("s1.txt").exists());
    let m = manifest(&out);
    assert_eq!(m["jobs"][1]["status"], "failed");
    assert!(
        m["jobs"][1]["error"]
            .as_str()
            .unwrap()
            .contains("unit.name")
    );
    let r = run(dir.path(), &["batch", "streets", "-o", "ff", "--fail-fast"]);
    r.failure(1).stderr_has("跳过 1");
    // Every profile is validated before anything is written.
    assert!(!dir.path().join("ff/s0.txt").exists());
    assert!(dir.path().join("ff/manifest.json").exists());
}

/// Profiles that name a pack that does not exist fail on
/// their own, whichever thread met the pack first.
#[test]
fn a_missing_pack_fails_only_the_profiles_that_name_it() {
    let good = std::fs::read_to_string(repo().join("examples/biaozhang-mingde.toml")).unwrap();
    let bad = good.replace("template = \"biaozhang\"", "template = \"没有这个包\"");
    assert_ne!(good, bad);
    let files: Vec<(String, &str)> = (0..40)
        .map(|i| {
            (
                format!("p/{i:02}.toml"),
                if i % 7 == 3 {
                    bad.as_str()
                } else {
                    good.as_str()
                },
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), *t)).collect();
    let dir = scratch(&files);
    let r = run(
        dir.path(),
        &["batch", "p", "-o", "out", "--max-similarity", "1"],
    );
    r.failure(1).stderr_has("成功 34，失败 6");
    let m = manifest(&dir.path().join("out"));
    for (i, job) in m["jobs"].as_array().unwrap().iter().enumerate() {
        if i % 7 == 3 {
            assert_eq!(job["status"], "failed", "{i}");
            assert!(
                job["error"].as_str().unwrap().contains("没有这个包"),
                "{job}"
            );
        } else {
            assert_eq!(job["status"], "ok", "{i}: {job}");
        }
    }
}

/// A profile is read once for all its variants; a bad one fails each of them.
#[test]
fn a_bad_profile_fails_every_variant_and_only_its_own() {
    let dir = district(&["青山街道", "红星街道", "东湖街道"]);
    std::fs::write(
        dir.path().join("streets/s1.toml"),
        "extends = \"../base.toml\"\n[unit]\nname = 12\n",
    )
    .unwrap();
    let r = run(
        dir.path(),
        &["batch", "streets", "-o", "out", "--variants", "2"],
    );
    r.failure(1).stderr_has("成功 4，失败 2");
    let m = manifest(&dir.path().join("out"));
    let jobs = m["jobs"].as_array().unwrap();
    let status: Vec<(&str, &str, u64)> = jobs
        .iter()
        .map(|j| {
            (
                j["profile"].as_str().unwrap().rsplit('/').next().unwrap(),
                j["status"].as_str().unwrap(),
                j["variant"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        status,
        [
            ("s0.toml", "ok", 1),
            ("s0.toml", "ok", 2),
            ("s1.toml", "failed", 1),
            ("s1.toml", "failed", 2),
            ("s2.toml", "ok", 1),
            ("s2.toml", "ok", 2),
        ]
    );
    assert!(jobs[3]["error"].as_str().unwrap().contains("unit.name"));
}

#[test]
fn a_file_that_cannot_be_written_fails_its_job_only() {
    // With --force nothing is refused beforehand; a folder where one output
    // should go makes that write fail, after the others were written.
    let dir = district(&["青山街道", "红星街道", "东湖街道"]);
    std::fs::create_dir_all(dir.path().join("out/s1.txt/x")).unwrap();
    let r = run(dir.path(), &["batch", "streets", "-o", "out", "--force"]);
    r.failure(1).stderr_has("成功 2，失败 1");
    let out = dir.path().join("out");
    let m = manifest(&out);
    let jobs = m["jobs"].as_array().unwrap();
    assert_eq!(jobs[1]["status"], "failed");
    assert!(jobs[1]["error"].as_str().unwrap().contains("s1.txt"));
    assert_eq!(jobs[1]["outputs"].as_array().unwrap().len(), 0);
    for ok in [0, 2] {
        assert_eq!(jobs[ok]["status"], "ok");
        let file = jobs[ok]["outputs"][0].as_str().unwrap();
        assert!(read(&out, file).contains("同志们"));
    }
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn existing_outputs_are_not_overwritten_without_force() {
    let dir = district(&["青山街道"]);
    run(dir.path(), &["batch", "streets", "-o", "out"]).success();
    std::fs::write(dir.path().join("out/s0.txt"), "改过的稿子").unwrap();
    run(dir.path(), &["batch", "streets", "-o", "out"])
        .failure(1)
        .stderr_has("输出文件已存在")
        .stderr_has("--force");
    assert_eq!(read(&dir.path().join("out"), "s0.txt"), "改过的稿子");
    run(dir.path(), &["batch", "streets", "-o", "out", "--force"]).success();
    assert!(read(&dir.path().join("out"), "s0.txt").starts_with("在青山街道"));
}

#[test]
fn leftover_temporary_files_are_cleared() {
    let dir = district(&["青山街道"]);
    std::fs::create_dir_all(dir.path().join("out")).unwrap();
    std::fs::write(dir.path().join("out/.jianghua-abc123.tmp"), "half a speech").unwrap();
    // Left an hour ago by a run that was killed.
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(dir.path().join("out/.jianghua-abc123.tmp"))
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
    // Being written right now by another run.
    std::fs::write(dir.path().join("out/.jianghua-new456.tmp"), "being written").unwrap();
    run(dir.path(), &["batch", "streets", "-o", "out", "--force"]).success();
    assert!(!dir.path().join("out/.jianghua-abc123.tmp").exists());
    assert!(dir.path().join("out/.jianghua-new456.tmp").exists());
}

#[test]
fn another_units_name_leaking_in_is_an_error() {
    // A colleague's template that hard-codes the first street's name.
    let dir = district(&["青山街道", "红星街道"]);
    std::fs::create_dir_all(dir.path().join("tpl/dongyuan")).unwrap();
    std::fs::write(
        dir.path().join("tpl/dongyuan/closing.hbs"),
        "同志们，让我们向青山街道学习，把{{unit.name}}的工作做得更好！\n",
    )
    .unwrap();
    // Names from file names (profiles read, not validated, before writing)
    // and from profile data (validated first): both know every unit's name.
    for (name, out, leaked) in [
        ("{{file}}", "out", "s1.txt"),
        ("{{unit.name}}", "by-unit", "红星街道.txt"),
    ] {
        let r = run(
            dir.path(),
            &[
                "--templates",
                "tpl",
                "batch",
                "streets",
                "-o",
                out,
                "--name",
                name,
            ],
        );
        r.failure(1).stderr_has("成功 1，失败 1");
        let m = manifest(&dir.path().join(out));
        let job = &m["jobs"][1];
        assert_eq!(job["status"], "failed");
        let codes: Vec<&str> = job["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap())
            .collect();
        assert!(codes.contains(&"J204"), "{name}: {codes:?}");
        assert!(!dir.path().join(out).join(leaked).exists());
    }
}

#[test]
fn the_terminal_lists_the_most_similar_pairs_first() {
    let dir = district(&["红星街道", "青山街道"]);
    let copy = read(&dir.path().join("streets"), "s1.toml");
    for k in 1..=6 {
        std::fs::write(dir.path().join(format!("streets/s1-c{k}.toml")), &copy).unwrap();
    }
    // Seven identical speeches make 21 pairs at 1.00; the other street's
    // seven pairs come first in the manifest but are less alike (a threshold
    // of 0 reports every pair).
    let r = run(
        dir.path(),
        &["batch", "streets", "-o", "out", "--max-similarity", "0"],
    );
    r.success()
        .stderr_has("警告：28 对讲话稿相似度过高（≥ 0）")
        .stderr_has("最相似的 20 对")
        .stderr_has("其余 8 对见清单");
    let listed: Vec<&str> = r.stderr.lines().filter(|l| l.starts_with("  s")).collect();
    assert_eq!(listed.len(), 20, "{}", r.stderr);
    assert!(listed.iter().all(|l| l.ends_with("：1.00")), "{listed:?}");
    let m = manifest(&dir.path().join("out"));
    assert_eq!(m["similar"].as_array().unwrap().len(), 28);
    assert!(m["similar"][0]["similarity"].as_f64().unwrap() < 1.0);
    // Equal scores keep the manifest's order.
    let first_alike: Vec<String> = m["similar"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["similarity"] == 1.0)
        .take(20)
        .map(|p| {
            format!(
                "  {} ～ {}：1.00",
                p["a"].as_str().unwrap(),
                p["b"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(listed, first_alike);
}

#[test]
fn near_identical_outputs_are_reported() {
    let dir = district(&["青山街道"]);
    let copy = read(&dir.path().join("streets"), "s0.toml");
    std::fs::write(dir.path().join("streets/s0-copy.toml"), copy).unwrap();
    let r = run(dir.path(), &["batch", "streets", "-o", "out"]);
    r.success()
        .stderr_has("相似度过高")
        .stderr_has("s0-copy ～ s0：1.00");
    let m = manifest(&dir.path().join("out"));
    assert_eq!(m["similar"][0]["similarity"], 1.0);
    let dir = district(&["青山街道", "红星街道"]);
    let r = run(dir.path(), &["batch", "streets", "-o", "out"]);
    assert!(!r.stderr.contains("相似度过高"), "{}", r.stderr);
    run(
        dir.path(),
        &["batch", "streets", "-o", "o2", "--max-similarity", "0.1"],
    )
    .success()
    .stderr_has("相似度过高");
    run(
        dir.path(),
        &["batch", "streets", "-o", "o3", "--max-similarity", "2"],
    )
    .failure(1);
}

#[test]
fn globs_and_missing_inputs() {
    let dir = district(&["青山街道", "红星街道"]);
    run(dir.path(), &["batch", "streets/s*.toml", "-o", "out"])
        .success()
        .stderr_has("任务 2 个");
    run(dir.path(), &["batch", "nowhere/*.toml", "-o", "x"])
        .failure(1)
        .stderr_has("没有匹配的文件");
    run(dir.path(), &["batch"]).failure(2);
}

#[test]
fn a_task_naming_another_unit_of_the_batch_points_at_the_profile_line() {
    let dir = district(&["东风街道", "红星街道"]);
    let path = dir.path().join("streets/s0.toml");
    let profile = read(&dir.path().join("streets"), "s0.toml")
        .replace("\"任务二\"", "\"学习红星街道经验，任务二\"");
    std::fs::write(&path, profile).unwrap();
    let r = run(dir.path(), &["batch", "streets", "-o", "out"]);
    r.failure(1).stderr_has("成功 1，失败 1");
    let m = manifest(&dir.path().join("out"));
    let job = &m["jobs"][0];
    assert_eq!(job["status"], "failed");
    let findings = job["findings"].as_array().unwrap();
    // One finding for one mistake: J204, not J201 beside it.
    assert_eq!(findings.len(), 1, "{findings:?}");
    let f = &findings[0];
    assert_eq!(f["code"], "J204");
    assert_eq!(f["origin"]["profile"]["key"], "tasks[2]");
    assert_eq!(f["origin"]["profile"]["line"], 3);
    // The other street's speech is clean: being mentioned makes no one's name.
    assert_eq!(m["jobs"][1]["status"], "ok");
}

#[test]
fn names_in_two_unicode_forms_collide() {
    // é composed, and e with a combining accent: one file on macOS.
    let dir = district(&["Caf\u{E9}街道", "Cafe\u{301}街道"]);
    run(
        dir.path(),
        &["batch", "streets", "-o", "out", "--name", "{{unit.name}}"],
    )
    .failure(1)
    .stderr_has("输出文件名重复");
    assert!(!dir.path().join("out").exists());
}

/// A speech the compiled render path cannot take is rendered by handlebars,
/// and the batch says so: counted in the manifest, named under
/// `JIANGHUA_LOG=debug`.
#[test]
fn speeches_left_to_handlebars_are_counted_and_named() {
    let dir = scratch(&[]);
    run(dir.path(), &["templates", "new", "t", "mine"]).success();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    run(
        dir.path(),
        &["--templates", "mine", "init", "-t", "t", "-o", "in/a.toml"],
    )
    .success();
    let clean = run(
        dir.path(),
        &["--templates", "mine", "batch", "in", "-o", "out1"],
    );
    clean.success();
    assert!(!clean.stderr.contains("通用路径"), "{}", clean.stderr);
    assert_eq!(
        manifest(&dir.path().join("out1"))["summary"]["fallbacks"],
        0
    );
    // `#with` is one of the forms only handlebars renders.
    let opening = dir.path().join("mine/t/opening.hbs");
    let text = std::fs::read_to_string(&opening).unwrap();
    std::fs::write(&opening, format!("{{{{#with unit}}}}{{{{/with}}}}{text}")).unwrap();
    run_env(
        dir.path(),
        &["--templates", "mine", "batch", "in", "-o", "out2"],
        "JIANGHUA_LOG",
        "debug",
    )
    .success()
    .stderr_has("其中 1 篇由 handlebars 的通用路径渲染")
    .stderr_has("调试：mine/t/opening.hbs 由 handlebars 渲染");
    assert_eq!(
        manifest(&dir.path().join("out2"))["summary"]["fallbacks"],
        1
    );
}

/// A second run into the same folder with other output names is not
/// stopped by the first run's manifest: the manifest is the batch's own
/// report and is replaced.
#[test]
fn a_rerun_replaces_the_manifest() {
    let dir = district(&["青山街道", "红星街道"]);
    run(dir.path(), &["batch", "streets", "-o", "out"]).success();
    run(
        dir.path(),
        &["batch", "streets", "-o", "out", "--name", "{{unit.name}}"],
    )
    .success();
    let manifest = read(&dir.path().join("out"), "manifest.json");
    assert!(manifest.contains("青山街道.txt"), "{manifest}");
    assert!(
        !manifest.contains("\"s0.txt\""),
        "the first run's list is gone"
    );
}

/// A `--set` key the pack does not have, or a `--name` field no profile
/// fills, is one mistake: said once, up front, with nothing written.
#[test]
fn a_command_line_slip_fails_once_up_front() {
    let dir = district(&["青山街道", "红星街道", "东湖街道"]);
    let r = run(
        dir.path(),
        &["batch", "streets", "-o", "out", "--set", "unit.nme=x"],
    );
    r.failure(1)
        .stderr_has("全部 3 个任务都因同一个问题无法进行：--set unit.nme=x");
    assert_eq!(r.stderr.matches("unit.nme").count(), 2, "{}", r.stderr);
    assert!(!dir.path().join("out").exists());
    run(
        dir.path(),
        &["batch", "streets", "-o", "out", "--name", "{{unit.nam}}"],
    )
    .failure(1)
    .stderr_has("全部 3 个任务都因同一个问题无法进行")
    .stderr_has("unit.nam");
    assert!(!dir.path().join("out").exists());
}

/// `-t` means what it means in `generate`: every profile uses that pack,
/// whatever its own `template` says; a name that is no pack is one error.
#[test]
fn template_on_the_command_line_overrides_the_profiles() {
    let dir = district(&["青山街道", "红星街道"]);
    run(
        dir.path(),
        &["templates", "new", "mine", "tpl", "--from", "dongyuan"],
    )
    .success();
    run(
        dir.path(),
        &[
            "--templates",
            "tpl",
            "batch",
            "streets",
            "-t",
            "mine",
            "-o",
            "out",
        ],
    )
    .success();
    let m = manifest(&dir.path().join("out"));
    let packs: Vec<&str> = m["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["pack"].as_str().unwrap())
        .collect();
    assert_eq!(packs, ["mine", "mine"]);
    let r = run(
        dir.path(),
        &["batch", "streets", "-t", "nosuch", "-o", "out2"],
    );
    r.failure(1).stderr_has("找不到模板包 `nosuch`");
    assert_eq!(r.stderr.matches("找不到模板包").count(), 1, "{}", r.stderr);
    assert!(!dir.path().join("out2").exists());
}

/// `--dry-run` reads and validates every profile and lists what would be
/// written, writing nothing; a profile that cannot run is listed and makes
/// the exit 1. `--skip-existing` writes only what a stopped run left out.
#[test]
fn dry_run_lists_and_skip_existing_fills_in() {
    let dir = district(&["青山街道", "红星街道"]);
    run(
        dir.path(),
        &[
            "batch",
            "streets",
            "-o",
            "out",
            "--dry-run",
            "-f",
            "txt",
            "-f",
            "docx",
        ],
    )
    .success()
    .stdout_has("s0.toml → s0.txt、s0.docx")
    .stderr_has("将写出 4 个文件");
    assert!(!dir.path().join("out").exists(), "nothing written");
    std::fs::write(
        dir.path().join("streets/bad.toml"),
        "extends = \"../base.toml\"\n[unit]\nname = 3\n",
    )
    .unwrap();
    run(dir.path(), &["batch", "streets", "-o", "out", "--dry-run"])
        .failure(1)
        .stdout_has("不能生成：")
        .stdout_has("bad.toml");
    std::fs::remove_file(dir.path().join("streets/bad.toml")).unwrap();

    run(dir.path(), &["batch", "streets", "-o", "out"]).success();
    std::fs::remove_file(dir.path().join("out/s1.txt")).unwrap();
    std::fs::write(dir.path().join("out/s0.txt"), "改过的稿子").unwrap();
    run(
        dir.path(),
        &["batch", "streets", "-o", "out", "--skip-existing"],
    )
    .success()
    .stderr_has("跳过 1");
    assert_eq!(read(&dir.path().join("out"), "s0.txt"), "改过的稿子");
    assert!(read(&dir.path().join("out"), "s1.txt").contains("红星街道"));
}

/// `--quiet` (anywhere on the line) leaves out progress and what was written;
/// failures are still told.
#[test]
fn quiet_keeps_only_what_went_wrong() {
    let dir = district(&["青山街道", "红星街道"]);
    let r = run(dir.path(), &["-q", "batch", "streets", "-o", "out"]);
    r.success();
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    std::fs::write(
        dir.path().join("streets/bad.toml"),
        "extends = \"../base.toml\"\n[unit]\nname = 3\n",
    )
    .unwrap();
    let r = run(dir.path(), &["batch", "streets", "-o", "out2", "--quiet"]);
    r.failure(1).stderr_has("bad.toml");
    assert!(!r.stderr.contains("批量完成"), "{}", r.stderr);
}
