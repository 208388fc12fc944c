//! Boundaries in a bundle: `healthdash build --boundaries` and `healthdash
//! synth` write the ONS shapes simplified, one file per organisation type,
//! matched to organisations by code (older codes through the crosswalk),
//! listed in the manifest, and say what did not match.

use crate::common::*;
use std::path::Path;

/// The `name`s (organisation codes) of a boundary file's features.
fn feature_codes(bytes: &[u8]) -> Vec<String> {
    let doc: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    doc["features"].as_array().unwrap().iter().map(|f| f["properties"]["name"].as_str().unwrap().to_string()).collect()
}

// The A&E files name ICBs and regions by their 2022 codes; the boundary files by their
// current ones (Surrey Heartlands E54000052 → E54000063, North West E40000010 → E40000014 …).
#[test]
fn build_writes_matched_compact_shapes_and_reports_the_rest() {
    let data = shared_data();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ae");
    let shapes = data.join("boundaries");
    let b = run(&[
        Path::new("build"),
        &data.join("ae/england_icb_accidents_emergency.csv"),
        Path::new("--areas"),
        &data.join("fingertips/areas.csv"),
        Path::new("--published"),
        Path::new("2025-09-01"),
        Path::new("--out"),
        &out,
        Path::new("--boundaries"),
        &shapes.join("icb23_en_bsc.geojson"),
        &shapes.join("nhser24_en_bsc.geojson"),
        &shapes.join("cauth23_en_buc.geojson"),
    ]);
    assert_eq!(b.code, 0, "build failed:\n{}", b.stderr);
    assert_valid(&out);
    let m = manifest(&out);
    assert_eq!(m.format_version, m.lowest_version(), "a bundle states the lowest version whose features it uses");
    let listed: Vec<(&str, &str, u64)> = m.boundaries.iter().map(|x| (x.org_type.as_str(), x.path.as_str(), x.features)).collect();
    assert_eq!(listed, vec![("icb", "boundaries/icb.json", 42), ("nhs_region", "boundaries/nhs_region.json", 7)]);
    let icb = std::fs::read(out.join("boundaries/icb.json")).unwrap();
    assert!(icb.len() < 300_000, "ICB shapes are {} bytes", icb.len());
    let codes = feature_codes(&icb);
    assert!(codes.contains(&"E54000052".to_string()), "Surrey Heartlands under the bundle's own (2022) code");
    assert!(!codes.contains(&"E54000063".to_string()));
    for code in &codes {
        assert_eq!(m.organisation(code).map(|o| o.org_type.as_str()), Some("icb"), "{code}");
    }
    assert!(b.stderr.contains("boundaries: boundaries/icb.json: 42 areas from "), "{}", b.stderr);
    assert!(b.stderr.contains("cauth23_en_buc.geojson: none of its 10 areas (CAUTH23CD) is an organisation of the bundle; not used"), "{}", b.stderr);
}

#[test]
fn a_bundle_without_the_crosswalk_reports_unmatched_codes_both_ways() {
    let data = shared_data();
    let dir = tempfile::tempdir().unwrap();
    // The ICB file alone, away from its code_crosswalk.csv.
    let lone = dir.path().join("icb.geojson");
    std::fs::copy(data.join("boundaries/icb23_en_bsc.geojson"), &lone).unwrap();
    let out = dir.path().join("b");
    let b = run(&[
        Path::new("build"),
        &data.join("ae/england_icb_accidents_emergency.csv"),
        Path::new("--areas"),
        &data.join("fingertips/areas.csv"),
        Path::new("--out"),
        &out,
        Path::new("--boundaries"),
        &lone,
    ]);
    assert_eq!(b.code, 0, "build failed:\n{}", b.stderr);
    assert_eq!(manifest(&out).boundaries[0].features, 40);
    assert!(b.stderr.contains("2 icb organisations have no shape: E54000052, E54000053"), "{}", b.stderr);
    assert!(b.stderr.contains("2 shapes have no icb organisation: E54000063, E54000064"), "{}", b.stderr);
}

#[test]
fn synth_ships_every_icb_and_region_shape() {
    let data = shared_data();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s");
    let s = run(&[Path::new("synth"), Path::new("--out"), &out, Path::new("--boundaries"), &data.join("boundaries")]);
    assert_eq!(s.code, 0, "{}", s.stderr);
    assert_valid(&out);
    let m = manifest(&out);
    let region = m.boundary_for("region").unwrap();
    let codes = feature_codes(&std::fs::read(out.join(&region.path)).unwrap());
    let regions: Vec<String> = m.organisations.iter().filter(|o| o.org_type == "region").map(|o| o.code.clone()).collect();
    assert_eq!(codes.len(), 7);
    assert!(regions.iter().all(|r| codes.contains(r)), "{codes:?} vs {regions:?}");
    assert_eq!(m.boundary_for("icb").unwrap().features, 42);
    // No boundary folder: no maps, and still a bundle.
    let bare = dir.path().join("bare");
    let s = run(&[Path::new("synth"), Path::new("--out"), &bare, Path::new("--boundaries"), dir.path().join("none").as_path()]);
    assert_eq!(s.code, 0, "{}", s.stderr);
    assert!(manifest(&bare).boundaries.is_empty());
}
