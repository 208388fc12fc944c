//! The Parquet reader for bundle values: [`decode_values`].
//!
//! Written from the Apache Parquet format specification
//! (apache/parquet-format: README.md, Encodings.md, Compression.md,
//! LogicalTypes.md and src/main/thrift/parquet.thrift), for one job: a flat
//! table with the bundle's columns, as healthdash, pyarrow, DuckDB and polars
//! write it. It reads the footer ([`footer`]), checks it against the file,
//! then decodes only the columns the bundle format names, one column chunk
//! at a time ([`column`]), into [`ValuesTable`].
//!
//! It never panics on a corrupt file and never trusts a size or count from
//! one: every read is bounds-checked, every length converted with `try_from`
//! and every sum checked; allocations follow the bytes actually decoded, a
//! file may declare at most [`crate::bundle::limits::MAX_ROWS`] rows (and
//! [`crate::bundle::limits::MAX_ROWS_PER_BYTE`] a byte) and a page at most
//! [`codec::MAX_PAGE`] bytes. In the browser a panic aborts the whole app,
//! and the fuzz target `fuzz/fuzz_targets/parquet.rs` holds the reader to that.
//!
//! Layout: `thrift` (compact protocol) → `footer` (FileMetaData) → `page`
//! (PageHeader) → `codec` (decompression) → `levels` / `rle` / `bits`
//! (definition levels, dictionary indices) → `encoding` with `plain`,
//! `delta`, `split` (value encodings) → `strings`, `numbers`, `dates` (what
//! each bundle column becomes; `booleans` for `suppressed`) → `column` (the
//! page loop) → here, where the breakdown columns (`dim_*`, or 1.x's
//! `breakdown_type` and `breakdown_value`) become one key column.

mod bits;
mod booleans;
mod codec;
mod column;
mod dates;
mod delta;
mod encoding;
mod footer;
mod levels;
mod numbers;
mod page;
mod plain;
mod rle;
mod split;
mod strings;
mod thrift;

use crate::bundle::{
    BreakdownKey, BundleError, DictColumn, KeyColumn, ValuesTable, DIMENSION_PREFIX, LEGACY_BREAKDOWN_COLUMNS, NUMBER_COLUMNS, STRING_COLUMNS,
    SUPPRESSED_COLUMN,
};
use booleans::{is_boolean, BoolDecoder};
use column::{decode_chunk, Decoder, Fail, Scratch};
use dates::{date_kind, parse_iso, DateDecoder, DateKind};
use footer::{read_footer, FileMeta, Leaf};
use numbers::{number_kind, NumberDecoder};
use std::collections::HashMap;
use strings::{is_text, StringDecoder, Strings};

const REQUIRED: [&str; 5] = ["indicator_id", "org_code", "period_start", "period_label", "value"];

/// Rows reserved up front at most, whatever the footer declares.
const RESERVE_ROWS: usize = 1 << 20;

/// The file and its footer, for decoding one column chunk after another.
struct File<'a> {
    name: &'a str,
    bytes: &'a [u8],
    meta: FileMeta,
    scratch: Scratch,
}

impl File<'_> {
    fn parquet_error(&self, message: String) -> BundleError {
        BundleError::Parquet { file: self.name.to_string(), message }
    }

    fn column(&self, name: &str) -> Option<(usize, &Leaf)> {
        self.meta.columns.iter().enumerate().find(|(_, c)| c.name == name)
    }

    fn type_error(&self, leaf: &Leaf, expected: &str) -> BundleError {
        BundleError::ColumnType { file: self.name.to_string(), column: leaf.name.clone(), found: leaf.type_name(), expected: expected.to_string() }
    }

    /// Decodes column `column` of row group `group` with `decoder`.
    fn decode(&mut self, group: usize, column: usize, first_row: usize, decoder: &mut dyn Decoder) -> Result<(), BundleError> {
        let (Some(g), Some(leaf)) = (self.meta.row_groups.get(group), self.meta.columns.get(column)) else {
            return Err(self.parquet_error(format!("row group {group} or column {column} is missing")));
        };
        let (rows, optional) = (g.num_rows, leaf.optional);
        let at = |m: String| format!("row group {group}, column \"{}\", {m}", leaf.name);
        let Some(chunk) = g.chunks.get(column) else {
            return Err(self.parquet_error(at("no column chunk".into())));
        };
        let codec = chunk.codec;
        let Some(bytes) = chunk.start.checked_add(chunk.len).and_then(|end| self.bytes.get(chunk.start..end)) else {
            return Err(self.parquet_error(at("the column chunk lies outside the file".into())));
        };
        match decode_chunk(bytes, codec, optional, rows, first_row, decoder, &mut self.scratch) {
            Ok(()) => Ok(()),
            Err(Fail::Bundle(e)) => Err(e),
            Err(Fail::Malformed(m)) => {
                let message = at(m);
                Err(self.parquet_error(message))
            }
        }
    }
}

