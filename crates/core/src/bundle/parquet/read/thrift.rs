//! A reader for the Thrift *compact protocol*, the encoding of every Parquet
//! metadata structure (the footer's `FileMetaData` and each `PageHeader`).
//!
//! Parquet's README ("Metadata") says all its Thrift structures are serialised
//! with `TCompactProtocol`; their fields are listed in
//! `src/main/thrift/parquet.thrift` (apache/parquet-format). The encoding, as
//! the Thrift compact protocol specification gives it:
//!
//! - integers (`i16`, `i32`, `i64`) are zigzag varints (ULEB-128 of
//!   `(n << 1) ^ (n >> 63)`); `i8` is one byte; `double` is 8 bytes little endian;
//! - `binary` / `string`: a varint length, then the bytes;
//! - a struct is a sequence of field headers, each one byte: the high nibble a
//!   field-id *delta* (1-15) from the previous field, the low nibble the type;
//!   a zero delta means the id follows as a zigzag varint; a zero byte ends
//!   the struct. A `bool` field keeps its value in the type nibble (1 true,
//!   2 false) and has no body;
//! - a list or set header is one byte: the size in the high nibble (15 means a
//!   varint size follows) and the element type in the low nibble; a map is a
//!   varint size, then (if non-empty) one byte of key and value types.
//!
//! The reader works on a byte slice, checks every read against its end and
//! returns an error rather than panicking; [`Reader::skip`] steps over fields
//! this reader does not need, nested at most [`MAX_DEPTH`] deep.

/// How deep nested structs, lists and maps may go in a field being skipped.
pub(super) const MAX_DEPTH: usize = 64;

/// A compact-protocol type, from a field header's or a list header's low nibble.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A bool *field* (its value is in the header) or a bool list element (one byte).
    Bool(bool),
    I8,
    I16,
    I32,
    I64,
    Double,
    Binary,
    List,
    Set,
    Map,
    Struct,
    Uuid,
}

impl Kind {
    fn from_nibble(n: u8) -> Result<Kind, String> {
        Ok(match n {
            1 => Kind::Bool(true),
            2 => Kind::Bool(false),
            3 => Kind::I8,
            4 => Kind::I16,
            5 => Kind::I32,
            6 => Kind::I64,
            7 => Kind::Double,
            8 => Kind::Binary,
            9 => Kind::List,
            10 => Kind::Set,
            11 => Kind::Map,
            12 => Kind::Struct,
            13 => Kind::Uuid,
            _ => return Err(format!("invalid Thrift type {n}")),
        })
    }
}

/// A field header: its id and type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Field {
    pub id: i16,
    pub kind: Kind,
}

