//! Roll-up: a parent's figure recomputed from its members' numerators and
//! denominators (providers → ICB, ICBs → region …) with `stats::rollup`, for
//! indicators the manifest marks `aggregatable`.
//!
//! Members are the organisations of one type anywhere below the parent. When
//! the caller does not name the type, it is the parent's *series* member type
//! ([`series_member_type`]): one type for every period of the indicator, so a
//! parent's series never switches basis when the publisher's member rows
//! change (A&E: ICB rows start in April 2022, trust rows a year earlier; a
//! region summed from trusts, then from ICBs, stepped by a median 1.8
//! percentage points). Members without counts are left out and listed: the
//! sum then covers only the others, and the result says so.
//!
//! [`series_basis`] says where a parent's comparator figures come from, again
//! for the whole series: the publisher's own rows when the parent has any,
//! else the roll-up over the series member type. Fingertips publishes a
//! parent's figure only where it has one, for the geography's own data or by
//! summing counts of one child geography for every period (technical
//! guidance, "Aggregating data"); it never splices two geographies into one
//! trend, which is the rule followed here.

use super::filter::{headline, period_or_latest};
use super::{Figure, OrgRef};
use crate::bundle::{Indicator, ValueType};
use crate::stats::ci::Level;
use crate::stats::rollup::{self, Member};
use crate::table::Dataset;
use serde::Serialize;
use std::collections::HashMap;

/// A parent's recomputed figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RolledUp {
    pub indicator: String,
    pub parent: OrgRef,
    pub member_type: Option<String>,
    pub period: String,
    /// Members whose counts were summed.
    pub members: Vec<String>,
    /// Members without a numerator (or denominator) for the period.
    pub missing: Vec<String>,
    /// Summed counts with value and limits recomputed (empty when not possible).
    pub figure: Figure,
    /// The parent's own published figure, for comparison.
    pub published: Figure,
    /// Why the figure is empty or partial, when it is.
    pub note: Option<String>,
}

/// Where a parent's figures come from, for every period of an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The publisher's own rows for the parent.
    Published,
    /// Summed from the members' counts ([`roll_up`]), one member type for the whole series.
    RolledUp,
}

impl Basis {
    /// The id used in JSON and CSV.
    pub fn id(self) -> &'static str {
        match self {
            Basis::Published => "published",
            Basis::RolledUp => "rolled_up",
        }
    }
}

/// A parent's basis and, when rolled up, the member type summed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeriesBasis {
    pub basis: Basis,
    pub member_type: Option<String>,
}

/// Whether `o` has the counts a roll-up of `ind` needs in period `p`.
fn has_counts(ds: &Dataset, ind: &Indicator, o: u32, p: u32) -> bool {
    headline(ds, &ind.id, o, p).is_some_and(|f| f.numerator.is_some() && (ind.value_type == ValueType::Count || f.denominator.is_some()))
}

/// The one member type `parent`'s series of `ind` is rolled up from, for
/// every period: of the organisation types below the parent, the one whose
/// members have counts in the most of the indicator's periods (every period
/// when one type has them all); ties go to the type of the parent's children
/// in the main hierarchy (a region sums its ICBs, not ICBs and providers
/// together), then to the type nearest the parent (lowest level), then by
/// id. None when no member has counts in any period.
pub(crate) fn series_member_type(ds: &Dataset, ind: &Indicator, parent: u32) -> Option<String> {
    let h = ds.hierarchy();
    let periods = ds.periods(&ind.id).len() as u32;
    let level = |t: &str| ds.manifest().org_types.iter().find(|x| x.id == t).map(|x| x.level).unwrap_or(u32::MAX);
    let main_type = h.children(parent).iter().find(|&&c| h.parents(c).first() == Some(&parent)).and_then(|&c| ds.org_at(c)).map(|o| o.org_type.as_str());
    let mut by_type: Vec<(&str, Vec<u32>)> = Vec::new();
    for d in h.descendants(parent) {
        let Some(t) = ds.org_at(d).map(|o| o.org_type.as_str()) else { continue };
        match by_type.iter_mut().find(|(x, _)| *x == t) {
            Some((_, v)) => v.push(d),
            None => by_type.push((t, vec![d])),
        }
    }
    by_type
        .into_iter()
        .map(|(t, members)| ((0..periods).filter(|&p| members.iter().any(|&m| has_counts(ds, ind, m, p))).count(), t))
        .filter(|&(covered, _)| covered > 0)
        .max_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| (Some(a.1) == main_type).cmp(&(Some(b.1) == main_type)))
                .then_with(|| level(b.1).cmp(&level(a.1)))
                .then_with(|| b.1.cmp(a.1))
        })
        .map(|(_, t)| t.to_string())
}

