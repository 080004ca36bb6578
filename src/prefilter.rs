//! Literal prefilters: which schema patterns can match a sentence, found in
//! one pass over it.
//! In: each pattern's expanded regex source. Out: for a sentence, a flag per
//! pattern that is false only when the pattern cannot match it.
//!
//! Most patterns cannot match without one of a few words ("troops",
//! "killed", a country's name…): the words of a term or slot placeholder the
//! pattern requires. [`required_literals`] finds, from the regex's syntax
//! tree, a set of strings one of which every match contains; one
//! Aho-Corasick automaton over all those strings then tells, per sentence,
//! which patterns are worth running. Text without any of the words costs one
//! linear scan. The analysis is generic (no word of ours is in it) and errs
//! only towards running a pattern.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex_syntax::hir::{Hir, HirKind};

/// Literals shorter than this do not filter anything worth the trouble.
const MIN_LITERAL_LEN: usize = 3;

/// Strings (lower-cased) one of which every match of the regex `source`
/// contains, when such a set is known; `None` when the pattern must always
/// run. Case is ignored: the analysis reads the pattern case-sensitively
/// (a leading `(?i)` dropped), so its literals stay literals, and the
/// prefilter matches them ignoring ASCII case.
pub fn required_literals(source: &str) -> Option<Vec<String>> {
    let source = source.strip_prefix("(?i)").unwrap_or(source);
    let hir = regex_syntax::ParserBuilder::new().build().parse(source).ok()?;
    let set = required(&hir)?;
    let mut words: Vec<String> =
        set.into_iter().map(|b| String::from_utf8_lossy(&b).to_ascii_lowercase()).collect::<Vec<_>>();
    words.sort();
    words.dedup();
    (words.iter().all(|w| w.len() >= MIN_LITERAL_LEN)).then_some(words)
}

/// A set of byte strings one of which every match of `hir` contains.
fn required(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Literal(lit) => Some(vec![lit.0.to_vec()]),
        HirKind::Capture(c) => required(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => required(&r.sub),
        HirKind::Concat(subs) => {
            // Any one child's set will do: take the most selective (longest
            // shortest string, counting letters, not spaces; then fewest strings).
            subs.iter().filter_map(required).max_by_key(|set| {
                let letters = |s: &Vec<u8>| s.iter().filter(|b| !b.is_ascii_whitespace()).count();
                let shortest = set.iter().map(letters).min().unwrap_or(0);
                (shortest.min(8), std::cmp::Reverse(set.len()))
            })
        }
        HirKind::Alternation(subs) => {
            let mut all = Vec::new();
            for s in subs {
                all.extend(required(s)?);
            }
            Some(all)
        }
        HirKind::Empty | HirKind::Class(_) | HirKind::Look(_) | HirKind::Repetition(_) => None,
    }
}

/// Which patterns may match a text, for the patterns of a list of schemas.
#[derive(Debug, Clone)]
pub struct Prefilter {
    /// Where each schema's patterns start in the flags.
    firsts: Vec<usize>,
    /// Every required literal of every filtered pattern.
    automaton: Option<AhoCorasick>,
    /// For each literal of the automaton, the patterns that require it.
    owners: Vec<Vec<usize>>,
    /// Patterns that always run.
    unfiltered: Vec<usize>,
    /// Number of patterns.
    len: usize,
}

impl Prefilter {
    /// A prefilter for schemas whose patterns have these required literals
    /// (one list a schema, one entry a pattern; `None`: always run).
    pub fn new(per_schema: &[Vec<Option<Vec<String>>>]) -> Self {
        let firsts = per_schema
            .iter()
            .scan(0, |next, patterns| {
                let first = *next;
                *next += patterns.len();
                Some(first)
            })
            .collect();
        let literals: Vec<&Option<Vec<String>>> = per_schema.iter().flatten().collect();
        let mut words: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        let mut unfiltered = Vec::new();
        for (pattern, set) in literals.iter().enumerate() {
            let Some(set) = set else {
                unfiltered.push(pattern);
                continue;
            };
            for word in set {
                match words.iter().position(|w| w == word) {
                    Some(i) => owners[i].push(pattern),
                    None => {
                        words.push(word.clone());
                        owners.push(vec![pattern]);
                    }
                }
            }
        }
        let automaton =
            AhoCorasickBuilder::new().ascii_case_insensitive(true).match_kind(MatchKind::Standard).build(&words).ok();
        // Without an automaton (it cannot fail for plain strings, but if it did) every pattern runs.
        if automaton.is_none() {
            unfiltered = (0..literals.len()).collect();
        }
        Prefilter { firsts, automaton, owners, unfiltered, len: literals.len() }
    }

