//! The overview of one organisation: domain ratings, then every indicator by
//! domain (latest value, comparison with the benchmark as a word and a shape,
//! peer percentile, sparkline, SPC verdict), then the "tartan rug" of the
//! organisation and its peers across every indicator.
//!
//! England (the home organisation) is not rated against itself: its cards
//! count how its members compare with it, worded by the core
//! (`display::member_card`: "5 better · 12 similar · 4 worse", "7 regions ×
//! 3 indicators against England"), each indicator's row the same for that
//! indicator (`display::member_counts`, under "7 regions against England"),
//! and its rug lists the members.

use crate::components::badge::Badge;
use crate::components::sparkline::Sparkline;
use crate::session::{Session, Shown};
use crate::state;
use healthdash_core::query::DomainRating;
use healthdash_core::view::compute::{Overview, Rug};
use healthdash_core::view::{display, BenchMethod, View};
use leptos::prelude::*;
use std::sync::Arc;

#[component]
fn Rating(rating: DomainRating) -> impl IntoView {
    let label = rating.label.clone().unwrap_or_else(|| "Not rated".into());
    view! {
        <li class=format!("rating {}", display::rating_class(rating.level)) data-testid="rating">
            <span class="rating__domain">{rating.name.clone()}</span>
            <strong class="rating__label">{label}</strong>
            <span class="rating__counts">{format!("{} better, {} similar, {} worse", rating.better, rating.similar, rating.worse)}</span>
        </li>
    }
}

/// A domain card of the home organisation: its members' comparisons with it.
#[component]
fn MemberCard(rating: DomainRating, members: usize, type_name: String, home: String) -> impl IntoView {
    let (headline, detail) = display::member_card(&rating, members, &type_name, &home);
    view! {
        <li class="rating rating--members" data-testid="rating">
            <span class="rating__domain">{rating.name.clone()}</span>
            <strong class="rating__label">{headline}</strong>
            <span class="rating__counts">{detail}</span>
        </li>
    }
}

#[component]
pub fn OverviewPage(shown: Arc<Shown>, overview: Overview) -> impl IntoView {
    let session = expect_context::<Session>();
    let bench = display::bench_name(overview.bench);
    let state = shown.state.clone();
    let names: Vec<String> = overview
        .rug
        .indicators
        .iter()
        .map(|id| overview.domains.iter().flat_map(|d| &d.rows).find(|r| &r.indicator == id).map(|r| r.name.clone()).unwrap_or_else(|| id.clone()))
        .collect();
    // England is not compared with itself: its cards and rows count its members against it.
    let home = shown.result.org.as_ref().map(|o| o.name.clone()).unwrap_or_default();
    let (ratings_heading, against) = display::overview_headings(&overview, &home);
    view! {
        <p class="muted">{format!("Compared with: {bench}. Peers: {}.", overview.peers.description)}</p>
        <h3>{ratings_heading}</h3>
        <ul class="ratings" data-testid="ratings">
            {match overview.members.clone() {
                Some(t) => {
                    std::iter::once(overview.overall.clone()).chain(overview.ratings.iter().cloned()).map(|r| view! {
                        <MemberCard rating=r members=overview.member_count type_name=t.clone() home=home.clone() />
                    }).collect_view().into_any()
                }
                None => view! {
                    <Rating rating=overview.overall.clone() />
                    {overview.ratings.iter().cloned().map(|r| view! { <Rating rating=r /> }).collect_view()}
                }.into_any(),
            }}
        </ul>
        {overview.domains.iter().map(|d| {
            let caption = format!("{} — {}", d.name, shown.result.org.as_ref().map(|o| o.name.clone()).unwrap_or_default());
            let label = caption.clone();
            let rows = d.rows.clone();
            let state = state.clone();
            let against = against.clone();
            view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label=label>
                <table class="data-table overview-table" data-testid="overview-table">
                    <caption>{caption}</caption>
                    <thead><tr>
                        <th scope="col">"Indicator"</th>
                        <th scope="col">"Period"</th>
                        <th scope="col" class="num">"Value"</th>
                        <th scope="col">{against}</th>
                        <th scope="col" class="num">"Peer percentile"</th>
                        <th scope="col">"Trend"</th>
                        <th scope="col">"Variation (SPC)"</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| {
                            let mut target = state.clone();
                            target.view = View::Trend;
                            target.ind = r.indicator.clone();
                            let href = state::href(&target.to_query());
                            let unit = if r.unit.is_empty() { String::new() } else { format!(" {}", r.unit) };
                            let spark: Vec<Option<f64>> = r.sparkline.iter().map(|p| p.value).collect();
                            let spark_label = format!("Trend of {} over {} periods", r.name, spark.len());
                            view! {
                                <tr data-indicator=r.indicator.clone()>
                                    <th scope="row"><a href=href on:click=move |ev| {
                                        if ev.ctrl_key() || ev.meta_key() || ev.shift_key() { return; }
                                        ev.prevent_default();
                                        session.go(&target);
                                    }>{r.name.clone()}</a></th>
                                    <td>{r.period.clone().unwrap_or_else(|| display::MISSING.into())}</td>
                                    <td class="num">{format!("{}{unit}", display::number(r.figure.value, 1))}
                                        {r.own.clone().map(|o| view! { <br /><small class="muted" data-testid="own-basis">{o.short}</small> })}</td>
                                    <td data-testid="against">{match (r.members, r.benchmark.method) {
                                        (Some(n), _) => display::member_counts(&n).into_any(),
                                        (None, BenchMethod::Quintiles) => display::quintile(r.benchmark.quintile, r.polarity).into_any(),
                                        (None, _) => view! { <Badge compared=r.benchmark.comparison /> }.into_any(),
                                    }}</td>
                                    <td class="num">{display::number(r.peer_percentile, 0)}</td>
                                    <td><Sparkline values=spark label=spark_label /></td>
                                    <td>{r.variation.map(display::verdict).unwrap_or_else(|| display::MISSING.into())}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            }
        }).collect_view()}
        <RugTable rug=overview.rug.clone() names=names members=overview.members.clone() />
    }
}

/// The tartan rug: organisations × indicators, each cell a comparison.
#[component]
fn RugTable(rug: Rug, names: Vec<String>, members: Option<String>) -> impl IntoView {
    // The home organisation's rug holds its members, each against it.
    let (heading, caption) = match members {
        Some(t) => (format!("Members: {t}"), format!("Each member ({t}) compared with the organisation, across every indicator (tartan rug)")),
        None => ("Organisation and peers".to_string(), "Organisation and peers across every indicator (tartan rug)".to_string()),
    };
    let label = caption.clone();
    view! {
        <h3>{heading}</h3>
        <div class="table-wrap" tabindex="0" role="region" aria-label=label>
            <table class="data-table rug" data-testid="rug">
                <caption>{caption}</caption>
                <thead><tr>
                    <th scope="col">"Organisation"</th>
                    {names.into_iter().map(|n| view! { <th scope="col" class="rug__head"><span>{n}</span></th> }).collect_view()}
                </tr></thead>
                <tbody>
                    {rug.rows.into_iter().map(|row| view! {
                        <tr class:rug__selected=row.selected>
                            <th scope="row">{row.org.name.clone()}</th>
                            {row.cells.into_iter().map(|c| view! {
                                <td class="rug__cell"><Badge compared=c.comparison short=true /></td>
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
