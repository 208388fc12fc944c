//! Which value encodings each physical type may use, and the dispatch to
//! their decoders: a data page's non-null values, decoded into the widened
//! forms the column decoders work with (numbers as f64, integers as i64,
//! byte arrays one slice at a time).
//!
//! apache/parquet-format Encodings.md ("Supported Encodings" table, and
//! `enum Encoding` in parquet.thrift): PLAIN for every type; the dictionary
//! encodings (indices: a 1-byte bit width of at most 32, then the RLE /
//! bit-packing hybrid with no length prefix, "Dictionary Encoding");
//! DELTA_BINARY_PACKED for INT32 and INT64; DELTA_LENGTH_BYTE_ARRAY and
//! DELTA_BYTE_ARRAY for BYTE_ARRAY; BYTE_STREAM_SPLIT for FLOAT, DOUBLE,
//! INT32 and INT64. Anything else (BIT_PACKED values, ALP, a delta encoding
//! on the wrong type) is refused by name.

use super::{delta, plain, rle, split};

pub(super) const PLAIN: i32 = 0;
pub(super) const PLAIN_DICTIONARY: i32 = 2;
pub(super) const DELTA_BINARY_PACKED: i32 = 5;
pub(super) const DELTA_LENGTH_BYTE_ARRAY: i32 = 6;
pub(super) const DELTA_BYTE_ARRAY: i32 = 7;
pub(super) const RLE_DICTIONARY: i32 = 8;
pub(super) const BYTE_STREAM_SPLIT: i32 = 9;

/// The encoding's name in parquet.thrift, for errors.
pub(super) fn name(encoding: i32) -> String {
    match encoding {
        0 => "PLAIN".into(),
        2 => "PLAIN_DICTIONARY".into(),
        3 => "RLE".into(),
        4 => "BIT_PACKED".into(),
        5 => "DELTA_BINARY_PACKED".into(),
        6 => "DELTA_LENGTH_BYTE_ARRAY".into(),
        7 => "DELTA_BYTE_ARRAY".into(),
        8 => "RLE_DICTIONARY".into(),
        9 => "BYTE_STREAM_SPLIT".into(),
        10 => "ALP".into(),
        other => format!("encoding {other}"),
    }
}

/// True for the encodings whose values are indices into the dictionary page.
pub(super) fn is_dictionary(encoding: i32) -> bool {
    encoding == RLE_DICTIONARY || encoding == PLAIN_DICTIONARY
}

fn unsupported(encoding: i32, physical: &str) -> String {
    format!("{physical} values use {}, which healthdash does not read for that type", name(encoding))
}

/// Decodes `count` dictionary indices of a data page into `out` (cleared first).
pub(super) fn indices(data: &[u8], count: usize, out: &mut Vec<u32>) -> Result<(), String> {
    out.clear();
    let (&width, runs) = data.split_first().ok_or("the page has no dictionary index bit width")?;
    if width > 32 {
        return Err(format!("dictionary indices have bit width {width}, more than 32"));
    }
    rle::decode(runs, usize::from(width), count, |v| v, out)?;
    Ok(())
}

/// How a numeric column's physical values become numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Number {
    I32,
    U32,
    I64,
    U64,
    F32,
    F64,
}

