//! CSV and JSON exports of the rows the table shows, in the order it shows them.

use serde_json::{Map, Value};

use crate::aws::Timestamp;

use super::filter::Column;
use super::health::{HealthPolicy, diagnose};
use super::host::Host;

/// One exported value, typed so JSON keeps numbers and booleans.
enum Cell {
    Text(String),
    Number(i64),
    Bool(bool),
    Time(Timestamp),
    /// Attributes or tags: name and optional value.
    Pairs(Vec<(String, Option<String>)>),
    Missing,
}

impl Cell {
    fn text(value: Option<&str>) -> Cell {
        value.map_or(Cell::Missing, |text| Cell::Text(text.to_owned()))
    }

    fn csv(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Number(number) => number.to_string(),
            Cell::Bool(value) => value.to_string(),
            Cell::Time(time) => iso8601(*time),
            Cell::Pairs(pairs) => pairs
                .iter()
                .map(|(name, value)| match value {
                    Some(value) => format!("{name}={value}"),
                    None => name.clone(),
                })
                .collect::<Vec<_>>()
                .join("; "),
            Cell::Missing => String::new(),
        }
    }

    fn json(self) -> Value {
        match self {
            Cell::Text(text) => Value::String(text),
            Cell::Number(number) => Value::from(number),
            Cell::Bool(value) => Value::Bool(value),
            Cell::Time(time) => Value::String(iso8601(time)),
            Cell::Pairs(pairs) => Value::Object(
                pairs
                    .into_iter()
                    .map(|(name, value)| (name, value.map_or(Value::Null, Value::String)))
                    .collect(),
            ),
            Cell::Missing => Value::Null,
        }
    }
}

/// Exported after the table's columns ([`Column::ALL`]), in this order.
const EXTRA_FIELDS: [&str; 5] = [
    "health_reason",
    "ssm_agent_version",
    "attributes",
    "tags",
    "container_instance_arn",
];

/// The exported fields of a row: every table column, then [`EXTRA_FIELDS`].
fn fields(host: &Host, policy: &HealthPolicy) -> Vec<(&'static str, Cell)> {
    let mut fields: Vec<(&'static str, Cell)> = Column::ALL
        .into_iter()
        .map(|column| (column.key(), column_cell(host, column, policy)))
        .collect();
    fields.push(("health_reason", Cell::Text(diagnose(host, policy).reason)));
    fields.push(("ssm_agent_version", Cell::text(host.ssm_agent_version())));
    fields.push((
        "attributes",
        Cell::Pairs(
            host.custom_attributes()
                .map(|(name, value)| (name.to_owned(), value.map(str::to_owned)))
                .collect(),
        ),
    ));
    fields.push((
        "tags",
        Cell::Pairs(
            host.tags()
                .iter()
                .map(|tag| (tag.key.clone(), Some(tag.value.clone())))
                .collect(),
        ),
    ));
    fields.push(("container_instance_arn", Cell::Text(host.key().to_owned())));
    fields
}

fn column_cell(host: &Host, column: Column, policy: &HealthPolicy) -> Cell {
    let number = |value: Option<i64>| value.map_or(Cell::Missing, Cell::Number);
    match column {
        Column::Cluster => Cell::Text(host.cluster().to_owned()),
        Column::ManagedInstanceId => Cell::text(host.managed_instance_id()),
        Column::Hostname => Cell::text(host.hostname()),
        Column::Status => Cell::Text(host.status_text().to_owned()),
        Column::Health => Cell::Text(diagnose(host, policy).health.label().to_owned()),
        Column::AgentConnected => Cell::Bool(host.agent_connected()),
        Column::Ping => Cell::Text(host.ping_status().label().to_owned()),
        Column::LastPing => host.last_ping().map_or(Cell::Missing, Cell::Time),
        Column::IpAddress => Cell::text(host.ip_address()),
        Column::AgentVersion => Cell::text(host.agent_version()),
        Column::DockerVersion => Cell::text(host.docker_version()),
        Column::Os => Cell::text(Some(host.os()).filter(|os| !os.is_empty())),
        Column::Arch => Cell::text(host.arch()),
        Column::RunningTasks => Cell::Number(i64::from(host.running_tasks())),
        Column::PendingTasks => Cell::Number(i64::from(host.pending_tasks())),
        Column::CpuUsed => number(host.cpu().map(|c| c.used())),
        Column::CpuTotal => number(host.cpu().map(|c| c.registered)),
        Column::MemoryUsed => number(host.memory().map(|c| c.used())),
        Column::MemoryTotal => number(host.memory().map(|c| c.registered)),
        Column::RegisteredAt => host.registered_at().map_or(Cell::Missing, Cell::Time),
    }
}

/// RFC 4180 CSV (CRLF line ends, a header row) of `rows` (positions in `hosts`). Cells that a
/// spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage return)
/// get a leading `'`, since host names, attributes and tags are set by whoever runs the hosts.
pub fn to_csv(hosts: &[Host], rows: &[u32], policy: &HealthPolicy) -> String {
    let mut out = String::new();
    let header = Column::ALL
        .into_iter()
        .map(Column::key)
        .chain(EXTRA_FIELDS)
        .map(str::to_owned)
        .collect();
    push_record(&mut out, header);
    for host in rows.iter().filter_map(|&row| hosts.get(row as usize)) {
        let record = fields(host, policy)
            .into_iter()
            .map(|(_, cell)| cell.csv())
            .collect();
        push_record(&mut out, record);
    }
    out
}

fn push_record(out: &mut String, cells: Vec<String>) {
    for (index, cell) in cells.into_iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        out.push_str(&csv_field(&cell));
    }
    out.push_str("\r\n");
}

/// One CSV field: neutralized against formulas, then quoted when RFC 4180 requires it.
pub fn csv_field(text: &str) -> String {
    let neutral = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if neutral.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

/// A JSON array with one object per row, keyed like the CSV header; numbers and booleans stay
/// typed, missing values are `null`, attributes and tags are objects.
pub fn to_json(hosts: &[Host], rows: &[u32], policy: &HealthPolicy) -> String {
    let array: Vec<Value> = rows
        .iter()
        .filter_map(|&row| hosts.get(row as usize))
        .map(|host| {
            Value::Object(
                fields(host, policy)
                    .into_iter()
                    .map(|(name, cell)| (name.to_owned(), cell.json()))
                    .collect::<Map<String, Value>>(),
            )
        })
        .collect();
    Value::Array(array).to_string()
}

/// `2026-01-01T00:00:00Z`, to the second, in UTC.
pub fn iso8601(time: Timestamp) -> String {
    let seconds = time.0.floor() as i64;
    let (days, second_of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (proleptic Gregorian), by eras of 400 years.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        second_of_day / 3600,
        second_of_day % 3600 / 60,
        second_of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::timestamp::parse_iso8601_millis;

    #[test]
    fn timestamps_in_utc() {
        assert_eq!(iso8601(Timestamp(1_767_225_600.9)), "2026-01-01T00:00:00Z");
        assert_eq!(iso8601(Timestamp(951_782_400.0)), "2000-02-29T00:00:00Z");
        assert_eq!(iso8601(Timestamp(-1.0)), "1969-12-31T23:59:59Z");
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
