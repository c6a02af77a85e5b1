//! What is wrong with a host, in one word, one sentence and one suggested action.
//!
//! Precedence (first match wins), worst first:
//! 1. [`Health::RegistrationFailed`]: ECS status `REGISTRATION_FAILED`; the host never became usable.
//! 2. [`Health::Deregistering`], 3. [`Health::Registering`]: the host is leaving or arriving. They
//!    come before the connectivity checks because an agent that is not connected is expected in
//!    these transitions and would only hide what is happening.
//! 4. [`Health::AgentDisconnected`]: ECS cannot place, stop or watch tasks on the host.
//! 5. [`Health::SsmConnectionLost`]: SSM `PingStatus` is `ConnectionLost` or `Inactive`; the
//!    host's credentials come through SSM, so the ECS agent follows once they expire, and Run
//!    Command (agent updates) cannot reach it.
//! 6. [`Health::Draining`]: deliberate, but no new tasks land on the host.
//! 7. [`Health::OutdatedAgent`]: works, but runs an ECS agent older than the policy's latest.
//! 8. [`Health::Healthy`].
//!
//! A host SSM has no record of is not flagged: the lookup may have failed or not happened yet,
//! and the ECS agent's connection already says whether the host is reachable.

use super::host::{Host, InstanceStatus, PingStatus};
use super::version::Version;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Health {
    RegistrationFailed,
    Deregistering,
    Registering,
    AgentDisconnected,
    SsmConnectionLost,
    Draining,
    OutdatedAgent,
    Healthy,
}

/// How much a health class should draw the eye.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Critical,
    Warning,
    Info,
    Ok,
}

/// What the classification depends on besides the host.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HealthPolicy {
    /// The newest ECS agent release; `None` disables the outdated-agent check.
    pub latest_agent_version: Option<Version>,
}

/// A host's health with the sentence that explains it and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnosis {
    pub health: Health,
    pub reason: String,
    pub action: &'static str,
}

impl Health {
    /// Every class, in precedence order.
    pub const ALL: [Health; 8] = [
        Health::RegistrationFailed,
        Health::Deregistering,
        Health::Registering,
        Health::AgentDisconnected,
        Health::SsmConnectionLost,
        Health::Draining,
        Health::OutdatedAgent,
        Health::Healthy,
    ];

    /// A short label for badges, facets and exports.
    pub fn label(self) -> &'static str {
        match self {
            Health::RegistrationFailed => "Registration failed",
            Health::Deregistering => "Deregistering",
            Health::Registering => "Registering",
            Health::AgentDisconnected => "ECS agent disconnected",
            Health::SsmConnectionLost => "SSM connection lost",
            Health::Draining => "Draining",
            Health::OutdatedAgent => "Outdated agent",
            Health::Healthy => "Healthy",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Health::RegistrationFailed | Health::AgentDisconnected => Severity::Critical,
            Health::SsmConnectionLost | Health::OutdatedAgent => Severity::Warning,
            Health::Deregistering | Health::Registering | Health::Draining => Severity::Info,
            Health::Healthy => Severity::Ok,
        }
    }

    /// What the operator should do, as one sentence.
    pub fn action(self) -> &'static str {
        match self {
            Health::RegistrationFailed => {
                "Deregister the host, run the clean-up commands on it, then register it again with a new activation."
            }
            Health::Deregistering => "Wait for ECS to finish deregistering the host.",
            Health::Registering => {
                "Wait a minute for the agent to finish registering, then refresh."
            }
            Health::AgentDisconnected => {
                "Check on the host that Docker and the ecs service run (systemctl status ecs) and that it reaches the ECS endpoints."
            }
            Health::SsmConnectionLost => {
                "Check on the host that the amazon-ssm-agent service runs and that it reaches the ssm, ec2messages and ssmmessages endpoints."
            }
            Health::Draining => "Set the host back to active when its maintenance is over.",
            Health::OutdatedAgent => {
                "Update the ECS agent by upgrading ecs-init on the host, directly or through SSM Run Command."
            }
            Health::Healthy => "Nothing to do.",
        }
    }
}

