//! The engine's native speed at about a million rows: loading a bundle
//! (checksum, Parquet decode, indexing) and the standard queries every view
//! rests on. Run with `cargo bench -p healthdash-cli --bench engine`.
//!
//! A plain binary (`harness = false`): each measurement is repeated, and the
//! median with the fastest and slowest run is reported, timed with
//! `std::time::Instant`. The bundle comes from `healthdash synth` (real
//! geography, synthetic values, extra providers to reach the size); should
//! synth fail, an equivalent bundle is generated here with the core encoder.
//!
//! Environment: `HEALTHDASH_BENCH_ROWS` (target size, default 1 000 000: synth
//! is run once plain and once with 100 extra providers to learn the rows per
//! provider, then with as many extra providers as reach the target),
//! `HEALTHDASH_BENCH_RUNS` (repetitions of each query, default 21; loads run a
//! third as often), `HEALTHDASH_BENCH_NO_SYNTH=1` (use the generated bundle).

use healthdash_core::bundle::*;
use healthdash_core::period::days_from_civil;
use healthdash_core::query::{inequalities, level_peer_stats, opportunities, roll_up};
use healthdash_core::table::Dataset;
use healthdash_core::view::{compute, parse_query, resolve, PeerSpec, Target, View};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Runs `f` `runs` times; prints and returns the median.
fn measure<T>(name: &str, runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed()
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = times[times.len() / 2];
    println!("{name:<58} median {:>9.3} ms   min {:>9.3}   max {:>9.3}   ({} runs)", ms(median), ms(times[0]), ms(times[times.len() - 1]), times.len());
    median
}

fn rows_of(dir: &Path) -> u64 {
    let text = std::fs::read_to_string(dir.join("manifest.json")).unwrap_or_default();
    Manifest::from_json("manifest.json", &text).map(|m| m.files.iter().map(|f| f.rows).sum()).unwrap_or(0)
}

/// Writes a synth bundle of about `target` rows into `dir`; false if synth fails.
fn synth_sized(dir: &Path, target: u64) -> bool {
    if !synth(dir, 0) {
        return false;
    }
    let base = rows_of(dir);
    if base >= target {
        return true;
    }
    if !synth(dir, 100) {
        return false;
    }
    let per = (rows_of(dir).saturating_sub(base) / 100).max(1);
    synth(dir, (target - base).div_ceil(per) as usize)
}

fn synth(dir: &Path, orgs: usize) -> bool {
    let out = Command::new(env!("CARGO_BIN_EXE_healthdash")).args(["synth", "--out"]).arg(dir).args(["--orgs", &orgs.to_string()]).output();
    match out {
        Ok(o) if o.status.success() => true,
        Ok(o) => {
            eprintln!("healthdash synth failed ({}); generating the bundle here instead", String::from_utf8_lossy(&o.stderr).trim());
            false
        }
        Err(e) => {
            eprintln!("cannot run healthdash synth ({e}); generating the bundle here instead");
            false
        }
    }
}

