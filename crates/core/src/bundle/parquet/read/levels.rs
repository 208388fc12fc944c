//! Definition levels: which rows of an optional column are null.
//!
//! apache/parquet-format README ("Nulls", "Data Pages"): nullity is encoded
//! in the definition levels; in a flat schema an optional column has maximum
//! level 1 (1 = a value, 0 = null) and a required one has none, and there are
//! no repetition levels. Encodings.md, "Run Length Encoding / Bit-Packing
//! Hybrid", table: in a data page V1 the RLE-encoded levels are preceded by
//! their byte length (4 bytes, little endian); in a data page V2 the page
//! header gives that length instead. A V1 page may also use the deprecated
//! BIT_PACKED encoding (Encodings.md, "Bit-packed (Deprecated)"): the levels
//! packed most significant bit first, with no length.

use super::rle;

/// `Encoding.RLE` and `Encoding.BIT_PACKED` in parquet.thrift.
const RLE: i32 = 3;
const BIT_PACKED: i32 = 4;

/// Decodes the levels at the start of a data page V1 into `out` (cleared
/// first; one 0 or 1 per value) and returns the bytes they took.
pub(super) fn decode_v1(encoding: i32, page: &[u8], count: usize, out: &mut Vec<u8>) -> Result<usize, String> {
    out.clear();
    match encoding {
        RLE => {
            let prefix = page.get(..4).ok_or("the page ends inside its definition levels' length")?;
            let len = u32::from_le_bytes(prefix.try_into().map_err(|_| "definition levels' length")?);
            let len = usize::try_from(len).map_err(|_| "definition levels' length")?;
            let end = len.checked_add(4).ok_or("definition levels' length overflows")?;
            let data = page.get(4..end).ok_or_else(|| format!("definition levels claim {len} bytes but the page has {} left", page.len() - 4))?;
            decode_rle(data, count, out)?;
            Ok(end)
        }
        BIT_PACKED => {
            let bytes = count.div_ceil(8);
            let data = page.get(..bytes).ok_or("the page ends inside its bit-packed definition levels")?;
            out.extend(data.iter().flat_map(|b| (0..8).rev().map(move |i| (b >> i) & 1)).take(count));
            Ok(bytes)
        }
        other => Err(format!("definition levels use encoding {other}, expected RLE (3)")),
    }
}

/// Decodes the levels of a data page V2 (`data` is exactly the
/// `definition_levels_byte_length` bytes) into `out`, cleared first.
pub(super) fn decode_v2(data: &[u8], count: usize, out: &mut Vec<u8>) -> Result<(), String> {
    out.clear();
    decode_rle(data, count, out)
}

fn decode_rle(data: &[u8], count: usize, out: &mut Vec<u8>) -> Result<(), String> {
    rle::decode(data, 1, count, |v| u8::from(v != 0), out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v1_levels_with_their_length_prefix() {
        // 3 valid, 2 null, then a bit-packed group 1,0,1,1,0,0,0,0 (0b0000_1101); 10 wanted.
        let runs = [6u8, 1, 4, 0, 0x03, 0b0000_1101];
        let page = [&(runs.len() as u32).to_le_bytes()[..], &runs, b"values"].concat();
        let mut out = Vec::new();
        assert_eq!(decode_v1(RLE, &page, 10, &mut out), Ok(4 + runs.len()));
        assert_eq!(out, [1, 1, 1, 0, 0, 1, 0, 1, 1, 0]);
        // A length past the page is an error.
        assert!(decode_v1(RLE, &[200, 0, 0, 0, 6, 1], 3, &mut out).is_err());
    }

    #[test]
    fn v1_deprecated_bit_packed_levels() {
        let mut out = Vec::new();
        assert_eq!(decode_v1(BIT_PACKED, &[0b1011_0000, 0xff], 4, &mut out), Ok(1));
        assert_eq!(out, [1, 0, 1, 1]);
    }

    #[test]
    fn v2_levels_have_no_prefix() {
        let mut out = vec![9];
        decode_v2(&[4, 1, 2, 0], 3, &mut out).unwrap();
        assert_eq!(out, [1, 1, 0]);
        assert!(decode_v2(&[4, 2], 2, &mut out).is_err(), "level 2 in a column whose maximum is 1");
    }

    #[test]
    fn v1_levels_whose_length_or_encoding_lies() {
        let mut out = Vec::new();
        assert_eq!(decode_v1(RLE, &[2, 0, 0], 1, &mut out), Err("the page ends inside its definition levels' length".into()));
        assert_eq!(decode_v1(RLE, &[200, 0, 0, 0, 6, 1], 3, &mut out), Err("definition levels claim 200 bytes but the page has 2 left".into()));
        assert_eq!(
            decode_v1(RLE, &[0xff, 0xff, 0xff, 0xff, 6, 1], 3, &mut out),
            Err("definition levels claim 4294967295 bytes but the page has 2 left".into())
        );
        // A length of 1 that cuts the runs short: the value after the header is outside it.
        assert_eq!(decode_v1(RLE, &[1, 0, 0, 0, 6, 1], 3, &mut out), Err("an RLE run's value runs past the end of the data".into()));
        assert_eq!(decode_v1(BIT_PACKED, &[0xff], 9, &mut out), Err("the page ends inside its bit-packed definition levels".into()));
        assert_eq!(decode_v1(0, &[0; 8], 1, &mut out), Err("definition levels use encoding 0, expected RLE (3)".into()));
    }

    #[test]
    fn levels_that_promise_fewer_or_other_values_than_the_page() {
        let mut out = Vec::new();
        // Runs for 2 levels when the page has 3 values.
        assert_eq!(decode_v2(&[4, 1], 3, &mut out), Err("RLE/bit-packed data ends after 2 of 3 values".into()));
        assert_eq!(decode_v2(&[4, 2], 2, &mut out), Err("RLE run value 2 does not fit in 1 bits".into()));
        assert_eq!(decode_v2(&[], 1, &mut out), Err("RLE/bit-packed data ends after 0 of 1 values".into()));
    }
}
