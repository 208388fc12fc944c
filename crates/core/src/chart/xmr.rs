//! The trend view's chart: the organisation's values as an XmR chart (NHS
//! England's Making Data Count), so a reader can tell signal from noise —
//! mean, upper and lower process limits, and the points its rules flag as
//! special cause — with the indicator's target, the benchmark's series and,
//! when a breakdown is chosen, one line per group.
//!
//! Special-cause points are a marker series per kind (`common::marker`:
//! `[period index, value]` points of the flagged periods only, so the axis
//! tooltip lists a kind only at a period it flags) drawn over the values,
//! each with its own colour and its own symbol (improvement: triangle in
//! [`BETTER`]; concern: diamond in [`WORSE`]; neither: square in
//! [`NEITHER`]), so they never rely on colour alone. Every line is aligned
//! to the organisation's periods by label; a period with no value is a gap.

use super::common::*;
use super::palette::*;
use crate::bundle::Indicator;
use crate::params::Bench;
use crate::view::compute::TrendView;
use charming::component::Axis;
use charming::datatype::DataPoint;
use charming::element::{AxisType, ItemStyle, LineStyle, LineStyleType, Symbol, Trigger};
use charming::series::Line;
use charming::Chart;

/// Hollow symbols cycled over breakdown groups (with [`GROUPS`] colours).
const GROUP_SYMBOLS: [&str; 4] = ["emptyCircle", "emptyTriangle", "emptyRect", "emptyDiamond"];

/// The kinds of special cause: series name, `point_type`s, colour, symbol.
const SPECIAL: [(&str, &[&str], &str, Symbol); 3] = [
    ("Special cause: improvement", &["improvement"], BETTER, Symbol::Triangle),
    ("Special cause: concern", &["concern"], WORSE, Symbol::Diamond),
    ("Special cause: neither", &["neither_high", "neither_low"], NEITHER, Symbol::Rect),
];

/// The benchmark's name as the legend shows it.
pub(super) fn comparator_name(t: &TrendView) -> String {
    t.benchmark.comparator.clone().unwrap_or_else(|| {
        match t.benchmark.bench {
            Bench::England => "England",
            Bench::Parent => "Parent organisation",
            Bench::Peers => "Peer median",
        }
        .to_string()
    })
}

/// A breakdown group's name as the legend shows it ("Decile 1", "Asian").
pub(super) fn group_name(breakdown: &str, group: &str) -> String {
    match breakdown {
        "deprivation_decile" => format!("Decile {group}"),
        "deprivation_quintile" => format!("Quintile {group}"),
        _ => group.to_string(),
    }
}

fn flat(name: &str, n: usize, value: f64, colour: &str, dash: LineStyleType) -> Line {
    Line::new()
        .name(name)
        .data(vec![Some(r3(value)); n])
        .show_symbol(false)
        .item_style(ItemStyle::new().color(colour))
        .line_style(LineStyle::new().type_(dash).width(1.5).color(colour))
}

/// The XmR chart of `t` for indicator `ind` (see the module docs).
pub fn xmr_chart(t: &TrendView, ind: &Indicator) -> Chart {
    let points = &t.trend.points;
    let labels: Vec<String> = points.iter().map(|p| p.period.clone()).collect();
    let n = labels.len();
    let aligned = |pairs: Vec<(&str, Option<f64>)>| -> Vec<Option<f64>> {
        labels.iter().map(|l| pairs.iter().find(|(p, _)| p == l).and_then(|(_, v)| round(*v))).collect()
    };
    let mut chart = frame("XmR chart", &ind.name, Trigger::Axis, false)
        .x_axis(Axis::new().type_(AxisType::Category).data(labels.clone()))
        .y_axis(value_y(&unit_name(ind), true))
        .series(
            Line::new()
                .name("Value")
                .data(points.iter().map(|p| round(p.figure.value)).collect())
                .symbol(Symbol::Circle)
                .symbol_size(6)
                .item_style(ItemStyle::new().color(NHS_BLUE))
                .line_style(LineStyle::new().width(2).color(NHS_BLUE)),
        );
    if let Some(s) = &t.trend.spc {
        chart = chart
            .series(flat("Mean", n, s.mean, NHS_DARK_GREY, LineStyleType::Solid))
            .series(flat("Upper process limit", n, s.upper, NHS_MID_GREY, LineStyleType::Dashed))
            .series(flat("Lower process limit", n, s.lower, NHS_MID_GREY, LineStyleType::Dashed));
    }
    for (name, kinds, colour, symbol) in SPECIAL {
        // [period index, value] pairs of the flagged points only.
        let flagged: Vec<DataPoint> = points
            .iter()
            .enumerate()
            .filter(|(_, p)| p.point_type.is_some_and(|k| kinds.contains(&k)))
            .filter_map(|(i, p)| {
                let v = round(p.figure.value)?;
                Some(point(i as i64, v, format!("{}: {}", p.period, num(v))))
            })
            .collect();
        if !flagged.is_empty() {
            chart = chart.series(marker(name, symbol, 13.0, colour).data(flagged));
        }
    }
    if let Some(target) = t.trend.target.or(ind.target) {
        chart = chart.series(flat("Target", n, target, TARGET, LineStyleType::Dotted));
    }
    let bench = aligned(t.benchmark.points.iter().map(|p| (p.period.as_str(), p.value)).collect());
    if bench.iter().any(Option::is_some) {
        chart = chart.series(
            Line::new()
                .name(comparator_name(t))
                .data(bench)
                .symbol(Symbol::Custom("emptyDiamond".into()))
                .symbol_size(7)
                .item_style(ItemStyle::new().color(COMPARATOR))
                .line_style(LineStyle::new().width(1.5).color(COMPARATOR)),
        );
    }
    for (i, g) in t.groups.iter().enumerate() {
        let colour = GROUPS.get(i % GROUPS.len()).copied().unwrap_or_default();
        chart = chart.series(
            Line::new()
                .name(group_name(g.kind, &g.group))
                .data(aligned(g.points.iter().map(|p| (p.period.as_str(), p.figure.value)).collect()))
                .symbol(Symbol::Custom(GROUP_SYMBOLS.get(i % GROUP_SYMBOLS.len()).copied().unwrap_or_default().into()))
                .symbol_size(6)
                .item_style(ItemStyle::new().color(colour))
                .line_style(LineStyle::new().width(1).color(colour)),
        );
    }
    chart
}

