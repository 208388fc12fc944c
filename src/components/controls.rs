//! The choices of the current view: organisation, indicator, period or time
//! range, benchmark and comparison method, peer group, opportunity target,
//! level, map colouring and breakdown —
//! only those the view uses (the core's `Uses::of`). Every choice makes a new
//! view state and goes there (a new history entry). Select values are indexes
//! into lists of typed values, so nothing here parses text. Focus returns to
//! the control the user changed once the new view is drawn.
//!
//! So that a view's heading and first chart are on the first screen, the
//! controls start folded at every width: one line says what is chosen (the
//! core's `choices`, following the URL, so Back and Forward update it) beside
//! a disclosure button (`aria-expanded`, WAI-ARIA Authoring Practices'
//! disclosure pattern) that opens the full set. Focus stays on the button;
//! Escape inside the open set folds it and puts focus back on the button.

use crate::components::org_picker::OrgPicker;
use crate::session::{Session, ViewLoad};
use healthdash_core::bundle::Manifest;
use healthdash_core::view::{choices, display, Bench, BenchMethod, Breakdown, Colour, PeerSpec, Target, TimeRange, Uses, ViewState};
use leptos::prelude::*;
use std::sync::Arc;

/// A labelled select over `options`; reports the chosen index.
#[component]
fn Choice(id: &'static str, label: &'static str, options: Vec<String>, selected: Option<usize>, on_pick: Callback<usize>) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id data-testid=id on:change=move |ev| {
                if let Ok(i) = event_target_value(&ev).parse::<usize>() { on_pick.run(i) }
            }>
                {options.into_iter().enumerate().map(|(i, o)| view! {
                    <option value=i.to_string() selected=selected == Some(i)>{o}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
pub fn Controls(manifest: Arc<Manifest>) -> impl IntoView {
    let session = expect_context::<Session>();
    // Re-render only when the state asked for changes, not on every progress tick.
    let last = Memo::new(move |_| session.current.get());
    let shown = move || matches!(session.view.get(), ViewLoad::Shown(_)).then_some(());
    let focus: StoredValue<Option<&'static str>> = StoredValue::new(None);
    let go = move |id: &'static str, s: ViewState| {
        focus.set_value(Some(id));
        session.go(&s);
    };
    // Put focus back where the user was once the new view is drawn (after
    // the controls have re-rendered: next animation frame).
    Effect::new(move |_| {
        if shown().is_some() {
            if let Some(id) = focus.get_value() {
                focus.set_value(None);
                request_animation_frame(move || {
                    use wasm_bindgen::JsCast;
                    if let Some(el) = document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                        let _ = el.focus();
                    }
                });
            }
        }
    });
    let (open, set_open) = signal(false);
    let toggle_ref = NodeRef::<leptos::html::Button>::new();
    let summary_manifest = manifest.clone();
    // What is chosen, in one line (each value labelled, for screen readers and the eye).
    let summary = move || {
        last.get().map(|(s, periods)| {
            choices(&s, &summary_manifest, &periods)
                .into_iter()
                .map(|c| view! { <span class="choices-summary__item"><span class="choices-summary__label">{format!("{}:", c.label)}</span>" "{c.value}</span> })
                .collect_view()
        })
    };
    // Escape folds the open set (unless a list inside handled it) and returns focus to the button.
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && !ev.default_prevented() && open.get_untracked() {
            set_open.set(false);
            if let Some(b) = toggle_ref.get_untracked() {
                let _ = b.focus();
            }
        }
    };
    view! {
        <div class="controls-panel" class:controls-panel--closed=move || !open.get() on:keydown=on_key>
        <div class="choices-bar">
            <p class="choices-summary" id="choices-summary" data-testid="choices-summary">{summary}</p>
            <button type="button" class="choices-toggle" data-testid="controls-toggle" aria-controls="controls-form" node_ref=toggle_ref
                aria-expanded=move || open.get().to_string() on:click=move |_| set_open.update(|o| *o = !*o)>
                {move || if open.get() { "Hide choices" } else { "Change choices" }}
            </button>
        </div>
        {move || last.get().map(|(s, periods)| {
            let m = manifest.clone();
            let u = Uses::of(s.view);
            let (ind, period, time, bench, peers, target, level, breakdown) = (u.indicator, u.period, u.time, u.bench, u.peers, u.target, u.level, u.breakdown);
            let st = s.clone();
            let pick_org = Callback::new(move |code: String| {
                let mut n = st.clone();
                n.org = code;
                go("org-search", n);
            });
            view! {
                <form id="controls-form" class="controls" data-testid="controls" on:submit=|ev| ev.prevent_default()>
                    <OrgPicker manifest=m.clone() current=s.org.clone() on_choose=pick_org />
                    {ind.then(|| indicator_select(&m, &s, go))}
                    {period.then(|| {
                        let st = s.clone();
                        let list = periods.clone();
                        let mut options = vec!["Latest".to_string()];
                        options.extend(list.iter().rev().cloned());
                        let selected = match &s.period {
                            None => Some(0),
                            Some(p) => list.iter().rev().position(|x| x == p).map(|i| i + 1),
                        };
                        view! { <Choice id="period" label="Period" options=options selected=selected on_pick=Callback::new(move |i: usize| {
                            let mut n = st.clone();
                            n.period = if i == 0 { None } else { list.iter().rev().nth(i - 1).cloned() };
                            go("period", n);
                        }) /> }
                    })}
                    {time.then(|| time_selects(&s, &periods, go))}
                    {bench.then(|| fixed_choice("bench", "Compare with", Bench::ALL, display::bench_name, &s, s.bench, |n, b| n.bench = b, go))}
                    {u.method.then(|| fixed_choice("method", "Comparison method", BenchMethod::ALL, display::method_name, &s, s.method, |n, x| n.method = x, go))}
                    {peers.then(|| {
                        let st = s.clone();
                        let mut values = vec![PeerSpec::Cluster, PeerSpec::Type, PeerSpec::Nearest(5), PeerSpec::Nearest(10), PeerSpec::Nearest(20)];
                        if m.peer_clusters.is_empty() { values.remove(0); }
                        if !values.contains(&s.peers) { values.push(s.peers.clone()); }
                        let options = values.iter().map(display::peers_name).collect();
                        let selected = values.iter().position(|p| *p == s.peers);
                        view! { <Choice id="peers" label="Peer group" options=options selected=selected on_pick=Callback::new(move |i: usize| {
                            let mut n = st.clone();
                            if let Some(p) = values.get(i) { n.peers = p.clone(); }
                            go("peers", n);
                        }) /> }
                    })}
                    {target.then(|| fixed_choice("target", "Opportunity target", Target::ALL, display::target_name, &s, s.target, |n, t| n.target = t, go))}
                    {level.then(|| {
                        let st = s.clone();
                        let types: Vec<_> = m.org_types.iter().filter(|t| t.level > 0).cloned().collect();
                        let mut options = vec!["Same type as the organisation".to_string()];
                        options.extend(types.iter().map(|t| t.name.clone()));
                        let selected = match &s.level {
                            None => Some(0),
                            Some(l) => types.iter().position(|t| &t.id == l).map(|i| i + 1),
                        };
                        view! { <Choice id="level" label="Organisations compared" options=options selected=selected on_pick=Callback::new(move |i: usize| {
                            let mut n = st.clone();
                            n.level = if i == 0 { None } else { types.get(i - 1).map(|t| t.id.clone()) };
                            go("level", n);
                        }) /> }
                    })}
                    {u.colour.then(|| fixed_choice("colour", "Colour areas by", Colour::ALL, display::colour_name, &s, s.colour, |n, c| n.colour = c, go))}
                    {breakdown.then(|| {
                        let st = s.clone();
                        let values: Vec<Option<Breakdown>> = std::iter::once(None).chain(Breakdown::ALL.iter().map(|b| Some(*b))).collect();
                        let options = values.iter().map(|b| display::breakdown_name(*b).to_string()).collect();
                        let selected = values.iter().position(|b| *b == s.breakdown);
                        view! { <Choice id="breakdown" label="Breakdown" options=options selected=selected on_pick=Callback::new(move |i: usize| {
                            let mut n = st.clone();
                            if let Some(b) = values.get(i) { n.breakdown = *b; }
                            go("breakdown", n);
                        }) /> }
                    })}
                </form>
            }
        })}
        </div>
    }
}

