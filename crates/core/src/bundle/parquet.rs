//! Parquet encoding and decoding of bundle values — the only module that uses
//! arrow2.
//!
//! arrow2 is no longer developed upstream (RUSTSEC-2025-0038), so every use of
//! it stays here, behind [`ValuesTable`] and [`ValueRow`]: replacing the Parquet
//! library means rewriting this file and nothing else.
//!
//! The decoder is deliberately tolerant of how other writers (pyarrow, DuckDB,
//! polars) lay out the documented schema: strings may be plain, large or
//! dictionary-encoded; numbers may be any integer or float width; dates may be
//! DATE (days), DATE64 or ISO strings; optional columns may be absent.

use super::{BreakdownType, BundleError, DictColumn, ValueRow, ValuesTable};
use crate::period::parse_iso_date;
use arrow2::array::{Array, DictionaryArray, PrimitiveArray, Utf8Array};
use arrow2::chunk::Chunk;
use arrow2::datatypes::{DataType, Field, IntegerType, Schema};
use arrow2::io::parquet::{read, write};
use std::collections::HashMap;
use std::io::Cursor;

/// Options for [`encode_values`].
#[derive(Debug, Clone, Copy)]
pub struct EncodeOptions {
    /// Rows per row group.
    pub row_group_rows: usize,
}

impl Default for EncodeOptions {
    fn default() -> Self {
        EncodeOptions { row_group_rows: 65_536 }
    }
}

const STRING_COLUMNS: [&str; 5] = ["indicator_id", "org_code", "period_label", "breakdown_type", "breakdown_value"];
const NUMBER_COLUMNS: [&str; 7] = ["numerator", "denominator", "value", "lower_95", "upper_95", "lower_998", "upper_998"];

fn schema() -> Schema {
    let dict = DataType::Dictionary(IntegerType::UInt32, Box::new(DataType::Utf8), false);
    let mut fields = vec![
        Field::new("indicator_id", dict.clone(), false),
        Field::new("org_code", dict.clone(), false),
        Field::new("period_start", DataType::Date32, false),
        Field::new("period_end", DataType::Date32, false),
        Field::new("period_label", dict.clone(), false),
        Field::new("breakdown_type", dict.clone(), false),
        Field::new("breakdown_value", dict, false),
    ];
    fields.extend(NUMBER_COLUMNS.iter().map(|n| Field::new(*n, DataType::Float64, true)));
    Schema::from(fields)
}

fn dict_array<'a>(items: impl Iterator<Item = &'a str>) -> Box<dyn Array> {
    let col = DictColumn::from_strs(items);
    let values = Utf8Array::<i32>::from_slice(&col.values);
    let keys = PrimitiveArray::<u32>::from_vec(col.codes);
    // Codes come from the dictionary we just built, so they are always in range.
    DictionaryArray::try_from_keys(keys, values.boxed()).expect("dictionary codes index their own values").boxed()
}

fn to_parquet_err(e: arrow2::error::Error) -> BundleError {
    BundleError::Parquet { file: "(encoding)".into(), message: e.to_string() }
}

