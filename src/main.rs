//! healthdash web app entry point: installs the panic hook and mounts [`app::App`].

mod app;
mod browser;
mod components;
mod data;
mod pages;
mod panic;
mod session;
mod state;

fn main() {
    panic::install();
    leptos::mount::mount_to_body(app::App);
}
