//! Human output: compiler-style diagnostics with the excerpt of every claim
//! of a finding, each against its own document, and a concise one-line form.
//! In: an [`Analysis`]. Out: text.

use std::fmt;
use std::io::{self, Write};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode,
    SourceSpan, SpanContents,
};

use crate::check::{self, Finding, Severity};
use crate::corpus::Skipped;
use crate::resolve::Claim;
use crate::stream::StreamedCheck;
use crate::Analysis;

use super::Style;

/// The sentence around a claim, soft-wrapped for the terminal. Wrapping only
/// turns spaces into line breaks, so byte offsets stay those of the file and
/// labels land where they belong; line numbers count from the sentence's line.
#[derive(Debug)]
struct Excerpt {
    name: String,
    text: String,
    start: usize,
    line: usize,
    column: usize,
}

impl Excerpt {
    fn new(
        name: String,
        file: &str,
        lines: &crate::segment::LineIndex,
        range: std::ops::Range<usize>,
        width: usize,
    ) -> Self {
        let sentence = file.get(range.clone()).unwrap_or("");
        let (line, column) = lines.line_col(file, range.start);
        Excerpt { name, text: soft_wrap(sentence, width), start: range.start, line: line - 1, column: column - 1 }
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        _span: &SourceSpan,
        _before: usize,
        _after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let lines = self.text.lines().count();
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            self.text.as_bytes(),
            SourceSpan::new(self.start.into(), self.text.len()),
            self.line,
            self.column,
            lines,
        )))
    }
}

/// Turns spaces into line breaks so that no line is longer than `width` (where a space allows).
fn soft_wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut line_len = 0;
    for (i, word) in text.split(' ').enumerate() {
        let len = word.chars().count();
        if i > 0 {
            if line_len + 1 + len > width && line_len > 0 {
                out.push('\n');
                line_len = 0;
            } else {
                out.push(' ');
                line_len += 1;
            }
        }
        out.push_str(word);
        line_len = if word.contains('\n') {
            word.rsplit('\n').next().map_or(0, |w| w.chars().count())
        } else {
            line_len + len
        };
    }
    out
}

/// One claim of a finding, shown against its own document.
#[derive(Debug)]
struct ClaimSite {
    title: String,
    label: String,
    span: SourceSpan,
    source: Excerpt,
}

impl fmt::Display for ClaimSite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.title)
    }
}

impl std::error::Error for ClaimSite {}

impl Diagnostic for ClaimSite {
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(LabeledSpan::new_primary_with_span(Some(self.label.clone()), self.span))))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }
}

/// A finding as a diagnostic: a terse message, its code and severity, help,
/// and one related site per claim.
#[derive(Debug)]
struct FindingDiagnostic {
    code: &'static str,
    severity: Severity,
    message: String,
    help: String,
    sites: Vec<ClaimSite>,
}

impl fmt::Display for FindingDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FindingDiagnostic {}

impl Diagnostic for FindingDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.help))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        Some(Box::new(self.sites.iter().map(|s| s as &dyn Diagnostic)))
    }
}

fn site(analysis: &Analysis, claim: &Claim, width: usize) -> ClaimSite {
    let checked = &analysis.documents[claim.doc];
    let doc = &checked.document;
    let (line, column) = checked.lines.line_col(&doc.text, claim.span.start);
    let date = doc.date.map(|d| d.to_string()).unwrap_or_else(|| "undated".into());
    let source = doc.source.as_deref().map(|s| format!(", {s}")).unwrap_or_default();
    ClaimSite {
        title: format!("{}:{line}:{column} ({date}{source})", doc.path.display()),
        label: check::describe(claim),
        span: SourceSpan::new(claim.span.start.into(), claim.span.end - claim.span.start),
        source: Excerpt::new(doc.path.display().to_string(), &doc.text, &checked.lines, claim.sentence.clone(), width),
    }
}

fn diagnostic(analysis: &Analysis, f: &Finding, width: usize) -> FindingDiagnostic {
    let mut sites: Vec<ClaimSite> = f.claims.iter().map(|&i| site(analysis, &analysis.claims[i], width)).collect();
    if let (true, Some(d)) = (sites.is_empty(), f.doc) {
        let checked = &analysis.documents[d];
        let doc = &checked.document;
        let end = doc
            .text
            .get(doc.body.clone())
            .and_then(|b| b.find('\n'))
            .map(|n| doc.body.start + n)
            .unwrap_or(doc.body.end);
        sites.push(ClaimSite {
            title: doc.path.display().to_string(),
            label: "this document".into(),
            span: SourceSpan::new(doc.body.start.into(), end.saturating_sub(doc.body.start).min(60)),
            source: Excerpt::new(
                doc.path.display().to_string(),
                &doc.text,
                &checked.lines,
                doc.body.start..end.min(doc.body.start + 60),
                width,
            ),
        });
    }
    FindingDiagnostic {
        code: f.code.as_str(),
        severity: f.severity,
        message: f.message.clone(),
        help: f.help.clone(),
        sites,
    }
}