    /// The flags of schema `schema`'s patterns, out of those [`Prefilter::candidates`] set.
    pub fn of_schema<'a>(&self, flags: &'a [bool], schema: usize) -> &'a [bool] {
        let first = self.firsts.get(schema).copied().unwrap_or(flags.len());
        let end = self.firsts.get(schema + 1).copied().unwrap_or(flags.len());
        flags.get(first..end).unwrap_or(&[])
    }

    /// Sets `out[p]` to whether pattern `p` (numbered schema by schema) may match `text`.
    pub fn candidates(&self, text: &str, out: &mut Vec<bool>) {
        out.clear();
        out.resize(self.len, false);
        for &p in &self.unfiltered {
            out[p] = true;
        }
        if let Some(automaton) = &self.automaton {
            for m in automaton.find_overlapping_iter(text) {
                for &p in &self.owners[m.pattern().as_usize()] {
                    out[p] = true;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(source: &str) -> Option<Vec<String>> {
        required_literals(source)
    }

    #[test]
    fn required_words_come_from_the_most_selective_part() {
        assert_eq!(words(r"(?i)\d+ (?:troops|soldiers)"), Some(vec!["soldiers".into(), "troops".into()]));
        assert_eq!(words(r"(?i)(?P<value>\d+) (?:US )?Troops in (?:Iraq|Syria)"), Some(vec!["troops in ".into()]));
        assert_eq!(words(r"number of (?:people )?killed"), Some(vec!["number of ".into()]));
        assert_eq!(words(r"(?:killed|wounded)+ \d"), Some(vec!["killed".into(), "wounded".into()]));
    }

    #[test]
    fn patterns_that_need_no_word_always_run() {
        assert_eq!(words(r"\d+"), None);
        assert_eq!(words(r"(?:troops)? \d+"), None, "an optional word is not required");
        assert_eq!(words(r"(?:troops|\d+) x"), None, "one branch needs no word");
        assert_eq!(words(r"(?:a|troops)"), None, "a literal too short to filter");
        assert_eq!(words(r"(?:troops|)"), None);
        assert_eq!(words(r"(unclosed"), None);
    }

    #[test]
    fn candidates_ignore_case_and_keep_unfiltered_patterns() {
        let prefilter = Prefilter::new(&[
            vec![Some(vec!["troops".into()]), None],
            vec![Some(vec!["killed".into(), "troops".into()])],
        ]);
        let mut out = Vec::new();
        prefilter.candidates("Some 3,000 TROOPS are there.", &mut out);
        assert_eq!(out, [true, true, true]);
        prefilter.candidates("Nothing to see.", &mut out);
        assert_eq!(out, [false, true, false]);
        prefilter.candidates("Two were killed.", &mut out);
        assert_eq!(out, [false, true, true]);
        assert_eq!(prefilter.of_schema(&out, 0), [false, true]);
        assert_eq!(prefilter.of_schema(&out, 1), [true]);
        assert_eq!(prefilter.of_schema(&out, 2), [] as [bool; 0]);
    }

    #[test]
    fn every_match_of_a_filtered_pattern_contains_one_of_its_words() {
        // The property the prefilter rests on, over a few real shapes.
        let cases = [
            (
                r"(?i)(?P<value>\d[\d,]*) (?:US |American )?(?:troops|soldiers)(?: in (?:Iraq|Syria))?",
                "About 2,500 US Troops in Iraq",
            ),
            (r"(?i)\b(?:killed|killing|dead) (?P<value>\d+)", "KILLING 45"),
        ];
        for (source, text) in cases {
            let set = words(source).unwrap();
            let m = regex::Regex::new(source).unwrap().find(text).unwrap();
            let found = m.as_str().to_ascii_lowercase();
            assert!(set.iter().any(|w| found.contains(w.as_str())), "{source} {set:?} {found}");
        }
    }
}