/// Where a bundle column comes from.
enum Source<K> {
    Column(usize, K),
    Absent,
}

/// The 1.x breakdown types, as `breakdown_type` names them.
const LEGACY_TYPES: [&str; 5] = ["ethnicity", "deprivation_decile", "deprivation_quintile", "sex", "age"];

/// Decodes a values Parquet file into a [`ValuesTable`]. `file` names the file
/// in errors. Required columns: `indicator_id`, `org_code`, `period_start`,
/// `period_label`, `value`; the others default (see `docs/bundle-format.md`).
/// Every `dim_<id>` column is a breakdown dimension (a null or empty string:
/// the whole population for it); a 1.x file's `breakdown_type` and
/// `breakdown_value` read as the one dimension the type names. Columns
/// outside the bundle format are not read at all.
pub fn decode_values(file: &str, bytes: &[u8]) -> Result<ValuesTable, BundleError> {
    let mut reader = ValuesReader::new(file, bytes)?;
    while !reader.step()? {}
    reader.finish()
}

/// [`decode_values`] a step at a time, for a caller that must not be held up
/// by one large file: the browser gives the page a turn between steps (issue
/// 18: no main-thread task over 100 ms while a view loads). [`ValuesReader::new`]
/// reads and checks the footer, each [`ValuesReader::step`] decodes one column
/// chunk (one column of one row group), and [`ValuesReader::finish`] builds the
/// table. Stepping to the end gives exactly what `decode_values` gives.
pub struct ValuesReader<'a> {
    f: File<'a>,
    string_sources: Vec<Source<bool>>,
    breakdown_names: Vec<String>,
    dimension_columns: usize,
    breakdown_sources: Vec<Source<bool>>,
    suppressed_source: Source<bool>,
    number_sources: Vec<Source<Option<encoding::Number>>>,
    date_sources: Vec<Source<DateKind>>,
    strings: Vec<Strings>,
    breakdowns: Vec<Strings>,
    numbers: Vec<Vec<f64>>,
    dates: Vec<Vec<i32>>,
    suppressed: Vec<bool>,
    /// The next column chunk: row group, and column in the order of [`Part`].
    group: usize,
    part: usize,
    /// The first row of `group`.
    first_row: usize,
}

/// A bundle column, in the order a row group is decoded.
#[derive(Clone, Copy)]
enum Part {
    Text(usize),
    Breakdown(usize),
    Number(usize),
    Suppressed,
    Date(usize),
}

impl<'a> ValuesReader<'a> {
    /// Reads the footer of `bytes` and checks every bundle column's type
    /// before any page is read. `file` names the file in errors.
    pub fn new(file: &'a str, bytes: &'a [u8]) -> Result<ValuesReader<'a>, BundleError> {
        let meta = read_footer(bytes).map_err(|message| BundleError::Parquet { file: file.to_string(), message })?;
        let f = File { name: file, bytes, meta, scratch: Scratch::default() };
        for required in REQUIRED {
            if f.column(required).is_none() {
                return Err(BundleError::MissingColumn { file: file.to_string(), column: required.to_string() });
            }
        }

