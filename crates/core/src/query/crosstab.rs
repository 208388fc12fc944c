//! A cross-tab of two dimensions, as the Health Inequalities Improvement
//! Dashboard shows ethnicity by deprivation: every cell (the row cut by
//! exactly one category of each) with its limits and its comparison with
//! the organisation's whole population (`stats::benchmark`: the overall
//! value tested against the cell's 95% limits), each row's and column's own
//! total, and for a deprivation column dimension the Slope and Relative
//! Index of Inequality of each row across it (`stats::inequality`, the same
//! `phe_sii` method and simulation as the one-way slice).

use super::inequalities::{dimension_for, rank_of, slope, GroupValue, Slope};
use super::{Compared, Figure};
use crate::bundle::{BreakdownKey, DimensionKind, Indicator};
use crate::stats::benchmark::compare;
use crate::stats::ci::Level;
use crate::table::Dataset;
use serde::Serialize;

/// Categories with their display rank.
type Ranked = Vec<(usize, String)>;

/// One cell: a category of the row dimension within a category of the column dimension.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrossCell {
    pub column: String,
    #[serde(flatten)]
    pub figure: Figure,
    /// The overall value tested against the cell's 95% limits, polarity-aware.
    pub comparison_95: Compared,
}

/// One row: a category of the row dimension across the column dimension.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrossRow {
    pub group: String,
    /// The row's category alone (the one-way figure), when published.
    pub total: Figure,
    pub cells: Vec<CrossCell>,
    /// SII and RII across the columns (most deprived first), when they are
    /// deprivation groups and every cell has a value and a population.
    pub slope: Option<Slope>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrossTab {
    pub rows_dimension: String,
    pub rows_name: String,
    pub columns_dimension: String,
    pub columns_name: String,
    /// Column categories in display order (deprivation most deprived first).
    pub columns: Vec<String>,
    /// Each column's category alone, in `columns` order.
    pub column_totals: Vec<Figure>,
    pub rows: Vec<CrossRow>,
    /// The whole population's figure every cell is compared with.
    pub overall: Figure,
}

