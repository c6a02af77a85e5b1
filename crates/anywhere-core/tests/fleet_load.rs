//! The fleet loader against a fake ECS/SSM that serves N external hosts: the exact request count,
//! overlap of pages, first rows before listing ends, a long cluster listed in parts, cancellation
//! and partial failures. The fake applies each list call's filter with the console's own
//! cluster-query evaluator, the one the sandbox is checked against.

mod fixed_clock;

use fixed_clock::{FixedClock, InFlight, client_in};

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashSet};
use std::ops::ControlFlow;

use anywhere_core::aws::client::{Client, Transport, TransportError};
use anywhere_core::aws::{AwsError, HttpRequest, HttpResponse};
use anywhere_core::fleet::list_part::{ListPart, SPLIT_WAYS};
use anywhere_core::fleet::load::{
    EXTERNAL_FILTER, FIRST_ROWS, PAGES_BEFORE_SPLIT, PART_PAGES_BEFORE_SPLIT,
};
use anywhere_core::fleet::{
    Gap, Host, LoadEvent, LoadFailure, LoadOptions, LoadReport, keep_last_known, list_ahead,
    load_fleet,
};
use anywhere_core::rules::{Candidate, parse_expression};
use serde_json::{Value, json};

/// An ECS and SSM that know `clusters` (name, host count). Host `i` of a cluster has the
/// managed-instance id `mi-` + `i` in 17 hex digits, except every `ec2_every`-th host, which
/// has an EC2 id.
#[derive(Default)]
struct FakeFleet {
    clusters: BTreeMap<String, usize>,
    ec2_every: Option<usize>,
    /// Polls each request stays pending, so concurrent requests overlap.
    pending_polls: usize,
    /// Polls each describe and lookup stays pending, if more: slower answers than the lists'.
    slow_polls: usize,
    fail_ssm: bool,
    /// Hosts deregistered between listing and describing.
    gone: HashSet<usize>,
    /// ARNs per list page (100 when 0); ECS may return fewer than asked for.
    list_page: usize,
    /// Records per SSM page (50 when 0), and whether the first page of a lookup is empty.
    ssm_page: usize,
    empty_first_ssm_page: bool,
    /// The list page starting at this host fails; the describe holding this host fails.
    fail_list_from: Option<usize>,
    fail_describe_of: Option<usize>,
    /// List calls answered with throttling before one succeeds, counted down.
    throttle_lists: Cell<usize>,
    /// List calls whose filter contains this are refused as ECS refuses a filter it cannot parse,
    /// or (with `deny_filtered_lists`) as IAM refuses a call.
    refuse_filter: Option<&'static str>,
    deny_filtered_lists: bool,
    /// The filter of every list call, in order.
    filters: RefCell<Vec<String>>,
    /// List calls in flight now, and the most at once.
    lists: InFlight,
    /// Requests by operation, in order, plus the sink's events when the test logs them.
    log: RefCell<Vec<String>>,
    counts: RefCell<BTreeMap<String, usize>>,
    in_flight: InFlight,
    ssm_ids: RefCell<Vec<String>>,
    /// The region's managed instances as DescribeInstanceProperties lists them: `other_managed`
    /// hybrid nodes outside the clusters, the clusters' hosts (less those in `unlisted`,
    /// registered after the listing passed), then `other_managed_after` more such nodes.
    /// `deny_listing_from` refuses the pages from this record on as IAM refuses a call.
    other_managed: usize,
    other_managed_after: usize,
    unlisted: HashSet<usize>,
    deny_listing_from: Option<usize>,
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

    /// Unique across clusters, as managed-instance ids are: the cluster's position, then the index.
    fn instance_id(&self, cluster: &str, index: usize) -> String {
        let position = self
            .clusters
            .keys()
            .position(|name| name == cluster)
            .unwrap();
        match self.ec2_every {
            Some(every) if index % every == every - 1 => format!("i-{position:02x}{index:015x}"),
            _ => format!("mi-{position:02x}{index:015x}"),
        }
    }

