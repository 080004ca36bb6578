//! The editor's fact-check report as one self-contained HTML5 page.
//! In: an [`Analysis`] and a title. Out: a string of HTML with inline CSS and
//! inline SVG only — no script, no external font, image or stylesheet, no
//! link that leaves the page — readable without JavaScript and printable on A4.
//!
//! The page has a summary, one card per finding (both excerpts side by side,
//! the number marked), a timeline plot per subject whose figures have a time,
//! and an index of every claim. All text from the corpus goes through
//! [`escape`].

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use crate::check::{self, Code, Finding};
use crate::Analysis;

use super::factcheck::{self, Excerpt, Point, Site, Timeline};

/// Escapes text for HTML element content and quoted attribute values:
/// `&`, `<`, `>`, `"` and `'` become character references, and control
/// characters (other than tab and line breaks) become U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Colours for documents in a plot: each at least 3:1 against white (WCAG
/// 1.4.11), none the red of contradictions or the amber of disputes.
const PALETTE: [&str; 8] = ["#0b61a4", "#7b3fa0", "#2e7d32", "#a3195b", "#00798a", "#6b6b00", "#6d4c41", "#455a64"];

/// Red of contradiction marks (4.9:1 on white).
const CONTRADICTION: &str = "#d32f2f";
/// Colour of dispute marks.
const DISPUTE: &str = "#8a5100";
/// Colour of revision lines.
const REVISION: &str = "#4a5562";

