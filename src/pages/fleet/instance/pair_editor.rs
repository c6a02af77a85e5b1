//! One editor for a host's name/value pairs (custom attributes and tags): a table of the pairs,
//! each removable, and a form that adds one. A new pair is checked by the core's validated types
//! before anything is sent, so a mistake is one sentence and what was typed stays.

use leptos::prelude::*;

use crate::aws::{Write, failure, settled};
use crate::components::{AwsText, ErrorMessage};

/// What one kind of pair is called on the page.
#[derive(Clone, Copy)]
pub struct PairWords {
    /// The section's heading.
    pub heading: &'static str,
    /// The table's accessible name and class.
    pub table: &'static str,
    pub table_class: &'static str,
    /// The first column's heading ("Name", "Key").
    pub name_column: &'static str,
    /// The form's labels; `id` prefixes the inputs' ids (`{id}-name`, `{id}-value`).
    pub id: &'static str,
    pub name_label: &'static str,
    pub value_label: &'static str,
    pub add: &'static str,
    /// "attribute" or "tag", for the Remove buttons' names.
    pub noun: &'static str,
    /// Said when the name is left empty.
    pub name_missing: &'static str,
}

/// A change to the pairs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PairChange {
    /// Adds a pair or sets its value (`None`: a name without a value).
    Put {
        name: String,
        value: Option<String>,
    },
    Remove {
        name: String,
    },
}

/// The pairs of one host, editable.
///
/// - `words`: what the pairs are called.
/// - `pairs`: name and value of each pair shown (an empty value shows empty).
/// - `check`: the sentence saying what is wrong with a new pair (name, value: trimmed), if anything.
/// - `send`: applies a change; once one succeeds the form is cleared.
#[component]
pub fn PairEditor(
    words: PairWords,
    pairs: Vec<(String, String)>,
    check: fn(&str, &str) -> Result<(), String>,
    send: Write<PairChange, ()>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let value = RwSignal::new(String::new());
    let refused = RwSignal::new(None::<String>);
    let sent = settled(send);
    Effect::new(move |_| {
        if let Some(Ok(())) = sent.get() {
            name.set(String::new());
            value.set(String::new());
        }
    });
    let busy = send.pending();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (new_name, new_value) = (
            name.get_untracked().trim().to_owned(),
            value.get_untracked().trim().to_owned(),
        );
        let problem = if new_name.is_empty() {
            Err(words.name_missing.to_owned())
        } else {
            check(&new_name, &new_value)
        };
        refused.set(problem.err());
        if refused.with_untracked(Option::is_none) {
            send.dispatch(PairChange::Put {
                name: new_name,
                value: (!new_value.is_empty()).then_some(new_value),
            });
        }
    };
    let failed = failure(send);
    let error = Signal::derive(move || refused.get().or_else(|| failed.get()));
    let rows = pairs
        .into_iter()
        .map(|(pair_name, pair_value)| {
            let removed = pair_name.clone();
            view! {
                <tr>
                    <td><AwsText text=pair_name.clone() /></td>
                    <td><AwsText text=pair_value /></td>
                    <td>
                        <button
                            type="button"
                            class="secondary"
                            aria-label=format!("Remove {} {pair_name}", words.noun)
                            disabled=busy
                            on:click=move |_| {
                                refused.set(None);
                                send.dispatch(PairChange::Remove { name: removed.clone() });
                            }
                        >
                            "Remove"
                        </button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let (name_id, value_id) = (format!("{}-name", words.id), format!("{}-value", words.id));
    view! {
        <h2>{words.heading}</h2>
        <table class=format!("simple {}", words.table_class) aria-label=words.table>
            <thead><tr><th scope="col">{words.name_column}</th><th scope="col">"Value"</th><th scope="col"><span class="visually-hidden">"Remove"</span></th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <form class="inline-form" on:submit=add>
            <label for=name_id.clone()>{words.name_label}</label>
            <input id=name_id bind:value=name />
            <label for=value_id.clone()>{words.value_label}</label>
            <input id=value_id bind:value=value />
            <button type="submit" disabled=busy>{words.add}</button>
        </form>
        <ErrorMessage message=error />
    }
}