/// Fallback: England, 7 regions, 42 ICBs and `providers` providers; 24
/// indicators over 42 months; ICBs also by deprivation decile and quintile
/// and five ethnic groups. Values follow a fixed arithmetic pattern.
fn generate(dir: &Path, providers: usize) {
    let org = |code: String, t: &str, parents: Vec<String>, context: &[(&str, f64)]| Organisation {
        code,
        name: String::new(),
        org_type: t.into(),
        parents,
        population: None,
        context: context.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        clusters: Vec::new(),
    };
    let mut orgs = vec![org("E92000001".into(), "country", vec![], &[])];
    orgs.extend((0..7).map(|r| org(format!("R{r}"), "region", vec!["E92000001".into()], &[])));
    orgs.extend((0..42).map(|i| org(format!("I{i:02}"), "icb", vec![format!("R{}", i % 7)], &[("imd", (i * 7 % 40) as f64), ("pop", (i * 13 % 50) as f64)])));
    orgs.extend((0..providers).map(|p| org(format!("P{p:04}"), "provider", vec![format!("I{:02}", p % 42)], &[])));
    let indicators: Vec<Indicator> = (0..24)
        .map(|k| Indicator {
            id: format!("ind{k:02}"),
            name: format!("Indicator {k}"),
            definition: String::new(),
            domains: vec![format!("d{}", k % 9)],
            value_type: ValueType::Proportion,
            multiplier: 100.0,
            unit: "%".into(),
            polarity: if k % 2 == 0 { Polarity::HigherIsBetter } else { Polarity::LowerIsBetter },
            target: None,
            unit_cost: Some(100.0 + k as f64),
            carbon_factor: Some(10.0),
            source: String::new(),
            method: String::new(),
            updated: String::new(),
            period_type: "month".into(),
            aggregatable: true,
            compute_limits: true,
            periods: Vec::new(),
            breakdowns: Vec::new(),
        })
        .collect();
    let ethnic = ["Asian", "Black", "Mixed", "White", "Other"];
    let mut manifest = Manifest::from_json(
        "manifest.json",
        r#"{"format_version":"1.0","title":"bench","publisher":"bench","licence":"OGL","attribution":"bench","published":"2025-01-01"}"#,
    )
    .unwrap();
    manifest.domains = (0..9).map(|d| Domain { id: format!("d{d}"), name: format!("Domain {d}"), kind: "system".into() }).collect();
    manifest.context_variables = ["imd", "pop"].iter().map(|v| ContextVariable { id: v.to_string(), name: v.to_string(), unit: String::new() }).collect();
    std::fs::create_dir_all(dir.join("values")).unwrap();
    for (k, ind) in indicators.iter().enumerate() {
        let mut rows = Vec::new();
        for m in 0..42u32 {
            let (y, mo) = (2022 + (m + 3) as i32 / 12, (m + 3) % 12 + 1);
            let (ny, nmo) = if mo == 12 { (y + 1, 1) } else { (y, mo + 1) };
            let (start, end) = (days_from_civil(y, mo, 1), days_from_civil(ny, nmo, 1) - 1);
            let mut push = |code: &str, breakdown: BreakdownKey, num: f64, den: f64| {
                // A proportion's numerator never exceeds its denominator (a row rule `add_file` checks).
                let num = num.min(den.floor());
                rows.push(ValueRow {
                    breakdown,
                    numerator: Some(num),
                    denominator: Some(den),
                    value: Some(num / den * 100.0),
                    lower_95: Some(num / den * 99.0),
                    upper_95: Some(num / den * 101.0),
                    lower_998: Some(num / den * 98.0),
                    upper_998: Some(num / den * 102.0),
                    ..ValueRow::new(&ind.id, code, start, end, &format!("M{m:02}"))
                });
            };
            for (i, o) in orgs.iter().enumerate() {
                let den = 1000.0 + (i * 37 % 500) as f64;
                let num = den * (0.5 + ((i + k + m as usize) % 40) as f64 / 100.0);
                push(&o.code, BreakdownKey::whole(), num.round(), den);
                if o.org_type == "icb" {
                    for d in 1..=10 {
                        push(&o.code, BreakdownKey::one("deprivation_decile", &d.to_string()), (num / 10.0 * (1.2 - d as f64 / 25.0)).round(), den / 10.0);
                    }
                    for q in 1..=5 {
                        push(&o.code, BreakdownKey::one("deprivation_quintile", &q.to_string()), (num / 5.0 * (1.2 - q as f64 / 12.0)).round(), den / 5.0);
                    }
                    for (e, g) in ethnic.iter().enumerate() {
                        push(&o.code, BreakdownKey::one("ethnicity", g), (num / 5.0 * (0.9 + e as f64 / 20.0)).round(), den / 5.0);
                    }
                }
            }
        }
        let bytes = encode_values(&rows, EncodeOptions::default()).unwrap();
        let path = format!("values/ind{k:02}.parquet");
        std::fs::write(dir.join(&path), &bytes).unwrap();
        manifest.files.push(DataFile {
            path,
            bytes: bytes.len() as u64,
            sha256: sha256_hex(&bytes),
            indicators: vec![ind.id.clone()],
            org_types: Vec::new(),
            breakdown_rows: None,
            rows: rows.len() as u64,
        });
    }
    manifest.indicators = indicators;
    manifest.organisations = orgs;
    std::fs::write(dir.join("manifest.json"), manifest.to_json()).unwrap();
}

fn load(files: &[(DataFile, Vec<u8>)], manifest: &Manifest) -> Dataset {
    let mut ds = Dataset::new(manifest.clone());
    for (f, bytes) in files {
        ds.add_file(f, bytes).unwrap();
    }
    ds
}

