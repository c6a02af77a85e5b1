use leptos::prelude::*;

#[component]
pub fn FleetPage() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Fleet"</h1>
            <p class="lead">"Every external instance of every cluster, joined with its Systems Manager record, with drain, attributes, tags, deregistration and agent updates."</p>
            <p class="muted">"This page is being built; the connection in Settings already works."</p>
        </section>
    }
}
