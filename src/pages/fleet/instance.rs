//! One host's page (`#/fleet?instance=<arn>&cluster=<name>`): every field ECS and SSM report, its
//! health, resources, custom attributes and tags (editable), its tasks (stoppable) and the actions.

use anywhere_core::aws::Timestamp;
use anywhere_core::aws::ecs::{
    Attribute, AttributesInput, DeleteAttributes, DescribeContainerInstances,
    DescribeContainerInstancesInput, DescribeTasks, DescribeTasksInput, ListTasks, ListTasksInput,
    PutAttributes, StopTask, StopTaskInput, Tag, TagResource, TagResourceInput, Task,
    UntagResource, UntagResourceInput,
};
use anywhere_core::aws::ssm::describe_instances_by_id;
use anywhere_core::fleet::export::iso8601;
use anywhere_core::fleet::{HealthPolicy, Host, diagnose};
use leptos::prelude::*;

use crate::aws::{AwsClient, use_aws};
use crate::components::{AwsText, ConfirmDialog, ErrorMessage};

use super::actions::{ActionPanel, Target};
use super::arn_name;

/// `DescribeTasks` takes at most 100 tasks.
const DESCRIBE_TASKS_BATCH: usize = 100;

#[component]
pub fn InstancePage(arn: String, cluster: String) -> impl IntoView {
    let aws = use_aws();
    let host = RwSignal::new(None::<Result<Host, String>>);
    let tasks = RwSignal::new(None::<Result<Vec<Task>, String>>);
    let back = if cluster.is_empty() {
        "#/fleet".to_owned()
    } else {
        format!("#/fleet?cluster={}", js_sys::encode_uri_component(&cluster))
    };
    let (arn, cluster) = (StoredValue::new(arn), StoredValue::new(cluster));
    let reload = move || {
        let client = match aws.client() {
            Ok(client) => client,
            Err(reason) => return host.set(Some(Err(reason.to_string()))),
        };
        leptos::task::spawn_local(async move {
            let (arn, cluster) = (arn.get_value(), cluster.get_value());
            let loaded = load_host(&client, &cluster, &arn).await;
            if host.try_set(Some(loaded)).is_some() {
                return;
            }
            let _ = tasks.try_set(Some(load_tasks(&client, &cluster, &arn).await));
        });
    };
    reload();
    let on_done = Callback::new(move |()| reload());
    // The action panel outlives reloads of the host, so its per-host results stay on screen
    // after an action that removes the host (deregistration).
    let targets = RwSignal::new(Vec::<Target>::new());
    Effect::new(move |_| {
        if let Some(Ok(found)) = host.get() {
            targets.set(vec![Target::from_host(&found)]);
        }
    });
    view! {
        <section class="page fleet instance-page">
            <p><a href=back>"← Fleet"</a></p>
            {move || match host.get() {
                None => view! {
                    <h1><AwsText text=arn_name(&arn.get_value()).to_owned() /></h1>
                    <p class="muted" role="status">"Loading the host…"</p>
                }
                .into_any(),
                Some(Err(message)) => view! {
                    <h1><AwsText text=arn_name(&arn.get_value()).to_owned() /></h1>
                    <p class="error-message" role="alert">{message}</p>
                }
                .into_any(),
                Some(Ok(found)) => view! {
                    <HostDetails host=found.clone() on_change=on_done />
                    <Resources host=found.clone() />
                    <Attributes host=found.clone() on_change=on_done />
                    <Tags host=found on_change=on_done />
                }
                .into_any(),
            }}
            <Show when=move || targets.with(|t| !t.is_empty())>
                <ActionPanel targets=targets on_done=on_done />
            </Show>
            <TaskList tasks=tasks cluster=cluster.get_value() on_change=on_done />
        </section>
    }
}

