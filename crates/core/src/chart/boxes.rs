//! The compare view's spread by peer cluster: one box plot per cluster of
//! the level's organisations (whiskers at minimum and maximum, as
//! `CompareView.boxes` computes them), so a reader sees whether an
//! organisation's cluster as a whole does better or worse, and where the
//! organisation sits in its own cluster's box (an NHS-blue diamond), with
//! England as a reference line. Each category label carries the number of
//! organisations in the box.

use super::common::*;
use super::palette::*;
use crate::bundle::Indicator;
use crate::view::compute::CompareView;
use charming::component::Axis;
use charming::datatype::{DataPoint, DataPointItem};
use charming::element::{AxisType, ItemStyle, LabelPosition, LineStyleType, NameLocation, Symbol, Trigger};
use charming::series::Boxplot;
use charming::Chart;

/// Box plots of `cv` by peer cluster for indicator `ind`; None without boxes.
pub fn cluster_boxes(cv: &CompareView, ind: &Indicator) -> Option<Chart> {
    // One box says nothing the ranked bars do not: compare clusters or draw nothing.
    if cv.boxes.len() < 2 {
        return None;
    }
    let labels: Vec<String> = cv.boxes.iter().map(|b| format!("{} ({})", b.name, b.n)).collect();
    let data: Vec<DataPoint> = cv
        .boxes
        .iter()
        .map(|b| DataPoint::Item(DataPointItem::new(vec![r3(b.min), r3(b.q1), r3(b.median), r3(b.q3), r3(b.max)]).name(b.name.clone())))
        .collect();
    let mut chart = frame("By peer cluster", &ind.name, Trigger::Item, true)
        .x_axis(Axis::new().type_(AxisType::Category).data(labels).name("Peer cluster (organisations)").name_location(NameLocation::Middle).name_gap(28))
        .y_axis(value_y(&unit_name(ind), true))
        .series(
            Boxplot::new()
                .name("Organisations in the cluster")
                .item_style(ItemStyle::new().color(NHS_PALE_GREY).border_color(NHS_BLUE).border_width(1.5))
                .data(data),
        );
    let selected = cv.orgs.iter().find(|r| r.selected).and_then(|r| {
        let cluster = r.cluster.clone().unwrap_or_default();
        let i = cv.boxes.iter().position(|b| b.cluster == cluster)?;
        let v = round(r.figure.value)?;
        Some(point(i as i64, v, format!("{}: {}", r.org.name, num(v))))
    });
    if let Some(point) = selected {
        chart = chart.series(marker("Selected organisation", Symbol::Diamond, 14.0, NHS_BLUE).data(vec![point]));
    }
    if let Some(e) = cv.england {
        chart = chart.series(reference_line("England", e, LineStyleType::Solid, false, LabelPosition::InsideEndTop, 5.0));
    }
    Some(chart)
}

#[cfg(test)]
mod tests {
    use super::super::common::tests::*;
    use super::*;
    use crate::view::Figures;
    use serde_json::{json, Value};

    fn boxes(q: &str) -> Option<Value> {
        let r = view(q);
        let Figures::Compare(c) = &r.figures else { panic!("{:?}", r.figures) };
        cluster_boxes(c, r.indicator.as_ref().unwrap()).map(|c| serde_json::to_value(c).unwrap())
    }

    // Teaching P1 80, P2 75, P5 70; general P3 80, P4 90.
    #[test]
    fn one_box_per_cluster_with_the_organisation_in_its_own() {
        let json = boxes("view=compare&org=P1&ind=ae").unwrap();
        assert_common(&json);
        assert_eq!(json["xAxis"]["data"], json!(["Teaching (3)", "General (2)"]));
        let b = series(&json, "Organisations in the cluster");
        assert_eq!(b["type"], "boxplot");
        assert_eq!(b["data"][0]["value"], json!([70.0, 72.5, 75.0, 77.5, 80.0]));
        assert_eq!(b["data"][1]["value"], json!([80.0, 82.5, 85.0, 87.5, 90.0]));
        assert_eq!(series(&json, "Selected organisation")["data"][0]["value"], json!([0, 80.0]));
        let json = boxes("view=compare&org=P3&ind=ae").unwrap();
        assert_eq!(series(&json, "Selected organisation")["data"][0]["value"], json!([1, 80.0]), "P3 is in the general cluster");
    }

    #[test]
    fn no_boxes_no_chart() {
        assert!(boxes("view=compare&org=I1&ind=beds").is_none());
    }

    #[test]
    fn a_single_cluster_is_not_drawn() {
        let r = view("view=compare&org=P1&ind=ae");
        let Figures::Compare(mut c) = r.figures else { panic!() };
        c.boxes.truncate(1);
        assert!(cluster_boxes(&c, r.indicator.as_ref().unwrap()).is_none());
    }
}
