//! The run-task tab: RunTask on EXTERNAL with placement, started-by, tags and a client token; the
//! result shows which host each task went to and that host's attributes.

use std::collections::BTreeMap;
use std::rc::Rc;

use anywhere_core::aws::AwsError;
use anywhere_core::aws::ecs::{
    ContainerInstance, DescribeContainerInstances, DescribeContainerInstancesInput,
    RunTask as RunTaskOp, Task, TasksOutput,
};
use anywhere_core::aws::ssm::describe_instances_by_id;
use anywhere_core::rules::lint_run_task;
use anywhere_core::taskdef::{CliRequest, new_run_task, run_task_input};
use leptos::prelude::*;

use super::cli_export::CliExport;
use super::editor::{JsonDocument, JsonEditor};
use super::fields::{Field, Form, Kind};
use super::findings::FindingsList;
use super::fleet_catalog::use_fleet_catalog;
use super::placement::{PlacementConstraints, PlacementStrategies};
use super::request_form::{
    ClientToken, ClusterSelect, TagRows, blocked_reason, cluster_offered, marks_of, use_clusters,
};
use super::{arn_name, new_client_token};
use crate::aws::{AwsClient, use_aws};
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

#[component]
pub fn RunTask(task_definition: String) -> impl IntoView {
    let aws = use_aws();
    let (clusters, clusters_error) = use_clusters(aws);
    let document = JsonDocument::new(
        new_run_task("", &task_definition, &new_client_token()),
        |value| value,
    );
    let cluster = Signal::derive(move || {
        document
            .get("cluster")
            .and_then(|value| value.as_str().map(str::to_owned))
            .unwrap_or_default()
    });
    let catalog = use_fleet_catalog(aws, cluster);
    let findings = Memo::new(move |_| document.value.with(lint_run_task));
    let site = crate::site_config::use_site_config();
    let shape = Memo::new(move |_| {
        document.value.with(|value| {
            run_task_input(value)
                .map(|_| ())
                .map_err(|error| error.to_string())
                .and_then(|()| site.with(|config| cluster_offered(value, config)))
        })
    });
    let marks = Memo::new(move |_| marks_of(&findings.get()));
    let form = Form {
        document,
        marks,
        prefix: "run",
    };
    let blocked = Memo::new(move |_| {
        blocked_reason(
            "Run",
            document.syntax.get().map(|error| error.to_string()),
            &findings.get(),
            shape.get(),
        )
    });

    let running = RwSignal::new(false);
    let placed = RwSignal::new(Vec::<Placed>::new());
    let failures = RwSignal::new(Vec::<String>::new());
    let error = RwSignal::new(None::<String>);
    let run = move |_| {
        let input = match run_task_input(&document.value.get_untracked()) {
            Ok(input) => input,
            Err(failure) => return error.set(Some(failure.to_string())),
        };
        let client = match aws.client() {
            Ok(client) => client,
            Err(reason) => return error.set(Some(reason.to_string())),
        };
        running.set(true);
        error.set(None);
        placed.set(Vec::new());
        failures.set(Vec::new());
        leptos::task::spawn_local(async move {
            match client.call::<RunTaskOp>(&input).await {
                Ok(TasksOutput {
                    tasks,
                    failures: refused,
                }) => {
                    failures.set(
                        refused
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
                            .collect(),
                    );
                    match locate(&client, input.cluster.clone(), &tasks).await {
                        Ok(rows) => placed.set(rows),
                        Err(failure) => {
                            placed.set(locate_without_hosts(&tasks));
                            error.set(Some(format!(
                                "The tasks started, but their hosts could not be looked up: {}",
                                failure.user_message()
                            )));
                        }
                    }
                    // The same token would return these tasks again; the next run is a new request.
                    document.set("clientToken", Some(new_client_token().into()));
                }
                Err(failure) => error.set(Some(failure.user_message())),
            }
            running.set(false);
        });
    };

    view! {
        <div class="builder request">
            <form class="form builder-form" on:submit=|ev| ev.prevent_default() autocomplete="off">
                <fieldset class="form-body" prop:disabled=move || document.syntax.with(Option::is_some)>
                    <legend>"Run a task on external instances"</legend>
                    <p class="muted">"Launch type EXTERNAL. Load balancers, service discovery, capacity providers, awsvpc and ECS Exec are not available on external instances, so they are not offered."</p>
                    <div class="grid">
                        <ClusterSelect form clusters />
                        <Field form path="taskDefinition" label="Task definition" placeholder="family:revision or ARN" />
                        <Field form path="count" label="Count" kind=Kind::Integer />
                        <Field form path="startedBy" label="Started by" placeholder="deploy-pipeline" />
                    </div>
                    <ErrorMessage message=clusters_error />
                    <PlacementConstraints form path="placementConstraints" catalog distinct=true />
                    <PlacementStrategies form path="placementStrategy" />
                    <TagRows form />
                    <ClientToken form />
                </fieldset>
            </form>
            <div class="builder-side">
                <JsonEditor document id="run-json" label="RunTask request JSON" file_name="run-task.json" />
                <div class="actions">
                    <button
                        type="button"
                        id="run-submit"
                        aria-describedby="run-blocked"
                        disabled=move || blocked.with(Option::is_some) || running.get()
                        on:click=run
                    >
                        {move || if running.get() { "Running…" } else { "Run task" }}
                    </button>
                    <CliExport request=CliRequest::RunTask document=document.value />
                </div>
                <p class="blocked-reason" id="run-blocked" role="status">{move || blocked.get()}</p>
                <ErrorMessage message=error />
                <Show when=move || !placed.with(Vec::is_empty) || !failures.with(Vec::is_empty)>
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
                                    placed
                                        .get()
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
                            {move || failures.get().into_iter().map(|text| view! { <li class="error-message">{text}</li> }).collect_view()}
                        </ul>
                    </section>
                </Show>
                <FindingsList form findings=findings />
            </div>
        </div>
    }
}

