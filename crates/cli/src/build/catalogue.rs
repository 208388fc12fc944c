//! The manifest's catalogue: indicators, domains and breakdown definitions.
//!
//! An indicator's metadata comes from the `--meta` file first, then from what
//! the source says (its name; A&E defines everything), then from the data
//! itself: the value type and multiplier are inferred from how values relate
//! to counts and denominators (value = count ÷ denominator × 100 is a
//! percentage). Each inference or default is announced as a warning, so a
//! publisher sees exactly what to add to the meta file.

use super::import::IndicatorHint;
use super::meta::{IndicatorMeta, Meta};
use super::periods::period_type_of;
use healthdash_core::bundle::{rounding_slack, BreakdownDef, BreakdownType, Domain, Indicator, Polarity, ValueRow, ValueType};
use std::collections::BTreeSet;

/// The multipliers a value may be count ÷ denominator times.
const MULTIPLIERS: [f64; 5] = [1.0, 100.0, 1_000.0, 10_000.0, 100_000.0];

/// What an indicator's rows say about its value type and period type,
/// gathered one row at a time so that `healthdash index` can infer from
/// values files it reads one by one, never holding all their rows.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// Start and end of the first row seen.
    first_period: Option<(i32, i32)>,
    /// Rows with a value and a count, and whether one's value differs from its count.
    with_count: usize,
    not_count: bool,
    /// Rows with a value, a positive count and a positive denominator, and
    /// for each of [`MULTIPLIERS`] whether one's value ÷ (count ÷
    /// denominator) is more than 2% from it.
    ratios: usize,
    off: [bool; 5],
    /// Whether some row's count exceeds its denominator.
    over: bool,
}

impl Evidence {
    /// Adds one row (missing numbers as `None`).
    pub fn add(&mut self, period: (i32, i32), value: Option<f64>, numerator: Option<f64>, denominator: Option<f64>) {
        self.first_period.get_or_insert(period);
        let close = |a: f64, b: f64| (a - b).abs() <= rounding_slack(a) + 1e-6 * a.abs().max(1.0);
        if let (Some(v), Some(n)) = (value, numerator) {
            self.with_count += 1;
            self.not_count |= !close(v, n);
        }
        if let (Some(v), Some(n), Some(d)) = (value, numerator, denominator) {
            if n > 0.0 && d > 0.0 {
                self.ratios += 1;
                let r = v / (n / d);
                for (off, m) in self.off.iter_mut().zip(MULTIPLIERS) {
                    *off |= (r / m - 1.0).abs() >= 0.02;
                }
            }
        }
        if let (Some(n), Some(d)) = (numerator, denominator) {
            self.over |= n > d;
        }
    }

    /// Whether no row has been added.
    pub fn is_empty(&self) -> bool {
        self.first_period.is_none()
    }

    pub fn add_row(&mut self, r: &ValueRow) {
        self.add((r.period_start, r.period_end), r.value, r.numerator, r.denominator);
    }

    /// Value type and multiplier implied by the rows, with the reason.
    fn infer(&self) -> (ValueType, f64, String) {
        if self.with_count > 0 && !self.not_count {
            return (ValueType::Count, 1.0, "every value equals its count".into());
        }
        for (off, m) in self.off.iter().zip(MULTIPLIERS) {
            if self.ratios > 0 && !off {
                let kind = if !self.over && m <= 100.0 {
                    ValueType::Proportion
                } else if m >= 1_000.0 {
                    ValueType::Rate
                } else {
                    ValueType::Ratio
                };
                return (kind, m, format!("every value is count ÷ denominator × {m}"));
            }
        }
        (ValueType::Ratio, 1.0, "values do not follow from counts and denominators".into())
    }
}

fn default_unit(kind: ValueType, multiplier: f64) -> String {
    let percent = kind == ValueType::Proportion && multiplier == 100.0;
    match (kind, multiplier) {
        _ if percent => "%".into(),
        (ValueType::Rate | ValueType::Ratio, m) if m > 1.0 => {
            let digits = format!("{m:.0}");
            let mut grouped = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(c);
            }
            format!("per {grouped}")
        }
        _ => String::new(),
    }
}

