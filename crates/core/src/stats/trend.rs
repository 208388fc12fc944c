//! Recent trend: has an indicator been significantly rising or falling over
//! its latest five periods? The arrow beside a value in Fingertips-style tables.
//!
//! Method: the Fingertips recent-trend test (OHID *Fingertips technical
//! guidance*, "Recent trends"; fingertips-open `TrendMarkerCalculator`): over
//! the five most recent points, a weighted least-squares regression of value on
//! time with weights 1/se², se = (upper95 − lower95) / 3.92; the statistic
//! χ² = (slope / se(slope))² on one degree of freedom is tested at 99.8%
//! (χ² > 9.5495), and a trend is reported only if the slope keeps its sign
//! when each point in turn is left out (no single point drives it).
//!
//! Proportions with counts take Fingertips' counts route instead
//! (`IsSignificantForProportions`): the chi-square test for trend in
//! proportions (Armitage 1955; Altman (1991), *Practical Statistics for
//! Medical Research*, §10.7.4) on the numerators Oₜ and denominators Nₜ at
//! t = 1…5, χ² = N(NΣOₜt − ΣOₜ·ΣNₜt)² / (O(N − O)(NΣNₜt² − (ΣNₜt)²)) with N =
//! ΣNₜ and O = ΣOₜ; the leave-one-out check runs on the least-squares slope of
//! logit(Oₜ/Nₜ) on t, whose sign also gives the direction.
//!
//! The five points must be five consecutive periods: a period without a value
//! among them (a gap) means no trend can be calculated, as in Fingertips.
//!
//! The result is worded as Fingertips words its recent-trend marker
//! (fingertips-open `TrendMarker` with the indicator's polarity, shown in
//! Fingertips' "Recent trend" column and its key): "Increasing and getting
//! better", "Decreasing and getting worse" …, plain "Increasing" /
//! "Decreasing" when neither direction is better, "No significant change", and
//! "Could not be calculated" with fewer than five points ([`Marker`]).

use super::ci::Level;
use super::special::{chi2_quantile, chi2_sf};
use crate::bundle::Polarity;
use serde::Serialize;

/// Number of most recent points the test uses.
pub const POINTS: usize = 5;

/// One period's value with its 95% confidence limits (NaN when missing) and,
/// for a proportion, its numerator and denominator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrendPoint {
    pub value: f64,
    pub lower95: f64,
    pub upper95: f64,
    pub counts: Option<(f64, f64)>,
}

/// Which of Fingertips' two routes the test takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TrendMethod {
    /// Weighted regression on the values, weights from the 95% limits.
    ConfidenceLimits,
    /// Chi-square test for trend on the numerators and denominators (proportions).
    ProportionCounts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Increasing,
    Decreasing,
    NoSignificantChange,
}

/// The recent-trend test's result, as the query JSON gives it (`direction`
/// `increasing` …, `method` `confidence_limits` or `proportion_counts`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RecentTrend {
    pub direction: Direction,
    /// Change in value per period (weighted by the limits on their route,
    /// ordinary least squares on the counts route).
    pub slope: f64,
    pub chi_square: f64,
    pub p_value: f64,
    /// Some(true) when the direction is an improvement, None without a
    /// significant trend or for polarity Neither.
    pub improving: Option<bool>,
    pub method: TrendMethod,
    /// Fingertips' marker for this result, polarity included.
    pub marker: Marker,
}

/// Fingertips' recent-trend marker, polarity-aware; its id is what JSON and
/// CSV carry, [`Marker::words`] what a reader sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Marker {
    IncreasingAndGettingBetter,
    IncreasingAndGettingWorse,
    DecreasingAndGettingBetter,
    DecreasingAndGettingWorse,
    /// Increasing, where neither direction is better.
    Increasing,
    Decreasing,
    NoSignificantChange,
    /// Fewer than five consecutive points, or points the test cannot use.
    CouldNotBeCalculated,
}

impl Marker {
    pub const ALL: [Marker; 8] = [
        Marker::IncreasingAndGettingBetter,
        Marker::IncreasingAndGettingWorse,
        Marker::DecreasingAndGettingBetter,
        Marker::DecreasingAndGettingWorse,
        Marker::Increasing,
        Marker::Decreasing,
        Marker::NoSignificantChange,
        Marker::CouldNotBeCalculated,
    ];

