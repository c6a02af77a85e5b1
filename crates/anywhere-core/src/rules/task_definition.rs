//! Checks of a task definition against what external instances support.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::catalog::*;
use super::expression::parse_expression;
use super::finding::{Finding, index_path, key_path, sort_findings};

/// The attribute names present on at least one host of the fleet, built-in `ecs.*` ones included,
/// as `DescribeContainerInstances` reports them.
pub type FleetAttributes = BTreeSet<String>;

/// Lints a task definition: the `register-task-definition --cli-input-json` shape (fields at the top
/// level) or the `describe-task-definition` shape (`{"taskDefinition": {...}}`, paths then start with
/// `taskDefinition.`). With `fleet`, `memberOf` expressions are also checked against the attribute names
/// the fleet has. Never panics, whatever the JSON; the findings come sorted, errors first.
pub fn lint_task_definition(document: &Value, fleet: Option<&FleetAttributes>) -> Vec<Finding> {
    let (definition, base) = match document.get("taskDefinition") {
        Some(inner @ Value::Object(_)) if document.get("containerDefinitions").is_none() => {
            (inner, "taskDefinition")
        }
        _ => (document, ""),
    };
    let mut findings = Vec::new();
    match definition.as_object() {
        Some(fields) => TaskDefinition { fields, base }.check(fleet, &mut findings),
        None => findings.push(Finding::new(&NOT_AN_OBJECT, base.to_string())),
    }
    sort_findings(&mut findings);
    findings
}

/// Whether an optional field is actually used: absent, `null`, `false` and empty lists or objects are not.
pub(crate) fn in_use(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) | Some(Value::Bool(false)) => false,
        Some(Value::Array(items)) => !items.is_empty(),
        Some(Value::Object(fields)) => !fields.is_empty(),
        Some(Value::String(text)) => !text.trim().is_empty(),
        Some(Value::Number(_)) | Some(Value::Bool(true)) => true,
    }
}

/// The elements of an array field with their paths; nothing when the field is absent or not an array.
pub(crate) fn elements<'a>(
    fields: &'a Map<String, Value>,
    key: &str,
    base: &str,
) -> impl Iterator<Item = (String, &'a Value)> {
    let path = key_path(base, key);
    fields
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .map(move |(index, item)| (index_path(&path, index), item))
}

/// Shows a JSON value briefly inside a message.
pub(crate) fn show(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum NetworkMode {
    Bridge,
    Other,
}

struct TaskDefinition<'a> {
    fields: &'a Map<String, Value>,
    base: &'a str,
}

