//! The peers & opportunity view's charts: where the organisation sits among
//! its peers for the selected indicator, and its £ opportunity per indicator.
//!
//! The view carries the peers' distribution (`PeerStats`: minimum,
//! quartiles, median, maximum, deciles), not each peer's value, so the
//! position chart draws that distribution as one horizontal box plot with
//! the deciles as small dots and the organisation as an NHS-blue diamond.
//!
//! The opportunity chart is horizontal bars of £ per indicator, largest
//! first, for the indicators with a costed opportunity: one with activity to
//! gain but no unit cost has no £ to draw (the page's table lists it), and
//! one already at its target has none. Money is rounded to whole pounds.

use super::common::*;
use super::palette::*;
use crate::bundle::Indicator;
use crate::params::Target;
use crate::view::compute::PeersView;
use charming::datatype::{DataPoint, DataPointItem};
use charming::element::{ItemStyle, Label, LabelPosition, Symbol, Trigger};
use charming::series::{Bar, Boxplot};
use charming::Chart;

/// The peer target as words ("median", "best quartile").
pub(super) fn target_words(t: Target) -> &'static str {
    match t {
        Target::Median => "median",
        Target::Quartile => "best quartile",
        Target::Decile => "best decile",
    }
}

/// The organisation called `org` among its peers for indicator `ind`; None
/// without a position for `ind` or without any peer value. Its marker's
/// legend entry is its name (shortened as on axes: "England", "Cheshire and
/// Merseyside"), the one organisation the chart marks.
pub fn peer_position(pv: &PeersView, ind: &Indicator, org: &str) -> Option<Chart> {
    let pos = pv.position.as_ref().filter(|p| p.indicator == ind.id)?;
    let s = &pos.stats;
    let five = vec![r3(s.min?), r3(s.q1?), r3(s.median?), r3(s.q3?), r3(s.max?)];
    // England is set against its members, not peers (`compute::peers`).
    let (title, group, decile_name) = match &pos.among_members {
        Some(_) => ("Position among its members", "Members", "Member deciles"),
        None => ("Position among peers", "Peers", "Peer deciles"),
    };
    let mut chart = frame(title, &ind.name, Trigger::Item, true)
        .x_axis(value_x(&unit_name(ind), true))
        .y_axis(category_y(vec![format!("{group} ({})", s.peers_with_value)]))
        .series(
            Boxplot::new()
                .name(group)
                .item_style(ItemStyle::new().color(NHS_PALE_GREY).border_color(NHS_DARK_GREY).border_width(1.5))
                .data(vec![DataPoint::Item(DataPointItem::new(five).name(group))]),
        );
    if !s.deciles.is_empty() {
        let deciles = s.deciles.iter().enumerate().map(|(i, d)| point(r3(*d), 0, format!("{}th percentile: {}", (i + 1) * 10, num(*d)))).collect();
        chart = chart.series(marker(decile_name, Symbol::Circle, 5.0, NHS_MID_GREY).data(deciles));
    }
    if let Some(v) = pos.value {
        let text = match (s.rank, s.percentile) {
            (Some(r), Some(p)) => {
                format!("{}: rank {r} of {}, percentile {}", num(v), s.of, num(p))
            }
            _ => num(v),
        };
        chart = chart.series(marker(&short_org_name(org), Symbol::Diamond, 16.0, NHS_BLUE).data(vec![point(r3(v), 0, text)]));
    }
    Some(chart)
}

/// The indicators of `pv` with £ to draw: (name, whole £, tooltip line),
/// in the table's order; for England, its members' £ summed per indicator.
pub(super) fn costed(pv: &PeersView) -> Vec<(&str, f64, String)> {
    if pv.counted_at_members {
        let Some(m) = &pv.members else { return Vec::new() };
        return m
            .by_indicator
            .iter()
            .filter_map(|b| {
                let cost = b.cost.filter(|c| c.is_finite()).map(f64::round).filter(|c| *c > 0.0)?;
                Some((b.name.as_str(), cost, format!("{}: activity {} across {} members", b.name, num(b.activity), b.members_with_opportunity)))
            })
            .collect();
    }
    pv.opportunity
        .iter()
        .filter_map(|r| {
            let cost = r.cost.filter(|c| c.is_finite()).map(f64::round).filter(|c| *c > 0.0)?;
            let tip = match (&r.period, r.activity) {
                (Some(p), Some(a)) => format!("{}, {p}: activity {}", r.name, num(a)),
                _ => r.name.clone(),
            };
            Some((r.name.as_str(), cost, tip))
        })
        .collect()
}

