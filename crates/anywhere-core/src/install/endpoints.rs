//! The hosts an external instance's firewall must let it reach, for one region and the install
//! options chosen.
//!
//! Besides the agents' own endpoints (AWS guide, ECS Anywhere networking) the list names what the
//! install command and the ECS agent's `ecs-anywhere-install.sh` really contact: the download
//! buckets, the GPG keys the script fetches from GitHub to check the agent packages, Docker's
//! package repository when Docker comes from there (install source `all` or `docker`), S3's
//! dual-stack host with `--ip-compatibility ipv6`, and the key server when the command verifies
//! the script's signature.

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
/// Where `ecs-anywhere-install.sh` downloads the GPG keys it checks the ECS and SSM agent packages
/// with (`raw.githubusercontent.com/aws/amazon-ecs-agent/master/scripts/amazon-*-agent.gpg`).
pub const PACKAGE_KEYS_HOST: &str = "raw.githubusercontent.com";
/// Docker's package repository, which the script adds for install source `all` or `docker`.
pub const DOCKER_REPOSITORY_HOST: &str = "download.docker.com";

/// The install options that change which hosts the install contacts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct InstallContacts<'a> {
    /// The script checks the agent packages with GPG keys it downloads (the Linux script does).
    pub package_keys: bool,
    /// Docker is installed from Docker's own repository.
    pub docker_repository: bool,
    /// `--ip-compatibility ipv6`: packages come from S3's dual-stack host.
    pub ipv6: bool,
    /// The key server the command fetches the script's signing key from, when it verifies it.
    pub key_server: Option<&'a str>,
}

/// Every host a registered instance in `region` talks to, required ones first.
pub fn firewall_hosts(region: &Region, install: &InstallContacts) -> Vec<FirewallHost> {
    let at = |prefix: &str| region.service_host(prefix);
    let host = |host: String, purpose, need| FirewallHost {
        host,
        purpose,
        need,
    };
    let mut hosts = vec![
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
        if install.ipv6 {
            host(
                at("s3.dualstack"),
                "ecs-init and SSM agent packages (regional buckets, dual-stack for IPv6)",
                Need::DuringInstall,
            )
        } else {
            host(
                at("s3"),
                "ecs-init and SSM agent packages (regional buckets)",
                Need::DuringInstall,
            )
        },
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
            at(&format!("prod-{}-starport-layer-bucket.s3", region.code())),
            "Image pulls from Amazon ECR: image layers",
            Need::IfTasksUse("Amazon ECR"),
        ),
        host(
            at("logs"),
            "Container logs (awslogs driver)",
            Need::IfTasksUse("CloudWatch Logs"),
        ),
    ];
    let mut during_install = Vec::new();
    if install.package_keys {
        during_install.push(host(
            PACKAGE_KEYS_HOST.to_owned(),
            "GPG keys the install script checks the ECS and SSM agent packages with",
            Need::DuringInstall,
        ));
    }
    if install.docker_repository {
        during_install.push(host(
            DOCKER_REPOSITORY_HOST.to_owned(),
            "Docker's package repository (Docker install source all or docker)",
            Need::DuringInstall,
        ));
    }
    if let Some(server) = install.key_server {
        during_install.push(host(
            server.to_owned(),
            "Key server for the install script's signing key",
            Need::DuringInstall,
        ));
    }
    let first_optional = hosts
        .iter()
        .position(|entry| matches!(entry.need, Need::IfTasksUse(_)))
        .unwrap_or(hosts.len());
    hosts.splice(first_optional..first_optional, during_install);
    hosts
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

    fn names(hosts: &[FirewallHost]) -> Vec<&str> {
        hosts.iter().map(|h| h.host.as_str()).collect()
    }

    #[test]
    fn hosts_carry_the_region_and_its_suffix() {
        let region = Region::new("eu-west-3").unwrap();
        let hosts = firewall_hosts(&region, &InstallContacts::default());
        let listed = names(&hosts);
        for expected in [
            "ecs-a-*.eu-west-3.amazonaws.com",
            "ecs-t-*.eu-west-3.amazonaws.com",
            "ecs.eu-west-3.amazonaws.com",
            "ssm.eu-west-3.amazonaws.com",
            "ec2messages.eu-west-3.amazonaws.com",
            "ssmmessages.eu-west-3.amazonaws.com",
            "amazon-ecs-agent.s3.amazonaws.com",
            "s3.eu-west-3.amazonaws.com",
            "prod-eu-west-3-starport-layer-bucket.s3.eu-west-3.amazonaws.com",
            "logs.eu-west-3.amazonaws.com",
        ] {
            assert!(
                listed.contains(&expected),
                "{expected} missing from {listed:?}"
            );
        }
        let always = hosts.iter().filter(|h| h.need == Need::Always).count();
        assert_eq!(always, 6);
        assert_eq!(firewall_text(&hosts).lines().count(), hosts.len());
        let sovereign = firewall_hosts(
            &Region::new("eusc-de-east-1").unwrap(),
            &InstallContacts::default(),
        );
        assert!(names(&sovereign).contains(&"ecs.eusc-de-east-1.amazonaws.eu"));
    }

    #[test]
    fn what_the_install_really_contacts_follows_its_options() {
        let region = Region::new("us-east-2").unwrap();
        let plain = firewall_hosts(&region, &InstallContacts::default());
        for absent in [
            PACKAGE_KEYS_HOST,
            DOCKER_REPOSITORY_HOST,
            "keys.example.net",
        ] {
            assert!(!names(&plain).contains(&absent), "{absent}");
        }
        let all = firewall_hosts(
            &region,
            &InstallContacts {
                package_keys: true,
                docker_repository: true,
                ipv6: true,
                key_server: Some("keys.example.net"),
            },
        );
        let listed = names(&all);
        for present in [
            PACKAGE_KEYS_HOST,
            DOCKER_REPOSITORY_HOST,
            "keys.example.net",
            "s3.dualstack.us-east-2.amazonaws.com",
        ] {
            assert!(
                listed.contains(&present),
                "{present} missing from {listed:?}"
            );
        }
        assert!(!listed.contains(&"s3.us-east-2.amazonaws.com"));
        // Required first, then what the install needs, then what tasks may need.
        let ranks: Vec<u8> = all
            .iter()
            .map(|h| match h.need {
                Need::Always => 0,
                Need::DuringInstall => 1,
                Need::IfTasksUse(_) => 2,
            })
            .collect();
        assert!(ranks.is_sorted(), "{ranks:?}");
    }
}
