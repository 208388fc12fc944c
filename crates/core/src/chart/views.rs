//! The one entry point the app calls for charts: every chart of a computed
//! view, each with a stable key (the DOM id suffix and PNG file name) and
//! its accessible name — a plain-English sentence naming the indicator,
//! organisation, period and what is drawn, which the app puts on the chart's
//! element (ECharts' own generated description stays off).
//!
//! | view | keys, in order |
//! | --- | --- |
//! | trend | `xmr` |
//! | compare | `compare-bars`, `funnel`, `boxes` |
//! | inequalities | what the link chose first: `pyramid` or `crosstab` (its `layout`), then `slice-1` … (one per panel of a `slice`); then `ethnicity`, `deprivation`, `sex`, `age`, `gap` |
//! | peers | `peer-position`, `opportunity` |
//! | map | `map` (only when the bundle has the level's boundaries) |
//!
//! Overview, report and table views have no chart (the app renders them as
//! tables), nor has "no data". A chart with nothing to draw is left out —
//! the app shows the view's "no data" text instead of an empty frame.

use super::boxes::cluster_boxes;
use super::compare::compare_bars;
use super::dimensions::{crosstab_chart, pyramid_chart};
use super::funnel::funnel_chart;
use super::inequality::{drawn, gap_trend, inequality_bars, nested_bars};
use super::map::map_chart;
use super::peers::{costed, opportunity_bars, peer_position, target_words};
use super::xmr::{comparator_name, xmr_chart};
use crate::bundle::Indicator;
use crate::params::View;
use crate::query::InequalitySlice;
use crate::view::compute::{CompareView, MapView, PeersView, TrendView};
use crate::view::display::lower_first;
use crate::view::{Breakdown, Colour, Figures, ViewResult};
use charming::Chart;
use serde_json::Value;

/// One chart of a view.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewChart {
    /// Stable id: DOM id suffix and PNG file name (see the module docs).
    pub key: &'static str,
    /// The chart's accessible name.
    pub name: String,
    /// The ECharts option, as JSON (charming's charts converted; the map,
    /// which charming cannot express, written directly).
    pub chart: Value,
    /// The height in CSS pixels the chart needs to keep every label
    /// readable (one row per organisation in ranked bars); None: the
    /// stylesheet's default.
    pub height: Option<u32>,
}

/// Whether a view of kind `view` may draw charts (see the table in the module
/// docs): the app fetches the charting library only for those, as soon as
/// the link is read, so that views without charts never download it.
pub fn view_draws_charts(view: View) -> bool {
    matches!(view, View::Trend | View::Compare | View::Inequalities | View::Peers | View::Map)
}

/// A charming chart as the JSON option ECharts reads.
fn spec(chart: Chart) -> Value {
    serde_json::to_string(&chart).ok().and_then(|text| serde_json::from_str(&text).ok()).unwrap_or(Value::Null)
}

/// Height for a chart of `rows` horizontal bars: about 18 px a row plus room
/// for title, axis and legend; None when the default height is enough.
fn bar_height(rows: usize) -> Option<u32> {
    let h = rows as u32 * 18 + 160;
    (h > 380).then_some(h.min(6000))
}

/// Every chart of `result`'s view, in page order (see the module docs).
pub fn charts_for(result: &ViewResult) -> Vec<ViewChart> {
    let ind = result.indicator.as_ref();
    let w = Words { org: result.org.as_ref().map(|o| o.name.clone()).unwrap_or_else(|| "the selected organisation".into()), period: result.period.clone() };
    match (&result.figures, ind) {
        (Figures::Trend(t), Some(ind)) => trend(t, ind, &w),
        (Figures::Compare(c), Some(ind)) => compare(c, ind, &w),
        (Figures::Inequalities(q), Some(ind)) => inequalities(q, ind, &w),
        (Figures::Peers(p), ind) => peers(p, ind, &w),
        (Figures::Map(m), Some(ind)) => map(m, ind, &w),
        _ => Vec::new(),
    }
}

/// What names share: the organisation and the period shown.
struct Words {
    org: String,
    period: Option<String>,
}

impl Words {
    /// ", Sep 2025" (nothing without a period).
    fn at(&self) -> String {
        self.period.as_deref().map(|p| format!(", {p}")).unwrap_or_default()
    }
}

