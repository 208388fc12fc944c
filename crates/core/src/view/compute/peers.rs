//! The peers & opportunity view: who the peers are and why (cluster, type,
//! or nearest neighbours with their context variables and distances), where
//! the organisation sits among them for the selected indicator, its
//! opportunity table for the chosen target with totals, and — for an
//! organisation with members (an ICB, a region) — the opportunity rolled up
//! across them.
//!
//! The two totals count at different levels: the organisation's own total
//! sets its value against its peers' (other organisations of its level),
//! the members' total sets each member against its own peers and adds them
//! up. An ICB can so read £0 beside members worth millions — its peers have
//! no values, or its indicators are not published or priced at its level.
//! [`PeersView::explanation`] says which, in words the page shows.

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
    /// For an organisation with members: at which level each total is
    /// counted and, when its own total is £0, why.
    pub explanation: Option<String>,
}

/// Why `rows` (the organisation's own opportunity table) add up to no £.
fn why_nothing(rows: &[OpportunityRow], peers: usize, kind: &str) -> String {
    if rows.is_empty() {
        return "no indicator with a better direction has data loaded".into();
    }
    if peers == 0 {
        return format!("it has no peers ({kind}) to set a target with");
    }
    let count = |note: &str| rows.iter().filter(|r| r.note.as_deref() == Some(note)).count();
    let mut parts = Vec::new();
    for (n, what) in [
        (count("no value for this period"), "without a value for it at its level"),
        (count("no peer values to set a target"), "without peer values to set a target"),
        (count("no denominator to convert the gap into activity"), "without a denominator to turn a gap into activity"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {what}"));
        }
    }
    let gaps: Vec<&OpportunityRow> = rows.iter().filter(|r| r.activity.is_some_and(|a| a > 0.0)).collect();
    let met = rows.iter().filter(|r| r.activity == Some(0.0)).count();
    if met > 0 {
        parts.push(format!("{met} already meeting the target"));
    }
    let unpriced = gaps.iter().filter(|r| r.cost.is_none()).count();
    if unpriced > 0 {
        parts.push(format!("{unpriced} with a gap but no unit cost"));
    }
    format!("of its {} indicators, {}", rows.len(), parts.join(", "))
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
    let members = has_members.then(|| member_opportunities(ds, code, None, &c.s.peers, c.s.target, c.s.period.as_deref())).flatten();
    let rows = table.as_ref().map(|t| t.rows.clone()).unwrap_or_default();
    let totals = table.map(|t| t.totals).unwrap_or_default();
    let peers = c.peer_group();
    let explanation = members.as_ref().map(|mr| {
        let own = ds.org_at(c.org).map(|o| o.name.as_str()).unwrap_or(code);
        let kind = ds.org_at(c.org).map(|o| o.org_type.as_str()).unwrap_or_default();
        let member_kind = mr.member_type.as_deref().unwrap_or("member");
        let mut s = format!(
            "{own}'s own total compares its values with its {} peers ({kind} level); the members' total compares each {member_kind} with its own peers and adds them up, so the two need not agree.",
            c.peers.len()
        );
        if totals.cost == 0.0 {
            s.push_str(&format!(" {own}'s own total is £0: {}.", why_nothing(&rows, c.peers.len(), &peers.description)));
        }
        s
    });
    PeersView {
        peers,
        context_variables: m.context_variables.clone(),
        org_context: ds.org_at(c.org).map(|o| o.context.clone()).unwrap_or_default(),
        position,
        target: c.s.target,
        opportunity: rows,
        totals,
        members,
        explanation,
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
        // I1's own row: ae has a gap but no unit cost; obesity and beds have
        // no ICB values. So its total is £0 beside its providers' £13 437.50.
        assert_eq!(p.totals.cost, 0.0);
        assert!(m.totals.cost > 13_000.0, "{:?}", m.totals);
        let e = p.explanation.unwrap();
        assert!(e.contains("own total compares its values with its 2 peers (icb level)"), "{e}");
        assert!(e.contains("each provider with its own peers"), "{e}");
        assert!(e.ends_with("ICB One's own total is £0: of its 3 indicators, 2 without a value for it at its level, 1 with a gap but no unit cost."), "{e}");
    }

    #[test]
    fn only_an_organisation_with_members_explains_its_totals() {
        let Figures::Peers(p) = run("view=peers&org=P2&peers=type").figures else { panic!() };
        assert_eq!(p.explanation, None);
    }
}
