use leptos::html::Dialog;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};

/// What Tab can reach inside the dialog.
const FOCUSABLE: &str = "button:not([disabled]), input:not([disabled]), select:not([disabled]), \
    textarea:not([disabled]), a[href], summary, [tabindex]:not([tabindex='-1'])";

/// A modal question with Confirm and Cancel, for actions that change or remove something.
/// Built on `<dialog>` (`showModal`: the page behind is inert, Escape closes). Tab and Shift+Tab
/// cycle through the dialog's own controls instead of leaving for the browser's, and on closing,
/// focus goes back to the element that had it when the dialog opened.
///
/// - `open`: shows the dialog while `true`; Cancel, Escape and Confirm set it back to `false`.
/// - `title`: the question, as the dialog's heading.
/// - `confirm_label`: the confirm button's text (say what happens: "Drain 3 hosts").
/// - `on_confirm`: called once when the user confirms.
/// - `children`: what will happen, in detail.
#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] confirm_label: Signal<String>,
    #[prop(into)] on_confirm: Callback<()>,
    children: ChildrenFn,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    // The element focused before the dialog opened, to return to. Not reactive: a DOM handle.
    let opener = StoredValue::new_local(None::<HtmlElement>);
    Effect::new(move |_| {
        let Some(element) = dialog.get() else {
            return;
        };
        if open.get() {
            if !element.open() {
                let focused = document()
                    .active_element()
                    .and_then(|active| active.dyn_into::<HtmlElement>().ok());
                opener.set_value(focused);
                let _ = element.show_modal();
            }
        } else if element.open() {
            element.close();
        }
    });
    let restore_focus = move || {
        if let Some(element) = opener.get_value() {
            let _ = element.focus();
        }
        opener.set_value(None);
    };
    let keep_focus_inside = move |event: KeyboardEvent| {
        if event.key() != "Tab" {
            return;
        }
        let Some(element) = dialog.get_untracked() else {
            return;
        };
        let Ok(found) = element.query_selector_all(FOCUSABLE) else {
            return;
        };
        let controls: Vec<HtmlElement> = (0..found.length())
            .filter_map(|i| found.item(i)?.dyn_into::<HtmlElement>().ok())
            .collect();
        let (Some(first), Some(last)) = (controls.first(), controls.last()) else {
            return;
        };
        let active = document().active_element();
        let at = |control: &HtmlElement| active.as_ref() == Some(control.unchecked_ref());
        let wrap_to = if event.shift_key() && at(first) {
            last
        } else if !event.shift_key() && at(last) {
            first
        } else {
            return;
        };
        event.prevent_default();
        let _ = wrap_to.focus();
    };
    let confirm = move |_| {
        open.set(false);
        on_confirm.run(());
    };
    view! {
        <dialog
            class="confirm-dialog"
            node_ref=dialog
            aria-labelledby="confirm-dialog-title"
            on:keydown=keep_focus_inside
            on:close=move |_| {
                // The close event comes as a task after the dialog has closed (Escape): a quick
                // Enter on the opener can open it again before then, and this event is not that
                // opening's to end.
                if dialog.get_untracked().is_some_and(|element| element.open()) {
                    return;
                }
                open.set(false);
                restore_focus();
            }
        >
            <h2 id="confirm-dialog-title">{move || title.get()}</h2>
            <div class="confirm-dialog-body">{move || open.get().then(|| children())}</div>
            <div class="actions">
                <button type="button" on:click=confirm>{move || confirm_label.get()}</button>
                <button type="button" class="secondary" on:click=move |_| open.set(false)>
                    "Cancel"
                </button>
            </div>
        </dialog>
    }
}
