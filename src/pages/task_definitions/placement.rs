//! Placement: memberOf constraints with a condition builder suggesting the fleet's attribute names
//! and values, and placement strategies.

use anywhere_core::taskdef::{ClauseOperator, and_clause, clause, form_text};
use leptos::prelude::*;
use serde_json::{Value, json};

use super::fields::{Field, Form, Rows, SelectField};
use super::fleet_catalog::{FleetCatalog, catalog_summary};

const CONSTRAINT_TYPES: &[(&str, &str)] = &[("memberOf", "memberOf")];
const REQUEST_CONSTRAINT_TYPES: &[(&str, &str)] = &[
    ("memberOf", "memberOf"),
    ("distinctInstance", "distinctInstance"),
];
const STRATEGY_TYPES: &[(&str, &str)] = &[
    ("spread", "spread"),
    ("binpack", "binpack"),
    ("random", "random"),
];

/// The placement constraints at `path`. A task definition takes only memberOf (`distinct` false);
/// RunTask and CreateService also take distinctInstance.
#[component]
pub fn PlacementConstraints(
    form: Form,
    #[prop(into)] path: String,
    catalog: FleetCatalog,
    #[prop(optional)] distinct: bool,
) -> impl IntoView {
    let types = if distinct {
        REQUEST_CONSTRAINT_TYPES
    } else {
        CONSTRAINT_TYPES
    };
    view! {
        <Rows
            form
            path
            legend="Placement constraints"
            add_label="Add constraint"
            new_row=|| json!({"type": "memberOf", "expression": ""})
            row=move |row: String| {
                let is_member_of = {
                    let type_path = format!("{row}.type");
                    move || form.document.get(&type_path) == Some(Value::from("memberOf"))
                };
                let expression = format!("{row}.expression");
                view! {
                    <SelectField form path=format!("{row}.type") label="Type" options=types unsupported_note="(not supported)" />
                    <Show when=is_member_of.clone()>
                        <Field form path=expression.clone() label="Expression" placeholder="attribute:site == munich" />
                        <ConditionBuilder form path=expression.clone() catalog />
                    </Show>
                }
            }
        />
        <p class="muted suggestions">{catalog_summary(catalog)}</p>
    }
}

/// Adds `attribute:NAME OP VALUE` to the expression at `path`, suggesting what the fleet has.
#[component]
fn ConditionBuilder(form: Form, path: String, catalog: FleetCatalog) -> impl IntoView {
    let base = form.field_id(&path);
    let name = RwSignal::new(String::new());
    let operator = RwSignal::new(ClauseOperator::Equals);
    let value = RwSignal::new(String::new());
    let names_id = format!("{base}-names");
    let values_id = format!("{base}-values");
    let add = move |_| {
        let name_text = name.get_untracked();
        if name_text.trim().is_empty() {
            return;
        }
        let current = form_text::text(form.document.get(&path).as_ref());
        let condition = clause(&name_text, operator.get_untracked(), &value.get_untracked());
        form.document
            .set(&path, Some(Value::String(and_clause(&current, &condition))));
        value.set(String::new());
    };
    let name_input = format!("{base}-name");
    let operator_input = format!("{base}-operator");
    let value_input = format!("{base}-value");
    view! {
        <div class="condition-builder" role="group" aria-label="Add a condition">
            <datalist id=names_id.clone()>
                {move || {
                    catalog.with(|catalog| {
                            catalog
                                .map(|catalog| catalog.names().into_iter().map(|n| view! { <option value=n.to_owned() /> }).collect_view())
                        })
                }}
            </datalist>
            <datalist id=values_id.clone()>
                {move || {
                    let name = name.get();
                    catalog.with(|catalog| {
                            catalog
                                .map(|catalog| catalog.values(name.trim()).into_iter().map(|v| view! { <option value=v.to_owned() /> }).collect_view())
                        })
                }}
            </datalist>
            <label for=name_input.clone()>"Attribute"</label>
            <input
                id=name_input
                list=names_id
                placeholder="site"
                spellcheck="false"
                bind:value=name
            />
            <label for=operator_input.clone()>"Operator"</label>
            <select
                id=operator_input
                on:change=move |ev| {
                    if let Some(op) = ClauseOperator::from_symbol(&event_target_value(&ev)) {
                        operator.set(op)
                    }
                }
            >
                {ClauseOperator::ALL
                    .into_iter()
                    .map(|op| view! { <option value=op.symbol() prop:selected=move || operator.get() == op>{op.symbol()}</option> })
                    .collect_view()}
            </select>
            <label for=value_input.clone()>"Value"</label>
            <input
                id=value_input
                list=values_id
                placeholder="munich"
                spellcheck="false"
                disabled=move || operator.get() == ClauseOperator::Exists
                bind:value=value
            />
            <button type="button" class="secondary" on:click=add disabled=move || name.with(|n| n.trim().is_empty())>
                "Add condition"
            </button>
        </div>
    }
}

/// The placement strategies at `path` (RunTask, CreateService).
#[component]
pub fn PlacementStrategies(form: Form, #[prop(into)] path: String) -> impl IntoView {
    let suggestions_id = form.field_id(&format!("{path}-fields"));
    let list = suggestions_id.clone();
    view! {
        <datalist id=suggestions_id>
            {["instanceId", "attribute:site", "attribute:ecs.cpu-architecture", "memory", "cpu"]
                .into_iter()
                .map(|field| view! { <option value=field /> })
                .collect_view()}
        </datalist>
        <Rows
            form
            path
            legend="Placement strategy"
            add_label="Add strategy"
            new_row=|| json!({"type": "spread", "field": "instanceId"})
            row=move |row: String| {
                view! {
                    <SelectField form path=format!("{row}.type") label="Type" options=STRATEGY_TYPES unsupported_note="(unknown)" />
                    <Field form path=format!("{row}.field") label="Field" list=list.clone() placeholder="instanceId" />
                }
            }
        />
    }
}
