//! NHS England's acute discharge situation report, daily, by acute trust and
//! by ICB (`england_trust_criteria_to_reside.csv`,
//! `england_icb_criteria_to_reside.csv`): patients in acute beds who no longer
//! meet the criteria to reside — delayed discharges, the successor of the
//! delayed transfers of care measure behind the NHS social care interface
//! dashboard.
//!
//! NHS England publishes monthly means of the daily counts, so the bundle does
//! too. Two indicators come out:
//!
//! - `ctr_mean`: the monthly mean of daily counts. Its numerator is the sum of
//!   the month's daily counts (patient-days) and its denominator the number of
//!   days reported, so every daily line is in the bundle as a day of some
//!   month's denominator, or in the build report (no trust code, `NA` count).
//!   ICBs come from the ICB file; regions and England are the sum of their
//!   ICBs' means (no counts stated).
//! - `ctr_per_100_beds`: that mean per 100 occupied general and acute beds in
//!   the same trust and month (the bed file, [`super::beds`]). ICBs, regions
//!   and England: trusts' means and beds summed, a trust counting in its main
//!   ICB, so numerator and denominator cover the same trusts.

use super::ae::{add_org, Kind as AeKind, Lookups, ENGLAND};
use super::beds::{domain as beds_domain, parents_of, provenance, BedTable};
use super::csvin::CsvInput;
use super::import::{Import, IndicatorHint, Sourced};
use super::report::{Omitted, Reason};
use super::rollup::{month_of, plain_row, sum_to_parents};
use healthdash_core::bundle::{Domain, Indicator, Polarity, ValueType};
use std::collections::BTreeMap;

pub const MEAN: &str = "ctr_mean";
pub const PER_BEDS: &str = "ctr_per_100_beds";
pub const DOMAIN: &str = "discharge";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Trusts,
    Icbs,
}

pub fn detect(header: &[String]) -> Option<Kind> {
    let has = |n: &str| header.iter().any(|h| h == n);
    match (has("do_not_meet_criteria_to_reside"), has("nhs_trust22_code"), has("icb22_code")) {
        (true, true, _) => Some(Kind::Trusts),
        (true, false, true) => Some(Kind::Icbs),
        _ => None,
    }
}

pub fn domain() -> Domain {
    Domain { id: DOMAIN.into(), name: "Discharge and the social care interface".into(), kind: "social_care".into() }
}

fn indicator(id: &str) -> Indicator {
    let (name, definition, value_type, multiplier, unit, method, aggregatable) = if id == MEAN {
        (
            "Patients not meeting the criteria to reside (monthly mean of daily counts)",
            "Patients in acute beds who no longer meet the criteria to reside but were not discharged, counted daily; the mean over the days of the month.",
            ValueType::Mean,
            1.0,
            "patients",
            "Sum of the month's daily counts (numerator, patient-days) ÷ number of days with a count (denominator). Trusts and ICBs from their own daily files; regions and England: the sum of their ICBs' monthly means. Days with no count (NA) are left out of the mean and listed in the build report.",
            false,
        )
    } else {
        (
            "Patients not meeting the criteria to reside per 100 occupied general and acute beds",
            "Monthly mean of daily counts of patients no longer meeting the criteria to reside, per 100 occupied general and acute beds in the same month.",
            ValueType::Rate,
            100.0,
            "per 100 occupied beds",
            "Trust's monthly mean of daily counts ÷ its occupied general and acute beds (NHS England bed availability and occupancy, same month) × 100. ICBs, regions and England: trusts' means and beds summed (a trust counts in its main ICB in the trust → ICB lookup). Limits: Byar, treating the mean as a count of patients.",
            true,
        )
    };
    Indicator {
        id: id.into(),
        name: name.into(),
        definition: definition.into(),
        domains: vec![DOMAIN.into()],
        value_type,
        multiplier,
        unit: unit.into(),
        polarity: Polarity::LowerIsBetter,
        target: None,
        unit_cost: None,
        carbon_factor: None,
        source: "NHS England, Acute Discharge Situation Report (daily), via the healthyr R package; beds: NHS England, Bed Availability and Occupancy".into(),
        method: method.into(),
        updated: String::new(),
        period_type: "month".into(),
        aggregatable,
        compute_limits: true,
        periods: Vec::new(),
        breakdowns: Vec::new(),
    }
}

/// A month's daily counts for one organisation.
#[derive(Default)]
struct Month {
    sum: f64,
    days: f64,
    first_line: u64,
    end: i32,
    label: String,
}

