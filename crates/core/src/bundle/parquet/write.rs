//! The Parquet *writer* for bundle values (`healthdash build` and `synth`),
//! compiled only with the `write` feature: the one place the `parquet` crate
//! (Apache Arrow's Rust implementation) is used.
//!
//! It drives that crate's low-level column writers directly, one column chunk
//! after another, so the layout `docs/bundle-format.md` documents ("Values
//! files" and "Partitioning, order and encoding") is spelled out here rather
//! than inferred from Arrow types: Snappy, data page V2, required
//! dictionary-encoded UTF-8 strings, one optional dictionary-encoded string
//! column `dim_<id>` for each dimension the rows cut (null: the whole
//! population), required DATE periods, optional PLAIN doubles, an optional
//! BOOLEAN `suppressed`, column chunk statistics. The app and the browser benchmark read
//! with our own decoder (`read/`) and never compile this file.

use crate::bundle::{BundleError, DictColumn, ValueRow, DIMENSION_PREFIX, NUMBER_COLUMNS, STRING_COLUMNS, SUPPRESSED_COLUMN};
use parquet::basic::{Compression, Encoding, LogicalType, Repetition, Type as Physical};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type};
use parquet::errors::ParquetError;
use parquet::file::properties::{EnabledStatistics, WriterProperties, WriterVersion};
use parquet::file::writer::{SerializedColumnWriter, SerializedFileWriter};
use parquet::schema::types::{ColumnPath, Type};
use std::sync::Arc;

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

/// Where a column's values come from, which also decides its Parquet type.
#[derive(Clone)]
enum Source {
    /// Required BYTE_ARRAY, String logical type, dictionary-encoded.
    Text(fn(&ValueRow) -> &str),
    /// Optional BYTE_ARRAY, String, dictionary-encoded: the row's category of
    /// this dimension, null when the row does not cut it.
    Dimension(String),
    /// Required INT32, DATE logical type (days since 1970-01-01), PLAIN.
    Date(fn(&ValueRow) -> i32),
    /// Optional DOUBLE, PLAIN; `None` is written as a null.
    Number(fn(&ValueRow) -> Option<f64>),
    /// Optional BOOLEAN, PLAIN: `suppressed`.
    Flag,
}

/// The file's columns in the documented order: the fixed keys, one `dim_`
/// column per dimension `rows` cut (in id order), the numbers, `suppressed`.
fn columns(rows: &[ValueRow]) -> Vec<(String, Source)> {
    let [indicator, org, label] = STRING_COLUMNS;
    let numbers: [fn(&ValueRow) -> Option<f64>; NUMBER_COLUMNS.len()] =
        [|r| r.numerator, |r| r.denominator, |r| r.value, |r| r.lower_95, |r| r.upper_95, |r| r.lower_998, |r| r.upper_998];
    let mut columns = vec![
        (indicator.to_string(), Source::Text(|r| r.indicator.as_str())),
        (org.to_string(), Source::Text(|r| r.org.as_str())),
        ("period_start".to_string(), Source::Date(|r| r.period_start)),
        ("period_end".to_string(), Source::Date(|r| r.period_end)),
        (label.to_string(), Source::Text(|r| r.period_label.as_str())),
    ];
    let mut dims: Vec<&str> = rows.iter().flat_map(|r| r.breakdown.dimensions()).collect();
    dims.sort_unstable();
    dims.dedup();
    columns.extend(dims.into_iter().map(|d| (format!("{DIMENSION_PREFIX}{d}"), Source::Dimension(d.to_string()))));
    columns.extend(NUMBER_COLUMNS.into_iter().zip(numbers).map(|(name, get)| (name.to_string(), Source::Number(get))));
    columns.push((SUPPRESSED_COLUMN.to_string(), Source::Flag));
    columns
}

