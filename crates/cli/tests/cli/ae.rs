//! The real NHS England A&E files (by trust and by ICB) with the trust lookups:
//! hierarchy, values and computed limits.

use crate::common::*;
use healthdash_core::bundle::BreakdownType;
use std::path::Path;

#[test]
fn real_ae_files_build_with_the_nhs_hierarchy() {
    let data = shared_data();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ae");
    // Lookups given after the files that need them: the order of inputs is free.
    let b = run(&[
        Path::new("build"),
        &data.join("ae/england_trust_accidents_emergency.csv"),
        &data.join("ae/england_icb_accidents_emergency.csv"),
        &data.join("lookups/lookup_nhs_trusts22_icb22.csv"),
        &data.join("lookups/lookup_nhs_trusts22_nhs_region21.csv"),
        Path::new("--areas"),
        &data.join("fingertips/areas.csv"),
        Path::new("--published"),
        Path::new("2025-09-01"),
        Path::new("--out"),
        &out,
    ]);
    assert_eq!(b.code, 0, "build failed:\n{}", b.stderr);
    assert!(b.stderr.contains("440 months with no attendances (or none stated)"), "{}", b.stderr);
    assert_valid(&out);
    // Every line of both files is a bundle row or a line of the build report (the 440 months).
    let lines = |f: &str| std::fs::read_to_string(data.join(f)).unwrap().lines().count() as u64 - 1;
    let input = lines("ae/england_trust_accidents_emergency.csv") + lines("ae/england_icb_accidents_emergency.csv");
    let report = std::fs::read_to_string(out.join("build-report.csv")).unwrap();
    let reported: Vec<&str> = report.lines().skip(1).collect();
    assert_eq!(reported.len(), 440);
    assert!(reported.iter().all(|l| l.contains(",ae_4_hours,") && l.contains(",no_denominator,")), "{}", reported[0]);
    assert_eq!(manifest(&out).files.iter().map(|f| f.rows).sum::<u64>() + reported.len() as u64, input);
    let m = manifest(&out);
    let ind = m.indicator("ae_4_hours").unwrap();
    assert_eq!((ind.target, ind.multiplier, ind.unit.as_str()), (Some(95.0), 100.0, "%"));
    // Trust → main ICB (largest patient share) → region → England.
    let trust = m.organisation("R0A").unwrap();
    assert_eq!(trust.name, "Manchester University NHS Foundation Trust");
    assert_eq!(trust.parents, ["E54000057", "E40000010"]);
    let icb = m.organisation("E54000057").unwrap();
    assert_eq!((icb.org_type.as_str(), icb.parents.as_slice()), ("icb", ["E40000010".to_string()].as_slice()));
    assert!(icb.name.contains("Greater Manchester"), "{}", icb.name);
    assert_eq!(m.organisation("E40000010").unwrap().parents, ["E92000001"]);
    let t = values(&out, "ae_4_hours");
    // Trust file line 4: RWH, April 2021, 13 470 attendances, 2 318 over 4 hours.
    let r = find(&t, "RWH", "Apr 2021", BreakdownType::None, "");
    close(r.numerator, 13470.0 - 2318.0);
    close(r.denominator, 13470.0);
    close(r.value, (13470.0 - 2318.0) / 13470.0 * 100.0);
    assert!(r.lower_95.unwrap() < r.value.unwrap() && r.value.unwrap() < r.upper_95.unwrap());
    assert!(r.lower_998.unwrap() < r.lower_95.unwrap());
    // ICB file line 2: E54000040, April 2022.
    close(find(&t, "E54000040", "Apr 2022", BreakdownType::None, "").value, (25706.0 - 7170.0) / 25706.0 * 100.0);
    // Trust file line 2: RC9 reported no 4-hour count: kept, value missing.
    let r = find(&t, "RC9", "Apr 2021", BreakdownType::None, "");
    assert_eq!((r.value, r.numerator, r.denominator), (None, None, Some(17570.0)));
}