/// Encodes rows (in the order given) as a Snappy-compressed Parquet file with
/// dictionary-encoded string columns and DATE period columns.
pub fn encode_values(rows: &[ValueRow], options: EncodeOptions) -> Result<Vec<u8>, BundleError> {
    let schema = schema();
    let chunks: Vec<_> = rows
        .chunks(options.row_group_rows.max(1))
        .map(|part| {
            let num = |g: fn(&ValueRow) -> Option<f64>| PrimitiveArray::<f64>::from_iter(part.iter().map(g)).boxed();
            let arrays: Vec<Box<dyn Array>> = vec![
                dict_array(part.iter().map(|r| r.indicator.as_str())),
                dict_array(part.iter().map(|r| r.org.as_str())),
                PrimitiveArray::<i32>::from_vec(part.iter().map(|r| r.period_start).collect()).to(DataType::Date32).boxed(),
                PrimitiveArray::<i32>::from_vec(part.iter().map(|r| r.period_end).collect()).to(DataType::Date32).boxed(),
                dict_array(part.iter().map(|r| r.period_label.as_str())),
                dict_array(part.iter().map(|r| r.breakdown_type.id())),
                dict_array(part.iter().map(|r| r.breakdown_value.as_str())),
                num(|r| r.numerator),
                num(|r| r.denominator),
                num(|r| r.value),
                num(|r| r.lower_95),
                num(|r| r.upper_95),
                num(|r| r.lower_998),
                num(|r| r.upper_998),
            ];
            Chunk::try_new(arrays)
        })
        .collect();
    let options =
        write::WriteOptions { write_statistics: true, compression: write::CompressionOptions::Snappy, version: write::Version::V2, data_pagesize_limit: None };
    let encodings = schema
        .fields
        .iter()
        .map(|f| {
            write::transverse(&f.data_type, |dt| match dt {
                DataType::Dictionary(..) => write::Encoding::RleDictionary,
                _ => write::Encoding::Plain,
            })
        })
        .collect();
    let groups = write::RowGroupIterator::try_new(chunks.into_iter(), &schema, options, encodings).map_err(to_parquet_err)?;
    let mut out = Vec::new();
    let mut writer = write::FileWriter::try_new(&mut out, schema, options).map_err(to_parquet_err)?;
    for group in groups {
        writer.write(group.map_err(to_parquet_err)?).map_err(to_parquet_err)?;
    }
    writer.end(None).map_err(to_parquet_err)?;
    Ok(out)
}

/// Accumulates one string column across chunks, merging per-chunk dictionaries.
#[derive(Default)]
struct StringBuilder {
    col: DictColumn,
    index: HashMap<String, u32>,
}

impl StringBuilder {
    fn code(&mut self, s: Option<&str>) -> u32 {
        let s = s.unwrap_or("");
        if let Some(c) = self.index.get(s) {
            return *c;
        }
        let c = self.col.values.len() as u32;
        self.col.values.push(s.to_string());
        self.index.insert(s.to_string(), c);
        c
    }

    fn push_dict<K: arrow2::array::DictionaryKey>(&mut self, file: &str, name: &str, array: &dyn Array) -> Result<(), BundleError> {
        let a = array.as_any().downcast_ref::<DictionaryArray<K>>().ok_or_else(|| type_err(file, name, array, "string"))?;
        let values = a.values();
        let strings: Vec<Option<String>> = if let Some(v) = values.as_any().downcast_ref::<Utf8Array<i32>>() {
            v.iter().map(|s| s.map(str::to_string)).collect()
        } else if let Some(v) = values.as_any().downcast_ref::<Utf8Array<i64>>() {
            v.iter().map(|s| s.map(str::to_string)).collect()
        } else {
            return Err(type_err(file, name, array, "string"));
        };
        let local: Vec<u32> = strings.iter().map(|s| self.code(s.as_deref())).collect();
        for k in a.keys_iter() {
            let c = match k.and_then(|k| local.get(k).copied()) {
                Some(c) => c,
                None => self.code(None),
            };
            self.col.codes.push(c);
        }
        Ok(())
    }

