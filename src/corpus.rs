//! Corpus loading: paths on the command line to [`Document`]s.
//! In: files and folders. Out: documents with their header parsed, and the
//! paths that were skipped with the reason.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::fs::{self, File};
use std::io::{self, Read};
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use chrono::NaiveDate;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use ignore::WalkBuilder;
use serde::Serialize;

/// One article, read from disk. `text` is the whole file as stored, so that
/// byte offsets into it are offsets into the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The path as given or found (relative when the input was relative).
    pub path: PathBuf,
    /// Publication date from the header, if any.
    pub date: Option<NaiveDate>,
    /// Outlet or source name from front matter, if any.
    pub source: Option<String>,
    /// Title from front matter, if any.
    pub title: Option<String>,
    /// URL from front matter, if any.
    pub url: Option<String>,
    /// The whole file.
    pub text: String,
    /// Byte range of the article body within `text` (after any header).
    pub body: Range<usize>,
    /// A problem with the header that did not stop the document being read
    /// (e.g. an impossible date), for a warning.
    pub header_problem: Option<String>,
}

/// Why a path was not checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The path as given or found.
    pub path: PathBuf,
    /// A short human reason ("not UTF-8: invalid byte at offset 12").
    pub reason: String,
}

/// Largest file [`load_document`] reads: 64 MiB. Bigger files are skipped.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// File extensions (compared without regard to case) that a folder walk keeps.
pub const WALK_EXTENSIONS: &[&str] = &["txt", "md"];

impl Skipped {
    /// A skipped path with its reason.
    pub fn new(path: impl Into<PathBuf>, reason: impl Into<String>) -> Self {
        Self { path: path.into(), reason: reason.into() }
    }
}

/// Which files a folder walk keeps, beyond the default of `.txt` and `.md`
/// files that no ignore file excludes.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// When set, a walked file is kept only if its path matches (instead of
    /// the [`WALK_EXTENSIONS`] rule).
    pub include: Option<GlobSet>,
    /// A walked file or folder whose path matches is left out.
    pub exclude: Option<GlobSet>,
    /// Do not read `.gitignore`, `.ignore` and `.claimcheckignore` files.
    pub no_ignore_files: bool,
}

impl Selection {
    /// Builds a selection from include and exclude globs (`**/*.txt`,
    /// `drafts/**`). A glob matches a path as found (`corpus/drafts/a.txt`) or
    /// the same path relative to the folder given on the command line.
    pub fn from_globs(include: &[String], exclude: &[String]) -> Result<Self, globset::Error> {
        let build = |globs: &[String]| -> Result<Option<GlobSet>, globset::Error> {
            if globs.is_empty() {
                return Ok(None);
            }
            let mut set = GlobSetBuilder::new();
            for g in globs {
                set.add(GlobBuilder::new(g).literal_separator(true).build()?);
            }
            set.build().map(Some)
        };
        Ok(Selection { include: build(include)?, exclude: build(exclude)?, no_ignore_files: false })
    }

    fn matches(set: &GlobSet, root: &Path, path: &Path) -> bool {
        set.is_match(path) || path.strip_prefix(root).is_ok_and(|rel| set.is_match(rel))
    }

    fn excluded(&self, root: &Path, path: &Path) -> bool {
        self.exclude.as_ref().is_some_and(|set| Self::matches(set, root, path))
    }

    fn included(&self, root: &Path, path: &Path) -> bool {
        match &self.include {
            Some(set) => Self::matches(set, root, path),
            None => has_walk_extension(path),
        }
    }
}

/// The name of claimcheck's own ignore files (same syntax as `.gitignore`).
pub const IGNORE_FILE: &str = ".claimcheckignore";

/// Expands the inputs: files are taken as given (any extension, never
/// excluded); folders are walked recursively, keeping `.txt` and `.md` files
/// (extension in any case) or what `selection` includes, and leaving out
/// hidden entries (names starting with `.`) below the folder given, what
/// `.gitignore`, `.ignore` and `.claimcheckignore` files exclude (also outside
/// a git repository), and what `selection` excludes.
///
/// The paths come back sorted, so that the order of the inputs never changes
/// a report. A path that does not exist or cannot be read is reported in the
/// second list, never dropped. Symbolic links are followed; a link loop is
/// reported once and does not hang the walk. Output paths keep the form given
/// (relative stays relative). A path found twice (the same spelling) is kept once.
pub fn collect_paths(inputs: &[PathBuf], selection: &Selection) -> (Vec<PathBuf>, Vec<Skipped>) {
    let mut out = Collected::default();
    for input in inputs {
        match fs::metadata(input) {
            Ok(meta) if meta.is_dir() => out.walk_folder(input, selection),
            Ok(_) => out.keep(input.clone()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let reason =
                    if fs::symlink_metadata(input).is_ok() { "not found: broken symbolic link" } else { "not found" };
                out.skip(input.clone(), reason);
            }
            Err(e) => out.skip(input.clone(), format!("unreadable: {e}")),
        }
    }
    out.found.sort();
    out.skipped.sort_by(|a, b| a.path.cmp(&b.path).then_with(|| a.reason.cmp(&b.reason)));
    (out.found, out.skipped)
}

