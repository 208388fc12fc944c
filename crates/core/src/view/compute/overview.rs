//! The overview of one organisation: every indicator grouped by domain with
//! its latest value, period, benchmark comparison, peer percentile, sparkline
//! and SPC verdict; domain ratings (rated against England at 99.8%, as the
//! manifest's rule states); and the "tartan rug" — the organisation and its
//! peers × every indicator, each cell compared with the chosen benchmark.
//!
//! The home organisation (England) would only be compared with itself, so
//! its overview turns to its members instead (the highest level below it
//! with data: regions, or integrated care boards where the regions have no
//! rows): the rug has a row per member, each cell that member against
//! England, and each domain card counts the members' comparisons with
//! England at 99.8% (member × indicator), unrated — a count of regions is
//! not a rating of England. [`Overview::members`] says so, and the app words
//! the cards as counts (`display::member_card`), never "Not rated".

use super::Ctx;
use crate::bundle::{Indicator, Polarity};
use crate::query::{
    analyse_series, comparator, comparator_for, comparator_value, compare_figure, domain_ratings, headline, peer_stats, same_type_values, Benchmarked,
    Compared, DomainRating, Figure, OrgRef,
};
use crate::stats::benchmark::quintile_of;
use crate::stats::trend::Marker;
use crate::table::Dataset;
use crate::view::Bench;
use serde::Serialize;

/// One point of a sparkline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spark {
    pub period: String,
    pub value: Option<f64>,
}

/// One indicator's line in the overview.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverviewRow {
    pub indicator: String,
    pub name: String,
    pub unit: String,
    pub polarity: Polarity,
    pub period: Option<String>,
    #[serde(flatten)]
    pub figure: Figure,
    pub benchmark: Benchmarked,
    pub peer_median: Option<f64>,
    /// Percentile rank among peers, 100 best.
    pub peer_percentile: Option<f64>,
    pub peer_rank: Option<usize>,
    pub peer_of: usize,
    pub sparkline: Vec<Spark>,
    /// SPC variation verdict of the whole series (`common_cause` …).
    pub variation: Option<&'static str>,
    pub assurance: Option<&'static str>,
    /// Recent trend as Fingertips marks it (`increasing_and_getting_better` …, `could_not_be_calculated`).
    pub recent_trend: Marker,
    /// For England without published rows: its figure rolled up from its
    /// members, or why there is none (see `own`).
    pub own: Option<super::OwnBasis>,
    /// For the home organisation, which is not compared with itself: how its
    /// members compare with it on this indicator (99.8%, as its cards).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub members: Option<MemberCounts>,
}

/// The home organisation's members on one indicator, by their comparison
/// with it at 99.8% (`not_compared`: no value, or no comparison possible).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct MemberCounts {
    pub better: usize,
    pub similar: usize,
    pub worse: usize,
    pub not_compared: usize,
}

impl std::ops::AddAssign for MemberCounts {
    fn add_assign(&mut self, o: MemberCounts) {
        self.better += o.better;
        self.similar += o.similar;
        self.worse += o.worse;
        self.not_compared += o.not_compared;
    }
}

impl MemberCounts {
    fn add(&mut self, c: Compared) {
        match c {
            Compared::Better => self.better += 1,
            Compared::Similar => self.similar += 1,
            Compared::Worse => self.worse += 1,
            _ => self.not_compared += 1,
        }
    }
}

/// A domain's indicators.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainRows {
    /// "" for indicators in no domain.
    pub domain: String,
    pub name: String,
    pub kind: String,
    pub rows: Vec<OverviewRow>,
}

/// One cell of the tartan rug.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RugCell {
    pub value: Option<f64>,
    pub comparison: Compared,
}

/// One organisation's row of the tartan rug.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RugRow {
    #[serde(flatten)]
    pub org: OrgRef,
    pub selected: bool,
    pub cells: Vec<RugCell>,
}

/// The organisation and its peers × indicators.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rug {
    /// Column order: indicator ids.
    pub indicators: Vec<String>,
    pub rows: Vec<RugRow>,
}

