//! Above the table: free-text search, the cluster, refresh (now and on an interval), and the
//! export of the rows shown.

use anywhere_core::fleet::{to_csv, to_json};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::Fleet;
use super::loading::Loader;

#[component]
pub fn Toolbar(fleet: Fleet, loader: Option<Loader>) -> impl IntoView {
    let clusters = move || {
        let mut names: Vec<String> = match loader {
            Some(loader) => loader.clusters.get(),
            None => fleet
                .hosts
                .with(|hosts| hosts.iter().map(|host| host.cluster().to_owned()).collect()),
        };
        names.sort();
        names.dedup();
        names
    };
    let export = move |json: bool| {
        let text = fleet.hosts.with_untracked(|hosts| {
            fleet.shown.with_untracked(|shown| {
                let rows = &shown.rows;
                fleet.policy.with_untracked(|policy| {
                    if json {
                        to_json(hosts, rows, policy)
                    } else {
                        to_csv(hosts, rows, policy)
                    }
                })
            })
        });
        let (name, kind) = if json {
            ("fleet.json", "application/json")
        } else {
            ("fleet.csv", "text/csv")
        };
        download(name, kind, &text);
    };
    // Apart from the query, so typing does not touch the cluster list.
    let cluster = Memo::new(move |_| fleet.state.with(|state| state.cluster.clone()));
    view! {
        <div class="fleet-toolbar">
            <label for="fleet-search" class="visually-hidden">"Search hosts"</label>
            <input
                id="fleet-search"
                type="search"
                placeholder="Search id, hostname, IP, attribute, tag"
                prop:value=move || fleet.state.with(|state| state.query.clone())
                on:input=move |ev| {
                    let query = event_target_value(&ev);
                    fleet.state.update(|state| state.query = query);
                }
            />
            <label for="fleet-cluster">"Cluster"</label>
            <select
                id="fleet-cluster"
                prop:value=move || cluster.get().unwrap_or_default()
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    fleet.state.update(|state| state.cluster = (!value.is_empty()).then_some(value));
                }
            >
                <option value="">"All clusters"</option>
                {move || {
                    clusters()
                        .into_iter()
                        .map(|name| {
                            // The options arrive after the state (from the URL): each says
                            // whether it is the chosen one.
                            let chosen = name.clone();
                            let selected = move || {
                                cluster.with(|cluster| cluster.as_deref() == Some(chosen.as_str()))
                            };
                            view! { <option value=name.clone() selected=selected>{name.clone()}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <span class="shown-count" role="status">
                {move || format!("{} of {} hosts", fleet.shown.with(|shown| shown.rows.len()), fleet.hosts.with(Vec::len))}
            </span>
            <span class="spacer"></span>
            {loader.map(|loader| view! {
                <button
                    type="button"
                    class="secondary"
                    disabled=move || loader.loading.get()
                    on:click=move |_| loader.refresh()
                >
                    "Refresh"
                </button>
                <label class="choice">
                    <input
                        type="checkbox"
                        prop:checked=move || loader.auto_refresh.get()
                        on:change=move |ev| loader.auto_refresh.set(event_target_checked(&ev))
                    />
                    "Auto-refresh every 30 s"
                </label>
            })}
            <button type="button" class="secondary" on:click=move |_| export(false)>"Export CSV"</button>
            <button type="button" class="secondary" on:click=move |_| export(true)>"Export JSON"</button>
        </div>
    }
}

/// Offers `text` as a file download.
fn download(name: &str, kind: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(kind);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(anchor) = document().create_element("a")
        && let Ok(anchor) = anchor.dyn_into::<web_sys::HtmlAnchorElement>()
    {
        anchor.set_href(&url);
        anchor.set_download(name);
        anchor.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
