//! The fleet page: the instance page or the fleet view (overview, load status, toolbar, facets,
//! table), chosen by the URL.

use std::collections::HashSet;
use std::time::Duration;

use anywhere_core::fleet::ViewState;
use anywhere_core::region::Region;
use leptos::prelude::*;

use crate::route::use_location;

use super::actions::ActionPanel;
use super::facets::FacetsSidebar;
use super::loading::{self, Loader};
use super::table::FleetTable;
use super::target::Target;
use super::toolbar::Toolbar;
use super::{Fleet, current_query, instance, overview, remember_fleet_query, replace_fleet_url};

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
                // A deployment that limits its clusters works in its own region only.
                let limited = site.with_untracked(|c| c.allowed_clusters.is_some());
                let region = location
                    .param("region")
                    .filter(|_| !limited)
                    .and_then(|code| Region::new(code).ok());
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
                view! { <instance::InstancePage arn=arn.to_owned() cluster=cluster region=region /> }
                    .into_any()
            }
            None => view! { <FleetView /> }.into_any(),
        }
    }
}

/// The overview, the toolbar, the facets and the table, fed by the loader.
#[component]
fn FleetView() -> impl IntoView {
    let query = current_query();
    remember_fleet_query(&query);
    let fleet = Fleet::new(ViewState::from_query_string(&query));
    let loader = loading::Loader::start(fleet);
    view! {
        <section class="page fleet">
            <h1>"Fleet"</h1>
            <overview::ClustersOverview fleet=fleet loader=loader />
            <loading::LoadStatus loader=loader />
            <FleetBrowser fleet=fleet loader=Some(loader) />
        </section>
    }
}

/// How long the URL waits for typing to pause before it is written: history.replaceState on
/// every key costs the browser a same-document navigation per key.
const URL_DELAY: Duration = Duration::from_millis(400);

/// The table with its toolbar, facets and bulk actions, over whatever hosts `fleet` holds. The
/// page feeds it from AWS; component tests feed it synthetic hosts.
#[component]
pub fn FleetBrowser(fleet: Fleet, loader: Option<Loader>) -> impl IntoView {
    write_url_when_typing_pauses(fleet);
    let targets = Signal::derive(move || {
        fleet.selection.with(|selected| {
            if selected.is_empty() {
                return Vec::new();
            }
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

/// Writes the view's state to the URL: at once when a facet, the cluster or the sort changes, on
/// a trailing timer while the search text changes.
fn write_url_when_typing_pauses(fleet: Fleet) {
    let written = StoredValue::new(fleet.state.get_untracked());
    let pending = StoredValue::new_local(None::<TimeoutHandle>);
    let cancel = move || {
        if let Some(handle) = pending.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    };
    let write = move |state: ViewState| {
        replace_fleet_url(&state.to_query_string());
        written.set_value(state);
    };
    Effect::new(move |_| {
        let state = fleet.state.get();
        cancel();
        let typing = written.with_value(|written| {
            written.cluster == state.cluster
                && written.regions == state.regions
                && written.facets == state.facets
                && written.sort == state.sort
        });
        if typing {
            if let Ok(handle) = set_timeout_with_handle(move || write(state), URL_DELAY) {
                pending.set_value(Some(handle));
            }
        } else {
            write(state);
        }
    });
    on_cleanup(cancel);
}
