//! Pack loading and template parsing: arbitrary pack.toml and section text.
#![no_main]

use std::collections::BTreeMap;

use jianghua::pack::{FileOrigin, Pack, PackFile};
use jianghua::Engine;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // The first line is a section template; the rest a pack.toml around it.
    let (section, manifest) = text.split_once('\n').unwrap_or((&text, ""));
    let mut files = BTreeMap::new();
    for (rel, body) in [("pack.toml", manifest), ("opening.hbs", section), ("closing.hbs", section), ("p.hbs", section)] {
        files.insert(rel.to_owned(), PackFile { rel: rel.to_owned(), text: body.to_owned(), origin: FileOrigin::Builtin });
    }
    if let Ok(pack) = Pack::from_files("fuzz", files) {
        let _ = Engine::new(&pack);
        let _ = jianghua::pack_check::check(&pack);
    }
});
