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

/// A compact-protocol writer and a `FileMetaData` model for hand-made files,
/// shared with the reader's end-to-end tests (`mod.rs`).
#[cfg(test)]
pub(super) mod build {
    /// Thrift compact-protocol type nibbles.
    pub const I32: u8 = 5;
    pub const I64: u8 = 6;
    pub const BINARY: u8 = 8;
    pub const STRUCT: u8 = 12;

    /// A compact-protocol writer that tracks field ids struct by struct.
    #[derive(Default)]
    pub struct T {
        pub out: Vec<u8>,
        last: Vec<i16>,
    }

    impl T {
        pub fn varint(&mut self, mut v: u64) -> &mut Self {
            loop {
                let b = (v & 0x7f) as u8;
                v >>= 7;
                if v == 0 {
                    self.out.push(b);
                    return self;
                }
                self.out.push(b | 0x80);
            }
        }
        fn zz(&mut self, v: i64) -> &mut Self {
            self.varint(((v << 1) ^ (v >> 63)) as u64)
        }
        pub fn header(&mut self, id: i16, kind: u8) -> &mut Self {
            let last = self.last.last().copied().unwrap_or(0);
            match id - last {
                d @ 1..=15 => self.out.push((d as u8) << 4 | kind),
                _ => {
                    self.out.push(kind);
                    self.zz(i64::from(id));
                }
            }
            if let Some(l) = self.last.last_mut() {
                *l = id;
            }
            self
        }
        pub fn i32(&mut self, id: i16, v: i64) -> &mut Self {
            self.header(id, I32).zz(v)
        }
        pub fn i64(&mut self, id: i16, v: i64) -> &mut Self {
            self.header(id, I64).zz(v)
        }
        pub fn i8(&mut self, id: i16, v: i8) -> &mut Self {
            self.header(id, 3);
            self.out.push(v as u8);
            self
        }
        pub fn bool(&mut self, id: i16, v: bool) -> &mut Self {
            self.header(id, if v { 1 } else { 2 })
        }
        pub fn binary(&mut self, id: i16, b: &[u8]) -> &mut Self {
            self.header(id, BINARY).varint(b.len() as u64);
            self.out.extend_from_slice(b);
            self
        }
        /// Opens a struct-valued field (closed by [`T::end`]).
        pub fn begin(&mut self, id: i16) -> &mut Self {
            self.header(id, STRUCT);
            self.last.push(0);
            self
        }
        /// Opens a struct that is a list element (or the top-level struct).
        pub fn element(&mut self) -> &mut Self {
            self.last.push(0);
            self
        }
        pub fn end(&mut self) -> &mut Self {
            self.out.push(0);
            self.last.pop();
            self
        }
        pub fn list(&mut self, id: i16, kind: u8, n: usize) -> &mut Self {
            self.header(id, 9);
            if n < 15 {
                self.out.push((n as u8) << 4 | kind);
            } else {
                self.out.push(0xf0 | kind);
                self.varint(n as u64);
            }
            self
        }
    }

    /// A `SchemaElement`; `None` fields are not written.
    #[derive(Clone)]
    pub struct Element {
        pub name: Option<String>,
        pub physical: Option<i64>,
        pub repetition: Option<i64>,
        pub num_children: Option<i64>,
        pub converted: Option<i64>,
        /// Writes the members of `logicalType` (field 10).
        pub logical: Option<fn(&mut T)>,
    }

    /// A leaf column: required (repetition 0) unless `optional`.
    pub fn column(name: &str, physical: i64, optional: bool) -> Element {
        Element { name: Some(name.into()), physical: Some(physical), repetition: Some(i64::from(optional)), num_children: None, converted: None, logical: None }
    }

    pub fn root(children: i64) -> Element {
        Element { name: Some("schema".into()), physical: None, repetition: None, num_children: Some(children), converted: None, logical: None }
    }

    /// A `ColumnChunk` with its `ColumnMetaData`; `None` fields are not written.
    #[derive(Clone)]
    pub struct ChunkMeta {
        pub file_path: Option<String>,
        pub encrypted: bool,
        pub has_meta: bool,
        pub physical: Option<i64>,
        pub path: Vec<String>,
        pub codec: Option<i64>,
        pub num_values: Option<i64>,
        pub total_compressed_size: Option<i64>,
        pub data_page_offset: Option<i64>,
        pub dictionary_page_offset: Option<i64>,
    }

