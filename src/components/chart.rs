//! An ECharts chart drawn from an option the core built (charming's JSON, or
//! the map's own), with PNG and SVG downloads of exactly what is drawn, each
//! captioned with the export's recipe (source, licence, bundle, release,
//! link, date accessed: `view::caption_lines`), and maps' shapes registered
//! with ECharts.
//!
//! The PNG is the chart drawn again, without animation, on an off-screen
//! element of the same size (`renderToCanvas`: the on-screen chart may still
//! be animating), copied onto a taller canvas with the caption under it. The SVG is the chart drawn again by
//! ECharts' SVG renderer in its server-side mode, with no element at all
//! (`echarts.init(null, null, {renderer: 'svg', ssr: true, width, height})`,
//! animation off, `renderToSVGString`): an SVG renderer on a page element
//! would set `style` attributes, which a strict CSP (`style-src 'self'`)
//! refuses. The core adds the caption (`view::svg_with_recipe`). Both go
//! through the externs below, so no eval is needed either.
//!
//! The element carries an accessible name (the core's plain-English
//! description) and `data-rendered` once drawn; the session counts drawn
//! charts so the page says `ready` only when every chart is on screen. The
//! ECharts instance follows the window's width and is disposed with the
//! element.
//!
//! The instance is made with `echarts.init` through a small extern rather
//! than charming's `WasmRenderer`: the renderer passes the spec through
//! serde_wasm_bindgen, which compiled a second serialiser for every charming
//! type into the .wasm (about 100 KB) for the one empty chart it drew. The
//! spec goes in as JSON text, parsed by the browser. The same extern style
//! gives what charming lacks: `echarts.registerMap` for a map's boundaries
//! (registered once per file; the name carries the file's SHA-256) and
//! `on('click')`, whose `dataIndex` a map turns into an organisation.

use crate::browser;
use crate::session::Session;
use healthdash_core::view::{svg_with_recipe, wrap_lines};
use js_sys::{Function, Reflect};
use leptos::prelude::*;
use serde_json::Value;
use std::cell::RefCell;
use std::collections::HashSet;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

#[wasm_bindgen]
extern "C" {
    /// `echarts.init(element)`: ECharts is loaded on demand ([`load_echarts`], [`echarts_ready`]).
    #[wasm_bindgen(js_namespace = echarts, js_name = init, catch)]
    fn echarts_init(element: &web_sys::HtmlElement) -> Result<JsValue, JsValue>;

    /// `echarts.init(null, theme, options)`: ECharts without an element (server-side mode), for SVG text.
    #[wasm_bindgen(js_namespace = echarts, js_name = init, catch)]
    fn echarts_init_detached(element: &JsValue, theme: &JsValue, options: &JsValue) -> Result<JsValue, JsValue>;

    /// `echarts.registerMap(name, geoJson)`: shapes a `map` series can name.
    #[wasm_bindgen(js_namespace = echarts, js_name = registerMap, catch)]
    fn echarts_register_map(name: &str, geo_json: &JsValue) -> Result<(), JsValue>;
}

thread_local! {
    /// Map names registered with ECharts in this page.
    static MAPS: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
}

/// The `<script>` element that loads ECharts.
const SCRIPT_ID: &str = "echarts-script";

/// Starts loading ECharts (`echarts.min.js`, beside the page), once. It is not
/// in index.html: a view without charts (the landing page, an overview)
/// never downloads its 1.1 MB, and a view with charts asks for it as soon as
/// the link is read (`session`), alongside its data. A script of the page's
/// own origin, which a strict CSP (`script-src 'self'`) allows.
pub fn load_echarts() {
    if document().get_element_by_id(SCRIPT_ID).is_some() || Reflect::get(&window(), &"echarts".into()).is_ok_and(|e| e.is_object()) {
        return;
    }
    if let Ok(script) = document().create_element("script") {
        script.set_id(SCRIPT_ID);
        let _ = script.set_attribute("src", "echarts.min.js");
        if let Some(head) = document().head() {
            let _ = head.append_child(&script);
        }
    }
}

