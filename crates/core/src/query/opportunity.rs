//! Opportunity: for an organisation, each indicator's activity, £ and t CO2e
//! that would change if it performed at its peers' median, best quartile or
//! best decile (`stats::opportunity`, the RightCare method), with totals; and
//! the same rolled up across an ICB's or region's members, each member
//! measured against its own peers.
//!
//! Indicators whose polarity is `neither` have no better direction and are
//! left out. A row whose value, denominator or peer target is missing stays
//! in the table with a note: no data is shown as such, not as zero.

use super::filter::{headline, period_or_latest};
use super::peers::{find, peer_stats};
use super::rollup::{default_member_type, members_of_type};
use super::OrgRef;
use crate::bundle::Polarity;
use crate::params::{PeerSpec, Target};
use crate::stats::opportunity::{opportunity, target_from_peers, total, Opportunity};
use crate::table::Dataset;
use serde::Serialize;

/// One indicator's opportunity for one organisation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpportunityRow {
    pub indicator: String,
    pub name: String,
    pub unit: String,
    pub polarity: Polarity,
    pub period: Option<String>,
    pub value: Option<f64>,
    pub denominator: Option<f64>,
    /// The target from the peers (median, best quartile or best decile).
    pub target_value: Option<f64>,
    pub peer_median: Option<f64>,
    /// Percentile rank among peers, 100 best.
    pub percentile: Option<f64>,
    pub rank: Option<usize>,
    pub of: usize,
    /// Events that would change; 0 when the organisation already beats the target.
    pub activity: Option<f64>,
    pub cost: Option<f64>,
    pub carbon_tonnes: Option<f64>,
    pub note: Option<String>,
}

/// Sums over indicators (or members).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct OpportunityTotals {
    pub cost: f64,
    pub carbon_tonnes: f64,
    /// Rows with a positive activity.
    pub with_opportunity: usize,
    /// Rows with activity but no unit cost (their £ is not in `cost`).
    pub uncosted: usize,
    /// Rows with activity but no carbon factor.
    pub uncarboned: usize,
}

/// The opportunity table of one organisation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpportunityTable {
    pub org: OrgRef,
    pub target: Target,
    pub rows: Vec<OpportunityRow>,
    pub totals: OpportunityTotals,
}

fn totals(items: &[Opportunity]) -> OpportunityTotals {
    let t = total(items);
    OpportunityTotals {
        cost: t.cost,
        carbon_tonnes: t.carbon_tonnes,
        with_opportunity: items.iter().filter(|o| o.activity > 0.0).count(),
        uncosted: t.uncosted,
        uncarboned: t.uncarboned,
    }
}

/// Rows and the opportunities behind them, for `org` against `peers`.
pub(crate) fn rows_for(ds: &Dataset, org: u32, peers: &[u32], target: Target, period: Option<&str>) -> (Vec<OpportunityRow>, Vec<Option<Opportunity>>) {
    let mut rows = Vec::new();
    let mut opps = Vec::new();
    for ind in ds.manifest().indicators.iter().filter(|i| i.polarity != Polarity::Neither && ds.is_loaded(&i.id)) {
        let p = period_or_latest(ds, &ind.id, period);
        let fig = p.and_then(|p| headline(ds, &ind.id, org, p)).unwrap_or_default();
        let peer_values: Vec<f64> = p.map(|p| peers.iter().filter_map(|&o| headline(ds, &ind.id, o, p)?.value).collect()).unwrap_or_default();
        let stats = peer_stats(fig.value, &peer_values, ind.polarity);
        let target_value = target_from_peers(&peer_values, target, ind.polarity);
        let opp = match (fig.value, fig.denominator, target_value) {
            (Some(v), Some(d), Some(t)) => opportunity(v, d, ind.multiplier, t, ind.polarity, ind.unit_cost, ind.carbon_factor),
            _ => None,
        };
        let note = match (fig.value, fig.denominator, target_value) {
            (None, _, _) => Some("no value for this period".to_string()),
            (_, None, _) => Some("no denominator to convert the gap into activity".to_string()),
            (_, _, None) => Some("no peer values to set a target".to_string()),
            _ => None,
        };
        rows.push(OpportunityRow {
            indicator: ind.id.clone(),
            name: ind.name.clone(),
            unit: ind.unit.clone(),
            polarity: ind.polarity,
            period: p.and_then(|p| ds.periods(&ind.id).get(p as usize)).map(|x| x.label.clone()),
            value: fig.value,
            denominator: fig.denominator,
            target_value,
            peer_median: stats.median,
            percentile: stats.percentile,
            rank: stats.rank,
            of: stats.of,
            activity: opp.map(|o| o.activity),
            cost: opp.and_then(|o| o.cost),
            carbon_tonnes: opp.and_then(|o| o.carbon_tonnes),
            note,
        });
        opps.push(opp);
    }
    (rows, opps)
}

