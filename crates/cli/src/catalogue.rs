//! `healthdash catalogue --out SITE/catalogue.json BUNDLE…`: the site's list of
//! bundles for the app's landing page, written from each bundle's manifest
//! (title, publisher, licence, levels, periods, size, demonstration or real).
//!
//! Releases: earlier releases a host keeps sit inside a bundle folder as
//! `releases/<id>/manifest.json` (each a whole bundle). For each bundle this
//! command lists them in its catalogue entry and writes `releases.json`
//! beside its manifest (newest first), which the app reads to open a link's
//! `release=` — for every bundle, with an empty `kept` when it keeps none, so
//! the app's request for it is never a 404 on a catalogued bundle. See
//! "Releases" in `docs/bundle-format.md`.
//!
//! Each bundle folder must sit under the catalogue's folder, so that its
//! `manifest` URL is relative and the site works under any sub-path of any
//! static host. Entries keep the order given. The file is written whole or
//! not at all (a temporary sibling, then a rename).

use clap::Args;
use healthdash_core::bundle::{
    catalogue_json, kept_manifest_path, release_id_problem, releases_json, CatalogueEntry, KeptRelease, Manifest, ReleaseIndex, RELEASES_FILE,
};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

#[derive(Args)]
pub struct CatalogueArgs {
    /// The catalogue file to write, at the root of the site (e.g. dist/catalogue.json).
    #[arg(long)]
    out: PathBuf,
    /// Bundle folders (each holding manifest.json), under the catalogue's folder.
    #[arg(required = true)]
    bundles: Vec<PathBuf>,
}

/// `path` relative to `base` as a URL path, when it lies under it.
fn relative_url(base: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(base).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| if let Component::Normal(p) = c { p.to_str() } else { None }).collect();
    let parts = parts?;
    (!parts.is_empty()).then(|| parts.join("/"))
}

fn absolute(p: &Path) -> Result<PathBuf, String> {
    std::fs::canonicalize(p).map_err(|e| format!("{}: {e}", p.display()))
}

/// The releases kept in `dir/releases/<id>/manifest.json`, newest first (by
/// publication date, then id). Each must be a readable manifest whose release
/// id is its folder's name, and none may be the current release.
fn kept_releases(dir: &Path, current: &str) -> Result<Vec<KeptRelease>, String> {
    let folder = dir.join("releases");
    let Ok(listing) = std::fs::read_dir(&folder) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for item in listing {
        let item = item.map_err(|e| format!("{}: {e}", folder.display()))?;
        let id = item.file_name().to_string_lossy().to_string();
        if !item.path().is_dir() {
            continue;
        }
        if let Some(problem) = release_id_problem(&id) {
            return Err(format!("{}: {problem}", item.path().display()));
        }
        let path = dir.join(kept_manifest_path(&id));
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        let kept = Manifest::from_json(&path.display().to_string(), &text).map_err(|e| e.to_string())?;
        if kept.release_id() != id {
            return Err(format!("{}: its release is {}, but it sits in releases/{id}/", path.display(), kept.release_id()));
        }
        if id == current {
            return Err(format!("{}: release {id} is the current release; a kept release must be an earlier one", path.display()));
        }
        out.push(KeptRelease { manifest: kept_manifest_path(&id), published: kept.published.clone(), id });
    }
    out.sort_by(|a, b| b.published.cmp(&a.published).then(b.id.cmp(&a.id)));
    Ok(out)
}

/// Writes `dir/releases.json` whole (a temporary sibling, then a rename).
fn write_release_index(dir: &Path, index: &ReleaseIndex) -> Result<(), String> {
    let path = dir.join(RELEASES_FILE);
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, releases_json(index)).map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, &path).map_err(|e| format!("{}: {e}", path.display()))
}

pub fn run(args: CatalogueArgs) -> Result<ExitCode, String> {
    let site = args.out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let site_abs = absolute(site)?;
    let mut entries = Vec::new();
    for dir in &args.bundles {
        let path = dir.join("manifest.json");
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        let manifest = Manifest::from_json(&path.display().to_string(), &text).map_err(|e| e.to_string())?;
        let url = relative_url(&site_abs, &absolute(&path)?)
            .ok_or_else(|| format!("{}: not under {}, the catalogue's folder; a catalogue lists bundles by relative URL", dir.display(), site.display()))?;
        let mut entry = CatalogueEntry::of(&manifest, &url, text.len() as u64);
        entry.releases = kept_releases(dir, manifest.release_id())?;
        write_release_index(dir, &ReleaseIndex { current: manifest.release_id().to_string(), kept: entry.releases.clone() })?;
        entries.push(entry);
    }
    let json = catalogue_json(&entries);
    let tmp = args.out.with_extension("json.tmp");
    std::fs::write(&tmp, &json).map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, &args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;
    println!("wrote {}: {} bundles", args.out.display(), entries.len());
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_relative_to_the_site() {
        assert_eq!(relative_url(Path::new("/s/dist"), Path::new("/s/dist/real/ae/manifest.json")).as_deref(), Some("real/ae/manifest.json"));
        assert_eq!(relative_url(Path::new("/s/dist"), Path::new("/s/other/manifest.json")), None);
        assert_eq!(relative_url(Path::new("/s/dist"), Path::new("/s/dist")), None);
    }
}
