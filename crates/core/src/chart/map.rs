//! The map view's chart: every area of a level filled by its comparison with
//! the benchmark or by its quintile, the selected organisation outlined, as an
//! ECharts `map` series over the shapes the app registered under the boundary
//! file's [`crate::bundle::BoundaryFile::map_name`].
//!
//! charming 0.6 has no options for a `map` series, so this option is written
//! as JSON directly, keeping to plain data like every other chart (no
//! JavaScript formatter). How it reads without colour or a mouse:
//!
//! - fills are categories of a piecewise `visualMap`, each piece labelled
//!   ("Better than England", "Quintile 1 (best fifth)"), so the key names
//!   every colour, and clicking a piece shows or hides its areas;
//! - the tooltip is the data item's name, which holds the whole line —
//!   organisation, value, unit, 95% interval and comparison — because a
//!   string template can only show `{b}`/`{c}`; the boundary file names each
//!   area by its code, and `nameMap` renames code → that line so the data
//!   items find their shapes;
//! - the data items are in the view's row order, so a click's `dataIndex`
//!   names the organisation; the table under the map lists the same rows
//!   with a button each (ECharts areas cannot take keyboard focus).

use super::common::{comparison_words, fit, num, COMPARISONS, SUBTITLE_CHARS};
use super::palette::*;
use crate::bundle::{Indicator, Polarity};
use crate::params::Colour;
use crate::query::Compared;
use crate::stats::ci::Level;
use crate::view::compute::{MapRow, MapView};
use serde_json::{json, Map, Value};

/// The height in CSS pixels of the map itself, title included: England is
/// taller than wide. Its key goes below ([`key_height`]).
const MAP_HEIGHT: u32 = 560;

/// The key's pieces: a 14 px swatch (its 12 px label beside it) 10 px apart,
/// inside 5 px of padding — ECharts' `visualMap` defaults, written out so the
/// room left for the key is the key's own height.
const PIECE: u32 = 14;
const PIECE_GAP: u32 = 10;
const KEY_PADDING: u32 = 5;

/// The height of a key of `pieces` pieces, one above the other.
fn key_height(pieces: usize) -> u32 {
    let n = pieces.max(1) as u32;
    2 * KEY_PADDING + n * PIECE + (n - 1) * PIECE_GAP
}

/// A map's option and the height it needs.
#[derive(Debug, Clone, PartialEq)]
pub struct MapChart {
    /// The ECharts option.
    pub option: Value,
    /// CSS pixels: the map, then its key below it.
    pub height: u32,
}

/// Width over height of a degree of longitude against one of latitude at
/// England's middle (about 52.5° N): cos 52.5° ≈ 0.61.
const ASPECT: f64 = 0.61;

/// A row's category, the value its data item carries: the comparison's
/// place in [`COMPARISONS`] (a missing value counts as not compared), or the
/// quintile (0: none).
fn category(r: &MapRow, m: &MapView) -> u8 {
    match m.colour {
        Colour::Significance => {
            let c = if r.figure.value.is_some() { r.comparison } else { Compared::NotCompared };
            COMPARISONS.iter().position(|x| *x == c).unwrap_or(COMPARISONS.len() - 1) as u8
        }
        Colour::Quintile => r.quintile.unwrap_or(0),
    }
}

fn pieces(m: &MapView, polarity: Polarity, present: &[u8]) -> Vec<Value> {
    let piece = |value: u8, label: String, colour: &str| json!({ "value": value, "label": label, "color": colour });
    let mut out = Vec::new();
    match m.colour {
        Colour::Significance => {
            for (i, c) in COMPARISONS.iter().enumerate() {
                if present.contains(&(i as u8)) {
                    out.push(piece(i as u8, comparison_words(*c, &m.against), super::common::comparison_colour(*c)));
                }
            }
        }
        Colour::Quintile => {
            for q in 1..=5u8 {
                if present.contains(&q) {
                    let label = super::common::quintile_words(q, polarity);
                    out.push(piece(q, label, QUINTILES.get(q as usize - 1).copied().unwrap_or(NOT_COMPARED)));
                }
            }
            if present.contains(&0) {
                out.push(piece(0, "No quintile".into(), NOT_COMPARED));
            }
        }
    }
    out
}

