//! `healthdash build`: published CSV files in, a checked bundle folder out.
//!
//! Each input's format is recognised from its header row, so inputs may be
//! given in any order and mixed: Fingertips exports, generic long CSVs, NHS
//! England A&E files and the trust lookups that place A&E providers in the NHS
//! hierarchy. Reading, checking and assembling all happen in memory; only a
//! bundle that passed every check is written, and `write_bundle` writes it
//! atomically, so bad input never leaves an output folder behind.
//!
//! Module map: [`csvin`] (located CSV errors), [`periods`] (period labels),
//! [`fingertips`], [`generic`], [`ae`], [`beds`], [`discharge`],
//! [`delay_reasons`], [`sustainability`] (one importer per format),
//! [`crosswalk`] and [`deprivation`] (old codes, peer context), [`rollup`]
//! (trusts summed to their parents), [`suppress`] (small numbers withheld),
//! [`breakdown`] (sex × age × categories → the row's breakdown key), [`orgs`]
//! (organisations, `--areas`), [`meta`] (the `--meta` TOML), [`catalogue`]
//! (indicator metadata), [`assemble`] (cross-input checks, limits, manifest).

mod ae;
mod assemble;
mod beds;
mod breakdown;
pub(crate) mod catalogue;
mod crosswalk;
mod csvin;
mod delay_reasons;
mod deprivation;
mod discharge;
mod fingertips;
mod generic;
mod import;
pub(crate) mod meta;
pub(crate) mod orgs;
mod periods;
mod report;
mod rollup;
mod suppress;
mod sustainability;

use report::BuildReport;

/// The build report's file name inside the bundle folder (see [`report`]).
pub const REPORT_FILE: &str = "build-report.csv";

use crate::write::write_bundle;
use clap::Args;
use csvin::{read_header, CsvInput};
use healthdash_core::bundle::EncodeOptions;
use import::Import;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Args)]
pub struct BuildArgs {
    /// Input CSV files; each one's format is detected from its header row
    /// (Fingertips export, generic long CSV, NHS England A&E by trust or ICB,
    /// trust → ICB and trust → region lookups, discharge by trust or ICB, delay
    /// reasons, beds, ERIC estates, carbon factors, code crosswalk, IMD 2025).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Indicator and bundle metadata (TOML; see docs/bundle-format.md). Without
    /// it, metadata is taken from the inputs or defaulted, with warnings.
    #[arg(long)]
    meta: Option<PathBuf>,
    /// The bundle folder to write (replaced if it exists).
    #[arg(long)]
    out: PathBuf,
    /// An areas table (AreaCode, AreaName, AreaType, Level, Children) naming
    /// organisations and their parents; generic inputs must use only its codes.
    #[arg(long)]
    areas: Option<PathBuf>,
    /// Bundle title (overrides the meta file).
    #[arg(long)]
    title: Option<String>,
    /// Publication date, YYYY-MM-DD (overrides the meta file; default today).
    #[arg(long)]
    published: Option<String>,
    /// ONS boundary files (GeoJSON, longitude / latitude) whose areas are
    /// drawn on maps, matched to organisations by code (with a
    /// code_crosswalk.csv beside them, if any); written simplified into the bundle.
    #[arg(long, num_args = 1..)]
    boundaries: Vec<PathBuf>,
    /// Withhold every count from 1 to N − 1, with complementary cells
    /// (overrides the meta file's `[bundle] suppress_below`).
    #[arg(long, value_name = "N")]
    suppress_below: Option<u32>,
}

/// Today's date (UTC), the default publication date.
pub(crate) fn today() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    healthdash_core::period::iso_date((secs / 86_400) as i32)
}

enum Kind {
    Fingertips,
    Generic,
    Ae(ae::Kind),
    Beds,
    Discharge(discharge::Kind),
    DelayReasons,
    Eric,
    CarbonFactors,
    Crosswalk,
    Deprivation,
}

fn detect(path: &std::path::Path) -> Result<Kind, String> {
    let header = read_header(path)?;
    if let Some(k) = ae::detect(&header) {
        Ok(Kind::Ae(k))
    } else if beds::detect(&header) {
        Ok(Kind::Beds)
    } else if let Some(k) = discharge::detect(&header) {
        Ok(Kind::Discharge(k))
    } else if delay_reasons::detect(&header) {
        Ok(Kind::DelayReasons)
    } else if sustainability::detect_eric(&header) {
        Ok(Kind::Eric)
    } else if sustainability::detect_factors(&header) {
        Ok(Kind::CarbonFactors)
    } else if crosswalk::detect(&header) {
        Ok(Kind::Crosswalk)
    } else if deprivation::detect(&header) {
        Ok(Kind::Deprivation)
    } else if generic::detect(&header) {
        Ok(Kind::Generic)
    } else if fingertips::detect(&header) {
        Ok(Kind::Fingertips)
    } else {
        Err(format!(
            "{}: line 1: header not recognised: expected a Fingertips export (Indicator ID, Area Code, Time period, Value, …), a generic long CSV (indicator_id, area_code, date_from, date_to, value, …), an NHS England A&E, discharge, delay-reasons or bed file, a trust lookup, an ERIC estates file, carbon conversion factors, a code crosswalk or an IMD 2025 summary; found: {}",
            path.display(),
            header.join(", ")
        ))
    }
}

