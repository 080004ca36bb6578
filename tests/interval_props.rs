//! Property tests for the invariants of intervals: disjointness is symmetric
//! and the opposite of overlap, containment implies overlap, and every hedged
//! interval contains (or bounds) the number it was made from.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use claimcheck::normalize::{Hedge, Interval, Quantity};
use proptest::prelude::*;

fn bound() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![Just(None), (0.0f64..1e9).prop_map(Some)]
}

fn interval() -> impl Strategy<Value = Interval> {
    (bound(), bound()).prop_map(|(a, b)| match (a, b) {
        (Some(x), Some(y)) if x > y => Interval { low: Some(y), high: Some(x) },
        _ => Interval { low: a, high: b },
    })
}

fn hedge() -> impl Strategy<Value = Hedge> {
    prop_oneof![
        Just(Hedge::None),
        Just(Hedge::Approx),
        Just(Hedge::MoreThan),
        Just(Hedge::AtLeast),
        Just(Hedge::Nearly),
        Just(Hedge::UpTo),
        Just(Hedge::FewerThan),
    ]
}

/// Some value both intervals hold, found by intersecting them.
fn common_point(a: &Interval, b: &Interval) -> Option<f64> {
    let low = match (a.low, b.low) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, None) => x,
        (None, y) => y,
    };
    let high = match (a.high, b.high) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    };
    match (low, high) {
        (Some(l), Some(h)) if l <= h => Some(l),
        (Some(_), Some(_)) => None,
        (Some(l), None) => Some(l),
        (None, Some(h)) => Some(h),
        (None, None) => Some(0.0),
    }
}

fn holds(i: &Interval, v: f64) -> bool {
    i.low.is_none_or(|l| l <= v) && i.high.is_none_or(|h| v <= h)
}

proptest! {
    #[test]
    fn disjointness_is_symmetric_and_means_no_common_value(a in interval(), b in interval()) {
        prop_assert_eq!(a.is_disjoint(&b), b.is_disjoint(&a));
        match common_point(&a, &b) {
            Some(v) => {
                prop_assert!(!a.is_disjoint(&b));
                prop_assert!(holds(&a, v) && holds(&b, v));
            }
            None => prop_assert!(a.is_disjoint(&b)),
        }
    }

    #[test]
    fn containment_is_reflexive_and_implies_overlap(a in interval(), b in interval()) {
        prop_assert!(a.contains(&a));
        if a.contains(&b) {
            prop_assert!(!a.is_disjoint(&b));
        }
    }

    #[test]
    fn a_hedged_interval_holds_or_bounds_its_number(h in hedge(), n in 1u32..10_000_000, tolerance in 0.0f64..0.5) {
        let n = f64::from(n);
        let i = Quantity { hedge: h, low: n, high: n }.interval(tolerance);
        if let (Some(l), Some(hi)) = (i.low, i.high) {
            prop_assert!(l <= hi, "{h:?} {n}: {i:?}");
        }
        match h {
            Hedge::None | Hedge::Approx | Hedge::AtLeast | Hedge::Nearly | Hedge::UpTo => prop_assert!(holds(&i, n), "{h:?} {n}: {i:?}"),
            Hedge::MoreThan => prop_assert!(i.low.unwrap() > n && i.high.is_none()),
            Hedge::FewerThan => prop_assert!(i.high.unwrap() < n && i.low == Some(0.0)),
            Hedge::Range | Hedge::Vague => {}
        }
    }
}
