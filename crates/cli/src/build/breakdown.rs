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
//! has no breakdown for, are left out with a warning saying how many.
//!
//! Where one area and period has the same breakdown from two category types
//! (county and district deprivation deciles for England; "Ethnic groups" and
//! "Ethnic groups (w unknown)"), the type with more rows for the indicator is
//! kept and the other dropped, with a warning.

use super::import::Sourced;
use super::meta::Meta;
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

/// Decides each row's breakdown; returns the kept rows in input order.
pub fn resolve(file: &str, raw: Vec<RawRow>, meta: &Meta, warnings: &mut Vec<String>) -> Vec<Sourced> {
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

    let mut skipped: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut out = Vec::with_capacity(raw.len());
    for r in &raw {
        let (hs, ha) = &headline[&r.row.indicator];
        let (at_sex, at_age) = (r.sex == *hs, r.age == *ha);
        let kind = match (&r.category, at_sex, at_age) {
            (None, true, true) => Some((BreakdownType::None, String::new())),
            (None, false, true) => Some((BreakdownType::Sex, r.sex.clone())),
            (None, true, false) => Some((BreakdownType::Age, r.age.clone())),
            (Some(c), true, true) => match c.kind {
                None => {
                    *skipped.entry((r.row.indicator.clone(), format!("category type \"{}\" has no bundle breakdown", c.type_name))).or_default() += 1;
                    None
                }
                Some(k) => {
                    let types = &present[&(r.row.indicator.as_str(), r.row.org.as_str(), r.row.period_start, r.row.period_end, k)];
                    let best = types
                        .iter()
                        .max_by(|a, b| {
                            let n = |t: &str| type_rows[&(r.row.indicator.as_str(), k, t)];
                            n(a).cmp(&n(b)).then_with(|| b.cmp(a))
                        })
                        .copied();
                    if best == Some(c.type_name.as_str()) {
                        Some((k, c.value.clone()))
                    } else {
                        let why = format!(
                            "{} rows of a second category type for the same area and period (e.g. \"{}\" where \"{}\" has more rows)",
                            k.id(),
                            c.type_name,
                            best.unwrap_or("")
                        );
                        *skipped.entry((r.row.indicator.clone(), why)).or_default() += 1;
                        None
                    }
                }
            },
            (c, _, _) => {
                let mut dims = Vec::new();
                if !at_sex {
                    dims.push(format!("sex {}", r.sex));
                }
                if !at_age {
                    dims.push(format!("age {}", r.age));
                }
                if let Some(c) = c {
                    dims.push(format!("\"{}\"", c.type_name));
                }
                let why = format!("rows cut two ways at once, which a bundle row cannot hold (e.g. {})", dims.join(" × "));
                *skipped.entry((r.row.indicator.clone(), why)).or_default() += 1;
                None
            }
        };
        if let Some((k, v)) = kind {
            let mut row = r.row.clone();
            row.breakdown_type = k;
            row.breakdown_value = v;
            out.push(Sourced { row, line: r.line });
        }
    }
    // Summarise the skips per indicator and reason, collapsing the many cross
    // combinations (sex Male × age 5-9 yrs, …) into one line per indicator.
    // Collapse reasons that differ only in their example: one line per kind of skip.
    let mut summary: BTreeMap<(String, String), (usize, String)> = BTreeMap::new();
    for ((id, why), n) in skipped {
        let (head, example) = why.split_once(" (e.g.").map_or((why.as_str(), ""), |(h, e)| (h, e));
        let e = summary.entry((id, head.to_string())).or_insert((0, format!(" (e.g.{example}")));
        e.0 += n;
    }
    for ((id, head), (n, example)) in summary {
        let why = if example == " (e.g." { head } else { head + &example };
        let (hs, ha) = &headline[&id];
        warnings.push(format!("{file}: indicator {id}: left out {n} rows: {why} (headline: {hs}, {ha})"));
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
        let mut w = Vec::new();
        let out = resolve("f.csv", rows, &Meta::default(), &mut w);
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
        assert_eq!(w.len(), 3, "{w:#?}");
        assert!(
            w.iter().any(|m| m.contains("left out 1 rows: rows cut two ways at once, which a bundle row cannot hold (e.g. sex Male × age 0-4 yrs)")),
            "{w:#?}"
        );
    }

    #[test]
    fn single_sex_indicators_use_that_sex_as_headline() {
        let rows = vec![raw("Female", "<18 yrs", None, "A"), raw("Female", "<18 yrs", Some(("Ethnic groups", "Mixed")), "A")];
        let mut w = Vec::new();
        let out = resolve("f.csv", rows, &Meta::default(), &mut w);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].row.breakdown_type, BreakdownType::None);
        assert!(w.is_empty());
    }
}
