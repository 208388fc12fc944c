//! The inequalities view's charts: the indicator by ethnic group, by
//! deprivation decile (or quintile), by sex or by age group, each group's
//! bar filled by its comparison with the organisation's overall value and
//! drawn with its 95% confidence interval (as the compare view's bars, see
//! `common::ranked_bars`), with the overall value as a reference line; and
//! the gap between the least and most deprived, with the slope index of
//! inequality, over time.
//!
//! On the deprivation chart the slope index of inequality is drawn as the
//! fitted line it is: value = weighted mean + SII × (x − ½), where x is each
//! group's population midpoint on the 0 (most deprived) to 1 (least
//! deprived) scale — the line passes through the population-weighted mean at
//! x = ½ — evaluated at each group's midpoint. With unequal populations the
//! points are not evenly spaced in x, so on the category axis the line may
//! bend while every point stays on the fit. Core20 against the rest and the
//! RII are single figures, left to the page's text and tables.

use super::common::*;
use super::palette::*;
use crate::bundle::Indicator;
use crate::params::Breakdown;
use crate::query::{Compared, Figure, GroupValue, InequalitySlice};
use crate::stats::ci::Level;
use crate::view::display::lower_first;
use charming::component::Axis;
use charming::datatype::CompositeValue;
use charming::element::{AxisType, ItemStyle, LabelPosition, LineStyle, LineStyleType, Symbol, Trigger};
use charming::series::Line;
use charming::Chart;

/// The groups `which` names: the groups, their basis id, the chart's title
/// and what one group is called.
fn groups(q: &InequalitySlice, which: Breakdown) -> (&[GroupValue], &'static str, &'static str, &'static str) {
    match which {
        Breakdown::Ethnicity => (&q.ethnicity, "ethnicity", "By ethnic group", "ethnic group"),
        Breakdown::Deprivation if !q.deprivation_deciles.is_empty() => {
            (&q.deprivation_deciles, "deprivation_decile", "By deprivation decile", "deprivation decile")
        }
        Breakdown::Deprivation => (&q.deprivation_quintiles, "deprivation_quintile", "By deprivation quintile", "deprivation quintile"),
        Breakdown::Sex => (&q.sex, "sex", "By sex", "sex"),
        Breakdown::Age => (&q.age, "age", "By age group", "age group"),
    }
}

/// How many groups of `which` [`inequality_bars`] draws, and what one is
/// called ("deprivation decile").
pub(super) fn drawn(q: &InequalitySlice, which: Breakdown) -> (usize, &'static str) {
    let (g, _, _, what) = groups(q, which);
    (g.len(), what)
}

/// A group's label; deprivation's ends say which end they are: "1 (most
/// deprived)" … "10 (least deprived)" (or "5" for quintiles).
fn label(basis: &str, g: &GroupValue) -> String {
    let least = match basis {
        "deprivation_decile" => "10",
        "deprivation_quintile" => "5",
        _ => return g.group.clone(),
    };
    match g.group.as_str() {
        "1" => "1 (most deprived)".to_string(),
        x if x == least => format!("{least} (least deprived)"),
        x => x.to_string(),
    }
}

/// The slope index fitted at each group's population midpoint (module docs);
/// None unless every group has a population.
fn fitted(groups: &[GroupValue], sii: f64, weighted_mean: f64) -> Option<Vec<f64>> {
    let pops: Vec<f64> = groups.iter().map(|g| g.figure.denominator.filter(|d| *d > 0.0)).collect::<Option<_>>()?;
    let total: f64 = pops.iter().sum();
    let mut before = 0.0;
    Some(
        pops.iter()
            .map(|p| {
                let x = (before + p / 2.0) / total;
                before += p;
                weighted_mean + sii * (x - 0.5)
            })
            .collect(),
    )
}

/// Bars of `q`'s groups of `which` for indicator `ind`; None when no group
/// has a value.
pub fn inequality_bars(q: &InequalitySlice, ind: &Indicator, which: Breakdown) -> Option<Chart> {
    let (groups, basis, title, _) = groups(q, which);
    if !groups.iter().any(|g| g.figure.value.is_some()) {
        return None;
    }
    let full: Vec<String> = groups.iter().map(|g| label(basis, g)).collect();
    // Short enough for a phone's axis (the Census's ethnic group headings run
    // to 55 characters); the tooltip and the data table keep the full name.
    let short = group_labels(full.iter().map(String::as_str), GROUP_LABEL_CHARS);
    let rows: Vec<BarRow> =
        groups.iter().zip(full.iter().zip(short)).map(|(g, (full, short))| group_bar(short, full, &g.figure, ind, g.comparison_95)).collect();
    let chart = frame(title, &ind.name, Trigger::Item, true).x_axis(group_value_axis(ind));
    let mut chart = ranked_bars(chart, &rows, "overall", ind.polarity);
    if let Some(o) = q.overall.value {
        chart = chart.series(reference_line("Overall", o, LineStyleType::Solid, true, LabelPosition::Start, 5.0));
    }
    let slope = q.slope.as_ref().filter(|s| s.basis == basis);
    if let Some(line) = slope.and_then(|s| fitted(groups, s.sii, s.weighted_mean)) {
        chart = chart.series(
            Line::new()
                .name("Slope index of inequality")
                .data(line.iter().enumerate().map(|(i, v)| vec![CompositeValue::from(r3(*v)), CompositeValue::from(i as i64)]).collect())
                .symbol(Symbol::Custom("emptyCircle".into()))
                .symbol_size(5)
                .item_style(ItemStyle::new().color(TARGET))
                .line_style(LineStyle::new().type_(LineStyleType::Dashed).width(2).color(TARGET)),
        );
    }
    Some(chart)
}

