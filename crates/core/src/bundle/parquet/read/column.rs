//! One column chunk, page by page: decompression, definition levels and the
//! hand-over of each page's values to a [`Decoder`] (strings, numbers or
//! dates), with exactly the row group's number of values or an error.
//!
//! apache/parquet-format README ("Column chunks", "Data Pages", "Nulls"):
//! a chunk is its optional dictionary page, then data pages until the
//! chunk's values are all there; in a flat schema each value is one row, and
//! an optional column's nulls are the rows whose definition level is 0. The
//! value encodings themselves are in `encoding.rs` and the files it uses.

use super::codec::{decompress, Codec};
use super::encoding::{self, PLAIN, PLAIN_DICTIONARY};
use super::levels;
use super::page::{PageKind, Pages};
use crate::bundle::BundleError;

/// Why a column could not be decoded.
#[derive(Debug)]
pub(super) enum Fail {
    /// The file breaks the format; the caller adds where (row group, column).
    Malformed(String),
    /// A value breaks the bundle format (it names file, row and column already).
    Bundle(BundleError),
}

impl From<String> for Fail {
    fn from(message: String) -> Fail {
        Fail::Malformed(message)
    }
}

impl From<&str> for Fail {
    fn from(message: &str) -> Fail {
        Fail::Malformed(message.to_string())
    }
}

/// A data page's values, decompressed, with its definition levels decoded.
pub(super) struct DataPage<'a> {
    pub encoding: i32,
    /// One 0 (null) or 1 per row, for an optional column; `None`: no nulls.
    pub levels: Option<&'a [u8]>,
    pub rows: usize,
    /// Non-null values: the number of values encoded in `values`.
    pub present: usize,
    pub values: &'a [u8],
    /// The file row of the page's first value (for errors).
    pub first_row: usize,
}

