//! Resolution: mentions to claims.
//! In: a [`Document`], its sentences, its [`Mention`]s and the [`SchemaSet`].
//! Out: [`Claim`]s with a normalized value, a subject made of slots (and how
//! each slot was filled), a time scope, the event's date, and the attribution.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::rc::Rc;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::corpus::Document;
use crate::extract::{ChangeEnd, Mention};
use crate::gazetteer::{Found, Gazetteer};
use crate::normalize::date::parse_date;
use crate::normalize::number::parse_count;
use crate::normalize::{DateValue, Granularity, Interval, Quantity};
use crate::schema::{FillLevel, Schema, SchemaSet, ScopeRule, ValueType};
use crate::segment::Sentence;

/// How a slot of a claim's subject was filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilledFrom {
    /// Captured by the pattern itself.
    Pattern,
    /// Found elsewhere in the sentence.
    Sentence,
    /// Found in the paragraph.
    Paragraph,
    /// The document's most frequent value.
    Document,
}

/// One slot of a subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotValue {
    /// Slot name ("actor").
    pub name: String,
    /// Canonical value ("United States").
    pub value: String,
    /// Where the value came from.
    pub filled_from: FilledFrom,
}

/// The normalized value of a claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ClaimValue {
    /// A count or percentage: as stated, and the interval it allows.
    Quantity {
        /// As stated.
        quantity: Quantity,
        /// What values the statement allows (after the schema's tolerance).
        interval: Interval,
    },
    /// A date.
    Date(DateValue),
}

/// A normalized claim. Serialized only for the claim cache (the JSON
/// output is built in `report::json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// Kind of claim (the schema's `kind`).
    pub kind: String,
    /// Index of the schema in the set.
    pub schema: usize,
    /// Index of the document in the run.
    #[serde(skip)]
    pub doc: usize,
    /// Byte span of the value in the document file.
    pub span: Range<usize>,
    /// The value as written.
    pub text: String,
    /// Byte span of the sentence.
    pub sentence: Range<usize>,
    /// Subject slots, in schema order.
    pub slots: Vec<SlotValue>,
    /// The subject in words ("United States troops in Iraq").
    pub subject: String,
    /// Normalized value.
    pub value: ClaimValue,
    /// Unit of the value, from the schema.
    pub unit: Option<String>,
    /// When the claim is true (for dates: `None`, the value is the date).
    pub time: Option<DateValue>,
    /// Date of the event the claim is about, when known.
    pub event_date: Option<DateValue>,
    /// Publication date of the document.
    pub published: Option<NaiveDate>,
    /// Who the figure is attributed to, if the sentence says.
    pub attribution: Option<String>,
    /// The sentence marks the figure as a revision ("certified", "revised").
    pub revision_marked: bool,
    /// Why the claim will not be compared, when it will not be.
    pub not_compared: Option<String>,
}

/// The dates a document gives its events: per sentence, and for the whole
/// document (only recent ones: an old event named in passing, "in 1998, an
/// earthquake…", is not the event the report is about).
#[derive(Debug, Default)]
struct EventDates {
    by_sentence: BTreeMap<(usize, String), DateValue>,
    by_document: BTreeMap<String, DateValue>,
}

/// How long before publication an event may be and still be "the" event of a report.
const RECENT_EVENT_DAYS: i64 = 31;

impl EventDates {
    fn add(&mut self, claim: &Claim, sentence: usize, published: Option<NaiveDate>) {
        let (ClaimValue::Date(d), Some(event)) = (&claim.value, claim.slots.iter().find(|s| s.name == "event")) else {
            return;
        };
        self.by_sentence.entry((sentence, event.value.clone())).or_insert_with(|| d.clone());
        let recent = match (published, d.end) {
            (Some(p), Some(end)) => (p - end).num_days() <= RECENT_EVENT_DAYS,
            _ => true,
        };
        if recent {
            self.by_document.entry(event.value.clone()).or_insert_with(|| d.clone());
        }
    }

    /// The date of `event` as this sentence gives it, else as the document gives it;
    /// the flag says whether it came from the sentence.
    fn get(&self, sentence: usize, event: &str) -> Option<(&DateValue, bool)> {
        match self.by_sentence.get(&(sentence, event.to_string())) {
            Some(d) => Some((d, true)),
            None => self.by_document.get(event).map(|d| (d, false)),
        }
    }
}

