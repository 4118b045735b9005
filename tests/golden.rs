//! Golden snapshots: the built-in packs rendered from every bundled example,
//! in every text format. Review changes with `cargo insta review`.

use std::path::{Path, PathBuf};

use jianghua::{Catalog, Engine, Format, ProfileDoc};

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

#[test]
fn examples_render_in_every_format() {
    let files = examples();
    assert!(
        files.len() >= 3,
        "examples/ should hold at least three profiles"
    );
    let catalog = Catalog::new(Vec::new()).unwrap();
    for path in files {
        let doc = ProfileDoc::load(&path).unwrap();
        let pack = catalog
            .load(&doc.template().expect("examples name their pack"))
            .unwrap();
        let validated = doc
            .validate(&pack)
            .unwrap_or_else(|e| panic!("{}: {:?}", path.display(), e.diagnostics()));
        let speech = Engine::new(&pack).unwrap().render(&validated).unwrap();
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        for format in Format::ALL.into_iter().filter(|f| f.is_text()) {
            let text = String::from_utf8(format.write(&speech).unwrap()).unwrap();
            insta::assert_snapshot!(format!("{stem}.{}", format.extension()), text);
        }
    }
}

#[test]
fn examples_have_the_length_of_a_real_speech() {
    let catalog = Catalog::new(Vec::new()).unwrap();
    for path in examples() {
        let doc = ProfileDoc::load(&path).unwrap();
        let pack = catalog.load(&doc.template().unwrap()).unwrap();
        let speech = Engine::new(&pack)
            .unwrap()
            .render(&doc.validate(&pack).unwrap())
            .unwrap();
        let n = speech.char_count();
        assert!(
            (2500..=3500).contains(&n),
            "{}: {n} characters",
            path.display()
        );
    }
}
