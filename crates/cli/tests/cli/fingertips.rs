//! The real Fingertips North West export, built with the committed metadata
//! (`fixtures/fingertips-north-west.toml`), validated, and read back.

use crate::common::*;
use healthdash_core::bundle::BreakdownType;
use healthdash_core::period::iso_date;
use std::path::Path;

fn build(out: &Path) -> Out {
    let data = shared_data();
    let b = run(&[
        Path::new("build"),
        &data.join("fingertips/fingertips-export-north-west.csv"),
        Path::new("--meta"),
        &fixture("fingertips-north-west.toml"),
        Path::new("--areas"),
        &data.join("fingertips/areas.csv"),
        Path::new("--published"),
        Path::new("2025-01-01"),
        Path::new("--out"),
        out,
    ]);
    assert_eq!(b.code, 0, "build failed:\n{}", b.stderr);
    b
}

#[test]
fn real_export_builds_validates_and_keeps_source_values() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundle");
    let b = build(&out);
    assert!(b.stdout.contains("22 indicators"), "{}", b.stdout);
    assert_valid(&out);
    let m = manifest(&out);
    assert!(m.attribution.contains("Open Government Licence v3.0"));
    assert!(m.indicator("91040").is_none(), "91040 is skipped by the meta file");
    assert_eq!(m.indicator("92026").unwrap().name, "Obesity prevalence including severe obesity in Reception (aged 4-5)");
    // Hierarchy: a GP practice → its PCN, closed up to England via areas.csv.
    let gp = m.organisation("A82003").unwrap();
    assert_eq!((gp.name.as_str(), gp.org_type.as_str(), gp.parents.as_slice()), ("Ulverston Health Centre (Murray)", "gp", ["U25520".to_string()].as_slice()));
    assert_eq!(m.organisation("E92000001").unwrap().org_type, "country");
    // Source line 2: diabetes prevalence, England 2018/19, all published fields kept.
    let t = values(&out, "241");
    let r = find(&t, "E92000001", "2018/19", BreakdownType::None, "");
    assert_eq!((iso_date(r.period_start), iso_date(r.period_end)), ("2018-04-01".into(), "2019-03-31".into()));
    close(r.value, 6.93158962798202);
    close(r.lower_95, 6.92439909041205);
    close(r.upper_95, 6.93878531830596);
    close(r.numerator, 3319266.0);
    close(r.denominator, 47886072.0);
    // 99.8% limits were not published: computed (Wilson), wider than the 95% ones.
    assert!(r.lower_998.unwrap() < r.lower_95.unwrap() && r.upper_998.unwrap() > r.upper_95.unwrap());
    // Line 8301: Year 6 obesity, Pakistani ethnic group, academic year 2018/19.
    let r = find(&values(&out, "92033"), "E92000001", "2018/19", BreakdownType::Ethnicity, "Pakistani");
    assert_eq!(iso_date(r.period_start), "2018-09-01");
    close(r.value, 27.3);
    close(r.lower_95, 27.0);
    // Line 6052: Reception obesity, most deprived quintile → quintile 1.
    close(find(&values(&out, "92026"), "E92000001", "2018", BreakdownType::DeprivationQuintile, "1").value, 12.6);
    // Line 12577: deaths in hospital aged 85+ → an age breakdown of the all-ages headline.
    let r = find(&values(&out, "93474"), "E06000008", "2018", BreakdownType::Age, "85+ yrs");
    close(r.value, 48.5782);
    close(r.numerator, 205.0);
    // Line 15616: resident population, males → a sex breakdown.
    close(find(&values(&out, "92708"), "E06000008", "2018", BreakdownType::Sex, "Male").value, 74605.0);
}

#[test]
fn every_headline_row_of_an_indicator_matches_the_source() {
    let data = shared_data();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundle");
    build(&out);
    let t = values(&out, "20401");
    let mut reader = csv::Reader::from_path(data.join("fingertips/fingertips-export-north-west.csv")).unwrap();
    let h = reader.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x.trim_start_matches('\u{feff}') == n).unwrap();
    let (id, area, period, cat, value) = (col("Indicator ID"), col("Area Code"), col("Time period"), col("Category Type"), col("Value"));
    let mut checked = 0;
    for rec in reader.records() {
        let rec = rec.unwrap();
        if &rec[id] != "20401" || !rec[cat].is_empty() {
            continue;
        }
        let r = find(&t, &rec[area], &rec[period], BreakdownType::None, "");
        close(r.value, rec[value].parse().unwrap());
        checked += 1;
    }
    assert_eq!(checked, 148);
    assert_eq!(t.breakdown_type.iter().filter(|b| **b == BreakdownType::None).count(), 148);
}
