//! Profiles from a spreadsheet: one row of an `.xlsx` (or `.csv`) sheet is
//! one profile. Offices keep their units in Excel; a header row names the
//! variables, each row below fills them. `templates table` writes the
//! matching empty sheet.
//!
//! A cell is typed by the pack's schema as `--set` is, with two differences
//! a spreadsheet asks for: a list cell is split at 「；」 or line breaks (an
//! item may hold 、 or ，), and every problem names its sheet, row and column.

pub(crate) mod columns;
mod read;
mod write;

use std::path::Path;

use crate::error::{Diagnostic, Error, Result};
use crate::pack::{Catalog, Pack, VarType};
use crate::profile::{KeyType, ProfileDoc, key_type, set_path};
use crate::value::{Kind, Node, Pos, Table};

pub use columns::{Column, header_for, label_of};
pub use read::read;
pub use write::write_template;

/// A cell as read, before the schema types it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(chrono::NaiveDate),
    Bool(bool),
}

impl Cell {
    fn is_empty(&self) -> bool {
        match self {
            Self::Empty => true,
            Self::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text: a whole number without `.0` (Excel stores 86 as
    /// 86.0), a date as 2027-03-01.
    pub fn text(&self) -> String {
        match self {
            Self::Empty => String::new(),
            Self::Text(t) => t.trim().to_owned(),
            Self::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Self::Number(n) => n.to_string(),
            Self::Date(d) => d.format("%Y-%m-%d").to_string(),
            Self::Bool(b) => if *b { "是" } else { "否" }.to_owned(),
        }
    }
}

/// One sheet: its name for messages (`街道.xlsx`, or `街道.xlsx 工作表“二月”`
/// when the book has several), and its rows, the header first.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
}

/// A row made into a profile.
#[derive(Debug)]
pub struct RowProfile {
    /// The row's number as the spreadsheet shows it (the header is row 1).
    pub row: usize,
    pub doc: ProfileDoc,
}

/// Column letters as a spreadsheet shows them: 0 → A, 26 → AA.
pub fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Which pack a row uses.
#[derive(Debug, Clone, Copy)]
pub enum PackFor<'a> {
    /// This one, whatever the row's `template` cell says (`-t`).
    Every(&'a str),
    /// The row's `template` cell, else this one (a project's default).
    Fallback(Option<&'a str>),
}

/// Every data row of `sheet` as a profile, checked against its pack: a
/// value of the wrong type and a required value left empty are found here,
/// in every row, and reported together before anything runs. Rows with
/// nothing in them are skipped; a sheet with no filled row is an error.
pub fn profiles(
    sheet: &Sheet,
    catalog: &Catalog,
    pack_for: PackFor<'_>,
    dir: &Path,
) -> Result<Vec<RowProfile>> {
    let Some((header, rows)) = sheet.rows.split_first() else {
        return Err(Error::Table(vec![
            Diagnostic::new(format!("{} 是空的：第一行应是列名", sheet.name))
                .hint("用 `jianghua templates table 模板包 -o 表格.xlsx` 生成带列名的表格"),
        ]));
    };
    let template_col = header
        .iter()
        .position(|c| columns::is_template_header(&c.text()));
    let mut problems = Vec::new();
    let mut out = Vec::new();
    // Each pack's column mapping is made once, for the rows that use it.
    let mut mappings: Vec<(String, std::sync::Arc<Pack>, Vec<Option<Column>>)> = Vec::new();
    for (i, cells) in rows.iter().enumerate() {
        let row = i + 2;
        if cells.iter().all(Cell::is_empty) {
            continue;
        }
        let own = template_col
            .and_then(|c| cells.get(c))
            .map(Cell::text)
            .filter(|t| !t.is_empty());
        let chosen = match pack_for {
            PackFor::Every(name) => Some(name),
            PackFor::Fallback(fallback) => own.as_deref().or(fallback),
        };
        let Some(pack_name) = chosen else {
            problems.push(
                Diagnostic::new(format!("{} 第{row}行：没有指定模板包", sheet.name))
                    .hint("命令行加 -t 模板包，或在表格里加一列 template"),
            );
            continue;
        };
        if !mappings.iter().any(|(n, ..)| n == pack_name) {
            let pack = match catalog.load(pack_name) {
                Ok(p) => std::sync::Arc::new(p),
                Err(e) => {
                    problems.extend(e.diagnostics().into_iter().map(|d| Diagnostic {
                        message: format!("{} 第{row}行：{}", sheet.name, d.message),
                        ..d
                    }));
                    continue;
                }
            };
            match columns::map_header(header, &pack, &sheet.name)
                .and_then(|cols| columns::require_columns(&cols, &pack, &sheet.name).map(|()| cols))
            {
                Ok(cols) => mappings.push((pack_name.to_owned(), pack, cols)),
                Err(ds) => {
                    problems.extend(ds);
                    // Reported once: later rows of this pack are not read.
                    mappings.push((pack_name.to_owned(), pack, Vec::new()));
                    continue;
                }
            }
        }
        let (_, pack, cols) = mappings
            .iter()
            .find(|(n, ..)| n == pack_name)
            .expect("mapped above");
        if cols.is_empty() {
            continue;
        }
        let mut table = Table::default();
        let before = problems.len();
        for (c, column) in cols.iter().enumerate() {
            let (Some(column), Some(cell)) = (column, cells.get(c)) else {
                continue;
            };
            if cell.is_empty() {
                continue;
            }
            let place = format!("{} 第{row}行 {}列", sheet.name, column_letter(c));
            match typed(cell, &column.key, pack, &place) {
                Ok(node) => {
                    let path: Vec<&str> = column.key.split('.').collect();
                    let pos = node.pos.clone();
                    set_path(&mut table, &path, node, &pos);
                }
                Err(d) => problems.push(d),
            }
        }
        if own.as_deref() != Some(pack_name) {
            let pos = Pos::Cell(format!("{} 第{row}行", sheet.name));
            let node = Node {
                kind: Kind::Str(pack_name.to_owned()),
                pos: pos.clone(),
            };
            set_path(&mut table, &["template"], node, &pos);
        }
        // A cell that did not fit is told once, not again as a missing value.
        let cells_fit = problems.len() == before;
        match ProfileDoc::from_table(table, format!("{} 第{row}行", sheet.name), dir) {
            Ok(doc) if cells_fit => match doc.validate(pack) {
                Ok(_) => out.push(RowProfile { row, doc }),
                Err(e) => problems.extend(e.diagnostics()),
            },
            Ok(_) => {}
            Err(e) => problems.extend(e.diagnostics()),
        }
    }
    if problems.is_empty() && out.is_empty() {
        problems.push(
            Diagnostic::new(format!("{} 除了列名，没有填写任何一行", sheet.name))
                .hint("每个单位填一行；如果表格是从别处导出的，确认它是 .xlsx 或 .csv 文本"),
        );
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Error::Table(problems))
    }
}

/// A cell typed by what `key` holds.
fn typed(cell: &Cell, key: &str, pack: &Pack, place: &str) -> Result<Node, Diagnostic> {
    let pos = Pos::Cell(place.to_owned());
    let text = cell.text();
    let bad =
        |expected: &str| Diagnostic::new(format!("{place} `{key}` 应为{expected}，这里是“{text}”"));
    let ty = match key_type(key, pack) {
        KeyType::Value(ty) => ty,
        KeyType::Extends => VarType::String,
        KeyType::Unknown => {
            return Err(Diagnostic::new(format!(
                "{place} `{key}` 不是这个模板包的变量"
            )));
        }
    };
    let kind = match ty {
        VarType::String => Kind::Str(text),
        VarType::Integer => match cell {
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => Kind::Int(*n as i64),
            _ => Kind::Int(
                text.parse()
                    .map_err(|_| bad("整数").hint("只写数字，例如 6"))?,
            ),
        },
        VarType::Number => match cell {
            Cell::Number(n) => Kind::Float(*n),
            _ => Kind::Float(
                text.trim_end_matches('%')
                    .parse()
                    .map_err(|_| bad("数").hint("只写数字，例如 6.5"))?,
            ),
        },
        VarType::Date => match cell {
            Cell::Date(d) => Kind::Date(*d),
            _ => Kind::Date(
                crate::zh::date::parse_loose(&text)
                    .ok_or_else(|| bad("日期").hint("写成 2027-03-01 或 2027年3月1日"))?,
            ),
        },
        VarType::List => Kind::Array(
            split_list(&text)
                .into_iter()
                .map(|item| Node {
                    kind: Kind::Str(item),
                    pos: pos.clone(),
                })
                .collect(),
        ),
        VarType::Table => {
            return Err(Diagnostic::new(format!(
                "{place} `{key}` 是表格（一组记录），不能写在一个单元格里"
            ))
            .hint("把它写在共用的配置文件里，在表格中加一列 extends 指向那个文件"));
        }
    };
    Ok(Node { kind, pos })
}

/// A list cell's items: split at 「；」, `;` or line breaks, each trimmed.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(['；', ';', '\n', '\r'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests;
