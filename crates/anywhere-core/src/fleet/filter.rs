//! The fleet table's view: which rows show (cluster, facets, free-text search), in which order,
//! with the counts beside each facet value, and the state written to and read from the URL.
//!
//! Operations take `&[Host]` and return row positions (`u32`), never clones, so a view of 10,000
//! hosts costs one pass and one sort of integers.
//!
//! Facet semantics: values selected in one facet are alternatives (status ACTIVE *or* DRAINING);
//! different facets must all hold. A facet value's count is the number of rows the view would show
//! with that value selected in place of the facet's current selection, as storefront facets count.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::net::IpAddr;

use super::health::{HealthPolicy, classify};
use super::host::Host;
use super::query_string;
use super::version::Version;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Facet {
    Status,
    Health,
    /// Whether the ECS agent is connected: `connected` or `disconnected`.
    Connectivity,
    Ping,
    Os,
    Arch,
    AgentVersion,
    /// Custom attributes as `name=value`, or `name` for one without a value.
    Attribute,
}

impl Facet {
    pub const ALL: [Facet; 8] = [
        Facet::Status,
        Facet::Health,
        Facet::Connectivity,
        Facet::Ping,
        Facet::Os,
        Facet::Arch,
        Facet::AgentVersion,
        Facet::Attribute,
    ];

    /// The name in the URL.
    pub fn key(self) -> &'static str {
        match self {
            Facet::Status => "status",
            Facet::Health => "health",
            Facet::Connectivity => "agent",
            Facet::Ping => "ping",
            Facet::Os => "os",
            Facet::Arch => "arch",
            Facet::AgentVersion => "version",
            Facet::Attribute => "attr",
        }
    }

    pub fn from_key(key: &str) -> Option<Facet> {
        Facet::ALL.into_iter().find(|facet| facet.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Facet::Status => "Status",
            Facet::Health => "Health",
            Facet::Connectivity => "ECS agent",
            Facet::Ping => "SSM ping",
            Facet::Os => "OS",
            Facet::Arch => "Architecture",
            Facet::AgentVersion => "ECS agent version",
            Facet::Attribute => "Attribute",
        }
    }
}

/// Every column of the fleet table, each sortable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    Cluster,
    ManagedInstanceId,
    Hostname,
    Status,
    Health,
    AgentConnected,
    Ping,
    LastPing,
    IpAddress,
    AgentVersion,
    DockerVersion,
    Os,
    Arch,
    RunningTasks,
    PendingTasks,
    CpuUsed,
    CpuTotal,
    MemoryUsed,
    MemoryTotal,
    RegisteredAt,
}

impl Column {
    pub const ALL: [Column; 20] = [
        Column::Cluster,
        Column::ManagedInstanceId,
        Column::Hostname,
        Column::Status,
        Column::Health,
        Column::AgentConnected,
        Column::Ping,
        Column::LastPing,
        Column::IpAddress,
        Column::AgentVersion,
        Column::DockerVersion,
        Column::Os,
        Column::Arch,
        Column::RunningTasks,
        Column::PendingTasks,
        Column::CpuUsed,
        Column::CpuTotal,
        Column::MemoryUsed,
        Column::MemoryTotal,
        Column::RegisteredAt,
    ];

