//! AWS Systems Manager: typed models (PascalCase on the wire) and one type per operation.

mod activation;
mod command;
mod instance;
mod lookup;
mod tagging;

pub use activation::*;
pub use command::*;
pub use instance::*;
pub use lookup::{IDS_PER_LOOKUP, describe_instances_by_id};
pub use tagging::*;

use crate::aws::operation::{Empty, Service, operations};

// Creating an activation or sending a command twice makes two of them, and SSM takes no client
// token for either; deleting or deregistering twice reports a misleading failure.
operations! { Service::Ssm;
    CreateActivation(CreateActivationInput) -> CreateActivationOutput, idempotent: |_| false;
    DescribeActivations(DescribeActivationsInput) -> DescribeActivationsOutput, idempotent: |_| true;
    DeleteActivation(DeleteActivationInput) -> Empty, idempotent: |_| false;
    DescribeInstanceInformation(DescribeInstanceInformationInput) -> DescribeInstanceInformationOutput, idempotent: |_| true;
    DescribeInstanceProperties(DescribeInstancePropertiesInput) -> DescribeInstancePropertiesOutput, idempotent: |_| true;
    DeregisterManagedInstance(DeregisterManagedInstanceInput) -> Empty, idempotent: |_| false;
    AddTagsToResource(AddTagsToResourceInput) -> Empty, idempotent: |_| true;
    RemoveTagsFromResource(RemoveTagsFromResourceInput) -> Empty, idempotent: |_| true;
    SendCommand(SendCommandInput) -> SendCommandOutput, idempotent: |_| false;
    ListCommandInvocations(ListCommandInvocationsInput) -> ListCommandInvocationsOutput, idempotent: |_| true;
}