    fn push_array(&mut self, file: &str, name: &str, array: &dyn Array) -> Result<(), BundleError> {
        let any = array.as_any();
        match array.data_type().to_logical_type() {
            DataType::Utf8 => {
                let a = any.downcast_ref::<Utf8Array<i32>>().ok_or_else(|| type_err(file, name, array, "string"))?;
                for v in a.iter() {
                    let c = self.code(v);
                    self.col.codes.push(c);
                }
            }
            DataType::LargeUtf8 => {
                let a = any.downcast_ref::<Utf8Array<i64>>().ok_or_else(|| type_err(file, name, array, "string"))?;
                for v in a.iter() {
                    let c = self.code(v);
                    self.col.codes.push(c);
                }
            }
            DataType::Dictionary(key, _, _) => match key {
                IntegerType::Int8 => self.push_dict::<i8>(file, name, array)?,
                IntegerType::Int16 => self.push_dict::<i16>(file, name, array)?,
                IntegerType::Int32 => self.push_dict::<i32>(file, name, array)?,
                IntegerType::Int64 => self.push_dict::<i64>(file, name, array)?,
                IntegerType::UInt8 => self.push_dict::<u8>(file, name, array)?,
                IntegerType::UInt16 => self.push_dict::<u16>(file, name, array)?,
                IntegerType::UInt32 => self.push_dict::<u32>(file, name, array)?,
                IntegerType::UInt64 => self.push_dict::<u64>(file, name, array)?,
            },
            DataType::Null => {
                let empty = self.code(None);
                self.col.codes.extend(std::iter::repeat_n(empty, array.len()));
            }
            _ => return Err(type_err(file, name, array, "string")),
        }
        Ok(())
    }
}

fn type_err(file: &str, column: &str, array: &dyn Array, expected: &str) -> BundleError {
    BundleError::ColumnType { file: file.to_string(), column: column.to_string(), found: format!("{:?}", array.data_type()), expected: expected.to_string() }
}

/// Appends a numeric column as f64 with nulls as NaN. A NaN stored as a value
/// (rather than a null) is rejected: the format says missing is null, and a
/// stored NaN would otherwise be indistinguishable from it.
fn push_numbers(file: &str, name: &str, array: &dyn Array, row0: usize, out: &mut Vec<f64>) -> Result<(), BundleError> {
    let start = out.len();
    macro_rules! prim {
        ($t:ty) => {{
            let a = array.as_any().downcast_ref::<PrimitiveArray<$t>>().ok_or_else(|| type_err(file, name, array, "number"))?;
            out.extend(a.iter().map(|v| v.map(|x| *x as f64).unwrap_or(f64::NAN)));
        }};
    }
    match array.data_type().to_logical_type() {
        DataType::Float64 => prim!(f64),
        DataType::Float32 => prim!(f32),
        DataType::Int64 => prim!(i64),
        DataType::Int32 => prim!(i32),
        DataType::Int16 => prim!(i16),
        DataType::Int8 => prim!(i8),
        DataType::UInt64 => prim!(u64),
        DataType::UInt32 => prim!(u32),
        DataType::UInt16 => prim!(u16),
        DataType::UInt8 => prim!(u8),
        DataType::Null => out.extend(std::iter::repeat_n(f64::NAN, array.len())),
        _ => return Err(type_err(file, name, array, "number")),
    }
    for (i, x) in out[start..].iter().enumerate() {
        if x.is_nan() && array.is_valid(i) {
            return Err(BundleError::BadValue {
                file: file.to_string(),
                row: row0 + i,
                column: name.to_string(),
                message: "NaN is not a value (write null for a missing value)".into(),
            });
        }
    }
    Ok(())
}

fn push_dates(file: &str, name: &str, array: &dyn Array, row0: usize, out: &mut Vec<i32>) -> Result<(), BundleError> {
    let missing = |row: usize| BundleError::BadValue { file: file.to_string(), row, column: name.to_string(), message: "date is missing".into() };
    match array.data_type() {
        DataType::Date32 => {
            let a = array.as_any().downcast_ref::<PrimitiveArray<i32>>().ok_or_else(|| type_err(file, name, array, "date"))?;
            for (i, v) in a.iter().enumerate() {
                out.push(*v.ok_or_else(|| missing(row0 + i))?);
            }
        }
        DataType::Date64 => {
            let a = array.as_any().downcast_ref::<PrimitiveArray<i64>>().ok_or_else(|| type_err(file, name, array, "date"))?;
            for (i, v) in a.iter().enumerate() {
                out.push(v.ok_or_else(|| missing(row0 + i))?.div_euclid(86_400_000) as i32);
            }
        }
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Dictionary(..) => {
            let mut b = StringBuilder::default();
            b.push_array(file, name, array)?;
            for (i, c) in b.col.codes.iter().enumerate() {
                let s = &b.col.values[*c as usize];
                out.push(parse_iso_date(s).ok_or_else(|| BundleError::BadValue {
                    file: file.to_string(),
                    row: row0 + i,
                    column: name.to_string(),
                    message: format!("\"{s}\" is not a date (expected YYYY-MM-DD)"),
                })?);
            }
        }
        _ => return Err(type_err(file, name, array, "date")),
    }
    Ok(())
}

