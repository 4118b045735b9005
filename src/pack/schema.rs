//! The variable schema a pack declares in `pack.toml`: what a profile must
//! (and may) contain, with types, descriptions and examples.

use serde::Deserialize;

use crate::suggest::nearest;
use crate::value::{Kind, Node, Pos, Table, from_toml};

/// The type of a profile variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VarType {
    /// Text: `name = "青山街道"`.
    String,
    /// A whole number: `months = 6`.
    Integer,
    /// A number, possibly with decimals: `growth = 6.5`.
    Number,
    /// A date: `date = 2026-12-01`.
    Date,
    /// A list of strings: `goals = ["……", "……"]`.
    List,
    /// Records with declared fields: `stages = [{ name = "……", period = "……" }]`.
    Table,
}

impl VarType {
    /// The type's name as users read it in messages and `templates show`.
    pub fn zh(self) -> &'static str {
        match self {
            Self::String => "字符串",
            Self::Integer => "整数",
            Self::Number => "数",
            Self::Date => "日期",
            Self::List => "字符串列表",
            Self::Table => "表格（记录列表）",
        }
    }

    /// The type's name as written in `pack.toml`.
    pub fn name(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Integer => "integer",
            Self::Number => "number",
            Self::Date => "date",
            Self::List => "list",
            Self::Table => "table",
        }
    }
}

/// One declared variable.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variable {
    /// Dotted name, e.g. `unit.name`: the table `[unit]`, key `name`.
    pub name: String,
    #[serde(rename = "type")]
    pub ty: VarType,
    /// A required variable must be in the profile; an optional one takes its
    /// `default`, or is empty.
    #[serde(default)]
    pub required: bool,
    pub default: Option<toml::Value>,
    /// What the variable means, in Chinese; shown by `init` and `templates show`.
    pub description: String,
    /// A value `init` writes into a new profile.
    pub example: Option<toml::Value>,
    /// Bounds for integers.
    pub min: Option<i64>,
    pub max: Option<i64>,
    /// The values a `string` may take, where the pack offers a choice
    /// (`event.kind = "运动会"`); empty for free text.
    #[serde(default)]
    pub choices: Vec<String>,
    /// The fields of each record of a `table`.
    #[serde(default)]
    pub fields: Vec<Field>,
}

/// A field of a `table` variable's records.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: VarType,
    #[serde(default = "yes")]
    pub required: bool,
    pub description: String,
}

fn yes() -> bool {
    true
}

impl Variable {
    /// The table path and key: `unit.name` → (["unit"], "name").
    pub fn split(&self) -> (Vec<&str>, &str) {
        let mut parts: Vec<&str> = self.name.split('.').collect();
        let key = parts.pop().unwrap_or_default();
        (parts, key)
    }

    /// The type with its constraints, for messages: `整数（1–36）`.
    pub fn type_desc(&self) -> String {
        match (self.ty, self.min, self.max) {
            (VarType::Integer, Some(lo), Some(hi)) => format!("整数（{lo}–{hi}）"),
            (VarType::Integer, Some(lo), None) => format!("整数（不小于 {lo}）"),
            (VarType::Integer, None, Some(hi)) => format!("整数（不大于 {hi}）"),
            (VarType::String, ..) if !self.choices.is_empty() => {
                format!("字符串，可选：{}", self.choices.join("、"))
            }
            (ty, ..) => ty.zh().to_owned(),
        }
    }
}

/// A value that does not fit its variable: what is wrong, at which value
/// (the whole, an item, a record's field), and what to do. Whoever shows it
/// adds where that value was written.
#[derive(Debug)]
pub struct Misfit<'v> {
    pub pos: &'v Pos,
    pub message: String,
    pub hints: Vec<String>,
}

