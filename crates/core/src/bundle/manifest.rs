//! The bundle manifest (`manifest.json`): everything about a bundle except the
//! values themselves — attribution, the indicator catalogue, organisations and
//! their hierarchies, peer groups, domains with their rating rule, and the list
//! of data files with sizes and checksums.
//!
//! Optional fields have serde defaults so that bundles written by other tools
//! to the documented schema need only state what they know.

use super::{BoundaryFile, BundleError, FORMAT_VERSION};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format_version: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub publisher: String,
    /// Licence statement, e.g. "Open Government Licence v3.0".
    pub licence: String,
    /// The attribution line every view shows beside the data.
    pub attribution: String,
    /// Publication date, ISO 8601 (`YYYY-MM-DD`).
    pub published: String,
    /// The release id, when it is not the publication date (optional; see
    /// [`Manifest::release_id`] and "Releases" in `docs/bundle-format.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release: Option<String>,
    /// True when the values are synthetic demonstration data, not real.
    #[serde(default)]
    pub demonstration: bool,
    #[serde(default)]
    pub files: Vec<DataFile>,
    #[serde(default)]
    pub domains: Vec<Domain>,
    #[serde(default)]
    pub rating_rule: RatingRule,
    #[serde(default)]
    pub breakdowns: Vec<BreakdownDef>,
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    #[serde(default)]
    pub organisations: Vec<Organisation>,
    #[serde(default)]
    pub org_types: Vec<OrgType>,
    #[serde(default)]
    pub context_variables: Vec<ContextVariable>,
    #[serde(default)]
    pub peer_clusters: Vec<PeerCluster>,
    /// Map shapes, one file per organisation type (format 1.2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub boundaries: Vec<BoundaryFile>,
}

/// One data file of the bundle, relative to the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataFile {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
    /// Indicator ids whose values this file holds (first partition key).
    #[serde(default)]
    pub indicators: Vec<String>,
    /// Organisation types whose rows this file holds (second partition key,
    /// format 1.1): a view downloads only the types it shows. Empty: any type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub org_types: Vec<String>,
    #[serde(default)]
    pub rows: u64,
}

impl DataFile {
    /// True when this file may hold rows of organisations of type `org_type`.
    pub fn holds_type(&self, org_type: &str) -> bool {
        self.org_types.is_empty() || self.org_types.iter().any(|t| t == org_type)
    }
}

/// One period an indicator has values for, as listed in the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodDef {
    pub label: String,
    /// First day, ISO 8601 (`YYYY-MM-DD`).
    pub start: String,
    /// Last day, ISO 8601.
    pub end: String,
}

impl PeriodDef {
    /// The period of a values row (start and end as day counts).
    pub fn of(start: i32, end: i32, label: &str) -> PeriodDef {
        PeriodDef { label: label.to_string(), start: crate::period::iso_date(start), end: crate::period::iso_date(end) }
    }

    /// Start and end as day counts, as in the values' `period_start` and
    /// `period_end`; None when either is not a `YYYY-MM-DD` date.
    pub fn days(&self) -> Option<(i32, i32)> {
        Some((crate::period::parse_iso_date(&self.start)?, crate::period::parse_iso_date(&self.end)?))
    }

