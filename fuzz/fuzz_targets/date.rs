//! Fuzzes the date normalizer: parsing and scanning never panic, spans lie on
//! character boundaries, and a resolved interval never ends before it starts.
#![no_main]

use std::sync::OnceLock;

use claimcheck::normalize::date::{parse_date, DateScanner};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    static SCANNER: OnceLock<DateScanner> = OnceLock::new();
    let scanner = SCANNER.get_or_init(DateScanner::new);
    let Ok(text) = std::str::from_utf8(data) else { return };
    let reference = chrono::NaiveDate::from_ymd_opt(2020, 2, 29);
    let _ = parse_date(text, reference);
    let _ = parse_date(text, None);
    for m in scanner.find_all(text, reference) {
        assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end));
        if let (Some(s), Some(e)) = (m.value.start, m.value.end) {
            assert!(s <= e, "{text:?}: {s} > {e}");
        }
    }
});
