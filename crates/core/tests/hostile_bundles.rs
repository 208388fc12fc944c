//! Bundles broken on purpose, manifest and files together (issue 20: "no
//! bundle, however hostile, panics the app").
//!
//! A bundle is data from anyone. Each manifest rule of `docs/bundle-format.md`
//! is broken here one at a time on a small valid bundle, and the gate the app
//! goes through (`Manifest::from_json`) must refuse it with a message naming
//! the rule and where it is broken; each limit of `bundle::limits` is passed by
//! one. Then the engine is run on manifests nobody checked — every view,
//! charts and CSV — which must give figures or "no data", never a panic.
//! Crashes `fuzz/fuzz_targets/bundle.rs` finds are kept at the end.

use healthdash_core::bundle::limits::{MAX_FILES, MAX_INDICATORS, MAX_ORGANISATIONS, MAX_ORG_TYPES, MAX_PERIODS, MAX_ROWS};
use healthdash_core::bundle::{
    encode_values, sha256_hex, ContextVariable, DataFile, Domain, EncodeOptions, Indicator, Manifest, OrgType, Organisation, PeerCluster, PeriodDef, Polarity,
    RatingRule, ValueRow, ValueType,
};
use healthdash_core::chart::charts_for;
use healthdash_core::table::Dataset;
use healthdash_core::view::{compute, files_needed, parse_query, resolve, view_csv};
use std::collections::{BTreeMap, HashMap};

const YEARS: [(&str, i32, i32); 2] = [("2021", 18628, 18992), ("2022", 18993, 19357)];

fn org(code: &str, t: &str, parents: &[&str], cluster: &str) -> Organisation {
    Organisation {
        code: code.into(),
        name: format!("Org {code}"),
        org_type: t.into(),
        parents: parents.iter().map(|p| p.to_string()).collect(),
        population: Some(1000.0),
        context: BTreeMap::from([("pop".to_string(), 1.0)]),
        clusters: vec![cluster.into()],
    }
}

fn indicator(id: &str) -> Indicator {
    Indicator {
        id: id.into(),
        name: format!("Indicator {id}"),
        definition: String::new(),
        domains: vec!["d".into()],
        value_type: ValueType::Proportion,
        multiplier: 100.0,
        unit: "%".into(),
        polarity: Polarity::HigherIsBetter,
        target: None,
        unit_cost: Some(5.0),
        carbon_factor: None,
        source: String::new(),
        method: String::new(),
        updated: String::new(),
        period_type: "year".into(),
        aggregatable: true,
        compute_limits: true,
        periods: YEARS.iter().map(|&(l, s, e)| PeriodDef::of(s, e, l)).collect(),
        breakdowns: Vec::new(),
    }
}

fn rows(ind: &str, orgs: &[&str]) -> Vec<ValueRow> {
    let mut out = Vec::new();
    for (k, code) in orgs.iter().enumerate() {
        for (y, &(label, start, end)) in YEARS.iter().enumerate() {
            let (n, d) = (400.0 + 10.0 * k as f64 + 5.0 * y as f64, 1000.0);
            out.push(ValueRow {
                indicator: ind.into(),
                org: code.to_string(),
                period_start: start,
                period_end: end,
                period_label: label.into(),
                numerator: Some(n),
                denominator: Some(d),
                value: Some(100.0 * n / d),
                lower_95: None,
                upper_95: None,
                lower_998: None,
                upper_998: None,
                breakdown: Default::default(),
                suppressed: None,
            });
        }
    }
    out
}

