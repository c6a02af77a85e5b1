//! Task definitions: ListTaskDefinitionFamilies, ListTaskDefinitions, DescribeTaskDefinition,
//! RegisterTaskDefinition, DeregisterTaskDefinition.
//!
//! The console also edits task definitions as raw JSON, so the registrable part
//! ([`TaskDefinitionSpec`], [`ContainerDefinition`], [`Volume`]) types the fields the console
//! reads and keeps every other field in an `extra` map that survives a parse/serialize round trip
//! (read and written by hand through `open_object`, not `#[serde(flatten)]`: see there why).

use serde::de;
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::common::{Attribute, KeyValuePair, PlacementConstraint, Tag};
use super::open_object::{Fields, Writer};
use crate::aws::timestamp::Timestamp;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListTaskDefinitionFamiliesInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family_prefix: Option<String>,
    /// `ACTIVE`, `INACTIVE` or `ALL`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i32>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListTaskDefinitionFamiliesOutput {
    #[serde(default)]
    pub families: Vec<String>,
    #[serde(default)]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListTaskDefinitionsInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family_prefix: Option<String>,
    /// `ACTIVE`, `INACTIVE` or `DELETE_IN_PROGRESS`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `ASC` or `DESC`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i32>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListTaskDefinitionsOutput {
    #[serde(default)]
    pub task_definition_arns: Vec<String>,
    #[serde(default)]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeTaskDefinitionInput {
    /// `family`, `family:revision` or an ARN.
    pub task_definition: String,
    /// `TAGS`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
}

/// Output of DescribeTaskDefinition and RegisterTaskDefinition.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskDefinitionOutput {
    #[serde(default)]
    pub task_definition: Option<TaskDefinition>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// The spec's fields and `tags`, side by side in one object.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RegisterTaskDefinitionInput {
    pub spec: TaskDefinitionSpec,
    pub tags: Vec<Tag>,
}

impl Serialize for RegisterTaskDefinitionInput {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = Writer::start(serializer)?;
        self.spec.write(&mut object)?;
        object.list("tags", &self.tags)?;
        object.end()
    }
}

impl<'de> Deserialize<'de> for RegisterTaskDefinitionInput {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut fields = Fields::read(deserializer)?;
        Ok(Self {
            tags: fields.take("tags")?,
            spec: TaskDefinitionSpec::read(fields)?,
        })
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeregisterTaskDefinitionInput {
    /// `family:revision` or an ARN.
    pub task_definition: String,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeregisterTaskDefinitionOutput {
    #[serde(default)]
    pub task_definition: Option<TaskDefinition>,
}

/// A registered revision: the registrable spec plus what AWS adds, side by side in one object.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TaskDefinition {
    pub task_definition_arn: String,
    pub revision: i32,
    /// `ACTIVE`, `INACTIVE` or `DELETE_IN_PROGRESS`.
    pub status: Option<String>,
    pub requires_attributes: Vec<Attribute>,
    pub compatibilities: Vec<String>,
    pub registered_at: Option<Timestamp>,
    pub registered_by: Option<String>,
    pub deregistered_at: Option<Timestamp>,
    pub delete_requested_at: Option<Timestamp>,
    pub spec: TaskDefinitionSpec,
}

impl<'de> Deserialize<'de> for TaskDefinition {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut fields = Fields::read(deserializer)?;
        Ok(Self {
            task_definition_arn: fields.take("taskDefinitionArn")?,
            revision: fields.take("revision")?,
            status: fields.take("status")?,
            requires_attributes: fields.take("requiresAttributes")?,
            compatibilities: fields.take("compatibilities")?,
            registered_at: fields.take("registeredAt")?,
            registered_by: fields.take("registeredBy")?,
            deregistered_at: fields.take("deregisteredAt")?,
            delete_requested_at: fields.take("deleteRequestedAt")?,
            spec: TaskDefinitionSpec::read(fields)?,
        })
    }
}

impl TaskDefinition {
    /// The input that registers a new revision with the same content (the "edit" starting point).
    pub fn to_register_input(&self, tags: Vec<Tag>) -> RegisterTaskDefinitionInput {
        RegisterTaskDefinitionInput {
            spec: self.spec.clone(),
            tags,
        }
    }
}

