//! Small pieces the onboarding tabs share: listing every page, reading ARNs and times, and the
//! activations this tab created.

use anywhere_core::aws::{AwsError, Paginated};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::aws::AwsClient;

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

/// Every page of a listing, or the first error.
pub async fn all_pages<O: Paginated>(
    client: &AwsClient,
    input: O::Input,
) -> Result<Vec<O::Output>, AwsError> {
    let mut pages = client.pages::<O>(input);
    let mut outputs = Vec::new();
    while let Some(page) = pages.next_page().await {
        outputs.push(page?);
    }
    Ok(outputs)
}

/// The name part of `arn:aws:ecs:REGION:ACCOUNT:cluster/NAME`.
pub fn name_from_arn(arn: &str) -> &str {
    arn.rsplit_once('/').map_or(arn, |(_, name)| name)
}

/// A point in time as the user's browser shows it.
pub fn local_time(epoch_millis: f64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(epoch_millis));
    String::from(date.to_locale_string("default", &JsValue::UNDEFINED))
}
