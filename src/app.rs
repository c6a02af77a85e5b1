//! The shell: header with the connection and who is signed in, navigation, and the current page.
//! It provides the contexts every page reads (settings, session, AWS edge, site configuration) and
//! imports the pages; nothing imports it.

use leptos::prelude::*;

use crate::auth::{Session, SessionState, Who, use_session};
use crate::aws::{AwsShared, NotConnected};
use crate::connection::{self, ConnectionSettings, EndpointChoice, SettingsContext, use_settings};
use crate::pages;
use crate::route::{Page, use_location};
use crate::site_config::{self, SignIn, SiteConfig};

#[component]
pub fn App() -> impl IntoView {
    let remembered = connection::load_remembered();
    let from_tab = remembered.is_some();
    let settings = RwSignal::new(remembered.unwrap_or_default());
    provide_context(SettingsContext(settings));
    // Sign-in makes a few calls of its own (tokens, identity pool), bounded apart from the pages'.
    let sign_in_limits = std::rc::Rc::new(crate::aws::EndpointLimits::new(2));
    let session = Session::new(settings, sign_in_limits);
    provide_context(session);
    provide_context(AwsShared::new(
        session.credentials_source(),
        Signal::derive(move || session.readiness()),
    ));
    let (site, set_site) = signal(SiteConfig::default());
    provide_context(site);
    let startup_error = RwSignal::new(None::<String>);
    // No page starts before the site configuration is known: it decides which pages exist, where
    // requests go and with which credentials, and where a self-service visitor lands.
    let configured = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        let loaded = site_config::load().await;
        match loaded {
            Ok(Some(loaded)) => {
                let signs_in = loaded.config.sign_in.is_some();
                if !from_tab || signs_in {
                    settings.set(loaded.settings);
                }
                land_on_a_shown_page(&loaded.config);
                session.start(loaded.config.sign_in.clone());
                set_site.set(loaded.config);
            }
            Ok(None) => session.start(None),
            Err(err) => {
                session.start(None);
                startup_error.set(Some(err.to_string()));
            }
        }
        configured.set(true);
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

    // A page is built again only when the page itself, whether it is shown, or whether calls can
    // be signed changes, not when its parameters do: a page keeps its state (an activation code
    // shown once, a half-filled form) while links and its own URL updates change the query, and
    // starts its requests afresh once credentials arrive (config.json, a sign-in) or go.
    // Settings is exempt from the last, so typing the keys never rebuilds the form being typed in.
    let shown_page = Memo::new(move |_| {
        if !configured.get() {
            return None;
        }
        let page = location.with(|l| l.page);
        let readiness = if page == Page::Settings {
            Ok(())
        } else {
            session.readiness()
        };
        Some((page, site.with(|config| config.shows(page)), readiness))
    });
    view! {
        <header class="topbar">
            <a class="brand" href=Page::HOME.href()>"ECS Anywhere"</a>
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
        {move || match session.state.get() {
            SessionState::Failed(message) => {
                Some(view! { <div class="banner error" role="alert">{message}</div> }.into_any())
            }
            SessionState::SignedIn(Who::Guest) => Some(view! { <GuestWarning /> }.into_any()),
            _ => None,
        }}
        <main id="main">
            {move || match shown_page.get() {
                None => view! { <p class="muted" role="status">"Loading…"</p> }.into_any(),
                Some((_, false, _)) => view! { <HiddenPage /> }.into_any(),
                Some((_, true, Err(NotConnected::NotSignedIn))) => {
                    view! { <SignInPanel /> }.into_any()
                }
                Some((page, true, _)) => page_view(page),
            }}
        </main>
    }
}

