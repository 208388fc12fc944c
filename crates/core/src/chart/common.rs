//! What the view charts share, so they look and behave alike: the frame (a
//! short title, the indicator's name as subtitle, tooltip, a scrolling legend
//! along the bottom, a grid that contains its axis labels), rounding, value
//! axes named by the unit, comparison colours and words, reference lines,
//! ranked comparison bars and their confidence-interval whiskers.
//!
//! Everything is plain data: charming cannot hand JavaScript functions to
//! ECharts, so no formatter here is a callback — tooltips read from series
//! names and data item names instead. ECharts' own ARIA description stays
//! off, as in `trend.rs`: the app names each chart itself.
//!
//! Titles are a few words (at ECharts' 18 px they fit a 360 px phone); the
//! indicator's name, which can be long, is the 12 px subtitle, shortened at
//! a word to [`SUBTITLE_CHARS`] with an ellipsis (its full name is in the
//! chart's accessible name and on the page). Units go in axis names.

use super::palette::*;
use crate::bundle::{Indicator, Polarity};
use crate::query::Compared;
use crate::stats::ci::Limits;
use charming::component::{Axis, Grid, Legend, LegendType, Title};
use charming::datatype::{CompositeValue, DataPoint, DataPointItem};
use charming::element::{
    AxisType, BorderType, Formatter, ItemStyle, Label, LabelPosition, LineStyle, LineStyleType, MarkLine, MarkLineData, MarkLineVariant, NameLocation, Symbol,
    TextStyle, Tooltip, Trigger,
};
use charming::series::{Bar, Boxplot, Line};
use charming::Chart;

/// Longest subtitle, in characters (about 300 px of 12 px text).
pub(super) const SUBTITLE_CHARS: usize = 48;

/// `v` to 3 decimals (never `-0`).
pub(super) fn r3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0 + 0.0
}

/// A number to 3 decimals; None (and non-finite numbers) stay None, which
/// serialises as `null`: a gap, never a 0.
pub(super) fn round(x: Option<f64>) -> Option<f64> {
    x.filter(|v| v.is_finite()).map(r3)
}

/// `text` cut at a word to at most `max` characters, with an ellipsis.
pub(super) fn fit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([' ', ',', ';', ':']))
}

/// Longest group label on a category axis, in characters (about 120 px of
/// 12 px text: on a 390 px phone the bars keep two thirds of the width).
pub(super) const GROUP_LABEL_CHARS: usize = 20;

/// A group's name short enough for a category axis on a phone: as it is
/// when it fits in `max` characters; else, for a Census-style heading, its
/// own part — after the colon of a detailed group ("Asian, Asian British or
/// Asian Welsh: Indian" → "Indian"), or the word before the first comma of a
/// broad one ("Black, Black British, Black Welsh, Caribbean or African" →
/// "Black…"); else [`fit`]. The full name stays in the tooltip, the
/// accessible name and the data table.
pub(super) fn group_label(name: &str, max: usize) -> String {
    let name = name.trim();
    if name.chars().count() <= max {
        return name.to_string();
    }
    let short = |t: &str| (2..max).contains(&t.trim().chars().count());
    match (name.rsplit_once(": "), name.split_once(',')) {
        (Some((_, own)), _) if short(own) => own.trim().to_string(),
        (None, Some((head, _))) if short(head) => format!("{}…", head.trim()),
        _ => fit(name, max),
    }
}

/// [`group_label`] of each name, each label different: a label two groups
/// would share is replaced by each one's name [`fit`] to `max`.
pub(super) fn group_labels<'a>(names: impl IntoIterator<Item = &'a str>, max: usize) -> Vec<String> {
    let names: Vec<&str> = names.into_iter().collect();
    let labels: Vec<String> = names.iter().map(|n| group_label(n, max)).collect();
    labels.iter().zip(&names).map(|(l, n)| if labels.iter().filter(|x| *x == l).count() > 1 { fit(n, max) } else { l.clone() }).collect()
}

