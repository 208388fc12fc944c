//! NHS England's monthly A&E attendances files, by trust and by ICB, and the
//! lookups that place trusts in the NHS hierarchy.
//!
//! One indicator comes out: "A&E attendances within 4 hours", a proportion =
//! (total attendances − attendances over 4 hours) ÷ total attendances × 100,
//! higher is better, target 95% (the NHS Constitution standard; the interim
//! operational standard for 2024/25 and 2025/26 is 78%, stated in the method
//! text). Months with no attendances are left out (the trust ran no A&E that
//! month); months where the breach count is blank (the trusts that field-tested
//! new standards and stopped reporting the 4-hour measure) keep their
//! attendances with the value missing.
//!
//! The hierarchy is real, from the lookups given as further inputs: a trust's
//! ICB is the ICB with the largest share of its patients
//! (`lookup_nhs_trusts22_icb22.csv`), its region comes from
//! `lookup_nhs_trusts22_nhs_region21.csv`, and an ICB's region is the region of
//! most of the trusts whose main ICB it is. Regions sit under England.

use super::csvin::{Col, CsvInput};
use super::import::{Import, IndicatorHint, Provenance, OGL, OGL_ATTRIBUTION};
use super::orgs::Areas;
use super::periods::{label_for, parse_label, SplitYear};
use super::report::{Omitted, Reason};
use healthdash_core::bundle::{Domain, Indicator, Polarity, ValueRow, ValueType};
use std::collections::{BTreeMap, HashMap};

pub const INDICATOR: &str = "ae_4_hours";
pub const ENGLAND: &str = "E92000001";
const DOMAIN: &str = "urgent_and_emergency_care";

/// Which A&E-related file a header belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Trusts,
    Icbs,
    TrustIcbLookup,
    TrustRegionLookup,
}

pub fn detect(header: &[String]) -> Option<Kind> {
    let has = |n: &str| header.iter().any(|h| h == n);
    if has("total_attendances") && has("nhs_trust22_code") {
        Some(Kind::Trusts)
    } else if has("total_attendances") && has("icb22_code") {
        Some(Kind::Icbs)
    } else if has("proportion_trust_came_from_icb") {
        Some(Kind::TrustIcbLookup)
    } else if has("nhs_trust22_code") && has("nhs_region21_ons_code") {
        Some(Kind::TrustRegionLookup)
    } else {
        None
    }
}

struct TrustInfo {
    name: String,
    region: String,
    region_name: String,
}

/// The two lookups, as read so far.
#[derive(Default)]
pub struct Lookups {
    shares: BTreeMap<String, Vec<(String, f64)>>,
    trusts: HashMap<String, TrustInfo>,
    have_shares: bool,
    have_trusts: bool,
}

impl Lookups {
    pub fn read(&mut self, input: &mut CsvInput, kind: Kind) -> Result<(), Vec<String>> {
        let req = |n| input.require(n, "NHS trust lookup").map_err(|e| vec![e]);
        let trust_c = req("nhs_trust22_code")?;
        if kind == Kind::TrustIcbLookup {
            let (icb_c, share_c) = (req("icb22_code")?, req("proportion_trust_came_from_icb")?);
            self.have_shares = true;
            input.for_each(|row| {
                let share = row.number(share_c)?.ok_or_else(|| row.error(share_c, "expected a share from 0 to 1, found an empty cell"))?;
                let icb = row.required_text(icb_c, "an ICB code")?;
                self.shares.entry(row.required_text(trust_c, "a trust code")?.to_string()).or_default().push((icb.to_string(), share));
                Ok(())
            })
        } else {
            let (name_c, region_c, region_name_c) = (req("nhs_trust22_name")?, req("nhs_region21_ons_code")?, input.optional("nhs_region21_name"));
            self.have_trusts = true;
            input.for_each(|row| {
                let info =
                    TrustInfo { name: row.text(name_c).to_string(), region: row.text(region_c).to_string(), region_name: row.text(region_name_c).to_string() };
                self.trusts.insert(row.required_text(trust_c, "a trust code")?.to_string(), info);
                Ok(())
            })
        }
    }

