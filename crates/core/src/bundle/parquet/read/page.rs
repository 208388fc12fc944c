//! Pages: the units a column chunk is cut into, each a Thrift `PageHeader`
//! followed by its (usually compressed) bytes.
//!
//! apache/parquet-format README ("Column chunks", "Data Pages") and
//! `src/main/thrift/parquet.thrift` (`struct PageHeader`, `DataPageHeader`,
//! `DictionaryPageHeader`, `DataPageHeaderV2`): pages follow each other with
//! no gap; the header gives the page type, its compressed and uncompressed
//! sizes and a type-specific header. A chunk's dictionary page, if any, comes
//! first. Index pages, and page types this reader does not know, are skipped
//! ("Additional page types can be added and safely skipped", README,
//! "Extensibility"). A data page V1 compresses levels and values together;
//! a V2 page stores its repetition and definition levels uncompressed before
//! the values, and compresses only the values (unless `is_compressed` is
//! false; it defaults to true).

use super::thrift::{expect, Kind, Reader};

/// `struct DataPageHeader`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct DataV1 {
    pub num_values: usize,
    pub encoding: i32,
    pub definition_level_encoding: i32,
}

/// `struct DataPageHeaderV2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct DataV2 {
    pub num_values: usize,
    pub num_nulls: usize,
    pub encoding: i32,
    pub definition_levels_byte_length: usize,
    pub repetition_levels_byte_length: usize,
    pub is_compressed: bool,
}

/// `struct DictionaryPageHeader`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Dictionary {
    pub num_values: usize,
    pub encoding: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PageKind {
    DataV1(DataV1),
    DataV2(DataV2),
    Dictionary(Dictionary),
    /// An index page or a page type added after this reader: skipped.
    Skipped,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct PageHeader {
    pub kind: PageKind,
    pub uncompressed_size: usize,
    pub compressed_size: usize,
}

/// The pages of one column chunk, in order.
pub(super) struct Pages<'a> {
    chunk: &'a [u8],
    pos: usize,
}

