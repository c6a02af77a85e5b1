//! The run-task tab: RunTask on EXTERNAL with placement, started-by, tags and a client token; the
//! result shows which host each task went to and that host's attributes.

use std::collections::BTreeMap;

use anywhere_core::aws::AwsError;
use anywhere_core::aws::arn::resource_name;
use anywhere_core::aws::ecs::{
    ContainerInstance, RunTask as RunTaskOp, Task, TasksOutput, describe_container_instances,
};
use anywhere_core::aws::ssm::describe_instances_by_id;
use anywhere_core::fields::is_agent_attribute;
use anywhere_core::rules::lint_run_task;
use anywhere_core::sort;
use anywhere_core::taskdef::{CliRequest, new_run_task, run_task_input};
use leptos::prelude::*;
use serde_json::Value;

use super::fields::{Field, Kind};
use super::placement::{PlacementConstraints, PlacementStrategies};
use super::request_form::{Request, RequestForm, new_client_token};
use crate::aws::{AwsClient, CallError, settled};
use crate::components::ErrorMessage;

/// Where a task was placed, as far as ECS and SSM tell.
#[derive(Clone, Debug, PartialEq)]
struct Placed {
    task_id: String,
    status: String,
    managed_id: String,
    hostname: String,
    attributes: String,
}

/// What a run started: where each task went, and what ECS refused.
#[derive(Clone, Debug, PartialEq)]
struct Started {
    placed: Vec<Placed>,
    refused: Vec<String>,
    /// The tasks started, but their hosts could not be looked up.
    unlocated: Option<String>,
}

