//! Funnel-plot control limits: how far an organisation's value may fall from
//! a central value by chance alone, as a function of its denominator.
//!
//! The construction is OHID's (PHEindicatormethods `calculate_funnel_limits`,
//! after the Fingertips funnel-plot tool; Spiegelhalter (2005), "Funnel plots
//! for comparing institutional performance", Stat Med 24:1185–1202): the
//! funnel limit at denominator n is the observed value whose own confidence
//! limit, by the indicator's exact method, just reaches the central value. So
//! an organisation lies outside the funnel exactly when its own interval
//! excludes the centre.
//!
//! - Proportions, inverted Wilson (`sigma_adjustment`): the lower limit is the
//!   p̂ whose Wilson upper limit at n is p₀, the upper limit the p̂ whose Wilson
//!   lower limit is p₀ — the two roots of one quadratic — kept within 0 and 1.
//! - Rates, exact Poisson (`poisson_funnel`): with E = p₀·n expected events, the
//!   lower limit is O/n for the O whose exact (chi-square/gamma) upper limit is
//!   E, the upper limit O/n for the O whose exact lower limit is E. The package
//!   evaluates it at whole numbers of events; the gamma form here is its
//!   continuous extension and equals it at every whole O.
//!
//! 95% limits use z = Φ⁻¹(0.975) (α/2 = 0.025 a side), 99.8% limits
//! z = Φ⁻¹(0.999) (0.001 a side), as the package does. Counts, means and
//! ratios have no funnel here.

use super::ci::{Level, Limits};
use super::special::gamma_pq;
use crate::bundle::ValueType;

/// The limits at `level` around `centre` (in display units) for an
/// organisation with denominator `denominator`. None for value types without
/// a funnel, or invalid inputs.
pub fn funnel_limits(value_type: ValueType, multiplier: f64, centre: f64, denominator: f64, level: Level) -> Option<Limits> {
    let valid = multiplier.is_finite() && multiplier > 0.0 && centre.is_finite() && centre >= 0.0 && denominator.is_finite() && denominator > 0.0;
    if !valid {
        return None;
    }
    let p0 = centre / multiplier;
    let l = match value_type {
        ValueType::Proportion if p0 <= 1.0 => inverted_wilson(p0, denominator, level.z()),
        ValueType::Rate => exact_poisson(p0 * denominator, level.alpha() / 2.0).scaled(1.0 / denominator),
        _ => return None,
    };
    Some(l.scaled(multiplier))
}

/// The proportions p̂ at sample size n whose Wilson score limits at `z` equal p₀.
///
/// Wilson's limit (p̂ + z²/2n ± z√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n) = p₀ squares
/// to (1+k)p̂² − (2a+k)p̂ + a² − k²/4 = 0 with k = z²/n, a = (1+k)p₀ − k/2; the
/// smaller root is the lower funnel limit, the larger the upper.
fn inverted_wilson(p0: f64, n: f64, z: f64) -> Limits {
    let k = z * z / n;
    let a = (1.0 + k) * p0 - k / 2.0;
    let (qa, qb, qc) = (1.0 + k, 2.0 * a + k, a * a - k * k / 4.0);
    let root = (qb * qb - 4.0 * qa * qc).max(0.0).sqrt();
    Limits { lower: ((qb - root) / (2.0 * qa)).clamp(0.0, 1.0), upper: ((qb + root) / (2.0 * qa)).clamp(0.0, 1.0) }
}

/// The numbers of events whose exact Poisson limits (`tail` each side) equal
/// `expected`: lower = the O with P(X ≤ O | expected) = tail, i.e. Q(O+1, E) =
/// tail (0 when even no events would be within), upper = the O with P(X ≥ O |
/// expected) = tail, i.e. P(O, E) = tail. Both by bisection on O.
fn exact_poisson(expected: f64, tail: f64) -> Limits {
    // Q(O+1, E) rises with O; P(O, E) falls with O.
    let lower = if gamma_pq(1.0, expected).1 >= tail { 0.0 } else { bisect(0.0, expected, |o| gamma_pq(o + 1.0, expected).1 < tail) };
    let mut hi = expected + 10.0 * expected.sqrt() + 10.0;
    while gamma_pq(hi, expected).0 > tail {
        hi *= 2.0;
    }
    let upper = bisect(expected.max(f64::MIN_POSITIVE), hi, |o| gamma_pq(o, expected).0 > tail);
    Limits { lower, upper }
}

