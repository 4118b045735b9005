//! Reading existing drafts for `lint` and `stats`: plain text, Markdown, web
//! pages (the page's text, not its tags or style sheet), and Word files
//! (the text of the document body, paragraph by paragraph).

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
    Html,
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
            Some("html" | "htm") => Self::Html,
            Some("docx") => Self::Docx,
            _ if looks_like_html(bytes) => Self::Html,
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
        DraftKind::Html => {
            let source = Source::from_bytes(name.to_owned(), bytes)?;
            let mut doc = Document::from_paragraphs(name, html_paragraphs(&source.text));
            doc.notices.extend(source.notice);
            Ok(doc)
        }
        kind => {
            let source = Source::from_bytes(name.to_owned(), bytes)?;
            let mut doc = Document::from_text(name, &source.text, kind == DraftKind::Markdown);
            doc.notices.extend(source.notice);
            Ok(doc)
        }
    }
}

/// A page saved without its extension: it starts with a doctype or `<html`.
fn looks_like_html(bytes: &[u8]) -> bool {
    let start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start: Vec<u8> = start
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take(15)
        .map(u8::to_ascii_lowercase)
        .collect();
    start.starts_with(b"<!doctype html") || start.starts_with(b"<html")
}

/// Elements that end a paragraph (or a line, for `br`).
fn is_block(name: &[u8]) -> bool {
    matches!(
        name,
        b"p" | b"div"
            | b"br"
            | b"hr"
            | b"li"
            | b"tr"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"blockquote"
            | b"section"
            | b"article"
            | b"header"
            | b"footer"
            | b"table"
            | b"ul"
            | b"ol"
            | b"pre"
            | b"td"
            | b"body"
    )
}

/// Named entities pages use besides XML's own.
fn entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" | "ensp" | "emsp" | "thinsp" => " ",
        "ldquo" => "“",
        "rdquo" => "”",
        "lsquo" => "‘",
        "rsquo" => "’",
        "mdash" => "—",
        "ndash" => "–",
        "hellip" => "…",
        "middot" => "·",
        "times" => "×",
        _ => return None,
    })
}