/// Builds one indicator's metadata. `evidence` is gathered from its value rows.
pub fn indicator(id: &str, hint: Option<&IndicatorHint>, m: Option<&IndicatorMeta>, evidence: &Evidence, warnings: &mut Vec<String>) -> Indicator {
    let empty = IndicatorMeta::default();
    let m = m.unwrap_or(&empty);
    let full = hint.and_then(|h| h.full.clone());
    let mut gaps = Vec::new();
    let name =
        m.name.clone().or_else(|| full.as_ref().map(|f| f.name.clone())).or_else(|| hint.map(|h| h.name.clone())).filter(|n| !n.is_empty()).unwrap_or_else(
            || {
                gaps.push("no name in the input (named by its id)".to_string());
                format!("Indicator {id}")
            },
        );
    let (inferred, inferred_multiplier, why) = evidence.infer();
    let value_type = m.value_type.or(full.as_ref().map(|f| f.value_type)).unwrap_or_else(|| {
        let name = serde_json::to_string(&inferred).unwrap_or_default();
        gaps.push(format!("value_type {} × {inferred_multiplier} inferred ({why})", name.trim_matches('"')));
        inferred
    });
    // The multiplier: stated, else the source's, else what the data show when
    // they show one, else 100 for a proportion and 1 otherwise.
    let multiplier = m.multiplier.or(full.as_ref().map(|f| f.multiplier)).unwrap_or_else(|| {
        let from_data = why.starts_with("every value is");
        match value_type {
            _ if from_data => inferred_multiplier,
            ValueType::Proportion => 100.0,
            _ => 1.0,
        }
    });
    let polarity = m.polarity.or(full.as_ref().map(|f| f.polarity)).unwrap_or_else(|| {
        gaps.push("polarity \"neither\" assumed".to_string());
        Polarity::Neither
    });
    let period_type = m
        .period_type
        .clone()
        .or_else(|| full.as_ref().map(|f| f.period_type.clone()))
        .or_else(|| evidence.first_period.map(|(s, e)| period_type_of(s, e).to_string()))
        .unwrap_or_default();
    if !gaps.is_empty() {
        let listed =
            if m.name.is_some() || m.value_type.is_some() || m.polarity.is_some() { "has gaps in the meta file" } else { "is not described in the meta file" };
        warnings.push(format!("indicator {id} {listed}: {}", gaps.join("; ")));
    }
    let f = full.unwrap_or_else(|| Indicator {
        id: id.to_string(),
        name: String::new(),
        definition: String::new(),
        domains: vec![],
        value_type,
        multiplier,
        unit: String::new(),
        polarity,
        target: None,
        unit_cost: None,
        carbon_factor: None,
        source: String::new(),
        method: String::new(),
        updated: String::new(),
        period_type: String::new(),
        aggregatable: false,
        compute_limits: true,
        periods: Vec::new(),
        breakdowns: Vec::new(),
    });
    let unit =
        m.unit.clone().unwrap_or_else(|| if f.unit.is_empty() || f.value_type != value_type { default_unit(value_type, multiplier) } else { f.unit.clone() });
    Indicator {
        id: id.to_string(),
        name,
        definition: m.definition.clone().unwrap_or(f.definition),
        domains: m.domains.clone().unwrap_or(f.domains),
        value_type,
        multiplier,
        unit,
        polarity,
        target: m.target.or(f.target),
        unit_cost: m.unit_cost.or(f.unit_cost),
        carbon_factor: m.carbon_factor.or(f.carbon_factor),
        source: m.source.clone().unwrap_or(f.source),
        method: m.method.clone().unwrap_or(f.method),
        updated: m.updated.clone().unwrap_or(f.updated),
        period_type,
        aggregatable: m.aggregatable.unwrap_or(f.aggregatable),
        compute_limits: m.compute_limits.unwrap_or(f.compute_limits),
        periods: Vec::new(),
        breakdowns: Vec::new(),
    }
}

/// The bundle's domains: the meta file's, then those sources define, then any
/// an indicator names without a definition (named by id, with a warning).
pub fn domains(meta: &Meta, sources: &[Domain], indicators: &[Indicator], warnings: &mut Vec<String>) -> Vec<Domain> {
    let mut out: Vec<Domain> = meta.domains.clone();
    for d in sources {
        if !out.iter().any(|x| x.id == d.id) {
            out.push(d.clone());
        }
    }
    for i in indicators {
        for d in &i.domains {
            if !out.iter().any(|x| &x.id == d) {
                warnings.push(format!("domain \"{d}\" (indicator {}) is not defined under [[domains]] in the meta file: named by its id", i.id));
                out.push(Domain { id: d.clone(), name: d.replace('_', " "), kind: "system".into() });
            }
        }
    }
    out
}

fn age_key(v: &str) -> (u32, String) {
    let digits: String = v.chars().skip_while(|c| !c.is_ascii_digit()).take_while(char::is_ascii_digit).collect();
    let n = digits.parse::<u32>().unwrap_or(u32::MAX);
    (if v.starts_with('<') { 0 } else { n }, v.to_string())
}

