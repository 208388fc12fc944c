//! The generic long CSV: one value per line, for any publisher.
//!
//! It extends the FingertipsNext data-upload layout (`area_code, date_from,
//! date_to, period_type, sex, age_from_years_inclusive, age_to_years_inclusive,
//! deprivation_decile, deprivation_category, count, value, denominator,
//! lower_ci_95, upper_ci_95, lower_ci_99_8, upper_ci_99_8`) with the columns a
//! multi-indicator bundle needs: `indicator_id`, and optionally
//! `indicator_name`, `ethnicity`, `deprivation_quintile`, `period_label`,
//! `area_name`, `area_type` and `parent_code`. Required: `indicator_id`,
//! `area_code`, `date_from`, `date_to`, `value`; the rest read as empty when
//! absent. A row may be cut several ways at once (a sex, an age band, an
//! ethnic group and a deprivation decile). The full description is in
//! `docs/bundle-format.md`.
//!
//! With an areas table (`--areas`), every `area_code` must be in it.

use super::breakdown::{dimension_id, Category, RawRow, ALL_AGES, PERSONS};
use super::csvin::{CsvInput, Row};
use super::import::Import;
use super::orgs::{type_from_area_type, Areas};
use super::periods::label_for;
use healthdash_core::bundle::{Dimension, ValueRow};
use healthdash_core::period::parse_iso_date;

pub const FORMAT: &str = "generic long CSV";

/// True when a header looks like the generic long CSV.
pub fn detect(header: &[String]) -> bool {
    let has = |n: &str| header.iter().any(|h| h == n);
    has("area_code") && (has("indicator_id") || has("date_from"))
}

fn date(row: &Row, col: super::csvin::Col) -> Result<i32, String> {
    let t = row.required_text(col, "a date YYYY-MM-DD")?;
    parse_iso_date(t).ok_or_else(|| row.error(col, format!("expected a date YYYY-MM-DD, found \"{t}\"")))
}

/// The age band label for inclusive ages, in Fingertips' style ("65+ yrs").
pub fn age_label(from: Option<i64>, to: Option<i64>) -> String {
    match (from, to) {
        (None, None) => ALL_AGES.to_string(),
        (Some(a), None) => format!("{a}+ yrs"),
        (None, Some(b)) => format!("<{} yrs", b + 1),
        (Some(a), Some(b)) if a == b => format!("{a} yrs"),
        (Some(a), Some(b)) => format!("{a}-{b} yrs"),
    }
}

/// The sex as a breakdown value: persons/all/both/empty are the whole population.
fn sex_label(s: &str) -> String {
    match s.to_lowercase().as_str() {
        "" | "persons" | "person" | "all" | "both" => PERSONS.to_string(),
        "male" | "males" | "m" => "Male".to_string(),
        "female" | "females" | "f" => "Female".to_string(),
        _ => s.to_string(),
    }
}

