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

use super::ci::Level;
use super::special::{chi2_quantile, chi2_sf};
use crate::bundle::Polarity;

/// Number of most recent points the test uses.
pub const POINTS: usize = 5;

/// One period's value with its 95% confidence limits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrendPoint {
    pub value: f64,
    pub lower95: f64,
    pub upper95: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Increasing,
    Decreasing,
    NoSignificantChange,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RecentTrend {
    pub direction: Direction,
    /// Change in value per period.
    pub slope: f64,
    pub chi_square: f64,
    pub p_value: f64,
    /// Some(true) when the direction is an improvement, None without a
    /// significant trend or for polarity Neither.
    pub improving: Option<bool>,
}

/// Recent trend over the last [`POINTS`] of `points` (oldest first); see the
/// module docs for the method (Fingertips technical guidance, "Recent trends").
/// None with fewer than five points or a point without a positive-width interval.
pub fn recent_trend(points: &[TrendPoint], polarity: Polarity) -> Option<RecentTrend> {
    let recent = points.get(points.len().checked_sub(POINTS)?..)?;
    let mut data = Vec::with_capacity(POINTS);
    for (i, p) in recent.iter().enumerate() {
        let se = (p.upper95 - p.lower95) / 3.92;
        if !(se > 0.0 && se.is_finite() && p.value.is_finite()) {
            return None;
        }
        data.push(((i + 1) as f64, p.value, 1.0 / (se * se)));
    }
    let (slope, var) = weighted_slope(data.iter().copied())?;
    let chi_square = slope * slope / var;
    let stable = (0..POINTS).all(|skip| {
        let rest = data.iter().enumerate().filter(|&(i, _)| i != skip).map(|(_, d)| *d);
        weighted_slope(rest).is_some_and(|(s, _)| (s >= 0.0) == (slope >= 0.0))
    });
    let critical = chi2_quantile(1.0 - Level::P998.alpha(), 1.0);
    let direction = match (stable && chi_square > critical, slope >= 0.0) {
        (false, _) => Direction::NoSignificantChange,
        (true, true) => Direction::Increasing,
        (true, false) => Direction::Decreasing,
    };
    let improving = match (direction, polarity) {
        (Direction::NoSignificantChange, _) | (_, Polarity::Neither) => None,
        (d, p) => Some((d == Direction::Increasing) == (p == Polarity::HigherIsBetter)),
    };
    Some(RecentTrend { direction, slope, chi_square, p_value: chi2_sf(chi_square, 1.0), improving })
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
        v.iter().map(|&(value, lower95, upper95)| TrendPoint { value, lower95, upper95 }).collect()
    }

    // fingertips-open TrendMarkerCalculatorTest, data set 1 (2014–2018): published
    // χ² = 46.77 (2 dp), significant, increasing. Full precision (slope
    // 1.751566222662946, χ² 46.76531579206295) from numpy weighted least squares.
    #[test]
    fn fingertips_published_example_is_a_significant_increase() {
        let p = pts(&[(24.67, 23.16, 26.25), (24.6, 23.15, 26.19), (28.0, 26.44, 29.64), (30.2, 28.63, 31.9), (30.6, 28.98, 32.25)]);
        let t = recent_trend(&p, Polarity::LowerIsBetter).unwrap();
        assert!((t.chi_square - 46.76531579206295).abs() < 1e-8);
        assert!((t.slope - 1.751566222662946).abs() < 1e-10);
        assert_eq!(t.direction, Direction::Increasing);
        assert_eq!(t.improving, Some(false));
        assert!(t.p_value < 0.002);
        // An earlier sixth point is ignored: only the latest five count.
        let mut six = pts(&[(99.0, 98.0, 100.0)]);
        six.extend(&p);
        assert_eq!(recent_trend(&six, Polarity::LowerIsBetter), Some(t));
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
        let t = recent_trend(&p, Polarity::HigherIsBetter).unwrap();
        assert!((t.chi_square - 0.46424308513740353).abs() < 1e-9);
        assert_eq!(t.direction, Direction::NoSignificantChange);
        assert_eq!(t.improving, None);
        assert_eq!(recent_trend(&p[..4], Polarity::HigherIsBetter), None);
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
        let t = recent_trend(&p, Polarity::HigherIsBetter).unwrap();
        assert!(t.chi_square > 9.55);
        assert_eq!(t.direction, Direction::NoSignificantChange);
    }

    proptest! {
        // Reversing time reverses a significant trend and keeps χ².
        #[test]
        fn reversing_time_mirrors_the_trend(v in prop::collection::vec((0.0f64..100.0, 0.1f64..5.0), 5)) {
            let p: Vec<TrendPoint> = v.iter().map(|&(x, h)| TrendPoint { value: x, lower95: x - h, upper95: x + h }).collect();
            let r: Vec<TrendPoint> = p.iter().rev().copied().collect();
            let (a, b) = (recent_trend(&p, Polarity::Neither).unwrap(), recent_trend(&r, Polarity::Neither).unwrap());
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