#[component]
pub fn RunTask(task_definition: String) -> impl IntoView {
    let request = Request::new(
        "run",
        new_run_task("", &task_definition, &new_client_token()),
        lint_run_task,
        run_task_input,
    );
    let Request {
        document,
        form,
        catalog,
        ..
    } = request;
    let blocked = request.blocked("Run", || Ok(()));
    let run = request.aws.action(move |client, value: &Value| {
        let input = run_task_input(value).map_err(|e| CallError::Message(e.to_string()));
        async move {
            let input = input?;
            let TasksOutput { tasks, failures } = client.call::<RunTaskOp>(&input).await?;
            let refused = failures
                .iter()
                .map(|f| {
                    format!(
                        "{}{}",
                        f.reason.clone().unwrap_or_else(|| "Refused".to_owned()),
                        f.detail
                            .as_deref()
                            .map(|d| format!(": {d}"))
                            .unwrap_or_default()
                    )
                })
                .collect();
            // The same token would return these tasks again; the next run is a new request.
            document.set("clientToken", Some(new_client_token().into()));
            Ok(
                match locate(&client, input.cluster.as_deref(), &tasks).await {
                    Ok(placed) => Started {
                        placed,
                        refused,
                        unlocated: None,
                    },
                    Err(failure) => Started {
                        placed: locate_without_hosts(&tasks),
                        refused,
                        unlocated: Some(format!(
                            "The tasks started, but their hosts could not be looked up: {}",
                            failure.user_message()
                        )),
                    },
                },
            )
        }
    });
    let started = settled(run);
    let error = Signal::derive(move || match started.get() {
        Some(Ok(started)) => started.unlocated,
        Some(Err(failure)) => Some(failure.to_string()),
        None => None,
    });
    let started = move || started.get().and_then(Result::ok);
    let placed = move || started().map(|s| s.placed).unwrap_or_default();
    let failures = move || started().map(|s| s.refused).unwrap_or_default();

    view! {
        <RequestForm
            request
            legend="Run a task on external instances"
            note="Launch type EXTERNAL. Load balancers, service discovery, capacity providers, awsvpc and ECS Exec are not available on external instances, so they are not offered."
            fields=move || view! {
                <Field form path="taskDefinition" label="Task definition" placeholder="family:revision or ARN" />
                <Field form path="count" label="Count" kind=Kind::Integer />
                <Field form path="startedBy" label="Started by" placeholder="deploy-pipeline" />
            }
            json_label="RunTask request JSON"
            file_name="run-task.json"
            cli=CliRequest::RunTask
            send="Run task"
            sending="Running…"
            blocked
            action=run
            result=move || view! {
                <ErrorMessage message=error />
                <Show when=move || !placed().is_empty() || !failures().is_empty()>
                    <section class="run-result" aria-label="Started tasks">
                        <h2>"Started tasks"</h2>
                        <table class="placed-table">
                            <thead>
                                <tr>
                                    <th scope="col">"Task"</th>
                                    <th scope="col">"Status"</th>
                                    <th scope="col">"Host"</th>
                                    <th scope="col">"Managed instance"</th>
                                    <th scope="col">"Host attributes"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {move || {
                                    placed()
                                        .into_iter()
                                        .map(|row| {
                                            view! {
                                                <tr class="placed">
                                                    <td><code>{row.task_id}</code></td>
                                                    <td>{row.status}</td>
                                                    <td class="hostname">{row.hostname}</td>
                                                    <td class="managed-id"><code>{row.managed_id}</code></td>
                                                    <td class="host-attributes">{row.attributes}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()
                                }}
                            </tbody>
                        </table>
                        <ul class="run-failures">
                            {move || failures().into_iter().map(|text| view! { <li class="error-message">{text}</li> }).collect_view()}
                        </ul>
                    </section>
                </Show>
            }
        >
            <PlacementConstraints form path="placementConstraints" catalog distinct=true />
            <PlacementStrategies form path="placementStrategy" />
        </RequestForm>
    }
}

/// Looks up each task's container instance (managed-instance id, custom attributes) and, through
/// SSM, the host's name.
async fn locate(
    client: &AwsClient,
    cluster: Option<&str>,
    tasks: &[Task],
) -> Result<Vec<Placed>, AwsError> {
    let mut arns: Vec<String> = tasks
        .iter()
        .filter_map(|task| task.container_instance_arn.clone())
        .collect();
    sort::sort(&mut arns);
    arns.dedup();
    let hosts: BTreeMap<String, ContainerInstance> =
        describe_container_instances(client, cluster.unwrap_or("default"), &arns)
            .await?
            .into_iter()
            .map(|host| (host.container_instance_arn.clone(), host))
            .collect();
    let managed: Vec<String> = hosts
        .values()
        .filter_map(|host| host.ec2_instance_id.clone())
        .collect();
    let names: BTreeMap<String, String> = describe_instances_by_id(client, &managed)
        .await?
        .into_iter()
        .filter_map(|info| Some((info.instance_id, info.computer_name?)))
        .collect();
    Ok(tasks
        .iter()
        .map(|task| {
            let host = task
                .container_instance_arn
                .as_ref()
                .and_then(|arn| hosts.get(arn));
            let managed_id = host
                .and_then(|host| host.ec2_instance_id.clone())
                .unwrap_or_default();
            Placed {
                task_id: resource_name(&task.task_arn).to_owned(),
                status: task.last_status.clone().unwrap_or_default(),
                hostname: names.get(&managed_id).cloned().unwrap_or_default(),
                attributes: host.map(custom_attributes).unwrap_or_default(),
                managed_id,
            }
        })
        .collect())
}

fn locate_without_hosts(tasks: &[Task]) -> Vec<Placed> {
    tasks
        .iter()
        .map(|task| Placed {
            task_id: resource_name(&task.task_arn).to_owned(),
            status: task.last_status.clone().unwrap_or_default(),
            managed_id: String::new(),
            hostname: String::new(),
            attributes: String::new(),
        })
        .collect()
}

/// The attributes people place by (not the agent's own), as `name=value, …`.
fn custom_attributes(host: &ContainerInstance) -> String {
    host.attributes
        .iter()
        .filter(|attribute| !is_agent_attribute(&attribute.name))
        .map(|attribute| match &attribute.value {
            Some(value) => format!("{}={value}", attribute.name),
            None => attribute.name.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}