/// The two lists [`collect_paths`] builds, without duplicate paths.
#[derive(Default)]
struct Collected {
    found: Vec<PathBuf>,
    skipped: Vec<Skipped>,
    seen: HashSet<PathBuf>,
}

impl Collected {
    /// Keeps a path to load, unless it is already kept.
    fn keep(&mut self, path: PathBuf) {
        if self.seen.insert(path.clone()) {
            self.found.push(path);
        }
    }

    /// Reports a path that cannot be read.
    fn skip(&mut self, path: PathBuf, reason: impl Into<String>) {
        self.skipped.push(Skipped::new(path, reason));
    }

    /// Walks one folder: recursive, links followed, hidden and ignored
    /// entries below `root` left out, only selected files kept.
    fn walk_folder(&mut self, root: &Path, selection: &Selection) {
        let use_ignore_files = !selection.no_ignore_files;
        let filter_root = root.to_path_buf();
        let exclude = selection.clone();
        let mut builder = WalkBuilder::new(root);
        builder
            .follow_links(true)
            .hidden(true)
            .parents(use_ignore_files)
            .ignore(use_ignore_files)
            .git_ignore(use_ignore_files)
            .git_exclude(use_ignore_files)
            .git_global(false)
            .require_git(false)
            .filter_entry(move |e| e.depth() == 0 || !exclude.excluded(&filter_root, e.path()));
        if use_ignore_files {
            builder.add_custom_ignore_filename(IGNORE_FILE);
        }
        let walker = builder.build();
        for entry in walker {
            let err = match entry {
                Ok(entry) => {
                    let is_file = entry.file_type().is_some_and(|t| t.is_file());
                    if is_file && selection.included(root, entry.path()) {
                        self.keep(entry.into_path());
                    }
                    continue;
                }
                Err(err) => err,
            };
            self.walk_error(root, selection, err);
        }
    }

    /// Reports what a walk could not read.
    fn walk_error(&mut self, root: &Path, selection: &Selection, err: ignore::Error) {
        let (path, err) = unwrap_walk_error(err);
        let path = path.unwrap_or_else(|| root.to_path_buf());
        match err {
            ignore::Error::Loop { ancestor, child } => {
                let reason = format!("symbolic link loop: leads back to {}", ancestor.display());
                self.skip(child, reason);
            }
            ignore::Error::Io(io_err) if io_err.kind() == io::ErrorKind::NotFound => {
                // A broken link: worth a word only if it would have been kept.
                if selection.included(root, &path) {
                    self.skip(path, "not found: broken symbolic link");
                }
            }
            ignore::Error::Io(io_err) => self.skip(path, format!("unreadable: {io_err}")),
            // A malformed ignore file does not stop the walk; say which one.
            other => self.skip(path, format!("ignore file not read in full: {other}")),
        }
    }
}

/// The path an error of the walk is about, and the error itself.
fn unwrap_walk_error(err: ignore::Error) -> (Option<PathBuf>, ignore::Error) {
    match err {
        ignore::Error::WithPath { path, err } => {
            let (inner, err) = unwrap_walk_error(*err);
            (inner.or(Some(path)), err)
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => unwrap_walk_error(*err),
        ignore::Error::Partial(mut errs) if errs.len() == 1 => match errs.pop() {
            Some(e) => unwrap_walk_error(e),
            None => (None, ignore::Error::Partial(errs)),
        },
        other => (None, other),
    }
}

/// A path with `/` separators and without `.` components, as given
/// (relative stays relative).
pub fn slash_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.components() {
        let part = match c {
            Component::CurDir => continue,
            Component::RootDir => {
                if !out.ends_with('/') {
                    out.push('/');
                }
                continue;
            }
            Component::Prefix(p) => p.as_os_str().to_string_lossy().into_owned(),
            Component::ParentDir => "..".to_string(),
            Component::Normal(s) => s.to_string_lossy().into_owned(),
        };
        if !out.is_empty() && !out.ends_with('/') {
            out.push('/');
        }
        out.push_str(&part);
    }
    if out.is_empty() {
        ".".into()
    } else {
        out
    }
}