/// Waits until ECharts is there (loading it if nothing has yet; see
/// [`load_echarts`]); charts and maps wait here. Fails, with a sentence, when
/// the script could not be loaded (its `error` event, or the server's answer
/// to it was an error).
pub async fn echarts_ready() -> Result<(), String> {
    const FAILED: &str = "the charting library (echarts.min.js) could not be loaded; reload the page";
    let window = web_sys::window().ok_or("no window")?;
    let loaded = || Reflect::get(&window, &"echarts".into()).is_ok_and(|e| e.is_object());
    load_echarts();
    loop {
        if loaded() {
            return Ok(());
        }
        let script = document().get_element_by_id(SCRIPT_ID).ok_or(FAILED)?;
        // An answer the server refused (404 …) before this code was listening.
        let src = script.get_attribute("src").unwrap_or_default();
        let url = web_sys::Url::new_with_base(&src, &document().base_uri().ok().flatten().unwrap_or_default()).map(|u| u.href()).unwrap_or_default();
        let entries = window.performance().map(|p| p.get_entries_by_name(&url)).unwrap_or_default();
        let status = entries.iter().filter_map(|e| Reflect::get(&e, &"responseStatus".into()).ok()?.as_f64()).next();
        if status.is_some_and(|s| s >= 400.0) {
            return Err(FAILED.into());
        }
        // Woken by the script's load or error event, or after a short wait (whichever comes first).
        let wait = js_sys::Promise::new(&mut |resolve, _| {
            let _ = script.add_event_listener_with_callback("load", &resolve);
            let _ = script.add_event_listener_with_callback("error", &resolve);
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 200);
        });
        let woke = wasm_bindgen_futures::JsFuture::from(wait).await.unwrap_or_default();
        let event = Reflect::get(&woke, &"type".into()).ok().and_then(|t| t.as_string());
        if event.as_deref() == Some("error") {
            return Err(FAILED.into());
        }
    }
}

/// Whether shapes called `name` are registered.
pub fn has_map(name: &str) -> bool {
    MAPS.with(|m| m.borrow().contains(name))
}

/// Registers the GeoJSON `text` as the map `name`.
pub fn register_map(name: &str, text: &str) -> Result<(), String> {
    let geo = js_sys::JSON::parse(text).map_err(|_| "the boundary file is not valid JSON".to_string())?;
    echarts_register_map(name, &geo).map_err(|e| format!("ECharts refused the boundaries: {e:?}"))?;
    MAPS.with(|m| m.borrow_mut().insert(name.to_string()));
    Ok(())
}

/// An ECharts instance.
type Echarts = JsValue;

/// A click listener handed to ECharts.
type Listener = Closure<dyn FnMut(JsValue)>;

fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = Reflect::get(target, &method.into())?.dyn_into()?;
    let list = js_sys::Array::new();
    for a in args {
        list.push(a);
    }
    f.apply(target, &list)
}

/// Replaces the whole option (ECharts otherwise merges, and keeps series the new spec lacks).
fn set_option(echarts: &Echarts, chart: &Value) -> Result<(), String> {
    let option = js_sys::JSON::parse(&chart.to_string()).map_err(|_| "the chart specification is not valid JSON".to_string())?;
    let settings = js_sys::Object::new();
    let _ = Reflect::set(&settings, &"notMerge".into(), &JsValue::TRUE);
    call(echarts, "setOption", &[option, settings.into()]).map(|_| ()).map_err(|e| format!("ECharts refused the chart: {e:?}"))
}

/// Pixels per CSS pixel of a PNG download.
const PNG_RATIO: f64 = 2.0;
/// A caption line's height and the caption's margin, in CSS pixels.
const CAPTION_LINE: f64 = 15.0;
const CAPTION_MARGIN: f64 = 8.0;

fn set(target: &JsValue, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(target, &key.into(), &value.into());
}

fn number(target: &JsValue, key: &str) -> f64 {
    Reflect::get(target, &key.into()).ok().and_then(|v| v.as_f64()).unwrap_or(0.0)
}

/// `chart` for an export: without animation, so it holds the finished chart
/// rather than a frame of it, and on white rather than transparent.
fn still(chart: &Value) -> Value {
    let mut still = chart.clone();
    if let Some(o) = still.as_object_mut() {
        o.insert("animation".into(), Value::Bool(false));
        o.entry("backgroundColor").or_insert_with(|| Value::String("#ffffff".into()));
    }
    still
}

/// The caption wrapped to the width of an image `width` CSS pixels wide (11px text).
fn wrapped(caption: &[String], width: i32) -> Vec<String> {
    wrap_lines(caption, (f64::from(width.max(200)) / 6.3) as usize)
}

