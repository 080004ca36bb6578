//! The claim cache: what extraction found in a document, kept between runs.
//! In: a document's text and the run's schemas. Out: its claims and proper
//! names without running segmentation, extraction and resolution again.
//!
//! An entry is keyed by a BLAKE3 hash of the document's bytes; the cache file
//! as a whole is keyed by a hash of everything else extraction depends on
//! (the tool's version, every schema, lexicon and gazetteer file, tolerance
//! overrides). A change to any of them starts a new file, so a stale claim
//! can never be served. A cache file that cannot be read is ignored (the run
//! extracts again and rewrites it); it is never an error of the run.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::resolve::{Anchors, Claim};
use crate::Analysis;

/// Default folder of the cache, relative to the working directory.
pub const DEFAULT_DIR: &str = ".claimcheck-cache";

/// Inputs larger than this together (256 MiB) are checked without the cache:
/// a cached run holds every claim in memory, some 24 bytes for each byte of
/// text, where a run without it streams its documents.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 256 << 20;

/// Version of the cache's layout; part of every key.
const LAYOUT: u32 = 1;

/// A document's content hash (BLAKE3 of its bytes).
pub type ContentHash = [u8; 32];

/// Hashes a document's bytes for the cache.
pub fn content_hash(text: &str) -> ContentHash {
    *blake3::hash(text.as_bytes()).as_bytes()
}

/// What extraction found in one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The claims, with `doc` left at 0 (the run sets it).
    pub claims: Vec<Claim>,
    /// The document's proper names.
    pub anchors: Vec<String>,
}

impl Entry {
    /// The proper names as the checker takes them.
    pub fn anchors(&self) -> Anchors {
        Arc::new(self.anchors.iter().cloned().collect::<BTreeSet<String>>())
    }
}

/// The on-disk form: entries sorted by hash, so the same run writes the same bytes.
#[derive(Serialize, Deserialize)]
struct File {
    layout: u32,
    key: String,
    entries: Vec<(ContentHash, Entry)>,
}

/// An opened cache: the entries of the file for this run's key.
#[derive(Debug, Default)]
pub struct Cache {
    path: PathBuf,
    key: String,
    /// Entries by content hash; `None` once a run has taken it.
    entries: HashMap<ContentHash, Mutex<Option<Entry>>>,
}

impl Cache {
    /// Opens the cache under `dir` for runs whose extraction depends on
    /// `inputs` (schema texts and settings, in a fixed order). A missing or
    /// unreadable file gives an empty cache.
    pub fn open(dir: &Path, inputs: &[&str]) -> Cache {
        let mut hasher = blake3::Hasher::new();
        hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
        hasher.update(&LAYOUT.to_le_bytes());
        for input in inputs {
            // Length-prefixed, so that ("ab", "c") and ("a", "bc") differ.
            hasher.update(&(input.len() as u64).to_le_bytes());
            hasher.update(input.as_bytes());
        }
        let key = hasher.finalize().to_hex()[..16].to_string();
        let path = dir.join(format!("claims-{key}.bin"));
        let entries = fs::read(&path)
            .ok()
            .and_then(|bytes| postcard::from_bytes::<File>(&bytes).ok())
            .filter(|f| f.layout == LAYOUT && f.key == key)
            .map(|f| f.entries.into_iter().map(|(h, e)| (h, Mutex::new(Some(e)))).collect())
            .unwrap_or_default();
        Cache { path, key, entries }
    }

    /// The entry for a document with this content hash, if cached, taken out
    /// of the cache (a run uses each entry once; `save` writes the run's
    /// documents back from the analysis). A second document with the same
    /// bytes in one run is extracted again.
    pub fn take(&self, hash: &ContentHash) -> Option<Entry> {
        self.entries.get(hash).and_then(|e| e.lock().ok().and_then(|mut e| e.take()))
    }

