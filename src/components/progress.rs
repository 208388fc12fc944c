//! A download progress indicator for the files of a view: a labelled
//! `<progress>` with the file count and bytes loaded (sizes worded by the
//! core's `display`). The same indicator serves the full page and embeds.

use crate::session::FilesProgress;
use healthdash_core::view::display;
use leptos::prelude::*;

#[component]
pub fn DownloadProgress(progress: FilesProgress) -> impl IntoView {
    let what = format!("indicator data (file {} of {})", (progress.done + 1).min(progress.total), progress.total);
    let loaded = display::bytes(progress.bytes.loaded);
    let text = match progress.bytes.total {
        Some(t) => format!("{loaded} of {}", display::bytes(t)),
        None => loaded,
    };
    let max = progress.bytes.total.unwrap_or(0).max(1) as f64;
    view! {
        <div class="loading" role="status" data-testid="progress">
            <label>
                {format!("Loading {what}: ")}
                <span>{text}</span>
                <progress max=max value=progress.bytes.loaded as f64></progress>
            </label>
        </div>
    }
}
