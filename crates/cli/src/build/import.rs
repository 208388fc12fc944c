//! What every importer hands to the assembler: value rows that remember the
//! input line they came from (so later checks can still name file and line),
//! organisation records, and whatever the source says about its indicators and
//! its publisher.

use super::orgs::OrgTable;
use super::report::Omitted;
use healthdash_core::bundle::{ContextVariable, Dimension, Domain, Indicator, PeerCluster, ValueRow};

/// One value row and the line of the input file it was read from.
#[derive(Debug, Clone)]
pub struct Sourced {
    pub row: ValueRow,
    pub line: u64,
}

/// What a source states about an indicator.
#[derive(Debug, Clone)]
pub struct IndicatorHint {
    pub id: String,
    /// The source's own name for it ("" when it gives none).
    pub name: String,
    /// Complete metadata, for sources that define their indicator (A&E).
    pub full: Option<Indicator>,
}

/// Who published a source: the bundle's defaults when `--meta` says nothing.
#[derive(Debug, Clone)]
pub struct Provenance {
    pub title: String,
    pub publisher: String,
    pub licence: String,
    pub attribution: String,
}

/// The Open Government Licence attribution every OGL source must carry.
pub const OGL: &str = "Open Government Licence v3.0";
pub const OGL_ATTRIBUTION: &str = "Contains public sector information licensed under the Open Government Licence v3.0.";

/// Everything read from one input file.
pub struct Import {
    pub file: String,
    pub rows: Vec<Sourced>,
    pub orgs: OrgTable,
    pub indicators: Vec<IndicatorHint>,
    /// Domains the source defines for its indicators.
    pub domains: Vec<Domain>,
    pub provenance: Option<Provenance>,
    /// Input column names of the numerator and denominator, for error messages.
    pub numerator_column: &'static str,
    pub denominator_column: &'static str,
    /// Input column names of lower 95%, upper 95%, lower 99.8%, upper 99.8% limits.
    pub limit_columns: [&'static str; 4],
    /// The input columns that make up a row's key, for duplicate-key messages.
    pub key_columns: &'static str,
    /// Rows of this input that are not in `rows`, with the reason (the build report).
    pub omitted: Vec<Omitted>,
    /// Context variables this input defines (for nearest-neighbour peers).
    pub context_variables: Vec<ContextVariable>,
    /// Values of context variables: (organisation code, variable id, value).
    /// Applied only to organisations some input places in the bundle.
    pub context: Vec<(String, String, f64)>,
    /// Peer clusters this input defines, and (organisation code, cluster id) memberships.
    pub peer_clusters: Vec<PeerCluster>,
    pub clusters: Vec<(String, String)>,
    /// Old organisation code → current code (a code crosswalk), applied to every input.
    pub renames: Vec<(String, String)>,
    /// Names for organisations other inputs place in the bundle without one: (code, name).
    pub names: Vec<(String, String)>,
    /// The dimensions this input's rows are cut by, as the source describes
    /// them (categories in the source's order, or none: the assembler lists
    /// those the rows use). Ids the rows use without a description here get
    /// the format's standard one (`sex`, `age`, `ethnicity`, …).
    pub dimensions: Vec<Dimension>,
}

impl Import {
    pub fn new(file: &str, numerator_column: &'static str, denominator_column: &'static str) -> Import {
        Import {
            file: file.to_string(),
            rows: Vec::new(),
            orgs: OrgTable::default(),
            indicators: Vec::new(),
            domains: Vec::new(),
            provenance: None,
            numerator_column,
            denominator_column,
            limit_columns: ["lower_95", "upper_95", "lower_998", "upper_998"],
            key_columns: "",
            omitted: Vec::new(),
            context_variables: Vec::new(),
            context: Vec::new(),
            peer_clusters: Vec::new(),
            clusters: Vec::new(),
            renames: Vec::new(),
            names: Vec::new(),
            dimensions: Vec::new(),
        }
    }

    /// Records an indicator the first time it is seen.
    pub fn note_indicator(&mut self, id: &str, name: &str) {
        match self.indicators.iter_mut().find(|h| h.id == id) {
            Some(h) if h.name.is_empty() => h.name = name.to_string(),
            Some(_) => {}
            None => self.indicators.push(IndicatorHint { id: id.to_string(), name: name.to_string(), full: None }),
        }
    }
}
