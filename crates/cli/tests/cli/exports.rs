//! Real exports as they are downloaded, tried as a publisher would: an export
//! joined from several downloads (rows repeated exactly), the older Fingertips
//! layout (`IndicatorID`, `Timeperiod`, `Lower_CI_95.0_limit` …), and the
//! build report that lists every published row not in the bundle, with why.

use crate::common::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The real North West export's header and its first `n` data lines (all when None).
fn export_lines(n: Option<usize>) -> (String, Vec<String>) {
    let text = std::fs::read_to_string(shared_data().join("fingertips/fingertips-export-north-west.csv")).unwrap();
    let mut lines = text.lines().map(str::to_string);
    let header = lines.next().unwrap();
    let rows: Vec<String> = match n {
        Some(n) => lines.take(n).collect(),
        None => lines.collect(),
    };
    (header, rows)
}

fn build(input: &Path, out: &Path) -> Out {
    let data = shared_data();
    let args: Vec<PathBuf> = vec![
        "build".into(),
        input.to_path_buf(),
        "--meta".into(),
        fixture("fingertips-north-west.toml"),
        "--areas".into(),
        data.join("fingertips/areas.csv"),
        "--published".into(),
        "2025-01-01".into(),
        "--out".into(),
        out.to_path_buf(),
    ];
    let b = run(&args);
    assert_eq!(b.code, 0, "build failed:\n{}", b.stderr);
    b
}

/// The build report's rows: (line, reason id), skipping the header.
fn report(out: &Path) -> Vec<(u64, String)> {
    let mut r = csv::Reader::from_path(out.join("build-report.csv")).unwrap();
    r.records().map(|rec| rec.unwrap()).map(|rec| (rec[1].parse().unwrap(), rec[6].to_string())).collect()
}

/// Every values file's SHA-256, by path: two builds with equal maps published the same values.
fn file_hashes(out: &Path) -> Vec<(String, String)> {
    manifest(out).files.into_iter().map(|f| (f.path, f.sha256)).collect()
}

fn rows_in_bundle(out: &Path) -> u64 {
    manifest(out).files.iter().map(|f| f.rows).sum()
}

#[test]
fn every_published_row_is_in_the_bundle_or_the_build_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundle");
    let b = build(&shared_data().join("fingertips/fingertips-export-north-west.csv"), &out);
    let (_, rows) = export_lines(None);
    let left = report(&out);
    // Each input line is accounted for once: a bundle row, or a report line.
    assert_eq!(rows_in_bundle(&out) + left.len() as u64, rows.len() as u64);
    let lines: HashSet<u64> = left.iter().map(|l| l.0).collect();
    assert_eq!(lines.len(), left.len(), "a line is reported twice");
    assert!(lines.iter().all(|l| (2..=rows.len() as u64 + 1).contains(l)));
    // The terminal summary points to the report.
    assert!(b.stderr.contains(&format!("{} input rows are not in the bundle", left.len())), "{}", b.stderr);
    assert!(b.stderr.contains("build-report.csv"), "{}", b.stderr);
    // 91040 is skipped by the meta file: every one of its rows is reported as such.
    let skipped = rows.iter().filter(|r| r.starts_with("91040,")).count();
    assert!(skipped > 0);
    assert_eq!(left.iter().filter(|l| l.1 == "indicator_skipped").count(), skipped);
    // Only rows genuinely left out are reported: a skipped indicator, exact
    // repeats (kept once), and repeats of a kept row's key with other figures
    // (indicator 352, duplicates = "first"). Rows cut two or three ways at
    // once are in the bundle (format 2.0).
    let reasons: HashSet<&str> = left.iter().map(|l| l.1.as_str()).collect();
    assert_eq!(reasons, HashSet::from(["indicator_skipped", "exact_duplicate", "duplicate_key_first_kept"]), "{reasons:?}");
    // A report line names its source row.
    let text = std::fs::read_to_string(out.join("build-report.csv")).unwrap();
    let repeat = text.lines().find(|l| l.contains(",duplicate_key_first_kept,")).expect("repeats are reported");
    let line: usize = repeat.split(',').nth(1).unwrap().parse().unwrap();
    let source = &rows[line - 2];
    let fields: Vec<&str> = repeat.split(',').collect();
    assert!(source.starts_with(&format!("{},", fields[2])) && source.contains(&format!(",{},", fields[3])), "{repeat} vs {source}");
    assert_valid(&out);
}

