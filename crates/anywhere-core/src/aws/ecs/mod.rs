//! Amazon ECS: typed models (camelCase on the wire) and one type per operation.

mod attributes;
mod cluster;
mod common;
mod container_instance;
mod lookup;
mod open_object;
mod service;
mod tagging;
mod task;
mod task_definition;

pub use attributes::*;
pub use cluster::*;
pub use common::*;
pub use container_instance::*;
pub use lookup::{ARNS_PER_DESCRIBE, container_instance_arns, describe_container_instances};
pub use service::*;
pub use tagging::*;
pub use task::*;
pub use task_definition::*;

use crate::aws::operation::{Empty, Service as AwsService, operations};

// Idempotency: reads are. Among writes, setting a state, attributes or tags twice leaves the same
// result; RunTask and CreateService are only with a client token; CreateCluster returns the
// existing cluster of that name. Deregistering twice would report a misleading failure, and
// registering twice makes two revisions, so those are never repeated blindly.
operations! { AwsService::Ecs;
    ListClusters(ListClustersInput) -> ListClustersOutput, idempotent: |_| true;
    DescribeClusters(DescribeClustersInput) -> DescribeClustersOutput, idempotent: |_| true;
    CreateCluster(CreateClusterInput) -> CreateClusterOutput, idempotent: |_| true;
    ListContainerInstances(ListContainerInstancesInput) -> ListContainerInstancesOutput, idempotent: |_| true;
    DescribeContainerInstances(DescribeContainerInstancesInput) -> DescribeContainerInstancesOutput, idempotent: |_| true;
    UpdateContainerInstancesState(UpdateContainerInstancesStateInput) -> UpdateContainerInstancesStateOutput, idempotent: |_| true;
    DeregisterContainerInstance(DeregisterContainerInstanceInput) -> DeregisterContainerInstanceOutput, idempotent: |_| false;
    PutAttributes(AttributesInput) -> AttributesOutput, idempotent: |_| true;
    DeleteAttributes(AttributesInput) -> AttributesOutput, idempotent: |_| true;
    ListAttributes(ListAttributesInput) -> ListAttributesOutput, idempotent: |_| true;
    TagResource(TagResourceInput) -> Empty, idempotent: |_| true;
    UntagResource(UntagResourceInput) -> Empty, idempotent: |_| true;
    ListTagsForResource(ListTagsForResourceInput) -> ListTagsForResourceOutput, idempotent: |_| true;
    ListTasks(ListTasksInput) -> ListTasksOutput, idempotent: |_| true;
    DescribeTasks(DescribeTasksInput) -> TasksOutput, idempotent: |_| true;
    StopTask(StopTaskInput) -> StopTaskOutput, idempotent: |_| true;
    RunTask(RunTaskInput) -> TasksOutput, idempotent: |input| input.client_token.is_some();
    ListTaskDefinitionFamilies(ListTaskDefinitionFamiliesInput) -> ListTaskDefinitionFamiliesOutput, idempotent: |_| true;
    ListTaskDefinitions(ListTaskDefinitionsInput) -> ListTaskDefinitionsOutput, idempotent: |_| true;
    DescribeTaskDefinition(DescribeTaskDefinitionInput) -> TaskDefinitionOutput, idempotent: |_| true;
    RegisterTaskDefinition(RegisterTaskDefinitionInput) -> TaskDefinitionOutput, idempotent: |_| false;
    DeregisterTaskDefinition(DeregisterTaskDefinitionInput) -> DeregisterTaskDefinitionOutput, idempotent: |_| false;
    CreateService(CreateServiceInput) -> ServiceOutput, idempotent: |input| input.client_token.is_some();
    ListServices(ListServicesInput) -> ListServicesOutput, idempotent: |_| true;
    DescribeServices(DescribeServicesInput) -> DescribeServicesOutput, idempotent: |_| true;
    UpdateService(UpdateServiceInput) -> ServiceOutput, idempotent: |input| input.force_new_deployment != Some(true);
}
