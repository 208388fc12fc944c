//! Reading CSV input with errors a publisher can act on.
//!
//! Every importer goes through [`CsvInput`]: columns are found by name (order
//! free, extra columns ignored, a UTF-8 byte-order mark tolerated; a name
//! written another way — `Lower_CI_95.0_limit`, `LowerCI95.0limit` for
//! `Lower CI 95.0 limit`, as older Fingertips exports and fingertipsR write
//! them — is found by its [`loose`] form when the exact name is absent), and every
//! failure names the file, the line, the column and what was expected, e.g.
//! `export.csv: line 12, column "Value": expected a number, found "n/a"`.
//!
//! Lines are the file's own (what an editor shows): counted here from each
//! record's byte offset, because the `csv` crate's line numbers fall one
//! behind per CRLF-terminated line before the record (Fingertips exports are
//! CRLF), which put the build report one line off.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

/// The line number of a record starting at a byte offset, counting the
/// file's `\n`s forward from the last offset asked (records come in order,
/// so the file is read once). After a CRLF the `csv` crate places the next
/// record at the `\n`, so a `\n` at the offset itself is counted too.
struct Lines {
    file: BufReader<File>,
    offset: u64,
    line: u64,
}

impl Lines {
    fn at(&mut self, byte: u64) -> u64 {
        while self.offset < byte {
            let Ok(buf) = self.file.fill_buf() else { break };
            if buf.is_empty() {
                break;
            }
            let take = buf.len().min(usize::try_from(byte - self.offset).unwrap_or(usize::MAX));
            self.line += buf[..take].iter().filter(|b| **b == b'\n').count() as u64;
            self.offset += take as u64;
            self.file.consume(take);
        }
        if self.offset == byte && self.file.fill_buf().is_ok_and(|b| b.first() == Some(&b'\n')) {
            self.line += 1;
            self.offset += 1;
            self.file.consume(1);
        }
        self.line
    }
}

/// An open CSV file with its header indexed by column name.
pub struct CsvInput {
    pub file: String,
    header: Vec<String>,
    index: HashMap<String, usize>,
    /// The same, by [`loose`] name (first column of each loose name).
    loose_index: HashMap<String, usize>,
    reader: csv::Reader<File>,
    lines: Lines,
}