/// Whether a path ends in one of [`WALK_EXTENSIONS`].
fn has_walk_extension(path: &Path) -> bool {
    path.extension()
        .and_then(OsStr::to_str)
        .is_some_and(|ext| WALK_EXTENSIONS.iter().any(|w| w.eq_ignore_ascii_case(ext)))
}

/// Reads and parses one document, skipping files over [`DEFAULT_MAX_BYTES`].
/// `Err` carries the reason it cannot be checked.
pub fn load_document(path: &Path) -> Result<Document, Skipped> {
    load_document_with_limit(path, DEFAULT_MAX_BYTES)
}

/// Reads and parses one document, skipping files over `max_bytes` bytes.
/// `Err` carries the reason it cannot be checked.
pub fn load_document_with_limit(path: &Path, max_bytes: u64) -> Result<Document, Skipped> {
    let skip = |reason: String| Skipped::new(path, reason);
    let io_reason = |e: io::Error| {
        if e.kind() == io::ErrorKind::NotFound {
            "vanished: not found at read time".to_string()
        } else {
            format!("unreadable: {e}")
        }
    };
    let file = File::open(path).map_err(|e| skip(io_reason(e)))?;
    let meta = file.metadata().map_err(|e| skip(io_reason(e)))?;
    if meta.is_dir() {
        return Err(skip("unreadable: is a directory".to_string()));
    }
    let too_large = |size: u64| skip(format!("too large: {size} bytes, over the limit of {max_bytes} bytes"));
    if meta.len() > max_bytes {
        return Err(too_large(meta.len()));
    }
    // The file may grow between the size check and the read: never read more
    // than one byte past the limit. Room for the whole file and a byte more
    // lets it be read in one call, and its end seen in a second.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len().saturating_add(1)).unwrap_or(0));
    file.take(max_bytes.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| skip(io_reason(e)))?;
    if bytes.len() as u64 > max_bytes {
        return Err(skip(format!("too large: grew past the limit of {max_bytes} bytes while being read")));
    }
    parse_document(path.to_path_buf(), bytes)
}

/// Parses a document from its bytes (used by [`load_document`] and for text
/// read from standard input). `Err` carries the reason it cannot be checked:
/// empty, binary, or not UTF-8.
pub fn parse_document(path: PathBuf, bytes: Vec<u8>) -> Result<Document, Skipped> {
    if bytes.is_empty() {
        return Err(Skipped::new(path, "empty: the file has no bytes"));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Skipped::new(
            path,
            "not UTF-8: the file starts with a UTF-16 byte order mark; convert it to UTF-8",
        ));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(Skipped::new(path, format!("binary: contains a NUL byte at offset {at}")));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let byte = e.as_bytes().get(at).copied().unwrap_or(0);
            return Err(Skipped::new(path, format!("not UTF-8: invalid byte 0x{byte:02X} at offset {at}")));
        }
    };
    let start = if text.starts_with('\u{FEFF}') { '\u{FEFF}'.len_utf8() } else { 0 };
    if text[start..].trim().is_empty() {
        return Err(Skipped::new(path, "empty: the file holds only whitespace"));
    }
    let header = parse_header(&text, start);
    Ok(Document {
        path,
        date: header.date,
        source: header.source,
        title: header.title,
        url: header.url,
        body: header.body_start..text.len(),
        text,
        header_problem: (!header.problems.is_empty()).then(|| header.problems.join("; ")),
    })
}

/// What the header of a document says.
#[derive(Debug, Default)]
struct Header {
    date: Option<NaiveDate>,
    source: Option<String>,
    title: Option<String>,
    url: Option<String>,
    /// Byte offset where the body starts.
    body_start: usize,
    /// Problems that did not stop the document being read.
    problems: Vec<String>,
}

/// Reads the header (date line or YAML front matter) starting at byte `start`
/// (just past any byte order mark).
fn parse_header(text: &str, start: usize) -> Header {
    let first = line_at(text, start);
    if first.content.trim_end() == "---" {
        return parse_front_matter(text, start, first);
    }
    if let Some(header) = parse_date_line(start, first) {
        return header;
    }
    Header { body_start: start, ..Header::default() }
}

/// One line of text: its content (without the line end) and where the next
/// line starts.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    content: &'a str,
    /// Byte offset just past the line end (`\n`, `\r\n` or end of text).
    next: usize,
}

