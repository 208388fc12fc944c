//! Reading the ONS boundary files (GeoJSON FeatureCollections in longitude /
//! latitude, one feature per area, its code in a property named like
//! `ICB23CD`) and writing the compact GeoJSON a bundle ships: one feature per
//! organisation, its only property `name` the organisation's code (what
//! ECharts' `registerMap` names a region by), its rings simplified.

use super::simplify::{area, ring, Point};
use serde_json::{json, Value};

/// One area of an input file: its code and polygons (each an outer ring then holes).
#[derive(Debug)]
pub struct Shape {
    pub code: String,
    pub polygons: Vec<Vec<Vec<Point>>>,
}

/// The property holding the area code: the one whose name ends in `CD`
/// (ONS: `ICB23CD`, `NHSER24CD`, `LAD24CD`) and is text in every feature;
/// with several, the one `score` rates highest (most codes known).
pub fn code_property(features: &[Value], score: impl Fn(&str) -> usize) -> Option<String> {
    let first = features.first()?.get("properties")?.as_object()?;
    let candidates: Vec<&String> = first
        .keys()
        .filter(|k| k.to_ascii_uppercase().ends_with("CD"))
        .filter(|k| features.iter().all(|f| f.get("properties").and_then(|p| p.get(k.as_str())).is_some_and(Value::is_string)))
        .collect();
    let rated = |k: &str| features.iter().filter_map(|f| f["properties"][k].as_str()).map(&score).sum::<usize>();
    candidates.into_iter().max_by_key(|k| rated(k)).cloned()
}

fn points(v: &Value) -> Option<Vec<Point>> {
    v.as_array()?.iter().map(|p| Some([p.get(0)?.as_f64()?, p.get(1)?.as_f64()?])).collect()
}

fn polygon(v: &Value) -> Option<Vec<Vec<Point>>> {
    v.as_array()?.iter().map(points).collect()
}

/// The shapes of a FeatureCollection, codes read from `property`.
pub fn shapes(doc: &Value, property: &str, file: &str) -> Result<Vec<Shape>, String> {
    let features = doc.get("features").and_then(Value::as_array).ok_or_else(|| format!("{file}: not a GeoJSON FeatureCollection"))?;
    let mut out = Vec::new();
    for (i, f) in features.iter().enumerate() {
        let code = f["properties"][property].as_str().ok_or_else(|| format!("{file}: feature {i} has no {property}"))?.trim().to_string();
        let g = &f["geometry"];
        let polygons = match g["type"].as_str() {
            Some("Polygon") => polygon(&g["coordinates"]).map(|p| vec![p]),
            Some("MultiPolygon") => g["coordinates"].as_array().and_then(|ps| ps.iter().map(polygon).collect()),
            other => return Err(format!("{file}: feature {i} ({code}): geometry {other:?} is not a Polygon or MultiPolygon")),
        }
        .ok_or_else(|| format!("{file}: feature {i} ({code}): coordinates are not [longitude, latitude] pairs"))?;
        out.push(Shape { code, polygons });
    }
    Ok(out)
}

/// The shape's polygons simplified (see [`super::simplify`]). A polygon
/// whose outer ring vanishes goes with its holes; if every polygon would
/// vanish, the largest is kept unsimplified (rounded only), so no area of
/// the input disappears from the map.
pub fn simplified(shape: &Shape, tolerance: f64, decimals: u32) -> Vec<Vec<Vec<Point>>> {
    let simplify = |tol: f64| -> Vec<Vec<Vec<Point>>> {
        shape
            .polygons
            .iter()
            .filter_map(|rings| {
                let mut kept = rings.iter().map(|r| ring(r, tol, decimals));
                let outer = kept.next()??;
                Some(std::iter::once(outer).chain(kept.flatten()).collect())
            })
            .collect()
    };
    let out = simplify(tolerance);
    if !out.is_empty() {
        return out;
    }
    let largest = shape.polygons.iter().max_by(|a, b| {
        let size = |p: &Vec<Vec<Point>>| p.first().map(|r| area(r).abs()).unwrap_or(0.0);
        size(a).total_cmp(&size(b))
    });
    largest.and_then(|p| ring(p.first()?, 0.0, decimals)).map(|r| vec![vec![r]]).unwrap_or_default()
}

/// The compact FeatureCollection of `(code, polygons)`, in the order given.
pub fn collection(areas: &[(String, Vec<Vec<Vec<Point>>>)]) -> String {
    let features: Vec<Value> = areas
        .iter()
        .map(|(code, polygons)| {
            let geometry = match polygons.as_slice() {
                [one] => json!({ "type": "Polygon", "coordinates": one }),
                many => json!({ "type": "MultiPolygon", "coordinates": many }),
            };
            json!({ "type": "Feature", "properties": { "name": code }, "geometry": geometry })
        })
        .collect();
    json!({ "type": "FeatureCollection", "features": features }).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Value {
        json!({ "type": "FeatureCollection", "features": [
            { "type": "Feature", "properties": { "FID": 1, "ICB23CD": "E54000008", "ICB23NM": "A" },
              "geometry": { "type": "Polygon", "coordinates": [[[0.0, 50.0], [1.0, 50.0], [1.0, 51.0], [0.0, 50.0]]] } },
            { "type": "Feature", "properties": { "FID": 2, "ICB23CD": "E54000010", "ICB23NM": "B" },
              "geometry": { "type": "MultiPolygon", "coordinates": [
                  [[[2.0, 50.0], [3.0, 50.0], [3.0, 51.0], [2.0, 50.0]]],
                  [[[4.0, 50.0], [4.0001, 50.0], [4.0, 50.0001], [4.0, 50.0]]] ] } }
        ]})
    }

    #[test]
    fn the_code_property_ends_in_cd_and_shapes_read() {
        let d = doc();
        let features = d["features"].as_array().unwrap();
        assert_eq!(code_property(features, |_| 0).as_deref(), Some("ICB23CD"));
        let s = shapes(&d, "ICB23CD", "x.geojson").unwrap();
        assert_eq!((s[0].code.as_str(), s[0].polygons.len(), s[1].polygons.len()), ("E54000008", 1, 2));
        assert!(shapes(&json!({ "features": [{ "properties": { "X": 1 } }] }), "X", "y").unwrap_err().contains("no X"));
    }

    #[test]
    fn vanishing_islands_go_and_the_output_is_compact() {
        let d = doc();
        let s = shapes(&d, "ICB23CD", "x").unwrap();
        let b = simplified(&s[1], 0.001, 3);
        assert_eq!(b.len(), 1, "the 0.0001° island rounds away");
        let text = collection(&[("E54000010".into(), b)]);
        assert_eq!(
            text,
            r#"{"features":[{"geometry":{"coordinates":[[[2.0,50.0],[3.0,50.0],[3.0,51.0],[2.0,50.0]]],"type":"Polygon"},"properties":{"name":"E54000010"},"type":"Feature"}],"type":"FeatureCollection"}"#
        );
        // A shape that would vanish entirely keeps its largest polygon, rounded only.
        let tiny = Shape { code: "T".into(), polygons: vec![vec![vec![[0.0, 0.0], [0.01, 0.0], [0.0, 0.01], [0.0, 0.0]]]] };
        assert_eq!(simplified(&tiny, 1.0, 3).len(), 1);
    }
}
