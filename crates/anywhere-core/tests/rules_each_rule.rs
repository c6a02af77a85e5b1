//! Each rule fires on a document that breaks it, at the expected path, and stays quiet once fixed.

use std::collections::BTreeSet;

use anywhere_core::rules::{
    Finding, FleetAttributes, Severity, Subject, has_errors, lint_create_service, lint_run_task,
    lint_task_definition, rules,
};
use serde_json::{Value, json};

fn clean_task_definition() -> Value {
    json!({
        "family": "web",
        "requiresCompatibilities": ["EXTERNAL"],
        "networkMode": "bridge",
        "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
        "containerDefinitions": [{
            "name": "web",
            "image": "public.ecr.aws/nginx/nginx:latest",
            "memory": 256,
            "essential": true,
            "portMappings": [{"containerPort": 80}]
        }]
    })
}

fn clean_run_task() -> Value {
    json!({
        "cluster": "edge",
        "taskDefinition": "web:3",
        "count": 1,
        "launchType": "EXTERNAL",
        "placementConstraints": [{"type": "memberOf", "expression": "attribute:stack == prod"}]
    })
}

fn clean_service() -> Value {
    json!({
        "cluster": "edge",
        "serviceName": "web",
        "taskDefinition": "web:3",
        "desiredCount": 2,
        "launchType": "EXTERNAL",
        "schedulingStrategy": "REPLICA"
    })
}

fn fleet() -> FleetAttributes {
    ["ecs.os-type", "ecs.capability.external", "stack"]
        .into_iter()
        .map(String::from)
        .collect()
}

fn lint(subject: Subject, document: &Value) -> Vec<Finding> {
    match subject {
        Subject::TaskDefinition => lint_task_definition(document, Some(&fleet())),
        Subject::RunTask => lint_run_task(document),
        Subject::CreateService => lint_create_service(document),
    }
}

/// Sets `pointer` (a JSON pointer) in a copy of `document`, creating the last key if needed.
fn with(document: &Value, pointer: &str, value: Value) -> Value {
    let mut copy = document.clone();
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let target = copy.pointer_mut(parent).unwrap();
    match target {
        Value::Object(fields) => {
            fields.insert(key.to_string(), value);
        }
        Value::Array(items) => items[key.parse::<usize>().unwrap()] = value,
        _ => panic!("{parent} is not a container"),
    }
    copy
}

fn without(document: &Value, pointer: &str) -> Value {
    let mut copy = document.clone();
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    copy.pointer_mut(parent)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove(key);
    copy
}

/// Asserts that `rule` fires on `broken` exactly at `paths`, and not at all on `fixed`.
fn assert_rule(rule: &str, subject: Subject, broken: &Value, fixed: &Value, paths: &[&str]) {
    let known = rules().iter().find(|r| r.id == rule);
    let known = known.unwrap_or_else(|| panic!("{rule} is not in the rule table"));
    assert!(
        known.applies_to.contains(&subject),
        "{rule} does not apply here"
    );
    let fired: Vec<Finding> = lint(subject, broken)
        .into_iter()
        .filter(|finding| finding.rule_id == rule)
        .collect();
    let fired_paths: Vec<&str> = fired.iter().map(|finding| finding.path.as_str()).collect();
    assert_eq!(fired_paths, paths, "{rule} on {broken:#}");
    for finding in &fired {
        assert_eq!(finding.severity, known.severity);
        assert_eq!(finding.reason, known.reason);
        assert_eq!(finding.source, known.source);
        assert!(finding.message.starts_with(known.message));
    }
    let after_fix: Vec<Finding> = lint(subject, fixed)
        .into_iter()
        .filter(|finding| finding.rule_id == rule)
        .collect();
    assert!(after_fix.is_empty(), "{rule} still fires: {after_fix:#?}");
}

#[test]
fn the_clean_documents_have_no_findings() {
    assert_eq!(
        lint(Subject::TaskDefinition, &clean_task_definition()),
        vec![]
    );
    assert_eq!(lint(Subject::RunTask, &clean_run_task()), vec![]);
    assert_eq!(lint(Subject::CreateService, &clean_service()), vec![]);
}

