//! Statistical process control: is a monthly series changing, or only
//! varying as it always has? And will it meet its target?
//!
//! NHS England / NHS Improvement *Making Data Count* (2019; "Strengthening
//! your decisions", 2021) standardised the XmR chart and its rules for the NHS;
//! the NHS-R "plot the dots" package (NHSRplotthedots) is its reference
//! implementation, and healthdash follows it: limits mean ± 2.66·mR̄
//! (σ̂ = mR̄ / 1.128, Wheeler & Chambers 1992), four special-cause rules, a
//! variation verdict from the latest point and an assurance verdict from where
//! the target sits relative to the process limits.

use crate::bundle::Polarity;

/// XmR centre line and limits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct XmrLimits {
    pub mean: f64,
    /// Average moving range mR̄ = mean |xᵢ − xᵢ₋₁|.
    pub mr_bar: f64,
    /// σ̂ = mR̄ / 1.128 (d₂ for n = 2).
    pub sigma: f64,
    /// Process limits mean ∓ 2.66·mR̄ (= 3σ̂).
    pub lower: f64,
    pub upper: f64,
    /// mean ∓ 2σ̂, the inner bound of the "close to a limit" band.
    pub lower_2sigma: f64,
    pub upper_2sigma: f64,
}

/// XmR limits of `values` (Wheeler & Chambers (1992), *Understanding
/// Statistical Process Control*; Making Data Count). None with fewer than two
/// values or a non-finite value. MDC advises at least 15 points for stable limits.
pub fn xmr_limits(values: &[f64]) -> Option<XmrLimits> {
    if values.len() < 2 || values.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    let mr_bar = values.windows(2).map(|w| (w[1] - w[0]).abs()).sum::<f64>() / (values.len() - 1) as f64;
    let sigma = mr_bar / 1.128;
    Some(XmrLimits {
        mean,
        mr_bar,
        sigma,
        lower: mean - 2.66 * mr_bar,
        upper: mean + 2.66 * mr_bar,
        lower_2sigma: mean - 2.0 * sigma,
        upper_2sigma: mean + 2.0 * sigma,
    })
}

/// Which special-cause rules a point is part of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flags {
    /// Beyond a process limit.
    pub beyond_limit: bool,
    /// Part of a run of 7+ on one side of the mean (a point on the mean breaks a run).
    pub shift: bool,
    /// Part of 7+ consecutive points each higher (or each lower) than the one before.
    pub trend: bool,
    /// One of 2 out of 3 consecutive points beyond the same 2σ line.
    pub two_of_three: bool,
}

impl Flags {
    /// True when any Making Data Count rule flags the point (special cause).
    pub fn any(self) -> bool {
        self.beyond_limit || self.shift || self.trend || self.two_of_three
    }
}

/// A point's classification (the colours of a Making Data Count chart).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointType {
    CommonCause,
    Improvement,
    Concern,
    /// Special cause, polarity Neither, high side.
    NeitherHigh,
    /// Special cause, polarity Neither, low side.
    NeitherLow,
}

/// The variation icon: the latest point's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variation {
    CommonCause,
    SpecialCauseImproving,
    SpecialCauseConcerning,
    SpecialCauseNeither,
}

/// The assurance icon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assurance {
    ConsistentlyPassing,
    ConsistentlyFailing,
    HitAndMiss,
}

/// A complete XmR analysis of a series.
#[derive(Debug, Clone, PartialEq)]
pub struct Spc {
    pub limits: XmrLimits,
    pub flags: Vec<Flags>,
    pub points: Vec<PointType>,
    pub variation: Variation,
    /// None without a target or for polarity Neither.
    pub assurance: Option<Assurance>,
}

