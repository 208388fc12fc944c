//! The only module that knows HTTP. It downloads a bundle's manifest and data
//! files relative to the page (so the site works under any sub-path), reports
//! bytes as they arrive, keeps verified data files in the browser's Cache
//! Storage (keyed by address *and* SHA-256, so a repeat visit does not
//! download them again and a republished file is never served stale), and
//! turns every failure into a sentence that says what and where.
//!
//! Checking and decoding are the core's job (`Dataset::add_file`).

use healthdash_core::bundle::{parse_catalogue, parse_releases, BoundaryFile, CatalogueEntry, DataFile, KeptRelease, Manifest, ReleaseIndex, RELEASES_FILE};
use healthdash_core::view::display;
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, ReadableStreamDefaultReader, RequestInit, Response};

/// Where the embedded default bundle is served, relative to the page.
pub const DEFAULT_MANIFEST: &str = "bundle/manifest.json";

/// The site's catalogue of bundles, relative to the page (written by `healthdash catalogue`).
pub const CATALOGUE: &str = "catalogue.json";

/// The largest manifest read (a bigger one is refused, not parsed).
pub const MAX_MANIFEST_BYTES: u64 = 8 * 1024 * 1024;

/// How long a download may go without finishing before it is abandoned.
const TIMEOUT_MS: i32 = 60_000;

const CACHE_NAME: &str = "healthdash-bundles-v1";

/// Bytes received so far and, when known, the total.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Progress {
    pub loaded: u64,
    pub total: Option<u64>,
}

fn js_message(e: &JsValue) -> String {
    e.as_string().or_else(|| Reflect::get(e, &"message".into()).ok().and_then(|m| m.as_string())).unwrap_or_else(|| "unknown error".into())
}

fn is_abort(e: &JsValue) -> bool {
    Reflect::get(e, &"name".into()).ok().and_then(|n| n.as_string()).is_some_and(|n| n == "AbortError")
}

/// Whether `url` (absolute or relative) is on another origin than the page.
fn cross_origin(url: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let Ok(base) = window.location().href() else {
        return false;
    };
    let page = window.location().origin().unwrap_or_default();
    web_sys::Url::new_with_base(url, &base).map(|u| u.origin() != page).unwrap_or(false)
}

/// An abort controller that fires after [`TIMEOUT_MS`]; the timer is cleared when dropped.
struct Deadline {
    controller: Option<AbortController>,
    timer: Option<i32>,
    _fire: Option<Closure<dyn FnMut()>>,
}

impl Deadline {
    fn new() -> Deadline {
        let controller = AbortController::new().ok();
        let (timer, fire) = match (&controller, web_sys::window()) {
            (Some(c), Some(w)) => {
                let c = c.clone();
                let fire = Closure::<dyn FnMut()>::new(move || c.abort());
                let id = w.set_timeout_with_callback_and_timeout_and_arguments_0(fire.as_ref().unchecked_ref(), TIMEOUT_MS).ok();
                (id, Some(fire))
            }
            _ => (None, None),
        };
        Deadline { controller, timer, _fire: fire }
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let (Some(id), Some(w)) = (self.timer, web_sys::window()) {
            w.clear_timeout_with_handle(id);
        }
        // Leaving the page or a newer download makes this one moot: stop it.
        if let Some(c) = &self.controller {
            c.abort();
        }
    }
}

fn network_error(url: &str, e: &JsValue) -> String {
    if is_abort(e) {
        return format!("{url}: the download took longer than {} seconds and was stopped. Try again, or check your connection.", TIMEOUT_MS / 1000);
    }
    if cross_origin(url) {
        return format!(
            "{url}: the browser could not read this file. It is on another website, which must allow healthdash to read it \
             (an Access-Control-Allow-Origin header, known as CORS), or the address is wrong or unreachable."
        );
    }
    format!("{url}: the download failed ({}). Check your connection and try again.", js_message(e))
}

async fn get(url: &str, deadline: &Deadline) -> Result<Response, String> {
    get_unless_missing(url, deadline).await?.ok_or_else(|| format!("{url}: the server answered 404: there is no such file"))
}

/// Like [`get`], but a 404 answer is `Ok(None)`: the file is simply not there.
async fn get_unless_missing(url: &str, deadline: &Deadline) -> Result<Option<Response>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let init = RequestInit::new();
    if let Some(c) = &deadline.controller {
        init.set_signal(Some(&c.signal()));
    }
    let response = JsFuture::from(window.fetch_with_str_and_init(url, &init)).await.map_err(|e| network_error(url, &e))?;
    let response: Response = response.dyn_into().map_err(|_| format!("{url}: not an HTTP response"))?;
    if response.status() == 404 {
        return Ok(None);
    }
    if !response.ok() {
        return Err(format!("{url}: the server answered {} {}", response.status(), response.status_text()));
    }
    Ok(Some(response))
}

