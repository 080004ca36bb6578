//! Dates: date and period mentions to [`DateValue`] intervals of days.
//! In: text (a sentence for [`DateScanner::find_all`], or one mention for
//! [`parse_date`]) and an optional reference date (the publication date, or
//! the date the sentence is about).
//! Out: [`DateMatch`]es (byte span + [`DateValue`]) or one [`DateValue`].
//! Relative expressions with no reference date are [`DateValue::unresolved`].
//!
//! Month and weekday names and the English date grammar live here. Number
//! words are first rewritten to digits ("May twenty nine" → "May 29",
//! "second of Aug." → "2nd of Aug.", "nineteen eighty six" → "1986"), so the
//! grammar only deals with digits. Forms read: full and numeric dates
//! ("2020-01-03", "01/22/2016", "22/04", "Oct/2", "05-Aug-2016"), months
//! ("December 2017", "2016 november", "11/2016", "2015-3"), years, quarters
//! and halves ("Q3 2019", "the first quarter of 2016", "H1 2016"), decades
//! and centuries, seasons ("mid-2020"), weekdays ("last Saturday", "Friday
//! next week", "Tue May 9"), offsets ("2 days ago", "in 2 weeks", "two days
//! after today"), counted periods ("next 3 days", "the past 2 weeks"), fixed
//! relative phrases ("last week", "later this month", "the rest of the
//! year"), the week of a date, scopes ("since", "by") and ranges ("from Jan
//! 12 to Jan 22", "between 3 and 12 of Sept", "November 19-20", "2014-2018"),
//! compound offsets from a day ("2 weeks and 2 days ago", "3 days after
//! January 12th", "Monday two weeks from now": the weekday of the Monday-based
//! week the offset lands in), stretches ("for 3 days from today", "3 days
//! starting from next Monday": the day and the two after it), parts of a
//! period ("the last four months of 2021") and holidays ("Easter 2018",
//! "last Christmas", "2 weeks before Christmas").
//!
//! Conventions: parts of a month are halves ("early"/"the beginning of" the
//! 1st–15th, "late"/"the end of" the 16th–last day, "mid" the 11th–20th);
//! parts of a year are thirds ("early 2019" January–April, "mid" May–August,
//! "late"/"the end of" September–December), so "the end of 2000" is read
//! like "late 2000", not as its last day ("by the end of 2017" still ends on
//! 31 December). A bare holiday or yearless date is in the reference year;
//! as the anchor of an offset ("3 days after January 12th", "3 days from
//! Tuesday") it is the next one on or after the reference. "next"/"last"
//! before a yearless day or a holiday are the first one after / the most
//! recent one before the reference.

use std::ops::Range;
use std::sync::OnceLock;

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};
use regex::{Captures, Regex};

use crate::normalize::{DateValue, Granularity};

/// An anchored regex (whole string), compiled once per call site.
macro_rules! anchored {
    ($($arg:tt)*) => {{
        static RE: OnceLock<Option<Regex>> = OnceLock::new();
        RE.get_or_init(|| Regex::new(&crate::patterns::ascii_boundaries(&format!("^(?:{})$", format!($($arg)*)))).ok()).as_ref()
    }};
}

const WEEKDAYS: &str = "(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)";
/// Weekday names with their abbreviations (only used in front of a date, or
/// capitalised with a dot).
const WEEKDAYS_SHORT: &str = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|(?:mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)\b\.?)";
/// A weekday (with "this", "next" or "last") in front of a date.
const WD_PREFIX: &str = r"(?:(?:this|next|last)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|(?:mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)\b\.?),?\s+";
/// Numeric dates: with a year, or a yearless month/day.
const NUM_DATE: &str = r"(?:(?:1[5-9][0-9]{2}|20[0-9]{2})-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}[-/][0-9]{1,2}[-/](?:[0-9]{4}|[0-9]{2})|(?:1[0-2]|0?[1-9])/(?:3[01]|[12][0-9]|0?[1-9]))\b";
/// Numeric dates with a year.
const NUM_DATE_YEAR: &str =
    r"(?:(?:1[5-9][0-9]{2}|20[0-9]{2})-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}[-/][0-9]{1,2}[-/](?:[0-9]{4}|[0-9]{2}))\b";
const DAY: &str = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?\b";
const ORDINAL_DAY: &str = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)\b";
const YEAR: &str = r"(?:1[5-9][0-9]{2}|20[0-9]{2})\b";
const COUNT_WORDS: &str = "(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[0-9]{1,3})";
const PARTS_OF_DAY: &str = "(?:morning|afternoon|evening|night)";
const UNITS: &str = "(?:days?|weeks?|fortnights?|months?|years?)";

/// Capturing pieces of the anchored parsing grammar (lower-cased text).
const P_MON: &str = r"(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?";
const P_DAY: &str = r"(3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?";
const P_WD: &str =
    r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)\.?";
const P_COUNT: &str = r"([0-9]{1,3}|a|an|a few|few|several|a couple of|couple of)";
const P_UNIT: &str = r"(day|week|fortnight|month|year|quarter|decade)s?";
/// One capturing group: counted units, one or more ("2 years, 1 month and 21 days").
const P_DURATION: &str = r"((?:(?:[0-9]{1,3}|an?|a few|few|several|a couple of|couple of) (?:day|week|fortnight|month|year|quarter|decade)s?(?:,? and |, | ))*(?:[0-9]{1,3}|an?|a few|few|several|a couple of|couple of) (?:day|week|fortnight|month|year|quarter|decade)s?)";

/// A month name, with its optional abbreviation dot.
fn month() -> String {
    r"(?:(?:january|february|march|april|may|june|july|august|september|october|november|december)\b|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?)".to_string()
}

/// A month name other than "may" (after a year, "2016 may" is mostly a modal).
fn month_not_may() -> String {
    r"(?:(?:january|february|march|april|june|july|august|september|october|november|december)\b|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?)".to_string()
}

/// A day with a month name, with optional weekday and year.
fn day_month() -> String {
    let (m, wd) = (month(), WEEKDAYS_SHORT);
    let year = format!(r"(?:\s*,\s*|\s+|\s+(?:of|in)\s+|-){YEAR}|\s+of\s+'?[0-9]{{2}}\b");
    let wd = format!(r"(?:(?:this|next|last)\s+)?{wd}\s*[,(-]?\s*");
    let mdy = format!(r"(?:{wd})?{m}(?:\s*-?\s*(?:the\s+)?{DAY}|,\s*{ORDINAL_DAY})(?:{year})?");
    let dmy = format!(r"(?:{wd})?(?:the\s+)?{DAY}(?:\s+day)?(?:\s+of\s+|\s+|-){m}(?:{year})?");
    format!("{mdy}|{dmy}")
}

/// Absolute (or yearless) single dates, months, years in context, quarters,
/// decades: no surrounding scope words.
fn absolute() -> String {
    let (m, mnm, wd) = (month(), month_not_may(), WEEKDAYS);
    let numeric = [
        format!(r"(?:{WD_PREFIX})?[0-9]{{4}}[-/.][0-9]{{1,2}}[-/.][0-9]{{1,2}}\b"),
        format!(r"\b[0-9]{{4}}[-/]{m}[-/][0-9]{{1,2}}\b|\b[0-9]{{1,2}}[-/]{m}[-/][0-9]{{4}}\b"),
        format!(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)(?:3[01]|[12][0-9]|0?[1-9])\s*,\s*{YEAR}"),
        r"\b[0-9]{1,2}[-/][0-9]{1,2}[-/](?:[0-9]{4}|[0-9]{2})\b".to_string(),
        r"\b[0-9]{1,2}/[0-9]{1,2}\s*,\s*[0-9]{4}\b".to_string(),
        // Yearless numeric day and month: one field must exceed 12 unless a
        // scope word precedes ("on 5/12"); "1/2" alone is a fraction.
        r"\b(?:(?:1[3-9]|2[0-9]|3[01])/(?:1[0-2]|0?[1-9])|(?:1[0-2]|0?[1-9])/(?:1[3-9]|2[0-9]|3[01]))\b".to_string(),
        format!(
            r"\b(?:(?:on|from|between)\s+|{WD_PREFIX}|(?:this|next|last)\s+)(?:1[0-2]|0?[1-9])/(?:3[01]|[12][0-9]|0?[1-9])(?:/(?:[0-9]{{4}}|[0-9]{{2}}))?\b"
        ),
        format!(r"\b{m}/(?:3[01]|[12][0-9]|0?[1-9])\b"),
        // Months: "2015-3", "2016/11", "11/2016", "Dec-2018".
        format!(r"\b{YEAR}-0?[1-9]\b|\b{YEAR}/(?:1[0-2]|0?[1-9])\b|\b(?:1[0-2]|0?[1-9])[-/]{YEAR}"),
        format!(r"\b{m}\s*[-/]\s*{YEAR}"),
    ];
    let named = [
        format!(r"(?:(?:this|next|last)\s+)?(?:the\s+)?(?:{}|{wd}\s+the\s+{DAY})", day_month()),
        format!(r"(?:the\s+)?{DAY}(?:\s+day)?\s+(?:of\s+|in\s+)?(?:this|next|last)\s+month\b"),
        format!(r"{m},?\s+(?:of\s+)?{YEAR}|{YEAR},?\s+{mnm}|{m}\s+of\s+'?[0-9]{{2}}\b"),
        format!(r"(?:early|mid|late)[\s-]+(?:{YEAR}|(?:last|this|next)\s+(?:year|month))"),
        format!(r"(?:the\s+)?(?:(?:beginning|start|middle)\s+of\s+){YEAR}"),
    ];
    let periods = [
        format!(
            r"(?:the\s+)?(?:[1-4](?:st|nd|rd|th)|last)\s+quarter(?:\s+of)?(?:\s+{YEAR}|\s+(?:this|next|last)\s+year|\s+the\s+year)?"
        ),
        format!(r"\bq[1-4](?:\s*(?:-|of)?\s*{YEAR}|\s+(?:this|next|last)\s+year)?\b|\b{YEAR}\s*-?\s*q[1-4]\b"),
        format!(r"\bh[12]\s*{YEAR}|\b{YEAR}\s*-?\s*h[12]\b"),
        r"(?:the\s+)?(?:1[5-9]|20)[0-9]0'?s\b|the\s+'?[0-9]0'?s\b".to_string(),
        r"(?:the\s+)?(?:1[0-9]|2[01]|[1-9])(?:st|nd|rd|th)\s+century\b".to_string(),
        format!(r"(?:the\s+)?week\s+(?:of|starting|beginning|commencing)\s+(?:on\s+)?(?:{})", day_month()),
        format!(r"w/c\s+(?:{})", day_month()),
        format!(r"(?:the\s+)?[1-5](?:st|nd|rd|th)\s+week\s+of\s+{m}(?:,?\s+{YEAR})?"),
    ];
    let all: Vec<String> = numeric.into_iter().chain(named).chain(periods).collect();
    format!(r"\b(?:{})", all.join("|"))
}

/// A relative day word or phrase usable inside ranges.
fn relative_day() -> String {
    format!(r"\b(?:yesterday|today|tomorrow|tmrw|now|(?:last|this|next|previous|coming|following)\s+{WEEKDAYS})\b")
}

/// What may follow "since", "by", "from", "between": a date, a month or a year.
fn anchor() -> String {
    format!(r"(?:{}|\b(?:(?:this|next|last)\s+)?{}|\b{YEAR}|{})", absolute(), month(), relative_day())
}

