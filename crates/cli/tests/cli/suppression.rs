//! Issue 16's done-when on real data: the Fingertips North West export built
//! with `suppress_below = 10` leaks no value of a row whose published count
//! is 1–9 (below 10: the GP Patient Survey's weighted counts can be under 1),
//! and no withheld count can be worked out by subtraction. The leak check
//! reads the source CSV itself; the recoverability check is
//! `tests/suppression/recover.py`, written apart from `stats::disclosure`
//! (pyarrow, its own tables and lines, exact rational elimination); across
//! the organisation hierarchy (a parent less its children) it is
//! `tests/suppression/hierarchy_exposure.py`, written apart the same way.

use crate::common::*;
use healthdash_core::bundle::{decode_values, ValueRow};
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

fn number(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|x| x.is_finite())
}

fn same(a: Option<f64>, b: Option<f64>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if (a - b).abs() <= 1e-9 * b.abs().max(1.0))
}

/// Builds the North West export with `meta` into `out`; the build's output.
fn build_north_west(data: &Path, meta: &Path, out: &Path) -> Out {
    let source = data.join("fingertips/fingertips-export-north-west.csv");
    let b = run(&[
        Path::new("build"),
        &source,
        Path::new("--meta"),
        meta,
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
fn north_west_with_suppress_below_10_leaks_no_small_count_and_none_can_be_recovered() {
    let data = shared_data();
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("fingertips-north-west.toml")).unwrap();
    assert!(text.contains("\n[bundle]\n"));
    let meta = write(dir.path(), "meta.toml", &text.replacen("\n[bundle]\n", "\n[bundle]\nsuppress_below = 10\n", 1));
    let out = dir.path().join("bundle");
    let source = data.join("fingertips/fingertips-export-north-west.csv");
    let b = build_north_west(&data, &meta, &out);
    assert_valid(&out);

    // The manifest states the rule; the terminal says how many values were withheld, of each kind.
    let m = manifest(&out);
    let rule = m.suppression.clone().expect("the manifest records the rule");
    assert_eq!((rule.below, rule.complementary), (10, true));
    let line = b.stderr.lines().find(|l| l.contains("values withheld under the small-number rule")).unwrap_or_else(|| panic!("{}", b.stderr));
    let figure = |after: &str| -> usize { line.split(after).next().and_then(|s| s.rsplit([' ', '(']).next()).and_then(|n| n.parse().ok()).unwrap() };
    let (primary, complementary) = (figure(" primary"), figure(" complementary"));

    // Every values file, decoded.
    let rows: Vec<ValueRow> =
        m.files.iter().flat_map(|f| decode_values(&f.path, &std::fs::read(out.join(&f.path)).unwrap()).unwrap().rows().collect::<Vec<_>>()).collect();
    let withheld = rows.iter().filter(|r| r.suppressed == Some(true)).count();
    assert_eq!(withheld, primary + complementary, "{line}");
    for r in rows.iter().filter(|r| r.suppressed == Some(true)) {
        assert!([r.numerator, r.denominator, r.value, r.lower_95, r.upper_95, r.lower_998, r.upper_998].iter().all(Option::is_none), "{r:?}");
    }
    // No published row anywhere has a count from just above 0 to 9.
    let small = |x: Option<f64>| x.is_some_and(|n| n > 0.0 && n < 10.0);
    let shown: Vec<&ValueRow> = rows.iter().filter(|r| r.suppressed != Some(true)).collect();
    assert_eq!(shown.iter().filter(|r| small(r.numerator)).count(), 0);

    // Each source row with a count below 10: no published row of its indicator, area and period
    // carries its count, or its value or its 95% limits (unless that row's own count is 10 or
    // more, so it is another row).
    let mut by_table: HashMap<(&str, &str, &str), Vec<&ValueRow>> = HashMap::new();
    for r in &shown {
        by_table.entry((r.indicator.as_str(), r.org.as_str(), r.period_label.as_str())).or_default().push(r);
    }
    let source_rows = csv_rows(&source);
    let small_source: Vec<&HashMap<String, String>> = source_rows.iter().filter(|s| small(number(&s["Count"]))).collect();
    let in_bundle: Vec<&&HashMap<String, String>> = small_source.iter().filter(|s| m.indicator(&s["Indicator ID"]).is_some()).collect();
    // Rows the build report lists (by source line: data row i is line i + 2) are not rows of their own.
    let listed: std::collections::HashSet<usize> = report_lines(&out).iter().filter_map(|r| r.get(1).and_then(|l| l.parse().ok())).collect();
    let as_rows = source_rows.iter().enumerate().filter(|(i, s)| small(number(&s["Count"])) && !listed.contains(&(i + 2))).count();
    let mut leaks = Vec::new();
    for s in &in_bundle {
        let (count, value) = (number(&s["Count"]), number(&s["Value"]));
        let limits = (number(&s["Lower CI 95.0 limit"]), number(&s["Upper CI 95.0 limit"]));
        let candidates = by_table.get(&(s["Indicator ID"].as_str(), s["Area Code"].as_str(), s["Time period"].as_str())).cloned().unwrap_or_default();
        for r in candidates {
            let other_row = r.numerator.is_some_and(|n| n >= 10.0);
            if same(r.numerator, count) || (!other_row && (same(r.value, value) || (same(r.lower_95, limits.0) && same(r.upper_95, limits.1)))) {
                leaks.push(format!(
                    "{} {} {} {}/{} {}: {r:?}",
                    s["Indicator ID"], s["Area Code"], s["Time period"], s["Category Type"], s["Category"], s["Count"]
                ));
            }
        }
    }
    assert!(leaks.is_empty(), "{} small counts leak, e.g. {:?}", leaks.len(), leaks.first());
    // The source has 522 counts below 10: 2 of indicator 91040 (skipped by the meta file) and 21
    // repeats of another row (listed in the build report) are not rows of their own; each of the
    // other 499 is withheld as a primary cell, and nothing else is.
    assert_eq!((small_source.len(), in_bundle.len(), as_rows), (522, 520, 499));
    assert_eq!(primary, as_rows, "{line}");
    assert!(complementary > 0, "{line}");
    eprintln!(
        "source counts below 10: {}; rows of their own in the bundle: {as_rows}; withheld {primary} primary, {complementary} complementary",
        small_source.len()
    );

    // Independent: no withheld count can be worked out from totals or sibling categories.
    let script = workspace().join("tests/suppression/recover.py");
    let py = Command::new("python3").arg(&script).arg(&out).output().expect("python3 runs (the check needs it, with pyarrow)");
    let stdout = String::from_utf8_lossy(&py.stdout);
    assert!(py.status.success(), "recover.py found problems:\n{stdout}{}", String::from_utf8_lossy(&py.stderr));
    let last = stdout.lines().last().unwrap_or("");
    assert!(last.ends_with(" passed, 0 failed") && !last.starts_with("0 "), "{stdout}");
    assert!(stdout.contains(&format!("{withheld} withheld cells")), "the checker saw every withheld row: {stdout}");
    eprintln!("{stdout}");

    // Independent, across the organisation hierarchy: no withheld count is a parent's published
    // count less its published children's, alone or chained with breakdown lines. The checker
    // needs the true counts to know which children partition their parent: the same build
    // without suppress_below.
    let plain_meta = write(dir.path(), "plain.toml", &text);
    let plain = dir.path().join("plain");
    build_north_west(&data, &plain_meta, &plain);
    let script = workspace().join("tests/suppression/hierarchy_exposure.py");
    let py = Command::new("python3").arg(&script).arg(&out).arg(&plain).output().expect("python3 runs (the check needs it, with pyarrow)");
    let stdout = String::from_utf8_lossy(&py.stdout);
    assert!(py.status.success(), "hierarchy_exposure.py found problems:\n{stdout}{}", String::from_utf8_lossy(&py.stderr));
    let last = stdout.lines().last().unwrap_or("");
    assert!(last.ends_with(" passed, 0 failed") && !last.starts_with("0 "), "{stdout}");
    assert!(stdout.contains(&format!("{withheld} withheld cells, 0 recoverable across the hierarchy")), "{stdout}");
    eprintln!("{stdout}");
}
