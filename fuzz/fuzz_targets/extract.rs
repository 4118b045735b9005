//! Extraction of a pack from arbitrary text, and rendering it back.
#![no_main]

use std::collections::BTreeMap;

use jianghua::pack::{FileOrigin, Pack, PackFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let paragraphs: Vec<String> = text.lines().map(str::to_owned).collect();
    let out = jianghua::extract::extract("fuzz", "fuzz.txt", &paragraphs, None);
    let files: BTreeMap<String, PackFile> = out
        .files
        .iter()
        .map(|(rel, body)| (rel.clone(), PackFile { rel: rel.clone(), text: body.clone(), origin: FileOrigin::Builtin }))
        .collect();
    // What extract writes must load and parse.
    let pack = Pack::from_files("fuzz", files).expect("extracted pack loads");
    jianghua::Engine::new(&pack).expect("extracted templates parse");
});
