//! Word output in the official layout (GB/T 9704-2012 党政机关公文格式).
//!
//! A4; margins 37/26/35/28 mm; 22 lines of 28 characters; 2号方正小标宋
//! title; 3号仿宋_GB2312 body with a two-character first-line indent; headings
//! 黑体 / 楷体_GB2312 / 仿宋 bold; page numbers `— 1 —` in 4号宋体, odd pages
//! right and even pages left. The values and the reasons for them are in the
//! research note `gongwen-docx.md`; docx-rs builds the package and a small
//! patch layer fixes what it cannot express (see `patch`).

use std::io::Cursor;

use docx_rs::{
    AlignmentType, DocGrid, DocGridType, Docx, FieldCharType, Footer, InstrPAGE, InstrText,
    PageMargin, Paragraph, Run, SpecialIndentType, XMLDocx,
};

use crate::error::{Diagnostic, Error, Result};
use crate::speech::{Block, Speech};

/// Page geometry in twips (1/20 pt): A4 and the GB/T 9704 margins.
pub const PAGE_WIDTH: u32 = 11906;
pub const PAGE_HEIGHT: u32 = 16838;
pub const MARGIN_TOP: i32 = 2098;
pub const MARGIN_BOTTOM: i32 = 1984;
pub const MARGIN_LEFT: i32 = 1587;
pub const MARGIN_RIGHT: i32 = 1474;
/// 22 lines in the 12756-twip text height: 579, not 580 (22 × 580 > 12756).
pub const LINE_PITCH: i32 = 579;
/// What puts exactly 28 characters on a line: each 3号 character 0.25 pt (5
/// twips) narrower, 28 × 315 = 8820 ≤ 8845 < 29 × 315. A character grid
/// (`linesAndChars`, charSpace −849) does it in Word, but LibreOffice gives
/// every 16 pt character two 15.8 pt grid cells (14 per line) or, with the
/// grid ignored, fits only 27; spacing on a line grid gives 28 in Word, WPS and
/// LibreOffice alike (checked by `scripts/verify-docx`).
pub const CHAR_SPACING: i32 = -5;

const BODY_FONT: &str = "仿宋_GB2312";
const LATIN_FONT: &str = "Times New Roman";

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A paragraph style, its children in schema order (name, basedOn, next,
/// qFormat, pPr, rPr).
fn style(id: &str, name: &str, default: bool, ppr: &str, rpr: &str) -> String {
    let default = if default { r#" w:default="1""# } else { "" };
    let inherit = if id == "Normal" {
        String::new()
    } else {
        r#"<w:basedOn w:val="Normal"/><w:next w:val="Normal"/>"#.to_owned()
    };
    format!(
        r#"<w:style w:type="paragraph"{default} w:styleId="{id}"><w:name w:val="{name}"/>{inherit}<w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"#
    )
}

fn rfonts(east_asia: &str, latin: &str) -> String {
    format!(
        r#"<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}" w:hint="eastAsia"/>"#
    )
}

const NO_INDENT: &str = r#"<w:ind w:firstLineChars="0" w:firstLine="0"/>"#;

/// styles.xml, written whole: docx-rs emits an empty `Normal` it will not let
/// us replace, and style children out of schema order. LibreOffice sizes the
/// character grid from Normal's own font size, so Normal must carry 3号.
fn styles_xml() -> String {
    let body = rfonts(BODY_FONT, LATIN_FONT);
    let size = |half_points: u32| {
        format!(r#"<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>"#)
    };
    let styles = [
        style(
            "Normal",
            "Normal",
            true,
            concat!(
                r#"<w:widowControl w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>"#,
                r#"<w:spacing w:before="0" w:after="0" w:line="579" w:lineRule="exact"/>"#,
                r#"<w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/>"#
            ),
            &format!(
                r#"{body}<w:spacing w:val="{CHAR_SPACING}"/>{}<w:lang w:val="en-US" w:eastAsia="zh-CN"/>"#,
                size(32)
            ),
        ),
        style(
            "GwTitle",
            "Title",
            false,
            &format!(r#"<w:snapToGrid w:val="0"/>{NO_INDENT}<w:jc w:val="center"/>"#),
            &format!("{}{}", rfonts("方正小标宋简体", "方正小标宋简体"), size(44)),
        ),
        style(
            "GwSubtitle",
            "Subtitle",
            false,
            &format!(r#"{NO_INDENT}<w:jc w:val="center"/>"#),
            &rfonts("楷体_GB2312", LATIN_FONT),
        ),
        style(
            "Heading1",
            "heading 1",
            false,
            r#"<w:keepNext/><w:outlineLvl w:val="0"/>"#,
            &rfonts("黑体", LATIN_FONT),
        ),
        style(
            "Heading2",
            "heading 2",
            false,
            r#"<w:keepNext/><w:outlineLvl w:val="1"/>"#,
            &rfonts("楷体_GB2312", LATIN_FONT),
        ),
        style(
            "Heading3",
            "heading 3",
            false,
            r#"<w:keepNext/><w:outlineLvl w:val="2"/>"#,
            &format!("{body}<w:b/><w:bCs/>"),
        ),
        style("GwSalutation", "Salutation", false, NO_INDENT, ""),
        style(
            "GwFooter",
            "footer",
            false,
            &format!(
                r#"<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>{NO_INDENT}"#
            ),
            &format!("{}{}", rfonts("宋体", "宋体"), size(28)),
        ),
    ];
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{ns}">"#,
            r#"<w:docDefaults><w:rPrDefault><w:rPr>{body}{size}<w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>"#,
            r#"<w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0" w:line="579" w:lineRule="exact"/></w:pPr></w:pPrDefault></w:docDefaults>"#,
            "{styles}</w:styles>"
        ),
        ns = W_NS,
        body = body,
        size = size(32),
        styles = styles.concat()
    )
}

/// settings.xml in schema order; docx-rs puts `characterSpacingControl` inside
/// `compat` and `zoom` after `defaultTabStop`.
fn settings_xml() -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings xmlns:w="{}">"#,
            r#"<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>"#,
            r#"<w:characterSpacingControl w:val="doNotCompress"/>"#,
            r#"<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/>"#,
            r#"<w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:useFELayout/>"#,
            r#"<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>"#,
            "</w:compat></w:settings>"
        ),
        W_NS
    )
}

