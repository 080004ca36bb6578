//! How the checking stage scales: synthetic claims (1M, 2M, 5M, 10M by
//! default; `cargo bench --bench check_scale -- 1000000 4000000` for others)
//! are checked once each, and the time is printed with the time per claim and
//! per `n log2 n`, so a growth worse than O(n log n) shows as a rising last
//! column. The claims look like a real corpus: troop counts of many (actor,
//! place) subjects on many days, a few per document, with one planted
//! contradiction every 1,000 claims. Deterministic: the claims follow from their index.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark may panic on a broken setup

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Instant;

use chrono::{Days, NaiveDate};
use claimcheck::check::{check, Code};
use claimcheck::normalize::{DateValue, Hedge, Quantity};
use claimcheck::resolve::{Anchors, Claim, ClaimValue, FilledFrom, SlotValue};
use claimcheck::schema::{load, SchemaFiles};

const CLAIMS_PER_DOC: usize = 5;

fn claims(n: usize, schema: usize) -> (Vec<Claim>, Vec<Anchors>) {
    let start = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
    let actors: Vec<String> = (0..200).map(|i| format!("Actor {i}")).collect();
    let places: Vec<String> = (0..200).map(|i| format!("Place {i}")).collect();
    let docs = n.div_ceil(CLAIMS_PER_DOC);
    // Each document names its story: documents of one story share a proper name.
    let anchors: Vec<Anchors> = (0..docs).map(|d| Arc::new(BTreeSet::from([format!("Story {}", d / 4)]))).collect();
    let claims = (0..n)
        .map(|i| {
            let doc = i / CLAIMS_PER_DOC;
            // A story: one subject, four documents on consecutive days.
            let story = (doc / 4) as u64;
            // Its own days: stories of one subject are far apart in time, as in a real archive.
            let day = start + Days::new(story * 3 + (doc % 4) as u64);
            let subject = (story * 7919) % 40_000;
            let (actor, place) = (&actors[(subject / 200) as usize], &places[(subject % 200) as usize]);
            let planted = i % 1000 == 999;
            let value = if planted { 90_000.0 } else { 1000.0 + (story % 50) as f64 * 10.0 };
            let quantity = Quantity { hedge: Hedge::Approx, low: value, high: value };
            Claim {
                kind: "troop_count".into(),
                schema,
                doc,
                span: 0..5,
                text: format!("about {value}"),
                sentence: 0..40,
                slots: vec![
                    SlotValue { name: "actor".into(), value: actor.clone(), filled_from: FilledFrom::Pattern },
                    SlotValue { name: "place".into(), value: place.clone(), filled_from: FilledFrom::Pattern },
                ],
                subject: format!("troop count ({actor}, {place})"),
                value: ClaimValue::Quantity { quantity, interval: quantity.interval(0.1) },
                unit: None,
                time: Some(DateValue::day(day)),
                event_date: None,
                published: Some(day),
                attribution: None,
                revision_marked: false,
                not_compared: None,
            }
        })
        .collect();
    (claims, anchors)
}

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![1_000_000, 2_000_000, 5_000_000, 10_000_000] } else { sizes };
    let set = load(&SchemaFiles::shipped()).unwrap_or_else(|_| panic!("schemas load"));
    let schema = set.schemas.iter().position(|s| s.kind == "troop_count").unwrap();
    println!(
        "{:>10}  {:>9}  {:>12}  {:>16}  {:>9}",
        "claims", "check s", "ns per claim", "ns per n·log2 n", "findings"
    );
    for n in sizes {
        let (claims, anchors) = claims(n, schema);
        let started = Instant::now();
        let findings = check(&claims, &anchors, &set.schemas);
        let seconds = started.elapsed().as_secs_f64();
        let contradictions = findings.iter().filter(|f| f.code == Code::Contradiction).count();
        let nlogn = n as f64 * (n as f64).log2();
        println!(
            "{n:>10}  {seconds:>9.2}  {:>12.0}  {:>16.2}  {contradictions:>9}",
            seconds * 1e9 / n as f64,
            seconds * 1e9 / nlogn
        );
    }
}
