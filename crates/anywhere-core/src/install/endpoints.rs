//! The hosts an external instance's firewall must let it reach, for one region.

use crate::region::Region;

/// When the host needs to reach an address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// Always, for the agents to work.
    Always,
    /// While the install script runs.
    DuringInstall,
    /// Only if the tasks use the named service.
    IfTasksUse(&'static str),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FirewallHost {
    /// A host name; a leading `*` part matches any label, as in the AWS guide.
    pub host: String,
    pub purpose: &'static str,
    pub need: Need,
}

/// The download host of the install scripts (global, not regional).
pub const AGENT_DOWNLOAD_HOST: &str = "amazon-ecs-agent.s3.amazonaws.com";

/// Every host a registered instance in `region` talks to, required ones first.
pub fn firewall_hosts(region: &Region) -> Vec<FirewallHost> {
    let at = |prefix: &str| {
        format!(
            "{prefix}.{}.{}",
            region.code(),
            region.partition().dns_suffix()
        )
    };
    let host = |host: String, purpose, need| FirewallHost {
        host,
        purpose,
        need,
    };
    vec![
        host(at("ecs-a-*"), "ECS agent: task management", Need::Always),
        host(
            at("ecs-t-*"),
            "ECS agent: task and container metrics",
            Need::Always,
        ),
        host(at("ecs"), "ECS service endpoint", Need::Always),
        host(
            at("ssm"),
            "SSM agent: managed-instance registration and credentials",
            Need::Always,
        ),
        host(at("ec2messages"), "SSM agent: commands", Need::Always),
        host(at("ssmmessages"), "SSM agent: sessions", Need::Always),
        host(
            AGENT_DOWNLOAD_HOST.to_owned(),
            "Install script and its signature",
            Need::DuringInstall,
        ),
        host(
            at("s3"),
            "ecs-init and SSM agent packages (regional buckets)",
            Need::DuringInstall,
        ),
        host(
            at("api.ecr"),
            "Image pulls from Amazon ECR: API",
            Need::IfTasksUse("Amazon ECR"),
        ),
        host(
            at("*.dkr.ecr"),
            "Image pulls from Amazon ECR: registry",
            Need::IfTasksUse("Amazon ECR"),
        ),
        host(
            format!(
                "prod-{0}-starport-layer-bucket.s3.{0}.{1}",
                region.code(),
                region.partition().dns_suffix()
            ),
            "Image pulls from Amazon ECR: image layers",
            Need::IfTasksUse("Amazon ECR"),
        ),
        host(
            at("logs"),
            "Container logs (awslogs driver)",
            Need::IfTasksUse("CloudWatch Logs"),
        ),
    ]
}

/// The hosts as copyable text, one per line.
pub fn firewall_text(hosts: &[FirewallHost]) -> String {
    let mut text = String::new();
    for entry in hosts {
        text.push_str(&entry.host);
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_carry_the_region_and_its_suffix() {
        let region = Region::new("eu-west-3").unwrap();
        let hosts = firewall_hosts(&region);
        let names: Vec<&str> = hosts.iter().map(|h| h.host.as_str()).collect();
        for expected in [
            "ecs-a-*.eu-west-3.amazonaws.com",
            "ecs-t-*.eu-west-3.amazonaws.com",
            "ecs.eu-west-3.amazonaws.com",
            "ssm.eu-west-3.amazonaws.com",
            "ec2messages.eu-west-3.amazonaws.com",
            "ssmmessages.eu-west-3.amazonaws.com",
            "amazon-ecs-agent.s3.amazonaws.com",
            "s3.eu-west-3.amazonaws.com",
            "logs.eu-west-3.amazonaws.com",
        ] {
            assert!(
                names.contains(&expected),
                "{expected} missing from {names:?}"
            );
        }
        let always = hosts.iter().filter(|h| h.need == Need::Always).count();
        assert_eq!(always, 6);
        assert_eq!(firewall_text(&hosts).lines().count(), hosts.len());
    }
}
