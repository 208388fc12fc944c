//! `healthdash index DIR --meta META.toml [--areas AREAS.csv]`: the manifest
//! for values another engine wrote.
//!
//! DuckDB, Spark or any Parquet writer can compute a bundle's values at a
//! scale one machine's memory would not hold, but only healthdash knows the
//! manifest: checksums, row counts, each indicator's periods, the files'
//! organisation types, the organisations and their hierarchy. This command
//! reads the values files under `DIR/values/` one at a time ([`scan`]: decode,
//! note what the manifest needs, drop), takes the indicators' metadata from
//! the same `--meta` file `healthdash build` reads and the organisations'
//! names, types and parents from `--areas` (or codes' patterns), checks the
//! result exactly as `healthdash validate` does, and only then writes
//! `DIR/manifest.json`, atomically. Where the files may sit is [`layout`].

mod layout;
mod scan;

use crate::build::orgs::{read_areas, OrgTable};
use crate::build::{catalogue, meta};
use crate::write::write_file_atomically;
use clap::Args;
use healthdash_core::bundle::{DataFile, Manifest, PeriodDef, RatingRule, FORMAT_VERSION};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Args)]
pub struct IndexArgs {
    /// The bundle folder: values files under DIR/values/ (any .parquet file
    /// there; values/<indicator>/<org_type>.parquet states the type), the
    /// manifest written to DIR/manifest.json.
    dir: PathBuf,
    /// Indicator and bundle metadata (the TOML `healthdash build` reads; see docs/bundle-format.md).
    #[arg(long)]
    meta: PathBuf,
    /// An areas table (AreaCode, AreaName, AreaType, Level, Children) naming
    /// the organisations, with their types and parents.
    #[arg(long)]
    areas: Option<PathBuf>,
}

/// Joins errors into one message, at most 50 of them.
fn failed(errors: Vec<String>) -> String {
    let n = errors.len();
    let mut lines: Vec<String> = errors.into_iter().take(50).map(|e| format!("  {e}")).collect();
    if n > 50 {
        lines.push(format!("  … and {} more", n - 50));
    }
    format!("index failed, no manifest written ({n} errors):\n{}", lines.join("\n"))
}

