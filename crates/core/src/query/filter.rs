//! Filtering: the rows of one indicator for a set of organisations, a range of
//! periods and a choice of breakdowns, read through the dataset's index
//! (periods are ranges of the sorted index, organisations binary searches
//! inside them), plus the few slices every view builds on: one organisation's
//! series, every organisation of a type in one period, the latest period.

use super::Figure;
use crate::bundle::BreakdownKey;
use crate::table::{Dataset, Entry, Period};
use serde::Serialize;

/// Which rows of an indicator to return. `None` in a field means "all".
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub indicator: String,
    /// Organisation codes.
    pub orgs: Option<Vec<String>>,
    /// Earliest period start to include, days since 1970-01-01.
    pub from: Option<i32>,
    /// Latest period start to include.
    pub to: Option<i32>,
    /// The combinations of dimensions to include, each the exact set of
    /// dimension ids a row cuts (an empty set: the whole population).
    pub breakdowns: Option<Vec<Vec<String>>>,
}

/// One value row, self-describing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    pub indicator: String,
    pub org: String,
    pub period: String,
    pub period_start: i32,
    pub period_end: i32,
    /// The categories the row is cut by (empty: the whole population).
    pub breakdown: BreakdownKey,
    #[serde(flatten)]
    pub figure: Figure,
}

/// The rows `f` selects, by period, then organisation, then breakdown.
/// Empty when the indicator is unknown or not loaded.
pub fn filter(ds: &Dataset, f: &Filter) -> Vec<Record> {
    let Some(ix) = ds.index(&f.indicator) else {
        return Vec::new();
    };
    let mut orgs: Option<Vec<u32>> = f.orgs.as_ref().map(|codes| codes.iter().filter_map(|c| ds.org_id(c)).collect());
    if let Some(o) = orgs.as_mut() {
        o.sort_unstable();
        o.dedup();
    }
    let keep = |e: &Entry| {
        f.breakdowns.as_ref().is_none_or(|combos| {
            let key = ds.key(e.key);
            combos.iter().any(|c| key.cuts_exactly(&c.iter().map(String::as_str).collect::<Vec<_>>()))
        })
    };
    let mut out = Vec::new();
    for p in period_ids(ds, &f.indicator, f.from, f.to) {
        let Some(period) = ix.periods.get(p as usize) else { continue };
        let mut push = |e: &Entry| {
            if keep(e) {
                out.push(record(ds, &f.indicator, period, e));
            }
        };
        match &orgs {
            Some(list) => list.iter().flat_map(|&o| ix.cell(p, o)).for_each(&mut push),
            None => ix.period_rows(p).iter().for_each(&mut push),
        }
    }
    out
}

pub(crate) fn record(ds: &Dataset, indicator: &str, period: &Period, e: &Entry) -> Record {
    Record {
        indicator: indicator.to_string(),
        org: ds.org_code(e.org).to_string(),
        period: period.label.clone(),
        period_start: period.start,
        period_end: period.end,
        breakdown: ds.key(e.key).clone(),
        figure: ds.figure(e),
    }
}

/// Ids of the indicator's periods whose start lies in `from..=to`.
pub(crate) fn period_ids(ds: &Dataset, indicator: &str, from: Option<i32>, to: Option<i32>) -> Vec<u32> {
    ds.periods(indicator)
        .iter()
        .enumerate()
        .filter(|(_, p)| from.is_none_or(|f| p.start >= f) && to.is_none_or(|t| p.start <= t))
        .map(|(i, _)| i as u32)
        .collect()
}

/// The indicator's period labelled `label`, else its latest.
pub(crate) fn period_or_latest(ds: &Dataset, indicator: &str, label: Option<&str>) -> Option<u32> {
    let ix = ds.index(indicator)?;
    label.and_then(|l| ix.period_id(l)).or_else(|| ix.periods.len().checked_sub(1).map(|p| p as u32))
}

/// The whole-population figure of one organisation in one period.
pub(crate) fn headline(ds: &Dataset, indicator: &str, org: u32, period: u32) -> Option<Figure> {
    let ix = ds.index(indicator)?;
    ix.headline(period, org).map(|e| ds.figure(e))
}

