//! NHS England's monthly delayed-discharge reasons by acute trust
//! (`england_delayed_discharge_reasons_trust.csv`): patients whose discharge
//! is delayed, by each of 37 reasons, grouped into families the `--meta` file
//! defines (`[[delay_families]]`), e.g. hospital process (the NHS side) and
//! care transfer, interface and community capacity (the social care side).
//!
//! The families are what make the social care interface comparison: for each
//! family `f`, three indicators by trust and month, rolled up to the trust's
//! main ICB, its region and England:
//!
//! - `delays_<f>_mean`: patients delayed for the family's reasons (the sum of
//!   the reasons' published monthly figures);
//! - `delays_<f>_per_100_beds`: the same per 100 occupied general and acute
//!   beds (bed file, same trust and month);
//! - `delays_<f>_share`: the family's share of all patients with a delay
//!   reason, a proportion × 100.
//!
//! Every reason in the file must be in exactly one family: a reason no family
//! lists stops the build, naming it, so a reason NHS England adds is never
//! dropped silently. Reasons are matched with no-break spaces and runs of
//! spaces read as one space; dashes, question marks and the rest exactly.

use super::ae::{add_org, Kind as AeKind, Lookups};
use super::beds::{domain as beds_domain, parents_of, provenance, BedTable};
use super::csvin::CsvInput;
use super::discharge::{domain, DOMAIN};
use super::import::{Import, IndicatorHint, Sourced};
use super::meta::DelayFamily;
use super::report::{Omitted, Reason};
use super::rollup::{month_of, plain_row, sum_to_parents};
use healthdash_core::bundle::{Indicator, Polarity, ValueType};
use std::collections::{BTreeMap, HashMap};

pub fn detect(header: &[String]) -> bool {
    let has = |n: &str| header.iter().any(|h| h == n);
    has("delay_reason") && has("delay_count") && has("nhs_trust22_code")
}