/// The chart as a PNG `data:` URL, drawn again without animation on an
/// off-screen element of the on-screen chart's size, the caption under it.
fn png(on_screen: &web_sys::HtmlElement, chart: &Value, caption: &[String]) -> Result<String, String> {
    let el: web_sys::HtmlElement = document().create_element("div").ok().and_then(|e| e.dyn_into().ok()).ok_or("cannot make an image")?;
    // Through the CSS object model, which a strict CSP allows.
    let style = el.style();
    let (w, h) = (on_screen.client_width(), on_screen.client_height());
    for (k, v) in
        [("position", "fixed".to_string()), ("left", "-20000px".into()), ("top", "0".into()), ("width", format!("{w}px")), ("height", format!("{h}px"))]
    {
        let _ = style.set_property(k, &v);
    }
    let body = document().body().ok_or("no page body")?;
    body.append_child(&el).map_err(|_| "cannot make an image")?;
    let drawn = echarts_init(&el).map_err(|e| format!("ECharts could not draw the image: {e:?}")).and_then(|h| {
        let settings = js_sys::Object::new();
        set(&settings, "pixelRatio", PNG_RATIO);
        set(&settings, "backgroundColor", "#ffffff");
        let canvas = set_option(&h, &still(chart))
            .and_then(|_| call(&h, "renderToCanvas", &[settings.into()]).map_err(|e| format!("ECharts could not draw the image: {e:?}")));
        let _ = call(&h, "dispose", &[]);
        canvas
    });
    el.remove();
    let chart = drawn?;
    let caption = &wrapped(caption, w);
    let (width, height) = (number(&chart, "width"), number(&chart, "height"));
    let extra = (CAPTION_LINE * caption.len() as f64 + CAPTION_MARGIN) * PNG_RATIO;
    let canvas: JsValue = document().create_element("canvas").map_err(|_| "cannot make an image".to_string())?.into();
    set(&canvas, "width", width);
    set(&canvas, "height", height + extra);
    let ctx = call(&canvas, "getContext", &["2d".into()]).map_err(|_| "cannot draw an image".to_string())?;
    set(&ctx, "fillStyle", "#ffffff");
    let _ = call(&ctx, "fillRect", &[0.0.into(), 0.0.into(), width.into(), (height + extra).into()]);
    let _ = call(&ctx, "drawImage", &[chart, 0.0.into(), 0.0.into()]);
    set(&ctx, "fillStyle", "#425563");
    set(&ctx, "font", format!("{}px Arial, sans-serif", 11.0 * PNG_RATIO));
    for (i, line) in caption.iter().enumerate() {
        let y = height + CAPTION_LINE * PNG_RATIO * (i as f64 + 1.0);
        let _ = call(&ctx, "fillText", &[line.into(), (CAPTION_MARGIN * PNG_RATIO).into(), y.into()]);
    }
    call(&canvas, "toDataURL", &["image/png".into()]).ok().and_then(|u| u.as_string()).ok_or_else(|| "the image could not be encoded".to_string())
}

/// The chart drawn again by ECharts' SVG renderer, without an element, at
/// the on-screen chart's size, with the caption under it.
fn svg(on_screen: &web_sys::HtmlElement, chart: &Value, caption: &[String]) -> Result<String, String> {
    let options = js_sys::Object::new();
    set(&options, "renderer", "svg");
    set(&options, "ssr", true);
    set(&options, "width", on_screen.client_width());
    set(&options, "height", on_screen.client_height());
    let drawn = echarts_init_detached(&JsValue::NULL, &JsValue::NULL, &options).map_err(|e| format!("ECharts could not draw the SVG: {e:?}")).and_then(|h| {
        let text = set_option(&h, &still(chart))
            .and_then(|_| call(&h, "renderToSVGString", &[]).ok().and_then(|s| s.as_string()).ok_or_else(|| "ECharts gave no SVG".to_string()));
        let _ = call(&h, "dispose", &[]);
        text
    });
    svg_with_recipe(&drawn?, &wrapped(caption, on_screen.client_width()))
}

