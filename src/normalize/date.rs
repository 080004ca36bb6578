//! Dates: date and period mentions to [`DateValue`] intervals of days.
//! In: text (a sentence for [`DateScanner::find_all`], or one mention for
//! [`parse_date`]) and an optional reference date (the publication date, or
//! the date the sentence is about).
//! Out: [`DateMatch`]es (byte span + [`DateValue`]) or one [`DateValue`].
//! Relative expressions with no reference date are [`DateValue::unresolved`].
//!
//! Month and weekday names and the English date grammar live here.

use std::ops::Range;
use std::sync::OnceLock;

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};
use regex::{Captures, Regex};

use crate::normalize::{DateValue, Granularity};

const WEEKDAYS: &str = "(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)";
const MONTHS: &str = "(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)";
const DAY: &str = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?\b";
const YEAR: &str = r"(?:1[5-9][0-9]{2}|20[0-9]{2})\b";
const COUNT_WORDS: &str = "(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[0-9]{1,3})";
const PARTS_OF_DAY: &str = "(?:morning|afternoon|evening|night)";

/// A month name, with its optional abbreviation dot.
fn month() -> String {
    r"(?:(?:january|february|march|april|may|june|july|august|september|october|november|december)\b|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?)".to_string()
}

/// Absolute (or yearless) single dates and months: no surrounding scope words.
fn absolute() -> String {
    let (m, wd) = (month(), WEEKDAYS);
    let iso = r"\b[0-9]{4}-[0-9]{2}-[0-9]{2}\b|\b[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}\b|\b[0-9]{1,2}/[0-9]{1,2}/(?:[0-9]{4}|[0-9]{2})\b";
    let mdy = format!(r"(?:{wd},?\s+)?{m}\s*-?\s*{DAY}(?:\s*,?\s+{YEAR})?");
    let dmy = format!(r"(?:{wd},?\s+)?(?:the\s+)?{DAY}\s+(?:of\s+)?{m}(?:,?\s+{YEAR})?");
    let my = format!(r"{m},?\s+{YEAR}");
    let season = format!(r"(?:early|mid|late)[\s-]+(?:{YEAR}|(?:last|this|next)\s+year)");
    let decade = r"(?:the\s+)?(?:1[5-9]|20)[0-9]0s\b";
    format!(r"\b(?:{iso}|{mdy}|{dmy}|{my}|{season}|{decade})")
}

/// What may follow "since", "by", "from", "between": a date, a month or a year.
fn anchor() -> String {
    format!(r"(?:{}|\b{}|\b{YEAR})", absolute(), month())
}

/// Regex source (no capturing groups) matching a date or period expression
/// (see the module list). Caller adds (?i).
pub fn date_pattern() -> String {
    let (m, wd, a) = (month(), WEEKDAYS, anchor());
    let scopes = [
        format!(r"\bsince\s+{a}"),
        format!(r"\bby\s+(?:the\s+end\s+of\s+)?(?:{a}|the\s+year)"),
        format!(r"\bfrom\s+{a}\s+(?:to|until|till|through)\s+{a}"),
        format!(r"\bbetween\s+{a}\s+and\s+{a}"),
        format!(r"\b(?:at\s+)?the\s+end\s+of\s+(?:the\s+year|(?:last|this)\s+year|{a})"),
    ];
    let relative = [
        r"\b(?:yesterday|today|tomorrow)\b".to_string(),
        format!(r"\b{COUNT_WORDS}\s+(?:days?|weeks?|months?|years?)\s+(?:ago|earlier|later)\b"),
        r"\bearlier\s+(?:this|in\s+the)\s+(?:week|month|year)\b".to_string(),
        r"\b(?:last|this|next)\s+(?:week|month|year|weekend)\b(?:['’]s\b)?".to_string(),
        format!(r"\b(?:(?:late|early)\s+on\s+|last\s+|this\s+|next\s+)?{wd}\b(?:['’]s\b)?(?:\s+{PARTS_OF_DAY}\b)?"),
    ];
    let in_month_year = format!(r"\b(?:in|during|until|last|this|next|early|mid|late)[\s-]+(?:{m}|{YEAR})");
    let mut alts: Vec<String> = scopes.to_vec();
    alts.push(absolute());
    alts.push(in_month_year);
    alts.extend(relative);
    format!("(?:{})", alts.join("|"))
}

