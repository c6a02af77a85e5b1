//! What one host's page reads: the host (its container instance with tags, joined with its SSM
//! record) and the tasks placed on it.

use crate::aws::arn::resource_name;
use crate::aws::client::{Client, Clock, Transport};
use crate::aws::ecs::{
    DescribeContainerInstances, DescribeContainerInstancesInput, DescribeTasks, DescribeTasksInput,
    ListTasks, ListTasksInput, Task,
};
use crate::aws::error::AwsError;
use crate::aws::ssm::describe_instances_by_id;

use super::host::Host;

/// `DescribeTasks` takes at most 100 tasks (botocore's model).
pub const TASKS_PER_DESCRIBE: usize = 100;

/// Why a host could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum HostLookupError {
    #[error("{}", .0.user_message())]
    Aws(#[from] AwsError),
    #[error("Cluster {cluster} has no container instance {id}: it may have been deregistered.")]
    Gone { cluster: String, id: String },
}

/// The container instance `arn` of `cluster`, with its tags and, when SSM knows it, its managed
/// instance record. Without the SSM record (the lookup failed, or the host is not managed) the
/// host still carries everything ECS knows.
pub async fn load_host<T: Transport, C: Clock>(
    client: &Client<T, C>,
    cluster: &str,
    arn: &str,
) -> Result<Host, HostLookupError> {
    let input = DescribeContainerInstancesInput {
        cluster: Some(cluster.to_owned()),
        container_instances: vec![arn.to_owned()],
        include: vec!["TAGS".to_owned()],
    };
    let output = client.call::<DescribeContainerInstances>(&input).await?;
    let Some(instance) = output.container_instances.into_iter().next() else {
        return Err(HostLookupError::Gone {
            cluster: cluster.to_owned(),
            id: resource_name(arn).to_owned(),
        });
    };
    // describe_instances_by_id follows NextToken: a filtered query may answer with an empty
    // first page.
    let ssm = match instance.ec2_instance_id.clone() {
        Some(id) => describe_instances_by_id(client, &[id])
            .await
            .ok()
            .and_then(|found| found.into_iter().next()),
        None => None,
    };
    Ok(Host::new(cluster, instance, ssm))
}

/// Every task ECS has placed on container instance `arn` of `cluster`, described
/// [`TASKS_PER_DESCRIBE`] at a time.
pub async fn load_tasks<T: Transport, C: Clock>(
    client: &Client<T, C>,
    cluster: &str,
    arn: &str,
) -> Result<Vec<Task>, AwsError> {
    let listed = client
        .all_pages::<ListTasks>(ListTasksInput {
            cluster: Some(cluster.to_owned()),
            container_instance: Some(arn.to_owned()),
            ..ListTasksInput::default()
        })
        .await?;
    let arns: Vec<String> = listed.into_iter().flat_map(|page| page.task_arns).collect();
    let mut tasks = Vec::with_capacity(arns.len());
    for batch in arns.chunks(TASKS_PER_DESCRIBE) {
        let input = DescribeTasksInput {
            cluster: Some(cluster.to_owned()),
            tasks: batch.to_vec(),
            include: Vec::new(),
        };
        tasks.extend(client.call::<DescribeTasks>(&input).await?.tasks);
    }
    Ok(tasks)
}
