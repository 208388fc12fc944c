//! Writes a bundle folder atomically and file by file: every file goes into a
//! temporary sibling folder, which is moved into place only when all of it has
//! been written, so a failure never leaves a half-written bundle where the old
//! one was. Values are encoded and written as they are handed in, one
//! indicator (or any batch of whole indicator × organisation-type
//! partitions) at a time, so a publisher never needs every row in memory.

use healthdash_core::bundle::{encode_values, sha256_hex, BreakdownRows, DataFile, EncodeOptions, Manifest, Organisation, PeriodDef, ValueRow};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

/// What [`BundleWriter::finish`] wrote.
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
    match org_type {
        Some(t) => format!("values/{}/{}.parquet", path_safe(indicator), path_safe(t)),
        None => format!("values/{}.parquet", path_safe(indicator)),
    }
}

/// The file for the breakdown rows of an indicator's values of one
/// organisation type (format 3.0): `values/<indicator>/<type>.breakdowns.parquet`,
/// beside [`values_path`]'s file of its whole-population rows.
pub fn breakdowns_path(indicator: &str, org_type: &str) -> String {
    format!("values/{}/{}.breakdowns.parquet", path_safe(indicator), path_safe(org_type))
}

/// A name as it appears in a values path: anything outside `[A-Za-z0-9_-]` becomes `_`.
pub fn path_safe(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect()
}

/// Writes `manifest` (its `files` list and its indicators' `periods` are
/// replaced) and the Parquet files of each indicator and organisation type into
/// `out`, replacing any bundle already there: [`BundleWriter`] with every
/// row at once.
///
/// `extras` are other files written beside `manifest.json` in the same
/// atomic move (the build report, boundary files), as (path inside the
/// bundle, contents).
pub fn write_bundle(out: &Path, manifest: Manifest, rows: Vec<ValueRow>, options: EncodeOptions, extras: &[(&str, &[u8])]) -> Result<Written, String> {
    let mut writer = BundleWriter::create(out, &manifest.organisations, options)?;
    writer.add(rows)?;
    writer.finish(manifest, extras)
}

/// A bundle being written into a temporary folder beside `out`.
///
/// Files are split by organisation type so that a view downloads only the
/// types it shows (`healthdash_core::view::files_needed`): England's overview
/// needs the country's rows, not every local authority's. Each indicator lists
/// every period it has over all its files, so "latest" never depends on which
/// files a browser happens to have loaded.
///
/// A partition with rows cut by some dimension is written as two files
/// (format 3.0): its whole-population rows ([`values_path`], declared
/// `breakdown_rows: "none"`) and its breakdown rows ([`breakdowns_path`],
/// `"only"`), so a view that shows no breakdown downloads only the first
/// (in the demonstration bundle, an ICB's overview reads 42,336 of 458,640
/// ICB rows). A partition without breakdown rows is one file, declared
/// `"none"`; one with breakdown rows only is one `"only"` file.
///
/// Rows are sorted by organisation, period start and end, and breakdown
/// before encoding, and files are listed by path whatever order
/// they were handed in, so the same rows always give byte-identical files and
/// manifest however they are batched. Dropped before [`finish`](Self::finish),
/// it removes the temporary folder and leaves `out` untouched.
pub struct BundleWriter {
    out: PathBuf,
    tmp: PathBuf,
    types: HashMap<String, String>,
    options: EncodeOptions,
    /// Files written, by (indicator, organisation type, holds breakdown rows).
    files: BTreeMap<(String, String, bool), DataFile>,
    periods: BTreeMap<String, BTreeSet<(i32, i32, String)>>,
    /// The combinations of dimensions rows are cut by (not the whole population), by indicator.
    breakdowns: BTreeMap<String, BTreeSet<Vec<String>>>,
    rows: usize,
    bytes: u64,
    finished: bool,
}

