//! The registration wizard: the state its steps share, and steps 1 (cluster) and 2 (role).

use anywhere_core::aws::ecs::{CreateCluster, CreateClusterInput};
use anywhere_core::install::role::{role_cli_commands, role_cloudformation};
use anywhere_core::install::validate::{
    ActivationCode, ActivationId, ClusterName, InstallRegion, InstanceRoleName,
};
use anywhere_core::region::{Partition, Region};
use leptos::prelude::*;

use super::activation_form::{self, ActivationAction, ActivationStep};
use super::fields::{CopyBlock, FieldError};
use super::install_command::{CommandPanel, HostStep};
use super::name_from_arn;
use super::self_service::{LinkPanel, Prefill};
use super::waiting_room::WaitingRoom;
use crate::aws::use_aws;
use crate::components::ErrorMessage;
use crate::connection::use_settings;
use crate::pages::clusters::offered_clusters;
use crate::site_config::use_site_config;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClusterMode {
    Existing,
    New,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActivationMode {
    Create,
    Existing,
}

/// The activation the command uses: created in this view (its code is shown once) or one the
/// user already had, checked with SSM.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadyActivation {
    pub id: ActivationId,
    pub code: ActivationCode,
    pub created_here: bool,
    /// When this page created it or checked it (epoch ms): hosts registered since then are its
    /// candidates when the waiting room can only see ECS.
    pub ready_at_millis: f64,
}

/// Everything the user typed or chose, as typed; each step validates its part on the fly.
#[derive(Clone, Copy)]
pub struct WizardState {
    pub cluster_mode: RwSignal<ClusterMode>,
    /// The cluster the host joins (an existing one, or one just created).
    pub cluster: RwSignal<String>,
    /// The ARNs of the clusters this page has seen: where the account a host joins is read from.
    pub cluster_arns: RwSignal<Vec<String>>,
    pub new_cluster: RwSignal<String>,
    pub role: RwSignal<String>,
    pub activation_mode: RwSignal<ActivationMode>,
    /// A `datetime-local` value, in the browser's time zone.
    pub expiry: RwSignal<String>,
    pub limit: RwSignal<String>,
    pub instance_name: RwSignal<String>,
    pub description: RwSignal<String>,
    pub activation_tags: RwSignal<Vec<(String, String)>>,
    pub existing_id: RwSignal<String>,
    pub existing_code: RwSignal<String>,
    /// An OS key from the catalogue, or empty for "any supported Linux".
    pub os: RwSignal<String>,
    pub arch: RwSignal<String>,
    pub docker: RwSignal<String>,
    pub ecs_version: RwSignal<String>,
    pub no_start: RwSignal<bool>,
    pub skip_registration: RwSignal<bool>,
    pub ecs_endpoint: RwSignal<String>,
    /// `ipv4`, `ipv6`, or empty for the script's default.
    pub ip: RwSignal<String>,
    pub verify: RwSignal<bool>,
    pub attributes: RwSignal<Vec<(String, String)>>,
    pub instance_tags: RwSignal<Vec<(String, String)>>,
    pub ready: RwSignal<Option<ReadyActivation>>,
}

impl WizardState {
    pub fn new() -> Self {
        let now = js_sys::Date::now();
        Self {
            cluster_mode: RwSignal::new(ClusterMode::Existing),
            cluster: RwSignal::new(String::new()),
            cluster_arns: RwSignal::new(Vec::new()),
            new_cluster: RwSignal::new(String::new()),
            role: RwSignal::new(InstanceRoleName::default().as_str().to_owned()),
            activation_mode: RwSignal::new(ActivationMode::Create),
            expiry: RwSignal::new(activation_form::datetime_local(
                now + anywhere_core::install::activation::DEFAULT_EXPIRY_MILLIS,
            )),
            limit: RwSignal::new("1".to_owned()),
            instance_name: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            activation_tags: RwSignal::new(Vec::new()),
            existing_id: RwSignal::new(String::new()),
            existing_code: RwSignal::new(String::new()),
            os: RwSignal::new(String::new()),
            arch: RwSignal::new("x86_64".to_owned()),
            docker: RwSignal::new("all".to_owned()),
            ecs_version: RwSignal::new("latest".to_owned()),
            no_start: RwSignal::new(false),
            skip_registration: RwSignal::new(false),
            ecs_endpoint: RwSignal::new(String::new()),
            ip: RwSignal::new(String::new()),
            verify: RwSignal::new(false),
            attributes: RwSignal::new(Vec::new()),
            instance_tags: RwSignal::new(Vec::new()),
            ready: RwSignal::new(None),
        }
    }

    /// The chosen cluster, validated.
    pub fn cluster_name(&self) -> Result<ClusterName, String> {
        let name = self.cluster.get();
        if name.is_empty() {
            return Err("Pick an existing cluster or create one (step 1).".to_owned());
        }
        ClusterName::parse(&name).map_err(|e| e.to_string())
    }

    pub fn role_name(&self) -> Result<InstanceRoleName, String> {
        InstanceRoleName::parse(&self.role.get()).map_err(|e| e.to_string())
    }

    /// The account of the chosen cluster, from its ARN, once the page has seen it.
    pub fn account(&self) -> Option<String> {
        let name = self.cluster.get();
        self.cluster_arns.with(|arns| {
            arns.iter()
                .find(|arn| name_from_arn(arn) == name)
                .and_then(|arn| arn.split(':').nth(4))
                .map(str::to_owned)
        })
    }

    fn learn_arns(&self, arns: impl IntoIterator<Item = String>) {
        self.cluster_arns.try_update(|known| {
            for arn in arns {
                if !known.contains(&arn) {
                    known.push(arn);
                }
            }
        });
    }
}

/// The region of Settings, if hosts can be registered there (China regions are refused with the
/// seed's reason).
pub fn install_region() -> Signal<Result<InstallRegion, String>> {
    let settings = use_settings();
    Signal::derive(move || {
        settings.with(|s| InstallRegion::parse(&s.region).map_err(|e| e.to_string()))
    })
}

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
