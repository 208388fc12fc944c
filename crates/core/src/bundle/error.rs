//! Errors a bundle can raise. Every variant names the file it concerns, so a
//! user (or `healthdash validate`) can tell which download or file is at fault.

use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq)]
pub enum BundleError {
    #[error("{file}: not valid JSON for a bundle manifest: {message}")]
    ManifestJson { file: String, message: String },
    #[error("{file}: format_version \"{found}\" is not supported (this version of healthdash reads 1.x, 2.x and 3.x)")]
    UnsupportedVersion { file: String, found: String },
    #[error("{file}: the manifest lists {expected} bytes but {actual} bytes arrived (truncated or replaced download)")]
    SizeMismatch { file: String, expected: u64, actual: u64 },
    #[error("{file}: SHA-256 {actual} does not match the manifest's {expected} (corrupt or replaced file)")]
    ChecksumMismatch { file: String, expected: String, actual: String },
    #[error("{file}: not a readable Parquet file: {message}")]
    Parquet { file: String, message: String },
    #[error("{file}: required column \"{column}\" is missing")]
    MissingColumn { file: String, column: String },
    #[error("{file}: column \"{column}\" has type {found}, expected {expected}")]
    ColumnType { file: String, column: String, found: String, expected: String },
    #[error("{file}: row {row}, column \"{column}\": {message}")]
    BadValue { file: String, row: usize, column: String, message: String },
    /// A file that decodes but breaks the format's rules (see `validate::check_values`).
    #[error("{file} breaks the bundle format's rules ({count} problem{plural}), first: {first}")]
    Invalid { file: String, count: usize, plural: &'static str, first: String },
}