/// The £ opportunity per indicator of `pv`; None when no indicator has any.
pub fn opportunity_bars(pv: &PeersView) -> Option<Chart> {
    let mut rows = costed(pv);
    if rows.is_empty() {
        return None;
    }
    rows.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let data: Vec<DataPoint> = rows.iter().map(|(_, c, tip)| DataPoint::Item(DataPointItem::new(*c).name(tip.clone()))).collect();
    let subtitle = if pv.counted_at_members {
        format!("If each member matched its own peers' {}", target_words(pv.target))
    } else {
        format!("If it matched its peers' {}", target_words(pv.target))
    };
    let chart = frame("Opportunity in £", &subtitle, Trigger::Item, true)
        .x_axis(value_x("£", false))
        .y_axis(category_y(rows.iter().map(|r| r.0.to_string()).collect()))
        .series(
            Bar::new()
                .name("£ opportunity")
                .bar_width("60%")
                .item_style(ItemStyle::new().color(NHS_BLUE))
                .label(Label::new().show(true).position(LabelPosition::Right).formatter("£{c}"))
                .data(data),
        );
    Some(chart)
}

#[cfg(test)]
mod tests {
    use super::super::common::tests::*;
    use super::*;
    use crate::view::Figures;
    use serde_json::{json, Value};

    fn peers(q: &str) -> (PeersView, Option<Indicator>) {
        let r = view(q);
        let Figures::Peers(p) = r.figures else { panic!("{:?}", r.figures) };
        (p, r.indicator)
    }

    // P1 ae Mar 2024 = 80%; type peers P2 75, P3 80, P4 90, P5 70: box 70, 73.75, 77.5,
    // 82.5, 90; P1 rank 2 of 5, percentile 60.
    #[test]
    fn the_organisation_on_its_peers_box() {
        let (p, ind) = peers("view=peers&org=P1&ind=ae&peers=type");
        let json = serde_json::to_value(peer_position(&p, ind.as_ref().unwrap(), "Provider One").unwrap()).unwrap();
        assert_common(&json);
        assert_eq!(json["yAxis"]["data"], json!(["Peers (4)"]));
        assert_eq!(series(&json, "Peers")["data"][0]["value"], json!([70.0, 73.75, 77.5, 82.5, 90.0]));
        let org = &series(&json, "Provider One")["data"][0];
        assert_eq!(org, &json!({"value": [80.0, 0], "name": "80: rank 2 of 5, percentile 60"}));
        assert_eq!(series(&json, "Peer deciles")["data"].as_array().unwrap().len(), 9);
        // Another indicator than the position's, or no peer values: no chart.
        let mut other = ind.unwrap();
        other.id = "beds".into();
        assert!(peer_position(&p, &other, "Provider One").is_none());
        let (p, ind) = peers("view=peers&org=I1&ind=beds");
        assert!(peer_position(&p, ind.as_ref().unwrap(), "ICB One").is_none(), "ICBs have no beds values");
    }

    // P2 against type peers, median target: beds £7 500; ae has activity but no unit cost.
    #[test]
    fn pounds_per_indicator_largest_first() {
        let (p, _) = peers("view=peers&org=P2&peers=type");
        let json: Value = serde_json::to_value(opportunity_bars(&p).unwrap()).unwrap();
        assert_common(&json);
        assert_eq!(json["yAxis"]["data"], json!(["Bed days"]));
        assert_eq!(json["title"][0]["subtext"], "If it matched its peers' median");
        let bars = series(&json, "£ opportunity");
        assert_eq!(bars["data"][0]["value"], 7500.0);
        assert!(bars["data"][0]["name"].as_str().unwrap().starts_with("Bed days, 2023/24: activity 30"));
        // P4 beats its peers on beds and ae has no £: nothing to draw.
        let (p, _) = peers("view=peers&org=P4&peers=type");
        assert!(opportunity_bars(&p).is_none());
    }
}
