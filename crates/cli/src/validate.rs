//! `healthdash validate <dir>`: reads a bundle folder and lists every problem.
//!
//! The rules themselves live in `healthdash_core::bundle::check_bundle` (pure,
//! shared with `healthdash build`); this module only reads files and prints.
//! Exit 0 when the bundle is valid, 1 when it has problems (each printed as
//! `file: row N, column "c": message`), 2 when the folder cannot be read.
//! `healthdash index` checks the manifest it is about to write with the same
//! function, [`report`], before it writes it.

use healthdash_core::bundle::check_bundle;
use std::path::Path;
use std::process::ExitCode;

pub fn run(dir: &Path) -> Result<ExitCode, String> {
    let manifest_path = dir.join("manifest.json");
    let text = std::fs::read_to_string(&manifest_path).map_err(|e| format!("{}: cannot read: {e}", manifest_path.display()))?;
    Ok(if report(dir, &text) { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Checks the bundle in `dir` described by `manifest_json` (its
/// `manifest.json`, or one about to be written there) against every rule,
/// reading one values file at a time, and prints the outcome: a summary line
/// when valid, else every problem. Returns whether it is valid.
pub fn report(dir: &Path, manifest_json: &str) -> bool {
    let (problems, manifest) = check_bundle("manifest.json", manifest_json, |path| {
        // Paths are checked for ".." and absolute forms by check_manifest;
        // refuse them here too rather than read outside the bundle.
        if path.split('/').any(|p| p == ".." || p.is_empty()) || path.starts_with('/') {
            return None;
        }
        std::fs::read(dir.join(path)).ok()
    });
    if problems.is_empty() {
        if let Some(m) = manifest {
            let rows: u64 = m.files.iter().map(|f| f.rows).sum();
            println!(
                "{}: valid bundle (format {}): {} indicators, {} organisations, {rows} rows in {} files",
                dir.display(),
                m.format_version,
                m.indicators.len(),
                m.organisations.len(),
                m.files.len()
            );
        }
        return true;
    }
    for p in &problems {
        println!("{}: {p}", dir.display());
    }
    eprintln!("{}: {} problems", dir.display(), problems.len());
    false
}