    /// Number of entries held.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the cache holds nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Writes the cache back with the documents of `analysis`, when they are
    /// not all cached already, and as many other entries. Other runs' files (other keys) are
    /// removed: this version with these schemas can never read them, and the
    /// folder must not grow without bound. Errors are returned for a warning;
    /// the run's result does not depend on them.
    pub fn save(&mut self, analysis: &Analysis) -> std::io::Result<()> {
        let docs = &analysis.documents;
        let same = docs.iter().all(|d| self.entries.contains_key(&d.hash));
        if same {
            return Ok(());
        }
        let mut entries: Vec<(ContentHash, Entry)> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let claims = analysis.claims_of(i).iter().map(|c| Claim { doc: 0, ..c.clone() }).collect();
                (d.hash, Entry { claims, anchors: d.anchors.iter().cloned().collect() })
            })
            .collect();
        // Keep what earlier runs cached for other documents (a run over one
        // folder must not evict another folder's claims), but at most as many
        // such entries as this run has, so the file stays bounded by the corpus.
        let run: std::collections::HashSet<ContentHash> = entries.iter().map(|e| e.0).collect();
        let mut others: Vec<(ContentHash, Entry)> = std::mem::take(&mut self.entries)
            .into_iter()
            .filter(|(h, _)| !run.contains(h))
            .filter_map(|(h, e)| e.into_inner().ok().flatten().map(|e| (h, e)))
            .collect();
        others.sort_by_key(|e| e.0);
        others.truncate(run.len());
        entries.extend(others);
        entries.sort_by_key(|e| e.0);
        entries.dedup_by(|a, b| a.0 == b.0);
        let dir = self.path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir)?;
        let file = File { layout: LAYOUT, key: self.key.clone(), entries };
        let bytes = postcard::to_stdvec(&file).map_err(std::io::Error::other)?;
        // Write beside, then rename: a run stopped half-way leaves the old file whole.
        let tmp = self.path.with_extension(format!("tmp{}", std::process::id()));
        fs::write(&tmp, bytes)?;
        fs::rename(&tmp, &self.path)?;
        let tag = "CACHEDIR.TAG";
        if !dir.join(tag).exists() {
            // Tells backup tools the folder holds a cache (https://bford.info/cachedir/).
            fs::write(dir.join(tag), "Signature: 8a477f597d28d172789f06886806bc55\n# claimcheck's claim cache\n")?;
        }
        for old in fs::read_dir(dir)?.flatten() {
            let name = old.file_name();
            let name = name.to_string_lossy();
            if name.starts_with("claims-") && old.path() != self.path {
                let _ = fs::remove_file(old.path());
            }
        }
        self.entries = file.entries.into_iter().map(|(h, e)| (h, Mutex::new(Some(e)))).collect();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::parse_document;

    /// An analysis of documents with these texts (no schemas needed: the
    /// cache stores whatever claims and names the analysis holds).
    fn analysis(texts: &[&str]) -> Analysis {
        let mut analysis = Analysis::default();
        for (i, text) in texts.iter().enumerate() {
            let document = parse_document(format!("{i}.txt").into(), text.as_bytes().to_vec()).unwrap();
            analysis.documents.push(crate::CheckedDocument {
                lines: crate::segment::LineIndex::new(&document.text),
                claims: 0,
                anchors: Arc::new([format!("Name {i}")].into_iter().collect()),
                hash: content_hash(&document.text),
                cached: false,
                document,
            });
        }
        analysis
    }

    #[test]
    fn entries_survive_a_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let mut cache = Cache::open(dir.path(), &["schemas v1"]);
        assert!(cache.is_empty());
        cache.save(&analysis(&["a", "b"])).unwrap();
        let cache = Cache::open(dir.path(), &["schemas v1"]);
        assert_eq!(cache.len(), 2);
        let entry = cache.take(&content_hash("b")).unwrap();
        assert_eq!(entry.anchors, ["Name 1"]);
        assert_eq!(cache.take(&content_hash("b")), None, "taken once");
        assert_eq!(cache.take(&content_hash("c")), None);
    }

    #[test]
    fn other_schemas_do_not_see_the_entries_and_replace_the_file() {
        let dir = tempfile::tempdir().unwrap();
        Cache::open(dir.path(), &["schemas v1"]).save(&analysis(&["a"])).unwrap();
        let mut other = Cache::open(dir.path(), &["schemas v2"]);
        assert!(other.is_empty());
        other.save(&analysis(&["b"])).unwrap();
        let files: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(files.iter().filter(|n| n.to_string_lossy().starts_with("claims-")).count(), 1, "{files:?}");
        assert!(Cache::open(dir.path(), &["schemas v1"]).is_empty());
    }

    #[test]
    fn other_documents_are_kept_but_bounded_by_the_run() {
        let dir = tempfile::tempdir().unwrap();
        Cache::open(dir.path(), &["k"]).save(&analysis(&["a", "b", "c"])).unwrap();
        let mut cache = Cache::open(dir.path(), &["k"]);
        cache.save(&analysis(&["d"])).unwrap();
        let cache = Cache::open(dir.path(), &["k"]);
        assert_eq!(cache.len(), 2, "d, and one of the others");
        assert!(cache.take(&content_hash("d")).is_some());
    }

    #[test]
    fn key_inputs_are_length_prefixed() {
        let dir = tempfile::tempdir().unwrap();
        Cache::open(dir.path(), &["ab", "c"]).save(&analysis(&["a"])).unwrap();
        assert!(Cache::open(dir.path(), &["a", "bc"]).is_empty());
        assert_eq!(Cache::open(dir.path(), &["ab", "c"]).len(), 1);
    }

    #[test]
    fn a_corrupt_file_is_an_empty_cache() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path(), &["k"]);
        fs::write(&cache.path, b"\xff\x00garbage").unwrap();
        assert!(Cache::open(dir.path(), &["k"]).is_empty());
    }
}
