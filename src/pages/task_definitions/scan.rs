//! The compatibility scan: every ACTIVE task definition in the region, linted, telling which can
//! run on external instances and why the others cannot.

use anywhere_core::aws::arn::resource_name;
use anywhere_core::aws::ecs::{
    DescribeTaskDefinition, DescribeTaskDefinitionInput, ListTaskDefinitions,
    ListTaskDefinitionsInput,
};
use anywhere_core::rules::{Finding, Severity, has_errors};
use anywhere_core::sort;
use anywhere_core::taskdef::lint_registered;
use futures_util::future::join_all;
use leptos::prelude::*;

use crate::aws::{AwsClient, failure, use_aws};
use crate::components::{Checkbox, ErrorMessage};

#[derive(Clone, Debug, PartialEq)]
struct Scanned {
    name: String,
    outcome: Result<Vec<Finding>, String>,
}

impl Scanned {
    fn blocked(&self) -> bool {
        self.outcome
            .as_ref()
            .is_ok_and(|findings| has_errors(findings))
    }

    fn warned(&self) -> bool {
        self.outcome
            .as_ref()
            .is_ok_and(|findings| !has_errors(findings) && !findings.is_empty())
    }
}

/// A definition's findings, or why it could not be read.
async fn describe_and_lint(client: &AwsClient, arn: &str) -> Result<Vec<Finding>, String> {
    let input = DescribeTaskDefinitionInput {
        task_definition: arn.to_owned(),
        include: Vec::new(),
    };
    match client.call::<DescribeTaskDefinition>(&input).await {
        Ok(output) => output
            .task_definition
            .map(|definition| lint_registered(&definition))
            .ok_or_else(|| "AWS did not return it.".to_owned()),
        Err(failure) => Err(failure.user_message()),
    }
}

#[component]
pub fn CompatibilityScan() -> impl IntoView {
    let total = RwSignal::new(None::<usize>);
    let results = RwSignal::new(Vec::<Scanned>::new());
    let only_problems = RwSignal::new(false);
    // One run: the ACTIVE definitions listed, then each described and linted as it arrives (the
    // client's in-flight bound keeps them to a few requests at a time).
    let scan = use_aws().action(move |client, _: &()| {
        results.set(Vec::new());
        total.set(None);
        async move {
            let input = ListTaskDefinitionsInput {
                status: Some("ACTIVE".to_owned()),
                ..ListTaskDefinitionsInput::default()
            };
            let arns: Vec<String> = client
                .all_pages::<ListTaskDefinitions>(input)
                .await?
                .into_iter()
                .flat_map(|page| page.task_definition_arns)
                .collect();
            total.set(Some(arns.len()));
            join_all(arns.into_iter().map(|arn| {
                let client = client.clone();
                async move {
                    let outcome = describe_and_lint(&client, &arn).await;
                    results.update(|results| {
                        results.push(Scanned {
                            name: resource_name(&arn).to_owned(),
                            outcome,
                        })
                    });
                }
            }))
            .await;
            Ok(())
        }
    });
    let scanning = scan.pending();
    let summary = move || {
        let total = total.get()?;
        results.with(|results| {
            let blocked = results.iter().filter(|r| r.blocked()).count();
            let warned = results.iter().filter(|r| r.warned()).count();
            let failed = results.iter().filter(|r| r.outcome.is_err()).count();
            let clean = results.len() - blocked - warned - failed;
            Some(format!(
                "{} of {total} scanned: {} can run on external instances ({clean} clean, {warned} with warnings), {blocked} cannot{}.",
                results.len(),
                clean + warned,
                if failed > 0 { format!(", {failed} could not be read") } else { String::new() }
            ))
        })
    };
    let rows = move || {
        let mut shown: Vec<Scanned> = results.with(|results| {
            results
                .iter()
                .filter(|r| !only_problems.get() || r.blocked() || r.warned() || r.outcome.is_err())
                .cloned()
                .collect()
        });
        sort::sort_by(&mut shown, |a, b| {
            b.blocked()
                .cmp(&a.blocked())
                .then_with(|| a.name.cmp(&b.name))
        });
        shown
    };

    view! {
        <section class="scan" aria-label="Compatibility scan">
            <h2>"Compatibility scan"</h2>
            <p class="muted">
                "Checks every ACTIVE task definition in the region against what external instances support."
            </p>
            <div class="actions">
                <button type="button" on:click=move |_| { scan.dispatch(()); } disabled=scanning>
                    {move || if scanning.get() { "Scanning…" } else { "Scan all ACTIVE task definitions" }}
                </button>
                <Checkbox checked=only_problems>"Only definitions with findings"</Checkbox>
            </div>
            <p class="scan-summary" role="status">{summary}</p>
            <ErrorMessage message=failure(scan) />
            <table class="scan-table">
                <thead>
                    <tr>
                        <th scope="col">"Task definition"</th>
                        <th scope="col">"External instances"</th>
                        <th scope="col">"Why"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || rows().into_iter().map(|row| view! { <ScanRow row /> }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn ScanRow(row: Scanned) -> impl IntoView {
    let verdict = if row.blocked() {
        ("cannot run", "status-error")
    } else if row.outcome.is_err() {
        ("not read", "status-error")
    } else {
        ("can run", "status-ok")
    };
    let why = match row.outcome {
        Ok(findings) => findings
            .into_iter()
            .map(|finding| {
                view! {
                    <li class:error=finding.severity == Severity::Error>
                        <code>{finding.path}</code> " " {finding.message}
                    </li>
                }
            })
            .collect_view()
            .into_any(),
        Err(message) => view! { <li class="error">{message}</li> }.into_any(),
    };
    let name = row.name.clone();
    view! {
        <tr data-definition=name>
            <td><code>{row.name}</code></td>
            <td class=verdict.1>{verdict.0}</td>
            <td><ul class="scan-findings">{why}</ul></td>
        </tr>
    }
}
