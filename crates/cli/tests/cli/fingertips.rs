//! The real Fingertips North West export, built with the committed metadata
//! (`fixtures/fingertips-north-west.toml`), validated, and read back: every
//! published row with a value is in the bundle, cut as the export cuts it.

use crate::common::*;
use healthdash_core::bundle::{DimensionKind, MostDeprived, ValueRow};
use healthdash_core::period::iso_date;
use std::collections::HashMap;
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
    let r = find(&t, "E92000001", "2018/19", "");
    assert_eq!((iso_date(r.period_start), iso_date(r.period_end)), ("2018-04-01".into(), "2019-03-31".into()));
    close(r.value, 6.93158962798202);
    close(r.lower_95, 6.92439909041205);
    close(r.upper_95, 6.93878531830596);
    close(r.numerator, 3319266.0);
    close(r.denominator, 47886072.0);
    // 99.8% limits were not published: computed (Wilson), wider than the 95% ones.
    assert!(r.lower_998.unwrap() < r.lower_95.unwrap() && r.upper_998.unwrap() > r.upper_95.unwrap());
    // Line 8301: Year 6 obesity, Pakistani ethnic group, academic year 2018/19.
    let r = find(&values(&out, "92033"), "E92000001", "2018/19", "ethnic_groups=Pakistani");
    assert_eq!(iso_date(r.period_start), "2018-09-01");
    close(r.value, 27.3);
    close(r.lower_95, 27.0);
    // Line 6052: Reception obesity, most deprived quintile → quintile 1 of its own dimension.
    close(find(&values(&out, "92026"), "E92000001", "2018", "lsoa11_deprivation_quintiles_within_area_imd_trend=1").value, 12.6);
    // Line 12577: deaths in hospital aged 85+ → an age breakdown of the all-ages headline.
    let r = find(&values(&out, "93474"), "E06000008", "2018", "age=85+ yrs");
    close(r.value, 48.5782);
    close(r.numerator, 205.0);
    // Line 15616: resident population, males → a sex breakdown.
    close(find(&values(&out, "92708"), "E06000008", "2018", "sex=Male").value, 74605.0);
    // Sex × age, kept: the 8,132 population rows of 92708 the 1.x format dropped.
    let pop = values(&out, "92708");
    let crossed = pop.rows().filter(|r| r.breakdown.cuts_exactly(&["sex", "age"])).count();
    assert!(crossed >= 8000, "{crossed} sex × age rows");
    // Both deprivation definitions are dimensions of their own, most deprived first.
    let county = m.dimension("county_ua_deprivation_deciles_in_england_imd2019_4_21_geography").unwrap();
    let district = m.dimension("district_ua_deprivation_deciles_in_england_imd2019_4_21_geography").unwrap();
    for d in [county, district] {
        assert_eq!((d.kind, d.quantiles, d.most_deprived), (DimensionKind::Deprivation, Some(10), Some(MostDeprived::First)));
        assert_eq!(d.categories, (1..=10).map(|k| k.to_string()).collect::<Vec<_>>());
    }
    assert_eq!(district.definition, "District & UA deprivation deciles in England (IMD2019, 4/21 geography)");
    assert!(m.dimension("disability").is_some_and(|d| d.kind == DimensionKind::Other));
    assert!(m.dimension("sex").is_some_and(|d| d.categories.contains(&"Male".to_string())));
}

