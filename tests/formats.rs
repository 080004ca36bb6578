//! The machine formats for CI, end to end on the real binary: SARIF 2.1.0
//! (validated against the OASIS schema) and GitHub workflow commands.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on bad fixtures

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::sync::{Mutex, OnceLock};

use assert_cmd::cargo::CommandCargoExt;
use regex::Regex;
use serde_json::Value;

/// A contradiction between two files: a seed and the troops fixture.
const PAIR: &[&str] = &["seeds/000_e3d38a7551ecb064.txt", "tests/fixtures/troops"];
/// The same seed and a file with curly quotes, a dash and a flag emoji
/// before the claim, so bytes, code points and UTF-16 units all differ.
const MULTIBYTE: &[&str] = &["seeds/000_e3d38a7551ecb064.txt", "tests/data/multibyte"];
const MULTIBYTE_FILE: &str = "tests/data/multibyte/2020-01-17-troops.txt";
/// The seeds: one document finding (an undated document).
const SEEDS: &[&str] = &["seeds"];

fn claimcheck() -> Command {
    let mut cmd = Command::cargo_bin("claimcheck").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// Stdout of a fresh `check --format FORMAT PATHS…` (the exit code is the usual one: not checked here).
fn run_fresh(format: &str, paths: &[&str]) -> String {
    let out = claimcheck().arg("check").args(paths).args(["--format", format]).output().unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// As [`run_fresh`], run once per format and paths for all the tests (a run takes a while in a debug build).
fn run(format: &str, paths: &[&str]) -> String {
    static RUNS: OnceLock<Mutex<HashMap<String, String>>> = OnceLock::new();
    let key = format!("{format} {}", paths.join(" "));
    let runs = RUNS.get_or_init(Default::default);
    if let Some(out) = runs.lock().unwrap().get(&key) {
        return out.clone();
    }
    let out = run_fresh(format, paths);
    runs.lock().unwrap().insert(key, out.clone());
    out
}

fn sarif(paths: &[&str]) -> Value {
    serde_json::from_str(&run("sarif", paths)).unwrap()
}

/// The findings of the JSON contract, to compare with.
fn json_findings(paths: &[&str]) -> Vec<Value> {
    let json: Value = serde_json::from_str(&run("json", paths)).unwrap();
    json["findings"].as_array().unwrap().clone()
}

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

fn assert_valid_sarif(log: &Value) {
    let schema: Value = serde_json::from_str(&read("tests/data/sarif-schema-2.1.0.json")).unwrap();
    let validator = jsonschema::draft4::options().should_validate_formats(true).build(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(log).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "SARIF does not validate:\n{}", errors.join("\n"));
}

/// 1-based (line, UTF-16 column) of a byte offset, counted here independently of the tool.
fn utf16_position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line = 1 + before.matches(['\n', '\r']).count() - before.matches("\r\n").count();
    (line, before[line_start..].encode_utf16().count() + 1)
}

/// Every claim region of a result: locations and related locations.
fn regions(result: &Value) -> Vec<&Value> {
    let mut all: Vec<&Value> = result["locations"].as_array().unwrap().iter().collect();
    all.extend(result["relatedLocations"].as_array().into_iter().flatten());
    all.into_iter().map(|l| &l["physicalLocation"]).collect()
}

#[test]
fn sarif_validates_against_the_schema() {
    for paths in [PAIR, MULTIBYTE, SEEDS, &["tests/fixtures/corpus"]] {
        assert_valid_sarif(&sarif(paths));
    }
}

#[test]
fn the_schema_check_rejects_a_broken_log() {
    let mut log = sarif(PAIR);
    log["runs"][0]["results"][0]["level"] = "fatal".into();
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0.into();
    let result = std::panic::catch_unwind(|| assert_valid_sarif(&log));
    assert!(result.is_err(), "an invalid level and line passed the schema");
}

#[test]
fn sarif_has_a_result_per_finding_and_the_other_claim_as_related_location() {
    let log = sarif(PAIR);
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "claimcheck");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    let rule_ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(rule_ids, ["contradiction", "dispute", "revision", "undated-document", "bad-header"]);

    let results = run["results"].as_array().unwrap();
    let findings = json_findings(PAIR);
    assert_eq!(results.len(), findings.len());
    let hex = Regex::new("^[0-9a-f]{16}$").unwrap();
    for (result, finding) in results.iter().zip(&findings) {
        assert_eq!(result["ruleId"], finding["code"]);
        assert_eq!(rules[result["ruleIndex"].as_u64().unwrap() as usize]["id"], result["ruleId"]);
        assert_eq!(result["level"], "error");
        assert!(result["message"]["text"].as_str().unwrap().starts_with(finding["message"].as_str().unwrap()));
        let fingerprint = result["partialFingerprints"]["claimcheckFinding/v1"].as_str().unwrap();
        assert!(hex.is_match(fingerprint), "{fingerprint}");
    }
    let contradiction = results.iter().find(|r| r["ruleId"] == "contradiction").unwrap();
    let primary = &contradiction["locations"][0]["physicalLocation"];
    assert_eq!(primary["artifactLocation"]["uri"], "seeds/000_e3d38a7551ecb064.txt");
    assert_eq!(primary["region"]["snippet"]["text"], "more than 5,000");
    let related = contradiction["relatedLocations"].as_array().unwrap();
    assert_eq!(related.len(), 1);
    let other = &related[0];
    assert_eq!(other["physicalLocation"]["artifactLocation"]["uri"], "tests/fixtures/troops/2020-01-17-troops.txt");
    assert_eq!(other["physicalLocation"]["region"]["snippet"]["text"], "Some 3,000");
    assert_eq!(other["id"], 1);
    let says = other["message"]["text"].as_str().unwrap();
    assert!(says.contains("2,700–3,300") && says.contains("2020-01-17"), "{says}");

    let artifacts: Vec<&str> =
        run["artifacts"].as_array().unwrap().iter().map(|a| a["location"]["uri"].as_str().unwrap()).collect();
    assert_eq!(artifacts, ["seeds/000_e3d38a7551ecb064.txt", "tests/fixtures/troops/2020-01-17-troops.txt"]);
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
}