fn schema(columns: &[(String, Source)]) -> Result<Type, ParquetError> {
    let fields = columns
        .iter()
        .map(|(name, source)| {
            let (physical, logical, repetition) = match source {
                Source::Text(_) => (Physical::BYTE_ARRAY, Some(LogicalType::String), Repetition::REQUIRED),
                Source::Dimension(_) => (Physical::BYTE_ARRAY, Some(LogicalType::String), Repetition::OPTIONAL),
                Source::Date(_) => (Physical::INT32, Some(LogicalType::Date), Repetition::REQUIRED),
                Source::Number(_) => (Physical::DOUBLE, None, Repetition::OPTIONAL),
                Source::Flag => (Physical::BOOLEAN, None, Repetition::OPTIONAL),
            };
            Type::primitive_type_builder(name, physical).with_repetition(repetition).with_logical_type(logical).build().map(Arc::new)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Type::group_type_builder("schema").with_fields(fields).build()
}

fn properties(columns: &[(String, Source)]) -> WriterProperties {
    let mut builder = WriterProperties::builder()
        // PARQUET_2_0 is what makes the crate write data page V2.
        .set_writer_version(WriterVersion::PARQUET_2_0)
        .set_compression(Compression::SNAPPY)
        .set_statistics_enabled(EnabledStatistics::Chunk)
        .set_offset_index_disabled(true)
        // Strings stay dictionary-encoded however large the dictionary grows:
        // the crate would otherwise fall back to DELTA_BYTE_ARRAY past 1 MiB.
        .set_dictionary_page_size_limit(usize::MAX);
    for (name, source) in columns {
        if !matches!(source, Source::Text(_) | Source::Dimension(_)) {
            let path = ColumnPath::from(name.as_str());
            builder = builder.set_column_dictionary_enabled(path.clone(), false).set_column_encoding(path, Encoding::PLAIN);
        }
    }
    builder.build()
}

/// Writes one column chunk of a row group.
fn write_column(column: &mut SerializedColumnWriter<'_>, source: &Source, rows: &[ValueRow]) -> Result<usize, ParquetError> {
    match source {
        Source::Text(get) => {
            // One buffer per distinct string; rows share it (a ByteArray clone is a reference count).
            let dict = DictColumn::from_strs(rows.iter().map(get));
            let distinct: Vec<ByteArray> = dict.values.into_iter().map(|s| ByteArray::from(s.into_bytes())).collect();
            let values: Vec<ByteArray> = dict.codes.iter().map(|&c| distinct[c as usize].clone()).collect();
            column.typed::<ByteArrayType>().write_batch(&values, None, None)
        }
        Source::Dimension(d) => {
            let present: Vec<&str> = rows.iter().filter_map(|r| r.breakdown.category(d)).collect();
            let dict = DictColumn::from_strs(present);
            let distinct: Vec<ByteArray> = dict.values.into_iter().map(|s| ByteArray::from(s.into_bytes())).collect();
            let values: Vec<ByteArray> = dict.codes.iter().map(|&c| distinct[c as usize].clone()).collect();
            let definition: Vec<i16> = rows.iter().map(|r| i16::from(r.breakdown.category(d).is_some())).collect();
            column.typed::<ByteArrayType>().write_batch(&values, Some(&definition), None)
        }
        Source::Flag => {
            let present: Vec<bool> = rows.iter().filter_map(|r| r.suppressed).collect();
            let definition: Vec<i16> = rows.iter().map(|r| i16::from(r.suppressed.is_some())).collect();
            column.typed::<BoolType>().write_batch(&present, Some(&definition), None)
        }
        Source::Date(get) => column.typed::<Int32Type>().write_batch(&rows.iter().map(get).collect::<Vec<_>>(), None, None),
        Source::Number(get) => {
            let present: Vec<f64> = rows.iter().filter_map(get).collect();
            let definition: Vec<i16> = rows.iter().map(|r| i16::from(get(r).is_some())).collect();
            column.typed::<DoubleType>().write_batch(&present, Some(&definition), None)
        }
    }
}

fn write_file(rows: &[ValueRow], options: EncodeOptions) -> Result<Vec<u8>, ParquetError> {
    let columns = columns(rows);
    let mut writer = SerializedFileWriter::new(Vec::new(), Arc::new(schema(&columns)?), Arc::new(properties(&columns)))?;
    for part in rows.chunks(options.row_group_rows.max(1)) {
        let mut group = writer.next_row_group()?;
        for (name, source) in &columns {
            let mut column = group.next_column()?.ok_or_else(|| ParquetError::General(format!("no column writer for {name}")))?;
            write_column(&mut column, source, part)?;
            column.close()?;
        }
        group.close()?;
    }
    writer.into_inner()
}

/// Encodes rows (in the order given) as a Snappy-compressed Parquet file with
/// dictionary-encoded string columns and DATE period columns.
pub fn encode_values(rows: &[ValueRow], options: EncodeOptions) -> Result<Vec<u8>, BundleError> {
    write_file(rows, options).map_err(|e| BundleError::Parquet { file: "(encoding)".into(), message: e.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::BreakdownKey;
    use parquet::basic::{ConvertedType, PageType};
    use parquet::file::reader::{FileReader, SerializedFileReader};

    fn row(i: usize, org: String) -> ValueRow {
        ValueRow {
            indicator: "ind".into(),
            org,
            period_start: 19_000 + (i % 12) as i32,
            period_end: 19_030 + (i % 12) as i32,
            period_label: format!("P{}", i % 12),
            breakdown: match i % 3 {
                0 => BreakdownKey::whole(),
                1 => BreakdownKey::one("sex", &format!("s{}", i % 2)),
                _ => BreakdownKey::of([("sex", "s1"), ("age", "a")]),
            },
            numerator: (i % 5 != 0).then_some(i as f64),
            denominator: Some(1e3),
            value: (i % 7 != 0).then_some(i as f64 / 1e3),
            lower_95: None,
            upper_95: Some(2.0),
            lower_998: None,
            upper_998: Some(3.0),
            suppressed: (i % 11 == 0).then_some(true),
        }
    }

    fn read(bytes: Vec<u8>) -> SerializedFileReader<bytes::Bytes> {
        SerializedFileReader::new(bytes::Bytes::from(bytes)).unwrap()
    }

    /// Every page of one column chunk, by type.
    fn page_types(file: &SerializedFileReader<bytes::Bytes>, group: usize, column: usize) -> Vec<PageType> {
        let pages = file.get_row_group(group).unwrap().get_column_page_reader(column).unwrap();
        pages.map(|p| p.unwrap().page_type()).collect()
    }

    #[test]
    fn the_file_has_the_documented_layout() {
        let rows: Vec<ValueRow> = (0..2500).map(|i| row(i, format!("E5400{:04}", i % 42))).collect();
        let file = read(encode_values(&rows, EncodeOptions { row_group_rows: 1000 }).unwrap());
        let meta = file.metadata();
        let groups: Vec<i64> = meta.row_groups().iter().map(|g| g.num_rows()).collect();
        assert_eq!(groups, [1000, 1000, 500]);
        let schema = meta.file_metadata().schema_descr();
        let names: Vec<&str> = schema.columns().iter().map(|c| c.name()).collect();
        let dates = ["period_start", "period_end"];
        let mut documented = vec!["indicator_id", "org_code", "period_start", "period_end", "period_label", "dim_age", "dim_sex"];
        documented.extend(NUMBER_COLUMNS);
        documented.push("suppressed");
        assert_eq!(names, documented);
        for (i, column) in schema.columns().iter().enumerate() {
            let name = column.name();
            let (physical, logical, converted, max_def) = if STRING_COLUMNS.contains(&name) {
                (Physical::BYTE_ARRAY, Some(LogicalType::String), ConvertedType::UTF8, 0)
            } else if name.starts_with("dim_") {
                (Physical::BYTE_ARRAY, Some(LogicalType::String), ConvertedType::UTF8, 1)
            } else if name == "suppressed" {
                (Physical::BOOLEAN, None, ConvertedType::NONE, 1)
            } else if dates.contains(&name) {
                (Physical::INT32, Some(LogicalType::Date), ConvertedType::DATE, 0)
            } else {
                (Physical::DOUBLE, None, ConvertedType::NONE, 1)
            };
            assert_eq!(
                (column.physical_type(), column.logical_type_ref().cloned(), column.converted_type(), column.max_def_level()),
                (physical, logical, converted, max_def),
                "{name}"
            );
            let dictionary = STRING_COLUMNS.contains(&name) || name.starts_with("dim_");
            for (g, group) in meta.row_groups().iter().enumerate() {
                let chunk = group.column(i);
                assert_eq!(chunk.compression(), Compression::SNAPPY, "{name}");
                assert!(chunk.statistics().is_some(), "{name}: statistics");
                let encodings: Vec<Encoding> = chunk.encodings().filter(|e| *e != Encoding::RLE).collect();
                let expected = if dictionary { vec![Encoding::PLAIN, Encoding::RLE_DICTIONARY] } else { vec![Encoding::PLAIN] };
                assert_eq!(encodings, expected, "{name}");
                let pages = page_types(&file, g, i);
                assert_eq!(pages[0] == PageType::DICTIONARY_PAGE, dictionary, "{name}: {pages:?}");
                assert!(pages[usize::from(dictionary)..].iter().all(|p| *p == PageType::DATA_PAGE_V2), "{name}: {pages:?}");
            }
        }
    }

    #[test]
    fn strings_stay_dictionary_encoded_past_a_mebibyte_of_dictionary() {
        let rows: Vec<ValueRow> = (0..40_000).map(|i| row(i, format!("{i:0>40}"))).collect();
        let file = read(encode_values(&rows, EncodeOptions::default()).unwrap());
        let org = file.metadata().row_group(0).column(1);
        assert_eq!(org.column_path().string(), "org_code");
        assert_eq!(org.encodings().filter(|e| *e != Encoding::RLE).collect::<Vec<_>>(), [Encoding::PLAIN, Encoding::RLE_DICTIONARY]);
        let decoded = crate::bundle::decode_values("big.parquet", &encode_values(&rows, EncodeOptions::default()).unwrap()).unwrap();
        assert_eq!(decoded.org.values.len(), 40_000);
        assert_eq!(decoded.rows().collect::<Vec<_>>(), rows);
    }

    #[test]
    fn no_rows_is_a_file_without_row_groups() {
        let file = read(encode_values(&[], EncodeOptions::default()).unwrap());
        assert_eq!((file.metadata().num_row_groups(), file.metadata().file_metadata().num_rows()), (0, 0));
    }
}
