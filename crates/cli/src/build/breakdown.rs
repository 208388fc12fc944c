//! From an export's sex, age and category columns to the bundle's single
//! breakdown per row.
//!
//! Exports cut values several ways at once (sex × age × deprivation); a bundle
//! row holds one breakdown. Per indicator, a *headline* sex and age are chosen
//! (`Persons` and `All ages` when present, else the most common; `--meta` can
//! name them). Then a row at the headline sex and age with no category is the
//! `none` value; one that differs only in sex is a `sex` breakdown, only in age
//! an `age` breakdown, only by a mapped category an ethnicity or deprivation
//! breakdown. Rows that differ in two ways at once, and categories the format
//! has no breakdown for, are left out, each recorded in the build report
//! ([`super::report`]) with its file, line and reason.
//!
//! Where one area and period has the same breakdown from two category types
//! (county and district deprivation deciles for England; "Ethnic groups" and
//! "Ethnic groups (w unknown)"), the type with more rows for the indicator is
//! kept and the other's rows are recorded in the build report.

use super::import::Sourced;
use super::meta::Meta;
use super::report::{Omitted, Reason};
use healthdash_core::bundle::{BreakdownType, ValueRow};
use std::collections::{BTreeMap, HashMap, HashSet};

/// A category from the input: the breakdown it maps to (None when the format
/// has no such breakdown), its value, and the input's name for the category type.
#[derive(Debug, Clone)]
pub struct Category {
    pub kind: Option<BreakdownType>,
    pub value: String,
    pub type_name: String,
}

/// A row before its breakdown is decided. `row.breakdown_*` are ignored.
#[derive(Debug, Clone)]
pub struct RawRow {
    pub row: ValueRow,
    pub line: u64,
    pub sex: String,
    pub age: String,
    pub category: Option<Category>,
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

/// How a raw row is cut, as its input says: `sex Male × age 5-9 yrs × "Ethnic groups" Pakistani`.
fn cut(r: &RawRow, headline: &(String, String)) -> String {
    let mut dims = Vec::new();
    if r.sex != headline.0 {
        dims.push(format!("sex {}", r.sex));
    }
    if r.age != headline.1 {
        dims.push(format!("age {}", r.age));
    }
    if let Some(c) = &r.category {
        dims.push(format!("\"{}\" {}", c.type_name, c.value));
    }
    dims.join(" × ")
}

/// Decides each row's breakdown; returns the kept rows in input order and
/// records every other row in `omitted`.
pub fn resolve(file: &str, raw: Vec<RawRow>, meta: &Meta, omitted: &mut Vec<Omitted>) -> Vec<Sourced> {
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
            .or_else(|| most_common(at_sex().filter(|r| r.category.is_none()).map(|r| r.age.as_str())).map(str::to_string))
            .or_else(|| most_common(at_sex().map(|r| r.age.as_str())).map(str::to_string))
            .unwrap_or_default();
        headline.insert(id.to_string(), (sex, age));
    }

    // Category-type preference: the type with the most rows for (indicator, breakdown).
    let mut type_rows: HashMap<(&str, BreakdownType, &str), usize> = HashMap::new();
    for r in &raw {
        if let Some(Category { kind: Some(k), type_name, .. }) = &r.category {
            *type_rows.entry((r.row.indicator.as_str(), *k, type_name.as_str())).or_default() += 1;
        }
    }
    let mut present: HashMap<(&str, &str, i32, i32, BreakdownType), HashSet<&str>> = HashMap::new();
    for r in &raw {
        if let Some(Category { kind: Some(k), type_name, .. }) = &r.category {
            present.entry((&r.row.indicator, &r.row.org, r.row.period_start, r.row.period_end, *k)).or_default().insert(type_name);
        }
    }