#[test]
fn sarif_regions_match_the_text_with_multibyte_characters() {
    let log = sarif(MULTIBYTE);
    assert_eq!(log["runs"][0]["columnKind"], "utf16CodeUnits");
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    let mut seen_multibyte = false;
    for result in results {
        for location in regions(result) {
            let uri = location["artifactLocation"]["uri"].as_str().unwrap();
            let text = read(uri);
            let region = &location["region"];
            let get = |k: &str| region[k].as_u64().unwrap() as usize;
            let (offset, length) = (get("byteOffset"), get("byteLength"));
            assert_eq!(&text[offset..offset + length], region["snippet"]["text"].as_str().unwrap(), "{region}");
            assert_eq!(utf16_position(&text, offset), (get("startLine"), get("startColumn")), "{region}");
            assert_eq!(utf16_position(&text, offset + length), (get("endLine"), get("endColumn")), "{region}");
            if uri == MULTIBYTE_FILE {
                seen_multibyte = true;
                // The claim is on line 1 after “ ” — and 🇮🇶: 113 bytes, 102 code points, 104 UTF-16 units in.
                assert_eq!(region["snippet"]["text"], "some 3,000");
                assert_eq!((offset, get("startLine"), get("startColumn")), (113, 1, 104));
                assert_eq!(get("endColumn"), 114);
            }
        }
    }
    assert!(seen_multibyte, "{log:#}");
}

#[test]
fn sarif_document_findings_point_at_the_document() {
    let log = sarif(SEEDS);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), json_findings(SEEDS).len());
    let undated: Vec<&Value> = results.iter().filter(|r| r["ruleId"] == "undated-document").collect();
    assert_eq!(undated.len(), 1);
    let location = &undated[0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "seeds/001_7c8c4421e929074a.txt");
    assert_eq!(location["region"], serde_json::json!({"startLine": 1}));
    assert_eq!(undated[0]["level"], "warning");
    assert!(undated[0].get("relatedLocations").is_none());
    assert_eq!(log["runs"][0]["artifacts"].as_array().unwrap().len(), 5);
}

#[test]
fn sarif_reports_skipped_paths_as_notifications() {
    let log = sarif(&["tests/fixtures/corpus"]);
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    let empty = notes
        .iter()
        .find(|n| n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "tests/fixtures/corpus/empty.txt")
        .unwrap_or_else(|| panic!("{notes:#?}"));
    assert_eq!(empty["level"], "warning");
    assert!(empty["message"]["text"].as_str().unwrap().contains("empty"));
}