pub fn read(input: &mut CsvInput, areas: Option<&Areas>) -> Result<(Import, Vec<RawRow>), Vec<String>> {
    let req = |name| input.require(name, FORMAT).map_err(|e| vec![e]);
    let (id_c, area_c, from_c, to_c, value_c) = (req("indicator_id")?, req("area_code")?, req("date_from")?, req("date_to")?, req("value")?);
    let opt = |name| input.optional(name);
    let (period_type_c, label_c, sex_c, age_from_c, age_to_c) =
        (opt("period_type"), opt("period_label"), opt("sex"), opt("age_from_years_inclusive"), opt("age_to_years_inclusive"));
    let (decile_c, quintile_c, dep_cat_c, eth_c) = (opt("deprivation_decile"), opt("deprivation_quintile"), opt("deprivation_category"), opt("ethnicity"));
    let (count_c, denom_c, lo95_c, hi95_c, lo998_c, hi998_c) =
        (opt("count"), opt("denominator"), opt("lower_ci_95"), opt("upper_ci_95"), opt("lower_ci_99_8"), opt("upper_ci_99_8"));
    let (name_c, area_name_c, area_type_c, parent_c) = (opt("indicator_name"), opt("area_name"), opt("area_type"), opt("parent_code"));

    let mut import = Import::new(&input.file, "count", "denominator");
    import.limit_columns = ["lower_ci_95", "upper_ci_95", "lower_ci_99_8", "upper_ci_99_8"];
    import.key_columns = "\"indicator_id\", \"area_code\", \"date_from\", \"date_to\" and the breakdown columns";
    let mut raw = Vec::new();
    let mut dimensions: Vec<Dimension> = Vec::new();
    input.for_each(|row| {
        let id = row.required_text(id_c, "an indicator id")?;
        let area = row.required_text(area_c, "an area code")?;
        if let Some(a) = areas.filter(|a| !a.by_code.contains_key(area)) {
            return Err(row.error(area_c, format!("expected an area code listed in the areas table {}, found \"{area}\"", a.file)));
        }
        let (start, end) = (date(row, from_c)?, date(row, to_c)?);
        if start > end {
            return Err(row.error(to_c, format!("expected a date on or after date_from ({}), found \"{}\"", row.text(from_c), row.text(to_c))));
        }
        let label = match row.text(label_c) {
            "" => label_for(start, end, row.text(period_type_c).to_lowercase().contains("financial")),
            l => l.to_string(),
        };
        let (age_from, age_to) = (row.integer(age_from_c, 0..=150)?, row.integer(age_to_c, 0..=150)?);
        if let (Some(a), Some(b)) = (age_from, age_to) {
            if a > b {
                return Err(row.error(age_to_c, format!("expected an age at least age_from_years_inclusive ({a}), found {b}")));
            }
        }
        // A named deprivation_category is a definition of its own (a
        // dimension named after it); unnamed, the standard deciles or quintiles.
        let mut categories = Vec::new();
        let mut deprivation = |standard: &str, named: &str, value: i64| {
            let id = if named.is_empty() { standard.to_string() } else { dimension_id(named) };
            if !named.is_empty() && !dimensions.iter().any(|d| d.id == id) {
                if let Some(mut d) = Dimension::from_legacy(standard, Some(named), &[]) {
                    (d.id, d.definition) = (id.clone(), named.to_string());
                    dimensions.push(d);
                }
            }
            Category { dimension: id, value: value.to_string() }
        };
        if let Some(d) = row.integer(decile_c, 1..=10)? {
            let named = row.text(dep_cat_c);
            if named.to_lowercase().contains("quintile") {
                let q = row.integer(decile_c, 1..=5)?.unwrap_or(d);
                categories.push(deprivation("deprivation_quintile", named, q));
            } else {
                categories.push(deprivation("deprivation_decile", named, d));
            }
        }
        if let Some(q) = row.integer(quintile_c, 1..=5)? {
            categories.push(deprivation("deprivation_quintile", "", q));
        }
        if !row.text(eth_c).is_empty() {
            categories.push(Category { dimension: "ethnicity".into(), value: row.text(eth_c).to_string() });
        }
        let r = ValueRow {
            numerator: row.number(count_c)?,
            denominator: row.number(denom_c)?,
            value: row.number(value_c)?,
            lower_95: row.number(lo95_c)?,
            upper_95: row.number(hi95_c)?,
            lower_998: row.number(lo998_c)?,
            upper_998: row.number(hi998_c)?,
            ..ValueRow::new(id, area, start, end, &label)
        };
        raw.push(RawRow { row: r, line: row.line, sex: sex_label(row.text(sex_c)), age: age_label(age_from, age_to), categories });
        let area_type = row.text(area_type_c);
        let org_type = if area_type.is_empty() { String::new() } else { type_from_area_type(area_type) };
        import.orgs.add(area, row.text(area_name_c), &org_type, Some(row.text(parent_c)));
        import.note_indicator(id, row.text(name_c));
        Ok(())
    })?;
    import.dimensions = dimensions;
    Ok((import, raw))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_and_sexes() {
        assert_eq!(age_label(None, None), "All ages");
        assert_eq!(age_label(Some(65), None), "65+ yrs");
        assert_eq!(age_label(None, Some(17)), "<18 yrs");
        assert_eq!(age_label(Some(18), Some(64)), "18-64 yrs");
        assert_eq!(sex_label(""), "Persons");
        assert_eq!(sex_label("female"), "Female");
        assert_eq!(sex_label("Intersex"), "Intersex");
    }
}
