//! claimcheck: finds quantitative claims in news articles that cannot all be true.
//!
//! The pipeline, one module per stage, plain data between them:
//!
//! ```text
//! corpus   paths, JSON lines ─▶ Document { path, date, text, body }
//! segment  Document          ─▶ Sentence { span, paragraph }
//! extract  Sentence × Schema  ─▶ Mention { span, text, captured slots }   (prefilter: which patterns run)
//! normalize words             ─▶ Quantity / Interval / DateValue
//! resolve  Mention           ─▶ Claim { kind, subject slots, value, time, attribution }
//! check    Claim*            ─▶ Fact* (72 bytes) ─▶ Conflict* ─▶ Finding { code, severity, claims }
//! baseline Finding*          ─▶ new findings, accepted ones, stale entries
//! report   Analysis          ─▶ human · concise · json · jsonl · sarif · github · html · markdown
//! ```
//!
//! [`stream`] runs the same stages on a corpus too large to hold: it keeps
//! only the facts, and reads again the documents that findings cite.
//!
//! Around it: [`config`] (claimcheck.yaml and flags to settings), [`cache`]
//! (claims kept between runs, keyed by content and schemas). The schemas that
//! drive extraction are YAML files under `claims/` ([`schema`]).

pub mod baseline;
pub mod cache;
pub mod check;
pub mod config;
pub mod corpus;
pub mod examples;
pub mod extract;
pub mod gazetteer;
pub mod lexicon;
pub mod normalize;
pub mod patterns;
pub mod prefilter;
pub mod report;
pub mod resolve;
pub mod schema;
pub mod segment;
pub mod stream;

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use cache::{Cache, ContentHash};
use check::{Code, Finding};
use corpus::{Document, Selection, Skipped};
use resolve::{Anchors, Claim};
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
    /// Its proper names, for telling events apart.
    pub anchors: Anchors,
    /// Hash of its bytes (the cache key).
    pub hash: ContentHash,
    /// Its claims came from the cache.
    pub cached: bool,
}

/// Everything one run found.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// Documents checked, sorted by path.
    pub documents: Vec<CheckedDocument>,
    /// Paths not checked, with the reason.
    pub skipped: Vec<Skipped>,
    /// Every claim, grouped by document in document order; `Claim::doc` indexes `documents`.
    pub claims: Vec<Claim>,
    /// Findings; their `claims` index `claims`.
    pub findings: Vec<Finding>,
    /// Findings that the baseline accepts (not in `findings`).
    pub baselined: Vec<baseline::Accepted>,
    /// Baseline entries that match no finding of this run.
    pub stale: Vec<baseline::Entry>,
}

/// How a run reads its inputs.
#[derive(Clone, Copy)]
pub struct Run<'a> {
    /// The schemas.
    pub set: &'a SchemaSet,
    /// Documents larger than this many bytes are skipped with the reason.
    pub max_bytes: u64,
    /// Which files folder walks keep.
    pub selection: &'a Selection,
    /// Claims extracted by earlier runs, if the cache is on.
    pub cache: Option<&'a Cache>,
    /// Called once per document done (from any thread), for a progress bar.
    pub progress: Option<&'a (dyn Fn() + Sync)>,
}

impl<'a> Run<'a> {
    /// A run with the default size limit and selection, no cache and no progress.
    pub fn new(set: &'a SchemaSet) -> Self {
        static DEFAULT_SELECTION: std::sync::OnceLock<Selection> = std::sync::OnceLock::new();
        Run {
            set,
            max_bytes: corpus::DEFAULT_MAX_BYTES,
            selection: DEFAULT_SELECTION.get_or_init(Selection::default),
            cache: None,
            progress: None,
        }
    }
}

/// What the pipeline makes of one document before it joins the analysis.
pub(crate) struct Processed {
    pub(crate) document: Document,
    pub(crate) lines: LineIndex,
    pub(crate) anchors: Anchors,
    pub(crate) hash: ContentHash,
    pub(crate) cached: bool,
    pub(crate) claims: Vec<Claim>,
}

