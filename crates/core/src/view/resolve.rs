//! Stage two of reading a link: the parsed parameters resolved against a
//! bundle. Anything the bundle does not know (an organisation code, an
//! indicator id, a level, peer codes, a period label) falls back to the
//! default with a [`Notice`] saying so; nothing here fails.
//!
//! Period labels live in the values, not the manifest, so they are checked in
//! a second step, [`resolve_periods`], once the indicator's data is loaded
//! ([`super::compute`] does it itself).
//!
//! A link that names no `ind` shows its view's default indicator: the
//! bundle's first indicator with data, except in the inequalities view, which
//! opens on the first indicator whose manifest entry lists `breakdowns` (the
//! combinations of dimensions its values are cut by; written by `healthdash
//! build`, `index` and `synth`), so it does not open on "no breakdown" when another indicator has
//! some. The choice is made from the manifest alone, before any data is
//! loaded, so the files a view needs ([`super::files_needed`]) follow from
//! the link; a bundle without the hint falls back to the first indicator.
//! `slice` and `within` must name dimensions the manifest declares (and
//! `within`'s category one the dimension lists), else they are dropped with
//! a notice naming the bundle's dimensions.
//! The written link still names no `ind` ([`ViewState::to_query`] leaves out
//! the view's own default), and switching views with
//! [`ViewState::with_view`] keeps it so.

use super::notice::Notice;
use super::parse::RawView;
use super::state::{Defaults, ViewState};
use crate::bundle::Manifest;
use crate::params::Param;
use crate::params::{PeerSpec, TimeRange};
use crate::table::Dataset;

/// The bundle's default view: its country-level organisation, its first
/// indicator with data, and its default peer group.
pub fn default_view(manifest: &Manifest) -> ViewState {
    let org = manifest.home_organisation().map(|o| o.code.clone()).unwrap_or_default();
    let with_data = || manifest.indicators.iter().filter(|i| manifest.file_for(&i.id).is_some());
    let ind = with_data().next().or(manifest.indicators.first()).map(|i| i.id.clone()).unwrap_or_default();
    let ineq_ind = with_data().find(|i| !i.breakdowns.is_empty()).map(|i| i.id.clone()).unwrap_or_else(|| ind.clone());
    ViewState::with_defaults(Defaults { org, ind, ineq_ind, peers: PeerSpec::default_for(!manifest.peer_clusters.is_empty()) })
}

/// The canonical code of `code` in the bundle: an exact match, else the one
/// organisation whose code matches ignoring ASCII case.
fn find_org(manifest: &Manifest, code: &str) -> Option<String> {
    if manifest.organisation(code).is_some() {
        return Some(code.to_string());
    }
    let mut hits = manifest.organisations.iter().filter(|o| o.code.eq_ignore_ascii_case(code));
    match (hits.next(), hits.next()) {
        (Some(o), None) => Some(o.code.clone()),
        _ => None,
    }
}

/// Resolves parsed parameters against `manifest`. The notices returned are the
/// parser's followed by this stage's.
pub fn resolve(raw: RawView, manifest: &Manifest) -> (ViewState, Vec<Notice>) {
    let mut notices = raw.notices;
    let mut s = default_view(manifest);
    let org_name = |code: &str| manifest.organisation(code).map(|o| o.name.clone()).unwrap_or_else(|| code.to_string());
    if let Some(v) = raw.view {
        s = s.with_view(v);
    }
    if let Some(code) = raw.org {
        match find_org(manifest, &code) {
            Some(c) => s.org = c,
            None => notices.push(Notice::new(Param::Org.name(), &code, format!("no organisation with this code in the bundle; showing {}", org_name(&s.org)))),
        }
    }
    if let Some(id) = raw.ind {
        if manifest.indicator(&id).is_some() {
            s.ind = id;
        } else {
            let name = manifest.indicator(&s.ind).map(|i| i.name.as_str()).unwrap_or("no indicator");
            notices.push(Notice::new(Param::Ind.name(), &id, format!("no indicator with this id in the bundle; showing {name}")));
        }
    }
    s.period = raw.period;
    s.time = raw.time;
    s.breakdown = raw.breakdown;
    // Dimensions by their manifest id; a category of `within` must be one
    // the dimension lists (when it lists any).
    let dimension = |id: &str| manifest.dimension(id);
    if let Some(d) = raw.slice {
        match dimension(&d) {
            Some(_) => s.slice = Some(d),
            None => notices.push(Notice::new(
                Param::Slice.name(),
                &d,
                format!("no dimension with this id in the bundle ({}); showing groups by kind", dimension_ids(manifest)),
            )),
        }
    }
    if let Some(w) = raw.within {
        let shown = w.encoded();
        match dimension(&w.dimension) {
            None => notices.push(Notice::new(
                Param::Within.name(),
                &shown,
                format!("no dimension with this id in the bundle ({}); ignored", dimension_ids(manifest)),
            )),
            Some(_) if s.slice.as_deref() == Some(w.dimension.as_str()) => {
                notices.push(Notice::new(Param::Within.name(), &shown, "the same dimension as slice; ignored"));
            }
            Some(d) if w.category.as_ref().is_some_and(|c| !d.categories.is_empty() && !d.categories.contains(c)) => {
                notices.push(Notice::new(Param::Within.name(), &shown, format!("not a category of {} (one of {}); ignored", d.name, d.categories.join(", "))))
            }
            Some(_) => s.within = Some(w),
        }
    }
    if let Some(l) = raw.layout {
        s.layout = l;
    }
    if let Some(p) = raw.peers {
        s.peers = resolve_peers(p, manifest, &s.peers, &mut notices);
    }
    if let Some(t) = raw.target {
        s.target = t;
    }
    if let Some(b) = raw.bench {
        s.bench = b;
    }
    if let Some(m) = raw.method {
        s.method = m;
    }
    if let Some(level) = raw.level {
        let known = manifest.org_types.iter().any(|t| t.id == level) || manifest.organisations.iter().any(|o| o.org_type == level);
        let own = manifest.organisation(&s.org).map(|o| o.org_type.as_str());
        if !known {
            notices.push(Notice::new(Param::Level.name(), &level, "no organisation type with this id in the bundle; showing the organisation's own type"));
        } else if own != Some(level.as_str()) {
            s.level = Some(level);
        }
    }
    if let Some(c) = raw.colour {
        s.colour = c;
    }
    s.data = raw.data;
    s.embed = raw.embed;
    (s, notices)
}

