//! A whole bundle, manifest and files together, mutated with structure and run
//! through every step the app takes: whatever a publisher writes, healthdash
//! answers with figures or an error, never a panic.
//!
//! The other targets take the manifest text and the Parquet reader apart; a
//! bundle whose manifest and files disagree (a file listing an indicator the
//! manifest dropped, rows of an organisation whose parent is gone, periods
//! the manifest does not list, two entries for one path …) reaches neither.
//! Here `arbitrary` turns the input into a list of edits to a small valid
//! bundle built in memory — entries of the manifest's lists dropped,
//! duplicated or swapped, codes and references pointed elsewhere or nowhere,
//! periods moved, rows dropped, duplicated or recoded, declared row counts
//! changed — and into a few links. Each file is encoded with healthdash's own
//! writer and given its true size and SHA-256 (a wrong checksum only ever
//! stops a bundle earlier). Then, as `src/session.rs` does, for each link:
//! `resolve`, `files_needed`, `Dataset::add_file`, `compute`, `charts_for`
//! and `view_csv`, for up to six links (any view, organisation, indicator,
//! period, breakdown, peers, benchmark and level) and the default overview.
//!
//! The manifest goes through `Manifest::from_json` (the app's gate, which
//! refuses most of these bundles); the unchecked manifest is run as well, so
//! the engine itself stays total for a caller that skips the gate.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use healthdash_core::bundle::{
    encode_values, sha256_hex, BreakdownKey, BreakdownRows, ContextVariable, DataFile, Domain, EncodeOptions, Indicator, Manifest, OrgType, Organisation,
    PeerCluster, PeriodDef, Polarity, RatingRule, ValueRow, ValueType,
};
use healthdash_core::chart::charts_for;
use healthdash_core::table::Dataset;
use healthdash_core::view::{compute, files_needed, parse_query, resolve, view_csv};
use libfuzzer_sys::fuzz_target;
use std::collections::{BTreeMap, HashMap};

const ORGS: [(&str, &str, &[&str], &str); 7] = [
    ("E92000001", "country", &[], ""),
    ("R1", "region", &["E92000001"], ""),
    ("R2", "region", &["E92000001"], ""),
    ("I1", "icb", &["R1"], "teaching"),
    ("I2", "icb", &["R1"], "general"),
    ("I3", "icb", &["R2"], "teaching"),
    ("P1", "provider", &["I1", "R1"], "general"),
];
const TYPES: [&str; 4] = ["country", "region", "icb", "provider"];
const INDICATORS: [(&str, ValueType); 3] = [("p", ValueType::Proportion), ("c", ValueType::Count), ("r", ValueType::Rate)];
/// Years 2020–2022 as (label, first day, last day) in days since 1970-01-01.
const YEARS: [(&str, i32, i32); 3] = [("2020", 18262, 18627), ("2021", 18628, 18992), ("2022", 18993, 19357)];

fn seed_manifest() -> Manifest {
    let indicators = INDICATORS
        .iter()
        .map(|&(id, value_type)| Indicator {
            id: id.into(),
            name: format!("Indicator {id}"),
            definition: String::new(),
            domains: vec!["d".into()],
            value_type,
            multiplier: if value_type == ValueType::Count { 1.0 } else { 100.0 },
            unit: String::new(),
            polarity: Polarity::HigherIsBetter,
            target: Some(50.0),
            unit_cost: Some(10.0),
            carbon_factor: None,
            source: String::new(),
            method: String::new(),
            updated: String::new(),
            period_type: "year".into(),
            aggregatable: true,
            compute_limits: true,
            periods: YEARS.iter().map(|&(l, s, e)| PeriodDef::of(s, e, l)).collect(),
            breakdowns: Vec::new(),
        })
        .collect();
    let organisations = ORGS
        .iter()
        .map(|&(code, t, parents, cluster)| Organisation {
            code: code.into(),
            name: format!("Org {code}"),
            org_type: t.into(),
            parents: parents.iter().map(|p| p.to_string()).collect(),
            population: Some(1000.0),
            context: BTreeMap::from([("pop".to_string(), code.len() as f64)]),
            clusters: if cluster.is_empty() { vec![] } else { vec![cluster.into()] },
        })
        .collect();
    Manifest {
        format_version: "1.1".into(),
        title: "Fuzz".into(),
        description: String::new(),
        publisher: "P".into(),
        licence: "OGL".into(),
        attribution: "A".into(),
        published: "2024-01-01".into(),
        release: None,
        demonstration: true,
        files: Vec::new(),
        domains: vec![Domain { id: "d".into(), name: "D".into(), kind: "system".into() }],
        rating_rule: RatingRule::default(),
        breakdowns: Vec::new(),
        dimensions: Vec::new(),
        suppression: None,
        indicators,
        organisations,
        org_types: TYPES.iter().enumerate().map(|(i, t)| OrgType { id: t.to_string(), name: t.to_string(), level: i as u32 }).collect(),
        context_variables: vec![ContextVariable { id: "pop".into(), name: "Pop".into(), unit: String::new() }],
        boundaries: Vec::new(),
        peer_clusters: vec![
            PeerCluster { id: "teaching".into(), name: "T".into(), description: String::new() },
            PeerCluster { id: "general".into(), name: "G".into(), description: String::new() },
        ],
    }
}

