//! Checking: claims to findings.
//! In: the claims of the run as [`Fact`]s (what the checks read of a claim,
//! interned), each document's proper names, the schemas. Out: [`Conflict`]s,
//! put in words as [`Finding`]s from the two claims. Facts are grouped by kind
//! and subject, sorted by time, and only neighbours within the schema's window
//! are compared, so the cost is O(n log n) in claims (plus the pairs that
//! really are close in time).

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::hash::{BuildHasher, Hasher};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::normalize::{DateValue, Interval};
use crate::resolve::{Anchors, Claim, ClaimValue};
use crate::schema::{Schema, ScopeRule, ValueType};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Two claims cannot both be true.
    Error,
    /// Worth a look: a dispute, a document that cannot be fully checked.
    Warning,
    /// For information: a figure that was revised.
    Info,
}

/// The finding codes, with their documentation (the registry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// Same subject, same time, incompatible values.
    Contradiction,
    /// Attributed estimates from different parties disagree.
    Dispute,
    /// A later report changes an earlier figure.
    Revision,
    /// A document without a publication date.
    UndatedDocument,
    /// A document whose header could not be read in full.
    BadHeader,
}

/// Documentation of one code, printed by `claimcheck explain`.
pub struct CodeDoc {
    /// The code.
    pub code: Code,
    /// Default severity.
    pub severity: Severity,
    /// What it means.
    pub meaning: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// An example.
    pub example: &'static str,
    /// How to resolve or accept it.
    pub resolve: &'static str,
}

/// Every code, in the order they are documented.
pub const CODES: &[CodeDoc] = &[
    CodeDoc {
        code: Code::Contradiction,
        severity: Severity::Error,
        meaning: "Two claims about the same subject, true at overlapping times, whose values cannot both hold (their intervals, after hedges and tolerance, do not overlap).",
        why: "One of the figures is wrong, or the two texts describe different things without saying so; either way a reader is misled.",
        example: "“approximately 5,000 US troops remain in Iraq” (2020-02-10) and “the 15,000 American troops it keeps in Iraq” (2020-02-11).",
        resolve: "Correct the wrong figure, or make the difference explicit (a different place, time or group). If both are right as written, add the finding to the baseline with a reason.",
    },
    CodeDoc {
        code: Code::Dispute,
        severity: Severity::Warning,
        meaning: "Estimates of the same figure attributed to different parties (police and organisers) disagree.",
        why: "Disputed figures are normal, but an article should attribute each one; an unattributed figure taken from one side reads as fact.",
        example: "“Police put the turnout at 8,000.” and “The organisers said 35,000 people took part.”",
        resolve: "Keep both figures attributed to their sources; baseline the finding once the text does so.",
    },
    CodeDoc {
        code: Code::Revision,
        severity: Severity::Info,
        meaning: "A later report gives a different figure for the same subject: a rising death toll, provisional and certified results, a revised estimate.",
        why: "Older articles may need an update or an editor's note pointing to the newer figure.",
        example: "“killing 45 people” (2023-09-12), then “the death toll rose to 112” (2023-09-13).",
        resolve: "Nothing is wrong; update or annotate the older article if it is still promoted.",
    },
    CodeDoc {
        code: Code::UndatedDocument,
        severity: Severity::Warning,
        meaning: "The document has no publication date, so relative dates (\"last week\") cannot be resolved and present-tense figures cannot be placed in time.",
        why: "Its claims are extracted but not compared, which can hide real conflicts.",
        example: "A text file without a ` date YYYY-MM-DD ` first line or a `date:` in its front matter.",
        resolve: "Add the publication date to the document's header.",
    },
    CodeDoc {
        code: Code::BadHeader,
        severity: Severity::Warning,
        meaning: "The document's header could not be read in full (an impossible date, unclosed front matter, a value of the wrong type).",
        why: "What the header should have said (the date, the source) is missing from the checks.",
        example: "` date 2023-02-30 …`",
        resolve: "Fix the header.",
    },
];

