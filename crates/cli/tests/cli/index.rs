//! `healthdash index`: a manifest for values written by another engine. A
//! synthesised bundle's values, indexed without their manifest, give back the
//! same file list and periods; files anywhere under values/ are read; every
//! error names the file and leaves no manifest behind.

use crate::common::*;
use healthdash_core::bundle::{decode_values, encode_values, EncodeOptions, Manifest, ValueRow};
use std::fs;
use std::path::{Path, PathBuf};

const META: &str = r#"
[bundle]
title = "Indexed"
publisher = "P"
licence = "L"
attribution = "A"
published = "2025-10-09"

[indicators.ae_4hr]
name = "A&E within 4 hours"
value_type = "proportion"
multiplier = 100
polarity = "higher_is_better"
"#;

/// A small synthesised bundle in `dir/bundle` with its manifest moved to
/// `dir/synth-manifest.json`, and the meta file; returns (bundle, meta).
fn values_only(dir: &Path) -> (PathBuf, PathBuf) {
    let bundle = dir.join("bundle");
    let s = run(&[Path::new("synth"), Path::new("--periods"), Path::new("3"), Path::new("--out"), &bundle]);
    assert_eq!(s.code, 0, "{}", s.stderr);
    fs::rename(bundle.join("manifest.json"), dir.join("synth-manifest.json")).unwrap();
    (bundle, write(dir, "meta.toml", META))
}

fn index(bundle: &Path, meta: &Path) -> Out {
    run(&[Path::new("index"), bundle, Path::new("--meta"), meta])
}

fn read_manifest(path: &Path) -> Manifest {
    Manifest::from_json("manifest.json", &fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn synthesised_values_index_to_the_same_files_periods_and_types() {
    let tmp = tempfile::tempdir().unwrap();
    let (bundle, meta) = values_only(tmp.path());
    let out = index(&bundle, &meta);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("valid bundle") && out.stdout.contains("wrote "), "{}", out.stdout);
    assert_valid(&bundle);
    let (synth, indexed) = (read_manifest(&tmp.path().join("synth-manifest.json")), manifest(&bundle));
    assert_eq!(indexed.files, synth.files);
    assert_eq!(indexed.indicators.len(), synth.indicators.len());
    for ind in &synth.indicators {
        let got = indexed.indicator(&ind.id).unwrap();
        assert_eq!(got.periods, ind.periods, "{}", ind.id);
        assert_eq!((got.value_type, got.multiplier), (ind.value_type, ind.multiplier), "{}", ind.id);
    }
    // The meta file's metadata, and the type each file's place states.
    let ae = indexed.indicator("ae_4hr").unwrap();
    assert_eq!((ae.name.as_str(), ae.polarity), ("A&E within 4 hours", healthdash_core::bundle::Polarity::HigherIsBetter));
    assert_eq!(indexed.title, "Indexed");
    for code in ["R0A", "E06000001", "E54000008", "E92000001"] {
        assert_eq!(indexed.organisation(code).unwrap().org_type, synth.organisation(code).unwrap().org_type, "{code}");
    }
    // The dim_ columns become the manifest's dimensions (standard ids described
    // as documented, categories those the values use), and each indicator lists
    // the combinations its rows cut.
    let dims: Vec<(&str, usize)> = indexed.dimensions.iter().map(|d| (d.id.as_str(), d.categories.len())).collect();
    assert_eq!(dims, [("age", 4), ("deprivation_decile", 10), ("deprivation_quintile", 5), ("ethnicity", 5), ("sex", 2)]);
    assert_eq!(indexed.dimension("deprivation_quintile").unwrap().categories, ["1", "2", "3", "4", "5"]);
    for ind in &synth.indicators {
        assert_eq!(indexed.indicator(&ind.id).unwrap().breakdowns, ind.breakdowns, "{}", ind.id);
    }
}

#[test]
fn files_anywhere_under_values_list_the_types_of_their_organisations() {
    let tmp = tempfile::tempdir().unwrap();
    let (bundle, meta) = values_only(tmp.path());
    // Every indicator's files merged, as another writer may lay them out: one
    // file per indicator (format 1.0's layout), and one for two indicators in
    // a folder of its own, beside a marker file.
    let synth = read_manifest(&tmp.path().join("synth-manifest.json"));
    let values = bundle.join("values");
    let mut merged: Vec<ValueRow> = Vec::new();
    for ind in &synth.indicators {
        let mut rows: Vec<ValueRow> = Vec::new();
        for f in synth.files.iter().filter(|f| f.indicators[0] == ind.id) {
            rows.extend(decode_values("x", &fs::read(bundle.join(&f.path)).unwrap()).unwrap().rows());
        }
        fs::remove_dir_all(values.join(&ind.id)).unwrap();
        if ind.id == "ae_4hr" || ind.id == "cdiff" {
            merged.extend(rows);
        } else {
            fs::write(values.join(format!("{}.parquet", ind.id)), encode_values(&rows, EncodeOptions::default()).unwrap()).unwrap();
        }
    }
    fs::create_dir_all(values.join("engine/run=1")).unwrap();
    fs::write(values.join("engine/run=1/part-0.parquet"), encode_values(&merged, EncodeOptions::default()).unwrap()).unwrap();
    fs::write(values.join("engine/_SUCCESS"), b"").unwrap();
    let out = index(&bundle, &meta);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("(1 other files under values/ skipped)"), "{}", out.stdout);
    let m = manifest(&bundle);
    assert_eq!(m.files.len(), synth.indicators.len() - 1);
    let f = m.files.iter().find(|f| f.path == "values/engine/run=1/part-0.parquet").unwrap();
    assert_eq!(f.indicators, ["ae_4hr", "cdiff"]);
    assert_eq!(f.rows, merged.len() as u64);
    // No file states a type, so each organisation's comes from its code's
    // pattern (England E92, NHS England regions E40, ICBs E54, trusts R…,
    // councils E06–E10), and each file lists those of its rows.
    assert_eq!(f.org_types, ["country", "county_ua", "district_ua", "icb", "nhs_region", "trust"]);
    assert_eq!(m.organisation("R0A").unwrap().org_type, "trust");
    assert_valid(&bundle);
}

