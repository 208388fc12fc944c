//! NHS England's bed availability and occupancy file by trust and month
//! (`england_critical_general_acute_beds.csv`).
//!
//! One indicator comes out: general and acute bed occupancy, a proportion =
//! occupied ÷ available general and acute beds × 100 with Wilson limits. The
//! publisher's own rate column is computed from unrounded bed counts and
//! differs from the rounded counts' ratio in about 100 rows; the bundle keeps
//! the counts and recomputes the value from them, so a value always follows
//! from its numerator and denominator. Months are labelled "April 2022"; a
//! trust with no such beds (0 available, or `NA`) is listed in the build
//! report. ICB, region and England rows are the trusts' beds summed (a
//! trust's ICB is its main ICB in the trust → ICB lookup, as for A&E).
//!
//! The same bed counts are the denominators of the discharge indicators
//! (delays per 100 occupied beds), so the file is read once into a
//! [`BedTable`] before any importer runs; and each trust's (and ICB's) mean
//! available beds over the last 12 months is a context variable for
//! nearest-neighbour peers, `ga_beds`.

use super::ae::{add_org, Kind as AeKind, Lookups, ENGLAND};
use super::csvin::CsvInput;
use super::import::{Import, IndicatorHint, Provenance, Sourced, OGL, OGL_ATTRIBUTION};
use super::periods::{label_for, parse_label, period_type_of, SplitYear};
use super::report::{Omitted, Reason};
use super::rollup::{plain_row, sum_to_parents};
use healthdash_core::bundle::{ContextVariable, Domain, Indicator, Polarity, ValueType};
use std::collections::{BTreeMap, HashMap};

pub const INDICATOR: &str = "ga_bed_occupancy";
pub const BEDS_CONTEXT: &str = "ga_beds";
const DOMAIN: &str = "hospital_capacity";

pub fn detect(header: &[String]) -> bool {
    let has = |n: &str| header.iter().any(|h| h == n);
    has("nhs_trust22_code") && has("general_acute_beds_available") && has("general_acute_beds_occupied")
}

/// One trust-month of the file.
pub struct BedMonth {
    pub line: u64,
    pub trust: String,
    pub start: i32,
    pub end: i32,
    pub available: Option<f64>,
    pub occupied: Option<f64>,
}

/// The bed file as read, by trust and month.
#[derive(Default)]
pub struct BedTable {
    pub file: String,
    pub months: Vec<BedMonth>,
    index: HashMap<(String, i32), usize>,
}

impl BedTable {
    pub fn read(input: &mut CsvInput) -> Result<BedTable, Vec<String>> {
        const FORMAT: &str = "NHS England bed availability and occupancy file";
        let req = |n| input.require(n, FORMAT).map_err(|e| vec![e]);
        let (trust_c, date_c, avail_c, occ_c) =
            (req("nhs_trust22_code")?, req("date")?, req("general_acute_beds_available")?, req("general_acute_beds_occupied")?);
        let mut t = BedTable { file: input.file.clone(), ..BedTable::default() };
        let (months, index) = (&mut t.months, &mut t.index);
        input.for_each(|row| {
            let trust = row.required_text(trust_c, "a trust code")?;
            let label = row.required_text(date_c, "a month such as \"April 2022\"")?;
            let (start, end) = parse_label(label, SplitYear::Financial)
                .filter(|(s, e)| period_type_of(*s, *e) == "month")
                .ok_or_else(|| row.error(date_c, format!("expected a month such as \"April 2022\", found \"{label}\"")))?;
            let (available, occupied) = (row.number(avail_c)?, row.number(occ_c)?);
            for (x, c) in [(available, avail_c), (occupied, occ_c)] {
                if let Some(x) = x.filter(|x| *x < 0.0) {
                    return Err(row.error(c, format!("expected a number of beds, found {x}")));
                }
            }
            if let (Some(a), Some(o)) = (available, occupied) {
                if o > a {
                    return Err(row.error(occ_c, format!("expected at most the beds available ({a}), found {o}")));
                }
            }
            if let Some(&earlier) = index.get(&(trust.to_string(), start)) {
                let first: &BedMonth = &months[earlier];
                return Err(row.error(date_c, format!("{trust} {label} is already given on line {}", first.line)));
            }
            index.insert((trust.to_string(), start), months.len());
            months.push(BedMonth { line: row.line, trust: trust.to_string(), start, end, available, occupied });
            Ok(())
        })?;
        Ok(t)
    }

    /// Occupied general and acute beds of a trust in the month starting `start`, when some are.
    pub fn occupied(&self, trust: &str, start: i32) -> Option<f64> {
        self.index.get(&(trust.to_string(), start)).and_then(|&i| self.months[i].occupied).filter(|o| *o > 0.0)
    }

