//! Fuzzes the number normalizer: parsing and scanning never panic, and every
//! scanned span lies on character boundaries of the input.
#![no_main]

use std::sync::OnceLock;

use claimcheck::lexicon::Lexicon;
use claimcheck::normalize::number::{parse_count, NumberScanner};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    static SETUP: OnceLock<(Lexicon, NumberScanner)> = OnceLock::new();
    let (lexicon, scanner) = SETUP.get_or_init(|| {
        let lexicon = Lexicon::shipped();
        let scanner = NumberScanner::new(&lexicon).expect("the number pattern compiles");
        (lexicon, scanner)
    });
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = parse_count(text, lexicon);
    for m in scanner.find_all(text) {
        assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end));
        let q = m.quantity;
        assert!(q.low <= q.high || q.low.is_nan() || q.high.is_nan());
    }
});
