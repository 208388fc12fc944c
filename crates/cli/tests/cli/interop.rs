//! Interop with other Parquet tools.
//!
//! `tests/interop/check_interop.py` reads a bundle written by `healthdash
//! build` with pyarrow, DuckDB and polars, then writes the same rows with each
//! of them — every codec (zstd included), data page V2 and the delta and
//! byte-stream-split encodings — and here each of those files is decoded with
//! `decode_values` and compared with the original rows. Needs `python3` with
//! `pip install pyarrow duckdb polars`; fails with that instruction otherwise.
//!
//! `tests/interop/check_hyparquet.mjs` reads every values file of a built and
//! of a synthesised bundle with hyparquet, the JavaScript reader the browser
//! benchmark compares against. Needs `node` and `npm ci` at the repository
//! root; fails with that instruction otherwise.

use crate::common::*;
use crate::generic::{csv_text, META};
use healthdash_core::bundle::{decode_values, ValueRow};
use healthdash_core::period::iso_date;
use std::path::{Path, PathBuf};
use std::process::Command;

fn sorted(mut rows: Vec<ValueRow>) -> Vec<ValueRow> {
    rows.sort_by(|a, b| (&a.org, a.period_start, &a.breakdown).cmp(&(&b.org, b.period_start, &b.breakdown)));
    rows
}

/// Builds the generic test bundle into `dir/bundle` with `dir/expect.json`
/// naming one of its rows and that row's value.
fn built_bundle(dir: &Path) -> PathBuf {
    let input = write(dir, "long.csv", &csv_text());
    let meta = write(dir, "meta.toml", META);
    let bundle = dir.join("bundle");
    let b = run(&[Path::new("build"), &input, Path::new("--meta"), &meta, Path::new("--out"), &bundle]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    // The row cut three ways at once (sex × deprivation decile × ethnic group),
    // in the file of p1's ICB breakdown rows; the partition adds the ICB's
    // whole-population row, written apart (format 2.1).
    let expect = r#"{"file": "values/p1/icb.breakdowns.parquet", "org_code": "E54000048", "period_start": "2023-04-01", "breakdown": {"sex": "Male", "deprivation_decile": "1", "ethnicity": "White"}, "value": 25,
        "partition": ["values/p1/icb.parquet", "values/p1/icb.breakdowns.parquet"]}"#;
    write(dir, "expect.json", expect);
    bundle
}

/// Runs check_hyparquet.mjs on `bundle` and asserts that hyparquet read every
/// one of its `files` values files.
fn hyparquet_reads_every_file(bundle: &Path, expect: &Path) {
    let root = workspace().canonicalize().unwrap();
    assert!(
        root.join("node_modules/hyparquet/package.json").is_file(),
        "hyparquet is not installed for the interop test: run npm ci in {} (or make node-tools)",
        root.display()
    );
    let script = "tests/interop/check_hyparquet.mjs";
    let out = Command::new("node").arg(script).arg(bundle).arg(expect).current_dir(&root).output();
    let out = out.unwrap_or_else(|e| panic!("cannot run node ({e}): install Node.js 20 or later, then run npm ci"));
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    match out.status.code() {
        Some(0) => {}
        Some(3) => panic!("hyparquet is missing for the interop test: {stderr}(run npm ci)"),
        _ => panic!("{script} failed:\n{stdout}{stderr}"),
    }
    let files = manifest(bundle).files.len();
    assert!(files > 0);
    assert!(stdout.contains(&format!("hyparquet read {files} of {files} files")), "{stdout}");
}

#[test]
fn hyparquet_reads_every_file_of_built_and_synthesised_bundles() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = built_bundle(dir.path());
    hyparquet_reads_every_file(&bundle, &dir.path().join("expect.json"));

    // The demonstration bundle (about 120 files), with fewer months to keep it quick.
    let synth = dir.path().join("synth");
    let s = run(&[Path::new("synth"), Path::new("--out"), &synth, Path::new("--periods"), Path::new("12")]);
    assert_eq!(s.code, 0, "{}", s.stderr);
    // The expected row: one with a value, half-way through the file with the most rows.
    let m = manifest(&synth);
    let file = m.files.iter().max_by_key(|f| f.rows).unwrap();
    let rows: Vec<ValueRow> = decode_values(&file.path, &std::fs::read(synth.join(&file.path)).unwrap()).unwrap().rows().collect();
    let row = rows[rows.len() / 2..].iter().find(|r| r.value.is_some()).unwrap();
    let expect = serde_json::json!({
        "file": file.path, "org_code": row.org, "period_start": iso_date(row.period_start),
        "breakdown": row.breakdown, "value": row.value,
    });
    let expect_path = write(dir.path(), "synth-expect.json", &expect.to_string());
    hyparquet_reads_every_file(&synth, &expect_path);
}

