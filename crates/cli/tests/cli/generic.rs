//! The generic long CSV round trip: every value given is read back unchanged,
//! each breakdown column lands in its dimension (several on one row make a
//! crossed breakdown), labels come from dates when no label is given.

use crate::common::*;
use healthdash_core::bundle::{BreakdownKey, ValueRow};
use healthdash_core::period::days_from_civil;
use std::path::Path;

pub const HEADER: &str = "indicator_id,indicator_name,area_code,area_name,area_type,parent_code,date_from,date_to,period_type,period_label,sex,age_from_years_inclusive,age_to_years_inclusive,deprivation_decile,deprivation_category,ethnicity,count,value,denominator,lower_ci_95,upper_ci_95,lower_ci_99_8,upper_ci_99_8";

pub const META: &str = r#"
[bundle]
title = "Round trip"
publisher = "Test"
licence = "Open Government Licence v3.0"
attribution = "Test data"
[indicators.p1]
value_type = "proportion"
polarity = "higher_is_better"
compute_limits = false
[indicators.c2]
value_type = "count"
polarity = "neither"
compute_limits = false
[indicators.r3]
value_type = "ratio"
polarity = "lower_is_better"
"#;

/// Rows of the round-trip file; every column is exercised at least once.
pub fn csv_text() -> String {
    let rows = [
        "p1,Share of people,E54000048,Lancashire and South Cumbria ICB,icb,E40000010,2023-04-01,2024-03-31,Financial year,,Persons,,,,,,123,12.3456789012345,996.3,10.1,14.7,9.2,16.1",
        "p1,,E54000048,,,,2023-04-01,2024-03-31,Financial year,,Female,,,,,,60,11.5,521,9.01,14.2,,",
        "p1,,E54000048,,,,2023-04-01,2024-03-31,Financial year,,,65,,,,,7,3.5,200,,,,",
        "p1,,E54000048,,,,2023-04-01,2024-03-31,Financial year,,,,,3,,,0,0,17,0,19.5,0,31.1",
        "p1,,E54000048,,,,2023-04-01,2024-03-31,Financial year,,,,,2,IMD quintile,,1,50,2,,,,",
        "p1,,E54000048,,,,2023-04-01,2024-03-31,Financial year,,,,,,,Asian or Asian British,33,33,100,,,,",
        "p1,,E54000048,,,,2023-04-01,2024-03-31,Financial year,,Male,,,1,,White,5,25,20,,,,",
        "p1,,E40000010,North West,NHS region,E92000001,2023-04-01,2024-03-31,Financial year,,,,,,,,,,,,,,",
        "c2,Attendances,E40000010,,,,2023-04-01,2023-04-30,Month,April 2023 (provisional),,,,,,,1.5e6,1500000,,,,,",
        "r3,A ratio,E92000001,England,country,,2022-01-01,2022-12-31,Calendar year,,,,,,,,,-0.25,,-0.5,0.125,,",
    ];
    format!("{HEADER}\n{}\n", rows.join("\n"))
}

fn row(indicator: &str, org: &str, (start, end, label): (i32, i32, &str), cut: &[(&str, &str)], n: [Option<f64>; 7]) -> ValueRow {
    ValueRow {
        breakdown: BreakdownKey::of(cut.iter().copied()),
        numerator: n[0],
        value: n[1],
        denominator: n[2],
        lower_95: n[3],
        upper_95: n[4],
        lower_998: n[5],
        upper_998: n[6],
        ..ValueRow::new(indicator, org, start, end, label)
    }
}

