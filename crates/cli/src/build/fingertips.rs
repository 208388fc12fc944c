//! The Fingertips "download data" CSV, exactly as OHID publishes it.
//!
//! Columns are found by name (order free, extra columns such as `Recent Trend`
//! ignored): `Indicator ID`, `Area Code`, `Time period` and `Value` are
//! required; `Indicator Name`, `Parent Code`, `Parent Name`, `Area Name`,
//! `Area Type`, `Sex`, `Age`, `Category Type`, `Category`, the four CI limit
//! columns, `Count` and `Denominator` are read when present.
//!
//! Category types vary in wording between releases ("County & UA deprivation
//! deciles in England (IMD2019, 4/21 geography)", "LSOA11 deprivation quintiles
//! within area (IMD  trend)", "Ethnic groups (w unknown)", …), so they are
//! matched by what they contain, and decile names ("Second least deprived
//! decile (IMD2019)") become ranks 1 (most deprived) … 10. Each category
//! type is a dimension of its own ([`category_dimension`]); sex, age and
//! category become the row's breakdown key in [`super::breakdown`].

use super::breakdown::{dimension_id, Category, RawRow, ALL_AGES, PERSONS};
use super::csvin::{loose, CsvInput};
use super::import::{Import, Provenance, OGL, OGL_ATTRIBUTION};
use super::meta::Meta;
use super::orgs::type_from_area_type;
use super::periods::{parse_label, SplitYear, LABEL_FORMS};
use super::report::{Omitted, Reason};
use healthdash_core::bundle::{Dimension, DimensionKind, MostDeprived, ValueRow};

pub const FORMAT: &str = "Fingertips export";

/// True when a header looks like a Fingertips export: today's layout
/// (`Indicator ID`, `Area Code`, `Time period`) or the older one
/// (`IndicatorID`, `AreaCode`, `Timeperiod`, `Category_Type`, …), matched by loose name.
pub fn detect(header: &[String]) -> bool {
    header.iter().map(|h| loose(h)).any(|h| h == "indicatorid" || h == "areacode" || h == "timeperiod")
}

/// The dimension a Fingertips `Category Type` becomes: one per type, its id
/// from the type's name, the name itself as its name and definition; its
/// kind from what the name says (deprivation deciles or quintiles, most
/// deprived first; ethnic groups; anything else `other`). Categories are
/// filled in from the rows when the bundle is assembled.
pub fn category_dimension(type_name: &str) -> Dimension {
    let l = type_name.to_lowercase();
    let quantiles = if l.contains("deprivation decile") {
        Some(10)
    } else if l.contains("deprivation quintile") {
        Some(5)
    } else {
        None
    };
    let kind = match quantiles {
        Some(_) => DimensionKind::Deprivation,
        None if l.contains("ethnic") => DimensionKind::Ethnicity,
        None => DimensionKind::Other,
    };
    Dimension {
        id: dimension_id(type_name),
        name: type_name.trim().to_string(),
        kind,
        categories: Vec::new(),
        quantiles,
        most_deprived: quantiles.map(|_| MostDeprived::First),
        definition: type_name.trim().to_string(),
    }
}

/// The rank (1 = most deprived … `n` = least) a deprivation category names:
/// "Most deprived decile", "Third more deprived decile", "Fifth less deprived
/// decile (IMD2019)", "Average deprived quintile", "Least deprived quintile",
/// or a number ("3", "Decile 3", "3 - middle").
pub fn deprivation_rank(text: &str, n: u32) -> Option<u32> {
    let l = text.to_lowercase();
    let l = l.split('(').next().unwrap_or("").trim();
    let words: Vec<&str> = l.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let number = match words.as_slice() {
        [w, ..] if w.bytes().all(|b| b.is_ascii_digit()) => w.parse().ok(),
        ["decile" | "quintile", w, ..] => w.parse().ok(),
        _ => None,
    };
    if let Some(k) = number {
        return (1..=n).contains(&k).then_some(k);
    }
    let first = *words.first()?;
    if n == 5 && (first == "average" || first == "middle") {
        return Some(3);
    }
    let ordinal = match first {
        "most" | "least" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        _ => return None,
    };
    let more = words.iter().any(|w| *w == "more" || *w == "most");
    let less = words.iter().any(|w| *w == "less" || *w == "least");
    let rank = match (more, less) {
        (true, false) => ordinal,
        (false, true) => n + 1 - ordinal,
        _ => return None,
    };
    (ordinal <= n.div_ceil(2)).then_some(rank)
}

