//! Reading a sheet: Excel (`.xlsx`, `.xls`, `.ods`) through calamine, CSV
//! through csv. A CSV saved by Excel on Chinese Windows is GBK; it is
//! decoded as such when it is not UTF-8.

use std::path::Path;

use calamine::{Data, Reader};

use super::{Cell, Sheet};
use crate::error::{Diagnostic, Error, Result};

/// The first sheet of the book at `path` (or the CSV file).
pub fn read(path: &Path) -> Result<Sheet> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "csv" => read_csv(path, name),
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_book(path, name),
        _ => Err(Error::Table(vec![
            Diagnostic::new(format!("{name}：不认识的表格格式"))
                .hint("用 .xlsx（Excel）或 .csv 文件"),
        ])),
    }
}

fn read_book(path: &Path, name: String) -> Result<Sheet> {
    let unreadable = |e: calamine::Error| {
        Error::Table(vec![
            Diagnostic::new(format!("无法读取表格 {name}：{e}"))
                .hint("确认它是 Excel 文件，没有加密，也没有在别的程序里损坏"),
        ])
    };
    if !path.is_file() {
        return Err(Error::Read {
            path: path.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "没有这个文件"),
        });
    }
    let mut book = calamine::open_workbook_auto(path).map_err(unreadable)?;
    let sheets = book.sheet_names();
    let Some(first) = sheets.first().cloned() else {
        return Err(Error::Table(vec![Diagnostic::new(format!(
            "{name} 里没有工作表"
        ))]));
    };
    let range = book.worksheet_range(&first).map_err(unreadable)?;
    // Rows and columns are counted from A1, wherever the data starts.
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<Vec<Cell>> = (0..top).map(|_| Vec::new()).collect();
    for r in range.rows() {
        let mut row: Vec<Cell> = (0..left).map(|_| Cell::Empty).collect();
        row.extend(r.iter().map(cell_of));
        rows.push(row);
    }
    let name = if sheets.len() > 1 {
        format!("{name} 工作表“{first}”")
    } else {
        name
    };
    Ok(Sheet { name, rows })
}

fn cell_of(d: &Data) -> Cell {
    match d {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map_or_else(|| Cell::Number(dt.as_f64()), |t| Cell::Date(t.date())),
    }
}

fn read_csv(path: &Path, name: String) -> Result<Sheet> {
    let bytes = crate::source::read_limited(path)?;
    let text = decode(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            Error::Table(vec![Diagnostic::new(format!("{name} 不是有效的 CSV：{e}"))])
        })?;
        rows.push(
            record
                .iter()
                .map(|f| {
                    if f.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(f.to_owned())
                    }
                })
                .collect(),
        );
    }
    Ok(Sheet { name, rows })
}

/// UTF-8 (with or without the byte-order mark Excel writes), else GBK.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::GBK.decode(bytes).0.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_and_utf8_with_a_bom_read_the_same() {
        let text = "单位全称（unit.name）\n青山街道\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(decode(&gbk), text);
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(decode(&bom), text);
    }
}
