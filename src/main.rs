//! healthdash web app entry point: installs the panic hook and mounts [`app::App`].

mod app;
mod components;
mod data;
mod pages;
mod panic;

fn main() {
    panic::install();
    leptos::mount::mount_to_body(app::App);
}