    /// An uncompressed chunk of `column` (physical type `physical`) at `start`, `len` bytes.
    pub fn chunk(column: &str, physical: i64, values: i64, start: i64, len: i64) -> ChunkMeta {
        ChunkMeta {
            file_path: None,
            encrypted: false,
            has_meta: true,
            physical: Some(physical),
            path: vec![column.into()],
            codec: Some(0),
            num_values: Some(values),
            total_compressed_size: Some(len),
            data_page_offset: Some(start),
            dictionary_page_offset: None,
        }
    }

    #[derive(Clone)]
    pub struct Group {
        pub num_rows: Option<i64>,
        pub chunks: Vec<ChunkMeta>,
    }

    /// A `FileMetaData`: the schema (root first), row count and row groups.
    #[derive(Clone)]
    pub struct Meta {
        pub schema: Vec<Element>,
        pub num_rows: Option<i64>,
        pub groups: Vec<Group>,
        /// Writes `encryption_algorithm` (field 8), as an encrypted-footer-less encrypted file has.
        pub encryption: bool,
    }

    impl Meta {
        pub fn thrift(&self) -> Vec<u8> {
            let mut t = T::default();
            t.element();
            t.i32(1, 2);
            t.list(2, STRUCT, self.schema.len());
            for e in &self.schema {
                t.element();
                if let Some(p) = e.physical {
                    t.i32(1, p);
                }
                if let Some(r) = e.repetition {
                    t.i32(3, r);
                }
                if let Some(n) = &e.name {
                    t.binary(4, n.as_bytes());
                }
                if let Some(n) = e.num_children {
                    t.i32(5, n);
                }
                if let Some(c) = e.converted {
                    t.i32(6, c);
                }
                if let Some(write) = e.logical {
                    t.begin(10);
                    write(&mut t);
                    t.end();
                }
                t.end();
            }
            if let Some(n) = self.num_rows {
                t.i64(3, n);
            }
            t.list(4, STRUCT, self.groups.len());
            for g in &self.groups {
                t.element();
                t.list(1, STRUCT, g.chunks.len());
                for c in &g.chunks {
                    t.element();
                    if let Some(p) = &c.file_path {
                        t.binary(1, p.as_bytes());
                    }
                    t.i64(2, c.data_page_offset.unwrap_or(0));
                    if c.has_meta {
                        t.begin(3);
                        if let Some(p) = c.physical {
                            t.i32(1, p);
                        }
                        t.list(2, I32, 1).zz(0);
                        t.list(3, BINARY, c.path.len());
                        for p in &c.path {
                            t.varint(p.len() as u64);
                            t.out.extend_from_slice(p.as_bytes());
                        }
                        if let Some(v) = c.codec {
                            t.i32(4, v);
                        }
                        if let Some(v) = c.num_values {
                            t.i64(5, v);
                        }
                        if let Some(v) = c.total_compressed_size {
                            t.i64(6, v).i64(7, v);
                        }
                        if let Some(v) = c.data_page_offset {
                            t.i64(9, v);
                        }
                        if let Some(v) = c.dictionary_page_offset {
                            t.i64(11, v);
                        }
                        t.end();
                    }
                    if c.encrypted {
                        t.begin(8).end();
                    }
                    t.end();
                }
                t.i64(2, g.chunks.iter().filter_map(|c| c.total_compressed_size).fold(0, i64::wrapping_add));
                if let Some(n) = g.num_rows {
                    t.i64(3, n);
                }
                t.end();
            }
            if self.encryption {
                t.begin(8).end();
            }
            t.end();
            t.out
        }
    }

    /// A whole file: magic, `data` (column chunks from offset 4), the footer, its length, magic.
    pub fn file(data: &[u8], footer: &[u8]) -> Vec<u8> {
        [b"PAR1".as_slice(), data, footer, &(footer.len() as u32).to_le_bytes(), b"PAR1"].concat()
    }
}

#[cfg(test)]
mod tests {
    use super::build::*;
    use super::*;

    /// Two columns, `a` INT32 required and `b` BYTE_ARRAY optional, one row group
    /// of 4 rows whose chunks are 10 and 20 bytes at offsets 4 and 14.
    fn meta() -> Meta {
        Meta {
            schema: vec![root(2), column("a", 1, false), column("b", 6, true)],
            num_rows: Some(4),
            groups: vec![Group { num_rows: Some(4), chunks: vec![chunk("a", 1, 4, 4, 10), chunk("b", 6, 4, 14, 20)] }],
            encryption: false,
        }
    }

