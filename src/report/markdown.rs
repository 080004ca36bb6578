//! The editor's fact-check report as Markdown, for a ticket or a pull-request comment.
//! In: an [`Analysis`] and a title. Out: GitHub-flavoured Markdown with the
//! same content as the HTML report: summary tables, one section per finding
//! with the excerpts as quotes (the number in bold), a link-free text
//! timeline per subject, and the claim index as tables.
//!
//! Text from the corpus is collapsed to one line and escaped
//! ([`escape_markdown`], [`cell`]), so it cannot open a heading, a list, a
//! link, an HTML tag or a new table column.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::check::{Code, Finding};
use crate::Analysis;

use super::factcheck::{self, Site};

/// Escapes corpus text for inline Markdown: collapses whitespace (so no
/// block can start), backslash-escapes the characters that start emphasis,
/// code, links, HTML, entities, strikethrough, headings and table cells, and
/// a list marker or block quote at the start.
pub fn escape_markdown(text: &str) -> String {
    let text = factcheck::one_line(text);
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        if matches!(ch, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '&' | '!') {
            out.push('\\');
        }
        out.push(ch);
    }
    // A list item, thematic break or setext underline at the start of a line.
    if out.starts_with(['-', '+', '=']) {
        out.insert(0, '\\');
    }
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && matches!(out[digits..].chars().next(), Some('.' | ')')) {
        out.insert(digits, '\\');
    }
    out
}

/// Escapes text for a table cell: as [`escape_markdown`] (which already escapes `|`).
pub fn cell(text: &str) -> String {
    escape_markdown(text)
}