/// A compact-protocol reader over a byte slice.
pub(super) struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Reader<'a> {
        Reader { buf, pos: 0 }
    }

    /// Bytes read so far.
    pub fn position(&self) -> usize {
        self.pos
    }

    fn remaining(&self) -> usize {
        self.buf.len().saturating_sub(self.pos)
    }

    fn byte(&mut self) -> Result<u8, String> {
        let b = *self.buf.get(self.pos).ok_or("Thrift data ends early")?;
        self.pos += 1;
        Ok(b)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(n).ok_or("Thrift length overflows")?;
        let bytes = self.buf.get(self.pos..end).ok_or_else(|| format!("Thrift data ends early ({n} bytes wanted, {} left)", self.remaining()))?;
        self.pos = end;
        Ok(bytes)
    }

    /// An unsigned LEB-128 varint of at most 10 bytes.
    pub fn varint(&mut self) -> Result<u64, String> {
        let mut value = 0u64;
        for i in 0..10 {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << (7 * i);
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("Thrift varint longer than 10 bytes".into())
    }

    /// A zigzag varint.
    pub fn zigzag(&mut self) -> Result<i64, String> {
        Ok(unzigzag(self.varint()?))
    }

    pub fn i8(&mut self) -> Result<i8, String> {
        Ok(i8::from_le_bytes([self.byte()?]))
    }

    pub fn i16(&mut self) -> Result<i16, String> {
        let v = self.zigzag()?;
        i16::try_from(v).map_err(|_| format!("Thrift i16 out of range: {v}"))
    }

    pub fn i32(&mut self) -> Result<i32, String> {
        let v = self.zigzag()?;
        i32::try_from(v).map_err(|_| format!("Thrift i32 out of range: {v}"))
    }

    pub fn i64(&mut self) -> Result<i64, String> {
        self.zigzag()
    }

    pub fn binary(&mut self) -> Result<&'a [u8], String> {
        let len = self.varint()?;
        let len = usize::try_from(len).map_err(|_| format!("Thrift binary length {len} too large"))?;
        self.take(len)
    }

    pub fn string(&mut self) -> Result<String, String> {
        let bytes = self.binary()?;
        std::str::from_utf8(bytes).map(str::to_string).map_err(|_| "Thrift string is not UTF-8".to_string())
    }

    /// The next field header after field `last`, or `None` at the struct's end.
    pub fn field(&mut self, last: i16) -> Result<Option<Field>, String> {
        let b = self.byte()?;
        if b == 0 {
            return Ok(None);
        }
        let kind = Kind::from_nibble(b & 0x0f)?;
        let delta = b >> 4;
        let id = if delta == 0 { self.i16()? } else { last.checked_add(i16::from(delta)).ok_or("Thrift field id overflows")? };
        Ok(Some(Field { id, kind }))
    }

    /// A list (or set) header: element type and size. The size is checked
    /// against the bytes left (every element takes at least one byte), so a
    /// caller may trust it for loop bounds but should still cap allocations.
    pub fn list(&mut self) -> Result<(Kind, usize), String> {
        let b = self.byte()?;
        let kind = Kind::from_nibble(b & 0x0f)?;
        let size = match b >> 4 {
            15 => {
                let n = self.varint()?;
                usize::try_from(n).map_err(|_| format!("Thrift list size {n} too large"))?
            }
            n => usize::from(n),
        };
        if size > self.remaining() {
            return Err(format!("Thrift list of {size} elements in {} bytes", self.remaining()));
        }
        Ok((kind, size))
    }

    /// Reads a struct field by field: `each` gets every field and must consume
    /// its value (by reading it or calling [`Reader::skip`]).
    pub fn read_struct(&mut self, mut each: impl FnMut(&mut Self, Field) -> Result<(), String>) -> Result<(), String> {
        let mut last = 0i16;
        while let Some(field) = self.field(last)? {
            each(self, field)?;
            last = field.id;
        }
        Ok(())
    }

    /// Steps over a field's value of type `kind`.
    pub fn skip(&mut self, kind: Kind) -> Result<(), String> {
        self.skip_value(kind, false, 0)
    }

    fn skip_value(&mut self, kind: Kind, element: bool, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err(format!("Thrift structures nested more than {MAX_DEPTH} deep"));
        }
        match kind {
            Kind::Bool(_) if element => self.byte().map(drop),
            Kind::Bool(_) => Ok(()),
            Kind::I8 => self.byte().map(drop),
            Kind::I16 | Kind::I32 | Kind::I64 => self.varint().map(drop),
            Kind::Double => self.take(8).map(drop),
            Kind::Uuid => self.take(16).map(drop),
            Kind::Binary => self.binary().map(drop),
            Kind::List | Kind::Set => {
                let (kind, size) = self.list()?;
                for _ in 0..size {
                    self.skip_value(kind, true, depth + 1)?;
                }
                Ok(())
            }
            Kind::Map => {
                let n = self.varint()?;
                if n == 0 {
                    return Ok(());
                }
                let types = self.byte()?;
                let (key, value) = (Kind::from_nibble(types >> 4)?, Kind::from_nibble(types & 0x0f)?);
                let n = usize::try_from(n).map_err(|_| format!("Thrift map size {n} too large"))?;
                if n > self.remaining() {
                    return Err(format!("Thrift map of {n} entries in {} bytes", self.remaining()));
                }
                for _ in 0..n {
                    self.skip_value(key, true, depth + 1)?;
                    self.skip_value(value, true, depth + 1)?;
                }
                Ok(())
            }
            Kind::Struct => {
                let mut last = 0i16;
                while let Some(field) = self.field(last)? {
                    self.skip_value(field.kind, false, depth + 1)?;
                    last = field.id;
                }
                Ok(())
            }
        }
    }
}

