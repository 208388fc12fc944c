//! The compare view's main chart: every organisation of a level ranked best
//! first as horizontal bars (names stay readable on a phone however many
//! there are), each filled by its comparison with England, with its 95%
//! confidence interval as a whisker, the selected organisation and its peers
//! outlined and marked, and England and the peer median as reference lines.
//!
//! How bars, whiskers and highlights are drawn in plain JSON is described at
//! [`super::common`]'s `ranked_bars`: stacked bar series per comparison, a
//! collapsed `boxplot` for each interval, per-item outlines and marker
//! symbols. Organisations without a value keep their row (last), empty.

use super::common::*;
use crate::bundle::Indicator;
use crate::params::BenchMethod;
use crate::stats::ci::Level;
use crate::view::compute::CompareView;
use charming::element::{LabelPosition, LineStyleType, Trigger};
use charming::Chart;

/// Ranked bars of `cv` for indicator `ind` (see the module docs).
pub fn compare_bars(cv: &CompareView, ind: &Indicator) -> Chart {
    let n = cv.orgs.iter().filter(|r| r.figure.value.is_some()).count();
    let rows: Vec<BarRow> = cv
        .orgs
        .iter()
        .map(|r| {
            let limits = r.figure.limits_or_computed(ind, Level::P95);
            let label = match r.rank {
                Some(rank) => format!("{}: rank {rank} of {n}", r.org.name),
                None => match r.figure.suppressed {
                    Some(below) => format!("{}: {}", r.org.name, crate::view::display::suppressed(below)),
                    None => format!("{}: no value", r.org.name),
                },
            };
            BarRow {
                label: short_org_name(&r.org.name),
                tip: BarRow::tip_with_interval(&label, limits),
                value: r.figure.value,
                limits,
                compared: r.comparison,
                quintile: (cv.method == BenchMethod::Quintiles).then_some(r.quintile).flatten(),
                outline: if r.selected {
                    Outline::Selected
                } else if r.peer {
                    Outline::Peer
                } else {
                    Outline::Plain
                },
            }
        })
        .collect();
    let chart = frame("Ranked comparison", &ind.name, Trigger::Item, true).x_axis(value_x(&unit_name(ind), false));
    let mut chart = ranked_bars(chart, &rows, "England", ind.polarity);
    if let Some(e) = cv.england {
        chart = chart.series(reference_line("England", e, LineStyleType::Solid, true, LabelPosition::Start, 5.0));
    }
    if let Some(m) = cv.peer_median {
        chart = chart.series(reference_line("Peer median", m, LineStyleType::Dashed, true, LabelPosition::Start, 21.0));
    }
    chart
}

#[cfg(test)]
mod tests {
    use super::super::common::tests::*;
    use super::super::palette::*;
    use super::*;
    use crate::view::Figures;
    use serde_json::{json, Value};

    fn bars(q: &str) -> Value {
        let r = view(q);
        let Figures::Compare(c) = &r.figures else { panic!("{:?}", r.figures) };
        serde_json::to_value(compare_bars(c, r.indicator.as_ref().unwrap())).unwrap()
    }

