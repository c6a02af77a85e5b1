//! CSV and JSON exports of the shown rows, the per-cluster summary and its SVG bars.

use anywhere_core::aws::ecs::ContainerInstance;
use anywhere_core::aws::ssm::InstanceInformation;
use anywhere_core::fleet::export::csv_field;
use anywhere_core::fleet::{
    BarSegment, Capacity, HealthPolicy, Host, Version, bar_svg, capacity_segments, health_segments,
    summarize, to_csv, to_json,
};
use serde_json::{Value, json};

fn host(cluster: &str, index: usize, extra: Value) -> Host {
    let mut ecs = json!({
        "containerInstanceArn": format!("arn:aws:ecs:eu-west-1:1:container-instance/{cluster}/{index}"),
        "ec2InstanceId": format!("mi-{index:017x}"),
        "status": "ACTIVE",
        "agentConnected": true,
        "runningTasksCount": 2,
        "pendingTasksCount": 1,
        "versionInfo": {"agentVersion": "1.89.2", "dockerVersion": "DockerVersion: 25.0.6"},
        "registeredResources": [
            {"name": "CPU", "type": "INTEGER", "integerValue": 2048},
            {"name": "MEMORY", "type": "INTEGER", "integerValue": 4000}
        ],
        "remainingResources": [
            {"name": "CPU", "type": "INTEGER", "integerValue": 1024},
            {"name": "MEMORY", "type": "INTEGER", "integerValue": 3000}
        ],
        "attributes": [{"name": "ecs.cpu-architecture", "value": "x86_64"}],
        "registeredAt": 1767225600
    });
    for (key, value) in extra.as_object().unwrap() {
        ecs[key] = value.clone();
    }
    let instance: ContainerInstance = serde_json::from_value(ecs).unwrap();
    let ssm: InstanceInformation = serde_json::from_value(json!({
        "InstanceId": format!("mi-{index:017x}"),
        "PingStatus": "Online",
        "ComputerName": format!("edge-{index}"),
        "IPAddress": "10.0.0.1",
        "PlatformName": "Ubuntu",
        "PlatformVersion": "22.04"
    }))
    .unwrap();
    Host::new(cluster, instance, Some(ssm))
}

fn policy() -> HealthPolicy {
    HealthPolicy {
        latest_agent_version: Version::parse("1.89.2"),
    }
}

/// Splits RFC 4180 text into records of fields, as a spreadsheet would read it.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "records end with CRLF");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => {
                assert!(c != '\n' && c != '"', "bare {c:?} outside quotes");
                field.push(c);
            }
        }
    }
    assert!(field.is_empty() && record.is_empty(), "text ends with CRLF");
    records
}

#[test]
fn csv_fields_are_quoted_and_defused() {
    let cases = [
        ("plain", "plain"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("cr\rhere", "\"cr\rhere\""),
        (
            "=HYPERLINK(\"http://x\")",
            "\"'=HYPERLINK(\"\"http://x\"\")\"",
        ),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("a=b", "a=b"),
        ("", ""),
    ];
    for (input, expected) in cases {
        assert_eq!(csv_field(input), expected, "{input:?}");
    }
}

#[test]
fn csv_export_of_the_shown_rows_in_order() {
    let hostile = host(
        "prod",
        1,
        json!({
            "attributes": [
                {"name": "ecs.cpu-architecture", "value": "arm64"},
                {"name": "note", "value": "=cmd|' /C calc'!A0"},
                {"name": "site", "value": "munich, \"north\""}
            ],
            "tags": [{"key": "owner", "value": "ops\nteam"}]
        }),
    );
    let hosts = vec![
        host("prod", 0, json!({})),
        hostile,
        host("prod", 2, json!({})),
    ];
    let text = to_csv(&hosts, &[1, 0], &policy());
    let records = parse_csv(&text);
    assert_eq!(records.len(), 3);
    let header = &records[0];
    assert_eq!(&header[..3], &["id", "hostname", "cluster"]);
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert!(records.iter().all(|r| r.len() == header.len()));
    let first = &records[1];
    assert_eq!(first[column("id")], "mi-00000000000000001");
    assert_eq!(first[column("arch")], "arm64");
    assert_eq!(
        first[column("attributes")],
        "note==cmd|' /C calc'!A0; site=munich, \"north\""
    );
    assert_eq!(first[column("tags")], "owner=ops\nteam");
    assert_eq!(records[2][column("id")], "mi-00000000000000000");
    assert_eq!(records[2][column("cpu_used")], "1024");
    assert_eq!(records[2][column("memory_total")], "4000");
    assert_eq!(records[2][column("registered_at")], "2026-01-01T00:00:00Z");
    assert_eq!(records[2][column("docker_version")], "25.0.6");
    assert_eq!(records[2][column("health")], "Healthy");
    assert_eq!(records[2][column("agent_connected")], "true");
    assert_eq!(records[2][column("last_ping")], "");
    // No cell a spreadsheet would evaluate.
    for record in &records {
        for cell in record {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell:?}");
        }
    }
    assert_eq!(parse_csv(&to_csv(&hosts, &[], &policy())).len(), 1);
}