        // Each column's source and type, checked before any page is read.
        let text_source = |f: &File, name: &str| match f.column(name) {
            Some((i, leaf)) if is_text(leaf) || leaf.logical == Some(footer::Logical::Null) => {
                Ok(Source::Column(i, leaf.logical == Some(footer::Logical::Null)))
            }
            Some((_, leaf)) => Err(f.type_error(leaf, "string")),
            None => Ok(Source::Absent),
        };
        let mut string_sources = Vec::new();
        for name in STRING_COLUMNS {
            string_sources.push(text_source(&f, name)?);
        }
        // Breakdown columns: every dim_ column, then 1.x's two.
        let mut breakdown_names: Vec<String> = f.meta.columns.iter().filter(|c| c.name.starts_with(DIMENSION_PREFIX)).map(|c| c.name.clone()).collect();
        if breakdown_names.iter().any(|n| n.len() == DIMENSION_PREFIX.len()) {
            return Err(f.parquet_error(format!("a column named \"{DIMENSION_PREFIX}\" names no dimension")));
        }
        let dimension_columns = breakdown_names.len();
        breakdown_names.extend(LEGACY_BREAKDOWN_COLUMNS.map(String::from));
        let mut breakdown_sources = Vec::new();
        for name in &breakdown_names {
            breakdown_sources.push(text_source(&f, name)?);
        }
        let suppressed_source = match f.column(SUPPRESSED_COLUMN) {
            Some((i, leaf)) if is_boolean(leaf) => Source::Column(i, leaf.logical == Some(footer::Logical::Null)),
            Some((_, leaf)) => return Err(f.type_error(leaf, "boolean")),
            None => Source::Absent,
        };
        let mut number_sources = Vec::new();
        for name in NUMBER_COLUMNS {
            number_sources.push(match f.column(name) {
                Some((i, leaf)) => Source::Column(i, number_kind(leaf).ok_or_else(|| f.type_error(leaf, "number"))?),
                None => Source::Absent,
            });
        }
        let mut date_sources = Vec::new();
        for name in ["period_start", "period_end"] {
            date_sources.push(match f.column(name) {
                Some((i, leaf)) => Source::Column(i, date_kind(leaf).ok_or_else(|| f.type_error(leaf, "date"))?),
                None => Source::Absent,
            });
        }

