//! The trend page: one indicator over time for one organisation (England by
//! default), as a chart with its data table and the indicator's definition.
//! The figures come from `healthdash_core::query`; the chart spec from
//! `healthdash_core::chart`.

use crate::app::{ErrorMessage, Phase};
use crate::components::chart::EChart;
use crate::components::progress::DownloadProgress;
use crate::components::series_table::SeriesTable;
use crate::data::{self, Progress};
use healthdash_core::bundle::{BreakdownType, Indicator, Manifest, Polarity, ValuesTable};
use healthdash_core::chart::trend_chart;
use healthdash_core::query::{org_series, SeriesPoint};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

#[derive(Clone)]
enum Values {
    Loading,
    Ready(Arc<ValuesTable>),
    Failed(String),
}

fn polarity_text(p: Polarity) -> &'static str {
    match p {
        Polarity::HigherIsBetter => "Higher is better",
        Polarity::LowerIsBetter => "Lower is better",
        Polarity::Neither => "Neither higher nor lower is better",
    }
}

#[component]
fn Definition(indicator: Indicator) -> impl IntoView {
    view! {
        <details class="definition" data-testid="definition">
            <summary>"Definition and source"</summary>
            <dl>
                <dt>"Definition"</dt><dd>{indicator.definition.clone()}</dd>
                <dt>"Polarity"</dt><dd>{polarity_text(indicator.polarity)}</dd>
                <dt>"Method"</dt><dd>{indicator.method.clone()}</dd>
                <dt>"Source"</dt><dd>{indicator.source.clone()}</dd>
                <dt>"Updated"</dt><dd>{indicator.updated.clone()}</dd>
            </dl>
        </details>
    }
}

#[component]
pub fn TrendPage(manifest: Arc<Manifest>, manifest_url: String, on_phase: Callback<Phase>) -> impl IntoView {
    let first = manifest.indicators.iter().find(|i| manifest.file_for(&i.id).is_some()).map(|i| i.id.clone()).unwrap_or_default();
    let org = manifest.home_organisation().map(|o| (o.code.clone(), o.name.clone()));
    let (indicator, set_indicator) = signal(first);
    let (values, set_values) = signal(Values::Loading);
    let (progress, set_progress) = signal(Progress::default());

    let m = manifest.clone();
    Effect::new(move |_| {
        let id = indicator.get();
        let Some(file) = m.file_for(&id).cloned() else {
            set_values.set(Values::Failed(format!("indicator \"{id}\" has no data file in this bundle")));
            return;
        };
        set_values.set(Values::Loading);
        on_phase.run(Phase::Loading);
        let url = manifest_url.clone();
        spawn_local(async move {
            let result = data::fetch_values(&url, &file, move |p| set_progress.set(p)).await;
            // Ignore a late answer for an indicator the user has moved away from.
            if indicator.get_untracked() != id {
                return;
            }
            set_values.set(match result {
                Ok(t) => Values::Ready(Arc::new(t)),
                Err(e) => Values::Failed(e),
            });
        });
    });

    let current = {
        let m = manifest.clone();
        Memo::new(move |_| m.indicator(&indicator.get()).cloned())
    };
    let org_code = org.as_ref().map(|o| o.0.clone()).unwrap_or_default();
    let org_name = org.map(|o| o.1).unwrap_or_else(|| "the first organisation".into());
    let points = Memo::new(move |_| match values.get() {
        Values::Ready(t) => org_series(&t, &indicator.get(), &org_code, BreakdownType::None, ""),
        _ => Vec::<SeriesPoint>::new(),
    });
    let spec = Signal::derive(move || {
        let ind = current.get()?;
        matches!(values.get(), Values::Ready(_)).then(|| trend_chart(&ind.name, &ind.unit, &points.get(), ind.target))
    });
    let org_label = org_name.clone();
    let label = Signal::derive(move || {
        current.get().map(|i| format!("Line chart of {} for {} over time, with 95% confidence limits. The data table below lists every point.", i.name, org_label)).unwrap_or_default()
    });
    let on_drawn = Callback::new(move |r: Result<(), String>| match r {
        Ok(()) => on_phase.run(Phase::Ready),
        Err(e) => {
            set_values.set(Values::Failed(e));
        }
    });
    Effect::new(move |_| {
        if let Values::Failed(_) = values.get() {
            on_phase.run(Phase::Error);
        }
    });

    let options = manifest
        .domains
        .iter()
        .map(|d| {
            let items: Vec<_> = manifest.indicators.iter().filter(|i| i.domains.first() == Some(&d.id)).cloned().collect();
            (d.name.clone(), items)
        })
        .chain(std::iter::once((
            "Other".to_string(),
            manifest.indicators.iter().filter(|i| i.domains.first().is_none_or(|d| !manifest.domains.iter().any(|x| &x.id == d))).cloned().collect(),
        )))
        .filter(|(_, items)| !items.is_empty())
        .collect::<Vec<_>>();

    view! {
        <section class="panel" aria-labelledby="trend-heading">
            <h2 id="trend-heading">{format!("Trend for {org_name}")}</h2>
            <div class="controls">
                <label for="indicator-select">"Indicator"</label>
                <select id="indicator-select" data-testid="indicator-select"
                    on:change=move |ev| set_indicator.set(event_target_value(&ev))>
                    {options.into_iter().map(|(group, items)| view! {
                        <optgroup label=group>
                            {items.into_iter().map(|i| {
                                let id = i.id.clone();
                                view! { <option value=i.id.clone() selected=move || indicator.get() == id>{i.name.clone()}</option> }
                            }).collect_view()}
                        </optgroup>
                    }).collect_view()}
                </select>
            </div>
            {move || match values.get() {
                Values::Loading => view! { <DownloadProgress what="indicator values".into() progress=progress.into() /> }.into_any(),
                Values::Failed(message) => view! { <ErrorMessage title="This indicator could not be shown".into() message=message /> }.into_any(),
                Values::Ready(_) => ().into_any(),
            }}
            <div class="chart-block" class:invisible=move || !matches!(values.get(), Values::Ready(_))>
                <EChart id="trend-chart" label=label spec=spec on_drawn=on_drawn />
                {move || current.get().map(|i| view! {
                    <SeriesTable caption=format!("{} — {}", i.name, org_name) unit=i.unit.clone() points=points.get() />
                    <Definition indicator=i />
                })}
            </div>
        </section>
    }
}
