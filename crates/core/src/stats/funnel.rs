//! Funnel-plot control limits: how far an organisation's value may fall from
//! a central value by chance alone, as a function of its denominator.
//!
//! The construction is the one Fingertips' "SPC for proportions / rates"
//! comparer uses: the indicator's own confidence-limit method
//! ([`super::ci::limits_for`]: Wilson for proportions, Byar for rates) applied
//! to the central value as if it had been observed at that denominator, i.e.
//! `limits_for(centre / multiplier × d, d)`. Counts, means and ratios have no
//! funnel.

use super::ci::{limits_for, Level, Limits};
use crate::bundle::ValueType;

/// The limits at `level` around `centre` (in display units) for an
/// organisation with denominator `denominator`. None for value types without
/// a funnel, or invalid inputs.
pub fn funnel_limits(value_type: ValueType, multiplier: f64, centre: f64, denominator: f64, level: Level) -> Option<Limits> {
    if !(matches!(value_type, ValueType::Proportion | ValueType::Rate) && multiplier.is_finite() && multiplier > 0.0) {
        return None;
    }
    let expected = centre / multiplier * denominator;
    limits_for(value_type, multiplier, expected, denominator, level)
}

/// `n` denominators spaced evenly on a log scale from half the smallest
/// positive denominator to one and a half times the largest: where a funnel
/// is drawn. Empty when there is no positive denominator.
pub fn funnel_denominators(denominators: &[f64], n: usize) -> Vec<f64> {
    let lo = denominators.iter().copied().filter(|d| d.is_finite() && *d > 0.0).fold(f64::INFINITY, f64::min) / 2.0;
    let hi = denominators.iter().copied().filter(|d| d.is_finite()).fold(0.0, f64::max) * 1.5;
    if !(lo.is_finite() && hi > lo && n >= 2) {
        return Vec::new();
    }
    (0..n).map(|i| (lo.ln() + (hi.ln() - lo.ln()) * i as f64 / (n - 1) as f64).exp()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::ci::wilson;

    // At p0 = 5%, n = 100: Wilson 95% limits of 5 events out of 100 (Newcombe 1998's
    // formula), 2.15%–11.18%.
    #[test]
    fn limits_are_the_indicator_method_at_the_expected_count() {
        let l = funnel_limits(ValueType::Proportion, 100.0, 5.0, 100.0, Level::P95).unwrap();
        let w = wilson(5.0, 100.0, Level::P95).unwrap();
        assert!((l.lower - w.lower * 100.0).abs() < 1e-12 && (l.upper - w.upper * 100.0).abs() < 1e-12);
        assert!((l.lower - 2.15).abs() < 0.005 && (l.upper - 11.18).abs() < 0.005, "{l:?}");
        assert_eq!(funnel_limits(ValueType::Count, 1.0, 5.0, 100.0, Level::P95), None);
        assert_eq!(funnel_limits(ValueType::Mean, 1.0, 5.0, 100.0, Level::P95), None);
    }

    #[test]
    fn denominators_span_half_the_smallest_to_one_and_a_half_the_largest() {
        let d = funnel_denominators(&[3000.0, 1500.0, 4000.0, 0.0, f64::NAN], 60);
        assert_eq!(d.len(), 60);
        assert!((d[0] - 750.0).abs() < 1e-6 && (d[59] - 6000.0).abs() < 1e-6);
        assert!(d.windows(2).all(|w| w[0] < w[1]));
        assert!(funnel_denominators(&[0.0], 60).is_empty());
    }
}
