//! Actions on one host or many: drain, activate, deregister (from ECS and optionally SSM), and the
//! agent updates. Each is confirmed first and reports a result per host. Hosts of several regions
//! (the fleet of several regions) are acted on region by region, each with its region's client.
//! Drain is offered only when a host is not draining yet, Activate only when one is not active.

use std::collections::BTreeMap;

use anywhere_core::aws::ecs::{
    DeregisterContainerInstance, DeregisterContainerInstanceInput, UpdateContainerInstancesState,
    UpdateContainerInstancesStateInput,
};
use anywhere_core::aws::ssm::{DeregisterManagedInstance, DeregisterManagedInstanceInput};
use anywhere_core::fleet::InstanceStatus;
use anywhere_core::install::agent_update::{Privilege, cleanup_commands};
use anywhere_core::install::os::OsId;
use anywhere_core::region::Region;
use anywhere_core::text::{isolated_list, reveal_controls};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::aws::{Aws, AwsClient, use_aws};
use crate::components::{AwsText, Checkbox, ConfirmDialog, LiveRegion};

use super::agent_update::{CommandBlock, UpdateCommands, run_update};
use super::target::{Outcome, Target};

/// `UpdateContainerInstancesState` takes at most 10 container instances (botocore's model).
const STATE_BATCH: usize = 10;
/// Host names listed in a confirmation before "and N more".
const NAMED_IN_CONFIRMATION: usize = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Drain,
    Activate,
    Deregister,
    UpdateEcsAgent,
    UpdateSsmAgent,
}

impl Action {
    const ALL: [Action; 5] = [
        Action::Drain,
        Action::Activate,
        Action::Deregister,
        Action::UpdateEcsAgent,
        Action::UpdateSsmAgent,
    ];

    /// Whether the action would change anything on one of `targets`: Drain needs a host that is
    /// not draining, Activate one that is not active.
    fn applies_to(self, targets: &[Target]) -> bool {
        match self {
            Action::Drain => targets.iter().any(|t| t.status != InstanceStatus::Draining),
            Action::Activate => targets.iter().any(|t| t.status != InstanceStatus::Active),
            _ => !targets.is_empty(),
        }
    }

    /// Whether its button shows: with no target every button shows (disabled), else those that
    /// apply.
    fn shown_for(self, targets: &[Target]) -> bool {
        targets.is_empty() || self.applies_to(targets)
    }