/// An organisation's name short enough for an axis label on a phone: the
/// words every NHS name of its kind shares ("NHS … Integrated Care Board",
/// "NHS Foundation Trust") dropped, then cut at a word to 30 characters.
/// The full name stays in the tooltip, the accessible name and the table.
pub(super) fn short_org_name(name: &str) -> String {
    let mut s = name.trim();
    for suffix in [" Integrated Care Board", " NHS Foundation Trust", " NHS Trust", " ICB"] {
        if let Some(head) = s.strip_suffix(suffix) {
            s = head;
            break;
        }
    }
    if let Some(rest) = s.strip_prefix("NHS ") {
        s = rest;
    }
    fit(s, 30)
}

/// The chart every builder starts from: title, subtitle, tooltip, legend at
/// the bottom, and a grid that contains its labels. Above the grid there is
/// room for a vertical axis's name and two reference-line labels under the
/// subtitle; below it for the legend and, with `x_name`, the horizontal
/// axis's name under its labels.
pub(super) fn frame(title: &str, subtitle: &str, trigger: Trigger, x_name: bool) -> Chart {
    Chart::new()
        .title(Title::new().text(title).subtext(fit(subtitle, SUBTITLE_CHARS)).left("left"))
        .tooltip(Tooltip::new().trigger(trigger))
        .legend(Legend::new().type_(LegendType::Scroll).bottom(0))
        .grid(Grid::new().left(8).right(24).top(96).bottom(if x_name { 64 } else { 40 }).contain_label(true))
}

/// What a value axis of `ind` is called: its unit, else "Value".
pub(super) fn unit_name(ind: &Indicator) -> String {
    if ind.unit.trim().is_empty() {
        "Value".into()
    } else {
        ind.unit.clone()
    }
}

/// A vertical value axis named `name` at its top, the name running right
/// from the axis line (centred on it, a long name would be cut off at the
/// chart's left edge); `scale` lets it leave out 0 (lines), bars keep it.
pub(super) fn value_y(name: &str, scale: bool) -> Axis {
    Axis::new().type_(AxisType::Value).name(name).name_location(NameLocation::End).name_text_style(TextStyle::new().align("left")).scale(scale)
}

/// A horizontal value axis named `name` below its labels.
pub(super) fn value_x(name: &str, scale: bool) -> Axis {
    Axis::new().type_(AxisType::Value).name(name).name_location(NameLocation::Middle).name_gap(28).scale(scale)
}

/// A vertical category axis of `labels`, first at the top (rank 1, decile 1).
pub(super) fn category_y(labels: Vec<String>) -> Axis {
    Axis::new().type_(AxisType::Category).data(labels).inverse(true)
}

/// Comparison outcomes in legend order.
pub(super) const COMPARISONS: [Compared; 6] = [Compared::Better, Compared::Similar, Compared::Worse, Compared::Higher, Compared::Lower, Compared::NotCompared];

pub(super) fn comparison_colour(c: Compared) -> &'static str {
    match c {
        Compared::Better => BETTER,
        Compared::Similar => SIMILAR,
        Compared::Worse => WORSE,
        Compared::Higher => HIGHER,
        Compared::Lower => LOWER,
        Compared::NotCompared => NOT_COMPARED,
    }
}

/// "Quintile 1 (best fifth)" …, as the map's key says it.
pub(super) fn quintile_words(q: u8, polarity: Polarity) -> String {
    let (first, last) = if polarity == Polarity::Neither { ("lowest", "highest") } else { ("best", "worst") };
    match q {
        1 => format!("Quintile 1 ({first} fifth)"),
        5 => format!("Quintile 5 ({last} fifth)"),
        _ => format!("Quintile {q}"),
    }
}

/// "Better than England", "Not compared" …
pub(super) fn comparison_words(c: Compared, against: &str) -> String {
    match c {
        Compared::Better => format!("Better than {against}"),
        Compared::Similar => format!("Similar to {against}"),
        Compared::Worse => format!("Worse than {against}"),
        Compared::Higher => format!("Higher than {against}"),
        Compared::Lower => format!("Lower than {against}"),
        Compared::NotCompared => "Not compared".into(),
    }
}

