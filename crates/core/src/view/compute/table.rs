//! The table view: the rows behind the current view of one indicator — the
//! organisation, its parent, England and its peers, for every period in the
//! `time` range, whole-population rows or, with a `breakdown`, that
//! breakdown's rows — exactly as the bundle holds them.

use super::Ctx;
use crate::bundle::{DimensionKind, Indicator};
use crate::query::{filter, Filter, Record};
use crate::view::Breakdown;
use serde::Serialize;

/// The rows behind the view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableView {
    pub rows: Vec<Record>,
}

pub(super) fn table(c: &Ctx, ind: &Indicator) -> TableView {
    let ds = c.ds;
    let mut orgs: Vec<String> = vec![ds.org_code(c.org).to_string()];
    orgs.extend(ds.orgs().ancestors(ds.org_code(c.org)).into_iter().map(|o| o.code.clone()));
    if let Some(home) = ds.manifest().home_organisation() {
        orgs.push(home.code.clone());
    }
    orgs.extend(c.peers.iter().map(|&p| ds.org_code(p).to_string()));
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
    TableView { rows: filter(ds, &f) }
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
        let Figures::Table(t) = run("view=table&org=P1&ind=obesity&breakdown=ethnicity").figures else { panic!() };
        assert_eq!(t.rows.len(), 5);
        assert!(t.rows.iter().all(|r| r.breakdown.cuts_exactly(&["ethnicity"])));
    }
}
