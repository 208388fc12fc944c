//! The notice shown when part of a link was ignored: which parameter, the
//! value, and what is shown instead. Never a blank page.

use healthdash_core::view::Notice;
use leptos::prelude::*;

#[component]
pub fn Notices(notices: Vec<Notice>) -> impl IntoView {
    (!notices.is_empty()).then(|| {
        let heading = if notices.len() == 1 { "Part of this link was ignored" } else { "Parts of this link were ignored" };
        view! {
            <div class="notice" role="status" data-testid="notice">
                <h2 class="notice__title">{heading}</h2>
                <ul>
                    {notices.into_iter().map(|n| {
                        let what = if n.value.is_empty() { n.param.clone() } else { format!("{}={}", n.param, n.value) };
                        view! { <li><code data-testid="notice-param">{what}</code>": "{n.reason}</li> }
                    }).collect_view()}
                </ul>
            </div>
        }
    })
}