impl Code {
    /// The stable kebab-case name of the code.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Contradiction => "contradiction",
            Code::Dispute => "dispute",
            Code::Revision => "revision",
            Code::UndatedDocument => "undated-document",
            Code::BadHeader => "bad-header",
        }
    }

    /// The code's documentation.
    pub fn doc(self) -> &'static CodeDoc {
        CODES.iter().find(|d| d.code == self).unwrap_or(&CODES[0])
    }

    /// The code named `name`, if any.
    pub fn from_name(name: &str) -> Option<Code> {
        CODES.iter().map(|d| d.code).find(|c| c.as_str() == name)
    }
}

/// A finding: a code, the claims it is about, and words for a person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The code.
    pub code: Code,
    /// Severity.
    pub severity: Severity,
    /// Kind of claim, for claim findings.
    pub kind: Option<String>,
    /// Subject in words, for claim findings.
    pub subject: Option<String>,
    /// One short line.
    pub message: String,
    /// Why, and what to do.
    pub help: String,
    /// Indexes of the claims involved, in the run's claim list.
    pub claims: Vec<usize>,
    /// Index of the document, for document findings.
    pub doc: Option<usize>,
}

/// How far apart the dates of "the same" event may be (in days) before two
/// casualty reports are taken to be about different events.
const EVENT_DATE_SLACK_DAYS: i64 = 7;

/// How many neighbours in time one claim is compared with at most, so a huge
/// group of claims about one subject on one day stays near-linear.
const MAX_NEIGHBOURS: usize = 256;

/// The days of a date interval, as the checks read it (a [`DateValue`]
/// without its words). An open end reaches anywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Days {
    /// First day, if bounded.
    pub start: Option<NaiveDate>,
    /// Last day, if bounded.
    pub end: Option<NaiveDate>,
}

impl Days {
    fn of(d: &DateValue) -> Days {
        Days { start: d.start, end: d.end }
    }

    fn is_unresolved(self) -> bool {
        self.start.is_none() && self.end.is_none()
    }
}

const HAS_TIME: u8 = 1;
const HAS_EVENT_DATE: u8 = 2;
const REVISION_MARKED: u8 = 4;
/// The value is a date, held in `Fact::when` (a date claim has no time of its own).
const IS_DATE: u8 = 8;

/// What the checks need of one compared claim, in 72 bytes: its group, value,
/// times, source and names, with the words interned. A run of millions of
/// claims is checked from these while the claims themselves are dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// Index of the claim in the run's claim list.
    pub claim: u32,
    /// Index of its document in the run.
    pub doc: u32,
    span_start: u32,
    schema: u16,
    flags: u8,
    slot_count: u8,
    /// Start of its slots in [`Facts::slots`].
    slots: u32,
    /// Interned attribution, 0 for none.
    attribution: u32,
    /// Hash of the kind's required slots (the group key with the schema).
    group: u64,
    /// Bounds of a figure, open ends infinite (unused for a date).
    bounds: [f64; 2],
    /// The time the claim is true at, or for a date, its value.
    when: Days,
    event_date: Days,
    published: Option<NaiveDate>,
}

impl Fact {
    fn time(&self) -> Option<Days> {
        (self.flags & (HAS_TIME | IS_DATE) == HAS_TIME).then_some(self.when)
    }

    fn is_date(&self) -> bool {
        self.flags & IS_DATE != 0
    }

    fn event_date(&self) -> Option<Days> {
        (self.flags & HAS_EVENT_DATE != 0).then_some(self.event_date)
    }

    fn date_value(&self) -> Days {
        if self.is_date() {
            self.when
        } else {
            Days::default()
        }
    }
}

/// True when the checks compare `claim`: its kind is compared and nothing rules the claim out.
fn is_compared(claim: &Claim, schemas: &[Schema]) -> bool {
    claim.not_compared.is_none() && schemas.get(claim.schema).is_some_and(|s| s.compare)
}

