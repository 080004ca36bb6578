//! Numbers: count mentions to [`Quantity`] values.
//! In: text (a whole sentence for [`NumberScanner::find_all`], or the text of
//! one mention for [`parse_count`]) and the [`Lexicon`] (hedges, vague amounts).
//! Out: [`NumberMatch`]es (byte span + [`Quantity`]) or one [`Quantity`].
//!
//! Number words ("one" … "ninety", "hundred", "million", "dozen", "half", "a")
//! are English grammar and live here; hedge words and vague amounts come from
//! the lexicon only.

use std::ops::Range;

use regex::Regex;

use crate::lexicon::Lexicon;
use crate::normalize::{Hedge, Quantity};

/// Small number words and their values (grammar, not lexicon).
const SMALL: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("nought", 0.0),
    ("naught", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
];

/// Scale words and their multipliers.
const SCALES: &[(&str, f64)] = &[
    ("hundred", 100.0),
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
    ("lakh", 1e5),
    ("lakhs", 1e5),
    ("crore", 1e7),
    ("crores", 1e7),
    ("dozen", 12.0),
    ("dozens", 12.0),
    ("doz", 12.0),
    ("dozs", 12.0),
    ("dz", 12.0),
    ("dzs", 12.0),
];

/// Regex alternation of the scale words (longest first where one is a prefix).
const SCALE_WORDS: &str = "hundred|thousand|million|billion|trillion|lakhs?|crores?|dozens?|dozs?|dzs?";

/// Single-digit words read one by one after "point" ("two point zero three").
const DIGIT_WORDS: &[(&str, u32)] = &[
    ("zero", 0),
    ("nought", 0),
    ("naught", 0),
    ("oh", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
];

/// Suffixes glued to digits: "2.5k", "3bn", "10m".
const SUFFIXES: &[(&str, f64)] = &[
    ("k", 1e3),
    ("m", 1e6),
    ("mn", 1e6),
    ("mln", 1e6),
    ("b", 1e9),
    ("bn", 1e9),
    ("bln", 1e9),
    ("tn", 1e12),
    ("tln", 1e12),
    ("mil", 1e6),
];

/// Suffixes that may also follow digits after a space ("2.33 k", "10 bln");
/// the one-letter "m" and "b" may not ("Route 5 M").
const SPACED_SUFFIXES: &str = "k|mn|mln|bn|bln|tn|tln";

/// Fraction words: a number before one is a numerator ("two thirds"), not a count.
const FRACTION_WORDS: &[&str] = &[
    "half", "halves", "quarter", "quarters", "third", "thirds", "fifth", "fifths", "sixth", "sixths", "seventh",
    "sevenths", "eighth", "eighths", "ninth", "ninths", "tenth", "tenths",
];

/// Words that make a following bare "one" a pronoun ("the one who").
const PRONOUN_DETERMINERS: &[&str] = &["the", "this", "that", "which", "each", "every", "any", "another", "no"];

/// Regex source for a fraction of a scale word or a trailing fraction:
/// "half", "a quarter", "three quarters" ("half a million", "five and a half
/// million", "one million and a half").
const FRACTION: &str = r"(?:(?:an?|one|three)\s+)?(?:half|quarters?)";

/// Regex source for a scale word, optionally followed by a one-to-three digit
/// number that the scale governs ("4 thousand 3 hundred and 21").
fn scale_with_tail() -> String {
    format!(r"(?:{SCALE_WORDS})\b(?:(?:\s+and)?\s+[1-9][0-9]{{0,2}}\b)?")
}

/// Regex source for the words after "point": digit words or a number below 100.
fn point_tail() -> String {
    let small = SMALL.iter().map(|(w, _)| *w).collect::<Vec<_>>().join("|");
    format!(r"(?:\s+point(?:(?:\s+|-)(?:{small}|oh)\b)+)?")
}

/// Regex source for a number written in digits, optionally with a glued
/// suffix ("2.5k"), a spaced suffix ("2.33 k") and following scale words
/// ("1.2 million", "3 hundred and 21").
fn digit_number() -> String {
    // Comma thousands ("1,234,567"), Indian grouping ("12,34,567"), two or more
    // space-separated groups ("1 234 567") or thin/no-break-space groups
    // ("40\u{202f}000"), plain digits, a leading point.
    let digits = r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}(?:\.[0-9]+)?|[0-9]{1,3}(?: [0-9]{3}){2,}(?:\.[0-9]+)?\b|[0-9]{1,3}(?:[\x{202f}\x{a0}][0-9]{3})+(?:\.[0-9]+)?\b|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)";
    let small = SMALL.iter().map(|(w, _)| *w).collect::<Vec<_>>().join("|");
    let scale = scale_with_tail();
    format!(
        r"(?:\b|\B\.){digits}(?:(?:k|mn|mln|mil|m|bn|bln|b|tn|tln)\b|\b)(?:\s+(?:{SPACED_SUFFIXES})\b)?(?:\s+{scale}(?:(?:\s+and\s+|\s*-\s*|\s+)(?:{small}|{scale}|{FRACTION})\b)*)*"
    )
}

/// Regex source for a number in words: "two hundred and fifty", "half a million", "a dozen".
fn word_number() -> String {
    let small = SMALL.iter().map(|(w, _)| *w).collect::<Vec<_>>().join("|");
    let word = format!(r"(?:{small}|{}|{FRACTION})", scale_with_tail());
    let scales = "hundred|thousand|million|billion|trillion|lakh|crore|dozen";
    let start = format!(
        r"(?:(?:half\s+)?an?\s+(?:{scales})|{FRACTION}(?:\s+of)?(?:\s+an?)?\s+(?:{scales})|hundred\s+(?:thousand|million|billion|trillion)|{small})"
    );
    format!(r"\b{start}\b(?:(?:\s+and\s+|\s*-\s*|\s+){word}\b)*{}", point_tail())
}

/// Either kind of single number.
fn single_number() -> String {
    format!("(?:{}|{})", digit_number(), word_number())
}

