//! Date columns (`period_start`, `period_end`) as days since 1970-01-01.
//!
//! apache/parquet-format LogicalTypes.md ("DATE", "TIMESTAMP") and
//! parquet.thrift (`DateType`, `TimestampType`, `TimeUnit`, `ConvertedType`
//! DATE / TIMESTAMP_MILLIS / TIMESTAMP_MICROS): a DATE is an INT32 count of
//! days from the Unix epoch; a TIMESTAMP is an INT64 count of milli-, micro-
//! or nanoseconds from it (what pandas' and polars' datetimes become),
//! read here as the day it falls in (floor division, so times before 1970
//! land on the right day). Dates written as ISO `YYYY-MM-DD` strings are
//! parsed, each distinct string once. A date is required: a null is an error
//! naming its row.

use super::column::{from_dictionary, DataPage, Decoder, Fail};
use super::encoding::{self, is_dictionary, PLAIN};
use super::footer::{converted, Leaf, Logical, Physical, TimeUnit};
use super::strings::{is_text, Strings, NULL_CODE};
use crate::bundle::BundleError;
use crate::period::parse_iso_date;

/// How a date column is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DateKind {
    /// INT32 DATE.
    Days,
    /// INT64 TIMESTAMP, `per_day` ticks a day.
    Ticks { per_day: i64 },
    /// ISO 8601 strings.
    Iso,
}

/// How `leaf` reads as dates, or `None` when it cannot.
pub(super) fn date_kind(leaf: &Leaf) -> Option<DateKind> {
    const MS: i64 = 86_400_000;
    Some(match (leaf.physical, leaf.logical, leaf.converted) {
        (Physical::Int32, Some(Logical::Date), _) | (Physical::Int32, None, Some(converted::DATE)) => DateKind::Days,
        (Physical::Int64, Some(Logical::Timestamp(Some(unit))), _) => DateKind::Ticks {
            per_day: match unit {
                TimeUnit::Millis => MS,
                TimeUnit::Micros => MS * 1000,
                TimeUnit::Nanos => MS * 1_000_000,
            },
        },
        (Physical::Int64, None, Some(converted::TIMESTAMP_MILLIS)) => DateKind::Ticks { per_day: MS },
        (Physical::Int64, None, Some(converted::TIMESTAMP_MICROS)) => DateKind::Ticks { per_day: MS * 1000 },
        _ if is_text(leaf) => DateKind::Iso,
        _ => return None,
    })
}

fn missing(file: &str, column: &str, row: usize) -> Fail {
    Fail::Bundle(BundleError::BadValue { file: file.to_string(), row, column: column.to_string(), message: "date is missing".into() })
}

/// Decodes one column chunk of INT32 or INT64 dates onto `out`.
pub(super) struct DateDecoder<'o> {
    out: &'o mut Vec<i32>,
    /// INT64 ticks (`Some(per_day)`) or INT32 days (`None`).
    per_day: Option<i64>,
    file: &'o str,
    column: &'o str,
    dictionary: Option<Vec<i64>>,
    indices: Vec<u32>,
    values: Vec<i64>,
}

impl<'o> DateDecoder<'o> {
    pub fn new(out: &'o mut Vec<i32>, per_day: Option<i64>, file: &'o str, column: &'o str) -> DateDecoder<'o> {
        DateDecoder { out, per_day, file, column, dictionary: None, indices: Vec::new(), values: Vec::new() }
    }
}

impl Decoder for DateDecoder<'_> {
    fn dictionary(&mut self, data: &[u8], count: usize) -> Result<(), Fail> {
        let mut dictionary = Vec::new();
        encoding::integers(self.per_day.is_some(), PLAIN, data, count, &mut dictionary).map_err(|m| format!("dictionary page: {m}"))?;
        self.dictionary = Some(dictionary);
        Ok(())
    }

    fn data(&mut self, page: DataPage<'_>) -> Result<(), Fail> {
        if page.present < page.rows {
            let offset = page.levels.and_then(|l| l.iter().position(|l| *l == 0)).unwrap_or(0);
            return Err(missing(self.file, self.column, page.first_row + offset));
        }
        self.values.clear();
        if page.present > 0 {
            if is_dictionary(page.encoding) {
                from_dictionary(&page, self.dictionary.as_deref(), &mut self.indices, &mut self.values)?;
            } else {
                encoding::integers(self.per_day.is_some(), page.encoding, page.values, page.present, &mut self.values)?;
            }
        }
        for (i, v) in self.values.iter().enumerate() {
            let day = match self.per_day {
                None => i32::try_from(*v).ok(),
                Some(per_day) => i32::try_from(v.div_euclid(per_day)).ok(),
            };
            let day = day.ok_or_else(|| {
                Fail::Bundle(BundleError::BadValue {
                    file: self.file.to_string(),
                    row: page.first_row + i,
                    column: self.column.to_string(),
                    message: format!("timestamp {v} is outside the range of dates"),
                })
            })?;
            self.out.push(day);
        }
        Ok(())
    }
}