/// Proper names of a document, used to tell whether two documents may be
/// about the same event.
pub type Anchors = Arc<BTreeSet<String>>;

/// A date expression found in a sentence.
#[derive(Debug, Clone)]
struct DateMention {
    span: Range<usize>,
    value: DateValue,
    /// Said next to an attribution verb ("said on Monday").
    attribution: bool,
}

/// Everything resolution needs to know about one document.
struct Context<'a> {
    doc: &'a Document,
    sentences: &'a [Sentence],
    set: &'a SchemaSet,
    dates: Vec<Vec<DateMention>>,
    /// Every word of a gazetteer in the body, found once per document (keyed by the gazetteer's address).
    words: RefCell<HashMap<usize, Rc<Vec<Found>>>>,
}

impl Context<'_> {
    /// The words of `gazetteer` in the document body, in text order, with document offsets.
    fn words_of(&self, gazetteer: &Arc<Gazetteer>) -> Rc<Vec<Found>> {
        let key = Arc::as_ptr(gazetteer) as usize;
        if let Some(found) = self.words.borrow().get(&key) {
            return found.clone();
        }
        let body = self.doc.text.get(self.doc.body.clone()).unwrap_or("");
        let start = self.doc.body.start;
        let found: Rc<Vec<Found>> = Rc::new(
            gazetteer
                .find_all(body)
                .into_iter()
                .map(|f| Found { span: start + f.span.start..start + f.span.end, canonical: f.canonical })
                .collect(),
        );
        self.words.borrow_mut().insert(key, found.clone());
        found
    }
}

/// Resolves the mentions of one document into claims.
pub fn resolve(
    doc_index: usize,
    doc: &Document,
    sentences: &[Sentence],
    mentions: &[Mention],
    set: &SchemaSet,
) -> Vec<Claim> {
    let scanner = set.dates();
    // The last day named so far in the paragraph, for "a week later".
    let mut last_day: Option<(usize, NaiveDate)> = None;
    // A claim reads the dates of its own sentence, and a date relative to
    // the paragraph's last day reads those before it in the paragraph: a
    // paragraph without mentions needs no date scan.
    let mut with_mentions: Vec<usize> =
        mentions.iter().filter_map(|m| Some(sentences.get(m.sentence)?.paragraph)).collect();
    with_mentions.sort_unstable();
    with_mentions.dedup();
    let dates = sentences
        .iter()
        .map(|s| {
            let text = doc.text.get(s.span.clone()).unwrap_or("");
            let mut found: Vec<DateMention> = Vec::new();
            if with_mentions.binary_search(&s.paragraph).is_err() {
                return found;
            }
            for m in scanner.find_all(text, doc.date) {
                let value = if is_context_relative(&text[m.span.clone()]) {
                    // "a week earlier": relative to the last date before it in the paragraph.
                    match last_day.filter(|(p, _)| *p == s.paragraph) {
                        Some((_, anchor)) => parse_date(&text[m.span.clone()], Some(anchor)).unwrap_or(m.value),
                        None => DateValue::unresolved("relative to a date the paragraph does not give"),
                    }
                } else {
                    m.value
                };
                if let (Some(start), Some(end)) = (value.start, value.end) {
                    if start == end {
                        last_day = Some((s.paragraph, start));
                    }
                }
                let attribution = is_attribution(&text[..m.span.start], &set.lexicon.attribution_verbs);
                found.push(DateMention {
                    span: s.span.start + m.span.start..s.span.start + m.span.end,
                    value,
                    attribution,
                });
            }
            found
        })
        .collect();
    let ctx = Context { doc, sentences, set, dates, words: RefCell::new(HashMap::new()) };

    // Dates first: they give each event its date for the other claims. The
    // most reliable patterns come first ("Saturday's attack" before "the attack … on Saturday").
    let mut claims: Vec<Claim> = Vec::new();
    let mut event_dates = EventDates::default();
    let mut order: Vec<&Mention> = mentions.iter().collect();
    order.sort_by_key(|m| (set.schemas[m.schema].value != ValueType::Date, m.pattern, m.span.start));
    for m in order {
        let schema = &set.schemas[m.schema];
        if let Some(claim) = resolve_one(doc_index, &ctx, m, schema, &event_dates) {
            if schema.value == ValueType::Date && claim.not_compared.is_none() {
                event_dates.add(&claim, m.sentence, doc.date);
            }
            claims.push(claim);
        }
    }
    claims.sort_by(|a, b| a.span.start.cmp(&b.span.start).then(a.kind.cmp(&b.kind)));
    claims
}

