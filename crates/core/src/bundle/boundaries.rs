//! Boundary files (format 1.2): the shapes a map draws, shipped inside the
//! bundle so a map never depends on another site. One GeoJSON file per
//! organisation type, each feature's `name` property an organisation code of
//! the bundle, listed in the manifest with its size and SHA-256 like a data
//! file, so a reader can refuse a truncated or swapped download before use.
//!
//! The engine only lists and checks them; drawing is the app's (ECharts'
//! `registerMap`), writing the CLI's.

use super::BundleError;
use serde::{Deserialize, Serialize};

/// One boundary file of the bundle, relative to the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoundaryFile {
    /// The organisation type whose areas the file draws (an `org_types` id).
    pub org_type: String,
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
    /// Features (areas) in the file.
    #[serde(default)]
    pub features: u64,
}

impl BoundaryFile {
    /// Checks downloaded `bytes` against the listed size and SHA-256.
    pub fn verify(&self, bytes: &[u8]) -> Result<(), BundleError> {
        super::checksum::verify_listed(&self.path, self.bytes, &self.sha256, bytes)
    }

    /// The name a map registers this file under: unique to its contents, so
    /// two bundles' shapes of the same type never overwrite each other.
    pub fn map_name(&self) -> String {
        let digest: String = self.sha256.chars().take(16).collect();
        format!("healthdash-{}-{digest}", self.org_type)
    }
}

/// What is wrong with the manifest's `boundaries` list, as (field, message):
/// paths must be relative `.json` files inside the bundle, listed once, each
/// organisation type at most once and known to the manifest.
pub(crate) fn boundary_problems(list: &[BoundaryFile], known_type: impl Fn(&str) -> bool) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut paths = std::collections::HashSet::new();
    let mut types = std::collections::HashSet::new();
    for (i, b) in list.iter().enumerate() {
        let field = format!("boundaries[{i}]");
        let path_ok = !b.path.is_empty()
            && !b.path.starts_with('/')
            && !b.path.contains('\\')
            && !b.path.contains(':')
            && b.path.split('/').all(|part| !part.is_empty() && part != "..")
            && b.path.ends_with(".json");
        if !path_ok {
            out.push((field.clone(), format!("path \"{}\" must be a relative path to a .json file inside the bundle", b.path)));
        }
        if !paths.insert(b.path.as_str()) {
            out.push((field.clone(), format!("path \"{}\" appears more than once", b.path)));
        }
        if b.sha256.len() != 64 || !b.sha256.chars().all(|c| c.is_ascii_hexdigit()) {
            out.push((field.clone(), format!("sha256 \"{}\" is not 64 hexadecimal digits", b.sha256)));
        }
        if !known_type(&b.org_type) {
            out.push((field.clone(), format!("org_type \"{}\" is not an organisation type of the bundle", b.org_type)));
        } else if !types.insert(b.org_type.as_str()) {
            out.push((field, format!("org_type \"{}\" has more than one boundary file", b.org_type)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(bytes: &[u8]) -> BoundaryFile {
        BoundaryFile {
            org_type: "icb".into(),
            path: "boundaries/icb.json".into(),
            bytes: bytes.len() as u64,
            sha256: super::super::sha256_hex(bytes),
            features: 1,
        }
    }

    #[test]
    fn verify_refuses_other_sizes_and_contents() {
        let f = file(b"{\"type\":\"FeatureCollection\"}");
        assert!(f.verify(b"{\"type\":\"FeatureCollection\"}").is_ok());
        assert!(matches!(f.verify(b"{}"), Err(BundleError::SizeMismatch { .. })));
        assert!(matches!(f.verify(b"{\"type\":\"FeatureCollectiom\"}"), Err(BundleError::ChecksumMismatch { .. })));
        assert!(f.map_name().starts_with("healthdash-icb-") && f.map_name().len() == "healthdash-icb-".len() + 16);
    }

    #[test]
    fn bad_paths_types_and_repeats_are_named() {
        let good = file(b"x");
        let mut bad = good.clone();
        bad.path = "../x.json".into();
        bad.org_type = "moon".into();
        let p = boundary_problems(&[good.clone(), good, bad], |t| t == "icb");
        let msgs: Vec<&str> = p.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(
            msgs,
            vec![
                "path \"boundaries/icb.json\" appears more than once",
                "org_type \"icb\" has more than one boundary file",
                "path \"../x.json\" must be a relative path to a .json file inside the bundle",
                "org_type \"moon\" is not an organisation type of the bundle",
            ]
        );
    }
}