    /// The name in the URL and in exports.
    pub fn key(self) -> &'static str {
        match self {
            Column::Cluster => "cluster",
            Column::ManagedInstanceId => "id",
            Column::Hostname => "hostname",
            Column::Status => "status",
            Column::Health => "health",
            Column::AgentConnected => "agent_connected",
            Column::Ping => "ssm_ping",
            Column::LastPing => "last_ping",
            Column::IpAddress => "ip",
            Column::AgentVersion => "agent_version",
            Column::DockerVersion => "docker_version",
            Column::Os => "os",
            Column::Arch => "arch",
            Column::RunningTasks => "running_tasks",
            Column::PendingTasks => "pending_tasks",
            Column::CpuUsed => "cpu_used",
            Column::CpuTotal => "cpu_total",
            Column::MemoryUsed => "memory_used",
            Column::MemoryTotal => "memory_total",
            Column::RegisteredAt => "registered_at",
        }
    }

    pub fn from_key(key: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|column| column.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Column::Cluster => "Cluster",
            Column::ManagedInstanceId => "Managed instance",
            Column::Hostname => "Hostname",
            Column::Status => "Status",
            Column::Health => "Health",
            Column::AgentConnected => "ECS agent",
            Column::Ping => "SSM ping",
            Column::LastPing => "Last ping",
            Column::IpAddress => "IP address",
            Column::AgentVersion => "Agent version",
            Column::DockerVersion => "Docker version",
            Column::Os => "OS",
            Column::Arch => "Arch",
            Column::RunningTasks => "Running",
            Column::PendingTasks => "Pending",
            Column::CpuUsed => "CPU used",
            Column::CpuTotal => "CPU total",
            Column::MemoryUsed => "Memory used (MiB)",
            Column::MemoryTotal => "Memory total (MiB)",
            Column::RegisteredAt => "Registered at",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub column: Column,
    pub descending: bool,
}

/// What the fleet table shows; lives in the URL.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ViewState {
    /// `None` for all clusters.
    pub cluster: Option<String>,
    /// Selected values per facet; a facet with no values selected does not filter.
    pub facets: BTreeMap<Facet, BTreeSet<String>>,
    /// Free text: every whitespace-separated word must occur, ignoring case, in the managed
    /// instance id, hostname, IP address, an attribute or a tag.
    pub query: String,
    /// `None` keeps the load order.
    pub sort: Option<Sort>,
}

impl ViewState {
    /// Selects `value` in `facet`, or clears it if it was selected.
    pub fn toggle(&mut self, facet: Facet, value: &str) {
        let values = self.facets.entry(facet).or_default();
        if !values.remove(value) {
            values.insert(value.to_owned());
        }
        if values.is_empty() {
            self.facets.remove(&facet);
        }
    }

    /// `cluster=…&status=ACTIVE&status=DRAINING&q=…&sort=-cpu_used`, percent-encoded, one pair
    /// per selected facet value so values may hold any character.
    pub fn to_query_string(&self) -> String {
        let mut out = String::new();
        let mut pair = |key: &str, value: &str| {
            if !out.is_empty() {
                out.push('&');
            }
            query_string::encode(key, &mut out);
            out.push('=');
            query_string::encode(value, &mut out);
        };
        if let Some(cluster) = &self.cluster {
            pair("cluster", cluster);
        }
        for (facet, values) in &self.facets {
            for value in values {
                pair(facet.key(), value);
            }
        }
        if !self.query.is_empty() {
            pair("q", &self.query);
        }
        if let Some(sort) = self.sort {
            let sign = if sort.descending { "-" } else { "" };
            pair("sort", &format!("{sign}{}", sort.column.key()));
        }
        out
    }

    /// Reads what [`ViewState::to_query_string`] wrote. Unknown keys and unknown sort columns are
    /// ignored, so an old or hand-edited link still opens a view.
    pub fn from_query_string(query: &str) -> ViewState {
        let mut state = ViewState::default();
        for (key, value) in query_string::pairs(query) {
            match key.as_str() {
                "cluster" => state.cluster = Some(value),
                "q" => state.query = value,
                "sort" => {
                    let (descending, name) = match value.strip_prefix('-') {
                        Some(name) => (true, name),
                        None => (false, value.as_str()),
                    };
                    if let Some(column) = Column::from_key(name) {
                        state.sort = Some(Sort { column, descending });
                    }
                }
                other => {
                    if let Some(facet) = Facet::from_key(other) {
                        state.facets.entry(facet).or_default().insert(value);
                    }
                }
            }
        }
        state
    }
}