/// Parses a chunk of ISO date strings (decoded with nulls as [`NULL_CODE`])
/// onto `out`; `first_row` is the file row of the chunk's first value.
pub(super) fn parse_iso(file: &str, column: &str, strings: &Strings, first_row: usize, out: &mut Vec<i32>) -> Result<(), BundleError> {
    let parsed: Vec<Option<i32>> = strings.col.values.iter().map(|s| parse_iso_date(s)).collect();
    for (i, code) in strings.col.codes.iter().enumerate() {
        let row = first_row + i;
        if *code == NULL_CODE {
            return Err(BundleError::BadValue { file: file.to_string(), row, column: column.to_string(), message: "date is missing".into() });
        }
        let index = usize::try_from(*code).ok();
        match index.and_then(|c| parsed.get(c)).copied().flatten() {
            Some(day) => out.push(day),
            None => {
                let s = index.and_then(|c| strings.col.values.get(c)).map_or("", String::as_str);
                return Err(BundleError::BadValue {
                    file: file.to_string(),
                    row,
                    column: column.to_string(),
                    message: format!("\"{s}\" is not a date (expected YYYY-MM-DD)"),
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::parquet::read::encoding::{DELTA_LENGTH_BYTE_ARRAY, RLE_DICTIONARY};

    fn page(encoding: i32, rows: usize, values: &[u8]) -> DataPage<'_> {
        DataPage { encoding, levels: None, rows, present: rows, values, first_row: 20 }
    }

    fn failure(r: Result<(), Fail>) -> String {
        match r {
            Err(Fail::Malformed(m)) => format!("malformed: {m}"),
            Err(Fail::Bundle(e)) => e.to_string(),
            Ok(()) => panic!("expected an error"),
        }
    }

    #[test]
    fn a_null_date_names_its_row() {
        let mut out = Vec::new();
        let mut d = DateDecoder::new(&mut out, None, "f", "period_end");
        let levels = [1, 1, 0];
        let values = [1i32.to_le_bytes(), 2i32.to_le_bytes()].concat();
        let e = d.data(DataPage { encoding: PLAIN, levels: Some(&levels), rows: 3, present: 2, values: &values, first_row: 20 });
        assert_eq!(failure(e), "f: row 22, column \"period_end\": date is missing");
    }

    #[test]
    fn short_pages_bad_indices_and_wrong_encodings() {
        let mut out = Vec::new();
        let mut d = DateDecoder::new(&mut out, None, "f", "period_start");
        assert_eq!(failure(d.data(page(PLAIN, 2, &[0; 7]))), "malformed: 2 PLAIN values need 8 bytes but the page has 7");
        assert_eq!(failure(d.dictionary(&[0; 3], 1)), "malformed: dictionary page: 1 PLAIN values need 4 bytes but the page has 3");
        assert_eq!(
            failure(d.data(page(RLE_DICTIONARY, 1, &[1, 2, 1]))),
            "malformed: values are dictionary-encoded but the column chunk has no dictionary page"
        );
        d.dictionary(&19_000i32.to_le_bytes(), 1).unwrap();
        assert_eq!(failure(d.data(page(RLE_DICTIONARY, 1, &[1, 2, 1]))), "malformed: dictionary index 1 is out of range (the dictionary has 1 values)");
        assert_eq!(
            failure(d.data(page(DELTA_LENGTH_BYTE_ARRAY, 1, &[0; 4]))),
            "malformed: INT32 values use DELTA_LENGTH_BYTE_ARRAY, which healthdash does not read for that type"
        );
        d.data(page(RLE_DICTIONARY, 1, &[1, 2, 0])).unwrap();
        assert_eq!(out, [19_000]);
    }

    #[test]
    fn timestamps_outside_the_range_of_dates() {
        let mut out = Vec::new();
        let mut d = DateDecoder::new(&mut out, Some(1), "f", "period_start");
        let values = [0i64.to_le_bytes(), (i64::from(i32::MIN) - 1).to_le_bytes()].concat();
        assert_eq!(failure(d.data(page(PLAIN, 2, &values))), "f: row 21, column \"period_start\": timestamp -2147483649 is outside the range of dates");
    }

    #[test]
    fn iso_strings_that_are_not_dates_or_missing() {
        let text = |values: &[&str], codes: &[u32]| {
            let mut s = Strings::default();
            for v in values {
                s.code(v).unwrap();
            }
            s.col.codes = codes.to_vec();
            s
        };
        let mut out = Vec::new();
        parse_iso("f", "period_start", &text(&["2024-01-31", "2024-02-30"], &[0, 0, 1]), 5, &mut out).unwrap_err();
        let e = parse_iso("f", "period_start", &text(&["2024-01-31", "2024-02-30"], &[0, 1]), 5, &mut out).unwrap_err();
        assert_eq!(e.to_string(), "f: row 6, column \"period_start\": \"2024-02-30\" is not a date (expected YYYY-MM-DD)");
        let e = parse_iso("f", "period_start", &text(&["2024-01-31"], &[0, NULL_CODE]), 5, &mut out).unwrap_err();
        assert_eq!(e.to_string(), "f: row 6, column \"period_start\": date is missing");
        let mut out = Vec::new();
        parse_iso("f", "period_start", &text(&["1970-01-02"], &[0, 0]), 0, &mut out).unwrap();
        assert_eq!(out, [1, 1]);
    }
}
