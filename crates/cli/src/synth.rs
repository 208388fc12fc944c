//! `healthdash synth`: a deterministic, realistic synthetic bundle — the
//! embedded demonstration data, and bundles of any size for benchmarks.
//!
//! Geography is real (England, the 7 NHS England regions and the 42 ICBs with
//! their ONS codes and names, and each ICB's real IMD 2025 score); the values
//! are synthetic. Each ICB has its own level, drift and noise, deprivation
//! pulls values the wrong way, winter pressure is seasonal, and a few ICBs
//! have a step change, so every view has real spread, improvers and special
//! causes to show. Regions and England are sums of their ICBs' numerators and
//! denominators, so roll-ups agree. Same seed, same bytes: no clock, no hash
//! iteration order, a fixed publication date.

mod catalogue;
mod geography;
mod rng;

use crate::write::BundleWriter;
use catalogue::{catalogue, Spec, DOMAINS};
use clap::Args;
use healthdash_core::bundle::*;
use healthdash_core::period::days_from_civil;
use healthdash_core::stats::ci::{limits_for, Level};
use rng::Rng;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct SynthArgs {
    /// Output bundle folder (replaced if it exists).
    #[arg(long)]
    out: PathBuf,
    /// Extra synthetic provider organisations under the ICBs (for benchmarks).
    #[arg(long, default_value_t = 0)]
    orgs: usize,
    /// Number of indicators (the catalogue is repeated with suffixed ids beyond its length).
    #[arg(long)]
    indicators: Option<usize>,
    /// Number of monthly periods, ending September 2025.
    #[arg(long, default_value_t = 42)]
    periods: usize,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Folder of ONS boundary files (*.geojson, with code_crosswalk.csv) for
    /// maps; skipped when it does not exist.
    #[arg(long, default_value = "../shared/data/boundaries")]
    boundaries: PathBuf,
}

const ENGLAND: &str = "E92000001";
const ETHNIC_GROUPS: [(&str, f64); 5] = [
    ("Asian, Asian British or Asian Welsh", 0.096),
    ("Black, Black British, Black Welsh, Caribbean or African", 0.042),
    ("Mixed or Multiple ethnic groups", 0.030),
    ("White", 0.810),
    ("Other ethnic group", 0.022),
];
/// Sexes and age bands: (category, population share, outcome shift).
const SEXES: [(&str, f64, f64); 2] = [("Female", 0.51, 0.03), ("Male", 0.49, -0.03)];
const AGES: [(&str, f64, f64); 4] = [("0-17 yrs", 0.21, 0.10), ("18-44 yrs", 0.36, 0.0), ("45-64 yrs", 0.25, -0.08), ("65+ yrs", 0.18, -0.20)];
/// The outcome shift of each of [`ETHNIC_GROUPS`].
const ETHNIC_SHIFTS: [f64; 5] = [-0.12, -0.2, -0.08, 0.04, -0.1];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// One area whose values are simulated (ICBs and synthetic providers).
struct Area {
    code: String,
    /// Parents whose values are sums of this area's (region for an ICB).
    sums_into: Vec<String>,
    population: f64,
    /// Deprivation, standardised across ICBs (positive = more deprived).
    deprivation: f64,
    effect: f64,
    drift: f64,
    step: Option<(usize, f64)>,
    /// Whether breakdowns are simulated here (ICBs; sums give regions and England).
    breakdowns: bool,
}

struct Period {
    label: String,
    start: i32,
    end: i32,
    month: u32,
}

