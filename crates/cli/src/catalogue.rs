//! `healthdash catalogue --out SITE/catalogue.json BUNDLE…`: the site's list of
//! bundles for the app's landing page, written from each bundle's manifest
//! (title, publisher, licence, levels, periods, size, demonstration or real).
//!
//! Each bundle folder must sit under the catalogue's folder, so that its
//! `manifest` URL is relative and the site works under any sub-path of any
//! static host. Entries keep the order given. The file is written whole or
//! not at all (a temporary sibling, then a rename).

use clap::Args;
use healthdash_core::bundle::{catalogue_json, CatalogueEntry, Manifest};
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
        entries.push(CatalogueEntry::of(&manifest, &url, text.len() as u64));
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
