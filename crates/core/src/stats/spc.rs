//! Statistical process control: is a monthly series changing, or only
//! varying as it always has? And will it meet its target?
//!
//! NHS England / NHS Improvement *Making Data Count* (2019; "Strengthening
//! your decisions", 2021) standardised the XmR chart and its rules for the NHS;
//! the NHS-R "plot the dots" package (NHSRplotthedots, `ptd_spc`) is its
//! reference implementation, and healthdash follows it: limits mean ± 2.66·mR̄
//! (Wheeler & Chambers 1992), moving ranges above 3.267·mR̄ screened out of
//! mR̄ by default, four special-cause rules with the package's precedence, a
//! variation verdict from the latest point and an assurance verdict from where
//! the target sits relative to the process limits.
//!
//! Values are compared with the mean up to a relative rounding tolerance
//! ([`REL_TOL`]): a value equal to the mean but for floating-point rounding is
//! on the mean, so it counts towards neither side, and a flat series (every
//! value equal, mR̄ = 0) is common cause throughout.

use crate::bundle::Polarity;

/// Relative tolerance within which a value equals the mean (or a limit).
pub const REL_TOL: f64 = 1e-9;

/// How mR̄ is computed from the moving ranges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MovingRanges {
    /// NHSRplotthedots' default (`screen_outliers = TRUE`, from Making Data
    /// Count): moving ranges of 3.267·mR̄ or more (the upper range limit,
    /// D₄ = 3.267 for n = 2) are dropped and mR̄ recomputed without them.
    ScreenedOutliers,
    /// Every moving range counts (`screen_outliers = FALSE`).
    All,
}

impl MovingRanges {
    /// The method's machine name, as the output reports it.
    pub fn name(self) -> &'static str {
        match self {
            MovingRanges::ScreenedOutliers => "screened_outliers",
            MovingRanges::All => "all_moving_ranges",
        }
    }
}

/// XmR centre line and limits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct XmrLimits {
    pub mean: f64,
    /// Average moving range mR̄ = mean |xᵢ − xᵢ₋₁| over the ranges kept.
    pub mr_bar: f64,
    /// σ̂ = mR̄ · 2.66 / 3 (the package's 3σ̂ = 2.66·mR̄; d₂ = 1.128).
    pub sigma: f64,
    /// Process limits mean ∓ 2.66·mR̄ (= 3σ̂).
    pub lower: f64,
    pub upper: f64,
    /// mean ∓ 2σ̂ = mean ∓ (2/3)·2.66·mR̄, the inner bound of the "close to a limit" band.
    pub lower_2sigma: f64,
    pub upper_2sigma: f64,
    /// How mR̄ was computed.
    pub moving_ranges: MovingRanges,
    /// Moving ranges left out of mR̄ by screening.
    pub excluded_ranges: usize,
}

/// XmR limits of `values` by NHSRplotthedots' default, screening moving-range
/// outliers ([`MovingRanges::ScreenedOutliers`]). None with fewer than two
/// values or a non-finite value. MDC advises at least 15 points for stable limits.
pub fn xmr_limits(values: &[f64]) -> Option<XmrLimits> {
    xmr_limits_with(values, MovingRanges::ScreenedOutliers)
}

