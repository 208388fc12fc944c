//! Indicator bundles: the published format healthdash reads and writes.
//!
//! A bundle is a folder a static host serves as-is: `manifest.json` (metadata,
//! catalogue, organisations and the list of data files with their sizes and
//! SHA-256) and one Parquet file of values per indicator. The format is written
//! down in `docs/bundle-format.md`; this module is its single implementation.
//! Nothing here touches the file system or the network: callers hand in bytes.

#[cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::unreachable, clippy::todo))]
mod boundaries;
mod catalogue;
// Bundle data passes through every module here; see "No bundle can panic
// the engine" in lib.rs. The Parquet reader checks each read by hand.
#[cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::unreachable, clippy::todo))]
mod checksum;
mod error;
pub mod limits;
#[cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::unreachable, clippy::todo))]
mod manifest;
mod parquet;
#[cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::unreachable, clippy::todo))]
mod release;
#[cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::unreachable, clippy::todo))]
mod validate;
#[cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::unreachable, clippy::todo))]
mod values;

pub(crate) use boundaries::boundary_problems;
pub use boundaries::BoundaryFile;
pub use catalogue::{catalogue_json, parse_catalogue, CatalogueEntry, MAX_CATALOGUE_ENTRIES};
pub use checksum::{sha256_hex, verify_file, verify_file_digest};
pub use error::BundleError;
pub use manifest::*;
pub use parquet::{decode_values, ValuesReader};
#[cfg(feature = "write")]
pub use parquet::{encode_values, EncodeOptions};
pub use release::{
    id_problem as release_id_problem, kept_manifest_path, parse_releases, releases_json, KeptRelease, ReleaseIndex, MAX_RELEASES, RELEASES_FILE,
};
pub use validate::*;
pub use values::{
    BreakdownKey, DictColumn, KeyColumn, ValueRow, ValuesTable, DIMENSION_PREFIX, LEGACY_BREAKDOWN_COLUMNS, NUMBER_COLUMNS, STRING_COLUMNS, SUPPRESSED_COLUMN,
};

/// The newest format version this build writes; a bundle states the lowest
/// version whose features it uses ([`Manifest::lowest_version`]). Readers
/// accept any `1.x` (read as 2.0: see `Manifest::parse`), `2.x` and `3.x`.
pub const FORMAT_VERSION: &str = "3.0";
