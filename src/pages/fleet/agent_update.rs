//! Updating the agents on external hosts. ECS's `UpdateContainerAgent` does not work on them, so
//! the ECS agent is updated by upgrading `ecs-init` on the host: the commands for each host's OS
//! and architecture are shown, and can be run through SSM Run Command (`AWS-RunShellScript`). The
//! SSM agent updates itself through `AWS-UpdateSSMAgent`. Each host's invocation is followed
//! until it ends.

use std::collections::{BTreeMap, HashMap};

use anywhere_core::aws::ssm::{
    ListCommandInvocations, ListCommandInvocationsInput, SendCommand, SendCommandInput,
};
use anywhere_core::install::Shell;
use anywhere_core::install::agent_update::{HostCommands, Privilege, agent_update_commands};
use anywhere_core::install::os::{Arch, OsId};
use anywhere_core::region::Region;
use leptos::prelude::*;

use crate::aws::AwsClient;
use crate::components::CopyButton;

use super::target::{Outcome, Target};

/// `SendCommand` takes at most 50 instance ids.
const SEND_COMMAND_BATCH: usize = 50;
/// How often and how long a command's invocations are polled.
const POLL_EVERY_MS: u32 = 3_000;
const POLLS: usize = 200;

/// Hosts grouped by what their upgrade commands depend on; hosts whose OS or architecture SSM
/// and ECS do not tell are left out (`None` key).
fn by_platform(targets: &[Target]) -> BTreeMap<Option<(String, String)>, Vec<&Target>> {
    let mut groups: BTreeMap<Option<(String, String)>, Vec<&Target>> = BTreeMap::new();
    for target in targets {
        let key = match (target.os, target.arch) {
            (Some(os), Some(arch)) => Some((os.key().to_owned(), arch.uname().to_owned())),
            _ => None,
        };
        groups.entry(key).or_default().push(target);
    }
    groups
}

fn platform_of(target: &Target) -> Option<(OsId, Arch)> {
    Some((target.os?, target.arch?))
}

/// The upgrade commands for each OS and architecture among `targets`, to run by hand.
#[component]
pub fn UpdateCommands(targets: Vec<Target>, region: Result<Region, String>) -> impl IntoView {
    let region = match region {
        Ok(region) => region,
        Err(message) => return view! { <p class="error-message">{message}</p> }.into_any(),
    };
    by_platform(&targets)
        .into_values()
        .map(|group| {
            let hosts = group.iter().map(|t| t.label.clone()).collect::<Vec<_>>().join(", ");
            match group.first().copied().and_then(platform_of) {
                None => view! {
                    <p class="muted">
                        {format!("{hosts}: SSM does not report the OS or the architecture, so the console cannot pick the package.")}
                    </p>
                }
                .into_any(),
                Some((os, arch)) => match agent_update_commands(&region, os, arch, Privilege::Sudo) {
                    Ok(commands) => view! {
                        <div class="commands">
                            <p>{format!("{os} on {} ({hosts}):", arch.uname())}</p>
                            <CommandBlock commands=commands />
                        </div>
                    }
                    .into_any(),
                    Err(error) => view! { <p class="muted">{format!("{hosts}: {error}")}</p> }.into_any(),
                },
            }
        })
        .collect_view()
        .into_any()
}

/// Commands in a copyable block.
#[component]
pub fn CommandBlock(commands: HostCommands) -> impl IntoView {
    let text = commands.commands.join("\n");
    let shell = match commands.shell {
        Shell::Bash => "bash",
        Shell::PowerShell => "PowerShell",
    };
    let copied = text.clone();
    view! {
        <pre class="command" tabindex="0" aria-label=format!("{shell} commands")><code>{text}</code></pre>
        <CopyButton text=Signal::derive(move || copied.clone()) label="Copy commands" />
    }
}

/// Runs the ECS agent upgrade (or, with `ssm_agent`, the SSM agent update) on `targets` through
/// Run Command and reports each host's progress and end.
pub async fn run_update(
    client: &AwsClient,
    region: &Region,
    targets: &[Target],
    ssm_agent: bool,
    report: &impl Fn(&str, Outcome),
) {
    if ssm_agent {
        let reachable = reachable(targets, report);
        run_command(
            client,
            "AWS-UpdateSSMAgent",
            BTreeMap::new(),
            &reachable,
            report,
        )
        .await;
        return;
    }
    for group in by_platform(targets).into_values() {
        let Some((os, arch)) = group.first().copied().and_then(platform_of) else {
            for target in group {
                report(
                    &target.arn,
                    Outcome::Failed(
                        "SSM does not report the host's OS or architecture, so there is no package to install.".to_owned(),
                    ),
                );
            }
            continue;
        };
        let commands = match agent_update_commands(region, os, arch, Privilege::Root) {
            Ok(commands) => commands,
            Err(error) => {
                for target in group {
                    report(&target.arn, Outcome::Failed(error.to_string()));
                }
                continue;
            }
        };
        let owned: Vec<Target> = group.into_iter().cloned().collect();
        let reachable = reachable(&owned, report);
        let parameters = BTreeMap::from([("commands".to_owned(), commands.commands)]);
        run_command(client, "AWS-RunShellScript", parameters, &reachable, report).await;
    }
}

