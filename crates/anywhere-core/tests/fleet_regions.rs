//! The fleet of several regions against a fake ECS/SSM per region: every region loaded at once
//! with a one-region load's requests, regions that are not enabled skipped and listed, a failing
//! region reported alone, and stale rows kept per region.

mod fixed_clock;

use fixed_clock::{FixedClock, InFlight, client_in};

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::ops::ControlFlow;

use anywhere_core::aws::client::{Client, Transport, TransportError};
use anywhere_core::aws::{AuthFailure, AwsError, HttpRequest, HttpResponse};
use anywhere_core::fleet::{
    Gap, HealthPolicy, Host, LoadEvent, LoadFailure, LoadOptions, RegionEvent, RegionEventKind,
    RegionOutcome, RegionReport, credentials_rejected, is_region_unavailable, keep_last_known,
    load_regions, summarize,
};
use serde_json::{Value, json};

/// How a fake region answers.
#[derive(Clone)]
enum Answer {
    /// Its clusters, by name, with their host counts.
    Fleet(Vec<(&'static str, usize)>),
    /// Every call: `code` with `status`.
    Refuse(u16, &'static str),
}

/// ECS and SSM of several regions, told apart by the request's host (`ecs.REGION.amazonaws.com`).
struct FakeRegions {
    regions: BTreeMap<&'static str, Answer>,
    /// Every request as `region operation`, in the order sent.
    log: RefCell<Vec<String>>,
    /// Polls each request stays pending, so the regions' requests overlap.
    pending_polls: usize,
    in_flight: InFlight,
}

fn respond(status: u16, body: Value) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![],
        body: body.to_string(),
    }
}

impl FakeRegions {
    fn new(regions: &[(&'static str, Answer)]) -> Self {
        FakeRegions {
            regions: regions.iter().cloned().collect(),
            log: RefCell::new(Vec::new()),
            pending_polls: 2,
            in_flight: InFlight::default(),
        }
    }

    fn calls(&self, region: &str) -> Vec<String> {
        self.log
            .borrow()
            .iter()
            .filter_map(|line| line.strip_prefix(&format!("{region} ")))
            .map(str::to_owned)
            .collect()
    }

    fn answer(&self, region: &str, operation: &str, body: &Value) -> HttpResponse {
        let clusters = match &self.regions[region] {
            Answer::Refuse(status, code) => {
                return respond(
                    *status,
                    json!({"__type": code, "message": "The security token included in the request is invalid."}),
                );
            }
            Answer::Fleet(clusters) => clusters,
        };
        let arn =
            |kind: &str, rest: &str| format!("arn:aws:ecs:{region}:123456789012:{kind}/{rest}");
        match operation {
            "ListClusters" => respond(
                200,
                json!({"clusterArns": clusters.iter().map(|(name, _)| arn("cluster", name)).collect::<Vec<_>>()}),
            ),
            "ListContainerInstances" => {
                let cluster = body["cluster"].as_str().unwrap();
                let count = clusters
                    .iter()
                    .find(|(name, _)| *name == cluster)
                    .unwrap()
                    .1;
                let start: usize = body["nextToken"].as_str().map_or(0, |t| t.parse().unwrap());
                let end = (start + 100).min(count);
                let arns: Vec<String> = (start..end)
                    .map(|i| arn("container-instance", &format!("{cluster}/{i:032x}")))
                    .collect();
                let mut output = json!({"containerInstanceArns": arns});
                if end < count {
                    output["nextToken"] = json!(end.to_string());
                }
                respond(200, output)
            }
            "DescribeContainerInstances" => {
                let instances: Vec<Value> = body["containerInstances"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|arn| {
                        let index = arn.as_str().unwrap().rsplit('/').next().unwrap();
                        json!({
                            "containerInstanceArn": arn,
                            "ec2InstanceId": format!("mi-{}", &index[15..]),
                            "status": "ACTIVE",
                            "agentConnected": true
                        })
                    })
                    .collect();
                respond(
                    200,
                    json!({"containerInstances": instances, "failures": []}),
                )
            }
            "DescribeInstanceInformation" => {
                let records: Vec<Value> = body["Filters"][0]["Values"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|id| json!({"InstanceId": id, "PingStatus": "Online"}))
                    .collect();
                respond(200, json!({"InstanceInformationList": records}))
            }
            other => panic!("unexpected operation {other}"),
        }
    }
}

impl Transport for &FakeRegions {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let host = request.url.split('/').nth(2).unwrap().to_owned();
        let region = host.split('.').nth(1).unwrap().to_owned();
        let target = request.header("x-amz-target").unwrap();
        let operation = target.rsplit('.').next().unwrap().to_owned();
        self.log.borrow_mut().push(format!("{region} {operation}"));
        self.in_flight.hold(self.pending_polls).await;
        let body: Value = serde_json::from_str(&request.body).unwrap();
        Ok(self.answer(&region, &operation, &body))
    }
}

struct Loaded {
    hosts: Vec<Host>,
    events: Vec<RegionEvent>,
    reports: Vec<RegionReport>,
}

impl Loaded {
    fn failures(&self) -> Vec<&LoadFailure> {
        self.events
            .iter()
            .filter_map(|event| match &event.kind {
                RegionEventKind::Load(LoadEvent::Failed(failure)) => Some(failure),
                _ => None,
            })
            .collect()
    }

