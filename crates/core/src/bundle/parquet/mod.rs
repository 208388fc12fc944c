//! Parquet decoding (and, with the `write` feature, encoding) of bundle values.
//!
//! Reading is our own code, written from the Apache Parquet format
//! specification (`read/`): small, panic-free on corrupt input, and carrying
//! every codec the common writers use (Snappy, gzip, LZ4, zstd) in pure Rust,
//! so the browser build reads what pyarrow, DuckDB and polars write. It turns
//! a file into the engine's own [`ValuesTable`](crate::bundle::ValuesTable);
//! nothing outside this module knows Parquet.
//!
//! Writing (`write.rs`, `healthdash build` and `synth` only) uses the
//! `parquet` crate's low-level column writers; it is compiled only with the
//! `write` feature, which the app and the browser benchmark leave off.
//!
//! The decoder is deliberately tolerant of how other writers lay out the
//! documented schema: strings may be plain, delta- or dictionary-encoded;
//! numbers may be any integer or float width; dates may be DATE (days),
//! TIMESTAMP (milli-, micro- or nanoseconds) or ISO strings; optional columns
//! may be absent; pages may be V1 or V2.

mod read;
#[cfg(feature = "write")]
mod write;

pub use read::decode_values;
#[cfg(feature = "write")]
pub use write::{encode_values, EncodeOptions};

#[cfg(all(test, feature = "write"))]
mod tests {
    use super::*;
    use crate::bundle::{BreakdownKey, BundleError, ValueRow};

    fn row(i: usize) -> ValueRow {
        ValueRow {
            indicator: format!("ind{}", i % 3),
            org: format!("E5400{:04}", i % 42),
            period_start: 19000 + i as i32,
            period_end: 19030 + i as i32,
            period_label: format!("P{}", i % 5),
            breakdown: match i % 4 {
                0 => BreakdownKey::whole(),
                1 => BreakdownKey::one("ethnicity", &format!("e{}", i % 5)),
                2 => BreakdownKey::of([("sex", "Female"), ("age", &format!("a{}", i % 3))]),
                _ => BreakdownKey::of([("ethnicity", "White"), ("deprivation_quintile", &format!("{}", 1 + i % 5))]),
            },
            numerator: if i % 7 == 0 { None } else { Some(i as f64) },
            denominator: Some(1000.0 + i as f64),
            value: Some(i as f64 / 10.0),
            lower_95: if i % 2 == 0 { None } else { Some(0.5) },
            upper_95: Some(f64::MAX),
            lower_998: Some(-0.0),
            upper_998: None,
            suppressed: [None, Some(true), Some(false)][i % 3].filter(|s| *s),
        }
    }

    #[test]
    fn round_trip_preserves_every_field_across_row_groups() {
        let rows: Vec<ValueRow> = (0..1000).map(row).collect();
        let bytes = encode_values(&rows, EncodeOptions { row_group_rows: 300 }).unwrap();
        assert_eq!(&bytes[..4], b"PAR1");
        let table = decode_values("t.parquet", &bytes).unwrap();
        assert_eq!(table.len(), rows.len());
        let back: Vec<ValueRow> = table.rows().collect();
        assert_eq!(back, rows);
        // Dictionaries are merged across row groups: 42 distinct organisations.
        assert_eq!(table.org.values.len(), 42);
    }

    #[test]
    fn encoding_is_deterministic() {
        let rows: Vec<ValueRow> = (0..500).map(row).collect();
        let a = encode_values(&rows, EncodeOptions::default()).unwrap();
        let b = encode_values(&rows, EncodeOptions::default()).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn a_stored_nan_is_rejected_but_a_null_is_missing() {
        let mut rows: Vec<ValueRow> = (0..10).map(row).collect();
        rows[3].value = None;
        let table = decode_values("ok.parquet", &encode_values(&rows, EncodeOptions::default()).unwrap()).unwrap();
        assert!(table.value[3].is_nan());
        rows[4].value = Some(f64::NAN);
        let e = decode_values("nan.parquet", &encode_values(&rows, EncodeOptions::default()).unwrap()).unwrap_err();
        assert_eq!(e.to_string(), "nan.parquet: row 4, column \"value\": NaN is not a value (write null for a missing value)");
    }

    #[test]
    fn truncated_file_is_an_error_naming_the_file() {
        let rows: Vec<ValueRow> = (0..100).map(row).collect();
        let bytes = encode_values(&rows, EncodeOptions::default()).unwrap();
        let e = decode_values("values/x.parquet", &bytes[..bytes.len() / 2]).unwrap_err();
        assert!(e.to_string().starts_with("values/x.parquet: "), "{e}");
        let e = decode_values("values/x.parquet", b"not parquet at all").unwrap_err();
        assert!(matches!(e, BundleError::Parquet { .. }));
    }
}