/// Hedge phrases from the lexicon as regex source (longest first), each with
/// what may follow it before the number: a word hedge ("more than") starts at
/// a word boundary and is followed by a space; a symbol hedge (">", "<=") may
/// touch the number (">10", "x>10"). `equal_tail` may follow a word hedge
/// ("less than or equal to 30").
fn hedge_alternation(lexicon: &Lexicon, equal_tail: bool) -> Option<String> {
    let tail = if equal_tail { format!("(?:{EQUAL_TAIL})?") } else { String::new() };
    let (words, symbols): (Vec<&str>, Vec<&str>) = lexicon
        .hedges
        .all()
        .iter()
        .map(|(w, _)| w.as_str())
        .partition(|w| w.starts_with(|c: char| c.is_alphanumeric()));
    let mut alts = Vec::new();
    if !words.is_empty() {
        let words: Vec<String> = words.iter().map(|w| phrase_regex(w)).collect();
        alts.push(format!(r"\b(?:{}){tail}\s+", words.join("|")));
    }
    if !symbols.is_empty() {
        let symbols: Vec<String> = symbols.iter().map(|w| phrase_regex(w)).collect();
        alts.push(format!(r"(?:{})\s*", symbols.join("|")));
    }
    (!alts.is_empty()).then(|| format!("(?:{})", alts.join("|")))
}

/// Vague phrases from the lexicon as a regex alternation (longest first).
fn vague_alternation(lexicon: &Lexicon) -> Option<String> {
    let mut words: Vec<&str> = lexicon.vague.iter().flat_map(|v| v.words.iter().map(String::as_str)).collect();
    words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    let words: Vec<String> = words.iter().map(|w| phrase_regex(w)).collect();
    (!words.is_empty()).then(|| words.join("|"))
}

/// A lexicon phrase as regex source: escaped, any run of spaces matches `\s+`.
fn phrase_regex(phrase: &str) -> String {
    phrase.split_whitespace().map(regex::escape).collect::<Vec<_>>().join(r"\s+")
}

/// Regex source for ranges: "between 40 and 50", "40 to 50", "20 through
/// 100", "40-50", "20~100".
fn range_pattern() -> String {
    let num = single_number();
    let dig = digit_number();
    format!(r"(?:\bbetween\s+{num}\s+and\s+{num}|{dig}\s*[-–—~]\s*{dig}|{num}\s+(?:to|through|thru)\s+{num})")
}

/// Words after a number that turn it into a bound: "20 or more", "500 or less".
const OPEN_TAILS: &str = r"\s+(?:or|and)\s+(?:more|greater|above|over|higher|less|fewer|below|under|lower)\b";

/// Words after a number that close a strict hedge: "less than 30 or equal (to)".
const EQUAL_TAIL: &str = r"\s+or\s+equal(?:\s+to)?\b";

fn pattern(lexicon: &Lexicon, with_ranges: bool) -> String {
    let hedge_words = hedge_alternation(lexicon, true);
    let hedge = hedge_words.as_ref().map(|h| format!("{h}?")).unwrap_or_default();
    let num = single_number();
    let mut alts = Vec::new();
    if with_ranges {
        if let Some(h) = &hedge_words {
            // Two bounds joined: "more than 10 and less than 20", "at most 100 and at least 20".
            let bound = format!(r"{h}{num}(?:{EQUAL_TAIL})?");
            alts.push(format!(r"{bound}\s*(?:,\s*|\s+and\s+|\s+but\s+){bound}"));
        }
        // A hedge may lead a range ("about 20~100"); only "about"-like ones keep it one.
        alts.push(format!("{hedge}{}", range_pattern()));
    }
    let mut singles = Vec::new();
    if let Some(v) = vague_alternation(lexicon) {
        singles.push(format!(r"\b(?:{v})\b"));
    }
    singles.push(format!(r"{num}(?:{OPEN_TAILS}|{EQUAL_TAIL})?"));
    alts.push(format!("{hedge}(?:{})", singles.join("|")));
    format!("(?:{})", alts.join("|"))
}

/// Regex source (no capturing groups: use only (?:...)) matching a count mention:
/// optional hedge + number, or a range, or a vague amount. Case-insensitive
/// flag is the caller's job ((?i) is added by the caller).
pub fn count_pattern(lexicon: &Lexicon) -> String {
    pattern(lexicon, true)
}

/// Lower-cases, unifies dashes (and the range tilde) and collapses whitespace:
/// the normal form in which mentions and lexicon phrases are compared.
pub(crate) fn normalise_text(text: &str) -> String {
    let lower = text.to_lowercase().replace(['–', '—', '\u{2011}', '~'], "-");
    // A thin or no-break space between digits groups them ("40\u{202f}000").
    let chars: Vec<char> = lower.chars().collect();
    let grouped: String = chars
        .iter()
        .enumerate()
        .filter(|&(i, c)| {
            let digit_at = |j: Option<usize>| j.and_then(|j| chars.get(j)).is_some_and(char::is_ascii_digit);
            !(matches!(c, '\u{202f}' | '\u{a0}') && digit_at(i.checked_sub(1)) && digit_at(Some(i + 1)))
        })
        .map(|(_, c)| *c)
        .collect();
    grouped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Joins two or more space-separated three-digit groups to the number before
/// them ("1 234 567"); a single group is left alone ("March 3 500").
fn join_digit_groups(tokens: Vec<&str>) -> Vec<String> {
    let group = |t: &str| {
        let (int, frac) = t.split_once('.').unwrap_or((t, ""));
        int.len() == 3 && int.chars().all(|c| c.is_ascii_digit()) && frac.chars().all(|c| c.is_ascii_digit())
    };
    let lead = |t: &str| (1..=3).contains(&t.len()) && t.chars().all(|c| c.is_ascii_digit());
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let mut j = i + 1;
        if lead(tokens[i]) {
            // Every group but the last is whole digits.
            while j < tokens.len() && group(tokens[j]) && !tokens[j - 1].contains('.') {
                j += 1;
            }
        }
        if j - i >= 3 {
            out.push(tokens[i..j].concat());
            i = j;
        } else {
            out.push(tokens[i].to_string());
            i += 1;
        }
    }
    out
}

/// Strips `phrase` (in normal form) from the start of `s` when it is followed by a
/// space; a symbol phrase (">", "<=") may also touch what follows (">10").
fn strip_phrase<'a>(s: &'a str, phrase: &str) -> Option<&'a str> {
    let rest = s.strip_prefix(phrase)?;
    match rest.strip_prefix(' ') {
        Some(r) => Some(r),
        None if !phrase.ends_with(|c: char| c.is_alphanumeric()) && !rest.is_empty() => Some(rest),
        None => None,
    }
}

