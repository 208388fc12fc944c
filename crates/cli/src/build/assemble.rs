//! From imported rows to a checked manifest and value rows, ready to write.
//!
//! This is where the rules that need the whole picture run, each naming the
//! input file, line and column it concerns: duplicate keys across all inputs,
//! numerator over denominator for proportions, limits that do not bracket
//! their value. Missing limits are computed here (see [`fill_limits`]). Last,
//! the same pure checks `healthdash validate` runs are applied to the result,
//! so nothing reaches the disk that the validator would reject.

use super::catalogue;
use super::import::{Import, Sourced};
use super::meta::{stated_or, Duplicates, Meta};
use super::orgs::{Areas, OrgTable};
use super::report::{BuildReport, Omitted, Reason};
use crate::write::values_path;
use healthdash_core::bundle::{
    check_manifest, check_values, rounding_slack, BreakdownKey, ContextVariable, DataFile, Indicator, Manifest, PeerCluster, RatingRule, ValueRow, ValueType,
    FORMAT_VERSION,
};
use healthdash_core::stats::ci::{limits_for, Level};
use std::collections::{BTreeMap, HashMap};

/// Bundle-level text that is not in the meta file: `--title`, `--published`.
pub struct Overrides {
    pub title: Option<String>,
    pub published: Option<String>,
    /// Today's date, the last resort for `published`.
    pub today: String,
}

type Key = (String, String, i32, i32, BreakdownKey);

fn key(r: &ValueRow) -> Key {
    (r.indicator.clone(), r.org.clone(), r.period_start, r.period_end, r.breakdown.clone())
}

fn describe(k: &Key, label: &str) -> String {
    let b = if k.4.is_whole() { "none".to_string() } else { k.4.label() };
    format!("indicator {}, area {}, period {label}, breakdown {b}", k.0, k.1)
}

/// The same published figures: every number equal (missing equals missing).
fn same_figures(a: &ValueRow, b: &ValueRow) -> bool {
    let n = |r: &ValueRow| [r.numerator, r.denominator, r.value, r.lower_95, r.upper_95, r.lower_998, r.upper_998];
    a.period_label == b.period_label && n(a) == n(b)
}

fn omitted(imp: &Import, s: &Sourced, reason: Reason) -> Omitted {
    let r = &s.row;
    let cut = r.breakdown.label();
    Omitted { file: imp.file.clone(), line: s.line, indicator: r.indicator.clone(), area: r.org.clone(), period: r.period_label.clone(), cut, reason }
}

/// Removes repeated keys. A row that repeats an earlier one exactly (same
/// key, same figures: what joining several downloads gives) is the same
/// published value and is kept once. Other repeats follow each indicator's
/// policy: an error naming both lines, or `duplicates = "first"`. Every row
/// removed is recorded in the build report.
fn dedupe(imports: &mut [Import], meta: &Meta, errors: &mut Vec<String>) {
    let policy = |id: &str| meta.indicators.get(id).and_then(|m| m.duplicates).or(meta.bundle.duplicates).unwrap_or_default();
    let mut first: HashMap<Key, (usize, usize)> = HashMap::new();
    let mut drop: Vec<(usize, usize, Reason)> = Vec::new();
    for f in 0..imports.len() {
        for i in 0..imports[f].rows.len() {
            let r = &imports[f].rows[i];
            let k = key(&r.row);
            let Some(&(f0, i0)) = first.get(&k) else {
                first.insert(k, (f, i));
                continue;
            };
            let earlier = &imports[f0].rows[i0];
            if same_figures(&earlier.row, &r.row) {
                drop.push((f, i, Reason::ExactDuplicate { line: earlier.line, file: imports[f0].file.clone() }));
                continue;
            }
            match policy(&k.0) {
                Duplicates::Error => {
                    let same_file = if f0 == f { String::new() } else { format!(" of {}", imports[f0].file) };
                    let hint = if errors.iter().any(|e| e.contains("duplicate key")) {
                        String::new()
                    } else {
                        format!(" (if the source repeats rows on purpose, set duplicates = \"first\" for indicator {} in the --meta file)", k.0)
                    };
                    errors.push(format!(
                        "{}: line {}, columns {}: duplicate key ({}) with other figures: line {}{same_file} has the same key{hint}",
                        imports[f].file,
                        r.line,
                        imports[f].key_columns,
                        describe(&k, &r.row.period_label),
                        earlier.line,
                    ));
                }
                Duplicates::First => {
                    if earlier.row.value.is_none() && r.row.value.is_some() {
                        drop.push((f0, i0, Reason::DuplicateKept { line: r.line, file: imports[f].file.clone() }));
                        first.insert(k, (f, i));
                    } else {
                        drop.push((f, i, Reason::DuplicateKept { line: earlier.line, file: imports[f0].file.clone() }));
                    }
                }
            }
        }
    }
    let mut reasons: HashMap<(usize, usize), Reason> = HashMap::new();
    for (f, i, reason) in drop {
        reasons.insert((f, i), reason);
    }
    for (f, imp) in imports.iter_mut().enumerate() {
        let rows = std::mem::take(&mut imp.rows);
        for (i, s) in rows.into_iter().enumerate() {
            match reasons.remove(&(f, i)) {
                Some(reason) => {
                    let o = omitted(imp, &s, reason);
                    imp.omitted.push(o);
                }
                None => imp.rows.push(s),
            }
        }
    }
}

