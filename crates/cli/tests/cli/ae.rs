//! The real NHS England A&E files (by trust and by ICB) with the trust lookups:
//! hierarchy, values and computed limits.

use crate::common::*;
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
    let r = find(&t, "RWH", "Apr 2021", "");
    close(r.numerator, 13470.0 - 2318.0);
    close(r.denominator, 13470.0);
    close(r.value, (13470.0 - 2318.0) / 13470.0 * 100.0);
    assert!(r.lower_95.unwrap() < r.value.unwrap() && r.value.unwrap() < r.upper_95.unwrap());
    assert!(r.lower_998.unwrap() < r.lower_95.unwrap());
    // ICB file line 2: E54000040, April 2022.
    close(find(&t, "E54000040", "Apr 2022", "").value, (25706.0 - 7170.0) / 25706.0 * 100.0);
    // Trust file line 2: RC9 reported no 4-hour count: kept, value missing.
    let r = find(&t, "RC9", "Apr 2021", "");
    assert_eq!((r.value, r.numerator, r.denominator), (None, None, Some(17570.0)));
}

/// Builds the real A&E bundle (trust and ICB files, both lookups) into `out`.
pub fn build_ae(out: &Path) {
    let data = shared_data();
    let b = run(&[
        Path::new("build"),
        &data.join("ae/england_trust_accidents_emergency.csv"),
        &data.join("ae/england_icb_accidents_emergency.csv"),
        &data.join("lookups/lookup_nhs_trusts22_icb22.csv"),
        &data.join("lookups/lookup_nhs_trusts22_nhs_region21.csv"),
        Path::new("--published"),
        Path::new("2025-01-01"),
        Path::new("--out"),
        out,
    ]);
    assert_eq!(b.code, 0, "build failed:\n{}", b.stderr);
}

/// Every file of a bundle folder added to the engine.
fn load(dir: &Path) -> healthdash_core::table::Dataset {
    let m = manifest(dir);
    let files = m.files.clone();
    let mut ds = healthdash_core::table::Dataset::new(m);
    for f in &files {
        ds.add_file(f, &std::fs::read(dir.join(&f.path)).unwrap()).unwrap();
    }
    ds
}

// Issue 19 point 6. NHS England's files publish trusts (Apr 2021 – Jul 2025) and ICBs (from
// Apr 2022), never England: every one of the bundle's 8 750 comparisons with England said
// "not compared" and no rating was ever given. England is now rolled up from trusts, the
// type with counts in every month, and compared with every row that has a value; the only
// rows left "not compared" are those with no value (trusts that stopped reporting the
// 4-hour count).
#[test]
fn real_ae_rows_are_compared_with_england_rolled_up_from_trusts() {
    use healthdash_core::query::{benchmark, Basis, Compared};
    use healthdash_core::view::Bench;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ae");
    build_ae(&out);
    let ds = load(&out);
    let t = values(&out, "ae_4_hours");
    let (mut rows, mut not_compared, mut no_value) = (0, 0, 0);
    for r in t.rows() {
        let (_, _, b) = benchmark(&ds, "ae_4_hours", &r.org, Some(&r.period_label), Bench::England, &[]).unwrap();
        assert_eq!((b.comparator_basis, b.comparator_member_type.as_deref()), (Some(Basis::RolledUp), Some("trust")));
        rows += 1;
        not_compared += usize::from(b.comparison_95 == Compared::NotCompared);
        no_value += usize::from(r.value.is_none());
    }
    assert_eq!(rows, 8750);
    assert_eq!(not_compared, no_value, "only rows without a value are left uncompared");
    assert!(no_value < 500, "{no_value}");
    // England in July 2025 is the sum of the trusts' counts in that month.
    let (mut n, mut d) = (0.0, 0.0);
    for r in t.rows().filter(|r| r.period_label == "Jul 2025" && m_type(&ds, &r.org) == "trust") {
        if let (Some(a), Some(b)) = (r.numerator, r.denominator) {
            n += a;
            d += b;
        }
    }
    let (_, _, b) = benchmark(&ds, "ae_4_hours", "RWH", Some("Jul 2025"), Bench::England, &[]).unwrap();
    close(b.comparator_value, n / d * 100.0);
}

fn m_type(ds: &healthdash_core::table::Dataset, code: &str) -> String {
    ds.manifest().organisation(code).map(|o| o.org_type.clone()).unwrap_or_default()
}

// Issue 19 point 7. A region publishes nothing; it was summed from trusts before April 2022
// and from ICBs after, and the ICB file counts attendances the trust file does not, so every
// region's series stepped in April 2022. Each region's series (the parent benchmark of its
// ICBs) is now the sum of its trusts in all 50 months, and names that basis; the ICB sum in
// April 2022 differs from it by at least 0.3 percentage points in every region (the step
// there was).
#[test]
fn real_ae_regions_are_rolled_up_from_trusts_in_every_month() {
    use healthdash_core::query::{roll_up, Basis};
    use healthdash_core::view::compute::Figures;
    use healthdash_core::view::{compute, parse_query, resolve};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ae");
    build_ae(&out);
    let ds = load(&out);
    let m = ds.manifest().clone();
    let regions: Vec<&str> = m.organisations.iter().filter(|o| o.org_type == "nhs_region").map(|o| o.code.as_str()).collect();
    assert_eq!(regions.len(), 7);
    for region in regions {
        let icb = m.organisations.iter().find(|o| o.org_type == "icb" && o.parents.first().map(String::as_str) == Some(region)).unwrap();
        let (s, _) = resolve(parse_query(&format!("view=trend&org={}&ind=ae_4_hours&bench=parent", icb.code)), &m);
        let Figures::Trend(t) = compute(&ds, &s).figures else { panic!("not a trend") };
        assert_eq!((t.benchmark.basis, t.benchmark.member_type.as_deref()), (Some(Basis::RolledUp), Some("trust")), "{region}");
        assert_eq!(t.benchmark.points.len(), 50);
        for p in &t.benchmark.points {
            let trusts = roll_up(&ds, "ae_4_hours", region, Some("trust"), Some(&p.period)).unwrap();
            assert_eq!(p.value, trusts.figure.value, "{region} {}", p.period);
        }
        let at = |t: &str| roll_up(&ds, "ae_4_hours", region, Some(t), Some("Apr 2022")).unwrap().figure.value.unwrap();
        assert!((at("icb") - at("trust")).abs() > 0.3, "{region}: ICBs {} trusts {}", at("icb"), at("trust"));
    }
}