/// Parses the text of one count mention (as matched by count_pattern) to a
/// Quantity. None if it is not a count.
pub fn parse_count(text: &str, lexicon: &Lexicon) -> Option<Quantity> {
    let s = normalise_text(text);
    if s.is_empty() {
        return None;
    }
    if let Some(q) = parse_two_bounds(&s, lexicon) {
        return Some(q);
    }
    parse_one(&s, lexicon)
}

/// Parses one (normalised) mention that is not two joined bounds.
fn parse_one(s: &str, lexicon: &Lexicon) -> Option<Quantity> {
    let mut hedge = Hedge::None;
    let mut rest = s;
    for (word, h) in lexicon.hedges.normalized() {
        if let Some(r) = strip_phrase(rest, word) {
            hedge = *h;
            rest = r;
            break;
        }
    }
    // "less than or equal to 30", "less than 30 or equal": the bound is closed.
    let (r, equal) = match rest.strip_prefix("or equal to ") {
        Some(r) => (r, true),
        None => match rest.strip_suffix(" or equal to").or_else(|| rest.strip_suffix(" or equal")) {
            Some(r) => (r, true),
            None => (rest, false),
        },
    };
    rest = r;
    if equal {
        hedge = match hedge {
            Hedge::MoreThan => Hedge::AtLeast,
            Hedge::FewerThan => Hedge::UpTo,
            h => h,
        };
    }
    // "about five hundred or more": the open tail, not the hedge, bounds it.
    if matches!(hedge, Hedge::None | Hedge::Approx) {
        let open = rest.rsplit_once(' ').zip(rest.split(' ').rev().nth(1));
        if let Some(((head, tail), joiner)) = open {
            let head = head.strip_suffix(" or").or_else(|| head.strip_suffix(" and"));
            let bound = match tail {
                "more" | "greater" | "above" | "over" | "higher" => Some(Hedge::AtLeast),
                "less" | "fewer" | "below" | "under" | "lower" => Some(Hedge::UpTo),
                _ => None,
            };
            if let (Some(head), Some(bound), true) = (head, bound, matches!(joiner, "or" | "and")) {
                let value = parse_number(head)?;
                return Some(Quantity { hedge: bound, low: value, high: value });
            }
        }
    }
    if let Some(q) = parse_vague(rest, lexicon) {
        return Some(q);
    }
    if let Some((low, high)) = parse_range(rest) {
        // "about 20~100" is the range; "more than 40-50" is not a count.
        return matches!(hedge, Hedge::None | Hedge::Approx).then_some(Quantity { hedge: Hedge::Range, low, high });
    }
    let value = parse_number(rest)?;
    // "a dozen": a round figure, as approximate as "about 12".
    let round = rest.rsplit(' ').next().is_some_and(|last| lexicon.round_words.iter().any(|w| w == last));
    let hedge = if hedge == Hedge::None && round { Hedge::Approx } else { hedge };
    Some(Quantity { hedge, low: value, high: value })
}

/// Two one-sided bounds joined into a range: "more than 10 and less than 20",
/// "at most 100 and at least 20". None unless one bound is below and the
/// other above, and the low one is below the high one.
fn parse_two_bounds(s: &str, lexicon: &Lexicon) -> Option<Quantity> {
    let lower = |h: Hedge| matches!(h, Hedge::MoreThan | Hedge::AtLeast);
    let upper = |h: Hedge| matches!(h, Hedge::UpTo | Hedge::FewerThan);
    for joiner in [" and ", " but ", ", "] {
        for (i, _) in s.match_indices(joiner) {
            let (a, b) = (s[..i].trim_end_matches(','), &s[i + joiner.len()..]);
            let hedged = |x: &str| lexicon.hedges.normalized().iter().any(|(w, _)| strip_phrase(x, w).is_some());
            if !hedged(a) || !hedged(b) {
                continue;
            }
            let (Some(a), Some(b)) = (parse_one(a, lexicon), parse_one(b, lexicon)) else {
                continue;
            };
            let (low, high) = if lower(a.hedge) && upper(b.hedge) {
                (a.low, b.high)
            } else if upper(a.hedge) && lower(b.hedge) {
                (b.low, a.high)
            } else {
                continue;
            };
            // "less than 10, more than 10" leaves nothing between: not a range.
            if low < high {
                return Some(Quantity { hedge: Hedge::Range, low, high });
            }
        }
    }
    None
}

fn parse_vague(s: &str, lexicon: &Lexicon) -> Option<Quantity> {
    lexicon.vague_amount(s).map(|v| Quantity { hedge: Hedge::Vague, low: v.low, high: v.high })
}

fn parse_range(s: &str) -> Option<(f64, f64)> {
    let (a, b) = if let Some(r) = s.strip_prefix("between ") {
        r.split_once(" and ")?
    } else if let Some(pair) = [" to ", " through ", " thru "].iter().find_map(|w| s.split_once(w)) {
        pair
    } else {
        // A hyphen between two digit numbers ("40-50", "5k - 20k").
        let idx = s.char_indices().find(|&(i, c)| c == '-' && i > 0).map(|(i, _)| i)?;
        let (a, b) = (s[..idx].trim(), s[idx + 1..].trim());
        if !a.starts_with(|c: char| c.is_ascii_digit()) || !b.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        (a, b)
    };
    let (low, high) = (parse_number(a.trim())?, parse_number(b.trim())?);
    (low <= high).then_some((low, high))
}

/// Parses a digit token such as "5,000", "2.5", "2.5k", "3bn".
fn parse_digits(token: &str) -> Option<f64> {
    let split = token.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(token.len());
    let (num, suffix) = token.split_at(split);
    if num.is_empty() || !num.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    if !num.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.') || num.matches('.').count() > 1 {
        return None;
    }
    let (int_part, _) = num.split_once('.').unwrap_or((num, ""));
    if int_part.contains(',') {
        let groups: Vec<&str> = int_part.split(',').collect();
        let first_ok = groups.first().is_some_and(|g| (1..=3).contains(&g.len()));
        let western = first_ok && groups.iter().skip(1).all(|g| g.len() == 3);
        // Indian grouping: "12,34,567" (lakh and crore separators).
        let n = groups.len();
        let indian = n >= 3
            && groups.first().is_some_and(|g| (1..=2).contains(&g.len()))
            && groups[1..n - 1].iter().all(|g| g.len() == 2)
            && groups.last().is_some_and(|g| g.len() == 3);
        if !western && !indian {
            return None;
        }
    }
    let value: f64 = num.replace(',', "").parse().ok()?;
    let mult = if suffix.is_empty() { 1.0 } else { SUFFIXES.iter().find(|(s, _)| *s == suffix)?.1 };
    Some(value * mult)
}

