//! Integration tests of the `healthdash` binary: one test binary, run with
//! `cargo test -p healthdash-cli`. Each test runs the built executable
//! (`CARGO_BIN_EXE_healthdash`) in a temporary folder.
//!
//! Tests marked as needing real data read `../shared/data` (relative to the
//! workspace, located from `CARGO_MANIFEST_DIR`); when it is absent they fail
//! with a message saying so rather than skip.

/// Building from the real NHS England A&E files and lookups; hierarchy and values.
mod ae;
/// Building from the real NHS England bed file; occupancy by trust, ICB and region.
mod beds;
/// Boundary files for maps: matching, simplification, the report of what did not match.
mod boundaries;
/// Broken inputs: each error names file, line and column, and no output folder is left.
mod broken;
/// Helpers: running the binary, locating data and fixtures, reading bundles back.
mod common;
/// Crossed breakdowns through `healthdash query`: nested slices, the pyramid and the cross-tab, as JSON, CSV and charts.
mod crossed;
/// Building from the real NHS England discharge files; monthly means, delay families, nearest-neighbour ICBs.
mod discharge;
/// The DuckDB publishing recipe: values in SQL, `healthdash index`, the same bundle as healthdash's own A&E build.
mod duckdb_recipe;
/// Real exports as they are downloaded: joined downloads, the older Fingertips layout, and the build report.
mod exports;
/// Building from the real Fingertips North West export; values checked against source rows.
mod fingertips;
/// The generic long CSV: every value read back unchanged.
mod generic;
/// `healthdash index`: the manifest for values another engine wrote.
mod index;
/// Python interop: pyarrow, DuckDB and polars read what healthdash writes, and write what it reads.
mod interop;
/// Independent recomputation of SPC and funnel limits on real data (tests/recompute/*.py).
mod recompute;
/// Releases kept side by side (catalogue, `release=`) and recipes replayed to the app's CSV.
mod releases;
/// Small-number suppression on the real Fingertips North West export: no count below 10 leaks, none can be recovered (tests/suppression/recover.py).
mod suppression;
/// Building from the real ERIC estates file and carbon factors; per-m² values, CO2e and opportunity against peers.
mod sustainability;
/// `healthdash synth`: determinism, geography, domains and consistent roll-ups.
mod synth;
/// `healthdash validate` on damaged bundles: every problem listed, exit 1.
mod validate;
