//! One row of the fleet table: an external host as ECS sees it (the container instance) and, when
//! SSM knows it, as SSM sees it (the managed instance), with an accessor per column.

use crate::aws::Timestamp;
use crate::aws::ecs::{ContainerInstance, Resource, Tag};
use crate::aws::ssm::{InstanceInformation, is_managed_instance_id};
use crate::fields::is_agent_attribute;
use crate::install::os::{Arch, OsId};
use crate::rules::HostAttributes;

use super::platform;

/// The ECS status of a container instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InstanceStatus {
    Active,
    Draining,
    Registering,
    Deregistering,
    RegistrationFailed,
    /// A value this console does not know (AWS may add some).
    Other,
}

impl InstanceStatus {
    pub fn parse(text: &str) -> Self {
        match text {
            "ACTIVE" => InstanceStatus::Active,
            "DRAINING" => InstanceStatus::Draining,
            "REGISTERING" => InstanceStatus::Registering,
            "DEREGISTERING" => InstanceStatus::Deregistering,
            "REGISTRATION_FAILED" => InstanceStatus::RegistrationFailed,
            _ => InstanceStatus::Other,
        }
    }
}

/// SSM's view of the host's agent connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PingStatus {
    Online,
    ConnectionLost,
    Inactive,
    /// SSM has no record of the host (not yet, or it was deregistered from SSM), or reported a
    /// value this console does not know.
    Unknown,
}

impl PingStatus {
    pub fn parse(text: &str) -> Self {
        match text {
            "Online" => PingStatus::Online,
            "ConnectionLost" => PingStatus::ConnectionLost,
            "Inactive" => PingStatus::Inactive,
            _ => PingStatus::Unknown,
        }
    }

    /// SSM's own word for it, or `Unknown`.
    pub fn label(self) -> &'static str {
        match self {
            PingStatus::Online => "Online",
            PingStatus::ConnectionLost => "ConnectionLost",
            PingStatus::Inactive => "Inactive",
            PingStatus::Unknown => "Unknown",
        }
    }
}

/// A resource as ECS accounts it: what the host registered and what is not yet reserved by tasks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Capacity {
    pub registered: i64,
    pub remaining: i64,
}

