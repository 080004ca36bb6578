//! Fuzzes the schema loader: any YAML as a schema file loads or gives
//! diagnostics, never a panic.
#![no_main]

use claimcheck::schema::{load, SchemaFiles};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let files = SchemaFiles::shipped().with_file("fuzz.yaml", "fuzz.yaml", text);
    let _ = load(&files);
});
