//! Boolean columns (`suppressed`): one flag a row, a null read as false.
//!
//! apache/parquet-format Encodings.md: BOOLEAN values are PLAIN ("Bit
//! Packed, LSB first": value i is bit i % 8 of byte i / 8) or RLE (the RLE /
//! bit-packing hybrid of bit width 1, preceded by its length as a 4-byte
//! little-endian integer, "Run Length Encoding / Bit-Packing Hybrid"). pyarrow
//! and DuckDB write either; the `parquet` crate writes PLAIN here. Any other
//! encoding, and a bit past the page's end, is refused with what was expected.

use super::column::{spread, DataPage, Decoder, Fail};
use super::encoding::{name, PLAIN};
use super::footer::{Leaf, Logical, Physical};
use super::rle;

const RLE: i32 = 3;

/// True when `leaf` reads as booleans (BOOLEAN, or the null type: all false).
pub(super) fn is_boolean(leaf: &Leaf) -> bool {
    leaf.physical == Physical::Boolean || leaf.logical == Some(Logical::Null)
}

/// Decodes one column chunk of booleans onto `out`.
pub(super) struct BoolDecoder<'o> {
    out: &'o mut Vec<bool>,
    /// The column has the null type: every row false.
    all_null: bool,
    values: Vec<bool>,
}

impl<'o> BoolDecoder<'o> {
    pub fn new(out: &'o mut Vec<bool>, all_null: bool) -> BoolDecoder<'o> {
        BoolDecoder { out, all_null, values: Vec::new() }
    }
}

/// Decodes `count` booleans of a page's values in `encoding` onto `out`.
fn booleans(encoding: i32, data: &[u8], count: usize, out: &mut Vec<bool>) -> Result<(), String> {
    match encoding {
        PLAIN => {
            let needed = count.div_ceil(8);
            if data.len() < needed {
                return Err(format!("{count} PLAIN booleans need {needed} bytes but the page has {}", data.len()));
            }
            out.extend((0..count).map(|i| data.get(i / 8).is_some_and(|b| b >> (i % 8) & 1 == 1)));
            Ok(())
        }
        RLE => {
            let (length, runs) = data.split_first_chunk::<4>().ok_or("RLE booleans have no 4-byte length")?;
            let length = usize::try_from(u32::from_le_bytes(*length)).unwrap_or(usize::MAX);
            let runs = runs.get(..length).ok_or_else(|| format!("RLE booleans claim {length} bytes but the page has {}", runs.len()))?;
            rle::decode(runs, 1, count, |v| v == 1, out)?;
            Ok(())
        }
        other => Err(format!("BOOLEAN values use {}, which healthdash does not read for that type", name(other))),
    }
}

impl Decoder for BoolDecoder<'_> {
    fn dictionary(&mut self, _data: &[u8], _count: usize) -> Result<(), Fail> {
        if self.all_null {
            return Ok(());
        }
        Err("a BOOLEAN column has a dictionary page, which the format does not allow".into())
    }

    fn data(&mut self, page: DataPage<'_>) -> Result<(), Fail> {
        if self.all_null {
            self.out.extend(std::iter::repeat_n(false, page.rows));
            return Ok(());
        }
        self.values.clear();
        if page.present > 0 {
            booleans(page.encoding, page.values, page.present, &mut self.values)?;
        }
        spread(page.levels, &self.values, false, self.out)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page<'a>(encoding: i32, rows: usize, levels: Option<&'a [u8]>, values: &'a [u8]) -> DataPage<'a> {
        let present = levels.map_or(rows, |l| l.iter().filter(|x| **x != 0).count());
        DataPage { encoding, levels, rows, present, values, first_row: 0 }
    }

    fn malformed(r: Result<(), Fail>) -> String {
        match r {
            Err(Fail::Malformed(m)) => m,
            other => panic!("expected a malformed page, got {other:?}"),
        }
    }

    #[test]
    fn plain_booleans_are_bits_least_significant_first() {
        let mut out = Vec::new();
        // 0b0000_0101 then 0b1: rows 0, 2 and 8 true.
        BoolDecoder::new(&mut out, false).data(page(PLAIN, 9, None, &[0b101, 1])).unwrap();
        assert_eq!(out, [true, false, true, false, false, false, false, false, true]);
    }

    #[test]
    fn rle_booleans_and_nulls() {
        let mut out = Vec::new();
        // Length 2, then an RLE run of 3 ones (header 3 << 1, value 1 in one byte).
        let data = [2, 0, 0, 0, 6, 1];
        BoolDecoder::new(&mut out, false).data(page(RLE, 4, Some(&[1, 0, 1, 1]), &data)).unwrap();
        assert_eq!(out, [true, false, true, true], "the null row reads as false");
    }

    #[test]
    fn faults_are_refused_with_sizes_and_names() {
        let mut out = Vec::new();
        let mut d = BoolDecoder::new(&mut out, false);
        assert_eq!(malformed(d.data(page(PLAIN, 9, None, &[1]))), "9 PLAIN booleans need 2 bytes but the page has 1");
        assert_eq!(malformed(d.data(page(RLE, 2, None, &[9, 0, 0, 0, 4]))), "RLE booleans claim 9 bytes but the page has 1");
        assert_eq!(malformed(d.data(page(RLE, 2, None, &[1, 0]))), "RLE booleans have no 4-byte length");
        assert_eq!(malformed(d.data(page(RLE, 8, None, &[2, 0, 0, 0, 6, 1]))), "RLE/bit-packed data ends after 3 of 8 values");
        assert_eq!(malformed(d.data(page(8, 1, None, &[0]))), "BOOLEAN values use RLE_DICTIONARY, which healthdash does not read for that type");
        assert_eq!(malformed(d.dictionary(&[1], 1)), "a BOOLEAN column has a dictionary page, which the format does not allow");
        assert!(out.is_empty());
    }

    #[test]
    fn a_null_type_column_is_all_false() {
        let mut out = Vec::new();
        BoolDecoder::new(&mut out, true).data(page(PLAIN, 3, None, b"")).unwrap();
        assert_eq!(out, [false; 3]);
    }
}
