//! Corpus loading: paths on the command line to [`Document`]s.
//! In: files and folders. Out: documents with their header parsed, and the
//! paths that were skipped with the reason.

use std::ops::Range;
use std::path::PathBuf;

use chrono::NaiveDate;
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
