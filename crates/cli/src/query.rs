//! `healthdash query <bundle-dir> '<url query string>'`: every figure of the
//! view a link shows, as JSON — or, with `--csv`, the view's table exactly as
//! the app's CSV download gives it; or, with `--charts`, the charts the app
//! draws for it (key and accessible name, in page order).
//!
//! It runs the app's own code path (`healthdash_core::view`): parse and
//! resolve the query string against the manifest, load only the files the
//! view needs (each checked against the manifest's size and SHA-256), compute.
//! Notices about ignored parameters lead the JSON's `notices`; with `--csv`
//! they go to stderr. Exit 0 with an answer, 2 when the bundle cannot be read.

use clap::Args;
use healthdash_core::bundle::{DataFile, Manifest};
use healthdash_core::chart::charts_for;
use healthdash_core::table::Dataset;
use healthdash_core::view::{compute, files_needed, parse_query, resolve, view_csv};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args)]
pub struct QueryArgs {
    /// The bundle folder (holding manifest.json).
    dir: PathBuf,
    /// The view's URL query string as the app writes it, e.g. 'view=trend&org=E54000008&ind=ae_4_hours' (empty: the default view).
    #[arg(default_value = "")]
    query: String,
    /// Print the view's table as CSV (the app's download) instead of JSON.
    #[arg(long)]
    csv: bool,
    /// Print the charts the app draws for the view (key and accessible name, JSON) instead.
    #[arg(long, conflicts_with = "csv")]
    charts: bool,
}

/// One chart as `--charts` lists it.
#[derive(serde::Serialize)]
struct ChartEntry<'a> {
    key: &'a str,
    name: &'a str,
}

fn read_file(dir: &Path, file: &DataFile) -> Result<Vec<u8>, String> {
    if file.path.starts_with('/') || file.path.split('/').any(|p| p == ".." || p.is_empty()) {
        return Err(format!("{}: the manifest lists a path outside the bundle", file.path));
    }
    let path = dir.join(&file.path);
    std::fs::read(&path).map_err(|e| format!("{}: cannot read: {e}", path.display()))
}

/// Writes to stdout; a reader that stops early (`| head`) is not an error.
fn emit(text: &str) -> Result<(), String> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("cannot write the answer: {e}")),
        _ => Ok(()),
    }
}

pub fn run(args: QueryArgs) -> Result<ExitCode, String> {
    let manifest_path = args.dir.join("manifest.json");
    let text = std::fs::read_to_string(&manifest_path).map_err(|e| format!("{}: cannot read: {e}", manifest_path.display()))?;
    let manifest = Manifest::from_json("manifest.json", &text).map_err(|e| e.to_string())?;
    let (state, mut notices) = resolve(parse_query(&args.query), &manifest);
    let mut dataset = Dataset::new(manifest);
    let needed: Vec<DataFile> = files_needed(&dataset, &state).into_iter().cloned().collect();
    for file in &needed {
        let bytes = read_file(&args.dir, file)?;
        dataset.add_file(file, &bytes).map_err(|e| e.to_string())?;
    }
    let mut result = compute(&dataset, &state);
    notices.append(&mut result.notices);
    if args.charts {
        let charts = charts_for(&result);
        let entries: Vec<ChartEntry> = charts.iter().map(|c| ChartEntry { key: c.key, name: &c.name }).collect();
        let json = serde_json::to_string_pretty(&entries).map_err(|e| format!("cannot write JSON: {e}"))?;
        emit(&format!("{json}\n"))?;
    } else if args.csv {
        emit(&view_csv(&result))?;
        for n in &notices {
            eprintln!("healthdash: notice: {n}");
        }
    } else {
        result.notices = notices;
        let json = serde_json::to_string_pretty(&result).map_err(|e| format!("cannot write JSON: {e}"))?;
        emit(&format!("{json}\n"))?;
    }
    Ok(ExitCode::SUCCESS)
}