/// The proper names a document mentions, for telling events apart.
pub fn anchors(doc: &Document, set: &SchemaSet) -> Anchors {
    let body = doc.text.get(doc.body.clone()).unwrap_or("");
    Arc::new(
        set.names
            .find_all(body)
            .into_iter()
            .filter_map(|f| name_anchor(&body[f.span], &set.lexicon.not_names))
            .collect(),
    )
}

fn name_anchor(name: &str, not_names: &[String]) -> Option<String> {
    crate::gazetteer::name_words(name, not_names).map(|words| words.join(" "))
}

fn resolve_one(
    doc_index: usize,
    ctx: &Context,
    m: &Mention,
    schema: &Schema,
    event_dates: &EventDates,
) -> Option<Claim> {
    let doc = ctx.doc;
    let sentence = ctx.sentences.get(m.sentence)?;
    let mut not_compared = (m.change == Some(ChangeEnd::Earlier))
        .then(|| "the earlier value of a change (“from … to …”): it held before the figure that follows".to_string());

    // Subject slots.
    let mut slots = Vec::new();
    // Words already given to a slot (captured, or filled before this one).
    let mut used: Vec<Found> = m.slots.iter().map(|(_, f)| f.clone()).collect();
    for slot in &schema.slots {
        let captured = m.slots.iter().find(|(n, _)| n == &slot.name).map(|(_, f)| (f.clone(), FilledFrom::Pattern));
        let filled = captured.or_else(|| fill_slot(ctx, m, slot, &used));
        match filled {
            Some((found, filled_from)) => {
                used.push(found.clone());
                let value = qualify_event(ctx, slot, &found);
                slots.push(SlotValue { name: slot.name.clone(), value, filled_from });
            }
            None if slot.required => {
                not_compared.get_or_insert_with(|| format!("no {} for this figure", slot.name));
            }
            None => {}
        }
    }
    let event = slots.iter().find(|s| s.name == "event").map(|s| s.value.clone());
    let event_date = event.as_ref().and_then(|e| event_dates.get(m.sentence, e));
    let event_in_sentence = event_date.is_some_and(|(_, here)| here);
    let event_date = event_date.map(|(d, _)| d.clone());

    // Value.
    let value = match schema.value {
        ValueType::Date => {
            if is_attribution_date(ctx, m) || (schema.compare && is_open_range(&m.text)) {
                return None;
            }
            let date = resolve_date_value(ctx, m)?;
            if date.is_unresolved() {
                not_compared
                    .get_or_insert_with(|| date.unresolved.clone().unwrap_or_else(|| "date not resolved".into()));
            }
            ClaimValue::Date(date)
        }
        ValueType::Count | ValueType::Percent | ValueType::Money => {
            let quantity =
                if m.zero { Quantity::exact(0.0) } else { parse_count(&number_part(&m.text), &ctx.set.lexicon)? };
            ClaimValue::Quantity { quantity, interval: quantity.interval(schema.tolerance) }
        }
    };

    // Time scope.
    let time = match schema.value {
        ValueType::Date => None,
        _ => time_scope(ctx, m, schema, event_date.as_ref(), event_in_sentence),
    };
    if schema.value != ValueType::Date && time.as_ref().is_none_or(DateValue::is_unresolved) {
        not_compared.get_or_insert_with(|| {
            if doc.date.is_none() {
                "undated document and no explicit time for this figure".into()
            } else {
                "no time for this figure".into()
            }
        });
    }

    let sentence_text = doc.text.get(sentence.span.clone()).unwrap_or("");
    let revision_marked = !schema.revision_markers.is_empty() && {
        let lowered = sentence_text.to_lowercase();
        schema.revision_markers.iter().any(|w| contains_word(&lowered, w))
    };
    if !schema.compare {
        not_compared = Some(format!("`{}` is an extract-only kind", schema.kind));
    }
    let attribution = attribution(ctx, sentence, m);
    let subject = subject_words(schema, &slots);
    Some(Claim {
        kind: schema.kind.clone(),
        schema: m.schema,
        doc: doc_index,
        span: m.span.clone(),
        text: m.text.clone(),
        sentence: sentence.span.clone(),
        slots,
        subject,
        value,
        unit: schema.unit.clone(),
        time,
        event_date,
        published: doc.date,
        attribution,
        revision_marked,
        not_compared,
    })
}

