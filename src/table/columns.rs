//! A sheet's header row: which profile key each column fills. A column is
//! named by the key (`unit.name`), by the variable's label (the first words
//! of its description, `单位全称`), or by both as `templates table` writes
//! them: `单位全称（unit.name）`.

use crate::error::Diagnostic;
use crate::pack::{Pack, Variable};
use crate::profile::{KeyType, key_type};

use super::{Cell, column_letter};

/// A column's key: where its cells go in the profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub key: String,
}

/// The profile's own keys a sheet may carry, with their Chinese names.
pub(super) const PROFILE_KEYS: [(&str, &str); 5] = [
    ("template", "模板包"),
    ("points", "要点"),
    ("extends", "继承"),
    ("register.kind", "单位类型"),
    ("numbering", "编号方式"),
];

pub(super) fn is_template_header(h: &str) -> bool {
    matches!(key_in(h).unwrap_or(h), "template" | "模板包" | "模板")
}

/// A variable's label: its description up to the first punctuation
/// (“讲话人姓名”, “会议全称”).
pub fn label_of(var: &Variable) -> String {
    label_text(&var.description)
}

/// The label in a description: its words up to the first punctuation.
pub(crate) fn label_text(description: &str) -> String {
    description
        .split(['，', ',', '（', '(', '：', ':', '；', ';', '。', '、'])
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// The header `templates table` writes for a key: `label（key）`.
pub fn header_for(key: &str, label: &str) -> String {
    if label.is_empty() {
        key.to_owned()
    } else {
        format!("{label}（{key}）")
    }
}

/// The key in `label（key）` or `label(key)`.
fn key_in(h: &str) -> Option<&str> {
    let h = h.trim();
    let inner = h
        .strip_suffix('）')
        .and_then(|s| s.rsplit_once('（'))
        .or_else(|| h.strip_suffix(')').and_then(|s| s.rsplit_once('(')))?
        .1
        .trim();
    (!inner.is_empty() && inner.is_ascii()).then_some(inner)
}

/// Each header cell's column, `None` for an empty header (a column of notes).
pub(super) fn map_header(
    header: &[Cell],
    pack: &Pack,
    sheet: &str,
) -> Result<Vec<Option<Column>>, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut out: Vec<Option<Column>> = Vec::new();
    for (c, cell) in header.iter().enumerate() {
        let h = cell.text();
        if h.is_empty() {
            out.push(None);
            continue;
        }
        let place = format!("{sheet} 第1行 {}列", column_letter(c));
        match resolve(&h, pack) {
            Ok(key) => {
                if let Some(prev) = out
                    .iter()
                    .position(|o| o.as_ref().is_some_and(|o| o.key == key))
                {
                    problems.push(
                        Diagnostic::new(format!(
                            "{place}：列名“{h}”与 {}列 都是 `{key}`",
                            column_letter(prev)
                        ))
                        .hint("删掉其中一列"),
                    );
                }
                out.push(Some(Column { key }));
            }
            Err(hint) => {
                let mut d =
                    Diagnostic::new(format!("{place}：列名“{h}”不是模板包 {} 的变量", pack.name));
                if let Some(hint) = hint {
                    d = d.hint(hint);
                }
                problems.push(d.hint(format!(
                    "列名写变量名（如 unit.name）或它的说明；`jianghua templates table {}` 生成带列名的表格",
                    pack.name
                )));
                out.push(None);
            }
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// A required variable with no column is missing from every row: said
/// once, for the sheet. A sheet that `extends` a shared profile may leave
/// any of them to it.
pub(super) fn require_columns(
    cols: &[Option<Column>],
    pack: &Pack,
    sheet: &str,
) -> Result<(), Vec<Diagnostic>> {
    let has = |key: &str| cols.iter().flatten().any(|c| c.key == key);
    if has("extends") {
        return Ok(());
    }
    let missing: Vec<Diagnostic> = pack
        .variables()
        .iter()
        .filter(|v| v.required && !has(&v.name))
        .map(|v| {
            let label = label_of(v);
            let d = Diagnostic::new(format!(
                "{sheet} 缺少必填的一列：{}",
                header_for(&v.name, &label)
            ));
            if v.description == label {
                d
            } else {
                d.hint(v.description.clone())
            }
        })
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(missing)
    }
}

/// The key a header names, or a did-you-mean hint.
fn resolve(h: &str, pack: &Pack) -> Result<String, Option<String>> {
    let known = |k: &str| !matches!(key_type(k, pack), KeyType::Unknown);
    if let Some(k) = key_in(h).filter(|k| known(k)) {
        return Ok(k.to_owned());
    }
    let h = h.trim();
    if known(h) {
        return Ok(h.to_owned());
    }
    if let Some((k, _)) = PROFILE_KEYS.iter().find(|(_, zh)| *zh == h) {
        return Ok((*k).to_owned());
    }
    let by_label: Vec<&Variable> = pack
        .variables()
        .iter()
        .filter(|v| label_of(v) == h || v.description == h)
        .collect();
    match by_label[..] {
        [v] => return Ok(v.name.clone()),
        [_, _, ..] => {
            let names: Vec<&str> = by_label.iter().map(|v| v.name.as_str()).collect();
            return Err(Some(format!(
                "有几个变量的说明都是“{h}”：{}；请写变量名",
                names.join("、")
            )));
        }
        [] => {}
    }
    let keys = pack
        .variables()
        .iter()
        .map(|v| v.name.as_str())
        .chain(PROFILE_KEYS.iter().map(|(k, _)| *k));
    Err(crate::suggest::nearest(h, keys).map(|k| format!("是不是 `{k}`？")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_in_brackets_is_read_either_width() {
        assert_eq!(key_in("单位全称（unit.name）"), Some("unit.name"));
        assert_eq!(key_in("单位全称(unit.name)"), Some("unit.name"));
        assert_eq!(key_in("单位全称（含街道）"), None);
        assert_eq!(key_in("unit.name"), None);
    }

    #[test]
    fn a_label_is_the_description_up_to_its_first_punctuation() {
        let var: Variable = toml::from_str(
            "name = \"x\"\ntype = \"string\"\ndescription = \"讲话人职务，用于落款\"",
        )
        .unwrap();
        assert_eq!(label_of(&var), "讲话人职务");
        assert_eq!(header_for("x", "讲话人职务"), "讲话人职务（x）");
    }
}
