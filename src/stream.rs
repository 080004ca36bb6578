//! Streamed checking: a corpus of any size in memory bounded by its claims.
//! In: paths, JSON Lines files and documents already read. Out: a
//! [`StreamedCheck`] run, whose findings are put in words only while its report is
//! written.
//!
//! Documents are read and extracted a batch at a time; each claim the checks
//! compare is kept as a 72-byte [`Fact`](crate::check::Fact) and the text
//! and claims are dropped. After the checks, only the documents that findings
//! cite are read and extracted again, a few thousand findings at a time. The
//! report is the one the in-memory pipeline writes, byte for byte.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::check::{self, Code, Conflict, Facts, Finding, Severity};
use crate::config::Level;
use crate::corpus::{self, Document, Skipped};
use crate::resolve::Claim;
use crate::{process, Analysis, CheckedDocument, Processed, Run};

/// Documents read and extracted together: enough to keep every thread busy, few enough to hold.
const BATCH: usize = 4096;

/// Findings put in words together: the documents they cite are held meanwhile.
const CHUNK: usize = 5_000;

/// Where a document can be read again.
#[derive(Debug, Clone, Copy)]
enum Origin {
    /// Its path is a file.
    File,
    /// Line `number` of the `file`-th JSON Lines input (at byte `Listed::offset`).
    Jsonl { file: u32, number: u32 },
    /// The `n`-th document given in memory (standard input).
    Given(u32),
}

/// One checked document as a streamed run remembers it, in 56 bytes and its
/// path's: enough to list it and to read it again.
#[derive(Debug)]
struct Listed {
    /// Where its path is in [`Paths`] (fields of their own, so that they pack with the others).
    path_start: u64,
    path_len: u32,
    /// Where its line starts, for an article of a JSON Lines file.
    offset: u64,
    date: Option<NaiveDate>,
    claims: u32,
    /// Length of its text in bytes.
    bytes: u64,
    /// Its header could not be read in full (the problem is read again with the document).
    bad_header: bool,
    origin: Origin,
    /// Its number in the order it was read.
    read: u32,
}

/// The paths of many documents in one buffer, so that a path costs its bytes
/// and not an allocation of its own.
#[derive(Debug, Default)]
struct Paths {
    text: String,
    /// Paths that are not UTF-8, kept whole.
    other: Vec<PathBuf>,
}

impl Paths {
    /// Adds a path; returns where it is: the start and length of its text,
    /// or (a length of `u32::MAX`) its index in `other`.
    fn push(&mut self, path: PathBuf) -> (u64, u32) {
        match path.to_str().filter(|p| p.len() < u32::MAX as usize) {
            Some(p) => {
                let at = (self.text.len() as u64, p.len() as u32);
                self.text.push_str(p);
                at
            }
            None => {
                self.other.push(path);
                (self.other.len() as u64 - 1, u32::MAX)
            }
        }
    }

    /// The path that [`Paths::push`] put at `(start, len)`.
    fn get(&self, start: u64, len: u32) -> &Path {
        if len == u32::MAX {
            return self.other.get(start as usize).map_or(Path::new(""), PathBuf::as_path);
        }
        let start = start as usize;
        Path::new(self.text.get(start..start + len as usize).unwrap_or(""))
    }

    /// The path of a listed document.
    fn of(&self, l: &Listed) -> &Path {
        self.get(l.path_start, l.path_len)
    }
}

/// A finding before it is put in words, with where it points first.
#[derive(Debug)]
struct Pending {
    code: Code,
    severity: Severity,
    /// The conflict, for a finding about claims.
    conflict: Option<Conflict>,
    /// Document and byte offset it points to first.
    doc: usize,
    start: usize,
    /// The schema of its first claim (its kind), for a finding about claims.
    schema: Option<usize>,
}

/// A document read again, with the claims findings cite (by their number in the run).
type Kept = (CheckedDocument, Vec<(usize, Claim)>);

/// Something to read: a document already read, a file to read, or a path that cannot be.
enum Source {
    /// A document, where it can be read again, and the byte offset of its JSON line.
    Read(Document, Origin, u64),
    File(PathBuf),
    Skip(Skipped),
}

/// A document a streamed run checked, as it lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListedDocument<'a> {
    /// Its path (`file#id` for an article of a JSON Lines file).
    pub path: &'a Path,
    /// Its publication date, if its header gives one.
    pub date: Option<NaiveDate>,
    /// How many claims were found in it.
    pub claims: usize,
    /// Length of its text in bytes.
    pub bytes: usize,
}