#[test]
fn errors_name_the_file_and_leave_no_manifest() {
    let tmp = tempfile::tempdir().unwrap();
    let (bundle, meta) = values_only(tmp.path());
    // An organisation in files of two types.
    let icb = fs::read(bundle.join("values/cdiff/icb.parquet")).unwrap();
    fs::write(bundle.join("values/cdiff/provider.parquet"), &icb).unwrap();
    // A file that is not Parquet.
    fs::write(bundle.join("values/ae_4hr/trust.parquet"), b"not parquet").unwrap();
    let out = index(&bundle, &meta);
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("index failed, no manifest written (2 errors)"), "{}", out.stderr);
    // Files are read in path order, so ae_4hr's ICB file is the first to state the ICBs' type.
    assert!(out.stderr.contains("values/ae_4hr/trust.parquet: not a readable Parquet file"), "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "values/cdiff/provider.parquet: organisation \"E54000008\" and 41 more are in a file of type \"provider\" (values/<indicator>/<type>.parquet), but also in values/ae_4hr/icb.parquet, of type \"icb\""
        ),
        "{}",
        out.stderr
    );
    assert!(!bundle.join("manifest.json").exists());
    let e = index(&tmp.path().join("nowhere"), &meta);
    assert!(e.stderr.contains("no values folder"), "{}", e.stderr);
}

#[test]
fn values_that_break_a_row_rule_are_reported_as_validate_reports_them_and_no_manifest_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let (bundle, meta) = values_only(tmp.path());
    fs::write(bundle.join("manifest.json"), "old").unwrap();
    let path = bundle.join("values/ae_4hr/icb.parquet");
    let mut rows: Vec<ValueRow> = decode_values("x", &fs::read(&path).unwrap()).unwrap().rows().collect();
    rows[3].numerator = rows[3].denominator.map(|d| d + 5.0);
    fs::write(&path, encode_values(&rows, EncodeOptions::default()).unwrap()).unwrap();
    let out = index(&bundle, &meta);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("values/ae_4hr/icb.parquet: row 3, column \"numerator\""), "{}", out.stdout);
    assert!(out.stderr.contains("no manifest written"), "{}", out.stderr);
    assert_eq!(fs::read_to_string(bundle.join("manifest.json")).unwrap(), "old");
}
