//! The PLAIN encoding of the physical types bundle columns use.
//!
//! apache/parquet-format Encodings.md, "Plain: (PLAIN = 0)": values back to
//! back; INT32 and FLOAT in 4 bytes, INT64 and DOUBLE in 8, little endian
//! (IEEE 754 for the floats); BYTE_ARRAY as a 4-byte little-endian length
//! followed by that many bytes. Dictionary pages are PLAIN too
//! (Encodings.md, "Dictionary Encoding"). BOOLEAN, INT96 and
//! FIXED_LEN_BYTE_ARRAY are not read: no bundle column can have those types,
//! so such a column is refused by type before its pages are read.

/// Decodes `count` fixed-width values of `K` bytes each, converting each with
/// `from` and appending to `out`. Returns the bytes read.
pub(super) fn fixed<const K: usize, T>(data: &[u8], count: usize, from: impl Fn([u8; K]) -> T, out: &mut Vec<T>) -> Result<usize, String> {
    let bytes = count.checked_mul(K).ok_or("value count overflows")?;
    let data = data.get(..bytes).ok_or_else(|| format!("{count} PLAIN values need {bytes} bytes but the page has {}", data.len()))?;
    // chunks_exact(K) yields K-byte slices only, so the conversion cannot fail.
    out.extend(data.chunks_exact(K).map(|c| from(<[u8; K]>::try_from(c).unwrap_or([0; K]))));
    Ok(bytes)
}

/// Decodes `count` PLAIN byte arrays, passing each to `each`. Returns the bytes read.
pub(super) fn byte_arrays<'a>(data: &'a [u8], count: usize, mut each: impl FnMut(&'a [u8]) -> Result<(), String>) -> Result<usize, String> {
    let mut pos = 0usize;
    for i in 0..count {
        let len = data.get(pos..pos.saturating_add(4)).ok_or_else(|| format!("the page ends before string {i} of {count}"))?;
        let len = u32::from_le_bytes(len.try_into().map_err(|_| "string length")?);
        let len = usize::try_from(len).map_err(|_| "string length does not fit in memory")?;
        let start = pos + 4;
        let end = start.checked_add(len).ok_or("string length overflows")?;
        let value = data.get(start..end).ok_or_else(|| format!("string {i} claims {len} bytes but the page has {} left", data.len() - start))?;
        each(value)?;
        pos = end;
    }
    Ok(pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_width_values() {
        let mut out = Vec::new();
        let data = [1.5f64.to_le_bytes(), (-2.0f64).to_le_bytes()].concat();
        assert_eq!(fixed(&data, 2, f64::from_le_bytes, &mut out), Ok(16));
        assert_eq!(out, [1.5, -2.0]);
        let mut ints = Vec::new();
        assert_eq!(fixed(&[1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff], 2, i32::from_le_bytes, &mut ints), Ok(8));
        assert_eq!(ints, [1, -1]);
        assert!(fixed(&data, 3, f64::from_le_bytes, &mut out).is_err());
        assert!(fixed(&data, usize::MAX, f64::from_le_bytes, &mut out).is_err());
    }

    #[test]
    fn byte_arrays_with_length_prefixes() {
        let data = [&5u32.to_le_bytes()[..], b"Hello", &0u32.to_le_bytes(), &5u32.to_le_bytes(), b"World"].concat();
        let mut seen = Vec::new();
        assert_eq!(
            byte_arrays(&data, 3, |b| {
                seen.push(b.to_vec());
                Ok(())
            }),
            Ok(data.len())
        );
        assert_eq!(seen, [b"Hello".to_vec(), vec![], b"World".to_vec()]);
        // A length running past the page (the arrow2 panic in tests/fuzz_regressions.rs).
        let bad = [&50u32.to_le_bytes()[..], b"Hello"].concat();
        assert_eq!(byte_arrays(&bad, 1, |_| Ok(())).unwrap_err(), "string 0 claims 50 bytes but the page has 5 left");
        assert!(byte_arrays(&[0xff, 0xff, 0xff, 0xff], 1, |_| Ok(())).is_err());
    }

    #[test]
    fn short_and_overflowing_pages_are_named() {
        let mut out: Vec<f64> = Vec::new();
        assert_eq!(fixed(&[0; 15], 2, f64::from_le_bytes, &mut out), Err("2 PLAIN values need 16 bytes but the page has 15".into()));
        assert_eq!(fixed(&[0; 8], usize::MAX, f64::from_le_bytes, &mut out), Err("value count overflows".into()));
        assert!(out.is_empty(), "nothing appended from a short page");
        let data = [&1u32.to_le_bytes()[..], b"a", &[0, 0]].concat();
        assert_eq!(byte_arrays(&data, 2, |_| Ok(())), Err("the page ends before string 1 of 2".into()));
        assert_eq!(byte_arrays(&[0xff, 0xff, 0xff, 0xff], 1, |_| Ok(())), Err("string 0 claims 4294967295 bytes but the page has 0 left".into()));
        // The caller's refusal (a UTF-8 check) is passed on as it is.
        assert_eq!(byte_arrays(&data, 1, |_| Err("not UTF-8".into())), Err("not UTF-8".into()));
    }
}