/// Draws findings as diagnostics in one style.
struct Renderer {
    handler: GraphicalReportHandler,
    /// Width the excerpts are wrapped at.
    excerpt_width: usize,
}

impl Renderer {
    fn new(style: Style) -> Self {
        let theme = if style.colour { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
        let width = if style.width == 0 { 100 } else { style.width };
        let handler = GraphicalReportHandler::new_themed(theme)
            .without_syntax_highlighting()
            .with_width(width)
            .with_wrap_lines(false)
            .with_links(false)
            .with_show_related_as_nested(true);
        Renderer { handler, excerpt_width: width.saturating_sub(20).max(40) }
    }

    /// A finding as a diagnostic, and an empty line.
    fn finding(&self, analysis: &Analysis, f: &Finding) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = self.handler.render_report(&mut out, &diagnostic(analysis, f, self.excerpt_width));
        out.push('\n');
        out
    }
}

/// The line of a path that was not checked, in the human report.
fn skipped_line(s: &Skipped) -> String {
    format!("skipped {}: {}\n", s.path.display(), s.reason)
}

/// Renders every finding as a diagnostic, then a summary line.
pub fn render(analysis: &Analysis, style: Style) -> String {
    let renderer = Renderer::new(style);
    let mut out = String::new();
    for f in &analysis.findings {
        out.push_str(&renderer.finding(analysis, f));
    }
    if style.show_baselined {
        for a in &analysis.baselined {
            let note = a.reason.as_deref().map(|r| format!(": {r}")).unwrap_or_default();
            out.push_str(&format!("baselined{note}\n"));
            out.push_str(&renderer.finding(analysis, &a.finding));
        }
    }
    if style.verbose {
        out.push_str(&not_compared(analysis));
    }
    out.extend(analysis.skipped.iter().map(skipped_line));
    out.push_str(&summary(analysis));
    out
}

/// [`render`] of a streamed run (no baseline, not verbose), written as each
/// finding is put in words.
pub fn write_streamed(run: &StreamedCheck, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let renderer = Renderer::new(style);
    write_streamed_text(run, out, |analysis, f| renderer.finding(analysis, f), skipped_line)
}

/// The text report of a streamed run: `line` for each finding, `skipped`
/// for each path not checked, and the summary line.
fn write_streamed_text(
    run: &StreamedCheck,
    out: &mut dyn Write,
    line: impl FnMut(&Analysis, &Finding) -> String,
    skipped: fn(&Skipped) -> String,
) -> io::Result<()> {
    let counts = super::write_lines(run, out, line)?;
    for s in &run.skipped {
        out.write_all(skipped(s).as_bytes())?;
    }
    let totals = Totals { documents: run.documents().len(), skipped: run.skipped.len(), claims: run.claims(), counts };
    writeln!(out, "{}", totals.line())
}

/// The claims that were not compared, with the reason, one a line.
fn not_compared(analysis: &Analysis) -> String {
    let mut out = String::new();
    for c in &analysis.claims {
        if let Some(reason) = &c.not_compared {
            let doc = &analysis.documents[c.doc];
            let (line, col) = doc.lines.line_col(&doc.document.text, c.span.start);
            out.push_str(&format!(
                "not compared {}:{line}:{col}: {} “{}”: {reason}\n",
                doc.document.path.display(),
                c.kind,
                c.text
            ));
        }
    }
    out
}

/// What the summary line counts.
struct Totals {
    documents: usize,
    skipped: usize,
    claims: usize,
    /// Findings by severity: errors, warnings, infos.
    counts: [usize; 3],
}