/// A reason as compared: no-break spaces as spaces, runs of white space as one space, trimmed.
pub fn normalise(reason: &str) -> String {
    reason.replace('\u{a0}', " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn indicators(f: &DelayFamily) -> [Indicator; 3] {
    let make = |suffix: &str, name: String, value_type, multiplier, unit: &str, method: String| {
        Indicator {
        id: format!("delays_{}_{suffix}", f.id),
        name,
        definition: format!(
            "Patients whose discharge is delayed for reasons attributable to {}{} ({} reasons: {}).",
            f.name,
            if f.description.is_empty() { String::new() } else { format!(": {}", f.description) },
            f.reasons.len(),
            f.reasons.join("; ")
        ),
        domains: vec![DOMAIN.into()],
        value_type,
        multiplier,
        unit: unit.into(),
        polarity: Polarity::LowerIsBetter,
        target: None,
        unit_cost: None,
        carbon_factor: None,
        source: "NHS England, Discharge Situation Report monthly web file (delay reasons), via the healthyr R package; beds: NHS England, Bed Availability and Occupancy".into(),
        method,
        updated: String::new(),
        period_type: "month".into(),
        aggregatable: true,
        compute_limits: true,
        periods: Vec::new(),
        breakdowns: Vec::new(),
    }
    };
    let rollup = "ICBs, regions and England: trusts summed (a trust counts in its main ICB in the trust → ICB lookup).";
    [
        make(
            "mean",
            format!("Delayed discharges attributable to {} (patients, monthly)", f.name),
            ValueType::Count,
            1.0,
            "patients",
            format!("Sum of the published monthly figures of the family's reasons (as listed in the --meta file). {rollup} Limits: Byar."),
        ),
        make(
            "per_100_beds",
            format!("Delayed discharges attributable to {} per 100 occupied beds", f.name),
            ValueType::Rate,
            100.0,
            "per 100 occupied beds",
            format!("Patients delayed for the family's reasons ÷ occupied general and acute beds in the same trust and month × 100. {rollup} Limits: Byar."),
        ),
        make(
            "share",
            format!("Share of delayed discharges attributable to {}", f.name),
            ValueType::Proportion,
            100.0,
            "%",
            format!("Patients delayed for the family's reasons ÷ patients delayed for any reason × 100. {rollup} Limits: Wilson."),
        ),
    ]
}

#[derive(Default)]
struct Month {
    by_family: Vec<f64>,
    total: f64,
    first_line: u64,
    end: i32,
    label: String,
}

pub fn read(
    input: &mut CsvInput,
    families: &[DelayFamily],
    lookups: &Lookups,
    beds: Option<&BedTable>,
    warnings: &mut Vec<String>,
) -> Result<Import, Vec<String>> {
    const FORMAT: &str = "NHS England delayed discharge reasons file";
    let req = |n| input.require(n, FORMAT).map_err(|e| vec![e]);
    let (trust_c, date_c, reason_c, count_c) = (req("nhs_trust22_code")?, req("date")?, req("delay_reason")?, req("delay_count")?);
    let file = input.file.clone();
    if families.is_empty() {
        return Err(vec![format!(
            "{file}: the --meta file defines no [[delay_families]]: every delay reason must be assigned to a family (see docs/bundle-format.md)"
        )]);
    }
    let mut family_of: HashMap<String, usize> = HashMap::new();
    let mut errors = Vec::new();
    for (i, f) in families.iter().enumerate() {
        for r in &f.reasons {
            if let Some(j) = family_of.insert(normalise(r), i) {
                errors.push(format!("--meta file: delay reason \"{r}\" is listed in two families, \"{}\" and \"{}\"", families[j].id, f.id));
            }
        }
    }
    let mut import = Import::new(&file, "delay_count", "general_acute_beds_occupied");
    import.key_columns = "\"nhs_trust22_code\", \"date\", \"delay_reason\"";
    import.provenance = Some(provenance());
    import.domains.extend([domain(), beds_domain()]);
    let mut months: BTreeMap<(String, i32), Month> = BTreeMap::new();
    let mut unassigned: BTreeMap<String, (u64, usize)> = BTreeMap::new();
    let mut seen_reasons: std::collections::HashSet<String> = Default::default();
    let omitted = &mut import.omitted;
    input.for_each(|row| {
        let trust = row.required_text(trust_c, "a trust code")?;
        if lookups.complete() && lookups.trust(trust).is_none() {
            return Err(row.error(trust_c, format!("expected a trust code listed in the trust → region lookup, found \"{trust}\"")));
        }
        let date = row.required_text(date_c, "a date such as 2024-06-01")?;
        let (start, end, label) = month_of(date).ok_or_else(|| row.error(date_c, format!("expected a date such as 2024-06-01, found \"{date}\"")))?;
        let reason = normalise(row.required_text(reason_c, "a delay reason")?);
        let Some(&f) = family_of.get(&reason) else {
            let e = unassigned.entry(reason).or_insert((row.line, 0));
            e.1 += 1;
            return Ok(());
        };
        seen_reasons.insert(reason);
        let Some(n) = row.number(count_c)? else {
            let indicator = format!("delays_{}_mean", families[f].id);
            omitted.push(Omitted {
                file: file.clone(),
                line: row.line,
                indicator,
                area: trust.into(),
                period: label,
                cut: format!("reason {}", row.text(reason_c)),
                reason: Reason::NoValue,
            });
            return Ok(());
        };
        if n < 0.0 {
            return Err(row.error(count_c, format!("expected a number of patients, found {n}")));
        }
        let m = months.entry((trust.to_string(), start)).or_insert_with(|| Month {
            by_family: vec![0.0; families.len()],
            first_line: row.line,
            end,
            label,
            ..Month::default()
        });
        m.by_family[f] += n;
        m.total += n;
        Ok(())
    })?;
    for (reason, (line, n)) in &unassigned {
        errors.push(format!(
            "{file}: line {line}, column \"delay_reason\": reason \"{reason}\" ({n} rows) is in no [[delay_families]] of the --meta file; assign it to one"
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    for f in families {
        let missing: Vec<&str> = f.reasons.iter().filter(|r| !seen_reasons.contains(&normalise(r))).map(String::as_str).collect();
        if !missing.is_empty() {
            warnings.push(format!("{file}: family \"{}\" lists reasons the file does not have: {}", f.id, missing.join("; ")));
        }
    }
    let mut rows = Vec::new();
    for ((trust, start), m) in &months {
        if !import.orgs.contains(trust) {
            add_org(&mut import.orgs, trust, AeKind::Trusts, lookups);
        }
        let occupied = beds.and_then(|b| b.occupied(trust, *start));
        for (i, f) in families.iter().enumerate() {
            let n = m.by_family[i];
            let id = |s: &str| format!("delays_{}_{s}", f.id);
            let at = |row| Sourced { row, line: m.first_line };
            rows.push(at(plain_row(&id("mean"), trust, *start, m.end, &m.label, Some(n), None, Some(n))));
            if let Some(o) = occupied {
                rows.push(at(plain_row(&id("per_100_beds"), trust, *start, m.end, &m.label, Some(n), Some(o), Some(n / o * 100.0))));
            }
            if m.total > 0.0 {
                rows.push(at(plain_row(&id("share"), trust, *start, m.end, &m.label, Some(n), Some(m.total), Some(n / m.total * 100.0))));
            }
        }
    }
    let multiplier = |id: &str| if id.ends_with("_mean") { 1.0 } else { 100.0 };
    let parents = sum_to_parents(&rows, |t| parents_of(lookups, t), multiplier);
    import.rows = rows;
    import.rows.extend(parents);
    for f in families {
        for ind in indicators(f) {
            if ind.id.ends_with("per_100_beds") && beds.is_none() {
                continue;
            }
            import.indicators.push(IndicatorHint { id: ind.id.clone(), name: String::new(), full: Some(ind) });
        }
    }
    if beds.is_none() {
        warnings.push(format!("{file}: no bed file among the inputs, so no rates per 100 occupied beds"));
    }
    Ok(import)
}
