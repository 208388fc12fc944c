//! A slice by any one dimension, on its own or within the categories of
//! another: ethnic groups within the most deprived quintile, sexes within
//! each deprivation decile, the groups of a dimension the kind-level lists
//! of [`super::InequalitySlice`] do not show (disability, a second
//! deprivation definition).
//!
//! A group within a category is the row cut by exactly those two dimensions
//! (`{ethnicity: Asian, deprivation_quintile: 1}`); each panel's total is
//! the row cut by the category alone, and its groups are compared with that
//! total (their 95% limits against it, `stats::benchmark`), or with the
//! organisation's overall value for a slice on its own or a category
//! without a published total.

use super::inequalities::{dimension_groups, rank_of, GroupValue};
use super::Figure;
use crate::bundle::{BreakdownKey, Indicator};
use crate::table::Dataset;
use serde::Serialize;

/// The groups of one category of the `within` dimension (or of the whole
/// population, for a slice on its own).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Panel {
    /// The category of the `within` dimension; None for the whole population.
    pub category: Option<String>,
    /// The category's own figure (the row cut by it alone), or the overall figure.
    pub total: Figure,
    /// What the groups are compared with: `category` (the panel's total) or `overall`.
    pub compared_with: &'static str,
    pub groups: Vec<GroupValue>,
}

/// A slice by `dimension`, within each shown category of `within`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Nested {
    pub dimension: String,
    pub dimension_name: String,
    pub within: Option<String>,
    pub within_name: Option<String>,
    pub panels: Vec<Panel>,
}

/// The slice of `ind` for organisation `org` in period `p` by dimension
/// `dim`, within `within` (a dimension and one category, or every category
/// when None); `overall` is the organisation's whole-population figure.
/// Panels without a group are left out.
pub(crate) fn nested(ds: &Dataset, ind: &Indicator, org: u32, p: u32, dim: &str, within: Option<(&str, Option<&str>)>, overall: &Figure) -> Nested {
    let name = |d: &str| ds.manifest().dimension(d).map_or_else(|| d.to_string(), |x| x.name.clone());
    let panel = |category: Option<(&str, &str)>| {
        let total = category.and_then(|(d, c)| {
            let ix = ds.index(&ind.id)?;
            let key = ds.key_id(&BreakdownKey::one(d, c))?;
            ix.find(p, org, key).map(|e| ds.figure(e))
        });
        let (reference, compared_with) = match &total {
            Some(t) if t.value.is_some() => (t.value, "category"),
            _ => (overall.value, "overall"),
        };
        let groups = dimension_groups(ds, ind, org, p, dim, category, reference);
        Panel { category: category.map(|(_, c)| c.to_string()), total: total.unwrap_or(*overall), compared_with, groups }
    };
    let panels: Vec<Panel> = match within {
        None => vec![panel(None)],
        Some((w, Some(c))) => vec![panel(Some((w, c)))],
        Some((w, None)) => categories(ds, ind, org, p, dim, w).iter().map(|c| panel(Some((w, c)))).collect(),
    };
    Nested {
        dimension: dim.to_string(),
        dimension_name: name(dim),
        within: within.map(|(w, _)| w.to_string()),
        within_name: within.map(|(w, _)| name(w)),
        panels: panels.into_iter().filter(|p| !p.groups.is_empty()).collect(),
    }
}

/// The categories of `within` that cut some row together with `dim` alone,
/// in display order.
fn categories(ds: &Dataset, ind: &Indicator, org: u32, p: u32, dim: &str, within: &str) -> Vec<String> {
    let Some(ix) = ds.index(&ind.id) else {
        return Vec::new();
    };
    let rank = rank_of(ds, within);
    let mut seen: Vec<(usize, String)> = Vec::new();
    for e in ix.cell(p, org) {
        let key = ds.key(e.key);
        if let Some(c) = key.category(within).filter(|_| key.cuts_exactly(&[dim, within])) {
            if !seen.iter().any(|(_, x)| x == c) {
                seen.push((rank(c), c.to_string()));
            }
        }
    }
    seen.sort();
    seen.into_iter().map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{headline, period_or_latest, Compared};
    use crate::table::fixture;

    fn run(dim: &str, within: Option<(&str, Option<&str>)>) -> Nested {
        let ds = fixture::dataset();
        let ind = ds.manifest().indicator("obesity").unwrap().clone();
        let (org, p) = (ds.org_id("P1").unwrap(), period_or_latest(&ds, "obesity", None).unwrap());
        let overall = headline(&ds, "obesity", org, p).unwrap();
        nested(&ds, &ind, org, p, dim, within, &overall)
    }

    // P1 2023, White (1 600 a quintile) numerators 480, 440, 400, 360, 320:
    // 30%, 27.5%, 25%, 22.5%, 20%; Asian (200) 80, 70, 60, 50, 40: 40% … 20%.
    // Quintile 1 alone: 590 / 2 000 = 29.5%.
    #[test]
    fn ethnic_groups_within_the_most_deprived_quintile() {
        let n = run("ethnicity", Some(("deprivation_quintile", Some("1"))));
        assert_eq!((n.within.as_deref(), n.within_name.as_deref()), (Some("deprivation_quintile"), Some("Deprivation quintile")));
        assert_eq!(n.panels.len(), 1);
        let q1 = &n.panels[0];
        assert_eq!((q1.category.as_deref(), q1.compared_with, q1.total.value), (Some("1"), "category", Some(29.5)));
        let g: Vec<(&str, Option<f64>)> = q1.groups.iter().map(|g| (g.group.as_str(), g.figure.value)).collect();
        assert_eq!(g, [("White", Some(30.0)), ("Asian", Some(40.0))], "in the manifest's order");
        // White (30%, 1 600 people) is within chance of 29.5%; Asian (40% of 200) is above it: worse (lower is better).
        assert_eq!((q1.groups[0].comparison_95, q1.groups[1].comparison_95), (Compared::Similar, Compared::Worse));
    }

    #[test]
    fn within_every_category_and_on_its_own() {
        let n = run("ethnicity", Some(("deprivation_quintile", None)));
        let cats: Vec<&str> = n.panels.iter().filter_map(|p| p.category.as_deref()).collect();
        assert_eq!(cats, ["1", "2", "3", "4", "5"], "most deprived first");
        assert_eq!(n.panels[4].groups.iter().map(|g| g.figure.value).collect::<Vec<_>>(), [Some(20.0), Some(20.0)]);
        // On its own: the one-way groups, compared with P1 overall (25.5%).
        let alone = run("sex", None);
        assert!(alone.panels.is_empty(), "no sex-only rows in the fixture");
        let eth = run("ethnicity", None);
        assert_eq!((eth.panels.len(), eth.panels[0].compared_with, eth.panels[0].groups.len()), (1, "overall", 5));
    }
}
