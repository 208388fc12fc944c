//! The peers and opportunity view: who the peers are and why, where the
//! organisation sits among them, and the opportunity table — activity, cost
//! and carbon if it performed at the chosen peer target — with totals, and
//! for an ICS or region the roll-up across its members. England, which has
//! no peers, shows its value beside its members' and their roll-up only,
//! with the sentence saying at which level the opportunity is counted.

use super::Charts;
use crate::session::Shown;
use healthdash_core::view::compute::PeersView;
use healthdash_core::view::display;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn PeersPage(shown: Arc<Shown>, peers: PeersView) -> impl IntoView {
    let vars = peers.context_variables.clone();
    let group = peers.peers.clone();
    let totals = peers.totals;
    let target = display::target_name(peers.target);
    // England: no peers and no opportunity of its own; its members' instead (core `compute::peers`).
    let counted_at_members = peers.counted_at_members;
    view! {
        // Where the organisation sits and the chart first (the first screen shows
        // them), then who the peers are and the opportunity.
        {peers.position.clone().map(|pos| {
            let name = shown.result.indicator.as_ref().map(|i| i.name.clone()).unwrap_or_else(|| pos.indicator.clone());
            let text = match &pos.among_members {
                // England has no peers: its value beside its members' spread.
                Some(t) => format!(
                    "{name}: {} {}; its {}: median {}, from {} to {}.",
                    shown.result.org.as_ref().map(|o| o.name.clone()).unwrap_or_default(),
                    display::number(pos.value, 1),
                    display::orgs(pos.stats.of, t),
                    display::number(pos.stats.median, 1),
                    display::number(pos.stats.min, 1),
                    display::number(pos.stats.max, 1)
                ),
                None => format!(
                    "{name}: {} — {} (rank {} of {}), peer median {}.",
                    display::number(pos.value, 1),
                    display::percentile(pos.stats.percentile),
                    display::number(pos.stats.rank.map(|r| r as f64), 0),
                    pos.stats.of,
                    display::number(pos.stats.median, 1)
                ),
            };
            view! { <p data-testid="position">{text}</p> }
        })}
        <Charts shown=shown.clone() />
        {counted_at_members.then(|| peers.explanation.clone().map(|e| view! { <p data-testid="opportunity-explanation">{e}</p> }))}
        <h3>"Who the peers are"</h3>
        <p data-testid="peer-description">{group.description.clone()}</p>
        {group.note.clone().map(|n| view! { <p class="muted">{n}</p> })}
        {(!counted_at_members).then(|| view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Peers">
            <table class="data-table" data-testid="peer-table">
                <caption>{format!("Peers ({})", group.members.len())}</caption>
                <thead><tr>
                    <th scope="col">"Organisation"</th><th scope="col">"Code"</th>
                    <th scope="col" class="num">"Distance"</th>
                    {vars.iter().map(|v| view! { <th scope="col" class="num">{if v.unit.is_empty() { v.name.clone() } else { format!("{} ({})", v.name, v.unit) }}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    <tr class="row--selected">
                        <th scope="row">{shown.result.org.as_ref().map(|o| format!("{} (this organisation)", o.name)).unwrap_or_default()}</th>
                        <td>{shown.result.org.as_ref().map(|o| o.code.clone()).unwrap_or_default()}</td>
                        <td class="num">"0"</td>
                        {vars.iter().map(|v| view! { <td class="num">{display::number(peers.org_context.get(&v.id).copied(), 1)}</td> }).collect_view()}
                    </tr>
                    {group.members.iter().map(|p| view! {
                        <tr>
                            <th scope="row">{p.org.name.clone()}</th>
                            <td>{p.org.code.clone()}</td>
                            <td class="num">{display::number(p.distance, 2)}</td>
                            {vars.iter().map(|v| view! { <td class="num">{display::number(p.context.get(&v.id).copied(), 1)}</td> }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <h3>{format!("Opportunity at the {}", target.to_lowercase())}</h3>
        <p data-testid="opportunity-total" class="summary-figure">{format!(
            "Total: {} and {} across {} indicators with an opportunity.",
            display::pounds(Some(totals.cost)), display::tonnes(Some(totals.carbon_tonnes)), totals.with_opportunity
        )}</p>
        <div class="table-wrap" tabindex="0" role="region" aria-label="Opportunity by indicator">
            <table class="data-table" data-testid="opportunity-table">
                <caption>"Opportunity by indicator"</caption>
                <thead><tr>
                    <th scope="col">"Indicator"</th><th scope="col">"Period"</th>
                    <th scope="col" class="num">"Value"</th><th scope="col" class="num">"Target"</th>
                    <th scope="col" class="num">"Activity"</th><th scope="col" class="num">"Cost"</th><th scope="col" class="num">"Carbon"</th>
                </tr></thead>
                <tbody>
                    {peers.opportunity.iter().map(|r| view! {
                        <tr>
                            <th scope="row">{r.name.clone()}{r.note.clone().map(|n| view! { <span class="muted">{format!(" ({n})")}</span> })}</th>
                            <td>{r.period.clone().unwrap_or_else(|| display::MISSING.into())}</td>
                            <td class="num">{display::number(r.value, 1)}</td>
                            <td class="num">{display::number(r.target_value, 1)}</td>
                            <td class="num">{display::number(r.activity, 0)}</td>
                            <td class="num">{display::pounds(r.cost)}</td>
                            <td class="num">{display::tonnes(r.carbon_tonnes)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
                <tfoot><tr>
                    <th scope="row" colspan="5">"Total"</th>
                    <td class="num">{display::pounds(Some(totals.cost))}</td>
                    <td class="num">{display::tonnes(Some(totals.carbon_tonnes))}</td>
                </tr></tfoot>
            </table>
        </div>
        })}
        {peers.members.clone().map(|m| view! {
            <h3>{format!("Across the members of {}", m.parent.name)}</h3>
            {(!counted_at_members).then(|| peers.explanation.clone().map(|e| view! { <p class="muted" data-testid="opportunity-explanation">{e}</p> }))}
            <div class="table-wrap" tabindex="0" role="region" aria-label="Opportunity by member">
                <table class="data-table" data-testid="member-table">
                    <caption>{format!("Opportunity by member ({})", m.members.len())}</caption>
                    <thead><tr><th scope="col">"Member"</th><th scope="col" class="num">"Cost"</th><th scope="col" class="num">"Carbon"</th><th scope="col" class="num">"Indicators with opportunity"</th></tr></thead>
                    <tbody>
                        {m.members.iter().map(|x| view! {
                            <tr><th scope="row">{x.org.name.clone()}</th><td class="num">{display::pounds(Some(x.totals.cost))}</td><td class="num">{display::tonnes(Some(x.totals.carbon_tonnes))}</td><td class="num">{x.totals.with_opportunity}</td></tr>
                        }).collect_view()}
                    </tbody>
                    <tfoot><tr><th scope="row">"Total"</th><td class="num">{display::pounds(Some(m.totals.cost))}</td><td class="num">{display::tonnes(Some(m.totals.carbon_tonnes))}</td><td class="num">{m.totals.with_opportunity}</td></tr></tfoot>
                </table>
            </div>
        })}
    }
}
