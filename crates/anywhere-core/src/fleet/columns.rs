//! The fleet table's columns, each declared once, as Headlamp declares a resource list's columns:
//! its key, label and width, and how to read its typed [`Value`] from a host. Everything else is
//! derived from that value: the cell's text, the sort order, the facet's values, what the search
//! looks in and the exported field. The table, the sort, the filters and the exports all read
//! [`COLUMNS`], so a column added there appears in all of them.

use std::borrow::Cow;
use std::fmt;

use crate::aws::Timestamp;

use super::health::{Health, HealthPolicy, diagnose, known_health};
use super::host::Host;

/// A column can also be a facet: the sidebar lists its values with their counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Facet {
    /// The name in the URL (`status=DRAINING`).
    pub key: &'static str,
    pub label: &'static str,
}

/// One column of the fleet table. Every column is an element of [`COLUMNS`], so columns compare
/// by identity and order by their place there.
pub struct Column {
    /// The name in the URL (`sort=-cpu_used`) and in exports.
    pub key: &'static str,
    /// The table header.
    pub label: &'static str,
    /// In CSS pixels; the table lays its cells out at fixed widths.
    pub width: u16,
    /// The host's value in this column.
    pub value: for<'h> fn(&'h Host, &HealthPolicy) -> Value<'h>,
    /// Whether the free-text search looks in this column.
    pub searched: bool,
    pub facet: Option<Facet>,
    pub cell: CellKind,
}

/// How the table shows a column's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellKind {
    Text,
    /// A link to the host's page.
    HostLink,
    /// A badge coloured by the health's severity.
    HealthBadge,
}

/// A host's value in a column, typed so that exports keep numbers and booleans, and sorting
/// compares versions, addresses and times as what they are.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'h> {
    Text(Cow<'h, str>),
    Number(i64),
    /// Exported as the boolean, shown as the word.
    Flag(bool, &'static str),
    /// Sorted by version number when it reads as one.
    Version(&'h str),
    /// Sorted by address when it parses as one.
    Ip(&'h str),
    Time(Timestamp),
    /// Shown as a badge; sorted worst first.
    Health(Health),
    /// Attributes or tags: names with optional values.
    Pairs(Vec<(&'h str, Option<&'h str>)>),
    Missing,
    /// Not known yet: the host's SSM record is still being looked up. Shown as
    /// [`PENDING_TEXT`]; otherwise like a missing value (no facet value, not searched, sorted
    /// last, empty in exports).
    Pending,
}

/// What a cell shows while its value is [`Value::Pending`].
pub const PENDING_TEXT: &str = "…";

impl<'h> Value<'h> {
    fn text(value: Option<&'h str>) -> Self {
        value.map_or(Value::Missing, |text| Value::Text(Cow::Borrowed(text)))
    }

    fn number(value: Option<i64>) -> Self {
        value.map_or(Value::Missing, Value::Number)
    }

    /// The value as one line of text: what the cell shows and the CSV holds (`separator` between
    /// pairs). Times are ISO 8601 in UTC, a missing or pending value is empty.
    pub fn to_text(&self, separator: &str) -> String {
        match self {
            Value::Text(text) => text.clone().into_owned(),
            Value::Number(number) => number.to_string(),
            Value::Flag(_, word) => (*word).to_owned(),
            Value::Version(text) | Value::Ip(text) => (*text).to_owned(),
            Value::Time(time) => iso8601(*time),
            Value::Health(health) => health.label().to_owned(),
            Value::Pairs(pairs) => pairs
                .iter()
                .map(|pair| pair_text(*pair))
                .collect::<Vec<_>>()
                .join(separator),
            Value::Missing | Value::Pending => String::new(),
        }
    }

    /// Calls `each` with every facet value: one per value, one per pair (`name=value`).
    pub fn facet_values(&self, each: &mut dyn FnMut(&str)) {
        match self {
            Value::Pairs(pairs) => pairs.iter().for_each(|pair| each(&pair_text(*pair))),
            Value::Text(text) => each(text),
            Value::Version(text) | Value::Ip(text) => each(text),
            Value::Flag(_, word) => each(word),
            Value::Health(health) => each(health.label()),
            Value::Pending => {}
            other => each(&other.to_text("")),
        }
    }
}

/// `name=value`, or `name` for a pair without a value.
pub fn pair_text<'a>((name, value): (&'a str, Option<&'a str>)) -> Cow<'a, str> {
    match value {
        Some(value) => Cow::Owned(format!("{name}={value}")),
        None => Cow::Borrowed(name),
    }
}

/// `2026-01-01T00:00:00Z`, to the second, in UTC; the epoch seconds for a time outside the years
/// 1 to 9999.
pub fn iso8601(time: Timestamp) -> String {
    use aws_smithy_types::date_time::{DateTime, Format};
    let seconds = time.0.floor() as i64;
    DateTime::from_secs(seconds)
        .fmt(Format::DateTime)
        .unwrap_or_else(|_| seconds.to_string())
}

impl Column {
    /// The column with this key.
    pub fn from_key(key: &str) -> Option<&'static Column> {
        COLUMNS.iter().find(|column| column.key == key)
    }

    /// The column whose facet has this key.
    pub fn from_facet_key(key: &str) -> Option<&'static Column> {
        COLUMNS
            .iter()
            .find(|column| column.facet.is_some_and(|facet| facet.key == key))
    }

    /// The columns that are facets, in table order.
    pub fn facets() -> impl Iterator<Item = &'static Column> {
        COLUMNS.iter().filter(|column| column.facet.is_some())
    }

    /// The place in [`COLUMNS`].
    pub fn position(&self) -> usize {
        COLUMNS
            .iter()
            .position(|column| std::ptr::eq(column, self))
            .unwrap_or(COLUMNS.len())
    }
}

