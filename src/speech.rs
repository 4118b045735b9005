//! The document model every writer reads: a speech's parts, with headings
//! already numbered by the engine.

/// A rendered speech.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Speech {
    pub title: String,
    /// A second title line, usually starting with ——.
    pub subtitle: Option<String>,
    /// The speaker line under the title.
    pub byline: Option<String>,
    /// The date line under the title, e.g. （2026年12月1日）.
    pub date_line: Option<String>,
    /// 同志们： — flush left before the body.
    pub salutation: Option<String>,
    /// The speaker's name, for document properties.
    pub author: Option<String>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    Heading(Heading),
    Paragraph { text: String },
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 1 for the body's points, 2 and 3 below them.
    pub level: u8,
    /// The number the engine gave it: 第一， / 一、 / （一）.
    pub label: String,
    pub text: String,
}

impl Heading {
    /// Label and text as printed: 第一，提高站位。
    pub fn full(&self) -> String {
        format!("{}{}", self.label, self.text)
    }
}

impl Block {
    /// The block as printed: a heading with its number, or the paragraph.
    pub fn text(&self) -> String {
        match self {
            Block::Heading(h) => h.full(),
            Block::Paragraph { text } => text.clone(),
        }
    }
}

impl Speech {
    /// The lines between the title and the body that are present: subtitle,
    /// speaker, date, salutation.
    pub fn head_lines(&self) -> impl Iterator<Item = &String> {
        self.head_parts().map(|(_, line)| line)
    }

    /// [`Speech::head_lines`] with what each is: `subtitle`, `byline`,
    /// `date` or `salutation`.
    pub fn head_parts(&self) -> impl Iterator<Item = (&'static str, &String)> {
        [
            ("subtitle", &self.subtitle),
            ("byline", &self.byline),
            ("date", &self.date_line),
            ("salutation", &self.salutation),
        ]
        .into_iter()
        .filter_map(|(role, line)| Some((role, line.as_ref()?)))
    }

    /// The characters of the speech that are not white space, title included:
    /// the 字数 offices count.
    pub fn char_count(&self) -> usize {
        let count = crate::zh::text::non_space_chars;
        let head: usize = self.head_lines().map(|s| count(s)).sum();
        let body: usize = self.blocks.iter().map(|b| count(&b.text())).sum();
        count(&self.title) + head + body
    }
}
