//! The model of an editor's fact-check report, shared by the HTML and
//! Markdown renderers.
//! In: an [`Analysis`]. Out: plain data, no markup: the summary counts, where
//! each claim is (path, line, source, date) and its sentence split around the
//! number, its value and time in words, the claims grouped by subject, and
//! for each subject with figures in time its timeline (points and the
//! findings that join them).
//!
//! Every lookup into the analysis is checked: a finding that names a claim
//! or document that is not there is left out, never a panic.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::check::{self, Code, Finding, Severity};
use crate::normalize::{DateValue, Granularity, Hedge};
use crate::resolve::{Claim, ClaimValue};
use crate::Analysis;

/// The severities, most serious first.
pub const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

/// A severity's name as the other reports print it.
pub fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// How many claims of one kind, and how many of them were compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindCount {
    /// Kind of claim.
    pub kind: String,
    /// Claims of that kind.
    pub claims: usize,
    /// Of those, claims that were compared with others.
    pub compared: usize,
}

/// One checked document, as the summary lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRow {
    /// Path as given.
    pub path: String,
    /// Outlet or source name from the front matter.
    pub source: Option<String>,
    /// Title from the front matter.
    pub title: Option<String>,
    /// Publication date.
    pub date: Option<NaiveDate>,
    /// Claims found in it.
    pub claims: usize,
}

/// The numbers at the top of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Documents checked, in path order.
    pub documents: Vec<DocumentRow>,
    /// Paths not checked, with the reason.
    pub skipped: Vec<(String, String)>,
    /// Claims found, by kind (kind order).
    pub claims: usize,
    /// Claims found by kind, in kind order.
    pub by_kind: Vec<KindCount>,
    /// Findings (not baselined) by severity, most serious first.
    pub by_severity: Vec<(Severity, usize)>,
    /// Findings (not baselined) by code, in registry order, with their severity.
    pub by_code: Vec<(Code, usize)>,
    /// Paths of the documents without a publication date.
    pub undated: Vec<String>,
    /// Findings the baseline accepts.
    pub baselined: usize,
    /// Baseline entries that match no finding.
    pub stale: usize,
}

/// Counts what a run checked and found.
pub fn summary(analysis: &Analysis) -> Summary {
    let documents = analysis
        .documents
        .iter()
        .map(|d| DocumentRow {
            path: d.document.path.display().to_string(),
            source: d.document.source.clone(),
            title: d.document.title.clone(),
            date: d.document.date,
            claims: d.claims,
        })
        .collect();
    let mut kinds: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for c in &analysis.claims {
        let e = kinds.entry(c.kind.as_str()).or_default();
        e.0 += 1;
        if c.not_compared.is_none() {
            e.1 += 1;
        }
    }
    let by_kind =
        kinds.into_iter().map(|(k, (n, m))| KindCount { kind: k.to_string(), claims: n, compared: m }).collect();
    let by_severity =
        SEVERITIES.iter().map(|&s| (s, analysis.findings.iter().filter(|f| f.severity == s).count())).collect();
    let by_code = check::CODES
        .iter()
        .map(|d| (d.code, analysis.findings.iter().filter(|f| f.code == d.code).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    Summary {
        documents,
        skipped: analysis.skipped.iter().map(|s| (s.path.display().to_string(), s.reason.clone())).collect(),
        claims: analysis.claims.len(),
        by_kind,
        by_severity,
        by_code,
        undated: analysis
            .documents
            .iter()
            .filter(|d| d.document.date.is_none())
            .map(|d| d.document.path.display().to_string())
            .collect(),
        baselined: analysis.baselined.len(),
        stale: analysis.stale.len(),
    }
}

/// Where a claim (or a document) is: path, line and column, and what the
/// document's header says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// Path as given.
    pub path: String,
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
    /// Outlet or source name from the front matter.
    pub source: Option<String>,
    /// Title from the front matter.
    pub title: Option<String>,
    /// Publication date.
    pub date: Option<NaiveDate>,
}

impl Site {
    /// `path:line:column`.
    pub fn location(&self) -> String {
        format!("{}:{}:{}", self.path, self.line, self.column)
    }

    /// The publication date, or "undated".
    pub fn date_words(&self) -> String {
        self.date.map(|d| d.to_string()).unwrap_or_else(|| "undated".into())
    }
}

/// Where document `doc` is, at byte `offset` of its text.
pub fn site_at(analysis: &Analysis, doc: usize, offset: usize) -> Option<Site> {
    let d = analysis.documents.get(doc)?;
    let (line, column) = d.lines.line_col(&d.document.text, offset);
    Some(Site {
        path: d.document.path.display().to_string(),
        line,
        column,
        source: d.document.source.clone(),
        title: d.document.title.clone(),
        date: d.document.date,
    })
}

/// Where a claim is.
pub fn site(analysis: &Analysis, claim: &Claim) -> Option<Site> {
    site_at(analysis, claim.doc, claim.span.start)
}

/// A claim's sentence split around the number, whitespace collapsed, and
/// shortened with "…" when very long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// Text before the number.
    pub before: String,
    /// The number as written (empty for a document's opening words).
    pub number: String,
    /// Text after the number.
    pub after: String,
}