/// Calls `each` with every value `host` has in `facet` (several for attributes).
fn facet_values(host: &Host, facet: Facet, policy: &HealthPolicy, each: &mut dyn FnMut(&str)) {
    match facet {
        Facet::Status => each(host.status_text()),
        Facet::Health => each(classify(host, policy).label()),
        Facet::Connectivity => each(if host.agent_connected() {
            "connected"
        } else {
            "disconnected"
        }),
        Facet::Ping => each(host.ping_status().label()),
        Facet::Os => each(host.os()),
        Facet::Arch => each(host.arch().unwrap_or("")),
        Facet::AgentVersion => each(host.agent_version().unwrap_or("")),
        Facet::Attribute => {
            let mut text = String::new();
            for (name, value) in host.custom_attributes() {
                text.clear();
                text.push_str(name);
                if let Some(value) = value {
                    text.push('=');
                    text.push_str(value);
                }
                each(&text);
            }
        }
    }
}

fn facet_holds(
    host: &Host,
    facet: Facet,
    selected: &BTreeSet<String>,
    policy: &HealthPolicy,
) -> bool {
    let mut found = false;
    facet_values(host, facet, policy, &mut |value| {
        found = found || selected.contains(value);
    });
    found
}

/// The free-text query, folded once.
struct Search {
    words: Vec<String>,
}

impl Search {
    fn new(query: &str) -> Self {
        Search {
            words: query.split_whitespace().map(str::to_lowercase).collect(),
        }
    }

    fn matches(&self, host: &Host) -> bool {
        self.words.iter().all(|word| {
            let hit = |text: &str| contains_folded(text, word);
            host.managed_instance_id().is_some_and(hit)
                || host.hostname().is_some_and(hit)
                || host.ip_address().is_some_and(hit)
                || host
                    .attributes()
                    .any(|(name, value)| hit(name) || value.is_some_and(hit))
                || host
                    .tags()
                    .iter()
                    .any(|tag| hit(&tag.key) || hit(&tag.value))
        })
    }
}

/// Whether `text` contains `word` (already lowercase), ignoring case. ASCII words, the usual
/// case, are compared byte by byte without allocating.
fn contains_folded(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return true;
    }
    if word.is_ascii() {
        text.as_bytes()
            .windows(word.len())
            .any(|window| window.eq_ignore_ascii_case(word.as_bytes()))
    } else {
        text.to_lowercase().contains(word)
    }
}

/// The filters of a view, prepared once for a pass over the rows.
struct Filters<'s> {
    cluster: Option<&'s str>,
    search: Search,
    facets: Vec<(Facet, &'s BTreeSet<String>)>,
}

impl<'s> Filters<'s> {
    fn new(state: &'s ViewState) -> Self {
        Filters {
            cluster: state.cluster.as_deref(),
            search: Search::new(&state.query),
            facets: state
                .facets
                .iter()
                .filter(|(_, values)| !values.is_empty())
                .map(|(facet, values)| (*facet, values))
                .collect(),
        }
    }

    /// Cluster and search, the filters facet counts do not set aside.
    fn base(&self, host: &Host) -> bool {
        self.cluster.is_none_or(|cluster| host.cluster() == cluster) && self.search.matches(host)
    }
}

/// The rows `state` shows, in its order: positions in `hosts`.
pub fn view(hosts: &[Host], state: &ViewState, policy: &HealthPolicy) -> Vec<u32> {
    let filters = Filters::new(state);
    let mut rows: Vec<u32> = hosts
        .iter()
        .enumerate()
        .filter(|(_, host)| {
            filters.base(host)
                && filters
                    .facets
                    .iter()
                    .all(|(facet, selected)| facet_holds(host, *facet, selected, policy))
        })
        .map(|(index, _)| index as u32)
        .collect();
    if let Some(sort) = state.sort {
        sort_rows(hosts, &mut rows, sort, policy);
    }
    rows
}

/// The values of one facet with their counts, most frequent first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetCounts {
    pub facet: Facet,
    /// Selected values are always listed, with 0 when no row has them, so they can be cleared.
    pub values: Vec<(String, usize)>,
}

