//! CSV and JSON exports of the rows the table shows, in the order it shows them: every column of
//! [`COLUMNS`], then the container instance ARN.

use serde_json::{Map, Value as Json};

// The instance page shows times as the exports write them.
pub use super::columns::iso8601;
use super::columns::{COLUMNS, CONTAINER_INSTANCE_ARN, Value};
use super::health::HealthPolicy;
use super::host::Host;

/// RFC 4180 CSV (CRLF line ends, a header row) of `rows` (positions in `hosts`). Cells that a
/// spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage return)
/// get a leading `'`, since host names, attributes and tags are set by whoever runs the hosts.
pub fn to_csv(hosts: &[Host], rows: &[u32], policy: &HealthPolicy) -> String {
    let mut out = String::new();
    let header = COLUMNS
        .iter()
        .map(|column| column.key)
        .chain([CONTAINER_INSTANCE_ARN])
        .map(str::to_owned)
        .collect();
    push_record(&mut out, header);
    for host in rows.iter().filter_map(|&row| hosts.get(row as usize)) {
        let record = COLUMNS
            .iter()
            .map(|column| csv_text((column.value)(host, policy)))
            .chain([host.key().to_owned()])
            .collect();
        push_record(&mut out, record);
    }
    out
}

/// As the cell shows it, except that a flag is the boolean, as in the JSON export, and pairs are
/// separated by semicolons, since commas occur in values.
fn csv_text(value: Value<'_>) -> String {
    match value {
        Value::Flag(flag, _) => flag.to_string(),
        other => other.to_text("; "),
    }
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
    let array: Vec<Json> = rows
        .iter()
        .filter_map(|&row| hosts.get(row as usize))
        .map(|host| {
            let mut object: Map<String, Json> = COLUMNS
                .iter()
                .map(|column| (column.key.to_owned(), json((column.value)(host, policy))))
                .collect();
            object.insert(
                CONTAINER_INSTANCE_ARN.to_owned(),
                Json::String(host.key().to_owned()),
            );
            Json::Object(object)
        })
        .collect();
    Json::Array(array).to_string()
}

fn json(value: Value<'_>) -> Json {
    match value {
        Value::Number(number) => Json::from(number),
        Value::Flag(flag, _) => Json::Bool(flag),
        Value::Time(time) => Json::String(iso8601(time)),
        Value::Pairs(pairs) => Json::Object(
            pairs
                .into_iter()
                .map(|(name, value)| {
                    (
                        name.to_owned(),
                        value.map_or(Json::Null, |value| Json::String(value.to_owned())),
                    )
                })
                .collect(),
        ),
        Value::Missing | Value::Pending => Json::Null,
        text => Json::String(text.to_text("")),
    }
}
