//! The list of findings: each with its path (a button to the field it marks), message, reason and
//! source.

use anywhere_core::rules::{Finding, Severity};
use leptos::prelude::*;

use super::fields::Form;
use crate::components::AwsText;

/// Every finding of the document, errors first (the rules sort them).
#[component]
pub fn FindingsList(form: Form, #[prop(into)] findings: Signal<Vec<Finding>>) -> impl IntoView {
    let counts = move || {
        findings.with(|findings| {
            let errors = findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count();
            (errors, findings.len() - errors)
        })
    };
    view! {
        <section class="findings" aria-label="Findings">
            <h2>
                "Findings "
                <span class="muted">
                    {move || {
                        let (errors, warnings) = counts();
                        format!("{errors} error{}, {warnings} warning{}", plural(errors), plural(warnings))
                    }}
                </span>
            </h2>
            <Show
                when=move || !findings.with(Vec::is_empty)
                fallback=|| view! { <p class="muted">"Nothing external instances would refuse."</p> }
            >
                <ul class="finding-list">
                    {move || findings.get().into_iter().map(|finding| view! { <FindingItem form finding /> }).collect_view()}
                </ul>
            </Show>
        </section>
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

#[component]
fn FindingItem(form: Form, finding: Finding) -> impl IntoView {
    let field_id = form.field_id(&finding.path);
    let focus = move |_| {
        if let Some(element) = document().get_element_by_id(&field_id).and_then(|element| {
            wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element).ok()
        }) {
            let _ = element.focus();
        }
    };
    let path = if finding.path.is_empty() {
        "(whole document)".to_owned()
    } else {
        finding.path.clone()
    };
    view! {
        <li class="finding" class:error=finding.severity == Severity::Error data-rule=finding.rule_id>
            <span class="badge severity">{finding.severity.label()}</span>
            <button type="button" class="link path" on:click=focus title="Go to the field">
                <code><AwsText text=path /></code>
            </button>
            <span class="message"><AwsText text=finding.message.clone() /></span>
            <p class="reason">{finding.reason}</p>
            <p class="source muted">{finding.source}</p>
        </li>
    }
}
