//! Fuzzes the document parser (date line, front matter) and the whole
//! extraction of one document: never a panic, spans always inside the file.
#![no_main]

use std::sync::OnceLock;

use claimcheck::corpus::parse_document;
use claimcheck::schema::{load, SchemaFiles, SchemaSet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    static SET: OnceLock<SchemaSet> = OnceLock::new();
    let set = SET.get_or_init(|| load(&SchemaFiles::shipped()).unwrap_or_else(|_| panic!("shipped schemas load")));
    let Ok(document) = parse_document("fuzz.txt".into(), data.to_vec()) else { return };
    assert!(document.body.start <= document.body.end && document.body.end <= document.text.len());
    let len = document.text.len();
    let mut analysis = claimcheck::Analysis::default();
    claimcheck::add_document(&mut analysis, document, set);
    for c in &analysis.claims {
        assert!(c.span.start <= c.span.end && c.span.end <= len);
    }
});