/// The seed's rows, file by file (indicator × organisation type, as `healthdash build` splits them).
fn seed_files() -> Vec<(DataFile, Vec<ValueRow>)> {
    let mut out = Vec::new();
    for (k, &(ind, _)) in INDICATORS.iter().enumerate() {
        for t in TYPES {
            let mut rows = Vec::new();
            for (o, &(code, _, _, _)) in ORGS.iter().enumerate().filter(|(_, o)| o.1 == t) {
                for (y, &(label, start, end)) in YEARS.iter().enumerate() {
                    let den = 1000.0 + 100.0 * o as f64;
                    let num = 300.0 + 40.0 * o as f64 + 25.0 * y as f64 + 10.0 * k as f64;
                    let mut row = ValueRow {
                        numerator: Some(num),
                        denominator: Some(den),
                        value: Some(if ind == "c" { num } else { 100.0 * num / den }),
                        lower_95: None,
                        upper_95: None,
                        lower_998: None,
                        upper_998: None,
                        ..ValueRow::new(ind, code, start, end, label)
                    };
                    rows.push(row.clone());
                    if ind == "p" && y == 2 {
                        for decile in 1..=3 {
                            row.breakdown = BreakdownKey::one("deprivation_decile", &decile.to_string());
                            row.numerator = Some(num / 3.0 + decile as f64);
                            row.denominator = Some(den / 3.0);
                            row.value = row.numerator.zip(row.denominator).map(|(n, d)| 100.0 * n / d);
                            rows.push(row.clone());
                        }
                    }
                }
            }
            let file = DataFile {
                path: format!("values/{ind}/{t}.parquet"),
                bytes: 0,
                sha256: String::new(),
                indicators: vec![ind.into()],
                org_types: vec![t.into()],
                breakdown_rows: None,
                rows: rows.len() as u64,
            };
            out.push((file, rows));
        }
    }
    out
}

/// A code or id: one the seed knows (by number), or a stranger.
#[derive(Debug, Arbitrary)]
enum Name {
    Known(u8),
    Empty,
    Other(u8),
}

impl Name {
    fn pick(&self, known: &[&str]) -> String {
        match self {
            Name::Known(i) => known.get(*i as usize % known.len().max(1)).map(|s| s.to_string()).unwrap_or_default(),
            Name::Empty => String::new(),
            Name::Other(i) => format!("Z{i}"),
        }
    }
}

/// Which of the manifest's lists an edit touches.
#[derive(Debug, Arbitrary)]
enum List {
    Organisations,
    Indicators,
    Files,
    OrgTypes,
    Domains,
    Clusters,
    Periods(u8),
    Parents(u8),
    FileIndicators(u8),
    FileOrgTypes(u8),
    Rows(u8),
}

