//! Baselines: findings an editor has accepted, so that CI reports only new ones.
//! In: the findings of a run and a baseline file. Out: the findings that are
//! new, the accepted ones with the editor's note, and the baseline entries
//! that no longer match any finding (stale).
//!
//! An entry matches a finding by its fingerprint: a hash of what the finding
//! says (code, kind, subject, and for each claim its document, normalized
//! value and time), never of line numbers or offsets. Editing an article
//! elsewhere keeps its entries; changing a figure makes the finding new.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;

use crate::check::Finding;
use crate::corpus::slash_path;
use crate::normalize::DateValue;
use crate::resolve::{Claim, ClaimValue};
use crate::Analysis;

/// Version of the baseline file format.
pub const VERSION: u32 = 1;

/// Diagnostic code of problems in a baseline file.
const BASELINE_CODE: &str = "claimcheck::baseline";

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// What the finding says, hashed ([`fingerprint`]).
    pub fingerprint: String,
    /// Finding code, for the reader.
    pub code: String,
    /// Kind of claim, for the reader.
    #[serde(default)]
    pub kind: Option<String>,
    /// Subject, for the reader.
    #[serde(default)]
    pub subject: Option<String>,
    /// The claims, for the reader: document, text, value, time.
    #[serde(default)]
    pub claims: Vec<String>,
    /// Why the finding is accepted (an editor's note).
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    #[serde(default)]
    findings: Vec<Entry>,
}

/// A baseline: accepted findings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Baseline {
    /// The entries, in file order.
    pub entries: Vec<Entry>,
}

/// A finding that the baseline accepts.
#[derive(Debug, Clone, PartialEq)]
pub struct Accepted {
    /// The finding.
    pub finding: Finding,
    /// The editor's note, if the entry has one.
    pub reason: Option<String>,
}

/// Reads a baseline file; problems are reported with the file, line and column.
pub fn load(path: &Path) -> miette::Result<Baseline> {
    let text =
        std::fs::read_to_string(path).map_err(|e| miette::miette!("cannot read baseline {}: {e}", path.display()))?;
    let file: File = crate::schema::parse_yaml_as(&path.display().to_string(), &text, BASELINE_CODE)?;
    if file.version != VERSION {
        return Err(miette::miette!(
            "{}: baseline version {} is not supported (this claimcheck reads version {VERSION})",
            path.display(),
            file.version
        ));
    }
    Ok(Baseline { entries: file.findings })
}

