//! Regex helpers shared by the stages that compile patterns.
//! In: a regex source. Out: the same regex in a form that stays fast, and
//! [`PatternRegex`], the engine that runs schema patterns.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::Arc;

use regex_automata::hybrid;
use regex_automata::nfa::thompson::backtrack::{self, BoundedBacktracker};
use regex_automata::nfa::thompson::pikevm::{self, PikeVM};
use regex_automata::nfa::thompson::{self, NFA};
use regex_automata::util::captures::Captures;
use regex_automata::util::iter::Searcher;
use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, Input, Match, MatchKind};
use regex_syntax::hir::{Hir, HirKind};

/// Largest compiled NFA and lazy DFA cache a pattern may have, in bytes.
const SIZE_LIMIT: usize = 1 << 27;

/// Largest visited set (in bytes) a thread's backtracker may use: 16 MiB lets
/// it read the groups of a match of a few hundred bytes even for the largest
/// shipped patterns (80,000 NFA states); longer matches go to the PikeVM.
const VISITED_CAPACITY: usize = 16 << 20;

thread_local! {
    /// One backtracker cache a thread, shared by every pattern (it is reset
    /// for each search), so its visited set is allocated once, not once a pattern.
    static BACKTRACK_CACHE: RefCell<Option<backtrack::Cache>> = const { RefCell::new(None) };
}

/// A schema pattern compiled for extraction. Lazy DFAs find each match; a
/// bounded backtracker then reads its groups on the matched span alone. All
/// engines share one NFA.
///
/// The `regex` crate does the same but caps the backtracker's visited set at
/// 256 KiB, which for a pattern of 80,000 NFA states is a match of 25 bytes:
/// longer matches fell to its PikeVM, 2–3 times slower on our patterns. The
/// matches and groups found are the same (both are leftmost-first).
#[derive(Clone)]
pub struct PatternRegex {
    engines: Arc<Engines>,
}

/// What [`PatternRegex`] shares between threads.
struct Engines {
    /// Forward and reverse lazy DFAs; `None` if the pattern has a look-around
    /// a lazy DFA cannot run (a Unicode word boundary), when the PikeVM finds.
    finder: Option<hybrid::regex::Regex>,
    backtracker: BoundedBacktracker,
    /// For matches too long for the backtracker, and for finding without a lazy DFA.
    pikevm: PikeVM,
    caches: Pool<Caches>,
    value_opens_every_match: bool,
}

/// A thread's mutable state for one pattern, each part made on first use
/// (most patterns never need the PikeVM's, and it is large).
#[derive(Default)]
struct Caches {
    finder: Option<hybrid::regex::Cache>,
    pikevm: Option<pikevm::Cache>,
    captures: Option<Captures>,
}

impl std::fmt::Debug for PatternRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PatternRegex").field("states", &self.engines.pikevm.get_nfa().states().len()).finish()
    }
}

impl PatternRegex {
    /// Compiles a regex source (the `regex` crate's syntax), or says in one
    /// line why it does not compile.
    pub fn new(source: &str) -> Result<Self, String> {
        let hir =
            regex_syntax::ParserBuilder::new().build().parse(source).map_err(|e| last_error_line(&e.to_string()))?;
        let nfa_config = || thompson::Config::new().nfa_size_limit(Some(SIZE_LIMIT));
        let built = |e: thompson::BuildError| e.to_string();
        let nfa = thompson::Compiler::new().configure(nfa_config()).build_from_hir(&hir).map_err(built)?;
        let finder = lazy_dfas(&hir, &nfa, nfa_config());
        let backtracker = BoundedBacktracker::builder()
            .configure(BoundedBacktracker::config().visited_capacity(VISITED_CAPACITY))
            .build_from_nfa(nfa.clone())
            .map_err(built)?;
        let pikevm = PikeVM::new_from_nfa(nfa).map_err(built)?;
        let value_opens_every_match = value_opens_every_match(&hir);
        let caches = Pool::new(Caches::default as fn() -> Caches);
        Ok(PatternRegex { engines: Arc::new(Engines { finder, backtracker, pikevm, caches, value_opens_every_match }) })
    }

    /// True when every match starts with the `value` group, which cannot
    /// match empty, and the regex has no group but `value` and `date`: then
    /// the value's span always holds the match's first byte.
    pub fn value_opens_every_match(&self) -> bool {
        self.engines.value_opens_every_match
    }