/// Parses the words after "point": single digit words ("zero three" → .03)
/// or one number below 100 ("seventy-one" → .71). None if not a decimal tail.
fn parse_point_tail(tokens: &[&str]) -> Option<f64> {
    let digit = |t: &str| DIGIT_WORDS.iter().find(|(w, _)| *w == t).map(|(_, d)| *d);
    let digits: Option<String> =
        tokens.iter().map(|t| digit(t).and_then(|d| char::from_digit(d, 10))).collect::<Option<String>>();
    let digits = match digits {
        Some(d) if tokens.len() > 1 || tokens.first().is_some_and(|t| digit(t).is_some()) => d,
        _ => {
            let n = parse_words(tokens)?;
            if n.fract() != 0.0 || !(0.0..100.0).contains(&n) {
                return None;
            }
            format!("{n}")
        }
    };
    if digits.is_empty() {
        return None;
    }
    format!("0.{digits}").parse().ok()
}

/// Parses a single number in digits and/or words. None if any token is not
/// part of a number.
fn parse_number(s: &str) -> Option<f64> {
    let spaced = s.replace('-', " - ");
    let joined = join_digit_groups(spaced.split_whitespace().filter(|t| *t != "-").collect());
    let tokens: Vec<&str> = joined.iter().map(String::as_str).collect();
    if let Some(p) = tokens.iter().position(|t| *t == "point") {
        let whole = parse_words(&tokens[..p])?;
        if whole.fract() != 0.0 {
            return None;
        }
        let value = whole + parse_point_tail(&tokens[p + 1..])?;
        return value.is_finite().then_some(value);
    }
    parse_words(&tokens)
}

/// A fraction word at `tokens[i]` ("half", "a quarter", "one half", "three
/// quarters"): its value and how many tokens it takes.
fn fraction_at(tokens: &[&str], i: usize) -> Option<(f64, usize)> {
    let unit = |t: &str| match t {
        "half" => Some((0.5, false)),
        "quarter" => Some((0.25, false)),
        "quarters" => Some((0.25, true)),
        _ => None,
    };
    let t = *tokens.get(i)?;
    if let Some((u, plural)) = unit(t) {
        return (!plural).then_some((u, 1));
    }
    let (u, plural) = unit(tokens.get(i + 1)?)?;
    match (t, plural) {
        ("a" | "an" | "one", false) => Some((u, 2)),
        ("three", true) => Some((3.0 * u, 2)),
        _ => None,
    }
}

fn is_scale(t: &str) -> bool {
    SCALES.iter().any(|(w, _)| *w == t)
}

/// Parses number tokens. The value is built in three parts: `total` (whole
/// thousands and larger groups), `hundreds` (the hundreds of the current
/// group) and `small` (the words or digits below a hundred, or the count a
/// "dozen" multiplies).
fn parse_words(tokens: &[&str]) -> Option<f64> {
    if tokens.is_empty() {
        return None;
    }
    let mut total = 0.0_f64;
    let mut big_scale = f64::INFINITY;
    let mut hundreds: Option<f64> = None;
    let mut small: Option<f64> = None;
    let mut after_scale = false;
    let mut seen = false;
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        let next_is_scale = tokens.get(i + 1).is_some_and(|n| is_scale(n));
        let mut scale_now = false;
        if t == "and" {
            if !seen || i + 1 == tokens.len() {
                return None;
            }
            scale_now = after_scale;
        } else if let Some((f, used)) = fraction_at(tokens, i) {
            // "half a million", "a quarter of a million", "five and a half
            // million": a fraction of the scale that follows.
            let mut j = i + used;
            let mut k = j;
            if tokens.get(k) == Some(&"of") {
                k += 1;
            }
            if matches!(tokens.get(k).copied(), Some("a" | "an")) {
                k += 1;
            }
            let after_and = i > 0 && tokens[i - 1] == "and";
            if tokens.get(k).is_some_and(|n| is_scale(n)) {
                j = k;
                small = match small {
                    None if hundreds.is_none() => Some(f),
                    Some(c) if after_and && c.fract() == 0.0 => Some(c + f),
                    _ => return None,
                };
            } else if j == tokens.len() && after_and && hundreds.is_none() {
                match small {
                    // "one and a half".
                    Some(c) => small = Some(c + f),
                    // "one million and a half": a fraction of the last scale.
                    None if big_scale.is_finite() => total += f * big_scale,
                    None => return None,
                }
            } else {
                return None;
            }
            seen = true;
            after_scale = false;
            i = j;
            continue;
        } else if t == "a" || t == "an" {
            if !next_is_scale || small.is_some() {
                return None;
            }
            small = Some(1.0);
        } else if let Some((_, v)) = SMALL.iter().find(|(w, _)| *w == t) {
            if let Some(c) = small {
                let after_tens = c % 10.0 == 0.0 && (20.0..100.0).contains(&c) && *v < 10.0 && *v > 0.0;
                if !after_tens {
                    return None;
                }
            }
            small = Some(small.unwrap_or(0.0) + v);
        } else if let Some((_, scale)) = SCALES.iter().find(|(w, _)| *w == t) {
            scale_now = true;
            if *scale == 100.0 {
                if hundreds.is_some() {
                    return None;
                }
                hundreds = Some(hundreds.unwrap_or(0.0) + small.unwrap_or(1.0) * 100.0);
                small = None;
            } else if *scale < 100.0 {
                match (small, hundreds) {
                    (Some(c), _) => small = Some(c * scale),
                    (None, Some(h)) => hundreds = Some(h * scale),
                    (None, None) => small = Some(*scale),
                }
            } else {
                let group = match (hundreds, small) {
                    (None, None) => None,
                    (h, c) => Some(h.unwrap_or(0.0) + c.unwrap_or(0.0)),
                };
                match group {
                    // "three lakh crore": a larger scale multiplies what came before.
                    None if total > 0.0 && *scale > big_scale => total *= scale,
                    None if total > 0.0 => return None,
                    g => total += g.unwrap_or(1.0) * scale,
                }
                big_scale = *scale;
                hundreds = None;
                small = None;
            }
        } else if t.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
            if small.is_some() || (seen && !after_scale) {
                return None;
            }
            small = Some(parse_digits(t)?);
        } else if let Some((_, mult)) = SUFFIXES.iter().find(|(w, _)| *w == t) {
            // A spaced suffix: "2.33 k".
            let c = small.filter(|_| i > 0 && hundreds.is_none())?;
            small = Some(c * mult);
        } else {
            return None;
        }
        seen = true;
        after_scale = scale_now;
        i += 1;
    }
    let value = total + hundreds.unwrap_or(0.0) + small.unwrap_or(0.0);
    value.is_finite().then_some(value)
}

