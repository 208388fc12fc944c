//! The printable report for a region or ICS: overall and domain ratings,
//! every indicator against England with its recent trend, and how the
//! members compare. The print stylesheet repeats the source and date on
//! every page and breaks between domains.

use crate::components::badge::Badge;
use crate::session::Shown;
use healthdash_core::query::Basis;
use healthdash_core::view::compute::ReportView;
use healthdash_core::view::display;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn ReportPage(shown: Arc<Shown>, report: ReportView) -> impl IntoView {
    let b = shown.result.bundle.clone();
    let org = shown.result.org.as_ref().map(|o| o.name.clone()).unwrap_or_default();
    let running = format!("{org} — {}. Source: {}. Published {}.", b.title, b.publisher, b.published);
    view! {
        <p class="print-running" aria-hidden="true">{running}</p>
        <p class="summary-figure" data-testid="report-overall">{format!("Overall rating: {}", report.overall.label.clone().unwrap_or_else(|| "Not rated".into()))}</p>
        {report.note.clone().map(|n| view! { <p class="muted">{n}</p> })}
        {report.domains.iter().map(|d| {
            let caption = format!("{}: {}", d.rating.name, d.rating.label.clone().unwrap_or_else(|| "Not rated".into()));
            let heading = caption.clone();
            let label = caption.clone();
            view! {
                <section class="report-domain">
                    <h3>{heading}</h3>
                    <div class="table-wrap" tabindex="0" role="region" aria-label=label>
                        <table class="data-table" data-testid="report-table">
                            <caption class="visually-hidden">{caption}</caption>
                            <thead><tr>
                                <th scope="col">"Indicator"</th><th scope="col">"Period"</th>
                                <th scope="col" class="num">"Value"</th><th scope="col" class="num">"England"</th>
                                <th scope="col">"Compared with England"</th><th scope="col">"Recent trend"</th>
                                <th scope="col" class="num">"Members better / similar / worse"</th>
                            </tr></thead>
                            <tbody>
                                {d.rows.iter().map(|r| view! {
                                    <tr>
                                        <th scope="row">{r.name.clone()}</th>
                                        <td>{r.period.clone().unwrap_or_else(|| display::MISSING.into())}</td>
                                        <td class="num">{display::number(r.figure.value, 1)}</td>
                                        <td class="num">{format!("{}{}", display::number(r.england, 1), if r.england_basis == Some(Basis::RolledUp) { " (rolled up)" } else { "" })}</td>
                                        <td><Badge compared=r.comparison_95 /></td>
                                        <td>{r.recent_trend.words()}</td>
                                        <td class="num">{format!("{} / {} / {}", r.members_better, r.members_similar, r.members_worse)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </section>
            }
        }).collect_view()}
        {(!report.members.is_empty()).then(|| view! {
            <section class="report-domain">
                <h3>"Members"</h3>
                <ul class="ratings">
                    {report.members.iter().map(|m| view! {
                        <li class=format!("rating {}", display::rating_class(m.overall.level))>
                            <span class="rating__domain">{m.org.name.clone()}</span>
                            <strong class="rating__label">{m.overall.label.clone().unwrap_or_else(|| "Not rated".into())}</strong>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}