impl Totals {
    /// "5 documents checked, 0 skipped, 21 claims; 0 errors, 1 warning, 2 infos".
    fn line(&self) -> String {
        let plural = |n: usize, word: &str| {
            if n == 1 {
                format!("{n} {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        let [errors, warnings, infos] = self.counts;
        format!(
            "{} checked, {} skipped, {}; {}, {}, {}",
            plural(self.documents, "document"),
            self.skipped,
            plural(self.claims, "claim"),
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(infos, "info"),
        )
    }
}

/// "5 documents checked, 0 skipped, 21 claims; 0 errors, 1 warning, 2 infos",
/// and, with a baseline, how many findings it accepted and how many of its
/// entries matched nothing.
pub fn summary(analysis: &Analysis) -> String {
    let count = |s: Severity| analysis.findings.iter().filter(|f| f.severity == s).count();
    let counts = [count(Severity::Error), count(Severity::Warning), count(Severity::Info)];
    let totals = Totals {
        documents: analysis.documents.len(),
        skipped: analysis.skipped.len(),
        claims: analysis.claims.len(),
        counts,
    };
    let mut out = totals.line();
    if !analysis.baselined.is_empty() || !analysis.stale.is_empty() {
        let stale = match analysis.stale.len() {
            1 => "1 stale baseline entry".to_string(),
            n => format!("{n} stale baseline entries"),
        };
        out.push_str(&format!("; {} baselined, {stale}", analysis.baselined.len()));
    }
    out.push('\n');
    for e in &analysis.stale {
        let what = e.subject.as_deref().map(|s| format!(" {s}")).unwrap_or_default();
        out.push_str(&format!(
            "stale baseline entry {} ({}{what}): no finding matches it any more; `claimcheck baseline write` drops it\n",
            e.fingerprint, e.code
        ));
    }
    out
}

/// Findings counted by severity, code and kind, for `--statistics`.
type FindingCounts = std::collections::BTreeMap<(Severity, &'static str, String), usize>;

fn count_finding(counts: &mut FindingCounts, severity: Severity, code: check::Code, kind: Option<&str>) {
    *counts.entry((severity, code.as_str(), kind.unwrap_or("-").to_string())).or_default() += 1;
}

/// `--statistics`: the findings counted by code and kind, most frequent
/// first, then the accepted (baselined) ones.
pub fn statistics(analysis: &Analysis) -> String {
    let mut counts = FindingCounts::new();
    for f in &analysis.findings {
        count_finding(&mut counts, f.severity, f.code, f.kind.as_deref());
    }
    statistics_table(counts, analysis.baselined.len())
}

/// [`statistics`] of a streamed run (no baseline), counted without putting
/// the findings in words.
pub fn streamed_statistics(run: &StreamedCheck) -> String {
    let mut counts = FindingCounts::new();
    for (severity, code, kind) in run.findings() {
        count_finding(&mut counts, severity, code, kind);
    }
    statistics_table(counts, 0)
}

/// The `--statistics` table of findings counted, and of `baselined` accepted ones.
fn statistics_table(counts: FindingCounts, baselined: usize) -> String {
    let mut rows: Vec<((Severity, &str, String), usize)> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut out = format!("{:>6}  {:<8} {:<18} {}\n", "count", "severity", "code", "kind");
    for ((severity, code, kind), n) in &rows {
        out.push_str(&format!("{n:>6}  {:<8} {code:<18} {kind}\n", format!("{severity:?}").to_lowercase()));
    }
    let total: usize = rows.iter().map(|r| r.1).sum();
    out.push_str(&format!("{total:>6}  findings"));
    if baselined > 0 {
        out.push_str(&format!(" (and {baselined} baselined)"));
    }
    out.push('\n');
    out
}

/// Where a finding points first: path, line and column of its first claim, or line 1 of its document.
fn first_location(analysis: &Analysis, f: &Finding) -> Option<(String, usize, usize)> {
    match (f.claims.first(), f.doc) {
        (Some(&i), _) => {
            let c = &analysis.claims[i];
            let d = &analysis.documents[c.doc];
            let (l, k) = d.lines.line_col(&d.document.text, c.span.start);
            Some((d.document.path.display().to_string(), l, k))
        }
        (None, Some(d)) => Some((analysis.documents[d].document.path.display().to_string(), 1, 1)),
        (None, None) => None,
    }
}

/// One concise line: `path:line:col: severity[code] message`, and a note when baselined.
fn concise_line(analysis: &Analysis, f: &Finding, baselined: Option<&Option<String>>) -> String {
    let Some((path, line, col)) = first_location(analysis, f) else {
        return String::new();
    };
    let severity = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    };
    let note = match baselined {
        Some(Some(reason)) => format!(" (baselined: {reason})"),
        Some(None) => " (baselined)".to_string(),
        None => String::new(),
    };
    format!("{path}:{line}:{col}: {severity}[{}] {}{note}\n", f.code.as_str(), f.message)
}

/// One line a finding: `path:line:col: severity[code] message`; with
/// `show_baselined`, the accepted findings too, marked with the editor's note.
pub fn render_concise(analysis: &Analysis, style: Style) -> String {
    let mut out = String::new();
    for f in &analysis.findings {
        out.push_str(&concise_line(analysis, f, None));
    }
    if style.show_baselined {
        for a in &analysis.baselined {
            out.push_str(&concise_line(analysis, &a.finding, Some(&a.reason)));
        }
    }
    out.extend(analysis.skipped.iter().map(concise_skipped_line));
    out.push_str(&summary(analysis));
    out
}

/// The line of a path that was not checked, in the concise report.
fn concise_skipped_line(s: &Skipped) -> String {
    format!("{}: skipped: {}\n", s.path.display(), s.reason)
}

/// [`render_concise`] of a streamed run (no baseline), written as each
/// finding is put in words.
pub fn write_streamed_concise(run: &StreamedCheck, out: &mut dyn Write) -> io::Result<()> {
    write_streamed_text(run, out, |analysis, f| concise_line(analysis, f, None), concise_skipped_line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soft_wrap_keeps_byte_offsets() {
        let text = "The US flatly rejected that request and has not moved to pull the troops out.";
        let wrapped = soft_wrap(text, 20);
        assert_eq!(wrapped.len(), text.len());
        assert!(wrapped.lines().all(|l| l.chars().count() <= 20));
        assert_eq!(wrapped.replace('\n', " "), text);
    }
}
