//! Fuzzes the schema loader: any YAML as a schema file loads or gives
//! diagnostics, never a panic. Only the lexicon and the gazetteers are loaded
//! beside it, so each input costs one schema's compilation.
#![no_main]

use claimcheck::schema::{load, SchemaFiles, SHIPPED};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut files = SchemaFiles::default();
    for (rel, shipped) in SHIPPED.iter().filter(|(rel, _)| rel.contains('/') || *rel == "lexicon.yaml") {
        files = files.with_file(rel, rel, shipped);
    }
    let _ = load(&files.with_file("fuzz.yaml", "fuzz.yaml", text));
});
