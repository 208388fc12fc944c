//! The trend view: the organisation's series as an XmR chart (mean, limits,
//! special-cause flags, target, verdicts and recent trend, from
//! `query::trend`) with the benchmark's series alongside — England's or the
//! parent's published values (the parent's rolled up where it publishes
//! none), or the peer median — and, when a breakdown is chosen, one series
//! per group of it.

use super::Ctx;
use crate::bundle::{BreakdownKey, DimensionKind, Indicator};
use crate::query::{analyse_series, comparator_for, comparator_value, org_figures, period_ids, Basis, Figure, Trend};
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
    /// One basis for the whole series: England's or the parent's published
    /// rows, or its members' counts rolled up (None for the peer median).
    pub basis: Option<Basis>,
    /// The organisation type summed when rolled up.
    pub member_type: Option<String>,
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
    /// The dimension id.
    pub breakdown: String,
    /// What the dimension is: `ethnicity`, `deprivation_decile`,
    /// `deprivation_quintile`, `sex`, `age` or `other` (how charts name a group).
    pub kind: &'static str,
    pub group: String,
    pub points: Vec<GroupPoint>,
}

/// The trend figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendView {
    #[serde(flatten)]
    pub trend: Trend,
    /// For England without published rows: its series rolled up from its
    /// members, or why there is none (see `own`).
    pub own: Option<super::OwnBasis>,
    pub benchmark: BenchSeries,
    pub groups: Vec<GroupSeries>,
}

/// The dimensions `b` names for `ind`: its dimension of that kind (for
/// deprivation, the quintiles when the organisation has them, else the deciles).
fn dimensions(c: &Ctx, ind: &Indicator, b: Breakdown) -> Vec<String> {
    let of = |kind, q| crate::query::dimension_for(c.ds, ind, kind, q).map(|d| d.id.clone());
    match b {
        Breakdown::Ethnicity => of(DimensionKind::Ethnicity, None).into_iter().collect(),
        Breakdown::Deprivation => [of(DimensionKind::Deprivation, Some(5)), of(DimensionKind::Deprivation, Some(10))].into_iter().flatten().collect(),
        Breakdown::Sex => of(DimensionKind::Sex, None).into_iter().collect(),
        Breakdown::Age => of(DimensionKind::Age, None).into_iter().collect(),
    }
}

fn groups(c: &Ctx, ind: &Indicator, b: Breakdown) -> Vec<GroupSeries> {
    let Some(ix) = c.ds.index(&ind.id) else {
        return Vec::new();
    };
    // One deprivation scheme per chart: five quintile lines when the
    // organisation has them, else the ten deciles (fifteen lines together
    // cannot be read; the table view keeps both).
    for dim in dimensions(c, ind, b) {
        let rank = crate::query::rank_of(c.ds, &dim);
        let mut seen: Vec<(usize, u32, String)> = Vec::new();
        for p in period_ids(c.ds, &ind.id, c.from, c.to) {
            for e in ix.cell(p, c.org) {
                let key = c.ds.key(e.key);
                if key.cuts_exactly(&[dim.as_str()]) && !seen.iter().any(|(_, k, _)| *k == e.key) {
                    let name = key.category(&dim).unwrap_or_default().to_string();
                    seen.push((rank(&name), e.key, name));
                }
            }
        }
        if seen.is_empty() {
            continue;
        }
        seen.sort();
        let kind = c.ds.manifest().dimension(&dim).map_or("other", crate::bundle::Dimension::kind_name);
        return seen
            .into_iter()
            .map(|(_, _, name)| {
                let key = BreakdownKey::one(&dim, &name);
                let points =
                    org_figures(c.ds, &ind.id, c.org, &key, c.from, c.to).into_iter().map(|(p, figure)| GroupPoint { period: p.label, figure }).collect();
                GroupSeries { breakdown: dim.clone(), kind, group: name, points }
            })
            .collect();
    }
    Vec::new()
}