        let reserve = f.meta.num_rows.min(RESERVE_ROWS);
        let mut strings: Vec<Strings> = (0..STRING_COLUMNS.len()).map(|_| Strings::default()).collect();
        strings.iter_mut().for_each(|s| s.col.codes.reserve(reserve));
        let breakdowns: Vec<Strings> = (0..breakdown_names.len()).map(|_| Strings::default()).collect();
        Ok(ValuesReader {
            f,
            string_sources,
            dimension_columns,
            breakdown_sources,
            breakdown_names,
            suppressed_source,
            number_sources,
            date_sources,
            strings,
            breakdowns,
            numbers: (0..NUMBER_COLUMNS.len()).map(|_| Vec::with_capacity(reserve)).collect(),
            dates: (0..2).map(|_| Vec::with_capacity(reserve)).collect(),
            suppressed: Vec::with_capacity(reserve),
            group: 0,
            part: 0,
            first_row: 0,
        })
    }

    /// The columns of a row group, in the order they are decoded.
    fn part(&self, index: usize) -> Option<Part> {
        let (texts, breakdowns, numbers) = (STRING_COLUMNS.len(), self.breakdown_sources.len(), NUMBER_COLUMNS.len());
        match index {
            i if i < texts => Some(Part::Text(i)),
            i if i < texts + breakdowns => Some(Part::Breakdown(i - texts)),
            i if i < texts + breakdowns + numbers => Some(Part::Number(i - texts - breakdowns)),
            i if i == texts + breakdowns + numbers => Some(Part::Suppressed),
            i if i < texts + breakdowns + numbers + 3 => Some(Part::Date(i - texts - breakdowns - numbers - 1)),
            _ => None,
        }
    }

    /// Decodes the next column chunk. `Ok(true)` when every one is decoded
    /// (then [`ValuesReader::finish`]); an error ends the file.
    pub fn step(&mut self) -> Result<bool, BundleError> {
        let Some(n) = self.f.meta.row_groups.get(self.group).map(|g| g.num_rows) else {
            return Ok(true);
        };
        let (g, first_row, file) = (self.group, self.first_row, self.f.name);
        match self.part(self.part) {
            Some(Part::Text(k)) => {
                if let (Some(source), Some(out)) = (self.string_sources.get(k), self.strings.get_mut(k)) {
                    decode_text(&mut self.f, g, first_row, n, source, out)?;
                }
            }
            Some(Part::Breakdown(k)) => {
                if let (Some(source), Some(out)) = (self.breakdown_sources.get(k), self.breakdowns.get_mut(k)) {
                    decode_text(&mut self.f, g, first_row, n, source, out)?;
                }
            }
            Some(Part::Number(k)) => {
                if let (Some(name), Some(source), Some(out)) = (NUMBER_COLUMNS.get(k), self.number_sources.get(k), self.numbers.get_mut(k)) {
                    match source {
                        Source::Column(i, kind) => self.f.decode(g, *i, first_row, &mut NumberDecoder::new(out, *kind, file, name))?,
                        Source::Absent => out.extend(std::iter::repeat_n(f64::NAN, n)),
                    }
                }
            }
            Some(Part::Suppressed) => match &self.suppressed_source {
                Source::Column(i, all_null) => self.f.decode(g, *i, first_row, &mut BoolDecoder::new(&mut self.suppressed, *all_null))?,
                Source::Absent => self.suppressed.extend(std::iter::repeat_n(false, n)),
            },
            Some(Part::Date(k)) => {
                let name = if k == 0 { "period_start" } else { "period_end" };
                if let (Some(source), Some(out)) = (self.date_sources.get(k), self.dates.get_mut(k)) {
                    match source {
                        Source::Column(i, DateKind::Iso) => {
                            let mut text = Strings::default();
                            self.f.decode(g, *i, first_row, &mut StringDecoder::new(&mut text, false, false))?;
                            parse_iso(file, name, &text, first_row, out)?;
                        }
                        Source::Column(i, DateKind::Days) => self.f.decode(g, *i, first_row, &mut DateDecoder::new(out, None, file, name))?,
                        Source::Column(i, DateKind::Ticks { per_day }) => {
                            self.f.decode(g, *i, first_row, &mut DateDecoder::new(out, Some(*per_day), file, name))?
                        }
                        // Only period_end may be absent (period_start is required): it defaults to period_start.
                        Source::Absent => {}
                    }
                }
            }
            None => {}
        }
        self.part += 1;
        if self.part(self.part).is_none() {
            self.part = 0;
            self.group += 1;
            self.first_row = first_row.checked_add(n).ok_or_else(|| self.f.parquet_error("row counts overflow".into()))?;
        }
        Ok(self.group >= self.f.meta.row_groups.len())
    }

    /// The table, once [`ValuesReader::step`] has said every column chunk is
    /// decoded (earlier, the rows decoded so far do not line up: an error).
    pub fn finish(self) -> Result<ValuesTable, BundleError> {
        if self.group < self.f.meta.row_groups.len() {
            return Err(self.f.parquet_error(format!("finished after {} of {} row groups", self.group, self.f.meta.row_groups.len())));
        }
        let file = self.f.name;
        let mut dates = self.dates.into_iter();
        let starts = dates.next().unwrap_or_default();
        let ends = match self.date_sources.get(1) {
            Some(Source::Column(..)) => dates.next().unwrap_or_default(),
            _ => starts.clone(),
        };
        let mut strings = self.strings.into_iter().map(|s| s.col);
        let indicator = strings.next().unwrap_or_default();
        let org = strings.next().unwrap_or_default();
        let period_label = strings.next().unwrap_or_default();
        let columns: Vec<DictColumn> = self.breakdowns.into_iter().map(|s| s.col).collect();
        let breakdown = breakdown_keys(file, &self.breakdown_names, self.dimension_columns, &columns, starts.len())?;
        let mut numbers = self.numbers.into_iter();
        let mut next = || numbers.next().unwrap_or_default();
        Ok(ValuesTable {
            indicator,
            org,
            period_start: starts,
            period_end: ends,
            period_label,
            breakdown,
            numerator: next(),
            denominator: next(),
            value: next(),
            lower_95: next(),
            upper_95: next(),
            lower_998: next(),
            upper_998: next(),
            suppressed: self.suppressed,
        })
    }
}

/// Decodes a string column chunk into `out` (or fills it with empty strings
/// when the file has no such column).
fn decode_text(f: &mut File, group: usize, first_row: usize, rows: usize, source: &Source<bool>, out: &mut Strings) -> Result<(), BundleError> {
    match source {
        Source::Column(i, all_null) => f.decode(group, *i, first_row, &mut StringDecoder::new(out, *all_null, true)),
        Source::Absent => out.fill("", rows).map_err(|m| f.parquet_error(m)),
    }
}

