//! Bundle validation: every rule `docs/bundle-format.md` states, as pure
//! functions over a [`Manifest`], decoded [`ValuesTable`]s and raw file bytes.
//!
//! Nothing here reads the file system: `healthdash validate` reads the folder
//! and hands the bytes in, and `healthdash build` runs the same checks on the
//! rows it is about to write, so a bundle the builder accepts is one the
//! validator accepts. Every check reports a [`Problem`] naming the file, and
//! where it applies the row (counted from 0, as Parquet readers do) and the
//! column, and carries on: the caller gets every problem, not the first.

use super::limits::{max_rows_for, MAX_FILES, MAX_INDICATORS, MAX_ORGANISATIONS, MAX_ORG_TYPES, MAX_PERIODS, MAX_ROWS, MAX_ROWS_PER_BYTE};
use super::{verify_file, BundleError, DataFile, DimensionKind, Manifest, MostDeprived, ValueType, ValuesTable};
use crate::period::parse_iso_date;
use std::collections::{HashMap, HashSet};
use std::fmt;

/// One thing wrong with a bundle.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The file at fault, relative to the bundle folder (`manifest.json`, `values/x.parquet`).
    pub file: String,
    /// Data row, counted from 0, when the problem concerns one row.
    pub row: Option<usize>,
    /// Column (values file) or field (manifest), when the problem concerns one.
    pub column: Option<String>,
    pub message: String,
}

