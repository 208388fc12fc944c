//! The table view: the rows behind the current view of one indicator — the
//! organisation, its parent, England and its peers, for every period in the
//! `time` range, whole-population rows or, with a `breakdown`, that
//! breakdown's rows — exactly as the bundle holds them. At England, whose
//! views show its members, the members' rows follow (the level its overview
//! compares), and a note says when England has no rows of its own: its
//! figures elsewhere are then rolled up from them, never written as rows.

use super::Ctx;
use crate::bundle::{DimensionKind, Indicator};
use crate::query::{filter, Filter, Record};
use crate::view::Breakdown;
use serde::Serialize;
use std::collections::BTreeMap;

/// The rows behind the view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableView {
    pub rows: Vec<Record>,
    /// For England without published rows: where its figures come from, or why there are none.
    pub own: Option<super::OwnBasis>,
    /// At England: whose rows these are ("Rows of England and of its 7 regions.").
    pub scope: Option<String>,
    /// The name of each organisation the rows name by code: the table reads
    /// by name, its CSV has both.
    pub names: BTreeMap<String, String>,
}

pub(super) fn table(c: &Ctx, ind: &Indicator) -> TableView {
    let ds = c.ds;
    let mut orgs: Vec<String> = vec![ds.org_code(c.org).to_string()];
    orgs.extend(ds.orgs().ancestors(ds.org_code(c.org)).into_iter().map(|o| o.code.clone()));
    if let Some(home) = ds.manifest().home_organisation() {
        orgs.push(home.code.clone());
    }
    orgs.extend(c.peers.iter().map(|&p| ds.org_code(p).to_string()));
    let members = super::home_members(ds, c.org).unwrap_or_default();
    orgs.extend(members.iter().map(|&m| ds.org_code(m).to_string()));
    // Every dimension of the kind chosen (both deprivation definitions, say).
    let kind = |k: DimensionKind| ds.manifest().dimensions.iter().filter(|d| d.kind == k).map(|d| vec![d.id.clone()]).collect::<Vec<_>>();
    let breakdowns = match c.s.breakdown {
        None => vec![vec![]],
        Some(Breakdown::Ethnicity) => kind(DimensionKind::Ethnicity),
        Some(Breakdown::Deprivation) => kind(DimensionKind::Deprivation),
        Some(Breakdown::Sex) => kind(DimensionKind::Sex),
        Some(Breakdown::Age) => kind(DimensionKind::Age),
    };
    let f = Filter { indicator: ind.id.clone(), orgs: Some(orgs), from: c.from, to: c.to, breakdowns: Some(breakdowns) };
    let rows = filter(ds, &f);
    let home = ds.org_at(c.org).map_or_else(|| ds.org_code(c.org).to_string(), |o| o.name.clone());
    let own_rows = rows.iter().any(|r| r.org == ds.org_code(c.org));
    let scope = members.first().and_then(|&m| ds.org_at(m)).map(|o| {
        let t = ds.manifest().org_types.iter().find(|t| t.id == o.org_type).map_or(o.org_type.as_str(), |t| t.name.as_str());
        let them = crate::view::display::orgs(members.len(), t);
        if own_rows {
            format!("Rows of {home} and of its {them}.")
        } else {
            format!("Rows of {home}'s {them}: {home} has no rows of its own for this indicator.")
        }
    });
    let names = rows.iter().filter_map(|r| Some((r.org.clone(), ds.org_at(ds.org_id(&r.org)?)?.name.clone()))).collect();
    TableView { rows, own: c.own_basis(ind, c.period_of(&ind.id)), scope, names }
}

#[cfg(test)]
mod tests {
    use super::super::tests::run;
    use super::super::Figures;

    #[test]
    fn rows_of_the_org_its_chain_and_peers() {
        let Figures::Table(t) = run("view=table&org=P1&ind=ae&time=Mar+2024..").figures else { panic!() };
        let orgs: Vec<&str> = t.rows.iter().map(|r| r.org.as_str()).collect();
        // Dataset order within the period: England, R1, I1, P1, P2, P5.
        assert_eq!(orgs, vec!["E92000001", "R1", "I1", "P1", "P2", "P5"]);
        let names: Vec<&str> = orgs.iter().map(|o| t.names[*o].as_str()).collect();
        assert_eq!(names, vec!["England", "North", "ICB One", "Provider One", "Provider Two", "Provider Five"]);
        let Figures::Table(t) = run("view=table&org=P1&ind=obesity&breakdown=ethnicity").figures else { panic!() };
        assert_eq!(t.rows.len(), 5);
        assert!(t.rows.iter().all(|r| r.breakdown.cuts_exactly(&["ethnicity"])));
    }
}
