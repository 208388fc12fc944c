//! Page decompression: every codec pyarrow, DuckDB and polars write by
//! default or on request, in pure Rust so that it builds for wasm32.
//!
//! apache/parquet-format Compression.md: each page (after its header) is fed
//! as-is to the codec, except for the deprecated `LZ4`, which has Hadoop's
//! framing; the decompressed size is the header's `uncompressed_page_size`.
//! Here that size is checked twice: refused above [`MAX_PAGE`] before
//! anything is allocated, and compared with what the codec produced.
//!
//! - SNAPPY: the raw (block) format, `snap::raw`.
//! - GZIP: RFC 1952 members (one or more, as Compression.md asks readers to
//!   accept); the header and trailer (CRC-32, size) are checked here, the
//!   DEFLATE body is inflated by `miniz_oxide`.
//! - LZ4_RAW: the LZ4 block format, `lz4_flex` with its bounds checks on.
//! - LZ4 (deprecated): blocks of a 4-byte big-endian decompressed length, a
//!   4-byte big-endian compressed length and an LZ4 block; when that does not
//!   account for the page exactly, the page is tried as one raw LZ4 block (as
//!   some old writers wrote it, and as other readers fall back to).
//! - ZSTD: RFC 8878 frames, `ruzstd` (zstd-sys needs a C toolchain for wasm32).
//! - BROTLI and LZO: refused, naming the codec.

use miniz_oxide::inflate::core::{decompress as inflate, inflate_flags, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;

/// The largest page (decompressed) this reader accepts: 1 GiB.
pub(super) const MAX_PAGE: usize = 1 << 30;

/// `enum CompressionCodec` in parquet.thrift.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Codec {
    Uncompressed,
    Snappy,
    Gzip,
    Lzo,
    Brotli,
    Lz4,
    Zstd,
    Lz4Raw,
}