pub fn run(args: IndexArgs) -> Result<ExitCode, String> {
    let started = Instant::now();
    let meta = meta::load(&args.meta)?;
    let areas = match &args.areas {
        Some(p) => Some(read_areas(p).map_err(failed)?),
        None => None,
    };
    let dir = &args.dir;
    let (paths, skipped) = layout::values_files(dir)?;
    let mut gathered = scan::Gathered::default();
    let mut errors = Vec::new();
    let mut scanned = Vec::new();
    for path in &paths {
        match scan::scan(dir, path, &mut gathered) {
            Ok(s) => scanned.push(s),
            Err(e) => errors.push(e),
        }
    }

    // Organisations: the type a file's place states, then --areas, then the code's pattern.
    let mut table = OrgTable::default();
    let mut typed_by: HashMap<&str, (&str, &str)> = HashMap::new();
    let stated: Vec<Option<String>> = scanned.iter().map(|s| layout::stated_type(&s.path, &s.indicators)).collect();
    for (s, t) in scanned.iter().zip(&stated) {
        // Organisations whose type contradicts another file's or --areas, by where it is stated.
        let mut clashes: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for code in &s.orgs {
            if let Some(t) = t {
                match typed_by.get(code.as_str()) {
                    Some((other, file)) if other != t => clashes.entry(format!("also in {file}, of type \"{other}\"")).or_default().push(code),
                    Some(_) => {}
                    None => {
                        typed_by.insert(code, (t, &s.path));
                    }
                }
                if let Some((file, a)) = areas.as_ref().and_then(|a| a.by_code.get(code).map(|x| (&a.file, x))) {
                    if !a.org_type.is_empty() && a.org_type != *t {
                        clashes.entry(format!("{file} gives type \"{}\"", a.org_type)).or_default().push(code);
                    }
                }
            }
            table.add(code, "", t.as_deref().unwrap_or(""), None);
        }
        for (where_else, codes) in clashes {
            let more = if codes.len() > 1 { format!(" and {} more are", codes.len() - 1) } else { " is".to_string() };
            let t = t.as_deref().unwrap_or_default();
            errors.push(format!(
                "{}: organisation \"{}\"{more} in a file of type \"{t}\" (values/<indicator>/<type>.parquet), but {where_else}",
                s.path, codes[0]
            ));
        }
    }
    for id in gathered.order.iter().filter(|id| meta.indicators.get(*id).is_some_and(|m| m.skip)) {
        let file = scanned.iter().find(|s| s.indicators.contains(id)).map_or("", |s| s.path.as_str());
        errors.push(format!("{file}: holds indicator {id}, which {} marks skip = true: remove its rows or the setting", args.meta.display()));
    }
    if !errors.is_empty() {
        return Err(failed(errors));
    }

    let mut warnings = Vec::new();
    let (organisations, org_types) = table.finish(areas.as_ref(), &mut warnings);
    let type_of: HashMap<&str, &str> = organisations.iter().map(|o| (o.code.as_str(), o.org_type.as_str())).collect();
    let files: Vec<DataFile> = scanned
        .iter()
        .zip(stated)
        .map(|(s, t)| {
            let org_types = match t {
                Some(t) => vec![t],
                None => s.orgs.iter().filter_map(|c| type_of.get(c.as_str())).map(|t| t.to_string()).collect::<BTreeSet<_>>().into_iter().collect(),
            };
            DataFile {
                path: s.path.clone(),
                bytes: s.bytes,
                sha256: s.sha256.clone(),
                indicators: s.indicators.clone(),
                org_types,
                breakdown_rows: s.breakdown_rows.clone(),
                rows: s.rows,
            }
        })
        .collect();
    let mut indicators = Vec::new();
    for id in &gathered.order {
        let evidence = gathered.evidence.get(id).cloned().unwrap_or_default();
        let mut ind = catalogue::indicator(id, None, meta.indicators.get(id), &evidence, &mut warnings);
        ind.periods = gathered.periods.remove(id).unwrap_or_default().into_iter().map(|(s, e, l)| PeriodDef::of(s, e, &l)).collect();
        ind.breakdowns = gathered.combinations.remove(id).unwrap_or_default().into_iter().collect();
        indicators.push(ind);
    }
    for id in meta.indicators.keys().filter(|id| !gathered.order.contains(id) && !meta.indicators[*id].skip) {
        warnings.push(format!("the meta file describes indicator {id}, but no values file holds it"));
    }
    let domains = catalogue::domains(&meta, &[], &indicators, &mut warnings);
    // Each dim_ column becomes a dimension: the format's standard ones
    // (sex, age, ethnicity, deprivation_decile, deprivation_quintile) as
    // documented, any other of kind "other" named after its id, with the
    // categories the values use; the meta file may describe them.
    let dimensions = catalogue::dimensions(gathered.cuts.iter(), &meta.dimensions);
    let b = &meta.bundle;
    let mut text = |field: &str, stated: Option<String>, fallback: String| crate::build::meta::stated_or(field, stated, fallback, &mut warnings);
    let mut manifest = Manifest {
        format_version: FORMAT_VERSION.into(),
        title: text("title", b.title.clone(), "healthdash bundle".into()),
        description: b.description.clone().unwrap_or_default(),
        publisher: text("publisher", b.publisher.clone(), "not stated".into()),
        licence: text("licence", b.licence.clone(), "not stated".into()),
        attribution: text("attribution", b.attribution.clone(), "not stated".into()),
        published: text("published", b.published.clone(), crate::build::today()),
        release: b.release.clone().filter(|r| !r.trim().is_empty()),
        demonstration: b.demonstration,
        files,
        domains,
        rating_rule: RatingRule::default(),
        breakdowns: vec![],
        dimensions,
        suppression: meta.bundle.suppression.clone(),
        indicators,
        organisations,
        org_types,
        context_variables: vec![],
        peer_clusters: vec![],
        boundaries: vec![],
    };
    manifest.format_version = manifest.lowest_version().into();
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    let json = manifest.to_json();
    if !crate::validate::report(dir, &json) {
        eprintln!("{}: the manifest indexed from these values breaks the rules above; no manifest written", dir.display());
        return Ok(ExitCode::from(1));
    }
    let rows: u64 = manifest.files.iter().map(|f| f.rows).sum();
    write_file_atomically(&dir.join("manifest.json"), json.as_bytes())?;
    let others = if skipped > 0 { format!(" ({skipped} other files under values/ skipped)") } else { String::new() };
    println!(
        "wrote {}: {} indicators, {} organisations, {rows} rows in {} files{others}, in {:.2} s",
        dir.join("manifest.json").display(),
        manifest.indicators.len(),
        manifest.organisations.len(),
        manifest.files.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
