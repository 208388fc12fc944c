//! What the app asks of the browser besides HTTP and the URL: saving a file
//! (CSV, PNG), copying to the clipboard, printing, whether the user asked
//! for reduced motion, a SHA-256 off the page's thread, and letting the page
//! breathe between long steps of work. Each returns a sentence on failure,
//! for the page to show.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// True when the user asked the system for reduced motion
/// (`prefers-reduced-motion: reduce`, Media Queries Level 5).
pub fn prefers_reduced_motion() -> bool {
    use js_sys::Reflect;
    use wasm_bindgen::JsValue;
    let Some(w) = web_sys::window() else { return false };
    let query = Reflect::get(&w, &"matchMedia".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(&w, &JsValue::from_str("(prefers-reduced-motion: reduce)")).ok());
    query.and_then(|q| Reflect::get(&q, &"matches".into()).ok()).and_then(|m| m.as_bool()).unwrap_or(false)
}

fn click_download(href: &str, file_name: &str) -> Result<(), String> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a").map_err(|_| "cannot create a link")?.unchecked_into();
    a.set_href(href);
    a.set_download(file_name);
    a.set_attribute("hidden", "").ok();
    let body = document.body().ok_or("no body")?;
    body.append_child(&a).map_err(|_| "cannot add the link")?;
    a.click();
    let _ = body.remove_child(&a);
    Ok(())
}

/// Saves `text` as a file called `file_name`.
pub fn save_text(file_name: &str, text: &str, mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| "the file could not be made".to_string())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "the file could not be made".to_string())?;
    let result = click_download(&url, file_name);
    let _ = web_sys::Url::revoke_object_url(&url);
    result
}

/// Saves a `data:` URL (a chart's PNG) as a file called `file_name`.
pub fn save_data_url(file_name: &str, data_url: &str) -> Result<(), String> {
    click_download(data_url, file_name)
}

/// Copies `text` to the clipboard.
pub async fn copy(text: &str) -> Result<(), String> {
    let navigator = web_sys::window().ok_or("no window")?.navigator();
    JsFuture::from(navigator.clipboard().write_text(text)).await.map(|_| ()).map_err(|_| "the browser did not allow copying".to_string())
}

/// Opens the browser's print dialogue.
pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

/// Gives the browser a turn: returns in a new task, after it has handled
/// input, painted and run whatever else was waiting, so that a long load made
/// of many short steps never holds the page for long (no main-thread task over
/// 100 ms; BENCHMARKS.md, "Responsive while loading"). `scheduler.yield()`
/// where the browser has it (Chromium 129 and later: it resumes ahead of
/// other queued tasks), else a zero-delay timer.
pub async fn yield_now() {
    let Some(window) = web_sys::window() else { return };
    let scheduler = js_sys::Reflect::get(&window, &"scheduler".into()).unwrap_or(wasm_bindgen::JsValue::UNDEFINED);
    let yield_fn = js_sys::Reflect::get(&scheduler, &"yield".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let promise = match yield_fn.and_then(|f| f.call0(&scheduler).ok()).and_then(|p| p.dyn_into::<js_sys::Promise>().ok()) {
        Some(p) => p,
        None => js_sys::Promise::new(&mut |resolve, _| {
            let _ = window.set_timeout_with_callback(&resolve);
        }),
    };
    let _ = JsFuture::from(promise).await;
}

/// SHA-256 of `bytes` as lower-case hexadecimal, by the browser's Web Crypto
/// (`crypto.subtle.digest`): native code, off the page's thread, several
/// times faster than the core's, which checks the digest against the
/// manifest (`bundle::verify_file_digest`, in `split::open_file`). `None` where Web Crypto is missing
/// (a page served over plain HTTP from another host than this one): the
/// core then computes it itself.
pub async fn sha256(bytes: &[u8]) -> Option<String> {
    let subtle = web_sys::window()?.crypto().ok()?.subtle();
    let data = js_sys::Uint8Array::from(bytes);
    let promise = subtle.digest_with_str_and_buffer_source("SHA-256", &data).ok()?;
    let digest = js_sys::Uint8Array::new(&JsFuture::from(promise).await.ok()?).to_vec();
    Some(digest.iter().map(|b| format!("{b:02x}")).collect())
}
