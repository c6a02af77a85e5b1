//! The builder tab: the form and the JSON editor side by side, the findings, and Register.

use anywhere_core::aws::ecs::RegisterTaskDefinition;
use anywhere_core::rules::{Finding, lint_task_definition};
use anywhere_core::taskdef::{
    CliRequest, MissingField, missing_fields, new_draft, register_input, registrable,
};
use leptos::prelude::*;
use serde_json::{Value, json};

use super::cli_export::CliExport;
use super::editor::{JsonDocument, JsonEditor};
use super::fields::{CheckField, Field, Form, Kind, Mark, Rows, SelectField};
use super::findings::FindingsList;
use super::fleet_catalog::use_fleet_catalog;
use super::placement::PlacementConstraints;
use super::request_form::blocked_reason;
use super::tabs::{Tab, tab_href};
use crate::aws::{CallError, settled, use_aws};
use crate::drafts::{self, Kept};

const NETWORK_MODES: &[(&str, &str)] = &[
    ("bridge", "bridge"),
    ("host", "host"),
    ("none", "none"),
    ("", "not set (bridge)"),
];
const PROTOCOLS: &[(&str, &str)] = &[("tcp", "tcp"), ("udp", "udp"), ("", "not set (tcp)")];

#[component]
pub fn Builder() -> impl IntoView {
    let aws = use_aws();
    let document = match drafts::load() {
        Some(text) => JsonDocument::from_text(text, new_draft(), registrable),
        None => JsonDocument::new(new_draft(), registrable),
    };
    let kept = RwSignal::new(Kept::InBrowser);
    let keeping = RwSignal::new(drafts::keeping());
    Effect::new(move |_| {
        keeping.track();
        document.text.with(|text| kept.set(drafts::save(text)))
    });
    let keep_choice = move |ev: leptos::ev::Event| {
        let keep = event_target_checked(&ev);
        drafts::set_keeping(keep);
        keeping.set(keep);
    };
    let catalog = use_fleet_catalog(aws, Signal::derive(String::new));
    let findings = Memo::new(move |_| {
        let fleet = catalog.with(|catalog| {
            catalog
                .filter(|catalog| catalog.host_count() > 0)
                .map(|catalog| catalog.fleet_attributes())
        });
        document
            .value
            .with(|value| lint_task_definition(value, fleet.as_ref()))
    });
    let missing = Memo::new(move |_| document.value.with(missing_fields));
    let marks = Memo::new(move |_| marks_of(&findings.get(), &missing.get()));
    let form = Form {
        document,
        marks,
        prefix: "td",
    };
    let blocked = Memo::new(move |_| {
        let missing = missing.with(|missing| missing.first().map(|field| field.message));
        blocked_reason(
            "Register",
            document.syntax.get().map(|error| error.to_string()),
            &findings.get(),
            missing.map_or(Ok(()), |message| Err(message.to_owned())),
        )
    });

    let register = aws.action(|client, document: &Value| {
        let input = register_input(document).map_err(|error| CallError::Message(error.to_string()));
        async move {
            let output = client.call::<RegisterTaskDefinition>(&input?).await?;
            let definition = output.task_definition.ok_or_else(|| {
                CallError::Message(
                    "AWS answered without the registered task definition.".to_owned(),
                )
            })?;
            Ok((
                definition.task_definition_arn.clone(),
                format!("{}:{}", definition.spec.family, definition.revision),
            ))
        }
    });
    let registered = settled(register);
    let cli_document = Signal::derive(move || {
        document.value.with(|value| {
            register_input(value)
                .ok()
                .and_then(|input| serde_json::to_value(input).ok())
                .unwrap_or_else(|| value.clone())
        })
    });
    let file_name = Signal::derive(move || {
        let family = document
            .get("family")
            .and_then(|family| family.as_str().map(str::to_owned))
            .filter(|family| !family.trim().is_empty())
            .unwrap_or_else(|| "task-definition".to_owned());
        format!("{family}.json")
    });
    let start_over = move |_| {
        let confirmed = window()
            .confirm_with_message("Start a new draft? The current one is replaced.")
            .unwrap_or(false);
        if confirmed {
            document.replace(new_draft());
            register.clear();
        }
    };

    view! {
        <div class="builder">
            <form class="form builder-form" on:submit=|ev| ev.prevent_default() autocomplete="off">
                <fieldset class="form-body" prop:disabled=move || document.syntax.with(Option::is_some)>
                    <legend class="visually-hidden">"Task definition"</legend>
                    <TaskFields form />
                    <Rows
                        form
                        path="containerDefinitions"
                        legend="Containers"
                        add_label="Add container"
                        new_row=|| json!({"name": "", "image": "", "essential": true, "memory": 128})
                        row=move |row: String| view! { <ContainerFields form row /> }
                    />
                    <Rows
                        form
                        path="volumes"
                        legend="Host volumes"
                        add_label="Add volume"
                        new_row=|| json!({"name": "", "host": {"sourcePath": ""}})
                        row=move |row: String| {
                            view! {
                                <Field form path=format!("{row}.name") label="Volume name" />
                                <Field form path=format!("{row}.host.sourcePath") label="Host path" placeholder="/var/lib/app" />
                            }
                        }
                    />
                    <PlacementConstraints form path="placementConstraints" catalog />
                </fieldset>
                <div class="actions drafts">
                    <button type="button" class="secondary" on:click=start_over>"New draft"</button>
                    <label class="choice">
                        <input type="checkbox" prop:checked=move || keeping.get() on:change=keep_choice />
                        "Keep drafts in this browser"
                    </label>
                    <span class="muted draft-note" role="status">
                        {move || match kept.get() {
                            Kept::InBrowser => "The draft, environment values included, is kept in this browser until you sign out or start a new one.",
                            Kept::ForThisVisit => "The draft is kept only while this page is open; nothing is stored in this browser.",
                            Kept::Refused => "This browser refused to store the draft (storage is off or full): it is kept only while this page is open.",
                        }}
                    </span>
                </div>
            </form>
            <div class="builder-side">
                <JsonEditor document id="td-json" label="Task definition JSON" file_name marks=marks />
                <div class="register actions">
                    <button
                        type="button"
                        id="td-register"
                        aria-describedby="td-register-blocked"
                        disabled=move || blocked.with(Option::is_some) || register.pending().get()
                        on:click=move |_| {
                            register.dispatch(document.value.get_untracked());
                        }
                    >
                        {move || if register.pending().get() { "Registering…" } else { "Register" }}
                    </button>
                    <CliExport request=CliRequest::RegisterTaskDefinition document=cli_document />
                </div>
                <p class="blocked-reason" id="td-register-blocked" role="status">
                    {move || blocked.get()}
                </p>
                {move || {
                    registered
                        .get()
                        .map(|outcome| match outcome {
                            Ok((arn, name)) => {
                                view! {
                                    <div class="ok-message registered" role="status">
                                        "Registered " <strong>{name}</strong> <code class="arn">{arn.clone()}</code>
                                        <a href=tab_href(Tab::RunTask, Some(&arn))>"Run a task"</a>
                                        <a href=tab_href(Tab::CreateService, Some(&arn))>"Create a service"</a>
                                    </div>
                                }
                                    .into_any()
                            }
                            Err(failure) => view! { <p class="error-message" role="alert">{failure.to_string()}</p> }.into_any(),
                        })
                }}
                <FindingsList form findings=findings />
            </div>
        </div>
    }
}