#[cfg(test)]
mod tests {
    use super::super::common::tests::*;
    use super::*;
    use crate::view::Figures;
    use serde_json::json;

    fn xmr(q: &str) -> serde_json::Value {
        let r = view(q);
        let Figures::Trend(t) = &r.figures else { panic!("{:?}", r.figures) };
        serde_json::to_value(xmr_chart(t, r.indicator.as_ref().unwrap())).unwrap()
    }

    // P1 ae: 74.5 … 80.0 by 0.5 a month; mean 77.25, limits 75.92 … 78.58; the first
    // point (74.5) is below the lower limit (concern), the last above the upper (improvement).
    #[test]
    fn values_limits_special_causes_target_and_benchmark() {
        let json = xmr("view=trend&org=P1&ind=ae");
        assert_common(&json);
        assert_eq!(json["xAxis"]["data"][0], "Apr 2023");
        assert_eq!(json["xAxis"]["data"][11], "Mar 2024");
        assert_eq!(json["yAxis"]["name"], "%");
        assert_eq!(series(&json, "Value")["data"][0], 74.5);
        assert_eq!(series(&json, "Mean")["data"][0], 77.25);
        let (upper, lower) = (series(&json, "Upper process limit"), series(&json, "Lower process limit"));
        assert_eq!((upper["data"][5].clone(), lower["data"][5].clone()), (json!(78.58), json!(75.92)));
        assert_eq!(upper["lineStyle"]["type"], "dashed");
        let better = series(&json, "Special cause: improvement");
        let worse = series(&json, "Special cause: concern");
        assert_eq!((better["type"].as_str(), better["itemStyle"]["color"].as_str(), better["symbol"].as_str()), (Some("line"), Some(BETTER), Some("triangle")));
        assert_eq!((worse["itemStyle"]["color"].as_str(), worse["symbol"].as_str()), (Some(WORSE), Some("diamond")));
        assert!(better["data"].as_array().unwrap().contains(&json!({"value": [11, 80.0], "name": "Mar 2024: 80"})));
        assert_eq!(worse["data"][0], json!({"value": [0, 74.5], "name": "Apr 2023: 74.5"}));
        assert_eq!(series(&json, "Target")["data"][0], 95.0);
        // England = 6500/8500 in Mar 2024, rounded.
        assert_eq!(series(&json, "England")["data"][11], 76.471);
    }

    // An indicator with no better direction flags "neither": its own colour and shape.
    #[test]
    fn special_causes_with_no_direction_are_purple_squares() {
        let r = view("view=trend&org=P1&ind=ae");
        let Figures::Trend(mut t) = r.figures else { panic!() };
        t.trend.points[5].point_type = Some("neither_high");
        let json = serde_json::to_value(xmr_chart(&t, r.indicator.as_ref().unwrap())).unwrap();
        let neither = series(&json, "Special cause: neither");
        assert_eq!((neither["itemStyle"]["color"].as_str(), neither["symbol"].as_str()), (Some(NEITHER), Some("rect")));
        assert_eq!(neither["data"], json!([{"value": [5, 77.0], "name": "Sep 2023: 77"}]));
        assert!(!series(&json, "Special cause: improvement")["data"].as_array().unwrap().iter().any(|d| d["value"][0] == 5));
    }

    #[test]
    fn gaps_stay_null_and_groups_are_lines() {
        // Obesity has no target; P1's quintiles are for 2023 only, so 2019–2022 are
        // gaps (and the chart draws quintiles, not deciles as well).
        let json = xmr("view=trend&org=P1&ind=obesity&breakdown=deprivation");
        assert!(!names(&json).contains(&"Target".to_string()));
        assert!(!names(&json).iter().any(|n| n.starts_with("Decile")), "{:?}", names(&json));
        let q1 = series(&json, "Quintile 1");
        assert_eq!(q1["data"].as_array().unwrap()[..4], [json!(null), json!(null), json!(null), json!(null)]);
        assert!(q1["data"][4].is_number());
        assert_eq!(series(&json, "Quintile 5")["type"], "line");
        // I1 publishes no obesity: no values, no analysis, every point a gap.
        let json = xmr("view=trend&org=I1&ind=obesity");
        assert!(series(&json, "Value")["data"].as_array().unwrap().iter().all(|v| v.is_null()));
        assert!(!names(&json).contains(&"Mean".to_string()));
    }
}
