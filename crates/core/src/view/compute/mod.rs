//! Every figure a view shows, computed from a [`Dataset`] and a resolved
//! [`ViewState`]: the one function the app renders from and `healthdash
//! query` prints, so the two cannot disagree.
//!
//! [`compute`] first checks the state's period labels against the loaded data
//! ([`super::resolve_periods`]), then dispatches to one file per view. The
//! result is one serialisable struct, tagged by view; "no data" is always a
//! value in it (an empty figure, a note), never an error.

mod compare;
mod inequalities;
mod map;
mod overview;
mod own;
mod peers;
mod report;
mod table;
mod trend;

pub use compare::{CompareRow, CompareView};
pub use map::{map_level, MapRow, MapView};
pub(crate) use overview::home_members;
pub use overview::{DomainRows, MemberCounts, Overview, OverviewRow, Rug, RugCell, RugRow, Spark};
pub use own::OwnBasis;
pub use peers::{PeersView, Position};
pub use report::{MemberSummary, ReportDomain, ReportRow, ReportView};
pub use table::TableView;
pub use trend::{BenchPoint, BenchSeries, GroupPoint, GroupSeries, TrendView};

use super::{resolve_periods, Notice, ViewState};
use crate::bundle::{Indicator, Manifest};
use crate::query::{comparator_value, england_comparator, find_peers, period_or_latest, Comparator, InequalitySlice, OrgRef, PeerGroup};
use crate::table::{Dataset, Period};
use serde::Serialize;

/// What every view says about its source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BundleInfo {
    pub title: String,
    pub publisher: String,
    pub licence: String,
    pub attribution: String,
    pub published: String,
    /// The release shown (`Manifest::release_id`: its publication date unless set).
    pub release: String,
    pub demonstration: bool,
}

impl BundleInfo {
    fn of(m: &Manifest) -> BundleInfo {
        BundleInfo {
            title: m.title.clone(),
            publisher: m.publisher.clone(),
            licence: m.licence.clone(),
            attribution: m.attribution.clone(),
            published: m.published.clone(),
            release: m.release_id().to_string(),
            demonstration: m.demonstration,
        }
    }
}

/// The figures of one view, tagged `"view": "<name>"` in JSON. (One value
/// per computed view, never stored in bulk, so variant sizes do not matter.)
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "view", rename_all = "snake_case")]
pub enum Figures {
    Overview(Overview),
    Trend(TrendView),
    Compare(CompareView),
    Inequalities(InequalitySlice),
    Peers(PeersView),
    Report(ReportView),
    Table(TableView),
    Map(MapView),
    /// The bundle has no organisation or indicator to show.
    NoData {
        reason: String,
    },
}

/// Everything a view shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ViewResult {
    /// The canonical query string of what is shown (after period checks).
    pub query: String,
    /// Parameters the data could not honour (period labels); the caller adds
    /// the notices of [`super::resolve`] in front.
    pub notices: Vec<Notice>,
    pub bundle: BundleInfo,
    pub org: Option<OrgRef>,
    /// The selected indicator's definition.
    pub indicator: Option<Indicator>,
    /// The selected indicator's period shown.
    pub period: Option<String>,
    #[serde(flatten)]
    pub figures: Figures,
}

/// What the view files share: the dataset, the checked state, the
/// organisation, indicator, period range and peers.
pub(crate) struct Ctx<'a> {
    pub ds: &'a Dataset,
    pub s: &'a ViewState,
    pub org: u32,
    pub from: Option<i32>,
    pub to: Option<i32>,
    pub peers: Vec<u32>,
}

