//! Confidence limits for an indicator value: the interval every benchmark
//! comparison, funnel and rating rests on.
//!
//! healthdash follows the methods of the OHID (formerly PHE) *Fingertips
//! technical guidance* and its reference implementation, the
//! PHEindicatormethods R package: Wilson score limits for proportions, Byar's
//! approximation for Poisson counts and rates (with exact limits from the
//! chi-square distribution below ten events), and the normal approximation for
//! means. Limits are returned in the indicator's display units.

use super::special::gamma_p_inv;
use crate::bundle::ValueType;

/// Confidence level of two-sided limits. Fingertips uses 95% and 99.8%
/// (roughly two and three standard deviations).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    P95,
    P998,
}

impl Level {
    /// The standard normal quantile z for the level: Φ⁻¹(0.975) and Φ⁻¹(0.999).
    pub fn z(self) -> f64 {
        match self {
            Level::P95 => 1.959963984540054,
            Level::P998 => 3.090232306167813,
        }
    }

    /// Two-sided α: 0.05 or 0.002.
    pub(crate) fn alpha(self) -> f64 {
        match self {
            Level::P95 => 0.05,
            Level::P998 => 0.002,
        }
    }
}

/// Lower and upper confidence limits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    pub lower: f64,
    pub upper: f64,
}

impl Limits {
    pub(crate) fn scaled(self, factor: f64) -> Limits {
        Limits { lower: self.lower * factor, upper: self.upper * factor }
    }
}

/// Wilson score interval for a proportion numerator/denominator, on the 0..1 scale.
///
/// Method: Wilson (1927), "Probable inference, the law of succession, and
/// statistical inference", JASA 22:209–212; recommended by Newcombe (1998),
/// Stat Med 17:857–872, and used for proportions in the Fingertips technical
/// guidance (PHEindicatormethods `phe_proportion`). None unless
/// 0 ≤ numerator ≤ denominator, denominator > 0, all finite.
pub fn wilson(numerator: f64, denominator: f64, level: Level) -> Option<Limits> {
    let (o, n) = (numerator, denominator);
    if !(o.is_finite() && n.is_finite() && n > 0.0 && o >= 0.0 && o <= n) {
        return None;
    }
    let z = level.z();
    let q = 1.0 - o / n;
    let root = z * (z * z + 4.0 * o * q).sqrt();
    let denom = 2.0 * (n + z * z);
    let lower = (2.0 * o + z * z - root) / denom;
    let upper = (2.0 * o + z * z + root) / denom;
    Some(Limits { lower: lower.clamp(0.0, 1.0), upper: upper.clamp(0.0, 1.0) })
}

/// Limits for a Poisson count: Byar's approximation, exact Poisson (chi-square/gamma) for counts < 10.
///
/// Byar's method as given by Breslow & Day (1987), *Statistical Methods in
/// Cancer Research* vol. II, p. 69: lower = O(1 − 1/(9O) − z/(3√O))³,
/// upper = (O+1)(1 − 1/(9(O+1)) + z/(3√(O+1)))³. Below ten events the exact
/// limits χ²(α/2; 2O)/2 and χ²(1−α/2; 2O+2)/2 (Ulm 1990; Fingertips technical
/// guidance, PHEindicatormethods `phe_rate`, which switches at the same point).
/// None for a negative or non-finite count.
pub fn byar(count: f64, level: Level) -> Option<Limits> {
    let o = count;
    if !(o.is_finite() && o >= 0.0) {
        return None;
    }
    let z = level.z();
    if o < 10.0 {
        let a = level.alpha();
        // χ²(p; 2k)/2 is the gamma(k) quantile, which is what gamma_p_inv returns.
        let lower = if o == 0.0 { 0.0 } else { gamma_p_inv(o, a / 2.0) };
        return Some(Limits { lower, upper: gamma_p_inv(o + 1.0, 1.0 - a / 2.0) });
    }
    let u = o + 1.0;
    Some(Limits { lower: o * (1.0 - 1.0 / (9.0 * o) - z / (3.0 * o.sqrt())).powi(3), upper: u * (1.0 - 1.0 / (9.0 * u) + z / (3.0 * u.sqrt())).powi(3) })
}

