//! The views of the single page, one file each, all rendered from the core's
//! `ViewResult`: the page files lay out figures the core computed and the
//! charts it specified; none computes a statistic. Every view ends with its
//! data table (what the CSV download holds) and, where it has one, the
//! indicator's definition.

mod compare;
mod inequalities;
mod landing;
mod map;
mod overview;
mod peers;
mod report;
mod table;
mod trend;

pub use landing::LandingPage;

use crate::components::chart::EChart;
use crate::components::data_table::{DataDetails, DataTable};
use crate::components::definition::Definition;
use crate::session::Shown;
use crate::state;
use healthdash_core::view::{display, image_caption, view_table, Figures, View};
use leptos::prelude::*;
use std::sync::Arc;

/// The charts of a view whose keys are in `keys` (all when empty).
#[component]
pub fn Charts(
    shown: Arc<Shown>,
    #[prop(optional)] keys: Vec<&'static str>,
    #[prop(default = true)] download: bool,
    /// Called with the `dataIndex` of a clicked item (the map's areas).
    #[prop(optional)]
    on_click: Option<Callback<usize>>,
) -> impl IntoView {
    let list: Vec<_> = shown.charts.iter().filter(|c| keys.is_empty() || keys.contains(&c.key)).cloned().collect();
    let result = shown.result.clone();
    let caption = image_caption(&result, &shown.recipe);
    view! {
        <div class="charts">
            {list.into_iter().map(|c| view! {
                <EChart id=format!("chart-{}", c.key) label=c.name.clone() chart=c.chart.clone() height=c.height
                    file_name=display::file_stem(&result, Some(c.key)) download=download on_click=on_click caption=caption.clone() />
            }).collect_view()}
        </div>
    }
}

fn heading(shown: &Shown) -> String {
    let r = &shown.result;
    let org = r.org.as_ref().map(|o| o.name.clone()).unwrap_or_default();
    let uses_indicator = matches!(shown.state.view, View::Trend | View::Compare | View::Inequalities | View::Table | View::Map);
    match (&r.indicator, uses_indicator) {
        (Some(i), true) => format!("{}: {} — {}", display::view_name(shown.state.view), i.name, org),
        _ => format!("{}: {}", display::view_name(shown.state.view), org),
    }
}

#[component]
pub fn ViewBody(shown: Arc<Shown>) -> impl IntoView {
    let table = view_table(&shown.result);
    let caption = heading(&shown);
    let body = match &shown.result.figures {
        Figures::Overview(o) => view! { <overview::OverviewPage shown=shown.clone() overview=o.clone() /> }.into_any(),
        Figures::Trend(t) => view! { <trend::TrendPage shown=shown.clone() trend=t.clone() /> }.into_any(),
        Figures::Compare(c) => view! { <compare::ComparePage shown=shown.clone() compare=c.clone() /> }.into_any(),
        Figures::Inequalities(q) => view! { <inequalities::InequalitiesPage shown=shown.clone() slice=q.clone() /> }.into_any(),
        Figures::Peers(p) => view! { <peers::PeersPage shown=shown.clone() peers=p.clone() /> }.into_any(),
        Figures::Report(r) => view! { <report::ReportPage shown=shown.clone() report=r.clone() /> }.into_any(),
        Figures::Map(m) => view! { <map::MapPage shown=shown.clone() map=m.clone() /> }.into_any(),
        Figures::Table(_) => view! { <table::TablePage table=table.clone() caption=caption.clone() /> }.into_any(),
        Figures::NoData { reason } => view! { <p class="notice" role="status">{format!("Nothing to show: {reason}.")}</p> }.into_any(),
    };
    let with_details = !matches!(shown.result.figures, Figures::Table(_) | Figures::NoData { .. });
    let definition = shown.result.indicator.clone().filter(|_| !matches!(shown.state.view, View::Overview | View::Report));
    view! {
        <section class="panel view" data-view=shown.state.view.id() aria-labelledby="view-heading">
            <h2 id="view-heading" data-testid="view-heading">{caption.clone()}</h2>
            {shown.result.period.clone().filter(|_| shown.state.view != View::Overview).map(|p| view! { <p class="muted">{format!("Period: {p}")}</p> })}
            {body}
            {with_details.then(|| view! { <DataDetails table=table caption=caption /> })}
            {definition.map(|i| view! { <Definition indicator=i /> })}
        </section>
    }
}

/// `embed=1`: the view's charts (or its table), the source, and a link to
/// the full view in a new tab.
#[component]
pub fn EmbedBody(shown: Arc<Shown>) -> impl IntoView {
    let mut full = shown.state.clone();
    full.embed = false;
    let link = state::absolute(&full.to_query());
    let caption = heading(&shown);
    let b = &shown.result.bundle;
    let source = format!("Source: {}. {}", b.publisher, b.attribution);
    let has_charts = !shown.charts.is_empty();
    let first: Vec<&'static str> = shown.charts.first().map(|c| vec![c.key]).unwrap_or_default();
    view! {
        <section class="embed-view" aria-labelledby="view-heading" data-testid="embed">
            <h2 id="view-heading" class="embed-view__title" data-testid="view-heading">{caption.clone()}</h2>
            {if has_charts {
                view! { <Charts shown=shown.clone() keys=first download=false /> }.into_any()
            } else {
                view! { <DataTable table=view_table(&shown.result) caption=caption /> }.into_any()
            }}
            <p class="embed-view__source" data-testid="attribution">{source}</p>
            <p><a href=link target="_blank" rel="noopener noreferrer" data-testid="full-view">"Open the full view in healthdash (opens in a new tab)"</a></p>
        </section>
    }
}
