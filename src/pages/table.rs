//! The table view: the data behind the current choice of organisation and
//! indicator, in full, open on the page (at England, its members' rows too,
//! and where its own figures come from when the publisher gives none).

use crate::components::data_table::DataTable;
use healthdash_core::view::Table;
use leptos::prelude::*;

#[component]
pub fn TablePage(table: Table, caption: String, note: Option<String>, scope: Option<String>) -> impl IntoView {
    let count = format!("{} rows. Download them with “Download CSV” below.", table.rows.len());
    view! {
        {note.map(|n| view! { <p class="muted" data-testid="own-basis">{n}</p> })}
        {scope.map(|s| view! { <p class="muted" data-testid="table-scope">{s}</p> })}
        <p class="muted">{count}</p>
        <DataTable table=table caption=caption />
    }
}
