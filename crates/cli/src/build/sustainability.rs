//! NHS Digital's Estates Returns Information Collection (ERIC) by trust and
//! financial year (`eric_trust_energy_water_2013-14_to_2016-17.csv`) with the
//! UK Government greenhouse-gas conversion factors (`carbon_factors_defra.csv`):
//! the NHS Sustainable Development Unit's estates dashboard.
//!
//! Four indicators per trust and year, each over gross internal floor area,
//! all lower-is-better and summed to commissioning region and England:
//!
//! - `energy_kwh_per_m2`: all energy consumed (electricity, gas, oil, coal,
//!   steam, hot water, green-tariff electricity, non-fossil renewables) per m².
//!   It carries the opportunity's price and carbon: `unit_cost` is England's
//!   average £ per kWh and `carbon_factor` England's average kg CO2e per kWh,
//!   both of the latest year, so a gap × floor area (kWh) converts to £ and
//!   t CO2e.
//! - `energy_cost_per_m2`: £ per m² (its opportunity's activity is already £,
//!   so it is not priced again).
//! - `water_m3_per_m2`: m³ per m², priced at England's average £ per m³ of the
//!   latest year and the supply + treatment carbon factors of that year.
//! - `energy_co2e_per_m2`: kg CO2e per m², each fuel's kWh × that year's factor
//!   (see [`FACTORS`]); no factor of its own, so carbon is not counted twice.
//!
//! Peers: ERIC's organisation type (acute – small, mental health …) is a peer
//! cluster, and floor area a context variable. Some rows have the trust name
//! split at its comma, which pushed the type out of the row; they are read back
//! (the name rejoined, the region from the type column, the type from the
//! trust's other years) with a warning.

use super::csvin::{Col, CsvInput, Row};
use super::import::{Import, IndicatorHint, Provenance, Sourced, OGL, OGL_ATTRIBUTION};
use super::report::{Omitted, Reason};
use super::rollup::{plain_row, sum_to_parents};
use healthdash_core::bundle::{ContextVariable, Domain, Indicator, PeerCluster, Polarity, ValueType};
use healthdash_core::period::days_from_civil;
use std::collections::{BTreeMap, HashMap};

pub const ENERGY: &str = "energy_kwh_per_m2";
pub const COST: &str = "energy_cost_per_m2";
pub const WATER: &str = "water_m3_per_m2";
pub const CARBON: &str = "energy_co2e_per_m2";
pub const FLOOR_AREA: &str = "floor_area_m2";
const DOMAIN: &str = "estates_sustainability";
const ENGLAND: &str = "E92000001";

/// Which DEFRA factor row (by its `name`) converts each ERIC quantity: the
/// "total" rows, which add the well-to-tank (and for electricity the
/// transmission and distribution) factors to the direct ones, as the NHS
/// Sustainable Development Unit's reporting did. Green-tariff electricity takes
/// the grid factor (location-based reporting; the file's "Electricity Consumed
/// - renewable" row has the same values); non-fossil renewables count as zero.
pub const FACTORS: [(&str, &str); 8] = [
    ("electricity_kwh", "Electricity UK total"),
    ("electricity_renewable_kwh", "Electricity UK total"),
    ("gas_kwh", "Gas total"),
    ("oil_kwh", "Fuel oil total"),
    ("coal_kwh", "Coal (industrial) total"),
    ("steam_kwh", "Imported heat/steam total"),
    ("hot_water_kwh", "Imported heat/steam total"),
    ("non_fossil_renewable_kwh", ""),
];
/// Water: supply plus treatment, kg CO2e per m³.
pub const WATER_FACTORS: [&str; 2] = ["Mains water total", "Drains waste water total"];

/// The commissioning regions of 2013–18, with their ODS codes.
const REGIONS: [(&str, &str, &str); 4] = [
    ("NORTH OF ENGLAND COMMISSIONING REGION", "Y54", "North of England commissioning region"),
    ("MIDLANDS AND EAST OF ENGLAND COMMISSIONING REGION", "Y55", "Midlands and East of England commissioning region"),
    ("LONDON COMMISSIONING REGION", "Y56", "London commissioning region"),
    ("SOUTH OF ENGLAND COMMISSIONING REGION", "Y57", "South of England commissioning region"),
];

