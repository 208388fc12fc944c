//! Which data files a view needs, so the app downloads only those.
//!
//! Files are partitioned by indicator and, since format 1.1, by organisation
//! type. Views about one indicator (trend, compare, inequalities, table) need
//! that indicator's files; views across every indicator (overview, peers &
//! opportunity, report) need every indicator's. Of those, a view needs only
//! the organisation types whose rows it can read:
//!
//! - the organisation's own type (it, its peers by type or neighbours, and
//!   the organisations its value is ranked among);
//! - the types above it, through any parent (parent benchmark, table rows);
//! - the home organisation's type (the England benchmark and lines), and,
//!   for an indicator with no file of that type (England is then rolled up
//!   from its members), every type below it;
//! - the `level` a compare view ranks, and the types of any listed or
//!   clustered peers;
//! - for the peers and report views, and for `bench=parent`, every type below
//!   the organisation (or its parent) that a roll-up or member summary reads;
//! - for the home organisation's overview and table, and its compare view
//!   without a `level`, the types of its members (the level below it,
//!   compared with it there).
//!
//! Since format 3.0 a file may also declare that it holds only breakdown
//! rows (`breakdown_rows: "only"`; `healthdash` writes each partition's
//! breakdown rows apart from its whole-population rows). Only the
//! inequalities view, and the trend and table views with a `breakdown`, read
//! breakdown rows; every other view skips such files (an ICB's overview then
//! downloads a tenth of the rows), unless the manifest does not list the
//! indicator's periods (its period list would then depend on them) or no
//! other file of the indicator is needed (it would not count as loaded).
//!
//! `compute` on only these files gives exactly what it gives with every file
//! loaded (tested below over every view, organisation and option), and the
//! period lists come from the manifest, so a link's figures never depend on
//! what was opened before it. Files are returned in manifest order, each once.

use super::ViewState;
use crate::bundle::DataFile;
use crate::params::{Bench, PeerSpec, View};
use crate::table::Dataset;
use std::collections::BTreeSet;

/// The manifest files `state`'s view reads, loaded or not.
pub fn files_needed<'a>(ds: &'a Dataset, state: &ViewState) -> Vec<&'a DataFile> {
    let m = ds.manifest();
    let wanted: Vec<&str> = match state.view {
        View::Trend | View::Compare | View::Inequalities | View::Table | View::Map => {
            vec![state.ind.as_str()]
        }
        View::Overview | View::Peers | View::Report => m.indicators.iter().map(|i| i.id.as_str()).collect(),
    };
    let mut types = types_needed(ds, state);
    // England rolled up: an indicator with no file of the home organisation's
    // type (that may hold whole-population rows) has no England row, so
    // England's value is summed from a type below it, chosen over every
    // period from the data — every type below is read.
    let home = m.home_organisation().and_then(|h| ds.hierarchy().id(&h.code).map(|id| (id, h.org_type.as_str())));
    if let Some((home, home_type)) = home {
        let unpublished = |id: &str| {
            m.files
                .iter()
                .filter(|f| f.may_hold_whole() && f.indicators.iter().any(|i| i == id))
                .all(|f| !f.org_types.is_empty() && !f.org_types.iter().any(|t| t == home_type))
        };
        if wanted.iter().any(|id| unpublished(id)) {
            types.extend(ds.hierarchy().descendants(home).into_iter().filter_map(|o| m.organisations.get(o as usize)).map(|o| o.org_type.as_str()));
        }
    }
    let of_types: Vec<&DataFile> = m
        .files
        .iter()
        .filter(|f| f.indicators.iter().any(|i| wanted.contains(&i.as_str())))
        .filter(|f| f.org_types.is_empty() || f.org_types.iter().any(|t| types.contains(t.as_str())))
        .collect();
    if reads_breakdowns(state) {
        return of_types;
    }
    // A file of breakdown rows only is still read for an indicator whose
    // periods the manifest does not list, or that has no other file here.
    let needed_anyway = |f: &DataFile| {
        f.indicators.iter().any(|id| {
            let listed = m.indicator(id).is_some_and(|i| !i.periods.is_empty());
            !listed || !of_types.iter().any(|g| g.may_hold_whole() && g.indicators.contains(id))
        })
    };
    of_types.iter().copied().filter(|f| f.may_hold_whole() || needed_anyway(f)).collect()
}