/// Strings given small numbers, so facts compare numbers, not text.
#[derive(Debug, Default)]
struct Interner(HashMap<Box<str>, u32>);

impl Interner {
    /// The number of `s`, from 1.
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.0.get(s) {
            return id;
        }
        let id = self.0.len() as u32 + 1;
        self.0.insert(s.into(), id);
        id
    }
}

/// The facts of a run, with what they share: slot values, attributions and
/// each document's proper names, interned.
#[derive(Debug, Default)]
pub struct Facts {
    facts: Vec<Fact>,
    /// Interned slots (name and lower-cased value) of every fact, in runs.
    slots: Vec<u32>,
    /// The slot name of each interned slot, by its number.
    slot_names: Vec<u32>,
    slot_ids: Interner,
    /// The buffer slot keys are built in.
    slot_key: String,
    names: Interner,
    attributions: Interner,
    /// Each document's proper names: a run of sorted numbers in `anchor_ids`.
    anchors: Vec<(u32, u32)>,
    anchor_ids: Vec<u32>,
    anchor_words: Interner,
}

impl Facts {
    /// No facts yet.
    pub fn new() -> Self {
        Facts { slot_names: vec![0], ..Facts::default() }
    }

    /// Adds the next document (documents are numbered in the order they are
    /// added): the claims the checks compare, each with its number, and its
    /// proper names if it has such a claim, since names serve only to compare.
    pub fn add_document<'c>(
        &mut self,
        anchors: &BTreeSet<String>,
        claims: impl IntoIterator<Item = (usize, &'c Claim)>,
        schemas: &[Schema],
    ) {
        let (doc, before) = (self.anchors.len(), self.facts.len());
        for (index, claim) in claims {
            self.add_claim(index, doc, claim, schemas);
        }
        let start = self.anchor_ids.len() as u32;
        if self.facts.len() > before {
            let mut ids: Vec<u32> = anchors.iter().map(|a| self.anchor_words.id(a)).collect();
            ids.sort_unstable();
            self.anchor_ids.extend(ids);
        }
        self.anchors.push((start, self.anchor_ids.len() as u32 - start));
    }

    /// Adds `claim` (numbered `index`, of document `doc`) if the checks compare it.
    fn add_claim(&mut self, index: usize, doc: usize, claim: &Claim, schemas: &[Schema]) {
        let Some(schema) = schemas.get(claim.schema).filter(|_| is_compared(claim, schemas)) else { return };
        // The group key is a hash of the lower-cased required slot values, built
        // without allocating: two subjects whose hashes collide share a group,
        // which costs comparisons but never a finding, since `Pairs::same_thing`
        // refuses claims whose slots differ. Optional slots are not part of the
        // key: a claim that lacks one may still be compared.
        let mut hasher = SUBJECT_HASH.build_hasher();
        for s in claim.slots.iter().filter(|s| schema.slots.iter().any(|x| x.name == s.name && x.required)) {
            hasher.write(s.name.as_bytes());
            hasher.write_u8(0xff);
            for b in s.value.bytes() {
                hasher.write_u8(b.to_ascii_lowercase());
            }
            hasher.write_u8(0xfe);
        }
        let slots = self.slots.len() as u32;
        for s in &claim.slots {
            let name = self.names.id(&s.name);
            // The key is built in a buffer kept for the purpose: no allocation when it is known.
            let mut key = std::mem::take(&mut self.slot_key);
            key.clear();
            let _ = write!(key, "{name}\u{1f}");
            key.extend(s.value.chars().map(|c| c.to_ascii_lowercase()));
            let id = self.slot_ids.id(&key);
            self.slot_key = key;
            if id as usize == self.slot_names.len() {
                self.slot_names.push(name);
            }
            self.slots.push(id);
        }
        let (bounds, when, is_date) = match &claim.value {
            ClaimValue::Quantity { interval, .. } => {
                let bounds = [interval.low.unwrap_or(f64::NEG_INFINITY), interval.high.unwrap_or(f64::INFINITY)];
                (bounds, claim.time.as_ref().map(Days::of).unwrap_or_default(), 0)
            }
            ClaimValue::Date(d) => ([0.0; 2], Days::of(d), IS_DATE),
        };
        let flags = if claim.time.is_some() { HAS_TIME } else { 0 }
            | if claim.event_date.is_some() { HAS_EVENT_DATE } else { 0 }
            | if claim.revision_marked { REVISION_MARKED } else { 0 }
            | is_date;
        self.facts.push(Fact {
            claim: index as u32,
            doc: doc as u32,
            span_start: claim.span.start as u32,
            schema: claim.schema as u16,
            flags,
            slot_count: claim.slots.len().min(u8::MAX as usize) as u8,
            slots,
            attribution: claim.attribution.as_deref().map_or(0, |a| self.attributions.id(a)),
            group: hasher.finish(),
            bounds,
            when,
            event_date: claim.event_date.as_ref().map(Days::of).unwrap_or_default(),
            published: claim.published,
        });
    }