/// Anchored parsing regexes (with captures), compiled once.
struct Grammar {
    iso: Regex,
    slash: Regex,
    mdy: Regex,
    dmy: Regex,
    my: Regex,
    month_only: Regex,
    year_only: Regex,
    season: Regex,
    decade: Regex,
    weekday: Regex,
    ago: Regex,
}

fn grammar() -> Option<&'static Grammar> {
    static GRAMMAR: OnceLock<Option<Grammar>> = OnceLock::new();
    GRAMMAR
        .get_or_init(|| {
            let wd = WEEKDAYS;
            let day = r"(3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?";
            let mon = format!(r"({MONTHS})\.?");
            let year = r"([0-9]{4})";
            let re = |s: String| Regex::new(&crate::patterns::ascii_boundaries(&format!("^(?:{s})$"))).ok();
            Some(Grammar {
                iso: re(r"([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})".into())?,
                slash: re(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4}|[0-9]{2})".into())?,
                mdy: re(format!(r"(?:{wd},? )?{mon} ?-? ?{day}(?: ?,? {year})?"))?,
                dmy: re(format!(r"(?:{wd},? )?(?:the )?{day} (?:of )?{mon}(?:,? {year})?"))?,
                my: re(format!(r"(?:in |during )?{mon},? {year}"))?,
                month_only: re(format!(r"(in|during|until|last|this|next|early|mid|late)?[ -]?{mon}"))?,
                year_only: re(format!(r"(?:in |during |until )?{year}"))?,
                season: re(format!(r"(early|mid|late)[ -]?(?:{year}|(last|this|next) year)"))?,
                decade: re(r"(?:the )?([0-9]{3})0s".into())?,
                weekday: re(format!(
                    r"(?:(?:late|early) )?(?:on )?(last |this |next )?({wd})(?:'s)?(?: {PARTS_OF_DAY})?"
                ))?,
                ago: re(format!(r"({COUNT_WORDS}) (day|week|month|year)s? (ago|earlier|later)"))?,
            })
        })
        .as_ref()
}

fn month_number(name: &str) -> Option<u32> {
    const NAMES: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let prefix = name.get(..3)?;
    NAMES.iter().position(|n| *n == prefix).and_then(|i| u32::try_from(i + 1).ok())
}

fn weekday_of(name: &str) -> Option<Weekday> {
    name.parse().ok()
}

fn count_value(word: &str) -> Option<i64> {
    const WORDS: [&str; 13] =
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
    match word {
        "a" | "an" => Some(1),
        w => WORDS.iter().position(|x| *x == w).and_then(|i| i64::try_from(i).ok()).or_else(|| w.parse().ok()),
    }
}

fn span(start: NaiveDate, end: NaiveDate, granularity: Granularity, relative: bool) -> DateValue {
    DateValue { start: Some(start), end: Some(end), granularity, relative, unresolved: None }
}

fn year_value(year: i32, relative: bool) -> Option<DateValue> {
    Some(span(
        NaiveDate::from_ymd_opt(year, 1, 1)?,
        NaiveDate::from_ymd_opt(year, 12, 31)?,
        Granularity::Year,
        relative,
    ))
}

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, 1)?.checked_add_months(Months::new(1))?.pred_opt()
}

fn month_value(year: i32, month: u32, relative: bool) -> Option<DateValue> {
    Some(span(NaiveDate::from_ymd_opt(year, month, 1)?, last_day_of_month(year, month)?, Granularity::Month, relative))
}