/// XmR analysis of `values` (oldest first) by the Making Data Count rules.
///
/// Limits come from the first `baseline` points when given (MDC: freeze limits
/// on a baseline, then judge new points against them), else from all points.
/// A flagged point is improvement or concern by its side of the mean (as
/// NHSRplotthedots `ptd_calculate_point_type`); a point flagged only by a trend
/// takes the trend's direction. The two-of-three rule is Western Electric
/// (1956) rule 2 as adopted by MDC (points beyond 3σ count as beyond 2σ).
/// Assurance (NHSRplotthedots `ptd_calculate_assurance_type`): target beyond
/// the upper limit — consistently failing if higher is better, passing if lower
/// is better; beyond the lower limit, the reverse; between them, hit and miss.
pub fn analyse(values: &[f64], polarity: Polarity, target: Option<f64>, baseline: Option<usize>) -> Option<Spc> {
    let l = xmr_limits(&values[..baseline.unwrap_or(values.len()).min(values.len())])?;
    if values.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let n = values.len();
    let side: Vec<i8> = values.iter().map(|&v| sign(v - l.mean)).collect();
    let mut flags = vec![Flags::default(); n];
    for (f, &v) in flags.iter_mut().zip(values) {
        f.beyond_limit = v > l.upper || v < l.lower;
    }
    mark_runs(&side, 7, |i| flags[i].shift = true);
    let step: Vec<i8> = std::iter::once(0).chain(values.windows(2).map(|w| sign(w[1] - w[0]))).collect();
    // A trend of 7 points is 6 steps the same way; mark the steps, then the point before them.
    let mut trend_dir = vec![0i8; n];
    mark_runs(&step, 6, |i| {
        flags[i].trend = true;
        flags[i - 1].trend = true;
        trend_dir[i] = step[i];
        trend_dir[i - 1] = step[i];
    });
    let beyond_2s: Vec<i8> = values
        .iter()
        .map(|&v| {
            if v > l.upper_2sigma {
                1
            } else if v < l.lower_2sigma {
                -1
            } else {
                0
            }
        })
        .collect();
    for w in 0..n.saturating_sub(2) {
        for s in [1, -1] {
            if (w..w + 3).filter(|&i| beyond_2s[i] == s).count() >= 2 {
                (w..w + 3).filter(|&i| beyond_2s[i] == s).for_each(|i| flags[i].two_of_three = true);
            }
        }
    }
    let points: Vec<PointType> = (0..n)
        .map(|i| {
            let f = flags[i];
            let dir = if f.beyond_limit || f.shift || f.two_of_three { side[i] } else { trend_dir[i] };
            match (f.any(), polarity) {
                (false, _) => PointType::CommonCause,
                (true, Polarity::Neither) if dir >= 0 => PointType::NeitherHigh,
                (true, Polarity::Neither) => PointType::NeitherLow,
                (true, Polarity::HigherIsBetter) if dir > 0 => PointType::Improvement,
                (true, Polarity::LowerIsBetter) if dir < 0 => PointType::Improvement,
                (true, _) => PointType::Concern,
            }
        })
        .collect();
    let variation = match points.last()? {
        PointType::CommonCause => Variation::CommonCause,
        PointType::Improvement => Variation::SpecialCauseImproving,
        PointType::Concern => Variation::SpecialCauseConcerning,
        PointType::NeitherHigh | PointType::NeitherLow => Variation::SpecialCauseNeither,
    };
    let assurance = target.filter(|t| t.is_finite()).and_then(|t| {
        let higher_better = match polarity {
            Polarity::HigherIsBetter => true,
            Polarity::LowerIsBetter => false,
            Polarity::Neither => return None,
        };
        Some(if t > l.upper {
            if higher_better {
                Assurance::ConsistentlyFailing
            } else {
                Assurance::ConsistentlyPassing
            }
        } else if t < l.lower {
            if higher_better {
                Assurance::ConsistentlyPassing
            } else {
                Assurance::ConsistentlyFailing
            }
        } else {
            Assurance::HitAndMiss
        })
    });
    Some(Spc { limits: l, flags, points, variation, assurance })
}

fn sign(x: f64) -> i8 {
    if x > 0.0 {
        1
    } else if x < 0.0 {
        -1
    } else {
        0
    }
}