impl BundleWriter {
    /// Starts a bundle whose values may refer to `organisations` (each row's
    /// organisation type decides its file).
    pub fn create(out: &Path, organisations: &[Organisation], options: EncodeOptions) -> Result<BundleWriter, String> {
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(|e| format!("{}: cannot create folder: {e}", parent.display()))?;
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "bundle".into());
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if tmp.exists() {
            fs::remove_dir_all(&tmp).map_err(|e| format!("{}: {e}", tmp.display()))?;
        }
        fs::create_dir_all(tmp.join("values")).map_err(|e| format!("{}: cannot create folder: {e}", tmp.display()))?;
        Ok(BundleWriter {
            out: out.to_path_buf(),
            tmp,
            types: organisations.iter().map(|o| (o.code.clone(), o.org_type.clone())).collect(),
            options,
            files: BTreeMap::new(),
            periods: BTreeMap::new(),
            breakdowns: BTreeMap::new(),
            rows: 0,
            bytes: 0,
            finished: false,
        })
    }

    /// Encodes and writes `rows`: every row of each indicator × organisation
    /// type they hold (a partition may not be handed in twice). The rows are
    /// dropped when their files are on disk.
    pub fn add(&mut self, mut rows: Vec<ValueRow>) -> Result<(), String> {
        if let Some(r) = rows.iter().find(|r| !self.types.contains_key(r.org.as_str())) {
            return Err(format!("{}: organisation \"{}\" is not in the manifest's organisations", r.indicator, r.org));
        }
        let types = &self.types;
        // Whole-population rows before breakdown rows within each partition,
        // so each of its files is one run of rows, in the format's order.
        rows.sort_by(|a, b| {
            let (ka, kb) = (file_key(types, a), file_key(types, b));
            (ka, a.org.as_str(), a.period_start, a.period_end, &a.breakdown).cmp(&(kb, b.org.as_str(), b.period_start, b.period_end, &b.breakdown))
        });
        let mut parts: BTreeMap<(&str, &str, bool), (usize, usize)> = BTreeMap::new();
        for (i, r) in rows.iter().enumerate() {
            let e = parts.entry(file_key(types, r)).or_insert((i, i));
            e.1 = i + 1;
        }
        let handed_in = |files: &BTreeMap<(String, String, bool), DataFile>, indicator: &str, org_type: &str| {
            [false, true].iter().any(|cut| files.contains_key(&(indicator.to_string(), org_type.to_string(), *cut)))
        };
        if let Some((indicator, org_type, _)) = parts.keys().find(|(i, t, _)| handed_in(&self.files, i, t)) {
            return Err(format!("{indicator}: the values of organisation type \"{org_type}\" were handed to the writer twice"));
        }
        for ((indicator, org_type, cut), (from, to)) in parts {
            let part = rows.get(from..to).unwrap_or_default();
            let bytes = encode_values(part, self.options).map_err(|e| format!("{indicator}: {e}"))?;
            let path = if cut { breakdowns_path(indicator, org_type) } else { values_path(indicator, Some(org_type)) };
            let full = self.tmp.join(&path);
            if let Some(folder) = full.parent() {
                fs::create_dir_all(folder).map_err(|e| format!("{}: cannot create folder: {e}", folder.display()))?;
            }
            fs::write(&full, &bytes).map_err(|e| format!("{}: {e}", full.display()))?;
            self.bytes += bytes.len() as u64;
            self.rows += part.len();
            let file = DataFile {
                path,
                bytes: bytes.len() as u64,
                sha256: sha256_hex(&bytes),
                indicators: vec![indicator.to_string()],
                org_types: vec![org_type.to_string()],
                breakdown_rows: Some(if cut { BreakdownRows::Only } else { BreakdownRows::None }),
                rows: part.len() as u64,
            };
            self.files.insert((indicator.to_string(), org_type.to_string(), cut), file);
            let mut seen: BTreeSet<(i32, i32, &str)> = BTreeSet::new();
            for r in part {
                seen.insert((r.period_start, r.period_end, r.period_label.as_str()));
            }
            let periods = self.periods.entry(indicator.to_string()).or_default();
            periods.extend(seen.into_iter().map(|(s, e, l)| (s, e, l.to_string())));
            let kinds = self.breakdowns.entry(indicator.to_string()).or_default();
            kinds.extend(part.iter().filter(|r| !r.breakdown.is_whole()).map(|r| r.breakdown.dimensions().map(str::to_string).collect::<Vec<_>>()));
        }
        Ok(())
    }

    /// Writes `manifest.json` (with the files written and each indicator's
    /// periods and combinations of dimensions) and `extras` beside it, then moves the bundle into place,
    /// replacing any bundle at `out`.
    pub fn finish(mut self, mut manifest: Manifest, extras: &[(&str, &[u8])]) -> Result<Written, String> {
        for ind in &mut manifest.indicators {
            let periods = self.periods.remove(ind.id.as_str()).unwrap_or_default();
            ind.periods = periods.into_iter().map(|(s, e, l)| PeriodDef::of(s, e, &l)).collect();
            ind.breakdowns = self.breakdowns.remove(ind.id.as_str()).unwrap_or_default().into_iter().collect();
        }
        // In path order, as `healthdash index` lists the files it finds.
        manifest.files = std::mem::take(&mut self.files).into_values().collect();
        manifest.files.sort_by(|a, b| a.path.cmp(&b.path));
        manifest.format_version = manifest.lowest_version().into();
        let json = manifest.to_json();
        fs::write(self.tmp.join("manifest.json"), &json).map_err(|e| format!("{}: {e}", self.tmp.join("manifest.json").display()))?;
        for (file, contents) in extras {
            let full = self.tmp.join(file);
            if let Some(folder) = full.parent() {
                fs::create_dir_all(folder).map_err(|e| format!("{}: cannot create folder: {e}", folder.display()))?;
            }
            fs::write(&full, contents).map_err(|e| format!("{}: {e}", full.display()))?;
        }
        if self.out.exists() {
            fs::remove_dir_all(&self.out).map_err(|e| format!("{}: cannot replace existing bundle: {e}", self.out.display()))?;
        }
        fs::rename(&self.tmp, &self.out).map_err(|e| format!("{}: cannot move bundle into place: {e}", self.out.display()))?;
        self.finished = true;
        Ok(Written { files: manifest.files.len(), rows: self.rows, bytes: self.bytes + json.len() as u64 })
    }
}