fn season_value(year: i32, part: &str, relative: bool) -> Option<DateValue> {
    let (from, to) = match part {
        "early" => (1, 4),
        "mid" => (5, 8),
        _ => (9, 12),
    };
    Some(span(NaiveDate::from_ymd_opt(year, from, 1)?, last_day_of_month(year, to)?, Granularity::Season, relative))
}

fn monday_of(date: NaiveDate) -> Option<NaiveDate> {
    date.checked_sub_signed(Duration::days(i64::from(date.weekday().num_days_from_monday())))
}

/// The most recent `wd` on or before `r` (strictly before when `strict`).
fn weekday_before(r: NaiveDate, wd: Weekday, strict: bool) -> Option<NaiveDate> {
    let mut back = (7 + i64::from(r.weekday().num_days_from_monday()) - i64::from(wd.num_days_from_monday())) % 7;
    if strict && back == 0 {
        back = 7;
    }
    r.checked_sub_signed(Duration::days(back))
}

/// The first `wd` strictly after `r`.
fn weekday_after(r: NaiveDate, wd: Weekday) -> Option<NaiveDate> {
    let mut ahead = (7 + i64::from(wd.num_days_from_monday()) - i64::from(r.weekday().num_days_from_monday())) % 7;
    if ahead == 0 {
        ahead = 7;
    }
    r.checked_add_signed(Duration::days(ahead))
}

const UNDATED: &str = "relative date in an undated document";

/// Lower-cases, unifies apostrophes and dashes, collapses whitespace and
/// drops a final possessive "'s".
fn normalise(text: &str) -> String {
    let lower = text.to_lowercase().replace(['’', '‘'], "'").replace(['–', '—'], "-");
    let joined = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    let trimmed = joined.trim_matches(|c: char| c == ',' || c == ';').trim();
    let trimmed = trimmed.strip_prefix("on ").unwrap_or(trimmed);
    trimmed.strip_suffix("'s").unwrap_or(trimmed).to_string()
}

/// Parses one date expression against a reference date (the document's
/// publication date, or the date the sentence is about). None if not a date.
pub fn parse_date(text: &str, reference: Option<NaiveDate>) -> Option<DateValue> {
    let s = normalise(text);
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    parse_scoped(&s, reference)
}

fn parse_scoped(s: &str, r: Option<NaiveDate>) -> Option<DateValue> {
    if let Some(rest) = s.strip_prefix("since ") {
        let mut v = parse_single(rest, r)?;
        if v.unresolved.is_some() {
            return Some(v);
        }
        // A yearless month or day after the reference belongs to the year before.
        if let (Some(start), Some(r)) = (v.start, r) {
            if v.relative && start > r {
                v = parse_single(rest, r.with_year(r.year() - 1).or(Some(r)))?;
            }
        }
        return Some(DateValue {
            start: v.start,
            end: r,
            granularity: Granularity::Span,
            relative: true,
            unresolved: None,
        });
    }
    if let Some(rest) = s.strip_prefix("by ") {
        let rest = rest.strip_prefix("the end of ").unwrap_or(rest);
        let v = if rest == "the year" { this_year(r)? } else { parse_single(rest, r)? };
        if v.unresolved.is_some() {
            return Some(v);
        }
        return Some(DateValue {
            start: None,
            end: v.end,
            granularity: Granularity::Span,
            relative: v.relative,
            unresolved: None,
        });
    }
    let pair = s
        .strip_prefix("from ")
        .and_then(|rest| [" to ", " until ", " till ", " through "].iter().find_map(|sep| rest.split_once(sep)))
        .or_else(|| s.strip_prefix("between ").and_then(|rest| rest.split_once(" and ")));
    if let Some((a, b)) = pair {
        let (a, b) = (parse_single(a, r)?, parse_single(b, r)?);
        if a.unresolved.is_some() || b.unresolved.is_some() {
            return Some(DateValue::unresolved(UNDATED));
        }
        if a.start > b.end {
            return None;
        }
        return Some(DateValue {
            start: a.start,
            end: b.end,
            granularity: Granularity::Span,
            relative: a.relative || b.relative,
            unresolved: None,
        });
    }
    let end_of = s.strip_prefix("at ").unwrap_or(s).strip_prefix("the end of ");
    if let Some(rest) = end_of {
        let v = if rest == "the year" { this_year(r)? } else { parse_single(rest, r)? };
        if v.unresolved.is_some() {
            return Some(v);
        }
        let end = v.end?;
        // The last month of the period (the last ten days of a month).
        let start = match v.granularity {
            Granularity::Month => end.checked_sub_signed(Duration::days(9))?,
            _ => NaiveDate::from_ymd_opt(end.year(), end.month(), 1)?,
        };
        return Some(span(start, end, Granularity::Span, v.relative));
    }
    parse_single(s, r)
}

