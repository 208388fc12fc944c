//! Benchmarking: is an organisation's value significantly different from a
//! comparator (England, its region, its peers' value)? This is the red / amber
//! / green of every indicator table and the input of domain ratings.
//!
//! The rule is Fingertips' "single overlapping confidence interval" method: the
//! comparator value is tested against the organisation's own confidence limits
//! (95% or 99.8%). Where an indicator has no limits (e.g. a survey mean without
//! its sd), Fingertips bands values into quintiles instead; so do we.

use super::ci::Limits;
use super::quantiles::{quantile_sorted, sorted_finite};
use crate::bundle::Polarity;
use serde::Serialize;

/// Outcome of comparing an organisation with a comparator, as the app, the
/// JSON and the CSV name it (`better`, `not_compared` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Compared {
    /// Significantly better (polarity known).
    Better,
    /// Comparator lies within the organisation's limits.
    Similar,
    /// Significantly worse (polarity known).
    Worse,
    /// Significantly higher (polarity Neither).
    Higher,
    /// Significantly lower (polarity Neither).
    Lower,
    /// No limits or no comparator value.
    NotCompared,
}

impl Compared {
    /// The id used in JSON and CSV.
    pub fn id(self) -> &'static str {
        match self {
            Compared::Better => "better",
            Compared::Similar => "similar",
            Compared::Worse => "worse",
            Compared::Higher => "higher",
            Compared::Lower => "lower",
            Compared::NotCompared => "not_compared",
        }
    }
}

/// Compares a comparator value with the organisation's confidence limits.
///
/// Method: OHID Fingertips technical guidance, "Comparing an area with a
/// benchmark" (fingertips-open `SingleOverlappingCIsComparer`): similar when
/// lower ≤ comparator ≤ upper, otherwise higher or lower, then Better / Worse by
/// the indicator's polarity. NotCompared when limits are missing or any input is NaN.
pub fn compare(limits: Option<Limits>, comparator: f64, polarity: Polarity) -> Compared {
    let Some(l) = limits else {
        return Compared::NotCompared;
    };
    if l.lower.is_nan() || l.upper.is_nan() || comparator.is_nan() {
        return Compared::NotCompared;
    }
    let higher = if l.lower > comparator {
        true
    } else if l.upper < comparator {
        false
    } else {
        return Compared::Similar;
    };
    match (polarity, higher) {
        (Polarity::Neither, true) => Compared::Higher,
        (Polarity::Neither, false) => Compared::Lower,
        (Polarity::HigherIsBetter, true) | (Polarity::LowerIsBetter, false) => Compared::Better,
        _ => Compared::Worse,
    }
}