/// The subject in words: the canonical slot values, joined.
fn subject_words(schema: &Schema, slots: &[SlotValue]) -> String {
    let values: Vec<&str> = slots.iter().map(|s| s.value.as_str()).collect();
    if values.is_empty() {
        schema.kind.replace('_', " ")
    } else {
        format!("{} ({})", schema.kind.replace('_', " "), values.join(", "))
    }
}

/// Fills a slot the pattern did not capture, from the sentence, the
/// paragraph, then the document, as the schema allows. Words the pattern
/// captured for another slot are not reused; the slot's `avoid_after` words
/// rule a candidate out and its `prefer_after` words put it first.
fn fill_slot(ctx: &Context, m: &Mention, slot: &crate::schema::Slot, used: &[Found]) -> Option<(Found, FilledFrom)> {
    let sentence = ctx.sentences.get(m.sentence)?;
    let index = ctx.words_of(&slot.gazetteer);
    // Candidates in `range` of the document, in text order. A slot never reuses
    // words, or the value, another slot of the claim already has: "The US …
    // pulls troops out" gives the actor, not also the place.
    let candidates = |range: Range<usize>| -> Vec<&Found> {
        let from = index.partition_point(|f| f.span.start < range.start);
        index[from..]
            .iter()
            .take_while(|f| f.span.end <= range.end)
            .filter(|f| {
                !used
                    .iter()
                    .any(|u| (u.span.start < f.span.end && f.span.start < u.span.end) || u.canonical == f.canonical)
            })
            .filter(|f| !preceded_by(&ctx.doc.text, f.span.start, &slot.avoid_after))
            .collect()
    };
    let preferred = |found: &[&Found]| -> Option<Found> {
        found.iter().find(|f| preceded_by(&ctx.doc.text, f.span.start, &slot.prefer_after)).map(|f| (*f).clone())
    };
    for level in &slot.fill {
        match level {
            FillLevel::Sentence => {
                let found = candidates(sentence.span.clone());
                // Both values of a change share one subject: measure from where the change is said.
                let at = if m.change.is_some() { m.matched.start } else { m.span.start };
                let nearest = found.iter().min_by_key(|f| f.span.start.abs_diff(at)).map(|f| (*f).clone());
                if let Some(value) = preferred(&found).or(nearest) {
                    return Some((joined(&ctx.doc.text, value, &found), FilledFrom::Sentence));
                }
            }
            FillLevel::Paragraph => {
                // The nearest sentences of the paragraph, looking back before looking ahead.
                let same = |i: &usize| ctx.sentences.get(*i).is_some_and(|s| s.paragraph == sentence.paragraph);
                let back = (0..m.sentence).rev().take(PARAGRAPH_REACH).take_while(same);
                let ahead = (m.sentence + 1..ctx.sentences.len()).take(PARAGRAPH_REACH).take_while(same);
                for i in back.chain(ahead) {
                    let found = candidates(ctx.sentences[i].span.clone());
                    if let Some(value) = preferred(&found).or_else(|| found.first().map(|f| (*f).clone())) {
                        return Some((value, FilledFrom::Paragraph));
                    }
                }
            }
            FillLevel::Document => {
                // The first mention in the body: news leads with what the story is about.
                if let Some(f) = candidates(ctx.doc.body.clone()).first() {
                    return Some(((*f).clone(), FilledFrom::Document));
                }
            }
        }
    }
    None
}