    fn button(self) -> &'static str {
        match self {
            Action::Drain => "Drain",
            Action::Activate => "Activate",
            Action::Deregister => "Deregister…",
            Action::UpdateEcsAgent => "Update ECS agent…",
            Action::UpdateSsmAgent => "Update SSM agent…",
        }
    }

    fn question(self, hosts: usize) -> String {
        let hosts = if hosts == 1 {
            "1 host".to_owned()
        } else {
            format!("{hosts} hosts")
        };
        match self {
            Action::Drain => format!("Drain {hosts}?"),
            Action::Activate => format!("Set {hosts} back to active?"),
            Action::Deregister => format!("Deregister {hosts}?"),
            Action::UpdateEcsAgent => format!("Update the ECS agent on {hosts}?"),
            Action::UpdateSsmAgent => format!("Update the SSM agent on {hosts}?"),
        }
    }

    fn confirm(self, hosts: usize) -> String {
        let count = format!("{hosts} host{}", if hosts == 1 { "" } else { "s" });
        match self {
            Action::Drain => format!("Drain {count}"),
            Action::Activate => format!("Activate {count}"),
            Action::Deregister => format!("Deregister {count}"),
            Action::UpdateEcsAgent | Action::UpdateSsmAgent => {
                "Run through SSM Run Command".to_owned()
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostResult {
    pub arn: String,
    pub label: String,
    pub outcome: Outcome,
}

/// What a screen reader hears of an action's results: (polite) the progress, then how many hosts
/// it was done on, (assertive) the failures once every host has answered. Hosts are named when
/// there are at most five.
fn announcement(results: &[HostResult]) -> (String, String) {
    let count = |n: usize| format!("{n} host{}", if n == 1 { "" } else { "s" });
    let working = results
        .iter()
        .filter(|result| matches!(result.outcome, Outcome::Working(_)))
        .count();
    if results.is_empty() {
        return (String::new(), String::new());
    }
    if working > 0 {
        return (format!("Working on {}…", count(working)), String::new());
    }
    let named = |outcome: fn(&Outcome) -> Option<&String>| {
        let matching: Vec<_> = results
            .iter()
            .filter_map(|result| Some((&result.label, outcome(&result.outcome)?)))
            .collect();
        let mut text = format!("{} of {}.", matching.len(), count(results.len()));
        if results.len() <= 5 {
            for (label, detail) in &matching {
                text.push_str(&format!(" {}: {detail}", reveal_controls(label)));
            }
        }
        (matching.len(), text)
    };
    let (done, done_text) = named(|outcome| match outcome {
        Outcome::Done(text) => Some(text),
        _ => None,
    });
    let (failed, failed_text) = named(|outcome| match outcome {
        Outcome::Failed(text) => Some(text),
        _ => None,
    });
    (
        if done > 0 {
            format!("Done on {done_text}")
        } else {
            String::new()
        },
        if failed > 0 {
            format!("Failed on {failed_text}")
        } else {
            String::new()
        },
    )
}

/// The action buttons for `targets`, their confirmation, and the per-host results.
///
/// - `targets`: the hosts acted on (the table's selection, or the instance page's host).
/// - `on_done`: called when an action has ended on every host, to reload what changed.
#[component]
pub fn ActionPanel(
    #[prop(into)] targets: Signal<Vec<Target>>,
    #[prop(into)] on_done: Callback<()>,
) -> impl IntoView {
    let aws = use_aws();
    let pending = RwSignal::new(None::<Action>);
    let dialog_open = RwSignal::new(false);
    let also_ssm = RwSignal::new(true);
    let force = RwSignal::new(false);
    let results = RwSignal::new(Vec::<HostResult>::new());
    let running = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    // While an action runs the buttons are aria-disabled, not disabled: the one that opened the
    // confirmation keeps the keyboard focus it gets back when the dialog closes.
    let ask = move |action: Action| {
        if running.get_untracked() {
            return;
        }
        force.set(false);
        pending.set(Some(action));
        dialog_open.set(true);
    };
    let confirm = Callback::new(move |()| {
        let Some(action) = pending.get_untracked() else {
            return;
        };
        let chosen = targets.get_untracked();
        let mut groups = Vec::new();
        for (region, hosts) in by_region(&chosen) {
            match client_for(aws, region.as_deref()) {
                Ok(client) => groups.push((client, hosts)),
                Err(reason) => return error.set(Some(reason)),
            }
        }
        error.set(None);
        results.set(
            chosen
                .iter()
                .map(|target| HostResult {
                    arn: target.arn.clone(),
                    label: target.label.clone(),
                    outcome: Outcome::Working("Working…".to_owned()),
                })
                .collect(),
        );
        running.set(true);
        let (ssm, forced) = (also_ssm.get_untracked(), force.get_untracked());
        leptos::task::spawn_local(async move {
            let report = move |arn: &str, outcome: Outcome| {
                results.try_update(|results| {
                    for result in results.iter_mut().filter(|result| result.arn == arn) {
                        result.outcome = outcome.clone();
                    }
                });
            };
            for (client, chosen) in &groups {
                let region = client.endpoint().region();
                match action {
                    Action::Drain => set_state(client, chosen, "DRAINING", &report).await,
                    Action::Activate => set_state(client, chosen, "ACTIVE", &report).await,
                    Action::Deregister => deregister(client, chosen, forced, ssm, &report).await,
                    Action::UpdateEcsAgent | Action::UpdateSsmAgent => {
                        let ssm_agent = action == Action::UpdateSsmAgent;
                        run_update(client, region, chosen, ssm_agent, &report).await;
                    }
                }
            }
            if running.try_set(false).is_none() {
                on_done.run(());
            }
        });
    });

    let title = Signal::derive(move || {
        pending
            .get()
            .map(|action| action.question(targets.with(Vec::len)))
            .unwrap_or_default()
    });
    let confirm_label = Signal::derive(move || {
        pending
            .get()
            .map(|action| action.confirm(targets.with(Vec::len)))
            .unwrap_or_default()
    });
    let announced = Memo::new(move |_| results.with(|results| announcement(results)));
    let buttons = Action::ALL.map(|action| (action, NodeRef::<leptos::html::Button>::new()));
    // A button hides when its action stops applying (Drain, once the reload after a drain shows the
    // host draining). If it had the keyboard focus, the browser drops the focus to the page's body;
    // it goes to the first button still shown instead.
    let keep_focus = move |ev: leptos::ev::FocusEvent| {
        let hidden_button = ev
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlElement>().ok())
            .is_some_and(|button| button.hidden());
        if !hidden_button || ev.related_target().is_some() {
            return;
        }
        // After the other buttons' `hidden` is updated too (this runs while they are), and by the
        // same rule; the panel may be gone by then.
        leptos::task::spawn_local(async move {
            let next = targets.try_with_untracked(|targets| {
                buttons
                    .iter()
                    .find(|(action, _)| action.shown_for(targets))
                    .and_then(|(_, button)| button.try_get_untracked().flatten())
            });
            if let Some(next) = next.flatten() {
                let _ = next.focus();
            }
        });
    };
    view! {
        <div class="action-panel">
            <LiveRegion message=Signal::derive(move || announced.get().0) />
            <LiveRegion message=Signal::derive(move || announced.get().1) assertive=true />
            <div class="actions" on:focusout=keep_focus>
                {buttons
                    .into_iter()
                    .map(|(action, button)| view! {
                        <button
                            node_ref=button
                            type="button"
                            class="secondary"
                            disabled=move || targets.with(Vec::is_empty)
                            aria-disabled=move || if running.get() { "true" } else { "false" }
                            hidden=move || !targets.with(|targets| action.shown_for(targets))
                            on:click=move |_| ask(action)
                        >
                            {action.button()}
                        </button>
                    })
                    .collect_view()}
            </div>
            <ConfirmDialog open=dialog_open title=title confirm_label=confirm_label on_confirm=confirm>
                {move || {
                    let chosen = targets.get();
                    let action = pending.get();
                    view! {
                        <HostList targets=chosen.clone() />
                        {match action {
                            Some(Action::Deregister) => view! {
                                <DeregisterOptions targets=chosen also_ssm=also_ssm force=force />
                            }
                            .into_any(),
                            Some(Action::UpdateEcsAgent) => view! {
                                <p>
                                    "ECS cannot update the agent of external instances (UpdateContainerAgent is not supported): the agent comes with the ecs-init package. Run these on each host, or let SSM Run Command run them (AWS-RunShellScript, as root). Running tasks keep running."
                                </p>
                                {by_region(&chosen)
                                    .into_iter()
                                    .map(|(region, hosts)| {
                                        let region = region_of(aws, region.as_deref());
                                        view! { <UpdateCommands targets=hosts region=region /> }
                                    })
                                    .collect_view()}
                            }
                            .into_any(),
                            Some(Action::UpdateSsmAgent) => view! {
                                <p>"SSM Run Command runs the AWS-UpdateSSMAgent document on each host."</p>
                            }
                            .into_any(),
                            Some(Action::Drain) => view! {
                                <p>"ECS places no new tasks on a draining host and replaces its service tasks elsewhere."</p>
                            }
                            .into_any(),
                            _ => ().into_any(),
                        }}
                    }
                }}
            </ConfirmDialog>
            {move || error.get().map(|error| view! { <p class="error-message" role="alert">{error}</p> })}
            <Show when=move || !results.with(Vec::is_empty)>
                <table class="action-results" aria-label="Results per host">
                    <thead><tr><th scope="col">"Host"</th><th scope="col">"Result"</th></tr></thead>
                    <tbody>
                        <For
                            each=move || results.get()
                            key=|result| (result.arn.clone(), format!("{:?}", result.outcome))
                            children=|result| {
                                let (class, text) = match result.outcome {
                                    Outcome::Working(text) => ("working", text),
                                    Outcome::Done(text) => ("status-ok", text),
                                    Outcome::Failed(text) => ("status-error", text),
                                };
                                view! {
                                    <tr data-arn=result.arn>
                                        <td>{result.label}</td>
                                        <td class=class>{text}</td>
                                    </tr>
                                }
                            }
                        />
                    </tbody>
                </table>
            </Show>
        </div>
    }
}

/// `targets` by region, in the order they first appear.
fn by_region(targets: &[Target]) -> Vec<(Option<String>, Vec<Target>)> {
    let mut groups: Vec<(Option<String>, Vec<Target>)> = Vec::new();
    for target in targets {
        match groups
            .iter_mut()
            .find(|(region, _)| *region == target.region)
        {
            Some((_, hosts)) => hosts.push(target.clone()),
            None => groups.push((target.region.clone(), vec![target.clone()])),
        }
    }
    groups
}

/// The region hosts of `region` are acted on in: theirs, else the view's.
fn region_of(aws: Aws, region: Option<&str>) -> Result<Region, String> {
    match region {
        Some(code) => Region::new(code).map_err(|error| error.to_string()),
        None => aws.region().map_err(|error| error.to_string()),
    }
}

/// The client for hosts of `region`.
fn client_for(aws: Aws, region: Option<&str>) -> Result<std::rc::Rc<AwsClient>, String> {
    let region = region_of(aws, region)?;
    aws.client_in(Some(region))
        .map_err(|error| error.to_string())
}

#[component]
fn HostList(targets: Vec<Target>) -> impl IntoView {
    let more = targets.len().saturating_sub(NAMED_IN_CONFIRMATION);
    view! {
        <ul class="host-list">
            {targets
                .into_iter()
                .take(NAMED_IN_CONFIRMATION)
                .map(|target| view! { <li><AwsText text=target.label />" "<span class="muted"><AwsText text=target.cluster /></span></li> })
                .collect_view()}
            {(more > 0).then(|| view! { <li class="muted">{format!("and {more} more")}</li> })}
        </ul>
    }
}

#[component]
fn DeregisterOptions(
    targets: Vec<Target>,
    also_ssm: RwSignal<bool>,
    force: RwSignal<bool>,
) -> impl IntoView {
    let busy: Vec<String> = targets
        .iter()
        .filter(|target| target.running_tasks > 0)
        .map(|target| format!("{} ({})", target.label, target.running_tasks))
        .collect();
    let mut by_os: BTreeMap<&'static str, (OsId, Vec<String>)> = BTreeMap::new();
    let mut unknown = Vec::new();
    for target in &targets {
        match target.os {
            Some(os) => by_os
                .entry(os.key())
                .or_insert_with(|| (os, Vec::new()))
                .1
                .push(target.label.clone()),
            None => unknown.push(target.label.clone()),
        }
    }
    view! {
        <p>"ECS stops tracking the host; its tasks are not stopped on the host."</p>
        {(!busy.is_empty()).then(|| view! {
            <div class="force">
                <p>
                    {format!("Tasks still run on {}. ", isolated_list(busy.iter().map(String::as_str), ", "))}
                    "Without force, ECS refuses to deregister these hosts. With force, ECS deregisters them anyway: their service tasks are started elsewhere, but the containers keep running on the hosts until you stop them there."
                </p>
                <Checkbox checked=force>"Force deregistration of hosts with running tasks"</Checkbox>
            </div>
        })}
        <Checkbox checked=also_ssm>
            "Also deregister from Systems Manager (the host can then no longer renew its credentials)"
        </Checkbox>
        <p>"Then, on each host, remove the agents and their state before it joins another cluster:"</p>
        {by_os
            .into_values()
            .map(|(os, hosts)| view! {
                <div class="commands">
                    <p>{format!("{os} ({}):", isolated_list(hosts.iter().map(String::as_str), ", "))}</p>
                    <CommandBlock commands=cleanup_commands(os, Privilege::Sudo) />
                </div>
            })
            .collect_view()}
        {(!unknown.is_empty()).then(|| view! {
            <p class="muted">
                {format!("{}: SSM does not report the OS; use the clean-up commands for the host's distribution.", isolated_list(unknown.iter().map(String::as_str), ", "))}
            </p>
        })}
    }
}

/// Drains or activates, per cluster in batches of [`STATE_BATCH`].
async fn set_state(
    client: &AwsClient,
    targets: &[Target],
    status: &str,
    report: &impl Fn(&str, Outcome),
) {
    let mut by_cluster: BTreeMap<&str, Vec<&Target>> = BTreeMap::new();
    for target in targets {
        by_cluster.entry(&target.cluster).or_default().push(target);
    }
    for (cluster, hosts) in by_cluster {
        for batch in hosts.chunks(STATE_BATCH) {
            let input = UpdateContainerInstancesStateInput {
                cluster: Some(cluster.to_owned()),
                container_instances: batch.iter().map(|t| t.arn.clone()).collect(),
                status: status.to_owned(),
            };
            match client.call::<UpdateContainerInstancesState>(&input).await {
                Ok(output) => {
                    for target in batch {
                        let failure = output
                            .failures
                            .iter()
                            .find(|failure| failure.arn.as_deref() == Some(target.arn.as_str()));
                        report(
                            &target.arn,
                            match failure {
                                Some(failure) => Outcome::Failed(failure_text(
                                    failure.reason.as_deref(),
                                    failure.detail.as_deref(),
                                )),
                                None => Outcome::Done(format!("Now {status}.")),
                            },
                        );
                    }
                }
                Err(error) => {
                    for target in batch {
                        report(&target.arn, Outcome::Failed(error.user_message()));
                    }
                }
            }
        }
    }
}

fn failure_text(reason: Option<&str>, detail: Option<&str>) -> String {
    match (reason, detail) {
        (Some(reason), Some(detail)) => format!("ECS refused: {reason} ({detail})."),
        (Some(reason), None) => format!("ECS refused: {reason}."),
        _ => "ECS refused without a reason.".to_owned(),
    }
}

async fn deregister(
    client: &AwsClient,
    targets: &[Target],
    force: bool,
    also_ssm: bool,
    report: &impl Fn(&str, Outcome),
) {
    for target in targets {
        let input = DeregisterContainerInstanceInput {
            cluster: Some(target.cluster.clone()),
            container_instance: target.arn.clone(),
            force: force.then_some(true),
        };
        if let Err(error) = client.call::<DeregisterContainerInstance>(&input).await {
            report(&target.arn, Outcome::Failed(error.user_message()));
            continue;
        }
        let outcome = match (also_ssm, &target.managed_instance_id) {
            (false, _) => Outcome::Done("Deregistered from ECS.".to_owned()),
            (true, None) => Outcome::Done(
                "Deregistered from ECS; ECS reports no managed-instance id to deregister from SSM."
                    .to_owned(),
            ),
            (true, Some(id)) => {
                let input = DeregisterManagedInstanceInput {
                    instance_id: id.clone(),
                };
                match client.call::<DeregisterManagedInstance>(&input).await {
                    Ok(_) => Outcome::Done(format!("Deregistered from ECS and from SSM ({id}).")),
                    Err(error) => Outcome::Failed(format!(
                        "Deregistered from ECS, but not from SSM: {}",
                        error.user_message()
                    )),
                }
            }
        };
        report(&target.arn, outcome);
    }
}