/// Checks what arrow2 takes on trust from a file's footer before it reads:
/// every column chunk lies inside the file (arrow2 reserves the size a chunk
/// claims before reading it), and every row group holds the column chunks of
/// every field read (arrow2 panics on a field with none, e.g. when the
/// `ARROW:schema` metadata and the Parquet schema name a column differently).
/// Found by fuzzing (`fuzz/fuzz_targets/parquet.rs`).
fn check_footer(file: &str, row_groups: &[read::RowGroupMetaData], schema: &Schema, len: usize) -> Result<(), BundleError> {
    let bad = |message: String| BundleError::Parquet { file: file.to_string(), message };
    for (g, group) in row_groups.iter().enumerate() {
        for c in group.columns() {
            let (start, length) = c.byte_range();
            if start.checked_add(length).is_none_or(|end| end > len as u64) {
                return Err(bad(format!(
                    "row group {g}: column \"{}\" claims {length} bytes at {start}, past the end of the file ({len} bytes)",
                    c.descriptor().path_in_schema.join(".")
                )));
            }
        }
        for f in &schema.fields {
            let found = read::get_field_columns(group.columns(), &f.name).len();
            let expected = read::n_columns(&f.data_type);
            if found != expected {
                return Err(bad(format!(
                    "row group {g}: column \"{}\" has {found} column chunks, expected {expected} (the file's Arrow and Parquet schemas disagree)",
                    f.name
                )));
            }
        }
    }
    Ok(())
}

