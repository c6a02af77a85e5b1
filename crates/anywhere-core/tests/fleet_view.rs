//! The fleet table's view: facets and their counts, free-text search, sorting, the URL form of
//! the state, refresh diffs, and a 10,000-host fleet.

use std::collections::{BTreeMap, BTreeSet};

use anywhere_core::aws::Timestamp;
use anywhere_core::aws::ecs::{Attribute, ContainerInstance, Resource, Tag, VersionInfo};
use anywhere_core::aws::ssm::InstanceInformation;
use anywhere_core::fleet::sort::extend_order;
use anywhere_core::fleet::{
    COLUMNS, Column, FleetIndex, HealthPolicy, Host, RegionScope, Sort, Version, ViewState, diff,
    facet_counts, sorted_order, view,
};
use proptest::prelude::*;

/// A host described by the fields the tests vary.
#[derive(Clone)]
struct Spec {
    index: usize,
    cluster: &'static str,
    status: &'static str,
    connected: bool,
    ping: Option<&'static str>,
    hostname: Option<String>,
    ip: Option<String>,
    agent: &'static str,
    arch: &'static str,
    os: (&'static str, &'static str),
    attributes: Vec<(&'static str, Option<&'static str>)>,
    tags: Vec<(&'static str, &'static str)>,
    running: i32,
    cpu: Option<(i64, i64)>,
}

impl Spec {
    fn new(index: usize) -> Self {
        Spec {
            index,
            cluster: "prod",
            status: "ACTIVE",
            connected: true,
            ping: Some("Online"),
            hostname: Some(format!("edge-{index:05}")),
            ip: Some(format!("10.0.{}.{}", index / 256, index % 256)),
            agent: "1.89.2",
            arch: "x86_64",
            os: ("Ubuntu", "22.04"),
            attributes: vec![],
            tags: vec![],
            running: 0,
            cpu: Some((2048, 2048)),
        }
    }

    fn build(self) -> Host {
        let id = format!("mi-{:017x}", self.index);
        let mut attributes = vec![
            Attribute {
                name: "ecs.capability.external".into(),
                ..Default::default()
            },
            Attribute {
                name: "ecs.cpu-architecture".into(),
                value: Some(self.arch.into()),
                ..Default::default()
            },
        ];
        attributes.extend(self.attributes.iter().map(|(name, value)| Attribute {
            name: name.to_string(),
            value: value.map(str::to_owned),
            ..Default::default()
        }));
        let resources = |value: Option<i64>| {
            value
                .map(|v| {
                    vec![Resource {
                        name: "CPU".into(),
                        integer_value: Some(v),
                        ..Default::default()
                    }]
                })
                .unwrap_or_default()
        };
        let instance = ContainerInstance {
            container_instance_arn: format!(
                "arn:aws:ecs:eu-west-1:123456789012:container-instance/{}/{:032x}",
                self.cluster, self.index
            ),
            ec2_instance_id: Some(id.clone()),
            status: self.status.into(),
            agent_connected: self.connected,
            running_tasks_count: self.running,
            version_info: Some(VersionInfo {
                agent_version: Some(self.agent.into()),
                docker_version: Some("DockerVersion: 25.0.6".into()),
                ..Default::default()
            }),
            registered_resources: resources(self.cpu.map(|c| c.0)),
            remaining_resources: resources(self.cpu.map(|c| c.1)),
            attributes,
            tags: self
                .tags
                .iter()
                .map(|(key, value)| Tag {
                    key: key.to_string(),
                    value: value.to_string(),
                })
                .collect(),
            registered_at: Some(Timestamp(1_700_000_000.0 + self.index as f64)),
            ..Default::default()
        };
        let ssm = self.ping.map(|ping| InstanceInformation {
            instance_id: id,
            ping_status: Some(ping.into()),
            computer_name: self.hostname.clone(),
            ip_address: self.ip.clone(),
            platform_name: Some(self.os.0.into()),
            platform_version: Some(self.os.1.into()),
            ..Default::default()
        });
        Host::new(self.cluster, instance, ssm)
    }
}

/// The column with this key.
fn col(key: &str) -> &'static Column {
    Column::from_key(key).unwrap()
}

