//! The task definition document the builder edits: a new draft, what an import becomes, and the
//! RegisterTaskDefinition request it turns into.

use serde_json::{Value, json};
use thiserror::Error;

use crate::aws::ecs::{RegisterTaskDefinitionInput, TaskDefinition};
use crate::rules::{Finding, lint_task_definition};

/// What the describe output holds but a registration does not take.
const READ_ONLY_FIELDS: &[&str] = &[
    "taskDefinitionArn",
    "revision",
    "status",
    "requiresAttributes",
    "compatibilities",
    "registeredAt",
    "registeredBy",
    "deregisteredAt",
    "deleteRequestedAt",
];

/// A field a registration cannot go without, with where it is missing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingField {
    pub path: String,
    pub message: &'static str,
}

/// Why the document cannot be sent as it is.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum DocumentError {
    #[error("The JSON does not have the shape of this request: {0}.")]
    Shape(String),
}

/// A new draft: one essential container, bridge networking, EXTERNAL.
pub fn new_draft() -> Value {
    json!({
        "family": "",
        "networkMode": "bridge",
        "requiresCompatibilities": ["EXTERNAL"],
        "containerDefinitions": [
            {"name": "app", "image": "", "essential": true, "memory": 256}
        ]
    })
}

/// What an imported document becomes in the builder: the `describe-task-definition` output
/// (`{"taskDefinition": {...}, "tags": [...]}`) or a pasted registered revision lose the fields
/// AWS sets, leaving the `register-task-definition` input. Any other JSON is kept as it is.
pub fn registrable(document: Value) -> Value {
    let mut document = match document {
        Value::Object(mut outer) if !outer.contains_key("containerDefinitions") => {
            match outer.remove("taskDefinition") {
                Some(Value::Object(mut inner)) => {
                    if let Some(tags) = outer
                        .remove("tags")
                        .filter(|tags| tags.as_array().is_some_and(|t| !t.is_empty()))
                    {
                        inner.insert("tags".to_string(), tags);
                    }
                    Value::Object(inner)
                }
                Some(other) => {
                    outer.insert("taskDefinition".to_string(), other);
                    Value::Object(outer)
                }
                None => Value::Object(outer),
            }
        }
        other => other,
    };
    if let Value::Object(fields) = &mut document {
        for key in READ_ONLY_FIELDS {
            fields.remove(*key);
        }
    }
    document
}

/// The fields RegisterTaskDefinition requires that the document lacks: a family, and a name and
/// an image for every container.
pub fn missing_fields(document: &Value) -> Vec<MissingField> {
    let mut missing = Vec::new();
    if !has_text(document.get("family")) {
        missing.push(MissingField {
            path: "family".to_string(),
            message: "Enter a family name.",
        });
    }
    let containers = document
        .get("containerDefinitions")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    if containers.is_empty() {
        missing.push(MissingField {
            path: "containerDefinitions".to_string(),
            message: "Add at least one container.",
        });
    }
    for (index, container) in containers.iter().enumerate() {
        for (key, message) in [
            ("name", "Enter a name for every container."),
            ("image", "Enter an image for every container."),
        ] {
            if !has_text(container.get(key)) {
                missing.push(MissingField {
                    path: format!("containerDefinitions[{index}].{key}"),
                    message,
                });
            }
        }
    }
    missing
}

fn has_text(value: Option<&Value>) -> bool {
    value
        .and_then(Value::as_str)
        .is_some_and(|text| !text.trim().is_empty())
}

/// The RegisterTaskDefinition request for the document, asking for EXTERNAL when the document
/// names no compatibility.
pub fn register_input(document: &Value) -> Result<RegisterTaskDefinitionInput, DocumentError> {
    let mut input: RegisterTaskDefinitionInput = serde_json::from_value(document.clone())
        .map_err(|error| DocumentError::Shape(error.to_string()))?;
    if input.spec.requires_compatibilities.is_empty() {
        input.spec.requires_compatibilities = vec!["EXTERNAL".to_string()];
    }
    Ok(input)
}

/// The builder document for a registered revision (what "open in the builder" loads).
pub fn document_of(definition: &TaskDefinition) -> Value {
    serde_json::to_value(definition.to_register_input(Vec::new())).unwrap_or(Value::Null)
}

/// Lints a registered revision as the compatibility scan does: the rules, on its registrable part.
pub fn lint_registered(definition: &TaskDefinition) -> Vec<Finding> {
    lint_task_definition(&document_of(definition), None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::has_errors;

    #[test]
    fn a_new_draft_lints_clean_but_lacks_family_and_image() {
        let draft = new_draft();
        assert!(lint_task_definition(&draft, None).is_empty());
        let missing: Vec<String> = missing_fields(&draft).into_iter().map(|m| m.path).collect();
        assert_eq!(missing, ["family", "containerDefinitions[0].image"]);
    }

    #[test]
    fn describe_output_becomes_the_register_input() {
        let described = json!({
            "taskDefinition": {
                "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3",
                "family": "web", "revision": 3, "status": "ACTIVE",
                "compatibilities": ["EC2", "EXTERNAL"], "registeredAt": 1700000000.0,
                "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 128}],
                "requiresAttributes": [{"name": "com.amazonaws.ecs.capability.docker-remote-api.1.18"}]
            },
            "tags": [{"key": "team", "value": "edge"}]
        });
        assert_eq!(
            registrable(described),
            json!({
                "family": "web",
                "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 128}],
                "tags": [{"key": "team", "value": "edge"}]
            })
        );
    }

    #[test]
    fn other_json_is_kept() {
        assert_eq!(registrable(json!([1, 2])), json!([1, 2]));
        assert_eq!(
            registrable(json!({"taskDefinition": 5})),
            json!({"taskDefinition": 5})
        );
    }

    #[test]
    fn register_input_keeps_unknown_fields_and_asks_for_external() {
        let document = json!({
            "family": "web",
            "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 128, "ulimits": []}],
            "pidMode": "host",
            "ephemeralStorage": {"sizeInGiB": 30},
            "tags": [{"key": "team", "value": "edge"}]
        });
        let input = register_input(&document).unwrap();
        assert_eq!(input.spec.requires_compatibilities, ["EXTERNAL"]);
        assert_eq!(input.tags.len(), 1);
        let sent = serde_json::to_value(&input).unwrap();
        assert_eq!(sent["ephemeralStorage"], json!({"sizeInGiB": 30}));
        assert_eq!(sent["containerDefinitions"][0]["ulimits"], json!([]));
        assert_eq!(sent["tags"][0]["key"], "team");
    }

    #[test]
    fn a_wrong_type_is_a_shape_error() {
        let error = register_input(&json!({"family": "web", "cpu": 256})).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("The JSON does not have the shape"),
            "{error}"
        );
    }

    #[test]
    fn registered_revisions_lint_on_their_content() {
        let described: crate::aws::ecs::TaskDefinitionOutput = serde_json::from_value(json!({
            "taskDefinition": {
                "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1",
                "family": "web", "revision": 1, "networkMode": "awsvpc",
                "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 128}]
            }
        }))
        .unwrap();
        let definition = described.task_definition.unwrap();
        let findings = lint_registered(&definition);
        assert!(has_errors(&findings));
        assert_eq!(findings[0].path, "networkMode");
        assert_eq!(document_of(&definition)["family"], "web");
    }
}