/// Segments, extracts and resolves one document (adding what it finds to the
/// cache), or reads its claims from the cache.
pub(crate) fn process(document: Document, run: &Run) -> Processed {
    let hash = cache::content_hash(&document.text);
    let lines = LineIndex::new(&document.text);
    let (claims, anchors, cached) = match run.cache.and_then(|c| c.get(&hash)) {
        Some(cache::Entry { claims, anchors }) => (claims, Arc::new(anchors), true),
        None => {
            let set = run.set;
            let sentences = segment::sentences(&document.text, document.body.clone(), &set.lexicon.abbreviations);
            let mentions = extract::extract(&document, &sentences, set);
            let claims = resolve::resolve(0, &document, &sentences, &mentions, set);
            let anchors = resolve::anchors(&document, set);
            if let Some(cache) = run.cache {
                cache.add(&hash, &claims, &anchors);
            }
            (claims, anchors, false)
        }
    };
    if let Some(progress) = run.progress {
        progress();
    }
    Processed { document, lines, anchors, hash, cached, claims }
}

impl Analysis {
    /// Adds a processed document: its claims get its index.
    fn push(&mut self, p: Processed) {
        let doc = self.documents.len();
        let count = p.claims.len();
        self.claims.extend(p.claims.into_iter().map(|mut c| {
            c.doc = doc;
            c
        }));
        self.documents.push(CheckedDocument {
            document: p.document,
            lines: p.lines,
            claims: count,
            anchors: p.anchors,
            hash: p.hash,
            cached: p.cached,
        });
    }

    /// The claims of document `doc`.
    pub fn claims_of(&self, doc: usize) -> &[Claim] {
        let start = self.claims.partition_point(|c| c.doc < doc);
        let end = self.claims.partition_point(|c| c.doc <= doc);
        &self.claims[start..end]
    }
}

/// The files a run reads: the inputs expanded by [`corpus::collect_paths`]
/// with the run's selection, and the inputs that cannot be read.
pub fn collect(inputs: &[PathBuf], run: &Run) -> (Vec<PathBuf>, Vec<Skipped>) {
    corpus::collect_paths(inputs, run.selection)
}

/// Reads the inputs (and `extra` documents already in memory, such as one
/// read from standard input) and extracts their claims, without checking.
pub fn extract_all(inputs: &[PathBuf], extra: Vec<Document>, run: &Run) -> Analysis {
    let (paths, skipped) = collect(inputs, run);
    extract_collected(&paths, skipped, extra, run)
}

/// Extracts the claims of collected paths, in parallel on the current rayon
/// pool. Documents are sorted by path, so the result does not depend on the
/// order of the inputs or the number of threads.
pub fn extract_collected(paths: &[PathBuf], mut skipped: Vec<Skipped>, extra: Vec<Document>, run: &Run) -> Analysis {
    let loaded: Vec<Result<Processed, Skipped>> = paths
        .par_iter()
        .map(|path| corpus::load_document_with_limit(path, run.max_bytes).map(|d| process(d, run)))
        .collect();
    let mut processed: Vec<Processed> = extra.into_par_iter().map(|d| process(d, run)).collect();
    for item in loaded {
        match item {
            Ok(p) => processed.push(p),
            Err(s) => skipped.push(s),
        }
    }
    processed.sort_by(|a, b| a.document.path.cmp(&b.document.path));
    skipped.sort_by(|a, b| a.path.cmp(&b.path).then_with(|| a.reason.cmp(&b.reason)));
    let mut analysis = Analysis { skipped, ..Analysis::default() };
    // Sized once: growing by doubling would hold two copies of a large corpus's claims.
    analysis.claims.reserve_exact(processed.iter().map(|p| p.claims.len()).sum());
    analysis.documents.reserve_exact(processed.len());
    for p in processed {
        analysis.push(p);
    }
    analysis
}

