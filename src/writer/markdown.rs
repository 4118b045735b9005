//! Markdown: the title as `#`, points as `##`, sub-headings as `###`, with the
//! engine's numbers kept literally so the text survives round trips.

use crate::speech::{Block, Speech};

pub(super) fn write(speech: &Speech) -> String {
    let mut parts: Vec<String> = vec![format!("# {}", speech.title)];
    parts.extend(speech.head_lines().cloned());
    for block in &speech.blocks {
        parts.push(match block {
            Block::Heading(h) => format!(
                "{} {}",
                "#".repeat(usize::from(h.level.min(5)) + 1),
                h.full()
            ),
            Block::Paragraph { text } => escape_line_start(text),
        });
    }
    let mut out = parts.join("\n\n");
    out.push('\n');
    out
}

/// A paragraph that happens to start like Markdown syntax stays text.
fn escape_line_start(text: &str) -> String {
    match text.chars().next() {
        Some('#' | '>' | '-' | '+' | '*' | '=') => format!("\\{text}"),
        _ => text.to_owned(),
    }
}
