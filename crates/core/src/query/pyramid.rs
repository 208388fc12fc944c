//! A population pyramid: an indicator's values by sex within each age band
//! (rows cut by exactly the sex and the age dimension), youngest band first,
//! for the two-sided bar chart and its table.

use super::inequalities::{dimension_for, rank_of};
use super::Figure;
use crate::bundle::{BreakdownKey, DimensionKind, Indicator};
use crate::table::Dataset;
use serde::Serialize;

/// Categories with their display rank.
type Ranked = Vec<(usize, String)>;

/// One sex's figure in one age band.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PyramidCell {
    pub sex: String,
    #[serde(flatten)]
    pub figure: Figure,
}

/// One age band: a cell per sex, in [`Pyramid::sexes`] order (empty figures where none is published).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PyramidRow {
    pub age: String,
    pub cells: Vec<PyramidCell>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pyramid {
    pub sex_dimension: String,
    pub age_dimension: String,
    /// The sexes with a value, in the manifest's order: the first is drawn on the left.
    pub sexes: Vec<String>,
    /// Youngest first.
    pub rows: Vec<PyramidRow>,
}

/// The pyramid of `ind` for `org` in period `p`; None when no row is cut by
/// exactly sex and age.
pub(crate) fn pyramid(ds: &Dataset, ind: &Indicator, org: u32, p: u32) -> Option<Pyramid> {
    let (sex, age) = (dimension_for(ds, ind, DimensionKind::Sex, None)?, dimension_for(ds, ind, DimensionKind::Age, None)?);
    let ix = ds.index(&ind.id)?;
    let (mut sexes, mut ages): (Ranked, Ranked) = (Vec::new(), Vec::new());
    let (sex_rank, age_rank) = (rank_of(ds, &sex.id), rank_of(ds, &age.id));
    for e in ix.cell(p, org) {
        let key = ds.key(e.key);
        if !key.cuts_exactly(&[&sex.id, &age.id]) {
            continue;
        }
        if let (Some(s), Some(a)) = (key.category(&sex.id), key.category(&age.id)) {
            if !sexes.iter().any(|(_, x)| x == s) {
                sexes.push((sex_rank(s), s.to_string()));
            }
            if !ages.iter().any(|(_, x)| x == a) {
                ages.push((age_rank(a), a.to_string()));
            }
        }
    }
    if sexes.is_empty() {
        return None;
    }
    sexes.sort();
    ages.sort();
    let sexes: Vec<String> = sexes.into_iter().map(|(_, s)| s).collect();
    let rows = ages
        .into_iter()
        .map(|(_, a)| PyramidRow {
            cells: sexes
                .iter()
                .map(|s| {
                    let key = ds.key_id(&BreakdownKey::of([(sex.id.as_str(), s.as_str()), (age.id.as_str(), a.as_str())]));
                    let figure = key.and_then(|k| ix.find(p, org, k)).map(|e| ds.figure(e)).unwrap_or_default();
                    PyramidCell { sex: s.clone(), figure }
                })
                .collect(),
            age: a,
        })
        .collect();
    Some(Pyramid { sex_dimension: sex.id.clone(), age_dimension: age.id.clone(), sexes, rows })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::period_or_latest;
    use crate::table::fixture;

    // P1 2023, 1 000 people a cell: Female 150, 250, 300; Male 180, 280, 340.
    #[test]
    fn sexes_by_age_band_youngest_first() {
        let ds = fixture::dataset();
        let ind = ds.manifest().indicator("obesity").unwrap().clone();
        let (org, p) = (ds.org_id("P1").unwrap(), period_or_latest(&ds, "obesity", None).unwrap());
        let py = pyramid(&ds, &ind, org, p).unwrap();
        assert_eq!(py.sexes, ["Female", "Male"]);
        let round = |v: Option<f64>| (v.unwrap() * 1e9).round() / 1e9;
        let got: Vec<(&str, Vec<f64>)> = py.rows.iter().map(|r| (r.age.as_str(), r.cells.iter().map(|c| round(c.figure.value)).collect())).collect();
        assert_eq!(got, [("0-15", vec![15.0, 18.0]), ("16-64", vec![25.0, 28.0]), ("65+", vec![30.0, 34.0])]);
        // P2 has no sex × age rows; 2022 has none either.
        assert!(pyramid(&ds, &ind, ds.org_id("P2").unwrap(), p).is_none());
        assert!(pyramid(&ds, &ind, org, p - 1).is_none());
    }
}
