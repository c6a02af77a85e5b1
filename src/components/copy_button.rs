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
    let state = RwSignal::new(None::<bool>);
    let copy = move |_| {
        let value = text.get_untracked();
        leptos::task::spawn_local(async move {
            let clipboard = window().navigator().clipboard();
            let copied = wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&value))
                .await
                .is_ok();
            state.set(Some(copied));
        });
    };
    let label_text = label.clone();
    view! {
        <button type="button" class="secondary copy" on:click=copy>
            {move || match state.get() {
                Some(true) => "Copied".to_owned(),
                Some(false) => "Copy failed: select and copy by hand".to_owned(),
                None => label_text.clone(),
            }}
        </button>
    }
}