/// The bundle's dimension ids, for notices.
fn dimension_ids(manifest: &Manifest) -> String {
    match manifest.dimensions.len() {
        0 => "it declares none".into(),
        _ => format!("it has {}", manifest.dimensions.iter().map(|d| d.id.as_str()).collect::<Vec<_>>().join(", ")),
    }
}

fn resolve_peers(p: PeerSpec, manifest: &Manifest, default: &PeerSpec, notices: &mut Vec<Notice>) -> PeerSpec {
    let name = Param::Peers.name();
    match p {
        PeerSpec::Cluster if manifest.peer_clusters.is_empty() => {
            notices.push(Notice::new(name, &p.to_param(), "this bundle defines no peer clusters; using organisations of the same type"));
            default.clone()
        }
        PeerSpec::Nearest(_) if manifest.context_variables.is_empty() => {
            notices.push(Notice::new(
                name,
                &p.to_param(),
                "this bundle has no context variables to find nearest neighbours with; using the default peer group",
            ));
            default.clone()
        }
        PeerSpec::List(codes) => {
            let mut kept: Vec<String> = Vec::new();
            for code in codes {
                match find_org(manifest, &code) {
                    Some(c) if !kept.contains(&c) => kept.push(c),
                    Some(_) => {}
                    None => notices.push(Notice::new(name, &code, "not an organisation in the bundle; left out of the peer list")),
                }
            }
            if kept.is_empty() {
                notices.push(Notice::new(name, "", "no listed peer is in the bundle; using the default peer group"));
                default.clone()
            } else {
                PeerSpec::List(kept)
            }
        }
        other => other,
    }
}