/// The whole of the reference year (used by "by the end of the year").
fn this_year(r: Option<NaiveDate>) -> Option<DateValue> {
    match r {
        Some(r) => year_value(r.year(), true),
        None => Some(DateValue::unresolved(UNDATED)),
    }
}

fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

fn cap<'a>(c: &'a Captures, i: usize) -> Option<&'a str> {
    c.get(i).map(|m| m.as_str())
}

fn parse_single(s: &str, r: Option<NaiveDate>) -> Option<DateValue> {
    let g = grammar()?;
    let s = s.trim();
    let s = s.strip_prefix("on ").unwrap_or(s);
    let s = s.strip_suffix("'s").unwrap_or(s);
    let rel = || Some(DateValue::unresolved(UNDATED));
    if let Some(c) = g.iso.captures(s) {
        return Some(DateValue::day(ymd(
            cap(&c, 1)?.parse().ok()?,
            cap(&c, 2)?.parse().ok()?,
            cap(&c, 3)?.parse().ok()?,
        )?));
    }
    if let Some(c) = g.slash.captures(s) {
        // Month first, as in American usage, unless the first field cannot be a month.
        let (a, b): (u32, u32) = (cap(&c, 1)?.parse().ok()?, cap(&c, 2)?.parse().ok()?);
        let y = cap(&c, 3)?;
        let year: i32 = if y.len() == 2 { 2000 + y.parse::<i32>().ok()? } else { y.parse().ok()? };
        let (month, day) = if a > 12 { (b, a) } else { (a, b) };
        return Some(DateValue::day(ymd(year, month, day)?));
    }
    let day_month = g.mdy.captures(s).map(|c| (c, 1, 2)).or_else(|| g.dmy.captures(s).map(|c| (c, 2, 1)));
    if let Some((c, mi, di)) = day_month {
        let month = month_number(cap(&c, mi)?)?;
        let day: u32 = cap(&c, di)?.parse().ok()?;
        return match cap(&c, 3) {
            Some(y) => Some(DateValue::day(ymd(y.parse().ok()?, month, day)?)),
            None => {
                // Validate against a leap year so "February 30" is rejected even undated.
                ymd(2000, month, day)?;
                let Some(r) = r else { return rel() };
                let mut v = DateValue::day(ymd(r.year(), month, day)?);
                v.relative = true;
                Some(v)
            }
        };
    }
    if let Some(c) = g.my.captures(s) {
        return month_value(cap(&c, 2)?.parse().ok()?, month_number(cap(&c, 1)?)?, false);
    }
    if let Some(c) = g.year_only.captures(s) {
        return year_value(cap(&c, 1)?.parse().ok()?, false);
    }
    if let Some(c) = g.season.captures(s) {
        let part = cap(&c, 1)?;
        if let Some(y) = cap(&c, 2) {
            return season_value(y.parse().ok()?, part, false);
        }
        let Some(r) = r else { return rel() };
        let year = match cap(&c, 3)? {
            "last" => r.year() - 1,
            "next" => r.year() + 1,
            _ => r.year(),
        };
        return season_value(year, part, true);
    }
    if let Some(c) = g.decade.captures(s) {
        let start: i32 = cap(&c, 1)?.parse::<i32>().ok()? * 10;
        return Some(span(ymd(start, 1, 1)?, ymd(start + 9, 12, 31)?, Granularity::Span, false));
    }
    if let Some(c) = g.month_only.captures(s) {
        let month = month_number(cap(&c, 2)?)?;
        let Some(r) = r else { return rel() };
        let year = match cap(&c, 1) {
            Some("last") if month >= r.month() => r.year() - 1,
            Some("next") if month <= r.month() => r.year() + 1,
            _ => r.year(),
        };
        let mut v = month_value(year, month, true)?;
        if let Some(part @ ("early" | "mid" | "late")) = cap(&c, 1) {
            let (from, to) = match part {
                "early" => (1, 10),
                "mid" => (11, 20),
                _ => (21, v.end?.day()),
            };
            v = span(ymd(year, month, from)?, ymd(year, month, to)?, Granularity::Span, true);
        }
        return Some(v);
    }
    if let Some(c) = g.weekday.captures(s) {
        let wd = weekday_of(cap(&c, 2)?)?;
        let Some(r) = r else { return rel() };
        let date = match cap(&c, 1).map(str::trim) {
            Some("last") => weekday_before(r, wd, true)?,
            Some("next") => weekday_after(r, wd)?,
            Some("this") => monday_of(r)?.checked_add_signed(Duration::days(i64::from(wd.num_days_from_monday())))?,
            _ => weekday_before(r, wd, false)?,
        };
        let mut v = DateValue::day(date);
        v.relative = true;
        return Some(v);
    }
    if let Some(c) = g.ago.captures(s) {
        let n = count_value(cap(&c, 1)?)?;
        let Some(r) = r else { return rel() };
        let sign = if cap(&c, 3)? == "later" { 1 } else { -1 };
        let date = match cap(&c, 2)? {
            "day" => r.checked_add_signed(Duration::days(sign * n))?,
            "week" => r.checked_add_signed(Duration::days(sign * 7 * n))?,
            unit => {
                let months = Months::new(u32::try_from(if unit == "year" { 12 * n } else { n }).ok()?);
                if sign > 0 {
                    r.checked_add_months(months)?
                } else {
                    r.checked_sub_months(months)?
                }
            }
        };
        let mut v = DateValue::day(date);
        v.relative = true;
        return Some(v);
    }
    parse_fixed_relative(s, r)
}