impl TaskDefinition<'_> {
    fn path(&self, key: &str) -> String {
        key_path(self.base, key)
    }

    fn check(&self, fleet: Option<&FleetAttributes>, findings: &mut Vec<Finding>) {
        let mode = self.network_mode(findings);
        self.requires_compatibilities(findings);
        for (key, rule) in [
            ("inferenceAccelerators", &INFERENCE_ACCELERATOR),
            ("proxyConfiguration", &APP_MESH_PROXY),
        ] {
            if in_use(self.fields.get(key)) {
                findings.push(Finding::new(rule, self.path(key)));
            }
        }
        self.volumes(findings);
        self.placement_constraints(fleet, findings);
        let has_execution_role = in_use(self.fields.get("executionRoleArn"));
        let has_task_memory = in_use(self.fields.get("memory"));
        for (path, container) in elements(self.fields, "containerDefinitions", self.base) {
            if let Some(container) = container.as_object() {
                let container = Container {
                    fields: container,
                    path,
                };
                container.check(mode, has_execution_role, has_task_memory, findings);
            }
        }
    }

    fn network_mode(&self, findings: &mut Vec<Finding>) -> NetworkMode {
        let path = self.path("networkMode");
        let mode = self
            .fields
            .get("networkMode")
            .filter(|mode| !mode.is_null());
        if let Some(family) = self.windows_family() {
            if let Some(mode) = mode {
                findings.push(
                    Finding::new(&WINDOWS_NETWORK_MODE, path)
                        .detail(format!("found {} with {family}", show(mode))),
                );
            }
            return NetworkMode::Other;
        }
        match mode {
            None => NetworkMode::Bridge,
            Some(Value::String(mode)) if mode == "bridge" => NetworkMode::Bridge,
            Some(Value::String(mode)) if mode == "host" || mode == "none" => NetworkMode::Other,
            Some(Value::String(mode)) if mode == "awsvpc" => {
                findings.push(Finding::new(&AWSVPC_NETWORK_MODE, path));
                NetworkMode::Other
            }
            Some(other) => {
                findings.push(
                    Finding::new(&UNKNOWN_NETWORK_MODE, path).detail(format!("found {other}")),
                );
                NetworkMode::Other
            }
        }
    }

    /// The Windows Server release the task definition is for (`runtimePlatform.operatingSystemFamily`),
    /// if any.
    fn windows_family(&self) -> Option<&str> {
        self.fields
            .get("runtimePlatform")
            .and_then(|platform| platform.get("operatingSystemFamily"))
            .and_then(Value::as_str)
            .filter(|family| family.starts_with("WINDOWS_SERVER"))
    }

    fn requires_compatibilities(&self, findings: &mut Vec<Finding>) {
        let value = match self.fields.get("requiresCompatibilities") {
            None | Some(Value::Null) => return,
            Some(value) => value,
        };
        let has_external = value
            .as_array()
            .is_some_and(|items| items.iter().any(|item| item == "EXTERNAL"));
        if !has_external {
            findings.push(
                Finding::new(
                    &REQUIRES_COMPATIBILITIES_EXTERNAL,
                    self.path("requiresCompatibilities"),
                )
                .detail(format!("found {value}")),
            );
        }
    }

    fn volumes(&self, findings: &mut Vec<Finding>) {
        for (path, volume) in elements(self.fields, "volumes", self.base) {
            for (key, rule) in [
                ("efsVolumeConfiguration", &EFS_VOLUME),
                (
                    "fsxWindowsFileServerVolumeConfiguration",
                    &FSX_WINDOWS_VOLUME,
                ),
            ] {
                if in_use(volume.get(key)) {
                    findings.push(Finding::new(rule, key_path(&path, key)));
                }
            }
        }
    }

    fn placement_constraints(&self, fleet: Option<&FleetAttributes>, findings: &mut Vec<Finding>) {
        for (path, constraint) in elements(self.fields, "placementConstraints", self.base) {
            match constraint.get("type") {
                Some(kind) if kind == "memberOf" => {
                    check_member_of(constraint, &path, fleet, findings);
                }
                kind => {
                    let found = kind.map_or("no type".to_string(), show);
                    findings.push(
                        Finding::new(&PLACEMENT_CONSTRAINT_TYPE, key_path(&path, "type"))
                            .detail(format!("found {found}")),
                    );
                }
            }
        }
    }
}

/// Checks a memberOf constraint's expression: that it parses, and, given the fleet's attribute names,
/// that every attribute it names exists somewhere in the fleet.
pub(crate) fn check_member_of(
    constraint: &Value,
    path: &str,
    fleet: Option<&FleetAttributes>,
    findings: &mut Vec<Finding>,
) {
    let path = key_path(path, "expression");
    let text = match constraint.get("expression") {
        None | Some(Value::Null) => return,
        Some(Value::String(text)) => text,
        Some(other) => {
            findings.push(
                Finding::new(&MEMBER_OF_SYNTAX, path)
                    .detail(format!("expected a string, found {other}")),
            );
            return;
        }
    };
    let expression = match parse_expression(text) {
        Ok(expression) => expression,
        Err(error) => {
            findings.push(Finding::new(&MEMBER_OF_SYNTAX, path).detail(error.to_string()));
            return;
        }
    };
    let Some(fleet) = fleet else {
        return;
    };
    let unknown: Vec<String> = expression
        .attribute_names()
        .into_iter()
        .filter(|name| !fleet.contains(name))
        .collect();
    if !unknown.is_empty() {
        findings.push(Finding::new(&MEMBER_OF_UNKNOWN_ATTRIBUTE, path).detail(unknown.join(", ")));
    }
}

struct Container<'a> {
    fields: &'a Map<String, Value>,
    path: String,
}

