//! The file's footer: where the columns are, and what they hold.
//!
//! apache/parquet-format README ("File format"): a file starts and ends with
//! the magic `PAR1`; before the final magic come the 4-byte little-endian
//! length of the file metadata and, before that, the metadata itself: a
//! `FileMetaData` struct (`src/main/thrift/parquet.thrift`) in the Thrift
//! compact protocol. Of it this reader keeps only what decoding a flat table
//! needs — the schema's leaves (name, physical type, repetition and the
//! `ConvertedType` / `LogicalType` annotations that say how to read them), the
//! row count and, per row group, each column chunk's codec, value count and
//! byte range — and checks that they agree with each other and with the file
//! before any page is read: every column chunk lies inside the file, row
//! counts add up, and no column is nested (the bundle format is a flat table).

use super::codec::Codec;
use super::thrift::{expect, Kind, Reader};

use crate::bundle::limits::{max_rows_for, MAX_ROWS, MAX_ROWS_PER_BYTE};

/// Parquet's physical types (`enum Type` in parquet.thrift).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Physical {
    Boolean,
    Int32,
    Int64,
    Int96,
    Float,
    Double,
    ByteArray,
    FixedLenByteArray,
}

impl Physical {
    fn from_thrift(v: i32) -> Result<Physical, String> {
        Ok(match v {
            0 => Physical::Boolean,
            1 => Physical::Int32,
            2 => Physical::Int64,
            3 => Physical::Int96,
            4 => Physical::Float,
            5 => Physical::Double,
            6 => Physical::ByteArray,
            7 => Physical::FixedLenByteArray,
            _ => return Err(format!("unknown physical type {v}")),
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Physical::Boolean => "BOOLEAN",
            Physical::Int32 => "INT32",
            Physical::Int64 => "INT64",
            Physical::Int96 => "INT96",
            Physical::Float => "FLOAT",
            Physical::Double => "DOUBLE",
            Physical::ByteArray => "BYTE_ARRAY",
            Physical::FixedLenByteArray => "FIXED_LEN_BYTE_ARRAY",
        }
    }
}

/// A timestamp's unit (`union TimeUnit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TimeUnit {
    Millis,
    Micros,
    Nanos,
}

/// The `LogicalType` union, reduced to the annotations the bundle columns use;
/// any other member is kept as its union field id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Logical {
    String,
    Date,
    Timestamp(Option<TimeUnit>),
    Integer {
        bit_width: i8,
        signed: bool,
    },
    /// `NullType` (field 11, called UNKNOWN): the column holds only nulls.
    Null,
    Other(i16),
}

/// `ConvertedType` values used here (parquet.thrift `enum ConvertedType`).
pub(super) mod converted {
    pub const UTF8: i32 = 0;
    pub const ENUM: i32 = 4;
    pub const DATE: i32 = 6;
    pub const TIMESTAMP_MILLIS: i32 = 9;
    pub const TIMESTAMP_MICROS: i32 = 10;
    pub const UINT_8: i32 = 11;
    pub const UINT_64: i32 = 14;
    pub const INT_8: i32 = 15;
    pub const INT_64: i32 = 18;
    pub const JSON: i32 = 19;
}

/// One column of the (flat) schema: a leaf `SchemaElement`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Leaf {
    pub name: String,
    pub physical: Physical,
    pub type_length: Option<i32>,
    /// `repetition_type` OPTIONAL: the pages carry definition levels.
    pub optional: bool,
    pub converted: Option<i32>,
    pub logical: Option<Logical>,
}

