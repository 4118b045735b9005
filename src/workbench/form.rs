//! The bridge between the page's form and a profile: what fields a pack's
//! form has, a form's values as profile text (so that they are read and
//! checked exactly as a file is), a profile as form values, and which field
//! a profile problem belongs to.

use serde_json::{Map, Value as Json, json};

use crate::error::{Diagnostic, Error, Result};
use crate::pack::{Pack, RESERVED_KEYS, VarType, Variable};
use crate::profile::ProfileDoc;
use crate::source::Source;
use crate::table::columns::{label_of, label_text};
use crate::value::{Kind, Node, Pos, Table};

/// How a profile made from the form is named in messages.
pub const FORM_NAME: &str = "表单";

fn type_name(ty: VarType) -> &'static str {
    match ty {
        VarType::String => "string",
        VarType::Integer => "integer",
        VarType::Number => "number",
        VarType::Date => "date",
        VarType::List => "list",
        VarType::Table => "table",
    }
}

/// A pack's form: its variables in declaration order with label, type and
/// bounds, its points, and the choices for numbering and register. The
/// page builds its inputs from this alone.
pub fn description(pack: &Pack) -> Json {
    let variables: Vec<Json> = pack.variables().iter().map(variable).collect();
    let points: Vec<Json> = pack
        .points
        .iter()
        .map(|p| {
            json!({ "id": p.id, "heading": p.heading, "label": point_label(&p.heading), "default": p.default })
        })
        .collect();
    json!({
        "name": pack.name,
        "title": pack.title,
        "description": pack.description,
        "kind": pack.kind.zh(),
        "length": pack.length,
        "variables": variables,
        "points": points,
        "numbering": pack.numbering.name(),
        "numberings": [
            { "id": "di", "label": "第一，……（讲话常用）" },
            { "id": "gongwen", "label": "一、……（公文层次）" }
        ],
        "registers": crate::register::kind_names().collect::<Vec<_>>(),
        "schema": crate::pack::json_schema::schema(pack),
    })
}

/// A point's heading as a form can name it: the first of its wordings
/// (`{{#pick}}甲{{or}}乙{{/pick}}`), what the profile fills in as “…”.
fn point_label(heading: &str) -> String {
    let first = heading.strip_prefix("{{#pick}}").map_or(heading, |rest| {
        rest.split("{{or}}")
            .next()
            .unwrap_or(rest)
            .trim_end_matches("{{/pick}}")
    });
    let mut out = String::new();
    let mut rest = first;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        if !out.ends_with('…') {
            out.push('…');
        }
        rest = rest[open..]
            .find("}}")
            .map_or("", |close| &rest[open + close + 2..]);
    }
    out.push_str(rest);
    out
}

fn variable(var: &Variable) -> Json {
    let fields: Vec<Json> = var
        .fields
        .iter()
        .map(|f| {
            json!({
                "name": f.name,
                "label": label_text(&f.description),
                "description": f.description,
                "type": type_name(f.ty),
                "required": f.required,
            })
        })
        .collect();
    json!({
        "key": var.name,
        "label": label_of(var),
        "description": var.description,
        "type": type_name(var.ty),
        "required": var.required,
        "example": var.example.as_ref().map(crate::value::toml_to_json),
        "default": var.default.as_ref().map(crate::value::toml_to_json),
        "choices": var.choices,
        "min": var.min,
        "max": var.max,
        "fields": fields,
    })
}

/// The type the form's text for `key` should become, where it is not text:
/// an `<input>` gives text, and a profile file would have a number or date.
fn wanted(pack: &Pack, key: &str, field: Option<&str>) -> Option<VarType> {
    let var = pack.variable(key)?;
    match field {
        Some(f) => var.fields.iter().find(|x| x.name == f).map(|x| x.ty),
        None => Some(var.ty),
    }
}

/// A form value as TOML: empty inputs and nulls left out (an empty input
/// is a value not given), text typed by the variable where it reads as
/// that type, and left as text where it does not, so that validation
/// says what is wrong in the words the command line uses.
fn to_toml(value: &Json, ty: Option<VarType>) -> Option<toml::Value> {
    Some(match value {
        Json::Null => return None,
        Json::Bool(b) => toml::Value::Boolean(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => toml::Value::Integer(i),
            None => toml::Value::Float(n.as_f64()?),
        },
        Json::String(s) => {
            let t = s.trim();
            if t.is_empty() {
                return None;
            }
            match ty {
                Some(VarType::Integer) => t
                    .parse::<i64>()
                    .map_or_else(|_| toml::Value::String(s.clone()), toml::Value::Integer),
                Some(VarType::Number) => t
                    .parse::<f64>()
                    .map_or_else(|_| toml::Value::String(s.clone()), toml::Value::Float),
                Some(VarType::Date) => match t.parse::<toml::value::Datetime>() {
                    Ok(d) if d.date.is_some() && d.time.is_none() => toml::Value::Datetime(d),
                    _ => toml::Value::String(s.clone()),
                },
                _ => toml::Value::String(s.clone()),
            }
        }
        Json::Array(items) => toml::Value::Array(
            items
                .iter()
                .filter_map(|v| to_toml(v, ty.filter(|t| *t != VarType::List)))
                .collect(),
        ),
        Json::Object(map) => toml::Value::Table(
            map.iter()
                .filter_map(|(k, v)| Some((k.clone(), to_toml(v, None)?)))
                .collect(),
        ),
    })
}