pub fn detect_eric(header: &[String]) -> bool {
    let has = |n: &str| header.iter().any(|h| h == n);
    has("gross_internal_floor_area_m2") && has("org_code") && has("financial_year")
}

pub fn detect_factors(header: &[String]) -> bool {
    let has = |n: &str| header.iter().any(|h| h == n);
    has("category") && has("name") && has("scope") && has("unit")
}

/// The year columns of the factors file that are read.
const YEARS: [&str; 14] =
    ["2007-08", "2008-09", "2009-10", "2010-11", "2011-12", "2012-13", "2013-14", "2014-15", "2015-16", "2016-17", "2017-18", "2018-19", "2019-20", "2020-21"];

/// Conversion factors by row name and financial year (`2016-17`).
#[derive(Default)]
pub struct Factors {
    pub file: String,
    by_name: HashMap<String, HashMap<String, f64>>,
}

impl Factors {
    pub fn read(input: &mut CsvInput) -> Result<Factors, Vec<String>> {
        let name_c = input.require("name", "carbon conversion factors file").map_err(|e| vec![e])?;
        let years: Vec<(String, Col)> = YEARS.iter().filter_map(|y| input.require(y, "").ok().map(|c| (y.to_string(), c))).collect();
        let mut f = Factors { file: input.file.clone(), ..Factors::default() };
        let by_name = &mut f.by_name;
        input.for_each(|row| {
            let name = row.text(name_c);
            let entry = by_name.entry(name.to_string()).or_default();
            for (y, c) in &years {
                if let Some(x) = row.number(*c).ok().flatten() {
                    entry.entry(y.clone()).or_insert(x);
                }
            }
            Ok(())
        })?;
        Ok(f)
    }

    /// The factor of the row named `name` for financial year `year` (`2016-17`).
    pub fn get(&self, name: &str, year: &str) -> Option<f64> {
        self.by_name.get(name)?.get(year).copied()
    }
}

/// One ERIC row as read (figures in file order of [`FIGURES`]).
struct EricRow {
    line: u64,
    code: String,
    name: String,
    org_type: String,
    region: String,
    year: String,
    figures: [Option<f64>; 11],
}

/// The figure columns read, in this order.
const FIGURES: [&str; 11] = [
    "gross_internal_floor_area_m2",
    "energy_cost_gbp",
    "electricity_kwh",
    "gas_kwh",
    "oil_kwh",
    "coal_kwh",
    "steam_kwh",
    "hot_water_kwh",
    "electricity_renewable_kwh",
    "non_fossil_renewable_kwh",
    "water_volume_m3",
];
const WATER_COST: &str = "water_cost_gbp";

fn year_start(fy: &str) -> Option<(i32, i32, String)> {
    let (a, b) = fy.split_once('-')?;
    let y: i32 = a.parse().ok().filter(|_| a.len() == 4)?;
    (b.len() == 2 && b.parse::<i32>().ok()? == (y + 1) % 100).then(|| (days_from_civil(y, 4, 1), days_from_civil(y + 1, 4, 1) - 1, format!("{y}/{b}")))
}

fn slug(s: &str) -> String {
    let l: String = s.to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    l.split('_').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("_")
}

