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
//!
//! The file holds the entries one after another (each the document's hash,
//! its length and the entry in postcard), then an index of them sorted by
//! hash, then a trailer. A run reads the index alone, 16 bytes an entry, and
//! each entry it needs from where it lies: a cached run holds no more in
//! memory than an uncached one, so it can stream a corpus of any size. What
//! a run extracts is appended to a file beside, and merged into a new cache
//! file when the run saves.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, RwLock};

use serde::{Deserialize, Serialize};

use crate::resolve::Claim;

/// Default folder of the cache, relative to the working directory.
pub const DEFAULT_DIR: &str = ".claimcheck-cache";

/// Inputs larger than this together (4 GiB) are checked without the cache:
/// its file takes about 1.7 bytes for each byte of text.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 4 << 30;

/// Version of the cache's layout; part of every key.
const LAYOUT: u32 = 2;

/// The first bytes of the trailer, which ends a cache file.
const MAGIC: &[u8; 8] = b"ccclaims";

/// Length of the trailer: magic, layout, key (16 bytes), entry count, index offset.
const TRAILER: usize = 8 + 4 + 16 + 8 + 8;

/// Length of an entry's header: the document's hash and the length of the entry.
const HEADER: usize = 32 + 4;

/// A document's content hash (BLAKE3 of its bytes).
pub type ContentHash = [u8; 32];

/// Hashes a document's bytes for the cache.
pub fn content_hash(text: &str) -> ContentHash {
    *blake3::hash(text.as_bytes()).as_bytes()
}

/// What extraction found in one document.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Entry {
    /// The claims, with `doc` left at 0 (the run sets it).
    pub claims: Vec<Claim>,
    /// The document's proper names.
    pub anchors: BTreeSet<String>,
}

/// An [`Entry`] as it is written, from the claims and names a run holds
/// (postcard encodes a slice as it does a `Vec`).
#[derive(Serialize)]
struct EntryRef<'a> {
    claims: &'a [Claim],
    anchors: &'a BTreeSet<String>,
}

/// Where an entry is: the first 8 bytes of its document's hash, and the byte
/// offset of its header in its file.
#[derive(Debug, Clone, Copy)]
struct Slot {
    prefix: u64,
    offset: u64,
}

/// A cache file opened for reading: its index, and which entries the run used.
#[derive(Debug)]
struct Stored {
    file: File,
    /// Where the index starts: entries lie before it.
    entries_end: u64,
    /// Sorted by hash prefix.
    index: Vec<Slot>,
    /// One bit an entry of the index: the run read it.
    used: Vec<AtomicU64>,
}

/// The entries a run extracted, appended to a file beside the cache's.
#[derive(Debug, Default)]
struct Added {
    file: Option<BufWriter<File>>,
    /// The first error writing them: the run does not save.
    error: Option<io::Error>,
    /// The cache was saved: it takes no more entries.
    closed: bool,
}

