//! The region's activations: usage, expiry, whether they can still register hosts, and delete.
//!
//! Activations the console creates carry the cluster they are for (a tag): the list can be limited
//! to those, and a deployment that allows only some clusters shows only theirs. SSM cannot filter
//! by tag, and IAM cannot limit DescribeActivations to a cluster, so a sign-in that may not call it
//! (the self-service role) sees the activations it made in this tab instead.

use anywhere_core::aws::AwsError;
use anywhere_core::aws::ssm::{
    Activation, DeleteActivation, DeleteActivationInput, DescribeActivations,
    DescribeActivationsInput,
};
use anywhere_core::install::activation::{activation_cluster, check_usable, time_to_expiry};
use anywhere_core::sort;
use leptos::prelude::*;

use super::shared::{CreatedHere, local_time};
use crate::aws::{AwsClient, CallError, failure, settled, use_aws};
use crate::components::{Checkbox, ErrorMessage};
use crate::site_config::use_site_config;

/// The region's activations, newest first; `None` when this sign-in may not list them.
async fn region_activations(client: &AwsClient) -> Result<Option<Vec<Activation>>, CallError> {
    let input = DescribeActivationsInput {
        max_results: Some(50),
        ..DescribeActivationsInput::default()
    };
    match client.all_pages::<DescribeActivations>(input).await {
        Err(AwsError::AccessDenied { .. }) => Ok(None),
        Err(failure) => Err(failure.into()),
        Ok(pages) => {
            let mut list: Vec<Activation> =
                pages.into_iter().flat_map(|p| p.activation_list).collect();
            let created = |x: &Activation| x.created_date.map_or(0.0, |t| t.0);
            sort::sort_by(&mut list, |a, b| created(b).total_cmp(&created(a)));
            Ok(Some(list))
        }
    }
}

