//! Every operation's typed request validates against botocore's service model, and a response
//! fixture per operation (shaped per botocore's output shape) decodes into the output type.

mod aws_support;

use std::path::Path;

use anywhere_core::aws::endpoint::Endpoint;
use anywhere_core::aws::operation::Operation;
use anywhere_core::aws::request::build_request;
use anywhere_core::aws::timestamp::Timestamp;
use anywhere_core::aws::{ecs, ssm};
use anywhere_core::region::Region;
use serde_json::{Value, json};

const CLUSTER: &str = "edge";
const INSTANCE_ARN: &str =
    "arn:aws:ecs:eu-west-1:123456789012:container-instance/edge/0f3c2b1a9d8e4f7a8b6c5d4e3f2a1b0c";
const TASK_ARN: &str =
    "arn:aws:ecs:eu-west-1:123456789012:task/edge/4b8f6a2c1d3e4f5a6b7c8d9e0f1a2b3c";
const MANAGED_ID: &str = "mi-0a1b2c3d4e5f67890";
const ACTIVATION_ID: &str = "5e0a6b3c-1d2f-4a5b-8c7d-9e0f1a2b3c4d";

fn cluster() -> Option<String> {
    Some(CLUSTER.to_owned())
}

fn request_case<O: Operation>(input: O::Input) -> Value {
    let endpoint = Endpoint::Aws(Region::new("eu-west-1").unwrap());
    let request = build_request::<O>(&endpoint, &input).unwrap();
    json!({
        "service": O::SERVICE.signing_name(),
        "operation": O::NAME,
        "target": request.header("x-amz-target"),
        "content_type": request.header("content-type"),
        "signing_name": O::SERVICE.signing_name(),
        "body": serde_json::from_str::<Value>(&request.body).unwrap(),
    })
}

fn fixture_text<O: Operation>() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(O::SERVICE.signing_name())
        .join(format!("{}.json", O::NAME));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Decodes the fixture into `O::Output` and returns it with its entry for the model check.
fn response_case<O: Operation>() -> (Value, O::Output) {
    let text = fixture_text::<O>();
    let output = serde_json::from_str::<O::Output>(&text)
        .unwrap_or_else(|e| panic!("{} fixture does not decode: {e}", O::NAME));
    let entry = json!({
        "service": O::SERVICE.signing_name(),
        "operation": O::NAME,
        "body": serde_json::from_str::<Value>(&text).unwrap(),
    });
    (entry, output)
}