    /// Runs the pattern over `text`: for each match, in order and not
    /// overlapping, asks `wanted` whether its groups are needed (given the
    /// match's span) and, if so, calls `each` with them.
    pub fn for_each_match(
        &self,
        text: &str,
        mut wanted: impl FnMut(Range<usize>) -> bool,
        mut each: impl FnMut(&Captures),
    ) {
        let engines = &*self.engines;
        let mut caches = engines.caches.get();
        let mut caps = caches.captures.take().unwrap_or_else(|| engines.backtracker.create_captures());
        let mut searcher = Searcher::new(Input::new(text));
        while let Ok(Some(found)) = searcher.try_advance(|input| Ok(engines.find(&mut caches, input))) {
            if !wanted(found.range()) {
                continue;
            }
            engines.read_groups(&mut caches, text, found, &mut caps);
            if caps.is_match() {
                each(&caps);
            }
        }
        caches.captures = Some(caps);
    }
}

/// The forward and reverse lazy DFAs of a pattern, as the `regex` crate
/// builds them (the reverse one finds where a match starts); `None` if the
/// pattern has a look-around they cannot run.
fn lazy_dfas(hir: &Hir, forward: &NFA, nfa_config: thompson::Config) -> Option<hybrid::regex::Regex> {
    let dfa_config = || hybrid::dfa::Config::new().cache_capacity(SIZE_LIMIT);
    let reverse_nfa = thompson::Compiler::new()
        .configure(nfa_config.reverse(true).which_captures(thompson::WhichCaptures::None))
        .build_from_hir(hir)
        .ok()?;
    let forward = hybrid::dfa::Builder::new().configure(dfa_config()).build_from_nfa(forward.clone()).ok()?;
    let reverse = hybrid::dfa::Builder::new()
        .configure(dfa_config().prefilter(None).specialize_start_states(false).match_kind(MatchKind::All))
        .build_from_nfa(reverse_nfa)
        .ok()?;
    Some(hybrid::regex::Builder::new().build_from_dfas(forward, reverse))
}

impl Engines {
    /// The next match in `input`: by the lazy DFAs, or by the PikeVM if they
    /// cannot search (they never give up with this configuration).
    fn find(&self, caches: &mut Caches, input: &Input) -> Option<Match> {
        if let Some(finder) = &self.finder {
            let cache = caches.finder.get_or_insert_with(|| finder.create_cache());
            if let Ok(found) = finder.try_search(cache, input) {
                return found;
            }
        }
        let cache = caches.pikevm.get_or_insert_with(|| self.pikevm.create_cache());
        self.pikevm.find(cache, input.clone())
    }

    /// Fills `caps` with the groups of the match `found` of `text`, searching
    /// its span only (the text around it still counts for look-arounds).
    fn read_groups(&self, caches: &mut Caches, text: &str, found: Match, caps: &mut Captures) {
        let input = Input::new(text).range(found.range()).anchored(Anchored::Yes);
        if found.len() <= self.backtracker.max_haystack_len() {
            let done = BACKTRACK_CACHE.with(|cell| {
                let mut cell = cell.borrow_mut();
                let cache = cell.get_or_insert_with(|| self.backtracker.create_cache());
                cache.reset(&self.backtracker);
                self.backtracker.try_search(cache, &input, caps).is_ok()
            });
            if done {
                return;
            }
        }
        let cache = caches.pikevm.get_or_insert_with(|| self.pikevm.create_cache());
        self.pikevm.search(cache, &input, caps);
    }
}

/// See [`PatternRegex::value_opens_every_match`].
fn value_opens_every_match(hir: &Hir) -> bool {
    let first = match hir.kind() {
        HirKind::Concat(children) => children.iter().find(|c| !matches!(c.kind(), HirKind::Look(_))),
        _ => Some(hir),
    };
    let opens = matches!(first.map(Hir::kind), Some(HirKind::Capture(c))
        if c.name.as_deref() == Some("value") && c.sub.properties().minimum_len().is_some_and(|n| n > 0));
    opens && group_names_within(hir, &["value", "date"])
}

/// The last `error:` line of a regex error's text (or its last line): the
/// reason, without the excerpt of a pattern thousands of characters long.
pub fn last_error_line(text: &str) -> String {
    let last = text.lines().rev().find(|l| l.starts_with("error:"));
    last.or_else(|| text.lines().last()).unwrap_or("").to_string()
}

/// True when every capture group of `hir` is named, with one of `names`.
fn group_names_within(hir: &Hir, names: &[&str]) -> bool {
    match hir.kind() {
        HirKind::Capture(c) => {
            c.name.as_deref().is_some_and(|n| names.contains(&n)) && group_names_within(&c.sub, names)
        }
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().all(|s| group_names_within(s, names)),
        HirKind::Repetition(r) => group_names_within(&r.sub, names),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => true,
    }
}

