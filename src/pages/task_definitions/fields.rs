//! Form fields bound to a path of a JSON document, each marked with the findings about it.

use anywhere_core::taskdef::{form_text, json_path};
use leptos::prelude::*;
use serde_json::Value;

use super::editor::JsonDocument;
pub use super::editor::Mark;

/// A form over a document: fields read and write `document` and show the `marks` at their path.
/// `prefix` keeps element ids unique between forms.
#[derive(Clone, Copy)]
pub struct Form {
    pub document: JsonDocument,
    pub marks: Memo<Vec<Mark>>,
    pub prefix: &'static str,
}

impl Form {
    /// The element id of the field at `path` (a finding's path finds its field the same way).
    pub fn field_id(&self, path: &str) -> String {
        let cleaned: String = path
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        format!("{}-{}", self.prefix, cleaned.trim_end_matches('-'))
    }

    fn marks_at(&self, path: &str, exact: bool) -> Vec<Mark> {
        self.marks.with(|marks| {
            marks
                .iter()
                .filter(|mark| {
                    if exact {
                        mark.path == path
                    } else {
                        json_path::concerns(&mark.path, path)
                    }
                })
                .cloned()
                .collect()
        })
    }
}

/// How a field's text maps to JSON.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub enum Kind {
    #[default]
    Text,
    Integer,
    /// One list item per line, applied when the field is left.
    Lines,
    /// `key=value` per line into an object, applied when the field is left.
    KeyValueLines,
}

/// A labelled text field. `list` names a datalist of suggestions.
#[component]
pub fn Field(
    form: Form,
    #[prop(into)] path: String,
    #[prop(into)] label: String,
    #[prop(optional)] kind: Kind,
    #[prop(optional, into)] placeholder: String,
    #[prop(optional, into)] list: Option<String>,
) -> impl IntoView {
    let id = form.field_id(&path);
    let read_path = path.clone();
    let current = move || {
        form.document.value.with(|document| {
            let value = json_path::get(document, &read_path);
            match kind {
                Kind::Text | Kind::Integer => form_text::text(value),
                Kind::Lines => form_text::lines(value),
                Kind::KeyValueLines => form_text::key_value_lines(value),
            }
        })
    };
    let write_path = path.clone();
    let write = move |text: String| {
        let value = match kind {
            Kind::Text => form_text::string_value(&text),
            Kind::Integer => form_text::integer_value(&text),
            Kind::Lines => form_text::lines_value(&text),
            Kind::KeyValueLines => form_text::key_value_lines_value(&text),
        };
        form.document.set(&write_path, value);
    };
    let input = match kind {
        Kind::Text | Kind::Integer => view! {
            <input
                id=id.clone()
                inputmode=(kind == Kind::Integer).then_some("numeric")
                placeholder=placeholder
                list=list
                spellcheck="false"
                prop:value=current
                on:input=move |ev| write(event_target_value(&ev))
            />
        }
        .into_any(),
        Kind::Lines | Kind::KeyValueLines => view! {
            <textarea
                id=id.clone()
                rows="3"
                placeholder=placeholder
                spellcheck="false"
                prop:value=current
                on:change=move |ev| write(event_target_value(&ev))
            ></textarea>
        }
        .into_any(),
    };
    view! {
        <Marked form path id=id.clone()>
            <label for=id.clone()>{label}</label>
            {input}
        </Marked>
    }
}

/// A labelled select; `options` are (value, label), the empty value meaning "leave out". A value
/// the document holds that is not offered shows as a disabled extra option, so it is never hidden.
#[component]
pub fn SelectField(
    form: Form,
    #[prop(into)] path: String,
    #[prop(into)] label: String,
    options: &'static [(&'static str, &'static str)],
    #[prop(optional)] unsupported_note: &'static str,
) -> impl IntoView {
    let id = form.field_id(&path);
    let read_path = path.clone();
    let current = Memo::new(move |_| {
        form.document
            .value
            .with(|document| form_text::text(json_path::get(document, &read_path)))
    });
    let write_path = path.clone();
    view! {
        <Marked form path id=id.clone()>
            <label for=id.clone()>{label}</label>
            <select
                id=id.clone()
                on:change=move |ev| {
                    form.document.set(&write_path, form_text::string_value(&event_target_value(&ev)))
                }
            >
                {options
                    .iter()
                    .map(|(value, label)| {
                        view! {
                            <option value=*value prop:selected=move || current.get() == *value>
                                {*label}
                            </option>
                        }
                    })
                    .collect_view()}
                {move || {
                    let value = current.get();
                    (!options.iter().any(|(offered, _)| *offered == value))
                        .then(|| {
                            view! {
                                <option value=value.clone() disabled=true selected=true>
                                    {format!("{value} {unsupported_note}")}
                                </option>
                            }
                        })
                }}
            </select>
        </Marked>
    }
}