/// Fixed relative phrases: "yesterday", "last week", "earlier this month", ….
fn parse_fixed_relative(s: &str, r: Option<NaiveDate>) -> Option<DateValue> {
    const PHRASES: &[&str] = &[
        "yesterday",
        "today",
        "tomorrow",
        "earlier this week",
        "earlier in the week",
        "earlier this month",
        "earlier in the month",
        "earlier this year",
        "earlier in the year",
        "last week",
        "this week",
        "next week",
        "last weekend",
        "this weekend",
        "next weekend",
        "last month",
        "this month",
        "next month",
        "last year",
        "this year",
        "next year",
    ];
    if !PHRASES.contains(&s) {
        return None;
    }
    let Some(r) = r else {
        return Some(DateValue::unresolved(UNDATED));
    };
    let day = |d: i64| r.checked_add_signed(Duration::days(d));
    let until_yesterday = |start: NaiveDate| -> Option<DateValue> {
        let end = day(-1)?.max(start);
        Some(span(start, end, Granularity::Span, true))
    };
    let monday = monday_of(r)?;
    let month_start = ymd(r.year(), r.month(), 1)?;
    let week = |offset: i64| -> Option<DateValue> {
        let start = monday.checked_add_signed(Duration::days(7 * offset))?;
        Some(span(start, start.checked_add_signed(Duration::days(6))?, Granularity::Week, true))
    };
    let weekend = |saturday: NaiveDate| -> Option<DateValue> {
        Some(span(saturday, saturday.succ_opt()?, Granularity::Span, true))
    };
    let relative_month = |offset: i32| -> Option<DateValue> {
        let first = if offset < 0 {
            month_start.checked_sub_months(Months::new(offset.unsigned_abs()))?
        } else {
            month_start.checked_add_months(Months::new(offset.unsigned_abs()))?
        };
        month_value(first.year(), first.month(), true)
    };
    let v = match s {
        "yesterday" => DateValue::day(day(-1)?),
        "today" => DateValue::day(r),
        "tomorrow" => DateValue::day(day(1)?),
        "earlier this week" | "earlier in the week" => until_yesterday(monday)?,
        "earlier this month" | "earlier in the month" => until_yesterday(month_start)?,
        "earlier this year" | "earlier in the year" => until_yesterday(ymd(r.year(), 1, 1)?)?,
        "last week" => week(-1)?,
        "this week" => week(0)?,
        "next week" => week(1)?,
        "last weekend" => weekend(weekday_before(r, Weekday::Sat, true)?)?,
        "this weekend" => weekend(monday.checked_add_signed(Duration::days(5))?)?,
        "next weekend" => weekend(weekday_after(r, Weekday::Sat)?)?,
        "last month" => relative_month(-1)?,
        "this month" => relative_month(0)?,
        "next month" => relative_month(1)?,
        "last year" => year_value(r.year() - 1, true)?,
        "this year" => span(ymd(r.year(), 1, 1)?, r, Granularity::Span, true),
        _ => year_value(r.year() + 1, true)?,
    };
    Some(DateValue { relative: true, ..v })
}

