//! The table view: the data behind the current choice of organisation and
//! indicator, in full, open on the page.

use crate::components::data_table::DataTable;
use healthdash_core::view::Table;
use leptos::prelude::*;

#[component]
pub fn TablePage(table: Table, caption: String) -> impl IntoView {
    let count = format!("{} rows. Download them with “Download CSV” below.", table.rows.len());
    view! {
        <p class="muted">{count}</p>
        <DataTable table=table caption=caption />
    }
}