/// fontTable.xml naming the official fonts with the names Word falls back to
/// on machines without the GB2312 faces.
fn font_table_xml() -> String {
    let font = |name: &str, alt: &str, family: &str| {
        let alt = if alt.is_empty() {
            String::new()
        } else {
            format!(r#"<w:altName w:val="{alt}"/>"#)
        };
        let charset = if name == LATIN_FONT { "00" } else { "86" };
        format!(
            r#"<w:font w:name="{name}">{alt}<w:charset w:val="{charset}"/><w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>"#
        )
    };
    let fonts = [
        font(LATIN_FONT, "", "roman"),
        font(BODY_FONT, "仿宋", "modern"),
        font("楷体_GB2312", "楷体", "modern"),
        font("黑体", "SimHei", "modern"),
        font("宋体", "SimSun", "auto"),
        font("方正小标宋简体", "宋体", "auto"),
    ];
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="{W_NS}">{}</w:fonts>"#,
        fonts.concat()
    )
}

/// `— 1 —`, one 4号 character in from the right (odd pages) or left (even).
fn footer(odd: bool) -> Footer {
    let page = Run::new()
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
        .add_field_char(FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(FieldCharType::End, false);
    let p = Paragraph::new()
        .style("GwFooter")
        .add_run(Run::new().add_text("— "))
        .add_run(page)
        .add_run(Run::new().add_text(" —"));
    let p = if odd {
        p.align(AlignmentType::Right).indent(
            Some(0),
            Some(SpecialIndentType::FirstLine(0)),
            Some(280),
            None,
        )
    } else {
        p.align(AlignmentType::Left).indent(
            Some(280),
            Some(SpecialIndentType::FirstLine(0)),
            None,
            None,
        )
    };
    Footer::new().add_paragraph(p)
}

fn styled(style: &str, text: &str) -> Paragraph {
    Paragraph::new()
        .style(style)
        .add_run(Run::new().add_text(text))
}

/// The speech as a .docx file.
pub fn write(speech: &Speech) -> Result<Vec<u8>> {
    let mut docx = Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP)
                .bottom(MARGIN_BOTTOM)
                .left(MARGIN_LEFT)
                .right(MARGIN_RIGHT)
                .header(851)
                .footer(1440)
                .gutter(0),
        )
        .footer(footer(true))
        .even_footer(footer(false));
    docx.document = docx.document.doc_grid(
        DocGrid::with_empty()
            .grid_type(DocGridType::Lines)
            .line_pitch(LINE_PITCH as usize),
    );

    docx = docx.add_paragraph(styled("GwTitle", &speech.title));
    for line in [&speech.subtitle, &speech.byline, &speech.date_line]
        .into_iter()
        .flatten()
    {
        docx = docx.add_paragraph(styled("GwSubtitle", line));
    }
    docx = docx.add_paragraph(Paragraph::new().style("GwSalutation"));
    if let Some(s) = &speech.salutation {
        docx = docx.add_paragraph(styled("GwSalutation", s));
    }
    for block in &speech.blocks {
        docx = docx.add_paragraph(match block {
            Block::Heading(h) => {
                let style = match h.level {
                    1 => "Heading1",
                    2 => "Heading2",
                    _ => "Heading3",
                };
                styled(style, &h.full())
            }
            Block::Paragraph { text } => Paragraph::new().add_run(Run::new().add_text(text)),
        });
    }
    let xml = patch(docx.build(), speech)?;
    let mut buf = Cursor::new(Vec::new());
    xml.pack(&mut buf).map_err(|e| docx_error(&e.to_string()))?;
    Ok(buf.into_inner())
}

fn docx_error(why: &str) -> Error {
    Error::Render(Box::new(Diagnostic::new(format!(
        "生成 Word 文件失败：{why}"
    ))))
}

