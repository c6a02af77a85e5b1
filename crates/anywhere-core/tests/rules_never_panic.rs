//! Property tests: no JSON value, no text, makes the validators, the importer or the expression parser panic.

use anywhere_core::rules::{
    FleetAttributes, full_match, lint_create_service, lint_run_task, lint_task_definition,
    parse_expression, parse_json,
};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Keys the validators look at, mixed with arbitrary ones, so that generated documents reach the checks.
const KEYS: &[&str] = &[
    "taskDefinition",
    "containerDefinitions",
    "networkMode",
    "requiresCompatibilities",
    "inferenceAccelerators",
    "proxyConfiguration",
    "volumes",
    "efsVolumeConfiguration",
    "fsxWindowsFileServerVolumeConfiguration",
    "placementConstraints",
    "type",
    "expression",
    "memory",
    "memoryReservation",
    "resourceRequirements",
    "logConfiguration",
    "logDriver",
    "image",
    "executionRoleArn",
    "portMappings",
    "hostPort",
    "loadBalancers",
    "serviceRegistries",
    "serviceConnectConfiguration",
    "enabled",
    "capacityProviderStrategy",
    "networkConfiguration",
    "enableExecuteCommand",
    "launchType",
];

const STRINGS: &[&str] = &[
    "awsvpc",
    "bridge",
    "GPU",
    "InferenceAccelerator",
    "memberOf",
    "distinctInstance",
    "EXTERNAL",
    "awslogs",
    "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web",
    "attribute:stack == prod",
    "attribute:a in [x, (",
];

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(KEYS).prop_map(String::from),
        1 => ".{0,8}",
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        proptest::sample::select(STRINGS).prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(6, 96, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..8)
                .prop_map(|fields| Value::Object(fields.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn validators_never_panic(document in json_value()) {
        let fleet: FleetAttributes = ["stack".to_string()].into();
        let with_fleet = lint_task_definition(&document, Some(&fleet));
        let without_fleet = lint_task_definition(&document, None);
        // The fleet only adds warnings; it never removes a finding.
        prop_assert!(with_fleet.len() >= without_fleet.len());
        let _ = lint_run_task(&document);
        let _ = lint_create_service(&document);
    }

    #[test]
    fn importer_never_panics(text in ".{0,200}") {
        if let Err(error) = parse_json(&text) {
            prop_assert!(error.line >= 1 && error.column >= 1);
            prop_assert!(!error.message.is_empty());
        }
    }

    #[test]
    fn importer_reads_what_serde_writes(document in json_value()) {
        // Floats may not round-trip exactly through text, so compare with serde_json's own reading.
        let text = serde_json::to_string_pretty(&document).unwrap();
        let expected: Value = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(parse_json(&text).unwrap(), expected);
    }

    #[test]
    fn importer_survives_json_like_noise(text in r#"[\[\]{}",:0-9a-z \n\\-]{0,200}"#) {
        let _ = parse_json(&text);
    }

    #[test]
    fn expression_parser_never_panics(text in r#"[a-z:.=!<>~&|()\[\], *'"]{0,80}"#) {
        if let Ok(expr) = parse_expression(&text) {
            prop_assert_eq!(parse_expression(&expr.to_string()), Ok(expr.clone()));
        }
    }

    #[test]
    fn pattern_engine_never_panics(pattern in r"[a-c.*+?|()\[\]{}^$\\0-9,:<=!dwsQEpx-]{0,40}", text in "[a-c0-9 -]{0,20}") {
        let _ = full_match(&pattern, &text);
    }
}

#[test]
fn deeply_nested_json_is_an_error_not_a_crash() {
    let text = "[".repeat(10_000) + &"]".repeat(10_000);
    let error = parse_json(&text).unwrap_err();
    assert_eq!(error.line, 1);
    assert!(error.message.contains("recursion"), "{}", error.message);
}

#[test]
fn a_hundred_thousand_clauses_are_a_finding_not_a_crash() {
    let expression = vec!["attribute:a == b"; 100_000].join(" and ");
    let document = serde_json::json!({
        "family": "web",
        "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 128}],
        "placementConstraints": [{"type": "memberOf", "expression": expression}],
    });
    let findings = lint_task_definition(&document, None);
    let syntax: Vec<&str> = findings
        .iter()
        .filter(|finding| finding.rule_id == "member-of-syntax")
        .map(|finding| finding.message.as_str())
        .collect();
    assert_eq!(syntax.len(), 1, "{findings:?}");
    assert!(
        syntax[0].contains("ECS accepts at most 2000"),
        "{}",
        syntax[0]
    );
}

#[test]
fn the_deepest_expression_allowed_evaluates_prints_and_drops() {
    let depth = anywhere_core::rules::MAX_DEPTH;
    let text = format!(
        "{}attribute:a exists{}",
        "not (".repeat(depth / 2),
        ")".repeat(depth / 2)
    );
    let expr = parse_expression(&text).unwrap();
    assert_eq!(parse_expression(&expr.to_string()), Ok(expr.clone()));
    let deeper = format!(
        "{}attribute:a exists{}",
        "(".repeat(depth + 1),
        ")".repeat(depth + 1)
    );
    assert!(parse_expression(&deeper).is_err());
}
