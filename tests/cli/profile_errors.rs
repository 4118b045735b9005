//! Every way a profile can be wrong gets a message with file, line and column.

use crate::support::*;

#[test]
fn missing_required_variable() {
    let profile = valid_profile().replace("name = \"青山街道\"\n", "");
    let dir = scratch(&[("p.toml", &profile)]);
    let r = run(dir.path(), &["generate", "p.toml"]);
    r.failure(1)
        .stderr_has("缺少必填变量 `unit.name`（字符串）")
        .stderr_has("p.toml:")
        .stderr_has("在 [unit] 下加一行：name = \"青山街道\"");
    assert!(r.stdout.is_empty());
}

#[test]
fn wrong_type_names_position_and_expected_type() {
    let profile = valid_profile().replace("months = 6", "months = \"六\"");
    let dir = scratch(&[("p.toml", &profile)]);
    let line = profile
        .lines()
        .position(|l| l.starts_with("months"))
        .unwrap()
        + 1;
    run(dir.path(), &["generate", "p.toml"])
        .failure(1)
        .stderr_has("`campaign.months` 应为整数（1–36），这里是字符串")
        .stderr_has(&format!("p.toml:{line}:10"))
        .stderr_has("例如：months = 6");
}

#[test]
fn wrong_date_and_out_of_range() {
    let profile = valid_profile()
        .replace("date = 2026-12-01", "date = \"12月1日\"")
        .replace("months = 6", "months = 0");
    let dir = scratch(&[("p.toml", &profile)]);
    run(dir.path(), &["generate", "p.toml"])
        .failure(1)
        .stderr_has("`meeting.date` 应为日期")
        .stderr_has("日期写成 2026-12-01")
        .stderr_has("值 0 超出范围");
}

#[test]
fn unknown_key_with_suggestion() {
    let profile = valid_profile().replace("name = \"青山街道\"", "nmae = \"青山街道\"");
    let dir = scratch(&[("p.toml", &profile)]);
    run(dir.path(), &["generate", "p.toml"])
        .failure(1)
        .stderr_has("未知的键 `unit.nmae`")
        .stderr_has("是不是要写 `unit.name`？");
}

#[test]
fn key_under_the_wrong_table_is_explained() {
    // Move the top-level `outcomes` list to the end, where it falls under [pilot].
    let stub = valid_profile();
    let start = stub.find("outcomes = [").unwrap();
    let end = start + stub[start..].find("]\n").unwrap() + 2;
    let profile = format!("{}{}{}", &stub[..start], &stub[end..], &stub[start..end]);
    let dir = scratch(&[("p.toml", &profile)]);
    run(dir.path(), &["generate", "p.toml"])
        .failure(1)
        .stderr_has("这个键应该是 `outcomes`")
        .stderr_has("移到文件开头");
}

#[test]
fn table_records_are_checked_field_by_field() {
    let profile = valid_profile().replace(
        "{ name = \"动员部署\", period = \"12月\", task",
        "{ nam = \"动员部署\", period = \"12月\", task",
    );
    let dir = scratch(&[("p.toml", &profile)]);
    run(dir.path(), &["generate", "p.toml"])
        .failure(1)
        .stderr_has("未知字段 `nam`")
        .stderr_has("是不是要写 `name`")
        .stderr_has("缺少字段 `name`");
}

#[test]
fn toml_syntax_error_shows_line_and_column() {
    let dir = scratch(&[(
        "p.toml",
        "template = \"dongyuan\"\n[unit]\nname = “青山街道”\n",
    )]);
    let r = run(dir.path(), &["generate", "p.toml"]);
    r.failure(1)
        .stderr_has("TOML 语法错误")
        .stderr_has("p.toml:3:8")
        .stderr_has("中文引号");
}

#[test]
fn unknown_point_with_suggestion() {
    let profile = valid_profile().replace("# points = [", "points = [\"signifcance\"]\n# [");
    let dir = scratch(&[("p.toml", &profile)]);
    run(dir.path(), &["generate", "p.toml"])
        .failure(1)
        .stderr_has("没有要点 `signifcance`")
        .stderr_has("`significance`");
}