/// `org`'s opportunity per indicator against its peers by `spec`, at the
/// period labelled `period` where an indicator has it (else its latest).
pub fn opportunities(ds: &Dataset, org: &str, spec: &PeerSpec, target: Target, period: Option<&str>) -> Option<OpportunityTable> {
    let id = ds.hierarchy().id(org)?;
    let peers = find(ds, id, spec).ids;
    let (rows, opps) = rows_for(ds, id, &peers, target, period);
    let items: Vec<Opportunity> = opps.into_iter().flatten().collect();
    Some(OpportunityTable { org: OrgRef::of(ds.org_at(id)?), target, rows, totals: totals(&items) })
}

/// One member's total opportunity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberOpportunity {
    pub org: OrgRef,
    #[serde(flatten)]
    pub totals: OpportunityTotals,
}

/// One indicator's opportunity summed over members.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorOpportunity {
    pub indicator: String,
    pub name: String,
    pub unit: String,
    /// Events summed over members (the same kind of event, so they add up).
    pub activity: f64,
    pub cost: Option<f64>,
    pub carbon_tonnes: Option<f64>,
    pub members_with_opportunity: usize,
}

/// Opportunity rolled up across a parent's members.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberRollup {
    pub parent: OrgRef,
    pub member_type: Option<String>,
    pub members: Vec<MemberOpportunity>,
    pub by_indicator: Vec<IndicatorOpportunity>,
    pub totals: OpportunityTotals,
}

