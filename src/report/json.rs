//! Machine output: the JSON contract of `../shared/DESIGN.md`, and JSON lines.
//! In: an [`Analysis`]. Out: JSON text, built from our own serde model.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::{json, Value};

use crate::check::Finding;
use crate::normalize::DateValue;
use crate::resolve::{Claim, ClaimValue};
use crate::stream::{Chunk, StreamedCheck};
use crate::Analysis;

use super::{streamed, EachFinding, Streamed};

/// Version of the JSON output contract.
pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct Span {
    start: usize,
    end: usize,
}

fn number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        json!(n as i64)
    } else {
        json!(n)
    }
}

fn date_json(d: &DateValue) -> Value {
    json!({"start": d.start.map(|s| s.to_string()), "end": d.end.map(|e| e.to_string())})
}

/// The JSON of one claim: where it is, what it says, what it means.
pub fn claim_json(analysis: &Analysis, c: &Claim) -> Value {
    let doc = &analysis.documents[c.doc];
    let (line, column) = doc.lines.line_col(&doc.document.text, c.span.start);
    let value = match &c.value {
        ClaimValue::Quantity { quantity, interval } => json!({
            "low": interval.low.map(number),
            "high": interval.high.map(number),
            "hedge": quantity.hedge,
            "stated": [number(quantity.low), number(quantity.high)],
        }),
        ClaimValue::Date(d) => json!({
            "low": d.start.map(|s| s.to_string()),
            "high": d.end.map(|e| e.to_string()),
            "granularity": d.granularity,
        }),
    };
    let slots: serde_json::Map<String, Value> =
        c.slots.iter().map(|s| (s.name.clone(), json!({"value": s.value, "filled_from": s.filled_from}))).collect();
    json!({
        "doc": doc.document.path.display().to_string(),
        "span": Span { start: c.span.start, end: c.span.end },
        "line": line,
        "column": column,
        "text": c.text,
        "kind": c.kind,
        "subject": c.subject,
        "slots": slots,
        "value": value,
        "unit": c.unit,
        "time": c.time.as_ref().map(date_json),
        "event_date": c.event_date.as_ref().map(date_json),
        "attribution": c.attribution,
        "not_compared": c.not_compared,
    })
}

/// The JSON of one finding, with its claims.
fn finding_json(analysis: &Analysis, f: &Finding) -> Value {
    let claims: Vec<Value> = f.claims.iter().map(|&i| claim_json(analysis, &analysis.claims[i])).collect();
    json!({
        "code": f.code.as_str(),
        "severity": f.severity,
        "kind": f.kind,
        "subject": f.subject,
        "message": f.message,
        "help": f.help,
        "doc": f.doc.map(|d| analysis.documents[d].document.path.display().to_string()),
        "fingerprint": crate::baseline::fingerprint(analysis, f),
        "claims": claims,
    })
}

fn document_json(d: &crate::CheckedDocument) -> Value {
    checked_json(&d.document.path, d.document.date, d.claims)
}

/// The JSON of a document that was checked: its path, date and number of claims.
fn checked_json(path: &std::path::Path, date: Option<chrono::NaiveDate>, claims: usize) -> Value {
    json!({
        "path": path.display().to_string(),
        "date": date.map(|x| x.to_string()),
        "claims": claims,
        "status": "checked",
    })
}

/// The JSON of a path that was not checked, with the reason.
fn skipped_json(s: &crate::corpus::Skipped) -> Value {
    json!({"path": s.path.display().to_string(), "date": null, "claims": 0, "status": "skipped", "reason": s.reason})
}

fn documents_json(analysis: &Analysis) -> impl Iterator<Item = Value> + '_ {
    analysis.documents.iter().map(document_json).chain(analysis.skipped.iter().map(skipped_json))
}

/// `check --format json`, written as it is built: each part is an iterator
/// of the JSON items of one array, made only while it is written.
struct CheckReport<B, D, F, S> {
    baselined: Option<Streamed<B>>,
    documents: Streamed<D>,
    findings: Streamed<F>,
    stale: Option<Streamed<S>>,
}

