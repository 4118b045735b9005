//! Reading existing drafts for `lint` and `stats`: plain text, Markdown, and
//! Word files (the text of the document body, paragraph by paragraph).

use std::io::Read;
use std::path::Path;

use quick_xml::events::Event;

use crate::check::Document;
use crate::error::{Error, Result};
use crate::source::Source;

/// What kind of file a draft is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftKind {
    Text,
    Markdown,
    Docx,
}

impl DraftKind {
    /// By the file's contents (a ZIP package is a Word file) and extension.
    pub fn detect(path: &Path, bytes: &[u8]) -> Self {
        if bytes.starts_with(b"PK\x03\x04") {
            return Self::Docx;
        }
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("md" | "markdown") => Self::Markdown,
            Some("docx") => Self::Docx,
            _ => Self::Text,
        }
    }
}

/// A draft from a file's bytes; `name` is how findings name it.
pub fn from_bytes(name: &str, path: &Path, bytes: Vec<u8>) -> Result<Document> {
    match DraftKind::detect(path, &bytes) {
        DraftKind::Docx => Ok(Document::from_paragraphs(
            name,
            docx_paragraphs(name, &bytes)?,
        )),
        kind => {
            let source = Source::from_bytes(name.to_owned(), bytes)?;
            let mut doc = Document::from_text(name, &source.text, kind == DraftKind::Markdown);
            doc.notices.extend(source.notice);
            Ok(doc)
        }
    }
}

/// Reads a draft file.
pub fn load(path: &Path) -> Result<Document> {
    let bytes = crate::source::read_limited(path)?;
    from_bytes(&path.display().to_string(), path, bytes)
}

fn bad_docx(name: &str, why: impl std::fmt::Display) -> Error {
    Error::Read {
        path: name.into(),
        source: std::io::Error::other(format!("不是有效的 Word（.docx）文件：{why}")),
    }
}

/// The paragraphs of a .docx body as text (runs joined, tabs as spaces).
pub fn docx_paragraphs(name: &str, bytes: &[u8]) -> Result<Vec<String>> {
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| bad_docx(name, e))?;
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .map_err(|e| bad_docx(name, e))?
        // A small zip can unpack to gigabytes; read no more than a speech could need.
        .take(crate::source::MAX_INPUT_BYTES * 5)
        .read_to_string(&mut xml)
        .map_err(|e| bad_docx(name, e))?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut paragraphs = Vec::new();
    let mut current: Option<String> = None;
    let mut in_text = false;
    loop {
        match reader.read_event().map_err(|e| bad_docx(name, e))? {
            Event::Start(e) => match e.local_name().as_ref() {
                b"p" => current = Some(String::new()),
                b"t" => in_text = true,
                _ => {}
            },
            Event::Empty(e) => {
                if let (b"tab", Some(p)) = (e.local_name().as_ref(), current.as_mut()) {
                    p.push(' ');
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"p" => paragraphs.extend(current.take()),
                b"t" => in_text = false,
                _ => {}
            },
            Event::Text(t) if in_text => {
                if let Some(p) = current.as_mut() {
                    p.push_str(&t.decode().map_err(|e| bad_docx(name, e))?);
                }
            }
            Event::GeneralRef(r) if in_text => {
                let c = match r.resolve_char_ref().map_err(|e| bad_docx(name, e))? {
                    Some(c) => Some(c),
                    None => match r.decode().map_err(|e| bad_docx(name, e))?.as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let (Some(c), Some(p)) = (c, current.as_mut()) {
                    p.push(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(paragraphs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::speech::{Block, Heading, Speech};
    use crate::writer::Format;

    #[test]
    fn docx_round_trip_keeps_paragraph_text() {
        let speech = Speech {
            title: "在会上的讲话".into(),
            subtitle: None,
            byline: Some("书记　张三".into()),
            date_line: Some("（2026年12月1日）".into()),
            salutation: Some("同志们：".into()),
            author: Some("张三".into()),
            blocks: vec![
                Block::Heading(Heading {
                    level: 1,
                    label: "一、".into(),
                    text: "提高认识 & <站位>".into(),
                }),
                Block::Paragraph {
                    text: "要“抓落实”。".into(),
                },
            ],
        };
        let bytes = Format::Docx.write(&speech).unwrap();
        let paras: Vec<String> = docx_paragraphs("t", &bytes)
            .unwrap()
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
        assert_eq!(
            paras,
            [
                "在会上的讲话",
                "书记　张三",
                "（2026年12月1日）",
                "同志们：",
                "一、提高认识 & <站位>",
                "要“抓落实”。"
            ]
        );
    }
    #[test]
    fn not_a_zip_is_an_error() {
        assert!(docx_paragraphs("t", b"PK\x03\x04 broken").is_err());
    }
}
