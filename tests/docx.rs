//! The Word writer's output, unzipped: every layout value the official format
//! requires, asserted in the XML (no LibreOffice needed; `scripts/verify-docx`
//! checks the rendering).

use std::io::Read;
use std::path::Path;

use jianghua::{Catalog, Engine, Format, ProfileDoc};

fn docx_for(example: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(example);
    let doc = ProfileDoc::load(&path).unwrap();
    let pack = Catalog::new(Vec::new())
        .unwrap()
        .load(&doc.template().unwrap())
        .unwrap();
    let speech = Engine::new(&pack)
        .unwrap()
        .render(&doc.validate(&pack).unwrap())
        .unwrap();
    Format::Docx.write(&speech).unwrap()
}

struct Package(zip::ZipArchive<std::io::Cursor<Vec<u8>>>);

impl Package {
    fn new(bytes: Vec<u8>) -> Self {
        Self(zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap())
    }
    fn part(&mut self, name: &str) -> String {
        let mut s = String::new();
        self.0
            .by_name(name)
            .unwrap_or_else(|_| panic!("{name} missing"))
            .read_to_string(&mut s)
            .unwrap();
        s
    }
    fn names(&self) -> Vec<String> {
        self.0.file_names().map(str::to_owned).collect()
    }
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> &'a str {
    let a = s.find(start).unwrap_or_else(|| panic!("{start} not found")) + start.len();
    let b = a + s[a..].find(end).unwrap();
    &s[a..b]
}

#[test]
fn every_part_is_well_formed_xml() {
    let mut pkg = Package::new(docx_for("linhe-nongye.toml"));
    for name in pkg.names() {
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let text = pkg.part(&name);
        let mut reader = quick_xml::Reader::from_str(&text);
        let mut depth = 0i32;
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Start(_)) => depth += 1,
                Ok(quick_xml::events::Event::End(_)) => depth -= 1,
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{name}: {e}"),
            }
        }
        assert_eq!(depth, 0, "{name} is unbalanced");
    }
}

