//! Plain text as offices paste it into Word: title lines flush left, every
//! paragraph and heading indented by two full-width spaces (左空二字), a blank
//! line between paragraphs.

use crate::speech::{Block, Speech};

const INDENT: &str = "\u{3000}\u{3000}";

pub(super) fn write(speech: &Speech) -> String {
    // Sized once: a speech is some ten kilobytes, grown by doubling it would
    // be copied several times.
    let body: usize = speech
        .blocks
        .iter()
        .map(|b| match b {
            Block::Heading(h) => h.label.len() + h.text.len(),
            Block::Paragraph { text } => text.len(),
        })
        .sum();
    let mut out = String::with_capacity(body + speech.blocks.len() * 8 + 512);
    out.push_str(&speech.title);
    out.push('\n');
    for line in [&speech.subtitle, &speech.byline, &speech.date_line]
        .into_iter()
        .flatten()
    {
        out.push_str(line);
        out.push('\n');
    }
    if let Some(s) = &speech.salutation {
        out.push('\n');
        out.push_str(s);
        out.push('\n');
    }
    for block in &speech.blocks {
        out.push('\n');
        out.push_str(INDENT);
        match block {
            Block::Heading(h) => {
                out.push_str(&h.label);
                out.push_str(&h.text);
            }
            Block::Paragraph { text } => out.push_str(text),
        }
        out.push('\n');
    }
    out
}
