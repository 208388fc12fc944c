//! A time series: one organisation's values for one indicator and breakdown,
//! in period order — what a trend chart and its data table show.

use crate::bundle::{BreakdownType, ValuesTable};
use serde::Serialize;

/// One period of a series. Missing numbers are `None`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesPoint {
    pub period: String,
    /// Period start, days since 1970-01-01.
    pub start: i32,
    pub value: Option<f64>,
    pub lower_95: Option<f64>,
    pub upper_95: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
}

fn opt(x: f64) -> Option<f64> {
    if x.is_finite() {
        Some(x)
    } else {
        None
    }
}

/// The series of `indicator` for `org` cut by `breakdown` = `breakdown_value`
/// (use [`BreakdownType::None`] and `""` for the whole population), sorted by
/// period start. Empty when the table holds no such rows.
pub fn org_series(table: &ValuesTable, indicator: &str, org: &str, breakdown: BreakdownType, breakdown_value: &str) -> Vec<SeriesPoint> {
    let (Some(ind), Some(o), Some(bv)) = (table.indicator.code_of(indicator), table.org.code_of(org), table.breakdown_value.code_of(breakdown_value)) else {
        return Vec::new();
    };
    let mut out: Vec<SeriesPoint> = (0..table.len())
        .filter(|&i| table.indicator.codes[i] == ind && table.org.codes[i] == o && table.breakdown_type[i] == breakdown && table.breakdown_value.codes[i] == bv)
        .map(|i| SeriesPoint {
            period: table.period_label.get(i).to_string(),
            start: table.period_start[i],
            value: opt(table.value[i]),
            lower_95: opt(table.lower_95[i]),
            upper_95: opt(table.upper_95[i]),
            numerator: opt(table.numerator[i]),
            denominator: opt(table.denominator[i]),
        })
        .collect();
    out.sort_by_key(|p| p.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::ValueRow;

    fn row(org: &str, start: i32, bt: BreakdownType, bv: &str, value: f64) -> ValueRow {
        ValueRow {
            indicator: "a".into(),
            org: org.into(),
            period_start: start,
            period_end: start + 29,
            period_label: format!("P{start}"),
            breakdown_type: bt,
            breakdown_value: bv.into(),
            numerator: None,
            denominator: None,
            value: Some(value),
            lower_95: None,
            upper_95: None,
            lower_998: None,
            upper_998: None,
        }
    }

    #[test]
    fn picks_one_org_and_breakdown_in_period_order() {
        let t = ValuesTable::from_rows(&[
            row("X", 60, BreakdownType::None, "", 3.0),
            row("X", 0, BreakdownType::None, "", 1.0),
            row("Y", 30, BreakdownType::None, "", 9.0),
            row("X", 30, BreakdownType::Sex, "Male", 7.0),
            row("X", 30, BreakdownType::None, "", 2.0),
        ]);
        let s = org_series(&t, "a", "X", BreakdownType::None, "");
        let values: Vec<_> = s.iter().map(|p| p.value.unwrap()).collect();
        assert_eq!(values, vec![1.0, 2.0, 3.0]);
        assert_eq!(s[0].period, "P0");
        assert!(org_series(&t, "a", "Z", BreakdownType::None, "").is_empty());
        assert!(org_series(&t, "b", "X", BreakdownType::None, "").is_empty());
    }
}