fn main() {
    let target = env_usize("HEALTHDASH_BENCH_ROWS", 1_000_000) as u64;
    let runs = env_usize("HEALTHDASH_BENCH_RUNS", 21);
    let dir: PathBuf = std::env::temp_dir().join(format!("healthdash-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let t = Instant::now();
    let use_synth = std::env::var("HEALTHDASH_BENCH_NO_SYNTH").is_err();
    let source = if use_synth && synth_sized(&dir, target) {
        "healthdash synth"
    } else {
        // 42 ICBs with breakdowns give 24 × 42 × 42 × 21 = 889 056 rows; each provider 1 008 more.
        let providers = (target.saturating_sub(889_056 + 24 * 42 * 8)).div_ceil(1008) as usize;
        generate(&dir, providers);
        "generated in the bench"
    };
    let manifest = Manifest::from_json("manifest.json", &std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    let files: Vec<(DataFile, Vec<u8>)> = manifest.files.iter().map(|f| (f.clone(), std::fs::read(dir.join(&f.path)).unwrap())).collect();
    let rows: u64 = manifest.files.iter().map(|f| f.rows).sum();
    let bytes: usize = files.iter().map(|f| f.1.len()).sum();
    println!(
        "bundle: {source}, {} organisations, {} indicators, {rows} rows in {} files, {:.1} MB Parquet (made in {:.1} s)",
        manifest.organisations.len(),
        manifest.indicators.len(),
        files.len(),
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!("machine: {} with {cpus} CPUs; single-threaded timings", std::env::consts::ARCH);

    let load_runs = (runs / 3).max(3);
    measure("load: SHA-256 check of every file", load_runs, || files.iter().all(|(f, b)| verify_file(f, b).is_ok()));
    measure("load: Parquet decode of every file", load_runs, || files.iter().map(|(f, b)| decode_values(&f.path, b).unwrap().len()).sum::<usize>());
    measure("load: check + decode + index (Dataset::add_file, all files)", load_runs, || load(&files, &manifest).rows());
    let ds = load(&files, &manifest);
    assert_eq!(ds.rows() as u64, rows, "every row is indexed");

    let m = ds.manifest();
    let icb = m.organisations.iter().find(|o| o.org_type == "icb").map(|o| o.code.clone()).expect("an ICB");
    let region = m.organisations.iter().find(|o| o.org_type == "region").map(|o| o.code.clone()).expect("a region");
    let provider_type = m.organisations.iter().any(|o| o.org_type == "provider");
    // The indicator with the most rows (breakdowns) for the slices.
    let ind = m.files.iter().max_by_key(|f| f.rows).and_then(|f| f.indicators.first()).cloned().unwrap();
    println!("queries on indicator {ind}, ICB {icb}, region {region}");

    measure("(a) peer stats, one indicator, all 42 ICBs, peers nn:5", runs, || level_peer_stats(&ds, &ind, "icb", None, &PeerSpec::Nearest(5)).len());
    measure("(a) peer stats, one indicator, all 42 ICBs, peers type", runs, || level_peer_stats(&ds, &ind, "icb", None, &PeerSpec::Type).len());
    if provider_type {
        measure("(a) peer stats, one indicator, all providers, peers type", runs, || level_peer_stats(&ds, &ind, "provider", None, &PeerSpec::Type).len());
    }
    measure("(b) ethnicity + deprivation slice, one ICB (+ gap over time)", runs, || {
        inequalities(&ds, &ind, &icb, None, None, None, None).map(|q| q.slice.gap_over_time.len())
    });
    measure("(c) roll-up of one indicator to an ICB (from providers)", runs, || {
        roll_up(&ds, &ind, &icb, provider_type.then_some("provider"), None).map(|r| r.members.len())
    });
    measure("(c) roll-up of one indicator to a region (from ICBs)", runs, || roll_up(&ds, &ind, &region, None, None).map(|r| r.members.len()));
    let icb_rollup = roll_up(&ds, &ind, &icb, provider_type.then_some("provider"), None).unwrap();
    let region_rollup = roll_up(&ds, &ind, &region, None, None).unwrap();
    println!(
        "    (the ICB sums {} {} members, {} without counts; the region sums {} {} members)",
        icb_rollup.members.len(),
        icb_rollup.member_type.as_deref().unwrap_or("?"),
        icb_rollup.missing.len(),
        region_rollup.members.len(),
        region_rollup.member_type.as_deref().unwrap_or("?")
    );
    measure("(d) opportunity across all indicators, one ICB", runs, || {
        opportunities(&ds, &icb, &PeerSpec::Nearest(5), Target::Quartile, None).map(|t| t.rows.len())
    });
    for v in View::ALL {
        let q = format!("view={}&org={icb}&ind={ind}&peers=nn:5", v.id());
        let (state, _) = resolve(parse_query(&q), ds.manifest());
        measure(&format!("view compute: {}", v.id()), (runs / 3).max(3), || compute(&ds, &state));
    }
    let _ = std::fs::remove_dir_all(&dir);
}
