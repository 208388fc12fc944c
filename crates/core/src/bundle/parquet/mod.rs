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

pub use read::{decode_values, ValuesReader};
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
    fn reading_a_column_chunk_a_step_gives_the_same_table() {
        let rows: Vec<ValueRow> = (0..1000).map(row).collect();
        let bytes = encode_values(&rows, EncodeOptions { row_group_rows: 300 }).unwrap();
        let mut reader = ValuesReader::new("t.parquet", &bytes).unwrap();
        let mut steps = 1;
        while !reader.step().unwrap() {
            steps += 1;
        }
        // Every bundle column of each of the 4 row groups: 3 text, 1 breakdown
        // (the file has dim_ columns: ethnicity, sex, age, deprivation_quintile,
        // then 1.x's two), 7 numbers, suppressed, 2 dates.
        assert_eq!(steps, 4 * (3 + 4 + 2 + 7 + 1 + 2));
        // Rows, not tables: a missing number is NaN, never equal to itself.
        let (stepped, whole) = (reader.finish().unwrap(), decode_values("t.parquet", &bytes).unwrap());
        assert!(stepped.rows().eq(whole.rows()));
        assert_eq!((stepped.org.values, stepped.breakdown.values), (whole.org.values, whole.breakdown.values));
        // Stepping past the end changes nothing.
        let mut reader = ValuesReader::new("t.parquet", &bytes).unwrap();
        while !reader.step().unwrap() {}
        assert!(reader.step().unwrap());
        assert!(reader.finish().unwrap().rows().eq(rows));
    }

    #[test]
    fn a_reader_finished_early_is_an_error_not_a_short_table() {
        let rows: Vec<ValueRow> = (0..1000).map(row).collect();
        let bytes = encode_values(&rows, EncodeOptions { row_group_rows: 300 }).unwrap();
        let mut reader = ValuesReader::new("t.parquet", &bytes).unwrap();
        reader.step().unwrap();
        let e = reader.finish().unwrap_err();
        assert_eq!(e.to_string(), "t.parquet: not a readable Parquet file: finished after 0 of 4 row groups");
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

    /// A file in the format 1.x layout (`breakdown_type`, `breakdown_value`;
    /// no `dim_` columns), written column by column with the `parquet` crate.
    fn legacy_file(kinds: &[&str], values: &[&str]) -> Vec<u8> {
        use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int32Type};
        use parquet::file::writer::SerializedFileWriter;
        use parquet::schema::parser::parse_message_type;
        use std::sync::Arc;
        let schema = parse_message_type(
            "message schema { required binary indicator_id (UTF8); required binary org_code (UTF8); required int32 period_start (DATE);
             required binary period_label (UTF8); required binary breakdown_type (UTF8); required binary breakdown_value (UTF8); optional double value; }",
        )
        .unwrap();
        let n = kinds.len();
        let mut w = SerializedFileWriter::new(Vec::new(), Arc::new(schema), Default::default()).unwrap();
        let mut g = w.next_row_group().unwrap();
        let text = |v: Vec<&str>| v.into_iter().map(|s| ByteArray::from(s.as_bytes().to_vec())).collect::<Vec<_>>();
        for column in 0..7 {
            let mut c = g.next_column().unwrap().unwrap();
            match column {
                0 => c.typed::<ByteArrayType>().write_batch(&text(vec!["i"; n]), None, None),
                1 => c.typed::<ByteArrayType>().write_batch(&text(vec!["A"; n]), None, None),
                2 => c.typed::<Int32Type>().write_batch(&vec![19_000; n], None, None),
                3 => c.typed::<ByteArrayType>().write_batch(&text(vec!["P"; n]), None, None),
                4 => c.typed::<ByteArrayType>().write_batch(&text(kinds.to_vec()), None, None),
                5 => c.typed::<ByteArrayType>().write_batch(&text(values.to_vec()), None, None),
                _ => c.typed::<DoubleType>().write_batch(&(0..n).map(|i| i as f64).collect::<Vec<_>>(), Some(&vec![1; n]), None),
            }
            .unwrap();
            c.close().unwrap();
        }
        g.close().unwrap();
        w.into_inner().unwrap()
    }

    #[test]
    fn a_1x_file_reads_as_one_dimension_keys() {
        let bytes = legacy_file(&["none", "sex", "deprivation_decile", "", "ethnicity"], &["", "Female", "3", "", "Asian"]);
        let t = decode_values("old.parquet", &bytes).unwrap();
        let keys: Vec<String> = t.rows().map(|r| r.breakdown.label()).collect();
        assert_eq!(keys, ["", "sex=Female", "deprivation_decile=3", "", "ethnicity=Asian"]);
        assert!(t.suppressed.iter().all(|s| !s), "no suppressed column: nothing withheld");
        // The 1.x rules, as clear errors naming row and column.
        let e = decode_values("old.parquet", &legacy_file(&["none", "religion"], &["", "x"])).unwrap_err();
        assert_eq!(e.to_string(), "old.parquet: row 1, column \"breakdown_type\": \"religion\" is not a breakdown type (expected one of none, ethnicity, deprivation_decile, deprivation_quintile, sex, age)");
        let e = decode_values("old.parquet", &legacy_file(&["sex"], &[""])).unwrap_err();
        assert_eq!(e.to_string(), "old.parquet: row 0, column \"breakdown_value\": must name the sex group");
        let e = decode_values("old.parquet", &legacy_file(&["none", "none"], &["", "x"])).unwrap_err();
        assert_eq!(e.to_string(), "old.parquet: row 1, column \"breakdown_value\": must be empty when breakdown_type is none, found \"x\"");
    }

    #[test]
    fn crossed_keys_and_suppressed_rows_round_trip() {
        let mut rows: Vec<ValueRow> = (0..40).map(row).collect();
        rows[5].suppressed = Some(true);
        let table = decode_values("x.parquet", &encode_values(&rows, EncodeOptions::default()).unwrap()).unwrap();
        assert_eq!(table.breakdown.dimensions(), ["age", "deprivation_quintile", "ethnicity", "sex"]);
        assert_eq!(table.rows().collect::<Vec<_>>(), rows);
        assert!(table.suppressed[5] && table.suppressed.iter().filter(|s| **s).count() == rows.iter().filter(|r| r.suppressed == Some(true)).count());
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
