//! Releases: which publication of a bundle a link shows, and the earlier
//! publications a host keeps beside the current one.
//!
//! A bundle's release id is its manifest's `release`, else its `published`
//! date ([`Manifest::release_id`]). A host that keeps earlier releases serves
//! each as a whole bundle folder under the current one,
//! `releases/<id>/manifest.json` with its own data files, and lists them in
//! `releases.json` beside the current manifest ([`ReleaseIndex`], written by
//! `healthdash catalogue`). A bundle without that file has one release. The
//! layout is documented in `docs/bundle-format.md` ("Releases").

use super::Manifest;
use serde::{Deserialize, Serialize};

/// The file beside a bundle's `manifest.json` that lists its kept releases.
pub const RELEASES_FILE: &str = "releases.json";

/// At most this many kept releases are read.
pub const MAX_RELEASES: usize = 500;

/// The longest release id.
const MAX_ID_CHARS: usize = 64;

/// An earlier release a host keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptRelease {
    /// Its release id (`2025-06-01`).
    pub id: String,
    /// Its manifest, relative to the current bundle's folder
    /// (`releases/2025-06-01/manifest.json`, see [`kept_manifest_path`]).
    pub manifest: String,
    /// Its publication date.
    #[serde(default)]
    pub published: String,
}

/// `releases.json`: the release the bundle folder holds now, and the earlier
/// releases kept beside it, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseIndex {
    pub current: String,
    #[serde(default)]
    pub kept: Vec<KeptRelease>,
}

impl Manifest {
    /// The bundle's release id: `release` when set, else the publication date.
    pub fn release_id(&self) -> &str {
        self.release.as_deref().filter(|r| !r.trim().is_empty()).unwrap_or(&self.published)
    }
}

/// Why `id` cannot be a release id (it names a folder in a URL), if it cannot.
pub fn id_problem(id: &str) -> Option<String> {
    let ok_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if id.is_empty() || id.chars().count() > MAX_ID_CHARS {
        Some(format!("\"{id}\" is not a release id: it must be 1 to {MAX_ID_CHARS} characters"))
    } else if !id.chars().all(ok_char) || id.starts_with('.') {
        Some(format!("\"{id}\" is not a release id: use letters, digits, '-', '_' and '.' only, not starting with '.'"))
    } else {
        None
    }
}

/// Where a kept release's manifest sits, relative to the current bundle folder.
pub fn kept_manifest_path(id: &str) -> String {
    format!("releases/{id}/manifest.json")
}

/// Reads `releases.json`; errors name the file and what is wrong. Every kept
/// release must have a valid id, not the current one, listed once, with its
/// manifest at [`kept_manifest_path`] (so a link can only ever open a folder
/// of this bundle).
pub fn parse_releases(file: &str, text: &str) -> Result<ReleaseIndex, String> {
    let index: ReleaseIndex = serde_json::from_str(text).map_err(|e| format!("{file}: not a release list ({{\"current\": ID, \"kept\": [...]}}): {e}"))?;
    if index.kept.len() > MAX_RELEASES {
        return Err(format!("{file}: lists {} releases; at most {MAX_RELEASES} are read", index.kept.len()));
    }
    for (i, r) in index.kept.iter().enumerate() {
        if let Some(problem) = id_problem(&r.id) {
            return Err(format!("{file}: kept release {}: {problem}", i + 1));
        }
        if r.manifest != kept_manifest_path(&r.id) {
            return Err(format!("{file}: kept release {}: its manifest must be {}, not \"{}\"", r.id, kept_manifest_path(&r.id), r.manifest));
        }
        if r.id == index.current || index.kept.iter().take(i).any(|o| o.id == r.id) {
            return Err(format!("{file}: release {} is listed more than once", r.id));
        }
    }
    Ok(index)
}

/// `releases.json` as `healthdash catalogue` writes it: pretty, with a final newline.
pub fn releases_json(index: &ReleaseIndex) -> String {
    let mut s = serde_json::to_string_pretty(index).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_release_is_its_publication_date_unless_set() {
        let mut m = Manifest::parse(
            "manifest.json",
            r#"{"format_version":"1.2","title":"T","publisher":"P","licence":"L","attribution":"A","published":"2024-06-01"}"#,
        )
        .unwrap();
        assert_eq!(m.release_id(), "2024-06-01");
        m.release = Some("2024-06-01b".into());
        assert_eq!(m.release_id(), "2024-06-01b");
        m.release = Some(" ".into());
        assert_eq!(m.release_id(), "2024-06-01");
    }

    #[test]
    fn release_ids_are_safe_folder_names() {
        assert_eq!(id_problem("2025-06-01"), None);
        assert_eq!(id_problem("v1.2_rev"), None);
        for bad in ["", "..", "../x", "a/b", "a b", "é", &"x".repeat(65)] {
            assert!(id_problem(bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn the_release_list_reads_back_and_bad_lists_are_named() {
        let index = ReleaseIndex {
            current: "2026-01-10".into(),
            kept: vec![KeptRelease { id: "2025-06-01".into(), manifest: kept_manifest_path("2025-06-01"), published: "2025-06-01".into() }],
        };
        assert_eq!(parse_releases("releases.json", &releases_json(&index)), Ok(index));
        let e = parse_releases("r.json", r#"{"current": "b", "kept": [{"id": "a", "manifest": "../../x/manifest.json"}]}"#).unwrap_err();
        assert_eq!(e, "r.json: kept release a: its manifest must be releases/a/manifest.json, not \"../../x/manifest.json\"");
        let e = parse_releases("r.json", r#"{"current": "a", "kept": [{"id": "a", "manifest": "releases/a/manifest.json"}]}"#).unwrap_err();
        assert_eq!(e, "r.json: release a is listed more than once");
        assert!(parse_releases("r.json", r#"{"current": "a", "kept": [{"id": "../a", "manifest": "releases/../a/manifest.json"}]}"#)
            .unwrap_err()
            .contains("not a release id"));
        assert!(parse_releases("r.json", "[]").unwrap_err().starts_with("r.json: not a release list"));
    }
}
