//! The JSON side of a form: the document both sides edit, and the editor with import and export.

use anywhere_core::rules::{Finding, JsonError, Severity, parse_json};
use anywhere_core::sort;
use anywhere_core::taskdef::json_path;
use leptos::html::{Div, Textarea};
use leptos::prelude::*;
use serde_json::Value;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;

use crate::components::CopyButton;

/// What Tab inserts in the editor.
const INDENT: &str = "  ";

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

/// Something to show on a form field and on the editor's line for its path: a rule finding or a
/// missing required field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub path: String,
    pub error: bool,
    pub message: String,
}

impl From<&Finding> for Mark {
    fn from(finding: &Finding) -> Self {
        Mark {
            path: finding.path.clone(),
            error: finding.severity == Severity::Error,
            message: finding.message.clone(),
        }
    }
}

/// A marked line of the editor: the finding or the syntax error found on it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct LineMark {
    line: usize,
    error: bool,
    message: String,
}

/// The lines to mark in `text`: each mark at the line of its path, the syntax error at its line.
fn line_marks(text: &str, marks: &[Mark], syntax: Option<&JsonError>) -> Vec<LineMark> {
    let mut lines: Vec<LineMark> = marks
        .iter()
        .map(|mark| LineMark {
            line: json_path::line_of(text, &mark.path),
            error: mark.error,
            message: mark.message.clone(),
        })
        .chain(syntax.map(|error| LineMark {
            line: error.line,
            error: true,
            message: format!("Not valid JSON, column {}: {}", error.column, error.message),
        }))
        .collect();
    sort::sort_by_key(&mut lines, |mark| (mark.line, !mark.error));
    lines
}