#[test]
fn not_an_object() {
    for subject in [
        Subject::TaskDefinition,
        Subject::RunTask,
        Subject::CreateService,
    ] {
        let fixed = match subject {
            Subject::TaskDefinition => clean_task_definition(),
            Subject::RunTask => clean_run_task(),
            Subject::CreateService => clean_service(),
        };
        assert_rule("not-an-object", subject, &json!([1, 2]), &fixed, &[""]);
    }
}

#[test]
fn awsvpc_network_mode() {
    let td = clean_task_definition();
    let broken = with(&td, "/networkMode", json!("awsvpc"));
    assert_rule(
        "awsvpc-network-mode",
        Subject::TaskDefinition,
        &broken,
        &td,
        &["networkMode"],
    );
    for allowed in ["host", "none"] {
        let other = with(&td, "/networkMode", json!(allowed));
        assert_rule(
            "awsvpc-network-mode",
            Subject::TaskDefinition,
            &broken,
            &other,
            &["networkMode"],
        );
    }
    let absent = without(&td, "/networkMode");
    assert!(lint(Subject::TaskDefinition, &absent).is_empty());
}

#[test]
fn unknown_network_mode() {
    let td = clean_task_definition();
    for wrong in [json!("default"), json!(7), json!(["bridge"])] {
        let broken = with(&td, "/networkMode", wrong);
        assert_rule(
            "unknown-network-mode",
            Subject::TaskDefinition,
            &broken,
            &td,
            &["networkMode"],
        );
    }
}

#[test]
fn gpu_requirement() {
    let td = clean_task_definition();
    let broken = with(
        &td,
        "/containerDefinitions/0/resourceRequirements",
        json!([{"type": "InferenceAccelerator", "value": "a1"}, {"type": "GPU", "value": "1"}]),
    );
    let fixed = with(
        &td,
        "/containerDefinitions/0/resourceRequirements",
        json!([]),
    );
    assert_rule(
        "gpu-requirement",
        Subject::TaskDefinition,
        &broken,
        &fixed,
        &["containerDefinitions[0].resourceRequirements[1]"],
    );
}

#[test]
fn inference_accelerator() {
    let td = clean_task_definition();
    let broken = with(
        &td,
        "/inferenceAccelerators",
        json!([{"deviceName": "a1", "deviceType": "eia2.medium"}]),
    );
    let broken = with(
        &broken,
        "/containerDefinitions/0/resourceRequirements",
        json!([{"type": "InferenceAccelerator", "value": "a1"}]),
    );
    let fixed = with(&td, "/inferenceAccelerators", json!([]));
    assert_rule(
        "inference-accelerator",
        Subject::TaskDefinition,
        &broken,
        &fixed,
        &[
            "containerDefinitions[0].resourceRequirements[0]",
            "inferenceAccelerators",
        ],
    );
}

#[test]
fn app_mesh_proxy() {
    let td = clean_task_definition();
    let broken = with(
        &td,
        "/proxyConfiguration",
        json!({"type": "APPMESH", "containerName": "envoy", "properties": []}),
    );
    assert_rule(
        "app-mesh-proxy",
        Subject::TaskDefinition,
        &broken,
        &td,
        &["proxyConfiguration"],
    );
}

#[test]
fn efs_volume() {
    let td = clean_task_definition();
    let host_volume = json!({"name": "data", "host": {"sourcePath": "/srv/data"}});
    let efs_volume =
        json!({"name": "shared", "efsVolumeConfiguration": {"fileSystemId": "fs-1234"}});
    let broken = with(&td, "/volumes", json!([host_volume, efs_volume]));
    let fixed = with(&td, "/volumes", json!([host_volume]));
    assert_rule(
        "efs-volume",
        Subject::TaskDefinition,
        &broken,
        &fixed,
        &["volumes[1].efsVolumeConfiguration"],
    );
}

