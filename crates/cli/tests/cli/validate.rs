//! `healthdash validate` on damaged bundles: exit 1 and every problem listed
//! with its file (and row and column where it has them).

use crate::common::*;
use crate::generic::{csv_text, META};
use std::path::{Path, PathBuf};

fn good_bundle(dir: &Path) -> PathBuf {
    let input = write(dir, "long.csv", &csv_text());
    let meta = write(dir, "meta.toml", META);
    let out = dir.join("bundle");
    let b = run(&[Path::new("build"), &input, Path::new("--meta"), &meta, Path::new("--out"), &out]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    out
}

#[test]
fn a_corrupt_values_file_is_reported_by_checksum() {
    let dir = tempfile::tempdir().unwrap();
    let out = good_bundle(dir.path());
    let m = manifest(&out);
    let (p1, c2) = (&m.file_for("p1").unwrap().path, &m.file_for("c2").unwrap().path);
    let path = out.join(p1);
    let mut bytes = std::fs::read(&path).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0xff;
    std::fs::write(&path, &bytes).unwrap();
    std::fs::write(out.join(c2), b"PAR1").unwrap();
    let v = run(&[Path::new("validate"), &out]);
    assert_eq!(v.code, 1, "{}{}", v.stdout, v.stderr);
    assert!(v.stdout.contains(&format!("{p1}: SHA-256")), "{}", v.stdout);
    assert!(v.stdout.contains(&format!("{c2}: the manifest lists")), "{}", v.stdout);
    assert!(v.stdout.contains(&format!("{c2}: not a readable Parquet file")), "{}", v.stdout);
}

#[test]
fn manifest_and_row_problems_are_all_listed() {
    let dir = tempfile::tempdir().unwrap();
    let out = good_bundle(dir.path());
    let mut m = manifest(&out);
    m.organisations.retain(|o| o.code != "E54000048");
    m.published = "soon".into();
    m.indicators.iter_mut().find(|i| i.id == "p1").unwrap().domains.push("nowhere".into());
    std::fs::write(out.join("manifest.json"), m.to_json()).unwrap();
    let v = run(&[Path::new("validate"), &out]);
    assert_eq!(v.code, 1);
    for expected in [
        "manifest.json: \"published\": \"soon\" is not a date (expected YYYY-MM-DD)",
        "manifest.json: \"indicators[0]\": indicator \"p1\": domain \"nowhere\" is not in the manifest's domains",
        "values/p1/icb.parquet: row 0, column \"org_code\": \"E54000048\" is not in the manifest's organisations (7 rows)",
    ] {
        assert!(v.stdout.contains(expected), "missing {expected:?} in:\n{}", v.stdout);
    }
    assert!(v.stderr.contains("3 problems"), "{}", v.stderr);
}

#[test]
fn a_missing_folder_is_an_error() {
    let v = run(&[Path::new("validate"), Path::new("/nonexistent/bundle")]);
    assert_eq!(v.code, 2);
    assert!(v.stderr.contains("/nonexistent/bundle/manifest.json: cannot read"), "{}", v.stderr);
}