/// An opened cache: the index of the file for this run's key, and the
/// entries this run adds.
#[derive(Debug)]
pub struct Cache {
    path: PathBuf,
    key: String,
    stored: RwLock<Option<Stored>>,
    added: Mutex<Added>,
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
        let stored = Stored::open(&path, &key);
        Cache { path, key, stored: RwLock::new(stored), added: Mutex::new(Added::default()) }
    }

    /// The entry for a document with this content hash, if cached. An entry
    /// that cannot be read is not cached.
    pub fn get(&self, hash: &ContentHash) -> Option<Entry> {
        let stored = self.stored.read().ok()?;
        let stored = stored.as_ref()?;
        let prefix = prefix_of(hash);
        let first = stored.index.partition_point(|s| s.prefix < prefix);
        let same_prefix = stored.index[first..].iter().take_while(|s| s.prefix == prefix);
        for (i, slot) in (first..).zip(same_prefix) {
            let Some(record) = stored.record(slot.offset) else { continue };
            if record[..32] != hash[..] {
                continue;
            }
            if let Ok(entry) = postcard::from_bytes::<Entry>(&record[HEADER..]) {
                stored.used[i / 64].fetch_or(1 << (i % 64), Ordering::Relaxed);
                return Some(entry);
            }
        }
        None
    }

    /// Adds what extraction found in a document (claims with `doc` 0), to
    /// be saved with the cache. Once the cache is saved, does nothing.
    pub fn add(&self, hash: &ContentHash, claims: &[Claim], anchors: &BTreeSet<String>) {
        let Ok(body) = postcard::to_stdvec(&EntryRef { claims, anchors }) else { return };
        let Ok(len) = u32::try_from(body.len()) else { return };
        let Ok(mut added) = self.added.lock() else { return };
        if added.closed || added.error.is_some() {
            return;
        }
        if let Err(e) = self.append(&mut added.file, hash, len, &body) {
            added.error = Some(e);
        }
    }

    /// Appends one entry to the file of added entries, made on first use.
    fn append(&self, file: &mut Option<BufWriter<File>>, hash: &ContentHash, len: u32, body: &[u8]) -> io::Result<()> {
        let out = match file {
            Some(out) => out,
            None => {
                if let Some(dir) = self.path.parent() {
                    fs::create_dir_all(dir)?;
                }
                file.insert(BufWriter::new(File::create(self.added_path())?))
            }
        };
        out.write_all(hash)?;
        out.write_all(&len.to_le_bytes())?;
        out.write_all(body)
    }

    /// Number of entries in the cache file read.
    pub fn len(&self) -> usize {
        self.stored.read().ok().and_then(|s| s.as_ref().map(|s| s.index.len())).unwrap_or(0)
    }

    /// True when the cache file read holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes the cache file again with the entries added, when there are
    /// any: the entries this run read, those it added, and as many others
    /// (for documents of other runs) as the run used and added, so the file
    /// stays bounded by the corpus. Other runs' files (other keys) are
    /// removed: this version with these schemas can never read them. The
    /// cache then reads the new file and takes no more entries. Errors are
    /// returned for a warning; the run's result does not depend on them.
    pub fn save(&self) -> io::Result<()> {
        let mut added = self.added.lock().map_err(|_| io::Error::other("cache lock poisoned"))?;
        added.closed = true;
        let file = added.file.take();
        let error = added.error.take();
        drop(added);
        let result = match (file, error) {
            (_, Some(e)) => Err(e),
            (None, None) => return Ok(()),
            (Some(file), None) => file.into_inner().map_err(|e| e.into_error()).and_then(|_| self.merge()),
        };
        let _ = fs::remove_file(self.added_path());
        result
    }

    /// The file of the entries this process adds.
    fn added_path(&self) -> PathBuf {
        self.path.with_extension(format!("add{}", std::process::id()))
    }

    /// Writes the new cache file from the one read and the entries added, and
    /// reads it. On an error the file read stays, and stays open.
    fn merge(&self) -> io::Result<()> {
        let added_file = File::open(self.added_path())?;
        let added = scan(&added_file)?;
        let mut stored = self.stored.write().map_err(|_| io::Error::other("cache lock poisoned"))?;
        // Write beside, then rename: a run stopped half-way leaves the old file whole.
        let tmp = self.path.with_extension(format!("tmp{}", std::process::id()));
        if let Err(e) = self.write_merged(stored.as_ref(), &added_file, &added, &tmp) {
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
        // The old file is closed before it is replaced, and whichever is there is read after.
        *stored = None;
        let renamed = fs::rename(&tmp, &self.path);
        *stored = Stored::open(&self.path, &self.key);
        if let Err(e) = renamed {
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
        let dir = self.path.parent().unwrap_or(Path::new("."));
        let tag = "CACHEDIR.TAG";
        if !dir.join(tag).exists() {
            // Tells backup tools the folder holds a cache (https://bford.info/cachedir/).
            fs::write(dir.join(tag), "Signature: 8a477f597d28d172789f06886806bc55\n# claimcheck's claim cache\n")?;
        }
        for other in fs::read_dir(dir)?.flatten() {
            let name = other.file_name();
            let name = name.to_string_lossy();
            if name.starts_with("claims-") && other.path() != self.path && other.path() != self.added_path() {
                let _ = fs::remove_file(other.path());
            }
        }
        Ok(())
    }

    /// Writes to `tmp` the entries `added` (in `added_file`), those of `old`
    /// the run read, and as many of its others as the run has, in hash order,
    /// then their index and the trailer.
    fn write_merged(&self, old: Option<&Stored>, added_file: &File, added: &[Slot], tmp: &Path) -> io::Result<()> {
        let mut chosen: Vec<(Slot, bool)> = added.iter().map(|s| (*s, false)).collect();
        if let Some(old) = old {
            let is_added = |prefix: u64| added.binary_search_by_key(&prefix, |s| s.prefix).is_ok();
            let fresh = |s: &&Slot| !is_added(s.prefix);
            let used = |i: usize| old.used[i / 64].load(Ordering::Relaxed) & (1 << (i % 64)) != 0;
            let (read, unread): (Vec<_>, Vec<_>) = old.index.iter().enumerate().partition(|(i, _)| used(*i));
            let read: Vec<Slot> = read.into_iter().map(|(_, s)| *s).filter(|s| fresh(&s)).collect();
            let others = unread.into_iter().map(|(_, s)| s).filter(fresh).take(read.len() + added.len());
            chosen.extend(read.iter().chain(others).map(|s| (*s, true)));
        }
        chosen.sort_by_key(|(s, _)| s.prefix);
        let mut out = BufWriter::new(File::create(tmp)?);
        let mut index = Vec::with_capacity(chosen.len());
        let mut offset = 0u64;
        for (slot, from_old) in chosen {
            let record = match (old, from_old) {
                (Some(old), true) => old.record(slot.offset),
                _ => read_record(added_file, slot.offset, u64::MAX),
            };
            // An entry of the old file that cannot be read is left out.
            let Some(record) = record else { continue };
            out.write_all(&record)?;
            index.push(Slot { prefix: slot.prefix, offset });
            offset += record.len() as u64;
        }
        for slot in &index {
            out.write_all(&slot.prefix.to_le_bytes())?;
            out.write_all(&slot.offset.to_le_bytes())?;
        }
        out.write_all(MAGIC)?;
        out.write_all(&LAYOUT.to_le_bytes())?;
        out.write_all(self.key.as_bytes())?;
        out.write_all(&(index.len() as u64).to_le_bytes())?;
        out.write_all(&offset.to_le_bytes())?;
        out.into_inner().map_err(|e| e.into_error())?;
        Ok(())
    }
}

impl Drop for Cache {
    /// Entries added but never saved are removed.
    fn drop(&mut self) {
        if let Ok(added) = self.added.get_mut() {
            if added.file.take().is_some() {
                let _ = fs::remove_file(self.added_path());
            }
        }
    }
}

impl Stored {
    /// Reads the trailer and index of the cache file at `path`, if it is one
    /// for this layout and key.
    fn open(path: &Path, key: &str) -> Option<Stored> {
        let file = File::open(path).ok()?;
        let len = file.metadata().ok()?.len();
        let trailer_at = len.checked_sub(TRAILER as u64)?;
        let mut trailer = [0; TRAILER];
        read_exact_at(&file, &mut trailer, trailer_at).ok()?;
        let (magic, rest) = trailer.split_at(8);
        let (layout, rest) = rest.split_at(4);
        let (file_key, rest) = rest.split_at(16);
        let (count, entries_end) = rest.split_at(8);
        let count = u64::from_le_bytes(count.try_into().ok()?);
        let entries_end = u64::from_le_bytes(entries_end.try_into().ok()?);
        let fits = count.checked_mul(16).and_then(|n| n.checked_add(entries_end)) == Some(trailer_at);
        if magic != MAGIC || layout != LAYOUT.to_le_bytes() || file_key != key.as_bytes() || !fits {
            return None;
        }
        let mut bytes = vec![0; usize::try_from(count * 16).ok()?];
        read_exact_at(&file, &mut bytes, entries_end).ok()?;
        let index: Vec<Slot> = bytes
            .chunks_exact(16)
            .map(|c| Slot {
                prefix: u64::from_le_bytes(c[..8].try_into().unwrap_or_default()),
                offset: u64::from_le_bytes(c[8..].try_into().unwrap_or_default()),
            })
            .collect();
        if !index.windows(2).all(|w| w[0].prefix <= w[1].prefix) {
            return None;
        }
        let used = (0..index.len().div_ceil(64)).map(|_| AtomicU64::new(0)).collect();
        Some(Stored { file, entries_end, index, used })
    }

    /// The entry at `offset`, header and all, if it lies whole among the entries.
    fn record(&self, offset: u64) -> Option<Vec<u8>> {
        read_record(&self.file, offset, self.entries_end)
    }
}

/// The entry whose header is at `offset` of `file`, header and all, if it ends by `end`.
fn read_record(file: &File, offset: u64, end: u64) -> Option<Vec<u8>> {
    let mut header = [0; HEADER];
    read_exact_at(file, &mut header, offset).ok()?;
    let len = u32::from_le_bytes(header[32..].try_into().ok()?);
    let record_end = offset.checked_add((HEADER as u64) + u64::from(len))?;
    if record_end > end {
        return None;
    }
    let mut record = vec![0; HEADER + len as usize];
    record[..HEADER].copy_from_slice(&header);
    read_exact_at(file, &mut record[HEADER..], offset + HEADER as u64).ok()?;
    Some(record)
}

/// The entries of a file of added entries, sorted by hash prefix, the first
/// of a prefix kept (one document added twice is one entry).
fn scan(file: &File) -> io::Result<Vec<Slot>> {
    // Read in order, headers only: the bodies are skipped.
    let mut reader = BufReader::new(file);
    let mut slots = Vec::new();
    let mut offset = 0;
    let mut header = [0; HEADER];
    loop {
        match reader.read_exact(&mut header) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => break,
            Err(e) => return Err(e),
        }
        slots.push(Slot { prefix: prefix_of(&header), offset });
        let body = u32::from_le_bytes([header[32], header[33], header[34], header[35]]);
        reader.seek_relative(i64::from(body))?;
        offset += HEADER as u64 + u64::from(body);
    }
    slots.sort_by_key(|s| s.prefix);
    slots.dedup_by_key(|s| s.prefix);
    Ok(slots)
}