/// A valid bundle: England → R1 → I1, I2; two indicators, each split into a
/// country, a region and an ICB file. Returns the manifest and each file's bytes.
fn bundle() -> (Manifest, HashMap<String, Vec<u8>>) {
    let types = [("country", vec!["E92000001"]), ("region", vec!["R1"]), ("icb", vec!["I1", "I2"])];
    let mut files = Vec::new();
    let mut bytes = HashMap::new();
    for ind in ["a", "b"] {
        for (t, orgs) in &types {
            let rows = rows(ind, orgs);
            let b = encode_values(&rows, EncodeOptions::default()).unwrap();
            let path = format!("values/{ind}/{t}.parquet");
            files.push(DataFile {
                path: path.clone(),
                bytes: b.len() as u64,
                sha256: sha256_hex(&b),
                indicators: vec![ind.into()],
                org_types: vec![t.to_string()],
                breakdown_rows: None,
                rows: rows.len() as u64,
            });
            bytes.insert(path, b);
        }
    }
    let m = Manifest {
        format_version: "1.1".into(),
        title: "Hostile".into(),
        description: String::new(),
        publisher: "P".into(),
        licence: "OGL".into(),
        attribution: "A".into(),
        published: "2024-01-01".into(),
        release: None,
        demonstration: true,
        files,
        domains: vec![Domain { id: "d".into(), name: "D".into(), kind: "system".into() }],
        rating_rule: RatingRule::default(),
        breakdowns: Vec::new(),
        dimensions: Vec::new(),
        suppression: None,
        indicators: vec![indicator("a"), indicator("b")],
        organisations: vec![
            org("E92000001", "country", &[], "c1"),
            org("R1", "region", &["E92000001"], "c1"),
            org("I1", "icb", &["R1"], "c1"),
            org("I2", "icb", &["R1"], "c2"),
        ],
        org_types: ["country", "region", "icb"].iter().enumerate().map(|(i, t)| OrgType { id: t.to_string(), name: t.to_string(), level: i as u32 }).collect(),
        context_variables: vec![ContextVariable { id: "pop".into(), name: "Population".into(), unit: String::new() }],
        boundaries: Vec::new(),
        peer_clusters: vec![
            PeerCluster { id: "c1".into(), name: "One".into(), description: String::new() },
            PeerCluster { id: "c2".into(), name: "Two".into(), description: String::new() },
        ],
    };
    (m, bytes)
}

/// The app's gate: the manifest as JSON through `Manifest::from_json`.
fn gate(m: &Manifest) -> Result<Manifest, String> {
    Manifest::from_json("https://example.org/manifest.json", &m.to_json()).map_err(|e| e.to_string())
}

/// Every view, as the app runs it (resolve, the files needed, add_file,
/// compute, charts, CSV), on a manifest nobody checked. Returns the errors
/// add_file gave.
fn run_every_view(m: Manifest, bytes: &HashMap<String, Vec<u8>>, orgs: &[&str]) -> Vec<String> {
    let mut errors = Vec::new();
    let mut ds = Dataset::new(m);
    for view in ["overview", "trend", "compare", "inequalities", "peers", "report", "table"] {
        for org in orgs {
            for extra in ["", "&bench=parent&peers=cluster", "&peers=nn:2&bench=peers&level=icb"] {
                let (state, _) = resolve(parse_query(&format!("view={view}&org={org}{extra}")), ds.manifest());
                let needed: Vec<DataFile> = files_needed(&ds, &state).into_iter().cloned().collect();
                for f in &needed {
                    if let Err(e) = bytes.get(&f.path).map_or(Ok(()), |b| ds.add_file(f, b)) {
                        errors.push(e.to_string());
                    }
                }
                let result = compute(&ds, &state);
                let _ = charts_for(&result);
                let _ = view_csv(&result);
            }
        }
    }
    errors
}

#[test]
fn the_valid_bundle_passes_the_gate_and_shows_every_view() {
    let (m, bytes) = bundle();
    let checked = gate(&m).unwrap();
    assert_eq!(run_every_view(checked, &bytes, &["E92000001", "I1"]), Vec::<String>::new());
}

