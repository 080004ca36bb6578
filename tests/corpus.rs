//! Integration tests of corpus loading and segmentation.
//! In: the seeds and the fixtures under `tests/fixtures/corpus/` (plus binary
//! files written to a temporary folder). Out: pass or fail.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use claimcheck::corpus::{collect_paths, load_document, Document, Selection, Skipped};
use claimcheck::lexicon::Lexicon;
use claimcheck::segment::{sentences, LineIndex};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn load_all(inputs: &[PathBuf]) -> (Vec<Document>, Vec<Skipped>) {
    let (paths, mut skipped) = collect_paths(inputs, &Selection::default());
    let mut docs = Vec::new();
    for path in paths {
        match load_document(&path) {
            Ok(doc) => docs.push(doc),
            Err(skip) => skipped.push(skip),
        }
    }
    (docs, skipped)
}

#[test]
fn seeds_load() {
    let (docs, skipped) = load_all(&[root().join("seeds")]);
    assert!(skipped.is_empty(), "{skipped:?}");
    let names: Vec<String> = docs.iter().map(|d| d.path.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(
        names,
        [
            "000_e3d38a7551ecb064.txt",
            "001_7c8c4421e929074a.txt",
            "002_058a58a65eb97e07.txt",
            "003_a5921d1edb7cd594.txt",
            "004_4abd2f4d965707df.txt",
        ]
    );
    let dated: Vec<&str> =
        docs.iter().filter(|d| d.date.is_some()).map(|d| d.path.file_name().unwrap().to_str().unwrap()).collect();
    assert_eq!(dated.len(), 4);
    assert!(!dated.contains(&"001_7c8c4421e929074a.txt"));
    for doc in &docs {
        assert_eq!(doc.header_problem, None, "{}", doc.path.display());
        assert!(!doc.text[doc.body.clone()].starts_with(char::is_whitespace));
    }
    let undated = &docs[1];
    assert_eq!(undated.date, None);
    assert_eq!(undated.body, 0..undated.text.len());

    let seed = &docs[0];
    assert_eq!(seed.date, Some(date("2020-01-16")));
    assert!(seed.text[seed.body.clone()].starts_with("The US military"));
    assert_eq!(seed.body.start, " date 2020-01-16 ".len());
}

#[test]
fn relative_paths_stay_relative() {
    // Integration tests run with the package root as working directory.
    let (paths, skipped) = collect_paths(&[PathBuf::from("seeds")], &Selection::default());
    assert!(skipped.is_empty());
    assert_eq!(paths.len(), 5);
    assert!(paths.iter().all(|p| p.is_relative() && p.starts_with("seeds")));
    let doc = load_document(&paths[0]).unwrap();
    assert_eq!(doc.path, PathBuf::from("seeds/000_e3d38a7551ecb064.txt"));
}

#[test]
fn seed_spans_map_to_lines() {
    let path = root().join("seeds/000_e3d38a7551ecb064.txt");
    let doc = load_document(&path).unwrap();
    let abbr = Lexicon::shipped().abbreviations;
    let found = sentences(&doc.text, doc.body.clone(), &abbr);
    let index = LineIndex::new(&doc.text);

    // The first sentence starts right after the date line's header.
    let first = &found[0];
    assert_eq!(index.line_col(&doc.text, first.span.start), (1, 18));
    assert_eq!(first.paragraph, 0);

    let with_count: Vec<_> = found.iter().filter(|s| doc.text[s.span.clone()].contains("5,000")).collect();
    assert_eq!(with_count.len(), 1);
    let s = with_count[0];
    assert_eq!(
        &doc.text[s.span.clone()],
        "The US flatly rejected that request and has not moved to pull the more than 5,000 troops out."
    );
    assert_eq!(s.paragraph, 4);
    assert_eq!(index.line_col(&doc.text, s.span.start).0, 9);
    let at = doc.text.find("5,000").unwrap();
    assert_eq!(index.line_col(&doc.text, at).0, 9);

    // "Jan. 3" must not split the sentence before it.
    assert!(found.iter().any(|s| doc.text[s.span.clone()].contains("on Jan. 3 that killed Soleimani.")));
}

#[test]
fn every_seed_sentence_is_trimmed_and_in_body() {
    let abbr = Lexicon::shipped().abbreviations;
    let (docs, _) = load_all(&[root().join("seeds")]);
    for doc in docs {
        let found = sentences(&doc.text, doc.body.clone(), &abbr);
        assert!(!found.is_empty());
        for s in found {
            let text = &doc.text[s.span.clone()];
            assert!(s.span.start >= doc.body.start && s.span.end <= doc.body.end);
            assert_eq!(text, text.trim(), "{}", doc.path.display());
            assert!(!text.contains("\n\n"));
        }
    }
}

/// What a fixture should become: loaded (date, start of body, problem) or
/// skipped (start of the reason).
enum Expect {
    Loaded { date: Option<&'static str>, body_starts: &'static str, problem: Option<&'static str> },
    Skipped(&'static str),
}

fn check(name: &str, docs: &[Document], skipped: &[Skipped], expect: &Expect) {
    let doc = docs.iter().find(|d| d.path.ends_with(name));
    let skip = skipped.iter().find(|s| s.path.ends_with(name));
    match expect {
        Expect::Loaded { date: want_date, body_starts, problem } => {
            let doc = doc.unwrap_or_else(|| panic!("{name} not loaded: {skip:?}"));
            assert_eq!(doc.date, want_date.map(date), "{name}");
            assert!(
                doc.text[doc.body.clone()].starts_with(body_starts),
                "{name}: body {:?}",
                &doc.text[doc.body.clone()]
            );
            match (problem, &doc.header_problem) {
                (None, None) => {}
                (Some(want), Some(got)) => assert!(got.contains(want), "{name}: {got}"),
                (want, got) => panic!("{name}: problem {got:?}, wanted {want:?}"),
            }
        }
        Expect::Skipped(reason) => {
            let skip = skip.unwrap_or_else(|| panic!("{name} not skipped"));
            assert!(skip.reason.starts_with(reason), "{name}: {}", skip.reason);
            assert!(doc.is_none());
        }
    }
}

#[test]
fn fixtures_folder() {
    let dir = root().join("tests/fixtures/corpus");
    let (paths, walk_skipped) = collect_paths(std::slice::from_ref(&dir), &Selection::default());
    assert!(walk_skipped.is_empty(), "{walk_skipped:?}");
    let rel: Vec<String> =
        paths.iter().map(|p| p.strip_prefix(&dir).unwrap().to_string_lossy().replace('\\', "/")).collect();
    assert_eq!(
        rel,
        [
            "bom.txt",
            "crlf.txt",
            "empty.txt",
            "front_matter.md",
            "impossible_date.txt",
            "nested/deeper/undated.txt",
            "nested/wrong_type.md",
            "unclosed_front_matter.md",
            "whitespace_only.txt",
        ],
        "walk order, no .yaml, no hidden entries"
    );

    let (docs, skipped) = load_all(&[dir]);
    let table: &[(&str, Expect)] = &[
        (
            "bom.txt",
            Expect::Loaded { date: Some("2021-12-09"), body_starts: "A file with a byte order mark.", problem: None },
        ),
        ("crlf.txt", Expect::Loaded { date: Some("2020-01-16"), body_starts: "First paragraph", problem: None }),
        ("empty.txt", Expect::Skipped("empty")),
        ("whitespace_only.txt", Expect::Skipped("empty")),
        (
            "front_matter.md",
            Expect::Loaded {
                date: Some("2024-01-25"),
                body_starts: "The US and Iraq will begin talks.",
                problem: None,
            },
        ),
        (
            "impossible_date.txt",
            Expect::Loaded {
                date: None,
                body_starts: "This date does not exist.",
                problem: Some("impossible date 2023-02-30 in the date line"),
            },
        ),
        ("undated.txt", Expect::Loaded { date: None, body_starts: "An undated note", problem: None }),
        (
            "wrong_type.md",
            Expect::Loaded { date: None, body_starts: "A document whose", problem: Some("found a number (42)") },
        ),
        (
            "unclosed_front_matter.md",
            Expect::Loaded {
                date: None,
                body_starts: "---\ndate: 2024-01-25",
                problem: Some("front matter is not closed"),
            },
        ),
    ];
    assert_eq!(docs.len() + skipped.len(), table.len());
    for (name, expect) in table {
        check(name, &docs, &skipped, expect);
    }

    let fm = docs.iter().find(|d| d.path.ends_with("front_matter.md")).unwrap();
    assert_eq!(fm.source.as_deref(), Some("Example Wire"));
    assert_eq!(fm.title.as_deref(), Some("Talks on troop future"));
    assert_eq!(fm.url.as_deref(), Some("https://example.org/a"));
}

#[test]
fn bom_offsets_refer_to_file_bytes() {
    let path = root().join("tests/fixtures/corpus/bom.txt");
    let bytes = std::fs::read(&path).unwrap();
    let doc = load_document(&path).unwrap();
    assert_eq!(doc.text.as_bytes(), &bytes[..]);
    assert_eq!(doc.body.start, 3 + " date 2021-12-09 ".len());
    let abbr = Lexicon::shipped().abbreviations;
    let found = sentences(&doc.text, doc.body.clone(), &abbr);
    assert_eq!(found.len(), 2);
    let index = LineIndex::new(&doc.text);
    // The BOM is not a column.
    assert_eq!(index.line_col(&doc.text, found[0].span.start), (1, 18));
}

#[test]
fn crlf_offsets_are_exact() {
    let path = root().join("tests/fixtures/corpus/crlf.txt");
    let doc = load_document(&path).unwrap();
    assert!(doc.text.contains("\r\n"), "fixture must keep CRLF line ends");
    let abbr = Lexicon::shipped().abbreviations;
    let found = sentences(&doc.text, doc.body.clone(), &abbr);
    let texts: Vec<&str> = found.iter().map(|s| &doc.text[s.span.clone()]).collect();
    assert_eq!(
        texts,
        ["First paragraph, first line.", "Still the first paragraph.", "Second paragraph with 5,000 troops."]
    );
    assert_eq!(found.iter().map(|s| s.paragraph).collect::<Vec<_>>(), [0, 0, 1]);
    let index = LineIndex::new(&doc.text);
    assert_eq!(index.line_col(&doc.text, found[1].span.start), (2, 1));
    let at = doc.text.find("5,000").unwrap();
    assert_eq!(index.line_col(&doc.text, at), (4, 23));
}

#[test]
fn binary_and_invalid_files_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    write("invalid_utf8.txt", b" date 2020-01-16 caf\xE9 is invalid.\n");
    write("nul.txt", b"text\x00with a NUL\n");
    write("good.md", b"Fine.\n");
    let (docs, skipped) = load_all(&[dir.path().to_path_buf()]);
    assert_eq!(docs.len(), 1);
    check("invalid_utf8.txt", &docs, &skipped, &Expect::Skipped("not UTF-8: invalid byte 0xE9 at offset 20"));
    check("nul.txt", &docs, &skipped, &Expect::Skipped("binary: contains a NUL byte at offset 4"));
}

#[test]
fn explicit_files_are_taken_as_given() {
    let yaml = root().join("tests/fixtures/corpus/ignored.yaml");
    let hidden = root().join("tests/fixtures/corpus/.hidden.txt");
    let (paths, skipped) = collect_paths(&[yaml.clone(), hidden.clone(), yaml.clone()], &Selection::default());
    assert!(skipped.is_empty());
    assert_eq!(paths, [hidden, yaml], "any extension; duplicates kept once; sorted");
}

#[test]
fn missing_paths_are_reported() {
    let missing = PathBuf::from("no/such/path.txt");
    let seeds = root().join("seeds");
    let (paths, skipped) = collect_paths(&[missing.clone(), seeds], &Selection::default());
    assert_eq!(paths.len(), 5);
    assert_eq!(skipped, [Skipped { path: missing, reason: "not found".to_string() }]);
}

#[cfg(unix)]
#[test]
fn symlink_loops_do_not_hang() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path();
    std::fs::create_dir(base.join("sub")).unwrap();
    std::fs::write(base.join("sub/a.txt"), "A.\n").unwrap();
    symlink(base, base.join("sub/loop")).unwrap();
    symlink(base.join("nowhere.txt"), base.join("broken.txt")).unwrap();
    symlink(base.join("sub/a.txt"), base.join("link.md")).unwrap();
    let (paths, skipped) = collect_paths(&[base.to_path_buf()], &Selection::default());
    let rel: Vec<&Path> = paths.iter().map(|p| p.strip_prefix(base).unwrap()).collect();
    assert_eq!(rel, [Path::new("link.md"), Path::new("sub/a.txt")]);
    let reasons: Vec<(&Path, &str)> =
        skipped.iter().map(|s| (s.path.strip_prefix(base).unwrap(), s.reason.as_str())).collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert_eq!(reasons[0].0, Path::new("broken.txt"));
    assert!(reasons[0].1.starts_with("not found"));
    assert_eq!(reasons[1].0, Path::new("sub/loop"));
    assert!(reasons[1].1.starts_with("symbolic link loop"));
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    /// Text built from pieces that exercise headers, quotes, stops and line ends.
    fn tricky_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just(" date 2020-01-16 ".to_string()),
            Just(" date 2023-02-30 ".to_string()),
            Just("---\n".to_string()),
            Just("---\r\n".to_string()),
            Just("date: 2020-01-16\n".to_string()),
            Just("date: [\n".to_string()),
            Just("\u{FEFF}".to_string()),
            Just("Jan. 3".to_string()),
            Just("U.S. ".to_string()),
            Just("D.C. The".to_string()),
            Just("“Yes,” he said. ".to_string()),
            Just("2.5".to_string()),
            Just("?! ".to_string()),
            Just("\r\n\r\n".to_string()),
            Just("\r".to_string()),
            Just("\n".to_string()),
            Just("é".to_string()),
            "[ -~]{0,8}",
        ];
        prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
    }

    fn check_document(bytes: Vec<u8>) {
        let abbr = Lexicon::shipped().abbreviations;
        let Ok(doc) = claimcheck::corpus::parse_document(PathBuf::from("p.txt"), bytes) else {
            return;
        };
        assert!(doc.text.get(doc.body.clone()).is_some());
        let found = sentences(&doc.text, doc.body.clone(), &abbr);
        let index = LineIndex::new(&doc.text);
        let mut last_end = doc.body.start;
        let mut last_paragraph = 0;
        for s in &found {
            let text = doc.text.get(s.span.clone()).expect("span on char boundaries");
            assert!(!text.is_empty() && text == text.trim());
            assert!(s.span.start >= last_end && s.span.end <= doc.body.end);
            assert!(s.paragraph >= last_paragraph);
            last_end = s.span.end;
            last_paragraph = s.paragraph;
        }
        for offset in 0..=doc.text.len() + 1 {
            let (line, col) = index.line_col(&doc.text, offset);
            assert!(line >= 1 && line <= index.line_count() && col >= 1);
        }
    }

    proptest! {
        #[test]
        fn tricky_documents(text in tricky_text()) {
            check_document(text.into_bytes());
        }

        #[test]
        fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
            check_document(bytes);
        }

        #[test]
        fn arbitrary_body_ranges(text in tricky_text(), a in 0usize..300, b in 0usize..300) {
            let abbr = Lexicon::shipped().abbreviations;
            for s in sentences(&text, a..b, &abbr) {
                prop_assert!(text.get(s.span.clone()).is_some());
            }
        }
    }
}