impl Ctx<'_> {
    pub fn org_ref(&self, id: u32) -> OrgRef {
        self.ds.org_at(id).map(OrgRef::of).unwrap_or_else(|| OrgRef::code_only(self.ds.org_code(id)))
    }

    /// The period of `indicator` to show: the state's label where the
    /// indicator has it, else its latest.
    pub fn period_of(&self, indicator: &str) -> Option<u32> {
        period_or_latest(self.ds, indicator, self.s.period.as_deref())
    }

    pub fn period(&self, indicator: &str, p: u32) -> Option<&Period> {
        self.ds.periods(indicator).get(p as usize)
    }

    pub fn label(&self, indicator: &str, p: Option<u32>) -> Option<String> {
        p.and_then(|p| self.period(indicator, p)).map(|x| x.label.clone())
    }

    /// England (the home organisation) as the comparator of `ind`: its
    /// published rows, or rolled up from one member type when the bundle has
    /// none (see `query::benchmark`).
    pub fn england(&self, ind: &Indicator) -> Option<Comparator> {
        england_comparator(self.ds, ind)
    }

    /// England's value of `ind` in period `p`, published or rolled up.
    pub fn england_value(&self, england: Option<&Comparator>, ind: &Indicator, p: u32) -> Option<f64> {
        comparator_value(self.ds, ind, england?, self.org, p, &[])
    }

    pub fn peer_group(&self) -> PeerGroup {
        crate::query::peer_group(self.ds, self.ds.org_code(self.org), &self.s.peers)
    }
}

