//! The library as README shows it: the block under “作为 Rust 库使用” is
//! this test's body, line for line (`tests/cli/docs.rs` holds them to it).

use std::path::Path;

#[test]
fn readme_library_example_runs() -> Result<(), jianghua::Error> {
    std::env::set_current_dir(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
    // README begins
    use jianghua::pipeline::{self, PackChoice};
    use jianghua::{Catalog, Format, ProfileDoc};

    let catalog = Catalog::new(Vec::new())?; // 内置模板包；也可传入自己的模板文件夹
    let doc = ProfileDoc::load("examples/qingshan-jiedao.toml".as_ref())?;
    let (prepared, speech) = pipeline::render(doc, &catalog, &PackChoice::default(), 0)?;
    let findings = prepared.check("青山街道", &speech, jianghua::check::DEFAULT_RATE);
    let docx = Format::Docx.write(&speech)?;
    // README ends
    assert!(speech.title.contains("青山街道"));
    assert!(findings.is_empty(), "{findings:?}");
    assert!(docx.starts_with(b"PK"));
    Ok(())
}
