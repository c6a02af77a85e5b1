//! The hosts an action is for, and where it stands on each: what the action panel and the agent
//! updates share.

use anywhere_core::aws::arn::resource_name;
use anywhere_core::fleet::{Host, InstanceStatus};
use anywhere_core::install::os::{Arch, OsId};

/// What an action needs to know about a host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub cluster: String,
    /// The region its ARN names, if it names one.
    pub region: Option<String>,
    pub arn: String,
    pub status: InstanceStatus,
    pub managed_instance_id: Option<String>,
    /// Hostname, else the managed-instance id, else the ARN's id.
    pub label: String,
    pub running_tasks: i32,
    pub os: Option<OsId>,
    pub arch: Option<Arch>,
}

impl Target {
    pub fn from_host(host: &Host) -> Self {
        let label = host
            .hostname()
            .or(host.managed_instance_id())
            .unwrap_or_else(|| resource_name(host.key()))
            .to_owned();
        Target {
            cluster: host.cluster().to_owned(),
            region: host.region().map(str::to_owned),
            arn: host.key().to_owned(),
            status: host.status(),
            managed_instance_id: host.managed_instance_id().map(str::to_owned),
            label,
            running_tasks: host.running_tasks(),
            os: host.install_os(),
            arch: host.install_arch(),
        }
    }
}

/// Where an action stands on one host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Working(String),
    Done(String),
    Failed(String),
}