    /// The marker of a test result; None (no result) could not be calculated.
    pub fn of(trend: Option<&RecentTrend>) -> Marker {
        trend.map_or(Marker::CouldNotBeCalculated, |t| t.marker)
    }

    fn from(direction: Direction, polarity: Polarity) -> Marker {
        match (direction, polarity) {
            (Direction::NoSignificantChange, _) => Marker::NoSignificantChange,
            (Direction::Increasing, Polarity::Neither) => Marker::Increasing,
            (Direction::Decreasing, Polarity::Neither) => Marker::Decreasing,
            (Direction::Increasing, Polarity::HigherIsBetter) => Marker::IncreasingAndGettingBetter,
            (Direction::Increasing, Polarity::LowerIsBetter) => Marker::IncreasingAndGettingWorse,
            (Direction::Decreasing, Polarity::HigherIsBetter) => Marker::DecreasingAndGettingWorse,
            (Direction::Decreasing, Polarity::LowerIsBetter) => Marker::DecreasingAndGettingBetter,
        }
    }

    /// The id in JSON and CSV (`increasing_and_getting_better` …).
    pub fn id(self) -> &'static str {
        match self {
            Marker::IncreasingAndGettingBetter => "increasing_and_getting_better",
            Marker::IncreasingAndGettingWorse => "increasing_and_getting_worse",
            Marker::DecreasingAndGettingBetter => "decreasing_and_getting_better",
            Marker::DecreasingAndGettingWorse => "decreasing_and_getting_worse",
            Marker::Increasing => "increasing",
            Marker::Decreasing => "decreasing",
            Marker::NoSignificantChange => "no_significant_change",
            Marker::CouldNotBeCalculated => "could_not_be_calculated",
        }
    }

    /// Fingertips' words for the marker.
    pub fn words(self) -> &'static str {
        match self {
            Marker::IncreasingAndGettingBetter => "Increasing and getting better",
            Marker::IncreasingAndGettingWorse => "Increasing and getting worse",
            Marker::DecreasingAndGettingBetter => "Decreasing and getting better",
            Marker::DecreasingAndGettingWorse => "Decreasing and getting worse",
            Marker::Increasing => "Increasing",
            Marker::Decreasing => "Decreasing",
            Marker::NoSignificantChange => "No significant change",
            Marker::CouldNotBeCalculated => "Could not be calculated",
        }
    }

    /// The marker whose id is `id`.
    pub fn from_id(id: &str) -> Option<Marker> {
        Marker::ALL.into_iter().find(|m| m.id() == id)
    }
}

/// Recent trend over the last [`POINTS`] periods of `periods` (oldest first,
/// None for a period without a value; trailing empty periods are ignored); see
/// the module docs for the method (Fingertips technical guidance, "Recent
/// trends"). `proportion` takes the counts route when every point has counts.
/// None with fewer than five periods, a gap among the last five, or a point
/// the route cannot use (an interval of no width; counts of 0 or all).
pub fn recent_trend(periods: &[Option<TrendPoint>], polarity: Polarity, proportion: bool) -> Option<RecentTrend> {
    let end = periods.iter().rposition(Option::is_some)? + 1;
    let recent: Vec<TrendPoint> = periods[..end].get(end.checked_sub(POINTS)?..)?.iter().copied().collect::<Option<_>>()?;
    let counts: Option<Vec<(f64, f64)>> = if proportion { recent.iter().map(|p| p.counts).collect() } else { None };
    // `rising` gives the direction: the logit slope on the counts route, else the reported slope.
    let (slope, rising, chi_square, stable, method) = match counts {
        Some(c) => {
            let (logit_slope, chi_square, stable) = counts_test(&c)?;
            let (slope, _) = weighted_slope(recent.iter().enumerate().map(|(i, p)| ((i + 1) as f64, p.value, 1.0)))?;
            (slope, logit_slope >= 0.0, chi_square, stable, TrendMethod::ProportionCounts)
        }
        None => {
            let (slope, chi_square, stable) = limits_test(&recent)?;
            (slope, slope >= 0.0, chi_square, stable, TrendMethod::ConfidenceLimits)
        }
    };
    let critical = chi2_quantile(1.0 - Level::P998.alpha(), 1.0);
    let direction = match (stable && chi_square > critical, rising) {
        (false, _) => Direction::NoSignificantChange,
        (true, true) => Direction::Increasing,
        (true, false) => Direction::Decreasing,
    };
    let improving = match (direction, polarity) {
        (Direction::NoSignificantChange, _) | (_, Polarity::Neither) => None,
        (d, p) => Some((d == Direction::Increasing) == (p == Polarity::HigherIsBetter)),
    };
    Some(RecentTrend { direction, slope, chi_square, p_value: chi2_sf(chi_square, 1.0), improving, method, marker: Marker::from(direction, polarity) })
}

