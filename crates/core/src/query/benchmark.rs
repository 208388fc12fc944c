//! Benchmark comparison of an organisation with England, its parent or its
//! peers, with `stats::benchmark`: the comparator's value tested against the
//! organisation's 95% and 99.8% limits, polarity-aware; where the
//! organisation has no limits, its quintile among organisations of its type.
//!
//! Comparators: England is the bundle's country-level (home) organisation;
//! the parent is the main-hierarchy parent; peers is the median of the peers'
//! values. England and the parent are read on one basis for the whole series
//! ([`super::rollup::series_basis`]): their published rows when the bundle
//! has any, else, for an aggregatable indicator, their members' counts summed
//! over one member type for every period — so a bundle with no England row
//! (NHS England's A&E files publish trusts and ICBs only) still has England to
//! compare with, and the result says it was rolled up
//! ([`Benchmarked::comparator_basis`]). An organisation is never compared with
//! itself.

use super::filter::{headline, of_type, period_or_latest};
use super::rollup::{figure_on, series_basis, Basis, SeriesBasis};
use super::{Compared, Figure, OrgRef};
use crate::bundle::Indicator;
use crate::params::{Bench, BenchMethod};
use crate::stats::benchmark::{compare, quintile_of};
use crate::stats::ci::Level;
use crate::stats::quantiles::median;
use crate::table::Dataset;
use serde::Serialize;

/// An organisation's value against a comparator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Benchmarked {
    pub bench: Bench,
    /// Who the comparator is ("England", the parent's name, "Peer median").
    pub comparator: Option<String>,
    pub comparator_value: Option<f64>,
    /// Where England's or the parent's value comes from: its published rows,
    /// or its members' counts rolled up (None for the peer median, or when
    /// there is no comparator).
    pub comparator_basis: Option<Basis>,
    /// The organisation type summed when rolled up (e.g. "trust").
    pub comparator_member_type: Option<String>,
    /// Against the organisation's 95% limits.
    pub comparison_95: Compared,
    /// Against the 99.8% limits (what domain ratings use).
    pub comparison_998: Compared,
    /// Quintile among organisations of the same type, given when the
    /// organisation has no limits, or the method is quintiles: 1 = the best
    /// fifth (Fingertips), i.e. the highest values when higher is better, else the lowest.
    pub quintile: Option<u8>,
    /// The method the link chose (`method=`), and the comparison it shows
    /// ([`by_method`]).
    pub method: BenchMethod,
    pub comparison: Compared,
}

/// The comparison a benchmark method shows (OHID Fingertips technical
/// guidance, "Benchmarking"): the comparator against the organisation's 95%
/// or 99.8% confidence interval; with quintiles, none — the organisation is
/// placed in its fifth of the distribution instead (`quintile`).
pub fn by_method(method: BenchMethod, c95: Compared, c998: Compared) -> Compared {
    match method {
        BenchMethod::Ci95 => c95,
        BenchMethod::Ci998 => c998,
        BenchMethod::Quintiles => Compared::NotCompared,
    }
}

impl Benchmarked {
    /// The comparison of a figure with comparator `c` whose value is `value`.
    pub(crate) fn new(bench: Bench, c: &Comparator, value: Option<f64>, (c95, c998, quintile): (Compared, Compared, Option<u8>)) -> Self {
        Benchmarked {
            bench,
            comparator: c.name.clone(),
            comparator_value: value,
            comparator_basis: c.basis(),
            comparator_member_type: c.member_type(),
            comparison_95: c95,
            comparison_998: c998,
            quintile,
            method: BenchMethod::Ci95,
            comparison: c95,
        }
    }

    /// This comparison shown by `method`; `quintile` gives the quintile when
    /// the method needs one and none was computed (the organisation had limits).
    pub(crate) fn with_method(mut self, method: BenchMethod, quintile: impl FnOnce() -> Option<u8>) -> Self {
        self.method = method;
        self.comparison = by_method(method, self.comparison_95, self.comparison_998);
        if method == BenchMethod::Quintiles && self.quintile.is_none() {
            self.quintile = quintile();
        }
        self
    }
}