#[test]
fn json_export_keeps_types() {
    let hosts = vec![
        host(
            "prod",
            0,
            json!({"tags": [{"key": "team", "value": "edge"}]}),
        ),
        host(
            "prod",
            1,
            json!({"agentConnected": false, "versionInfo": {}}),
        ),
    ];
    let value: Value = serde_json::from_str(&to_json(&hosts, &[1, 0], &policy())).unwrap();
    let rows = value.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["id"], "mi-00000000000000001");
    assert_eq!(rows[0]["agent_connected"], false);
    assert_eq!(rows[0]["agent_version"], Value::Null);
    assert_eq!(rows[0]["health"], "ECS agent disconnected");
    assert!(
        rows[0]["health_reason"]
            .as_str()
            .unwrap()
            .contains("not connected")
    );
    assert_eq!(rows[1]["running_tasks"], 2);
    assert_eq!(rows[1]["cpu_total"], 2048);
    assert_eq!(rows[1]["tags"], json!({"team": "edge"}));
    assert_eq!(rows[1]["attributes"], json!({}));
    assert_eq!(rows[1]["os"], "Ubuntu 22.04");
}

#[test]
fn summary_per_cluster() {
    let hosts = vec![
        host("prod", 0, json!({})),
        host("prod", 1, json!({"status": "DRAINING"})),
        host(
            "prod",
            2,
            json!({"agentConnected": false, "runningTasksCount": 0}),
        ),
        host("lab", 3, json!({"versionInfo": {"agentVersion": "1.70.0"}})),
    ];
    let summaries = summarize(&hosts, &policy());
    let names: Vec<&str> = summaries.iter().map(|s| s.cluster.as_str()).collect();
    assert_eq!(names, vec!["lab", "prod"]);
    let prod = &summaries[1];
    assert_eq!(
        (prod.total, prod.connected, prod.disconnected, prod.draining),
        (3, 2, 1, 1)
    );
    assert_eq!((prod.running_tasks, prod.pending_tasks), (4, 3));
    assert_eq!(
        prod.cpu,
        Capacity {
            registered: 6144,
            remaining: 3072
        }
    );
    assert_eq!(prod.memory.used(), 3000);
    let present: Vec<(&str, usize)> = prod
        .health
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(h, n)| (h.label(), *n))
        .collect();
    assert_eq!(
        present,
        vec![
            ("ECS agent disconnected", 1),
            ("Draining", 1),
            ("Healthy", 1)
        ]
    );
    let lab_segments = health_segments(&summaries[0]);
    assert_eq!(lab_segments.len(), 1);
    assert_eq!(lab_segments[0].label, "Outdated agent");
}

fn rect_widths(svg: &str) -> Vec<f64> {
    svg.split("<rect ")
        .skip(1)
        .map(|rect| {
            let start = rect.find("width=\"").unwrap() + 7;
            let end = rect[start..].find('"').unwrap() + start;
            rect[start..end].parse().unwrap()
        })
        .collect()
}

