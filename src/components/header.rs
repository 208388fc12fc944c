//! The NHS-style page header: which bundle is open (its title and publisher),
//! a way back to the site's list of dashboards, and a plain statement when the
//! data is synthetic demonstration data.

use leptos::prelude::*;

#[component]
pub fn Header(title: String, publisher: String, demonstration: bool) -> impl IntoView {
    view! {
        <header class="site-header">
            <div class="site-header__inner">
                <span class="site-header__logo" aria-hidden="true">"healthdash"</span>
                <div class="site-header__bundle">
                    <h1 class="site-header__title" data-testid="bundle-title">{title}</h1>
                    <p class="site-header__publisher">"Published by " {publisher}</p>
                </div>
                <a class="site-header__home" href=crate::state::href("") data-testid="all-dashboards">"All dashboards"</a>
            </div>
            {demonstration.then(|| view! {
                <p class="demo-banner" role="note" data-testid="demo-banner">
                    <strong>"Demonstration data. "</strong>
                    "These values are synthetic, generated to show how healthdash works. They are not real performance figures."
                </p>
            })}
        </header>
    }
}
