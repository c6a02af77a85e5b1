//! The waiting room: hosts joining through the activation, seen live.
//!
//! Polls SSM (managed instances of the activation, the activation's usage) and ECS (the cluster's
//! container instances of those hosts) with a growing delay, pauses while the tab is hidden, and
//! stops when the view goes away. A sign-in that may not read SSM (the self-service role: IAM
//! cannot limit DescribeInstanceInformation to a cluster) watches the cluster alone instead: the
//! hosts that registered in it since the activation was made.
//!
//! A watch rather than a load, so it is one task for the view's life, not a resource: each look's
//! delay depends on whether the last one saw a change, and it waits while the tab is hidden.

use std::cell::Cell;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anywhere_core::aws::AwsError;
use anywhere_core::aws::ecs::{container_instance_arns, describe_container_instances};
use anywhere_core::aws::ssm::{
    Activation, DescribeActivations, DescribeActivationsFilter, DescribeActivationsInput,
    DescribeInstanceInformation, DescribeInstanceInformationInput, InstanceInformation,
    InstanceInformationStringFilter,
};
use anywhere_core::fields::{ActivationId, ClusterName};
use anywhere_core::install::activation::{check_usable, time_to_expiry};
use anywhere_core::install::joining::{
    JoinStage, JoiningHost, PollBackoff, container_instance_filters, joined_since, joining_hosts,
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::VisibilityState;

use crate::aws::{AwsClient, use_aws};
use crate::components::ErrorMessage;

/// What one look found.
#[derive(Clone, Debug, PartialEq)]
struct Snapshot {
    hosts: Vec<JoiningHost>,
    activation: Option<Activation>,
}

/// Hosts registered this long before the activation was made still count: the browser's clock and
/// AWS's may differ by as much as a signature tolerates.
const CLOCK_MARGIN_MILLIS: f64 = 5.0 * 60.0 * 1000.0;

/// From ECS alone: the cluster's container instances registered since `since_millis`.
async fn look_at_the_cluster(
    client: &AwsClient,
    cluster: &str,
    since_millis: f64,
) -> Result<Snapshot, AwsError> {
    let arns = container_instance_arns(client, cluster, None).await?;
    let instances = describe_container_instances(client, cluster, &arns).await?;
    Ok(Snapshot {
        hosts: joined_since(&instances, since_millis - CLOCK_MARGIN_MILLIS),
        activation: None,
    })
}

async fn look(
    client: &AwsClient,
    activation_id: &str,
    cluster: &str,
    since_millis: f64,
    ecs_only: &Cell<bool>,
) -> Result<Snapshot, AwsError> {
    if ecs_only.get() {
        return look_at_the_cluster(client, cluster, since_millis).await;
    }
    let managed_input = DescribeInstanceInformationInput {
        filters: vec![InstanceInformationStringFilter {
            key: "ActivationIds".to_owned(),
            values: vec![activation_id.to_owned()],
        }],
        max_results: Some(50),
        next_token: None,
    };
    let managed: Vec<InstanceInformation> = match client
        .all_pages::<DescribeInstanceInformation>(managed_input)
        .await
    {
        Ok(pages) => pages
            .into_iter()
            .flat_map(|page| page.instance_information_list)
            .collect(),
        Err(AwsError::AccessDenied { .. }) => {
            ecs_only.set(true);
            return look_at_the_cluster(client, cluster, since_millis).await;
        }
        Err(error) => return Err(error),
    };
    let ids: Vec<String> = managed.iter().map(|m| m.instance_id.clone()).collect();
    let mut arns = Vec::new();
    for filter in container_instance_filters(&ids) {
        arns.extend(container_instance_arns(client, cluster, Some(filter)).await?);
    }
    let instances = describe_container_instances(client, cluster, &arns).await?;
    let activation_input = DescribeActivationsInput {
        filters: vec![DescribeActivationsFilter {
            filter_key: "ActivationIds".to_owned(),
            filter_values: vec![activation_id.to_owned()],
        }],
        ..DescribeActivationsInput::default()
    };
    // Usage and expiry are extras: a sign-in that may not read activations still sees its hosts.
    let activation = match client.call::<DescribeActivations>(&activation_input).await {
        Ok(found) => found
            .activation_list
            .into_iter()
            .find(|a| a.activation_id.eq_ignore_ascii_case(activation_id)),
        Err(AwsError::AccessDenied { .. }) => None,
        Err(error) => return Err(error),
    };
    Ok(Snapshot {
        hosts: joining_hosts(&managed, &instances),
        activation,
    })
}

/// Resolves at once while the tab is visible; otherwise when it becomes visible again.
async fn until_visible() {
    let document = document();
    while document.visibility_state() == VisibilityState::Hidden {
        let mut resolver = None;
        let shown = js_sys::Promise::new(&mut |resolve, _reject| resolver = Some(resolve));
        let Some(resolve) = resolver else { return };
        if document
            .add_event_listener_with_callback("visibilitychange", resolve.unchecked_ref())
            .is_err()
        {
            return;
        }
        // The promise only ever resolves.
        let _ = wasm_bindgen_futures::JsFuture::from(shown).await;
        let _ = document
            .remove_event_listener_with_callback("visibilitychange", resolve.unchecked_ref());
    }
}

/// - `activation_id`, `cluster`: what the hosts register with and into.
/// - `since_millis`: when the activation was made or checked; with ECS alone, hosts registered
///   since then are shown.
#[component]
pub fn WaitingRoom(
    activation_id: ActivationId,
    cluster: ClusterName,
    since_millis: f64,
) -> impl IntoView {
    let aws = use_aws();
    let snapshot = RwSignal::new(None::<Snapshot>);
    let error = RwSignal::new(None::<String>);
    let paused = RwSignal::new(false);
    let ecs_only = RwSignal::new(false);
    let alive = Arc::new(AtomicBool::new(true));
    let on_cleanup_alive = alive.clone();
    on_cleanup(move || on_cleanup_alive.store(false, Ordering::Relaxed));

    match aws.client() {
        Err(reason) => error.set(Some(reason.to_string())),
        Ok(client) => {
            let id = activation_id.as_str().to_owned();
            let cluster_name = cluster.as_str().to_owned();
            leptos::task::spawn_local(async move {
                let mut backoff = PollBackoff::new();
                let watching_ecs_only = Cell::new(false);
                while alive.load(Ordering::Relaxed) {
                    paused.try_set(document().visibility_state() == VisibilityState::Hidden);
                    until_visible().await;
                    if !alive.load(Ordering::Relaxed) {
                        break;
                    }
                    paused.try_set(false);
                    let found = look(
                        &client,
                        &id,
                        &cluster_name,
                        since_millis,
                        &watching_ecs_only,
                    )
                    .await;
                    ecs_only.try_set(watching_ecs_only.get());
                    if !alive.load(Ordering::Relaxed) {
                        break;
                    }
                    let changed = match found {
                        Ok(found) => {
                            error.try_set(None);
                            let changed = snapshot
                                .try_with_untracked(|old| old.as_ref() != Some(&found))
                                .unwrap_or(false);
                            if changed {
                                snapshot.try_set(Some(found));
                            }
                            changed
                        }
                        Err(failure) => {
                            error.try_set(Some(failure.user_message()));
                            false
                        }
                    };
                    backoff.next(changed);
                    let millis = u32::try_from(backoff.delay().as_millis()).unwrap_or(u32::MAX);
                    gloo_timers::future::TimeoutFuture::new(millis).await;
                }
            });
        }
    }

    let activation = move || snapshot.get().and_then(|s| s.activation);
    let hosts = move || snapshot.get().map(|s| s.hosts).unwrap_or_default();
    let usage = move || {
        activation().map(|a| {
            let expiry = a
                .expiration_date
                .map(|at| time_to_expiry(at.epoch_millis(), js_sys::Date::now()))
                .unwrap_or_else(|| "unknown".to_owned());
            let unusable = check_usable(&a, js_sys::Date::now())
                .err()
                .map(|e| e.to_string());
            (
                a.registrations_count,
                a.registration_limit,
                expiry,
                unusable,
            )
        })
    };

    view! {
        <section class="waiting-room" aria-labelledby="waiting-room-title" aria-live="polite">
            <h2 id="waiting-room-title">"Waiting room"</h2>
            <p class="muted">
                {
                    let cluster = cluster.clone();
                    move || if ecs_only.get() {
                        format!("Hosts that registered into cluster {cluster} since activation {activation_id} was made (this sign-in may not read Systems Manager, so the page watches the cluster). ")
                    } else {
                        format!("Hosts registering with activation {activation_id} into cluster {cluster}. ")
                    }
                }
                {move || if paused.get() { "Paused while this tab is hidden." } else { "Checking every few seconds." }}
            </p>
            {move || {
                usage()
                    .map(|(used, limit, expiry, unusable)| {
                        view! {
                            <p class="usage">
                                <span class="badge">{format!("Registrations {used} / {limit}")}</span>
                                " "
                                <span class="badge" class:warn=expiry == "expired">{format!("Expires in {expiry}")}</span>
                            </p>
                            {unusable.map(|text| view! { <p class="warning-message">{text}</p> })}
                        }
                    })
            }}
            <ErrorMessage message=error />
            <Show
                when=move || !hosts().is_empty()
                fallback=|| view! { <p class="muted waiting">"No host has registered with this activation yet. Run the command on the host."</p> }
            >
                <table class="dense hosts">
                    <thead>
                        <tr>
                            <th>"Host"</th>
                            <th>"Managed instance"</th>
                            {JoinStage::ALL.iter().map(|s| view! { <th>{s.label()}</th> }).collect_view()}
                            <th>"Custom attributes"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=hosts key=|h| h.clone() let:host>
                            <tr data-instance=host.managed_instance_id.clone()>
                                <td>{host.name.clone().unwrap_or_else(|| "—".to_owned())}</td>
                                <td><code>{host.managed_instance_id.clone()}</code></td>
                                {JoinStage::ALL
                                    .iter()
                                    .map(|stage| {
                                        let done = host.stage >= *stage;
                                        view! {
                                            <td class="stage" class:done=done>
                                                {if done { "✓ done" } else { "… waiting" }}
                                            </td>
                                        }
                                    })
                                    .collect_view()}
                                <td class="attributes">
                                    {host
                                        .custom_attributes
                                        .iter()
                                        .map(|(n, v)| view! { <code>{format!("{n}={v}")}</code>" " })
                                        .collect_view()}
                                </td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </Show>
        </section>
    }
}
