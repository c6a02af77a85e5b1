//! The fleet loader against a fake ECS/SSM that serves N external hosts: the exact request count,
//! overlap of pages, first rows before listing ends, cancellation and partial failures.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashSet};
use std::future::poll_fn;
use std::ops::ControlFlow;
use std::task::Poll;
use std::time::Duration;

use anywhere_core::aws::client::{Client, Clock, Transport, TransportError};
use anywhere_core::aws::{Credentials, Endpoint, HttpRequest, HttpResponse, StaticCredentials};
use anywhere_core::fleet::load::EXTERNAL_FILTER;
use anywhere_core::fleet::{Host, LoadEvent, LoadOptions, LoadReport, load_fleet};
use anywhere_core::region::Region;
use serde_json::{Value, json};

struct FakeClock;

impl Clock for FakeClock {
    fn now_millis(&self) -> f64 {
        1_767_225_600_000.0
    }

    async fn sleep(&self, _duration: Duration) {}

    fn random_unit(&self) -> f64 {
        0.5
    }
}

/// An ECS and SSM that know `clusters` (name, host count). Host `i` of a cluster has the
/// managed-instance id `mi-` + `i` in 17 hex digits, except every `ec2_every`-th host, which
/// has an EC2 id.
#[derive(Default)]
struct FakeFleet {
    clusters: BTreeMap<String, usize>,
    ec2_every: Option<usize>,
    /// Polls each request stays pending, so concurrent requests overlap.
    pending_polls: usize,
    fail_ssm: bool,
    /// Hosts deregistered between listing and describing.
    gone: HashSet<usize>,
    /// Requests by operation, in order, plus the sink's events when the test logs them.
    log: RefCell<Vec<String>>,
    counts: RefCell<BTreeMap<String, usize>>,
    in_flight: Cell<usize>,
    max_in_flight: Cell<usize>,
    ssm_ids: RefCell<Vec<String>>,
}

fn ok(body: Value) -> HttpResponse {
    HttpResponse {
        status: 200,
        headers: vec![],
        body: body.to_string(),
    }
}

fn error(code: &str, message: &str) -> HttpResponse {
    HttpResponse {
        status: 400,
        headers: vec![],
        body: json!({"__type": code, "message": message}).to_string(),
    }
}

impl FakeFleet {
    fn with(clusters: &[(&str, usize)]) -> Self {
        FakeFleet {
            clusters: clusters
                .iter()
                .map(|(name, count)| (name.to_string(), *count))
                .collect(),
            ..Default::default()
        }
    }

    fn count(&self, operation: &str) -> usize {
        self.counts.borrow().get(operation).copied().unwrap_or(0)
    }

    fn total(&self) -> usize {
        self.counts.borrow().values().sum()
    }

    fn instance_id(&self, index: usize) -> String {
        match self.ec2_every {
            Some(every) if index % every == every - 1 => format!("i-{index:017x}"),
            _ => format!("mi-{index:017x}"),
        }
    }