/// The line starting at byte `start` (a char boundary).
fn line_at(text: &str, start: usize) -> Line<'_> {
    let rest = text.get(start..).unwrap_or("");
    match rest.find('\n') {
        Some(nl) => {
            let content = &rest[..nl];
            Line { content: content.strip_suffix('\r').unwrap_or(content), next: start + nl + 1 }
        }
        None => Line { content: rest, next: text.len() },
    }
}

/// The seed date line: ` date YYYY-MM-DD ` followed by the article text on the
/// same line. Leading spaces or tabs before `date` are optional. `None` when
/// the first line is not a date line.
fn parse_date_line(start: usize, first: Line<'_>) -> Option<Header> {
    let trimmed = first.content.trim_start_matches([' ', '\t']);
    let after_keyword = trimmed.strip_prefix("date")?;
    let after_space = after_keyword.strip_prefix([' ', '\t'])?;
    let date_text = after_space.get(..10)?;
    if !looks_like_iso_date(date_text) {
        return None;
    }
    let rest = &after_space[10..];
    // The date must stand alone: followed by a space, or by the line end.
    let date_end = start + (first.content.len() - rest.len());
    let body_start = if let Some(stripped) = rest.strip_prefix([' ', '\t']) {
        date_end + (rest.len() - stripped.len())
    } else if rest.is_empty() {
        first.next
    } else {
        return None;
    };
    let mut header = Header { body_start, ..Header::default() };
    match NaiveDate::parse_from_str(date_text, "%Y-%m-%d") {
        Ok(date) => header.date = Some(date),
        Err(_) => header.problems.push(format!("impossible date {date_text} in the date line")),
    }
    Some(header)
}

/// Whether `s` has the shape `DDDD-DD-DD` (ASCII digits).
fn looks_like_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

/// YAML front matter: an opening `---` line, YAML, a closing `---` (or `...`)
/// line. The body starts after the closing line. When the front matter never
/// closes, the whole file is the body and the header notes the problem.
fn parse_front_matter(text: &str, start: usize, opening: Line<'_>) -> Header {
    let yaml_start = opening.next;
    let mut pos = yaml_start;
    while pos < text.len() {
        let line = line_at(text, pos);
        let content = line.content.trim_end();
        if content == "---" || content == "..." {
            let mut header = Header { body_start: line.next, ..Header::default() };
            read_front_matter_yaml(&text[yaml_start..pos], &mut header);
            return header;
        }
        pos = line.next;
    }
    Header {
        body_start: start,
        problems: vec!["front matter is not closed: the opening --- line has no closing --- line, \
             so the whole file is read as the body"
            .to_string()],
        ..Header::default()
    }
}

/// Parses the YAML between the front matter fences into `header`. Known keys:
/// `date`, `source`, `title`, `url`; others are ignored. Problems (bad YAML,
/// wrong types, impossible dates) are noted, never fatal.
fn read_front_matter_yaml(yaml: &str, header: &mut Header) {
    if yaml.trim().is_empty() {
        return;
    }
    let value: serde_json::Value = match serde_saphyr::from_str(yaml) {
        Ok(value) => value,
        Err(err) => {
            header.problems.push(yaml_error_message(&err));
            return;
        }
    };
    let map = match value {
        serde_json::Value::Object(map) => map,
        serde_json::Value::Null => return,
        other => {
            header
                .problems
                .push(format!("front matter must be a mapping of keys to values, found {}", describe_json(&other)));
            return;
        }
    };
    if let Some(value) = map.get("date") {
        header.date = front_matter_date(value, &mut header.problems);
    }
    header.source = front_matter_text("source", map.get("source"), &mut header.problems);
    header.title = front_matter_text("title", map.get("title"), &mut header.problems);
    header.url = front_matter_text("url", map.get("url"), &mut header.problems);
}

/// A one-line message for a YAML error, with the line counted in the file
/// (the YAML starts on file line 2, after the opening `---`).
fn yaml_error_message(err: &serde_saphyr::Error) -> String {
    let plain = err.without_snippet().to_string();
    let first_line = plain.lines().next().unwrap_or("").trim();
    match err.location() {
        Some(loc) if loc.line() > 0 => {
            let suffix = format!(" at line {}, column {}", loc.line(), loc.column());
            let message = first_line.strip_suffix(&suffix).unwrap_or(first_line);
            format!(
                "front matter is not valid YAML: {message} (line {}, column {})",
                loc.line().saturating_add(1),
                loc.column()
            )
        }
        _ => format!("front matter is not valid YAML: {first_line}"),
    }
}

