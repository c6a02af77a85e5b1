//! The rule table: every rule the console enforces, with its reason and where that reason comes from.
//!
//! The product follows the seed document even where newer AWS guidance relaxed a limit (ECS Exec, GPU),
//! so each rule names its source: changing a rule means editing its entry here and nothing else.

use serde::Serialize;

/// How much a rule weighs: an error blocks registering or running, a warning only informs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// The kind of request document a rule looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Subject {
    TaskDefinition,
    RunTask,
    CreateService,
}

/// One rule, as data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub applies_to: &'static [Subject],
    /// What is wrong, in one sentence.
    pub message: &'static str,
    /// Why it matters on an external instance.
    pub reason: &'static str,
    /// The seed sentence or AWS guide page the reason comes from.
    pub source: &'static str,
}

const TASK_DEFINITION: &[Subject] = &[Subject::TaskDefinition];
const RUN_AND_SERVICE: &[Subject] = &[Subject::RunTask, Subject::CreateService];
const SERVICE: &[Subject] = &[Subject::CreateService];
const ALL: &[Subject] = &[
    Subject::TaskDefinition,
    Subject::RunTask,
    Subject::CreateService,
];

const SEED_NETWORK_MODES: &str = "seed: Considerations — Tasks run on external instances must use either the bridge, host, or none network modes. The awsvpc network mode isn't supported.";

pub const NOT_AN_OBJECT: Rule = Rule {
    id: "not-an-object",
    severity: Severity::Error,
    applies_to: ALL,
    message: "the document is not a JSON object",
    reason: "ECS requests are JSON objects; nothing else in this document can be checked",
    source: "AWS API reference: request syntax of RegisterTaskDefinition, RunTask and CreateService",
};

pub const AWSVPC_NETWORK_MODE: Rule = Rule {
    id: "awsvpc-network-mode",
    severity: Severity::Error,
    applies_to: TASK_DEFINITION,
    message: "networkMode awsvpc is not supported on external instances; use bridge, host or none",
    reason: "external instances have no elastic network interfaces to give each task",
    source: SEED_NETWORK_MODES,
};

pub const UNKNOWN_NETWORK_MODE: Rule = Rule {
    id: "unknown-network-mode",
    severity: Severity::Error,
    applies_to: TASK_DEFINITION,
    message: "networkMode must be one of bridge, host or none (absent means bridge)",
    reason: "only these network modes exist for tasks on external instances",
    source: SEED_NETWORK_MODES,
};

pub const GPU_REQUIREMENT: Rule = Rule {
    id: "gpu-requirement",
    severity: Severity::Error,
    applies_to: TASK_DEFINITION,
    message: "a GPU resource requirement is not supported on external instances",
    reason: "the scheduler cannot reserve GPUs on external instances",
    source: "seed: Considerations — Specifying GPU requirements in the task definition isn't supported.",
};

pub const INFERENCE_ACCELERATOR: Rule = Rule {
    id: "inference-accelerator",
    severity: Severity::Error,
    applies_to: TASK_DEFINITION,
    message: "Elastic Inference accelerators are not supported on external instances",
    reason: "inference accelerators attach to Amazon EC2 instances only; an external instance has none to offer",
    source: "AWS guide: Task definition parameters — inferenceAccelerators is supported for the EC2 launch type only",
};

pub const APP_MESH_PROXY: Rule = Rule {
    id: "app-mesh-proxy",
    severity: Severity::Error,
    applies_to: TASK_DEFINITION,
    message: "proxyConfiguration (App Mesh) is not supported on external instances",
    reason: "App Mesh integration is not available to tasks on external instances",
    source: "seed: Considerations — Integration with App Mesh isn't supported.",
};

pub const EFS_VOLUME: Rule = Rule {
    id: "efs-volume",
    severity: Severity::Error,
    applies_to: TASK_DEFINITION,
    message: "Amazon EFS volumes are not supported on external instances; use a host (bind mount) volume",
    reason: "the ECS volume plugin for EFS runs on Fargate and Amazon EC2 capacity only",
    source: "AWS guide: Storage options for Amazon ECS tasks — Amazon EFS: Fargate, Amazon EC2, Amazon ECS Managed Instances",
};

pub const FSX_WINDOWS_VOLUME: Rule = Rule {
    id: "fsx-windows-volume",
    severity: Severity::Warning,
    applies_to: TASK_DEFINITION,
    message: "FSx for Windows File Server volumes work on external instances only once the site is connected to AWS",
    reason: "the host must reach the file system over AWS Direct Connect or a VPN and join its Active Directory domain; without that connection the task cannot mount the volume",
    source: "AWS guide: External instances (Amazon ECS Anywhere) — Amazon FSx for Windows File Server with ECS Anywhere: you must establish a connection between your on-premises data center and the AWS Cloud",
};

