//! The charts of crossed breakdowns: the population pyramid (values by sex
//! within each age band as two-sided horizontal bars, the first sex to the
//! left of the age labels, the second to the right, each side on its own
//! axis so both read as positive values) and the cross-tab heat-map table
//! (one cell per row × column category, filled by its comparison with the
//! whole population and labelled with its value, a visual map naming the
//! colours). Each has the same data behind it as a table (`view::csv`).

use super::common::*;
use super::palette::*;
use crate::bundle::Indicator;
use crate::query::{Compared, CrossTab, Pyramid};
use crate::stats::ci::Level;
use charming::component::{Axis, Grid, Title, VisualMap, VisualMapPiece, VisualMapType};
use charming::datatype::{DataPoint, DataPointItem};
use charming::element::{AxisLabel, AxisType, ItemStyle, Label, LabelPosition, Orient, Tooltip, Trigger};
use charming::series::{Bar, Heatmap};
use charming::Chart;
use serde_json::{json, Value};

/// Two colours for the two sides of a pyramid (from [`GROUPS`]).
const SIDES: [&str; 2] = [GROUPS[0], GROUPS[6]];

/// The pyramid of `p` for `ind`; None when no cell has a value.
pub fn pyramid_chart(p: &Pyramid, ind: &Indicator) -> Option<Chart> {
    let sides: Vec<&String> = p.sexes.iter().take(2).collect();
    if !p.rows.iter().any(|r| r.cells.iter().take(2).any(|c| c.figure.value.is_some())) {
        return None;
    }
    let ages: Vec<String> = p.rows.iter().map(|r| r.age.clone()).collect();
    let max = nice_ceiling(p.rows.iter().flat_map(|r| r.cells.iter().filter_map(|c| c.figure.value)).fold(0.0_f64, f64::max));
    let unit = unit_name(ind);
    let mut chart = Chart::new()
        .title(Title::new().text("By sex and age").subtext(fit(&ind.name, SUBTITLE_CHARS)).left("left"))
        .tooltip(Tooltip::new().trigger(Trigger::Item).formatter("{a}, {b}: {c}"))
        .legend(charming::component::Legend::new().bottom(0))
        .grid(Grid::new().left("4%").right("54%").top(96).bottom(64).contain_label(true))
        .grid(Grid::new().left("54%").right("4%").top(96).bottom(64).contain_label(true));
    for (i, (sex, colour)) in sides.iter().zip(SIDES).enumerate() {
        // Left side: its value axis runs right to left and its age axis has no labels
        // (the right side's age labels sit between the two).
        chart = chart.x_axis(value_x(&unit, false).grid_index(i as f64).inverse(i == 0).max(max)).y_axis(
            Axis::new()
                .type_(AxisType::Category)
                .grid_index(i as f64)
                .data(ages.clone())
                .position(if i == 0 { "right" } else { "left" })
                .axis_label(AxisLabel::new().show(i == 1)),
        );
        let data: Vec<DataPoint> = p
            .rows
            .iter()
            .map(|r| {
                let cell = r.cells.iter().find(|c| &c.sex == *sex);
                let figure = cell.map(|c| c.figure).unwrap_or_default();
                let limits = figure.limits_or_computed(ind, Level::P95);
                match round(figure.value) {
                    Some(v) => DataPoint::Item(DataPointItem::new(v).name(BarRow::tip_with_interval(&r.age, limits))),
                    None => DataPoint::from(None::<f64>),
                }
            })
            .collect();
        chart = chart.series(
            Bar::new()
                .name(sex.as_str())
                .x_axis_index(i as f64)
                .y_axis_index(i as f64)
                .bar_width("70%")
                .item_style(ItemStyle::new().color(colour).border_color(NHS_DARK_GREY).border_width(1))
                .data(data),
        );
    }
    Some(chart)
}

