//! The trend view: the indicator over time for the organisation as an XmR
//! chart (Making Data Count), with the verdicts the core drew from it.

use super::Charts;
use crate::session::Shown;
use healthdash_core::view::compute::TrendView;
use healthdash_core::view::display;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn TrendPage(shown: Arc<Shown>, trend: TrendView) -> impl IntoView {
    let spc = trend.trend.spc.clone();
    let recent = trend.trend.recent;
    let ind = shown.result.indicator.clone();
    // The chart first (the first screen shows it), then what the core read from it.
    view! {
        <Charts shown=shown.clone() />
        <dl class="summary-list" data-testid="trend-summary">
            {spc.map(|s| view! {
                <div><dt>"Variation"</dt><dd data-testid="variation">{display::verdict(s.variation)}</dd></div>
                <div><dt>"Mean"</dt><dd>{ind.as_ref().map(|i| display::value_with_unit(Some(s.mean), i)).unwrap_or_default()}</dd></div>
                <div><dt>"Process limits"</dt><dd>{ind.as_ref().map(|i| display::interval(Some(s.lower), Some(s.upper), i)).unwrap_or_default()}</dd></div>
                <div><dt>"Limits from"</dt><dd data-testid="moving-ranges">{display::moving_ranges(s.moving_ranges, s.excluded_ranges)}</dd></div>
                {s.assurance.map(|a| view! { <div><dt>"Assurance"</dt><dd>{display::verdict(a)}</dd></div> })}
            })}
            {recent.map(|r| view! {
                <div><dt>"Recent trend (last 5 points)"</dt><dd>{format!("{} (p = {})", r.marker.words(), display::number(Some(r.p_value), 3))}</dd></div>
            })}
            {trend.benchmark.comparator.clone().map(|c| {
                let basis = display::comparator_basis(trend.benchmark.basis, trend.benchmark.member_type.as_deref()).map(|b| format!(" ({b})")).unwrap_or_default();
                view! { <div><dt>"Compared with"</dt><dd data-testid="comparator">{format!("{c}{basis}")}</dd></div> }
            })}
        </dl>
    }
}
