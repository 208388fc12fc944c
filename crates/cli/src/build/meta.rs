//! The `--meta` TOML file: what a data export does not say about itself.
//!
//! Exports carry values, not meaning: Fingertips' layout omits polarity and
//! value type, some indicators have no name, A&E files say nothing about
//! targets. The publisher states these once in a small TOML file (documented
//! in `docs/bundle-format.md`, "The --meta file"). Every field is optional;
//! [`super::assemble`] fills gaps from the source or a default and prints a
//! warning for each gap that matters. Unknown keys are an error, so a typo
//! cannot silently drop a setting.

use healthdash_core::bundle::{Domain, Polarity, ValueType};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    #[serde(default)]
    pub bundle: BundleMeta,
    #[serde(default)]
    pub domains: Vec<Domain>,
    /// Keyed by indicator id as it appears in the input (`[indicators.241]`).
    #[serde(default)]
    pub indicators: BTreeMap<String, IndicatorMeta>,
    /// Families of delayed-discharge reasons (`[[delay_families]]`): every
    /// reason in a delay-reasons file must be listed in exactly one.
    #[serde(default)]
    pub delay_families: Vec<DelayFamily>,
    /// Descriptions of breakdown dimensions (`[[dimensions]]`, as in the
    /// manifest): they take precedence over what the inputs say, so a
    /// publisher can name a dimension, order its categories or say which
    /// end of a deprivation scale is the most deprived.
    #[serde(default)]
    pub dimensions: Vec<healthdash_core::bundle::Dimension>,
}

/// A named group of delay reasons, e.g. hospital process or social care interface.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DelayFamily {
    /// Used in indicator ids: `delays_<id>_mean`, `delays_<id>_per_100_beds`, `delays_<id>_share`.
    pub id: String,
    /// Used in indicator names: "Delayed discharges attributable to <name>".
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The reasons, as written in the file (no-break spaces and runs of
    /// spaces read as one space; dashes and other characters exact).
    pub reasons: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleMeta {
    pub title: Option<String>,
    pub description: Option<String>,
    pub publisher: Option<String>,
    pub licence: Option<String>,
    pub attribution: Option<String>,
    /// `YYYY-MM-DD`; `--published` overrides it.
    pub published: Option<String>,
    /// The release id when it is not the publication date (`manifest.release`).
    pub release: Option<String>,
    #[serde(default)]
    pub demonstration: bool,
    /// Default duplicate-key policy for every indicator.
    pub duplicates: Option<Duplicates>,
    /// The small-number rule values were withheld under (the manifest's `suppression`).
    pub suppression: Option<healthdash_core::bundle::Suppression>,
    /// Withhold every count from 1 to N − 1 at build time, with complementary
    /// suppression (see `build::suppress`); recorded as the manifest's `suppression`.
    pub suppress_below: Option<u32>,
}

/// A bundle text field (`title`, `publisher` …): what the meta file states,
/// else `fallback` (taken from the inputs or a default), with a warning that
/// names the field and the value used. Shared by `build` and `index`.
pub fn stated_or(field: &str, stated: Option<String>, fallback: String, warnings: &mut Vec<String>) -> String {
    stated.filter(|s| !s.trim().is_empty()).unwrap_or_else(|| {
        warnings.push(format!("bundle {field} not given in the meta file: using \"{fallback}\""));
        fallback
    })
}

/// What to do when two input rows share a key (indicator, organisation, period, breakdown).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Duplicates {
    /// Stop with an error naming both lines (the default).
    #[default]
    Error,
    /// Keep the first row that has a value (the first row when none has), warn with a count.
    First,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorMeta {
    pub name: Option<String>,
    pub definition: Option<String>,
    pub domains: Option<Vec<String>>,
    pub value_type: Option<ValueType>,
    pub multiplier: Option<f64>,
    pub unit: Option<String>,
    pub polarity: Option<Polarity>,
    pub target: Option<f64>,
    pub unit_cost: Option<f64>,
    pub carbon_factor: Option<f64>,
    pub source: Option<String>,
    pub method: Option<String>,
    pub updated: Option<String>,
    /// `month`, `quarter`, `year`, `financial_year` or `academic_year`. For a
    /// Fingertips export, `academic_year` also makes `2018/19` mean
    /// September–August rather than April–March.
    pub period_type: Option<String>,
    pub aggregatable: Option<bool>,
    pub duplicates: Option<Duplicates>,
    /// Leave this indicator out of the bundle.
    #[serde(default)]
    pub skip: bool,
    /// Compute missing 95% / 99.8% limits from numerator and denominator (default true).
    pub compute_limits: Option<bool>,
    /// The sex (as written in the input) whose rows are the headline (`none`) values.
    pub headline_sex: Option<String>,
    /// The age band (as written in the input) whose rows are the headline values.
    pub headline_age: Option<String>,
    /// This indicator's own small-number threshold, over the bundle's
    /// `suppress_below` (0 or 1: none of its counts withheld).
    pub suppress_below: Option<u32>,
}

/// Reads and parses a meta file; errors name the file and, from the TOML
/// parser, the line and column.
pub fn load(path: &Path) -> Result<Meta, String> {
    let file = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{file}: cannot read: {e}"))?;
    parse(&text).map_err(|e| format!("{file}: {e}"))
}

pub fn parse(text: &str) -> Result<Meta, String> {
    let meta: Meta = toml::from_str(text).map_err(|e| e.to_string().trim_end().to_string())?;
    for (id, m) in &meta.indicators {
        if let Some(x) = m.multiplier.filter(|x| !(x.is_finite() && *x > 0.0)) {
            return Err(format!("indicators.{id}.multiplier: {x} must be a positive number"));
        }
    }
    Ok(meta)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_example_parses() {
        let m = parse(
            r#"
            [bundle]
            title = "T"
            duplicates = "first"
            [[domains]]
            id = "prevention"
            name = "Prevention"
            [indicators.241]
            name = "Diabetes"
            value_type = "proportion"
            multiplier = 100
            polarity = "lower_is_better"
            domains = ["prevention"]
            "#,
        )
        .unwrap();
        assert_eq!(m.bundle.duplicates, Some(Duplicates::First));
        assert_eq!(m.domains[0].kind, "system");
        let i = &m.indicators["241"];
        assert_eq!((i.value_type, i.polarity, i.multiplier), (Some(ValueType::Proportion), Some(Polarity::LowerIsBetter), Some(100.0)));
    }

    #[test]
    fn typos_and_bad_values_are_errors() {
        let e = parse("[indicators.x]\npolarty = \"neither\"\n").unwrap_err();
        assert!(e.contains("polarty") && e.contains("line 2"), "{e}");
        let e = parse("[indicators.x]\nvalue_type = \"percent\"\n").unwrap_err();
        assert!(e.contains("percent"), "{e}");
        assert!(parse("[indicators.x]\nmultiplier = 0\n").unwrap_err().contains("positive"));
    }
}