    /// Renumbers documents and claims after the documents were put in their
    /// final order: document `d` becomes `new_doc[d]`, and a claim numbered
    /// within its document becomes `first_claim[new document]` plus that number.
    pub fn renumber(&mut self, new_doc: &[u32], first_claim: &[u32]) {
        for f in &mut self.facts {
            let doc = new_doc[f.doc as usize];
            f.doc = doc;
            f.claim += first_claim[doc as usize];
        }
        let mut anchors = vec![(0, 0); self.anchors.len()];
        for (old, &new) in new_doc.iter().enumerate() {
            anchors[new as usize] = self.anchors[old];
        }
        self.anchors = anchors;
        self.facts.sort_unstable_by_key(|f| f.claim);
    }

    /// Where the claim numbered `claim` is, if it is a fact.
    pub fn place(&self, claim: usize) -> Option<Place> {
        let at = self.facts.binary_search_by_key(&claim, |f| f.claim as usize).ok()?;
        let f = &self.facts[at];
        Some(Place { doc: f.doc as usize, start: f.span_start as usize, schema: f.schema as usize })
    }

    fn slots_of(&self, f: &Fact) -> &[u32] {
        let start = f.slots as usize;
        &self.slots[start..start + f.slot_count as usize]
    }

    fn anchors_of(&self, doc: u32) -> Option<&[u32]> {
        let &(start, len) = self.anchors.get(doc as usize)?;
        Some(&self.anchor_ids[start as usize..(start + len) as usize])
    }
}

/// Where a compared claim is ([`Facts::place`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Index of its document in the run.
    pub doc: usize,
    /// Byte offset of the claim in its document.
    pub start: usize,
    /// Index of its schema.
    pub schema: usize,
}

/// Two claims that cannot both be true, or a figure that was revised: what
/// a [`Finding`] says, before it is put in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conflict {
    /// The code.
    pub code: Code,
    /// Its severity in the schema of the claims.
    pub severity: Severity,
    /// The claims (indexes in the run's claim list), the earlier report first.
    pub claims: [usize; 2],
}

/// Compares claims (grouped by document in document order, as an analysis
/// holds them) and returns the findings, in a deterministic order.
pub fn check(claims: &[Claim], anchors: &[Anchors], schemas: &[Schema]) -> Vec<Finding> {
    let mut facts = Facts::new();
    let mut rest = claims.iter().enumerate().peekable();
    for (doc, a) in anchors.iter().enumerate() {
        facts.add_document(a, std::iter::from_fn(|| rest.next_if(|(_, c)| c.doc == doc)), schemas);
    }
    conflicts(&facts, schemas)
        .iter()
        .map(|c| finding(c, [&claims[c.claims[0]], &claims[c.claims[1]]], c.claims))
        .collect()
}

