//! Number columns (`value`, `numerator`, limits, …): any integer or float
//! physical type, as f64, with nulls as NaN.
//!
//! apache/parquet-format LogicalTypes.md ("Signed Integers", "Unsigned
//! Integers") and parquet.thrift (`IntType`, `ConvertedType` INT_* / UINT_*):
//! INT32 and INT64 hold signed integers unless annotated unsigned, in which
//! case the same bits are read as unsigned. FLOAT and DOUBLE are IEEE 754. A
//! column of the null type (`LogicalType` UNKNOWN) is all missing. Other
//! annotations (DATE, TIMESTAMP, DECIMAL, …) are not plain numbers and are
//! refused by type. A NaN stored as a value, rather than a null, is refused:
//! the bundle format says a missing number is null, and a stored NaN would
//! be indistinguishable from one once decoded.

use super::column::{from_dictionary, spread, DataPage, Decoder, Fail};
use super::encoding::{self, is_dictionary, Number, PLAIN};
use super::footer::{converted, Leaf, Logical, Physical};
use crate::bundle::BundleError;

/// How `leaf` reads as numbers: `Some(None)` for the null type, `None` when it cannot.
pub(super) fn number_kind(leaf: &Leaf) -> Option<Option<Number>> {
    if leaf.logical == Some(Logical::Null) {
        return Some(None);
    }
    let int = |signed: bool| match (leaf.physical == Physical::Int32, signed) {
        (true, true) => Number::I32,
        (true, false) => Number::U32,
        (false, true) => Number::I64,
        (false, false) => Number::U64,
    };
    let kind = match (leaf.physical, leaf.logical, leaf.converted) {
        (Physical::Float, None, _) => Number::F32,
        (Physical::Double, None, _) => Number::F64,
        (Physical::Int32 | Physical::Int64, Some(Logical::Integer { signed, .. }), _) => int(signed),
        (Physical::Int32 | Physical::Int64, None, None | Some(converted::INT_8..=converted::INT_64)) => int(true),
        (Physical::Int32 | Physical::Int64, None, Some(converted::UINT_8..=converted::UINT_64)) => int(false),
        _ => return None,
    };
    Some(Some(kind))
}

/// Decodes one column chunk of numbers onto `out`.
pub(super) struct NumberDecoder<'o> {
    out: &'o mut Vec<f64>,
    /// `None`: the null type, every row missing.
    kind: Option<Number>,
    file: &'o str,
    column: &'o str,
    dictionary: Option<Vec<f64>>,
    indices: Vec<u32>,
    values: Vec<f64>,
}

impl<'o> NumberDecoder<'o> {
    pub fn new(out: &'o mut Vec<f64>, kind: Option<Number>, file: &'o str, column: &'o str) -> NumberDecoder<'o> {
        NumberDecoder { out, kind, file, column, dictionary: None, indices: Vec::new(), values: Vec::new() }
    }
}

impl Decoder for NumberDecoder<'_> {
    fn dictionary(&mut self, data: &[u8], count: usize) -> Result<(), Fail> {
        if let Some(kind) = self.kind {
            let mut dictionary = Vec::new();
            encoding::numbers(kind, PLAIN, data, count, &mut dictionary).map_err(|m| format!("dictionary page: {m}"))?;
            self.dictionary = Some(dictionary);
        }
        Ok(())
    }

    fn data(&mut self, page: DataPage<'_>) -> Result<(), Fail> {
        let Some(kind) = self.kind else {
            self.out.extend(std::iter::repeat_n(f64::NAN, page.rows));
            return Ok(());
        };
        self.values.clear();
        if page.present > 0 {
            if is_dictionary(page.encoding) {
                from_dictionary(&page, self.dictionary.as_deref(), &mut self.indices, &mut self.values)?;
            } else {
                encoding::numbers(kind, page.encoding, page.values, page.present, &mut self.values)?;
            }
        }
        if let Some(p) = self.values.iter().position(|v| v.is_nan()) {
            // The row of the p-th non-null value.
            let offset = match page.levels {
                None => p,
                Some(levels) => levels.iter().enumerate().filter(|(_, l)| **l != 0).nth(p).map_or(p, |(i, _)| i),
            };
            return Err(Fail::Bundle(BundleError::BadValue {
                file: self.file.to_string(),
                row: page.first_row + offset,
                column: self.column.to_string(),
                message: "NaN is not a value (write null for a missing value)".into(),
            }));
        }
        spread(page.levels, &self.values, f64::NAN, self.out)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::parquet::read::encoding::{DELTA_BYTE_ARRAY, RLE_DICTIONARY};

    fn page(encoding: i32, rows: usize, values: &[u8]) -> DataPage<'_> {
        DataPage { encoding, levels: None, rows, present: rows, values, first_row: 0 }
    }