/// Reads every input and assembles the bundle, collecting all errors.
fn read_all(args: &BuildArgs, meta: &meta::Meta, areas: Option<&orgs::Areas>, warnings: &mut Vec<String>) -> Result<Vec<Import>, Vec<String>> {
    let mut errors = Vec::new();
    let mut kinds = Vec::new();
    for path in &args.inputs {
        match detect(path) {
            Ok(k) => kinds.push((path, k)),
            Err(e) => errors.push(e),
        }
    }
    // Lookups, beds and carbon factors first: other importers need them whatever the input order.
    let mut lookups = ae::Lookups::default();
    let mut beds: Option<beds::BedTable> = None;
    let mut factors: Option<sustainability::Factors> = None;
    for (path, kind) in &kinds {
        let open = || CsvInput::open(path).map_err(|e| vec![e]);
        let result = match kind {
            Kind::Ae(k @ (ae::Kind::TrustIcbLookup | ae::Kind::TrustRegionLookup)) => open().and_then(|mut input| lookups.read(&mut input, *k)),
            Kind::Beds if beds.is_some() => Err(vec![format!("{}: a second bed file; give one", path.display())]),
            Kind::Beds => open().and_then(|mut input| beds::BedTable::read(&mut input)).map(|t| beds = Some(t)),
            Kind::CarbonFactors => open().and_then(|mut input| sustainability::Factors::read(&mut input)).map(|f| factors = Some(f)),
            _ => Ok(()),
        };
        if let Err(e) = result {
            errors.extend(e);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut imports = Vec::new();
    for (path, kind) in &kinds {
        let mut input = match CsvInput::open(path) {
            Ok(i) => i,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let result = match kind {
            Kind::Fingertips => fingertips::read(&mut input, meta).map(|(mut imp, raw)| {
                imp.rows = breakdown::resolve(raw, meta);
                imp
            }),
            Kind::Generic => generic::read(&mut input, areas).map(|(mut imp, raw)| {
                imp.rows = breakdown::resolve(raw, meta);
                imp
            }),
            Kind::Ae(k @ (ae::Kind::Trusts | ae::Kind::Icbs)) => ae::read(&mut input, *k, &lookups, areas, warnings),
            Kind::Ae(_) | Kind::CarbonFactors => continue,
            Kind::Beds => Ok(beds::import(beds.as_ref().expect("read above"), &lookups, warnings)),
            Kind::Discharge(k) => discharge::read(&mut input, *k, &lookups, beds.as_ref(), warnings),
            Kind::DelayReasons => delay_reasons::read(&mut input, &meta.delay_families, &lookups, beds.as_ref(), warnings),
            Kind::Eric => sustainability::read(&mut input, factors.as_ref(), warnings),
            Kind::Crosswalk => crosswalk::read(&mut input),
            Kind::Deprivation => deprivation::read(&mut input),
        };
        match result {
            Ok(imp) => imports.push(imp),
            Err(e) => errors.extend(e),
        }
    }
    if imports.iter().all(|i| i.rows.is_empty()) && errors.is_empty() {
        errors.push("no input holds values (only lookups were given)".into());
    }
    if errors.is_empty() {
        Ok(imports)
    } else {
        Err(errors)
    }
}

/// Joins errors into one message, at most 50 of them.
fn report(errors: Vec<String>) -> String {
    let n = errors.len();
    let mut lines: Vec<String> = errors.into_iter().take(50).map(|e| format!("  {e}")).collect();
    if n > 50 {
        lines.push(format!("  … and {} more", n - 50));
    }
    format!("build failed, no bundle written ({n} errors):\n{}", lines.join("\n"))
}

pub fn run(args: BuildArgs) -> Result<ExitCode, String> {
    let started = Instant::now();
    let mut warnings = Vec::new();
    let mut meta = match &args.meta {
        Some(p) => meta::load(p)?,
        None => {
            warnings.push("no --meta file: indicator and bundle metadata come from the inputs or defaults".into());
            meta::Meta::default()
        }
    };
    if let Some(n) = args.suppress_below {
        meta.bundle.suppress_below = Some(n);
    }
    let areas = match &args.areas {
        Some(p) => Some(orgs::read_areas(p).map_err(report)?),
        None => None,
    };
    let imports = read_all(&args, &meta, areas.as_ref(), &mut warnings).map_err(report)?;
    let overrides = assemble::Overrides { title: args.title.clone(), published: args.published.clone(), today: today() };
    let mut left_out = BuildReport::default();
    let (mut manifest, rows) = assemble::assemble(imports, &meta, areas.as_ref(), &overrides, &mut warnings, &mut left_out).map_err(report)?;
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    let (n_ind, n_org) = (manifest.indicators.len(), manifest.organisations.len());
    let report_csv = left_out.to_csv();
    let shapes = crate::boundaries::attach(&mut manifest, &args.boundaries, crate::boundaries::Detail::default())?;
    let mut extras: Vec<(&str, &[u8])> = vec![(REPORT_FILE, report_csv.as_bytes())];
    extras.extend(shapes.iter().map(|(p, b)| (p.as_str(), b.as_slice())));
    let written = write_bundle(&args.out, manifest, rows, EncodeOptions::default(), &extras)?;
    if left_out.omitted.is_empty() {
        eprintln!("every input row is in the bundle ({REPORT_FILE} lists none left out)");
    } else {
        eprintln!(
            "{} input rows are not in the bundle as rows of their own; each is listed with its reason in {}:",
            left_out.omitted.len(),
            args.out.join(REPORT_FILE).display()
        );
        for line in left_out.summary() {
            eprintln!("  {line}");
        }
    }
    if let Some(line) = left_out.withheld_summary() {
        eprintln!("{line}");
    }
    println!(
        "wrote {}: {n_ind} indicators, {n_org} organisations, {} rows in {} files, {} bytes, in {:.2} s",
        args.out.display(),
        written.rows,
        written.files,
        written.bytes,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
