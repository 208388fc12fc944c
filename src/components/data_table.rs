//! A core `Table` as an HTML table: the data behind every view (what the CSV
//! download holds), readable without the charts and by screen readers.

use healthdash_core::view::{display, Table};
use leptos::prelude::*;

#[component]
pub fn DataTable(table: Table, caption: String) -> impl IntoView {
    let label = caption.clone();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=label>
            <table class="data-table" data-testid="data-table">
                <caption>{caption}</caption>
                <thead>
                    <tr>{table.columns.iter().map(|c| view! { <th scope="col">{display::column(c)}</th> }).collect_view()}</tr>
                </thead>
                <tbody>
                    {table.rows.iter().map(|row| view! {
                        <tr>{row.iter().map(|c| view! {
                            <td class:num=display::is_number(c)>{display::cell(c)}</td>
                        }).collect_view()}</tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
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