    /// Each trust's mean available beds over the file's last 12 months (months it reported).
    pub fn size(&self) -> BTreeMap<String, f64> {
        let last = self.months.iter().map(|m| m.start).max().unwrap_or(0);
        let mut sums: BTreeMap<String, (f64, f64)> = BTreeMap::new();
        for m in self.months.iter().filter(|m| m.start > last - 365) {
            if let Some(a) = m.available.filter(|a| *a > 0.0) {
                let e = sums.entry(m.trust.clone()).or_default();
                e.0 += a;
                e.1 += 1.0;
            }
        }
        sums.into_iter().map(|(t, (s, n))| (t, s / n)).collect()
    }
}

/// The organisations above a trust whose counts it adds to: its main ICB, its region, England.
pub fn parents_of(lookups: &Lookups, trust: &str) -> Vec<String> {
    let mut out: Vec<String> = lookups.main_icb(trust).map(str::to_string).into_iter().collect();
    if let Some((_, region, _)) = lookups.trust(trust).filter(|t| !t.1.is_empty()) {
        out.push(region.to_string());
    }
    out.push(ENGLAND.into());
    out
}

/// The beds context variable, for trusts and (summed over their trusts) ICBs.
pub fn size_context(beds: &BedTable, lookups: &Lookups, import: &mut Import) {
    import.context_variables.push(ContextVariable {
        id: BEDS_CONTEXT.into(),
        name: "General and acute beds available (mean of the last 12 months)".into(),
        unit: "beds".into(),
    });
    let mut icbs: BTreeMap<String, f64> = BTreeMap::new();
    for (trust, n) in beds.size() {
        if let Some(icb) = lookups.main_icb(&trust) {
            *icbs.entry(icb.to_string()).or_default() += n;
        }
        import.context.push((trust, BEDS_CONTEXT.into(), n));
    }
    import.context.extend(icbs.into_iter().map(|(icb, n)| (icb, BEDS_CONTEXT.to_string(), n)));
}

pub fn provenance() -> Provenance {
    Provenance {
        title: "Hospital beds and discharge".into(),
        publisher: "NHS England".into(),
        licence: OGL.into(),
        attribution: format!("{OGL_ATTRIBUTION} Source: NHS England, Bed Availability and Occupancy; Acute Discharge Situation Report."),
    }
}

pub fn domain() -> Domain {
    Domain { id: DOMAIN.into(), name: "Hospital capacity and flow".into(), kind: "system".into() }
}

fn indicator() -> Indicator {
    Indicator {
        id: INDICATOR.into(),
        name: "General and acute bed occupancy".into(),
        definition: "Occupied general and acute beds as a percentage of general and acute beds available (monthly averages of the overnight KH03 counts).".into(),
        domains: vec![DOMAIN.into()],
        value_type: ValueType::Proportion,
        multiplier: 100.0,
        unit: "%".into(),
        polarity: Polarity::Neither,
        target: None,
        unit_cost: None,
        carbon_factor: None,
        source: "NHS England, Bed Availability and Occupancy (monthly), via the healthyr R package".into(),
        method: "general_acute_beds_occupied ÷ general_acute_beds_available × 100, recomputed from the published counts (the published rate comes from unrounded counts). ICBs, regions and England: trusts' beds summed (a trust counts in its main ICB). Occupancy above about 92% is usually taken to impair flow, too low to waste capacity, so neither direction is better. Limits: Wilson score.".into(),
        updated: String::new(),
        period_type: "month".into(),
        aggregatable: true,
        compute_limits: true,
        periods: Vec::new(),
        breakdowns: Vec::new(),
    }
}

/// The occupancy indicator for every trust-month with beds, rolled up.
pub fn import(beds: &BedTable, lookups: &Lookups, warnings: &mut Vec<String>) -> Import {
    let mut import = Import::new(&beds.file, "general_acute_beds_occupied", "general_acute_beds_available");
    import.key_columns = "\"nhs_trust22_code\", \"date\"";
    import.provenance = Some(provenance());
    import.indicators.push(IndicatorHint { id: INDICATOR.into(), name: String::new(), full: Some(indicator()) });
    import.domains.push(domain());
    for m in &beds.months {
        let label = label_for(m.start, m.end, true);
        let reason = match (m.available, m.occupied) {
            (Some(a), Some(o)) if a > 0.0 => {
                let row = plain_row(INDICATOR, &m.trust, m.start, m.end, &label, Some(o), Some(a), Some(o / a * 100.0));
                import.rows.push(Sourced { row, line: m.line });
                if !import.orgs.contains(&m.trust) {
                    add_org(&mut import.orgs, &m.trust, AeKind::Trusts, lookups);
                }
                continue;
            }
            (Some(_), Some(_)) => Reason::NoDenominator,
            _ => Reason::NoValue,
        };
        import.omitted.push(Omitted {
            file: beds.file.clone(),
            line: m.line,
            indicator: INDICATOR.into(),
            area: m.trust.clone(),
            period: label,
            cut: String::new(),
            reason,
        });
    }
    let parents = sum_to_parents(&import.rows, |t| parents_of(lookups, t), |_| 100.0);
    import.rows.extend(parents);
    size_context(beds, lookups, &mut import);
    if !lookups.complete() {
        warnings.push(format!("{}: without both trust lookups among the inputs, trusts have no ICB or region and nothing is rolled up", beds.file));
    }
    import
}
