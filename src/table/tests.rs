use super::*;

fn catalog() -> Catalog {
    Catalog::new(Vec::new()).unwrap()
}

fn sheet(rows: &[&[&str]]) -> Sheet {
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

fn messages(e: Error) -> Vec<String> {
    e.diagnostics().into_iter().map(|d| d.message).collect()
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
    let s = sheet(&[
        &[
            "单位全称（unit.name）",
            "发言人姓名",
            "speaker.title",
            "要点",
        ],
        &[
            "东湖街道",
            "王立军",
            "党工委书记",
            "responsibility；tasks；style",
        ],
        &["", "", "", ""],
    ]);
    let rows = profiles(&s, &catalog(), Some("biaotai"), Path::new(".")).unwrap();
    assert_eq!(rows.len(), 1, "the empty row is skipped");
    let doc = &rows[0].doc;
    assert_eq!(rows[0].row, 2);
    assert_eq!(doc.string_at("unit.name"), Some("东湖街道"));
    assert_eq!(doc.string_at("speaker.name"), Some("王立军"));
    assert_eq!(
        doc.string_list("points"),
        ["responsibility", "tasks", "style"]
    );
    assert_eq!(doc.template().as_deref(), Some("biaotai"));
    assert_eq!(doc.name, "街道.csv 第2行");
}

#[test]
fn a_wrong_cell_is_named_by_sheet_row_and_column() {
    let s = sheet(&[
        &["course.name", "course.count", "meeting.date", "template"],
        &["培训班", "八十", "2027年13月1日", "peixun"],
        &["培训班", "86", "2027/4/10", "peixun"],
    ]);
    let got = messages(profiles(&s, &catalog(), None, Path::new(".")).unwrap_err());
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(
        got[0].contains("街道.csv 第2行 B列 `course.count` 应为整数"),
        "{got:?}"
    );
    assert!(
        got[1].contains("第2行 C列 `meeting.date` 应为日期"),
        "{got:?}"
    );
}

#[test]
fn an_unknown_header_is_refused_once_with_a_suggestion() {
    let s = sheet(&[
        &["unit.nam", "speaker.name"],
        &["东湖街道", "王立军"],
        &["西湖街道", "李强"],
    ]);
    let e = profiles(&s, &catalog(), Some("biaotai"), Path::new(".")).unwrap_err();
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
    let s = sheet(&[&["unit.name"], &["东湖街道"]]);
    let got = messages(profiles(&s, &catalog(), None, Path::new(".")).unwrap_err());
    assert!(got[0].contains("第2行：没有指定模板包"), "{got:?}");
    let s = sheet(&[&["cases"], &["张某"]]);
    let got = messages(profiles(&s, &catalog(), Some("jingshi"), Path::new(".")).unwrap_err());
    assert!(got[0].contains("A列 `cases` 是表格"), "{got:?}");
}

#[test]
fn an_empty_sheet_says_what_the_first_row_is_for() {
    let s = sheet(&[]);
    let got = messages(profiles(&s, &catalog(), Some("biaotai"), Path::new(".")).unwrap_err());
    assert!(got[0].contains("第一行应是列名"), "{got:?}");
}