impl<'v> Misfit<'v> {
    pub fn new(pos: &'v Pos, message: String) -> Self {
        Self {
            pos,
            message,
            hints: Vec::new(),
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }
}

/// "`name` should be `expected`, this is `found`".
pub fn type_message(name: &str, expected: &str, found: &Kind) -> String {
    format!("`{name}` 应为{expected}，这里是{}", found.zh())
}

/// A TOML value on one line, as `init` and hints write it.
pub fn inline_toml(value: &toml::Value) -> String {
    value.to_string()
}

/// How `node` fails to fit `var`, if it does. `name` is what messages call
/// the value: `var.name`, or for a record's field `stages.name` (formatted
/// only when there is something to say).
pub fn fit<'v>(node: &'v Node, var: &Variable, name: &dyn std::fmt::Display) -> Vec<Misfit<'v>> {
    let mut problems = Vec::new();
    let example_hint = |m: Misfit<'v>| match &var.example {
        Some(ex) => m.hint(format!("例如：{} = {}", var.split().1, inline_toml(ex))),
        None => m,
    };
    let pos = &node.pos;
    match (var.ty, &node.kind) {
        (VarType::String, Kind::Str(s)) => {
            if s.trim().is_empty() && var.required {
                problems.push(example_hint(Misfit::new(pos, format!("`{name}` 不能为空"))));
            }
            if !var.choices.is_empty() && !var.choices.iter().any(|c| c == s) {
                let m = Misfit::new(pos, format!("`{name}` 不能是 `{s}`"));
                let list = var.choices.join("、");
                problems.push(match nearest(s, var.choices.iter().map(String::as_str)) {
                    Some(c) => m.hint(format!("是不是 `{c}`？可选：{list}")),
                    None => m.hint(format!("可选：{list}")),
                });
            }
        }
        (VarType::Integer, Kind::Int(n)) => {
            let low = var.min.is_some_and(|m| *n < m);
            let high = var.max.is_some_and(|m| *n > m);
            if low || high {
                problems.push(Misfit::new(
                    pos,
                    format!("`{name}` 的值 {n} 超出范围：应为{}", var.type_desc()),
                ));
            }
        }
        (VarType::Number, Kind::Int(_) | Kind::Float(_)) => {}
        (VarType::Date, Kind::Date(d)) => {
            // Year 0 is a valid TOML date, but no meeting's.
            if chrono::Datelike::year(d) < 1 {
                problems.push(
                    Misfit::new(
                        pos,
                        format!(
                            "`{name}` 的年份 {} 不是会议的日期",
                            chrono::Datelike::year(d)
                        ),
                    )
                    .hint("日期写成 2026-12-01（不加引号）"),
                );
            }
        }
        (VarType::Date, Kind::Str(s))
            if crate::zh::date::parse_iso(s).is_some_and(|d| chrono::Datelike::year(&d) >= 1) => {}
        (VarType::List, Kind::Array(items)) => {
            for (k, item) in items.iter().enumerate() {
                match &item.kind {
                    Kind::Str(s) if s.trim().is_empty() => problems.push(
                        Misfit::new(&item.pos, format!("`{name}` 的第 {} 项是空的", k + 1))
                            .hint("删掉这一项，或写上内容：空项会在讲话稿里留下一句没有内容的话"),
                    ),
                    Kind::Str(_) => {}
                    other => problems.push(Misfit::new(
                        &item.pos,
                        type_message(&format!("{name} 的列表项"), "字符串", other),
                    )),
                }
            }
            if items.is_empty() && var.required {
                problems.push(example_hint(Misfit::new(
                    pos,
                    format!("`{name}` 至少要有一项"),
                )));
            }
        }
        (VarType::Table, Kind::Array(items)) => {
            for item in items {
                match &item.kind {
                    Kind::Table(record) => fit_record(record, item, var, &mut problems),
                    other => problems.push(Misfit::new(
                        &item.pos,
                        type_message(&format!("{name} 的每一项"), "表（{ 字段 = 值 }）", other),
                    )),
                }
            }
            if items.is_empty() && var.required {
                problems.push(Misfit::new(pos, format!("`{name}` 至少要有一项")));
            }
        }
        (ty, other) => {
            let mut m = Misfit::new(
                pos,
                type_message(&name.to_string(), &var.type_desc(), other),
            );
            if ty == VarType::Date {
                m = m.hint("日期写成 2026-12-01（不加引号）");
            } else if ty == VarType::Integer && matches!(other, Kind::Str(_)) {
                m = m.hint("整数不加引号，也不要写成汉字，例如 6");
            }
            problems.push(example_hint(m));
        }
    }
    problems
}

fn fit_record<'v>(
    record: &'v Table,
    item: &'v Node,
    var: &Variable,
    problems: &mut Vec<Misfit<'v>>,
) {
    for (key, entry) in &record.entries {
        let Some(field) = var.fields.iter().find(|f| &f.name == key) else {
            let m = Misfit::new(
                &entry.key_pos,
                format!("`{}` 的记录里有未知字段 `{key}`", var.name),
            );
            let m = match nearest(key, var.fields.iter().map(|f| f.name.as_str())) {
                Some(s) => m.hint(format!("是不是要写 `{s}`？")),
                None => m.hint(format!(
                    "可用的字段：{}",
                    var.fields
                        .iter()
                        .map(|f| f.name.as_str())
                        .collect::<Vec<_>>()
                        .join("、")
                )),
            };
            problems.push(m);
            continue;
        };
        // The field's rules as a variable's; its name and description are
        // not read (the name comes apart, below).
        let as_var = Variable {
            name: String::new(),
            ty: field.ty,
            required: field.required,
            default: None,
            description: String::new(),
            example: None,
            min: None,
            max: None,
            choices: Vec::new(),
            fields: Vec::new(),
        };
        let name = format_args!("{}.{}", var.name, field.name);
        problems.extend(fit(&entry.node, &as_var, &name));
    }
    for field in var.fields.iter().filter(|f| f.required) {
        if record.get(&field.name).is_none() {
            problems.push(Misfit::new(
                &item.pos,
                format!(
                    "`{}` 的这条记录缺少字段 `{}`（{}）：{}",
                    var.name,
                    field.name,
                    field.ty.zh(),
                    field.description,
                ),
            ));
        }
    }
}

