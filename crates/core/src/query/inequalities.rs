//! The inequalities slice of one organisation and indicator: every ethnic
//! group, deprivation decile and quintile (and sex and age group) with its
//! limits and its comparison with the organisation's overall value; the gap
//! between the most and least deprived; Core20 (the most deprived 20%:
//! deciles 1–2, or quintile 1) against the rest, recomputed from summed
//! numerators and denominators; the Slope and Relative Index of Inequality;
//! and the gap and SII over time.
//!
//! Statistics come from `stats::inequality` (gap, SII/RII), `stats::rollup`
//! (Core20 sums) and `stats::benchmark` (comparisons). Deprivation groups are
//! ordered most deprived first, as the dimension's `most_deprived` says.
//! Each list holds the rows cut by that one dimension alone; when a bundle
//! has several dimensions of a kind (two decile definitions), the first the
//! indicator lists is shown and the others are reached with `slice`
//! (`query::slices`).

use super::benchmark::compare_figure;
use super::filter::{headline, period_ids, period_or_latest};
use super::rollup::sum_figure;
use super::{Compared, Figure, OrgRef};
use crate::bundle::{BreakdownKey, Dimension, DimensionKind, Indicator, ValueType};
use crate::params::Breakdown;
use crate::stats::benchmark::compare;
use crate::stats::ci::{Level, Limits};
use crate::stats::inequality::{gap, slope_index, slope_limits, Group, SiiScale, SII_DRAWS, SII_SEED};
use crate::stats::rollup::Member;
use crate::table::Dataset;
use serde::Serialize;

/// One group's figure and how it compares with the organisation overall.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupValue {
    pub group: String,
    #[serde(flatten)]
    pub figure: Figure,
    /// The overall value tested against this group's 95% limits.
    pub comparison_95: Compared,
}

/// Least deprived minus most deprived (the SII's sign convention).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapFigure {
    pub basis: &'static str,
    pub most_deprived: f64,
    pub least_deprived: f64,
    pub absolute: f64,
    pub relative: Option<f64>,
}

/// The most deprived fifth against everyone else.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Core20 {
    /// `deprivation_decile` (the two most deprived deciles) or
    /// `deprivation_quintile` (the most deprived quintile).
    pub basis: &'static str,
    pub core20: Figure,
    pub rest: Figure,
    /// Core20 − rest.
    pub difference: Option<f64>,
    /// Core20 ÷ rest.
    pub ratio: Option<f64>,
    /// The rest's value against Core20's 95% limits, polarity-aware for Core20.
    pub comparison_95: Compared,
}

/// Slope and Relative Index of Inequality (OHID `phe_sii`) with 95% limits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Slope {
    pub basis: &'static str,
    /// Fitted least − most deprived, in display units.
    pub sii: f64,
    /// Simulated limits; None when a group has no 95% limits (or one outside the scale).
    pub sii_lower_95: Option<f64>,
    pub sii_upper_95: Option<f64>,
    /// The fitted value at the most deprived end (Y₀).
    pub intercept: f64,
    /// Population-weighted mean (the fitted value at the middle of the scale).
    pub weighted_mean: f64,
    /// (Y₀ + SII) / Y₀: the least deprived end's fitted value over the most deprived end's.
    pub rii: Option<f64>,
    pub rii_lower_95: Option<f64>,
    pub rii_upper_95: Option<f64>,
    /// How the limits were found, e.g. `simulation, 100000 draws, logit scale (phe_sii)`.
    pub limits_method: String,
}

/// The gap and SII in one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapPoint {
    pub period: String,
    pub absolute: Option<f64>,
    pub relative: Option<f64>,
    pub sii: Option<f64>,
}

/// The inequalities slice of one organisation, indicator and period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inequalities {
    pub indicator: String,
    pub org: OrgRef,
    pub period: Option<String>,
    #[serde(flatten)]
    pub slice: InequalitySlice,
}

