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
//!
//! England (the home organisation, alone of its type) has no peers, so no
//! position among them and no opportunity of its own. Its view turns to its
//! members instead — the level its overview compares (regions, or ICBs
//! where regions carry no rows): its position is its value (published or
//! rolled up, see `own`) against its members' distribution, and its
//! opportunity is the members' roll-up, each member against its own peers,
//! with [`PeersView::explanation`] saying at which level it is counted.

use super::Ctx;
use crate::bundle::ContextVariable;
use crate::params::PeerSpec;
use crate::query::{headline, member_opportunities, opportunities, peer_stats, MemberRollup, OpportunityRow, OpportunityTotals, PeerGroup, PeerStats};
use crate::view::{display, Target};
use serde::Serialize;
use std::collections::BTreeMap;

/// The organisation's position among its peers for one indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Position {
    /// For England: the members' type name (e.g. "Integrated care board")
    /// whose distribution it is set against; None among peers.
    pub among_members: Option<String>,
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
    /// True for England: no peers and no opportunity of its own; the
    /// position and the opportunity are its members' (see the module docs).
    pub counted_at_members: bool,
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

/// The words for the members' total: where it is counted, and what it
/// holds when nothing is priced.
fn members_words(home: &str, members: &str, mr: &MemberRollup, peers: &str) -> String {
    let t = &mr.totals;
    let mut s = format!(
        "{home} has no peers (it is the only organisation of its type), so its opportunity is counted at the level of its {members}: each set against its own peers ({peers}), and added up."
    );
    let activity = mr.by_indicator.iter().filter(|b| b.activity > 0.0).count();
    if t.cost > 0.0 {
        s.push_str(&format!(" Across them: {} and {}.", display::pounds(Some(t.cost)), display::tonnes(Some(t.carbon_tonnes))));
    } else if activity > 0 {
        let which = if activity == 1 { "1 indicator has".to_string() } else { format!("{activity} indicators have") };
        s.push_str(&format!(" Across them, {which} activity to gain but no unit cost in this bundle, so no £ is given: the data table lists the activity."));
    } else {
        s.push_str(" No member falls short of its peers' target on an indicator with a better direction.");
    }
    s
}

/// England's view: its value against its members', and their opportunity.
fn home_peers(c: &Ctx, members: &[u32]) -> PeersView {
    let ds = c.ds;
    let m = ds.manifest();
    let code = ds.org_code(c.org);
    let home = ds.org_at(c.org).map_or(code, |o| o.name.as_str());
    let member_type = members.first().and_then(|&o| ds.org_at(o)).map(|o| o.org_type.clone());
    let type_name = member_type.as_deref().map(|t| m.org_types.iter().find(|x| x.id == t).map_or_else(|| t.to_string(), |x| x.name.clone()));
    let members_name = display::orgs(members.len(), type_name.as_deref().unwrap_or("member"));
    let position = m.indicator(&c.s.ind).map(|ind| {
        let p = c.period_of(&ind.id);
        let value = p.and_then(|p| c.own_figure(ind, p)).and_then(|f| f.value);
        let values: Vec<f64> = p.map(|p| members.iter().filter_map(|&o| headline(ds, &ind.id, o, p)?.value).collect()).unwrap_or_default();
        // England is not one of its members: no rank or percentile among them.
        let stats = PeerStats { rank: None, percentile: None, of: values.len(), ..peer_stats(value, &values, ind.polarity) };
        Position { among_members: type_name.clone(), indicator: ind.id.clone(), period: c.label(&ind.id, p), value, stats }
    });
    let rollup = member_opportunities(ds, code, member_type.as_deref(), &c.s.peers, c.s.target, c.s.period.as_deref());
    let mut peers = c.peer_group();
    peers.note = Some(format!("{home} is the only organisation of its type, so it has no peers; its {members_name} are compared instead."));
    // Members the chosen basis finds no peers for are set against their whole type (`member_opportunities`): say so.
    let mut basis = display::peers_name(&c.s.peers).to_lowercase();
    if c.s.peers == PeerSpec::Cluster {
        let lone = members.iter().filter(|&&o| ds.org_at(o).is_none_or(|x| x.clusters.is_empty())).count();
        if lone == members.len() {
            basis = "all of the same type: they are in no peer cluster".into();
        } else if lone > 0 {
            basis.push_str(&format!("; all of the same type for the {lone} in none"));
        }
    }
    let explanation = rollup.as_ref().map(|mr| members_words(home, &members_name, mr, &basis));
    PeersView {
        peers,
        context_variables: m.context_variables.clone(),
        org_context: ds.org_at(c.org).map(|o| o.context.clone()).unwrap_or_default(),
        position,
        target: c.s.target,
        opportunity: Vec::new(),
        totals: OpportunityTotals::default(),
        members: rollup,
        explanation,
        counted_at_members: true,
    }
}