#[derive(Debug, Arbitrary)]
enum Edit {
    Drop(List, u16),
    Duplicate(List, u16),
    Swap(List, u16, u16),
    OrgCode(u8, Name),
    OrgType(u8, Name),
    Parent(u8, Name),
    Cluster(u8, Name),
    Context(u8, Name, i16),
    Population(u8, Option<i16>),
    IndicatorId(u8, Name),
    IndicatorDomain(u8, Name),
    ValueType(u8, u8),
    Multiplier(u8, i16),
    Period { ind: u8, at: u8, start: i16, len: i16, label: Name },
    FileIndicator(u8, Name),
    FileOrgType(u8, Name),
    FilePath(u8, u8),
    FileRows(u8, u32),
    FileBytes(u8, i32),
    /// A file's `breakdown_rows` (format 2.1): absent, "none", "only" or another value.
    FileBreakdownRows(u8, u8),
    /// A file split as healthdash writes it (2.1): its whole-population rows
    /// declared "none", its breakdown rows in a new file declared "only".
    SplitFile(u8),
    Levels(u8),
    Shares(i8, i8),
    RowOrg { file: u8, row: u16, org: Name },
    RowIndicator { file: u8, row: u16, ind: Name },
    RowPeriod { file: u8, row: u16, start: i16, len: i16, label: u8 },
    RowBreakdown { file: u8, row: u16, kind: u8, value: u8 },
    RowNumber { file: u8, row: u16, column: u8, value: Option<i16> },
    MoveRow { from: u8, row: u16, to: u8 },
}

/// A link, as the page would be opened.
#[derive(Debug, Arbitrary)]
struct Link {
    view: u8,
    org: Option<Name>,
    ind: Option<Name>,
    period: Option<u8>,
    breakdown: Option<u8>,
    /// Crossed breakdowns: a slice within another dimension, the pyramid, the cross-tab.
    layout: Option<u8>,
    peers: Option<u8>,
    bench: Option<u8>,
    level: Option<Name>,
}

#[derive(Debug, Arbitrary)]
struct Input {
    edits: Vec<Edit>,
    links: Vec<Link>,
}

fn at<T>(v: &mut [T], i: impl Into<usize>) -> Option<&mut T> {
    let n = v.len();
    if n == 0 {
        None
    } else {
        v.get_mut(i.into() % n)
    }
}

fn drop<T>(v: &mut Vec<T>, i: u16) {
    if !v.is_empty() {
        let n = v.len();
        v.remove(i as usize % n);
    }
}

fn duplicate<T: Clone>(v: &mut Vec<T>, i: u16) {
    if !v.is_empty() && v.len() < 64 {
        let n = v.len();
        let x = v[i as usize % n].clone();
        v.push(x);
    }
}

fn swap<T>(v: &mut [T], a: u16, b: u16) {
    if !v.is_empty() {
        let n = v.len();
        v.swap(a as usize % n, b as usize % n);
    }
}

/// Applies `op` (drop, duplicate or swap) to the list `list` names.
fn on_list(m: &mut Manifest, files: &mut [(DataFile, Vec<ValueRow>)], list: &List, op: &dyn Fn(&mut dyn ListOp)) {
    match list {
        List::Organisations => op(&mut m.organisations),
        List::Indicators => op(&mut m.indicators),
        List::Files => {}
        List::OrgTypes => op(&mut m.org_types),
        List::Domains => op(&mut m.domains),
        List::Clusters => op(&mut m.peer_clusters),
        List::Periods(i) => {
            if let Some(ind) = at(&mut m.indicators, *i) {
                op(&mut ind.periods)
            }
        }
        List::Parents(i) => {
            if let Some(o) = at(&mut m.organisations, *i) {
                op(&mut o.parents)
            }
        }
        List::FileIndicators(i) => {
            if let Some((f, _)) = at(files, *i) {
                op(&mut f.indicators)
            }
        }
        List::FileOrgTypes(i) => {
            if let Some((f, _)) = at(files, *i) {
                op(&mut f.org_types)
            }
        }
        List::Rows(i) => {
            if let Some((_, rows)) = at(files, *i) {
                op(rows)
            }
        }
    }
}

/// Drop, duplicate and swap over any list.
trait ListOp {
    fn drop_at(&mut self, i: u16);
    fn duplicate_at(&mut self, i: u16);
    fn swap_at(&mut self, a: u16, b: u16);
}