/// One organisation's series for a breakdown group, in period order, every
/// period of the range included (no data as an empty figure).
pub(crate) fn series(ds: &Dataset, indicator: &str, org: u32, key: &BreakdownKey, from: Option<i32>, to: Option<i32>) -> Vec<(Period, Figure)> {
    let Some(ix) = ds.index(indicator) else {
        return Vec::new();
    };
    let key = ds.key_id(key);
    period_ids(ds, indicator, from, to)
        .into_iter()
        .filter_map(|p| {
            let fig = key.and_then(|k| ix.find(p, org, k)).map(|e| ds.figure(e)).unwrap_or_default();
            Some((ix.periods.get(p as usize)?.clone(), fig))
        })
        .collect()
}

/// Whole-population figures of every organisation of `org_type` in one
/// period (organisations without a row are left out), in dataset order.
pub(crate) fn of_type(ds: &Dataset, indicator: &str, period: u32, org_type: &str) -> Vec<(u32, Figure)> {
    let Some(ix) = ds.index(indicator) else {
        return Vec::new();
    };
    ix.period_rows(period).iter().filter(|e| e.key == 0 && ds.org_at(e.org).is_some_and(|o| o.org_type == org_type)).map(|e| (e.org, ds.figure(e))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::days_from_civil;
    use crate::table::fixture;

    #[test]
    fn filters_by_org_period_and_breakdown() {
        let ds = fixture::dataset();
        let f = Filter {
            indicator: "obesity".into(),
            orgs: Some(vec!["P1".into(), "P2".into(), "nope".into()]),
            from: Some(days_from_civil(2022, 1, 1)),
            to: None,
            breakdowns: Some(vec![vec![]]),
        };
        let rows = filter(&ds, &f);
        let got: Vec<(&str, &str, Option<f64>)> = rows.iter().map(|r| (r.period.as_str(), r.org.as_str(), r.figure.value)).collect();
        assert_eq!(got, vec![("2022", "P1", Some(26.6)), ("2022", "P2", Some(24.0)), ("2023", "P1", Some(25.5)), ("2023", "P2", Some(24.0))]);
        // Every breakdown of P1 in 2023: 1 + 10 deciles + 5 quintiles + 5 ethnic
        // groups + 10 ethnicity × quintile + 6 sex × age.
        let p1_2023 = Filter { indicator: "obesity".into(), orgs: Some(vec!["P1".into()]), from: Some(days_from_civil(2023, 1, 1)), ..Filter::default() };
        let all = filter(&ds, &p1_2023);
        assert_eq!(all.len(), 37);
        assert!(all[0].breakdown.is_whole());
        let crossed = filter(&ds, &Filter { breakdowns: Some(vec![vec!["sex".into(), "age".into()]]), ..p1_2023 });
        assert_eq!(crossed.len(), 6);
        assert!(crossed.iter().all(|r| r.breakdown.cuts_exactly(&["age", "sex"])));
        assert!(filter(&ds, &Filter { indicator: "x".into(), ..Filter::default() }).is_empty());
    }

    #[test]
    fn slices_views_build_on() {
        let ds = fixture::dataset();
        let p = period_or_latest(&ds, "ae", None).unwrap();
        assert_eq!(ds.periods("ae")[p as usize].label, "Mar 2024");
        assert_eq!(period_or_latest(&ds, "ae", Some("Apr 2023")), Some(0));
        assert_eq!(period_or_latest(&ds, "ae", Some("never")), Some(p));
        let icbs: Vec<(&str, Option<f64>)> = of_type(&ds, "ae", p, "icb").into_iter().map(|(o, f)| (ds.org_code(o), f.value)).collect();
        // I1 = (800 + 1500) / (1000 + 2000) = 76.67%; I2 = 80%; I3 = 3000 / 4000 = 75%.
        assert_eq!(icbs.len(), 3);
        assert!((icbs[0].1.unwrap() - 2300.0 / 30.0).abs() < 1e-9 && icbs[1].1 == Some(80.0) && icbs[2].1 == Some(75.0));
        let s = series(&ds, "ae", ds.org_id("P1").unwrap(), &BreakdownKey::whole(), None, None);
        assert_eq!(s.len(), 12);
        assert_eq!((s[0].0.label.as_str(), s[0].1.value), ("Apr 2023", Some(74.5)));
    }
}