/// A column name with case, spaces, underscores and punctuation removed:
/// `Time period`, `Timeperiod` and `time_period` are all `timeperiod`.
pub fn loose(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// The first line of a file, split into column names (for format detection).
pub fn read_header(path: &Path) -> Result<Vec<String>, String> {
    Ok(CsvInput::open(path)?.header)
}

impl CsvInput {
    pub fn open(path: &Path) -> Result<CsvInput, String> {
        let file = path.display().to_string();
        let f = File::open(path).map_err(|e| format!("{file}: cannot open: {e}"))?;
        let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(f);
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| format!("{file}: line 1: cannot read the header row: {e}"))?
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
            .collect();
        let index = header.iter().enumerate().map(|(i, h)| (h.clone(), i)).collect();
        let mut loose_index = HashMap::new();
        for (i, h) in header.iter().enumerate() {
            loose_index.entry(loose(h)).or_insert(i);
        }
        let counter = File::open(path).map_err(|e| format!("{file}: cannot open: {e}"))?;
        let lines = Lines { file: BufReader::new(counter), offset: 0, line: 1 };
        Ok(CsvInput { file, header, index, loose_index, reader, lines })
    }

    /// The position of column `name`: exactly as written, else by its loose form.
    fn find(&self, name: &str) -> Option<usize> {
        self.index.get(name).or_else(|| self.loose_index.get(&loose(name))).copied()
    }

    /// The position of a column the format requires.
    pub fn require(&self, name: &'static str, format: &str) -> Result<Col, String> {
        self.find(name)
            .map(|i| Col { name, index: Some(i) })
            .ok_or_else(|| format!("{}: line 1, column \"{name}\": missing; a {format} needs it (the header has: {})", self.file, self.header.join(", ")))
    }

    /// A column the format allows but does not require: reads as empty when absent.
    pub fn optional(&self, name: &'static str) -> Col {
        Col { name, index: self.find(name) }
    }

    /// Calls `f` for every data row. Stops at the first malformed CSV line;
    /// errors `f` returns are collected (up to [`MAX_ERRORS`]) and returned together.
    pub fn for_each(&mut self, mut f: impl FnMut(&Row) -> Result<(), String>) -> Result<(), Vec<String>> {
        let mut errors = Vec::new();
        for rec in self.reader.records() {
            let rec = match rec {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map(|p| self.lines.at(p.byte())).unwrap_or(0);
                    errors.push(format!("{}: line {line}: not valid CSV: {e}", self.file));
                    return Err(errors);
                }
            };
            let line = rec.position().map(|p| self.lines.at(p.byte())).unwrap_or(0);
            let row = Row { file: &self.file, line, rec: &rec };
            if let Err(e) = f(&row) {
                errors.push(e);
                if errors.len() >= MAX_ERRORS {
                    errors.push(format!("{}: stopped after {MAX_ERRORS} errors", self.file));
                    return Err(errors);
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// How many row errors one file may raise before reading stops.
pub const MAX_ERRORS: usize = 50;

/// A column of the input: its name (for messages) and position, if present.
#[derive(Debug, Clone, Copy)]
pub struct Col {
    pub name: &'static str,
    index: Option<usize>,
}

/// One data row, with enough context to name it in errors.
pub struct Row<'a> {
    pub file: &'a str,
    pub line: u64,
    rec: &'a csv::StringRecord,
}

/// Spellings of "no value" accepted in number columns besides an empty cell.
const MISSING: [&str; 5] = ["na", "n/a", "null", "none", "-"];

impl Row<'_> {
    /// The trimmed text of a column ("" when the column is absent).
    pub fn text(&self, col: Col) -> &str {
        col.index.and_then(|i| self.rec.get(i)).unwrap_or("").trim()
    }

    /// An error located at this row and column.
    pub fn error(&self, col: Col, message: impl std::fmt::Display) -> String {
        format!("{}: line {}, column \"{}\": {message}", self.file, self.line, col.name)
    }

    /// A text column that must not be empty.
    pub fn required_text(&self, col: Col, what: &str) -> Result<&str, String> {
        let t = self.text(col);
        if t.is_empty() {
            Err(self.error(col, format!("expected {what}, found an empty cell")))
        } else {
            Ok(t)
        }
    }

    /// A finite number, or None for an empty cell (or NA, N/A, null, none, -).
    pub fn number(&self, col: Col) -> Result<Option<f64>, String> {
        let t = self.text(col);
        if t.is_empty() || MISSING.iter().any(|m| t.eq_ignore_ascii_case(m)) {
            return Ok(None);
        }
        match t.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(Some(x)),
            _ => Err(self.error(col, format!("expected a finite number (or an empty cell for a missing value), found \"{t}\""))),
        }
    }

    /// A whole number in `range`, or None for an empty cell.
    pub fn integer(&self, col: Col, range: std::ops::RangeInclusive<i64>) -> Result<Option<i64>, String> {
        let Some(x) = self.number(col)? else {
            return Ok(None);
        };
        if x.fract() != 0.0 || !range.contains(&(x as i64)) {
            return Err(self.error(col, format!("expected a whole number from {} to {}, found \"{}\"", range.start(), range.end(), self.text(col))));
        }
        Ok(Some(x as i64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn errors_name_file_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.csv");
        let mut f = File::create(&path).unwrap();
        write!(f, "\u{feff}b,a\n1,2\n\"x\ny\",oops\n").unwrap();
        let mut input = CsvInput::open(&path).unwrap();
        let a = input.require("a", "test file").unwrap();
        assert!(input.require("c", "test file").unwrap_err().contains("line 1, column \"c\": missing"));
        let b = input.optional("b");
        let mut seen = Vec::new();
        let errors = input
            .for_each(|row| {
                seen.push(row.text(b).to_string());
                row.number(a).map(|_| ())
            })
            .unwrap_err();
        assert_eq!(seen, vec!["1", "x\ny"]);
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].ends_with("x.csv: line 3, column \"a\": expected a finite number (or an empty cell for a missing value), found \"oops\""),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn lines_are_the_files_own_with_crlf_endings() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.csv");
        std::fs::write(&path, "a,b\r\n1,2\r\n\"x\r\ny\",3\r\n4,5\r\n").unwrap();
        let mut input = CsvInput::open(&path).unwrap();
        let mut lines = Vec::new();
        input
            .for_each(|row| {
                lines.push(row.line);
                Ok(())
            })
            .unwrap();
        assert_eq!(lines, [2, 3, 5], "the quoted field spans lines 3 and 4");
    }
}
