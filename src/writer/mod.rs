//! Writers turn a [`Speech`] into bytes; none of them renders templates again.

mod markdown;
mod txt;

use std::fmt;
use std::str::FromStr;

use crate::speech::Speech;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text, paragraphs indented by two full-width spaces.
    Txt,
    /// Markdown: title `#`, headings `##`/`###`.
    Md,
}

impl Format {
    pub const ALL: [Format; 2] = [Format::Txt, Format::Md];

    pub fn extension(self) -> &'static str {
        match self {
            Self::Txt => "txt",
            Self::Md => "md",
        }
    }

    /// The format a file name implies, if its extension names one.
    pub fn from_path(path: &std::path::Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Self::Txt),
            "md" | "markdown" => Some(Self::Md),
            _ => None,
        }
    }

    pub fn write(self, speech: &Speech) -> Vec<u8> {
        match self {
            Self::Txt => txt::write(speech).into_bytes(),
            Self::Md => markdown::write(speech).into_bytes(),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "txt" => Ok(Self::Txt),
            "md" => Ok(Self::Md),
            _ => Err(format!("未知的输出格式 `{s}`，可选：txt、md")),
        }
    }
}
