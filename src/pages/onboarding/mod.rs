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
mod shared;
mod state;
mod waiting_room;
mod wizard;

// The expiry input's format, for component tests that type into it.
pub use shared::datetime_local;

use leptos::prelude::*;

use crate::route::use_location;
use shared::CreatedHere;

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