/// Calls `mark(i)` for every index in a run of at least `len` equal non-zero entries.
fn mark_runs(v: &[i8], len: usize, mut mark: impl FnMut(usize)) {
    let mut start = 0;
    for i in 1..=v.len() {
        if i == v.len() || v[i] != v[start] {
            if v[start] != 0 && i - start >= len {
                (start..i).for_each(&mut mark);
            }
            start = i;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn flagged(s: &Spc, pick: fn(&Flags) -> bool) -> Vec<usize> {
        (0..s.flags.len()).filter(|&i| pick(&s.flags[i])).collect()
    }

    // numpy: mean(y), mean(abs(diff(y))), mean ± 2.66·mR̄, mean ± 2·mR̄/1.128.
    #[test]
    fn limits_match_numpy() {
        let y = [76.2, 74.8, 75.5, 77.1, 73.9, 74.4, 76.0, 75.2, 72.8, 74.9, 75.7, 76.4];
        let l = xmr_limits(&y).unwrap();
        let close = |a: f64, b: f64| assert!((a - b).abs() < 1e-9, "{a} vs {b}");
        close(l.mean, 75.24166666666666);
        close(l.mr_bar, 1.436363636363636);
        close(l.upper, 79.06239393939393);
        close(l.lower, 71.42093939393939);
        close(l.upper_2sigma, 77.7884107027724);
        close(l.lower_2sigma, 72.69492263056092);
        let s = analyse(&y, Polarity::HigherIsBetter, None, None).unwrap();
        assert!(s.flags.iter().all(|f| !f.any()));
        assert_eq!(s.variation, Variation::CommonCause);
        assert_eq!(xmr_limits(&[1.0]), None);
    }

    // Hand-checked with numpy: mean 10.21875, 2σ band 8.74–11.70, limits 8.00–12.44;
    // the last seven points (10.5) are all above the mean and nothing else fires.
    #[test]
    fn a_run_of_seven_above_the_mean_is_a_shift() {
        let y = [10.0, 11.0, 9.0, 10.0, 11.0, 9.0, 10.0, 11.0, 9.0, 10.5, 10.5, 10.5, 10.5, 10.5, 10.5, 10.5];
        let s = analyse(&y, Polarity::LowerIsBetter, None, None).unwrap();
        assert_eq!(flagged(&s, |f| f.shift), (9..16).collect::<Vec<_>>());
        assert_eq!(flagged(&s, |f| f.any()), (9..16).collect::<Vec<_>>());
        assert_eq!(s.variation, Variation::SpecialCauseConcerning);
        let six = analyse(&y[1..15], Polarity::LowerIsBetter, None, None).unwrap();
        assert!(flagged(&six, |f| f.shift).is_empty());
    }

    // 1..=7: mean 4, mR̄ 1, limits 1.34–6.66, 2σ 2.23–5.77 (hand arithmetic).
    #[test]
    fn seven_rising_points_are_a_trend_and_limits_set_assurance() {
        let y = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0];
        let s = analyse(&y, Polarity::HigherIsBetter, Some(8.0), None).unwrap();
        assert_eq!(flagged(&s, |f| f.trend), (0..7).collect::<Vec<_>>());
        assert_eq!(flagged(&s, |f| f.beyond_limit), [0, 6]);
        assert_eq!(flagged(&s, |f| f.two_of_three), [0, 1, 5, 6]);
        use PointType::*;
        // 3 is below the mean but flagged only by the rising trend, so it takes the trend's direction.
        assert_eq!(s.points, [Concern, Concern, Improvement, Improvement, Improvement, Improvement, Improvement]);
        assert_eq!(s.variation, Variation::SpecialCauseImproving);
        assert_eq!(s.assurance, Some(Assurance::ConsistentlyFailing));
        let a = |t, p| analyse(&y, p, Some(t), None).unwrap().assurance;
        assert_eq!(a(0.5, Polarity::HigherIsBetter), Some(Assurance::ConsistentlyPassing));
        assert_eq!(a(8.0, Polarity::LowerIsBetter), Some(Assurance::ConsistentlyPassing));
        assert_eq!(a(5.0, Polarity::LowerIsBetter), Some(Assurance::HitAndMiss));
        assert_eq!(a(5.0, Polarity::Neither), None);
        assert!(flagged(&analyse(&y[..6], Polarity::Neither, None, None).unwrap(), |f| f.trend).is_empty());
    }

    // Baseline of 10 points: numpy mean 10.0, mR̄ 0.4333, 2σ band 9.2317–10.7683,
    // limits 8.8473–11.1527. Points 11 (10.9) and 13 (11.0) are 2 of 3 above the
    // upper 2σ line; 15 (9.0) and 17 (9.1) 2 of 3 below the lower one.
    #[test]
    fn two_of_three_beyond_two_sigma_on_a_frozen_baseline() {
        let y = [10.0, 10.4, 9.6, 10.2, 9.8, 10.0, 10.3, 9.7, 10.1, 9.9, 10.2, 10.9, 9.9, 11.0, 10.1, 9.0, 9.8, 9.1];
        let s = analyse(&y, Polarity::HigherIsBetter, None, Some(10)).unwrap();
        assert!((s.limits.upper_2sigma - 10.768321513002364).abs() < 1e-9);
        assert_eq!(flagged(&s, |f| f.two_of_three), [11, 13, 15, 17]);
        assert_eq!(flagged(&s, |f| f.any()), [11, 13, 15, 17]);
        assert_eq!(s.points[11], PointType::Improvement);
        assert_eq!(s.variation, Variation::SpecialCauseConcerning);
        let neither = analyse(&y, Polarity::Neither, None, Some(10)).unwrap();
        assert_eq!((neither.points[11], neither.points[17]), (PointType::NeitherHigh, PointType::NeitherLow));
        assert_eq!(neither.variation, Variation::SpecialCauseNeither);
    }

    proptest! {
        // Flags depend on shape, not level; swapping polarity swaps improvement and concern.
        #[test]
        fn flags_are_shift_invariant_and_polarity_mirrors(v in prop::collection::vec(0i32..50, 2..40), c in -1000i32..1000) {
            let y: Vec<f64> = v.iter().map(|&x| f64::from(x)).collect();
            let moved: Vec<f64> = v.iter().map(|&x| f64::from(x + c)).collect();
            let (hi, lo) = (analyse(&y, Polarity::HigherIsBetter, None, None).unwrap(), analyse(&y, Polarity::LowerIsBetter, None, None).unwrap());
            prop_assert_eq!(&analyse(&moved, Polarity::HigherIsBetter, None, None).unwrap().flags, &hi.flags);
            for (a, b) in hi.points.iter().zip(&lo.points) {
                let mirrored = matches!((a, b), (PointType::CommonCause, PointType::CommonCause) | (PointType::Improvement, PointType::Concern) | (PointType::Concern, PointType::Improvement));
                prop_assert!(mirrored);
            }
            prop_assert!(hi.limits.lower <= hi.limits.lower_2sigma && hi.limits.lower_2sigma <= hi.limits.mean);
            prop_assert!(hi.limits.mean <= hi.limits.upper_2sigma && hi.limits.upper_2sigma <= hi.limits.upper);
        }
    }
}
