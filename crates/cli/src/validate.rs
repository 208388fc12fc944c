//! `healthdash validate <dir>`: reads a bundle folder and lists every problem.
//!
//! The rules themselves live in `healthdash_core::bundle::check_bundle` (pure,
//! shared with `healthdash build`); this module only reads files and prints.
//! Exit 0 when the bundle is valid, 1 when it has problems (each printed as
//! `file: row N, column "c": message`), 2 when the folder cannot be read.

use healthdash_core::bundle::check_bundle;
use std::path::Path;
use std::process::ExitCode;

pub fn run(dir: &Path) -> Result<ExitCode, String> {
    let manifest_path = dir.join("manifest.json");
    let text = std::fs::read_to_string(&manifest_path).map_err(|e| format!("{}: cannot read: {e}", manifest_path.display()))?;
    let (problems, manifest) = check_bundle("manifest.json", &text, |path| {
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
        return Ok(ExitCode::SUCCESS);
    }
    for p in &problems {
        println!("{}: {p}", dir.display());
    }
    eprintln!("{}: {} problems", dir.display(), problems.len());
    Ok(ExitCode::from(1))
}