/// Rewrites every `\b` and `\B` of a regex source as its ASCII form
/// (`(?-u:\b)`, `(?-u:\B)`). A Unicode word boundary makes the regex engine's fast lazy DFA
/// give up on the first non-ASCII byte (news text is full of curly quotes and
/// dashes) and fall back to a much slower engine; the ASCII boundary differs
/// only next to non-ASCII letters, which English number and date words never
/// touch.
pub fn ascii_boundaries(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + 16);
    let mut backslashes = 0;
    for c in source.chars() {
        if (c == 'b' || c == 'B') && backslashes % 2 == 1 {
            out.pop();
            out.push_str(if c == 'b' { r"(?-u:\b)" } else { r"(?-u:\B)" });
            backslashes = 0;
            continue;
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_opens_every_match_only_when_it_leads_and_cannot_be_empty() {
        let opens = |source: &str| PatternRegex::new(source).is_ok_and(|r| r.value_opens_every_match());
        assert!(opens(r"(?i)(?-u:\b)(?P<value>\d+)(?: of)? \w+"));
        assert!(opens(r"(?P<value>\d+) on (?P<date>\w+)"));
        assert!(!opens(r"about (?P<value>\d+)"), "words come first");
        assert!(!opens(r"(?P<value>\d*) people"), "the value may be empty");
        assert!(!opens(r"(?P<value>\d+) (?P<slot_actor>US)"), "a slot group");
        assert!(!opens(r"(?P<value>\d+)|(?P<zero>none)"), "an alternation");
        assert!(!opens(r"(?P<value>\d+ (\w+))"), "an unnamed group");
    }

    #[test]
    fn a_pattern_that_does_not_compile_says_why_in_one_line() {
        assert_eq!(PatternRegex::new(r"(?P<value>\d+").err().as_deref(), Some("error: unclosed group"));
        let huge = PatternRegex::new(r"(?:\w{1000}){1000}").err().unwrap_or_default();
        assert!(huge.contains("exceeded") && !huge.contains('\n'), "{huge}");
    }

    #[test]
    fn groups_are_read_on_the_match_alone_with_the_text_around_for_boundaries() {
        let regex = PatternRegex::new(r"(?i)(?-u:\b)(?P<value>\d+) (?P<unit>troops|soldiers)").unwrap();
        let text = "x12 troops; 40 Soldiers and 7 troops";
        let mut seen = Vec::new();
        regex.for_each_match(
            text,
            |span| !text[span].starts_with('7'),
            |caps| {
                let group = |name| caps.get_group_by_name(name).map(|s| &text[s.range()]);
                seen.push((group("value"), group("unit")));
            },
        );
        assert_eq!(seen, [(Some("40"), Some("Soldiers"))], "no boundary inside x12; the match at 7 was not wanted");
    }

    #[test]
    fn long_matches_and_unicode_boundaries_still_find_their_groups() {
        // Longer than the backtracker takes for this many states: the PikeVM reads the groups.
        // (Not plain literals, which would compile to a small trie.)
        let words = (0..3000).map(|i| format!("w{i}x?")).collect::<Vec<_>>().join("|");
        let regex = PatternRegex::new(&format!(r"(?P<value>\d+)(?: (?:{words}))*")).unwrap();
        let text = format!("5{}", " w1".repeat(8000));
        assert!(text.len() > regex.engines.backtracker.max_haystack_len(), "the match must be too long for it");
        let mut ends = Vec::new();
        regex.for_each_match(&text, |_| true, |caps| ends.push(caps.get_match().map(|m| m.end())));
        assert_eq!(ends, [Some(text.len())]);
        // A Unicode word boundary: no lazy DFA, the PikeVM finds.
        let regex = PatternRegex::new(r"\b(?P<value>\d+)\b").unwrap();
        assert!(regex.engines.finder.is_none());
        let mut values = Vec::new();
        regex.for_each_match(
            "é5 “40”",
            |_| true,
            |caps| values.push(caps.get_group_by_name("value").map(|s| s.range())),
        );
        assert_eq!(values, [Some(7..9)]);
    }

    #[test]
    fn only_word_boundaries_are_rewritten() {
        assert_eq!(ascii_boundaries(r"\bfoo\b"), r"(?-u:\b)foo(?-u:\b)");
        assert_eq!(ascii_boundaries(r"\\b"), r"\\b");
        assert_eq!(ascii_boundaries(r"\\\b"), r"\\(?-u:\b)");
        assert_eq!(ascii_boundaries(r"\B\w+"), r"(?-u:\B)\w+");
    }

    #[test]
    fn rewritten_patterns_still_match_next_to_curly_quotes() {
        let re = regex::Regex::new(&ascii_boundaries(r"(?i)\bsaturday\b")).unwrap();
        assert!(re.is_match("“Saturday’s fire”"));
        assert!(!re.is_match("Saturdays"));
    }
}
