//! Small-number suppression at publish time: `suppress_below = N` in the meta
//! file's `[bundle]` table (or per indicator) withholds every count from 1 to
//! N − 1, and complementary cells, before the bundle is written.
//!
//! It runs on the assembled rows, after roll-ups, so a parent's counts are
//! the exact sums of its members' and a parent's own small count is withheld
//! like any other. A *table* is every row of one indicator × period, keyed by
//! organisation, then by breakdown (one entry per dimension the table's rows
//! cut; the all-null key is an organisation's total). Its lines are each
//! organisation's breakdown lines, and the hierarchy's: for a parent's cell
//! and one type of its children (the organisations' `parents`, as the
//! manifest has them), the children's cells of the same breakdown key with
//! the parent's cell as margin, when their counts add up exactly to the
//! parent's (otherwise the children do not partition the parent and
//! subtracting them recovers nothing). `stats::disclosure::suppress_lines`
//! says which cells to withhold (primary, then complementary over every line,
//! with its audit; the method and its published sources are in that module's
//! docs), so a complement may be a sibling organisation's cell. A withheld
//! row keeps its key and `suppressed = true`; every number (value, counts,
//! limits) becomes null, since a value published with its denominator gives
//! the count away.
//!
//! A row's count is its numerator (a count indicator's value when it has no
//! numerator). Rows with no count take no part: nothing can be subtracted
//! from them. The manifest's `suppression` records the rule, with each
//! indicator whose threshold differs from the bundle's.

use super::meta::Meta;
use healthdash_core::bundle::{Indicator, Organisation, Suppression, ValueRow, ValueType};
use healthdash_core::stats::disclosure::{lines, suppress_lines, Cell, Line, Withheld};
use std::collections::BTreeMap;

/// How many rows one build withheld, per indicator.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tally {
    /// Indicator id → (primary, complementary).
    pub by_indicator: BTreeMap<String, (usize, usize)>,
}

impl Tally {
    /// (primary, complementary) over every indicator.
    pub fn total(&self) -> (usize, usize) {
        self.by_indicator.values().fold((0, 0), |(p, c), (a, b)| (p + a, c + b))
    }
}

/// The rule the meta file asks for, as the manifest records it; None when
/// neither the bundle nor any indicator sets `suppress_below`. An error when
/// the meta file also states a `suppression` of its own (that field describes
/// a rule applied before the inputs were made; a build applies only one).
pub fn rule(meta: &Meta, indicators: &[Indicator]) -> Result<Option<Suppression>, String> {
    let own: BTreeMap<String, u32> =
        indicators.iter().filter_map(|i| meta.indicators.get(&i.id).and_then(|m| m.suppress_below).map(|n| (i.id.clone(), n))).collect();
    if meta.bundle.suppress_below.is_none() && own.is_empty() {
        return Ok(None);
    }
    if meta.bundle.suppression.is_some() {
        return Err(
            "the meta file sets both suppress_below (withhold small counts now) and suppression (a rule already applied to the inputs): keep one".into()
        );
    }
    // Below 1 withholds nothing; the manifest requires at least 1.
    let below = meta.bundle.suppress_below.unwrap_or(1).max(1);
    let indicators: BTreeMap<String, u32> = own.into_iter().map(|(id, n)| (id, n.max(1))).filter(|(_, n)| *n != below).collect();
    let description = if below > 1 {
        format!(
            "Counts from 1 to {} withheld with their values and limits (zero is shown); other cells withheld so that none can be worked out by subtraction from a total or the other categories of any breakdown, or from a parent organisation and its other member organisations",
            below - 1
        )
    } else {
        "Counts below each listed indicator's threshold withheld with their values and limits (zero is shown); other cells withheld so that none can be worked out by subtraction from a total or the other categories of any breakdown, or from a parent organisation and its other member organisations".into()
    };
    Ok(Some(Suppression { below, complementary: true, description, indicators }))
}

/// The count small-number suppression judges a row by.
fn count(r: &ValueRow, ind: Option<&Indicator>) -> Option<f64> {
    r.numerator.or_else(|| r.value.filter(|_| ind.is_some_and(|i| i.value_type == ValueType::Count))).filter(|x| x.is_finite())
}

/// A count as the whole number `stats::disclosure` orders cells by: any
/// count strictly between 0 and `below` (fractional too) is small and stays
/// small; a negative one is treated as zero (nothing to protect).
fn whole(x: f64, below: u32) -> u64 {
    if x <= 0.0 {
        0
    } else if x < f64::from(below) {
        (x.floor() as u64).clamp(1, u64::from(below.saturating_sub(1)).max(1))
    } else {
        x.floor() as u64
    }
}