/// A number for text (tooltips, names): 3 decimals at most, no trailing zeros.
pub(super) fn num(v: f64) -> String {
    format!("{}", r3(v))
}

/// A reference line at `value` (England, a peer median, an overall value):
/// a series with no data of its own carrying one `markLine`, so it has a
/// legend entry that shows and hides it, and stays drawn whichever bars are
/// hidden. `vertical` lines cross a horizontal value axis. Its label, the
/// name and value, goes where `label` says (a label past the grid's right
/// edge would be cut off), `distance` pixels from the line's end: a second
/// line's label further out than the first's, so close lines' labels stack
/// rather than overwrite each other.
pub(super) fn reference_line(name: &str, value: f64, dash: LineStyleType, vertical: bool, label: LabelPosition, distance: f64) -> Line {
    let at = if vertical { MarkLineData::new().x_axis(r3(value)) } else { MarkLineData::new().y_axis(r3(value)) };
    let label = Label::new().formatter(Formatter::String(format!("{name} {}", num(value)))).position(label).distance(distance).color(COMPARATOR);
    Line::new().name(name).item_style(ItemStyle::new().color(COMPARATOR)).line_style(LineStyle::new().type_(dash).width(2).color(COMPARATOR)).mark_line(
        MarkLine::new()
            .symbol(vec![Symbol::None, Symbol::None])
            .line_style(LineStyle::new().type_(dash).width(2).color(COMPARATOR))
            .label(label)
            .data(vec![MarkLineVariant::Simple(at.name(name))]),
    )
}

/// How a row of ranked bars is picked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Outline {
    Plain,
    Selected,
    Peer,
}

/// One bar of a ranked comparison.
pub(super) struct BarRow {
    /// The category label.
    pub label: String,
    /// The tooltip's line for this bar.
    pub tip: String,
    pub value: Option<f64>,
    pub limits: Option<Limits>,
    pub compared: Compared,
    /// The quintile, when bars are coloured by quintile (Fingertips' quintile method) instead.
    pub quintile: Option<u8>,
    pub outline: Outline,
}

impl BarRow {
    /// `label`, with its 95% interval, as the tooltip line.
    pub fn tip_with_interval(label: &str, limits: Option<Limits>) -> String {
        match limits {
            Some(l) => format!("{label} (95% CI {} to {})", num(l.lower), num(l.upper)),
            None => label.to_string(),
        }
    }
}