    // Providers in Mar 2024, best first: P4 90, P1 80, P3 80, P2 75, P5 70; England
    // 6500/8500 = 76.47; P1's peers (teaching cluster) P2 and P5, median 72.5.
    #[test]
    fn ranked_bars_with_whiskers_highlights_and_reference_lines() {
        let json = bars("view=compare&org=P1&ind=ae");
        assert_common(&json);
        assert_eq!(json["yAxis"]["data"], json!(["Provider Four", "Provider One", "Provider Three", "Provider Two", "Provider Five"]));
        assert_eq!(json["yAxis"]["inverse"], true);
        assert_eq!(json["xAxis"]["name"], "%");
        // One bar per row across the comparison series; P5 (70%) is worse, in the worse colour.
        let worse = series(&json, "Worse than England");
        assert_eq!(worse["itemStyle"]["color"], WORSE);
        assert_eq!(worse["data"][4]["value"], 70.0);
        assert!(worse["data"][0].is_null());
        let bar_series: Vec<&Value> = json["series"].as_array().unwrap().iter().filter(|s| s["type"] == "bar").collect();
        for row in 0..5 {
            assert_eq!(bar_series.iter().filter(|s| !s["data"][row].is_null()).count(), 1, "row {row}");
        }
        // The selected organisation's bar is outlined, its peers' dashed.
        let p1 = bar_series.iter().map(|s| &s["data"][1]).find(|d| !d.is_null()).unwrap();
        assert_eq!((p1["itemStyle"]["borderColor"].as_str(), p1["itemStyle"]["borderWidth"].as_f64()), (Some(HIGHLIGHT), Some(3.0)));
        assert!(p1["name"].as_str().unwrap().starts_with("Provider One: rank 2 of 5 (95% CI "));
        let p2 = bar_series.iter().map(|s| &s["data"][3]).find(|d| !d.is_null()).unwrap();
        assert_eq!(p2["itemStyle"]["borderType"], "dashed");
        let marked = &series(&json, "Selected organisation")["data"];
        assert_eq!((marked[0]["value"].clone(), marked.as_array().unwrap().len()), (json!([80.0, 1]), 1));
        assert_eq!(series(&json, "Peer")["data"].as_array().unwrap().len(), 2);
        // Whiskers: [lower, value, value, value, upper], bracketing the value.
        let w = &series(&json, "95% confidence interval")["data"][1];
        let w: Vec<f64> = w.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect();
        assert!(w[0] < 80.0 && w[1] == 80.0 && w[3] == 80.0 && w[4] > 80.0, "{w:?}");
        assert_eq!(series(&json, "95% confidence interval")["type"], "boxplot");
        assert_eq!(series(&json, "England")["markLine"]["data"][0]["xAxis"], 76.471);
        assert_eq!(series(&json, "Peer median")["markLine"]["data"][0]["xAxis"], 72.5);
    }

    // Fingertips' quintile method: bars filled by quintile from the map's ramp, the key naming
    // the best and worst fifths; no comparison with England is claimed.
    #[test]
    fn quintile_method_fills_bars_by_quintile() {
        let json = bars("view=compare&org=P1&ind=ae&method=quintiles");
        let best = series(&json, "Quintile 1 (best fifth)");
        assert_eq!((best["itemStyle"]["color"].as_str(), best["data"][0]["value"].as_f64()), (Some(QUINTILES[0]), Some(90.0)));
        assert_eq!(series(&json, "Quintile 5 (worst fifth)")["data"][4]["value"], 70.0);
        let names: Vec<&str> = json["series"].as_array().unwrap().iter().filter_map(|s| s["name"].as_str()).collect();
        assert!(!names.iter().any(|n| n.contains("England") && n.contains("than")), "{names:?}");
        // At 99.8% each bar sits in the series of its 99.8% comparison, which differs from the 95% one.
        let r = view("view=compare&org=P1&ind=ae&method=ci998");
        let Figures::Compare(c) = &r.figures else { panic!() };
        assert!(c.orgs.iter().any(|o| o.comparison_95 != o.comparison_998));
        let json = bars("view=compare&org=P1&ind=ae&method=ci998");
        for (i, o) in c.orgs.iter().enumerate() {
            let filled: Vec<&str> = json["series"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|s| s["type"] == "bar" && !s["data"][i].is_null())
                .filter_map(|s| s["name"].as_str())
                .collect();
            assert_eq!(filled, [comparison_words(o.comparison_998, "England")], "row {i}");
        }
    }

    #[test]
    fn an_organisation_without_a_value_keeps_an_empty_row() {
        let r = view("view=compare&org=P1&ind=ae");
        let Figures::Compare(mut c) = r.figures else { panic!() };
        let last = c.orgs.last_mut().unwrap();
        (last.figure, last.rank, last.comparison_95, last.comparison) =
            (Default::default(), None, crate::query::Compared::NotCompared, crate::query::Compared::NotCompared);
        let json = serde_json::to_value(compare_bars(&c, r.indicator.as_ref().unwrap())).unwrap();
        assert_eq!(json["yAxis"]["data"][4], "Provider Five");
        for s in json["series"].as_array().unwrap().iter().filter(|s| s["type"] == "bar") {
            assert!(s["data"][4].is_null(), "no bar, not a 0");
        }
        assert_eq!(series(&json, "95% confidence interval")["data"][4], json!([null, null, null, null, null]));
        assert!(!names(&json).contains(&"Not compared".to_string()), "no empty legend entry");
    }
}
