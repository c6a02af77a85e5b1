//! Small pieces the onboarding tabs share: reading times, and the activations this tab created.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// The activations this tab created, `(id, cluster)`: what the activations list shows to a sign-in
/// that may not list the region's.
#[derive(Clone, Copy)]
pub struct CreatedHere(pub RwSignal<Vec<(String, String)>>);

/// `YYYY-MM-DDTHH:MM` in the browser's time zone, as a `datetime-local` input shows it.
pub fn datetime_local(epoch_millis: f64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(epoch_millis));
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}

/// A point in time as the user's browser shows it.
pub fn local_time(epoch_millis: f64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(epoch_millis));
    String::from(date.to_locale_string("default", &JsValue::UNDEFINED))
}