fn ecs_requests() -> Vec<Value> {
    let attribute = ecs::Attribute {
        name: "site".into(),
        value: Some("lyon-2".into()),
        target_type: Some("container-instance".into()),
        target_id: Some(INSTANCE_ARN.into()),
    };
    let tags = vec![ecs::Tag {
        key: "site".into(),
        value: "lyon-2".into(),
    }];
    let task_definition = ecs::TaskDefinitionSpec {
        family: "nginx-edge".into(),
        execution_role_arn: Some("arn:aws:iam::123456789012:role/ecsTaskExecutionRole".into()),
        network_mode: Some("bridge".into()),
        container_definitions: vec![ecs::ContainerDefinition {
            name: Some("nginx".into()),
            image: Some("public.ecr.aws/nginx/nginx:1.27".into()),
            cpu: Some(256),
            memory: Some(512),
            essential: Some(true),
            command: vec!["nginx".into(), "-g".into(), "daemon off;".into()],
            environment: vec![ecs::KeyValuePair {
                name: Some("SITE".into()),
                value: Some("lyon-2 ünï".into()),
            }],
            port_mappings: vec![ecs::PortMapping {
                container_port: Some(80),
                host_port: Some(8080),
                protocol: Some("tcp".into()),
                name: None,
            }],
            mount_points: vec![ecs::MountPoint {
                source_volume: Some("html".into()),
                container_path: Some("/usr/share/nginx/html".into()),
                read_only: Some(true),
            }],
            log_configuration: Some(ecs::LogConfiguration {
                log_driver: "awslogs".into(),
                options: [
                    ("awslogs-group".to_owned(), "/ecs/edge".to_owned()),
                    ("awslogs-region".to_owned(), "eu-west-1".to_owned()),
                ]
                .into(),
            }),
            health_check: Some(ecs::HealthCheck {
                command: vec![
                    "CMD-SHELL".into(),
                    "curl -f http://localhost/ || exit 1".into(),
                ],
                interval: Some(30),
                timeout: Some(5),
                retries: Some(3),
                start_period: Some(10),
            }),
            resource_requirements: vec![],
            extra: json!({"ulimits": [{"name": "nofile", "softLimit": 65536, "hardLimit": 65536}]})
                .as_object()
                .unwrap()
                .clone(),
            ..Default::default()
        }],
        volumes: vec![ecs::Volume {
            name: Some("html".into()),
            host: Some(ecs::HostVolume {
                source_path: Some("/srv/html".into()),
            }),
            extra: Default::default(),
        }],
        placement_constraints: vec![ecs::PlacementConstraint {
            kind: Some("memberOf".into()),
            expression: Some("attribute:site == lyon-2".into()),
        }],
        requires_compatibilities: vec!["EXTERNAL".into()],
        cpu: Some("256".into()),
        memory: Some("512".into()),
        runtime_platform: Some(ecs::RuntimePlatform {
            cpu_architecture: Some("X86_64".into()),
            operating_system_family: Some("LINUX".into()),
        }),
        ..Default::default()
    };
    vec![
        request_case::<ecs::ListClusters>(ecs::ListClustersInput {
            next_token: Some("eyJuZXh0IjoyfQ==".into()),
            max_results: Some(100),
        }),
        request_case::<ecs::DescribeClusters>(ecs::DescribeClustersInput {
            clusters: vec![CLUSTER.into()],
            include: vec!["TAGS".into(), "STATISTICS".into()],
        }),
        request_case::<ecs::CreateCluster>(ecs::CreateClusterInput {
            cluster_name: cluster(),
            tags: tags.clone(),
            settings: vec![ecs::ClusterSetting {
                name: Some("containerInsights".into()),
                value: Some("enabled".into()),
            }],
        }),
        request_case::<ecs::ListContainerInstances>(ecs::ListContainerInstancesInput {
            cluster: cluster(),
            filter: Some("attribute:ecs.capability.external exists".into()),
            max_results: Some(100),
            status: Some("ACTIVE".into()),
            ..Default::default()
        }),
        request_case::<ecs::DescribeContainerInstances>(ecs::DescribeContainerInstancesInput {
            cluster: cluster(),
            container_instances: vec![INSTANCE_ARN.into()],
            include: vec!["TAGS".into()],
        }),
        request_case::<ecs::UpdateContainerInstancesState>(
            ecs::UpdateContainerInstancesStateInput {
                cluster: cluster(),
                container_instances: vec![INSTANCE_ARN.into()],
                status: "DRAINING".into(),
            },
        ),
        request_case::<ecs::DeregisterContainerInstance>(ecs::DeregisterContainerInstanceInput {
            cluster: cluster(),
            container_instance: INSTANCE_ARN.into(),
            force: Some(true),
        }),
        request_case::<ecs::PutAttributes>(ecs::AttributesInput {
            cluster: cluster(),
            attributes: vec![attribute.clone()],
        }),
        request_case::<ecs::DeleteAttributes>(ecs::AttributesInput {
            cluster: cluster(),
            attributes: vec![attribute],
        }),
        request_case::<ecs::ListAttributes>(ecs::ListAttributesInput {
            attribute_name: Some("site".into()),
            max_results: Some(100),
            ..ecs::ListAttributesInput::container_instances(CLUSTER)
        }),
        request_case::<ecs::TagResource>(ecs::TagResourceInput {
            resource_arn: INSTANCE_ARN.into(),
            tags: tags.clone(),
        }),
        request_case::<ecs::UntagResource>(ecs::UntagResourceInput {
            resource_arn: INSTANCE_ARN.into(),
            tag_keys: vec!["site".into()],
        }),
        request_case::<ecs::ListTagsForResource>(ecs::ListTagsForResourceInput {
            resource_arn: INSTANCE_ARN.into(),
        }),
        request_case::<ecs::ListTasks>(ecs::ListTasksInput {
            cluster: cluster(),
            container_instance: Some(INSTANCE_ARN.into()),
            desired_status: Some("RUNNING".into()),
            launch_type: Some(ecs::LaunchType::External),
            max_results: Some(100),
            ..Default::default()
        }),
        request_case::<ecs::DescribeTasks>(ecs::DescribeTasksInput {
            cluster: cluster(),
            tasks: vec![TASK_ARN.into()],
            include: vec!["TAGS".into()],
        }),
        request_case::<ecs::StopTask>(ecs::StopTaskInput {
            cluster: cluster(),
            task: TASK_ARN.into(),
            reason: Some("Stopped from the console".into()),
        }),
        request_case::<ecs::RunTask>(ecs::RunTaskInput {
            cluster: cluster(),
            task_definition: "nginx-edge:7".into(),
            count: Some(2),
            launch_type: Some(ecs::LaunchType::External),
            overrides: Some(ecs::TaskOverride {
                container_overrides: vec![ecs::ContainerOverride {
                    name: Some("nginx".into()),
                    environment: vec![ecs::KeyValuePair {
                        name: Some("MODE".into()),
                        value: Some("débug".into()),
                    }],
                    ..Default::default()
                }],
                ..Default::default()
            }),
            placement_constraints: vec![ecs::PlacementConstraint {
                kind: Some("memberOf".into()),
                expression: Some("attribute:site == lyon-2".into()),
            }],
            placement_strategy: vec![ecs::PlacementStrategy {
                kind: Some("spread".into()),
                field: Some("attribute:site".into()),
            }],
            started_by: Some("console".into()),
            tags: tags.clone(),
            enable_ecs_managed_tags: Some(true),
            propagate_tags: Some("TASK_DEFINITION".into()),
            client_token: Some("9b2f3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d".into()),
            ..Default::default()
        }),
        request_case::<ecs::ListTaskDefinitionFamilies>(ecs::ListTaskDefinitionFamiliesInput {
            family_prefix: Some("nginx".into()),
            status: Some("ACTIVE".into()),
            max_results: Some(100),
            next_token: None,
        }),
        request_case::<ecs::ListTaskDefinitions>(ecs::ListTaskDefinitionsInput {
            family_prefix: Some("nginx-edge".into()),
            status: Some("ACTIVE".into()),
            sort: Some("DESC".into()),
            ..Default::default()
        }),
        request_case::<ecs::DescribeTaskDefinition>(ecs::DescribeTaskDefinitionInput {
            task_definition: "nginx-edge:7".into(),
            include: vec!["TAGS".into()],
        }),
        request_case::<ecs::RegisterTaskDefinition>(ecs::RegisterTaskDefinitionInput {
            spec: task_definition,
            tags: tags.clone(),
        }),
        request_case::<ecs::DeregisterTaskDefinition>(ecs::DeregisterTaskDefinitionInput {
            task_definition: "nginx-edge:6".into(),
        }),
        request_case::<ecs::CreateService>(ecs::CreateServiceInput {
            cluster: cluster(),
            service_name: "web".into(),
            task_definition: Some("nginx-edge:7".into()),
            desired_count: Some(2),
            client_token: Some("c0ffee00-1234-4abc-9def-0123456789ab".into()),
            launch_type: Some(ecs::LaunchType::External),
            deployment_configuration: Some(ecs::DeploymentConfiguration {
                maximum_percent: Some(200),
                minimum_healthy_percent: Some(50),
                deployment_circuit_breaker: Some(ecs::DeploymentCircuitBreaker {
                    enable: true,
                    rollback: true,
                }),
            }),
            placement_constraints: vec![ecs::PlacementConstraint {
                kind: Some("distinctInstance".into()),
                expression: None,
            }],
            scheduling_strategy: Some("REPLICA".into()),
            tags,
            enable_ecs_managed_tags: Some(true),
            propagate_tags: Some("SERVICE".into()),
            ..Default::default()
        }),
        request_case::<ecs::ListServices>(ecs::ListServicesInput {
            cluster: cluster(),
            launch_type: Some(ecs::LaunchType::External),
            max_results: Some(100),
            ..Default::default()
        }),
        request_case::<ecs::DescribeServices>(ecs::DescribeServicesInput {
            cluster: cluster(),
            services: vec!["web".into()],
            include: vec!["TAGS".into()],
        }),
        request_case::<ecs::UpdateService>(ecs::UpdateServiceInput {
            cluster: cluster(),
            service: "web".into(),
            desired_count: Some(3),
            task_definition: Some("nginx-edge:8".into()),
            placement_constraints: Some(vec![]),
            force_new_deployment: Some(false),
            ..Default::default()
        }),
    ]
}