#[test]
fn fsx_windows_volume() {
    let td = clean_task_definition();
    let broken = with(
        &td,
        "/volumes",
        json!([{"name": "share", "fsxWindowsFileServerVolumeConfiguration": {"fileSystemId": "fs-1", "rootDirectory": "share"}}]),
    );
    let fixed = with(
        &td,
        "/volumes",
        json!([{"name": "share", "host": {"sourcePath": "C:\\share"}}]),
    );
    assert_rule(
        "fsx-windows-volume",
        Subject::TaskDefinition,
        &broken,
        &fixed,
        &["volumes[0].fsxWindowsFileServerVolumeConfiguration"],
    );
    // A warning about connectivity: it does not block registering.
    assert!(!has_errors(&lint(Subject::TaskDefinition, &broken)));
}

#[test]
fn windows_network_mode() {
    let windows = with(
        &clean_task_definition(),
        "/runtimePlatform",
        json!({"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE", "cpuArchitecture": "X86_64"}),
    );
    let fixed = without(&windows, "/networkMode");
    assert_rule(
        "windows-network-mode",
        Subject::TaskDefinition,
        &windows,
        &fixed,
        &["networkMode"],
    );
    for mode in ["host", "none", "awsvpc", "default"] {
        let broken = with(&windows, "/networkMode", json!(mode));
        let ids: Vec<&str> = lint(Subject::TaskDefinition, &broken)
            .into_iter()
            .map(|finding| finding.rule_id)
            .collect();
        assert_eq!(ids, ["windows-network-mode"], "{mode}");
    }
    // Linux keeps bridge; the guide's own Windows example names no runtime platform and stays clean.
    let linux = with(
        &clean_task_definition(),
        "/runtimePlatform",
        json!({"operatingSystemFamily": "LINUX"}),
    );
    assert_eq!(lint(Subject::TaskDefinition, &linux), vec![]);
}

#[test]
fn selinux_label() {
    let td = clean_task_definition();
    let broken = with(
        &td,
        "/containerDefinitions/0/dockerSecurityOptions",
        json!([
            "no-new-privileges",
            "label:type:container_t",
            "label:level:s0:c100"
        ]),
    );
    let fixed = with(
        &td,
        "/containerDefinitions/0/dockerSecurityOptions",
        json!(["no-new-privileges", "apparmor:docker-default"]),
    );
    assert_rule(
        "selinux-label",
        Subject::TaskDefinition,
        &broken,
        &fixed,
        &[
            "containerDefinitions[0].dockerSecurityOptions[1]",
            "containerDefinitions[0].dockerSecurityOptions[2]",
        ],
    );
}

#[test]
fn placement_constraint_type() {
    let td = clean_task_definition();
    let broken = with(
        &td,
        "/placementConstraints",
        json!([{"type": "memberOf", "expression": "attribute:stack == prod"}, {"type": "distinctInstance"}, {}]),
    );
    let fixed = with(
        &td,
        "/placementConstraints",
        json!([{"type": "memberOf", "expression": "attribute:stack == prod"}]),
    );
    assert_rule(
        "placement-constraint-type",
        Subject::TaskDefinition,
        &broken,
        &fixed,
        &[
            "placementConstraints[1].type",
            "placementConstraints[2].type",
        ],
    );
}

#[test]
fn member_of_syntax() {
    let constraint = |expression: Value| json!([{"type": "memberOf", "expression": expression}]);
    let td = clean_task_definition();
    let broken = with(
        &td,
        "/placementConstraints",
        constraint(json!("attribute:stack = prod")),
    );
    let fixed = with(
        &td,
        "/placementConstraints",
        constraint(json!("attribute:stack == prod")),
    );
    assert_rule(
        "member-of-syntax",
        Subject::TaskDefinition,
        &broken,
        &fixed,
        &["placementConstraints[0].expression"],
    );
    let message = &lint(Subject::TaskDefinition, &broken)[0].message;
    assert!(message.contains("character 17"), "{message}");
    let not_text = with(&td, "/placementConstraints", constraint(json!(5)));
    assert_rule(
        "member-of-syntax",
        Subject::TaskDefinition,
        &not_text,
        &fixed,
        &["placementConstraints[0].expression"],
    );

    for (subject, clean) in [
        (Subject::RunTask, clean_run_task()),
        (Subject::CreateService, clean_service()),
    ] {
        let broken = with(
            &clean,
            "/placementConstraints",
            constraint(json!("attribute:stack in [prod")),
        );
        let fixed = with(
            &clean,
            "/placementConstraints",
            constraint(json!("attribute:stack in [prod]")),
        );
        assert_rule(
            "member-of-syntax",
            subject,
            &broken,
            &fixed,
            &["placementConstraints[0].expression"],
        );
    }
}

