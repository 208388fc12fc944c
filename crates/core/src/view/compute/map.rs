//! The map view: one indicator and period for every organisation of a level,
//! each area coloured by its comparison with the benchmark (England, its
//! parent, or the selected organisation's peer median; polarity-aware) or by
//! its quintile among the areas shown, as `colour=` asks; the selected
//! organisation flagged; and the boundary file the bundle ships for the level,
//! if any. Every organisation of the level has a row, with a value or not, so
//! the table under the map lists them all (the keyboard's way to pick one).
//!
//! The default level: the selected organisation's own type, except for an
//! organisation alone of its type (England), whose map would be one area —
//! then the first type of the bundle's `org_types` with boundaries, else the
//! first with more than one organisation ([`map_level`]).

use super::Ctx;
use crate::bundle::{BoundaryFile, Indicator, Manifest};
use crate::params::{Bench, BenchMethod, Colour};
use crate::query::{by_method, comparator, compare_figure, of_type, quintiles, Compared, Figure, OrgRef};
use serde::Serialize;

/// One area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapRow {
    #[serde(flatten)]
    pub org: OrgRef,
    #[serde(flatten)]
    pub figure: Figure,
    /// The comparator's value for this area (England's is the same for all).
    pub comparator_value: Option<f64>,
    /// The comparator against this area's 95% limits.
    pub comparison_95: Compared,
    /// The comparison the link's method shows (`method=`: 95% or 99.8%; none with quintiles).
    pub comparison: Compared,
    /// Quintile among the level's values: 1 the best fifth (the lowest with no better direction).
    pub quintile: Option<u8>,
    pub selected: bool,
}

/// The map figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapView {
    pub level: String,
    pub level_name: String,
    pub colour: Colour,
    pub bench: Bench,
    /// Who areas are compared with, as legends say it: "England", "parent", "peer median".
    pub against: String,
    /// The level's shapes; None when the bundle has none (the app says so).
    pub boundary: Option<BoundaryFile>,
    /// Every organisation of the level, by name.
    pub orgs: Vec<MapRow>,
}

impl MapView {
    /// How many of the level's organisations have a value for the period.
    pub fn with_value(&self) -> usize {
        self.orgs.iter().filter(|r| r.figure.value.is_some()).count()
    }
}

/// The level a map of `org` shows (see the module docs).
pub fn map_level(m: &Manifest, org: &str, level: Option<&str>) -> String {
    if let Some(l) = level {
        return l.to_string();
    }
    let own = m.organisation(org).map(|o| o.org_type.clone()).unwrap_or_default();
    let count = |t: &str| m.organisations.iter().filter(|o| o.org_type == t).count();
    if count(&own) > 1 {
        return own;
    }
    let others = || m.org_types.iter().map(|t| t.id.as_str()).filter(|t| *t != own);
    others().find(|t| m.boundary_for(t).is_some()).or_else(|| others().find(|t| count(t) > 1)).map(String::from).unwrap_or(own)
}

pub(super) fn map(c: &Ctx, ind: &Indicator) -> MapView {
    let ds = c.ds;
    let m = ds.manifest();
    let level = map_level(m, ds.org_code(c.org), c.s.level.as_deref());
    let level_name = m.org_types.iter().find(|t| t.id == level).map(|t| t.name.clone()).unwrap_or_else(|| level.clone());
    let p = c.period_of(&ind.id);
    let rows = p.map(|p| of_type(ds, &ind.id, p, &level)).unwrap_or_default();
    let bands = quintiles(ind, &rows);
    let mut orgs: Vec<MapRow> = m
        .organisations
        .iter()
        .filter(|o| o.org_type == level)
        .filter_map(|o| ds.org_id(&o.code).map(|id| (id, o)))
        .map(|(id, o)| {
            let at = rows.iter().position(|(r, _)| *r == id);
            let figure = at.and_then(|i| rows.get(i)).map(|(_, f)| *f).unwrap_or_default();
            let quintile = at.and_then(|i| bands.get(i).copied()).flatten();
            let value = p.and_then(|p| comparator(ds, ind, id, p, c.s.bench, &c.peers).1);
            let (c95, c998, _) = compare_figure(ind, &figure, value, Vec::new);
            let comparison = by_method(c.s.method, c95, c998);
            MapRow { org: OrgRef::of(o), figure, comparator_value: value, comparison_95: c95, comparison, quintile, selected: id == c.org }
        })
        .collect();
    orgs.sort_by(|a, b| a.org.name.cmp(&b.org.name).then_with(|| a.org.code.cmp(&b.org.code)));
    let against = match c.s.bench {
        Bench::England => m.home_organisation().map(|h| h.name.clone()).unwrap_or_else(|| "England".into()),
        Bench::Parent => "parent".into(),
        Bench::Peers => "peer median".into(),
    };
    // Fingertips' quintile method colours by quintile whatever `colour` asks.
    let colour = if c.s.method == BenchMethod::Quintiles { Colour::Quintile } else { c.s.colour };
    MapView { boundary: m.boundary_for(&level).cloned(), level, level_name, colour, bench: c.s.bench, against, orgs }
}

#[cfg(test)]
mod tests {
    use super::super::tests::run;
    use super::super::Figures;
    use super::*;
    use crate::table::fixture;

    fn map_of(q: &str) -> MapView {
        match run(q).figures {
            Figures::Map(m) => m,
            other => panic!("{other:?}"),
        }
    }

