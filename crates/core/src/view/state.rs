//! The view state: everything a view depends on, as typed values, and its
//! one canonical URL form.
//!
//! A [`ViewState`] is what [`super::resolve`] makes of a link against a bundle;
//! [`ViewState::to_query`] writes it back, naming only what differs from the
//! default, in the fixed order of `params.json`, with readable values
//! (`time=2022..2024`, `peers=RXH~RYR`). Writing, parsing and resolving a
//! state gives the same state again (the round-trip tests in `resolve.rs`).

use crate::params::{encode, Bench, BenchMethod, Breakdown, Colour, Layout, Param, PeerSpec, Target, TimeRange, View, Within};
use serde::Serialize;

/// Bundle-dependent defaults, remembered so that [`ViewState::to_query`] can
/// leave them out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Defaults {
    pub org: String,
    pub ind: String,
    /// The inequalities view's default indicator: the first the manifest
    /// says has breakdowns (else `ind`).
    pub ineq_ind: String,
    pub peers: PeerSpec,
}

impl Defaults {
    /// The indicator a link to `view` that names none shows.
    pub fn ind_for(&self, view: View) -> &str {
        if view == View::Inequalities {
            &self.ineq_ind
        } else {
            &self.ind
        }
    }
}

/// A view, fully resolved against a bundle. Build one with [`super::resolve`]
/// (from a link) or [`ViewState::default_for`]; change fields freely, then
/// write the link with [`ViewState::to_query`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ViewState {
    pub view: View,
    /// Organisation code.
    pub org: String,
    /// Indicator id ("" only for a bundle without indicators).
    pub ind: String,
    /// Period label; None = the latest.
    pub period: Option<String>,
    /// Period range for trends; None = every period.
    pub time: Option<TimeRange>,
    /// None = the whole population.
    pub breakdown: Option<Breakdown>,
    /// One dimension (manifest id) whose groups to show; None: by kind.
    pub slice: Option<String>,
    /// The slice within a category of another dimension (or within each).
    pub within: Option<Within>,
    /// How the inequalities view draws its groups.
    pub layout: Layout,
    pub peers: PeerSpec,
    pub target: Target,
    pub bench: Bench,
    /// How comparisons with the benchmark are made (95% or 99.8% interval, quintiles).
    pub method: BenchMethod,
    /// Organisation type for compare and map views; None = the default
    /// (the organisation's own type; see `compute::map_level` for maps).
    pub level: Option<String>,
    /// What colours a map's areas.
    pub colour: Colour,
    /// Another bundle's manifest URL; None = the embedded bundle.
    pub data: Option<String>,
    /// The release shown, written in the link only when the host keeps more
    /// than one (set by [`super::pin_release`]); None otherwise.
    pub release: Option<String>,
    pub embed: bool,
    #[serde(skip)]
    pub(crate) defaults: Defaults,
}

impl ViewState {
    /// The default view of a bundle whose defaults are `org`, `ind` and `peers`.
    pub(crate) fn with_defaults(defaults: Defaults) -> ViewState {
        let view = View::spec_default().unwrap_or(View::Overview);
        ViewState {
            view,
            org: defaults.org.clone(),
            ind: defaults.ind_for(view).to_string(),
            period: None,
            time: None,
            breakdown: None,
            slice: None,
            within: None,
            layout: Layout::spec_default().unwrap_or(Layout::Bars),
            peers: defaults.peers.clone(),
            target: Target::spec_default().unwrap_or(Target::Median),
            bench: Bench::spec_default().unwrap_or(Bench::England),
            method: BenchMethod::spec_default().unwrap_or(BenchMethod::Ci95),
            level: None,
            colour: Colour::spec_default().unwrap_or(Colour::Significance),
            data: None,
            release: None,
            embed: false,
            defaults,
        }
    }

    /// The default organisation of the bundle this state was resolved against.
    pub fn default_org(&self) -> &str {
        &self.defaults.org
    }

    /// This state shown in `view`: a state showing its view's default
    /// indicator (a link naming no `ind`) shows the new view's default, so
    /// the link stays without `ind`; a chosen indicator is kept.
    pub fn with_view(&self, view: View) -> ViewState {
        let mut s = self.clone();
        if self.ind == self.defaults.ind_for(self.view) {
            s.ind = self.defaults.ind_for(view).to_string();
        }
        s.view = view;
        s
    }

    /// True when the state shows the indicator a link naming none would.
    fn ind_is_default(&self) -> bool {
        self.ind == self.defaults.ind_for(self.view)
    }

