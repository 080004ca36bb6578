//! CI use of the real binary: config file, file selection, standard input,
//! baselines, the claim cache, determinism, exit codes and statistics.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on bad fixtures

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

const SEED: &str = "seeds/000_e3d38a7551ecb064.txt";
const TROOPS: &str = "tests/fixtures/troops/2020-01-17-troops.txt";

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The binary, run in `dir` with no config file above it to find by accident.
fn claimcheck_in(dir: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("claimcheck").unwrap();
    cmd.current_dir(dir).env_remove("CI");
    cmd
}

/// A temporary folder with `corpus/` holding the first seed and an article contradicting it.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("corpus")).unwrap();
    fs::copy(repo(SEED), dir.path().join("corpus/seed.txt")).unwrap();
    fs::copy(repo(TROOPS), dir.path().join("corpus/troops.txt")).unwrap();
    dir
}

fn json_of(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

fn codes(json: &Value, key: &str) -> Vec<String> {
    json[key]
        .as_array()
        .map(|a| a.iter().map(|f| f["code"].as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

#[test]
fn a_baseline_survives_edits_elsewhere_and_goes_stale_when_the_figure_changes() {
    let dir = corpus();
    let out = claimcheck_in(dir.path()).args(["baseline", "write", "corpus"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let baseline = fs::read_to_string(dir.path().join("claimcheck-baseline.yaml")).unwrap();
    assert!(baseline.contains("code: \"contradiction\""), "{baseline}");
    // An editor accepts the finding with a note.
    let noted = baseline.replacen(
        "    code: \"contradiction\"",
        "    code: \"contradiction\"\n    reason: \"Pentagon confirmed both\"",
        1,
    );
    fs::write(dir.path().join("claimcheck-baseline.yaml"), noted).unwrap();

    let check = |extra: &[&str]| {
        let out = claimcheck_in(dir.path()).args(["check", "corpus", "--format", "json"]).args(extra).output().unwrap();
        (json_of(&out), out.status.code().unwrap())
    };
    let (json, code) = check(&[]);
    assert_eq!(code, 0, "the only error is baselined");
    assert!(codes(&json, "findings").iter().all(|c| c != "contradiction"), "{json:#}");
    assert_eq!(codes(&json, "baselined"), ["contradiction"]);
    assert_eq!(json["baselined"][0]["reason"], "Pentagon confirmed both");

    // A paragraph added above the claim moves its line and offset: still baselined.
    let seed = dir.path().join("corpus/seed.txt");
    let text = fs::read_to_string(&seed).unwrap();
    let at = text.find("The US flatly").unwrap();
    fs::write(&seed, format!("{}A paragraph with no figures.\n\n{}", &text[..at], &text[at..])).unwrap();
    let (json, code) = check(&[]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(codes(&json, "baselined"), ["contradiction"]);
    assert_eq!(json["stale_baseline_entries"], Value::Array(vec![]));

    // A changed figure is a new finding, and the old entry is stale.
    let troops = dir.path().join("corpus/troops.txt");
    let text = fs::read_to_string(&troops).unwrap();
    fs::write(&troops, text.replace("Some 3,000", "Some 2,000")).unwrap();
    let (json, code) = check(&[]);
    assert_eq!(code, 1);
    assert!(codes(&json, "findings").contains(&"contradiction".to_string()), "{json:#}");
    assert_eq!(codes(&json, "stale_baseline_entries"), ["contradiction"]);
    assert!(codes(&json, "baselined").is_empty());

    // Human output says so too; --no-baseline reads none.
    let out = claimcheck_in(dir.path()).args(["check", "corpus", "--format", "concise"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("0 baselined, 1 stale baseline entry"), "{text}");
    let (json, _) = check(&["--no-baseline"]);
    assert!(json.get("stale_baseline_entries").is_none(), "{json:#}");
}

#[test]
fn show_baselined_lists_accepted_findings_with_the_note() {
    let dir = corpus();
    claimcheck_in(dir.path()).args(["baseline", "write", "accepted.yaml", "corpus"]).assert().success();
    let path = dir.path().join("accepted.yaml");
    let text = fs::read_to_string(&path).unwrap().replacen("    claims:", "    reason: \"both right\"\n    claims:", 1);
    fs::write(&path, text).unwrap();
    let out = claimcheck_in(dir.path())
        .args(["check", "corpus", "--format", "concise", "--baseline", "accepted.yaml", "--show-baselined"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("error[contradiction]") && text.contains("(baselined: both right)"), "{text}");
    // Rewriting the baseline keeps the editor's note.
    claimcheck_in(dir.path()).args(["baseline", "write", "accepted.yaml", "corpus"]).assert().success();
    assert!(fs::read_to_string(&path).unwrap().contains("reason: \"both right\""));
    // A named baseline that does not exist is an error of the run.
    let out = claimcheck_in(dir.path()).args(["check", "corpus", "--baseline", "nope.yaml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Every document of a fair-sized corpus: the seeds, the fixture, and the dev set when it is there.
fn many_documents() -> Vec<String> {
    let mut files: Vec<String> = vec![TROOPS.to_string()];
    let mut dirs = vec![repo("seeds")];
    let dev = repo("../shared/eval/dev/docs");
    if dev.is_dir() {
        dirs.push(dev);
    }
    for dir in dirs {
        for e in fs::read_dir(dir).unwrap() {
            files.push(e.unwrap().path().display().to_string());
        }
    }
    files
}

#[test]
fn output_is_the_same_whatever_the_threads_and_the_file_order() {
    let files = many_documents();
    let run = |threads: &str, files: &[String]| {
        let out = claimcheck_in(Path::new(env!("CARGO_MANIFEST_DIR")))
            .args(["check", "--no-cache", "--format", "json", "-j", threads])
            .args(files)
            .output()
            .unwrap();
        assert!(out.status.code().unwrap() < 2, "{}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let one = run("1", &files);
    let mut shuffled = files.clone();
    // A fixed permutation: reversed, then every other one moved to the end.
    shuffled.reverse();
    let (even, odd): (Vec<_>, Vec<_>) = shuffled.into_iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let shuffled: Vec<String> = even.into_iter().chain(odd).map(|(_, f)| f).collect();
    assert_ne!(shuffled, files);
    let four = run("4", &shuffled);
    assert!(!json_of_bytes(&one)["findings"].as_array().unwrap().is_empty());
    assert_eq!(String::from_utf8_lossy(&one), String::from_utf8_lossy(&four));
}

fn json_of_bytes(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap()
}

#[test]
fn a_cached_run_reads_the_cache_and_says_the_same() {
    let dir = corpus();
    let run = || claimcheck_in(dir.path()).args(["check", "corpus", "--format", "json", "-v"]).output().unwrap();
    let first = run();
    assert!(String::from_utf8_lossy(&first.stderr).contains("0 of 2 documents' claims came from the cache"));
    assert!(dir.path().join(".claimcheck-cache/CACHEDIR.TAG").is_file());
    let second = run();
    assert!(String::from_utf8_lossy(&second.stderr).contains("2 of 2 documents' claims came from the cache"));
    assert_eq!(first.stdout, second.stdout);
    // A changed document is extracted again; the other comes from the cache.
    let troops = dir.path().join("corpus/troops.txt");
    fs::write(&troops, fs::read_to_string(&troops).unwrap().replace("Some 3,000", "Some 2,000")).unwrap();
    let third = run();
    assert!(String::from_utf8_lossy(&third.stderr).contains("1 of 2 documents' claims came from the cache"));
    assert!(String::from_utf8_lossy(&third.stdout).contains("Some 2,000"));
    // Other schemas never see these entries.
    let claims = dir.path().join("claims");
    fs::create_dir(&claims).unwrap();
    fs::write(
        claims.join("hostages.yaml"),
        "kind: hostages\ndescription: People held.\nvalue: count\nwindow: 7d\npatterns:\n  - '{count} hostages'\n",
    )
    .unwrap();
    let out = claimcheck_in(dir.path()).args(["check", "corpus", "-v", "--claims", "claims"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 of 2 documents' claims came from the cache"));
    // --no-cache neither reads nor writes.
    let out = claimcheck_in(dir.path()).args(["check", "corpus", "-v", "--no-cache"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 of 2 documents' claims came from the cache"));
}

#[test]
fn a_streamed_run_fills_the_cache_and_reads_it() {
    let dir = corpus();
    let wire =
        r#"{"id": "w1", "date": "2020-01-17", "text": "Some 3,000 US troops are in Iraq, officials said on Friday."}"#;
    fs::write(dir.path().join("news.jsonl"), format!("{wire}\n")).unwrap();
    let check = |extra: &[&str]| {
        let out = claimcheck_in(dir.path())
            .args(["check", "corpus", "--jsonl", "news.jsonl", "--format", "json"])
            .args(extra)
            .output()
            .unwrap();
        (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let cache_file = || {
        let files: Vec<PathBuf> = fs::read_dir(dir.path().join(".claimcheck-cache"))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("claims-"))
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        fs::read(&files[0]).unwrap()
    };
    let (uncached, _) = check(&["--no-cache"]);
    assert!(uncached.contains("\"contradiction\""), "{uncached}");
    // Without -v the run streams its documents, and writes what it extracts.
    let (streamed, _) = check(&[]);
    assert_eq!(streamed, uncached);
    let (_, notes) = check(&["-v"]);
    assert!(notes.contains("3 of 3 documents' claims came from the cache"), "{notes}");
    // A streamed run on the cache says the same and, finding nothing new, leaves the file alone.
    let before = cache_file();
    let (again, _) = check(&[]);
    assert_eq!(again, uncached);
    assert_eq!(cache_file(), before);
    // A changed document is extracted again and its new claims are cached.
    let troops = dir.path().join("corpus/troops.txt");
    fs::write(&troops, fs::read_to_string(&troops).unwrap().replace("Some 3,000", "Some 2,000")).unwrap();
    let (changed, _) = check(&[]);
    assert!(changed.contains("Some 2,000"));
    assert_eq!(changed, check(&["--no-cache"]).0);
    assert_ne!(cache_file(), before);
    let (_, notes) = check(&["-v"]);
    assert!(notes.contains("3 of 3 documents' claims came from the cache"), "{notes}");
}

#[test]
fn a_corpus_larger_than_the_cache_limit_is_checked_without_the_cache() {
    let dir = corpus();
    let json = |extra: &[&str]| {
        let out = claimcheck_in(dir.path()).args(["check", "corpus", "--format", "json"]).args(extra).output().unwrap();
        (out.stdout, String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (uncached, _) = json(&["--no-cache"]);
    fs::write(dir.path().join("claimcheck.yaml"), "cache-max-bytes: 100\n").unwrap();
    let (limited, stderr) = json(&[]);
    assert!(stderr.contains("note: the claim cache is not used"), "{stderr}");
    assert!(stderr.contains("claimcheck.yaml:1"), "says where the limit is set: {stderr}");
    assert!(!dir.path().join(".claimcheck-cache").exists(), "nothing written");
    assert_eq!(limited, uncached);
    // Under the limit, the cache is used as usual.
    fs::write(dir.path().join("claimcheck.yaml"), "cache-max-bytes: 100000000\n").unwrap();
    let (cached, stderr) = json(&[]);
    assert!(!stderr.contains("not used"), "{stderr}");
    assert!(dir.path().join(".claimcheck-cache/CACHEDIR.TAG").is_file());
    assert_eq!(cached, uncached);
}

#[test]
fn the_config_file_is_found_upward_and_flags_win() {
    let dir = corpus();
    fs::create_dir_all(dir.path().join("corpus/drafts")).unwrap();
    fs::copy(repo(TROOPS), dir.path().join("corpus/drafts/draft.txt")).unwrap();
    fs::write(
        dir.path().join("claimcheck.yaml"),
        "# newsroom settings\nformat: json\nfail-on: never\nexclude: ['drafts/**']\nseverity:\n  contradiction: warning\n",
    )
    .unwrap();
    let sub = dir.path().join("corpus");
    let out = claimcheck_in(&sub).args(["check", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "fail-on: never");
    let json = json_of(&out);
    let docs: Vec<&str> = json["documents"].as_array().unwrap().iter().map(|d| d["path"].as_str().unwrap()).collect();
    assert_eq!(docs, ["./seed.txt", "./troops.txt"], "drafts/ excluded");
    let contradiction = &json["findings"].as_array().unwrap().iter().find(|f| f["code"] == "contradiction").unwrap();
    assert_eq!(contradiction["severity"], "warning");

    // Flags win over the file.
    let out = claimcheck_in(&sub).args(["check", ".", "--format", "concise", "--fail-on", "warning"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("warning[contradiction]"));
    // --isolated ignores the file; --exit-zero keeps 0 whatever is found.
    claimcheck_in(&sub).args(["check", ".", "--isolated", "--format", "concise"]).assert().code(1);
    let out = claimcheck_in(&sub).args(["check", ".", "--isolated", "--show-files"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("drafts/draft.txt"), "not excluded when isolated");
    claimcheck_in(&sub).args(["check", ".", "--isolated", "--exit-zero"]).assert().code(0);

    // `claimcheck config` says where each value comes from.
    let out = claimcheck_in(&sub).args(["config"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    // Found in the folder above, so named by its full path.
    let found = dir.path().canonicalize().unwrap().join("claimcheck.yaml");
    assert_eq!(text.lines().next(), Some(format!("# config file: {}", found.display()).as_str()), "{text}");
    let line = |key: &str| text.lines().find(|l| l.starts_with(key)).unwrap().to_string();
    assert!(line("format:").contains("json") && line("format:").ends_with("claimcheck.yaml:2"), "{text}");
    assert!(line("fail-on:").ends_with("claimcheck.yaml:3"), "{text}");
    assert!(line("severity:").contains("contradiction: warning"), "{text}");
    assert!(line("cache:").ends_with("# default"), "{text}");
}

#[test]
fn a_mistyped_config_key_stops_the_run_at_its_line() {
    let dir = corpus();
    fs::write(dir.path().join("claimcheck.yaml"), "format: json\nexlude: [drafts/**]\n").unwrap();
    let out = claimcheck_in(dir.path()).args(["check", "corpus"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown key `exlude`") && err.contains("did you mean `exclude`?"), "{err}");
    assert!(err.contains("claimcheck.yaml:2:1"), "{err}");
}

#[test]
fn walks_respect_ignore_files_and_show_files_lists_them() {
    let dir = corpus();
    fs::create_dir(dir.path().join("corpus/old")).unwrap();
    fs::write(dir.path().join("corpus/old/a.txt"), " date 2020-01-01 Old.\n").unwrap();
    fs::write(dir.path().join("corpus/notes.md"), "# Notes\n").unwrap();
    fs::write(dir.path().join("corpus/.gitignore"), "old/\n").unwrap();
    fs::write(dir.path().join("corpus/.claimcheckignore"), "notes.md\n").unwrap();
    let list = |extra: &[&str]| {
        let out = claimcheck_in(dir.path()).args(["check", "corpus", "--show-files"]).args(extra).output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(list(&[]), "corpus/seed.txt\ncorpus/troops.txt\n");
    assert_eq!(list(&["--no-ignore"]), "corpus/notes.md\ncorpus/old/a.txt\ncorpus/seed.txt\ncorpus/troops.txt\n");
    assert_eq!(list(&["--exclude", "troops.txt"]), "corpus/seed.txt\n");
}

#[test]
fn a_draft_on_standard_input_is_checked_under_its_name() {
    let out = claimcheck_in(Path::new(env!("CARGO_MANIFEST_DIR")))
        .args(["check", "--no-cache", "--format", "json", SEED, "-", "--stdin-filename", "drafts/new.txt"])
        .write_stdin(fs::read(repo(TROOPS)).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json = json_of(&out);
    let docs: Vec<&str> = json["documents"].as_array().unwrap().iter().map(|d| d["path"].as_str().unwrap()).collect();
    assert!(docs.contains(&"drafts/new.txt"), "{docs:?}");
    let f = json["findings"].as_array().unwrap().iter().find(|f| f["code"] == "contradiction").unwrap();
    assert!(f["claims"].as_array().unwrap().iter().any(|c| c["doc"] == "drafts/new.txt"), "{f:#}");
    // Bad bytes on standard input are reported as skipped, not lost.
    let out = claimcheck_in(Path::new(env!("CARGO_MANIFEST_DIR")))
        .args(["check", "--format", "json", "-"])
        .write_stdin(vec![0xff, 0xfe, 0x00])
        .output()
        .unwrap();
    let json = json_of(&out);
    assert_eq!(json["documents"][0]["status"], "skipped", "{json:#}");
    assert_eq!(json["documents"][0]["path"], "<stdin>");
}

#[test]
fn statistics_count_findings_by_code_and_kind() {
    let dir = corpus();
    let out =
        claimcheck_in(dir.path()).args(["check", "corpus", "--format", "concise", "--statistics"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let row = text
        .lines()
        .find(|l| {
            l.split_whitespace().next().is_some_and(|n| n.parse::<usize>().is_ok()) && l.contains("contradiction")
        })
        .unwrap_or_else(|| panic!("{text}"));
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cells, ["1", "error", "contradiction", "troop_count"], "{text}");
    assert!(text.contains("findings"), "{text}");
    // With a machine format on standard output, the table goes to standard error.
    let out = claimcheck_in(dir.path()).args(["check", "corpus", "--format", "json", "--statistics"]).output().unwrap();
    json_of(&out);
    assert!(String::from_utf8_lossy(&out.stderr).contains("contradiction"));
}

#[test]
fn reports_go_to_several_files_in_one_run() {
    let dir = corpus();
    let out = claimcheck_in(dir.path())
        .args(["check", "corpus", "--format", "concise", "-o", "report.txt", "--json-output", "report.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "the report went to the file");
    let concise = fs::read_to_string(dir.path().join("report.txt")).unwrap();
    assert!(concise.contains("error[contradiction]"), "{concise}");
    let json: Value = serde_json::from_str(&fs::read_to_string(dir.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(codes(&json, "findings").iter().filter(|c| *c == "contradiction").count(), 1);
}

#[test]
fn a_draft_against_the_corpus_reports_only_its_own_findings() {
    let dir = corpus();
    fs::write(dir.path().join("draft.txt"), " date 2020-01-17 Some 2,000 US troops are in Iraq, officials said.\n")
        .unwrap();
    let out = claimcheck_in(dir.path())
        .args(["check", "draft.txt", "--against", "corpus", "--format", "json", "--no-cache"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json = json_of(&out);
    assert_eq!(json["documents"].as_array().unwrap().len(), 3, "the corpus is read too");
    let findings = json["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        let docs: Vec<&str> = f["claims"].as_array().unwrap().iter().map(|c| c["doc"].as_str().unwrap()).collect();
        assert!(docs.contains(&"draft.txt"), "a finding without the draft: {f:#}");
    }
    // The corpus's own contradiction (seed vs troops.txt) is not reported.
    let corpus_only = |f: &&Value| {
        let m = f["message"].as_str().unwrap();
        m.contains("more than 5,000") && m.contains("Some 3,000")
    };
    assert!(!findings.iter().any(|f| corpus_only(&f)), "{findings:#?}");
    // A draft that conflicts with nothing: nothing to report, exit 0, though the corpus has an error.
    fs::write(dir.path().join("draft.txt"), " date 2024-01-06 About 900 US troops are in Syria.\n").unwrap();
    claimcheck_in(dir.path()).args(["check", "draft.txt", "--against", "corpus", "--no-cache"]).assert().code(0);
}

#[test]
fn articles_in_json_lines_are_checked_like_files() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id": "w1", "date": "2020-01-17", "source": "Wire", "text": "Some 3,000 US troops are in Iraq, officials said on Friday."}"#,
        r#"{"id": "w2", "date": "2020-01-16", "text": "The US has more than 5,000 troops in Iraq."}"#,
        r#"{"id": "w3", "date": "2020-01-16", "text": 12}"#,
    ];
    fs::write(dir.path().join("news.jsonl"), lines.join("\n") + "\n").unwrap();
    let out = claimcheck_in(dir.path()).args(["check", "--jsonl", "news.jsonl", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json = json_of(&out);
    let docs: Vec<(&str, &str)> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["path"].as_str().unwrap(), d["status"].as_str().unwrap()))
        .collect();
    assert_eq!(docs, [("news.jsonl#w1", "checked"), ("news.jsonl#w2", "checked"), ("news.jsonl:3", "skipped")]);
    let f = &json["findings"][0];
    assert_eq!(f["code"], "contradiction");
    let claim = f["claims"].as_array().unwrap().iter().find(|c| c["doc"] == "news.jsonl#w1").unwrap();
    assert_eq!(claim["text"], "Some 3,000");
    assert_eq!(claim["span"]["start"], 0, "spans index the article's text");
    let out = claimcheck_in(dir.path()).args(["check", "--jsonl", "missing.jsonl"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn report_writes_the_html_and_markdown_an_editor_reads() {
    let dir = corpus();
    let out = claimcheck_in(dir.path())
        .args(["report", "corpus", "--html", "report.html", "--markdown", "report.md", "--no-cache"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "the exit code of check: the corpus has an error");
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrote report.html and report.md"));
    let html = fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("class=\"finding"), "{}", &html[..200]);
    assert!(html.contains("Fact-check report: corpus"));
    let md = fs::read_to_string(dir.path().join("report.md")).unwrap();
    assert!(md.contains("Some 3,000"), "{md}");
    // A report needs somewhere to go; --against works with it.
    claimcheck_in(dir.path()).args(["report", "corpus"]).assert().code(2);
    fs::write(dir.path().join("draft.txt"), " date 2024-01-06 About 900 US troops are in Syria.\n").unwrap();
    claimcheck_in(dir.path())
        .args(["report", "draft.txt", "--against", "corpus", "--markdown", "draft.md", "--no-cache"])
        .assert()
        .code(0);
    let md = fs::read_to_string(dir.path().join("draft.md")).unwrap();
    assert!(md.contains("; no findings."), "only the draft's findings, and it has none: {md}");
}