/// The boundary in [lo, hi] where `below` turns from true to false.
fn bisect(mut lo: f64, mut hi: f64, below: impl Fn(f64) -> bool) -> f64 {
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if below(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo <= hi.abs() * 1e-14 {
            break;
        }
    }
    0.5 * (lo + hi)
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
    (0..n).map(|i| libm::exp(libm::log(lo) + (libm::log(hi) - libm::log(lo)) * i as f64 / (n - 1) as f64)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn near(got: f64, want: f64, tol: f64) {
        assert!((got - want).abs() <= tol, "{got} vs {want}");
    }

    // The example, PHEindicatormethods `calculate_funnel_limits` at p₀ = 5%, n = 100:
    // 95% limits 0.73%–9.27% (the package's sigma_adjustment(0.975, 100, 0.05, …)).
    #[test]
    fn proportion_funnel_at_five_percent_of_a_hundred() {
        let l = funnel_limits(ValueType::Proportion, 100.0, 5.0, 100.0, Level::P95).unwrap();
        near(l.lower, 0.73, 0.005);
        near(l.upper, 9.27, 0.005);
        assert_eq!(funnel_limits(ValueType::Count, 1.0, 5.0, 100.0, Level::P95), None);
        assert_eq!(funnel_limits(ValueType::Mean, 1.0, 5.0, 100.0, Level::P95), None);
    }

    // PHEindicatormethods tests/testthat/testdata_funnel_prop_outputs.csv (calculate_funnel_limits,
    // proportions, multiplier 100): baseline 80.642448; rows Population, Lower2s, Upper2s, Lower3s, Upper3s.
    #[test]
    fn proportion_funnel_matches_phe_indicator_methods() {
        let rows = [
            (1.0, 3.204264, 100.0, 0.0, 100.0),
            (24.0, 64.835445, 96.449451, 55.719892, 100.0),
            (190.0, 75.024492, 86.260404, 71.784739, 89.500157),
            (1531.0, 78.663349, 82.621547, 77.522045, 83.76285),
            (12316.0, 79.944665, 81.340231, 79.542269, 81.742627),
            (99108.0, 80.396467, 80.888428, 80.254616, 81.03028),
        ];
        for (n, l2, u2, l3, u3) in rows {
            let f95 = funnel_limits(ValueType::Proportion, 100.0, 80.642448, n, Level::P95).unwrap();
            let f998 = funnel_limits(ValueType::Proportion, 100.0, 80.642448, n, Level::P998).unwrap();
            for (got, want) in [(f95.lower, l2), (f95.upper, u2), (f998.lower, l3), (f998.upper, u3)] {
                near(got, want, 2e-6);
            }
        }
    }

    // PHEindicatormethods tests/testthat/testdata_funnel_rate_outputs.csv (rates, dsr per 100,000,
    // years_of_data 3): baseline 116.1720835; for Events O the population (per year, × 3 years)
    // at which O events sit on each limit, and that limit. Our limits at that population must be it,
    // to the package's own precision (its bisection stops at a step of 1e-7 in λ/(1+O+λ), about
    // 6e-6 relative for the 99.8% upper limit of one event).
    #[test]
    fn rate_funnel_matches_phe_indicator_methods() {
        // (events, lower 2s pop/yr, lower 2s, upper 2s pop/yr, upper 2s, lower 3s pop/yr, lower 3s, upper 3s pop/yr, upper 3s)
        let rows = [
            (1.0, 1598.675694, 20.85059119, 7.264481402, 4588.535848, 2649.348525, 12.58170943, 0.287087625, 116108.569),
            (4.0, 2938.625247, 45.37269033, 312.7159093, 426.372082, 4244.895077, 31.41027773, 122.9648371, 1084.320823),
        ];
        let at = |pop_per_year: f64, level| funnel_limits(ValueType::Rate, 1e5, 116.1720835, pop_per_year * 3.0, level).unwrap();
        for (_, lp2, l2, up2, u2, lp3, l3, up3, u3) in rows {
            near(at(lp2, Level::P95).lower / l2, 1.0, 1e-5);
            near(at(up2, Level::P95).upper / u2, 1.0, 1e-5);
            near(at(lp3, Level::P998).lower / l3, 1.0, 1e-5);
            near(at(up3, Level::P998).upper / u3, 1.0, 1e-5);
        }
    }

    // At the package's whole-event points the limit is exactly O / population: an organisation on
    // the lower 95% line has an exact upper 95% limit equal to the centre, i.e. its own interval
    // just reaches the centre (Fingertips' exact Poisson limit, χ²(0.975; 2O+2)/2).
    #[test]
    fn an_organisation_on_the_funnel_has_its_own_limit_at_the_centre() {
        let n = 250.0;
        let l = funnel_limits(ValueType::Rate, 1000.0, 40.0, n, Level::P95).unwrap();
        let o = l.lower * n / 1000.0;
        let upper_exact = crate::stats::special::chi2_quantile(0.975, 2.0 * o + 2.0) / 2.0;
        near(upper_exact, 40.0 * n / 1000.0, 1e-9);
        let w = crate::stats::ci::wilson(50.0, 1000.0, Level::P95).unwrap();
        let f = funnel_limits(ValueType::Proportion, 1.0, w.upper, 1000.0, Level::P95).unwrap();
        near(f.lower, 0.05, 1e-12);
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