/// The first 8 bytes of a hash (or of an entry's header, which opens with
/// it), as the index sorts them.
fn prefix_of(hash: &[u8]) -> u64 {
    hash.iter().take(8).fold(0, |prefix, &b| prefix << 8 | u64::from(b))
}

/// Fills `buf` from `file` at `offset`, without moving a shared cursor (threads read at once).
#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

/// Fills `buf` from `file` at `offset`, without moving a shared cursor (threads read at once).
#[cfg(windows)]
fn read_exact_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, offset)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Adds an entry for a document with this text: no claims, one name.
    fn add(cache: &Cache, text: &str) {
        cache.add(&content_hash(text), &[], &[format!("Name {text}")].into_iter().collect());
    }

    /// A cache under `dir` saved with entries for these texts.
    fn saved(dir: &Path, key: &str, texts: &[&str]) -> Cache {
        let cache = Cache::open(dir, &[key]);
        texts.iter().for_each(|t| add(&cache, t));
        cache.save().unwrap();
        cache
    }

    fn cache_files(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("claims-"))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn entries_survive_a_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Cache::open(dir.path(), &["schemas v1"]).is_empty());
        saved(dir.path(), "schemas v1", &["a", "b"]);
        let cache = Cache::open(dir.path(), &["schemas v1"]);
        assert_eq!(cache.len(), 2);
        let entry = cache.get(&content_hash("b")).unwrap();
        assert_eq!(entry.anchors, BTreeSet::from(["Name b".to_string()]));
        assert_eq!(cache.get(&content_hash("b")), Some(entry), "an entry can be read twice");
        assert_eq!(cache.get(&content_hash("c")), None);
        assert!(dir.path().join("CACHEDIR.TAG").is_file());
    }

    #[test]
    fn a_saved_cache_reads_its_new_file_and_takes_no_more_entries() {
        let dir = tempfile::tempdir().unwrap();
        let cache = saved(dir.path(), "k", &["a"]);
        assert_eq!(cache.len(), 1);
        assert!(cache.get(&content_hash("a")).is_some());
        add(&cache, "late");
        cache.save().unwrap();
        assert_eq!(Cache::open(dir.path(), &["k"]).len(), 1);
        assert_eq!(cache_files(dir.path()).len(), 1, "no file of added entries is left");
    }

    #[test]
    fn other_schemas_do_not_see_the_entries_and_replace_the_file() {
        let dir = tempfile::tempdir().unwrap();
        saved(dir.path(), "schemas v1", &["a"]);
        let other = Cache::open(dir.path(), &["schemas v2"]);
        assert!(other.is_empty());
        add(&other, "b");
        other.save().unwrap();
        assert_eq!(cache_files(dir.path()).len(), 1);
        assert!(Cache::open(dir.path(), &["schemas v1"]).is_empty());
    }

    #[test]
    fn other_documents_are_kept_but_bounded_by_the_run() {
        let dir = tempfile::tempdir().unwrap();
        saved(dir.path(), "k", &["a", "b", "c"]);
        saved(dir.path(), "k", &["d"]);
        let cache = Cache::open(dir.path(), &["k"]);
        assert_eq!(cache.len(), 2, "d, and one of the others");
        assert!(cache.get(&content_hash("d")).is_some());
        // Entries the run read count as its own: a, d and one other are kept.
        assert!(cache.get(&content_hash("a")).is_some() || cache.get(&content_hash("b")).is_some());
        add(&cache, "e");
        cache.save().unwrap();
        assert_eq!(Cache::open(dir.path(), &["k"]).len(), 3);
    }

    #[test]
    fn a_run_that_adds_nothing_leaves_the_file_alone() {
        let dir = tempfile::tempdir().unwrap();
        saved(dir.path(), "k", &["a", "b"]);
        let file = dir.path().join(&cache_files(dir.path())[0]);
        let before = fs::read(&file).unwrap();
        let cache = Cache::open(dir.path(), &["k"]);
        assert!(cache.get(&content_hash("a")).is_some());
        cache.save().unwrap();
        assert_eq!(fs::read(&file).unwrap(), before);
    }

    #[test]
    fn the_same_entries_make_the_same_file_in_any_order() {
        let one = tempfile::tempdir().unwrap();
        let two = tempfile::tempdir().unwrap();
        saved(one.path(), "k", &["a", "b", "c", "a"]);
        saved(two.path(), "k", &["c", "a", "b"]);
        let bytes = |dir: &Path| fs::read(dir.join(&cache_files(dir)[0])).unwrap();
        assert_eq!(bytes(one.path()), bytes(two.path()));
    }

    #[test]
    fn entries_never_saved_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path(), &["k"]);
        add(&cache, "a");
        assert_eq!(cache_files(dir.path()).len(), 1, "the file of added entries");
        drop(cache);
        assert!(cache_files(dir.path()).is_empty());
    }

    #[test]
    fn a_save_that_cannot_write_keeps_the_cache_it_read() {
        let dir = tempfile::tempdir().unwrap();
        saved(dir.path(), "k", &["a"]);
        let cache = Cache::open(dir.path(), &["k"]);
        add(&cache, "b");
        // A folder where the new file would be written.
        fs::create_dir(cache.path.with_extension(format!("tmp{}", std::process::id()))).unwrap();
        assert!(cache.save().is_err());
        assert!(cache.get(&content_hash("a")).is_some(), "it still reads the file it opened");
        assert_eq!(Cache::open(dir.path(), &["k"]).len(), 1, "the file is whole");
    }

    #[test]
    fn key_inputs_are_length_prefixed() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path(), &["ab", "c"]);
        add(&cache, "a");
        cache.save().unwrap();
        assert!(Cache::open(dir.path(), &["a", "bc"]).is_empty());
        assert_eq!(Cache::open(dir.path(), &["ab", "c"]).len(), 1);
    }

    #[test]
    fn a_corrupt_file_is_an_empty_cache_and_a_corrupt_entry_is_not_cached() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path(), &["k"]);
        fs::write(&cache.path, b"\xff\x00garbage").unwrap();
        assert!(Cache::open(dir.path(), &["k"]).is_empty());
        saved(dir.path(), "k", &["a", "b"]);
        let mut bytes = fs::read(&cache.path).unwrap();
        // The first entry's length, beyond the end of the entries.
        bytes[32..36].copy_from_slice(&u32::MAX.to_le_bytes());
        fs::write(&cache.path, &bytes).unwrap();
        let cache = Cache::open(dir.path(), &["k"]);
        assert_eq!(cache.len(), 2);
        let readable = ["a", "b"].iter().filter(|t| cache.get(&content_hash(t)).is_some()).count();
        assert_eq!(readable, 1);
        bytes.truncate(bytes.len() - 1);
        fs::write(&cache.path, &bytes).unwrap();
        assert!(Cache::open(dir.path(), &["k"]).is_empty(), "a truncated file");
    }
}
