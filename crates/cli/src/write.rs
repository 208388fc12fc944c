//! Writes a bundle folder atomically: every file goes into a temporary sibling
//! folder, which is moved into place only when all of it has been written, so a
//! failure never leaves a half-written bundle where the old one was.

use healthdash_core::bundle::{encode_values, sha256_hex, DataFile, EncodeOptions, Manifest, PeriodDef, ValueRow};
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

/// What [`write_bundle`] wrote.
#[derive(Debug)]
pub struct Written {
    pub files: usize,
    pub rows: usize,
    pub bytes: u64,
}

/// The file for an indicator's values of one organisation type:
/// `values/<indicator>/<type>.parquet`, or `values/<indicator>.parquet` when
/// not split by type, with anything outside `[A-Za-z0-9_-]` replaced by `_`.
pub fn values_path(indicator: &str, org_type: Option<&str>) -> String {
    let safe = |s: &str| -> String { s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect() };
    match org_type {
        Some(t) => format!("values/{}/{}.parquet", safe(indicator), safe(t)),
        None => format!("values/{}.parquet", safe(indicator)),
    }
}

/// Writes `manifest` (its `files` list and its indicators' `periods` are
/// replaced) and one Parquet file per indicator and organisation type into
/// `out`, replacing any bundle already there.
///
/// Files are split by organisation type so that a view downloads only the
/// types it shows (`healthdash_core::view::files_needed`): England's overview needs the
/// country's rows, not every local authority's. Each indicator lists every
/// period it has over all its files, so "latest" never depends on which files
/// a browser happens to have loaded.
///
/// Rows are sorted by organisation, period start, breakdown type and value
/// before encoding, so the same input always gives byte-identical files.
///
/// `extras` are other files written beside `manifest.json` in the same
/// atomic move (the build report, boundary files), as (path inside the
/// bundle, contents).
pub fn write_bundle(out: &Path, mut manifest: Manifest, mut rows: Vec<ValueRow>, options: EncodeOptions, extras: &[(&str, &[u8])]) -> Result<Written, String> {
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| format!("{}: cannot create folder: {e}", parent.display()))?;
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "bundle".into());
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = write_into(&tmp, &mut manifest, &mut rows, options).and_then(|written| {
        for (file, contents) in extras {
            let full = tmp.join(file);
            if let Some(folder) = full.parent() {
                fs::create_dir_all(folder).map_err(|e| format!("{}: cannot create folder: {e}", folder.display()))?;
            }
            fs::write(&full, contents).map_err(|e| format!("{}: {e}", full.display()))?;
        }
        Ok(written)
    });
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
    let types: HashMap<&str, &str> = manifest.organisations.iter().map(|o| (o.code.as_str(), o.org_type.as_str())).collect();
    if let Some(r) = rows.iter().find(|r| !types.contains_key(r.org.as_str())) {
        return Err(format!("{}: organisation \"{}\" is not in the manifest's organisations", r.indicator, r.org));
    }
    let type_of = |r: &ValueRow| types.get(r.org.as_str()).copied().unwrap_or_default();
    rows.sort_by(|a, b| {
        (a.indicator.as_str(), type_of(a), a.org.as_str(), a.period_start, a.breakdown_type, a.breakdown_value.as_str()).cmp(&(
            b.indicator.as_str(),
            type_of(b),
            b.org.as_str(),
            b.period_start,
            b.breakdown_type,
            b.breakdown_value.as_str(),
        ))
    });
    let mut parts: BTreeMap<(&str, &str), (usize, usize)> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        let e = parts.entry((r.indicator.as_str(), type_of(r))).or_insert((i, i));
        e.1 = i + 1;
    }
    let mut files = Vec::new();
    let mut bytes_total = 0;
    for ((indicator, org_type), (from, to)) in &parts {
        let bytes = encode_values(&rows[*from..*to], options).map_err(|e| format!("{indicator}: {e}"))?;
        let path = values_path(indicator, Some(org_type));
        let full = dir.join(&path);
        if let Some(folder) = full.parent() {
            fs::create_dir_all(folder).map_err(|e| format!("{}: cannot create folder: {e}", folder.display()))?;
        }
        fs::write(&full, &bytes).map_err(|e| format!("{}: {e}", full.display()))?;
        bytes_total += bytes.len() as u64;
        files.push(DataFile {
            path,
            bytes: bytes.len() as u64,
            sha256: sha256_hex(&bytes),
            indicators: vec![indicator.to_string()],
            org_types: vec![org_type.to_string()],
            rows: (to - from) as u64,
        });
    }
    let mut periods = PeriodDef::by_indicator(rows);
    for ind in &mut manifest.indicators {
        ind.periods = periods.remove(ind.id.as_str()).unwrap_or_default();
    }
    let count = files.len();
    manifest.files = files;
    let json = manifest.to_json();
    bytes_total += json.len() as u64;
    fs::write(dir.join("manifest.json"), json).map_err(|e| format!("{}: {e}", dir.join("manifest.json").display()))?;
    Ok(Written { files: count, rows: rows.len(), bytes: bytes_total })
}
