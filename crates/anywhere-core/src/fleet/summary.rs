//! The clusters overview: per-cluster counts and capacity, and small inline SVG bars for them.

use std::fmt::Write;

use super::health::{Health, HealthPolicy, Severity, known_health};
use super::host::{Capacity, Host, InstanceStatus};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClusterSummary {
    /// The region of the cluster's hosts, as their ARNs name it: clusters of one name in two
    /// regions are two clusters.
    pub region: Option<String>,
    pub cluster: String,
    pub total: usize,
    /// ECS agent connected.
    pub connected: usize,
    pub disconnected: usize,
    pub draining: usize,
    pub running_tasks: i64,
    pub pending_tasks: i64,
    /// Sums over the cluster's hosts.
    pub cpu: Capacity,
    pub memory: Capacity,
    /// Hosts per health class, in [`Health::ALL`] order, every class listed.
    pub health: Vec<(Health, usize)>,
}

/// One summary per cluster, by region and cluster name; one pass over the hosts.
pub fn summarize(hosts: &[Host], policy: &HealthPolicy) -> Vec<ClusterSummary> {
    let mut summaries = Vec::new();
    add_to_summaries(&mut summaries, hosts, policy);
    summaries
}

/// Counts `hosts` into `summaries` (one per cluster, by region and name), as when a page of hosts
/// arrives: the work is proportional to the page.
pub fn add_to_summaries(
    summaries: &mut Vec<ClusterSummary>,
    hosts: &[Host],
    policy: &HealthPolicy,
) {
    for host in hosts {
        let key = (host.region(), host.cluster());
        let place = match summaries.binary_search_by(|summary| {
            (summary.region.as_deref(), summary.cluster.as_str()).cmp(&key)
        }) {
            Ok(place) => place,
            Err(place) => {
                summaries.insert(
                    place,
                    ClusterSummary {
                        region: host.region().map(str::to_owned),
                        cluster: host.cluster().to_owned(),
                        health: Health::ALL.iter().map(|health| (*health, 0)).collect(),
                        ..ClusterSummary::default()
                    },
                );
                place
            }
        };
        let summary = &mut summaries[place];
        summary.total += 1;
        if host.agent_connected() {
            summary.connected += 1;
        } else {
            summary.disconnected += 1;
        }
        if host.status() == InstanceStatus::Draining {
            summary.draining += 1;
        }
        summary.running_tasks += i64::from(host.running_tasks());
        summary.pending_tasks += i64::from(host.pending_tasks());
        add(&mut summary.cpu, host.cpu());
        add(&mut summary.memory, host.memory());
        // A host whose health waits for its SSM record is in no class yet.
        if let Some(health) = known_health(host, policy)
            && let Some((_, count)) = summary.health.iter_mut().find(|(h, _)| *h == health)
        {
            *count += 1;
        }
    }
}

fn add(total: &mut Capacity, host: Option<Capacity>) {
    if let Some(host) = host {
        total.registered += host.registered;
        total.remaining += host.remaining;
    }
}

/// One part of a bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BarSegment {
    pub label: String,
    pub count: u64,
    /// A CSS color.
    pub fill: &'static str,
}

/// The fill for a severity, readable on white.
pub fn severity_fill(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "#d13212",
        Severity::Warning => "#b35c00",
        Severity::Info => "#0073bb",
        Severity::Ok => "#1d8102",
    }
}

const UNUSED_FILL: &str = "#d5dbdb";

/// The health classes present in a summary, as bar segments.
pub fn health_segments(summary: &ClusterSummary) -> Vec<BarSegment> {
    summary
        .health
        .iter()
        .filter(|(_, count)| *count > 0)
        .map(|(health, count)| BarSegment {
            label: health.label().to_owned(),
            count: *count as u64,
            fill: severity_fill(health.severity()),
        })
        .collect()
}

/// Used against remaining, for a CPU or memory bar.
pub fn capacity_segments(capacity: Capacity) -> Vec<BarSegment> {
    vec![
        BarSegment {
            label: "Used".to_owned(),
            count: capacity.used().max(0) as u64,
            fill: severity_fill(Severity::Info),
        },
        BarSegment {
            label: "Remaining".to_owned(),
            count: capacity.remaining.max(0) as u64,
            fill: UNUSED_FILL,
        },
    ]
}

const WIDTH: f64 = 200.0;
const HEIGHT: u32 = 12;

/// A horizontal bar, `WIDTH`×`HEIGHT` user units, one rectangle per non-empty segment in
/// proportion to its count, each with a tooltip; `title` labels it for screen readers. All text
/// is escaped, so labels from AWS (cluster names, attribute values) cannot inject markup.
pub fn bar_svg(title: &str, segments: &[BarSegment]) -> String {
    let total: u64 = segments.iter().map(|segment| segment.count).sum();
    let description = segments
        .iter()
        .filter(|segment| segment.count > 0)
        .map(|segment| format!("{} {}", segment.label, segment.count))
        .collect::<Vec<_>>()
        .join(", ");
    let label = if description.is_empty() {
        format!("{title}: none")
    } else {
        format!("{title}: {description}")
    };
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{}"><title>{}</title>"#,
        escape(&label),
        escape(&label)
    );
    if total == 0 {
        let _ = write!(
            svg,
            r#"<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="{UNUSED_FILL}"/>"#
        );
    }
    let mut x = 0.0;
    let mut seen = 0;
    for segment in segments.iter().filter(|segment| segment.count > 0) {
        seen += segment.count;
        // Each edge is placed from the running total, so rounding never leaves a gap or
        // overshoots the bar.
        let end = round2(WIDTH * seen as f64 / total as f64);
        let _ = write!(
            svg,
            r#"<rect x="{x}" y="0" width="{}" height="{HEIGHT}" fill="{}"><title>{}: {}</title></rect>"#,
            round2(end - x),
            escape(segment.fill),
            escape(&segment.label),
            segment.count
        );
        x = end;
    }
    svg.push_str("</svg>");
    svg
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// Escapes text for XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Characters XML 1.0 cannot hold at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}
