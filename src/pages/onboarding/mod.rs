//! Onboarding: register a host (cluster, role, activation, install command, waiting room) and
//! manage the region's activations.
//!
//! The tab lives in the URL (`#/onboarding?tab=activations`) but is switched with
//! `history.replaceState`, which fires no `hashchange`: the shell would otherwise rebuild the page
//! and the activation code, shown only once, would be lost.

mod activation_form;
mod activations_list;
mod fields;
mod install_command;
mod self_service;
mod waiting_room;
mod wizard;

use anywhere_core::aws::{AwsError, Paginated};
use leptos::prelude::*;

use crate::aws::AwsClient;
use crate::route::use_location;

/// The activations this tab created, `(id, cluster)`: what the activations list shows to a sign-in
/// that may not list the region's.
#[derive(Clone, Copy)]
pub struct CreatedHere(pub RwSignal<Vec<(String, String)>>);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Register,
    Activations,
}

impl Tab {
    fn hash(self) -> &'static str {
        match self {
            Tab::Register => "#/onboarding",
            Tab::Activations => "#/onboarding?tab=activations",
        }
    }
}

#[component]
pub fn OnboardingPage() -> impl IntoView {
    let location = use_location();
    let initial = if location.get_untracked().param("tab") == Some("activations") {
        Tab::Activations
    } else {
        Tab::Register
    };
    let tab = RwSignal::new(initial);
    provide_context(CreatedHere(RwSignal::new(Vec::new())));
    let select = move |next: Tab| {
        tab.set(next);
        if let Ok(history) = window().history() {
            // Only the address changes; failing to rewrite it changes nothing else.
            let _ =
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(next.hash()));
        }
    };
    let tab_button = move |which: Tab, label: &'static str| {
        view! {
            <button
                type="button"
                role="tab"
                class="tab"
                aria-selected=move || if tab.get() == which { "true" } else { "false" }
                on:click=move |_| select(which)
            >
                {label}
            </button>
        }
    };

    view! {
        <section class="page onboarding">
            <h1>"Onboarding"</h1>
            <div class="tabs" role="tablist" aria-label="Onboarding">
                {tab_button(Tab::Register, "Register a host")}
                {tab_button(Tab::Activations, "Activations")}
            </div>
            // Both stay mounted so switching tabs keeps the wizard's state (and its shown-once code).
            <div role="tabpanel" hidden=move || tab.get() != Tab::Register>
                <wizard::Wizard />
            </div>
            <div role="tabpanel" hidden=move || tab.get() != Tab::Activations>
                <Show when=move || tab.get() == Tab::Activations>
                    <activations_list::ActivationsList />
                </Show>
            </div>
        </section>
    }
}

/// Every page of a listing, or the first error.
async fn all_pages<O: Paginated>(
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
fn name_from_arn(arn: &str) -> &str {
    arn.rsplit_once('/').map_or(arn, |(_, name)| name)
}

/// A point in time as the user's browser shows it.
fn local_time(epoch_millis: f64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(epoch_millis));
    String::from(date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED))
}