fn policy() -> HealthPolicy {
    HealthPolicy {
        latest_agent_version: Version::parse("1.89.2"),
    }
}

fn state(facets: &[(&'static Column, &[&str])]) -> ViewState {
    ViewState {
        facets: facets
            .iter()
            .map(|(facet, values)| (*facet, values.iter().map(|v| v.to_string()).collect()))
            .collect(),
        ..Default::default()
    }
}

/// Six hosts with distinct problems.
fn small_fleet() -> Vec<Host> {
    let mut specs: Vec<Spec> = (0..6).map(Spec::new).collect();
    specs[1].status = "DRAINING";
    specs[2].connected = false;
    specs[3].ping = Some("ConnectionLost");
    specs[3].arch = "arm64";
    specs[4].agent = "1.80.0";
    specs[4].arch = "arm64";
    specs[4].attributes = vec![("site", Some("munich")), ("gpu", None)];
    specs[5].cluster = "lab";
    specs[5].attributes = vec![("site", Some("stuttgart"))];
    specs[5].tags = vec![("Team", "Edge-Ops")];
    specs.into_iter().map(Spec::build).collect()
}

fn counts_of(hosts: &[Host], state: &ViewState, facet: &'static Column) -> BTreeMap<String, usize> {
    facet_counts(hosts, state, &policy())
        .into_iter()
        .find(|counts| counts.column == facet)
        .unwrap()
        .values
        .into_iter()
        .collect()
}

#[test]
fn facets_are_alternatives_within_and_conjunctions_across() {
    let hosts = small_fleet();
    let p = policy();
    assert_eq!(
        view(&hosts, &ViewState::default(), &p),
        vec![0, 1, 2, 3, 4, 5]
    );
    assert_eq!(
        view(&hosts, &state(&[(col("arch"), &["arm64"])]), &p),
        vec![3, 4]
    );
    assert_eq!(
        view(
            &hosts,
            &state(&[(col("status"), &["ACTIVE", "DRAINING"])]),
            &p
        ),
        vec![0, 1, 2, 3, 4, 5]
    );
    assert_eq!(
        view(
            &hosts,
            &state(&[(col("arch"), &["arm64"]), (col("ssm_ping"), &["Online"])]),
            &p
        ),
        vec![4]
    );
    assert_eq!(
        view(
            &hosts,
            &state(&[(col("agent_connected"), &["disconnected"])]),
            &p
        ),
        vec![2]
    );
    assert_eq!(
        view(
            &hosts,
            &state(&[(col("health"), &["Outdated agent", "Draining"])]),
            &p
        ),
        vec![1, 4]
    );
    assert_eq!(
        view(
            &hosts,
            &state(&[(col("attributes"), &["site=munich", "gpu"])]),
            &p
        ),
        vec![4]
    );
    assert_eq!(
        view(&hosts, &state(&[(col("agent_version"), &["1.80.0"])]), &p),
        vec![4]
    );
    assert_eq!(
        view(&hosts, &state(&[(col("os"), &["Ubuntu 22.04"])]), &p).len(),
        6
    );
    let lab = ViewState {
        cluster: Some("lab".into()),
        ..Default::default()
    };
    assert_eq!(view(&hosts, &lab, &p), vec![5]);
}

#[test]
fn facet_counts_set_their_own_selection_aside() {
    let hosts = small_fleet();
    let none = ViewState::default();
    assert_eq!(
        counts_of(&hosts, &none, col("arch")),
        BTreeMap::from([("arm64".into(), 2), ("x86_64".into(), 4)])
    );
    assert_eq!(
        counts_of(&hosts, &none, col("attributes")),
        BTreeMap::from([
            ("gpu".into(), 1),
            ("site=munich".into(), 1),
            ("site=stuttgart".into(), 1)
        ])
    );
    assert_eq!(
        counts_of(&hosts, &none, col("health")),
        BTreeMap::from([
            ("Healthy".into(), 2),
            ("Draining".into(), 1),
            ("ECS agent disconnected".into(), 1),
            ("SSM connection lost".into(), 1),
            ("Outdated agent".into(), 1),
        ])
    );
    let arm = state(&[(col("arch"), &["arm64"])]);
    // Selecting arm64 leaves the arch counts as they were (they show what each choice would give)
    // and narrows the others.
    assert_eq!(
        counts_of(&hosts, &arm, col("arch")),
        counts_of(&hosts, &none, col("arch"))
    );
    assert_eq!(
        counts_of(&hosts, &arm, col("ssm_ping")),
        BTreeMap::from([("ConnectionLost".into(), 1), ("Online".into(), 1)])
    );
    // A selected value no row has is still listed, with 0, so it can be cleared.
    let ghost = state(&[(col("os"), &["Plan 9"])]);
    assert_eq!(counts_of(&hosts, &ghost, col("os")).get("Plan 9"), Some(&0));
    assert!(view(&hosts, &ghost, &policy()).is_empty());
}

/// The rows a free-text search shows.
fn searched(hosts: &[Host], query: &str) -> Vec<u32> {
    view(
        hosts,
        &ViewState {
            query: query.into(),
            ..Default::default()
        },
        &policy(),
    )
}

#[test]
fn search_ignores_case_needs_every_word_and_skips_the_agents_attributes() {
    let hosts = small_fleet();
    let search = |query: &str| searched(&hosts, query);
    assert_eq!(search("EDGE-00003"), vec![3]);
    assert_eq!(search("mi-00000000000000004"), vec![4]);
    assert_eq!(search("10.0.0.5"), vec![5]);
    assert_eq!(search("MUNICH"), vec![4]);
    assert_eq!(search("site"), vec![4, 5]);
    assert_eq!(search("edge-ops"), vec![5]);
    assert_eq!(search("team stuttgart"), vec![5]);
    assert_eq!(search("team munich"), Vec::<u32>::new());
    assert_eq!(search("   "), vec![0, 1, 2, 3, 4, 5]);
    assert!(search("ecs.capability").is_empty());
    assert!(search("cpu-architecture").is_empty());
    assert_eq!(search("site=munich"), vec![4]);
    assert_eq!(search("team=edge"), vec![5]);
    let mut umlaut = Spec::new(9);
    umlaut.attributes = vec![("ort", Some("MÜNCHEN"))];
    let hosts = vec![umlaut.build()];
    let found = view(
        &hosts,
        &ViewState {
            query: "münchen".into(),
            ..Default::default()
        },
        &policy(),
    );
    assert_eq!(found, vec![0]);
}

fn sorted(hosts: &[Host], column: &'static Column, descending: bool) -> Vec<u32> {
    view(
        hosts,
        &ViewState {
            sort: Some(Sort { column, descending }),
            ..Default::default()
        },
        &policy(),
    )
}

#[test]
fn sorting_is_stable_typed_and_puts_missing_values_last() {
    let mut specs: Vec<Spec> = (0..5).map(Spec::new).collect();
    specs[0].agent = "1.9.0";
    specs[1].agent = "1.10.0";
    specs[2].agent = "1.10.0";
    specs[3].agent = "1.2.0";
    specs[4].agent = "1.10.0";
    specs[0].ip = Some("10.0.0.10".into());
    specs[1].ip = Some("10.0.0.9".into());
    specs[2].ip = None;
    specs[3].ip = Some("2001:db8::1".into());
    specs[4].ip = Some("192.168.1.1".into());
    specs[0].hostname = Some("beta".into());
    specs[1].hostname = Some("Alpha".into());
    specs[2].hostname = Some("alpha".into());
    specs[3].hostname = None;
    specs[4].hostname = Some("gamma".into());
    specs[0].cpu = Some((2048, 1024));
    specs[1].cpu = None;
    specs[2].cpu = Some((2048, 0));
    specs[3].cpu = Some((1024, 1024));
    specs[4].cpu = Some((4096, 3072));
    let hosts: Vec<Host> = specs.into_iter().map(Spec::build).collect();

    // Ties (1.10.0 on rows 1, 2, 4) keep the load order in both directions.
    assert_eq!(
        sorted(&hosts, col("agent_version"), false),
        vec![3, 0, 1, 2, 4]
    );
    assert_eq!(
        sorted(&hosts, col("agent_version"), true),
        vec![1, 2, 4, 0, 3]
    );
    assert_eq!(sorted(&hosts, col("ip"), false), vec![1, 0, 4, 3, 2]);
    assert_eq!(sorted(&hosts, col("ip"), true), vec![3, 4, 0, 1, 2]);
    assert_eq!(sorted(&hosts, col("hostname"), false), vec![1, 2, 0, 4, 3]);
    assert_eq!(sorted(&hosts, col("hostname"), true), vec![4, 0, 2, 1, 3]);
    assert_eq!(sorted(&hosts, col("cpu_used"), false), vec![3, 0, 4, 2, 1]);
    assert_eq!(sorted(&hosts, col("cpu_used"), true), vec![2, 0, 4, 3, 1]);
    assert_eq!(
        sorted(&hosts, col("registered_at"), true),
        vec![4, 3, 2, 1, 0]
    );
    // Health sorts worst first: outdated agents (1.9.0, 1.10.0, 1.2.0 < 1.89.2) before healthy.
    assert_eq!(sorted(&hosts, col("health"), false), vec![0, 1, 2, 3, 4]);

    // Every column sorts without panicking and returns a permutation.
    for column in COLUMNS {
        for descending in [false, true] {
            let mut rows = sorted(&hosts, column, descending);
            rows.sort();
            assert_eq!(rows, vec![0, 1, 2, 3, 4], "{column:?}");
        }
    }
}

#[test]
fn view_state_in_the_url() {
    let mut state = ViewState {
        cluster: Some("prod & lab".into()),
        query: "edge 10.0.0.%".into(),
        sort: Some(Sort {
            column: col("memory_used"),
            descending: true,
        }),
        ..Default::default()
    };
    state.toggle(col("status"), "DRAINING");
    state.toggle(col("status"), "ACTIVE");
    state.toggle(col("attributes"), "site=münchen,2");
    let text = state.to_query_string();
    assert_eq!(
        text,
        "cluster=prod%20%26%20lab&status=ACTIVE&status=DRAINING&attr=site%3Dm%C3%BCnchen%2C2&q=edge%2010.0.0.%25&sort=-memory_used"
    );
    assert_eq!(ViewState::from_query_string(&text), state);
    assert_eq!(ViewState::from_query_string(&format!("?{text}")), state);
    state.toggle(col("status"), "ACTIVE");
    state.toggle(col("status"), "DRAINING");
    assert!(!state.facets.contains_key(col("status")));
    assert_eq!(ViewState::default().to_query_string(), "");
}

#[test]
fn garbage_in_the_url_opens_a_view_anyway() {
    let state =
        ViewState::from_query_string("&&=&sort=-nonsense&status&q=a+b%2&ping=%ZZ&unknown=1");
    assert_eq!(state.sort, None);
    assert_eq!(state.query, "a b%2");
    assert_eq!(
        state.facets,
        BTreeMap::from([
            (col("status"), BTreeSet::from([String::new()])),
            (col("ssm_ping"), BTreeSet::from(["%ZZ".to_owned()])),
        ])
    );
}

fn any_facet() -> impl Strategy<Value = &'static Column> {
    prop::sample::select(Column::facets().collect::<Vec<_>>())
}

fn any_sort() -> impl Strategy<Value = Option<Sort>> {
    prop::option::of(
        (
            prop::sample::select(COLUMNS.iter().collect::<Vec<_>>()),
            any::<bool>(),
        )
            .prop_map(|(column, descending)| Sort { column, descending }),
    )
}

proptest! {
    #[test]
    fn every_state_survives_the_url(
        cluster in prop::option::of(any::<String>()),
        query in any::<String>(),
        facets in prop::collection::btree_map(
            any_facet(),
            prop::collection::btree_set(any::<String>(), 1..4),
            0..4,
        ),
        sort in any_sort(),
        regions in prop_oneof![
            Just(RegionScope::Connection),
            Just(RegionScope::All),
            prop::collection::btree_set("[a-z]{2}-[a-z]{4,9}-[1-9]", 1..4).prop_map(RegionScope::Chosen),
        ],
    ) {
        let state = ViewState { regions, cluster, facets, query, sort };
        let text = state.to_query_string();
        prop_assert!(text.bytes().all(|b| b.is_ascii_graphic()));
        prop_assert_eq!(ViewState::from_query_string(&text), state);
    }

    #[test]
    fn any_text_reads_as_a_state_that_then_round_trips(
        text in "(status|attr|q|sort|cluster|regions|all|,|ping|-cpu_used|%C3|%|[&=+?a-zA-F0-9 ü-]){0,24}"
    ) {
        let state = ViewState::from_query_string(&text);
        prop_assert_eq!(ViewState::from_query_string(&state.to_query_string()), state);
    }
}

#[test]
fn refresh_marks_what_an_operator_would_see_change() {
    let old: Vec<Host> = (0..4).map(|i| Spec::new(i).build()).collect();
    let mut specs: Vec<Spec> = (1..5).map(Spec::new).collect();
    specs[0].status = "DRAINING";
    specs[1].running = 2;
    let mut new: Vec<Host> = specs.into_iter().map(Spec::build).collect();
    // Only the last ping moved on host 3: not a change.
    let mut instance = new[2].container_instance().clone();
    let mut ssm = new[2].ssm().cloned().unwrap();
    ssm.last_ping_date_time = Some(Timestamp(1_800_000_000.0));
    instance.version = Some(7);
    new[2] = Host::new("prod", instance, Some(ssm));
    let changes = diff(&old, &new);
    assert_eq!(changes.added, vec![new[3].key().to_owned()]);
    assert_eq!(
        changes.changed,
        vec![new[0].key().to_owned(), new[1].key().to_owned()]
    );
    assert_eq!(changes.removed, vec![old[0].key().to_owned()]);
    assert!(diff(&old, &old).is_empty());
}

#[test]
fn ten_thousand_hosts_filter_sort_and_count() {
    let arches = ["x86_64", "arm64"];
    let sites = ["munich", "stuttgart", "berlin", "hamburg", "köln"];
    let hosts: Vec<Host> = (0..10_000)
        .map(|i| {
            let mut spec = Spec::new(i);
            spec.arch = arches[i % 2];
            spec.status = if i % 7 == 0 { "DRAINING" } else { "ACTIVE" };
            spec.connected = i % 13 != 0;
            spec.running = (i % 5) as i32;
            spec.attributes = vec![("site", Some(sites[i % 5]))];
            spec.build()
        })
        .collect();
    let p = policy();
    let mut state = state(&[(col("arch"), &["arm64"]), (col("status"), &["DRAINING"])]);
    state.query = "EDGE-0".into();
    state.sort = Some(Sort {
        column: col("hostname"),
        descending: true,
    });
    let rows = view(&hosts, &state, &p);
    let expected: Vec<u32> = (0..10_000u32)
        .rev()
        .filter(|i| i % 2 == 1 && i % 7 == 0)
        .collect();
    assert_eq!(rows, expected);

    // Every count equals the size of the view with that value selected instead.
    for counts in facet_counts(&hosts, &state, &p) {
        for (value, count) in counts.values.iter().take(6) {
            let mut alternative = state.clone();
            alternative
                .facets
                .insert(counts.column, BTreeSet::from([value.clone()]));
            assert_eq!(
                view(&hosts, &alternative, &p).len(),
                *count,
                "{:?} = {value}",
                counts.column
            );
        }
    }
    let by_running = view(
        &hosts,
        &ViewState {
            sort: Some(Sort {
                column: col("running_tasks"),
                descending: false,
            }),
            ..Default::default()
        },
        &p,
    );
    assert_eq!(by_running.len(), 10_000);
    assert_eq!(&by_running[..3], &[0, 5, 10]);
}

/// Sixty hosts varied in every sorted column, with ties.
fn varied_fleet() -> Vec<Host> {
    let agents = ["1.89.2", "1.10.0", "1.9.0", "weird"];
    let statuses = ["ACTIVE", "DRAINING", "REGISTERING"];
    (0..60)
        .map(|i| {
            let mut spec = Spec::new(i);
            spec.agent = agents[i % 4];
            spec.status = statuses[i % 3];
            spec.connected = i % 5 != 0;
            spec.ping = [Some("Online"), None, Some("ConnectionLost")][i % 3];
            spec.hostname = (i % 7 != 0).then(|| format!("h-{}", (i * 37) % 11));
            spec.ip = (i % 6 != 0).then(|| format!("10.0.{}.{}", i % 3, (i * 13) % 9));
            spec.running = (i % 4) as i32;
            spec.cpu = (i % 9 != 0).then_some((2048, (i as i64 * 100) % 2048));
            spec.attributes = match i % 3 {
                0 => vec![("site", Some("munich"))],
                1 => vec![("gpu", None), ("site", Some("köln"))],
                _ => vec![],
            };
            spec.build()
        })
        .collect()
}

#[test]
fn a_fleet_prepared_page_by_page_is_the_fleet_prepared_at_once() {
    let hosts = varied_fleet();
    let p = policy();
    let whole = FleetIndex::new(&hosts, &p);
    let mut paged = FleetIndex::new(&hosts[..7], &p);
    for end in [20, 21, 45, 60] {
        paged.extend(&hosts[..end], &p);
    }
    assert_eq!(paged.len(), 60);
    for row in 0..60 {
        for column in COLUMNS {
            assert_eq!(paged.cell(row, column), whole.cell(row, column));
        }
    }
    assert_eq!(whole.cell(5, col("agent_connected")), "disconnected");
    assert_eq!(whole.cell(0, col("registered_at")), "2023-11-14T22:13:20Z");
    // Each pair isolated, so a right-to-left value cannot reorder its neighbours.
    assert_eq!(
        whole.cell(1, col("attributes")),
        "\u{2068}gpu\u{2069}, \u{2068}site=köln\u{2069}"
    );
    assert_eq!(whole.cell(6, col("health")), "Outdated agent");
    assert_eq!(whole.cell(12, col("health")), "Healthy");
    assert_eq!(whole.cell(99, col("id")), "");
    let state = state(&[(col("arch"), &["x86_64"]), (col("status"), &["DRAINING"])]);
    let order: Vec<u32> = (0..60).collect();
    let (a, b) = (
        whole.filter(&state, &whole.search(&state, &order, None)),
        paged.filter(&state, &paged.search(&state, &order, None)),
    );
    assert_eq!(a.rows, b.rows);
    assert_eq!(
        whole.facet_counts(&state, &a),
        paged.facet_counts(&state, &b)
    );

    // A newer agent in a later page changes every host's health: all are prepared again.
    let newer = HealthPolicy {
        latest_agent_version: Version::parse("1.90.0"),
    };
    paged.extend(&hosts, &newer);
    assert_eq!(paged.cell(12, col("health")), "Outdated agent");
    assert_eq!(paged.len(), 60);
}

#[test]
fn appended_rows_merge_into_the_sorted_order() {
    let hosts = varied_fleet();
    let p = policy();
    for column in COLUMNS {
        for descending in [false, true] {
            let sort = Some(Sort { column, descending });
            let mut order = sorted_order(&hosts[..13], sort, &p);
            for end in [14, 30, 59, 60] {
                extend_order(&hosts[..end], &mut order, sort, &p);
            }
            assert_eq!(
                order,
                sorted_order(&hosts, sort, &p),
                "{column:?} {descending}"
            );
        }
    }
    let mut order = sorted_order(&hosts[..10], None, &p);
    extend_order(&hosts, &mut order, None, &p);
    assert_eq!(order, (0..60).collect::<Vec<u32>>());
}

#[test]
fn a_query_that_extends_the_previous_one_narrows_its_matches() {
    let hosts = varied_fleet();
    let index = FleetIndex::new(&hosts, &policy());
    let order = sorted_order(
        &hosts,
        Some(Sort {
            column: col("hostname"),
            descending: false,
        }),
        &policy(),
    );
    let mut previous: Option<anywhere_core::fleet::index::Search> = None;
    let mut typed = String::new();
    let keys: Vec<Option<char>> = "h-1 Site=K"
        .chars()
        .map(Some)
        .chain([None, None, Some('m'), None, None, None, None, None])
        .collect();
    for key in keys {
        match key {
            Some(c) => typed.push(c),
            None => {
                typed.pop();
            }
        }
        let state = ViewState {
            query: typed.clone(),
            ..Default::default()
        };
        let narrowed = index.search(&state, &order, previous.as_ref());
        let fresh = index.search(&state, &order, None);
        let shown = index.filter(&state, &narrowed).rows;
        assert_eq!(shown, index.filter(&state, &fresh).rows, "{typed:?}");
        assert_eq!(
            shown,
            view(
                &hosts,
                &ViewState {
                    sort: Some(Sort {
                        column: col("hostname"),
                        descending: false
                    }),
                    ..state.clone()
                },
                &policy()
            )
        );
        previous = Some(narrowed);
    }
    // A narrowed search in another cluster starts again.
    let lab = ViewState {
        cluster: Some("lab".into()),
        query: typed,
        ..Default::default()
    };
    assert!(
        index
            .filter(&lab, &index.search(&lab, &order, previous.as_ref()))
            .rows
            .is_empty()
    );
}

/// A host shown before its SSM record is back, as the loader sends its first page.
fn awaiting_record(spec: Spec) -> Host {
    let built = spec.build();
    Host::awaiting_record(built.cluster(), built.container_instance().clone())
}

#[test]
fn a_host_awaiting_its_ssm_record_shows_pending_cells_not_missing_values() {
    let mut disconnected = Spec::new(1);
    disconnected.connected = false;
    let hosts = vec![awaiting_record(Spec::new(0)), awaiting_record(disconnected)];
    let index = FleetIndex::new(&hosts, &policy());
    for key in [
        "hostname",
        "ssm_ping",
        "last_ping",
        "ip",
        "ssm_agent_version",
    ] {
        assert_eq!(index.cell(0, col(key)), "…", "{key}");
    }
    // ECS alone says the agent is disconnected; a connected agent's health waits for SSM's ping.
    assert_eq!(index.cell(0, col("health")), "…");
    assert_eq!(index.cell(0, col("health_reason")), "…");
    assert_eq!(index.cell(1, col("health")), "ECS agent disconnected");
    assert_ne!(index.cell(1, col("health_reason")), "…");
    // What ECS knows is shown.
    assert_eq!(index.cell(0, col("status")), "ACTIVE");
    assert_eq!(index.cell(0, col("agent_version")), "1.89.2");

    // No facet value, no search match, no health class counted until the record is there.
    let all = ViewState::default();
    assert!(counts_of(&hosts, &all, col("ssm_ping")).is_empty());
    assert_eq!(
        counts_of(&hosts, &all, col("health")),
        BTreeMap::from([("ECS agent disconnected".to_owned(), 1)])
    );
    let search = |query: &str| searched(&hosts, query);
    assert!(search("…").is_empty());
    assert!(search("unknown").is_empty());
    let summaries = anywhere_core::fleet::summarize(&hosts, &policy());
    let classified: usize = summaries[0].health.iter().map(|(_, count)| count).sum();
    assert_eq!((summaries[0].total, classified), (2, 1));

    // Pending values sort after known ones, whichever the direction.
    let mixed = vec![awaiting_record(Spec::new(0)), Spec::new(2).build()];
    assert_eq!(sorted(&mixed, col("hostname"), false), vec![1, 0]);
    assert_eq!(sorted(&mixed, col("hostname"), true), vec![1, 0]);

    // Exports leave the pending values empty, not "…" or "Unknown".
    let csv = anywhere_core::fleet::to_csv(&hosts, &[0], &policy());
    assert!(!csv.contains('…') && !csv.contains("Unknown"), "{csv}");
    let json = anywhere_core::fleet::to_json(&hosts, &[0], &policy());
    assert!(
        json.contains(r#""hostname":null"#) && json.contains(r#""ssm_ping":null"#),
        "{json}"
    );

    // Joined with their records, the same hosts show them.
    let joined: Vec<Host> = [Spec::new(0), Spec::new(1)].map(Spec::build).into();
    let index = FleetIndex::new(&joined, &policy());
    assert_eq!(index.cell(0, col("hostname")), "edge-00000");
    assert_eq!(index.cell(0, col("health")), "Healthy");
}