/// The registrable content of a task definition.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TaskDefinitionSpec {
    pub family: String,
    pub task_role_arn: Option<String>,
    /// Needed for `awslogs` logging and private registry pulls.
    pub execution_role_arn: Option<String>,
    /// `bridge`, `host`, `awsvpc`, `none` (kept as text: Windows uses `default`).
    pub network_mode: Option<String>,
    pub container_definitions: Vec<ContainerDefinition>,
    pub volumes: Vec<Volume>,
    pub placement_constraints: Vec<PlacementConstraint>,
    /// `EC2`, `FARGATE`, `EXTERNAL`, `MANAGED_INSTANCES`.
    pub requires_compatibilities: Vec<String>,
    pub cpu: Option<String>,
    pub memory: Option<String>,
    pub pid_mode: Option<String>,
    pub ipc_mode: Option<String>,
    pub runtime_platform: Option<RuntimePlatform>,
    /// Fields the console does not model (proxyConfiguration, inferenceAccelerators, ...).
    pub extra: Map<String, Value>,
}

impl TaskDefinitionSpec {
    /// The spec's fields out of an object whose other fields were taken already.
    fn read<E: de::Error>(mut fields: Fields) -> Result<Self, E> {
        Ok(Self {
            family: fields.require("family")?,
            task_role_arn: fields.take("taskRoleArn")?,
            execution_role_arn: fields.take("executionRoleArn")?,
            network_mode: fields.take("networkMode")?,
            container_definitions: fields.take("containerDefinitions")?,
            volumes: fields.take("volumes")?,
            placement_constraints: fields.take("placementConstraints")?,
            requires_compatibilities: fields.take("requiresCompatibilities")?,
            cpu: fields.take("cpu")?,
            memory: fields.take("memory")?,
            pid_mode: fields.take("pidMode")?,
            ipc_mode: fields.take("ipcMode")?,
            runtime_platform: fields.take("runtimePlatform")?,
            extra: fields.rest(),
        })
    }

    fn write<M: SerializeMap>(&self, object: &mut Writer<M>) -> Result<(), M::Error> {
        object.field("family", &self.family)?;
        object.option("taskRoleArn", &self.task_role_arn)?;
        object.option("executionRoleArn", &self.execution_role_arn)?;
        object.option("networkMode", &self.network_mode)?;
        object.field("containerDefinitions", &self.container_definitions)?;
        object.list("volumes", &self.volumes)?;
        object.list("placementConstraints", &self.placement_constraints)?;
        object.list("requiresCompatibilities", &self.requires_compatibilities)?;
        object.option("cpu", &self.cpu)?;
        object.option("memory", &self.memory)?;
        object.option("pidMode", &self.pid_mode)?;
        object.option("ipcMode", &self.ipc_mode)?;
        object.option("runtimePlatform", &self.runtime_platform)?;
        object.rest(&self.extra)
    }
}

impl Serialize for TaskDefinitionSpec {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = Writer::start(serializer)?;
        self.write(&mut object)?;
        object.end()
    }
}

impl<'de> Deserialize<'de> for TaskDefinitionSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::read(Fields::read(deserializer)?)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuntimePlatform {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_architecture: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operating_system_family: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContainerDefinition {
    pub name: Option<String>,
    pub image: Option<String>,
    pub cpu: Option<i32>,
    pub memory: Option<i32>,
    pub memory_reservation: Option<i32>,
    pub essential: Option<bool>,
    pub entry_point: Vec<String>,
    pub command: Vec<String>,
    pub environment: Vec<KeyValuePair>,
    pub port_mappings: Vec<PortMapping>,
    pub mount_points: Vec<MountPoint>,
    pub log_configuration: Option<LogConfiguration>,
    pub health_check: Option<HealthCheck>,
    /// GPU, InferenceAccelerator, NeuronDevice requests.
    pub resource_requirements: Vec<ResourceRequirement>,
    /// Fields the console does not model (linuxParameters, secrets, ulimits, ...).
    pub extra: Map<String, Value>,
}

impl Serialize for ContainerDefinition {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = Writer::start(serializer)?;
        object.option("name", &self.name)?;
        object.option("image", &self.image)?;
        object.option("cpu", &self.cpu)?;
        object.option("memory", &self.memory)?;
        object.option("memoryReservation", &self.memory_reservation)?;
        object.option("essential", &self.essential)?;
        object.list("entryPoint", &self.entry_point)?;
        object.list("command", &self.command)?;
        object.list("environment", &self.environment)?;
        object.list("portMappings", &self.port_mappings)?;
        object.list("mountPoints", &self.mount_points)?;
        object.option("logConfiguration", &self.log_configuration)?;
        object.option("healthCheck", &self.health_check)?;
        object.list("resourceRequirements", &self.resource_requirements)?;
        object.rest(&self.extra)?;
        object.end()
    }
}