/// The value with the one it is joined to by "and", if any: in "dead in
/// Jamaica and Haiti" the place is both, "Haiti and Jamaica" (names sorted),
/// which is neither Haiti's figure nor Jamaica's.
fn joined(text: &str, value: Found, found: &[&Found]) -> Found {
    let between = |a: &Found, b: &Found| text.get(a.span.end..b.span.start).is_some_and(|t| t == " and ");
    let partner = found.iter().find(|f| f.canonical != value.canonical && (between(&value, f) || between(f, &value)));
    let Some(partner) = partner else { return value };
    let mut names = [value.canonical.as_str(), partner.canonical.as_str()];
    names.sort_unstable();
    Found {
        span: value.span.start.min(partner.span.start)..value.span.end.max(partner.span.end),
        canonical: names.join(" and "),
    }
}

/// How many sentences either way a paragraph-level fill looks at.
const PARAGRAPH_REACH: usize = 12;

/// True when the words right before `at` end with one of `words` ("in", "out of").
fn preceded_by(text: &str, at: usize, words: &[String]) -> bool {
    if words.is_empty() {
        return false;
    }
    let before = text.get(at.saturating_sub(40)..at).unwrap_or("").to_lowercase();
    let before = before.trim_end();
    // Skip one modifier such as "neighbouring" or "the".
    let trimmed = before.rsplit_once(' ').map(|(head, _)| head.trim_end()).unwrap_or("");
    words.iter().any(|w| {
        let w = w.to_lowercase();
        let ends = |s: &str| {
            s.ends_with(&w) && s[..s.len() - w.len()].chars().next_back().is_none_or(|c| !c.is_alphanumeric())
        };
        ends(before) || ends(trimmed)
    })
}

/// An event qualified as distinct ("a second march") keeps the qualifier in its name.
fn qualify_event(ctx: &Context, slot: &crate::schema::Slot, found: &Found) -> String {
    let value = found.canonical.clone();
    // Look at the words just before the event word, wherever it was found.
    let text = &ctx.doc.text;
    let span = found.span.clone();
    let before = text.get(span.start.saturating_sub(40)..span.start).unwrap_or("").to_lowercase();
    // "the 1998 earthquake", "a 1958 storm": a year before the event word names a past event.
    if let Some(year) = before.split_whitespace().next_back().filter(|w| is_past_year(w, ctx.doc.date)) {
        return format!("{value} ({year})");
    }
    if slot.gazetteer.distinct_qualifiers.is_empty() {
        return value;
    }
    let event_word = text.get(span.clone()).unwrap_or("").to_lowercase();
    let last_words: Vec<&str> = before.split_whitespace().rev().take(2).collect();
    for q in &slot.gazetteer.distinct_qualifiers {
        let q = q.to_lowercase();
        let glued = q.ends_with('-') && before.ends_with(&q);
        if glued || last_words.iter().any(|w| *w == q) || event_word.starts_with(&format!("{q}-")) {
            return format!("{value} ({})", q.trim_end_matches('-'));
        }
    }
    value
}

/// True for a four-digit year before the publication year (any year when the
/// document has no date).
fn is_past_year(word: &str, published: Option<NaiveDate>) -> bool {
    use chrono::Datelike;
    let Some(year) =
        (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit())).then(|| word.parse::<i32>().ok()).flatten()
    else {
        return false;
    };
    (1000..3000).contains(&year) && published.is_none_or(|p| year < p.year())
}

/// The date value of a date claim, resolved against the publication date
/// (or, for "a week earlier", against the date before it in the sentence).
fn resolve_date_value(ctx: &Context, m: &Mention) -> Option<DateValue> {
    let dates = ctx.dates.get(m.sentence)?;
    if let Some(d) = dates.iter().find(|d| d.span.start <= m.span.start && m.span.end <= d.span.end) {
        return Some(d.value.clone());
    }
    if is_context_relative(&m.text) {
        return Some(DateValue::unresolved("relative to a date the sentence does not give"));
    }
    match parse_date(&m.text, ctx.doc.date) {
        Some(d) => Some(d),
        None if ctx.doc.date.is_none() => Some(DateValue::unresolved("relative date in an undated document")),
        None => None,
    }
}

/// "since October", "by 2017": a bound, not the date an event happened.
fn is_open_range(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    ["since ", "by ", "until ", "till ", "before ", "after ", "from "].iter().any(|w| t.starts_with(w))
}

/// A date said next to an attribution verb ("said on Sunday") is when something was said.
fn is_attribution_date(ctx: &Context, m: &Mention) -> bool {
    ctx.dates.get(m.sentence).is_some_and(|dates| {
        dates.iter().any(|d| d.attribution && d.span.start <= m.span.start && m.span.end <= d.span.end)
    })
}