/// (slope, χ², leave-one-out stable) by weighted regression on the values.
fn limits_test(recent: &[TrendPoint]) -> Option<(f64, f64, bool)> {
    let mut data = Vec::with_capacity(POINTS);
    for (i, p) in recent.iter().enumerate() {
        let se = (p.upper95 - p.lower95) / 3.92;
        if !(se > 0.0 && se.is_finite() && p.value.is_finite()) {
            return None;
        }
        data.push(((i + 1) as f64, p.value, 1.0 / (se * se)));
    }
    let (slope, var) = weighted_slope(data.iter().copied())?;
    let stable = (0..POINTS).all(|skip| {
        let rest = data.iter().enumerate().filter(|&(i, _)| i != skip).map(|(_, d)| *d);
        weighted_slope(rest).is_some_and(|(s, _)| (s >= 0.0) == (slope >= 0.0))
    });
    Some((slope, slope * slope / var, stable))
}

/// (slope of logit p on t, χ² for trend, leave-one-out stable) from counts.
fn counts_test(c: &[(f64, f64)]) -> Option<(f64, f64, bool)> {
    if c.iter().any(|&(o, n)| !(o > 0.0 && o < n && n.is_finite())) {
        return None;
    }
    let (mut n, mut o, mut ot, mut nt, mut ntt) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for (i, &(oi, ni)) in c.iter().enumerate() {
        let t = (i + 1) as f64;
        n += ni;
        o += oi;
        ot += oi * t;
        nt += ni * t;
        ntt += ni * t * t;
    }
    let chi_square = n * (n * ot - o * nt).powi(2) / (o * (n - o) * (n * ntt - nt * nt));
    let logit: Vec<(f64, f64, f64)> = c.iter().enumerate().map(|(i, &(oi, ni))| ((i + 1) as f64, libm::log(oi / (ni - oi)), 1.0)).collect();
    let (slope, _) = weighted_slope(logit.iter().copied())?;
    let stable = (0..POINTS).all(|skip| {
        let rest = logit.iter().enumerate().filter(|&(i, _)| i != skip).map(|(_, d)| *d);
        weighted_slope(rest).is_some_and(|(s, _)| (s >= 0.0) == (slope >= 0.0))
    });
    chi_square.is_finite().then_some((slope, chi_square, stable))
}

