//! End-to-end tests on a generated corpus (`gen-corpus`): every planted
//! contradiction is found, nothing else is an error, and generation is deterministic.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on bad fixtures

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

fn gen_corpus(args: &[&str], out: &Path) {
    let status = Command::cargo_bin("gen-corpus").unwrap().args(args).arg(out).status().unwrap();
    assert!(status.success(), "gen-corpus {args:?} failed: {status}");
}

/// Every file under `dir`, by relative path, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn overlaps(claim: &Value, planted: &Value) -> bool {
    let (s, e) = (claim["span"]["start"].as_u64().unwrap(), claim["span"]["end"].as_u64().unwrap());
    let (ps, pe) = (planted["span"]["start"].as_u64().unwrap(), planted["span"]["end"].as_u64().unwrap());
    s < pe && ps < e
}

#[test]
fn every_planted_contradiction_is_found_and_nothing_else_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("corpus");
    gen_corpus(&["--docs", "300", "--seed", "7"], &dir);
    let manifest: Value = serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["documents"], 300);
    assert_eq!(manifest["seed"], 7);
    let planted = manifest["planted"].as_array().unwrap();
    assert!(planted.len() >= 3, "too few planted contradictions: {}", planted.len());
    assert_eq!(manifest["expected"]["contradiction"].as_u64().unwrap() as usize, planted.len());

    let out = Command::cargo_bin("claimcheck")
        .unwrap()
        .args(["check", "--format", "json", "--no-cache"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let docs = json["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 300);
    assert!(docs.iter().all(|d| d["status"] == "checked"));

    let rel =
        |doc: &Value| Path::new(doc.as_str().unwrap()).strip_prefix(&dir).unwrap().to_string_lossy().replace('\\', "/");
    let errors: Vec<&Value> =
        json["findings"].as_array().unwrap().iter().filter(|f| f["severity"] == "error").collect();
    let mut matched = vec![false; errors.len()];
    for p in planted {
        let (a, b) = (&p["a"], &p["b"]);
        let hit = errors.iter().position(|f| {
            let claims = f["claims"].as_array().unwrap();
            f["code"] == "contradiction"
                && claims.len() == 2
                && claims.iter().any(|c| rel(&c["doc"]) == a["path"].as_str().unwrap() && overlaps(c, a))
                && claims.iter().any(|c| rel(&c["doc"]) == b["path"].as_str().unwrap() && overlaps(c, b))
        });
        match hit {
            Some(i) => matched[i] = true,
            None => panic!("planted contradiction not reported: {p:#}"),
        }
    }
    let others: Vec<&&Value> = errors.iter().zip(&matched).filter(|(_, m)| !**m).map(|(f, _)| f).collect();
    assert!(others.is_empty(), "error findings that were not planted: {others:#?}");
    // The traps and series are there too: disputes and revisions, as warnings and infos.
    let codes: Vec<&str> = json["findings"].as_array().unwrap().iter().filter_map(|f| f["code"].as_str()).collect();
    assert!(codes.contains(&"dispute"), "no dispute in the generated corpus");
    assert!(codes.contains(&"revision"), "no revision in the generated corpus");
}

#[test]
fn same_seed_gives_identical_files_and_another_seed_differs() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (tmp.path().join("a"), tmp.path().join("b"), tmp.path().join("c"));
    gen_corpus(&["--docs", "250", "--seed", "42"], &a);
    gen_corpus(&["--docs", "250", "--seed", "42"], &b);
    gen_corpus(&["--docs", "250", "--seed", "43"], &c);
    let (fa, fb, fc) = (files(&a), files(&b), files(&c));
    assert_eq!(fa.len(), 251, "250 documents and the manifest");
    assert!(fa == fb, "the same seed gave different files");
    assert!(fa != fc, "another seed gave the same files");
}

#[test]
fn size_in_megabytes_subfolders_and_jsonl() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("corpus");
    let jsonl = tmp.path().join("corpus.jsonl");
    let status = Command::cargo_bin("gen-corpus")
        .unwrap()
        .args(["--mb", "0.6", "--seed", "5", "--jsonl"])
        .arg(&jsonl)
        .arg(&dir)
        .status()
        .unwrap();
    assert!(status.success());
    let manifest: Value = serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let all = files(&dir);
    let docs: Vec<&String> = all.keys().filter(|k| k.ends_with(".txt")).collect();
    assert_eq!(docs.len() as u64, manifest["documents"].as_u64().unwrap());
    assert!(docs.len() > 1000, "0.6 MB should need more than one folder: {}", docs.len());
    let bytes: usize = docs.iter().map(|k| all[*k].len()).sum();
    assert_eq!(bytes as u64, manifest["bytes"].as_u64().unwrap());
    assert!((600_000..610_000).contains(&bytes), "{bytes}");
    let mut per_folder: BTreeMap<&str, usize> = BTreeMap::new();
    for k in &docs {
        *per_folder.entry(k.split('/').next().unwrap()).or_default() += 1;
        assert!(all[*k].starts_with(b" date "), "{k} is not in the seed format");
    }
    assert!(per_folder.values().all(|&n| n <= 1000), "{per_folder:?}");

    let lines: Vec<Value> =
        std::fs::read_to_string(&jsonl).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), docs.len());
    let first = &lines[0];
    let path = format!("{}.txt", first["id"].as_str().unwrap());
    let file = String::from_utf8(all[&path].clone()).unwrap();
    assert_eq!(file, format!(" date {} {}", first["date"].as_str().unwrap(), first["text"].as_str().unwrap()));
    assert!(first["source"].as_str().is_some_and(|s| !s.is_empty()));
}

