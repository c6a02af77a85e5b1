//! The fleet table's view: which rows show (cluster, facets, free-text search), in which order,
//! with the counts beside each facet value, and the state written to and read from the URL.
//!
//! Operations return row positions (`u32`), never clones. A [`FleetIndex`], built once per load,
//! holds each host's lowercase search text and facet values as numbers, so a keystroke costs a
//! substring search per host and no sort (filtering a [`sorted_order`] keeps its order).
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

/// What the filters read of one host, worked out once when the hosts arrive so a keystroke in
/// the search box costs one substring search per host and facets cost integer comparisons.
#[derive(Debug)]
struct Entry {
    cluster: u32,
    /// The searchable fields, ASCII-lowercased, joined by a newline (search words hold no
    /// whitespace, so no word spans two fields).
    ascii_folded: String,
    /// The same fully lowercased, only when some field is not ASCII: a non-ASCII word can only
    /// occur in such a host.
    folded: Option<String>,
    /// Per facet in [`Facet::ALL`] order, positions in [`FleetIndex::values`]; one per facet
    /// except attributes, which have as many as the host has.
    facets: Vec<Vec<u32>>,
}

/// The hosts of the fleet prepared for filtering and counting: build it once per load with
/// [`FleetIndex::new`], then call [`FleetIndex::filter`] and [`FleetIndex::facet_counts`] on
/// every change of the view.
#[derive(Debug)]
pub struct FleetIndex {
    entries: Vec<Entry>,
    clusters: Vec<String>,
    /// Every value seen per facet, in [`Facet::ALL`] order.
    values: Vec<Vec<String>>,
}

impl FleetIndex {
    pub fn new(hosts: &[Host], policy: &HealthPolicy) -> Self {
        let mut clusters = Interner::default();
        let mut values: Vec<Interner> = Facet::ALL.iter().map(|_| Interner::default()).collect();
        let entries = hosts
            .iter()
            .map(|host| {
                let facets = Facet::ALL
                    .iter()
                    .zip(values.iter_mut())
                    .map(|(&facet, interner)| {
                        let mut ids = Vec::new();
                        facet_values(host, facet, policy, &mut |value| {
                            ids.push(interner.id(value));
                        });
                        ids
                    })
                    .collect();
                let haystack = haystack(host);
                Entry {
                    cluster: clusters.id(host.cluster()),
                    folded: (!haystack.is_ascii()).then(|| haystack.to_lowercase()),
                    ascii_folded: haystack.to_ascii_lowercase(),
                    facets,
                }
            })
            .collect();
        FleetIndex {
            entries,
            clusters: clusters.values,
            values: values.into_iter().map(|interner| interner.values).collect(),
        }
    }

    /// The rows `state` shows, in the order of `order` (positions in the hosts, as from
    /// [`sorted_order`]); `state.sort` is not read.
    pub fn filter(&self, state: &ViewState, order: &[u32]) -> Vec<u32> {
        let filters = Filters::new(self, state);
        order
            .iter()
            .copied()
            .filter(|&row| {
                self.entries.get(row as usize).is_some_and(|entry| {
                    filters.base(entry) && filters.failing(entry).next().is_none()
                })
            })
            .collect()
    }

    /// Counts for every facet in [`Facet::ALL`] order (see the module documentation for what a
    /// count means). One pass over the rows.
    pub fn facet_counts(&self, state: &ViewState) -> Vec<FacetCounts> {
        let filters = Filters::new(self, state);
        let mut counts: Vec<Vec<usize>> = self
            .values
            .iter()
            .map(|values| vec![0; values.len()])
            .collect();
        let mut tally = |entry: &Entry, position: usize| {
            for &id in &entry.facets[position] {
                counts[position][id as usize] += 1;
            }
        };
        for entry in self.entries.iter().filter(|entry| filters.base(entry)) {
            let mut failing = filters.failing(entry);
            match (failing.next(), failing.next()) {
                (None, _) => (0..Facet::ALL.len()).for_each(|position| tally(entry, position)),
                // Failing only this facet: it would show if this facet's selection changed.
                (Some(position), None) => tally(entry, position),
                (Some(_), Some(_)) => {}
            }
        }
        Facet::ALL
            .into_iter()
            .zip(counts)
            .zip(&self.values)
            .map(|((facet, counts), names)| {
                let mut map: HashMap<&str, usize> = names
                    .iter()
                    .zip(counts)
                    .filter(|(_, count)| *count > 0)
                    .map(|(name, count)| (name.as_str(), count))
                    .collect();
                for selected in state.facets.get(&facet).into_iter().flatten() {
                    map.entry(selected.as_str()).or_insert(0);
                }
                let mut values: Vec<(String, usize)> = map
                    .into_iter()
                    .map(|(value, count)| (value.to_owned(), count))
                    .collect();
                values.sort_by(|(a_value, a_count), (b_value, b_count)| {
                    b_count.cmp(a_count).then_with(|| a_value.cmp(b_value))
                });
                FacetCounts { facet, values }
            })
            .collect()
    }
}