/// The overview figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overview {
    pub bench: Bench,
    pub peers: crate::query::PeerGroup,
    pub ratings: Vec<DomainRating>,
    pub overall: DomainRating,
    pub domains: Vec<DomainRows>,
    pub rug: Rug,
    /// For the home organisation: the name of the type of the members its
    /// cards and rug compare with it (the `org_types` name, e.g. "Region");
    /// None when the cards rate the organisation itself.
    pub members: Option<String>,
    /// How many members the cards and rug compare (0 without members).
    pub member_count: usize,
}

fn row(c: &Ctx, ind: &Indicator) -> (OverviewRow, Compared) {
    let ds = c.ds;
    let p = c.period_of(&ind.id);
    let figure = p.and_then(|p| c.own_figure(ind, p)).unwrap_or_default();
    let bench_of = |bench: Bench| {
        let cmp = comparator_for(ds, ind, c.org, bench);
        let value = p.and_then(|p| comparator_value(ds, ind, &cmp, c.org, p, &c.peers));
        let compared = compare_figure(ind, &figure, value, || p.map(|p| same_type_values(ds, &ind.id, c.org, p)).unwrap_or_default());
        Benchmarked::new(bench, &cmp, value, compared)
    };
    let benchmark = bench_of(c.s.bench).with_method(c.s.method, || {
        let all = p.map(|p| same_type_values(ds, &ind.id, c.org, p)).unwrap_or_default();
        quintile_of(figure.value?, &all, ind.polarity)
    });
    let rating_basis = if c.s.bench == Bench::England { benchmark.comparison_998 } else { bench_of(Bench::England).comparison_998 };
    let peer_values: Vec<f64> = p.map(|p| c.peers.iter().filter_map(|&o| headline(ds, &ind.id, o, p)?.value).collect()).unwrap_or_default();
    let stats = peer_stats(figure.value, &peer_values, ind.polarity);
    let series = c.own_series(ind);
    let sparkline = series.iter().map(|(p, f)| Spark { period: p.label.clone(), value: f.value }).collect();
    let t = analyse_series(ind, series);
    let out = OverviewRow {
        indicator: ind.id.clone(),
        name: ind.name.clone(),
        unit: ind.unit.clone(),
        polarity: ind.polarity,
        period: c.label(&ind.id, p),
        figure,
        benchmark,
        peer_median: stats.median,
        peer_percentile: stats.percentile,
        peer_rank: stats.rank,
        peer_of: stats.of,
        sparkline,
        variation: t.spc.as_ref().map(|s| s.variation),
        assurance: t.spc.as_ref().and_then(|s| s.assurance),
        recent_trend: Marker::of(t.recent.as_ref()),
        own: c.own_basis(ind, p),
        members: None,
    };
    (out, rating_basis)
}

/// `o`'s value of `ind` and its comparison with `bench` at 95% and 99.8%.
fn cell(c: &Ctx, ind: &Indicator, o: u32, bench: Bench) -> (Option<f64>, Compared, Compared) {
    let ds = c.ds;
    let p = c.period_of(&ind.id);
    let f = p.and_then(|p| headline(ds, &ind.id, o, p)).unwrap_or_default();
    let value = p.and_then(|p| comparator(ds, ind, o, p, bench, &c.peers).1);
    let same = || p.map(|p| same_type_values(ds, &ind.id, o, p)).unwrap_or_default();
    let (c95, c998, _) = compare_figure(ind, &f, value, same);
    (f.value, c95, c998)
}

fn rug(c: &Ctx, orgs: &[u32], bench: Bench) -> Rug {
    let inds = &c.ds.manifest().indicators;
    let rows = orgs
        .iter()
        .map(|&o| RugRow {
            org: c.org_ref(o),
            selected: o == c.org,
            cells: inds
                .iter()
                .map(|ind| {
                    let (value, comparison, _) = cell(c, ind, o, bench);
                    RugCell { value, comparison }
                })
                .collect(),
        })
        .collect();
    Rug { indicators: inds.iter().map(|i| i.id.clone()).collect(), rows }
}