#[test]
fn sarif_uses_file_uris_for_absolute_paths_only() {
    let root = env!("CARGO_MANIFEST_DIR");
    let absolute = format!("{root}/tests/fixtures/troops");
    let log = sarif(&[PAIR[0], &absolute]);
    assert_valid_sarif(&log);
    let uris: Vec<&str> = log["runs"][0]["artifacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["location"]["uri"].as_str().unwrap())
        .collect();
    // Documents are sorted by path: the absolute one first.
    assert!(uris.contains(&PAIR[0]), "{uris:?}");
    let file = uris.iter().find(|u| u.ends_with("/tests/fixtures/troops/2020-01-17-troops.txt")).unwrap();
    assert!(file.starts_with("file:///"), "{uris:?}");
}

/// The shape of a workflow command line: escaped properties (no raw `,`, `:` or `%`),
/// columns only for a claim on one line, an escaped message (no raw `%` or line break).
fn github_line() -> Regex {
    let value = r"(?:[^,:%\r\n]|%25|%2C|%3A|%0D|%0A)+";
    Regex::new(&format!(
        r"^::(error|warning|notice) file={value},line=[1-9][0-9]*(?:,col=[1-9][0-9]*,endLine=[1-9][0-9]*,endColumn=[1-9][0-9]*|,endLine=[1-9][0-9]*)?,title=claimcheck\([a-z-]+\)(?:%3A [a-z0-9_]+)?::(?:[^%\r\n]|%25|%0D|%0A)+$"
    ))
    .unwrap()
}

fn unescape(s: &str) -> String {
    s.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")
}

#[test]
fn github_lines_are_workflow_commands_one_per_claim_location() {
    let shape = github_line();
    for paths in [PAIR, MULTIBYTE, SEEDS] {
        let out = run("github", paths);
        assert!(out.is_empty() || out.ends_with('\n'));
        let lines: Vec<&str> = out.lines().collect();
        for l in &lines {
            assert!(shape.is_match(l), "not a workflow command: {l:?}");
        }
        let expected: usize = json_findings(paths).iter().map(|f| f["claims"].as_array().unwrap().len().max(1)).sum();
        assert_eq!(lines.len(), expected, "{out}");
    }
}

#[test]
fn github_lines_locate_each_claim_and_point_at_the_other() {
    let out = run("github", MULTIBYTE);
    let shape = github_line();
    let lines: Vec<&str> = out.lines().filter(|l| l.contains("troop_count")).collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines.iter().all(|l| shape.captures(l).unwrap()[1] == *"error"));
    let seed = lines.iter().find(|l| l.contains("file=seeds/000_e3d38a7551ecb064.txt,")).unwrap();
    // GitHub's end column is that of the last character (SARIF's is one past it).
    assert!(seed.contains(",line=9,col=371,endLine=9,endColumn=385,"), "{seed}");
    assert!(seed.contains(",title=claimcheck(contradiction)%3A troop_count::"), "{seed}");
    let message = unescape(seed.split_once("::").unwrap().1.split_once("::").unwrap().1);
    assert!(message.contains(&format!("see also {MULTIBYTE_FILE}:1:104")), "{message}");
    let other = lines.iter().find(|l| l.contains(&format!("file={MULTIBYTE_FILE},"))).unwrap();
    assert!(other.contains(",line=1,col=104,endLine=1,endColumn=113,"), "{other}");
    assert!(unescape(other).contains("see also seeds/000_e3d38a7551ecb064.txt:9:371"), "{other}");
}

#[test]
fn github_document_finding_is_one_line_at_line_one() {
    let out = run("github", SEEDS);
    let undated: Vec<&str> = out.lines().filter(|l| l.contains("claimcheck(undated-document)")).collect();
    assert_eq!(undated.len(), 1, "{out}");
    assert!(undated[0].starts_with("::warning file=seeds/001_7c8c4421e929074a.txt,line=1,title="), "{}", undated[0]);
}

#[test]
fn both_formats_are_byte_identical_across_runs() {
    for format in ["sarif", "github"] {
        for paths in [PAIR, SEEDS] {
            // A second run, fresh, against the one the other tests share.
            assert_eq!(run_fresh(format, paths), run(format, paths), "{format} {paths:?}");
        }
    }
}

#[test]
fn sarif_output_beside_another_format_marks_baselined_findings_as_suppressed() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.yaml");
    let out = claimcheck().args(["baseline", "write"]).arg(&baseline).args(PAIR).arg("--no-cache").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&baseline).unwrap().replacen(
        "    claims:",
        "    reason: \"both right\"\n    claims:",
        1,
    );
    std::fs::write(&baseline, text).unwrap();
    let sarif_path = dir.path().join("findings.sarif");
    let out = claimcheck()
        .args(["check", "--no-cache", "--format", "concise", "--baseline"])
        .arg(&baseline)
        .arg("--sarif-output")
        .arg(&sarif_path)
        .args(PAIR)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 baselined"));
    let log: Value = serde_json::from_str(&std::fs::read_to_string(&sarif_path).unwrap()).unwrap();
    assert_valid_sarif(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let suppressed: Vec<&Value> = results.iter().filter(|r| r.get("suppressions").is_some()).collect();
    assert_eq!(suppressed.len(), 1, "{results:#?}");
    assert_eq!(suppressed[0]["ruleId"], "contradiction");
    assert_eq!(suppressed[0]["suppressions"][0]["justification"], "both right");
}