/// Looks up each task's container instance (managed-instance id, custom attributes) and, through
/// SSM, the host's name.
async fn locate(
    client: &Rc<AwsClient>,
    cluster: Option<String>,
    tasks: &[Task],
) -> Result<Vec<Placed>, AwsError> {
    let mut arns: Vec<String> = tasks
        .iter()
        .filter_map(|task| task.container_instance_arn.clone())
        .collect();
    arns.sort();
    arns.dedup();
    let mut hosts: BTreeMap<String, ContainerInstance> = BTreeMap::new();
    for batch in arns.chunks(100) {
        let described = client
            .call::<DescribeContainerInstances>(&DescribeContainerInstancesInput {
                cluster: cluster.clone(),
                container_instances: batch.to_vec(),
                include: Vec::new(),
            })
            .await?;
        for host in described.container_instances {
            hosts.insert(host.container_instance_arn.clone(), host);
        }
    }
    let managed: Vec<String> = hosts
        .values()
        .filter_map(|host| host.ec2_instance_id.clone())
        .collect();
    let names: BTreeMap<String, String> = describe_instances_by_id(client.as_ref(), &managed)
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
                task_id: arn_name(&task.task_arn).to_owned(),
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
            task_id: arn_name(&task.task_arn).to_owned(),
            status: task.last_status.clone().unwrap_or_default(),
            managed_id: String::new(),
            hostname: String::new(),
            attributes: String::new(),
        })
        .collect()
}

/// The attributes people place by (not the agent's `ecs.*` ones), as `name=value, …`.
fn custom_attributes(host: &ContainerInstance) -> String {
    host.attributes
        .iter()
        .filter(|attribute| {
            !attribute.name.starts_with("ecs.") && !attribute.name.starts_with("com.amazonaws.")
        })
        .map(|attribute| match &attribute.value {
            Some(value) => format!("{}={value}", attribute.name),
            None => attribute.name.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}