#[test]
fn requires_compatibilities_external() {
    let td = clean_task_definition();
    let broken = with(&td, "/requiresCompatibilities", json!(["EC2", "FARGATE"]));
    let fixed = with(&td, "/requiresCompatibilities", json!(["EC2", "EXTERNAL"]));
    assert_rule(
        "requires-compatibilities-external",
        Subject::TaskDefinition,
        &broken,
        &fixed,
        &["requiresCompatibilities"],
    );
    let absent = without(&td, "/requiresCompatibilities");
    assert_rule(
        "requires-compatibilities-external",
        Subject::TaskDefinition,
        &with(&td, "/requiresCompatibilities", json!("EXTERNAL")),
        &absent,
        &["requiresCompatibilities"],
    );
}

#[test]
fn container_memory() {
    let td = clean_task_definition();
    let broken = without(&td, "/containerDefinitions/0/memory");
    let reservation = with(
        &broken,
        "/containerDefinitions/0/memoryReservation",
        json!(128),
    );
    let task_memory = with(&broken, "/memory", json!("512"));
    assert_rule(
        "container-memory",
        Subject::TaskDefinition,
        &broken,
        &reservation,
        &["containerDefinitions[0].memory"],
    );
    assert_rule(
        "container-memory",
        Subject::TaskDefinition,
        &broken,
        &task_memory,
        &["containerDefinitions[0].memory"],
    );
}

#[test]
fn awslogs_without_execution_role() {
    let td = with(
        &clean_task_definition(),
        "/containerDefinitions/0/logConfiguration",
        json!({"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/web"}}),
    );
    let broken = without(&td, "/executionRoleArn");
    assert_rule(
        "awslogs-without-execution-role",
        Subject::TaskDefinition,
        &broken,
        &td,
        &["containerDefinitions[0].logConfiguration.logDriver"],
    );
    let journald = with(
        &broken,
        "/containerDefinitions/0/logConfiguration",
        json!({"logDriver": "journald"}),
    );
    assert_rule(
        "awslogs-without-execution-role",
        Subject::TaskDefinition,
        &broken,
        &journald,
        &["containerDefinitions[0].logConfiguration.logDriver"],
    );
}

#[test]
fn private_ecr_without_execution_role() {
    let td = with(
        &clean_task_definition(),
        "/containerDefinitions/0/image",
        json!("123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.4"),
    );
    let broken = without(&td, "/executionRoleArn");
    assert_rule(
        "private-ecr-without-execution-role",
        Subject::TaskDefinition,
        &broken,
        &td,
        &["containerDefinitions[0].image"],
    );
    let public = with(
        &broken,
        "/containerDefinitions/0/image",
        json!("public.ecr.aws/nginx/nginx:latest"),
    );
    assert_rule(
        "private-ecr-without-execution-role",
        Subject::TaskDefinition,
        &broken,
        &public,
        &["containerDefinitions[0].image"],
    );
}