impl<T: Clone> ListOp for Vec<T> {
    fn drop_at(&mut self, i: u16) {
        drop(self, i)
    }
    fn duplicate_at(&mut self, i: u16) {
        duplicate(self, i)
    }
    fn swap_at(&mut self, a: u16, b: u16) {
        swap(self, a, b)
    }
}

fn row(files: &mut [(DataFile, Vec<ValueRow>)], file: u8, row: u16) -> Option<&mut ValueRow> {
    at(files, file).and_then(|(_, rows)| at(rows, row))
}

fn apply(m: &mut Manifest, files: &mut Vec<(DataFile, Vec<ValueRow>)>, edit: &Edit) {
    let codes: Vec<&str> = ORGS.iter().map(|o| o.0).collect();
    let inds: Vec<&str> = INDICATORS.iter().map(|i| i.0).collect();
    let clusters = ["teaching", "general"];
    match edit {
        Edit::Drop(List::Files, i) => drop(files, *i),
        Edit::Duplicate(List::Files, i) => duplicate(files, *i),
        Edit::Swap(List::Files, a, b) => swap(files, *a, *b),
        Edit::Drop(list, i) => on_list(m, files, list, &|l| l.drop_at(*i)),
        Edit::Duplicate(list, i) => on_list(m, files, list, &|l| l.duplicate_at(*i)),
        Edit::Swap(list, a, b) => on_list(m, files, list, &|l| l.swap_at(*a, *b)),
        Edit::OrgCode(i, n) => at(&mut m.organisations, *i).into_iter().for_each(|o| o.code = n.pick(&codes)),
        Edit::OrgType(i, n) => at(&mut m.organisations, *i).into_iter().for_each(|o| o.org_type = n.pick(&TYPES)),
        Edit::Parent(i, n) => at(&mut m.organisations, *i).into_iter().for_each(|o| o.parents.insert(0, n.pick(&codes))),
        Edit::Cluster(i, n) => at(&mut m.organisations, *i).into_iter().for_each(|o| o.clusters.push(n.pick(&clusters))),
        Edit::Context(i, n, v) => at(&mut m.organisations, *i).into_iter().for_each(|o| {
            o.context.insert(n.pick(&["pop"]), f64::from(*v));
        }),
        Edit::Population(i, v) => at(&mut m.organisations, *i).into_iter().for_each(|o| o.population = v.map(f64::from)),
        Edit::IndicatorId(i, n) => at(&mut m.indicators, *i).into_iter().for_each(|x| x.id = n.pick(&inds)),
        Edit::IndicatorDomain(i, n) => at(&mut m.indicators, *i).into_iter().for_each(|x| x.domains.push(n.pick(&["d"]))),
        Edit::ValueType(i, k) => at(&mut m.indicators, *i).into_iter().for_each(|x| {
            x.value_type = [ValueType::Proportion, ValueType::Rate, ValueType::Mean, ValueType::Count, ValueType::Ratio][*k as usize % 5];
            x.polarity = [Polarity::HigherIsBetter, Polarity::LowerIsBetter, Polarity::Neither][*k as usize % 3];
            x.aggregatable = k % 2 == 0;
        }),
        Edit::Multiplier(i, v) => at(&mut m.indicators, *i).into_iter().for_each(|x| x.multiplier = f64::from(*v)),
        Edit::Period { ind, at: p, start, len, label } => {
            if let Some(x) = at(&mut m.indicators, *ind) {
                let labels: Vec<&str> = YEARS.iter().map(|y| y.0).collect();
                let start = 18262 + i32::from(*start);
                let def = PeriodDef::of(start, start + i32::from(*len), &label.pick(&labels));
                match at(&mut x.periods, *p) {
                    Some(slot) => *slot = def,
                    None => x.periods.push(def),
                }
            }
        }
        Edit::FileIndicator(i, n) => at(files, *i).into_iter().for_each(|(f, _)| f.indicators.push(n.pick(&inds))),
        Edit::FileOrgType(i, n) => at(files, *i).into_iter().for_each(|(f, _)| f.org_types.push(n.pick(&TYPES))),
        Edit::FilePath(i, j) => {
            let path = at(files, *j).map(|(f, _)| f.path.clone());
            if let (Some((f, _)), Some(path)) = (at(files, *i), path) {
                f.path = path;
            }
        }
        Edit::FileRows(i, n) => at(files, *i).into_iter().for_each(|(f, _)| f.rows = u64::from(*n)),
        Edit::FileBreakdownRows(i, k) => at(files, *i).into_iter().for_each(|(f, _)| {
            f.breakdown_rows = match k % 4 {
                0 => None,
                1 => Some(BreakdownRows::None),
                2 => Some(BreakdownRows::Only),
                _ => Some(BreakdownRows::Unknown("both".into())),
            }
        }),
        Edit::SplitFile(i) => {
            let split = at(files, *i).map(|(f, rows)| {
                let (cut, whole): (Vec<ValueRow>, Vec<ValueRow>) = rows.drain(..).partition(|r| !r.breakdown.is_whole());
                *rows = whole;
                (f.breakdown_rows, f.rows) = (Some(BreakdownRows::None), rows.len() as u64);
                let path = f.path.replace(".parquet", ".breakdowns.parquet");
                (DataFile { path, breakdown_rows: Some(BreakdownRows::Only), rows: cut.len() as u64, ..f.clone() }, cut)
            });
            files.extend(split);
        }
        // Applied after encoding: a size off by `d` bytes.
        Edit::FileBytes(..) => {}
        Edit::Levels(n) => m.rating_rule.levels.truncate(*n as usize % 6),
        Edit::Shares(a, b) => (m.rating_rule.top_share_better, m.rating_rule.bottom_share_worse) = (f64::from(*a) / 50.0, f64::from(*b) / 50.0),
        Edit::RowOrg { file, row: r, org } => row(files, *file, *r).into_iter().for_each(|x| x.org = org.pick(&codes)),
        Edit::RowIndicator { file, row: r, ind } => row(files, *file, *r).into_iter().for_each(|x| x.indicator = ind.pick(&inds)),
        Edit::RowPeriod { file, row: r, start, len, label } => row(files, *file, *r).into_iter().for_each(|x| {
            x.period_start = 18262 + i32::from(*start);
            x.period_end = x.period_start + i32::from(*len);
            x.period_label = YEARS[*label as usize % YEARS.len()].0.into();
        }),
        Edit::RowBreakdown { file, row: r, kind, value } => row(files, *file, *r).into_iter().for_each(|x| {
            // None, one dimension, two at once, or a dimension the manifest does not declare.
            let v = (value % 12).to_string();
            x.breakdown = match kind % 5 {
                0 => BreakdownKey::whole(),
                1 => BreakdownKey::one("deprivation_decile", &v),
                2 => BreakdownKey::one("sex", &v),
                3 => BreakdownKey::of([("ethnicity", v.as_str()), ("deprivation_decile", "1")]),
                _ => BreakdownKey::one("religion", &v),
            };
            x.suppressed = (value % 7 == 0).then_some(true);
        }),
        Edit::RowNumber { file, row: r, column, value } => row(files, *file, *r).into_iter().for_each(|x| {
            let v = value.map(f64::from);
            match column % 5 {
                0 => x.value = v,
                1 => x.numerator = v,
                2 => x.denominator = v,
                3 => (x.lower_95, x.upper_95) = (v, v.map(|v| v + 5.0)),
                _ => (x.lower_998, x.upper_998) = (v.map(|v| v - 5.0), v),
            }
        }),
        Edit::MoveRow { from, row: r, to } => {
            let moved = at(files, *from).and_then(|(_, rows)| {
                if rows.is_empty() {
                    None
                } else {
                    let n = rows.len();
                    Some(rows.remove(*r as usize % n))
                }
            });
            if let (Some(x), Some((_, rows))) = (moved, at(files, *to)) {
                rows.push(x);
            }
        }
    }
}