    fn malformed(r: Result<(), Fail>) -> String {
        match r {
            Err(Fail::Malformed(m)) => m,
            other => panic!("expected a malformed page, got {other:?}"),
        }
    }

    fn doubles(v: &[f64]) -> Vec<u8> {
        v.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    #[test]
    fn short_pages_and_dictionaries_are_refused_with_their_sizes() {
        let mut out = Vec::new();
        let mut d = NumberDecoder::new(&mut out, Some(Number::F64), "f", "value");
        let data = doubles(&[1.0, 2.0]);
        assert_eq!(malformed(d.data(page(PLAIN, 2, &data[..12]))), "2 PLAIN values need 16 bytes but the page has 12");
        assert_eq!(malformed(d.dictionary(&data[..8], 2)), "dictionary page: 2 PLAIN values need 16 bytes but the page has 8");
        let mut d = NumberDecoder::new(&mut out, Some(Number::I32), "f", "value");
        assert_eq!(malformed(d.data(page(PLAIN, 1, &[1, 2, 3]))), "1 PLAIN values need 4 bytes but the page has 3");
        assert!(out.is_empty());
    }

    #[test]
    fn dictionary_indices_out_of_range_and_without_a_dictionary() {
        let mut out = Vec::new();
        let mut d = NumberDecoder::new(&mut out, Some(Number::F64), "f", "value");
        // Bit width 2: an RLE run of one 3.
        assert_eq!(malformed(d.data(page(RLE_DICTIONARY, 1, &[2, 2, 3]))), "values are dictionary-encoded but the column chunk has no dictionary page");
        d.dictionary(&doubles(&[0.5, 1.5, 2.5]), 3).unwrap();
        assert_eq!(malformed(d.data(page(RLE_DICTIONARY, 1, &[2, 2, 3]))), "dictionary index 3 is out of range (the dictionary has 3 values)");
        d.data(page(RLE_DICTIONARY, 1, &[2, 2, 2])).unwrap();
        assert_eq!(out, [2.5]);
    }

    #[test]
    fn a_byte_array_encoding_on_a_number_column_is_refused_by_name() {
        let mut out = Vec::new();
        let mut d = NumberDecoder::new(&mut out, Some(Number::I64), "f", "value");
        assert_eq!(malformed(d.data(page(DELTA_BYTE_ARRAY, 1, &[0; 8]))), "INT64 values use DELTA_BYTE_ARRAY, which healthdash does not read for that type");
    }

    #[test]
    fn a_stored_nan_in_the_dictionary_is_refused_where_it_is_used() {
        let mut out = Vec::new();
        let mut d = NumberDecoder::new(&mut out, Some(Number::F32), "f.parquet", "numerator");
        d.dictionary(&[1.0f32.to_le_bytes(), f32::NAN.to_le_bytes()].concat(), 2).unwrap();
        let e = d.data(DataPage { encoding: RLE_DICTIONARY, levels: None, rows: 2, present: 2, values: &[1, 0x03, 0b10], first_row: 7 }).unwrap_err();
        let Fail::Bundle(e) = e else { panic!("{e:?}") };
        assert_eq!(e.to_string(), "f.parquet: row 8, column \"numerator\": NaN is not a value (write null for a missing value)");
    }

    #[test]
    fn a_null_type_column_is_all_missing_whatever_its_pages_hold() {
        let mut out = Vec::new();
        NumberDecoder::new(&mut out, None, "f", "value").data(page(PLAIN, 3, b"x")).unwrap();
        assert_eq!(out.len(), 3);
        assert!(out.iter().all(|v| v.is_nan()));
    }
}