/// The targets SSM can address; the others are reported as failed.
fn reachable<'a>(targets: &'a [Target], report: &impl Fn(&str, Outcome)) -> Vec<&'a Target> {
    targets
        .iter()
        .filter(|target| {
            let known = target.managed_instance_id.is_some();
            if !known {
                report(
                    &target.arn,
                    Outcome::Failed(
                        "ECS reports no managed-instance id, so Run Command cannot reach the host."
                            .to_owned(),
                    ),
                );
            }
            known
        })
        .collect()
}

async fn run_command(
    client: &AwsClient,
    document: &str,
    parameters: BTreeMap<String, Vec<String>>,
    targets: &[&Target],
    report: &impl Fn(&str, Outcome),
) {
    for batch in targets.chunks(SEND_COMMAND_BATCH) {
        let by_id: HashMap<&str, &str> = batch
            .iter()
            .filter_map(|t| Some((t.managed_instance_id.as_deref()?, t.arn.as_str())))
            .collect();
        let input = SendCommandInput {
            instance_ids: by_id.keys().map(|id| (*id).to_owned()).collect(),
            document_name: document.to_owned(),
            parameters: parameters.clone(),
            comment: Some("ECS Anywhere console: agent update".to_owned()),
            ..SendCommandInput::default()
        };
        let command_id = match client.call::<SendCommand>(&input).await {
            Ok(output) => output.command.map(|command| command.command_id),
            Err(error) => {
                for arn in by_id.values() {
                    report(arn, Outcome::Failed(error.user_message()));
                }
                continue;
            }
        };
        let Some(command_id) = command_id.filter(|id| !id.is_empty()) else {
            for arn in by_id.values() {
                report(
                    arn,
                    Outcome::Failed(
                        "SSM accepted the command but returned no command id.".to_owned(),
                    ),
                );
            }
            continue;
        };
        for arn in by_id.values() {
            report(
                arn,
                Outcome::Working(format!(
                    "Sent as command {command_id}; waiting for the host."
                )),
            );
        }
        follow(client, &command_id, &by_id, report).await;
    }
}

/// Polls the command's invocations until every host's has ended, or gives up after a while.
async fn follow(
    client: &AwsClient,
    command_id: &str,
    by_id: &HashMap<&str, &str>,
    report: &impl Fn(&str, Outcome),
) {
    let mut open: Vec<&str> = by_id.keys().copied().collect();
    for _ in 0..POLLS {
        let input = ListCommandInvocationsInput {
            command_id: Some(command_id.to_owned()),
            details: Some(true),
            ..ListCommandInvocationsInput::default()
        };
        let mut pages = client.pages::<ListCommandInvocations>(input);
        while let Some(page) = pages.next_page().await {
            let page = match page {
                Ok(page) => page,
                Err(error) => {
                    for id in &open {
                        if let Some(arn) = by_id.get(id) {
                            report(
                                arn,
                                Outcome::Failed(format!(
                                    "Could not follow the command: {}",
                                    error.user_message()
                                )),
                            );
                        }
                    }
                    return;
                }
            };
            for invocation in page.command_invocations {
                let Some(arn) = by_id.get(invocation.instance_id.as_str()) else {
                    continue;
                };
                let status = invocation.status.as_deref().unwrap_or("Pending");
                let details = invocation.status_details.as_deref().unwrap_or(status);
                let outcome = match status {
                    "Success" => Outcome::Done(format!("Run Command: {details}")),
                    "Failed" | "Cancelled" | "TimedOut" => {
                        let output = invocation
                            .command_plugins
                            .iter()
                            .filter_map(|plugin| plugin.output.as_deref())
                            .map(str::trim)
                            .find(|output| !output.is_empty());
                        Outcome::Failed(match output {
                            Some(output) => format!("Run Command: {details}: {output}"),
                            None => format!("Run Command: {details}"),
                        })
                    }
                    _ => Outcome::Working(format!("Run Command: {details}")),
                };
                if !matches!(outcome, Outcome::Working(_)) {
                    open.retain(|id| *id != invocation.instance_id);
                }
                report(arn, outcome);
            }
        }
        if open.is_empty() {
            return;
        }
        gloo_timers::future::TimeoutFuture::new(POLL_EVERY_MS).await;
    }
    for id in open {
        if let Some(arn) = by_id.get(id) {
            report(
                arn,
                Outcome::Failed(format!(
                    "Still running after 10 minutes; follow command {command_id} in Systems Manager."
                )),
            );
        }
    }
}