/// Row rules that need the indicator's metadata, reported at the input line.
fn check_row(imp: &Import, s: &Sourced, ind: &Indicator, errors: &mut Vec<String>) {
    let r = &s.row;
    let at = |col: &str, msg: String| format!("{}: line {}, column \"{col}\": {msg}", imp.file, s.line);
    let counted = matches!(ind.value_type, ValueType::Proportion | ValueType::Rate | ValueType::Count);
    for (x, col) in [(r.numerator, imp.numerator_column), (r.denominator, imp.denominator_column)] {
        if let Some(x) = x.filter(|x| counted && *x < 0.0) {
            errors.push(at(col, format!("expected a count of at least 0, found {x}")));
        }
    }
    if let (ValueType::Proportion, Some(n), Some(d)) = (ind.value_type, r.numerator, r.denominator) {
        if n > d + 1e-9 * d.abs().max(1.0) {
            errors.push(at(
                imp.numerator_column,
                format!("expected at most the denominator ({d}, column \"{}\") for proportion indicator {}, found {n}", imp.denominator_column, ind.id),
            ));
        }
    }
    let [lo95, hi95, lo998, hi998] = imp.limit_columns;
    for (lo, lo_c, hi, hi_c) in [(r.lower_95, lo95, r.upper_95, hi95), (r.lower_998, lo998, r.upper_998, hi998)] {
        let slack = |a: f64, b: f64| rounding_slack(a) + rounding_slack(b);
        if let (Some(l), Some(h)) = (lo, hi) {
            if l > h + slack(l, h) {
                errors.push(at(lo_c, format!("expected a lower limit at most the upper limit ({h}), found {l}")));
            }
        }
        if let (Some(v), Some(l)) = (r.value, lo) {
            if v < l - slack(v, l) {
                errors.push(at(lo_c, format!("expected a lower limit at most the value ({v}), found {l}")));
            }
        }
        if let (Some(v), Some(h)) = (r.value, hi) {
            if v > h + slack(v, h) {
                errors.push(at(hi_c, format!("expected an upper limit at least the value ({v}), found {h}")));
            }
        }
    }
}

/// Computes the 95% and 99.8% limits a row lacks, from its numerator and
/// denominator with the indicator's method (`stats::ci::limits_for`), but only
/// when the value is that numerator ÷ denominator × multiplier (or, for a
/// count, the numerator): a standardised rate's value is not, and its limits
/// cannot come from the crude counts. Returns whether the row gained limits.
pub fn fill_limits(r: &mut ValueRow, ind: &Indicator) -> bool {
    let (Some(v), Some(n)) = (r.value, r.numerator) else {
        return false;
    };
    let d = r.denominator.unwrap_or(f64::NAN);
    let implied = if ind.value_type == ValueType::Count { n } else { n / d * ind.multiplier };
    if !implied.is_finite() || (v - implied).abs() > rounding_slack(v) + 1e-9 * v.abs().max(1.0) {
        return false;
    }
    let mut gained = false;
    for (level, lo, hi) in [(Level::P95, &mut r.lower_95, &mut r.upper_95), (Level::P998, &mut r.lower_998, &mut r.upper_998)] {
        if lo.is_none() && hi.is_none() {
            if let Some(l) = limits_for(ind.value_type, ind.multiplier, n, d, level) {
                (*lo, *hi) = (Some(l.lower), Some(l.upper));
                gained = true;
            }
        }
    }
    gained
}

