//! Diagnostics on the terminal, compiler style, with the caret placed by
//! display width so it lines up under Chinese text.

use std::io::Write;

use unicode_width::UnicodeWidthStr;

use jianghua::{Diagnostic, Error};

pub fn print_error(e: &Error) {
    let mut err = std::io::stderr().lock();
    let diagnostics = e.diagnostics();
    if let Error::Profile(ds) = e {
        if ds.len() > 1 {
            let _ = writeln!(err, "错误：{e}，全部列在下面");
        }
    }
    for d in diagnostics {
        let _ = err.write_all(render("错误", &d).as_bytes());
    }
}

/// A diagnostic as text: the message, where it is, the line with a caret, hints.
pub fn render(severity: &str, d: &Diagnostic) -> String {
    let mut s = format!("{severity}：{}\n", d.message);
    if let Some(loc) = &d.location {
        let gutter = loc.line.to_string().len();
        let pad = " ".repeat(gutter);
        s.push_str(&format!(
            "{pad}--> {}:{}:{}\n",
            loc.file, loc.line, loc.column
        ));
        if let Some(text) = &loc.line_text {
            let before: String = text.chars().take(loc.column.saturating_sub(1)).collect();
            let covered: String = text
                .chars()
                .skip(loc.column.saturating_sub(1))
                .take(loc.width)
                .collect();
            let offset = before.width();
            let carets = covered.width().max(1);
            s.push_str(&format!(
                "{pad} |\n{} | {text}\n{pad} | {}{}\n",
                loc.line,
                " ".repeat(offset),
                "^".repeat(carets)
            ));
        }
    }
    for h in &d.hints {
        s.push_str(&format!("提示：{h}\n"));
    }
    s
}
