//! Reports: an [`Analysis`] to text for people and tools.
//! In: the analysis of a run. Out: a string in the chosen [`Format`], or an
//! editor's fact-check report ([`html::render_html`], [`markdown::render_markdown`]).

pub mod factcheck;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod markdown;
pub mod sarif;

use std::io::{self, Write};

use crate::Analysis;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Diagnostics with both excerpts, for a terminal.
    Human,
    /// One line a finding: `path:line:col: severity[code] message`.
    Concise,
    /// One JSON object (the documented contract).
    Json,
    /// One JSON object a line: claims for `extract`, findings for `check`.
    Jsonl,
    /// One SARIF 2.1.0 log, for code-scanning tools (`check` only).
    Sarif,
    /// GitHub Actions workflow commands, one annotation a claim (`check` only).
    Github,
}

/// Options that change how a report looks, never what it says.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// Use colours.
    pub colour: bool,
    /// Width to wrap human output at.
    pub width: usize,
    /// Also list the claims that were not compared, with the reason.
    pub verbose: bool,
    /// Also list the findings that the baseline accepts, with the editor's note.
    pub show_baselined: bool,
}

/// Renders the findings of a `check` run.
pub fn render_check(analysis: &Analysis, format: Format, style: Style) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail, and every report is UTF-8.
    let _ = write_check(analysis, format, style, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the findings of a `check` run to `out`. JSON and JSON Lines are
/// written as they are built, so a large report is never held in memory.
pub fn write_check(analysis: &Analysis, format: Format, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let text = match format {
        Format::Json => return json::write_check_json(analysis, out),
        Format::Jsonl => return json::write_findings_jsonl(analysis, out),
        Format::Human => human::render(analysis, style),
        Format::Concise => human::render_concise(analysis, style),
        Format::Sarif => sarif::render(analysis),
        Format::Github => github::render(analysis),
    };
    out.write_all(text.as_bytes())
}

/// Renders the claims of an `extract` run.
pub fn render_extract(analysis: &Analysis, format: Format) -> String {
    match format {
        Format::Json => json::claims_json(analysis),
        _ => json::claims_jsonl(analysis),
    }
}