fn sentence(s: &str) -> String {
    let l = s.to_lowercase();
    let mut c = l.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

fn figures(row: &Row, cols: &[Col; 11]) -> Result<[Option<f64>; 11], String> {
    let mut out = [None; 11];
    for (o, c) in out.iter_mut().zip(cols) {
        *o = row.number(*c)?;
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn indicator(id: &str, name: &str, unit: &str, definition: &str, method: String, unit_cost: Option<f64>, carbon: Option<f64>) -> Indicator {
    Indicator {
        id: id.into(),
        name: name.into(),
        definition: definition.into(),
        domains: vec![DOMAIN.into()],
        value_type: ValueType::Ratio,
        multiplier: 1.0,
        unit: unit.into(),
        polarity: Polarity::LowerIsBetter,
        target: None,
        unit_cost,
        carbon_factor: carbon,
        source: "NHS Digital, Estates Returns Information Collection (ERIC), via the NHS Sustainable Development Unit's reporting portal; UK Government GHG conversion factors for company reporting".into(),
        method,
        updated: String::new(),
        period_type: "financial_year".into(),
        aggregatable: true,
        compute_limits: true,
        periods: Vec::new(),
        breakdowns: Vec::new(),
    }
}

pub fn read(input: &mut CsvInput, factors: Option<&Factors>, warnings: &mut Vec<String>) -> Result<Import, Vec<String>> {
    const FORMAT: &str = "ERIC estates file";
    let file = input.file.clone();
    let Some(factors) = factors else {
        return Err(vec![format!("{file}: needs the carbon conversion factors (carbon_factors_defra.csv) among the inputs to compute CO2e")]);
    };
    let req = |n| input.require(n, FORMAT).map_err(|e| vec![e]);
    let (code_c, name_c, type_c, region_c, year_c) =
        (req("org_code")?, req("org_name")?, req("org_type")?, req("commissioning_region")?, req("financial_year")?);
    let mut cols = [code_c; 11];
    for (c, n) in cols.iter_mut().zip(FIGURES) {
        *c = req(n)?;
    }
    let water_cost_c = req(WATER_COST)?;
    let mut rows: Vec<(EricRow, Option<f64>)> = Vec::new();
    let mut seen: HashMap<(String, String), u64> = HashMap::new();
    input.for_each(|row| {
        let code = row.required_text(code_c, "an organisation code")?.to_string();
        let year = row.required_text(year_c, "a financial year such as 2013-14")?.to_string();
        if year_start(&year).is_none() {
            return Err(row.error(year_c, format!("expected a financial year such as 2013-14, found \"{year}\"")));
        }
        if factors.get(FACTORS[0].1, &year).is_none() {
            return Err(row.error(year_c, format!("{} has no factors for {year}", factors.file)));
        }
        if let Some(first) = seen.insert((code.clone(), year.clone()), row.line) {
            return Err(row.error(year_c, format!("{code} {year} is already given on line {first}")));
        }
        let (mut name, mut org_type, mut region) = (row.text(name_c).to_string(), row.text(type_c).to_string(), row.text(region_c).to_string());
        if org_type.ends_with("COMMISSIONING REGION") && !region.ends_with("COMMISSIONING REGION") {
            // The name was split at its comma: "BARKING", " HAVERING AND …".
            name = format!("{name}, {}", region.trim());
            region = std::mem::take(&mut org_type);
        }
        if !REGIONS.iter().any(|(r, _, _)| *r == region) {
            return Err(row.error(region_c, format!("expected a commissioning region ({}), found \"{region}\"", REGIONS.map(|r| r.0).join(", "))));
        }
        let figures = figures(row, &cols)?;
        rows.push((EricRow { line: row.line, code, name, org_type, region, year, figures }, row.number(water_cost_c)?));
        Ok(())
    })?;

    // Types lost to the split names: the trust's type in its other years.
    let mut type_of: HashMap<String, String> = HashMap::new();
    for (r, _) in rows.iter().filter(|(r, _)| !r.org_type.is_empty()) {
        type_of.insert(r.code.clone(), r.org_type.clone());
    }
    let repaired: Vec<String> = rows.iter().filter(|(r, _)| r.org_type.is_empty()).map(|(r, _)| format!("line {} ({})", r.line, r.code)).collect();
    if !repaired.is_empty() {
        warnings.push(format!(
            "{file}: {} rows have the trust name split at its comma and no organisation type; read with the name rejoined and the type of the trust's other years: {}",
            repaired.len(),
            repaired.join(", ")
        ));
    }

    let latest = rows.iter().map(|(r, _)| r.year.clone()).max().unwrap_or_default();
    let f = |name: &str, year: &str| if name.is_empty() { Some(0.0) } else { factors.get(name, year) };
    let mut import = Import::new(&file, "kWh, £, kg CO2e or m³", "gross_internal_floor_area_m2");
    import.key_columns = "\"org_code\", \"financial_year\"";
    let mut out = Vec::new();
    let (mut nat_kwh, mut nat_cost, mut nat_kg, mut nat_water, mut nat_water_cost) = (0.0, 0.0, 0.0, 0.0, 0.0);
    let mut latest_of: BTreeMap<String, (String, String, String, f64)> = BTreeMap::new();
    for (r, water_cost) in &rows {
        let (start, end, label) = year_start(&r.year).unwrap_or_default();
        let [area, cost, elec, gas, oil, coal, steam, hw, green, nonfossil, water] = r.figures;
        let kwh_parts = [elec, green, gas, oil, coal, steam, hw, nonfossil];
        let kwh: Option<f64> = kwh_parts.iter().try_fold(0.0, |s, x| x.map(|x| s + x));
        let mut kg = Some(0.0);
        for (col, name) in FACTORS {
            let i = FIGURES.iter().position(|c| *c == col).unwrap_or(0);
            let factor = f(name, &r.year).ok_or_else(|| vec![format!("{}: no factor \"{name}\" for {}", factors.file, r.year)])?;
            kg = kg.zip(r.figures[i]).map(|(s, x)| s + x * factor);
        }
        // A negative quantity (Leeds's steam in 2014-15) makes the totals it is part of meaningless.
        let negative = |cols: &[usize]| cols.iter().find(|&&i| r.figures[i].is_some_and(|x| x < 0.0)).map(|&i| FIGURES[i].to_string());
        let fuels: Vec<usize> = (2..10).collect();
        let measures = [(ENERGY, kwh, negative(&fuels)), (COST, cost, negative(&[1])), (WATER, water, negative(&[10])), (CARBON, kg, negative(&fuels))];
        let area = area.filter(|a| *a > 0.0);
        for (id, n, negative) in measures {
            let reason = match (n, area) {
                _ if negative.is_some() => Reason::Negative { column: negative.unwrap_or_default() },
                (Some(n), Some(a)) => {
                    out.push(Sourced { row: plain_row(id, &r.code, start, end, &label, Some(n), Some(a), Some(n / a)), line: r.line });
                    continue;
                }
                (None, _) => Reason::NoValue,
                (Some(_), None) => Reason::NoDenominator,
            };
            import.omitted.push(Omitted {
                file: file.clone(),
                line: r.line,
                indicator: id.into(),
                area: r.code.clone(),
                period: label.clone(),
                cut: String::new(),
                reason,
            });
        }
        if r.year == latest && negative(&(1..11).collect::<Vec<_>>()).is_none() {
            if let (Some(k), Some(c), Some(g)) = (kwh, cost, kg) {
                (nat_kwh, nat_cost, nat_kg) = (nat_kwh + k, nat_cost + c, nat_kg + g);
            }
            if let (Some(w), Some(c)) = (water, water_cost) {
                (nat_water, nat_water_cost) = (nat_water + w, nat_water_cost + c);
            }
        }
        let region = REGIONS.iter().find(|(x, _, _)| *x == r.region).map(|x| x.1).unwrap_or_default();
        let e = latest_of.entry(r.code.clone()).or_default();
        if r.year >= e.0 {
            let org_type = if r.org_type.is_empty() { type_of.get(&r.code).cloned().unwrap_or_default() } else { r.org_type.clone() };
            *e = (r.year.clone(), r.name.clone(), format!("{region}|{org_type}"), area.unwrap_or(f64::NAN));
        }
    }

    for (code, (_, name, region_type, area)) in &latest_of {
        let (region, org_type) = region_type.split_once('|').unwrap_or_default();
        import.orgs.add(code, name, "trust", Some(region));
        if let Some((_, c, n)) = REGIONS.iter().find(|x| x.1 == region) {
            import.orgs.add(c, n, "nhs_region", Some(ENGLAND));
        }
        if area.is_finite() {
            import.context.push((code.clone(), FLOOR_AREA.into(), *area));
        }
        if !org_type.is_empty() {
            let id = slug(org_type);
            if !import.peer_clusters.iter().any(|c| c.id == id) {
                import.peer_clusters.push(PeerCluster {
                    id: id.clone(),
                    name: sentence(org_type),
                    description: format!("Trusts of ERIC organisation type \"{org_type}\""),
                });
            }
            import.clusters.push((code.clone(), id));
        }
    }
    import.orgs.add(ENGLAND, "England", "country", None);
    import.peer_clusters.sort_by(|a, b| a.id.cmp(&b.id));
    import.context_variables.push(ContextVariable { id: FLOOR_AREA.into(), name: "Gross internal floor area (latest year)".into(), unit: "m²".into() });

    let region_of: HashMap<&str, &str> = latest_of.iter().map(|(c, (_, _, rt, _))| (c.as_str(), rt.split('|').next().unwrap_or(""))).collect();
    let parents = sum_to_parents(&out, |c| region_of.get(c).map(|r| vec![r.to_string(), ENGLAND.to_string()]).unwrap_or_default(), |_| 1.0);
    import.rows = out;
    import.rows.extend(parents);

    let ratio = |a: f64, b: f64| if b > 0.0 { Some(a / b) } else { None };
    let (per_kwh, kg_per_kwh, per_m3) = (ratio(nat_cost, nat_kwh), ratio(nat_kg, nat_kwh), ratio(nat_water_cost, nat_water));
    let water_kg: Option<f64> = WATER_FACTORS.iter().map(|n| factors.get(n, &latest)).sum();
    let factor_list = FACTORS.iter().map(|(c, n)| format!("{c}: \"{}\"", if n.is_empty() { "zero" } else { n })).collect::<Vec<_>>().join("; ");
    let latest_label = year_start(&latest).map(|y| y.2).unwrap_or_default();
    let per_area = "per m² of gross internal floor area; regions and England: trusts' totals summed over their floor areas summed.";
    let show = |x: Option<f64>, d: usize| x.map_or("unknown".to_string(), |x| format!("{x:.d$}"));
    let inds = [
        indicator(
            ENERGY,
            "Energy use per m² of floor area",
            "kWh per m²",
            "All energy consumed (electricity, gas, oil, coal, steam, hot water, green-tariff electricity and non-fossil renewables) per m² of gross internal floor area.",
            format!(
                "kWh {per_area} Opportunity: gap × floor area = kWh, priced at England's {latest_label} average of £{} per kWh (energy cost ÷ energy used) and {} kg CO2e per kWh (CO2e ÷ energy used, factors below).",
                show(per_kwh, 4),
                show(kg_per_kwh, 4)
            ),
            per_kwh,
            kg_per_kwh,
        ),
        indicator(
            COST,
            "Energy cost per m² of floor area",
            "£ per m²",
            "Energy cost (£) per m² of gross internal floor area.",
            format!("£ {per_area} Its opportunity's activity is already £ and is not priced again (the energy use indicator prices the kWh)."),
            None,
            None,
        ),
        indicator(
            WATER,
            "Water use per m² of floor area",
            "m³ per m²",
            "Water volume (m³) per m² of gross internal floor area.",
            format!(
                "m³ {per_area} Opportunity: gap × floor area = m³, priced at England's {latest_label} average of £{} per m³ (water cost ÷ volume) and {} kg CO2e per m³ (DEFRA \"{}\" + \"{}\", {latest_label}).",
                show(per_m3, 4),
                show(water_kg, 4),
                WATER_FACTORS[0],
                WATER_FACTORS[1]
            ),
            per_m3,
            water_kg,
        ),
        indicator(
            CARBON,
            "Energy carbon emissions per m² of floor area",
            "kg CO2e per m²",
            "Greenhouse-gas emissions from energy use (kg CO2e) per m² of gross internal floor area.",
            format!("Each fuel's kWh × that year's UK Government conversion factor (row by name): {factor_list}. kg CO2e {per_area} No carbon factor of its own: the energy use indicator carries the t CO2e opportunity, so it is not counted twice."),
            None,
            None,
        ),
    ];
    for ind in inds {
        import.indicators.push(IndicatorHint { id: ind.id.clone(), name: String::new(), full: Some(ind) });
    }
    import.domains.push(Domain { id: DOMAIN.into(), name: "Estates and sustainability".into(), kind: "sustainability".into() });
    import.provenance = Some(Provenance {
        title: "NHS trust energy, water and carbon".into(),
        publisher: "NHS Digital (ERIC); UK Government (GHG conversion factors)".into(),
        licence: OGL.into(),
        attribution: format!(
            "{OGL_ATTRIBUTION} Source: NHS Digital, Estates Returns Information Collection; UK Government GHG conversion factors for company reporting."
        ),
    });
    Ok(import)
}
