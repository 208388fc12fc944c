//! A core `Table` as an HTML table: the data behind every view (what the CSV
//! download holds), readable without the charts and by screen readers.

use healthdash_core::view::{display, Table};
use leptos::prelude::*;

/// Rows drawn at first, and added per "Show more": enough to read, few enough
/// that a breakdown table of thousands of rows does not stall the page (the
/// CSV download always has every row).
const PAGE_ROWS: usize = 100;

#[component]
pub fn DataTable(table: Table, caption: String) -> impl IntoView {
    let label = caption.clone();
    let total = table.rows.len();
    let (shown, set_shown) = signal(PAGE_ROWS.min(total));
    let columns = table.columns.clone();
    let rows = StoredValue::new(table.rows);
    let body = move || {
        rows.with_value(|rows| {
            rows.iter()
                .take(shown.get())
                .map(|row| {
                    view! {
                        <tr>{row.iter().map(|c| view! {
                            <td class:num=display::is_number(c)>{display::cell(c)}</td>
                        }).collect_view()}</tr>
                    }
                })
                .collect_view()
        })
    };
    let status = move || format!("Showing {} of {} rows.", display::number(Some(shown.get() as f64), 0), display::number(Some(total as f64), 0));
    let more = move || (total - shown.get()).min(PAGE_ROWS);
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=label>
            <table class="data-table" data-testid="data-table">
                <caption>{caption}</caption>
                <thead>
                    <tr>{columns.iter().map(|c| view! { <th scope="col">{display::column(c)}</th> }).collect_view()}</tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
        <Show when=move || { total > PAGE_ROWS }>
            <div class="table-more" data-testid="table-more">
                <p class="muted" role="status">{status}</p>
                <Show when=move || { shown.get() < total }>
                    <button type="button" class="button button--secondary" on:click=move |_| set_shown.update(|n| *n = (*n + PAGE_ROWS).min(total))>
                        {move || format!("Show {} more", more())}
                    </button>
                    <button type="button" class="button button--secondary" on:click=move |_| set_shown.set(total)>
                        {format!("Show all {} rows", display::number(Some(total as f64), 0))}
                    </button>
                </Show>
            </div>
        </Show>
    }
}

/// The data table in a disclosure, with its row count.
#[component]
pub fn DataDetails(table: Table, caption: String) -> impl IntoView {
    let summary = format!("Show the data behind this view ({} rows)", table.rows.len());
    view! {
        <details class="data-details" data-testid="data-details">
            <summary>{summary}</summary>
            <DataTable table=table caption=caption />
        </details>
    }
}
