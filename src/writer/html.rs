//! One standalone HTML page that looks like the printed speech (A4, the
//! official margins and fonts with fallbacks) and prints from a browser.
//! The only writer that escapes: templates render without HTML escaping.

use crate::speech::{Block, Speech};

const STYLE: &str = r#"
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
html { background: #e8e8e8; }
body { margin: 0; }
.page {
  box-sizing: border-box; width: 210mm; min-height: 297mm; margin: 10mm auto;
  padding: 37mm 26mm 35mm 28mm; background: #fff; color: #000;
  box-shadow: 0 0 3mm rgba(0, 0, 0, .25);
  font-family: "仿宋_GB2312", "仿宋", "FangSong", "STFangsong", "FandolFang", "Noto Serif CJK SC", "Source Han Serif SC", serif;
  font-size: 16pt; line-height: 28.95pt;
}
h1 {
  margin: 0 0 28.95pt; font-size: 22pt; line-height: 1.45; font-weight: normal; text-align: center;
  font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", "Noto Serif CJK SC", "Source Han Serif SC", serif;
}
p { margin: 0; text-indent: 2em; text-align: justify; }
p.subtitle, p.byline, p.date {
  text-indent: 0; text-align: center;
  font-family: "楷体_GB2312", "楷体", "KaiTi", "STKaiti", "FandolKai", "AR PL UKai CN", serif;
}
p.salutation { text-indent: 0; margin-top: 28.95pt; }
h2, h3, h4 { margin: 0; font-size: 16pt; line-height: 28.95pt; text-indent: 2em; }
h2 { font-weight: normal; font-family: "黑体", "SimHei", "Heiti SC", "FandolHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; }
h3 { font-weight: normal; font-family: "楷体_GB2312", "楷体", "KaiTi", "STKaiti", "FandolKai", "AR PL UKai CN", serif; }
h4 { font-weight: bold; }
@media print {
  html { background: none; }
  .page { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
  h2, h3, h4 { break-after: avoid; }
}
"#;

/// Escapes text for HTML element content and attribute values.
pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub(super) fn write(speech: &Speech) -> String {
    let mut body = format!("<h1>{}</h1>\n", escape(&speech.title));
    for (class, line) in [
        ("subtitle", &speech.subtitle),
        ("byline", &speech.byline),
        ("date", &speech.date_line),
    ] {
        if let Some(line) = line {
            body.push_str(&format!("<p class=\"{class}\">{}</p>\n", escape(line)));
        }
    }
    if let Some(s) = &speech.salutation {
        body.push_str(&format!("<p class=\"salutation\">{}</p>\n", escape(s)));
    }
    for block in &speech.blocks {
        match block {
            Block::Heading(h) => {
                let tag = format!("h{}", (h.level + 1).min(4));
                body.push_str(&format!("<{tag}>{}</{tag}>\n", escape(&h.full())));
            }
            Block::Paragraph { text } => body.push_str(&format!("<p>{}</p>\n", escape(text))),
        }
    }
    let author = speech
        .author
        .as_deref()
        .map(|a| format!("<meta name=\"author\" content=\"{}\">\n", escape(a)));
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"jianghua\">\n{}<title>{}</title>\n<style>{STYLE}</style>\n</head>\n\
         <body>\n<main class=\"page\">\n{body}</main>\n</body>\n</html>\n",
        author.unwrap_or_default(),
        escape(&speech.title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<b>\"甲\" & '乙'</b>"),
            "&lt;b&gt;&quot;甲&quot; &amp; &#39;乙&#39;&lt;/b&gt;"
        );
    }
}