/// Quintile of `value` among `all_values`, numbered as Fingertips numbers them:
/// 1 is the best fifth for both polarities — the highest values when higher is
/// better, the lowest when lower is better — and, with no better direction
/// (polarity Neither), 1 is the lowest fifth.
///
/// Method: Fingertips quintile banding (fingertips-open `QuintilesCalculator`,
/// `QuintilesComparer.GetCategory`): bounds are the 20th, 40th, 60th and 80th
/// percentiles (Hyndman & Fan type 7, see [`super::quantiles`]); a value belongs
/// to the first band (from the lowest) whose upper bound it does not exceed,
/// and for "high is good" the band k is reported as 6 − k. Needs at least five
/// finite values; None otherwise, or when `value` is NaN or outside the range
/// of `all_values`.
pub fn quintile_of(value: f64, all_values: &[f64], polarity: Polarity) -> Option<u8> {
    let s = sorted_finite(all_values);
    if s.len() < 5 || !value.is_finite() || value < s[0] {
        return None;
    }
    let band = (1..=5u8).find(|&q| value <= quantile_sorted(&s, f64::from(q) / 5.0).unwrap_or(f64::NAN))?;
    Some(if polarity == Polarity::HigherIsBetter { 6 - band } else { band })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::ci::{wilson, Level};
    use proptest::prelude::*;

    #[test]
    fn comparisons_serialise_as_their_ids() {
        for c in [Compared::Better, Compared::Similar, Compared::Worse, Compared::Higher, Compared::Lower, Compared::NotCompared] {
            assert_eq!(serde_json::to_value(c).unwrap(), c.id());
        }
        assert_eq!(Compared::NotCompared.id(), "not_compared");
    }

    // 81/263 = 30.8%; Wilson 95% limits 25.53%–36.62% (Newcombe 1998; statsmodels).
    #[test]
    fn comparator_inside_limits_is_similar_outside_is_polarity_aware() {
        let l = wilson(81.0, 263.0, Level::P95).map(|l| Limits { lower: l.lower * 100.0, upper: l.upper * 100.0 });
        assert_eq!(compare(l, 30.0, Polarity::HigherIsBetter), Compared::Similar);
        assert_eq!(compare(l, 25.6, Polarity::LowerIsBetter), Compared::Similar);
        assert_eq!(compare(l, 20.0, Polarity::HigherIsBetter), Compared::Better);
        assert_eq!(compare(l, 20.0, Polarity::LowerIsBetter), Compared::Worse);
        assert_eq!(compare(l, 20.0, Polarity::Neither), Compared::Higher);
        assert_eq!(compare(l, 40.0, Polarity::HigherIsBetter), Compared::Worse);
        assert_eq!(compare(l, 40.0, Polarity::LowerIsBetter), Compared::Better);
        assert_eq!(compare(l, 40.0, Polarity::Neither), Compared::Lower);
        assert_eq!(compare(None, 40.0, Polarity::Neither), Compared::NotCompared);
        assert_eq!(compare(l, f64::NAN, Polarity::Neither), Compared::NotCompared);
    }

    // Fingertips QuintilesCalculatorTest: 1..=50 → bounds 10.8, 20.6, 30.4, 40.2 (published
    // in fingertips-open); a value equal to a bound belongs to the lower band.
    #[test]
    fn quintiles_follow_fingertips_bounds() {
        let v: Vec<f64> = (1..=50).map(f64::from).collect();
        assert_eq!(quintile_of(1.0, &v, Polarity::Neither), Some(1));
        assert_eq!(quintile_of(10.8, &v, Polarity::Neither), Some(1));
        assert_eq!(quintile_of(11.0, &v, Polarity::Neither), Some(2));
        assert_eq!(quintile_of(30.4, &v, Polarity::Neither), Some(3));
        assert_eq!(quintile_of(40.0, &v, Polarity::Neither), Some(4));
        assert_eq!(quintile_of(41.0, &v, Polarity::Neither), Some(5));
        assert_eq!(quintile_of(50.0, &v, Polarity::Neither), Some(5));
        assert_eq!(quintile_of(51.0, &v, Polarity::Neither), None);
        assert_eq!(quintile_of(2.0, &v[..4], Polarity::Neither), None);
    }

    // fingertips-open QuintilesComparer: "high is good" reverses the bands (1 = highest values,
    // the best); otherwise band 1 is the lowest values (QuintilesComparerTest.Test_GetCategories:
    // 1..=10 → value 1 in category 1, value 10 in category 5).
    #[test]
    fn quintile_1_is_the_best_fifth_for_both_polarities() {
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!((quintile_of(1.0, &v, Polarity::Neither), quintile_of(10.0, &v, Polarity::Neither)), (Some(1), Some(5)));
        assert_eq!((quintile_of(1.0, &v, Polarity::LowerIsBetter), quintile_of(10.0, &v, Polarity::LowerIsBetter)), (Some(1), Some(5)));
        assert_eq!((quintile_of(1.0, &v, Polarity::HigherIsBetter), quintile_of(10.0, &v, Polarity::HigherIsBetter)), (Some(5), Some(1)));
    }

    proptest! {
        #[test]
        fn better_and_worse_mirror_under_polarity(lo in -100.0f64..100.0, w in 0.0f64..50.0, c in -200.0f64..200.0) {
            let l = Some(Limits { lower: lo, upper: lo + w });
            let (h, lw) = (compare(l, c, Polarity::HigherIsBetter), compare(l, c, Polarity::LowerIsBetter));
            let mirrored = matches!((h, lw), (Compared::Better, Compared::Worse) | (Compared::Worse, Compared::Better) | (Compared::Similar, Compared::Similar));
            prop_assert!(mirrored);
            prop_assert_eq!(h == Compared::Similar, lo <= c && c <= lo + w);
        }

        #[test]
        fn every_value_falls_in_a_quintile(v in prop::collection::vec(-1e3f64..1e3, 5..60), i in 0usize..60) {
            let q = quintile_of(v[i % v.len()], &v, Polarity::Neither);
            prop_assert!(matches!(q, Some(1..=5)));
        }
    }
}
