//! Bad input, in tests: every document given is either checked or reported as
//! skipped with its reason; the tool never panics; good files beside bad ones
//! are still checked; spans stay exact whatever the line endings.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on bad fixtures

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

fn claimcheck() -> Command {
    Command::cargo_bin("claimcheck").unwrap()
}

/// A folder with one file of every kind of bad input, and good files among them.
fn bad_corpus(dir: &Path) {
    let w = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).unwrap();
    w("good.txt", " date 2020-01-16 About 5,000 US troops are in Iraq, officials said.\n".as_bytes());
    w("not_utf8.txt", b" date 2020-01-16 Some \xff\xfe 3,000 US troops are in Iraq.\n");
    w("binary.txt", &[0u8; 4096]);
    w("empty.txt", b"");
    w("crlf.txt", " date 2020-01-17\r\nSome 3,000 US troops are in Iraq.\r\n\r\nNo one was killed.\r\n".as_bytes());
    w("cr.txt", " date 2020-01-17 First line.\rSome 3,000 US troops are in Iraq.\r".as_bytes());
    w("bom.txt", "\u{feff} date 2020-01-17 Some 3,000 US troops are in Iraq.\n".as_bytes());
    w("impossible_date.txt", " date 2023-02-30 Some 3,000 US troops are in Iraq.\n".as_bytes());
    w("unclosed.md", "---\ndate: 2020-01-17\ntitle: never closed\nSome 3,000 US troops are in Iraq.\n".as_bytes());
    w("wrong_types.md", "---\ndate: [1, 2]\nsource: {a: b}\n---\nSome 3,000 US troops are in Iraq.\n".as_bytes());
    let long_number = format!(" date 2020-01-17 Some 1{} US troops are in Iraq.\n", "0".repeat(400));
    w("long_number.txt", long_number.as_bytes());
    w("mixed_separators.txt", " date 2020-01-17 Some 5,000.000,1 and 1.234,5 US troops are in Iraq.\n".as_bytes());
    // A huge dump on one line.
    let mut huge = b" date 2020-01-17 ".to_vec();
    huge.extend(std::iter::repeat_n(b'x', 50 * 1024 * 1024));
    w("huge_line.txt", &huge);
    std::fs::create_dir(dir.join("nested")).unwrap();
    std::fs::write(
        dir.join("nested/also_good.md"),
        "---\ndate: 2020-01-16\n---\nMore than 5,000 US troops are in Iraq.\n",
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir, dir.join("nested/loop")).unwrap();
}

fn statuses(json: &Value) -> BTreeMap<String, (String, String)> {
    json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let name = Path::new(d["path"].as_str().unwrap()).file_name().unwrap().to_string_lossy().to_string();
            (name, (d["status"].as_str().unwrap().to_string(), d["reason"].as_str().unwrap_or("").to_string()))
        })
        .collect()
}

#[test]
fn every_bad_file_is_named_with_its_reason_and_good_files_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    bad_corpus(dir.path());
    let out = claimcheck().args(["check", "--format", "json"]).arg(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    let status = statuses(&json);
    let skipped = |name: &str, reason: &str| {
        let (s, r) = status.get(name).unwrap_or_else(|| panic!("{name} is not accounted for: {status:?}"));
        assert_eq!(s, "skipped", "{name}: {status:?}");
        assert!(r.starts_with(reason), "{name}: {r}");
    };
    skipped("not_utf8.txt", "not UTF-8");
    skipped("binary.txt", "binary");
    skipped("empty.txt", "empty");
    for name in [
        "good.txt",
        "crlf.txt",
        "cr.txt",
        "bom.txt",
        "impossible_date.txt",
        "unclosed.md",
        "wrong_types.md",
        "long_number.txt",
        "mixed_separators.txt",
        "huge_line.txt",
        "also_good.md",
    ] {
        assert_eq!(status.get(name).map(|s| s.0.as_str()), Some("checked"), "{name}: {status:?}");
    }
    // Header problems are findings, not silence.
    let bad_headers: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "bad-header")
        .map(|f| f["doc"].as_str().unwrap())
        .collect();
    for name in ["impossible_date.txt", "unclosed.md", "wrong_types.md"] {
        assert!(bad_headers.iter().any(|d| d.ends_with(name)), "{name}: {bad_headers:?}");
    }
    // The good files still contradict each other's neighbours as they should.
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn spans_are_exact_bytes_with_crlf_cr_and_bom() {
    let dir = tempfile::tempdir().unwrap();
    bad_corpus(dir.path());
    for name in ["crlf.txt", "cr.txt", "bom.txt"] {
        let path = dir.path().join(name);
        let out = claimcheck().arg("extract").arg(&path).output().unwrap();
        assert!(out.status.success(), "{name}");
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(!text.is_empty(), "{name}: no claims");
        for line in text.lines() {
            let c: Value = serde_json::from_str(line).unwrap();
            let (s, e) = (c["span"]["start"].as_u64().unwrap() as usize, c["span"]["end"].as_u64().unwrap() as usize);
            assert_eq!(&bytes[s..e], c["text"].as_str().unwrap().as_bytes(), "{name}: {c}");
        }
    }
}