/// Weighted least-squares slope of y on t and its variance with known weights
/// (w = 1/variance): slope = (ΣwΣwty − ΣwtΣwy) / D, var = Σw / D, D = ΣwΣwt² − (Σwt)².
fn weighted_slope(data: impl Iterator<Item = (f64, f64, f64)>) -> Option<(f64, f64)> {
    let (mut s1, mut sty, mut st, mut sy, mut stt) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for (t, y, w) in data {
        s1 += w;
        sty += w * t * y;
        st += w * t;
        sy += w * y;
        stt += w * t * t;
    }
    let d = s1 * stt - st * st;
    (d > 0.0).then(|| ((s1 * sty - st * sy) / d, s1 / d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pts(v: &[(f64, f64, f64)]) -> Vec<TrendPoint> {
        v.iter().map(|&(value, lower95, upper95)| TrendPoint { value, lower95, upper95, counts: None }).collect()
    }

    // fingertips-open TrendMarkerCalculatorTest, data set 1 (2014–2018): published
    // χ² = 46.77 (2 dp), significant, increasing. Full precision (slope
    // 1.751566222662946, χ² 46.76531579206295) from numpy weighted least squares.
    #[test]
    fn fingertips_published_example_is_a_significant_increase() {
        let p = pts(&[(24.67, 23.16, 26.25), (24.6, 23.15, 26.19), (28.0, 26.44, 29.64), (30.2, 28.63, 31.9), (30.6, 28.98, 32.25)]);
        let t = recent_trend(&some(&p), Polarity::LowerIsBetter, false).unwrap();
        assert!((t.chi_square - 46.76531579206295).abs() < 1e-8);
        assert!((t.slope - 1.751566222662946).abs() < 1e-10);
        assert_eq!(t.direction, Direction::Increasing);
        assert_eq!(t.improving, Some(false));
        assert_eq!(t.marker.words(), "Increasing and getting worse");
        assert!(t.p_value < 0.002);
        // An earlier sixth point is ignored: only the latest five count.
        let mut six = pts(&[(99.0, 98.0, 100.0)]);
        six.extend(&p);
        assert_eq!(recent_trend(&some(&six), Polarity::LowerIsBetter, false), Some(t));
    }

    // fingertips-open data set 2 (2014–2018): published as not significant;
    // numpy gives slope −0.2599809643705979, χ² 0.46424308513740353.
    #[test]
    fn fingertips_published_example_without_a_trend() {
        let p = pts(&[
            (20.5506, 18.1803, 23.1427),
            (19.5952, 17.3444, 22.0602),
            (19.0349, 16.8421, 21.4394),
            (21.3966, 19.0918, 23.8975),
            (18.4372, 16.2925, 20.7941),
        ]);
        let t = recent_trend(&some(&p), Polarity::HigherIsBetter, false).unwrap();
        assert!((t.chi_square - 0.46424308513740353).abs() < 1e-9);
        assert_eq!(t.direction, Direction::NoSignificantChange);
        assert_eq!(t.improving, None);
        assert_eq!(t.marker.words(), "No significant change");
        // Four points are not enough: Fingertips' "Could not be calculated".
        let four = recent_trend(&some(&p[..4]), Polarity::HigherIsBetter, false);
        assert_eq!(four, None);
        assert_eq!(Marker::of(four.as_ref()).words(), "Could not be calculated");
    }

    fn some(p: &[TrendPoint]) -> Vec<Option<TrendPoint>> {
        p.iter().copied().map(Some).collect()
    }

    // fingertips-open TrendMarkerCalculatorTest, TestIsSignificantForProportionsReturnsTrue: the same
    // 2014–2018 data with counts (994/40299 … 1367/44701) by the counts route: χ² = 47.9 (2 dp),
    // significant. TestIsSignificantForProportionsCannotBeCalculated: counts 5/5, 3/5, 1/5, 1/4, 2/4
    // (a proportion of 1) cannot be calculated.
    #[test]
    fn proportions_use_the_chi_square_test_for_trend_on_counts() {
        let counts = [(994.0, 40299.0), (1023.0, 41527.0), (1199.0, 42811.0), (1332.0, 44064.0), (1367.0, 44701.0)];
        let limits = [(24.67, 23.16, 26.25), (24.6, 23.15, 26.19), (28.0, 26.44, 29.64), (30.2, 28.63, 31.9), (30.6, 28.98, 32.25)];
        let p: Vec<Option<TrendPoint>> =
            counts.iter().zip(limits).map(|(&c, (value, lower95, upper95))| Some(TrendPoint { value, lower95, upper95, counts: Some(c) })).collect();
        let t = recent_trend(&p, Polarity::LowerIsBetter, true).unwrap();
        assert_eq!((t.chi_square * 100.0).round() / 100.0, 47.9);
        assert_eq!((t.method, t.direction, t.improving), (TrendMethod::ProportionCounts, Direction::Increasing, Some(false)));
        let all = [(5.0, 5.0), (3.0, 5.0), (1.0, 5.0), (1.0, 4.0), (2.0, 4.0)];
        let p: Vec<Option<TrendPoint>> =
            all.iter().map(|&c| Some(TrendPoint { value: c.0 / c.1 * 100.0, lower95: 0.0, upper95: 0.0, counts: Some(c) })).collect();
        assert_eq!(recent_trend(&p, Polarity::LowerIsBetter, true), None);
    }

    // Fingertips needs the latest five periods unbroken: a gap among them means no trend, where
    // skipping the gap would have found one. Trailing periods without a value are not a gap.
    #[test]
    fn a_gap_in_the_last_five_periods_means_no_trend() {
        let p = some(&pts(&[(24.67, 23.16, 26.25), (24.6, 23.15, 26.19), (28.0, 26.44, 29.64), (30.2, 28.63, 31.9), (30.6, 28.98, 32.25)]));
        let mut gap = p.clone();
        gap.insert(3, None);
        assert_eq!(recent_trend(&gap, Polarity::LowerIsBetter, false), None);
        let mut trailing = p.clone();
        trailing.push(None);
        assert_eq!(recent_trend(&trailing, Polarity::LowerIsBetter, false), recent_trend(&p, Polarity::LowerIsBetter, false));
    }

    // Fingertips' marker for each direction under each polarity, on the published data set 1
    // (significant increase) and the same values reversed in time (significant decrease).
    #[test]
    fn markers_follow_fingertips_wording_and_polarity() {
        let up = some(&pts(&[(24.67, 23.16, 26.25), (24.6, 23.15, 26.19), (28.0, 26.44, 29.64), (30.2, 28.63, 31.9), (30.6, 28.98, 32.25)]));
        let down: Vec<Option<TrendPoint>> = up.iter().rev().copied().collect();
        let words = |p: &[Option<TrendPoint>], pol| recent_trend(p, pol, false).unwrap().marker.words();
        assert_eq!(words(&up, Polarity::HigherIsBetter), "Increasing and getting better");
        assert_eq!(words(&up, Polarity::LowerIsBetter), "Increasing and getting worse");
        assert_eq!(words(&up, Polarity::Neither), "Increasing");
        assert_eq!(words(&down, Polarity::HigherIsBetter), "Decreasing and getting worse");
        assert_eq!(words(&down, Polarity::LowerIsBetter), "Decreasing and getting better");
        assert_eq!(words(&down, Polarity::Neither), "Decreasing");
        for m in Marker::ALL {
            assert_eq!(Marker::from_id(m.id()), Some(m));
            assert_eq!(serde_json::to_value(m).unwrap(), m.id());
        }
    }

    // scipy.stats.chi2.ppf(0.998, 1) = 9.549535706083237, the constant Fingertips uses.
    #[test]
    fn critical_value_is_fingertips_constant() {
        assert!((chi2_quantile(0.998, 1.0) - 9.549535706083237).abs() < 1e-9);
    }

    // One outlying point drives the slope: leaving out the last point reverses it,
    // so Fingertips' leave-one-out check withholds the trend (slopes by numpy lstsq).
    #[test]
    fn a_single_point_cannot_make_a_trend() {
        let p = pts(&[(10.0, 9.9, 10.1), (9.9, 9.8, 10.0), (9.8, 9.7, 9.9), (9.7, 9.6, 9.8), (20.0, 19.9, 20.1)]);
        let t = recent_trend(&some(&p), Polarity::HigherIsBetter, false).unwrap();
        assert!(t.chi_square > 9.55);
        assert_eq!(t.direction, Direction::NoSignificantChange);
    }

    proptest! {
        // Reversing time reverses a significant trend and keeps χ².
        #[test]
        fn reversing_time_mirrors_the_trend(v in prop::collection::vec((0.0f64..100.0, 0.1f64..5.0), 5)) {
            let p: Vec<TrendPoint> = v.iter().map(|&(x, h)| TrendPoint { value: x, lower95: x - h, upper95: x + h, counts: None }).collect();
            let r: Vec<TrendPoint> = p.iter().rev().copied().collect();
            let (a, b) = (recent_trend(&some(&p), Polarity::Neither, false).unwrap(), recent_trend(&some(&r), Polarity::Neither, false).unwrap());
            prop_assert!((a.chi_square - b.chi_square).abs() <= 1e-6 * a.chi_square.max(1.0));
            let flipped = match a.direction {
                Direction::Increasing => Direction::Decreasing,
                Direction::Decreasing => Direction::Increasing,
                Direction::NoSignificantChange => Direction::NoSignificantChange,
            };
            if a.slope.abs() > 1e-9 {
                prop_assert_eq!(b.direction, flipped);
            }
            prop_assert!((0.0..=1.0).contains(&a.p_value));
        }
    }
}