fn ssm_requests() -> Vec<Value> {
    vec![
        request_case::<ssm::CreateActivation>(ssm::CreateActivationInput {
            description: Some("Lyon edge racks — ünïcode".into()),
            default_instance_name: Some("edge-lyon".into()),
            iam_role: "ecsAnywhereRole".into(),
            registration_limit: Some(10),
            expiration_date: Some(Timestamp(1_767_312_000.5)),
            tags: vec![ssm::Tag {
                key: "site".into(),
                value: "lyon-2".into(),
            }],
        }),
        request_case::<ssm::DescribeActivations>(ssm::DescribeActivationsInput {
            filters: vec![ssm::DescribeActivationsFilter {
                filter_key: "ActivationIds".into(),
                filter_values: vec![ACTIVATION_ID.into()],
            }],
            max_results: Some(50),
            next_token: None,
        }),
        request_case::<ssm::DeleteActivation>(ssm::DeleteActivationInput {
            activation_id: ACTIVATION_ID.into(),
        }),
        request_case::<ssm::DescribeInstanceInformation>(ssm::DescribeInstanceInformationInput {
            filters: vec![ssm::InstanceInformationStringFilter {
                key: "InstanceIds".into(),
                values: vec![MANAGED_ID.into()],
            }],
            max_results: Some(50),
            next_token: Some("AAEAAa1b2c3".into()),
        }),
        request_case::<ssm::DescribeInstanceProperties>(ssm::DescribeInstancePropertiesInput {
            instance_property_filter_list: vec![ssm::InstancePropertyFilter {
                key: "ResourceType".into(),
                value_set: vec!["ManagedInstance".into()],
            }],
            max_results: Some(1000),
            next_token: Some("AAEAAa1b2c3".into()),
        }),
        request_case::<ssm::DeregisterManagedInstance>(ssm::DeregisterManagedInstanceInput {
            instance_id: MANAGED_ID.into(),
        }),
        request_case::<ssm::AddTagsToResource>(ssm::AddTagsToResourceInput {
            resource_type: "ManagedInstance".into(),
            resource_id: MANAGED_ID.into(),
            tags: vec![ssm::Tag {
                key: "rack".into(),
                value: "B4".into(),
            }],
        }),
        request_case::<ssm::RemoveTagsFromResource>(ssm::RemoveTagsFromResourceInput {
            resource_type: "ManagedInstance".into(),
            resource_id: MANAGED_ID.into(),
            tag_keys: vec!["rack".into()],
        }),
        request_case::<ssm::SendCommand>(ssm::SendCommandInput {
            instance_ids: vec![MANAGED_ID.into()],
            document_name: "AWS-RunShellScript".into(),
            timeout_seconds: Some(600),
            comment: Some("Upgrade ECS agent".into()),
            parameters: [(
                "commands".to_owned(),
                vec![
                    "apt-get install -y amazon-ecs-init".to_owned(),
                    "systemctl restart ecs".to_owned(),
                ],
            )]
            .into(),
            max_concurrency: Some("50".into()),
            max_errors: Some("0".into()),
            cloud_watch_output_config: Some(ssm::CloudWatchOutputConfig {
                cloud_watch_log_group_name: Some("/ssm/edge".into()),
                cloud_watch_output_enabled: Some(true),
            }),
            ..Default::default()
        }),
        request_case::<ssm::ListCommandInvocations>(ssm::ListCommandInvocationsInput {
            command_id: Some("8c6d1f2e-3a4b-4c5d-9e8f-7a6b5c4d3e2f".into()),
            instance_id: Some(MANAGED_ID.into()),
            max_results: Some(50),
            filters: vec![ssm::CommandFilter {
                key: "Status".into(),
                value: "Success".into(),
            }],
            details: Some(true),
            next_token: None,
        }),
    ]
}

