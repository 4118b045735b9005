//! `init`: a starter profile listing every variable of a pack, with its
//! description as a comment and its example as the value.

use std::fmt::Write as _;

use crate::pack::{Pack, VarType, Variable};

/// What the second line of every profile `init` writes says; a profile
/// that still has it (and the examples' values) was not filled in.
pub const STUB_MARK: &str = "配置文件（由 jianghua init 生成）";

/// The schema file `init` writes beside the profile it writes.
pub fn schema_file_name(pack: &Pack) -> String {
    format!("{}.schema.json", pack.name)
}

/// The profile text `jianghua init` writes for `pack`. It names the pack, so
/// `jianghua generate` works on it as it is. `with_schema`: the schema file
/// is beside it, and editors are pointed at it.
pub fn profile_stub(pack: &Pack, with_schema: bool) -> String {
    let mut out = String::new();
    if with_schema {
        // taplo / Even Better TOML read this line.
        let _ = writeln!(out, "#:schema ./{}", schema_file_name(pack));
    }
    let _ = writeln!(out, "# {}：{STUB_MARK}", pack.title);
    if !with_schema {
        let _ = writeln!(
            out,
            "# 编辑器补全与校验：jianghua templates schema {} -o {}（与本文件放在同一文件夹）",
            pack.name,
            schema_file_name(pack)
        );
    }
    let _ = writeln!(out, "# {}", pack.description);
    let _ = writeln!(
        out,
        "# 把示例值改成本次会议的实际情况，然后运行：jianghua generate 本文件名"
    );
    let _ = writeln!(out, "# 以 # 开头的是说明；可选变量的 # 去掉后即生效。");
    out.push('\n');
    let _ = writeln!(out, "# 模板包");
    let _ = writeln!(out, "template = {:?}", pack.name);
    let defaults = pack.default_points();
    let all: Vec<&str> = pack.points.iter().map(|p| p.id.as_str()).collect();
    let _ = writeln!(
        out,
        "# 讲话的要点及顺序，可删减、调换；本模板包的全部要点：{}",
        all.join("、")
    );
    let quoted: Vec<String> = defaults.iter().map(|p| format!("{p:?}")).collect();
    let _ = writeln!(out, "# points = [{}]", quoted.join(", "));
    let _ = writeln!(
        out,
        "# 标题编号样式：di（第一，……）或 gongwen（一、……）；默认 {}",
        pack.numbering
    );
    let _ = writeln!(out, "# numbering = {:?}", pack.numbering.name());
    let kinds: Vec<&str> = crate::register::kind_names().collect();
    let _ = writeln!(
        out,
        "# 单位类型决定称谓和“干部群众”“师生”“患者”等说法：{}；默认 {}。每个词还可以在 [register] 里改写，见 README",
        kinds.join("、"),
        crate::register::DEFAULT_KIND
    );
    let _ = writeln!(out, "# [register] 要写在文件末尾（或其他表之后），例如：");
    let _ = writeln!(out, "# [register]");
    let _ = writeln!(out, "# kind = {:?}", crate::register::DEFAULT_KIND);

    let mut current: Option<String> = None;
    let mut tables: Vec<String> = Vec::new();
    for var in pack.variables() {
        let (path, _) = var.split();
        let t = path.join(".");
        if !tables.contains(&t) {
            tables.push(t);
        }
    }
    // Top-level keys must come before the first [table] header, or TOML puts
    // them inside that table.
    tables.sort_by_key(|t| !t.is_empty());
    for table in tables {
        for var in pack
            .variables()
            .iter()
            .filter(|v| v.split().0.join(".") == table)
        {
            if current.as_deref() != Some(table.as_str()) {
                out.push('\n');
                if !table.is_empty() {
                    let _ = writeln!(out, "[{table}]");
                }
                current = Some(table.clone());
            }
            write_variable(&mut out, var);
        }
    }
    out
}

fn write_variable(out: &mut String, var: &Variable) {
    let need = if var.required { "必填" } else { "可选" };
    let _ = writeln!(out, "# {}（{need}，{}）", var.description, var.type_desc());
    if var.ty == VarType::Table {
        let fields: Vec<String> = var
            .fields
            .iter()
            .map(|f| format!("{}：{}", f.name, f.description))
            .collect();
        let _ = writeln!(out, "# 每一项的字段：{}", fields.join("；"));
    }
    let key = var.split().1;
    let (value, commented) = match (&var.example, &var.default) {
        (Some(ex), _) => (ex, !var.required && var.default.is_some()),
        (None, Some(def)) => (def, true),
        (None, None) => {
            let _ = writeln!(out, "# {key} = ");
            return;
        }
    };
    let prefix = if commented { "# " } else { "" };
    let _ = writeln!(out, "{prefix}{key} = {}", multiline(value, prefix));
}

/// Arrays one item per line, so long lists stay readable.
fn multiline(value: &toml::Value, prefix: &str) -> String {
    match value {
        toml::Value::Array(items) if !items.is_empty() => {
            let mut s = String::from("[\n");
            for item in items {
                let _ = writeln!(s, "{prefix}  {},", item);
            }
            s.push_str(prefix);
            s.push(']');
            s
        }
        other => other.to_string(),
    }
}