    // The fixture's three ICBs all have a value in Mar 2024; with their values taken away, none has.
    #[test]
    fn counts_the_organisations_with_a_value() {
        let m = map_of("view=map&org=I1&ind=ae");
        assert_eq!((m.orgs.len(), m.with_value()), (3, 3));
        let none = MapView {
            orgs: m
                .orgs
                .iter()
                .cloned()
                .map(|mut r| {
                    r.figure.value = None;
                    r
                })
                .collect(),
            ..m.clone()
        };
        assert_eq!(none.with_value(), 0);
    }

    // ICBs in Mar 2024: I1 = 2300/3000 = 76.67%, I2 = 1200/1500 = 80%, I3 = 3000/4000 = 75%;
    // England 6500/8500 = 76.47% lies inside I1's 95% limits, below I2's (better: higher is
    // better) and above I3's (worse). Three values: too few for quintiles.
    // Fingertips' quintile method colours the map by quintile whatever `colour` says, and claims
    // no comparison; at 99.8% the areas show their 99.8% comparison.
    #[test]
    fn the_method_sets_what_the_map_shows() {
        let Figures::Map(m) = run("view=map&org=P1&ind=ae&method=quintiles").figures else { panic!() };
        assert_eq!(m.colour, Colour::Quintile);
        assert!(m.orgs.iter().all(|r| r.comparison == Compared::NotCompared));
        assert!(m.orgs.iter().any(|r| r.quintile.is_some()));
        let Figures::Map(m) = run("view=map&org=P1&ind=ae&method=ci998").figures else { panic!() };
        assert_eq!(m.colour, Colour::Significance);
        let Figures::Map(m95) = run("view=map&org=P1&ind=ae").figures else { panic!() };
        // The 99.8% interval is wider: a difference significant at 99.8% is one at 95% too.
        for (a, b) in m.orgs.iter().zip(&m95.orgs) {
            assert_eq!(a.org.code, b.org.code);
            assert!(matches!(a.comparison, Compared::Similar | Compared::NotCompared) || a.comparison == b.comparison, "{}", a.org.code);
        }
    }

    #[test]
    fn every_area_of_the_level_is_compared_with_england() {
        let mv = map_of("view=map&org=I1&ind=ae");
        assert_eq!((mv.level.as_str(), mv.level_name.as_str(), mv.against.as_str()), ("icb", "icb", "England"));
        assert_eq!(mv.boundary.as_ref().map(|b| b.path.as_str()), Some("boundaries/icb.json"));
        type Row<'a> = (&'a str, Option<f64>, Compared, Option<u8>, bool);
        let got: Vec<Row> = mv
            .orgs
            .iter()
            .map(|r| (r.org.code.as_str(), r.figure.value.map(|v| (v * 100.0).round() / 100.0), r.comparison_95, r.quintile, r.selected))
            .collect();
        assert_eq!(
            got,
            vec![
                ("I1", Some(76.67), Compared::Similar, None, true),
                ("I3", Some(75.0), Compared::Worse, None, false),
                ("I2", Some(80.0), Compared::Better, None, false),
            ]
        );
        assert!(mv.orgs.iter().all(|r| (r.comparator_value.unwrap() - 6500.0 / 85.0).abs() < 1e-9));
    }

    // Providers, Mar 2024: 70 (P5), 75 (P2), 80 (P1, P3), 90 (P4); type-7 bounds 74, 78, 80, 82;
    // higher is better, so the highest fifth is quintile 1.
    #[test]
    fn quintiles_band_the_level_best_first() {
        let mv = map_of("view=map&org=P1&ind=ae&colour=quintile");
        assert_eq!(mv.colour, Colour::Quintile);
        assert_eq!(mv.boundary, None, "the fixture has no provider shapes");
        let q: Vec<(&str, Option<u8>)> = mv.orgs.iter().map(|r| (r.org.code.as_str(), r.quintile)).collect();
        assert_eq!(q, vec![("P5", Some(5)), ("P4", Some(1)), ("P1", Some(3)), ("P3", Some(3)), ("P2", Some(4))]);
    }

    #[test]
    fn england_maps_the_first_level_with_shapes_and_level_overrides() {
        let m = fixture::manifest();
        assert_eq!(map_level(&m, "E92000001", None), "icb");
        assert_eq!(map_level(&m, "P1", None), "provider");
        assert_eq!(map_level(&m, "P1", Some("region")), "region");
        let mut bare = m.clone();
        bare.boundaries.clear();
        assert_eq!(map_level(&bare, "E92000001", None), "region", "no shapes: the first level of several");
        let mv = map_of("view=map&ind=ae");
        assert_eq!((mv.level.as_str(), mv.orgs.len(), mv.orgs.iter().filter(|r| r.selected).count()), ("icb", 3, 0));
        let mv = map_of("view=map&org=P1&ind=ae&level=region");
        assert_eq!(mv.orgs.iter().map(|r| r.org.code.as_str()).collect::<Vec<_>>(), vec!["R1", "R2"]);
    }

    // Against the parent: I2 (80%) has R1 = I1 + I2 = 3500/4500 = 77.8% below its limits.
    #[test]
    fn parent_benchmark_compares_each_area_with_its_own_parent() {
        let mv = map_of("view=map&org=I1&ind=ae&bench=parent");
        assert_eq!(mv.against, "parent");
        let i2 = mv.orgs.iter().find(|r| r.org.code == "I2").unwrap();
        assert!((i2.comparator_value.unwrap() - 3500.0 / 45.0).abs() < 1e-9);
        assert_eq!(i2.comparison_95, Compared::Better);
        let i3 = mv.orgs.iter().find(|r| r.org.code == "I3").unwrap();
        assert_eq!(i3.comparator_value, Some(75.0), "R2 is I3 alone");
        assert_eq!(i3.comparison_95, Compared::Similar);
    }
}
