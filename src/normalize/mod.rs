//! Normalization: the words of a mention to comparable values.
//! In: the text of a number or date mention (and a reference date).
//! Out: a [`Quantity`] (an interval with its hedge) or a [`DateValue`]
//! (an interval of days with its granularity).

pub mod date;
pub mod number;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How a number was qualified in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Hedge {
    /// A plain number: "2,500".
    None,
    /// "about", "approximately", "some", "an estimated".
    Approx,
    /// "more than", "over".
    MoreThan,
    /// "at least".
    AtLeast,
    /// "nearly", "almost".
    Nearly,
    /// "up to", "as many as".
    UpTo,
    /// "fewer than", "less than".
    FewerThan,
    /// "between 40 and 50", "40-50".
    Range,
    /// "dozens", "hundreds of", "several".
    Vague,
}

/// A number as the text states it: the hedge and the stated bounds, before
/// any tolerance is applied. For a plain or hedged number `low == high`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// How the number was qualified.
    pub hedge: Hedge,
    /// The stated number, or the lower end of a range or vague amount.
    pub low: f64,
    /// The stated number, or the upper end of a range or vague amount.
    pub high: f64,
}

/// A closed interval of values; `None` is unbounded on that side.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// Lowest possible value.
    pub low: Option<f64>,
    /// Highest possible value.
    pub high: Option<f64>,
}

impl Interval {
    /// An interval that holds exactly one value.
    pub fn point(value: f64) -> Self {
        Interval { low: Some(value), high: Some(value) }
    }

    /// True when no value can lie in both intervals.
    pub fn is_disjoint(&self, other: &Interval) -> bool {
        let below = |a: Option<f64>, b: Option<f64>| matches!((a, b), (Some(a), Some(b)) if a < b);
        below(self.high, other.low) || below(other.high, self.low)
    }

    /// True when every value of `other` lies in `self`.
    pub fn contains(&self, other: &Interval) -> bool {
        let low_ok = match (self.low, other.low) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) => a <= b,
        };
        let high_ok = match (self.high, other.high) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) => b <= a,
        };
        low_ok && high_ok
    }
}

impl Quantity {
    /// A plain, unhedged number.
    pub fn exact(value: f64) -> Self {
        Quantity { hedge: Hedge::None, low: value, high: value }
    }

    /// The values the statement allows. `tolerance` is the schema's relative
    /// tolerance for "about" and "nearly" (0.1 for 10 %). Counts are whole, so
    /// "more than 5,000" starts at 5,001 when the number is whole.
    pub fn interval(&self, tolerance: f64) -> Interval {
        let whole = self.low.fract() == 0.0 && self.high.fract() == 0.0;
        let step = if whole { 1.0 } else { 0.0 };
        let (low, high) = match self.hedge {
            Hedge::None | Hedge::Range | Hedge::Vague => (Some(self.low), Some(self.high)),
            Hedge::Approx => (Some(self.low * (1.0 - tolerance)), Some(self.high * (1.0 + tolerance))),
            Hedge::MoreThan => (Some(self.low + step), None),
            Hedge::AtLeast => (Some(self.low), None),
            Hedge::Nearly => (Some(self.high * (1.0 - tolerance)), Some(self.high)),
            Hedge::UpTo => (Some(0.0), Some(self.high)),
            Hedge::FewerThan => (Some(0.0), Some((self.high - step).max(0.0))),
        };
        // Tolerances make float noise (5,000 × 1.1 = 5500.000000000001): keep six decimals.
        let tidy = |x: Option<f64>| x.map(|v| if v.is_finite() { (v * 1e6).round() / 1e6 } else { v });
        Interval { low: tidy(low), high: tidy(high) }
    }
}

/// How precise a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    /// One day: "Jan. 3", "yesterday".
    Day,
    /// A week: "last week".
    Week,
    /// A month: "December 2017", "in July".
    Month,
    /// A part of a year: "mid-2020", "early 2019".
    Season,
    /// A year: "in 2014".
    Year,
    /// Any other span: "earlier this month", "since mid-2020", "by the end of 2017".
    Span,
}

/// A date as an interval of days, both ends inclusive. `start: None` means
/// "open to the past" ("by the end of 2017"), `end: None` open to the future.
/// A relative date in an undated document is [`DateValue::unresolved`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateValue {
    /// First day the expression allows.
    pub start: Option<NaiveDate>,
    /// Last day the expression allows.
    pub end: Option<NaiveDate>,
    /// How precise the expression is.
    pub granularity: Granularity,
    /// True when the value depends on the reference date ("last week").
    pub relative: bool,
    /// Why the date could not be resolved, when it could not.
    pub unresolved: Option<String>,
}

impl DateValue {
    /// A single day.
    pub fn day(date: NaiveDate) -> Self {
        DateValue {
            start: Some(date),
            end: Some(date),
            granularity: Granularity::Day,
            relative: false,
            unresolved: None,
        }
    }

    /// A relative expression with no reference date to resolve it against.
    pub fn unresolved(reason: impl Into<String>) -> Self {
        DateValue {
            start: None,
            end: None,
            granularity: Granularity::Span,
            relative: true,
            unresolved: Some(reason.into()),
        }
    }

    /// True when both ends are unknown.
    pub fn is_unresolved(&self) -> bool {
        self.start.is_none() && self.end.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hedged_intervals_follow_the_hedge() {
        let q = |hedge, v| Quantity { hedge, low: v, high: v };
        assert_eq!(q(Hedge::MoreThan, 5000.0).interval(0.1), Interval { low: Some(5001.0), high: None });
        assert_eq!(q(Hedge::Approx, 5000.0).interval(0.1), Interval { low: Some(4500.0), high: Some(5500.0) });
        assert_eq!(q(Hedge::UpTo, 50.0).interval(0.1), Interval { low: Some(0.0), high: Some(50.0) });
        assert_eq!(q(Hedge::AtLeast, 300.0).interval(0.1), Interval { low: Some(300.0), high: None });
    }

    #[test]
    fn disjoint_intervals() {
        let a = Interval { low: Some(4500.0), high: Some(5500.0) };
        assert!(a.is_disjoint(&Interval::point(15000.0)));
        assert!(!a.is_disjoint(&Interval { low: Some(5001.0), high: None }));
        assert!(!Interval { low: None, high: None }.is_disjoint(&a));
    }
}