/// A count mention found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberMatch {
    /// Byte offsets of the mention (hedge included) in the scanned text.
    pub span: Range<usize>,
    /// The value the mention states.
    pub quantity: Quantity,
}

/// A compiled scanner, built once, that finds every count mention in a text.
#[derive(Debug, Clone)]
pub struct NumberScanner {
    full: Regex,
    single: Regex,
    lexicon: Lexicon,
}

/// Why a candidate was turned down.
enum Verdict {
    Accept(Quantity),
    /// Not a count here; look again for a single number at the same place.
    RetrySingle,
    /// Not a count; skip the whole candidate.
    Skip,
}

impl NumberScanner {
    /// Compiles the scanner's regexes from the lexicon.
    pub fn new(lexicon: &Lexicon) -> Result<Self, regex::Error> {
        Ok(NumberScanner {
            full: Regex::new(&crate::patterns::ascii_boundaries(&format!("(?i){}", pattern(lexicon, true))))?,
            single: Regex::new(&crate::patterns::ascii_boundaries(&format!("(?i){}", pattern(lexicon, false))))?,
            lexicon: lexicon.clone(),
        })
    }

    /// Every count mention in `text`, in order, not overlapping.
    pub fn find_all(&self, text: &str) -> Vec<NumberMatch> {
        let mut out = Vec::new();
        let mut pos = 0;
        while pos <= text.len() {
            let Some(m) = self.full.find_at(text, pos) else {
                break;
            };
            let mut span = m.range();
            let mut verdict = self.judge(text, span.clone(), true);
            if matches!(verdict, Verdict::RetrySingle) {
                if let Some(s) = self.single.find_at(text, span.start).filter(|s| s.start() == span.start) {
                    span = s.range();
                    verdict = self.judge(text, span.clone(), false);
                }
            }
            if !matches!(verdict, Verdict::Accept(_)) {
                // Back off word by word: "3 hundred and 2 hundred" → "3 hundred".
                let cuts: Vec<usize> = text[span.clone()]
                    .char_indices()
                    .filter(|(_, c)| c.is_whitespace() || *c == '-')
                    .map(|(i, _)| span.start + i)
                    .rev()
                    .collect();
                for cut in cuts {
                    let shorter = span.start..cut;
                    if let Verdict::Accept(q) = self.judge(text, shorter.clone(), false) {
                        span = shorter;
                        verdict = Verdict::Accept(q);
                        break;
                    }
                }
            }
            match verdict {
                Verdict::Accept(quantity) => {
                    pos = span.end.max(span.start + 1);
                    out.push(NumberMatch { span, quantity });
                }
                Verdict::RetrySingle | Verdict::Skip => {
                    pos = span.end.max(span.start + 1);
                }
            }
            while pos < text.len() && !text.is_char_boundary(pos) {
                pos += 1;
            }
        }
        out
    }

    fn judge(&self, text: &str, span: Range<usize>, full: bool) -> Verdict {
        let m = &text[span.clone()];
        let before = &text[..span.start];
        let after = &text[span.end..];
        let mut prev = before.chars().rev();
        let p1 = prev.next();
        let p2 = prev.next();
        let mut next = after.chars();
        let n1 = next.next();
        let n2 = next.next();
        // Percentages, clock times, glued words, phone-like groups. A number
        // after a currency sign is still a number ("$20" states 20); whether
        // money is a count is the claim schema's business, not the scanner's.
        if matches!(n1, Some('%')) {
            return Verdict::Skip;
        }
        let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
        let letter = |c: Option<char>| c.is_some_and(char::is_alphabetic);
        if (p1 == Some(':') && digit(p2)) || (n1 == Some(':') && digit(n2)) {
            return Verdict::Skip;
        }
        // "a 5-year-old", "a forty-page report"; but "three-nought-four" reads
        // out number words one by one.
        let next_word = after.get(n1.map_or(0, char::len_utf8)..).map(first_word).unwrap_or_default();
        if matches!(n1, Some('-' | '‑')) && (digit(n2) || (letter(n2) && !is_number_word(&next_word))) {
            return Verdict::Skip;
        }
        // Part of a longer token: "180.25ml", "1.2.3", "x7"; a list without
        // spaces ("nrs. 22,24,26,31") is not one.
        let listed = comma_list(text, &span);
        if m.ends_with(|c: char| c.is_ascii_digit())
            && (letter(n1) || (n1 == Some('.') && digit(n2)) || (n1 == Some(',') && digit(n2) && !listed))
        {
            return Verdict::Skip;
        }
        if m.starts_with(|c: char| c.is_ascii_digit() || c == '.')
            && (letter(p1) || (p1 == Some('.') && digit(p2)) || (p1 == Some(',') && digit(p2) && !listed))
        {
            return Verdict::Skip;
        }
        if matches!(p1, Some('-')) && digit(p2) {
            return Verdict::Skip;
        }
        if m.starts_with(|c: char| c.is_ascii_digit()) && (p1 == Some(' ') && digit(p2)) {
            return Verdict::Skip;
        }
        if m.ends_with(|c: char| c.is_ascii_digit()) && (n1 == Some(' ') && digit(n2)) {
            return Verdict::Skip;
        }
        if phone_like(m) {
            return Verdict::Skip;
        }
        // Cut in the wrong place: "3 hundred and 2 | hundred", "200 or greater
        // | than 190", "more than 5000 or equal to | 6000".
        let lower = m.to_ascii_lowercase();
        let following = first_word(after);
        let ends_in_number =
            m.ends_with(|c: char| c.is_ascii_digit()) || lower.rsplit(' ').next().is_some_and(is_number_word);
        let than_number = following == "than" && {
            let mut words = after.split_whitespace().skip(1).map(str::to_ascii_lowercase);
            words.next().is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()) || is_number_word(&w))
        };
        if (ends_in_number && is_scale(&following)) || than_number {
            return Verdict::Skip;
        }
        // A numerator: "one quarter", "two thirds".
        if ends_in_number && FRACTION_WORDS.contains(&following.as_str()) {
            return Verdict::Skip;
        }
        // A symbol hedge inside a longer symbol run: "<>30", "=>30".
        if m.starts_with(['<', '>']) && matches!(p1, Some('<' | '>' | '=')) {
            return Verdict::Skip;
        }
        if lower.ends_with(" equal") || lower.ends_with(" equal to") {
            let mut words = after.split_whitespace().map(str::to_ascii_lowercase).skip_while(|w| w == "to");
            if words.next().is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()) || is_number_word(&w)) {
                return Verdict::Skip;
            }
        }
        let Some(q) = parse_count(m, &self.lexicon) else {
            return if full { Verdict::RetrySingle } else { Verdict::Skip };
        };
        if q.hedge == Hedge::Range && full {
            let mut words = before.split_whitespace().rev().map(str::to_lowercase);
            if words.next().as_deref() == Some("from") {
                // "ranging from 40 to 50" is a range; "rose from 40 to 50" a change.
                let lead = words.next().unwrap_or_default();
                let lead = lead.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
                if !self.lexicon.range_leads.iter().any(|w| w.eq_ignore_ascii_case(lead)) {
                    return Verdict::RetrySingle;
                }
            }
        }
        if m.eq_ignore_ascii_case("one") {
            let prev_word = before.split_whitespace().next_back().unwrap_or("").to_lowercase();
            if PRONOUN_DETERMINERS.contains(&prev_word.as_str()) {
                return Verdict::Skip;
            }
        }
        Verdict::Accept(q)
    }
}

