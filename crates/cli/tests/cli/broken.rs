//! Broken inputs: each gives an error naming file, line and column and what
//! was expected, exits non-zero, and leaves no output folder (nor any
//! temporary folder) behind — and does not touch a bundle already there.

use crate::common::*;
use crate::generic::{csv_text, HEADER, META};
use std::path::{Path, PathBuf};

/// Builds `csv` (plus extra arguments) and asserts failure with `expected` in stderr.
fn fails(csv: &str, extra: &[&Path], expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "input.csv", csv);
    let meta = write(dir.path(), "meta.toml", META);
    let out = dir.path().join("bundle");
    let mut args: Vec<PathBuf> = vec!["build".into(), input, "--meta".into(), meta, "--out".into(), out.clone()];
    args.extend(extra.iter().map(|p| p.to_path_buf()));
    let b = run(&args);
    assert_eq!(b.code, 2, "expected failure, got:\n{}{}", b.stdout, b.stderr);
    for e in expected {
        assert!(b.stderr.contains(e), "stderr lacks {e:?}:\n{}", b.stderr);
    }
    assert!(b.stderr.contains("no bundle written"), "{}", b.stderr);
    assert!(!out.exists(), "an output folder was left behind");
    let left: Vec<String> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    let mut left = left;
    left.sort();
    assert_eq!(left, ["input.csv", "meta.toml"], "stray files");
}

fn line(fields: &str) -> String {
    format!("{HEADER}\n{fields}\n")
}

const GOOD: &str = "p1,,E54000048,,,,2023-04-01,2024-03-31,,,,,,,,,10,10,100,,,,";

#[test]
fn missing_column() {
    let csv = csv_text().replace(",date_to,", ",date_until,");
    fails(&csv, &[], &["input.csv: line 1, column \"date_to\": missing; a generic long CSV needs it"]);
}

#[test]
fn text_in_a_number_column() {
    let csv = "Indicator ID,Area Code,Time period,Value,Count\n241,E92000001,2018/19,6.9,100\n241,E92000002,2018/19,seven,100\n";
    fails(csv, &[], &["input.csv: line 3, column \"Value\": expected a finite number", "found \"seven\""]);
}

#[test]
fn unknown_area_code() {
    let dir = tempfile::tempdir().unwrap();
    let areas =
        write(dir.path(), "areas.csv", "AreaCode,AreaName,AreaType,Level,Children\nE54000048,Lancashire and South Cumbria,NHS Integrated Care Boards,2,\n");
    let csv = format!("{HEADER}\n{GOOD}\n{}\n", GOOD.replace("E54000048", "E54999999"));
    fails(
        &csv,
        &[Path::new("--areas"), &areas],
        &["input.csv: line 3, column \"area_code\": expected an area code listed in the areas table", "found \"E54999999\""],
    );
}

#[test]
fn numerator_over_denominator() {
    let csv = line("p1,,E54000048,,,,2023-04-01,2024-03-31,,,,,,,,,120,120,100,,,,");
    fails(
        &csv,
        &[],
        &["input.csv: line 2, column \"count\": expected at most the denominator (100, column \"denominator\") for proportion indicator p1, found 120"],
    );
}

#[test]
fn duplicate_key_with_other_figures() {
    // The same key twice with different values: which one is published? (An
    // exact repeat is one value and builds: see exports.rs.)
    let csv = format!("{HEADER}\n{GOOD}\n{}\n", GOOD.replace(",10,10,100,", ",11,11,100,"));
    fails(
        &csv,
        &[],
        &["input.csv: line 3, columns \"indicator_id\", \"area_code\", \"date_from\", \"date_to\" and the breakdown columns: duplicate key (indicator p1, area E54000048, period 2023/24, breakdown none) with other figures: line 2 has the same key", "set duplicates = \"first\""],
    );
}

#[test]
fn unreadable_period() {
    let csv = "Indicator ID,Area Code,Time period,Value\n241,E92000001,Spring 2019,6.9\n";
    fails(csv, &[], &["input.csv: line 2, column \"Time period\": expected a period like 2020, 2018/19", "found \"Spring 2019\""]);
}

#[test]
fn limits_that_do_not_bracket_the_value() {
    let csv = "Indicator ID,Area Code,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit\n241,E92000001,2019/20,6.9,7.5,8\n";
    fails(csv, &[], &["input.csv: line 2, column \"Lower CI 95.0 limit\": expected a lower limit at most the value (6.9), found 7.5"]);
}

#[test]
fn unrecognised_header() {
    fails("a,b\n1,2\n", &[], &["input.csv: line 1: header not recognised"]);
}

#[test]
fn a_failed_build_leaves_the_previous_bundle_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.csv", &csv_text());
    let bad = write(dir.path(), "bad.csv", &line("p1,,E54000048,,,,2023-04-01,2024-03-31,,,,,,,,,120,120,100,,,,"));
    let meta = write(dir.path(), "meta.toml", META);
    let out = dir.path().join("bundle");
    let args = |input: &Path| vec![PathBuf::from("build"), input.to_path_buf(), "--meta".into(), meta.clone(), "--out".into(), out.clone()];
    assert_eq!(run(&args(&good)).code, 0);
    let before = std::fs::read(out.join("manifest.json")).unwrap();
    assert_eq!(run(&args(&bad)).code, 2);
    assert_eq!(std::fs::read(out.join("manifest.json")).unwrap(), before);
    assert_valid(&out);
}
