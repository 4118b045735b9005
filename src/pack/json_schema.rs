//! `templates schema`: a JSON Schema of a pack's profiles, so that editors
//! (taplo, Even Better TOML) complete and validate profiles as users type.

use serde_json::{Map, Value as Json, json};

use super::{Pack, VarType, Variable};

fn type_schema(ty: VarType, var: Option<&Variable>) -> Json {
    match ty {
        VarType::String => match var.filter(|v| !v.choices.is_empty()) {
            Some(v) => json!({ "type": "string", "enum": v.choices }),
            None => json!({ "type": "string" }),
        },
        VarType::Integer => {
            let mut s = json!({ "type": "integer" });
            if let Some(min) = var.and_then(|v| v.min) {
                s["minimum"] = json!(min);
            }
            if let Some(max) = var.and_then(|v| v.max) {
                s["maximum"] = json!(max);
            }
            s
        }
        VarType::Number => json!({ "type": "number" }),
        VarType::Date => json!({ "type": "string", "format": "date" }),
        VarType::List => json!({ "type": "array", "items": { "type": "string" } }),
        VarType::Table => {
            let mut props = Map::new();
            let mut required = Vec::new();
            for f in var.map(|v| v.fields.as_slice()).unwrap_or_default() {
                let mut s = type_schema(f.ty, None);
                s["description"] = json!(f.description);
                props.insert(f.name.clone(), s);
                if f.required {
                    required.push(json!(f.name));
                }
            }
            json!({ "type": "array", "items": {
                "type": "object", "properties": props, "required": required, "additionalProperties": false
            } })
        }
    }
}

fn leaf(var: &Variable) -> Json {
    let mut s = type_schema(var.ty, Some(var));
    let need = if var.required { "必填" } else { "可选" };
    s["description"] = json!(format!("{}（{need}）", var.description));
    if let Some(v) = &var.example {
        s["examples"] = json!([crate::value::toml_to_json(v)]);
    }
    if let Some(v) = &var.default {
        s["default"] = crate::value::toml_to_json(v);
    }
    s
}

/// The object schema for the tables under `prefix`.
fn object_for(pack: &Pack, prefix: &[&str]) -> Map<String, Json> {
    let mut props = Map::new();
    let mut required: Vec<Json> = Vec::new();
    let mut children: Vec<&str> = Vec::new();
    for var in pack.variables() {
        let (tables, key) = var.split();
        if tables.len() < prefix.len() || tables[..prefix.len()] != *prefix {
            continue;
        }
        if tables.len() == prefix.len() {
            props.insert(key.to_owned(), leaf(var));
            if var.required {
                required.push(json!(key));
            }
        } else if !children.contains(&tables[prefix.len()]) {
            children.push(tables[prefix.len()]);
        }
    }
    for child in children {
        let mut path = prefix.to_vec();
        path.push(child);
        let obj = object_for(pack, &path);
        if obj
            .get("required")
            .and_then(Json::as_array)
            .is_some_and(|r| !r.is_empty())
        {
            required.push(json!(child));
        }
        props.insert(child.to_owned(), Json::Object(obj));
    }
    let mut obj = Map::new();
    obj.insert("type".into(), json!("object"));
    obj.insert("properties".into(), Json::Object(props));
    obj.insert("required".into(), Json::Array(required));
    obj.insert("additionalProperties".into(), json!(false));
    obj
}

/// The JSON Schema (draft-07) of a profile for `pack`.
pub fn schema(pack: &Pack) -> Json {
    let mut root = object_for(pack, &[]);
    let ids: Vec<&str> = pack.points.iter().map(|p| p.id.as_str()).collect();
    if let Some(Json::Object(props)) = root.get_mut("properties") {
        props.insert(
            "template".into(),
            json!({ "type": "string", "description": "模板包名称", "const": pack.name }),
        );
        props.insert(
            "extends".into(),
            json!({ "type": "string", "description": "继承的配置文件（相对路径）" }),
        );
        props.insert("points".into(), json!({
            "type": "array", "description": "讲话的要点及顺序", "items": { "enum": ids }, "uniqueItems": true, "minItems": 1
        }));
        props.insert(
            "numbering".into(),
            json!({ "enum": ["di", "gongwen"], "description": "标题编号样式" }),
        );
        props.insert("aliases".into(), json!({ "type": "array", "items": { "type": "string" }, "description": "可以出现的其他单位名称" }));
        props.insert("check".into(), json!({
            "type": "object", "additionalProperties": false, "properties": {
                "forbid": { "type": "array", "items": { "type": "string" }, "description": "禁用词" },
                "prefer": { "type": "object", "additionalProperties": { "type": "string" }, "description": "建议替换的词" }
            }
        }));
        props.insert("target".into(), json!({
            "type": "object", "additionalProperties": false, "maxProperties": 1, "properties": {
                "minutes": { "type": "number", "exclusiveMinimum": 0, "description": "讲话时长目标（分钟）" },
                "chars": { "type": "integer", "exclusiveMinimum": 0, "description": "字数目标" }
            }
        }));
    }
    let mut out = Map::new();
    out.insert(
        "$schema".into(),
        json!("http://json-schema.org/draft-07/schema#"),
    );
    out.insert(
        "title".into(),
        json!(format!("{}（{}）配置文件", pack.title, pack.name)),
    );
    out.insert("description".into(), json!(pack.description));
    out.extend(root);
    Json::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::Catalog;

    #[test]
    fn dates_are_examples_as_editors_read_them() {
        let pack = Catalog::new(Vec::new()).unwrap().load("dongyuan").unwrap();
        let s = schema(&pack);
        let date = &s["properties"]["meeting"]["properties"]["date"];
        assert_eq!(date["format"], "date");
        assert!(date["examples"][0].is_string(), "{date}");
    }

    #[test]
    fn dongyuan_schema_shape() {
        let pack = Catalog::new(Vec::new()).unwrap().load("dongyuan").unwrap();
        let s = schema(&pack);
        assert_eq!(
            s["properties"]["campaign"]["properties"]["months"]["maximum"],
            36
        );
        assert_eq!(
            s["properties"]["meeting"]["properties"]["date"]["format"],
            "date"
        );
        assert!(s["required"].as_array().unwrap().contains(&json!("unit")));
        assert_eq!(s["properties"]["unit"]["additionalProperties"], false);
        assert_eq!(
            s["properties"]["points"]["items"]["enum"][0],
            "significance"
        );
        let stages = &s["properties"]["campaign"]["properties"]["stages"]["items"];
        assert_eq!(stages["required"], json!(["name", "period", "task"]));
    }
}