/// XmR limits of `values` (Wheeler & Chambers (1992), *Understanding
/// Statistical Process Control*; Making Data Count; NHSRplotthedots
/// `ptd_spc_standard`) with mR̄ computed as `method` says.
pub fn xmr_limits_with(values: &[f64], method: MovingRanges) -> Option<XmrLimits> {
    if values.len() < 2 || values.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    let ranges: Vec<f64> = values.windows(2).map(|w| (w[1] - w[0]).abs()).collect();
    let average = |r: &[f64]| r.iter().sum::<f64>() / r.len() as f64;
    let mut mr_bar = average(&ranges);
    let mut excluded_ranges = 0;
    if method == MovingRanges::ScreenedOutliers && mr_bar > 0.0 {
        let cut = 3.267 * mr_bar;
        let kept: Vec<f64> = ranges.iter().copied().filter(|&r| r < cut).collect();
        excluded_ranges = ranges.len() - kept.len();
        mr_bar = average(&kept);
    }
    let limit = 2.66 * mr_bar;
    let close = 2.0 * limit / 3.0;
    Some(XmrLimits {
        mean,
        mr_bar,
        sigma: limit / 3.0,
        lower: mean - limit,
        upper: mean + limit,
        lower_2sigma: mean - close,
        upper_2sigma: mean + close,
        moving_ranges: method,
        excluded_ranges,
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
    /// Beyond a 2σ line (but not a process limit) in 3 consecutive points, all
    /// on that side of the mean, of which at least 2 are beyond that 2σ line.
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

/// XmR analysis of `values` (oldest first) by the Making Data Count rules as
/// NHSRplotthedots implements them (`ptd_spc_standard`,
/// `ptd_calculate_point_type`), with mR̄ screened for outliers.
pub fn analyse(values: &[f64], polarity: Polarity, target: Option<f64>, baseline: Option<usize>) -> Option<Spc> {
    analyse_with(values, polarity, target, baseline, MovingRanges::ScreenedOutliers)
}

/// XmR analysis of `values` (oldest first), mR̄ computed as `method` says.
///
/// Limits come from the first `baseline` points when given (MDC: freeze limits
/// on a baseline, then judge new points against them), else from all points.
/// The rules, as in NHSRplotthedots (`ptd_special_cause_type`):
/// beyond a process limit; a run of 7+ on one side of the mean (shift); 7+
/// points each higher (or each lower) than the one before (trend); 2 of 3
/// consecutive points beyond the same 2σ line but within the limits, all three
/// on that side of the mean. A point's direction follows the package's
/// precedence: beyond a limit → its side of the mean; else part of a trend →
/// the trend's direction (where two trends meet, the later one); else 2 of 3
/// or shift → its side. Assurance (`ptd_calculate_assurance_type`): target
/// beyond the upper limit — consistently failing if higher is better, passing
/// if lower is better; beyond the lower limit, the reverse; between them, hit
/// and miss.
pub fn analyse_with(values: &[f64], polarity: Polarity, target: Option<f64>, baseline: Option<usize>, method: MovingRanges) -> Option<Spc> {
    let l = xmr_limits_with(&values[..baseline.unwrap_or(values.len()).min(values.len())], method)?;
    if values.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let n = values.len();
    let side: Vec<i8> = values.iter().map(|&v| relative(v, l.mean)).collect();
    let mut flags = vec![Flags::default(); n];
    // A value on the mean is on neither side, so never beyond a limit (a flat series has mR̄ = 0).
    let beyond = |i: usize, lower: f64, upper: f64| side[i] != 0 && (relative(values[i], upper) > 0 || relative(values[i], lower) < 0);
    for (i, f) in flags.iter_mut().enumerate() {
        f.beyond_limit = beyond(i, l.lower, l.upper);
    }
    mark_runs(&side, 7, |i| flags[i].shift = true);
    let step: Vec<i8> = std::iter::once(0).chain(values.windows(2).map(|w| relative(w[1], w[0]))).collect();
    // A trend of 7 points is 6 steps the same way; mark the steps, then the point before them.
    // Runs are visited in order, so a point where two trends meet takes the later one's direction.
    let mut trend_dir = vec![0i8; n];
    mark_runs(&step, 6, |i| {
        flags[i].trend = true;
        flags[i - 1].trend = true;
        trend_dir[i] = step[i];
        trend_dir[i - 1] = step[i];
    });
    // Close to a limit: beyond a 2σ line but not beyond the process limit.
    let close: Vec<bool> = (0..n).map(|i| !flags[i].beyond_limit && beyond(i, l.lower_2sigma, l.upper_2sigma)).collect();
    for w in 0..n.saturating_sub(2) {
        let window = w..w + 3;
        let same_side = side[w] != 0 && window.clone().all(|i| side[i] == side[w]);
        if same_side && window.clone().filter(|&i| close[i]).count() >= 2 {
            window.filter(|&i| close[i]).for_each(|i| flags[i].two_of_three = true);
        }
    }
    let points: Vec<PointType> = (0..n)
        .map(|i| {
            let f = flags[i];
            let dir = if f.beyond_limit {
                side[i]
            } else if f.trend {
                trend_dir[i]
            } else {
                side[i]
            };
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

/// The side of `reference` that `v` lies on: 1 above, −1 below, 0 when equal
/// within the relative rounding tolerance [`REL_TOL`].
fn relative(v: f64, reference: f64) -> i8 {
    let d = v - reference;
    if d.abs() <= REL_TOL * v.abs().max(reference.abs()) {
        0
    } else if d > 0.0 {
        1
    } else {
        -1
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

    // Python: mean(y), mean(abs(diff(y))) (no range reaches 3.267·mR̄), mean ± 2.66·mR̄, mean ± (2/3)·2.66·mR̄.
    #[test]
    fn limits_match_numpy() {
        let y = [76.2, 74.8, 75.5, 77.1, 73.9, 74.4, 76.0, 75.2, 72.8, 74.9, 75.7, 76.4];
        let l = xmr_limits(&y).unwrap();
        let close = |a: f64, b: f64| assert!((a - b).abs() < 1e-9, "{a} vs {b}");
        close(l.mean, 75.24166666666666);
        close(l.mr_bar, 1.436363636363636);
        close(l.upper, 79.06239393939393);
        close(l.lower, 71.42093939393939);
        close(l.upper_2sigma, 77.78881818181817);
        close(l.lower_2sigma, 72.69451515151515);
        let s = analyse(&y, Polarity::HigherIsBetter, None, None).unwrap();
        assert!(s.flags.iter().all(|f| !f.any()));
        assert_eq!(s.variation, Variation::CommonCause);
        assert_eq!(xmr_limits(&[1.0]), None);
    }

    // NHSRplotthedots tests/testthat/test-ptd_spc_standard.R, "it returns expected
    // values": y = rnorm(20) after set.seed(123) (R's values to 8 decimals), then
    // y[15] = 10. The snapshot (_snaps/ptd_spc_standard.md) prints the limits:
    // r1 (screened) −3.01138 … 3.294627; r2 (y[15] = 10, screened) −2.383666 …
    // 3.722497, mean 0.6694159; r3 (screen_outliers = FALSE) −4.596625 … 5.935457.
    #[test]
    fn moving_range_outliers_are_screened_as_plot_the_dots_does() {
        let mut y = [
            -0.56047565,
            -0.23017749,
            1.55870831,
            0.07050839,
            0.12928774,
            1.71506499,
            0.46091621,
            -1.26506123,
            -0.68685285,
            -0.44566197,
            1.22408180,
            0.35981383,
            0.40077145,
            0.11068272,
            -0.55584113,
            1.78691314,
            0.49785048,
            -1.96661716,
            0.70135590,
            -0.47279141,
        ];
        let near = |a: f64, b: f64| assert!((a - b).abs() < 5e-6, "{a} vs {b}");
        let r1 = xmr_limits(&y).unwrap();
        near(r1.mean, 0.1416238);
        near(r1.lower, -3.01138);
        near(r1.upper, 3.294627);
        assert_eq!(r1.excluded_ranges, 0);
        y[14] = 10.0;
        let r2 = xmr_limits(&y).unwrap();
        near(r2.mean, 0.6694159);
        near(r2.lower, -2.383666);
        near(r2.upper, 3.722497);
        assert_eq!((r2.moving_ranges.name(), r2.excluded_ranges), ("screened_outliers", 2));
        let r3 = xmr_limits_with(&y, MovingRanges::All).unwrap();
        near(r3.lower, -4.596625);
        near(r3.upper, 5.935457);
        assert_eq!((r3.moving_ranges.name(), r3.excluded_ranges), ("all_moving_ranges", 0));
        let s = analyse(&y, Polarity::HigherIsBetter, None, None).unwrap();
        assert_eq!(s.limits, r2);
    }

    // The demo bundle's flat series: 42 values of 65.21739130434783, whose summed
    // mean is 1.4e-14 higher. Every value is on the mean: common cause, no flags.
    #[test]
    fn a_flat_series_is_common_cause() {
        let x = 65.21739130434783;
        let y = [x; 42];
        assert_ne!(y.iter().sum::<f64>() / 42.0, x, "the summed mean is off by rounding");
        for p in [Polarity::HigherIsBetter, Polarity::LowerIsBetter, Polarity::Neither] {
            let s = analyse(&y, p, None, None).unwrap();
            assert_eq!(s.limits.mr_bar, 0.0);
            assert!(s.flags.iter().all(|f| !f.any()), "{:?}", s.flags.iter().position(|f| f.any()));
            assert!(s.points.iter().all(|&t| t == PointType::CommonCause));
            assert_eq!(s.variation, Variation::CommonCause);
        }
    }

    // A value on the mean breaks a run: three below, one on the mean (the mean of
    // the series is x exactly, the float sum 1.4e-14 more), three below → no shift.
    #[test]
    fn a_point_on_the_mean_is_on_neither_side() {
        let x = 65.21739130434783;
        let y = [x - 1.0, x - 1.0, x - 1.0, x, x - 1.0, x - 1.0, x - 1.0, x + 1.0, x + 1.0, x + 1.0, x + 1.0, x + 1.0, x + 1.0];
        let s = analyse(&y, Polarity::HigherIsBetter, None, None).unwrap();
        assert!(flagged(&s, |f| f.shift).is_empty());
        assert!(!s.flags[3].any(), "the point on the mean is beyond nothing");
    }

    // Hand-checked with numpy: mean 10.21875, limits 8.00–12.44;
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

    // 1..=7: mean 4, mR̄ 1, limits 1.34–6.66, 2σ lines 4 ∓ 1.7733 (hand arithmetic).
    // 1 and 7 are beyond the limits, so they are not "close to a limit": 2 and 6 are
    // each alone in their windows, and no 2-of-3 fires (ptd_two_in_three).
    #[test]
    fn seven_rising_points_are_a_trend_and_limits_set_assurance() {
        let y = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0];
        let s = analyse(&y, Polarity::HigherIsBetter, Some(8.0), None).unwrap();
        assert_eq!(flagged(&s, |f| f.trend), (0..7).collect::<Vec<_>>());
        assert_eq!(flagged(&s, |f| f.beyond_limit), [0, 6]);
        assert!(flagged(&s, |f| f.two_of_three).is_empty());
        use PointType::*;
        // 1 is below the lower limit: its side wins. 2 and 3 are below the mean but part of a
        // rising trend, which outranks their side (ptd_special_cause_type's order).
        assert_eq!(s.points, [Concern, Improvement, Improvement, Improvement, Improvement, Improvement, Improvement]);
        assert_eq!(s.variation, Variation::SpecialCauseImproving);
        assert_eq!(s.assurance, Some(Assurance::ConsistentlyFailing));
        let a = |t, p| analyse(&y, p, Some(t), None).unwrap().assurance;
        assert_eq!(a(0.5, Polarity::HigherIsBetter), Some(Assurance::ConsistentlyPassing));
        assert_eq!(a(8.0, Polarity::LowerIsBetter), Some(Assurance::ConsistentlyPassing));
        assert_eq!(a(5.0, Polarity::LowerIsBetter), Some(Assurance::HitAndMiss));
        assert_eq!(a(5.0, Polarity::Neither), None);
        assert!(flagged(&analyse(&y[..6], Polarity::Neither, None, None).unwrap(), |f| f.trend).is_empty());
    }

    // NHSRplotthedots test-ptd_spc_standard.R, "it only reports special cause for 2of3
    // points close to limits when they are on the same side of the mean": 1, −1 eight
    // times, then points 15 and 16 set to 5.5 and −5.5 → both common cause.
    #[test]
    fn two_close_points_on_opposite_sides_are_common_cause() {
        let mut y: Vec<f64> = (0..16).map(|i| if i % 2 == 0 { 1.0 } else { -1.0 }).collect();
        y[14] = 5.5;
        y[15] = -5.5;
        let s = analyse(&y, Polarity::HigherIsBetter, None, None).unwrap();
        assert_eq!(s.points[14..], [PointType::CommonCause, PointType::CommonCause]);
    }

    // Baseline of 10 points: mean 10.0, mR̄ 0.4333, limits 8.8473–11.1527, 2σ lines
    // 9.2316–10.7684. 10.9, 9.95, 10.9: two above the 2σ line but the middle point is
    // below the mean → not 2 of 3. 11.5, 10.8: 11.5 is beyond the limit, so 10.8 is
    // alone → only 11.5 flagged. 10.85, 10.1, 10.9: all above the mean, two close → 2 of 3.
    #[test]
    fn two_of_three_counts_only_points_between_two_and_three_sigma_on_one_side() {
        let y = [10.0, 10.4, 9.6, 10.2, 9.8, 10.0, 10.3, 9.7, 10.1, 9.9, 10.9, 9.95, 10.9, 10.2, 11.5, 10.8, 10.1, 9.8, 10.85, 10.1, 10.9];
        let s = analyse(&y, Polarity::HigherIsBetter, None, Some(10)).unwrap();
        assert!((s.limits.upper_2sigma - 10.768444444444444).abs() < 1e-9);
        assert_eq!(flagged(&s, |f| f.beyond_limit), [14]);
        assert_eq!(flagged(&s, |f| f.two_of_three), [18, 20]);
        assert_eq!(flagged(&s, |f| f.any()), [14, 18, 20]);
        assert_eq!(s.points[18], PointType::Improvement);
        let neither = analyse(&y, Polarity::Neither, None, Some(10)).unwrap();
        assert_eq!(neither.points[20], PointType::NeitherHigh);
        assert_eq!(neither.variation, Variation::SpecialCauseNeither);
    }

    // Limits frozen on 10 noisy points around 10 (mean 10.33, mR̄ 1.067), then seven
    // points rising 9.0 … 9.6: a shift below the mean and a rising trend at once. The
    // trend outranks the shift (ptd_special_cause_type), so higher-is-better → improvement.
    #[test]
    fn a_point_in_a_shift_and_a_trend_takes_the_trends_direction() {
        let y = [10.0, 11.0, 9.5, 10.5, 11.2, 9.8, 10.6, 9.4, 10.9, 10.4, 9.0, 9.1, 9.2, 9.3, 9.4, 9.5, 9.6];
        let s = analyse(&y, Polarity::HigherIsBetter, None, Some(10)).unwrap();
        assert_eq!(flagged(&s, |f| f.shift), (10..17).collect::<Vec<_>>());
        assert_eq!(flagged(&s, |f| f.trend), (10..17).collect::<Vec<_>>());
        assert_eq!(flagged(&s, |f| f.any()), (10..17).collect::<Vec<_>>());
        assert!(s.points[10..].iter().all(|&p| p == PointType::Improvement), "{:?}", s.points);
        assert_eq!(s.variation, Variation::SpecialCauseImproving);
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
