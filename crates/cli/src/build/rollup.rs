//! Sums of members' counts for their parents: trusts to ICBs, regions and
//! England, for indicators whose numerators and denominators add up.
//!
//! Published trust files have no rows for the organisations above a trust, but
//! a dashboard compares a trust with its ICB, region and England. For an
//! aggregatable indicator the parent's value is the members' numerators summed
//! over their denominators summed (× the multiplier), which is what the
//! publisher's own national figure is; a count with no denominator is summed.
//! Only members with both figures count, so a parent's value and its counts
//! always agree. Parent rows come from no input line: their `line` is 0.

use super::import::Sourced;
use healthdash_core::bundle::ValueRow;
use std::collections::BTreeMap;

/// Rows for every parent `parents_of` names for the members in `rows` (one
/// indicator or several), summed per indicator, parent and period.
/// `multiplier_of` gives each indicator's multiplier; a row with no
/// denominator is a count, summed as such.
pub fn sum_to_parents(rows: &[Sourced], parents_of: impl Fn(&str) -> Vec<String>, multiplier_of: impl Fn(&str) -> f64) -> Vec<Sourced> {
    type Key = (String, String, i32, i32, String);
    let mut sums: BTreeMap<Key, (f64, Option<f64>)> = BTreeMap::new();
    for s in rows {
        let r = &s.row;
        let Some(n) = r.numerator else {
            continue;
        };
        if r.value.is_none() {
            continue;
        }
        for p in parents_of(&r.org) {
            let e = sums.entry((r.indicator.clone(), p, r.period_start, r.period_end, r.period_label.clone())).or_insert((0.0, r.denominator.map(|_| 0.0)));
            e.0 += n;
            if let (Some(d), Some(total)) = (r.denominator, e.1.as_mut()) {
                *total += d;
            }
        }
    }
    sums.into_iter()
        .map(|((indicator, org, start, end, label), (n, d))| {
            let value = match d {
                Some(d) if d > 0.0 => Some(n / d * multiplier_of(&indicator)),
                Some(_) => None,
                None => Some(n),
            };
            Sourced { row: plain_row(&indicator, &org, start, end, &label, Some(n), d, value), line: 0 }
        })
        .collect()
}

/// A value row with no breakdown and no limits (the assembler computes them).
#[allow(clippy::too_many_arguments)]
pub fn plain_row(
    indicator: &str,
    org: &str,
    start: i32,
    end: i32,
    label: &str,
    numerator: Option<f64>,
    denominator: Option<f64>,
    value: Option<f64>,
) -> ValueRow {
    ValueRow { numerator, denominator, value, ..ValueRow::new(indicator, org, start, end, label) }
}

/// The calendar month holding an ISO date (`2024-06-01`): first day, last day and label (`Jun 2024`).
pub fn month_of(iso: &str) -> Option<(i32, i32, String)> {
    use healthdash_core::period::{civil_from_days, days_from_civil, days_in_month, parse_iso_date};
    let (y, m, _) = civil_from_days(parse_iso_date(iso)?);
    let (start, end) = (days_from_civil(y, m, 1), days_from_civil(y, m, days_in_month(y, m)));
    Some((start, end, super::periods::label_for(start, end, true)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(org: &str, n: f64, d: Option<f64>) -> Sourced {
        Sourced { row: plain_row("x", org, 0, 30, "Jan 1970", Some(n), d, Some(1.0)), line: 2 }
    }

    #[test]
    fn parents_get_summed_counts_and_recomputed_values() {
        let rows = [member("A", 30.0, Some(100.0)), member("B", 10.0, Some(100.0)), member("C", 5.0, None)];
        let out = sum_to_parents(&rows[..2], |_| vec!["P".into(), "E".into()], |_| 100.0);
        assert_eq!(out.len(), 2);
        assert_eq!((out[1].row.org.as_str(), out[1].row.numerator, out[1].row.denominator, out[1].row.value), ("P", Some(40.0), Some(200.0), Some(20.0)));
        let counts = sum_to_parents(&rows[2..], |_| vec!["P".into()], |_| 1.0);
        assert_eq!((counts[0].row.numerator, counts[0].row.denominator, counts[0].row.value), (Some(5.0), None, Some(5.0)));
        let (s, e, l) = month_of("2024-02-10").unwrap();
        assert_eq!((e - s, l.as_str()), (28, "Feb 2024"));
    }
}
