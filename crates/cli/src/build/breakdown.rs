//! From an export's sex, age and category columns to each row's breakdown
//! key: every way the publisher cut a value is kept (format 2.0).
//!
//! Per indicator, a *headline* sex and age are chosen (`Persons` and `All
//! ages` when present, else the most common; `--meta` can name them): they
//! are the whole population, so a row at the headline sex and age with no
//! category is the indicator's headline value. A row at another sex is cut
//! by the dimension `sex`, at another age by `age`, and each category by the
//! dimension its category type became (every Fingertips category type is a
//! dimension of its own: two deprivation definitions are two dimensions, see
//! [`super::fingertips::category_dimension`]). So `Male × 5-9 yrs × "County &
//! UA deciles" 3` is one row cut three ways, and nothing is left out here.

use super::import::Sourced;
use super::meta::Meta;
use healthdash_core::bundle::{BreakdownKey, ValueRow};
use std::collections::{BTreeMap, HashMap};

/// The dimension ids of sex and age.
pub const SEX: &str = "sex";
pub const AGE: &str = "age";

/// One category of a row: the dimension (its id) and the category.
#[derive(Debug, Clone)]
pub struct Category {
    pub dimension: String,
    pub value: String,
}

/// A row before its breakdown is decided. `row.breakdown` is ignored.
#[derive(Debug, Clone)]
pub struct RawRow {
    pub row: ValueRow,
    pub line: u64,
    pub sex: String,
    pub age: String,
    pub categories: Vec<Category>,
}

pub const PERSONS: &str = "Persons";
pub const ALL_AGES: &str = "All ages";

/// The most frequent item, ties going to the one seen first.
fn most_common<'a>(items: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for s in items {
        match counts.iter_mut().find(|(k, _)| *k == s) {
            Some(c) => c.1 += 1,
            None => counts.push((s, 1)),
        }
    }
    let best = counts.iter().map(|c| c.1).max()?;
    counts.into_iter().find(|c| c.1 == best).map(|c| c.0)
}

/// A dimension id from a publisher's name for it: lower-case ASCII letters
/// and digits, every other run of characters one `_` ("County & UA
/// deprivation deciles in England (IMD2019, 4/21 geography)" →
/// `county_ua_deprivation_deciles_in_england_imd2019_4_21_geography`).
pub fn dimension_id(name: &str) -> String {
    let mut id = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.is_empty() && !id.ends_with('_') {
            id.push('_');
        }
    }
    while id.ends_with('_') {
        id.pop();
    }
    if id.is_empty() {
        id.push_str("category");
    }
    id
}

/// Decides each row's breakdown key; returns every row, in input order.
pub fn resolve(raw: Vec<RawRow>, meta: &Meta) -> Vec<Sourced> {
    let mut by_indicator: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, r) in raw.iter().enumerate() {
        by_indicator.entry(r.row.indicator.as_str()).or_default().push(i);
    }
    let mut headline: HashMap<String, (String, String)> = HashMap::new();
    for (id, rows) in &by_indicator {
        let m = meta.indicators.get(*id);
        let sexes = || rows.iter().map(|i| raw[*i].sex.as_str());
        let sex = m
            .and_then(|m| m.headline_sex.clone())
            .or_else(|| sexes().find(|s| *s == PERSONS).map(str::to_string))
            .or_else(|| most_common(sexes()).map(str::to_string))
            .unwrap_or_default();
        let at_sex = || rows.iter().map(|i| &raw[*i]).filter(|r| r.sex == sex);
        let age = m
            .and_then(|m| m.headline_age.clone())
            .or_else(|| at_sex().find(|r| r.age == ALL_AGES).map(|_| ALL_AGES.to_string()))
            .or_else(|| most_common(at_sex().filter(|r| r.categories.is_empty()).map(|r| r.age.as_str())).map(str::to_string))
            .or_else(|| most_common(at_sex().map(|r| r.age.as_str())).map(str::to_string))
            .unwrap_or_default();
        headline.insert(id.to_string(), (sex, age));
    }
    let mut out = Vec::with_capacity(raw.len());
    for r in raw {
        let Some(head) = headline.get(&r.row.indicator) else { continue };
        let mut key = BreakdownKey::whole();
        if r.sex != head.0 {
            key = key.with(SEX, &r.sex);
        }
        if r.age != head.1 {
            key = key.with(AGE, &r.age);
        }
        for c in &r.categories {
            key = key.with(&c.dimension, &c.value);
        }
        let mut row = r.row;
        row.breakdown = key;
        out.push(Sourced { row, line: r.line });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(sex: &str, age: &str, cat: Option<(&str, &str)>, org: &str) -> RawRow {
        RawRow {
            row: ValueRow { value: Some(1.0), ..ValueRow::new("i", org, 0, 364, "1970") },
            line: 0,
            sex: sex.into(),
            age: age.into(),
            categories: cat.map(|(d, v)| Category { dimension: d.into(), value: v.into() }).into_iter().collect(),
        }
    }

    #[test]
    fn every_cut_is_kept_with_the_headline_as_the_whole_population() {
        let rows = vec![
            raw("Persons", "All ages", None, "A"),
            raw("Male", "All ages", None, "A"),
            raw("Persons", "0-4 yrs", None, "A"),
            raw("Male", "0-4 yrs", None, "A"),
            raw("Persons", "All ages", Some(("ethnic_groups", "White")), "A"),
            raw("Persons", "All ages", Some(("ethnic_groups_w_unknown", "White")), "A"),
            raw("Female", "All ages", Some(("deprivation", "3")), "A"),
        ];
        let out = resolve(rows, &Meta::default());
        let got: Vec<String> = out.iter().map(|s| s.row.breakdown.label()).collect();
        assert_eq!(
            got,
            ["", "sex=Male", "age=0-4 yrs", "age=0-4 yrs; sex=Male", "ethnic_groups=White", "ethnic_groups_w_unknown=White", "deprivation=3; sex=Female",]
        );
    }

    #[test]
    fn dimension_ids_from_names() {
        assert_eq!(
            dimension_id("County & UA deprivation deciles in England (IMD2019, 4/21 geography)"),
            "county_ua_deprivation_deciles_in_england_imd2019_4_21_geography"
        );
        assert_eq!(dimension_id("Ethnic groups (w unknown)"), "ethnic_groups_w_unknown");
        assert_eq!(dimension_id("  "), "category");
    }

    #[test]
    fn single_sex_indicators_use_that_sex_as_headline() {
        let rows = vec![raw("Female", "<18 yrs", None, "A"), raw("Female", "<18 yrs", Some(("ethnic_groups", "Mixed")), "A")];
        let out = resolve(rows, &Meta::default());
        assert_eq!(out.len(), 2);
        assert!(out[0].row.breakdown.is_whole());
        assert_eq!(out[1].row.breakdown.label(), "ethnic_groups=Mixed");
    }
}