/// Downloads `url` in full, calling `on_progress` as chunks arrive, and
/// refusing more than `limit` bytes.
async fn fetch_bytes(url: &str, expected: Option<u64>, limit: u64, on_progress: &dyn Fn(Progress)) -> Result<Vec<u8>, String> {
    let deadline = Deadline::new();
    let response = get(url, &deadline).await?;
    read_body(url, response, expected, limit, on_progress).await
}

/// Reads `response`'s body, reporting progress, refusing more than `limit` bytes.
async fn read_body(url: &str, response: Response, expected: Option<u64>, limit: u64, on_progress: &dyn Fn(Progress)) -> Result<Vec<u8>, String> {
    let total = expected.or_else(|| response.headers().get("content-length").ok().flatten().and_then(|v| v.parse().ok()));
    if let Some(t) = total.filter(|t| *t > limit) {
        return Err(format!("{url}: the file is {}, more than the {} healthdash accepts", display::bytes(t), display::bytes(limit)));
    }
    let Some(body) = response.body() else {
        return Ok(Vec::new());
    };
    let reader: ReadableStreamDefaultReader = body.get_reader().dyn_into().map_err(|_| format!("{url}: cannot read the response"))?;
    let mut bytes = Vec::with_capacity(total.unwrap_or(0).min(limit) as usize);
    on_progress(Progress { loaded: 0, total });
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(|e| {
            if is_abort(&e) {
                network_error(url, &e)
            } else {
                format!("{url}: the download was interrupted ({})", js_message(&e))
            }
        })?;
        let done = Reflect::get(&chunk, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true);
        if done {
            break;
        }
        if let Ok(value) = Reflect::get(&chunk, &"value".into()) {
            let array: Uint8Array = value.unchecked_into();
            let start = bytes.len();
            if (start + array.length() as usize) as u64 > limit {
                return Err(format!("{url}: the file is larger than the {} healthdash accepts", display::bytes(limit)));
            }
            bytes.resize(start + array.length() as usize, 0);
            array.copy_to(&mut bytes[start..]);
        }
        on_progress(Progress { loaded: bytes.len() as u64, total });
    }
    Ok(bytes)
}

/// Downloads and reads the site's catalogue of bundles (the landing page).
/// `Ok(None)` when the host has none: the site then opens on its default bundle.
pub async fn fetch_catalogue() -> Result<Option<Vec<CatalogueEntry>>, String> {
    let deadline = Deadline::new();
    let Some(response) = get_unless_missing(CATALOGUE, &deadline).await? else {
        return Ok(None);
    };
    let bytes = read_body(CATALOGUE, response, None, MAX_MANIFEST_BYTES, &|_| {}).await?;
    let text = String::from_utf8(bytes).map_err(|_| format!("{CATALOGUE}: the catalogue is not UTF-8 text"))?;
    parse_catalogue(CATALOGUE, &text).map(Some)
}

/// Downloads and parses a bundle manifest.
pub async fn fetch_manifest(url: &str) -> Result<Manifest, String> {
    let bytes = fetch_bytes(url, None, MAX_MANIFEST_BYTES, &|_| {}).await?;
    let text = String::from_utf8(bytes).map_err(|_| format!("{url}: the manifest is not UTF-8 text"))?;
    Manifest::from_json(url, &text).map_err(|e| e.to_string())
}

/// The releases kept beside the bundle whose manifest is at `manifest_url`
/// (its `releases.json`); `Ok(None)` when the host keeps only the current one.
pub async fn fetch_releases(manifest_url: &str) -> Result<Option<ReleaseIndex>, String> {
    let url = beside(manifest_url, RELEASES_FILE);
    let deadline = Deadline::new();
    let Some(response) = get_unless_missing(&url, &deadline).await? else {
        return Ok(None);
    };
    let bytes = read_body(&url, response, None, MAX_MANIFEST_BYTES, &|_| {}).await?;
    let text = String::from_utf8(bytes).map_err(|_| format!("{url}: the release list is not UTF-8 text"))?;
    parse_releases(&url, &text).map(Some)
}

/// The manifest URL of a release kept beside the bundle at `manifest_url`.
pub fn kept_release_url(manifest_url: &str, kept: &KeptRelease) -> String {
    beside(manifest_url, &kept.manifest)
}

/// The URL of a data file listed in the manifest at `manifest_url`.
pub fn file_url(manifest_url: &str, file: &DataFile) -> String {
    beside(manifest_url, &file.path)
}