/// Normal approximation for a mean: mean ± z·sd/√n.
///
/// The large-sample interval for a mean (e.g. Altman et al. (2000),
/// *Statistics with Confidence*, ch. 4). None unless sd ≥ 0, n > 0, all finite.
pub fn mean_normal(mean: f64, sd: f64, n: f64, level: Level) -> Option<Limits> {
    if !(mean.is_finite() && sd.is_finite() && n.is_finite() && sd >= 0.0 && n > 0.0) {
        return None;
    }
    let half = level.z() * sd / n.sqrt();
    Some(Limits { lower: mean - half, upper: mean + half })
}

/// Limits in the indicator's display units (value = numerator/denominator × multiplier
/// for Proportion and Rate).
///
/// - Proportion: [`wilson`] × multiplier (Fingertips `phe_proportion`).
/// - Rate: [`byar`] on the count ÷ denominator × multiplier (Fingertips `phe_rate`).
/// - Count: [`byar`] on the numerator, in counts (multiplier and denominator ignored).
/// - Mean and Ratio: None — a numerator and denominator alone are not enough
///   (a mean needs its sd, see [`mean_normal`]; a ratio's method depends on
///   what it is a ratio of).
///
/// None when inputs are missing/invalid: NaN, numerator < 0, denominator ≤ 0,
/// numerator > denominator for a proportion, or a non-positive multiplier.
pub fn limits_for(value_type: ValueType, multiplier: f64, numerator: f64, denominator: f64, level: Level) -> Option<Limits> {
    if !(multiplier.is_finite() && multiplier > 0.0 && numerator.is_finite() && numerator >= 0.0) {
        return None;
    }
    let valid_denominator = denominator.is_finite() && denominator > 0.0;
    match value_type {
        ValueType::Proportion => wilson(numerator, denominator, level).map(|l| l.scaled(multiplier)),
        ValueType::Rate if valid_denominator => byar(numerator, level).map(|l| l.scaled(multiplier / denominator)),
        ValueType::Count => byar(numerator, level),
        ValueType::Rate | ValueType::Mean | ValueType::Ratio => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn assert_limits(got: Option<Limits>, lower: f64, upper: f64, tol: f64) {
        let l = got.expect("limits");
        assert!((l.lower - lower).abs() <= tol && (l.upper - upper).abs() <= tol, "{l:?} vs ({lower}, {upper})");
    }

    // Newcombe (1998) Table II, method 3 (Wilson), published to 4 dp:
    // 81/263 → 0.2553–0.3662, 15/148 → 0.0624–0.1605, 0/20 → 0–0.1611, 1/29 → 0.0061–0.1718.
    // Full-precision values: statsmodels proportion_confint(method="wilson").
    #[test]
    fn wilson_matches_newcombe_and_statsmodels() {
        assert_limits(wilson(81.0, 263.0, Level::P95), 0.2552885198782742, 0.36620957698280004, 1e-12);
        assert_limits(wilson(15.0, 148.0, Level::P95), 0.06238639953073628, 0.16048724172330803, 1e-12);
        assert_limits(wilson(0.0, 20.0, Level::P95), 0.0, 0.1611251580528194, 1e-12);
        assert_limits(wilson(1.0, 29.0, Level::P95), 0.006113214292762667, 0.17175521879320294, 1e-12);
        assert_limits(wilson(29.0, 29.0, Level::P95), 0.8830302015002592, 1.0, 1e-12);
        // statsmodels, alpha = 0.002
        assert_limits(wilson(81.0, 263.0, Level::P998), 0.22803574024200476, 0.40138942190936955, 1e-12);
        assert_limits(wilson(1.0, 29.0, Level::P998), 0.003016001358716963, 0.29658645803642136, 1e-12);
    }

    // Exact Poisson limits from scipy.stats.chi2.ppf(α/2, 2O)/2 and chi2.ppf(1−α/2, 2O+2)/2.
    #[test]
    fn small_counts_use_exact_poisson_limits() {
        assert_limits(byar(0.0, Level::P95), 0.0, 3.6888794541139354, 1e-10);
        assert_limits(byar(1.0, Level::P95), 0.025317807984289876, 5.571643390938898, 1e-10);
        assert_limits(byar(5.0, Level::P95), 1.6234863901184207, 11.66833207932267, 1e-10);
        assert_limits(byar(9.0, Level::P95), 4.115373097378334, 17.084803451419166, 1e-10);
        assert_limits(byar(0.0, Level::P998), 0.0, 6.907755278982137, 1e-10);
        assert_limits(byar(1.0, Level::P998), 0.001000500333583534, 9.233413476451585, 1e-10);
        assert_limits(byar(9.0, Level::P998), 2.452424404363775, 22.65737330906293, 1e-10);
    }

    // Byar's formula evaluated independently in Python (math.sqrt, z from scipy norm.ppf).
    #[test]
    fn counts_of_ten_or_more_use_byar() {
        assert_limits(byar(10.0, Level::P95), 4.787449913967563, 18.391458605756473, 1e-10);
        assert_limits(byar(100.0, Level::P95), 81.36210549052788, 121.6279375792065, 1e-10);
        assert_limits(byar(1234.0, Level::P998), 1128.2833036615475, 1346.4598451096736, 1e-9);
        assert_limits(byar(10.0, Level::P998), 2.916318374695686, 24.19372492788055, 1e-10);
    }

    // Hand arithmetic: 1.959963984540054 × 2 / √16 = 0.979981992270027.
    #[test]
    fn mean_normal_is_mean_plus_minus_z_se() {
        assert_limits(mean_normal(10.0, 2.0, 16.0, Level::P95), 9.020018007729973, 10.979981992270027, 1e-12);
        assert_eq!(mean_normal(10.0, -1.0, 16.0, Level::P95), None);
        assert_eq!(mean_normal(10.0, 1.0, 0.0, Level::P95), None);
    }

    #[test]
    fn limits_in_display_units() {
        // Percentage: statsmodels Wilson limits (α = 0.002) × 100.
        assert_limits(limits_for(ValueType::Proportion, 100.0, 81.0, 263.0, Level::P998), 22.803574024200476, 40.13894219093695, 1e-10);
        // Rate per 100 000: Python Byar limits for 50 events / 12 000 × 100 000.
        assert_limits(limits_for(ValueType::Rate, 100_000.0, 50.0, 12_000.0, Level::P95), 309.2341700752848, 549.3346391163143, 1e-9);
        assert_limits(limits_for(ValueType::Count, 1.0, 100.0, f64::NAN, Level::P95), 81.36210549052788, 121.6279375792065, 1e-10);
        assert_eq!(limits_for(ValueType::Proportion, 100.0, 30.0, 20.0, Level::P95), None);
        assert_eq!(limits_for(ValueType::Rate, 1.0, 3.0, 0.0, Level::P95), None);
        assert_eq!(limits_for(ValueType::Rate, 1.0, -1.0, 10.0, Level::P95), None);
        assert_eq!(limits_for(ValueType::Proportion, 1.0, f64::NAN, 10.0, Level::P95), None);
        assert_eq!(limits_for(ValueType::Mean, 1.0, 30.0, 10.0, Level::P95), None);
        assert_eq!(limits_for(ValueType::Ratio, 1.0, 30.0, 10.0, Level::P95), None);
    }

    proptest! {
        #[test]
        fn wilson_limits_bracket_the_proportion(n in 1u32..100_000, frac in 0.0f64..=1.0) {
            let o = (n as f64 * frac).floor();
            for level in [Level::P95, Level::P998] {
                let l = wilson(o, n as f64, level).unwrap();
                let p = o / n as f64;
                prop_assert!(0.0 <= l.lower && l.lower <= p && p <= l.upper && l.upper <= 1.0);
            }
            let (a, b) = (wilson(o, n as f64, Level::P95).unwrap(), wilson(o, n as f64, Level::P998).unwrap());
            prop_assert!(b.lower <= a.lower && a.upper <= b.upper);
        }

        #[test]
        fn poisson_limits_bracket_the_count(o in 0u32..1_000_000) {
            let o = o as f64;
            for level in [Level::P95, Level::P998] {
                let l = byar(o, level).unwrap();
                prop_assert!(0.0 <= l.lower && l.lower <= o && o < l.upper);
            }
        }
    }
}
