//! What the RunTask and CreateService tabs share (the cluster choice, tags, the client token), and
//! why a request, Register included, is blocked.

use anywhere_core::rules::{Finding, Severity, has_errors};
use anywhere_core::taskdef::CliRequest;
use leptos::prelude::*;
use serde_json::{Value, json};

use super::cli_export::CliExport;
use super::editor::{JsonDocument, JsonEditor};
use super::fields::{Field, Form, Mark, Marked, Rows};
use super::fleet_catalog::{FleetCatalog, use_fleet_catalog};
use crate::aws::{Aws, CallError, failure, use_aws};
use crate::components::ErrorMessage;
use crate::pages::clusters::offered_clusters;
use crate::site_config::{SiteConfig, use_site_config};

/// What the RunTask and CreateService tabs are built on: the request document and its findings,
/// marks and shape check, the offered clusters, and the fleet's attributes on the chosen cluster.
#[derive(Clone, Copy)]
pub struct Request {
    pub aws: Aws,
    pub document: JsonDocument,
    pub form: Form,
    pub findings: Memo<Vec<Finding>>,
    /// Whether the document makes a request this deployment may send, or why not.
    pub shape: Memo<Result<(), String>>,
    pub clusters: Clusters,
    pub catalog: FleetCatalog,
}

/// The offered cluster names, loaded once.
pub type Clusters = LocalResource<Result<Vec<String>, CallError>>;

impl Request {
    /// - `prefix`: the form's element ids start with it.
    /// - `initial`: the request to start from.
    /// - `lint`: the request's findings.
    /// - `input`: whether the document is a request at all (its typed input can be made).
    pub fn new(
        prefix: &'static str,
        initial: Value,
        lint: fn(&Value) -> Vec<Finding>,
        input: fn(&Value) -> Result<(), String>,
    ) -> Self {
        let aws = use_aws();
        let site = use_site_config();
        let allowed = site.with_untracked(|c| c.allowed_clusters.clone());
        let clusters = aws.resource(move |client| {
            let allowed = allowed.clone();
            async move {
                let (names, _) = offered_clusters(&client, allowed)
                    .await
                    .map_err(CallError::Message)?;
                Ok(names)
            }
        });
        let document = JsonDocument::new(initial, |value| value);
        let cluster = Signal::derive(move || {
            document
                .get("cluster")
                .and_then(|value| value.as_str().map(str::to_owned))
                .unwrap_or_default()
        });
        let findings = Memo::new(move |_| document.value.with(lint));
        let shape = Memo::new(move |_| {
            document.value.with(|value| {
                input(value).and_then(|()| site.with(|config| cluster_offered(value, config)))
            })
        });
        let marks = Memo::new(move |_| marks_of(&findings.get()));
        Request {
            aws,
            document,
            form: Form {
                document,
                marks,
                prefix,
            },
            findings,
            shape,
            clusters,
            catalog: use_fleet_catalog(aws, cluster),
        }
    }

    /// Why `action` cannot be sent now, or `None`; `shape` may add a check of its own.
    pub fn blocked(
        self,
        action: &'static str,
        shape: impl Fn() -> Result<(), String> + Send + Sync + 'static,
    ) -> Memo<Option<String>> {
        Memo::new(move |_| {
            blocked_reason(
                action,
                self.document.syntax.get().map(|error| error.to_string()),
                &self.findings.get(),
                self.shape.get().and_then(|()| shape()),
            )
        })
    }
}

/// The request's JSON editor, its send button, and why it cannot be sent.
///
/// - `request`: the request shown.
/// - `id`: the prefix of the elements' ids (`{id}-json`, `{id}-submit`, `{id}-blocked`).
/// - `json_label`, `file_name`: the editor's label and download name.
/// - `cli`: the AWS CLI command shown beside the button.
/// - `send`, `sending`: the button's label, and while the request is out.
/// - `busy`: whether it is out; `on_send`: sends it.
#[component]
pub fn SendPanel(
    request: Request,
    id: &'static str,
    json_label: &'static str,
    file_name: &'static str,
    cli: CliRequest,
    send: &'static str,
    sending: &'static str,
    blocked: Memo<Option<String>>,
    #[prop(into)] busy: Signal<bool>,
    #[prop(into)] on_send: Callback<()>,
) -> impl IntoView {
    let document = request.document;
    let blocked_id = format!("{id}-blocked");
    view! {
        <JsonEditor document id=format!("{id}-json") label=json_label file_name=file_name />
        <div class="actions">
            <button
                type="button"
                id=format!("{id}-submit")
                aria-describedby=blocked_id.clone()
                disabled=move || blocked.with(Option::is_some) || busy.get()
                on:click=move |_| on_send.run(())
            >
                {move || if busy.get() { sending } else { send }}
            </button>
            <CliExport request=cli document=document.value />
        </div>
        <p class="blocked-reason" id=blocked_id role="status">{move || blocked.get()}</p>
    }
}

/// The cluster, chosen among the region's clusters (a name typed in the JSON shows too).
#[component]
pub fn ClusterSelect(form: Form, clusters: Clusters) -> impl IntoView {
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
                    let mut names = clusters.with(|c| c.as_ref().and_then(|c| c.as_ref().ok()).cloned().unwrap_or_default());
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
            <ErrorMessage message=failure(clusters) />
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

/// A fresh idempotency token for RunTask and CreateService: AWS acts once per token, so a retried
/// or double-clicked request starts nothing twice. Uniqueness, not secrecy, is what matters here.
pub fn new_client_token() -> String {
    let mut token = String::with_capacity(36);
    for index in 0..32 {
        if matches!(index, 8 | 12 | 16 | 20) {
            token.push('-');
        }
        let digit = (js_sys::Math::random() * 16.0) as u32;
        token.push(char::from_digit(digit.min(15), 16).unwrap_or('0'));
    }
    token
}

fn marks_of(findings: &[Finding]) -> Vec<Mark> {
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
fn cluster_offered(document: &serde_json::Value, config: &SiteConfig) -> Result<(), String> {
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
