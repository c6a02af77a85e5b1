use leptos::prelude::*;

use super::AwsText;

/// One readable error sentence, announced to screen readers. Renders nothing while `message` is `None`.
/// Such sentences often quote AWS (a name, a message), so they are shown as [`AwsText`].
///
/// - `message`: the sentence (for AWS errors, `AwsError::user_message()`).
#[component]
pub fn ErrorMessage(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message.get().map(|text| {
            view! {
                <p class="error-message" role="alert">
                    <AwsText text=text />
                </p>
            }
        })
    }
}