fn bound(x: Option<f64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

fn date_bounds(d: Option<&DateValue>) -> String {
    match d {
        Some(d) => format!(
            "{}..{}",
            d.start.map(|s| s.to_string()).unwrap_or_default(),
            d.end.map(|e| e.to_string()).unwrap_or_default()
        ),
        None => "-".into(),
    }
}

/// What identifies one claim in a fingerprint: its document, its
/// normalized value and unit, and the time it is true at (not its line or offset).
fn claim_key(analysis: &Analysis, c: &Claim) -> String {
    let path = analysis.documents.get(c.doc).map(|d| slash_path(&d.document.path)).unwrap_or_default();
    let value = match &c.value {
        ClaimValue::Quantity { interval, .. } => format!("{}..{}", bound(interval.low), bound(interval.high)),
        ClaimValue::Date(d) => date_bounds(Some(d)),
    };
    [path.as_str(), value.as_str(), c.unit.as_deref().unwrap_or(""), date_bounds(c.time.as_ref()).as_str()]
        .join("\u{1f}")
}

/// A stable key for a finding, computed from what it says rather than where
/// it is: code, kind, subject, and for each claim its document path, its
/// normalized value and its time (claims in sorted order; document findings:
/// the document's path). Editing a document elsewhere, or moving the claim
/// within it, keeps the key; changing a figure changes it. 16 hex digits of
/// a BLAKE3 hash. Paths are as given (with `/`, without `./`), so compare
/// runs started from the same folder.
pub fn fingerprint(analysis: &Analysis, finding: &Finding) -> String {
    let mut claims: Vec<String> =
        finding.claims.iter().filter_map(|&i| analysis.claims.get(i)).map(|c| claim_key(analysis, c)).collect();
    claims.sort();
    let doc =
        finding.doc.and_then(|d| analysis.documents.get(d)).map(|d| slash_path(&d.document.path)).unwrap_or_default();
    let key = [
        finding.code.as_str(),
        finding.kind.as_deref().unwrap_or(""),
        finding.subject.as_deref().unwrap_or(""),
        doc.as_str(),
        claims.join("\u{1e}").as_str(),
    ]
    .join("\u{1d}");
    blake3::hash(key.as_bytes()).to_hex()[..16].to_string()
}

/// What a person reads of one claim in a baseline entry.
fn claim_line(analysis: &Analysis, c: &Claim) -> String {
    let doc = &analysis.documents[c.doc];
    let (line, _) = doc.lines.line_col(&doc.document.text, c.span.start);
    let time = c.time.as_ref().and_then(|t| t.start.or(t.end)).map(|d| format!(" ({d})")).unwrap_or_default();
    format!("{}:{line}: “{}”{time}", doc.document.path.display(), c.text)
}

/// The baseline of every finding of `analysis` (new and already accepted),
/// keeping the reason of entries of `previous` with the same fingerprint.
pub fn from_analysis(analysis: &Analysis, previous: &Baseline) -> Baseline {
    let mut reasons: HashMap<&str, Vec<&Option<String>>> = HashMap::new();
    for e in previous.entries.iter().rev() {
        reasons.entry(e.fingerprint.as_str()).or_default().push(&e.reason);
    }
    let findings = analysis.findings.iter().chain(analysis.baselined.iter().map(|a| &a.finding));
    let mut entries: Vec<Entry> = findings
        .map(|f| {
            let fingerprint = fingerprint(analysis, f);
            let reason = reasons.get_mut(fingerprint.as_str()).and_then(|r| r.pop()).cloned().flatten();
            Entry {
                code: f.code.as_str().to_string(),
                kind: f.kind.clone(),
                subject: f.subject.clone(),
                claims: f.claims.iter().map(|&i| claim_line(analysis, &analysis.claims[i])).collect(),
                fingerprint,
                reason,
            }
        })
        .collect();
    entries.sort_by(|a, b| (&a.code, &a.kind, &a.subject, &a.claims).cmp(&(&b.code, &b.kind, &b.subject, &b.claims)));
    Baseline { entries }
}

/// A YAML double-quoted string (a JSON string is one).
fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
}

impl Baseline {
    /// The baseline as YAML, with a header that says how to use it.
    pub fn to_yaml(&self) -> String {
        let mut out = String::from(
            "# claimcheck baseline: findings accepted by an editor. `claimcheck check --baseline FILE`\n\
             # reports only findings that are not listed here. An entry matches by its fingerprint\n\
             # (code, kind, subject, documents, normalized values and times), not by line, so\n\
             # editing an article elsewhere keeps it. Add `reason: \"…\"` to an entry to say why\n\
             # it is accepted (`--show-baselined` shows it); `baseline write` keeps reasons.\n",
        );
        let _ = writeln!(out, "version: {VERSION}");
        if self.entries.is_empty() {
            out.push_str("findings: []\n");
            return out;
        }
        out.push_str("findings:\n");
        for e in &self.entries {
            let _ = writeln!(out, "  - fingerprint: {}", quote(&e.fingerprint));
            let _ = writeln!(out, "    code: {}", quote(&e.code));
            if let Some(kind) = &e.kind {
                let _ = writeln!(out, "    kind: {}", quote(kind));
            }
            if let Some(subject) = &e.subject {
                let _ = writeln!(out, "    subject: {}", quote(subject));
            }
            if !e.claims.is_empty() {
                out.push_str("    claims:\n");
                for c in &e.claims {
                    let _ = writeln!(out, "      - {}", quote(c));
                }
            }
            if let Some(reason) = &e.reason {
                let _ = writeln!(out, "    reason: {}", quote(reason));
            }
        }
        out
    }

