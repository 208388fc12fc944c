//! Inputs the fuzz targets in `fuzz/` (run by `make fuzz`) once crashed on,
//! minimised with `cargo fuzz tmin`, kept so that `cargo test` goes on
//! checking them. Binary inputs live in `tests/fuzz/`, named after the cause.
//! Each must now be refused with an error naming the file, not panic.

use healthdash_core::bundle::{decode_values, BundleError};

fn decode_file(name: &str) -> Result<healthdash_core::bundle::ValuesTable, BundleError> {
    let path = format!("{}/tests/fuzz/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    decode_values("values/x.parquet", &bytes)
}

fn assert_refused(name: &str) {
    match decode_file(name) {
        Err(e @ BundleError::Parquet { .. }) => assert!(e.to_string().starts_with("values/x.parquet: "), "{name}: {e}"),
        other => panic!("{name}: expected a Parquet error, got {other:?}"),
    }
}

/// A pyarrow file whose `ARROW:schema` metadata still names a column
/// `breakdown_value` while its Parquet schema calls it `brmakdown_value`:
/// arrow2 found no column chunk for the field and panicked
/// (`Option::unwrap()` on `None` in `columns_to_iter_recursive`).
#[test]
fn parquet_arrow_schema_naming_a_column_the_parquet_schema_lacks() {
    assert_refused("parquet-arrow-schema-names-another-column.parquet");
    let e = decode_file("parquet-arrow-schema-names-another-column.parquet").unwrap_err();
    assert!(e.to_string().contains("column \"breakdown_value\" has 0 column chunks"), "{e}");
}

/// A pyarrow LZ4_RAW file whose page holds a match running past the page's
/// stated uncompressed size: lz4_flex 0.9 (without its `checked-decode`
/// feature) sliced past the end of its output buffer and panicked.
#[test]
fn parquet_lz4_match_past_the_end_of_the_page() {
    assert_refused("parquet-lz4-match-past-page-end.parquet");
}