/// Each manifest rule, broken on its own, is refused with the rule and the
/// entry that breaks it named.
#[test]
fn each_manifest_rule_is_refused_naming_the_rule_and_where() {
    type Spoil = fn(&mut Manifest);
    let cases: Vec<(&str, Spoil)> = vec![
        // Uniqueness.
        ("\"files[1]\": path \"values/a/country.parquet\" appears more than once", |m| m.files[1].path = m.files[0].path.clone()),
        ("\"indicators[1]\": indicator id \"a\" appears more than once", |m| m.indicators[1].id = "a".into()),
        ("\"organisations[3]\": organisation code \"I1\" appears more than once", |m| m.organisations[3].code = "I1".into()),
        ("\"org_types[2]\": organisation type id \"region\" appears more than once", |m| m.org_types[2].id = "region".into()),
        ("\"domains[1]\": domain id \"d\" appears more than once", |m| m.domains.push(m.domains[0].clone())),
        ("\"peer_clusters[1]\": peer cluster id \"c1\" appears more than once", |m| m.peer_clusters[1].id = "c1".into()),
        ("\"context_variables[1]\": context variable id \"pop\" appears more than once", |m| m.context_variables.push(m.context_variables[0].clone())),
        ("\"files[0]\": indicator \"a\" is listed twice", |m| m.files[0].indicators.push("a".into())),
        ("\"files[0]\": organisation type \"country\" is listed twice", |m| m.files[0].org_types.push("country".into())),
        ("\"organisations[2]\": organisation \"I1\": parent \"R1\" is listed twice", |m| m.organisations[2].parents.push("R1".into())),
        ("\"organisations[2]\": organisation \"I1\": cluster \"c1\" is listed twice", |m| m.organisations[2].clusters.push("c1".into())),
        ("\"indicators[0]\": indicator \"a\": period \"2021\" is listed twice", |m| m.indicators[0].periods[1].label = "2021".into()),
        ("\"indicators[0]\": indicator \"a\": breakdowns: \"none\" is not in the manifest's dimensions", |m| {
            m.indicators[0].breakdowns = vec![vec!["none".into()]]
        }),
        // Cross-references.
        ("\"files[0]\": indicator \"zz\" is not in the manifest's indicators", |m| m.files[0].indicators = vec!["zz".into()]),
        ("\"files[0]\": organisation type \"moon\" is not in the manifest's org_types", |m| m.files[0].org_types = vec!["moon".into()]),
        ("\"files[0]\": lists no indicators", |m| m.files[0].indicators.clear()),
        ("\"indicators[1]\": indicator \"b\" has no data file in \"files\"", |m| m.files.retain(|f| f.indicators != ["b"])),
        ("\"indicators[0]\": indicator \"a\": domain \"x\" is not in the manifest's domains", |m| m.indicators[0].domains.push("x".into())),
        ("\"organisations[2]\": organisation \"I1\": parent \"R9\" is not in the manifest's organisations", |m| m.organisations[2].parents = vec!["R9".into()]),
        ("\"organisations[2]\": organisation \"I1\": type \"trust\" is not in the manifest's org_types", |m| m.organisations[2].org_type = "trust".into()),
        ("\"organisations[2]\": organisation \"I1\": cluster \"c9\" is not in the manifest's peer_clusters", |m| {
            m.organisations[2].clusters = vec!["c9".into()]
        }),
        ("\"organisations[2]\": organisation \"I1\": context variable \"imd\" is not in the manifest's context_variables", |m| {
            m.organisations[2].context.insert("imd".into(), 3.0);
        }),
        ("\"organisations[1]\": organisation \"R1\" lists itself as a parent", |m| m.organisations[1].parents.push("R1".into())),
        ("\"organisations[0]\": parents form a cycle: E92000001 → R1 → E92000001", |m| m.organisations[0].parents = vec!["R1".into()]),
        ("\"files[4]\": holds indicator \"b\" for the same organisation types as \"values/b/country.parquet\"", |m| m.files[3].org_types.clear()),
        // Periods, rating rule and other values.
        ("\"indicators[0]\": indicator \"a\": period \"2021\" ends before it starts", |m| m.indicators[0].periods[0].end = "2020-01-01".into()),
        ("\"indicators[0]\": indicator \"a\": period \"2022\" needs start and end dates", |m| m.indicators[0].periods[1].start = "soon".into()),
        ("\"rating_rule\": needs exactly four non-empty levels, best first; found 2", |m| m.rating_rule.levels.truncate(2)),
        ("\"rating_rule\": top_share_better 1.5 must be a share between 0 and 1", |m| m.rating_rule.top_share_better = 1.5),
        ("\"organisations[2]\": organisation \"I1\": population -5 must not be negative", |m| m.organisations[2].population = Some(-5.0)),
        ("\"org_types[3]\": organisation type id must not be empty", |m| m.org_types.push(OrgType { id: String::new(), name: "x".into(), level: 0 })),
        // Counts the file itself implies.
        ("\"files[0]\": declares 100000 rows, more than a file of", |m| m.files[0].rows = 100_000),
    ];
    for (expected, spoil) in cases {
        let (mut m, _) = bundle();
        spoil(&mut m);
        let e = gate(&m).expect_err(expected);
        assert!(e.starts_with("https://example.org/manifest.json breaks the bundle format's rules ("), "{expected}: {e}");
        assert!(e.contains(expected), "expected {expected:?} in: {e}");
    }
}