/// A date mention found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct DateMatch {
    /// Byte offsets of the mention in the scanned text.
    pub span: Range<usize>,
    /// The dates the mention allows.
    pub value: DateValue,
}

/// A compiled scanner, built once, that finds every date mention in a text.
#[derive(Debug, Clone)]
pub struct DateScanner {
    pattern: Option<Regex>,
}

impl Default for DateScanner {
    fn default() -> Self {
        Self::new()
    }
}

impl DateScanner {
    /// Compiles the date pattern.
    pub fn new() -> Self {
        DateScanner { pattern: Regex::new(&crate::patterns::ascii_boundaries(&format!("(?i){}", date_pattern()))).ok() }
    }

    /// Every date mention in `text`, in order, not overlapping, resolved
    /// against `reference`.
    pub fn find_all(&self, text: &str, reference: Option<NaiveDate>) -> Vec<DateMatch> {
        let Some(re) = &self.pattern else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for m in re.find_iter(text) {
            let after = text[m.end()..].chars().next();
            let before = text[..m.start()].chars().next_back();
            // Clock times and glued tokens: "4:12", "2020-01-03x".
            if matches!(after, Some(':')) || before.is_some_and(|c| c.is_alphanumeric()) {
                continue;
            }
            if let Some(value) = parse_date(m.as_str(), reference) {
                out.push(DateMatch { span: m.range(), value });
            }
        }
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use Granularity::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// 2023-03-08 is a Wednesday.
    const R: &str = "2023-03-08";

    /// name, text, reference, expected start, expected end, granularity.
    type Row = (&'static str, &'static str, &'static str, Option<&'static str>, Option<&'static str>, Granularity);

    #[test]
    fn parses_dates() {
        let cases: &[Row] = &[
            ("full date", "January 3, 2020", R, Some("2020-01-03"), Some("2020-01-03"), Day),
            ("abbrev", "Jan. 3", R, Some("2023-01-03"), Some("2023-01-03"), Day),
            ("day month", "3 January", R, Some("2023-01-03"), Some("2023-01-03"), Day),
            ("iso", "2020-01-03", R, Some("2020-01-03"), Some("2020-01-03"), Day),
            ("no year", "December 31", R, Some("2023-12-31"), Some("2023-12-31"), Day),
            ("october 9", "October 9", R, Some("2023-10-09"), Some("2023-10-09"), Day),
            ("on march 4", "on March 4", R, Some("2023-03-04"), Some("2023-03-04"), Day),
            ("month year", "December 2017", R, Some("2017-12-01"), Some("2017-12-31"), Month),
            ("in year", "in 2014", R, Some("2014-01-01"), Some("2014-12-31"), Year),
            ("in month", "in July", R, Some("2023-07-01"), Some("2023-07-31"), Month),
            ("in may", "in May", R, Some("2023-05-01"), Some("2023-05-31"), Month),
            ("mid year", "mid-2020", R, Some("2020-05-01"), Some("2020-08-31"), Season),
            ("early year", "early 2019", R, Some("2019-01-01"), Some("2019-04-30"), Season),
            ("late year", "late 2019", R, Some("2019-09-01"), Some("2019-12-31"), Season),
            ("late last year", "late last year", R, Some("2022-09-01"), Some("2022-12-31"), Season),
            ("decade", "the 1990s", R, Some("1990-01-01"), Some("1999-12-31"), Span),
            ("weekday", "on Saturday", R, Some("2023-03-04"), Some("2023-03-04"), Day),
            ("weekday same day", "on Wednesday", R, Some("2023-03-08"), Some("2023-03-08"), Day),
            ("possessive", "Saturday's", R, Some("2023-03-04"), Some("2023-03-04"), Day),
            ("curly possessive", "Saturday’s", R, Some("2023-03-04"), Some("2023-03-04"), Day),
            ("late on", "late on Friday", R, Some("2023-03-03"), Some("2023-03-03"), Day),
            ("early on", "early on Tuesday", R, Some("2023-03-07"), Some("2023-03-07"), Day),
            ("night", "on Sunday night", R, Some("2023-03-05"), Some("2023-03-05"), Day),
            ("morning", "on Wednesday morning", R, Some("2023-03-08"), Some("2023-03-08"), Day),
            ("evening", "on Tuesday evening", R, Some("2023-03-07"), Some("2023-03-07"), Day),
            ("last weekday", "last Saturday", R, Some("2023-03-04"), Some("2023-03-04"), Day),
            ("Last same weekday", "Last Wednesday", R, Some("2023-03-01"), Some("2023-03-01"), Day),
            ("Last Tuesday", "Last Tuesday", R, Some("2023-03-07"), Some("2023-03-07"), Day),
            ("yesterday", "yesterday", R, Some("2023-03-07"), Some("2023-03-07"), Day),
            ("today", "today", R, Some("2023-03-08"), Some("2023-03-08"), Day),
            ("a week ago", "a week ago", R, Some("2023-03-01"), Some("2023-03-01"), Day),
            ("two weeks ago", "two weeks ago", R, Some("2023-02-22"), Some("2023-02-22"), Day),
            ("earlier this month", "earlier this month", R, Some("2023-03-01"), Some("2023-03-07"), Span),
            ("earlier in the week", "earlier in the week", R, Some("2023-03-06"), Some("2023-03-07"), Span),
            ("earlier this week", "earlier this week", R, Some("2023-03-06"), Some("2023-03-07"), Span),
            ("last week", "last week", R, Some("2023-02-27"), Some("2023-03-05"), Week),
            ("last week's", "last week's", R, Some("2023-02-27"), Some("2023-03-05"), Week),
            ("last week’s", "last week’s", R, Some("2023-02-27"), Some("2023-03-05"), Week),
            ("this year", "this year", R, Some("2023-01-01"), Some("2023-03-08"), Span),
            ("last year", "last year", R, Some("2022-01-01"), Some("2022-12-31"), Year),
            ("next weekend", "next weekend", R, Some("2023-03-11"), Some("2023-03-12"), Span),
            ("next week", "next week", R, Some("2023-03-13"), Some("2023-03-19"), Week),
            ("a week later", "a week later", R, Some("2023-03-15"), Some("2023-03-15"), Day),
            ("a week earlier", "a week earlier", R, Some("2023-03-01"), Some("2023-03-01"), Day),
            ("last month", "last month", R, Some("2023-02-01"), Some("2023-02-28"), Month),
            ("earlier this year", "earlier this year", R, Some("2023-01-01"), Some("2023-03-07"), Span),
            ("since mid-2020", "since mid-2020", R, Some("2020-05-01"), Some("2023-03-08"), Span),
            ("since October", "since October", "2023-02-10", Some("2022-10-01"), Some("2023-02-10"), Span),
            ("by the end of", "by the end of 2017", R, None, Some("2017-12-31"), Span),
            ("by month", "by December 2011", R, None, Some("2011-12-31"), Span),
            ("from to", "from 2014 to 2017", R, Some("2014-01-01"), Some("2017-12-31"), Span),
            ("between and", "between 2014 and 2017", R, Some("2014-01-01"), Some("2017-12-31"), Span),
            ("end of year", "at the end of the year", R, Some("2023-12-01"), Some("2023-12-31"), Span),
            ("weekday and date", "Tuesday, March 3", "2020-03-10", Some("2020-03-03"), Some("2020-03-03"), Day),
        ];
        for (name, text, r, start, end, gran) in cases {
            let v = parse_date(text, Some(d(r))).unwrap_or_else(|| panic!("case {name}: {text} gave None"));
            assert_eq!((v.start, v.end, v.granularity), (start.map(d), end.map(d), *gran), "case {name}: {text}");
        }
    }

    #[test]
    fn relative_dates_without_reference_are_unresolved() {
        for text in ["Last Tuesday", "yesterday", "on Saturday", "last week", "in July", "December 31", "since October"]
        {
            let v = parse_date(text, None).unwrap_or_else(|| panic!("{text} gave None"));
            assert!(v.is_unresolved() && v.unresolved.is_some(), "{text}: {v:?}");
        }
        let v = parse_date("since mid-2020", None).unwrap();
        assert_eq!((v.start, v.end), (Some(d("2020-05-01")), None));
    }

    #[test]
    fn rejects_non_dates() {
        let cases: &[(&str, &str)] = &[
            ("impossible day", "February 30"),
            ("impossible iso", "2021-02-30"),
            ("clock", "4:12 a.m."),
            ("one-year", "one-year"),
            ("duration weeks", "three weeks"),
            ("duration days", "five days"),
            ("modal may", "may have been injured"),
            ("empty", ""),
        ];
        for (name, text) in cases {
            assert_eq!(parse_date(text, Some(d(R))), None, "case {name}: {text}");
        }
    }

    fn found(text: &str) -> Vec<String> {
        DateScanner::new().find_all(text, Some(d(R))).into_iter().map(|m| text[m.span].to_string()).collect()
    }

    #[test]
    fn scanner_finds_mentions() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("weekday", "Police said on Saturday’s march", &["Saturday’s"]),
            ("date", "It began on March 4, 2020 and ended in July.", &["March 4, 2020", "in July"]),
            ("scope", "Since mid-2020, more than 5,000 died", &["Since mid-2020"]),
            ("by end", "by the end of 2017 there were", &["by the end of 2017"]),
            ("from to", "from 2014 to 2017", &["from 2014 to 2017"]),
            ("relative", "“Last Tuesday” and a week ago", &["Last Tuesday", "a week ago"]),
            ("in may", "They met in May.", &["in May"]),
        ];
        for (name, text, want) in cases {
            assert_eq!(found(text), want.iter().map(|s| s.to_string()).collect::<Vec<_>>(), "case {name}: {text}");
        }
    }

    #[test]
    fn scanner_rejects() {
        let cases: &[(&str, &str)] = &[
            ("clock", "at 4:12 a.m. local time"),
            ("one-year", "a one-year term"),
            ("durations", "for three weeks and five days"),
            ("modal may", "Dozens may have been injured"),
            ("impossible", "on February 30"),
        ];
        for (name, text) in cases {
            assert_eq!(found(text), Vec::<String>::new(), "case {name}: {text}");
        }
    }

    #[test]
    fn pattern_has_no_capturing_groups() {
        let re = Regex::new(&format!("(?i){}", date_pattern())).unwrap();
        assert_eq!(re.captures_len(), 1);
    }
}