/// Withholds rows of `rows` under `rule` (see the module docs), in place.
/// `organisations` give the hierarchy (each one's type and parents).
/// Errors name the indicator and period of a table that cannot be suppressed.
pub fn apply(rows: &mut [ValueRow], rule: &Suppression, indicators: &[Indicator], organisations: &[Organisation]) -> Result<Tally, Vec<String>> {
    let by_id: BTreeMap<&str, &Indicator> = indicators.iter().map(|i| (i.id.as_str(), i)).collect();
    type TableKey = (String, i32, i32);
    let mut tables: BTreeMap<TableKey, Vec<usize>> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        if count(r, by_id.get(r.indicator.as_str()).copied()).is_some() {
            tables.entry((r.indicator.clone(), r.period_start, r.period_end)).or_default().push(i);
        }
    }
    // Parent → its children, by child type.
    let mut children: BTreeMap<&str, BTreeMap<&str, Vec<&str>>> = BTreeMap::new();
    for o in organisations {
        for p in &o.parents {
            children.entry(p.as_str()).or_default().entry(o.org_type.as_str()).or_default().push(o.code.as_str());
        }
    }
    let mut tally = Tally::default();
    let mut errors = Vec::new();
    for ((indicator, _, _), members) in tables {
        let below = rule.below_for(&indicator);
        if below <= 1 {
            continue;
        }
        let ind = by_id.get(indicator.as_str()).copied();
        let mut dims: Vec<&str> = members.iter().filter_map(|&i| rows.get(i)).flat_map(|r| r.breakdown.dimensions()).collect();
        dims.sort_unstable();
        dims.dedup();
        let raw: Vec<f64> = members.iter().filter_map(|&i| rows.get(i)).map(|r| count(r, ind).unwrap_or(0.0)).collect();
        // The organisation is the first key dimension: `lines` then gives each one's breakdown lines.
        let cells: Vec<Cell> = members
            .iter()
            .filter_map(|&i| rows.get(i))
            .zip(&raw)
            .map(|(r, &n)| Cell {
                key: std::iter::once(Some(r.org.clone())).chain(dims.iter().map(|d| r.breakdown.category(d).map(str::to_string))).collect(),
                count: whole(n, below),
            })
            .collect();
        let mut all = lines(&cells);
        all.extend(hierarchy_lines(&cells, &raw, &children));
        let verdict = match suppress_lines(&cells, &all, u64::from(below)) {
            Ok(v) => v,
            Err(e) => {
                let label = members.first().and_then(|&i| rows.get(i)).map_or("", |r| r.period_label.as_str());
                errors.push(format!("indicator {indicator}, period {label}: cannot apply small-number suppression: {e}"));
                continue;
            }
        };
        let counts = tally.by_indicator.entry(indicator.clone()).or_default();
        for (&i, w) in members.iter().zip(verdict) {
            let Some(r) = rows.get_mut(i) else { continue };
            match w {
                Withheld::Shown => continue,
                Withheld::Primary => counts.0 += 1,
                Withheld::Complementary => counts.1 += 1,
            }
            let key = std::mem::take(&mut r.breakdown);
            *r = ValueRow { suppressed: Some(true), breakdown: key, ..ValueRow::new(&r.indicator, &r.org, r.period_start, r.period_end, &r.period_label) };
        }
    }
    if errors.is_empty() {
        Ok(tally)
    } else {
        Err(errors)
    }
}