impl Codec {
    pub fn from_thrift(v: i32) -> Result<Codec, String> {
        Ok(match v {
            0 => Codec::Uncompressed,
            1 => Codec::Snappy,
            2 => Codec::Gzip,
            3 => Codec::Lzo,
            4 => Codec::Brotli,
            5 => Codec::Lz4,
            6 => Codec::Zstd,
            7 => Codec::Lz4Raw,
            _ => return Err(format!("has unknown compression codec {v}")),
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Codec::Uncompressed => "UNCOMPRESSED",
            Codec::Snappy => "SNAPPY",
            Codec::Gzip => "GZIP",
            Codec::Lzo => "LZO",
            Codec::Brotli => "BROTLI",
            Codec::Lz4 => "LZ4",
            Codec::Zstd => "ZSTD",
            Codec::Lz4Raw => "LZ4_RAW",
        }
    }
}

/// Decompresses `input` into `out`, which must come to exactly `size` bytes.
/// `out` is a buffer reused from page to page; its old contents are overwritten.
pub(super) fn decompress(codec: Codec, input: &[u8], size: usize, out: &mut Vec<u8>) -> Result<(), String> {
    if size > MAX_PAGE {
        return Err(format!("declares {size} bytes uncompressed, more than the {MAX_PAGE} healthdash accepts"));
    }
    if codec == Codec::Uncompressed {
        if input.len() != size {
            return Err(format!("is uncompressed but holds {} bytes, not the {size} its header declares", input.len()));
        }
        out.clear();
        out.extend_from_slice(input);
        return Ok(());
    }
    out.resize(size, 0);
    let written = match codec {
        Codec::Snappy => snappy(input, out)?,
        Codec::Gzip => gunzip(input, out)?,
        Codec::Lz4Raw => lz4_flex::block::decompress_into(input, out).map_err(|e| format!("corrupt LZ4_RAW data ({e})"))?,
        Codec::Lz4 => match lz4_hadoop(input, out) {
            Some(n) => n,
            None => lz4_flex::block::decompress_into(input, out).map_err(|e| format!("corrupt LZ4 data ({e})"))?,
        },
        Codec::Zstd => ruzstd::decoding::FrameDecoder::new().decode_all(input, out).map_err(|e| format!("corrupt ZSTD data ({e})"))?,
        Codec::Brotli | Codec::Lzo => {
            return Err(format!("is compressed with {}, which healthdash cannot decode; write the file with snappy, gzip, lz4 or zstd", codec.name()))
        }
        Codec::Uncompressed => size,
    };
    if written != size {
        return Err(format!("decompresses ({}) to {written} bytes, not the {size} its header declares", codec.name()));
    }
    Ok(())
}

fn snappy(input: &[u8], out: &mut [u8]) -> Result<usize, String> {
    let len = snap::raw::decompress_len(input).map_err(|e| format!("corrupt SNAPPY data ({e})"))?;
    if len != out.len() {
        return Err(format!("decompresses (SNAPPY) to {len} bytes, not the {} its header declares", out.len()));
    }
    snap::raw::Decoder::new().decompress(input, out).map_err(|e| format!("corrupt SNAPPY data ({e})"))
}

/// Hadoop-framed LZ4; `None` when the page is not laid out that way.
fn lz4_hadoop(input: &[u8], out: &mut [u8]) -> Option<usize> {
    let mut rest = input;
    let mut written = 0usize;
    while !rest.is_empty() {
        let raw = usize::try_from(u32::from_be_bytes(rest.get(..4)?.try_into().ok()?)).ok()?;
        let packed = usize::try_from(u32::from_be_bytes(rest.get(4..8)?.try_into().ok()?)).ok()?;
        let block_end = packed.checked_add(8)?;
        let block = rest.get(8..block_end)?;
        let end = written.checked_add(raw)?;
        let dst = out.get_mut(written..end)?;
        if lz4_flex::block::decompress_into(block, dst).ok()? != raw {
            return None;
        }
        written = end;
        rest = rest.get(block_end..)?;
    }
    (written == out.len()).then_some(written)
}

/// RFC 1952: one or more gzip members; returns the bytes written.
fn gunzip(mut input: &[u8], out: &mut [u8]) -> Result<usize, String> {
    let mut written = 0usize;
    let mut state = Box::<DecompressorOxide>::default();
    while !input.is_empty() {
        let body = gzip_header(input)?;
        let dst = out.get_mut(written..).ok_or("gzip output overflows")?;
        state.init();
        let (status, used, produced) = inflate(&mut state, body, dst, 0, inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF);
        match status {
            TINFLStatus::Done => {}
            TINFLStatus::HasMoreOutput => return Err(format!("decompresses (GZIP) to more than the {} bytes its header declares", out.len())),
            other => return Err(format!("corrupt GZIP data ({other:?})")),
        }
        let member_end = used.checked_add(8).ok_or("gzip overflow")?;
        let trailer = body.get(used..member_end).ok_or("GZIP data ends before its trailer")?;
        let (crc, isize) = trailer.split_at(4);
        let produced_bytes = dst.get(..produced).ok_or("gzip output overflows")?;
        if u32::from_le_bytes(crc.try_into().map_err(|_| "gzip trailer")?) != crc32(produced_bytes) {
            return Err("GZIP data fails its CRC-32 check".into());
        }
        // ISIZE is the size modulo 2^32.
        if u64::from(u32::from_le_bytes(isize.try_into().map_err(|_| "gzip trailer")?)) != (produced as u64) & 0xffff_ffff {
            return Err("GZIP data does not have the size its trailer gives".into());
        }
        written = written.checked_add(produced).ok_or("gzip output overflows")?;
        input = body.get(member_end..).ok_or("gzip trailer")?;
    }
    Ok(written)
}

/// Skips a gzip member header (RFC 1952 section 2.3), returning what follows it.
fn gzip_header(input: &[u8]) -> Result<&[u8], String> {
    const FHCRC: u8 = 2;
    const FEXTRA: u8 = 4;
    const FNAME: u8 = 8;
    const FCOMMENT: u8 = 16;
    let short = || "GZIP data ends inside a member header".to_string();
    let fixed = input.get(..10).ok_or_else(short)?;
    if fixed.get(..3) != Some([0x1f, 0x8b, 8].as_slice()) {
        return Err("not GZIP data (no 1f 8b 08 member header)".into());
    }
    let flags = fixed.get(3).copied().unwrap_or(0);
    if flags & 0xe0 != 0 {
        return Err("GZIP member header has reserved flags set".into());
    }
    let mut rest = input.get(10..).ok_or_else(short)?;
    if flags & FEXTRA != 0 {
        let xlen = usize::from(u16::from_le_bytes(rest.get(..2).ok_or_else(short)?.try_into().map_err(|_| short())?));
        rest = rest.get(2 + xlen..).ok_or_else(short)?;
    }
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            let nul = rest.iter().position(|b| *b == 0).ok_or_else(short)?;
            rest = rest.get(nul + 1..).ok_or_else(short)?;
        }
    }
    if flags & FHCRC != 0 {
        rest = rest.get(2..).ok_or_else(short)?;
    }
    Ok(rest)
}