fn query(link: &Link, m: &Manifest) -> String {
    let views = ["overview", "trend", "compare", "inequalities", "peers", "report", "table"];
    let codes: Vec<&str> = m.organisations.iter().map(|o| o.code.as_str()).collect();
    let inds: Vec<&str> = m.indicators.iter().map(|i| i.id.as_str()).collect();
    let types: Vec<&str> = TYPES.to_vec();
    let mut q = format!("view={}", views[link.view as usize % views.len()]);
    if let Some(o) = &link.org {
        q += &format!("&org={}", o.pick(&codes));
    }
    if let Some(i) = &link.ind {
        q += &format!("&ind={}", i.pick(&inds));
    }
    if let Some(p) = link.period {
        q += &format!("&period={}", YEARS[p as usize % YEARS.len()].0);
    }
    if let Some(b) = link.breakdown {
        q += &format!("&breakdown={}", ["ethnicity", "deprivation", "sex", "age"][b as usize % 4]);
    }
    if let Some(l) = link.layout {
        q += ["&slice=ethnicity&within=deprivation_decile", "&slice=sex&within=deprivation_decile:1", "&layout=pyramid", "&layout=crosstab", "&slice=religion"]
            [l as usize % 5];
    }
    if let Some(p) = link.peers {
        q += &format!("&peers={}", ["cluster", "type", "nn:2", "nn:9", "I1~I2~P1", "Z1~R2"][p as usize % 6]);
    }
    if let Some(b) = link.bench {
        q += &format!("&bench={}", ["england", "parent", "peers"][b as usize % 3]);
    }
    if let Some(l) = &link.level {
        q += &format!("&level={}", l.pick(&types));
    }
    q
}

