//! The delta encodings: DELTA_BINARY_PACKED integers and the two byte-array
//! encodings built on it.
//!
//! apache/parquet-format Encodings.md:
//!
//! - "Delta Encoding (DELTA_BINARY_PACKED = 5)": a header of ULEB-128 block
//!   size (a multiple of 128), miniblocks per block (each holding a multiple
//!   of 32 values), total value count, and the zigzag first value; then
//!   blocks of a zigzag minimum delta, one bit-width byte per miniblock and
//!   the miniblocks, bit-packed like the hybrid encoding. Each value is the
//!   previous plus the minimum delta plus the unpacked value, in wrapping
//!   two's-complement arithmetic (as the spec requires). The last miniblock
//!   is padded to full size; miniblocks after the last value have a width
//!   byte but no body.
//! - "Delta-length byte array (DELTA_LENGTH_BYTE_ARRAY = 6)": the lengths,
//!   DELTA_BINARY_PACKED, then all the bytes back to back.
//! - "Delta Strings (DELTA_BYTE_ARRAY = 7)": the prefix lengths shared with
//!   the previous value, DELTA_BINARY_PACKED, then the suffixes as
//!   DELTA_LENGTH_BYTE_ARRAY.

use super::bits::{uleb128, unpack8_u64, zigzag};
use super::codec::MAX_PAGE;

/// Decodes a DELTA_BINARY_PACKED stream of exactly `count` values whose bit
/// widths are at most `max_width` (32 for INT32, 64 for INT64), appending the
/// values (wrapped to 64 bits; an INT32 caller keeps the low 32) to `out`.
/// Returns the bytes read.
pub(super) fn binary_packed(data: &[u8], count: usize, max_width: u8, out: &mut Vec<i64>) -> Result<usize, String> {
    let mut pos = 0usize;
    let size = |v: u64, what: &str| usize::try_from(v).map_err(|_| format!("DELTA_BINARY_PACKED {what} {v} is too large"));
    let block = size(uleb128(data, &mut pos)?, "block size")?;
    let miniblocks = size(uleb128(data, &mut pos)?, "miniblock count")?;
    let total = size(uleb128(data, &mut pos)?, "value count")?;
    let first = zigzag(data, &mut pos)?;
    if block == 0 || block % 128 != 0 || miniblocks == 0 || block % miniblocks != 0 || (block / miniblocks) % 32 != 0 {
        return Err(format!("DELTA_BINARY_PACKED blocks of {block} values in {miniblocks} miniblocks break the spec's rules"));
    }
    if total != count {
        return Err(format!("DELTA_BINARY_PACKED data holds {total} values, expected {count}"));
    }
    if count == 0 {
        return Ok(pos);
    }
    let per_miniblock = block / miniblocks;
    out.push(first);
    let mut last = first;
    let mut left = count - 1;
    while left > 0 {
        let min_delta = zigzag(data, &mut pos)?;
        let widths = data.get(pos..pos.saturating_add(miniblocks)).ok_or("DELTA_BINARY_PACKED data ends inside a block header")?;
        pos += miniblocks;
        for &width in widths {
            if left == 0 {
                break;
            }
            if width > max_width {
                return Err(format!("DELTA_BINARY_PACKED miniblock bit width {width} is more than {max_width}"));
            }
            let width = usize::from(width);
            let body = (per_miniblock / 8).saturating_mul(width);
            let take = per_miniblock.min(left);
            let rest = data.get(pos..).unwrap_or_default();
            let needed = take.saturating_mul(width).div_ceil(8);
            if rest.len() < needed {
                return Err(format!("DELTA_BINARY_PACKED miniblock needs {needed} bytes but {} are left", rest.len()));
            }
            let mut done = 0;
            while done < take {
                let group = rest.get(done / 8 * width..).unwrap_or_default();
                for v in unpack8_u64(group, width).into_iter().take(take - done) {
                    last = last.wrapping_add(min_delta).wrapping_add(i64::from_ne_bytes(v.to_ne_bytes()));
                    out.push(last);
                }
                done = (done + 8).min(take);
            }
            // The last miniblock may stop at the end of the data instead of its padding.
            pos = pos.saturating_add(body.min(rest.len()));
            left -= take;
        }
    }
    Ok(pos)
}

