//! The peers & opportunity view: who the peers are and why (cluster, type,
//! or nearest neighbours with their context variables and distances), where
//! the organisation sits among them for the selected indicator, its
//! opportunity table for the chosen target with totals, and — for an
//! organisation with members (an ICB, a region) — the opportunity rolled up
//! across them.

use super::Ctx;
use crate::bundle::ContextVariable;
use crate::query::{headline, member_opportunities, opportunities, peer_stats, MemberRollup, OpportunityRow, OpportunityTotals, PeerGroup, PeerStats};
use crate::view::Target;
use serde::Serialize;
use std::collections::BTreeMap;

/// The organisation's position among its peers for one indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Position {
    pub indicator: String,
    pub period: Option<String>,
    pub value: Option<f64>,
    #[serde(flatten)]
    pub stats: PeerStats,
}

/// The peers & opportunity figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeersView {
    pub peers: PeerGroup,
    pub context_variables: Vec<ContextVariable>,
    pub org_context: BTreeMap<String, f64>,
    pub position: Option<Position>,
    pub target: Target,
    pub opportunity: Vec<OpportunityRow>,
    pub totals: OpportunityTotals,
    /// Present when the organisation has members below it.
    pub members: Option<MemberRollup>,
}

pub(super) fn peers(c: &Ctx) -> PeersView {
    let ds = c.ds;
    let m = ds.manifest();
    let code = ds.org_code(c.org);
    let position = m.indicator(&c.s.ind).map(|ind| {
        let p = c.period_of(&ind.id);
        let value = p.and_then(|p| headline(ds, &ind.id, c.org, p)).and_then(|f| f.value);
        let peer_values: Vec<f64> = p.map(|p| c.peers.iter().filter_map(|&o| headline(ds, &ind.id, o, p)?.value).collect()).unwrap_or_default();
        Position { indicator: ind.id.clone(), period: c.label(&ind.id, p), value, stats: peer_stats(value, &peer_values, ind.polarity) }
    });
    let table = opportunities(ds, code, &c.s.peers, c.s.target, c.s.period.as_deref());
    let has_members = !ds.hierarchy().children(c.org).is_empty();
    PeersView {
        peers: c.peer_group(),
        context_variables: m.context_variables.clone(),
        org_context: ds.org_at(c.org).map(|o| o.context.clone()).unwrap_or_default(),
        position,
        target: c.s.target,
        opportunity: table.as_ref().map(|t| t.rows.clone()).unwrap_or_default(),
        totals: table.map(|t| t.totals).unwrap_or_default(),
        members: has_members.then(|| member_opportunities(ds, code, None, &c.s.peers, c.s.target, c.s.period.as_deref())).flatten(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::run;
    use super::super::Figures;
    use crate::query::PeerBasis;

    #[test]
    fn nearest_neighbours_with_position_and_opportunity() {
        let Figures::Peers(p) = run("view=peers&org=P2&ind=beds&peers=nn:2").figures else { panic!() };
        assert_eq!(p.peers.basis, PeerBasis::Nearest);
        assert_eq!(p.peers.members.len(), 2);
        assert_eq!(p.context_variables.len(), 2);
        assert_eq!(p.org_context.get("pop"), Some(&110.0));
        let pos = p.position.unwrap();
        assert_eq!((pos.indicator.as_str(), pos.value), ("beds", Some(6.0)));
        assert_eq!(p.opportunity.len(), 3);
        assert!(p.members.is_none(), "a provider has no members");
    }

    #[test]
    fn an_icb_rolls_opportunity_up_over_its_providers() {
        let Figures::Peers(p) = run("view=peers&org=I1&peers=type&target=quartile").figures else { panic!() };
        let m = p.members.unwrap();
        assert_eq!(m.members.len(), 2);
        assert_eq!(m.member_type.as_deref(), Some("provider"));
        assert_eq!(p.peers.members.len(), 2, "I2 and I3");
    }
}