    fn answer(&self, operation: &str, body: &Value) -> HttpResponse {
        match operation {
            "ListContainerInstances" => {
                assert_eq!(body["filter"], EXTERNAL_FILTER);
                assert_eq!(body["maxResults"], 100);
                let cluster = body["cluster"].as_str().unwrap();
                let Some(&count) = self.clusters.get(cluster) else {
                    return error("ClusterNotFoundException", "Cluster not found.");
                };
                let start: usize = body["nextToken"].as_str().map_or(0, |t| t.parse().unwrap());
                let end = (start + 100).min(count);
                let arns: Vec<String> = (start..end)
                    .map(|i| format!("arn:aws:ecs:eu-west-1:123456789012:container-instance/{cluster}/{i:032x}"))
                    .collect();
                let mut output = json!({"containerInstanceArns": arns});
                if end < count {
                    output["nextToken"] = json!(end.to_string());
                }
                ok(output)
            }
            "DescribeContainerInstances" => {
                assert_eq!(body["include"], json!(["TAGS"]));
                let arns = body["containerInstances"].as_array().unwrap();
                assert!(!arns.is_empty() && arns.len() <= 100, "{}", arns.len());
                let index_of = |arn: &Value| {
                    usize::from_str_radix(arn.as_str().unwrap().rsplit('/').next().unwrap(), 16)
                        .unwrap()
                };
                let failures: Vec<Value> = arns
                    .iter()
                    .filter(|arn| self.gone.contains(&index_of(arn)))
                    .map(|arn| json!({"arn": arn, "reason": "MISSING"}))
                    .collect();
                let instances: Vec<Value> = arns
                    .iter()
                    .filter(|arn| !self.gone.contains(&index_of(arn)))
                    .map(|arn| {
                        let index = index_of(arn);
                        json!({
                            "containerInstanceArn": arn,
                            "ec2InstanceId": self.instance_id(index),
                            "status": "ACTIVE",
                            "agentConnected": true,
                            "attributes": [{"name": "ecs.capability.external"}],
                            "tags": [{"key": "n", "value": index.to_string()}]
                        })
                    })
                    .collect();
                ok(json!({"containerInstances": instances, "failures": failures}))
            }
            "DescribeInstanceInformation" => {
                if self.fail_ssm {
                    return error(
                        "AccessDeniedException",
                        "User: x is not authorized to perform: ssm:DescribeInstanceInformation",
                    );
                }
                assert_eq!(body["MaxResults"], 50);
                assert_eq!(body["Filters"][0]["Key"], "InstanceIds");
                let ids = body["Filters"][0]["Values"].as_array().unwrap();
                assert!(!ids.is_empty() && ids.len() <= 50, "{}", ids.len());
                let records: Vec<Value> = ids
                    .iter()
                    .map(|id| {
                        let id = id.as_str().unwrap();
                        self.ssm_ids.borrow_mut().push(id.to_owned());
                        json!({"InstanceId": id, "PingStatus": "Online", "ComputerName": format!("host-{id}")})
                    })
                    .collect();
                ok(json!({"InstanceInformationList": records}))
            }
            other => panic!("unexpected operation {other}"),
        }
    }
}

impl Transport for &FakeFleet {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let target = request.header("x-amz-target").unwrap();
        let operation = target.rsplit('.').next().unwrap().to_owned();
        *self
            .counts
            .borrow_mut()
            .entry(operation.clone())
            .or_default() += 1;
        self.log.borrow_mut().push(operation.clone());
        self.in_flight.set(self.in_flight.get() + 1);
        self.max_in_flight
            .set(self.max_in_flight.get().max(self.in_flight.get()));
        let mut left = self.pending_polls;
        poll_fn(|cx| {
            if left == 0 {
                Poll::Ready(())
            } else {
                left -= 1;
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        })
        .await;
        self.in_flight.set(self.in_flight.get() - 1);
        let body: Value = serde_json::from_str(&request.body).unwrap();
        Ok(self.answer(&operation, &body))
    }
}

fn client(fleet: &FakeFleet) -> Client<&FakeFleet, FakeClock> {
    let endpoint = Endpoint::Aws(Region::new("eu-west-1").unwrap());
    let credentials = StaticCredentials(Credentials::new("AKIAEXAMPLE", "secret", None));
    Client::new(fleet, FakeClock, endpoint, std::rc::Rc::new(credentials))
}

struct Loaded {
    hosts: Vec<Host>,
    events: Vec<LoadEvent>,
    report: LoadReport,
}

