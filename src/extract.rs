//! Extraction: schema patterns run over each sentence of a document.
//! In: a [`Document`], its [`Sentence`]s and the [`SchemaSet`].
//! Out: [`Mention`]s, each the raw words of one value with what its pattern captured.

use std::ops::Range;

use crate::corpus::Document;
use crate::gazetteer::Found;
use crate::schema::{Schema, SchemaSet};
use crate::segment::Sentence;

/// An end of a change: "from {earlier} to {later}".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeEnd {
    /// The value the change started from.
    Earlier,
    /// The value it came to.
    Later,
}

/// One value found by a schema pattern, before normalization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Index of the schema in the [`SchemaSet`].
    pub schema: usize,
    /// Index of the pattern within the schema.
    pub pattern: usize,
    /// Index of the sentence within the document's sentences.
    pub sentence: usize,
    /// Byte span of the value (the number, the zero phrase or the date) in the document.
    pub span: Range<usize>,
    /// Byte span of the whole pattern match in the document.
    pub matched: Range<usize>,
    /// The value as written.
    pub text: String,
    /// The value is a stated zero ("no one was killed").
    pub zero: bool,
    /// Which end of a change ("from about 5,000 to 2,500") the value is, if
    /// it is one: the earlier value held before the later one, not beside it.
    pub change: Option<ChangeEnd>,
    /// Slots the pattern captured: slot name and what filled it (document offsets).
    pub slots: Vec<(String, Found)>,
    /// A date the pattern captured next to a count, in document offsets.
    pub date: Option<Range<usize>>,
}

/// Every mention in a document, in document order. Where patterns of one or
/// several schemas claim the same words, the longest match wins (ties go to
/// the earlier schema and pattern), so "Two soldiers were killed" is one
/// casualty claim, not also a troop count.
pub fn extract(doc: &Document, sentences: &[Sentence], set: &SchemaSet) -> Vec<Mention> {
    let compared: Vec<bool> = set.schemas.iter().map(|s| s.compare).collect();
    let mut mentions = Vec::new();
    let mut found = Vec::new();
    let mut kept = Vec::new();
    let mut candidates = Vec::new();
    for (index, sentence) in sentences.iter().enumerate() {
        let Some(text) = doc.text.get(sentence.span.clone()) else {
            continue;
        };
        let here = Here { index, text, base: sentence.span.start };
        // One pass tells which patterns may match; the others are not run.
        set.prefilter.candidates(text, &mut candidates);
        // Compared kinds first: which of their mentions survive does not
        // depend on extract-only kinds, which always give way to them.
        for compare in [true, false] {
            for (schema_index, schema) in set.schemas.iter().enumerate().filter(|(_, s)| s.compare == compare) {
                let may_match = set.prefilter.of_schema(&candidates, schema_index);
                extract_sentence(schema_index, schema, set, may_match, &here, &kept, &mut found);
            }
            // Matches never cross a sentence, so overlaps are settled sentence by sentence.
            found.append(&mut kept);
            kept = resolve_overlaps(std::mem::take(&mut found), &compared);
        }
        mentions.append(&mut kept);
    }
    mentions
}

/// The sentence being read: its index, its text and where it starts in the document.
struct Here<'a> {
    index: usize,
    text: &'a str,
    base: usize,
}

/// Runs the patterns of one schema that may match (`may_match`, one flag a
/// pattern) over one sentence and adds their mentions to `out`. An
/// extract-only kind gives way to the compared kinds' mentions already
/// `kept`: where its value surely overlaps one of them, its match is skipped
/// before its groups are read (it would be dropped in [`resolve_overlaps`]).
fn extract_sentence(
    schema_index: usize,
    schema: &Schema,
    set: &SchemaSet,
    may_match: &[bool],
    here: &Here,
    kept: &[Mention],
    out: &mut Vec<Mention>,
) {
    let Here { index: sentence, text, base } = *here;
    // A kind with one pattern and no slots, whose value opens every match:
    // a match starting inside a kept value has its value overlap that one.
    let may_give_way = !schema.compare && schema.slots.is_empty() && schema.patterns.len() == 1;
    for (pattern_index, pattern) in schema.patterns.iter().enumerate() {
        if !may_match.get(pattern_index).copied().unwrap_or(true) {
            continue;
        }
        let Some(regex) = pattern.regex() else { continue };
        let gives_way = may_give_way && regex.value_opens_every_match();
        let wanted = |found: Range<usize>| {
            let start = base + found.start;
            !(gives_way && kept.iter().any(|k| k.span.start <= start && start < k.span.end))
        };
        regex.for_each_match(text, wanted, |caps| {
            let span = |name: &str| caps.get_group_by_name(name).map(|s| s.range());
            let Some(whole) = caps.get_match().map(|m| m.range()) else { return };
            let (value, zero) = match (span("value"), span("zero")) {
                (Some(v), _) => (v, false),
                (None, Some(z)) => (z, true),
                (None, None) => return,
            };
            if is_subset(&text[..value.start], &set.lexicon.subset_markers)
                || schema.reject.iter().any(|r| r.is_match(with_words_before(text, whole.start, whole.end)))
            {
                return;
            }
            let slots = schema
                .slots
                .iter()
                .filter_map(|slot| {
                    let m = span(&slot.group)?;
                    let canonical = slot.gazetteer.canonical(&text[m.clone()])?;
                    Some((slot.name.clone(), Found { span: base + m.start..base + m.end, canonical }))
                })
                .collect();
            let mention = Mention {
                schema: schema_index,
                pattern: pattern_index,
                sentence,
                span: base + value.start..base + value.end,
                matched: base + whole.start..base + whole.end,
                text: text[value].to_string(),
                zero,
                change: None,
                slots,
                date: span("date").map(|d| base + d.start..base + d.end),
            };
            match span("earlier") {
                Some(earlier) => {
                    out.push(Mention {
                        span: base + earlier.start..base + earlier.end,
                        text: text[earlier].to_string(),
                        zero: false,
                        change: Some(ChangeEnd::Earlier),
                        ..mention.clone()
                    });
                    out.push(Mention { change: Some(ChangeEnd::Later), ..mention });
                }
                None => out.push(mention),
            }
        });
    }
}

