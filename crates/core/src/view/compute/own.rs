//! The home organisation's own figures where the publisher gives none.
//!
//! NHS England's A&E files publish trusts and integrated care boards, never
//! England: a bundle built from them has no England row, so England's trend,
//! overview line and table would be empty with nothing to say why. For an
//! indicator the manifest marks `aggregatable`, England's figure is its
//! members' numerators and denominators summed (`query::rollup`, one member
//! type for the whole series, as England the comparator is already read);
//! otherwise the view says plainly that the publisher gives no England figure
//! and points to the members. Fingertips does the same: a parent's figure is
//! published, or summed from counts of one child geography for every period
//! (Fingertips technical guidance, "Aggregating data"), never estimated.
//!
//! Only the home organisation is treated so: a region or an ICB without
//! rows keeps its published gaps (their views compare them with peers of
//! their own type, which a roll-up would not be).

use super::Ctx;
use crate::bundle::{BreakdownKey, Indicator};
use crate::query::{figure_on, headline, members_with_counts, org_figures, period_ids, series_basis, Basis, Figure, SeriesBasis};
use crate::table::Period;
use crate::view::display;
use serde::Serialize;

/// Where the selected organisation's own figures of one indicator come from
/// when it is the home organisation without published rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OwnBasis {
    /// `rolled_up` when summed from members; None when no figure can be given.
    pub basis: Option<Basis>,
    /// The organisation type summed (rolled up only).
    pub member_type: Option<String>,
    /// Members whose counts are summed in the period shown (rolled up only).
    pub members: usize,
    /// A few words beside a value: "rolled up from 120 NHS trusts", "no England figure published".
    pub short: String,
    /// The sentence the page shows, e.g. "The publisher gives no England
    /// figure for A&E: England's is rolled up from 120 NHS trusts' counts."
    pub note: String,
}

