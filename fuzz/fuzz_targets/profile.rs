//! Profile loading and validation against the built-in pack.
#![no_main]

use jianghua::{Catalog, ProfileDoc, source::Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = Source::from_bytes("fuzz.toml".into(), data.to_vec()) else { return };
    // Whatever the text, reading it gives a tree or a message, and a tree
    // is validated without a panic.
    let Ok(doc) = ProfileDoc::from_source(source, None) else { return };
    let pack = Catalog::new(Vec::new()).unwrap().load("dongyuan").unwrap();
    let _ = doc.validate(&pack);
});