    /// Moves the findings of `analysis` that this baseline accepts into
    /// `analysis.baselined`, and lists the entries that matched nothing in
    /// `analysis.stale`. Each entry accepts at most one finding.
    pub fn apply(&self, analysis: &mut Analysis) {
        let mut open: HashMap<&str, Vec<&Entry>> = HashMap::new();
        for e in self.entries.iter().rev() {
            open.entry(e.fingerprint.as_str()).or_default().push(e);
        }
        let findings = std::mem::take(&mut analysis.findings);
        for f in findings {
            let print = fingerprint(analysis, &f);
            match open.get_mut(print.as_str()).and_then(|v| v.pop()) {
                Some(entry) => analysis.baselined.push(Accepted { finding: f, reason: entry.reason.clone() }),
                None => analysis.findings.push(f),
            }
        }
        let mut stale: Vec<Entry> = open.into_values().flatten().cloned().collect();
        stale.sort_by(|a, b| (&a.code, &a.subject, &a.fingerprint).cmp(&(&b.code, &b.subject, &b.fingerprint)));
        analysis.stale = stale;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Code;
    use std::path::PathBuf;

    /// The analysis of in-memory documents (path, text), checked with the shipped schemas.
    fn analyse(docs: &[(&str, &str)]) -> Analysis {
        let set = crate::schema::load(&crate::schema::SchemaFiles::shipped()).unwrap_or_else(|_| panic!("schemas"));
        let mut analysis = Analysis::default();
        for (path, text) in docs {
            let doc = crate::corpus::parse_document(PathBuf::from(path), text.as_bytes().to_vec()).unwrap();
            crate::add_document(&mut analysis, doc, &set);
        }
        crate::check_analysis(&mut analysis, &set);
        analysis
    }

    const A: &str = " date 2020-01-16 The US has more than 5,000 troops in Iraq, officials said.\n";
    const B: &str = " date 2020-01-17 Some 3,000 US troops are in Iraq, officials said on Friday.\n";

    fn contradiction_key(analysis: &Analysis) -> String {
        let f = analysis.findings.iter().find(|f| f.code == Code::Contradiction).unwrap();
        fingerprint(analysis, f)
    }

    #[test]
    fn fingerprints_follow_content_not_position() {
        let base = contradiction_key(&analyse(&[("a.txt", A), ("b.txt", B)]));
        assert_eq!(base.len(), 16);
        assert!(base.bytes().all(|b| b.is_ascii_hexdigit()));
        // The same again, and with the claim moved down by a paragraph: the same key.
        assert_eq!(contradiction_key(&analyse(&[("a.txt", A), ("b.txt", B)])), base);
        let moved = B.replacen("Some", "Officials met on Friday.\n\nSome", 1);
        assert_eq!(contradiction_key(&analyse(&[("a.txt", A), ("b.txt", &moved)])), base);
        // Another figure, or another document, is another finding.
        let other = B.replace("3,000", "2,000");
        assert_ne!(contradiction_key(&analyse(&[("a.txt", A), ("b.txt", &other)])), base);
        assert_ne!(contradiction_key(&analyse(&[("a.txt", A), ("c.txt", B)])), base);
    }

    #[test]
    fn yaml_round_trips_with_reasons_and_odd_characters() {
        let baseline = Baseline {
            entries: vec![Entry {
                fingerprint: "0123456789abcdef".into(),
                code: "contradiction".into(),
                kind: Some("troop_count".into()),
                subject: Some("troop count (United States, Iraq)".into()),
                claims: vec!["a.txt:9: “more than 5,000” (2020-01-16)".into(), "b: \"quoted\" # not a comment".into()],
                reason: Some("Both right: different dates.\nSee ticket #12".into()),
            }],
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.yaml");
        std::fs::write(&path, baseline.to_yaml()).unwrap();
        assert_eq!(load(&path).unwrap(), baseline);
    }

    #[test]
    fn an_empty_baseline_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.yaml");
        std::fs::write(&path, Baseline::default().to_yaml()).unwrap();
        assert_eq!(load(&path).unwrap(), Baseline::default());
    }

    #[test]
    fn a_mistyped_key_is_an_error_at_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.yaml");
        std::fs::write(&path, "version: 1\nfindings:\n  - fingerprint: x\n    code: c\n    reasn: r\n").unwrap();
        let err = load(&path).unwrap_err();
        let mut out = String::new();
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .render_report(&mut out, err.as_ref())
            .unwrap();
        assert!(out.contains("unknown key `reasn`"), "{out}");
        assert!(out.contains("did you mean `reason`?"), "{out}");
        assert!(out.contains("b.yaml:5:5"), "{out}");
    }

    #[test]
    fn another_version_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.yaml");
        std::fs::write(&path, "version: 9\nfindings: []\n").unwrap();
        assert!(load(&path).unwrap_err().to_string().contains("version 9"));
    }
}
