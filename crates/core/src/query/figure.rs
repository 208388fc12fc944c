//! The small serialisable values every query returns: a [`Figure`] (a value
//! with its limits and counts, any of which may be missing — "no data" is a
//! value, not an error), an organisation reference, and [`Compared`], the
//! outcome of a benchmark comparison as the app and the JSON name it.

use crate::bundle::{Indicator, Organisation};
use crate::stats::benchmark::Comparison;
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
    /// numerator over its denominator (`aggregatable`) — limits computed from
    /// the counts by the value type's method (`stats::ci::limits_for`).
    pub fn limits_or_computed(&self, ind: &Indicator, level: Level) -> Option<Limits> {
        self.limits(level).or_else(|| {
            if !ind.aggregatable || self.value.is_none() {
                return None;
            }
            limits_for(ind.value_type, ind.multiplier, self.numerator?, self.denominator.unwrap_or(f64::NAN), level)
        })
    }
}

/// An organisation as results name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrgRef {
    pub code: String,
    pub name: String,
    #[serde(rename = "type")]
    pub org_type: String,
}

impl OrgRef {
    pub(crate) fn of(o: &Organisation) -> OrgRef {
        OrgRef { code: o.code.clone(), name: o.name.clone(), org_type: o.org_type.clone() }
    }

    /// For a code the manifest does not list: the code stands for the name.
    pub(crate) fn code_only(code: &str) -> OrgRef {
        OrgRef { code: code.to_string(), name: code.to_string(), org_type: String::new() }
    }
}

/// The outcome of comparing a value with a benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Compared {
    Better,
    Similar,
    Worse,
    Higher,
    Lower,
    NotCompared,
}

impl From<Comparison> for Compared {
    fn from(c: Comparison) -> Compared {
        match c {
            Comparison::Better => Compared::Better,
            Comparison::Similar => Compared::Similar,
            Comparison::Worse => Compared::Worse,
            Comparison::Higher => Compared::Higher,
            Comparison::Lower => Compared::Lower,
            Comparison::NotCompared => Compared::NotCompared,
        }
    }
}

impl From<Compared> for Comparison {
    fn from(c: Compared) -> Comparison {
        match c {
            Compared::Better => Comparison::Better,
            Compared::Similar => Comparison::Similar,
            Compared::Worse => Comparison::Worse,
            Compared::Higher => Comparison::Higher,
            Compared::Lower => Comparison::Lower,
            Compared::NotCompared => Comparison::NotCompared,
        }
    }
}

impl Compared {
    /// The id used in JSON and CSV (`better`, `not_compared` …).
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
    }

    #[test]
    fn comparisons_serialise_as_their_ids() {
        assert_eq!(serde_json::to_value(Compared::NotCompared).unwrap(), "not_compared");
        assert_eq!(Compared::from(Comparison::from(Compared::Worse)).id(), "worse");
    }
}
