//! The most a bundle may declare, in one place.
//!
//! A bundle is data from anyone: the app opens any manifest a link names, so
//! a careless or hostile publisher could declare millions of organisations or
//! a tiny file of billions of rows, and exhaust the browser's memory before any
//! other rule is checked. Each limit here sits far above what a real bundle
//! needs (England has about 6 300 GP practices and Fingertips about 2 000
//! indicators) and is checked before anything is allocated for it: the
//! manifest's counts by `validate::check_manifest`, a values file's rows by the
//! Parquet reader's footer check. `docs/bundle-format.md` ("Limits") states
//! them for publishers.

/// The most organisations a manifest may list.
pub const MAX_ORGANISATIONS: usize = 100_000;

/// The most indicators a manifest may list.
pub const MAX_INDICATORS: usize = 10_000;

/// The most values files a manifest may list.
pub const MAX_FILES: usize = 100_000;

/// The most organisation types a manifest may list.
pub const MAX_ORG_TYPES: usize = 1_000;

/// The most periods one indicator may list (ten thousand: 27 years of daily values).
pub const MAX_PERIODS: usize = 10_000;

/// The most rows one values file may hold or its manifest entry declare.
pub const MAX_ROWS: u64 = 200_000_000;

/// The most rows a file may hold per byte of its size: every row must take at
/// least one bit. Run-length and delta encodings let a few bytes stand for
/// millions of rows, each of which costs about 90 bytes once decoded; real
/// files spend several bytes a row (the value alone is a double), so eight
/// rows a byte refuses only files built to inflate.
pub const MAX_ROWS_PER_BYTE: u64 = 8;

/// The most rows a file of `bytes` bytes may hold: [`MAX_ROWS_PER_BYTE`] per
/// byte, and never more than [`MAX_ROWS`].
pub fn max_rows_for(bytes: u64) -> u64 {
    bytes.saturating_mul(MAX_ROWS_PER_BYTE).min(MAX_ROWS)
}