/// The form's values (an object shaped like the profile: tables as objects,
/// records as arrays of objects) as a profile's text.
pub fn toml_text(profile: &Json, pack: &Pack) -> Result<String> {
    let Json::Object(root) = profile else {
        return Err(request("配置应是一个对象（键 = 值）"));
    };
    let mut out = toml::Table::new();
    fill(root, "", pack, &mut out);
    toml::to_string(&out).map_err(|e| request(&format!("表单的值无法写成配置文件：{e}")))
}

fn fill(map: &Map<String, Json>, prefix: &str, pack: &Pack, out: &mut toml::Table) {
    for (key, value) in map {
        let name = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        let converted = match value {
            Json::Object(inner) if pack.is_table(&name) || pack.variable(&name).is_none() => {
                let mut t = toml::Table::new();
                fill(inner, &name, pack, &mut t);
                (!t.is_empty()).then_some(toml::Value::Table(t))
            }
            Json::Array(items) if pack.variable(&name).is_some_and(|v| v.ty == VarType::Table) => {
                let records: Vec<toml::Value> = items
                    .iter()
                    .filter_map(|item| match item {
                        Json::Object(fields) => {
                            let t: toml::Table = fields
                                .iter()
                                .filter_map(|(f, v)| {
                                    Some((f.clone(), to_toml(v, wanted(pack, &name, Some(f)))?))
                                })
                                .collect();
                            (!t.is_empty()).then_some(toml::Value::Table(t))
                        }
                        other => to_toml(other, None),
                    })
                    .collect();
                (!records.is_empty()).then_some(toml::Value::Array(records))
            }
            Json::Array(_) => match to_toml(value, wanted(pack, &name, None)) {
                Some(toml::Value::Array(a)) if a.is_empty() => None,
                v => v,
            },
            other => to_toml(other, wanted(pack, &name, None)),
        };
        if let Some(v) = converted {
            out.insert(key.clone(), v);
        }
    }
}

/// A request the page should not have sent (not a profile problem).
fn request(message: &str) -> Error {
    Error::Profile(vec![Diagnostic::new(message)])
}

/// Reads profile text sent to the server. `extends` would read a file on
/// the server's disk, which no request may do: refused, at its line.
pub fn read_profile(name: &str, text: &str) -> Result<ProfileDoc> {
    let source = std::sync::Arc::new(Source::new(name, text));
    let table = crate::profile::read::parse_document(&source)?;
    if let Some(entry) = table.get("extends") {
        return Err(Error::Profile(vec![
            Diagnostic::new("网页中不能用 `extends`：它会读取服务器上的文件")
                .at_opt(entry.key_pos.location())
                .hint("把被继承的配置文件的内容合并到这一份里再打开；命令行的 generate、batch 照常支持 extends"),
        ]));
    }
    // Read once: with no `extends`, the table is the profile.
    ProfileDoc::from_table(table, name.to_owned(), std::path::Path::new("."))
}

/// A profile's values as the form holds them: dates as `YYYY-MM-DD` text.
pub fn values(doc: &ProfileDoc) -> Json {
    Json::Object(
        doc.table
            .entries
            .iter()
            .map(|(k, e)| (k.clone(), crate::value::to_json(&e.node)))
            .collect(),
    )
}

/// The form field a profile problem belongs to: the innermost value whose
/// text the problem points at (`tasks[2]`, `duties[1].who`), else the
/// variable the message names in backquotes (a required one left out).
pub fn field_of(d: &Diagnostic, table: Option<&Table>, pack: Option<&Pack>) -> Option<String> {
    let at = d.location.as_ref().map(|l| (l.line, l.column));
    let placed = at.zip(table).and_then(|(at, t)| innermost(t, "", at));
    let named = named_key(&d.message, pack);
    match (placed, named) {
        // A missing variable is placed at its table: the name says more.
        (Some(p), Some(n)) if n.starts_with(&format!("{p}.")) => Some(n),
        (Some(p), _) => Some(p),
        (None, n) => n,
    }
}

fn contains(pos: &Pos, at: (usize, usize)) -> bool {
    let Pos::File { source, span } = pos else {
        return false;
    };
    let from = source.line_col(span.start);
    let to = source.line_col(span.end);
    from <= at && at < to.max((from.0, from.1 + 1))
}

fn innermost(table: &Table, prefix: &str, at: (usize, usize)) -> Option<String> {
    for (key, entry) in &table.entries {
        let name = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        if let Some(found) = in_node(&entry.node, &name, at) {
            return Some(found);
        }
        if contains(&entry.key_pos, at) {
            return Some(name);
        }
    }
    None
}