/// Every fixture decodes; returns the entries for the model check.
fn responses() -> Vec<Value> {
    macro_rules! cases {
        ($($operation:ty),* $(,)?) => { vec![$(response_case::<$operation>().0),*] };
    }
    cases![
        ecs::ListClusters,
        ecs::DescribeClusters,
        ecs::CreateCluster,
        ecs::ListContainerInstances,
        ecs::DescribeContainerInstances,
        ecs::UpdateContainerInstancesState,
        ecs::DeregisterContainerInstance,
        ecs::PutAttributes,
        ecs::DeleteAttributes,
        ecs::ListAttributes,
        ecs::TagResource,
        ecs::UntagResource,
        ecs::ListTagsForResource,
        ecs::ListTasks,
        ecs::DescribeTasks,
        ecs::StopTask,
        ecs::RunTask,
        ecs::ListTaskDefinitionFamilies,
        ecs::ListTaskDefinitions,
        ecs::DescribeTaskDefinition,
        ecs::RegisterTaskDefinition,
        ecs::DeregisterTaskDefinition,
        ecs::CreateService,
        ecs::ListServices,
        ecs::DescribeServices,
        ecs::UpdateService,
        ssm::CreateActivation,
        ssm::DescribeActivations,
        ssm::DeleteActivation,
        ssm::DescribeInstanceInformation,
        ssm::DescribeInstanceProperties,
        ssm::DeregisterManagedInstance,
        ssm::AddTagsToResource,
        ssm::RemoveTagsFromResource,
        ssm::SendCommand,
        ssm::ListCommandInvocations,
    ]
}

