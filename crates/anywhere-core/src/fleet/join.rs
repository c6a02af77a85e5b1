//! The ECS/SSM join: container instances and managed-instance records meet on the managed-instance
//! id (`ec2InstanceId` in ECS, `InstanceId` in SSM).

use std::collections::{HashMap, HashSet};

use crate::aws::ecs::ContainerInstance;
use crate::aws::ssm::{InstanceInformation, is_managed_instance_id};

use super::host::Host;

/// The managed-instance ids to look up in SSM, each once, in the order ECS listed them. Rows
/// whose `ec2InstanceId` is not a managed-instance id (an EC2 instance, or none) are left out:
/// SSM would reject the whole lookup for an id it cannot hold.
pub fn managed_instance_ids(instances: &[ContainerInstance]) -> Vec<String> {
    let mut seen = HashSet::with_capacity(instances.len());
    instances
        .iter()
        .filter_map(|instance| instance.ec2_instance_id.as_deref())
        .filter(|id| is_managed_instance_id(id) && seen.insert(*id))
        .map(str::to_owned)
        .collect()
}

/// One row per container instance, each with the SSM record of its managed-instance id when
/// there is one. Linear in the number of instances plus records. Rows that are not external
/// (see [`Host::is_external`]) are kept, so the table can show them and say why SSM is silent.
pub fn join(
    cluster: &str,
    instances: Vec<ContainerInstance>,
    records: Vec<InstanceInformation>,
) -> Vec<Host> {
    let mut by_id: HashMap<String, InstanceInformation> = records
        .into_iter()
        .map(|record| (record.instance_id.clone(), record))
        .collect();
    instances
        .into_iter()
        .map(|instance| {
            // A managed instance is in one cluster at a time, so its record joins one row; `remove`
            // avoids a clone.
            let record = instance
                .ec2_instance_id
                .as_deref()
                .and_then(|id| by_id.remove(id));
            Host::new(cluster, instance, record)
        })
        .collect()
}

/// Row positions by managed-instance id, for finding a host from an SSM command result or a link.
pub fn index_by_managed_instance_id(hosts: &[Host]) -> HashMap<&str, u32> {
    hosts
        .iter()
        .enumerate()
        .filter_map(|(index, host)| Some((host.managed_instance_id()?, index as u32)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instance(arn: &str, id: Option<&str>) -> ContainerInstance {
        ContainerInstance {
            container_instance_arn: arn.to_owned(),
            ec2_instance_id: id.map(str::to_owned),
            status: "ACTIVE".to_owned(),
            ..Default::default()
        }
    }

    fn record(id: &str, name: &str) -> InstanceInformation {
        InstanceInformation {
            instance_id: id.to_owned(),
            computer_name: Some(name.to_owned()),
            ..Default::default()
        }
    }

    const A: &str = "mi-0123456789abcdef0";
    const B: &str = "mi-0123456789abcdef1";
    const C: &str = "mi-0123456789abcdef2";

    #[test]
    fn each_row_gets_its_own_record() {
        let instances = vec![
            instance("arn:a", Some(A)),
            instance("arn:b", Some(B)),
            instance("arn:c", Some(C)),
        ];
        // SSM answers in its own order and does not know C yet; D is not in this page.
        let records = vec![
            record(B, "host-b"),
            record("mi-0123456789abcdef3", "host-d"),
            record(A, "host-a"),
        ];
        let hosts = join("prod", instances, records);
        let names: Vec<_> = hosts.iter().map(|h| (h.key(), h.hostname())).collect();
        assert_eq!(
            names,
            vec![
                ("arn:a", Some("host-a")),
                ("arn:b", Some("host-b")),
                ("arn:c", None)
            ]
        );
        assert!(hosts.iter().all(|host| host.cluster() == "prod"));
    }

    #[test]
    fn rows_that_are_not_external_are_kept_and_marked() {
        let instances = vec![
            instance("arn:ec2", Some("i-0123456789abcdef0")),
            instance("arn:none", None),
            instance("arn:a", Some(A)),
        ];
        assert_eq!(managed_instance_ids(&instances), vec![A.to_owned()]);
        let hosts = join("c", instances, vec![record(A, "host-a")]);
        let external: Vec<_> = hosts.iter().map(Host::is_external).collect();
        assert_eq!(external, vec![false, false, true]);
        assert_eq!(hosts[2].hostname(), Some("host-a"));
    }

    #[test]
    fn ids_are_looked_up_once_and_indexed() {
        let instances = vec![
            instance("arn:a", Some(A)),
            instance("arn:b", Some(B)),
            instance("arn:a2", Some(A)),
        ];
        assert_eq!(
            managed_instance_ids(&instances),
            vec![A.to_owned(), B.to_owned()]
        );
        let hosts = join("c", instances, vec![]);
        let index = index_by_managed_instance_id(&hosts);
        assert_eq!(index.get(B), Some(&1));
        assert_eq!(index.len(), 2);
    }

    #[test]
    fn the_join_is_linear_on_a_large_page() {
        let ids: Vec<String> = (0..20_000).map(|n| format!("mi-{n:017x}")).collect();
        let instances: Vec<_> = ids
            .iter()
            .enumerate()
            .map(|(n, id)| instance(&format!("arn:{n}"), Some(id)))
            .collect();
        let records: Vec<_> = ids.iter().rev().map(|id| record(id, id)).collect();
        let hosts = join("c", instances, records);
        assert!(
            hosts
                .iter()
                .all(|host| host.hostname() == host.managed_instance_id())
        );
    }
}
