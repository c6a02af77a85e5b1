//! What ECS and SSM report about one host: its fields, health and resources.

use anywhere_core::aws::Timestamp;
use anywhere_core::aws::arn::resource_name;
use anywhere_core::fleet::export::iso8601;
use anywhere_core::fleet::{HealthPolicy, Host, diagnose};
use leptos::prelude::*;

use crate::components::AwsText;

/// The host's title, health with the reason and what to do, and every field ECS and SSM report.
#[component]
pub fn HostDetails(host: Host, on_change: Callback<()>) -> impl IntoView {
    let diagnosis = diagnose(&host, &HealthPolicy::default());
    let severity = format!("{:?}", diagnosis.health.severity()).to_lowercase();
    let title = host
        .hostname()
        .or(host.managed_instance_id())
        .unwrap_or_else(|| resource_name(host.key()))
        .to_owned();
    let instance = host.container_instance();
    let ssm = host.ssm();
    let text = |value: Option<&str>| value.unwrap_or("").to_owned();
    let version = instance.version_info.as_ref();
    let fields: Vec<(&str, String)> = vec![
        ("Container instance ARN", host.key().to_owned()),
        ("Cluster", host.cluster().to_owned()),
        ("Region", text(host.region())),
        ("Managed instance id", text(host.managed_instance_id())),
        ("Hostname", text(host.hostname())),
        ("Status", host.status_text().to_owned()),
        ("Status reason", text(host.status_reason())),
        (
            "ECS agent",
            if host.agent_connected() {
                "connected"
            } else {
                "disconnected"
            }
            .to_owned(),
        ),
        ("ECS agent version", text(host.agent_version())),
        (
            "ECS agent hash",
            text(version.and_then(|v| v.agent_hash.as_deref())),
        ),
        (
            "Agent update status",
            text(instance.agent_update_status.as_deref()),
        ),
        ("Docker version", text(host.docker_version())),
        ("Running tasks", host.running_tasks().to_string()),
        ("Pending tasks", host.pending_tasks().to_string()),
        ("Registered at", time(host.registered_at())),
        (
            "Capacity provider",
            text(instance.capacity_provider_name.as_deref()),
        ),
        ("SSM ping", host.ping_status().label().to_owned()),
        ("Last ping", time(host.last_ping())),
        ("IP address", text(host.ip_address())),
        ("SSM agent version", text(host.ssm_agent_version())),
        (
            "SSM agent is the latest",
            match ssm.and_then(|s| s.is_latest_version) {
                Some(true) => "yes".to_owned(),
                Some(false) => "no".to_owned(),
                None => String::new(),
            },
        ),
        ("OS", host.os().to_owned()),
        (
            "Platform type",
            text(ssm.and_then(|s| s.platform_type.as_deref())),
        ),
        ("Architecture", text(host.arch())),
        (
            "Activation id",
            text(ssm.and_then(|s| s.activation_id.as_deref())),
        ),
        ("IAM role", text(ssm.and_then(|s| s.iam_role.as_deref()))),
        (
            "SSM registration",
            time(ssm.and_then(|s| s.registration_date)),
        ),
    ];
    view! {
        <h1><AwsText text=title /></h1>
        <div class="diagnosis" role="status">
            <span class=format!("health {severity}")>{diagnosis.health.label()}</span>
            " "
            <span class="reason"><AwsText text=diagnosis.reason /></span>
            <p class="muted">{diagnosis.action}</p>
        </div>
        <div class="actions">
            <button type="button" class="secondary" on:click=move |_| on_change.run(())>"Reload"</button>
        </div>
        <h2>"Details"</h2>
        <dl class="fields">
            {fields
                .into_iter()
                .map(|(name, value)| view! { <div><dt>{name}</dt><dd><AwsText text=value /></dd></div> })
                .collect_view()}
        </dl>
    }
}

/// Registered, used and remaining resources.
#[component]
pub fn Resources(host: Host) -> impl IntoView {
    let instance = host.container_instance();
    let remaining = |name: &str| {
        instance
            .remaining_resources
            .iter()
            .find(|resource| resource.name == name)
            .cloned()
    };
    let value = |resource: &anywhere_core::aws::ecs::Resource| {
        if !resource.string_set_value.is_empty() {
            return resource.string_set_value.join(", ");
        }
        resource
            .integer_value
            .or(resource.long_value)
            .map(|n| n.to_string())
            .or(resource.double_value.map(|n| n.to_string()))
            .unwrap_or_default()
    };
    let rows = instance
        .registered_resources
        .iter()
        .map(|registered| {
            let left = remaining(&registered.name);
            let used = match (
                registered.integer_value,
                left.as_ref().and_then(|r| r.integer_value),
            ) {
                (Some(total), Some(left)) => (total - left).max(0).to_string(),
                _ => String::new(),
            };
            view! {
                <tr>
                    <th scope="row"><AwsText text=registered.name.clone() /></th>
                    <td>{used}</td>
                    <td><AwsText text=left.as_ref().map(value).unwrap_or_default() /></td>
                    <td><AwsText text=value(registered) /></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2>"Resources"</h2>
        <table class="simple">
            <thead>
                <tr><th scope="col">"Resource"</th><th scope="col">"Used"</th><th scope="col">"Remaining"</th><th scope="col">"Registered"</th></tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// A time as the page shows it (ISO 8601, UTC), empty when AWS gave none.
pub fn time(value: Option<Timestamp>) -> String {
    value.map(iso8601).unwrap_or_default()
}
