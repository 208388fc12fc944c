//! The inequalities view: `query::inequalities` for the selected organisation,
//! indicator and period, with the gap over time limited to the `time` range
//! and the groups to the chosen `breakdown` (ethnicity and deprivation and
//! every other breakdown when none is chosen).

use super::Ctx;
use crate::bundle::Indicator;
use crate::query::{inequalities as slice, InequalitySlice};

pub(super) fn inequalities(c: &Ctx, ind: &Indicator) -> Option<InequalitySlice> {
    let period = c.period_of(&ind.id).and_then(|p| c.period(&ind.id, p)).map(|p| p.label.clone());
    slice(c.ds, &ind.id, c.ds.org_code(c.org), period.as_deref(), c.from, c.to, c.s.breakdown).map(|q| q.slice)
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
        let Figures::Inequalities(q) = run("view=inequalities&org=P1&ind=obesity&period=2022").figures else { panic!() };
        assert!(q.ethnicity.is_empty(), "no ethnic groups in 2022");
        assert!((q.slope.unwrap().sii + 12.0).abs() < 1e-9);
    }
}
