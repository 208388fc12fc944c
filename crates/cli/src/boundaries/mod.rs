//! Boundaries for maps, written into a bundle: `healthdash build
//! --boundaries FILE…` and `healthdash synth` read ONS boundary files
//! (GeoJSON, longitude / latitude), match their areas to the bundle's
//! organisations by code, and write one compact file per organisation type,
//! `boundaries/<type>.json`, listed in the manifest with its size and SHA-256
//! (format 1.2; `docs/bundle-format.md`).
//!
//! Matching: each file's code property is the one named `…CD`; an area's
//! code is an organisation's code, or the current code of an older code the
//! bundle uses (`code_crosswalk.csv`: `code_in_shared_data` →
//! `code_in_boundary_file`). A file belongs to the organisation type most of
//! its matched areas have; of several files for one type, the one matching
//! most organisations is used. The report says which organisations have no
//! shape and which shapes no organisation.
//!
//! Module map: [`geojson`] (reading and writing), [`simplify`] (Douglas–Peucker, rounding).

mod geojson;
mod simplify;

use healthdash_core::bundle::{sha256_hex, BoundaryFile, Organisation};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// How much detail shapes keep.
#[derive(Debug, Clone, Copy)]
pub struct Detail {
    /// Douglas–Peucker tolerance, in degrees of latitude (0.001° ≈ 111 m).
    pub tolerance: f64,
    /// Decimals kept per coordinate (3 ≈ 111 m north–south, 70 m east–west in England).
    pub decimals: u32,
}

impl Default for Detail {
    fn default() -> Detail {
        Detail { tolerance: 0.0015, decimals: 3 }
    }
}

/// Boundary files ready to write, and what the matching found.
#[derive(Debug, Default)]
pub struct Boundaries {
    /// (path inside the bundle, contents), one per organisation type.
    pub files: Vec<(String, Vec<u8>)>,
    /// Their manifest entries.
    pub listed: Vec<BoundaryFile>,
    /// Lines for the terminal: per type, what was written and what did not match.
    pub report: Vec<String>,
}

/// Reads `code_crosswalk.csv` (old code → current code), if `path` exists.
pub fn read_crosswalk(path: &Path) -> Result<Vec<(String, String)>, String> {
    if !path.is_file() {
        return Ok(Vec::new());
    }
    let mut r = csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let header = r.headers().map_err(|e| format!("{}: {e}", path.display()))?.clone();
    let col = |n: &str| header.iter().position(|h| h == n).ok_or_else(|| format!("{}: no column {n}", path.display()));
    let (old, new) = (col("code_in_shared_data")?, col("code_in_boundary_file")?);
    let mut out = Vec::new();
    for row in r.records() {
        let row = row.map_err(|e| format!("{}: {e}", path.display()))?;
        if let (Some(o), Some(n)) = (row.get(old), row.get(new)) {
            out.push((o.trim().to_string(), n.trim().to_string()));
        }
    }
    Ok(out)
}

/// Every `.geojson` file in `dir`, sorted (none when `dir` does not exist).
pub fn geojson_in(dir: &Path) -> Result<Vec<PathBuf>, String> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "geojson"))
        .collect();
    files.sort();
    Ok(files)
}

/// One input file matched to an organisation type.
struct Matched {
    file: String,
    org_type: String,
    /// (organisation code, shape) of every matched area.
    areas: Vec<(String, geojson::Shape)>,
    /// Codes in the file that name no organisation of the bundle.
    unknown: Vec<String>,
}

