//! The choices a link can make, as typed values: which view, how values are
//! cut, the opportunity target, the benchmark, a map's colouring, the peer
//! group and the time range. Their spellings come from `params.json` (see [`super::spec`]); every
//! layer above — statistics, queries, views — takes them from here, so none
//! needs to know how a URL is read or written.

use super::spec::{choice, spec, Param};
use super::urlenc::encode;
use serde::{Serialize, Serializer};
choice!(
    /// Which view of the single page is shown.
    View,
    Param::View,
    [Overview, Trend, Compare, Inequalities, Peers, Report, Table, Map]
);

choice!(
    /// How values are cut (`deprivation` covers deciles and quintiles).
    Breakdown,
    Param::Breakdown,
    [Ethnicity, Deprivation, Sex, Age]
);

choice!(
    /// How the inequalities view draws its groups: bars, a population pyramid, a cross-tab.
    Layout,
    Param::Layout,
    [Bars, Pyramid, Crosstab]
);

/// A slice within another dimension (`within=deprivation_quintile:1`): the
/// dimension, and one category of it, or every category when None.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Within {
    pub dimension: String,
    pub category: Option<String>,
}

impl Within {
    /// The value as it reads in the URL, percent-encoded.
    pub fn encoded(&self) -> String {
        let sep = super::spec::Param::Within.def().category_separator.as_deref().unwrap_or(":");
        match &self.category {
            Some(c) => format!("{}{sep}{}", encode(&self.dimension, &[':']), encode(c, &[])),
            None => encode(&self.dimension, &[':']),
        }
    }
}

impl Serialize for Within {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let sep = super::spec::Param::Within.def().category_separator.as_deref().unwrap_or(":");
        match &self.category {
            Some(c) => s.serialize_str(&format!("{}{sep}{c}", self.dimension)),
            None => s.serialize_str(&self.dimension),
        }
    }
}

choice!(
    /// The peer target of opportunity estimates: peer median, best quartile, best decile.
    Target,
    Param::Target,
    [Median, Quartile, Decile]
);

choice!(
    /// What an organisation is compared with.
    Bench,
    Param::Bench,
    [England, Parent, Peers]
);

choice!(
    /// How an organisation is compared with its benchmark: OHID Fingertips'
    /// confidence-interval overlap at 95% or 99.8%, or quintiles.
    BenchMethod,
    Param::Method,
    [Ci95, Ci998, Quintiles]
);

choice!(
    /// What colours a map's areas: the comparison with the benchmark, or the quintile.
    Colour,
    Param::Colour,
    [Significance, Quintile]
);

/// How the peer group is chosen.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PeerSpec {
    /// The organisation's (first) defined peer cluster.
    Cluster,
    /// Every organisation of the same type.
    Type,
    /// The K nearest neighbours over the bundle's context variables.
    Nearest(u32),
    /// An explicit list of organisation codes.
    List(Vec<String>),
}

impl PeerSpec {
    /// The value as it reads in the URL, before percent-encoding of list items.
    pub fn to_param(&self) -> String {
        let def = Param::Peers.def();
        match self {
            PeerSpec::Cluster => def.values.first().cloned().unwrap_or_default(),
            PeerSpec::Type => def.values.get(1).cloned().unwrap_or_default(),
            PeerSpec::Nearest(k) => {
                format!("{}{k}", def.nearest_prefix.as_deref().unwrap_or("nn:"))
            }
            PeerSpec::List(codes) => codes.join(&spec().list_separator),
        }
    }

    /// The default peer group for a bundle: its defined clusters if it has any,
    /// else organisations of the same type (`params.json`).
    pub fn default_for(has_clusters: bool) -> PeerSpec {
        let def = Param::Peers.def();
        let id = if has_clusters { def.default.as_deref() } else { def.default_without_clusters.as_deref() };
        match id.and_then(|v| def.values.iter().position(|x| x == v)) {
            Some(0) => PeerSpec::Cluster,
            _ => PeerSpec::Type,
        }
    }

    /// The value as written in the URL, percent-encoded.
    pub(crate) fn encoded(&self) -> String {
        match self {
            PeerSpec::List(codes) => {
                let sep = &spec().list_separator;
                codes.iter().map(|c| encode(c, &['~', '.'])).collect::<Vec<_>>().join(sep)
            }
            other => encode(&other.to_param(), &[]),
        }
    }
}

impl Serialize for PeerSpec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_param())
    }
}

/// A range of period labels; either end may be open.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct TimeRange {
    pub start: Option<String>,
    pub end: Option<String>,
}

impl TimeRange {
    /// The value as written in the URL, percent-encoded.
    pub(crate) fn encoded(&self) -> String {
        let part = |p: &Option<String>| p.as_deref().map(|s| encode(s, &['~', '.'])).unwrap_or_default();
        format!("{}{}{}", part(&self.start), spec().range_separator, part(&self.end))
    }
}