/// The cross-tab of `x` for `ind` as a heat-map table (the ECharts option as
/// JSON: charming's heat-map data takes bare arrays, and each cell here needs
/// its own tooltip text, so the cells are written into the option directly);
/// None when no cell has a value.
pub fn crosstab_chart(x: &CrossTab, ind: &Indicator) -> Option<Value> {
    if !x.rows.iter().any(|r| r.cells.iter().any(|c| c.figure.value.is_some())) {
        return None;
    }
    // Short labels, so the table fits a phone: the full names are in each cell's tooltip.
    let columns: Vec<String> = x.columns.clone();
    let base = x.columns_name.split(" (").next().unwrap_or(&x.columns_name);
    let columns_name = if looks_ranked(x) { format!("{base} (1 = most deprived)") } else { base.to_string() };
    let rows: Vec<String> = group_labels(x.rows.iter().map(|r| r.group.as_str()), 18);
    let mut data: Vec<Value> = Vec::new();
    for (y, r) in x.rows.iter().enumerate() {
        for (col, c) in x.columns.iter().enumerate() {
            let Some(cell) = r.cells.iter().find(|cell| &cell.column == c) else { continue };
            let Some(v) = round(cell.figure.value) else { continue };
            let code = COMPARISONS.iter().position(|k| *k == cell.comparison_95).unwrap_or(0) as i64;
            let limits = cell.figure.limits_or_computed(ind, Level::P95);
            let tip = format!(
                "{}<br/>{}",
                BarRow::tip_with_interval(&format!("{}, {} {}", r.group, x.columns_name, c), limits),
                comparison_words(cell.comparison_95, "the whole population")
            );
            // Text dark enough on every fill: white on the dark blues, black on the rest.
            let ink = match cell.comparison_95 {
                Compared::Better | Compared::Higher => "#FFFFFF",
                _ => HIGHLIGHT,
            };
            let text = crate::view::display::number(Some(v), 1);
            data.push(json!({ "value": [col, y, v, code, text], "name": tip, "label": { "color": ink } }));
        }
    }
    // One piece per comparison outcome present: the colour key.
    let pieces: Vec<VisualMapPiece> = COMPARISONS
        .iter()
        .enumerate()
        .filter(|(_, k)| x.rows.iter().any(|r| r.cells.iter().any(|c| c.comparison_95 == **k && c.figure.value.is_some())))
        .map(|(i, k)| VisualMapPiece::new().min(i as f64).max(i as f64).label(short_words(*k)).color(comparison_colour(*k)))
        .collect();
    let chart = Chart::new()
        .title(Title::new().text("Cross-tab").subtext(fit(&ind.name, SUBTITLE_CHARS)).left("left"))
        .tooltip(Tooltip::new().trigger(Trigger::Item).formatter("{b}"))
        .grid(Grid::new().left(8).right(24).top(96).bottom(96).contain_label(true))
        .x_axis(Axis::new().type_(AxisType::Category).data(columns).name(columns_name).name_location(charming::element::NameLocation::Middle).name_gap(28))
        .y_axis(Axis::new().type_(AxisType::Category).data(rows).inverse(true))
        .visual_map(VisualMap::new().type_(VisualMapType::Piecewise).dimension(3).pieces(pieces).orient(Orient::Horizontal).left("center").bottom(0))
        .series(
            Heatmap::new()
                .name(x.rows_name.clone())
                .label(Label::new().show(true).position(LabelPosition::Inside).formatter("{@[4]}"))
                .item_style(ItemStyle::new().border_color("#FFFFFF").border_width(2)),
        );
    let mut option = serde_json::to_value(&chart).ok()?;
    if let Some(series) = option.get_mut("series").and_then(|s| s.get_mut(0)) {
        series["data"] = Value::Array(data);
    }
    Some(option)
}

/// A comparison in one word, for the colour key ("compared with the whole
/// population" is in the chart's name and each cell's tooltip).
fn short_words(c: Compared) -> &'static str {
    match c {
        Compared::Better => "Better",
        Compared::Similar => "Similar",
        Compared::Worse => "Worse",
        Compared::Higher => "Higher",
        Compared::Lower => "Lower",
        Compared::NotCompared => "Not compared",
    }
}