    fn skipped(&self) -> Vec<&str> {
        self.events
            .iter()
            .filter(|event| matches!(event.kind, RegionEventKind::Skipped(_)))
            .map(|event| event.region.as_str())
            .collect()
    }

    fn outcome(&self, region: &str) -> &RegionOutcome {
        &self
            .reports
            .iter()
            .find(|report| report.region == region)
            .unwrap()
            .outcome
    }
}

fn load(fake: &FakeRegions, regions: &[&str], home: Option<&str>) -> Loaded {
    let clients: Vec<Client<&FakeRegions, FixedClock>> =
        regions.iter().map(|code| client_in(fake, code)).collect();
    let clients: Vec<&Client<&FakeRegions, FixedClock>> = clients.iter().collect();
    let mut events = Vec::new();
    // This fake pages without applying filters: each cluster is listed as one chain (the parts a
    // long cluster is listed in are tested in fleet_load.rs, against a fake that filters).
    let reports = pollster::block_on(load_regions(
        &clients,
        home,
        LoadOptions::one_chain(LoadOptions::default().max_pages_in_flight),
        |event| {
            events.push(event);
            ControlFlow::Continue(())
        },
    ));
    let hosts = events
        .iter()
        .filter_map(|event| match &event.kind {
            RegionEventKind::Load(LoadEvent::Rows(rows)) => Some(rows.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    Loaded {
        hosts,
        events,
        reports,
    }
}

fn regions_of(hosts: &[Host]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for host in hosts {
        *counts
            .entry(host.region().unwrap_or_default().to_owned())
            .or_default() += 1;
    }
    counts
}

#[test]
fn every_region_loads_at_once_with_a_one_region_request_count() {
    let fake = FakeRegions::new(&[
        ("us-east-1", Answer::Fleet(vec![("edge", 120), ("lab", 2)])),
        ("eu-west-1", Answer::Fleet(vec![("edge", 30)])),
    ]);
    let loaded = load(&fake, &["us-east-1", "eu-west-1"], Some("us-east-1"));
    assert_eq!(
        regions_of(&loaded.hosts),
        BTreeMap::from([("eu-west-1".to_owned(), 30), ("us-east-1".to_owned(), 122)])
    );
    assert!(loaded.hosts.iter().all(|host| host.ssm().is_some()));
    // Per region exactly what one region's load takes: one ListClusters, then per cluster
    // ⌈N/100⌉ lists and one describe per page, and ⌈N/50⌉ lookups over the region's hosts.
    let count = |region: &str, operation: &str| {
        fake.calls(region)
            .iter()
            .filter(|call| *call == operation)
            .count()
    };
    for (region, lists, describes, lookups) in [("us-east-1", 3, 3, 3), ("eu-west-1", 1, 1, 1)] {
        assert_eq!(count(region, "ListClusters"), 1, "{region}");
        assert_eq!(count(region, "ListContainerInstances"), lists, "{region}");
        assert_eq!(
            count(region, "DescribeContainerInstances"),
            describes,
            "{region}"
        );
        assert_eq!(
            count(region, "DescribeInstanceInformation"),
            lookups,
            "{region}"
        );
    }
    // In parallel: both regions' first calls are out before either answers.
    let log = fake.log.borrow();
    assert_eq!(
        log[..2],
        ["us-east-1 ListClusters", "eu-west-1 ListClusters"]
    );
    assert!(fake.in_flight.most() >= 2);
    // The last progress counts every region's hosts, and knows the total.
    let last_progress = loaded
        .events
        .iter()
        .rev()
        .find_map(|event| match event.kind {
            RegionEventKind::Progress {
                loaded,
                listed,
                total_known,
            } => Some((loaded, listed, total_known)),
            _ => None,
        });
    assert_eq!(last_progress, Some((152, 152, true)));
    let clusters: Vec<(&str, &Vec<String>)> = loaded
        .events
        .iter()
        .filter_map(|event| match &event.kind {
            RegionEventKind::Clusters(names) => Some((event.region.as_str(), names)),
            _ => None,
        })
        .collect();
    assert_eq!(clusters.len(), 2);
    assert!(
        matches!(loaded.outcome("eu-west-1"), RegionOutcome::Loaded(report) if report.loaded == 30)
    );
}

#[test]
fn regions_not_enabled_are_skipped_and_listed_not_failed() {
    let fake = FakeRegions::new(&[
        ("us-east-1", Answer::Fleet(vec![("edge", 3)])),
        (
            "af-south-1",
            Answer::Refuse(400, "UnrecognizedClientException"),
        ),
        ("me-south-1", Answer::Refuse(400, "OptInRequired")),
    ]);
    let loaded = load(
        &fake,
        &["us-east-1", "af-south-1", "me-south-1"],
        Some("us-east-1"),
    );
    assert_eq!(loaded.hosts.len(), 3);
    assert_eq!(loaded.skipped(), ["af-south-1", "me-south-1"]);
    assert!(loaded.failures().is_empty());
    assert!(matches!(
        loaded.outcome("af-south-1"),
        RegionOutcome::Skipped(_)
    ));
    // A skipped region costs its one refused call and nothing more.
    assert_eq!(fake.calls("af-south-1"), ["ListClusters"]);
    assert_eq!(credentials_rejected(&loaded.reports), None);
}

#[test]
fn a_rejected_key_in_the_home_region_or_everywhere_is_a_credentials_problem() {
    let fake = FakeRegions::new(&[
        (
            "us-east-1",
            Answer::Refuse(400, "UnrecognizedClientException"),
        ),
        (
            "eu-west-1",
            Answer::Refuse(400, "UnrecognizedClientException"),
        ),
    ]);
    let loaded = load(&fake, &["us-east-1", "eu-west-1"], Some("us-east-1"));
    // The home region is enabled, so its rejection is the key's: a failure, not a skip.
    assert_eq!(loaded.skipped(), ["eu-west-1"]);
    let failures = loaded.failures();
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].region.as_deref(), Some("us-east-1"));
    assert_eq!(failures[0].gap, Gap::Clusters);

    // Without the home region among them, every region rejecting the key says the key is wrong.
    let loaded = load(&fake, &["us-east-1", "eu-west-1"], Some("ap-south-1"));
    assert_eq!(loaded.skipped().len(), 2);
    assert!(matches!(
        credentials_rejected(&loaded.reports),
        Some(AwsError::Authentication {
            reason: AuthFailure::UnknownAccessKey,
            ..
        })
    ));
}

#[test]
fn a_failing_region_is_named_and_the_others_still_load() {
    let fake = FakeRegions::new(&[
        ("us-east-1", Answer::Fleet(vec![("edge", 4)])),
        ("eu-west-1", Answer::Refuse(500, "ServerException")),
    ]);
    let loaded = load(&fake, &["us-east-1", "eu-west-1"], Some("us-east-1"));
    assert_eq!(
        regions_of(&loaded.hosts),
        BTreeMap::from([("us-east-1".to_owned(), 4)])
    );
    let failures = loaded.failures();
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].gap, Gap::Clusters);
    assert_eq!(failures[0].operation(), "ListClusters");
    let message = failures[0].user_message();
    assert!(
        message.starts_with(
            "eu-west-1: ListClusters failed: the clusters of region eu-west-1 could not be listed"
        ),
        "{message}"
    );
    assert!(matches!(
        loaded.outcome("eu-west-1"),
        RegionOutcome::Failed(AwsError::Server { .. })
    ));
    assert!(loaded.skipped().is_empty());
}

#[test]
fn stopping_stops_every_region() {
    let fake = FakeRegions::new(&[
        ("us-east-1", Answer::Fleet(vec![("edge", 500)])),
        ("eu-west-1", Answer::Fleet(vec![("edge", 500)])),
    ]);
    let clients: Vec<Client<&FakeRegions, FixedClock>> = ["us-east-1", "eu-west-1"]
        .iter()
        .map(|code| client_in(&fake, code))
        .collect();
    let clients: Vec<&Client<&FakeRegions, FixedClock>> = clients.iter().collect();
    let mut sent_at_stop = None;
    let reports = pollster::block_on(load_regions(
        &clients,
        None,
        LoadOptions::one_chain(LoadOptions::default().max_pages_in_flight),
        |event| {
            if matches!(event.kind, RegionEventKind::Load(LoadEvent::Rows(_))) {
                sent_at_stop.get_or_insert(fake.log.borrow().len());
            }
            if sent_at_stop.is_some() {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        },
    ));
    assert!(
        reports
            .iter()
            .all(|report| report.outcome == RegionOutcome::Stopped)
    );
    // Not one request after the stop, in either region; the whole load would take 42 (per
    // region 1 + 5 lists + 5 describes + 10 lookups).
    let log = fake.log.borrow();
    assert_eq!(Some(log.len()), sent_at_stop, "{log:?}");
    assert!(log.len() < 42, "{log:?}");
}

#[test]
fn only_a_region_answer_that_says_so_is_a_skip() {
    let validation = |code: &str| AwsError::Validation {
        code: code.to_owned(),
        message: String::new(),
    };
    let unknown_key = AwsError::Authentication {
        reason: AuthFailure::UnknownAccessKey,
        message: String::new(),
    };
    assert!(is_region_unavailable(
        &unknown_key,
        "af-south-1",
        Some("us-east-1")
    ));
    assert!(is_region_unavailable(&unknown_key, "af-south-1", None));
    assert!(!is_region_unavailable(
        &unknown_key,
        "us-east-1",
        Some("us-east-1")
    ));
    for code in [
        "OptInRequired",
        "SubscriptionRequiredException",
        "RegionDisabledException",
    ] {
        assert!(
            is_region_unavailable(&validation(code), "af-south-1", None),
            "{code}"
        );
    }
    for other in [
        validation("InvalidParameterException"),
        AwsError::AccessDenied {
            action: Some("ecs:ListClusters".into()),
            message: String::new(),
        },
        AwsError::Authentication {
            reason: AuthFailure::SignatureMismatch,
            message: String::new(),
        },
        AwsError::Network {
            detail: "offline".into(),
        },
        AwsError::Throttling {
            message: String::new(),
        },
    ] {
        assert!(
            !is_region_unavailable(&other, "af-south-1", None),
            "{other:?}"
        );
    }
}

fn host(region: &str, cluster: &str, index: usize) -> Host {
    let instance = serde_json::from_value(json!({
        "containerInstanceArn": format!("arn:aws:ecs:{region}:123456789012:container-instance/{cluster}/{index:032x}"),
        "ec2InstanceId": format!("mi-{index:017x}"),
        "status": "ACTIVE",
        "agentConnected": true
    }))
    .unwrap();
    Host::new(cluster, instance, None)
}

#[test]
fn stale_rows_are_kept_in_the_failing_region_only() {
    // Cluster "edge" exists in both regions.
    let previous = vec![
        host("us-east-1", "edge", 1),
        host("eu-west-1", "edge", 2),
        host("ap-south-1", "lab", 3),
    ];
    let throttled = AwsError::Throttling {
        message: "Rate exceeded".into(),
    };
    let failures = vec![
        LoadFailure {
            cluster: "edge".into(),
            region: Some("eu-west-1".into()),
            error: throttled.clone(),
            gap: Gap::Unlisted { listed: 0 },
        },
        LoadFailure {
            cluster: String::new(),
            region: Some("ap-south-1".into()),
            error: throttled,
            gap: Gap::Clusters,
        },
    ];
    // us-east-1's edge was read and host 1 is gone; eu-west-1's edge and ap-south-1 were not read.
    let kept = keep_last_known(&previous, Vec::new(), &failures);
    let mut stale: Vec<&str> = kept.stale.iter().map(String::as_str).collect();
    stale.sort();
    let mut expected = vec![previous[1].key(), previous[2].key()];
    expected.sort();
    assert_eq!(stale, expected);
    assert_eq!(kept.hosts.len(), 2);
}

#[test]
fn clusters_of_one_name_in_two_regions_are_summed_apart() {
    let hosts = vec![
        host("us-east-1", "edge", 1),
        host("eu-west-1", "edge", 2),
        host("eu-west-1", "edge", 3),
        host("eu-west-1", "lab", 4),
    ];
    let summaries = summarize(&hosts, &HealthPolicy::default());
    let counted: Vec<(Option<&str>, &str, usize)> = summaries
        .iter()
        .map(|summary| {
            (
                summary.region.as_deref(),
                summary.cluster.as_str(),
                summary.total,
            )
        })
        .collect();
    assert_eq!(
        counted,
        [
            (Some("eu-west-1"), "edge", 2),
            (Some("eu-west-1"), "lab", 1),
            (Some("us-east-1"), "edge", 1)
        ]
    );
}