/// One definition per breakdown type present among `cuts` (each row's
/// breakdown type and value), values in display order (deprivation 1 = most
/// deprived first, ages by lower bound).
pub fn breakdowns<'a>(cuts: impl Iterator<Item = (BreakdownType, &'a str)>) -> Vec<BreakdownDef> {
    let mut seen: [BTreeSet<&str>; 6] = Default::default();
    for (kind, value) in cuts {
        let k = BreakdownType::ALL.iter().position(|b| *b == kind).unwrap_or(0);
        seen[k].insert(value);
    }
    let mut out = Vec::new();
    for (k, values) in BreakdownType::ALL.iter().zip(seen) {
        let mut values: Vec<String> = values.into_iter().map(str::to_string).collect();
        let name = match k {
            BreakdownType::None => continue,
            BreakdownType::Ethnicity => "Ethnicity",
            BreakdownType::DeprivationDecile => {
                values.sort_by_key(|v| v.parse::<u32>().unwrap_or(u32::MAX));
                "Deprivation decile (1 = most deprived)"
            }
            BreakdownType::DeprivationQuintile => {
                values.sort_by_key(|v| v.parse::<u32>().unwrap_or(u32::MAX));
                "Deprivation quintile (1 = most deprived)"
            }
            BreakdownType::Sex => "Sex",
            BreakdownType::Age => {
                values.sort_by_key(|v| age_key(v));
                "Age"
            }
        };
        if !values.is_empty() {
            out.push(BreakdownDef { id: k.id().to_string(), name: name.to_string(), values });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(v: f64, n: f64, d: f64) -> ValueRow {
        ValueRow {
            indicator: "i".into(),
            org: "A".into(),
            period_start: 0,
            period_end: 364,
            period_label: "1970".into(),
            breakdown_type: BreakdownType::None,
            breakdown_value: String::new(),
            numerator: Some(n),
            denominator: Some(d),
            value: Some(v),
            lower_95: None,
            upper_95: None,
            lower_998: None,
            upper_998: None,
        }
    }

    fn infer(rows: &[&ValueRow]) -> (ValueType, f64, String) {
        evidence(rows).infer()
    }

    fn evidence(rows: &[&ValueRow]) -> Evidence {
        let mut e = Evidence::default();
        rows.iter().for_each(|r| e.add_row(r));
        e
    }

    #[test]
    fn inference_reads_the_multiplier_from_the_data() {
        let pct = [row(6.93158962798202, 3319266.0, 47886072.0), row(50.0, 1.0, 2.0)];
        assert_eq!(infer(&pct.iter().collect::<Vec<_>>()).0, ValueType::Proportion);
        let rate = [row(23.28037, 4218.0, 18118267.0)];
        let (t, m, _) = infer(&rate.iter().collect::<Vec<_>>());
        assert_eq!((t, m), (ValueType::Rate, 100_000.0));
        let count = [row(27667942.0, 27667942.0, 27667942.0)];
        assert_eq!(infer(&count.iter().collect::<Vec<_>>()).0, ValueType::Count);
        assert_eq!(default_unit(ValueType::Rate, 100_000.0), "per 100,000");
    }

    #[test]
    fn missing_metadata_is_defaulted_with_one_warning() {
        let rows = [row(50.0, 1.0, 2.0)];
        let mut w = Vec::new();
        let i = indicator("x", None, None, &evidence(&rows.iter().collect::<Vec<_>>()), &mut w);
        assert_eq!((i.name.as_str(), i.value_type, i.unit.as_str(), i.polarity), ("Indicator x", ValueType::Proportion, "%", Polarity::Neither));
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].starts_with("indicator x is not described in the meta file: no name"), "{}", w[0]);
    }

    #[test]
    fn breakdown_values_in_display_order() {
        let mut rows = Vec::new();
        for (k, v) in [
            (BreakdownType::DeprivationDecile, "10"),
            (BreakdownType::DeprivationDecile, "2"),
            (BreakdownType::Age, "65+ yrs"),
            (BreakdownType::Age, "<18 yrs"),
            (BreakdownType::Age, "18-64 yrs"),
        ] {
            let mut r = row(1.0, 1.0, 1.0);
            (r.breakdown_type, r.breakdown_value) = (k, v.into());
            rows.push(r);
        }
        let defs = breakdowns(rows.iter().map(|r| (r.breakdown_type, r.breakdown_value.as_str())));
        assert_eq!(defs[0].values, ["2", "10"]);
        assert_eq!(defs[1].values, ["<18 yrs", "18-64 yrs", "65+ yrs"]);
    }
}
