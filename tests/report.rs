//! The editor's fact-check reports (HTML and Markdown), built through the
//! library on the seed corpus and small fixtures, checked by parsing the
//! HTML, by a Markdown snapshot, and in headless Chromium when it is installed.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on bad fixtures

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use claimcheck::baseline::Accepted;
use claimcheck::report::factcheck;
use claimcheck::report::html::render_html;
use claimcheck::report::markdown::render_markdown;
use claimcheck::resolve::ClaimValue;
use claimcheck::schema::{load, SchemaFiles};
use claimcheck::Analysis;
use scraper::{ElementRef, Html, Selector};

const TROOPS: &str = "troop count (United States, Iraq)";

fn analysis(paths: &[&str]) -> Analysis {
    // Paths are relative to the crate root, as the report prints them.
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let set = load(&SchemaFiles::shipped()).unwrap_or_else(|_| panic!("schemas load"));
    let inputs: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    claimcheck::check_all(&inputs, vec![], &claimcheck::Run::new(&set))
}

fn contradiction_corpus() -> Analysis {
    analysis(&["seeds/000_e3d38a7551ecb064.txt", "tests/fixtures/troops"])
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text(e: ElementRef) -> String {
    e.text().collect::<String>()
}

/// Subjects that should get a plot: at least one compared quantity claim with a time.
fn plotted_subjects(a: &Analysis) -> BTreeSet<(String, String)> {
    a.claims
        .iter()
        .filter(|c| {
            matches!(c.value, ClaimValue::Quantity { .. })
                && c.not_compared.is_none()
                && c.time.as_ref().is_some_and(|t| t.start.is_some() || t.end.is_some())
        })
        .map(|c| (c.kind.clone(), c.subject.clone()))
        .collect()
}

#[test]
fn one_card_per_finding_with_both_excerpts_marked() {
    let a = contradiction_corpus();
    assert!(a.findings.iter().any(|f| f.code.as_str() == "contradiction"), "the corpus has a contradiction");
    let doc = Html::parse_document(&render_html(&a, "Contradiction"));
    let cards: Vec<ElementRef> = doc.select(&sel("article.finding")).collect();
    assert_eq!(cards.len(), a.findings.len());
    let card = cards.iter().find(|c| c.value().classes().any(|k| k == "error")).expect("an error card");
    let marks: Vec<String> = card.select(&sel("figure.excerpt blockquote mark")).map(text).collect();
    assert_eq!(marks, ["more than 5,000", "Some 3,000"]);
    let captions: Vec<String> = card.select(&sel("figure.excerpt figcaption")).map(text).collect();
    assert!(captions[0].contains("2020-01-16") && captions[0].contains("seeds/000_e3d38a7551ecb064.txt:9:"));
    assert!(
        captions[1].contains("2020-01-17") && captions[1].contains("tests/fixtures/troops/2020-01-17-troops.txt:1:")
    );
    let body = text(*card);
    assert!(body.contains("5,001 or more"), "values in words: {body}");
    assert!(body.contains("the values do not overlap"), "the help: {body}");
    assert!(body.contains("contradiction"));
}

#[test]
fn seed_report_has_a_card_per_finding_and_a_plot_per_subject() {
    let a = analysis(&["seeds"]);
    let html = render_html(&a, "Seeds");
    let doc = Html::parse_document(&html);
    assert_eq!(doc.select(&sel("article.finding")).count(), a.findings.len());
    let subjects = plotted_subjects(&a);
    let plots: Vec<ElementRef> = doc.select(&sel("svg.plot")).collect();
    assert_eq!(plots.len(), subjects.len(), "one plot per subject with a figure in time");
    assert!(subjects.iter().any(|(_, s)| s == TROOPS));
    for plot in &plots {
        let kind = plot.value().attr("data-kind").unwrap();
        let subject = plot.value().attr("data-subject").unwrap();
        assert!(subjects.contains(&(kind.to_string(), subject.to_string())), "{kind} {subject}");
        let claims = a
            .claims
            .iter()
            .filter(|c| c.kind == kind && c.subject == subject && matches!(c.value, ClaimValue::Quantity { .. }))
            .count();
        let marks = plot.select(&sel("g.claim")).count();
        assert_eq!(marks, claims, "one mark per claim of {subject}");
        assert_eq!(plot.select(&sel("g.claim > title")).count(), claims, "each mark has a tooltip");
        assert!(plot.value().attr("viewBox").is_some());
    }
}

#[test]
fn seed_timeline_puts_the_troop_figures_in_time_and_value_order() {
    let a = analysis(&["seeds"]);
    let doc = Html::parse_document(&render_html(&a, "Seeds"));
    let plot = doc
        .select(&sel("svg.plot"))
        .find(|p| p.value().attr("data-subject") == Some(TROOPS))
        .expect("a plot of the troop figures");
    // (date, value, x, y) of each mark placed in time.
    let mut marks: Vec<(String, f64, f64, f64)> = Vec::new();
    for g in plot.select(&sel("g.claim")) {
        let date = g.value().attr("data-date").unwrap().to_string();
        if date.is_empty() {
            continue;
        }
        let value: f64 = g.value().attr("data-value").unwrap().parse().unwrap();
        let dot = g.select(&sel("circle.dot")).next().unwrap();
        let x: f64 = dot.value().attr("cx").unwrap().parse().unwrap();
        let y: f64 = dot.value().attr("cy").unwrap().parse().unwrap();
        marks.push((date, value, x, y));
    }
    let years: BTreeSet<&str> = marks.iter().map(|m| &m.0[..4]).collect();
    for year in ["2007", "2020", "2021"] {
        assert!(years.contains(year), "a figure of {year}: {marks:?}");
    }
    let figure = |year: &str, value: f64| marks.iter().any(|m| m.0.starts_with(year) && m.1 == value);
    assert!(figure("2007", 170_000.0), "the 2007 peak: {marks:?}");
    assert!(figure("2020", 5_000.0), "January 2020: {marks:?}");
    assert!(figure("2021", 2_500.0), "December 2021: {marks:?}");
    let day = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
    for a in &marks {
        for b in &marks {
            // Days a pixel apart may share an x, and close values a y; order is never reversed.
            if a.0 < b.0 {
                assert!(a.2 <= b.2, "{} is not right of {}: {marks:?}", a.0, b.0);
                if (day(&b.0) - day(&a.0)).num_days() > 60 {
                    assert!(a.2 < b.2, "{} is left of {}: {marks:?}", a.0, b.0);
                }
            }
            if a.1 < b.1 {
                assert!(a.3 >= b.3, "{} is not above {}: {marks:?}", a.1, b.1);
                if b.1 > a.1 * 1.1 {
                    assert!(a.3 > b.3, "{} is below {} (SVG y grows down): {marks:?}", a.1, b.1);
                }
            }
        }
    }
    // 2,500 and 170,000 are both visible, far apart on the page.
    let y_of = |v: f64| marks.iter().find(|m| m.1 == v).map(|m| m.3).unwrap();
    assert!(y_of(2_500.0) - y_of(170_000.0) > 100.0, "{marks:?}");
    assert!(y_of(2_500.0) - y_of(5_000.0) > 20.0, "5,000 and 2,500 are told apart: {marks:?}");
    // The undated January 2020 figure is a mark too, in the lane without a time.
    assert!(plot.select(&sel("g.claim")).any(|g| g.value().attr("data-date") == Some("")));
}

#[test]
fn contradictions_are_marked_in_the_plot() {
    let a = contradiction_corpus();
    let doc = Html::parse_document(&render_html(&a, "Contradiction"));
    let plot = doc.select(&sel("svg.plot")).find(|p| p.value().attr("data-subject") == Some(TROOPS)).unwrap();
    let link = plot.select(&sel("g.link.contradiction")).next().expect("a contradiction mark");
    assert_eq!(link.select(&sel("circle")).count(), 2, "a ring on each claim");
    assert_eq!(link.select(&sel("line")).count(), 1, "a line between them");
}

#[test]
fn the_page_is_self_contained_and_semantic() {
    for a in [analysis(&["seeds"]), contradiction_corpus()] {
        let html = render_html(&a, "Report");
        let doc = Html::parse_document(&html);
        assert_eq!(doc.select(&sel("script")).count(), 0);
        for tag in ["link", "img", "iframe", "object", "embed"] {
            assert_eq!(doc.select(&sel(tag)).count(), 0, "no <{tag}>");
        }
        for e in doc.select(&sel("*")) {
            for (name, value) in e.value().attrs() {
                if name == "src" || name == "href" || name.ends_with(":href") {
                    let v = value.trim().to_ascii_lowercase();
                    assert!(
                        !(v.starts_with("http:") || v.starts_with("https:") || v.starts_with("//")),
                        "{name}={value}"
                    );
                    assert!(v.starts_with('#'), "only links within the page: {name}={value}");
                }
                assert!(!name.starts_with("on"), "no event handlers: {name}");
            }
        }
        assert!(!html.contains("@import") && !html.contains("url("), "no external CSS resources");
        assert_eq!(doc.select(&sel("html")).next().unwrap().value().attr("lang"), Some("en"));
        for s in ["header", "main", "section", "table", "figure", "figcaption"] {
            assert!(doc.select(&sel(s)).next().is_some(), "has <{s}>");
        }
        assert!(doc.select(&sel("th")).all(|th| th.value().attr("scope").is_some()), "every th has a scope");
        assert_eq!(doc.select(&sel("h1")).count(), 1);
        // Headings never skip a level.
        let mut level = 0;
        for h in doc.select(&sel("h1, h2, h3, h4, h5, h6")) {
            let l: u32 = h.value().name()[1..].parse().unwrap();
            assert!(l <= level + 1, "heading {} after level {level}", h.value().name());
            level = l;
        }
        assert!(html.contains("@media print") && html.contains("@page") && html.contains("size:A4"));
        assert!(html.contains("max-width:100%"));
    }
}

/// A corpus whose text and header try to inject markup.
fn hostile_corpus(dir: &Path) -> Analysis {
    std::fs::write(
        dir.join("evil.md"),
        "---\ndate: 2020-01-17\nsource: \"<b>Wire</b> & Co\"\ntitle: \"Q&A: \\\"troops\\\" <i>now</i>\"\n---\n<script>alert(1)</script> Some 3,000 US troops & more are in Iraq, officials said on Friday.\n",
    )
    .unwrap();
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/000_e3d38a7551ecb064.txt");
    std::fs::copy(seed, dir.join("seed.txt")).unwrap();
    let set = load(&SchemaFiles::shipped()).unwrap_or_else(|_| panic!("schemas load"));
    claimcheck::check_all(&[dir.to_path_buf()], vec![], &claimcheck::Run::new(&set))
}

#[test]
fn corpus_text_is_escaped_in_html() {
    let dir = tempfile::tempdir().unwrap();
    let a = hostile_corpus(dir.path());
    assert!(!a.findings.is_empty(), "the hostile document contradicts the seed");
    let html = render_html(&a, "Report <for> \"you\" & me");
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("troops &amp; more"));
    assert!(html.contains("&lt;b&gt;Wire&lt;/b&gt; &amp; Co"));
    assert!(!html.contains("<b>Wire</b>") && !html.contains("<i>now</i>"));
    let doc = Html::parse_document(&html);
    assert_eq!(doc.select(&sel("script")).count(), 0);
    assert_eq!(doc.select(&sel("b")).count(), 0);
    assert_eq!(text(doc.select(&sel("title")).next().unwrap()), "Report <for> \"you\" & me");
    let quote = doc.select(&sel("figure.excerpt blockquote")).map(text).find(|t| t.contains("alert")).unwrap();
    assert!(quote.contains("<script>alert(1)</script> Some 3,000 US troops & more"), "{quote}");
}