/// The value axis under a breakdown's bars: at most about five numbers, so
/// that they stay apart in the narrow plot a phone leaves beside the group
/// labels (ECharts' default spacing set ten there, "2468060").
fn group_value_axis(ind: &Indicator) -> Axis {
    value_x(&unit_name(ind), false).split_number(4)
}

/// One group's bar: `label` on the axis, `full` name and 95% interval in the
/// tooltip, filled by its comparison with the overall value.
fn group_bar(label: String, full: &str, figure: &Figure, ind: &Indicator, compared: Compared) -> BarRow {
    let limits = figure.limits_or_computed(ind, Level::P95);
    BarRow { tip: BarRow::tip_with_interval(full, limits), label, value: figure.value, limits, compared, quintile: None, outline: Outline::Plain }
}

/// Bars of one panel of a nested slice (`query::nested`): the groups of one
/// dimension within one category of another, compared with that category's
/// own value (drawn as the reference line) or the overall value.
pub fn nested_bars(n: &crate::query::Nested, panel: &crate::query::Panel, ind: &Indicator) -> Option<Chart> {
    if !panel.groups.iter().any(|g| g.figure.value.is_some()) {
        return None;
    }
    // Short enough for a phone's axis; the tooltip keeps the full name.
    let short = group_labels(panel.groups.iter().map(|g| g.group.as_str()), GROUP_LABEL_CHARS);
    let rows: Vec<BarRow> = panel.groups.iter().zip(short).map(|(g, short)| group_bar(short, &g.group, &g.figure, ind, g.comparison_95)).collect();
    // "Deprivation quintile 1": the within dimension's name without its parenthesis.
    let title = match (&n.within_name, &panel.category) {
        (Some(w), Some(c)) => fit(&format!("{} {c}", w.split(" (").next().unwrap_or(w)), 28),
        _ => fit(&format!("By {}", lower_first(&n.dimension_name)), 28),
    };
    let subtitle = match (&n.within_name, &panel.category) {
        (Some(w), Some(c)) => format!("{} by {}, within {} {c}", ind.name, lower_first(&n.dimension_name), lower_first(w)),
        _ => ind.name.clone(),
    };
    let (against, line) = if panel.compared_with == "category" { ("that group", "Group's value") } else { ("overall", "Overall") };
    let chart = frame(&title, &subtitle, Trigger::Item, true).x_axis(group_value_axis(ind));
    let mut chart = ranked_bars(chart, &rows, against, ind.polarity);
    if let Some(o) = panel.total.value {
        chart = chart.series(reference_line(line, o, LineStyleType::Solid, true, LabelPosition::Start, 5.0));
    }
    Some(chart)
}

/// The name of a gap's unit: percentage points for a percentage.
fn gap_unit(ind: &Indicator) -> String {
    if ind.unit.trim() == "%" {
        "percentage points".into()
    } else {
        unit_name(ind)
    }
}

/// The gap between the least and most deprived and the slope index of
/// inequality over time, for indicator `ind`; None without any.
pub fn gap_trend(q: &InequalitySlice, ind: &Indicator) -> Option<Chart> {
    let pts = &q.gap_over_time;
    if !pts.iter().any(|p| p.absolute.is_some() || p.sii.is_some()) {
        return None;
    }
    let line = |name: &str, data: Vec<Option<f64>>, colour: &str, symbol: Symbol, dash: LineStyleType| {
        Line::new()
            .name(name)
            .data(data)
            .symbol(symbol)
            .symbol_size(8)
            .item_style(ItemStyle::new().color(colour))
            .line_style(LineStyle::new().type_(dash).width(2).color(colour))
    };
    let chart = frame("Deprivation gap over time", &ind.name, Trigger::Axis, false)
        .x_axis(Axis::new().type_(AxisType::Category).data(pts.iter().map(|p| p.period.clone()).collect()))
        .y_axis(value_y(&gap_unit(ind), false))
        .series(line("Gap: least minus most deprived", pts.iter().map(|p| round(p.absolute)).collect(), NHS_BLUE, Symbol::Circle, LineStyleType::Solid))
        .series(line(
            "Slope index of inequality",
            pts.iter().map(|p| round(p.sii)).collect(),
            TARGET,
            Symbol::Custom("emptyCircle".into()),
            LineStyleType::Dashed,
        ))
        .series(reference_line("No gap", 0.0, LineStyleType::Dotted, false, LabelPosition::InsideEndTop, 5.0));
    Some(chart)
}