    fn read(m: &Meta) -> Result<FileMeta, String> {
        read_footer(&file(&[0u8; 30], &m.thrift()))
    }

    fn refused(m: &Meta) -> String {
        read(m).expect_err("the footer should be refused")
    }

    #[test]
    fn a_valid_footer_gives_columns_and_chunks() {
        let f = read(&meta()).unwrap();
        assert_eq!(f.num_rows, 4);
        assert_eq!(
            f.columns.iter().map(|c| (c.name.as_str(), c.physical, c.optional)).collect::<Vec<_>>(),
            [("a", Physical::Int32, false), ("b", Physical::ByteArray, true)]
        );
        assert_eq!(
            f.row_groups,
            [RowGroup {
                num_rows: 4,
                chunks: vec![Chunk { codec: Codec::Uncompressed, start: 4, len: 10 }, Chunk { codec: Codec::Uncompressed, start: 14, len: 20 }]
            }]
        );
    }

    #[test]
    fn annotations_are_read() {
        let mut m = meta();
        m.schema = vec![
            root(6),
            column("s", 6, false),
            column("d", 1, false),
            column("t", 2, false),
            column("u", 1, false),
            column("n", 6, true),
            column("c", 6, false),
        ];
        m.schema[1].logical = Some(|t| {
            t.begin(1).end();
        });
        m.schema[2].logical = Some(|t| {
            t.begin(6).end();
        });
        // TIMESTAMP(isAdjustedToUTC=true, unit=MICROS).
        m.schema[3].logical = Some(|t| {
            t.begin(8).bool(1, true).begin(2).begin(2).end().end().end();
        });
        // INTEGER(16, unsigned).
        m.schema[4].logical = Some(|t| {
            t.begin(10).i8(1, 16).bool(2, false).end();
        });
        m.schema[5].logical = Some(|t| {
            t.begin(11).end();
        });
        m.schema[6].converted = Some(i64::from(converted::JSON));
        m.groups.clear();
        m.num_rows = Some(0);
        let f = read(&m).unwrap();
        let logical: Vec<_> = f.columns.iter().map(|c| c.logical).collect();
        assert_eq!(
            logical,
            [
                Some(Logical::String),
                Some(Logical::Date),
                Some(Logical::Timestamp(Some(TimeUnit::Micros))),
                Some(Logical::Integer { bit_width: 16, signed: false }),
                Some(Logical::Null),
                None
            ]
        );
        assert_eq!(f.columns[5].converted, Some(converted::JSON));
        assert_eq!(f.columns[2].type_name(), "INT64 (TIMESTAMP(MICROS))");
        assert_eq!(f.columns[3].type_name(), "INT32 (INTEGER(16, unsigned))");
    }

    #[test]
    fn magic_bytes_and_the_footer_length() {
        assert_eq!(read_footer(b"PAR1PAR1").unwrap_err(), "8 bytes is too short for a Parquet file");
        let good = file(&[0u8; 30], &meta().thrift());
        let n = good.len();
        let mut bad = good.clone();
        bad[0] = b'X';
        assert_eq!(read_footer(&bad).unwrap_err(), "no PAR1 magic at the start and end of the file (not Parquet, or truncated)");
        let mut bad = good.clone();
        bad[n - 2] = b'X';
        assert_eq!(read_footer(&bad).unwrap_err(), "no PAR1 magic at the start and end of the file (not Parquet, or truncated)");
        let mut bad = good.clone();
        bad[n - 1] = b'E';
        assert_eq!(read_footer(&bad).unwrap_err(), "the file is encrypted (PARE), which healthdash does not read");
        // A length past the file, and one that would overlap the leading magic.
        for length in [u32::MAX, (n - 8) as u32, (n - 8 - 3) as u32] {
            let mut bad = good.clone();
            bad[n - 8..n - 4].copy_from_slice(&length.to_le_bytes());
            assert_eq!(read_footer(&bad).unwrap_err(), format!("the footer claims {length} bytes but the file has only {n}"));
        }
        // A length one short: parsing starts a byte late, inside the first field
        // (version = 2 reads as an i16 field header), and num_rows is never found.
        let mut bad = good;
        let length = u32::from_le_bytes(bad[n - 8..n - 4].try_into().unwrap());
        bad[n - 8..n - 4].copy_from_slice(&(length - 1).to_le_bytes());
        assert_eq!(read_footer(&bad).unwrap_err(), "FileMetaData.num_rows is missing");
    }

