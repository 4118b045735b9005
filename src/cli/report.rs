//! Diagnostics on the terminal, compiler style, with the caret placed by
//! display width so it lines up under Chinese text.

use std::io::Write;

use anstyle::{AnsiColor, Style};
use unicode_width::UnicodeWidthStr;

use jianghua::check::{Finding, Severity};
use jianghua::{Diagnostic, Error};

/// A severity label as a terminal shows it: 错误 red, 警告 yellow, 提示
/// cyan, bold. The styling is stripped on the way out when the stream is
/// not a terminal or `NO_COLOR` is set (anstream).
pub(super) fn label(name: &str) -> String {
    let color = match name {
        "错误" => AnsiColor::Red,
        "警告" => AnsiColor::Yellow,
        _ => AnsiColor::Cyan,
    };
    let style = Style::new().bold().fg_color(Some(color.into()));
    format!("{style}{name}{style:#}")
}

/// Carets under the text a diagnostic is about, red like an error.
fn carets(n: usize) -> String {
    let style = Style::new().bold().fg_color(Some(AnsiColor::Red.into()));
    format!("{style}{}{style:#}", "^".repeat(n))
}

pub(super) fn print_error(e: &Error) {
    let mut err = anstream::stderr().lock();
    let diagnostics = e.diagnostics();
    if let Error::Profile(ds) | Error::Table(ds) = e {
        if ds.len() > 1 {
            let _ = writeln!(err, "错误：{e}，全部列在下面");
        }
    }
    let total = diagnostics.len();
    for d in diagnostics.into_iter().take(jianghua::LISTED_PROBLEMS) {
        let _ = err.write_all(render("错误", &d).as_bytes());
    }
    if total > jianghua::LISTED_PROBLEMS {
        let _ = writeln!(
            err,
            "错误：还有 {} 处问题未列出，请先改正上面这些",
            total - jianghua::LISTED_PROBLEMS
        );
    }
}

/// A diagnostic as text: the message, where it is, the line with a caret, hints.
pub(super) fn render(severity: &str, d: &Diagnostic) -> String {
    let mut s = format!("{}：{}\n", label(severity), d.message);
    if let Some(loc) = &d.location {
        let gutter = loc.line.to_string().len();
        let pad = " ".repeat(gutter);
        s.push_str(&format!(
            "{pad}--> {}:{}:{}\n",
            loc.file, loc.line, loc.column
        ));
        if let Some(text) = &loc.line_text {
            // The caret's column within the excerpt, then a window of it.
            let (mut text, mut col) = window(text, loc.column + 1 - loc.excerpt_from as usize);
            if loc.excerpt_from > 1 && !text.starts_with('…') {
                text.insert(0, '…');
                col += 1;
            }
            if loc.excerpt_more && !text.ends_with('…') {
                text.push('…');
            }
            let before: String = text.chars().take(col.saturating_sub(1)).collect();
            let covered: String = text
                .chars()
                .skip(col.saturating_sub(1))
                .take(loc.width)
                .collect();
            let offset = before.width();
            let width = covered.width().max(1);
            s.push_str(&format!(
                "{pad} |\n{} | {text}\n{pad} | {}{}\n",
                loc.line,
                " ".repeat(offset),
                carets(width)
            ));
        }
    }
    for h in &d.hints {
        s.push_str(&format!("{}：{h}\n", label("提示")));
    }
    s
}

/// Findings for people: each like a compiler diagnostic, then a summary line.
pub(super) fn findings_human(findings: &[Finding]) -> String {
    let mut s = String::new();
    for f in findings {
        s.push_str(&format!(
            "{}[{}]：{}\n",
            label(f.severity.zh()),
            f.code,
            f.message
        ));
        let place = match f.line {
            Some(line) => format!("{}:{line}:{}", f.file, f.column),
            None => format!("{} 第{}段:{}", f.file, f.paragraph, f.column),
        };
        let number = f.line.unwrap_or(f.paragraph).to_string();
        let pad = " ".repeat(number.len());
        s.push_str(&format!("{pad}--> {place}\n"));
        if !f.context.is_empty() {
            let (mut shown, mut col) = window(&f.context, f.column + 1 - f.context_from);
            // The context is itself a window of a longer line.
            if f.context_from > 1 && !shown.starts_with('…') {
                shown.insert(0, '…');
                col += 1;
            }
            if f.context_more && !shown.ends_with('…') {
                shown.push('…');
            }
            let before: String = shown.chars().take(col.saturating_sub(1)).collect();
            let covered: String = shown
                .chars()
                .skip(col.saturating_sub(1))
                .take(f.width)
                .collect();
            s.push_str(&format!(
                "{pad} |\n{number} | {shown}\n{pad} | {}{}\n",
                " ".repeat(before.width()),
                carets(covered.width().max(1))
            ));
        }
        if let Some(origin) = &f.origin {
            if let Some(t) = &origin.template {
                s.push_str(&format!("{pad} = 模板：{}:{}\n", t.file, t.line));
            }
            if let Some(p) = &origin.profile {
                let value: String = p.value.chars().take(30).collect();
                let more = if value.len() < p.value.len() {
                    "…"
                } else {
                    ""
                };
                s.push_str(&format!(
                    "{pad} = 配置：{} = \"{value}{more}\"（{}）\n",
                    p.key, p.place
                ));
            }
        }
        if let Some(h) = &f.hint {
            s.push_str(&format!("{}：{h}\n", label("提示")));
        }
    }
    s
}

/// A long paragraph cut to the part around `column`, with the column
/// adjusted: (text, column within it).
fn window(text: &str, column: usize) -> (String, usize) {
    // Control characters are shown as their pictures (␌ for a form feed):
    // printed raw they move the cursor or colour the terminal.
    let pictured;
    let text = if text.chars().any(|c| c.is_control() && c != '\t') {
        pictured = text
            .chars()
            .map(|c| match c {
                '\t' => c,
                '\u{0}'..='\u{1F}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
                '\u{7F}' => '\u{2421}',
                c if c.is_control() => '\u{FFFD}',
                c => c,
            })
            .collect::<String>();
        pictured.as_str()
    } else {
        text
    };
    const BEFORE: usize = 24;
    const AFTER: usize = 36;
    let chars: Vec<char> = text.chars().collect();
    let start = column.saturating_sub(1).saturating_sub(BEFORE);
    let end = (column + AFTER).min(chars.len());
    if start == 0 && end == chars.len() {
        return (text.to_owned(), column);
    }
    let mut shown: String = chars[start..end].iter().collect();
    let mut col = column - start;
    if start > 0 {
        shown.insert(0, '…');
        col += 1;
    }
    if end < chars.len() {
        shown.push('…');
    }
    (shown, col)
}

/// The closing count: 共 2 个错误、1 个警告.
pub(super) fn summary(findings: &[Finding]) -> String {
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    if findings.is_empty() {
        "未发现问题".to_owned()
    } else {
        format!("共 {errors} 个错误、{warnings} 个警告")
    }
}