impl Problem {
    fn new(file: &str, row: Option<usize>, column: Option<&str>, message: impl Into<String>) -> Problem {
        Problem { file: file.to_string(), row, column: column.map(str::to_string), message: message.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        match (self.row, &self.column) {
            (Some(r), Some(c)) => write!(f, ": row {r}, column \"{c}\"")?,
            (Some(r), None) => write!(f, ": row {r}")?,
            (None, Some(c)) => write!(f, ": \"{c}\"")?,
            (None, None) => {}
        }
        write!(f, ": {}", self.message)
    }
}

impl From<BundleError> for Problem {
    fn from(e: BundleError) -> Problem {
        let message = e.to_string();
        // The error's text already names the file; keep only what follows it.
        let strip = |file: &str| message.strip_prefix(&format!("{file}: ")).unwrap_or(&message).to_string();
        match &e {
            BundleError::MissingColumn { file, column } | BundleError::ColumnType { file, column, .. } => Problem::new(file, None, Some(column), strip(file)),
            BundleError::BadValue { file, row, column, message } => Problem::new(file, Some(*row), Some(column), message.clone()),
            BundleError::ManifestJson { file, .. }
            | BundleError::UnsupportedVersion { file, .. }
            | BundleError::SizeMismatch { file, .. }
            | BundleError::ChecksumMismatch { file, .. }
            | BundleError::Parquet { file, .. } => Problem::new(file, None, None, strip(file)),
            BundleError::Invalid { file, .. } => {
                Problem::new(file, None, None, message.strip_prefix(file.as_str()).unwrap_or(&message).trim_start().to_string())
            }
        }
    }
}

/// How far a value may sit outside its limits before it counts as a problem:
/// half a unit in the last decimal place the number is written with (its
/// shortest round-trip form) when it has decimals, plus a relative 1e-9 for
/// binary rounding. Published values are often rounded (Fingertips gives
/// England's 2022/23 child poverty as 15.6 with limits 15.52–15.59, computed
/// from the unrounded value), which is not an error. Whole numbers get only the
/// relative part: 61 may be an exact count, so it is taken as exact.
pub fn rounding_slack(x: f64) -> f64 {
    if !x.is_finite() {
        return 0.0;
    }
    let text = format!("{}", x.abs());
    let decimals = text.split('.').nth(1).map_or(0, str::len).min(17) as i32;
    let written = if decimals == 0 { 0.0 } else { 0.5 * 10f64.powi(-decimals) };
    written + 1e-9 * x.abs().max(1.0)
}

/// Checks the manifest on its own, before any file is used: required text and
/// dates; the counts [`super::limits`] allows; unique ids, codes and paths;
/// every cross-reference (indicators → domains, files → indicators and
/// organisation types, organisations → parents, types, clusters and context
/// variables); periods; the rating rule; and each file's declared rows
/// against its size. Every check is a hash lookup or a walk, so a manifest
/// at the limits is checked in linear time.
pub fn check_manifest(file: &str, m: &Manifest) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut p = |field: &str, message: String| out.push(Problem::new(file, None, Some(field), message));
    for (field, text) in [("title", &m.title), ("publisher", &m.publisher), ("licence", &m.licence), ("attribution", &m.attribution)] {
        if text.trim().is_empty() {
            p(field, "must not be empty".into());
        }
    }
    if parse_iso_date(&m.published).is_none() {
        p("published", format!("\"{}\" is not a date (expected YYYY-MM-DD)", m.published));
    }
    if let Some(problem) = m.release.as_deref().and_then(super::release::id_problem) {
        p("release", problem);
    }
    for (field, count, limit) in [
        ("organisations", m.organisations.len(), MAX_ORGANISATIONS),
        ("indicators", m.indicators.len(), MAX_INDICATORS),
        ("files", m.files.len(), MAX_FILES),
        ("org_types", m.org_types.len(), MAX_ORG_TYPES),
        ("boundaries", m.boundaries.len(), MAX_ORG_TYPES),
    ] {
        if count > limit {
            p(field, format!("lists {count} entries, more than the {limit} healthdash reads"));
        }
    }
    // Lists of named things: ids present and unique.
    let domains = unique_ids(&mut p, "domains", "domain", m.domains.iter().map(|d| d.id.as_str()));
    let types = unique_ids(&mut p, "org_types", "organisation type", m.org_types.iter().map(|t| t.id.as_str()));
    let variables = unique_ids(&mut p, "context_variables", "context variable", m.context_variables.iter().map(|v| v.id.as_str()));
    let clusters = unique_ids(&mut p, "peer_clusters", "peer cluster", m.peer_clusters.iter().map(|c| c.id.as_str()));
    let dimensions = unique_ids(&mut p, "dimensions", "dimension", m.dimensions.iter().map(|d| d.id.as_str()));
    let rule = &m.rating_rule;
    if rule.levels.len() != 4 || rule.levels.iter().any(|l| l.trim().is_empty()) {
        p("rating_rule", format!("needs exactly four non-empty levels, best first; found {}", rule.levels.len()));
    }
    for (name, share) in [("top_share_better", rule.top_share_better), ("bottom_share_worse", rule.bottom_share_worse)] {
        if !(0.0..=1.0).contains(&share) {
            p("rating_rule", format!("{name} {share} must be a share between 0 and 1"));
        }
    }
    let with_file: HashSet<&str> = m.files.iter().flat_map(|f| f.indicators.iter().map(String::as_str)).collect();
    let mut seen = HashSet::new();
    for (i, ind) in m.indicators.iter().enumerate() {
        let field = format!("indicators[{i}]");
        if ind.id.is_empty() {
            p(&field, "indicator id must not be empty".into());
        }
        if !seen.insert(ind.id.as_str()) {
            p(&field, format!("indicator id \"{}\" appears more than once", ind.id));
        }
        if !(ind.multiplier.is_finite() && ind.multiplier > 0.0) {
            p(&field, format!("indicator \"{}\": multiplier {} must be a positive number", ind.id, ind.multiplier));
        }
        for d in ind.domains.iter().filter(|d| !domains.contains(d.as_str())) {
            p(&field, format!("indicator \"{}\": domain \"{d}\" is not in the manifest's domains", ind.id));
        }
        if !with_file.contains(ind.id.as_str()) {
            p(&field, format!("indicator \"{}\" has no data file in \"files\"", ind.id));
        }
        if ind.periods.len() > MAX_PERIODS {
            p(&field, format!("indicator \"{}\" lists {} periods, more than the {MAX_PERIODS} healthdash reads", ind.id, ind.periods.len()));
        }
        // A view picks a period by its label, so a label names one period.
        let mut labels = HashSet::new();
        for period in &ind.periods {
            match period.days() {
                Some((a, b)) if a <= b => {
                    if !labels.insert(period.label.as_str()) {
                        p(&field, format!("indicator \"{}\": period \"{}\" is listed twice", ind.id, period.label));
                    }
                }
                Some(_) => p(&field, format!("indicator \"{}\": period \"{}\" ends before it starts", ind.id, period.label)),
                None => p(&field, format!("indicator \"{}\": period \"{}\" needs start and end dates (YYYY-MM-DD)", ind.id, period.label)),
            }
        }
    }
    let codes: HashMap<&str, usize> = m.organisations.iter().enumerate().rev().map(|(i, o)| (o.code.as_str(), i)).collect();
    let mut seen = HashSet::new();
    for (i, o) in m.organisations.iter().enumerate() {
        let field = format!("organisations[{i}]");
        if o.code.is_empty() {
            p(&field, "organisation code must not be empty".into());
        }
        if !seen.insert(o.code.as_str()) {
            p(&field, format!("organisation code \"{}\" appears more than once", o.code));
        }
        let mut parents = HashSet::new();
        for parent in &o.parents {
            if !codes.contains_key(parent.as_str()) {
                p(&field, format!("organisation \"{}\": parent \"{parent}\" is not in the manifest's organisations", o.code));
            } else if *parent == o.code {
                p(&field, format!("organisation \"{}\" lists itself as a parent", o.code));
            } else if !parents.insert(parent.as_str()) {
                p(&field, format!("organisation \"{}\": parent \"{parent}\" is listed twice", o.code));
            }
        }
        if !types.is_empty() && !types.contains(o.org_type.as_str()) {
            p(&field, format!("organisation \"{}\": type \"{}\" is not in the manifest's org_types", o.code, o.org_type));
        }
        let mut own = HashSet::new();
        for c in &o.clusters {
            if !clusters.contains(c.as_str()) {
                p(&field, format!("organisation \"{}\": cluster \"{c}\" is not in the manifest's peer_clusters", o.code));
            } else if !own.insert(c.as_str()) {
                p(&field, format!("organisation \"{}\": cluster \"{c}\" is listed twice", o.code));
            }
        }
        for v in o.context.keys().filter(|v| !variables.contains(v.as_str())) {
            p(&field, format!("organisation \"{}\": context variable \"{v}\" is not in the manifest's context_variables", o.code));
        }
        if o.population.is_some_and(|x| x < 0.0 || x.is_nan()) {
            p(&field, format!("organisation \"{}\": population {} must not be negative", o.code, o.population.unwrap_or_default()));
        }
    }
    if let Some((i, chain)) = parent_cycle(m, &codes) {
        p(&format!("organisations[{i}]"), format!("parents form a cycle: {}", chain.join(" → ")));
    }
    for (i, ind) in m.indicators.iter().enumerate() {
        for combo in &ind.breakdowns {
            let mut own = HashSet::new();
            if combo.is_empty() {
                p(&format!("indicators[{i}]"), format!("indicator \"{}\": breakdowns: an empty combination (the whole population is not listed)", ind.id));
            }
            for d in combo {
                if !dimensions.contains(d.as_str()) {
                    p(&format!("indicators[{i}]"), format!("indicator \"{}\": breakdowns: \"{d}\" is not in the manifest's dimensions", ind.id));
                } else if !own.insert(d.as_str()) {
                    p(&format!("indicators[{i}]"), format!("indicator \"{}\": breakdowns: \"{d}\" is listed twice in one combination", ind.id));
                }
            }
        }
    }
    let version_2 = m.format_version.starts_with("2.");
    for (i, d) in m.dimensions.iter().enumerate() {
        let field = format!("dimensions[{i}]");
        if !d.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
            p(&field, format!("dimension id \"{}\" may hold only lower-case letters, digits and _ (it names the column dim_{})", d.id, d.id));
        }
        if d.name.trim().is_empty() {
            p(&field, format!("dimension \"{}\": name must not be empty", d.id));
        }
        if version_2 && d.categories.is_empty() {
            p(&field, format!("dimension \"{}\" lists no categories", d.id));
        }
        let mut own = HashSet::new();
        for c in &d.categories {
            if c.is_empty() {
                p(&field, format!("dimension \"{}\": a category is empty (an empty or null category is the whole population)", d.id));
            } else if !own.insert(c.as_str()) {
                p(&field, format!("dimension \"{}\": category \"{c}\" is listed twice", d.id));
            }
        }
        match (d.kind, d.quantiles, d.most_deprived) {
            (DimensionKind::Deprivation, Some(5 | 10), Some(_)) => {}
            (DimensionKind::Deprivation, q, m) => p(
                &field,
                format!(
                    "deprivation dimension \"{}\" needs quantiles 10 or 5 (found {}) and most_deprived \"first\" or \"last\" (found {})",
                    d.id,
                    q.map_or("none".to_string(), |q| q.to_string()),
                    match m {
                        Some(MostDeprived::First) => "first",
                        Some(MostDeprived::Last) => "last",
                        None => "none",
                    }
                ),
            ),
            (_, None, None) => {}
            (kind, _, _) => p(&field, format!("dimension \"{}\" is of kind {}: quantiles and most_deprived are for deprivation only", d.id, kind.id())),
        }
        if let Some(q) = d.quantiles.filter(|q| !d.categories.is_empty() && d.categories.len() != *q as usize) {
            p(&field, format!("dimension \"{}\": {q} quantiles but {} categories", d.id, d.categories.len()));
        }
    }
    if let Some(s) = &m.suppression {
        if s.below == 0 {
            p("suppression", "below must be a count of at least 1".into());
        }
    }
    let known_type = |t: &str| types.contains(t) || m.organisations.iter().any(|o| o.org_type == t);
    for (field, message) in super::boundary_problems(&m.boundaries, known_type) {
        p(&field, message);
    }
    let indicators: HashSet<&str> = m.indicators.iter().map(|i| i.id.as_str()).collect();
    let mut seen = HashSet::new();
    for (i, f) in m.files.iter().enumerate() {
        let field = format!("files[{i}]");
        let path_ok = !f.path.is_empty()
            && !f.path.starts_with('/')
            && !f.path.contains('\\')
            && !f.path.contains(':')
            && f.path.split('/').all(|part| !part.is_empty() && part != "..")
            && f.path.ends_with(".parquet");
        if !path_ok {
            p(&field, format!("path \"{}\" must be a relative path to a .parquet file inside the bundle", f.path));
        }
        if !seen.insert(f.path.as_str()) {
            p(&field, format!("path \"{}\" appears more than once", f.path));
        }
        if f.sha256.len() != 64 || !f.sha256.chars().all(|c| c.is_ascii_hexdigit()) {
            p(&field, format!("sha256 \"{}\" is not 64 hexadecimal digits", f.sha256));
        }
        if f.indicators.is_empty() {
            p(&field, "lists no indicators (a reader finds a file by its indicators)".into());
        }
        let mut own = HashSet::new();
        for id in &f.indicators {
            if !indicators.contains(id.as_str()) {
                p(&field, format!("indicator \"{id}\" is not in the manifest's indicators"));
            } else if !own.insert(id.as_str()) {
                p(&field, format!("indicator \"{id}\" is listed twice"));
            }
        }
        let mut own = HashSet::new();
        for t in &f.org_types {
            if !types.contains(t.as_str()) {
                p(&field, format!("organisation type \"{t}\" is not in the manifest's org_types"));
            } else if !own.insert(t.as_str()) {
                p(&field, format!("organisation type \"{t}\" is listed twice"));
            }
        }
        if let Some(super::BreakdownRows::Unknown(value)) = &f.breakdown_rows {
            p(
                &field,
                format!(
                    "breakdown_rows \"{value}\" is not one of \"none\" (every row the whole population) or \"only\" (every row cut by a dimension); leave it out when the file may hold both"
                ),
            );
        }
        if f.rows > MAX_ROWS {
            p(&field, format!("declares {} rows, more than the {MAX_ROWS} healthdash reads from one file", f.rows));
        } else if f.rows > max_rows_for(f.bytes) {
            p(&field, format!("declares {} rows, more than a file of {} bytes can hold (at most {MAX_ROWS_PER_BYTE} rows a byte)", f.rows, f.bytes));
        }
    }
    // Two files may share an indicator only when they hold different
    // organisation types, or (3.0) declare different `breakdown_rows`, one
    // the whole population and the other breakdowns; otherwise a row could
    // be in both, and which one a view shows would depend on which file it
    // loaded. Per indicator and kind of row (whole population, breakdown):
    // the first file holding each type, and the first holding any type.
    let mut holders: HashMap<(&str, Option<&str>, bool), usize> = HashMap::new();
    let mut any_type: HashMap<(&str, bool), usize> = HashMap::new();
    for (i, f) in m.files.iter().enumerate() {
        let kinds = [(false, f.may_hold_whole()), (true, f.may_hold_breakdowns())];
        for id in f.indicators.iter().map(String::as_str) {
            let mut reported = false;
            for (cut, _) in kinds.iter().filter(|(_, held)| *held) {
                let clash = if f.org_types.is_empty() {
                    holders.get(&(id, None, *cut)).copied()
                } else {
                    any_type.get(&(id, *cut)).copied().or_else(|| f.org_types.iter().find_map(|t| holders.get(&(id, Some(t.as_str()), *cut)).copied()))
                };
                if let Some(other) = clash.filter(|&j| j != i && !reported).and_then(|j| m.files.get(j)) {
                    let why = match (&f.breakdown_rows, &other.breakdown_rows) {
                        (None, None) => String::new(),
                        _ if *cut => ", and both may hold breakdown rows (see their \"breakdown_rows\")".to_string(),
                        _ => ", and both may hold whole-population rows (see their \"breakdown_rows\")".to_string(),
                    };
                    p(&format!("files[{i}]"), format!("holds indicator \"{id}\" for the same organisation types as \"{}\"{why}", other.path));
                    reported = true;
                }
                // Any file holding the indicator clashes with a later any-type file.
                holders.entry((id, None, *cut)).or_insert(i);
                if f.org_types.is_empty() {
                    any_type.entry((id, *cut)).or_insert(i);
                }
                for t in &f.org_types {
                    holders.entry((id, Some(t.as_str()), *cut)).or_insert(i);
                }
            }
        }
    }
    // A partition in two files needs a 3.x reader: a 2.x one refuses the pair
    // (above, before 3.0), so the manifest must say so.
    let major = |v: &str| v.split('.').next().and_then(|x| x.parse::<u32>().ok()).unwrap_or(0);
    if m.lowest_version() == "3.0" && major(&m.format_version) < 3 {
        p(
            "format_version",
            format!(
                "is \"{}\", but a partition's whole-population and breakdown rows are in two files (breakdown_rows \"none\" and \"only\"), which needs format 3.0: a {}.x reader refuses them",
                m.format_version,
                major(&m.format_version)
            ),
        );
    }
    out
}

