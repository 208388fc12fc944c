//! The site catalogue, `catalogue.json`: the bundles a host serves, with the
//! facts a reader needs to choose one before downloading it — title,
//! publisher, licence, what it covers (organisation levels and periods), its
//! size and whether its values are demonstration data.
//!
//! `healthdash catalogue` writes it from the bundles' manifests
//! ([`CatalogueEntry::of`]); the app reads it for its landing page
//! ([`parse_catalogue`]). Both forms a hand-written catalogue may take are
//! read: a JSON array of entries, or `{ "bundles": [...] }`. The format is
//! documented in `docs/bundle-format.md` ("Site catalogue").

use super::{KeptRelease, Manifest};
use serde::{Deserialize, Serialize};

/// At most this many entries are read from a catalogue.
pub const MAX_CATALOGUE_ENTRIES: usize = 1000;

/// One bundle of the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogueEntry {
    /// The bundle's `manifest.json`, relative to the catalogue (or absolute https).
    pub manifest: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub publisher: String,
    pub licence: String,
    /// Publication date, `YYYY-MM-DD`.
    #[serde(default)]
    pub published: String,
    /// Names of the organisation levels it holds, top first ("Country", "ICB", "NHS trust").
    #[serde(default)]
    pub levels: Vec<String>,
    /// The first and last period labels over every indicator.
    #[serde(default)]
    pub first_period: Option<String>,
    #[serde(default)]
    pub last_period: Option<String>,
    #[serde(default)]
    pub indicators: usize,
    #[serde(default)]
    pub organisations: usize,
    /// Manifest plus every values file, in bytes.
    #[serde(default)]
    pub bytes: u64,
    /// True when the values are synthetic.
    #[serde(default)]
    pub demonstration: bool,
    /// The release the bundle folder holds now ([`Manifest::release_id`]).
    #[serde(default)]
    pub release: String,
    /// Earlier releases the host keeps beside it (`releases.json`), newest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub releases: Vec<KeptRelease>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Form {
    List(Vec<CatalogueEntry>),
    Wrapped { bundles: Vec<CatalogueEntry> },
}

#[derive(Serialize)]
struct Wrapped<'a> {
    bundles: &'a [CatalogueEntry],
}

impl CatalogueEntry {
    /// The entry for `manifest`, served at `url`; `manifest_bytes` is the manifest file's own size.
    pub fn of(manifest: &Manifest, url: &str, manifest_bytes: u64) -> CatalogueEntry {
        let mut types: Vec<_> = manifest.org_types.iter().filter(|t| manifest.organisations.iter().any(|o| o.org_type == t.id)).collect();
        types.sort_by_key(|t| t.level);
        let periods = manifest.indicators.iter().flat_map(|i| i.periods.iter());
        let first = periods.clone().min_by(|a, b| a.start.cmp(&b.start).then(a.end.cmp(&b.end)));
        let last = periods.max_by(|a, b| a.end.cmp(&b.end).then(a.start.cmp(&b.start)));
        CatalogueEntry {
            manifest: url.to_string(),
            title: manifest.title.clone(),
            description: manifest.description.clone(),
            publisher: manifest.publisher.clone(),
            licence: manifest.licence.clone(),
            published: manifest.published.clone(),
            levels: types.into_iter().map(|t| t.name.clone()).collect(),
            first_period: first.map(|p| p.label.clone()),
            last_period: last.map(|p| p.label.clone()),
            indicators: manifest.indicators.len(),
            organisations: manifest.organisations.len(),
            bytes: manifest_bytes + manifest.files.iter().map(|f| f.bytes).sum::<u64>(),
            demonstration: manifest.demonstration,
            release: manifest.release_id().to_string(),
            releases: Vec::new(),
        }
    }
}

/// Reads a catalogue: an array of entries or `{ "bundles": [...] }`. Errors
/// name the file and what is wrong; an entry without a manifest URL or title
/// is an error, not skipped.
pub fn parse_catalogue(file: &str, text: &str) -> Result<Vec<CatalogueEntry>, String> {
    let form: Form = serde_json::from_str(text).map_err(|e| format!("{file}: not a catalogue (a JSON array of bundles, or {{\"bundles\": [...]}}): {e}"))?;
    let entries = match form {
        Form::List(e) | Form::Wrapped { bundles: e } => e,
    };
    if entries.len() > MAX_CATALOGUE_ENTRIES {
        return Err(format!("{file}: lists {} bundles; at most {MAX_CATALOGUE_ENTRIES} are read", entries.len()));
    }
    for (i, e) in entries.iter().enumerate() {
        if e.manifest.trim().is_empty() || e.title.trim().is_empty() {
            return Err(format!("{file}: bundle {} has no {}", i + 1, if e.title.trim().is_empty() { "title" } else { "manifest URL" }));
        }
    }
    Ok(entries)
}

