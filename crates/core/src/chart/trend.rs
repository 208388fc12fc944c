//! The trend line chart: an organisation's value over time with its 95%
//! confidence limits and, where the indicator has one, its target.

use super::palette::*;
use crate::query::SeriesPoint;
use charming::component::{Axis, Grid, Legend, Title};
use charming::element::{AxisType, ItemStyle, LineStyle, LineStyleType, Tooltip, Trigger};
use charming::series::Line;
use charming::Chart;

fn round(x: Option<f64>) -> Option<f64> {
    x.map(|v| (v * 1000.0).round() / 1000.0)
}

/// A line chart of `series` titled `title`, with `unit` (if any) after it.
///
/// ECharts' own ARIA description is left off: it reads data indices aloud
/// ("the data for Apr 2022 is 0, 75.2"); the app gives the chart a plain
/// accessible name and a data table instead.
pub fn trend_chart(title: &str, unit: &str, series: &[SeriesPoint], target: Option<f64>) -> Chart {
    let title = if unit.is_empty() { title.to_string() } else { format!("{title} ({unit})") };
    let labels: Vec<String> = series.iter().map(|p| p.period.clone()).collect();
    let values: Vec<Option<f64>> = series.iter().map(|p| round(p.value)).collect();
    let lower: Vec<Option<f64>> = series.iter().map(|p| round(p.lower_95)).collect();
    let upper: Vec<Option<f64>> = series.iter().map(|p| round(p.upper_95)).collect();
    let limit_style = || LineStyle::new().type_(LineStyleType::Dashed).width(1).color(NHS_MID_GREY);
    let mut chart = Chart::new()
        .title(Title::new().text(title).left("left"))
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().bottom(0))
        .grid(Grid::new().left(48).right(16).top(48).bottom(64).contain_label(true))
        .x_axis(Axis::new().type_(AxisType::Category).data(labels))
        .y_axis(Axis::new().type_(AxisType::Value).scale(true))
        .series(Line::new().name("Value").data(values).item_style(ItemStyle::new().color(NHS_BLUE)).symbol_size(6))
        .series(Line::new().name("Lower 95% limit").data(lower).line_style(limit_style()).show_symbol(false).item_style(ItemStyle::new().color(NHS_MID_GREY)))
        .series(Line::new().name("Upper 95% limit").data(upper).line_style(limit_style()).show_symbol(false).item_style(ItemStyle::new().color(NHS_MID_GREY)));
    if let Some(t) = target {
        let flat: Vec<Option<f64>> = series.iter().map(|_| Some(t)).collect();
        chart = chart.series(
            Line::new()
                .name("Target")
                .data(flat)
                .show_symbol(false)
                .item_style(ItemStyle::new().color(TARGET))
                .line_style(LineStyle::new().type_(LineStyleType::Dotted).width(2).color(TARGET)),
        );
    }
    chart
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(period: &str, v: f64) -> SeriesPoint {
        SeriesPoint { period: period.into(), start: 0, value: Some(v), lower_95: Some(v - 1.0), upper_95: Some(v + 1.0), numerator: None, denominator: None }
    }

    #[test]
    fn spec_carries_periods_values_limits_and_target() {
        let s = [point("Apr 2024", 70.1234), point("May 2024", 72.0)];
        let json = serde_json::to_value(trend_chart("A&E", "%", &s, Some(78.0))).unwrap();
        assert_eq!(json["xAxis"]["data"], serde_json::json!(["Apr 2024", "May 2024"]));
        let series = json["series"].as_array().unwrap();
        assert_eq!(series.len(), 4);
        assert_eq!(series[0]["data"], serde_json::json!([70.123, 72.0]));
        assert_eq!(series[1]["data"], serde_json::json!([69.123, 71.0]));
        assert_eq!(series[3]["name"], "Target");
        assert_eq!(series[3]["data"], serde_json::json!([78.0, 78.0]));
        // The app names the chart itself (ECharts' generated description is off).
        assert!(json.get("aria").is_none());
        assert_eq!(json["title"][0]["text"], "A&E (%)");
    }

    #[test]
    fn no_target_means_no_target_line() {
        let json = serde_json::to_value(trend_chart("x", "", &[point("a", 1.0)], None)).unwrap();
        assert_eq!(json["series"].as_array().unwrap().len(), 3);
    }
}