/// Computes every figure of `state`'s view from `dataset` (see the module docs).
pub fn compute(dataset: &Dataset, state: &ViewState) -> ViewResult {
    let (s, notices) = resolve_periods(state, dataset);
    let m = dataset.manifest();
    let ind = m.indicator(&s.ind);
    let org = dataset.hierarchy().id(&s.org);
    let start = |label: &Option<String>| label.as_deref().and_then(|l| dataset.period(&s.ind, l)).map(|p| p.start);
    let (from, to) = match &s.time {
        Some(t) => (start(&t.start), start(&t.end)),
        None => (None, None),
    };
    let mut result = ViewResult {
        query: s.to_query(),
        notices,
        bundle: BundleInfo::of(m),
        org: org.and_then(|o| m.organisations.get(o as usize)).map(OrgRef::of),
        indicator: ind.cloned(),
        period: None,
        figures: Figures::NoData { reason: String::new() },
    };
    let Some(org) = org else {
        result.figures = Figures::NoData { reason: "the bundle lists no organisation to show".into() };
        return result;
    };
    let peers = find_peers(dataset, org, &s.peers).ids;
    let ctx = Ctx { ds: dataset, s: &s, org, from, to, peers };
    result.period = ind.and_then(|i| ctx.label(&i.id, ctx.period_of(&i.id)));
    let needs_indicator = || Figures::NoData { reason: "the bundle lists no indicator to show".into() };
    result.figures = match (s.view, ind) {
        (super::View::Overview, _) => Figures::Overview(overview::overview(&ctx)),
        (super::View::Peers, _) => Figures::Peers(peers::peers(&ctx)),
        (super::View::Report, _) => Figures::Report(report::report(&ctx)),
        (_, None) => needs_indicator(),
        (super::View::Trend, Some(i)) => Figures::Trend(trend::trend(&ctx, i)),
        (super::View::Compare, Some(i)) => Figures::Compare(compare::compare(&ctx, i)),
        (super::View::Inequalities, Some(i)) => match inequalities::inequalities(&ctx, i) {
            Some(q) => Figures::Inequalities(q),
            None => needs_indicator(),
        },
        (super::View::Table, Some(i)) => Figures::Table(table::table(&ctx, i)),
        (super::View::Map, Some(i)) => Figures::Map(map::map(&ctx, i)),
    };
    result
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::table::fixture;
    use crate::view::{parse_query, resolve, View};

    pub(crate) fn run(q: &str) -> ViewResult {
        let ds = fixture::dataset();
        let (s, _) = resolve(parse_query(q), ds.manifest());
        compute(&ds, &s)
    }

    /// Fails on a JSON object with a repeated key (which `#[serde(flatten)]` could make).
    fn assert_unique_keys(json: &str) {
        use serde::de::{Deserialize, Deserializer, Error, MapAccess, SeqAccess, Visitor};
        struct Unique;
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Unique;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Unique, A::Error> {
                let mut seen = std::collections::HashSet::new();
                while let Some(k) = m.next_key::<String>()? {
                    if !seen.insert(k.clone()) {
                        return Err(A::Error::custom(format!("duplicate key \"{k}\"")));
                    }
                    m.next_value::<Unique>()?;
                }
                Ok(Unique)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Unique, A::Error> {
                while s.next_element::<Unique>()?.is_some() {}
                Ok(Unique)
            }
            fn visit_str<E>(self, _: &str) -> Result<Unique, E> {
                Ok(Unique)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Unique, E> {
                Ok(Unique)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Unique, E> {
                Ok(Unique)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Unique, E> {
                Ok(Unique)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Unique, E> {
                Ok(Unique)
            }
            fn visit_unit<E>(self) -> Result<Unique, E> {
                Ok(Unique)
            }
        }
        impl<'de> Deserialize<'de> for Unique {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Unique, D::Error> {
                d.deserialize_any(V)
            }
        }
        if let Err(e) = serde_json::from_str::<Unique>(json) {
            panic!("{e}");
        }
    }

    #[test]
    fn every_view_computes_and_serialises_with_its_tag_and_unique_keys() {
        for v in View::ALL {
            let r = run(&format!("view={}&org=P1&ind=obesity", v.id()));
            assert_unique_keys(&serde_json::to_string(&r).unwrap());
            let json = serde_json::to_value(&r).unwrap();
            assert_eq!(json["view"], v.id(), "{v:?}");
            assert_eq!(json["org"]["code"], "P1");
            assert_eq!(json["bundle"]["title"], "Fixture");
            assert_eq!(r.period.as_deref(), Some("2023"));
        }
    }

    proptest::proptest! {
        // Any mix of values, known or not, gives an answer (and a CSV), never a panic.
        #[test]
        fn any_link_computes(
            view in proptest::sample::select(View::ALL.to_vec()),
            org in proptest::sample::select(vec!["E92000001", "R2", "I3", "P1", "P4", "ZZ"]),
            ind in proptest::sample::select(vec!["ae", "obesity", "beds", "nope"]),
            period in proptest::sample::select(vec!["", "2022", "Jun 2023", "2023/24", "x"]),
            time in proptest::sample::select(vec!["", "2020..", "..Jan+2024", "2023..2019", "a..b"]),
            rest in proptest::sample::select(vec!["", "peers=nn:2", "peers=type", "peers=P2~P3", "bench=parent", "bench=peers", "breakdown=deprivation", "breakdown=ethnicity", "level=icb", "target=decile"]),
        ) {
            let r = run(&format!("view={}&org={org}&ind={ind}&period={period}&time={time}&{rest}", view.id()));
            let _ = crate::view::view_csv(&r);
            assert_unique_keys(&serde_json::to_string(&r).unwrap());
        }
    }

    #[test]
    fn unknown_periods_become_notices_and_the_query_drops_them() {
        let r = run("view=trend&ind=obesity&period=1990");
        assert_eq!(r.notices.len(), 1);
        assert_eq!(r.query, "view=trend&ind=obesity");
        assert_eq!(r.period.as_deref(), Some("2023"));
    }

    #[test]
    fn an_empty_bundle_is_no_data_not_a_panic() {
        let mut m = fixture::manifest();
        m.organisations.clear();
        m.indicators.clear();
        let ds = Dataset::new(m);
        for v in View::ALL {
            let (s, _) = resolve(parse_query(&format!("view={}", v.id())), ds.manifest());
            let r = compute(&ds, &s);
            assert!(matches!(r.figures, Figures::NoData { .. }));
        }
        // Organisations but no values loaded: every view still answers.
        let ds = Dataset::new(fixture::manifest());
        for v in View::ALL {
            let (s, _) = resolve(parse_query(&format!("view={}&org=I1", v.id())), ds.manifest());
            let _ = serde_json::to_string(&compute(&ds, &s)).unwrap();
        }
    }
}
