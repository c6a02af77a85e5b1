//! The JSON side of a form: the document both sides edit, and the editor with import and export.

use anywhere_core::rules::{JsonError, parse_json};
use anywhere_core::taskdef::json_path;
use leptos::prelude::*;
use serde_json::Value;
use wasm_bindgen::JsCast;

use crate::components::CopyButton;

/// A JSON document edited from two sides. `value` is the last valid document (what the form shows
/// and the rules check); `text` is what the editor holds, kept as typed even when it is not JSON.
#[derive(Clone, Copy)]
pub struct JsonDocument {
    pub value: RwSignal<Value>,
    pub text: RwSignal<String>,
    pub syntax: RwSignal<Option<JsonError>>,
    /// Applied to every document that comes in as text (e.g. describe output becomes register input).
    normalize: fn(Value) -> Value,
}

impl JsonDocument {
    pub fn new(value: Value, normalize: fn(Value) -> Value) -> Self {
        let value = normalize(value);
        JsonDocument {
            text: RwSignal::new(pretty(&value)),
            value: RwSignal::new(value),
            syntax: RwSignal::new(None),
            normalize,
        }
    }

    /// A document restored from text (a saved draft), which may not be valid JSON.
    pub fn from_text(text: String, fallback: Value, normalize: fn(Value) -> Value) -> Self {
        let document = JsonDocument::new(fallback, normalize);
        document.replace_text(text);
        document
    }

    /// A form edit: changes the document and rewrites the editor's text.
    pub fn edit(&self, change: impl FnOnce(&mut Value)) {
        let mut text = None;
        self.value.update(|value| {
            change(value);
            text = Some(pretty(value));
        });
        // Nothing changed when the view is gone (an answer arriving after the user left).
        if let Some(text) = text {
            self.text.set(text);
            self.syntax.set(None);
        }
    }

    pub fn set(&self, path: &str, value: Option<Value>) {
        self.edit(|document| json_path::set(document, path, value));
    }

    /// The value at `path` (tracked, so a view reading it follows the document).
    pub fn get(&self, path: &str) -> Option<Value> {
        self.value
            .with(|document| json_path::get(document, path).cloned())
    }

    /// An edit of the text: valid JSON updates the document, anything else keeps the text and says
    /// where it went wrong.
    pub fn replace_text(&self, text: String) {
        match parse_json(&text) {
            Ok(parsed) => {
                let normalized = (self.normalize)(parsed.clone());
                if normalized == parsed {
                    self.text.set(text);
                } else {
                    self.text.set(pretty(&normalized));
                }
                self.value.set(normalized);
                self.syntax.set(None);
            }
            Err(error) => {
                self.text.set(text);
                self.syntax.set(Some(error));
            }
        }
    }

    /// Replaces the whole document (open a revision, start over).
    pub fn replace(&self, value: Value) {
        let value = (self.normalize)(value);
        self.text.set(pretty(&value));
        self.value.set(value);
        self.syntax.set(None);
    }
}

pub fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

/// The editor: the text, the syntax error (line and column), import from a file, copy and download.
///
/// - `document`: the document edited.
/// - `id`: the textarea's id (its label reads `label`).
/// - `file_name`: the download's file name.
#[component]
pub fn JsonEditor(
    document: JsonDocument,
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] file_name: Signal<String>,
) -> impl IntoView {
    let import_error = RwSignal::new(None::<String>);
    let import_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        input.set_value("");
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                Ok(text) => {
                    import_error.set(None);
                    document.replace_text(text.as_string().unwrap_or_default());
                }
                Err(_) => import_error.set(Some(format!(
                    "{} could not be read; check that it is a text file.",
                    file.name()
                ))),
            }
        });
    };
    let download = move |_| {
        if let Err(reason) =
            download_text(&file_name.get_untracked(), &document.text.get_untracked())
        {
            import_error.set(Some(reason));
        }
    };
    let error_id = format!("{id}-error");
    let error_id_attr = error_id.clone();
    let file_id = format!("{id}-file");
    view! {
        <div class="json-editor">
            <label for=id.clone()>{label}</label>
            <textarea
                id=id
                class="json-text"
                spellcheck="false"
                rows="20"
                aria-invalid=move || document.syntax.with(Option::is_some).then_some("true")
                aria-describedby=move || document.syntax.with(Option::is_some).then(|| error_id_attr.clone())
                prop:value=move || document.text.get()
                on:input=move |ev| document.replace_text(event_target_value(&ev))
            ></textarea>
            {move || {
                document
                    .syntax
                    .get()
                    .map(|error| {
                        view! {
                            <p class="error-message syntax-error" id=error_id.clone() role="alert">
                                {format!("Not valid JSON, {error}. The form shows the last valid document.")}
                            </p>
                        }
                    })
            }}
            <div class="actions">
                <label class="file-import secondary" for=file_id.clone()>
                    "Import file…"
                </label>
                <input
                    id=file_id
                    class="visually-hidden"
                    type="file"
                    accept=".json,application/json,text/plain"
                    on:change=import_file
                />
                <button type="button" class="secondary" on:click=download>
                    "Download"
                </button>
                <CopyButton text=Signal::derive(move || document.text.get()) label="Copy JSON" />
            </div>
            <crate::components::ErrorMessage message=import_error />
        </div>
    }
}

/// Saves `text` as a file through an object URL, released right after the click.
fn download_text(file_name: &str, text: &str) -> Result<(), String> {
    let failed = |_| "The browser refused the download; use Copy JSON instead.".to_owned();
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(failed)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(failed)?;
    let anchor = document()
        .create_element("a")
        .map_err(failed)?
        .unchecked_into::<web_sys::HtmlAnchorElement>();
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // Released on the next turn: some browsers start reading the URL only after the click returns.
    gloo_timers::callback::Timeout::new(0, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}