impl PartialEq for Column {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Eq for Column {}

impl PartialOrd for Column {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Column {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        // Elements of one array: their addresses are in declaration order.
        (self as *const Column).cmp(&(other as *const Column))
    }
}

impl std::hash::Hash for Column {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key.hash(state);
    }
}

impl fmt::Debug for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Column({})", self.key)
    }
}

const fn facet(key: &'static str, label: &'static str) -> Option<Facet> {
    Some(Facet { key, label })
}

/// A value that comes from the host's SSM record: pending while the record is looked up.
fn from_ssm<'h>(host: &'h Host, value: impl FnOnce() -> Value<'h>) -> Value<'h> {
    if host.record_pending() {
        Value::Pending
    } else {
        value()
    }
}

/// Every column, in table (and export) order.
pub static COLUMNS: &[Column] = &[
    Column {
        key: "id",
        label: "Managed instance",
        width: 180,
        value: |host, _| Value::text(host.managed_instance_id()),
        searched: true,
        facet: None,
        cell: CellKind::HostLink,
    },
    Column {
        key: "hostname",
        label: "Hostname",
        width: 150,
        value: |host, _| from_ssm(host, || Value::text(host.hostname())),
        searched: true,
        facet: None,
        cell: CellKind::Text,
    },
    Column {
        key: "cluster",
        label: "Cluster",
        width: 130,
        value: |host, _| Value::Text(Cow::Borrowed(host.cluster())),
        searched: false,
        facet: None,
        cell: CellKind::Text,
    },
    Column {
        key: "region",
        label: "Region",
        width: 120,
        value: |host, _| Value::text(host.region()),
        searched: false,
        facet: facet("region", "Region"),
        cell: CellKind::Text,
    },
    Column {
        key: "status",
        label: "Status",
        width: 110,
        value: |host, _| Value::Text(Cow::Borrowed(host.status_text())),
        searched: false,
        facet: facet("status", "Status"),
        cell: CellKind::Text,
    },
    Column {
        key: "health",
        label: "Health",
        width: 190,
        value: |host, policy| known_health(host, policy).map_or(Value::Pending, Value::Health),
        searched: false,
        facet: facet("health", "Health"),
        cell: CellKind::HealthBadge,
    },
    Column {
        key: "health_reason",
        label: "Health reason",
        width: 320,
        value: |host, policy| match known_health(host, policy) {
            Some(_) => Value::Text(Cow::Owned(diagnose(host, policy).reason)),
            None => Value::Pending,
        },
        searched: false,
        facet: None,
        cell: CellKind::Text,
    },
    Column {
        key: "agent_connected",
        label: "ECS agent",
        width: 110,
        value: |host, _| {
            if host.agent_connected() {
                Value::Flag(true, "connected")
            } else {
                Value::Flag(false, "disconnected")
            }
        },
        searched: false,
        facet: facet("agent", "ECS agent"),
        cell: CellKind::Text,
    },
    Column {
        key: "ssm_ping",
        label: "SSM ping",
        width: 120,
        value: |host, _| {
            from_ssm(host, || {
                Value::Text(Cow::Borrowed(host.ping_status().label()))
            })
        },
        searched: false,
        facet: facet("ping", "SSM ping"),
        cell: CellKind::Text,
    },
    Column {
        key: "last_ping",
        label: "Last ping",
        width: 170,
        value: |host, _| {
            from_ssm(host, || {
                host.last_ping().map_or(Value::Missing, Value::Time)
            })
        },
        searched: false,
        facet: None,
        cell: CellKind::Text,
    },
    Column {
        key: "ip",
        label: "IP address",
        width: 130,
        value: |host, _| from_ssm(host, || host.ip_address().map_or(Value::Missing, Value::Ip)),
        searched: true,
        facet: None,
        cell: CellKind::Text,
    },
    Column {
        key: "agent_version",
        label: "Agent version",
        width: 110,
        value: |host, _| host.agent_version().map_or(Value::Missing, Value::Version),
        searched: false,
        facet: facet("version", "ECS agent version"),
        cell: CellKind::Text,
    },
    Column {
        key: "docker_version",
        label: "Docker version",
        width: 120,
        value: |host, _| host.docker_version().map_or(Value::Missing, Value::Version),
        searched: false,
        facet: None,
        cell: CellKind::Text,
    },
    Column {
        key: "ssm_agent_version",
        label: "SSM agent version",
        width: 130,
        value: |host, _| {
            from_ssm(host, || {
                host.ssm_agent_version()
                    .map_or(Value::Missing, Value::Version)
            })
        },
        searched: false,
        facet: facet("ssm_version", "SSM agent version"),
        cell: CellKind::Text,
    },
    Column {
        key: "os",
        label: "OS",
        width: 180,
        value: |host, _| Value::text(Some(host.os()).filter(|os| !os.is_empty())),
        searched: false,
        facet: facet("os", "OS"),
        cell: CellKind::Text,
    },
    Column {
        key: "arch",
        label: "Arch",
        width: 80,
        value: |host, _| Value::text(host.arch()),
        searched: false,
        facet: facet("arch", "Architecture"),
        cell: CellKind::Text,
    },
    Column {
        key: "running_tasks",
        label: "Running",
        width: 80,
        value: |host, _| Value::Number(i64::from(host.running_tasks())),
        searched: false,
        facet: None,
        cell: CellKind::Text,
    },
    Column {
        key: "pending_tasks",
        label: "Pending",
        width: 80,
        value: |host, _| Value::Number(i64::from(host.pending_tasks())),
        searched: false,
        facet: None,
        cell: CellKind::Text,
    },
    Column {
        key: "cpu_used",
        label: "CPU used",
        width: 90,
        value: |host, _| Value::number(host.cpu().map(|cpu| cpu.used())),
        searched: false,
        facet: None,
        cell: CellKind::Text,
    },
    Column {
        key: "cpu_total",
        label: "CPU total",
        width: 90,
        value: |host, _| Value::number(host.cpu().map(|cpu| cpu.registered)),
        searched: false,
        facet: None,
        cell: CellKind::Text,
    },
    Column {
        key: "memory_used",
        label: "Memory used (MiB)",
        width: 140,
        value: |host, _| Value::number(host.memory().map(|memory| memory.used())),
        searched: false,
        facet: None,
        cell: CellKind::Text,
    },
    Column {
        key: "memory_total",
        label: "Memory total (MiB)",
        width: 140,
        value: |host, _| Value::number(host.memory().map(|memory| memory.registered)),
        searched: false,
        facet: None,
        cell: CellKind::Text,
    },
    Column {
        key: "attributes",
        label: "Attributes",
        width: 240,
        value: |host, _| Value::Pairs(host.custom_attributes().collect()),
        searched: true,
        facet: facet("attr", "Attribute"),
        cell: CellKind::Text,
    },
    Column {
        key: "tags",
        label: "Tags",
        width: 240,
        value: |host, _| {
            Value::Pairs(
                host.tags()
                    .iter()
                    .map(|tag| (tag.key.as_str(), Some(tag.value.as_str())))
                    .collect(),
            )
        },
        searched: true,
        facet: None,
        cell: CellKind::Text,
    },
    Column {
        key: "registered_at",
        label: "Registered at",
        width: 170,
        value: |host, _| host.registered_at().map_or(Value::Missing, Value::Time),
        searched: false,
        facet: None,
        cell: CellKind::Text,
    },
];

