//! Form pieces the onboarding steps share.

use leptos::prelude::*;

/// One field's problem, under the field; nothing while `message` is `None`.
#[component]
pub fn FieldError(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message
            .get()
            .map(|text| view! { <p class="field-error" role="alert">{text}</p> })
    }
}

/// A labelled text input bound to `value`, with its problem under it: the form row of every step.
///
/// - `id`: the input's id, which the label points at.
/// - `label`: the label's text.
/// - `value`: the text, as typed.
/// - `error`: what is wrong with it, if anything: shown under it and as `aria-invalid`.
/// - `kind`: the input's `type` (none: text); `placeholder`, `min`, `max` as in HTML.
#[component]
pub fn TextRow(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] kind: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional, into)] min: Option<String>,
    #[prop(optional, into)] max: Option<String>,
) -> impl IntoView {
    view! {
        <div>
            <label for=id>{label}</label>
            <input
                id=id
                type=kind
                spellcheck="false"
                placeholder=placeholder
                min=min
                max=max
                aria-invalid=move || error.get().is_some().to_string()
                bind:value=value
            />
            <FieldError message=error />
        </div>
    }
}

/// Editable `(name, value)` rows with add and remove buttons.
///
/// - `rows`: the rows, as typed.
/// - `id`: prefix of the inputs' ids (`{id}-name-{i}`, `{id}-value-{i}`).
/// - `name_label`, `value_label`: the two columns' labels, also used for screen readers per row.
/// - `add_label`: the add button's text.
#[component]
pub fn KeyValueRows(
    rows: RwSignal<Vec<(String, String)>>,
    id: &'static str,
    name_label: &'static str,
    value_label: &'static str,
    add_label: &'static str,
) -> impl IntoView {
    let count = move || rows.with(Vec::len);
    // Keyed by position, so typing updates the value in place and never re-creates the input
    // under the cursor.
    view! {
        <div class="kv-rows">
            <For each=move || 0..count() key=|i| *i let:i>
                <div class="kv-row">
                    <input
                        id=format!("{id}-name-{i}")
                        aria-label=format!("{name_label} {}", i + 1)
                        placeholder=name_label
                        spellcheck="false"
                        prop:value=move || rows.with(|r| r.get(i).map(|(n, _)| n.clone()).unwrap_or_default())
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            rows.update(|r| if let Some(row) = r.get_mut(i) { row.0 = text });
                        }
                    />
                    <input
                        id=format!("{id}-value-{i}")
                        aria-label=format!("{value_label} {}", i + 1)
                        placeholder=value_label
                        spellcheck="false"
                        prop:value=move || rows.with(|r| r.get(i).map(|(_, v)| v.clone()).unwrap_or_default())
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            rows.update(|r| if let Some(row) = r.get_mut(i) { row.1 = text });
                        }
                    />
                    <button
                        type="button"
                        class="secondary"
                        aria-label=format!("Remove {} {}", name_label.to_lowercase(), i + 1)
                        on:click=move |_| rows.update(|r| if i < r.len() { r.remove(i); })
                    >
                        "Remove"
                    </button>
                </div>
            </For>
            <button
                type="button"
                class="secondary"
                on:click=move |_| rows.update(|r| r.push((String::new(), String::new())))
            >
                {add_label}
            </button>
        </div>
    }
}

/// A block of text to copy: shown as preformatted text with a copy button.
///
/// - `id`: the `<pre>`'s id.
/// - `text`: the text.
/// - `label`: the copy button's text.
#[component]
pub fn CopyBlock(
    id: &'static str,
    #[prop(into)] text: Signal<String>,
    label: &'static str,
) -> impl IntoView {
    view! {
        <div class="copy-block">
            <pre id=id class="command" tabindex="0">{move || text.get()}</pre>
            <crate::components::CopyButton text=text label=label />
        </div>
    }
}
