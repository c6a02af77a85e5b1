//! Where the console sends requests (region, endpoint) and the access keys a person typed.
//!
//! Typed keys stay in memory. Only when the user ticks "remember for this tab" are they copied to
//! sessionStorage (gone when the tab closes); nothing is ever written to localStorage, a URL or a
//! log. Signed-in sessions keep their credentials elsewhere (`auth`), never in these settings.

mod settings;
mod storage;

use leptos::prelude::*;

pub use settings::{ConnectionSettings, EndpointChoice};
pub use storage::{forget, load_remembered, remember};

/// The console's connection settings, shared by every page through context.
#[derive(Clone, Copy)]
pub struct SettingsContext(pub RwSignal<ConnectionSettings>);

/// The connection settings of this console (provided by the shell).
pub fn use_settings() -> RwSignal<ConnectionSettings> {
    expect_context::<SettingsContext>().0
}