/// Each limit of `bundle::limits` refused just beyond it, with its value
/// named; at the limit the count itself is no problem.
#[test]
fn every_limit_is_refused_just_beyond_it() {
    let (base, _) = bundle();
    let refused = |m: &Manifest, expected: &str| {
        let e = gate(m).expect_err(expected);
        assert!(e.contains(expected), "expected {expected:?} in: {e}");
    };
    let mut m = base.clone();
    let template = m.organisations[3].clone();
    m.organisations.extend((m.organisations.len()..=MAX_ORGANISATIONS).map(|i| Organisation { code: format!("X{i}"), ..template.clone() }));
    refused(&m, &format!("\"organisations\": lists {} entries, more than the {MAX_ORGANISATIONS} healthdash reads", MAX_ORGANISATIONS + 1));
    m.organisations.pop();
    assert!(gate(&m).is_ok(), "{MAX_ORGANISATIONS} organisations are allowed");

    let mut m = base.clone();
    for i in m.indicators.len()..=MAX_INDICATORS {
        m.indicators.push(indicator(&format!("i{i}")));
        m.files[0].indicators.push(format!("i{i}"));
    }
    refused(&m, &format!("\"indicators\": lists {} entries, more than the {MAX_INDICATORS} healthdash reads", MAX_INDICATORS + 1));
    m.indicators.pop();
    m.files[0].indicators.pop();
    assert!(gate(&m).is_ok(), "{MAX_INDICATORS} indicators are allowed");

    let mut m = base.clone();
    let template = m.files[0].clone();
    let more = MAX_FILES + 1 - m.files.len();
    m.files.extend((0..more).map(|i| DataFile {
        path: format!("values/x/{i}.parquet"),
        indicators: vec!["a".into()],
        org_types: vec![format!("t{i}")],
        ..template.clone()
    }));
    refused(&m, &format!("\"files\": lists {} entries, more than the {MAX_FILES} healthdash reads", MAX_FILES + 1));

    let mut m = base.clone();
    m.org_types.extend((m.org_types.len()..=MAX_ORG_TYPES).map(|i| OrgType { id: format!("t{i}"), name: "T".into(), level: 3 }));
    refused(&m, &format!("\"org_types\": lists {} entries, more than the {MAX_ORG_TYPES} healthdash reads", MAX_ORG_TYPES + 1));
    m.org_types.pop();
    assert!(gate(&m).is_ok(), "{MAX_ORG_TYPES} organisation types are allowed");

    let mut m = base.clone();
    m.indicators[0].periods = (0..=MAX_PERIODS as i32).map(|d| PeriodDef::of(d, d, &format!("day {d}"))).collect();
    refused(&m, &format!("indicator \"a\" lists {} periods, more than the {MAX_PERIODS} healthdash reads", MAX_PERIODS + 1));
    m.indicators[0].periods.pop();
    assert!(gate(&m).is_ok(), "{MAX_PERIODS} periods are allowed");

    let mut m = base.clone();
    m.files[0].bytes = MAX_ROWS;
    m.files[0].rows = MAX_ROWS + 1;
    refused(&m, &format!("\"files[0]\": declares {} rows, more than the {MAX_ROWS} healthdash reads from one file", MAX_ROWS + 1));

    let mut m = base.clone();
    let bytes = m.files[0].bytes;
    m.files[0].rows = bytes * 8 + 1;
    refused(&m, &format!("declares {} rows, more than a file of {bytes} bytes can hold (at most 8 rows a byte)", bytes * 8 + 1));
}

/// The panic issue 20 reported, end to end: a manifest listing one file's
/// path twice (each entry for another indicator). The gate refuses it; the
/// engine given it unchecked shows every view without panicking (it used to
/// index past the end of a table in `Dataset::figure`).
#[test]
fn one_path_listed_twice_is_refused_and_cannot_panic_the_engine() {
    let (mut m, bytes) = bundle();
    let mut twin = m.files[2].clone();
    twin.indicators = vec!["b".into()];
    m.files.push(twin);
    let e = gate(&m).unwrap_err();
    assert!(e.contains("\"files[6]\": path \"values/a/icb.parquet\" appears more than once"), "{e}");
    run_every_view(m, &bytes, &["E92000001", "R1", "I1", "I2"]);
}