/// "a week earlier", "two days later": relative to another date, not to the publication date.
fn is_context_relative(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    ["earlier", "later", "before", "after"].iter().any(|w| t.ends_with(w))
        && !t.contains("this")
        && !t.contains("in the")
}

/// True when the words before a date end in an attribution verb ("said on").
fn is_attribution(before: &str, verbs: &[String]) -> bool {
    let words: Vec<String> = before
        .split_whitespace()
        .rev()
        .take(3)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
        .collect();
    words.iter().take(3).any(|w| verbs.iter().any(|v| v == w))
}

/// The time a count is true at.
fn time_scope(
    ctx: &Context,
    m: &Mention,
    schema: &Schema,
    event_date: Option<&DateValue>,
    event_in_sentence: bool,
) -> Option<DateValue> {
    let published = ctx.doc.date.map(DateValue::day);
    let explicit = explicit_time(ctx, m, schema.scope);
    match schema.scope {
        ScopeRule::Stock => explicit.or(published),
        // A figure about an event holds on the event's day: the date this sentence gives
        // the event, else a year or period the sentence names ("in 2018, when Wren won"),
        // else the event's date elsewhere in the document.
        ScopeRule::Event => {
            let period = explicit_time(ctx, m, ScopeRule::Stock);
            captured_time(ctx, m)
                .or_else(|| event_date.filter(|_| event_in_sentence).cloned())
                .or(period)
                .or_else(|| event_date.cloned())
                .or(explicit)
                .or(published)
        }
        ScopeRule::Cumulative => {
            if let Some(e) = explicit {
                return Some(e);
            }
            let end = ctx.doc.date?;
            let start = event_date.and_then(|d| d.start).filter(|s| *s <= end);
            Some(DateValue { start, end: Some(end), granularity: Granularity::Span, relative: false, unresolved: None })
        }
    }
}

/// An explicit time for a count in its own sentence: a date the pattern
/// captured, else the nearest date in the sentence that is not when something
/// was said and is not separated from the count by another number. For stock
/// figures only periods count (a year, a month, a season): a day next to a
/// stock figure is usually when something happened to it, not when it held.
fn explicit_time(ctx: &Context, m: &Mention, scope: ScopeRule) -> Option<DateValue> {
    if let Some(captured) = captured_time(ctx, m) {
        return Some(captured);
    }
    let dates = ctx.dates.get(m.sentence)?;
    let text = &ctx.doc.text;
    let usable = |d: &&DateMention| {
        if d.attribution || d.value.is_unresolved() {
            return false;
        }
        let period = matches!(d.value.granularity, Granularity::Year | Granularity::Month | Granularity::Season);
        match scope {
            ScopeRule::Stock | ScopeRule::Cumulative => period,
            ScopeRule::Event => true,
        }
    };
    let between = |d: &DateMention| {
        let (a, b) = if d.span.start >= m.span.end { (m.span.end, d.span.start) } else { (d.span.end, m.span.start) };
        text.get(a..b).unwrap_or("")
    };
    dates
        .iter()
        .filter(usable)
        .filter(|d| !between(d).chars().any(|c| c.is_ascii_digit()))
        .filter(|d| !(d.span.start < m.span.end && m.span.start < d.span.end))
        .min_by_key(|d| between(d).len())
        .map(|d| d.value.clone())
}

/// The date the pattern itself captured next to the figure, if any.
fn captured_time(ctx: &Context, m: &Mention) -> Option<DateValue> {
    let captured = m.date.as_ref()?;
    let dates = ctx.dates.get(m.sentence)?;
    dates.iter().find(|d| d.span.start <= captured.start && captured.end <= d.span.end).map(|d| d.value.clone())
}

