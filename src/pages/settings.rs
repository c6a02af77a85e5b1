//! The connection panel: region, endpoint, credentials, and the opt-in to remember them for this tab.
//! Keys are trimmed here, where they are typed, and nowhere else.

use anywhere_core::aws::ecs::{ListClusters, ListClustersInput};
use anywhere_core::region::PARTITIONS;
use leptos::prelude::*;

use crate::auth::{SessionState, Who, use_session};
use crate::aws::use_aws;
use crate::components::ErrorMessage;
use crate::connection::{EndpointChoice, use_settings};

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
    let set_kind = move |kind: String| {
        settings.update(|s| {
            let url = match &s.endpoint {
                EndpointChoice::Aws => String::new(),
                EndpointChoice::Sandbox(url) | EndpointChoice::Custom(url) => url.clone(),
            };
            s.endpoint = match kind.as_str() {
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
    let aws = use_aws();
    let test_result = RwSignal::new(None::<Result<String, String>>);
    let testing = RwSignal::new(false);
    let test_connection = move |_| {
        let client = match aws.client() {
            Ok(client) => client,
            Err(reason) => return test_result.set(Some(Err(reason.to_string()))),
        };
        testing.set(true);
        test_result.set(None);
        leptos::task::spawn_local(async move {
            let mut pages = client.pages::<ListClusters>(ListClustersInput::default());
            let mut names = Vec::new();
            let outcome = loop {
                match pages.next_page().await {
                    Some(Ok(page)) => names.extend(
                        page.cluster_arns
                            .iter()
                            .map(|arn| cluster_name(arn).to_owned()),
                    ),
                    Some(Err(error)) => break Err(error.user_message()),
                    None => break Ok(connected_summary(&names)),
                }
            };
            testing.set(false);
            test_result.set(Some(outcome));
        });
    };
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
                    <select
                        id="region"
                        on:change=move |ev| settings.update(|s| s.region = event_target_value(&ev))
                        prop:value=move || settings.get().region
                    >
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
                    <div class="choices" role="radiogroup" aria-label="Endpoint">
                        {[("aws", "AWS"), ("sandbox", "Local sandbox"), ("custom", "Custom URL")]
                            .into_iter()
                            .map(|(kind, label)| {
                                view! {
                                    <label class="choice">
                                        <input
                                            type="radio"
                                            name="endpoint"
                                            value=kind
                                            prop:checked=move || endpoint_kind() == kind
                                            on:change=move |_| set_kind(kind.to_owned())
                                        />
                                        {label}
                                    </label>
                                }
                            })
                            .collect_view()}
                    </div>
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
                    <input
                        id="access-key-id"
                        spellcheck="false"
                        prop:value=move || settings.get().access_key_id
                        on:input=move |ev| settings.update(|s| s.access_key_id = event_target_value(&ev).trim().to_owned())
                    />
                    <label for="secret-access-key">"Secret access key"</label>
                    <input
                        id="secret-access-key"
                        type="password"
                        autocomplete="off"
                        prop:value=move || settings.get().secret_access_key
                        on:input=move |ev| settings.update(|s| s.secret_access_key = event_target_value(&ev).trim().to_owned())
                    />
                    <label for="session-token">"Session token (optional)"</label>
                    <input
                        id="session-token"
                        type="password"
                        autocomplete="off"
                        prop:value=move || settings.get().session_token
                        on:input=move |ev| settings.update(|s| s.session_token = event_target_value(&ev).trim().to_owned())
                    />
                    <label class="choice">
                        <input
                            id="remember"
                            type="checkbox"
                            prop:checked=move || settings.get().remember
                            on:change=move |ev| settings.update(|s| s.remember = event_target_checked(&ev))
                        />
                        "Remember for this tab (sessionStorage, cleared when the tab closes)"
                    </label>
                </fieldset>
                <div class="actions">
                    <button type="button" on:click=test_connection disabled=move || testing.get()>
                        {move || if testing.get() { "Testing…" } else { "Test connection" }}
                    </button>
                    <button type="button" class="secondary" on:click=sign_out>"Sign out"</button>
                </div>
                {move || match test_result.get() {
                    Some(Ok(summary)) => view! { <p class="ok-message" role="status">{summary}</p> }.into_any(),
                    _ => ().into_any(),
                }}
                <ErrorMessage message=Signal::derive(move || test_result.get().and_then(Result::err)) />
            </form>
        </section>
    }
}

/// The name part of `arn:aws:ecs:REGION:ACCOUNT:cluster/NAME`.
fn cluster_name(arn: &str) -> &str {
    arn.rsplit_once('/').map_or(arn, |(_, name)| name)
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
