//! The bundle manifest (`manifest.json`): everything about a bundle except the
//! values themselves — attribution, the indicator catalogue, organisations and
//! their hierarchies, peer groups, domains with their rating rule, and the list
//! of data files with sizes and checksums.
//!
//! Optional fields have serde defaults so that bundles written by other tools
//! to the documented schema need only state what they know.

use super::{BoundaryFile, BundleError};
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
    /// Format 1.x only: the breakdown types and their values. Read, then
    /// turned into [`Manifest::dimensions`] by [`Manifest::parse`]; never written.
    #[serde(default, skip_serializing)]
    pub breakdowns: Vec<BreakdownDef>,
    /// The dimensions values are cut by, each with its categories in display
    /// order (format 2.0). A values row names one category of any number of them.
    #[serde(default)]
    pub dimensions: Vec<Dimension>,
    /// The small-number rule under which values were withheld, if any (format 2.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppression: Option<Suppression>,
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
    /// Which rows the file holds with respect to breakdowns (format 2.1):
    /// only whole-population rows, or only rows cut by some dimension, so a
    /// view that reads no breakdown downloads no file of breakdown rows.
    /// None: any rows (2.0 and 1.x files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breakdown_rows: Option<BreakdownRows>,
    #[serde(default)]
    pub rows: u64,
}

impl DataFile {
    /// True when this file and `other` may hold rows of one indicator and
    /// organisation type (an empty type list holds any type).
    pub fn overlaps(&self, other: &DataFile) -> bool {
        let types = self.org_types.is_empty() || other.org_types.is_empty() || self.org_types.iter().any(|t| other.org_types.contains(t));
        types && self.indicators.iter().any(|i| other.indicators.contains(i))
    }

    /// True when this file may hold rows of organisations of type `org_type`.
    pub fn holds_type(&self, org_type: &str) -> bool {
        self.org_types.is_empty() || self.org_types.iter().any(|t| t == org_type)
    }

    /// True unless the file declares that every row is cut by some dimension:
    /// it may hold whole-population rows.
    pub fn may_hold_whole(&self) -> bool {
        self.breakdown_rows != Some(BreakdownRows::Only)
    }

    /// True unless the file declares that every row is the whole population:
    /// it may hold breakdown rows.
    pub fn may_hold_breakdowns(&self) -> bool {
        self.breakdown_rows != Some(BreakdownRows::None)
    }
}

/// A data file's declaration of its rows with respect to breakdowns
/// (`breakdown_rows` in the manifest, format 2.1). Written as a string;
/// any other string is kept as [`BreakdownRows::Unknown`] so that the
/// manifest check can name it (`validate::check_manifest` refuses it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum BreakdownRows {
    /// `"none"`: every row is the whole population (every `dim_` column null).
    None,
    /// `"only"`: every row is cut by at least one dimension.
    Only,
    /// Any other value, as written.
    Unknown(String),
}

impl BreakdownRows {
    /// The declaration as written in the manifest.
    pub fn as_str(&self) -> &str {
        match self {
            BreakdownRows::None => "none",
            BreakdownRows::Only => "only",
            BreakdownRows::Unknown(s) => s,
        }
    }
}

impl From<String> for BreakdownRows {
    fn from(s: String) -> BreakdownRows {
        match s.as_str() {
            "none" => BreakdownRows::None,
            "only" => BreakdownRows::Only,
            _ => BreakdownRows::Unknown(s),
        }
    }
}

impl From<BreakdownRows> for String {
    fn from(b: BreakdownRows) -> String {
        b.as_str().to_string()
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

/// A format 1.x breakdown declaration (`breakdowns` in a 1.x manifest).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BreakdownDef {
    /// One of the 1.x breakdown types: `ethnicity`, `deprivation_decile`,
    /// `deprivation_quintile`, `sex`, `age`.
    pub id: String,
    pub name: String,
    /// Values in display order (for deprivation: 1 = most deprived first).
    pub values: Vec<String>,
}

/// What a dimension measures: how views find "the" sex, age or deprivation
/// dimension of an indicator, and how deprivation groups are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DimensionKind {
    Sex,
    Age,
    Ethnicity,
    Deprivation,
    Other,
}

impl DimensionKind {
    pub const ALL: [DimensionKind; 5] = [DimensionKind::Sex, DimensionKind::Age, DimensionKind::Ethnicity, DimensionKind::Deprivation, DimensionKind::Other];

    pub fn id(self) -> &'static str {
        match self {
            DimensionKind::Sex => "sex",
            DimensionKind::Age => "age",
            DimensionKind::Ethnicity => "ethnicity",
            DimensionKind::Deprivation => "deprivation",
            DimensionKind::Other => "other",
        }
    }
}

/// Which end of a deprivation dimension's categories is the most deprived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MostDeprived {
    First,
    Last,
}