/// The page's view. Only pages this build has are shown (`SiteConfig::shows`): the self-service
/// build compiles onboarding alone.
fn page_view(page: Page) -> AnyView {
    match page {
        Page::Onboarding => pages::onboarding::OnboardingPage().into_any(),
        #[cfg(feature = "admin")]
        Page::TaskDefinitions => pages::task_definitions::TaskDefinitionsPage().into_any(),
        #[cfg(feature = "admin")]
        Page::Fleet => pages::fleet::FleetPage().into_any(),
        #[cfg(feature = "admin")]
        Page::Settings => pages::settings::SettingsPage().into_any(),
        #[cfg(not(feature = "admin"))]
        _ => view! { <HiddenPage /> }.into_any(),
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

/// All a deployment with a sign-in offers to someone not signed in.
#[component]
fn SignInPanel() -> impl IntoView {
    let session = use_session();
    let site = site_config::use_site_config();
    let reason = move || match session.state.get() {
        SessionState::SignedOut { reason } => reason,
        _ => None,
    };
    let signing_in = move || session.state.get() == SessionState::SigningIn;
    let guests = move || site.with(|c| matches!(c.sign_in, Some(SignIn::Guests(_))));
    view! {
        <section class="page narrow sign-in">
            <h1>"Sign in"</h1>
            {move || reason().map(|text| view! { <p class="error-message" role="alert">{text}</p> })}
            <p>
                {move || if guests() {
                    "This console signs you in as a guest; nothing else is needed."
                } else {
                    "Sign in with your organisation's account to register hosts. Nothing here is available before you do."
                }}
            </p>
            <button type="button" disabled=signing_in on:click=move |_| session.sign_in()>
                {move || if signing_in() { "Signing in…" } else { "Sign in" }}
            </button>
            <Show when=move || site.with(|c| c.shows(Page::Settings))>
                <p class="muted">
                    "Administrators can also "
                    <a href=Page::Settings.href()>"enter access keys in Settings"</a>
                    "."
                </p>
            </Show>
        </section>
    }
}

/// Shown on every page of a guest deployment: what it means that anyone can open it.
#[component]
fn GuestWarning() -> impl IntoView {
    view! {
        <div class="banner warn" role="note">
            "This page is open to anyone: visitors sign in as guests without an account, and every guest can do what the guest role allows (see the README before putting it on the Internet)."
        </div>
    }
}

/// Sign out (forgets every credential), or Sign in where a deployment signs people in.
#[component]
fn SignOut() -> impl IntoView {
    let session = use_session();
    let settings = use_settings();
    let signed_in = move || {
        matches!(session.state.get(), SessionState::SignedIn(_))
            || settings.with(ConnectionSettings::has_keys)
    };
    let can_sign_in = move || {
        session.uses_sign_in()
            && matches!(
                session.state.get(),
                SessionState::SignedOut { .. } | SessionState::Failed(_)
            )
    };
    view! {
        <Show
            when=signed_in
            fallback=move || {
                view! {
                    <Show when=can_sign_in>
                        <button type="button" class="secondary" on:click=move |_| session.sign_in()>
                            "Sign in"
                        </button>
                    </Show>
                }
            }
        >
            <button type="button" class="secondary" on:click=move |_| session.sign_out()>
                "Sign out"
            </button>
        </Show>
    }
}

/// Where the console is pointed and as whom, visible on every page; a click opens Settings.
#[component]
fn ConnectionBadge() -> impl IntoView {
    let settings = use_settings();
    let session = use_session();
    let credentials_label = move || {
        let has_keys = settings.with(ConnectionSettings::has_keys);
        match session.state.get() {
            SessionState::SignedIn(Who::User { name, .. }) => format!("Signed in as {name}"),
            SessionState::SignedIn(Who::Guest) => "Guest (open to anyone)".to_owned(),
            SessionState::SigningIn => "Signing in…".to_owned(),
            SessionState::Failed(_) => "Sign-in failed".to_owned(),
            _ if has_keys => "signed in".to_owned(),
            SessionState::SignedOut { .. } | SessionState::KeysSignedOut => "signed out".to_owned(),
            SessionState::Keys => "no credentials".to_owned(),
        }
    };
    let is_sandbox = move || matches!(settings.get().endpoint, EndpointChoice::Sandbox(_));
    // A link only where Settings is shown (never in the self-service build).
    let site = site_config::use_site_config();
    let settings_href = move || {
        site.with(|c| c.shows(Page::Settings))
            .then(|| Page::Settings.href())
    };
    view! {
        <a class="connection" href=settings_href title="Connection settings">
            <Show when=is_sandbox>
                <span class="badge sandbox">"Local sandbox"</span>
            </Show>
            <span class="summary">{move || settings.get().summary()}</span>
            <span class="badge" class:warn=move || session.readiness().is_err()>
                {credentials_label}
            </span>
        </a>
    }
}
