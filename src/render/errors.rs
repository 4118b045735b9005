//! Templates refused or not parsed: the messages, with the place in the
//! template (line and column in characters, so carets line up under Chinese
//! text).

use handlebars::{TemplateError, TemplateErrorReason};

use crate::error::{Diagnostic, Location};

/// The width of the `{{…}}` expression starting at `column`, for the caret.
fn token_width(line: &str, column: usize) -> usize {
    let rest: String = line.chars().skip(column.saturating_sub(1)).collect();
    match (rest.starts_with("{{"), rest.find("}}")) {
        (true, Some(end)) => rest[..end + 2].chars().count(),
        _ => 1,
    }
}

/// Builds the diagnostic for a template that does not parse. handlebars'
/// own message numbers snippet lines from 0 and puts one caret per byte, which
/// misplaces it on Chinese lines; we show our own from its position.
pub fn template_error(e: &TemplateError, display: &str, text: &str) -> Diagnostic {
    let (message, hint) = match e.reason() {
        TemplateErrorReason::MismatchingClosedHelper(open, close) => (
            format!("块 `{{{{#{open}}}}}` 的结束标记写成了 `{{{{/{close}}}}}`"),
            format!("把结束标记改为 {{{{/{open}}}}}"),
        ),
        TemplateErrorReason::InvalidParam(p) => (
            format!("无效的参数 `{p}`"),
            "参数写成变量名、\"文字\" 或数字".to_owned(),
        ),
        _ => (
            "模板语法错误".to_owned(),
            "检查 {{ 与 }} 是否成对、块标记 {{#…}} 是否都有对应的 {{/…}}".to_owned(),
        ),
    };
    let mut d = Diagnostic::new(message).hint(hint);
    // An unclosed block is reported at the end of the file; point at its opener instead.
    let (line, column) = match unclosed_block(text) {
        Some((line, column, name))
            if !matches!(e.reason(), TemplateErrorReason::MismatchingClosedHelper(..)) =>
        {
            d.message = format!("块 `{{{{#{name}}}}}` 没有结束标记 `{{{{/{name}}}}}`");
            (line, column)
        }
        _ => match e.pos() {
            Some(pos) => pos,
            None => {
                return d.at(Location {
                    file: display.to_owned(),
                    line: 1,
                    column: 1,
                    line_text: None,
                    excerpt_from: 1,
                    excerpt_more: false,
                    width: 1,
                });
            }
        },
    };
    d.at(template_location(display, text, line, column))
}

/// How deep blocks (`{{#if}}`, `{{#each}}`, `{{#pick}}`…) may nest in a
/// template. Speeches need a handful; thousands exhaust the stack of the
/// parser and the renderer.
pub const MAX_NESTING: usize = 64;

/// What a template may not hold, checked before it is parsed: blocks nested
/// deeper than [`MAX_NESTING`], or a character no speech wants (a form feed
/// pasted from a PDF). Refused when a pack loads, by `templates check`, and
/// in a `--name` pattern.
pub(crate) fn refuse_template(display: &str, text: &str) -> Option<Diagnostic> {
    too_deep(display, text).or_else(|| unwritable_in_template(display, text))
}

/// Line and column (from 1) of a byte offset.
fn line_col_of(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn too_deep(display: &str, text: &str) -> Option<Diagnostic> {
    let mut depth = 0usize;
    let mut rest = 0;
    while let Some(found) = text[rest..].find("{{") {
        let at = rest + found;
        let tag = text[at + 2..].trim_start_matches(['{', '~']);
        // Comments may hold anything; skip to their end.
        if let Some(comment) = tag.strip_prefix('!') {
            let close = if comment.starts_with("--") {
                "--}}"
            } else {
                "}}"
            };
            match text[at..].find(close) {
                Some(end) => {
                    rest = at + end + close.len();
                    continue;
                }
                None => break,
            }
        }
        let opens = tag.starts_with('#')
            || (tag.starts_with('^') && !tag[1..].trim_start_matches('~').starts_with("}}"));
        if opens {
            depth += 1;
            if depth > MAX_NESTING {
                let (line, column) = line_col_of(text, at);
                return Some(
                    Diagnostic::new(format!(
                        "块嵌套太深：超过 {MAX_NESTING} 层（{{{{#if}}}}、{{{{#each}}}}、{{{{#pick}}}} 等一层套一层）"
                    ))
                    .at(template_location(display, text, line, column))
                    .hint("讲话稿的模板用不到这么多层；检查是否漏写了 {{/…}}，或把内层拆成局部模板"),
                );
            }
        } else if tag.starts_with('/') {
            depth = depth.saturating_sub(1);
        }
        rest = at + 2;
    }
    None
}

/// A character no speech wants (a form feed pasted from a PDF) in a
/// template: refused when the pack loads and by `templates check`.
pub(crate) fn unwritable_in_template(display: &str, text: &str) -> Option<Diagnostic> {
    let (at, c) = crate::writer::unwritable(text)?;
    let byte = text.char_indices().nth(at).map_or(text.len(), |(b, _)| b);
    let (line, column) = line_col_of(text, byte);
    Some(
        Diagnostic::new(format!(
            "模板里有 {}，讲话稿里不能有这个字符",
            crate::writer::describe_unwritable(c)
        ))
        .at(template_location(display, text, line, column))
        .hint("删掉它；多半是从 PDF 或网页粘贴带来的，看不见但 Word 文件容纳不了"),
    )
}

/// A position in a template, with the caret covering the expression there.
pub(super) fn template_location(display: &str, text: &str, line: usize, column: usize) -> Location {
    let line_text = text
        .lines()
        .nth(line.saturating_sub(1))
        .unwrap_or("")
        .to_owned();
    let width = token_width(&line_text, column);
    Location {
        file: display.to_owned(),
        line,
        column,
        line_text: Some(line_text),
        excerpt_from: 1,
        excerpt_more: false,
        width,
    }
}

/// The first `{{#name}}` without a matching `{{/name}}`: (line, column, name).
fn unclosed_block(text: &str) -> Option<(usize, usize, String)> {
    let mut stack: Vec<(usize, usize, String)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut rest = line;
        let mut offset_chars = 0;
        while let Some(start) = rest.find("{{") {
            let tag_start = offset_chars + rest[..start].chars().count();
            let after = rest[start + 2..].trim_start_matches('~');
            let end = after.find("}}").unwrap_or(after.len());
            let tag = &after[..end];
            let word = |t: &str| t.split_whitespace().next().unwrap_or("").to_owned();
            if let Some(open) = tag
                .strip_prefix('#')
                .filter(|t| !t.starts_with('>') && !t.starts_with('*'))
            {
                stack.push((i + 1, tag_start + 1, word(open)));
            } else if let Some(close) = tag.strip_prefix('/') {
                let name = word(close);
                if let Some(pos) = stack.iter().rposition(|(_, _, n)| *n == name) {
                    stack.truncate(pos);
                }
            }
            let consumed = start + 2 + (rest.len() - start - 2 - after.len()) + end;
            offset_chars += rest[..consumed.min(rest.len())].chars().count();
            rest = &rest[consumed.min(rest.len())..];
        }
    }
    stack.into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unclosed_block_points_at_opener() {
        let text = "开头\n  中文{{#if a}}内容\n{{#each b}}{{/each}}\n";
        assert_eq!(unclosed_block(text), Some((2, 5, "if".into())));
    }
    #[test]
    fn closed_blocks_are_fine() {
        assert_eq!(unclosed_block("{{#if a}}x{{else}}y{{/if}}"), None);
    }
}
