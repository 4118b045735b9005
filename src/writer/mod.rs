//! Writers turn a [`Speech`] into bytes; none of them renders templates again.

pub mod docx;
mod html;
mod markdown;
mod txt;

use std::fmt;
use std::str::FromStr;

use crate::error::Result;
use crate::speech::Speech;

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