#[test]
fn an_export_joined_from_two_downloads_builds_once() {
    let dir = tempfile::tempdir().unwrap();
    let (header, rows) = export_lines(Some(4000));
    let single = write(dir.path(), "single.csv", &format!("{header}\n{}\n", rows.join("\n")));
    // Two overlapping downloads joined: lines 1–3000 and 1001–4000.
    let joined = write(dir.path(), "joined.csv", &format!("{header}\n{}\n{}\n", rows[..3000].join("\n"), rows[1000..].join("\n")));
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build(&single, &a);
    build(&joined, &b);
    assert_eq!(file_hashes(&a), file_hashes(&b), "the joined export publishes exactly the single one's values");
    // Joined lines 3002–6001 are single lines 1002–4001 (2,000 lines earlier).
    // Every second copy (3002–5001) is reported once: as an exact duplicate,
    // or for the reason its first copy was; lines after it as in the single build.
    let first: std::collections::HashMap<u64, String> = report(&a).into_iter().collect();
    let second: std::collections::HashMap<u64, String> = report(&b).into_iter().filter(|l| l.0 >= 3002).collect();
    let mut exact = 0;
    for line in 3002..=6001u64 {
        let (original, reported) = (first.get(&(line - 2000)), second.get(&line));
        match (line <= 5001, original, reported) {
            (true, None, Some(why)) if why == "exact_duplicate" => exact += 1,
            (_, Some(a), Some(b)) if a == b => {}
            (false, None, None) => {}
            other => panic!("line {line}: {other:?}"),
        }
    }
    assert!(exact > 1000, "{exact}");
}

#[test]
fn the_older_fingertips_layout_builds_the_same_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let (header, rows) = export_lines(Some(6000));
    let current = write(dir.path(), "current.csv", &format!("{header}\n{}\n", rows.join("\n")));
    // The layout downloaded until about 2019 (and fingertipsR's names): no spaces, underscores.
    let renames = [
        ("Indicator ID", "IndicatorID"),
        ("Indicator Name", "IndicatorName"),
        ("Parent Code", "ParentCode"),
        ("Parent Name", "ParentName"),
        ("Area Code", "AreaCode"),
        ("Area Name", "AreaName"),
        ("Area Type", "AreaType"),
        ("Category Type", "Category_Type"),
        ("Time period", "Timeperiod"),
        ("Lower CI 95.0 limit", "Lower_CI_95.0_limit"),
        ("Upper CI 95.0 limit", "Upper_CI_95.0_limit"),
        ("Lower CI 99.8 limit", "Lower_CI_99.8_limit"),
        ("Upper CI 99.8 limit", "Upper_CI_99.8_limit"),
        ("Value note", "Value_note"),
        ("Recent Trend", "Recent_Trend"),
    ];
    let old_header = header.split(',').map(|h| renames.iter().find(|r| r.0 == h).map_or(h, |r| r.1)).collect::<Vec<_>>().join(",");
    assert!(old_header.starts_with(
        "IndicatorID,IndicatorName,ParentCode,ParentName,AreaCode,AreaName,AreaType,Sex,Age,Category_Type,Category,Timeperiod,Value,Lower_CI_95.0_limit"
    ));
    let old = write(dir.path(), "old.csv", &format!("{old_header}\n{}\n", rows.join("\n")));
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build(&current, &a);
    build(&old, &b);
    assert!(rows_in_bundle(&b) > 3000);
    assert_eq!(file_hashes(&a), file_hashes(&b));
    assert_eq!(manifest(&a).indicators, manifest(&b).indicators);
    assert_eq!(manifest(&a).organisations, manifest(&b).organisations);
}