/// Every figure of the slice (what the inequalities view shows).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InequalitySlice {
    /// The dimensions the lists below come from (by kind), when the bundle has them.
    pub dimensions: SliceDimensions,
    pub overall: Figure,
    pub ethnicity: Vec<GroupValue>,
    pub deprivation_deciles: Vec<GroupValue>,
    pub deprivation_quintiles: Vec<GroupValue>,
    pub sex: Vec<GroupValue>,
    pub age: Vec<GroupValue>,
    pub gap: Option<GapFigure>,
    pub core20: Option<Core20>,
    pub slope: Option<Slope>,
    pub gap_over_time: Vec<GapPoint>,
    /// With `slice` (and `within`): one dimension's groups, on its own or
    /// within another's categories (`query::nested`).
    pub nested: Option<super::Nested>,
    /// With `layout=pyramid`: values by sex within each age band.
    pub pyramid: Option<super::Pyramid>,
    /// With `layout=crosstab`: two dimensions crossed, each cell compared with the whole population.
    pub crosstab: Option<super::CrossTab>,
    /// Why a figure is missing, when one is.
    pub notes: Vec<String>,
}

/// Which dimension each list of an [`InequalitySlice`] comes from.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SliceDimensions {
    pub ethnicity: Option<String>,
    pub deprivation_deciles: Option<String>,
    pub deprivation_quintiles: Option<String>,
    pub sex: Option<String>,
    pub age: Option<String>,
}

/// The dimension of `kind` (and `quantiles`) to show for `ind`: the first
/// the indicator lists on its own, else the bundle's first of that kind.
pub(crate) fn dimension_for<'a>(ds: &'a Dataset, ind: &Indicator, kind: DimensionKind, quantiles: Option<u32>) -> Option<&'a Dimension> {
    let mut of_kind = ds.manifest().dimensions.iter().filter(|d| d.kind == kind && (quantiles.is_none() || d.quantiles == quantiles));
    let all: Vec<&Dimension> = of_kind.by_ref().collect();
    all.iter().find(|d| ind.has_breakdown(&[d.id.as_str()])).or(all.first()).copied()
}

/// The display rank of each category of dimension `dim`: its place in the
/// manifest's list (deprivation most deprived first); a dimension listing
/// none (a 1.x bundle) ranks deprivation groups by number.
pub(crate) fn rank_of<'a>(ds: &'a Dataset, dim: &str) -> impl Fn(&str) -> usize + 'a {
    let d = ds.manifest().dimension(dim);
    let order: Vec<&str> = d.map(Dimension::most_deprived_first).unwrap_or_default();
    let numeric = d.is_some_and(|d| d.kind == DimensionKind::Deprivation && d.categories.is_empty());
    move |name: &str| {
        if numeric {
            name.parse::<usize>().unwrap_or(usize::MAX)
        } else {
            order.iter().position(|v| *v == name).unwrap_or(usize::MAX)
        }
    }
}

/// The groups of dimension `dim` for `org` in period `p` — the rows cut by
/// `dim` alone, or by `dim` and the one fixed category `within` — in
/// display order, each compared with `reference` (its 95% limits against it).
pub(crate) fn dimension_groups(
    ds: &Dataset,
    ind: &Indicator,
    org: u32,
    p: u32,
    dim: &str,
    within: Option<(&str, &str)>,
    reference: Option<f64>,
) -> Vec<GroupValue> {
    let Some(ix) = ds.index(&ind.id) else {
        return Vec::new();
    };
    let rank = rank_of(ds, dim);
    let dims: Vec<&str> = std::iter::once(dim).chain(within.map(|(d, _)| d)).collect();
    let mut out: Vec<(usize, u32, GroupValue)> = ix
        .cell(p, org)
        .iter()
        .filter_map(|e| {
            let key: &BreakdownKey = ds.key(e.key);
            if !key.cuts_exactly(&dims) || within.is_some_and(|(d, c)| key.category(d) != Some(c)) {
                return None;
            }
            let name = key.category(dim)?.to_string();
            let figure = ds.figure(e);
            let comparison_95 = match figure.value {
                Some(_) => compare(figure.limits_or_computed(ind, Level::P95), reference.unwrap_or(f64::NAN), ind.polarity),
                None => Compared::NotCompared,
            };
            Some((rank(&name), e.key, GroupValue { group: name, figure, comparison_95 }))
        })
        .collect();
    out.sort_by_key(|(rank, key, _)| (*rank, *key));
    out.into_iter().map(|(_, _, g)| g).collect()
}

/// The deprivation groups to measure inequality with: deciles when all ten
/// have a value and a population, else quintiles likewise.
fn basis<'a>(deciles: &'a [GroupValue], quintiles: &'a [GroupValue]) -> Option<(&'static str, &'a [GroupValue])> {
    let complete = |g: &[GroupValue], n: usize| g.len() == n && g.iter().all(|x| x.figure.value.is_some() && x.figure.denominator.is_some_and(|d| d > 0.0));
    if complete(deciles, 10) {
        Some((DECILE, deciles))
    } else if complete(quintiles, 5) {
        Some((QUINTILE, quintiles))
    } else {
        None
    }
}