/// One tooltip line: "Name: 80.1% (95% CI 77.4 to 82.4); better than England".
fn tip(r: &MapRow, m: &MapView, ind: &Indicator) -> String {
    let Some(v) = r.figure.value else {
        return format!("{}: no value", r.org.name);
    };
    let unit = if ind.unit.trim().is_empty() {
        String::new()
    } else if ind.unit == "%" {
        "%".into()
    } else {
        format!(" {}", ind.unit)
    };
    let ci = r.figure.limits_or_computed(ind, Level::P95).map(|l| format!(" (95% CI {} to {})", num(l.lower), num(l.upper))).unwrap_or_default();
    let how = match m.colour {
        Colour::Significance => comparison_words(r.comparison_95, &m.against).to_lowercase().replace("england", "England"),
        Colour::Quintile => r.quintile.map(|q| format!("quintile {q}")).unwrap_or_else(|| "no quintile".into()),
    };
    format!("{}: {}{unit}{ci}; {how}", r.org.name, num(v))
}

/// The map option of `m` for indicator `ind`; None without boundaries or areas.
///
/// The key sits below the map, in room the map leaves for it, so it never
/// covers an area — on a phone the map fills the width, and a key laid over
/// its corner hid Cornwall and the south-west.
pub fn map_chart(m: &MapView, ind: &Indicator) -> Option<MapChart> {
    let boundary = m.boundary.as_ref()?;
    if m.orgs.is_empty() {
        return None;
    }
    let mut names: Map<String, Value> = Map::new();
    let mut seen = std::collections::HashSet::new();
    let mut present: Vec<u8> = Vec::new();
    let data: Vec<Value> = m
        .orgs
        .iter()
        .map(|r| {
            let mut line = tip(r, m, ind);
            // Region names must be unique: a repeated line gains its code.
            if !seen.insert(line.clone()) {
                line = format!("{line} [{}]", r.org.code);
                seen.insert(line.clone());
            }
            names.insert(r.org.code.clone(), Value::String(line.clone()));
            let k = category(r, m);
            if !present.contains(&k) {
                present.push(k);
            }
            if r.selected {
                json!({ "name": line, "value": k, "itemStyle": { "borderColor": HIGHLIGHT, "borderWidth": 3 } })
            } else {
                json!({ "name": line, "value": k })
            }
        })
        .collect();
    let title = match m.colour {
        Colour::Significance => format!("Map: against {}", m.against),
        Colour::Quintile => "Map: quintiles".to_string(),
    };
    let pieces = pieces(m, ind.polarity, &present);
    let key = key_height(pieces.len());
    let option = json!({
        "title": [{ "text": fit(&title, 28), "subtext": fit(&ind.name, SUBTITLE_CHARS), "left": "left" }],
        "tooltip": { "trigger": "item", "formatter": "{b}" },
        "visualMap": [{
            "type": "piecewise",
            "seriesIndex": 0,
            "pieces": pieces,
            "orient": "vertical",
            "left": "left",
            "bottom": 0,
            "itemWidth": 20,
            "itemHeight": PIECE,
            "itemGap": PIECE_GAP,
            "padding": KEY_PADDING,
            "itemSymbol": "rect",
            "textStyle": { "color": NHS_DARK_GREY },
        }],
        "series": [{
            "type": "map",
            "name": ind.name,
            "map": boundary.map_name(),
            "nameMap": names,
            "aspectScale": ASPECT,
            "top": 64,
            "bottom": key + 16,
            "selectedMode": false,
            "itemStyle": { "areaColor": NOT_COMPARED, "borderColor": "#FFFFFF", "borderWidth": 0.6 },
            "emphasis": { "disabled": true },
            "label": { "show": false },
            "data": data,
        }],
    });
    Some(MapChart { option, height: MAP_HEIGHT + key })
}

#[cfg(test)]
mod tests {
    use super::super::common::tests::view;
    use super::*;
    use crate::view::Figures;

    fn map_json(q: &str) -> Value {
        let r = view(q);
        let Figures::Map(m) = &r.figures else { panic!("{:?}", r.figures) };
        map_chart(m, r.indicator.as_ref().unwrap()).unwrap().option
    }

