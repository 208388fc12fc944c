//! Peers: who an organisation is compared with, and where it sits among them.
//!
//! A peer group is the organisation's defined cluster (bundle `peer_clusters`),
//! every organisation of its type, its K nearest neighbours over the bundle's
//! context variables (`stats::peers`, standardised Euclidean distance), or an
//! explicit list. Peers always share the organisation's type and never include
//! it. Position uses `stats::quantiles`: peer median, quartiles and deciles
//! are of the peers alone (the benchmark an organisation is held to); the
//! percentile rank and rank of N count the organisation among them.

use super::filter::{of_type, period_or_latest};
use super::OrgRef;
use crate::bundle::Polarity;
use crate::params::PeerSpec;
use crate::stats::peers::{nearest_neighbours, Candidate};
use crate::stats::quantiles::{deciles, percentile_rank, quantile_sorted, rank_of, sorted_finite};
use crate::table::Dataset;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// How a peer group was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeerBasis {
    Cluster,
    Type,
    Nearest,
    List,
}

/// One peer, with why it is one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Peer {
    #[serde(flatten)]
    pub org: OrgRef,
    /// Standardised Euclidean distance (nearest neighbours only).
    pub distance: Option<f64>,
    /// Context variables the distance rests on (nearest neighbours only).
    pub shared_variables: Option<usize>,
    pub context: BTreeMap<String, f64>,
    pub clusters: Vec<String>,
}

/// An organisation's peer group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeerGroup {
    pub basis: PeerBasis,
    /// One line saying who the peers are.
    pub description: String,
    /// The cluster id, for a cluster group.
    pub cluster: Option<String>,
    pub members: Vec<Peer>,
    /// Why the group differs from what was asked for, when it does.
    pub note: Option<String>,
}

impl PeerGroup {
    pub fn codes(&self) -> Vec<String> {
        self.members.iter().map(|p| p.org.code.clone()).collect()
    }
}

/// Peer ids with their (distance, shared variables) for nearest neighbours.
pub(crate) struct Found {
    pub basis: PeerBasis,
    pub cluster: Option<String>,
    pub ids: Vec<u32>,
    pub distances: Vec<Option<(f64, usize)>>,
    pub note: Option<String>,
}

/// The peers of `org` by `spec` (see the module docs).
pub(crate) fn find(ds: &Dataset, org: u32, spec: &PeerSpec) -> Found {
    let m = ds.manifest();
    let empty = |basis| Found { basis, cluster: None, ids: Vec::new(), distances: Vec::new(), note: None };
    let Some(o) = ds.org_at(org) else {
        return empty(PeerBasis::Type);
    };
    let same_type = || m.organisations.iter().enumerate().filter(|(i, x)| *i as u32 != org && x.org_type == o.org_type).map(|(i, _)| i as u32);
    let plain = |basis, ids: Vec<u32>, cluster, note| {
        let n = ids.len();
        Found { basis, cluster, ids, distances: vec![None; n], note }
    };
    match spec {
        PeerSpec::Cluster => match o.clusters.first() {
            Some(c) => {
                let ids = same_type().filter(|&i| m.organisations.get(i as usize).is_some_and(|x| x.clusters.contains(c))).collect();
                plain(PeerBasis::Cluster, ids, Some(c.clone()), None)
            }
            None => plain(
                PeerBasis::Type,
                same_type().collect(),
                None,
                Some(format!("{} is in no defined peer cluster; peers are every organisation of the same type", o.name)),
            ),
        },
        PeerSpec::Type => plain(PeerBasis::Type, same_type().collect(), None, None),
        PeerSpec::List(codes) => {
            let ids: Vec<u32> = codes.iter().filter_map(|c| ds.hierarchy().id(c)).filter(|&i| i != org).collect();
            let dropped = ids.iter().filter(|&&i| m.organisations.get(i as usize).is_none_or(|x| x.org_type != o.org_type)).count();
            let ids: Vec<u32> = ids.into_iter().filter(|&i| m.organisations.get(i as usize).is_some_and(|x| x.org_type == o.org_type)).collect();
            let note = (dropped > 0).then(|| format!("{dropped} listed organisations are not of {}'s type and are left out", o.name));
            plain(PeerBasis::List, ids, None, note)
        }
        PeerSpec::Nearest(k) => {
            let vars: Vec<&str> = m.context_variables.iter().map(|v| v.id.as_str()).collect();
            let pool: Vec<u32> = std::iter::once(org).chain(same_type()).filter(|&i| m.organisations.get(i as usize).is_some()).collect();
            let contexts: Vec<Vec<Option<f64>>> =
                pool.iter().map(|&i| vars.iter().map(|v| m.organisations.get(i as usize).and_then(|x| x.context.get(*v)).copied()).collect()).collect();
            let candidates: Vec<Candidate> =
                pool.iter().zip(&contexts).filter_map(|(&i, c)| Some(Candidate { code: &m.organisations.get(i as usize)?.code, context: c })).collect();
            let found = nearest_neighbours(&o.code, &candidates, *k as usize);
            let note = (found.len() < *k as usize)
                .then(|| format!("only {} organisations of the same type have context variables to compare; fewer than the {k} asked for", found.len()));
            Found {
                basis: PeerBasis::Nearest,
                cluster: None,
                ids: found.iter().filter_map(|n| ds.hierarchy().id(&n.code)).collect(),
                distances: found.iter().map(|n| Some((n.distance, n.shared))).collect(),
                note,
            }
        }
    }
}

