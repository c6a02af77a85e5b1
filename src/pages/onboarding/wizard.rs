//! The registration wizard: its steps in order, and steps 1 (cluster) and 2 (role).

use anywhere_core::aws::ecs::{CreateCluster, CreateClusterInput};
use anywhere_core::fields::ClusterName;
use anywhere_core::install::role::{role_cli_commands, role_cloudformation};
use anywhere_core::region::{Partition, Region};
use anywhere_core::sort;
use leptos::prelude::*;

use super::activation_form::{ActivationAction, ActivationStep};
use super::fields::{CopyBlock, FieldError, TextRow};
use super::install_command::{CommandPanel, HostStep};
use super::self_service::{LinkPanel, Prefill};
use super::state::{ClusterMode, WizardState, install_region};
use super::waiting_room::WaitingRoom;
use crate::aws::{CallError, failure, settled, use_aws};
use crate::components::{ErrorMessage, RadioGroup};
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
    // The offered clusters, listed again when Settings or the sign-in change.
    let listed = aws.resource(move |client| {
        let allowed = site.with_untracked(|c| c.allowed_clusters.clone());
        async move {
            offered_clusters(&client, allowed)
                .await
                .map_err(CallError::Message)
        }
    });
    let loading = move || listed.with(|listed| listed.is_none());
    let clusters = move || {
        listed.with(|listed| match listed {
            Some(Ok((names, _))) => names.clone(),
            _ => Vec::new(),
        })
    };
    Effect::new(move |_| {
        if let Some(Ok((names, arns))) = listed.get() {
            state.learn_arns(arns);
            if state.cluster.with_untracked(String::is_empty)
                && let Some(first) = names.first()
            {
                state.cluster.set(first.clone());
            }
        }
    });
    // A cluster the page has not seen (named by a link, not listed) is described, to learn the
    // account a host would join (said before any command is shown), or that it does not exist.
    let unseen = aws.resource(move |client| {
        let name = state.cluster.get();
        let unseen = !name.is_empty() && !loading() && state.account().is_none();
        async move {
            if !unseen {
                return Ok(Vec::new());
            }
            let (_, arns) = offered_clusters(&client, Some(vec![name]))
                .await
                .map_err(CallError::Message)?;
            Ok(arns)
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(arns)) = unseen.get() {
            state.learn_arns(arns);
        }
    });
    // Not being connected is said once, by the list.
    let unseen_error = Signal::derive(move || match unseen.get() {
        Some(Err(CallError::NotConnected(_))) => None,
        outcome => outcome.and_then(Result::err).map(|e| e.to_string()),
    });
    // A cluster named by a self-service link is offered even when it is not listed (yet); where
    // the deployment allows only some clusters, the link was refused unless it named one of them.
    let options = move || {
        let mut names = clusters();
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
    let create = aws.action(|client, name: &ClusterName| {
        let input = CreateClusterInput {
            cluster_name: Some(name.as_str().to_owned()),
            ..CreateClusterInput::default()
        };
        let name = name.as_str().to_owned();
        async move {
            let answer = client.call::<CreateCluster>(&input).await?;
            Ok((name, answer.cluster.map(|c| c.cluster_arn)))
        }
    });
    let created = settled(create);
    // A new cluster is listed and chosen.
    Effect::new(move |_| {
        if let Some(Ok((name, arn))) = created.get() {
            state.learn_arns(arn);
            listed.update_answer(|(names, _)| {
                if !names.contains(&name) {
                    names.push(name.clone());
                    sort::sort(names);
                }
            });
            state.cluster.set(name);
            state.cluster_mode.set(ClusterMode::Existing);
        }
    });
    let can_create = move || {
        !create.pending().get() && !state.new_cluster.get().is_empty() && new_name_error().is_none()
    };
    let create_click = move |_| {
        if let Ok(name) = ClusterName::parse(&state.new_cluster.get_untracked()) {
            create.dispatch(name);
        }
    };

    view! {
        <fieldset>
            <legend>"1. Cluster"</legend>
            <Show when=move || !restricted()>
                <RadioGroup
                    name="cluster-mode"
                    label="Cluster"
                    options=vec![
                        (ClusterMode::Existing, "Use an existing cluster"),
                        (ClusterMode::New, "Create a new cluster"),
                    ]
                    chosen=state.cluster_mode
                    on_choose=move |mode| state.cluster_mode.set(mode)
                />
            </Show>
            <Show when=move || state.cluster_mode.get() == ClusterMode::Existing>
                <label for="cluster-select">"Cluster"</label>
                <select
                    id="cluster-select"
                    bind:value=state.cluster
                >
                    <option value="" disabled=true>
                        {move || if loading() { "Loading clusters…" } else { "Choose a cluster" }}
                    </option>
                    <For each=options key=|name| name.clone() let:name>
                        <option value=name.clone()>{name.clone()}</option>
                    </For>
                </select>
                <Show when=move || listed.with(|l| matches!(l, Some(Ok((names, _))) if names.is_empty()))>
                    <p class="muted">"This region has no clusters yet: create one."</p>
                </Show>
                <Show when=restricted>
                    <p class="muted">"This console registers hosts only into the clusters listed here."</p>
                </Show>
                <ErrorMessage message=failure(listed) />
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
                        bind:value=state.new_cluster
                    />
                    <button type="button" on:click=create_click disabled=move || !can_create()>
                        {move || if create.pending().get() { "Creating…" } else { "Create cluster" }}
                    </button>
                </div>
                <p class="muted">"1 to 255 letters, digits, hyphens and underscores."</p>
                <FieldError message=Signal::derive(new_name_error) />
                <ErrorMessage message=failure(create) />
            </Show>
            {move || {
                created.get().and_then(Result::ok).map(|(name, _)| {
                    view! { <p class="ok-message" role="status">{format!("Cluster {name} created.")}</p> }
                })
            }}
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
            <TextRow id="role-name" label="Role name" value=state.role error=Signal::derive(move || role().err()) />
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