    /// The canonical query string (without `?`): only values that differ from
    /// the default, in the order of `params.json` — and always at least the
    /// view, so a link to a view is never empty: the bare address (no query at
    /// all) is the site's landing page, its catalogue of bundles. The default
    /// view writes `view=overview`.
    pub fn to_query(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut put = |p: Param, v: String| parts.push(format!("{}={v}", p.name()));
        for p in Param::ALL {
            match p {
                Param::View if Some(self.view) != View::spec_default() => put(p, self.view.id().into()),
                Param::Org if self.org != self.defaults.org => put(p, encode(&self.org, &[])),
                Param::Ind if !self.ind_is_default() => put(p, encode(&self.ind, &[])),
                Param::Period => {
                    if let Some(v) = &self.period {
                        put(p, encode(v, &[]));
                    }
                }
                Param::Time => {
                    if let Some(t) = &self.time {
                        put(p, t.encoded());
                    }
                }
                Param::Breakdown => {
                    if let Some(b) = self.breakdown {
                        put(p, b.id().into());
                    }
                }
                Param::Slice => {
                    if let Some(d) = &self.slice {
                        put(p, encode(d, &[]));
                    }
                }
                Param::Within => {
                    if let Some(w) = &self.within {
                        put(p, w.encoded());
                    }
                }
                Param::Layout if Some(self.layout) != Layout::spec_default() => put(p, self.layout.id().into()),
                Param::Peers if self.peers != self.defaults.peers => put(p, self.peers.encoded()),
                Param::Target if Some(self.target) != Target::spec_default() => put(p, self.target.id().into()),
                Param::Bench if Some(self.bench) != Bench::spec_default() => put(p, self.bench.id().into()),
                Param::Method if Some(self.method) != BenchMethod::spec_default() => put(p, self.method.id().into()),
                Param::Level => {
                    if let Some(l) = &self.level {
                        put(p, encode(l, &[]));
                    }
                }
                Param::Colour if Some(self.colour) != Colour::spec_default() => put(p, self.colour.id().into()),
                Param::Data => {
                    if let Some(d) = &self.data {
                        put(p, encode(d, &[]));
                    }
                }
                Param::Release => {
                    if let Some(r) = &self.release {
                        put(p, encode(r, &[]));
                    }
                }
                Param::Embed if self.embed => put(p, Param::Embed.def().values.first().cloned().unwrap_or_else(|| "1".into())),
                _ => {}
            }
        }
        if parts.is_empty() {
            parts.push(format!("{}={}", Param::View.name(), self.view.id()));
        }
        parts.join("&")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> ViewState {
        ViewState::with_defaults(Defaults { org: "E92000001".into(), ind: "a".into(), ineq_ind: "b".into(), peers: PeerSpec::Cluster })
    }

    #[test]
    fn the_default_view_writes_only_its_view() {
        assert_eq!(state().to_query(), "view=overview");
        let mut s = state();
        s.org = "E54000008".into();
        assert_eq!(s.to_query(), "org=E54000008", "a link with any choice needs no view= to be a view");
    }

    #[test]
    fn writes_only_changes_in_the_fixed_order_and_readably() {
        let mut s = state();
        s.embed = true;
        s.peers = PeerSpec::List(vec!["RXH".into(), "R~Y".into()]);
        s.time = Some(TimeRange { start: Some("Apr 2022".into()), end: None });
        s.view = View::Trend;
        s.org = "E54000008".into();
        s.data = Some("https://example.org/b/manifest.json".into());
        s.bench = Bench::Parent;
        assert_eq!(s.to_query(), "view=trend&org=E54000008&time=Apr+2022..&peers=RXH~R%7EY&bench=parent&data=https://example.org/b/manifest.json&embed=1");
        s.method = BenchMethod::Ci998;
        s.release = Some("2025-06-01".into());
        assert!(s.to_query().contains("&bench=parent&method=ci998&") && s.to_query().ends_with("&release=2025-06-01&embed=1"));
        s.peers = PeerSpec::Nearest(5);
        s.time = Some(TimeRange { start: Some("2022".into()), end: Some("2024".into()) });
        assert!(s.to_query().contains("time=2022..2024&peers=nn:5"));
        s.slice = Some("ethnicity".into());
        s.within = Some(Within { dimension: "deprivation_quintile".into(), category: Some("1".into()) });
        s.layout = Layout::Crosstab;
        assert!(s.to_query().contains("time=2022..2024&slice=ethnicity&within=deprivation_quintile:1&layout=crosstab&peers=nn:5"), "{}", s.to_query());
    }

    #[test]
    fn default_peers_follow_the_bundle() {
        assert_eq!(PeerSpec::default_for(true), PeerSpec::Cluster);
        assert_eq!(PeerSpec::default_for(false), PeerSpec::Type);
        assert_eq!(serde_json::to_string(&PeerSpec::Nearest(7)).unwrap(), "\"nn:7\"");
        assert_eq!(serde_json::to_string(&View::Compare).unwrap(), "\"compare\"");
    }
}
