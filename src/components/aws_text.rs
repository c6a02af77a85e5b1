use anywhere_core::text::reveal_controls;
use leptos::prelude::*;

/// Text that came from AWS (a host name, an attribute, a tag, a message), shown as what it is:
/// isolated in a `<bdi>` so a right-to-left value cannot reorder the text around it, and with
/// bidirectional, invisible and control characters shown as `⟨U+202E⟩` markers. Copies and
/// exports keep the exact value; only the display changes.
///
/// - `text`: the value as AWS returned it.
#[component]
pub fn AwsText(#[prop(into)] text: String) -> impl IntoView {
    let shown = reveal_controls(&text).into_owned();
    view! { <bdi class="aws-text">{shown}</bdi> }
}