#[test]
fn requests_and_fixtures_conform_to_the_botocore_models() {
    let mut requests = ecs_requests();
    requests.extend(ssm_requests());
    // The "edit as JSON" path: a described revision turned back into a registration.
    let (_, described) = response_case::<ecs::DescribeTaskDefinition>();
    let register = described.task_definition.unwrap().to_register_input(vec![]);
    requests.push(request_case::<ecs::RegisterTaskDefinition>(register));
    let responses = responses();

    let operations: std::collections::BTreeSet<String> = requests
        .iter()
        .map(|r| format!("{} {}", r["service"], r["operation"]))
        .collect();
    assert_eq!(operations.len(), 36, "one request per operation");
    assert_eq!(responses.len(), 36, "one fixture per operation");

    let stdout = aws_support::run_python_script(
        "botocore_validate.py",
        &json!({"requests": requests, "responses": responses}),
    );
    let problems: Vec<String> = serde_json::from_str(&stdout).unwrap();
    println!(
        "{} requests and {} response fixtures checked against botocore: {} problems",
        requests.len(),
        responses.len(),
        problems.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_validator_problem_is_reported() {
    let bad = json!({
        "requests": [{"service": "ssm", "operation": "CreateActivation", "target": "AmazonSSM.CreateActivation",
                      "content_type": "application/x-amz-json-1.1", "signing_name": "ssm", "body": {"iamRole": "x"}}],
        "responses": [],
    });
    let problems: Vec<String> = serde_json::from_str(&aws_support::run_python_script(
        "botocore_validate.py",
        &bad,
    ))
    .unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("IamRole"), "{problems:?}");
}

#[test]
fn fleet_join_fields_decode() {
    let (_, described) = response_case::<ecs::DescribeContainerInstances>();
    let instance = &described.container_instances[0];
    assert_eq!(instance.ec2_instance_id.as_deref(), Some(MANAGED_ID));
    assert!(instance.agent_connected);
    let version = instance.version_info.as_ref().unwrap();
    assert_eq!(version.agent_version.as_deref(), Some("1.89.2"));
    assert_eq!(
        version.docker_version.as_deref(),
        Some("DockerVersion: 25.0.6")
    );
    assert_eq!(
        (instance.running_tasks_count, instance.pending_tasks_count),
        (2, 0)
    );
    let cpu = instance
        .registered_resources
        .iter()
        .find(|r| r.name == "CPU")
        .unwrap();
    assert_eq!(
        (cpu.kind.as_deref(), cpu.integer_value),
        (Some("INTEGER"), Some(4096))
    );
    assert!(
        instance
            .attributes
            .iter()
            .any(|a| a.name == "ecs.capability.external" && a.value.is_none())
    );
    assert_eq!(instance.registered_at, Some(Timestamp(1_767_225_900.123)));
    assert_eq!(
        instance.tags,
        vec![ecs::Tag {
            key: "rack".into(),
            value: "B4".into()
        }]
    );

    let (_, information) = response_case::<ssm::DescribeInstanceInformation>();
    let host = &information.instance_information_list[0];
    assert_eq!(host.instance_id, MANAGED_ID);
    assert_eq!(host.ping_status.as_deref(), Some("Online"));
    assert_eq!(host.ip_address.as_deref(), Some("192.168.10.21"));
    assert_eq!(host.computer_name.as_deref(), Some("edge-lyon-2.local"));
    assert_eq!(host.platform_name.as_deref(), Some("Ubuntu"));
    assert_eq!(host.activation_id.as_deref(), Some(ACTIVATION_ID));
    assert_eq!(host.is_latest_version, Some(false));
    assert_eq!(host.last_ping_date_time, Some(Timestamp(1_767_226_500.871)));
    let sparse = &information.instance_information_list[1];
    assert_eq!(
        (sparse.ping_status.as_deref(), sparse.ip_address.as_deref()),
        (Some("ConnectionLost"), None)
    );
    assert_eq!(information.next_token.as_deref(), Some("AAEAAa1b2c3"));

    // The same record as an instance property reads the same, save IsLatestVersion, which
    // properties lack.
    let (_, properties) = response_case::<ssm::DescribeInstanceProperties>();
    let property = &properties.instance_properties[0];
    assert_eq!(property.is_latest_version, None);
    assert_eq!(
        ssm::InstanceInformation {
            is_latest_version: Some(false),
            ..property.clone()
        },
        *host
    );
    assert_eq!(properties.next_token.as_deref(), Some("AAEAAa1b2c3"));
}

#[test]
fn unknown_fields_are_ignored_and_missing_ones_tolerated() {
    let mut value: Value =
        serde_json::from_str(&fixture_text::<ecs::DescribeContainerInstances>()).unwrap();
    value["containerInstances"][0]["someFutureField"] = json!({"nested": [1, 2]});
    value["brandNewTopLevel"] = json!(true);
    let decoded: ecs::DescribeContainerInstancesOutput = serde_json::from_value(value).unwrap();
    assert_eq!(decoded.container_instances.len(), 1);

    let sparse: ecs::DescribeContainerInstancesOutput =
        serde_json::from_str(r#"{"containerInstances":[{}]}"#).unwrap();
    assert_eq!(sparse.container_instances[0].status, "");
    assert!(sparse.failures.is_empty());
    let empty: ssm::DescribeInstanceInformationOutput = serde_json::from_str("{}").unwrap();
    assert!(empty.instance_information_list.is_empty());
}

#[test]
fn task_definition_json_round_trips_unmodelled_fields() {
    let (_, described) = response_case::<ecs::DescribeTaskDefinition>();
    let register = described.task_definition.unwrap().to_register_input(vec![]);
    let body = serde_json::to_value(&register).unwrap();
    assert_eq!(
        body["containerDefinitions"][0]["ulimits"][0]["name"],
        "nofile"
    );
    assert_eq!(body["volumes"][0]["host"]["sourcePath"], "/srv/html");
    for output_only in [
        "taskDefinitionArn",
        "revision",
        "status",
        "requiresAttributes",
        "compatibilities",
        "registeredAt",
        "registeredBy",
    ] {
        assert!(
            body.get(output_only).is_none(),
            "{output_only} must not be sent back"
        );
    }
    let reparsed: ecs::RegisterTaskDefinitionInput = serde_json::from_value(body).unwrap();
    assert_eq!(reparsed, register);
}
