//! What a user sees if the app panics: the view is replaced by a plain error
//! message with a reload button (a panic in WebAssembly leaves the app unable
//! to continue), and the details go to the browser console for whoever
//! investigates. Nothing of the panic message is turned into markup.

use wasm_bindgen::JsCast;

fn show(message: &str) -> Option<()> {
    let document = web_sys::window()?.document()?;
    let main = match document.get_element_by_id("app") {
        Some(m) => m,
        None => {
            let m = document.create_element("main").ok()?;
            m.set_id("app");
            document.body()?.append_child(&m).ok()?;
            m
        }
    };
    main.set_attribute("data-state", "error").ok()?;
    main.set_attribute("aria-busy", "false").ok()?;
    main.set_inner_html("");
    let make = |tag: &str, class: &str, text: &str| -> Option<web_sys::Element> {
        let e = document.create_element(tag).ok()?;
        if !class.is_empty() {
            e.set_class_name(class);
        }
        e.set_text_content(Some(text));
        Some(e)
    };
    let panel = make("div", "error-summary", "")?;
    panel.set_attribute("role", "alert").ok()?;
    panel.set_attribute("data-testid", "error").ok()?;
    let title = make("h2", "error-summary__title", "Something went wrong in healthdash")?;
    panel.append_child(&title).ok()?;
    let text = make("p", "", message)?;
    panel.append_child(&text).ok()?;
    let button = make("button", "button", "Reload the page")?;
    button.set_attribute("type", "button").ok()?;
    let reload = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    });
    button.add_event_listener_with_callback("click", reload.as_ref().unchecked_ref()).ok()?;
    reload.forget();
    panel.append_child(&button).ok()?;
    main.append_child(&panel).ok()?;
    Some(())
}

/// The window event that makes the app panic on purpose, so that the
/// end-to-end suite can check what a user sees when the app fails
/// (`e2e/specs/panic.spec.ts`). Nothing on the page sends it; sent from the
/// browser console, it stops only that tab.
const TEST_EVENT: &str = "healthdash:test-panic";

/// Installs the panic hook. Call first thing in `main`.
pub fn install() {
    if let Some(w) = web_sys::window() {
        let on_test = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| panic!("deliberate panic, to test the panic hook"));
        let _ = w.add_event_listener_with_callback(TEST_EVENT, on_test.as_ref().unchecked_ref());
        on_test.forget();
    }
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let _ = show(
            "An unexpected error stopped this page. Your link still describes what you were looking at: \
             reload to try again. Details have been written to the browser console.",
        );
    }));
}
