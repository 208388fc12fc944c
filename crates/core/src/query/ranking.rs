//! Ranking one indicator across every organisation of a level: each
//! organisation's rank (best first), the peer median, funnel-plot limits
//! around a central value, and box-plot statistics by peer cluster — the
//! statistics of the compare view, computed from `crate::stats`.
//!
//! Ranks are competition ranks by the indicator's polarity
//! ([`crate::stats::quantiles::rank_of`]); quantiles are Hyndman & Fan type 7;
//! funnel limits are [`crate::stats::funnel::funnel_limits`] (PHEindicatormethods
//! `calculate_funnel_limits`: inverted Wilson, exact Poisson) at 60
//! denominators from half the smallest to one and a half times the largest.

use super::Figure;
use crate::bundle::Indicator;
use crate::stats::benchmark::quintile_of;
use crate::stats::ci::Level;
use crate::stats::funnel::{funnel_denominators, funnel_limits};
use crate::stats::quantiles::{median, quantile, rank_of};
use crate::table::Dataset;
use serde::Serialize;

/// Denominators at which a funnel is drawn.
const FUNNEL_POINTS: usize = 60;

/// One denominator's funnel limits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunnelPoint {
    pub denominator: f64,
    pub lower_95: f64,
    pub upper_95: f64,
    pub lower_998: f64,
    pub upper_998: f64,
}

/// Funnel-plot limits around a central value.
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

/// The statistics of a level's organisations for one indicator and period.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    /// One per row of the input, in its order: 1 = best, ties share a rank; None without a value.
    pub ranks: Vec<Option<usize>>,
    /// The median value of the rows whose organisation is in `peers`.
    pub peer_median: Option<f64>,
    /// Around `centre`, for proportions and rates with denominators.
    pub funnel: Option<Funnel>,
    /// One per peer cluster of the manifest, then one for organisations in none; empty clusters left out.
    pub boxes: Vec<BoxStats>,
}

/// Ranks `rows` (organisation, figure) of `ind`, with the peer median over
/// `peers`, the funnel around `centre` and the cluster box plots.
pub fn ranking(ds: &Dataset, ind: &Indicator, rows: &[(u32, Figure)], centre: Option<f64>, peers: &[u32]) -> Ranking {
    let values: Vec<(u32, f64)> = rows.iter().filter_map(|(o, f)| Some((*o, f.value?))).collect();
    let all: Vec<f64> = values.iter().map(|v| v.1).collect();
    let ranks = rows.iter().map(|(_, f)| f.value.and_then(|v| rank_of(v, &all, ind.polarity)).map(|r| r.0)).collect();
    let peer_values: Vec<f64> = values.iter().filter(|(o, _)| peers.contains(o)).map(|v| v.1).collect();
    let denominators: Vec<f64> = rows.iter().filter_map(|(_, f)| f.denominator).collect();
    Ranking { ranks, peer_median: median(&peer_values), funnel: centre.and_then(|c| funnel(ind, c, &denominators)), boxes: boxes(ds, &values) }
}

/// Each row's quintile among the values of `rows` (Fingertips' banding,
/// [`crate::stats::benchmark::quintile_of`]: 1 is the best fifth, or the
/// lowest with no better direction); None without a value or with fewer than
/// five values in all.
pub fn quintiles(ind: &Indicator, rows: &[(u32, Figure)]) -> Vec<Option<u8>> {
    let all: Vec<f64> = rows.iter().filter_map(|(_, f)| f.value).collect();
    rows.iter().map(|(_, f)| f.value.and_then(|v| quintile_of(v, &all, ind.polarity))).collect()
}

fn funnel(ind: &Indicator, centre: f64, denominators: &[f64]) -> Option<Funnel> {
    let at = |d: f64, level| funnel_limits(ind.value_type, ind.multiplier, centre, d, level);
    let points: Vec<FunnelPoint> = funnel_denominators(denominators, FUNNEL_POINTS)
        .into_iter()
        .filter_map(|d| {
            let (l95, l998) = (at(d, Level::P95)?, at(d, Level::P998)?);
            Some(FunnelPoint { denominator: d, lower_95: l95.lower, upper_95: l95.upper, lower_998: l998.lower, upper_998: l998.upper })
        })
        .collect();
    (!points.is_empty()).then_some(Funnel { centre, points })
}

fn boxes(ds: &Dataset, values: &[(u32, f64)]) -> Vec<BoxStats> {
    let m = ds.manifest();
    let first_cluster = |o: u32| ds.org_at(o).map(|x| x.clusters.first().cloned().unwrap_or_default());
    m.peer_clusters
        .iter()
        .map(|p| (p.id.clone(), p.name.clone()))
        .chain(std::iter::once((String::new(), "No cluster".to_string())))
        .filter_map(|(id, name)| {
            let v: Vec<f64> = values.iter().filter(|(o, _)| first_cluster(*o).as_deref() == Some(id.as_str())).map(|(_, x)| *x).collect();
            let q = |p| quantile(&v, p);
            Some(BoxStats { n: v.len(), min: q(0.0)?, q1: q(0.25)?, median: q(0.5)?, q3: q(0.75)?, max: q(1.0)?, cluster: id, name })
        })
        .collect()
}
