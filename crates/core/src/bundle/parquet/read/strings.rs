//! String columns (`indicator_id`, `org_code`, labels, breakdowns, and ISO
//! dates before parsing): UTF-8 byte arrays into a [`DictColumn`] that merges
//! the distinct values of every row group.
//!
//! A dictionary-encoded chunk (apache/parquet-format Encodings.md,
//! "Dictionary Encoding") is mapped entry by entry onto the merged dictionary
//! once, when its dictionary page is read; its data pages then turn indices
//! into codes through that table, with no string hashing per row. Values that
//! are not dictionary-encoded (PLAIN, DELTA_LENGTH_BYTE_ARRAY,
//! DELTA_BYTE_ARRAY) are looked up one by one, skipping the lookup when a
//! value repeats the previous one. A null becomes the empty string, as the
//! bundle format reads a missing label or breakdown value.

use super::column::{from_dictionary, spread, DataPage, Decoder, Fail};
use super::encoding::{self, is_dictionary, PLAIN};
use super::footer::{converted, Leaf, Logical, Physical};
use crate::bundle::DictColumn;
use std::collections::HashMap;

/// The code a null gets when nulls are kept apart from "" (ISO date columns).
pub(super) const NULL_CODE: u32 = u32::MAX;

/// True when `leaf` reads as strings: BYTE_ARRAY, unannotated or annotated as
/// text (STRING/UTF8, ENUM, JSON); the values must still be UTF-8.
pub(super) fn is_text(leaf: &Leaf) -> bool {
    leaf.physical == Physical::ByteArray
        && match leaf.logical {
            // 4: ENUM, 12: JSON (LogicalType union members).
            Some(Logical::String | Logical::Other(4 | 12)) => true,
            Some(_) => false,
            None => matches!(leaf.converted, None | Some(converted::UTF8 | converted::ENUM | converted::JSON)),
        }
}

/// A string column built across row groups: distinct values and a code per row.
#[derive(Default)]
pub(super) struct Strings {
    pub col: DictColumn,
    index: HashMap<String, u32>,
}

impl Strings {
    /// The code of `s`, added to the dictionary if new.
    pub fn code(&mut self, s: &str) -> Result<u32, String> {
        if let Some(c) = self.index.get(s) {
            return Ok(*c);
        }
        let c = u32::try_from(self.col.values.len()).ok().filter(|c| *c != NULL_CODE).ok_or("too many distinct strings")?;
        self.col.values.push(s.to_string());
        self.index.insert(s.to_string(), c);
        Ok(c)
    }

    /// Appends `n` rows of `s`.
    pub fn fill(&mut self, s: &str, n: usize) -> Result<(), String> {
        let c = self.code(s)?;
        self.col.codes.extend(std::iter::repeat_n(c, n));
        Ok(())
    }
}

/// Decodes one column chunk of strings into a [`Strings`].
pub(super) struct StringDecoder<'s> {
    strings: &'s mut Strings,
    /// The column has the null type: every row is null, whatever its pages hold.
    all_null: bool,
    /// Nulls as "" (string columns) or as [`NULL_CODE`] (ISO date columns).
    null_is_empty: bool,
    /// The chunk's dictionary entries as codes of `strings`.
    remap: Option<Vec<u32>>,
    indices: Vec<u32>,
    codes: Vec<u32>,
    last: Option<(Vec<u8>, u32)>,
}

impl<'s> StringDecoder<'s> {
    pub fn new(strings: &'s mut Strings, all_null: bool, null_is_empty: bool) -> StringDecoder<'s> {
        StringDecoder { strings, all_null, null_is_empty, remap: None, indices: Vec::new(), codes: Vec::new(), last: None }
    }

    fn intern(&mut self, bytes: &[u8]) -> Result<u32, String> {
        if let Some((last, code)) = &self.last {
            if last.as_slice() == bytes {
                return Ok(*code);
            }
        }
        let s = std::str::from_utf8(bytes).map_err(|e| format!("a string value is not valid UTF-8 ({e})"))?;
        let code = self.strings.code(s)?;
        match &mut self.last {
            Some((last, c)) => {
                last.clear();
                last.extend_from_slice(bytes);
                *c = code;
            }
            None => self.last = Some((bytes.to_vec(), code)),
        }
        Ok(code)
    }

    fn null_code(&mut self) -> Result<u32, String> {
        if self.null_is_empty {
            self.strings.code("")
        } else {
            Ok(NULL_CODE)
        }
    }
}

impl Decoder for StringDecoder<'_> {
    fn dictionary(&mut self, data: &[u8], count: usize) -> Result<(), Fail> {
        if self.all_null {
            return Ok(());
        }
        let mut remap = Vec::new();
        encoding::byte_arrays(PLAIN, data, count, |b| {
            remap.push(self.intern(b)?);
            Ok(())
        })
        .map_err(|m| format!("dictionary page: {m}"))?;
        self.remap = Some(remap);
        Ok(())
    }