/// Longest context kept on either side of the number, in characters.
const CONTEXT_CHARS: usize = 220;

/// Collapses runs of whitespace (line breaks included) into one space.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for ch in text.chars() {
        if ch.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(ch);
        }
    }
    out
}

fn keep_last(text: &str, n: usize) -> String {
    let count = text.chars().count();
    if count <= n {
        return text.to_string();
    }
    let tail: String = text.chars().skip(count - n).collect();
    // Start at a word.
    let tail = tail.split_once(' ').map_or(tail.as_str(), |(_, rest)| rest);
    format!("…{tail}")
}

fn keep_first(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        return text.to_string();
    }
    let head: String = text.chars().take(n).collect();
    let head = head.rsplit_once(' ').map_or(head.as_str(), |(rest, _)| rest);
    format!("{head}…")
}

/// The sentence of a claim with the number marked out.
pub fn excerpt(analysis: &Analysis, claim: &Claim) -> Excerpt {
    let text = analysis.documents.get(claim.doc).map_or("", |d| d.document.text.as_str());
    let number = text.get(claim.span.clone()).unwrap_or(&claim.text);
    let inside = claim.sentence.start <= claim.span.start && claim.span.end <= claim.sentence.end;
    let (before, after) = if inside {
        (
            text.get(claim.sentence.start..claim.span.start).unwrap_or(""),
            text.get(claim.span.end..claim.sentence.end).unwrap_or(""),
        )
    } else {
        ("", "")
    };
    let mut b = keep_last(&one_line(before), CONTEXT_CHARS);
    if !b.is_empty() && before.ends_with(char::is_whitespace) {
        b.push(' ');
    }
    let mut a = keep_first(&one_line(after), CONTEXT_CHARS);
    if !a.is_empty() && after.starts_with(char::is_whitespace) {
        a.insert(0, ' ');
    }
    Excerpt { before: b, number: one_line(number), after: a }
}

/// The opening words of a document, for findings about the whole document.
pub fn opening(analysis: &Analysis, doc: usize) -> Excerpt {
    let body = analysis.documents.get(doc).and_then(|d| d.document.text.get(d.document.body.clone())).unwrap_or("");
    let first = body.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    Excerpt { before: keep_first(&one_line(first), CONTEXT_CHARS), number: String::new(), after: String::new() }
}

/// A hedge in words: "about", "more than"; `None` for a plain number.
pub fn hedge_words(h: Hedge) -> Option<&'static str> {
    match h {
        Hedge::None => None,
        Hedge::Approx => Some("about"),
        Hedge::MoreThan => Some("more than"),
        Hedge::AtLeast => Some("at least"),
        Hedge::Nearly => Some("nearly"),
        Hedge::UpTo => Some("up to"),
        Hedge::FewerThan => Some("fewer than"),
        Hedge::Range => Some("a range"),
        Hedge::Vague => Some("a vague amount"),
    }
}

/// What a claim's value allows, in words: "4,500–5,500", "5,001 or more",
/// a date for claims that are dates; with the unit when the schema has one.
pub fn value_words(claim: &Claim) -> String {
    match &claim.value {
        ClaimValue::Quantity { interval, .. } => {
            let words = check::interval_words(interval);
            match &claim.unit {
                Some(u) if !u.is_empty() && u != "count" => format!("{words} {u}"),
                _ => words,
            }
        }
        ClaimValue::Date(d) => time_words(d),
    }
}

/// How the text qualifies the number, in words ("about 5,000", "a range 40–50"), or `None`.
pub fn stated_words(claim: &Claim) -> Option<String> {
    let ClaimValue::Quantity { quantity, .. } = &claim.value else {
        return None;
    };
    let hedge = hedge_words(quantity.hedge)?;
    let number = if quantity.low == quantity.high {
        check::number_words(quantity.low)
    } else {
        format!("{}–{}", check::number_words(quantity.low), check::number_words(quantity.high))
    };
    Some(format!("{hedge} {number}"))
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The English name of a month (1–12), shortened to three letters when `short`.
pub fn month_name(month: u32, short: bool) -> &'static str {
    let name = MONTHS.get(month.saturating_sub(1) as usize).copied().unwrap_or("");
    if short {
        name.get(..3).unwrap_or(name)
    } else {
        name
    }
}

