//! The console's cluster query language evaluator against the corpus it shares with the sandbox
//! (`tests/fixtures/cluster_query_language.json`; the sandbox runs the same file in
//! `sandbox/tests/test_cql.py`), so the two cannot drift apart.

use std::collections::BTreeSet;

use anywhere_core::aws::timestamp::parse_iso8601_millis;
use anywhere_core::rules::{Candidate, HostAttributes, parse_expression};
use serde_json::Value;

fn corpus() -> Value {
    let text = include_str!("fixtures/cluster_query_language.json");
    serde_json::from_str(text).expect("the corpus is JSON")
}

fn candidate(host: &Value) -> Candidate {
    let attributes: HostAttributes = host["attributes"]
        .as_object()
        .expect("attributes")
        .iter()
        .map(|(name, value)| (name.clone(), value.as_str().map(str::to_owned)))
        .collect();
    Candidate {
        attributes: Some(attributes),
        agent_connected: host["agentConnected"].as_bool(),
        agent_version: host["agentVersion"].as_str().map(str::to_owned),
        ec2_instance_id: host["ec2InstanceId"].as_str().map(str::to_owned),
        registered_at_millis: host["registeredAt"].as_str().and_then(parse_iso8601_millis),
        running_tasks_count: host["runningTasksCount"].as_u64(),
        task_groups: host["taskGroups"].as_array().map(|groups| {
            groups
                .iter()
                .map(|group| group.as_str().expect("group").to_owned())
                .collect()
        }),
    }
}

fn expression(case: &Value) -> String {
    let text = case["expression"].as_str().expect("expression").to_owned();
    match case["padTo"].as_u64() {
        Some(length) => format!("{text:<width$}", width = length as usize),
        None => text,
    }
}

#[test]
fn the_console_agrees_with_the_corpus() {
    let corpus = corpus();
    let hosts: Vec<(String, Candidate)> = corpus["hosts"]
        .as_object()
        .expect("hosts")
        .iter()
        .map(|(name, host)| (name.clone(), candidate(host)))
        .collect();
    let cases = corpus["cases"].as_array().expect("cases");
    assert!(cases.len() > 50, "the corpus has {} cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let text = expression(case);
        let parsed = parse_expression(&text);
        if case["invalid"] == true {
            if let Ok(expr) = parsed {
                failures.push(format!("{text:?} should be refused, parsed as {expr:?}"));
            }
            continue;
        }
        let expr = match parsed {
            Ok(expr) => expr,
            Err(error) => {
                failures.push(format!("{text:?} should parse: {error}"));
                continue;
            }
        };
        let expected: BTreeSet<&str> = case["matches"]
            .as_array()
            .expect("matches")
            .iter()
            .map(|name| name.as_str().expect("host name"))
            .collect();
        // Where the console's pattern engine stops, it must say "unknown" for the hosts whose
        // value the pattern decides, and still be right for the others (a missing attribute).
        let undecided = case["core"] == "unknown";
        let mut unknowns = 0;
        for (name, host) in &hosts {
            let answer = expr.evaluate(host);
            let wanted = Some(expected.contains(name.as_str()));
            unknowns += usize::from(answer.is_none());
            if answer != wanted && !(undecided && answer.is_none()) {
                failures.push(format!(
                    "{text:?} on {name}: {answer:?}, expected {wanted:?}"
                ));
            }
        }
        if undecided && unknowns == 0 {
            failures.push(format!(
                "{text:?}: the console decided every host; drop `core`"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_case_names_its_source_and_its_hosts() {
    let corpus = corpus();
    let hosts = corpus["hosts"].as_object().expect("hosts");
    for case in corpus["cases"].as_array().expect("cases") {
        assert!(case["source"].is_string(), "{case}");
        assert!(
            case["invalid"] == true || case["matches"].is_array(),
            "{case}"
        );
        for name in case["matches"].as_array().into_iter().flatten() {
            assert!(hosts.contains_key(name.as_str().unwrap_or("")), "{case}");
        }
    }
}