    /// The ICB with the largest share of a trust's patients (ties: lowest code).
    pub(super) fn main_icb(&self, trust: &str) -> Option<&str> {
        let v = self.shares.get(trust)?;
        v.iter().filter(|(_, s)| *s > 0.0).max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.cmp(&a.0))).map(|(icb, _)| icb.as_str())
    }

    /// An ICB's region: the region of most of the trusts whose main ICB it is
    /// (ties and ICBs with no such trust: the region with the largest share of
    /// the ICB's patients across all trusts).
    pub(super) fn icb_region(&self, icb: &str) -> Option<String> {
        let mut count: BTreeMap<&str, (usize, f64)> = BTreeMap::new();
        for (trust, shares) in &self.shares {
            let Some(region) = self.trusts.get(trust).map(|t| t.region.as_str()).filter(|r| !r.is_empty()) else {
                continue;
            };
            let share: f64 = shares.iter().filter(|(i, _)| i == icb).map(|(_, s)| s).sum();
            let e = count.entry(region).or_default();
            e.1 += share;
            if self.main_icb(trust) == Some(icb) {
                e.0 += 1;
            }
        }
        count
            .into_iter()
            .filter(|(_, (n, s))| *n > 0 || *s > 0.0)
            .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(a.1 .1.total_cmp(&b.1 .1)))
            .map(|(r, _)| r.to_string())
    }

    /// The trust's name and its region's code and name, from the trust → region lookup.
    pub(super) fn trust(&self, code: &str) -> Option<(&str, &str, &str)> {
        self.trusts.get(code).map(|t| (t.name.as_str(), t.region.as_str(), t.region_name.as_str()))
    }

    /// Whether both lookups were among the inputs.
    pub(super) fn complete(&self) -> bool {
        self.have_shares && self.have_trusts
    }

    fn is_icb(&self, code: &str) -> bool {
        self.shares.values().any(|v| v.iter().any(|(i, _)| i == code))
    }
}

fn indicator() -> Indicator {
    Indicator {
        id: INDICATOR.into(),
        name: "A&E attendances within 4 hours".into(),
        definition: "Percentage of attendances at A&E departments (all types) where the patient was admitted, transferred or discharged within 4 hours of arrival.".into(),
        domains: vec![DOMAIN.into()],
        value_type: ValueType::Proportion,
        multiplier: 100.0,
        unit: "%".into(),
        polarity: Polarity::HigherIsBetter,
        target: Some(95.0),
        unit_cost: None,
        carbon_factor: None,
        source: "NHS England, A&E Attendances and Emergency Admissions (monthly), via the healthyr R package".into(),
        method: "(total attendances − attendances over 4 hours) ÷ total attendances × 100. Target: the NHS Constitution standard of 95%; the interim operational standard for 2024/25 and 2025/26 is 78%. Limits: Wilson score.".into(),
        updated: String::new(),
        period_type: "month".into(),
        aggregatable: true,
        compute_limits: true,
        periods: Vec::new(),
        breakdowns: Vec::new(),
    }
}

/// The domain the A&E indicator belongs to.
fn domain() -> Domain {
    Domain { id: DOMAIN.into(), name: "Urgent and emergency care".into(), kind: "system".into() }
}