impl Ctx<'_> {
    /// Whether the selected organisation is the bundle's home (England).
    pub fn is_home(&self) -> bool {
        self.ds.manifest().home_organisation().is_some_and(|h| h.code == self.ds.org_code(self.org))
    }

    /// The basis of the selected organisation's own series of `ind`: None
    /// when it has published rows or is not the home organisation, else
    /// its members' roll-up (None inside when it cannot be summed).
    fn own_series_basis(&self, ind: &Indicator) -> Option<Option<SeriesBasis>> {
        // An indicator not loaded yet says nothing either way.
        if !self.is_home() || !self.ds.is_loaded(&ind.id) {
            return None;
        }
        match series_basis(self.ds, ind, self.org) {
            Some(b) if b.basis == Basis::Published => None,
            other => Some(other),
        }
    }

    /// The selected organisation's own figure of `ind` in period `p`: its
    /// published row, or for England without rows its members' counts
    /// summed (see the module docs).
    pub fn own_figure(&self, ind: &Indicator, p: u32) -> Option<Figure> {
        match self.own_series_basis(ind) {
            None => headline(self.ds, &ind.id, self.org, p),
            Some(Some(b)) => figure_on(self.ds, ind, self.org, p, &b),
            Some(None) => None,
        }
    }

    /// The selected organisation's whole-population series of `ind` over
    /// the view's period range, every period included (no data as an empty
    /// figure): its published rows, or England's roll-up.
    pub fn own_series(&self, ind: &Indicator) -> Vec<(Period, Figure)> {
        if !matches!(self.own_series_basis(ind), Some(Some(_))) {
            return org_figures(self.ds, &ind.id, self.org, &BreakdownKey::whole(), self.from, self.to);
        }
        period_ids(self.ds, &ind.id, self.from, self.to)
            .into_iter()
            .filter_map(|p| Some((self.period(&ind.id, p)?.clone(), self.own_figure(ind, p).unwrap_or_default())))
            .collect()
    }

    /// What the page says about the selected organisation's own figures of
    /// `ind` in period `p` (None for published rows; see the module docs).
    pub fn own_basis(&self, ind: &Indicator, p: Option<u32>) -> Option<OwnBasis> {
        let basis = self.own_series_basis(ind)?;
        let m = self.ds.manifest();
        let home = self.ds.org_at(self.org).map_or_else(|| self.ds.org_code(self.org).to_string(), |o| o.name.clone());
        let type_name = |t: &str| m.org_types.iter().find(|x| x.id == t).map_or_else(|| t.replace('_', " "), |x| x.name.clone());
        Some(match basis {
            Some(b) => {
                let t = b.member_type.clone().unwrap_or_default();
                let n = p.map_or(0, |p| members_with_counts(self.ds, ind, self.org, &t, p));
                OwnBasis {
                    basis: Some(Basis::RolledUp),
                    short: format!("rolled up from {}", display::orgs(n, &type_name(&t))),
                    note: format!(
                        "The publisher gives no {home} figure for {}: {home}'s is rolled up from the counts of {} (numerators and denominators summed).",
                        ind.name,
                        display::orgs(n, &type_name(&t))
                    ),
                    member_type: b.member_type,
                    members: n,
                }
            }
            None => {
                let why = if ind.aggregatable {
                    "none of its members has the counts to sum"
                } else {
                    "the indicator's method does not allow summing its members' counts"
                };
                let members = super::home_members(self.ds, self.org)
                    .and_then(|ms| Some((ms.len(), self.ds.org_at(*ms.first()?)?.org_type.clone())))
                    .map(|(n, t)| display::orgs(n, &type_name(&t)))
                    .unwrap_or_else(|| "its members".into());
                OwnBasis {
                    basis: None,
                    short: format!("no {home} figure published"),
                    member_type: None,
                    members: 0,
                    note: format!("The publisher gives no {home} figure for {}, and {why}; the compare view and the map show its {members}.", ind.name),
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::{compute, Figures, ViewResult};
    use crate::bundle::ValuesTable;
    use crate::query::Basis;
    use crate::table::{fixture, Dataset};
    use crate::view::{parse_query, resolve};

    /// The fixture without England's own A&E rows (as NHS England publishes
    /// A&E: trusts and ICBs only), `ae` aggregatable or not.
    fn without_england(aggregatable: bool) -> Dataset {
        let mut m = fixture::manifest();
        m.indicators.iter_mut().filter(|i| i.id == "ae").for_each(|i| i.aggregatable = aggregatable);
        let rows: Vec<_> = fixture::rows().into_iter().filter(|r| r.indicator == "ae" && r.org != "E92000001").collect();
        let mut ds = Dataset::new(m);
        ds.add_partition("values/ae.parquet", ValuesTable::from_rows(&rows));
        ds
    }

    fn run(ds: &Dataset, q: &str) -> ViewResult {
        let (s, _) = resolve(parse_query(q), ds.manifest());
        compute(ds, &s)
    }

    // England's A&E by hand, summed over its regions R1 (P1 + P2 + P3) and R2 (P4 + P5):
    // Mar 2024 (800 + 1500 + 1200) + (900 + 2100) = 6500 over 8500 = 76.47%; each
    // earlier month the five providers had 5 fewer a month: Apr 2023 6500 − 5 × 5 × 11 = 6225.
    #[test]
    fn england_without_rows_has_its_series_rolled_up_from_its_members() {
        let ds = without_england(true);
        let Figures::Trend(t) = run(&ds, "view=trend&ind=ae").figures else { panic!("not a trend") };
        let v: Vec<f64> = t.trend.points.iter().filter_map(|p| p.figure.value).collect();
        assert_eq!(v.len(), 12, "every month has England's figure");
        assert!((v[11] - 6500.0 / 85.0).abs() < 1e-9, "{v:?}");
        assert!((v[0] - 6225.0 / 85.0).abs() < 1e-9, "{v:?}");
        assert!(t.trend.spc.is_some(), "the XmR chart has its limits");
        let own = t.own.unwrap();
        assert_eq!((own.basis, own.member_type.as_deref(), own.members), (Some(Basis::RolledUp), Some("region"), 2));
        assert_eq!(own.short, "rolled up from 2 regions");
        assert_eq!(
            own.note,
            "The publisher gives no England figure for A&E within 4 hours: England's is rolled up from the counts of 2 regions (numerators and denominators summed)."
        );
        // The same figures where England publishes them: then nothing is said.
        let Figures::Trend(t) = run(&fixture::dataset(), "view=trend&ind=ae").figures else { panic!("not a trend") };
        assert_eq!(t.own, None);
        assert!((t.trend.points[11].figure.value.unwrap() - 6500.0 / 85.0).abs() < 1e-9);
    }

    #[test]
    fn englands_overview_line_and_table_say_where_its_figure_comes_from() {
        let ds = without_england(true);
        let Figures::Overview(o) = run(&ds, "").figures else { panic!("not an overview") };
        let ae = o.domains.iter().flat_map(|d| &d.rows).find(|r| r.indicator == "ae").unwrap();
        assert!((ae.figure.value.unwrap() - 6500.0 / 85.0).abs() < 1e-9);
        assert_eq!(ae.sparkline.iter().filter(|s| s.value.is_some()).count(), 12);
        assert_eq!(ae.own.as_ref().and_then(|x| x.basis), Some(Basis::RolledUp));
        let ob = o.domains.iter().flat_map(|d| &d.rows).find(|r| r.indicator == "obesity").unwrap();
        assert_eq!(ob.own, None, "obesity is not loaded: nothing is said of it yet");
        // The table holds the bundle's rows only: England has none, its regions' follow.
        let Figures::Table(t) = run(&ds, "view=table&ind=ae&time=Mar+2024..").figures else { panic!("not a table") };
        let orgs: Vec<&str> = t.rows.iter().map(|r| r.org.as_str()).collect();
        assert_eq!(orgs, vec!["R1", "R2"]);
        assert!(t.own.is_some());
        assert_eq!(t.scope.as_deref(), Some("Rows of England's 2 regions: England has no rows of its own for this indicator."));
        // With England's rows, the table has England then its regions.
        let Figures::Table(t) = run(&fixture::dataset(), "view=table&ind=ae&time=Mar+2024..").figures else { panic!("not a table") };
        assert_eq!(t.rows.iter().map(|r| r.org.as_str()).collect::<Vec<_>>(), vec!["E92000001", "R1", "R2"]);
        assert_eq!((t.own, t.scope.as_deref()), (None, Some("Rows of England and of its 2 regions.")));
    }

    #[test]
    fn a_figure_that_cannot_be_summed_is_not_made_up() {
        let ds = without_england(false);
        let Figures::Trend(t) = run(&ds, "view=trend&ind=ae").figures else { panic!("not a trend") };
        assert!(t.trend.points.iter().all(|p| p.figure.value.is_none()));
        let own = t.own.unwrap();
        assert_eq!((own.basis, own.short.as_str()), (None, "no England figure published"));
        assert_eq!(
            own.note,
            "The publisher gives no England figure for A&E within 4 hours, and the indicator's method does not allow summing its members' counts; the compare view and the map show its 2 regions."
        );
        // Nobody else's figures change: an ICB keeps its published rows.
        let Figures::Trend(t) = run(&ds, "view=trend&org=I1&ind=ae").figures else { panic!("not a trend") };
        assert_eq!(t.own, None);
        assert!((t.trend.points[11].figure.value.unwrap() - 2300.0 / 30.0).abs() < 1e-9);
    }
}
