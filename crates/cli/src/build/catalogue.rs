//! The manifest's catalogue: indicators, domains and the dimensions values are cut by.
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
use healthdash_core::bundle::{rounding_slack, BreakdownKey, Dimension, DimensionKind, Domain, Indicator, Polarity, ValueRow, ValueType};
use std::collections::{BTreeMap, BTreeSet};

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
    let f = full.unwrap_or_else(|| Indicator { multiplier, ..Indicator::new(id, "", value_type, polarity) });
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

/// The dimensions the rows' breakdown `keys` cut, each once, in the order `hints` (the
/// sources' descriptions) list them and then by id, with exactly the
/// categories the rows use: in the hint's order where it gives one, else
/// deprivation by rank (1 = most deprived first), ages by lower bound, sex
/// and others as first met. An id no hint describes gets the format's
/// standard description (`sex`, `age`, `ethnicity`, `deprivation_decile`,
/// `deprivation_quintile`), or kind `other` named after its id.
pub fn dimensions<'a>(keys: impl Iterator<Item = &'a BreakdownKey>, hints: &[Dimension]) -> Vec<Dimension> {
    let mut used: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut seen: BTreeSet<(&str, &str)> = BTreeSet::new();
    for k in keys {
        for (d, c) in k.pairs() {
            if seen.insert((d.as_str(), c.as_str())) {
                used.entry(d.as_str()).or_default().push(c.as_str());
            }
        }
    }
    let mut ids: Vec<&str> = hints.iter().map(|h| h.id.as_str()).filter(|id| used.contains_key(id)).collect();
    ids.dedup();
    let mut rest: Vec<&str> = used.keys().copied().filter(|id| !ids.contains(id)).collect();
    rest.sort_unstable();
    ids.extend(rest);
    let mut out: Vec<Dimension> = Vec::new();
    for id in ids {
        if out.iter().any(|d| d.id == id) {
            continue;
        }
        let mut d = hints.iter().find(|h| h.id == id).cloned().or_else(|| Dimension::from_legacy(id, None, &[])).unwrap_or_else(|| Dimension {
            id: id.to_string(),
            name: id.replace('_', " "),
            kind: DimensionKind::Other,
            categories: Vec::new(),
            quantiles: None,
            most_deprived: None,
            definition: String::new(),
        });
        let mut cats: Vec<&str> = used.get(id).cloned().unwrap_or_default();
        // Deprivation ranks: all of them, used or not (a dimension of n quantiles has n categories).
        if let (Some(n), true) = (d.quantiles, d.categories.is_empty()) {
            let ranks: Vec<String> = (1..=n).map(|k| k.to_string()).collect();
            cats.retain(|c| !ranks.iter().any(|r| r == c));
            d.categories = ranks;
            cats.extend(d.categories.iter().map(String::as_str));
        }
        let listed = |c: &str| d.categories.iter().position(|x| x == c).unwrap_or(usize::MAX);
        match d.kind {
            DimensionKind::Deprivation => cats.sort_by_key(|c| (listed(c), c.parse::<u32>().unwrap_or(u32::MAX))),
            DimensionKind::Age => cats.sort_by_key(|c| (listed(c), age_key(c))),
            _ => cats.sort_by_key(|c| listed(c)),
        }
        d.categories = cats.into_iter().map(str::to_string).collect();
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(v: f64, n: f64, d: f64) -> ValueRow {
        ValueRow { numerator: Some(n), denominator: Some(d), value: Some(v), ..ValueRow::new("i", "A", 0, 364, "1970") }
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
    fn dimensions_list_the_categories_rows_use_in_display_order() {
        let mut rows = Vec::new();
        for (d, v) in
            [("deprivation_decile", "10"), ("deprivation_decile", "2"), ("age", "65+ yrs"), ("age", "<18 yrs"), ("age", "18-64 yrs"), ("disability", "Yes")]
        {
            let mut r = row(1.0, 1.0, 1.0);
            r.breakdown = BreakdownKey::one(d, v);
            rows.push(r);
        }
        let mut hint = Dimension::from_legacy("ethnicity", None, &[]).unwrap();
        hint.id = "disability".into();
        hint.kind = DimensionKind::Other;
        let dims = dimensions(rows.iter().map(|r| &r.breakdown), &[hint]);
        let got: Vec<(&str, DimensionKind, Vec<&str>)> =
            dims.iter().map(|d| (d.id.as_str(), d.kind, d.categories.iter().map(String::as_str).collect())).collect();
        assert_eq!(
            got,
            [
                ("disability", DimensionKind::Other, vec!["Yes"]),
                ("age", DimensionKind::Age, vec!["<18 yrs", "18-64 yrs", "65+ yrs"]),
                // Every rank of a deprivation dimension, used or not.
                ("deprivation_decile", DimensionKind::Deprivation, vec!["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]),
            ]
        );
    }
}