/// Compares facts and returns their conflicts, in a deterministic order.
pub fn conflicts(facts: &Facts, schemas: &[Schema]) -> Vec<Conflict> {
    // Groups by kind and required slots: one sorted list of (schema, group,
    // position) keys, so that each group is a run of it (16 bytes a fact,
    // where a map of lists would take several times that).
    let all = &facts.facts;
    let mut keys: Vec<u128> =
        all.iter().enumerate().map(|(i, f)| (f.schema as u128) << 96 | (f.group as u128) << 32 | i as u128).collect();
    keys.sort_unstable();
    let position = |key: u128| key as u32 as usize;
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for end in 1..=keys.len() {
        if end == keys.len() || keys[end] >> 32 != keys[start] >> 32 {
            runs.push((start, end));
            start = end;
        }
    }
    // A fixed order (by the first claim of each group), so the findings come out the same every run.
    runs.sort_unstable_by_key(|&(start, _)| position(keys[start]));
    let mut out = Vec::new();
    for (start, end) in runs {
        let members: Vec<usize> = keys[start..end].iter().map(|&k| position(k)).collect();
        let Some(schema) = schemas.get(all[members[0]].schema as usize) else {
            continue;
        };
        let pairs = Pairs { facts, schema };
        match (schema.value, schema.scope) {
            (ValueType::Date, _) => pairs.compare_dates(members, &mut out),
            (_, ScopeRule::Cumulative) => pairs.compare_totals(members, &mut out),
            _ => pairs.compare_figures(members, &mut out),
        }
    }
    out
}

/// The hasher of subject keys: SipHash with fixed keys, the same in every run.
const SUBJECT_HASH: std::hash::BuildHasherDefault<std::hash::DefaultHasher> = std::hash::BuildHasherDefault::new();

struct Pairs<'a> {
    facts: &'a Facts,
    schema: &'a Schema,
}

