//! The inequalities view: the indicator for each ethnic group and deprivation
//! decile with limits, Core20 against the rest, the slope and relative
//! indices of inequality, and the gap over time; with the slicing control,
//! one dimension's groups within another's categories, the population
//! pyramid, or the ethnicity × deprivation cross-tab (heat-map table) with
//! each ethnic group's slope and relative index across deprivation.

use super::Charts;
use crate::session::Shown;
use healthdash_core::query::InequalitySlice;
use healthdash_core::view::display;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn InequalitiesPage(shown: Arc<Shown>, slice: InequalitySlice) -> impl IntoView {
    let ind = shown.result.indicator.clone();
    let v = move |x: Option<f64>| ind.as_ref().map(|i| display::value_with_unit(x, i)).unwrap_or_default();
    let vv = v.clone();
    let cross = slice.crosstab.clone();
    // The charts first (the first screen shows them), then the figures and
    // notes. The slicing control leads while a slice is shown (it is what the
    // user is working with), else it follows the charts, folded.
    let st = shown.state.clone();
    let slicing_first = st.slice.is_some() || st.within.is_some() || Some(st.layout) != healthdash_core::view::Layout::spec_default();
    let control = move || view! { <crate::components::slicing::Slicing state=st.clone() /> };
    let before = slicing_first.then(control.clone());
    let after = (!slicing_first).then(control);
    view! {
        {before}
        <Charts shown=shown.clone() />
        {after}
        {cross.map(|x| view! {
            <h3>{display::crosstab_slopes_heading(&x)}</h3>
            <dl class="summary-list" data-testid="crosstab-slopes">
                {x.rows.iter().map(|r| view! {
                    <div><dt>{r.group.clone()}</dt><dd>{display::slope_words(r.slope.as_ref())}</dd></div>
                }).collect_view()}
            </dl>
        })}
        <dl class="summary-list" data-testid="inequality-summary">
            <div><dt>"Whole population"</dt><dd>{v(slice.overall.value)}</dd></div>
            {slice.gap.clone().map(|g| view! {
                <div><dt>"Gap, most against least deprived"</dt><dd>{format!("{} absolute{}", display::number(Some(g.absolute), 1), g.relative.map(|r| format!(", ratio {}", display::number(Some(r), 2))).unwrap_or_default())}</dd></div>
            })}
            {slice.core20.clone().map(|c| view! {
                <div><dt>"Core20 (most deprived 20%) against the rest"</dt><dd>{format!("{} against {}", vv(c.core20.value), vv(c.rest.value))}" "<crate::components::badge::Badge compared=c.comparison_95 /></dd></div>
            })}
            {slice.slope.clone().map(|s| view! {
                <div><dt>"Slope index of inequality (SII)"</dt><dd data-testid="sii">{format!("{} (95% CI {} to {})", display::number(Some(s.sii), 2), display::number(s.sii_lower_95, 2), display::number(s.sii_upper_95, 2))}</dd></div>
                {s.rii.map(|r| view! {
                    <div><dt>"Relative index of inequality (RII)"</dt><dd>{format!("{} (95% CI {} to {})", display::number(Some(r), 2), display::number(s.rii_lower_95, 2), display::number(s.rii_upper_95, 2))}</dd></div>
                })}
            })}
        </dl>
        {(!slice.notes.is_empty()).then(|| view! {
            <ul class="notes">{slice.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
        })}
    }
}
