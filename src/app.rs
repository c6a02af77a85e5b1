//! The shell: header with the connection state, navigation, and the current page.

use leptos::prelude::*;

use crate::connection::{self, ConnectionSettings};
use crate::pages;
use crate::route::{Page, use_location};
use crate::site_config;

/// The console's connection, shared by every page through context.
#[derive(Clone, Copy)]
pub struct Connection(pub RwSignal<ConnectionSettings>);

pub fn use_connection() -> Connection {
    expect_context::<Connection>()
}

#[component]
pub fn App() -> impl IntoView {
    let remembered = connection::load_remembered();
    let from_tab = remembered.is_some();
    let settings = RwSignal::new(remembered.unwrap_or_default());
    provide_context(Connection(settings));
    provide_context(crate::aws::AwsShared::new());
    let startup_error = RwSignal::new(None::<String>);
    if !from_tab {
        leptos::task::spawn_local(async move {
            match site_config::load_defaults().await {
                Ok(Some(defaults)) => settings.set(defaults),
                Ok(None) => {}
                Err(err) => startup_error.set(Some(err.to_string())),
            }
        });
    }
    // Follows the user's opt-in: remembered while ticked, forgotten the moment it is not.
    Effect::new(move |_| {
        let current = settings.get();
        if current.remember {
            connection::remember(&current);
        } else {
            connection::forget();
        }
    });
    let location = use_location();

    view! {
        <header class="topbar">
            <a class="brand" href=Page::Fleet.href()>"ECS Anywhere"</a>
            <nav aria-label="Main">
                {Page::ALL
                    .into_iter()
                    .map(|page| {
                        let current = move || location.get().page == page;
                        view! {
                            <a
                                href=page.href()
                                class:active=current
                                aria-current=move || current().then_some("page")
                            >
                                {page.title()}
                            </a>
                        }
                    })
                    .collect_view()}
            </nav>
            <ConnectionBadge />
        </header>
        <Show when=move || startup_error.get().is_some()>
            <div class="banner error" role="alert">{move || startup_error.get()}</div>
        </Show>
        <main id="main">
            {move || match location.get().page {
                Page::Onboarding => pages::onboarding::OnboardingPage().into_any(),
                Page::TaskDefinitions => pages::task_definitions::TaskDefinitionsPage().into_any(),
                Page::Fleet => pages::fleet::FleetPage().into_any(),
                Page::Settings => pages::settings::SettingsPage().into_any(),
            }}
        </main>
    }
}

/// Where the console is pointed, visible on every page; a click opens Settings.
#[component]
fn ConnectionBadge() -> impl IntoView {
    let Connection(settings) = use_connection();
    let is_sandbox = move || {
        matches!(
            settings.get().endpoint,
            connection::EndpointChoice::Sandbox(_)
        )
    };
    view! {
        <a class="connection" href=Page::Settings.href() title="Connection settings">
            <Show when=is_sandbox>
                <span class="badge sandbox">"Local sandbox"</span>
            </Show>
            <span class="summary">{move || settings.get().summary()}</span>
            <span class="badge" class:warn=move || !settings.get().has_credentials()>
                {move || if settings.get().has_credentials() { "signed in" } else { "no credentials" }}
            </span>
        </a>
    }
}
