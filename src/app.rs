//! The application shell: follows the link (`state`), loads what it names
//! (`session`), and lays out the page — header, view navigation, controls,
//! notices, the view, the toolbar and the footer — or, with `embed=1`, only
//! the view's chart or table with its source and a link to the full view.
//!
//! `<main id="app" data-state=…>` says where the page is (`loading`, `ready`
//! or `error`) for tests and assistive technology; `ready` means every chart
//! of the view has been drawn.

use crate::components::controls::Controls;
use crate::components::header::Header;
use crate::components::nav::ViewNav;
use crate::components::progress::DownloadProgress;
use crate::data;
use crate::pages::LandingPage;
use crate::session::{BundleState, Landing, Session, Shown, ViewLoad, VIEW_FAILED};
use crate::split;
use crate::state;
use healthdash_core::view::{bundle_link, parse_query};
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

/// A visible error message with what failed, and optionally a way on.
#[component]
pub fn ErrorMessage(title: String, message: String, #[prop(optional)] children: Option<Children>) -> impl IntoView {
    view! {
        <div class="error-summary" role="alert" data-testid="error">
            <h2 class="error-summary__title">{title}</h2>
            <p class="error-summary__message">{message}</p>
            {children.map(|c| c())}
        </div>
    }
}

/// A button that loads the current link again.
#[component]
pub fn RetryButton() -> impl IntoView {
    let session = expect_context::<Session>();
    view! { <button type="button" class="button" data-testid="retry" on:click=move |_| session.retry()>"Try again"</button> }
}

#[component]
pub fn App() -> impl IntoView {
    let session = Session::new();
    provide_context(session);
    Effect::new(move |_| {
        let q = session.query.get();
        spawn_local(session.load(q));
    });
    // Back or Forward is the user's choice too: the map's periods stop playing.
    state::on_back_forward(move |q| {
        session.playing.set(false);
        session.query.set(q);
    });

    let phase = move || match session.landing.get() {
        Landing::Shown(_) => Phase::Ready,
        Landing::Failed(_) => Phase::Error,
        Landing::Loading => Phase::Loading,
        Landing::Off => match (session.bundle.get(), session.view.get()) {
            (BundleState::Failed { .. }, _) | (_, ViewLoad::Failed { .. }) => Phase::Error,
            (BundleState::Ready(_), ViewLoad::Shown(s)) if session.drawn.get() >= s.charts.len() => Phase::Ready,
            _ => Phase::Loading,
        },
    };
    // Memos, so the layout is rebuilt only when the landing page comes or goes
    // or embedding is switched, not on every view.
    let bundle_shown = Memo::new(move |_| matches!(session.landing.get(), Landing::Off));
    let embed = Memo::new(move |_| match session.view.get() {
        ViewLoad::Shown(s) => s.state.embed,
        _ => session.query.with(|q| parse_query(q).embed),
    });

    view! {
        <main id="app" class:embed=move || embed.get() data-state=move || phase().as_str() aria-busy=move || (phase() == Phase::Loading).to_string()>
            {move || match session.landing.get() {
                Landing::Shown(entries) => view! { <LandingPage entries=entries /> }.into_any(),
                Landing::Loading => view! {
                    <p class="loading" role="status" data-testid="progress">"Loading the list of dashboards…"</p>
                }.into_any(),
                Landing::Failed(message) => view! {
                    <ErrorMessage title="The list of dashboards could not be loaded".into() message=message>
                        <p class="button-row">
                            <RetryButton />
                            <a class="button button--secondary" href=state::href(&bundle_link(data::DEFAULT_MANIFEST)) data-testid="default-bundle">"Open the default bundle"</a>
                        </p>
                    </ErrorMessage>
                }.into_any(),
                Landing::Off => ().into_any(),
            }}
            {move || bundle_shown.get().then(|| match session.bundle.get() {
                BundleState::Loading { url } => view! {
                    <p class="loading" role="status" data-testid="progress">{format!("Loading the indicator bundle {url}…")}</p>
                }.into_any(),
                BundleState::Failed { url, message } => {
                    let other = url != data::DEFAULT_MANIFEST;
                    view! {
                        <ErrorMessage title="The indicator bundle could not be loaded".into() message=message>
                            <p class="button-row">
                                <RetryButton />
                                {other.then(|| view! {
                                    <a class="button button--secondary" href=state::href(&bundle_link(data::DEFAULT_MANIFEST)) data-testid="default-bundle">"Open the default bundle"</a>
                                })}
                            </p>
                        </ErrorMessage>
                    }.into_any()
                }
                BundleState::Ready(m) => {
                    if embed.get() {
                        view! { <EmbedLayout /> }.into_any()
                    } else {
                        view! {
                            <Header title=m.title.clone() publisher=m.publisher.clone() demonstration=m.demonstration />
                            <div class="page">
                                <ViewNav />
                                <Controls manifest=m.clone() />
                                <ViewArea />
                            </div>
                            <footer class="site-footer">
                                <p data-testid="attribution">{m.attribution.clone()}</p>
                                <p>{format!("Licence: {}. Published {}.", m.licence, m.published)}</p>
                            </footer>
                        }.into_any()
                    }
                }
            })}
        </main>
    }
}

/// A shown view's page (its notices, the view and its toolbar; in an embed,
/// the embedded view), built by the **pages** module (`split`), which the
/// session has waited for before showing the view.
fn view_page(shown: Arc<Shown>, embed: bool) -> AnyView {
    split::now(split::view_page(shown, embed)).unwrap_or_else(|e| view! { <ErrorMessage title=VIEW_FAILED.into() message=e.to_string() /> }.into_any())
}

/// The view with its notices, loading progress or error.
#[component]
fn ViewArea() -> impl IntoView {
    let session = expect_context::<Session>();
    view! {
        {move || match session.view.get() {
            ViewLoad::Waiting => ().into_any(),
            ViewLoad::Loading(p) => view! { <DownloadProgress progress=p /> }.into_any(),
            ViewLoad::Failed { title, message } => view! {
                <ErrorMessage title=title message=message><p><RetryButton /></p></ErrorMessage>
            }.into_any(),
            // The toolbar (share, download, embed) follows the view, so the
            // view's heading and first chart start the first screen.
            ViewLoad::Shown(shown) => view_page(shown, false),
        }}
    }
}

/// `embed=1`: the view's chart or table, its source, and a link to the full view.
#[component]
fn EmbedLayout() -> impl IntoView {
    let session = expect_context::<Session>();
    view! {
        {move || match session.view.get() {
            ViewLoad::Waiting => ().into_any(),
            ViewLoad::Loading(p) => view! { <DownloadProgress progress=p /> }.into_any(),
            ViewLoad::Failed { title, message } => view! { <ErrorMessage title=title message=message /> }.into_any(),
            ViewLoad::Shown(shown) => view_page(shown, true),
        }}
    }
}