impl Pairs<'_> {
    fn fact(&self, i: usize) -> &Fact {
        &self.facts.facts[i]
    }

    /// Two claims may be about the same thing: same document, or documents that share a proper name,
    /// and events whose dates are close.
    fn same_thing(&self, a: &Fact, b: &Fact) -> bool {
        let names = &self.facts.slot_names;
        let (sa, sb) = (self.facts.slots_of(a), self.facts.slots_of(b));
        let clash = sa.iter().any(|&x| sb.iter().any(|&y| names[x as usize] == names[y as usize] && x != y));
        if clash {
            return false;
        }
        if a.doc != b.doc {
            let (Some(x), Some(y)) = (self.facts.anchors_of(a.doc), self.facts.anchors_of(b.doc)) else {
                return false;
            };
            if sorted_disjoint(x, y) {
                return false;
            }
        }
        match (a.event_date(), b.event_date()) {
            (Some(x), Some(y)) => gap(x, y) <= EVENT_DATE_SLACK_DAYS,
            _ => true,
        }
    }

    /// Dates of one kind of event: far apart means different events; close but disjoint is a contradiction.
    fn compare_dates(&self, mut members: Vec<usize>, out: &mut Vec<Conflict>) {
        members.sort_by_key(|&i| (self.fact(i).date_value().start, i));
        for (n, &i) in members.iter().enumerate() {
            let a = self.fact(i);
            let da = a.date_value();
            for &j in members[n + 1..].iter().take(MAX_NEIGHBOURS) {
                let b = self.fact(j);
                let db = b.date_value();
                if gap(da, db) > self.schema.window_days {
                    break;
                }
                // Cheapest tests first: most pairs agree, and `same_thing` reads names and slots.
                // Dates whose middles are further apart than the window are of
                // different events, however close their ends ("in 1956", "in 1957").
                let far = middle_gap(da, db).is_none_or(|gap| gap > self.schema.window_days);
                if a.doc == b.doc || !days_disjoint(da, db) || far || !self.same_thing(a, b) {
                    continue;
                }
                out.push(self.conflict(Code::Contradiction, a, b));
            }
        }
    }

    /// Figures true at a time (stock or event): disjoint values at overlapping times.
    fn compare_figures(&self, mut members: Vec<usize>, out: &mut Vec<Conflict>) {
        members.sort_by_key(|&i| (self.fact(i).time().and_then(|t| t.start), i));
        for (n, &i) in members.iter().enumerate() {
            let a = self.fact(i);
            for &j in members[n + 1..].iter().take(MAX_NEIGHBOURS) {
                let b = self.fact(j);
                let (Some(ta), Some(tb)) = (a.time(), b.time()) else {
                    continue;
                };
                if let (Some(end), Some(s)) = (ta.end, tb.start) {
                    if (s - end).num_days() > self.schema.window_days {
                        break;
                    }
                }
                if !values_disjoint(a, b) || gap(ta, tb) > self.schema.window_days || !self.same_thing(a, b) {
                    continue;
                }
                if let Some(code) = self.classify(a, b) {
                    out.push(self.conflict(code, a, b));
                }
            }
        }
    }

    /// What a disjoint pair of figures is: a dispute between sources, a revision by a later
    /// report, or a contradiction. `None` for a pair within one document that is not a dispute.
    fn classify(&self, a: &Fact, b: &Fact) -> Option<Code> {
        if self.disputed(a, b) {
            return Some(Code::Dispute);
        }
        if a.doc == b.doc {
            return None;
        }
        let (earlier, later) = if a.published <= b.published { (a, b) } else { (b, a) };
        if earlier.published != later.published && later.flags & REVISION_MARKED != 0 {
            return Some(Code::Revision);
        }
        Some(Code::Contradiction)
    }

    /// Running totals: the same day's reports must agree; a later report that
    /// differs revises the last report it differs from.
    fn compare_totals(&self, mut members: Vec<usize>, out: &mut Vec<Conflict>) {
        members.sort_by_key(|&i| (self.fact(i).published, i));
        // Totals are compared where they end: a toll reported for 1998 is not a step of this week's series.
        let window = self.schema.window_days;
        let time_overlaps = |a: &Fact, b: &Fact| match (a.time(), b.time()) {
            (Some(x), Some(y)) => {
                gap(x, y) == 0 && matches!((x.end, y.end), (Some(p), Some(q)) if (p - q).num_days().abs() <= window)
            }
            _ => false,
        };
        for (n, &i) in members.iter().enumerate() {
            let a = self.fact(i);
            let Some(day) = a.published else { continue };
            let mut revised_on: Option<NaiveDate> = None;
            for &j in members[n + 1..].iter().take(MAX_NEIGHBOURS) {
                let b = self.fact(j);
                let Some(other_day) = b.published else {
                    continue;
                };
                if (other_day - day).num_days() > self.schema.window_days || revised_on.is_some_and(|d| d < other_day) {
                    break;
                }
                if !values_disjoint(a, b) || !time_overlaps(a, b) || !self.same_thing(a, b) {
                    continue;
                }
                if other_day == day {
                    if let Some(code) = self.classify_same_day(a, b) {
                        out.push(self.conflict(code, a, b));
                    }
                } else {
                    revised_on = Some(other_day);
                    out.push(self.conflict(Code::Revision, a, b));
                }
            }
        }
    }

    fn classify_same_day(&self, a: &Fact, b: &Fact) -> Option<Code> {
        if self.disputed(a, b) {
            return Some(Code::Dispute);
        }
        (a.doc != b.doc).then_some(Code::Contradiction)
    }

    /// Both figures are attributed, to different sources, in a kind where that makes a dispute.
    fn disputed(&self, a: &Fact, b: &Fact) -> bool {
        self.schema.disputes && a.attribution != 0 && b.attribution != 0 && a.attribution != b.attribution
    }

    /// The conflict of `a` and `b`, the earlier report first.
    fn conflict(&self, code: Code, a: &Fact, b: &Fact) -> Conflict {
        let key = |f: &Fact| (f.published, f.doc, f.span_start);
        let (first, second) = if key(a) <= key(b) { (a, b) } else { (b, a) };
        let severity = self.schema.severity.get(&code).copied().unwrap_or(code.doc().severity);
        Conflict { code, severity, claims: [first.claim as usize, second.claim as usize] }
    }
}