/// The test: every published row of the export that has a value
/// (not of the indicator the meta file skips) is found in the bundle with its
/// value, limits and counts, cut as published: its category as a dimension
/// named after the category type, and its sex and age as `sex` and `age`
/// unless they are the indicator's whole population (then no cut).
#[test]
fn every_published_row_with_a_value_is_in_the_bundle() {
    let data = shared_data();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundle");
    build(&out);
    let m = manifest(&out);
    let path = data.join("fingertips/fingertips-export-north-west.csv");
    let text = std::fs::read(&path).unwrap();
    // The file's own line of a record (the csv crate's count runs behind on
    // CRLF): 1 + the newlines before its first character.
    let newlines_before: Vec<u64> = std::iter::once(0)
        .chain(text.iter().scan(0u64, |n, b| {
            *n += u64::from(*b == b'\n');
            Some(*n)
        }))
        .collect();
    let line_of = |byte: usize| 1 + newlines_before[byte + usize::from(text[byte] == b'\n')];
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let h = reader.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x.trim_start_matches('\u{feff}') == n).unwrap();
    let (id, area, period, sex, age, cat_type, cat) =
        (col("Indicator ID"), col("Area Code"), col("Time period"), col("Sex"), col("Age"), col("Category Type"), col("Category"));
    let (value, lo95, hi95, lo998, hi998, count, denominator) = (
        col("Value"),
        col("Lower CI 95.0 limit"),
        col("Upper CI 95.0 limit"),
        col("Lower CI 99.8 limit"),
        col("Upper CI 99.8 limit"),
        col("Count"),
        col("Denominator"),
    );
    // Every bundle row, by indicator, organisation and period label.
    let mut bundle: HashMap<(String, String, String), Vec<ValueRow>> = HashMap::new();
    for ind in &m.indicators {
        for r in values(&out, &ind.id).rows() {
            bundle.entry((r.indicator.clone(), r.org.clone(), r.period_label.clone())).or_default().push(r);
        }
    }
    // Lines the build report lists, by reason.
    let reported: HashMap<u64, String> = report_lines(&out).iter().map(|l| (l[1].parse().unwrap(), l[6].to_string())).collect();
    let number = |t: &str| if t.is_empty() { None } else { Some(t.parse::<f64>().unwrap()) };
    // Equal, or (for a row the report says repeats a kept row's key) equal to
    // the precision the export wrote it with.
    let close_to = |a: Option<f64>, b: Option<f64>, slack: bool| match (a, b) {
        (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(1.0) + if slack { healthdash_core::bundle::rounding_slack(x) } else { 0.0 },
        (None, _) => true, // a limit the export leaves out may be computed
        _ => false,
    };
    let (mut published, mut found, mut crossed, mut repeats, mut conflicting) = (0, 0, 0, 0, 0);
    let mut missing = Vec::new();
    for rec in reader.records() {
        let rec = rec.unwrap();
        let line = line_of(rec.position().unwrap().byte() as usize);
        let repeat = reported.get(&line).is_some_and(|r| r == "duplicate_key_first_kept");
        let same = |a: Option<f64>, b: Option<f64>| close_to(a, b, repeat);
        if &rec[id] == "91040" || rec[value].is_empty() {
            continue;
        }
        published += 1;
        let candidates = bundle.get(&(rec[id].to_string(), rec[area].to_string(), rec[period].to_string())).map(Vec::as_slice).unwrap_or_default();
        // The dimension the manifest declares under the published category type's name
        // (a type it does not declare matches no row, so the row counts as missing).
        let dimension = (!rec[cat_type].is_empty()).then(|| {
            let name = rec[cat_type].trim();
            m.dimensions.iter().find(|d| d.name == name).map_or_else(|| format!("undeclared: {name}"), |d| d.id.clone())
        });
        let hit = candidates.iter().find(|r| {
            let k = &r.breakdown;
            let sex_ok = k.category("sex").is_none_or(|s| s == &rec[sex]);
            let age_ok = k.category("age").is_none_or(|a| a == &rec[age]);
            // A deprivation category is its rank (1 = most deprived); any other as published.
            let category_ok = |d: &str, c: &str| match m.dimension(d).and_then(|d| d.quantiles) {
                Some(n) => c.parse::<u32>().is_ok_and(|r| (1..=n).contains(&r)),
                None => c == &rec[cat],
            };
            let cat_ok = match &dimension {
                Some(d) => {
                    k.category(d).is_some_and(|c| category_ok(d, c))
                        && k.pairs().len() == 1 + usize::from(k.category("sex").is_some()) + usize::from(k.category("age").is_some())
                }
                None => k.dimensions().all(|d| d == "sex" || d == "age"),
            };
            sex_ok
                && age_ok
                && cat_ok
                && same(number(&rec[value]), r.value)
                && same(number(&rec[lo95]), r.lower_95)
                && same(number(&rec[hi95]), r.upper_95)
                && same(number(&rec[lo998]), r.lower_998)
                && same(number(&rec[hi998]), r.upper_998)
                && same(number(&rec[count]), r.numerator)
                && same(number(&rec[denominator]), r.denominator)
        });
        match hit {
            Some(r) => {
                found += 1;
                repeats += usize::from(repeat);
                crossed += usize::from(r.breakdown.pairs().len() > 1);
            }
            // The export gives two different figures for one key (same
            // indicator, area, period, sex, age and category): the meta file
            // keeps the first (duplicates = "first") and the report lists the other.
            None if repeat => conflicting += 1,
            None => missing.push(format!("line {line}: {}", rec.iter().collect::<Vec<_>>().join(","))),
        }
    }
    assert!(published > 25_000, "{published} published rows with a value");
    assert!(missing.is_empty(), "{} of {published} published rows are not in the bundle, e.g.\n{}", missing.len(), missing[..missing.len().min(5)].join("\n"));
    // Indicator 352 publishes 51 areas twice with one key: 25 copies are the
    // kept value rounded (found in the bundle to the precision written), 26
    // are other figures, which one bundle row cannot hold beside the first;
    // every one of the 51 is in the build report (with 50 repeats without a value).
    let reported_repeats = reported.values().filter(|r| *r == "duplicate_key_first_kept").count();
    assert_eq!((repeats, conflicting, reported_repeats), (25, 26, 101));
    assert_eq!(found + conflicting, published);
    assert!(crossed > 8_000, "{crossed} rows cut two ways or more are kept");
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
        let r = find(&t, &rec[area], &rec[period], "");
        close(r.value, rec[value].parse().unwrap());
        checked += 1;
    }
    assert_eq!(checked, 148);
    assert_eq!(t.rows().filter(|r| r.breakdown.is_whole()).count(), 148);
}
