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
