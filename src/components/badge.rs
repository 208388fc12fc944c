//! A comparison shown with a word and a shape as well as a colour, so it
//! reads without colour vision (WCAG 2.2 SC 1.4.1).

use healthdash_core::query::Compared;
use healthdash_core::view::display;
use leptos::prelude::*;

#[component]
pub fn Badge(compared: Compared, #[prop(optional)] short: bool) -> impl IntoView {
    let b = display::compared(compared);
    view! {
        <span class=format!("badge {}", b.class) data-compared=compared.id()>
            <span aria-hidden="true">{b.symbol}</span>
            {(!short).then(|| view! { " " {b.word} })}
            {short.then(|| view! { <span class="visually-hidden">{b.word}</span> })}
        </span>
    }
}