fn marks_of(findings: &[Finding], missing: &[MissingField]) -> Vec<Mark> {
    findings
        .iter()
        .map(Mark::from)
        .chain(missing.iter().map(|field| Mark {
            path: field.path.clone(),
            error: true,
            message: field.message.to_owned(),
        }))
        .collect()
}

#[component]
fn TaskFields(form: Form) -> impl IntoView {
    view! {
        <fieldset>
            <legend>"Task"</legend>
            <div class="grid">
                <Field form path="family" label="Family" placeholder="factory-telemetry" />
                <SelectField form path="networkMode" label="Network mode" options=NETWORK_MODES unsupported_note="(not supported on external instances)" />
                <Field form path="taskRoleArn" label="Task role ARN" placeholder="arn:aws:iam::123456789012:role/app" />
                <Field form path="executionRoleArn" label="Execution role ARN" placeholder="arn:aws:iam::123456789012:role/ecsTaskExecutionRole" />
                <Field form path="cpu" label="Task CPU units" placeholder="256" />
                <Field form path="memory" label="Task memory (MiB)" placeholder="512" />
            </div>
        </fieldset>
    }
}

#[component]
fn ContainerFields(form: Form, row: String) -> impl IntoView {
    let at = move |key: &str| format!("{row}.{key}");
    let volume_names = form.field_id(&at("volume-names"));
    let volumes_list = volume_names.clone();
    let log_drivers = form.field_id(&at("log-drivers"));
    let log_list = log_drivers.clone();
    view! {
        <div class="container-fields">
            <div class="grid">
                <Field form path=at("name") label="Container name" />
                <Field form path=at("image") label="Image" placeholder="public.ecr.aws/docker/library/busybox:stable" />
                <Field form path=at("cpu") label="CPU units" kind=Kind::Integer />
                <Field form path=at("memory") label="Memory hard limit (MiB)" kind=Kind::Integer />
                <Field form path=at("memoryReservation") label="Memory reservation (MiB)" kind=Kind::Integer />
                <CheckField form path=at("essential") label="Essential" />
            </div>
            <Rows
                form
                path=at("portMappings")
                legend="Port mappings"
                add_label="Add port mapping"
                new_row=|| json!({"containerPort": 80, "protocol": "tcp"})
                row=move |mapping: String| {
                    view! {
                        <Field form path=format!("{mapping}.containerPort") label="Container port" kind=Kind::Integer />
                        <Field form path=format!("{mapping}.hostPort") label="Host port" kind=Kind::Integer placeholder="dynamic" />
                        <SelectField form path=format!("{mapping}.protocol") label="Protocol" options=PROTOCOLS unsupported_note="(unknown)" />
                    }
                }
            />
            <Rows
                form
                path=at("environment")
                legend="Environment"
                add_label="Add variable"
                new_row=|| json!({"name": "", "value": ""})
                row=move |variable: String| {
                    view! {
                        <Field form path=format!("{variable}.name") label="Name" />
                        <Field form path=format!("{variable}.value") label="Value" />
                    }
                }
            />
            <div class="grid">
                <Field form path=at("command") label="Command (one argument per line)" kind=Kind::Lines />
                <Field form path=at("entryPoint") label="Entry point (one argument per line)" kind=Kind::Lines />
            </div>
            <datalist id=log_drivers>
                {["json-file", "journald", "syslog", "awslogs", "fluentd", "local"]
                    .into_iter()
                    .map(|driver| view! { <option value=driver /> })
                    .collect_view()}
            </datalist>
            <div class="grid">
                <Field form path=at("logConfiguration.logDriver") label="Log driver" list=log_list placeholder="json-file" />
                <Field form path=at("logConfiguration.options") label="Log options (key=value per line)" kind=Kind::KeyValueLines />
            </div>
            <datalist id=volume_names>
                {move || {
                    form.document
                        .value
                        .with(|document| {
                            document
                                .get("volumes")
                                .and_then(Value::as_array)
                                .map(|volumes| {
                                    volumes
                                        .iter()
                                        .filter_map(|volume| volume.get("name").and_then(Value::as_str))
                                        .map(|name| view! { <option value=name.to_owned() /> })
                                        .collect_view()
                                })
                        })
                }}
            </datalist>
            <Rows
                form
                path=at("mountPoints")
                legend="Mount points"
                add_label="Add mount point"
                new_row=|| json!({"sourceVolume": "", "containerPath": ""})
                row=move |mount: String| {
                    view! {
                        <Field form path=format!("{mount}.sourceVolume") label="Volume" list=volumes_list.clone() />
                        <Field form path=format!("{mount}.containerPath") label="Container path" />
                        <CheckField form path=format!("{mount}.readOnly") label="Read only" />
                    }
                }
            />
            <fieldset class="health-check">
                <legend>"Health check"</legend>
                <div class="grid">
                    <Field form path=at("healthCheck.command") label="Command (one per line)" kind=Kind::Lines placeholder="CMD-SHELL\ncurl -f http://localhost/ || exit 1" />
                    <Field form path=at("healthCheck.interval") label="Interval (s)" kind=Kind::Integer />
                    <Field form path=at("healthCheck.timeout") label="Timeout (s)" kind=Kind::Integer />
                    <Field form path=at("healthCheck.retries") label="Retries" kind=Kind::Integer />
                    <Field form path=at("healthCheck.startPeriod") label="Start period (s)" kind=Kind::Integer />
                </div>
            </fieldset>
        </div>
    }
}
