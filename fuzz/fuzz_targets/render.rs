//! Rendering the built-in pack with arbitrary (valid or not) profiles and
//! seeds; the compiled path and handlebars must agree.
#![no_main]

use jianghua::{Catalog, Engine, Format, ProfileDoc, source::Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 8 {
        return;
    }
    let seed = u64::from_le_bytes(data[..8].try_into().unwrap());
    let Ok(source) = Source::from_bytes("fuzz.toml".into(), data[8..].to_vec()) else { return };
    let Ok(doc) = ProfileDoc::from_source(source, None) else { return };
    let catalog = Catalog::new(Vec::new()).unwrap();
    let name = doc.template().unwrap_or_else(|| "dongyuan".into());
    let Ok(pack) = catalog.load(&name) else { return };
    let Ok(validated) = doc.validate(&pack) else { return };
    let engine = Engine::new(&pack).unwrap();
    // The compiled path, where it answers, gives what handlebars gives;
    // where it does not, handlebars renders.
    let rendered = engine.render_seeded(&validated, seed);
    assert_eq!(rendered.as_ref().ok(), engine.render_reference(&validated, seed).as_ref().ok());
    if let Ok(speech) = rendered {
        for format in Format::ALL {
            let _ = format.write(&speech);
        }
    }
});
