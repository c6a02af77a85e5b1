//! Looking container instances up: a cluster's, or those named by ARN.

use crate::aws::client::{Client, Clock, Transport};
use crate::aws::error::AwsError;

use super::{
    ContainerInstance, DescribeContainerInstances, DescribeContainerInstancesInput,
    ListContainerInstances, ListContainerInstancesInput,
};

/// ARNs per `DescribeContainerInstances` call, ECS's limit.
pub const ARNS_PER_DESCRIBE: usize = 100;

/// The container instances of `cluster` named by `arns`, [`ARNS_PER_DESCRIBE`] per call. Instances
/// gone since they were listed are simply absent.
pub async fn describe_container_instances<T: Transport, C: Clock>(
    client: &Client<T, C>,
    cluster: &str,
    arns: &[String],
) -> Result<Vec<ContainerInstance>, AwsError> {
    let mut found = Vec::with_capacity(arns.len());
    for batch in arns.chunks(ARNS_PER_DESCRIBE) {
        let input = DescribeContainerInstancesInput {
            cluster: Some(cluster.to_owned()),
            container_instances: batch.to_vec(),
            include: Vec::new(),
        };
        found.extend(
            client
                .call::<DescribeContainerInstances>(&input)
                .await?
                .container_instances,
        );
    }
    Ok(found)
}

/// The ARNs of `cluster`'s container instances, those matching `filter` (the cluster query
/// language) when given, over every page.
pub async fn container_instance_arns<T: Transport, C: Clock>(
    client: &Client<T, C>,
    cluster: &str,
    filter: Option<String>,
) -> Result<Vec<String>, AwsError> {
    let input = ListContainerInstancesInput {
        cluster: Some(cluster.to_owned()),
        filter,
        ..ListContainerInstancesInput::default()
    };
    Ok(client
        .all_pages::<ListContainerInstances>(input)
        .await?
        .into_iter()
        .flat_map(|page| page.container_instance_arns)
        .collect())
}
