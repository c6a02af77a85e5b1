use leptos::prelude::*;

/// Copies `text` to the clipboard and says so for a moment.
///
/// - `text`: what is copied, read at click time.
/// - `label`: the button's text (default "Copy").
#[component]
pub fn CopyButton(
    #[prop(into)] text: Signal<String>,
    #[prop(into, default = "Copy".into())] label: String,
) -> impl IntoView {
    let copy = Action::new_local(|value: &String| {
        let written = window().navigator().clipboard().write_text(value);
        async move { wasm_bindgen_futures::JsFuture::from(written).await.is_ok() }
    });
    view! {
        <button type="button" class="secondary copy" on:click=move |_| {
            copy.dispatch(text.get_untracked());
        }>
            {move || match copy.value().get() {
                Some(true) => "Copied".to_owned(),
                Some(false) => "Copy failed: select and copy by hand".to_owned(),
                None => label.clone(),
            }}
        </button>
    }
}