/// Where `parent`'s figures of `ind` come from, the same for every period
/// (see the module docs): [`Basis::Published`] when the bundle holds a value
/// of the parent's in any period (periods without one then have none: no
/// roll-up on another basis is spliced in), else [`Basis::RolledUp`] over
/// [`series_member_type`] for an aggregatable indicator. None when neither
/// is possible.
pub(crate) fn series_basis(ds: &Dataset, ind: &Indicator, parent: u32) -> Option<SeriesBasis> {
    let periods = ds.periods(&ind.id).len() as u32;
    if (0..periods).any(|p| headline(ds, &ind.id, parent, p).is_some_and(|f| f.value.is_some())) {
        return Some(SeriesBasis { basis: Basis::Published, member_type: None });
    }
    if !ind.aggregatable {
        return None;
    }
    series_member_type(ds, ind, parent).map(|t| SeriesBasis { basis: Basis::RolledUp, member_type: Some(t) })
}

/// `parent`'s figure of `ind` in period `p` on `basis`: its published row, or
/// its members' counts summed (every member of the type with counts; empty
/// when none has them).
pub(crate) fn figure_on(ds: &Dataset, ind: &Indicator, parent: u32, p: u32, basis: &SeriesBasis) -> Option<Figure> {
    match (basis.basis, basis.member_type.as_deref()) {
        (Basis::Published, _) => headline(ds, &ind.id, parent, p),
        (Basis::RolledUp, Some(t)) => {
            let all = members_of_type(ds, parent, t);
            // A member withheld under the small-number rule cannot be summed, and a sum of the
            // others would be neither the parent's figure nor safe to show beside it.
            if all.iter().any(|&m| headline(ds, &ind.id, m, p).is_some_and(|f| f.suppressed.is_some())) {
                return None;
            }
            let members: Vec<Member> = all
                .into_iter()
                .filter(|&m| has_counts(ds, ind, m, p))
                .filter_map(|m| headline(ds, &ind.id, m, p))
                .map(|f| Member { numerator: f.numerator.unwrap_or(f64::NAN), denominator: f.denominator.unwrap_or(f64::NAN) })
                .collect();
            sum_figure(ind, &members)
        }
        (Basis::RolledUp, None) => None,
    }
}

/// How many members of `parent` of type `member_type` have the counts a
/// roll-up of `ind` needs in period `p` (those [`figure_on`] sums).
pub(crate) fn members_with_counts(ds: &Dataset, ind: &Indicator, parent: u32, member_type: &str, p: u32) -> usize {
    members_of_type(ds, parent, member_type).into_iter().filter(|&m| has_counts(ds, ind, m, p)).count()
}

/// The member type to use below `parent` for one period's members (the
/// report's member summary, the opportunity's members): the type of the
/// parent's main-hierarchy children that most often have data (else the same
/// rule over every descendant).
pub(crate) fn default_member_type(ds: &Dataset, parent: u32, has_data: impl Fn(u32) -> bool) -> Option<String> {
    let h = ds.hierarchy();
    let level = |t: &str| ds.manifest().org_types.iter().find(|x| x.id == t).map(|x| x.level).unwrap_or(u32::MAX);
    let main_children: Vec<u32> = h.children(parent).iter().copied().filter(|&c| h.parents(c).first() == Some(&parent)).collect();
    for pool in [main_children, h.descendants(parent)] {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for &c in &pool {
            if let Some(o) = ds.org_at(c).filter(|_| has_data(c)) {
                *counts.entry(o.org_type.as_str()).or_default() += 1;
            }
        }
        let best = counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| level(b.0).cmp(&level(a.0))).then_with(|| b.0.cmp(a.0)));
        if let Some((t, _)) = best {
            return Some(t.to_string());
        }
    }
    None
}

/// Members of `parent` of type `org_type`, in manifest order.
pub(crate) fn members_of_type(ds: &Dataset, parent: u32, org_type: &str) -> Vec<u32> {
    let mut v: Vec<u32> = ds.hierarchy().descendants(parent).into_iter().filter(|&d| ds.org_at(d).is_some_and(|o| o.org_type == org_type)).collect();
    v.sort_unstable();
    v
}