/// The ids of one of the manifest's lists, each reported when empty or repeated.
fn unique_ids<'a>(p: &mut impl FnMut(&str, String), list: &str, what: &str, ids: impl Iterator<Item = &'a str>) -> HashSet<&'a str> {
    let mut seen = HashSet::new();
    for (i, id) in ids.enumerate() {
        if id.is_empty() {
            p(&format!("{list}[{i}]"), format!("{what} id must not be empty"));
        } else if !seen.insert(id) {
            p(&format!("{list}[{i}]"), format!("{what} id \"{id}\" appears more than once"));
        }
    }
    seen
}

/// The first cycle among the organisations' parent links, if any: the index
/// of an organisation on it and the codes around it. A cycle would put an
/// organisation among its own ancestors and members. Depth-first, with each
/// organisation finished once, so linear in organisations and links.
fn parent_cycle(m: &Manifest, codes: &HashMap<&str, usize>) -> Option<(usize, Vec<String>)> {
    // 0: not visited, 1: on the current path, 2: finished.
    let mut state = vec![0u8; m.organisations.len()];
    for root in 0..m.organisations.len() {
        if state.get(root) != Some(&0) {
            continue;
        }
        // (organisation, next parent to follow)
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        if let Some(s) = state.get_mut(root) {
            *s = 1;
        }
        while let Some(&mut (org, ref mut next)) = stack.last_mut() {
            let parent = m.organisations.get(org).and_then(|o| o.parents.get(*next)).and_then(|c| codes.get(c.as_str()).copied());
            let more = m.organisations.get(org).is_some_and(|o| *next < o.parents.len());
            *next += 1;
            match (more, parent) {
                (false, _) => {
                    if let Some(s) = state.get_mut(org) {
                        *s = 2;
                    }
                    stack.pop();
                }
                (true, Some(p)) if p != org => match state.get(p) {
                    Some(0) => {
                        if let Some(s) = state.get_mut(p) {
                            *s = 1;
                        }
                        stack.push((p, 0));
                    }
                    Some(1) => {
                        let from = stack.iter().position(|&(o, _)| o == p).unwrap_or(0);
                        let mut chain: Vec<String> = stack.iter().skip(from).filter_map(|&(o, _)| m.organisations.get(o).map(|x| x.code.clone())).collect();
                        chain.extend(m.organisations.get(p).map(|x| x.code.clone()));
                        return Some((p, chain));
                    }
                    _ => {}
                },
                // A dangling or self parent is reported on its own.
                (true, _) => {}
            }
        }
    }
    None
}

