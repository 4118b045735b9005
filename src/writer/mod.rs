//! Writers turn a [`Speech`] into bytes; none of them renders templates again.

pub mod docx;
mod html;
mod markdown;
mod txt;

use std::fmt;
use std::str::FromStr;

use crate::error::Result;
use crate::speech::Speech;

/// The first character XML 1.0 forbids in `s` (control characters but tab,
/// line feed and carriage return; U+FFFE, U+FFFF), as (character index,
/// character). A Word file holding one does not open, and no speech wants
/// one: profiles and templates are refused when they carry it.
pub fn unwritable(s: &str) -> Option<(usize, char)> {
    s.chars().enumerate().find(|&(_, c)| {
        matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
    })
}

/// How messages name a character [`unwritable`] found.
pub fn describe_unwritable(c: char) -> String {
    let name = match c {
        '\u{0}' => "空字符",
        '\u{8}' => "退格符",
        '\u{B}' => "垂直制表符",
        '\u{C}' => "换页符",
        '\u{1B}' => "转义符",
        '\u{FFFE}' | '\u{FFFF}' => "非字符",
        _ => "控制字符",
    };
    format!("U+{:04X}（{name}）", c as u32)
}

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text, paragraphs indented by two full-width spaces.
    Txt,
    /// Markdown: title `#`, headings `##`/`###`.
    Md,
    /// One standalone HTML page laid out like the printed speech.
    Html,
    /// Word, in the official layout (GB/T 9704-2012).
    Docx,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Txt, Format::Md, Format::Html, Format::Docx];

    pub fn extension(self) -> &'static str {
        match self {
            Self::Txt => "txt",
            Self::Md => "md",
            Self::Html => "html",
            Self::Docx => "docx",
        }
    }

    /// Whether the bytes are text (for writing to a terminal).
    pub fn is_text(self) -> bool {
        !matches!(self, Self::Docx)
    }

    /// The format a file name implies, if its extension names one.
    pub fn from_path(path: &std::path::Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Self::Txt),
            "md" | "markdown" => Some(Self::Md),
            "html" | "htm" => Some(Self::Html),
            "docx" => Some(Self::Docx),
            _ => None,
        }
    }

    pub fn write(self, speech: &Speech) -> Result<Vec<u8>> {
        if self == Self::Docx {
            // Profiles and templates are checked for these; a helper's output
            // is not, and a Word file that does not open is never written.
            let texts = std::iter::once(&speech.title)
                .chain(speech.head_lines())
                .chain(speech.author.as_ref())
                .map(String::as_str)
                .map(std::borrow::Cow::Borrowed)
                .chain(
                    speech
                        .blocks
                        .iter()
                        .map(|b| std::borrow::Cow::Owned(b.text())),
                );
            for text in texts {
                if let Some((at, c)) = unwritable(&text) {
                    let shown: String = text.chars().take(at).skip(at.saturating_sub(20)).collect();
                    return Err(crate::Error::Render(Box::new(
                        crate::Diagnostic::new(format!(
                            "讲话稿中有 Word 文件不能容纳的字符 {}，位于“{shown}”之后",
                            describe_unwritable(c)
                        ))
                        .hint("删掉配置文件或模板里的这个字符；多半是从 PDF 或网页粘贴带来的"),
                    )));
                }
            }
        }
        Ok(match self {
            Self::Txt => txt::write(speech).into_bytes(),
            Self::Md => markdown::write(speech).into_bytes(),
            Self::Html => html::write(speech).into_bytes(),
            Self::Docx => docx::write(speech)?,
        })
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|f| f.extension() == s)
            .ok_or_else(|| format!("未知的输出格式 `{s}`，可选：txt、md、html、docx"))
    }
}
