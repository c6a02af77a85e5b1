//! Container instances (for this console: external hosts registered with ECS Anywhere).

use serde::{Deserialize, Serialize};

use super::common::{Attribute, Failure, Tag};
use crate::aws::timestamp::Timestamp;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListContainerInstancesInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    /// Cluster query language, e.g. `attribute:ecs.capability.external exists`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i32>,
    /// `ACTIVE`, `DRAINING`, `REGISTERING`, `DEREGISTERING`, `REGISTRATION_FAILED`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListContainerInstancesOutput {
    #[serde(default)]
    pub container_instance_arns: Vec<String>,
    #[serde(default)]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeContainerInstancesInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    /// At most 100 ARNs or ids.
    pub container_instances: Vec<String>,
    /// `TAGS`, `CONTAINER_INSTANCE_HEALTH`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeContainerInstancesOutput {
    #[serde(default)]
    pub container_instances: Vec<ContainerInstance>,
    #[serde(default)]
    pub failures: Vec<Failure>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateContainerInstancesStateInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    pub container_instances: Vec<String>,
    /// `ACTIVE` or `DRAINING`.
    pub status: String,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateContainerInstancesStateOutput {
    #[serde(default)]
    pub container_instances: Vec<ContainerInstance>,
    #[serde(default)]
    pub failures: Vec<Failure>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeregisterContainerInstanceInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    pub container_instance: String,
    /// Deregister even when tasks still run on the instance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub force: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeregisterContainerInstanceOutput {
    #[serde(default)]
    pub container_instance: Option<ContainerInstance>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionInfo {
    #[serde(default)]
    pub agent_version: Option<String>,
    #[serde(default)]
    pub agent_hash: Option<String>,
    #[serde(default)]
    pub docker_version: Option<String>,
}

/// A registered or remaining resource of an instance (`CPU`, `MEMORY`, `PORTS`, `PORTS_UDP`, ...).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    #[serde(default)]
    pub name: String,
    /// `INTEGER`, `DOUBLE`, `LONG`, `STRINGSET`.
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub integer_value: Option<i64>,
    #[serde(default)]
    pub long_value: Option<i64>,
    #[serde(default)]
    pub double_value: Option<f64>,
    #[serde(default)]
    pub string_set_value: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerInstance {
    #[serde(default)]
    pub container_instance_arn: String,
    /// For an external instance, the SSM managed-instance id (`mi-…`): the key of the fleet join.
    #[serde(default)]
    pub ec2_instance_id: Option<String>,
    #[serde(default)]
    pub capacity_provider_name: Option<String>,
    #[serde(default)]
    pub version: Option<i64>,
    #[serde(default)]
    pub version_info: Option<VersionInfo>,
    #[serde(default)]
    pub remaining_resources: Vec<Resource>,
    #[serde(default)]
    pub registered_resources: Vec<Resource>,
    /// `ACTIVE`, `DRAINING`, `REGISTERING`, `DEREGISTERING`, `REGISTRATION_FAILED`.
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub status_reason: Option<String>,
    #[serde(default)]
    pub agent_connected: bool,
    #[serde(default)]
    pub running_tasks_count: i32,
    #[serde(default)]
    pub pending_tasks_count: i32,
    #[serde(default)]
    pub agent_update_status: Option<String>,
    #[serde(default)]
    pub attributes: Vec<Attribute>,
    #[serde(default)]
    pub registered_at: Option<Timestamp>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}