/// The host's health class; see the module documentation for the precedence.
pub fn classify(host: &Host, policy: &HealthPolicy) -> Health {
    match host.status() {
        InstanceStatus::RegistrationFailed => return Health::RegistrationFailed,
        InstanceStatus::Deregistering => return Health::Deregistering,
        InstanceStatus::Registering => return Health::Registering,
        InstanceStatus::Active | InstanceStatus::Draining | InstanceStatus::Other => {}
    }
    if !host.agent_connected() {
        return Health::AgentDisconnected;
    }
    if matches!(
        host.ping_status(),
        PingStatus::ConnectionLost | PingStatus::Inactive
    ) {
        return Health::SsmConnectionLost;
    }
    if host.status() == InstanceStatus::Draining {
        return Health::Draining;
    }
    if outdated_agent(host, policy).is_some() {
        return Health::OutdatedAgent;
    }
    Health::Healthy
}

/// The host's health class, or `None` while it depends on an SSM record still being looked up:
/// ECS alone decides a failed or ongoing (de)registration and a disconnected agent, the rest waits
/// for SSM's ping status.
pub fn known_health(host: &Host, policy: &HealthPolicy) -> Option<Health> {
    let health = classify(host, policy);
    let decided_by_ecs = matches!(
        health,
        Health::RegistrationFailed
            | Health::Deregistering
            | Health::Registering
            | Health::AgentDisconnected
    );
    (decided_by_ecs || !host.record_pending()).then_some(health)
}

/// The class with a sentence about this host in particular.
pub fn diagnose(host: &Host, policy: &HealthPolicy) -> Diagnosis {
    let health = classify(host, policy);
    let reason = match health {
        Health::RegistrationFailed => match host.status_reason() {
            Some(why) if !why.trim().is_empty() => format!(
                "ECS could not register the host: {}.",
                why.trim().trim_end_matches('.')
            ),
            _ => "ECS could not register the host and gave no reason.".to_owned(),
        },
        Health::Deregistering => "The host is being removed from the cluster.".to_owned(),
        Health::Registering => "The host is joining the cluster.".to_owned(),
        Health::AgentDisconnected => format!(
            "The ECS agent is not connected, so ECS can neither start nor stop tasks on the host ({} still reported running).",
            host.running_tasks()
        ),
        Health::SsmConnectionLost => format!(
            "SSM reports the host as {}, so its credentials cannot be renewed and Run Command cannot reach it.",
            host.ping_status().label()
        ),
        Health::Draining => format!(
            "The host is draining: no new tasks are placed on it ({} still running).",
            host.running_tasks()
        ),
        Health::OutdatedAgent => match outdated_agent(host, policy) {
            Some((running, latest)) => {
                format!("The ECS agent is version {running}, older than the latest {latest}.")
            }
            None => "The ECS agent is older than the latest release.".to_owned(),
        },
        Health::Healthy => "The ECS agent is connected and SSM reports no problem.".to_owned(),
    };
    Diagnosis {
        health,
        reason,
        action: health.action(),
    }
}