impl Leaf {
    /// The type as a person would name it, for errors: `INT32 (DATE)`.
    pub fn type_name(&self) -> String {
        let annotation = match self.logical {
            Some(Logical::String) => Some("STRING".to_string()),
            Some(Logical::Date) => Some("DATE".to_string()),
            Some(Logical::Timestamp(unit)) => Some(format!(
                "TIMESTAMP({})",
                match unit {
                    Some(TimeUnit::Millis) => "MILLIS",
                    Some(TimeUnit::Micros) => "MICROS",
                    Some(TimeUnit::Nanos) => "NANOS",
                    None => "?",
                }
            )),
            Some(Logical::Integer { bit_width, signed }) => Some(format!("INTEGER({bit_width}, {})", if signed { "signed" } else { "unsigned" })),
            Some(Logical::Null) => Some("NULL".to_string()),
            Some(Logical::Other(id)) => Some(format!("logical type {id}")),
            None => self.converted.map(|c| format!("converted type {c}")),
        };
        match annotation {
            Some(a) => format!("{} ({a})", self.physical.name()),
            None => self.physical.name().to_string(),
        }
    }
}

/// One column chunk: where its pages are and how they are compressed.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Chunk {
    pub codec: Codec,
    /// Byte range of the chunk's pages (dictionary page first, if any).
    pub start: usize,
    pub len: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct RowGroup {
    pub num_rows: usize,
    /// One chunk per schema leaf, in schema order.
    pub chunks: Vec<Chunk>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct FileMeta {
    pub num_rows: usize,
    pub columns: Vec<Leaf>,
    pub row_groups: Vec<RowGroup>,
}

/// What the thrift structs give before cross-checks.
#[derive(Default)]
struct RawElement {
    name: Option<String>,
    physical: Option<i32>,
    type_length: Option<i32>,
    repetition: Option<i32>,
    num_children: Option<i32>,
    converted: Option<i32>,
    logical: Option<Logical>,
}

#[derive(Default)]
struct RawChunk {
    has_file_path: bool,
    physical: Option<i32>,
    path: Vec<String>,
    codec: Option<i32>,
    num_values: Option<i64>,
    total_compressed_size: Option<i64>,
    data_page_offset: Option<i64>,
    dictionary_page_offset: Option<i64>,
    encrypted: bool,
}

#[derive(Default)]
struct RawGroup {
    num_rows: Option<i64>,
    chunks: Vec<RawChunk>,
}

/// Finds, parses and checks the footer of a whole file.
pub(super) fn read_footer(bytes: &[u8]) -> Result<FileMeta, String> {
    let len = bytes.len();
    if len < 12 {
        return Err(format!("{len} bytes is too short for a Parquet file"));
    }
    let tail = bytes.get(len - 8..).ok_or("file too short")?;
    let (length, magic) = tail.split_at(4);
    if bytes.get(..4) != Some(b"PAR1".as_slice()) || magic != b"PAR1" {
        if magic == b"PARE" {
            return Err("the file is encrypted (PARE), which healthdash does not read".into());
        }
        return Err("no PAR1 magic at the start and end of the file (not Parquet, or truncated)".into());
    }
    let length = u32::from_le_bytes(length.try_into().map_err(|_| "footer length")?);
    let length = usize::try_from(length).map_err(|_| "footer length does not fit in memory")?;
    let footer_start =
        (len - 8).checked_sub(length).filter(|s| *s >= 4).ok_or_else(|| format!("the footer claims {length} bytes but the file has only {len}"))?;
    let footer = bytes.get(footer_start..len - 8).ok_or("footer out of range")?;
    let meta = parse_file_metadata(footer).map_err(|e| format!("footer: {e}"))?;
    check(meta, footer_start, len)
}

/// The parts of `FileMetaData` kept: schema elements, num_rows, row groups.
type RawFile = (Vec<RawElement>, Option<i64>, Vec<RawGroup>);

fn parse_file_metadata(footer: &[u8]) -> Result<RawFile, String> {
    let mut r = Reader::new(footer);
    let mut schema = Vec::new();
    let mut num_rows = None;
    let mut groups = Vec::new();
    let mut encrypted = false;
    r.read_struct(|r, f| {
        match f.id {
            2 => {
                expect(f, Kind::List, "FileMetaData.schema")?;
                let (kind, n) = r.list()?;
                expect_elements(kind, Kind::Struct, "FileMetaData.schema")?;
                for _ in 0..n {
                    schema.push(parse_schema_element(r)?);
                }
            }
            3 => {
                expect(f, Kind::I64, "FileMetaData.num_rows")?;
                num_rows = Some(r.i64()?);
            }
            4 => {
                expect(f, Kind::List, "FileMetaData.row_groups")?;
                let (kind, n) = r.list()?;
                expect_elements(kind, Kind::Struct, "FileMetaData.row_groups")?;
                for _ in 0..n {
                    groups.push(parse_row_group(r)?);
                }
            }
            8 => {
                encrypted = true;
                r.skip(f.kind)?;
            }
            _ => r.skip(f.kind)?,
        }
        Ok(())
    })?;
    if encrypted {
        return Err("the file's columns are encrypted, which healthdash does not read".into());
    }
    Ok((schema, num_rows, groups))
}

fn expect_elements(kind: Kind, wanted: Kind, what: &str) -> Result<(), String> {
    if kind == wanted {
        Ok(())
    } else {
        Err(format!("{what} is a list of {kind:?}, expected {wanted:?}"))
    }
}

fn parse_schema_element(r: &mut Reader) -> Result<RawElement, String> {
    let mut e = RawElement::default();
    r.read_struct(|r, f| {
        match f.id {
            1 => {
                expect(f, Kind::I32, "SchemaElement.type")?;
                e.physical = Some(r.i32()?);
            }
            2 => {
                expect(f, Kind::I32, "SchemaElement.type_length")?;
                e.type_length = Some(r.i32()?);
            }
            3 => {
                expect(f, Kind::I32, "SchemaElement.repetition_type")?;
                e.repetition = Some(r.i32()?);
            }
            4 => {
                expect(f, Kind::Binary, "SchemaElement.name")?;
                e.name = Some(r.string()?);
            }
            5 => {
                expect(f, Kind::I32, "SchemaElement.num_children")?;
                e.num_children = Some(r.i32()?);
            }
            6 => {
                expect(f, Kind::I32, "SchemaElement.converted_type")?;
                e.converted = Some(r.i32()?);
            }
            10 => {
                expect(f, Kind::Struct, "SchemaElement.logicalType")?;
                e.logical = parse_logical_type(r)?;
            }
            _ => r.skip(f.kind)?,
        }
        Ok(())
    })?;
    Ok(e)
}

/// `union LogicalType`: a struct with (at most) one field set.
fn parse_logical_type(r: &mut Reader) -> Result<Option<Logical>, String> {
    let mut logical = None;
    r.read_struct(|r, f| {
        expect(f, Kind::Struct, "LogicalType member")?;
        logical = Some(match f.id {
            1 => {
                r.skip(f.kind)?;
                Logical::String
            }
            6 => {
                r.skip(f.kind)?;
                Logical::Date
            }
            8 => Logical::Timestamp(parse_timestamp_type(r)?),
            10 => {
                let (mut bit_width, mut signed) = (0i8, true);
                r.read_struct(|r, f| {
                    match (f.id, f.kind) {
                        (1, Kind::I8) => bit_width = r.i8()?,
                        (2, Kind::Bool(b)) => signed = b,
                        _ => r.skip(f.kind)?,
                    }
                    Ok(())
                })?;
                Logical::Integer { bit_width, signed }
            }
            11 => {
                r.skip(f.kind)?;
                Logical::Null
            }
            id => {
                r.skip(f.kind)?;
                Logical::Other(id)
            }
        });
        Ok(())
    })?;
    Ok(logical)
}

/// `struct TimestampType { 1: bool isAdjustedToUTC; 2: TimeUnit unit }`.
fn parse_timestamp_type(r: &mut Reader) -> Result<Option<TimeUnit>, String> {
    let mut unit = None;
    r.read_struct(|r, f| {
        if f.id == 2 && f.kind == Kind::Struct {
            r.read_struct(|r, u| {
                unit = match u.id {
                    1 => Some(TimeUnit::Millis),
                    2 => Some(TimeUnit::Micros),
                    3 => Some(TimeUnit::Nanos),
                    _ => None,
                };
                r.skip(u.kind)
            })
        } else {
            r.skip(f.kind)
        }
    })?;
    Ok(unit)
}

fn parse_row_group(r: &mut Reader) -> Result<RawGroup, String> {
    let mut g = RawGroup::default();
    r.read_struct(|r, f| {
        match f.id {
            1 => {
                expect(f, Kind::List, "RowGroup.columns")?;
                let (kind, n) = r.list()?;
                expect_elements(kind, Kind::Struct, "RowGroup.columns")?;
                for _ in 0..n {
                    g.chunks.push(parse_column_chunk(r)?);
                }
            }
            3 => {
                expect(f, Kind::I64, "RowGroup.num_rows")?;
                g.num_rows = Some(r.i64()?);
            }
            _ => r.skip(f.kind)?,
        }
        Ok(())
    })?;
    Ok(g)
}

fn parse_column_chunk(r: &mut Reader) -> Result<RawChunk, String> {
    let mut c = RawChunk::default();
    r.read_struct(|r, f| {
        match f.id {
            1 => {
                c.has_file_path = true;
                r.skip(f.kind)?;
            }
            3 => {
                expect(f, Kind::Struct, "ColumnChunk.meta_data")?;
                parse_column_metadata(r, &mut c)?;
            }
            8 | 9 => {
                c.encrypted = true;
                r.skip(f.kind)?;
            }
            _ => r.skip(f.kind)?,
        }
        Ok(())
    })?;
    Ok(c)
}

fn parse_column_metadata(r: &mut Reader, c: &mut RawChunk) -> Result<(), String> {
    r.read_struct(|r, f| {
        match f.id {
            1 => {
                expect(f, Kind::I32, "ColumnMetaData.type")?;
                c.physical = Some(r.i32()?);
            }
            3 => {
                expect(f, Kind::List, "ColumnMetaData.path_in_schema")?;
                let (kind, n) = r.list()?;
                expect_elements(kind, Kind::Binary, "ColumnMetaData.path_in_schema")?;
                for _ in 0..n {
                    c.path.push(r.string()?);
                }
            }
            4 => {
                expect(f, Kind::I32, "ColumnMetaData.codec")?;
                c.codec = Some(r.i32()?);
            }
            5 => {
                expect(f, Kind::I64, "ColumnMetaData.num_values")?;
                c.num_values = Some(r.i64()?);
            }
            7 => {
                expect(f, Kind::I64, "ColumnMetaData.total_compressed_size")?;
                c.total_compressed_size = Some(r.i64()?);
            }
            9 => {
                expect(f, Kind::I64, "ColumnMetaData.data_page_offset")?;
                c.data_page_offset = Some(r.i64()?);
            }
            11 => {
                expect(f, Kind::I64, "ColumnMetaData.dictionary_page_offset")?;
                c.dictionary_page_offset = Some(r.i64()?);
            }
            _ => r.skip(f.kind)?,
        }
        Ok(())
    })
}

/// Cross-checks the parsed structures and turns them into [`FileMeta`].
fn check((schema, num_rows, groups): RawFile, data_end: usize, file_len: usize) -> Result<FileMeta, String> {
    let num_rows = num_rows.ok_or("FileMetaData.num_rows is missing")?;
    let num_rows = u64::try_from(num_rows).map_err(|_| format!("the footer declares {num_rows} rows"))?;
    if num_rows > MAX_ROWS {
        return Err(format!("the footer declares {num_rows} rows, more than the {MAX_ROWS} healthdash reads from one file"));
    }
    // Checked before any page is read: a few bytes of run-length codes could
    // otherwise stand for millions of rows, each costing memory once decoded.
    let len = u64::try_from(file_len).unwrap_or(u64::MAX);
    if num_rows > max_rows_for(len) {
        return Err(format!("the footer declares {num_rows} rows, more than a file of {len} bytes can hold (at most {MAX_ROWS_PER_BYTE} rows a byte)"));
    }
    let num_rows = usize::try_from(num_rows).map_err(|_| format!("{num_rows} rows do not fit in memory"))?;

    let mut elements = schema.into_iter();
    let root = elements.next().ok_or("the schema is empty")?;
    let mut columns = Vec::new();
    for e in elements {
        let name = e.name.ok_or("a schema element has no name")?;
        if e.num_children.is_some_and(|n| n > 0) || e.physical.is_none() || e.repetition == Some(2) {
            return Err(format!("column \"{name}\" is nested or repeated; nested columns are not part of the bundle format"));
        }
        columns.push(Leaf {
            physical: Physical::from_thrift(e.physical.unwrap_or(-1)).map_err(|m| format!("column \"{name}\": {m}"))?,
            type_length: e.type_length,
            optional: e.repetition == Some(1),
            converted: e.converted,
            logical: e.logical,
            name,
        });
    }
    if usize::try_from(root.num_children.unwrap_or(0)).ok() != Some(columns.len()) {
        return Err(format!(
            "the schema's root has {} children but {} columns follow; nested columns are not part of the bundle format",
            root.num_children.unwrap_or(0),
            columns.len()
        ));
    }

    let mut row_groups = Vec::new();
    let mut total = 0usize;
    for (g, raw) in groups.into_iter().enumerate() {
        let rows = raw.num_rows.ok_or_else(|| format!("row group {g}: num_rows is missing"))?;
        let rows = usize::try_from(rows).map_err(|_| format!("row group {g} declares {rows} rows"))?;
        total = total.checked_add(rows).ok_or("row counts overflow")?;
        if raw.chunks.len() != columns.len() {
            return Err(format!("row group {g} has {} column chunks for {} columns", raw.chunks.len(), columns.len()));
        }
        let mut chunks = Vec::new();
        for (raw, leaf) in raw.chunks.into_iter().zip(&columns) {
            chunks.push(check_chunk(raw, leaf, rows, data_end).map_err(|m| format!("row group {g}: column \"{}\" {m}", leaf.name))?);
        }
        row_groups.push(RowGroup { num_rows: rows, chunks });
    }
    if total != num_rows {
        return Err(format!("the footer promises {num_rows} rows but its row groups hold {total}"));
    }
    Ok(FileMeta { num_rows, columns, row_groups })
}

fn check_chunk(raw: RawChunk, leaf: &Leaf, rows: usize, data_end: usize) -> Result<Chunk, String> {
    if raw.has_file_path {
        return Err("is stored in another file, which healthdash does not read".into());
    }
    if raw.encrypted {
        return Err("is encrypted, which healthdash does not read".into());
    }
    let physical = raw.physical.ok_or("has no column metadata")?;
    if raw.path.len() != 1 || raw.path.first() != Some(&leaf.name) {
        return Err(format!("has a column chunk for \"{}\" in its place (the schema and the row group disagree)", raw.path.join(".")));
    }
    if Physical::from_thrift(physical)? != leaf.physical {
        return Err(format!("has a chunk of physical type {physical} but the schema says {}", leaf.physical.name()));
    }
    let codec = Codec::from_thrift(raw.codec.ok_or("has no codec")?)?;
    let num_values = raw.num_values.and_then(|n| u64::try_from(n).ok()).ok_or("has no (or a negative) value count")?;
    if usize::try_from(num_values).ok() != Some(rows) {
        return Err(format!("holds {num_values} values but its row group has {rows} rows"));
    }
    let data = raw.data_page_offset.ok_or("has no data page offset")?;
    let start = match raw.dictionary_page_offset {
        // Some writers store 0 for "no dictionary"; a dictionary page comes first.
        Some(d) if d > 0 && d < data => d,
        _ => data,
    };
    let length = raw.total_compressed_size.ok_or("has no total_compressed_size")?;
    let range = usize::try_from(start).ok().zip(usize::try_from(length).ok()).filter(|(s, _)| *s >= 4);
    let end = range.and_then(|(s, l)| s.checked_add(l));
    match (range, end) {
        (Some((start, len)), Some(end)) if end <= data_end => Ok(Chunk { codec, start, len }),
        _ => Err(format!("claims {length} bytes at {start}, past the end of the file's data ({data_end} bytes before the footer)")),
    }
}