/// Who the figure is attributed to: a known source word nearest to the
/// value in its sentence, else the words before "said" or after "according to".
fn attribution(ctx: &Context, sentence: &Sentence, m: &Mention) -> Option<String> {
    let text = ctx.doc.text.get(sentence.span.clone())?;
    // The speaker usually comes before the figure ("Organisers said more than 40…");
    // a source after it ("…, police said") counts when there is none before.
    let sources = ctx.words_of(&ctx.set.sources);
    let from = sources.partition_point(|f| f.span.start < sentence.span.start);
    let found: Vec<&Found> = sources[from..].iter().take_while(|f| f.span.end <= sentence.span.end).collect();
    let before = found.iter().filter(|f| f.span.end <= m.span.start).max_by_key(|f| f.span.start);
    if let Some(f) = before.or_else(|| found.iter().find(|f| f.span.start >= m.span.start)) {
        return Some(f.canonical.clone());
    }
    // ASCII lower-casing keeps byte offsets, so they index `text` too.
    let lowered = text.to_ascii_lowercase();
    if let Some(i) = lowered.find("according to ") {
        let rest = &text[i + "according to ".len()..];
        let end = rest.find([',', '.', ';']).unwrap_or(rest.len());
        return Some(clean_source(&rest[..end]));
    }
    // Else the words before the first attribution verb ("The Fair Fares Coalition, which says").
    let verb_at = ctx
        .set
        .lexicon
        .attribution_verbs
        .iter()
        .filter_map(|v| word_at(&lowered, &v.to_ascii_lowercase()))
        .filter(|&i| i > 0)
        .min()?;
    let head = text[..verb_at].trim_end();
    let head = head.strip_suffix(", which").or_else(|| head.strip_suffix(", who")).unwrap_or(head);
    let head = head.trim_end_matches(|c: char| c == ',' || c.is_whitespace());
    let head = head.rsplit([',', '.', ';', '“', '"']).next().unwrap_or(head);
    let cleaned = clean_source(head);
    (!cleaned.is_empty() && cleaned.split_whitespace().count() <= 5).then_some(cleaned)
}

fn clean_source(s: &str) -> String {
    let lowered = s.trim().to_lowercase();
    let words: Vec<&str> =
        lowered.split_whitespace().skip_while(|w| matches!(*w, "the" | "a" | "an" | "which" | "who")).collect();
    words.join(" ")
}

fn contains_word(haystack: &str, word: &str) -> bool {
    word_at(haystack, word).is_some()
}

