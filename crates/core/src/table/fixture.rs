//! A small hand-made bundle shared by the unit tests of `table`, `query` and
//! `view`: small enough that every expected answer can be worked out by hand.
//!
//! Organisations: England (E92000001) → regions R1, R2 → ICBs I1, I2 (R1),
//! I3 (R2) → providers P1, P2 (I1), P3 (I2), P4, P5 (I3); each provider also
//! lists its region. Clusters: teaching = P1, P2, P5; general = P3, P4.
//!
//! Indicators (numbers chosen to sum and divide exactly):
//! - `ae`: proportion × 100, higher is better, aggregatable, target 95, 12
//!   months Apr 2023 … Mar 2024. Provider numerator/denominator in Mar 2024:
//!   P1 800/1000, P2 1500/2000, P3 1200/1500, P4 900/1000, P5 2100/3000;
//!   each earlier month has 5 fewer in the numerator per month back. ICBs,
//!   regions and England are published as the sums of their providers.
//! - `obesity`: proportion × 100, lower is better, aggregatable, years
//!   2019–2023, providers (denominator 10 000) and England (1 000 000); P1
//!   also has deprivation deciles (2022, 2023), quintiles and ethnic groups
//!   (2023), and in 2023 crossed breakdowns: White and Asian within each
//!   quintile, and sex × age (Female and Male, 0-15, 16-64, 65+).
//! - `beds`: rate per 1 000, lower is better, aggregatable, £250 and 40 kg CO2e
//!   per bed day, 2022/23 and 2023/24, providers and England only.
//!
//! Published limits are computed with `stats::ci::limits_for`.

use crate::bundle::*;
use crate::period::days_from_civil;
use crate::stats::ci::{limits_for, Level};
use crate::table::Dataset;
use std::collections::BTreeMap;

fn org(code: &str, name: &str, t: &str, parents: &[&str], context: &[(&str, f64)], clusters: &[&str]) -> Organisation {
    Organisation {
        code: code.into(),
        name: name.into(),
        org_type: t.into(),
        parents: parents.iter().map(|p| p.to_string()).collect(),
        population: None,
        context: context.iter().map(|(k, v)| (k.to_string(), *v)).collect::<BTreeMap<_, _>>(),
        clusters: clusters.iter().map(|c| c.to_string()).collect(),
    }
}

#[allow(clippy::too_many_arguments)]
fn indicator(id: &str, name: &str, domains: &[&str], vt: ValueType, mult: f64, unit: &str, pol: Polarity, aggregatable: bool) -> Indicator {
    Indicator {
        definition: format!("Definition of {name}"),
        domains: domains.iter().map(|d| d.to_string()).collect(),
        multiplier: mult,
        unit: unit.into(),
        source: "Fixture".into(),
        updated: "2024-06-01".into(),
        aggregatable,
        ..Indicator::new(id, name, vt, pol)
    }
}

fn dimension(id: &str, name: &str, kind: DimensionKind, categories: &[&str]) -> Dimension {
    let quantiles = (kind == DimensionKind::Deprivation).then_some(categories.len() as u32);
    Dimension {
        id: id.into(),
        name: name.into(),
        kind,
        categories: categories.iter().map(|c| c.to_string()).collect(),
        quantiles,
        most_deprived: quantiles.map(|_| MostDeprived::First),
        definition: String::new(),
    }
}

