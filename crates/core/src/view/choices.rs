//! Which choices each view uses, and how the current ones read in one line.
//!
//! The app shows the controls folded: a summary of what is chosen
//! ("Organisation: NHS Greater Manchester · Indicator: … · Period: Latest
//! (2023/24) · Compared with: England") beside a button that opens the full
//! set. Both the controls and the summary follow [`Uses::of`], so a view
//! never summarises a choice it has no control for, and the words are the
//! same as the controls' (the `display` names).

use super::display;
use super::state::ViewState;
use crate::bundle::Manifest;
use crate::params::{PeerSpec, View};

/// The choices a view depends on (the organisation is always one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Uses {
    pub indicator: bool,
    /// One period (`period=`).
    pub period: bool,
    /// A range of periods (`time=`).
    pub time: bool,
    pub bench: bool,
    /// How the organisation is compared with the benchmark (`method=`).
    pub method: bool,
    pub peers: bool,
    pub target: bool,
    pub level: bool,
    pub colour: bool,
    pub breakdown: bool,
}

impl Uses {
    /// What `view` uses.
    pub fn of(view: View) -> Uses {
        let none = Uses::default();
        match view {
            View::Overview => Uses { bench: true, method: true, peers: true, ..none },
            View::Trend => Uses { indicator: true, time: true, bench: true, breakdown: true, ..none },
            View::Compare => Uses { indicator: true, period: true, method: true, peers: true, level: true, ..none },
            View::Inequalities => Uses { indicator: true, period: true, ..none },
            View::Peers => Uses { indicator: true, period: true, peers: true, target: true, ..none },
            View::Report => none,
            View::Table => Uses { indicator: true, time: true, breakdown: true, ..none },
            View::Map => Uses { indicator: true, period: true, bench: true, method: true, level: true, colour: true, ..none },
        }
    }
}

/// One current choice: the control's id in the app, its label and what is chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chosen {
    /// The id of the control that changes it (`org-search`, `indicator`, `period`…).
    pub control: &'static str,
    pub label: &'static str,
    pub value: String,
}

/// The choices of `s` its view uses, in the controls' order. `periods` are the
/// indicator's period labels, oldest first (the latest names "Latest").
pub fn choices(s: &ViewState, m: &Manifest, periods: &[String]) -> Vec<Chosen> {
    let u = Uses::of(s.view);
    let mut out = Vec::new();
    let mut put = |on: bool, control: &'static str, label: &'static str, value: String| {
        if on {
            out.push(Chosen { control, label, value });
        }
    };
    let org = m.organisation(&s.org).map_or_else(|| s.org.clone(), |o| o.name.clone());
    put(true, "org-search", "Organisation", org);
    let ind = m.indicator(&s.ind).map_or_else(|| s.ind.clone(), |i| i.name.clone());
    put(u.indicator && !ind.is_empty(), "indicator", "Indicator", ind);
    let period = match (&s.period, periods.last()) {
        (Some(p), _) => p.clone(),
        (None, Some(latest)) => format!("Latest ({latest})"),
        (None, None) => "Latest".to_string(),
    };
    put(u.period, "period", "Period", period);
    let (from, to) = s.time.as_ref().map_or((None, None), |t| (t.start.as_deref(), t.end.as_deref()));
    let time = match (from, to) {
        (None, None) => "Every period".to_string(),
        _ => display::period_range(
            Some(from.or(periods.first().map(String::as_str)).unwrap_or("the first")),
            Some(to.or(periods.last().map(String::as_str)).unwrap_or("the latest")),
        ),
    };
    put(u.time, "time-from", "Periods", time);
    put(u.bench, "bench", "Compared with", display::bench_name(s.bench).to_string());
    put(u.method, "method", "Comparison method", display::method_name(s.method).to_string());
    put(u.peers, "peers", "Peers", peers_used(s, m));
    put(u.target, "target", "Target", display::target_name(s.target).to_string());
    let level = s.level.as_ref().map(|l| m.org_types.iter().find(|t| &t.id == l).map_or_else(|| l.clone(), |t| t.name.clone()));
    put(u.level && level.is_some(), "level", "Organisations compared", level.unwrap_or_default());
    put(u.colour, "colour", "Colour", display::colour_name(s.colour).to_string());
    put(u.breakdown, "breakdown", "Breakdown", display::breakdown_name(s.breakdown).to_string());
    out
}