/// Decodes `count` values of a numeric page (dictionary pages are PLAIN)
/// as f64 onto `out`.
pub(super) fn numbers(kind: Number, encoding: i32, data: &[u8], count: usize, out: &mut Vec<f64>) -> Result<(), String> {
    // Reinterpretations of a delta-decoded (wrapping) value as the column's type.
    let as_i32 = |v: i64| f64::from(v as i32);
    let as_u32 = |v: i64| f64::from(v as u32);
    match (kind, encoding) {
        (Number::I32, PLAIN) => plain::fixed(data, count, |b| f64::from(i32::from_le_bytes(b)), out).map(drop),
        (Number::U32, PLAIN) => plain::fixed(data, count, |b| f64::from(u32::from_le_bytes(b)), out).map(drop),
        (Number::I64, PLAIN) => plain::fixed(data, count, |b| i64::from_le_bytes(b) as f64, out).map(drop),
        (Number::U64, PLAIN) => plain::fixed(data, count, |b| u64::from_le_bytes(b) as f64, out).map(drop),
        (Number::F32, PLAIN) => plain::fixed(data, count, |b| f64::from(f32::from_le_bytes(b)), out).map(drop),
        (Number::F64, PLAIN) => plain::fixed(data, count, f64::from_le_bytes, out).map(drop),
        (Number::I32, BYTE_STREAM_SPLIT) => split::decode(data, count, |b| f64::from(i32::from_le_bytes(b)), out),
        (Number::U32, BYTE_STREAM_SPLIT) => split::decode(data, count, |b| f64::from(u32::from_le_bytes(b)), out),
        (Number::I64, BYTE_STREAM_SPLIT) => split::decode(data, count, |b| i64::from_le_bytes(b) as f64, out),
        (Number::U64, BYTE_STREAM_SPLIT) => split::decode(data, count, |b| u64::from_le_bytes(b) as f64, out),
        (Number::F32, BYTE_STREAM_SPLIT) => split::decode(data, count, |b| f64::from(f32::from_le_bytes(b)), out),
        (Number::F64, BYTE_STREAM_SPLIT) => split::decode(data, count, f64::from_le_bytes, out),
        (Number::I32 | Number::U32 | Number::I64 | Number::U64, DELTA_BINARY_PACKED) => {
            let mut ints = Vec::new();
            let bits = if matches!(kind, Number::I32 | Number::U32) { 32 } else { 64 };
            delta::binary_packed(data, count, bits, &mut ints)?;
            out.extend(ints.into_iter().map(|v| match kind {
                Number::I32 => as_i32(v),
                Number::U32 => as_u32(v),
                Number::U64 => u64::from_ne_bytes(v.to_ne_bytes()) as f64,
                _ => v as f64,
            }));
            Ok(())
        }
        (Number::F32 | Number::F64, _) => Err(unsupported(encoding, if kind == Number::F32 { "FLOAT" } else { "DOUBLE" })),
        (Number::I32 | Number::U32, _) => Err(unsupported(encoding, "INT32")),
        (Number::I64 | Number::U64, _) => Err(unsupported(encoding, "INT64")),
    }
}

/// Decodes `count` INT32 (`wide` false) or INT64 values onto `out` as i64.
pub(super) fn integers(wide: bool, encoding: i32, data: &[u8], count: usize, out: &mut Vec<i64>) -> Result<(), String> {
    match (wide, encoding) {
        (false, PLAIN) => plain::fixed(data, count, |b| i64::from(i32::from_le_bytes(b)), out).map(drop),
        (true, PLAIN) => plain::fixed(data, count, i64::from_le_bytes, out).map(drop),
        (false, BYTE_STREAM_SPLIT) => split::decode(data, count, |b| i64::from(i32::from_le_bytes(b)), out),
        (true, BYTE_STREAM_SPLIT) => split::decode(data, count, i64::from_le_bytes, out),
        (false, DELTA_BINARY_PACKED) => {
            let start = out.len();
            delta::binary_packed(data, count, 32, out)?;
            // INT32 arithmetic wraps in 32 bits: keep the low half, sign-extended.
            for v in out.iter_mut().skip(start) {
                *v = i64::from(*v as i32);
            }
            Ok(())
        }
        (true, DELTA_BINARY_PACKED) => delta::binary_packed(data, count, 64, out).map(drop),
        (wide, _) => Err(unsupported(encoding, if wide { "INT64" } else { "INT32" })),
    }
}