#[test]
fn fixed_host_port() {
    let td = clean_task_definition();
    let broken = with(
        &td,
        "/containerDefinitions/0/portMappings",
        json!([{"containerPort": 80, "hostPort": 0}, {"containerPort": 443, "hostPort": 8443}]),
    );
    assert_rule(
        "fixed-host-port",
        Subject::TaskDefinition,
        &broken,
        &td,
        &["containerDefinitions[0].portMappings[1].hostPort"],
    );
    let default_bridge = without(&broken, "/networkMode");
    let host_mode = with(&broken, "/networkMode", json!("host"));
    assert_rule(
        "fixed-host-port",
        Subject::TaskDefinition,
        &default_bridge,
        &host_mode,
        &["containerDefinitions[0].portMappings[1].hostPort"],
    );
}

#[test]
fn member_of_unknown_attribute() {
    let td = clean_task_definition();
    let broken = with(
        &td,
        "/placementConstraints",
        json!([{"type": "memberOf", "expression": "attribute:stack == prod and attribute:rack exists"}]),
    );
    let fixed = with(
        &td,
        "/placementConstraints",
        json!([{"type": "memberOf", "expression": "attribute:stack == prod and attribute:ecs.os-type == linux"}]),
    );
    assert_rule(
        "member-of-unknown-attribute",
        Subject::TaskDefinition,
        &broken,
        &fixed,
        &["placementConstraints[0].expression"],
    );
    let finding = lint(Subject::TaskDefinition, &broken);
    assert!(finding[0].message.ends_with(": rack"), "{finding:?}");
    assert!(
        lint_task_definition(&broken, None).is_empty(),
        "without a fleet the rule does not run"
    );
}

#[test]
fn load_balancers() {
    let service = clean_service();
    let broken = with(
        &service,
        "/loadBalancers",
        json!([{"targetGroupArn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/1", "containerName": "web", "containerPort": 80}]),
    );
    let fixed = with(&service, "/loadBalancers", json!([]));
    assert_rule(
        "load-balancers",
        Subject::CreateService,
        &broken,
        &fixed,
        &["loadBalancers"],
    );
}

#[test]
fn service_registries() {
    let service = clean_service();
    let broken = with(
        &service,
        "/serviceRegistries",
        json!([{"registryArn": "arn:aws:servicediscovery:eu-west-1:123456789012:service/srv-1"}]),
    );
    assert_rule(
        "service-registries",
        Subject::CreateService,
        &broken,
        &service,
        &["serviceRegistries"],
    );
}

#[test]
fn service_connect() {
    let service = clean_service();
    let broken = with(
        &service,
        "/serviceConnectConfiguration",
        json!({"enabled": true, "namespace": "edge"}),
    );
    let fixed = with(
        &service,
        "/serviceConnectConfiguration",
        json!({"enabled": false}),
    );
    assert_rule(
        "service-connect",
        Subject::CreateService,
        &broken,
        &fixed,
        &["serviceConnectConfiguration"],
    );
}

#[test]
fn capacity_provider_strategy() {
    for (subject, clean) in [
        (Subject::RunTask, clean_run_task()),
        (Subject::CreateService, clean_service()),
    ] {
        let broken = with(
            &without(&clean, "/launchType"),
            "/capacityProviderStrategy",
            json!([{"capacityProvider": "edge-asg", "weight": 1}]),
        );
        assert_rule(
            "capacity-provider-strategy",
            subject,
            &broken,
            &clean,
            &["capacityProviderStrategy"],
        );
        assert!(
            !lint(subject, &broken)
                .iter()
                .any(|finding| finding.rule_id == "launch-type-missing"),
            "the strategy's error is enough"
        );
    }
}

#[test]
fn awsvpc_network_configuration() {
    for (subject, clean) in [
        (Subject::RunTask, clean_run_task()),
        (Subject::CreateService, clean_service()),
    ] {
        let broken = with(
            &clean,
            "/networkConfiguration",
            json!({"awsvpcConfiguration": {"subnets": ["subnet-1"]}}),
        );
        assert_rule(
            "awsvpc-network-configuration",
            subject,
            &broken,
            &clean,
            &["networkConfiguration"],
        );
    }
}