#[test]
fn svg_bars_escape_text_and_fill_the_width() {
    let segments = vec![
        BarSegment {
            label: "<script>alert(\"x\")</script> & 'co'".into(),
            count: 1,
            fill: "#1d8102",
        },
        BarSegment {
            label: "empty".into(),
            count: 0,
            fill: "#d13212",
        },
        BarSegment {
            label: "two".into(),
            count: 2,
            fill: "#0073bb",
        },
    ];
    let svg = bar_svg("Cluster \"a<b\"", &segments);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.ends_with("</svg>"));
    assert!(!svg.contains("<script>"));
    assert!(
        svg.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;: 1")
    );
    assert!(svg.contains("aria-label=\"Cluster &quot;a&lt;b&quot;: "));
    assert!(!svg.contains("empty"), "zero segments are not drawn");
    let widths = rect_widths(&svg);
    assert_eq!(widths.len(), 2);
    assert!(
        (widths.iter().sum::<f64>() - 200.0).abs() < 0.02,
        "{widths:?}"
    );
    assert!((widths[1] - 2.0 * widths[0]).abs() < 0.02, "{widths:?}");

    let empty = bar_svg("Nothing", &[]);
    assert_eq!(rect_widths(&empty), vec![200.0]);
    assert!(empty.contains("Nothing: none"));

    let capacity = bar_svg(
        "CPU",
        &capacity_segments(Capacity {
            registered: 3000,
            remaining: 1000,
        }),
    );
    assert!(capacity.contains("Used: 2000") && capacity.contains("Remaining: 1000"));
    let widths = rect_widths(&capacity);
    assert!((widths[0] - 133.33).abs() < 0.02, "{widths:?}");
}

/// A column declared in `COLUMNS` reaches the exports, the table's cells, the sort and, as a facet,
/// the counts and the URL: declaring it is the whole change.
#[test]
fn every_declared_column_reaches_every_consumer() {
    use anywhere_core::fleet::{COLUMNS, FleetIndex, Sort, ViewState, facet_counts, view};
    let hosts = vec![
        host(
            "prod",
            0,
            json!({
                "attributes": [{"name": "ecs.cpu-architecture", "value": "arm64"}, {"name": "site", "value": "munich"}],
                "tags": [{"key": "team", "value": "edge"}]
            }),
        ),
        host("prod", 1, json!({"agentConnected": false})),
    ];
    let csv = parse_csv(&to_csv(&hosts, &[0, 1], &policy()));
    let json: Value = serde_json::from_str(&to_json(&hosts, &[0, 1], &policy())).unwrap();
    let index = FleetIndex::new(&hosts, &policy());
    let counted: Vec<&str> = facet_counts(&hosts, &ViewState::default(), &policy())
        .iter()
        .map(|counts| counts.column.key)
        .collect();
    for column in COLUMNS {
        assert!(
            csv[0].iter().any(|key| key == column.key),
            "{column:?} in the CSV"
        );
        assert!(json[0].get(column.key).is_some(), "{column:?} in the JSON");
        let exported = &csv[1][csv[0].iter().position(|key| key == column.key).unwrap()];
        let shown = index.cell(0, column);
        if !matches!(column.key, "attributes" | "tags" | "agent_connected") {
            assert_eq!(
                shown, exported,
                "{column:?}: the cell shows what the CSV holds"
            );
        }
        let state = ViewState {
            sort: Some(Sort {
                column,
                descending: true,
            }),
            ..ViewState::default()
        };
        assert_eq!(
            ViewState::from_query_string(&state.to_query_string()),
            state
        );
        assert_eq!(view(&hosts, &state, &policy()).len(), 2, "{column:?} sorts");
        if let Some(facet) = column.facet {
            assert!(counted.contains(&column.key), "{column:?} is counted");
            // A facet value is one value of the host's (one pair for attributes and tags), not
            // the cell's text, which isolates each pair.
            let mut value = None;
            (column.value)(&hosts[0], &policy()).facet_values(&mut |text| {
                value.get_or_insert_with(|| text.to_owned());
            });
            let mut selected = ViewState::default();
            selected.toggle(column, value.as_deref().unwrap_or_default());
            let text = selected.to_query_string();
            assert!(text.starts_with(&format!("{}=", facet.key)), "{text}");
            assert_eq!(ViewState::from_query_string(&text), selected);
            assert!(
                !view(&hosts, &selected, &policy()).is_empty(),
                "{column:?} filters"
            );
        }
    }
}