/// What is wrong with a pack's own example or default value for `var`, as
/// text (the value has no place in a file to show).
pub fn value_problems(value: &toml::Value, var: &Variable) -> Vec<String> {
    let node = from_toml(value, &Pos::Set(String::new()));
    let mut relaxed = var.clone();
    relaxed.required = false;
    fit(&node, &relaxed, &var.name)
        .into_iter()
        .map(|m| m.message)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn var(toml_text: &str) -> Variable {
        toml::from_str(toml_text).unwrap()
    }

    fn value(text: &str) -> Node {
        let v: toml::Table = toml::from_str(&format!("v = {text}")).unwrap();
        from_toml(&v["v"], &Pos::Set("测试".to_owned()))
    }

    fn messages(var: &Variable, text: &str) -> Vec<String> {
        fit(&value(text), var, &var.name)
            .into_iter()
            .map(|m| m.message)
            .collect()
    }

    #[test]
    fn integers_fit_their_range() {
        let months = var(
            "name = \"campaign.months\"\ntype = \"integer\"\ndescription = \"\"\nmin = 1\nmax = 36",
        );
        assert!(messages(&months, "6").is_empty());
        assert_eq!(
            messages(&months, "40"),
            ["`campaign.months` 的值 40 超出范围：应为整数（1–36）"]
        );
        let six = value("\"六\"");
        let m = fit(&six, &months, &"campaign.months");
        assert_eq!(
            m[0].message,
            "`campaign.months` 应为整数（1–36），这里是字符串"
        );
        assert!(m[0].hints[0].contains("整数不加引号"));
    }

    #[test]
    fn strings_lists_and_dates() {
        let name = var(
            "name = \"unit.name\"\ntype = \"string\"\ndescription = \"\"\nrequired = true\nexample = \"青山街道\"",
        );
        assert!(messages(&name, "\"青山街道\"").is_empty());
        let blank = value("\" \"");
        let empty = fit(&blank, &name, &"unit.name");
        assert_eq!(empty[0].message, "`unit.name` 不能为空");
        assert_eq!(empty[0].hints, ["例如：name = \"青山街道\""]);
        let goals = var("name = \"goals\"\ntype = \"list\"\ndescription = \"\"");
        assert!(messages(&goals, "[\"甲\", \"乙\"]").is_empty());
        assert_eq!(
            messages(&goals, "[\"甲\", \"\"]"),
            ["`goals` 的第 2 项是空的"]
        );
        assert_eq!(
            messages(&goals, "[\"甲\", 3]"),
            ["`goals 的列表项` 应为字符串，这里是整数"]
        );
        let date = var("name = \"meeting.date\"\ntype = \"date\"\ndescription = \"\"");
        assert!(messages(&date, "2026-12-01").is_empty());
        assert!(messages(&date, "\"2026-12-01\"").is_empty());
        assert_eq!(
            messages(&date, "0000-01-01"),
            ["`meeting.date` 的年份 0 不是会议的日期"]
        );
    }

    #[test]
    fn records_have_their_fields() {
        let stages = var("name = \"stages\"\ntype = \"table\"\ndescription = \"\"\n\
             fields = [{ name = \"name\", type = \"string\", description = \"阶段名\" },\
             { name = \"months\", type = \"integer\", description = \"月数\" }]");
        assert!(messages(&stages, "[{ name = \"动员\", months = 1 }]").is_empty());
        let record = value("[{ name = \"动员\", mnths = 1 }]");
        let wrong = fit(&record, &stages, &"stages");
        let text: Vec<&str> = wrong.iter().map(|m| m.message.as_str()).collect();
        assert_eq!(
            text,
            [
                "`stages` 的记录里有未知字段 `mnths`",
                "`stages` 的这条记录缺少字段 `months`（整数）：月数"
            ]
        );
        assert_eq!(wrong[0].hints, ["是不是要写 `months`？"]);
        assert_eq!(
            messages(&stages, "[{ name = \"动员\", months = \"一\" }]"),
            ["`stages.months` 应为整数，这里是字符串"]
        );
    }

    #[test]
    fn a_packs_own_values_are_told_without_a_place() {
        let months = var("name = \"m\"\ntype = \"integer\"\ndescription = \"\"\nrequired = true");
        assert_eq!(
            value_problems(&toml::Value::String("六".into()), &months),
            ["`m` 应为整数，这里是字符串"]
        );
        assert!(value_problems(&toml::Value::Integer(6), &months).is_empty());
    }
}
