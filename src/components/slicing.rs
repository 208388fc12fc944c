//! The inequalities view's slicing control: how to draw the groups (bars, a
//! population pyramid, a cross-tab), which dimension's groups, and within
//! which category of another dimension. The lists and the link each option
//! leads to come from the core (`view::slicing`); this only draws them as
//! labelled selects and follows the option picked, keeping focus on the
//! select that changed. Folded behind its summary while the view shows the
//! default groups (so the first chart stays on a phone's first screen),
//! open while a slice, a pyramid or a cross-tab is shown.

use crate::session::{BundleState, Session};
use healthdash_core::view::{slicing, Layout, ViewState};
use leptos::prelude::*;

#[component]
pub fn Slicing(state: ViewState) -> impl IntoView {
    let session = expect_context::<Session>();
    let BundleState::Ready(manifest) = session.bundle.get_untracked() else {
        return ().into_any();
    };
    let lists = slicing(&manifest, &state);
    if lists.is_empty() {
        return ().into_any();
    }
    let open = state.slice.is_some() || state.within.is_some() || Some(state.layout) != Layout::spec_default();
    let summary = lists.iter().map(|c| c.options.get(c.selected.unwrap_or(0)).map(|o| o.label.clone()).unwrap_or_default()).collect::<Vec<_>>().join("; ");
    view! {
        <details class="slicing-panel" open=open data-testid="slicing-panel">
        <summary>"Slice the groups: "<span class="muted">{summary}</span></summary>
        <fieldset class="slicing" data-testid="slicing">
            <legend class="visually-hidden">"Slice the groups"</legend>
            {lists.into_iter().map(|c| {
                let id = format!("slicing-{}", c.id);
                let states: Vec<ViewState> = c.options.iter().map(|o| o.state.clone()).collect();
                let focus_id = id.clone();
                view! {
                    <div class="field">
                        <label for=id.clone()>{c.label}</label>
                        <select id=id.clone() data-testid=id on:change=move |ev| {
                            let picked = event_target_value(&ev).parse::<usize>().ok().and_then(|i| states.get(i).cloned());
                            if let Some(s) = picked {
                                session.go(&s);
                                let focus_id = focus_id.clone();
                                request_animation_frame(move || {
                                    use wasm_bindgen::JsCast;
                                    if let Some(el) = document().get_element_by_id(&focus_id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                                        let _ = el.focus();
                                    }
                                });
                            }
                        }>
                            {c.options.iter().enumerate().map(|(i, o)| view! {
                                <option value=i.to_string() selected=c.selected == Some(i)>{o.label.clone()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                }
            }).collect_view()}
        </fieldset>
        </details>
    }
    .into_any()
}