/// True when two sorted lists have no number in common.
fn sorted_disjoint(a: &[u32], b: &[u32]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return false,
        }
    }
    true
}

/// The finding of a conflict, in words: `claims` are its two claims, `indexes`
/// their indexes in the analysis that will hold the finding.
pub fn finding(conflict: &Conflict, claims: [&Claim; 2], indexes: [usize; 2]) -> Finding {
    let code = conflict.code;
    let [x, y] = claims;
    let message = match code {
        Code::Contradiction => format!("{}: “{}” and “{}” cannot both be true", x.subject, x.text, y.text),
        Code::Dispute => format!(
            "{}: {} says “{}”, {} says “{}”",
            x.subject,
            x.attribution.as_deref().unwrap_or("one source"),
            x.text,
            y.attribution.as_deref().unwrap_or("another"),
            y.text
        ),
        _ => format!("{}: “{}” was later reported as “{}”", x.subject, x.text, y.text),
    };
    let help = match code {
        Code::Contradiction => format!(
            "{} and {}: the values do not overlap{}",
            describe(x),
            describe(y),
            if x.kind == y.kind && matches!(x.value, ClaimValue::Date(_)) {
                "; the same event cannot have both dates"
            } else {
                ""
            }
        ),
        Code::Dispute => {
            format!("{} and {}: attribute both figures, or say which is right", describe(x), describe(y))
        }
        _ => format!("{} and then {}: the later report supersedes the earlier one", describe(x), describe(y)),
    };
    Finding {
        code,
        severity: conflict.severity,
        kind: Some(x.kind.clone()),
        subject: Some(x.subject.clone()),
        message,
        help,
        claims: indexes.to_vec(),
        doc: None,
    }
}

/// A claim's value and time in words, for help lines.
pub fn describe(c: &Claim) -> String {
    let value = match &c.value {
        ClaimValue::Quantity { interval, .. } => interval_words(interval),
        ClaimValue::Date(d) => date_words(d),
    };
    match &c.time {
        Some(t) => format!("“{}” means {} ({})", c.text, value, date_words(t)),
        None => format!("“{}” means {}", c.text, value),
    }
}

/// An interval in words: "4,500–5,500", "more than 5,000", "at most 50".
pub fn interval_words(i: &Interval) -> String {
    match (i.low, i.high) {
        (Some(l), Some(h)) if l == h => number_words(l),
        (Some(l), Some(h)) => format!("{}–{}", number_words(l), number_words(h)),
        (Some(l), None) => format!("{} or more", number_words(l)),
        (None, Some(h)) => format!("at most {}", number_words(h)),
        (None, None) => "any value".into(),
    }
}

/// A number with thousands separators, without a fraction when whole.
pub fn number_words(n: f64) -> String {
    if n.fract() != 0.0 || n.abs() >= 1e15 {
        return format!("{}", (n * 10.0).round() / 10.0);
    }
    let digits = format!("{}", n.abs() as u64);
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if n < 0.0 {
        format!("-{out}")
    } else {
        out
    }
}

/// A date interval in words: "2020-01-16", "2020-01-16 to 2020-01-20", "until 2017-12-31".
pub fn date_words(d: &DateValue) -> String {
    match (d.start, d.end) {
        (Some(s), Some(e)) if s == e => s.to_string(),
        (Some(s), Some(e)) => format!("{s} to {e}"),
        (None, Some(e)) => format!("until {e}"),
        (Some(s), None) => format!("from {s}"),
        (None, None) => "unknown date".into(),
    }
}