/// One breakdown dimension (format 2.0): values files carry it as the
/// nullable string column `dim_<id>`, null meaning the whole population.
/// Different definitions of the same idea (deprivation deciles of counties
/// and of districts) are different dimensions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dimension {
    /// Lower-case letters, digits and `_`; the column is `dim_<id>`.
    pub id: String,
    pub name: String,
    pub kind: DimensionKind,
    /// Every category rows may name, in display order. Empty only in a
    /// manifest upgraded from 1.x that did not list them (then any is read).
    #[serde(default)]
    pub categories: Vec<String>,
    /// Deprivation: 10 for deciles, 5 for quintiles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantiles: Option<u32>,
    /// Deprivation: which end of `categories` is the most deprived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub most_deprived: Option<MostDeprived>,
    /// What the categories are, e.g. "County & UA deciles, IMD2019".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub definition: String,
}

impl Dimension {
    /// The values column that carries this dimension.
    pub fn column(&self) -> String {
        format!("{}{}", super::values::DIMENSION_PREFIX, self.id)
    }

    /// The categories ordered most deprived first (deprivation dimensions
    /// whose most deprived end is the last are reversed); others as listed.
    pub fn most_deprived_first(&self) -> Vec<&str> {
        let mut c: Vec<&str> = self.categories.iter().map(String::as_str).collect();
        if self.most_deprived == Some(MostDeprived::Last) {
            c.reverse();
        }
        c
    }

    /// What the dimension is, in the words of format 1.x's breakdown types:
    /// `ethnicity`, `deprivation_decile`, `deprivation_quintile`, `sex`,
    /// `age`, or `other` (how charts and words name its groups).
    pub fn kind_name(&self) -> &'static str {
        match (self.kind, self.quantiles) {
            (DimensionKind::Deprivation, Some(10)) => "deprivation_decile",
            (DimensionKind::Deprivation, Some(5)) => "deprivation_quintile",
            (DimensionKind::Deprivation, _) => "deprivation",
            (kind, _) => kind.id(),
        }
    }

    /// The dimension a 1.x breakdown type becomes (None for an unknown type).
    pub fn from_legacy(id: &str, name: Option<&str>, values: &[String]) -> Option<Dimension> {
        let (kind, quantiles, default_name) = match id {
            "ethnicity" => (DimensionKind::Ethnicity, None, "Ethnicity"),
            "deprivation_decile" => (DimensionKind::Deprivation, Some(10), "Deprivation decile"),
            "deprivation_quintile" => (DimensionKind::Deprivation, Some(5), "Deprivation quintile"),
            "sex" => (DimensionKind::Sex, None, "Sex"),
            "age" => (DimensionKind::Age, None, "Age"),
            _ => return None,
        };
        Some(Dimension {
            id: id.to_string(),
            name: name.unwrap_or(default_name).to_string(),
            kind,
            categories: values.to_vec(),
            quantiles,
            most_deprived: quantiles.map(|_| MostDeprived::First),
            definition: String::new(),
        })
    }
}

/// The small-number rule a publisher withheld values under (format 2.0):
/// rows marked `suppressed` have no numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suppression {
    /// Counts below this are withheld.
    pub below: u32,
    /// True when other cells were withheld too, so a withheld one cannot be
    /// worked out from a total.
    #[serde(default)]
    pub complementary: bool,
    #[serde(default)]
    pub description: String,
    /// Indicators whose own threshold differs from `below` (indicator id →
    /// its threshold; 1 or 0: none of its counts withheld).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub indicators: BTreeMap<String, u32>,
}

impl Suppression {
    /// The threshold counts of `indicator` are withheld below: its own, else the bundle's.
    pub fn below_for(&self, indicator: &str) -> u32 {
        self.indicators.get(indicator).copied().unwrap_or(self.below)
    }
}

/// Reads an indicator's `breakdowns` as 2.0 writes it (lists of dimension
/// ids) or as 1.x did (one breakdown type a string).
fn combinations<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Vec<String>>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    let items: Vec<OneOrMany> = Vec::deserialize(d)?;
    Ok(items
        .into_iter()
        .map(|i| match i {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        })
        .collect())
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
    /// The combinations of dimensions the indicator's values are cut by,
    /// over all its files, each a list of dimension ids in id order
    /// (`[["ethnicity"], ["age", "sex"]]`; format 2.0, optional; 1.2 wrote
    /// one breakdown type a string, read as a one-dimension list): the
    /// inequalities view opens on an indicator that has some without loading
    /// any data. Empty: none, or not stated.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "combinations")]
    pub breakdowns: Vec<Vec<String>>,
}
impl Indicator {
    /// An indicator with the given keys and every optional field at its
    /// default (multiplier 1, limits computable, nothing else stated).
    pub fn new(id: &str, name: &str, value_type: ValueType, polarity: Polarity) -> Indicator {
        Indicator {
            id: id.to_string(),
            name: name.to_string(),
            definition: String::new(),
            domains: Vec::new(),
            value_type,
            multiplier: 1.0,
            unit: String::new(),
            polarity,
            target: None,
            unit_cost: None,
            carbon_factor: None,
            source: String::new(),
            method: String::new(),
            updated: String::new(),
            period_type: String::new(),
            aggregatable: false,
            compute_limits: true,
            periods: Vec::new(),
            breakdowns: Vec::new(),
        }
    }