/// Reads a JSON Lines file of articles, one object a line, as news datasets
/// are shipped: `text` (required), `date` (`YYYY-MM-DD`, a time after it is
/// ignored), `source`, `title`, `url`, and `id`. Each article becomes a
/// document named `FILE#ID` (else `FILE#URL`, else `FILE:LINE`) whose byte
/// spans index its `text`. The file is read a line at a time; a line that is
/// not an article (not JSON, no text, larger than `max_bytes`) is reported as
/// skipped with its line number, and the others are still read.
pub fn read_jsonl(path: &Path, max_bytes: u64) -> (Vec<Document>, Vec<Skipped>) {
    let mut docs = Vec::new();
    let mut skipped = Vec::new();
    for line in jsonl_articles(path, max_bytes) {
        match line.article {
            Ok(doc) => docs.push(doc),
            Err(s) => skipped.push(s),
        }
    }
    (docs, skipped)
}

/// One line of a JSON Lines file: its article, or why it is skipped.
#[derive(Debug)]
pub struct JsonlLine {
    /// Line number, from 1.
    pub number: usize,
    /// Byte offset where the line starts, to read it again with [`reread_jsonl`].
    pub offset: u64,
    /// The article, or why the line is not one.
    pub article: Result<Document, Skipped>,
}

/// The articles of a JSON Lines file, read a line at a time (see [`read_jsonl`]):
/// a corpus of any size passes through with one line in memory.
pub struct JsonlArticles {
    path: PathBuf,
    reader: Option<io::BufReader<File>>,
    /// Why the file cannot be read, reported once as the first item.
    failure: Option<Skipped>,
    max_bytes: u64,
    number: usize,
    offset: u64,
    line: Vec<u8>,
}

/// Opens a JSON Lines file of articles for reading one line at a time.
pub fn jsonl_articles(path: &Path, max_bytes: u64) -> JsonlArticles {
    let (reader, failure) = match File::open(path) {
        Ok(f) => (Some(io::BufReader::new(f)), None),
        Err(e) if e.kind() == io::ErrorKind::NotFound => (None, Some(Skipped::new(path, "not found"))),
        Err(e) => (None, Some(Skipped::new(path, format!("unreadable: {e}")))),
    };
    JsonlArticles { path: path.to_path_buf(), reader, failure, max_bytes, number: 0, offset: 0, line: Vec::new() }
}

impl Iterator for JsonlArticles {
    type Item = JsonlLine;

    fn next(&mut self) -> Option<JsonlLine> {
        use std::io::BufRead;
        if let Some(failure) = self.failure.take() {
            return Some(JsonlLine { number: 0, offset: 0, article: Err(failure) });
        }
        loop {
            let reader = self.reader.as_mut()?;
            self.line.clear();
            self.number += 1;
            let (number, offset) = (self.number, self.offset);
            let here = || PathBuf::from(format!("{}:{number}", self.path.display()));
            let skipped =
                |reason: String| Some(JsonlLine { number, offset, article: Err(Skipped::new(here(), reason)) });
            // Never hold more than one byte past the limit of one line.
            let read = match reader.by_ref().take(self.max_bytes.saturating_add(1)).read_until(b'\n', &mut self.line) {
                Ok(0) => {
                    self.reader = None;
                    return None;
                }
                Ok(n) => n,
                Err(e) => {
                    self.reader = None;
                    return skipped(format!("unreadable: {e}"));
                }
            };
            self.offset += read as u64;
            if self.line.len() as u64 > self.max_bytes && !self.line.ends_with(b"\n") {
                // Skip the rest of the line.
                let mut rest = Vec::new();
                self.offset += reader.read_until(b'\n', &mut rest).unwrap_or(0) as u64;
                return skipped(format!("too large: a line over the limit of {} bytes", self.max_bytes));
            }
            if self.line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let article = jsonl_document(&self.path, number, &self.line).map_err(|reason| Skipped::new(here(), reason));
            return Some(JsonlLine { number, offset, article });
        }
    }
}

/// Reads again the article of line `number`, which starts at byte `offset`
/// of the JSON Lines file `path` (as [`JsonlArticles`] found it).
pub fn reread_jsonl(path: &Path, number: usize, offset: u64, max_bytes: u64) -> Result<Document, Skipped> {
    use std::io::{BufRead, Seek};
    let here = || PathBuf::from(format!("{}:{number}", path.display()));
    let unreadable = |e: io::Error| Skipped::new(here(), format!("unreadable: {e}"));
    let mut file = File::open(path).map_err(unreadable)?;
    file.seek(io::SeekFrom::Start(offset)).map_err(unreadable)?;
    let mut line = Vec::new();
    io::BufReader::new(file).take(max_bytes.saturating_add(1)).read_until(b'\n', &mut line).map_err(unreadable)?;
    jsonl_document(path, number, &line).map_err(|reason| Skipped::new(here(), reason))
}

