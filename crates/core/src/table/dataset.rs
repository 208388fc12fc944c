//! The dataset: a bundle's manifest plus the values of the partitions loaded
//! so far, indexed for the lookups views make.
//!
//! The app starts with the manifest alone, asks which files a view needs
//! ([`crate::view::files_needed`]), downloads those and adds them one by one; the
//! CLI does the same from disk. Each decoded [`ValuesTable`] is kept as it is
//! (columnar, dictionary-coded); on top of it the dataset keeps one
//! [`IndicatorIndex`] per indicator, rebuilt when a partition holding that
//! indicator arrives. Organisations, indicators and breakdown keys get
//! dataset-wide numbers so that rows from different files compare as
//! integers (key 0 is always the whole population, so it sorts first).

use super::hierarchy::{Hierarchy, Orgs};
use super::index::{Entry, IndicatorIndex, Period, RawPeriod};
use super::Figure;
use crate::bundle::check_values;
use crate::bundle::{decode_values, verify_file, BreakdownKey, BundleError, DataFile, Manifest, ValuesTable};
use std::collections::HashMap;

/// A decoded values file and how its dictionary codes map to dataset numbers.
#[derive(Debug, Clone)]
struct Partition {
    path: String,
    table: ValuesTable,
    /// Local indicator code → manifest indicator index (None: not in the manifest).
    inds: Vec<Option<u32>>,
    /// Local org code → dataset organisation number.
    orgs: Vec<u32>,
    /// Local breakdown-key code → dataset breakdown-key number.
    keys: Vec<u32>,
}

/// A bundle's manifest and the values loaded so far. See the module docs.
#[derive(Debug, Clone)]
pub struct Dataset {
    manifest: Manifest,
    hierarchy: Hierarchy,
    indicator_ids: HashMap<String, u32>,
    /// Codes met in values but absent from the manifest, numbered after its organisations.
    extra_orgs: Vec<String>,
    extra_org_ids: HashMap<String, u32>,
    keys: Vec<BreakdownKey>,
    key_ids: HashMap<BreakdownKey, u32>,
    partitions: Vec<Partition>,
    /// One per manifest indicator; None until a partition holding it is added.
    indexes: Vec<Option<IndicatorIndex>>,
}

