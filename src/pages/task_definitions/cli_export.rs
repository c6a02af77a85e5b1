//! "Copy as AWS CLI": the command equivalent to what the console sends, for the connection's region.

use anywhere_core::taskdef::{CliRequest, cli_command};
use leptos::prelude::*;
use serde_json::Value;

use crate::components::CopyButton;
use crate::connection::use_settings;

/// The command for `request` with `document` (the request the console would send).
#[component]
pub fn CliExport(request: CliRequest, #[prop(into)] document: Signal<Value>) -> impl IntoView {
    let settings = use_settings();
    let command = Signal::derive(move || {
        document
            .with(|document| cli_command(request, &settings.with(|s| s.region.clone()), document))
    });
    view! {
        <details class="cli-export">
            <summary>"AWS CLI command"</summary>
            <pre class="mono">{move || command.get()}</pre>
        </details>
        <CopyButton text=command label="Copy as AWS CLI" />
    }
}
