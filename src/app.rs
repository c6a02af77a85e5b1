//! The shell: header with the connection state, navigation, and the current page.

use leptos::prelude::*;

use crate::auth::{Auth, AuthState, use_auth};
use crate::connection::{self, ConnectionSettings};
use crate::pages;
use crate::route::{Page, use_location};
use crate::site_config::{self, SiteConfig};

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
    let auth = Auth::new();
    provide_context(auth);
    let (site, set_site) = signal(SiteConfig::default());
    provide_context(site);
    let startup_error = RwSignal::new(None::<String>);
    // No page starts before the site configuration is known: it decides which pages exist, where
    // requests go and with which credentials, and where a self-service visitor lands.
    let configured = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        let loaded = site_config::load().await;
        configured.set(true);
        match loaded {
            Ok(Some(loaded)) => {
                let pool = loaded.config.cognito_identity_pool_id.clone();
                let endpoint = loaded.settings.endpoint.clone();
                if !from_tab || pool.is_some() {
                    settings.set(loaded.settings);
                }
                land_on_a_shown_page(&loaded.config);
                set_site.set(loaded.config);
                if let Some(pool) = pool {
                    auth.start_cognito(pool, endpoint, Connection(settings));
                }
            }
            Ok(None) => {}
            Err(err) => startup_error.set(Some(err.to_string())),
        }
    });
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

    // A page is built again only when the page itself, whether it is shown, or whether there are
    // credentials changes, not when its parameters do: a page keeps its state (an activation code
    // shown once, a half-filled form) while links and its own URL updates change the query, and
    // starts its requests afresh once credentials arrive (config.json, Cognito) or are signed out.
    // Settings is exempt from the last, so typing the keys never rebuilds the form being typed in.
    let shown_page = Memo::new(move |_| {
        if !configured.get() {
            return None;
        }
        let page = location.with(|l| l.page);
        let connected =
            page == Page::Settings || settings.with(ConnectionSettings::has_credentials);
        Some((page, site.with(|config| config.shows(page)), connected))
    });
    view! {
        <header class="topbar">
            <a class="brand" href=Page::Fleet.href()>"ECS Anywhere"</a>
            <nav aria-label="Main">
                {move || site
                    .get()
                    .shown_pages()
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
            // Settings has its own Sign out, next to the keys it clears.
            <Show when=move || {
                location.get().page != Page::Settings || !site.with(|c| c.shows(Page::Settings))
            }>
                <SignOut />
            </Show>
        </header>
        <Show when=move || startup_error.get().is_some()>
            <div class="banner error" role="alert">{move || startup_error.get()}</div>
        </Show>
        {move || match auth.state.get() {
            AuthState::CognitoFailed(message) => {
                Some(view! { <div class="banner error" role="alert">{message}</div> })
            }
            _ => None,
        }}
        <main id="main">
            {move || match shown_page.get() {
                None => view! { <p class="muted" role="status">"Loading…"</p> }.into_any(),
                Some((_, false, _)) => view! { <HiddenPage /> }.into_any(),
                Some((Page::Onboarding, true, _)) => pages::onboarding::OnboardingPage().into_any(),
                Some((Page::TaskDefinitions, true, _)) => {
                    pages::task_definitions::TaskDefinitionsPage().into_any()
                }
                Some((Page::Fleet, true, _)) => pages::fleet::FleetPage().into_any(),
                Some((Page::Settings, true, _)) => pages::settings::SettingsPage().into_any(),
            }}
        </main>
    }
}

/// A self-service deployment opened without a route lands on its first page, not on a hidden one.
fn land_on_a_shown_page(config: &SiteConfig) {
    let hash = window().location().hash().unwrap_or_default();
    let first = config.shown_pages().first().copied();
    if let Some(first) = first
        && hash
            .trim_start_matches('#')
            .trim_start_matches('/')
            .is_empty()
        && !config.shows(Page::Fleet)
    {
        let _ = window().location().set_hash(&first.href());
    }
}

/// What a route to a page this deployment does not show displays instead.
#[component]
fn HiddenPage() -> impl IntoView {
    let site = site_config::use_site_config();
    view! {
        <section class="page">
            <h1>"Not available here"</h1>
            <p role="status">"This page is not part of this deployment of the console."</p>
            <p>
                "Go to "
                {move || {
                    site.get()
                        .shown_pages()
                        .into_iter()
                        .map(|page| view! { <a href=page.href()>{page.title()}</a>" " })
                        .collect_view()
                }}
            </p>
        </section>
    }
}

/// Clears the credentials from memory and the tab's storage; with Cognito, offers to sign in again.
#[component]
fn SignOut() -> impl IntoView {
    let connection = use_connection();
    let auth = use_auth();
    let signed_in = move || connection.0.with(ConnectionSettings::has_credentials);
    view! {
        <Show
            when=signed_in
            fallback=move || {
                view! {
                    <Show when=move || {
                        auth.uses_cognito() && auth.state.get() == AuthState::SignedOut
                    }>
                        <button type="button" class="secondary" on:click=move |_| auth.sign_in_again(connection)>
                            "Sign in"
                        </button>
                    </Show>
                }
            }
        >
            <button type="button" class="secondary" on:click=move |_| auth.sign_out(connection)>
                "Sign out"
            </button>
        </Show>
    }
}

/// Where the console is pointed, visible on every page; a click opens Settings.
#[component]
fn ConnectionBadge() -> impl IntoView {
    let Connection(settings) = use_connection();
    let auth = use_auth();
    let credentials_label = move || {
        let has_credentials = settings.with(ConnectionSettings::has_credentials);
        match auth.state.get() {
            AuthState::Cognito { .. } => "Signed in through Cognito",
            AuthState::CognitoSigningIn => "Signing in through Cognito…",
            AuthState::CognitoFailed(_) => "Cognito sign-in failed",
            _ if has_credentials => "signed in",
            AuthState::SignedOut => "signed out",
            AuthState::Keys => "no credentials",
        }
    };
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
                {credentials_label}
            </span>
        </a>
    }
}