#[test]
fn extends_merges_tables_key_by_key() {
    let dir = scratch(&[]);
    let r = run(dir.path(), &["generate", &example("qingshan-jiedao.toml")]);
    // name from the street's file, parent and campaign from the district's base
    r.success()
        .stdout_has("在青山街道老旧小区环境综合整治行动")
        .stdout_has("区委、区政府");
}

#[test]
fn extends_cycle_is_an_error() {
    let dir = scratch(&[
        ("a.toml", "extends = \"b.toml\"\n"),
        ("b.toml", "extends = \"sub/c.toml\"\n"),
        ("sub/c.toml", "extends = \"../a.toml\"\n"),
    ]);
    run(dir.path(), &["generate", "a.toml", "-t", "dongyuan"])
        .failure(1)
        .stderr_has("`extends` 形成了循环")
        .stderr_has("a.toml → ");
}

#[test]
fn extends_missing_file() {
    let dir = scratch(&[("a.toml", "extends = \"nowhere.toml\"\n")]);
    run(dir.path(), &["generate", "a.toml", "-t", "dongyuan"])
        .failure(1)
        .stderr_has("extends 指向的文件不存在")
        .stderr_has("a.toml:1:11");
}

#[test]
fn bom_and_crlf_are_accepted() {
    let profile = format!("\u{feff}{}", valid_profile().replace('\n', "\r\n"));
    let dir = scratch(&[("p.toml", &profile)]);
    run(dir.path(), &["generate", "p.toml"])
        .success()
        .stdout_has("在青山街道");
}

#[test]
fn invalid_utf8_names_the_byte_offset() {
    let dir = scratch(&[]);
    std::fs::write(dir.path().join("p.toml"), b"template = \"dong\xff\"\n").unwrap();
    run(dir.path(), &["generate", "p.toml"])
        .failure(1)
        .stderr_has("第 16 字节");
}

#[test]
fn all_problems_are_listed_at_once() {
    let profile = valid_profile()
        .replace("months = 6", "months = \"六\"")
        .replace("name = \"李明\"", "nam = \"李明\"");
    let dir = scratch(&[("p.toml", &profile)]);
    let r = run(dir.path(), &["generate", "p.toml"]);
    r.failure(1)
        .stderr_has("有 3 处问题")
        .stderr_has("months")
        .stderr_has("speaker.nam")
        .stderr_has("speaker.name");
}

#[test]
fn register_kind_must_be_one_of_the_kinds() {
    let profile = format!("{}\n[register]\nkind = \"学堂\"\n", valid_profile());
    let dir = scratch(&[("p.toml", &profile)]);
    run(dir.path(), &["generate", "p.toml"])
        .failure(1)
        .stderr_has("单位类型 `学堂` 不存在")
        .stderr_has("p.toml:")
        .stderr_has("可选：党政机关、街道乡镇、学校");
}

#[test]
fn register_words_are_checked_by_name() {
    let profile = format!(
        "{}\n[register]\nkind = \"学校\"\npeple = \"师生\"\n",
        valid_profile()
    );
    let dir = scratch(&[("p.toml", &profile)]);
    run(dir.path(), &["generate", "p.toml"])
        .failure(1)
        .stderr_has("未知的键 `register.peple`")
        .stderr_has("是不是要写 `register.people`？");
}

#[test]
fn register_salutation_and_byline_come_from_the_profile() {
    let dir = scratch(&[("p.toml", &valid_profile())]);
    run(
        dir.path(),
        &["generate", "p.toml", "--set", "register.kind=学校"],
    )
    .success()
    .stdout_has("\n老师们、同学们：\n")
    .stdout_has("老师们、同学们，");
    let r = run(
        dir.path(),
        &[
            "generate",
            "p.toml",
            "--set",
            "salutation=各位同事：",
            "--set",
            "byline=",
        ],
    );
    r.success().stdout_has("\n各位同事：\n");
    assert!(!r.stdout.contains("街道党工委书记　"), "{}", r.stdout);
}

#[test]
fn a_choice_outside_the_list_is_refused() {
    let dir = scratch(&[]);
    run(
        dir.path(),
        &[
            "generate",
            &example("kaimu-yundonghui.toml"),
            "--set",
            "event.kind=运动汇",
        ],
    )
    .failure(1)
    .stderr_has("`event.kind` 不能是 `运动汇`")
    .stderr_has("是不是 `运动会`？可选：活动、运动会、论坛、展会");
}