async fn load_host(client: &AwsClient, cluster: &str, arn: &str) -> Result<Host, String> {
    let input = DescribeContainerInstancesInput {
        cluster: Some(cluster.to_owned()),
        container_instances: vec![arn.to_owned()],
        include: vec!["TAGS".to_owned()],
    };
    let output = client
        .call::<DescribeContainerInstances>(&input)
        .await
        .map_err(|error| error.user_message())?;
    let Some(instance) = output.container_instances.into_iter().next() else {
        return Err(format!(
            "Cluster {cluster} has no container instance {}: it may have been deregistered.",
            arn_name(arn)
        ));
    };
    // Without SSM's record the page still shows everything ECS knows. The lookup follows
    // NextToken: a filtered query may answer with an empty first page.
    let ssm = match instance.ec2_instance_id.clone() {
        Some(id) => describe_instances_by_id(client, &[id])
            .await
            .ok()
            .and_then(|found| found.into_iter().next()),
        None => None,
    };
    Ok(Host::new(cluster, instance, ssm))
}

async fn load_tasks(client: &AwsClient, cluster: &str, arn: &str) -> Result<Vec<Task>, String> {
    let mut pages = client.pages::<ListTasks>(ListTasksInput {
        cluster: Some(cluster.to_owned()),
        container_instance: Some(arn.to_owned()),
        ..ListTasksInput::default()
    });
    let mut arns = Vec::new();
    while let Some(page) = pages.next_page().await {
        arns.extend(page.map_err(|error| error.user_message())?.task_arns);
    }
    let mut tasks = Vec::new();
    for batch in arns.chunks(DESCRIBE_TASKS_BATCH) {
        let input = DescribeTasksInput {
            cluster: Some(cluster.to_owned()),
            tasks: batch.to_vec(),
            include: Vec::new(),
        };
        let output = client
            .call::<DescribeTasks>(&input)
            .await
            .map_err(|error| error.user_message())?;
        tasks.extend(output.tasks);
    }
    Ok(tasks)
}

fn time(value: Option<Timestamp>) -> String {
    value.map(iso8601).unwrap_or_default()
}

#[component]
fn HostDetails(host: Host, on_change: Callback<()>) -> impl IntoView {
    let diagnosis = diagnose(&host, &HealthPolicy::default());
    let severity = format!("{:?}", diagnosis.health.severity()).to_lowercase();
    let title = host
        .hostname()
        .or(host.managed_instance_id())
        .unwrap_or_else(|| arn_name(host.key()))
        .to_owned();
    let instance = host.container_instance();
    let ssm = host.ssm();
    let text = |value: Option<&str>| value.unwrap_or("").to_owned();
    let version = instance.version_info.as_ref();
    let fields: Vec<(&str, String)> = vec![
        ("Container instance ARN", host.key().to_owned()),
        ("Cluster", host.cluster().to_owned()),
        ("Managed instance id", text(host.managed_instance_id())),
        ("Hostname", text(host.hostname())),
        ("Status", host.status_text().to_owned()),
        ("Status reason", text(host.status_reason())),
        (
            "ECS agent",
            if host.agent_connected() {
                "connected"
            } else {
                "disconnected"
            }
            .to_owned(),
        ),
        ("ECS agent version", text(host.agent_version())),
        (
            "ECS agent hash",
            text(version.and_then(|v| v.agent_hash.as_deref())),
        ),
        (
            "Agent update status",
            text(instance.agent_update_status.as_deref()),
        ),
        ("Docker version", text(host.docker_version())),
        ("Running tasks", host.running_tasks().to_string()),
        ("Pending tasks", host.pending_tasks().to_string()),
        ("Registered at", time(host.registered_at())),
        (
            "Capacity provider",
            text(instance.capacity_provider_name.as_deref()),
        ),
        ("SSM ping", host.ping_status().label().to_owned()),
        ("Last ping", time(host.last_ping())),
        ("IP address", text(host.ip_address())),
        ("SSM agent version", text(host.ssm_agent_version())),
        (
            "SSM agent is the latest",
            match ssm.and_then(|s| s.is_latest_version) {
                Some(true) => "yes".to_owned(),
                Some(false) => "no".to_owned(),
                None => String::new(),
            },
        ),
        ("OS", host.os().to_owned()),
        (
            "Platform type",
            text(ssm.and_then(|s| s.platform_type.as_deref())),
        ),
        ("Architecture", text(host.arch())),
        (
            "Activation id",
            text(ssm.and_then(|s| s.activation_id.as_deref())),
        ),
        ("IAM role", text(ssm.and_then(|s| s.iam_role.as_deref()))),
        (
            "SSM registration",
            time(ssm.and_then(|s| s.registration_date)),
        ),
    ];
    view! {
        <h1><AwsText text=title /></h1>
        <div class="diagnosis" role="status">
            <span class=format!("health {severity}")>{diagnosis.health.label()}</span>
            " "
            <span class="reason"><AwsText text=diagnosis.reason /></span>
            <p class="muted">{diagnosis.action}</p>
        </div>
        <div class="actions">
            <button type="button" class="secondary" on:click=move |_| on_change.run(())>"Reload"</button>
        </div>
        <h2>"Details"</h2>
        <dl class="fields">
            {fields
                .into_iter()
                .map(|(name, value)| view! { <div><dt>{name}</dt><dd><AwsText text=value /></dd></div> })
                .collect_view()}
        </dl>
    }
}

