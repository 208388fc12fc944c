//! The data table behind a trend chart: every point the chart draws, so the
//! figures are readable without the chart (and by screen readers).

use healthdash_core::query::SeriesPoint;
use leptos::prelude::*;

fn cell(x: Option<f64>, decimals: usize) -> String {
    x.map(|v| format!("{v:.decimals$}")).unwrap_or_else(|| "–".into())
}

#[component]
pub fn SeriesTable(caption: String, unit: String, points: Vec<SeriesPoint>) -> impl IntoView {
    let region_label = caption.clone();
    let summary = format!("Show the data behind this chart ({} rows)", points.len());
    view! {
        <details class="data-details">
        <summary>{summary}</summary>
        <div class="table-wrap" tabindex="0" role="region" aria-label=region_label>
            <table class="data-table" data-testid="series-table">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Period"</th>
                        <th scope="col" class="num">{format!("Value ({unit})")}</th>
                        <th scope="col" class="num">"Lower 95%"</th>
                        <th scope="col" class="num">"Upper 95%"</th>
                        <th scope="col" class="num">"Numerator"</th>
                        <th scope="col" class="num">"Denominator"</th>
                    </tr>
                </thead>
                <tbody>
                    {points.into_iter().map(|p| view! {
                        <tr>
                            <th scope="row">{p.period}</th>
                            <td class="num">{cell(p.value, 1)}</td>
                            <td class="num">{cell(p.lower_95, 1)}</td>
                            <td class="num">{cell(p.upper_95, 1)}</td>
                            <td class="num">{cell(p.numerator, 0)}</td>
                            <td class="num">{cell(p.denominator, 0)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        </details>
    }
}