/// Decodes a values Parquet file into a [`ValuesTable`]. `file` names the file
/// in errors. Required columns: `indicator_id`, `org_code`, `period_start`,
/// `period_label`, `value`; the others default (see `docs/bundle-format.md`).
pub fn decode_values(file: &str, bytes: &[u8]) -> Result<ValuesTable, BundleError> {
    let perr = |e: arrow2::error::Error| {
        let message = e.to_string();
        let message = if message.contains("io_parquet_compression") || message.to_lowercase().contains("zstd") {
            "it uses a compression codec healthdash cannot decode in the browser (zstd or brotli); write it with snappy, gzip or lz4".to_string()
        } else {
            message
        };
        BundleError::Parquet { file: file.to_string(), message }
    };
    let mut reader = Cursor::new(bytes);
    let metadata = read::read_metadata(&mut reader).map_err(perr)?;
    let schema = read::infer_schema(&metadata).map_err(perr)?;
    let position = |name: &str| schema.fields.iter().position(|f| f.name == name);
    for required in ["indicator_id", "org_code", "period_start", "period_label", "value"] {
        if position(required).is_none() {
            return Err(BundleError::MissingColumn { file: file.to_string(), column: required.to_string() });
        }
    }
    let wanted: Vec<&str> = STRING_COLUMNS.iter().chain(NUMBER_COLUMNS.iter()).chain(["period_start", "period_end"].iter()).copied().collect();
    let schema = schema.filter(|_, f| wanted.contains(&f.name.as_str()));
    check_footer(file, &metadata.row_groups, &schema, bytes.len())?;
    let names: Vec<String> = schema.fields.iter().map(|f| f.name.clone()).collect();
    let col = |name: &str| names.iter().position(|n| n == name);

    let mut strings: Vec<StringBuilder> = (0..STRING_COLUMNS.len()).map(|_| StringBuilder::default()).collect();
    let mut numbers: Vec<Vec<f64>> = vec![Vec::new(); NUMBER_COLUMNS.len()];
    let mut starts = Vec::new();
    let mut ends = Vec::new();
    let total_rows = metadata.num_rows;
    let reader = read::FileReader::new(reader, metadata.row_groups, schema, Some(1 << 20), None, None);
    let mut rows = 0usize;
    for chunk in reader {
        let chunk = chunk.map_err(perr)?;
        let n = chunk.len();
        let arrays = chunk.arrays();
        for (k, name) in STRING_COLUMNS.iter().enumerate() {
            match col(name) {
                Some(i) => strings[k].push_array(file, name, arrays[i].as_ref())?,
                None => {
                    let c = strings[k].code(Some(if *name == "breakdown_type" { "none" } else { "" }));
                    strings[k].col.codes.extend(std::iter::repeat_n(c, n));
                }
            }
        }
        for (k, name) in NUMBER_COLUMNS.iter().enumerate() {
            match col(name) {
                Some(i) => push_numbers(file, name, arrays[i].as_ref(), rows, &mut numbers[k])?,
                None => numbers[k].extend(std::iter::repeat_n(f64::NAN, n)),
            }
        }
        let start_col = col("period_start").unwrap_or(0);
        push_dates(file, "period_start", arrays[start_col].as_ref(), rows, &mut starts)?;
        match col("period_end") {
            Some(i) => push_dates(file, "period_end", arrays[i].as_ref(), rows, &mut ends)?,
            None => ends.extend_from_slice(&starts[rows..rows + n]),
        }
        rows += n;
    }
    if rows != total_rows {
        return Err(BundleError::Parquet { file: file.to_string(), message: format!("the footer promises {total_rows} rows but {rows} were decoded") });
    }
    let mut strings = strings.into_iter().map(|b| b.col);
    let indicator = strings.next().unwrap_or_default();
    let org = strings.next().unwrap_or_default();
    let period_label = strings.next().unwrap_or_default();
    let breakdown_col = strings.next().unwrap_or_default();
    let breakdown_value = strings.next().unwrap_or_default();
    let kinds: Vec<Option<BreakdownType>> = breakdown_col.values.iter().map(|s| BreakdownType::from_id(if s.is_empty() { "none" } else { s })).collect();
    let mut breakdown_type = Vec::with_capacity(rows);
    for (row, c) in breakdown_col.codes.iter().enumerate() {
        breakdown_type.push(kinds[*c as usize].ok_or_else(|| BundleError::BadValue {
            file: file.to_string(),
            row,
            column: "breakdown_type".into(),
            message: format!(
                "\"{}\" is not a breakdown type (expected one of none, ethnicity, deprivation_decile, deprivation_quintile, sex, age)",
                breakdown_col.values[*c as usize]
            ),
        })?);
    }
    let mut numbers = numbers.into_iter();
    let mut next = || numbers.next().unwrap_or_default();
    Ok(ValuesTable {
        indicator,
        org,
        period_start: starts,
        period_end: ends,
        period_label,
        breakdown_type,
        breakdown_value,
        numerator: next(),
        denominator: next(),
        value: next(),
        lower_95: next(),
        upper_95: next(),
        lower_998: next(),
        upper_998: next(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(i: usize) -> ValueRow {
        ValueRow {
            indicator: format!("ind{}", i % 3),
            org: format!("E5400{:04}", i % 42),
            period_start: 19000 + i as i32,
            period_end: 19030 + i as i32,
            period_label: format!("P{}", i % 5),
            breakdown_type: BreakdownType::ALL[i % 6],
            breakdown_value: if i % 6 == 0 { String::new() } else { format!("b{}", i % 4) },
            numerator: if i % 7 == 0 { None } else { Some(i as f64) },
            denominator: Some(1000.0 + i as f64),
            value: Some(i as f64 / 10.0),
            lower_95: if i % 2 == 0 { None } else { Some(0.5) },
            upper_95: Some(f64::MAX),
            lower_998: Some(-0.0),
            upper_998: None,
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
