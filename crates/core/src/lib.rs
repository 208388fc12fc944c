//! healthdash-core: the data engine behind every figure healthdash shows.
//!
//! It decodes indicator bundles (JSON manifest + Parquet values), holds them in
//! columnar tables and computes the statistics the dashboards need. It has no web
//! dependencies: the same code runs natively (CLI, tests, benchmarks) and in the
//! browser (wasm32), so the app and the CLI can never disagree.

pub mod bundle;
pub mod chart;
pub mod period;
pub mod query;
pub mod stats;
pub mod table;
pub mod view;