fn in_node(node: &Node, name: &str, at: (usize, usize)) -> Option<String> {
    let inner = match &node.kind {
        Kind::Table(t) => innermost(t, name, at),
        Kind::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
            let key = format!("{name}[{}]", i + 1);
            in_node(item, &key, at)
        }),
        _ => None,
    };
    inner.or_else(|| contains(&node.pos, at).then(|| name.to_owned()))
}

/// The first key in backquotes that the pack declares (or a profile
/// setting such as `points`).
fn named_key(message: &str, pack: Option<&Pack>) -> Option<String> {
    message.split('`').skip(1).step_by(2).find_map(|k| {
        let bare: String = k.split('[').next().unwrap_or(k).to_owned();
        let known = RESERVED_KEYS.contains(&bare.as_str())
            || bare.starts_with("register.")
            || bare.starts_with("target.")
            || pack.is_some_and(|p| p.variable(&bare).is_some() || p.is_table(&bare));
        known.then(|| k.to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack() -> Pack {
        crate::Catalog::default().load("dongyuan").unwrap()
    }

    #[test]
    fn form_text_is_typed_by_the_pack() {
        let p = pack();
        let form = json!({
            "unit": { "name": "青山街道", "short": "" },
            "campaign": { "months": "6" },
            "meeting": { "date": "2027-03-01" },
            "tasks": ["排查问题", "", "建立台账"],
            "duties": [{ "who": "城管科", "what": "牵头" }, { "who": "", "what": "" }],
            "goals": [],
        });
        let text = toml_text(&form, &p).unwrap();
        let t: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(t["campaign"]["months"].as_integer(), Some(6));
        assert!(t["meeting"]["date"].is_datetime(), "{text}");
        assert_eq!(t["tasks"].as_array().unwrap().len(), 2);
        assert_eq!(t["duties"].as_array().unwrap().len(), 1);
        assert!(t["unit"].get("short").is_none() && t.get("goals").is_none());
    }

    #[test]
    fn text_that_is_not_a_number_stays_text_for_the_message() {
        let text = toml_text(&json!({ "campaign": { "months": "六" } }), &pack()).unwrap();
        assert!(text.contains("months = \"六\""), "{text}");
    }

    #[test]
    fn a_profile_that_is_not_an_object_is_refused() {
        assert!(toml_text(&json!([1, 2]), &pack()).is_err());
    }

    #[test]
    fn extends_is_refused_at_its_line() {
        let e = read_profile(
            "上传.toml",
            "template = \"dongyuan\"\nextends = \"/etc/x.toml\"\n",
        )
        .unwrap_err();
        let d = &e.diagnostics()[0];
        assert!(d.message.contains("extends"));
        assert_eq!(d.location.as_ref().unwrap().line, 2);
    }

    #[test]
    fn problems_are_placed_at_their_field() {
        let p = pack();
        let text =
            "[unit]\nname = \"青山街道\"\n\n[campaign]\nmonths = \"六\"\n\ntasks = [\"a\", 3]\n";
        let doc = read_profile(FORM_NAME, text).unwrap();
        let e = doc.validate(&p).unwrap_err();
        let fields: Vec<Option<String>> = e
            .diagnostics()
            .iter()
            .map(|d| field_of(d, Some(&doc.table), Some(&p)))
            .collect();
        assert!(
            fields.contains(&Some("campaign.months".into())),
            "{fields:?}"
        );
        // A key under the wrong table is placed at the key.
        assert!(
            fields.contains(&Some("campaign.tasks".into())),
            "{fields:?}"
        );
        // Required variables left out are named by the message.
        assert!(fields.contains(&Some("unit.short".into())), "{fields:?}");
        assert!(fields.contains(&Some("speaker.name".into())), "{fields:?}");
    }

    #[test]
    fn values_come_back_as_the_form_holds_them() {
        let doc = read_profile("x.toml", "[campaign]\nstart = 2027-03-01\nmonths = 6\n").unwrap();
        assert_eq!(
            values(&doc),
            json!({ "campaign": { "start": "2027-03-01", "months": 6 } })
        );
    }

    #[test]
    fn points_are_named_by_their_first_wording() {
        assert_eq!(
            point_label("{{#pick}}充分认识开展{{> short}}的重要意义{{or}}乙{{/pick}}"),
            "充分认识开展…的重要意义"
        );
        assert_eq!(point_label("学习{{a}}{{b}}精神"), "学习…精神");
        assert_eq!(point_label("{{#pick}}只有一种{{/pick}}"), "只有一种");
        assert_eq!(point_label("加强组织领导"), "加强组织领导");
        assert_eq!(point_label("未闭合{{x"), "未闭合…");
    }

    #[test]
    fn the_description_lists_fields_points_and_choices() {
        let d = description(&pack());
        let vars = d["variables"].as_array().unwrap();
        let name = vars.iter().find(|v| v["key"] == "unit.name").unwrap();
        assert_eq!(name["required"], true);
        assert_eq!(name["type"], "string");
        assert!(!d["points"].as_array().unwrap().is_empty());
        assert!(
            d["registers"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r == "学校")
        );
    }
}