/// True when `state`'s view reads rows cut by a dimension: the inequalities
/// view, and the trend and table views with a `breakdown`. Every other view
/// reads whole-population rows only (`query::headline`, `query::of_type`).
fn reads_breakdowns(state: &ViewState) -> bool {
    match state.view {
        View::Inequalities => true,
        View::Trend | View::Table => state.breakdown.is_some(),
        View::Overview | View::Peers | View::Report | View::Compare | View::Map => false,
    }
}

/// The files `state`'s view reads that have not been added yet.
pub fn files_missing<'a>(ds: &'a Dataset, state: &ViewState) -> Vec<&'a DataFile> {
    let loaded = ds.loaded_files();
    files_needed(ds, state).into_iter().filter(|f| !loaded.contains(&f.path.as_str())).collect()
}

/// The organisation types whose rows `state`'s view reads (see the module docs).
fn types_needed<'a>(ds: &'a Dataset, state: &'a ViewState) -> BTreeSet<&'a str> {
    let m = ds.manifest();
    let h = ds.hierarchy();
    let type_of = |o: u32| m.organisations.get(o as usize).map(|x| x.org_type.as_str());
    let mut types = BTreeSet::new();
    let Some(org) = h.id(&state.org) else {
        // Not an organisation of the manifest: every type, as before partitioning.
        return m.org_types.iter().map(|t| t.id.as_str()).chain(m.organisations.iter().map(|o| o.org_type.as_str())).collect();
    };
    types.extend(h.above(org).into_iter().filter_map(type_of));
    types.extend(m.home_organisation().map(|o| o.org_type.as_str()));
    if state.view == View::Map {
        let level = super::compute::map_level(m, &state.org, state.level.as_deref());
        if state.bench == Bench::Parent {
            // Each area's parent, published or rolled up from its members.
            let of_level = m.organisations.iter().enumerate().filter(|(_, o)| o.org_type == level);
            let parents: BTreeSet<u32> = of_level.flat_map(|(i, _)| h.parents(i as u32).first().copied()).collect();
            for p in parents {
                types.extend(type_of(p));
                types.extend(h.descendants(p).into_iter().filter_map(type_of));
            }
        }
        if let Some(t) = m.org_types.iter().find(|t| t.id == level) {
            types.insert(t.id.as_str());
        } else if let Some(o) = m.organisations.iter().find(|o| o.org_type == level) {
            types.insert(o.org_type.as_str());
        }
    } else if let Some(level) = &state.level {
        types.insert(level.as_str());
    }
    match &state.peers {
        PeerSpec::List(codes) => types.extend(codes.iter().filter_map(|c| m.organisation(c)).map(|o| o.org_type.as_str())),
        PeerSpec::Cluster => {
            let own: &[String] = m.organisations.get(org as usize).map(|o| o.clusters.as_slice()).unwrap_or_default();
            types.extend(m.organisations.iter().filter(|o| o.clusters.iter().any(|c| own.contains(c))).map(|o| o.org_type.as_str()));
        }
        PeerSpec::Type | PeerSpec::Nearest(_) => {}
    }
    if state.view == View::Overview || state.view == View::Table || (state.view == View::Compare && state.level.is_none()) {
        types.extend(super::compute::home_members(ds, org).unwrap_or_default().into_iter().filter_map(type_of));
    }
    let mut below = Vec::new();
    if matches!(state.view, View::Peers | View::Report) {
        below.push(org);
    }
    if state.bench == Bench::Parent {
        below.extend(h.parents(org).first());
    }
    for o in below {
        types.extend(h.descendants(o).into_iter().filter_map(type_of));
    }
    types
}