    fn data(&mut self, page: DataPage<'_>) -> Result<(), Fail> {
        let mut codes = std::mem::take(&mut self.codes);
        codes.clear();
        if !self.all_null && page.present > 0 {
            if is_dictionary(page.encoding) {
                from_dictionary(&page, self.remap.as_deref(), &mut self.indices, &mut codes)?;
            } else {
                encoding::byte_arrays(page.encoding, page.values, page.present, |b| {
                    codes.push(self.intern(b)?);
                    Ok(())
                })?;
            }
        }
        let null = if self.all_null || page.present < page.rows { self.null_code()? } else { 0 };
        if self.all_null {
            self.strings.col.codes.extend(std::iter::repeat_n(null, page.rows));
        } else {
            spread(page.levels, &codes, null, &mut self.strings.col.codes)?;
        }
        self.codes = codes;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::parquet::read::encoding::{DELTA_BINARY_PACKED, RLE_DICTIONARY};

    fn plain(items: &[&[u8]]) -> Vec<u8> {
        items.iter().flat_map(|s| [&(s.len() as u32).to_le_bytes()[..], s].concat()).collect()
    }

    fn page<'a>(encoding: i32, levels: Option<&'a [u8]>, values: &'a [u8]) -> DataPage<'a> {
        let rows = levels.map_or(0, <[u8]>::len);
        let present = levels.map_or(0, |l| l.iter().filter(|l| **l != 0).count());
        DataPage { encoding, levels, rows, present, values, first_row: 0 }
    }

    fn required(encoding: i32, rows: usize, values: &[u8]) -> DataPage<'_> {
        DataPage { encoding, levels: None, rows, present: rows, values, first_row: 0 }
    }

    fn malformed(r: Result<(), Fail>) -> String {
        match r {
            Err(Fail::Malformed(m)) => m,
            other => panic!("expected a malformed page, got {other:?}"),
        }
    }

    #[test]
    fn invalid_utf8_in_a_data_page_or_the_dictionary_is_refused() {
        let mut s = Strings::default();
        let mut d = StringDecoder::new(&mut s, false, true);
        let e = malformed(d.data(required(PLAIN, 2, &plain(&[b"ok", b"\xc3\x28"]))));
        assert_eq!(e, "a string value is not valid UTF-8 (invalid utf-8 sequence of 1 bytes from index 0)");
        let e = malformed(d.dictionary(&plain(&[b"a", b"\xff"]), 2));
        assert!(e.starts_with("dictionary page: a string value is not valid UTF-8"), "{e}");
        // The repeated-value shortcut does not skip the check: the same bad bytes twice.
        let mut s = Strings::default();
        let mut d = StringDecoder::new(&mut s, false, true);
        assert!(malformed(d.data(required(PLAIN, 2, &plain(&[b"\xff", b"\xff"])))).contains("not valid UTF-8"));
    }

    #[test]
    fn dictionary_indices_need_a_dictionary_that_holds_them() {
        let mut s = Strings::default();
        let mut d = StringDecoder::new(&mut s, false, true);
        // Bit width 2, an RLE run of two 3s.
        let indices = [2, 4, 3];
        assert_eq!(malformed(d.data(required(RLE_DICTIONARY, 2, &indices))), "values are dictionary-encoded but the column chunk has no dictionary page");
        d.dictionary(&plain(&[b"x", b"y", b"z"]), 3).unwrap();
        assert_eq!(malformed(d.data(required(RLE_DICTIONARY, 2, &indices))), "dictionary index 3 is out of range (the dictionary has 3 values)");
        d.data(required(RLE_DICTIONARY, 2, &[2, 4, 2])).unwrap();
        assert_eq!(s.col.codes, [2, 2]);
    }

    #[test]
    fn definition_levels_that_promise_more_values_than_the_page_holds() {
        let mut s = Strings::default();
        let mut d = StringDecoder::new(&mut s, false, true);
        // Levels say three values are present; the page holds two.
        let values = plain(&[b"a", b"b"]);
        assert_eq!(malformed(d.data(page(PLAIN, Some(&[1, 0, 1, 1]), &values))), "the page ends before string 2 of 3");
    }

    #[test]
    fn string_pages_in_a_numeric_encoding_are_refused_by_name() {
        let mut s = Strings::default();
        let mut d = StringDecoder::new(&mut s, false, true);
        assert_eq!(
            malformed(d.data(required(DELTA_BINARY_PACKED, 1, &[0x80, 1, 4, 1, 2]))),
            "BYTE_ARRAY values use DELTA_BINARY_PACKED, which healthdash does not read for that type"
        );
    }

    #[test]
    fn a_null_type_column_ignores_its_pages_and_iso_date_nulls_stay_apart() {
        let mut s = Strings::default();
        // Garbage values: never decoded for a column of the null type.
        StringDecoder::new(&mut s, true, true).data(required(PLAIN, 2, b"\xff\xff")).unwrap();
        assert_eq!(s.col.codes, [0, 0]);
        assert_eq!(s.col.values, [""]);
        let mut s = Strings::default();
        StringDecoder::new(&mut s, false, false).data(page(PLAIN, Some(&[0, 1]), &plain(&[b"2024-01-01"]))).unwrap();
        assert_eq!(s.col.codes, [NULL_CODE, 0]);
    }
}
