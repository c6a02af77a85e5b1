//! The create-service tab: CreateService on EXTERNAL, REPLICA or DAEMON, with placement.

use anywhere_core::aws::ecs::CreateService as CreateServiceOp;
use anywhere_core::rules::lint_create_service;
use anywhere_core::taskdef::{CliRequest, create_service_input, new_service};
use leptos::prelude::*;
use serde_json::Value;

use super::fields::{Field, Kind};
use super::placement::{PlacementConstraints, PlacementStrategies};
use super::request_form::{Request, RequestForm, new_client_token};
use crate::aws::{CallError, failure, settled};
use crate::components::{ErrorMessage, RadioGroup};

#[component]
pub fn CreateService(task_definition: String) -> impl IntoView {
    let request = Request::new(
        "svc",
        new_service("", &task_definition, &new_client_token()),
        lint_create_service,
        create_service_input,
    );
    let Request {
        document,
        form,
        catalog,
        ..
    } = request;
    let blocked = request.blocked("Create", move || {
        let name_missing = document
            .get("serviceName")
            .and_then(|name| name.as_str().map(|n| n.trim().is_empty()))
            .unwrap_or(true);
        if name_missing {
            Err("Enter a service name.".to_owned())
        } else {
            Ok(())
        }
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

    let create = request.aws.action(move |client, value: &Value| {
        let input = create_service_input(value).map_err(|e| CallError::Message(e.to_string()));
        async move {
            let output = client.call::<CreateServiceOp>(&input?).await?;
            document.set("clientToken", Some(new_client_token().into()));
            Ok(match output.service {
                Some(service) => format!(
                    "Created service {} ({}, {}), desired {}.",
                    service.service_name,
                    service.scheduling_strategy.unwrap_or_default(),
                    service.status.unwrap_or_default(),
                    service.desired_count
                ),
                None => "Created the service.".to_owned(),
            })
        }
    });
    let created = settled(create);

    view! {
        <RequestForm
            request
            legend="Create a service on external instances"
            note="Launch type EXTERNAL. Load balancers, service discovery, Service Connect, capacity providers, awsvpc and ECS Exec are not available on external instances, so they are not offered."
            fields=move || view! {
                <Field form path="serviceName" label="Service name" />
                <Field form path="taskDefinition" label="Task definition" placeholder="family:revision or ARN" />
            }
            json_label="CreateService request JSON"
            file_name="create-service.json"
            cli=CliRequest::CreateService
            send="Create service"
            sending="Creating…"
            blocked
            action=create
            result=move || view! {
                <ErrorMessage message=failure(create) />
                {move || created.get().and_then(Result::ok).map(|text| view! { <p class="ok-message" role="status">{text}</p> })}
            }
        >
            <RadioGroup
                name="svc-scheduling"
                label="Scheduling strategy"
                options=vec![("REPLICA", "Replica: a number of tasks"), ("DAEMON", "Daemon: one task on every host")]
                chosen=Signal::derive(move || if daemon.get() { "DAEMON" } else { "REPLICA" })
                on_choose=set_strategy
            />
            <Show when=move || !daemon.get()>
                <Field form path="desiredCount" label="Desired count" kind=Kind::Integer />
            </Show>
            <PlacementConstraints form path="placementConstraints" catalog distinct=true />
            <Show when=move || !daemon.get()>
                <PlacementStrategies form path="placementStrategy" />
            </Show>
        </RequestForm>
    }
}
