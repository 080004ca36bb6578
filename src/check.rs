//! Checking: claims to findings.
//! In: every [`Claim`] of the run, each document's proper names, the schemas.
//! Out: [`Finding`]s. Claims are grouped by kind and subject, sorted by time,
//! and only neighbours within the schema's window are compared, so the cost
//! is O(n log n) in claims (plus the pairs that really are close in time).

use std::collections::HashMap;
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

/// Compares claims and returns the findings, in a deterministic order.
pub fn check(claims: &[Claim], anchors: &[Anchors], schemas: &[Schema]) -> Vec<Finding> {
    // Groups by kind and required slots. The key is a hash of the lower-cased
    // slot values, built without allocating: two subjects whose hashes collide
    // share a group, which costs comparisons but never a finding, since
    // `Pairs::same_thing` refuses claims whose slots differ.
    let mut groups: HashMap<(usize, u64), Vec<usize>> = HashMap::new();
    for (i, c) in claims.iter().enumerate() {
        let Some(schema) = schemas.get(c.schema) else { continue };
        if c.not_compared.is_some() || !schema.compare {
            continue;
        }
        // Optional slots are not part of the key: a claim that lacks one may still
        // be compared (see `Pairs::same_thing`).
        let mut hasher = SUBJECT_HASH.build_hasher();
        for s in c.slots.iter().filter(|s| schema.slots.iter().any(|x| x.name == s.name && x.required)) {
            hasher.write(s.name.as_bytes());
            hasher.write_u8(0xff);
            for b in s.value.bytes() {
                hasher.write_u8(b.to_ascii_lowercase());
            }
            hasher.write_u8(0xfe);
        }
        groups.entry((c.schema, hasher.finish())).or_default().push(i);
    }
    // A fixed order (by the first claim of each group), so the findings come out the same every run.
    let mut groups: Vec<((usize, u64), Vec<usize>)> = groups.into_iter().collect();
    groups.sort_unstable_by_key(|(_, members)| members.first().copied());
    let mut findings = Vec::new();
    for ((schema_index, _), members) in groups {
        let Some(schema) = schemas.get(schema_index) else {
            continue;
        };
        let pairs = Pairs { claims, anchors, schema };
        match (schema.value, schema.scope) {
            (ValueType::Date, _) => pairs.compare_dates(members, &mut findings),
            (_, ScopeRule::Cumulative) => pairs.compare_totals(members, &mut findings),
            _ => pairs.compare_figures(members, &mut findings),
        }
    }
    findings
}

/// The hasher of subject keys: SipHash with fixed keys, the same in every run.
const SUBJECT_HASH: std::hash::BuildHasherDefault<std::hash::DefaultHasher> = std::hash::BuildHasherDefault::new();

struct Pairs<'a> {
    claims: &'a [Claim],
    anchors: &'a [Anchors],
    schema: &'a Schema,
}

