//! Profile loading and validation against the built-in pack.
#![no_main]

use jianghua::profile::value;
use jianghua::{Catalog, ProfileDoc, source::Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = Source::from_bytes("fuzz.toml".into(), data.to_vec()) else { return };
    // Where the tree comes from the parser's events alone, toml's own tree
    // must read the text too, and be the same (keys, values, every span).
    // Where the events are read by hand, the parser reads the text too, and
    // gives the same events.
    if let Some((mine, theirs, parsed)) = value::events_both_ways(&source.text) {
        assert!(parsed, "only read by hand");
        assert_eq!(mine, theirs);
    }
    let shared = std::sync::Arc::new(Source::new("fuzz.toml", source.text.clone()));
    if let Some(fast) = value::parse_events_only(&shared) {
        let full = value::parse_full(&shared).expect("only the events read this text");
        assert_eq!(format!("{fast:?}"), format!("{full:?}"));
    }
    let Ok(doc) = ProfileDoc::from_source(source, None) else { return };
    let pack = Catalog::new(Vec::new()).unwrap().load("dongyuan").unwrap();
    let _ = doc.validate(&pack);
});