/// The peers the view actually uses, as `query::peers::find` chooses them:
/// an organisation in no peer cluster is set against every organisation of
/// its type, and one alone of its type (England) has none — its peers view
/// sets each of its members against their own.
fn peers_used(s: &ViewState, m: &Manifest) -> String {
    let chosen = display::peers_name(&s.peers);
    let Some(o) = m.organisation(&s.org) else { return chosen };
    if m.organisations.iter().filter(|x| x.org_type == o.org_type).count() == 1 {
        return match s.view {
            View::Peers => format!("Each member's own: {}", chosen.to_lowercase()),
            _ => "None (the only organisation of its type)".to_string(),
        };
    }
    if s.peers == PeerSpec::Cluster && o.clusters.is_empty() {
        return format!("{} (in no peer cluster)", display::peers_name(&PeerSpec::Type));
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::fixture;
    use crate::view::{parse_query, resolve};

    fn summary(q: &str, periods: &[&str]) -> Vec<(&'static str, String)> {
        let m = fixture::manifest();
        let (s, _) = resolve(parse_query(q), &m);
        let periods: Vec<String> = periods.iter().map(|p| p.to_string()).collect();
        choices(&s, &m, &periods).into_iter().map(|c| (c.label, c.value)).collect()
    }

    #[test]
    fn a_trend_reads_its_organisation_indicator_periods_benchmark_and_breakdown() {
        let got = summary("view=trend&org=I1&ind=obesity&time=2020..", &["2019", "2020", "2021"]);
        assert_eq!(
            got,
            vec![
                ("Organisation", "ICB One".to_string()),
                ("Indicator", "Obesity".to_string()),
                ("Periods", "2020 to 2021".to_string()),
                ("Compared with", "England".to_string()),
                ("Breakdown", "Whole population".to_string()),
            ]
        );
    }

    #[test]
    fn the_latest_period_is_named_and_a_chosen_one_is_shown_as_chosen() {
        let latest = summary("view=map&org=I1&ind=ae", &["Feb 2024", "Mar 2024"]);
        assert!(latest.contains(&("Period", "Latest (Mar 2024)".to_string())), "{latest:?}");
        // No level chosen: the map's default level is not a choice to report.
        assert!(!latest.iter().any(|(l, _)| *l == "Organisations compared"), "{latest:?}");
        let chosen = summary("view=map&org=I1&ind=ae&period=Feb+2024&level=region&colour=quintile", &["Feb 2024", "Mar 2024"]);
        assert!(chosen.contains(&("Period", "Feb 2024".to_string())), "{chosen:?}");
        assert!(chosen.contains(&("Organisations compared", "region".to_string())), "{chosen:?}");
        assert!(chosen.contains(&("Colour", "Quintile".to_string())), "{chosen:?}");
    }

    #[test]
    fn views_summarise_only_the_choices_they_have_controls_for() {
        assert_eq!(summary("view=report&org=R1", &[]), vec![("Organisation", "North".to_string())]);
        let overview: Vec<&str> = summary("org=P1", &[]).into_iter().map(|(l, _)| l).collect();
        assert_eq!(overview, vec!["Organisation", "Compared with", "Comparison method", "Peers"]);
        let peers: Vec<&str> = summary("view=peers&org=P1&peers=nn:5", &["2023/24"]).into_iter().map(|(l, _)| l).collect();
        assert_eq!(peers, vec!["Organisation", "Indicator", "Period", "Peers", "Target"]);
    }

    // The comparison method reads in the views it changes: the overview's
    // column, the compare view's bars and the map's colours.
    #[test]
    fn the_comparison_method_is_summarised_where_it_is_used() {
        let method = |q: &str| summary(q, &["2023"]).into_iter().find(|(l, _)| *l == "Comparison method").map(|(_, v)| v);
        assert_eq!(method("org=P1").as_deref(), Some("95% confidence interval"));
        assert_eq!(method("view=compare&org=P1&ind=ae&method=ci998").as_deref(), Some("99.8% confidence interval"));
        assert_eq!(method("view=map&org=I1&ind=ae&method=quintiles").as_deref(), Some("Quintiles"));
        for v in ["trend", "inequalities", "peers", "report", "table"] {
            assert_eq!(method(&format!("view={v}&org=P1&method=ci998")), None, "{v}");
        }
    }

    // Issue 15: the summary says what the view uses, not only what the link asks for.
    #[test]
    fn the_peers_summary_says_which_peers_are_used() {
        let peers = |q: &str| summary(q, &[]).into_iter().find(|(l, _)| *l == "Peers").map(|(_, v)| v).unwrap();
        // P1 is in the teaching cluster; I1 is in none, so its peers are every ICB.
        assert_eq!(peers("org=P1&peers=cluster"), "Same peer cluster");
        assert_eq!(peers("org=I1&peers=cluster"), "All of the same type (in no peer cluster)");
        assert_eq!(peers("org=I1&peers=nn:2"), "2 most similar (nearest neighbours)");
        // England, alone of its type, has no peers; its peers view uses its members' own.
        assert_eq!(peers("org=E92000001"), "None (the only organisation of its type)");
        assert_eq!(peers("view=peers&org=E92000001"), "Each member's own: same peer cluster");
    }
}
