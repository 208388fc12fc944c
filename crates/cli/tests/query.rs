//! Integration tests of `healthdash query`: the binary run on a small bundle
//! written here with the core encoder (numbers chosen to be checked by hand),
//! and on the `healthdash synth` demonstration bundle for every view. The CSV
//! the CLI prints is compared with the core's own `view_csv`, the function the
//! app's download calls, so the two cannot drift apart.

use healthdash_core::bundle::{encode_values, sha256_hex, DataFile, EncodeOptions, Manifest, ValueRow};
use healthdash_core::chart::charts_for;
use healthdash_core::period::days_from_civil;
use healthdash_core::stats::ci::{limits_for, Level};
use healthdash_core::table::Dataset;
use healthdash_core::view::{compute, parse_query, resolve, view_csv, View};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn healthdash<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Out {
    let out = Command::new(env!("CARGO_BIN_EXE_healthdash")).args(args).output().expect("the healthdash binary runs");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn query(dir: &Path, q: &str) -> Value {
    let out = healthdash(&["query".as_ref(), dir.as_os_str(), q.as_ref()]);
    assert_eq!(out.code, 0, "query {q} failed: {}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("query {q}: not JSON ({e}): {}", out.stdout))
}

const MANIFEST: &str = r#"{
  "format_version": "1.0", "title": "Query test", "publisher": "Tests", "licence": "OGL",
  "attribution": "Test data", "published": "2025-01-01",
  "domains": [{"id": "urgent", "name": "Urgent care"}],
  "indicators": [
    {"id": "ae", "name": "A&E within 4 hours", "domains": ["urgent"], "value_type": "proportion", "multiplier": 100,
     "unit": "%", "polarity": "higher_is_better", "target": 95, "aggregatable": true, "period_type": "month"},
    {"id": "beds", "name": "Bed days", "domains": ["urgent"], "value_type": "rate", "multiplier": 1000,
     "unit": "per 1,000", "polarity": "lower_is_better", "unit_cost": 250, "aggregatable": true}
  ],
  "organisations": [
    {"code": "E92000001", "name": "England", "type": "country"},
    {"code": "I1", "name": "ICB One", "type": "icb", "parents": ["E92000001"]},
    {"code": "I2", "name": "ICB Two", "type": "icb", "parents": ["E92000001"]},
    {"code": "P1", "name": "=Provider, One", "type": "provider", "parents": ["I1"], "clusters": ["c"], "context": {"pop": 1}},
    {"code": "P2", "name": "Provider Two", "type": "provider", "parents": ["I1"], "clusters": ["c"], "context": {"pop": 2}},
    {"code": "P3", "name": "Provider Three", "type": "provider", "parents": ["I2"], "clusters": ["c"], "context": {"pop": 9}}
  ],
  "org_types": [{"id": "country", "name": "Country", "level": 0}, {"id": "icb", "name": "ICB", "level": 1}, {"id": "provider", "name": "Provider", "level": 2}],
  "context_variables": [{"id": "pop", "name": "Population"}],
  "peer_clusters": [{"id": "c", "name": "All providers"}]
}"#;

fn row(ind: &str, org: &str, month: u32, num: f64, den: f64, mult: f64) -> ValueRow {
    let vt = if ind == "ae" { healthdash_core::bundle::ValueType::Proportion } else { healthdash_core::bundle::ValueType::Rate };
    let (l95, l998) = (limits_for(vt, mult, num, den, Level::P95), limits_for(vt, mult, num, den, Level::P998));
    ValueRow {
        indicator: ind.into(),
        org: org.into(),
        period_start: days_from_civil(2024, month, 1),
        period_end: days_from_civil(2024, month + 1, 1) - 1,
        period_label: ["Jan 2024", "Feb 2024", "Mar 2024"][month as usize - 1].into(),
        numerator: Some(num),
        denominator: Some(den),
        value: Some(num / den * mult),
        lower_95: l95.map(|l| l.lower),
        upper_95: l95.map(|l| l.upper),
        lower_998: l998.map(|l| l.lower),
        upper_998: l998.map(|l| l.upper),
        breakdown: Default::default(),
        suppressed: None,
    }
}

/// A three-provider bundle. ae in Mar 2024: P1 900/1000, P2 600/1000, P3 1400/2000
/// (90%, 60%, 70%); each earlier month 10 fewer per provider; ICBs and England are sums.
fn small_bundle(dir: &Path) {
    let mut ae = Vec::new();
    for month in 1..=3 {
        let back = 10.0 * (3 - month) as f64;
        let p = [("P1", 900.0 - back, 1000.0), ("P2", 600.0 - back, 1000.0), ("P3", 1400.0 - back, 2000.0)];
        for (org, n, d) in p {
            ae.push(row("ae", org, month, n, d, 100.0));
        }
        ae.push(row("ae", "I1", month, p[0].1 + p[1].1, 2000.0, 100.0));
        ae.push(row("ae", "I2", month, p[2].1, 2000.0, 100.0));
        ae.push(row("ae", "E92000001", month, p[0].1 + p[1].1 + p[2].1, 4000.0, 100.0));
    }
    let beds =
        vec![row("beds", "P1", 3, 50.0, 10_000.0, 1000.0), row("beds", "P2", 3, 80.0, 10_000.0, 1000.0), row("beds", "E92000001", 3, 130.0, 20_000.0, 1000.0)];
    let mut m = Manifest::parse("manifest.json", MANIFEST).unwrap();
    std::fs::create_dir_all(dir.join("values")).unwrap();
    for (id, rows) in [("ae", ae), ("beds", beds)] {
        let bytes = encode_values(&rows, EncodeOptions::default()).unwrap();
        let path = format!("values/{id}.parquet");
        std::fs::write(dir.join(&path), &bytes).unwrap();
        m.files.push(DataFile {
            path,
            bytes: bytes.len() as u64,
            sha256: sha256_hex(&bytes),
            indicators: vec![id.into()],
            org_types: Vec::new(),
            breakdown_rows: None,
            rows: rows.len() as u64,
        });
    }
    std::fs::write(dir.join("manifest.json"), m.to_json()).unwrap();
}

#[test]
fn the_default_view_is_englands_overview() {
    let tmp = tempfile::tempdir().unwrap();
    small_bundle(tmp.path());
    let r = query(tmp.path(), "");
    assert_eq!((r["view"].as_str(), r["query"].as_str(), r["org"]["code"].as_str()), (Some("overview"), Some("view=overview"), Some("E92000001")));
    assert_eq!(r["notices"], serde_json::json!([]));
    // England Mar 2024: (900 + 600 + 1400) / 4000 = 72.5%.
    assert_eq!(r["domains"][0]["rows"][0]["value"], 72.5);
    assert_eq!(r["domains"][0]["rows"][0]["period"], "Mar 2024");
}

// Providers ranked, higher is better: P1 90 (rank 1), P3 70, P2 60. Against England 72.5%:
// P1's 95% limits (Wilson, 900/1000: 88.0–91.7) are above it → better; P2 (57.0–63.0) → worse;
// P3 1400/2000 (67.9–72.0) → worse. Peers of P1 (cluster c): P2, P3, median 65.
#[test]
fn compare_ranks_and_flags_by_hand() {
    let tmp = tempfile::tempdir().unwrap();
    small_bundle(tmp.path());
    let r = query(tmp.path(), "view=compare&org=P1&ind=ae");
    let orgs = r["orgs"].as_array().unwrap();
    let got: Vec<(&str, u64, &str, bool)> = orgs
        .iter()
        .map(|o| (o["code"].as_str().unwrap(), o["rank"].as_u64().unwrap(), o["comparison_95"].as_str().unwrap(), o["selected"].as_bool().unwrap()))
        .collect();
    assert_eq!(got, vec![("P1", 1, "better", true), ("P3", 2, "worse", false), ("P2", 3, "worse", false)]);
    assert_eq!(r["peer_median"], 65.0);
    assert_eq!(r["england"], 72.5);
    assert!(r["funnel"]["points"].as_array().unwrap().len() == 60);
}

#[test]
fn bad_parameters_are_notices_not_failures() {
    let tmp = tempfile::tempdir().unwrap();
    small_bundle(tmp.path());
    let r = query(tmp.path(), "view=atlas&org=NOPE&ind=ae&peers=nn:99&data=http://evil.example/m.json&period=1999&colour=red");
    let params: Vec<&str> = r["notices"].as_array().unwrap().iter().map(|n| n["param"].as_str().unwrap()).collect();
    assert_eq!(params, vec!["view", "peers", "data", "colour", "org", "period"], "parse, then resolve, then data notices");
    assert_eq!(r["view"], "overview");
    assert_eq!(r["query"], "view=overview", "everything fell back to the default");
    // With --csv the notices go to stderr and the table to stdout.
    let out = healthdash(&["query".as_ref(), tmp.path().as_os_str(), "org=NOPE".as_ref(), "--csv".as_ref()]);
    assert_eq!(out.code, 0);
    assert!(out.stderr.contains("healthdash: notice: org=NOPE: no organisation with this code"), "{}", out.stderr);
    assert!(out.stdout.starts_with("domain,indicator,name,"));
}

/// The bundle in `dir` with every file added, as the core (not the binary) reads it.
fn loaded(dir: &Path) -> Dataset {
    let text = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
    let m = Manifest::from_json("manifest.json", &text).unwrap();
    let mut ds = Dataset::new(m.clone());
    for f in &m.files {
        ds.add_file(f, &std::fs::read(dir.join(&f.path)).unwrap()).unwrap();
    }
    ds
}

#[test]
fn csv_equals_the_cores_download_for_every_view() {
    let tmp = tempfile::tempdir().unwrap();
    small_bundle(tmp.path());
    let ds = loaded(tmp.path());
    for v in View::ALL {
        let q = format!("view={}&org=P1&ind=ae", v.id());
        let (state, _) = resolve(parse_query(&q), ds.manifest());
        let expected = view_csv(&compute(&ds, &state));
        let out = healthdash(&["query".as_ref(), tmp.path().as_os_str(), q.as_ref(), "--csv".as_ref()]);
        assert_eq!(out.code, 0, "{q}: {}", out.stderr);
        assert_eq!(out.stdout, expected, "{q}");
    }
    // The provider called "=Provider, One" is quoted and neutralised in the compare CSV.
    let out = healthdash(&["query".as_ref(), tmp.path().as_os_str(), "view=compare&org=P1&ind=ae".as_ref(), "--csv".as_ref()]);
    assert!(out.stdout.contains("\r\n1,P1,\"'=Provider, One\",provider,90"), "{}", out.stdout);
}

#[test]
fn charts_lists_what_the_core_draws_for_every_view() {
    let tmp = tempfile::tempdir().unwrap();
    small_bundle(tmp.path());
    let ds = loaded(tmp.path());
    let mut drawn = 0;
    for v in View::ALL {
        let q = format!("view={}&org=P1&ind=ae", v.id());
        let (state, _) = resolve(parse_query(&q), ds.manifest());
        let expected: Vec<(String, String)> = charts_for(&compute(&ds, &state)).into_iter().map(|c| (c.key.to_string(), c.name)).collect();
        let out = healthdash(&["query".as_ref(), tmp.path().as_os_str(), q.as_ref(), "--charts".as_ref()]);
        assert_eq!(out.code, 0, "{q}: {}", out.stderr);
        let listed: Vec<Value> = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{q}: not JSON ({e}): {}", out.stdout));
        let got: Vec<(String, String)> = listed.iter().map(|c| (c["key"].as_str().unwrap().to_string(), c["name"].as_str().unwrap().to_string())).collect();
        assert_eq!(got, expected, "{q}");
        drawn += got.len();
    }
    assert!(drawn >= 3, "trend, compare and peers draw charts: {drawn}");
    let both = healthdash(&["query".as_ref(), tmp.path().as_os_str(), "".as_ref(), "--charts".as_ref(), "--csv".as_ref()]);
    assert_ne!(both.code, 0, "--charts and --csv together are refused");
}

#[test]
fn only_the_files_a_view_needs_are_read_and_checked() {
    let tmp = tempfile::tempdir().unwrap();
    small_bundle(tmp.path());
    std::fs::remove_file(tmp.path().join("values/beds.parquet")).unwrap();
    // The trend of ae needs values/ae.parquet only.
    let r = query(tmp.path(), "view=trend&org=P2&ind=ae");
    assert_eq!(r["points"].as_array().unwrap().len(), 3);
    // The overview needs every file: the missing one is named.
    let out = healthdash(&["query".as_ref(), tmp.path().as_os_str(), "".as_ref()]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("values/beds.parquet: cannot read"), "{}", out.stderr);
    // A corrupted file is refused before decoding, naming it.
    let ae = tmp.path().join("values/ae.parquet");
    let mut bytes = std::fs::read(&ae).unwrap();
    let last = bytes.len() - 10;
    bytes[last] ^= 0xff;
    std::fs::write(&ae, bytes).unwrap();
    let out = healthdash(&["query".as_ref(), tmp.path().as_os_str(), "view=trend&ind=ae".as_ref()]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("values/ae.parquet: SHA-256"), "{}", out.stderr);
}

/// Every view of the demonstration bundle answers, for the country, a region
/// and an ICB, with the view's own tag and a canonical query that reads back
/// without notices.
#[test]
fn every_view_answers_on_the_synth_bundle() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("demo");
    let out = healthdash(&["synth".as_ref(), "--out".as_ref(), dir.as_os_str(), "--periods".as_ref(), "15".as_ref()]);
    assert_eq!(out.code, 0, "healthdash synth failed: {}", out.stderr);
    let m = Manifest::from_json("manifest.json", &std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    let pick = |t: &str| m.organisations.iter().find(|o| o.org_type == t).map(|o| o.code.clone());
    let orgs: Vec<String> = [pick("country"), pick("region"), pick("icb")].into_iter().flatten().collect();
    let ind = m.indicators.iter().find(|i| i.domains.iter().any(|d| d == "inequalities")).unwrap_or(&m.indicators[0]).id.clone();
    for org in &orgs {
        for v in View::ALL {
            let q = format!("view={}&org={org}&ind={ind}&peers=nn:5", v.id());
            let r = query(&dir, &q);
            assert_eq!(r["view"], v.id(), "{q}");
            assert_eq!(r["notices"], serde_json::json!([]), "{q}");
            let again = query(&dir, r["query"].as_str().unwrap());
            assert_eq!(again["query"], r["query"], "{q}: the canonical query is a fixed point");
        }
    }
}