#[cfg(test)]
mod tests {
    use super::{files_missing, files_needed};
    use crate::table::{fixture, Dataset};
    use crate::view::{compute, parse_query, resolve, View};

    fn paths(files: Vec<&crate::bundle::DataFile>) -> Vec<&str> {
        files.into_iter().map(|f| f.path.as_str()).collect()
    }

    #[test]
    fn one_indicator_views_need_one_file() {
        let ds = Dataset::new(fixture::manifest());
        let (s, _) = resolve(parse_query("view=trend&ind=obesity"), ds.manifest());
        assert_eq!(paths(files_needed(&ds, &s)), vec!["values/obesity.parquet"]);
        let (s, _) = resolve(parse_query("view=overview"), ds.manifest());
        assert_eq!(paths(files_needed(&ds, &s)), vec!["values/ae.parquet", "values/obesity.parquet", "values/beds.parquet"]);
    }

    #[test]
    fn loaded_files_are_not_missing() {
        let ds = fixture::dataset();
        let (s, _) = resolve(parse_query("view=report"), ds.manifest());
        assert_eq!(files_needed(&ds, &s).len(), 3);
        assert!(files_missing(&ds, &s).is_empty());
    }

    /// The partitioned fixture with the files of `queries`' views added, in order.
    fn loaded_for(queries: &[&str]) -> Dataset {
        let (m, parts) = fixture::partitioned();
        let mut ds = Dataset::new(m);
        for q in queries {
            let (s, _) = resolve(parse_query(q), ds.manifest());
            let missing: Vec<String> = files_missing(&ds, &s).into_iter().map(|f| f.path.clone()).collect();
            for path in missing {
                let (_, table) = parts.iter().find(|(f, _)| f.path == path).unwrap();
                ds.add_partition(&path, table.clone());
            }
        }
        ds
    }

    fn figures(ds: &Dataset, q: &str) -> String {
        let (s, _) = resolve(parse_query(q), ds.manifest());
        serde_json::to_string(&compute(ds, &s)).unwrap()
    }

    #[test]
    fn englands_overview_needs_the_country_and_region_files() {
        let ds = loaded_for(&[]);
        let (s, _) = resolve(parse_query("view=overview"), ds.manifest());
        // Only ae publishes regions in this fixture.
        assert_eq!(
            paths(files_needed(&ds, &s)),
            vec!["values/ae/country.parquet", "values/ae/region.parquet", "values/beds/country.parquet", "values/obesity/country.parquet"]
        );
        let (s, _) = resolve(parse_query("view=compare&org=I1&ind=ae"), ds.manifest());
        assert_eq!(paths(files_needed(&ds, &s)), vec!["values/ae/country.parquet", "values/ae/icb.parquet", "values/ae/region.parquet"]);
    }

    #[test]
    fn views_without_a_breakdown_skip_the_files_of_breakdown_rows() {
        let ds = loaded_for(&[]);
        let needed = |q: &str| {
            let (s, _) = resolve(parse_query(q), ds.manifest());
            paths(files_needed(&ds, &s))
        };
        // An ICB's overview: its own, its region's and England's rows of every
        // indicator, but not obesity's ICB rows, all of them breakdowns.
        assert_eq!(
            needed("view=overview&org=I1"),
            ["values/ae/country.parquet", "values/ae/icb.parquet", "values/ae/region.parquet", "values/beds/country.parquet", "values/obesity/country.parquet",]
        );
        assert!(ds.manifest().files.iter().any(|f| f.path == "values/obesity/icb.breakdowns.parquet"));
        // The inequalities view reads them, of the organisation's type.
        assert_eq!(needed("view=inequalities&org=I1&ind=obesity"), ["values/obesity/country.parquet", "values/obesity/icb.breakdowns.parquet"]);
        assert!(needed("view=inequalities&org=P1&ind=obesity").contains(&"values/obesity/provider.breakdowns.parquet"));
        // A trend reads them with a breakdown only; so does the table.
        let trend = needed("view=trend&org=P1&ind=obesity");
        assert_eq!(trend, ["values/obesity/country.parquet", "values/obesity/provider.parquet"]);
        let by_ethnicity = needed("view=trend&org=P1&ind=obesity&breakdown=ethnicity");
        // (Its ICB's breakdown rows too: the ICB type is above the provider's.)
        let all = [
            "values/obesity/country.parquet",
            "values/obesity/icb.breakdowns.parquet",
            "values/obesity/provider.parquet",
            "values/obesity/provider.breakdowns.parquet",
        ];
        assert_eq!(by_ethnicity, all);
        assert!(needed("view=table&org=P1&ind=obesity&breakdown=deprivation").contains(&"values/obesity/provider.breakdowns.parquet"));
        assert!(!needed("view=table&org=P1&ind=obesity").iter().any(|p| p.contains("breakdowns")));
    }

