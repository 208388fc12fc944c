//! The indicator's definition: what it measures, how, where from, which
//! direction is better and when it was last updated.

use healthdash_core::bundle::Indicator;
use healthdash_core::view::display;
use leptos::prelude::*;

#[component]
pub fn Definition(indicator: Indicator) -> impl IntoView {
    view! {
        <details class="definition" data-testid="definition">
            <summary>{format!("Definition and source: {}", indicator.name)}</summary>
            <dl>
                <dt>"Definition"</dt><dd>{indicator.definition.clone()}</dd>
                <dt>"Polarity"</dt><dd>{display::polarity(indicator.polarity)}</dd>
                <dt>"Method"</dt><dd>{indicator.method.clone()}</dd>
                <dt>"Source"</dt><dd>{indicator.source.clone()}</dd>
                <dt>"Updated"</dt><dd>{indicator.updated.clone()}</dd>
            </dl>
        </details>
    }
}