/// The cross-tab of `ind` for `org` in period `p`: rows by `rows` (default:
/// the ethnicity dimension), columns by `columns` (default: the first
/// deprivation dimension crossed with the rows in this period). None when
/// no cell is published.
pub(crate) fn crosstab(ds: &Dataset, ind: &Indicator, org: u32, p: u32, rows: Option<&str>, columns: Option<&str>, overall: &Figure) -> Option<CrossTab> {
    let ix = ds.index(&ind.id)?;
    let rows_dim = match rows {
        Some(r) => ds.manifest().dimension(r)?,
        None => dimension_for(ds, ind, DimensionKind::Ethnicity, None)?,
    };
    let crossed = |c: &str| ix.cell(p, org).iter().any(|e| ds.key(e.key).cuts_exactly(&[rows_dim.id.as_str(), c]));
    let cols_dim = match columns {
        Some(c) => ds.manifest().dimension(c)?,
        None => {
            let deprivation = ds.manifest().dimensions.iter().filter(|d| d.kind == DimensionKind::Deprivation && d.id != rows_dim.id);
            let candidates: Vec<_> = deprivation.filter(|d| crossed(&d.id)).collect();
            // Quintiles before deciles: five columns read better than ten.
            candidates.iter().find(|d| d.quantiles == Some(5)).or(candidates.first()).copied()?
        }
    };
    let (r, c) = (rows_dim.id.as_str(), cols_dim.id.as_str());
    let (row_rank, col_rank) = (rank_of(ds, r), rank_of(ds, c));
    let (mut row_cats, mut col_cats): (Ranked, Ranked) = (Vec::new(), Vec::new());
    for e in ix.cell(p, org) {
        let key = ds.key(e.key);
        if let (true, Some(a), Some(b)) = (key.cuts_exactly(&[r, c]), key.category(r), key.category(c)) {
            if !row_cats.iter().any(|(_, x)| x == a) {
                row_cats.push((row_rank(a), a.to_string()));
            }
            if !col_cats.iter().any(|(_, x)| x == b) {
                col_cats.push((col_rank(b), b.to_string()));
            }
        }
    }
    if row_cats.is_empty() {
        return None;
    }
    row_cats.sort();
    col_cats.sort();
    let columns: Vec<String> = col_cats.into_iter().map(|(_, x)| x).collect();
    let find = |key: BreakdownKey| ds.key_id(&key).and_then(|k| ix.find(p, org, k)).map(|e| ds.figure(e)).unwrap_or_default();
    let reference = overall.value.unwrap_or(f64::NAN);
    let compared = |f: &Figure| match f.value {
        Some(_) => compare(f.limits_or_computed(ind, Level::P95), reference, ind.polarity),
        None => Compared::NotCompared,
    };
    let basis = cols_dim.kind_name();
    let rows = row_cats
        .into_iter()
        .map(|(_, group)| {
            let cells: Vec<CrossCell> = columns
                .iter()
                .map(|col| {
                    let figure = find(BreakdownKey::of([(r, group.as_str()), (c, col.as_str())]));
                    CrossCell { column: col.clone(), comparison_95: compared(&figure), figure }
                })
                .collect();
            let complete = cols_dim.kind == DimensionKind::Deprivation
                && cols_dim.quantiles.is_some_and(|q| q as usize == cells.len())
                && cells.iter().all(|x| x.figure.value.is_some() && x.figure.denominator.is_some_and(|d| d > 0.0));
            let as_groups: Vec<GroupValue> =
                cells.iter().map(|x| GroupValue { group: x.column.clone(), figure: x.figure, comparison_95: x.comparison_95 }).collect();
            let slope = if complete { slope(ind, basis, &as_groups) } else { None };
            CrossRow { total: find(BreakdownKey::one(r, &group)), group, cells, slope }
        })
        .collect();
    Some(CrossTab {
        rows_dimension: r.to_string(),
        rows_name: rows_dim.name.clone(),
        columns_dimension: c.to_string(),
        columns_name: cols_dim.name.clone(),
        column_totals: columns.iter().map(|col| find(BreakdownKey::one(c, col))).collect(),
        columns,
        rows,
        overall: *overall,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{headline, period_or_latest};
    use crate::table::fixture;

    // P1 2023, overall 25.5%. White by quintile 30, 27.5, 25, 22.5, 20% with
    // 1 600 people each; Asian 40, 35, 30, 25, 20% with 200 each.
    #[test]
    fn ethnicity_by_deprivation_with_comparisons_and_slopes() {
        let ds = fixture::dataset();
        let ind = ds.manifest().indicator("obesity").unwrap().clone();
        let (org, p) = (ds.org_id("P1").unwrap(), period_or_latest(&ds, "obesity", None).unwrap());
        let overall = headline(&ds, "obesity", org, p).unwrap();
        let t = crosstab(&ds, &ind, org, p, None, None, &overall).unwrap();
        assert_eq!((t.rows_dimension.as_str(), t.columns_dimension.as_str()), ("ethnicity", "deprivation_quintile"));
        assert_eq!(t.columns, ["1", "2", "3", "4", "5"]);
        assert_eq!(t.rows.iter().map(|r| r.group.as_str()).collect::<Vec<_>>(), ["White", "Asian"]);
        let white: Vec<f64> = t.rows[0].cells.iter().map(|c| (c.figure.value.unwrap() * 1e9).round() / 1e9).collect();
        assert_eq!(white, [30.0, 27.5, 25.0, 22.5, 20.0]);
        // 30% of 1 600 has 95% limits about 27.8–32.3%: above 25.5% → worse (lower is better);
        // 25% contains 25.5% → similar; 20% → better.
        let cmp: Vec<Compared> = t.rows[0].cells.iter().map(|c| c.comparison_95).collect();
        assert_eq!(cmp, [Compared::Worse, Compared::Similar, Compared::Similar, Compared::Better, Compared::Better]);
        // Totals: White alone 25% (2 000 / 8 000); quintile 1 alone 29.5%.
        assert_eq!((t.rows[0].total.value, t.column_totals[0].value), (Some(25.0), Some(29.5)));
        // Equal populations, values falling by 2.5 points a quintile: the line through
        // the midpoints 0.1 … 0.9 is y = 31.25 − 12.5x, so SII −12.5 and RII 18.75 / 31.25.
        let s = t.rows[0].slope.as_ref().unwrap();
        assert!((s.sii + 12.5).abs() < 1e-9 && (s.rii.unwrap() - 18.75 / 31.25).abs() < 1e-9, "{s:?}");
        assert_eq!(s.basis, "deprivation_quintile");
        // Asian: 40 … 20%, slope −25 (y = 42.5 − 25x), RII 17.5 / 42.5.
        let a = t.rows[1].slope.as_ref().unwrap();
        assert!((a.sii + 25.0).abs() < 1e-9 && (a.rii.unwrap() - 17.5 / 42.5).abs() < 1e-9, "{a:?}");
        assert!(a.sii_lower_95.unwrap() < a.sii && a.sii < a.sii_upper_95.unwrap());
    }
}