/// Compares `figure` with `comparator` for `ind`; `same_type` gives the
/// values of organisations of the same type, read only when limits are
/// missing and a quintile is needed.
pub(crate) fn compare_figure(
    ind: &Indicator,
    figure: &Figure,
    comparator: Option<f64>,
    same_type: impl FnOnce() -> Vec<f64>,
) -> (Compared, Compared, Option<u8>) {
    let c = comparator.unwrap_or(f64::NAN);
    let l95 = figure.limits_or_computed(ind, Level::P95);
    let l998 = figure.limits_or_computed(ind, Level::P998);
    let (c95, c998) = match figure.value {
        Some(_) => (compare(l95, c, ind.polarity), compare(l998, c, ind.polarity)),
        None => (Compared::NotCompared, Compared::NotCompared),
    };
    let quintile = match (l95, figure.value) {
        (None, Some(v)) => quintile_of(v, &same_type(), ind.polarity),
        _ => None,
    };
    (c95, c998, quintile)
}

/// A comparator fixed for a whole series: who it is and the basis its
/// figures are read on, so every period of a trend uses the same one.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Comparator {
    bench: Bench,
    pub name: Option<String>,
    /// England or the parent (None for peers, or no comparator).
    target: Option<u32>,
    pub basis: Option<SeriesBasis>,
}

impl Comparator {
    pub fn basis(&self) -> Option<Basis> {
        self.basis.as_ref().map(|b| b.basis)
    }

    pub fn member_type(&self) -> Option<String> {
        self.basis.as_ref().and_then(|b| b.member_type.clone())
    }
}

/// `org`'s comparator for `ind` under `bench` (see the module docs).
pub(crate) fn comparator_for(ds: &Dataset, ind: &Indicator, org: u32, bench: Bench) -> Comparator {
    let label = |o: u32| ds.org_at(o).map(|x| x.name.clone()).unwrap_or_else(|| ds.org_code(o).to_string());
    let target = match bench {
        Bench::England => ds.manifest().home_organisation().and_then(|h| ds.org_id(&h.code)),
        Bench::Parent => ds.hierarchy().parents(org).first().copied(),
        Bench::Peers => return Comparator { bench, name: Some("Peer median".into()), target: None, basis: None },
    };
    let Some(t) = target else {
        return Comparator { bench, name: None, target: None, basis: None };
    };
    if t == org {
        return Comparator { bench, name: Some(label(t)), target: None, basis: None };
    }
    Comparator { bench, name: Some(label(t)), target: Some(t), basis: series_basis(ds, ind, t) }
}

/// England (the home organisation) as the comparator of `ind`, whoever asks.
pub(crate) fn england_comparator(ds: &Dataset, ind: &Indicator) -> Option<Comparator> {
    let home = ds.manifest().home_organisation().and_then(|h| ds.org_id(&h.code))?;
    let name = ds.org_at(home).map(|x| x.name.clone());
    Some(Comparator { bench: Bench::England, name, target: Some(home), basis: series_basis(ds, ind, home) })
}

/// The comparator's value in period `p`: England's or the parent's figure on
/// its series basis, or the median of the peers' values (`org` left out).
pub(crate) fn comparator_value(ds: &Dataset, ind: &Indicator, c: &Comparator, org: u32, p: u32, peers: &[u32]) -> Option<f64> {
    if c.bench == Bench::Peers {
        let values: Vec<f64> = peers.iter().filter(|&&o| o != org).filter_map(|&o| headline(ds, &ind.id, o, p)?.value).collect();
        return median(&values);
    }
    figure_on(ds, ind, c.target?, p, c.basis.as_ref()?).and_then(|f| f.value)
}

/// The comparator's name and value for `org` in period `p`, with its basis.
pub(crate) fn comparator(ds: &Dataset, ind: &Indicator, org: u32, p: u32, bench: Bench, peers: &[u32]) -> (Comparator, Option<f64>) {
    let c = comparator_for(ds, ind, org, bench);
    let value = comparator_value(ds, ind, &c, org, p, peers);
    (c, value)
}

/// Values of every organisation of `org`'s type in period `p`.
pub(crate) fn same_type_values(ds: &Dataset, indicator: &str, org: u32, p: u32) -> Vec<f64> {
    let Some(t) = ds.org_at(org).map(|o| o.org_type.as_str()) else {
        return Vec::new();
    };
    of_type(ds, indicator, p, t).into_iter().filter_map(|(_, f)| f.value).collect()
}

