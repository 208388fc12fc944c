//! The compare view: every organisation of a level for one indicator and
//! period, ranked best first (`stats::quantiles::rank_of`), each compared with
//! England, with the selected organisation and its peers flagged; the England
//! value and the peer median; funnel-plot limits; box-plot statistics by peer
//! cluster.
//!
//! Funnel limits are the indicator's own confidence-limit method
//! (`stats::ci::limits_for`: Wilson for proportions, Byar for rates) applied
//! to the England value as if observed at each denominator — the construction
//! of the PHE/APHO funnel-plot tools — for 60 denominators spaced evenly on a
//! log scale from half the smallest to one and a half times the largest.
//! Counts, means and ratios have no funnel.

use super::Ctx;
use crate::bundle::{Indicator, Polarity, ValueType};
use crate::query::{compare_figure, of_type, Compared, Figure, OrgRef};
use crate::stats::ci::{limits_for, Level};
use crate::stats::quantiles::{median, quantile, rank_of};
use serde::Serialize;

/// One organisation's bar.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareRow {
    /// 1 = best; ties share a rank; None without a value.
    pub rank: Option<usize>,
    #[serde(flatten)]
    pub org: OrgRef,
    #[serde(flatten)]
    pub figure: Figure,
    /// England's value against this organisation's 95% limits.
    pub comparison_95: Compared,
    pub comparison_998: Compared,
    pub selected: bool,
    pub peer: bool,
    pub cluster: Option<String>,
}

/// One denominator's funnel limits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunnelPoint {
    pub denominator: f64,
    pub lower_95: f64,
    pub upper_95: f64,
    pub lower_998: f64,
    pub upper_998: f64,
}

/// Funnel-plot limits around the England value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Funnel {
    pub centre: f64,
    pub points: Vec<FunnelPoint>,
}

/// Box-plot statistics of one peer cluster (whiskers at min and max).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoxStats {
    /// Cluster id ("" for organisations in no cluster).
    pub cluster: String,
    pub name: String,
    pub n: usize,
    pub min: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
}

/// The compare figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareView {
    pub level: String,
    pub level_name: String,
    pub england: Option<f64>,
    pub peer_median: Option<f64>,
    /// Ranked best first; organisations without a value last.
    pub orgs: Vec<CompareRow>,
    pub funnel: Option<Funnel>,
    pub boxes: Vec<BoxStats>,
}

fn funnel(ind: &Indicator, centre: Option<f64>, denominators: &[f64]) -> Option<Funnel> {
    if !matches!(ind.value_type, ValueType::Proportion | ValueType::Rate) {
        return None;
    }
    let centre = centre?;
    let lo = denominators.iter().copied().filter(|d| *d > 0.0).fold(f64::INFINITY, f64::min) / 2.0;
    let hi = denominators.iter().copied().fold(0.0, f64::max) * 1.5;
    if !(lo.is_finite() && hi > lo) {
        return None;
    }
    let n = 60;
    let points = (0..n)
        .filter_map(|i| {
            let d = (lo.ln() + (hi.ln() - lo.ln()) * i as f64 / (n - 1) as f64).exp();
            let expected = centre / ind.multiplier * d;
            let l95 = limits_for(ind.value_type, ind.multiplier, expected, d, Level::P95)?;
            let l998 = limits_for(ind.value_type, ind.multiplier, expected, d, Level::P998)?;
            Some(FunnelPoint { denominator: d, lower_95: l95.lower, upper_95: l95.upper, lower_998: l998.lower, upper_998: l998.upper })
        })
        .collect();
    Some(Funnel { centre, points })
}

fn boxes(c: &Ctx, values: &[(u32, f64)]) -> Vec<BoxStats> {
    let m = c.ds.manifest();
    let mut ids: Vec<String> = m.peer_clusters.iter().map(|p| p.id.clone()).collect();
    ids.push(String::new());
    ids.into_iter()
        .filter_map(|id| {
            let v: Vec<f64> = values
                .iter()
                .filter(|(o, _)| c.ds.org_at(*o).map(|x| x.clusters.first().cloned().unwrap_or_default()) == Some(id.clone()))
                .map(|(_, x)| *x)
                .collect();
            let q = |p| quantile(&v, p);
            let name = m.peer_clusters.iter().find(|p| p.id == id).map(|p| p.name.clone()).unwrap_or_else(|| "No cluster".into());
            Some(BoxStats { cluster: id, name, n: v.len(), min: q(0.0)?, q1: q(0.25)?, median: q(0.5)?, q3: q(0.75)?, max: q(1.0)? })
        })
        .collect()
}

