//! Golden snapshots: the built-in packs rendered from every bundled example,
//! in every format (Word files as the text of their body). Review changes
//! with `cargo insta review`.

use std::path::{Path, PathBuf};

use jianghua::{Catalog, Engine, Format, ProfileDoc, Speech};

fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn render(path: &Path, seed: u64) -> (String, Speech) {
    let doc = ProfileDoc::load(path).unwrap();
    let pack_name = doc.template().expect("examples name their pack");
    let pack = Catalog::new(Vec::new()).unwrap().load(&pack_name).unwrap();
    let validated = doc
        .validate(&pack)
        .unwrap_or_else(|e| panic!("{}: {:?}", path.display(), e.diagnostics()));
    (
        pack_name,
        Engine::new(&pack)
            .unwrap()
            .render_seeded(&validated, seed)
            .unwrap(),
    )
}

#[test]
fn examples_render_in_every_format() {
    let files = examples();
    assert!(
        files.len() >= 13,
        "examples/ should hold two profiles per pack"
    );
    for path in files {
        let (_, speech) = render(&path, 0);
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        for format in Format::ALL.into_iter().filter(|f| f.is_text()) {
            let text = String::from_utf8(format.write(&speech).unwrap()).unwrap();
            insta::assert_snapshot!(format!("{stem}.{}", format.extension()), text);
        }
        // Word files are zipped XML; their snapshot is the text of the body.
        let docx = Format::Docx.write(&speech).unwrap();
        let paragraphs = jianghua::draft::docx_paragraphs("docx", &docx).unwrap();
        insta::assert_snapshot!(format!("{stem}.docx"), paragraphs.join("\n"));
    }
}

#[test]
fn every_pack_has_two_examples() {
    let mut counts = std::collections::BTreeMap::new();
    for path in examples() {
        let doc = ProfileDoc::load(&path).unwrap();
        *counts.entry(doc.template().unwrap()).or_insert(0) += 1;
    }
    for entry in Catalog::new(Vec::new()).unwrap().list().unwrap() {
        assert!(
            counts.get(&entry.name).copied().unwrap_or(0) >= 2,
            "pack {} needs two examples",
            entry.name
        );
    }
}

#[test]
fn two_seeds_give_different_text() {
    for path in examples() {
        let (_, a) = render(&path, 0);
        let (_, b) = render(&path, 1);
        assert_ne!(
            a,
            b,
            "{}: seeds 0 and 1 give the same speech",
            path.display()
        );
    }
}

/// The compiled render path must take every built-in pack, and give exactly
/// what handlebars gives, for every example under many seeds: the golden
/// snapshots above only hold seed 0.
#[test]
fn compiled_path_matches_handlebars_on_every_pack() {
    for path in examples() {
        let doc = ProfileDoc::load(&path).unwrap();
        let pack = Catalog::new(Vec::new())
            .unwrap()
            .load(&doc.template().unwrap())
            .unwrap();
        let validated = doc.validate(&pack).unwrap();
        let engine = Engine::new(&pack).unwrap();
        for seed in 0..40 {
            let rendered = engine.render_seeded(&validated, seed).unwrap();
            let reference = engine.render_reference(&validated, seed).unwrap();
            assert_eq!(rendered, reference, "{} seed {seed}", path.display());
        }
        // Every one of them by the compiled path.
        assert_eq!(engine.fallbacks(), 0, "{}", path.display());
    }
}

/// A pack with one file outside the compiled subset renders wholly through
/// handlebars: the same speech, whichever part the compiled path gave up on.
#[test]
fn a_template_outside_the_subset_falls_back_for_the_whole_speech() {
    let dir = tempfile::tempdir().unwrap();
    let pack_dir = dir.path().join("dongyuan");
    std::fs::create_dir_all(&pack_dir).unwrap();
    std::fs::write(
        pack_dir.join("closing.hbs"),
        "同志们，{{#with unit}}{{name}}{{/with}}{{pick \"加油\" \"努力\" \"奋斗\"}}！\n",
    )
    .unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/qingshan-jiedao.toml");
    let doc = ProfileDoc::load(&path).unwrap();
    let pack = Catalog::new(vec![dir.path().to_owned()])
        .unwrap()
        .load("dongyuan")
        .unwrap();
    let validated = doc.validate(&pack).unwrap();
    let engine = Engine::new(&pack).unwrap();
    for seed in 0..10 {
        assert_eq!(
            engine.render_seeded(&validated, seed).unwrap(),
            engine.render_reference(&validated, seed).unwrap()
        );
    }
    assert_eq!(engine.fallbacks(), 10);
}

/// README's pack table quotes each pack's own output: every built-in pack
/// has a row, and the excerpt in it appears word for word in the seed-0
/// draft of one of the examples the row names.
#[test]
fn readme_pack_table_quotes_the_examples() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let rows: Vec<Vec<&str>> = readme
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| l.trim_matches('|').split(" | ").map(str::trim).collect())
        .filter(|cells: &Vec<&str>| cells.len() == 5 && cells[1].contains("字）"))
        .collect();
    let packs = Catalog::new(Vec::new()).unwrap().list().unwrap();
    for entry in &packs {
        let name = format!("`{}`", entry.name);
        assert!(
            rows.iter().any(|r| r[0] == name),
            "README has no row for pack {}",
            entry.name
        );
    }
    for row in rows {
        let excerpt = row[4];
        let drafts: Vec<String> = row[3]
            .split('`')
            .skip(1)
            .step_by(2)
            .map(|stem| {
                let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("examples")
                    .join(format!("{stem}.toml"));
                let (_, speech) = render(&path, 0);
                let text = String::from_utf8(Format::Txt.write(&speech).unwrap()).unwrap();
                text.replace('\n', "")
            })
            .collect();
        assert!(
            drafts.iter().any(|d| d.contains(excerpt)),
            "README row {}: excerpt not in its examples' output: {excerpt}",
            row[0]
        );
    }
}

/// The web workbench's form for a pack, as `GET /api/packs/dongyuan` gives
/// it (without the JSON Schema, which `templates schema` shows): the page
/// builds its inputs from this alone, so a change to it is a change to the page.
#[test]
fn workbench_form_of_a_pack() {
    let pack = jianghua::Catalog::default().load("dongyuan").unwrap();
    let mut form = jianghua::workbench::form::description(&pack);
    form.as_object_mut().unwrap().remove("schema");
    insta::assert_snapshot!(
        "workbench-form-dongyuan",
        serde_json::to_string_pretty(&form).unwrap()
    );
}