pub(super) fn peers(c: &Ctx) -> PeersView {
    if let Some(members) = super::home_members(c.ds, c.org).filter(|ms| !ms.is_empty()) {
        return home_peers(c, &members);
    }
    let ds = c.ds;
    let m = ds.manifest();
    let code = ds.org_code(c.org);
    let position = m.indicator(&c.s.ind).map(|ind| {
        let p = c.period_of(&ind.id);
        let value = p.and_then(|p| headline(ds, &ind.id, c.org, p)).and_then(|f| f.value);
        let peer_values: Vec<f64> = p.map(|p| c.peers.iter().filter_map(|&o| headline(ds, &ind.id, o, p)?.value).collect()).unwrap_or_default();
        Position { among_members: None, indicator: ind.id.clone(), period: c.label(&ind.id, p), value, stats: peer_stats(value, &peer_values, ind.polarity) }
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
        counted_at_members: false,
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

    // England has no peers: its A&E (6500/8500 = 76.47% in Mar 2024) is set against its
    // regions R1 (3500/4500 = 77.78%) and R2 (3000/4000 = 75%), unranked, and its
    // opportunity is the regions' roll-up, each against the other region.
    #[test]
    fn england_is_set_against_its_members_and_counts_opportunity_at_their_level() {
        let Figures::Peers(p) = run("view=peers&ind=ae").figures else { panic!() };
        assert!(p.counted_at_members);
        let pos = p.position.unwrap();
        assert_eq!(pos.among_members.as_deref(), Some("region"));
        assert!((pos.value.unwrap() - 6500.0 / 85.0).abs() < 1e-9);
        assert_eq!((pos.stats.rank, pos.stats.percentile, pos.stats.of), (None, None, 2));
        assert_eq!(pos.stats.min, Some(75.0));
        assert!((pos.stats.max.unwrap() - 3500.0 / 45.0).abs() < 1e-9);
        assert!(p.opportunity.is_empty(), "no opportunity table of England's own");
        let m = p.members.unwrap();
        assert_eq!(m.member_type.as_deref(), Some("region"));
        assert_eq!(m.members.iter().map(|x| x.org.code.as_str()).collect::<Vec<_>>(), vec!["R1", "R2"]);
        // R2 (75%) short of R1 (77.78%) on 4 000 attendances: 111 attendances, unpriced.
        let ae = m.by_indicator.iter().find(|b| b.indicator == "ae").unwrap();
        assert!((ae.activity - (3500.0 / 45.0 - 75.0) / 100.0 * 4000.0).abs() < 1e-6, "{ae:?}");
        let e = p.explanation.unwrap();
        assert!(
            e.starts_with("England has no peers (it is the only organisation of its type), so its opportunity is counted at the level of its 2 regions: each set against its own peers (all of the same type: they are in no peer cluster), and added up."),
            "{e}"
        );
        assert!(
            e.ends_with("Across them, 1 indicator has activity to gain but no unit cost in this bundle, so no £ is given: the data table lists the activity."),
            "{e}"
        );
        assert!(!e.contains("£0"), "{e}");
        assert!(p.peers.note.unwrap().contains("no peers; its 2 regions are compared instead"));
        let r = run("view=peers&ind=ae");
        // The data behind it: the members' opportunity per indicator, one row each.
        let t = crate::view::view_table(&r);
        assert_eq!(t.rows.len(), 3, "{:?}", t.columns);
        assert!(t.columns.iter().any(|c| c == "members_with_opportunity"));
    }
}