pub(super) fn compare(c: &Ctx, ind: &Indicator) -> CompareView {
    let ds = c.ds;
    let own_type = ds.org_at(c.org).map(|o| o.org_type.clone()).unwrap_or_default();
    let level = c.s.level.clone().unwrap_or(own_type);
    let level_name = ds.manifest().org_types.iter().find(|t| t.id == level).map(|t| t.name.clone()).unwrap_or_else(|| level.clone());
    let p = c.period_of(&ind.id);
    let rows = p.map(|p| of_type(ds, &ind.id, p, &level)).unwrap_or_default();
    let england = p.and_then(|p| c.england(&ind.id, p));
    let values: Vec<(u32, f64)> = rows.iter().filter_map(|(o, f)| Some((*o, f.value?))).collect();
    let all: Vec<f64> = values.iter().map(|v| v.1).collect();
    let peer_values: Vec<f64> = values.iter().filter(|(o, _)| c.peers.contains(o)).map(|v| v.1).collect();
    let mut orgs: Vec<CompareRow> = rows
        .iter()
        .map(|(o, f)| {
            let (c95, c998, _) = compare_figure(ind, f, england, Vec::new);
            CompareRow {
                rank: f.value.and_then(|v| rank_of(v, &all, ind.polarity)).map(|r| r.0),
                org: c.org_ref(*o),
                figure: *f,
                comparison_95: c95,
                comparison_998: c998,
                selected: *o == c.org,
                peer: c.peers.contains(o),
                cluster: ds.org_at(*o).and_then(|x| x.clusters.first().cloned()),
            }
        })
        .collect();
    let descending = ind.polarity != Polarity::LowerIsBetter;
    orgs.sort_by(|a, b| {
        let key = |r: &CompareRow| r.rank.unwrap_or(usize::MAX);
        key(a).cmp(&key(b)).then_with(|| {
            let (x, y) = (a.figure.value.unwrap_or(0.0), b.figure.value.unwrap_or(0.0));
            if descending { y.total_cmp(&x) } else { x.total_cmp(&y) }.then_with(|| a.org.code.cmp(&b.org.code))
        })
    });
    let denominators: Vec<f64> = rows.iter().filter_map(|(_, f)| f.denominator).collect();
    CompareView { level, level_name, england, peer_median: median(&peer_values), orgs, funnel: funnel(ind, england, &denominators), boxes: boxes(c, &values) }
}

#[cfg(test)]
mod tests {
    use super::super::tests::run;
    use super::super::Figures;
    use crate::query::Compared;
    use crate::stats::ci::{wilson, Level};

    fn compare(q: &str) -> super::CompareView {
        match run(q).figures {
            Figures::Compare(c) => c,
            other => panic!("{other:?}"),
        }
    }

    // Providers in Mar 2024: P4 90, P1 80, P3 80, P2 75, P5 70 (higher is better):
    // ranks 1, 2, 2, 4, 5. Peers of P1 (teaching cluster) P2 and P5: median 72.5.
    #[test]
    fn providers_ranked_with_flags() {
        let c = compare("view=compare&org=P1&ind=ae");
        let got: Vec<(&str, Option<usize>, bool, bool)> = c.orgs.iter().map(|r| (r.org.code.as_str(), r.rank, r.selected, r.peer)).collect();
        assert_eq!(
            got,
            vec![
                ("P4", Some(1), false, false),
                ("P1", Some(2), true, false),
                ("P3", Some(2), false, false),
                ("P2", Some(4), false, true),
                ("P5", Some(5), false, true)
            ]
        );
        assert_eq!((c.level.as_str(), c.peer_median), ("provider", Some(72.5)));
        assert!((c.england.unwrap() - 6500.0 / 85.0).abs() < 1e-9);
        // P5 70% (2100/3000) lies below England: worse.
        assert_eq!(c.orgs[4].comparison_95, Compared::Worse);
        // Box plots: teaching P1 80, P2 75, P5 70 → median 75; general P3 80, P4 90 → median 85.
        let b: Vec<(&str, usize, f64)> = c.boxes.iter().map(|b| (b.cluster.as_str(), b.n, b.median)).collect();
        assert_eq!(b, vec![("teaching", 3, 75.0), ("general", 2, 85.0)]);
    }

    // Funnel at denominator d: Wilson limits of (England × d) events out of d, × 100.
    #[test]
    fn funnel_limits_follow_the_indicators_method() {
        let c = compare("view=compare&org=I1&ind=ae&level=icb");
        assert_eq!(c.orgs.len(), 3);
        let f = c.funnel.unwrap();
        let (first, last) = (&f.points[0], f.points.last().unwrap());
        // ICB denominators 3000, 1500, 4000 → from 750 to 6000.
        assert!((first.denominator - 750.0).abs() < 1e-6 && (last.denominator - 6000.0).abs() < 1e-6);
        let p0 = f.centre / 100.0;
        let w = wilson(p0 * 750.0, 750.0, Level::P998).unwrap();
        assert!((first.lower_998 - w.lower * 100.0).abs() < 1e-9 && (first.upper_998 - w.upper * 100.0).abs() < 1e-9);
        assert!(first.upper_95 - first.lower_95 > last.upper_95 - last.lower_95, "the funnel narrows");
        assert!(f.points.iter().all(|p| p.lower_998 <= p.lower_95 && p.lower_95 <= f.centre && f.centre <= p.upper_95 && p.upper_95 <= p.upper_998));
    }
}
