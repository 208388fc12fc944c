//! An ECharts chart drawn from a `charming::Chart` spec built by the core.
//!
//! ECharts is initialised once per element; later specs are applied with
//! `setOption` (charming's `render` would re-initialise). The element carries
//! an accessible name, and `data-rendered` once the first spec is drawn.

use charming::{Chart, Echarts, WasmRenderer};
use leptos::prelude::*;

#[component]
pub fn EChart(
    /// DOM id of the chart element (unique on the page).
    id: &'static str,
    /// Accessible name describing what the chart shows.
    #[prop(into)]
    label: Signal<String>,
    /// The spec to draw; `None` draws nothing yet.
    #[prop(into)]
    spec: Signal<Option<Chart>>,
    /// Called after each successful draw, or with the error message.
    on_drawn: Callback<Result<(), String>>,
) -> impl IntoView {
    let handle: StoredValue<Option<Echarts>, LocalStorage> = StoredValue::new_local(None);
    Effect::new(move |_| {
        let Some(chart) = spec.get() else { return };
        let existing = handle.with_value(|h| h.is_some());
        if existing {
            handle.with_value(|h| {
                if let Some(h) = h {
                    WasmRenderer::update(h, &chart);
                }
            });
            on_drawn.run(Ok(()));
        } else {
            match WasmRenderer::new_opt(None, None).render(id, &chart) {
                Ok(h) => {
                    handle.set_value(Some(h));
                    on_drawn.run(Ok(()));
                }
                Err(e) => on_drawn.run(Err(format!("the chart could not be drawn: {e:?}"))),
            }
        }
    });
    // Charts follow the width of their container when the window resizes.
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        handle.with_value(|h| {
            if let Some(h) = h {
                h.resize(wasm_bindgen::JsValue::UNDEFINED);
            }
        });
    });
    on_cleanup(move || resize.remove());
    view! { <div id=id class="chart" role="img" aria-label=move || label.get() data-testid="chart"></div> }
}