/// One article of a JSON Lines file, or why the line is not one.
fn jsonl_document(file: &Path, number: usize, line: &[u8]) -> Result<Document, String> {
    let value: serde_json::Value = serde_json::from_slice(line).map_err(|e| format!("not a JSON article: {e}"))?;
    let serde_json::Value::Object(map) = value else {
        return Err(format!("not a JSON article: {} instead of an object", describe_json(&value)));
    };
    let text = match map.get("text") {
        Some(serde_json::Value::String(t)) if !t.trim().is_empty() => t.clone(),
        Some(serde_json::Value::String(_)) => return Err("empty: the article's text is blank".into()),
        Some(other) => return Err(format!("the article's text must be a string, found {}", describe_json(other))),
        None => return Err("not an article: no `text` field".into()),
    };
    let mut problems = Vec::new();
    let date = map.get("date").and_then(|d| front_matter_date(d, &mut problems));
    let id = front_matter_text("id", map.get("id"), &mut problems);
    let url = front_matter_text("url", map.get("url"), &mut problems);
    let name = match id.as_ref().or(url.as_ref()) {
        Some(key) => format!("{}#{key}", file.display()),
        None => format!("{}:{number}", file.display()),
    };
    Ok(Document {
        path: PathBuf::from(name),
        date,
        source: front_matter_text("source", map.get("source"), &mut problems),
        title: front_matter_text("title", map.get("title"), &mut problems),
        url,
        body: 0..text.len(),
        text,
        header_problem: (!problems.is_empty())
            .then(|| problems.join("; ").replace("in the front matter", "in the article")),
    })
}

/// The `date` of front matter: a YAML date or a `YYYY-MM-DD` string (a time
/// after the date, as in `2020-01-16T10:00:00Z`, is allowed and ignored).
fn front_matter_date(value: &serde_json::Value, problems: &mut Vec<String>) -> Option<NaiveDate> {
    let text = match value {
        serde_json::Value::Null => return None,
        serde_json::Value::String(s) => s.trim(),
        other => {
            problems
                .push(format!("date in the front matter must be a YYYY-MM-DD date, found {}", describe_json(other)));
            return None;
        }
    };
    let date_part = text.get(..10).unwrap_or(text);
    let tail_ok = text.get(10..).is_some_and(|t| t.is_empty() || t.starts_with(['T', 't', ' ']));
    if !looks_like_iso_date(date_part) || !tail_ok {
        problems.push(format!("date {text:?} in the front matter is not a YYYY-MM-DD date"));
        return None;
    }
    match NaiveDate::parse_from_str(date_part, "%Y-%m-%d") {
        Ok(date) => Some(date),
        Err(_) => {
            problems.push(format!("impossible date {date_part} in the front matter"));
            None
        }
    }
}

/// A text field of front matter. Numbers and booleans are taken as their text
/// (`title: 1984`); lists and mappings are a problem.
fn front_matter_text(key: &str, value: Option<&serde_json::Value>, problems: &mut Vec<String>) -> Option<String> {
    match value? {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        other => {
            problems.push(format!("{key} in the front matter must be text, found {}", describe_json(other)));
            None
        }
    }
}

