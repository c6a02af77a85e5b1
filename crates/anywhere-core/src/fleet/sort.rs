//! The fleet table's order: by one column's [`Value`], typed (versions by number, addresses by
//! address, health worst first), stable, with rows that lack a value last in either direction.

use std::cmp::Ordering;
use std::net::IpAddr;

use super::columns::Value;
use super::health::HealthPolicy;
use super::host::Host;
use super::version::Version;
use super::view_state::Sort;

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

/// Sorts row positions by a column, stably: equal rows keep their order. Each host's value is
/// read once.
pub fn sort_rows(hosts: &[Host], rows: &mut [u32], sort: Sort, policy: &HealthPolicy) {
    let mut keyed: Vec<(Value<'_>, u32)> = rows
        .iter()
        .map(|&row| ((sort.column.value)(&hosts[row as usize], policy), row))
        .collect();
    keyed.sort_by(|(a, _), (b, _)| compare(a, b, sort.descending));
    for (slot, (_, row)) in rows.iter_mut().zip(keyed) {
        *slot = row;
    }
}

/// Adds the hosts appended since `order` was made to it: `order` holds the first `order.len()`
/// rows of `hosts` in the order of `sort`. The new rows are sorted among themselves and merged
/// in, after equal old rows, so the result is what [`sorted_order`] would give. Costs a sort of
/// the new rows and one pass over the old ones, not a sort of all.
pub fn extend_order(
    hosts: &[Host],
    order: &mut Vec<u32>,
    sort: Option<Sort>,
    policy: &HealthPolicy,
) {
    let mut added: Vec<u32> = (order.len() as u32..hosts.len() as u32).collect();
    let Some(sort) = sort else {
        order.extend(added);
        return;
    };
    sort_rows(hosts, &mut added, sort, policy);
    let value = |row: u32| (sort.column.value)(&hosts[row as usize], policy);
    let old = std::mem::take(order);
    order.reserve(old.len() + added.len());
    let mut new = added.into_iter().map(|row| (value(row), row)).peekable();
    for row in old {
        let old_value = value(row);
        while let Some((_, added_row)) =
            new.next_if(|(added, _)| compare(added, &old_value, sort.descending).is_lt())
        {
            order.push(added_row);
        }
        order.push(row);
    }
    order.extend(new.map(|(_, row)| row));
}

/// The order of two values of one column; missing values (and empty text) after present ones,
/// whatever the direction.
pub fn compare(a: &Value<'_>, b: &Value<'_>, descending: bool) -> Ordering {
    match (is_present(a), is_present(b)) {
        (true, true) => {
            let ordering = compare_present(a, b);
            if descending {
                ordering.reverse()
            } else {
                ordering
            }
        }
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => Ordering::Equal,
    }
}

fn is_present(value: &Value<'_>) -> bool {
    match value {
        Value::Missing | Value::Pending => false,
        Value::Text(text) => !text.is_empty(),
        Value::Pairs(pairs) => !pairs.is_empty(),
        _ => true,
    }
}

fn compare_present(a: &Value<'_>, b: &Value<'_>) -> Ordering {
    match (a, b) {
        (Value::Text(a), Value::Text(b)) => compare_text(a, b),
        (Value::Number(a), Value::Number(b)) => a.cmp(b),
        (Value::Flag(a, _), Value::Flag(b, _)) => a.cmp(b),
        (Value::Version(a), Value::Version(b)) => compare_versions(a, b),
        (Value::Ip(a), Value::Ip(b)) => compare_ips(a, b),
        (Value::Time(a), Value::Time(b)) => a.0.total_cmp(&b.0),
        (Value::Health(a), Value::Health(b)) => a.cmp(b),
        (Value::Pairs(_), Value::Pairs(_)) => compare_text(&a.to_text("\n"), &b.to_text("\n")),
        // One column gives one kind of value; anything else is left in place.
        _ => Ordering::Equal,
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