/// Matches `inputs` to `organisations` and simplifies the shapes (see the module docs).
/// `crosswalk` holds (old code, current code) pairs.
pub fn boundaries(inputs: &[PathBuf], organisations: &[Organisation], crosswalk: &[(String, String)], detail: Detail) -> Result<Boundaries, String> {
    let by_code: HashMap<&str, &Organisation> = organisations.iter().map(|o| (o.code.as_str(), o)).collect();
    // Current code → the older code the bundle uses, where the bundle lacks the current one.
    let older: HashMap<&str, &str> = crosswalk
        .iter()
        .filter(|(old, new)| by_code.contains_key(old.as_str()) && !by_code.contains_key(new.as_str()))
        .map(|(o, n)| (n.as_str(), o.as_str()))
        .collect();
    let resolve = |code: &str| -> Option<&Organisation> { by_code.get(code).or_else(|| older.get(code).and_then(|o| by_code.get(o))).copied() };
    let mut report = Vec::new();
    let mut matched: Vec<Matched> = Vec::new();
    for path in inputs {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| format!("{file}: cannot read: {e}"))?;
        let doc: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{file}: not JSON: {e}"))?;
        let features = doc.get("features").and_then(|f| f.as_array()).map(Vec::as_slice).unwrap_or_default();
        let Some(property) = geojson::code_property(features, |c| usize::from(resolve(c).is_some())) else {
            report.push(format!("{file}: no area code property (…CD) in its features; not used"));
            continue;
        };
        let mut areas = Vec::new();
        let mut unknown = Vec::new();
        for shape in geojson::shapes(&doc, &property, &file)? {
            match resolve(&shape.code) {
                Some(o) => areas.push((o.code.clone(), shape)),
                None => unknown.push(shape.code),
            }
        }
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for (code, _) in &areas {
            if let Some(o) = by_code.get(code.as_str()) {
                *counts.entry(o.org_type.as_str()).or_default() += 1;
            }
        }
        let Some((org_type, _)) = counts.iter().max_by_key(|(t, n)| (**n, std::cmp::Reverse(**t))) else {
            report.push(format!("{file}: none of its {} areas ({property}) is an organisation of the bundle; not used", unknown.len()));
            continue;
        };
        let org_type = org_type.to_string();
        // Areas matched to organisations of another type are not this file's.
        let (mine, others): (Vec<_>, Vec<_>) = areas.into_iter().partition(|(c, _)| by_code.get(c.as_str()).is_some_and(|o| o.org_type == org_type));
        unknown.extend(others.into_iter().map(|(c, _)| c));
        matched.push(Matched { file, org_type, areas: mine, unknown });
    }
    // One file per type: the one with most matches (the first of equals).
    let mut chosen: BTreeMap<String, Matched> = BTreeMap::new();
    for m in matched {
        match chosen.get(&m.org_type) {
            Some(best) if best.areas.len() >= m.areas.len() => {
                report.push(format!("{}: also {} areas, fewer than {} matches; not used", m.file, m.org_type, best.file));
            }
            _ => {
                if let Some(old) = chosen.insert(m.org_type.clone(), m) {
                    report.push(format!("{}: replaced by a file matching more {} areas; not used", old.file, old.org_type));
                }
            }
        }
    }
    let mut out = Boundaries { report, ..Boundaries::default() };
    for (org_type, mut m) in chosen {
        m.areas.sort_by(|a, b| a.0.cmp(&b.0));
        m.areas.dedup_by(|a, b| a.0 == b.0);
        let areas: Vec<(String, Vec<Vec<Vec<simplify::Point>>>)> =
            m.areas.iter().map(|(code, shape)| (code.clone(), geojson::simplified(shape, detail.tolerance, detail.decimals))).collect();
        let text = geojson::collection(&areas).into_bytes();
        let path = format!("boundaries/{}.json", safe(&org_type));
        let mut without: Vec<&str> =
            organisations.iter().filter(|o| o.org_type == org_type && !m.areas.iter().any(|(c, _)| *c == o.code)).map(|o| o.code.as_str()).collect();
        without.sort_unstable();
        m.unknown.sort();
        out.report.push(format!("{path}: {} areas from {}, {} bytes", areas.len(), m.file, text.len()));
        if !without.is_empty() {
            out.report.push(format!("  {} {org_type} organisations have no shape: {}", without.len(), list(&without)));
        }
        if !m.unknown.is_empty() {
            let codes: Vec<&str> = m.unknown.iter().map(String::as_str).collect();
            out.report.push(format!("  {} shapes have no {org_type} organisation: {}", codes.len(), list(&codes)));
        }
        out.listed.push(BoundaryFile { org_type, path: path.clone(), bytes: text.len() as u64, sha256: sha256_hex(&text), features: areas.len() as u64 });
        out.files.push((path, text));
    }
    Ok(out)
}

