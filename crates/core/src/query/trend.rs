//! Trend of one organisation's indicator: the series with its XmR chart
//! (`stats::spc`: mean, process limits, the Making Data Count special-cause
//! flags, variation and assurance verdicts against the indicator's target)
//! and the recent-trend test over the latest five points (`stats::trend`).
//!
//! Periods without a value stay in the series as "no data"; the XmR analysis
//! runs over the points that have one, in order.

use super::filter::series;
use super::Figure;
use crate::bundle::{Indicator, ValueType};
use crate::stats::spc::{analyse, Assurance, Flags, PointType, Variation};
pub use crate::stats::trend::RecentTrend;
use crate::stats::trend::{recent_trend, TrendPoint as StatPoint};
use crate::table::{Dataset, Period};
use serde::Serialize;

/// Which Making Data Count rules flag a point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SpecialCause {
    pub beyond_limit: bool,
    pub shift: bool,
    pub trend: bool,
    pub two_of_three: bool,
}

impl From<Flags> for SpecialCause {
    fn from(f: Flags) -> SpecialCause {
        SpecialCause { beyond_limit: f.beyond_limit, shift: f.shift, trend: f.trend, two_of_three: f.two_of_three }
    }
}

/// One period of the series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendPoint {
    pub period: String,
    pub start: i32,
    #[serde(flatten)]
    pub figure: Figure,
    /// `common_cause`, `improvement`, `concern`, `neither_high`, `neither_low`; None without a value or analysis.
    pub point_type: Option<&'static str>,
    pub special_cause: Option<SpecialCause>,
}

/// The XmR chart's lines and verdicts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpcSummary {
    pub mean: f64,
    pub mr_bar: f64,
    /// How mR̄ was computed: `screened_outliers` (NHSRplotthedots' default: moving
    /// ranges of 3.267·mR̄ or more left out) or `all_moving_ranges`.
    pub moving_ranges: &'static str,
    /// Moving ranges the screening left out.
    pub excluded_ranges: usize,
    pub lower: f64,
    pub upper: f64,
    pub lower_2sigma: f64,
    pub upper_2sigma: f64,
    /// `common_cause`, `special_cause_improving`, `special_cause_concerning` or `special_cause_neither`.
    pub variation: &'static str,
    /// `consistently_passing`, `consistently_failing` or `hit_and_miss`; None without a target.
    pub assurance: Option<&'static str>,
    pub points: usize,
}

/// A series with its SPC analysis and recent trend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    pub points: Vec<TrendPoint>,
    pub target: Option<f64>,
    pub spc: Option<SpcSummary>,
    pub recent: Option<RecentTrend>,
}

fn point_type(p: PointType) -> &'static str {
    match p {
        PointType::CommonCause => "common_cause",
        PointType::Improvement => "improvement",
        PointType::Concern => "concern",
        PointType::NeitherHigh => "neither_high",
        PointType::NeitherLow => "neither_low",
    }
}

fn variation(v: Variation) -> &'static str {
    match v {
        Variation::CommonCause => "common_cause",
        Variation::SpecialCauseImproving => "special_cause_improving",
        Variation::SpecialCauseConcerning => "special_cause_concerning",
        Variation::SpecialCauseNeither => "special_cause_neither",
    }
}

fn assurance(a: Assurance) -> &'static str {
    match a {
        Assurance::ConsistentlyPassing => "consistently_passing",
        Assurance::ConsistentlyFailing => "consistently_failing",
        Assurance::HitAndMiss => "hit_and_miss",
    }
}