pub const WINDOWS_NETWORK_MODE: Rule = Rule {
    id: "windows-network-mode",
    severity: Severity::Error,
    applies_to: TASK_DEFINITION,
    message: "a Windows task on external instances must use the default network mode; remove networkMode",
    reason: "Windows containers on external instances only run in Windows' default (NAT) network mode, which the API selects when networkMode is left out",
    source: "AWS guide: External instances (Amazon ECS Anywhere) — Windows tasks that run on external instances must use the default network mode.",
};

pub const SELINUX_LABEL: Rule = Rule {
    id: "selinux-label",
    severity: Severity::Error,
    applies_to: TASK_DEFINITION,
    message: "SELinux labels (dockerSecurityOptions label:…) are not supported on external instances",
    reason: "external instances do not support SELinux, so the agent cannot apply the label",
    source: "seed: Considerations — SELinux isn't supported.",
};

pub const PLACEMENT_CONSTRAINT_TYPE: Rule = Rule {
    id: "placement-constraint-type",
    severity: Severity::Error,
    applies_to: TASK_DEFINITION,
    message: "a task definition may only hold memberOf placement constraints",
    reason: "distinctInstance and other types belong to RunTask or CreateService, not to the task definition",
    source: "AWS guide: Task placement constraints — memberOf can be specified when creating a task definition; distinctInstance only when running a task or creating a service",
};

pub const MEMBER_OF_SYNTAX: Rule = Rule {
    id: "member-of-syntax",
    severity: Severity::Error,
    applies_to: ALL,
    message: "the memberOf expression does not parse",
    reason: "ECS rejects an expression outside the cluster query language, and the task could not be placed",
    source: "AWS guide: Cluster query language — subject operator [argument], combined with and, or, not and parentheses",
};

pub const REQUIRES_COMPATIBILITIES_EXTERNAL: Rule = Rule {
    id: "requires-compatibilities-external",
    severity: Severity::Error,
    applies_to: TASK_DEFINITION,
    message: "requiresCompatibilities is set but does not include EXTERNAL",
    reason: "ECS validates a task definition for external instances only when EXTERNAL is among its compatibilities",
    source: "AWS guide: Running workloads on external instances — use the requiresCompatibilities parameter and specify EXTERNAL",
};

pub const CONTAINER_MEMORY: Rule = Rule {
    id: "container-memory",
    severity: Severity::Error,
    applies_to: TASK_DEFINITION,
    message: "the container sets neither memory nor memoryReservation, and the task sets no memory",
    reason: "on external instances ECS needs a memory amount to reserve for the task on the host",
    source: "AWS guide: Task definition parameters — for tasks not on Fargate, memory or memoryReservation is required in each container unless task memory is set",
};

pub const AWSLOGS_WITHOUT_EXECUTION_ROLE: Rule = Rule {
    id: "awslogs-without-execution-role",
    severity: Severity::Warning,
    applies_to: TASK_DEFINITION,
    message: "the awslogs log driver is used but the task definition has no executionRoleArn",
    reason: "without a task execution role the agent cannot send the container's logs to CloudWatch Logs",
    source: "seed: Considerations — To send container logs to CloudWatch Logs, ensure you create and specify a task execution IAM role in your task definition.",
};

pub const PRIVATE_ECR_WITHOUT_EXECUTION_ROLE: Rule = Rule {
    id: "private-ecr-without-execution-role",
    severity: Severity::Warning,
    applies_to: TASK_DEFINITION,
    message: "the image is in a private Amazon ECR repository but the task definition has no executionRoleArn",
    reason: "the pull fails unless the instance role, ECSAnywhereRole, may itself pull from ECR",
    source: "AWS guide: IAM permissions for ECS Anywhere — Conditional IAM permissions: an image hosted in an Amazon ECR private repository needs the task execution role",
};

pub const FIXED_HOST_PORT: Rule = Rule {
    id: "fixed-host-port",
    severity: Severity::Warning,
    applies_to: TASK_DEFINITION,
    message: "a fixed hostPort in bridge mode lets only one copy of this task run per host",
    reason: "a second task on the same host would need the same port; leave hostPort out or set it to 0 for a dynamic port",
    source: "AWS guide: Task definition parameters — portMappings hostPort; a port in use on the host blocks placement",
};

pub const MEMBER_OF_UNKNOWN_ATTRIBUTE: Rule = Rule {
    id: "member-of-unknown-attribute",
    severity: Severity::Warning,
    applies_to: TASK_DEFINITION,
    message: "the memberOf expression names an attribute no host in the fleet has",
    reason: "if no instance matches the constraint, the task stays PENDING",
    source: "AWS guide: Task placement constraints — If there are no instances that match the constraint, the task remains in a PENDING state.",
};