#[cfg(test)]
mod tests {
    use super::super::common::tests::*;
    use super::*;
    use crate::view::Figures;
    use serde_json::{json, Value};

    fn slice(q: &str) -> (InequalitySlice, Indicator) {
        let r = view(q);
        let Figures::Inequalities(s) = r.figures else { panic!("{:?}", r.figures) };
        (s, r.indicator.unwrap())
    }

    fn bars(q: &str, which: Breakdown) -> Option<Value> {
        let (s, ind) = slice(q);
        inequality_bars(&s, &ind, which).map(|c| serde_json::to_value(c).unwrap())
    }

    // P1 obesity 2023: deciles 30, 29, …, 21% (1 000 each), overall 25.5%; SII −10 on
    // the fitted line 30.5 − 10x, so decile 1 (x = 0.05) sits at 30.0 and decile 10 at 21.0.
    #[test]
    fn deciles_with_intervals_overall_line_and_fitted_slope() {
        let json = bars("view=inequalities&org=P1&ind=obesity", Breakdown::Deprivation).unwrap();
        assert_common(&json);
        assert_eq!(json["title"][0]["text"], "By deprivation decile");
        let labels = json["yAxis"]["data"].as_array().unwrap();
        assert_eq!((labels.len(), labels[0].as_str(), labels[9].as_str()), (10, Some("1 (most deprived)"), Some("10 (least deprived)")));
        assert_eq!(series(&json, "Overall")["markLine"]["data"][0]["xAxis"], 25.5);
        let w = &series(&json, "95% confidence interval")["data"][0];
        assert!(w[0].as_f64().unwrap() < 30.0 && w[2] == 30.0 && w[4].as_f64().unwrap() > 30.0);
        let sii = &series(&json, "Slope index of inequality")["data"];
        assert_eq!((sii[0].clone(), sii[9].clone()), (json!([30.0, 0]), json!([21.0, 9])));
        // Decile 1 (30%) is above P1's 25.5% overall, beyond its limits: worse (lower is better).
        assert!(!series(&json, "Worse than overall")["data"][0].is_null());
    }

    #[test]
    fn ethnic_groups_and_missing_breakdowns() {
        let json = bars("view=inequalities&org=P1&ind=obesity", Breakdown::Ethnicity).unwrap();
        assert_eq!(json["yAxis"]["data"], json!(["White", "Asian", "Black", "Mixed", "Other"]));
        assert!(!names(&json).contains(&"Slope index of inequality".to_string()));
        // 2022 has deciles but no ethnic groups; P2 has no breakdown at all.
        assert!(bars("view=inequalities&org=P1&ind=obesity&period=2022", Breakdown::Ethnicity).is_none());
        assert!(bars("view=inequalities&org=P2&ind=obesity", Breakdown::Deprivation).is_none());
        assert!(bars("view=inequalities&org=P1&ind=obesity", Breakdown::Sex).is_none());
    }

    // Populations 1 000 and 3 000: midpoints x = 0.125 and 0.625; SII −8 around a
    // weighted mean of 20 → 20 − 8 × (0.125 − 0.5) = 23 and 20 − 8 × 0.125 = 19.
    #[test]
    fn the_fit_follows_population_midpoints() {
        let g = |pop: f64| GroupValue {
            group: String::new(),
            figure: crate::query::Figure { denominator: Some(pop), ..Default::default() },
            comparison_95: crate::query::Compared::NotCompared,
        };
        assert_eq!(fitted(&[g(1000.0), g(3000.0)], -8.0, 20.0), Some(vec![23.0, 19.0]));
        assert_eq!(fitted(&[g(1000.0), g(0.0)], -8.0, 20.0), None);
    }

    // Gap 2022 −10.8, 2023 −9; SII −12 then −10.
    #[test]
    fn the_gap_over_time() {
        let (s, ind) = slice("view=inequalities&org=P1&ind=obesity");
        let json = serde_json::to_value(gap_trend(&s, &ind).unwrap()).unwrap();
        assert_common(&json);
        assert_eq!(json["xAxis"]["data"], json!(["2022", "2023"]));
        assert_eq!(json["yAxis"]["name"], "percentage points");
        assert_eq!(series(&json, "Gap: least minus most deprived")["data"], json!([-10.8, -9.0]));
        assert_eq!(series(&json, "Slope index of inequality")["data"], json!([-12.0, -10.0]));
        let (s, ind) = slice("view=inequalities&org=P2&ind=obesity");
        assert!(gap_trend(&s, &ind).is_none());
    }
}
