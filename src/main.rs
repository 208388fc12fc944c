//! healthdash web app entry point: installs the panic hook and mounts [`app::App`].
//!
//! The app exists only as WebAssembly in a browser (`make build` builds it with
//! Trunk). Built natively, this binary says so and points to the command-line
//! tool, `healthdash` (crates/cli), instead of failing inside the browser bindings.

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
mod data;
#[cfg(target_arch = "wasm32")]
mod pages;
#[cfg(target_arch = "wasm32")]
mod panic;
#[cfg(target_arch = "wasm32")]
mod session;
#[cfg(target_arch = "wasm32")]
mod split;
#[cfg(target_arch = "wasm32")]
mod state;

#[cfg(target_arch = "wasm32")]
fn main() {
    panic::install();
    leptos::mount::mount_to_body(app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    eprintln!(
        "healthdash-web is the browser app: build it for wasm32 with `make build` (or serve it with `make serve`).\n\
         The command-line tool is `healthdash`: cargo run --release --bin healthdash -- --help"
    );
    std::process::ExitCode::from(2)
}