#[test]
fn a_missing_path_fails_the_run_but_the_rest_is_still_reported() {
    let dir = tempfile::tempdir().unwrap();
    bad_corpus(dir.path());
    let out = claimcheck()
        .args(["check", "--format", "json"])
        .arg(dir.path().join("good.txt"))
        .arg("does/not/exist")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let status = statuses(&json);
    assert_eq!(status.get("good.txt").map(|s| s.0.as_str()), Some("checked"));
    assert_eq!(status.get("exist").map(|s| s.0.as_str()), Some("skipped"), "{status:?}");
}

#[test]
fn the_size_limit_skips_a_large_file_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    bad_corpus(dir.path());
    let out = claimcheck()
        .args(["check", "--format", "concise", "--max-bytes", "1000000"])
        .arg(dir.path().join("huge_line.txt"))
        .arg(dir.path().join("good.txt"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("huge_line.txt: skipped: too large"), "{text}");
    assert!(text.contains("1 document checked, 1 skipped"), "{text}");
}

#[test]
fn an_exponential_looking_pattern_runs_in_linear_time() {
    // `(a+)+b` backtracks exponentially in a backtracking engine; Rust's regex is linear.
    let dir = tempfile::tempdir().unwrap();
    let schema =
        "kind: evil\ndescription: x\nvalue: count\nwindow: 7d\npatterns:\n  - '(?:(?:a+)+)+b {count}'\nexamples: []\n";
    std::fs::create_dir(dir.path().join("claims")).unwrap();
    std::fs::write(dir.path().join("claims/evil.yaml"), schema).unwrap();
    let doc = format!(" date 2020-01-01 {} 5 c\n", "a".repeat(100_000));
    std::fs::write(dir.path().join("doc.txt"), doc).unwrap();
    let out = claimcheck()
        .args(["extract", "--claims"])
        .arg(dir.path().join("claims"))
        .arg(dir.path().join("doc.txt"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_huge_deeply_nested_schema_is_an_error_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let nested = format!("kind: deep\ndescription: {}{}\n", "[".repeat(5000), "]".repeat(5000));
    std::fs::write(dir.path().join("deep.yaml"), nested).unwrap();
    let out = claimcheck().args(["schema", "check"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

/// Lower-casing "İ" makes a string longer; offsets from a lower-cased copy must
/// never index the original text (this used to be able to panic).
#[test]
fn regression_attribution_after_letters_that_grow_when_lower_cased() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dotted.txt");
    let text = " date 2020-01-17 İİİİİİ Some 3,000 US troops are in Iraq, according to Bob Ålund İİ.\n";
    std::fs::write(&path, text).unwrap();
    let out = claimcheck().arg("extract").arg(&path).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let claim: Value = serde_json::from_str(String::from_utf8(out.stdout).unwrap().lines().next().unwrap()).unwrap();
    assert_eq!(claim["text"], "Some 3,000");
    assert_eq!(claim["attribution"], "bob ålund i̇i̇");
}
