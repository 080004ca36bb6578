//! SARIF 2.1.0 output, for code-scanning tools (`check --format sarif`).
//! In: an [`Analysis`]. Out: one SARIF log with one run, built with
//! `serde_json` (no SARIF crate: the subset we write is small).
//!
//! Also home to what the machine formats share: where a claim is in the
//! terms tools use ([`Region`], UTF-16 columns), paths with `/` separators,
//! and the content fingerprint of a finding (`crate::baseline::fingerprint`).

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::check::{self, Code, CodeDoc, Finding, Severity, CODES};
use crate::corpus::{slash_path, Skipped};
use crate::resolve::Claim;
use crate::segment::LineIndex;
use crate::stream::{Chunk, StreamedCheck};
use crate::{Analysis, CheckedDocument};

use super::json::claim_json;
use super::{streamed, EachFinding, Streamed};

/// The SARIF version written.
pub const SARIF_VERSION: &str = "2.1.0";

/// The `$schema` of the log: the OASIS SARIF 2.1.0 schema (errata 01).
pub const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The key of the finding's fingerprint (`crate::baseline::fingerprint`) in a result's `partialFingerprints`; the
/// version goes up if the fingerprint's recipe ever changes.
pub const FINGERPRINT_KEY: &str = "claimcheckFinding/v1";

/// Id of the notification for a path that was not checked.
const SKIPPED_NOTIFICATION: &str = "skipped-document";

/// Where a claim is, as SARIF and GitHub count: 1-based lines, 1-based
/// columns in UTF-16 code units (SARIF's default `columnKind`), an end
/// column one past the last character, and the byte range in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// Line of the first character.
    pub start_line: usize,
    /// Column of the first character, in UTF-16 code units.
    pub start_column: usize,
    /// Line of the last character.
    pub end_line: usize,
    /// Column after the last character, in UTF-16 code units.
    pub end_column: usize,
    /// Byte offset of the first character in the file.
    pub byte_offset: usize,
    /// Length in bytes.
    pub byte_length: usize,
}

/// 1-based (line, column) of a byte offset, the column counted in UTF-16
/// code units (a curly quote is one, an emoji two). Lines are those of
/// [`LineIndex`]; a byte order mark is not a column.
pub fn utf16_line_col(lines: &LineIndex, text: &str, offset: usize) -> (usize, usize) {
    let (line, column) = lines.line_col(text, offset);
    let mut end = offset.min(text.len());
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    // `column - 1` characters lie between the line start and the offset.
    let units: usize = text.get(..end).unwrap_or("").chars().rev().take(column - 1).map(char::len_utf16).sum();
    (line, units + 1)
}

/// The region of a byte range of a checked document.
pub fn span_region(doc: &CheckedDocument, span: &std::ops::Range<usize>) -> Region {
    let text = &doc.document.text;
    let (start_line, start_column) = utf16_line_col(&doc.lines, text, span.start);
    let (end_line, end_column) = utf16_line_col(&doc.lines, text, span.end.max(span.start));
    let byte_offset = span.start.min(text.len());
    Region {
        start_line,
        start_column,
        end_line,
        end_column,
        byte_offset,
        byte_length: span.end.min(text.len()).saturating_sub(byte_offset),
    }
}

/// The region of a claim (`None` if its document is not in the analysis).
pub fn claim_region(analysis: &Analysis, claim: &Claim) -> Option<Region> {
    analysis.documents.get(claim.doc).map(|d| span_region(d, &claim.span))
}

/// A path as a URI reference: relative paths stay relative (`seeds/a.txt`),
/// absolute ones become `file:` URIs; bytes that a URI cannot hold as they
/// are (spaces, `%`, `#`, `?`, `:` …) are percent-encoded.
pub fn path_uri(path: &Path) -> String {
    let slashed = slash_path(path);
    let absolute = path.has_root() || slashed.starts_with('/');
    let mut out = String::with_capacity(slashed.len() + 8);
    if absolute {
        out.push_str("file://");
        if !slashed.starts_with('/') {
            // A Windows path: `C:/x` becomes `file:///C:/x`.
            out.push('/');
        }
    }
    for (i, b) in slashed.bytes().enumerate() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/' | b'!' | b'$' | b'&' | b'\'' | b'(' | b')')
            || matches!(b, b'*' | b'+' | b',' | b';' | b'=' | b'@')
            // A drive letter's colon in an absolute path; elsewhere a colon could read as a scheme.
            || (b == b':' && absolute && i == 2 && slashed.as_bytes().get(1).is_some_and(u8::is_ascii_alphabetic));
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// SARIF's name of a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// One line on a code, for `shortDescription`.
fn short_description(code: Code) -> &'static str {
    match code {
        Code::Contradiction => "Same subject, same time, incompatible values.",
        Code::Dispute => "Attributed estimates from different parties disagree.",
        Code::Revision => "A later report changes an earlier figure.",
        Code::UndatedDocument => "A document without a publication date.",
        Code::BadHeader => "A document whose header could not be read in full.",
    }
}

