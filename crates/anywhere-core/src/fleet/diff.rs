//! What changed between two loads of the fleet, for marking rows after a refresh.

use std::collections::{HashMap, HashSet};

use super::host::Host;

/// What changed between two loads of the fleet, by container instance ARN ([`Host::key`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FleetDiff {
    pub added: Vec<String>,
    /// Present in both and different in something an operator watches ([`Host::same_state`]).
    pub changed: Vec<String>,
    pub removed: Vec<String>,
}

impl FleetDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

/// Compares two loads for auto-refresh marking; linear in the number of hosts.
pub fn diff(old: &[Host], new: &[Host]) -> FleetDiff {
    let before: HashMap<&str, &Host> = old.iter().map(|host| (host.key(), host)).collect();
    let mut result = FleetDiff::default();
    for host in new {
        match before.get(host.key()) {
            None => result.added.push(host.key().to_owned()),
            Some(previous) if !previous.same_state(host) => {
                result.changed.push(host.key().to_owned());
            }
            Some(_) => {}
        }
    }
    let after: HashSet<&str> = new.iter().map(Host::key).collect();
    result.removed = old
        .iter()
        .map(Host::key)
        .filter(|key| !after.contains(key))
        .map(str::to_owned)
        .collect();
    result
}