#[test]
fn bad_arguments_exit_with_code_two() {
    for args in [
        &["--docs", "abc", "/tmp/x"][..],
        &["--docs", "10"][..],
        &["--mb", "-3", "/tmp/x"][..],
        &["--docs", "0", "/tmp/x"][..],
    ] {
        let out = Command::cargo_bin("gen-corpus").unwrap().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// `claimcheck check` with `args` and the config `config`, run in `dir`: exit code and standard output.
fn check_in(dir: &Path, config: &Path, args: &[&str]) -> (Option<i32>, Vec<u8>) {
    let out = Command::cargo_bin("claimcheck")
        .unwrap()
        .current_dir(dir)
        .arg("check")
        .arg("--config")
        .arg(config)
        .args(args)
        .output()
        .unwrap();
    (out.status.code(), out.stdout)
}

#[test]
fn a_streamed_check_writes_the_report_of_the_in_memory_check() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let news = dir.join("news.jsonl");
    gen_corpus(&["--docs", "400", "--seed", "11", "--jsonl", news.to_str().unwrap()], &dir.join("corpus"));
    // Articles that are not all well formed: a bad line, one without a date, one with an impossible date.
    let mut jsonl = std::fs::read_to_string(dir.join("news.jsonl")).unwrap();
    jsonl.push_str("not json\n");
    jsonl.push_str(r#"{"id": "undated", "text": "Some 3,000 US troops are in Iraq."}"#);
    jsonl.push('\n');
    jsonl.push_str(r#"{"id": "bad-date", "date": "2020-02-30", "text": "About 4,000 US troops are in Iraq."}"#);
    jsonl.push('\n');
    std::fs::write(dir.join("news.jsonl"), jsonl).unwrap();
    let config = dir.join("claimcheck.yaml");
    std::fs::write(&config, format!("cache-dir: {}\nseverity:\n  dispute: info\n", dir.join("cache").display()))
        .unwrap();
    let inputs = ["--jsonl", "news.jsonl", "corpus", "missing.txt"];
    for format in ["json", "jsonl", "human", "concise", "sarif", "github"] {
        // With the claim cache the whole analysis is held; without it, the check is streamed.
        let held = check_in(dir, &config, &[&["--format", format][..], &inputs].concat());
        let streamed = check_in(dir, &config, &[&["--format", format, "--no-cache"][..], &inputs].concat());
        assert_eq!(held.0, Some(2), "a missing input is exit code 2");
        assert_eq!(held.0, streamed.0);
        assert!(held.1.len() > 10_000, "too small a report: {}", String::from_utf8_lossy(&held.1));
        assert!(held.1 == streamed.1, "the {format} reports differ");
    }
    // The statistics table, after the report.
    let held = check_in(dir, &config, &[&["--format", "concise", "--statistics"][..], &inputs].concat());
    let streamed =
        check_in(dir, &config, &[&["--format", "concise", "--statistics", "--no-cache"][..], &inputs].concat());
    assert!(String::from_utf8_lossy(&held.1).contains("  findings\n"), "no statistics table");
    assert!(held == streamed, "the statistics differ");
    // Several reports of one run, each written by its own pass over the findings.
    let reports = |run: &str| {
        let (sarif, json) = (format!("{run}.sarif"), format!("{run}.json"));
        let args = ["--format", "concise", "-o", run, "--sarif-output", &sarif, "--json-output", &json];
        let cache = if run == "streamed" { &["--no-cache"][..] } else { &[] };
        let (code, _) = check_in(dir, &config, &[&args[..], cache, &inputs].concat());
        let read = |name: &str| std::fs::read(dir.join(name)).unwrap();
        (code, read(run), read(&sarif), read(&json))
    };
    let (held, streamed) = (reports("held"), reports("streamed"));
    assert!(held.2.len() > 10_000 && held.3.len() > 10_000);
    assert!(held == streamed, "the reports of a run with several differ");
    let (_, json) = check_in(dir, &config, &["--format", "json", "--no-cache", "--jsonl", "news.jsonl"]);
    let json: Value = serde_json::from_slice(&json).unwrap();
    let codes: Vec<&str> = json["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    for code in ["contradiction", "revision", "dispute", "undated-document", "bad-header"] {
        assert!(codes.contains(&code), "no {code} finding: {codes:?}");
    }
}
