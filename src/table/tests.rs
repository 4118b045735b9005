use super::*;

fn catalog() -> Catalog {
    Catalog::new(Vec::new()).unwrap()
}

fn sheet(rows: &[Vec<&str>]) -> Sheet {
    Sheet {
        name: "街道.csv".to_owned(),
        rows: rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| {
                        if c.is_empty() {
                            Cell::Empty
                        } else {
                            Cell::Text((*c).to_owned())
                        }
                    })
                    .collect()
            })
            .collect(),
    }
}

fn read(rows: &[Vec<&str>], pack_for: PackFor<'_>) -> Result<Vec<RowProfile>> {
    profiles(&sheet(rows), &catalog(), pack_for, Path::new("."))
}

fn messages(e: Error) -> Vec<String> {
    e.diagnostics().into_iter().map(|d| d.message).collect()
}

/// A full peixun header, and a row for it with `count` and `date` as given.
fn course(count: &'static str, date: &'static str) -> Vec<Vec<&'static str>> {
    vec![
        vec![
            "course.name",
            "course.count",
            "meeting.date",
            "template",
            "unit.name",
            "speaker.name",
            "speaker.title",
            "course.trainees",
            "course.days",
            "course.aim",
            "courses",
        ],
        vec![
            "培训班",
            count,
            date,
            "peixun",
            "组织部",
            "孙伟",
            "部长",
            "新任科级干部",
            "5",
            "提升本领",
            "甲；乙；丙",
        ],
    ]
}

#[test]
fn column_letters_run_past_z() {
    assert_eq!(column_letter(0), "A");
    assert_eq!(column_letter(25), "Z");
    assert_eq!(column_letter(26), "AA");
    assert_eq!(column_letter(27), "AB");
    assert_eq!(column_letter(701), "ZZ");
    assert_eq!(column_letter(702), "AAA");
}

#[test]
fn list_cells_split_at_semicolons_and_line_breaks_only() {
    assert_eq!(
        split_list("甲、乙；丙，丁\n戊; 己\r\n"),
        ["甲、乙", "丙，丁", "戊", "己"]
    );
    assert!(split_list(" ；\n").is_empty());
}

#[test]
fn numbers_read_as_text_lose_the_decimal_excel_adds() {
    assert_eq!(Cell::Number(86.0).text(), "86");
    assert_eq!(Cell::Number(6.5).text(), "6.5");
}

#[test]
fn a_row_becomes_a_profile_by_key_label_or_both() {
    let rows = vec![
        vec![
            "单位全称（unit.name）",
            "发言人姓名",
            "speaker.title",
            "要点",
            "meeting.name",
            "meeting.date",
            "work.name",
            "work.host",
            "work.goal",
            "tasks",
        ],
        vec![
            "东湖街道",
            "王立军",
            "党工委书记",
            "responsibility；tasks；style",
            "全区安全生产工作会议",
            "2027/2/26",
            "安全生产",
            "区委、区政府",
            "全年不发生较大以上事故",
            "甲；乙\n丙",
        ],
        vec![""; 10],
    ];
    let got = read(&rows, PackFor::Fallback(Some("biaotai"))).unwrap();
    assert_eq!(got.len(), 1, "the empty row is skipped");
    let doc = &got[0].doc;
    assert_eq!(got[0].row, 2);
    assert_eq!(doc.string_at("unit.name"), Some("东湖街道"));
    assert_eq!(doc.string_at("speaker.name"), Some("王立军"));
    assert_eq!(
        doc.string_list("points"),
        ["responsibility", "tasks", "style"]
    );
    assert_eq!(doc.string_list("tasks"), ["甲", "乙", "丙"]);
    assert_eq!(doc.template().as_deref(), Some("biaotai"));
    assert_eq!(doc.name, "街道.csv 第2行");
}

#[test]
fn a_wrong_cell_is_named_by_sheet_row_and_column_once() {
    let mut rows = course("八十", "2027年13月1日");
    rows.push(course("86", "2027/4/10").remove(1));
    let got = messages(read(&rows, PackFor::Fallback(None)).unwrap_err());
    assert_eq!(got.len(), 2, "not again as missing values: {got:?}");
    assert!(
        got[0].contains("街道.csv 第2行 B列 `course.count` 应为整数"),
        "{got:?}"
    );
    assert!(
        got[1].contains("第2行 C列 `meeting.date` 应为日期"),
        "{got:?}"
    );
    assert_eq!(
        read(&course("86", "2027-04-10"), PackFor::Fallback(None))
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_missing_column_is_said_once_and_an_empty_cell_per_row() {
    let mut rows = course("86", "2027-04-10");
    for r in &mut rows {
        r.remove(5); // speaker.name
    }
    let got = messages(read(&rows, PackFor::Fallback(None)).unwrap_err());
    assert_eq!(got, ["街道.csv 缺少必填的一列：讲话人姓名（speaker.name）"]);
    let mut rows = course("86", "2027-04-10");
    rows[1][5] = "";
    let got = messages(read(&rows, PackFor::Fallback(None)).unwrap_err());
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].contains("街道.csv 第2行：缺少必填变量 `speaker.name`"),
        "{got:?}"
    );
}

#[test]
fn an_explicit_pack_overrides_the_template_column() {
    let mut rows = course("86", "2027-04-10");
    rows[1][3] = "biaotai";
    let got = read(&rows, PackFor::Every("peixun")).unwrap();
    assert_eq!(got[0].doc.template().as_deref(), Some("peixun"));
}

#[test]
fn a_sheet_with_no_filled_row_is_refused() {
    let rows = vec![course("86", "2027-04-10").remove(0)];
    let got = messages(read(&rows, PackFor::Every("peixun")).unwrap_err());
    assert!(got[0].contains("没有填写任何一行"), "{got:?}");
    let got = messages(read(&[], PackFor::Every("peixun")).unwrap_err());
    assert!(got[0].contains("第一行应是列名"), "{got:?}");
}

#[test]
fn an_unknown_header_is_refused_once_with_a_suggestion() {
    let rows = vec![
        vec!["unit.nam", "speaker.name"],
        vec!["东湖街道", "王立军"],
        vec!["西湖街道", "李强"],
    ];
    let e = read(&rows, PackFor::Fallback(Some("biaotai"))).unwrap_err();
    let ds = e.diagnostics();
    assert_eq!(ds.len(), 1);
    assert!(
        ds[0].message.contains("第1行 A列：列名“unit.nam”"),
        "{}",
        ds[0].message
    );
    assert!(
        ds[0].hints.iter().any(|h| h.contains("unit.name")),
        "{:?}",
        ds[0].hints
    );
}

#[test]
fn a_row_without_a_pack_and_a_table_variable_in_a_cell_are_refused() {
    let got = messages(
        read(
            &[vec!["unit.name"], vec!["东湖街道"]],
            PackFor::Fallback(None),
        )
        .unwrap_err(),
    );
    assert!(got[0].contains("第2行：没有指定模板包"), "{got:?}");
    // With `extends`, required values may come from the shared profile.
    let rows = vec![vec!["cases", "extends"], vec!["张某", ""]];
    let got = messages(read(&rows, PackFor::Fallback(Some("jingshi"))).unwrap_err());
    assert!(got[0].contains("A列 `cases` 是表格"), "{got:?}");
}