/// The container instance ARN is exported with every row but not a column of the table: the
/// managed-instance id names the host, and the link on it leads to the host's page.
pub const CONTAINER_INSTANCE_ARN: &str = "container_instance_arn";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::timestamp::parse_iso8601_millis;

    #[test]
    fn keys_are_unique_and_facets_too() {
        let mut keys: Vec<&str> = COLUMNS.iter().map(|column| column.key).collect();
        keys.push(CONTAINER_INSTANCE_ARN);
        let mut unique = keys.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), keys.len());
        let facets: Vec<&str> = Column::facets()
            .map(|column| column.facet.unwrap().key)
            .collect();
        assert!(
            facets
                .iter()
                .all(|key| !["cluster", "q", "sort"].contains(key))
        );
        for column in COLUMNS {
            assert_eq!(Column::from_key(column.key), Some(column));
            assert_eq!(COLUMNS[column.position()], *column);
        }
        assert!(COLUMNS[0] < COLUMNS[1] && COLUMNS[2] > COLUMNS[1]);
    }

    #[test]
    fn timestamps_in_utc() {
        assert_eq!(iso8601(Timestamp(1_767_225_600.9)), "2026-01-01T00:00:00Z");
        assert_eq!(iso8601(Timestamp(951_782_400.0)), "2000-02-29T00:00:00Z");
        assert_eq!(iso8601(Timestamp(-1.0)), "1969-12-31T23:59:59Z");
        assert_eq!(iso8601(Timestamp(1e15)), "1000000000000000");
        for seconds in (0..4_000_000_000i64).step_by(9_876_543) {
            let text = iso8601(Timestamp(seconds as f64));
            assert_eq!(
                parse_iso8601_millis(&text),
                Some(seconds as f64 * 1000.0),
                "{text}"
            );
        }
    }
}
