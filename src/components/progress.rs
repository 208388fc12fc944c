//! A download progress indicator: a labelled `<progress>` with bytes loaded.

use crate::data::Progress;
use leptos::prelude::*;

fn kilobytes(bytes: u64) -> String {
    format!("{:.0} KB", bytes as f64 / 1024.0)
}

#[component]
pub fn DownloadProgress(what: String, progress: Signal<Progress>) -> impl IntoView {
    let text = move || {
        let p = progress.get();
        match p.total {
            Some(t) => format!("{} of {}", kilobytes(p.loaded), kilobytes(t)),
            None => kilobytes(p.loaded),
        }
    };
    view! {
        <div class="loading" role="status" data-testid="progress">
            <label>
                {format!("Loading {what}: ")}
                <span>{text}</span>
                <progress
                    max=move || progress.get().total.unwrap_or(0).max(1) as f64
                    value=move || progress.get().loaded as f64
                ></progress>
            </label>
        </div>
    }
}