/// Decodes `count` DELTA_LENGTH_BYTE_ARRAY values, passing each to `each`.
/// Returns the bytes read.
pub(super) fn length_byte_array(data: &[u8], count: usize, mut each: impl FnMut(&[u8]) -> Result<(), String>) -> Result<usize, String> {
    let mut lengths = Vec::new();
    let mut pos = binary_packed(data, count, 32, &mut lengths)?;
    for (i, len) in lengths.into_iter().enumerate() {
        let len = usize::try_from(len).map_err(|_| format!("value {i} has length {len}"))?;
        let end = pos.checked_add(len).ok_or("length overflows")?;
        let value = data.get(pos..end).ok_or_else(|| format!("value {i} claims {len} bytes but the page has {} left", data.len().saturating_sub(pos)))?;
        each(value)?;
        pos = end;
    }
    Ok(pos)
}

/// Decodes `count` DELTA_BYTE_ARRAY values, passing each to `each`.
/// Returns the bytes read. The values rebuilt from one page may come to at
/// most 1 GiB in all (prefix sharing would otherwise let a small page stand
/// for a quadratic amount of work).
pub(super) fn byte_array(data: &[u8], count: usize, mut each: impl FnMut(&[u8]) -> Result<(), String>) -> Result<usize, String> {
    let mut prefixes = Vec::new();
    let pos = binary_packed(data, count, 32, &mut prefixes)?;
    let suffixes = data.get(pos..).unwrap_or_default();
    let mut prefixes = prefixes.into_iter().enumerate();
    let mut value: Vec<u8> = Vec::new();
    let mut rebuilt = 0usize;
    let used = length_byte_array(suffixes, count, |suffix| {
        let (i, prefix) = prefixes.next().ok_or("more suffixes than prefixes")?;
        let prefix = usize::try_from(prefix)
            .ok()
            .filter(|p| *p <= value.len())
            .ok_or_else(|| format!("value {i} shares a prefix of {prefix} bytes with a previous value of {} bytes", value.len()))?;
        value.truncate(prefix);
        value.extend_from_slice(suffix);
        rebuilt = rebuilt.saturating_add(value.len());
        if rebuilt > MAX_PAGE {
            return Err(format!("DELTA_BYTE_ARRAY values come to more than {MAX_PAGE} bytes"));
        }
        each(&value)
    })?;
    Ok(pos + used)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uleb(mut v: u64, out: &mut Vec<u8>) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                out.push(b);
                return;
            }
            out.push(b | 0x80);
        }
    }

    fn zz(v: i64, out: &mut Vec<u8>) {
        uleb(((v << 1) ^ (v >> 63)) as u64, out)
    }

    /// A minimal DELTA_BINARY_PACKED encoder for the tests: one block of 128
    /// values in 4 miniblocks of 32, widths as needed.
    fn encode(values: &[i64]) -> Vec<u8> {
        let mut out = Vec::new();
        uleb(128, &mut out);
        uleb(4, &mut out);
        uleb(values.len() as u64, &mut out);
        zz(values.first().copied().unwrap_or(0), &mut out);
        let deltas: Vec<i64> = values.windows(2).map(|w| w[1].wrapping_sub(w[0])).collect();
        for block in deltas.chunks(128) {
            let min = *block.iter().min().unwrap();
            zz(min, &mut out);
            let rel: Vec<u64> = block.iter().map(|d| d.wrapping_sub(min) as u64).collect();
            let minis: Vec<&[u64]> = rel.chunks(32).collect();
            let widths: Vec<usize> = (0..4).map(|m| minis.get(m).map_or(0, |c| 64 - c.iter().max().unwrap().leading_zeros() as usize)).collect();
            out.extend(widths.iter().map(|w| *w as u8));
            for (m, mini) in minis.iter().enumerate() {
                let w = widths[m];
                let mut bytes = vec![0u8; 32 * w / 8];
                for (i, v) in mini.iter().enumerate() {
                    for b in 0..w {
                        if v >> b & 1 == 1 {
                            bytes[(i * w + b) / 8] |= 1 << ((i * w + b) % 8);
                        }
                    }
                }
                out.extend(bytes);
            }
        }
        out
    }

    fn decode(data: &[u8], count: usize) -> Result<Vec<i64>, String> {
        let mut out = Vec::new();
        binary_packed(data, count, 64, &mut out)?;
        Ok(out)
    }

    #[test]
    fn the_spec_examples_with_a_valid_block_size() {
        // Example 1: 1, 2, 3, 4, 5 → min delta 1, bit width 0 (no miniblock data).
        let data = [0x80, 0x01, 4, 5, 2, 2, 0, 0, 0, 0];
        assert_eq!(decode(&data, 5), Ok(vec![1, 2, 3, 4, 5]));
        // Example 2: 7, 5, 3, 1, 2, 3, 4, 5 → min delta -2, relative deltas
        // 0, 0, 0, 3, 3, 3, 3 in 2 bits (a 32-value miniblock: 8 bytes).
        let mut data = vec![0x80, 0x01, 4, 8, 14, 3, 2, 0, 0, 0];
        data.extend([0b1100_0000, 0b0011_1111, 0, 0, 0, 0, 0, 0]);
        assert_eq!(decode(&data, 8), Ok(vec![7, 5, 3, 1, 2, 3, 4, 5]));
        assert_eq!(encode(&[7, 5, 3, 1, 2, 3, 4, 5]), data);
    }

    #[test]
    fn many_blocks_wrapping_and_exact_length() {
        let values: Vec<i64> = (0..1000).map(|i: i64| i.wrapping_mul(0x1234_5678_9abc).wrapping_add(if i % 7 == 0 { i64::MIN } else { 0 })).collect();
        let mut data = encode(&values);
        let n = data.len();
        data.extend(b"tail");
        let mut out = Vec::new();
        assert_eq!(binary_packed(&data, values.len(), 64, &mut out), Ok(n));
        assert_eq!(out, values);
        // A count other than the header's, and a width over the type's, are errors.
        assert!(decode(&data, 999).is_err());
        assert!(binary_packed(&data, 1000, 32, &mut out).unwrap_err().contains("more than 32"));
        // A truncation is an error, or (cut inside the last miniblock's padding) the same values.
        for cut in 0..n {
            if let Ok(v) = decode(&data[..cut], values.len()) {
                assert_eq!(v, values, "cut at {cut}");
                assert!(cut > n - 256, "cut at {cut} of {n}");
            }
        }
    }

    #[test]
    fn int32_values_wrap_in_32_bits() {
        let values = [i32::MAX, i32::MIN, 0, -1, i32::MIN];
        let deltas32: Vec<i64> = values.iter().map(|v| i64::from(*v)).collect();
        let mut out = Vec::new();
        binary_packed(&encode(&deltas32), 5, 64, &mut out).unwrap();
        assert_eq!(out.iter().map(|v| *v as i32).collect::<Vec<_>>(), values);
    }

    #[test]
    fn single_value_and_empty_streams_have_no_blocks() {
        assert_eq!(decode(&[0x80, 0x01, 4, 1, 0x0e], 1), Ok(vec![7]));
        assert_eq!(decode(&[0x80, 0x01, 4, 0, 0], 0), Ok(vec![]));
        assert!(decode(&[0x40, 4, 1, 0], 1).is_err(), "a block size that is not a multiple of 128");
    }

    #[test]
    fn delta_length_byte_array_spec_example() {
        // Encodings.md: "Hello", "World", "Foobar", "ABCDEF" → lengths 5, 5, 6, 6, then the bytes.
        let mut data = encode(&[5, 5, 6, 6]);
        data.extend(b"HelloWorldFoobarABCDEF");
        let mut seen = Vec::new();
        assert_eq!(
            length_byte_array(&data, 4, |b| {
                seen.push(String::from_utf8(b.to_vec()).unwrap());
                Ok(())
            }),
            Ok(data.len())
        );
        assert_eq!(seen, ["Hello", "World", "Foobar", "ABCDEF"]);
        assert!(length_byte_array(&data[..data.len() - 1], 4, |_| Ok(())).is_err());
    }

    #[test]
    fn delta_byte_array_spec_example() {
        // Encodings.md: "axis", "axle", "babble", "babyhood" → prefixes 0, 2, 0, 3;
        // suffix lengths 4, 2, 6, 5; suffixes "axislebabbleyhood".
        let mut data = encode(&[0, 2, 0, 3]);
        data.extend(encode(&[4, 2, 6, 5]));
        data.extend(b"axislebabbleyhood");
        let mut seen = Vec::new();
        assert_eq!(
            byte_array(&data, 4, |b| {
                seen.push(String::from_utf8(b.to_vec()).unwrap());
                Ok(())
            }),
            Ok(data.len())
        );
        assert_eq!(seen, ["axis", "axle", "babble", "babyhood"]);
        // A prefix longer than the previous value is an error.
        let mut bad = encode(&[0, 9]);
        bad.extend(encode(&[1, 1]));
        bad.extend(b"ab");
        assert!(byte_array(&bad, 2, |_| Ok(())).unwrap_err().contains("prefix of 9 bytes"));
    }

    #[test]
    fn header_faults_are_named() {
        assert_eq!(decode(&[0x80, 0x01, 4], 1), Err("varint runs past the end of the data".into()));
        let rules = |b: usize, m: usize| Err(format!("DELTA_BINARY_PACKED blocks of {b} values in {m} miniblocks break the spec's rules"));
        assert_eq!(decode(&[0, 4, 1, 0], 1), rules(0, 4));
        assert_eq!(decode(&[0x80, 0x01, 0, 1, 0], 1), rules(128, 0));
        // 128 values in 3 miniblocks, and in 8 (16 values each: not a multiple of 32).
        assert_eq!(decode(&[0x80, 0x01, 3, 1, 0], 1), rules(128, 3));
        assert_eq!(decode(&[0x80, 0x01, 8, 1, 0], 1), rules(128, 8));
        assert_eq!(decode(&[0x80, 0x01, 4, 5, 0], 4), Err("DELTA_BINARY_PACKED data holds 5 values, expected 4".into()));
    }

    #[test]
    fn block_faults_are_named() {
        // 2 values: first 0, then a block whose min delta is there but whose 4 width bytes are not.
        assert_eq!(decode(&[0x80, 0x01, 4, 2, 0, 2, 1, 1], 2), Err("DELTA_BINARY_PACKED data ends inside a block header".into()));
        // A block cut before its min delta.
        assert_eq!(decode(&[0x80, 0x01, 4, 2, 0], 2), Err("varint runs past the end of the data".into()));
        let mut data = vec![0x80, 0x01, 4, 2, 0, 2, 33, 0, 0, 0];
        assert_eq!(binary_packed(&data, 2, 32, &mut Vec::new()), Err("DELTA_BINARY_PACKED miniblock bit width 33 is more than 32".into()));
        // Width 65 is past even INT64's 64.
        data[6] = 65;
        assert_eq!(decode(&data, 2), Err("DELTA_BINARY_PACKED miniblock bit width 65 is more than 64".into()));
        // Width 8 for 9 values (8 deltas): 8 bytes needed, 5 present.
        let mut data = vec![0x80, 0x01, 4, 9, 0, 2, 8, 0, 0, 0];
        data.extend([1, 2, 3, 4, 5]);
        assert_eq!(decode(&data, 9), Err("DELTA_BINARY_PACKED miniblock needs 8 bytes but 5 are left".into()));
    }

    #[test]
    fn byte_array_faults_are_named() {
        // Lengths -1 (zigzag 1) and past the page.
        let mut data = encode(&[-1]);
        assert_eq!(length_byte_array(&data, 1, |_| Ok(())), Err("value 0 has length -1".into()));
        data = encode(&[2, 6]);
        data.extend(b"abcdef");
        assert_eq!(length_byte_array(&data, 2, |_| Ok(())), Err("value 1 claims 6 bytes but the page has 4 left".into()));
        // DELTA_BYTE_ARRAY: a negative prefix, and suffixes cut short.
        let mut bad = encode(&[0, -1]);
        bad.extend(encode(&[1, 1]));
        bad.extend(b"ab");
        assert_eq!(byte_array(&bad, 2, |_| Ok(())), Err("value 1 shares a prefix of -1 bytes with a previous value of 1 bytes".into()));
        let mut short = encode(&[0, 0]);
        short.extend(encode(&[1, 1]));
        short.extend(b"a");
        assert_eq!(byte_array(&short, 2, |_| Ok(())), Err("value 1 claims 1 bytes but the page has 0 left".into()));
        // The prefix stream's count must match too.
        let mut count = encode(&[0]);
        count.extend(encode(&[1, 1]));
        assert_eq!(byte_array(&count, 2, |_| Ok(())), Err("DELTA_BINARY_PACKED data holds 1 values, expected 2".into()));
    }
}
