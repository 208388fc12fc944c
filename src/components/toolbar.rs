//! What a user can do with any view: copy its link (Share), download exactly
//! what is shown as CSV, download its recipe, print it, and copy an
//! `<iframe>` snippet to embed it elsewhere. The CSV comes from the core
//! (`csv_with_recipe`: the recipe block, then `view_csv`'s table), so
//! `healthdash query --recipe` on the downloaded recipe gives it byte for
//! byte, and its table is `healthdash query --csv`'s.

use crate::browser;
use crate::session::Shown;
use crate::state;
use healthdash_core::view::{csv_with_recipe, display, recipe_json, View};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

#[component]
pub fn Toolbar(shown: Arc<Shown>) -> impl IntoView {
    let (status, set_status) = signal(String::new());
    let link = state::absolute(&shown.result.query);
    let mut embedded = shown.state.clone();
    embedded.embed = true;
    let embed_link = state::absolute(&embedded.to_query());
    let snippet = format!(
        "<iframe src=\"{embed_link}\" title=\"{}\" width=\"100%\" height=\"480\" style=\"border:0\" loading=\"lazy\"></iframe>",
        display::view_name(shown.state.view)
    );
    let share_link = link.clone();
    let share = move |_| {
        let link = share_link.clone();
        spawn_local(async move {
            set_status.set(match browser::copy(&link).await {
                Ok(()) => "Link copied. Anyone who opens it sees this view.".into(),
                Err(e) => format!("Copy this link to share the view ({e}): {link}"),
            });
        });
    };
    let csv_shown = shown.clone();
    let csv = move |_| {
        let name = format!("{}.csv", display::file_stem(&csv_shown.result, None));
        if let Err(e) = browser::save_text(&name, &csv_with_recipe(&csv_shown.result, &csv_shown.recipe), "text/csv;charset=utf-8") {
            set_status.set(format!("The CSV could not be saved: {e}"));
        }
    };
    let recipe_shown = shown.clone();
    let recipe = move |_| {
        let name = format!("{}-recipe.json", display::file_stem(&recipe_shown.result, None));
        if let Err(e) = browser::save_text(&name, &recipe_json(&recipe_shown.recipe), "application/json") {
            set_status.set(format!("The recipe could not be saved: {e}"));
        }
    };
    let is_report = shown.state.view == View::Report;
    view! {
        <div class="toolbar" data-testid="toolbar">
            <button type="button" class="button button--secondary" data-testid="share" data-link=link on:click=share>"Share this view"</button>
            <button type="button" class="button button--secondary" data-testid="csv" on:click=csv>"Download CSV"</button>
            <button type="button" class="button button--secondary" data-testid="recipe" on:click=recipe
                title="Bundle, release, view and healthdash version: healthdash query --recipe makes the CSV again">"Download recipe"</button>
            {is_report.then(|| view! {
                <button type="button" class="button button--secondary" data-testid="print" on:click=move |_| browser::print()>"Print report"</button>
            })}
            <details class="embed-snippet">
                <summary>"Embed this view"</summary>
                <label for="embed-code">"Paste this into a web page:"</label>
                <textarea id="embed-code" readonly rows="3" data-testid="embed-code">{snippet}</textarea>
            </details>
            <p class="toolbar__status" role="status" aria-live="polite" data-testid="toolbar-status">{move || status.get()}</p>
        </div>
    }
}
