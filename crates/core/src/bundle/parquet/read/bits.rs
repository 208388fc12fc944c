//! Bit-level reading shared by the RLE/bit-packing hybrid and the delta
//! encoding: ULEB-128 varints and LSB-first bit unpacking.
//!
//! apache/parquet-format Encodings.md, "Run Length Encoding / Bit-Packing
//! Hybrid", note 1: values are packed from the least significant bit of each
//! byte to the most significant, each value's bits in their usual order, so
//! eight values of width `w` take exactly `w` bytes; "Delta Encoding" packs
//! its miniblocks the same way. Note 2 there: varints are ULEB-128.
//!
//! The unpackers take a group's bytes as a slice that may be shorter than a
//! full group (the end of a page): missing bytes read as zero, and callers
//! only use the values whose bits were present.

/// Reads a ULEB-128 varint of at most 10 bytes at `*pos`, advancing it.
pub(super) fn uleb128(data: &[u8], pos: &mut usize) -> Result<u64, String> {
    let mut value = 0u64;
    for i in 0..10 {
        let b = *data.get(*pos).ok_or("varint runs past the end of the data")?;
        *pos += 1;
        value |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err("varint longer than 10 bytes".into())
}

/// Zigzag decoding (0, 1, 2, 3, … → 0, -1, 1, -2, …) of a ULEB-128 varint.
pub(super) fn zigzag(data: &[u8], pos: &mut usize) -> Result<i64, String> {
    let v = uleb128(data, pos)?;
    Ok(i64::from_ne_bytes((v >> 1).to_ne_bytes()) ^ -i64::from_ne_bytes((v & 1).to_ne_bytes()))
}

/// Eight little-endian bytes of `buf` from `at`, or zero past its end.
#[inline(always)]
fn word<const N: usize>(buf: &[u8; N], at: usize) -> u64 {
    match buf.get(at..at.saturating_add(8)).and_then(|s| <[u8; 8]>::try_from(s).ok()) {
        Some(b) => u64::from_le_bytes(b),
        None => 0,
    }
}

#[inline(always)]
fn unpack32_w<const W: usize>(buf: &[u8; 40]) -> [u32; 8] {
    let mask = if W >= 32 { u64::from(u32::MAX) } else { (1u64 << W) - 1 };
    let mut out = [0u32; 8];
    for (i, v) in out.iter_mut().enumerate() {
        let bit = i * W;
        // Masked to at most 32 bits, so the conversion cannot fail.
        *v = u32::try_from((word(buf, bit / 8) >> (bit % 8)) & mask).unwrap_or(0);
    }
    out
}

/// Unpacks eight values of `width` bits (at most 32) from `src`, a group of
/// `width` bytes or fewer (missing bytes read as zero).
#[inline]
pub(super) fn unpack8_u32(src: &[u8], width: usize) -> [u32; 8] {
    let mut buf = [0u8; 40];
    let n = src.len().min(width).min(32);
    if let (Some(dst), Some(s)) = (buf.get_mut(..n), src.get(..n)) {
        dst.copy_from_slice(s);
    }
    macro_rules! by_width {
        ($($w:literal)*) => {
            match width {
                $($w => unpack32_w::<$w>(&buf),)*
                _ => [0; 8],
            }
        };
    }
    by_width!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32)
}

/// Unpacks eight values of `width` bits (at most 64) from `src`, a group of
/// `width` bytes or fewer (missing bytes read as zero).
pub(super) fn unpack8_u64(src: &[u8], width: usize) -> [u64; 8] {
    let mut out = [0u64; 8];
    if width == 0 || width > 64 {
        return out;
    }
    let mut buf = [0u8; 80];
    let n = src.len().min(width);
    if let (Some(dst), Some(s)) = (buf.get_mut(..n), src.get(..n)) {
        dst.copy_from_slice(s);
    }
    let mask = if width == 64 { u64::MAX } else { (1u64 << width) - 1 };
    for (i, v) in out.iter_mut().enumerate() {
        let bit = i * width;
        let (at, shift) = (bit / 8, bit % 8);
        let low = word(&buf, at) >> shift;
        // Bits past the first word (a value may straddle nine bytes).
        let high = if shift == 0 { 0 } else { word(&buf, at + 8) << (64 - shift) };
        *v = (low | high) & mask;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_example_of_bit_packing() {
        // Encodings.md: 0..7 with bit width 3 → 10001000 11000110 11111010.
        assert_eq!(unpack8_u32(&[0b1000_1000, 0b1100_0110, 0b1111_1010], 3), [0, 1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(unpack8_u64(&[0b1000_1000, 0b1100_0110, 0b1111_1010], 3), [0, 1, 2, 3, 4, 5, 6, 7]);
        // A short group: only the first three values' bits are present.
        assert_eq!(&unpack8_u32(&[0b1000_1000, 0b0000_0010], 3)[..3], &[0, 1, 2]);
    }

    #[test]
    fn every_width_round_trips() {
        for width in 1..=64usize {
            let mask = if width == 64 { u64::MAX } else { (1u64 << width) - 1 };
            let values: [u64; 8] = std::array::from_fn(|i| (0x9e37_79b9_7f4a_7c15u64.wrapping_mul(i as u64 + 1)) & mask);
            let mut packed = vec![0u8; width];
            for (i, v) in values.iter().enumerate() {
                for b in 0..width {
                    if v >> b & 1 == 1 {
                        let bit = i * width + b;
                        packed[bit / 8] |= 1 << (bit % 8);
                    }
                }
            }
            assert_eq!(unpack8_u64(&packed, width), values, "width {width}");
            if width <= 32 {
                assert_eq!(unpack8_u32(&packed, width).map(u64::from), values, "width {width}");
            }
        }
    }

    #[test]
    fn varints() {
        let mut pos = 0;
        assert_eq!(uleb128(&[0xac, 0x02, 0x05], &mut pos), Ok(300));
        assert_eq!(zigzag(&[0xac, 0x02, 0x05], &mut pos), Ok(-3));
        assert_eq!(pos, 3);
        assert!(uleb128(&[0x80], &mut 0).is_err());
    }

    #[test]
    fn varint_faults_are_named() {
        let mut pos = 0;
        assert_eq!(uleb128(&[0x81, 0x80], &mut pos), Err("varint runs past the end of the data".into()));
        assert_eq!(uleb128(&[0xff; 11], &mut 0), Err("varint longer than 10 bytes".into()));
        assert_eq!(zigzag(&[], &mut 0), Err("varint runs past the end of the data".into()));
        // The largest 10-byte varint: bits past 64 are dropped, not a panic.
        assert_eq!(uleb128(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], &mut 0), Ok(u64::MAX));
    }

    #[test]
    fn widths_out_of_range_unpack_to_zero_not_a_panic() {
        assert_eq!(unpack8_u32(&[0xff; 40], 33), [0; 8]);
        assert_eq!(unpack8_u32(&[0xff; 40], 0), [0; 8]);
        assert_eq!(unpack8_u64(&[0xff; 80], 65), [0; 8]);
    }
}