#[component]
pub fn ActivationsList() -> impl IntoView {
    let aws = use_aws();
    let listed = aws.resource(|client| async move { region_activations(&client).await });
    let refreshing = RwSignal::new(false);
    let confirming = RwSignal::new(None::<String>);
    let site = use_site_config();
    let restricted = move || site.with(|c| c.allowed_clusters.is_some());
    let only_tagged = RwSignal::new(false);
    let denied = move || listed.with(|l| matches!(l, Some(Ok(None))));
    let created_here = expect_context::<CreatedHere>().0;
    let shown = move |list: Vec<Activation>| {
        let tagged_only = only_tagged.get();
        site.with(|config| {
            list.into_iter()
                .filter(|a| match activation_cluster(a) {
                    Some(cluster) => config.allows_cluster(cluster),
                    None => !tagged_only && config.allowed_clusters.is_none(),
                })
                .collect::<Vec<_>>()
        })
    };

    let delete = aws.action(|client, id: &String| {
        let input = DeleteActivationInput {
            activation_id: id.clone(),
        };
        async move {
            client.call::<DeleteActivation>(&input).await?;
            Ok(input.activation_id)
        }
    });
    let deleted = settled(delete);
    Effect::new(move |_| {
        if let Some(Ok(id)) = deleted.get() {
            confirming.set(None);
            listed.update_answer(|listed| {
                if let Some(list) = listed {
                    list.retain(|a| a.activation_id != id);
                }
            });
        }
    });

    let row = move |activation: Activation| {
        let now = js_sys::Date::now();
        let id = activation.activation_id.clone();
        let unusable = check_usable(&activation, now).err();
        let status = match &unusable {
            None => view! { <span class="badge">"usable"</span> }.into_any(),
            Some(reason) => {
                view! { <span class="status-error">{reason.to_string()}</span> }.into_any()
            }
        };
        let expires = activation
            .expiration_date
            .map(|at| {
                let left = time_to_expiry(at.epoch_millis(), now);
                let when = local_time(at.epoch_millis());
                if left == "expired" {
                    format!("{when} (expired)")
                } else {
                    format!("{when} (in {left})")
                }
            })
            .unwrap_or_default();
        let cluster = activation_cluster(&activation).unwrap_or("").to_owned();
        let confirm_id = id.clone();
        let delete_id = id.clone();
        let is_confirming = move || confirming.get().as_deref() == Some(confirm_id.as_str());
        view! {
            <tr data-activation=id.clone() class:unusable=unusable.is_some()>
                <td><code>{id.clone()}</code></td>
                <td>{cluster}</td>
                <td>{activation.description.clone().unwrap_or_default()}</td>
                <td>{activation.default_instance_name.clone().unwrap_or_default()}</td>
                <td>{activation.iam_role.clone().unwrap_or_default()}</td>
                <td class="num">{format!("{} / {}", activation.registrations_count, activation.registration_limit)}</td>
                <td>{expires}</td>
                <td>{status}</td>
                <td class="row-actions">
                    <Show
                        when=is_confirming.clone()
                        fallback={
                            let id = id.clone();
                            move || {
                                let id = id.clone();
                                view! {
                                    <button type="button" class="secondary" on:click=move |_| confirming.set(Some(id.clone()))>
                                        "Delete"
                                    </button>
                                }
                            }
                        }
                    >
                        {
                            let delete_id = delete_id.clone();
                            view! {
                                <span role="group" aria-label="Confirm delete">
                                    "Delete this activation? "
                                    <button type="button" class="danger" on:click={
                                        let delete_id = delete_id.clone();
                                        move |_| {
                                            delete.dispatch(delete_id.clone());
                                        }
                                    }>
                                        "Confirm delete"
                                    </button>
                                    " "
                                    <button type="button" class="secondary" on:click=move |_| confirming.set(None)>
                                        "Cancel"
                                    </button>
                                </span>
                            }
                        }
                    </Show>
                </td>
            </tr>
        }
    };

    let table = move |list: Vec<Activation>| {
        if list.is_empty() {
            return view! { <p class="muted">"No activations to show."</p> }.into_any();
        }
        view! {
            <table class="dense activations-table">
                <thead>
                    <tr>
                        <th>"Activation ID"</th>
                        <th>"Cluster"</th>
                        <th>"Description"</th>
                        <th>"Default instance name"</th>
                        <th>"Role"</th>
                        <th>"Used / limit"</th>
                        <th>"Expires"</th>
                        <th>"Status"</th>
                        <th><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>{list.into_iter().map(row).collect_view()}</tbody>
            </table>
        }
        .into_any()
    };

    view! {
        <div class="activations">
            <div class="actions">
                <button type="button" class="secondary" on:click=move |_| listed.refetch() disabled=refreshing>
                    {move || if refreshing.get() { "Loading…" } else { "Refresh" }}
                </button>
                <span class="muted">
                    "Deleting an activation stops new registrations with it; hosts it registered stay registered."
                </span>
            </div>
            <Show when=move || !restricted()>
                <Checkbox checked=only_tagged>"Only activations made by this console (tagged with their cluster)"</Checkbox>
            </Show>
            <Show when=denied>
                <p class="muted" role="status">
                    "This sign-in may not list the region's activations (IAM cannot limit that to your clusters). These are the ones you created in this tab:"
                </p>
                <ul class="created-here">
                    {move || created_here.get().into_iter().map(|(id, cluster)| view! {
                        <li><code>{id}</code>{format!(" for cluster {cluster}")}</li>
                    }).collect_view()}
                </ul>
            </Show>
            {move || {
                deleted.get().and_then(Result::ok).map(|id| {
                    view! {
                        <p class="ok-message" role="status">
                            {format!("Activation {id} deleted. Hosts it registered stay registered.")}
                        </p>
                    }
                })
            }}
            <ErrorMessage message=failure(delete) />
            <Transition set_pending=refreshing>
                {move || Suspend::new(async move {
                    match listed.answer().await {
                        Err(failure) => view! { <ErrorMessage message=Some(failure.to_string()) /> }.into_any(),
                        Ok(None) => ().into_any(),
                        Ok(Some(list)) => (move || table(shown(list.clone()))).into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}
