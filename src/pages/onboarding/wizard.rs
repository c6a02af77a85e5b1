//! The registration wizard: its steps in order, and steps 1 (cluster) and 2 (role).

use anywhere_core::aws::ecs::{CreateCluster, CreateClusterInput};
use anywhere_core::install::role::{role_cli_commands, role_cloudformation};
use anywhere_core::install::validate::ClusterName;
use anywhere_core::region::{Partition, Region};
use leptos::prelude::*;

use super::activation_form::{ActivationAction, ActivationStep};
use super::fields::{CopyBlock, FieldError};
use super::install_command::{CommandPanel, HostStep};
use super::self_service::{LinkPanel, Prefill};
use super::state::{ClusterMode, WizardState, install_region};
use super::waiting_room::WaitingRoom;
use crate::aws::use_aws;
use crate::components::ErrorMessage;
use crate::connection::use_settings;
use crate::pages::clusters::offered_clusters;
use crate::site_config::use_site_config;

#[component]
pub fn Wizard() -> impl IntoView {
    let state = WizardState::new();
    let region = install_region();
    let ready_for_room = move || {
        let ready = state.ready.get()?;
        let cluster = state.cluster_name().ok()?;
        Some((ready.id, cluster, ready.ready_at_millis))
    };

    view! {
        <ErrorMessage message=Signal::derive(move || region.get().err()) />
        <Prefill state=state />
        <form class="form wizard" on:submit=|ev| ev.prevent_default() autocomplete="off">
            <ClusterStep state=state />
            <RoleStep state=state />
            <ActivationStep state=state />
            <HostStep state=state />
            <fieldset>
                <legend>"5. Install command"</legend>
                <ActivationAction state=state />
                <CommandPanel state=state />
            </fieldset>
        </form>
        {move || {
            ready_for_room().map(|(id, cluster, since)| {
                view! { <WaitingRoom activation_id=id cluster=cluster since_millis=since /> }
            })
        }}
        <LinkPanel state=state />
    }
}

