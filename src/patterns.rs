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
use regex_syntax::hir::{Capture, Class, Hir, HirKind, Repetition};

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
        let value_opens_every_match = value_opens_every_match(&hir);
        let hir = share_prefixes(hir);
        let nfa = thompson::Compiler::new().configure(nfa_config()).build_from_hir(&hir).map_err(built)?;
        let finder = lazy_dfas(&hir, &nfa, nfa_config());
        let backtracker = BoundedBacktracker::builder()
            .configure(BoundedBacktracker::config().visited_capacity(VISITED_CAPACITY))
            .build_from_nfa(nfa.clone())
            .map_err(built)?;
        let pikevm = PikeVM::new_from_nfa(nfa).map_err(built)?;
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

/// The same regex with the branches of each alternation that begin alike
/// sharing their beginning: `about|above|around` becomes `a(?:b(?:out|ove)|round)`.
/// It matches the same texts, prefers the same match and sets the same
/// groups, but an engine tries each first letter once, not once a branch:
/// the backtracker that reads groups, which at a gazetteer of 1,000 names
/// tried 1,000 branches, tries some 40 first letters.
///
/// Only pieces with one way of matching are shared (a character, a class of
/// characters, a look-around), so `x(?:y|z)` tries its paths in the order
/// `xy|xz` did. A branch moves ahead of the branches between it and the one
/// it joins only when none of those can start at the same character (their
/// first bytes differ), so no match is preferred over another that was
/// preferred before.
fn share_prefixes(hir: Hir) -> Hir {
    match hir.into_kind() {
        HirKind::Alternation(subs) => {
            factor(subs.into_iter().map(|sub| pieces_backwards(share_prefixes(sub))).collect())
        }
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(share_prefixes).collect()),
        HirKind::Capture(c) => Hir::capture(Capture { sub: Box::new(share_prefixes(*c.sub)), ..c }),
        HirKind::Repetition(r) => Hir::repetition(Repetition { sub: Box::new(share_prefixes(*r.sub)), ..r }),
        kind => hir_of(kind),
    }
}

/// A branch as the sequence of its pieces, last first (a literal is one
/// piece a character), so that its first piece can be taken off the end.
fn pieces_backwards(branch: Hir) -> Vec<Hir> {
    let parts = match branch.into_kind() {
        HirKind::Concat(subs) => subs,
        kind => vec![hir_of(kind)],
    };
    let mut pieces = Vec::with_capacity(parts.len());
    for part in parts.into_iter().rev() {
        match part.kind() {
            HirKind::Literal(lit) if lit.0.len() > 1 => match std::str::from_utf8(&lit.0) {
                Ok(text) => {
                    pieces.extend(text.chars().rev().map(|c| Hir::literal(c.encode_utf8(&mut [0; 4]).as_bytes())))
                }
                Err(_) => pieces.push(part),
            },
            _ => pieces.push(part),
        }
    }
    pieces
}

/// An `Hir` back from its kind.
fn hir_of(kind: HirKind) -> Hir {
    match kind {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(lit) => Hir::literal(lit.0),
        HirKind::Class(class) => Hir::class(class),
        HirKind::Look(look) => Hir::look(look),
        HirKind::Repetition(rep) => Hir::repetition(rep),
        HirKind::Capture(cap) => Hir::capture(cap),
        HirKind::Concat(subs) => Hir::concat(subs),
        HirKind::Alternation(subs) => Hir::alternation(subs),
    }
}

/// The alternation of `branches` (each a sequence of pieces, last first),
/// in order, with the first pieces they may share written once.
fn factor(branches: Vec<Vec<Hir>>) -> Hir {
    // Each arm: its first piece (`None`: the branch ends here) and the rests of its branches.
    let mut arms: Vec<(Option<Hir>, Vec<Vec<Hir>>)> = Vec::new();
    for mut branch in branches {
        let first = branch.pop();
        let joins = first
            .as_ref()
            .filter(|piece| one_way(piece))
            .and_then(|piece| arms.iter().rposition(|(arm, _)| arm.as_ref() == Some(piece)))
            .filter(|&at| arms[at + 1..].iter().all(|(arm, _)| never_both_start(arm.as_ref(), first.as_ref())));
        match joins {
            Some(at) => arms[at].1.push(branch),
            None => arms.push((first, vec![branch])),
        }
    }
    Hir::alternation(
        arms.into_iter()
            .map(|(first, mut rests)| match first {
                None => Hir::empty(),
                Some(first) if rests.len() == 1 => {
                    let mut rest = rests.pop().unwrap_or_default();
                    rest.push(first);
                    rest.reverse();
                    Hir::concat(rest)
                }
                Some(first) => Hir::concat(vec![first, factor(rests)]),
            })
            .collect(),
    )
}

/// True for a piece with one way of matching: one character, or a look-around.
fn one_way(piece: &Hir) -> bool {
    matches!(piece.kind(), HirKind::Look(_)) || first_bytes(piece).is_some()
}

/// True when no text can match both pieces at the same place: both are one
/// character and their first bytes differ.
fn never_both_start(a: Option<&Hir>, b: Option<&Hir>) -> bool {
    match (a.and_then(first_bytes), b.and_then(first_bytes)) {
        (Some(a), Some(b)) => a.iter().zip(b).all(|(x, y)| x & y == 0),
        _ => false,
    }
}

