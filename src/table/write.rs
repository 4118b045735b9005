//! `templates table`: the empty sheet for a pack. One column per value a
//! cell can hold (table variables excepted), headed `label（key）`; the
//! description, the type and whether it is required as the header cell's
//! note; one row of the pack's examples to overwrite.

use std::path::Path;

use rust_xlsxwriter::{Format, Note, Workbook};

use super::columns::{PROFILE_KEYS, header_for, label_of};
use crate::error::{Diagnostic, Error, Result};
use crate::pack::{Pack, VarType};

/// A column of the template sheet.
struct Spec {
    header: String,
    note: String,
    example: String,
    required: bool,
}

fn specs(pack: &Pack) -> Vec<Spec> {
    let mut out = Vec::new();
    for var in pack.variables().iter().filter(|v| v.ty != VarType::Table) {
        let example = match &var.example {
            Some(toml::Value::Array(items)) => items
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .collect::<Vec<_>>()
                .join("；"),
            Some(toml::Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        };
        let mut note = format!(
            "{}\n类型：{}{}",
            var.description,
            var.type_desc(),
            if var.required {
                "，必填"
            } else {
                "，可不填"
            }
        );
        if var.ty == VarType::List {
            note.push_str("\n多项用“；”隔开，或在单元格内换行");
        }
        out.push(Spec {
            header: header_for(&var.name, &label_of(var)),
            note,
            example,
            required: var.required,
        });
    }
    let ids: Vec<&str> = pack.points.iter().map(|p| p.id.as_str()).collect();
    if !ids.is_empty() {
        let (key, zh) = PROFILE_KEYS[1];
        out.push(Spec {
            header: header_for(key, zh),
            note: format!(
                "讲哪些要点、按什么顺序（可不填，不填用默认的要点）\n可用：{}\n用“；”隔开",
                ids.join("；")
            ),
            example: String::new(),
            required: false,
        });
    }
    let (key, zh) = PROFILE_KEYS[3];
    out.push(Spec {
        header: header_for(key, zh),
        note: "单位类型（可不填）：决定称谓和“群众”“师生”等说法\n如：党政机关、街道乡镇、学校、企业、医院".to_owned(),
        example: String::new(),
        required: false,
    });
    out
}

/// Writes the template sheet for `pack` to `path` (`.xlsx`, or `.csv` with
/// the header and example rows only).
pub fn write_template(pack: &Pack, path: &Path, overwrite: bool) -> Result<()> {
    let specs = specs(pack);
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let bytes = match ext.as_str() {
        "xlsx" => xlsx(pack, &specs)
            .map_err(|e| Error::Table(vec![Diagnostic::new(format!("无法生成表格：{e}"))]))?,
        "csv" => csv_bytes(&specs)?,
        _ => {
            return Err(Error::Table(vec![
                Diagnostic::new(format!("不支持的表格格式：{}", path.display()))
                    .hint("用 .xlsx 或 .csv 结尾的文件名"),
            ]));
        }
    };
    crate::output::write_atomic(path, &bytes, overwrite)
}

fn xlsx(pack: &Pack, specs: &[Spec]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(pack.title.chars().take(31).collect::<String>())?;
    let bold = Format::new().set_bold().set_text_wrap();
    let plain = Format::new().set_text_wrap();
    for (c, spec) in specs.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        let format = if spec.required { &bold } else { &plain };
        sheet.write_string_with_format(0, c, &spec.header, format)?;
        sheet.insert_note(0, c, &Note::new(&spec.note).set_author("jianghua"))?;
        sheet.write_string(1, c, &spec.example)?;
        let width = spec.header.chars().count().max(8) as f64 * 2.0;
        sheet.set_column_width(c, width.min(40.0))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}

fn csv_bytes(specs: &[Spec]) -> Result<Vec<u8>> {
    // Excel opens a CSV as UTF-8 only with the byte-order mark.
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let failed =
            |e: csv::Error| Error::Table(vec![Diagnostic::new(format!("无法生成表格：{e}"))]);
        w.write_record(specs.iter().map(|s| s.header.as_str()))
            .map_err(failed)?;
        w.write_record(specs.iter().map(|s| s.example.as_str()))
            .map_err(failed)?;
        w.flush().map_err(|e| failed(e.into()))?;
    }
    Ok(out)
}
