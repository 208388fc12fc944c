//! The only module that knows HTTP. It downloads a bundle's manifest and data
//! files relative to the page (so the site works under any sub-path), reports
//! bytes as they arrive, and checks each data file against the size and SHA-256
//! the manifest lists before handing it to the core decoder.

use healthdash_core::bundle::{decode_values, verify_file, DataFile, Manifest, ValuesTable};
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStreamDefaultReader, Response};

/// Where the embedded default bundle is served, relative to the page.
pub const DEFAULT_MANIFEST: &str = "bundle/manifest.json";

/// Bytes received so far and, when the server said, the total.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Progress {
    pub loaded: u64,
    pub total: Option<u64>,
}

fn js_message(e: JsValue) -> String {
    e.as_string()
        .or_else(|| Reflect::get(&e, &"message".into()).ok().and_then(|m| m.as_string()))
        .unwrap_or_else(|| "unknown error".into())
}

async fn get(url: &str) -> Result<Response, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| format!("{url}: the download failed ({}). Check your connection and try again.", js_message(e)))?;
    let response: Response = response.dyn_into().map_err(|_| format!("{url}: not an HTTP response"))?;
    if !response.ok() {
        return Err(format!("{url}: the server answered {} {}", response.status(), response.status_text()));
    }
    Ok(response)
}

/// Downloads `url` in full, calling `on_progress` as chunks arrive.
pub async fn fetch_bytes(url: &str, expected: Option<u64>, on_progress: impl Fn(Progress)) -> Result<Vec<u8>, String> {
    let response = get(url).await?;
    let total = expected.or_else(|| {
        response.headers().get("content-length").ok().flatten().and_then(|v| v.parse().ok())
    });
    let Some(body) = response.body() else {
        return Ok(Vec::new());
    };
    let reader: ReadableStreamDefaultReader = body.get_reader().dyn_into().map_err(|_| format!("{url}: cannot read the response"))?;
    let mut bytes = Vec::with_capacity(total.unwrap_or(0) as usize);
    on_progress(Progress { loaded: 0, total });
    loop {
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(|e| format!("{url}: the download was interrupted ({})", js_message(e)))?;
        let done = Reflect::get(&chunk, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true);
        if done {
            break;
        }
        if let Ok(value) = Reflect::get(&chunk, &"value".into()) {
            let array: Uint8Array = value.unchecked_into();
            let start = bytes.len();
            bytes.resize(start + array.length() as usize, 0);
            array.copy_to(&mut bytes[start..]);
        }
        on_progress(Progress { loaded: bytes.len() as u64, total });
    }
    Ok(bytes)
}

/// Downloads and parses a bundle manifest.
pub async fn fetch_manifest(url: &str) -> Result<Manifest, String> {
    let bytes = fetch_bytes(url, None, |_| {}).await?;
    let text = String::from_utf8(bytes).map_err(|_| format!("{url}: the manifest is not UTF-8 text"))?;
    Manifest::from_json(url, &text).map_err(|e| e.to_string())
}

/// The URL of a data file listed in the manifest at `manifest_url`.
pub fn file_url(manifest_url: &str, file: &DataFile) -> String {
    match manifest_url.rfind('/') {
        Some(i) => format!("{}/{}", &manifest_url[..i], file.path),
        None => file.path.clone(),
    }
}

/// Downloads one values file, verifies it against the manifest and decodes it.
pub async fn fetch_values(manifest_url: &str, file: &DataFile, on_progress: impl Fn(Progress)) -> Result<ValuesTable, String> {
    let url = file_url(manifest_url, file);
    let bytes = fetch_bytes(&url, Some(file.bytes), on_progress).await?;
    verify_file(file, &bytes).map_err(|e| e.to_string())?;
    decode_values(&file.path, &bytes).map_err(|e| e.to_string())
}