/// Counts for every facet in [`Facet::ALL`] order (see the module documentation for what a count
/// means). One pass over the rows.
pub fn facet_counts(hosts: &[Host], state: &ViewState, policy: &HealthPolicy) -> Vec<FacetCounts> {
    let filters = Filters::new(state);
    let mut counts: Vec<HashMap<String, usize>> =
        Facet::ALL.iter().map(|_| HashMap::new()).collect();
    let mut tally = |host: &Host, facet: Facet| {
        let map = &mut counts[facet_position(facet)];
        facet_values(host, facet, policy, &mut |value| match map.get_mut(value) {
            Some(count) => *count += 1,
            None => {
                map.insert(value.to_owned(), 1);
            }
        });
    };
    for host in hosts.iter().filter(|host| filters.base(host)) {
        let mut failing = filters
            .facets
            .iter()
            .filter(|(facet, selected)| !facet_holds(host, *facet, selected, policy))
            .map(|(facet, _)| *facet);
        match (failing.next(), failing.next()) {
            (None, _) => Facet::ALL.into_iter().for_each(|facet| tally(host, facet)),
            // Failing only this facet: it would show if this facet's selection changed.
            (Some(facet), None) => tally(host, facet),
            (Some(_), Some(_)) => {}
        }
    }
    Facet::ALL
        .into_iter()
        .zip(counts)
        .map(|(facet, mut map)| {
            for selected in state.facets.get(&facet).into_iter().flatten() {
                map.entry(selected.clone()).or_insert(0);
            }
            let mut values: Vec<(String, usize)> = map.into_iter().collect();
            values.sort_by(|(a_value, a_count), (b_value, b_count)| {
                b_count.cmp(a_count).then_with(|| a_value.cmp(b_value))
            });
            FacetCounts { facet, values }
        })
        .collect()
}

fn facet_position(facet: Facet) -> usize {
    Facet::ALL
        .iter()
        .position(|candidate| *candidate == facet)
        .unwrap_or_default()
}

/// Sorts row positions by a column, stably: equal rows keep their order. Rows without a value
/// go last in either direction.
pub fn sort_rows(hosts: &[Host], rows: &mut [u32], sort: Sort, policy: &HealthPolicy) {
    rows.sort_by(|&a, &b| {
        let (a, b) = (&hosts[a as usize], &hosts[b as usize]);
        compare(a, b, sort.column, policy, sort.descending)
    });
}