#[test]
fn every_value_reads_back_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "long.csv", &csv_text());
    let meta = write(dir.path(), "meta.toml", META);
    let out = dir.path().join("bundle");
    let b = run(&[Path::new("build"), &input, Path::new("--meta"), &meta, Path::new("--published"), Path::new("2024-06-30"), Path::new("--out"), &out]);
    assert_eq!(b.code, 0, "build failed:\n{}", b.stderr);
    assert_valid(&out);
    let fy = (days_from_civil(2023, 4, 1), days_from_civil(2024, 3, 31), "2023/24");
    let s = Some;
    let expected_p1 = vec![
        row("p1", "E40000010", fy, &[], [None; 7]),
        row("p1", "E54000048", fy, &[], [s(123.0), s(12.3456789012345), s(996.3), s(10.1), s(14.7), s(9.2), s(16.1)]),
        row("p1", "E54000048", fy, &[("age", "65+ yrs")], [s(7.0), s(3.5), s(200.0), None, None, None, None]),
        // Three columns on one row: one value cut three ways.
        row("p1", "E54000048", fy, &[("sex", "Male"), ("deprivation_decile", "1"), ("ethnicity", "White")], [s(5.0), s(25.0), s(20.0), None, None, None, None]),
        row("p1", "E54000048", fy, &[("deprivation_decile", "3")], [s(0.0), s(0.0), s(17.0), s(0.0), s(19.5), s(0.0), s(31.1)]),
        row("p1", "E54000048", fy, &[("ethnicity", "Asian or Asian British")], [s(33.0), s(33.0), s(100.0), None, None, None, None]),
        // A named deprivation_category is a definition of its own.
        row("p1", "E54000048", fy, &[("imd_quintile", "2")], [s(1.0), s(50.0), s(2.0), None, None, None, None]),
        row("p1", "E54000048", fy, &[("sex", "Female")], [s(60.0), s(11.5), s(521.0), s(9.01), s(14.2), None, None]),
    ];
    let got: Vec<ValueRow> = values(&out, "p1").rows().collect();
    assert_eq!(got, expected_p1);
    let april = (days_from_civil(2023, 4, 1), days_from_civil(2023, 4, 30), "April 2023 (provisional)");
    let got: Vec<ValueRow> = values(&out, "c2").rows().collect();
    assert_eq!(got, vec![row("c2", "E40000010", april, &[], [s(1.5e6), s(1.5e6), None, None, None, None, None])]);
    let year = (days_from_civil(2022, 1, 1), days_from_civil(2022, 12, 31), "2022");
    let got: Vec<ValueRow> = values(&out, "r3").rows().collect();
    assert_eq!(got, vec![row("r3", "E92000001", year, &[], [None, s(-0.25), None, s(-0.5), s(0.125), None, None])]);

    let m = manifest(&out);
    assert_eq!(m.indicator("p1").unwrap().name, "Share of people");
    // The meta file's compute_limits = false reaches the manifest, so views never make limits up.
    assert!(!m.indicator("p1").unwrap().compute_limits && m.indicator("r3").unwrap().compute_limits);
    let icb = m.organisation("E54000048").unwrap();
    assert_eq!(
        (icb.name.as_str(), icb.org_type.as_str(), icb.parents.as_slice()),
        ("Lancashire and South Cumbria ICB", "icb", ["E40000010".to_string()].as_slice())
    );
    assert_eq!(m.organisation("E40000010").unwrap().org_type, "nhs_region");
    let dims: Vec<(&str, Vec<&str>)> = m.dimensions.iter().map(|d| (d.id.as_str(), d.categories.iter().map(String::as_str).collect())).collect();
    assert_eq!(
        dims,
        [
            ("imd_quintile", vec!["1", "2", "3", "4", "5"]),
            ("age", vec!["65+ yrs"]),
            ("deprivation_decile", vec!["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]),
            ("ethnicity", vec!["Asian or Asian British", "White"]),
            ("sex", vec!["Female", "Male"]),
        ]
    );
    let q = m.dimension("imd_quintile").unwrap();
    assert_eq!((q.name.as_str(), q.quantiles, q.definition.as_str()), ("IMD quintile", Some(5), "IMD quintile"));
    assert!(m.indicator("p1").unwrap().has_breakdown(&["deprivation_decile", "ethnicity", "sex"]));
}

#[test]
fn the_same_input_gives_byte_identical_bundles() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "long.csv", &csv_text());
    let meta = write(dir.path(), "meta.toml", META);
    let mut bytes = Vec::new();
    for name in ["a", "b"] {
        let out = dir.path().join(name);
        let b = run(&[Path::new("build"), &input, Path::new("--meta"), &meta, Path::new("--published"), Path::new("2024-06-30"), Path::new("--out"), &out]);
        assert_eq!(b.code, 0, "{}", b.stderr);
        bytes.push((std::fs::read(out.join("manifest.json")).unwrap(), std::fs::read(out.join(&manifest(&out).file_for("p1").unwrap().path)).unwrap()));
    }
    assert!(bytes[0] == bytes[1]);
}