/// A code span that shows `text` as it is, for paths and kinds; `|` is
/// escaped so that the span can sit in a table cell.
pub fn code(text: &str) -> String {
    let text = factcheck::one_line(text);
    if text.is_empty() {
        return String::new();
    }
    let mut longest = 0;
    let mut run = 0;
    for ch in text.chars() {
        run = if ch == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{}{pad}{fence}", text.replace('|', "\\|"))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn source_date(site: &Site) -> String {
    match &site.source {
        Some(s) => format!("{}, {}", escape_markdown(s), site.date_words()),
        None => site.date_words(),
    }
}

/// Renders the fact-check report as Markdown.
pub fn render_markdown(analysis: &Analysis, title: &str) -> String {
    let s = factcheck::summary(analysis);
    let mut out = String::with_capacity(16 * 1024);
    let _ = writeln!(out, "# {}\n", escape_markdown(title));
    let errors = s.by_severity.first().map_or(0, |x| x.1);
    let _ = writeln!(
        out,
        "Fact-check report: {} checked, {} skipped, {}; {}.\n",
        plural(s.documents.len(), "document"),
        s.skipped.len(),
        plural(s.claims, "claim"),
        if analysis.findings.is_empty() {
            "no findings".to_string()
        } else {
            format!("{} ({})", plural(analysis.findings.len(), "finding"), plural(errors, "error"))
        }
    );

    // Summary.
    out.push_str("## Summary\n\n");
    out.push_str(
        "| Documents checked | Skipped | Claims | Errors | Warnings | Infos | Undated documents | Baselined |\n",
    );
    out.push_str("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    let sev: Vec<String> = s.by_severity.iter().map(|x| x.1.to_string()).collect();
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} |\n",
        s.documents.len(),
        s.skipped.len(),
        s.claims,
        sev.join(" | "),
        s.undated.len(),
        s.baselined
    );
    out.push_str("### Documents\n\n| Document | Source | Published | Claims |\n| --- | --- | --- | ---: |\n");
    for d in &s.documents {
        let title = d.title.as_deref().map(|t| format!(" — {}", cell(t))).unwrap_or_default();
        let _ = writeln!(
            out,
            "| {}{title} | {} | {} | {} |",
            code(&d.path),
            d.source.as_deref().map(cell).unwrap_or_else(|| "—".into()),
            d.date.map(|x| x.to_string()).unwrap_or_else(|| "**undated**".into()),
            d.claims
        );
    }
    out.push('\n');
    if !s.undated.is_empty() {
        let list: Vec<String> = s.undated.iter().map(|p| code(p)).collect();
        let _ = writeln!(
            out,
            "Undated: {}. Their relative dates stay unresolved and their present-tense figures are not compared.\n",
            list.join(", ")
        );
    }
    if !s.skipped.is_empty() {
        out.push_str("### Skipped\n\n| Path | Reason |\n| --- | --- |\n");
        for (path, reason) in &s.skipped {
            let _ = writeln!(out, "| {} | {} |", code(path), cell(reason));
        }
        out.push('\n');
    }
    out.push_str("### Claims by kind\n\n| Kind | Claims | Compared |\n| --- | ---: | ---: |\n");
    for k in &s.by_kind {
        let _ = writeln!(out, "| {} | {} | {} |", code(&k.kind), k.claims, k.compared);
    }
    out.push_str("\n### Findings by code\n\n");
    if s.by_code.is_empty() {
        out.push_str("No findings.\n\n");
    } else {
        out.push_str("| Code | Severity | Findings |\n| --- | --- | ---: |\n");
        for &(c, n) in &s.by_code {
            let _ = writeln!(out, "| {} | {} | {n} |", code(c.as_str()), factcheck::severity_name(c.doc().severity));
        }
        out.push('\n');
    }
    if s.baselined > 0 || s.stale > 0 {
        let _ = writeln!(
            out,
            "{} accepted by the baseline; {} no longer match any finding.\n",
            plural(s.baselined, "finding"),
            plural(s.stale, "baseline entry").replace("entrys", "entries")
        );
    }

    // Findings.
    out.push_str("## Findings\n\n");
    if analysis.findings.is_empty() {
        out.push_str("No findings: no two claims that were compared disagree.\n\n");
    }
    for (n, f) in analysis.findings.iter().enumerate() {
        finding(&mut out, analysis, f, n + 1, None);
    }
    if !analysis.baselined.is_empty() {
        out.push_str("## Accepted findings (baselined)\n\n");
        for (n, a) in analysis.baselined.iter().enumerate() {
            finding(&mut out, analysis, &a.finding, analysis.findings.len() + n + 1, Some(&a.reason));
        }
    }

    // Timelines.
    out.push_str("## Timelines\n\n");
    let timelines = factcheck::timelines(analysis);
    if timelines.is_empty() {
        out.push_str("No subject has a compared figure with a time.\n\n");
    }
    let numbers = finding_numbers(analysis);
    for t in &timelines {
        let _ = writeln!(out, "### {} · {}\n", escape_markdown(&t.subject), code(&t.kind));
        for p in &t.points {
            let Some(c) = analysis.claims.get(p.claim) else { continue };
            let Some(site) = factcheck::site(analysis, c) else { continue };
            let when = if p.at.is_some() { factcheck::claim_time_words(c) } else { "no time".into() };
            let mut line = format!(
                "- {} — {} (“{}”) — {} ({})",
                escape_markdown(&when),
                escape_markdown(&factcheck::value_words(c)),
                escape_markdown(&c.text),
                code(&site.location()),
                source_date(&site)
            );
            if let Some(r) = &c.not_compared {
                let _ = write!(line, " — not compared: {}", escape_markdown(r));
            }
            for (num, code, baselined) in numbers.get(&p.claim).into_iter().flatten() {
                let _ = write!(
                    line,
                    " — **{}** (finding {num}{})",
                    code.as_str(),
                    if *baselined { ", baselined" } else { "" }
                );
            }
            out.push_str(&line);
            out.push('\n');
        }
        out.push('\n');
    }

    // Claim index.
    out.push_str("## All claims\n\n");
    let groups = factcheck::groups(analysis);
    if groups.is_empty() {
        out.push_str("No claims were found.\n\n");
    }
    for g in &groups {
        let _ = writeln!(out, "### {} · {}\n", escape_markdown(&g.subject), code(&g.kind));
        out.push_str(
            "| Claim | Document | Value | True at | Attributed to | Status |\n| --- | --- | --- | --- | --- | --- |\n",
        );
        for &i in &g.claims {
            let Some(c) = analysis.claims.get(i) else { continue };
            let Some(site) = factcheck::site(analysis, c) else { continue };
            let status = match (&c.not_compared, numbers.get(&i)) {
                (Some(r), _) => format!("not compared: {}", cell(r)),
                (None, Some(ns)) => {
                    let list: Vec<String> =
                        ns.iter().map(|(n, code, _)| format!("{} (finding {n})", code.as_str())).collect();
                    format!("compared; {}", list.join(", "))
                }
                (None, None) => "compared; agrees".into(),
            };
            let _ = writeln!(
                out,
                "| {} | {} ({}) | {} | {} | {} | {status} |",
                cell(&c.text),
                code(&site.location()),
                source_date(&site),
                cell(&factcheck::value_words(c)),
                cell(&factcheck::claim_time_words(c)),
                c.attribution.as_deref().map(cell).unwrap_or_else(|| "—".into()),
            );
        }
        out.push('\n');
    }
    out
}