/// A short description of a YAML value's type, for messages.
fn describe_json(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "nothing".to_string(),
        serde_json::Value::Bool(b) => format!("a boolean ({b})"),
        serde_json::Value::Number(n) => format!("a number ({n})"),
        serde_json::Value::String(s) => format!("text ({s:?})"),
        serde_json::Value::Array(_) => "a list".to_string(),
        serde_json::Value::Object(_) => "a mapping".to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_articles_are_documents_and_bad_lines_are_skipped_with_their_number() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("news.jsonl");
        let lines = [
            r#"{"id": "a1", "date": "2020-01-17T08:00:00Z", "source": "Wire", "text": "Some 3,000 US troops are in Iraq."}"#,
            "",
            r#"{"url": "https://example.org/x", "text": "No date here."}"#,
            r#"not json"#,
            r#"{"id": "a3", "date": "2020-02-30", "text": "Bad date."}"#,
            r#"{"id": "a4"}"#,
            r#"{"text": "Numbered by line."}"#,
        ];
        std::fs::write(&path, lines.join("\n")).unwrap();
        let (docs, skipped) = read_jsonl(&path, 1_000_000);
        let names: Vec<String> = docs.iter().map(|d| d.path.display().to_string()).collect();
        let file = path.display();
        assert_eq!(
            names,
            [format!("{file}#a1"), format!("{file}#https://example.org/x"), format!("{file}#a3"), format!("{file}:7")]
        );
        assert_eq!(docs[0].date, date("2020-01-17"));
        assert_eq!(docs[0].source.as_deref(), Some("Wire"));
        assert_eq!(&docs[0].text[docs[0].body.clone()], "Some 3,000 US troops are in Iraq.");
        assert!(docs[2].header_problem.as_deref().unwrap().contains("impossible date 2020-02-30 in the article"));
        let reasons: Vec<(String, &str)> =
            skipped.iter().map(|s| (s.path.display().to_string(), s.reason.as_str())).collect();
        assert_eq!(reasons.len(), 2, "{reasons:?}");
        assert_eq!(reasons[0].0, format!("{file}:4"));
        assert!(reasons[0].1.starts_with("not a JSON article"));
        assert_eq!(reasons[1].1, "not an article: no `text` field");
        let (_, skipped) = read_jsonl(&path, 40);
        assert!(skipped.iter().any(|s| s.reason.starts_with("too large")), "{skipped:?}");
        let (docs, skipped) = read_jsonl(&dir.path().join("nope.jsonl"), 100);
        assert!(docs.is_empty() && skipped[0].reason == "not found");
    }

    fn parse(text: &[u8]) -> Result<Document, Skipped> {
        parse_document(PathBuf::from("t.txt"), text.to_vec())
    }

    fn date(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    /// A table row: name, input, expected date, expected body text, expected
    /// header problem (a substring).
    type Row<'a> = (&'a str, &'a str, Option<&'a str>, &'a str, Option<&'a str>);

    #[test]
    fn header_table() {
        let rows: &[Row] = &[
            ("no header", "Plain text.", None, "Plain text.", None),
            (
                "seed date line",
                " date 2020-01-16 The US military.\n\nMore.",
                Some("2020-01-16"),
                "The US military.\n\nMore.",
                None,
            ),
            (
                "seed date line CRLF",
                " date 2020-01-16 The text.\r\n\r\nMore.\r\n",
                Some("2020-01-16"),
                "The text.\r\n\r\nMore.\r\n",
                None,
            ),
            ("date line alone on its line", " date 2020-01-16\nText.", Some("2020-01-16"), "Text.", None),
            ("date line without leading space", "date 2020-01-16 Text.", Some("2020-01-16"), "Text.", None),
            (
                "impossible date",
                " date 2023-02-30 Text.",
                None,
                "Text.",
                Some("impossible date 2023-02-30 in the date line"),
            ),
            ("date glued to text is not a header", " date 2020-01-16x Text.", None, " date 2020-01-16x Text.", None),
            ("BOM then date line", "\u{FEFF} date 2021-12-09 Text.", Some("2021-12-09"), "Text.", None),
            ("BOM plain", "\u{FEFF}Text.", None, "Text.", None),
            (
                "front matter",
                "---\ndate: 2020-01-16\ntitle: T\nsource: S\nurl: http://x\nextra: 1\n---\nBody.\n",
                Some("2020-01-16"),
                "Body.\n",
                None,
            ),
            (
                "front matter quoted date, CRLF",
                "---\r\ndate: \"2020-01-16\"\r\n---\r\nBody.\r\n",
                Some("2020-01-16"),
                "Body.\r\n",
                None,
            ),
            ("front matter datetime", "---\ndate: 2020-01-16T10:00:00Z\n---\nBody.", Some("2020-01-16"), "Body.", None),
            ("front matter closed with dots", "---\ndate: 2020-01-16\n...\nBody.", Some("2020-01-16"), "Body.", None),
            ("empty front matter", "---\n---\nBody.", None, "Body.", None),
            (
                "front matter wrong type",
                "---\ndate: 42\n---\nBody.",
                None,
                "Body.",
                Some("date in the front matter must be a YYYY-MM-DD date, found a number (42)"),
            ),
            (
                "front matter bad date text",
                "---\ndate: 16 Jan 2020\n---\nBody.",
                None,
                "Body.",
                Some("is not a YYYY-MM-DD date"),
            ),
            (
                "front matter impossible date",
                "---\ndate: 2023-02-30\n---\nBody.",
                None,
                "Body.",
                Some("impossible date 2023-02-30 in the front matter"),
            ),
            (
                "front matter list title",
                "---\ntitle: [a, b]\n---\nBody.",
                None,
                "Body.",
                Some("title in the front matter must be text, found a list"),
            ),
            (
                "front matter bad YAML",
                "---\ntitle: ok\ndate: [1\n---\nBody.",
                None,
                "Body.",
                Some("front matter is not valid YAML: unclosed bracket '[' (line 3, column 7)"),
            ),
            ("front matter not a mapping", "---\njust text\n---\nBody.", None, "Body.", Some("must be a mapping")),
            (
                "front matter not closed",
                "---\ndate: 2020-01-16\nBody.",
                None,
                "---\ndate: 2020-01-16\nBody.",
                Some("front matter is not closed"),
            ),
            ("front matter closing line is last", "---\ndate: 2020-01-16\n---", Some("2020-01-16"), "", None),
        ];
        for (name, input, want_date, want_body, want_problem) in rows {
            let doc = parse(input.as_bytes()).unwrap_or_else(|s| panic!("row {name:?}: {s:?}"));
            assert_eq!(doc.date, want_date.and_then(date), "row {name:?} date");
            assert_eq!(&doc.text[doc.body.clone()], *want_body, "row {name:?} body");
            assert_eq!(doc.text, *input, "row {name:?} text kept whole");
            match (want_problem, &doc.header_problem) {
                (None, None) => {}
                (Some(want), Some(got)) => {
                    assert!(got.contains(want), "row {name:?}: {got:?} lacks {want:?}")
                }
                (want, got) => panic!("row {name:?}: problem {got:?}, wanted {want:?}"),
            }
        }
    }

    #[test]
    fn front_matter_fields() {
        let doc = parse(b"---\ntitle: 1984\nsource: Wire\nurl: https://e.x/a\n---\nB").unwrap();
        assert_eq!(doc.title.as_deref(), Some("1984"));
        assert_eq!(doc.source.as_deref(), Some("Wire"));
        assert_eq!(doc.url.as_deref(), Some("https://e.x/a"));
        assert_eq!(doc.header_problem, None);
    }

    #[test]
    fn skip_table() {
        let rows: &[(&str, &[u8], &str)] = &[
            ("zero bytes", b"", "empty: the file has no bytes"),
            ("whitespace", b" \r\n\t\n", "empty: the file holds only whitespace"),
            ("BOM and whitespace", b"\xEF\xBB\xBF \n", "empty: the file holds only whitespace"),
            ("NUL byte", b"ab\x00cd", "binary: contains a NUL byte at offset 2"),
            ("invalid UTF-8", b"caf\xE9 x", "not UTF-8: invalid byte 0xE9 at offset 3"),
            ("truncated UTF-8", b"ab\xE2\x80", "not UTF-8: invalid byte 0xE2 at offset 2"),
            ("UTF-16", b"\xFF\xFEa\x00", "not UTF-8: the file starts with a UTF-16"),
        ];
        for (name, bytes, want) in rows {
            let err = parse(bytes).expect_err(name);
            assert!(err.reason.starts_with(want), "row {name:?}: {:?}", err.reason);
            assert_eq!(err.path, PathBuf::from("t.txt"));
        }
    }

    #[test]
    fn header_parsing_never_panics() {
        // Every prefix of some tricky inputs, cut at every char boundary.
        let inputs = [
            "\u{FEFF}---\r\ndate: “2020-01-16”\r\ntitle: é\r\n---\r\nBödy.",
            " date 2020-01-1é Text",
            " date 2020-01-16",
            "---",
            "--- \n---\n",
        ];
        for input in inputs {
            for (cut, _) in input.char_indices().chain([(input.len(), ' ')]) {
                let prefix = &input[..cut];
                if let Ok(doc) = parse(prefix.as_bytes()) {
                    assert!(doc.text.get(doc.body.clone()).is_some(), "{prefix:?}");
                }
            }
        }
    }

    #[test]
    fn load_limits_and_vanished() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "0123456789").unwrap();
        assert!(load_document_with_limit(&path, 10).is_ok());
        let err = load_document_with_limit(&path, 9).unwrap_err();
        assert!(err.reason.starts_with("too large: 10 bytes"), "{}", err.reason);
        let gone = dir.path().join("gone.txt");
        let err = load_document(&gone).unwrap_err();
        assert_eq!(err.reason, "vanished: not found at read time");
        let err = load_document(dir.path()).unwrap_err();
        assert!(err.reason.starts_with("unreadable"), "{}", err.reason);
    }
}