    #[test]
    fn a_file_of_breakdown_rows_is_read_when_the_periods_or_the_indicator_depend_on_it() {
        let (mut m, _) = fixture::partitioned();
        let (s, _) = resolve(parse_query("view=trend&org=P1&ind=obesity"), &m);
        // Periods not listed: they come from the rows loaded, breakdowns' too.
        m.indicators.iter_mut().for_each(|i| i.periods.clear());
        let ds = Dataset::new(m.clone());
        assert!(paths(files_needed(&ds, &s)).contains(&"values/obesity/provider.breakdowns.parquet"));
        // Listed, but the indicator has no other file of these types.
        let (mut m, _) = fixture::partitioned();
        m.files.retain(|f| !(f.indicators == ["obesity"] && f.may_hold_whole()));
        let ds = Dataset::new(m);
        // (England then rolled up from every type below: the ICB one too.)
        assert_eq!(paths(files_needed(&ds, &s)), ["values/obesity/icb.breakdowns.parquet", "values/obesity/provider.breakdowns.parquet"]);
    }

    /// The promise of partitioning: every view of every organisation, with
    /// every option that widens what it reads, computes exactly the same
    /// figures from only the files it asks for as from the whole bundle, and
    /// the same again after another view's files were loaded first.
    #[test]
    fn a_view_computes_the_same_from_its_files_as_from_every_file() {
        let full = {
            let (m, parts) = fixture::partitioned();
            let mut ds = Dataset::new(m);
            for (f, t) in parts {
                ds.add_partition(&f.path, t);
            }
            ds
        };
        let orgs: Vec<String> = full.manifest().organisations.iter().map(|o| o.code.clone()).collect();
        let options = [
            "",
            "bench=parent",
            "bench=peers",
            "peers=nn:2",
            "peers=type",
            "peers=P2~I3",
            "level=icb",
            "level=provider",
            "breakdown=deprivation",
            "breakdown=ethnicity",
            "layout=crosstab",
            "target=decile",
            "period=2022",
        ];
        let mut checked = 0;
        for v in View::ALL {
            for org in &orgs {
                for ind in ["ae", "obesity", "beds"] {
                    for opt in options {
                        let q = format!("view={}&org={org}&ind={ind}&{opt}", v.id());
                        let expected = figures(&full, &q);
                        assert_eq!(figures(&loaded_for(&[&q]), &q), expected, "{q}");
                        checked += 1;
                    }
                }
            }
        }
        // Loaded after another view (a history): still the same figures.
        for (before, q) in [
            ("view=compare&org=P1&ind=ae", "view=report&org=R1"),
            ("view=report&org=E92000001", "view=overview&org=I2"),
            ("view=trend&org=P4&ind=beds", "view=peers&org=I3"),
        ] {
            assert_eq!(figures(&loaded_for(&[before, q]), q), figures(&full, q), "{before} then {q}");
        }
        assert!(checked > 1000, "{checked}");
    }
}
