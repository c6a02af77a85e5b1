//! What the RunTask and CreateService tabs share (the request, the form around their own fields,
//! the send panel), and why a request, Register included, is blocked.

use anywhere_core::rules::{Finding, Severity, has_errors};
use anywhere_core::taskdef::{CliRequest, DocumentError};
use leptos::prelude::*;
use serde_json::{Value, json};

use super::cli_export::CliExport;
use super::editor::{JsonDocument, JsonEditor};
use super::fields::{Field, Form, Mark, Marked, Rows};
use super::findings::FindingsList;
use super::fleet_catalog::{FleetCatalog, use_fleet_catalog};
use crate::aws::{Aws, CallError, Load, Write, failure, use_aws};
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
    /// The chosen cluster's name, empty while none is.
    pub cluster: Memo<String>,
    pub catalog: FleetCatalog,
}

/// The offered cluster names, loaded once.
pub type Clusters = Load<Vec<String>>;

impl Request {
    /// - `prefix`: the form's element ids start with it.
    /// - `initial`: the request to start from.
    /// - `lint`: the request's findings.
    /// - `input`: the typed input, made to check that the document is a request at all.
    pub fn new<I: 'static>(
        prefix: &'static str,
        initial: Value,
        lint: fn(&Value) -> Vec<Finding>,
        input: fn(&Value) -> Result<I, DocumentError>,
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
        let cluster = Memo::new(move |_| {
            document
                .get("cluster")
                .and_then(|value| value.as_str().map(str::to_owned))
                .unwrap_or_default()
        });
        let findings = Memo::new(move |_| document.value.with(lint));
        let shape = Memo::new(move |_| {
            document.value.with(|value| {
                input(value)
                    .map_err(|error| error.to_string())
                    .and_then(|_| site.with(|config| cluster_offered(value, config)))
            })
        });
        let marks =
            Memo::new(move |_| findings.with(|findings| findings.iter().map(Mark::from).collect()));
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
            cluster,
            catalog: use_fleet_catalog(aws, cluster.into()),
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

/// A RunTask or CreateService tab: the form (the cluster and `fields` in a grid, then `children`,
/// the tags and the client token) beside the request's JSON editor, its send button, why it
/// cannot be sent, `result` and the findings.
///
/// - `request`: the request shown; its form's prefix starts the ids (`{prefix}-json`,
///   `{prefix}-submit`, `{prefix}-blocked`).
/// - `legend`, `note`: the form's title, and what external instances leave out.
/// - `fields`: the fields beside the cluster; `children`: the rest of the form.
/// - `json_label`, `file_name`: the editor's label and download name.
/// - `cli`: the AWS CLI command shown beside the button.
/// - `send`, `sending`: the button's label, and while the request is out.
/// - `blocked`: why it cannot be sent now.
/// - `action`: sends the document; `result`: what the last send did.
#[component]
pub fn RequestForm<O: Send + Sync + 'static>(
    request: Request,
    legend: &'static str,
    note: &'static str,
    #[prop(into)] fields: ViewFnOnce,
    children: Children,
    json_label: &'static str,
    file_name: &'static str,
    cli: CliRequest,
    send: &'static str,
    sending: &'static str,
    blocked: Memo<Option<String>>,
    action: Write<Value, O>,
    #[prop(into)] result: ViewFnOnce,
) -> impl IntoView {
    let (document, form) = (request.document, request.form);
    let id = form.prefix;
    let blocked_id = format!("{id}-blocked");
    let busy = action.pending();
    view! {
        <div class="builder request">
            <form class="form builder-form" on:submit=|ev| ev.prevent_default() autocomplete="off">
                <fieldset class="form-body" prop:disabled=move || document.syntax.with(Option::is_some)>
                    <legend>{legend}</legend>
                    <p class="muted">{note}</p>
                    <div class="grid">
                        <ClusterSelect request />
                        {fields.run()}
                    </div>
                    {children()}
                    <TagRows form />
                    <ClientToken form />
                </fieldset>
            </form>
            <div class="builder-side">
                <JsonEditor document id=format!("{id}-json") label=json_label file_name=file_name />
                <div class="actions">
                    <button
                        type="button"
                        id=format!("{id}-submit")
                        aria-describedby=blocked_id.clone()
                        disabled=move || blocked.with(Option::is_some) || busy.get()
                        on:click=move |_| {
                            action.dispatch(document.value.get_untracked());
                        }
                    >
                        {move || if busy.get() { sending } else { send }}
                    </button>
                    <CliExport request=cli document=document.value />
                </div>
                <p class="blocked-reason" id=blocked_id role="status">{move || blocked.get()}</p>
                {result.run()}
                <FindingsList form findings=request.findings />
            </div>
        </div>
    }
}

/// The cluster, chosen among the region's clusters (a name typed in the JSON shows too).
#[component]
fn ClusterSelect(request: Request) -> impl IntoView {
    let (form, clusters, current) = (request.form, request.clusters, request.cluster);
    let id = form.field_id("cluster");
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
                    let mut names = clusters.with(|c| c.and_then(Result::ok).cloned().unwrap_or_default());
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
fn TagRows(form: Form) -> impl IntoView {
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
fn ClientToken(form: Form) -> impl IntoView {
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