/// Which file a row goes to: its indicator, its organisation's type, and
/// whether it is cut by some dimension.
fn file_key<'a>(types: &'a HashMap<String, String>, r: &'a ValueRow) -> (&'a str, &'a str, bool) {
    (r.indicator.as_str(), types.get(r.org.as_str()).map(String::as_str).unwrap_or_default(), !r.breakdown.is_whole())
}

impl Drop for BundleWriter {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Writes one file atomically: into a temporary sibling, then renamed over
/// `path`, so a reader sees the old file or the new one, never part of one.
pub fn write_file_atomically(path: &Path, contents: &[u8]) -> Result<(), String> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    if let Err(e) = fs::write(&tmp, contents) {
        let _ = fs::remove_file(&tmp);
        return Err(format!("{}: {e}", tmp.display()));
    }
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        format!("{}: cannot move into place: {e}", path.display())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use healthdash_core::bundle::BreakdownKey;

    fn org(code: &str, org_type: &str) -> Organisation {
        Organisation {
            code: code.into(),
            name: code.into(),
            org_type: org_type.into(),
            parents: vec![],
            population: None,
            context: Default::default(),
            clusters: vec![],
        }
    }

    fn row(indicator: &str, org: &str, start: i32) -> ValueRow {
        ValueRow { numerator: Some(1.0), denominator: Some(2.0), value: Some(50.0), ..ValueRow::new(indicator, org, start, start + 30, &format!("p{start}")) }
    }

