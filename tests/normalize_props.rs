//! Property tests for the normalizers.
//! In: generated numbers (digits with separators, English words, "N million"),
//! hedged mentions and arbitrary strings. Out: round-trip, interval and
//! no-panic properties of `parse_count`, `NumberScanner` and `parse_date`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use claimcheck::lexicon::Lexicon;
use claimcheck::normalize::date::{parse_date, DateScanner};
use claimcheck::normalize::number::{parse_count, NumberScanner};
use claimcheck::normalize::{Hedge, Quantity};
use proptest::prelude::*;

fn with_separators(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn words_below_thousand(n: u64) -> String {
    const SMALL: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 10] = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    let (h, rest) = (n / 100, n % 100);
    let mut parts = Vec::new();
    if h > 0 {
        parts.push(format!("{} hundred", SMALL[h as usize]));
    }
    if rest > 0 || h == 0 {
        let r = if rest < 20 {
            SMALL[rest as usize].to_string()
        } else if rest % 10 == 0 {
            TENS[(rest / 10) as usize].to_string()
        } else {
            format!("{}-{}", TENS[(rest / 10) as usize], SMALL[(rest % 10) as usize])
        };
        if h > 0 {
            parts.push(format!("and {r}"));
        } else {
            parts.push(r);
        }
    }
    parts.join(" ")
}

fn in_words(n: u64) -> String {
    let (thousands, rest) = (n / 1000, n % 1000);
    match (thousands, rest) {
        (0, r) => words_below_thousand(r),
        (t, 0) => format!("{} thousand", words_below_thousand(t)),
        (t, r) => format!("{} thousand {}", words_below_thousand(t), words_below_thousand(r)),
    }
}

fn value(text: &str) -> Option<f64> {
    parse_count(text, &Lexicon::shipped()).map(|q| q.low)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn digits_with_separators_round_trip(n in 0u64..1_000_000_000_000) {
        let text = with_separators(n);
        prop_assert_eq!(value(&text), Some(n as f64), "{}", text);
    }

    #[test]
    fn english_words_round_trip(n in 0u64..1_000_000) {
        let text = in_words(n);
        prop_assert_eq!(value(&text), Some(n as f64), "{}", text);
    }

    #[test]
    fn millions_round_trip(n in 1u64..1000, tenth in 0u64..10) {
        prop_assert_eq!(value(&format!("{n} million")), Some(n as f64 * 1e6));
        let text = format!("{n}.{tenth} million");
        let want = (n as f64 + tenth as f64 / 10.0) * 1e6;
        let got = value(&text).unwrap_or(f64::NAN);
        prop_assert!((got - want).abs() < 1e-6 * want, "{} gave {}", text, got);
    }

    #[test]
    fn scanner_finds_the_whole_number(n in 0u64..1_000_000_000) {
        let text = format!("Officials said “{}” people fled.", with_separators(n));
        let scanner = NumberScanner::new(&Lexicon::shipped()).unwrap();
        let found = scanner.find_all(&text);
        prop_assert_eq!(found.len(), 1);
        prop_assert_eq!(found[0].quantity, Quantity::exact(n as f64));
        prop_assert_eq!(&text[found[0].span.clone()], with_separators(n));
    }

    #[test]
    fn hedge_intervals_bound_the_number(n in 1u64..1_000_000, which in 0usize..6) {
        let (phrase, hedge) = [
            ("more than", Hedge::MoreThan),
            ("at least", Hedge::AtLeast),
            ("nearly", Hedge::Nearly),
            ("up to", Hedge::UpTo),
            ("fewer than", Hedge::FewerThan),
            ("about", Hedge::Approx),
        ][which];
        let q = parse_count(&format!("{phrase} {}", with_separators(n)), &Lexicon::shipped()).unwrap();
        prop_assert_eq!(q.hedge, hedge);
        let v = n as f64;
        let i = q.interval(0.1);
        match hedge {
            Hedge::MoreThan => prop_assert!(i.low.unwrap() > v && i.high.is_none()),
            Hedge::AtLeast => prop_assert!(i.low == Some(v) && i.high.is_none()),
            Hedge::Nearly | Hedge::UpTo => prop_assert!(i.high == Some(v) && i.low.unwrap() <= v),
            Hedge::FewerThan => prop_assert!(i.high.unwrap() < v && i.low.unwrap() >= 0.0),
            _ => prop_assert!(i.low.unwrap() <= v && v <= i.high.unwrap()),
        }
    }

    #[test]
    fn parsers_never_panic(s in "\\PC{0,40}") {
        let lex = Lexicon::shipped();
        let _ = parse_count(&s, &lex);
        let r = NaiveDate::from_ymd_opt(2020, 2, 29);
        let _ = parse_date(&s, r);
        let _ = parse_date(&s, None);
        let _ = NumberScanner::new(&lex).unwrap().find_all(&s);
        let _ = DateScanner::new().find_all(&s, r);
    }

    #[test]
    fn parsers_never_panic_on_date_like_text(
        day in 0u32..40, month in 0usize..13, year in 0i32..10000, rest in "[a-z ’'0-9,.-]{0,12}"
    ) {
        const MONTHS: [&str; 13] = ["jan", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december", "sept."];
        let s = format!("{} {day}, {year}{rest}", MONTHS[month]);
        let _ = parse_date(&s, NaiveDate::from_ymd_opt(262_000, 12, 31));
        let _ = parse_date(&s, NaiveDate::from_ymd_opt(-262_000, 1, 1));
        let _ = DateScanner::new().find_all(&s, NaiveDate::MAX.into());
        let _ = parse_count(&s, &Lexicon::shipped());
    }
}

#[test]
fn a_huge_number_does_not_panic() {
    let text = format!("1{}", "0".repeat(400));
    let _ = parse_count(&text, &Lexicon::shipped());
    let _ = NumberScanner::new(&Lexicon::shipped()).unwrap().find_all(&text);
}
