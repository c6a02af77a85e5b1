//! The fleet: every external host of every cluster, joined with its SSM record, and one host's page.
//!
//! Sub-views live in the route's parameters so nothing outside this folder changes:
//! `#/fleet?cluster=..&status=..&q=..&sort=..` is the table's [`ViewState`], and
//! `#/fleet?instance=<arn>&cluster=<name>` is the instance page. The table writes its state back
//! with `history.replaceState`, which changes the URL (a reload or a shared link restores the
//! view) without a `hashchange`, so the shell keeps this page (and its loaded hosts) mounted.

mod actions;
mod agent_update;
mod facets;
mod instance;
mod loading;
mod overview;
mod table;
mod toolbar;

use std::collections::HashSet;

use anywhere_core::fleet::filter::{FleetIndex, sorted_order};
use anywhere_core::fleet::{HealthPolicy, Host, Version, ViewState};
use leptos::prelude::*;

use crate::route::use_location;

pub use actions::{Action, ActionPanel, Target};
pub use facets::FacetsSidebar;
pub use loading::Loader;
pub use table::{FleetTable, ROW_HEIGHT};
pub use toolbar::Toolbar;

#[component]
pub fn FleetPage() -> impl IntoView {
    // Every hashchange (a row's link, Back, a pasted link) builds the view again from the URL; the
    // table's own state changes use replaceState, which fires none.
    let location = use_location();
    let site = crate::site_config::use_site_config();
    move || {
        let location = location.get();
        match location.param("instance") {
            Some(arn) => {
                let cluster = location.param("cluster").unwrap_or_default().to_owned();
                if !site.with_untracked(|c| c.allows_cluster(&cluster)) {
                    return view! {
                        <section class="page fleet">
                            <h1>"Fleet"</h1>
                            <p class="error-message" role="alert">
                                {format!("This console does not show cluster {cluster}.")}
                            </p>
                        </section>
                    }
                    .into_any();
                }
                view! { <instance::InstancePage arn=arn.to_owned() cluster=cluster /> }.into_any()
            }
            None => view! { <FleetView /> }.into_any(),
        }
    }
}

/// The overview, the toolbar, the facets and the table, fed by the loader.
#[component]
fn FleetView() -> impl IntoView {
    let fleet = Fleet::new(ViewState::from_query_string(&current_query()));
    let loader = loading::Loader::start(fleet);
    view! {
        <section class="page fleet">
            <h1>"Fleet"</h1>
            <overview::ClustersOverview fleet=fleet clusters=loader.clusters />
            <loading::LoadStatus loader=loader />
            <FleetBrowser fleet=fleet loader=Some(loader) />
        </section>
    }
}

/// The table with its toolbar, facets and bulk actions, over whatever hosts `fleet` holds. The
/// page feeds it from AWS; component tests feed it synthetic hosts.
#[component]
pub fn FleetBrowser(fleet: Fleet, loader: Option<Loader>) -> impl IntoView {
    Effect::new(move |_| {
        let query = fleet.state.with(ViewState::to_query_string);
        replace_fleet_url(&query);
    });
    let targets = Signal::derive(move || {
        fleet.selection.with(|selected| {
            fleet.hosts.with(|hosts| {
                hosts
                    .iter()
                    .filter(|host| selected.contains(host.key()))
                    .map(Target::from_host)
                    .collect::<Vec<_>>()
            })
        })
    });
    let refresh = Callback::new(move |()| {
        if let Some(loader) = loader {
            loader.refresh();
        }
    });
    view! {
        <Toolbar fleet=fleet loader=loader />
        <Show when=move || !targets.with(Vec::is_empty)>
            <div class="bulk-actions" role="region" aria-label="Actions on the selected hosts">
                <span>{move || format!("{} selected", targets.with(Vec::len))}</span>
                <button type="button" class="secondary" on:click=move |_| fleet.selection.set(HashSet::new())>
                    "Clear selection"
                </button>
                <ActionPanel targets=targets on_done=refresh />
            </div>
        </Show>
        <div class="fleet-body-layout">
            <FacetsSidebar fleet=fleet />
            <FleetTable fleet=fleet />
        </div>
    }
}