fn opt(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// The keys of one row of a table, read with checked access.
struct Cells {
    indicator: u32,
    org: u32,
    start: i32,
    end: i32,
    label: u32,
    key: u32,
}

impl Cells {
    fn of(t: &ValuesTable, row: usize) -> Option<Cells> {
        Some(Cells {
            indicator: *t.indicator.codes.get(row)?,
            org: *t.org.codes.get(row)?,
            start: *t.period_start.get(row)?,
            end: *t.period_end.get(row)?,
            label: *t.period_label.codes.get(row)?,
            key: *t.breakdown.codes.get(row)?,
        })
    }
}

impl Dataset {
    /// A dataset with no values yet.
    pub fn new(manifest: Manifest) -> Dataset {
        let hierarchy = Hierarchy::new(&manifest);
        let indicator_ids = manifest.indicators.iter().enumerate().map(|(i, ind)| (ind.id.clone(), i as u32)).collect();
        let indexes = vec![None; manifest.indicators.len()];
        Dataset {
            manifest,
            hierarchy,
            indicator_ids,
            extra_orgs: Vec::new(),
            extra_org_ids: HashMap::new(),
            keys: vec![BreakdownKey::whole()],
            key_ids: HashMap::from([(BreakdownKey::whole(), 0)]),
            partitions: Vec::new(),
            indexes,
        }
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Organisation lookups: by code, parent, children, members of a type, ancestors.
    pub fn orgs(&self) -> Orgs<'_> {
        Orgs { manifest: &self.manifest, h: &self.hierarchy }
    }

    /// Checks `bytes` against `file`'s size and SHA-256, decodes them, checks
    /// the rows against the format's rules (`validate::check_values`: codes in
    /// the manifest, finite numbers, limits around values, counts not
    /// negative …) and adds the partition. A file that fails any check is not
    /// added, so a view never shows half-valid numbers. Errors name the file.
    pub fn add_file(&mut self, file: &DataFile, bytes: &[u8]) -> Result<(), BundleError> {
        verify_file(file, bytes)?;
        self.add_decoded(file, decode_values(&file.path, bytes)?)
    }

    /// The last part of [`Dataset::add_file`], for a caller that checked the
    /// file's size and SHA-256 itself (the browser: `bundle::verify_file_digest`
    /// with Web Crypto's digest) and decoded it a step at a time
    /// (`bundle::ValuesReader`): checks the rows against the format's rules
    /// and adds the partition, or adds nothing.
    pub fn add_decoded(&mut self, file: &DataFile, table: ValuesTable) -> Result<(), BundleError> {
        let problems = check_values(&self.manifest, file, &table);
        if let Some(first) = problems.first() {
            let count = problems.len();
            return Err(BundleError::Invalid { file: file.path.clone(), count, plural: if count == 1 { "" } else { "s" }, first: first.to_string() });
        }
        self.add_partition(&file.path, table);
        Ok(())
    }

    /// Adds (or replaces, for a path already added) a decoded partition and
    /// re-indexes the indicators it holds. A replaced partition keeps its
    /// place, so the partition numbers other indicators' indexes hold stay
    /// valid (removing it once shifted them, and a manifest listing one path
    /// twice made a later figure index past the end).
    pub fn add_partition(&mut self, path: &str, table: ValuesTable) {
        let mut affected: Vec<u32> = Vec::new();
        let replaced = self.partitions.iter().position(|p| p.path == path);
        if let Some(old) = replaced.and_then(|i| self.partitions.get(i)) {
            affected.extend(old.inds.iter().flatten());
        }
        let inds: Vec<Option<u32>> = table.indicator.values.iter().map(|v| self.indicator_ids.get(v).copied()).collect();
        let orgs: Vec<u32> = table.org.values.iter().map(|c| self.intern_org(c)).collect();
        let keys: Vec<u32> = table.breakdown.values.iter().map(|k| self.intern_key(k)).collect();
        affected.extend(inds.iter().flatten());
        // Indicators the manifest assigns to this file count as loaded even without rows.
        let listed = self.manifest.files.iter().filter(|f| f.path == path).flat_map(|f| f.indicators.iter());
        affected.extend(listed.filter_map(|id| self.indicator_ids.get(id).copied()));
        affected.sort_unstable();
        affected.dedup();
        let partition = Partition { path: path.to_string(), table, inds, orgs, keys };
        match replaced.and_then(|i| self.partitions.get_mut(i)) {
            Some(slot) => *slot = partition,
            None => self.partitions.push(partition),
        }
        for g in affected {
            let index = self.build_index(g);
            if let Some(slot) = self.indexes.get_mut(g as usize) {
                *slot = Some(index);
            }
        }
    }

    fn intern_org(&mut self, code: &str) -> u32 {
        if let Some(id) = self.hierarchy.id(code) {
            return id;
        }
        if let Some(&id) = self.extra_org_ids.get(code) {
            return id;
        }
        let id = (self.hierarchy.len() + self.extra_orgs.len()) as u32;
        self.extra_orgs.push(code.to_string());
        self.extra_org_ids.insert(code.to_string(), id);
        id
    }

    fn intern_key(&mut self, k: &BreakdownKey) -> u32 {
        if let Some(&id) = self.key_ids.get(k) {
            return id;
        }
        let id = self.keys.len() as u32;
        self.keys.push(k.clone());
        self.key_ids.insert(k.clone(), id);
        id
    }

    fn build_index(&self, g: u32) -> IndicatorIndex {
        let mut raw_periods: Vec<RawPeriod> = Vec::new();
        let mut global: HashMap<(i32, i32, String), u32> = HashMap::new();
        // Periods the manifest lists come first, loaded or not, so that the
        // period list (and "latest") is the same whichever files are loaded.
        let listed = self.manifest.indicators.get(g as usize).map(|i| i.periods.as_slice()).unwrap_or_default();
        for p in listed {
            if let Some((start, end)) = p.days() {
                global.entry((start, end, p.label.clone())).or_insert_with(|| {
                    raw_periods.push(RawPeriod { label: p.label.clone(), start, end });
                    raw_periods.len() as u32 - 1
                });
            }
        }
        let mut entries: Vec<Entry> = Vec::new();
        for (pi, p) in self.partitions.iter().enumerate() {
            if !p.inds.contains(&Some(g)) {
                continue;
            }
            let t = &p.table;
            let mut local: HashMap<(i32, i32, u32), u32> = HashMap::new();
            let mut last: Option<((i32, i32, u32), u32)> = None;
            entries.reserve(t.len());
            for row in 0..t.len() {
                // Every column of a decoded table has one entry a row and every
                // code its dictionary value; a table built by hand may not, and
                // then the row is left out rather than read past an end.
                let Some(cells) = Cells::of(t, row) else { continue };
                if p.inds.get(cells.indicator as usize).copied().flatten() != Some(g) {
                    continue;
                }
                let (Some(&org), Some(&cut)) = (p.orgs.get(cells.org as usize), p.keys.get(cells.key as usize)) else { continue };
                let key = (cells.start, cells.end, cells.label);
                let period = match last {
                    Some((k, v)) if k == key => v,
                    _ => {
                        let v = *local.entry(key).or_insert_with(|| {
                            let label = t.period_label.get(row).to_string();
                            let next = raw_periods.len() as u32;
                            *global.entry((key.0, key.1, label.clone())).or_insert_with(|| {
                                raw_periods.push(RawPeriod { label, start: key.0, end: key.1 });
                                next
                            })
                        });
                        last = Some((key, v));
                        v
                    }
                };
                entries.push(Entry { period, org, key: cut, part: pi as u32, row: row as u32 });
            }
        }
        IndicatorIndex::build(raw_periods, entries)
    }

    /// Paths of the partitions added so far.
    pub fn loaded_files(&self) -> Vec<&str> {
        self.partitions.iter().map(|p| p.path.as_str()).collect()
    }

    /// Rows indexed, over all indicators.
    pub fn rows(&self) -> usize {
        self.indexes.iter().flatten().map(IndicatorIndex::len).sum()
    }

    /// True once a partition holding `indicator` has been added.
    pub fn is_loaded(&self, indicator: &str) -> bool {
        self.index(indicator).is_some()
    }

    /// The indicator's periods in date order (empty until loaded).
    pub fn periods(&self, indicator: &str) -> &[Period] {
        self.index(indicator).map(|i| i.periods.as_slice()).unwrap_or(&[])
    }

    /// The indicator's period labelled `label`.
    pub fn period(&self, indicator: &str, label: &str) -> Option<&Period> {
        let ix = self.index(indicator)?;
        ix.period_id(label).and_then(|p| ix.periods.get(p as usize))
    }

    /// The indicator's latest period.
    pub fn latest_period(&self, indicator: &str) -> Option<&Period> {
        self.periods(indicator).last()
    }

    // ----- crate-internal accessors for the queries -----

    pub(crate) fn indicator_id(&self, id: &str) -> Option<u32> {
        self.indicator_ids.get(id).copied()
    }

    pub(crate) fn index(&self, indicator: &str) -> Option<&IndicatorIndex> {
        self.indicator_id(indicator).and_then(|g| self.indexes.get(g as usize)?.as_ref())
    }

    /// Dataset number of an organisation code (manifest or values).
    pub(crate) fn org_id(&self, code: &str) -> Option<u32> {
        self.hierarchy.id(code).or_else(|| self.extra_org_ids.get(code).copied())
    }

    pub(crate) fn org_code(&self, id: u32) -> &str {
        let n = self.hierarchy.len();
        match self.manifest.organisations.get(id as usize) {
            Some(o) => &o.code,
            None => (id as usize).checked_sub(n).and_then(|i| self.extra_orgs.get(i)).map(String::as_str).unwrap_or(""),
        }
    }

    /// The manifest's organisation for a dataset number (None for codes only in values).
    pub(crate) fn org_at(&self, id: u32) -> Option<&crate::bundle::Organisation> {
        self.manifest.organisations.get(id as usize)
    }

    pub(crate) fn hierarchy(&self) -> &Hierarchy {
        &self.hierarchy
    }

    /// The dataset number of a breakdown key, once a loaded row has it.
    pub(crate) fn key_id(&self, k: &BreakdownKey) -> Option<u32> {
        self.key_ids.get(k).copied()
    }

    /// The breakdown key numbered `id` (the whole population for an unknown number).
    pub(crate) fn key(&self, id: u32) -> &BreakdownKey {
        static WHOLE: BreakdownKey = BreakdownKey::WHOLE;
        self.keys.get(id as usize).unwrap_or(&WHOLE)
    }

    /// The numbers of an indexed row (missing as None).
    /// An entry that points at no row (it cannot, as the dataset builds
    /// them) reads as a row with every number missing.
    pub(crate) fn figure(&self, e: &Entry) -> Figure {
        let Some(part) = self.partitions.get(e.part as usize) else {
            return Figure::default();
        };
        let t = &part.table;
        let r = e.row as usize;
        let cell = |col: &Vec<f64>| col.get(r).copied().and_then(opt);
        // A withheld row carries no numbers (the validator refuses any), only the rule's threshold.
        if t.suppressed.get(r).copied().unwrap_or(false) {
            let indicator =
                t.indicator.codes.get(r).and_then(|&c| part.inds.get(c as usize).copied().flatten()).and_then(|i| self.manifest.indicators.get(i as usize));
            let below = self.manifest.suppression.as_ref().zip(indicator).map(|(s, ind)| s.below_for(&ind.id));
            return Figure { suppressed: Some(below.unwrap_or(0)), ..Figure::default() };
        }
        Figure {
            value: cell(&t.value),
            lower_95: cell(&t.lower_95),
            upper_95: cell(&t.upper_95),
            lower_998: cell(&t.lower_998),
            upper_998: cell(&t.upper_998),
            numerator: cell(&t.numerator),
            denominator: cell(&t.denominator),
            suppressed: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::{encode_values, sha256_hex, EncodeOptions, ValueRow};
    use crate::table::fixture;

    #[test]
    fn indexes_rows_across_partitions() {
        let ds = fixture::dataset();
        assert!(ds.is_loaded("ae") && ds.is_loaded("obesity") && ds.is_loaded("beds"));
        assert_eq!(ds.periods("obesity").iter().map(|p| p.label.as_str()).collect::<Vec<_>>(), vec!["2019", "2020", "2021", "2022", "2023"]);
        assert_eq!(ds.latest_period("ae").map(|p| p.label.as_str()), Some("Mar 2024"));
        let ix = ds.index("obesity").unwrap();
        let p = ix.period_id("2023").unwrap();
        let p1 = ds.org_id("P1").unwrap();
        // P1 2023: the headline row, 10 deciles, 5 quintiles, 5 ethnic groups,
        // 10 ethnicity × quintile and 6 sex × age cells.
        assert_eq!(ix.cell(p, p1).len(), 37);
        let head = ds.figure(ix.headline(p, p1).unwrap());
        assert_eq!((head.numerator, head.denominator, head.value), (Some(2550.0), Some(10000.0), Some(25.5)));
        let d3 = ix.find(p, p1, ds.key_id(&BreakdownKey::one("deprivation_decile", "3")).unwrap()).unwrap();
        assert!((ds.figure(d3).value.unwrap() - 28.0).abs() < 1e-12);
    }

    #[test]
    fn replacing_a_partition_reindexes_and_unknown_codes_are_kept() {
        let mut ds = fixture::dataset();
        let before = ds.rows();
        let mut rows: Vec<_> = fixture::rows().into_iter().filter(|r| r.indicator == "beds").collect();
        rows.truncate(3);
        rows[0].org = "ZZZ".into();
        ds.add_partition("values/beds.parquet", ValuesTable::from_rows(&rows));
        assert!(ds.rows() < before);
        assert_eq!(ds.index("beds").unwrap().len(), 3);
        let z = ds.org_id("ZZZ").unwrap();
        assert_eq!(ds.org_code(z), "ZZZ");
        assert!(ds.org_at(z).is_none());
    }

    /// The panic issue 20 reports: a path added again (a manifest listing one
    /// path twice, once per indicator) used to move its partition to the end,
    /// so the indexes of indicators in later partitions pointed at the wrong
    /// table and read past its end.
    #[test]
    fn adding_a_path_again_leaves_other_indicators_figures_alone() {
        let mut ds = fixture::dataset();
        let figures = |ds: &Dataset, ind: &str| -> Vec<Figure> {
            let ix = ds.index(ind).unwrap();
            (0..ix.periods.len() as u32).flat_map(|p| ix.period_rows(p).iter().map(|e| ds.figure(e)).collect::<Vec<_>>()).collect()
        };
        let (beds, obesity) = (figures(&ds, "beds"), figures(&ds, "obesity"));
        let ae: Vec<_> = fixture::rows().into_iter().filter(|r| r.indicator == "ae").take(2).collect();
        ds.add_partition("values/ae.parquet", ValuesTable::from_rows(&ae));
        assert_eq!(ds.index("ae").unwrap().len(), 2);
        assert_eq!(figures(&ds, "beds"), beds);
        assert_eq!(figures(&ds, "obesity"), obesity);
    }

    /// The listing of the fixture's beds values as `bytes`, stating `rows` rows (0: not stated).
    fn beds_file(bytes: &[u8], rows: u64) -> DataFile {
        DataFile {
            path: "values/beds.parquet".into(),
            bytes: bytes.len() as u64,
            sha256: sha256_hex(bytes),
            indicators: vec!["beds".into()],
            org_types: Vec::new(),
            breakdown_rows: None,
            rows,
        }
    }

    #[test]
    fn add_file_verifies_before_decoding() {
        let rows: Vec<_> = fixture::rows().into_iter().filter(|r| r.indicator == "beds").collect();
        let bytes = encode_values(&rows, EncodeOptions::default()).unwrap();
        let mut f = beds_file(&bytes, 0);
        let mut ds = Dataset::new(fixture::manifest());
        ds.add_file(&f, &bytes).unwrap();
        assert_eq!(ds.index("beds").unwrap().len(), rows.len());
        f.sha256 = sha256_hex(b"other");
        let e = ds.add_file(&f, &bytes).unwrap_err();
        assert!(e.to_string().starts_with("values/beds.parquet: SHA-256"), "{e}");
    }

    /// The browser's way in: its digest (Web Crypto) stands in for the core's,
    /// then the file is decoded a step at a time and added; a file whose
    /// digest is not the listed one is refused and adds nothing.
    #[test]
    fn a_file_checked_with_the_browsers_digest_and_decoded_in_steps_is_added() {
        let rows: Vec<_> = fixture::rows().into_iter().filter(|r| r.indicator == "beds").collect();
        let bytes = encode_values(&rows, EncodeOptions::default()).unwrap();
        let f = beds_file(&bytes, 0);
        let mut ds = Dataset::new(fixture::manifest());
        let add = |ds: &mut Dataset, digest: &str| -> Result<(), BundleError> {
            crate::bundle::verify_file_digest(&f, &bytes, digest)?;
            let mut reader = crate::bundle::ValuesReader::new(&f.path, &bytes)?;
            while !reader.step()? {}
            ds.add_decoded(&f, reader.finish()?)
        };
        let e = add(&mut ds, &sha256_hex(b"other")).unwrap_err();
        assert!(e.to_string().starts_with("values/beds.parquet: SHA-256"), "{e}");
        assert!(ds.index("beds").is_none());
        add(&mut ds, &sha256_hex(&bytes)).unwrap();
        assert_eq!(ds.index("beds").unwrap().len(), rows.len());
    }

    #[test]
    fn add_file_rejects_rows_that_break_the_rules_and_keeps_nothing_of_them() {
        let good: Vec<_> = fixture::rows().into_iter().filter(|r| r.indicator == "beds").collect();
        let file = |bytes: &[u8]| beds_file(bytes, good.len() as u64);
        type Spoil = fn(&mut ValueRow);
        let cases: [(&str, Spoil); 3] = [
            ("\"ZZZ\" is not in the manifest's organisations", |r| r.org = "ZZZ".into()),
            ("denominator -5 is negative", |r| r.denominator = Some(-5.0)),
            ("inf is not a finite number", |r| r.value = Some(f64::INFINITY)),
        ];
        for (message, spoil) in cases {
            let mut rows = good.clone();
            spoil(&mut rows[1]);
            let bytes = encode_values(&rows, EncodeOptions::default()).unwrap();
            let mut ds = Dataset::new(fixture::manifest());
            let e = ds.add_file(&file(&bytes), &bytes).expect_err(message).to_string();
            assert!(e.starts_with("values/beds.parquet breaks the bundle format's rules"), "{e}");
            assert!(e.contains(message), "{e}");
            assert!(!ds.is_loaded("beds"), "a rejected file adds nothing");
        }
    }
}