/// Checks one data file's bytes: size and checksum against the manifest, then
/// decodes it (schema) and checks its rows. Returns the decoded table when the
/// file could be decoded.
pub fn check_data_file(m: &Manifest, file: &DataFile, bytes: &[u8]) -> (Vec<Problem>, Option<ValuesTable>) {
    let mut out = Vec::new();
    if let Err(e) = verify_file(file, bytes) {
        out.push(Problem::from(e));
    }
    match super::decode_values(&file.path, bytes) {
        Ok(table) => {
            out.extend(check_values(m, file, &table));
            (out, Some(table))
        }
        Err(e) => {
            out.push(Problem::from(e));
            (out, None)
        }
    }
}

/// Checks decoded rows against the manifest and the format's row rules.
///
/// Organisations and indicators unknown to the manifest are reported once per
/// code (first row and count) rather than once per row.
///
/// A table whose columns differ in length, or whose codes point past their
/// dictionaries, is refused first, with nothing else checked: every index
/// below is then in bounds (rows below `t.len()`, codes below their
/// dictionary's length), hence the `allow`.
#[allow(clippy::indexing_slicing)]
pub fn check_values(m: &Manifest, file: &DataFile, t: &ValuesTable) -> Vec<Problem> {
    let name = file.path.as_str();
    let mut out = Vec::new();
    if let Some(problem) = t.shape_problem() {
        out.push(Problem::new(name, None, None, problem));
        return out;
    }
    // By id, so a file of many distinct strings costs one lookup each.
    let by_id: HashMap<&str, &super::Indicator> = m.indicators.iter().rev().map(|i| (i.id.as_str(), i)).collect();
    let indicator = |id: &str| by_id.get(id).copied();
    if file.rows > 0 && file.rows != t.len() as u64 {
        out.push(Problem::new(name, None, None, format!("the manifest lists {} rows but the file holds {}", file.rows, t.len())));
    }
    let orgs: HashSet<&str> = m.organisations.iter().map(|o| o.code.as_str()).collect();
    let unknown_codes = |col: &super::DictColumn, known: &dyn Fn(&str) -> bool| -> Vec<(usize, usize)> {
        // (dictionary code, first row) for codes that are not known, with counts below.
        let bad: Vec<bool> = col.values.iter().map(|v| !known(v)).collect();
        let mut first: HashMap<usize, usize> = HashMap::new();
        for (row, c) in col.codes.iter().enumerate() {
            if bad[*c as usize] {
                first.entry(*c as usize).or_insert(row);
            }
        }
        let mut v: Vec<(usize, usize)> = first.into_iter().collect();
        v.sort_by_key(|(_, row)| *row);
        v
    };
    let count = |col: &super::DictColumn, code: usize| col.codes.iter().filter(|c| **c as usize == code).count();
    for (code, row) in unknown_codes(&t.org, &|v: &str| orgs.contains(v)) {
        let value = &t.org.values[code];
        let n = count(&t.org, code);
        out.push(Problem::new(name, Some(row), Some("org_code"), format!("\"{value}\" is not in the manifest's organisations ({n} rows)")));
    }
    let listed = |v: &str| indicator(v).is_some() && (file.indicators.is_empty() || file.indicators.iter().any(|i| i == v));
    for (code, row) in unknown_codes(&t.indicator, &listed) {
        let value = &t.indicator.values[code];
        let n = count(&t.indicator, code);
        let why =
            if indicator(value).is_none() { "is not in the manifest's indicators" } else { "is not among the indicators the manifest lists for this file" };
        out.push(Problem::new(name, Some(row), Some("indicator_id"), format!("\"{value}\" {why} ({n} rows)")));
    }
    if !file.org_types.is_empty() {
        let types: HashMap<&str, &str> = m.organisations.iter().map(|o| (o.code.as_str(), o.org_type.as_str())).collect();
        let misplaced = |v: &str| types.get(v).is_none_or(|t| file.holds_type(t));
        for (code, row) in unknown_codes(&t.org, &misplaced) {
            let value = &t.org.values[code];
            let n = count(&t.org, code);
            let kind = types.get(value.as_str()).copied().unwrap_or_default();
            out.push(Problem::new(
                name,
                Some(row),
                Some("org_code"),
                format!("\"{value}\" is of type \"{kind}\", but the manifest lists this file for {} only ({n} rows)", file.org_types.join(", ")),
            ));
        }
    }
    // Periods: when an indicator lists its periods, every row must use one of them.
    type Listed<'a> = HashSet<(i32, i32, &'a str)>;
    let listed_periods: Vec<Option<Listed>> = t
        .indicator
        .values
        .iter()
        .map(|v| {
            let ind = indicator(v).filter(|i| !i.periods.is_empty())?;
            Some(ind.periods.iter().filter_map(|p| p.days().map(|(s, e)| (s, e, p.label.as_str()))).collect())
        })
        .collect();
    if listed_periods.iter().any(Option::is_some) {
        // Keyed by dictionary codes, so each distinct period is looked up once.
        let mut seen: HashSet<(u32, i32, i32, u32)> = HashSet::new();
        for row in 0..t.len() {
            let Some(Some(listed)) = listed_periods.get(t.indicator.codes[row] as usize) else {
                continue;
            };
            if !seen.insert((t.indicator.codes[row], t.period_start[row], t.period_end[row], t.period_label.codes[row])) {
                continue;
            }
            let key = (t.period_start[row], t.period_end[row], t.period_label.get(row));
            if !listed.contains(&key) {
                out.push(Problem::new(
                    name,
                    Some(row),
                    Some("period_label"),
                    format!(
                        "period \"{}\" ({} to {}) is not among the periods the manifest lists for indicator \"{}\"",
                        key.2,
                        crate::period::iso_date(key.0),
                        crate::period::iso_date(key.1),
                        t.indicator.get(row)
                    ),
                ));
            }
        }
    }
    // Breakdowns: every dimension declared, every category listed for it.
    let declared: HashMap<&str, &super::Dimension> = m.dimensions.iter().map(|d| (d.id.as_str(), d)).collect();
    // The first row of each key, in one pass (a file may hold many keys).
    let mut first_row: Vec<Option<usize>> = vec![None; t.breakdown.values.len()];
    for (row, c) in t.breakdown.codes.iter().enumerate() {
        if let Some(slot @ None) = first_row.get_mut(*c as usize) {
            *slot = Some(row);
        }
    }
    for (key, row) in t.breakdown.values.iter().zip(first_row) {
        let Some(row) = row else { continue };
        for (dim, category) in key.pairs() {
            let column = format!("{}{dim}", super::DIMENSION_PREFIX);
            match declared.get(dim.as_str()) {
                None => out.push(Problem::new(name, Some(row), Some(&column), format!("dimension \"{dim}\" is not in the manifest's dimensions"))),
                Some(d) if !d.categories.is_empty() && !d.categories.contains(category) => out.push(Problem::new(
                    name,
                    Some(row),
                    Some(&column),
                    format!("\"{category}\" is not among the categories the manifest lists for dimension \"{dim}\""),
                )),
                Some(_) => {}
            }
        }
    }
    // The file's declaration (2.1): only whole-population rows, or only breakdown rows.
    let offends = |k: &super::BreakdownKey| match &file.breakdown_rows {
        Some(super::BreakdownRows::None) => !k.is_whole(),
        Some(super::BreakdownRows::Only) => k.is_whole(),
        _ => false,
    };
    let bad: Vec<bool> = t.breakdown.values.iter().map(offends).collect();
    if let Some(row) = t.breakdown.codes.iter().position(|c| bad[*c as usize]) {
        let n = t.breakdown.codes.iter().filter(|c| bad[**c as usize]).count();
        let key = &t.breakdown.values[t.breakdown.codes[row] as usize];
        let declared = file.breakdown_rows.as_ref().map(super::BreakdownRows::as_str).unwrap_or_default();
        match key.pairs().first() {
            Some((dim, category)) => {
                let column = format!("{}{dim}", super::DIMENSION_PREFIX);
                let message = format!(
                    "the manifest declares \"breakdown_rows\": \"{declared}\" for this file, but {column} is \"{category}\" ({n} rows are cut by a dimension)"
                );
                out.push(Problem::new(name, Some(row), Some(&column), message));
            }
            None => {
                let message = format!("the manifest declares \"breakdown_rows\": \"{declared}\" for this file, but every dim_ column is null: a whole-population row ({n} such rows)");
                out.push(Problem::new(name, Some(row), None, message));
            }
        }
    }
    if m.suppression.is_none() {
        if let Some(row) = t.suppressed.iter().position(|s| *s) {
            let n = t.suppressed.iter().filter(|s| **s).count();
            out.push(Problem::new(
                name,
                Some(row),
                Some(super::SUPPRESSED_COLUMN),
                format!("{n} rows are suppressed but the manifest states no suppression rule"),
            ));
        }
    }
    let kinds: Vec<Option<ValueType>> = t.indicator.values.iter().map(|v| indicator(v).map(|i| i.value_type)).collect();
    for row in 0..t.len() {
        check_row(name, t, row, kinds[t.indicator.codes[row] as usize], &mut out);
    }
    // Duplicate keys. Files in the order healthdash writes them (each row's key
    // after the one before) have none, which one pass over neighbours proves;
    // any other order is checked with a hash map, which also names the rows.
    let key = |row: usize| (t.indicator.codes[row], t.org.codes[row], t.period_start[row], t.period_end[row]);
    let breakdown = |row: usize| &t.breakdown.values[t.breakdown.codes[row] as usize];
    let ascending = (1..t.len()).all(|row| {
        let (a, b) = (key(row - 1), key(row));
        a < b || (a == b && breakdown(row - 1) < breakdown(row))
    });
    if !ascending {
        let mut keys: HashMap<(u32, u32, i32, i32, u32), usize> = HashMap::with_capacity(t.len());
        for row in 0..t.len() {
            let (i, o, s, e) = key(row);
            let k = (i, o, s, e, t.breakdown.codes[row]);
            if let Some(first) = keys.insert(k, row) {
                keys.insert(k, first);
                out.push(Problem::new(
                    name,
                    Some(row),
                    None,
                    format!(
                        "duplicate key: indicator \"{}\", organisation \"{}\", period \"{}\", breakdown \"{}\" already appears at row {first}",
                        t.indicator.get(row),
                        t.org.get(row),
                        t.period_label.get(row),
                        match breakdown(row).label() {
                            l if l.is_empty() => "whole population".to_string(),
                            l => l,
                        }
                    ),
                ));
            }
        }
    }
    out
}

