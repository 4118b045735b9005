//! `stats`: how long a draft is and how long it takes to read aloud, in total
//! and per top-level section.

use serde::Serialize;

use crate::check::counts::is_level1_heading;
use crate::check::{Document, spoken_chars};
use crate::zh::text::is_cjk;

/// Figures for a stretch of text.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    /// Chinese characters (汉字).
    pub cjk_chars: usize,
    /// All characters except white space (字数 as Word counts it).
    pub chars: usize,
    pub paragraphs: usize,
    pub sentences: usize,
    /// Characters of the longest sentence.
    pub longest_sentence: usize,
    /// Its first characters, to find it.
    pub longest_sentence_start: String,
    /// Estimated speaking time at the report's rate.
    pub minutes: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    pub name: String,
    #[serde(flatten)]
    pub stats: Stats,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub file: String,
    /// Characters per minute.
    pub rate: u32,
    pub total: Stats,
    pub sections: Vec<Section>,
}

/// Counts a draft. Sections: the opening (up to the first 第一，/一、
/// heading), each point, and the closing (from a paragraph that opens with
/// 同志们 after the last point).
pub fn report(doc: &Document, rate: u32) -> Report {
    let mut sections: Vec<(String, Vec<&str>)> = vec![("开头".to_owned(), Vec::new())];
    let mut seen_heading = false;
    for para in &doc.paras {
        let chars = crate::zh::text::chars_of(&para.text);
        if is_level1_heading(&chars) {
            seen_heading = true;
            let name: String = chars.iter().take(16).collect();
            let name = if chars.len() > 16 {
                format!("{name}…")
            } else {
                name
            };
            sections.push((name, Vec::new()));
        } else if seen_heading
            && (para.text.starts_with("同志们") || para.text.starts_with("同誌們"))
        {
            sections.push(("结尾".to_owned(), Vec::new()));
        }
        if let Some((_, paras)) = sections.last_mut() {
            paras.push(&para.text);
        }
    }
    sections.retain(|(_, paras)| !paras.is_empty());
    let all: Vec<&str> = doc.paras.iter().map(|p| p.text.as_str()).collect();
    Report {
        file: doc.name.clone(),
        rate,
        total: stats(&all, rate),
        sections: sections
            .into_iter()
            .map(|(name, paras)| Section {
                name,
                stats: stats(&paras, rate),
            })
            .collect(),
    }
}

fn stats(paras: &[&str], rate: u32) -> Stats {
    let mut s = Stats {
        paragraphs: paras.len(),
        ..Stats::default()
    };
    let mut spoken = 0;
    for text in paras {
        s.cjk_chars += text.chars().filter(|c| is_cjk(*c)).count();
        s.chars += crate::zh::text::non_space_chars(text);
        spoken += spoken_chars(text);
        for sentence in sentences(text) {
            s.sentences += 1;
            let n = crate::zh::text::non_space_chars(&sentence);
            if n > s.longest_sentence {
                s.longest_sentence = n;
                s.longest_sentence_start = sentence.chars().take(12).collect();
            }
        }
    }
    s.minutes = spoken as f64 / f64::from(rate.max(1));
    s
}

/// Sentences end at 。！？ (or ! ? and a full stop not inside a number).
fn sentences(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        // A closing quote after 。 belongs to the sentence it closes.
        if matches!(c, '”' | '’' | '）' | ')') && current.is_empty() {
            if let Some(last) = out.last_mut() {
                last.push(c);
                continue;
            }
        }
        current.push(c);
        let decimal = c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if matches!(c, '。' | '！' | '？' | '!' | '?' | '.')
            && !decimal
            && !current.trim().is_empty()
        {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.trim().is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_sections() {
        let text = "在会上的讲话\n同志们：\n今天开会。很重要！\n第一，要提高认识。\n认识到位了吗？到位了。\n第二，要抓好落实。\n同志们，加油干！\n";
        let doc = Document::from_text("d", text, false);
        let r = report(&doc, 200);
        let names: Vec<&str> = r.sections.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            ["开头", "第一，要提高认识。", "第二，要抓好落实。", "结尾"]
        );
        assert_eq!(r.total.paragraphs, 7);
        assert_eq!(r.sections[0].stats.sentences, 4);
        assert_eq!(
            r.total.cjk_chars,
            text.chars().filter(|c| is_cjk(*c)).count()
        );
    }
    #[test]
    fn minutes_at_rate() {
        let doc = Document::from_text("d", &"字".repeat(400), false);
        assert!((report(&doc, 200).total.minutes - 2.0).abs() < 1e-9);
    }
    #[test]
    fn closing_quote_stays_with_its_sentence() {
        assert_eq!(
            sentences("他说：“要抓落实。”大家鼓掌。"),
            ["他说：“要抓落实。”", "大家鼓掌。"]
        );
    }
    #[test]
    fn decimal_points_do_not_end_sentences() {
        assert_eq!(sentences("增长2.5个百分点。很好。").len(), 2);
    }
    #[test]
    fn longest_sentence() {
        let doc = Document::from_text("d", "短句。这是一个比较长的句子。", false);
        let s = report(&doc, 200).total;
        assert_eq!(s.longest_sentence, 11);
        assert_eq!(s.longest_sentence_start, "这是一个比较长的句子。");
    }
}