impl<'de> Deserialize<'de> for ContainerDefinition {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut fields = Fields::read(deserializer)?;
        Ok(Self {
            name: fields.take("name")?,
            image: fields.take("image")?,
            cpu: fields.take("cpu")?,
            memory: fields.take("memory")?,
            memory_reservation: fields.take("memoryReservation")?,
            essential: fields.take("essential")?,
            entry_point: fields.take("entryPoint")?,
            command: fields.take("command")?,
            environment: fields.take("environment")?,
            port_mappings: fields.take("portMappings")?,
            mount_points: fields.take("mountPoints")?,
            log_configuration: fields.take("logConfiguration")?,
            health_check: fields.take("healthCheck")?,
            resource_requirements: fields.take("resourceRequirements")?,
            extra: fields.rest(),
        })
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PortMapping {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_port: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_port: Option<i32>,
    /// `tcp` or `udp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MountPoint {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_volume: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogConfiguration {
    /// `awslogs`, `json-file`, `journald`, `syslog`, ...
    pub log_driver: String,
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub options: std::collections::BTreeMap<String, String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthCheck {
    pub command: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_period: Option<i32>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceRequirement {
    /// `GPU`, `InferenceAccelerator` or `NeuronDevice`.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Volume {
    pub name: Option<String>,
    pub host: Option<HostVolume>,
    /// dockerVolumeConfiguration, efsVolumeConfiguration, ...
    pub extra: Map<String, Value>,
}

impl Serialize for Volume {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = Writer::start(serializer)?;
        object.option("name", &self.name)?;
        object.option("host", &self.host)?;
        object.rest(&self.extra)?;
        object.end()
    }
}

impl<'de> Deserialize<'de> for Volume {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut fields = Fields::read(deserializer)?;
        Ok(Self {
            name: fields.take("name")?,
            host: fields.take("host")?,
            extra: fields.rest(),
        })
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HostVolume {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_path: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unmodelled_fields_survive_a_round_trip_at_every_level() {
        let document = json!({
            "family": "web",
            "containerDefinitions": [{
                "name": "web", "image": "nginx", "memory": 128,
                "ulimits": [{"name": "nofile", "softLimit": 1024, "hardLimit": 2048}]
            }],
            "volumes": [{"name": "data", "dockerVolumeConfiguration": {"scope": "task"}}],
            "ephemeralStorage": {"sizeInGiB": 30},
            "tags": [{"key": "team", "value": "edge"}]
        });
        let input: RegisterTaskDefinitionInput = serde_json::from_value(document.clone()).unwrap();
        assert_eq!(
            input.spec.extra["ephemeralStorage"],
            json!({"sizeInGiB": 30})
        );
        assert!(
            input.spec.container_definitions[0]
                .extra
                .contains_key("ulimits")
        );
        assert!(
            input.spec.volumes[0]
                .extra
                .contains_key("dockerVolumeConfiguration")
        );
        assert_eq!(input.tags[0].key, "team");
        assert_eq!(serde_json::to_value(&input).unwrap(), document);
    }

    #[test]
    fn a_registered_revision_keeps_what_aws_adds_apart_from_the_spec() {
        let text = r#"{"taskDefinitionArn": "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7",
            "revision": 7, "status": "ACTIVE", "registeredAt": 1700000000.5,
            "requiresAttributes": [{"name": "com.amazonaws.ecs.capability.docker-remote-api.1.18"}],
            "family": "web", "containerDefinitions": [], "proxyConfiguration": {"type": "APPMESH"}}"#;
        let definition: TaskDefinition = serde_json::from_str(text).unwrap();
        assert_eq!(definition.revision, 7);
        assert_eq!(definition.requires_attributes.len(), 1);
        assert_eq!(definition.spec.family, "web");
        assert_eq!(
            definition.spec.extra.keys().collect::<Vec<_>>(),
            ["proxyConfiguration"]
        );
    }

    #[test]
    fn absent_and_null_fields_read_as_the_derived_impls_read_them() {
        let spec: TaskDefinitionSpec =
            serde_json::from_value(json!({"family": "web", "cpu": null})).unwrap();
        assert_eq!(spec.cpu, None);
        assert!(spec.container_definitions.is_empty());
        assert_eq!(
            serde_json::to_value(&spec).unwrap(),
            json!({"family": "web", "containerDefinitions": []})
        );
        let missing = serde_json::from_value::<TaskDefinitionSpec>(json!({"cpu": "256"}));
        assert_eq!(missing.unwrap_err().to_string(), "missing field `family`");
        let null_list =
            serde_json::from_value::<TaskDefinitionSpec>(json!({"family": "web", "volumes": null}));
        assert!(
            null_list
                .unwrap_err()
                .to_string()
                .starts_with("volumes: invalid type: null")
        );
    }

    #[test]
    fn a_wrong_type_names_its_field() {
        let error = serde_json::from_str::<RegisterTaskDefinitionInput>(
            r#"{"family": "web", "containerDefinitions": [{"name": "web", "cpu": "lots"}]}"#,
        )
        .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("containerDefinitions: cpu: invalid type: string"),
            "{error}"
        );
    }
}
