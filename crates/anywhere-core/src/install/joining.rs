//! Hosts joining through one activation, as the waiting room shows them: SSM managed instance,
//! then ECS container instance, then connected agent. And how often to look again.

use std::time::Duration;

use crate::aws::ecs::ContainerInstance;
use crate::aws::ssm::{InstanceInformation, is_managed_instance_id};
use crate::fields::is_agent_attribute;
use crate::sort::sort_by;

/// How far a host has come. Ordered: each stage implies the ones before.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum JoinStage {
    /// SSM registered the host with the activation.
    ManagedInstance,
    /// The ECS agent registered the host in the cluster.
    ContainerInstance,
    /// The ECS agent is connected and the instance is active: it can run tasks.
    Connected,
}

impl JoinStage {
    pub const ALL: [JoinStage; 3] = [
        JoinStage::ManagedInstance,
        JoinStage::ContainerInstance,
        JoinStage::Connected,
    ];

    pub fn label(self) -> &'static str {
        match self {
            JoinStage::ManagedInstance => "Managed instance registered",
            JoinStage::ContainerInstance => "Container instance registered",
            JoinStage::Connected => "Agent connected",
        }
    }
}

/// One host of the activation and how far it has come.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct JoiningHost {
    pub managed_instance_id: String,
    /// The host name SSM reports, else the activation's default instance name.
    pub name: Option<String>,
    pub ping_status: Option<String>,
    pub stage: JoinStage,
    pub container_instance_arn: Option<String>,
    /// The container instance's status (`ACTIVE`, `REGISTERING`, ...), once it exists.
    pub status: Option<String>,
    /// Attributes the user set, as `(name, value)`: not the ones the agent reports itself
    /// (`ecs.*`, `com.amazonaws.ecs.*`).
    pub custom_attributes: Vec<(String, String)>,
}

/// The hosts SSM registered with the activation, each matched with its container instance in the
/// cluster (by the managed-instance id the agent reports as `ec2InstanceId`), oldest first.
pub fn joining_hosts(
    managed: &[InstanceInformation],
    container_instances: &[ContainerInstance],
) -> Vec<JoiningHost> {
    let mut managed: Vec<&InstanceInformation> = managed.iter().collect();
    sort_by(&mut managed, |a, b| {
        let at = |i: &InstanceInformation| i.registration_date.map_or(0.0, |t| t.0);
        at(a)
            .total_cmp(&at(b))
            .then_with(|| a.instance_id.cmp(&b.instance_id))
    });
    managed
        .into_iter()
        .map(|info| {
            let instance = container_instances
                .iter()
                .find(|c| c.ec2_instance_id.as_deref() == Some(info.instance_id.as_str()));
            let stage = match instance {
                None => JoinStage::ManagedInstance,
                Some(c) if c.agent_connected && c.status == "ACTIVE" => JoinStage::Connected,
                Some(_) => JoinStage::ContainerInstance,
            };
            JoiningHost {
                managed_instance_id: info.instance_id.clone(),
                name: info.computer_name.clone().or_else(|| info.name.clone()),
                ping_status: info.ping_status.clone(),
                stage,
                container_instance_arn: instance.map(|c| c.container_instance_arn.clone()),
                status: instance.map(|c| c.status.clone()),
                custom_attributes: instance.map(custom_attributes).unwrap_or_default(),
            }
        })
        .collect()
}

