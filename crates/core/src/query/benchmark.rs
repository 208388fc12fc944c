//! Benchmark comparison of an organisation with England, its parent or its
//! peers, with `stats::benchmark`: the comparator's value tested against the
//! organisation's 95% and 99.8% limits, polarity-aware; where the
//! organisation has no limits, its quintile among organisations of its type.
//!
//! Comparators: England is the bundle's country-level organisation; the
//! parent is the main-hierarchy parent (its published value, else its value
//! rolled up from members for an aggregatable indicator); peers is the median
//! of the peers' values. An organisation is never compared with itself.

use super::filter::{headline, of_type, period_or_latest};
use super::rollup::roll_up;
use super::{Compared, Figure, OrgRef};
use crate::bundle::Indicator;
use crate::params::Bench;
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
    /// Against the organisation's 95% limits.
    pub comparison_95: Compared,
    /// Against the 99.8% limits (what domain ratings use).
    pub comparison_998: Compared,
    /// Quintile among organisations of the same type (1 = lowest values),
    /// given when the organisation has no limits.
    pub quintile: Option<u8>,
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
        (None, Some(v)) => quintile_of(v, &same_type()),
        _ => None,
    };
    (c95, c998, quintile)
}

/// The comparator's name and value for `org` in period `p`.
pub(crate) fn comparator(ds: &Dataset, ind: &Indicator, org: u32, p: u32, bench: Bench, peers: &[u32]) -> (Option<String>, Option<f64>) {
    let label = |o: u32| ds.org_at(o).map(|x| x.name.clone()).unwrap_or_else(|| ds.org_code(o).to_string());
    match bench {
        Bench::England => {
            let Some(home) = ds.manifest().home_organisation().and_then(|h| ds.org_id(&h.code)) else {
                return (None, None);
            };
            if home == org {
                return (Some(label(home)), None);
            }
            (Some(label(home)), headline(ds, &ind.id, home, p).and_then(|f| f.value))
        }
        Bench::Parent => {
            let Some(&parent) = ds.hierarchy().parents(org).first() else {
                return (None, None);
            };
            let value = headline(ds, &ind.id, parent, p).and_then(|f| f.value).or_else(|| {
                let period = ds.periods(&ind.id).get(p as usize).map(|x| x.label.as_str());
                roll_up(ds, &ind.id, ds.org_code(parent), None, period).and_then(|r| r.figure.value)
            });
            (Some(label(parent)), value)
        }
        Bench::Peers => {
            let values: Vec<f64> = peers.iter().filter(|&&o| o != org).filter_map(|&o| headline(ds, &ind.id, o, p)?.value).collect();
            (Some("Peer median".into()), median(&values))
        }
    }
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
    let (name, value) = comparator(ds, ind, o, p, bench, &peers);
    let (c95, c998, quintile) = compare_figure(ind, &figure, value, || same_type_values(ds, indicator, o, p));
    let who = ds.org_at(o).map(OrgRef::of).unwrap_or_else(|| OrgRef::code_only(org));
    Some((who, figure, Benchmarked { bench, comparator: name, comparator_value: value, comparison_95: c95, comparison_998: c998, quintile }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::fixture;

    // Mar 2024: P1 = 800/1000 = 80%, Wilson 95% limits about 77.4–82.4;
    // England = 6500/8500 = 76.47% lies below them → better (higher is better);
    // the 99.8% limits (about 75.8–83.6, Wilson with z = 3.09) hold it → similar.
    // P3 = 1200/1500 = 80% against its parent I2 (the same 80%) → similar.
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