    fn answer(&self, operation: &str, body: &Value) -> HttpResponse {
        match operation {
            "ListContainerInstances" => {
                let filter = body["filter"].as_str().unwrap();
                assert!(filter.starts_with(EXTERNAL_FILTER), "{filter}");
                assert_eq!(body["maxResults"], 100);
                self.filters.borrow_mut().push(filter.to_owned());
                let cluster = body["cluster"].as_str().unwrap();
                let Some(&count) = self.clusters.get(cluster) else {
                    return error("ClusterNotFoundException", "Cluster not found.");
                };
                if let Some(refused) = self.refuse_filter
                    && filter.contains(refused)
                {
                    return if self.deny_filtered_lists {
                        error(
                            "AccessDeniedException",
                            "User: x is not authorized to perform: ecs:ListContainerInstances",
                        )
                    } else {
                        error("InvalidParameterException", "Invalid filter expression.")
                    };
                }
                let expression = parse_expression(filter).unwrap();
                let external = BTreeMap::from([("ecs.capability.external".to_owned(), None)]);
                let matching: Vec<usize> = (0..count)
                    .filter(|&index| {
                        let host = Candidate {
                            attributes: Some(external.clone()),
                            ec2_instance_id: Some(self.instance_id(cluster, index)),
                            ..Candidate::default()
                        };
                        expression.evaluate(&host).unwrap()
                    })
                    .collect();
                let count = matching.len();
                let start: usize = body["nextToken"].as_str().map_or(0, |t| t.parse().unwrap());
                if self.throttle_lists.get() > 0 {
                    self.throttle_lists.set(self.throttle_lists.get() - 1);
                    return error("ThrottlingException", "Rate exceeded");
                }
                if self.fail_list_from == Some(start) {
                    return error(
                        "AccessDeniedException",
                        "User: x is not authorized to perform: ecs:ListContainerInstances",
                    );
                }
                let page = if self.list_page == 0 {
                    100
                } else {
                    self.list_page
                };
                let end = (start + page).min(count);
                let arns: Vec<String> = matching[start..end]
                    .iter()
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
                if let Some(host) = self.fail_describe_of
                    && arns.iter().any(|arn| index_of(arn) == host)
                {
                    return HttpResponse {
                        status: 500,
                        headers: vec![],
                        body: json!({"__type": "ServerException", "message": "boom"}).to_string(),
                    };
                }
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
                            "ec2InstanceId": self.instance_id(body["cluster"].as_str().unwrap(), index),
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
                let token = body["NextToken"].as_str();
                if self.empty_first_ssm_page && token.is_none() {
                    return ok(json!({"InstanceInformationList": [], "NextToken": "0"}));
                }
                let start: usize = token.map_or(0, |t| t.parse().unwrap());
                let page = if self.ssm_page == 0 {
                    50
                } else {
                    self.ssm_page
                };
                let end = (start + page).min(ids.len());
                let records: Vec<Value> = ids[start..end]
                    .iter()
                    .map(|id| {
                        let id = id.as_str().unwrap();
                        self.ssm_ids.borrow_mut().push(id.to_owned());
                        json!({"InstanceId": id, "PingStatus": "Online", "ComputerName": format!("host-{id}")})
                    })
                    .collect();
                let mut output = json!({"InstanceInformationList": records});
                if end < ids.len() {
                    output["NextToken"] = json!(end.to_string());
                }
                ok(output)
            }
            "DescribeInstanceProperties" => {
                let start: usize = body["NextToken"].as_str().map_or(0, |t| t.parse().unwrap());
                if self.deny_listing_from.is_some_and(|from| start >= from) {
                    return error(
                        "AccessDeniedException",
                        "User: x is not authorized to perform: ssm:DescribeInstanceProperties",
                    );
                }
                assert_eq!(body["MaxResults"], 1000);
                assert_eq!(
                    body["InstancePropertyFilterList"],
                    json!([{"key": "ResourceType", "valueSet": ["ManagedInstance"]}])
                );
                let others = (0..self.other_managed).map(|i| format!("mi-ff{i:015x}"));
                let hosts = self.clusters.iter().flat_map(|(cluster, &count)| {
                    (0..count)
                        .filter(|index| !self.unlisted.contains(index))
                        .map(|index| self.instance_id(cluster, index))
                        .filter(|id| id.starts_with("mi-"))
                });
                let after = (0..self.other_managed_after).map(|i| format!("mi-fe{i:015x}"));
                let ids: Vec<String> = others.chain(hosts).chain(after).collect();
                let end = (start + 1000).min(ids.len());
                let records: Vec<Value> = ids[start..end]
                    .iter()
                    .map(|id| json!({"InstanceId": id, "PingStatus": "Online", "ComputerName": format!("host-{id}")}))
                    .collect();
                let mut output = json!({"InstanceProperties": records});
                if end < ids.len() {
                    output["NextToken"] = json!(end.to_string());
                }
                ok(output)
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
        if operation == "ListContainerInstances" {
            futures_util::future::join(
                self.in_flight.hold(self.pending_polls),
                self.lists.hold(self.pending_polls),
            )
            .await;
        } else {
            self.in_flight
                .hold(self.pending_polls.max(self.slow_polls))
                .await;
        }
        let body: Value = serde_json::from_str(&request.body).unwrap();
        Ok(self.answer(&operation, &body))
    }
}

fn client(fleet: &FakeFleet) -> Client<&FakeFleet, FixedClock> {
    client_in(fleet, "eu-west-1")
}

struct Loaded {
    hosts: Vec<Host>,
    events: Vec<LoadEvent>,
    report: LoadReport,
}

/// The rows of every `Rows` event, in order.
fn rows(events: &[LoadEvent]) -> Vec<Host> {
    events
        .iter()
        .filter_map(|event| match event {
            LoadEvent::Rows(rows) => Some(rows.clone()),
            _ => None,
        })
        .flatten()
        .collect()
}

/// Each cluster as one chain, as AWS pages it: the request counts are exact.
fn chain() -> LoadOptions {
    LoadOptions::one_chain(LoadOptions::default().max_pages_in_flight)
}

fn load(fleet: &FakeFleet, clusters: &[&str], options: LoadOptions) -> Loaded {
    load_after_listing(fleet, None, clusters, options)
}

/// Loads as [`load`] does, after listing the first page of cluster `ahead` as a view would.
fn load_after_listing(
    fleet: &FakeFleet,
    ahead: Option<&str>,
    clusters: &[&str],
    options: LoadOptions,
) -> Loaded {
    let client = client(fleet);
    let ahead = ahead.map(|cluster| pollster::block_on(list_ahead(&client, cluster.to_owned())));
    let clusters: Vec<String> = clusters.iter().map(|c| c.to_string()).collect();
    let mut events = Vec::new();
    let report = pollster::block_on(load_fleet(&client, &clusters, ahead, options, |event| {
        events.push(event);
        ControlFlow::Continue(())
    }));
    let hosts = rows(&events);
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
        let loaded = load(&fleet, &["edge"], chain());
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
        assert_each_host_once(&loaded.hosts, n);
        assert!(
            loaded.hosts.iter().all(|h| h.hostname()
                == Some(format!("host-{}", h.managed_instance_id().unwrap()).as_str())),
            "every row joined with its own SSM record"
        );
        assert_eq!(loaded.events.last(), Some(&finished(n, n)));
        assert!(!loaded.report.stopped);
    }
}

#[test]
fn several_clusters_each_listed_to_the_end() {
    let fleet = FakeFleet::with(&[("a", 150), ("b", 0), ("c", 30)]);
    let loaded = load(&fleet, &["a", "b", "c"], chain());
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
    let options = LoadOptions::one_chain(3);
    let report = pollster::block_on(load_fleet(&client, &clusters, None, options, |event| {
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
    let max = fleet.in_flight.most();
    assert!(max > 2, "requests overlapped: {max}");
    assert!(max <= 1 + 2 * 3, "bounded: {max}");
    assert_eq!(fleet.total(), 10 + 10 + 20);
}

#[test]
fn a_single_page_in_flight_still_loads_everything() {
    let mut fleet = FakeFleet::with(&[("edge", 250)]);
    fleet.pending_polls = 1;
    let loaded = load(&fleet, &["edge"], LoadOptions::one_chain(1));
    assert_eq!(loaded.hosts.len(), 250);
    assert!(fleet.in_flight.most() <= 3);
}

#[test]
fn stopping_issues_no_further_request() {
    let mut fleet = FakeFleet::with(&[("edge", 1000)]);
    fleet.pending_polls = 2;
    let client = client(&fleet);
    let clusters = vec!["edge".to_owned()];
    let mut sent_at_stop = None;
    let report =
        pollster::block_on(load_fleet(
            &client,
            &clusters,
            None,
            chain(),
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
    // Rows come out one SSM lookup (50 hosts) at a time.
    assert_eq!(report.loaded, 50);
}

#[test]
fn ssm_failure_keeps_the_rows_without_ssm_details() {
    let mut fleet = FakeFleet::with(&[("edge", 120)]);
    fleet.fail_ssm = true;
    let loaded = load(&fleet, &["edge"], chain());
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
            .all(|f| f.operation() == "DescribeInstanceInformation")
    );
    let sizes: Vec<usize> = failures
        .iter()
        .map(|f| match &f.gap {
            Gap::WithoutSsm(arns) => arns.len(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(sizes, [50, 50, 20]);
    assert!(
        failures[0].user_message().starts_with(
            "DescribeInstanceInformation failed: 50 hosts of cluster edge are shown without their Systems Manager details. "
        ),
        "{}",
        failures[0].user_message()
    );
    assert_eq!(fleet.count("DescribeInstanceInformation"), 3);
}

#[test]
fn an_unknown_cluster_fails_alone() {
    let fleet = FakeFleet::with(&[("edge", 20)]);
    let loaded = load(&fleet, &["gone", "edge"], chain());
    assert_eq!(loaded.hosts.len(), 20);
    let failed: Vec<_> = loaded
        .events
        .iter()
        .filter_map(|event| match event {
            LoadEvent::Failed(failure) => Some((failure.cluster.as_str(), failure.operation())),
            _ => None,
        })
        .collect();
    assert_eq!(failed, vec![("gone", "ListContainerInstances")]);
}

#[test]
fn hosts_without_a_managed_instance_id_are_not_looked_up() {
    let mut fleet = FakeFleet::with(&[("edge", 100)]);
    fleet.ec2_every = Some(10);
    let loaded = load(&fleet, &["edge"], chain());
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
    let loaded = load(&fleet, &["edge"], chain());
    assert_eq!(loaded.hosts.len(), 148);
    assert!(
        !loaded
            .events
            .iter()
            .any(|event| matches!(event, LoadEvent::Failed(_)))
    );
    assert_eq!(loaded.events.last(), Some(&finished(148, 148)));
}

/// List calls of the whole list, not of a part.
fn whole_lists(fleet: &FakeFleet) -> usize {
    fleet
        .filters
        .borrow()
        .iter()
        .filter(|filter| filter.as_str() == EXTERNAL_FILTER)
        .count()
}

/// Asserts that `hosts` holds `n` hosts, each once.
fn assert_each_host_once(hosts: &[Host], n: usize) {
    assert_eq!(hosts.len(), n, "hosts");
    let keys: HashSet<&str> = hosts.iter().map(Host::key).collect();
    assert_eq!(keys.len(), n, "every host once");
}

/// The last event of a load that read `loaded` of `listed` hosts and knows it listed them all.
fn finished(loaded: usize, listed: usize) -> LoadEvent {
    LoadEvent::Progress {
        loaded,
        listed,
        total_known: true,
    }
}

fn failures(events: &[LoadEvent]) -> Vec<&LoadFailure> {
    events
        .iter()
        .filter_map(|event| match event {
            LoadEvent::Failed(failure) => Some(failure),
            _ => None,
        })
        .collect()
}

#[test]
fn short_list_pages_carry_their_leftover_hosts_to_the_next_describe_and_lookup() {
    let mut fleet = FakeFleet::with(&[("a", 95), ("b", 40), ("c", 7)]);
    fleet.list_page = 30;
    let loaded = load(&fleet, &["a", "b", "c"], chain());
    assert_eq!(loaded.hosts.len(), 142);
    assert_eq!(fleet.count("ListContainerInstances"), 4 + 2 + 1);
    // Each cluster has fewer than 100 hosts: one describe once its listing is over.
    assert_eq!(fleet.count("DescribeContainerInstances"), 1 + 1 + 1);
    // ⌈142 / 50⌉: every lookup but the last is full, whatever page or cluster its ids came from.
    assert_eq!(fleet.count("DescribeInstanceInformation"), 3);
    assert!(loaded.hosts.iter().all(|host| host.ssm().is_some()));
    let per_cluster = loaded.hosts.iter().fold(BTreeMap::new(), |mut map, host| {
        *map.entry(host.cluster().to_owned()).or_insert(0) += 1;
        map
    });
    assert_eq!(
        per_cluster,
        BTreeMap::from([
            ("a".to_owned(), 95),
            ("b".to_owned(), 40),
            ("c".to_owned(), 7)
        ])
    );
    assert_eq!(loaded.events.last(), Some(&finished(142, 142)));
}

#[test]
fn every_ssm_next_token_is_followed() {
    let mut fleet = FakeFleet::with(&[("edge", 120)]);
    fleet.ssm_page = 20;
    fleet.empty_first_ssm_page = true;
    let loaded = load(&fleet, &["edge"], chain());
    assert_eq!(loaded.hosts.len(), 120);
    assert!(
        loaded.hosts.iter().all(|host| host.ssm().is_some()),
        "every host joined with its record"
    );
    // Three lookups (50, 50, 20 ids): an empty page, then pages of 20.
    assert_eq!(
        fleet.count("DescribeInstanceInformation"),
        (1 + 3) * 2 + (1 + 1)
    );
    assert_eq!(loaded.report.calls.ssm, 3, "lookups, each of several pages");
    assert!(failures(&loaded.events).is_empty());
}

#[test]
fn a_failed_list_page_names_the_cluster_and_what_was_listed() {
    let mut fleet = FakeFleet::with(&[("a", 250), ("b", 20)]);
    fleet.fail_list_from = Some(100);
    let loaded = load(&fleet, &["a", "b"], chain());
    assert_eq!(loaded.hosts.len(), 120, "a's first page and all of b");
    let failed = failures(&loaded.events);
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].cluster, "a");
    assert_eq!(failed[0].gap, Gap::Unlisted { listed: 100 });
    assert_eq!(
        failed[0].user_message(),
        "ListContainerInstances failed: cluster a could be listed only to its first 100 hosts, so its other hosts are missing. These credentials are not allowed to call ecs:ListContainerInstances: ask an administrator to grant it in IAM."
    );
    assert_eq!(loaded.report.failures, 1);
}

#[test]
fn a_failed_describe_names_the_hosts_it_left_out() {
    let mut fleet = FakeFleet::with(&[("edge", 230)]);
    fleet.fail_describe_of = Some(150);
    let loaded = load(&fleet, &["edge"], chain());
    assert_eq!(loaded.hosts.len(), 130);
    let failed = failures(&loaded.events);
    assert_eq!(failed.len(), 1);
    let Gap::Undescribed(arns) = &failed[0].gap else {
        panic!("{:?}", failed[0].gap)
    };
    assert_eq!(arns.len(), 100);
    assert!(failed[0].user_message().starts_with(
        "DescribeContainerInstances failed: 100 hosts of cluster edge could not be read and are missing. AWS had an internal error (HTTP 500)"
    ));
    // They were listed, so the total says they exist.
    assert_eq!(loaded.events.last(), Some(&finished(130, 230)));
}

#[test]
fn throttled_lists_are_waited_out_and_the_load_completes() {
    let fleet = FakeFleet::with(&[("edge", 250)]);
    fleet.throttle_lists.set(6);
    let loaded = load(&fleet, &["edge"], chain());
    assert_eq!(loaded.hosts.len(), 250);
    assert!(failures(&loaded.events).is_empty());
    assert_eq!(fleet.count("ListContainerInstances"), 3 + 6);
    assert_eq!(loaded.report.calls.list, 3);
}

fn host(cluster: &str, index: usize, ssm: bool) -> Host {
    let id = format!("mi-{index:017x}");
    let instance = serde_json::from_value(json!({
        "containerInstanceArn": format!("arn:aws:ecs:eu-west-1:123456789012:container-instance/{cluster}/{index:032x}"),
        "ec2InstanceId": id,
        "status": "ACTIVE",
        "agentConnected": true
    }))
    .unwrap();
    let record = ssm.then(|| {
        serde_json::from_value(json!({"InstanceId": id, "PingStatus": "Online"})).unwrap()
    });
    Host::new(cluster, instance, record)
}

fn keys(hosts: &[Host]) -> Vec<&str> {
    let mut keys: Vec<&str> = hosts.iter().map(Host::key).collect();
    keys.sort();
    keys
}

#[test]
fn unread_hosts_keep_their_last_known_rows_marked_stale() {
    let previous = vec![
        host("a", 1, true),
        host("a", 2, true),
        host("a", 3, true),
        host("b", 4, true),
        host("b", 5, true),
        host("c", 6, true),
    ];
    // This load: cluster a stopped after host 1; host 4 of b could not be described, host 5's
    // SSM lookup failed; host 6 of c is gone (deregistered).
    let fresh = vec![host("a", 1, true), host("b", 5, false)];
    let failures = vec![
        LoadFailure {
            cluster: "a".into(),
            region: None,
            error: AwsError::Throttling {
                message: "Rate exceeded".into(),
            },
            gap: Gap::Unlisted { listed: 1 },
        },
        LoadFailure {
            cluster: "b".into(),
            region: None,
            error: AwsError::Network {
                detail: "reset".into(),
            },
            gap: Gap::Undescribed(vec![previous[3].key().to_owned()]),
        },
        LoadFailure {
            cluster: "b".into(),
            region: None,
            error: AwsError::Network {
                detail: "reset".into(),
            },
            gap: Gap::WithoutSsm(vec![previous[4].key().to_owned()]),
        },
    ];
    let kept = keep_last_known(&previous, fresh, &failures);
    assert_eq!(keys(&kept.hosts), keys(&previous[..5]));
    let mut stale: Vec<&str> = kept.stale.iter().map(String::as_str).collect();
    stale.sort();
    assert_eq!(
        stale,
        keys(&[
            previous[1].clone(),
            previous[2].clone(),
            previous[3].clone(),
            previous[4].clone()
        ])
    );
    let five = kept
        .hosts
        .iter()
        .find(|h| h.key() == previous[4].key())
        .unwrap();
    assert!(five.ssm().is_some(), "the last known SSM record is kept");

    // Without failures the fresh rows are all there is.
    let clean = keep_last_known(&previous, vec![host("a", 1, true)], &[]);
    assert_eq!(keys(&clean.hosts), [previous[0].key()]);
    assert!(clean.stale.is_empty());
}

#[test]
fn a_listed_page_asks_for_the_next_before_its_own_describe() {
    // Every call takes the same time, so a page's answer is ready together with the answers of
    // the calls made beside it; the list chain sets the pace, so its next call goes first.
    let mut fleet = FakeFleet::with(&[("edge", 1000)]);
    fleet.pending_polls = 3;
    let loaded = load(&fleet, &["edge"], chain());
    assert_eq!(loaded.hosts.len(), 1000);
    let log = fleet.log.borrow();
    let calls: Vec<&str> = log
        .iter()
        .filter(|entry| entry.ends_with("ContainerInstances"))
        .take(5)
        .map(String::as_str)
        .collect();
    let (list, describe) = ("ListContainerInstances", "DescribeContainerInstances");
    assert_eq!(calls, [list, list, describe, list, describe], "{log:?}");
}

#[test]
fn a_first_page_listed_ahead_is_not_listed_again() {
    let fleet = FakeFleet::with(&[("edge", 250), ("other", 30)]);
    let loaded = load_after_listing(&fleet, Some("edge"), &["edge", "other"], chain());
    assert_eq!(loaded.hosts.len(), 280);
    assert_eq!(loaded.report.failures, 0);
    assert_eq!(fleet.count("ListContainerInstances"), 3 + 1);
    assert_eq!(
        loaded.report.calls.list,
        3 + 1,
        "the page listed ahead counts"
    );
}

#[test]
fn a_page_listed_ahead_for_a_cluster_not_loaded_first_is_dropped() {
    // The view named a cluster the account does not have: its failed listing is not the load's.
    let fleet = FakeFleet::with(&[("edge", 120)]);
    let loaded = load_after_listing(&fleet, Some("gone"), &["edge"], chain());
    assert!(failures(&loaded.events).is_empty(), "{:?}", loaded.events);
    assert_eq!(loaded.report.loaded, 120);
    assert_eq!(loaded.report.calls.list, 2);
}

/// Hosts of a fake cluster of `n` in `part`: the fake's ids end in the host's index modulo 16.
fn part_size(n: usize, part: ListPart) -> usize {
    let filter = parse_expression(&part.filter(EXTERNAL_FILTER)).unwrap();
    (0..n)
        .filter(|index| {
            let host = Candidate {
                attributes: Some(BTreeMap::from([(
                    "ecs.capability.external".to_owned(),
                    None,
                )])),
                ec2_instance_id: Some(format!("mi-{index:017x}")),
                ..Candidate::default()
            };
            filter.evaluate(&host) == Some(true)
        })
        .count()
}

/// The lists a chain of `part` of a fake cluster of `n` takes: its pages, or, when it runs longer
/// than `split_after` pages, those and its parts' lists.
fn lists_of(n: usize, part: ListPart, split_after: usize) -> usize {
    let pages = part_size(n, part).div_ceil(100).max(1);
    let parts = part.split();
    if pages <= split_after || parts.is_empty() {
        return pages;
    }
    split_after
        + parts
            .into_iter()
            .map(|part| lists_of(n, part, PART_PAGES_BEFORE_SPLIT))
            .sum::<usize>()
}

#[test]
fn a_long_cluster_is_listed_in_parts_each_host_once() {
    for n in [0usize, 100, 200, 201, 450, 1000, 1001, 2600, 3300] {
        let fleet = FakeFleet::with(&[("edge", n)]);
        let loaded = load(&fleet, &["edge"], LoadOptions::default());
        let chain = n.div_ceil(100).max(1);
        let lists = lists_of(n, ListPart::WHOLE, PAGES_BEFORE_SPLIT);
        assert_eq!(
            fleet.count("ListContainerInstances"),
            lists,
            "lists for {n}"
        );
        assert_eq!(loaded.report.calls.list, lists);
        assert_eq!(fleet.count("DescribeContainerInstances"), n.div_ceil(100));
        assert_eq!(fleet.count("DescribeInstanceInformation"), n.div_ceil(50));
        assert_each_host_once(&loaded.hosts, n);
        assert!(loaded.hosts.iter().all(|host| host.ssm().is_some()));
        assert_eq!(loaded.events.last(), Some(&finished(n, n)));
        let filters = fleet.filters.borrow();
        let whole = whole_lists(&fleet);
        assert_eq!(whole, chain.min(PAGES_BEFORE_SPLIT), "chain pages for {n}");
        let parts: HashSet<String> = ListPart::WHOLE
            .split()
            .into_iter()
            .flat_map(|part| std::iter::once(part).chain(part.split()))
            .map(|part| part.filter(EXTERNAL_FILTER))
            .collect();
        assert!(filters[whole..].iter().all(|filter| parts.contains(filter)));
        assert_eq!(filters.len() > whole, chain > PAGES_BEFORE_SPLIT);
    }
    // What the loader's documentation promises: 1,000 hosts in two pages and four parts of three
    // (14 lists, not ten); 10,000 in two pages, four parts of three, sixteen of seven.
    assert_eq!(lists_of(1000, ListPart::WHOLE, PAGES_BEFORE_SPLIT), 14);
    assert_eq!(lists_of(10_000, ListPart::WHOLE, PAGES_BEFORE_SPLIT), 126);
}

#[test]
fn parts_shorten_the_chain_of_list_round_trips() {
    // 3,000 hosts: one chain is thirty lists one after the other; in parts, two pages, then four
    // chains of three pages, then sixteen of two, four lists at a time.
    let mut fleet = FakeFleet::with(&[("edge", 3000)]);
    fleet.pending_polls = 2;
    let loaded = load(&fleet, &["edge"], LoadOptions::default());
    assert_eq!(loaded.hosts.len(), 3000);
    assert_eq!(fleet.lists.most(), SPLIT_WAYS, "lists in flight at once");
    let mut fleet = FakeFleet::with(&[("edge", 3000)]);
    fleet.pending_polls = 2;
    load(&fleet, &["edge"], chain());
    assert_eq!(fleet.lists.most(), 1);
}

#[test]
fn listing_does_not_wait_for_slow_describes_and_lookups() {
    // Pages are a chain: a page held back while describes are in flight delays every later one.
    // 1,000 hosts as one chain, each describe and lookup answering long after a list would.
    let mut fleet = FakeFleet::with(&[("edge", 1000)]);
    fleet.pending_polls = 1;
    fleet.slow_polls = 200;
    let loaded = load(&fleet, &["edge"], chain());
    assert_each_host_once(&loaded.hosts, 1000);
    let log = fleet.log.borrow();
    let last_list = log
        .iter()
        .rposition(|operation| operation == "ListContainerInstances")
        .unwrap();
    let first_lookup = log
        .iter()
        .position(|operation| operation == "DescribeInstanceInformation")
        .unwrap();
    assert!(
        last_list < first_lookup,
        "every page was asked for before the first describe was answered: {log:?}"
    );
    assert!(
        fleet.in_flight.most() <= 1 + 2 * LoadOptions::default().max_pages_in_flight,
        "a list and at most two lookups' worth per page in flight: {}",
        fleet.in_flight.most()
    );
}

#[test]
fn a_refused_part_filter_lists_the_rest_as_one_chain() {
    let mut fleet = FakeFleet::with(&[("edge", 1450)]);
    fleet.refuse_filter = Some("ec2InstanceId");
    let loaded = load(&fleet, &["edge"], LoadOptions::default());
    assert!(failures(&loaded.events).is_empty(), "{:?}", loaded.events);
    assert_each_host_once(&loaded.hosts, 1450);
    let filters = fleet.filters.borrow();
    let whole = whole_lists(&fleet);
    assert_eq!(
        whole, 15,
        "two pages, then the chain from where it was split: {filters:?}"
    );
    // The parts in flight when the first was refused, and no more.
    assert!(filters.len() - whole <= SPLIT_WAYS, "{filters:?}");
}

#[test]
fn a_failed_part_is_reported_once_for_its_cluster() {
    let mut fleet = FakeFleet::with(&[("edge", 1450), ("other", 30)]);
    fleet.refuse_filter = Some("ec2InstanceId");
    fleet.deny_filtered_lists = true;
    let loaded = load(&fleet, &["edge", "other"], LoadOptions::default());
    let failed = failures(&loaded.events);
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0].cluster, "edge");
    assert_eq!(failed[0].gap, Gap::Unlisted { listed: 200 });
    assert_eq!(
        loaded.hosts.len(),
        230,
        "edge's first two pages and all of other"
    );
    assert_eq!(loaded.events.last(), Some(&finished(230, 230)));
}

#[test]
fn every_id_is_in_exactly_one_part_of_each_split() {
    let parts = ListPart::WHOLE.split();
    assert_eq!(parts.len(), SPLIT_WAYS);
    let parsed = |parts: &[ListPart]| -> Vec<_> {
        parts
            .iter()
            .map(|part| parse_expression(&part.filter(EXTERNAL_FILTER)).unwrap())
            .collect()
    };
    let external = BTreeMap::from([("ecs.capability.external".to_owned(), None)]);
    let endings = "0123456789abcdefABCDEF-xz";
    let mut ids: Vec<String> = endings
        .chars()
        .flat_map(|last| {
            [
                format!("mi-0123456789abcdef{last}"),
                format!("i-0abc{last}"),
            ]
        })
        .collect();
    ids.extend(["".to_owned(), "mi-".to_owned(), "0".to_owned()]);
    let hosts: Vec<Candidate> = ids
        .iter()
        .map(|id| Candidate {
            attributes: Some(external.clone()),
            ec2_instance_id: Some(id.clone()),
            ..Candidate::default()
        })
        .collect();
    // Each split of a part holds exactly the part's hosts, each in one of its parts.
    let splits: Vec<(ListPart, Vec<ListPart>)> = std::iter::once((ListPart::WHOLE, parts.clone()))
        .chain(parts.iter().map(|part| (*part, part.split())))
        .collect();
    let mut single_digits = 0;
    for (part, split) in splits {
        let whole = parse_expression(&part.filter(EXTERNAL_FILTER)).unwrap();
        let split_filters = parsed(&split);
        single_digits += split.iter().filter(|part| part.split().is_empty()).count();
        for (id, host) in ids.iter().zip(&hosts) {
            let holding: Vec<usize> = (0..split.len())
                .filter(|&i| split_filters[i].evaluate(host) == Some(true))
                .collect();
            let in_part = whole.evaluate(host) == Some(true);
            assert_eq!(
                holding.len(),
                usize::from(in_part),
                "{id:?} of {part:?} is in parts {holding:?} of {split:?}"
            );
            assert!(
                split_filters.iter().all(|f| f.evaluate(host).is_some()),
                "{id:?}: every part's answer is known"
            );
        }
    }
    assert_eq!(
        single_digits, 16,
        "the second split ends at one digit a part"
    );
    // An instance without the external capability is in none.
    let ec2 = Candidate {
        attributes: Some(BTreeMap::new()),
        ec2_instance_id: Some("i-0abc1".to_owned()),
        ..Candidate::default()
    };
    assert!(
        parsed(&parts)
            .iter()
            .all(|part| part.evaluate(&ec2) == Some(false))
    );
}

/// One chain, with the first page sent before its SSM records, as the console's first load does.
fn first_page_early() -> LoadOptions {
    LoadOptions {
        first_page_before_records: true,
        ..chain()
    }
}

/// The rows of every `Joined` event.
fn joined(events: &[LoadEvent]) -> Vec<&Host> {
    events
        .iter()
        .filter_map(|event| match event {
            LoadEvent::Joined(rows) => Some(rows),
            _ => None,
        })
        .flatten()
        .collect()
}

#[test]
fn the_first_rows_are_sent_before_their_ssm_records_and_joined_once_they_are_back() {
    for n in [1usize, FIRST_ROWS, FIRST_ROWS + 1, 100, 250] {
        let fleet = FakeFleet::with(&[("edge", n)]);
        let client = client(&fleet);
        let clusters = vec!["edge".to_owned()];
        let mut events = Vec::new();
        let report = pollster::block_on(load_fleet(
            &client,
            &clusters,
            None,
            first_page_early(),
            |event| {
                match &event {
                    LoadEvent::Rows(_) => fleet.log.borrow_mut().push("rows".to_owned()),
                    LoadEvent::Joined(_) => fleet.log.borrow_mut().push("joined".to_owned()),
                    _ => {}
                }
                events.push(event);
                ControlFlow::Continue(())
            },
        ));
        // The requests of a load that waits for the records, and one describe more: the first
        // page is described in two, a screenful first.
        let split = usize::from(n > FIRST_ROWS);
        let (lists, describes, ssm) = (n.div_ceil(100), n.div_ceil(100) + split, n.div_ceil(50));
        assert_eq!(
            (report.calls.list, report.calls.describe, report.calls.ssm),
            (lists, describes, ssm)
        );
        assert_eq!(fleet.total(), lists + describes + ssm);
        // The first rows go out after the first describe, before any SSM lookup is even sent.
        let log = fleet.log.borrow().clone();
        let first_rows = log.iter().position(|entry| entry == "rows").unwrap();
        let first_lookup = log
            .iter()
            .position(|entry| entry == "DescribeInstanceInformation")
            .unwrap();
        assert!(first_rows < first_lookup, "{log:?}");
        let LoadEvent::Rows(early) = events
            .iter()
            .find(|event| matches!(event, LoadEvent::Rows(_)))
            .unwrap()
        else {
            unreachable!()
        };
        assert_eq!(early.len(), n.min(FIRST_ROWS));
        assert!(
            early
                .iter()
                .all(|h| h.record_pending() && h.ssm().is_none())
        );
        // Those hosts come back once, joined; every other host is sent once, joined.
        let joined = joined(&events);
        let early_keys: HashSet<&str> = early.iter().map(Host::key).collect();
        let joined_keys: HashSet<&str> = joined.iter().map(|h| h.key()).collect();
        assert_eq!((joined.len(), &joined_keys), (early.len(), &early_keys));
        let rows = rows(&events);
        assert_each_host_once(&rows, n);
        let late = rows.iter().filter(|h| !early_keys.contains(h.key()));
        for host in joined.into_iter().chain(late) {
            assert!(!host.record_pending());
            assert_eq!(
                host.hostname(),
                Some(format!("host-{}", host.managed_instance_id().unwrap()).as_str()),
                "every row joined with its own SSM record"
            );
        }
        assert_eq!(events.last(), Some(&finished(n, n)));
    }
}

#[test]
fn without_the_option_no_row_is_sent_before_its_record() {
    let fleet = FakeFleet::with(&[("edge", 250)]);
    let loaded = load(&fleet, &["edge"], chain());
    assert!(joined(&loaded.events).is_empty());
    assert!(loaded.hosts.iter().all(|host| !host.record_pending()));
}

#[test]
fn a_failed_lookup_ends_the_wait_of_the_rows_sent_before_their_records() {
    let mut fleet = FakeFleet::with(&[("edge", 120)]);
    fleet.fail_ssm = true;
    let loaded = load(&fleet, &["edge"], first_page_early());
    let joined = joined(&loaded.events);
    assert_eq!(joined.len(), FIRST_ROWS);
    assert!(
        joined
            .iter()
            .all(|host| !host.record_pending() && host.ssm().is_none())
    );
    let without: HashSet<&str> = failures(&loaded.events)
        .into_iter()
        .flat_map(|failure| match &failure.gap {
            Gap::WithoutSsm(arns) => arns.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        })
        .collect();
    assert!(joined.iter().all(|host| without.contains(host.key())));
    assert_each_host_once(&loaded.hosts, 120);
}

/// The console's first load: the region's managed instances listed beside the ECS lists.
fn listing_ssm() -> LoadOptions {
    LoadOptions {
        first_page_before_records: true,
        list_ssm_records: true,
        ..LoadOptions::default()
    }
}

/// The rows as a view shows them at the end: `Rows`, with `Joined` rows in place of theirs.
fn shown_rows(events: &[LoadEvent]) -> Vec<Host> {
    let mut shown: Vec<Host> = Vec::new();
    for event in events {
        match event {
            LoadEvent::Rows(rows) => shown.extend(rows.iter().cloned()),
            LoadEvent::Joined(rows) => {
                for row in rows {
                    let place = shown
                        .iter()
                        .position(|host| host.key() == row.key())
                        .unwrap();
                    shown[place] = row.clone();
                }
            }
            _ => {}
        }
    }
    shown
}

fn assert_every_row_joined(events: &[LoadEvent], n: usize) {
    let shown = shown_rows(events);
    assert_each_host_once(&shown, n);
    assert!(
        shown
            .iter()
            .all(|h| h.hostname()
                == Some(format!("host-{}", h.managed_instance_id().unwrap()).as_str())),
        "every row joined with its own SSM record"
    );
}

#[test]
fn a_listed_region_joins_a_thousand_hosts_with_one_ssm_call() {
    for n in [1usize, 250, 1000, 2500] {
        let fleet = FakeFleet::with(&[("edge", n)]);
        let loaded = load(&fleet, &["edge"], listing_ssm());
        assert_eq!(fleet.count("DescribeInstanceInformation"), 0, "{n}");
        assert_eq!(
            fleet.count("DescribeInstanceProperties"),
            n.div_ceil(1000),
            "{n}"
        );
        assert_eq!(loaded.report.calls.ssm_listing, n.div_ceil(1000));
        assert_eq!(loaded.report.calls.ssm, 0);
        assert_every_row_joined(&loaded.events, n);
        assert_eq!(loaded.events.last(), Some(&finished(n, n)));
    }
}

#[test]
fn hosts_the_listing_does_not_hold_are_looked_up_by_id() {
    let mut fleet = FakeFleet::with(&[("edge", 300)]);
    fleet.unlisted = HashSet::from([7, 150, 299]);
    let loaded = load(&fleet, &["edge"], listing_ssm());
    assert_eq!(fleet.count("DescribeInstanceProperties"), 1);
    assert_eq!(fleet.count("DescribeInstanceInformation"), 1);
    let mut looked_up = fleet.ssm_ids.borrow().clone();
    looked_up.sort();
    let mut expected: Vec<String> = [7, 150, 299]
        .iter()
        .map(|&i| fleet.instance_id("edge", i))
        .collect();
    expected.sort();
    assert_eq!(looked_up, expected);
    assert_every_row_joined(&loaded.events, 300);
}

#[test]
fn a_refused_listing_leaves_the_hosts_to_lookups_by_id_and_reports_nothing() {
    let mut fleet = FakeFleet::with(&[("edge", 500)]);
    fleet.deny_listing_from = Some(0);
    let loaded = load(&fleet, &["edge"], listing_ssm());
    assert_eq!(fleet.count("DescribeInstanceProperties"), 1);
    assert_eq!(fleet.count("DescribeInstanceInformation"), 10);
    assert_every_row_joined(&loaded.events, 500);
    assert_eq!(loaded.report.failures, 0);
    assert!(
        !loaded
            .events
            .iter()
            .any(|e| matches!(e, LoadEvent::Failed(_)))
    );
}

#[test]
fn a_listing_that_fails_part_way_keeps_the_records_it_read() {
    let mut fleet = FakeFleet::with(&[("edge", 1500)]);
    fleet.deny_listing_from = Some(1000);
    let loaded = load(&fleet, &["edge"], listing_ssm());
    assert_eq!(fleet.count("DescribeInstanceProperties"), 2);
    // Only the 500 hosts of the refused page are looked up, 50 at a time.
    assert_eq!(fleet.count("DescribeInstanceInformation"), 10);
    assert_eq!(fleet.ssm_ids.borrow().len(), 500);
    assert_every_row_joined(&loaded.events, 1500);
}

#[test]
fn a_region_of_many_other_hybrid_nodes_is_listed_no_further_than_the_slack() {
    let mut fleet = FakeFleet::with(&[("edge", 100)]);
    // The clusters' 100 hosts come after 5,000 other nodes: listing to them would take six pages.
    fleet.other_managed = 5000;
    let loaded = load(&fleet, &["edge"], listing_ssm());
    // 100 hosts + the slack of 1,000 records: two pages, then the hosts are looked up by id.
    assert_eq!(fleet.count("DescribeInstanceProperties"), 2);
    assert_eq!(fleet.count("DescribeInstanceInformation"), 2);
    assert_every_row_joined(&loaded.events, 100);
}

#[test]
fn the_listing_stops_once_every_host_has_its_record() {
    let mut fleet = FakeFleet::with(&[("edge", 100)]);
    // The hosts come first, 3,000 other nodes after them: four pages in all.
    fleet.other_managed_after = 3000;
    let loaded = load(&fleet, &["edge"], listing_ssm());
    // The first page holds every host, but it is answered while the hosts are still being
    // described, so one more page is read before the load knows that no host is left waiting.
    assert_eq!(fleet.count("DescribeInstanceProperties"), 2);
    assert_eq!(fleet.count("DescribeInstanceInformation"), 0);
    assert_every_row_joined(&loaded.events, 100);
}