fn utf8(bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|_| docx_error("内部 XML 不是 UTF-8"))
}

/// What docx-rs cannot express, patched into its XML: styles, settings and
/// the font table written whole; paragraph properties and section properties
/// put in schema order (Word offers to "repair" files that are not); document
/// properties with title and author.
fn patch(mut x: XMLDocx, speech: &Speech) -> Result<XMLDocx> {
    x.styles = styles_xml().into_bytes();
    x.settings = settings_xml().into_bytes();
    x.font_table = font_table_xml().into_bytes();
    let d = order_ppr(&utf8(x.document)?);
    let (Some(a), Some(b)) = (d.rfind("<w:sectPr>"), d.rfind("</w:sectPr>")) else {
        return Err(docx_error("document.xml 中没有 sectPr"));
    };
    let a = a + "<w:sectPr>".len();
    let (mut refs, mut rest) = (String::new(), String::new());
    for e in d[a..b].split_inclusive("/>") {
        if e.starts_with("<w:footerReference") || e.starts_with("<w:headerReference") {
            refs += e;
        } else {
            rest += e;
        }
    }
    x.document = format!("{}{refs}{rest}{}", &d[..a], &d[b..]).into_bytes();
    for f in &mut x.footers {
        let zeroed = utf8(std::mem::take(f))?.replace(
            r#"w:firstLine="0""#,
            r#"w:firstLineChars="0" w:firstLine="0""#,
        );
        *f = order_ppr(&zeroed).into_bytes();
    }
    x.doc_props.core = core_props(speech).into_bytes();
    Ok(x)
}

/// The children of `w:pPr` in the order CT_PPr requires.
const PPR_ORDER: [&str; 36] = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
];

/// Rewrites every `<w:pPr>…</w:pPr>` with its children sorted by schema order,
/// dropping the empty `<w:rPr />` docx-rs puts first.
fn order_ppr(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(start) = rest.find("<w:pPr>") {
        let inner_start = start + "<w:pPr>".len();
        let Some(len) = rest[inner_start..].find("</w:pPr>") else {
            break;
        };
        out.push_str(&rest[..inner_start]);
        let mut children = split_children(&rest[inner_start..inner_start + len]);
        children.retain(|(name, text)| {
            !(name == "rPr" && (text.ends_with("/>") || text == "<w:rPr></w:rPr>"))
        });
        children.sort_by_key(|(name, _)| {
            PPR_ORDER
                .iter()
                .position(|n| n == name)
                .unwrap_or(PPR_ORDER.len())
        });
        for (_, text) in children {
            out.push_str(&text);
        }
        out.push_str("</w:pPr>");
        rest = &rest[inner_start + len + "</w:pPr>".len()..];
    }
    out.push_str(rest);
    out
}

/// Top-level child elements of an XML fragment: (local name, text).
fn split_children(fragment: &str) -> Vec<(String, String)> {
    let mut children = Vec::new();
    let mut i = 0;
    while let Some(open) = fragment[i..].find('<').map(|o| i + o) {
        let name_end = fragment[open + 1..]
            .find([' ', '/', '>'])
            .map_or(fragment.len(), |e| open + 1 + e);
        let qname = &fragment[open + 1..name_end];
        let Some(tag_end) = fragment[open..].find('>').map(|e| open + e) else {
            break;
        };
        let end = if fragment[..tag_end].ends_with('/') {
            tag_end + 1
        } else {
            let close = format!("</{qname}>");
            fragment[tag_end..]
                .find(&close)
                .map_or(fragment.len(), |c| tag_end + c + close.len())
        };
        let local = qname.rsplit(':').next().unwrap_or(qname).to_owned();
        children.push((local, fragment[open..end].to_owned()));
        i = end;
    }
    children
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// core.xml with the title and author; no dates, so the same speech gives the
/// same bytes on every run.
fn core_props(speech: &Speech) -> String {
    let author = speech.author.as_deref().unwrap_or("");
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
            r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{}</dc:title><dc:creator>{}</dc:creator><cp:lastModifiedBy>{}</cp:lastModifiedBy>",
            "<dc:language>zh-CN</dc:language><cp:revision>1</cp:revision></cp:coreProperties>"
        ),
        escape(&speech.title),
        escape(author),
        escape(author)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ppr_children_in_schema_order() {
        let xml = r#"<w:p><w:pPr><w:rPr /><w:pStyle w:val="A" /><w:jc w:val="right" /><w:ind w:left="0" /></w:pPr></w:p>"#;
        assert_eq!(
            order_ppr(xml),
            r#"<w:p><w:pPr><w:pStyle w:val="A" /><w:ind w:left="0" /><w:jc w:val="right" /></w:pPr></w:p>"#
        );
    }
    #[test]
    fn nested_children_stay_whole() {
        let xml = r#"<w:pPr><w:rPr><w:b/></w:rPr><w:pStyle w:val="A"/></w:pPr>"#;
        assert_eq!(
            order_ppr(xml),
            r#"<w:pPr><w:pStyle w:val="A"/><w:rPr><w:b/></w:rPr></w:pPr>"#
        );
    }
}
