//! The landing page, at the site's bare address: the bundles this host
//! publishes (its `catalogue.json`), one card each with what a reader needs to
//! choose — title, what it is about, who published it, which organisation
//! levels and periods it covers, its size, its licence, and whether its
//! values are real or demonstration data. Each card opens its bundle
//! (`data=` its manifest) on the bundle's home view.

use crate::session::Session;
use crate::state;
use healthdash_core::bundle::CatalogueEntry;
use healthdash_core::view::{bundle_link, display};
use leptos::prelude::*;
use std::sync::Arc;

/// The site header of the landing page (no bundle is open yet).
#[component]
fn SiteHeader() -> impl IntoView {
    view! {
        <header class="site-header">
            <div class="site-header__inner">
                <span class="site-header__logo" aria-hidden="true">"healthdash"</span>
                <div>
                    <h1 class="site-header__title" data-testid="site-title">"Health and care indicator dashboards"</h1>
                    <p class="site-header__publisher">"Choose a dashboard to open. Every figure is computed in your browser from the published data."</p>
                </div>
            </div>
        </header>
    }
}

#[component]
fn Card(entry: CatalogueEntry) -> impl IntoView {
    let session = expect_context::<Session>();
    let query = bundle_link(&entry.manifest);
    let href = state::href(&query);
    let periods = display::period_range(entry.first_period.as_deref(), entry.last_period.as_deref());
    let counts =
        format!("{}, {}", display::count(entry.indicators, "indicator", "indicators"), display::count(entry.organisations, "organisation", "organisations"));
    let (tag, tag_class) = if entry.demonstration { ("Demonstration data", "tag tag--demo") } else { ("Real published data", "tag tag--real") };
    let title = entry.title.clone();
    view! {
        <li class="catalogue-card" data-testid="catalogue-entry" data-manifest=entry.manifest.clone()>
            <h3 class="catalogue-card__title">
                <a href=href on:click=move |ev| {
                    if ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.button() != 0 { return; }
                    ev.prevent_default();
                    session.open(&query);
                }>{title}</a>
            </h3>
            <p class=tag_class>{tag}</p>
            {(!entry.description.is_empty()).then(|| view! { <p class="catalogue-card__description">{entry.description.clone()}</p> })}
            <dl class="catalogue-card__facts">
                <dt>"Published by"</dt><dd>{entry.publisher.clone()}</dd>
                <dt>"Levels"</dt><dd>{if entry.levels.is_empty() { "not stated".to_string() } else { entry.levels.join(", ") }}</dd>
                <dt>"Periods"</dt><dd>{periods}</dd>
                <dt>"Contents"</dt><dd>{counts}</dd>
                <dt>"Size"</dt><dd>{display::bytes(entry.bytes)}</dd>
                <dt>"Licence"</dt><dd>{entry.licence.clone()}</dd>
                {(!entry.published.is_empty()).then(|| view! { <dt>"Released"</dt><dd>{entry.published.clone()}</dd> })}
            </dl>
        </li>
    }
}

/// The catalogue as cards.
#[component]
pub fn LandingPage(entries: Arc<Vec<CatalogueEntry>>) -> impl IntoView {
    let n = entries.len();
    view! {
        <SiteHeader />
        <div class="page landing">
            <h2 class="landing__heading" id="view-heading" data-testid="view-heading">
                {display::count(n, "dashboard", "dashboards")}
            </h2>
            {(n == 0).then(|| view! {
                <p>"This site's catalogue lists no dashboards. "<a href=state::href(&bundle_link(crate::data::DEFAULT_MANIFEST))>"Open the default bundle"</a>"."</p>
            })}
            <ul class="catalogue" data-testid="catalogue">
                {entries.iter().cloned().map(|entry| view! { <Card entry=entry /> }).collect_view()}
            </ul>
        </div>
        <footer class="site-footer">
            <p>"Each dashboard names its source and licence. Open data is published under the Open Government Licence v3.0 unless stated."</p>
        </footer>
    }
}
