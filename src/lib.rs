//! claimcheck: finds quantitative claims in news articles that cannot all be true.
//!
//! The pipeline, one module per stage, plain data between them:
//!
//! ```text
//! corpus   paths            ─▶ Document { path, date, text, body }
//! segment  Document         ─▶ Sentence { span, paragraph }
//! extract  Sentence × Schema ─▶ Mention { span, text, captured slots }
//! normalize words            ─▶ Quantity / Interval / DateValue
//! resolve  Mention          ─▶ Claim { kind, subject slots, value, time, attribution }
//! check    Claim*           ─▶ Finding { code, severity, claims }
//! report   Analysis         ─▶ human · concise · json · jsonl
//! ```
//!
//! The schemas that drive extraction are YAML files under `claims/` ([`schema`]).

pub mod check;
pub mod corpus;
pub mod examples;
pub mod extract;
pub mod gazetteer;
pub mod lexicon;
pub mod normalize;
pub mod patterns;
pub mod report;
pub mod resolve;
pub mod schema;
pub mod segment;

use std::path::PathBuf;

use check::{Code, Finding};
use corpus::{Document, Skipped};
use resolve::Claim;
use schema::SchemaSet;
use segment::LineIndex;

/// A document that was read and checked.
#[derive(Debug, Clone)]
pub struct CheckedDocument {
    /// The document.
    pub document: Document,
    /// Line index of its text, for line and column numbers.
    pub lines: LineIndex,
    /// Number of claims found in it.
    pub claims: usize,
}

/// Everything one run found.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// Documents checked, in input order.
    pub documents: Vec<CheckedDocument>,
    /// Paths not checked, with the reason.
    pub skipped: Vec<Skipped>,
    /// Every claim; `Claim::doc` indexes `documents`.
    pub claims: Vec<Claim>,
    /// Findings; their `claims` index `claims`.
    pub findings: Vec<Finding>,
}

/// Reads the inputs and extracts their claims (no checking). Files larger
/// than `max_bytes` are skipped with the reason.
pub fn extract_all(inputs: &[PathBuf], set: &SchemaSet, max_bytes: u64) -> Analysis {
    let (paths, mut skipped) = corpus::collect_paths(inputs);
    let mut analysis = Analysis::default();
    for path in paths {
        match corpus::load_document_with_limit(&path, max_bytes) {
            Ok(document) => add_document(&mut analysis, document, set),
            Err(s) => skipped.push(s),
        }
    }
    analysis.skipped = skipped;
    analysis
}

/// Extracts the claims of one document and adds it to the analysis.
pub fn add_document(analysis: &mut Analysis, document: Document, set: &SchemaSet) {
    let doc_index = analysis.documents.len();
    let sentences = segment::sentences(&document.text, document.body.clone(), &set.lexicon.abbreviations);
    let mentions = extract::extract(&document, &sentences, set);
    let claims = resolve::resolve(doc_index, &document, &sentences, &mentions, set);
    let lines = LineIndex::new(&document.text);
    analysis.documents.push(CheckedDocument { claims: claims.len(), document, lines });
    analysis.claims.extend(claims);
}

/// Reads, extracts and checks: the whole pipeline.
pub fn check_all(inputs: &[PathBuf], set: &SchemaSet, max_bytes: u64) -> Analysis {
    let mut analysis = extract_all(inputs, set, max_bytes);
    check_analysis(&mut analysis, set);
    analysis
}

/// Runs the checks over the claims of an analysis and fills its findings.
pub fn check_analysis(analysis: &mut Analysis, set: &SchemaSet) {
    let anchors: Vec<resolve::Anchors> =
        analysis.documents.iter().map(|d| resolve::anchors(&d.document, set)).collect();
    let mut findings = check::check(&analysis.claims, &anchors, &set.schemas);
    for (i, d) in analysis.documents.iter().enumerate() {
        if let Some(problem) = &d.document.header_problem {
            findings.push(document_finding(Code::BadHeader, i, problem.clone(), "fix the document's header".into()));
        }
        if d.document.date.is_none() {
            findings.push(document_finding(
                Code::UndatedDocument,
                i,
                "document has no publication date".into(),
                "add a ` date YYYY-MM-DD ` first line or a `date:` in the front matter; until then its relative dates stay unresolved and its present-tense figures are not compared".into(),
            ));
        }
    }
    let claims = &analysis.claims;
    let docs = &analysis.documents;
    let sort_key = |f: &Finding| {
        let first = f.claims.first().map(|&c| (claims[c].doc, claims[c].span.start)).or(f.doc.map(|d| (d, 0)));
        let path = first.map(|(d, _)| docs[d].document.path.clone());
        (f.severity, path, first.map(|(_, s)| s), f.code, f.claims.clone())
    };
    findings.sort_by_key(sort_key);
    analysis.findings = findings;
}

fn document_finding(code: Code, doc: usize, message: String, help: String) -> Finding {
    Finding {
        code,
        severity: code.doc().severity,
        kind: None,
        subject: None,
        message,
        help,
        claims: vec![],
        doc: Some(doc),
    }
}
