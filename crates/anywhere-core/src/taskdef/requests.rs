//! The RunTask and CreateService documents the console edits, and the typed requests they become.
//!
//! Like the task definition, these requests are edited as JSON (form and editor in sync) so that an
//! imported `--cli-input-json` file is checked by the rules before anything is sent. The blocked
//! fields are refused by `rules::lint_run_task` / `lint_create_service`; here, a field the console
//! does not send at all is refused by name rather than dropped without a word.

use serde::Deserialize;
use serde_json::{Value, json};

use super::document::DocumentError;
use crate::aws::ecs::{
    CreateServiceInput, DeploymentConfiguration, LaunchType, PlacementConstraint,
    PlacementStrategy, RunTaskInput, Tag, TaskOverride,
};

/// A new RunTask request on external instances.
pub fn new_run_task(cluster: &str, task_definition: &str, client_token: &str) -> Value {
    json!({
        "cluster": cluster,
        "taskDefinition": task_definition,
        "launchType": "EXTERNAL",
        "count": 1,
        "clientToken": client_token
    })
}

/// A new CreateService request on external instances, replica scheduling.
pub fn new_service(cluster: &str, task_definition: &str, client_token: &str) -> Value {
    json!({
        "cluster": cluster,
        "serviceName": "",
        "taskDefinition": task_definition,
        "launchType": "EXTERNAL",
        "schedulingStrategy": "REPLICA",
        "desiredCount": 1,
        "clientToken": client_token
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RunTaskDocument {
    #[serde(default)]
    cluster: Option<String>,
    task_definition: String,
    #[serde(default)]
    count: Option<i32>,
    #[serde(default)]
    launch_type: Option<LaunchType>,
    #[serde(default)]
    group: Option<String>,
    #[serde(default)]
    overrides: Option<TaskOverride>,
    #[serde(default)]
    placement_constraints: Vec<PlacementConstraint>,
    #[serde(default)]
    placement_strategy: Vec<PlacementStrategy>,
    #[serde(default)]
    started_by: Option<String>,
    #[serde(default)]
    tags: Vec<Tag>,
    #[serde(rename = "enableECSManagedTags", default)]
    enable_ecs_managed_tags: Option<bool>,
    #[serde(default)]
    propagate_tags: Option<String>,
    #[serde(default)]
    client_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CreateServiceDocument {
    #[serde(default)]
    cluster: Option<String>,
    service_name: String,
    #[serde(default)]
    task_definition: Option<String>,
    #[serde(default)]
    desired_count: Option<i32>,
    #[serde(default)]
    client_token: Option<String>,
    #[serde(default)]
    launch_type: Option<LaunchType>,
    #[serde(default)]
    deployment_configuration: Option<DeploymentConfiguration>,
    #[serde(default)]
    placement_constraints: Vec<PlacementConstraint>,
    #[serde(default)]
    placement_strategy: Vec<PlacementStrategy>,
    #[serde(default)]
    scheduling_strategy: Option<String>,
    #[serde(default)]
    tags: Vec<Tag>,
    #[serde(rename = "enableECSManagedTags", default)]
    enable_ecs_managed_tags: Option<bool>,
    #[serde(default)]
    propagate_tags: Option<String>,
}

/// The RunTask request for a document the rules passed. Empty text fields count as absent.
pub fn run_task_input(document: &Value) -> Result<RunTaskInput, DocumentError> {
    let request: RunTaskDocument = serde_json::from_value(without_empty_strings(document))
        .map_err(|error| DocumentError::Shape(error.to_string()))?;
    Ok(RunTaskInput {
        cluster: request.cluster,
        task_definition: request.task_definition,
        count: request.count,
        launch_type: request.launch_type,
        capacity_provider_strategy: Vec::new(),
        group: request.group,
        overrides: request.overrides,
        placement_constraints: request.placement_constraints,
        placement_strategy: request.placement_strategy,
        started_by: request.started_by,
        tags: request.tags,
        enable_ecs_managed_tags: request.enable_ecs_managed_tags,
        propagate_tags: request.propagate_tags,
        client_token: request.client_token,
    })
}

/// The CreateService request for a document the rules passed. Empty text fields count as absent.
pub fn create_service_input(document: &Value) -> Result<CreateServiceInput, DocumentError> {
    let request: CreateServiceDocument = serde_json::from_value(without_empty_strings(document))
        .map_err(|error| DocumentError::Shape(error.to_string()))?;
    Ok(CreateServiceInput {
        cluster: request.cluster,
        service_name: request.service_name,
        task_definition: request.task_definition,
        desired_count: request.desired_count,
        client_token: request.client_token,
        launch_type: request.launch_type,
        capacity_provider_strategy: Vec::new(),
        deployment_configuration: request.deployment_configuration,
        placement_constraints: request.placement_constraints,
        placement_strategy: request.placement_strategy,
        scheduling_strategy: request.scheduling_strategy,
        tags: request.tags,
        enable_ecs_managed_tags: request.enable_ecs_managed_tags,
        propagate_tags: request.propagate_tags,
    })
}

fn without_empty_strings(document: &Value) -> Value {
    match document {
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .filter(|(_, value)| value.as_str().is_none_or(|text| !text.trim().is_empty()))
                .map(|(key, value)| (key.clone(), value.clone()))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{lint_create_service, lint_run_task};

    #[test]
    fn a_new_run_task_passes_the_rules_and_becomes_the_request() {
        let mut document = new_run_task("edge-factory", "web:3", "token-1");
        document["placementConstraints"] =
            json!([{"type": "memberOf", "expression": "attribute:site == munich"}]);
        document["tags"] = json!([{"key": "team", "value": "edge"}]);
        assert!(lint_run_task(&document).is_empty());
        let input = run_task_input(&document).unwrap();
        assert_eq!(input.launch_type, Some(LaunchType::External));
        assert_eq!(input.cluster.as_deref(), Some("edge-factory"));
        assert_eq!(input.client_token.as_deref(), Some("token-1"));
        assert_eq!(
            input.placement_constraints[0].expression.as_deref(),
            Some("attribute:site == munich")
        );
        assert_eq!(input.tags[0].value, "edge");
    }

    #[test]
    fn a_field_the_console_does_not_send_is_refused_by_name() {
        let mut document = new_run_task("lab", "web", "t");
        document["platformVersion"] = json!("LATEST");
        let error = run_task_input(&document).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("unknown field `platformVersion`"),
            "{error}"
        );
    }

    #[test]
    fn empty_text_fields_are_left_out() {
        let document = json!({"cluster": "", "taskDefinition": "web", "startedBy": " "});
        let input = run_task_input(&document).unwrap();
        assert_eq!(input.cluster, None);
        assert_eq!(input.started_by, None);
        assert!(run_task_input(&json!({"cluster": "lab"})).is_err());
    }

    #[test]
    fn a_new_service_passes_the_rules_and_becomes_the_request() {
        let mut document = new_service("retail-stores", "pos:2", "token-2");
        document["serviceName"] = json!("pos");
        document["schedulingStrategy"] = json!("DAEMON");
        document.as_object_mut().unwrap().remove("desiredCount");
        assert!(lint_create_service(&document).is_empty());
        let input = create_service_input(&document).unwrap();
        assert_eq!(input.service_name, "pos");
        assert_eq!(input.scheduling_strategy.as_deref(), Some("DAEMON"));
        assert_eq!(input.desired_count, None);
        assert_eq!(input.launch_type, Some(LaunchType::External));
    }

    #[test]
    fn blocked_fields_are_findings_before_they_are_shape_errors() {
        let mut document = new_service("lab", "web", "t");
        document["loadBalancers"] = json!([{"targetGroupArn": "arn:x", "containerPort": 80}]);
        let findings = lint_create_service(&document);
        assert_eq!(findings[0].path, "loadBalancers");
        assert!(create_service_input(&document).is_err());
    }
}
