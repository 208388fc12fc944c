//! Roll-up: a parent's figure (an ICB from its practices, a region from its
//! ICBs) recomputed from its members' numerators and denominators, never by
//! averaging their rates, so that a large member weighs as much as it should.
//!
//! This is the aggregation Fingertips applies to count-based indicators
//! (technical guidance: values for larger geographies are built by summing
//! numerators and denominators), valid only for indicators the manifest marks
//! `aggregatable`. Limits are then recomputed by [`super::ci::limits_for`].

use super::ci::{limits_for, Level, Limits};
use crate::bundle::ValueType;

/// One member's numerator and denominator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Member {
    pub numerator: f64,
    pub denominator: f64,
}

/// The recomputed parent figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rollup {
    pub numerator: f64,
    pub denominator: f64,
    /// numerator ÷ denominator × multiplier; the numerator itself for a Count.
    pub value: f64,
    /// From [`limits_for`]: None for Mean and Ratio.
    pub limits: Option<Limits>,
    pub members: usize,
}

/// Sums members' numerators and denominators and recomputes value and limits.
///
/// Method: summation of numerators and denominators (Fingertips technical
/// guidance; PHEindicatormethods functions take the summed counts), then the
/// value type's own limits ([`limits_for`]: Wilson, Byar). A Count ignores
/// denominators. None when there are no members, any member has a negative or
/// non-finite numerator or (except for a Count) denominator — a partial sum
/// would understate the parent, so the caller must decide about gaps — or when
/// the summed denominator is not positive.
pub fn roll_up(value_type: ValueType, multiplier: f64, members: &[Member], level: Level) -> Option<Rollup> {
    let count = value_type == ValueType::Count;
    let ok = |x: f64| x.is_finite() && x >= 0.0;
    if members.is_empty() || members.iter().any(|m| !ok(m.numerator) || (!count && !ok(m.denominator))) {
        return None;
    }
    let numerator: f64 = members.iter().map(|m| m.numerator).sum();
    let denominator: f64 = if count { f64::NAN } else { members.iter().map(|m| m.denominator).sum() };
    let value = if count {
        numerator
    } else if denominator > 0.0 {
        numerator / denominator * multiplier
    } else {
        return None;
    };
    Some(Rollup { numerator, denominator, value, limits: limits_for(value_type, multiplier, numerator, denominator, level), members: members.len() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn m(numerator: f64, denominator: f64) -> Member {
        Member { numerator, denominator }
    }

    // 30/120 + 45/200 + 12/80 = 87/400 = 21.75%; Wilson 95% limits from
    // statsmodels proportion_confint(87, 400, method="wilson") × 100.
    #[test]
    fn proportions_are_summed_not_averaged() {
        let r = roll_up(ValueType::Proportion, 100.0, &[m(30.0, 120.0), m(45.0, 200.0), m(12.0, 80.0)], Level::P95).unwrap();
        assert_eq!((r.numerator, r.denominator, r.members), (87.0, 400.0, 3));
        assert!((r.value - 21.75).abs() < 1e-12);
        let l = r.limits.unwrap();
        assert!((l.lower - 17.98616207098898).abs() < 1e-9 && (l.upper - 26.05128255889877).abs() < 1e-9);
    }

    // 50 events / 44 000 × 100 000 = 113.636…; Byar limits evaluated in Python.
    #[test]
    fn rates_use_byar_on_the_summed_count() {
        let r = roll_up(ValueType::Rate, 100_000.0, &[m(12.0, 10_000.0), m(30.0, 25_000.0), m(8.0, 9_000.0)], Level::P95).unwrap();
        assert!((r.value - 113.63636363636363).abs() < 1e-9);
        let l = r.limits.unwrap();
        assert!((l.lower - 84.33659183871403).abs() < 1e-9 && (l.upper - 149.818537940813).abs() < 1e-9);
    }

    #[test]
    fn gaps_and_types_without_limits() {
        assert_eq!(roll_up(ValueType::Rate, 1.0, &[m(1.0, 10.0), m(f64::NAN, 10.0)], Level::P95), None);
        assert_eq!(roll_up(ValueType::Rate, 1.0, &[], Level::P95), None);
        assert_eq!(roll_up(ValueType::Rate, 1.0, &[m(0.0, 0.0)], Level::P95), None);
        let c = roll_up(ValueType::Count, 1.0, &[m(4.0, f64::NAN), m(6.0, f64::NAN)], Level::P95).unwrap();
        assert_eq!(c.value, 10.0);
        assert!(c.limits.is_some());
        let r = roll_up(ValueType::Ratio, 100.0, &[m(90.0, 100.0), m(130.0, 100.0)], Level::P95).unwrap();
        assert!((r.value - 110.0).abs() < 1e-9 && r.limits.is_none());
    }

    proptest! {
        #[test]
        fn one_member_rolls_up_to_itself(n in 0u32..10_000, extra in 1u32..10_000, mult in prop::sample::select(vec![1.0, 100.0, 100_000.0])) {
            let (num, den) = (f64::from(n), f64::from(n + extra));
            for vt in [ValueType::Proportion, ValueType::Rate, ValueType::Count] {
                let r = roll_up(vt, mult, &[m(num, den)], Level::P998).unwrap();
                let value = if vt == ValueType::Count { num } else { num / den * mult };
                prop_assert_eq!(r.value, value);
                prop_assert_eq!(r.limits, limits_for(vt, mult, num, den, Level::P998));
                let l = r.limits.unwrap();
                prop_assert!(l.lower <= r.value + 1e-9 && r.value <= l.upper + 1e-9);
            }
        }

        #[test]
        fn order_of_members_does_not_matter(v in prop::collection::vec((0u32..500, 1u32..500), 1..10)) {
            let ms: Vec<Member> = v.iter().map(|&(a, b)| m(f64::from(a), f64::from(a + b))).collect();
            let mut rev = ms.clone();
            rev.reverse();
            let (a, b) = (roll_up(ValueType::Proportion, 100.0, &ms, Level::P95).unwrap(), roll_up(ValueType::Proportion, 100.0, &rev, Level::P95).unwrap());
            prop_assert!((a.value - b.value).abs() < 1e-9);
        }
    }
}