    /// True when some combination the indicator lists cuts exactly `dims`.
    pub fn has_breakdown(&self, dims: &[&str]) -> bool {
        self.breakdowns.iter().any(|c| c.len() == dims.len() && dims.iter().all(|d| c.iter().any(|x| x == d)))
    }
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
        let mut m = m;
        match m.format_version.split('.').next() {
            Some("2" | "3") => {}
            Some("1") => m.upgrade_from_1(),
            _ => return Err(BundleError::UnsupportedVersion { file: file.to_string(), found: m.format_version }),
        }
        Ok(m)
    }

    /// Reads a 1.x manifest as 2.0: each breakdown type becomes a dimension
    /// of the same id (those it listed with their values; the other four
    /// with no categories, so any value is read, as 1.x did). A 1.x file's
    /// `breakdown_type`/`breakdown_value` then read as a one-dimension key
    /// of that id. `format_version` stays as written.
    fn upgrade_from_1(&mut self) {
        let mut dims: Vec<Dimension> = self.breakdowns.iter().filter_map(|b| Dimension::from_legacy(&b.id, Some(&b.name), &b.values)).collect();
        for id in ["ethnicity", "deprivation_decile", "deprivation_quintile", "sex", "age"] {
            if !dims.iter().any(|d| d.id == id) {
                dims.extend(Dimension::from_legacy(id, None, &[]));
            }
        }
        if self.dimensions.is_empty() {
            self.dimensions = dims;
        }
    }

    pub fn dimension(&self, id: &str) -> Option<&Dimension> {
        self.dimensions.iter().find(|d| d.id == id)
    }

    /// The first dimension of `kind` (for deprivation, of `quantiles` when given).
    pub fn dimension_of_kind(&self, kind: DimensionKind, quantiles: Option<u32>) -> Option<&Dimension> {
        self.dimensions.iter().find(|d| d.kind == kind && (quantiles.is_none() || d.quantiles == quantiles))
    }

    /// The lowest format version whose features the bundle uses, which a
    /// writer states (docs/bundle-format.md, "Versioning"): "3.0" once one
    /// partition's whole-population and breakdown rows are two files (a 2.x
    /// reader refuses two files of one indicator and organisation type), else
    /// "2.1" (`breakdown_rows` declarations, which a 2.0 reader ignores).
    pub fn lowest_version(&self) -> &'static str {
        let split = |f: &DataFile| {
            f.breakdown_rows == Some(BreakdownRows::Only) && self.files.iter().any(|g| g.breakdown_rows == Some(BreakdownRows::None) && g.overlaps(f))
        };
        if self.files.iter().any(split) {
            "3.0"
        } else {
            "2.1"
        }
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
        let text = MINIMAL.replace("1.0", "4.0");
        let e = Manifest::from_json("https://x/manifest.json", &text).unwrap_err();
        assert_eq!(e.to_string(), "https://x/manifest.json: format_version \"4.0\" is not supported (this version of healthdash reads 1.x, 2.x and 3.x)");
    }

    #[test]
    fn a_1x_manifest_reads_its_breakdowns_as_dimensions() {
        let text = MINIMAL.replace(
            r#""published":"2026-01-01""#,
            r#""published":"2026-01-01","breakdowns":[{"id":"deprivation_quintile","name":"IMD quintile","values":["1","2","3","4","5"]}]"#,
        );
        let m = Manifest::from_json("m.json", &text).unwrap();
        let q = m.dimension("deprivation_quintile").unwrap();
        assert_eq!((q.name.as_str(), q.kind, q.quantiles, q.most_deprived), ("IMD quintile", DimensionKind::Deprivation, Some(5), Some(MostDeprived::First)));
        assert_eq!(q.categories, ["1", "2", "3", "4", "5"]);
        // The other 1.x types are there too, with no categories listed.
        assert!(m.dimension("sex").is_some_and(|d| d.categories.is_empty() && d.kind == DimensionKind::Sex));
        assert_eq!(m.dimensions.len(), 5);
        // Written back, the manifest is 2.0-shaped: dimensions, no breakdowns.
        assert!(!m.to_json().contains("\"breakdowns\""));
    }

    #[test]
    fn indicator_breakdowns_read_as_1x_strings_or_2x_lists() {
        let ind = r#"{"id":"a","name":"A","value_type":"rate","polarity":"neither","breakdowns":["sex",["age","sex"]]}"#;
        let i: Indicator = serde_json::from_str(ind).unwrap();
        assert_eq!(i.breakdowns, [vec!["sex".to_string()], vec!["age".to_string(), "sex".to_string()]]);
        assert!(i.has_breakdown(&["sex", "age"]) && i.has_breakdown(&["sex"]) && !i.has_breakdown(&["age"]));
    }

    #[test]
    fn broken_json_names_the_file() {
        let e = Manifest::from_json("m.json", "{").unwrap_err();
        assert!(e.to_string().starts_with("m.json: not valid JSON"));
    }
}