/// The URL of `path`, relative to the manifest at `manifest_url`.
fn beside(manifest_url: &str, path: &str) -> String {
    match manifest_url.rfind('/') {
        Some(i) => format!("{}/{}", &manifest_url[..i], path),
        None => path.to_string(),
    }
}

/// The most bytes read of a file the manifest lists as `listed` bytes. A file
/// may be larger than listed only if the manifest is wrong; allow that through
/// so the check can name the mismatch, but not without limit.
fn download_limit(listed: u64) -> u64 {
    listed.saturating_mul(2).max(1024 * 1024)
}

/// A map's boundary file as text, its size and SHA-256 checked against the
/// manifest (`BoundaryFile::verify`) before anything reads it.
pub async fn fetch_boundary(manifest_url: &str, file: &BoundaryFile) -> Result<String, String> {
    let url = beside(manifest_url, &file.path);
    let bytes = fetch_bytes(&url, Some(file.bytes), download_limit(file.bytes), &|_| {}).await?;
    file.verify(&bytes).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|_| format!("{url}: the boundary file is not UTF-8 text"))
}

fn cache_key(url: &str, file: &DataFile) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}sha256={}", file.sha256)
}

async fn cache() -> Option<web_sys::Cache> {
    let caches = web_sys::window()?.caches().ok()?;
    JsFuture::from(caches.open(CACHE_NAME)).await.ok()?.dyn_into().ok()
}

async fn cached(key: &str) -> Option<Vec<u8>> {
    let hit = JsFuture::from(cache().await?.match_with_str(key)).await.ok()?;
    let response: Response = hit.dyn_into().ok()?;
    let buffer = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
    Some(Uint8Array::new(&buffer).to_vec())
}

async fn store(key: &str, bytes: &[u8]) {
    let Some(cache) = cache().await else { return };
    let array = Uint8Array::from(bytes);
    if let Ok(response) = Response::new_with_opt_buffer_source(Some(&array)) {
        let _ = JsFuture::from(cache.put_with_str(key, &response)).await;
    }
}

/// Which of `files` this browser kept from an earlier visit. One look at the
/// cache's keys, not a lookup per file: Cache Storage answers one request at
/// a time, so two dozen lookups (and the writes of the last view) queue up
/// in front of the downloads. On a first visit there is no cache to open.
pub async fn kept(manifest_url: &str, files: &[DataFile]) -> Vec<bool> {
    let none = vec![false; files.len()];
    let Some(caches) = web_sys::window().and_then(|w| w.caches().ok()) else {
        return none;
    };
    if !JsFuture::from(caches.has(CACHE_NAME)).await.ok().and_then(|v| v.as_bool()).unwrap_or(false) {
        return none;
    }
    let Some(cache) = cache().await else {
        return none;
    };
    let Ok(keys) = JsFuture::from(cache.keys()).await else {
        return none;
    };
    let stored: std::collections::HashSet<String> =
        js_sys::Array::from(&keys).iter().filter_map(|r| r.dyn_into::<web_sys::Request>().ok()).map(|r| r.url()).collect();
    let base = web_sys::window().and_then(|w| w.document()).and_then(|d| d.base_uri().ok().flatten()).unwrap_or_default();
    files
        .iter()
        .map(|f| {
            let key = cache_key(&file_url(manifest_url, f), f);
            web_sys::Url::new_with_base(&key, &base).map(|u| stored.contains(&u.href())).unwrap_or(false)
        })
        .collect()
}

/// The bytes of one data file: from the cache when [`kept`] found this exact
/// file (same SHA-256) there, else downloaded with progress. The caller
/// verifies them (`Dataset::add_file`) and then calls [`remember`].
pub async fn fetch_file(manifest_url: &str, file: &DataFile, kept: bool, on_progress: &dyn Fn(Progress)) -> Result<Vec<u8>, String> {
    let url = file_url(manifest_url, file);
    if kept {
        if let Some(bytes) = cached(&cache_key(&url, file)).await.filter(|b| b.len() as u64 == file.bytes) {
            on_progress(Progress { loaded: file.bytes, total: Some(file.bytes) });
            return Ok(bytes);
        }
    }
    fetch_bytes(&url, Some(file.bytes), download_limit(file.bytes), on_progress).await
}

/// Keeps verified files for the next visit, one after another.
pub async fn remember(manifest_url: &str, files: &[(DataFile, Vec<u8>)]) {
    for (file, bytes) in files {
        let url = file_url(manifest_url, file);
        store(&cache_key(&url, file), bytes).await;
    }
}