/// Hands out one number per distinct text.
#[derive(Default)]
struct Interner {
    ids: HashMap<String, u32>,
    values: Vec<String>,
}

impl Interner {
    fn id(&mut self, value: &str) -> u32 {
        if let Some(&id) = self.ids.get(value) {
            return id;
        }
        let id = self.values.len() as u32;
        self.ids.insert(value.to_owned(), id);
        self.values.push(value.to_owned());
        id
    }
}

/// The fields the free-text search looks in, one per line.
fn haystack(host: &Host) -> String {
    let mut text = String::new();
    let mut field = |value: &str| {
        text.push_str(value);
        text.push('\n');
    };
    host.managed_instance_id().map(&mut field);
    host.hostname().map(&mut field);
    host.ip_address().map(&mut field);
    for (name, value) in host.attributes() {
        field(name);
        value.map(&mut field);
    }
    for tag in host.tags() {
        field(&tag.key);
        field(&tag.value);
    }
    text
}

/// The filters of a view, turned into the index's numbers once for a pass over the rows.
struct Filters {
    /// `Some(None)` for a cluster no host is in.
    cluster: Option<Option<u32>>,
    words: Vec<String>,
    /// Per filtering facet: its position in [`Facet::ALL`] and, per value id, whether selected.
    facets: Vec<(usize, Vec<bool>)>,
}

impl Filters {
    fn new(index: &FleetIndex, state: &ViewState) -> Self {
        Filters {
            cluster: state.cluster.as_deref().map(|cluster| {
                index
                    .clusters
                    .iter()
                    .position(|candidate| candidate == cluster)
                    .map(|id| id as u32)
            }),
            words: state
                .query
                .split_whitespace()
                .map(str::to_lowercase)
                .collect(),
            facets: state
                .facets
                .iter()
                .filter(|(_, values)| !values.is_empty())
                .map(|(facet, selected)| {
                    let position = facet_position(*facet);
                    let wanted = index.values[position]
                        .iter()
                        .map(|value| selected.contains(value))
                        .collect();
                    (position, wanted)
                })
                .collect(),
        }
    }

    /// Cluster and search, the filters facet counts do not set aside.
    fn base(&self, entry: &Entry) -> bool {
        self.cluster
            .is_none_or(|cluster| cluster == Some(entry.cluster))
            && self.words.iter().all(|word| {
                if word.is_ascii() {
                    entry.ascii_folded.contains(word.as_str())
                } else {
                    entry
                        .folded
                        .as_deref()
                        .is_some_and(|folded| folded.contains(word.as_str()))
                }
            })
    }

    /// The positions of the selected facets `entry` does not hold.
    fn failing<'a>(&'a self, entry: &'a Entry) -> impl Iterator<Item = usize> + 'a {
        self.facets
            .iter()
            .filter(|(position, wanted)| {
                !entry.facets[*position]
                    .iter()
                    .any(|&id| wanted[id as usize])
            })
            .map(|(position, _)| *position)
    }
}

/// Every row position of `hosts`, in the order of `sort` (load order for `None`). Filtering
/// this order gives the same rows as sorting the filtered rows, since the sort is stable, so the
/// app sorts only when the sort or the hosts change.
pub fn sorted_order(hosts: &[Host], sort: Option<Sort>, policy: &HealthPolicy) -> Vec<u32> {
    let mut rows: Vec<u32> = (0..hosts.len() as u32).collect();
    if let Some(sort) = sort {
        sort_rows(hosts, &mut rows, sort, policy);
    }
    rows
}

/// The rows `state` shows, in its order: positions in `hosts`. Builds a [`FleetIndex`]; a view
/// that changes often keeps one instead.
pub fn view(hosts: &[Host], state: &ViewState, policy: &HealthPolicy) -> Vec<u32> {
    FleetIndex::new(hosts, policy).filter(state, &sorted_order(hosts, state.sort, policy))
}

/// The values of one facet with their counts, most frequent first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetCounts {
    pub facet: Facet,
    /// Selected values are always listed, with 0 when no row has them, so they can be cleared.
    pub values: Vec<(String, usize)>,
}

/// Counts for every facet in [`Facet::ALL`] order (see the module documentation for what a count
/// means). Builds a [`FleetIndex`]; a view that changes often keeps one instead.
pub fn facet_counts(hosts: &[Host], state: &ViewState, policy: &HealthPolicy) -> Vec<FacetCounts> {
    FleetIndex::new(hosts, policy).facet_counts(state)
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
