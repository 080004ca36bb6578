//! Schema authoring: broken schemas give spanned diagnostics (snapshotted),
//! and a new kind written only in YAML works end to end.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on bad fixtures

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use claimcheck::schema::{load, SchemaFiles};
use miette::{GraphicalReportHandler, GraphicalTheme};

const GOOD_HEAD: &str = "kind: hostages\ndescription: People held hostage.\nvalue: count\nwindow: 7d\n";

/// Loads the schemas in a folder of files over the shipped ones and renders every problem.
fn problems(files: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let layered = SchemaFiles::layered(&[dir.path().to_path_buf()]).unwrap();
    let errors = load(&layered).expect_err("the schemas should not load");
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(80);
    let mut out = String::new();
    for e in &errors {
        handler.render_report(&mut out, &**e).unwrap();
    }
    out.replace(&dir.path().display().to_string(), "[DIR]")
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let text = problems(&[(
        "h.yaml",
        "kind: hostages\ndescription: x\nvalue: count\ntolerence: 10%\nwindow: 7d\npatterns:\n  - '{count} hostages'\n",
    )]);
    assert!(text.contains("[DIR]/h.yaml:4:1"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn wrong_type_points_at_the_value() {
    let text = problems(&[("h.yaml", &format!("{GOOD_HEAD}patterns: '{{count}} hostages'\n"))]);
    assert!(text.contains("[DIR]/h.yaml:5:11"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn bad_regex_points_at_the_offending_character() {
    let text = problems(&[("h.yaml", &format!("{GOOD_HEAD}patterns:\n  - '{{count}} (hostages'\n"))]);
    assert!(text.contains("[DIR]/h.yaml:6:14") && text.contains("unclosed group"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn unknown_placeholder_suggests_a_slot() {
    let text = problems(&[(
        "h.yaml",
        &format!(
            "{GOOD_HEAD}slots:\n  event:\n    from: [gazetteers/events.yaml]\npatterns:\n  - '{{count}} hostages (?:in|after) the {{evnt}}'\n"
        ),
    )]);
    assert!(text.contains("did you mean `{event}`?") && text.contains("[DIR]/h.yaml:9:40"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn a_date_kind_is_told_it_has_no_earlier_value() {
    let head = "kind: moved\ndescription: Dates moved.\nvalue: date\nwindow: 7d\n";
    let text = problems(&[("m.yaml", &format!("{head}patterns:\n  - 'moved from {{earlier}} to {{date}}'\n"))]);
    assert!(text.contains("unknown placeholder `{earlier}`") && text.contains("a date kind has none"), "{text}");
    assert!(!text.contains("did you mean `{earlier}`"), "{text}");
}

#[test]
fn missing_gazetteer_is_named() {
    let text = problems(&[(
        "h.yaml",
        &format!(
            "{GOOD_HEAD}slots:\n  event:\n    from: [gazetteers/nope.yaml]\npatterns:\n  - '{{count}} hostages'\n"
        ),
    )]);
    assert!(
        text.contains("gazetteer file `gazetteers/nope.yaml` not found") && text.contains("[DIR]/h.yaml:7:12"),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn duplicate_kind_in_one_folder() {
    let schema = format!("{GOOD_HEAD}patterns:\n  - '{{count}} hostages'\n");
    let text = problems(&[("a.yaml", &schema), ("b.yaml", &schema)]);
    assert!(text.contains("kind `hostages` is defined twice") && text.contains("[DIR]/b.yaml:1:7"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn unknown_severity_code() {
    let text = problems(&[(
        "h.yaml",
        &format!("{GOOD_HEAD}severity:\n  contradiktion: warning\npatterns:\n  - '{{count}} hostages'\n"),
    )]);
    assert!(text.contains("did you mean `contradiction`?"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn a_pattern_too_large_to_compile_points_at_the_pattern() {
    // Valid syntax, but the expanded regex is over the size limit: found by
    // compiling (in parallel with the other patterns), reported at the pattern.
    let huge = r"(?:\w{1000}){1000}";
    let text =
        problems(&[("h.yaml", &format!("{GOOD_HEAD}patterns:\n  - '{{count}} hostages'\n  - '{{count}} {huge}'\n"))]);
    assert!(text.contains("[DIR]/h.yaml:7:5") && text.contains("this regex does not compile"), "{text}");
    assert!(text.contains("exceeded"), "the reason is given: {text}");
}

#[test]
fn a_pattern_without_a_value() {
    let text = problems(&[("h.yaml", &format!("{GOOD_HEAD}patterns:\n  - 'hostages'\n"))]);
    assert!(text.contains("pattern has no value"), "{text}");
}

fn claimcheck() -> Command {
    let mut cmd = Command::cargo_bin("claimcheck").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

const HOSTAGES: &str = r#"kind: hostages
description: People held hostage after an attack or kidnapping.
value: count
unit: people
tolerance: 10%
window: 7d
scope: stock
slots:
  event:
    from: [gazetteers/events.yaml]
patterns:
  - '{count} (?:people |civilians |workers |tourists )?(?:are |were |remain |still )*(?:held hostage|being held|held captive|taken hostage)'
  - '{count} hostages'
examples:
  - text: 'Gunmen who stormed the hotel in an attack on Monday are holding 12 hostages.'
    date: 2024-03-05
    expect: { value: '12', event: attack }
  - text: 'About 40 people were taken hostage in the raid.'
    date: 2024-03-05
    expect: { value: '~40', event: attack }
  - text: 'The siege ended after 30 hours.'
    expect: none
"#;

#[test]
fn a_new_kind_in_yaml_only_finds_claims() {
    let dir = tempfile::tempdir().unwrap();
    let claims = dir.path().join("claims");
    std::fs::create_dir(&claims).unwrap();
    std::fs::write(claims.join("hostages.yaml"), HOSTAGES).unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(
        corpus.join("a.txt"),
        " date 2024-03-05 Gunmen who stormed the Zafira Hotel in an attack on Monday are holding 12 hostages, police said.\n",
    )
    .unwrap();
    std::fs::write(
        corpus.join("b.txt"),
        " date 2024-03-05 Officials at the Zafira Hotel said 45 hostages were being held after Monday's attack.\n",
    )
    .unwrap();

    let test = claimcheck().args(["schema", "test"]).arg(&claims).output().unwrap();
    assert!(test.status.success(), "{}", String::from_utf8_lossy(&test.stderr));

    let out = claimcheck().args(["check", "--format", "json", "--claims"]).arg(&claims).arg(&corpus).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stdout));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let finding = &json["findings"].as_array().unwrap().iter().find(|f| f["kind"] == "hostages").unwrap();
    assert_eq!(finding["code"], "contradiction");
    let texts: Vec<&str> = finding["claims"].as_array().unwrap().iter().map(|c| c["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["12", "45"]);
}

#[test]
fn a_later_folder_overrides_a_kind_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("claims/turnout.yaml");
    let text = std::fs::read_to_string(shipped).unwrap().replace("tolerance: 2%", "tolerance: 5%");
    std::fs::write(dir.path().join("turnout.yaml"), text).unwrap();
    let out = claimcheck()
        .args(["check", "seeds", "-v", "--format", "concise", "--claims"])
        .arg(dir.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("kind `turnout` from") && err.contains("overrides claims/turnout.yaml"), "{err}");
}

#[test]
fn a_failing_example_points_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let broken = HOSTAGES.replace("expect: { value: '12', event: attack }", "expect: { value: '13', event: attack }");
    std::fs::write(dir.path().join("hostages.yaml"), broken).unwrap();
    let out = claimcheck().args(["schema", "test"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("example of `hostages` failed") && err.contains("hostages.yaml:15:"), "{err}");
    assert!(err.contains("value: expected `13`"), "{err}");
}

#[test]
fn dump_writes_the_shipped_schemas_and_they_load() {
    let dir = tempfile::tempdir().unwrap();
    let out = claimcheck().args(["schema", "dump"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success());
    assert!(dir.path().join("troop_count.yaml").exists() && dir.path().join("gazetteers/events.yaml").exists());
    let again = claimcheck().args(["schema", "dump"]).arg(dir.path()).output().unwrap();
    assert_eq!(again.status.code(), Some(2), "dump must not overwrite without --force");
    let check = claimcheck().args(["schema", "check"]).arg(dir.path()).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
}

#[test]
fn the_example_in_the_schema_guide_works() {
    let guide = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("claims/README.md")).unwrap();
    let start = guide.find("```yaml\n").unwrap() + "```yaml\n".len();
    let end = start + guide[start..].find("```").unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hostages.yaml"), &guide[start..end]).unwrap();
    let out = claimcheck().args(["schema", "test"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
