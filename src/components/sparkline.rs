//! A small inline SVG trend line; the path comes from the core.

use healthdash_core::chart::sparkline_path;
use leptos::prelude::*;

#[component]
pub fn Sparkline(values: Vec<Option<f64>>, label: String) -> impl IntoView {
    let path = sparkline_path(&values, 96.0, 24.0);
    match path {
        Some(d) => view! {
            <svg class="sparkline" viewBox="0 0 96 24" width="96" height="24" role="img" aria-label=label>
                <path d=d fill="none" stroke="currentColor" stroke-width="1.5" />
            </svg>
        }
        .into_any(),
        None => view! { <span class="muted">"–"</span> }.into_any(),
    }
}