/// The running and latest versions when the host's agent is older than the policy's latest.
/// An unreadable version is not called outdated: the console cannot tell.
fn outdated_agent(host: &Host, policy: &HealthPolicy) -> Option<(Version, Version)> {
    let latest = policy.latest_agent_version?;
    let running = Version::parse(host.agent_version()?)?;
    (running < latest).then_some((running, latest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::ecs::{ContainerInstance, VersionInfo};
    use crate::aws::ssm::InstanceInformation;

    fn host(status: &str, connected: bool, ping: Option<&str>, agent: &str) -> Host {
        let instance = ContainerInstance {
            container_instance_arn: "arn:aws:ecs:eu-west-1:1:container-instance/c/x".into(),
            ec2_instance_id: Some("mi-0123456789abcdef0".into()),
            status: status.into(),
            agent_connected: connected,
            running_tasks_count: 2,
            version_info: Some(VersionInfo {
                agent_version: Some(agent.into()),
                ..Default::default()
            }),
            ..Default::default()
        };
        let ssm = ping.map(|ping| InstanceInformation {
            instance_id: "mi-0123456789abcdef0".into(),
            ping_status: Some(ping.into()),
            ..Default::default()
        });
        Host::new("c", instance, ssm)
    }

    fn policy() -> HealthPolicy {
        HealthPolicy {
            latest_agent_version: Version::parse("1.89.2"),
        }
    }

    #[test]
    fn each_class_with_its_reason() {
        let mut failed = host("REGISTRATION_FAILED", false, None, "1.89.2");
        let cases = [
            (
                host("ACTIVE", true, Some("Online"), "1.89.2"),
                Health::Healthy,
                "connected and SSM reports no problem",
            ),
            (
                host("ACTIVE", false, Some("Online"), "1.89.2"),
                Health::AgentDisconnected,
                "(2 still reported running)",
            ),
            (
                host("ACTIVE", true, Some("ConnectionLost"), "1.89.2"),
                Health::SsmConnectionLost,
                "as ConnectionLost",
            ),
            (
                host("ACTIVE", true, Some("Inactive"), "1.89.2"),
                Health::SsmConnectionLost,
                "as Inactive",
            ),
            (
                host("DRAINING", true, Some("Online"), "1.89.2"),
                Health::Draining,
                "draining",
            ),
            (
                host("ACTIVE", true, Some("Online"), "1.88.0"),
                Health::OutdatedAgent,
                "version 1.88.0, older than the latest 1.89.2",
            ),
            (
                host("DEREGISTERING", false, Some("Online"), "1.89.2"),
                Health::Deregistering,
                "being removed",
            ),
            (
                host("REGISTERING", false, None, "1.89.2"),
                Health::Registering,
                "joining",
            ),
            (failed.clone(), Health::RegistrationFailed, "gave no reason"),
        ];
        for (host, health, reason) in cases {
            let diagnosis = diagnose(&host, &policy());
            assert_eq!(diagnosis.health, health, "{}", host.status_text());
            assert!(
                diagnosis.reason.contains(reason),
                "{health:?}: {}",
                diagnosis.reason
            );
            assert!(diagnosis.reason.ends_with('.'));
            assert_eq!(diagnosis.action, health.action());
        }
        failed = {
            let mut instance = failed.container_instance().clone();
            instance.status_reason = Some("Instance already registered.".into());
            Host::new("c", instance, None)
        };
        assert_eq!(
            diagnose(&failed, &policy()).reason,
            "ECS could not register the host: Instance already registered."
        );
    }

    #[test]
    fn precedence_worst_first() {
        // Everything wrong at once: the lifecycle status decides first.
        let p = policy();
        assert_eq!(
            classify(&host("DEREGISTERING", false, Some("Inactive"), "1.0.0"), &p),
            Health::Deregistering
        );
        assert_eq!(
            classify(&host("DRAINING", false, Some("Inactive"), "1.0.0"), &p),
            Health::AgentDisconnected
        );
        assert_eq!(
            classify(&host("DRAINING", true, Some("Inactive"), "1.0.0"), &p),
            Health::SsmConnectionLost
        );
        assert_eq!(
            classify(&host("DRAINING", true, Some("Online"), "1.0.0"), &p),
            Health::Draining
        );
        let mut sorted = Health::ALL;
        sorted.sort();
        assert_eq!(sorted, Health::ALL);
    }

    #[test]
    fn outdated_needs_a_policy_and_a_readable_version() {
        let old = host("ACTIVE", true, Some("Online"), "1.10.0");
        assert_eq!(classify(&old, &HealthPolicy::default()), Health::Healthy);
        assert_eq!(
            classify(
                &old,
                &HealthPolicy {
                    latest_agent_version: Version::parse("1.9.0")
                }
            ),
            Health::Healthy
        );
        assert_eq!(classify(&old, &policy()), Health::OutdatedAgent);
        let unreadable = host("ACTIVE", true, Some("Online"), "unknown");
        assert_eq!(classify(&unreadable, &policy()), Health::Healthy);
    }

    #[test]
    fn missing_ssm_record_is_not_a_lost_connection() {
        assert_eq!(
            classify(&host("ACTIVE", true, None, "1.89.2"), &policy()),
            Health::Healthy
        );
    }

    #[test]
    fn every_class_has_label_and_action() {
        for health in Health::ALL {
            assert!(!health.label().is_empty());
            assert!(health.action().ends_with('.'), "{health:?}");
        }
    }
}
