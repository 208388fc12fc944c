//! An ECharts chart drawn from a `charming::Chart` spec built by the core,
//! with a PNG download of exactly what is drawn.
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
//! spec goes in as charming's JSON, parsed by the browser.

use crate::browser;
use crate::session::Session;
use charming::Chart;
use js_sys::{Function, Reflect};
use leptos::prelude::*;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

#[wasm_bindgen]
extern "C" {
    /// `echarts.init(element)`: ECharts is loaded by a script tag before the app.
    #[wasm_bindgen(js_namespace = echarts, js_name = init, catch)]
    fn echarts_init(element: &web_sys::HtmlElement) -> Result<JsValue, JsValue>;
}

/// An ECharts instance.
type Echarts = JsValue;

fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = Reflect::get(target, &method.into())?.dyn_into()?;
    let list = js_sys::Array::new();
    for a in args {
        list.push(a);
    }
    f.apply(target, &list)
}

/// Replaces the whole option (ECharts otherwise merges, and keeps series the new spec lacks).
fn set_option(echarts: &Echarts, chart: &Chart) -> Result<(), String> {
    let option = js_sys::JSON::parse(&chart.to_string()).map_err(|_| "the chart specification is not valid JSON".to_string())?;
    let settings = js_sys::Object::new();
    let _ = Reflect::set(&settings, &"notMerge".into(), &JsValue::TRUE);
    call(echarts, "setOption", &[option, settings.into()]).map(|_| ()).map_err(|e| format!("ECharts refused the chart: {e:?}"))
}

fn png(echarts: &Echarts) -> Option<String> {
    let settings = js_sys::Object::new();
    let _ = Reflect::set(&settings, &"type".into(), &"png".into());
    let _ = Reflect::set(&settings, &"pixelRatio".into(), &JsValue::from_f64(2.0));
    let _ = Reflect::set(&settings, &"backgroundColor".into(), &"#ffffff".into());
    call(echarts, "getDataURL", &[settings.into()]).ok()?.as_string()
}

#[component]
pub fn EChart(
    /// DOM id of the chart element (unique on the page).
    id: String,
    /// Accessible name describing what the chart shows.
    label: String,
    chart: Chart,
    /// File name of the PNG download (without extension).
    file_name: String,
    /// Height in CSS pixels, when the chart needs more than the default.
    #[prop(default = None)]
    height: Option<u32>,
    /// Offer the PNG download (not in embeds).
    #[prop(default = true)]
    download: bool,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let handle: StoredValue<Option<Echarts>, LocalStorage> = StoredValue::new_local(None);
    let (error, set_error) = signal(None::<String>);
    let (rendered, set_rendered) = signal(false);
    let element_id = id.clone();
    Effect::new(move |_| {
        if handle.with_value(|h| h.is_some()) {
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
    });
    let save = move |_| {
        let url = handle.with_value(|h| h.as_ref().and_then(png));
        let result = match url {
            Some(u) => browser::save_data_url(&format!("{file_name}.png"), &u),
            None => Err("the chart is not drawn yet".into()),
        };
        if let Err(e) = result {
            set_error.set(Some(format!("The PNG could not be saved: {e}")));
        }
    };
    let button_label = format!("Download PNG of: {label}");
    view! {
        <figure class="chart-figure">
            <div id=id class="chart" role="img" aria-label=label data-testid="chart" data-rendered=move || rendered.get().then_some("true")></div>
            {move || error.get().map(|e| view! { <p class="error-inline" role="alert">{e}</p> })}
            {download.then(|| view! {
                <button type="button" class="button button--secondary button--small" aria-label=button_label data-testid="png" on:click=save>"Download PNG"</button>
            })}
        </figure>
    }
}