#[test]
fn corpus_text_is_escaped_in_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let a = hostile_corpus(dir.path());
    let md = render_markdown(&a, "Report");
    assert!(!md.contains("<script>"), "{md}");
    assert!(md.contains("\\<script\\>alert(1)\\</script\\>"), "{md}");
    assert!(md.contains("troops \\& more"), "{md}");
    assert!(md.contains("\\<b\\>Wire\\</b\\> \\& Co"), "{md}");
    assert!(md.contains("**Some 3,000**"), "{md}");
}

#[test]
fn markdown_report_of_a_contradiction() {
    let a = contradiction_corpus();
    insta::assert_snapshot!(render_markdown(&a, "Fact-check: troops"));
}

#[test]
fn markdown_timeline_lists_the_troop_figures_in_time_order() {
    let a = analysis(&["seeds"]);
    let md = render_markdown(&a, "Seeds");
    let section = md.split("## Timelines").nth(1).unwrap().split("## All claims").next().unwrap();
    let troops = section.split(&format!("### {TROOPS}")).nth(1).unwrap();
    let lines: Vec<&str> =
        troops.lines().take_while(|l| !l.starts_with("###")).filter(|l| l.starts_with("- ")).collect();
    let first = |needle: &str| lines.iter().position(|l| l.contains(needle)).unwrap_or(usize::MAX);
    assert!(first("- 2007") < first("- 2020-01-16"), "{lines:#?}");
    assert!(first("- 2020-01-16") < first("2021-12-09"), "{lines:#?}");
    assert!(lines.last().unwrap().starts_with("- no time"), "{lines:#?}");
    assert!(!section.contains("](") && !section.contains("http"), "link-free");
}