/// The first word of `s` (letters only), lower-cased.
fn first_word(s: &str) -> String {
    s.trim_start().chars().take_while(|c| c.is_alphabetic()).collect::<String>().to_lowercase()
}

/// True for a number word: "one" … "ninety" or a scale word.
fn is_number_word(w: &str) -> bool {
    SMALL.iter().any(|(s, _)| *s == w) || is_scale(w)
}

/// True when `span` lies in a comma-joined list of three or more numbers
/// that is not a digit grouping ("22,24,26,31").
fn comma_list(text: &str, span: &Range<usize>) -> bool {
    let part = |c: char| c.is_ascii_digit() || c == ',';
    let start = text[..span.start].char_indices().rev().find(|&(_, c)| !part(c)).map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[span.end..].find(|c: char| !part(c)).map_or(text.len(), |i| span.end + i);
    let items: Vec<&str> = text[start..end].trim_matches(',').split(',').collect();
    let grouping = items.iter().skip(1).all(|g| g.len() == 3);
    items.len() >= 3 && !grouping && items.iter().all(|g| (1..=3).contains(&g.len()))
}

/// True for digit groups that look like phone numbers: a group with a leading
/// zero ("0800"), or "555-0187".
fn phone_like(m: &str) -> bool {
    // The groups of a space-grouped number ("1 414 021 100") are one group here.
    let m = m.replace(['\u{202f}', '\u{a0}'], "");
    let joined = join_digit_groups(m.split(' ').collect()).join(" ");
    let groups: Vec<&str> =
        joined.split(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.')).filter(|g| !g.is_empty()).collect();
    if groups.iter().any(|g| g.len() > 1 && g.starts_with('0') && !g.starts_with("0.")) {
        return true;
    }
    let digits_only: Vec<&str> = m.split(['-', '–', '—']).map(str::trim).collect();
    digits_only.len() == 2
        && digits_only[0].len() == 3
        && digits_only[1].len() == 4
        && digits_only.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::type_complexity)]
mod tests {
    use super::*;

    fn lex() -> Lexicon {
        Lexicon::shipped()
    }

    fn q(hedge: Hedge, low: f64, high: f64) -> Quantity {
        Quantity { hedge, low, high }
    }