/// A select over one of the URL's fixed sets of choices (`all`, each shown
/// as `name` gives it), `current` selected; picking one writes it into the
/// view with `set` and goes there.
#[allow(clippy::too_many_arguments)]
fn fixed_choice<T: Copy + PartialEq + Send + Sync + 'static>(
    id: &'static str,
    label: &'static str,
    all: &'static [T],
    name: fn(T) -> &'static str,
    s: &ViewState,
    current: T,
    set: fn(&mut ViewState, T),
    go: impl Fn(&'static str, ViewState) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let st = s.clone();
    let options = all.iter().map(|x| name(*x).to_string()).collect();
    let selected = all.iter().position(|x| *x == current);
    view! { <Choice id=id label=label options=options selected=selected on_pick=Callback::new(move |i: usize| {
        let mut n = st.clone();
        if let Some(x) = all.get(i) { set(&mut n, *x); }
        go(id, n);
    }) /> }
}

fn indicator_select(m: &Manifest, s: &ViewState, go: impl Fn(&'static str, ViewState) + Copy + Send + Sync + 'static) -> impl IntoView {
    // Option values are indexes into the manifest's indicator list.
    let order: Vec<String> = m.indicators.iter().map(|i| i.id.clone()).collect();
    let groups: Vec<(String, Vec<(usize, String)>)> = m
        .domains
        .iter()
        .map(|d| {
            (
                d.name.clone(),
                m.indicators.iter().enumerate().filter(|(_, i)| i.domains.first() == Some(&d.id)).map(|(k, i)| (k, i.name.clone())).collect::<Vec<_>>(),
            )
        })
        .chain(std::iter::once((
            "Other".to_string(),
            m.indicators
                .iter()
                .enumerate()
                .filter(|(_, i)| i.domains.first().is_none_or(|d| !m.domains.iter().any(|x| &x.id == d)))
                .map(|(k, i)| (k, i.name.clone()))
                .collect(),
        )))
        .filter(|(_, items)| !items.is_empty())
        .collect();
    let st = s.clone();
    let current = s.ind.clone();
    view! {
        <div class="field field--wide">
            <label for="indicator">"Indicator"</label>
            <select id="indicator" data-testid="indicator" on:change=move |ev| {
                if let Some(id) = event_target_value(&ev).parse::<usize>().ok().and_then(|k| order.get(k)) {
                    let mut n = st.clone();
                    n.ind = id.clone();
                    n.period = None;
                    n.time = None;
                    go("indicator", n);
                }
            }>
                {groups.into_iter().map(|(group, items)| view! {
                    <optgroup label=group>
                        {items.into_iter().map(|(k, name)| {
                            let selected = m.indicators.get(k).is_some_and(|i| i.id == current);
                            view! { <option value=k.to_string() selected=selected>{name}</option> }
                        }).collect_view()}
                    </optgroup>
                }).collect_view()}
            </select>
        </div>
    }
}

fn time_selects(s: &ViewState, periods: &[String], go: impl Fn(&'static str, ViewState) + Copy + Send + Sync + 'static) -> impl IntoView {
    let ends = |first: &'static str| std::iter::once(first.to_string()).chain(periods.iter().cloned()).collect::<Vec<_>>();
    let at = |label: Option<&String>| match label {
        None => Some(0),
        Some(l) => periods.iter().position(|p| p == l).map(|i| i + 1),
    };
    let from = s.time.as_ref().and_then(|t| t.start.as_ref());
    let to = s.time.as_ref().and_then(|t| t.end.as_ref());
    let pick = |is_start: bool| {
        let st = s.clone();
        let list = periods.to_vec();
        Callback::new(move |i: usize| {
            let mut n = st.clone();
            let label = if i == 0 { None } else { list.get(i - 1).cloned() };
            let mut t = n.time.take().unwrap_or(TimeRange { start: None, end: None });
            if is_start {
                t.start = label
            } else {
                t.end = label
            }
            n.time = (t.start.is_some() || t.end.is_some()).then_some(t);
            go(if is_start { "time-from" } else { "time-to" }, n);
        })
    };
    view! {
        <Choice id="time-from" label="From" options=ends("First period") selected=at(from) on_pick=pick(true) />
        <Choice id="time-to" label="To" options=ends("Latest period") selected=at(to) on_pick=pick(false) />
    }
}
