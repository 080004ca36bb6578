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

use std::cell::RefCell;
use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;

use crate::check::Finding;
use crate::stream::{Chunk, StreamedCheck};
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

/// Writes the findings of a streamed `check` run to `out`, in the words and
/// bytes [`write_check`] gives the same run held in memory. Findings are
/// put in words a chunk at a time, and written as they are.
pub fn write_streamed_check(run: &StreamedCheck, format: Format, style: Style, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Json => json::write_streamed_json(run, out),
        Format::Jsonl => json::write_streamed_jsonl(run, out),
        Format::Human => human::write_streamed(run, style, out),
        Format::Concise => human::write_streamed_concise(run, out),
        Format::Sarif => sarif::write_streamed(run, out),
        Format::Github => github::write_streamed(run, out),
    }
}

/// A JSON array whose items are built one at a time while it is written, so a
/// report of a large corpus never holds the whole tree in memory.
pub(crate) struct Streamed<I>(RefCell<Option<I>>);

impl<I: Iterator<Item = Value>> Serialize for Streamed<I> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(None)?;
        if let Some(items) = self.0.borrow_mut().take() {
            for item in items {
                seq.serialize_element(&item)?;
            }
        }
        seq.end()
    }
}

/// The items, as a JSON array written while they are made.
pub(crate) fn streamed<I: Iterator<Item = Value>>(items: I) -> Streamed<I> {
    Streamed(RefCell::new(Some(items)))
}

/// The JSON of each finding of a run of chunks, made one finding at a time
/// (a chunk's JSON trees all at once would take many times the chunk).
pub(crate) struct EachFinding<I, F> {
    chunks: I,
    chunk: Chunk,
    next: usize,
    to_json: F,
}

impl<I, F> EachFinding<I, F> {
    /// The JSON `to_json` makes of each finding of `chunks`.
    pub(crate) fn new(chunks: I, to_json: F) -> Self {
        EachFinding { chunks, chunk: Chunk::default(), next: 0, to_json }
    }
}

impl<I: Iterator<Item = Chunk>, F: FnMut(&Chunk, &Finding) -> Value> Iterator for EachFinding<I, F> {
    type Item = Value;

    fn next(&mut self) -> Option<Value> {
        while self.next == self.chunk.analysis.findings.len() {
            self.chunk = self.chunks.next()?;
            self.next = 0;
        }
        self.next += 1;
        Some((self.to_json)(&self.chunk, &self.chunk.analysis.findings[self.next - 1]))
    }
}

/// Writes the text `line` makes of each finding of a streamed run, and
/// returns how many findings were written of each severity (errors,
/// warnings, infos: the order of [`Severity`](crate::check::Severity)).
pub(crate) fn write_lines(
    run: &StreamedCheck,
    out: &mut dyn Write,
    mut line: impl FnMut(&Analysis, &Finding) -> String,
) -> io::Result<[usize; 3]> {
    let mut counts = [0; 3];
    for chunk in run.chunks() {
        for f in &chunk.analysis.findings {
            out.write_all(line(&chunk.analysis, f).as_bytes())?;
            counts[f.severity as usize] += 1;
        }
    }
    Ok(counts)
}

/// Renders the claims of an `extract` run.
pub fn render_extract(analysis: &Analysis, format: Format) -> String {
    match format {
        Format::Json => json::claims_json(analysis),
        _ => json::claims_jsonl(analysis),
    }
}