    #[test]
    fn parses_counts() {
        use Hedge::*;
        let cases: &[(&str, &str, Quantity)] = &[
            ("comma thousands", "5,000", q(None, 5000.0, 5000.0)),
            ("plain digits", "5000", q(None, 5000.0, 5000.0)),
            ("decimal", "2.5", q(None, 2.5, 2.5)),
            ("millions grouping", "1,234,567", q(None, 1234567.0, 1234567.0)),
            ("decimal million", "1.2 million", q(None, 1_200_000.0, 1_200_000.0)),
            ("k suffix", "2.5k", q(None, 2500.0, 2500.0)),
            ("bn suffix", "3bn", q(None, 3e9, 3e9)),
            ("half a million", "half a million", q(None, 500_000.0, 500_000.0)),
            ("five thousand", "five thousand", q(None, 5000.0, 5000.0)),
            ("two hundred and fifty", "two hundred and fifty", q(None, 250.0, 250.0)),
            ("nearly fifty thousand", "nearly fifty thousand", q(Nearly, 50000.0, 50000.0)),
            ("a dozen: a round figure", "a dozen", q(Approx, 12.0, 12.0)),
            ("two dozen: a round figure", "two dozen", q(Approx, 24.0, 24.0)),
            ("a hundred", "a hundred", q(None, 100.0, 100.0)),
            ("one", "one", q(None, 1.0, 1.0)),
            ("capitalised", "Two", q(None, 2.0, 2.0)),
            ("hyphenated words", "forty-five", q(None, 45.0, 45.0)),
            ("between", "between 40 and 50", q(Range, 40.0, 50.0)),
            ("to range", "40 to 50", q(Range, 40.0, 50.0)),
            ("hyphen range", "40-50", q(Range, 40.0, 50.0)),
            ("en dash range", "40–50", q(Range, 40.0, 50.0)),
            ("more than", "more than 5,000", q(MoreThan, 5000.0, 5000.0)),
            ("approximately", "approximately 5,000", q(Approx, 5000.0, 5000.0)),
            ("as many as", "as many as 50", q(UpTo, 50.0, 50.0)),
            ("at least", "at least 300", q(AtLeast, 300.0, 300.0)),
            ("nearly", "nearly 320", q(Nearly, 320.0, 320.0)),
            ("fewer than", "fewer than 10", q(FewerThan, 10.0, 10.0)),
            ("some", "some 35,000", q(Approx, 35000.0, 35000.0)),
            ("an estimated", "an estimated 30,000", q(Approx, 30000.0, 30000.0)),
            ("dozens of", "dozens of", q(Vague, 24.0, 99.0)),
            ("Thousands of", "Thousands of", q(Vague, 2000.0, 9999.0)),
            ("several", "several", q(Vague, 3.0, 9.0)),
            ("upper-case hedge", "More Than 20", q(MoreThan, 20.0, 20.0)),
            ("leading point", ".08", q(None, 0.08, 0.08)),
            ("hundreds then dozens", "three hundred and two dozens", q(None, 324.0, 324.0)),
            ("bare hundred thousand", "hundred thousand", q(None, 100_000.0, 100_000.0)),
            ("spaced k", "2.33 k", q(None, 2330.0, 2330.0)),
            ("digits after scales", "4 thousand 3 hundred and 21", q(None, 4321.0, 4321.0)),
            ("point digits", "two hundred point zero three", q(None, 200.03, 200.03)),
            ("point number", "nine point seventy-one", q(None, 9.71, 9.71)),
            ("lakh crore", "three lakh crore", q(None, 3e12, 3e12)),
            ("two bounds", "more than 10 and less than 20", q(Range, 10.0, 20.0)),
            ("two bounds reversed", "at most 100 and at least 20", q(Range, 20.0, 100.0)),
            ("or more", "five hundred or more", q(AtLeast, 500.0, 500.0)),
            ("or less", "20 or less", q(UpTo, 20.0, 20.0)),
            ("or equal to", "less than or equal to 30", q(UpTo, 30.0, 30.0)),
            ("no more than", "no more than 50", q(UpTo, 50.0, 50.0)),
            ("indian grouping", "12,34,567", q(None, 1_234_567.0, 1_234_567.0)),
            ("space groups", "1 234 567", q(None, 1_234_567.0, 1_234_567.0)),
            ("space groups decimal", "1 234 567.5", q(None, 1_234_567.5, 1_234_567.5)),
            ("thin space group", "40\u{202f}000", q(None, 40000.0, 40000.0)),
            ("no-break space group", "40\u{a0}000", q(None, 40000.0, 40000.0)),
            ("mil suffix", "2mil", q(None, 2e6, 2e6)),
            ("half million", "half million", q(None, 500_000.0, 500_000.0)),
            ("quarter of a million", "a quarter of a million", q(None, 250_000.0, 250_000.0)),
            ("three quarters of a million", "three quarters of a million", q(None, 750_000.0, 750_000.0)),
            ("and a half million", "five and a half million", q(None, 5_500_000.0, 5_500_000.0)),
            ("million and a half", "one million and a half", q(None, 1_500_000.0, 1_500_000.0)),
            ("digits million and a quarter", "3 million and a quarter", q(None, 3_250_000.0, 3_250_000.0)),
            ("billion and a half million", "one billion and a half million", q(None, 1_000_500_000.0, 1_000_500_000.0)),
            ("half a dozen", "half a dozen", q(Approx, 6.0, 6.0)),
            ("one and a half", "one and a half", q(None, 1.5, 1.5)),
            ("through range", "20 through 100", q(Range, 20.0, 100.0)),
            ("tilde range", "20~100", q(Range, 20.0, 100.0)),
            ("approximate range", "about 40-50", q(Range, 40.0, 50.0)),
            ("symbol hedge", ">10", q(MoreThan, 10.0, 10.0)),
            ("spaced symbol hedge", "< = 100", q(UpTo, 100.0, 100.0)),
            ("or equal than", "less or equal than thirty five", q(UpTo, 35.0, 35.0)),
            ("bigger or equal than", "bigger or equal than 3,965", q(AtLeast, 3965.0, 3965.0)),
            ("equal to or less than", "equal to or less than 30", q(UpTo, 30.0, 30.0)),
            ("exceeded", "exceeded 3,000", q(MoreThan, 3000.0, 3000.0)),
            ("hedge and open tail", "about five hundred or more", q(AtLeast, 500.0, 500.0)),
            (
                "two bounds after a comma",
                "higher or equal than one hundred, lower or equal than three hundred",
                q(Range, 100.0, 300.0),
            ),
        ];
        for (name, text, want) in cases {
            assert_eq!(parse_count(text, &lex()).as_ref(), Some(want), "case {name}: {text}");
        }
    }

    #[test]
    fn rejects_non_counts_in_parse() {
        let cases: &[(&str, &str)] = &[
            ("empty", ""),
            ("word", "people"),
            ("ordinal", "82nd"),
            ("ordinal word", "second"),
            ("lone a", "a"),
            ("bad grouping", "5,00,0"),
            ("reversed range", "50-40"),
            ("overflow", &format!("1{}", "0".repeat(400))),
            ("trailing and", "two and"),
            ("crossed bounds", "more than 40 and less than 10"),
            ("touching bounds", "less than 10, more than 10"),
            ("single space group", "3 500"),
            ("four-digit lead before groups", "1234 567 890"),
            ("bad indian grouping", "1,23,45"),
            ("lone half", "half"),
            ("fraction alone", "three quarters"),
            ("half of hundreds", "two hundred and a half"),
            ("strict hedge before a range", "more than 40-50"),
            ("symbol alone", ">"),
        ];
        for (name, text) in cases {
            assert_eq!(parse_count(text, &lex()), None, "case {name}: {text}");
        }
    }

    fn found(text: &str) -> Vec<(String, Quantity)> {
        let scanner = NumberScanner::new(&lex()).unwrap();
        scanner.find_all(text).into_iter().map(|m| (text[m.span].to_string(), m.quantity)).collect()
    }

