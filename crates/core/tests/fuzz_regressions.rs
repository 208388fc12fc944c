//! Inputs the fuzz targets in `fuzz/` (run by `make fuzz`) crashed on,
//! minimised with `cargo fuzz tmin`, kept so that `cargo test` goes on
//! checking them. Binary inputs live in `tests/fuzz/`, named after the cause.
//! Each must be refused with an error naming the file, never a panic: in the
//! browser build a panic aborts the whole app (`panic = "abort"`).
//!
//! The Parquet files were found against the arrow2 0.18 decoder the core used
//! to read with: corrupt footers and pages that made arrow2, parquet2 or
//! lz4_flex panic. The core's own reader (`src/bundle/parquet/read/`) replaced
//! it. These files were mutated in their footers as well as their pages, so
//! the reader's footer checks (a column chunk must end before the footer
//! begins; a chunk must have a value count; the footer must be valid Thrift)
//! refuse all but one of them before any page is read, and the remaining one
//! in its first page header. So each file and test is named after where it is
//! refused and why (`parquet-footer-chunk-past-data-…`, `…_refused_in_footer`),
//! then after the crash it was found with (`arrow2-invalid-utf8`, …), and each
//! test pins the exact reason, so a change in how early a file is refused
//! shows up here. The page-level faults the crashes were about (invalid UTF-8,
//! string lengths and RLE runs past the page, bit width 112, dictionary
//! indices out of range, short columns) are tested on hand-built pages in the
//! reader's unit tests, and on whole files with a valid footer and one bad
//! page in `bad_pages` (`src/bundle/parquet/read/mod.rs`).

use healthdash_core::bundle::{decode_values, encode_values, BundleError, EncodeOptions, Manifest, ValueRow, ValuesTable};
use healthdash_core::view::{parse_query, resolve};