fn load(fleet: &FakeFleet, clusters: &[&str], options: LoadOptions) -> Loaded {
    let client = client(fleet);
    let clusters: Vec<String> = clusters.iter().map(|c| c.to_string()).collect();
    let mut events = Vec::new();
    let report = pollster::block_on(load_fleet(&client, &clusters, options, |event| {
        events.push(event);
        ControlFlow::Continue(())
    }));
    let hosts = events
        .iter()
        .filter_map(|event| match event {
            LoadEvent::Rows(rows) => Some(rows.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    Loaded {
        hosts,
        events,
        report,
    }
}

#[test]
fn request_count_is_minimal_for_every_fleet_size() {
    for n in [0usize, 1, 99, 100, 101, 250, 1000] {
        let fleet = FakeFleet::with(&[("edge", n)]);
        let loaded = load(&fleet, &["edge"], LoadOptions::default());
        // Listing an empty cluster still takes the one call that says it is empty.
        let lists = n.div_ceil(100).max(1);
        let describes = n.div_ceil(100);
        let ssm = n.div_ceil(50);
        assert_eq!(
            fleet.count("ListContainerInstances"),
            lists,
            "lists for {n}"
        );
        assert_eq!(
            fleet.count("DescribeContainerInstances"),
            describes,
            "describes for {n}"
        );
        assert_eq!(
            fleet.count("DescribeInstanceInformation"),
            ssm,
            "ssm for {n}"
        );
        assert_eq!(fleet.total(), lists + describes + ssm);
        assert_eq!(
            (
                loaded.report.calls.list,
                loaded.report.calls.describe,
                loaded.report.calls.ssm
            ),
            (lists, describes, ssm)
        );
        assert_eq!(loaded.hosts.len(), n);
        let keys: HashSet<&str> = loaded.hosts.iter().map(Host::key).collect();
        assert_eq!(keys.len(), n, "every host once");
        assert!(
            loaded.hosts.iter().all(|h| h.hostname()
                == Some(format!("host-{}", h.managed_instance_id().unwrap()).as_str())),
            "every row joined with its own SSM record"
        );
        assert_eq!(
            loaded.events.last(),
            Some(&LoadEvent::Progress {
                loaded: n,
                listed: n,
                total_known: true
            })
        );
        assert!(!loaded.report.stopped);
    }
}

#[test]
fn several_clusters_each_listed_to_the_end() {
    let fleet = FakeFleet::with(&[("a", 150), ("b", 0), ("c", 30)]);
    let loaded = load(&fleet, &["a", "b", "c"], LoadOptions::default());
    assert_eq!(fleet.count("ListContainerInstances"), 2 + 1 + 1);
    assert_eq!(fleet.count("DescribeContainerInstances"), 2 + 1);
    assert_eq!(fleet.count("DescribeInstanceInformation"), 3 + 1);
    let per_cluster = loaded.hosts.iter().fold(BTreeMap::new(), |mut map, host| {
        *map.entry(host.cluster().to_owned()).or_insert(0) += 1;
        map
    });
    assert_eq!(
        per_cluster,
        BTreeMap::from([("a".to_owned(), 150), ("c".to_owned(), 30)])
    );
}

#[test]
fn pages_overlap_and_first_rows_arrive_before_listing_ends() {
    let mut fleet = FakeFleet::with(&[("edge", 1000)]);
    fleet.pending_polls = 3;
    let client = client(&fleet);
    let clusters = vec!["edge".to_owned()];
    let options = LoadOptions {
        max_pages_in_flight: 3,
    };
    let report = pollster::block_on(load_fleet(&client, &clusters, options, |event| {
        if let LoadEvent::Rows(_) = event {
            fleet.log.borrow_mut().push("rows".to_owned());
        }
        ControlFlow::Continue(())
    }));
    assert_eq!(report.loaded, 1000);
    let log = fleet.log.borrow();
    let first_rows = log.iter().position(|entry| entry == "rows").unwrap();
    let last_list = log
        .iter()
        .rposition(|entry| entry == "ListContainerInstances")
        .unwrap();
    assert!(first_rows < last_list, "{log:?}");
    let max = fleet.max_in_flight.get();
    assert!(max > 2, "requests overlapped: {max}");
    assert!(max <= 1 + 2 * 3, "bounded: {max}");
    assert_eq!(fleet.total(), 10 + 10 + 20);
}

#[test]
fn a_single_page_in_flight_still_loads_everything() {
    let mut fleet = FakeFleet::with(&[("edge", 250)]);
    fleet.pending_polls = 1;
    let loaded = load(
        &fleet,
        &["edge"],
        LoadOptions {
            max_pages_in_flight: 1,
        },
    );
    assert_eq!(loaded.hosts.len(), 250);
    assert!(fleet.max_in_flight.get() <= 3);
}

#[test]
fn stopping_issues_no_further_request() {
    let mut fleet = FakeFleet::with(&[("edge", 1000)]);
    fleet.pending_polls = 2;
    let client = client(&fleet);
    let clusters = vec!["edge".to_owned()];
    let mut sent_at_stop = None;
    let report = pollster::block_on(load_fleet(
        &client,
        &clusters,
        LoadOptions::default(),
        |event| match event {
            LoadEvent::Rows(_) => {
                sent_at_stop = Some(fleet.total());
                ControlFlow::Break(())
            }
            _ => ControlFlow::Continue(()),
        },
    ));
    assert!(report.stopped);
    assert_eq!(Some(fleet.total()), sent_at_stop);
    assert!(fleet.total() < 40, "{}", fleet.total());
    assert_eq!(report.loaded, 100);
}

#[test]
fn ssm_failure_keeps_the_rows_without_ssm_details() {
    let mut fleet = FakeFleet::with(&[("edge", 120)]);
    fleet.fail_ssm = true;
    let loaded = load(&fleet, &["edge"], LoadOptions::default());
    assert_eq!(loaded.hosts.len(), 120);
    assert!(loaded.hosts.iter().all(|host| host.ssm().is_none()));
    let failures: Vec<_> = loaded
        .events
        .iter()
        .filter_map(|event| match event {
            LoadEvent::Failed(failure) => Some(failure),
            _ => None,
        })
        .collect();
    assert_eq!(failures.len(), 3);
    assert!(
        failures
            .iter()
            .all(|f| f.operation == "DescribeInstanceInformation")
    );
    assert!(
        failures[0]
            .user_message()
            .contains("without their SSM details"),
        "{}",
        failures[0].user_message()
    );
    assert_eq!(fleet.count("DescribeInstanceInformation"), 3);
}

#[test]
fn an_unknown_cluster_fails_alone() {
    let fleet = FakeFleet::with(&[("edge", 20)]);
    let loaded = load(&fleet, &["gone", "edge"], LoadOptions::default());
    assert_eq!(loaded.hosts.len(), 20);
    let failed: Vec<_> = loaded
        .events
        .iter()
        .filter_map(|event| match event {
            LoadEvent::Failed(failure) => Some((failure.cluster.as_str(), failure.operation)),
            _ => None,
        })
        .collect();
    assert_eq!(failed, vec![("gone", "ListContainerInstances")]);
}

#[test]
fn hosts_without_a_managed_instance_id_are_not_looked_up() {
    let mut fleet = FakeFleet::with(&[("edge", 100)]);
    fleet.ec2_every = Some(10);
    let loaded = load(&fleet, &["edge"], LoadOptions::default());
    assert_eq!(loaded.hosts.len(), 100);
    assert_eq!(fleet.count("DescribeInstanceInformation"), 2);
    let looked_up = fleet.ssm_ids.borrow();
    assert_eq!(looked_up.len(), 90);
    assert!(looked_up.iter().all(|id| id.starts_with("mi-")));
    assert_eq!(loaded.hosts.iter().filter(|h| !h.is_external()).count(), 10);
}

#[test]
fn hosts_gone_before_describe_leave_the_count() {
    let mut fleet = FakeFleet::with(&[("edge", 150)]);
    fleet.gone = HashSet::from([3, 120]);
    let loaded = load(&fleet, &["edge"], LoadOptions::default());
    assert_eq!(loaded.hosts.len(), 148);
    assert!(
        !loaded
            .events
            .iter()
            .any(|event| matches!(event, LoadEvent::Failed(_)))
    );
    assert_eq!(
        loaded.events.last(),
        Some(&LoadEvent::Progress {
            loaded: 148,
            listed: 148,
            total_known: true
        })
    );
}