pub(super) fn trend(c: &Ctx, ind: &Indicator) -> TrendView {
    let series = c.own_series(ind);
    let cmp = comparator_for(c.ds, ind, c.org, c.s.bench);
    let points = period_ids(c.ds, &ind.id, c.from, c.to)
        .into_iter()
        .map(|p| BenchPoint { period: c.label(&ind.id, Some(p)).unwrap_or_default(), value: comparator_value(c.ds, ind, &cmp, c.org, p, &c.peers) })
        .collect();
    TrendView {
        trend: analyse_series(ind, series),
        own: c.own_basis(ind, c.period_of(&ind.id)),
        benchmark: BenchSeries { bench: c.s.bench, comparator: cmp.name.clone(), basis: cmp.basis(), member_type: cmp.member_type(), points },
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
        let groups: Vec<(&str, &str)> = t.groups.iter().map(|g| (g.breakdown.as_str(), g.group.as_str())).collect();
        assert_eq!(groups, ["1", "2", "3", "4", "5"].map(|q| ("deprivation_quintile", q)));
        assert_eq!(t.groups[0].points.len(), 5);
        assert!(t.groups[0].points[0].figure.is_empty(), "no quintile data in 2019");
    }

    // Issue 19 point 7. NHS England publishes A&E by trust from April 2021 and by ICB from
    // April 2022, and no region rows: a region summed its trusts in one year and its ICBs
    // in the next, and its series stepped (median +1.8 percentage points), because the ICB
    // file also counts attendances the trust file does not. Here the fixture's ICB rows
    // start in Oct 2023 (month 6) and each carries 300 more attendances, all within 4
    // hours (3 × 300 = 900 more over R1's ICBs); R1 and England publish nothing. R1 is
    // rolled up from its providers, the one type with counts in all 12 months, so its
    // series rises by the providers' 3 × 5 = 15 a month over 4 500 every month, with no
    // step at Oct 2023 (summing the ICBs there gives 4 025 / 5 100 = 78.9% against the
    // providers' 3 425 / 4 500 = 76.1%: a 2.8-point step).
    #[test]
    fn a_parent_series_keeps_one_member_basis() {
        use crate::bundle::ValuesTable;
        use crate::query::Basis;
        use crate::table::{fixture, Dataset};
        use crate::view::{compute, parse_query, resolve};
        let ds = fixture::dataset();
        let icb_from = ds.periods("ae")[6].start;
        let rows: Vec<_> = fixture::rows()
            .into_iter()
            .filter(|r| r.indicator == "ae" && !["E92000001", "R1", "R2"].contains(&r.org.as_str()))
            .filter(|r| !r.org.starts_with('I') || r.period_start >= icb_from)
            .map(|mut r| {
                if r.org.starts_with('I') {
                    let (n, d) = (r.numerator.unwrap() + 300.0, r.denominator.unwrap() + 300.0);
                    (r.numerator, r.denominator, r.value) = (Some(n), Some(d), Some(n / d * 100.0));
                }
                r
            })
            .collect();
        let mut ds = Dataset::new(fixture::manifest());
        ds.add_partition("values/ae.parquet", ValuesTable::from_rows(&rows));
        let (s, _) = resolve(parse_query("view=trend&org=I1&ind=ae&bench=parent"), ds.manifest());
        let Figures::Trend(t) = compute(&ds, &s).figures else { panic!("not a trend") };
        assert_eq!((t.benchmark.basis, t.benchmark.member_type.as_deref()), (Some(Basis::RolledUp), Some("provider")));
        let v: Vec<f64> = t.benchmark.points.iter().map(|p| p.value.unwrap()).collect();
        assert_eq!(v.len(), 12);
        // Mar 2024: (800 + 1500 + 1200) / 4500.
        assert!((v[11] - 3500.0 / 45.0).abs() < 1e-9, "{v:?}");
        for w in v.windows(2) {
            assert!((w[1] - w[0] - 15.0 / 45.0).abs() < 1e-9, "a step in R1's series: {v:?}");
        }
        // England is summed from providers too: regions have no rows, providers cover 12
        // months and ICBs 6.
        let (s, _) = resolve(parse_query("view=trend&org=I1&ind=ae"), ds.manifest());
        let Figures::Trend(t) = compute(&ds, &s).figures else { panic!("not a trend") };
        assert_eq!((t.benchmark.basis, t.benchmark.member_type.as_deref()), (Some(Basis::RolledUp), Some("provider")));
        assert!((t.benchmark.points[11].value.unwrap() - 6500.0 / 85.0).abs() < 1e-9);
        // The parent's own rows, where it has any, are its series: I1's published rows from
        // Oct 2023 for P1, and no roll-up spliced in before them.
        let (s, _) = resolve(parse_query("view=trend&org=P1&ind=ae&bench=parent"), ds.manifest());
        let Figures::Trend(t) = compute(&ds, &s).figures else { panic!("not a trend") };
        assert_eq!(t.benchmark.basis, Some(Basis::Published));
        assert!(t.benchmark.points[..6].iter().all(|p| p.value.is_none()));
        assert!((t.benchmark.points[11].value.unwrap() - 2600.0 / 33.0).abs() < 1e-9);
    }

    #[test]
    fn deprivation_without_quintiles_draws_the_ten_deciles_in_order() {
        use crate::bundle::ValuesTable;
        use crate::table::{fixture, Dataset};
        use crate::view::{compute, parse_query, resolve};
        let mut ds = Dataset::new(fixture::manifest());
        let rows: Vec<_> = fixture::rows().into_iter().filter(|r| r.indicator == "obesity" && r.breakdown.category("deprivation_quintile").is_none()).collect();
        ds.add_partition("values/obesity.parquet", ValuesTable::from_rows(&rows));
        let (s, _) = resolve(parse_query("view=trend&org=P1&ind=obesity&breakdown=deprivation"), ds.manifest());
        let Figures::Trend(t) = compute(&ds, &s).figures else { panic!("not a trend") };
        let groups: Vec<&str> = t.groups.iter().map(|g| g.group.as_str()).collect();
        assert_eq!(groups, ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
        assert!(t.groups.iter().all(|g| g.breakdown == "deprivation_decile"));
    }
}