#[test]
fn page_size_margins_and_grid() {
    let mut pkg = Package::new(docx_for("qingshan-jiedao.toml"));
    let doc = pkg.part("word/document.xml");
    let sect = between(&doc, "<w:sectPr>", "</w:sectPr>");
    assert!(
        sect.contains(r#"<w:pgSz w:w="11906" w:h="16838" />"#),
        "{sect}"
    );
    assert!(sect.contains(r#"w:top="2098""#) && sect.contains(r#"w:bottom="1984""#));
    assert!(sect.contains(r#"w:left="1587""#) && sect.contains(r#"w:right="1474""#));
    assert!(
        sect.contains(r#"<w:docGrid w:type="lines" w:linePitch="579" />"#),
        "{sect}"
    );
    // Footer references come first in sectPr, as the schema requires.
    assert!(sect.starts_with("<w:footerReference"), "{sect}");
}

#[test]
fn body_style_gives_22_lines_of_28_characters() {
    let mut pkg = Package::new(docx_for("qingshan-jiedao.toml"));
    let styles = pkg.part("word/styles.xml");
    assert_eq!(
        styles.matches(r#"w:styleId="Normal""#).count(),
        1,
        "exactly one Normal style"
    );
    let normal = between(&styles, r#"w:styleId="Normal">"#, "</w:style>");
    assert!(
        normal.contains(r#"<w:spacing w:before="0" w:after="0" w:line="579" w:lineRule="exact"/>"#)
    );
    assert!(
        !styles.contains(r#"w:line="580""#),
        "580 twips gives 21 lines, not 22"
    );
    assert!(normal.contains(r#"<w:ind w:firstLineChars="200" w:firstLine="640"/>"#));
    assert!(normal.contains(r#"<w:sz w:val="32"/>"#), "3号 body");
    assert!(
        normal.contains(r#"w:eastAsia="仿宋_GB2312""#)
            && normal.contains(r#"w:ascii="Times New Roman""#)
    );
    assert!(
        normal.contains(r#"<w:spacing w:val="-5"/>"#),
        "28 characters a line"
    );
    assert!(normal.contains(r#"<w:jc w:val="both"/>"#));
}

#[test]
fn title_headings_and_byline_styles() {
    let mut pkg = Package::new(docx_for("linhe-nongye.toml"));
    let styles = pkg.part("word/styles.xml");
    let style =
        |id: &str| between(&styles, &format!(r#"w:styleId="{id}">"#), "</w:style>").to_owned();
    let title = style("GwTitle");
    assert!(
        title.contains(r#"<w:sz w:val="44"/>"#)
            && title.contains("方正小标宋简体")
            && title.contains(r#"<w:jc w:val="center"/>"#)
    );
    assert!(title.contains(r#"w:firstLineChars="0" w:firstLine="0""#));
    let sub = style("GwSubtitle");
    assert!(sub.contains("楷体_GB2312") && sub.contains(r#"<w:jc w:val="center"/>"#));
    for (id, font, level) in [
        ("Heading1", "黑体", 0),
        ("Heading2", "楷体_GB2312", 1),
        ("Heading3", "仿宋_GB2312", 2),
    ] {
        let s = style(id);
        assert!(s.contains(font), "{id}");
        assert!(
            s.contains(&format!(r#"<w:outlineLvl w:val="{level}"/>"#)),
            "{id} shows in the navigation pane"
        );
    }
    assert!(style("Heading3").contains("<w:b/>"));
    assert!(style("GwSalutation").contains(r#"w:firstLineChars="0" w:firstLine="0""#));
    let doc = pkg.part("word/document.xml");
    assert!(doc.contains(r#"<w:pStyle w:val="GwTitle" /></w:pPr><w:r><w:rPr /><w:t xml:space="preserve">在临河县农业农村局"#));
    assert!(doc.contains(r#"<w:t xml:space="preserve">（2027年3月15日）</w:t>"#));
    assert!(
        doc.contains(r#"<w:pStyle w:val="Heading1" />"#)
            && doc.contains(r#"<w:pStyle w:val="Heading2" />"#)
    );
    assert!(doc.contains(r#"<w:pStyle w:val="GwSalutation" /></w:pPr><w:r><w:rPr /><w:t xml:space="preserve">同志们：</w:t>"#));
    assert!(
        !doc.contains("<w:pPr><w:rPr />"),
        "paragraph properties in schema order"
    );
}

#[test]
fn page_numbers_odd_right_even_left() {
    let mut pkg = Package::new(docx_for("qingshan-jiedao.toml"));
    let rels = pkg.part("word/_rels/document.xml.rels");
    let doc = pkg.part("word/document.xml");
    let default_id =
        between(&doc, r#"<w:footerReference w:type="default" r:id=""#, "\"").to_owned();
    let even_id = between(&doc, r#"<w:footerReference w:type="even" r:id=""#, "\"").to_owned();
    let target = |id: &str| between(&rels, &format!(r#"Id="{id}""#), "/>").to_owned();
    let file = |t: String| format!("word/{}", between(&t, "Target=\"", "\""));
    let odd = pkg.part(&file(target(&default_id)));
    let even = pkg.part(&file(target(&even_id)));
    for footer in [&odd, &even] {
        assert!(footer.contains("<w:instrText>PAGE</w:instrText>"));
        assert!(footer.contains("— </w:t>") && footer.contains("> —</w:t>"));
        assert!(footer.contains(r#"<w:pStyle w:val="GwFooter" />"#));
    }
    assert!(odd.contains(r#"<w:jc w:val="right" />"#) && odd.contains(r#"w:right="280""#));
    assert!(even.contains(r#"<w:jc w:val="left" />"#) && even.contains(r#"w:left="280""#));
    let styles = pkg.part("word/styles.xml");
    let footer_style = between(&styles, r#"w:styleId="GwFooter">"#, "</w:style>");
    assert!(
        footer_style.contains(r#"<w:sz w:val="28"/>"#) && footer_style.contains("宋体"),
        "4号宋体"
    );
    let settings = pkg.part("word/settings.xml");
    assert!(settings.contains("<w:evenAndOddHeaders/><w:characterSpacingControl"));
    assert!(settings.find("<w:zoom").unwrap() < settings.find("<w:defaultTabStop").unwrap());
    assert!(!between(&settings, "<w:compat>", "</w:compat>").contains("characterSpacingControl"));
}

#[test]
fn document_properties_name_title_and_author() {
    let mut pkg = Package::new(docx_for("mingde-zhongxue.toml"));
    let core = pkg.part("docProps/core.xml");
    assert!(
        core.contains("<dc:title>在明德中学校园安全隐患排查整治专项行动动员会上的讲话</dc:title>")
    );
    assert!(core.contains("<dc:creator>陈静</dc:creator>"));
}

#[test]
fn same_speech_same_bytes() {
    assert_eq!(docx_for("linhe-nongye.toml"), docx_for("linhe-nongye.toml"));
}
