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
//!
//! `release=` opens a release the folder keeps (`releases/<id>/`, listed in
//! `releases.json`), as the app does; one it does not keep gives the current
//! release and a notice. `--recipe FILE` replays an export's recipe (the app's
//! "Download recipe"): its query on its release — which must be in the folder,
//! or the replay is refused — printed as the app's CSV download, recipe block
//! included, byte for byte.

use clap::Args;
use healthdash_core::bundle::{parse_releases, DataFile, Manifest, ReleaseIndex, RELEASES_FILE};
use healthdash_core::chart::charts_for;
use healthdash_core::table::Dataset;
use healthdash_core::view::{choose_release, compute, csv_with_recipe, files_needed, parse_query, parse_recipe, pin_release, resolve, view_csv, Recipe};
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
    /// Replay an export's recipe (the app's "Download recipe" JSON): its view of its release,
    /// printed as the app's CSV download with the recipe block.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["csv", "charts"])]
    recipe: Option<PathBuf>,
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

fn read_manifest(path: &Path) -> Result<Manifest, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    Manifest::from_json(&path.display().to_string(), &text).map_err(|e| e.to_string())
}

/// The folder's `releases.json`, None when it has none (one release).
fn release_index(dir: &Path) -> Result<Option<ReleaseIndex>, String> {
    let path = dir.join(RELEASES_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => parse_releases(&path.display().to_string(), &text).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: cannot read: {e}", path.display())),
    }
}

pub fn run(args: QueryArgs) -> Result<ExitCode, String> {
    let recipe: Option<Recipe> = match &args.recipe {
        Some(path) => {
            if !args.query.is_empty() {
                return Err("give either a query string or --recipe, not both".into());
            }
            let text = std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
            Some(parse_recipe(&path.display().to_string(), &text)?)
        }
        None => None,
    };
    let query = recipe.as_ref().map_or(args.query.as_str(), |r| r.query.as_str());
    let current = read_manifest(&args.dir.join("manifest.json"))?;
    let index = release_index(&args.dir)?;
    let raw = parse_query(query);
    // The release to show: the recipe's (which must be here), else the link's.
    let asked = recipe.as_ref().map(|r| r.release.clone()).or_else(|| raw.release.clone());
    let (kept, release_notice) = choose_release(asked.as_deref(), &current, index.as_ref());
    if let (Some(r), Some(_)) = (&recipe, &release_notice) {
        return Err(format!(
            "{}: release {} of this bundle is not here (it holds release {}); the recipe cannot be replayed",
            args.dir.display(),
            r.release,
            current.release_id()
        ));
    }
    let (dir, manifest) = match kept {
        Some(k) => {
            let path = args.dir.join(&k.manifest);
            let m = read_manifest(&path)?;
            (path.parent().map(Path::to_path_buf).unwrap_or_else(|| args.dir.clone()), m)
        }
        None => (args.dir.clone(), current),
    };
    let (mut state, mut notices) = resolve(raw, &manifest);
    notices.extend(release_notice);
    pin_release(&mut state, &manifest, index.as_ref());
    let mut dataset = Dataset::new(manifest);
    let needed: Vec<DataFile> = files_needed(&dataset, &state).into_iter().cloned().collect();
    for file in &needed {
        let bytes = read_file(&dir, file)?;
        dataset.add_file(file, &bytes).map_err(|e| e.to_string())?;
    }
    let mut result = compute(&dataset, &state);
    notices.append(&mut result.notices);
    if let Some(r) = &recipe {
        emit(&csv_with_recipe(&result, r))?;
        for n in &notices {
            eprintln!("healthdash: notice: {n}");
        }
    } else if args.charts {
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