/// The home organisation's members: the organisations below it of the
/// highest level (lowest `org_types` level) that has data in the bundle — a
/// data file that may hold that type — so England's overview compares
/// organisations with values (integrated care boards in a bundle whose
/// regions are only a hierarchy, counties where the regions have no rows).
/// Without any such type, its children in the main hierarchy (whose first
/// parent it is) of the level just below it. None when `org` is not the home
/// organisation or has nobody below it.
pub(crate) fn home_members(ds: &Dataset, org: u32) -> Option<Vec<u32>> {
    let m = ds.manifest();
    let h = ds.hierarchy();
    m.home_organisation().filter(|o| o.code == ds.org_code(org))?;
    let type_of = |o: u32| ds.org_at(o).map(|x| x.org_type.as_str()).unwrap_or_default();
    let level = |t: &str| m.org_types.iter().find(|x| x.id == t).map_or(u32::MAX, |x| x.level);
    let below: Vec<u32> = h.descendants(org).into_iter().filter(|&o| o != org).collect();
    let has_data = |t: &str| m.files.iter().any(|f| f.holds_type(t));
    let with_data = below.iter().map(|&o| type_of(o)).filter(|t| has_data(t)).min_by_key(|t| level(t));
    if let Some(t) = with_data {
        let mut members: Vec<u32> = below.iter().copied().filter(|&o| type_of(o) == t).collect();
        members.sort_unstable();
        return Some(members);
    }
    let main: Vec<u32> = h.children(org).iter().copied().filter(|&o| h.parents(o).first() == Some(&org)).collect();
    let next = main.iter().map(|&o| type_of(o)).min_by_key(|t| level(t))?;
    Some(main.iter().copied().filter(|&o| type_of(o) == next).collect())
}

/// Each indicator's (in the manifest's order) `members` compared with
/// England at 99.8%.
fn member_counts(c: &Ctx, members: &[u32]) -> Vec<MemberCounts> {
    let m = c.ds.manifest();
    m.indicators
        .iter()
        .map(|ind| {
            let mut n = MemberCounts::default();
            for &o in members {
                n.add(cell(c, ind, o, Bench::England).2);
            }
            n
        })
        .collect()
}

/// Domain cards summing the member × indicator comparisons of `counts`
/// (one per indicator, in the manifest's order), unrated.
fn member_cards(m: &crate::bundle::Manifest, counts: &[MemberCounts]) -> (Vec<DomainRating>, DomainRating) {
    let card = |domain: &str, name: &str, kind: &str, keep: &dyn Fn(&Indicator) -> bool| {
        let mut n = MemberCounts::default();
        for (_, k) in m.indicators.iter().zip(counts).filter(|(i, _)| keep(i)) {
            n += *k;
        }
        DomainRating {
            domain: domain.into(),
            name: name.into(),
            kind: kind.into(),
            level: None,
            label: None,
            better: n.better,
            similar: n.similar,
            worse: n.worse,
            not_rated: n.not_compared,
        }
    };
    let domains = m.domains.iter().map(|d| card(&d.id, &d.name, &d.kind, &|i: &Indicator| i.domains.contains(&d.id))).collect();
    (domains, card("", "Overall", "", &|_: &Indicator| true))
}

pub(super) fn overview(c: &Ctx) -> Overview {
    let m = c.ds.manifest();
    let mut rows: Vec<(OverviewRow, Compared)> = m.indicators.iter().map(|i| row(c, i)).collect();
    let members = home_members(c.ds, c.org);
    let (ratings, overall) = match &members {
        Some(ms) => {
            let counts = member_counts(c, ms);
            for ((r, _), n) in rows.iter_mut().zip(&counts) {
                r.members = Some(*n);
            }
            member_cards(m, &counts)
        }
        None => domain_ratings(m, &rows.iter().map(|(r, k)| (r.indicator.as_str(), *k)).collect::<Vec<_>>()),
    };
    let mut domains: Vec<DomainRows> = m
        .domains
        .iter()
        .map(|d| DomainRows {
            domain: d.id.clone(),
            name: d.name.clone(),
            kind: d.kind.clone(),
            rows: m.indicators.iter().zip(&rows).filter(|(i, _)| i.domains.contains(&d.id)).map(|(_, r)| r.0.clone()).collect(),
        })
        .collect();
    let orphans: Vec<OverviewRow> =
        m.indicators.iter().zip(&rows).filter(|(i, _)| !i.domains.iter().any(|d| m.domains.iter().any(|x| &x.id == d))).map(|(_, r)| r.0.clone()).collect();
    if !orphans.is_empty() {
        domains.push(DomainRows { domain: String::new(), name: "Other indicators".into(), kind: String::new(), rows: orphans });
    }
    let member_count = members.as_ref().map_or(0, Vec::len);
    let (rug, members) = match members {
        Some(ms) => (
            rug(c, &ms, Bench::England),
            ms.first().and_then(|&o| c.ds.org_at(o)).map(|o| m.org_types.iter().find(|t| t.id == o.org_type).map_or(&o.org_type, |t| &t.name).clone()),
        ),
        None => (rug(c, &std::iter::once(c.org).chain(c.peers.iter().copied()).collect::<Vec<_>>(), c.s.bench), None),
    };
    Overview { bench: c.s.bench, peers: c.peer_group(), ratings, overall, domains, rug, members, member_count }
}

