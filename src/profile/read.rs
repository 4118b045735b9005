//! Reading TOML into a positioned [`Table`]: the one way a profile's text
//! becomes a tree, through `toml`'s spanned document (`toml::de::DeTable`),
//! with its syntax errors worded in Chinese.

use std::ops::Range;
use std::sync::Arc;

use toml::de::{DeTable, DeValue};

use crate::error::{Diagnostic, Error};
use crate::source::Source;
use crate::value::{Entry, Kind, Node, Pos, Table, datetime_kind};

/// Parses a TOML document into a positioned table.
pub fn parse_document(source: &Arc<Source>) -> Result<Table, Error> {
    let doc = DeTable::parse(&source.text).map_err(|e| syntax_error(source, &e))?;
    convert_table(source, doc.get_ref())
}

/// A TOML syntax error with its position.
pub fn syntax_error(source: &Source, e: &toml::de::Error) -> Error {
    let message = e.message().trim();
    let (what, expected) = message.split_once(", expected ").unwrap_or((message, ""));
    let mut d = Diagnostic::new(format!(
        "TOML 语法错误：{}",
        toml_message_zh(what, expected)
    ));
    let line = e
        .span()
        .map(|span| {
            let (line, _) = source.line_col(span.start);
            source.line(line).to_owned()
        })
        .unwrap_or_default();
    // The causes seen most: quotes and equals signs typed with a Chinese
    // input method, a key written twice.
    if line.contains(['“', '”', '「', '」']) {
        d = d.hint("字符串要用英文双引号：name = \"李明\"，不能用中文引号“”「」");
    } else if line.contains('＝') {
        d = d.hint("等号要用英文的 =，不能用全角的＝");
    } else if what == "duplicate key" {
        if let Some(first) = e.span().and_then(|span| first_definition(source, span)) {
            d = d.hint(format!(
                "这个键在第 {first} 行已经写过；一个键只能写一次，删掉其中一处"
            ));
        } else {
            d = d.hint("同一个键写了两次；删掉其中一处");
        }
    } else if what.contains("recurs") {
        d = d.hint("讲话稿的配置用不到这么多层；把键写短些，例如 [unit] 下写 name = \"……\"");
    } else {
        d = d.hint("常见原因：字符串少了引号、用了中文引号“”或中文等号＝、同一个键写了两次");
    }
    if let Some(span) = e.span() {
        d = d.at(source.location(span));
    }
    Error::Syntax(Box::new(d))
}

/// The line where the key at `span` was written before (for a duplicate key).
fn first_definition(source: &Source, span: Range<usize>) -> Option<usize> {
    let text = &source.text;
    let key = text.get(span.clone())?.trim();
    let key = key
        .split(['=', ']'])
        .next()?
        .trim()
        .trim_start_matches('[')
        .trim();
    if key.is_empty() {
        return None;
    }
    let (this_line, _) = source.line_col(span.start);
    text.lines()
        .enumerate()
        .take(this_line - 1)
        .find_map(|(n, l)| {
            let l = l.trim().trim_start_matches('[').trim_end_matches(']');
            let head = l.split('=').next().unwrap_or("").trim();
            (head == key).then_some(n + 1)
        })
}

/// toml's messages (English) in Chinese: what is wrong, and what was expected.
pub fn toml_message_zh(what: &str, expected: &str) -> String {
    let what_zh = match what {
        "invalid basic string" | "invalid multi-line basic string" => {
            "字符串没有结束（少了右边的 \"）"
        }
        "invalid literal string" | "invalid multi-line literal string" => {
            "字符串没有结束（少了右边的 '）"
        }
        "duplicate key" => "同一个键写了两次",
        "string values must be quoted" => "文字值要加引号",
        "unclosed table" => "表名的方括号没有闭合",
        "unclosed array" => "列表的方括号没有闭合",
        "unclosed inline table" => "花括号没有闭合",
        "unexpected key or value" => "一行里只能写一个键值",
        "invalid date" | "invalid time" | "invalid datetime" => "日期或时间写得不对",
        "unquoted keys cannot be empty" => "等号左边缺少键名",
        "key with no value" => "键后面缺少 = 和值",
        "invalid boolean" => "真假值只能写 true 或 false",
        "missing escaped value" | "invalid escape sequence" => "反斜杠 \\ 后面的转义写法不对",
        "invalid fraction" => "小数点后面要有数字",
        "invalid exponent" => "数字的指数部分写得不对",
        "invalid integer" | "invalid float" | "invalid number" => "数字写得不对",
        "invalid unquoted key" => "键名只能用字母、数字、-、_，其他文字要加引号",
        "invalid table header" | "invalid array of tables header" => "表名写得不对",
        "unexpected content" => "这里有多余的内容",
        "recursion limit" | "cannot recurse further; max recursion depth met" => {
            "嵌套太深：点号键、表或列表一层套一层，超过了上限"
        }
        _ => "这里的写法不对",
    };
    let expected_zh = match expected {
        "" => String::new(),
        "literal string" => "应为加了引号的文字".to_owned(),
        "newline, `#`" => "应在这里换行".to_owned(),
        "month between 01 and 12" => "月份应为 01 到 12".to_owned(),
        "day between 01 and 31" => "日应为 01 到 31".to_owned(),
        "letters, numbers, `-`, `_`" => "键名应为字母、数字、-、_".to_owned(),
        "digits" => "应为数字".to_owned(),
        "`true`" => "应为 true".to_owned(),
        "`false`" => "应为 false".to_owned(),
        e if e
            .chars()
            .all(|c| c.is_ascii_punctuation() || c == ' ' || c == ',') =>
        {
            format!("应为 {}", e.replace(", ", " 或 "))
        }
        _ => String::new(),
    };
    if expected_zh.is_empty() {
        what_zh.to_owned()
    } else {
        format!("{what_zh}（{expected_zh}）")
    }
}

fn convert_table(source: &Arc<Source>, table: &DeTable<'_>) -> Result<Table, Error> {
    let mut out = Table::default();
    for (key, value) in table.iter() {
        let key_pos = Pos::File {
            source: source.clone(),
            span: key.span(),
        };
        let node = convert_value(source, value.get_ref(), value.span())?;
        out.entries
            .push((key.get_ref().to_string(), Entry { key_pos, node }));
    }
    Ok(out)
}

fn convert_value(
    source: &Arc<Source>,
    value: &DeValue<'_>,
    span: Range<usize>,
) -> Result<Node, Error> {
    let pos = Pos::File {
        source: source.clone(),
        span: span.clone(),
    };
    let kind = match value {
        DeValue::String(s) => Kind::Str(s.to_string()),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Kind::Int(n),
            Err(_) => {
                return Err(Error::Syntax(Box::new(
                    Diagnostic::new("整数超出范围").at(source.location(span)),
                )));
            }
        },
        DeValue::Float(f) => Kind::Float(float_of(f.as_str())),
        DeValue::Boolean(b) => Kind::Bool(*b),
        DeValue::Datetime(dt) => datetime_kind(dt),
        DeValue::Array(items) => Kind::Array(
            items
                .iter()
                .map(|item| convert_value(source, item.get_ref(), item.span()))
                .collect::<Result<_, _>>()?,
        ),
        DeValue::Table(t) => Kind::Table(convert_table(source, t)?),
    };
    Ok(Node { kind, pos })
}

/// A TOML float's text (as the parser decoded it) as a number.
fn float_of(text: &str) -> f64 {
    text.replace('_', "").parse().unwrap_or(f64::NAN)
}
