//! Python interop: `tests/interop/check_interop.py` reads a bundle written by
//! `healthdash build` with pyarrow, DuckDB and polars, then writes the same
//! rows with each of them — every codec (zstd included), data page V2 and
//! the delta and byte-stream-split encodings — and here each of those files
//! is decoded with `decode_values` and compared with the original rows. Needs `python3` with
//! `pip install pyarrow duckdb polars`; fails with that instruction otherwise.

use crate::common::*;
use crate::generic::{csv_text, META};
use healthdash_core::bundle::{decode_values, BreakdownType, ValueRow};
use std::path::Path;
use std::process::Command;

fn sorted(mut rows: Vec<ValueRow>) -> Vec<ValueRow> {
    rows.sort_by(|a, b| (&a.org, a.period_start, a.breakdown_type, &a.breakdown_value).cmp(&(&b.org, b.period_start, b.breakdown_type, &b.breakdown_value)));
    rows
}

#[test]
fn pyarrow_duckdb_and_polars_read_and_write_bundles() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "long.csv", &csv_text());
    let meta = write(dir.path(), "meta.toml", META);
    let bundle = dir.path().join("bundle");
    let b = run(&[Path::new("build"), &input, Path::new("--meta"), &meta, Path::new("--out"), &bundle]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let expect = r#"{"file": "values/p1/icb.parquet", "org_code": "E54000048", "period_start": "2023-04-01", "breakdown_type": "none", "breakdown_value": "", "value": 12.3456789012345}"#;
    write(dir.path(), "expect.json", expect);

    let script = "tests/interop/check_interop.py";
    let out = Command::new("python3").arg(script).arg(dir.path()).current_dir(workspace()).output();
    let out = out.unwrap_or_else(|e| panic!("cannot run python3 ({e}): install Python 3, then: pip install pyarrow duckdb polars"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    match out.status.code() {
        Some(0) => {}
        Some(3) => panic!("Python packages are missing for the interop test: {stderr}(install with: pip install pyarrow duckdb polars)"),
        _ => panic!("{script} failed:\n{}{stderr}", String::from_utf8_lossy(&out.stdout)),
    }

    // The expected file: p1's rows of ICBs (the region's row is in values/p1/region.parquet).
    let expected_file = "values/p1/icb.parquet";
    let original = sorted(decode_values(expected_file, &std::fs::read(bundle.join(expected_file)).unwrap()).unwrap().rows().collect());
    assert_eq!(original.len(), 6);
    let written = dir.path().join("written");
    let names = [
        "pyarrow-snappy",
        "pyarrow-gzip",
        "pyarrow-lz4",
        "pyarrow-zstd",
        "pyarrow-v2",
        "pyarrow-delta",
        "duckdb",
        "duckdb-gzip",
        "duckdb-lz4",
        "duckdb-zstd",
        "polars",
        "polars-zstd",
    ];
    for name in names {
        let file = format!("{name}.parquet");
        let table = decode_values(&file, &std::fs::read(written.join(&file)).unwrap()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(sorted(table.rows().collect()), original, "{file}");
    }
    // Only the required columns: period_end defaults to period_start, breakdown to none.
    let table = decode_values("duckdb-minimal.parquet", &std::fs::read(written.join("duckdb-minimal.parquet")).unwrap()).unwrap();
    let rows: Vec<ValueRow> = table.rows().collect();
    assert_eq!(rows.len(), 6);
    assert!(rows.iter().all(|r| r.period_end == r.period_start && r.breakdown_type == BreakdownType::None && r.numerator.is_none()));
    assert_eq!(rows.iter().filter(|r| r.value == Some(12.3456789012345)).count(), 1);
}