const DECILE: &str = "deprivation_decile";
const QUINTILE: &str = "deprivation_quintile";

pub(crate) fn as_groups(g: &[GroupValue]) -> Vec<Group> {
    g.iter().map(|x| Group { value: x.figure.value.unwrap_or(f64::NAN), population: x.figure.denominator.unwrap_or(f64::NAN), limits_95: None }).collect()
}

/// `phe_sii`'s value type for `ind`: proportions on the logit scale (values
/// divided by the multiplier into 0..1), rates on the log scale, others normal.
fn sii_scale(ind: &Indicator) -> (SiiScale, f64) {
    match ind.value_type {
        ValueType::Proportion => (SiiScale::Logit, ind.multiplier),
        ValueType::Rate => (SiiScale::Log, 1.0),
        _ => (SiiScale::Normal, 1.0),
    }
}

fn core20(ind: &Indicator, basis: &'static str, groups: &[GroupValue]) -> Option<Core20> {
    let core_n = if basis == DECILE { 2 } else { 1 };
    let member = |g: &GroupValue| Some(Member { numerator: g.figure.numerator?, denominator: g.figure.denominator? });
    let core: Vec<Member> = groups.get(..core_n)?.iter().map(member).collect::<Option<_>>()?;
    let rest: Vec<Member> = groups.get(core_n..)?.iter().map(member).collect::<Option<_>>()?;
    let (core20, rest) = (sum_figure(ind, &core)?, sum_figure(ind, &rest)?);
    let (c, r) = (core20.value?, rest.value?);
    let (comparison_95, _, _) = compare_figure(ind, &core20, Some(r), Vec::new);
    Some(Core20 { basis, core20, rest, difference: Some(c - r), ratio: (r != 0.0).then(|| c / r), comparison_95 })
}

/// The SII alone (no simulation): for the gap over time.
fn sii_only(groups: &[GroupValue]) -> Option<f64> {
    slope_index(&as_groups(groups)).map(|s| s.sii)
}

pub(crate) fn slope(ind: &Indicator, basis: &'static str, groups: &[GroupValue]) -> Option<Slope> {
    let s = slope_index(&as_groups(groups))?;
    let (scale, unit) = sii_scale(ind);
    let scaled: Vec<Group> = groups
        .iter()
        .map(|x| Group {
            value: x.figure.value.unwrap_or(f64::NAN) / unit,
            population: x.figure.denominator.unwrap_or(f64::NAN),
            limits_95: x.figure.limits_or_computed(ind, Level::P95).map(|l| Limits { lower: l.lower / unit, upper: l.upper / unit }),
        })
        .collect();
    let l = slope_limits(&scaled, scale, 0.95, SII_DRAWS, SII_SEED);
    Some(Slope {
        basis,
        sii: s.sii,
        sii_lower_95: l.map(|l| l.sii.lower * unit),
        sii_upper_95: l.map(|l| l.sii.upper * unit),
        intercept: s.intercept,
        weighted_mean: s.weighted_mean,
        rii: s.rii,
        rii_lower_95: l.map(|l| l.rii.lower),
        rii_upper_95: l.map(|l| l.rii.upper),
        limits_method: match l {
            Some(_) => format!("simulation, {SII_DRAWS} draws, {} scale (phe_sii)", scale.name()),
            None => "none: a group has no 95% limits".to_string(),
        },
    })
}

fn gap_of(basis: &'static str, groups: &[GroupValue]) -> Option<GapFigure> {
    let g = gap(&as_groups(groups))?;
    Some(GapFigure {
        basis,
        most_deprived: groups.first()?.figure.value?,
        least_deprived: groups.last()?.figure.value?,
        absolute: g.absolute,
        relative: g.relative,
    })
}