#[component]
pub fn EChart(
    /// DOM id of the chart element (unique on the page).
    id: String,
    /// Accessible name describing what the chart shows.
    label: String,
    chart: Value,
    /// File name of the PNG download (without extension).
    file_name: String,
    /// Height in CSS pixels, when the chart needs more than the default.
    #[prop(default = None)]
    height: Option<u32>,
    /// Offer the PNG download (not in embeds).
    #[prop(default = true)]
    download: bool,
    /// Called with the `dataIndex` of a clicked item (a map's area).
    #[prop(default = None)]
    on_click: Option<Callback<usize>>,
    /// The export's recipe in words, drawn under downloaded images.
    #[prop(default = Vec::new())]
    caption: Vec<String>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let handle: StoredValue<Option<Echarts>, LocalStorage> = StoredValue::new_local(None);
    // Kept alive as long as the chart: ECharts calls it on every click.
    let listener: StoredValue<Option<Listener>, LocalStorage> = StoredValue::new_local(None);
    let (error, set_error) = signal(None::<String>);
    let (rendered, set_rendered) = signal(false);
    let element_id = id.clone();
    // Whether ECharts had loaded when this chart was made (see echarts_ready).
    let (library, set_library) = signal(Reflect::get(&window(), &"echarts".into()).is_ok_and(|e| e.is_object()));
    if !library.get_untracked() {
        leptos::task::spawn_local(async move {
            match echarts_ready().await {
                // Nothing to do for a chart taken off the page meanwhile.
                Ok(()) => {
                    let _ = set_library.try_set(true);
                }
                Err(e) => {
                    if set_error.try_set(Some(e)).is_none() {
                        session.drawn.update(|n| *n += 1);
                    }
                }
            }
        });
    }
    let svg_id = id.clone();
    let svg_chart = chart.clone();
    let png_chart = chart.clone();
    let (svg_caption, svg_name) = (caption.clone(), file_name.clone());
    Effect::new(move |_| {
        if !library.get() || handle.try_with_value(|h| h.is_some()).unwrap_or(true) {
            return;
        }
        let (chart, element_id) = (chart.clone(), element_id.clone());
        // Each chart is drawn in a task of its own, after the page has had a
        // turn: a view of several charts never holds the page for all of them
        // at once (issue 18, no task over 100 ms while a view loads).
        leptos::task::spawn_local(async move {
            browser::yield_now().await;
            // Taken off the page, or drawn, meanwhile.
            if handle.try_with_value(|h| h.is_some()).unwrap_or(true) {
                return;
            }
            // Set through the CSS object model, which a strict CSP (style-src 'self') allows.
            if let (Some(h), Some(el)) = (height, document().get_element_by_id(&element_id)) {
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.style().set_property("height", &format!("{h}px"));
                }
            }
            let element = document().get_element_by_id(&element_id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            let drawn = element
                .ok_or_else(|| "the chart has no place on the page".to_string())
                .and_then(|el| echarts_init(&el).map_err(|e| format!("the chart could not be drawn: {e:?}")))
                .and_then(|h| {
                    let r = set_option(&h, &chart);
                    if let Some(cb) = on_click {
                        let f = Listener::new(move |params: JsValue| {
                            let index = Reflect::get(&params, &"dataIndex".into()).ok().and_then(|v| v.as_f64());
                            if let Some(i) = index.filter(|i| *i >= 0.0) {
                                cb.run(i as usize);
                            }
                        });
                        let _ = call(&h, "on", &["click".into(), f.as_ref().clone()]);
                        listener.set_value(Some(f));
                    }
                    handle.set_value(Some(h));
                    r
                });
            match drawn {
                Ok(()) => {
                    set_rendered.set(true);
                    session.drawn.update(|n| *n += 1);
                }
                Err(e) => {
                    // Shown in place of the chart; the rest of the view stays usable.
                    set_error.set(Some(e));
                    session.drawn.update(|n| *n += 1);
                }
            }
        });
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        handle.with_value(|h| {
            if let Some(h) = h {
                let _ = call(h, "resize", &[]);
            }
        });
    });
    on_cleanup(move || {
        resize.remove();
        handle.with_value(|h| {
            if let Some(h) = h {
                let _ = call(h, "dispose", &[]);
            }
        });
        listener.set_value(None);
    });
    let png_id = id.clone();
    let save = move |_| {
        let on_screen = document().get_element_by_id(&png_id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        let result = match on_screen {
            Some(el) if rendered.get_untracked() => png(&el, &png_chart, &caption).and_then(|u| browser::save_data_url(&format!("{file_name}.png"), &u)),
            _ => Err("the chart is not drawn yet".into()),
        };
        if let Err(e) = result {
            set_error.set(Some(format!("The PNG could not be saved: {e}")));
        }
    };
    let save_svg = move |_| {
        let on_screen = document().get_element_by_id(&svg_id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        let result = match on_screen {
            Some(el) if rendered.get_untracked() => {
                svg(&el, &svg_chart, &svg_caption).and_then(|text| browser::save_text(&format!("{svg_name}.svg"), &text, "image/svg+xml"))
            }
            _ => Err("the chart is not drawn yet".into()),
        };
        if let Err(e) = result {
            set_error.set(Some(format!("The SVG could not be saved: {e}")));
        }
    };
    let button_label = format!("Download PNG of: {label}");
    let svg_label = format!("Download SVG of: {label}");
    view! {
        <figure class="chart-figure">
            <div id=id class="chart" role="img" aria-label=label data-testid="chart" data-rendered=move || rendered.get().then_some("true")></div>
            {move || error.get().map(|e| view! { <p class="error-inline" role="alert">{e}</p> })}
            {download.then(|| view! {
                <div class="chart-downloads">
                    <button type="button" class="button button--secondary button--small" aria-label=button_label data-testid="png" on:click=save>"Download PNG"</button>
                    <button type="button" class="button button--secondary button--small" aria-label=svg_label data-testid="svg" on:click=save_svg>"Download SVG"</button>
                </div>
            })}
        </figure>
    }
}