/// A labelled checkbox holding `true` or `false`.
#[component]
pub fn CheckField(
    form: Form,
    #[prop(into)] path: String,
    #[prop(into)] label: String,
) -> impl IntoView {
    let id = form.field_id(&path);
    let read_path = path.clone();
    let write_path = path.clone();
    view! {
        <Marked form path id=id.clone()>
            <label class="choice" for=id.clone()>
                <input
                    id=id.clone()
                    type="checkbox"
                    prop:checked=move || form.document.get(&read_path) == Some(Value::Bool(true))
                    on:change=move |ev| {
                        form.document.set(&write_path, Some(Value::Bool(event_target_checked(&ev))))
                    }
                />
                {label}
            </label>
        </Marked>
    }
}

/// Wraps a field: `.has-error` / `.has-warning`, `aria-invalid` on the control, and the marks'
/// messages under it. With `exact`, only marks at `path` itself (a list whose rows have their own).
#[component]
pub fn Marked(
    form: Form,
    path: String,
    id: String,
    #[prop(optional)] exact: bool,
    children: Children,
) -> impl IntoView {
    let marks_path = path.clone();
    let marks = Memo::new(move |_| form.marks_at(&marks_path, exact));
    let has_error = move || marks.with(|marks| marks.iter().any(|mark| mark.error));
    let has_warning = move || marks.with(|marks| marks.iter().any(|mark| !mark.error));
    let note_id = format!("{id}-note");
    let control_id = id.clone();
    // aria-invalid and aria-describedby go on the control itself, which `children` rendered.
    Effect::new(move |_| {
        let invalid = has_error();
        let described = !marks.with(Vec::is_empty);
        if let Some(control) = document().get_element_by_id(&control_id) {
            let _ = if invalid {
                control.set_attribute("aria-invalid", "true")
            } else {
                control.remove_attribute("aria-invalid")
            };
            let _ = if described {
                control.set_attribute("aria-describedby", &format!("{control_id}-note"))
            } else {
                control.remove_attribute("aria-describedby")
            };
        }
    });
    view! {
        <div class="field" class=("has-error", has_error) class=("has-warning", has_warning)>
            {children()}
            <Show when=move || !marks.with(Vec::is_empty)>
                <ul class="field-notes" id=note_id.clone()>
                    {move || {
                        marks
                            .get()
                            .into_iter()
                            .map(|mark| {
                                view! {
                                    <li class:error=mark.error>{mark.message}</li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </Show>
        </div>
    }
}

/// A list of rows at `path` with add and remove buttons; each row renders with its own path.
#[component]
pub fn Rows<F, V>(
    form: Form,
    #[prop(into)] path: String,
    #[prop(into)] legend: String,
    #[prop(into)] add_label: String,
    new_row: fn() -> Value,
    row: F,
) -> impl IntoView
where
    F: Fn(String) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let count_path = path.clone();
    let count = Memo::new(move |_| {
        form.document
            .value
            .with(|document| json_path::len(document, &count_path))
    });
    let add_path = path.clone();
    let rows_path = path.clone();
    let id = form.field_id(&path);
    let remove_label = format!("Remove from {legend}");
    view! {
        <Marked form path=path.clone() id=id exact=true>
            <fieldset class="rows">
                <legend>{legend}</legend>
                <For
                    each=move || 0..count.get()
                    key=|index| *index
                    children=move |index| {
                        let row_path = format!("{rows_path}[{index}]");
                        let remove_path = rows_path.clone();
                        let row = row.clone();
                        let remove_label = format!("{remove_label}: row {}", index + 1);
                        view! {
                            <div class="row">
                                {row(row_path)}
                                <button
                                    type="button"
                                    class="secondary remove"
                                    aria-label=remove_label
                                    on:click=move |_| {
                                        form.document
                                            .edit(|document| json_path::remove_element(document, &remove_path, index))
                                    }
                                >
                                    "Remove"
                                </button>
                            </div>
                        }
                    }
                />
                <button
                    type="button"
                    class="secondary add"
                    on:click=move |_| form.document.edit(|document| json_path::push(document, &add_path, new_row()))
                >
                    {add_label}
                </button>
            </fieldset>
        </Marked>
    }
}
