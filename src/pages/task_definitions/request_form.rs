//! What the RunTask and CreateService tabs share (the cluster choice, tags, the client token), and
//! why a request, Register included, is blocked.

use anywhere_core::rules::{Finding, Severity, has_errors};
use leptos::prelude::*;
use serde_json::{Value, json};

use super::fields::{Field, Form, Mark, Marked, Rows};
use super::new_client_token;
use crate::aws::Aws;
use crate::pages::clusters::offered_clusters;
use crate::site_config::{SiteConfig, use_site_config};

/// The region's cluster names, loaded once; the error says why there are none.
pub fn use_clusters(aws: Aws) -> (RwSignal<Vec<String>>, RwSignal<Option<String>>) {
    let clusters = RwSignal::new(Vec::new());
    let error = RwSignal::new(None);
    let allowed = use_site_config().with_untracked(|c| c.allowed_clusters.clone());
    match aws.client() {
        Ok(client) => leptos::task::spawn_local(async move {
            match offered_clusters(&client, allowed).await {
                Ok((names, _)) => clusters.set(names),
                Err(message) => error.set(Some(message)),
            }
        }),
        Err(reason) => error.set(Some(reason.to_string())),
    }
    (clusters, error)
}

/// The cluster, chosen among the region's clusters (a name typed in the JSON shows too).
#[component]
pub fn ClusterSelect(form: Form, clusters: RwSignal<Vec<String>>) -> impl IntoView {
    let id = form.field_id("cluster");
    let current = Memo::new(move |_| {
        form.document
            .get("cluster")
            .and_then(|value| value.as_str().map(str::to_owned))
            .unwrap_or_default()
    });
    view! {
        <Marked form path="cluster".to_owned() id=id.clone()>
            <label for=id.clone()>"Cluster"</label>
            <select
                id=id.clone()
                on:change=move |ev| {
                    let name = event_target_value(&ev);
                    form.document.set("cluster", (!name.is_empty()).then_some(Value::String(name)))
                }
            >
                <option value="" prop:selected=move || current.get().is_empty()>"Choose a cluster"</option>
                {move || {
                    let mut names = clusters.get();
                    let chosen = current.get();
                    if !chosen.is_empty() && !names.contains(&chosen) {
                        names.push(chosen.clone());
                    }
                    names
                        .into_iter()
                        .map(|name| {
                            let selected = name == chosen;
                            let value = name.clone();
                            view! { <option value=value selected=selected>{name}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </Marked>
    }
}

/// The request's tags, key and value rows.
#[component]
pub fn TagRows(form: Form) -> impl IntoView {
    view! {
        <Rows
            form
            path="tags"
            legend="Tags"
            add_label="Add tag"
            new_row=|| json!({"key": "", "value": ""})
            row=move |row: String| {
                view! {
                    <Field form path=format!("{row}.key") label="Key" />
                    <Field form path=format!("{row}.value") label="Value" />
                }
            }
        />
    }
}

/// The idempotency token: generated, shown, and renewed on demand (a new token starts new tasks).
#[component]
pub fn ClientToken(form: Form) -> impl IntoView {
    view! {
        <div class="client-token">
            <Field form path="clientToken" label="Client token (AWS acts once per token)" />
            <button
                type="button"
                class="secondary"
                on:click=move |_| form.document.set("clientToken", Some(Value::String(new_client_token())))
            >
                "New token"
            </button>
        </div>
    }
}

pub fn marks_of(findings: &[Finding]) -> Vec<Mark> {
    findings
        .iter()
        .map(|finding| Mark {
            path: finding.path.clone(),
            error: finding.severity == Severity::Error,
            message: finding.message.clone(),
        })
        .collect()
}

/// Whether the request's cluster (absent: `default`) is one this deployment offers.
pub fn cluster_offered(document: &serde_json::Value, config: &SiteConfig) -> Result<(), String> {
    let cluster = document
        .get("cluster")
        .and_then(|c| c.as_str())
        .unwrap_or("default");
    if config.allows_cluster(cluster) {
        return Ok(());
    }
    Err(format!(
        "this console does not run tasks on cluster {cluster}; choose one of {}.",
        config
            .allowed_clusters
            .clone()
            .unwrap_or_default()
            .join(", ")
    ))
}

/// Why the request cannot be sent, or `None`.
pub fn blocked_reason(
    action: &str,
    syntax: Option<String>,
    findings: &[Finding],
    shape: Result<(), String>,
) -> Option<String> {
    if let Some(error) = syntax {
        return Some(format!(
            "{action} is blocked: the JSON is not valid ({error})."
        ));
    }
    if has_errors(findings) {
        let errors: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        let first = errors[0];
        return Some(format!(
            "{action} is blocked by {} error{}: {} (at {}). Why: {}",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" },
            first.message,
            first.path,
            first.reason
        ));
    }
    shape
        .err()
        .map(|error| format!("{action} is blocked: {error}"))
}
