use leptos::prelude::*;

#[component]
pub fn OnboardingPage() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Onboarding"</h1>
            <p class="lead">"Create an SSM activation, copy the exact install command for your host's OS, and watch the host join the cluster live."</p>
            <p class="muted">"This page is being built; the connection in Settings already works."</p>
        </section>
    }
}
