//! The variable schema a pack declares in `pack.toml`: what a profile must
//! (and may) contain, with types, descriptions and examples.

use serde::Deserialize;

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