/// The bytes a piece of one character can start with (a 256-bit set), or
/// `None` if the piece is not one character.
fn first_bytes(piece: &Hir) -> Option<[u64; 4]> {
    let mut set = [0u64; 4];
    let mut add = |from: u8, to: u8| (from..=to).for_each(|b| set[usize::from(b / 64)] |= 1 << (b % 64));
    match piece.kind() {
        HirKind::Literal(lit) if std::str::from_utf8(&lit.0).is_ok_and(|t| t.chars().count() == 1) => {
            add(lit.0[0], lit.0[0])
        }
        HirKind::Class(Class::Bytes(class)) => class.ranges().iter().for_each(|r| add(r.start(), r.end())),
        HirKind::Class(Class::Unicode(class)) => {
            // A lead byte grows with the code point among those of one encoded length.
            const LENGTHS: [(u32, u32); 4] = [(0, 0x7F), (0x80, 0x7FF), (0x800, 0xFFFF), (0x10000, 0x10FFFF)];
            let lead = |c: u32| -> u8 {
                let byte = match c {
                    0..=0x7F => c,
                    0x80..=0x7FF => 0xC0 | (c >> 6),
                    0x800..=0xFFFF => 0xE0 | (c >> 12),
                    _ => 0xF0 | (c >> 18),
                };
                u8::try_from(byte).unwrap_or(u8::MAX)
            };
            for range in class.ranges() {
                for (low, high) in LENGTHS {
                    let (from, to) = (u32::from(range.start()).max(low), u32::from(range.end()).min(high));
                    if from <= to {
                        add(lead(from), lead(to));
                    }
                }
            }
        }
        _ => return None,
    }
    Some(set)
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
    use proptest::prelude::*;

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

    /// NFA states of `source` compiled as written, and with shared prefixes.
    fn states_before_and_after(source: &str) -> (usize, usize) {
        let hir = regex_syntax::ParserBuilder::new().build().parse(source).unwrap();
        let states = |hir: &Hir| thompson::Compiler::new().build_from_hir(hir).unwrap().states().len();
        (states(&hir), states(&share_prefixes(hir)))
    }

    #[test]
    fn alternations_of_words_share_their_first_letters() {
        let names = (0..500).map(|i| format!(r"(?-u:\b)(?-i:Port Saint {i})(?-u:\b)")).collect::<Vec<_>>().join("|");
        let (before, after) = states_before_and_after(&format!("(?i)(?:{names}) troops"));
        assert!(after * 2 < before, "{before} states before, {after} after");
        let (before, after) = states_before_and_after(r"(?i)(?:six|sixteen|sixty|seven|seventy)\b");
        assert!(after < before, "{before} states before, {after} after");
    }

    /// Each match's groups: the span of each, in order.
    type Matches = Vec<Vec<Option<Range<usize>>>>;

    /// Every match of `source` in `text` with its groups, by the `regex`
    /// crate (on the regex as written) and by [`PatternRegex`].
    fn all_groups(source: &str, text: &str) -> (Matches, Matches) {
        let plain = regex::Regex::new(source).unwrap();
        let expected = plain.captures_iter(text).map(|c| c.iter().map(|g| g.map(|g| g.range())).collect()).collect();
        let mut found = Vec::new();
        PatternRegex::new(source).unwrap().for_each_match(
            text,
            |_| true,
            |caps| found.push(caps.iter().map(|g| g.map(|g| g.range())).collect()),
        );
        (expected, found)
    }

    #[test]
    fn shared_prefixes_keep_the_preferred_match() {
        for (source, text) in [
            (r"(?:six|sixteen|sixty)(?-u:\b)", "sixteen sixty six"),
            (r"(?:a|ab)(c|bcd)", "abcd"),
            (r"(?:ab|\w|ac)(\w?)", "acx"),
            (r"(?i)(?:Ab|(a)|ac|)(c?)", "ACc a"),
            (r"(?:x\s+y|x\s+(z)|x)", "x  z x y"),
            (r"(?:x?(x)|x?)", "x"),
        ] {
            let (expected, found) = all_groups(source, text);
            assert_eq!(found, expected, "{source} on {text:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]
        #[test]
        fn shared_prefixes_never_change_a_match_or_a_group(
            branches in prop::collection::vec(
                prop::collection::vec(
                    prop::sample::select(vec!["a", "A", "é", r"\s+", r"(?-u:\b)", "[ab]", "x?", "(x)"]),
                    0..3,
                ),
                1..6,
            ),
            insensitive in any::<bool>(),
            tail in prop::sample::select(vec!["", r"(\w*)", "(b?)", r"(?-u:\b)", " "]),
            repeated in any::<bool>(),
            text in "[aAbé x]{0,8}",
        ) {
            let alternation = branches.iter().map(|b| b.concat()).collect::<Vec<_>>().join("|");
            let source = format!(
                "{}(?:{alternation}){}{tail}",
                if insensitive { "(?i)" } else { "" },
                if repeated { "+" } else { "" },
            );
            let (expected, found) = all_groups(&source, &text);
            prop_assert_eq!(found, expected, "{} on {:?}", source, text);
        }
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