/// Analyses a series already read (oldest first).
pub(crate) fn analyse_series(ind: &Indicator, series: Vec<(Period, Figure)>) -> Trend {
    let mut points: Vec<TrendPoint> =
        series.into_iter().map(|(p, figure)| TrendPoint { period: p.label, start: p.start, figure, point_type: None, special_cause: None }).collect();
    let with_value: Vec<usize> = points.iter().enumerate().filter(|(_, p)| p.figure.value.is_some()).map(|(i, _)| i).collect();
    let values: Vec<f64> = points.iter().filter_map(|p| p.figure.value).collect();
    let spc = analyse(&values, ind.polarity, ind.target, None);
    if let Some(s) = &spc {
        for ((&i, &kind), &flag) in with_value.iter().zip(&s.points).zip(&s.flags) {
            if let Some(point) = points.get_mut(i) {
                point.point_type = Some(point_type(kind));
                point.special_cause = Some(flag.into());
            }
        }
    }
    // Every period, empty ones included: a gap among the latest five means no recent trend.
    let trend_points: Vec<Option<StatPoint>> = points
        .iter()
        .map(|p| {
            Some(StatPoint {
                value: p.figure.value?,
                lower95: p.figure.lower_95.unwrap_or(f64::NAN),
                upper95: p.figure.upper_95.unwrap_or(f64::NAN),
                counts: p.figure.numerator.zip(p.figure.denominator),
            })
        })
        .collect();
    let recent = recent_trend(&trend_points, ind.polarity, ind.value_type == ValueType::Proportion);
    Trend {
        points,
        target: ind.target,
        spc: spc.map(|s| SpcSummary {
            mean: s.limits.mean,
            mr_bar: s.limits.mr_bar,
            moving_ranges: s.limits.moving_ranges.name(),
            excluded_ranges: s.limits.excluded_ranges,
            lower: s.limits.lower,
            upper: s.limits.upper,
            lower_2sigma: s.limits.lower_2sigma,
            upper_2sigma: s.limits.upper_2sigma,
            variation: variation(s.variation),
            assurance: s.assurance.map(assurance),
            points: values.len(),
        }),
        recent,
    }
}

/// The trend of `indicator` for `org` over period starts in `from..=to`.
/// None when the indicator is not loaded or the organisation unknown.
pub fn trend(ds: &Dataset, indicator: &str, org: &str, from: Option<i32>, to: Option<i32>) -> Option<Trend> {
    let ind = ds.manifest().indicator(indicator)?;
    ds.index(indicator)?;
    let o = ds.org_id(org)?;
    Some(analyse_series(ind, series(ds, indicator, o, &crate::bundle::BreakdownKey::whole(), from, to)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::trend::Direction;
    use crate::table::fixture;

    // P1 ae rises by 0.5 points every month, 74.5 … 80.0: mean 77.25, mR̄ 0.5, limits
    // 77.25 ± 2.66 × 0.5 = 75.92 … 78.58. Eleven rises in a row are a trend; the last
    // point is above the upper limit, higher is better → special cause improving. The
    // target, 95, is above the upper limit → consistently failing.
    #[test]
    fn xmr_on_a_steady_rise() {
        let ds = fixture::dataset();
        let t = trend(&ds, "ae", "P1", None, None).unwrap();
        let s = t.spc.as_ref().unwrap();
        assert!((s.mean - 77.25).abs() < 1e-9 && (s.mr_bar - 0.5).abs() < 1e-9);
        assert!((s.upper - 78.58).abs() < 1e-9 && (s.lower - 75.92).abs() < 1e-9);
        assert_eq!((s.moving_ranges, s.excluded_ranges), ("screened_outliers", 0));
        assert_eq!((s.variation, s.assurance), ("special_cause_improving", Some("consistently_failing")));
        assert_eq!(t.target, Some(95.0));
        let last = t.points.last().unwrap();
        assert_eq!((last.period.as_str(), last.point_type), ("Mar 2024", Some("improvement")));
        assert!(last.special_cause.unwrap().beyond_limit && last.special_cause.unwrap().trend);
        assert_eq!(t.points[0].point_type, Some("concern"), "the first point is below the lower limit");
    }

    #[test]
    fn ranges_and_missing_values() {
        let ds = fixture::dataset();
        let from = ds.period("ae", "Oct 2023").unwrap().start;
        let t = trend(&ds, "ae", "P1", Some(from), None).unwrap();
        assert_eq!(t.points.len(), 6);
        assert_eq!(t.points[0].period, "Oct 2023");
        // An organisation without values has its periods, each with no data, and no analysis.
        let t = trend(&ds, "obesity", "I1", None, None).unwrap();
        assert_eq!(t.points.len(), 5);
        assert!(t.points.iter().all(|p| p.figure.is_empty() && p.point_type.is_none()));
        assert!(t.spc.is_none() && t.recent.is_none());
        assert!(trend(&ds, "ae", "nope", None, None).is_none());
    }

    // P3 obesity 30.0 → 32.0 in steps of 0.5 with 95% limits about ±0.9: the
    // Fingertips test finds a significant increase, which for lower-is-better is not improving.
    #[test]
    fn recent_trend_over_five_points() {
        let ds = fixture::dataset();
        let r = trend(&ds, "obesity", "P3", None, None).unwrap().recent.unwrap();
        assert_eq!((r.direction, r.improving), (Direction::Increasing, Some(false)));
        assert_eq!(r.marker.words(), "Increasing and getting worse");
        assert!((r.slope - 0.5).abs() < 0.01);
    }
}