    fn manifest(orgs: Vec<Organisation>) -> Manifest {
        let mut m = Manifest::parse(
            "manifest.json",
            r#"{"format_version":"2.0","title":"T","publisher":"P","licence":"L","attribution":"A","published":"2025-01-01",
                "indicators":[{"id":"b","name":"B","value_type":"count","polarity":"neither"},{"id":"a","name":"A","value_type":"count","polarity":"neither"}]}"#,
        )
        .unwrap();
        m.organisations = orgs;
        m
    }

    /// Every file of a bundle folder, by path.
    fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        let mut out = BTreeMap::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    out.insert(p.strip_prefix(dir).unwrap().to_string_lossy().into_owned(), fs::read(&p).unwrap());
                }
            }
        }
        out
    }

    #[test]
    fn batches_in_any_order_give_the_same_bytes_as_one_batch() {
        let tmp = tempfile::tempdir().unwrap();
        let orgs = vec![org("X", "icb"), org("Y", "trust"), org("Z", "icb")];
        let all = vec![row("b", "Z", 40), row("a", "Y", 10), row("b", "X", 10), row("a", "X", 40), row("a", "X", 10), row("b", "Y", 10)];
        let one = tmp.path().join("one");
        write_bundle(&one, manifest(orgs.clone()), all.clone(), EncodeOptions::default(), &[]).unwrap();
        let many = tmp.path().join("many");
        let mut w = BundleWriter::create(&many, &orgs, EncodeOptions::default()).unwrap();
        for id in ["b", "a"] {
            w.add(all.iter().filter(|r| r.indicator == id).rev().cloned().collect()).unwrap();
        }
        let written = w.finish(manifest(orgs), &[]).unwrap();
        assert_eq!((written.files, written.rows), (4, 6));
        assert_eq!(contents(&one), contents(&many));
        let m = Manifest::parse("manifest.json", &fs::read_to_string(one.join("manifest.json")).unwrap()).unwrap();
        let paths: Vec<&str> = m.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["values/a/icb.parquet", "values/a/trust.parquet", "values/b/icb.parquet", "values/b/trust.parquet"]);
        let labels: Vec<&str> = m.indicators[1].periods.iter().map(|p| p.label.as_str()).collect();
        assert_eq!((m.indicators[1].id.as_str(), labels), ("a", vec!["p10", "p40"]));
        assert!(m.indicators.iter().all(|i| i.breakdowns.is_empty()), "no breakdown rows, none listed");
    }

    #[test]
    fn each_indicator_lists_the_combinations_of_dimensions_of_its_rows_over_every_file() {
        let tmp = tempfile::tempdir().unwrap();
        let orgs = vec![org("X", "icb"), org("Y", "trust")];
        let cut = |k: BreakdownKey, o: &str| ValueRow { breakdown: k, ..row("b", o, 10) };
        let rows = vec![
            row("a", "X", 10),
            row("b", "X", 10),
            cut(BreakdownKey::one("sex", "Female"), "X"),
            cut(BreakdownKey::of([("sex", "Female"), ("age", "0-4")]), "X"),
            cut(BreakdownKey::one("ethnicity", "Asian"), "Y"),
            cut(BreakdownKey::one("ethnicity", "Black"), "Y"),
        ];
        let out = tmp.path().join("b");
        write_bundle(&out, manifest(orgs), rows, EncodeOptions::default(), &[]).unwrap();
        let m = Manifest::parse("manifest.json", &fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
        let of = |id: &str| m.indicator(id).unwrap().breakdowns.clone();
        let combos = |c: &[&[&str]]| c.iter().map(|d| d.iter().map(|x| x.to_string()).collect::<Vec<_>>()).collect::<Vec<_>>();
        assert_eq!((of("a"), of("b")), (vec![], combos(&[&["age", "sex"], &["ethnicity"], &["sex"]])));
    }

    #[test]
    fn a_partition_with_breakdown_rows_is_written_as_two_files_each_declaring_its_rows() {
        let tmp = tempfile::tempdir().unwrap();
        let orgs = vec![org("X", "icb"), org("Y", "trust"), org("Z", "icb")];
        let cut = |k: BreakdownKey, o: &str, start: i32| ValueRow { breakdown: k, ..row("b", o, start) };
        let rows = vec![
            cut(BreakdownKey::one("sex", "Male"), "Z", 10),
            row("b", "X", 40),
            cut(BreakdownKey::one("sex", "Female"), "X", 10),
            row("b", "Z", 10),
            row("b", "X", 10),
            cut(BreakdownKey::one("sex", "Female"), "Y", 10),
            row("a", "Y", 10),
        ];
        let out = tmp.path().join("b");
        let mut m = manifest(orgs);
        m.org_types = ["icb", "trust"].map(|t| healthdash_core::bundle::OrgType { id: t.into(), name: t.into(), level: 1 }).to_vec();
        m.dimensions = vec![healthdash_core::bundle::Dimension::from_legacy("sex", None, &["Female".into(), "Male".into()]).unwrap()];
        let written = write_bundle(&out, m, rows, EncodeOptions::default(), &[]).unwrap();
        assert_eq!((written.files, written.rows), (4, 7));
        let m = Manifest::parse("manifest.json", &fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
        let listed: Vec<(&str, Option<&str>, u64)> =
            m.files.iter().map(|f| (f.path.as_str(), f.breakdown_rows.as_ref().map(BreakdownRows::as_str), f.rows)).collect();
        assert_eq!(
            listed,
            [
                ("values/a/trust.parquet", Some("none"), 1),
                ("values/b/icb.breakdowns.parquet", Some("only"), 2),
                ("values/b/icb.parquet", Some("none"), 3),
                ("values/b/trust.breakdowns.parquet", Some("only"), 1),
            ]
        );
        // Each file in the format's order, and every row in exactly one file.
        let read = |path: &str| healthdash_core::bundle::decode_values(path, &fs::read(out.join(path)).unwrap()).unwrap().rows().collect::<Vec<_>>();
        let icb: Vec<(String, i32, String)> = read("values/b/icb.parquet")
            .into_iter()
            .chain(read("values/b/icb.breakdowns.parquet"))
            .map(|r| (r.org, r.period_start, r.breakdown.label()))
            .collect();
        let expected = [("X", 10, ""), ("X", 40, ""), ("Z", 10, ""), ("X", 10, "sex=Female"), ("Z", 10, "sex=Male")];
        assert_eq!(icb, expected.map(|(o, s, k)| (o.to_string(), s, k.to_string())));
        // The bundle passes every check, declarations included.
        let (problems, _) = healthdash_core::bundle::check_bundle("manifest.json", &m.to_json(), |p| fs::read(out.join(p)).ok());
        assert_eq!(problems, vec![]);
    }

    #[test]
    fn a_partition_handed_in_twice_or_an_unknown_organisation_writes_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("b");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("manifest.json"), "old").unwrap();
        let orgs = vec![org("X", "icb")];
        let mut w = BundleWriter::create(&out, &orgs, EncodeOptions::default()).unwrap();
        w.add(vec![row("a", "X", 10)]).unwrap();
        let e = w.add(vec![row("a", "X", 40)]).unwrap_err();
        assert!(e.contains("\"icb\" were handed to the writer twice"), "{e}");
        let e = w.add(vec![row("b", "Q", 40)]).unwrap_err();
        assert!(e.contains("organisation \"Q\" is not in the manifest"), "{e}");
        drop(w);
        // The old bundle is untouched and no temporary folder is left.
        assert_eq!(fs::read_to_string(out.join("manifest.json")).unwrap(), "old");
        let left: Vec<_> = fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, ["b"]);
    }

    #[test]
    fn a_file_written_atomically_replaces_the_old_one_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("manifest.json");
        fs::write(&p, "old").unwrap();
        write_file_atomically(&p, b"new").unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
        assert!(write_file_atomically(&tmp.path().join("missing/manifest.json"), b"x").is_err());
    }
}
