//! Markdown: the title as `#`, points as `##`, sub-headings as `###`, with the
//! engine's numbers kept literally so the text survives round trips.

use crate::speech::{Block, Speech};

pub(super) fn write(speech: &Speech) -> String {
    let mut parts: Vec<String> = vec![format!("# {}", escape_html(&speech.title))];
    parts.extend(speech.head_lines().map(|l| escape_html(l)));
    for block in &speech.blocks {
        parts.push(match block {
            Block::Heading(h) => format!(
                "{} {}",
                "#".repeat(usize::from(h.level.min(5)) + 1),
                escape_html(&h.full())
            ),
            Block::Paragraph { text } => escape_line_start(&escape_html(text)),
        });
    }
    let mut out = parts.join("\n\n");
    out.push('\n');
    out
}

/// Markdown passes HTML through: a `<script>` in a profile value would run
/// where the .md file is shown. `<` and `&` are written as entities.
fn escape_html(text: &str) -> String {
    if !text.contains(['<', '&']) {
        return text.to_owned();
    }
    text.replace('&', "&amp;").replace('<', "&lt;")
}

/// A paragraph that happens to start like Markdown syntax stays text.
fn escape_line_start(text: &str) -> String {
    match text.chars().next() {
        Some('#' | '>' | '-' | '+' | '*' | '=') => format!("\\{text}"),
        _ => text.to_owned(),
    }
}