/// Members' counts summed and the value and both levels' limits recomputed
/// (`stats::rollup`). None when `stats::rollup::roll_up` refuses them.
pub(crate) fn sum_figure(ind: &Indicator, members: &[Member]) -> Option<Figure> {
    let r95 = rollup::roll_up(ind.value_type, ind.multiplier, members, Level::P95)?;
    let r998 = rollup::roll_up(ind.value_type, ind.multiplier, members, Level::P998)?;
    // An indicator whose limits are not to be computed (manifest `compute_limits`) rolls up without them.
    let keep = |l: Option<crate::stats::ci::Limits>| l.filter(|_| ind.compute_limits);
    let (r95l, r998l) = (keep(r95.limits), keep(r998.limits));
    Some(Figure {
        value: Some(r95.value),
        lower_95: r95l.map(|l| l.lower),
        upper_95: r95l.map(|l| l.upper),
        lower_998: r998l.map(|l| l.lower),
        upper_998: r998l.map(|l| l.upper),
        numerator: Some(r95.numerator),
        denominator: r95.denominator.is_finite().then_some(r95.denominator),
        suppressed: None,
    })
}

/// Rolls `indicator` up to `parent` for the period labelled `period` (latest
/// when None or unknown). None when the indicator is not loaded or the parent
/// unknown; a non-aggregatable indicator gives an empty figure with a note.
pub fn roll_up(ds: &Dataset, indicator: &str, parent: &str, member_type: Option<&str>, period: Option<&str>) -> Option<RolledUp> {
    let ind = ds.manifest().indicator(indicator)?;
    let ix = ds.index(indicator)?;
    let pid = ds.hierarchy().id(parent)?;
    let p = period_or_latest(ds, indicator, period)?;
    let counts = |o: u32| headline(ds, indicator, o, p).filter(|f| f.numerator.is_some());
    let mtype = member_type.map(str::to_string).or_else(|| series_member_type(ds, ind, pid));
    let mut out = RolledUp {
        indicator: indicator.to_string(),
        parent: OrgRef::of(ds.org_at(pid)?),
        member_type: mtype.clone(),
        period: ix.periods.get(p as usize)?.label.clone(),
        members: Vec::new(),
        missing: Vec::new(),
        figure: Figure::default(),
        published: headline(ds, indicator, pid, p).unwrap_or_default(),
        note: None,
    };
    if !ind.aggregatable {
        out.note = Some("not aggregatable: the indicator's method does not allow summing members' numerators and denominators".into());
        return Some(out);
    }
    let Some(mtype) = mtype else {
        out.note = Some("no member below this organisation has counts in any period".into());
        return Some(out);
    };
    let withheld: Vec<String> = members_of_type(ds, pid, &mtype)
        .into_iter()
        .filter(|&m| headline(ds, indicator, m, p).is_some_and(|f| f.suppressed.is_some()))
        .map(|m| ds.org_code(m).to_string())
        .collect();
    if !withheld.is_empty() {
        // Summing the others would re-derive the withheld counts from the published parent.
        out.missing = withheld;
        out.note = Some(format!(
            "{} members' counts are suppressed (small numbers withheld by the publisher): the parent cannot be summed here; its published figure stands",
            out.missing.len()
        ));
        return Some(out);
    }
    let is_count = ind.value_type == crate::bundle::ValueType::Count;
    let mut members = Vec::new();
    for m in members_of_type(ds, pid, &mtype) {
        let code = ds.org_code(m).to_string();
        match counts(m) {
            Some(Figure { numerator: Some(n), denominator, .. }) if is_count || denominator.is_some() => {
                members.push(Member { numerator: n, denominator: denominator.unwrap_or(f64::NAN) });
                out.members.push(code);
            }
            _ => out.missing.push(code),
        }
    }
    match sum_figure(ind, &members) {
        Some(figure) => {
            out.figure = figure;
            if !out.missing.is_empty() {
                out.note = Some(format!(
                    "{} of {} members have no counts for this period; the sum covers the other {}",
                    out.missing.len(),
                    out.missing.len() + out.members.len(),
                    out.members.len()
                ));
            }
        }
        None => out.note = Some("the members' counts cannot be summed (none available, or a zero total denominator)".into()),
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::fixture;
    use proptest::prelude::*;

    // I1 in Mar 2024 by hand: (800 + 1500) / (1000 + 2000) = 2300/3000 = 76.667%,
    // equal to the published I1 row, which the fixture writes as that same sum.
    // An indicator published without limits (compute_limits = false) rolls up without them too.
    #[test]
    fn no_limits_are_made_up_when_the_manifest_says_so() {
        let mut ind = fixture::manifest().indicator("ae").unwrap().clone();
        let members = [Member { numerator: 81.0, denominator: 263.0 }];
        assert!(sum_figure(&ind, &members).unwrap().lower_95.is_some());
        ind.compute_limits = false;
        let f = sum_figure(&ind, &members).unwrap();
        assert!(f.value.is_some() && f.lower_95.is_none() && f.upper_998.is_none());
    }

    #[test]
    fn providers_roll_up_to_their_icb_and_match_the_published_value() {
        let ds = fixture::dataset();
        let r = roll_up(&ds, "ae", "I1", None, None).unwrap();
        assert_eq!(r.member_type.as_deref(), Some("provider"));
        assert_eq!(r.members, vec!["P1", "P2"]);
        assert_eq!((r.figure.numerator, r.figure.denominator), (Some(2300.0), Some(3000.0)));
        assert!((r.figure.value.unwrap() - 76.666_666_666_666_67).abs() < 1e-9);
        assert_eq!(r.figure, r.published);
        assert_eq!(r.note, None);
    }

    // R1 sums its ICBs (its direct children), not ICBs and providers together:
    // 2300 + 1200 = 3500 over 3000 + 1500 = 4500 in Mar 2024; in Apr 2023 each of the
    // three providers had 55 fewer, 3500 − 165 = 3335.
    #[test]
    fn a_region_sums_its_icbs_for_any_period() {
        let ds = fixture::dataset();
        let r = roll_up(&ds, "ae", "R1", None, Some("Apr 2023")).unwrap();
        assert_eq!(r.member_type.as_deref(), Some("icb"));
        assert_eq!(r.members, vec!["I1", "I2"]);
        assert_eq!((r.figure.numerator, r.figure.denominator), (Some(3335.0), Some(4500.0)));
        let providers = roll_up(&ds, "ae", "R1", Some("provider"), Some("Apr 2023")).unwrap();
        assert_eq!(providers.figure, r.figure);
    }

    #[test]
    fn gaps_and_refusals_are_stated() {
        let ds = fixture::dataset();
        // beds has no ICB rows: I1 rolls up from its providers P1 + P2 = 170 / 30 000 × 1000.
        let r = roll_up(&ds, "beds", "I1", None, None).unwrap();
        assert!(r.published.is_empty());
        assert!((r.figure.value.unwrap() - 170.0 / 30.0).abs() < 1e-9);
        // England from ICBs that have no beds rows: falls to providers, the only type with counts.
        let e = roll_up(&ds, "beds", "E92000001", None, None).unwrap();
        assert_eq!(e.member_type.as_deref(), Some("provider"));
        assert_eq!(e.figure.numerator, Some(475.0));
        let partial = roll_up(&ds, "beds", "E92000001", Some("icb"), None).unwrap();
        assert_eq!(partial.missing.len(), 3);
        assert!(partial.figure.is_empty() && partial.note.is_some());
        let mut m = fixture::manifest();
        m.indicators[0].aggregatable = false;
        let mut ds2 = crate::table::Dataset::new(m);
        ds2.add_partition(
            "values/ae.parquet",
            crate::bundle::ValuesTable::from_rows(&fixture::rows().into_iter().filter(|r| r.indicator == "ae").collect::<Vec<_>>()),
        );
        let r = roll_up(&ds2, "ae", "I1", None, None).unwrap();
        assert!(r.figure.is_empty() && r.note.unwrap().starts_with("not aggregatable"));
        assert!(roll_up(&ds, "ae", "nope", None, None).is_none());
    }

    proptest! {
        // Rolling a parent with one member up gives that member's own figure.
        #[test]
        fn one_member_rolls_up_to_itself(month in 0usize..12) {
            let ds = fixture::dataset();
            let label = ds.periods("ae")[month].label.clone();
            let r = roll_up(&ds, "ae", "I2", None, Some(&label)).unwrap();
            let p3 = headline(&ds, "ae", ds.org_id("P3").unwrap(), month as u32).unwrap();
            prop_assert_eq!(r.members, vec!["P3".to_string()]);
            prop_assert_eq!(r.figure, p3);
        }
    }
}