/// Checks `state`'s period labels against the loaded values of its indicator:
/// an unknown `period` falls back to the latest, an unknown end of `time` is
/// opened, a backward range is turned round. Without the indicator's data
/// loaded the labels are left as they are.
pub fn resolve_periods(state: &ViewState, dataset: &Dataset) -> (ViewState, Vec<Notice>) {
    let mut s = state.clone();
    let mut notices = Vec::new();
    if !dataset.is_loaded(&s.ind) {
        return (s, notices);
    }
    let start_of = |label: &str| dataset.period(&s.ind, label).map(|p| p.start);
    if let Some(label) = &s.period {
        if start_of(label).is_none() {
            notices.push(Notice::new(Param::Period.name(), label, "no period with this label for the indicator; showing the latest"));
            s.period = None;
        }
    }
    if let Some(t) = s.time.clone() {
        let check = |end: Option<String>, notices: &mut Vec<Notice>| match end {
            Some(l) if start_of(&l).is_none() => {
                notices.push(Notice::new(Param::Time.name(), &l, "no period with this label for the indicator; that end of the range is left open"));
                None
            }
            other => other,
        };
        let (a, b) = (check(t.start, &mut notices), check(t.end, &mut notices));
        s.time = match (a, b) {
            (None, None) => None,
            (Some(a), Some(b)) if start_of(&a) > start_of(&b) => {
                notices.push(Notice::new(Param::Time.name(), &format!("{a}..{b}"), "the range runs backwards; read as END..START"));
                Some(TimeRange { start: Some(b), end: Some(a) })
            }
            (a, b) => Some(TimeRange { start: a, end: b }),
        };
    }
    (s, notices)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::fixture;
    use crate::view::{parse_query, Bench, Breakdown, Target, View};
    use proptest::prelude::*;

    fn round(q: &str) -> (String, Vec<Notice>) {
        let m = fixture::manifest();
        let (s, n) = resolve(parse_query(q), &m);
        (s.to_query(), n)
    }

    #[test]
    fn the_empty_link_is_the_bundles_default_view() {
        let m = fixture::manifest();
        let (s, n) = resolve(parse_query(""), &m);
        assert!(n.is_empty());
        assert_eq!((s.view, s.org.as_str(), s.ind.as_str()), (View::Overview, "E92000001", "ae"));
        assert_eq!(s.peers, PeerSpec::Cluster);
        assert_eq!((s.target, s.bench), (Target::Median, Bench::England));
        assert_eq!(s.to_query(), "view=overview");
    }

    // ae, the first indicator, has no breakdowns; obesity lists three.
    #[test]
    fn the_inequalities_view_opens_on_an_indicator_with_breakdowns() {
        let m = fixture::manifest();
        let (s, n) = resolve(parse_query("view=inequalities"), &m);
        assert!(n.is_empty());
        assert_eq!(s.ind, "obesity");
        assert_eq!(s.to_query(), "view=inequalities", "a link naming no ind still names none");
        let (s, _) = resolve(parse_query("view=inequalities&ind=ae"), &m);
        assert_eq!((s.ind.as_str(), s.to_query().as_str()), ("ae", "view=inequalities&ind=ae"));
        // Other views keep the first indicator; obesity named there is written.
        let (s, _) = resolve(parse_query("view=trend"), &m);
        assert_eq!(s.ind, "ae");
        assert_eq!(resolve(parse_query("view=trend&ind=obesity"), &m).0.to_query(), "view=trend&ind=obesity");
        // Switching view: the default indicator follows the view, a chosen one stays.
        let ineq = s.with_view(View::Inequalities);
        assert_eq!((ineq.ind.as_str(), ineq.to_query().as_str()), ("obesity", "view=inequalities"));
        assert_eq!(ineq.with_view(View::Trend).to_query(), "view=trend");
        let mut chosen = s.clone();
        chosen.ind = "beds".into();
        assert_eq!(chosen.with_view(View::Inequalities).to_query(), "view=inequalities&ind=beds");
        // Without the manifest hint the view falls back to the first indicator.
        let mut bare = m.clone();
        bare.indicators.iter_mut().for_each(|i| i.breakdowns.clear());
        assert_eq!(resolve(parse_query("view=inequalities"), &bare).0.ind, "ae");
    }

    #[test]
    fn a_full_link_survives_the_round_trip_unchanged() {
        let q = "view=trend&org=P1&ind=obesity&period=2023&time=2020..2023&breakdown=sex&peers=nn:3&target=decile&bench=peers&level=icb&colour=quintile&data=/b/manifest.json&embed=1";
        assert_eq!(round(q), (q.to_string(), vec![]));
    }

    #[test]
    fn defaults_are_left_out_and_case_is_canonicalised() {
        assert_eq!(round("view=overview&org=e92000001&peers=cluster&target=median&bench=england&colour=significance").0, "view=overview");
        assert_eq!(round("org=p1&level=provider").0, "org=P1", "level equal to the org's own type is the default");
        assert_eq!(round("peers=p2~P3~p2").0, "peers=P2~P3");
    }

    #[test]
    fn unknown_values_fall_back_with_a_notice_each() {
        let cases = [
            ("org=Q99", "org", "view=overview"),
            ("ind=nope", "ind", "view=overview"),
            ("level=galaxy", "level", "view=overview"),
            ("peers=Q1~Q2", "peers", "view=overview"),
        ];
        for (q, param, expect) in cases {
            let (out, n) = round(q);
            assert_eq!(out, expect, "{q}");
            assert!(!n.is_empty() && n.iter().all(|x| x.param == param), "{q}: {n:?}");
        }
        let (out, n) = round("peers=Q1~P2");
        assert_eq!(out, "peers=P2");
        assert_eq!(n.len(), 1);
        assert!(n[0].to_string().starts_with("peers=Q1: not an organisation"));
        let (_, n) = round("org=Q99");
        assert_eq!(n[0].reason, "no organisation with this code in the bundle; showing England");
    }

    #[test]
    fn slices_are_checked_against_the_bundles_dimensions() {
        let q = "view=inequalities&org=P1&slice=ethnicity&within=deprivation_quintile:1&layout=crosstab";
        assert_eq!(round(q), (q.to_string(), vec![]));
        let (out, n) = round("view=inequalities&slice=religion&within=deprivation_quintile:11&layout=pyramid");
        assert_eq!(out, "view=inequalities&layout=pyramid");
        let reasons: Vec<String> = n.iter().map(|x| x.to_string()).collect();
        assert_eq!(
            reasons,
            [
                "slice=religion: no dimension with this id in the bundle (it has ethnicity, deprivation_decile, deprivation_quintile, sex, age); showing groups by kind",
                "within=deprivation_quintile:11: not a category of Deprivation quintile (one of 1, 2, 3, 4, 5); ignored",
            ]
        );
        assert_eq!(round("slice=sex&within=sex:Male").1[0].reason, "the same dimension as slice; ignored");
    }

    #[test]
    fn peer_kinds_the_bundle_cannot_support_fall_back() {
        let mut m = fixture::manifest();
        m.peer_clusters.clear();
        m.context_variables.clear();
        let (s, n) = resolve(parse_query("peers=cluster"), &m);
        assert_eq!((s.peers.clone(), n.len()), (PeerSpec::Type, 1));
        assert_eq!(s.to_query(), "view=overview", "type is this bundle's default");
        let (s, n) = resolve(parse_query("peers=nn:4"), &m);
        assert_eq!((s.peers, n.len()), (PeerSpec::Type, 1));
    }

    #[test]
    fn periods_are_checked_against_the_data() {
        let ds = fixture::dataset();
        let m = ds.manifest().clone();
        let (s, _) = resolve(parse_query("ind=obesity&period=1999&time=2023..2020"), &m);
        let (s, n) = resolve_periods(&s, &ds);
        assert_eq!(s.period, None);
        assert_eq!(s.time, Some(TimeRange { start: Some("2020".into()), end: Some("2023".into()) }));
        assert_eq!(n.iter().map(|x| x.param.as_str()).collect::<Vec<_>>(), vec!["period", "time"]);
        let (s, _) = resolve(parse_query("ind=obesity&time=2021..1999"), &m);
        let (s, n) = resolve_periods(&s, &ds);
        assert_eq!(s.time, Some(TimeRange { start: Some("2021".into()), end: None }));
        assert_eq!(n.len(), 1);
        let (s, _) = resolve(parse_query("ind=obesity&period=2022"), &m);
        assert_eq!(resolve_periods(&s, &ds), (s.clone(), vec![]));
    }

    fn arb_state() -> impl Strategy<Value = String> {
        let views = prop::sample::select(View::ALL.to_vec());
        let orgs = prop::sample::select(vec!["E92000001", "R1", "I1", "I2", "P1", "P2", "P3", "P4", "e92000001", "Q9"]);
        let inds = prop::sample::select(vec!["ae", "obesity", "beds", "x"]);
        let peers = prop::sample::select(vec!["cluster", "type", "nn:1", "nn:50", "P1~P2", "P3", "nn:99", "Q~P4"]);
        let breakdowns = prop::option::of(prop::sample::select(Breakdown::ALL.to_vec()));
        let levels = prop::option::of(prop::sample::select(vec!["provider", "icb", "region", "country", "moon"]));
        let periods = prop::option::of(prop::sample::select(vec!["2023", "Apr 2024", "2021/22 Q3", "a&b"]));
        let colours = prop::sample::select(crate::params::Colour::ALL.to_vec());
        (views, orgs, inds, peers, breakdowns, levels, periods, (any::<bool>(), colours)).prop_map(|(v, o, i, p, b, l, per, (e, c))| {
            let mut q = format!("view={}&org={o}&ind={i}&peers={p}&colour={}", v.id(), c.id());
            if let Some(b) = b {
                q.push_str(&format!("&breakdown={}", b.id()));
            }
            if let Some(l) = l {
                q.push_str(&format!("&level={l}"));
            }
            if let Some(per) = per {
                q.push_str(&format!("&period={}&time={}..", crate::params::encode(per, &[]), crate::params::encode(per, &['.'])));
            }
            if e {
                q.push_str("&embed=1");
            }
            q
        })
    }

    proptest! {
        // parse → resolve → to_query is idempotent, and a canonical link reads without notices.
        #[test]
        fn canonical_links_are_fixed_points(q in arb_state()) {
            let (once, _) = round(&q);
            let (twice, notices) = round(&once);
            prop_assert_eq!(&once, &twice);
            prop_assert!(notices.is_empty(), "{:?}", notices);
        }
    }
}
