//! Writes a bundle folder atomically: every file goes into a temporary sibling
//! folder, which is moved into place only when all of it has been written, so a
//! failure never leaves a half-written bundle where the old one was.

use healthdash_core::bundle::{encode_values, sha256_hex, DataFile, EncodeOptions, Manifest, ValueRow};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// What [`write_bundle`] wrote.
#[derive(Debug)]
pub struct Written {
    pub files: usize,
    pub rows: usize,
    pub bytes: u64,
}

/// The file name for an indicator's values: its id with anything outside
/// `[A-Za-z0-9_-]` replaced by `_`.
pub fn values_path(indicator: &str) -> String {
    let safe: String = indicator.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
    format!("values/{safe}.parquet")
}

/// Writes `manifest` (its `files` list is replaced) and one Parquet file per
/// indicator into `out`, replacing any bundle already there.
///
/// Rows are sorted by organisation, period start, breakdown type and value
/// before encoding, so the same input always gives byte-identical files.
pub fn write_bundle(out: &Path, mut manifest: Manifest, mut rows: Vec<ValueRow>, options: EncodeOptions) -> Result<Written, String> {
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| format!("{}: cannot create folder: {e}", parent.display()))?;
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "bundle".into());
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = write_into(&tmp, &mut manifest, &mut rows, options);
    match result {
        Ok(written) => {
            if out.exists() {
                fs::remove_dir_all(out).map_err(|e| format!("{}: cannot replace existing bundle: {e}", out.display()))?;
            }
            fs::rename(&tmp, out).map_err(|e| format!("{}: cannot move bundle into place: {e}", out.display()))?;
            Ok(written)
        }
        Err(e) => {
            let _ = fs::remove_dir_all(&tmp);
            Err(e)
        }
    }
}

fn write_into(dir: &PathBuf, manifest: &mut Manifest, rows: &mut [ValueRow], options: EncodeOptions) -> Result<Written, String> {
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    fs::create_dir_all(dir.join("values")).map_err(|e| format!("{}: cannot create folder: {e}", dir.display()))?;
    rows.sort_by(|a, b| {
        (a.indicator.as_str(), a.org.as_str(), a.period_start, a.breakdown_type, a.breakdown_value.as_str()).cmp(&(
            b.indicator.as_str(),
            b.org.as_str(),
            b.period_start,
            b.breakdown_type,
            b.breakdown_value.as_str(),
        ))
    });
    let mut by_indicator: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        let e = by_indicator.entry(r.indicator.as_str()).or_insert((i, i));
        e.1 = i + 1;
    }
    let mut files = Vec::new();
    let mut bytes_total = 0;
    for (indicator, (from, to)) in &by_indicator {
        let bytes = encode_values(&rows[*from..*to], options).map_err(|e| format!("{indicator}: {e}"))?;
        let path = values_path(indicator);
        fs::write(dir.join(&path), &bytes).map_err(|e| format!("{}: {e}", dir.join(&path).display()))?;
        bytes_total += bytes.len() as u64;
        files.push(DataFile { path, bytes: bytes.len() as u64, sha256: sha256_hex(&bytes), indicators: vec![indicator.to_string()], rows: (to - from) as u64 });
    }
    let count = files.len();
    manifest.files = files;
    let json = manifest.to_json();
    bytes_total += json.len() as u64;
    fs::write(dir.join("manifest.json"), json).map_err(|e| format!("{}: {e}", dir.join("manifest.json").display()))?;
    Ok(Written { files: count, rows: rows.len(), bytes: bytes_total })
}