/// The catalogue as written by `healthdash catalogue`: `{ "bundles": [...] }`, pretty, with a final newline.
pub fn catalogue_json(entries: &[CatalogueEntry]) -> String {
    let mut s = serde_json::to_string_pretty(&Wrapped { bundles: entries }).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bundle of two indicators over ICBs and England, with an unused org type
    /// listed first (parsed only: the catalogue reads what a manifest says).
    fn manifest() -> Manifest {
        Manifest::parse(
            "manifest.json",
            r#"{"format_version": "1.1", "title": "Beds", "publisher": "NHS England", "licence": "OGL", "attribution": "a", "published": "2025-01-01",
              "files": [{"path": "values/a/icb.parquet", "bytes": 300, "sha256": "x"}, {"path": "values/b/icb.parquet", "bytes": 200, "sha256": "y"}],
              "indicators": [
                {"id": "a", "name": "A", "value_type": "count", "polarity": "neither", "periods": [{"label": "Apr 2023", "start": "2023-04-01", "end": "2023-04-30"}, {"label": "2023/24", "start": "2023-04-01", "end": "2024-03-31"}]},
                {"id": "b", "name": "B", "value_type": "count", "polarity": "neither", "periods": [{"label": "Mar 2022", "start": "2022-03-01", "end": "2022-03-31"}]}],
              "organisations": [{"code": "I1", "name": "ICB", "type": "icb", "parents": ["E92000001"]}, {"code": "E92000001", "name": "England", "type": "country"}],
              "org_types": [{"id": "trust", "name": "NHS trust", "level": 3}, {"id": "icb", "name": "Integrated care board", "level": 2}, {"id": "country", "name": "Country", "level": 0}]}"#,
        )
        .unwrap()
    }

    #[test]
    fn an_entry_states_what_the_bundle_covers() {
        let m = manifest();
        let e = CatalogueEntry::of(&m, "bundle/manifest.json", 1000);
        assert_eq!(e.manifest, "bundle/manifest.json");
        assert_eq!((e.title.as_str(), e.publisher.as_str(), e.indicators, e.organisations), ("Beds", "NHS England", 2, 2));
        assert_eq!(e.bytes, 1500);
        // Levels top first, only those with organisations.
        assert_eq!(e.levels, ["Country", "Integrated care board"]);
        // The earliest start and the latest end over every indicator.
        assert_eq!((e.first_period.as_deref(), e.last_period.as_deref()), (Some("Mar 2022"), Some("2023/24")));
    }

    #[test]
    fn both_forms_read_and_bad_ones_are_named() {
        let m = manifest();
        let e = CatalogueEntry::of(&m, "a/manifest.json", 10);
        let wrapped = catalogue_json(std::slice::from_ref(&e));
        assert!(wrapped.starts_with("{\n  \"bundles\": ["));
        assert_eq!(parse_catalogue("catalogue.json", &wrapped).unwrap(), vec![e.clone()]);
        let list = serde_json::to_string(&vec![e.clone()]).unwrap();
        assert_eq!(parse_catalogue("catalogue.json", &list).unwrap(), vec![e]);
        // Only the required fields: the rest default.
        let minimal = r#"[{"manifest": "x/manifest.json", "title": "X", "publisher": "P", "licence": "OGL"}]"#;
        let got = parse_catalogue("c.json", minimal).unwrap();
        assert_eq!((got[0].bytes, got[0].demonstration, got[0].levels.len()), (0, false, 0));
        let err = parse_catalogue("c.json", r#"[{"manifest": "", "title": "X", "publisher": "P", "licence": "L"}]"#).unwrap_err();
        assert_eq!(err, "c.json: bundle 1 has no manifest URL");
        assert!(parse_catalogue("c.json", "{\"bundle\": []}").unwrap_err().starts_with("c.json: not a catalogue"));
    }
}