impl Pairs<'_> {
    /// Two claims may be about the same thing: same document, or documents that share a proper name,
    /// and events whose dates are close.
    fn same_thing(&self, a: &Claim, b: &Claim) -> bool {
        let clash =
            a.slots.iter().any(|x| b.slots.iter().any(|y| x.name == y.name && !x.value.eq_ignore_ascii_case(&y.value)));
        if clash {
            return false;
        }
        if a.doc != b.doc {
            let (Some(x), Some(y)) = (self.anchors.get(a.doc), self.anchors.get(b.doc)) else {
                return false;
            };
            if x.is_disjoint(y) {
                return false;
            }
        }
        match (&a.event_date, &b.event_date) {
            (Some(x), Some(y)) => gap_days(x, y) <= EVENT_DATE_SLACK_DAYS,
            _ => true,
        }
    }

    /// Dates of one kind of event: far apart means different events; close but disjoint is a contradiction.
    fn compare_dates(&self, mut members: Vec<usize>, out: &mut Vec<Finding>) {
        let date_of = |i: usize| match &self.claims[i].value {
            ClaimValue::Date(d) => d.clone(),
            ClaimValue::Quantity { .. } => DateValue::unresolved(""),
        };
        members.sort_by_key(|&i| (date_of(i).start, i));
        for (n, &i) in members.iter().enumerate() {
            let a = &self.claims[i];
            let da = date_of(i);
            for &j in members[n + 1..].iter().take(MAX_NEIGHBOURS) {
                let b = &self.claims[j];
                let db = date_of(j);
                if gap_days(&da, &db) > self.schema.window_days {
                    break;
                }
                // Cheapest tests first: most pairs agree, and `same_thing` reads names and slots.
                // Dates whose middles are further apart than the window are of
                // different events, however close their ends ("in 1956", "in 1957").
                let far = middle_gap_days(&da, &db).is_none_or(|gap| gap > self.schema.window_days);
                if a.doc == b.doc || !dates_disjoint(&da, &db) || far || !self.same_thing(a, b) {
                    continue;
                }
                out.push(self.finding(Code::Contradiction, i, j));
            }
        }
    }

    /// Figures true at a time (stock or event): disjoint values at overlapping times.
    fn compare_figures(&self, mut members: Vec<usize>, out: &mut Vec<Finding>) {
        let start = |i: usize| self.claims[i].time.as_ref().and_then(|t| t.start);
        members.sort_by_key(|&i| (start(i), i));
        for (n, &i) in members.iter().enumerate() {
            let a = &self.claims[i];
            for &j in members[n + 1..].iter().take(MAX_NEIGHBOURS) {
                let b = &self.claims[j];
                let (Some(ta), Some(tb)) = (&a.time, &b.time) else {
                    continue;
                };
                if let (Some(end), Some(s)) = (ta.end, tb.start) {
                    if (s - end).num_days() > self.schema.window_days {
                        break;
                    }
                }
                if !values_disjoint(a, b) || gap_days(ta, tb) > self.schema.window_days || !self.same_thing(a, b) {
                    continue;
                }
                if let Some(code) = self.classify(a, b) {
                    out.push(self.finding(code, i, j));
                }
            }
        }
    }

    /// What a disjoint pair of figures is: a dispute between sources, a revision by a later
    /// report, or a contradiction. `None` for a pair within one document that is not a dispute.
    fn classify(&self, a: &Claim, b: &Claim) -> Option<Code> {
        if self.disputed(a, b) {
            return Some(Code::Dispute);
        }
        if a.doc == b.doc {
            return None;
        }
        let (earlier, later) = if a.published <= b.published { (a, b) } else { (b, a) };
        if earlier.published != later.published && later.revision_marked {
            return Some(Code::Revision);
        }
        Some(Code::Contradiction)
    }

    /// Running totals: the same day's reports must agree; a later report that
    /// differs revises the last report it differs from.
    fn compare_totals(&self, mut members: Vec<usize>, out: &mut Vec<Finding>) {
        let published = |i: usize| self.claims[i].published;
        members.sort_by_key(|&i| (published(i), i));
        // Totals are compared where they end: a toll reported for 1998 is not a step of this week's series.
        let window = self.schema.window_days;
        let time_overlaps = |a: &Claim, b: &Claim| match (&a.time, &b.time) {
            (Some(x), Some(y)) => {
                gap_days(x, y) == 0
                    && matches!((x.end, y.end), (Some(p), Some(q)) if (p - q).num_days().abs() <= window)
            }
            _ => false,
        };
        for (n, &i) in members.iter().enumerate() {
            let a = &self.claims[i];
            let Some(day) = a.published else { continue };
            let mut revised_on: Option<NaiveDate> = None;
            for &j in members[n + 1..].iter().take(MAX_NEIGHBOURS) {
                let b = &self.claims[j];
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
                        out.push(self.finding(code, i, j));
                    }
                } else {
                    revised_on = Some(other_day);
                    out.push(self.finding(Code::Revision, i, j));
                }
            }
        }
    }

    fn classify_same_day(&self, a: &Claim, b: &Claim) -> Option<Code> {
        if self.disputed(a, b) {
            return Some(Code::Dispute);
        }
        (a.doc != b.doc).then_some(Code::Contradiction)
    }

    /// Both figures are attributed, to different sources, in a kind where that makes a dispute.
    fn disputed(&self, a: &Claim, b: &Claim) -> bool {
        self.schema.disputes && matches!((&a.attribution, &b.attribution), (Some(x), Some(y)) if x != y)
    }

    fn finding(&self, code: Code, i: usize, j: usize) -> Finding {
        let (a, b) = (&self.claims[i], &self.claims[j]);
        let (first, second) =
            if (a.published, a.doc, a.span.start) <= (b.published, b.doc, b.span.start) { (i, j) } else { (j, i) };
        let (x, y) = (&self.claims[first], &self.claims[second]);
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
            severity: self.schema.severity.get(&code).copied().unwrap_or(code.doc().severity),
            kind: Some(x.kind.clone()),
            subject: Some(x.subject.clone()),
            message,
            help,
            claims: vec![first, second],
            doc: None,
        }
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

fn values_disjoint(a: &Claim, b: &Claim) -> bool {
    match (&a.value, &b.value) {
        (ClaimValue::Quantity { interval: x, .. }, ClaimValue::Quantity { interval: y, .. }) => x.is_disjoint(y),
        (ClaimValue::Date(x), ClaimValue::Date(y)) => dates_disjoint(x, y),
        _ => false,
    }
}

fn dates_disjoint(a: &DateValue, b: &DateValue) -> bool {
    let before = |x: Option<NaiveDate>, y: Option<NaiveDate>| matches!((x, y), (Some(x), Some(y)) if x < y);
    !a.is_unresolved() && !b.is_unresolved() && (before(a.end, b.start) || before(b.end, a.start))
}

/// Days between the middles of two closed date intervals (`None` when one is open).
fn middle_gap_days(a: &DateValue, b: &DateValue) -> Option<i64> {
    // Twice the middle, in days, so that a two-day span has a whole middle.
    let twice_middle = |d: &DateValue| Some(d.start?.num_days_from_ce() as i64 + d.end?.num_days_from_ce() as i64);
    Some((twice_middle(a)? - twice_middle(b)?).abs() / 2)
}

/// Days between two date intervals (0 when they overlap; open ends reach anywhere).
pub fn gap_days(a: &DateValue, b: &DateValue) -> i64 {
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
        assert_eq!(gap_days(&a, &b), 2);
        assert_eq!(gap_days(&b, &a), 2);
        let open = DateValue { start: None, end: Some(d("2020-12-31")), ..DateValue::day(d("2020-01-01")) };
        assert_eq!(gap_days(&open, &a), 0);
    }

    #[test]
    fn years_next_to_each_other_have_middles_a_year_apart() {
        let year = |y: &str| DateValue {
            start: Some(d(&format!("{y}-01-01"))),
            end: Some(d(&format!("{y}-12-31"))),
            ..DateValue::day(d("2000-01-01"))
        };
        assert_eq!(gap_days(&year("1956"), &year("1957")), 1, "their ends are a day apart");
        assert_eq!(middle_gap_days(&year("1956"), &year("1957")), Some(365));
        let (sat, sun) = (DateValue::day(d("2023-03-04")), DateValue::day(d("2023-03-05")));
        assert_eq!(middle_gap_days(&sat, &sun), Some(1));
        let open = DateValue { start: None, ..sat.clone() };
        assert_eq!(middle_gap_days(&open, &sun), None);
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
