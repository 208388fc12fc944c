//! The inequalities view: `query::inequalities` for the selected organisation,
//! indicator and period, with the gap over time limited to the `time` range
//! and the groups to the chosen `breakdown` (ethnicity and deprivation and
//! every other breakdown when none is chosen); then, as the link asks, one
//! dimension's groups on their own or within another's categories (`slice`,
//! `within`: `query::nested`), the population pyramid (`layout=pyramid`) or
//! the cross-tab (`layout=crosstab`).

use super::Ctx;
use crate::bundle::{DimensionKind, Indicator};
use crate::params::Layout;
use crate::query::{crosstab, dimension_for, inequalities as slice, nested, period_or_latest, pyramid, InequalitySlice};

pub(super) fn inequalities(c: &Ctx, ind: &Indicator) -> Option<InequalitySlice> {
    let period = c.period_of(&ind.id).and_then(|p| c.period(&ind.id, p)).map(|p| p.label.clone());
    let mut q = slice(c.ds, &ind.id, c.ds.org_code(c.org), period.as_deref(), c.from, c.to, c.s.breakdown).map(|q| q.slice)?;
    let Some(p) = period_or_latest(c.ds, &ind.id, period.as_deref()) else {
        return Some(q);
    };
    let within = c.s.within.as_ref().map(|w| (w.dimension.as_str(), w.category.as_deref()));
    match c.s.layout {
        Layout::Pyramid => {
            q.pyramid = pyramid(c.ds, ind, c.org, p);
            if q.pyramid.is_none() {
                q.notes.push("no values by sex and age band for this organisation and period, so no pyramid".into());
            }
        }
        Layout::Crosstab => {
            q.crosstab = crosstab(c.ds, ind, c.org, p, c.s.slice.as_deref(), within.map(|(d, _)| d), &q.overall);
            if q.crosstab.is_none() {
                q.notes.push("no values cut by two dimensions at once (ethnic group × deprivation) for this organisation and period, so no cross-tab".into());
            }
        }
        Layout::Bars => {
            let dim = c.s.slice.clone().or_else(|| within.and_then(|_| dimension_for(c.ds, ind, DimensionKind::Ethnicity, None).map(|d| d.id.clone())));
            if let Some(dim) = dim {
                let n = nested(c.ds, ind, c.org, p, &dim, within, &q.overall);
                if n.panels.is_empty() {
                    let within_words = n.within_name.as_deref().map(|w| format!(" within {w}")).unwrap_or_default();
                    q.notes.push(format!("no values by {}{within_words} for this organisation and period", n.dimension_name));
                }
                q.nested = Some(n);
            }
        }
    }
    Some(q)
}

#[cfg(test)]
mod tests {
    use super::super::tests::run;
    use super::super::Figures;

    #[test]
    fn the_view_carries_the_slice_and_honours_the_range() {
        let Figures::Inequalities(q) = run("view=inequalities&org=P1&ind=obesity&time=2023..").figures else { panic!() };
        assert_eq!(q.gap_over_time.len(), 1, "only 2023 is in the range");
        assert!((q.slope.unwrap().sii + 10.0).abs() < 1e-9);
        assert!(q.nested.is_none() && q.pyramid.is_none() && q.crosstab.is_none(), "only what the link asks for");
        let Figures::Inequalities(q) = run("view=inequalities&org=P1&ind=obesity&period=2022").figures else { panic!() };
        assert!(q.ethnicity.is_empty(), "no ethnic groups in 2022");
        assert!((q.slope.unwrap().sii + 12.0).abs() < 1e-9);
    }

    #[test]
    fn nested_slices_pyramid_and_crosstab_follow_the_link() {
        let Figures::Inequalities(q) = run("view=inequalities&org=P1&ind=obesity&slice=ethnicity&within=deprivation_quintile:1").figures else { panic!() };
        let n = q.nested.unwrap();
        assert_eq!((n.panels.len(), n.panels[0].groups.len()), (1, 2));
        // within alone: ethnic groups (the default slice) in each quintile.
        let Figures::Inequalities(q) = run("view=inequalities&org=P1&ind=obesity&within=deprivation_quintile").figures else { panic!() };
        assert_eq!(q.nested.unwrap().panels.len(), 5);
        let Figures::Inequalities(q) = run("view=inequalities&org=P1&ind=obesity&layout=pyramid").figures else { panic!() };
        assert_eq!(q.pyramid.unwrap().rows.len(), 3);
        let Figures::Inequalities(q) = run("view=inequalities&org=P1&ind=obesity&layout=crosstab").figures else { panic!() };
        assert_eq!(q.crosstab.unwrap().rows.len(), 2);
        let Figures::Inequalities(q) = run("view=inequalities&org=P2&ind=obesity&layout=crosstab").figures else { panic!() };
        assert!(q.crosstab.is_none() && q.notes.iter().any(|n| n.contains("no cross-tab")), "{:?}", q.notes);
        let Figures::Inequalities(q) = run("view=inequalities&org=P2&ind=obesity&layout=pyramid").figures else { panic!() };
        assert!(q.notes.iter().any(|n| n.contains("no pyramid")));
    }
}