/// The CRC-32 of RFC 1952 section 8 (polynomial 0xedb88320, reflected).
fn crc32(bytes: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut n = 0;
        while n < 256 {
            let mut c = n as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 { 0xedb8_8320 ^ (c >> 1) } else { c >> 1 };
                k += 1;
            }
            table[n] = c;
            n += 1;
        }
        table
    };
    !bytes.iter().fold(!0u32, |c, b| TABLE[usize::from((c as u8) ^ b)] ^ (c >> 8))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text() -> Vec<u8> {
        (0..5000u32).flat_map(|i| format!("E5400{:04},", i % 97).into_bytes()).collect()
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut out = vec![0x1f, 0x8b, 8, FNAME_FLAG, 0, 0, 0, 0, 0, 255];
        out.extend_from_slice(b"name\0");
        out.extend(miniz_oxide::deflate::compress_to_vec(data, 6));
        out.extend(crc32(data).to_le_bytes());
        out.extend((data.len() as u32).to_le_bytes());
        out
    }
    const FNAME_FLAG: u8 = 8;

    fn round_trip(codec: Codec, packed: &[u8], data: &[u8]) {
        let mut out = vec![7u8; 3];
        decompress(codec, packed, data.len(), &mut out).unwrap_or_else(|e| panic!("{codec:?}: {e}"));
        assert_eq!(out, data, "{codec:?}");
        // A wrong declared size is an error, never a panic or a silent truncation.
        assert!(decompress(codec, packed, data.len() - 1, &mut out).is_err(), "{codec:?}");
        assert!(decompress(codec, packed, data.len() + 1, &mut out).is_err(), "{codec:?}");
        // So is every truncation of the compressed bytes.
        for cut in [0, 1, packed.len() / 2, packed.len() - 1] {
            assert!(decompress(codec, &packed[..cut], data.len(), &mut out).is_err(), "{codec:?} cut at {cut}");
        }
    }

    #[test]
    fn every_codec_round_trips() {
        let data = text();
        round_trip(Codec::Uncompressed, &data, &data);
        round_trip(Codec::Snappy, &snap::raw::Encoder::new().compress_vec(&data).unwrap(), &data);
        round_trip(Codec::Gzip, &gzip(&data), &data);
        round_trip(Codec::Lz4Raw, &lz4_flex::block::compress(&data), &data);
        round_trip(Codec::Zstd, &ruzstd::encoding::compress_to_vec(data.as_slice(), ruzstd::encoding::CompressionLevel::Fastest), &data);
        // Hadoop framing: two blocks.
        let (a, b) = data.split_at(20_000);
        let mut hadoop = Vec::new();
        for part in [a, b] {
            let block = lz4_flex::block::compress(part);
            hadoop.extend((part.len() as u32).to_be_bytes());
            hadoop.extend((block.len() as u32).to_be_bytes());
            hadoop.extend(block);
        }
        round_trip(Codec::Lz4, &hadoop, &data);
    }

    #[test]
    fn lz4_without_hadoop_framing_is_read_as_one_block() {
        let data = text();
        let mut out = Vec::new();
        decompress(Codec::Lz4, &lz4_flex::block::compress(&data), data.len(), &mut out).unwrap();
        assert_eq!(out, data);
    }

    #[test]
    fn gzip_with_two_members_and_a_bad_checksum() {
        let data = text();
        let (a, b) = data.split_at(1234);
        let two = [gzip(a), gzip(b)].concat();
        let mut out = Vec::new();
        decompress(Codec::Gzip, &two, data.len(), &mut out).unwrap();
        assert_eq!(out, data);
        let mut bad = gzip(&data);
        let n = bad.len();
        bad[n - 8] ^= 1;
        assert_eq!(decompress(Codec::Gzip, &bad, data.len(), &mut out).unwrap_err(), "GZIP data fails its CRC-32 check");
    }

    #[test]
    fn crc32_check_value() {
        // The standard check value of CRC-32 (ISO-HDLC): "123456789" → cbf43926.
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
    }

    #[test]
    fn brotli_and_oversized_pages_are_refused_by_name() {
        let mut out = Vec::new();
        let e = decompress(Codec::Brotli, b"x", 1, &mut out).unwrap_err();
        assert!(e.contains("BROTLI"), "{e}");
        let e = decompress(Codec::Snappy, b"x", MAX_PAGE + 1, &mut out).unwrap_err();
        assert!(e.contains("more than the"), "{e}");
        assert!(out.capacity() < 1024, "nothing allocated for an oversized page");
    }

    #[test]
    fn gzip_faults_are_named() {
        let data = text();
        let good = gzip(&data);
        let mut out = Vec::new();
        let mut gz = |bytes: &[u8]| decompress(Codec::Gzip, bytes, data.len(), &mut out).unwrap_err();
        assert_eq!(gz(&good[..5]), "GZIP data ends inside a member header");
        assert_eq!(gz(&[&[0x1f, 0x8b, 7][..], &good[3..]].concat()), "not GZIP data (no 1f 8b 08 member header)");
        let mut reserved = good.clone();
        reserved[3] |= 0x20;
        assert_eq!(gz(&reserved), "GZIP member header has reserved flags set");
        // FNAME set but no NUL before the end.
        assert_eq!(gz(&good[..12]), "GZIP data ends inside a member header");
        assert_eq!(gz(&good[..good.len() - 4]), "GZIP data ends before its trailer");
        let mut size = good.clone();
        let n = size.len();
        size[n - 1] ^= 1;
        assert_eq!(gz(&size), "GZIP data does not have the size its trailer gives");
        assert_eq!(gz(&[good.clone(), good.clone()].concat()), format!("decompresses (GZIP) to more than the {} bytes its header declares", data.len()));
        let mut body = good;
        body[20] ^= 0xff;
        assert!(gz(&body).starts_with("corrupt GZIP data") || gz(&body) == "GZIP data fails its CRC-32 check", "{}", gz(&body));
    }

    #[test]
    fn other_codec_faults_are_named() {
        let data = text();
        let mut out = Vec::new();
        let snappy = snap::raw::Encoder::new().compress_vec(&data).unwrap();
        let e = decompress(Codec::Snappy, &snappy, data.len() + 1, &mut out).unwrap_err();
        assert_eq!(e, format!("decompresses (SNAPPY) to {} bytes, not the {} its header declares", data.len(), data.len() + 1));
        assert!(decompress(Codec::Snappy, &[0xff], 1, &mut out).unwrap_err().starts_with("corrupt SNAPPY data ("));
        assert!(decompress(Codec::Lz4Raw, &[0xf0], 10, &mut out).unwrap_err().starts_with("corrupt LZ4_RAW data ("));
        assert!(decompress(Codec::Lz4, &[0xf0], 10, &mut out).unwrap_err().starts_with("corrupt LZ4 data ("));
        assert!(decompress(Codec::Zstd, &[1, 2, 3, 4], 10, &mut out).unwrap_err().starts_with("corrupt ZSTD data ("));
        assert_eq!(decompress(Codec::Uncompressed, b"abc", 4, &mut out).unwrap_err(), "is uncompressed but holds 3 bytes, not the 4 its header declares");
        assert_eq!(
            decompress(Codec::Lzo, b"x", 1, &mut out).unwrap_err(),
            "is compressed with LZO, which healthdash cannot decode; write the file with snappy, gzip, lz4 or zstd"
        );
        assert_eq!(Codec::from_thrift(8), Err("has unknown compression codec 8".into()));
        assert_eq!(Codec::from_thrift(-1), Err("has unknown compression codec -1".into()));
    }
}