/// A pyramid's common axis end: `x` rounded up to a multiple of half its
/// power of ten (90 for 85.4, 35 for 34, 2 500 for 2 130), so both sides
/// share a round scale.
fn nice_ceiling(x: f64) -> f64 {
    if !(x.is_finite() && x > 0.0) {
        return 1.0;
    }
    let half = 10f64.powf(x.log10().floor()) / 2.0;
    r3((x / half).ceil() * half)
}

/// True when the columns are deprivation ranks "1" … "n".
fn looks_ranked(x: &CrossTab) -> bool {
    x.columns.iter().enumerate().all(|(i, c)| c.parse::<usize>().ok() == Some(i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::common::tests::{assert_common, series, view};
    use crate::view::Figures;

    fn slice(q: &str) -> (crate::query::InequalitySlice, Indicator) {
        let r = view(q);
        let ind = r.indicator.clone().unwrap();
        let Figures::Inequalities(s) = r.figures else { panic!("{:?}", r.figures) };
        (s, ind)
    }

    #[test]
    fn the_pyramid_puts_one_sex_each_side_of_the_age_labels() {
        let (s, ind) = slice("view=inequalities&org=P1&ind=obesity&layout=pyramid");
        let json = serde_json::to_value(pyramid_chart(s.pyramid.as_ref().unwrap(), &ind).unwrap()).unwrap();
        assert_common(&json);
        let female = series(&json, "Female");
        assert_eq!((female["xAxisIndex"].as_f64(), female["data"][0]["value"].as_f64()), (Some(0.0), Some(15.0)));
        assert_eq!(series(&json, "Male")["data"][2]["value"].as_f64(), Some(34.0));
        assert_eq!(json["xAxis"][0]["inverse"], true, "the left side runs right to left");
        assert_eq!(json["yAxis"][1]["data"], serde_json::json!(["0-15", "16-64", "65+"]));
        // The tooltip reads "Female, 0-15 (95% CI 12.921 to 17.347): 15".
        assert_eq!(json["tooltip"]["formatter"], "{a}, {b}: {c}");
        assert!(female["data"][0]["name"].as_str().unwrap().starts_with("0-15 (95% CI 12.9"), "{}", female["data"][0]["name"]);
    }

    #[test]
    fn the_crosstab_colours_each_cell_by_its_comparison() {
        let (s, ind) = slice("view=inequalities&org=P1&ind=obesity&layout=crosstab");
        let json = crosstab_chart(s.crosstab.as_ref().unwrap(), &ind).unwrap();
        assert_eq!(json["title"][0]["text"].as_str(), Some("Cross-tab"));
        assert_eq!(json["xAxis"]["data"][0], "1");
        assert_eq!(json["xAxis"]["name"], "Deprivation quintile (1 = most deprived)");
        assert_eq!(json["yAxis"]["data"], serde_json::json!(["White", "Asian"]));
        let cells = json["series"][0]["data"].as_array().unwrap();
        assert_eq!(cells.len(), 10);
        // White in quintile 1: 30%, worse than the whole population (code 2 in the key's order).
        assert_eq!(cells[0]["value"], serde_json::json!([0, 0, 30.0, 2, "30.0"]));
        assert_eq!(cells[0]["label"]["color"], HIGHLIGHT, "black on orange");
        assert_eq!(cells[4]["label"]["color"], "#FFFFFF", "white on the better blue");
        assert!(cells[0]["name"].as_str().unwrap().ends_with("Worse than the whole population"), "{}", cells[0]["name"]);
        let labels: Vec<&str> = json["visualMap"][0]["pieces"].as_array().unwrap().iter().map(|p| p["label"].as_str().unwrap()).collect();
        assert_eq!(labels, ["Better", "Similar", "Worse"]);
    }

    #[test]
    fn a_pyramids_axis_ends_at_a_round_number() {
        assert_eq!((nice_ceiling(85.445), nice_ceiling(34.0), nice_ceiling(2130.0), nice_ceiling(0.0)), (90.0, 35.0, 2500.0, 1.0));
    }
}
