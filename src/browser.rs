//! What the app asks of the browser besides HTTP and the URL: saving a file
//! (CSV, PNG), copying to the clipboard, printing, and whether the user asked
//! for reduced motion. Each returns a
//! sentence on failure, for the page to show.

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