/// `row` is below `t.len()` and `t` is rectangular (see [`check_values`]).
#[allow(clippy::indexing_slicing)]
fn check_row(file: &str, t: &ValuesTable, row: usize, kind: Option<ValueType>, out: &mut Vec<Problem>) {
    let mut p = |column: &str, message: String| out.push(Problem::new(file, Some(row), Some(column), message));
    if t.period_start[row] > t.period_end[row] {
        p(
            "period_end",
            format!("period ends ({}) before it starts ({})", crate::period::iso_date(t.period_end[row]), crate::period::iso_date(t.period_start[row])),
        );
    }
    if t.suppressed[row] {
        if let Some((name, col)) = t.number_columns().into_iter().find(|(_, col)| !col[row].is_nan()) {
            p(name, format!("the row is suppressed, so its numbers must all be null; {name} is {}", col[row]));
        }
    }
    for (name, col) in t.number_columns() {
        if col[row].is_infinite() {
            p(name, format!("{} is not a finite number", col[row]));
        }
    }
    let v = t.value[row];
    // Each test compares exactly first: the slack (which formats the numbers)
    // is worked out only for the rare row that fails, so checking stays cheap.
    for (lo_name, lo, hi_name, hi) in
        [("lower_95", t.lower_95[row], "upper_95", t.upper_95[row]), ("lower_998", t.lower_998[row], "upper_998", t.upper_998[row])]
    {
        if lo.is_finite() && hi.is_finite() && lo > hi && lo > hi + rounding_slack(lo) + rounding_slack(hi) {
            p(lo_name, format!("lower limit {lo} is above the upper limit {hi}"));
        }
        if v.is_finite() && lo.is_finite() && v < lo && v < lo - rounding_slack(v) - rounding_slack(lo) {
            p(lo_name, format!("value {v} is below its lower limit {lo}"));
        }
        if v.is_finite() && hi.is_finite() && v > hi && v > hi + rounding_slack(v) + rounding_slack(hi) {
            p(hi_name, format!("value {v} is above its upper limit {hi}"));
        }
    }
    // Counts of events and of people are never negative, whatever the value type
    // (a value itself may be, e.g. a change or a variance).
    let (n, d) = (t.numerator[row], t.denominator[row]);
    if n.is_finite() && n < 0.0 {
        p("numerator", format!("numerator {n} is negative"));
    }
    if d.is_finite() && d < 0.0 {
        p("denominator", format!("denominator {d} is negative"));
    }
    if kind == Some(ValueType::Proportion) && n.is_finite() && d.is_finite() && n > d + 1e-9 * d.abs().max(1.0) {
        p("numerator", format!("numerator {n} is greater than the denominator {d} for a proportion"));
    }
}