/// `undated-document` → `UndatedDocument`.
fn pascal_case(name: &str) -> String {
    name.split('-')
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect()
}

fn rule(d: &CodeDoc) -> Value {
    json!({
        "id": d.code.as_str(),
        "name": pascal_case(d.code.as_str()),
        "shortDescription": {"text": short_description(d.code)},
        "fullDescription": {"text": d.meaning},
        "help": {
            "text": format!("Why it matters: {}\nHow to resolve it: {}", d.why, d.resolve),
            "markdown": format!(
                "{}\n\n**Why it matters.** {}\n\n**Example.** {}\n\n**How to resolve it.** {}",
                d.meaning, d.why, d.example, d.resolve
            ),
        },
        "defaultConfiguration": {"level": level(d.severity)},
    })
}

/// The documents results point into, and where each stands among the log's artifacts.
#[derive(Clone, Copy)]
struct Documents<'a> {
    analysis: &'a Analysis,
    /// The artifact index of each document of `analysis`; `None`: its own index.
    artifacts: Option<&'a [usize]>,
}

impl<'a> Documents<'a> {
    /// Every document of a run held in memory: the artifacts are its documents.
    fn all(analysis: &'a Analysis) -> Self {
        Documents { analysis, artifacts: None }
    }

    /// The documents of a chunk of a streamed run.
    fn of_chunk(chunk: &'a Chunk) -> Self {
        Documents { analysis: &chunk.analysis, artifacts: Some(&chunk.documents) }
    }

    fn artifact_location(&self, doc: usize) -> Value {
        let index = self.artifacts.map_or(Some(doc), |a| a.get(doc).copied());
        match (self.analysis.documents.get(doc), index) {
            (Some(d), Some(index)) => json!({"uri": path_uri(&d.document.path), "index": index}),
            _ => json!({"uri": "."}),
        }
    }
}

fn region_json(r: &Region, snippet: Option<&str>) -> Value {
    let mut region = json!({
        "startLine": r.start_line,
        "startColumn": r.start_column,
        "endLine": r.end_line,
        "endColumn": r.end_column,
        "byteOffset": r.byte_offset,
        "byteLength": r.byte_length,
    });
    if let (Some(text), Value::Object(map)) = (snippet, &mut region) {
        map.insert("snippet".into(), json!({"text": text}));
    }
    region
}

/// The location of a claim: its region with the claim as snippet, the
/// sentence as context, and what the claim means as message.
fn claim_location(documents: Documents, c: &Claim) -> Value {
    let Some(doc) = documents.analysis.documents.get(c.doc) else {
        return json!({"message": {"text": check::describe(c)}});
    };
    let region = span_region(doc, &c.span);
    let context = span_region(doc, &c.sentence);
    let sentence = doc.document.text.get(c.sentence.clone());
    let published = doc.document.date.map(|d| format!("published {d}")).unwrap_or_else(|| "undated".into());
    json!({
        "physicalLocation": {
            "artifactLocation": documents.artifact_location(c.doc),
            "region": region_json(&region, Some(&c.text)),
            "contextRegion": region_json(&context, sentence),
        },
        "message": {"text": format!("{} in {} ({published})", check::describe(c), slash_path(&doc.document.path))},
    })
}

fn with_id(mut location: Value, id: usize) -> Value {
    if let Value::Object(map) = &mut location {
        map.insert("id".into(), json!(id));
    }
    location
}

fn text_of(message: &str, help: &str) -> String {
    if message.ends_with('.') {
        format!("{message} {help}")
    } else {
        format!("{message}. {help}")
    }
}