#[cfg(test)]
mod tests {
    use super::super::tests::run;
    use super::super::Figures;
    use crate::query::Compared;

    fn overview(q: &str) -> super::Overview {
        match run(q).figures {
            Figures::Overview(o) => o,
            other => panic!("{other:?}"),
        }
    }

    // P1 (teaching cluster: P2, P5) against England in each indicator's latest period:
    // ae 80% vs 76.47 → better at 95%, similar at 99.8%; obesity 25.5% vs 26.0 (n = 10 000,
    // 99.8% limits about ±1.35) → similar; beds 5.0 vs 5.588 per 1 000 (50 events,
    // Byar 99.8% limits about 3.3–7.2) → similar. So every domain rates 2 ("Good").
    #[test]
    fn p1_overview_worked_by_hand() {
        let o = overview("org=P1");
        let urgent = &o.domains[0];
        assert_eq!((urgent.domain.as_str(), urgent.rows.len()), ("urgent", 2));
        let ae = &urgent.rows[0];
        assert_eq!((ae.period.as_deref(), ae.figure.value), (Some("Mar 2024"), Some(80.0)));
        assert_eq!((ae.benchmark.comparison_95, ae.benchmark.comparison_998), (Compared::Better, Compared::Similar));
        assert_eq!(ae.benchmark.comparator.as_deref(), Some("England"));
        // Peers P2 75, P5 70 and P1 80: P1 best → rank 1 of 3, percentile (2 + ½) / 3.
        assert_eq!((ae.peer_rank, ae.peer_of), (Some(1), 3));
        assert!((ae.peer_percentile.unwrap() - 250.0 / 3.0).abs() < 1e-9);
        assert_eq!(ae.sparkline.len(), 12);
        assert_eq!((ae.variation, ae.assurance), (Some("special_cause_improving"), Some("consistently_failing")));
        assert!(o.ratings.iter().all(|r| r.level == Some(2)), "{:?}", o.ratings);
        assert_eq!(o.overall.similar, 3);
        // The rug: P1 then its peers, one cell per indicator.
        let codes: Vec<&str> = o.rug.rows.iter().map(|r| r.org.code.as_str()).collect();
        assert_eq!(codes, vec!["P1", "P2", "P5"]);
        assert_eq!(o.rug.indicators, vec!["ae", "obesity", "beds"]);
        assert_eq!(o.rug.rows[0].cells[0].comparison, Compared::Better);
        assert!(o.rug.rows[0].selected && !o.rug.rows[1].selected);
    }

    #[test]
    fn england_is_shown_but_not_compared_with_itself() {
        let o = overview("");
        let ae = &o.domains[0].rows[0];
        assert_eq!(ae.benchmark.comparison_95, Compared::NotCompared);
        assert!(o.overall.level.is_none());
        assert!(o.peers.members.is_empty(), "England has no peers of its type");
    }

