//! One values file read for its manifest entry: size, SHA-256, rows, the
//! indicators and organisations it holds, and what the catalogue needs from
//! its rows (periods, value-type evidence, breakdown keys). The file is
//! decoded, summarised and dropped before the next is read, so indexing a
//! bundle takes the memory of its largest file, not of all of them.

use crate::build::catalogue::Evidence;
use healthdash_core::bundle::{decode_values, sha256_hex, BreakdownKey, BreakdownRows};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// One file's manifest entry, before organisation types are known.
pub struct Scanned {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
    pub rows: u64,
    /// Indicator ids, in order of their first row.
    pub indicators: Vec<String>,
    /// Distinct organisation codes, in order of their first row.
    pub orgs: Vec<String>,
    /// What its rows are with respect to breakdowns: all the whole
    /// population ("none"), all cut by some dimension ("only"), or both (None).
    pub breakdown_rows: Option<BreakdownRows>,
}

/// What the rows of every file read so far say about each indicator.
#[derive(Default)]
pub struct Gathered {
    /// Indicator ids in order of first appearance over the files.
    pub order: Vec<String>,
    pub periods: BTreeMap<String, BTreeSet<(i32, i32, String)>>,
    pub evidence: BTreeMap<String, Evidence>,
    /// Every breakdown key present, over all indicators.
    pub cuts: BTreeSet<BreakdownKey>,
    /// The combinations of dimensions each indicator's rows cut (the whole population left out).
    pub combinations: BTreeMap<String, BTreeSet<Vec<String>>>,
}

fn present(x: Option<&f64>) -> Option<f64> {
    x.copied().filter(|x| !x.is_nan())
}

/// Reads `dir/path`, adds what its rows say to `gathered`, and returns its entry.
pub fn scan(dir: &Path, path: &str, gathered: &mut Gathered) -> Result<Scanned, String> {
    let bytes = std::fs::read(dir.join(path)).map_err(|e| format!("{path}: cannot read: {e}"))?;
    let t = decode_values(path, &bytes).map_err(|e| e.to_string())?;
    if t.is_empty() {
        return Err(format!("{path}: holds no rows (leave the file out, or write its rows)"));
    }
    if let Some(problem) = t.shape_problem() {
        return Err(format!("{path}: {problem}"));
    }
    // First row of each dictionary code, so ids and codes come in row order.
    let first_rows = |codes: &[u32], n: usize| -> Vec<usize> {
        let mut first = vec![usize::MAX; n];
        for (row, &c) in codes.iter().enumerate() {
            if let Some(f) = first.get_mut(c as usize).filter(|f| **f == usize::MAX) {
                *f = row;
            }
        }
        let mut used: Vec<usize> = (0..n).filter(|&c| first.get(c).is_some_and(|&f| f != usize::MAX)).collect();
        used.sort_by_key(|&c| first.get(c).copied());
        used
    };
    let indicators: Vec<String> = first_rows(&t.indicator.codes, t.indicator.values.len()).into_iter().map(|c| t.indicator.values[c].clone()).collect();
    let orgs: Vec<String> = first_rows(&t.org.codes, t.org.values.len()).into_iter().map(|c| t.org.values[c].clone()).collect();
    for id in &indicators {
        if !gathered.order.contains(id) {
            gathered.order.push(id.clone());
        }
    }
    // Each distinct (indicator, period) and (breakdown type, value) once, by dictionary codes.
    let mut periods: HashMap<(u32, i32, i32, u32), ()> = HashMap::new();
    let mut cuts: HashMap<(u32, u32), ()> = HashMap::new();
    // Each indicator's evidence so far, by this file's dictionary code.
    let mut evidence: Vec<Evidence> = t.indicator.values.iter().map(|id| gathered.evidence.remove(id).unwrap_or_default()).collect();
    for row in 0..t.len() {
        let ind = t.indicator.codes[row];
        periods.entry((ind, t.period_start[row], t.period_end[row], t.period_label.codes[row])).or_insert(());
        cuts.entry((ind, t.breakdown.codes[row])).or_insert(());
        let (v, n, d) = (present(t.value.get(row)), present(t.numerator.get(row)), present(t.denominator.get(row)));
        evidence[ind as usize].add((t.period_start[row], t.period_end[row]), v, n, d);
    }
    for (id, e) in t.indicator.values.iter().zip(evidence) {
        if !e.is_empty() {
            gathered.evidence.insert(id.clone(), e);
        }
    }
    for (ind, start, end, label) in periods.into_keys() {
        let id = &t.indicator.values[ind as usize];
        gathered.periods.entry(id.clone()).or_default().insert((start, end, t.period_label.values[label as usize].clone()));
    }
    for (ind, code) in cuts.into_keys() {
        let Some(key) = t.breakdown.values.get(code as usize) else { continue };
        if !key.is_whole() {
            let id = &t.indicator.values[ind as usize];
            gathered.combinations.entry(id.clone()).or_default().insert(key.dimensions().map(str::to_string).collect());
        }
        gathered.cuts.insert(key.clone());
    }
    Ok(Scanned {
        path: path.to_string(),
        bytes: bytes.len() as u64,
        sha256: sha256_hex(&bytes),
        rows: t.len() as u64,
        indicators,
        orgs,
        breakdown_rows: t.breakdown_rows(),
    })
}
