//! The connection panel: region, endpoint, credentials, and the opt-in to remember them for this tab.
//! Keys are trimmed here, where they are typed, and nowhere else.

use anywhere_core::fleet::regions::cluster_names;
use anywhere_core::region::PARTITIONS;
use leptos::prelude::*;

use crate::auth::{SessionState, Who, use_session};
use crate::aws::{failure, settled, use_aws};
use crate::components::{ErrorMessage, RadioGroup};
use crate::connection::{ConnectionSettings, EndpointChoice, use_settings};

const DEFAULT_SANDBOX_URL: &str = "http://127.0.0.1:4510";

#[component]
pub fn SettingsPage() -> impl IntoView {
    let settings = use_settings();

    let endpoint_kind = move || match settings.get().endpoint {
        EndpointChoice::Aws => "aws",
        EndpointChoice::Sandbox(_) => "sandbox",
        EndpointChoice::Custom(_) => "custom",
    };
    let endpoint_url = move || match settings.get().endpoint {
        EndpointChoice::Aws => String::new(),
        EndpointChoice::Sandbox(url) | EndpointChoice::Custom(url) => url,
    };
    let set_kind = move |kind: &str| {
        settings.update(|s| {
            let url = match &s.endpoint {
                EndpointChoice::Aws => String::new(),
                EndpointChoice::Sandbox(url) | EndpointChoice::Custom(url) => url.clone(),
            };
            s.endpoint = match kind {
                "sandbox" => EndpointChoice::Sandbox(if url.is_empty() {
                    DEFAULT_SANDBOX_URL.to_owned()
                } else {
                    url
                }),
                "custom" => EndpointChoice::Custom(url),
                _ => EndpointChoice::Aws,
            };
        })
    };
    let set_url = move |url: String| {
        settings.update(|s| match &mut s.endpoint {
            EndpointChoice::Sandbox(current) | EndpointChoice::Custom(current) => *current = url,
            EndpointChoice::Aws => {}
        })
    };
    // Keys are trimmed as they are typed, here and nowhere else.
    let key = move |read: fn(&ConnectionSettings) -> &String,
                    write: fn(&mut ConnectionSettings) -> &mut String| {
        create_slice(
            settings,
            move |s| read(s).clone(),
            move |s, typed: String| *write(s) = typed.trim().to_owned(),
        )
    };
    let access_key_id = key(|s| &s.access_key_id, |s| &mut s.access_key_id);
    let secret_access_key = key(|s| &s.secret_access_key, |s| &mut s.secret_access_key);
    let session_token = key(|s| &s.session_token, |s| &mut s.session_token);
    let test = use_aws().action(|client, _: &()| async move {
        let (names, _) = cluster_names(&client).await?;
        Ok(connected_summary(&names))
    });
    let tested = settled(test);
    let session = use_session();
    let sign_out = move |_| session.sign_out();
    let signed_in_as = move || match session.state.get() {
        SessionState::SignedIn(Who::User { name, .. }) => Some(format!(
            "Signed in as {name}: requests use your sign-in's credentials, not the keys below. Sign out to use keys instead."
        )),
        SessionState::SignedIn(Who::Guest) => Some(
            "Signed in as a guest: requests use the guest role's credentials, not the keys below."
                .to_owned(),
        ),
        _ => None,
    };

    view! {
        <section class="page narrow">
            <h1>"Settings"</h1>
            <form class="form" on:submit=|ev| ev.prevent_default() autocomplete="off">
                <fieldset>
                    <legend>"Where"</legend>
                    <label for="region">"Region"</label>
                    <select id="region" bind:value=slice!(settings.region)>
                        {PARTITIONS
                            .iter()
                            .map(|partition| {
                                view! {
                                    <optgroup label=partition.label()>
                                        {partition
                                            .regions()
                                            .map(|r| {
                                                view! {
                                                    <option value=r.code>{format!("{} — {}", r.code, r.name)}</option>
                                                }
                                            })
                                            .collect_view()}
                                    </optgroup>
                                }
                            })
                            .collect_view()}
                    </select>
                    <span class="label">"Endpoint"</span>
                    <RadioGroup
                        name="endpoint"
                        label="Endpoint"
                        options=vec![("aws", "AWS"), ("sandbox", "Local sandbox"), ("custom", "Custom URL")]
                        chosen=Signal::derive(endpoint_kind)
                        on_choose=set_kind
                    />
                    <Show when=move || endpoint_kind() != "aws">
                        <label for="endpoint-url">"Endpoint URL"</label>
                        <input
                            id="endpoint-url"
                            type="url"
                            placeholder="https://…"
                            prop:value=endpoint_url
                            on:change=move |ev| set_url(event_target_value(&ev))
                        />
                    </Show>
                </fieldset>
                <fieldset>
                    <legend>"Credentials"</legend>
                    <p class="muted">
                        "Kept in this tab's memory and sent nowhere but the endpoint above. Use short-lived credentials where you can."
                    </p>
                    {move || signed_in_as().map(|text| view! { <p class="ok-message" role="status">{text}</p> })}
                    <label for="access-key-id">"Access key ID"</label>
                    <input id="access-key-id" spellcheck="false" bind:value=access_key_id />
                    <label for="secret-access-key">"Secret access key"</label>
                    <input
                        id="secret-access-key"
                        type="password"
                        autocomplete="off"
                        bind:value=secret_access_key
                    />
                    <label for="session-token">"Session token (optional)"</label>
                    <input
                        id="session-token"
                        type="password"
                        autocomplete="off"
                        bind:value=session_token
                    />
                    <label class="choice">
                        <input id="remember" type="checkbox" bind:checked=slice!(settings.remember) />
                        "Remember for this tab (sessionStorage, cleared when the tab closes)"
                    </label>
                </fieldset>
                <div class="actions">
                    <button type="button" on:click=move |_| { test.dispatch(()); } disabled=test.pending()>
                        {move || if test.pending().get() { "Testing…" } else { "Test connection" }}
                    </button>
                    <button type="button" class="secondary" on:click=sign_out>"Sign out"</button>
                </div>
                {move || {
                    tested
                        .get()
                        .and_then(Result::ok)
                        .map(|summary| view! { <p class="ok-message" role="status">{summary}</p> })
                }}
                <ErrorMessage message=failure(test) />
            </form>
        </section>
    }
}

fn connected_summary(names: &[String]) -> String {
    match names.len() {
        0 => "Connected. This region has no clusters yet.".to_owned(),
        n => format!(
            "Connected. {n} cluster{}: {}",
            if n == 1 { "" } else { "s" },
            names.join(", ")
        ),
    }
}