fn periods(count: usize) -> Vec<Period> {
    // Months ending September 2025.
    let last = 2025 * 12 + 8;
    (0..count)
        .map(|k| {
            let n = last - (count - 1 - k) as i32;
            let (y, m) = (n.div_euclid(12), n.rem_euclid(12) as u32 + 1);
            let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            Period { label: format!("{} {y}", MONTHS[m as usize - 1]), start: days_from_civil(y, m, 1), end: days_from_civil(ny, nm, 1) - 1, month: m }
        })
        .collect()
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

/// Numerator and denominator rows (summable) keyed by org, period, breakdown.
type Sums = BTreeMap<(String, usize, BreakdownKey), (f64, f64)>;

fn simulate(spec: &Spec, id: &str, areas: &[Area], periods: &[Period], seed: u64) -> Vec<ValueRow> {
    let mut rng = Rng::stream(seed, id);
    let sign = if spec.polarity == Polarity::LowerIsBetter { -1.0 } else { 1.0 };
    let mut sums: Sums = BTreeMap::new();
    for area in areas {
        for (t, period) in periods.iter().enumerate() {
            let years = t as f64 / 12.0;
            let winter = if matches!(period.month, 12 | 1 | 2) { spec.winter } else { 0.0 };
            let step = area.step.filter(|(at, _)| t >= *at).map(|(_, s)| s).unwrap_or(0.0);
            // Improvement is positive: convert to the value scale's direction.
            let good = area.effect + (spec.drift + area.drift) * years + step - winter - 0.18 * area.deprivation + 0.04 * rng.normal();
            // One cell of the population: its counts are added to every key given.
            let mut add = |keys: &[BreakdownKey], share: f64, shift: f64| {
                let (num, den) = match spec.value_type {
                    ValueType::Proportion => {
                        let p = logistic(logit(spec.base) + sign * (good + shift));
                        let den = (area.population * spec.denominator_per_head * share).round().max(1.0);
                        ((p * den).round(), den)
                    }
                    _ => {
                        let rate = spec.base * (-(good + shift) * sign.abs()).exp();
                        let den = (area.population * share).round().max(1.0);
                        ((rate * den).round(), den)
                    }
                };
                for code in std::iter::once(&area.code).chain(area.sums_into.iter()) {
                    for key in keys {
                        let e = sums.entry((code.clone(), t, key.clone())).or_insert((0.0, 0.0));
                        e.0 += num;
                        e.1 += den;
                    }
                }
            };
            if spec.breakdowns && area.breakdowns {
                // Deprivation deciles (1 = most deprived): more of a deprived area's
                // population sits in low deciles, and outcomes fall with deprivation.
                // Each decile × ethnic group cell adds to the whole population, its
                // decile, its ethnic group and its quintile × ethnic group.
                let weights: Vec<f64> = (1..=10).map(|d| (area.deprivation * 0.35 * (5.5 - d as f64)).exp()).collect();
                let total: f64 = weights.iter().sum();
                for d in 1..=10 {
                    let decile = BreakdownKey::one("deprivation_decile", &d.to_string());
                    let quintile = BreakdownKey::one("deprivation_quintile", &(d as u32).div_ceil(2).to_string());
                    for ((group, share), ethnic_shift) in ETHNIC_GROUPS.iter().zip(ETHNIC_SHIFTS) {
                        let keys = [BreakdownKey::whole(), decile.clone(), BreakdownKey::one("ethnicity", group), quintile.clone().with("ethnicity", group)];
                        add(&keys, weights[d - 1] / total * share, 0.09 * (d as f64 - 5.5) + ethnic_shift);
                    }
                }
                // Sex × age cells, adding to their sex and their age band.
                for (sex, sex_share, sex_shift) in SEXES {
                    for (age, age_share, age_shift) in AGES {
                        let keys = [BreakdownKey::of([("sex", sex), ("age", age)]), BreakdownKey::one("sex", sex), BreakdownKey::one("age", age)];
                        add(&keys, sex_share * age_share, sex_shift + age_shift);
                    }
                }
            } else {
                add(&[BreakdownKey::whole()], 1.0, 0.0);
            }
        }
    }
    // Quintiles are pairs of deciles.
    let deciles: Vec<_> = sums.iter().filter(|(k, _)| k.2.cuts_exactly(&["deprivation_decile"])).map(|(k, v)| (k.clone(), *v)).collect();
    for ((code, t, d), (num, den)) in deciles {
        let q = d.category("deprivation_decile").and_then(|d| d.parse::<u32>().ok()).unwrap_or(1).div_ceil(2);
        let e = sums.entry((code, t, BreakdownKey::one("deprivation_quintile", &q.to_string()))).or_insert((0.0, 0.0));
        e.0 += num;
        e.1 += den;
    }
    sums.into_iter()
        .map(|((code, t, breakdown), (num, den))| {
            let l95 = limits_for(spec.value_type, spec.multiplier, num, den, Level::P95);
            let l998 = limits_for(spec.value_type, spec.multiplier, num, den, Level::P998);
            ValueRow {
                breakdown,
                numerator: Some(num),
                denominator: Some(den),
                value: Some(num / den * spec.multiplier),
                lower_95: l95.map(|l| l.lower),
                upper_95: l95.map(|l| l.upper),
                lower_998: l998.map(|l| l.lower),
                upper_998: l998.map(|l| l.upper),
                ..ValueRow::new(id, &code, periods[t].start, periods[t].end, &periods[t].label)
            }
        })
        .collect()
}

fn organisations(extra: usize, seed: u64) -> (Vec<Organisation>, Vec<Area>) {
    let mut rng = Rng::stream(seed, "geography");
    let mean = geography::ICBS.iter().map(|i| i.3).sum::<f64>() / geography::ICBS.len() as f64;
    let sd = (geography::ICBS.iter().map(|i| (i.3 - mean).powi(2)).sum::<f64>() / geography::ICBS.len() as f64).sqrt();
    let median = {
        let mut s: Vec<f64> = geography::ICBS.iter().map(|i| i.3).collect();
        s.sort_by(f64::total_cmp);
        s[s.len() / 2]
    };
    let mut orgs = vec![Organisation {
        code: ENGLAND.into(),
        name: "England".into(),
        org_type: "country".into(),
        parents: vec![],
        population: None,
        context: BTreeMap::new(),
        clusters: vec![],
    }];
    for (code, name) in geography::REGIONS {
        orgs.push(Organisation {
            code: code.into(),
            name: name.into(),
            org_type: "region".into(),
            parents: vec![ENGLAND.into()],
            population: None,
            context: BTreeMap::new(),
            clusters: vec![],
        });
    }
    let mut areas = Vec::new();
    for (code, name, region, imd) in geography::ICBS {
        let population = (1.35e6 * (0.45 * rng.normal()).exp()).clamp(5.0e5, 3.2e6).round();
        let deprivation = (imd - mean) / sd;
        let over65 = (0.19 - 0.025 * deprivation + 0.02 * rng.normal()).clamp(0.10, 0.30);
        let rurality = (0.35 - 0.1 * deprivation + 0.15 * rng.normal()).clamp(0.0, 0.9);
        let cluster = match (imd > median, rurality > 0.35) {
            (true, false) => "deprived_urban",
            (true, true) => "deprived_mixed",
            (false, false) => "affluent_urban",
            (false, true) => "affluent_rural",
        };
        let context = BTreeMap::from([
            ("imd_score".to_string(), imd),
            ("over65_share".to_string(), (over65 * 1000.0).round() / 10.0),
            ("rurality".to_string(), (rurality * 1000.0).round() / 10.0),
            ("population".to_string(), population),
        ]);
        orgs.push(Organisation {
            code: code.into(),
            name: name.into(),
            org_type: "icb".into(),
            parents: vec![region.into()],
            population: Some(population),
            context,
            clusters: vec![cluster.into()],
        });
        let effect = 0.2 * rng.normal();
        let drift = 0.06 * rng.normal();
        let step = (rng.uniform() < 0.15).then(|| (18 + (rng.uniform() * 18.0) as usize, if rng.uniform() < 0.5 { 0.35 } else { -0.35 }));
        areas.push(Area { code: code.into(), sums_into: vec![region.into(), ENGLAND.into()], population, deprivation, effect, drift, step, breakdowns: true });
    }
    // Real trusts and local authorities: their own values (their populations
    // overlap the ICBs', so they are not summed into anything).
    for (code, name, icb, region) in geography::TRUSTS {
        let imd = geography::ICBS.iter().find(|i| i.0 == icb).map(|i| i.3).unwrap_or(mean);
        let population = (3.0e5 * (0.4 * rng.normal()).exp()).round();
        orgs.push(Organisation {
            code: code.into(),
            name: name.into(),
            org_type: "provider".into(),
            parents: vec![icb.into(), region.into()],
            population: Some(population),
            context: BTreeMap::new(),
            clusters: vec![],
        });
        let step = (rng.uniform() < 0.1).then(|| (18 + (rng.uniform() * 18.0) as usize, if rng.uniform() < 0.5 { 0.3 } else { -0.3 }));
        areas.push(Area {
            code: code.into(),
            sums_into: vec![],
            population,
            deprivation: (imd - mean) / sd,
            effect: 0.25 * rng.normal(),
            drift: 0.06 * rng.normal(),
            step,
            breakdowns: false,
        });
    }
    for (code, name, imd) in geography::LOCAL_AUTHORITIES {
        let population = (1.7e5 * (0.5 * rng.normal()).exp()).round();
        let context = BTreeMap::from([("imd_score".to_string(), imd), ("population".to_string(), population)]);
        orgs.push(Organisation {
            code: code.into(),
            name: name.into(),
            org_type: "local_authority".into(),
            parents: vec![ENGLAND.into()],
            population: Some(population),
            context,
            clusters: vec![],
        });
        areas.push(Area {
            code: code.into(),
            sums_into: vec![],
            population,
            deprivation: (imd - mean) / sd,
            effect: 0.25 * rng.normal(),
            drift: 0.06 * rng.normal(),
            step: None,
            breakdowns: false,
        });
    }
    for k in 0..extra {
        let icb = &geography::ICBS[k % geography::ICBS.len()];
        let code = format!("SYN{:05}", k + 1);
        // Synthetic providers (benchmarks only) are simulated like trusts.
        let population = (2.5e5 * (0.5 * rng.normal()).exp()).round();
        orgs.push(Organisation {
            code: code.clone(),
            name: format!("Synthetic provider {}", k + 1),
            org_type: "provider".into(),
            parents: vec![icb.0.into(), icb.2.into()],
            population: Some(population),
            context: BTreeMap::new(),
            clusters: vec![],
        });
        areas.push(Area {
            code,
            sums_into: vec![],
            population,
            deprivation: (icb.3 - mean) / sd,
            effect: 0.25 * rng.normal(),
            drift: 0.06 * rng.normal(),
            step: None,
            breakdowns: false,
        });
    }
    (orgs, areas)
}

fn indicator(spec: &Spec, id: String, name: String) -> Indicator {
    Indicator {
        id,
        name,
        definition: spec.definition.into(),
        domains: spec.domains.iter().map(|d| d.to_string()).collect(),
        value_type: spec.value_type,
        multiplier: spec.multiplier,
        unit: spec.unit.into(),
        polarity: spec.polarity,
        target: spec.target,
        unit_cost: spec.unit_cost,
        carbon_factor: spec.carbon_factor,
        source: "Synthetic demonstration data generated by healthdash synth".into(),
        method: match spec.value_type {
            ValueType::Proportion => "Numerator divided by denominator; 95% and 99.8% limits by the Wilson score method.".into(),
            _ => "Count divided by population; 95% and 99.8% limits by Byar's method (exact Poisson below 10 events).".into(),
        },
        updated: "2025-10-09".into(),
        period_type: "month".into(),
        aggregatable: true,
        compute_limits: true,
        periods: Vec::new(),
        breakdowns: Vec::new(),
    }
}

/// The demonstration's dimensions: ethnic group, IMD deciles and quintiles
/// (most deprived first), sex and age band.
fn dimensions() -> Vec<Dimension> {
    let legacy = |id: &str, name: &str, categories: Vec<String>, definition: &str| Dimension {
        definition: definition.to_string(),
        ..Dimension::from_legacy(id, Some(name), &categories).expect("a format 1.x breakdown type")
    };
    let ranks = |n: u32| (1..=n).map(|d| d.to_string()).collect::<Vec<_>>();
    vec![
        legacy(
            "ethnicity",
            "Ethnic group (ONS 2021, high level)",
            ETHNIC_GROUPS.iter().map(|g| g.0.to_string()).collect(),
            "ONS Census 2021 high-level groups",
        ),
        legacy("deprivation_decile", "Deprivation decile (IMD, 1 = most deprived)", ranks(10), "Neighbourhood (LSOA) deciles in England, IMD 2025"),
        legacy("deprivation_quintile", "Deprivation quintile (IMD, 1 = most deprived)", ranks(5), "Neighbourhood (LSOA) quintiles in England, IMD 2025"),
        legacy("sex", "Sex", SEXES.iter().map(|s| s.0.to_string()).collect(), ""),
        legacy("age", "Age band", AGES.iter().map(|a| a.0.to_string()).collect(), ""),
    ]
}

pub fn run(args: SynthArgs) -> Result<ExitCode, String> {
    if args.periods == 0 {
        return Err("--periods must be at least 1".into());
    }
    let specs = catalogue();
    let count = args.indicators.unwrap_or(specs.len()).max(1);
    let periods = periods(args.periods);
    let (organisations, areas) = organisations(args.orgs, args.seed);
    // One indicator's rows at a time: simulated, written, dropped. Memory
    // stays at about one indicator's rows whatever the number of indicators.
    let mut writer = BundleWriter::create(&args.out, &organisations, EncodeOptions::default())?;
    let mut indicators = Vec::new();
    for k in 0..count {
        let spec = &specs[k % specs.len()];
        let round = k / specs.len();
        let (id, name) = if round == 0 {
            (spec.id.to_string(), spec.name.to_string())
        } else {
            (format!("{}_{}", spec.id, round + 1), format!("{} (copy {})", spec.name, round + 1))
        };
        writer.add(simulate(spec, &id, &areas, &periods, args.seed.wrapping_add(round as u64)))?;
        indicators.push(indicator(spec, id, name));
    }
    let mut manifest = Manifest {
        format_version: FORMAT_VERSION.into(),
        title: "healthdash demonstration bundle".into(),
        description: "Synthetic demonstration data: real England NHS geography with simulated indicator values, to show every part of healthdash. These are not real performance figures.".into(),
        publisher: "healthdash".into(),
        licence: "Open Government Licence v3.0 (geography); synthetic values".into(),
        attribution: "Synthetic demonstration data, not real performance figures. Geography: contains public sector information licensed under the Open Government Licence v3.0 (ONS, NHS England, MHCLG IMD 2025).".into(),
        published: "2025-10-09".into(),
        release: None,
        demonstration: true,
        files: vec![],
        domains: DOMAINS.iter().map(|(id, name, kind)| Domain { id: id.to_string(), name: name.to_string(), kind: kind.to_string() }).collect(),
        rating_rule: RatingRule::default(),
        breakdowns: Vec::new(),
        dimensions: dimensions(),
        suppression: None,
        indicators,
        organisations,
        org_types: vec![
            OrgType { id: "country".into(), name: "Country".into(), level: 0 },
            OrgType { id: "region".into(), name: "NHS England region".into(), level: 1 },
            OrgType { id: "icb".into(), name: "Integrated care board".into(), level: 2 },
            OrgType { id: "provider".into(), name: "NHS trust".into(), level: 3 },
            OrgType { id: "local_authority".into(), name: "Local authority".into(), level: 2 },
        ],
        context_variables: vec![
            ContextVariable { id: "imd_score".into(), name: "IMD 2025 average score".into(), unit: "score".into() },
            ContextVariable { id: "over65_share".into(), name: "Population aged 65 and over".into(), unit: "%".into() },
            ContextVariable { id: "rurality".into(), name: "Population in rural areas".into(), unit: "%".into() },
            ContextVariable { id: "population".into(), name: "Registered population".into(), unit: "people".into() },
        ],
        boundaries: Vec::new(),
        peer_clusters: vec![
            PeerCluster { id: "deprived_urban".into(), name: "More deprived, urban".into(), description: "IMD score above the ICB median; rural share 35% or less".into() },
            PeerCluster { id: "deprived_mixed".into(), name: "More deprived, mixed urban and rural".into(), description: "IMD score above the ICB median; rural share above 35%".into() },
            PeerCluster { id: "affluent_urban".into(), name: "Less deprived, urban".into(), description: "IMD score at or below the ICB median; rural share 35% or less".into() },
            PeerCluster { id: "affluent_rural".into(), name: "Less deprived, rural".into(), description: "IMD score at or below the ICB median; rural share above 35%".into() },
        ],
    };
    let shapes = crate::boundaries::geojson_in(&args.boundaries)?;
    let files = crate::boundaries::attach(&mut manifest, &shapes, crate::boundaries::Detail::default())?;
    let extras: Vec<(&str, &[u8])> = files.iter().map(|(p, b)| (p.as_str(), b.as_slice())).collect();
    let written = writer.finish(manifest, &extras)?;
    println!("wrote {}: {} files, {} value rows, {} bytes", args.out.display(), written.files, written.rows, written.bytes);
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_consecutive_months_ending_september_2025() {
        let p = periods(14);
        assert_eq!(p[0].label, "Aug 2024");
        assert_eq!(p[13].label, "Sep 2025");
        assert_eq!(p[13].start, days_from_civil(2025, 9, 1));
        assert_eq!(p[13].end, days_from_civil(2025, 9, 30));
        assert!(p.windows(2).all(|w| w[1].start == w[0].end + 1));
    }

    // The demonstration's priced indicators must be priced per unit they count: summed over every
    // organisation's gap to the indicator's target (or else the median organisation) in the latest
    // month, no single indicator makes up more than half of the money. (Priced at £12,500 a unit
    // of a share of the pay bill, agency spend alone made up £122.5m of one trust's £125m.)
    #[test]
    fn no_single_indicator_dominates_the_opportunity() {
        use healthdash_core::stats::opportunity::opportunity;
        use healthdash_core::stats::quantiles::median;
        let (_, areas) = organisations(0, 1);
        let months = periods(14);
        let mut costs: Vec<(&str, f64)> = Vec::new();
        for spec in catalogue::catalogue().iter().filter(|s| s.unit_cost.is_some_and(|c| c > 0.0)) {
            let latest: Vec<ValueRow> =
                simulate(spec, spec.id, &areas, &months, 1).into_iter().filter(|r| r.period_start == months[13].start && r.breakdown.is_whole()).collect();
            let values: Vec<f64> = latest.iter().filter_map(|r| r.value).collect();
            let target = spec.target.or_else(|| median(&values)).unwrap();
            let total: f64 =
                latest.iter().filter_map(|r| opportunity(r.value?, r.denominator?, spec.multiplier, target, spec.polarity, spec.unit_cost, None)?.cost).sum();
            costs.push((spec.id, total));
        }
        let all: f64 = costs.iter().map(|c| c.1).sum();
        assert!(costs.len() >= 3 && all > 0.0, "{costs:?}");
        for (id, c) in &costs {
            assert!(c / all <= 0.5, "{id} is {:.0}% of all opportunity: {costs:?}", 100.0 * c / all);
        }
    }

    #[test]
    fn geography_has_seven_regions_and_42_icbs_each_in_a_region() {
        assert_eq!(geography::REGIONS.len(), 7);
        assert_eq!(geography::ICBS.len(), 42);
        for icb in geography::ICBS {
            assert!(icb.0.starts_with("E54"));
            assert!(geography::REGIONS.iter().any(|r| r.0 == icb.2), "{}", icb.0);
        }
    }
}