#[test]
fn execute_command() {
    for (subject, clean) in [
        (Subject::RunTask, clean_run_task()),
        (Subject::CreateService, clean_service()),
    ] {
        let broken = with(&clean, "/enableExecuteCommand", json!(true));
        let fixed = with(&clean, "/enableExecuteCommand", json!(false));
        assert_rule(
            "execute-command",
            subject,
            &broken,
            &fixed,
            &["enableExecuteCommand"],
        );
    }
}

#[test]
fn launch_type_not_external() {
    for (subject, clean) in [
        (Subject::RunTask, clean_run_task()),
        (Subject::CreateService, clean_service()),
    ] {
        for wrong in [json!("EC2"), json!("FARGATE"), json!("external"), json!(1)] {
            let broken = with(&clean, "/launchType", wrong);
            assert_rule(
                "launch-type-not-external",
                subject,
                &broken,
                &clean,
                &["launchType"],
            );
        }
    }
}

#[test]
fn launch_type_missing() {
    for (subject, clean) in [
        (Subject::RunTask, clean_run_task()),
        (Subject::CreateService, clean_service()),
    ] {
        let broken = without(&clean, "/launchType");
        assert_rule(
            "launch-type-missing",
            subject,
            &broken,
            &clean,
            &["launchType"],
        );
    }
}

/// Guards the promise of one test per rule: every id in the table must be named in this file.
#[test]
fn every_rule_has_a_test_here() {
    let this_file = include_str!("rules_each_rule.rs");
    let untested: Vec<&str> = rules()
        .iter()
        .map(|rule| rule.id)
        .filter(|id| !this_file.contains(&format!("\"{id}\"")))
        .collect();
    assert_eq!(untested, Vec::<&str>::new());
    let ids: BTreeSet<&str> = rules().iter().map(|rule| rule.id).collect();
    assert_eq!(ids.len(), rules().len(), "rule ids must be unique");
}

#[test]
fn findings_are_sorted_errors_first_then_by_path() {
    let mut containers = Vec::new();
    for index in 0..12 {
        containers.push(json!({
            "name": format!("c{index}"),
            "image": "public.ecr.aws/nginx/nginx:latest",
            "resourceRequirements": [{"type": "GPU", "value": "1"}],
            "portMappings": [{"containerPort": 80, "hostPort": 8000 + index}]
        }));
    }
    let td = json!({"containerDefinitions": containers, "memory": "1024"});
    let findings = lint_task_definition(&td, None);
    assert_eq!(findings.len(), 24);
    let severities: Vec<Severity> = findings.iter().map(|f| f.severity).collect();
    assert!(severities[..12].iter().all(|s| *s == Severity::Error));
    assert!(severities[12..].iter().all(|s| *s == Severity::Warning));
    assert_eq!(
        findings[2].path,
        "containerDefinitions[2].resourceRequirements[0]"
    );
    assert_eq!(
        findings[11].path,
        "containerDefinitions[11].resourceRequirements[0]"
    );
}

#[test]
fn the_describe_shape_prefixes_paths() {
    let text = include_str!("fixtures/taskdefs/describe-wrapper.json");
    let document: Value = serde_json::from_str(text).unwrap();
    let found: Vec<(&str, String)> = lint_task_definition(&document, None)
        .into_iter()
        .map(|finding| (finding.rule_id, finding.path))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                "awsvpc-network-mode",
                "taskDefinition.networkMode".to_string()
            ),
            (
                "requires-compatibilities-external",
                "taskDefinition.requiresCompatibilities".to_string()
            ),
            (
                "private-ecr-without-execution-role",
                "taskDefinition.containerDefinitions[0].image".to_string()
            ),
        ]
    );
}

#[test]
fn findings_serialize_for_json_output() {
    let broken = with(&clean_task_definition(), "/networkMode", json!("awsvpc"));
    let findings = lint_task_definition(&broken, None);
    let value = serde_json::to_value(&findings).unwrap();
    assert_eq!(value[0]["ruleId"], "awsvpc-network-mode");
    assert_eq!(value[0]["severity"], "error");
    assert_eq!(value[0]["path"], "networkMode");
    assert!(value[0]["source"].as_str().unwrap().starts_with("seed:"));
}