/// The inequalities slice of `indicator` for `org` at the period labelled
/// `period` (latest when None or unknown); the gap over time covers period
/// starts in `from..=to`. `only` keeps one kind of breakdown. None when the
/// indicator is not loaded or the organisation unknown.
pub fn inequalities(
    ds: &Dataset,
    indicator: &str,
    org: &str,
    period: Option<&str>,
    from: Option<i32>,
    to: Option<i32>,
    only: Option<Breakdown>,
) -> Option<Inequalities> {
    let ind = ds.manifest().indicator(indicator)?;
    let o = ds.org_id(org)?;
    let p = period_or_latest(ds, indicator, period);
    let overall = p.and_then(|p| headline(ds, indicator, o, p)).unwrap_or_default();
    let wants = |b: Breakdown| only.is_none_or(|x| x == b);
    let dim = |kind: DimensionKind, quantiles: Option<u32>| dimension_for(ds, ind, kind, quantiles).map(|d| d.id.clone());
    let dimensions = SliceDimensions {
        ethnicity: dim(DimensionKind::Ethnicity, None),
        deprivation_deciles: dim(DimensionKind::Deprivation, Some(10)),
        deprivation_quintiles: dim(DimensionKind::Deprivation, Some(5)),
        sex: dim(DimensionKind::Sex, None),
        age: dim(DimensionKind::Age, None),
    };
    let get = |d: &Option<String>, b: Breakdown| match (p, d) {
        (Some(p), Some(d)) if wants(b) => dimension_groups(ds, ind, o, p, d, None, overall.value),
        _ => Vec::new(),
    };
    let mut out = InequalitySlice {
        overall,
        ethnicity: get(&dimensions.ethnicity, Breakdown::Ethnicity),
        deprivation_deciles: get(&dimensions.deprivation_deciles, Breakdown::Deprivation),
        deprivation_quintiles: get(&dimensions.deprivation_quintiles, Breakdown::Deprivation),
        sex: get(&dimensions.sex, Breakdown::Sex),
        age: get(&dimensions.age, Breakdown::Age),
        dimensions: dimensions.clone(),
        gap: None,
        core20: None,
        slope: None,
        gap_over_time: Vec::new(),
        nested: None,
        pyramid: None,
        crosstab: None,
        notes: Vec::new(),
    };
    let wrap = |slice| Inequalities {
        indicator: indicator.to_string(),
        org: ds.org_at(o).map(OrgRef::of).unwrap_or_else(|| OrgRef::code_only(org)),
        period: p.and_then(|p| ds.periods(indicator).get(p as usize)).map(|x| x.label.clone()),
        slice,
    };
    if !wants(Breakdown::Deprivation) {
        return Some(wrap(out));
    }
    match basis(&out.deprivation_deciles, &out.deprivation_quintiles) {
        Some((b, g)) => {
            out.gap = gap_of(b, g);
            out.slope = slope(ind, b, g);
            out.core20 = if ind.aggregatable { core20(ind, b, g) } else { None };
            if !ind.aggregatable {
                out.notes.push("Core20 is not recomputed: the indicator's values cannot be rebuilt from summed numerators and denominators".into());
            } else if out.core20.is_none() {
                out.notes.push("Core20 needs every deprivation group's numerator and denominator".into());
            }
        }
        None if out.deprivation_deciles.is_empty() && out.deprivation_quintiles.is_empty() => {
            out.notes.push("no deprivation breakdown for this organisation and period".into());
        }
        None => out.notes.push("the gap, SII and Core20 need a value and population for every decile (or every quintile)".into()),
    }
    for q in period_ids(ds, indicator, from, to) {
        let of = |d: &Option<String>| d.as_deref().map(|d| dimension_groups(ds, ind, o, q, d, None, None)).unwrap_or_default();
        let (dec, quin) = (of(&dimensions.deprivation_deciles), of(&dimensions.deprivation_quintiles));
        if let Some((b, g)) = basis(&dec, &quin) {
            let gp = gap_of(b, g);
            out.gap_over_time.push(GapPoint {
                period: ds.periods(indicator).get(q as usize).map(|x| x.label.clone()).unwrap_or_default(),
                absolute: gp.as_ref().map(|x| x.absolute),
                relative: gp.and_then(|x| x.relative),
                sii: sii_only(g),
            });
        }
    }
    Some(wrap(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::fixture;

    // P1 obesity 2023, deciles 1..10 = 30, 29, …, 21% with equal populations (1 000 each).
    // By hand: the fitted line through the midpoints x = 0.05 … 0.95 is exactly
    // y = 30.5 − 10x, so SII = −10 (least − most deprived); weighted mean 25.5; RII the
    // fitted ends' ratio 20.5 / 30.5 (phe_sii), with simulated limits around both (logit
    // scale, a proportion). Gap 21 − 30 = −9, ratio 0.7.
    // Core20: (300 + 290) / 2 000 = 29.5% against (280 + … + 210) / 8 000 = 1 960 / 8 000 = 24.5%.
    #[test]
    fn deprivation_figures_worked_by_hand() {
        let ds = fixture::dataset();
        let q = inequalities(&ds, "obesity", "P1", None, None, None, None).unwrap();
        assert_eq!(q.period.as_deref(), Some("2023"));
        assert_eq!(q.slice.deprivation_deciles.iter().map(|g| g.group.as_str()).collect::<Vec<_>>(), (1..=10).map(|d| d.to_string()).collect::<Vec<_>>());
        let s = q.slice.slope.as_ref().unwrap();
        assert_eq!(s.basis, "deprivation_decile");
        assert!((s.sii + 10.0).abs() < 1e-9 && (s.intercept - 30.5).abs() < 1e-9);
        assert!(s.sii_lower_95.unwrap() < -10.0 && -10.0 < s.sii_upper_95.unwrap());
        assert!((s.weighted_mean - 25.5).abs() < 1e-9 && (s.rii.unwrap() - 20.5 / 30.5).abs() < 1e-9);
        assert!(s.rii_lower_95.unwrap() < s.rii.unwrap() && s.rii.unwrap() < s.rii_upper_95.unwrap());
        assert_eq!(s.limits_method, "simulation, 100000 draws, logit scale (phe_sii)");
        let g = q.slice.gap.as_ref().unwrap();
        assert!((g.absolute + 9.0).abs() < 1e-9 && (g.relative.unwrap() - 0.7).abs() < 1e-9);
        let c = q.slice.core20.as_ref().unwrap();
        assert_eq!((c.core20.numerator, c.core20.denominator), (Some(590.0), Some(2000.0)));
        assert!((c.core20.value.unwrap() - 29.5).abs() < 1e-9 && (c.rest.value.unwrap() - 24.5).abs() < 1e-9);
        assert!((c.difference.unwrap() - 5.0).abs() < 1e-9);
        // Rest (24.5) lies below Core20's limits; lower is better, so Core20 is worse.
        assert_eq!(c.comparison_95, Compared::Worse);
        // Quintiles in order, and a group compared with P1 overall (25.5%).
        assert_eq!(q.slice.deprivation_quintiles.len(), 5);
        assert_eq!(q.slice.deprivation_quintiles[2].comparison_95, Compared::Similar, "quintile 3 = 25.5%");
    }

    // 2022 deciles 32.0, 30.8, …, 21.2 lie on y = 32.6 − 12x: SII −12, gap 21.2 − 32 = −10.8.
    #[test]
    fn the_gap_over_time_and_ethnic_groups() {
        let ds = fixture::dataset();
        let q = inequalities(&ds, "obesity", "P1", None, None, None, None).unwrap();
        let t: Vec<(&str, f64)> = q.slice.gap_over_time.iter().map(|g| (g.period.as_str(), g.sii.unwrap())).collect();
        assert_eq!(t.len(), 2);
        assert!(t[0].0 == "2022" && (t[0].1 + 12.0).abs() < 1e-9 && (q.slice.gap_over_time[0].absolute.unwrap() + 10.8).abs() < 1e-9);
        // Ethnic groups in the manifest's order; Asian 30% (300/1 000) is above P1's 25.5% → worse.
        let e: Vec<(&str, Compared)> = q.slice.ethnicity.iter().map(|g| (g.group.as_str(), g.comparison_95)).collect();
        assert_eq!(e[0], ("White", Compared::Similar));
        assert_eq!(e[1], ("Asian", Compared::Worse));
        assert_eq!(e.len(), 5);
    }

    #[test]
    fn no_breakdown_is_a_note_not_an_error() {
        let ds = fixture::dataset();
        let q = inequalities(&ds, "obesity", "P2", None, None, None, None).unwrap();
        assert!(q.slice.ethnicity.is_empty() && q.slice.slope.is_none() && q.slice.gap_over_time.is_empty());
        assert_eq!(q.slice.notes, vec!["no deprivation breakdown for this organisation and period"]);
        let only = inequalities(&ds, "obesity", "P1", None, None, None, Some(Breakdown::Ethnicity)).unwrap();
        assert!(only.slice.deprivation_deciles.is_empty() && only.slice.slope.is_none() && only.slice.ethnicity.len() == 5);
    }
}
