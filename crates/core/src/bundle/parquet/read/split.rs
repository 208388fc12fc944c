//! BYTE_STREAM_SPLIT: fixed-width values stored byte plane by byte plane.
//!
//! apache/parquet-format Encodings.md, "Byte Stream Split:
//! (BYTE_STREAM_SPLIT = 9)": for N values of K bytes, K streams of N bytes;
//! stream k holds byte k of every value, the streams concatenated in order,
//! ending with the page (no length, no padding). Supported for FLOAT, DOUBLE,
//! INT32 and INT64 here.

/// Decodes the whole of `data` as `count` values of `K` bytes, converting each
/// with `from` and appending to `out`.
pub(super) fn decode<const K: usize, T>(data: &[u8], count: usize, from: impl Fn([u8; K]) -> T, out: &mut Vec<T>) -> Result<(), String> {
    if count.checked_mul(K) != Some(data.len()) {
        return Err(format!("BYTE_STREAM_SPLIT data of {} bytes does not hold {count} values of {K} bytes", data.len()));
    }
    if count == 0 {
        return Ok(());
    }
    let streams: Vec<&[u8]> = data.chunks_exact(count).collect();
    out.extend((0..count).map(|i| from(std::array::from_fn(|k| streams.get(k).and_then(|s| s.get(i)).copied().unwrap_or(0)))));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_example() {
        // Encodings.md: elements AA BB CC DD, 00 11 22 33, A3 B4 C5 D6 are stored
        // as AA 00 A3 BB 11 B4 CC 22 C5 DD 33 D6.
        let data = [0xaa, 0x00, 0xa3, 0xbb, 0x11, 0xb4, 0xcc, 0x22, 0xc5, 0xdd, 0x33, 0xd6];
        let mut out = Vec::new();
        decode(&data, 3, |b: [u8; 4]| b, &mut out).unwrap();
        assert_eq!(out, [[0xaa, 0xbb, 0xcc, 0xdd], [0x00, 0x11, 0x22, 0x33], [0xa3, 0xb4, 0xc5, 0xd6]]);
    }

    #[test]
    fn doubles_and_a_wrong_length() {
        let values = [1.25f64, -3.5, f64::MAX];
        let bytes: Vec<[u8; 8]> = values.iter().map(|v| v.to_le_bytes()).collect();
        let data: Vec<u8> = (0..8).flat_map(|k| bytes.iter().map(move |b| b[k])).collect();
        let mut out = Vec::new();
        decode(&data, 3, f64::from_le_bytes, &mut out).unwrap();
        assert_eq!(out, values);
        assert!(decode(&data[1..], 3, f64::from_le_bytes, &mut out).is_err());
        assert!(decode(&data, 4, f64::from_le_bytes, &mut out).is_err());
    }

    #[test]
    fn lengths_that_do_not_match_the_count_are_named() {
        let mut out: Vec<f32> = Vec::new();
        assert_eq!(decode(&[0; 7], 2, f32::from_le_bytes, &mut out), Err("BYTE_STREAM_SPLIT data of 7 bytes does not hold 2 values of 4 bytes".into()));
        assert_eq!(decode(&[0; 9], 2, f32::from_le_bytes, &mut out), Err("BYTE_STREAM_SPLIT data of 9 bytes does not hold 2 values of 4 bytes".into()));
        assert_eq!(
            decode(&[], usize::MAX, f32::from_le_bytes, &mut out),
            Err(format!("BYTE_STREAM_SPLIT data of 0 bytes does not hold {} values of 4 bytes", usize::MAX))
        );
        assert!(out.is_empty());
        assert_eq!(decode(&[], 0, f32::from_le_bytes, &mut out), Ok(()));
    }
}
