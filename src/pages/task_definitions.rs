use leptos::prelude::*;

#[component]
pub fn TaskDefinitionsPage() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Task definitions"</h1>
            <p class="lead">"Build task definitions that run on external instances; anything external instances do not support is blocked with its reason."</p>
            <p class="muted">"This page is being built; the connection in Settings already works."</p>
        </section>
    }
}
