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
