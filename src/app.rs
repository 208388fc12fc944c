//! The application shell: loads the bundle manifest, shows the header and the
//! page, and publishes the page's state on `<main id="app" data-state=…>`
//! (`loading`, `ready` or `error`) for tests and assistive technology.

use crate::components::header::Header;
use crate::data;
use crate::pages::trend::TrendPage;
use healthdash_core::bundle::Manifest;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

/// Where a page is in loading and drawing its view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Loading,
    Ready,
    Error,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Loading => "loading",
            Phase::Ready => "ready",
            Phase::Error => "error",
        }
    }
}

/// A visible error message with what failed.
#[component]
pub fn ErrorMessage(title: String, message: String) -> impl IntoView {
    view! {
        <div class="error-summary" role="alert" data-testid="error">
            <h2 class="error-summary__title">{title}</h2>
            <p>{message}</p>
        </div>
    }
}

#[component]
pub fn App() -> impl IntoView {
    let manifest_url = data::DEFAULT_MANIFEST.to_string();
    let (manifest, set_manifest) = signal(None::<Result<Arc<Manifest>, String>>);
    let (page_phase, set_page_phase) = signal(Phase::Loading);
    {
        let url = manifest_url.clone();
        spawn_local(async move {
            set_manifest.set(Some(data::fetch_manifest(&url).await.map(Arc::new)));
        });
    }
    let phase = move || match manifest.get() {
        Some(Err(_)) => Phase::Error,
        None => Phase::Loading,
        Some(Ok(_)) => page_phase.get(),
    };
    let on_phase = Callback::new(move |p: Phase| set_page_phase.set(p));
    view! {
        <main id="app" data-state=move || phase().as_str() aria-busy=move || (phase() == Phase::Loading).to_string()>
            {move || match manifest.get() {
                None => view! { <p class="loading" role="status">"Loading the indicator bundle…"</p> }.into_any(),
                Some(Err(message)) => view! {
                    <ErrorMessage title="The indicator bundle could not be loaded".into() message=message />
                }.into_any(),
                Some(Ok(m)) => view! {
                    <Header title=m.title.clone() publisher=m.publisher.clone() demonstration=m.demonstration />
                    <div class="page">
                        <TrendPage manifest=m.clone() manifest_url=manifest_url.clone() on_phase=on_phase />
                    </div>
                    <footer class="site-footer">
                        <p data-testid="attribution">{m.attribution.clone()}</p>
                        <p>{format!("Licence: {}. Published {}.", m.licence, m.published)}</p>
                    </footer>
                }.into_any(),
            }}
        </main>
    }
}