/// The peer group of `org` by `spec`, with each peer's context and distance.
pub fn peer_group(ds: &Dataset, org: &str, spec: &PeerSpec) -> PeerGroup {
    let Some((o, own)) = ds.hierarchy().id(org).and_then(|o| Some((o, ds.org_at(o)?))) else {
        return PeerGroup { basis: PeerBasis::Type, description: "no peers: unknown organisation".into(), cluster: None, members: Vec::new(), note: None };
    };
    let f = find(ds, o, spec);
    let m = ds.manifest();
    let org_type = &own.org_type;
    let type_name = m.org_types.iter().find(|t| &t.id == org_type).map(|t| t.name.as_str()).unwrap_or(org_type);
    let n = f.ids.len();
    let description = match (f.basis, &f.cluster) {
        (PeerBasis::Cluster, Some(c)) => {
            let name = m.peer_clusters.iter().find(|x| &x.id == c).map(|x| x.name.as_str()).unwrap_or(c);
            format!("{name} cluster: {n} other organisations (type: {type_name})")
        }
        (PeerBasis::Nearest, _) => {
            let vars: Vec<&str> = m.context_variables.iter().map(|v| v.name.as_str()).collect();
            format!("{n} nearest organisations (type: {type_name}) by {}", vars.join(", "))
        }
        (PeerBasis::List, _) => format!("{n} chosen organisations"),
        _ if n == 0 => format!("No other organisation of the type {type_name} to compare with"),
        _ => format!("All {n} other organisations (type: {type_name})"),
    };
    let members = f
        .ids
        .iter()
        .zip(&f.distances)
        .filter_map(|(&i, d)| {
            let x = m.organisations.get(i as usize)?;
            Some(Peer {
                org: OrgRef::of(x),
                distance: d.map(|d| d.0),
                shared_variables: d.map(|d| d.1),
                context: x.context.clone(),
                clusters: x.clusters.clone(),
            })
        })
        .collect();
    PeerGroup { basis: f.basis, description, cluster: f.cluster, members, note: f.note }
}

/// Where a value sits among its peers.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct PeerStats {
    /// Peers with a value.
    pub peers_with_value: usize,
    pub min: Option<f64>,
    pub q1: Option<f64>,
    pub median: Option<f64>,
    pub q3: Option<f64>,
    pub max: Option<f64>,
    /// 10th … 90th percentiles of the peers (empty without values).
    pub deciles: Vec<f64>,
    /// 0–100, 100 best, among the peers and the organisation.
    pub percentile: Option<f64>,
    /// 1 = best, among `of` (the peers with values and the organisation).
    pub rank: Option<usize>,
    pub of: usize,
}

/// Position of `value` among `peer_values` (see the module docs).
pub fn peer_stats(value: Option<f64>, peer_values: &[f64], polarity: Polarity) -> PeerStats {
    let peers: Vec<f64> = peer_values.iter().copied().filter(|x| x.is_finite()).collect();
    let mut all = peers.clone();
    if let Some(v) = value.filter(|v| v.is_finite()) {
        all.push(v);
    }
    // Without a peer value there is nothing to rank among: "rank 1 of 1" and
    // a 50th percentile would read as a position (England, alone of its type).
    let v = if peers.is_empty() { f64::NAN } else { value.unwrap_or(f64::NAN) };
    let sorted = sorted_finite(&peers);
    let q = |p: f64| quantile_sorted(&sorted, p);
    PeerStats {
        peers_with_value: peers.len(),
        min: q(0.0),
        q1: q(0.25),
        median: q(0.5),
        q3: q(0.75),
        max: q(1.0),
        deciles: deciles(&peers).map(|d| d.to_vec()).unwrap_or_default(),
        percentile: percentile_rank(v, &all, polarity),
        rank: rank_of(v, &all, polarity).map(|r| r.0),
        of: all.len(),
    }
}

/// One organisation's position among its peers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrgPosition {
    pub org: OrgRef,
    pub value: Option<f64>,
    pub peers: usize,
    #[serde(flatten)]
    pub stats: PeerStats,
}

