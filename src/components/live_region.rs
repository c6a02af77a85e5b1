use leptos::prelude::*;

/// A screen-reader announcement: a region that is always in the page (hidden from sight), so each
/// change of its text is read out. A live region inserted together with its text is often not
/// read at all, which is why pages announce through this rather than through the status lines
/// they show.
///
/// - `message`: what to announce; an empty string says nothing. The same text twice is read once.
/// - `assertive`: `true` for failures (`role="alert"`, interrupts), `false` for progress and results
///   (`role="status"`, read when the reader is idle).
#[component]
pub fn LiveRegion(
    #[prop(into)] message: Signal<String>,
    #[prop(optional)] assertive: bool,
) -> impl IntoView {
    let (role, live) = if assertive {
        ("alert", "assertive")
    } else {
        ("status", "polite")
    };
    // The region goes into the page empty and says its first message once it is there (effects
    // run after the view is built), so even that one is a change a screen reader reads.
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    view! {
        <div class="visually-hidden live-region" role=role aria-live=live aria-atomic="true">
            {move || if mounted.get() { message.get() } else { String::new() }}
        </div>
    }
}