impl Capacity {
    /// Reserved by tasks.
    pub fn used(self) -> i64 {
        (self.registered - self.remaining).max(0)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Host {
    cluster: String,
    instance: ContainerInstance,
    ssm: Option<InstanceInformation>,
    /// Shown before its SSM record is back ([`Host::awaiting_record`]): the SSM columns are not
    /// known yet, rather than missing.
    record_pending: bool,
    // Derived once because the table sorts, filters and searches on it for every row.
    os: String,
}

impl Host {
    pub fn new(
        cluster: impl Into<String>,
        instance: ContainerInstance,
        ssm: Option<InstanceInformation>,
    ) -> Self {
        let os = os_label(&instance, ssm.as_ref());
        Host {
            cluster: cluster.into(),
            instance,
            ssm,
            record_pending: false,
            os,
        }
    }

    /// A host described by ECS whose SSM record is still being looked up.
    pub fn awaiting_record(cluster: impl Into<String>, instance: ContainerInstance) -> Self {
        Host {
            record_pending: true,
            ..Host::new(cluster, instance, None)
        }
    }

    /// Whether the SSM record is still being looked up (see [`Host::awaiting_record`]).
    pub fn record_pending(&self) -> bool {
        self.record_pending
    }

    pub fn cluster(&self) -> &str {
        &self.cluster
    }

    pub fn container_instance(&self) -> &ContainerInstance {
        &self.instance
    }

    pub fn ssm(&self) -> Option<&InstanceInformation> {
        self.ssm.as_ref()
    }

    /// The container instance ARN: unique across clusters, so the row's identity.
    pub fn key(&self) -> &str {
        &self.instance.container_instance_arn
    }

    /// The region the host is registered in, as its ARN names it
    /// (`arn:aws:ecs:eu-west-1:123456789012:container-instance/…`).
    pub fn region(&self) -> Option<&str> {
        self.key()
            .split(':')
            .nth(3)
            .filter(|region| !region.is_empty())
    }

    /// The SSM managed-instance id (`mi-…`), as ECS reports it in `ec2InstanceId`.
    pub fn managed_instance_id(&self) -> Option<&str> {
        self.instance.ec2_instance_id.as_deref()
    }

    /// Whether ECS reports a managed-instance id, as an external host registered through SSM has.
    pub fn is_external(&self) -> bool {
        self.managed_instance_id()
            .is_some_and(is_managed_instance_id)
    }

    /// The host name SSM reports (`ComputerName`).
    pub fn hostname(&self) -> Option<&str> {
        self.ssm.as_ref()?.computer_name.as_deref()
    }

    pub fn status(&self) -> InstanceStatus {
        InstanceStatus::parse(&self.instance.status)
    }

    /// The status as ECS wrote it.
    pub fn status_text(&self) -> &str {
        &self.instance.status
    }

    pub fn status_reason(&self) -> Option<&str> {
        self.instance.status_reason.as_deref()
    }

    pub fn agent_connected(&self) -> bool {
        self.instance.agent_connected
    }

    pub fn ping_status(&self) -> PingStatus {
        self.ssm
            .as_ref()
            .and_then(|ssm| ssm.ping_status.as_deref())
            .map_or(PingStatus::Unknown, PingStatus::parse)
    }

    pub fn last_ping(&self) -> Option<Timestamp> {
        self.ssm.as_ref()?.last_ping_date_time
    }

    pub fn ip_address(&self) -> Option<&str> {
        self.ssm.as_ref()?.ip_address.as_deref()
    }

    pub fn agent_version(&self) -> Option<&str> {
        self.instance
            .version_info
            .as_ref()?
            .agent_version
            .as_deref()
    }

    /// The Docker version without the `DockerVersion: ` prefix the agent puts before it.
    pub fn docker_version(&self) -> Option<&str> {
        let text = self
            .instance
            .version_info
            .as_ref()?
            .docker_version
            .as_deref()?;
        Some(text.strip_prefix("DockerVersion:").unwrap_or(text).trim())
    }

    pub fn ssm_agent_version(&self) -> Option<&str> {
        self.ssm.as_ref()?.agent_version.as_deref()
    }

    /// SSM's platform name and version (`Ubuntu 22.04`) when known, else the agent's
    /// `ecs.os-family` (`WINDOWS_SERVER_2022_FULL`) or `ecs.os-type` (`linux`); empty when neither.
    pub fn os(&self) -> &str {
        &self.os
    }

    /// The agent's `ecs.cpu-architecture` (`x86_64`, `arm64`).
    pub fn arch(&self) -> Option<&str> {
        self.attribute("ecs.cpu-architecture").flatten()
    }

    /// The catalogue OS, for picking the agent-update commands.
    pub fn install_os(&self) -> Option<OsId> {
        let ssm = self.ssm.as_ref()?;
        platform::install_os(
            ssm.platform_name.as_deref()?,
            ssm.platform_version.as_deref().unwrap_or(""),
        )
    }

    pub fn install_arch(&self) -> Option<Arch> {
        platform::install_arch(self.arch()?)
    }

    pub fn running_tasks(&self) -> i32 {
        self.instance.running_tasks_count
    }

    pub fn pending_tasks(&self) -> i32 {
        self.instance.pending_tasks_count
    }

    pub fn cpu(&self) -> Option<Capacity> {
        self.capacity("CPU")
    }

    /// In MiB.
    pub fn memory(&self) -> Option<Capacity> {
        self.capacity("MEMORY")
    }

    fn capacity(&self, name: &str) -> Option<Capacity> {
        Some(Capacity {
            registered: resource_value(&self.instance.registered_resources, name)?,
            remaining: resource_value(&self.instance.remaining_resources, name).unwrap_or(0),
        })
    }

    /// `None` when the host lacks the attribute, `Some(None)` when it has it without a value.
    pub fn attribute(&self, name: &str) -> Option<Option<&str>> {
        self.instance
            .attributes
            .iter()
            .find(|attribute| attribute.name == name)
            .map(|attribute| attribute.value.as_deref())
    }

    /// Every attribute, agent-set and custom.
    pub fn attributes(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        self.instance
            .attributes
            .iter()
            .map(|attribute| (attribute.name.as_str(), attribute.value.as_deref()))
    }

    /// Attributes the user set, for placement constraints (not the agent's own).
    pub fn custom_attributes(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        self.attributes()
            .filter(|(name, _)| !is_agent_attribute(name))
    }

    /// The attributes in the form the placement-constraint evaluator takes
    /// (`rules::Candidate::with_attributes`).
    pub fn host_attributes(&self) -> HostAttributes {
        self.attributes()
            .map(|(name, value)| (name.to_owned(), value.map(str::to_owned)))
            .collect()
    }

    pub fn registered_at(&self) -> Option<Timestamp> {
        self.instance.registered_at
    }

    pub fn tags(&self) -> &[Tag] {
        &self.instance.tags
    }

    /// Whether two snapshots of a host differ in anything an operator watches. SSM's last ping
    /// time moves every few minutes on every healthy host, so it is left out: a refresh would
    /// otherwise mark every row as changed.
    pub fn same_state(&self, other: &Host) -> bool {
        let (a, b) = (&self.instance, &other.instance);
        self.cluster == other.cluster
            && a.status == b.status
            && a.status_reason == b.status_reason
            && a.agent_connected == b.agent_connected
            && a.running_tasks_count == b.running_tasks_count
            && a.pending_tasks_count == b.pending_tasks_count
            && a.version_info == b.version_info
            && a.registered_resources == b.registered_resources
            && a.remaining_resources == b.remaining_resources
            && a.attributes == b.attributes
            && a.tags == b.tags
            && self.ping_status() == other.ping_status()
            && self.ip_address() == other.ip_address()
            && self.hostname() == other.hostname()
            && self.ssm_agent_version() == other.ssm_agent_version()
            && self.os == other.os
    }
}

fn resource_value(resources: &[Resource], name: &str) -> Option<i64> {
    let resource = resources.iter().find(|resource| resource.name == name)?;
    resource
        .integer_value
        .or(resource.long_value)
        .or(resource.double_value.map(|value| value as i64))
}

fn os_label(instance: &ContainerInstance, ssm: Option<&InstanceInformation>) -> String {
    if let Some(name) = ssm
        .and_then(|ssm| ssm.platform_name.as_deref())
        .filter(|name| !name.is_empty())
    {
        let version = ssm
            .and_then(|ssm| ssm.platform_version.as_deref())
            .unwrap_or("");
        return if version.is_empty() {
            name.to_owned()
        } else {
            format!("{name} {version}")
        };
    }
    let attribute = |wanted: &str| {
        instance
            .attributes
            .iter()
            .find(|attribute| attribute.name == wanted)
            .and_then(|attribute| attribute.value.clone())
    };
    attribute("ecs.os-family")
        .or_else(|| attribute("ecs.os-type"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn instance(value: serde_json::Value) -> ContainerInstance {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn columns_from_ecs_and_ssm() {
        let ecs = instance(json!({
            "containerInstanceArn": "arn:aws:ecs:eu-west-1:123456789012:container-instance/prod/abc",
            "ec2InstanceId": "mi-0123456789abcdef0",
            "status": "ACTIVE",
            "agentConnected": true,
            "runningTasksCount": 3,
            "pendingTasksCount": 1,
            "versionInfo": {"agentVersion": "1.89.2", "dockerVersion": "DockerVersion: 25.0.6"},
            "registeredResources": [
                {"name": "CPU", "type": "INTEGER", "integerValue": 2048},
                {"name": "MEMORY", "type": "INTEGER", "integerValue": 3800}
            ],
            "remainingResources": [
                {"name": "CPU", "type": "INTEGER", "integerValue": 1024},
                {"name": "MEMORY", "type": "INTEGER", "integerValue": 3000}
            ],
            "attributes": [
                {"name": "ecs.os-type", "value": "linux"},
                {"name": "ecs.cpu-architecture", "value": "arm64"},
                {"name": "ecs.capability.external"},
                {"name": "com.amazonaws.ecs.capability.docker-remote-api.1.44"},
                {"name": "site", "value": "munich"},
                {"name": "gpu-free"}
            ],
            "registeredAt": 1767225600.5,
            "tags": [{"key": "team", "value": "edge"}]
        }));
        let ssm: InstanceInformation = serde_json::from_value(json!({
            "InstanceId": "mi-0123456789abcdef0",
            "PingStatus": "ConnectionLost",
            "LastPingDateTime": 1767225000,
            "AgentVersion": "3.3.1142.0",
            "PlatformName": "Ubuntu",
            "PlatformVersion": "22.04",
            "IPAddress": "10.0.0.7",
            "ComputerName": "edge-01"
        }))
        .unwrap();
        let host = Host::new("prod", ecs, Some(ssm));
        assert_eq!(host.cluster(), "prod");
        assert_eq!(host.region(), Some("eu-west-1"));
        assert_eq!(host.managed_instance_id(), Some("mi-0123456789abcdef0"));
        assert!(host.is_external());
        assert_eq!(host.hostname(), Some("edge-01"));
        assert_eq!(host.status(), InstanceStatus::Active);
        assert!(host.agent_connected());
        assert_eq!(host.ping_status(), PingStatus::ConnectionLost);
        assert_eq!(host.last_ping(), Some(Timestamp(1767225000.0)));
        assert_eq!(host.ip_address(), Some("10.0.0.7"));
        assert_eq!(host.agent_version(), Some("1.89.2"));
        assert_eq!(host.docker_version(), Some("25.0.6"));
        assert_eq!(host.ssm_agent_version(), Some("3.3.1142.0"));
        assert_eq!(host.os(), "Ubuntu 22.04");
        assert_eq!(host.arch(), Some("arm64"));
        assert_eq!(host.install_os(), Some(OsId::Ubuntu22));
        assert_eq!(host.install_arch(), Some(Arch::Arm64));
        assert_eq!((host.running_tasks(), host.pending_tasks()), (3, 1));
        assert_eq!(
            host.cpu(),
            Some(Capacity {
                registered: 2048,
                remaining: 1024
            })
        );
        assert_eq!(host.memory().map(Capacity::used), Some(800));
        assert_eq!(
            host.custom_attributes().collect::<Vec<_>>(),
            vec![("site", Some("munich")), ("gpu-free", None)]
        );
        assert_eq!(host.attribute("ecs.capability.external"), Some(None));
        assert_eq!(host.attribute("absent"), None);
        assert_eq!(host.host_attributes().len(), 6);
        assert_eq!(host.registered_at(), Some(Timestamp(1767225600.5)));
        assert_eq!(host.tags()[0].key, "team");
    }

    #[test]
    fn without_ssm_the_os_comes_from_the_agent() {
        let windows = instance(json!({
            "containerInstanceArn": "arn:1",
            "ec2InstanceId": "i-0123456789abcdef0",
            "status": "FUTURE_STATUS",
            "attributes": [
                {"name": "ecs.os-type", "value": "windows"},
                {"name": "ecs.os-family", "value": "WINDOWS_SERVER_2022_FULL"}
            ]
        }));
        let host = Host::new("c", windows, None);
        assert_eq!(host.os(), "WINDOWS_SERVER_2022_FULL");
        assert_eq!(host.status(), InstanceStatus::Other);
        assert_eq!(host.status_text(), "FUTURE_STATUS");
        assert_eq!(host.ping_status(), PingStatus::Unknown);
        assert!(!host.is_external());
        assert_eq!((host.hostname(), host.cpu()), (None, None));
        let bare = Host::new(
            "c",
            instance(json!({"containerInstanceArn": "arn:2"})),
            None,
        );
        assert_eq!(bare.os(), "");
        assert_eq!(bare.region(), None);
    }

    #[test]
    fn last_ping_alone_is_not_a_change() {
        let ecs = instance(json!({"containerInstanceArn": "arn:1", "status": "ACTIVE"}));
        let ssm = |ping: f64, status: &str| InstanceInformation {
            instance_id: "mi-0123456789abcdef0".into(),
            ping_status: Some(status.into()),
            last_ping_date_time: Some(Timestamp(ping)),
            ..Default::default()
        };
        let before = Host::new("c", ecs.clone(), Some(ssm(1.0, "Online")));
        assert!(before.same_state(&Host::new("c", ecs.clone(), Some(ssm(2.0, "Online")))));
        assert!(!before.same_state(&Host::new("c", ecs.clone(), Some(ssm(2.0, "Inactive")))));
        let mut drained = ecs;
        drained.status = "DRAINING".into();
        assert!(!before.same_state(&Host::new("c", drained, Some(ssm(1.0, "Online")))));
    }
}