fn last_day_of_month(d: NaiveDate) -> Option<NaiveDate> {
    let (y, m) = if d.month() == 12 { (d.year() + 1, 1) } else { (d.year(), d.month() + 1) };
    NaiveDate::from_ymd_opt(y, m, 1).and_then(|n| n.pred_opt())
}

/// A time scope in words: "2007" for a whole year, "July 2021" for a whole
/// month, else the days ("2020-01-16", "2021-07-01 to 2021-12-09", "until 2017-12-31").
pub fn time_words(d: &DateValue) -> String {
    if let Some(reason) = &d.unresolved {
        if d.is_unresolved() {
            return format!("unresolved ({reason})");
        }
    }
    if let (Some(s), Some(e)) = (d.start, d.end) {
        let whole_year = s.month() == 1 && s.day() == 1 && e.month() == 12 && e.day() == 31 && s.year() == e.year();
        if whole_year && d.granularity != Granularity::Day {
            return s.year().to_string();
        }
        let whole_month =
            s.day() == 1 && s.year() == e.year() && s.month() == e.month() && last_day_of_month(s) == Some(e);
        if whole_month && d.granularity != Granularity::Day {
            return format!("{} {}", month_name(s.month(), false), s.year());
        }
    }
    check::date_words(d)
}

/// When a claim is true, in words ("no time" when it has none).
pub fn claim_time_words(claim: &Claim) -> String {
    match (&claim.time, &claim.value) {
        (Some(t), _) => time_words(t),
        (None, ClaimValue::Date(_)) => "—".into(),
        (None, _) => "no time".into(),
    }
}

/// The claims of one subject (kind and subject in words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Kind of claim.
    pub kind: String,
    /// Subject in words.
    pub subject: String,
    /// Indexes into the run's claims, in time order (claims without a time last).
    pub claims: Vec<usize>,
}

/// The day a claim is placed at in time: the middle of its time scope, or its
/// known end when the other is open; for a date claim, the date.
pub fn placed_at(claim: &Claim) -> Option<NaiveDate> {
    let d = match (&claim.time, &claim.value) {
        (Some(t), _) => t,
        (None, ClaimValue::Date(d)) => d,
        (None, _) => return None,
    };
    match (d.start, d.end) {
        (Some(s), Some(e)) if e >= s => s.checked_add_days(chrono::Days::new(((e - s).num_days() / 2) as u64)),
        (Some(s), _) => Some(s),
        (None, Some(e)) => Some(e),
        (None, None) => None,
    }
}

/// Every claim grouped by kind and subject, groups in kind then subject order.
pub fn groups(analysis: &Analysis) -> Vec<Group> {
    let mut by: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, c) in analysis.claims.iter().enumerate() {
        by.entry((c.kind.as_str(), c.subject.as_str())).or_default().push(i);
    }
    by.into_iter()
        .map(|((kind, subject), mut claims)| {
            claims.sort_by_key(|&i| {
                let c = &analysis.claims[i];
                (placed_at(c).is_none(), placed_at(c), c.doc, c.span.start)
            });
            Group { kind: kind.to_string(), subject: subject.to_string(), claims }
        })
        .collect()
}

/// One claim in a timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// Index into the run's claims.
    pub claim: usize,
    /// Index of its document.
    pub doc: usize,
    /// Where it sits in time (`None`: it has no time; such points go last).
    pub at: Option<NaiveDate>,
    /// First day of its time scope (`None`: open to the past, or no time).
    pub start: Option<NaiveDate>,
    /// Last day of its time scope (`None`: open to the future, or no time).
    pub end: Option<NaiveDate>,
    /// The number as stated (the middle of a stated range).
    pub value: f64,
    /// Lowest value its hedge allows (`None`: unbounded).
    pub low: Option<f64>,
    /// Highest value its hedge allows (`None`: unbounded).
    pub high: Option<f64>,
    /// It was compared with other claims.
    pub compared: bool,
}

/// A finding between two points of a timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The finding's code.
    pub code: Code,
    /// Index into the run's claims of the first claim.
    pub from: usize,
    /// Index into the run's claims of the second claim.
    pub to: usize,
    /// The finding is accepted by the baseline.
    pub baselined: bool,
    /// The finding's message.
    pub message: String,
}

