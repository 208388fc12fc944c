//! The map view: every organisation of a level on a map, coloured by its
//! comparison with the benchmark or by quintile (the core's figures and
//! chart), the selected one outlined. Clicking an area selects it and the
//! map stays; the table under the map lists every area with a button to
//! select it — the keyboard's way in, since map areas take no focus. A level
//! without boundaries in the bundle gets a notice and the table. A slider
//! under the map moves through the indicator's periods.

use super::Charts;
use crate::components::badge::Badge;
use crate::session::{Session, Shown};
use healthdash_core::view::compute::MapView;
use healthdash_core::view::{display, Colour};
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn MapPage(shown: Arc<Shown>, map: MapView) -> impl IntoView {
    let session = expect_context::<Session>();
    let has_map = shown.charts.iter().any(|c| c.key == "map");
    let notice = match (&shown.map_problem, has_map) {
        (_, true) => None,
        (Some(problem), false) => Some(format!("The map could not be drawn: {problem}. The table below lists every organisation.")),
        (None, false) => Some(format!("This bundle has no boundaries for {}, so there is no map. The table below lists every organisation.", map.level_name)),
    };
    let state = shown.state.clone();
    let select = Callback::new(move |code: String| {
        let mut next = state.clone();
        next.org = code;
        session.go(&next);
    });
    let codes: Vec<String> = map.orgs.iter().map(|r| r.org.code.clone()).collect();
    let on_click = Callback::new(move |i: usize| {
        if let Some(code) = codes.get(i) {
            select.run(code.clone());
        }
    });
    let ind = shown.result.indicator.clone();
    let value = move |f: &healthdash_core::query::Figure| ind.as_ref().map(|i| display::figure_value(f, i)).unwrap_or_default();
    let ind = shown.result.indicator.clone();
    let interval = move |l: Option<f64>, u: Option<f64>| ind.as_ref().map_or_else(|| display::MISSING.to_string(), |i| display::interval(l, u, i));
    let with_value = map.with_value();
    let colour = map.colour;
    let against = map.against.clone();
    let caption = format!("Every {} ({}): value, 95% confidence interval, comparison with {} and quintile", map.level_name, map.orgs.len(), map.against);
    let rows = map
        .orgs
        .iter()
        .map(|r| {
            let code = r.org.code.clone();
            let label = if r.selected { format!("{} (selected)", r.org.name) } else { format!("Select {}", r.org.name) };
            view! {
                <tr class:selected-row=r.selected>
                    <th scope="row">
                        <button type="button" class="link-button" data-testid="map-select" data-code=code.clone() aria-label=label
                            aria-current=r.selected.then_some("true") on:click=move |_| select.run(code.clone())>{r.org.name.clone()}</button>
                    </th>
                    <td class="num">{value(&r.figure)}</td>
                    <td class="num">{interval(r.figure.lower_95, r.figure.upper_95)}</td>
                    <td><Badge compared=r.comparison /></td>
                    <td class="num">{r.quintile.map(|q| q.to_string()).unwrap_or_else(|| display::MISSING.into())}</td>
                </tr>
            }
        })
        .collect_view();
    // The map and its period slider first (the first screen shows them), then what it shows and the table.
    view! {
        {notice.map(|n| view! { <p class="notice" role="status" data-testid="map-notice">{n}</p> })}
        {has_map.then(|| view! { <Charts shown=shown.clone() on_click=on_click /> })}
        <PeriodSlider shown=shown.clone() />
        {has_map.then(|| view! { <p class="hint">"Select an area on the map, or an organisation in the table below, to show it."</p> })}
        <dl class="summary-list" data-testid="map-summary">
            <div><dt>"Organisations"</dt><dd>{format!("{} ({with_value} with a value)", display::orgs(map.orgs.len(), &map.level_name))}</dd></div>
            <div><dt>"Coloured by"</dt><dd>{match colour { Colour::Significance => format!("Comparison with {against} (95% limits)"), Colour::Quintile => "Quintile among the areas shown".to_string() }}</dd></div>
        </dl>
        <div class="table-wrap" tabindex="0" role="region" aria-label=caption.clone()>
            <table class="data-table" data-testid="map-table">
                <caption>{caption.clone()}</caption>
                <thead><tr>
                    <th scope="col">"Organisation"</th>
                    <th scope="col">"Value"</th>
                    <th scope="col">"95% CI"</th>
                    <th scope="col">{format!("Compared with {}", map.against)}</th>
                    <th scope="col">"Quintile"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// How long each period stays on screen while playing: long enough to read
/// the legend and a few areas (WCAG 2.2.2 asks only for a way to pause,
/// which the same button gives).
const FRAME_MS: u64 = 1600;

thread_local! {
    /// The slider's control that had focus when it moved on: the page is drawn
    /// again for the new period, so focus is put back there.
    static REFOCUS: std::cell::Cell<Option<&'static str>> = const { std::cell::Cell::new(None) };
}

fn focused_id() -> Option<String> {
    document().active_element().map(|e| e.id())
}

/// A keyboard-operable slider over the indicator's periods (oldest to
/// latest); letting go of it (or an arrow key) shows that period, as a new
/// history entry. Beside it, Play steps through the periods from the one
/// shown (from the first when at the latest), one every [`FRAME_MS`], and
/// stops at the latest; its name turns to Pause while playing. Playing
/// replaces the current history entry (`replaceState`) at each step, so the
/// link always holds the period on screen and Back leaves the map instead of
/// walking through every frame. With `prefers-reduced-motion: reduce` nothing
/// moves by itself: the button steps one period per press ("Next period").
#[component]
fn PeriodSlider(shown: Arc<Shown>) -> impl IntoView {
    use leptos::wasm_bindgen::JsCast;
    let session = expect_context::<Session>();
    let periods: Vec<String> = session.current.get_untracked().map(|(_, p)| p).unwrap_or_default();
    if periods.len() < 2 {
        return ().into_any();
    }
    let shown_period = shown.result.period.clone();
    let at = shown_period.as_ref().and_then(|p| periods.iter().position(|x| x == p)).unwrap_or(periods.len() - 1);
    let (index, set_index) = signal(at);
    let last = periods.len() - 1;
    let labels = periods.clone();
    let text = move || labels.get(index.get()).cloned().unwrap_or_default();
    let state = shown.state.clone();
    // The state showing period number `i` (the latest is the default: no period= in the link).
    let period_state = move |i: usize| {
        let mut next = state.clone();
        next.period = if i == last { None } else { periods.get(i).cloned() };
        next
    };
    let to_state = period_state.clone();
    let go = move |i: usize| {
        REFOCUS.with(|r| r.set(Some("map-period")));
        session.go(&to_state(i));
    };
    let reduced = crate::browser::prefers_reduced_motion();
    // Moves on one period in place; keeps focus on the button if it had it.
    let step_state = period_state.clone();
    let step = move |i: usize| {
        if focused_id().as_deref() == Some("map-play") {
            REFOCUS.with(|r| r.set(Some("map-play")));
        }
        session.show(&step_state(i));
    };
    // Playing: this period stays for a frame, then the next is shown; the
    // latest ends it. A pause, or any other view, cancels the pending step.
    if session.playing.get_untracked() {
        if at >= last {
            session.playing.set(false);
        } else {
            let query = session.query.get_untracked();
            let next = step.clone();
            if let Ok(timer) = set_timeout_with_handle(
                move || {
                    if session.playing.get_untracked() && session.query.get_untracked() == query {
                        next(at + 1);
                    }
                },
                std::time::Duration::from_millis(FRAME_MS),
            ) {
                on_cleanup(move || timer.clear());
            }
        }
    }
    // Put focus back on the control that moved the period, once drawn again.
    if let Some(id) = REFOCUS.with(|r| r.take()) {
        request_animation_frame(move || {
            if let Some(el) = document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = el.focus();
            }
        });
    }
    let playing = session.playing;
    let press = move |_| {
        if reduced {
            if at < last {
                step(at + 1);
            }
        } else if playing.get_untracked() {
            playing.set(false);
        } else {
            playing.set(true);
            // From the latest, play from the first period; else from the next.
            step(if at >= last { 0 } else { at + 1 });
        }
    };
    let button_text = move || match (reduced, playing.get()) {
        (true, _) => "Next period",
        (false, true) => "Pause",
        (false, false) => "Play",
    };
    let value_text = text.clone();
    let stuck = reduced && at >= last;
    view! {
        <div class="period-slider" data-testid="period-slider">
            <div class="field period-slider__range">
                <label for="map-period">"Period"</label>
                <input id="map-period" type="range" min="0" max=last.to_string() step="1" prop:value=move || index.get().to_string()
                    aria-valuetext=value_text
                    on:input=move |ev| { if let Ok(i) = event_target_value(&ev).parse::<usize>() { set_index.set(i) } }
                    on:change=move |ev| { if let Ok(i) = event_target_value(&ev).parse::<usize>() { go(i) } } />
                <output for="map-period" data-testid="period-slider-label">{text}</output>
            </div>
            <button type="button" id="map-play" class="button button--secondary button--small period-slider__play" data-testid="map-play"
                disabled=stuck on:click=press>{button_text}</button>
        </div>
    }
    .into_any()
}