/// The editor: numbered lines, the lines of findings and of a syntax error (line and column)
/// marked, Tab indenting (Escape, then Tab, leaves), import from a file, copy and download.
///
/// - `document`: the document edited.
/// - `id`: the textarea's id (its label reads `label`).
/// - `file_name`: the download's file name.
/// - `marks`: findings to mark, by the path they concern (none by default).
#[component]
pub fn JsonEditor(
    document: JsonDocument,
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] file_name: Signal<String>,
    #[prop(optional, into)] marks: Signal<Vec<Mark>>,
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

    let area = NodeRef::<Textarea>::new();
    let gutter = NodeRef::<Div>::new();
    let line_count = Memo::new(move |_| document.text.with(|text| text.split('\n').count()));
    let lines = Memo::new(move |_| {
        document.text.with(|text| {
            marks.with(|marks| {
                document
                    .syntax
                    .with(|syntax| line_marks(text, marks, syntax.as_ref()))
            })
        })
    });
    // Whether `line` has a mark (an error one, with `error`).
    let marked_on = move |line: usize, error: bool| {
        lines.with(|lines| {
            lines
                .iter()
                .any(|mark| mark.line == line && (mark.error || !error))
        })
    };
    // Escape hands Tab back to the browser for the next key press, so keyboard users can leave.
    let tab_leaves = StoredValue::new(false);
    let keydown = move |event: KeyboardEvent| {
        let key = event.key();
        if key != "Tab" {
            tab_leaves.set_value(key == "Escape");
            return;
        }
        if tab_leaves.get_value() || event.ctrl_key() || event.alt_key() || event.meta_key() {
            tab_leaves.set_value(false);
            return;
        }
        let Some(area) = area.get_untracked() else {
            return;
        };
        event.prevent_default();
        let (text, start, end) = (
            area.value(),
            selection(&area, true),
            selection(&area, false),
        );
        let (text, cursor) = if event.shift_key() {
            outdent(&text, start)
        } else {
            indent(&text, start, end)
        };
        area.set_value(&text);
        let cursor = utf16_len(&text[..cursor]);
        let _ = area.set_selection_range(cursor, cursor);
        document.replace_text(text);
    };
    let follow_scroll = move |_| {
        if let (Some(area), Some(gutter)) = (area.get_untracked(), gutter.get_untracked()) {
            gutter.set_scroll_top(area.scroll_top());
        }
    };

    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let marks_id = format!("{id}-marks");
    let described_by = {
        let (error_id, hint_id, marks_id) = (error_id.clone(), hint_id.clone(), marks_id.clone());
        move || {
            let mut ids = vec![hint_id.clone()];
            if !lines.with(Vec::is_empty) {
                ids.push(marks_id.clone());
            }
            if document.syntax.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    let file_id = format!("{id}-file");
    view! {
        <div class="json-editor">
            <label for=id.clone()>{label}</label>
            <p class="muted editor-hint" id=hint_id>
                "Tab indents (Shift+Tab outdents). To leave the editor by keyboard, press Escape, then Tab."
            </p>
            <div class="json-lines">
                <div class="gutter" aria-hidden="true" node_ref=gutter>
                    <For each=move || 1..=line_count.get() key=|line| *line let:line>
                        <div
                            class="line-number"
                            class:error=move || marked_on(line, true)
                            class:warning=move || !marked_on(line, true) && marked_on(line, false)
                            title=move || {
                                let title = lines.with(|lines| {
                                    lines
                                        .iter()
                                        .filter(|mark| mark.line == line)
                                        .map(|mark| mark.message.as_str())
                                        .collect::<Vec<_>>()
                                        .join("; ")
                                });
                                (!title.is_empty()).then_some(title)
                            }
                        >
                            {line}
                        </div>
                    </For>
                </div>
                <textarea
                    id=id
                    class="json-text"
                    node_ref=area
                    spellcheck="false"
                    wrap="off"
                    rows="20"
                    aria-invalid=move || document.syntax.with(Option::is_some).then_some("true")
                    aria-describedby=described_by
                    prop:value=move || document.text.get()
                    on:input=move |ev| document.replace_text(event_target_value(&ev))
                    on:keydown=keydown
                    on:scroll=follow_scroll
                ></textarea>
            </div>
            <Show when=move || !lines.with(Vec::is_empty)>
                <ul class="line-marks" id=marks_id.clone()>
                    <For
                        each=move || lines.get().into_iter().enumerate()
                        key=|(position, mark)| (*position, mark.clone())
                        children=|(_, mark)| view! {
                            <li class:error=mark.error class:warning=!mark.error>
                                {format!("Line {}: {}", mark.line, mark.message)}
                            </li>
                        }
                    />
                </ul>
            </Show>
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

/// The selection's start (or end) in the textarea, as a byte offset into its value. The DOM
/// counts UTF-16 units; the text may hold any character.
fn selection(area: &web_sys::HtmlTextAreaElement, start: bool) -> usize {
    let value = area.value();
    let units = if start {
        area.selection_start()
    } else {
        area.selection_end()
    }
    .ok()
    .flatten()
    .unwrap_or(0) as usize;
    let mut seen = 0;
    for (offset, c) in value.char_indices() {
        if seen >= units {
            return offset;
        }
        seen += c.len_utf16();
    }
    value.len()
}

fn utf16_len(text: &str) -> u32 {
    text.encode_utf16().count() as u32
}

/// Tab: the selection replaced by an indent; the text and the cursor after it.
fn indent(text: &str, start: usize, end: usize) -> (String, usize) {
    let (start, end) = (start.min(end), start.max(end));
    (
        format!("{}{INDENT}{}", &text[..start], &text[end..]),
        start + INDENT.len(),
    )
}

/// Shift+Tab: up to one indent taken from the start of the cursor's line; the text and the cursor.
fn outdent(text: &str, cursor: usize) -> (String, usize) {
    let line_start = text[..cursor].rfind('\n').map_or(0, |at| at + 1);
    let removed = text[line_start..]
        .chars()
        .take(INDENT.len())
        .take_while(|c| *c == ' ')
        .count();
    let text = format!("{}{}", &text[..line_start], &text[line_start + removed..]);
    (text, cursor.saturating_sub(removed).max(line_start))
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