#[component]
fn Resources(host: Host) -> impl IntoView {
    let instance = host.container_instance();
    let remaining = |name: &str| {
        instance
            .remaining_resources
            .iter()
            .find(|resource| resource.name == name)
            .cloned()
    };
    let value = |resource: &anywhere_core::aws::ecs::Resource| {
        if !resource.string_set_value.is_empty() {
            return resource.string_set_value.join(", ");
        }
        resource
            .integer_value
            .or(resource.long_value)
            .map(|n| n.to_string())
            .or(resource.double_value.map(|n| n.to_string()))
            .unwrap_or_default()
    };
    let rows = instance
        .registered_resources
        .iter()
        .map(|registered| {
            let left = remaining(&registered.name);
            let used = match (
                registered.integer_value,
                left.as_ref().and_then(|r| r.integer_value),
            ) {
                (Some(total), Some(left)) => (total - left).max(0).to_string(),
                _ => String::new(),
            };
            view! {
                <tr>
                    <th scope="row"><AwsText text=registered.name.clone() /></th>
                    <td>{used}</td>
                    <td><AwsText text=left.as_ref().map(value).unwrap_or_default() /></td>
                    <td><AwsText text=value(registered) /></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2>"Resources"</h2>
        <table class="simple">
            <thead>
                <tr><th scope="col">"Resource"</th><th scope="col">"Used"</th><th scope="col">"Remaining"</th><th scope="col">"Registered"</th></tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

#[component]
fn Attributes(host: Host, on_change: Callback<()>) -> impl IntoView {
    let aws = use_aws();
    let cluster = StoredValue::new(host.cluster().to_owned());
    let arn = StoredValue::new(host.key().to_owned());
    let error = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());
    let value = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let change = move |put: bool, attribute_name: String, attribute_value: Option<String>| {
        let client = match aws.client() {
            Ok(client) => client,
            Err(reason) => return error.set(Some(reason.to_string())),
        };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let input = AttributesInput {
                cluster: Some(cluster.get_value()),
                attributes: vec![Attribute {
                    name: attribute_name,
                    value: attribute_value,
                    target_type: Some("container-instance".to_owned()),
                    // The short id: AWS takes it or the ARN, the sandbox (moto) only the id.
                    target_id: Some(arn_name(&arn.get_value()).to_owned()),
                }],
            };
            let result = if put {
                client.call::<PutAttributes>(&input).await
            } else {
                client.call::<DeleteAttributes>(&input).await
            };
            let _ = busy.try_set(false);
            match result {
                Ok(_) => {
                    let _ = name.try_set(String::new());
                    let _ = value.try_set(String::new());
                    on_change.run(());
                }
                Err(failure) => {
                    let _ = error.try_set(Some(failure.user_message()));
                }
            }
        });
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let attribute_name = name.get_untracked().trim().to_owned();
        let attribute_value = value.get_untracked().trim().to_owned();
        if attribute_name.is_empty() {
            return error.set(Some("Enter the attribute's name.".to_owned()));
        }
        if attribute_name.starts_with("ecs.") || attribute_name.starts_with("com.amazonaws.ecs.") {
            return error.set(Some(
                "Names starting with ecs. belong to the agent and cannot be set.".to_owned(),
            ));
        }
        change(
            true,
            attribute_name,
            (!attribute_value.is_empty()).then_some(attribute_value),
        );
    };
    let custom: Vec<(String, Option<String>)> = host
        .custom_attributes()
        .map(|(name, value)| (name.to_owned(), value.map(str::to_owned)))
        .collect();
    let agent: Vec<String> = host
        .attributes()
        .filter(|(name, _)| name.starts_with("ecs.") || name.starts_with("com.amazonaws.ecs."))
        .map(|(name, value)| match value {
            Some(value) => format!("{name} = {value}"),
            None => name.to_owned(),
        })
        .collect();
    view! {
        <h2>"Attributes"</h2>
        <table class="simple custom-attributes" aria-label="Custom attributes">
            <thead><tr><th scope="col">"Name"</th><th scope="col">"Value"</th><th></th></tr></thead>
            <tbody>
                {custom
                    .into_iter()
                    .map(|(attribute_name, attribute_value)| {
                        let removed = attribute_name.clone();
                        view! {
                            <tr>
                                <td><AwsText text=attribute_name.clone() /></td>
                                <td><AwsText text=attribute_value.unwrap_or_default() /></td>
                                <td>
                                    <button
                                        type="button"
                                        class="secondary"
                                        aria-label=format!("Remove attribute {attribute_name}")
                                        disabled=move || busy.get()
                                        on:click=move |_| change(false, removed.clone(), None)
                                    >
                                        "Remove"
                                    </button>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        <form class="inline-form" on:submit=add>
            <label for="attribute-name">"Attribute name"</label>
            <input id="attribute-name" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
            <label for="attribute-value">"Value (optional)"</label>
            <input id="attribute-value" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
            <button type="submit" disabled=move || busy.get()>"Add attribute"</button>
        </form>
        <ErrorMessage message=error />
        <details>
            <summary>{format!("{} attributes set by the agent (read-only)", agent.len())}</summary>
            <ul class="agent-attributes">
                {agent.into_iter().map(|text| view! { <li class="mono"><AwsText text=text /></li> }).collect_view()}
            </ul>
        </details>
    }
}

#[component]
fn Tags(host: Host, on_change: Callback<()>) -> impl IntoView {
    let aws = use_aws();
    let arn = StoredValue::new(host.key().to_owned());
    let error = RwSignal::new(None::<String>);
    let key = RwSignal::new(String::new());
    let value = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let change = move |add: Option<Tag>, remove: Option<String>| {
        let client = match aws.client() {
            Ok(client) => client,
            Err(reason) => return error.set(Some(reason.to_string())),
        };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let resource_arn = arn.get_value();
            let result = match (add, remove) {
                (Some(tag), _) => client
                    .call::<TagResource>(&TagResourceInput {
                        resource_arn,
                        tags: vec![tag],
                    })
                    .await
                    .map(drop),
                (None, Some(tag_key)) => client
                    .call::<UntagResource>(&UntagResourceInput {
                        resource_arn,
                        tag_keys: vec![tag_key],
                    })
                    .await
                    .map(drop),
                (None, None) => Ok(()),
            };
            let _ = busy.try_set(false);
            match result {
                Ok(()) => {
                    let _ = key.try_set(String::new());
                    let _ = value.try_set(String::new());
                    on_change.run(());
                }
                Err(failure) => {
                    let _ = error.try_set(Some(failure.user_message()));
                }
            }
        });
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let tag_key = key.get_untracked().trim().to_owned();
        if tag_key.is_empty() {
            return error.set(Some("Enter the tag's key.".to_owned()));
        }
        if tag_key.to_ascii_lowercase().starts_with("aws:") {
            return error.set(Some(
                "Tag keys starting with aws: are reserved for AWS.".to_owned(),
            ));
        }
        change(
            Some(Tag {
                key: tag_key,
                value: value.get_untracked().trim().to_owned(),
            }),
            None,
        );
    };
    view! {
        <h2>"Tags"</h2>
        <table class="simple tags" aria-label="Tags">
            <thead><tr><th scope="col">"Key"</th><th scope="col">"Value"</th><th></th></tr></thead>
            <tbody>
                {host
                    .tags()
                    .iter()
                    .map(|tag| {
                        let removed = tag.key.clone();
                        view! {
                            <tr>
                                <td><AwsText text=tag.key.clone() /></td>
                                <td><AwsText text=tag.value.clone() /></td>
                                <td>
                                    <button
                                        type="button"
                                        class="secondary"
                                        aria-label=format!("Remove tag {}", tag.key)
                                        disabled=move || busy.get()
                                        on:click=move |_| change(None, Some(removed.clone()))
                                    >
                                        "Remove"
                                    </button>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        <form class="inline-form" on:submit=add>
            <label for="tag-key">"Tag key"</label>
            <input id="tag-key" prop:value=move || key.get() on:input=move |ev| key.set(event_target_value(&ev)) />
            <label for="tag-value">"Value"</label>
            <input id="tag-value" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
            <button type="submit" disabled=move || busy.get()>"Add tag"</button>
        </form>
        <ErrorMessage message=error />
    }
}

#[component]
fn TaskList(
    tasks: RwSignal<Option<Result<Vec<Task>, String>>>,
    cluster: String,
    on_change: Callback<()>,
) -> impl IntoView {
    let aws = use_aws();
    let cluster = StoredValue::new(cluster);
    let stopping = RwSignal::new(None::<String>);
    let open = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let stop = Callback::new(move |()| {
        let Some(task) = stopping.get_untracked() else {
            return;
        };
        let client = match aws.client() {
            Ok(client) => client,
            Err(reason) => return error.set(Some(reason.to_string())),
        };
        leptos::task::spawn_local(async move {
            let input = StopTaskInput {
                cluster: Some(cluster.get_value()),
                task,
                reason: Some("Stopped from the ECS Anywhere console".to_owned()),
            };
            match client.call::<StopTask>(&input).await {
                Ok(_) => on_change.run(()),
                Err(failure) => {
                    let _ = error.try_set(Some(failure.user_message()));
                }
            }
        });
    });
    view! {
        <h2>"Tasks on this host"</h2>
        {move || match tasks.get() {
            None => view! { <p class="muted">"Loading the tasks…"</p> }.into_any(),
            Some(Err(message)) => view! { <p class="error-message" role="alert">{message}</p> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p class="muted">"No task runs on this host."</p> }.into_any(),
            Some(Ok(list)) => view! {
                <table class="simple tasks" aria-label="Tasks">
                    <thead>
                        <tr>
                            <th scope="col">"Task"</th><th scope="col">"Task definition"</th>
                            <th scope="col">"Last status"</th><th scope="col">"Desired"</th>
                            <th scope="col">"Started"</th><th scope="col">"CPU"</th><th scope="col">"Memory"</th><th></th>
                        </tr>
                    </thead>
                    <tbody>
                        {list
                            .into_iter()
                            .map(|task| {
                                let id = arn_name(&task.task_arn).to_owned();
                                let arn = task.task_arn.clone();
                                let definition = task.task_definition_arn.as_deref().map(arn_name).unwrap_or("").to_owned();
                                view! {
                                    <tr>
                                        <td class="mono"><AwsText text=id.clone() /></td>
                                        <td><AwsText text=definition /></td>
                                        <td><AwsText text=task.last_status.unwrap_or_default() /></td>
                                        <td><AwsText text=task.desired_status.unwrap_or_default() /></td>
                                        <td>{time(task.started_at)}</td>
                                        <td><AwsText text=task.cpu.unwrap_or_default() /></td>
                                        <td><AwsText text=task.memory.unwrap_or_default() /></td>
                                        <td>
                                            <button
                                                type="button"
                                                class="secondary"
                                                aria-label=format!("Stop task {id}")
                                                on:click=move |_| {
                                                    stopping.set(Some(arn.clone()));
                                                    open.set(true);
                                                }
                                            >
                                                "Stop"
                                            </button>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            }
            .into_any(),
        }}
        <ErrorMessage message=error />
        <ConfirmDialog
            open=open
            title=Signal::derive(move || format!("Stop task {}?", stopping.get().as_deref().map(arn_name).unwrap_or("")))
            confirm_label="Stop task"
            on_confirm=stop
        >
            <p>"ECS stops the task's containers on the host. A service starts a replacement."</p>
        </ConfirmDialog>
    }
}