/// Horizontal bars of `rows` on a category y axis (first at the top), each
/// filled with its comparison colour, with 95% confidence intervals as
/// whiskers; the selected row outlined in [`HIGHLIGHT`] and marked with a
/// diamond, peers outlined dashed and marked with a hollow circle. `against`
/// names the comparator in the legend ("England", "overall").
///
/// One bar series per comparison outcome present, all in one stack, each
/// with `null` on the rows of other outcomes: every row has exactly one bar,
/// and the legend names the colours. The whiskers are a `boxplot` series whose
/// box collapses onto the value (`[lower, value, value, value, upper]`):
/// ECharts draws a line from lower to upper limit with end caps — an error
/// bar in plain JSON, where a `custom` series would need a JavaScript
/// `renderItem`. Rows without limits get five `null`s (a bare `null` item
/// would break ECharts' boxplot, which reads every item as an array). The
/// boxplot's own tooltip would label the limits "min", "Q1" …, so it has
/// none; each bar's tooltip line carries the interval instead.
pub(super) fn ranked_bars(chart: Chart, rows: &[BarRow], against: &str, polarity: Polarity) -> Chart {
    let labels: Vec<String> = rows.iter().map(|r| r.label.clone()).collect();
    let mut chart = chart.y_axis(category_y(labels));
    // One group per fill: the comparison outcomes, or the quintiles when any row has one.
    type Group = (String, &'static str, Box<dyn Fn(&BarRow) -> bool>);
    let groups: Vec<Group> = if rows.iter().any(|r| r.quintile.is_some()) {
        (1..=5u8)
            .map(|q| -> Group {
                (
                    quintile_words(q, polarity),
                    QUINTILES.get(usize::from(q) - 1).copied().unwrap_or(NOT_COMPARED),
                    Box::new(move |r: &BarRow| r.quintile == Some(q)),
                )
            })
            .chain(std::iter::once::<Group>(("No quintile".into(), NOT_COMPARED, Box::new(|r: &BarRow| r.quintile.is_none()))))
            .collect()
    } else {
        COMPARISONS.iter().map(|&c| -> Group { (comparison_words(c, against), comparison_colour(c), Box::new(move |r: &BarRow| r.compared == c)) }).collect()
    };
    for (name, colour, member) in groups {
        if !rows.iter().any(|r| member(r) && r.value.is_some()) {
            continue;
        }
        let data: Vec<DataPoint> = rows
            .iter()
            .map(|r| {
                if !member(r) || r.value.is_none() {
                    return DataPoint::from(None::<f64>);
                }
                let style = match r.outline {
                    Outline::Plain => ItemStyle::new().border_color(NHS_DARK_GREY).border_width(1),
                    Outline::Selected => ItemStyle::new().border_color(HIGHLIGHT).border_width(3),
                    Outline::Peer => ItemStyle::new().border_color(HIGHLIGHT).border_width(2).border_type(BorderType::Dashed),
                };
                DataPoint::Item(DataPointItem::new(round(r.value)).name(r.tip.clone()).item_style(style))
            })
            .collect();
        chart = chart.series(
            Bar::new()
                .name(name)
                .stack("value")
                .bar_width("60%")
                .item_style(ItemStyle::new().color(colour).border_color(NHS_DARK_GREY).border_width(1))
                .data(data),
        );
    }
    let whiskers: Vec<DataPoint> = rows
        .iter()
        .map(|r| {
            let five = match (round(r.value), r.limits) {
                (Some(v), Some(l)) => [Some(r3(l.lower)), Some(v), Some(v), Some(v), Some(r3(l.upper))],
                _ => [None; 5],
            };
            DataPoint::from(CompositeValue::from(five.to_vec()))
        })
        .collect();
    if rows.iter().any(|r| r.value.is_some() && r.limits.is_some()) {
        chart = chart.series(
            Boxplot::new()
                .name("95% confidence interval")
                .item_style(ItemStyle::new().color(NHS_DARK_GREY).border_color(NHS_DARK_GREY).border_width(1.5))
                .tooltip(Tooltip::new().trigger(Trigger::None))
                .data(whiskers),
        );
    }
    for (name, which, symbol, size) in
        [("Selected organisation", Outline::Selected, Symbol::Diamond, 14.0), ("Peer", Outline::Peer, Symbol::Custom("emptyCircle".into()), 9.0)]
    {
        let points: Vec<DataPoint> =
            rows.iter().enumerate().filter(|(_, r)| r.outline == which).filter_map(|(i, r)| Some(point(round(r.value)?, i as i64, r.tip.clone()))).collect();
        if !points.is_empty() {
            chart = chart.series(marker(name, symbol, size, HIGHLIGHT).data(points));
        }
    }
    chart
}

/// One marker at (`x`, `y`) — a category's index on a category axis — whose
/// tooltip line is `text`.
pub(super) fn point(x: impl Into<CompositeValue>, y: impl Into<CompositeValue>, text: String) -> DataPoint {
    DataPoint::Item(DataPointItem::new(vec![x.into(), y.into()]).name(text))
}

/// A series of markers named `name`, drawn over bars, boxes or lines.
///
/// A `line` series with its line made invisible rather than a `scatter`:
/// charming's scatter has no tooltip option, and ECharts' default scatter
/// tooltip would print a category's index beside the value. This one's
/// tooltip is the series name over the point's own text (a plain-string
/// template, not a callback).
pub(super) fn marker(name: &str, symbol: Symbol, size: f64, colour: &str) -> Line {
    Line::new()
        .name(name)
        .symbol(symbol)
        .symbol_size(size)
        .show_symbol(true)
        .item_style(ItemStyle::new().color(colour))
        .line_style(LineStyle::new().width(0).opacity(0))
        .tooltip(Tooltip::new().formatter("{a}<br/>{b}"))
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::table::fixture;
    use crate::view::{compute, parse_query, resolve, ViewResult};
    use serde_json::Value;

    /// The view `q` of the fixture bundle, as the app computes it.
    pub fn view(q: &str) -> ViewResult {
        let ds = fixture::dataset();
        let (state, _) = resolve(parse_query(q), ds.manifest());
        compute(&ds, &state)
    }

    /// The series of `json` called `name`.
    pub fn series<'a>(json: &'a Value, name: &str) -> &'a Value {
        json["series"].as_array().unwrap().iter().find(|s| s["name"] == name).unwrap_or_else(|| panic!("no series {name:?} in {:?}", names(json)))
    }

    pub fn names(json: &Value) -> Vec<String> {
        json["series"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap_or_default().to_string()).collect()
    }

    /// What every chart promises: a short title, tooltip, bottom legend, a
    /// grid containing its labels, no ECharts ARIA, nothing but JSON values.
    pub fn assert_common(json: &Value) {
        let title = json["title"][0]["text"].as_str().unwrap();
        assert!(!title.is_empty() && title.chars().count() <= 28, "title {title:?}");
        assert!(json["title"][0]["subtext"].as_str().unwrap().chars().count() <= SUBTITLE_CHARS);
        assert!(json["tooltip"].is_object());
        assert_eq!(json["legend"]["bottom"], 0);
        assert_eq!(json["grid"][0]["containLabel"], true);
        assert!(json.get("aria").is_none());
        assert!(!json.to_string().contains("function"), "no JavaScript");
    }

    #[test]
    fn rounding_fitting_and_words() {
        assert_eq!(round(Some(1.23456)), Some(1.235));
        assert_eq!(round(Some(f64::NAN)), None);
        assert_eq!(r3(-0.0001).to_string(), "0");
        assert_eq!(fit("short", 10), "short");
        // Census ethnic groups read by their leading word; others cut at a word.
        assert_eq!(group_label("Black, Black British, Black Welsh, Caribbean or African", GROUP_LABEL_CHARS), "Black…");
        assert_eq!(group_label("Asian, Asian British or Asian Welsh", GROUP_LABEL_CHARS), "Asian…");
        assert_eq!(group_label("Mixed or Multiple ethnic groups", GROUP_LABEL_CHARS), "Mixed or Multiple…");
        assert_eq!(group_label("Other ethnic group", GROUP_LABEL_CHARS), "Other ethnic group");
        assert_eq!(group_label("Asian, Asian British or Asian Welsh: Bangladeshi", GROUP_LABEL_CHARS), "Bangladeshi");
        assert_eq!(group_label("Gypsy or Irish Traveller community", GROUP_LABEL_CHARS), "Gypsy or Irish…");
        // Two groups that would read alike keep more of their names.
        assert_eq!(group_labels(["White, English", "White, Irish and others"], 16), vec!["White, English", "White…"]);
        assert_eq!(group_labels(["White, English or Welsh", "White, Irish and others"], 16), vec!["White, English…", "White, Irish…"]);
        assert_eq!(fit("Percentage of patients seen within four hours", 24), "Percentage of patients…");
        assert!(fit(&"x".repeat(100), 10).chars().count() <= 10);
        assert_eq!(comparison_words(Compared::Similar, "England"), "Similar to England");
    }

    #[test]
    fn org_names_shorten_for_axis_labels() {
        assert_eq!(short_org_name("NHS Cheshire and Merseyside Integrated Care Board"), "Cheshire and Merseyside");
        assert_eq!(short_org_name("Wirral University Teaching Hospital NHS Foundation Trust"), "Wirral University Teaching…");
        assert_eq!(short_org_name("Leeds"), "Leeds");
    }
}