    // ICBs in Mar 2024 against England 76.47%: I1 76.67% similar (selected), I3 75% worse, I2 80% better.
    #[test]
    fn significance_map_names_every_area_and_outlines_the_selected() {
        let json = map_json("view=map&org=I1&ind=ae");
        assert!(!json.to_string().contains("function"), "no JavaScript");
        assert_eq!(json["tooltip"], json!({ "trigger": "item", "formatter": "{b}" }));
        let s = &json["series"][0];
        assert_eq!(s["type"], "map");
        assert!(s["map"].as_str().unwrap().starts_with("healthdash-icb-abababab"));
        let names: Vec<&str> = s["data"].as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap()).collect();
        assert_eq!(names.len(), 3);
        assert!(names[0].starts_with("ICB One: 76.667% (95% CI 75.") && names[0].ends_with("; similar to England"), "{}", names[0]);
        assert!(names[1].starts_with("ICB Three: 75% (95% CI ") && names[1].ends_with("; worse than England"), "{}", names[1]);
        assert!(names[2].starts_with("ICB Two: 80% (95% CI ") && names[2].ends_with("; better than England"), "{}", names[2]);
        // Codes in the boundary file are renamed to those lines, so items find their shapes.
        assert_eq!(s["nameMap"]["I3"], names[1]);
        let values: Vec<u64> = s["data"].as_array().unwrap().iter().map(|d| d["value"].as_u64().unwrap()).collect();
        assert_eq!(values, vec![1, 2, 0], "similar, worse, better in COMPARISONS order");
        assert_eq!(s["data"][0]["itemStyle"], json!({ "borderColor": HIGHLIGHT, "borderWidth": 3 }));
        assert!(s["data"][1].get("itemStyle").is_none());
        // The key: labelled pieces for the categories present, in legend order.
        assert_eq!(
            json["visualMap"][0]["pieces"],
            json!([
                { "value": 0, "label": "Better than England", "color": BETTER },
                { "value": 1, "label": "Similar to England", "color": SIMILAR },
                { "value": 2, "label": "Worse than England", "color": WORSE },
            ])
        );
    }

    // Three pieces: 5 + 14 + 10 + 14 + 10 + 14 + 5 = 72 px of key, below the map
    // (the series ends 16 px above it), which keeps its 560 px.
    #[test]
    fn the_key_sits_below_the_map_never_over_it() {
        let r = view("view=map&org=I1&ind=ae");
        let Figures::Map(m) = &r.figures else { panic!() };
        let chart = map_chart(m, r.indicator.as_ref().unwrap()).unwrap();
        let key = &chart.option["visualMap"][0];
        assert_eq!((key["orient"].as_str(), key["bottom"].as_u64()), (Some("vertical"), Some(0)));
        assert_eq!(key_height(3), 72);
        assert_eq!(chart.option["series"][0]["bottom"].as_u64(), Some(72 + 16));
        assert_eq!(chart.height, 560 + 72);
        assert_eq!(key_height(6), 10 + 6 * 14 + 5 * 10);
    }

    #[test]
    fn quintile_map_uses_the_ramp_and_says_which_end_is_best() {
        let mut r = view("view=map&org=P1&ind=ae&colour=quintile");
        let Figures::Map(m) = &mut r.figures else { panic!() };
        // The fixture ships no provider shapes; lend it the ICBs' listing.
        m.boundary = crate::table::fixture::manifest().boundaries.first().cloned();
        let json = map_json_of(m, r.indicator.as_ref().unwrap());
        let pieces = json["visualMap"][0]["pieces"].as_array().unwrap();
        let labels: Vec<&str> = pieces.iter().map(|p| p["label"].as_str().unwrap()).collect();
        assert_eq!(labels, vec!["Quintile 1 (best fifth)", "Quintile 3", "Quintile 4", "Quintile 5 (worst fifth)"]);
        assert_eq!(pieces[0]["color"], QUINTILES[0]);
        // P5 (70%) is in quintile 5, P4 (90%) in quintile 1.
        assert_eq!((json["series"][0]["data"][0]["value"].as_u64(), json["series"][0]["data"][1]["value"].as_u64()), (Some(5), Some(1)));
        assert!(json["series"][0]["data"][0]["name"].as_str().unwrap().ends_with("; quintile 5"));
    }

    fn map_json_of(m: &MapView, ind: &Indicator) -> Value {
        map_chart(m, ind).unwrap().option
    }

    #[test]
    fn no_shapes_no_map_and_repeated_lines_stay_unique() {
        let r = view("view=map&org=I1&ind=ae");
        let Figures::Map(mut m) = r.figures else { panic!() };
        let ind = r.indicator.unwrap();
        let mut twin = m.orgs[0].clone();
        twin.org.code = "I9".into();
        m.orgs.push(twin);
        let json = map_chart(&m, &ind).unwrap().option;
        let last = json["series"][0]["data"][3]["name"].as_str().unwrap();
        assert!(last.ends_with(" [I9]"), "{last}");
        m.boundary = None;
        assert_eq!(map_chart(&m, &ind), None);
    }
}