/// Zigzag decoding: 0, 1, 2, 3, … → 0, -1, 1, -2, …
pub(super) fn unzigzag(v: u64) -> i64 {
    // Two's complement reinterpretation of the shifted value; no arithmetic can overflow.
    i64::from_ne_bytes((v >> 1).to_ne_bytes()) ^ -i64::from_ne_bytes((v & 1).to_ne_bytes())
}

/// Checks that a field has the type the structure definition gives it.
pub(super) fn expect(field: Field, kind: Kind, what: &str) -> Result<(), String> {
    let same = match (field.kind, kind) {
        (Kind::Bool(_), Kind::Bool(_)) => true,
        (a, b) => a == b,
    };
    if same {
        Ok(())
    } else {
        Err(format!("{what} (Thrift field {}) has type {:?}, expected {kind:?}", field.id, field.kind))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_and_zigzag() {
        // 300 = 0b1_0010_1100 → 0xAC 0x02 (the LEB-128 example).
        assert_eq!(Reader::new(&[0xac, 0x02]).varint(), Ok(300));
        assert_eq!(Reader::new(&[0x7f]).varint(), Ok(127));
        assert_eq!(Reader::new(&[0xff; 10]).varint().unwrap_err(), "Thrift varint longer than 10 bytes");
        assert!(Reader::new(&[0x80]).varint().is_err());
        let zz: Vec<i64> = [0, 1, 2, 3, 4, 4_294_967_294, 4_294_967_295, u64::MAX].into_iter().map(unzigzag).collect();
        assert_eq!(zz, [0, -1, 1, -2, 2, 2_147_483_647, -2_147_483_648, i64::MIN]);
        assert_eq!(Reader::new(&[0x03]).i32(), Ok(-2));
        assert!(Reader::new(&[0xfe, 0xff, 0xff, 0xff, 0x1f]).i32().is_err(), "2^32 - 1 zigzagged is out of i32 range");
    }

    #[test]
    fn field_headers_with_deltas_long_ids_and_bools() {
        // field 1 i32 = 5; field 3 (delta 2) true; field 300 (long form) binary "ab"; stop.
        let bytes = [0x15, 0x0a, 0x21, 0x08, 0xd8, 0x04, 0x02, b'a', b'b', 0x00];
        let mut r = Reader::new(&bytes);
        let mut seen = Vec::new();
        r.read_struct(|r, f| {
            match (f.id, f.kind) {
                (1, Kind::I32) => seen.push(format!("1={}", r.i32()?)),
                (3, Kind::Bool(b)) => seen.push(format!("3={b}")),
                (300, Kind::Binary) => seen.push(format!("300={}", r.string()?)),
                _ => return Err(format!("unexpected {f:?}")),
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, ["1=5", "3=true", "300=ab"]);
        assert_eq!(r.position(), bytes.len());
    }

    #[test]
    fn skip_steps_over_every_type_and_limits_depth() {
        // A struct holding: i64, double, list<i32> of 3, map<binary,bool> of 1, nested struct {i8}, uuid.
        let mut bytes = vec![0x16, 0x80, 0x01, 0x17];
        bytes.extend([0u8; 8]);
        bytes.extend([0x19, 0x35, 0x02, 0x04, 0x06]);
        bytes.extend([0x1b, 0x01, 0x81, 0x01, b'k', 0x01]);
        bytes.extend([0x1c, 0x13, 0x07, 0x00]);
        bytes.extend([0x1d]);
        bytes.extend([0u8; 16]);
        bytes.push(0x00);
        let mut r = Reader::new(&bytes);
        r.skip(Kind::Struct).unwrap();
        assert_eq!(r.position(), bytes.len());
        // 100 nested structs: refused, not a stack overflow.
        let deep = [vec![0x1c; 100], vec![0x00; 101]].concat();
        assert!(Reader::new(&deep).skip(Kind::Struct).unwrap_err().contains("nested more than 64"));
    }

    #[test]
    fn every_read_is_bounds_checked() {
        assert!(Reader::new(&[0x05, b'a']).binary().is_err());
        assert!(Reader::new(&[0xf5, 0xff, 0xff, 0xff, 0x0f]).list().is_err(), "a list longer than its bytes");
        assert!(Reader::new(&[0x1e]).field(0).is_err(), "type 14 does not exist");
        assert!(Reader::new(&[]).field(0).is_err());
        let mut r = Reader::new(&[0x18, 0x0a]);
        assert!(r.skip(Kind::Struct).is_err());
    }
}
