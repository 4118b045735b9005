//! Every check and the statistics on arbitrary text, as txt and as Markdown.
#![no_main]

use jianghua::check::{self, Document, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for markdown in [false, true] {
        let doc = Document::from_text("fuzz", &text, markdown);
        let opts = Options { known_names: Some(vec!["青山街道".into()]), rate: 200, ..Options::default() };
        let _ = check::run(&doc, &opts);
        let _ = check::run(&doc, &Options::default());
        let _ = jianghua::stats::report(&doc, 200);
    }
});