/// The figures of one subject over time.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// Kind of claim.
    pub kind: String,
    /// Subject in words.
    pub subject: String,
    /// Unit of the values, from the schema.
    pub unit: Option<String>,
    /// One point per quantity claim of the subject, in time order, those without a time last.
    pub points: Vec<Point>,
    /// Findings between points of this timeline.
    pub links: Vec<Link>,
}

impl Timeline {
    /// The indexes of the documents that have points, in first-appearance order.
    pub fn documents(&self) -> Vec<usize> {
        let mut docs: Vec<usize> = Vec::new();
        for p in &self.points {
            if !docs.contains(&p.doc) {
                docs.push(p.doc);
            }
        }
        docs.sort_unstable();
        docs
    }
}

fn point(i: usize, c: &Claim) -> Option<Point> {
    let ClaimValue::Quantity { quantity, interval } = &c.value else {
        return None;
    };
    let value = (quantity.low + quantity.high) / 2.0;
    if !value.is_finite() {
        return None;
    }
    let finite = |x: Option<f64>| x.filter(|v| v.is_finite());
    Some(Point {
        claim: i,
        doc: c.doc,
        at: placed_at(c),
        start: c.time.as_ref().and_then(|t| t.start),
        end: c.time.as_ref().and_then(|t| t.end),
        value,
        low: finite(interval.low),
        high: finite(interval.high),
        compared: c.not_compared.is_none(),
    })
}

/// The findings of a run with whether each is baselined: new ones first, then accepted ones.
pub fn all_findings(analysis: &Analysis) -> impl Iterator<Item = (&Finding, Option<&Option<String>>)> {
    analysis.findings.iter().map(|f| (f, None)).chain(analysis.baselined.iter().map(|a| (&a.finding, Some(&a.reason))))
}

/// A timeline for every subject that has at least one compared quantity claim
/// with a time: those with the most findings, then the most figures, first
/// (ties in kind then subject order). Its points are all the quantity
/// claims of the subject (compared or not, with a time or not).
pub fn timelines(analysis: &Analysis) -> Vec<Timeline> {
    let mut out = Vec::new();
    for g in groups(analysis) {
        let points: Vec<Point> =
            g.claims.iter().filter_map(|&i| analysis.claims.get(i).and_then(|c| point(i, c))).collect();
        if !points.iter().any(|p| p.compared && p.at.is_some()) {
            continue;
        }
        let mut links = Vec::new();
        for (f, baselined) in all_findings(analysis) {
            let inside: Vec<usize> =
                f.claims.iter().copied().filter(|c| points.iter().any(|p| p.claim == *c)).collect();
            for pair in inside.windows(2) {
                links.push(Link {
                    code: f.code,
                    from: pair[0],
                    to: pair[1],
                    baselined: baselined.is_some(),
                    message: f.message.clone(),
                });
            }
        }
        let unit = g.claims.iter().filter_map(|&i| analysis.claims.get(i)).find_map(|c| c.unit.clone());
        out.push(Timeline { kind: g.kind, subject: g.subject, unit, points, links });
    }
    // The subjects with most to see first: findings, then figures.
    out.sort_by(|a, b| {
        (b.links.iter().filter(|l| !l.baselined).count(), b.points.len())
            .cmp(&(a.links.iter().filter(|l| !l.baselined).count(), a.points.len()))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn span(s: &str, e: &str, g: Granularity) -> DateValue {
        DateValue { start: Some(d(s)), end: Some(d(e)), granularity: g, relative: false, unresolved: None }
    }

    #[test]
    fn time_scopes_in_words() {
        let cases = [
            ("whole year", span("2007-01-01", "2007-12-31", Granularity::Year), "2007"),
            ("whole month", span("2021-07-01", "2021-07-31", Granularity::Month), "July 2021"),
            ("one day", DateValue::day(d("2020-01-16")), "2020-01-16"),
            ("a span", span("2020-05-01", "2021-12-09", Granularity::Span), "2020-05-01 to 2021-12-09"),
            ("february", span("2024-02-01", "2024-02-29", Granularity::Month), "February 2024"),
        ];
        for (name, value, expected) in cases {
            assert_eq!(time_words(&value), expected, "{name}");
        }
        assert!(time_words(&DateValue::unresolved("no reference date")).starts_with("unresolved"));
    }

    #[test]
    fn whitespace_collapses() {
        assert_eq!(one_line("  a\n\n b\tc  "), "a b c");
        assert_eq!(keep_first("one two three four", 9), "one two…");
        assert_eq!(keep_last("one two three four", 9), "…four");
    }

    #[test]
    fn month_names() {
        assert_eq!(month_name(1, true), "Jan");
        assert_eq!(month_name(9, false), "September");
        assert_eq!(month_name(13, false), "");
    }
}