/// Manifests that break the rules (or, the last two, only the files' rules)
/// in ways that reach deep into the engine: every view still runs (figures or
/// "no data") when nobody checked them.
#[test]
fn unchecked_hostile_manifests_never_panic_the_engine() {
    type Spoil = fn(&mut Manifest);
    let cases: Vec<Spoil> = vec![
        |m| m.organisations[0].parents = vec!["I1".into()],
        |m| m.organisations[2].code = "R1".into(),
        |m| m.organisations.clear(),
        |m| m.indicators.clear(),
        |m| m.indicators[1].id = "a".into(),
        |m| m.indicators[0].periods.clear(),
        |m| m.indicators[0].periods[0].label = "2022".into(),
        |m| m.rating_rule.levels.clear(),
        |m| m.files.iter_mut().for_each(|f| f.org_types.clear()),
        |m| m.files.iter_mut().for_each(|f| f.path = "values/a/icb.parquet".into()),
        |m| m.org_types.clear(),
        |m| m.organisations.iter_mut().for_each(|o| o.org_type = "icb".into()),
        |m| m.organisations.iter_mut().for_each(|o| o.parents = vec!["E92000001".into(), "R1".into(), "I1".into(), "I2".into()]),
    ];
    for spoil in cases {
        let (mut m, bytes) = bundle();
        spoil(&mut m);
        run_every_view(m, &bytes, &["E92000001", "R1", "I1", "I2", "nowhere"]);
    }
}

/// A Thrift compact-protocol i64 (zigzag, 7 bits a byte), as a Parquet footer stores it.
fn varint(n: i64) -> Vec<u8> {
    let mut z = ((n << 1) ^ (n >> 63)) as u64;
    let mut out = Vec::new();
    loop {
        let b = (z & 0x7f) as u8;
        z >>= 7;
        if z == 0 {
            out.push(b);
            return out;
        }
        out.push(b | 0x80);
    }
}

/// `file` with its footer's `FileMetaData.num_rows` (field 3, an i64 right
/// after the schema list: header byte 0x16) changed from `rows` to
/// `declared`, and the footer length fixed to match.
fn declare_rows(file: &[u8], rows: i64, declared: i64) -> Vec<u8> {
    let n = file.len();
    let length = u32::from_le_bytes(file[n - 8..n - 4].try_into().unwrap()) as usize;
    let start = n - 8 - length;
    let meta = &file[start..n - 8];
    let field: Vec<u8> = [vec![0x16], varint(rows)].concat();
    let at = meta.windows(field.len()).position(|w| w == field.as_slice()).expect("num_rows in the footer");
    let new_meta = [&meta[..at], &[0x16][..], &varint(declared), &meta[at + field.len()..]].concat();
    [&file[..start], &new_meta[..], &(new_meta.len() as u32).to_le_bytes()[..], b"PAR1"].concat()
}

/// Issue 18: a small file (a few KB) whose footer declares 200 million rows,
/// listed in a manifest that agrees with its size and SHA-256, is refused by
/// the footer check — which runs before any page is read or any memory
/// reserved for rows — with a message naming the file, the count and the
/// size; nothing is added. At 8 rows a byte the same file may declare its
/// real count.
#[test]
fn a_small_file_declaring_200_million_rows_is_refused_before_decoding() {
    let (mut m, bytes) = bundle();
    let path = m.files[0].path.clone();
    let real = m.files[0].rows as i64;
    let original = bytes[&path].clone();
    let hostile = declare_rows(&original, real, 200_000_000);
    assert!(hostile.len() < 16 * 1024, "a small file: {} bytes", hostile.len());
    m.files[0].bytes = hostile.len() as u64;
    m.files[0].sha256 = sha256_hex(&hostile);
    let manifest = Manifest::from_json("manifest.json", &serde_json::to_string(&m).unwrap()).expect("the manifest itself is valid");
    let mut ds = Dataset::new(manifest.clone());
    let e = ds.add_file(&manifest.files[0], &hostile).unwrap_err().to_string();
    assert_eq!(
        e,
        format!(
            "{path}: not a readable Parquet file: the footer declares 200000000 rows, more than a file of {} bytes can hold (at most 8 rows a byte)",
            hostile.len()
        )
    );
    assert!(ds.loaded_files().is_empty(), "nothing of the refused file is added");
    // The same footer rewritten with its real count reads as before.
    let honest = declare_rows(&hostile, 200_000_000, real);
    assert_eq!(honest, original);
    let mut ds = Dataset::new(Manifest::from_json("manifest.json", &serde_json::to_string(&bundle().0).unwrap()).unwrap());
    ds.add_file(&bundle().0.files[0], &honest).expect("the real count reads");
}
