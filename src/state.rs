//! The one module that knows the page URL. A view is fully described by the
//! query string (parameters defined once in `crates/core/src/params/params.json`
//! and read by `healthdash_core::view`); this module only moves that string
//! between the address bar, the browser history and the app:
//!
//! - [`current`] reads it;
//! - [`push`] records a user's choice as a new history entry (so Back and
//!   Forward walk through choices) and [`replace`] tidies the current entry
//!   to the canonical link without adding one;
//! - [`on_back_forward`] reports Back/Forward;
//! - [`href`] and [`absolute`] make links for anchors, Share and embedding,
//!   [`absolute_url`] the bundle's address for an export's recipe.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

fn location() -> Option<web_sys::Location> {
    web_sys::window().map(|w| w.location())
}

/// The query string of the page, without `?`.
pub fn current() -> String {
    location().and_then(|l| l.search().ok()).map(|s| s.trim_start_matches('?').to_string()).unwrap_or_default()
}

fn path() -> String {
    location().and_then(|l| l.pathname().ok()).unwrap_or_else(|| "./".into())
}

/// A link to the view `query` relative to this page (works under any sub-path).
pub fn href(query: &str) -> String {
    if query.is_empty() {
        path()
    } else {
        format!("?{query}")
    }
}

/// The full address of the view `query`, for Share and the embed snippet.
pub fn absolute(query: &str) -> String {
    let origin = location().and_then(|l| l.origin().ok()).unwrap_or_default();
    let base = format!("{origin}{}", path());
    if query.is_empty() {
        base
    } else {
        format!("{base}?{query}")
    }
}

/// `url` (relative to the page, or absolute) as an absolute address: a
/// recipe names the bundle wherever it is opened from.
pub fn absolute_url(url: &str) -> String {
    let base = location().and_then(|l| l.href().ok()).unwrap_or_default();
    web_sys::Url::new_with_base(url, &base).map(|u| u.href()).unwrap_or_else(|_| url.to_string())
}

fn history(push: bool, query: &str) {
    let Some(h) = web_sys::window().and_then(|w| w.history().ok()) else {
        return;
    };
    let url = href(query);
    let _ = if push { h.push_state_with_url(&JsValue::NULL, "", Some(&url)) } else { h.replace_state_with_url(&JsValue::NULL, "", Some(&url)) };
}

/// Records `query` as a new history entry, unless it is already the current one.
pub fn push(query: &str) {
    if current() != query {
        history(true, query);
    }
}

/// Replaces the current history entry's address with `query`.
pub fn replace(query: &str) {
    if current() != query {
        history(false, query);
    }
}

/// Calls `f` with the new query string whenever the user goes Back or Forward.
pub fn on_back_forward(f: impl Fn(String) + 'static) {
    let handle = window_event_listener(leptos::ev::popstate, move |_| f(current()));
    on_cleanup(move || handle.remove());
}