    let mut out = Vec::with_capacity(raw.len());
    for r in &raw {
        let Some(head) = headline.get(&r.row.indicator) else { continue };
        let (at_sex, at_age) = (r.sex == head.0, r.age == head.1);
        let leave_out = |reason: Reason| Omitted {
            file: file.to_string(),
            line: r.line,
            indicator: r.row.indicator.clone(),
            area: r.row.org.clone(),
            period: r.row.period_label.clone(),
            cut: cut(r, head),
            reason,
        };
        let kind = match (&r.category, at_sex, at_age) {
            (None, true, true) => Ok((BreakdownType::None, String::new())),
            (None, false, true) => Ok((BreakdownType::Sex, r.sex.clone())),
            (None, true, false) => Ok((BreakdownType::Age, r.age.clone())),
            (Some(c), true, true) => match c.kind {
                None => Err(Reason::NoBreakdown),
                Some(k) => {
                    let types = present.get(&(r.row.indicator.as_str(), r.row.org.as_str(), r.row.period_start, r.row.period_end, k));
                    let rows_of = |t: &str| type_rows.get(&(r.row.indicator.as_str(), k, t)).copied().unwrap_or(0);
                    let best = types.and_then(|types| types.iter().max_by(|a, b| rows_of(a).cmp(&rows_of(b)).then_with(|| b.cmp(a))).copied());
                    match best {
                        Some(b) if b == c.type_name.as_str() => Ok((k, c.value.clone())),
                        other => Err(Reason::SecondCategoryType { kept: other.unwrap_or("").to_string() }),
                    }
                }
            },
            _ => Err(Reason::Crossed),
        };
        match kind {
            Ok((k, v)) => {
                let mut row = r.row.clone();
                row.breakdown_type = k;
                row.breakdown_value = v;
                out.push(Sourced { row, line: r.line });
            }
            Err(reason) => omitted.push(leave_out(reason)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(sex: &str, age: &str, cat: Option<(&str, &str)>, org: &str) -> RawRow {
        RawRow {
            row: ValueRow {
                indicator: "i".into(),
                org: org.into(),
                period_start: 0,
                period_end: 364,
                period_label: "1970".into(),
                breakdown_type: BreakdownType::None,
                breakdown_value: String::new(),
                numerator: None,
                denominator: None,
                value: Some(1.0),
                lower_95: None,
                upper_95: None,
                lower_998: None,
                upper_998: None,
            },
            line: 0,
            sex: sex.into(),
            age: age.into(),
            category: cat.map(|(t, v)| Category {
                kind: if t.starts_with("Ethnic") { Some(BreakdownType::Ethnicity) } else { None },
                value: v.into(),
                type_name: t.into(),
            }),
        }
    }

    #[test]
    fn headline_and_single_cuts() {
        let rows = vec![
            raw("Persons", "All ages", None, "A"),
            raw("Male", "All ages", None, "A"),
            raw("Persons", "0-4 yrs", None, "A"),
            raw("Male", "0-4 yrs", None, "A"),
            raw("Persons", "All ages", Some(("Ethnic groups", "White")), "A"),
            raw("Persons", "All ages", Some(("Ethnic groups", "Indian")), "A"),
            raw("Persons", "All ages", Some(("Ethnic groups (w unknown)", "White")), "A"),
            raw("Persons", "All ages", Some(("Ethnic groups (w unknown)", "White")), "B"),
            raw("Persons", "All ages", Some(("Disability", "Disabled")), "A"),
        ];
        let rows: Vec<RawRow> = rows.into_iter().enumerate().map(|(i, r)| RawRow { line: i as u64, ..r }).collect();
        let mut omitted = Vec::new();
        let out = resolve("f.csv", rows, &Meta::default(), &mut omitted);
        let got: Vec<(BreakdownType, &str, &str)> = out.iter().map(|s| (s.row.breakdown_type, s.row.breakdown_value.as_str(), s.row.org.as_str())).collect();
        assert_eq!(
            got,
            [
                (BreakdownType::None, "", "A"),
                (BreakdownType::Sex, "Male", "A"),
                (BreakdownType::Age, "0-4 yrs", "A"),
                (BreakdownType::Ethnicity, "White", "A"),
                (BreakdownType::Ethnicity, "Indian", "A"),
                // B has only the "(w unknown)" classification, so it is kept there.
                (BreakdownType::Ethnicity, "White", "B"),
            ]
        );
        // Every other row is in the report, with how it was cut and why.
        let left: Vec<(u64, &str, &str)> = omitted.iter().map(|o| (o.line, o.cut.as_str(), o.reason.id())).collect();
        assert_eq!(
            left,
            [
                (3, "sex Male × age 0-4 yrs", "crossed_breakdown"),
                (6, "\"Ethnic groups (w unknown)\" White", "second_category_type"),
                (8, "\"Disability\" Disabled", "no_bundle_breakdown"),
            ]
        );
        assert_eq!(omitted[1].reason, Reason::SecondCategoryType { kept: "Ethnic groups".into() });
        assert_eq!(out.len() + omitted.len(), 9, "every input row is either kept or reported");
    }

    #[test]
    fn single_sex_indicators_use_that_sex_as_headline() {
        let rows = vec![raw("Female", "<18 yrs", None, "A"), raw("Female", "<18 yrs", Some(("Ethnic groups", "Mixed")), "A")];
        let mut omitted = Vec::new();
        let out = resolve("f.csv", rows, &Meta::default(), &mut omitted);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].row.breakdown_type, BreakdownType::None);
        assert!(omitted.is_empty());
    }
}