fn values_disjoint(a: &Fact, b: &Fact) -> bool {
    match (a.is_date(), b.is_date()) {
        // Open ends are infinite: an open end is never below a bound.
        (false, false) => a.bounds[1] < b.bounds[0] || b.bounds[1] < a.bounds[0],
        (true, true) => days_disjoint(a.when, b.when),
        _ => false,
    }
}

fn days_disjoint(a: Days, b: Days) -> bool {
    let before = |x: Option<NaiveDate>, y: Option<NaiveDate>| matches!((x, y), (Some(x), Some(y)) if x < y);
    !a.is_unresolved() && !b.is_unresolved() && (before(a.end, b.start) || before(b.end, a.start))
}

/// Days between the middles of two closed date intervals (`None` when one is open).
fn middle_gap(a: Days, b: Days) -> Option<i64> {
    // Twice the middle, in days, so that a two-day span has a whole middle.
    let twice_middle = |d: Days| Some(d.start?.num_days_from_ce() as i64 + d.end?.num_days_from_ce() as i64);
    Some((twice_middle(a)? - twice_middle(b)?).abs() / 2)
}

/// Days between two date intervals (0 when they overlap; open ends reach anywhere).
fn gap(a: Days, b: Days) -> i64 {
    let after = |x: Option<NaiveDate>, y: Option<NaiveDate>| match (x, y) {
        (Some(x), Some(y)) if x > y => (x - y).num_days(),
        _ => 0,
    };
    after(b.start, a.end).max(after(a.start, b.end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn gaps_between_dates() {
        let a = DateValue::day(d("2020-02-10"));
        let b = DateValue::day(d("2020-02-12"));
        assert_eq!(gap(Days::of(&a), Days::of(&b)), 2);
        assert_eq!(gap(Days::of(&b), Days::of(&a)), 2);
        let open = DateValue { start: None, end: Some(d("2020-12-31")), ..DateValue::day(d("2020-01-01")) };
        assert_eq!(gap(Days::of(&open), Days::of(&a)), 0);
    }

    #[test]
    fn years_next_to_each_other_have_middles_a_year_apart() {
        let year = |y: &str| DateValue {
            start: Some(d(&format!("{y}-01-01"))),
            end: Some(d(&format!("{y}-12-31"))),
            ..DateValue::day(d("2000-01-01"))
        };
        assert_eq!(gap(Days::of(&year("1956")), Days::of(&year("1957"))), 1, "their ends are a day apart");
        assert_eq!(middle_gap(Days::of(&year("1956")), Days::of(&year("1957"))), Some(365));
        let (sat, sun) = (DateValue::day(d("2023-03-04")), DateValue::day(d("2023-03-05")));
        assert_eq!(middle_gap(Days::of(&sat), Days::of(&sun)), Some(1));
        let open = DateValue { start: None, ..sat.clone() };
        assert_eq!(middle_gap(Days::of(&open), Days::of(&sun)), None);
    }

    #[test]
    fn a_fact_is_small() {
        // A corpus of ten million claims holds ten million facts.
        assert_eq!(std::mem::size_of::<Fact>(), 72);
        assert_eq!(std::mem::size_of::<Option<NaiveDate>>(), 4);
    }

    #[test]
    fn numbers_in_words() {
        assert_eq!(number_words(5000.0), "5,000");
        assert_eq!(number_words(170000.0), "170,000");
        assert_eq!(number_words(43.6), "43.6");
        assert_eq!(interval_words(&Interval { low: Some(5001.0), high: None }), "5,001 or more");
    }

    #[test]
    fn every_code_is_documented_once() {
        for code in [Code::Contradiction, Code::Dispute, Code::Revision, Code::UndatedDocument, Code::BadHeader] {
            assert_eq!(CODES.iter().filter(|d| d.code == code).count(), 1);
            assert_eq!(Code::from_name(code.as_str()), Some(code));
        }
    }
}