/// The match with up to two words before it, for `reject` patterns ("Route 12").
fn with_words_before(text: &str, start: usize, end: usize) -> &str {
    let mut from = start;
    let mut words = 0;
    let mut in_space = false;
    for (i, c) in text[..start].char_indices().rev() {
        if c.is_whitespace() {
            if !in_space {
                words += 1;
                if words == 3 {
                    break;
                }
            }
            in_space = true;
        } else {
            in_space = false;
        }
        from = i;
    }
    &text[from..end]
}

/// True when the words just before a number mark it as part of a larger figure.
fn is_subset(before: &str, markers: &[String]) -> bool {
    if markers.is_empty() {
        return false;
    }
    // Only the last words can hold a marker and a hedge: a marker, a space
    // and a word of up to 13 letters (4 bytes each at most, and as many again
    // for lower-casing), so only that much of the sentence is lower-cased.
    let before = before.trim_end();
    let longest = markers.iter().map(String::len).max().unwrap_or(0);
    let tail: String = last_bytes(before, 2 * (longest + 1 + 13 * 4)).to_lowercase();
    markers.iter().any(|m| {
        let m = m.to_lowercase();
        tail.ends_with(&m)
            || tail.rsplit_once(' ').is_some_and(|(head, last)| is_hedge_like(last) && head.trim_end().ends_with(&m))
    })
}

/// The end of `text`, at most `len` bytes of it, starting on a character boundary.
fn last_bytes(text: &str, len: usize) -> &str {
    let mut from = text.len().saturating_sub(len);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    &text[from..]
}

/// A short word that may stand between a subset marker and the number ("including about 750").
fn is_hedge_like(word: &str) -> bool {
    word.len() <= 13 && word.chars().all(char::is_alphabetic)
}

/// Keeps, among mentions of one schema that overlap, the earlier pattern's;
/// then, across schemas, a compared kind's over an extract-only kind's, and
/// the longest whole match (ties go to the earlier schema).
fn resolve_overlaps(mut found: Vec<Mention>, compared: &[bool]) -> Vec<Mention> {
    // Within one schema the earlier pattern wins: patterns are listed by reliability.
    found.sort_by(|a, b| a.schema.cmp(&b.schema).then(a.pattern.cmp(&b.pattern)).then(a.span.start.cmp(&b.span.start)));
    let mut per_schema: Vec<Mention> = Vec::new();
    for m in found {
        if !per_schema.iter().any(|k| k.schema == m.schema && (overlaps(&k.span, &m.span) || shares_slot_words(k, &m)))
        {
            per_schema.push(m);
        }
    }
    let mut found = per_schema;
    found.sort_by(|a, b| {
        let len = |m: &Mention| m.matched.end - m.matched.start;
        let extract_only = |m: &Mention| !compared.get(m.schema).copied().unwrap_or(true);
        extract_only(a)
            .cmp(&extract_only(b))
            .then(len(b).cmp(&len(a)))
            .then(a.schema.cmp(&b.schema))
            .then(a.pattern.cmp(&b.pattern))
            .then(a.span.start.cmp(&b.span.start))
    });
    let mut kept: Vec<Mention> = Vec::new();
    for m in found {
        let clash =
            kept.iter().any(|k| overlaps(&k.span, &m.span) || (k.schema == m.schema && shares_slot_words(k, &m)));
        if !clash {
            kept.push(m);
        }
    }
    kept.sort_by(|a, b| a.span.start.cmp(&b.span.start).then(a.schema.cmp(&b.schema)));
    kept
}

/// Two mentions of one schema that were captured from the same slot words
/// (one event word with two dates) are one mention; but the two values of
/// one change ("from 5,000 to 2,500") are two.
fn shares_slot_words(a: &Mention, b: &Mention) -> bool {
    let one_change = a.matched == b.matched && a.change.is_some() && a.change != b.change;
    !one_change
        && a.slots.iter().any(|(name, fa)| b.slots.iter().any(|(n, fb)| n == name && overlaps(&fa.span, &fb.span)))
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reject_patterns_see_two_words_before() {
        let text = "which sits off Route 12 west of Ramadi";
        let start = text.find("12").unwrap();
        assert_eq!(with_words_before(text, start, start + 7), "off Route 12 west");
        assert_eq!(with_words_before("12 west", 0, 7), "12 west");
    }

    #[test]
    fn subset_markers_are_seen_through_a_hedge() {
        let markers = vec!["including".to_string()];
        assert!(is_subset("troops in Kuwait, including about ", &markers));
        assert!(is_subset("including ", &markers));
        assert!(!is_subset("the Pentagon said that approximately ", &markers));
        let long = format!("{} including about ", "é".repeat(500));
        assert!(is_subset(&long, &markers), "a long sentence is cut on a character boundary");
        assert!(!is_subset("including about 40 of the approximately ", &markers), "the hedge is one word");
    }
}