/// Every step of the app for each link, plus every view at its defaults.
fn run(m: Manifest, bytes: &HashMap<String, Vec<u8>>, links: &[Link]) {
    // The links the input asks for, and the app's first page (the default
    // overview); the links' `view` covers the others.
    let mut queries: Vec<String> = links.iter().take(6).map(|l| query(l, &m)).collect();
    queries.push("view=overview".into());
    let mut ds = Dataset::new(m);
    for q in queries {
        let (state, _) = resolve(parse_query(&q), ds.manifest());
        let needed: Vec<DataFile> = files_needed(&ds, &state).into_iter().cloned().collect();
        for f in &needed {
            if let Some(b) = bytes.get(&f.path) {
                let _ = ds.add_file(f, b);
            }
        }
        let result = compute(&ds, &state);
        let _ = charts_for(&result);
        let _ = view_csv(&result);
    }
}

thread_local! {
    /// Files already encoded, by their rows: most inputs leave most files as
    /// the seed has them, and encoding is the slowest step here.
    static ENCODED: std::cell::RefCell<HashMap<String, Option<Vec<u8>>>> = std::cell::RefCell::new(HashMap::new());
}

fn encode(rows: &[ValueRow]) -> Option<Vec<u8>> {
    let key = format!("{rows:?}");
    ENCODED.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.len() > 4096 {
            cache.clear();
        }
        cache.entry(key).or_insert_with(|| encode_values(rows, EncodeOptions::default()).ok()).clone()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = Input::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let mut m = seed_manifest();
    let mut files = seed_files();
    for edit in input.edits.iter().take(24) {
        apply(&mut m, &mut files, edit);
    }
    let mut bytes = HashMap::new();
    m.files.clear();
    for (mut f, rows) in files {
        let Some(b) = encode(&rows) else {
            continue;
        };
        f.bytes = b.len() as u64;
        f.sha256 = sha256_hex(&b);
        m.files.push(f.clone());
        bytes.entry(f.path.clone()).or_insert(b);
    }
    for edit in &input.edits {
        if let Edit::FileBytes(i, d) = edit {
            if let Some(f) = at(&mut m.files, *i) {
                f.bytes = f.bytes.saturating_add_signed(i64::from(*d));
            }
        }
    }
    // The app's way in: the manifest as JSON through the gate.
    if let Ok(checked) = Manifest::from_json("manifest.json", &m.to_json()) {
        run(checked, &bytes, &input.links);
    }
    // And the engine on its own, on a manifest nobody checked.
    run(m, &bytes, &input.links);
});
