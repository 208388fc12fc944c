//! A download progress indicator: a labelled `<progress>` with bytes loaded.
//! The text comes formatted from the caller (via the core's `display`).

use leptos::prelude::*;

#[component]
pub fn DownloadProgress(what: String, loaded: String, total: Option<String>, value: f64, max: f64) -> impl IntoView {
    let text = match total {
        Some(t) => format!("{loaded} of {t}"),
        None => loaded,
    };
    view! {
        <div class="loading" role="status" data-testid="progress">
            <label>
                {format!("Loading {what}: ")}
                <span>{text}</span>
                <progress max=max value=value></progress>
            </label>
        </div>
    }
}
