//! healthdash-core: the data engine behind every figure healthdash shows.
//!
//! It decodes indicator bundles (JSON manifest + Parquet values), holds them in
//! columnar tables and computes the statistics the dashboards need. It has no web
//! dependencies: the same code runs natively (CLI, tests, benchmarks) and in the
//! browser (wasm32), so the app and the CLI can never disagree.
//!
//! Start with `ARCHITECTURE.md` at the repository root: the layers, and how a
//! link becomes a chart.
//!
//! # Layers
//!
//! Bottom first; each imports only from layers below it (`tests/layers.rs`
//! fails otherwise):
//!
//! | layer | holds |
//! | --- | --- |
//! | [`period`], [`params`] | calendar days; the URL's vocabulary (`params.json`, the choice enums, [`params::PeerSpec`]) |
//! | [`bundle`] | the published format: manifest, values table, our Parquet reader, checksums, validation |
//! | [`stats`] | one published statistical method a file, on plain numbers |
//! | [`table`] | the loaded dataset, its indexes and hierarchy, and [`table::Figure`] |
//! | [`query`] | slices of the dataset a view asks for, each calling `stats` |
//! | [`view`] | a link read into a [`view::ViewState`], the files it needs, every figure of a view, CSV, wording |
//! | [`chart`] | charming chart specifications drawn from a computed view |
//!
//! # Concept map
//!
//! One concept often has a file in several layers, named the same. The layer
//! says which part of it the file holds: `stats` the method, `query` the slice
//! of a dataset it runs on, `view/compute` the figures one view shows, `chart`
//! the drawing.
//!
//! | concept | `stats/` (method) | `query/` (slice) | `view/compute/` (view) | `chart/` (drawing) |
//! | --- | --- | --- | --- | --- |
//! | benchmark comparison | `benchmark.rs` (overlapping CIs, quintiles) | `benchmark.rs` (England, parent or peers as comparator) | used by every view | fills of every chart (`palette.rs`) |
//! | peers | `peers.rs` (nearest neighbours) | `peers.rs` (cluster, type, nn:K, list; position among them) | `peers.rs` (peers & opportunity view) | `peers.rs` |
//! | opportunity | `opportunity.rs` (RightCare gap × unit cost) | `opportunity.rs` (per indicator, totals, members) | `peers.rs` | `peers.rs` |
//! | trend | `spc.rs` (XmR, Making Data Count), `trend.rs` (recent trend) | `trend.rs` | `trend.rs` | `xmr.rs`, `sparkline.rs` |
//! | inequalities | `inequality.rs` (gap, SII, RII) | `inequalities.rs` | `inequalities.rs` | `inequality.rs` |
//! | crossed breakdowns (dimensions: `bundle/values.rs` `BreakdownKey`, `bundle/manifest.rs` `Dimension`) | `inequality.rs`, `benchmark.rs` | `nested.rs` (a slice within another dimension), `pyramid.rs` (sex × age), `crosstab.rs` (ethnicity × deprivation, SII/RII per row) | `inequalities.rs` (`slice`, `within`, `layout`; the control's lists: `view/slicing.rs`) | `inequality.rs` (nested bars), `dimensions.rs` (pyramid, heat-map table) |
//! | compare a level | `funnel.rs` (OHID funnel limits: inverted Wilson, exact Poisson), `quantiles.rs` | `ranking.rs` (ranks, funnel, boxes) | `compare.rs` | `compare.rs`, `funnel.rs`, `boxes.rs` |
//! | map a level | `benchmark.rs` (comparison, quintiles) | `ranking.rs` (`quintiles`), `benchmark.rs` (comparator per area) | `map.rs` | `map.rs` (shapes: `bundle/boundaries.rs`) |
//! | ratings | `rating.rs` | `rating.rs` | `overview.rs`, `report.rs` | — |
//! | roll-up | `rollup.rs` (sum counts, recompute) | `rollup.rs` (members of a type) | `peers.rs`, `report.rs` | — |
//! | confidence limits | `ci.rs` (Wilson, Byar, normal) | via [`table::Figure::limits_or_computed`] | — | error bars |
//! | small-number suppression | `disclosure.rs` (primary and complementary cell suppression, audited) | `rollup.rs` (no re-sum over a withheld member; [`table::Figure::suppressed`]) | `csv.rs`, `display.rs` ("suppressed to protect counts under N") | `compare.rs` (tooltip) |
//! | releases and recipes | — | — | `release.rs` (`release=`, kept releases), `recipe.rs` (export recipe, CSV block, image caption) | — |

//! # No bundle can panic the engine
//!
//! A bundle is data from anyone, and in the browser a panic aborts the whole
//! app. The layers that hold bundle data — `bundle` (but its Parquet reader,
//! whose every read is checked by hand and fuzzed on its own), `table`,
//! `query`, `view` and `chart` — deny indexing that can panic (`[]` on a slice
//! or map, slicing), `unwrap`, `expect` and explicit panics outside tests:
//! they use `get` and return an error or "no data" instead. An `#[allow]`
//! names why its indexes are in bounds by construction. `stats` works on
//! plain numbers whose lengths it sets itself; `fuzz/fuzz_targets/bundle.rs`
//! runs every view over hostile bundles.

pub mod bundle;
#[cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::unreachable, clippy::todo))]
pub mod chart;
pub mod params;
pub mod period;
#[cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::unreachable, clippy::todo))]
pub mod query;
pub mod stats;
#[cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::unreachable, clippy::todo))]
pub mod table;
#[cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::unreachable, clippy::todo))]
pub mod view;
