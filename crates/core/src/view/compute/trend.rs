//! The trend view: the organisation's series as an XmR chart (mean, limits,
//! special-cause flags, target, verdicts and recent trend, from
//! `query::trend`) with the benchmark's series alongside — England's or the
//! parent's published values (the parent's rolled up where it publishes
//! none), or the peer median — and, when a breakdown is chosen, one series
//! per group of it.

use super::Ctx;
use crate::bundle::{BreakdownType, Indicator};
use crate::query::{analyse_series, comparator, org_figures, period_ids, Figure, Trend};
use crate::view::{Bench, Breakdown};
use serde::Serialize;

/// One period of the benchmark series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchPoint {
    pub period: String,
    pub value: Option<f64>,
}

/// The benchmark's series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchSeries {
    pub bench: Bench,
    pub comparator: Option<String>,
    pub points: Vec<BenchPoint>,
}

/// One period of a breakdown group's series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupPoint {
    pub period: String,
    #[serde(flatten)]
    pub figure: Figure,
}

/// One breakdown group's series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupSeries {
    pub breakdown: &'static str,
    pub group: String,
    pub points: Vec<GroupPoint>,
}

/// The trend figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendView {
    #[serde(flatten)]
    pub trend: Trend,
    pub benchmark: BenchSeries,
    pub groups: Vec<GroupSeries>,
}

fn types(b: Breakdown) -> &'static [BreakdownType] {
    match b {
        Breakdown::Ethnicity => &[BreakdownType::Ethnicity],
        Breakdown::Deprivation => &[BreakdownType::DeprivationDecile, BreakdownType::DeprivationQuintile],
        Breakdown::Sex => &[BreakdownType::Sex],
        Breakdown::Age => &[BreakdownType::Age],
    }
}

fn groups(c: &Ctx, ind: &Indicator, b: Breakdown) -> Vec<GroupSeries> {
    let Some(ix) = c.ds.index(&ind.id) else {
        return Vec::new();
    };
    let mut seen: Vec<(BreakdownType, u32)> = Vec::new();
    for p in period_ids(c.ds, &ind.id, c.from, c.to) {
        for e in ix.cell(p, c.org).iter().filter(|e| types(b).contains(&e.bt)) {
            if !seen.contains(&(e.bt, e.bv)) {
                seen.push((e.bt, e.bv));
            }
        }
    }
    // One deprivation scheme per chart: five quintile lines when the
    // organisation has them, else the ten deciles (fifteen lines together
    // cannot be read; the table view keeps both).
    if seen.iter().any(|&(bt, _)| bt == BreakdownType::DeprivationQuintile) {
        seen.retain(|&(bt, _)| bt != BreakdownType::DeprivationDecile);
    }
    seen.sort_by_key(|&(bt, bv)| (bt, c.ds.bvalue(bv).parse::<u32>().unwrap_or(u32::MAX), bv));
    seen.into_iter()
        .map(|(bt, bv)| {
            let name = c.ds.bvalue(bv).to_string();
            let points =
                org_figures(c.ds, &ind.id, c.org, bt, &name, c.from, c.to).into_iter().map(|(p, figure)| GroupPoint { period: p.label, figure }).collect();
            GroupSeries { breakdown: bt.id(), group: name, points }
        })
        .collect()
}

pub(super) fn trend(c: &Ctx, ind: &Indicator) -> TrendView {
    let series = org_figures(c.ds, &ind.id, c.org, BreakdownType::None, "", c.from, c.to);
    let mut name = None;
    let points = period_ids(c.ds, &ind.id, c.from, c.to)
        .into_iter()
        .map(|p| {
            let (who, value) = comparator(c.ds, ind, c.org, p, c.s.bench, &c.peers);
            name = name.take().or(who);
            BenchPoint { period: c.label(&ind.id, Some(p)).unwrap_or_default(), value }
        })
        .collect();
    TrendView {
        trend: analyse_series(ind, series),
        benchmark: BenchSeries { bench: c.s.bench, comparator: name, points },
        groups: c.s.breakdown.map(|b| groups(c, ind, b)).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::run;
    use super::super::Figures;

    fn trend(q: &str) -> super::TrendView {
        match run(q).figures {
            Figures::Trend(t) => t,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn series_with_benchmark_and_range() {
        let t = trend("view=trend&org=P2&ind=ae&time=Jan+2024..Mar+2024");
        assert_eq!(t.trend.points.iter().map(|p| p.period.as_str()).collect::<Vec<_>>(), vec!["Jan 2024", "Feb 2024", "Mar 2024"]);
        // England in Mar 2024 = 6500/8500; two months earlier every provider had 10 fewer: 6450/8500.
        assert_eq!(t.benchmark.comparator.as_deref(), Some("England"));
        assert!((t.benchmark.points[2].value.unwrap() - 6500.0 / 85.0).abs() < 1e-9);
        assert!((t.benchmark.points[0].value.unwrap() - 6450.0 / 85.0).abs() < 1e-9);
        assert!(t.groups.is_empty());
    }

    #[test]
    fn parent_and_peer_benchmarks_and_breakdown_groups() {
        let t = trend("view=trend&org=P1&ind=beds&bench=parent");
        // I1 publishes no beds: rolled up from P1 + P2, 2022/23: (55 + 125) / 30 000 × 1000 = 6.0.
        assert_eq!(t.benchmark.comparator.as_deref(), Some("ICB One"));
        assert!((t.benchmark.points[0].value.unwrap() - 6.0).abs() < 1e-9);
        let t = trend("view=trend&org=P1&ind=obesity&bench=peers&breakdown=deprivation");
        // Peers P2 (24.0) and P5 (28.0) in 2023: median 26.0.
        assert_eq!(t.benchmark.points.last().unwrap().value, Some(26.0));
        // P1 has quintiles (2023) as well as deciles: the chart draws the five quintiles.
        let groups: Vec<(&str, &str)> = t.groups.iter().map(|g| (g.breakdown, g.group.as_str())).collect();
        assert_eq!(groups, ["1", "2", "3", "4", "5"].map(|q| ("deprivation_quintile", q)));
        assert_eq!(t.groups[0].points.len(), 5);
        assert!(t.groups[0].points[0].figure.is_empty(), "no quintile data in 2019");
    }

    #[test]
    fn deprivation_without_quintiles_draws_the_ten_deciles_in_order() {
        use crate::bundle::{BreakdownType, ValuesTable};
        use crate::table::{fixture, Dataset};
        use crate::view::{compute, parse_query, resolve};
        let mut ds = Dataset::new(fixture::manifest());
        let rows: Vec<_> = fixture::rows().into_iter().filter(|r| r.indicator == "obesity" && r.breakdown_type != BreakdownType::DeprivationQuintile).collect();
        ds.add_partition("values/obesity.parquet", ValuesTable::from_rows(&rows));
        let (s, _) = resolve(parse_query("view=trend&org=P1&ind=obesity&breakdown=deprivation"), ds.manifest());
        let Figures::Trend(t) = compute(&ds, &s).figures else { panic!("not a trend") };
        let groups: Vec<&str> = t.groups.iter().map(|g| g.group.as_str()).collect();
        assert_eq!(groups, ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
        assert!(t.groups.iter().all(|g| g.breakdown == "deprivation_decile"));
    }
}