#[component]
fn ClusterStep(state: WizardState) -> impl IntoView {
    let aws = use_aws();
    let site = use_site_config();
    let restricted = move || site.with(|c| c.allowed_clusters.is_some());
    let clusters = RwSignal::new(Vec::<String>::new());
    let list_error = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    Effect::new(move |_| match aws.client() {
        Err(reason) => list_error.set(Some(reason.to_string())),
        Ok(client) => {
            list_error.set(None);
            loading.set(true);
            let allowed = site.with_untracked(|c| c.allowed_clusters.clone());
            leptos::task::spawn_local(async move {
                let offered = offered_clusters(&client, allowed).await;
                loading.try_set(false);
                match offered {
                    Ok((names, arns)) => {
                        state.learn_arns(arns);
                        if state
                            .cluster
                            .try_get_untracked()
                            .is_some_and(|c| c.is_empty())
                            && let Some(first) = names.first()
                        {
                            state.cluster.try_set(first.clone());
                        }
                        clusters.try_set(names);
                    }
                    Err(message) => {
                        list_error.try_set(Some(message));
                    }
                }
            });
        }
    });
    // A cluster the page has not seen (named by a link, not listed) is described, to learn the
    // account a host would join (said before any command is shown), or that it does not exist.
    let unseen_error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let name = state.cluster.get();
        unseen_error.set(None);
        if name.is_empty() || loading.get() || state.account().is_some() {
            return;
        }
        let Ok(client) = aws.client() else { return };
        leptos::task::spawn_local(async move {
            let found = offered_clusters(&client, Some(vec![name])).await;
            match found {
                Ok((_, arns)) => state.learn_arns(arns),
                Err(message) => {
                    unseen_error.try_set(Some(message));
                }
            }
        });
    });
    // A cluster named by a self-service link is offered even when it is not listed (yet); where
    // the deployment allows only some clusters, the link was refused unless it named one of them.
    let options = move || {
        let mut names = clusters.get();
        let chosen = state.cluster.get();
        if !chosen.is_empty() && !names.contains(&chosen) && !restricted() {
            names.insert(0, chosen);
        }
        names
    };

    let new_name_error = move || {
        let name = state.new_cluster.get();
        (!name.is_empty())
            .then(|| ClusterName::parse(&name).err().map(|e| e.to_string()))
            .flatten()
    };
    let creating = RwSignal::new(false);
    let create_error = RwSignal::new(None::<String>);
    let created = RwSignal::new(None::<String>);
    let can_create = move || {
        !creating.get() && !state.new_cluster.get().is_empty() && new_name_error().is_none()
    };
    let create = move |_| {
        let name = match ClusterName::parse(&state.new_cluster.get_untracked()) {
            Ok(name) => name,
            Err(error) => return create_error.set(Some(error.to_string())),
        };
        let client = match aws.client() {
            Ok(client) => client,
            Err(reason) => return create_error.set(Some(reason.to_string())),
        };
        creating.set(true);
        create_error.set(None);
        leptos::task::spawn_local(async move {
            let input = CreateClusterInput {
                cluster_name: Some(name.as_str().to_owned()),
                ..CreateClusterInput::default()
            };
            let outcome = client.call::<CreateCluster>(&input).await;
            creating.try_set(false);
            match outcome {
                Ok(answer) => {
                    state.learn_arns(answer.cluster.map(|c| c.cluster_arn));
                    let name = name.as_str().to_owned();
                    clusters.try_update(|list| {
                        if !list.contains(&name) {
                            list.push(name.clone());
                            list.sort();
                        }
                    });
                    state.cluster.try_set(name.clone());
                    state.cluster_mode.try_set(ClusterMode::Existing);
                    created.try_set(Some(format!("Cluster {name} created.")));
                }
                Err(error) => {
                    create_error.try_set(Some(error.user_message()));
                }
            }
        });
    };

    let mode_choice = move |mode: ClusterMode, label: &'static str| {
        view! {
            <label class="choice">
                <input
                    type="radio"
                    name="cluster-mode"
                    prop:checked=move || state.cluster_mode.get() == mode
                    on:change=move |_| state.cluster_mode.set(mode)
                />
                {label}
            </label>
        }
    };

    view! {
        <fieldset>
            <legend>"1. Cluster"</legend>
            <Show when=move || !restricted()>
                <div class="choices" role="radiogroup" aria-label="Cluster">
                    {mode_choice(ClusterMode::Existing, "Use an existing cluster")}
                    {mode_choice(ClusterMode::New, "Create a new cluster")}
                </div>
            </Show>
            <Show when=move || state.cluster_mode.get() == ClusterMode::Existing>
                <label for="cluster-select">"Cluster"</label>
                <select
                    id="cluster-select"
                    prop:value=move || state.cluster.get()
                    on:change=move |ev| state.cluster.set(event_target_value(&ev))
                >
                    <option value="" disabled=true>
                        {move || if loading.get() { "Loading clusters…" } else { "Choose a cluster" }}
                    </option>
                    <For each=options key=|name| name.clone() let:name>
                        <option value=name.clone()>{name.clone()}</option>
                    </For>
                </select>
                <Show when=move || !loading.get() && list_error.get().is_none() && clusters.with(Vec::is_empty)>
                    <p class="muted">"This region has no clusters yet: create one."</p>
                </Show>
                <Show when=restricted>
                    <p class="muted">"This console registers hosts only into the clusters listed here."</p>
                </Show>
                <ErrorMessage message=list_error />
                <ErrorMessage message=unseen_error />
            </Show>
            <Show when=move || state.cluster_mode.get() == ClusterMode::New>
                <label for="new-cluster-name">"New cluster name"</label>
                <div class="inline">
                    <input
                        id="new-cluster-name"
                        spellcheck="false"
                        placeholder="edge-munich"
                        aria-invalid=move || new_name_error().is_some().to_string()
                        prop:value=move || state.new_cluster.get()
                        on:input=move |ev| state.new_cluster.set(event_target_value(&ev))
                    />
                    <button type="button" on:click=create disabled=move || !can_create()>
                        {move || if creating.get() { "Creating…" } else { "Create cluster" }}
                    </button>
                </div>
                <p class="muted">"1 to 255 letters, digits, hyphens and underscores."</p>
                <FieldError message=Signal::derive(new_name_error) />
                <ErrorMessage message=create_error />
            </Show>
            {move || created.get().map(|text| view! { <p class="ok-message" role="status">{text}</p> })}
        </fieldset>
    }
}

#[component]
fn RoleStep(state: WizardState) -> impl IntoView {
    let settings = use_settings();
    let partition =
        move || settings.with(|s| Region::new(&s.region).map_or(Partition::AWS, |r| r.partition()));
    let role = move || state.role_name();
    let commands = Signal::derive(move || {
        role()
            .map(|role| role_cli_commands(&role, partition()).join("\n"))
            .unwrap_or_default()
    });
    let template = Signal::derive(move || {
        role()
            .map(|role| role_cloudformation(&role, partition()))
            .unwrap_or_default()
    });

    view! {
        <fieldset>
            <legend>"2. Instance role"</legend>
            <label for="role-name">"Role name"</label>
            <input
                id="role-name"
                spellcheck="false"
                aria-invalid=move || role().is_err().to_string()
                prop:value=move || state.role.get()
                on:input=move |ev| state.role.set(event_target_value(&ev))
            />
            <FieldError message=Signal::derive(move || role().err()) />
            <p class="muted">
                "SSM gives this role's credentials to the agents on the host. It is created once per account: trusted by ssm.amazonaws.com, with the AmazonSSMManagedInstanceCore and AmazonEC2ContainerServiceforEC2Role policies."
            </p>
            <Show when=move || role().is_ok()>
                <details>
                    <summary>"Create it with the AWS CLI"</summary>
                    <CopyBlock id="role-cli" text=commands label="Copy commands" />
                </details>
                <details>
                    <summary>"Create it with CloudFormation"</summary>
                    <CopyBlock id="role-cloudformation" text=template label="Copy template" />
                </details>
            </Show>
        </fieldset>
    }
}