/// "a", "a and b", "a, b and c".
fn list(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// ", Apr 2023 to Mar 2024" over `periods` (first and last).
fn span(periods: &[&str]) -> String {
    match periods {
        [] => String::new(),
        [one] => format!(", {one}"),
        [first, .., last] => format!(", {first} to {last}"),
    }
}

/// `n` organisations of a level named `level` (the core's wording, [`display::orgs`]).
fn count_of(n: usize, level: &str) -> String {
    crate::view::display::orgs(n, level)
}

fn trend(t: &TrendView, ind: &Indicator, w: &Words) -> Vec<ViewChart> {
    let points = &t.trend.points;
    if !points.iter().any(|p| p.figure.value.is_some()) {
        return Vec::new();
    }
    let mut drawn = Vec::new();
    if t.trend.spc.is_some() {
        drawn.push("its mean and process limits".to_string());
    }
    if points.iter().any(|p| p.point_type.is_some_and(|k| k != "common_cause")) {
        drawn.push("special-cause points marked".into());
    }
    if t.trend.target.or(ind.target).is_some() {
        drawn.push("the target".into());
    }
    if t.benchmark.points.iter().any(|p| p.value.is_some()) {
        drawn.push(format!("{} for comparison", comparator_name(t)));
    }
    if let Some(g) = t.groups.first() {
        let kind = match g.kind {
            "ethnicity" => "ethnic",
            "deprivation_decile" | "deprivation_quintile" => "deprivation",
            "sex" => "sex",
            "age" => "age",
            _ => "breakdown",
        };
        drawn.push(format!("lines for {} {kind} groups", t.groups.len()));
    }
    let periods: Vec<&str> = points.iter().map(|p| p.period.as_str()).collect();
    let with = if drawn.is_empty() { String::new() } else { format!(", with {}", list(&drawn)) };
    vec![ViewChart {
        key: "xmr",
        name: format!("XmR chart of {} for {}{}{with}", ind.name, w.org, span(&periods)),
        chart: spec(xmr_chart(t, ind)),
        height: None,
    }]
}

fn compare(c: &CompareView, ind: &Indicator, w: &Words) -> Vec<ViewChart> {
    let n = c.orgs.iter().filter(|r| r.figure.value.is_some()).count();
    if n == 0 {
        return Vec::new();
    }
    let orgs = count_of(n, &c.level_name);
    let selected = c.orgs.iter().any(|r| r.selected && r.figure.value.is_some());
    let mut out = Vec::new();
    let mut marks = vec!["95% confidence intervals".to_string()];
    if selected {
        marks.push(if c.orgs.iter().any(|r| r.peer) { format!("{} and its peers highlighted", w.org) } else { format!("{} highlighted", w.org) });
    }
    let lines: Vec<String> = [c.england.map(|_| "England"), c.peer_median.map(|_| "the peer median")].into_iter().flatten().map(String::from).collect();
    if !lines.is_empty() {
        marks.push(format!("{} marked as lines", list(&lines)));
    }
    out.push(ViewChart {
        key: "compare-bars",
        name: format!("Ranked bar chart of {} for {orgs}{}, best first, with {}", ind.name, w.at(), marks.join("; ")),
        chart: spec(compare_bars(c, ind)),
        height: bar_height(c.orgs.len()),
    });
    if let Some(chart) = funnel_chart(c, ind) {
        let plotted = c.orgs.iter().filter(|r| r.figure.value.is_some() && r.figure.denominator.is_some()).count();
        let highlight = if selected { format!(", {} highlighted", w.org) } else { String::new() };
        out.push(ViewChart {
            key: "funnel",
            name: format!(
                "Funnel plot of {} against denominator for {}{}, with 95% and 99.8% control limits around England's value{highlight}",
                ind.name,
                count_of(plotted, &c.level_name),
                w.at()
            ),
            chart: spec(chart),
            height: None,
        });
    }
    if let Some(chart) = cluster_boxes(c, ind) {
        let marked = if selected { format!(", with {} marked", w.org) } else { String::new() };
        out.push(ViewChart {
            key: "boxes",
            name: format!("Box plots of {} by peer cluster for {orgs}{}{marked}", ind.name, w.at()),
            chart: spec(chart),
            height: None,
        });
    }
    out
}

fn map(m: &MapView, ind: &Indicator, w: &Words) -> Vec<ViewChart> {
    let Some(chart) = map_chart(m, ind) else {
        return Vec::new();
    };
    let by = match m.colour {
        Colour::Significance => format!("by comparison with {}", m.against),
        Colour::Quintile => "by quintile".to_string(),
    };
    let selected = if m.orgs.iter().any(|r| r.selected) { format!(", {} outlined", w.org) } else { String::new() };
    let name = format!("Map of {} for {}{}, coloured {by}{selected}", ind.name, count_of(m.orgs.len(), &m.level_name), w.at());
    vec![ViewChart { key: "map", name, chart: chart.option, height: Some(chart.height) }]
}

/// Keys of a nested slice's charts, one per panel (at most ten drawn; the table has every one).
const SLICE_KEYS: [&str; 10] = ["slice-1", "slice-2", "slice-3", "slice-4", "slice-5", "slice-6", "slice-7", "slice-8", "slice-9", "slice-10"];

fn inequalities(q: &InequalitySlice, ind: &Indicator, w: &Words) -> Vec<ViewChart> {
    let mut out = Vec::new();
    // The layout the link asks for comes first: it is what the reader chose to see.
    if let Some(chart) = q.pyramid.as_ref().and_then(|p| pyramid_chart(p, ind)) {
        let sexes = q.pyramid.as_ref().map(|p| p.sexes.iter().take(2).cloned().collect::<Vec<_>>().join(" and ")).unwrap_or_default();
        let bands = q.pyramid.as_ref().map_or(0, |p| p.rows.len());
        out.push(ViewChart {
            key: "pyramid",
            name: format!("Population pyramid of {} for {}{}: {sexes} either side of {bands} age bands", ind.name, w.org, w.at()),
            chart: spec(chart),
            height: bar_height(bands),
        });
    }
    if let Some(x) = &q.crosstab {
        if let Some(chart) = crosstab_chart(x, ind) {
            let slopes = if x.rows.iter().any(|r| r.slope.is_some()) { "; the table gives each row's slope and relative index of inequality" } else { "" };
            out.push(ViewChart {
                key: "crosstab",
                name: format!(
                    "Heat-map table of {} by {} and {} for {}{}, {} by {} cells coloured by comparison with the whole population{slopes}",
                    ind.name,
                    lower_first(&x.rows_name),
                    lower_first(&x.columns_name),
                    w.org,
                    w.at(),
                    x.rows.len(),
                    x.columns.len()
                ),
                chart,
                height: bar_height(x.rows.len() * 2),
            });
        }
    }
    // Then the slice the link asks for, then the one-way breakdowns.
    if let Some(n) = &q.nested {
        for (key, panel) in SLICE_KEYS.iter().zip(&n.panels) {
            let Some(chart) = nested_bars(n, panel, ind) else { continue };
            let within = match (&n.within_name, &panel.category) {
                (Some(w), Some(c)) => format!(" within {} {c}", lower_first(w)),
                _ => String::new(),
            };
            let against = if panel.compared_with == "category" { "that group's own value" } else { "the overall value" };
            out.push(ViewChart {
                key,
                name: format!(
                    "Bar chart of {} by {}{within} for {}{}, {} groups with 95% confidence intervals, compared with {against}",
                    ind.name,
                    lower_first(&n.dimension_name),
                    w.org,
                    w.at(),
                    panel.groups.len()
                ),
                chart: spec(chart),
                height: bar_height(panel.groups.len()),
            });
        }
    }
    for (key, which) in [("ethnicity", Breakdown::Ethnicity), ("deprivation", Breakdown::Deprivation), ("sex", Breakdown::Sex), ("age", Breakdown::Age)] {
        let Some(chart) = inequality_bars(q, ind, which) else {
            continue;
        };
        let (n, what) = drawn(q, which);
        let slope = if which == Breakdown::Deprivation && q.slope.is_some() { " and the slope index of inequality" } else { "" };
        out.push(ViewChart {
            key,
            name: format!(
                "Bar chart of {} by {what} for {}{}, {n} groups with 95% confidence intervals, compared with the overall value{slope}",
                ind.name,
                w.org,
                w.at()
            ),
            chart: spec(chart),
            height: None,
        });
    }
    if let Some(chart) = gap_trend(q, ind) {
        let periods: Vec<&str> = q.gap_over_time.iter().map(|p| p.period.as_str()).collect();
        out.push(ViewChart {
            key: "gap",
            name: format!(
                "Line chart of the gap in {} between the least and most deprived, and the slope index of inequality, for {}{}",
                ind.name,
                w.org,
                span(&periods)
            ),
            chart: spec(chart),
            height: None,
        });
    }
    out
}

fn peers(p: &PeersView, ind: Option<&Indicator>, w: &Words) -> Vec<ViewChart> {
    let mut out = Vec::new();
    if let Some((ind, chart)) = ind.and_then(|i| Some((i, peer_position(p, i, &w.org)?))) {
        let pos = p.position.as_ref();
        let period = pos.and_then(|x| x.period.as_deref()).map(|x| format!(", {x}")).unwrap_or_else(|| w.at());
        let n = pos.map(|x| x.stats.peers_with_value).unwrap_or(0);
        let mut marks = Vec::new();
        if pos.is_some_and(|x| !x.stats.deciles.is_empty()) {
            marks.push("their deciles".to_string());
        }
        match pos.and_then(|x| Some((x.value?, x.stats.rank, x.stats.of))) {
            Some((_, Some(r), of)) => marks.push(format!("{}'s value marked (rank {r} of {of})", w.org)),
            Some(_) => marks.push(format!("{}'s value marked", w.org)),
            None => {}
        }
        let with = if marks.is_empty() { String::new() } else { format!(", with {}", list(&marks)) };
        let none = if pos.is_some_and(|x| x.value.is_none()) { format!("; {} has no value", w.org) } else { String::new() };
        let group = match pos.and_then(|x| x.among_members.as_deref()) {
            Some(t) => format!("{} of {}", count_of(n, t), w.org),
            None => format!("{n} peers of {}", w.org),
        };
        out.push(ViewChart {
            key: "peer-position",
            name: format!("Box plot of {} for the {group}{period}{with}{none}", ind.name),
            chart: spec(chart),
            height: None,
        });
    }
    if let Some(chart) = opportunity_bars(p) {
        let n = costed(p).len();
        let what = if n == 1 { "1 indicator".to_string() } else { format!("{n} indicators") };
        out.push(ViewChart {
            key: "opportunity",
            name: if p.counted_at_members {
                format!(
                    "Bar chart of the £ opportunity of {}'s members in {what} if each matched its own peers' {}, largest first",
                    w.org,
                    target_words(p.target)
                )
            } else {
                format!("Bar chart of the £ opportunity for {} in {what} if it matched its peers' {}, largest first", w.org, target_words(p.target))
            },
            chart: spec(chart),
            height: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::common::tests::view;
    use super::*;

    fn keys(q: &str) -> Vec<&'static str> {
        charts_for(&view(q)).iter().map(|c| c.key).collect()
    }

    fn names(q: &str) -> Vec<String> {
        charts_for(&view(q)).into_iter().map(|c| c.name).collect()
    }

    #[test]
    fn each_view_has_its_charts_in_order() {
        assert_eq!(keys("view=trend&org=P1&ind=ae"), vec!["xmr"]);
        assert_eq!(keys("view=compare&org=P1&ind=ae"), vec!["compare-bars", "funnel", "boxes"]);
        assert_eq!(keys("view=inequalities&org=P1&ind=obesity"), vec!["ethnicity", "deprivation", "gap"]);
        assert_eq!(keys("view=peers&org=P2&ind=beds&peers=type"), vec!["peer-position", "opportunity"]);
        assert_eq!(keys("view=map&org=I1&ind=ae"), vec!["map"]);
        assert!(keys("view=map&org=P1&ind=ae").is_empty(), "no provider shapes in the fixture: no map");
        for v in ["overview", "report", "table"] {
            assert!(keys(&format!("view={v}&org=P1&ind=ae")).is_empty(), "{v}");
        }
        // Nothing to draw, no chart: I1 has no obesity values, P2 no breakdowns.
        assert!(keys("view=trend&org=I1&ind=obesity").is_empty());
        assert!(keys("view=inequalities&org=P2&ind=obesity").is_empty());
    }

    // The layout or slice a link asks for is what its reader came to see: its
    // chart comes before the one-way breakdowns (the first on the page).
    #[test]
    fn the_chosen_layout_or_slice_is_the_first_chart() {
        assert_eq!(keys("view=inequalities&org=P1&ind=obesity&layout=pyramid"), vec!["pyramid", "ethnicity", "deprivation", "gap"]);
        assert_eq!(keys("view=inequalities&org=P1&ind=obesity&layout=crosstab"), vec!["crosstab", "ethnicity", "deprivation", "gap"]);
        assert_eq!(
            keys("view=inequalities&org=P1&ind=obesity&slice=ethnicity&within=deprivation_quintile:1"),
            vec!["slice-1", "ethnicity", "deprivation", "gap"]
        );
        assert_eq!(keys("view=inequalities&org=P1&ind=obesity&layout=bars"), vec!["ethnicity", "deprivation", "gap"]);
    }

    #[test]
    fn names_say_what_is_drawn_for_whom_and_when() {
        let n = names("view=trend&org=P1&ind=ae");
        assert_eq!(
            n[0],
            "XmR chart of A&E within 4 hours for Provider One, Apr 2023 to Mar 2024, with its mean and process limits, special-cause points marked, the target and England for comparison"
        );
        let n = names("view=compare&org=P1&ind=ae");
        assert_eq!(
            n[0],
            "Ranked bar chart of A&E within 4 hours for 5 providers, Mar 2024, best first, with 95% confidence intervals; Provider One and its peers highlighted; England and the peer median marked as lines"
        );
        assert!(n[1].starts_with("Funnel plot of A&E within 4 hours against denominator for 5 providers, Mar 2024"));
        assert!(n[2].starts_with("Box plots of A&E within 4 hours by peer cluster for 5 providers, Mar 2024"));
        let n = names("view=inequalities&org=P1&ind=obesity");
        assert_eq!(
            n[0],
            "Bar chart of Obesity by ethnic group for Provider One, 2023, 5 groups with 95% confidence intervals, compared with the overall value"
        );
        assert!(n[1].contains("by deprivation decile") && n[1].ends_with("and the slope index of inequality"));
        assert!(n[2].starts_with("Line chart of the gap in Obesity") && n[2].ends_with("for Provider One, 2022 to 2023"));
        // Beds 2023/24, lower is better: P2 6.0 against P1 5.0, P3 4.0, P4 3.5, P5 7.0 → 4th of 5.
        let n = names("view=peers&org=P2&ind=beds&peers=type");
        assert_eq!(n[0], "Box plot of Bed days for the 4 peers of Provider Two, 2023/24, with their deciles and Provider Two's value marked (rank 4 of 5)");
        assert_eq!(n[1], "Bar chart of the £ opportunity for Provider Two in 1 indicator if it matched its peers' median, largest first");
        for name in n {
            assert!(name.contains("Provider Two"));
        }
        assert_eq!(names("view=map&org=I1&ind=ae")[0], "Map of A&E within 4 hours for 3 icbs, Mar 2024, coloured by comparison with England, ICB One outlined");
        assert_eq!(names("view=map&ind=ae&colour=quintile")[0], "Map of A&E within 4 hours for 3 icbs, Mar 2024, coloured by quintile");
    }

    #[test]
    fn levels_count_in_plain_english() {
        assert_eq!(count_of(42, "Integrated care board"), "42 integrated care boards");
        assert_eq!(count_of(1, "NHS trust"), "1 NHS trust");
        assert_eq!(count_of(7, "NHS England region"), "7 NHS England regions");
        assert_eq!(count_of(3, "local authority"), "3 local authorities");
        // Type names a bundle already writes in the plural stay as they are.
        assert_eq!(count_of(7, "NHS regions"), "7 NHS regions");
        assert_eq!(count_of(24, "Counties and unitary authorities"), "24 counties and unitary authorities");
        assert_eq!(list(&["a".into(), "b".into(), "c".into()]), "a, b and c");
    }

    // England has no peers: its chart is its value on its members' box (the regions).
    #[test]
    fn englands_peers_chart_sets_it_among_its_members() {
        let charts = charts_for(&view("view=peers&ind=ae"));
        assert_eq!(charts.iter().map(|c| c.key).collect::<Vec<_>>(), vec!["peer-position"], "no £ to draw: regions' A&E has no unit cost");
        assert!(
            charts[0].name.starts_with("Box plot of A&E within 4 hours for the 2 regions of England, Mar 2024, with their deciles and England's value marked"),
            "{}",
            charts[0].name
        );
        assert_eq!(charts[0].chart["title"][0]["text"], "Position among its members");
        // Its marker is England, by name, in the legend.
        let marker = charts[0].chart["series"].as_array().unwrap().iter().find(|s| s["symbol"] == "diamond").unwrap();
        assert_eq!(marker["name"], "England");
    }

    /// Every view whose figures give a chart is one the app fetches ECharts for, and no other.
    #[test]
    fn only_views_with_charts_ask_for_the_library() {
        use crate::table::fixture;
        use crate::view::{compute, parse_query, resolve};
        let ds = fixture::dataset();
        let mut drew = false;
        for view in ["overview", "trend", "compare", "inequalities", "peers", "report", "table", "map"] {
            for org in ["", "&org=I1"] {
                let (state, _) = resolve(parse_query(&format!("view={view}{org}")), ds.manifest());
                let charts = charts_for(&compute(&ds, &state));
                assert!(charts.is_empty() || view_draws_charts(state.view), "{view}{org} draws {} charts", charts.len());
                drew |= !charts.is_empty();
            }
        }
        assert!(drew, "the fixture draws charts");
        assert!(!view_draws_charts(View::Overview) && !view_draws_charts(View::Report) && !view_draws_charts(View::Table));
    }
}
