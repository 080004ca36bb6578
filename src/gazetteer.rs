//! Gazetteers: lists of words that fill a claim's slots (actors, places,
//! events, sources), each word mapped to a canonical name.
//! In: YAML `entries: {canonical: [aliases]}`. Out: a [`Gazetteer`] that
//! builds the regex for a placeholder and finds its words in any text.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use regex::Regex;
use serde::Deserialize;

/// The file format of a gazetteer.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GazetteerFile {
    /// Canonical name → the words that name it.
    #[serde(default)]
    pub entries: BTreeMap<String, Vec<String>>,
    /// Words before an entry that make it a different thing from the plain
    /// entry ("a second march"); used for events.
    #[serde(default)]
    pub distinct_qualifiers: Vec<String>,
}

/// How a gazetteer recognizes its words.
#[derive(Debug, Clone)]
enum Words {
    /// A closed list of aliases.
    List {
        /// Alias as written → canonical name (case-sensitive aliases).
        exact: HashMap<String, String>,
        /// Lower-cased alias → canonical name (aliases written in lower case).
        folded: HashMap<String, String>,
        /// Aliases, longest first.
        aliases: Vec<String>,
    },
    /// Any proper name ("Mira Castellane"); its last word is the canonical name.
    ProperNames {
        /// Capitalized words that are not names ("Monday", "The").
        not_names: Vec<String>,
    },
}

/// A compiled gazetteer.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    words: Words,
    /// Qualifiers that make an entry distinct ("second", "separate").
    pub distinct_qualifiers: Vec<String>,
    pattern: String,
    scanner: Regex,
}

/// One word of a gazetteer found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Byte range of the words in the text.
    pub span: Range<usize>,
    /// Canonical name.
    pub canonical: String,
}

/// Regex source for a proper name: one to three capitalized words.
const PROPER_NAME: &str =
    r"(?-i:\p{Lu}[\p{Ll}\p{M}]+(?:-\p{Lu}?[\p{Ll}\p{M}]+)?(?: \p{Lu}[\p{Ll}\p{M}]+(?:-\p{Lu}?[\p{Ll}\p{M}]+)?){0,2})";

impl Gazetteer {
    /// Builds a gazetteer from its file. Later entries never replace earlier
    /// ones: the first canonical name given for an alias wins.
    pub fn from_files(files: &[GazetteerFile]) -> Result<Self, regex::Error> {
        let mut exact = HashMap::new();
        let mut folded = HashMap::new();
        let mut aliases = Vec::new();
        let mut qualifiers = Vec::new();
        for file in files {
            qualifiers.extend(file.distinct_qualifiers.iter().cloned());
            for (canonical, words) in &file.entries {
                for alias in words.iter().chain(std::iter::once(canonical)) {
                    let alias = alias.trim();
                    if alias.is_empty() {
                        continue;
                    }
                    let map = if alias.chars().any(char::is_uppercase) { &mut exact } else { &mut folded };
                    let key =
                        if alias.chars().any(char::is_uppercase) { alias.to_string() } else { alias.to_lowercase() };
                    if let std::collections::hash_map::Entry::Vacant(slot) = map.entry(key) {
                        slot.insert(canonical.clone());
                        aliases.push(alias.to_string());
                    }
                }
            }
        }
        aliases.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        aliases.dedup();
        let pattern = word_alternation(&aliases);
        let scanner = Regex::new(&crate::patterns::ascii_boundaries(&format!("(?i){pattern}")))?;
        Ok(Gazetteer {
            words: Words::List { exact, folded, aliases },
            distinct_qualifiers: qualifiers,
            pattern,
            scanner,
        })
    }

    /// A gazetteer of any proper name.
    pub fn proper_names(not_names: &[String]) -> Result<Self, regex::Error> {
        let pattern = format!(r"\b{PROPER_NAME}\b");
        let scanner = Regex::new(&crate::patterns::ascii_boundaries(&pattern))?;
        Ok(Gazetteer {
            words: Words::ProperNames { not_names: not_names.to_vec() },
            distinct_qualifiers: Vec::new(),
            pattern,
            scanner,
        })
    }

    /// Regex source (no capturing groups) matching one word of this gazetteer,
    /// to be used inside a case-insensitive pattern.
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// Number of aliases (0 for proper names).
    pub fn len(&self) -> usize {
        match &self.words {
            Words::List { aliases, .. } => aliases.len(),
            Words::ProperNames { .. } => 0,
        }
    }

