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