/// Adds the boundaries of `inputs` to `manifest` (matched to its
/// organisations, with the `code_crosswalk.csv` found beside any input) and
/// returns the files to write beside it; the report goes to stderr.
pub fn attach(manifest: &mut healthdash_core::bundle::Manifest, inputs: &[PathBuf], detail: Detail) -> Result<Vec<(String, Vec<u8>)>, String> {
    if inputs.is_empty() {
        return Ok(Vec::new());
    }
    let mut folders: Vec<&Path> = inputs.iter().filter_map(|p| p.parent()).collect();
    folders.dedup();
    let mut crosswalk = Vec::new();
    for folder in folders {
        crosswalk.extend(read_crosswalk(&folder.join("code_crosswalk.csv"))?);
    }
    let b = boundaries(inputs, &manifest.organisations, &crosswalk, detail)?;
    for line in &b.report {
        eprintln!("boundaries: {line}");
    }
    manifest.boundaries = b.listed;
    Ok(b.files)
}

/// Codes for a report line: the first ten, then a count.
fn list(codes: &[&str]) -> String {
    let shown = codes.iter().take(10).copied().collect::<Vec<_>>().join(", ");
    if codes.len() > 10 {
        format!("{shown} … and {} more", codes.len() - 10)
    } else {
        shown
    }
}

fn safe(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn org(code: &str, t: &str) -> Organisation {
        Organisation { code: code.into(), name: code.into(), org_type: t.into(), parents: vec![], population: None, context: BTreeMap::new(), clusters: vec![] }
    }

    fn square(code: &str, x: f64) -> String {
        format!(
            r#"{{"type":"Feature","properties":{{"NHSER24CD":"{code}","NHSER24NM":"n"}},"geometry":{{"type":"Polygon","coordinates":[[[{x},50.0],[{x1},50.0],[{x1},51.0],[{x},51.0],[{x},50.0]]]}}}}"#,
            x1 = x + 1.0
        )
    }

    #[test]
    fn areas_match_by_code_and_crosswalk_and_the_rest_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("regions.geojson");
        let features = [square("E40000003", 0.0), square("E40000013", 2.0), square("E40000099", 4.0)].join(",");
        std::fs::write(&f, format!(r#"{{"type":"FeatureCollection","features":[{features}]}}"#)).unwrap();
        let orgs = [org("E92000001", "country"), org("E40000003", "region"), org("E40000007", "region"), org("E40000005", "region")];
        let walk = vec![("E40000007".to_string(), "E40000013".to_string())];
        let b = boundaries(std::slice::from_ref(&f), &orgs, &walk, Detail::default()).unwrap();
        assert_eq!(b.listed.len(), 1);
        let l = &b.listed[0];
        assert_eq!((l.org_type.as_str(), l.path.as_str(), l.features), ("region", "boundaries/region.json", 2));
        let (path, bytes) = &b.files[0];
        assert_eq!((path.as_str(), bytes.len() as u64, sha256_hex(bytes)), (l.path.as_str(), l.bytes, l.sha256.clone()));
        let doc: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        let names: Vec<&str> = doc["features"].as_array().unwrap().iter().map(|f| f["properties"]["name"].as_str().unwrap()).collect();
        assert_eq!(names, vec!["E40000003", "E40000007"], "the current code E40000013 is written as the bundle's E40000007");
        assert!(b.report[0].starts_with("boundaries/region.json: 2 areas from "), "{:?}", b.report);
        assert_eq!(b.report[1], "  1 region organisations have no shape: E40000005");
        assert_eq!(b.report[2], "  1 shapes have no region organisation: E40000099");
        // Without the crosswalk, the renamed region has no shape and its shape no organisation.
        let b = boundaries(&[f], &orgs, &[], Detail::default()).unwrap();
        assert_eq!(b.listed[0].features, 1);
        assert!(b.report[1].ends_with("E40000005, E40000007") && b.report[2].ends_with("E40000013, E40000099"), "{:?}", b.report);
    }

    #[test]
    fn a_file_matching_nothing_is_named_and_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("x.geojson");
        std::fs::write(&f, format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, square("E99", 0.0))).unwrap();
        let b = boundaries(&[f], &[org("E40000003", "region")], &[], Detail::default()).unwrap();
        assert!(b.files.is_empty());
        assert!(b.report[0].ends_with("none of its 1 areas (NHSER24CD) is an organisation of the bundle; not used"), "{:?}", b.report);
        assert!(geojson_in(Path::new("/no/such/folder")).unwrap().is_empty());
    }
}