/// Reads a daily file into monthly means (and, for trusts, rates per 100 occupied beds).
pub fn read(input: &mut CsvInput, kind: Kind, lookups: &Lookups, beds: Option<&BedTable>, warnings: &mut Vec<String>) -> Result<Import, Vec<String>> {
    let format = if kind == Kind::Trusts { "NHS England discharge file by trust" } else { "NHS England discharge file by ICB" };
    let req = |n| input.require(n, format).map_err(|e| vec![e]);
    let org_c = req(if kind == Kind::Trusts { "nhs_trust22_code" } else { "icb22_code" })?;
    let (date_c, count_c) = (req("date")?, req("do_not_meet_criteria_to_reside")?);
    let mut import = Import::new(&input.file, "do_not_meet_criteria_to_reside", "date");
    import.key_columns = if kind == Kind::Trusts { "\"nhs_trust22_code\", \"date\"" } else { "\"icb22_code\", \"date\"" };
    import.provenance = Some(provenance());
    import.domains.extend([domain(), beds_domain()]);
    import.indicators.push(IndicatorHint { id: MEAN.into(), name: String::new(), full: Some(indicator(MEAN)) });
    let mut months: BTreeMap<(String, i32), Month> = BTreeMap::new();
    let mut seen: BTreeMap<(String, String), u64> = BTreeMap::new();
    let file = import.file.clone();
    let omitted = &mut import.omitted;
    input.for_each(|row| {
        let date = row.required_text(date_c, "a date such as 2022-04-01")?;
        let (start, end, label) = month_of(date).ok_or_else(|| row.error(date_c, format!("expected a date such as 2022-04-01, found \"{date}\"")))?;
        let code = row.text(org_c);
        let count = row.number(count_c)?;
        let left_out = |reason| Omitted {
            file: file.clone(),
            line: row.line,
            indicator: MEAN.into(),
            area: code.to_string(),
            period: date.to_string(),
            cut: String::new(),
            reason,
        };
        if code.is_empty() || code.eq_ignore_ascii_case("NA") {
            omitted.push(left_out(Reason::NoAreaCode));
            return Ok(());
        }
        if lookups.complete() && kind == Kind::Trusts && lookups.trust(code).is_none() {
            return Err(row.error(org_c, format!("expected a trust code listed in the trust → region lookup, found \"{code}\"")));
        }
        if let Some(first) = seen.insert((code.to_string(), date.to_string()), row.line) {
            return Err(row.error(date_c, format!("{code} {date} is already given on line {first}")));
        }
        let Some(n) = count else {
            omitted.push(left_out(Reason::NoValue));
            return Ok(());
        };
        if n < 0.0 {
            return Err(row.error(count_c, format!("expected a count of patients, found {n}")));
        }
        let m = months.entry((code.to_string(), start)).or_insert_with(|| Month { first_line: row.line, end, label, ..Month::default() });
        m.sum += n;
        m.days += 1.0;
        Ok(())
    })?;
    let org_kind = if kind == Kind::Trusts { AeKind::Trusts } else { AeKind::Icbs };
    let mut rates = Vec::new();
    for ((code, start), m) in &months {
        let mean = m.sum / m.days;
        import.rows.push(Sourced { row: plain_row(MEAN, code, *start, m.end, &m.label, Some(m.sum), Some(m.days), Some(mean)), line: m.first_line });
        if !import.orgs.contains(code) {
            add_org(&mut import.orgs, code, org_kind, lookups);
        }
        if let Some(occupied) = beds.filter(|_| kind == Kind::Trusts).and_then(|b| b.occupied(code, *start)) {
            rates.push(Sourced {
                row: plain_row(PER_BEDS, code, *start, m.end, &m.label, Some(mean), Some(occupied), Some(mean / occupied * 100.0)),
                line: m.first_line,
            });
        }
    }
    if kind == Kind::Icbs {
        // Regions and England: the sum of their ICBs' monthly means.
        let mut sums: BTreeMap<(String, i32, i32, String), f64> = BTreeMap::new();
        for s in &import.rows {
            let r = &s.row;
            let parents = lookups.icb_region(&r.org).into_iter().chain([ENGLAND.to_string()]);
            for p in parents {
                *sums.entry((p, r.period_start, r.period_end, r.period_label.clone())).or_default() += r.value.unwrap_or(0.0);
            }
        }
        import.rows.extend(sums.into_iter().map(|((org, s, e, l), v)| Sourced { row: plain_row(MEAN, &org, s, e, &l, None, None, Some(v)), line: 0 }));
    }
    if kind == Kind::Trusts {
        match beds {
            Some(_) => {
                import.indicators.push(IndicatorHint { id: PER_BEDS.into(), name: String::new(), full: Some(indicator(PER_BEDS)) });
                let parents = sum_to_parents(&rates, |t| parents_of(lookups, t), |_| 100.0);
                import.rows.extend(rates);
                import.rows.extend(parents);
            }
            None => warnings.push(format!("{}: no bed file among the inputs, so no rate per 100 occupied beds", import.file)),
        }
    }
    Ok(import)
}