/// Assembles everything read into a manifest (its `files` provisional until
/// written) and value rows. Errors name input file, line and column.
pub fn assemble(
    mut imports: Vec<Import>,
    meta: &Meta,
    areas: Option<&Areas>,
    o: &Overrides,
    warnings: &mut Vec<String>,
    report: &mut BuildReport,
) -> Result<(Manifest, Vec<ValueRow>), Vec<String>> {
    let mut errors = Vec::new();
    rename_codes(&mut imports);
    for imp in imports.iter_mut() {
        let rows = std::mem::take(&mut imp.rows);
        for s in rows {
            if meta.indicators.get(&s.row.indicator).is_some_and(|m| m.skip) {
                let o = omitted(imp, &s, Reason::SkippedIndicator);
                imp.omitted.push(o);
            } else {
                imp.rows.push(s);
            }
        }
    }
    dedupe(&mut imports, meta, &mut errors);
    report.omitted.extend(imports.iter_mut().flat_map(|imp| std::mem::take(&mut imp.omitted)));

    // Indicators in order of first appearance.
    let mut order: Vec<String> = Vec::new();
    for imp in &imports {
        for id in imp.indicators.iter().map(|h| &h.id).chain(imp.rows.iter().map(|s| &s.row.indicator)) {
            if !order.contains(id) && !meta.indicators.get(id).is_some_and(|m| m.skip) {
                order.push(id.clone());
            }
        }
    }
    let mut indicators = Vec::new();
    for id in &order {
        let mut evidence = catalogue::Evidence::default();
        let mut any = false;
        for r in imports.iter().flat_map(|i| i.rows.iter()).map(|s| &s.row).filter(|r| &r.indicator == id) {
            evidence.add_row(r);
            any = true;
        }
        if !any {
            warnings.push(format!("indicator {id}: no value rows; left out"));
            continue;
        }
        let hint = imports.iter().flat_map(|i| i.indicators.iter()).find(|h| &h.id == id);
        indicators.push(catalogue::indicator(id, hint, meta.indicators.get(id), &evidence, warnings));
    }
    for id in meta.indicators.keys().filter(|id| !order.contains(id) && !meta.indicators[*id].skip) {
        warnings.push(format!("the meta file describes indicator {id}, but no input has values for it"));
    }
    let by_id: HashMap<&str, &Indicator> = indicators.iter().map(|i| (i.id.as_str(), i)).collect();
    let mut filled: BTreeMap<String, usize> = BTreeMap::new();
    for imp in imports.iter_mut() {
        for s in &imp.rows {
            if let Some(ind) = by_id.get(s.row.indicator.as_str()) {
                check_row(imp, s, ind, &mut errors);
            }
        }
        for s in imp.rows.iter_mut() {
            let Some(ind) = by_id.get(s.row.indicator.as_str()) else {
                continue;
            };
            let compute = meta.indicators.get(&ind.id).and_then(|m| m.compute_limits).unwrap_or(true);
            if compute && fill_limits(&mut s.row, ind) {
                *filled.entry(ind.id.clone()).or_default() += 1;
            }
        }
    }
    for (id, n) in filled.into_iter().filter(|(_, n)| *n > 0) {
        warnings.push(format!("indicator {id}: computed missing confidence limits for {n} rows from numerator and denominator"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut table = OrgTable::default();
    let mut sources = Vec::new();
    let mut provenance = Vec::new();
    for imp in &mut imports {
        table.merge(std::mem::take(&mut imp.orgs));
        sources.extend(imp.domains.iter().cloned());
        provenance.extend(imp.provenance.clone());
    }
    for (code, name) in imports.iter().flat_map(|i| i.names.iter()) {
        table.name_if_present(code, name);
    }
    let (mut organisations, org_types) = table.finish(areas, warnings);
    let (context_variables, peer_clusters) = peer_context(&imports, &mut organisations);
    let domains = catalogue::domains(meta, &sources, &indicators, warnings);
    let hints: Vec<_> = meta.dimensions.iter().cloned().chain(imports.iter().flat_map(|i| i.dimensions.iter().cloned())).collect();
    let mut rows: Vec<ValueRow> = imports.into_iter().flat_map(|i| i.rows.into_iter().map(|s| s.row)).collect();
    // Small-number suppression last, on exact counts (roll-ups are already among the rows).
    let suppression = match super::suppress::rule(meta, &indicators).map_err(|e| vec![e])? {
        Some(rule) => {
            report.withheld = super::suppress::apply(&mut rows, &rule, &indicators, &organisations)?;
            Some(rule)
        }
        None => meta.bundle.suppression.clone(),
    };
    let dimensions = catalogue::dimensions(rows.iter().map(|r| &r.breakdown), &hints);

    let b = &meta.bundle;
    let join = |f: fn(&super::import::Provenance) -> &String| {
        let mut v: Vec<&str> = provenance.iter().map(|p| f(p).as_str()).collect();
        v.dedup();
        v.join("; ")
    };
    // What the inputs say (joined over sources), else a default.
    let mut text = |field: &str, stated: Option<String>, derived: String, fallback: &str| {
        stated_or(field, stated, if derived.is_empty() { fallback.to_string() } else { derived }, warnings)
    };
    let title = text("title", o.title.clone().or(b.title.clone()), join(|p| &p.title), "healthdash bundle");
    let publisher = text("publisher", b.publisher.clone(), join(|p| &p.publisher), "not stated");
    let licence = text("licence", b.licence.clone(), join(|p| &p.licence), "not stated");
    let attribution = text("attribution", b.attribution.clone(), join(|p| &p.attribution), "not stated");
    let published = text("published", o.published.clone().or(b.published.clone()), o.today.clone(), "");
    if healthdash_core::period::parse_iso_date(&published).is_none() {
        return Err(vec![format!("published date \"{published}\" is not a date (expected YYYY-MM-DD)")]);
    }
    let files = indicators
        .iter()
        .map(|i| DataFile {
            path: values_path(&i.id, None),
            bytes: 0,
            sha256: "0".repeat(64),
            indicators: vec![i.id.clone()],
            org_types: Vec::new(),
            breakdown_rows: None,
            rows: 0,
        })
        .collect();
    let manifest = Manifest {
        format_version: FORMAT_VERSION.into(),
        title,
        description: b.description.clone().unwrap_or_default(),
        publisher,
        licence,
        attribution,
        published,
        release: b.release.clone().filter(|r| !r.trim().is_empty()),
        demonstration: b.demonstration,
        files,
        domains,
        rating_rule: RatingRule::default(),
        breakdowns: Vec::new(),
        dimensions,
        suppression,
        indicators,
        organisations,
        org_types,
        context_variables,
        boundaries: Vec::new(),
        peer_clusters,
    };
    let problems = final_check(&manifest, &rows);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok((manifest, rows))
}

/// Applies every input's code crosswalk (old code → current code) to every
/// input's rows, organisations, context values and cluster memberships, so an
/// organisation carries its current code wherever a file used an older one.
fn rename_codes(imports: &mut [Import]) {
    let renames: HashMap<String, String> = imports.iter().flat_map(|i| i.renames.iter().cloned()).collect();
    if renames.is_empty() {
        return;
    }
    let fix = |c: &mut String| {
        if let Some(n) = renames.get(c.as_str()) {
            *c = n.clone();
        }
    };
    for imp in imports.iter_mut() {
        imp.rows.iter_mut().for_each(|s| fix(&mut s.row.org));
        imp.omitted.iter_mut().for_each(|o| fix(&mut o.area));
        imp.context.iter_mut().for_each(|(c, _, _)| fix(c));
        imp.clusters.iter_mut().for_each(|(c, _)| fix(c));
        imp.names.iter_mut().for_each(|(c, _)| fix(c));
        imp.orgs.rename(&renames);
    }
}

/// Context values and cluster memberships from every input, set on the
/// organisations the bundle holds (values for other codes are ignored); the
/// manifest's variables and clusters are those at least one organisation has.
fn peer_context(imports: &[Import], orgs: &mut [healthdash_core::bundle::Organisation]) -> (Vec<ContextVariable>, Vec<PeerCluster>) {
    let index: HashMap<String, usize> = orgs.iter().enumerate().map(|(i, o)| (o.code.clone(), i)).collect();
    let (mut used_vars, mut used_clusters) = (std::collections::BTreeSet::new(), std::collections::BTreeSet::new());
    for imp in imports {
        for (code, var, x) in &imp.context {
            if let Some(&i) = index.get(code) {
                orgs[i].context.insert(var.clone(), *x);
                used_vars.insert(var.clone());
            }
        }
        for (code, cluster) in &imp.clusters {
            if let Some(&i) = index.get(code) {
                if !orgs[i].clusters.contains(cluster) {
                    orgs[i].clusters.push(cluster.clone());
                }
                used_clusters.insert(cluster.clone());
            }
        }
    }
    let mut vars: Vec<ContextVariable> = Vec::new();
    let mut clusters: Vec<PeerCluster> = Vec::new();
    for imp in imports {
        for v in imp.context_variables.iter().filter(|v| used_vars.contains(&v.id)) {
            if !vars.iter().any(|x| x.id == v.id) {
                vars.push(v.clone());
            }
        }
        for c in imp.peer_clusters.iter().filter(|c| used_clusters.contains(&c.id)) {
            if !clusters.iter().any(|x| x.id == c.id) {
                clusters.push(c.clone());
            }
        }
    }
    (vars, clusters)
}

/// The validator's own checks on what is about to be written.
fn final_check(m: &Manifest, rows: &[ValueRow]) -> Vec<String> {
    let mut out: Vec<String> = check_manifest("manifest.json", m).iter().map(|p| format!("bundle check: {p}")).collect();
    let mut by_indicator: BTreeMap<&str, Vec<ValueRow>> = BTreeMap::new();
    for r in rows {
        by_indicator.entry(r.indicator.as_str()).or_default().push(r.clone());
    }
    for f in &m.files {
        let part = by_indicator.remove(f.indicators[0].as_str()).unwrap_or_default();
        let table = healthdash_core::bundle::ValuesTable::from_rows(&part);
        out.extend(check_values(m, f, &table).iter().map(|p| format!("bundle check: {p} (input rows sorted as read)")));
    }
    out
}
