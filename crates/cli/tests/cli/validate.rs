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
        // The ICB's whole-population row and its breakdown rows, in their two files.
        "values/p1/icb.parquet: row 0, column \"org_code\": \"E54000048\" is not in the manifest's organisations (1 rows)",
        "values/p1/icb.breakdowns.parquet: row 0, column \"org_code\": \"E54000048\" is not in the manifest's organisations (6 rows)",
    ] {
        assert!(v.stdout.contains(expected), "missing {expected:?} in:\n{}", v.stdout);
    }
    assert!(v.stderr.contains("4 problems"), "{}", v.stderr);
}

#[test]
fn a_files_breakdown_rows_declaration_is_checked_against_its_rows() {
    use healthdash_core::bundle::BreakdownRows;
    let dir = tempfile::tempdir().unwrap();
    let out = good_bundle(dir.path());
    let original = manifest(&out);
    let declare = |path: &str, b: BreakdownRows| {
        let mut m = original.clone();
        m.files.iter_mut().find(|f| f.path == path).unwrap().breakdown_rows = Some(b);
        std::fs::write(out.join("manifest.json"), m.to_json()).unwrap();
        let v = run(&[Path::new("validate"), &out]);
        assert_eq!(v.code, 1, "{}", v.stdout);
        v.stdout
    };
    // The breakdown rows declared whole-population: every row named by the
    // first, and the two files of ICBs now overlap.
    let text = declare("values/p1/icb.breakdowns.parquet", BreakdownRows::None);
    // (Files are listed in path order: the whole-population file second.)
    let index = original.files.iter().position(|f| f.path == "values/p1/icb.parquet").unwrap();
    for expected in [
        "values/p1/icb.breakdowns.parquet: row 0, column \"dim_age\": the manifest declares \"breakdown_rows\": \"none\" for this file, but dim_age is \"65+ yrs\" (6 rows are cut by a dimension)".to_string(),
        format!("manifest.json: \"files[{index}]\": holds indicator \"p1\" for the same organisation types as \"values/p1/icb.breakdowns.parquet\", and both may hold whole-population rows"),
    ] {
        assert!(text.contains(&expected), "missing {expected:?} in:\n{text}");
    }
    let text = declare("values/p1/icb.parquet", BreakdownRows::Unknown("both".into()));
    assert!(text.contains("breakdown_rows \"both\" is not one of \"none\" (every row the whole population) or \"only\""), "{text}");
}

#[test]
fn a_missing_folder_is_an_error() {
    let v = run(&[Path::new("validate"), Path::new("/nonexistent/bundle")]);
    assert_eq!(v.code, 2);
    assert!(v.stderr.contains("/nonexistent/bundle/manifest.json: cannot read"), "{}", v.stderr);
}