/// Reads one export. Rows of indicators the meta file skips are passed over.
pub fn read(input: &mut CsvInput, meta: &Meta) -> Result<(Import, Vec<RawRow>), Vec<String>> {
    let req = |name| input.require(name, FORMAT).map_err(|e| vec![e]);
    let (id_c, area_c, period_c, value_c) = (req("Indicator ID")?, req("Area Code")?, req("Time period")?, req("Value")?);
    let opt = |name| input.optional(name);
    let (name_c, parent_c, parent_name_c, area_name_c, area_type_c) =
        (opt("Indicator Name"), opt("Parent Code"), opt("Parent Name"), opt("Area Name"), opt("Area Type"));
    let (sex_c, age_c, cat_type_c, cat_c) = (opt("Sex"), opt("Age"), opt("Category Type"), opt("Category"));
    let (lo95_c, hi95_c, lo998_c, hi998_c) = (opt("Lower CI 95.0 limit"), opt("Upper CI 95.0 limit"), opt("Lower CI 99.8 limit"), opt("Upper CI 99.8 limit"));
    let (count_c, denom_c) = (opt("Count"), opt("Denominator"));

    let mut import = Import::new(&input.file, "Count", "Denominator");
    import.limit_columns = ["Lower CI 95.0 limit", "Upper CI 95.0 limit", "Lower CI 99.8 limit", "Upper CI 99.8 limit"];
    import.key_columns = "\"Indicator ID\", \"Area Code\", \"Time period\", \"Sex\", \"Age\", \"Category Type\", \"Category\"";
    import.provenance = Some(Provenance {
        title: "Public health indicators from OHID Fingertips".into(),
        publisher: "Office for Health Improvement and Disparities (OHID), Fingertips".into(),
        licence: OGL.into(),
        attribution: format!("{OGL_ATTRIBUTION} Source: OHID Fingertips."),
    });
    let mut raw = Vec::new();
    let mut dimensions: Vec<Dimension> = Vec::new();
    input.for_each(|row| {
        let id = row.required_text(id_c, "an indicator id")?;
        let m = meta.indicators.get(id);
        if m.is_some_and(|m| m.skip) {
            let cut = [row.text(sex_c), row.text(age_c), row.text(cat_type_c), row.text(cat_c)].into_iter().filter(|t| !t.is_empty()).collect::<Vec<_>>();
            import.omitted.push(Omitted {
                file: import.file.clone(),
                line: row.line,
                indicator: id.to_string(),
                area: row.text(area_c).to_string(),
                period: row.text(period_c).to_string(),
                cut: cut.join(" × "),
                reason: Reason::SkippedIndicator,
            });
            return Ok(());
        }
        let area = row.required_text(area_c, "an area code")?;
        let label = row.required_text(period_c, LABEL_FORMS)?;
        let split = if m.and_then(|m| m.period_type.as_deref()) == Some("academic_year") { SplitYear::Academic } else { SplitYear::Financial };
        let (start, end) = parse_label(label, split).ok_or_else(|| row.error(period_c, format!("expected {LABEL_FORMS}, found \"{label}\"")))?;
        let category = match (row.text(cat_type_c), row.text(cat_c)) {
            ("", "") => None,
            (type_name, value) => {
                let id = dimension_id(type_name);
                let dim = match dimensions.iter().find(|d| d.id == id) {
                    Some(d) => d.clone(),
                    None => {
                        let d = category_dimension(type_name);
                        dimensions.push(d.clone());
                        d
                    }
                };
                let value = match dim.quantiles {
                    Some(n) => {
                        let what = if n == 10 { "decile" } else { "quintile" };
                        deprivation_rank(value, n).map(|r| r.to_string()).ok_or_else(|| {
                            row.error(
                                cat_c,
                                format!(
                                    "expected a deprivation {what} such as \"Most deprived {what}\" or \"Second least deprived {what}\", found \"{value}\""
                                ),
                            )
                        })?
                    }
                    _ => row.required_text(cat_c, "the category within the category type")?.to_string(),
                };
                Some(Category { dimension: dim.id, value })
            }
        };
        let r = ValueRow {
            numerator: row.number(count_c)?,
            denominator: row.number(denom_c)?,
            value: row.number(value_c)?,
            lower_95: row.number(lo95_c)?,
            upper_95: row.number(hi95_c)?,
            lower_998: row.number(lo998_c)?,
            upper_998: row.number(hi998_c)?,
            ..ValueRow::new(id, area, start, end, label)
        };
        let or = |t: &str, default: &str| if t.is_empty() { default.to_string() } else { t.to_string() };
        raw.push(RawRow {
            row: r,
            line: row.line,
            sex: or(row.text(sex_c), PERSONS),
            age: or(row.text(age_c), ALL_AGES),
            categories: category.into_iter().collect(),
        });
        let parent = row.text(parent_c);
        let area_type = row.text(area_type_c);
        import.orgs.add(area, row.text(area_name_c), &if area_type.is_empty() { String::new() } else { type_from_area_type(area_type) }, Some(parent));
        if !parent.is_empty() {
            import.orgs.add(parent, row.text(parent_name_c), "", None);
        }
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
    fn deprivation_names_become_ranks() {
        let deciles = [
            "Most deprived decile (IMD2019)",
            "Second most deprived decile (IMD2019)",
            "Third more deprived decile (IMD2019)",
            "Fourth more deprived decile",
            "Fifth more deprived decile",
            "Fifth less deprived decile",
            "Fourth less deprived decile (IMD2015)",
            "Third less deprived decile",
            "Second least deprived decile",
            "Least deprived decile",
        ];
        for (i, d) in deciles.iter().enumerate() {
            assert_eq!(deprivation_rank(d, 10), Some(i as u32 + 1), "{d}");
        }
        let quintiles = [
            "Most deprived quintile",
            "Second most deprived quintile",
            "Average deprived quintile",
            "Second least deprived quintile",
            "Least deprived quintile",
        ];
        for (i, q) in quintiles.iter().enumerate() {
            assert_eq!(deprivation_rank(q, 5), Some(i as u32 + 1), "{q}");
        }
        assert_eq!(deprivation_rank("Decile 3", 10), Some(3));
        assert_eq!(deprivation_rank("11", 10), None);
        assert_eq!(deprivation_rank("Sixth most deprived decile", 10), None);
        assert_eq!(deprivation_rank("Very deprived", 10), None);
    }

    #[test]
    fn each_category_type_is_a_dimension() {
        let county = category_dimension("County & UA deprivation deciles in England (IMD2019, 4/21 geography)");
        let district = category_dimension("District & UA deprivation deciles in England (IMD2019, 4/21 geography)");
        assert_eq!((county.kind, county.quantiles, county.most_deprived), (DimensionKind::Deprivation, Some(10), Some(MostDeprived::First)));
        assert_ne!(county.id, district.id, "two definitions, two dimensions");
        assert_eq!(district.definition, "District & UA deprivation deciles in England (IMD2019, 4/21 geography)");
        assert_eq!(category_dimension("LSOA11 deprivation quintiles within area (IMD  trend)").quantiles, Some(5));
        assert_eq!(category_dimension("Ethnic groups (w unknown)").kind, DimensionKind::Ethnicity);
        let class = category_dimension("Socioeconomic class");
        assert_eq!((class.id.as_str(), class.kind, class.quantiles), ("socioeconomic_class", DimensionKind::Other, None));
    }
}
