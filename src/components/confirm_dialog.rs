use leptos::html::Dialog;
use leptos::prelude::*;

/// A modal question with Confirm and Cancel, for actions that change or remove something.
/// Built on `<dialog>` so the browser traps focus, closes on Escape and restores focus.
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
    Effect::new(move |_| {
        let Some(element) = dialog.get() else {
            return;
        };
        if open.get() {
            if !element.open() {
                let _ = element.show_modal();
            }
        } else if element.open() {
            element.close();
        }
    });
    let confirm = move |_| {
        open.set(false);
        on_confirm.run(());
    };
    view! {
        <dialog
            class="confirm-dialog"
            node_ref=dialog
            aria-labelledby="confirm-dialog-title"
            on:close=move |_| open.set(false)
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