/// Some findings of a streamed run, in words, with what they cite.
#[derive(Debug, Default)]
pub struct Chunk {
    /// Only the documents and claims the findings cite; the findings index them.
    pub analysis: Analysis,
    /// For each document of `analysis`, its index among all the run's documents.
    pub documents: Vec<usize>,
}

/// A streamed run after its checks.
pub struct StreamedCheck<'a> {
    run: Run<'a>,
    jsonl: Vec<PathBuf>,
    given: Vec<Document>,
    /// Documents checked, sorted by path.
    listing: Vec<Listed>,
    paths: Paths,
    /// Paths not checked, with the reason, sorted by path.
    pub skipped: Vec<Skipped>,
    /// Index of the first claim of each listed document in the run's numbering.
    first_claim: Vec<u32>,
    pending: Vec<Pending>,
    /// Findings dropped because a document they cite changed during the run.
    changed: AtomicUsize,
}

/// Reads, extracts and checks `paths` (files, as collected), the articles of
/// the `jsonl` files and the `given` documents, holding only the facts of
/// their claims. `skipped` are paths already found unreadable; `levels` are
/// the configured severities of codes (`off` drops a code).
pub fn check_streamed<'a>(
    paths: &[PathBuf],
    jsonl: &[PathBuf],
    given: Vec<Document>,
    mut skipped: Vec<Skipped>,
    run: &Run<'a>,
    levels: &BTreeMap<Code, Level>,
) -> StreamedCheck<'a> {
    let schemas = &run.set.schemas;
    let max_bytes = run.max_bytes;
    let articles = jsonl.iter().enumerate().flat_map(|(file, path)| {
        corpus::jsonl_articles(path, max_bytes).map(move |line| match line.article {
            Ok(doc) => {
                let origin = Origin::Jsonl { file: file as u32, number: line.number as u32 };
                Source::Read(doc, origin, line.offset)
            }
            Err(s) => Source::Skip(s),
        })
    });
    let given_docs = given.iter().enumerate().map(|(i, d)| Source::Read(d.clone(), Origin::Given(i as u32), 0));
    let sources = articles.chain(given_docs).chain(paths.iter().map(|p| Source::File(p.clone())));
    let (mut facts, mut listing, paths_read) = first_pass(sources, run, &mut skipped);
    // The order of the in-memory pipeline: by path, documents read first ahead of files.
    // Unstable but in read order among equal paths (duplicate ids), without the buffer of a stable sort.
    let path = |l: &Listed| paths_read.of(l);
    listing.sort_unstable_by(|a, b| path(a).cmp(path(b)).then(a.read.cmp(&b.read)));
    skipped.sort_by(|a, b| a.path.cmp(&b.path).then_with(|| a.reason.cmp(&b.reason)));
    // Claims and documents are numbered in 32 bits, as facts number them.
    let mut new_doc = vec![0; listing.len()];
    let mut first_claim = Vec::with_capacity(listing.len());
    let mut claims: u32 = 0;
    for (rank, l) in listing.iter().enumerate() {
        new_doc[l.read as usize] = rank as u32;
        first_claim.push(claims);
        claims = claims.saturating_add(l.claims);
    }
    facts.renumber(&new_doc, &first_claim);
    drop(new_doc);
    let level = |code: Code, default: Severity| levels.get(&code).map_or(Some(default), |l| l.severity());
    let mut pending = Vec::new();
    for conflict in check::conflicts(&facts, schemas) {
        let Some(severity) = level(conflict.code, conflict.severity) else { continue };
        let Some(place) = facts.place(conflict.claims[0]) else { continue };
        let (doc, start, schema) = (place.doc, place.start, Some(place.schema));
        pending.push(Pending { code: conflict.code, severity, conflict: Some(conflict), doc, start, schema });
    }
    drop(facts);
    for (doc, l) in listing.iter().enumerate() {
        let codes = [(l.bad_header, Code::BadHeader), (l.date.is_none(), Code::UndatedDocument)];
        for (_, code) in codes.into_iter().filter(|(applies, _)| *applies) {
            if let Some(severity) = level(code, code.doc().severity) {
                pending.push(Pending { code, severity, conflict: None, doc, start: 0, schema: None });
            }
        }
    }
    // The order of `sort_findings`: severity, where the finding points first, code, claims.
    let claims_of = |p: &Pending| p.conflict.map(|c| c.claims);
    pending.sort_by(|a, b| {
        (a.severity, path(&listing[a.doc]), a.start, a.code, claims_of(a)).cmp(&(
            b.severity,
            path(&listing[b.doc]),
            b.start,
            b.code,
            claims_of(b),
        ))
    });
    StreamedCheck {
        run: Run { progress: None, ..*run },
        jsonl: jsonl.to_vec(),
        given,
        listing,
        paths: paths_read,
        skipped,
        first_claim,
        pending,
        changed: AtomicUsize::new(0),
    }
}