/// Regex source (no capturing groups) matching a date or period expression
/// (see the module list). Caller adds (?i).
pub fn date_pattern() -> String {
    let (m, mnm, wd, a) = (month(), month_not_may(), WEEKDAYS, anchor());
    let connector = r"\s*(?:to|until|till|through|thru|-|~)\s*";
    let side_end = format!(r"(?:the\s+(?:end|middle|beginning|start)\s+of\s+)?(?:{a}|current\s+date|date)");
    let side_start = format!(r"(?:the\s+(?:end|middle|beginning|start)\s+of\s+)?{a}");
    let day_only = format!(r"(?:the\s+)?{DAY}");
    let dm = day_month();
    let this_month = format!(r"{DAY}(?:\s+day)?\s+(?:of\s+|in\s+)?(?:this|next|last)\s+month\b");
    let full = format!(r"(?:{NUM_DATE}|{dm}|{m}/{YEAR})");
    let full_year = format!(
        r"(?:{NUM_DATE_YEAR}|{dm}|{m}/{YEAR}|[0-9]{{4}}[-/]{m}[-/][0-9]{{1,2}}\b|[0-9]{{1,2}}[-/]{m}[-/][0-9]{{4}}\b)"
    );
    let scopes = [
        format!(r"\b(?:from|between)\s+{full}{connector}{full}(?:,?\s+{YEAR})?"),
        format!(r"\b{full_year}{connector}(?:{full_year}|(?:today|now|yesterday|tomorrow)\b)"),
        // "10/1-11/2/2017"; yearless ("2/29-3/1") only when the first day
        // exceeds 12, as "1/2-3/4" is more likely two fractions.
        format!(
            r"\b(?:{m_d}\s*-\s*{NUM_DATE_YEAR}|(?:1[0-2]|0?[1-9])/(?:1[3-9]|2[0-9]|3[01])\s*-\s*{m_d}\b)",
            m_d = "(?:1[0-2]|0?[1-9])/(?:3[01]|[12][0-9]|0?[1-9])"
        ),
        format!(r"\bsince\s+{a}"),
        format!(r"\bby\s+(?:the\s+end\s+of\s+)?(?:{a}|the\s+year)"),
        format!(r"\b(?:from|between)\s+{day_only}\s*(?:to|until|till|through|thru|and|-)\s*(?:the\s+)?{this_month}"),
        format!(r"\b(?:from|between)\s+{day_only}\s*(?:to|until|till|through|thru|and|-)\s*(?:the\s+)?(?:{dm})"),
        format!(
            r"\b(?:from|between)\s+(?:(?:{WEEKDAYS})\s+the\s+{DAY}|{side_start})(?:\s+in\s+{YEAR})?(?:{connector}|\s+and\s+)(?:{side_end}|{WEEKDAYS}\s+the\s+{DAY}|{day_only}|{WEEKDAYS}\b)(?:\s+in\s+{YEAR})?"
        ),
        format!(r"\b(?:in\s+)?{YEAR}{connector}(?:{side_end})"),
        format!(r"\b(?:{dm}|{m}){connector}(?:{dm}|{m}(?:,?\s+{YEAR})?)"),
        format!(r"\b(?:{dm}){connector}{DAY}(?:,?\s+{YEAR})?"),
        format!(r"\b{DAY}\s*(?:to|until|till|through|thru|-)\s*(?:{dm})"),
        format!(r"\b{DAY}\s*(?:to|until|till|through|thru|-)\s*{this_month}"),
        format!(r"\b(?:next|last|this|previous)\s+week\s+(?:between|from)\s+{wd}\s+(?:and|to)\s+{wd}\b"),
        format!(r"\b(?:at\s+)?the\s+end\s+of\s+(?:the\s+year|(?:last|this|next)\s+year|{a})"),
        format!(r"\b(?:at\s+)?the\s+(?:beginning|start|middle)\s+of\s+(?:(?:last|this|next)\s+year|{YEAR})"),
    ];
    let count = format!(r"(?:{COUNT_WORDS}|[0-9]{{1,3}}|(?:a\s+)?few|several)");
    let dur = format!(r"{count}\s+{UNITS}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+){count}\s+{UNITS})*");
    // The day an offset or stretch counts from (kept small: it sits inside
    // the counted-units alternative, and the lazy DFA's cache is finite).
    let from_day = format!(
        r"(?:{m}\s*(?:the\s+)?{DAY}(?:,?\s+{YEAR})?|(?:the\s+)?{DAY}\s+(?:of\s+)?{m}(?:,?\s+{YEAR})?|{NUM_DATE}|{}|(?:(?:next|last|this|coming)\s+)?{wd}\b|(?:{})\b|new\s+year\b)",
        relative_day(),
        holiday_names()
    );
    let relative = [
        format!(
            r"\b(?:(?:last|this|next|previous|coming|following)\s+week\s*,?\s*-?\s*(?:on\s+)?{wd}|{wd}\s+(?:of\s+)?(?:(?:last|this|next|previous)\s+week|the\s+following\s+week))\b"
        ),
        r"\b(?:the\s+)?day\s+(?:before|after)\s+(?:yesterday|tomorrow|tmrw)\b".to_string(),
        // Offsets and stretches: "2 weeks before Christmas", "Monday two weeks
        // from now", "for 3 days, from today", "3 days starting from next Monday".
        format!(
            r"\b(?:{wd},?\s+)?(?:for\s+|in\s+)?{dur}(?:\s+(?:ago|earlier|later|hence)|,?\s+(?:(?:starting|beginning)\s+(?:from\s+|on\s+)?|from\s+|after\s+|before\s+){from_day})(?:\s+on\s+{wd})?\b"
        ),
        format!(
            r"\b(?:{wd},?\s+)?(?:in|within)\s+(?:the\s+)?(?:next\s+)?{dur}(?:\s+from\s+(?:now|today))?(?:\s+on\s+{wd})?\b"
        ),
        format!(
            r"\b(?:the\s+)?(?:first|1st|last)\s+{count}\s+{UNITS}\s+of\s+(?:{YEAR}|(?:this|next|last)\s+(?:year|month)|{m}(?:,?\s+{YEAR})?)"
        ),
        format!(
            r"\b(?:the\s+)?(?:next|past|last|previous|coming|upcoming|following)\s+(?:{count}\s+)?(?:{UNITS}|quarters?|decades?)\b"
        ),
        format!(
            r"\b(?:the\s+)?{count}\s+(?:next|past|last|previous|coming|upcoming|following)\s+(?:{UNITS}|quarters?|decades?)\b"
        ),
        r"\b(?:this|current)\s+(?:quarter|decade)\b".to_string(),
        r"\b(?:yesterday|today|tomorrow|tmrw)\b".to_string(),
        format!(
            r"\b(?:(?:this|next|last|previous|following|coming|upcoming)\s+)?(?:{})\b(?:,?\s+{YEAR}|\s+of\s+{YEAR}|\s+(?:of\s+)?(?:this|next|last)\s+year)?",
            holiday_names()
        ),
        r"\b(?:earlier|later)\s+(?:this|in\s+the)\s+(?:week|month|year)\b".to_string(),
        r"\b(?:the\s+)?(?:rest|remainder|remaining)\s+of\s+(?:the|this)\s+(?:week|month|year)\b".to_string(),
        r"\b(?:the\s+)?year\s+to\s+date\b".to_string(),
        format!(
            r"(?:the\s+)?(?:calendar\s+)?year\s+(?:of\s+)?{YEAR}|\bcy\s*(?:{YEAR}|[0-9]{{2}}\b)|\bthis\s+calendar\s+year\b|\b(?:the\s+)?[0-9]{{1,2}}(?:st|nd|rd|th)\s+month\s+of\s+(?:{YEAR}|(?:this|next|last)\s+year)"
        ),
        r"\b(?:last|this|next|previous)\s+(?:week|month|year|weekend)\b(?:['’]s\b)?".to_string(),
        format!(
            r"\b(?:(?:late|early)\s+on\s+|last\s+|this\s+(?:(?:coming|upcoming)\s+)?|next\s+|previous\s+|coming\s+|upcoming\s+|following\s+)?{wd}\b(?:['’]s\b)?(?:\s+{PARTS_OF_DAY}\b)?"
        ),
        r"\b(?-i:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.".to_string(),
    ];
    let in_month_year = format!(
        r"\b(?:in(?:\s+the)?|during|from|until|last|this|next|early|mid|late)[\s-]+(?:{m}(?:\s+(?:this|next|last)\s+year|,?\s+(?:of\s+)?{YEAR}|\s+of\s+'?[0-9]{{2}}\b)?|{YEAR}(?:\s*-?\s*(?:q[1-4]|h[12])\b|\s+{mnm})?)"
    );
    let mut alts: Vec<String> = scopes.to_vec();
    alts.push(absolute());
    alts.push(in_month_year);
    alts.extend(relative);
    alts.push(format!(r"\bthe\s+{ORDINAL_DAY}"));
    format!("(?:{})", alts.join("|"))
}

// ---------------------------------------------------------------- holidays

/// When a holiday falls in a year.
#[derive(Clone, Copy)]
enum Feast {
    /// A fixed month and day.
    Fixed(u32, u32),
    /// Days after (or before) Western Easter Sunday.
    Easter(i64),
    /// The nth weekday of a month, then days after it (Thanksgiving, Black Friday).
    Nth(u32, Weekday, i64, i64),
}

/// Holiday names (lower-case regex, apostrophe optional) and their dates:
/// calendar words of English, like month names. National days that differ
/// by country ("Independence Day", "Labour Day") are left out on purpose.
const HOLIDAYS: &[(&str, Feast)] = &[
    (r"christmas\s+eve", Feast::Fixed(12, 24)),
    (r"(?:christmas|xmas)(?:\s+day)?", Feast::Fixed(12, 25)),
    (r"boxing\s+day", Feast::Fixed(12, 26)),
    (r"new\s+year(?:['’]?s)?\s+eve", Feast::Fixed(12, 31)),
    (r"new\s+year(?:['’]?s)?\s+day", Feast::Fixed(1, 1)),
    (r"valentine(?:['’]?s)?\s+day", Feast::Fixed(2, 14)),
    (r"(?:saint|st\.?)\s+patrick(?:['’]?s)?(?:\s+day)?", Feast::Fixed(3, 17)),
    (r"earth\s+day", Feast::Fixed(4, 22)),
    (r"international\s+workers['’]?\s+day", Feast::Fixed(5, 1)),
    (r"halloween", Feast::Fixed(10, 31)),
    (r"good\s+friday", Feast::Easter(-2)),
    (r"easter\s+monday", Feast::Easter(1)),
    (r"easter(?:\s+sunday)?", Feast::Easter(0)),
    (r"thanksgiving(?:\s+day)?", Feast::Nth(11, Weekday::Thu, 4, 0)),
    (r"black\s+friday", Feast::Nth(11, Weekday::Thu, 4, 1)),
];

/// The holiday names as one alternation (no capturing groups).
fn holiday_names() -> String {
    HOLIDAYS.iter().map(|(name, _)| *name).collect::<Vec<_>>().join("|")
}

/// The holiday a (lower-cased) name is, if any; "new year" alone only when
/// `bare_new_year` (as the anchor of an offset: "5 days before new year").
fn feast_of(name: &str, bare_new_year: bool) -> Option<Feast> {
    static TABLE: OnceLock<Vec<(Regex, Feast)>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        HOLIDAYS.iter().filter_map(|(n, f)| Some((Regex::new(&format!("^(?:{n})$")).ok()?, *f))).collect()
    });
    if bare_new_year && name == "new year" {
        return Some(Feast::Fixed(1, 1));
    }
    table.iter().find(|(re, _)| re.is_match(name)).map(|(_, f)| *f)
}

/// Western Easter Sunday of `year` (the anonymous Gregorian computus).
fn easter(year: i32) -> Option<NaiveDate> {
    let (a, b, c) = (year.rem_euclid(19), year.div_euclid(100), year.rem_euclid(100));
    let (d, e) = (b.div_euclid(4), b.rem_euclid(4));
    let g = (b - (b + 8).div_euclid(25) + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let l = (32 + 2 * e + 2 * c.div_euclid(4) - h - c.rem_euclid(4)).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let n = h + l - 7 * m + 114;
    ymd(year, u32::try_from(n.div_euclid(31)).ok()?, u32::try_from(n.rem_euclid(31) + 1).ok()?)
}

/// The day `feast` falls on in `year`.
fn feast_day(feast: Feast, year: i32) -> Option<NaiveDate> {
    match feast {
        Feast::Fixed(m, d) => ymd(year, m, d),
        Feast::Easter(k) => easter(year)?.checked_add_signed(Duration::days(k)),
        Feast::Nth(m, wd, n, k) => {
            let first = ymd(year, m, 1)?;
            let ahead =
                (7 + i64::from(wd.num_days_from_monday()) - i64::from(first.weekday().num_days_from_monday())) % 7;
            first.checked_add_signed(Duration::days(ahead + 7 * (n - 1) + k))
        }
    }
}

// ---------------------------------------------------------------- number words

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Unit,
    Teen,
    Tens,
    Hundred,
    Thousand,
}