/// Extracts the claims of one document and adds it to the analysis.
pub fn add_document(analysis: &mut Analysis, document: Document, set: &SchemaSet) {
    analysis.push(process(document, &Run::new(set)));
}

/// Reads, extracts and checks: the whole pipeline.
pub fn check_all(inputs: &[PathBuf], extra: Vec<Document>, run: &Run) -> Analysis {
    let mut analysis = extract_all(inputs, extra, run);
    check_analysis(&mut analysis, run.set);
    analysis
}

/// Runs the checks over the claims of an analysis and fills its findings.
pub fn check_analysis(analysis: &mut Analysis, set: &SchemaSet) {
    let anchors: Vec<Anchors> = analysis.documents.iter().map(|d| d.anchors.clone()).collect();
    let mut findings = check::check(&analysis.claims, &anchors, &set.schemas);
    for (i, d) in analysis.documents.iter().enumerate() {
        for code in [Code::BadHeader, Code::UndatedDocument] {
            findings.extend(document_finding(code, i, &d.document));
        }
    }
    analysis.findings = findings;
    sort_findings(analysis);
}

/// Sorts the findings: by severity, then where they point first, then code.
fn sort_findings(analysis: &mut Analysis) {
    let claims = &analysis.claims;
    let docs = &analysis.documents;
    let sort_key = |f: &Finding| {
        let first = f.claims.first().map(|&c| (claims[c].doc, claims[c].span.start)).or(f.doc.map(|d| (d, 0)));
        let path = first.map(|(d, _)| docs[d].document.path.clone());
        (f.severity, path, first.map(|(_, s)| s), f.code, f.claims.clone())
    };
    let mut findings = std::mem::take(&mut analysis.findings);
    // The key holds a path and a list: build it once a finding, not once a comparison.
    findings.sort_by_cached_key(sort_key);
    analysis.findings = findings;
}

/// Keeps only the findings that involve one of the `drafts` (a claim in one
/// of them, or a finding about one of them): `check DRAFT --against CORPUS`.
pub fn keep_findings_about(analysis: &mut Analysis, drafts: &std::collections::BTreeSet<PathBuf>) {
    let is_draft: Vec<bool> = analysis.documents.iter().map(|d| drafts.contains(&d.document.path)).collect();
    let claims = &analysis.claims;
    analysis
        .findings
        .retain(|f| f.doc.is_some_and(|d| is_draft[d]) || f.claims.iter().any(|&c| is_draft[claims[c].doc]));
}

/// Applies per-code severity settings (`severity:` in the config): a code
/// set to a severity is reported at it, a code set to `off` is dropped.
pub fn apply_levels(analysis: &mut Analysis, levels: &std::collections::BTreeMap<Code, config::Level>) {
    if levels.is_empty() {
        return;
    }
    analysis.findings.retain_mut(|f| match levels.get(&f.code).map(|l| l.severity()) {
        None => true,
        Some(None) => false,
        Some(Some(severity)) => {
            f.severity = severity;
            true
        }
    });
    sort_findings(analysis);
}

/// The finding `code` about document `doc` (a bad header, no date), if it applies to `document`.
pub(crate) fn document_finding(code: Code, doc: usize, document: &Document) -> Option<Finding> {
    let (message, help) = match code {
        Code::BadHeader => (document.header_problem.clone()?, "fix the document's header".to_string()),
        Code::UndatedDocument if document.date.is_none() => (
            "document has no publication date".to_string(),
            "add a ` date YYYY-MM-DD ` first line or a `date:` in the front matter; until then its relative dates stay unresolved and its present-tense figures are not compared".to_string(),
        ),
        _ => return None,
    };
    Some(Finding {
        code,
        severity: code.doc().severity,
        kind: None,
        subject: None,
        message,
        help,
        claims: vec![],
        doc: Some(doc),
    })
}