const CSS: &str = r#"
:root{color-scheme:light;--ink:#1b1f24;--muted:#4a5562;--line:#d0d7de;--bg:#f6f8fa;--error:#b3261e;--warning:#8a5100;--info:#0b5cad;--ok:#1e6b34}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#fff}
.wrap{max-width:1120px;margin:0 auto;padding:0 24px}
header.page{background:#0f2a44;color:#fff;padding:24px 0 16px}
header.page h1{margin:0 0 4px;font-size:1.9rem;line-height:1.2}
header.page p{margin:0 0 10px;color:#dce6f0}
nav.toc ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 20px;font-size:.95rem}
nav.toc a{color:#fff;text-underline-offset:3px}
main{padding:4px 0 40px}
h2{font-size:1.45rem;margin:30px 0 10px;padding-bottom:6px;border-bottom:2px solid var(--line)}
h3{font-size:1.12rem;margin:22px 0 8px}
.finding h3{margin:4px 0 4px}
p.lede{color:var(--muted);margin:6px 0 14px}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(112px,1fr));gap:12px;list-style:none;padding:0;margin:16px 0 20px}
.tiles li{border:1px solid var(--line);border-radius:8px;padding:8px 14px;background:var(--bg);line-height:1.3}
.tiles .n{display:block;font-size:1.85rem;font-weight:700;line-height:1.15;font-variant-numeric:tabular-nums}
.tiles .error .n{color:var(--error)}.tiles .warning .n{color:var(--warning)}.tiles .info .n{color:var(--info)}.tiles .baselined .n{color:var(--ok)}
.tables{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:0 28px}
table{border-collapse:collapse;width:100%;margin:6px 0 18px;font-size:.92rem}
th,td{text-align:left;vertical-align:top;padding:5px 10px;border-bottom:1px solid var(--line)}
thead th{background:var(--bg);border-bottom:2px solid var(--line);font-weight:600}
tbody th{font-weight:600}
.num{text-align:right;font-variant-numeric:tabular-nums}
td.undated,span.undated{color:var(--warning);font-weight:600}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.86em;overflow-wrap:anywhere}
a{color:#0b5cad}
.finding{border:1px solid var(--line);border-left:6px solid var(--muted);border-radius:8px;padding:14px 20px 10px;margin:18px 0;background:#fff;break-inside:avoid;page-break-inside:avoid}
.finding.error{border-left-color:var(--error)}.finding.warning{border-left-color:var(--warning)}.finding.info{border-left-color:var(--info)}
.finding.baselined{background:#fbfcfb}
.tags{margin:0;display:flex;flex-wrap:wrap;gap:8px;align-items:center;font-size:.85rem}
.badge{display:inline-block;font-size:.74rem;font-weight:700;letter-spacing:.04em;text-transform:uppercase;padding:2px 9px;border-radius:999px;color:#fff;background:var(--muted)}
.badge.error{background:var(--error)}.badge.warning{background:var(--warning)}.badge.info{background:var(--info)}
.badge.baselined{background:#fff;color:var(--ok);border:1px solid var(--ok)}
.message{margin:2px 0 8px;font-size:1.02rem}
.excerpts{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:14px;margin:10px 0 12px}
figure.excerpt{margin:0;border:1px solid var(--line);border-radius:6px;background:var(--bg);padding:12px 14px;display:flex;flex-direction:column;gap:8px;break-inside:avoid}
figure.excerpt blockquote{margin:0;font-family:Georgia,"Times New Roman",serif;font-size:1.04rem;line-height:1.55}
figure.excerpt blockquote p{margin:0}
mark{background:#ffe066;color:#1b1f24;padding:0 3px;border-radius:3px;font-weight:700;box-decoration-break:clone;-webkit-box-decoration-break:clone}
figure.excerpt figcaption{font-size:.85rem;color:var(--muted)}
figure.excerpt figcaption .source{font-weight:700;color:var(--ink)}
dl.values{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0;font-size:.9rem}
dl.values dt{color:var(--muted)}
dl.values dd{margin:0;font-weight:600}
.why{margin:6px 0}
.meaning{margin:6px 0;color:var(--muted);font-size:.9rem}
.note{margin:8px 0 6px;background:#eef7f0;border:1px solid #b7dfc2;padding:8px 12px;border-radius:6px}
section.timeline{break-inside:avoid;page-break-inside:avoid}
figure.timeline{margin:6px 0 26px}
svg.plot{display:block;width:100%;max-width:100%;height:auto;border:1px solid var(--line);border-radius:6px;background:#fff}
.plot text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:12px;fill:#3b434c}
.plot .grid{stroke:#e6eaef;stroke-width:1}
.plot .axis{stroke:#6e7781;stroke-width:1}
.plot .axis-title{font-size:12px;fill:#4a5562;font-weight:600}
.plot .lane{fill:#f6f8fa;stroke:#d0d7de;stroke-dasharray:4 3}
.plot .claim .label{font-size:11.5px;fill:#1b1f24;font-weight:600;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
figure.timeline figcaption{font-size:.9rem;color:var(--muted);margin-top:8px}
ul.legend{list-style:none;padding:0;margin:6px 0 0;display:flex;flex-wrap:wrap;gap:4px 18px}
ul.legend li{display:flex;align-items:center;gap:6px}
ul.legend svg{flex:none}
ul.key{color:var(--muted)}
footer.page{border-top:1px solid var(--line);color:var(--muted);font-size:.85rem;padding:14px 0 30px}
@page{size:A4;margin:14mm 12mm}
@media print{
body{font-size:10pt}
.wrap{max-width:none;padding:0}
header.page{background:none;color:#000;padding:0 0 8px;border-bottom:2px solid #000}
header.page p{color:#000}
nav.toc{display:none}
h2{break-after:avoid;page-break-after:avoid}
h3{break-after:avoid;page-break-after:avoid}
.finding,figure,tr,.excerpt,section.timeline{break-inside:avoid;page-break-inside:avoid}
svg.plot{max-width:100%;height:auto}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
a{color:inherit;text-decoration:none}
}
"#;

/// Renders the fact-check report: one self-contained HTML page.
pub fn render_html(analysis: &Analysis, title: &str) -> String {
    let summary = factcheck::summary(analysis);
    let timelines = factcheck::timelines(analysis);
    let groups = factcheck::groups(analysis);
    let mut out = String::with_capacity(64 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"generator\" content=\"claimcheck\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(title));
    let _ = writeln!(out, "<style>{CSS}</style>\n</head>\n<body>");

    // Header and contents.
    let findings = analysis.findings.len();
    let _ = writeln!(
        out,
        "<header class=\"page\"><div class=\"wrap\">\n<h1>{}</h1>\n<p>Fact-check report: {} checked, {}, {}.</p>",
        escape(title),
        plural(summary.documents.len(), "document"),
        plural(summary.claims, "claim"),
        plural(findings, "finding"),
    );
    out.push_str("<nav class=\"toc\" aria-label=\"Contents\"><ul>");
    out.push_str("<li><a href=\"#summary\">Summary</a></li><li><a href=\"#findings\">Findings</a></li>");
    if !analysis.baselined.is_empty() {
        out.push_str("<li><a href=\"#baselined\">Accepted findings</a></li>");
    }
    out.push_str("<li><a href=\"#timelines\">Timelines</a></li><li><a href=\"#claims\">All claims</a></li>");
    out.push_str("</ul></nav>\n</div></header>\n<main class=\"wrap\">\n");

    summary_section(&mut out, &summary);

    // Findings.
    let numbers = finding_numbers(analysis);
    out.push_str("<section id=\"findings\" aria-labelledby=\"findings-h\">\n<h2 id=\"findings-h\">Findings</h2>\n");
    if analysis.findings.is_empty() {
        out.push_str("<p class=\"lede\">No findings: no two claims that were compared disagree.</p>\n");
    }
    for (n, f) in analysis.findings.iter().enumerate() {
        card(&mut out, analysis, f, n + 1, None);
    }
    out.push_str("</section>\n");
    if !analysis.baselined.is_empty() {
        out.push_str(
            "<section id=\"baselined\" aria-labelledby=\"baselined-h\">\n<h2 id=\"baselined-h\">Accepted findings (baselined)</h2>\n",
        );
        out.push_str(
            "<p class=\"lede\">The baseline accepts these findings, so they do not fail a check; the editor's note says why.</p>\n",
        );
        for (n, a) in analysis.baselined.iter().enumerate() {
            card(&mut out, analysis, &a.finding, analysis.findings.len() + n + 1, Some(&a.reason));
        }
        out.push_str("</section>\n");
    }

    // Timelines.
    out.push_str("<section id=\"timelines\" aria-labelledby=\"timelines-h\">\n<h2 id=\"timelines-h\">Timelines</h2>\n");
    if timelines.is_empty() {
        out.push_str("<p class=\"lede\">No subject has a compared figure with a time.</p>\n");
    } else {
        out.push_str("<p class=\"lede\">Each figure of a subject, placed at the time it is said to be true. A dot is the number as stated; a vertical bar the range its wording allows (“about”, “more than”: an arrow runs on to the edge); a horizontal bar the time span (“in 2007”). A red ring and line join claims that contradict each other; a dashed line joins a revision.</p>\n");
    }
    for (n, t) in timelines.iter().enumerate() {
        timeline_section(&mut out, analysis, t, n + 1);
    }
    out.push_str("</section>\n");

    // Claim index.
    out.push_str("<section id=\"claims\" aria-labelledby=\"claims-h\">\n<h2 id=\"claims-h\">All claims</h2>\n");
    if groups.is_empty() {
        out.push_str("<p class=\"lede\">No claims were found.</p>\n");
    }
    for (n, g) in groups.iter().enumerate() {
        let _ = writeln!(
            out,
            "<section class=\"claims\" aria-labelledby=\"claims-{n}\">\n<h3 id=\"claims-{n}\">{} <code>{}</code></h3>",
            escape(&g.subject),
            escape(&g.kind)
        );
        out.push_str("<table>\n<thead><tr><th scope=\"col\">Claim</th><th scope=\"col\">Document</th><th scope=\"col\">Value</th><th scope=\"col\">True at</th><th scope=\"col\">Attributed to</th><th scope=\"col\">Status</th></tr></thead>\n<tbody>\n");
        for &i in &g.claims {
            let Some(c) = analysis.claims.get(i) else { continue };
            let Some(site) = factcheck::site(analysis, c) else { continue };
            let status = match (&c.not_compared, numbers.get(&i)) {
                (Some(reason), _) => format!("not compared: {}", escape(reason)),
                (None, Some(ns)) => {
                    let links: Vec<String> = ns
                        .iter()
                        .map(|(n, code)| format!("{code} (<a href=\"#finding-{n}\">finding {n}</a>)"))
                        .collect();
                    format!("compared; {}", links.join(", "))
                }
                (None, None) => "compared; agrees".into(),
            };
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{}</th><td><code>{}</code><br>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{status}</td></tr>",
                escape(&c.text),
                escape(&site.location()),
                source_and_date(&site),
                escape(&factcheck::value_words(c)),
                escape(&factcheck::claim_time_words(c)),
                c.attribution.as_deref().map(escape).unwrap_or_else(|| "—".into()),
            );
        }
        out.push_str("</tbody>\n</table>\n</section>\n");
    }
    out.push_str("</section>\n</main>\n");
    let _ = writeln!(
        out,
        "<footer class=\"page\"><div class=\"wrap\">Made by claimcheck {} from {}. Values are intervals: a hedge (“about”, “more than”) widens what a figure allows, and two figures contradict only when their intervals do not overlap at the same time.</div></footer>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION"),
        plural(summary.documents.len(), "document"),
    );
    out
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// For each claim, the numbers of the cards of the findings it is part of.
fn finding_numbers(analysis: &Analysis) -> BTreeMap<usize, Vec<(usize, &'static str)>> {
    let mut numbers: BTreeMap<usize, Vec<(usize, &'static str)>> = BTreeMap::new();
    for (n, (f, _)) in factcheck::all_findings(analysis).enumerate() {
        for &c in &f.claims {
            numbers.entry(c).or_default().push((n + 1, f.code.as_str()));
        }
    }
    numbers
}

fn source_and_date(site: &Site) -> String {
    let date = match site.date {
        Some(d) => format!("<time datetime=\"{d}\">{d}</time>"),
        None => "<span class=\"undated\">undated</span>".into(),
    };
    match &site.source {
        Some(s) => format!("{} · {date}", escape(s)),
        None => date,
    }
}

fn summary_section(out: &mut String, s: &factcheck::Summary) {
    out.push_str("<section id=\"summary\" aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">Summary</h2>\n<ul class=\"tiles\">\n");
    let tile = |out: &mut String, class: &str, n: usize, what: &str| {
        let _ = writeln!(out, "<li class=\"{class}\"><span class=\"n\">{n}</span> {what}</li>");
    };
    tile(out, "docs", s.documents.len(), if s.documents.len() == 1 { "document" } else { "documents" });
    tile(out, "skipped", s.skipped.len(), "skipped");
    tile(out, "claims", s.claims, if s.claims == 1 { "claim" } else { "claims" });
    for &(sev, n) in &s.by_severity {
        let name = factcheck::severity_name(sev);
        let what = if n == 1 { name.to_string() } else { format!("{name}s") };
        tile(out, name, n, &what);
    }
    tile(out, "undated", s.undated.len(), "undated");
    tile(out, "baselined", s.baselined, "baselined");
    out.push_str("</ul>\n");

    out.push_str("<h3>Documents</h3>\n<table>\n<thead><tr><th scope=\"col\">Document</th><th scope=\"col\">Source</th><th scope=\"col\">Published</th><th scope=\"col\" class=\"num\">Claims</th></tr></thead>\n<tbody>\n");
    for d in &s.documents {
        let title = d.title.as_deref().map(|t| format!("<br>{}", escape(t))).unwrap_or_default();
        let date = match d.date {
            Some(x) => format!("<td><time datetime=\"{x}\">{x}</time></td>"),
            None => "<td class=\"undated\">undated</td>".into(),
        };
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\"><code>{}</code>{title}</th><td>{}</td>{date}<td class=\"num\">{}</td></tr>",
            escape(&d.path),
            d.source.as_deref().map(escape).unwrap_or_else(|| "—".into()),
            d.claims
        );
    }
    out.push_str("</tbody>\n</table>\n");
    if !s.undated.is_empty() {
        let list: Vec<String> = s.undated.iter().map(|p| format!("<code>{}</code>", escape(p))).collect();
        let _ = writeln!(
            out,
            "<p>Undated: {}. Their relative dates stay unresolved and their present-tense figures are not compared.</p>",
            list.join(", ")
        );
    }
    if !s.skipped.is_empty() {
        out.push_str("<h3>Skipped</h3>\n<table>\n<thead><tr><th scope=\"col\">Path</th><th scope=\"col\">Reason</th></tr></thead>\n<tbody>\n");
        for (path, reason) in &s.skipped {
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\"><code>{}</code></th><td>{}</td></tr>",
                escape(path),
                escape(reason)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("<div class=\"tables\">\n<div>\n<h3>Claims by kind</h3>\n<table>\n<thead><tr><th scope=\"col\">Kind</th><th scope=\"col\" class=\"num\">Claims</th><th scope=\"col\" class=\"num\">Compared</th></tr></thead>\n<tbody>\n");
    for k in &s.by_kind {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\"><code>{}</code></th><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&k.kind),
            k.claims,
            k.compared
        );
    }
    out.push_str("</tbody>\n</table>\n</div>\n<div>\n<h3>Findings</h3>\n<table>\n<thead><tr><th scope=\"col\">Code</th><th scope=\"col\">Severity</th><th scope=\"col\" class=\"num\">Findings</th></tr></thead>\n<tbody>\n");
    for &(code, n) in &s.by_code {
        let sev = factcheck::severity_name(code.doc().severity);
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\"><code>{}</code></th><td>{sev}</td><td class=\"num\">{n}</td></tr>",
            code.as_str()
        );
    }
    if s.by_code.is_empty() {
        out.push_str("<tr><td colspan=\"3\">none</td></tr>\n");
    }
    let _ = writeln!(
        out,
        "</tbody>\n</table>\n<p>{} accepted by the baseline{}.</p>\n</div>\n</div>\n</section>",
        plural(s.baselined, "finding"),
        if s.stale > 0 {
            format!("; {} no longer match any finding", plural(s.stale, "baseline entry"))
        } else {
            String::new()
        }
    );
}

fn excerpt_html(e: &Excerpt) -> String {
    if e.number.is_empty() {
        return escape(&e.before);
    }
    format!("{}<mark>{}</mark>{}", escape(&e.before), escape(&e.number), escape(&e.after))
}

/// One finding as a card; `baselined` carries the editor's note when the baseline accepts it.
fn card(out: &mut String, analysis: &Analysis, f: &Finding, n: usize, baselined: Option<&Option<String>>) {
    let sev = factcheck::severity_name(f.severity);
    let class = if baselined.is_some() { format!("finding {sev} baselined") } else { format!("finding {sev}") };
    let _ = writeln!(out, "<article class=\"{class}\" id=\"finding-{n}\" aria-labelledby=\"finding-{n}-h\">\n<header>");
    let _ = write!(
        out,
        "<p class=\"tags\"><span class=\"badge {sev}\">{sev}</span> <code>{}</code> <span>finding {n}</span>",
        f.code.as_str()
    );
    if baselined.is_some() {
        out.push_str(" <span class=\"badge baselined\">baselined</span>");
    }
    out.push_str("</p>\n");
    let heading = match (&f.subject, f.doc) {
        (Some(s), _) => escape(s),
        (None, Some(d)) => analysis
            .documents
            .get(d)
            .map(|x| format!("<code>{}</code>", escape(&x.document.path.display().to_string())))
            .unwrap_or_default(),
        (None, None) => escape(f.code.as_str()),
    };
    let _ = writeln!(
        out,
        "<h3 id=\"finding-{n}-h\">{heading}</h3>\n<p class=\"message\">{}</p>\n</header>",
        escape(&f.message)
    );
    out.push_str("<div class=\"excerpts\">\n");
    let claims: Vec<_> = f.claims.iter().filter_map(|&i| analysis.claims.get(i)).collect();
    for c in &claims {
        let Some(site) = factcheck::site(analysis, c) else { continue };
        let _ = writeln!(
            out,
            "<figure class=\"excerpt\">\n<figcaption>{}</figcaption>\n<blockquote><p>{}</p></blockquote>",
            caption(&site),
            excerpt_html(&factcheck::excerpt(analysis, c))
        );
        out.push_str("<dl class=\"values\">");
        if let Some(stated) = factcheck::stated_words(c) {
            let _ = write!(out, "<dt>Stated</dt><dd>{}</dd>", escape(&stated));
        }
        let _ = write!(out, "<dt>Allows</dt><dd>{}</dd>", escape(&factcheck::value_words(c)));
        if c.time.is_some() {
            let _ = write!(out, "<dt>True at</dt><dd>{}</dd>", escape(&factcheck::claim_time_words(c)));
        }
        if let Some(a) = &c.attribution {
            let _ = write!(out, "<dt>Attributed to</dt><dd>{}</dd>", escape(a));
        }
        out.push_str("</dl>\n</figure>\n");
    }
    if claims.is_empty() {
        let doc = f.doc.and_then(|d| analysis.documents.get(d).map(|x| (d, x.document.body.start)));
        if let Some((d, site)) = doc.and_then(|(d, start)| factcheck::site_at(analysis, d, start).map(|s| (d, s))) {
            let opening = factcheck::opening(analysis, d);
            let _ = writeln!(
                out,
                "<figure class=\"excerpt\">\n<figcaption>{}</figcaption>\n<blockquote><p>{}</p></blockquote>\n</figure>",
                caption(&site),
                excerpt_html(&opening)
            );
        }
    }
    out.push_str("</div>\n");
    let _ = writeln!(out, "<p class=\"why\"><strong>Why:</strong> {}</p>", escape(&f.help));
    let doc = f.code.doc();
    let _ = writeln!(
        out,
        "<p class=\"meaning\"><strong>{}</strong> — {} <strong>To resolve:</strong> {}</p>",
        f.code.as_str(),
        escape(doc.meaning),
        escape(doc.resolve)
    );
    if let Some(note) = baselined {
        match note {
            Some(reason) => {
                let _ = writeln!(
                    out,
                    "<p class=\"note\"><strong>Baselined.</strong> Editor's note: {}</p>",
                    escape(reason)
                );
            }
            None => out.push_str("<p class=\"note\"><strong>Baselined</strong> (no note).</p>\n"),
        }
    }
    out.push_str("</article>\n");
}

fn caption(site: &Site) -> String {
    let name = match (&site.source, &site.title) {
        (Some(s), _) => format!("<span class=\"source\">{}</span> · ", escape(s)),
        (None, Some(t)) => format!("<span class=\"source\">{}</span> · ", escape(t)),
        (None, None) => String::new(),
    };
    let date = match site.date {
        Some(d) => format!("<time datetime=\"{d}\">{d}</time>"),
        None => "<span class=\"undated\">undated</span>".into(),
    };
    format!("{name}{date} · <code>{}</code>", escape(&site.location()))
}

// ---------------------------------------------------------------- plots

/// Size of a plot, in SVG user units.
const WIDTH: f64 = 960.0;
const HEIGHT: f64 = 360.0;
const LEFT: f64 = 86.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 26.0;
const BOTTOM: f64 = 54.0;
/// Width of the lane for claims without a time.
const LANE: f64 = 120.0;

/// Values on the y axis: linear from 0, or logarithmic when the figures span
/// more than a factor of [`LOG_RATIO`].
struct ValueScale {
    log: bool,
    lo: f64,
    hi: f64,
    bottom: f64,
    top: f64,
    ticks: Vec<f64>,
}

/// Figures further apart than this factor are drawn on a log axis.
const LOG_RATIO: f64 = 20.0;

/// The smallest of 1, 2, 5 × 10^k at or above `x`.
fn nice_above(x: f64) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return 1.0;
    }
    let p = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * p).find(|v| *v >= x * (1.0 - 1e-9)).unwrap_or(10.0 * p)
}

/// A step of 1, 2, 2.5 or 5 × 10^k near `x`.
fn nice_step(x: f64) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return 1.0;
    }
    let p = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * p).find(|v| *v >= x * (1.0 - 1e-9)).unwrap_or(10.0 * p)
}

impl ValueScale {
    fn new(points: &[Point], bottom: f64, top: f64) -> Self {
        let mut values: Vec<f64> = Vec::new();
        for p in points {
            values.push(p.value);
            values.extend(p.high);
            values.extend(p.low.filter(|l| *l > 0.0));
        }
        let max = values.iter().copied().fold(0.0f64, f64::max);
        let min_pos = values.iter().copied().filter(|v| *v > 0.0).fold(f64::INFINITY, f64::min);
        if min_pos.is_finite() && max / min_pos >= LOG_RATIO {
            let lo = 10f64.powf(min_pos.log10().floor());
            let hi = nice_above(max * 1.08);
            let decades = (hi / lo).log10();
            let mut ticks = Vec::new();
            let mut p = lo;
            while p <= hi * (1.0 + 1e-9) {
                for m in [1.0, 2.0, 5.0] {
                    let v = p * m;
                    if v <= hi * (1.0 + 1e-9) && (m == 1.0 || decades <= 3.5) {
                        ticks.push(v);
                    }
                }
                p *= 10.0;
            }
            return ValueScale { log: true, lo, hi, bottom, top, ticks };
        }
        let (step, hi) = if max <= 0.0 {
            (1.0, 5.0)
        } else {
            let step = nice_step(max * 1.08 / 5.0);
            let step = if values.iter().all(|v| v.fract() == 0.0) { step.max(1.0) } else { step };
            (step, (max * 1.08 / step).ceil() * step)
        };
        let ticks = (0..=((hi / step).round() as usize).min(50)).map(|k| k as f64 * step).collect();
        ValueScale { log: false, lo: 0.0, hi, bottom, top, ticks }
    }

    /// The y of a value; values beyond the axis are clamped to its ends.
    fn y(&self, v: f64) -> f64 {
        let t = if self.log {
            if v <= self.lo {
                0.0
            } else {
                (v.log10() - self.lo.log10()) / (self.hi.log10() - self.lo.log10())
            }
        } else {
            (v - self.lo) / (self.hi - self.lo)
        };
        let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 };
        self.bottom - t * (self.bottom - self.top)
    }

    /// The value lies below the axis (drawn clamped, with an arrow).
    fn below(&self, v: f64) -> bool {
        v < self.lo
    }
}

/// Days on the x axis.
struct TimeScale {
    start: NaiveDate,
    end: NaiveDate,
    left: f64,
    right: f64,
}

impl TimeScale {
    fn new(points: &[Point], left: f64, right: f64) -> Option<Self> {
        let dates: Vec<NaiveDate> = points.iter().flat_map(|p| [p.start, p.end, p.at]).flatten().collect();
        let min = dates.iter().min().copied()?;
        let max = dates.iter().max().copied()?;
        let span = (max - min).num_days();
        let pad = if span == 0 { 30 } else { (span / 20).max(10) };
        let start = min.checked_sub_days(chrono::Days::new(pad as u64)).unwrap_or(min);
        let end = max.checked_add_days(chrono::Days::new(pad as u64)).unwrap_or(max);
        Some(TimeScale { start, end, left, right })
    }

    fn x(&self, d: NaiveDate) -> f64 {
        let total = (self.end - self.start).num_days().max(1) as f64;
        let t = ((d - self.start).num_days() as f64 / total).clamp(0.0, 1.0);
        self.left + t * (self.right - self.left)
    }

    /// Ticks with labels: years, months or days, whichever gives at most about ten.
    fn ticks(&self) -> Vec<(NaiveDate, String)> {
        let days = (self.end - self.start).num_days();
        let mut out = Vec::new();
        if days > 3 * 365 {
            let years = (self.end.year() - self.start.year()).max(1);
            let step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].into_iter().find(|s| years / s <= 10).unwrap_or(1000);
            let first = self.start.year() + 1;
            for y in first..=self.end.year() {
                if y.rem_euclid(step) == 0 {
                    if let Some(d) = NaiveDate::from_ymd_opt(y, 1, 1) {
                        out.push((d, y.to_string()));
                    }
                }
            }
        } else if days > 62 {
            let months = days / 30;
            let step: u32 = [1, 2, 3, 6, 12].into_iter().find(|s| months / i64::from(*s) <= 9).unwrap_or(12);
            let (mut y, mut m) = (self.start.year(), self.start.month());
            while let Some(d) = NaiveDate::from_ymd_opt(y, m, 1) {
                if d > self.end {
                    break;
                }
                if d >= self.start && (m - 1) % step == 0 {
                    let label = if m == 1 || out.is_empty() {
                        format!("{} {y}", factcheck::month_name(m, true))
                    } else {
                        factcheck::month_name(m, true).to_string()
                    };
                    out.push((d, label));
                }
                (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            }
        } else {
            let step = [1, 2, 7, 14].into_iter().find(|s| days / s <= 8).unwrap_or(14);
            let mut d = self.start;
            let mut k = 0;
            while d <= self.end {
                if k % step == 0 {
                    out.push((d, format!("{} {} {}", d.day(), factcheck::month_name(d.month(), true), d.year())));
                }
                k += 1;
                match d.succ_opt() {
                    Some(n) => d = n,
                    None => break,
                }
            }
        }
        out
    }
}

fn f1(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// An arrowhead at (x, y) pointing up, down, left or right.
fn arrow(x: f64, y: f64, dir: char, colour: &str) -> String {
    let pts = match dir {
        'u' => [(x, y), (x - 4.5, y + 8.0), (x + 4.5, y + 8.0)],
        'd' => [(x, y), (x - 4.5, y - 8.0), (x + 4.5, y - 8.0)],
        'l' => [(x, y), (x + 8.0, y - 4.5), (x + 8.0, y + 4.5)],
        _ => [(x, y), (x - 8.0, y - 4.5), (x - 8.0, y + 4.5)],
    };
    let list: Vec<String> = pts.iter().map(|(a, b)| format!("{},{}", f1(*a), f1(*b))).collect();
    format!("<polygon points=\"{}\" fill=\"{colour}\"/>", list.join(" "))
}

fn line(x1: f64, y1: f64, x2: f64, y2: f64, attrs: &str) -> String {
    format!("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" {attrs}/>", f1(x1), f1(y1), f1(x2), f1(y2))
}

/// A label box already placed, to keep labels from overlapping.
struct LabelBox {
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
}

impl LabelBox {
    fn overlaps(&self, o: &LabelBox) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
}

fn shorten(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(n.saturating_sub(1)).collect::<String>())
    }
}

/// The plot of one timeline, with its heading, legend and caption.
fn timeline_section(out: &mut String, analysis: &Analysis, t: &Timeline, n: usize) {
    let _ = writeln!(
        out,
        "<section class=\"timeline\" aria-labelledby=\"timeline-{n}-h\">\n<h3 id=\"timeline-{n}-h\">{} <code>{}</code></h3>\n<figure class=\"timeline\">",
        escape(&t.subject),
        escape(&t.kind)
    );
    let docs = t.documents();
    let colour = |doc: usize| PALETTE[docs.iter().position(|d| *d == doc).unwrap_or(0) % PALETTE.len()];
    out.push_str(&plot_svg(analysis, t, n, &colour));
    out.push_str("<figcaption>\n");
    let dated = t.points.iter().filter(|p| p.at.is_some()).count();
    let undated = t.points.len() - dated;
    let _ = write!(out, "<p>{} of {}", plural(t.points.len(), "figure"), escape(&t.subject));
    if undated > 0 {
        let _ = write!(out, " ({undated} without a time, at the right)");
    }
    let contradictions = t.links.iter().filter(|l| l.code == Code::Contradiction).count();
    if contradictions > 0 {
        let _ = write!(out, "; {} marked in red", plural(contradictions, "contradiction"));
    }
    out.push_str(".</p>\n<ul class=\"legend\">\n");
    for &d in &docs {
        let Some(site) = factcheck::site_at(analysis, d, 0) else { continue };
        let name = site.source.clone().map(|s| format!("{} · ", escape(&s))).unwrap_or_default();
        let _ = writeln!(
            out,
            "<li><svg width=\"14\" height=\"14\" viewBox=\"0 0 14 14\" aria-hidden=\"true\"><circle cx=\"7\" cy=\"7\" r=\"5.5\" fill=\"{}\"/></svg>{name}<code>{}</code> ({})</li>",
            colour(d),
            escape(&site.path),
            site.date_words()
        );
    }
    out.push_str("</ul>\n<ul class=\"legend key\">\n");
    out.push_str("<li><svg width=\"14\" height=\"14\" viewBox=\"0 0 14 14\" aria-hidden=\"true\"><circle cx=\"7\" cy=\"7\" r=\"5\" fill=\"#fff\" stroke=\"#4a5562\" stroke-width=\"2\"/></svg>hollow: not compared</li>\n");
    if contradictions > 0 {
        let _ = writeln!(out, "<li><svg width=\"14\" height=\"14\" viewBox=\"0 0 14 14\" aria-hidden=\"true\"><circle cx=\"7\" cy=\"7\" r=\"5.5\" fill=\"none\" stroke=\"{CONTRADICTION}\" stroke-width=\"2\"/></svg>red ring and line: contradiction</li>");
    }
    if t.links.iter().any(|l| l.code == Code::Revision) {
        let _ = writeln!(out, "<li><svg width=\"24\" height=\"14\" viewBox=\"0 0 24 14\" aria-hidden=\"true\"><line x1=\"1\" y1=\"7\" x2=\"23\" y2=\"7\" stroke=\"{REVISION}\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/></svg>dashed: revision</li>");
    }
    if t.links.iter().any(|l| l.code == Code::Dispute) {
        let _ = writeln!(out, "<li><svg width=\"24\" height=\"14\" viewBox=\"0 0 24 14\" aria-hidden=\"true\"><line x1=\"1\" y1=\"7\" x2=\"23\" y2=\"7\" stroke=\"{DISPUTE}\" stroke-width=\"2\" stroke-dasharray=\"2 3\"/></svg>amber ring, dotted line: dispute between attributed sources</li>");
    }
    out.push_str("</ul>\n</figcaption>\n</figure>\n</section>\n");
}

fn plot_svg(analysis: &Analysis, t: &Timeline, n: usize, colour: &dyn Fn(usize) -> &'static str) -> String {
    let undated: Vec<&Point> = t.points.iter().filter(|p| p.at.is_none()).collect();
    let lane = if undated.is_empty() { 0.0 } else { LANE };
    let (x0, x1) = (LEFT, WIDTH - RIGHT - lane);
    let (y_top, y_bottom) = (TOP, HEIGHT - BOTTOM);
    let values = ValueScale::new(&t.points, y_bottom, y_top);
    let Some(time) = TimeScale::new(&t.points, x0 + 10.0, x1 - 10.0) else {
        return String::new();
    };
    let mut s = String::with_capacity(8 * 1024);
    let desc: Vec<String> = t
        .points
        .iter()
        .filter_map(|p| analysis.claims.get(p.claim).map(|c| (p, c)))
        .map(|(p, c)| {
            let when = p.at.map(|_| factcheck::claim_time_words(c)).unwrap_or_else(|| "no time".into());
            format!("“{}” ({}) at {when}", c.text, factcheck::value_words(c))
        })
        .collect();
    let _ = writeln!(
        s,
        "<svg class=\"plot\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" height=\"{HEIGHT}\" role=\"img\" aria-labelledby=\"plot-{n}-t plot-{n}-d\" data-subject=\"{}\" data-kind=\"{}\">",
        escape(&t.subject),
        escape(&t.kind)
    );
    let _ = writeln!(
        s,
        "<title id=\"plot-{n}-t\">{} over time</title>\n<desc id=\"plot-{n}-d\">{}</desc>",
        escape(&t.subject),
        escape(&desc.join("; "))
    );

    // Grid and y axis.
    s.push_str("<g class=\"y-axis\">\n");
    for &v in &values.ticks {
        let y = values.y(v);
        s.push_str(&line(x0, y, WIDTH - RIGHT, y, "class=\"grid\""));
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            f1(x0 - 8.0),
            f1(y + 4.0),
            check::number_words(v)
        );
    }
    let unit = t.unit.clone().unwrap_or_else(|| "figure as stated".into());
    let title = if values.log { format!("{unit} (log scale)") } else { unit };
    let _ = writeln!(
        s,
        "<text class=\"axis-title\" transform=\"translate(16 {}) rotate(-90)\" text-anchor=\"middle\">{}</text>\n</g>",
        f1((y_top + y_bottom) / 2.0),
        escape(&title)
    );

    // x axis.
    s.push_str("<g class=\"x-axis\">\n");
    s.push_str(&line(x0, y_bottom, x1, y_bottom, "class=\"axis\""));
    s.push('\n');
    for (d, label) in time.ticks() {
        let x = time.x(d);
        s.push_str(&line(x, y_top, x, y_bottom, "class=\"grid\""));
        s.push_str(&line(x, y_bottom, x, y_bottom + 5.0, "class=\"axis\""));
        // Labels near the edges stay inside the picture.
        let half = label.chars().count() as f64 * 3.4;
        let anchor = if x + half > WIDTH - 4.0 {
            "end"
        } else if x - half < 4.0 {
            "start"
        } else {
            "middle"
        };
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>",
            f1(x),
            f1(y_bottom + 19.0),
            escape(&label)
        );
    }
    let _ = writeln!(
        s,
        "<text class=\"axis-title\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">time the figure is true at</text>\n</g>",
        f1((x0 + x1) / 2.0),
        f1(HEIGHT - 10.0)
    );
    s.push_str(&line(x0, y_top, x0, y_bottom, "class=\"axis\""));
    s.push('\n');

    // Lane for claims without a time.
    let lane_x0 = x1 + 12.0;
    if lane > 0.0 {
        let _ = writeln!(
            s,
            "<rect class=\"lane\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\"/>\n<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">no time</text>",
            f1(lane_x0),
            f1(y_top),
            f1(WIDTH - RIGHT - lane_x0),
            f1(y_bottom - y_top),
            f1((lane_x0 + WIDTH - RIGHT) / 2.0),
            f1(y_bottom + 19.0)
        );
    }

    // Where each point is.
    let mut at: BTreeMap<usize, (f64, f64)> = BTreeMap::new();
    let mut k = 0usize;
    for p in &t.points {
        let x = match p.at {
            Some(d) => time.x(d),
            None => {
                k += 1;
                lane_x0 + k as f64 * (WIDTH - RIGHT - lane_x0) / (undated.len() + 1) as f64
            }
        };
        at.insert(p.claim, (x, values.y(p.value)));
    }

    // Findings between points, under the marks.
    for l in &t.links {
        let (Some(&(ax, ay)), Some(&(bx, by))) = (at.get(&l.from), at.get(&l.to)) else { continue };
        let (stroke, dash, ring) = match l.code {
            Code::Contradiction => (CONTRADICTION, "", true),
            Code::Dispute => (DISPUTE, " stroke-dasharray=\"2 3\"", true),
            _ => (REVISION, " stroke-dasharray=\"6 4\"", false),
        };
        let opacity = if l.baselined { " opacity=\"0.5\"" } else { "" };
        let note = if l.baselined { " (baselined)" } else { "" };
        let _ = writeln!(
            s,
            "<g class=\"link {}\"{opacity}><title>{}{note}</title>",
            l.code.as_str(),
            escape(&format!("{}: {}", l.code.as_str(), l.message))
        );
        s.push_str(&line(ax, ay, bx, by, &format!("stroke=\"{stroke}\" stroke-width=\"2\"{dash}")));
        if ring {
            for (x, y) in [(ax, ay), (bx, by)] {
                let _ = write!(
                    s,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"11\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"2.5\"/>",
                    f1(x),
                    f1(y)
                );
            }
        }
        s.push_str("</g>\n");
    }

    // One mark per claim.
    let mut placed: Vec<LabelBox> = Vec::new();
    for p in &t.points {
        let Some(c) = analysis.claims.get(p.claim) else { continue };
        let Some(&(x, y)) = at.get(&p.claim) else { continue };
        let col = colour(p.doc);
        let site = factcheck::site(analysis, c);
        let path = site.as_ref().map(|x| x.path.clone()).unwrap_or_default();
        let when = if p.at.is_some() { factcheck::claim_time_words(c) } else { "no time".into() };
        let mut tip = format!("“{}” — {} — {when}", c.text, factcheck::value_words(c));
        if let Some(site) = &site {
            let _ = write!(tip, " — {} ({})", site.location(), site.date_words());
        }
        if let Some(a) = &c.attribution {
            let _ = write!(tip, " — attributed to {a}");
        }
        if let Some(r) = &c.not_compared {
            let _ = write!(tip, " — not compared: {r}");
        }
        let class = if p.compared { "claim" } else { "claim not-compared" };
        let _ = writeln!(
            s,
            "<g class=\"{class}\" data-claim=\"{}\" data-doc=\"{}\" data-date=\"{}\" data-value=\"{}\">\n<title>{}</title>",
            p.claim,
            escape(&path),
            p.at.map(|d| d.to_string()).unwrap_or_default(),
            p.value,
            escape(&tip)
        );
        // Time span.
        if p.at.is_some() {
            let bar = format!("stroke=\"{col}\" stroke-width=\"3\" stroke-opacity=\"0.6\" stroke-linecap=\"round\"");
            match (p.start, p.end) {
                (Some(a), Some(b)) if time.x(b) - time.x(a) > 2.0 => {
                    s.push_str(&line(time.x(a), y, time.x(b), y, &bar));
                    s.push_str(&line(time.x(a), y - 5.0, time.x(a), y + 5.0, &bar));
                    s.push_str(&line(time.x(b), y - 5.0, time.x(b), y + 5.0, &bar));
                }
                (None, Some(_)) => {
                    let bar = format!("{bar} stroke-dasharray=\"5 4\"");
                    s.push_str(&line(x0 + 8.0, y, x, y, &bar));
                    s.push_str(&arrow(x0 + 1.0, y, 'l', col));
                }
                (Some(_), None) => {
                    let bar = format!("{bar} stroke-dasharray=\"5 4\"");
                    s.push_str(&line(x, y, x1 - 8.0, y, &bar));
                    s.push_str(&arrow(x1 - 1.0, y, 'r', col));
                }
                _ => {}
            }
        }
        // Hedge: what the wording allows.
        let bar = format!("stroke=\"{col}\" stroke-width=\"2.5\" stroke-linecap=\"round\"");
        let hi_y = p.high.map(|h| values.y(h));
        let lo_y = p.low.map(|l| values.y(l));
        let top_y = hi_y.unwrap_or(y_top + 1.0);
        let bottom_y = lo_y.unwrap_or(y_bottom - 1.0);
        if bottom_y - top_y > 2.0 {
            s.push_str(&line(x, bottom_y, x, top_y, &bar));
            match hi_y {
                Some(h) => s.push_str(&line(x - 5.0, h, x + 5.0, h, &bar)),
                None => s.push_str(&arrow(x, y_top, 'u', col)),
            }
            match (lo_y, p.low) {
                (Some(_), Some(l)) if values.below(l) => s.push_str(&arrow(x, y_bottom, 'd', col)),
                (Some(l), _) => s.push_str(&line(x - 5.0, l, x + 5.0, l, &bar)),
                (None, _) => s.push_str(&arrow(x, y_bottom, 'd', col)),
            }
        }
        let fill = if p.compared { col } else { "#fff" };
        let _ = writeln!(
            s,
            "<circle class=\"dot\" cx=\"{}\" cy=\"{}\" r=\"6\" fill=\"{fill}\" stroke=\"{}\" stroke-width=\"2\"/>",
            f1(x),
            f1(y),
            if p.compared { "#fff" } else { col }
        );
        // Label: the figure as written, placed where it overlaps no other.
        if t.points.len() <= 16 {
            let lane_label = p.at.is_none();
            // In a dispute, who says so matters as much as the figure.
            let disputed = t.links.iter().any(|l| l.code == Code::Dispute && (l.from == p.claim || l.to == p.claim));
            let written = match (&c.attribution, disputed) {
                (Some(a), true) => format!("{} ({a})", factcheck::one_line(&c.text)),
                _ => factcheck::one_line(&c.text),
            };
            let text = shorten(&written, if lane_label { 16 } else { 36 });
            let w = text.chars().count() as f64 * 6.6 + 4.0;
            // Right of the dot, or of the end of its time span when that is drawn.
            let span_end = match (p.at, p.start, p.end) {
                (Some(_), Some(_), Some(e)) => time.x(e).max(x),
                _ => x,
            };
            let right_room = WIDTH - RIGHT - (span_end + 14.0);
            let (lx, anchor) = if lane_label {
                (x, "middle")
            } else if right_room >= w {
                (span_end + 14.0, "start")
            } else {
                (x - 14.0, "end")
            };
            let bx0 = match anchor {
                "start" => lx,
                "middle" => lx - w / 2.0,
                _ => lx - w,
            };
            let offsets: &[f64] =
                if lane_label { &[20.0, -14.0, 34.0, -28.0] } else { &[0.0, -15.0, 15.0, -30.0, 30.0, -45.0, 45.0] };
            let mut chosen = None;
            for &dy in offsets {
                let ly = y + 4.0 + dy;
                let b = LabelBox { x0: bx0, x1: bx0 + w, y0: ly - 11.0, y1: ly + 3.0 };
                let dots = at.values().any(|&(px, py)| {
                    (px, py) != (x, y) && px + 6.0 > b.x0 && px - 6.0 < b.x1 && py + 6.0 > b.y0 && py - 6.0 < b.y1
                });
                if ly - 11.0 >= y_top - 14.0 && ly <= y_bottom && !dots && !placed.iter().any(|o| o.overlaps(&b)) {
                    chosen = Some((ly, b));
                    break;
                }
            }
            if let Some((ly, b)) = chosen {
                let _ = writeln!(
                    s,
                    "<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>",
                    f1(lx),
                    f1(ly),
                    escape(&text)
                );
                placed.push(b);
            }
        }
        s.push_str("</g>\n");
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_entities_and_quotes() {
        let cases = [
            ("script", "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
            ("ampersand", "AT&T &amp; co", "AT&amp;T &amp;amp; co"),
            ("double quote", "say \"hi\"", "say &quot;hi&quot;"),
            ("single quote", "it's", "it&#39;s"),
            ("attribute break", "\" onmouseover=\"x", "&quot; onmouseover=&quot;x"),
            ("control character", "a\u{0}b", "a\u{FFFD}b"),
            ("plain and curly", "“5,000” – ok\n", "“5,000” – ok\n"),
        ];
        for (name, input, expected) in cases {
            assert_eq!(escape(input), expected, "{name}");
        }
    }

    #[test]
    fn nice_numbers() {
        assert_eq!(nice_above(170_000.0 * 1.08), 200_000.0);
        assert_eq!(nice_above(5.0), 5.0);
        assert_eq!(nice_step(1234.0), 2000.0);
        assert_eq!(nice_step(0.0), 1.0);
    }

    fn pt(value: f64, day: &str) -> Point {
        let d = NaiveDate::parse_from_str(day, "%Y-%m-%d").ok();
        Point { claim: 0, doc: 0, at: d, start: d, end: d, value, low: Some(value), high: Some(value), compared: true }
    }

    #[test]
    fn far_apart_figures_get_a_log_axis_and_keep_their_order() {
        let points = [pt(2500.0, "2021-12-09"), pt(170_000.0, "2007-07-02"), pt(5000.0, "2020-01-16")];
        let s = ValueScale::new(&points, 300.0, 20.0);
        assert!(s.log);
        assert!(s.y(2500.0) > s.y(5000.0) && s.y(5000.0) > s.y(170_000.0));
        assert!(s.y(5000.0) - s.y(170_000.0) > 50.0, "the three figures are far apart on the page");
        assert!(s.ticks.contains(&10_000.0));
        let close = [pt(3000.0, "2020-01-17"), pt(5000.0, "2020-01-16")];
        let s = ValueScale::new(&close, 300.0, 20.0);
        assert!(!s.log);
        assert_eq!(s.ticks.first(), Some(&0.0));
        assert!(s.ticks.last().is_some_and(|t| *t >= 5000.0));
    }

    #[test]
    fn time_ticks_by_span() {
        let scale = |a: &str, b: &str| TimeScale {
            start: NaiveDate::parse_from_str(a, "%Y-%m-%d").unwrap(),
            end: NaiveDate::parse_from_str(b, "%Y-%m-%d").unwrap(),
            left: 0.0,
            right: 100.0,
        };
        let years = scale("2006-03-01", "2024-06-01").ticks();
        assert_eq!(years.first().map(|t| t.1.as_str()), Some("2008"));
        assert!(years.len() <= 10);
        let months = scale("2020-01-10", "2020-08-01").ticks();
        assert_eq!(months.first().map(|t| t.1.as_str()), Some("Feb 2020"));
        let days = scale("2020-01-10", "2020-01-20").ticks();
        assert!(days.len() <= 11 && days.len() >= 5, "{days:?}");
    }

    #[test]
    fn an_empty_analysis_renders_a_page() {
        let html = render_html(&Analysis::default(), "Nothing <here>");
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<title>Nothing &lt;here&gt;</title>"));
        assert!(html.contains("No findings"));
        assert!(!html.contains("<script"));
    }
}