/// A number word: value, kind and ordinal/plural suffix.
fn number_word(w: &str) -> Option<(u64, Kind, &'static str)> {
    const UNITS: [&str; 10] = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
    const TEENS: [&str; 10] =
        ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
    const TENS: [&str; 8] = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    const ORD_UNITS: [&str; 10] =
        ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"];
    const ORD_TEENS: [&str; 10] = [
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
    ];
    const ORD_TENS: [&str; 2] = ["twentieth", "thirtieth"];
    const DECADES: [&str; 8] =
        ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"];
    let pos = |list: &[&str]| list.iter().position(|x| *x == w).and_then(|i| u64::try_from(i).ok());
    let suffix = |v: u64| match (v % 10, v % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    if let Some(i) = pos(&UNITS) {
        return Some((i, Kind::Unit, ""));
    }
    if let Some(i) = pos(&TEENS) {
        return Some((10 + i, Kind::Teen, ""));
    }
    if let Some(i) = pos(&TENS) {
        return Some((20 + 10 * i, Kind::Tens, ""));
    }
    if let Some(i) = pos(&ORD_UNITS) {
        return Some((i, Kind::Unit, suffix(i)));
    }
    if let Some(i) = pos(&ORD_TEENS) {
        return Some((10 + i, Kind::Teen, "th"));
    }
    if let Some(i) = pos(&ORD_TENS) {
        return Some((20 + 10 * i, Kind::Tens, "th"));
    }
    if let Some(i) = pos(&DECADES) {
        return Some((20 + 10 * i, Kind::Tens, "s"));
    }
    match w {
        "hundred" => Some((100, Kind::Hundred, "")),
        "thousand" => Some((1000, Kind::Thousand, "")),
        _ => None,
    }
}

/// One number read from a run of number words.
struct Spelled {
    value: u64,
    first: Kind,
    big: bool,
    suffix: &'static str,
}

/// Reads a run of number words ("twenty five", "two thousand and eighteen",
/// "nineteen eighty six") into numbers; juxtaposed pairs of two-digit
/// numbers are read as a year ("nineteen eighty" → 1980).
fn read_run(words: &[&str]) -> Vec<Spelled> {
    let mut out: Vec<Spelled> = Vec::new();
    let mut cur: Option<Spelled> = None;
    let mut last = Kind::Unit;
    let mut total = 0u64;
    let flush = |cur: &mut Option<Spelled>, total: &mut u64, out: &mut Vec<Spelled>| {
        if let Some(mut c) = cur.take() {
            c.value += *total;
            out.push(c);
        }
        *total = 0;
    };
    for w in words {
        let Some((v, kind, suffix)) = number_word(w) else {
            continue; // "and"
        };
        let fits = match (&cur, kind) {
            (None, _) => true,
            (Some(c), _) if !c.suffix.is_empty() => false,
            (Some(_), Kind::Unit) => matches!(last, Kind::Tens | Kind::Hundred | Kind::Thousand),
            (Some(_), Kind::Teen | Kind::Tens) => matches!(last, Kind::Hundred | Kind::Thousand),
            (Some(c), Kind::Hundred) => last != Kind::Hundred && last != Kind::Thousand && c.value % 100 != 0,
            (Some(c), Kind::Thousand) => last != Kind::Thousand && c.value > 0 && total == 0,
        };
        if !fits {
            flush(&mut cur, &mut total, &mut out);
        }
        match (&mut cur, kind) {
            (None, Kind::Hundred | Kind::Thousand) => {}
            (None, _) => cur = Some(Spelled { value: v, first: kind, big: false, suffix }),
            (Some(c), Kind::Hundred) => {
                let low = c.value % 1000;
                c.value = c.value - low + low * 100;
                c.big = true;
            }
            (Some(c), Kind::Thousand) => {
                total = c.value * 1000;
                c.value = 0;
                c.big = true;
            }
            (Some(c), _) => {
                c.value += v;
                c.suffix = suffix;
            }
        }
        last = kind;
    }
    flush(&mut cur, &mut total, &mut out);
    // Years said with a zero: "nineteen zero one" is 1901.
    let mut years: Vec<Spelled> = Vec::new();
    let mut rest = out.into_iter().peekable();
    while let Some(n) = rest.next() {
        let zero = |s: &Spelled| s.value == 0 && s.suffix.is_empty();
        if (11..=20).contains(&n.value) && !n.big && n.suffix.is_empty() && rest.peek().is_some_and(zero) {
            let z = rest.next();
            match rest.next_if(|u| (1..=9).contains(&u.value) && u.first == Kind::Unit) {
                Some(u) => {
                    years.push(Spelled { value: n.value * 100 + u.value, first: n.first, big: true, suffix: u.suffix });
                    continue;
                }
                None => {
                    years.push(n);
                    years.extend(z);
                    continue;
                }
            }
        }
        years.push(n);
    }
    // Years said as two pairs: "nineteen eighty six", "nineteen seventies".
    let mut joined: Vec<Spelled> = Vec::new();
    for n in years {
        if let Some(p) = joined.last_mut() {
            // A century said as a number: "eleven" to "twenty" ("twenty five
            // nineteen eighty six" is a day, then a year).
            let pair = |s: &Spelled| (10..=99).contains(&s.value) && !s.big && s.first != Kind::Unit;
            let century = (11..=20).contains(&p.value);
            if century && pair(p) && pair(&n) && p.suffix.is_empty() && n.suffix != "st" && n.suffix != "nd" {
                p.value = p.value * 100 + n.value;
                p.suffix = n.suffix;
                continue;
            }
        }
        joined.push(n);
    }
    joined
}

/// Rewrites runs of number words as digits. Returns the new text and, for
/// each of its bytes (and its end), the byte offset in `text` it comes from.
fn digitise(text: &str) -> (String, Vec<usize>) {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    // ASCII words: (start, end, lower-cased).
    let mut words: Vec<(usize, usize, String)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_alphabetic() {
            let s = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            words.push((s, i, text[s..i].to_ascii_lowercase()));
        } else {
            i += 1;
        }
    }
    let is_num = |w: &str| number_word(w).is_some();
    let mut copied = 0;
    let mut k = 0;
    while k < words.len() {
        if !is_num(&words[k].2) || words[k].1 < bytes.len() && !bytes[words[k].1].is_ascii() {
            k += 1;
            continue;
        }
        if words[k].0 > 0 && bytes[words[k].0 - 1].is_ascii_digit() {
            k += 1;
            continue;
        }
        // Extend the run over number words joined by one space or hyphen, or " and ".
        let mut end = k;
        let joinable = |a: usize, b: usize| {
            let gap = &text[words[a].1..words[b].0];
            gap == " " || gap == "-"
        };
        while end + 1 < words.len() {
            if is_num(&words[end + 1].2) && joinable(end, end + 1) {
                end += 1;
            } else if end + 2 < words.len()
                && words[end + 1].2 == "and"
                && is_num(&words[end + 2].2)
                && matches!(number_word(&words[end].2), Some((_, Kind::Hundred | Kind::Thousand, _)))
                && joinable(end, end + 1)
                && joinable(end + 1, end + 2)
            {
                end += 2;
            } else {
                break;
            }
        }
        let run: Vec<&str> = words[k..=end].iter().map(|w| w.2.as_str()).collect();
        let numbers = read_run(&run);
        let replacement = numbers.iter().map(|n| format!("{}{}", n.value, n.suffix)).collect::<Vec<_>>().join(" ");
        let (s, e) = (words[k].0, words[end].1);
        for (j, ch) in text[copied..s].char_indices() {
            for b in 0..ch.len_utf8() {
                map.push(copied + j + b);
            }
            out.push(ch);
        }
        for _ in 0..replacement.len() {
            map.push(s);
        }
        out.push_str(&replacement);
        copied = e;
        k = end + 1;
    }
    for (j, ch) in text[copied..].char_indices() {
        for b in 0..ch.len_utf8() {
            map.push(copied + j + b);
        }
        out.push(ch);
    }
    map.push(text.len());
    (out, map)
}

// ---------------------------------------------------------------- values

fn month_number(name: &str) -> Option<u32> {
    const NAMES: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let prefix = name.get(..3)?;
    NAMES.iter().position(|n| *n == prefix).and_then(|i| u32::try_from(i + 1).ok())
}

fn weekday_of(name: &str) -> Option<Weekday> {
    const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let prefix = name.get(..3)?;
    let i = NAMES.iter().position(|n| *n == prefix)?;
    Weekday::try_from(u8::try_from(i).ok()?).ok()
}

