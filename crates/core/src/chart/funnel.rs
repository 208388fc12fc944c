//! The compare view's funnel plot: each organisation's value against its
//! denominator, inside 95% and 99.8% control limits around England's value
//! — the limits narrow as the denominator grows, so a small organisation's
//! extreme value is read as chance, not performance (Spiegelhalter 2005).
//!
//! Both axes are value axes; each limit is a line series of
//! `[denominator, limit]` points (`CompareView.funnel`), the upper and lower
//! line of a level sharing one name so one legend entry shows or hides both.
//! The selected organisation is a larger diamond in NHS blue, its peers
//! hollow circles, the rest grey dots.

use super::common::*;
use super::palette::*;
use crate::bundle::Indicator;
use crate::view::compute::{CompareRow, CompareView};
use charming::datatype::{CompositeValue, DataPoint, DataPointItem};
use charming::element::{ItemStyle, LineStyle, LineStyleType, Symbol, Trigger};
use charming::series::{Line, Scatter};
use charming::Chart;

fn limit(name: &str, points: Vec<(f64, f64)>, dash: LineStyleType) -> Line {
    Line::new()
        .name(name)
        .data(points.into_iter().map(|(d, v)| vec![r3(d), r3(v)]).collect())
        .show_symbol(false)
        .item_style(ItemStyle::new().color(NHS_DARK_GREY))
        .line_style(LineStyle::new().type_(dash).width(1.5).color(NHS_DARK_GREY))
}

fn dots(name: &str, rows: &[&CompareRow], symbol: Symbol, size: f64, colour: &str) -> Scatter {
    let data: Vec<DataPoint> = rows
        .iter()
        .filter_map(|r| {
            let (d, v) = (round(r.figure.denominator)?, round(r.figure.value)?);
            Some(DataPoint::Item(DataPointItem::new(vec![CompositeValue::from(d), CompositeValue::from(v)]).name(r.org.name.clone())))
        })
        .collect();
    Scatter::new().name(name).symbol(symbol).symbol_size(size).item_style(ItemStyle::new().color(colour)).data(data)
}

/// The funnel plot of `cv` for indicator `ind`; None when the view has no
/// funnel (counts, means and ratios, or no England value).
pub fn funnel_chart(cv: &CompareView, ind: &Indicator) -> Option<Chart> {
    let f = cv.funnel.as_ref()?;
    let plotted = |r: &&CompareRow| r.figure.value.is_some() && r.figure.denominator.is_some();
    let others: Vec<&CompareRow> = cv.orgs.iter().filter(|r| !r.selected && !r.peer).filter(plotted).collect();
    let peers: Vec<&CompareRow> = cv.orgs.iter().filter(|r| !r.selected && r.peer).filter(plotted).collect();
    let selected: Vec<&CompareRow> = cv.orgs.iter().filter(|r| r.selected).filter(plotted).collect();
    let (first, last) = (f.points.first()?.denominator, f.points.last()?.denominator);
    let mut chart = frame("Funnel plot", &ind.name, Trigger::Item, true)
        .x_axis(value_x("Denominator", true))
        .y_axis(value_y(&unit_name(ind), true))
        .series(limit("99.8% limits", f.points.iter().map(|p| (p.denominator, p.upper_998)).collect(), LineStyleType::Dotted))
        .series(limit("99.8% limits", f.points.iter().map(|p| (p.denominator, p.lower_998)).collect(), LineStyleType::Dotted))
        .series(limit("95% limits", f.points.iter().map(|p| (p.denominator, p.upper_95)).collect(), LineStyleType::Dashed))
        .series(limit("95% limits", f.points.iter().map(|p| (p.denominator, p.lower_95)).collect(), LineStyleType::Dashed))
        .series(
            Line::new()
                .name("England")
                .data(vec![vec![r3(first), r3(f.centre)], vec![r3(last), r3(f.centre)]])
                .show_symbol(false)
                .item_style(ItemStyle::new().color(COMPARATOR))
                .line_style(LineStyle::new().width(2).color(COMPARATOR)),
        );
    if !others.is_empty() {
        chart = chart.series(dots("Other organisations", &others, Symbol::Circle, 8.0, NHS_MID_GREY));
    }
    if !peers.is_empty() {
        chart = chart.series(dots("Peers", &peers, Symbol::Custom("emptyCircle".into()), 10.0, HIGHLIGHT));
    }
    if !selected.is_empty() {
        chart = chart.series(dots("Selected organisation", &selected, Symbol::Diamond, 16.0, NHS_BLUE));
    }
    Some(chart)
}

#[cfg(test)]
mod tests {
    use super::super::common::tests::*;
    use super::*;
    use crate::view::Figures;
    use serde_json::{json, Value};

    fn funnel(q: &str) -> Option<Value> {
        let r = view(q);
        let Figures::Compare(c) = &r.figures else { panic!("{:?}", r.figures) };
        funnel_chart(c, r.indicator.as_ref().unwrap()).map(|c| serde_json::to_value(c).unwrap())
    }

    #[test]
    fn limits_bracket_the_centre_and_the_selected_organisation_stands_out() {
        let json = funnel("view=compare&org=P1&ind=ae").unwrap();
        assert_common(&json);
        assert_eq!((json["xAxis"]["type"].as_str(), json["yAxis"]["type"].as_str()), (Some("value"), Some("value")));
        let limits: Vec<&Value> = json["series"].as_array().unwrap().iter().filter(|s| s["name"] == "95% limits").collect();
        assert_eq!(limits.len(), 2);
        let (upper, lower) = (&limits[0]["data"][0], &limits[1]["data"][0]);
        let centre = series(&json, "England")["data"][0][1].as_f64().unwrap();
        assert_eq!(upper[0], lower[0], "the same denominator");
        assert!(lower[1].as_f64().unwrap() < centre && centre < upper[1].as_f64().unwrap());
        let sel = series(&json, "Selected organisation");
        assert_eq!((sel["symbol"].as_str(), sel["itemStyle"]["color"].as_str()), (Some("diamond"), Some(NHS_BLUE)));
        assert_eq!(sel["data"], json!([{"value": [1000.0, 80.0], "name": "Provider One"}]));
        assert_eq!(series(&json, "Peers")["data"].as_array().unwrap().len(), 2);
        assert_eq!(series(&json, "Other organisations")["data"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn no_funnel_no_chart() {
        // Beds per 1,000 is a rate: it has one. A view of a level with no values has none.
        assert!(funnel("view=compare&org=P1&ind=beds").is_some());
        assert!(funnel("view=compare&org=I1&ind=beds").is_none());
    }
}
