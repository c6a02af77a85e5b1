//! The console's regions against botocore: the checked-in extract of `endpoints.json` and the tables
//! generated from it agree with the sandbox venv's botocore, and every region the console offers
//! resolves, for every service it calls, to the host botocore's endpoint rules give.

mod aws_support;

use std::process::Command;

use anywhere_core::region::{PARTITIONS, REGIONS, Region, SERVICES};
use anywhere_core::rules::Pattern;
use aws_support::{python, run_python_script, workspace_root};
use serde_json::{Value, json};

fn extract() -> Value {
    let text = include_str!("../data/endpoints.json");
    serde_json::from_str(text).expect("data/endpoints.json is JSON")
}

#[test]
fn the_extract_and_the_tables_are_what_botocore_gives() {
    let output = Command::new(python())
        .arg(workspace_root().join("scripts/refresh_endpoints.py"))
        .arg("--check")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_tables_hold_every_public_partition_of_the_extract() {
    let extract = extract();
    let public: Vec<&Value> = extract["partitions"]
        .as_array()
        .expect("partitions")
        .iter()
        .filter(|p| !p["partition"].as_str().unwrap_or("").starts_with("aws-iso"))
        .collect();
    assert_eq!(public.len(), PARTITIONS.len());
    let mut expected_regions = Vec::new();
    for (data, partition) in public.iter().zip(PARTITIONS) {
        assert_eq!(data["partition"], partition.id());
        assert_eq!(data["partitionName"], partition.label());
        assert_eq!(data["dnsSuffix"], partition.dns_suffix());
        let regex = Pattern::compile(data["regionRegex"].as_str().unwrap()).unwrap();
        for (code, region) in data["regions"].as_object().expect("regions") {
            expected_regions.push((code.clone(), region["description"].clone(), partition.id()));
            assert_eq!(regex.full_match(code), Some(true), "{code}");
            assert_eq!(Region::new(code).unwrap().partition(), partition, "{code}");
        }
    }
    let offered: Vec<(String, Value, &str)> = REGIONS
        .iter()
        .map(|r| (r.code.to_owned(), json!(r.name), r.partition.id()))
        .collect();
    assert_eq!(offered, expected_regions);
}

#[test]
fn every_offered_region_reaches_the_hosts_botocore_would_use() {
    let regions: Vec<&str> = REGIONS.iter().map(|r| r.code).collect();
    let answer = run_python_script(
        "botocore_endpoints.py",
        &json!({"regions": regions, "services": SERVICES}),
    );
    let botocore: Value = serde_json::from_str(&answer).unwrap();
    let mut differences = Vec::new();
    for info in REGIONS {
        let region = Region::new(info.code).unwrap();
        for service in SERVICES {
            let expected = botocore[info.code][service].as_str().unwrap_or("(none)");
            let ours = region.service_host(service);
            assert_eq!(info.service_host(service), ours);
            if ours != expected {
                differences.push(format!(
                    "{} {service}: {ours}, botocore {expected}",
                    info.code
                ));
            }
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
    assert!(REGIONS.len() * SERVICES.len() >= 150);
}