/// The hierarchy's lines over one indicator × period's `cells` (keyed by
/// organisation, then breakdown): for each parent cell and each type of the
/// parent's children, the children's cells of the same breakdown key, with
/// the parent's cell as margin, when their counts (`raw`) add up to the
/// parent's. When they do not (a child missing, or children that overlap or
/// do not cover the parent), parent less children recovers nothing.
fn hierarchy_lines(cells: &[Cell], raw: &[f64], children: &BTreeMap<&str, BTreeMap<&str, Vec<&str>>>) -> Vec<Line> {
    let at: BTreeMap<&[Option<String>], usize> = cells.iter().enumerate().map(|(i, c)| (c.key.as_slice(), i)).collect();
    let mut out = Vec::new();
    for (margin, parent) in cells.iter().enumerate() {
        let (Some(Some(org)), Some(rest)) = (parent.key.first(), parent.key.get(1..)) else { continue };
        let Some(by_type) = children.get(org.as_str()) else { continue };
        let Some(&total) = raw.get(margin) else { continue };
        for codes in by_type.values() {
            let members: Vec<usize> = codes
                .iter()
                .filter_map(|c| {
                    let key: Vec<Option<String>> = std::iter::once(Some((*c).to_string())).chain(rest.iter().cloned()).collect();
                    at.get(key.as_slice()).copied()
                })
                .collect();
            let sum: f64 = members.iter().filter_map(|&i| raw.get(i)).sum();
            if !members.is_empty() && (sum - total).abs() <= 1e-9 * total.abs().max(1.0) {
                out.push(Line { members, margin });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use healthdash_core::bundle::BreakdownKey;

    fn row(org: &str, key: BreakdownKey, n: Option<f64>, d: f64) -> ValueRow {
        let mut r = ValueRow::new("i", org, 0, 364, "2020");
        r.breakdown = key;
        r.numerator = n;
        r.denominator = Some(d);
        r.value = n.map(|n| n / d * 100.0);
        r.lower_95 = r.value.map(|v| v - 1.0);
        r.upper_95 = r.value.map(|v| v + 1.0);
        r
    }

    fn rule_of(below: u32) -> Suppression {
        Suppression { below, complementary: true, description: String::new(), indicators: BTreeMap::new() }
    }

    // One organisation, sex breakdown, N = 10: the 4 women are withheld (primary), the men (30)
    // with them (complementary: total − men would give the women). The total, the zero of the
    // other area and a row without counts are shown. A withheld row keeps its key, loses numbers.
    #[test]
    fn a_small_count_and_its_complement_lose_every_number_and_keep_their_keys() {
        let mut rows = vec![
            row("A", BreakdownKey::whole(), Some(34.0), 100.0),
            row("A", BreakdownKey::one("sex", "Female"), Some(4.0), 50.0),
            row("A", BreakdownKey::one("sex", "Male"), Some(30.0), 50.0),
            row("B", BreakdownKey::whole(), Some(0.0), 100.0),
            row("C", BreakdownKey::whole(), None, 100.0),
        ];
        let before = rows.clone();
        let tally = apply(&mut rows, &rule_of(10), &[], &[]).unwrap();
        assert_eq!(tally.total(), (1, 1));
        for i in [1, 2] {
            let r = &rows[i];
            assert_eq!((r.suppressed, &r.breakdown, &r.org, r.period_start), (Some(true), &before[i].breakdown, &before[i].org, 0));
            assert!([r.numerator, r.denominator, r.value, r.lower_95, r.upper_95, r.lower_998, r.upper_998].iter().all(Option::is_none), "{r:?}");
        }
        assert_eq!((&rows[0], &rows[3], &rows[4]), (&before[0], &before[3], &before[4]));
    }

    // Per-indicator thresholds: the bundle says 10, the meta file exempts indicator "pop".
    #[test]
    fn the_rule_records_the_bundle_threshold_and_each_exception() {
        let meta =
            crate::build::meta::parse("[bundle]\nsuppress_below = 10\n[indicators.pop]\nsuppress_below = 0\n[indicators.x]\nsuppress_below = 10\n").unwrap();
        let ind = |id: &str| -> Indicator {
            serde_json::from_value(serde_json::json!({"id": id, "name": id, "value_type": "count", "polarity": "neither"})).unwrap()
        };
        let r = rule(&meta, &[ind("pop"), ind("x"), ind("y")]).unwrap().unwrap();
        assert_eq!((r.below, r.below_for("pop"), r.below_for("x"), r.below_for("y")), (10, 1, 10, 10));
        assert!(r.complementary && r.description.contains("1 to 9"));
        assert_eq!(rule(&crate::build::meta::parse("").unwrap(), &[ind("x")]), Ok(None));
        let both = crate::build::meta::parse("[bundle]\nsuppress_below = 5\nsuppression = { below = 5 }\n").unwrap();
        assert!(rule(&both, &[]).unwrap_err().contains("keep one"));
    }

    fn org(code: &str, kind: &str, parents: &[&str]) -> Organisation {
        serde_json::from_value(serde_json::json!({"code": code, "name": code, "type": kind, "parents": parents})).unwrap()
    }

    /// Region R with two local authorities A (4) and B (40) for indicator `ind`.
    fn region(ind: &str, r: f64) -> Vec<ValueRow> {
        [("R", r, 100.0), ("A", 4.0, 50.0), ("B", 40.0, 50.0)]
            .into_iter()
            .map(|(o, n, d)| {
                let mut v = row(o, BreakdownKey::whole(), Some(n), d);
                v.indicator = ind.into();
                v
            })
            .collect()
    }

    // N = 10. For indicator i, R = 44 = A + B: A's own table is just its total, so on its own
    // nothing more would be withheld and R − B would give the 4 away; the complement is the
    // sibling B (40 < 44). For indicator j, R = 50: the areas do not partition it (R − B is not
    // A), so there is no hierarchy line and only the 4 is withheld. Without parents, each area is
    // a table of its own, as before: only the 4s.
    #[test]
    fn a_small_area_takes_a_sibling_when_the_children_partition_the_parent() {
        let orgs = [org("R", "region", &[]), org("A", "la", &["R"]), org("B", "la", &["R"])];
        let withheld = |rows: &[ValueRow]| -> Vec<(String, String)> {
            rows.iter().filter(|r| r.suppressed == Some(true)).map(|r| (r.indicator.clone(), r.org.clone())).collect()
        };
        let pair = |i: &str, o: &str| (i.to_string(), o.to_string());
        let mut rows = [region("i", 44.0), region("j", 50.0)].concat();
        let tally = apply(&mut rows, &rule_of(10), &[], &orgs).unwrap();
        assert_eq!(withheld(&rows), vec![pair("i", "A"), pair("i", "B"), pair("j", "A")]);
        assert_eq!((tally.by_indicator["i"], tally.by_indicator["j"]), ((1, 1), (1, 0)));
        let mut rows = [region("i", 44.0), region("j", 50.0)].concat();
        apply(&mut rows, &rule_of(10), &[], &[]).unwrap();
        assert_eq!(withheld(&rows), vec![pair("i", "A"), pair("j", "A")]);
    }
}