/// Compares `org`'s value of `indicator` in the period labelled `period`
/// (latest when None or unknown) with `bench`; `peers` are peer codes for
/// [`Bench::Peers`]. None when the indicator is not loaded or `org` unknown.
pub fn benchmark(ds: &Dataset, indicator: &str, org: &str, period: Option<&str>, bench: Bench, peers: &[String]) -> Option<(OrgRef, Figure, Benchmarked)> {
    let ind = ds.manifest().indicator(indicator)?;
    let o = ds.org_id(org)?;
    let p = period_or_latest(ds, indicator, period)?;
    let peers: Vec<u32> = peers.iter().filter_map(|c| ds.org_id(c)).collect();
    let figure = headline(ds, indicator, o, p).unwrap_or_default();
    let (c, value) = comparator(ds, ind, o, p, bench, &peers);
    let (c95, c998, quintile) = compare_figure(ind, &figure, value, || same_type_values(ds, indicator, o, p));
    let who = ds.org_at(o).map(OrgRef::of).unwrap_or_else(|| OrgRef::code_only(org));
    Some((who, figure, Benchmarked::new(bench, &c, value, (c95, c998, quintile))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::fixture;

    // Mar 2024: P1 = 800/1000 = 80%, Wilson 95% limits about 77.4–82.4;
    // England = 6500/8500 = 76.47% lies below them → better (higher is better);
    // the 99.8% limits (about 75.8–83.6, Wilson with z = 3.09) hold it → similar.
    // P3 = 1200/1500 = 80% against its parent I2 (the same 80%) → similar.
    // Fingertips' three benchmarking methods on one organisation: P1 ae is better than England at
    // 95% and similar at 99.8% (see the test above); quintiles test nothing.
    #[test]
    fn the_method_chooses_the_comparison_shown() {
        let ds = fixture::dataset();
        let (_, _, b) = benchmark(&ds, "ae", "P1", None, Bench::England, &[]).unwrap();
        let shown = |m| b.clone().with_method(m, || Some(2));
        assert_eq!((shown(BenchMethod::Ci95).comparison, shown(BenchMethod::Ci998).comparison), (Compared::Better, Compared::Similar));
        let q = shown(BenchMethod::Quintiles);
        assert_eq!((q.comparison, q.quintile, q.method), (Compared::NotCompared, Some(2), BenchMethod::Quintiles));
        assert_eq!(serde_json::to_value(&q).unwrap()["method"], "quintiles");
    }

    #[test]
    fn compares_with_england_parent_and_peers() {
        let ds = fixture::dataset();
        let (_, f, b) = benchmark(&ds, "ae", "P1", None, Bench::England, &[]).unwrap();
        assert_eq!(f.value, Some(80.0));
        assert_eq!(b.comparator.as_deref(), Some("England"));
        assert!((b.comparator_value.unwrap() - 6500.0 / 85.0).abs() < 1e-9);
        assert_eq!((b.comparison_95, b.comparison_998), (Compared::Better, Compared::Similar));
        let (_, _, b) = benchmark(&ds, "ae", "P3", None, Bench::Parent, &[]).unwrap();
        assert_eq!((b.comparator.as_deref(), b.comparator_value, b.comparison_95), (Some("ICB Two"), Some(80.0), Compared::Similar));
        // Peers P2 (75%) and P5 (70%): median 72.5%, below P1's limits → better.
        let (_, _, b) = benchmark(&ds, "ae", "P1", None, Bench::Peers, &["P2".into(), "P5".into(), "P1".into()]).unwrap();
        assert_eq!((b.comparator_value, b.comparison_95), (Some(72.5), Compared::Better));
    }

    #[test]
    fn england_is_not_compared_with_itself_and_parents_roll_up() {
        let ds = fixture::dataset();
        let (_, _, b) = benchmark(&ds, "ae", "E92000001", None, Bench::England, &[]).unwrap();
        assert_eq!((b.comparator_value, b.comparison_95), (None, Compared::NotCompared));
        // beds has no ICB rows: P1's parent I1 is rolled up, 170 / 30 000 × 1000 = 5.667.
        let (_, _, b) = benchmark(&ds, "beds", "P1", None, Bench::Parent, &[]).unwrap();
        assert!((b.comparator_value.unwrap() - 170.0 / 30.0).abs() < 1e-9);
    }

    /// The fixture's `ae` rows without those of `drop` (England, regions …).
    fn ae_without(drop: &[&str]) -> Dataset {
        let rows: Vec<_> = fixture::rows().into_iter().filter(|r| r.indicator == "ae" && !drop.contains(&r.org.as_str())).collect();
        let mut ds = Dataset::new(fixture::manifest());
        ds.add_partition("values/ae.parquet", crate::bundle::ValuesTable::from_rows(&rows));
        ds
    }

    // Issue 19 point 6. NHS England's A&E files publish trusts and ICBs, never England or a
    // region, and every comparison with England said "not compared". Without England's and
    // the regions' rows, England is summed from its ICBs (the type nearest England with
    // counts in all 12 months): Mar 2024 = (2300 + 1200 + 3000) / (3000 + 1500 + 4000)
    // = 6500/8500, the same as the published row, so P1 compares as before (better at 95%,
    // similar at 99.8%) and the result says England was rolled up from ICBs.
    #[test]
    fn england_without_rows_is_rolled_up_from_its_members_and_says_so() {
        let ds = ae_without(&["E92000001", "R1", "R2"]);
        let (_, _, b) = benchmark(&ds, "ae", "P1", None, Bench::England, &[]).unwrap();
        assert!((b.comparator_value.unwrap() - 6500.0 / 85.0).abs() < 1e-9, "{b:?}");
        assert_eq!((b.comparison_95, b.comparison_998), (Compared::Better, Compared::Similar));
        assert_eq!((b.comparator_basis, b.comparator_member_type.as_deref()), (Some(Basis::RolledUp), Some("icb")));
        // Apr 2023, 55 fewer per provider: (6500 − 275) / 8500.
        let (_, _, b) = benchmark(&ds, "ae", "P4", Some("Apr 2023"), Bench::England, &[]).unwrap();
        assert!((b.comparator_value.unwrap() - 6225.0 / 85.0).abs() < 1e-9);
        // England's own rows, when the bundle has them, are used and named as published.
        let (_, _, b) = benchmark(&fixture::dataset(), "ae", "P1", None, Bench::England, &[]).unwrap();
        assert_eq!((b.comparator_basis, b.comparator_member_type), (Some(Basis::Published), None));
        // A non-aggregatable indicator is never summed: no England, not compared.
        let mut m = fixture::manifest();
        m.indicators[0].aggregatable = false;
        let rows: Vec<_> = fixture::rows().into_iter().filter(|r| r.indicator == "ae" && r.org != "E92000001").collect();
        let mut ds = Dataset::new(m);
        ds.add_partition("values/ae.parquet", crate::bundle::ValuesTable::from_rows(&rows));
        let (_, _, b) = benchmark(&ds, "ae", "P1", None, Bench::England, &[]).unwrap();
        assert_eq!((b.comparator_value, b.comparison_95, b.comparator_basis), (None, Compared::NotCompared, None));
    }

    // Without limits (a non-aggregatable indicator with none published), the value's
    // quintile among providers: obesity 2023 = 25.5, 24, 32, 23, 28; type-7 bounds
    // 23.8, 24.9, 26.5, 28.8 → 25.5 is in quintile 3.
    #[test]
    fn quintiles_stand_in_for_missing_limits() {
        let mut m = fixture::manifest();
        m.indicators[1].aggregatable = false;
        let rows: Vec<_> = fixture::rows()
            .into_iter()
            .filter(|r| r.indicator == "obesity")
            .map(|mut r| {
                r.lower_95 = None;
                r.upper_95 = None;
                r.lower_998 = None;
                r.upper_998 = None;
                r
            })
            .collect();
        let mut ds = Dataset::new(m);
        ds.add_partition("values/obesity.parquet", crate::bundle::ValuesTable::from_rows(&rows));
        let (_, _, b) = benchmark(&ds, "obesity", "P1", None, Bench::England, &[]).unwrap();
        assert_eq!((b.comparison_95, b.quintile), (Compared::NotCompared, Some(3)));
    }
}