fn count_value(word: &str) -> Option<i64> {
    const WORDS: [&str; 13] =
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
    let n = match word {
        "a" | "an" => Some(1),
        "few" | "a few" | "several" => Some(3),
        "couple of" | "a couple of" => Some(2),
        w => WORDS.iter().position(|x| *x == w).and_then(|i| i64::try_from(i).ok()).or_else(|| w.parse().ok()),
    }?;
    (n <= 1000).then_some(n)
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

fn months_value(year: i32, first: u32, last: u32, relative: bool) -> Option<DateValue> {
    Some(span(ymd(year, first, 1)?, last_day_of_month(year, last)?, Granularity::Span, relative))
}

fn season_value(year: i32, part: &str, relative: bool) -> Option<DateValue> {
    let (from, to) = match part {
        "early" | "beginning" | "start" => (1, 4),
        "mid" | "middle" => (5, 8),
        _ => (9, 12),
    };
    Some(span(NaiveDate::from_ymd_opt(year, from, 1)?, last_day_of_month(year, to)?, Granularity::Season, relative))
}

/// Part of a month: "early" (and "the beginning of") is the first half,
/// "late" (and "the end of") the second, "mid" the 11th to the 20th.
fn month_part(year: i32, month: u32, part: &str, relative: bool) -> Option<DateValue> {
    let (from, to) = match part {
        "early" | "beginning" | "start" => (ymd(year, month, 1)?, ymd(year, month, 15)?),
        "mid" | "middle" => (ymd(year, month, 11)?, ymd(year, month, 20)?),
        _ => (ymd(year, month, 16)?, last_day_of_month(year, month)?),
    };
    Some(span(from, to, Granularity::Span, relative))
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

/// `wd` in the Monday-based week `weeks` weeks from the week of `r`.
fn weekday_in_week(r: NaiveDate, wd: Weekday, weeks: i64) -> Option<NaiveDate> {
    monday_of(r)?.checked_add_signed(Duration::days(7 * weeks + i64::from(wd.num_days_from_monday())))
}

/// `r` moved by `n` units (day, week, fortnight, month, quarter, year, decade).
fn shift(r: NaiveDate, unit: &str, n: i64) -> Option<NaiveDate> {
    let days = |k: i64| r.checked_add_signed(Duration::days(k.checked_mul(n)?));
    let months = |k: i64| {
        let m = u32::try_from(k.checked_mul(n)?.unsigned_abs()).ok()?;
        if n < 0 {
            r.checked_sub_months(Months::new(m))
        } else {
            r.checked_add_months(Months::new(m))
        }
    };
    match unit {
        "day" => days(1),
        "week" => days(7),
        "fortnight" => days(14),
        "month" => months(1),
        "quarter" => months(3),
        "year" => months(12),
        "decade" => months(120),
        _ => None,
    }
}

/// The first day of the calendar unit (week, month, quarter, year, decade) holding `r`.
fn unit_start(r: NaiveDate, unit: &str) -> Option<NaiveDate> {
    match unit {
        "day" => Some(r),
        "week" => monday_of(r),
        "month" => ymd(r.year(), r.month(), 1),
        "quarter" => ymd(r.year(), (r.month() - 1) / 3 * 3 + 1, 1),
        "year" => ymd(r.year(), 1, 1),
        "decade" => ymd(r.year().div_euclid(10) * 10, 1, 1),
        _ => None,
    }
}

/// The calendar unit `offset` units away from the one holding `r`.
fn calendar_unit(r: NaiveDate, unit: &str, offset: i64, count: i64) -> Option<DateValue> {
    let start = shift(unit_start(r, unit)?, unit, offset)?;
    let end = shift(start, unit, count)?.pred_opt()?;
    let granularity = match (unit, count) {
        ("day", 1) => Granularity::Day,
        ("week", 1) => Granularity::Week,
        ("month", 1) => Granularity::Month,
        ("year", 1) => Granularity::Year,
        _ => Granularity::Span,
    };
    Some(span(start, end, granularity, true))
}

fn quarter_value(year: i32, q: u32, relative: bool) -> Option<DateValue> {
    if !(1..=4).contains(&q) {
        return None;
    }
    months_value(year, 3 * q - 2, 3 * q, relative)
}

const UNDATED: &str = "relative date in an undated document";

/// Lower-cases, unifies apostrophes and dashes, rewrites number words as
/// digits, collapses whitespace and drops a leading "on", a final possessive
/// "'s" and final punctuation.
fn normalise(text: &str) -> String {
    let lower = text.to_lowercase().replace(['’', '‘'], "'").replace(['–', '—'], "-");
    let (digits, _) = digitise(&lower);
    let joined = digits.split_whitespace().collect::<Vec<_>>().join(" ");
    let trimmed = joined.trim_matches(|c: char| matches!(c, ',' | ';' | '?' | '!' | '(' | ')')).trim();
    let trimmed = trimmed.strip_prefix("on ").unwrap_or(trimmed);
    let trimmed = match trimmed.strip_suffix("'s") {
        Some(t) if !t.ends_with(|c: char| c.is_ascii_digit()) => t,
        _ => trimmed,
    };
    trimmed.replace("tmrw", "tomorrow").replace(['(', ')'], "")
}

/// Parses one date expression against a reference date (the document's
/// publication date, or the date the sentence is about). None if not a date.
pub fn parse_date(text: &str, reference: Option<NaiveDate>) -> Option<DateValue> {
    if text.len() > 200 {
        return None;
    }
    let s = normalise(text);
    if s.is_empty() {
        return None;
    }
    // An interval that ends before it starts ("0 next year") is no date.
    parse_scoped(&s, reference).filter(|d| !matches!((d.start, d.end), (Some(a), Some(b)) if a > b))
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
    parse_side(s, r).or_else(|| parse_range(s, r))
}

/// One side of a range: a single date or "the end/middle/beginning of" one.
fn parse_side(s: &str, r: Option<NaiveDate>) -> Option<DateValue> {
    let s = s.trim();
    let s = s.strip_prefix("at ").unwrap_or(s);
    for (prefix, part) in [
        ("the end of ", "late"),
        ("end of ", "late"),
        ("the middle of ", "mid"),
        ("middle of ", "mid"),
        ("the beginning of ", "early"),
        ("beginning of ", "early"),
        ("the start of ", "early"),
        ("start of ", "early"),
    ] {
        let Some(rest) = s.strip_prefix(prefix) else { continue };
        let v = if rest == "the year" { this_year(r)? } else { parse_single(rest, r)? };
        if v.unresolved.is_some() {
            return Some(v);
        }
        let (start, end) = (v.start?, v.end?);
        // "The end of" a month or year is its late part ("late March", "late
        // 2000"), not its last day; of a quarter or week, its last month or day.
        return match (v.granularity, part) {
            (Granularity::Month, p) => month_part(start.year(), start.month(), p, v.relative),
            (Granularity::Year, p) => season_value(start.year(), p, v.relative),
            (_, "late") => Some(span(ymd(end.year(), end.month(), 1)?, end, Granularity::Span, v.relative)),
            _ => None,
        };
    }
    parse_single(s, r)
}

/// Whether a range side names its own year.
fn has_year(s: &str) -> bool {
    anchored!(r".*\b[0-9]{{4}}\b.*|.*[0-9][/-][0-9]{{1,2}}[/-][0-9]{{2}}|.*'[0-9]{{2}}")
        .is_some_and(|re| re.is_match(s))
}

/// Whether a range side is a month or day whose year comes from the reference.
fn yearless(s: &str, v: &DateValue) -> bool {
    let relative_word = anchored!(
        r".*\b(?:next|last|this|previous|coming|following|today|tomorrow|yesterday|now|current|date|ago|week|day|year|quarter|decade)\b.*"
    );
    !has_year(s)
        && !relative_word.is_some_and(|re| re.is_match(s))
        && matches!(v.granularity, Granularity::Day | Granularity::Month | Granularity::Span)
        && v.relative
}

/// "from A to B", "between A and B", "A - B", "A through B", with months and
/// years shared between the sides ("from 4 to 22 January", "November 19-20",
/// "Nov-Feb 2017").
fn parse_range(s: &str, r: Option<NaiveDate>) -> Option<DateValue> {
    // A month before its days: "November between 19 and 20", "May from 3 to 7".
    if let Some(c) = anchored!(r"{P_MON},? (between|from) ([0-9]{{1,2}}(?:st|nd|rd|th)? ?(?:and |to |until |till |through |- ?)[0-9]{{1,2}}(?:st|nd|rd|th)?)(,? [0-9]{{4}})?")
        .and_then(|re| re.captures(s))
    {
        let year = cap(&c, 4).unwrap_or("");
        return parse_range(&format!("{} {} {}{year}", cap(&c, 2)?, cap(&c, 3)?, cap(&c, 1)?), r);
    }
    // Weekdays of a named week: "next week between Wednesday and Friday".
    if let Some(c) = anchored!(r"((?:next|last|this|previous) week) (?:between|from) {P_WD} (?:and|to|-) {P_WD}")
        .and_then(|re| re.captures(s))
    {
        let week = cap(&c, 1)?;
        let a = parse_single(&format!("{} {week}", cap(&c, 2)?), r)?;
        let b = parse_single(&format!("{} {week}", cap(&c, 3)?), r)?;
        return join(a, b);
    }
    // A numeric date with an impossible day is not a range: "2021-02-30".
    if anchored!(r"[0-9]+[-/.][0-9]+[-/.][0-9]+").is_some_and(|re| re.is_match(s)) {
        return None;
    }
    let (body, between) = match s.strip_prefix("between ") {
        Some(rest) => (rest, true),
        None => (s.strip_prefix("from ").or_else(|| s.strip_prefix("in ")).unwrap_or(s), false),
    };
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for sep in [" to ", " until ", " till ", " through ", " thru ", " and ", "-", "~"] {
        if sep == " and " && !between {
            continue;
        }
        for (i, _) in body.match_indices(sep) {
            cuts.push((i, i + sep.len()));
        }
    }
    cuts.sort_unstable();
    cuts.into_iter().find_map(|(i, j)| range_of(body.get(..i)?.trim(), body.get(j..)?.trim(), r))
}

/// A day of the month alone: "4", "the 3rd".
fn day_only(s: &str) -> Option<u32> {
    let c = anchored!(r"(?:the )?([0-9]{{1,2}})(?:st|nd|rd|th)?")?.captures(s)?;
    cap(&c, 1)?.parse().ok().filter(|d| (1..=31).contains(d))
}

fn range_side(s: &str, r: Option<NaiveDate>) -> Option<DateValue> {
    match s {
        "now" | "today" | "current date" | "date" | "the current date" => {
            let Some(r) = r else { return Some(DateValue::unresolved(UNDATED)) };
            Some(DateValue { relative: true, ..DateValue::day(r) })
        }
        _ => parse_side(s, r),
    }
}

fn range_of(a: &str, b: &str, r: Option<NaiveDate>) -> Option<DateValue> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let (da, db) = (day_only(a), day_only(b));
    if da.is_some() && db.is_some() {
        return None;
    }
    if let Some(d) = da {
        let bv = range_side(b, r)?;
        if bv.unresolved.is_some() {
            return Some(bv);
        }
        if !matches!(bv.granularity, Granularity::Day | Granularity::Month) {
            return None;
        }
        let bs = bv.start?;
        let start = ymd(bs.year(), bs.month(), d)?;
        return join(DateValue { relative: bv.relative, ..DateValue::day(start) }, bv);
    }
    let mut av = range_side(a, r)?;
    if let Some(d) = db {
        if av.unresolved.is_some() {
            return Some(av);
        }
        if !matches!(av.granularity, Granularity::Day | Granularity::Month) {
            return None;
        }
        let ae = av.start?;
        let mut end = ymd(ae.year(), ae.month(), d);
        if end.is_none_or(|e| e < ae) {
            end = ae.checked_add_months(Months::new(1)).and_then(|n| ymd(n.year(), n.month(), d));
        }
        return join(av.clone(), DateValue { relative: av.relative, ..DateValue::day(end?) });
    }
    // "from next Monday to Friday": the first such weekday from the start.
    if let Some(wd) = anchored!(r"{P_WD}").and_then(|re| re.captures(b)).and_then(|c| weekday_of(cap(&c, 1)?)) {
        if av.unresolved.is_some() || av.granularity != Granularity::Day {
            return None;
        }
        let from = av.start?.pred_opt()?;
        let end = weekday_after(from, wd)?;
        return join(av, DateValue { relative: true, ..DateValue::day(end) });
    }
    let mut bv = range_side(b, r)?;
    if av.unresolved.is_some() || bv.unresolved.is_some() {
        return Some(DateValue::unresolved(UNDATED));
    }
    // A yearless side takes the other side's year.
    if yearless(a, &av) && has_year(b) {
        let year = bv.start?.year();
        av = range_side(a, r.and_then(|r| r.with_year(year)).or(ymd(year, 6, 30)))?;
        if av.start > bv.start {
            av = range_side(a, r.and_then(|r| r.with_year(year - 1)).or(ymd(year - 1, 6, 30)))?;
        }
    } else if yearless(b, &bv) && has_year(a) {
        let year = av.start?.year();
        bv = range_side(b, r.and_then(|r| r.with_year(year)).or(ymd(year, 6, 30)))?;
        if bv.end < av.start {
            bv = range_side(b, r.and_then(|r| r.with_year(year + 1)).or(ymd(year + 1, 6, 30)))?;
        }
    } else if yearless(a, &av) && yearless(b, &bv) && bv.end < av.start {
        let r1 = r.and_then(|r| r.checked_add_months(Months::new(12)));
        bv = range_side(b, r1)?;
    }
    join(av, bv)
}

fn join(a: DateValue, b: DateValue) -> Option<DateValue> {
    if a.unresolved.is_some() || b.unresolved.is_some() {
        return Some(DateValue::unresolved(UNDATED));
    }
    let (start, end) = (a.start?, b.end?);
    if start > end {
        return None;
    }
    Some(span(start, end, Granularity::Span, a.relative || b.relative))
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

fn num<T: std::str::FromStr>(c: &Captures, i: usize) -> Option<T> {
    cap(c, i)?.trim_start_matches('\'').parse().ok()
}

/// A written year: four digits, or two ("'99", "87": 1950..2049).
fn year_of(y: &str) -> Option<i32> {
    let y = y.trim_start_matches('\'');
    let n: i32 = y.parse().ok()?;
    match y.len() {
        4 => Some(n),
        2 if n < 50 => Some(2000 + n),
        2 => Some(1900 + n),
        _ => None,
    }
}

/// A yearless month and day: the reference year, or unresolved.
fn yearless_day(month: u32, day: u32, r: Option<NaiveDate>) -> Option<DateValue> {
    // Validate against a leap year so "February 30" is rejected even undated.
    ymd(2000, month, day)?;
    let Some(r) = r else { return Some(DateValue::unresolved(UNDATED)) };
    let date = (0..4).find_map(|k| ymd(r.year() + k, month, day))?;
    Some(DateValue { relative: true, ..DateValue::day(date) })
}

fn day_value(year: i32, month: u32, day: u32) -> Option<DateValue> {
    Some(DateValue::day(ymd(year, month, day)?))
}

fn parse_single(s: &str, r: Option<NaiveDate>) -> Option<DateValue> {
    let s = s.trim();
    let s = s.strip_prefix("on ").unwrap_or(s);
    // "Saturday's", but "the 1970's" is a decade.
    let s = match s.strip_suffix("'s") {
        Some(t) if !t.ends_with(|c: char| c.is_ascii_digit()) => t,
        _ => s,
    };
    let s = s.trim_end_matches('.');
    if s.is_empty() {
        return None;
    }
    for prefix in ["in ", "during ", "from "] {
        if let Some(v) = s.strip_prefix(prefix).and_then(|rest| parse_core(rest, r)) {
            return Some(v);
        }
    }
    // "next 5/12", "last 6th of April": the first such day after the
    // reference, the most recent one before it; "this 5/12": in its year.
    if let Some((word @ ("next" | "last" | "this"), rest)) = s.split_once(' ') {
        let weekday_first = rest.split(' ').next().and_then(weekday_of).is_some();
        if let Some(v) = (!weekday_first).then(|| parse_numeric(rest, r).or_else(|| parse_named(rest, r))).flatten() {
            if v.granularity == Granularity::Day && v.relative && v.unresolved.is_none() && !rest.ends_with("month") {
                let (Some(r), Some(d)) = (r, v.start) else { return Some(v) };
                let step = match word {
                    "next" if d <= r => 12,
                    "last" if d >= r => -12,
                    _ => return Some(v),
                };
                let r2 = if step > 0 {
                    r.checked_add_months(Months::new(12))
                } else {
                    r.checked_sub_months(Months::new(12))
                };
                return parse_numeric(rest, r2).or_else(|| parse_named(rest, r2));
            }
        }
    }
    // A weekday before a date: "Tue May 9", "this Friday 5/12", "Friday 2018-7-6".
    if let Some(c) = anchored!(r"(?:(?:this|next|last) )?{P_WD} ?[,-]? ?(.+)").and_then(|re| re.captures(s)) {
        let rest = cap(&c, 2)?;
        if let Some(v) = parse_numeric(rest, r).or_else(|| parse_named(rest, r)) {
            if v.granularity == Granularity::Day {
                return Some(v);
            }
        }
    }
    parse_core(s, r)
}

fn parse_core(s: &str, r: Option<NaiveDate>) -> Option<DateValue> {
    parse_numeric(s, r)
        .or_else(|| parse_named(s, r))
        .or_else(|| parse_periods(s, r))
        .or_else(|| parse_weekday(s, r))
        .or_else(|| parse_offset(s, r))
        .or_else(|| parse_fixed_relative(s, r))
        .or_else(|| parse_holiday(s, r))
}

/// Numeric dates and months: "2020-01-03", "01/22/2016", "22/04", "2015-3", "11/2016".
fn parse_numeric(s: &str, r: Option<NaiveDate>) -> Option<DateValue> {
    if let Some(c) =
        anchored!(r"([0-9]{{4}}) ?[-/.] ?([0-9]{{1,2}}) ?[-/.] ?([0-9]{{1,2}})").and_then(|re| re.captures(s))
    {
        return day_value(num(&c, 1)?, num(&c, 2)?, num(&c, 3)?);
    }
    if let Some(c) = anchored!(r"([0-9]{{4}})[-/]{P_MON}[-/]{P_DAY}").and_then(|re| re.captures(s)) {
        return day_value(num(&c, 1)?, month_number(cap(&c, 2)?)?, num(&c, 3)?);
    }
    if let Some(c) = anchored!(r"([0-9]{{1,2}})([-/.])([0-9]{{1,2}})(?:[-/.]| ?, ?)([0-9]{{4}}|[0-9]{{2}})")
        .and_then(|re| re.captures(s))
    {
        // Month first, as in American usage, unless the first field cannot be a month.
        let (a, b): (u32, u32) = (num(&c, 1)?, num(&c, 3)?);
        let year = year_of(cap(&c, 4)?)?;
        let (month, day) = if a > 12 { (b, a) } else { (a, b) };
        return day_value(year, month, day);
    }
    if let Some(c) = anchored!(r"([0-9]{{1,2}})[-/]{P_MON}[-/]([0-9]{{4}})").and_then(|re| re.captures(s)) {
        return day_value(num(&c, 3)?, month_number(cap(&c, 2)?)?, num(&c, 1)?);
    }
    if let Some(c) = anchored!(r"{P_MON}-([0-9]{{1,2}})-([0-9]{{4}})").and_then(|re| re.captures(s)) {
        return day_value(num(&c, 3)?, month_number(cap(&c, 1)?)?, num(&c, 2)?);
    }
    if let Some(c) = anchored!(r"([0-9]{{4}}) ?[-/.] ?([0-9]{{1,2}})").and_then(|re| re.captures(s)) {
        return month_value(num(&c, 1)?, num(&c, 2)?, false);
    }
    if let Some(c) = anchored!(r"([0-9]{{1,2}}) ?[-/] ?([0-9]{{4}})").and_then(|re| re.captures(s)) {
        return month_value(num(&c, 2)?, num(&c, 1)?, false);
    }
    if let Some(c) = anchored!(r"{P_MON} ?[-/] ?([0-9]{{4}})").and_then(|re| re.captures(s)) {
        return month_value(num(&c, 2)?, month_number(cap(&c, 1)?)?, false);
    }
    // Yearless: "4/22", "22/04" (day first only when it exceeds 12), "Oct/2".
    let prefix = r"(?:(?:this|next|last) )?(?:(?:this |next |last )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun),? )?";
    if let Some(c) = anchored!(r"{prefix}([0-9]{{1,2}}) ?[-/.] ?([0-9]{{1,2}})").and_then(|re| re.captures(s)) {
        let (a, b): (u32, u32) = (num(&c, 2)?, num(&c, 3)?);
        let (month, day) = if a > 12 { (b, a) } else { (a, b) };
        return yearless_day(month, day, r);
    }
    if let Some(c) = anchored!(r"{P_MON} ?/ ?{P_DAY}").and_then(|re| re.captures(s)) {
        return yearless_day(month_number(cap(&c, 1)?)?, num(&c, 2)?, r);
    }
    None
}

/// Dates and months with month names, years, and days of a named month.
fn parse_named(s: &str, r: Option<NaiveDate>) -> Option<DateValue> {
    let wd = format!(r"(?:{P_WD},? )?");
    let year = r"(?: ?, ?| | of |, of | in )([0-9]{4}|'?[0-9]{2})|-([0-9]{4})";
    let mdy = anchored!(r"{wd}(?:the )?{P_MON} ?[-,]? ?(?:the )?{P_DAY}(?:{year})?");
    let dmy = anchored!(r"{wd}(?:the )?{P_DAY}(?: day)?(?: of | |-|\. | of the month of ){P_MON}(?:{year})?");
    let found = mdy
        .and_then(|re| re.captures(s))
        .map(|c| (c, 2, 3, 4))
        .or_else(|| dmy.and_then(|re| re.captures(s)).map(|c| (c, 3, 2, 4)));
    if let Some((c, mi, di, yi)) = found {
        let month = month_number(cap(&c, mi)?)?;
        let day: u32 = num(&c, di)?;
        return match cap(&c, yi).or(cap(&c, yi + 1)) {
            Some(y) => day_value(year_of(y)?, month, day),
            None => yearless_day(month, day, r),
        };
    }
    if let Some(c) =
        anchored!(r"(?:in |during )?{P_MON} ?,? (?:of |in )?([0-9]{{4}}|'[0-9]{{2}})").and_then(|re| re.captures(s))
    {
        return month_value(year_of(cap(&c, 2)?)?, month_number(cap(&c, 1)?)?, false);
    }
    if let Some(c) = anchored!(r"{P_MON} (?:of )?([0-9]{{2}})").and_then(|re| re.captures(s)) {
        let y: u32 = num(&c, 2)?;
        if y > 31 || s.contains(" of ") {
            return month_value(year_of(cap(&c, 2)?)?, month_number(cap(&c, 1)?)?, false);
        }
    }
    if let Some(c) = anchored!(r"(?:in )?([0-9]{{4}}) ?,? {P_MON}").and_then(|re| re.captures(s)) {
        return month_value(num(&c, 1)?, month_number(cap(&c, 2)?)?, false);
    }
    if let Some(c) = anchored!(r"(?:in |during |until )?(?:the )?(?:calendar )?(?:year )?(?:of )?([0-9]{{4}})|(?:the )?year ([0-9]{{3}})|cy ?([0-9]{{4}}|[0-9]{{2}})")
        .and_then(|re| re.captures(s))
    {
        let y = match (cap(&c, 1), cap(&c, 2), cap(&c, 3)) {
            (Some(y), _, _) | (_, Some(y), _) => y.parse().ok()?,
            (_, _, Some(y)) => year_of(y)?,
            _ => return None,
        };
        return year_value(y, false);
    }
    if let Some(c) =
        anchored!(r"(early|mid|late)[ -]?(?:([0-9]{{4}})|(last|this|next) year)").and_then(|re| re.captures(s))
    {
        let part = cap(&c, 1)?;
        if let Some(y) = cap(&c, 2) {
            return season_value(y.parse().ok()?, part, false);
        }
        let Some(r) = r else { return Some(DateValue::unresolved(UNDATED)) };
        let year = match cap(&c, 3)? {
            "last" => r.year() - 1,
            "next" => r.year() + 1,
            _ => r.year(),
        };
        return season_value(year, part, true);
    }
    if let Some(c) = anchored!(r"(early|mid|late)[ -]?(last|this|next) month").and_then(|re| re.captures(s)) {
        let Some(r) = r else { return Some(DateValue::unresolved(UNDATED)) };
        let offset = match cap(&c, 2)? {
            "last" => -1,
            "next" => 1,
            _ => 0,
        };
        let m = shift(ymd(r.year(), r.month(), 1)?, "month", offset)?;
        return month_part(m.year(), m.month(), cap(&c, 1)?, true);
    }
    // Days of a relative month: "the 20th of next month", "31st of this month", "the 3rd".
    if let Some(c) =
        anchored!(r"(?:the )?{P_DAY}(?: day)?(?: of| in)? (this|next|last) month").and_then(|re| re.captures(s))
    {
        let day: u32 = num(&c, 1)?;
        let Some(r) = r else { return Some(DateValue::unresolved(UNDATED)) };
        let offset = match cap(&c, 2)? {
            "last" => -1,
            "next" => 1,
            _ => 0,
        };
        let m = shift(ymd(r.year(), r.month(), 1)?, "month", offset)?;
        return Some(DateValue { relative: true, ..DateValue::day(ymd(m.year(), m.month(), day)?) });
    }
    if let Some(c) = anchored!(r"(?:{P_WD} )?the ([0-9]{{1,2}})(?:st|nd|rd|th)?").and_then(|re| re.captures(s)) {
        let day: u32 = num(&c, 2)?;
        let Some(r) = r else { return Some(DateValue::unresolved(UNDATED)) };
        return Some(DateValue { relative: true, ..DateValue::day(ymd(r.year(), r.month(), day)?) });
    }
    // Months: "in July", "last September", "June next year".
    if let Some(c) =
        anchored!(r"(in|during|until|last|this|next|early|mid|late|the)?[ -]?{P_MON}(?: (this|next|last) year)?")
            .and_then(|re| re.captures(s))
    {
        let month = month_number(cap(&c, 2)?)?;
        let Some(r) = r else { return Some(DateValue::unresolved(UNDATED)) };
        let year = match (cap(&c, 1), cap(&c, 3)) {
            (_, Some("last")) => r.year() - 1,
            (_, Some("next")) => r.year() + 1,
            (_, Some(_)) => r.year(),
            (Some("last"), _) if month >= r.month() => r.year() - 1,
            (Some("next"), _) if month <= r.month() => r.year() + 1,
            _ => r.year(),
        };
        if let Some(part @ ("early" | "mid" | "late")) = cap(&c, 1) {
            return month_part(year, month, part, true);
        }
        return month_value(year, month, true);
    }
    None
}

/// Holidays: "Easter 2018", "next Christmas", "last Easter", "Christmas
/// Eve", "Thanksgiving of next year". A bare holiday is the one of the
/// reference year, like a day and month without a year; "next"/"last" are
/// the first one after / the most recent one before the reference.
fn parse_holiday(s: &str, r: Option<NaiveDate>) -> Option<DateValue> {
    let c = anchored!(
        r"(?:(this|next|last|previous|following|coming|upcoming) )?([a-z' .]+?)(?:,? ([0-9]{{4}})| of ([0-9]{{4}})| (?:of )?(this|next|last) year)?"
    )?
    .captures(s)?;
    let feast = feast_of(cap(&c, 2)?, false)?;
    if let Some(y) = cap(&c, 3).or(cap(&c, 4)) {
        return Some(DateValue::day(feast_day(feast, y.parse().ok()?)?));
    }
    let Some(r) = r else { return Some(DateValue::unresolved(UNDATED)) };
    let in_year = |y: i32| feast_day(feast, y);
    let date = match (cap(&c, 1), cap(&c, 5)) {
        (_, Some(w)) => in_year(
            r.year()
                + if w == "next" {
                    1
                } else if w == "last" {
                    -1
                } else {
                    0
                },
        )?,
        (Some("next" | "following" | "coming" | "upcoming"), _) => {
            in_year(r.year()).filter(|d| *d > r).or_else(|| in_year(r.year() + 1))?
        }
        (Some("last" | "previous"), _) => in_year(r.year()).filter(|d| *d < r).or_else(|| in_year(r.year() - 1))?,
        _ => in_year(r.year())?,
    };
    Some(DateValue { relative: true, ..DateValue::day(date) })
}

/// Quarters, halves, decades, centuries, weeks of a date.
fn parse_periods(s: &str, r: Option<NaiveDate>) -> Option<DateValue> {
    let ordinal = r"([1-4])(?:st|nd|rd|th)";
    let rel_year = |word: Option<&str>, explicit: Option<&str>| -> Option<Option<(i32, bool)>> {
        if let Some(y) = explicit {
            return Some(Some((y.parse().ok()?, false)));
        }
        let Some(r) = r else { return Some(None) };
        let y = match word {
            Some("last") => r.year() - 1,
            Some("next") => r.year() + 1,
            _ => r.year(),
        };
        Some(Some((y, true)))
    };
    let quarter =
        anchored!(r"(?:the )?(?:{ordinal}|(last)) quarter(?: of)?(?: the year| (this|next|last) year| ([0-9]{{4}}))?")
            .and_then(|re| re.captures(s))
            .map(|c| {
                (
                    cap(&c, 1).map(str::to_string),
                    cap(&c, 3).map(str::to_string),
                    cap(&c, 4).map(str::to_string),
                    cap(&c, 2).is_some(),
                )
            })
            .or_else(|| {
                anchored!(r"([0-9]{{4}}),? (?:the )?{ordinal} quarter")
                    .and_then(|re| re.captures(s))
                    .map(|c| (cap(&c, 2).map(str::to_string), None, cap(&c, 1).map(str::to_string), false))
            })
            .or_else(|| {
                anchored!(r"q([1-4])(?: ?(?:-|of)? ?([0-9]{{4}})| (this|next|last) year)?")
                    .and_then(|re| re.captures(s))
                    .map(|c| {
                        (
                            cap(&c, 1).map(str::to_string),
                            cap(&c, 3).map(str::to_string),
                            cap(&c, 2).map(str::to_string),
                            false,
                        )
                    })
            })
            .or_else(|| {
                anchored!(r"([0-9]{{4}}) ?-? ?q([1-4])")
                    .and_then(|re| re.captures(s))
                    .map(|c| (cap(&c, 2).map(str::to_string), None, cap(&c, 1).map(str::to_string), false))
            });
    if let Some((q, word, year, last)) = quarter.filter(|q| !q.3 || s.contains(" of ")) {
        let Some((y, relative)) = rel_year(word.as_deref(), year.as_deref())? else {
            return Some(DateValue::unresolved(UNDATED));
        };
        let q: u32 = if last { 4 } else { q?.parse().ok()? };
        return quarter_value(y, q, relative);
    }
    if let Some(c) = anchored!(r"h([12]) ?([0-9]{{4}})|([0-9]{{4}}) ?-? ?h([12])").and_then(|re| re.captures(s)) {
        let (h, y): (u32, i32) = match (cap(&c, 1), cap(&c, 2)) {
            (Some(h), Some(y)) => (h.parse().ok()?, y.parse().ok()?),
            _ => (num(&c, 4)?, num(&c, 3)?),
        };
        return months_value(y, 6 * h - 5, 6 * h, false);
    }
    // Spoken decades: "the noughties", "the two thousands", "the twenty-tens".
    if let Some(c) =
        anchored!(r"(?:the )?(?:(noughties|2 thousands)|(?:20[ -]?|2000 and )tens)").and_then(|re| re.captures(s))
    {
        let start = if c.get(1).is_some() { 2000 } else { 2010 };
        return Some(span(ymd(start, 1, 1)?, ymd(start + 9, 12, 31)?, Granularity::Span, false));
    }
    if let Some(c) = anchored!(r"(?:the )?([0-9]{{3}})0'?s").and_then(|re| re.captures(s)) {
        let start: i32 = num::<i32>(&c, 1)? * 10;
        return Some(span(ymd(start, 1, 1)?, ymd(start + 9, 12, 31)?, Granularity::Span, false));
    }
    if let Some(c) = anchored!(r"(?:the )?'?([0-9])0'?s").and_then(|re| re.captures(s)) {
        let d: i32 = num(&c, 1)?;
        let this = r.map_or(2025, |r| r.year());
        let start = if 2000 + 10 * d <= this { 2000 + 10 * d } else { 1900 + 10 * d };
        return Some(span(ymd(start, 1, 1)?, ymd(start + 9, 12, 31)?, Granularity::Span, false));
    }
    if let Some(c) = anchored!(r"(?:the )?([0-9]{{1,2}})(?:st|nd|rd|th) ?century").and_then(|re| re.captures(s)) {
        let n: i32 = num(&c, 1)?;
        if n == 0 {
            return None;
        }
        return Some(span(ymd((n - 1) * 100, 1, 1)?, ymd(n * 100 - 1, 12, 31)?, Granularity::Span, false));
    }
    // The (Monday-based) week holding a date: "the week of April 10th", "w/c Feb 4".
    if let Some(c) = anchored!(r"(?:the )?(?:week (?:of|starting|beginning|commencing) (?:on )?|w/c )(.+)")
        .and_then(|re| re.captures(s))
    {
        let v = parse_single(cap(&c, 1)?, r)?;
        if v.unresolved.is_some() || v.granularity != Granularity::Day {
            return (v.unresolved.is_some()).then_some(v);
        }
        let monday = monday_of(v.start?)?;
        return Some(span(monday, monday.checked_add_signed(Duration::days(6))?, Granularity::Week, v.relative));
    }
    // "the third month of 2021", "the 9th month of next year".
    if let Some(c) = anchored!(r"(?:the )?([0-9]{{1,2}})(?:st|nd|rd|th) month of (.+)").and_then(|re| re.captures(s)) {
        let n: u32 = num(&c, 1)?;
        let v = parse_single(cap(&c, 2)?, r)?;
        if v.unresolved.is_some() {
            return Some(v);
        }
        return month_value(v.start?.year(), n, v.relative);
    }
    // "the third week of July": the nth Monday-based week starting in the month.
    if let Some(c) = anchored!(r"(?:the )?([1-5])(?:st|nd|rd|th) week of (.+)").and_then(|re| re.captures(s)) {
        let n: i64 = num(&c, 1)?;
        let v = parse_single(cap(&c, 2)?, r)?;
        if v.unresolved.is_some() || v.granularity != Granularity::Month {
            return (v.unresolved.is_some()).then_some(v);
        }
        let first = v.start?;
        let monday = monday_of(first)?.checked_add_signed(Duration::days(7 * (n - 1)))?;
        return Some(span(monday, monday.checked_add_signed(Duration::days(6))?, Granularity::Week, v.relative));
    }
    None
}

/// Weekdays: "Saturday's", "last Saturday", "next week Wednesday", "Friday
/// the 15th", "second Sunday".
fn parse_weekday(s: &str, r: Option<NaiveDate>) -> Option<DateValue> {
    let rel = || Some(DateValue::unresolved(UNDATED));
    let day = |d: NaiveDate| Some(DateValue { relative: true, ..DateValue::day(d) });
    if let Some(c) = anchored!(
        r"(?:(?:late|early) )?(?:on )?(last |this (?:coming |upcoming )?|next |previous |coming |upcoming |following )?{P_WD}(?:'s)?(?: {PARTS_OF_DAY})?"
    )
    .and_then(|re| re.captures(s))
    {
        let wd = weekday_of(cap(&c, 2)?)?;
        let Some(r) = r else { return rel() };
        let date = match cap(&c, 1).map(str::trim) {
            Some("last") => weekday_before(r, wd, true)?,
            Some("next" | "following") => weekday_in_week(r, wd, 1)?,
            Some("previous") => weekday_in_week(r, wd, -1)?,
            Some("coming" | "upcoming" | "this coming" | "this upcoming") => weekday_after(r, wd)?,
            Some("this") => weekday_in_week(r, wd, 0)?,
            _ => weekday_before(r, wd, false)?,
        };
        return day(date);
    }
    let week = |w: &str| match w {
        "last" | "previous" => Some(-1),
        "this" => Some(0),
        "next" | "following" | "the following" => Some(1),
        _ => None,
    };
    let found = anchored!(r"(last|this|next|previous|following) week,? (?:on )?-? ?{P_WD}")
        .and_then(|re| re.captures(s))
        .map(|c| (cap(&c, 1).map(str::to_string), cap(&c, 2).map(str::to_string)))
        .or_else(|| {
            anchored!(r"{P_WD},? (?:of )?(last|this|next|previous|the following) week")
                .and_then(|re| re.captures(s))
                .map(|c| (cap(&c, 2).map(str::to_string), cap(&c, 1).map(str::to_string)))
        });
    if let Some((w, d)) = found {
        let (offset, wd) = (week(w.as_deref()?)?, weekday_of(d.as_deref()?)?);
        let Some(r) = r else { return rel() };
        return day(weekday_in_week(r, wd, offset)?);
    }
    // The nth weekday of the reference month: "second Sunday".
    if let Some(c) = anchored!(r"([1-5])(?:st|nd|rd|th) {P_WD}").and_then(|re| re.captures(s)) {
        let (n, wd): (i64, Weekday) = (num(&c, 1)?, weekday_of(cap(&c, 2)?)?);
        let Some(r) = r else { return rel() };
        let first = ymd(r.year(), r.month(), 1)?;
        let back = weekday_before(first.pred_opt()?, wd, true)?;
        let mut date = weekday_after(back, wd)?;
        if date < first {
            date = date.checked_add_signed(Duration::days(7))?;
        }
        let date = date.checked_add_signed(Duration::days(7 * (n - 1)))?;
        return (date.month() == r.month()).then(|| day(date)).flatten();
    }
    None
}

/// `day` moved by each counted unit of `duration` in turn, forward (`sign`
/// 1) or back (-1): "2 years 1 month 21 days".
fn add_duration(day: NaiveDate, duration: &str, sign: i64) -> Option<NaiveDate> {
    static PART: OnceLock<Option<Regex>> = OnceLock::new();
    let part = PART.get_or_init(|| Regex::new(&format!("{P_COUNT} {P_UNIT}")).ok()).as_ref()?;
    let mut date = day;
    let mut any = false;
    for c in part.captures_iter(duration) {
        date = shift(date, cap(&c, 2)?, sign * count_value(cap(&c, 1)?)?)?;
        any = true;
    }
    any.then_some(date)
}

/// The day an offset counts from: "now", "tomorrow", a date, a weekday or a
/// holiday. A weekday, holiday or yearless date is its next occurrence on or
/// after the reference ("3 days from Tuesday", "2 weeks before Christmas").
fn anchor_day(s: &str, r: Option<NaiveDate>) -> Option<DateValue> {
    let day = |d: NaiveDate| Some(DateValue { relative: true, ..DateValue::day(d) });
    let s = s.trim();
    if let Some(wd) = anchored!(r"{P_WD}").and_then(|re| re.captures(s)).and_then(|c| weekday_of(cap(&c, 1)?)) {
        let Some(r) = r else { return Some(DateValue::unresolved(UNDATED)) };
        return day(weekday_after(r.pred_opt()?, wd)?);
    }
    if let Some(f) = feast_of(s, true) {
        let Some(r) = r else { return Some(DateValue::unresolved(UNDATED)) };
        let this = feast_day(f, r.year()).filter(|d| *d >= r);
        return day(this.or_else(|| feast_day(f, r.year() + 1))?);
    }
    let v = range_side(s, r)?;
    if v.unresolved.is_some() {
        return Some(v);
    }
    if v.granularity != Granularity::Day {
        return None;
    }
    match r {
        Some(r) if yearless(s, &v) && v.start.is_some_and(|d| d < r) => {
            parse_side(s, r.checked_add_months(Months::new(12)))
        }
        _ => Some(v),
    }
}

/// Offsets and counted periods: "2 days ago", "in 2 weeks", "two days after
/// today", "next 3 days", "the past 2 weeks", "within 9 months".
fn parse_offset(s: &str, r: Option<NaiveDate>) -> Option<DateValue> {
    let rel = || Some(DateValue::unresolved(UNDATED));
    let day = |d: NaiveDate| Some(DateValue { relative: true, ..DateValue::day(d) });
    if let Some(c) = anchored!(r"(?:the )?day (before|after) (yesterday|today|tomorrow)|(?:the )?(next|following|previous|past|last) day|the day (before|after)")
        .and_then(|re| re.captures(s))
    {
        let Some(r) = r else { return rel() };
        let n = match (cap(&c, 1), cap(&c, 2), cap(&c, 3), cap(&c, 4)) {
            (Some(dir), Some(base), _, _) => {
                let base = match base {
                    "yesterday" => -1,
                    "today" => 0,
                    _ => 1,
                };
                base + if dir == "before" { -1 } else { 1 }
            }
            (_, _, Some("next" | "following"), _) | (_, _, _, Some("after")) => 1,
            _ => -1,
        };
        return day(r.checked_add_signed(Duration::days(n))?);
    }
    // Counted weekdays: "two Sundays from now", "two Mondays later".
    if let Some(c) = anchored!(r"{P_COUNT} {P_WD}s? (?:from now|later)").and_then(|re| re.captures(s)) {
        let (n, wd) = (count_value(cap(&c, 1)?)?, weekday_of(cap(&c, 2)?)?);
        if n < 1 {
            return None;
        }
        let Some(r) = r else { return rel() };
        let first = weekday_after(r, wd)?;
        return day(first.checked_add_signed(Duration::days(7 * (n.checked_sub(1)?)))?);
    }
    // A stretch from a day: "for 3 days from today", "3 days starting from next Monday".
    if let Some(c) = anchored!(r"for {P_DURATION},? (?:starting |beginning )?(?:from|on) (.+)")
        .and_then(|re| re.captures(s))
        .or_else(|| {
            anchored!(r"(?:for )?{P_DURATION},? (?:starting|beginning) (?:from |on )?(.+)")
                .and_then(|re| re.captures(s))
        })
    {
        let from = anchor_day(cap(&c, 2)?, r)?;
        if from.unresolved.is_some() {
            return Some(from);
        }
        let start = from.start?;
        let end = add_duration(start, cap(&c, 1)?, 1)?.pred_opt()?;
        return Some(span(start, end.max(start), Granularity::Span, true));
    }
    // Offsets, compound ones included, with a weekday of the week they land
    // in: "2 weeks and 2 days ago", "3 days after January 12th", "Monday two
    // weeks from now", "in 3 days on Friday".
    let offset = anchored!(
        r"(?:{P_WD},? )?(?:in )?{P_DURATION} (ago|earlier|later|hence|before|after|from)(?: (.+?))?(?: on {P_WD})?"
    )
    .and_then(|re| re.captures(s))
    .map(|c| {
        let wd = cap(&c, 1).or(cap(&c, 5)).map(str::to_string);
        (wd, cap(&c, 2).map(str::to_string), cap(&c, 3).map(str::to_string), cap(&c, 4).map(str::to_string))
    })
    .or_else(|| {
        anchored!(r"(?:{P_WD},? )?in {P_DURATION}(?: from (?:now|today))?(?: on {P_WD})?")
            .and_then(|re| re.captures(s))
            .map(|c| {
                let wd = cap(&c, 1).or(cap(&c, 3)).map(str::to_string);
                (wd, cap(&c, 2).map(str::to_string), Some("later".to_string()), None)
            })
    });
    if let Some((wd, duration, dir, anchor)) = offset {
        let (duration, dir) = (duration?, dir?);
        let sign = match (dir.as_str(), anchor.is_some()) {
            ("ago" | "earlier" | "later" | "hence", true) | ("after" | "from", false) => return None,
            ("ago" | "earlier" | "before", _) => -1,
            _ => 1,
        };
        let base = match anchor.as_deref() {
            None | Some("now" | "today") => {
                let Some(r) = r else { return rel() };
                DateValue { relative: true, ..DateValue::day(r) }
            }
            Some(a) => anchor_day(a, r)?,
        };
        if base.unresolved.is_some() {
            return Some(base);
        }
        let mut date = add_duration(base.start?, &duration, sign)?;
        if let Some(wd) = wd {
            date = weekday_in_week(date, weekday_of(&wd)?, 0)?;
        }
        return Some(DateValue { relative: base.relative, ..DateValue::day(date) });
    }
    if let Some(c) = anchored!(r"within (?:the )?(?:next )?{P_COUNT} {P_UNIT}").and_then(|re| re.captures(s)) {
        let n = count_value(cap(&c, 1)?)?;
        let Some(r) = r else { return rel() };
        return Some(span(r, shift(r, cap(&c, 2)?, n)?, Granularity::Span, true));
    }
    // The first or last part of a period: "the last four months of 2021".
    if let Some(c) = anchored!(r"(?:the )?(first|1st|last) {P_COUNT} {P_UNIT} of (.+)").and_then(|re| re.captures(s)) {
        let n = count_value(cap(&c, 2)?)?;
        let unit = cap(&c, 3)?;
        let whole = parse_single(cap(&c, 4)?, r)?;
        if whole.unresolved.is_some() {
            return Some(whole);
        }
        let (start, end) = (whole.start?, whole.end?);
        let (from, to) = if cap(&c, 1)? != "last" {
            (start, shift(start, unit, n)?.pred_opt()?)
        } else {
            (shift(end.succ_opt()?, unit, -n)?, end)
        };
        if from < start || to > end || from > to {
            return None;
        }
        return Some(span(from, to, Granularity::Span, whole.relative));
    }
    let counted = anchored!(r"(?:the )?(next|past|last|previous|coming|upcoming|following) (?:{P_COUNT} ?)?{P_UNIT}")
        .and_then(|re| re.captures(s))
        .map(|c| (cap(&c, 1).map(str::to_string), cap(&c, 2).map(str::to_string), cap(&c, 3).map(str::to_string)))
        .or_else(|| {
            anchored!(r"(?:the )?{P_COUNT} (next|past|last|previous|coming|upcoming|following) {P_UNIT}")
                .and_then(|re| re.captures(s))
                .map(|c| {
                    (cap(&c, 2).map(str::to_string), cap(&c, 1).map(str::to_string), cap(&c, 3).map(str::to_string))
                })
        });
    if let Some((dir, count, unit)) = counted {
        let (dir, unit) = (dir?, unit?);
        let future = matches!(dir.as_str(), "next" | "coming" | "upcoming" | "following");
        let Some(r) = r else { return rel() };
        let Some(count) = count else {
            // One calendar unit: "next quarter", "the past decade".
            if matches!(unit.as_str(), "quarter" | "decade" | "month") {
                return calendar_unit(r, &unit, if future { 1 } else { -1 }, 1);
            }
            return None;
        };
        let n = count_value(&count)?;
        if matches!(unit.as_str(), "quarter" | "decade") {
            return if future { calendar_unit(r, &unit, 1, n) } else { calendar_unit(r, &unit, -n, n) };
        }
        return if future {
            Some(span(r.succ_opt()?, shift(r, &unit, n)?, Granularity::Span, true))
        } else {
            Some(span(shift(r, &unit, -n)?, r, Granularity::Span, true))
        };
    }
    None
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
        "later this week",
        "later in the week",
        "later this month",
        "later in the month",
        "later this year",
        "later in the year",
        "rest of the week",
        "rest of this week",
        "rest of week",
        "rest the week",
        "rest this week",
        "rest of my week",
        "rest of current week",
        "rest of the current week",
        "rest of the month",
        "rest of this month",
        "rest of the year",
        "rest of this year",
        "year to date",
        "the year to date",
        "this quarter",
        "current quarter",
        "the current quarter",
        "this decade",
        "the current decade",
        "last week",
        "this week",
        "next week",
        "previous week",
        "last weekend",
        "this weekend",
        "next weekend",
        "last month",
        "this month",
        "next month",
        "previous month",
        "last year",
        "this year",
        "next year",
        "previous year",
        "the year after next",
        "this calendar year",
        "the month after next",
        "the month after the next",
    ];
    let rest;
    let s = match s.strip_prefix("the ").unwrap_or(s).split_once(' ') {
        Some(("remainder" | "remaining", tail)) => {
            rest = format!("rest {tail}");
            rest.as_str()
        }
        _ => s.strip_prefix("the ").filter(|t| t.starts_with("rest ")).unwrap_or(s),
    };
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
    let from_today = |unit: &str| -> Option<DateValue> {
        let end = shift(unit_start(r, unit)?, unit, 1)?.pred_opt()?;
        Some(span(r, end, Granularity::Span, true))
    };
    let monday = monday_of(r)?;
    let weekend = |saturday: NaiveDate| -> Option<DateValue> {
        Some(span(saturday, saturday.succ_opt()?, Granularity::Span, true))
    };
    let v = match s {
        "yesterday" => DateValue::day(day(-1)?),
        "today" => DateValue::day(r),
        "tomorrow" => DateValue::day(day(1)?),
        "earlier this week" | "earlier in the week" => until_yesterday(monday)?,
        "earlier this month" | "earlier in the month" => until_yesterday(ymd(r.year(), r.month(), 1)?)?,
        "earlier this year" | "earlier in the year" => until_yesterday(ymd(r.year(), 1, 1)?)?,
        "later this week" | "later in the week" => from_today("week")?,
        "later this month" | "later in the month" => from_today("month")?,
        "later this year" | "later in the year" => from_today("year")?,
        "year to date" | "the year to date" => span(ymd(r.year(), 1, 1)?, r, Granularity::Span, true),
        "this quarter" | "current quarter" | "the current quarter" => calendar_unit(r, "quarter", 0, 1)?,
        "this decade" | "the current decade" => calendar_unit(r, "decade", 0, 1)?,
        "last week" | "previous week" => calendar_unit(r, "week", -1, 1)?,
        "this week" => calendar_unit(r, "week", 0, 1)?,
        "next week" => calendar_unit(r, "week", 1, 1)?,
        "last weekend" => weekend(weekday_before(r, Weekday::Sat, true)?)?,
        "this weekend" => weekend(monday.checked_add_signed(Duration::days(5))?)?,
        "next weekend" => weekend(weekday_after(r, Weekday::Sat)?)?,
        "last month" | "previous month" => calendar_unit(r, "month", -1, 1)?,
        "this month" => calendar_unit(r, "month", 0, 1)?,
        "next month" => calendar_unit(r, "month", 1, 1)?,
        "the month after next" | "the month after the next" => calendar_unit(r, "month", 2, 1)?,
        "last year" | "previous year" => year_value(r.year() - 1, true)?,
        "this year" => span(ymd(r.year(), 1, 1)?, r, Granularity::Span, true),
        "next year" => year_value(r.year() + 1, true)?,
        "the year after next" => year_value(r.year() + 2, true)?,
        "this calendar year" => year_value(r.year(), true)?,
        rest if rest.starts_with("rest") && rest.ends_with("week") => from_today("week")?,
        rest if rest.starts_with("rest") && rest.ends_with("month") => from_today("month")?,
        _ => from_today("year")?,
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
    /// against `reference`. Number words are read as digits first, and
    /// spans are given in `text`'s own byte offsets. A match that is no
    /// date (a clock time, a glued token, money, the tail of a number) is
    /// retried shorter from the same start, then from the next character;
    /// a year followed by "and 2009" or ", 2009" gives one mention per year.
    pub fn find_all(&self, text: &str, reference: Option<NaiveDate>) -> Vec<DateMatch> {
        let Some(re) = &self.pattern else {
            return Vec::new();
        };
        let (digits, map) = digitise(text);
        let mut out = Vec::new();
        let mut pos = 0;
        while let Some(m) = re.find_at(&digits, pos) {
            let mut next = m.end();
            let (mut start, mut limit) = (m.start(), m.end());
            loop {
                if let Some((end, found)) = accept_from(re, text, &digits, &map, start, limit, reference) {
                    let year = found.value.granularity == Granularity::Year && !found.value.relative;
                    let floor = out.last().map_or(0, |d: &DateMatch| d.span.end);
                    if let Some(earlier) = listed_day(text, &digits, &map, start, &found, floor) {
                        out.push(earlier);
                    }
                    out.push(found);
                    next = if year { listed_years(&digits, &map, end, &mut out) } else { end };
                    break;
                }
                // Rejected: a match starting later inside it ("$12 December 27"),
                // searched in a window as long as a mention may be.
                let from = start + digits[start..].chars().next().map_or(1, char::len_utf8);
                if from >= m.end() {
                    break;
                }
                limit = char_floor(&digits, from + MAX_MENTION);
                match re.find_at(&digits[..limit], from) {
                    Some(c) if c.start() < m.end() => start = c.start(),
                    _ => break,
                }
            }
            pos = next;
        }
        out
    }
}

/// The longest byte length of a mention (`parse_date` reads no more).
const MAX_MENTION: usize = 200;

/// `i`, or the char boundary before it, within `s`.
fn char_floor(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The first accepted mention matched at `start` in `digits[..limit]`,
/// retried shorter when rejected ("from 2015 and 2016" → "from 2015"), with
/// the byte offset where it ends.
fn accept_from(
    re: &Regex,
    text: &str,
    digits: &str,
    map: &[usize],
    start: usize,
    mut limit: usize,
    reference: Option<NaiveDate>,
) -> Option<(usize, DateMatch)> {
    while let Some(c) = re.find_at(digits.get(..limit)?, start).filter(|c| c.start() == start) {
        if let Some(found) = accept_match(text, digits, map, c.range(), reference) {
            return Some((c.end(), found));
        }
        limit = char_floor(digits, c.end().saturating_sub(1));
        if limit <= start {
            break;
        }
    }
    None
}

/// The mention for the match at `range` of the digitised text, if it is a date.
fn accept_match(
    text: &str,
    digits: &str,
    map: &[usize],
    range: Range<usize>,
    reference: Option<NaiveDate>,
) -> Option<DateMatch> {
    let matched = digits.get(range.clone())?;
    let rest = digits.get(range.end..)?;
    let mut after = rest.chars();
    let next = after.next();
    let before = digits[..range.start].trim_end();
    let glued_before = digits[..range.start].chars().next_back().is_some_and(|c| c.is_alphanumeric());
    // Clock times ("4:12"), glued tokens ("2020-01-03x"), a cut word.
    let clock = next == Some(':') && after.next().is_some_and(|c| c.is_ascii_digit());
    let cut = matched.chars().next_back().is_some_and(|c| c.is_alphanumeric())
        && (next.is_some_and(|c| c.is_alphanumeric())
            || matches!(next, Some('/' | '-' | '.')) && after.clone().next().is_some_and(|c| c.is_ascii_digit()));
    // Money ("$12 December") and the tail of a number ("6,107.31 August").
    let money = before.ends_with(['$', '€', '£', '¥']);
    let tail = {
        let mut back = digits[..range.start].chars().rev();
        matches!(back.next(), Some('.' | ',')) && back.next().is_some_and(|c| c.is_ascii_digit())
    };
    if clock || cut || glued_before || money || tail {
        return None;
    }
    let (start, end) = (*map.get(range.start)?, *map.get(range.end)?);
    let original = text.get(start..end)?;
    // A bare "the second" is an ordinal, not a day; "the 3rd" may be one.
    let lower = matched.to_lowercase();
    if lower.starts_with("the ") && !original.bytes().any(|b| b.is_ascii_digit()) && day_only(&lower).is_some() {
        return None;
    }
    let value = parse_date(matched, reference)?;
    Some(DateMatch { span: start..end, value })
}

/// A day listed before a day-first date ("18 and 19 June", "3, 4 June"):
/// the same month and year, when it comes after `floor` (the end of the
/// mention before it).
fn listed_day(
    text: &str,
    digits: &str,
    map: &[usize],
    start: usize,
    found: &DateMatch,
    floor: usize,
) -> Option<DateMatch> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| {
            Regex::new(r"(?i)(?:^|[^0-9a-z])((3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?)\s*(?:,|and|&)\s*$").ok()
        })
        .as_ref()?;
    let first = text.get(found.span.clone())?.bytes().next()?;
    let day = found.value.start?;
    if found.value.granularity != Granularity::Day || !first.is_ascii_digit() {
        return None;
    }
    let mut from = start.saturating_sub(16);
    while !digits.is_char_boundary(from) {
        from -= 1;
    }
    let c = re.captures(digits.get(from..start)?)?;
    let (whole, n) = (c.get(1)?, c.get(2)?);
    let earlier = ymd(day.year(), day.month(), n.as_str().parse().ok()?)?;
    let (s, e) = (*map.get(from + whole.start())?, *map.get(from + whole.end())?);
    (earlier < day && s >= floor).then(|| DateMatch {
        span: s..e,
        value: DateValue { relative: found.value.relative, ..DateValue::day(earlier) },
    })
}

/// Years listed after a year mention ("in 2007 and 2009", "2014, 2015 or
/// 2016"), each pushed as its own mention. Returns the position after them.
fn listed_years(digits: &str, map: &[usize], mut pos: usize, out: &mut Vec<DateMatch>) -> usize {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?i)^(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)((?:1[5-9]|20)[0-9]{2})(?-u:\b)").ok()
    });
    let Some(re) = re.as_ref() else { return pos };
    while let Some(c) = digits.get(pos..).and_then(|rest| re.captures(rest)) {
        let (Some(all), Some(year)) = (c.get(0), c.get(1)) else { break };
        // Not a year when glued on: "2009-10", "2009/10", "2009.5", "2009,000".
        let mut after = digits[pos + all.end()..].chars();
        let (next, then) = (after.next(), after.next());
        if next.is_some_and(char::is_alphanumeric)
            || matches!(next, Some('-' | '/' | '.' | ',')) && then.is_some_and(|c| c.is_ascii_digit())
        {
            break;
        }
        let value = year.as_str().parse().ok().and_then(|y| year_value(y, false));
        let (Some(value), Some(&start), Some(&end)) = (value, map.get(pos + year.start()), map.get(pos + year.end()))
        else {
            break;
        };
        out.push(DateMatch { span: start..end, value });
        pos += all.end();
    }
    pos
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    /// Found by the `date` fuzz target: a counted period of zero gave an interval
    /// ending before its start.
    #[test]
    fn regression_zero_counted_period_is_not_an_inverted_interval() {
        let reference = NaiveDate::from_ymd_opt(2020, 2, 29);
        for text in ["0  next year?", "0 next year", "next 0 days"] {
            if let Some(d) = parse_date(text, reference) {
                assert!(d.start <= d.end || d.start.is_none() || d.end.is_none(), "{text}: {d:?}");
            }
            for m in DateScanner::new().find_all(text, reference) {
                assert!(m.value.start <= m.value.end || m.value.end.is_none(), "{text}: {:?}", m.value);
            }
        }
    }

    use super::*;
    use Granularity::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// 2023-03-08 is a Wednesday.
    const R: &str = "2023-03-08";

    /// name, text, reference, expected start, expected end, granularity.
    type Row = (&'static str, &'static str, &'static str, Option<&'static str>, Option<&'static str>, Granularity);

    /// Parses every row's text against its reference and compares the interval and granularity.
    fn assert_rows(cases: &[Row]) {
        for (name, text, r, start, end, gran) in cases {
            let v = parse_date(text, Some(d(r))).unwrap_or_else(|| panic!("case {name}: {text} gave None"));
            assert_eq!((v.start, v.end, v.granularity), (start.map(d), end.map(d), *gran), "case {name}: {text}");
        }
    }

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
            ("end of year", "at the end of the year", R, Some("2023-09-01"), Some("2023-12-31"), Season),
            ("weekday and date", "Tuesday, March 3", "2020-03-10", Some("2020-03-03"), Some("2020-03-03"), Day),
        ];
        assert_rows(cases);
    }

    /// Issue #3: compound offsets, stretches, holidays, parts of periods and
    /// the other forms added for the peer suite; one row per form.
    #[test]
    fn parses_compound_and_calendar_forms() {
        let cases: &[Row] = &[
            ("compound ago", "2 weeks and 2 days ago", R, Some("2023-02-20"), Some("2023-02-20"), Day),
            ("compound comma", "1 month, 21 days ago", R, Some("2023-01-18"), Some("2023-01-18"), Day),
            ("compound later", "2 years 1 month 21 days later", R, Some("2025-04-29"), Some("2025-04-29"), Day),
            ("after yearless", "3 days after January 12th", R, Some("2024-01-15"), Some("2024-01-15"), Day),
            ("before dated", "2 weeks before May 13 1999", R, Some("1999-04-29"), Some("1999-04-29"), Day),
            ("from weekday", "3 days from Tuesday", R, Some("2023-03-17"), Some("2023-03-17"), Day),
            ("after next", "two months after next Friday", R, Some("2023-05-17"), Some("2023-05-17"), Day),
            ("weekday first", "Monday two weeks from now", R, Some("2023-03-20"), Some("2023-03-20"), Day),
            ("weekday last", "in 3 days on Friday", R, Some("2023-03-10"), Some("2023-03-10"), Day),
            ("hence", "2 days hence", R, Some("2023-03-10"), Some("2023-03-10"), Day),
            ("before holiday", "2 weeks before Christmas", R, Some("2023-12-11"), Some("2023-12-11"), Day),
            ("before new year", "5 days before new year", R, Some("2023-12-27"), Some("2023-12-27"), Day),
            ("stretch", "for 3 days from today", R, Some("2023-03-08"), Some("2023-03-10"), Span),
            ("stretch comma", "for 3 days, from today", R, Some("2023-03-08"), Some("2023-03-10"), Span),
            ("starting", "3 days starting from next Monday", R, Some("2023-03-13"), Some("2023-03-15"), Span),
            ("weeks starting", "two weeks starting on March 20", R, Some("2023-03-20"), Some("2023-04-02"), Span),
            ("counted weekdays", "two Sundays from now", R, Some("2023-03-19"), Some("2023-03-19"), Day),
            ("easter", "Easter 2018", R, Some("2018-04-01"), Some("2018-04-01"), Day),
            ("good friday", "Good Friday 2023", R, Some("2023-04-07"), Some("2023-04-07"), Day),
            ("thanksgiving", "Thanksgiving 2022", R, Some("2022-11-24"), Some("2022-11-24"), Day),
            ("black friday", "Black Friday 2010", R, Some("2010-11-26"), Some("2010-11-26"), Day),
            ("bare holiday", "Christmas", R, Some("2023-12-25"), Some("2023-12-25"), Day),
            ("last holiday", "last Christmas", R, Some("2022-12-25"), Some("2022-12-25"), Day),
            ("next holiday", "next Easter", "2023-04-20", Some("2024-03-31"), Some("2024-03-31"), Day),
            ("saint", "St. Patrick's Day", R, Some("2023-03-17"), Some("2023-03-17"), Day),
            ("holiday of year", "Christmas Eve of next year", R, Some("2024-12-24"), Some("2024-12-24"), Day),
            ("last months of", "the last four months of 2021", R, Some("2021-09-01"), Some("2021-12-31"), Span),
            ("first days of", "the first ten days of last year", R, Some("2022-01-01"), Some("2022-01-10"), Span),
            ("next yearless", "next 2/12", R, Some("2024-02-12"), Some("2024-02-12"), Day),
            ("last yearless", "last 6th of April", R, Some("2022-04-06"), Some("2022-04-06"), Day),
            ("month first range", "November between 19 and 20", R, Some("2023-11-19"), Some("2023-11-20"), Span),
            ("noughties", "the noughties", R, Some("2000-01-01"), Some("2009-12-31"), Span),
            ("decade apostrophe", "the 1970's", R, Some("1970-01-01"), Some("1979-12-31"), Span),
            ("late month half", "late March", R, Some("2023-03-16"), Some("2023-03-31"), Span),
            ("end of month", "the end of March", R, Some("2023-03-16"), Some("2023-03-31"), Span),
            ("early next month", "early next month", R, Some("2023-04-01"), Some("2023-04-15"), Span),
            ("late last month", "late last month", R, Some("2023-02-16"), Some("2023-02-28"), Span),
            ("end of a year", "the end of 2000", R, Some("2000-09-01"), Some("2000-12-31"), Season),
            ("half with dash", "2019-H2", R, Some("2019-07-01"), Some("2019-12-31"), Span),
            ("month comma ordinal", "October, 1st", R, Some("2023-10-01"), Some("2023-10-01"), Day),
            ("glued day", "Dec31 , 1994", R, Some("1994-12-31"), Some("1994-12-31"), Day),
            ("dotted day", "16. Nov. 2016", R, Some("2016-11-16"), Some("2016-11-16"), Day),
            ("slashed month name", "23/Sep/2020", R, Some("2020-09-23"), Some("2020-09-23"), Day),
            ("from month", "from October", R, Some("2023-10-01"), Some("2023-10-31"), Month),
            ("remainder", "the remainder of the year", R, Some("2023-03-08"), Some("2023-12-31"), Span),
            ("numeric across years", "from 10/25 to 01/25", R, Some("2023-10-25"), Some("2024-01-25"), Span),
            ("till current date", "from 2010-01-01 till current date", R, Some("2010-01-01"), Some("2023-03-08"), Span),
            ("spoken year", "January twenty five nineteen eighty six", R, Some("1986-01-25"), Some("1986-01-25"), Day),
            ("zero in year", "September 10, nineteen zero one", R, Some("1901-09-10"), Some("1901-09-10"), Day),
        ];
        assert_rows(cases);
    }

    /// The twin of `parses_compound_and_calendar_forms`: near misses that are no date.
    #[test]
    fn rejects_compound_and_calendar_near_misses() {
        let cases: &[(&str, &str)] = &[
            ("offset without anchor", "3 days after"),
            ("anchor not a day", "two weeks from the election"),
            ("anchor a month", "3 days after March"),
            ("zero weekdays", "0 Sundays from now"),
            ("bare duration", "for three weeks"),
            ("longer than the period", "the first 13 months of 2021"),
            ("national day", "Independence Day"),
            ("bare new year", "new year"),
            ("offset then direction word", "3 days ago from today"),
        ];
        for (name, text) in cases {
            assert_eq!(parse_date(text, Some(d(R))), None, "case {name}: {text}");
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
            ("listed years", "Sales in 2007 and 2009 rose", &["in 2007", "2009"]),
            ("year list", "in 2014, 2015 or 2016", &["in 2014", "2015", "2016"]),
            ("money before", "I bought it for $12 December 27", &["December 27"]),
            ("number tail", "6,107.31 August 2019 was", &["August 2019"]),
            ("listed days", "They met on 18 and 19 June.", &["18", "19 June"]),
            ("colon after", "9 to 12 of June: a festival", &["9 to 12 of June"]),
            ("holiday offset", "It happened 2 weeks before Christmas.", &["2 weeks before Christmas"]),
            ("stretch", "out for 3 days starting from next Monday", &["for 3 days starting from next Monday"]),
            ("shorter retry", "The range is from 2015 and 2016", &["from 2015", "2016"]),
            ("numeric range", "The period is 10/1-11/2/2017", &["10/1-11/2/2017"]),
            ("part of", "the last four months of 2021", &["the last four months of 2021"]),
            ("holiday", "on Easter 2018 and on Black Friday", &["Easter 2018", "Black Friday"]),
            ("no year glued on", "in 2009 and 2010-11 seasons", &["in 2009"]),
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
            ("bare numbers", "3 of them; 2016 people; a 2-3 win"),
            ("ordinal word", "the second largest city"),
            ("fraction", "about 1/2 of the town"),
            ("fiscal", "the 2014-15 season"),
            ("fractions", "1/2-3/4 of voters"),
            ("part of no period", "the first 3 days of the trial"),
            ("national day", "Independence Day parades"),
            ("clock after", "at 9:30 and 10:15"),
        ];
        for (name, text) in cases {
            assert_eq!(found(text), Vec::<String>::new(), "case {name}: {text}");
        }
    }

    /// A tripwire for the scanner's cost: the pattern is also embedded in
    /// schema patterns, and a copy too many of a large piece (a second copy
    /// of the offset anchor once made it 70,000 bytes) overflowed the lazy
    /// DFA's cache and made scanning 170 times slower.
    #[test]
    fn pattern_size_is_bounded() {
        let len = date_pattern().len();
        assert!(len < 69_000, "date pattern grew to {len} bytes");
    }

    #[test]
    fn pattern_has_no_capturing_groups() {
        let re = Regex::new(&format!("(?i){}", date_pattern())).unwrap();
        assert_eq!(re.captures_len(), 1);
    }
}
