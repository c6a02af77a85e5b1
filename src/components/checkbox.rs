use leptos::prelude::*;

/// A checkbox with its label beside it, bound to `checked`.
///
/// - `checked`: whether it is ticked, read and written.
/// - `id`: the input's id, where something points at it.
/// - `disabled`: while it cannot be changed.
/// - `children`: the label's text.
#[component]
pub fn Checkbox(
    checked: RwSignal<bool>,
    #[prop(optional)] id: Option<&'static str>,
    #[prop(optional, into)] disabled: Signal<bool>,
    children: Children,
) -> impl IntoView {
    view! {
        <label class="choice">
            <input id=id type="checkbox" disabled=disabled bind:checked=checked />
            {children()}
        </label>
    }
}
