//! The URL parameters, read from `params.json`: their names, allowed values,
//! defaults and limits live in that one file, which the Playwright tests import
//! too, so the app, the CLI and the end-to-end tests cannot drift apart.
//!
//! Rust code never spells a parameter name or a choice value: [`Param`] and the
//! choice enums ([`super::View`], [`super::Target`] …) find theirs in the JSON by
//! position, and the tests below check that the file and the enums agree.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The text of `params.json`, for callers that want to show or ship it.
pub const PARAMS_JSON: &str = include_str!("params.json");

#[derive(Debug, Deserialize)]
pub(crate) struct Spec {
    pub max_value_length: usize,
    pub list_separator: String,
    pub range_separator: String,
    pub order: Vec<String>,
    pub params: BTreeMap<String, ParamDef>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ParamDef {
    #[serde(default)]
    pub values: Vec<String>,
    #[serde(default)]
    pub default: Option<String>,
    #[serde(default)]
    pub nearest_prefix: Option<String>,
    #[serde(default)]
    pub nearest_min: Option<u32>,
    #[serde(default)]
    pub nearest_max: Option<u32>,
    #[serde(default)]
    pub default_without_clusters: Option<String>,
    #[serde(default)]
    pub category_separator: Option<String>,
}

/// The parsed specification. `params.json` is compiled in and checked by the
/// tests of this module, so parsing it cannot fail in a build that passed them.
pub(crate) fn spec() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| serde_json::from_str(PARAMS_JSON).expect("params.json is valid (checked by params::spec tests)"))
}

static EMPTY: ParamDef = ParamDef {
    values: Vec::new(),
    default: None,
    nearest_prefix: None,
    nearest_min: None,
    nearest_max: None,
    default_without_clusters: None,
    category_separator: None,
};

/// A URL parameter, in the order `params.json` lists them (the order
/// [`crate::view::ViewState::to_query`] writes them in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Param {
    View,
    Org,
    Ind,
    Period,
    Time,
    Breakdown,
    Slice,
    Within,
    Layout,
    Peers,
    Target,
    Bench,
    Method,
    Level,
    Colour,
    Data,
    Release,
    Embed,
}

impl Param {
    pub const ALL: [Param; 18] = [
        Param::View,
        Param::Org,
        Param::Ind,
        Param::Period,
        Param::Time,
        Param::Breakdown,
        Param::Slice,
        Param::Within,
        Param::Layout,
        Param::Peers,
        Param::Target,
        Param::Bench,
        Param::Method,
        Param::Level,
        Param::Colour,
        Param::Data,
        Param::Release,
        Param::Embed,
    ];

    /// The parameter's name in the URL.
    pub fn name(self) -> &'static str {
        spec().order.get(self as usize).map(String::as_str).unwrap_or("")
    }

    /// The parameter called `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Param> {
        spec().order.iter().position(|n| n == name).and_then(|i| Param::ALL.get(i).copied())
    }

    pub(crate) fn def(self) -> &'static ParamDef {
        spec().params.get(self.name()).unwrap_or(&EMPTY)
    }
}

/// The `index`th allowed value of `param` ("" if the file lists fewer).
pub(crate) fn choice_id(param: Param, index: usize) -> &'static str {
    param.def().values.get(index).map(String::as_str).unwrap_or("")
}

/// The position of `value` among `param`'s allowed values.
pub(crate) fn choice_index(param: Param, value: &str) -> Option<usize> {
    param.def().values.iter().position(|v| v == value)
}

/// Declares an enum whose variants are, in order, a parameter's allowed values
/// in `params.json`; ids, parsing, the default and serialisation come from there.
macro_rules! choice {
    ($(#[$meta:meta])* $name:ident, $param:expr, [$($variant:ident),+ $(,)?]) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value as written in the URL.
            pub fn id(self) -> &'static str {
                $crate::params::spec::choice_id($param, self as usize)
            }

            /// The variant written `s` in the URL.
            pub fn from_id(s: &str) -> Option<$name> {
                $crate::params::spec::choice_index($param, s).and_then(|i| Self::ALL.get(i).copied())
            }

            /// The default `params.json` states, if it states one.
            pub fn spec_default() -> Option<$name> {
                $param.def().default.as_deref().and_then(Self::from_id)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.id())
            }
        }
    };
}
pub(crate) use choice;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::{Bench, BenchMethod, Breakdown, Colour, Layout, Target, View};

    #[test]
    fn the_file_parses_and_names_every_parameter_once() {
        let s = spec();
        assert_eq!(s.order.len(), Param::ALL.len());
        for p in Param::ALL {
            assert!(s.params.contains_key(p.name()), "params.json has no entry for {}", p.name());
            assert_eq!(Param::from_name(p.name()), Some(p));
        }
        assert_eq!(s.params.len(), Param::ALL.len());
        assert_eq!(s.max_value_length, 2000);
        assert_eq!((s.list_separator.as_str(), s.range_separator.as_str()), ("~", ".."));
    }

    #[test]
    fn choice_enums_match_the_file_value_for_value() {
        assert_eq!(Param::View.def().values.len(), View::ALL.len());
        assert_eq!(Param::Breakdown.def().values.len(), Breakdown::ALL.len());
        assert_eq!(Param::Target.def().values.len(), Target::ALL.len());
        assert_eq!(Param::Bench.def().values.len(), Bench::ALL.len());
        assert_eq!(Param::Colour.def().values.len(), Colour::ALL.len());
        assert_eq!(Param::Layout.def().values.len(), Layout::ALL.len());
        assert_eq!((Layout::spec_default(), Layout::Crosstab.id()), (Some(Layout::Bars), "crosstab"));
        assert_eq!(Param::Within.def().category_separator.as_deref(), Some(":"));
        assert_eq!(Param::Method.def().values.len(), BenchMethod::ALL.len());
        assert_eq!((BenchMethod::Ci998.id(), BenchMethod::spec_default()), ("ci998", Some(BenchMethod::Ci95)));
        // The names the code relies on, spelled out once here as a check.
        assert_eq!(View::Inequalities.id(), "inequalities");
        assert_eq!(Breakdown::Deprivation.id(), "deprivation");
        assert_eq!(Target::Decile.id(), "decile");
        assert_eq!(Bench::Peers.id(), "peers");
        assert_eq!((View::Map.id(), Colour::Quintile.id()), ("map", "quintile"));
        assert_eq!(Colour::spec_default(), Some(Colour::Significance));
        assert_eq!(View::spec_default(), Some(View::Overview));
        assert_eq!(Target::spec_default(), Some(Target::Median));
        assert_eq!(Bench::spec_default(), Some(Bench::England));
        assert_eq!(Breakdown::spec_default(), None);
        let peers = Param::Peers.def();
        assert_eq!(peers.values, vec!["cluster", "type"]);
        assert_eq!((peers.nearest_prefix.as_deref(), peers.nearest_min, peers.nearest_max), (Some("nn:"), Some(1), Some(50)));
        assert_eq!(Param::Embed.def().values, vec!["1"]);
    }
}
