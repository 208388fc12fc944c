//! [`Figure`]: a value with its confidence limits and counts, any of which may
//! be missing ("no data" is a value, not an error). Every indexed row of the
//! dataset reads out as one, and every query returns them.

use crate::bundle::Indicator;
use crate::stats::ci::{limits_for, Level, Limits};
use serde::Serialize;

/// A value with its confidence limits and counts, in display units.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Figure {
    pub value: Option<f64>,
    pub lower_95: Option<f64>,
    pub upper_95: Option<f64>,
    pub lower_998: Option<f64>,
    pub upper_998: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// `Some(N)` when the publisher withheld this row's numbers under the
    /// bundle's small-number rule (counts below N, the manifest's
    /// `suppression`): every number above is then None, and it reads
    /// "suppressed to protect counts under N" rather than "not available".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<u32>,
}

impl Figure {
    /// True when there is no value.
    pub fn is_empty(&self) -> bool {
        self.value.is_none()
    }

    /// The published limits at `level`.
    pub fn limits(&self, level: Level) -> Option<Limits> {
        let (lower, upper) = match level {
            Level::P95 => (self.lower_95?, self.upper_95?),
            Level::P998 => (self.lower_998?, self.upper_998?),
        };
        Some(Limits { lower, upper })
    }

    /// The published limits, else — for an indicator whose value is its
    /// numerator over its denominator (`aggregatable`) and whose limits may be
    /// computed (the manifest's `compute_limits`) — limits computed from the
    /// counts by the value type's method (`stats::ci::limits_for`).
    pub fn limits_or_computed(&self, ind: &Indicator, level: Level) -> Option<Limits> {
        self.limits(level).or_else(|| {
            if !ind.aggregatable || !ind.compute_limits || self.value.is_none() {
                return None;
            }
            limits_for(ind.value_type, ind.multiplier, self.numerator?, self.denominator.unwrap_or(f64::NAN), level)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::fixture;

    #[test]
    fn limits_fall_back_to_counts_only_for_aggregatable_indicators() {
        let m = fixture::manifest();
        let ae = m.indicator("ae").unwrap();
        // 81/263 as a percentage: Wilson 95% limits 25.53–36.62 (Newcombe 1998, Table II).
        let f = Figure { value: Some(81.0 / 263.0 * 100.0), numerator: Some(81.0), denominator: Some(263.0), ..Figure::default() };
        let l = f.limits_or_computed(ae, Level::P95).unwrap();
        assert!((l.lower - 25.53).abs() < 0.005 && (l.upper - 36.62).abs() < 0.005, "{l:?}");
        let mut not_agg = ae.clone();
        not_agg.aggregatable = false;
        assert_eq!(f.limits_or_computed(&not_agg, Level::P95), None);
        let published = Figure { lower_95: Some(1.0), upper_95: Some(2.0), ..f };
        assert_eq!(published.limits_or_computed(&not_agg, Level::P95), Some(Limits { lower: 1.0, upper: 2.0 }));
        // compute_limits = false (e.g. 92708, resident population): no limits are made up.
        let mut published_only = ae.clone();
        published_only.compute_limits = false;
        assert_eq!(f.limits_or_computed(&published_only, Level::P95), None);
        assert_eq!(published.limits_or_computed(&published_only, Level::P95), Some(Limits { lower: 1.0, upper: 2.0 }));
    }
}