/// What the fleet views share: the hosts, the table's state, the selection and the rows that
/// changed at the last refresh. Copied into every part.
#[derive(Clone, Copy)]
pub struct Fleet {
    pub hosts: RwSignal<Vec<Host>>,
    pub state: RwSignal<ViewState>,
    /// Container instance ARNs.
    pub selection: RwSignal<HashSet<String>>,
    /// Container instance ARNs added or changed at the last refresh.
    pub changed: RwSignal<HashSet<String>>,
    /// Container instance ARNs whose rows the last load could not read: last known values.
    pub stale: RwSignal<HashSet<String>>,
    pub policy: Memo<HealthPolicy>,
    /// Positions in `hosts` of the rows shown, filtered and sorted.
    pub rows: Memo<Vec<u32>>,
    pub facets: Memo<Vec<anywhere_core::fleet::FacetCounts>>,
}

impl Fleet {
    pub fn new(state: ViewState) -> Self {
        let hosts = RwSignal::new(Vec::<Host>::new());
        let state = RwSignal::new(state);
        let policy = Memo::new(move |_| hosts.with(|hosts| fleet_policy(hosts)));
        // The index and the sort order are rebuilt only when the hosts or the sort change, so a
        // keystroke in the search box only filters. Comparing two of them would cost as much as
        // building one: a rebuild always counts as a change.
        let index = Memo::new_with_compare(
            move |_| hosts.with(|hosts| policy.with(|policy| FleetIndex::new(hosts, policy))),
            |_, _| true,
        );
        let sort = Memo::new(move |_| state.with(|state| state.sort));
        let order = Memo::new_with_compare(
            move |_| {
                let sort = sort.get();
                hosts.with(|hosts| policy.with(|policy| sorted_order(hosts, sort, policy)))
            },
            |_, _| true,
        );
        let rows = Memo::new(move |_| {
            index.with(|index| order.with(|order| state.with(|state| index.filter(state, order))))
        });
        let facets =
            Memo::new(move |_| index.with(|index| state.with(|state| index.facet_counts(state))));
        Fleet {
            hosts,
            state,
            selection: RwSignal::new(HashSet::new()),
            changed: RwSignal::new(HashSet::new()),
            stale: RwSignal::new(HashSet::new()),
            policy,
            rows,
            facets,
        }
    }
}

/// The console cannot ask AWS which ECS agent release is the latest, so it takes the newest one
/// running in the fleet: a host behind its peers is the one an operator wants to see.
fn fleet_policy(hosts: &[Host]) -> HealthPolicy {
    HealthPolicy {
        latest_agent_version: hosts
            .iter()
            .filter_map(|host| Version::parse(host.agent_version()?))
            .max(),
    }
}

/// The query part of the current fragment, undecoded (`ViewState` decodes it).
fn current_query() -> String {
    let hash = window().location().hash().unwrap_or_default();
    hash.split_once('?')
        .map(|(_, query)| query.to_owned())
        .unwrap_or_default()
}

fn replace_fleet_url(query: &str) {
    let hash = if query.is_empty() {
        "#/fleet".to_owned()
    } else {
        format!("#/fleet?{query}")
    };
    if window().location().hash().unwrap_or_default() == hash {
        return;
    }
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&hash));
    }
}

/// The link to a host's page.
pub fn instance_href(cluster: &str, arn: &str) -> String {
    let encode = |text: &str| String::from(js_sys::encode_uri_component(text));
    format!(
        "#/fleet?instance={}&cluster={}",
        encode(arn),
        encode(cluster)
    )
}

/// The part of an ARN after its last `/` (a cluster's or a container instance's name or id).
pub fn arn_name(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}
