//! The RLE / bit-packing hybrid: definition levels and dictionary indices.
//!
//! apache/parquet-format Encodings.md, "Run Length Encoding / Bit-Packing
//! Hybrid (RLE = 3)": a sequence of runs, each starting with a ULEB-128
//! header. An odd header is a bit-packed run of `(header >> 1) * 8` values of
//! the fixed bit width (`width` bytes per 8 values); an even header is an RLE
//! run of `header >> 1` copies of one value stored in `ceil(width / 8)` bytes,
//! little endian. Whether a 4-byte length precedes the runs depends on the
//! page kind (see `levels.rs`); here `data` is the runs alone.
//!
//! Writers pad the last bit-packed run to a multiple of 8 values, but not all
//! of them write the padding bytes (arrow2, which wrote healthdash's own
//! bundles before the `parquet` crate did, stops at the last value), so a
//! short final group is accepted as long as the values actually needed are
//! all there. No run may produce more values than the caller asked for: runs
//! are cut at the remaining count, and data that ends early is an error.

use super::bits::{uleb128, unpack8_u32};

/// Decodes `count` values of `width` bits (at most 32) from `data`, passing
/// each through `map` and appending it to `out`. Returns the bytes read.
pub(super) fn decode<T: Copy>(data: &[u8], width: usize, count: usize, map: impl Fn(u32) -> T, out: &mut Vec<T>) -> Result<usize, String> {
    if width > 32 {
        return Err(format!("bit width {width} is more than 32"));
    }
    let value_bytes = width.div_ceil(8);
    let mut pos = 0usize;
    let mut left = count;
    while left > 0 {
        if pos >= data.len() {
            return Err(format!("RLE/bit-packed data ends after {} of {count} values", count - left));
        }
        let header = uleb128(data, &mut pos)?;
        let run = usize::try_from(header >> 1).unwrap_or(usize::MAX);
        if header & 1 == 1 {
            // Bit-packed: `run` groups of 8 values, `width` bytes each.
            let values = run.saturating_mul(8);
            let take = values.min(left);
            let bytes = run.saturating_mul(width);
            let rest = data.get(pos..).unwrap_or_default();
            let needed = take.saturating_mul(width).div_ceil(8);
            if rest.len() < needed {
                return Err(format!("a bit-packed run of {values} values needs {needed} bytes but {} are left", rest.len()));
            }
            if width == 0 {
                out.extend(std::iter::repeat_n(map(0), take));
            } else {
                let mut done = 0;
                for group in rest.chunks(width) {
                    if done >= take {
                        break;
                    }
                    let unpacked = unpack8_u32(group, width);
                    let n = (take - done).min(8);
                    out.extend(unpacked.iter().take(n).map(|v| map(*v)));
                    done += n;
                }
            }
            pos = pos.saturating_add(bytes.min(rest.len()));
            left -= take;
        } else {
            // RLE: one value, repeated.
            let bytes = data.get(pos..pos.saturating_add(value_bytes)).ok_or("an RLE run's value runs past the end of the data")?;
            let value = bytes.iter().rev().fold(0u32, |v, b| (v << 8) | u32::from(*b));
            if width < 32 && value >> width != 0 {
                return Err(format!("RLE run value {value} does not fit in {width} bits"));
            }
            pos += value_bytes;
            let take = run.min(left);
            out.extend(std::iter::repeat_n(map(value), take));
            left -= take;
        }
    }
    Ok(pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(data: &[u8], width: usize, count: usize) -> Result<Vec<u32>, String> {
        let mut out = Vec::new();
        decode(data, width, count, |v| v, &mut out)?;
        Ok(out)
    }

    #[test]
    fn the_spec_example_as_a_bit_packed_run() {
        // Encodings.md: 0..7 at bit width 3 is 10001000 11000110 11111010;
        // as a run of one group its header is varint(1 << 1 | 1) = 3.
        assert_eq!(values(&[0x03, 0b1000_1000, 0b1100_0110, 0b1111_1010], 3, 8), Ok((0..8).collect()));
    }

    #[test]
    fn rle_runs_and_mixed_runs() {
        // 5 copies of 4 (width 3: one value byte), then one bit-packed group 0..7.
        let data = [10, 4, 0x03, 0b1000_1000, 0b1100_0110, 0b1111_1010];
        assert_eq!(values(&data, 3, 13), Ok([vec![4; 5], (0..8).collect()].concat()));
        // A two-byte RLE value (width 9): 300 = 0x012c, little endian.
        assert_eq!(values(&[4, 0x2c, 0x01], 9, 2), Ok(vec![300, 300]));
        // Width 0: no value bytes at all.
        assert_eq!(values(&[6], 0, 3), Ok(vec![0, 0, 0]));
    }

    #[test]
    fn a_short_last_group_is_enough_when_it_holds_the_values_needed() {
        // Header says 1 group (8 values) but only the bits of 3 values at width 3 are present.
        assert_eq!(values(&[0x03, 0b1000_1000, 0b0000_0010], 3, 3), Ok(vec![0, 1, 2]));
        // Asking for more values than the bytes hold is an error.
        assert!(values(&[0x03, 0b1000_1000], 3, 3).is_err());
    }

    #[test]
    fn runs_are_cut_at_the_count_and_running_out_is_an_error() {
        // An RLE run of 2^31 - 1 ones, asked for 4: four values, no huge allocation.
        assert_eq!(values(&[0xfe, 0xff, 0xff, 0xff, 0x0f, 1], 1, 4), Ok(vec![1; 4]));
        let e = values(&[4, 1], 1, 3).unwrap_err();
        assert_eq!(e, "RLE/bit-packed data ends after 2 of 3 values");
        assert!(values(&[0x03, 0xff], 33, 1).unwrap_err().contains("bit width 33"));
        assert!(values(&[2, 9], 3, 1).unwrap_err().contains("does not fit"));
    }

    #[test]
    fn each_fault_is_named() {
        assert_eq!(values(&[0x03, 0xff], 33, 1), Err("bit width 33 is more than 32".into()));
        // A bit-packed run whose bytes end before the values asked for (width 3, 8 values: 3 bytes).
        assert_eq!(values(&[0x03, 0b1000_1000], 3, 8), Err("a bit-packed run of 8 values needs 3 bytes but 1 are left".into()));
        // An RLE run of width 9 needs two value bytes.
        assert_eq!(values(&[4, 0x2c], 9, 2), Err("an RLE run's value runs past the end of the data".into()));
        assert_eq!(values(&[2, 9], 3, 1), Err("RLE run value 9 does not fit in 3 bits".into()));
        // A run header cut inside its varint.
        assert_eq!(values(&[0x80], 1, 1), Err("varint runs past the end of the data".into()));
        assert_eq!(values(&[0x80; 11], 1, 1), Err("varint longer than 10 bytes".into()));
        // An empty run (header 0) makes no progress; the data then ends.
        assert_eq!(values(&[0, 0], 1, 1), Err("RLE/bit-packed data ends after 0 of 1 values".into()));
    }

    #[test]
    fn a_huge_bit_packed_run_is_cut_at_the_count() {
        // Header for 2^60 groups: only the 3 values asked for are read.
        let mut data = vec![0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f];
        data.push(0b0000_0101);
        assert_eq!(values(&data, 1, 3), Ok(vec![1, 0, 1]));
    }
}