    #[test]
    fn thrift_that_breaks_the_file_metadata_struct() {
        let footer = |bytes: &[u8]| read_footer(&file(&[], bytes)).unwrap_err();
        assert_eq!(footer(&[0x0f]), "footer: invalid Thrift type 15");
        // num_rows (field 3) as an i32.
        let mut t = T::default();
        t.element().i32(3, 4).end();
        assert_eq!(footer(&t.out), "footer: FileMetaData.num_rows (Thrift field 3) has type I32, expected I64");
        // schema (field 2) as a list of i32.
        let mut t = T::default();
        t.element().list(2, I32, 1).varint(0).end();
        assert_eq!(footer(&t.out), "footer: FileMetaData.schema is a list of I32, expected Struct");
        let mut m = meta();
        m.encryption = true;
        assert_eq!(refused(&m), "footer: the file's columns are encrypted, which healthdash does not read");
    }

    #[test]
    fn row_counts() {
        let mut m = meta();
        m.num_rows = None;
        assert_eq!(refused(&m), "FileMetaData.num_rows is missing");
        m.num_rows = Some(-1);
        assert_eq!(refused(&m), "the footer declares -1 rows");
        m.num_rows = Some(200_000_001);
        assert_eq!(refused(&m), "the footer declares 200000001 rows, more than the 200000000 healthdash reads from one file");
        m.num_rows = Some(5);
        assert_eq!(refused(&m), "the footer promises 5 rows but its row groups hold 4");
        let mut m = meta();
        m.groups[0].num_rows = None;
        assert_eq!(refused(&m), "row group 0: num_rows is missing");
        m.groups[0].num_rows = Some(-2);
        assert_eq!(refused(&m), "row group 0 declares -2 rows");
    }

    #[test]
    fn schema_errors() {
        let mut m = meta();
        m.schema.clear();
        m.groups.clear();
        m.num_rows = Some(0);
        assert_eq!(refused(&m), "the schema is empty");
        let mut m = meta();
        m.schema[2].name = None;
        assert_eq!(refused(&m), "a schema element has no name");
        let mut m = meta();
        m.schema[2].physical = Some(9);
        assert_eq!(refused(&m), "column \"b\": unknown physical type 9");
        let nested = "column \"b\" is nested or repeated; nested columns are not part of the bundle format";
        for change in [|e: &mut Element| e.repetition = Some(2), |e: &mut Element| e.num_children = Some(1), |e: &mut Element| e.physical = None] {
            let mut m = meta();
            change(&mut m.schema[2]);
            assert_eq!(refused(&m), nested);
        }
        let mut m = meta();
        m.schema[0].num_children = Some(3);
        assert_eq!(refused(&m), "the schema's root has 3 children but 2 columns follow; nested columns are not part of the bundle format");
    }

    #[test]
    fn column_chunks_that_disagree_with_the_schema() {
        let mut m = meta();
        m.groups[0].chunks.pop();
        assert_eq!(refused(&m), "row group 0 has 1 column chunks for 2 columns");
        let mut m = meta();
        m.groups[0].chunks.swap(0, 1);
        assert_eq!(refused(&m), "row group 0: column \"a\" has a column chunk for \"b\" in its place (the schema and the row group disagree)");
        let mut m = meta();
        m.groups[0].chunks[1].path = vec!["x".into(), "b".into()];
        assert_eq!(refused(&m), "row group 0: column \"b\" has a column chunk for \"x.b\" in its place (the schema and the row group disagree)");
        // A chunk whose physical type is not the schema's: the pages would be misread.
        let mut m = meta();
        m.groups[0].chunks[0].physical = Some(2);
        assert_eq!(refused(&m), "row group 0: column \"a\" has a chunk of physical type 2 but the schema says INT32");
        m.groups[0].chunks[0].physical = Some(8);
        assert_eq!(refused(&m), "row group 0: column \"a\" unknown physical type 8");
        let mut m = meta();
        m.groups[0].chunks[1].has_meta = false;
        assert_eq!(refused(&m), "row group 0: column \"b\" has no column metadata");
        let mut m = meta();
        m.groups[0].chunks[1].file_path = Some("other.parquet".into());
        assert_eq!(refused(&m), "row group 0: column \"b\" is stored in another file, which healthdash does not read");
        let mut m = meta();
        m.groups[0].chunks[1].encrypted = true;
        assert_eq!(refused(&m), "row group 0: column \"b\" is encrypted, which healthdash does not read");
    }