/// The key column of `rows` rows from the breakdown columns (`names[..dims]`
/// are `dim_` columns, the last two 1.x's `breakdown_type` and
/// `breakdown_value`). Each distinct combination of codes is turned into a
/// key once; rows are combined column by column through a map of (codes so
/// far, next code), so no row builds a string.
fn breakdown_keys(file: &str, names: &[String], dims: usize, columns: &[DictColumn], rows: usize) -> Result<KeyColumn, BundleError> {
    let mut codes = vec![0u32; rows];
    let mut combos: Vec<Vec<u32>> = vec![Vec::new()];
    for col in columns {
        let mut seen: HashMap<(u32, u32), u32> = HashMap::new();
        let mut next: Vec<Vec<u32>> = Vec::new();
        for (code, c) in codes.iter_mut().zip(&col.codes) {
            *code = *seen.entry((*code, *c)).or_insert_with(|| {
                let mut combo = combos.get(*code as usize).cloned().unwrap_or_default();
                combo.push(*c);
                next.push(combo);
                (next.len() - 1) as u32
            });
        }
        if next.is_empty() {
            next.push(Vec::new());
        }
        combos = next;
    }
    let bad = |row: usize, column: &str, message: String| BundleError::BadValue { file: file.to_string(), row, column: column.to_string(), message };
    let first_row = |combo: usize| codes.iter().position(|c| *c as usize == combo).unwrap_or(0);
    let mut keys: Vec<BreakdownKey> = Vec::with_capacity(combos.len());
    for (i, combo) in combos.iter().enumerate() {
        let text = |column: usize| columns.get(column).and_then(|c| combo.get(column).and_then(|&x| c.values.get(x as usize))).map_or("", String::as_str);
        let mut key = BreakdownKey::whole();
        for (column, name) in names.iter().enumerate().take(dims) {
            let category = text(column);
            if !category.is_empty() {
                key = key.with(name.get(DIMENSION_PREFIX.len()..).unwrap_or_default(), category);
            }
        }
        let (kind, value) = (text(dims), text(dims + 1));
        match (kind, value) {
            ("" | "none", "") => {}
            ("" | "none", v) => return Err(bad(first_row(i), "breakdown_value", format!("must be empty when breakdown_type is none, found \"{v}\""))),
            (k, _) if !LEGACY_TYPES.contains(&k) => {
                return Err(bad(
                    first_row(i),
                    "breakdown_type",
                    format!("\"{k}\" is not a breakdown type (expected one of none, ethnicity, deprivation_decile, deprivation_quintile, sex, age)"),
                ))
            }
            (k, "") => return Err(bad(first_row(i), "breakdown_value", format!("must name the {k} group"))),
            (k, _) if key.category(k).is_some() => {
                return Err(bad(first_row(i), "breakdown_type", format!("\"{k}\" is also the column \"{DIMENSION_PREFIX}{k}\"")));
            }
            (k, v) => key = key.with(k, v),
        }
        keys.push(key);
    }
    // Different code combinations may be the same key (null and "", none and "").
    let mut index: HashMap<&BreakdownKey, u32> = HashMap::new();
    let mut out = KeyColumn::default();
    let remap: Vec<u32> = keys
        .iter()
        .map(|k| {
            *index.entry(k).or_insert_with(|| {
                out.values.push(k.clone());
                (out.values.len() - 1) as u32
            })
        })
        .collect();
    out.codes = codes.iter().map(|c| remap.get(*c as usize).copied().unwrap_or(0)).collect();
    if out.values.is_empty() {
        out.values.push(BreakdownKey::whole());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A compact-protocol writer for hand-made footers.
    #[derive(Default)]
    struct W(Vec<u8>);

    impl W {
        fn varint(&mut self, mut v: u64) -> &mut Self {
            loop {
                let b = (v & 0x7f) as u8;
                v >>= 7;
                if v == 0 {
                    self.0.push(b);
                    return self;
                }
                self.0.push(b | 0x80);
            }
        }
        fn int(&mut self, delta: u8, kind: u8, v: i64) -> &mut Self {
            self.0.push(delta << 4 | kind);
            self.varint(((v << 1) ^ (v >> 63)) as u64)
        }
        fn i32(&mut self, delta: u8, v: i64) -> &mut Self {
            self.int(delta, 5, v)
        }
        fn i64(&mut self, delta: u8, v: i64) -> &mut Self {
            self.int(delta, 6, v)
        }
        fn string(&mut self, delta: u8, s: &str) -> &mut Self {
            self.0.push(delta << 4 | 8);
            self.varint(s.len() as u64);
            self.0.extend_from_slice(s.as_bytes());
            self
        }
        fn list(&mut self, delta: u8, kind: u8, n: usize) -> &mut Self {
            self.0.push(delta << 4 | 9);
            self.0.push((n as u8) << 4 | kind);
            self
        }
        fn stop(&mut self) -> &mut Self {
            self.0.push(0);
            self
        }
    }

    /// SchemaElement: name, optional type (1), repetition (3) and num_children (5).
    fn element(w: &mut W, name: &str, physical: Option<i64>, children: Option<i64>, logical: Option<u8>) {
        let mut last = 0;
        if let Some(t) = physical {
            w.i32(1, t);
            w.i32(2, 0);
            last = 3;
        }
        w.string(4 - last, name);
        last = 4;
        if let Some(n) = children {
            w.i32(1, n);
            last = 5;
        }
        if let Some(member) = logical {
            // logicalType (field 10) with one empty-struct member.
            w.0.push((10 - last) << 4 | 12);
            w.0.push(member << 4 | 12);
            w.stop().stop();
        }
        w.stop();
    }

    /// A file with no row groups whose schema is `columns` (name, type, logical member).
    fn file(columns: &[(&str, i64, Option<u8>)], nested: bool, rows: i64) -> Vec<u8> {
        let mut w = W::default();
        w.i32(1, 1);
        let n = columns.len() + usize::from(nested);
        w.list(1, 12, n + 1);
        element(&mut w, "schema", None, Some(columns.len() as i64), None);
        if nested {
            element(&mut w, "group", None, Some(1), None);
        }
        for (name, physical, logical) in columns {
            element(&mut w, name, Some(*physical), None, *logical);
        }
        w.i64(1, rows);
        w.list(1, 12, 0);
        w.stop();
        let footer = w.0;
        [b"PAR1".as_slice(), &footer, &(footer.len() as u32).to_le_bytes(), b"PAR1"].concat()
    }

    const STRING: Option<u8> = Some(1);
    const DATE: Option<u8> = Some(6);

    fn bundle_columns() -> Vec<(&'static str, i64, Option<u8>)> {
        vec![("indicator_id", 6, STRING), ("org_code", 6, STRING), ("period_start", 1, DATE), ("period_label", 6, STRING), ("value", 5, None)]
    }

    #[test]
    fn a_file_without_row_groups_is_an_empty_table() {
        let table = decode_values("v.parquet", &file(&bundle_columns(), false, 0)).unwrap();
        assert!(table.is_empty());
    }

    #[test]
    fn missing_columns_and_wrong_types_are_named() {
        let mut columns = bundle_columns();
        columns.remove(4);
        let e = decode_values("v.parquet", &file(&columns, false, 0)).unwrap_err();
        assert_eq!(e, BundleError::MissingColumn { file: "v.parquet".into(), column: "value".into() });
        columns.push(("value", 6, STRING));
        let e = decode_values("v.parquet", &file(&columns, false, 0)).unwrap_err();
        assert_eq!(e.to_string(), "v.parquet: column \"value\" has type BYTE_ARRAY (STRING), expected number");
        let mut columns = bundle_columns();
        columns[2] = ("period_start", 2, None);
        let e = decode_values("v.parquet", &file(&columns, false, 0)).unwrap_err();
        assert_eq!(e.to_string(), "v.parquet: column \"period_start\" has type INT64, expected date");
    }

    #[test]
    fn dimension_and_suppressed_columns_need_their_types() {
        let mut columns = bundle_columns();
        columns.push(("dim_sex", 1, None));
        let e = decode_values("v.parquet", &file(&columns, false, 0)).unwrap_err();
        assert_eq!(e.to_string(), "v.parquet: column \"dim_sex\" has type INT32, expected string");
        let mut columns = bundle_columns();
        columns.push(("suppressed", 6, STRING));
        let e = decode_values("v.parquet", &file(&columns, false, 0)).unwrap_err();
        assert_eq!(e.to_string(), "v.parquet: column \"suppressed\" has type BYTE_ARRAY (STRING), expected boolean");
        let mut columns = bundle_columns();
        columns.push(("dim_", 6, STRING));
        let e = decode_values("v.parquet", &file(&columns, false, 0)).unwrap_err();
        assert!(e.to_string().contains("a column named \"dim_\" names no dimension"), "{e}");
        // A string dim_ column and a boolean suppressed column: an empty table reads.
        let mut columns = bundle_columns();
        columns.extend([("dim_sex", 6, STRING), ("suppressed", 0, None)]);
        assert!(decode_values("v.parquet", &file(&columns, false, 0)).unwrap().is_empty());
    }

    /// A few bytes must not stand for millions of rows: the footer's count is
    /// checked against the file's size before any page is read or any memory
    /// reserved (a file of n bytes holds at most 8n rows).
    #[test]
    fn a_footer_declaring_more_rows_than_its_bytes_can_hold_is_refused() {
        let small = file(&bundle_columns(), false, 0);
        let fits = small.len() as i64 * 8;
        let e = decode_values("v.parquet", &file(&bundle_columns(), false, fits + 64)).unwrap_err().to_string();
        assert!(e.contains("more than a file of") && e.contains("bytes can hold (at most 8 rows a byte)"), "{e}");
        // Within the bound the count passes this check (and fails the next: no row groups hold them).
        let e = decode_values("v.parquet", &file(&bundle_columns(), false, fits - 64)).unwrap_err().to_string();
        assert!(e.contains("but its row groups hold 0"), "{e}");
    }

    #[test]
    fn nested_columns_too_many_rows_and_bad_framing_are_refused() {
        let e = decode_values("v.parquet", &file(&bundle_columns(), true, 0)).unwrap_err();
        assert!(e.to_string().contains("nested columns are not part of the bundle format"), "{e}");
        let e = decode_values("v.parquet", &file(&bundle_columns(), false, 200_000_001)).unwrap_err();
        assert!(e.to_string().contains("more than the 200000000 healthdash reads"), "{e}");
        let e = decode_values("v.parquet", &file(&bundle_columns(), false, 5)).unwrap_err();
        assert_eq!(e.to_string(), "v.parquet: not a readable Parquet file: the footer promises 5 rows but its row groups hold 0");
        let mut bytes = file(&bundle_columns(), false, 0);
        let n = bytes.len();
        bytes[n - 8..n - 4].copy_from_slice(&(n as u32).to_le_bytes());
        assert!(decode_values("v.parquet", &bytes).unwrap_err().to_string().contains("the footer claims"));
        bytes[n - 1] = b'E';
        assert!(decode_values("v.parquet", &bytes).unwrap_err().to_string().contains("encrypted"));
        assert!(decode_values("v.parquet", b"PAR1PAR1").is_err());
    }

    /// Whole files whose footer is valid (it passes [`read_footer`]) but one of
    /// whose pages is bad: each fault must be caught by the page decoders and
    /// reported naming the file, row group, column, page and what is wrong.
    mod bad_pages {
        use super::super::footer::build::{chunk, column, file, root, Group, Meta, T};
        use super::*;

        fn data_page(n: i64, encoding: i64, body: &[u8]) -> Vec<u8> {
            let mut t = T::default();
            t.element().i32(1, 0).i32(2, body.len() as i64).i32(3, body.len() as i64);
            t.begin(5).i32(1, n).i32(2, encoding).i32(3, 3).i32(4, 3).end().end();
            [t.out, body.to_vec()].concat()
        }

        fn dictionary_page(n: i64, body: &[u8]) -> Vec<u8> {
            let mut t = T::default();
            t.element().i32(1, 2).i32(2, body.len() as i64).i32(3, body.len() as i64);
            t.begin(7).i32(1, n).i32(2, 0).end().end();
            [t.out, body.to_vec()].concat()
        }

        fn plain(items: &[&[u8]]) -> Vec<u8> {
            items.iter().flat_map(|s| [&(s.len() as u32).to_le_bytes()[..], s].concat()).collect()
        }

        /// Two rows; `indicator_id` dictionary-encoded with the given index bytes,
        /// `org_code` PLAIN with the given body, `value` optional with `value`'s body.
        struct Pages {
            indices: Vec<u8>,
            org: Vec<u8>,
            starts: Vec<u8>,
            value: Vec<u8>,
            org_rows: i64,
        }

        fn good() -> Pages {
            Pages {
                // Bit width 1, an RLE run of two 0s.
                indices: vec![1, 0x04, 0],
                org: plain(&[b"E1", b"E2"]),
                starts: [19_000i32.to_le_bytes(), 19_001i32.to_le_bytes()].concat(),
                // Levels (4-byte length, then one bit-packed group 1, 0), then one double.
                value: [&[2, 0, 0, 0, 0x03, 0b01][..], &1.5f64.to_le_bytes()].concat(),
                org_rows: 2,
            }
        }

        fn bytes(p: &Pages) -> Vec<u8> {
            let chunks = [
                ("indicator_id", 6, [dictionary_page(1, &plain(&[b"ind"])), data_page(2, 8, &p.indices)].concat()),
                ("org_code", 6, data_page(p.org_rows, 0, &p.org)),
                ("period_start", 1, data_page(2, 0, &p.starts)),
                ("period_label", 6, data_page(2, 0, &plain(&[b"P", b"P"]))),
                ("value", 5, data_page(2, 0, &p.value)),
            ];
            let mut schema = vec![root(5)];
            let mut metas = Vec::new();
            let mut data = Vec::new();
            for (name, physical, pages) in &chunks {
                let mut c = column(name, *physical, *name == "value");
                c.logical = match *physical {
                    6 => Some(|t: &mut T| {
                        t.begin(1).end();
                    }),
                    1 => Some(|t: &mut T| {
                        t.begin(6).end();
                    }),
                    _ => None,
                };
                schema.push(c);
                metas.push(chunk(name, *physical, 2, 4 + data.len() as i64, pages.len() as i64));
                data.extend_from_slice(pages);
            }
            let meta = Meta { schema, num_rows: Some(2), groups: vec![Group { num_rows: Some(2), chunks: metas }], encryption: false };
            let bytes = file(&data, &meta.thrift());
            assert!(read_footer(&bytes).is_ok(), "the footer itself must be valid");
            bytes
        }

        fn refused(p: &Pages) -> String {
            let e = decode_values("v.parquet", &bytes(p)).unwrap_err();
            assert!(matches!(e, BundleError::Parquet { .. }), "{e:?}");
            e.to_string()
        }

        #[test]
        fn the_good_file_decodes() {
            let t = decode_values("v.parquet", &bytes(&good())).unwrap();
            assert_eq!(t.len(), 2);
            assert_eq!((t.indicator.get(1), t.org.get(1), t.period_start[1], t.period_label.get(0)), ("ind", "E2", 19_001, "P"));
            assert_eq!(t.value[0], 1.5);
            assert!(t.value[1].is_nan());
        }

        #[test]
        fn an_invalid_utf8_string() {
            let p = Pages { org: plain(&[b"E1", b"\xff"]), ..good() };
            assert_eq!(
                refused(&p),
                "v.parquet: not a readable Parquet file: row group 0, column \"org_code\", page 0: a string value is not valid UTF-8 (invalid utf-8 sequence of 1 bytes from index 0)"
            );
        }

        #[test]
        fn a_plain_string_length_past_the_page_end() {
            let p = Pages { org: [plain(&[b"E1"]), 50u32.to_le_bytes().to_vec(), b"E2".to_vec()].concat(), ..good() };
            assert_eq!(
                refused(&p),
                "v.parquet: not a readable Parquet file: row group 0, column \"org_code\", page 0: string 1 claims 50 bytes but the page has 2 left"
            );
        }

        #[test]
        fn a_dictionary_index_out_of_range() {
            let p = Pages { indices: vec![1, 0x04, 1], ..good() };
            assert_eq!(
                refused(&p),
                "v.parquet: not a readable Parquet file: row group 0, column \"indicator_id\", page 1: dictionary index 1 is out of range (the dictionary has 1 values)"
            );
        }

        #[test]
        fn a_dictionary_index_bit_width_of_112() {
            let p = Pages { indices: vec![112, 0x04, 0], ..good() };
            assert_eq!(
                refused(&p),
                "v.parquet: not a readable Parquet file: row group 0, column \"indicator_id\", page 1: dictionary indices have bit width 112, more than 32"
            );
        }

        #[test]
        fn an_rle_run_past_the_page_end() {
            // Bit width 16: the run's value takes two bytes, the page holds one.
            let p = Pages { indices: vec![16, 0x04, 0], ..good() };
            assert_eq!(
                refused(&p),
                "v.parquet: not a readable Parquet file: row group 0, column \"indicator_id\", page 1: an RLE run's value runs past the end of the data"
            );
        }

        #[test]
        fn definition_levels_that_promise_a_value_the_page_lacks() {
            let p = Pages { value: [&[2, 0, 0, 0, 0x03, 0b11][..], &1.5f64.to_le_bytes()].concat(), ..good() };
            assert_eq!(
                refused(&p),
                "v.parquet: not a readable Parquet file: row group 0, column \"value\", page 0: 2 PLAIN values need 16 bytes but the page has 8"
            );
        }

        #[test]
        fn truncated_numbers() {
            let p = Pages { starts: good().starts[..7].to_vec(), ..good() };
            assert_eq!(
                refused(&p),
                "v.parquet: not a readable Parquet file: row group 0, column \"period_start\", page 0: 2 PLAIN values need 8 bytes but the page has 7"
            );
        }

        #[test]
        fn a_column_whose_pages_hold_fewer_values_than_the_row_group() {
            let p = Pages { org: plain(&[b"E1"]), org_rows: 1, ..good() };
            assert_eq!(refused(&p), "v.parquet: not a readable Parquet file: row group 0, column \"org_code\", the column chunk ends after 1 of its 2 values");
        }
    }
}
