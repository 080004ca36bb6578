//! Machine output: the JSON contract of `../shared/DESIGN.md`, and JSON lines.
//! In: an [`Analysis`]. Out: JSON text, built from our own serde model.

use serde::Serialize;
use serde_json::{json, Value};

use crate::check::Finding;
use crate::normalize::DateValue;
use crate::resolve::{Claim, ClaimValue};
use crate::Analysis;

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

fn documents_json(analysis: &Analysis) -> Vec<Value> {
    let mut docs: Vec<Value> = analysis
        .documents
        .iter()
        .map(|d| {
            json!({
                "path": d.document.path.display().to_string(),
                "date": d.document.date.map(|x| x.to_string()),
                "claims": d.claims,
                "status": "checked",
            })
        })
        .collect();
    docs.extend(analysis.skipped.iter().map(|s| {
        json!({"path": s.path.display().to_string(), "date": null, "claims": 0, "status": "skipped", "reason": s.reason})
    }));
    docs
}

fn pretty(v: &Value) -> String {
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
/// accepted findings (with the editor's note) and the stale entries.
pub fn check_json(analysis: &Analysis) -> String {
    let findings: Vec<Value> = analysis.findings.iter().map(|f| finding_json(analysis, f)).collect();
    let mut out = json!({"version": JSON_VERSION, "documents": documents_json(analysis), "findings": findings});
    if !analysis.baselined.is_empty() || !analysis.stale.is_empty() {
        let baselined: Vec<Value> = analysis
            .baselined
            .iter()
            .map(|a| {
                let mut v = finding_json(analysis, &a.finding);
                v["reason"] = json!(a.reason);
                v
            })
            .collect();
        let stale: Vec<Value> = analysis
            .stale
            .iter()
            .map(|e| {
                json!({"fingerprint": e.fingerprint, "code": e.code, "kind": e.kind, "subject": e.subject,
                       "claims": e.claims, "reason": e.reason})
            })
            .collect();
        out["baselined"] = json!(baselined);
        out["stale_baseline_entries"] = json!(stale);
    }
    pretty(&out)
}

/// `check --format jsonl`: one finding a line.
pub fn findings_jsonl(analysis: &Analysis) -> String {
    analysis.findings.iter().map(|f| line(&finding_json(analysis, f))).collect()
}

/// `extract --format json`: documents and claims.
pub fn claims_json(analysis: &Analysis) -> String {
    let claims: Vec<Value> = analysis.claims.iter().map(|c| claim_json(analysis, c)).collect();
    pretty(&json!({"version": JSON_VERSION, "documents": documents_json(analysis), "claims": claims}))
}

/// `extract --format jsonl`: one claim a line.
pub fn claims_jsonl(analysis: &Analysis) -> String {
    analysis.claims.iter().map(|c| line(&claim_json(analysis, c))).collect()
}
