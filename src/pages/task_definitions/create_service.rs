//! The create-service tab: CreateService on EXTERNAL, REPLICA or DAEMON, with placement.

use anywhere_core::aws::ecs::CreateService as CreateServiceOp;
use anywhere_core::rules::lint_create_service;
use anywhere_core::taskdef::{CliRequest, create_service_input, new_service};
use leptos::prelude::*;
use serde_json::Value;

use super::cli_export::CliExport;
use super::editor::{JsonDocument, JsonEditor};
use super::fields::{Field, Form, Kind};
use super::findings::FindingsList;
use super::fleet_catalog::use_fleet_catalog;
use super::new_client_token;
use super::placement::{PlacementConstraints, PlacementStrategies};
use super::request_form::{
    ClientToken, ClusterSelect, TagRows, blocked_reason, cluster_offered, marks_of, use_clusters,
};
use crate::aws::use_aws;
use crate::components::ErrorMessage;

#[component]
pub fn CreateService(task_definition: String) -> impl IntoView {
    let aws = use_aws();
    let (clusters, clusters_error) = use_clusters(aws);
    let document = JsonDocument::new(
        new_service("", &task_definition, &new_client_token()),
        |value| value,
    );
    let cluster = Signal::derive(move || {
        document
            .get("cluster")
            .and_then(|value| value.as_str().map(str::to_owned))
            .unwrap_or_default()
    });
    let catalog = use_fleet_catalog(aws, cluster);
    let findings = Memo::new(move |_| document.value.with(lint_create_service));
    let site = crate::site_config::use_site_config();
    let shape = Memo::new(move |_| {
        document.value.with(|value| {
            create_service_input(value)
                .map(|_| ())
                .map_err(|error| error.to_string())
                .and_then(|()| site.with(|config| cluster_offered(value, config)))
        })
    });
    let marks = Memo::new(move |_| marks_of(&findings.get()));
    let form = Form {
        document,
        marks,
        prefix: "svc",
    };
    let blocked = Memo::new(move |_| {
        let name_missing = document
            .get("serviceName")
            .and_then(|name| name.as_str().map(|n| n.trim().is_empty()))
            .unwrap_or(true);
        let shape = match shape.get() {
            Ok(()) if name_missing => Err("Enter a service name.".to_owned()),
            other => other,
        };
        blocked_reason(
            "Create",
            document.syntax.get().map(|error| error.to_string()),
            &findings.get(),
            shape,
        )
    });
    let daemon =
        Memo::new(move |_| document.get("schedulingStrategy") == Some(Value::from("DAEMON")));
    let set_strategy = move |strategy: &'static str| {
        document.edit(|value| {
            if let Value::Object(fields) = value {
                fields.insert("schedulingStrategy".to_owned(), Value::from(strategy));
                // A daemon runs one task per host: no count to set and no strategy to spread by.
                if strategy == "DAEMON" {
                    fields.remove("desiredCount");
                    fields.remove("placementStrategy");
                } else {
                    fields.entry("desiredCount").or_insert(Value::from(1));
                }
            }
        })
    };

    let creating = RwSignal::new(false);
    let created = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let create = move |_| {
        let input = match create_service_input(&document.value.get_untracked()) {
            Ok(input) => input,
            Err(failure) => return error.set(Some(failure.to_string())),
        };
        let client = match aws.client() {
            Ok(client) => client,
            Err(reason) => return error.set(Some(reason.to_string())),
        };
        creating.set(true);
        error.set(None);
        created.set(None);
        leptos::task::spawn_local(async move {
            match client.call::<CreateServiceOp>(&input).await {
                Ok(output) => {
                    created.set(Some(match output.service {
                        Some(service) => format!(
                            "Created service {} ({}, {}), desired {}.",
                            service.service_name,
                            service.scheduling_strategy.unwrap_or_default(),
                            service.status.unwrap_or_default(),
                            service.desired_count
                        ),
                        None => "Created the service.".to_owned(),
                    }));
                    document.set("clientToken", Some(new_client_token().into()));
                }
                Err(failure) => error.set(Some(failure.user_message())),
            }
            creating.set(false);
        });
    };

    view! {
        <div class="builder request">
            <form class="form builder-form" on:submit=|ev| ev.prevent_default() autocomplete="off">
                <fieldset class="form-body" prop:disabled=move || document.syntax.with(Option::is_some)>
                    <legend>"Create a service on external instances"</legend>
                    <p class="muted">"Launch type EXTERNAL. Load balancers, service discovery, Service Connect, capacity providers, awsvpc and ECS Exec are not available on external instances, so they are not offered."</p>
                    <div class="grid">
                        <ClusterSelect form clusters />
                        <Field form path="serviceName" label="Service name" />
                        <Field form path="taskDefinition" label="Task definition" placeholder="family:revision or ARN" />
                    </div>
                    <div class="choices" role="radiogroup" aria-label="Scheduling strategy">
                        {[("REPLICA", "Replica: a number of tasks"), ("DAEMON", "Daemon: one task on every host")]
                            .into_iter()
                            .map(|(strategy, label)| {
                                view! {
                                    <label class="choice">
                                        <input
                                            type="radio"
                                            name="svc-scheduling"
                                            value=strategy
                                            prop:checked=move || (strategy == "DAEMON") == daemon.get()
                                            on:change=move |_| set_strategy(strategy)
                                        />
                                        {label}
                                    </label>
                                }
                            })
                            .collect_view()}
                    </div>
                    <Show when=move || !daemon.get()>
                        <Field form path="desiredCount" label="Desired count" kind=Kind::Integer />
                    </Show>
                    <ErrorMessage message=clusters_error />
                    <PlacementConstraints form path="placementConstraints" catalog distinct=true />
                    <Show when=move || !daemon.get()>
                        <PlacementStrategies form path="placementStrategy" />
                    </Show>
                    <TagRows form />
                    <ClientToken form />
                </fieldset>
            </form>
            <div class="builder-side">
                <JsonEditor document id="svc-json" label="CreateService request JSON" file_name="create-service.json" />
                <div class="actions">
                    <button
                        type="button"
                        id="svc-submit"
                        aria-describedby="svc-blocked"
                        disabled=move || blocked.with(Option::is_some) || creating.get()
                        on:click=create
                    >
                        {move || if creating.get() { "Creating…" } else { "Create service" }}
                    </button>
                    <CliExport request=CliRequest::CreateService document=document.value />
                </div>
                <p class="blocked-reason" id="svc-blocked" role="status">{move || blocked.get()}</p>
                <ErrorMessage message=error />
                {move || created.get().map(|text| view! { <p class="ok-message" role="status">{text}</p> })}
                <FindingsList form findings=findings />
            </div>
        </div>
    }
}