/// Byte offset of the first whole-word occurrence of `word` in `haystack`.
fn word_at(haystack: &str, word: &str) -> Option<usize> {
    haystack.match_indices(word).map(|(i, _)| i).find(|&i| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The number part of a percentage or an amount ("41 percent" → "41",
/// "$40 million" → "40 million"); counts pass unchanged.
fn number_part(text: &str) -> String {
    let t = text.trim().trim_start_matches(['$', '€', '£', '¥']).trim();
    // ASCII lower-casing keeps byte offsets, so they index `t` too.
    let lowered = t.to_ascii_lowercase();
    for currency in [" dollars", " euros", " pounds", " yen", " francs", " rupees"] {
        if lowered.ends_with(currency) {
            return t[..t.len() - currency.len()].trim().to_string();
        }
    }
    for suffix in ["per cent", "percent", "%"] {
        if let Some(i) = lowered.rfind(suffix) {
            if i > 0 {
                return t[..i].trim().to_string();
            }
        }
    }
    t.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_text_gives_its_number() {
        assert_eq!(number_part("41 percent"), "41");
        assert_eq!(number_part("54%"), "54");
        assert_eq!(number_part("2,500"), "2,500");
        assert_eq!(number_part("$40 million"), "40 million");
        assert_eq!(number_part("2,000 dollars"), "2,000");
    }

    #[test]
    fn context_relative_dates() {
        assert!(is_context_relative("a week earlier"));
        assert!(is_context_relative("two days later"));
        assert!(!is_context_relative("earlier this month"));
        assert!(!is_context_relative("earlier in the week"));
    }

    #[test]
    fn attribution_verbs_before_a_date() {
        let verbs = vec!["said".to_string()];
        assert!(is_attribution("The Pentagon said ", &verbs));
        assert!(!is_attribution("A fire tore through the plant late ", &verbs));
    }

    #[test]
    fn whole_words_only() {
        assert!(contains_word("final turnout was", "final"));
        assert!(!contains_word("finally turnout", "final"));
    }

    #[test]
    fn anchors_drop_leading_function_words() {
        let not_names = crate::lexicon::Lexicon::shipped().not_names;
        assert_eq!(name_anchor("The Pentagon", &not_names).as_deref(), Some("Pentagon"));
        assert_eq!(name_anchor("Koltai Valley", &not_names).as_deref(), Some("Koltai Valley"));
        assert_eq!(name_anchor("The", &not_names), None);
        assert_eq!(name_anchor("Saturday’s", &not_names), None);
    }
}

#[cfg(test)]
mod change_tests {
    use crate::check::Code;
    use crate::corpus::parse_document;
    use crate::schema::{load, SchemaFiles};
    use crate::Analysis;

    fn analyse(docs: &[(&str, &str)]) -> Analysis {
        let set = load(&SchemaFiles::shipped()).unwrap_or_else(|_| panic!("schemas"));
        let mut analysis = Analysis::default();
        for (path, text) in docs {
            crate::add_document(&mut analysis, parse_document(path.into(), text.as_bytes().to_vec()).unwrap(), &set);
        }
        crate::check_analysis(&mut analysis, &set);
        analysis
    }

    #[test]
    fn a_change_is_an_ordered_pair_not_two_rivals() {
        let a = " date 2021-12-09 The US has reduced its troops in Iraq from about 5,000 to 2,500 since mid-2020.\n";
        let b = " date 2021-12-10 Some 2,500 US troops are in Iraq, officials said.\n";
        let analysis = analyse(&[("a.txt", a), ("b.txt", b)]);
        let troops: Vec<_> = analysis.claims.iter().filter(|c| c.kind == "troop_count").collect();
        let texts: Vec<(&str, bool)> = troops.iter().map(|c| (c.text.as_str(), c.not_compared.is_none())).collect();
        assert_eq!(texts, [("about 5,000", false), ("2,500", true), ("Some 2,500", true)]);
        assert!(troops[0].not_compared.as_deref().unwrap_or("").contains("earlier value of a change"));
        assert!(analysis.findings.iter().all(|f| f.code != Code::Contradiction), "{:#?}", analysis.findings);
    }

    #[test]
    fn a_year_before_the_event_word_names_another_event() {
        // Found by the corpus generator: the 1958 toll was read as this week's.
        let a = " date 2023-09-14 The storm on Tuesday killed 36 people. A 1958 storm in the same area killed 399 people.\n";
        let b = " date 2023-09-14 The storm on Tuesday killed 36 people, officials said.\n";
        let analysis = analyse(&[("a.txt", a), ("b.txt", b)]);
        let old = analysis.claims.iter().find(|c| c.text == "399").unwrap();
        assert!(old.subject.contains("storm (1958)"), "{}", old.subject);
        assert!(analysis.findings.iter().all(|f| f.code != Code::Contradiction), "{:#?}", analysis.findings);
    }

    #[test]
    fn a_date_relative_to_the_paragraph_after_a_paragraph_without_claims() {
        // The first paragraph has no mention, so its dates are not scanned;
        // the second's "a week later" still reads the day before it.
        let a = " date 2024-03-20 Officials spoke to reporters.\n\nThe fire started on March 3. A week later, the fire had killed 12 people.\n";
        let analysis = analyse(&[("a.txt", a)]);
        let died =
            analysis.claims.iter().find(|c| c.text.contains("12")).unwrap_or_else(|| panic!("{:#?}", analysis.claims));
        let day = chrono::NaiveDate::from_ymd_opt(2024, 3, 10);
        assert_eq!(died.time.as_ref().and_then(|t| t.start), day, "{:#?}", died.time);
    }

    #[test]
    fn the_new_value_of_a_change_is_still_compared() {
        let a = " date 2021-12-09 The number of US troops in Iraq fell from 5,000 to 2,500 this year.\n";
        let b = " date 2021-12-10 About 5,000 US troops are in Iraq.\n";
        let analysis = analyse(&[("a.txt", a), ("b.txt", b)]);
        let contradictions: Vec<_> = analysis.findings.iter().filter(|f| f.code == Code::Contradiction).collect();
        assert_eq!(contradictions.len(), 1, "{contradictions:#?}");
        let texts: Vec<&str> = contradictions[0].claims.iter().map(|&i| analysis.claims[i].text.as_str()).collect();
        assert_eq!(texts, ["2,500", "About 5,000"]);
    }
}