/// Peer statistics of `indicator` for every organisation of `org_type` in the
/// period labelled `period` (latest when None or unknown), each against its
/// own peer group by `spec`.
pub fn level_peer_stats(ds: &Dataset, indicator: &str, org_type: &str, period: Option<&str>, spec: &PeerSpec) -> Vec<OrgPosition> {
    let (Some(ind), Some(p)) = (ds.manifest().indicator(indicator), period_or_latest(ds, indicator, period)) else {
        return Vec::new();
    };
    let values: HashMap<u32, f64> = of_type(ds, indicator, p, org_type).into_iter().filter_map(|(o, f)| Some((o, f.value?))).collect();
    ds.orgs()
        .of_type(org_type)
        .into_iter()
        .filter_map(|o| {
            let id = ds.hierarchy().id(&o.code)?;
            let peers = find(ds, id, spec).ids;
            let pv: Vec<f64> = peers.iter().filter_map(|x| values.get(x).copied()).collect();
            let value = values.get(&id).copied();
            Some(OrgPosition { org: OrgRef::of(o), value, peers: peers.len(), stats: peer_stats(value, &pv, ind.polarity) })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::fixture;
    use proptest::prelude::*;

    fn codes(g: &PeerGroup) -> Vec<&str> {
        g.members.iter().map(|p| p.org.code.as_str()).collect()
    }

    #[test]
    fn clusters_types_and_lists() {
        let ds = fixture::dataset();
        let g = peer_group(&ds, "P1", &PeerSpec::Cluster);
        assert_eq!((g.basis, codes(&g)), (PeerBasis::Cluster, vec!["P2", "P5"]));
        assert_eq!(g.description, "Teaching cluster: 2 other organisations (type: provider)");
        let g = peer_group(&ds, "P1", &PeerSpec::Type);
        assert_eq!(codes(&g), vec!["P2", "P3", "P4", "P5"]);
        let g = peer_group(&ds, "P1", &PeerSpec::List(vec!["P1".into(), "P4".into(), "I1".into()]));
        assert_eq!(codes(&g), vec!["P4"]);
        assert!(g.note.is_some(), "the ICB in the list is left out, with a note");
        let g = peer_group(&ds, "I1", &PeerSpec::Cluster);
        assert_eq!((g.basis, codes(&g)), (PeerBasis::Type, vec!["I2", "I3"]));
        assert!(g.note.unwrap().contains("no defined peer cluster"));
    }

    // Providers' (pop, dep): P1 (100, 20), P2 (110, 22), P3 (300, 40), P4 (90, 18), P5 (200, 35).
    // Sample sds (n − 1): pop √8050 = 89.722, dep √97 = 9.849. From P1:
    // P2 = √((10/89.722)² + (2/9.849)²) = 0.23164, P4 the same (tie broken by code),
    // P5 = √((100/89.722)² + (15/9.849)²) = 1.8873, P3 = 3.015.
    #[test]
    fn nearest_neighbours_say_how_far() {
        let ds = fixture::dataset();
        let g = peer_group(&ds, "P1", &PeerSpec::Nearest(3));
        assert_eq!(codes(&g), vec!["P2", "P4", "P5"]);
        let d: Vec<f64> = g.members.iter().map(|p| p.distance.unwrap()).collect();
        assert!((d[0] - 0.23164).abs() < 1e-4 && (d[1] - d[0]).abs() < 1e-12 && (d[2] - 1.8873).abs() < 1e-4, "{d:?}");
        assert_eq!(g.members[0].shared_variables, Some(2));
        assert_eq!(g.members[0].context.get("pop"), Some(&110.0));
        let g = peer_group(&ds, "P1", &PeerSpec::Nearest(50));
        assert_eq!(g.members.len(), 4);
        assert!(g.note.is_some());
    }

    // P1 ae Mar 2024 = 80%; type peers P2 75, P3 80, P4 90, P5 70.
    // Peer median (75 + 80) / 2 = 77.5; q1 73.75, q3 82.5 (type 7). With P1: values 70, 75, 80, 80, 90;
    // P1 is worse than 90, equal to P3 → rank 2 of 5; percentile (2 worse + ½ × 2 equal) / 5 = 60.
    #[test]
    fn position_among_peers() {
        let ds = fixture::dataset();
        let all = level_peer_stats(&ds, "ae", "provider", None, &PeerSpec::Type);
        assert_eq!(all.len(), 5);
        let p1 = &all[0];
        assert_eq!((p1.org.code.as_str(), p1.value, p1.peers), ("P1", Some(80.0), 4));
        let s = &p1.stats;
        assert_eq!((s.median, s.q1, s.q3, s.min, s.max), (Some(77.5), Some(73.75), Some(82.5), Some(70.0), Some(90.0)));
        assert_eq!((s.rank, s.of, s.percentile), (Some(2), 5, Some(60.0)));
        assert_eq!(s.deciles.len(), 9);
    }

    // An organisation with no peer value (England, alone of its type) has no position:
    // not "rank 1 of 1", not the 50th percentile.
    #[test]
    fn no_peers_no_rank() {
        let s = peer_stats(Some(76.5), &[], Polarity::HigherIsBetter);
        assert_eq!((s.rank, s.percentile, s.median, s.peers_with_value), (None, None, None, 0));
    }

    proptest! {
        #[test]
        fn percentile_rank_stays_within_0_and_100(value in -1e3f64..1e3, peers in prop::collection::vec(-1e3f64..1e3, 1..30)) {
            let s = peer_stats(Some(value), &peers, Polarity::LowerIsBetter);
            let p = s.percentile.unwrap();
            prop_assert!((0.0..=100.0).contains(&p));
            prop_assert!(s.rank.unwrap() >= 1 && s.rank.unwrap() <= s.of);
            prop_assert_eq!(s.of, peers.len() + 1);
        }
    }
}