/// The first pass: reads and extracts the sources a batch at a time, and
/// keeps of each document its facts and its listing record (`skipped` gets
/// what cannot be read). Documents are numbered in the order they are read.
fn first_pass(
    mut sources: impl Iterator<Item = Source>,
    run: &Run,
    skipped: &mut Vec<Skipped>,
) -> (Facts, Vec<Listed>, Paths) {
    let schemas = &run.set.schemas;
    let mut facts = Facts::new();
    let mut listing: Vec<Listed> = Vec::new();
    let mut paths_read = Paths::default();
    let max_bytes = run.max_bytes;
    loop {
        let batch: Vec<Source> = sources.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        let done: Vec<Result<(Processed, Origin, u64), Skipped>> = batch
            .into_par_iter()
            .map(|source| match source {
                Source::Read(doc, origin, offset) => Ok((process(doc, run), origin, offset)),
                Source::File(path) => {
                    corpus::load_document_with_limit(&path, max_bytes).map(|d| (process(d, run), Origin::File, 0))
                }
                Source::Skip(s) => Err(s),
            })
            .collect();
        for item in done {
            let (p, origin, offset) = match item {
                Ok(done) => done,
                Err(s) => {
                    skipped.push(s);
                    continue;
                }
            };
            let doc = listing.len();
            facts.add_document(&p.anchors, p.claims.iter().enumerate(), schemas);
            let (path_start, path_len) = paths_read.push(p.document.path);
            listing.push(Listed {
                path_start,
                path_len,
                offset,
                date: p.document.date,
                claims: p.claims.len() as u32,
                bytes: p.document.text.len() as u64,
                bad_header: p.document.header_problem.is_some(),
                origin,
                read: doc as u32,
            });
        }
    }
    (facts, listing, paths_read)
}