#[test]
fn baselined_findings_are_cards_with_the_editors_note() {
    let mut a = contradiction_corpus();
    let n = a.findings.len();
    let pos = a.findings.iter().position(|f| f.code.as_str() == "contradiction").unwrap();
    let finding = a.findings.remove(pos);
    a.baselined.push(Accepted { finding, reason: Some("Both figures confirmed <by> the desk".into()) });
    let html = render_html(&a, "Baselined");
    let doc = Html::parse_document(&html);
    assert_eq!(doc.select(&sel("article.finding")).count(), n);
    let card = doc.select(&sel("article.finding.baselined")).next().expect("a baselined card");
    assert!(text(card).contains("Both figures confirmed <by> the desk"));
    assert_eq!(card.select(&sel("mark")).count(), 2);
    assert!(text(doc.select(&sel("#summary")).next().unwrap()).contains("1 finding accepted by the baseline"));
    let md = render_markdown(&a, "Baselined");
    assert!(md.contains("## Accepted findings (baselined)"));
    assert!(md.contains("Editor's note: Both figures confirmed \\<by\\> the desk"));
}

#[test]
fn reports_are_deterministic() {
    let a = analysis(&["seeds", "tests/fixtures/troops"]);
    let b = analysis(&["tests/fixtures/troops", "seeds"]);
    assert_eq!(render_html(&a, "T"), render_html(&b, "T"));
    assert_eq!(render_markdown(&a, "T"), render_markdown(&b, "T"));
}