    /// Every period each indicator of `rows` has, oldest first (by start,
    /// end, label): what a writer lists in `Indicator::periods`.
    pub fn by_indicator(rows: &[super::ValueRow]) -> BTreeMap<&str, Vec<PeriodDef>> {
        let mut seen: BTreeMap<&str, std::collections::BTreeSet<(i32, i32, &str)>> = BTreeMap::new();
        for r in rows {
            seen.entry(r.indicator.as_str()).or_default().insert((r.period_start, r.period_end, r.period_label.as_str()));
        }
        seen.into_iter().map(|(id, periods)| (id, periods.into_iter().map(|(s, e, l)| PeriodDef::of(s, e, l)).collect())).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Domain {
    pub id: String,
    pub name: String,
    /// `system` (the nine system-progress domains), `inequalities`,
    /// `sustainability` or `social_care`.
    #[serde(default = "default_domain_kind")]
    pub kind: String,
}
fn default_domain_kind() -> String {
    "system".into()
}

/// How a domain's indicators' benchmark comparisons become a rating on a
/// four-level scale (1 best … 4 worst). A domain is rated 1 when at least
/// `top_share_better` of its rated indicators are significantly better and none
/// worse; 4 when at least `bottom_share_worse` are significantly worse; otherwise
/// 2 when better ≥ worse, else 3.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RatingRule {
    pub description: String,
    pub levels: Vec<String>,
    pub top_share_better: f64,
    pub bottom_share_worse: f64,
}
impl Default for RatingRule {
    fn default() -> Self {
        RatingRule {
            description: "Share of a domain's indicators significantly better or worse than England (99.8% limits)".into(),
            levels: vec!["Leading".into(), "Good".into(), "Requires improvement".into(), "Needs support".into()],
            top_share_better: 0.5,
            bottom_share_worse: 0.5,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BreakdownDef {
    /// One of the [`super::BreakdownType`] ids.
    pub id: String,
    pub name: String,
    /// Values in display order (for deprivation: 1 = most deprived first).
    pub values: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueType {
    Proportion,
    Rate,
    Mean,
    Count,
    Ratio,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    HigherIsBetter,
    LowerIsBetter,
    Neither,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub definition: String,
    /// Domain ids (an indicator may belong to several).
    #[serde(default)]
    pub domains: Vec<String>,
    pub value_type: ValueType,
    /// 100 for a percentage, 100 000 for a rate per 100 000, 1 otherwise.
    #[serde(default = "one")]
    pub multiplier: f64,
    #[serde(default)]
    pub unit: String,
    pub polarity: Polarity,
    #[serde(default)]
    pub target: Option<f64>,
    /// £ per unit of activity, for opportunity estimates.
    #[serde(default)]
    pub unit_cost: Option<f64>,
    /// kg CO2e per unit of activity, for opportunity estimates.
    #[serde(default)]
    pub carbon_factor: Option<f64>,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub method: String,
    /// Date the source last updated this indicator, ISO 8601.
    #[serde(default)]
    pub updated: String,
    /// `month`, `quarter`, `year` or `financial_year`.
    #[serde(default)]
    pub period_type: String,
    /// Whether numerators and denominators may be summed from members to a
    /// parent and the value recomputed (true for counts over a population;
    /// false for e.g. standardised rates, medians or survey estimates).
    #[serde(default)]
    pub aggregatable: bool,
    /// Whether limits a row does not publish may be computed from its counts
    /// (`stats::ci::limits_for`). False when the publisher gives no limits
    /// because none apply (e.g. a resident population, a census count): such
    /// values are then never compared by significance. Default true.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub compute_limits: bool,
    /// Every period the bundle holds values for, over all its files (format
    /// 1.1). When present, a view's periods and "latest" come from here, not
    /// from whichever files happen to be loaded, so a link shows the same
    /// figures whatever was opened before it; rows of unlisted periods are
    /// refused. Empty: the periods are those of the loaded rows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub periods: Vec<PeriodDef>,
    /// The `breakdown_type`s other than `none` the indicator's values hold,
    /// over all its files, in the values' order (format 1.2, optional): the
    /// inequalities view opens on an indicator that has some without loading
    /// any data. Empty: none, or not stated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breakdowns: Vec<String>,
}
fn one() -> f64 {
    1.0
}
fn yes() -> bool {
    true
}
fn is_true(b: &bool) -> bool {
    *b
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organisation {
    /// ODS or ONS code.
    pub code: String,
    pub name: String,
    /// An [`OrgType`] id, e.g. `region`, `icb`, `provider`, `local_authority`.
    #[serde(rename = "type")]
    pub org_type: String,
    /// Parent codes; an organisation may sit under more than one hierarchy.
    #[serde(default)]
    pub parents: Vec<String>,
    #[serde(default)]
    pub population: Option<f64>,
    /// Context variables (ids from `context_variables`) for nearest-neighbour peers.
    #[serde(default)]
    pub context: BTreeMap<String, f64>,
    /// Ids of the defined peer clusters this organisation belongs to.
    #[serde(default)]
    pub clusters: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgType {
    pub id: String,
    pub name: String,
    /// Depth in the main hierarchy: 0 for the country, 1 regions, …
    #[serde(default)]
    pub level: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContextVariable {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub unit: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeerCluster {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

impl Manifest {
    /// Parses `manifest.json` and checks it against every manifest rule of the
    /// format (`validate::check_manifest`: counts within `limits`, unique ids,
    /// every cross-reference resolving …), so nothing downstream meets a
    /// manifest that breaks one. A bundle is data from anyone; this is the
    /// gate the app and `healthdash query` go through before any file is used.
    /// `file` names the manifest in error messages (its path or URL); an
    /// invalid manifest's error names the rule broken and where, with the
    /// number of problems (`healthdash validate` lists them all).
    pub fn from_json(file: &str, text: &str) -> Result<Manifest, BundleError> {
        let m = Manifest::parse(file, text)?;
        let problems = super::check_manifest(file, &m);
        if let Some(first) = problems.first() {
            let count = problems.len();
            let at = first.column.as_deref().map(|c| format!("\"{c}\": ")).unwrap_or_default();
            return Err(BundleError::Invalid {
                file: file.to_string(),
                count,
                plural: if count == 1 { "" } else { "s" },
                first: format!("{at}{}", first.message),
            });
        }
        Ok(m)
    }

    /// Parses `manifest.json`, rejecting an unsupported `format_version`, but
    /// checks none of the format's other rules: for `validate::check_bundle`,
    /// which lists every problem rather than stopping at the first.
    pub fn parse(file: &str, text: &str) -> Result<Manifest, BundleError> {
        let m: Manifest = serde_json::from_str(text).map_err(|e| BundleError::ManifestJson { file: file.to_string(), message: e.to_string() })?;
        let major = FORMAT_VERSION.split('.').next().unwrap_or("1");
        if m.format_version.split('.').next() != Some(major) {
            return Err(BundleError::UnsupportedVersion { file: file.to_string(), found: m.format_version });
        }
        Ok(m)
    }

    /// Pretty JSON with a trailing newline (stable: same manifest, same bytes).
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    pub fn organisation(&self, code: &str) -> Option<&Organisation> {
        self.organisations.iter().find(|o| o.code == code)
    }

    /// The organisation a view starts from: the country-level organisation
    /// (type `country`), else the first organisation with no parent.
    pub fn home_organisation(&self) -> Option<&Organisation> {
        self.organisations
            .iter()
            .find(|o| o.org_type == "country")
            .or_else(|| self.organisations.iter().find(|o| o.parents.is_empty()))
            .or(self.organisations.first())
    }

    /// The boundary file of organisation type `org_type`, if the bundle has one.
    pub fn boundary_for(&self, org_type: &str) -> Option<&BoundaryFile> {
        self.boundaries.iter().find(|b| b.org_type == org_type)
    }

    /// The first data file holding `indicator`'s values (one of several when
    /// files are partitioned by organisation type).
    pub fn file_for(&self, indicator: &str) -> Option<&DataFile> {
        self.files.iter().find(|f| f.indicators.iter().any(|i| i == indicator))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"{"format_version":"1.0","title":"T","publisher":"P","licence":"OGL","attribution":"A","published":"2026-01-01"}"#;

    #[test]
    fn minimal_manifest_parses_with_defaults() {
        let m = Manifest::from_json("manifest.json", MINIMAL).unwrap();
        assert_eq!(m.title, "T");
        assert!(m.files.is_empty());
        assert_eq!(m.rating_rule.levels.len(), 4);
    }

    #[test]
    fn unknown_major_version_is_rejected_with_the_file_named() {
        let text = MINIMAL.replace("1.0", "2.0");
        let e = Manifest::from_json("https://x/manifest.json", &text).unwrap_err();
        assert_eq!(e.to_string(), "https://x/manifest.json: format_version \"2.0\" is not supported (this version of healthdash reads 1.x)");
    }

    #[test]
    fn broken_json_names_the_file() {
        let e = Manifest::from_json("m.json", "{").unwrap_err();
        assert!(e.to_string().starts_with("m.json: not valid JSON"));
    }
}