/// The hosts that registered in the cluster at or after `since_millis`, seen from ECS alone, newest
/// last: for a sign-in that may not read Systems Manager (IAM cannot limit
/// DescribeInstanceInformation or DescribeActivations to one cluster, so the self-service role has
/// neither). Each has reached at least the container-instance stage; ECS knows no host name.
pub fn joined_since(
    container_instances: &[ContainerInstance],
    since_millis: f64,
) -> Vec<JoiningHost> {
    let mut joined: Vec<&ContainerInstance> = container_instances
        .iter()
        .filter(|c| {
            c.registered_at
                .is_some_and(|t| t.epoch_millis() >= since_millis)
        })
        .filter(|c| {
            c.ec2_instance_id
                .as_deref()
                .is_some_and(is_managed_instance_id)
        })
        .collect();
    sort_by(&mut joined, |a, b| {
        let at = |c: &ContainerInstance| c.registered_at.map_or(0.0, |t| t.0);
        at(a).total_cmp(&at(b))
    });
    joined
        .into_iter()
        .map(|c| JoiningHost {
            managed_instance_id: c.ec2_instance_id.clone().unwrap_or_default(),
            name: None,
            ping_status: None,
            stage: if c.agent_connected && c.status == "ACTIVE" {
                JoinStage::Connected
            } else {
                JoinStage::ContainerInstance
            },
            container_instance_arn: Some(c.container_instance_arn.clone()),
            status: Some(c.status.clone()),
            custom_attributes: custom_attributes(c),
        })
        .collect()
}

fn custom_attributes(instance: &ContainerInstance) -> Vec<(String, String)> {
    instance
        .attributes
        .iter()
        .filter(|a| !is_agent_attribute(&a.name))
        .map(|a| (a.name.clone(), a.value.clone().unwrap_or_default()))
        .collect()
}

/// How many ids one cluster-query filter holds, keeping it well under ECS's expression length.
pub const IDS_PER_FILTER: usize = 50;

/// Cluster-query-language filters (`ec2InstanceId in [...]`) selecting the container instances of
/// these managed instances, at most [`IDS_PER_FILTER`] ids each. Ids not shaped like SSM's
/// `mi-` + 17 hex digits are left out, so nothing a server returns can change the expression.
pub fn container_instance_filters(managed_instance_ids: &[String]) -> Vec<String> {
    let ids: Vec<&str> = managed_instance_ids
        .iter()
        .map(String::as_str)
        .filter(|id| is_managed_instance_id(id))
        .collect();
    ids.chunks(IDS_PER_FILTER)
        .map(|chunk| {
            let quoted: Vec<String> = chunk.iter().map(|id| format!("'{id}'")).collect();
            format!("ec2InstanceId in [{}]", quoted.join(", "))
        })
        .collect()
}

/// The waiting room's polling interval: short while hosts are moving, growing while nothing
/// changes, so an open tab costs little.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PollBackoff {
    delay: Duration,
}

impl PollBackoff {
    pub const FIRST: Duration = Duration::from_secs(2);
    pub const MAX: Duration = Duration::from_secs(15);

    pub fn new() -> Self {
        Self { delay: Self::FIRST }
    }

    /// How long to wait before the next look.
    pub fn delay(&self) -> Duration {
        self.delay
    }

    /// After a look: back to the first delay if something changed, else half as long again
    /// (up to [`Self::MAX`]).
    pub fn next(&mut self, changed: bool) {
        self.delay = if changed {
            Self::FIRST
        } else {
            (self.delay * 3 / 2).min(Self::MAX)
        };
    }
}

impl Default for PollBackoff {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::Timestamp;
    use crate::aws::ecs::Attribute;

    fn managed(id: &str, registered: f64) -> InstanceInformation {
        InstanceInformation {
            instance_id: id.into(),
            computer_name: Some(format!("host-{id}")),
            registration_date: Some(Timestamp(registered)),
            ping_status: Some("Online".into()),
            ..InstanceInformation::default()
        }
    }

    fn container(id: &str, status: &str, connected: bool) -> ContainerInstance {
        let attribute = |name: &str, value: &str| Attribute {
            name: name.into(),
            value: Some(value.into()),
            ..Attribute::default()
        };
        ContainerInstance {
            container_instance_arn: format!("arn:ci/{id}"),
            ec2_instance_id: Some(id.into()),
            status: status.into(),
            agent_connected: connected,
            attributes: vec![
                attribute("ecs.capability.external", ""),
                attribute("com.amazonaws.ecs.capability.docker-remote-api.1.44", ""),
                attribute("site", "munich"),
                attribute("tier", "edge"),
            ],
            ..ContainerInstance::default()
        }
    }