#[test]
fn pyarrow_duckdb_and_polars_read_and_write_bundles() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = built_bundle(dir.path());

    let script = "tests/interop/check_interop.py";
    let out = Command::new("python3").arg(script).arg(dir.path()).current_dir(workspace()).output();
    let out = out.unwrap_or_else(|e| panic!("cannot run python3 ({e}): install Python 3, then: pip install pyarrow duckdb polars"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    match out.status.code() {
        Some(0) => {}
        Some(3) => panic!("Python packages are missing for the interop test: {stderr}(install with: pip install pyarrow duckdb polars)"),
        _ => panic!("{script} failed:\n{}{stderr}", String::from_utf8_lossy(&out.stdout)),
    }

    // The partition written again: p1's rows of ICBs, its whole population and
    // its breakdowns (the region's row is in values/p1/region.parquet).
    let read = |file: &str| decode_values(file, &std::fs::read(bundle.join(file)).unwrap()).unwrap().rows().collect::<Vec<_>>();
    let (whole, cut) = (read("values/p1/icb.parquet"), read("values/p1/icb.breakdowns.parquet"));
    assert!(whole.len() == 1 && whole[0].breakdown.is_whole() && cut.len() == 6 && cut.iter().all(|r| !r.breakdown.is_whole()));
    let original = sorted(whole.into_iter().chain(cut).collect());
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
    // A format 1.x file pyarrow wrote (breakdown_type, breakdown_value) reads
    // as one-dimension keys: every row 1.x can hold, with its figures.
    let legacy = decode_values("pyarrow-1x.parquet", &std::fs::read(written.join("pyarrow-1x.parquet")).unwrap()).unwrap_or_else(|e| panic!("{e}"));
    let one_way: Vec<ValueRow> = original
        .iter()
        .filter(|r| r.breakdown.pairs().len() <= 1 && r.breakdown.dimensions().all(|d| ["ethnicity", "deprivation_decile", "sex", "age"].contains(&d)))
        .cloned()
        .collect();
    assert_eq!(one_way.len(), 5, "whole, age, decile, ethnicity, sex");
    assert_eq!(sorted(legacy.rows().collect()), one_way);
    // Only the required columns: period_end defaults to period_start, breakdown to the whole population.
    let table = decode_values("duckdb-minimal.parquet", &std::fs::read(written.join("duckdb-minimal.parquet")).unwrap()).unwrap();
    let rows: Vec<ValueRow> = table.rows().collect();
    assert_eq!(rows.len(), 7);
    assert!(rows.iter().all(|r| r.period_end == r.period_start && r.breakdown.is_whole() && r.numerator.is_none()));
    assert_eq!(rows.iter().filter(|r| r.value == Some(12.3456789012345)).count(), 1);

    // The bundle as a publisher with pyarrow writes it (format 2.1, each
    // partition's breakdown rows in a file of their own, the manifest written
    // in Python): valid, and every view shows what healthdash's own shows.
    let theirs = dir.path().join("pyarrow-bundle");
    let m = manifest(&theirs);
    assert!(m.files.iter().any(|f| f.path == "values/p1/icb.breakdowns.parquet" && f.breakdown_rows.as_ref().is_some_and(|b| b.as_str() == "only")));
    assert_valid(&theirs);
    for link in [
        "view=inequalities&org=E54000048&ind=p1",
        "view=table&org=E54000048&ind=p1&breakdown=sex",
        "view=overview&org=E54000048",
        "view=trend&org=E40000010&ind=p1",
    ] {
        assert_eq!(query(&theirs, link), query(&bundle, link), "{link}");
    }
    let v = query(&theirs, "view=inequalities&org=E54000048&ind=p1");
    assert!(v["ethnicity"].as_array().is_some_and(|groups| !groups.is_empty()), "the breakdown rows were read: {v}");
}