/// Checks a whole bundle: the manifest text, then every data file, whose bytes
/// `read` supplies by path (None when the file is absent).
pub fn check_bundle(manifest_name: &str, manifest_json: &str, mut read: impl FnMut(&str) -> Option<Vec<u8>>) -> (Vec<Problem>, Option<Manifest>) {
    let m = match Manifest::parse(manifest_name, manifest_json) {
        Ok(m) => m,
        Err(e) => return (vec![Problem::from(e)], None),
    };
    let mut out = check_manifest(manifest_name, &m);
    for f in &m.files {
        match read(&f.path) {
            Some(bytes) => out.extend(check_data_file(&m, f, &bytes).0),
            None => out.push(Problem::new(&f.path, None, None, "listed in the manifest but missing from the bundle")),
        }
    }
    for b in &m.boundaries {
        match read(&b.path).map(|bytes| b.verify(&bytes)) {
            Some(Ok(())) => {}
            Some(Err(e)) => out.push(Problem::from(e)),
            None => out.push(Problem::new(&b.path, None, None, "listed in the manifest but missing from the bundle")),
        }
    }
    (out, Some(m))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::{encode_values, sha256_hex, BreakdownKey, EncodeOptions, Indicator, Organisation, Polarity, ValueRow};

    fn manifest() -> Manifest {
        let mut m = Manifest::from_json(
            "manifest.json",
            r#"{"format_version":"2.0","title":"T","publisher":"P","licence":"OGL","attribution":"A","published":"2026-01-01"}"#,
        )
        .unwrap();
        let mut p = Indicator::new("p", "P", ValueType::Proportion, Polarity::HigherIsBetter);
        (p.multiplier, p.unit, p.period_type, p.aggregatable) = (100.0, "%".into(), "year".into(), true);
        m.indicators.push(p);
        m.dimensions.push(crate::bundle::Dimension::from_legacy("sex", None, &["Female".into(), "Male".into()]).unwrap());
        m.organisations.push(Organisation {
            code: "A".into(),
            name: "A".into(),
            org_type: "icb".into(),
            parents: vec![],
            population: None,
            context: Default::default(),
            clusters: vec![],
        });
        m
    }

    fn row(org: &str, start: i32) -> ValueRow {
        ValueRow {
            numerator: Some(40.0),
            denominator: Some(80.0),
            value: Some(50.0),
            lower_95: Some(39.3),
            upper_95: Some(60.7),
            ..ValueRow::new("p", org, start, start + 364, "2020")
        }
    }

    fn check(rows: &[ValueRow]) -> Vec<Problem> {
        let m = manifest();
        let bytes = encode_values(rows, EncodeOptions::default()).unwrap();
        let f = DataFile {
            path: "values/p.parquet".into(),
            bytes: bytes.len() as u64,
            sha256: sha256_hex(&bytes),
            indicators: vec!["p".into()],
            org_types: Vec::new(),
            breakdown_rows: None,
            rows: rows.len() as u64,
        };
        check_data_file(&m, &f, &bytes).0
    }

    #[test]
    fn a_good_file_has_no_problems() {
        assert_eq!(check(&[row("A", 18262), row("A", 18628)]), vec![]);
    }

    #[test]
    fn each_row_rule_names_row_and_column() {
        let mut over = row("A", 1);
        over.numerator = Some(81.0);
        let mut outside = row("A", 2);
        outside.value = Some(61.0);
        let mut backwards = row("A", 3);
        backwards.period_end = 0;
        let mut infinite = row("A", 4);
        infinite.upper_998 = Some(f64::INFINITY);
        let problems = check(&[row("A", 0), over, outside, backwards, infinite, row("A", 0), row("B", 0)]);
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        let has = |s: &str| text.iter().any(|t| t.contains(s));
        assert!(has("row 1, column \"numerator\": numerator 81 is greater than the denominator 80"), "{text:#?}");
        assert!(has("row 2, column \"upper_95\": value 61 is above its upper limit 60.7"), "{text:#?}");
        assert!(has("row 3, column \"period_end\""), "{text:#?}");
        assert!(has("row 4, column \"upper_998\": inf is not a finite number"), "{text:#?}");
        assert!(has("row 5: duplicate key") && has("already appears at row 0"), "{text:#?}");
        assert!(has("row 6, column \"org_code\": \"B\" is not in the manifest's organisations (1 rows)"), "{text:#?}");
        assert_eq!(problems.len(), 6, "{text:#?}");
    }

    #[test]
    fn duplicates_are_found_in_written_order_as_in_any_other() {
        // In key order (as healthdash writes): none, or the neighbour repeated.
        assert_eq!(check(&[row("A", 0), row("A", 1), row("A", 2)]), vec![]);
        let text: Vec<String> = check(&[row("A", 0), row("A", 1), row("A", 1), row("A", 2)]).iter().map(|p| p.to_string()).collect();
        assert_eq!(text.len(), 1, "{text:#?}");
        assert!(text[0].contains("row 2: duplicate key") && text[0].contains("already appears at row 1"), "{text:#?}");
        // Out of order: still found.
        let text: Vec<String> = check(&[row("A", 2), row("A", 0), row("A", 2)]).iter().map(|p| p.to_string()).collect();
        assert!(text.len() == 1 && text[0].contains("row 2: duplicate key") && text[0].contains("at row 0"), "{text:#?}");
    }

    #[test]
    fn rounded_published_values_may_sit_just_outside_their_limits() {
        let mut r = row("A", 0);
        (r.value, r.lower_95, r.upper_95) = (Some(15.6), Some(15.52), Some(15.59));
        assert_eq!(check(&[r.clone()]), vec![]);
        r.value = Some(15.7);
        assert_eq!(check(&[r]).len(), 1);
    }

    #[test]
    fn checksum_and_manifest_references_are_checked() {
        let m = manifest();
        let bytes = encode_values(&[row("A", 0)], EncodeOptions::default()).unwrap();
        let f = DataFile {
            path: "values/p.parquet".into(),
            bytes: bytes.len() as u64,
            sha256: sha256_hex(b"other"),
            indicators: vec!["p".into()],
            org_types: Vec::new(),
            breakdown_rows: None,
            rows: 1,
        };
        let problems = check_data_file(&m, &f, &bytes).0;
        assert_eq!(problems.len(), 1);
        assert!(problems[0].to_string().starts_with("values/p.parquet: SHA-256"), "{}", problems[0]);
        let problems = check_manifest("manifest.json", &m);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].to_string(), "manifest.json: \"indicators[0]\": indicator \"p\" has no data file in \"files\"");
    }

    #[test]
    fn breakdowns_must_use_declared_dimensions_and_categories() {
        let mut a = row("A", 0);
        a.breakdown = BreakdownKey::one("sex", "Female");
        let mut b = row("A", 0);
        b.breakdown = BreakdownKey::of([("sex", "Female"), ("age", "0-4")]);
        let mut c = row("A", 0);
        c.breakdown = BreakdownKey::one("sex", "Other");
        let text: Vec<String> = check(&[row("A", 0), a, b, c]).iter().map(|p| p.to_string()).collect();
        assert_eq!(
            text,
            [
                "values/p.parquet: row 2, column \"dim_age\": dimension \"age\" is not in the manifest's dimensions",
                "values/p.parquet: row 3, column \"dim_sex\": \"Other\" is not among the categories the manifest lists for dimension \"sex\"",
            ]
        );
    }

    #[test]
    fn a_suppressed_row_has_no_numbers_and_needs_the_manifests_rule() {
        let mut s = row("A", 1);
        s.suppressed = Some(true);
        let text: Vec<String> = check(&[row("A", 0), s.clone()]).iter().map(|p| p.to_string()).collect();
        assert_eq!(
            text,
            [
                "values/p.parquet: row 1, column \"suppressed\": 1 rows are suppressed but the manifest states no suppression rule",
                "values/p.parquet: row 1, column \"numerator\": the row is suppressed, so its numbers must all be null; numerator is 40",
            ]
        );
        let blank = ValueRow { suppressed: Some(true), ..ValueRow::new("p", "A", 1, 365, "2020") };
        let mut m = manifest();
        m.suppression =
            Some(crate::bundle::Suppression { below: 5, complementary: true, description: "counts under 5".into(), indicators: Default::default() });
        let bytes = encode_values(&[row("A", 0), blank], EncodeOptions::default()).unwrap();
        let f = DataFile {
            path: "v.parquet".into(),
            bytes: bytes.len() as u64,
            sha256: sha256_hex(&bytes),
            indicators: vec!["p".into()],
            org_types: vec![],
            breakdown_rows: None,
            rows: 2,
        };
        assert_eq!(check_data_file(&m, &f, &bytes).0, vec![]);
    }

    #[test]
    fn dimension_declarations_are_checked() {
        let mut m = manifest();
        m.files.push(DataFile {
            path: "v.parquet".into(),
            bytes: 100,
            sha256: "0".repeat(64),
            indicators: vec!["p".into()],
            org_types: vec![],
            breakdown_rows: None,
            rows: 0,
        });
        let mut dep = crate::bundle::Dimension::from_legacy("deprivation_decile", None, &["1".into(), "2".into()]).unwrap();
        dep.id = "Dep-Decile".into();
        let mut age = crate::bundle::Dimension::from_legacy("age", None, &[]).unwrap();
        age.quantiles = Some(5);
        m.dimensions.extend([dep, age]);
        m.indicators[0].breakdowns = vec![vec!["sex".into(), "ethnicity".into()]];
        let text: Vec<String> = check_manifest("manifest.json", &m).iter().map(|p| p.to_string()).collect();
        assert_eq!(
            text,
            [
                "manifest.json: \"indicators[0]\": indicator \"p\": breakdowns: \"ethnicity\" is not in the manifest's dimensions",
                "manifest.json: \"dimensions[1]\": dimension id \"Dep-Decile\" may hold only lower-case letters, digits and _ (it names the column dim_Dep-Decile)",
                "manifest.json: \"dimensions[1]\": dimension \"Dep-Decile\": 10 quantiles but 2 categories",
                "manifest.json: \"dimensions[2]\": dimension \"age\" lists no categories",
                "manifest.json: \"dimensions[2]\": dimension \"age\" is of kind age: quantiles and most_deprived are for deprivation only",
            ]
        );
    }

    /// A file of `rows` listed with `declared` as its `breakdown_rows`.
    fn check_declared(rows: &[ValueRow], declared: Option<crate::bundle::BreakdownRows>) -> Vec<String> {
        let bytes = encode_values(rows, EncodeOptions::default()).unwrap();
        let f = DataFile {
            path: "values/p/icb.parquet".into(),
            bytes: bytes.len() as u64,
            sha256: sha256_hex(&bytes),
            indicators: vec!["p".into()],
            org_types: vec![],
            breakdown_rows: declared,
            rows: rows.len() as u64,
        };
        check_data_file(&manifest(), &f, &bytes).0.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn a_files_breakdown_rows_declaration_must_hold_for_every_row() {
        use crate::bundle::BreakdownRows;
        let cut = |start: i32, sex: &str| ValueRow { breakdown: BreakdownKey::one("sex", sex), ..row("A", start) };
        let mixed = [row("A", 0), cut(0, "Female"), cut(0, "Male"), row("A", 1), cut(1, "Male")];
        assert_eq!(check_declared(&mixed, None), Vec::<String>::new(), "undeclared: any rows");
        assert_eq!(
            check_declared(&mixed, Some(BreakdownRows::None)),
            ["values/p/icb.parquet: row 1, column \"dim_sex\": the manifest declares \"breakdown_rows\": \"none\" for this file, but dim_sex is \"Female\" (3 rows are cut by a dimension)"]
        );
        assert_eq!(
            check_declared(&mixed, Some(BreakdownRows::Only)),
            ["values/p/icb.parquet: row 0: the manifest declares \"breakdown_rows\": \"only\" for this file, but every dim_ column is null: a whole-population row (2 such rows)"]
        );
        assert_eq!(check_declared(&[row("A", 0), row("A", 1)], Some(BreakdownRows::None)), Vec::<String>::new());
        assert_eq!(check_declared(&[cut(0, "Female"), cut(1, "Male")], Some(BreakdownRows::Only)), Vec::<String>::new());
    }

    #[test]
    fn files_may_share_an_indicator_and_type_only_when_one_holds_the_whole_population_and_the_other_breakdowns() {
        use crate::bundle::BreakdownRows;
        let file = |path: &str, declared: Option<BreakdownRows>| DataFile {
            path: path.into(),
            bytes: 100,
            sha256: "0".repeat(64),
            indicators: vec!["p".into()],
            org_types: vec!["icb".into()],
            breakdown_rows: declared,
            rows: 0,
        };
        let problems = |files: Vec<DataFile>| -> Vec<String> {
            let mut m = manifest();
            m.org_types.push(crate::bundle::OrgType { id: "icb".into(), name: "ICB".into(), level: 2 });
            m.files = files;
            m.format_version = crate::bundle::FORMAT_VERSION.into();
            check_manifest("manifest.json", &m).iter().map(|p| p.to_string()).collect()
        };
        let (whole, groups) = ("values/p/icb.parquet", "values/p/icb.breakdowns.parquet");
        assert_eq!(problems(vec![file(whole, Some(BreakdownRows::None)), file(groups, Some(BreakdownRows::Only))]), Vec::<String>::new());
        // The pair needs format 3.0, and a manifest that says 2.x is told so.
        let mut m = manifest();
        m.org_types.push(crate::bundle::OrgType { id: "icb".into(), name: "ICB".into(), level: 2 });
        m.files = vec![file(whole, Some(BreakdownRows::None)), file(groups, Some(BreakdownRows::Only))];
        assert_eq!(m.lowest_version(), "3.0");
        m.format_version = "2.1".into();
        let said: Vec<String> = check_manifest("manifest.json", &m).iter().map(|p| p.to_string()).collect();
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(said.iter().all(|s| s.contains("format_version") && s.contains("needs format 3.0: a 2.x reader refuses them")), "{said:?}");
        // Declarations alone (no partition in two files) need only 2.1.
        m.files = vec![file(whole, Some(BreakdownRows::None)), file("values/q/icb.breakdowns.parquet", Some(BreakdownRows::Only))];
        if let Some(f) = m.files.get_mut(1) {
            f.indicators = vec!["q".into()];
        }
        assert_eq!(m.lowest_version(), "2.1");
        assert_eq!(
            problems(vec![file(whole, None), file(groups, Some(BreakdownRows::Only))]),
            ["manifest.json: \"files[1]\": holds indicator \"p\" for the same organisation types as \"values/p/icb.parquet\", and both may hold breakdown rows (see their \"breakdown_rows\")"]
        );
        assert_eq!(
            problems(vec![file(whole, Some(BreakdownRows::None)), file(groups, Some(BreakdownRows::None))]),
            ["manifest.json: \"files[1]\": holds indicator \"p\" for the same organisation types as \"values/p/icb.parquet\", and both may hold whole-population rows (see their \"breakdown_rows\")"]
        );
        assert_eq!(
            problems(vec![file(whole, None), file(groups, None)]),
            ["manifest.json: \"files[1]\": holds indicator \"p\" for the same organisation types as \"values/p/icb.parquet\""]
        );
        assert_eq!(
            problems(vec![file(whole, Some(BreakdownRows::Unknown("some".into())))]),
            ["manifest.json: \"files[0]\": breakdown_rows \"some\" is not one of \"none\" (every row the whole population) or \"only\" (every row cut by a dimension); leave it out when the file may hold both"]
        );
    }

    #[test]
    fn breakdown_rows_reads_and_writes_as_a_string() {
        use crate::bundle::BreakdownRows;
        let f: DataFile = serde_json::from_str(r#"{"path":"v.parquet","bytes":1,"sha256":"","breakdown_rows":"only"}"#).unwrap();
        assert_eq!(f.breakdown_rows, Some(BreakdownRows::Only));
        assert!(serde_json::to_string(&f).unwrap().contains(r#""breakdown_rows":"only""#));
        let f: DataFile = serde_json::from_str(r#"{"path":"v.parquet","bytes":1,"sha256":"","breakdown_rows":"both"}"#).unwrap();
        assert_eq!(f.breakdown_rows, Some(BreakdownRows::Unknown("both".into())));
        let f: DataFile = serde_json::from_str(r#"{"path":"v.parquet","bytes":1,"sha256":""}"#).unwrap();
        assert!(f.breakdown_rows.is_none() && !serde_json::to_string(&f).unwrap().contains("breakdown_rows"), "absent stays absent");
    }

    #[test]
    fn slack_follows_the_written_precision() {
        assert!((rounding_slack(15.6) - 0.05).abs() < 1e-7);
        assert!(rounding_slack(6.93158962798202) < 1e-8);
        assert!(rounding_slack(100.0) < 1e-6);
    }
}