impl Container<'_> {
    fn path(&self, key: &str) -> String {
        key_path(&self.path, key)
    }

    fn check(
        &self,
        mode: NetworkMode,
        has_execution_role: bool,
        has_task_memory: bool,
        findings: &mut Vec<Finding>,
    ) {
        let has_memory =
            in_use(self.fields.get("memory")) || in_use(self.fields.get("memoryReservation"));
        if !has_memory && !has_task_memory {
            findings.push(Finding::new(&CONTAINER_MEMORY, self.path("memory")));
        }
        for (path, requirement) in elements(self.fields, "resourceRequirements", &self.path) {
            match requirement.get("type").and_then(Value::as_str) {
                Some("GPU") => findings.push(Finding::new(&GPU_REQUIREMENT, path)),
                Some("InferenceAccelerator") => {
                    findings.push(Finding::new(&INFERENCE_ACCELERATOR, path));
                }
                _ => {}
            }
        }
        if !has_execution_role {
            let log_driver = self
                .fields
                .get("logConfiguration")
                .and_then(|log| log.get("logDriver"));
            if log_driver.is_some_and(|driver| driver == "awslogs") {
                findings.push(Finding::new(
                    &AWSLOGS_WITHOUT_EXECUTION_ROLE,
                    key_path(&self.path("logConfiguration"), "logDriver"),
                ));
            }
            let image = self.fields.get("image").and_then(Value::as_str);
            if let Some(image) = image.filter(|image| is_private_ecr(image)) {
                findings.push(
                    Finding::new(&PRIVATE_ECR_WITHOUT_EXECUTION_ROLE, self.path("image"))
                        .detail(image),
                );
            }
        }
        for (path, option) in elements(self.fields, "dockerSecurityOptions", &self.path) {
            if let Some(option) = option
                .as_str()
                .filter(|option| option.starts_with("label:"))
            {
                findings.push(Finding::new(&SELINUX_LABEL, path).detail(option));
            }
        }
        if mode == NetworkMode::Bridge {
            for (path, mapping) in elements(self.fields, "portMappings", &self.path) {
                let host_port = mapping.get("hostPort").and_then(Value::as_u64);
                if let Some(port) = host_port.filter(|port| *port > 0) {
                    findings.push(
                        Finding::new(&FIXED_HOST_PORT, key_path(&path, "hostPort"))
                            .detail(format!("hostPort {port}")),
                    );
                }
            }
        }
    }
}

/// A private ECR image: `ACCOUNT.dkr.ecr[-fips].REGION.amazonaws.com[.cn]/repository[:tag|@digest]`.
fn is_private_ecr(image: &str) -> bool {
    let Some((registry, repository)) = image.split_once('/') else {
        return false;
    };
    let Some((account, rest)) = registry.split_once('.') else {
        return false;
    };
    let is_ecr_host = rest.starts_with("dkr.ecr.") || rest.starts_with("dkr.ecr-fips.");
    let is_aws_domain = rest.ends_with(".amazonaws.com") || rest.ends_with(".amazonaws.com.cn");
    !account.is_empty()
        && account.chars().all(|c| c.is_ascii_digit())
        && is_ecr_host
        && is_aws_domain
        && !repository.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_private_ecr_images() {
        assert!(is_private_ecr(
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.2"
        ));
        assert!(is_private_ecr(
            "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/web@sha256:ab"
        ));
        assert!(is_private_ecr(
            "123456789012.dkr.ecr-fips.us-east-1.amazonaws.com/team/web"
        ));
        assert!(!is_private_ecr("public.ecr.aws/nginx/nginx:latest"));
        assert!(!is_private_ecr("nginx:latest"));
        assert!(!is_private_ecr(
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com/"
        ));
        assert!(!is_private_ecr("example.com/dkr.ecr.x.amazonaws.com/web"));
    }

    #[test]
    fn in_use_ignores_empty_values() {
        assert!(!in_use(None));
        assert!(!in_use(Some(&Value::Null)));
        assert!(!in_use(Some(&serde_json::json!([]))));
        assert!(!in_use(Some(&serde_json::json!({}))));
        assert!(!in_use(Some(&serde_json::json!(""))));
        assert!(in_use(Some(&serde_json::json!([{}]))));
        assert!(in_use(Some(&serde_json::json!(512))));
    }
}
