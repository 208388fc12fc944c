//! Navigation between views: real links (so they open in a new tab, can be
//! copied, and work without JavaScript history), each carrying the current
//! organisation, indicator and other choices; a plain click stays in the page
//! and adds a history entry.

use crate::session::Session;
use crate::state;
use healthdash_core::view::{display, View};
use leptos::prelude::*;

#[component]
pub fn ViewNav() -> impl IntoView {
    let session = expect_context::<Session>();
    view! {
        {move || match session.current.get() {
            Some((state, _)) => {
                let links = View::ALL.iter().map(|v| {
                    let target = state.with_view(*v);
                    let current = *v == state.view;
                    let href = state::href(&target.to_query());
                    view! {
                        <li>
                            <a href=href data-view=v.id() aria-current=current.then_some("page")
                                on:click=move |ev| {
                                    if ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.button() != 0 { return; }
                                    ev.prevent_default();
                                    session.go(&target);
                                }>
                                {display::view_name(*v)}
                            </a>
                        </li>
                    }
                }).collect_view();
                view! { <nav class="view-nav" aria-label="Views" data-testid="view-nav"><ul>{links}</ul></nav> }.into_any()
            }
            None => ().into_any(),
        }}
    }
}
