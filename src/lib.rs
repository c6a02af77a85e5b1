//! The ECS Anywhere console: a static single-page app that talks to ECS and SSM from the browser.
//!
//! Data flows one way through one place per concern: a page asks for a typed operation
//! (`anywhere_core::aws`), the core builds and signs the request, `aws` (this crate) sends it with
//! fetch, and the typed answer (or one readable error) comes back to the page.

pub mod app;
pub mod auth;
pub mod aws;
pub mod components;
pub mod connection;
pub mod drafts;
pub mod pages;
pub mod route;
pub mod site_config;

/// Mounts the console on the page's body.
pub fn start() {
    leptos::mount::mount_to_body(app::App);
}