fn result(documents: Documents, f: &Finding) -> Value {
    let analysis = documents.analysis;
    let claims: Vec<&Claim> = f.claims.iter().filter_map(|&i| analysis.claims.get(i)).collect();
    let locations: Vec<Value> = match (claims.first(), f.doc) {
        (Some(first), _) => vec![with_id(claim_location(documents, first), 0)],
        (None, Some(d)) => vec![json!({
            "id": 0,
            "physicalLocation": {"artifactLocation": documents.artifact_location(d), "region": {"startLine": 1}},
        })],
        (None, None) => vec![],
    };
    let related: Vec<Value> =
        claims.iter().enumerate().skip(1).map(|(n, c)| with_id(claim_location(documents, c), n)).collect();
    let mut out = Map::new();
    out.insert("ruleId".into(), json!(f.code.as_str()));
    if let Some(index) = CODES.iter().position(|d| d.code == f.code) {
        out.insert("ruleIndex".into(), json!(index));
    }
    out.insert("level".into(), json!(level(f.severity)));
    out.insert("message".into(), json!({"text": text_of(&f.message, &f.help)}));
    out.insert("locations".into(), json!(locations));
    if !related.is_empty() {
        out.insert("relatedLocations".into(), json!(related));
    }
    out.insert("partialFingerprints".into(), json!({FINGERPRINT_KEY: crate::baseline::fingerprint(analysis, f)}));
    let claims_json: Vec<Value> = claims.iter().map(|c| claim_json(analysis, c)).collect();
    out.insert("properties".into(), json!({"kind": f.kind, "subject": f.subject, "claims": claims_json}));
    Value::Object(out)
}

/// A result per finding, then the findings the baseline accepts, as
/// suppressed results (so code-scanning tools show them as dismissed, with
/// the editor's note as the justification).
fn results(analysis: &Analysis) -> Vec<Value> {
    let documents = Documents::all(analysis);
    let mut out: Vec<Value> = analysis.findings.iter().map(|f| result(documents, f)).collect();
    for a in &analysis.baselined {
        let mut r = result(documents, &a.finding);
        let mut suppression = json!({"kind": "external", "status": "accepted"});
        if let Some(reason) = &a.reason {
            suppression["justification"] = json!(reason);
        }
        r["suppressions"] = json!([suppression]);
        out.push(r);
    }
    out
}

fn invocation(skipped: &[Skipped]) -> Value {
    let notifications: Vec<Value> = skipped
        .iter()
        .map(|s| {
            json!({
                "level": "warning",
                "message": {"text": format!("skipped {}: {}", slash_path(&s.path), s.reason)},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": path_uri(&s.path)}}}],
                "descriptor": {"id": SKIPPED_NOTIFICATION, "index": 0},
            })
        })
        .collect();
    let mut out = json!({"executionSuccessful": true});
    if let (false, Value::Object(map)) = (notifications.is_empty(), &mut out) {
        map.insert("toolExecutionNotifications".into(), json!(notifications));
    }
    out
}

/// A checked document as a SARIF artifact.
fn artifact(path: &Path, bytes: usize) -> Value {
    json!({
        "location": {"uri": path_uri(path)},
        "length": bytes,
        "roles": ["analysisTarget"],
        "encoding": "UTF-8",
    })
}

/// The tool that wrote the log: a rule per finding code, and the notification of a skipped path.
fn driver() -> Value {
    let version = env!("CARGO_PKG_VERSION");
    json!({
        "name": "claimcheck",
        "version": version,
        "semanticVersion": version,
        "rules": CODES.iter().map(rule).collect::<Vec<Value>>(),
        "notifications": [{
            "id": SKIPPED_NOTIFICATION,
            "shortDescription": {"text": "A path that was not checked (empty, binary, not UTF-8, too large or unreadable)."},
            "defaultConfiguration": {"level": "warning"},
        }],
    })
}

/// A SARIF log of one run, its artifacts and results made only while it is written.
struct Log<A, R> {
    invocation: Value,
    artifacts: Streamed<A>,
    results: Streamed<R>,
}

/// The one run of a [`Log`].
struct LogRun<'a, A, R>(&'a Log<A, R>);

impl<A: Iterator<Item = Value>, R: Iterator<Item = Value>> Serialize for Log<A, R> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        // Keys in sorted order, as a `serde_json::Value` object writes them.
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("$schema", SARIF_SCHEMA)?;
        map.serialize_entry("runs", &[LogRun(self)])?;
        map.serialize_entry("version", SARIF_VERSION)?;
        map.end()
    }
}