#[test]
fn summary_counts_documents_claims_and_findings() {
    let a = analysis(&["seeds", "tests/fixtures/no-such-file.txt"]);
    let s = factcheck::summary(&a);
    assert_eq!(s.skipped.len(), 1, "{:?}", a.skipped);
    assert_eq!(s.documents.len(), a.documents.len());
    assert_eq!(s.claims, a.claims.len());
    assert_eq!(s.by_kind.iter().map(|k| k.claims).sum::<usize>(), a.claims.len());
    assert_eq!(s.undated, ["seeds/001_7c8c4421e929074a.txt"]);
    let doc = Html::parse_document(&render_html(&a, "Seeds"));
    let summary = text(doc.select(&sel("#summary")).next().unwrap());
    assert!(summary.contains("undated"), "{summary}");
    for (path, reason) in &s.skipped {
        assert!(summary.contains(path.as_str()) && summary.contains(reason.as_str()), "{summary}");
    }
}

// ------------------------------------------------------------ headless Chromium

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"].iter().find_map(|name| {
        let ok = Command::new(name)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| PathBuf::from(name))
    })
}

/// Runs a command, killing it after `limit`; returns its stdout and stderr.
fn run_with_limit(mut cmd: Command, limit: Duration) -> (String, String) {
    let out_dir = tempfile::tempdir().unwrap();
    let (out_path, err_path) = (out_dir.path().join("out"), out_dir.path().join("err"));
    let mut child = cmd
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium took longer than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    (std::fs::read_to_string(out_path).unwrap_or_default(), std::fs::read_to_string(err_path).unwrap_or_default())
}

fn chromium_command(chromium: &Path, profile: &Path) -> Command {
    let mut cmd = Command::new(chromium);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--enable-logging=stderr",
        "--v=0",
    ]);
    cmd.arg(format!("--user-data-dir={}", profile.display()));
    cmd
}

fn console_errors(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains("Uncaught") || l.contains("CONSOLE") || l.contains("ERROR:CONSOLE")).collect()
}

#[test]
fn headless_chromium_renders_the_seed_report() {
    let Some(chromium) = chromium() else {
        println!("skipped: chromium not installed");
        return;
    };
    let a = analysis(&["seeds"]);
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    std::fs::write(&page, render_html(&a, "Fact-check: seed corpus")).unwrap();
    let url = format!("file://{}", page.display());

    let shot = dir.path().join("report.png");
    let mut cmd = chromium_command(&chromium, &dir.path().join("profile-shot"));
    cmd.arg("--window-size=1200,2000").arg(format!("--screenshot={}", shot.display())).arg(&url);
    let (_, stderr) = run_with_limit(cmd, Duration::from_secs(120));
    let png = std::fs::read(&shot).unwrap_or_else(|_| panic!("no screenshot; chromium said:\n{stderr}"));
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    let height = u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
    assert_eq!((width, height), (1200, 2000));
    assert!(png.len() > 40_000, "a page with content, not a blank image: {} bytes", png.len());
    assert!(console_errors(&stderr).is_empty(), "console errors:\n{stderr}");

    let mut cmd = chromium_command(&chromium, &dir.path().join("profile-dom"));
    cmd.arg("--dump-dom").arg(&url);
    let (dom, stderr) = run_with_limit(cmd, Duration::from_secs(120));
    assert!(console_errors(&stderr).is_empty(), "console errors:\n{stderr}");
    let doc = Html::parse_document(&dom);
    assert_eq!(doc.select(&sel("article.finding")).count(), a.findings.len(), "the browser sees every card");
    assert!(doc.select(&sel("svg.plot g.claim")).count() > 0, "the browser sees the plots");

    // `CLAIMCHECK_SCREENSHOT=path` keeps the screenshot (docs/report-seeds.png is made so).
    if let Ok(keep) = std::env::var("CLAIMCHECK_SCREENSHOT") {
        std::fs::copy(&shot, keep).unwrap();
    }
}