    #[test]
    fn codecs_and_value_counts() {
        let mut m = meta();
        m.groups[0].chunks[0].codec = None;
        assert_eq!(refused(&m), "row group 0: column \"a\" has no codec");
        m.groups[0].chunks[0].codec = Some(8);
        assert_eq!(refused(&m), "row group 0: column \"a\" has unknown compression codec 8");
        m.groups[0].chunks[0].codec = Some(6);
        assert_eq!(read(&m).unwrap().row_groups[0].chunks[0].codec, Codec::Zstd);
        // The row group's rows and the chunk's value count must agree (a flat column: one value a row).
        let mut m = meta();
        m.groups[0].chunks[1].num_values = Some(3);
        assert_eq!(refused(&m), "row group 0: column \"b\" holds 3 values but its row group has 4 rows");
        m.groups[0].chunks[1].num_values = Some(5);
        assert_eq!(refused(&m), "row group 0: column \"b\" holds 5 values but its row group has 4 rows");
        m.groups[0].chunks[1].num_values = Some(-1);
        assert_eq!(refused(&m), "row group 0: column \"b\" has no (or a negative) value count");
        m.groups[0].chunks[1].num_values = None;
        assert_eq!(refused(&m), "row group 0: column \"b\" has no (or a negative) value count");
    }

    #[test]
    fn chunk_byte_ranges_must_lie_between_the_magic_and_the_footer() {
        // The data region is bytes 4..34 (30 bytes after the leading magic).
        let past =
            |len: i64, at: i64| format!("row group 0: column \"b\" claims {len} bytes at {at}, past the end of the file's data (34 bytes before the footer)");
        let mut m = meta();
        m.groups[0].chunks[1].total_compressed_size = Some(21);
        assert_eq!(refused(&m), past(21, 14));
        m.groups[0].chunks[1].total_compressed_size = Some(-1);
        assert_eq!(refused(&m), past(-1, 14));
        m.groups[0].chunks[1].total_compressed_size = Some(i64::MAX);
        assert_eq!(refused(&m), past(i64::MAX, 14));
        let mut m = meta();
        m.groups[0].chunks[1].data_page_offset = Some(3);
        assert_eq!(refused(&m), past(20, 3), "a chunk may not start inside the leading magic");
        m.groups[0].chunks[1].data_page_offset = Some(-8);
        assert_eq!(refused(&m), past(20, -8));
        m.groups[0].chunks[1].data_page_offset = Some(15);
        assert_eq!(refused(&m), past(20, 15));
        m.groups[0].chunks[1].data_page_offset = None;
        assert_eq!(refused(&m), "row group 0: column \"b\" has no data page offset");
        let mut m = meta();
        m.groups[0].chunks[1].total_compressed_size = None;
        assert_eq!(refused(&m), "row group 0: column \"b\" has no total_compressed_size");
    }

    #[test]
    fn a_dictionary_page_before_the_data_pages_starts_the_chunk() {
        let mut m = meta();
        m.groups[0].chunks[1].data_page_offset = Some(20);
        m.groups[0].chunks[1].dictionary_page_offset = Some(14);
        assert_eq!(read(&m).unwrap().row_groups[0].chunks[1], Chunk { codec: Codec::Uncompressed, start: 14, len: 20 });
        // 0 (some writers' "no dictionary") and an offset after the data page are not the start.
        for d in [0, 30] {
            m.groups[0].chunks[1].dictionary_page_offset = Some(d);
            assert_eq!(read(&m).unwrap_err(), "row group 0: column \"b\" claims 20 bytes at 20, past the end of the file's data (34 bytes before the footer)");
        }
        m.groups[0].chunks[1].total_compressed_size = Some(14);
        assert_eq!(read(&m).unwrap().row_groups[0].chunks[1], Chunk { codec: Codec::Uncompressed, start: 20, len: 14 });
    }
}
