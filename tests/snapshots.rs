//! Snapshots of the diagnostics, rendered at a fixed width without colour.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on bad fixtures

use std::path::PathBuf;

use claimcheck::report::{self, Format, Style};
use claimcheck::schema::{load, SchemaFiles};

fn analysis(paths: &[&str]) -> claimcheck::Analysis {
    // Paths are relative to the crate root, as the report prints them.
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let set = load(&SchemaFiles::shipped()).unwrap_or_else(|_| panic!("schemas load"));
    let inputs: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    claimcheck::check_all(&inputs, vec![], &claimcheck::Run::new(&set))
}

#[test]
fn contradiction_shows_both_sources() {
    let a = analysis(&["seeds/000_e3d38a7551ecb064.txt", "tests/fixtures/troops"]);
    let text = report::render_check(&a, Format::Human, Style { colour: false, width: 80, ..Style::default() });
    insta::assert_snapshot!(text);
}

#[test]
fn concise_seeds() {
    let a = analysis(&["seeds"]);
    let text = report::render_check(&a, Format::Concise, Style::default());
    insta::assert_snapshot!(text);
}

/// Articles about events the dev set does not cover (an earthquake, floods,
/// a wildfire, a station crush, a derailment, a bus crash, a hurricane,
/// pension protests, troops in Chad, two elections), written to probe the
/// shipped schemas away from their examples. What an editor makes of the
/// findings: the errors and the revisions are right, but for two known
/// misses: the "80,000 in the capital" against a nationwide "1.1 million"
/// (the capital is not a place to the schema), "103 arrested" the next day
/// read as a dispute between police and prosecutors where it is a revision
/// ("rose to"), and a regional toll ("75 across the Caribbean") taking the
/// nearest country named after it. Traps that must stay silent: "were
/// fighting a wildfire on Sunday" (not the fire's date), "withdraw 1,000 of
/// its 2,500 soldiers from Chad" (Chad is the place), a march "in Paris"
/// against protests "across France", tolls "in Jamaica and Haiti" against
/// one country's, ages, distances, years and compensation sums.
#[test]
fn concise_other_events() {
    let a = analysis(&["tests/fixtures/other-events"]);
    let text = report::render_check(&a, Format::Concise, Style::default());
    insta::assert_snapshot!(text);
}