    #[test]
    fn scanner_finds_mentions() {
        use Hedge::*;
        let cases: &[(&str, &str, &[(&str, Quantity)])] = &[
            (
                "hedged",
                "Officials said more than 5,000 people fled.",
                &[("more than 5,000", q(MoreThan, 5000.0, 5000.0))],
            ),
            (
                "curly quotes",
                "“About 40” people, ‘nearly 320’ homes",
                &[("About 40", q(Approx, 40.0, 40.0)), ("nearly 320", q(Nearly, 320.0, 320.0))],
            ),
            (
                "from-to is not a range",
                "rose from 40 to 50",
                &[("40", q(None, 40.0, 40.0)), ("50", q(None, 50.0, 50.0))],
            ),
            ("between range", "between 40 and 50 died", &[("between 40 and 50", q(Range, 40.0, 50.0))]),
            (
                "vague",
                "Thousands of people and dozens of cars",
                &[("Thousands of", q(Vague, 2000.0, 9999.0)), ("dozens of", q(Vague, 24.0, 99.0))],
            ),
            (
                "word number",
                "Two men and a dozen women",
                &[("Two", q(None, 2.0, 2.0)), ("a dozen", q(Approx, 12.0, 12.0))],
            ),
            ("k suffix", "a 2.5k crowd", &[("2.5k", q(None, 2500.0, 2500.0))]),
            ("as many as words", "as many as six", &[("as many as six", q(UpTo, 6.0, 6.0))]),
            ("pronoun one is skipped", "The one who left, and one more", &[("one", q(None, 1.0, 1.0))]),
            ("multibyte before", "Ünïcödé — 7 cats", &[("7", q(None, 7.0, 7.0))]),
            (
                "back off to a number",
                "3 hundred and 2.12 hundred left",
                &[("3 hundred", q(None, 300.0, 300.0)), ("2.12 hundred", q(None, 212.0, 212.0))],
            ),
            ("dollar digits", "cost $5", &[("5", q(None, 5.0, 5.0))]),
            (
                "space groups",
                "a population of 1 414 021 100.",
                &[("1 414 021 100", q(None, 1_414_021_100.0, 1_414_021_100.0))],
            ),
            (
                "comma list",
                "nrs. 22,24,26,31.",
                &[
                    ("22", q(None, 22.0, 22.0)),
                    ("24", q(None, 24.0, 24.0)),
                    ("26", q(None, 26.0, 26.0)),
                    ("31", q(None, 31.0, 31.0)),
                ],
            ),
            (
                "digit words read out",
                "three-nought-four",
                &[("three", q(None, 3.0, 3.0)), ("nought", q(None, 0.0, 0.0)), ("four", q(None, 4.0, 4.0))],
            ),
            (
                "a scale after the cut",
                "3 hundred and 2 hundred",
                &[("3 hundred", q(None, 300.0, 300.0)), ("2 hundred", q(None, 200.0, 200.0))],
            ),
            ("range lead", "estimates ranging from 200 to 300", &[("200 to 300", q(Range, 200.0, 300.0))]),
            (
                "open tail before than",
                "200 or greater than 190",
                &[("200", q(None, 200.0, 200.0)), ("greater than 190", q(MoreThan, 190.0, 190.0))],
            ),
            ("open tail at the end", "200 or greater than", &[("200 or greater", q(AtLeast, 200.0, 200.0))]),
            (
                "equal tail before a number",
                "more than 5000 or equal to 6000",
                &[("more than 5000", q(MoreThan, 5000.0, 5000.0)), ("6000", q(None, 6000.0, 6000.0))],
            ),
            ("symbol hedges", "x>10 and y<20", &[(">10", q(MoreThan, 10.0, 10.0)), ("<20", q(FewerThan, 20.0, 20.0))]),
            (
                "crossed bounds stay apart",
                "more than 40 and less than 10, more than 10 and less than 40",
                &[
                    ("more than 40", q(MoreThan, 40.0, 40.0)),
                    ("less than 10", q(FewerThan, 10.0, 10.0)),
                    ("more than 10 and less than 40", q(Range, 10.0, 40.0)),
                ],
            ),
            ("approximate range", "about 20~100 apples", &[("about 20~100", q(Range, 20.0, 100.0))]),
            ("half a million", "half a million people", &[("half a million", q(None, 500_000.0, 500_000.0))]),
            ("nbsp grouping", "40\u{a0}000 people", &[("40\u{a0}000", q(None, 40000.0, 40000.0))]),
        ];
        for (name, text, want) in cases {
            let got = found(text);
            let want: Vec<(String, Quantity)> = want.iter().map(|(t, q)| (t.to_string(), *q)).collect();
            assert_eq!(got, want, "case {name}: {text}");
        }
    }

    #[test]
    fn scanner_rejects() {
        let cases: &[(&str, &str)] = &[
            ("ordinal", "the 82nd division"),
            ("ordinal th", "on the 14th"),
            ("ordinal word", "the second time"),
            ("glued letters", "the G20 summit"),
            ("glued suffix word", "a 2.5k-litre tank"),
            ("clock", "at 4:12 a.m."),
            ("phone spaces", "call 0800 555 0199"),
            ("phone hyphen", "call 555-0187"),
            ("percent", "up 5%"),
            ("single space group", "on March 3 500 people fled"),
            ("symbol run", "<>30 and =>30"),
            ("word fraction", "above one quarter"),
            ("numerator", "two thirds of voters"),
            ("glued network name", "the 5G network"),
            ("list of two", "1,5 million"),
            ("age", "a 5-year-old"),
            ("page", "a 40-page report"),
            ("pronoun", "Which one do you prefer?"),
            ("glued unit", "the 180.25ml liquid"),
        ];
        for (name, text) in cases {
            assert_eq!(found(text), vec![], "case {name}: {text}");
        }
    }

    #[test]
    fn huge_numbers_do_not_panic() {
        let text = format!("1{}", "0".repeat(400));
        let _ = found(&text);
        assert_eq!(parse_count(&text, &lex()), None);
    }

    #[test]
    fn pattern_has_no_capturing_groups() {
        let re = Regex::new(&format!("(?i){}", count_pattern(&lex()))).unwrap();
        assert_eq!(re.captures_len(), 1);
    }
}