impl<'a> Pages<'a> {
    pub fn new(chunk: &'a [u8]) -> Pages<'a> {
        Pages { chunk, pos: 0 }
    }

    /// The next page's header and its (still compressed) bytes, or `None` at
    /// the end of the chunk.
    pub fn next_page(&mut self) -> Result<Option<(PageHeader, &'a [u8])>, String> {
        let rest = self.chunk.get(self.pos..).unwrap_or_default();
        if rest.is_empty() {
            return Ok(None);
        }
        let mut r = Reader::new(rest);
        let header = read_header(&mut r).map_err(|e| format!("page header: {e}"))?;
        let start = r.position();
        let end = start.checked_add(header.compressed_size).ok_or("page size overflows")?;
        let body = rest
            .get(start..end)
            .ok_or_else(|| format!("claims {} bytes but the column chunk has {} left", header.compressed_size, rest.len().saturating_sub(start)))?;
        self.pos = self.pos.saturating_add(end);
        Ok(Some((header, body)))
    }
}

fn size(v: i32, what: &str) -> Result<usize, String> {
    usize::try_from(v).map_err(|_| format!("{what} is {v}"))
}

fn read_header(r: &mut Reader) -> Result<PageHeader, String> {
    let (mut kind, mut uncompressed, mut compressed) = (None, None, None);
    let (mut v1, mut v2, mut dict) = (None, None, None);
    r.read_struct(|r, f| {
        match f.id {
            1 => {
                expect(f, Kind::I32, "PageHeader.type")?;
                kind = Some(r.i32()?);
            }
            2 => {
                expect(f, Kind::I32, "PageHeader.uncompressed_page_size")?;
                uncompressed = Some(size(r.i32()?, "uncompressed_page_size")?);
            }
            3 => {
                expect(f, Kind::I32, "PageHeader.compressed_page_size")?;
                compressed = Some(size(r.i32()?, "compressed_page_size")?);
            }
            5 => {
                expect(f, Kind::Struct, "PageHeader.data_page_header")?;
                v1 = Some(read_v1(r)?);
            }
            7 => {
                expect(f, Kind::Struct, "PageHeader.dictionary_page_header")?;
                dict = Some(read_dictionary(r)?);
            }
            8 => {
                expect(f, Kind::Struct, "PageHeader.data_page_header_v2")?;
                v2 = Some(read_v2(r)?);
            }
            _ => r.skip(f.kind)?,
        }
        Ok(())
    })?;
    let kind = match kind.ok_or("no page type")? {
        0 => PageKind::DataV1(v1.ok_or("a DATA_PAGE without its data_page_header")?),
        2 => PageKind::Dictionary(dict.ok_or("a DICTIONARY_PAGE without its dictionary_page_header")?),
        3 => PageKind::DataV2(v2.ok_or("a DATA_PAGE_V2 without its data_page_header_v2")?),
        _ => PageKind::Skipped,
    };
    Ok(PageHeader { kind, uncompressed_size: uncompressed.ok_or("no uncompressed_page_size")?, compressed_size: compressed.ok_or("no compressed_page_size")? })
}

fn read_v1(r: &mut Reader) -> Result<DataV1, String> {
    let (mut n, mut encoding, mut levels) = (None, None, None);
    r.read_struct(|r, f| {
        match (f.id, f.kind) {
            (1, Kind::I32) => n = Some(size(r.i32()?, "num_values")?),
            (2, Kind::I32) => encoding = Some(r.i32()?),
            (3, Kind::I32) => levels = Some(r.i32()?),
            _ => r.skip(f.kind)?,
        }
        Ok(())
    })?;
    Ok(DataV1 {
        num_values: n.ok_or("DataPageHeader.num_values is missing")?,
        encoding: encoding.ok_or("DataPageHeader.encoding is missing")?,
        definition_level_encoding: levels.ok_or("DataPageHeader.definition_level_encoding is missing")?,
    })
}

fn read_v2(r: &mut Reader) -> Result<DataV2, String> {
    let (mut n, mut nulls, mut encoding, mut def, mut rep) = (None, None, None, None, None);
    let mut is_compressed = true;
    r.read_struct(|r, f| {
        match (f.id, f.kind) {
            (1, Kind::I32) => n = Some(size(r.i32()?, "num_values")?),
            (2, Kind::I32) => nulls = Some(size(r.i32()?, "num_nulls")?),
            (4, Kind::I32) => encoding = Some(r.i32()?),
            (5, Kind::I32) => def = Some(size(r.i32()?, "definition_levels_byte_length")?),
            (6, Kind::I32) => rep = Some(size(r.i32()?, "repetition_levels_byte_length")?),
            (7, Kind::Bool(b)) => is_compressed = b,
            _ => r.skip(f.kind)?,
        }
        Ok(())
    })?;
    Ok(DataV2 {
        num_values: n.ok_or("DataPageHeaderV2.num_values is missing")?,
        num_nulls: nulls.ok_or("DataPageHeaderV2.num_nulls is missing")?,
        encoding: encoding.ok_or("DataPageHeaderV2.encoding is missing")?,
        definition_levels_byte_length: def.ok_or("DataPageHeaderV2.definition_levels_byte_length is missing")?,
        repetition_levels_byte_length: rep.ok_or("DataPageHeaderV2.repetition_levels_byte_length is missing")?,
        is_compressed,
    })
}

fn read_dictionary(r: &mut Reader) -> Result<Dictionary, String> {
    let (mut n, mut encoding) = (None, None);
    r.read_struct(|r, f| {
        match (f.id, f.kind) {
            (1, Kind::I32) => n = Some(size(r.i32()?, "num_values")?),
            (2, Kind::I32) => encoding = Some(r.i32()?),
            _ => r.skip(f.kind)?,
        }
        Ok(())
    })?;
    Ok(Dictionary { num_values: n.ok_or("DictionaryPageHeader.num_values is missing")?, encoding: encoding.ok_or("DictionaryPageHeader.encoding is missing")? })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A V2 data page header: type 3, sizes 20/10, then header v2 {num_values 5,
    /// num_nulls 1, num_rows 5, encoding 8, def 2, rep 0, is_compressed false}.
    fn v2_page() -> Vec<u8> {
        let mut h = vec![0x15, 0x06, 0x15, 0x28, 0x15, 0x14];
        h.extend([0x5c, 0x15, 0x0a, 0x15, 0x02, 0x15, 0x0a, 0x15, 0x10, 0x15, 0x04, 0x15, 0x00, 0x12, 0x00, 0x00]);
        h.extend([0xaa; 10]);
        h
    }

    #[test]
    fn a_v2_header_and_its_body() {
        let bytes = [v2_page(), v2_page()].concat();
        let mut pages = Pages::new(&bytes);
        for _ in 0..2 {
            let (header, body) = pages.next_page().unwrap().unwrap();
            assert_eq!(header.uncompressed_size, 20);
            assert_eq!(body, [0xaa; 10]);
            let PageKind::DataV2(v2) = header.kind else { panic!("{header:?}") };
            assert_eq!(
                v2,
                DataV2 { num_values: 5, num_nulls: 1, encoding: 8, definition_levels_byte_length: 2, repetition_levels_byte_length: 0, is_compressed: false }
            );
        }
        assert_eq!(pages.next_page(), Ok(None));
    }

    #[test]
    fn a_page_longer_than_its_chunk_is_an_error() {
        let bytes = v2_page();
        let mut pages = Pages::new(&bytes[..bytes.len() - 1]);
        assert_eq!(pages.next_page().unwrap_err(), "claims 10 bytes but the column chunk has 9 left");
    }

    #[test]
    fn index_pages_and_unknown_types_are_skipped_and_negative_sizes_refused() {
        // type 1 (INDEX_PAGE), sizes 0/0, no sub-header.
        let bytes = [0x15, 0x02, 0x15, 0x00, 0x15, 0x00, 0x00];
        let (header, body) = Pages::new(&bytes).next_page().unwrap().unwrap();
        assert_eq!(header.kind, PageKind::Skipped);
        assert!(body.is_empty());
        let negative = [0x15, 0x02, 0x15, 0x01, 0x15, 0x00, 0x00];
        assert!(Pages::new(&negative).next_page().unwrap_err().contains("uncompressed_page_size is -1"));
    }

    /// A PageHeader from (field id, i32 value) pairs, with an optional struct field.
    fn header(fields: &[(u8, i64)], sub: Option<(u8, &[(u8, i64)])>) -> Vec<u8> {
        let zz = |v: i64, h: &mut Vec<u8>| {
            let mut u = ((v << 1) ^ (v >> 63)) as u64;
            while u >= 0x80 {
                h.push((u as u8) | 0x80);
                u >>= 7;
            }
            h.push(u as u8);
        };
        let mut h = Vec::new();
        let mut last = 0;
        for (id, v) in fields {
            h.push((id - last) << 4 | 5);
            zz(*v, &mut h);
            last = *id;
        }
        if let Some((id, inner)) = sub {
            h.push((id - last) << 4 | 12);
            let mut l = 0;
            for (id, v) in inner {
                h.push((id - l) << 4 | 5);
                zz(*v, &mut h);
                l = *id;
            }
            h.push(0);
        }
        h.push(0);
        h
    }

    fn refused(bytes: &[u8]) -> String {
        Pages::new(bytes).next_page().unwrap_err()
    }

    #[test]
    fn headers_missing_what_their_type_needs() {
        assert_eq!(refused(&header(&[(2, 0), (3, 0)], None)), "page header: no page type");
        assert_eq!(refused(&header(&[(1, 0), (2, 0), (3, 0)], None)), "page header: a DATA_PAGE without its data_page_header");
        assert_eq!(refused(&header(&[(1, 2), (2, 0), (3, 0)], None)), "page header: a DICTIONARY_PAGE without its dictionary_page_header");
        assert_eq!(refused(&header(&[(1, 3), (2, 0), (3, 0)], None)), "page header: a DATA_PAGE_V2 without its data_page_header_v2");
        assert_eq!(refused(&header(&[(1, 0), (3, 0)], Some((5, &[(1, 1), (2, 0), (3, 3)])))), "page header: no uncompressed_page_size");
        assert_eq!(refused(&header(&[(1, 0), (2, 0)], Some((5, &[(1, 1), (2, 0), (3, 3)])))), "page header: no compressed_page_size");
        assert_eq!(refused(&header(&[(1, 0), (2, 0), (3, 0)], Some((5, &[(2, 0), (3, 3)])))), "page header: DataPageHeader.num_values is missing");
        assert_eq!(refused(&header(&[(1, 0), (2, 0), (3, 0)], Some((5, &[(1, 1), (3, 3)])))), "page header: DataPageHeader.encoding is missing");
        assert_eq!(
            refused(&header(&[(1, 0), (2, 0), (3, 0)], Some((5, &[(1, 1), (2, 0)])))),
            "page header: DataPageHeader.definition_level_encoding is missing"
        );
        assert_eq!(refused(&header(&[(1, 2), (2, 0), (3, 0)], Some((7, &[(2, 0)])))), "page header: DictionaryPageHeader.num_values is missing");
        assert_eq!(
            refused(&header(&[(1, 3), (2, 0), (3, 0)], Some((8, &[(1, 1), (2, 0), (4, 0), (5, 0)])))),
            "page header: DataPageHeaderV2.repetition_levels_byte_length is missing"
        );
    }

    #[test]
    fn negative_counts_and_sizes_and_wrong_thrift_types() {
        assert_eq!(refused(&header(&[(1, 0), (2, 0), (3, -5)], None)), "page header: compressed_page_size is -5");
        assert_eq!(refused(&header(&[(1, 0), (2, 0), (3, 0)], Some((5, &[(1, -1), (2, 0), (3, 3)])))), "page header: num_values is -1");
        assert_eq!(refused(&header(&[(1, 3), (2, 0), (3, 0)], Some((8, &[(1, 1), (2, -1)])))), "page header: num_nulls is -1");
        // The page type as an i64 (compact type 6) instead of an i32.
        assert_eq!(refused(&[0x16, 0x00, 0x00]), "page header: PageHeader.type (Thrift field 1) has type I64, expected I32");
        // The data page header as an i32 instead of a struct.
        assert_eq!(
            refused(&header(&[(1, 0), (2, 0), (3, 0), (5, 1)], None)),
            "page header: PageHeader.data_page_header (Thrift field 5) has type I32, expected Struct"
        );
        assert_eq!(refused(&[0x15]), "page header: Thrift data ends early");
    }
}