/// Decodes `count` BYTE_ARRAY values, passing each to `each`.
pub(super) fn byte_arrays(encoding: i32, data: &[u8], count: usize, each: impl FnMut(&[u8]) -> Result<(), String>) -> Result<(), String> {
    match encoding {
        PLAIN => plain::byte_arrays(data, count, each).map(drop),
        DELTA_LENGTH_BYTE_ARRAY => delta::length_byte_array(data, count, each).map(drop),
        DELTA_BYTE_ARRAY => delta::byte_array(data, count, each).map(drop),
        _ => Err(unsupported(encoding, "BYTE_ARRAY")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionary_indices_take_a_bit_width_byte() {
        let mut out = Vec::new();
        indices(&[3, 0x03, 0b1000_1000, 0b1100_0110, 0b1111_1010], 8, &mut out).unwrap();
        assert_eq!(out, [0, 1, 2, 3, 4, 5, 6, 7]);
        // Bit width 112 (an arrow2 panic in tests/fuzz_regressions.rs) is an error.
        assert_eq!(indices(&[112, 0, 0], 1, &mut out).unwrap_err(), "dictionary indices have bit width 112, more than 32");
        assert!(indices(&[], 1, &mut out).is_err());
    }

    #[test]
    fn numbers_widen_every_physical_type() {
        let mut out = Vec::new();
        numbers(Number::U32, PLAIN, &u32::MAX.to_le_bytes(), 1, &mut out).unwrap();
        numbers(Number::I32, PLAIN, &(-5i32).to_le_bytes(), 1, &mut out).unwrap();
        numbers(Number::U64, PLAIN, &u64::MAX.to_le_bytes(), 1, &mut out).unwrap();
        numbers(Number::F32, PLAIN, &0.5f32.to_le_bytes(), 1, &mut out).unwrap();
        assert_eq!(out, [4_294_967_295.0, -5.0, 18_446_744_073_709_551_615.0, 0.5]);
        let e = numbers(Number::F64, DELTA_BINARY_PACKED, &[], 0, &mut out).unwrap_err();
        assert_eq!(e, "DOUBLE values use DELTA_BINARY_PACKED, which healthdash does not read for that type");
    }

    #[test]
    fn int32_delta_values_wrap_in_32_bits() {
        // Header: block 128, 4 miniblocks, 2 values, first i32::MAX; min delta 1, widths 0.
        let mut data = vec![0x80, 0x01, 4, 2];
        data.extend([0xfe, 0xff, 0xff, 0xff, 0x0f]);
        data.extend([2, 0, 0, 0, 0]);
        let mut out = Vec::new();
        integers(false, DELTA_BINARY_PACKED, &data, 2, &mut out).unwrap();
        assert_eq!(out, [i64::from(i32::MAX), i64::from(i32::MIN)]);
    }

    #[test]
    fn index_pages_without_a_valid_bit_width() {
        let mut out = vec![9];
        assert_eq!(indices(&[], 1, &mut out), Err("the page has no dictionary index bit width".into()));
        assert_eq!(indices(&[33, 0, 0], 1, &mut out), Err("dictionary indices have bit width 33, more than 32".into()));
        // An RLE run past the page end (width 16: two value bytes, one present).
        assert_eq!(indices(&[16, 2, 7], 1, &mut out), Err("an RLE run's value runs past the end of the data".into()));
        assert_eq!(indices(&[1, 2, 1], 2, &mut out), Err("RLE/bit-packed data ends after 1 of 2 values".into()));
        assert_eq!(out, [1], "cleared, then only what was decoded");
    }

    #[test]
    fn encodings_a_type_cannot_use_are_refused_by_name() {
        let mut f = Vec::new();
        let mut i = Vec::new();
        assert_eq!(numbers(Number::I32, 3, &[], 0, &mut f), Err("INT32 values use RLE, which healthdash does not read for that type".into()));
        assert_eq!(numbers(Number::U64, 10, &[], 0, &mut f), Err("INT64 values use ALP, which healthdash does not read for that type".into()));
        assert_eq!(numbers(Number::F32, 4, &[], 0, &mut f), Err("FLOAT values use BIT_PACKED, which healthdash does not read for that type".into()));
        assert_eq!(
            integers(true, DELTA_LENGTH_BYTE_ARRAY, &[], 0, &mut i),
            Err("INT64 values use DELTA_LENGTH_BYTE_ARRAY, which healthdash does not read for that type".into())
        );
        assert_eq!(integers(false, 42, &[], 0, &mut i), Err("INT32 values use encoding 42, which healthdash does not read for that type".into()));
        assert_eq!(
            byte_arrays(BYTE_STREAM_SPLIT, &[], 0, |_| Ok(())),
            Err("BYTE_ARRAY values use BYTE_STREAM_SPLIT, which healthdash does not read for that type".into())
        );
        assert_eq!(
            byte_arrays(PLAIN_DICTIONARY, &[], 0, |_| Ok(())),
            Err("BYTE_ARRAY values use PLAIN_DICTIONARY, which healthdash does not read for that type".into())
        );
    }

    #[test]
    fn truncated_values_in_each_encoding() {
        let mut f = Vec::new();
        assert_eq!(numbers(Number::F64, PLAIN, &[0; 7], 1, &mut f), Err("1 PLAIN values need 8 bytes but the page has 7".into()));
        assert_eq!(
            numbers(Number::F64, BYTE_STREAM_SPLIT, &[0; 7], 1, &mut f),
            Err("BYTE_STREAM_SPLIT data of 7 bytes does not hold 1 values of 8 bytes".into())
        );
        // DELTA_BINARY_PACKED cut inside its header.
        assert_eq!(numbers(Number::I64, DELTA_BINARY_PACKED, &[0x80, 0x01, 4], 1, &mut f), Err("varint runs past the end of the data".into()));
        assert!(f.is_empty());
    }
}
