//! The compare view: every organisation of a level for one indicator —
//! ranked with confidence intervals, as a funnel plot, and by peer cluster.

use super::Charts;
use crate::session::Shown;
use healthdash_core::view::compute::CompareView;
use healthdash_core::view::display;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn ComparePage(shown: Arc<Shown>, compare: CompareView) -> impl IntoView {
    let ind = shown.result.indicator.clone();
    let v = {
        let ind = ind.clone();
        move |x: Option<f64>| ind.as_ref().map(|i| display::value_with_unit(x, i)).unwrap_or_default()
    };
    let figure = move |f: &healthdash_core::query::Figure| ind.as_ref().map(|i| display::figure_value(f, i)).unwrap_or_default();
    let selected = compare.orgs.iter().find(|r| r.selected).cloned();
    let england_basis = display::comparator_basis(compare.england_basis, compare.england_member_type.as_deref()).map(|b| format!(" ({b})")).unwrap_or_default();
    // The charts first (the first screen shows the ranking), then the figures.
    view! {
        <Charts shown=shown.clone() />
        <dl class="summary-list" data-testid="compare-summary">
            <div><dt>"Organisations"</dt><dd>{format!("{} {}", compare.orgs.len(), compare.level_name)}</dd></div>
            <div><dt>"England"</dt><dd>{format!("{}{}", v(compare.england), england_basis)}</dd></div>
            <div><dt>"Peer median"</dt><dd>{v(compare.peer_median)}</dd></div>
            {selected.map(|r| view! {
                <div><dt>{r.org.name.clone()}</dt><dd>{format!("{} (rank {} of {})", figure(&r.figure), display::number(r.rank.map(|x| x as f64), 0), compare.orgs.len())}</dd></div>
            })}
        </dl>
    }
}