impl<A: Iterator<Item = Value>, R: Iterator<Item = Value>> Serialize for LogRun<'_, A, R> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("artifacts", &self.0.artifacts)?;
        map.serialize_entry("columnKind", "utf16CodeUnits")?;
        map.serialize_entry("invocations", &[&self.0.invocation])?;
        map.serialize_entry("results", &self.0.results)?;
        map.serialize_entry("tool", &json!({"driver": driver()}))?;
        map.end()
    }
}

/// The log of a run held in memory.
fn log_of(analysis: &Analysis) -> Log<impl Iterator<Item = Value> + '_, impl Iterator<Item = Value>> {
    Log {
        invocation: invocation(&analysis.skipped),
        artifacts: streamed(analysis.documents.iter().map(|d| artifact(&d.document.path, d.document.text.len()))),
        results: streamed(results(analysis).into_iter()),
    }
}

/// `check --format sarif`: the SARIF log of the run, pretty-printed, with a
/// final newline. One run, a rule per finding code, a result per finding
/// (baselined ones suppressed), the documents checked as artifacts and the
/// paths skipped as notifications. Deterministic: no times, paths as given.
pub fn render(analysis: &Analysis) -> String {
    let mut s = serde_json::to_string_pretty(&log_of(analysis)).unwrap_or_default();
    s.push('\n');
    s
}

/// [`render`] of a streamed run (no baseline), written as each finding is put in words.
pub fn write_streamed(run: &StreamedCheck, out: &mut dyn Write) -> io::Result<()> {
    let results = EachFinding::new(run.chunks(), |chunk: &Chunk, f: &Finding| result(Documents::of_chunk(chunk), f));
    let log = Log {
        invocation: invocation(&run.skipped),
        artifacts: streamed(run.documents().map(|d| artifact(d.path, d.bytes))),
        results: streamed(results),
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn columns_count_utf16_code_units() {
        // “ and ” are 3 bytes and one UTF-16 unit; 🇮🇶 is two astral characters, 8 bytes, 4 units.
        let text = "ab\n“x” 🇮🇶 5,000 troops\r\nz";
        let lines = LineIndex::new(text);
        let at = |needle: &str| text.find(needle).unwrap();
        assert_eq!(utf16_line_col(&lines, text, 0), (1, 1));
        assert_eq!(utf16_line_col(&lines, text, at("x")), (2, 2));
        assert_eq!(utf16_line_col(&lines, text, at("5,000")), (2, 10));
        assert_eq!(utf16_line_col(&lines, text, at("z")), (3, 1));
        // Inside a multibyte character: that character.
        assert_eq!(utf16_line_col(&lines, text, at("x") - 1), (2, 1));
        assert_eq!(utf16_line_col(&lines, text, text.len() + 5), (3, 2));
        // A byte order mark is not a column.
        let bom = "\u{FEFF}“a";
        assert_eq!(utf16_line_col(&LineIndex::new(bom), bom, bom.find('a').unwrap()), (1, 2));
    }

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(path_uri(Path::new("seeds/000.txt")), "seeds/000.txt");
        assert_eq!(path_uri(Path::new("./a b/c%#d.txt")), "a%20b/c%25%23d.txt");
        assert_eq!(path_uri(Path::new("x:y.txt")), "x%3Ay.txt");
        assert_eq!(path_uri(Path::new("../café.md")), "../caf%C3%A9.md");
        assert_eq!(path_uri(Path::new("/tmp/a.txt")), "file:///tmp/a.txt");
        assert_eq!(slash_path(&PathBuf::from("./seeds/./a.txt")), "seeds/a.txt");
        assert_eq!(slash_path(Path::new(".")), ".");
    }

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(pascal_case("undated-document"), "UndatedDocument");
        assert_eq!(pascal_case("contradiction"), "Contradiction");
    }

    #[test]
    fn every_code_has_a_rule_with_its_default_level() {
        let log: Value = serde_json::from_str(&render(&Analysis::default())).unwrap();
        let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), CODES.len());
        for (rule, doc) in rules.iter().zip(CODES) {
            assert_eq!(rule["id"], doc.code.as_str());
            assert_eq!(rule["defaultConfiguration"]["level"], level(doc.severity));
            assert_eq!(rule["fullDescription"]["text"], doc.meaning);
        }
        assert_eq!(log["runs"][0]["results"], json!([]));
    }
}