impl StreamedCheck<'_> {
    /// The documents checked, sorted by path.
    pub fn documents(&self) -> impl ExactSizeIterator<Item = ListedDocument<'_>> + '_ {
        self.listing.iter().map(|l| ListedDocument {
            path: self.paths.of(l),
            date: l.date,
            claims: l.claims as usize,
            bytes: l.bytes as usize,
        })
    }

    /// The number of claims found in all documents.
    pub fn claims(&self) -> usize {
        self.listing.iter().map(|l| l.claims as usize).sum()
    }

    /// True when a finding is at `threshold` or more serious.
    pub fn fails_at(&self, threshold: Severity) -> bool {
        self.pending.iter().any(|p| p.severity <= threshold)
    }

    /// Every finding of the run as its severity, code and kind (none for a
    /// finding about a document), known without putting it in words.
    pub fn findings(&self) -> impl Iterator<Item = (Severity, Code, Option<&str>)> + '_ {
        let kind = |schema: usize| self.run.set.schemas.get(schema).map(|s| s.kind.as_str());
        self.pending.iter().map(move |p| (p.severity, p.code, p.schema.and_then(kind)))
    }

    /// How many findings were dropped because a document they cite changed between its two readings.
    pub fn changed(&self) -> usize {
        self.changed.load(Ordering::Relaxed)
    }

    /// The findings in report order, a chunk at a time: each chunk holds
    /// only the documents and claims its findings cite.
    pub fn chunks(&self) -> impl Iterator<Item = Chunk> + '_ {
        self.pending.chunks(CHUNK).map(|chunk| self.materialize(chunk))
    }

    /// The document a claim (by its number in the run) belongs to.
    fn doc_of(&self, claim: usize) -> usize {
        self.first_claim.partition_point(|&first| first as usize <= claim).saturating_sub(1)
    }

    /// Reads a listed document again.
    fn reread(&self, doc: usize) -> Option<Document> {
        let l = self.listing.get(doc)?;
        match l.origin {
            Origin::File => corpus::load_document_with_limit(self.paths.of(l), self.run.max_bytes).ok(),
            Origin::Jsonl { file, number } => {
                let path = self.jsonl.get(file as usize)?;
                corpus::reread_jsonl(path, number as usize, l.offset, self.run.max_bytes).ok()
            }
            Origin::Given(n) => self.given.get(n as usize).cloned(),
        }
    }

    /// Reads and extracts again the documents a chunk of findings cites, and
    /// puts the findings in words.
    fn materialize(&self, chunk: &[Pending]) -> Chunk {
        let mut wanted: BTreeSet<usize> = BTreeSet::new();
        let mut docs: BTreeSet<usize> = BTreeSet::new();
        for p in chunk {
            docs.insert(p.doc);
            for &c in p.conflict.iter().flat_map(|c| c.claims.iter()) {
                wanted.insert(c);
                docs.insert(self.doc_of(c));
            }
        }
        let docs: Vec<usize> = docs.into_iter().collect();
        // Each document keeps only the claims the findings cite, as soon as it is extracted.
        let read: Vec<Option<Kept>> =
            docs.par_iter().map(|&d| self.reread(d).and_then(|doc| self.keep(d, doc, &wanted))).collect();
        let mut analysis = Analysis::default();
        let mut documents = Vec::new();
        let mut doc_at: HashMap<usize, usize> = HashMap::new();
        let mut claim_at: HashMap<usize, usize> = HashMap::new();
        for (&d, read) in docs.iter().zip(read) {
            let Some((document, claims)) = read else { continue };
            let here = analysis.documents.len();
            for (g, claim) in claims {
                claim_at.insert(g, analysis.claims.len());
                analysis.claims.push(Claim { doc: here, ..claim });
            }
            doc_at.insert(d, here);
            analysis.documents.push(document);
            documents.push(d);
        }
        for p in chunk {
            match self.finding(p, &analysis, &doc_at, &claim_at) {
                Some(f) => analysis.findings.push(f),
                None => {
                    self.changed.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
        Chunk { analysis, documents }
    }

    /// Extracts listed document `d`, read again as `document`, and keeps the
    /// `wanted` claims (by their number in the run); `None` when it no longer
    /// has the claims it had.
    fn keep(
        &self,
        d: usize,
        document: Document,
        wanted: &BTreeSet<usize>,
    ) -> Option<(CheckedDocument, Vec<(usize, Claim)>)> {
        let p = process(document, &self.run);
        if p.claims.len() != self.listing[d].claims as usize {
            return None;
        }
        let first = self.first_claim[d] as usize;
        let claims = wanted.range(first..first + p.claims.len()).map(|&g| (g, p.claims[g - first].clone())).collect();
        let document = CheckedDocument {
            document: p.document,
            lines: p.lines,
            claims: p.claims.len(),
            anchors: p.anchors,
            hash: p.hash,
            cached: p.cached,
        };
        Some((document, claims))
    }

    /// A pending finding in words, with indexes into `analysis`; `None` when
    /// a document it cites could not be read again as it was.
    fn finding(
        &self,
        p: &Pending,
        analysis: &Analysis,
        doc_at: &HashMap<usize, usize>,
        claim_at: &HashMap<usize, usize>,
    ) -> Option<Finding> {
        let mut finding = match p.conflict {
            Some(conflict) => {
                let [a, b] = conflict.claims.map(|c| claim_at.get(&c).copied());
                let (a, b) = (a?, b?);
                check::finding(&conflict, [&analysis.claims[a], &analysis.claims[b]], [a, b])
            }
            None => {
                let doc = *doc_at.get(&p.doc)?;
                crate::document_finding(p.code, doc, &analysis.documents[doc].document)?
            }
        };
        finding.severity = p.severity;
        Some(finding)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::schema::{load, SchemaFiles};

    const A: &str = " date 2020-02-10 Approximately 5,000 US troops remain in Iraq, officials said.\n";
    const B: &str = " date 2020-02-11 The 15,000 American troops it keeps in Iraq are staying.\n";

    #[test]
    fn findings_match_the_in_memory_check_and_a_changed_document_drops_its_findings() {
        let set = load(&SchemaFiles::shipped()).unwrap_or_else(|_| panic!("schemas"));
        let dir = tempfile::tempdir().unwrap();
        let paths: Vec<PathBuf> = [("b.txt", B), ("a.txt", A)]
            .iter()
            .map(|(name, text)| {
                let path = dir.path().join(name);
                std::fs::write(&path, text).unwrap();
                path
            })
            .collect();
        let run = Run::new(&set);
        let held = crate::check_all(&paths, vec![], &run);
        let streamed = check_streamed(&paths, &[], vec![], vec![], &run, &BTreeMap::new());
        let listed: Vec<&Path> = streamed.documents().map(|d| d.path).collect();
        assert_eq!(listed, [paths[1].as_path(), paths[0].as_path()], "sorted by path");
        assert_eq!(streamed.claims(), held.claims.len());
        let words = |a: &Analysis| a.findings.iter().map(|f| (f.code, f.message.clone())).collect::<Vec<_>>();
        let chunks: Vec<Chunk> = streamed.chunks().collect();
        assert_eq!(chunks.len(), 1);
        assert_eq!(words(&chunks[0].analysis), words(&held));
        assert_eq!(chunks[0].documents, [0, 1], "both documents, by their index in the run");
        let bytes: Vec<usize> = streamed.documents().map(|d| d.bytes).collect();
        assert_eq!(bytes, [A.len(), B.len()]);
        assert_eq!(words(&held).len(), 1, "{:?}", words(&held));
        assert!(streamed.fails_at(Severity::Error) && streamed.changed() == 0);
        let counted: Vec<_> = streamed.findings().map(|(s, c, k)| (s, c, k.map(str::to_string))).collect();
        let held_counted: Vec<_> = held.findings.iter().map(|f| (f.severity, f.code, f.kind.clone())).collect();
        assert_eq!(counted, held_counted, "severity, code and kind known without putting findings in words");
        // The second reading finds other text: the finding is left out, and counted.
        std::fs::write(&paths[0], " date 2020-02-11 No figure here.\n").unwrap();
        let chunks: Vec<Chunk> = streamed.chunks().collect();
        assert!(chunks[0].analysis.findings.is_empty());
        assert_eq!(streamed.changed(), 1);
    }

    #[test]
    fn a_listed_document_is_small_and_its_path_comes_back() {
        // A corpus of millions of articles lists millions of documents.
        assert_eq!(std::mem::size_of::<Listed>(), 56);
        let mut paths = Paths::default();
        let (a, b) = (paths.push(PathBuf::from("news.jsonl#a/1")), paths.push(PathBuf::from("b.txt")));
        assert_eq!((paths.get(a.0, a.1), paths.get(b.0, b.1)), (Path::new("news.jsonl#a/1"), Path::new("b.txt")));
        #[cfg(unix)]
        {
            // A path that is not UTF-8 is kept whole, not lost.
            use std::os::unix::ffi::OsStrExt;
            let odd = PathBuf::from(std::ffi::OsStr::from_bytes(b"caf\xe9.txt"));
            let c = paths.push(odd.clone());
            assert_eq!(paths.get(c.0, c.1), odd.as_path());
            assert_eq!(paths.get(a.0, a.1), Path::new("news.jsonl#a/1"));
        }
    }

    #[test]
    fn severities_set_to_off_drop_their_findings() {
        let set = load(&SchemaFiles::shipped()).unwrap_or_else(|_| panic!("schemas"));
        let given = [("a.txt", A), ("b.txt", B), ("c.txt", "No date, some 40 US troops in Iraq.\n")]
            .iter()
            .map(|(name, text)| corpus::parse_document(name.into(), text.as_bytes().to_vec()).unwrap())
            .collect();
        let levels = BTreeMap::from([(Code::Contradiction, Level::Off), (Code::UndatedDocument, Level::Error)]);
        let streamed = check_streamed(&[], &[], given, vec![], &Run::new(&set), &levels);
        let chunks: Vec<Chunk> = streamed.chunks().collect();
        let found: Vec<(Code, Severity)> = chunks[0].analysis.findings.iter().map(|f| (f.code, f.severity)).collect();
        assert_eq!(found, [(Code::UndatedDocument, Severity::Error)]);
        assert_eq!(chunks[0].analysis.documents[0].document.path, Path::new("c.txt"));
        assert_eq!(chunks[0].documents, [2]);
    }
}
