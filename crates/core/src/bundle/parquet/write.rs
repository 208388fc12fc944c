//! The Parquet *writer* for bundle values (`healthdash build` and `synth`),
//! compiled only with the `write` feature — the one place arrow2 is used.
//!
//! arrow2 is no longer developed upstream (RUSTSEC-2025-0038); the app and the
//! browser benchmark read with our own decoder (`read/`) and never compile
//! this file. What it writes is described in `docs/bundle-format.md`
//! ("Partitioning, order and encoding"): Snappy, data page V2,
//! dictionary-encoded strings, DATE periods, PLAIN nullable doubles.

use crate::bundle::{BundleError, DictColumn, ValueRow, NUMBER_COLUMNS};
use arrow2::array::{Array, DictionaryArray, PrimitiveArray, Utf8Array};
use arrow2::chunk::Chunk;
use arrow2::datatypes::{DataType, Field, IntegerType, Schema};
use arrow2::io::parquet::write;

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
