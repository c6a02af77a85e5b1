//! Above the table: the regions, free-text search, the cluster, refresh (now and on an interval),
//! and the export of the rows shown.

use std::collections::BTreeSet;

use anywhere_core::fleet::{RegionScope, to_csv, to_json};
use anywhere_core::region::Region;
use anywhere_core::sort;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::Checkbox;
use crate::connection::use_settings;
use crate::site_config::use_site_config;

use super::Fleet;
use super::loading::Loader;

#[component]
pub fn Toolbar(fleet: Fleet, loader: Option<Loader>) -> impl IntoView {
    let clusters = move || {
        let mut names: Vec<String> = match loader {
            Some(loader) => loader
                .clusters
                .with(|clusters| clusters.iter().map(|(_, name)| name.clone()).collect()),
            None => fleet
                .hosts
                .with(|hosts| hosts.iter().map(|host| host.cluster().to_owned()).collect()),
        };
        sort::sort(&mut names);
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
            {loader.map(|_| view! { <RegionScopePicker fleet=fleet /> })}
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
                <Checkbox checked=loader.auto_refresh>"Auto-refresh every 30 s"</Checkbox>
            })}
            <button type="button" class="secondary" on:click=move |_| export(false)>"Export CSV"</button>
            <button type="button" class="secondary" on:click=move |_| export(true)>"Export JSON"</button>
        </div>
    }
}

/// Which regions the fleet covers: the connection's (from Settings), every region of its
/// partition, or the ones the user ticks. Lives in the URL's `regions`.
#[component]
fn RegionScopePicker(fleet: Fleet) -> impl IntoView {
    // A deployment that limits its clusters stays in the connection's region (see loading.rs).
    if use_site_config().with_untracked(|config| config.allowed_clusters.is_some()) {
        return ().into_any();
    }
    let settings = use_settings();
    let home = Memo::new(move |_| settings.with(|s| Region::new(&s.region).ok()));
    let scope = Memo::new(move |_| fleet.state.with(|state| state.regions.clone()));
    let choice = move || match scope.get() {
        RegionScope::Connection => "",
        RegionScope::All => "all",
        RegionScope::Chosen(_) => "chosen",
    };
    let set_scope = move |regions: RegionScope| fleet.state.update(|state| state.regions = regions);
    // The list opens when the user picks "Chosen regions…"; a view opened from a link shows the
    // chosen codes only, and the list on demand.
    let list_open = RwSignal::new(false);
    let on_choice = move |ev| {
        let home_code = home.with_untracked(|home| home.as_ref().map(|h| h.code().to_owned()));
        match event_target_value(&ev).as_str() {
            "all" => set_scope(RegionScope::All),
            // Starts from the connection's region; the list below adds the others.
            "chosen" => {
                list_open.set(true);
                set_scope(RegionScope::Chosen(home_code.into_iter().collect()));
            }
            _ => set_scope(RegionScope::Connection),
        }
    };
    let toggle = move |code: &'static str, on: bool| {
        let mut chosen = match scope.get_untracked() {
            RegionScope::Chosen(codes) => codes,
            _ => BTreeSet::new(),
        };
        if on {
            chosen.insert(code.to_owned());
        } else {
            chosen.remove(code);
        }
        set_scope(if chosen.is_empty() {
            RegionScope::Connection
        } else {
            RegionScope::Chosen(chosen)
        });
    };
    let offered = move || {
        home.get()
            .map(|home| home.partition().regions().collect::<Vec<_>>())
            .unwrap_or_default()
    };
    view! {
        <label for="fleet-regions">"Regions"</label>
        <select id="fleet-regions" prop:value=choice on:change=on_choice>
            <option value="" selected=move || choice().is_empty()>
                {move || match home.get() {
                    Some(home) => format!("{home} (Settings)"),
                    None => "The region in Settings".to_owned(),
                }}
            </option>
            <option value="all" selected=move || choice() == "all">
                {move || match home.get() {
                    Some(home) => format!("All regions of {}", home.partition().label()),
                    None => "All regions".to_owned(),
                }}
            </option>
            <option value="chosen" selected=move || choice() == "chosen">"Chosen regions…"</option>
        </select>
        <Show when=move || choice() == "chosen">
            <details
                class="region-choice"
                prop:open=move || list_open.get()
                on:toggle=move |ev| {
                    let open = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
                    if open != list_open.get_untracked() {
                        list_open.set(open);
                    }
                }
            >
                <summary>{move || match scope.get() {
                    RegionScope::Chosen(codes) => codes.into_iter().collect::<Vec<_>>().join(", "),
                    _ => String::new(),
                }}</summary>
                <fieldset>
                    <legend class="visually-hidden">"Regions to load"</legend>
                    {move || offered()
                        .into_iter()
                        .map(|info| {
                            let code = info.code;
                            let checked = move || matches!(scope.get(), RegionScope::Chosen(codes) if codes.contains(code));
                            view! {
                                <label class="choice">
                                    <input
                                        type="checkbox"
                                        value=code
                                        prop:checked=checked
                                        on:change=move |ev| toggle(code, event_target_checked(&ev))
                                    />
                                    {code}" "<span class="muted">{info.name}</span>
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
            </details>
        </Show>
    }
    .into_any()
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
