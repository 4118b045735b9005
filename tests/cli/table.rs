//! Spreadsheets: `templates table` writes the sheet for a pack, `batch
//! --table` makes one speech per filled row; xlsx and GBK-encoded CSV
//! (what Excel saves on Chinese Windows) both make the round trip.

use calamine::Reader;

use crate::support::{run, scratch};

/// The header and example row of a sheet `templates table` wrote.
fn template_rows(path: &std::path::Path) -> (Vec<String>, Vec<String>) {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    let mut rows = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>());
    (rows.next().unwrap(), rows.next().unwrap())
}

/// The example row with another unit and speaker in it.
fn another(example: &[String], unit: &str, person: &str) -> Vec<String> {
    example
        .iter()
        .map(|c| c.replace("东湖街道", unit).replace("王立军", person))
        .collect()
}

#[test]
fn xlsx_round_trip_makes_one_speech_per_row() {
    let dir = scratch(&[]);
    run(
        dir.path(),
        &["templates", "table", "biaotai", "-o", "街道.xlsx"],
    )
    .success()
    .stderr_has("batch --table 街道.xlsx -t biaotai");
    let (header, example) = template_rows(&dir.path().join("街道.xlsx"));
    assert!(
        header.contains(&"作表态发言的单位（unit.name）".to_owned()),
        "{header:?}"
    );
    assert!(example.contains(&"东湖街道".to_owned()));
    // The office fills two rows.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in [
        header,
        another(&example, "西湖街道", "李强"),
        another(&example, "南湖街道", "赵敏"),
    ]
    .iter()
    .enumerate()
    {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    book.save(dir.path().join("填好.xlsx")).unwrap();
    run(
        dir.path(),
        &[
            "batch",
            "--table",
            "填好.xlsx",
            "-t",
            "biaotai",
            "-o",
            "稿",
            "--name",
            "{{unit.name}}",
        ],
    )
    .success();
    for (unit, person) in [("西湖街道", "李强"), ("南湖街道", "赵敏")] {
        let text = std::fs::read_to_string(dir.path().join(format!("稿/{unit}.txt"))).unwrap();
        assert!(text.contains(unit), "{unit}");
        assert!(text.contains(person), "{person}");
        assert!(
            !text.contains("东湖街道"),
            "{unit}: the example's unit is gone"
        );
    }
}

#[test]
fn gbk_csv_round_trip() {
    let dir = scratch(&[]);
    run(
        dir.path(),
        &["templates", "table", "biaotai", "-o", "街道.csv"],
    )
    .success();
    let bytes = std::fs::read(dir.path().join("街道.csv")).unwrap();
    let text = String::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap().to_vec()).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines.push(
        lines[1]
            .replace("东湖街道", "西湖街道")
            .replace("王立军", "李强"),
    );
    let joined = lines.join("\r\n");
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&joined);
    assert!(!unmappable);
    std::fs::write(dir.path().join("填好.csv"), &gbk).unwrap();
    run(
        dir.path(),
        &["batch", "--table", "填好.csv", "-t", "biaotai", "-o", "稿"],
    )
    .success();
    let text = std::fs::read_to_string(dir.path().join("稿/填好-3.txt")).unwrap();
    assert!(text.contains("西湖街道") && text.contains("李强"));
    assert!(
        dir.path().join("稿/填好-2.txt").exists(),
        "the example row is a speech too"
    );
    let manifest = std::fs::read_to_string(dir.path().join("稿/manifest.json")).unwrap();
    assert!(
        manifest.contains("\"profile\": \"填好.csv 第3行\""),
        "{manifest}"
    );
}

#[test]
fn a_wrong_cell_is_named_by_row_and_column_and_nothing_runs() {
    let header = "course.name,course.count,course.days,template,unit.name,speaker.name,\
                  speaker.title,meeting.date,course.trainees,course.aim,courses";
    let row = |count: &str| {
        format!("培训班,{count},5,peixun,组织部,孙伟,部长,2027-04-10,新任干部,提升本领,甲；乙；丙")
    };
    let csv = format!("{header}\n{}\n{}\n", row("86"), row("八十六"));
    let dir = scratch(&[("培训.csv", &csv)]);
    run(dir.path(), &["batch", "--table", "培训.csv", "-o", "稿"])
        .failure(1)
        .stderr_has("培训.csv 第3行 B列 `course.count` 应为整数，这里是“八十六”");
    assert!(!dir.path().join("稿").exists(), "nothing is written");
}

#[test]
fn an_unknown_column_a_missing_pack_and_a_bad_format_are_refused() {
    let dir = scratch(&[
        ("a.csv", "unit.nam,speaker.name\n东湖街道,王立军\n"),
        ("b.csv", "unit.name\n东湖街道\n"),
        ("c.txt", "unit.name\n"),
    ]);
    run(dir.path(), &["batch", "--table", "a.csv", "-t", "biaotai"])
        .failure(1)
        .stderr_has("a.csv 第1行 A列：列名“unit.nam”不是模板包 biaotai 的变量")
        .stderr_has("unit.name");
    run(dir.path(), &["batch", "--table", "b.csv"])
        .failure(1)
        .stderr_has("b.csv 第2行：没有指定模板包");
    run(dir.path(), &["batch", "--table", "c.txt", "-t", "biaotai"])
        .failure(1)
        .stderr_has("不认识的表格格式");
    run(
        dir.path(),
        &["templates", "table", "biaotai", "-o", "x.pdf"],
    )
    .failure(1)
    .stderr_has("不支持的表格格式");
}