/// For each claim, the findings it is part of: card number, code, baselined.
fn finding_numbers(analysis: &Analysis) -> BTreeMap<usize, Vec<(usize, Code, bool)>> {
    let mut numbers: BTreeMap<usize, Vec<(usize, Code, bool)>> = BTreeMap::new();
    for (n, (f, baselined)) in factcheck::all_findings(analysis).enumerate() {
        for &c in &f.claims {
            numbers.entry(c).or_default().push((n + 1, f.code, baselined.is_some()));
        }
    }
    numbers
}

fn finding(out: &mut String, analysis: &Analysis, f: &Finding, n: usize, baselined: Option<&Option<String>>) {
    let what = match (&f.subject, f.doc.and_then(|d| analysis.documents.get(d))) {
        (Some(s), _) => escape_markdown(s),
        (None, Some(d)) => code(&d.document.path.display().to_string()),
        (None, None) => String::new(),
    };
    let _ = writeln!(
        out,
        "### {n}. {} {}: {what}{}\n",
        factcheck::severity_name(f.severity),
        code(f.code.as_str()),
        if baselined.is_some() { " (baselined)" } else { "" }
    );
    let _ = writeln!(out, "{}\n", escape_markdown(&f.message));
    let mut quoted = false;
    for c in f.claims.iter().filter_map(|&i| analysis.claims.get(i)) {
        let Some(site) = factcheck::site(analysis, c) else { continue };
        let e = factcheck::excerpt(analysis, c);
        let space = |yes: bool| if yes { " " } else { "" };
        let _ = writeln!(
            out,
            "> {}{}**{}**{}{}\n",
            escape_markdown(&e.before),
            space(e.before.ends_with(' ')),
            escape_markdown(&e.number),
            space(e.after.starts_with(' ')),
            escape_markdown(&e.after)
        );
        let mut facts = Vec::new();
        if let Some(stated) = factcheck::stated_words(c) {
            facts.push(format!("stated {}", escape_markdown(&stated)));
        }
        facts.push(format!("allows {}", escape_markdown(&factcheck::value_words(c))));
        if c.time.is_some() {
            facts.push(format!("true at {}", escape_markdown(&factcheck::claim_time_words(c))));
        }
        if let Some(a) = &c.attribution {
            facts.push(format!("attributed to {}", escape_markdown(a)));
        }
        let _ = writeln!(out, "— {}, {}: {}.\n", code(&site.location()), source_date(&site), facts.join("; "));
        quoted = true;
    }
    if !quoted {
        if let Some(d) = f.doc {
            let start = analysis.documents.get(d).map_or(0, |x| x.document.body.start);
            if let Some(site) = factcheck::site_at(analysis, d, start) {
                let e = factcheck::opening(analysis, d);
                if !e.before.is_empty() {
                    let _ = writeln!(out, "> {}\n", escape_markdown(&e.before));
                }
                let _ = writeln!(out, "— {}, {}.\n", code(&site.location()), source_date(&site));
            }
        }
    }
    let _ = writeln!(out, "**Why:** {}\n", escape_markdown(&f.help));
    let _ = writeln!(out, "**To resolve:** {}\n", escape_markdown(f.code.doc().resolve));
    if let Some(note) = baselined {
        match note {
            Some(r) => {
                let _ = writeln!(out, "**Baselined.** Editor's note: {}\n", escape_markdown(r));
            }
            None => out.push_str("**Baselined** (no note).\n\n"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_text_cannot_make_markup() {
        let cases = [
            ("heading", "# Breaking", "\\# Breaking"),
            ("list", "- item", "\\- item"),
            ("ordered list", "1. first", "1\\. first"),
            ("emphasis", "a *b* _c_", "a \\*b\\* \\_c\\_"),
            ("table cell", "a | b", "a \\| b"),
            ("html", "<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"),
            ("entity", "AT&T &amp;", "AT\\&T \\&amp;"),
            ("link", "[x](y)", "\\[x\\](y)"),
            ("image", "![x](y)", "\\!\\[x\\](y)"),
            ("line breaks", "one\n\n# two", "one \\# two"),
            ("plain", "about 5,000 troops", "about 5,000 troops"),
        ];
        for (name, input, expected) in cases {
            assert_eq!(escape_markdown(input), expected, "{name}");
        }
    }

    #[test]
    fn code_spans_hold_backticks_and_pipes() {
        assert_eq!(code("seeds/a.txt"), "`seeds/a.txt`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`a"), "`` `a ``");
        assert_eq!(code("a|b"), "`a\\|b`");
        assert_eq!(code(""), "");
    }

    #[test]
    fn an_empty_analysis_renders() {
        let md = render_markdown(&Analysis::default(), "Report");
        assert!(md.starts_with("# Report\n"));
        assert!(md.contains("No findings"));
    }
}