/// Reads a trust or ICB attendances file. Organisation codes must be in the
/// lookups (trusts) or in the lookups or areas table (ICBs) when those are given.
pub fn read(input: &mut CsvInput, kind: Kind, lookups: &Lookups, areas: Option<&Areas>, warnings: &mut Vec<String>) -> Result<Import, Vec<String>> {
    let format = if kind == Kind::Trusts { "NHS England A&E file by trust" } else { "NHS England A&E file by ICB" };
    let req = |n| input.require(n, format).map_err(|e| vec![e]);
    let org_c: Col = req(if kind == Kind::Trusts { "nhs_trust22_code" } else { "icb22_code" })?;
    let (total_c, over_c, date_c) = (req("total_attendances")?, req("attendances_over_4hours")?, req("date")?);
    let mut import = Import::new(&input.file, "attendances_over_4hours", "total_attendances");
    import.key_columns = if kind == Kind::Trusts { "\"nhs_trust22_code\", \"date\"" } else { "\"icb22_code\", \"date\"" };
    import.provenance = Some(Provenance {
        title: "A&E attendances within 4 hours".into(),
        publisher: "NHS England".into(),
        licence: OGL.into(),
        attribution: format!("{OGL_ATTRIBUTION} Source: NHS England, A&E Attendances and Emergency Admissions."),
    });
    import.indicators.push(IndicatorHint { id: INDICATOR.into(), name: String::new(), full: Some(indicator()) });
    import.domains.push(domain());
    let known_icb = |code: &str| lookups.is_icb(code) || areas.is_some_and(|a| a.by_code.contains_key(code));
    let check_codes = if kind == Kind::Trusts { lookups.have_trusts } else { lookups.have_shares || areas.is_some() };
    let (mut no_attendances, mut blank_breaches) = (BTreeMap::<String, usize>::new(), 0usize);
    let rows = &mut import.rows;
    let orgs = &mut import.orgs;
    let omitted = &mut import.omitted;
    let file = import.file.clone();
    input.for_each(|row| {
        let code = row.required_text(org_c, "an organisation code")?;
        if check_codes && kind == Kind::Trusts && !lookups.trusts.contains_key(code) {
            return Err(row.error(org_c, "expected a trust code listed in the trust → region lookup, found \"".to_string() + code + "\""));
        }
        if check_codes && kind == Kind::Icbs && !known_icb(code) {
            return Err(row.error(org_c, "expected an ICB code listed in the trust → ICB lookup or the areas table, found \"".to_string() + code + "\""));
        }
        let label = row.required_text(date_c, "a month such as \"April 2021\"")?;
        let (start, end) = parse_label(label, SplitYear::Financial)
            .filter(|(s, e)| super::periods::period_type_of(*s, *e) == "month")
            .ok_or_else(|| row.error(date_c, format!("expected a month such as \"April 2021\", found \"{label}\"")))?;
        let total = row.number(total_c)?;
        let over = row.number(over_c)?;
        if let (Some(t), Some(o)) = (total, over) {
            if o > t || o < 0.0 {
                return Err(row.error(over_c, format!("expected from 0 to total_attendances ({t}), found {o}")));
            }
        }
        match total {
            Some(t) if t < 0.0 => return Err(row.error(total_c, format!("expected a count of attendances, found {t}"))),
            Some(t) if t > 0.0 => {}
            _ => {
                *no_attendances.entry(code.to_string()).or_default() += 1;
                omitted.push(Omitted {
                    file: file.clone(),
                    line: row.line,
                    indicator: INDICATOR.into(),
                    area: code.to_string(),
                    period: label.to_string(),
                    cut: String::new(),
                    reason: Reason::NoDenominator,
                });
                return Ok(());
            }
        }
        if over.is_none() {
            blank_breaches += 1;
        }
        let numerator = total.zip(over).map(|(t, o)| t - o);
        rows.push(super::import::Sourced {
            row: ValueRow {
                numerator,
                denominator: total,
                value: numerator.zip(total).map(|(n, t)| n / t * 100.0),
                ..ValueRow::new(INDICATOR, code, start, end, &label_for(start, end, true))
            },
            line: row.line,
        });
        if !orgs.contains(code) {
            add_org(orgs, code, kind, lookups);
        }
        Ok(())
    })?;
    if !no_attendances.is_empty() {
        let n: usize = no_attendances.values().sum();
        let codes: Vec<&str> = no_attendances.keys().map(String::as_str).collect();
        warnings.push(format!(
            "{}: {n} months with no attendances (or none stated), from {}, have no value to publish (listed in the build report)",
            import.file,
            codes.join(", ")
        ));
    }
    if blank_breaches > 0 {
        warnings.push(format!("{}: {blank_breaches} months have attendances but no 4-hour count; kept with the value missing", import.file));
    }
    if kind == Kind::Trusts && !lookups.have_trusts {
        warnings.push(format!("{}: no trust → region lookup among the inputs, so trusts have no names or regions", import.file));
    }
    if !lookups.have_shares {
        warnings.push(format!("{}: no trust → ICB lookup among the inputs, so trusts have no ICB and ICBs no region", import.file));
    }
    let orphans: Vec<&str> = if kind == Kind::Trusts && lookups.have_shares {
        let set: std::collections::BTreeSet<&str> = import.rows.iter().map(|r| r.row.org.as_str()).filter(|t| lookups.main_icb(t).is_none()).collect();
        set.into_iter().collect()
    } else {
        vec![]
    };
    if !orphans.is_empty() {
        warnings.push(format!(
            "{}: {} trusts are not in the trust → ICB lookup, so they sit directly under their region: {}",
            import.file,
            orphans.len(),
            orphans.join(", ")
        ));
    }
    Ok(import)
}

/// Adds an organisation and its ancestors up to England.
pub(super) fn add_org(orgs: &mut super::orgs::OrgTable, code: &str, kind: Kind, lookups: &Lookups) {
    let icb = match kind {
        Kind::Trusts => lookups.main_icb(code).map(str::to_string),
        _ => Some(code.to_string()),
    };
    if let Some(icb) = &icb {
        let region = lookups.icb_region(icb);
        orgs.add(icb, "", "icb", region.as_deref());
        if let Some(r) = region.as_deref().and_then(|r| lookups.trusts.values().find(|t| t.region == r)) {
            orgs.add(&r.region, &r.region_name, "nhs_region", Some(ENGLAND));
        }
    }
    if kind == Kind::Trusts {
        let info = lookups.trusts.get(code);
        orgs.add(code, info.map_or("", |t| t.name.as_str()), "trust", icb.as_deref());
        if let Some(t) = info.filter(|t| !t.region.is_empty()) {
            orgs.add(code, "", "trust", Some(&t.region));
            orgs.add(&t.region, &t.region_name, "nhs_region", Some(ENGLAND));
        }
    }
    if orgs.contains(code) || kind == Kind::Icbs {
        orgs.add(ENGLAND, "England", "country", None);
    }
}