impl<B, D, F, S> Serialize for CheckReport<B, D, F, S>
where
    B: Iterator<Item = Value>,
    D: Iterator<Item = Value>,
    F: Iterator<Item = Value>,
    S: Iterator<Item = Value>,
{
    fn serialize<Z: serde::Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        use serde::ser::SerializeMap;
        // Keys in sorted order, as a `serde_json::Value` object writes them.
        let mut map = serializer.serialize_map(None)?;
        if let Some(baselined) = &self.baselined {
            map.serialize_entry("baselined", baselined)?;
        }
        map.serialize_entry("documents", &self.documents)?;
        map.serialize_entry("findings", &self.findings)?;
        if let Some(stale) = &self.stale {
            map.serialize_entry("stale_baseline_entries", stale)?;
        }
        map.serialize_entry("version", &JSON_VERSION)?;
        map.end()
    }
}

/// Writes a `check --format json` report without a baseline from its
/// documents and findings, each made only while it is written.
fn write_check_parts(
    documents: impl Iterator<Item = Value>,
    findings: impl Iterator<Item = Value>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let none = || None::<Streamed<std::iter::Empty<Value>>>;
    let report =
        CheckReport { baselined: none(), documents: streamed(documents), findings: streamed(findings), stale: none() };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    out.write_all(b"\n")
}

/// `check --format json` of a streamed run: the same report as
/// [`write_check_json`], its findings put in words a chunk at a time.
pub fn write_streamed_json(run: &StreamedCheck, out: &mut dyn Write) -> io::Result<()> {
    let documents = run.documents().map(|d| checked_json(d.path, d.date, d.claims));
    let documents = documents.chain(run.skipped.iter().map(skipped_json));
    let findings = EachFinding::new(run.chunks(), |chunk: &Chunk, f: &Finding| finding_json(&chunk.analysis, f));
    write_check_parts(documents, findings, out)
}

/// `check --format jsonl` of a streamed run: one finding a line.
pub fn write_streamed_jsonl(run: &StreamedCheck, out: &mut dyn Write) -> io::Result<()> {
    for chunk in run.chunks() {
        write_findings_jsonl(&chunk.analysis, out)?;
    }
    Ok(())
}

/// `extract --format json`, written as it is built.
struct ClaimsReport<'a>(&'a Analysis);

impl Serialize for ClaimsReport<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let analysis = self.0;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("claims", &streamed(analysis.claims.iter().map(|c| claim_json(analysis, c))))?;
        map.serialize_entry("documents", &streamed(documents_json(analysis)))?;
        map.serialize_entry("version", &JSON_VERSION)?;
        map.end()
    }
}

fn pretty<T: Serialize>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

fn line(v: &Value) -> String {
    let mut s = serde_json::to_string(v).unwrap_or_default();
    s.push('\n');
    s
}

/// `check --format json`: documents and findings; with a baseline, also the
/// accepted findings (with the editor's note) and the stale entries. Each
/// finding's JSON is built only while it is written to `out`.
pub fn write_check_json(analysis: &Analysis, out: &mut dyn Write) -> io::Result<()> {
    let with_baseline = !analysis.baselined.is_empty() || !analysis.stale.is_empty();
    let baselined = analysis.baselined.iter().map(|a| {
        let mut v = finding_json(analysis, &a.finding);
        v["reason"] = json!(a.reason);
        v
    });
    let stale = analysis.stale.iter().map(|e| {
        json!({"fingerprint": e.fingerprint, "code": e.code, "kind": e.kind, "subject": e.subject,
               "claims": e.claims, "reason": e.reason})
    });
    let report = CheckReport {
        baselined: with_baseline.then(|| streamed(baselined)),
        documents: streamed(documents_json(analysis)),
        findings: streamed(analysis.findings.iter().map(|f| finding_json(analysis, f))),
        stale: with_baseline.then(|| streamed(stale)),
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    out.write_all(b"\n")
}

/// `check --format jsonl`: one finding a line, written to `out` one at a time.
pub fn write_findings_jsonl(analysis: &Analysis, out: &mut dyn Write) -> io::Result<()> {
    for finding in &analysis.findings {
        serde_json::to_writer(&mut *out, &finding_json(analysis, finding))?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// `extract --format json`: documents and claims.
pub fn claims_json(analysis: &Analysis) -> String {
    pretty(&ClaimsReport(analysis))
}

/// `extract --format jsonl`: one claim a line.
pub fn claims_jsonl(analysis: &Analysis) -> String {
    analysis.claims.iter().map(|c| line(&claim_json(analysis, c))).collect()
}
