//! The DuckDB publishing recipe (`examples/publish-with-duckdb/`): its SQL
//! computes the A&E indicator from the real files, its driver writes the
//! values in the documented layout, and `healthdash index` writes the
//! manifest. The bundle must validate and match healthdash's own A&E build:
//! the same files, indicator metadata and periods, organisations and
//! hierarchy, and every value and limit. Needs `python3` with DuckDB's
//! package (`make python-tools`); fails saying so otherwise.

use crate::common::*;
use std::path::Path;
use std::process::Command;

/// Runs the recipe's driver: values into `out`, the areas table into `areas`.
fn publish_with_duckdb(out: &Path, areas: &Path) {
    let script = workspace().join("examples/publish-with-duckdb/publish.py");
    let run = Command::new("python3").arg(&script).arg(shared_data()).arg(out).arg(areas).output();
    let run = run.unwrap_or_else(|e| panic!("cannot run python3 ({e}): install Python 3, then: python3 -m pip install duckdb (or make python-tools)"));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!stderr.contains("needs DuckDB's Python package"), "the DuckDB recipe test needs DuckDB for Python: {stderr}");
    assert!(run.status.success(), "publish.py failed:\n{stderr}");
}

/// healthdash's own A&E build, as `make real-bundles` builds it.
fn built_by_healthdash(out: &Path) {
    let data = shared_data();
    let b = run(&[
        Path::new("build"),
        &data.join("ae/england_trust_accidents_emergency.csv"),
        &data.join("ae/england_icb_accidents_emergency.csv"),
        &data.join("lookups/lookup_nhs_trusts22_icb22.csv"),
        &data.join("lookups/lookup_nhs_trusts22_nhs_region21.csv"),
        &data.join("imd/imd2025_england_icb24.csv"),
        Path::new("--areas"),
        &data.join("fingertips/areas.csv"),
        Path::new("--published"),
        Path::new("2025-01-01"),
        Path::new("--out"),
        out,
    ]);
    assert_eq!(b.code, 0, "build failed:\n{}", b.stderr);
}

#[test]
fn duckdb_recipe_publishes_the_ae_bundle_healthdash_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let (bundle, areas, reference) = (tmp.path().join("ae-duckdb"), tmp.path().join("areas.csv"), tmp.path().join("ae"));
    publish_with_duckdb(&bundle, &areas);
    let meta = workspace().join("examples/publish-with-duckdb/meta.toml");
    let i = run(&[Path::new("index"), &bundle, Path::new("--meta"), &meta, Path::new("--areas"), &areas]);
    assert_eq!(i.code, 0, "index failed:\n{}{}", i.stdout, i.stderr);
    assert_valid(&bundle);
    // The engine the app runs opens it on every view.
    assert_every_view(&bundle, "R0A", "ae_4_hours");
    built_by_healthdash(&reference);
    let (duck, own) = (manifest(&bundle), manifest(&reference));

    let summary = |m: &healthdash_core::bundle::Manifest| m.files.iter().map(|f| (f.path.clone(), f.rows, f.org_types.clone())).collect::<Vec<_>>();
    assert_eq!(summary(&duck), summary(&own));
    assert_eq!(
        summary(&duck),
        [("values/ae_4_hours/icb.parquet".to_string(), 1596, vec!["icb".to_string()]), ("values/ae_4_hours/trust.parquet".into(), 7154, vec!["trust".into()])]
    );
    assert_eq!(duck.indicators, own.indicators, "indicator metadata and periods");
    assert_eq!((duck.domains.clone(), duck.org_types.clone()), (own.domains.clone(), own.org_types.clone()));
    let place = |m: &healthdash_core::bundle::Manifest| {
        m.organisations.iter().map(|o| (o.code.clone(), o.name.clone(), o.org_type.clone(), o.parents.clone())).collect::<Vec<_>>()
    };
    assert_eq!(place(&duck), place(&own), "organisations, names, types and parents");

    // Every row, value and limit: the SQL does healthdash's arithmetic.
    let (a, b) = (values(&bundle, "ae_4_hours"), values(&reference, "ae_4_hours"));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.rows().zip(b.rows()) {
        let key = |r: &healthdash_core::bundle::ValueRow| (r.org.clone(), r.period_start, r.period_end, r.period_label.clone(), r.breakdown.clone());
        assert_eq!(key(&x), key(&y));
        let numbers = |r: &healthdash_core::bundle::ValueRow| [r.numerator, r.denominator, r.value, r.lower_95, r.upper_95, r.lower_998, r.upper_998];
        for (k, (p, q)) in numbers(&x).into_iter().zip(numbers(&y)).enumerate() {
            let same = match (p, q) {
                (Some(p), Some(q)) => (p - q).abs() <= 1e-12 * q.abs().max(1.0),
                (None, None) => true,
                _ => false,
            };
            assert!(same, "{} {}: number column {k}: DuckDB {p:?}, healthdash {q:?}", x.org, x.period_label);
        }
    }
    // A sampled row, against the source file: RWH, April 2021, 13 470 attendances, 2 318 over 4 hours.
    let r = find(&a, "RWH", "Apr 2021", "");
    close(r.value, (13470.0 - 2318.0) / 13470.0 * 100.0);
}