    #[test]
    fn hosts_move_through_the_three_stages() {
        let a = "mi-0123456789abcdef0";
        let b = "mi-0123456789abcdef1";
        let c = "mi-0123456789abcdef2";
        let hosts = joining_hosts(
            &[managed(c, 3.0), managed(a, 1.0), managed(b, 2.0)],
            &[
                container(b, "REGISTERING", false),
                container(c, "ACTIVE", true),
                container("mi-ffffffffffffffff0", "ACTIVE", true),
            ],
        );
        let stages: Vec<(&str, JoinStage)> = hosts
            .iter()
            .map(|h| (h.managed_instance_id.as_str(), h.stage))
            .collect();
        assert_eq!(
            stages,
            [
                (a, JoinStage::ManagedInstance),
                (b, JoinStage::ContainerInstance),
                (c, JoinStage::Connected),
            ]
        );
        assert_eq!(hosts[0].container_instance_arn, None);
        assert_eq!(hosts[0].name.as_deref(), Some("host-mi-0123456789abcdef0"));
        assert_eq!(
            hosts[2].custom_attributes,
            [
                ("site".to_owned(), "munich".to_owned()),
                ("tier".to_owned(), "edge".to_owned())
            ]
        );
    }

    #[test]
    fn from_ecs_alone_the_hosts_registered_since_the_activation() {
        let at = |id: &str, seconds: f64, connected: bool| ContainerInstance {
            registered_at: Some(Timestamp(seconds)),
            ..container(id, "ACTIVE", connected)
        };
        let old = "mi-0123456789abcdef0";
        let new = "mi-0123456789abcdef1";
        let newer = "mi-0123456789abcdef2";
        let hosts = joined_since(
            &[
                at(newer, 300.0, false),
                at(old, 100.0, true),
                at(new, 200.0, true),
            ],
            150_000.0,
        );
        let seen: Vec<(&str, JoinStage)> = hosts
            .iter()
            .map(|h| (h.managed_instance_id.as_str(), h.stage))
            .collect();
        assert_eq!(
            seen,
            [
                (new, JoinStage::Connected),
                (newer, JoinStage::ContainerInstance)
            ]
        );
        assert_eq!(hosts[0].name, None);
        assert_eq!(hosts[0].custom_attributes.len(), 2);
    }

    #[test]
    fn an_active_but_disconnected_agent_is_not_connected() {
        let id = "mi-0123456789abcdef0";
        let hosts = joining_hosts(&[managed(id, 1.0)], &[container(id, "ACTIVE", false)]);
        assert_eq!(hosts[0].stage, JoinStage::ContainerInstance);
    }

    #[test]
    fn filters_hold_only_well_formed_ids_in_chunks() {
        let ids: Vec<String> = (0..120).map(|i| format!("mi-{i:017x}")).collect();
        let mut with_junk = ids.clone();
        with_junk.push("mi-1] or agentConnected == true".into());
        with_junk.push("i-0123456789abcdef0".into());
        let filters = container_instance_filters(&with_junk);
        assert_eq!(filters.len(), 3);
        let last: Vec<String> = ids[100..].iter().map(|id| format!("'{id}'")).collect();
        assert_eq!(
            filters[2],
            format!("ec2InstanceId in [{}]", last.join(", "))
        );
        assert!(filters.iter().all(|f| !f.contains(" or ")));
        assert!(container_instance_filters(&[]).is_empty());
    }

    #[test]
    fn backoff_grows_to_fifteen_seconds_and_resets_on_change() {
        let mut backoff = PollBackoff::new();
        let mut seen = vec![backoff.delay().as_millis()];
        for _ in 0..7 {
            backoff.next(false);
            seen.push(backoff.delay().as_millis());
        }
        assert_eq!(seen, [2000, 3000, 4500, 6750, 10125, 15000, 15000, 15000]);
        backoff.next(true);
        assert_eq!(backoff.delay(), PollBackoff::FIRST);
    }
}