/// The fixture's dimensions: ethnicity, deprivation deciles and quintiles, sex, age.
pub fn dimensions() -> Vec<Dimension> {
    vec![
        dimension("ethnicity", "Ethnic group", DimensionKind::Ethnicity, &["White", "Asian", "Black", "Mixed", "Other"]),
        dimension("deprivation_decile", "Deprivation decile", DimensionKind::Deprivation, &["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]),
        dimension("deprivation_quintile", "Deprivation quintile", DimensionKind::Deprivation, &["1", "2", "3", "4", "5"]),
        dimension("sex", "Sex", DimensionKind::Sex, &["Female", "Male"]),
        dimension("age", "Age", DimensionKind::Age, &["0-15", "16-64", "65+"]),
    ]
}

/// The fixture manifest (see the module docs).
pub fn manifest() -> Manifest {
    let mut ae = indicator("ae", "A&E within 4 hours", &["urgent"], ValueType::Proportion, 100.0, "%", Polarity::HigherIsBetter, true);
    ae.target = Some(95.0);
    ae.period_type = "month".into();
    let mut obesity = indicator("obesity", "Obesity", &["prevention"], ValueType::Proportion, 100.0, "%", Polarity::LowerIsBetter, true);
    obesity.period_type = "year".into();
    obesity.breakdowns = [&["ethnicity"][..], &["deprivation_decile"], &["deprivation_quintile"], &["deprivation_quintile", "ethnicity"], &["age", "sex"]]
        .iter()
        .map(|c| c.iter().map(|d| d.to_string()).collect())
        .collect();
    let mut beds = indicator("beds", "Bed days", &["urgent", "green"], ValueType::Rate, 1000.0, "per 1,000", Polarity::LowerIsBetter, true);
    beds.unit_cost = Some(250.0);
    beds.carbon_factor = Some(40.0);
    beds.period_type = "financial_year".into();
    let file = |id: &str| DataFile {
        path: format!("values/{id}.parquet"),
        bytes: 0,
        sha256: String::new(),
        indicators: vec![id.into()],
        org_types: Vec::new(),
        breakdown_rows: None,
        rows: 0,
    };
    let t = |id: &str, level: u32| OrgType { id: id.into(), name: id.into(), level };
    Manifest {
        format_version: FORMAT_VERSION.into(),
        title: "Fixture".into(),
        description: String::new(),
        publisher: "Tests".into(),
        licence: "OGL".into(),
        attribution: "Fixture data".into(),
        published: "2024-06-01".into(),
        release: None,
        demonstration: true,
        files: vec![file("ae"), file("obesity"), file("beds")],
        domains: vec![
            Domain { id: "urgent".into(), name: "Urgent care".into(), kind: "system".into() },
            Domain { id: "prevention".into(), name: "Prevention".into(), kind: "system".into() },
            Domain { id: "green".into(), name: "Sustainability".into(), kind: "sustainability".into() },
        ],
        rating_rule: RatingRule::default(),
        breakdowns: Vec::new(),
        dimensions: dimensions(),
        suppression: None,
        indicators: vec![ae, obesity, beds],
        organisations: vec![
            org("E92000001", "England", "country", &[], &[], &[]),
            org("R1", "North", "region", &["E92000001"], &[], &[]),
            org("R2", "South", "region", &["E92000001"], &[], &[]),
            org("I1", "ICB One", "icb", &["R1"], &[("pop", 500.0), ("dep", 25.0)], &[]),
            org("I2", "ICB Two", "icb", &["R1"], &[("pop", 300.0), ("dep", 40.0)], &[]),
            org("I3", "ICB Three", "icb", &["R2"], &[("pop", 700.0), ("dep", 30.0)], &[]),
            org("P1", "Provider One", "provider", &["I1", "R1"], &[("pop", 100.0), ("dep", 20.0)], &["teaching"]),
            org("P2", "Provider Two", "provider", &["I1", "R1"], &[("pop", 110.0), ("dep", 22.0)], &["teaching"]),
            org("P3", "Provider Three", "provider", &["I2", "R1"], &[("pop", 300.0), ("dep", 40.0)], &["general"]),
            org("P4", "Provider Four", "provider", &["I3", "R2"], &[("pop", 90.0), ("dep", 18.0)], &["general"]),
            org("P5", "Provider Five", "provider", &["I3", "R2"], &[("pop", 200.0), ("dep", 35.0)], &["teaching"]),
        ],
        org_types: vec![t("country", 0), t("region", 1), t("icb", 2), t("provider", 3)],
        context_variables: vec![
            ContextVariable { id: "pop".into(), name: "Population".into(), unit: "thousands".into() },
            ContextVariable { id: "dep".into(), name: "Deprivation score".into(), unit: String::new() },
        ],
        // Listed only (no bytes): the map view reads the listing, the app the file.
        boundaries: vec![crate::bundle::BoundaryFile {
            org_type: "icb".into(),
            path: "boundaries/icb.json".into(),
            bytes: 100,
            sha256: "ab".repeat(32),
            features: 3,
        }],
        peer_clusters: vec![
            PeerCluster { id: "teaching".into(), name: "Teaching".into(), description: String::new() },
            PeerCluster { id: "general".into(), name: "General".into(), description: String::new() },
        ],
    }
}

struct P {
    label: String,
    start: i32,
    end: i32,
}

fn month(m: u32) -> P {
    let (y, mo) = if m < 9 { (2023, m + 4) } else { (2024, m - 8) };
    let (ny, nmo) = if mo == 12 { (y + 1, 1) } else { (y, mo + 1) };
    let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    P { label: format!("{} {y}", names[mo as usize - 1]), start: days_from_civil(y, mo, 1), end: days_from_civil(ny, nmo, 1) - 1 }
}

fn year(y: i32) -> P {
    P { label: y.to_string(), start: days_from_civil(y, 1, 1), end: days_from_civil(y, 12, 31) }
}

fn financial_year(y: i32) -> P {
    P { label: format!("{y}/{:02}", (y + 1) % 100), start: days_from_civil(y, 4, 1), end: days_from_civil(y + 1, 3, 31) }
}

#[allow(clippy::too_many_arguments)]
fn row(ind: &str, vt: ValueType, mult: f64, org: &str, p: &P, breakdown: BreakdownKey, num: f64, den: f64) -> ValueRow {
    let l95 = limits_for(vt, mult, num, den, Level::P95);
    let l998 = limits_for(vt, mult, num, den, Level::P998);
    ValueRow {
        indicator: ind.into(),
        org: org.into(),
        period_start: p.start,
        period_end: p.end,
        period_label: p.label.clone(),
        breakdown,
        numerator: Some(num),
        denominator: Some(den),
        value: Some(num / den * mult),
        lower_95: l95.map(|l| l.lower),
        upper_95: l95.map(|l| l.upper),
        lower_998: l998.map(|l| l.lower),
        upper_998: l998.map(|l| l.upper),
        suppressed: None,
    }
}

/// Every value row of the fixture bundle.
pub fn rows() -> Vec<ValueRow> {
    let mut out = Vec::new();
    let none = BreakdownKey::whole;
    // ae: (code, numerator in Mar 2024, denominator)
    let ae = [("P1", 800.0, 1000.0), ("P2", 1500.0, 2000.0), ("P3", 1200.0, 1500.0), ("P4", 900.0, 1000.0), ("P5", 2100.0, 3000.0)];
    let groups: [(&str, &[&str]); 6] = [
        ("I1", &["P1", "P2"]),
        ("I2", &["P3"]),
        ("I3", &["P4", "P5"]),
        ("R1", &["P1", "P2", "P3"]),
        ("R2", &["P4", "P5"]),
        ("E92000001", &["P1", "P2", "P3", "P4", "P5"]),
    ];
    for m in 0..12u32 {
        let p = month(m);
        let back = 5.0 * (11 - m) as f64;
        for (code, num, den) in ae {
            out.push(row("ae", ValueType::Proportion, 100.0, code, &p, none(), num - back, den));
        }
        for (parent, members) in groups {
            let (mut n, mut d) = (0.0, 0.0);
            for (_, num, den) in ae.iter().filter(|(c, _, _)| members.contains(c)) {
                n += num - back;
                d += den;
            }
            out.push(row("ae", ValueType::Proportion, 100.0, parent, &p, none(), n, d));
        }
    }
    // obesity: percentages by year 2019..=2023.
    let ob: [(&str, [f64; 5]); 5] = [
        ("P1", [27.5, 27.0, 26.8, 26.6, 25.5]),
        ("P2", [24.0, 24.0, 24.0, 24.0, 24.0]),
        ("P3", [30.0, 30.5, 31.0, 31.5, 32.0]),
        ("P4", [22.0, 22.0, 22.5, 22.5, 23.0]),
        ("P5", [28.0, 27.5, 28.0, 27.5, 28.0]),
    ];
    for (i, y) in (2019..=2023).enumerate() {
        let p = year(y);
        for (code, v) in ob {
            out.push(row("obesity", ValueType::Proportion, 100.0, code, &p, none(), v[i] * 100.0, 10_000.0));
        }
        out.push(row("obesity", ValueType::Proportion, 100.0, "E92000001", &p, none(), 260_000.0, 1_000_000.0));
    }
    let dec = |d: i32| BreakdownKey::one("deprivation_decile", &d.to_string());
    for d in 1..=10 {
        let k = (d - 1) as f64;
        out.push(row("obesity", ValueType::Proportion, 100.0, "P1", &year(2023), dec(d), 300.0 - 10.0 * k, 1000.0));
        out.push(row("obesity", ValueType::Proportion, 100.0, "P1", &year(2022), dec(d), 320.0 - 12.0 * k, 1000.0));
    }
    let quintile = |q: usize| BreakdownKey::one("deprivation_quintile", &(q + 1).to_string());
    for (q, num) in [590.0, 550.0, 510.0, 470.0, 430.0].iter().enumerate() {
        out.push(row("obesity", ValueType::Proportion, 100.0, "P1", &year(2023), quintile(q), *num, 2000.0));
    }
    for (g, num, den) in [("White", 2000.0, 8000.0), ("Asian", 300.0, 1000.0), ("Black", 100.0, 500.0), ("Mixed", 90.0, 300.0), ("Other", 50.0, 200.0)] {
        out.push(row("obesity", ValueType::Proportion, 100.0, "P1", &year(2023), BreakdownKey::one("ethnicity", g), num, den));
    }
    // Crossed: White (denominator 1600 a quintile) and Asian (200) by quintile,
    // numerators falling by 40 and 10 from the most to the least deprived.
    for q in 0..5 {
        let k = q as f64;
        for (g, num, den) in [("White", 480.0 - 40.0 * k, 1600.0), ("Asian", 80.0 - 10.0 * k, 200.0)] {
            out.push(row("obesity", ValueType::Proportion, 100.0, "P1", &year(2023), quintile(q).with("ethnicity", g), num, den));
        }
    }
    // Sex × age: 1000 people in each cell.
    for (sex, nums) in [("Female", [150.0, 250.0, 300.0]), ("Male", [180.0, 280.0, 340.0])] {
        for (age, num) in ["0-15", "16-64", "65+"].iter().zip(nums) {
            out.push(row("obesity", ValueType::Proportion, 100.0, "P1", &year(2023), BreakdownKey::of([("sex", sex), ("age", age)]), num, 1000.0));
        }
    }
    // beds: (code, bed days 2023/24, population); 2022/23 has 5 more bed days.
    let beds = [("P1", 50.0, 10_000.0), ("P2", 120.0, 20_000.0), ("P3", 60.0, 15_000.0), ("P4", 35.0, 10_000.0), ("P5", 210.0, 30_000.0)];
    for (y, extra) in [(2022, 5.0), (2023, 0.0)] {
        let p = financial_year(y);
        for (code, num, den) in beds {
            out.push(row("beds", ValueType::Rate, 1000.0, code, &p, none(), num + extra, den));
        }
        out.push(row("beds", ValueType::Rate, 1000.0, "E92000001", &p, none(), 475.0 + 5.0 * extra, 85_000.0));
    }
    out
}

/// The fixture with every partition added.
pub fn dataset() -> Dataset {
    dataset_with(manifest())
}

/// The fixture's values under a changed manifest (same indicators and codes).
pub fn dataset_with(manifest: Manifest) -> Dataset {
    let rows = rows();
    let mut ds = Dataset::new(manifest);
    for id in ["ae", "obesity", "beds"] {
        let part: Vec<ValueRow> = rows.iter().filter(|r| r.indicator == id).cloned().collect();
        ds.add_partition(&format!("values/{id}.parquet"), ValuesTable::from_rows(&part));
    }
    ds
}

/// The fixture as `healthdash` writes bundles: one partition per indicator
/// and organisation type (`values/<id>/<type>.parquet`, listed with its
/// `org_types`), each indicator's periods listed in the manifest, and, since
/// format 3.0, a partition's breakdown rows apart from its whole-population
/// rows (`values/<id>/<type>.breakdowns.parquet`, `breakdown_rows` "only";
/// the other file "none"). Besides the rows of [`rows`], ICB One has
/// obesity by deprivation quintile in 2023 and no whole-population row: a
/// partition of breakdown rows alone.
pub fn partitioned() -> (Manifest, Vec<(DataFile, ValuesTable)>) {
    let mut m = manifest();
    let mut rows = rows();
    for (q, num) in [1200.0, 1100.0, 1000.0, 900.0, 800.0].iter().enumerate() {
        let key = BreakdownKey::one("deprivation_quintile", &(q + 1).to_string());
        rows.push(row("obesity", ValueType::Proportion, 100.0, "I1", &year(2023), key, *num, 4000.0));
    }
    let type_of = |code: &str| m.organisations.iter().find(|o| o.code == code).map(|o| o.org_type.clone()).unwrap_or_default();
    let mut parts: BTreeMap<(String, String, bool), Vec<ValueRow>> = BTreeMap::new();
    for r in &rows {
        parts.entry((r.indicator.clone(), type_of(&r.org), !r.breakdown.is_whole())).or_default().push(r.clone());
    }
    let mut periods = PeriodDef::by_indicator(&rows);
    for ind in &mut m.indicators {
        ind.periods = periods.remove(ind.id.as_str()).unwrap_or_default();
    }
    let files: Vec<(DataFile, ValuesTable)> = parts
        .into_iter()
        .map(|((id, t, cut), part)| {
            let file = DataFile {
                path: if cut { format!("values/{id}/{t}.breakdowns.parquet") } else { format!("values/{id}/{t}.parquet") },
                bytes: 0,
                sha256: String::new(),
                indicators: vec![id],
                org_types: vec![t],
                breakdown_rows: Some(if cut { BreakdownRows::Only } else { BreakdownRows::None }),
                rows: part.len() as u64,
            };
            (file, ValuesTable::from_rows(&part))
        })
        .collect();
    m.files = files.iter().map(|(f, _)| f.clone()).collect();
    (m, files)
}