    /// True when the gazetteer has no words.
    pub fn is_empty(&self) -> bool {
        matches!(&self.words, Words::List { aliases, .. } if aliases.is_empty())
    }

    /// The canonical name of words matched by [`Gazetteer::pattern`].
    pub fn canonical(&self, matched: &str) -> Option<String> {
        let matched = matched.trim();
        match &self.words {
            Words::List { exact, folded, .. } => {
                exact.get(matched).or_else(|| folded.get(&matched.to_lowercase())).cloned()
            }
            Words::ProperNames { not_names } => proper_name_key(matched, not_names),
        }
    }

    /// Every word of the gazetteer in `text`, in order.
    pub fn find_all(&self, text: &str) -> Vec<Found> {
        self.scanner
            .find_iter(text)
            .filter_map(|m| {
                let canonical = self.canonical(m.as_str())?;
                Some(Found { span: m.range(), canonical })
            })
            .collect()
    }
}

/// The words of a proper name once leading non-name words are dropped
/// ("The Pentagon" → "Pentagon"), or `None` when nothing of a name is left.
pub fn name_words<'a>(name: &'a str, not_names: &[String]) -> Option<Vec<&'a str>> {
    let cleaned = name.trim_end_matches("’s").trim_end_matches("'s");
    let is_name = |w: &&str| !not_names.iter().any(|n| n == w);
    let words: Vec<&str> = cleaned.split_whitespace().skip_while(|w| !is_name(w)).collect();
    (!words.is_empty() && words.iter().all(is_name)).then_some(words)
}

/// The key of a proper name: its last word, or `None` when the words are not
/// a name ("Sunday", "The").
fn proper_name_key(name: &str, not_names: &[String]) -> Option<String> {
    let words = name_words(name, not_names)?;
    let last = words.last()?;
    (last.chars().count() >= 2).then(|| last.to_string())
}

/// A regex alternation of words: aliases with an upper-case letter match
/// case-sensitively, the others in any case; whole words only.
pub fn word_alternation<S: AsRef<str>>(words: &[S]) -> String {
    let parts: Vec<String> = words
        .iter()
        .map(|w| {
            let w = w.as_ref();
            let escaped = regex::escape(w).replace(' ', r"\s+");
            let body = if w.chars().any(char::is_uppercase) { format!("(?-i:{escaped})") } else { escaped };
            let start = if w.starts_with(|c: char| c.is_alphanumeric()) { r"\b" } else { "" };
            let end = if w.ends_with(|c: char| c.is_alphanumeric()) { r"\b" } else { "" };
            format!("{start}{body}{end}")
        })
        .collect();
    if parts.is_empty() {
        // Matches nothing.
        return "[^\\s\\S]".to_string();
    }
    format!("(?:{})", parts.join("|"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gaz(entries: &[(&str, &[&str])]) -> Gazetteer {
        let file = GazetteerFile {
            entries: entries.iter().map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect())).collect(),
            distinct_qualifiers: vec![],
        };
        Gazetteer::from_files(&[file]).unwrap()
    }

    #[test]
    fn aliases_map_to_canonical_names() {
        let g = gaz(&[("United States", &["US", "U.S.", "American", "Washington"]), ("coalition", &["allied"])]);
        let found = g.find_all("US troops, U.S. forces and Allied units; Washington said; told us");
        let names: Vec<&str> = found.iter().map(|f| f.canonical.as_str()).collect();
        assert_eq!(names, ["United States", "United States", "coalition", "United States"]);
    }

    #[test]
    fn upper_case_aliases_do_not_match_lower_case_words() {
        let g = gaz(&[("United States", &["US"])]);
        assert!(g.find_all("let us go").is_empty());
    }

    #[test]
    fn proper_names_key_on_the_last_word() {
        let not_names: Vec<String> = ["Sunday", "The"].iter().map(|s| s.to_string()).collect();
        let g = Gazetteer::proper_names(&not_names).unwrap();
        assert_eq!(g.canonical("Mira Castellane").as_deref(), Some("Castellane"));
        assert_eq!(g.canonical("Castellane’s").as_deref(), Some("Castellane"));
        assert_eq!(g.canonical("Sunday"), None);
    }
}