/// Each member of `parent` (of `member_type`, or the default type as in
/// roll-ups) against its own peers by `spec` (a list, or a basis that finds a
/// member no peers, becomes "same type"), summed per member, per indicator
/// and overall.
pub fn member_opportunities(
    ds: &Dataset,
    parent: &str,
    member_type: Option<&str>,
    spec: &PeerSpec,
    target: Target,
    period: Option<&str>,
) -> Option<MemberRollup> {
    let pid = ds.hierarchy().id(parent)?;
    let loaded: Vec<&str> = ds.manifest().indicators.iter().filter(|i| ds.is_loaded(&i.id)).map(|i| i.id.as_str()).collect();
    let has_data = |o: u32| loaded.iter().any(|i| period_or_latest(ds, i, period).and_then(|p| headline(ds, i, o, p)).is_some_and(|f| f.value.is_some()));
    let mtype = member_type.map(str::to_string).or_else(|| default_member_type(ds, pid, has_data));
    let spec = if matches!(spec, PeerSpec::List(_)) { PeerSpec::Type } else { spec.clone() };
    let mut members = Vec::new();
    let mut per_indicator: Vec<(OpportunityRow, Vec<Opportunity>)> = Vec::new();
    let mut all: Vec<Opportunity> = Vec::new();
    for m in mtype.as_deref().map(|t| members_of_type(ds, pid, t)).unwrap_or_default() {
        // A member the chosen basis finds no peers for (nearest neighbours
        // without context variables, no cluster) is set against every member
        // of its type instead, so the roll-up never reads as "no opportunity"
        // merely for want of peers.
        let mut peers = find(ds, m, &spec).ids;
        if peers.is_empty() && spec != PeerSpec::Type {
            peers = find(ds, m, &PeerSpec::Type).ids;
        }
        let (rows, opps) = rows_for(ds, m, &peers, target, period);
        let items: Vec<Opportunity> = opps.iter().flatten().copied().collect();
        let Some(org) = ds.org_at(m) else { continue };
        members.push(MemberOpportunity { org: OrgRef::of(org), totals: totals(&items) });
        all.extend(&items);
        for (row, opp) in rows.into_iter().zip(opps) {
            match per_indicator.iter_mut().find(|(r, _)| r.indicator == row.indicator) {
                Some((_, v)) => v.extend(opp),
                None => per_indicator.push((row, opp.into_iter().collect())),
            }
        }
    }
    let by_indicator = per_indicator
        .into_iter()
        .map(|(row, opps)| {
            let t = total(&opps);
            let ind = ds.manifest().indicator(&row.indicator);
            IndicatorOpportunity {
                indicator: row.indicator,
                name: row.name,
                unit: row.unit,
                activity: t.activity,
                cost: ind.and_then(|i| i.unit_cost).map(|_| t.cost),
                carbon_tonnes: ind.and_then(|i| i.carbon_factor).map(|_| t.carbon_tonnes),
                members_with_opportunity: opps.iter().filter(|o| o.activity > 0.0).count(),
            }
        })
        .collect();
    Some(MemberRollup { parent: OrgRef::of(ds.org_at(pid)?), member_type: mtype, members, by_indicator, totals: totals(&all) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::fixture;
    use proptest::prelude::*;

    // beds 2023/24 (per 1 000, lower is better, £250 and 40 kg per bed day):
    // P2 = 120/20 000 = 6.0; type peers P1 5.0, P3 4.0, P4 3.5, P5 7.0 → median 4.5.
    // Activity (6.0 − 4.5) / 1000 × 20 000 = 30 bed days; £7 500; 30 × 40 / 1000 = 1.2 t.
    #[test]
    fn beds_opportunity_worked_by_hand() {
        let ds = fixture::dataset();
        let t = opportunities(&ds, "P2", &PeerSpec::Type, Target::Median, None).unwrap();
        let beds = t.rows.iter().find(|r| r.indicator == "beds").unwrap();
        assert_eq!((beds.period.as_deref(), beds.value, beds.target_value), (Some("2023/24"), Some(6.0), Some(4.5)));
        assert!((beds.activity.unwrap() - 30.0).abs() < 1e-9);
        assert!((beds.cost.unwrap() - 7500.0).abs() < 1e-6);
        assert!((beds.carbon_tonnes.unwrap() - 1.2).abs() < 1e-9);
        // ae (higher is better): P2 75% vs peer median of 80, 80, 90, 70 = 80 → (80 − 75)/100 × 2000 = 100 attendances, no £.
        let ae = t.rows.iter().find(|r| r.indicator == "ae").unwrap();
        assert!((ae.activity.unwrap() - 100.0).abs() < 1e-9);
        assert_eq!(ae.cost, None);
        assert!((t.totals.cost - 7500.0).abs() < 1e-6);
        // obesity: P2 24.0 beats its peers' median (25.5 + 28) / 2 = 26.75, so only ae and beds count.
        assert_eq!((t.totals.uncosted, t.totals.with_opportunity), (1, 2), "ae has activity but no unit cost");
    }

    // Best decile for lower-is-better is the 10th percentile of peers 5.0, 4.0, 3.5, 7.0:
    // sorted 3.5, 4, 5, 7, h = 0.3 → 3.5 + 0.3 × 0.5 = 3.65. P4 (3.5) already beats it: 0.
    #[test]
    fn an_organisation_beating_the_target_has_none() {
        let ds = fixture::dataset();
        let t = opportunities(&ds, "P2", &PeerSpec::Type, Target::Decile, None).unwrap();
        assert!((t.rows.iter().find(|r| r.indicator == "beds").unwrap().target_value.unwrap() - 3.65).abs() < 1e-9);
        let t = opportunities(&ds, "P4", &PeerSpec::Type, Target::Median, None).unwrap();
        assert_eq!(t.rows.iter().find(|r| r.indicator == "beds").unwrap().activity, Some(0.0));
    }

    #[test]
    fn members_without_peers_by_the_chosen_basis_are_set_against_their_type() {
        // Providers with no context variables have no nearest neighbours; their
        // roll-up must equal the same-type one, not read as zero opportunity.
        let mut m = fixture::manifest();
        for o in m.organisations.iter_mut().filter(|o| o.org_type == "provider") {
            o.context.clear();
        }
        let ds = fixture::dataset_with(m);
        let nn = member_opportunities(&ds, "I1", None, &PeerSpec::Nearest(2), Target::Median, None).unwrap();
        let ty = member_opportunities(&ds, "I1", None, &PeerSpec::Type, Target::Median, None).unwrap();
        assert_eq!(nn.totals, ty.totals);
        assert!(nn.totals.with_opportunity > 0);
    }

    #[test]
    fn members_roll_up_each_against_its_own_peers() {
        let ds = fixture::dataset();
        let r = member_opportunities(&ds, "I1", None, &PeerSpec::Type, Target::Median, None).unwrap();
        assert_eq!(r.member_type.as_deref(), Some("provider"));
        assert_eq!(r.members.iter().map(|m| m.org.code.as_str()).collect::<Vec<_>>(), vec!["P1", "P2"]);
        let p1 = opportunities(&ds, "P1", &PeerSpec::Type, Target::Median, None).unwrap();
        let p2 = opportunities(&ds, "P2", &PeerSpec::Type, Target::Median, None).unwrap();
        assert!((r.totals.cost - (p1.totals.cost + p2.totals.cost)).abs() < 1e-6);
        let beds = r.by_indicator.iter().find(|b| b.indicator == "beds").unwrap();
        let a = |t: &OpportunityTable| t.rows.iter().find(|x| x.indicator == "beds").unwrap().activity.unwrap();
        assert!((beds.activity - (a(&p1) + a(&p2))).abs() < 1e-9);
        assert!(beds.cost.is_some() && r.by_indicator.iter().find(|b| b.indicator == "ae").unwrap().cost.is_none());
    }

    proptest! {
        #[test]
        fn opportunity_is_never_negative(org in prop::sample::select(vec!["P1", "P2", "P3", "P4", "P5"]), t in prop::sample::select(Target::ALL.to_vec())) {
            let ds = fixture::dataset();
            let table = opportunities(&ds, org, &PeerSpec::Type, t, None).unwrap();
            for r in &table.rows {
                prop_assert!(r.activity.is_none_or(|a| a >= 0.0));
                prop_assert!(r.cost.is_none_or(|c| c >= 0.0));
            }
        }
    }
}
