//! The waiting room: hosts joining through the activation, seen live.
//!
//! Polls SSM (managed instances of the activation, the activation's usage) and ECS (the cluster's
//! container instances of those hosts) with a growing delay, pauses while the tab is hidden, and
//! stops when the view goes away.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anywhere_core::aws::AwsError;
use anywhere_core::aws::ecs::{
    ContainerInstance, DescribeContainerInstances, DescribeContainerInstancesInput,
    ListContainerInstances, ListContainerInstancesInput,
};
use anywhere_core::aws::ssm::{
    Activation, DescribeActivations, DescribeActivationsFilter, DescribeActivationsInput,
    DescribeInstanceInformation, DescribeInstanceInformationInput, InstanceInformation,
    InstanceInformationStringFilter,
};
use anywhere_core::install::activation::{check_usable, time_to_expiry};
use anywhere_core::install::joining::{
    JoinStage, JoiningHost, PollBackoff, container_instance_filters, joining_hosts,
};
use anywhere_core::install::validate::{ActivationId, ClusterName};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::VisibilityState;

use super::all_pages;
use crate::aws::{AwsClient, use_aws};
use crate::components::ErrorMessage;

/// What one look found.
#[derive(Clone, Debug, PartialEq)]
struct Snapshot {
    hosts: Vec<JoiningHost>,
    activation: Option<Activation>,
}

/// ECS describes at most 100 container instances per call.
const DESCRIBE_BATCH: usize = 100;

async fn look(
    client: &AwsClient,
    activation_id: &str,
    cluster: &str,
) -> Result<Snapshot, AwsError> {
    let managed_input = DescribeInstanceInformationInput {
        filters: vec![InstanceInformationStringFilter {
            key: "ActivationIds".to_owned(),
            values: vec![activation_id.to_owned()],
        }],
        max_results: Some(50),
        next_token: None,
    };
    let managed: Vec<InstanceInformation> =
        all_pages::<DescribeInstanceInformation>(client, managed_input)
            .await?
            .into_iter()
            .flat_map(|page| page.instance_information_list)
            .collect();
    let ids: Vec<String> = managed.iter().map(|m| m.instance_id.clone()).collect();
    let mut arns = Vec::new();
    for filter in container_instance_filters(&ids) {
        let input = ListContainerInstancesInput {
            cluster: Some(cluster.to_owned()),
            filter: Some(filter),
            ..ListContainerInstancesInput::default()
        };
        for page in all_pages::<ListContainerInstances>(client, input).await? {
            arns.extend(page.container_instance_arns);
        }
    }
    let mut instances: Vec<ContainerInstance> = Vec::new();
    for batch in arns.chunks(DESCRIBE_BATCH) {
        let input = DescribeContainerInstancesInput {
            cluster: Some(cluster.to_owned()),
            container_instances: batch.to_vec(),
            include: Vec::new(),
        };
        let described = client.call::<DescribeContainerInstances>(&input).await?;
        instances.extend(described.container_instances);
    }
    let activation_input = DescribeActivationsInput {
        filters: vec![DescribeActivationsFilter {
            filter_key: "ActivationIds".to_owned(),
            filter_values: vec![activation_id.to_owned()],
        }],
        ..DescribeActivationsInput::default()
    };
    let activation = client
        .call::<DescribeActivations>(&activation_input)
        .await?
        .activation_list
        .into_iter()
        .find(|a| a.activation_id.eq_ignore_ascii_case(activation_id));
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

#[component]
pub fn WaitingRoom(activation_id: ActivationId, cluster: ClusterName) -> impl IntoView {
    let aws = use_aws();
    let snapshot = RwSignal::new(None::<Snapshot>);
    let error = RwSignal::new(None::<String>);
    let paused = RwSignal::new(false);
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
                while alive.load(Ordering::Relaxed) {
                    paused.try_set(document().visibility_state() == VisibilityState::Hidden);
                    until_visible().await;
                    if !alive.load(Ordering::Relaxed) {
                        break;
                    }
                    paused.try_set(false);
                    let found = look(&client, &id, &cluster_name).await;
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
                {format!("Hosts registering with activation {activation_id} into cluster {cluster}. ")}
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
                        <For each=hosts key=|h| format!("{h:?}") let:host>
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
