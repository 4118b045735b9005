//! Hostile profiles and the words each refusal must contain. The command
//! line (`tests/hostile.rs`) and the web workbench's API (`tests/serve.rs`)
//! are both held to this list, so that they answer alike.

pub(crate) struct Case {
    pub(crate) what: &'static str,
    pub(crate) bytes: Vec<u8>,
    /// Words the first message must contain.
    pub(crate) needle: &'static str,
    /// A mistake in writing TOML: its message must be all Chinese (the
    /// parser's own is English).
    pub(crate) syntax: bool,
}

fn case(what: &'static str, text: impl Into<Vec<u8>>, needle: &'static str) -> Case {
    Case {
        what,
        bytes: text.into(),
        needle,
        syntax: false,
    }
}

fn syntax(what: &'static str, text: &str, needle: &'static str) -> Case {
    Case {
        syntax: true,
        ..case(what, text, needle)
    }
}

/// The cases; `valid` is a complete dongyuan profile with
/// `name = "青山街道"` in it.
pub(crate) fn profiles(valid: &str) -> Vec<Case> {
    let nested = format!(
        "template = \"dongyuan\"\nx = {}1{}\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let dotted = |depth: usize| {
        format!(
            "template = \"dongyuan\"\n{} = 1\n",
            vec!["k"; depth].join(".")
        )
    };
    let mut corrupt = "template = \"dongyuan\"\n[unit]\nname = \"青山"
        .as_bytes()
        .to_vec();
    corrupt.extend_from_slice(b"\xff\xfe\"\n");
    assert!(valid.contains("name = \"青山街道\""));
    vec![
        case("5,000 层嵌套的数组", nested, "嵌套太深"),
        case("3,000 段的点号键", dotted(3000), "嵌套太深"),
        // Once read by one of two readers and refused by the other (found
        // by fuzzing); one reader now, and one answer.
        case("87 段的点号键", dotted(87), "嵌套太深"),
        case(
            "换页符（从 PDF 粘贴）",
            valid.replace("name = \"青山街道\"", "name = \"青山\\f街道\""),
            "`unit.name` 的第 3 个字符是 U+000C（换页符）",
        ),
        case("夹了坏字节的 UTF-8", corrupt, "第 43 字节"),
        syntax("字符串没有结束", "a = \"abc\n", "字符串没有结束"),
        syntax(
            "同一个键写了两次",
            "[unit]\nname = \"甲\"\nname = \"乙\"\n",
            "这个键在第 2 行已经写过",
        ),
        syntax("中文引号", "name = “李明”\n", "不能用中文引号"),
        syntax("全角等号", "a ＝ 1\n", "不能用全角的＝"),
        syntax("方括号没有闭合", "a = [1, 2\n", "列表的方括号没有闭合"),
        syntax("不存在的月份", "a = 2026-13-01\n", "月份应为 01 到 12"),
        syntax("一行两个键", "a = 1 b = 2\n", "一行里只能写一个键值"),
        case(
            "跳出模板文件夹的模板包名",
            "template = \"../dongyuan\"\n",
            "找不到模板包",
        ),
        case(
            "共用文件夹当模板包",
            "template = \"_shared\"\n",
            "找不到模板包",
        ),
    ]
}

/// Whether a message has English words in it (a library's text that was
/// not put into Chinese).
pub(crate) fn has_english(message: &str) -> bool {
    message
        .split(|c: char| !c.is_ascii_alphabetic())
        .any(|w| w.len() > 4)
}