fn decode_file(name: &str) -> Result<ValuesTable, BundleError> {
    let path = format!("{}/tests/fuzz/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    decode_values("values/x.parquet", &bytes)
}

fn assert_refused(name: &str) -> BundleError {
    match decode_file(name) {
        Err(e) => {
            assert!(e.to_string().starts_with("values/x.parquet: "), "{name}: {e}");
            e
        }
        Ok(t) => panic!("{name}: expected an error, decoded {} rows", t.len()),
    }
}

/// Refused as a structural Parquet problem whose message contains `reason`.
fn assert_refused_because(name: &str, reason: &str) {
    let e = assert_refused(name);
    assert!(matches!(e, BundleError::Parquet { .. }), "{name}: {e:?}");
    assert!(e.to_string().contains(reason), "{name}: {e}");
}

/// Refused in the footer: a column chunk past the end of the file's data.
/// Found as a pyarrow file whose `ARROW:schema` metadata still names a column
/// `breakdown_value` while its Parquet schema calls it `brmakdown_value`:
/// arrow2 found no column chunk for the field and panicked
/// (`Option::unwrap()` on `None` in `columns_to_iter_recursive`). The core's
/// reader reads the Parquet schema only (the Arrow one is a hint for Arrow
/// readers), so the renamed column would simply not be a bundle column; but
/// the file's footer is corrupt too, and it is refused for that first.
#[test]
fn arrow_schema_naming_a_missing_column_file_refused_in_footer() {
    assert_refused_because(
        "parquet-footer-chunk-past-data-arrow-schema-names-another-column.parquet",
        "row group 0: column \"period_label\" claims 205 bytes at 450, past the end of the file's data",
    );
}

/// Refused in the footer: a column chunk past the end of the file's data.
/// Found as a pyarrow LZ4_RAW file whose page holds a match running past the
/// page's stated uncompressed size: lz4_flex 0.9 (arrow2's LZ4 decoder), built
/// without its `checked-decode` feature, sliced past the end of its output
/// buffer and panicked. The LZ4 fault itself is covered by `codec.rs`'s tests.
#[test]
fn lz4_match_past_page_end_file_refused_in_footer() {
    assert_refused_because(
        "parquet-footer-chunk-past-data-lz4-match-past-page-end.parquet",
        "row group 0: column \"period_start\" claims 147 bytes at 130, past the end of the file's data (169 bytes before the footer)",
    );
}

/// The other half of the footer check the first crash led to: a footer that
/// places column chunks past the end of the file (here: bytes cut out of the
/// middle) is refused before arrow2 reserves memory for the sizes it claims.
#[test]
fn parquet_column_chunks_past_the_end_of_the_file() {
    let rows: Vec<ValueRow> = (0..2000)
        .map(|i| ValueRow {
            indicator: "ind".into(),
            org: format!("E{i:08}"),
            period_start: 19000 + i,
            period_end: 19030 + i,
            period_label: format!("P{}", i % 7),
            numerator: Some(i as f64),
            denominator: Some(1000.0),
            value: Some(i as f64 / 10.0),
            ..ValueRow::default()
        })
        .collect();
    let bytes = encode_values(&rows, EncodeOptions::default()).unwrap();
    assert!(decode_values("values/x.parquet", &bytes).is_ok());
    let cut = [&bytes[..4], &bytes[4 + 16_384..]].concat();
    let e = decode_values("values/x.parquet", &cut).unwrap_err();
    assert!(e.to_string().contains("past the end of the file"), "{e}");
}

/// url target: a link whose values, decoded, fit the 2000-character limit but
/// whose canonical form (`ViewState::to_query` percent-encodes `é` as 6 bytes,
/// `"` and a `.` inside a time label as 3) did not: the parser measured the raw
/// value, so "Share this view" could write a link that reads back with the
/// value dropped. The limit now counts decoded characters (view/parse.rs).
#[test]
fn url_canonical_link_of_a_long_encoded_value_reads_back_the_same() {
    let manifest = r#"{"format_version":"1.0","title":"T","publisher":"P","licence":"OGL","attribution":"A","published":"2026-01-01"}"#;
    let m = Manifest::from_json("manifest.json", manifest).unwrap();
    let queries = [format!("period={}", "é".repeat(1000)), format!("time={}a..", "a.".repeat(998)), format!("data=/{}", "\"".repeat(1998))];
    for q in queries {
        let (state, notices) = resolve(parse_query(&q), &m);
        assert!(notices.is_empty(), "{notices:?}");
        let link = state.to_query();
        assert!(link.len() > 2000, "{}", link.len());
        let (again, notices) = resolve(parse_query(&link), &m);
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(again, state);
    }
    // Still refused: more than 2000 characters once decoded.
    let (_, notices) = resolve(parse_query(&format!("period={}", "%C3%A9".repeat(2001))), &m);
    assert_eq!(notices.len(), 1);
    assert!(notices[0].reason.starts_with("longer than 2000 characters"), "{notices:?}");
}

/// Corrupt files that panicked inside arrow2 0.18 / parquet2 0.17's page
/// decoders (found in a 4-minute `-fork=1 -ignore_crashes=1` run of the
/// parquet target, one input per distinct panic site). The second text is
/// where the core's reader refuses the file, the third what arrow2 did with
/// it, the fourth part of the reason the core's reader gives.
macro_rules! refused_parquet {
    ($($name:ident: $file:literal, $where:literal, $what:literal, $reason:literal;)*) => {$(
        #[doc = concat!("Refused ", $where, ": `", $reason, "`.")]
        #[doc = ""]
        #[doc = concat!("Found against arrow2: ", $what)]
        #[test]
        fn $name() {
            assert_refused_because($file, $reason);
        }
    )*};
}

refused_parquet! {
    arrow2_string_length_file_refused_in_footer: "parquet-footer-chunk-past-data-arrow2-string-length.parquet", "in the footer",
        "PLAIN string whose length prefix runs past the page: arrow2 panicked with `mid > len` in `BinaryIter::next` (deserialize/binary/utils.rs:132).",
        "column \"period_label\" claims 364 bytes at 342, past the end of the file's data";
    arrow2_invalid_utf8_file_refused_in_footer: "parquet-footer-chunk-past-data-arrow2-invalid-utf8.parquet", "in the footer",
        "A string page that is not UTF-8: arrow2's `Utf8Array::new` unwrapped a `Utf8Error` (array/utf8/mod.rs:418).",
        "column \"upper_95\" claims 115 bytes at 2439, past the end of the file's data";
    arrow2_dictionary_index_optional_string_file_refused_in_page_header: "parquet-page-header-bad-thrift-type-arrow2-dictionary-index-optional-string.parquet", "in a page header",
        "Dictionary index 101 into a dictionary of 7 strings, optional column: arrow2 indexed out of bounds (deserialize/binary/basic.rs:379).",
        "row group 2, column \"period_label\", page 0: page header: invalid Thrift type 15";
    arrow2_dictionary_index_required_string_file_refused_in_footer: "parquet-footer-chunk-past-data-arrow2-dictionary-index-required-string.parquet", "in the footer",
        "Dictionary index 160 into a dictionary of 7 strings, required column: arrow2 indexed out of bounds (deserialize/binary/basic.rs:388).",
        "row group 1: column \"indicator_id\" claims 91 bytes at 1304, past the end of the file's data";
    arrow2_dictionary_index_number_file_refused_in_footer: "parquet-footer-bad-thrift-type-arrow2-dictionary-index-number.parquet", "in the footer",
        "Dictionary index 3 into a dictionary of 3 numbers: arrow2 indexed out of bounds (deserialize/primitive/basic.rs:229).",
        "footer: invalid Thrift type 0";
    arrow2_rle_run_file_refused_in_footer: "parquet-footer-bad-thrift-type-arrow2-rle-run.parquet", "in the footer",
        "An RLE run whose value bytes run past the page: `mid > len` in parquet2's hybrid RLE decoder (encoding/hybrid_rle/decoder.rs:60).",
        "footer: invalid Thrift type 0";
    arrow2_bit_width_112_file_refused_in_footer: "parquet-footer-chunk-past-data-arrow2-bit-width-112.parquet", "in the footer",
        "Dictionary indices with a bit width of 112: `unreachable!(\"invalid num_bits 112\")` in parquet2's bit unpacking (encoding/bitpacked/unpack.rs:94).",
        "column \"upper_95\" claims 115 bytes at 1041, past the end of the file's data";
    arrow2_short_column_file_refused_in_footer: "parquet-footer-no-value-count-arrow2-column-shorter-than-row-group.parquet", "in the footer",
        "A column whose pages hold fewer values than the row group's row count: `Option::unwrap()` on `None` in arrow2's `RowGroupDeserializer::next` (read/row_group.rs:69).",
        "row group 0: column \"period_label\" has no (or a negative) value count";
}