pub const LOAD_BALANCERS: Rule = Rule {
    id: "load-balancers",
    severity: Severity::Error,
    applies_to: SERVICE,
    message: "loadBalancers is not supported with external instances",
    reason: "Elastic Load Balancing cannot target tasks on external instances",
    source: "seed: Considerations — Service load balancing isn't supported.",
};

pub const SERVICE_REGISTRIES: Rule = Rule {
    id: "service-registries",
    severity: Severity::Error,
    applies_to: SERVICE,
    message: "serviceRegistries (service discovery) is not supported with external instances",
    reason: "Cloud Map service discovery cannot register tasks on external instances",
    source: "seed: Considerations — Service discovery isn't supported.",
};

pub const SERVICE_CONNECT: Rule = Rule {
    id: "service-connect",
    severity: Severity::Error,
    applies_to: SERVICE,
    message: "serviceConnectConfiguration is not supported with external instances",
    reason: "Service Connect builds on service discovery, which external instances do not support",
    source: "seed: Considerations — Service discovery isn't supported.",
};

pub const CAPACITY_PROVIDER_STRATEGY: Rule = Rule {
    id: "capacity-provider-strategy",
    severity: Severity::Error,
    applies_to: RUN_AND_SERVICE,
    message: "capacityProviderStrategy is not supported; set launchType EXTERNAL instead",
    reason: "capacity providers cannot place tasks on external instances",
    source: "seed: Considerations — Amazon ECS capacity providers aren't supported. To create a service or run a standalone task on your external instances, use the EXTERNAL launch type.",
};

pub const AWSVPC_NETWORK_CONFIGURATION: Rule = Rule {
    id: "awsvpc-network-configuration",
    severity: Severity::Error,
    applies_to: RUN_AND_SERVICE,
    message: "networkConfiguration (awsvpc) is not supported with external instances",
    reason: "networkConfiguration only applies to the awsvpc network mode, which external instances do not support",
    source: SEED_NETWORK_MODES,
};

pub const EXECUTE_COMMAND: Rule = Rule {
    id: "execute-command",
    severity: Severity::Error,
    applies_to: RUN_AND_SERVICE,
    message: "enableExecuteCommand (ECS Exec) is not supported with external instances",
    reason: "ECS Exec sessions cannot reach tasks on external instances",
    source: "seed: Considerations — ECS Exec isn't supported.",
};

pub const LAUNCH_TYPE_NOT_EXTERNAL: Rule = Rule {
    id: "launch-type-not-external",
    severity: Severity::Error,
    applies_to: RUN_AND_SERVICE,
    message: "launchType must be EXTERNAL to run on external instances",
    reason: "only the EXTERNAL launch type tells the scheduler to place tasks on external instances",
    source: "seed: When you run a task or create a service and specify the EXTERNAL launch type, the scheduler knows to run the tasks on that instance.",
};

pub const LAUNCH_TYPE_MISSING: Rule = Rule {
    id: "launch-type-missing",
    severity: Severity::Error,
    applies_to: RUN_AND_SERVICE,
    message: "launchType is not set; set launchType EXTERNAL",
    reason: "without a launch type ECS uses the cluster's default capacity provider strategy, which cannot place tasks on external instances",
    source: "seed: Considerations — To create a service or run a standalone task on your external instances, use the EXTERNAL launch type.",
};

/// Every rule, in the order they are documented.
pub const RULES: &[Rule] = &[
    NOT_AN_OBJECT,
    AWSVPC_NETWORK_MODE,
    UNKNOWN_NETWORK_MODE,
    GPU_REQUIREMENT,
    INFERENCE_ACCELERATOR,
    APP_MESH_PROXY,
    EFS_VOLUME,
    FSX_WINDOWS_VOLUME,
    WINDOWS_NETWORK_MODE,
    SELINUX_LABEL,
    PLACEMENT_CONSTRAINT_TYPE,
    MEMBER_OF_SYNTAX,
    REQUIRES_COMPATIBILITIES_EXTERNAL,
    CONTAINER_MEMORY,
    AWSLOGS_WITHOUT_EXECUTION_ROLE,
    PRIVATE_ECR_WITHOUT_EXECUTION_ROLE,
    FIXED_HOST_PORT,
    MEMBER_OF_UNKNOWN_ATTRIBUTE,
    LOAD_BALANCERS,
    SERVICE_REGISTRIES,
    SERVICE_CONNECT,
    CAPACITY_PROVIDER_STRATEGY,
    AWSVPC_NETWORK_CONFIGURATION,
    EXECUTE_COMMAND,
    LAUNCH_TYPE_NOT_EXTERNAL,
    LAUNCH_TYPE_MISSING,
];