/// What one kind of column does with a chunk's pages.
pub(super) trait Decoder {
    /// The chunk's dictionary page (PLAIN-encoded values) of `count` entries.
    fn dictionary(&mut self, data: &[u8], count: usize) -> Result<(), Fail>;
    /// One data page; must append exactly `page.rows` values.
    fn data(&mut self, page: DataPage<'_>) -> Result<(), Fail>;
}

/// Buffers reused from page to page.
#[derive(Default)]
pub(super) struct Scratch {
    page: Vec<u8>,
    levels: Vec<u8>,
}

/// A page's bytes after decompression: the chunk's own bytes when uncompressed.
fn bytes<'b>(codec: Codec, body: &'b [u8], size: usize, buf: &'b mut Vec<u8>) -> Result<&'b [u8], String> {
    if codec == Codec::Uncompressed {
        if body.len() != size {
            return Err(format!("is uncompressed but holds {} bytes, not the {size} its header declares", body.len()));
        }
        return Ok(body);
    }
    decompress(codec, body, size, buf)?;
    Ok(buf.as_slice())
}

/// Decodes a column chunk of `rows` values, the first being file row `first_row`.
pub(super) fn decode_chunk(
    chunk: &[u8],
    codec: Codec,
    optional: bool,
    rows: usize,
    first_row: usize,
    decoder: &mut dyn Decoder,
    scratch: &mut Scratch,
) -> Result<(), Fail> {
    let mut pages = Pages::new(chunk);
    let (mut done, mut index, mut dictionary, mut data_pages) = (0usize, 0usize, false, false);
    while done < rows {
        let at = |e: Fail| match e {
            Fail::Malformed(m) => Fail::Malformed(format!("page {index}: {m}")),
            other => other,
        };
        let Some((header, body)) = pages.next_page().map_err(|m| at(m.into()))? else {
            return Err(format!("the column chunk ends after {done} of its {rows} values").into());
        };
        let Scratch { page, levels: level_buf } = scratch;
        match header.kind {
            PageKind::Dictionary(d) => {
                if dictionary || data_pages {
                    return Err(at("a dictionary page after the first page of the column chunk".into()));
                }
                if d.encoding != PLAIN && d.encoding != PLAIN_DICTIONARY {
                    return Err(at(format!("the dictionary page uses {}, expected PLAIN", encoding::name(d.encoding)).into()));
                }
                let data = bytes(codec, body, header.uncompressed_size, page).map_err(|m| at(m.into()))?;
                decoder.dictionary(data, d.num_values).map_err(at)?;
                dictionary = true;
            }
            PageKind::DataV1(h) => {
                let n = check_count(h.num_values, rows - done).map_err(|m| at(m.into()))?;
                let data = bytes(codec, body, header.uncompressed_size, page).map_err(|m| at(m.into()))?;
                let (levels, values) = if optional {
                    let used = levels::decode_v1(h.definition_level_encoding, data, n, level_buf).map_err(|m| at(m.into()))?;
                    (Some(level_buf.as_slice()), data.get(used..).unwrap_or_default())
                } else {
                    (None, data)
                };
                let present = levels.map_or(n, count_present);
                decoder.data(DataPage { encoding: h.encoding, levels, rows: n, present, values, first_row: first_row + done }).map_err(at)?;
                done += n;
                data_pages = true;
            }
            PageKind::DataV2(h) => {
                let n = check_count(h.num_values, rows - done).map_err(|m| at(m.into()))?;
                let (rep, def) = (h.repetition_levels_byte_length, h.definition_levels_byte_length);
                let level_bytes = rep.checked_add(def).ok_or_else(|| at("level lengths overflow".into()))?;
                let def_bytes =
                    body.get(rep..level_bytes).ok_or_else(|| at(format!("levels claim {level_bytes} bytes of a {}-byte page", body.len()).into()))?;
                let stored = body.get(level_bytes..).unwrap_or_default();
                let size = header.uncompressed_size.checked_sub(level_bytes).ok_or_else(|| at("levels are longer than the uncompressed page".into()))?;
                let values = if h.is_compressed { bytes(codec, stored, size, page) } else { bytes(Codec::Uncompressed, stored, size, page) };
                let values = values.map_err(|m| at(m.into()))?;
                let levels = if optional && !(def == 0 && h.num_nulls == 0) {
                    levels::decode_v2(def_bytes, n, level_buf).map_err(|m| at(m.into()))?;
                    Some(level_buf.as_slice())
                } else {
                    None
                };
                let present = levels.map_or(n, count_present);
                decoder.data(DataPage { encoding: h.encoding, levels, rows: n, present, values, first_row: first_row + done }).map_err(at)?;
                done += n;
                data_pages = true;
            }
            PageKind::Skipped => {}
        }
        index += 1;
    }
    Ok(())
}

fn check_count(n: usize, left: usize) -> Result<usize, String> {
    if n > left {
        return Err(format!("holds {n} values but only {left} rows of the row group are left"));
    }
    Ok(n)
}

fn count_present(levels: &[u8]) -> usize {
    levels.iter().map(|l| usize::from(*l)).sum()
}

/// Appends a page's rows to `out`: `values` are its non-null values in
/// order, and each row whose definition level is 0 gets `null`.
/// Appends the values of a dictionary-encoded data page: its indices
/// (`page.present` of them) looked up in the chunk's `dictionary`, with an
/// index past the dictionary's end an error, not a panic.
pub(super) fn from_dictionary<T: Copy>(page: &DataPage<'_>, dictionary: Option<&[T]>, indices: &mut Vec<u32>, out: &mut Vec<T>) -> Result<(), String> {
    let dictionary = dictionary.ok_or("values are dictionary-encoded but the column chunk has no dictionary page")?;
    encoding::indices(page.values, page.present, indices)?;
    for i in indices.iter() {
        let v = usize::try_from(*i)
            .ok()
            .and_then(|i| dictionary.get(i))
            .ok_or_else(|| format!("dictionary index {i} is out of range (the dictionary has {} values)", dictionary.len()))?;
        out.push(*v);
    }
    Ok(())
}

pub(super) fn spread<T: Copy>(levels: Option<&[u8]>, values: &[T], null: T, out: &mut Vec<T>) -> Result<(), String> {
    match levels {
        None => out.extend_from_slice(values),
        Some(levels) => {
            let mut it = values.iter();
            for level in levels {
                out.push(if *level == 0 { null } else { *it.next().ok_or("fewer values than the definition levels promise")? });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::parquet::read::dates::DateDecoder;
    use crate::bundle::parquet::read::encoding::{Number, RLE_DICTIONARY};
    use crate::bundle::parquet::read::numbers::NumberDecoder;
    use crate::bundle::parquet::read::strings::{StringDecoder, Strings};

    fn zz(v: i64, out: &mut Vec<u8>) {
        let mut u = ((v << 1) ^ (v >> 63)) as u64;
        loop {
            let b = (u & 0x7f) as u8;
            u >>= 7;
            if u == 0 {
                out.push(b);
                return;
            }
            out.push(b | 0x80);
        }
    }

    /// A PageHeader in the compact protocol: type, sizes, then the sub-header
    /// (field 5 for a data page V1, 7 for a dictionary page) of i32 fields 1, 2, ….
    fn page(kind: i64, sub: &[i64], body: &[u8]) -> Vec<u8> {
        let mut h = Vec::new();
        for v in [kind, body.len() as i64, body.len() as i64] {
            h.push(0x15);
            zz(v, &mut h);
        }
        h.push(if kind == 2 { 0x4c } else { 0x2c });
        for v in sub {
            h.push(0x15);
            zz(*v, &mut h);
        }
        h.extend([0, 0]);
        h.extend_from_slice(body);
        h
    }

    fn data_v1(n: i64, encoding: i64, body: &[u8]) -> Vec<u8> {
        page(0, &[n, encoding, 3, 3], body)
    }

    fn plain_strings(items: &[&[u8]]) -> Vec<u8> {
        items.iter().flat_map(|s| [&(s.len() as u32).to_le_bytes()[..], s].concat()).collect()
    }

    fn strings(chunk: &[u8], optional: bool, rows: usize) -> Result<DictColumn, Fail> {
        let mut out = Strings::default();
        decode_chunk(chunk, Codec::Uncompressed, optional, rows, 0, &mut StringDecoder::new(&mut out, false, true), &mut Scratch::default())?;
        Ok(out.col)
    }
    use crate::bundle::DictColumn;

    fn message(e: Fail) -> String {
        match e {
            Fail::Malformed(m) => m,
            Fail::Bundle(e) => e.to_string(),
        }
    }

    #[test]
    fn a_dictionary_chunk_maps_indices_through_the_merged_dictionary() {
        let dict = page(2, &[2, 0], &plain_strings(&[b"b", b"a"]));
        // Bit width 1, one bit-packed group: 1, 0, 0, 1 → "a", "b", "b", "a".
        let chunk = [dict, data_v1(4, 8, &[1, 0x03, 0b1001])].concat();
        let col = strings(&chunk, false, 4).unwrap();
        assert_eq!(col.values, ["b", "a"]);
        assert_eq!(col.codes, [1, 0, 0, 1]);
    }

    #[test]
    fn an_index_past_the_dictionary_is_an_error_naming_the_page() {
        let chunk = [page(2, &[2, 0], &plain_strings(&[b"b", b"a"])), data_v1(2, 8, &[2, 4, 2])].concat();
        assert_eq!(message(strings(&chunk, false, 2).unwrap_err()), "page 1: dictionary index 2 is out of range (the dictionary has 2 values)");
        let chunk = data_v1(2, RLE_DICTIONARY.into(), &[1, 4, 0]);
        assert!(message(strings(&chunk, false, 2).unwrap_err()).contains("no dictionary page"));
    }

    #[test]
    fn invalid_utf8_and_lengths_past_the_page_are_errors() {
        let chunk = data_v1(1, 0, &plain_strings(&[b"\xff\xfe"]));
        assert!(message(strings(&chunk, false, 1).unwrap_err()).starts_with("page 0: a string value is not valid UTF-8"));
        let chunk = data_v1(1, 0, &[9, 0, 0, 0, b'a']);
        assert_eq!(message(strings(&chunk, false, 1).unwrap_err()), "page 0: string 0 claims 9 bytes but the page has 1 left");
    }

    #[test]
    fn a_chunk_must_hold_exactly_its_row_groups_rows() {
        let chunk = data_v1(2, 0, &plain_strings(&[b"x", b"y"]));
        assert_eq!(message(strings(&chunk, false, 3).unwrap_err()), "the column chunk ends after 2 of its 3 values");
        assert_eq!(message(strings(&chunk, false, 1).unwrap_err()), "page 0: holds 2 values but only 1 rows of the row group are left");
        // Two pages make up the rows.
        let two = [chunk.clone(), data_v1(1, 0, &plain_strings(&[b"x"]))].concat();
        assert_eq!(strings(&two, false, 3).unwrap().codes, [0, 1, 0]);
    }

    #[test]
    fn nulls_of_an_optional_string_column_are_empty_strings() {
        // V1 levels: a 2-byte length, then one bit-packed group 1, 0, 1.
        let mut body = vec![2, 0, 0, 0, 0x03, 0b101];
        body.extend(plain_strings(&[b"p", b"q"]));
        let col = strings(&data_v1(3, 0, &body), true, 3).unwrap();
        assert_eq!(col.values, ["p", "q", ""]);
        assert_eq!(col.codes, [0, 2, 1]);
    }

    #[test]
    fn a_stored_nan_names_its_row_and_nulls_are_nan() {
        let mut body = vec![2, 0, 0, 0, 0x03, 0b1101];
        for v in [1.0, f64::NAN, 2.0] {
            body.extend(v.to_le_bytes());
        }
        let mut out = Vec::new();
        let mut d = NumberDecoder::new(&mut out, Some(Number::F64), "f.parquet", "value");
        let e = decode_chunk(&data_v1(4, 0, &body), Codec::Uncompressed, true, 4, 100, &mut d, &mut Scratch::default()).unwrap_err();
        // Non-null values sit at rows 0, 2 and 3 of the page; the NaN is the second, so row 102.
        assert_eq!(message(e), "f.parquet: row 102, column \"value\": NaN is not a value (write null for a missing value)");
        let mut body = vec![2, 0, 0, 0, 0x03, 0b101];
        body.extend([1.5f64.to_le_bytes(), 2.5f64.to_le_bytes()].concat());
        let mut out = Vec::new();
        decode_chunk(
            &data_v1(3, 0, &body),
            Codec::Uncompressed,
            true,
            3,
            0,
            &mut NumberDecoder::new(&mut out, Some(Number::F64), "f", "v"),
            &mut Scratch::default(),
        )
        .unwrap();
        assert_eq!(out[0], 1.5);
        assert!(out[1].is_nan());
        assert_eq!(out[2], 2.5);
    }

    #[test]
    fn dates_missing_out_of_range_and_in_range() {
        let run = |optional: bool, body: &[u8], per_day: Option<i64>, rows: usize| {
            let mut out = Vec::new();
            let chunk = data_v1(rows as i64, 0, body);
            decode_chunk(
                &chunk,
                Codec::Uncompressed,
                optional,
                rows,
                10,
                &mut DateDecoder::new(&mut out, per_day, "f", "period_start"),
                &mut Scratch::default(),
            )
            .map(|_| out)
            .map_err(message)
        };
        let mut body = vec![2, 0, 0, 0, 0x03, 0b01];
        body.extend(19_000i32.to_le_bytes());
        assert_eq!(run(true, &body, None, 2).unwrap_err(), "f: row 11, column \"period_start\": date is missing");
        // Milliseconds before 1970 fall on the day before.
        let ms = [(-1i64).to_le_bytes(), (86_400_000i64 * 19_000).to_le_bytes()].concat();
        assert_eq!(run(false, &ms, Some(86_400_000), 2), Ok(vec![-1, 19_000]));
        let e = run(false, &i64::MAX.to_le_bytes(), Some(86_400_000), 1).unwrap_err();
        assert!(e.contains("outside the range of dates"), "{e}");
    }

    #[test]
    fn a_v2_page_with_uncompressed_levels_and_compressed_values() {
        // DATA_PAGE_V2: 3 rows, 1 null; levels (RLE, 2 bytes): bit-packed 1,0,1; values snappy-compressed.
        let levels = [0x03, 0b101];
        let values = plain_strings(&[b"ab", b"cd"]);
        let packed = snap::raw::Encoder::new().compress_vec(&values).unwrap();
        let mut h = Vec::new();
        for v in [3i64, (levels.len() + values.len()) as i64, (levels.len() + packed.len()) as i64] {
            h.push(0x15);
            zz(v, &mut h);
        }
        h.push(0x5c);
        for v in [3i64, 1, 3, 0, 2, 0] {
            h.push(0x15);
            zz(v, &mut h);
        }
        h.extend([0, 0]);
        h.extend(levels);
        h.extend(packed);
        let mut out = Strings::default();
        decode_chunk(&h, Codec::Snappy, true, 3, 0, &mut StringDecoder::new(&mut out, false, true), &mut Scratch::default()).unwrap();
        let rows: Vec<&str> = (0..3).map(|i| out.col.get(i)).collect();
        assert_eq!(rows, ["ab", "", "cd"]);
    }

    /// A PageHeader whose declared uncompressed size is `uncompressed`, not the body's.
    fn sized(kind: i64, sub: &[i64], uncompressed: i64, body: &[u8]) -> Vec<u8> {
        let mut p = page(kind, sub, body);
        let mut at = vec![0x15];
        zz(kind, &mut at);
        at.push(0x15);
        zz(uncompressed, &mut at);
        let mut old = vec![0x15];
        zz(kind, &mut old);
        old.push(0x15);
        zz(body.len() as i64, &mut old);
        assert_eq!(&p[..old.len()], &old[..]);
        p.splice(..old.len(), at);
        p
    }

    #[test]
    fn dictionary_pages_out_of_place_or_in_another_encoding() {
        let dict = page(2, &[1, 0], &plain_strings(&[b"a"]));
        let data = data_v1(1, 8, &[1, 2, 0]);
        let twice = [dict.clone(), dict.clone(), data.clone()].concat();
        assert_eq!(message(strings(&twice, false, 1).unwrap_err()), "page 1: a dictionary page after the first page of the column chunk");
        let late = [data_v1(1, 0, &plain_strings(&[b"x"])), dict, data].concat();
        assert_eq!(message(strings(&late, false, 2).unwrap_err()), "page 1: a dictionary page after the first page of the column chunk");
        let rle = page(2, &[1, 3], &plain_strings(&[b"a"]));
        assert_eq!(message(strings(&rle, false, 1).unwrap_err()), "page 0: the dictionary page uses RLE, expected PLAIN");
        let short = page(2, &[2, 0], &plain_strings(&[b"a"]));
        assert_eq!(message(strings(&short, false, 1).unwrap_err()), "page 0: dictionary page: the page ends before string 1 of 2");
    }

    #[test]
    fn an_uncompressed_page_must_be_the_size_its_header_declares() {
        let chunk = sized(0, &[1, 0, 3, 3], 6, &plain_strings(&[b"a"]));
        assert_eq!(message(strings(&chunk, false, 1).unwrap_err()), "page 0: is uncompressed but holds 5 bytes, not the 6 its header declares");
    }

    #[test]
    fn definition_levels_that_lie() {
        // V1 levels claim 9 bytes of a 6-byte page.
        let chunk = data_v1(3, 0, &[9, 0, 0, 0, 0x03, 0b101]);
        assert_eq!(message(strings(&chunk, true, 3).unwrap_err()), "page 0: definition levels claim 9 bytes but the page has 2 left");
        // Levels say all 3 rows have values; the page holds 2 strings.
        let mut body = vec![2, 0, 0, 0, 0x03, 0b111];
        body.extend(plain_strings(&[b"p", b"q"]));
        assert_eq!(message(strings(&data_v1(3, 0, &body), true, 3).unwrap_err()), "page 0: the page ends before string 2 of 3");
        // Levels that run out before the page's rows.
        let mut body = vec![2, 0, 0, 0, 4, 1];
        body.extend(plain_strings(&[b"p", b"q"]));
        assert_eq!(message(strings(&data_v1(3, 0, &body), true, 3).unwrap_err()), "page 0: RLE/bit-packed data ends after 2 of 3 values");
        // A level encoding other than RLE or BIT_PACKED.
        let chunk = page(0, &[1, 0, 0, 0], &plain_strings(&[b"p"]));
        assert_eq!(message(strings(&chunk, true, 1).unwrap_err()), "page 0: definition levels use encoding 0, expected RLE (3)");
        // spread itself: fewer values than the levels' ones.
        let mut out = Vec::new();
        assert_eq!(spread(Some(&[1, 1, 0]), &[7u32], 0, &mut out), Err("fewer values than the definition levels promise".into()));
    }

    #[test]
    fn v2_level_lengths_that_lie() {
        let v2 = |def: i64, uncompressed: i64, body: &[u8]| {
            let mut h = Vec::new();
            for v in [3i64, uncompressed, body.len() as i64] {
                h.push(0x15);
                zz(v, &mut h);
            }
            h.push(0x5c);
            for v in [2i64, 0, 2, 0, def, 0] {
                h.push(0x15);
                zz(v, &mut h);
            }
            h.push(0x12);
            h.extend([0, 0]);
            h.extend_from_slice(body);
            strings(&h, true, 2).map_err(message)
        };
        let body = [&[0x03, 0b11][..], &plain_strings(&[b"a", b"b"])].concat();
        assert!(v2(2, body.len() as i64, &body).is_ok());
        assert_eq!(v2(200, body.len() as i64, &body).unwrap_err(), "page 0: levels claim 200 bytes of a 12-byte page");
        assert_eq!(v2(2, 1, &body).unwrap_err(), "page 0: levels are longer than the uncompressed page");
        assert_eq!(v2(2, body.len() as i64 + 1, &body).unwrap_err(), "page 0: is uncompressed but holds 10 bytes, not the 11 its header declares");
    }

    #[test]
    fn page_headers_and_bodies_that_do_not_fit_the_chunk() {
        let chunk = data_v1(1, 0, &plain_strings(&[b"abc"]));
        assert_eq!(message(strings(&chunk[..chunk.len() - 1], false, 1).unwrap_err()), "page 0: claims 7 bytes but the column chunk has 6 left");
        assert!(message(strings(&chunk[..3], false, 1).unwrap_err()).starts_with("page 0: page header: "));
        // A second page cut inside its header.
        let two = [chunk.clone(), vec![0x15]].concat();
        assert!(message(strings(&two, false, 2).unwrap_err()).starts_with("page 1: page header: "));
        // Values in an encoding the type does not have.
        let chunk = data_v1(1, 9, &[0; 4]);
        assert_eq!(
            message(strings(&chunk, false, 1).unwrap_err()),
            "page 0: BYTE_ARRAY values use BYTE_STREAM_SPLIT, which healthdash does not read for that type"
        );
    }

    #[test]
    fn a_compressed_page_that_decompresses_to_another_size() {
        let values = plain_strings(&[b"ab"]);
        let packed = snap::raw::Encoder::new().compress_vec(&values).unwrap();
        let chunk = sized(0, &[1, 0, 3, 3], values.len() as i64 + 1, &packed);
        let mut out = Strings::default();
        let e = decode_chunk(&chunk, Codec::Snappy, false, 1, 0, &mut StringDecoder::new(&mut out, false, true), &mut Scratch::default()).unwrap_err();
        assert_eq!(message(e), "page 0: decompresses (SNAPPY) to 6 bytes, not the 7 its header declares");
    }
}