/// The paragraphs a reader of `html` sees: the text of its body, broken at
/// block elements; no tags, no `<head>` (title, style sheet), no scripts.
/// Pages are not XML: unclosed `<p>`, `<br>` and `<meta>` are taken as they
/// come, and a page that stops parsing keeps what was read.
pub fn html_paragraphs(html: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(html);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    let mut out = Vec::new();
    let mut current = String::new();
    let mut hidden = 0usize;
    let flush = |current: &mut String, out: &mut Vec<String>| {
        let text = current.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            out.push(text);
        }
        current.clear();
    };
    let name_of = |n: &[u8]| n.to_ascii_lowercase();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let name = name_of(e.local_name().as_ref());
                if matches!(
                    name.as_slice(),
                    b"head" | b"script" | b"style" | b"template"
                ) {
                    hidden += 1;
                } else if is_block(&name) {
                    flush(&mut current, &mut out);
                }
            }
            Ok(Event::End(e)) => {
                let name = name_of(e.local_name().as_ref());
                if matches!(
                    name.as_slice(),
                    b"head" | b"script" | b"style" | b"template"
                ) {
                    hidden = hidden.saturating_sub(1);
                } else if is_block(&name) {
                    flush(&mut current, &mut out);
                }
            }
            Ok(Event::Empty(e)) if is_block(&name_of(e.local_name().as_ref())) => {
                flush(&mut current, &mut out);
            }
            Ok(Event::Text(t)) if hidden == 0 => {
                if let Ok(text) = t.decode() {
                    current.push_str(&text);
                }
            }
            Ok(Event::CData(t)) if hidden == 0 => {
                if let Ok(text) = t.decode() {
                    current.push_str(&text);
                }
            }
            Ok(Event::GeneralRef(r)) if hidden == 0 => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    current.push(c);
                } else if let Ok(name) = r.decode() {
                    match entity(&name) {
                        Some(text) => current.push_str(text),
                        None => {
                            current.push('&');
                            current.push_str(&name);
                            current.push(';');
                        }
                    }
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    flush(&mut current, &mut out);
    out
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

/// The largest document.xml read: far above any speech (the XML of a
/// 3,000-character speech is some 100 KB), far below what hurts.
const MAX_DOCUMENT_XML: u64 = crate::source::MAX_INPUT_BYTES * 5;

/// The paragraphs of a .docx body as text (runs joined, tabs as spaces), in
/// reading order: a paragraph holding a text box first, then the text box's
/// paragraphs. A part too large, cut short or unreadable is an error, never
/// fewer paragraphs.
pub fn docx_paragraphs(name: &str, bytes: &[u8]) -> Result<Vec<String>> {
    paragraphs_within(name, bytes, MAX_DOCUMENT_XML)
}

fn paragraphs_within(name: &str, bytes: &[u8], limit: u64) -> Result<Vec<String>> {
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| bad_docx(name, e))?;
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .map_err(|e| bad_docx(name, e))?
        // A small zip can unpack to gigabytes: one byte past the limit says
        // the part is larger, and is refused rather than cut.
        .take(limit + 1)
        .read_to_string(&mut xml)
        .map_err(|e| bad_docx(name, e))?;
    if xml.len() as u64 > limit {
        return Err(bad_docx(
            name,
            format!(
                "正文部分（document.xml）超过 {} MB，不像是一篇讲话稿",
                limit.div_ceil(1 << 20)
            ),
        ));
    }
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut paragraphs: Vec<String> = Vec::new();
    // The paragraphs open now (a text box's inside its anchor's), each by
    // its place in `paragraphs`.
    let mut open: Vec<usize> = Vec::new();
    let mut in_text = false;
    // Elements open, to tell a whole part from one cut short.
    let mut depth = 0usize;
    let mut body = false;
    // Inside mc:Fallback: the same text box again, for older readers.
    let mut fallback = 0usize;
    loop {
        match reader.read_event().map_err(|e| bad_docx(name, e))? {
            Event::Start(e) => {
                depth += 1;
                let local = e.local_name();
                if fallback > 0 || local.as_ref() == b"Fallback" {
                    fallback += 1;
                    continue;
                }
                match local.as_ref() {
                    b"body" => body = true,
                    b"p" => {
                        open.push(paragraphs.len());
                        paragraphs.push(String::new());
                    }
                    b"t" => in_text = true,
                    _ => {}
                }
            }
            Event::Empty(e) => {
                if fallback > 0 {
                    continue;
                }
                match e.local_name().as_ref() {
                    b"tab" => {
                        if let Some(k) = open.last().copied() {
                            paragraphs[k].push(' ');
                        }
                    }
                    // An empty paragraph is still one (a blank line).
                    b"p" => paragraphs.push(String::new()),
                    _ => {}
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                if fallback > 0 {
                    fallback -= 1;
                    continue;
                }
                match e.local_name().as_ref() {
                    b"p" => {
                        open.pop();
                    }
                    b"t" => in_text = false,
                    _ => {}
                }
            }
            Event::Text(t) if in_text && fallback == 0 => {
                if let Some(k) = open.last().copied() {
                    paragraphs[k].push_str(&t.decode().map_err(|e| bad_docx(name, e))?);
                }
            }
            Event::GeneralRef(r) if in_text && fallback == 0 => {
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
                if let (Some(c), Some(k)) = (c, open.last().copied()) {
                    paragraphs[k].push(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if depth > 0 || !body {
        return Err(bad_docx(
            name,
            "正文部分（document.xml）不完整，文件可能没有下载或复制完整",
        ));
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
    /// A .docx holding only this document.xml.
    fn package(document: &str) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        zip.write_all(document.as_bytes()).unwrap();
        zip.finish().unwrap().into_inner()
    }

    const HEAD: &str =
        r#"<w:document xmlns:w="w" xmlns:mc="mc" xmlns:wps="wps" xmlns:v="v"><w:body>"#;

    #[test]
    fn a_paragraph_holding_a_text_box_keeps_its_text() {
        let xml = format!(
            "{HEAD}<w:p><w:r><w:t>本段开头，</w:t></w:r>\
             <w:r><mc:AlternateContent><mc:Choice><wps:txbx><w:txbxContent>\
             <w:p><w:r><w:t>文本框里的话</w:t></w:r></w:p>\
             </w:txbxContent></wps:txbx></mc:Choice><mc:Fallback><v:textbox><w:txbxContent>\
             <w:p><w:r><w:t>文本框里的话</w:t></w:r></w:p>\
             </w:txbxContent></v:textbox></mc:Fallback></mc:AlternateContent></w:r>\
             <w:r><w:t>本段结尾。</w:t></w:r></w:p><w:p/><w:p><w:r><w:t>下一段</w:t></w:r></w:p></w:body></w:document>"
        );
        assert_eq!(
            docx_paragraphs("t", &package(&xml)).unwrap(),
            ["本段开头，本段结尾。", "文本框里的话", "", "下一段"]
        );
    }
    #[test]
    fn a_cut_short_document_is_an_error() {
        let xml = format!("{HEAD}<w:p><w:r><w:t>只有半段");
        let e = docx_paragraphs("t", &package(&xml))
            .unwrap_err()
            .to_string();
        assert!(e.contains("不完整"), "{e}");
        let e = docx_paragraphs("t", &package("")).unwrap_err().to_string();
        assert!(e.contains("不完整"), "{e}");
    }
    #[test]
    fn a_document_over_the_limit_is_an_error_not_cut() {
        let xml = format!(
            "{HEAD}<w:p><w:r><w:t>{}</w:t></w:r></w:p></w:body></w:document>",
            "字".repeat(1000)
        );
        assert!(paragraphs_within("t", &package(&xml), 100_000).is_ok());
        let e = paragraphs_within("t", &package(&xml), 1000)
            .unwrap_err()
            .to_string();
        assert!(e.contains("超过"), "{e}");
    }
    #[test]
    fn a_page_is_read_as_its_text() {
        let html = "<!DOCTYPE html><html><head><title>标题</title><style>p { color: red }</style>\
                    <meta charset=\"utf-8\"></head><body><h1>在动员会上的讲话</h1>\
                    <p>同志们：<p>今天&nbsp;我们召开&ldquo;动员会&rdquo;&#12290;<br>第二行\
                    <script>var x = \"<p>不是正文</p>\";</script><div>结尾&amp;号召</div></body></html>";
        assert_eq!(
            html_paragraphs(html),
            [
                "在动员会上的讲话",
                "同志们：",
                "今天 我们召开“动员会”。",
                "第二行",
                "结尾&号召"
            ]
        );
    }

    #[test]
    fn a_page_is_known_by_its_start_as_well_as_its_name() {
        assert!(looks_like_html(b"\n  <!DOCTYPE HTML>\n<html>"));
        assert!(looks_like_html(b"<html lang=\"zh\">"));
        assert!(!looks_like_html("同志们：<p>".as_bytes()));
        assert_eq!(DraftKind::detect(Path::new("a.htm"), b"x"), DraftKind::Html);
    }

    #[test]
    fn not_a_zip_is_an_error() {
        assert!(docx_paragraphs("t", b"PK\x03\x04 broken").is_err());
    }
}
