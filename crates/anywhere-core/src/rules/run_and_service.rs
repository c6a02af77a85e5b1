//! Checks of RunTask and CreateService requests against what external instances support.

use serde_json::{Map, Value};

use super::catalog::*;
use super::finding::{Finding, sort_findings};
use super::task_definition::{check_member_of, elements, in_use, show};

/// Lints a RunTask request (`aws ecs run-task --cli-input-json` shape). Never panics; sorted, errors first.
pub fn lint_run_task(document: &Value) -> Vec<Finding> {
    lint_request(document, Subject::RunTask)
}

/// Lints a CreateService request (`aws ecs create-service --cli-input-json` shape). Never panics; sorted,
/// errors first.
pub fn lint_create_service(document: &Value) -> Vec<Finding> {
    lint_request(document, Subject::CreateService)
}

/// Fields whose mere use is refused, each with its rule; a rule's `applies_to` says which requests have it.
const REFUSED_FIELDS: &[(&str, &Rule)] = &[
    ("loadBalancers", &LOAD_BALANCERS),
    ("serviceRegistries", &SERVICE_REGISTRIES),
    ("serviceConnectConfiguration", &SERVICE_CONNECT),
    ("capacityProviderStrategy", &CAPACITY_PROVIDER_STRATEGY),
    ("networkConfiguration", &AWSVPC_NETWORK_CONFIGURATION),
];

fn lint_request(document: &Value, subject: Subject) -> Vec<Finding> {
    let mut findings = Vec::new();
    match document.as_object() {
        Some(fields) => check_request(fields, subject, &mut findings),
        None => findings.push(Finding::new(&NOT_AN_OBJECT, String::new())),
    }
    sort_findings(&mut findings);
    findings
}

fn check_request(fields: &Map<String, Value>, subject: Subject, findings: &mut Vec<Finding>) {
    for (key, rule) in REFUSED_FIELDS {
        if rule.applies_to.contains(&subject) && field_in_use(fields, key) {
            findings.push(Finding::new(rule, key.to_string()));
        }
    }
    if fields.get("enableExecuteCommand") == Some(&Value::Bool(true)) {
        findings.push(Finding::new(
            &EXECUTE_COMMAND,
            "enableExecuteCommand".to_string(),
        ));
    }
    match fields.get("launchType") {
        Some(launch_type) if launch_type == "EXTERNAL" => {}
        None | Some(Value::Null) => {
            // With a capacity provider strategy the request already has its own error; asking for
            // EXTERNAL there as well would only repeat it.
            if !field_in_use(fields, "capacityProviderStrategy") {
                findings.push(Finding::new(&LAUNCH_TYPE_MISSING, "launchType".to_string()));
            }
        }
        Some(other) => findings.push(
            Finding::new(&LAUNCH_TYPE_NOT_EXTERNAL, "launchType".to_string())
                .detail(format!("found {}", show(other))),
        ),
    }
    for (path, constraint) in elements(fields, "placementConstraints", "") {
        if constraint
            .get("type")
            .is_some_and(|kind| kind == "memberOf")
        {
            check_member_of(constraint, &path, None, findings);
        }
    }
}

/// Whether a request field is used; Service Connect switched off with `"enabled": false` is not.
fn field_in_use(fields: &Map<String, Value>, key: &str) -> bool {
    let value = fields.get(key);
    let switched_off = value
        .and_then(|value| value.get("enabled"))
        .is_some_and(|enabled| enabled == false);
    in_use(value) && !switched_off
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn service_connect_switched_off_is_not_in_use() {
        let request = json!({"serviceConnectConfiguration": {"enabled": false}});
        let fields = request.as_object().unwrap();
        assert!(!field_in_use(fields, "serviceConnectConfiguration"));
        let request = json!({"serviceConnectConfiguration": {"enabled": true}});
        let fields = request.as_object().unwrap();
        assert!(field_in_use(fields, "serviceConnectConfiguration"));
    }
}