    // England's members are its regions R1 and R2: the rug has their rows,
    // each cell against England, and the cards count their comparisons.
    #[test]
    fn englands_overview_compares_its_regions_with_england() {
        let o = overview("");
        assert_eq!(o.members.as_deref(), Some("region"));
        let headings = |o: &super::Overview, home: &str| crate::view::display::overview_headings(o, home);
        assert_eq!(headings(&o, "England"), ("2 regions compared with England (99.8% limits)".to_string(), "2 regions against England".to_string()));
        assert_eq!(headings(&overview("org=P1"), "Provider One"), ("Ratings".to_string(), "Against England".to_string()));
        let codes: Vec<&str> = o.rug.rows.iter().map(|r| r.org.code.as_str()).collect();
        assert_eq!(codes, vec!["R1", "R2"]);
        assert!(o.rug.rows.iter().all(|r| !r.selected));
        let compared = o.rug.rows.iter().flat_map(|r| &r.cells).filter(|c| c.comparison != Compared::NotCompared).count();
        assert!(compared > 0, "{:?}", o.rug);
        let counted = o.overall.better + o.overall.similar + o.overall.worse;
        assert!(counted > 0, "{:?}", o.overall);
        assert_eq!(counted + o.overall.not_rated, 2 * o.rug.indicators.len());
        assert!(o.overall.level.is_none() && o.ratings.iter().all(|r| r.level.is_none()));
        let per_domain: usize = o.ratings.iter().map(|r| r.better + r.similar + r.worse + r.not_rated).sum();
        assert!(per_domain >= 2, "{:?}", o.ratings);
        // Each of England's rows counts its regions against it (2 each), and
        // the cards are those counts summed.
        let rows: Vec<_> = o.domains.iter().flat_map(|d| &d.rows).collect();
        assert!(rows.iter().all(|r| r.members.is_some_and(|n| n.better + n.similar + n.worse + n.not_compared == 2)), "{rows:?}");
        let sum = |f: fn(&super::MemberCounts) -> usize| {
            let mut seen = std::collections::HashSet::new();
            rows.iter().filter(|r| seen.insert(r.indicator.clone())).map(|r| f(r.members.as_ref().unwrap())).sum::<usize>()
        };
        assert_eq!((sum(|n| n.better), sum(|n| n.similar), sum(|n| n.worse)), (o.overall.better, o.overall.similar, o.overall.worse));
        // Anyone else's overview is unchanged: it rates the organisation.
        let p1 = overview("org=P1");
        assert_eq!(p1.members, None);
        assert!(p1.domains.iter().flat_map(|d| &d.rows).all(|r| r.members.is_none()));
    }

    // A bundle whose regions have no rows (the real A&E bundle: data for
    // ICBs and trusts only) compares England's ICBs, the highest level with data.
    #[test]
    fn englands_members_are_the_highest_level_with_data() {
        use crate::table::fixture;
        let mut m = fixture::manifest();
        for f in &mut m.files {
            f.org_types = vec!["country".into(), "icb".into(), "provider".into()];
        }
        let ds = fixture::dataset_with(m);
        let (s, _) = crate::view::resolve(crate::view::parse_query(""), ds.manifest());
        let Figures::Overview(o) = crate::view::compute(&ds, &s).figures else { panic!() };
        let codes: Vec<&str> = o.rug.rows.iter().map(|r| r.org.code.as_str()).collect();
        assert_eq!((codes, o.members.as_deref(), o.member_count), (vec!["I1", "I2", "I3"], Some("icb"), 3));
    }

    // A bundle may hang other types from England too (local authorities):
    // the members are the level just below it, the regions.
    #[test]
    fn englands_members_are_the_level_just_below_it() {
        use crate::bundle::{OrgType, Organisation};
        use crate::table::fixture;
        let mut m = fixture::manifest();
        m.org_types.push(OrgType { id: "la".into(), name: "la".into(), level: 3 });
        let mut la = m.organisations.iter().find(|o| o.code == "R1").unwrap().clone();
        (la.code, la.org_type) = ("L1".into(), "la".into());
        m.organisations.insert(0, Organisation { ..la });
        let ds = fixture::dataset_with(m);
        let (s, _) = crate::view::resolve(crate::view::parse_query(""), ds.manifest());
        let Figures::Overview(o) = crate::view::compute(&ds, &s).figures else { panic!() };
        let codes: Vec<&str> = o.rug.rows.iter().map(|r| r.org.code.as_str()).collect();
        assert_eq!((codes, o.members.as_deref()), (vec!["R1", "R2"], Some("region")));
    }
}