fn compare(
    a: &Host,
    b: &Host,
    column: Column,
    policy: &HealthPolicy,
    descending: bool,
) -> Ordering {
    fn present<T>(
        a: Option<T>,
        b: Option<T>,
        descending: bool,
        order: impl FnOnce(T, T) -> Ordering,
    ) -> Ordering {
        match (a, b) {
            (Some(a), Some(b)) => {
                let ordering = order(a, b);
                if descending {
                    ordering.reverse()
                } else {
                    ordering
                }
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
    let text = |a: Option<&str>, b: Option<&str>| {
        present(
            a.filter(|t| !t.is_empty()),
            b.filter(|t| !t.is_empty()),
            descending,
            compare_text,
        )
    };
    let number = |a: Option<i64>, b: Option<i64>| present(a, b, descending, |a, b| a.cmp(&b));
    let version = |a: Option<&str>, b: Option<&str>| present(a, b, descending, compare_versions);
    let time = |a: Option<f64>, b: Option<f64>| {
        present(a, b, descending, |a: f64, b: f64| a.total_cmp(&b))
    };
    match column {
        Column::Cluster => text(Some(a.cluster()), Some(b.cluster())),
        Column::ManagedInstanceId => text(a.managed_instance_id(), b.managed_instance_id()),
        Column::Hostname => text(a.hostname(), b.hostname()),
        Column::Status => text(Some(a.status_text()), Some(b.status_text())),
        Column::Health => present(
            Some(classify(a, policy)),
            Some(classify(b, policy)),
            descending,
            |a, b| a.cmp(&b),
        ),
        Column::AgentConnected => present(
            Some(a.agent_connected()),
            Some(b.agent_connected()),
            descending,
            |a, b| a.cmp(&b),
        ),
        Column::Ping => text(Some(a.ping_status().label()), Some(b.ping_status().label())),
        Column::LastPing => time(a.last_ping().map(|t| t.0), b.last_ping().map(|t| t.0)),
        Column::IpAddress => present(a.ip_address(), b.ip_address(), descending, compare_ips),
        Column::AgentVersion => version(a.agent_version(), b.agent_version()),
        Column::DockerVersion => version(a.docker_version(), b.docker_version()),
        Column::Os => text(Some(a.os()), Some(b.os())),
        Column::Arch => text(a.arch(), b.arch()),
        Column::RunningTasks => number(
            Some(i64::from(a.running_tasks())),
            Some(i64::from(b.running_tasks())),
        ),
        Column::PendingTasks => number(
            Some(i64::from(a.pending_tasks())),
            Some(i64::from(b.pending_tasks())),
        ),
        Column::CpuUsed => number(a.cpu().map(|c| c.used()), b.cpu().map(|c| c.used())),
        Column::CpuTotal => number(a.cpu().map(|c| c.registered), b.cpu().map(|c| c.registered)),
        Column::MemoryUsed => number(a.memory().map(|c| c.used()), b.memory().map(|c| c.used())),
        Column::MemoryTotal => number(
            a.memory().map(|c| c.registered),
            b.memory().map(|c| c.registered),
        ),
        Column::RegisteredAt => time(
            a.registered_at().map(|t| t.0),
            b.registered_at().map(|t| t.0),
        ),
    }
}

/// Ignoring ASCII case, then by bytes so the order is total.
fn compare_text(a: &str, b: &str) -> Ordering {
    fn folded(text: &str) -> impl Iterator<Item = u8> + '_ {
        text.bytes().map(|byte| byte.to_ascii_lowercase())
    }
    folded(a).cmp(folded(b)).then_with(|| a.cmp(b))
}

/// By version number when both read as one, readable versions first, else as text.
fn compare_versions(a: &str, b: &str) -> Ordering {
    match (Version::parse(a), Version::parse(b)) {
        (Some(x), Some(y)) => x.cmp(&y).then_with(|| a.cmp(b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => compare_text(a, b),
    }
}

/// By address (IPv4 before IPv6, numerically) when both parse, else as text after them.
fn compare_ips(a: &str, b: &str) -> Ordering {
    match (a.parse::<IpAddr>(), b.parse::<IpAddr>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        (Ok(_), Err(_)) => Ordering::Less,
        (Err(_), Ok(_)) => Ordering::Greater,
        (Err(_), Err(_)) => compare_text(a, b),
    }
}

/// What changed between two loads of the fleet, by container instance ARN ([`Host::key`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FleetDiff {
    pub added: Vec<String>,
    /// Present in both and different in something an operator watches ([`Host::same_state`]).
    pub changed: Vec<String>,
    pub removed: Vec<String>,
}

impl FleetDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

/// Compares two loads for auto-refresh marking; linear in the number of hosts.
pub fn diff(old: &[Host], new: &[Host]) -> FleetDiff {
    let before: HashMap<&str, &Host> = old.iter().map(|host| (host.key(), host)).collect();
    let mut result = FleetDiff::default();
    for host in new {
        match before.get(host.key()) {
            None => result.added.push(host.key().to_owned()),
            Some(previous) if !previous.same_state(host) => {
                result.changed.push(host.key().to_owned());
            }
            Some(_) => {}
        }
    }
    let after: HashSet<&str> = new.iter().map(Host::key).collect();
    result.removed = old
        .iter()
        .map(Host::key)
        .filter(|key| !after.contains(key))
        .map(str::to_owned)
        .collect();
    result
}
