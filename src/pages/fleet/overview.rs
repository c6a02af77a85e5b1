//! The clusters overview: per cluster, external hosts by state, tasks, and CPU and memory, each
//! with a small bar (health with a legend). A click on a cluster narrows the table to it. When the
//! fleet spans several regions, the clusters are grouped by region, each group headed by its code
//! and name.

use anywhere_core::fleet::{
    ClusterSummary, RegionScope, bar_svg, capacity_segments, health_segments,
};
use anywhere_core::region::Region;
use anywhere_core::sort;
use leptos::prelude::*;

use crate::components::AwsText;

use super::{Fleet, Loader};

/// The clusters of one region (`None`: hosts whose ARN names none).
#[derive(Clone, Debug, PartialEq)]
struct RegionGroup {
    region: Option<String>,
    clusters: Vec<ClusterSummary>,
}

/// The loader's clusters are the clusters loaded, as (region, name): those without external hosts
/// are listed too, with zeros, so none seems missing.
#[component]
pub fn ClustersOverview(fleet: Fleet, loader: Loader) -> impl IntoView {
    let clusters = loader.clusters;
    let groups = Memo::new(move |_| {
        let mut summaries = fleet.prepared.with(|prepared| prepared.summaries.clone());
        clusters.with(|listed| {
            for (region, name) in listed {
                let known = summaries.iter().any(|summary| {
                    &summary.cluster == name && summary.region.as_deref() == Some(region.as_str())
                });
                if !known {
                    summaries.push(ClusterSummary {
                        region: Some(region.clone()),
                        cluster: name.clone(),
                        ..ClusterSummary::default()
                    });
                }
            }
        });
        sort::sort_by(&mut summaries, |a, b| {
            (&a.region, &a.cluster).cmp(&(&b.region, &b.cluster))
        });
        let mut groups: Vec<RegionGroup> = Vec::new();
        for summary in summaries {
            match groups.last_mut() {
                Some(group) if group.region == summary.region => group.clusters.push(summary),
                _ => groups.push(RegionGroup {
                    region: summary.region.clone(),
                    clusters: vec![summary],
                }),
            }
        }
        groups
    });
    // Keyed by the whole summary, as a card shows all of it: only changed cards are built again.
    let cards = move |region: Option<String>| {
        let summaries = move || {
            groups.with(|groups| {
                groups
                    .iter()
                    .find(|group| group.region == region)
                    .map(|group| group.clusters.clone())
                    .unwrap_or_default()
            })
        };
        view! {
            <For
                each=summaries
                key=|summary| format!("{summary:?}")
                children=move |summary| view! { <ClusterCard fleet=fleet summary=summary /> }
            />
        }
    };
    let regions = Memo::new(move |_| {
        groups.with(|groups| {
            groups
                .iter()
                .map(|group| group.region.clone())
                .collect::<Vec<_>>()
        })
    });
    // Several regions in scope: grouped even when one of them has clusters, so the page says where.
    let several = Memo::new(move |_| {
        fleet.state.track();
        loader.scope() != RegionScope::Connection
    });
    move || {
        let regions = regions.get();
        if regions.is_empty() || (regions.len() == 1 && !several.get()) {
            let region = regions.into_iter().next().flatten();
            return view! {
                <section class="clusters-overview" aria-label="Clusters">{cards(region)}</section>
            }
            .into_any();
        }
        view! {
            <div class="clusters-by-region">
                {regions
                    .into_iter()
                    .map(|region| {
                        let code = region.clone().unwrap_or_else(|| "Unknown region".to_owned());
                        let name = Region::new(&code).ok().and_then(|known| known.name());
                        view! {
                            <section class="clusters-overview" aria-label=format!("Clusters in {code}") data-region=code.clone()>
                                <h2 class="region-heading">
                                    {code.clone()}
                                    {name.map(|name| view! { " " <span class="muted">{name}</span> })}
                                </h2>
                                {cards(region)}
                            </section>
                        }
                    })
                    .collect_view()}
            </div>
        }
        .into_any()
    }
}

#[component]
fn ClusterCard(fleet: Fleet, summary: ClusterSummary) -> impl IntoView {
    let name = summary.cluster.clone();
    let selected = {
        let name = name.clone();
        move || {
            fleet
                .state
                .with(|state| state.cluster.as_deref() == Some(name.as_str()))
        }
    };
    let selected_card = selected.clone();
    let choose = {
        let name = name.clone();
        move |_| {
            fleet.state.update(|state| {
                state.cluster = if state.cluster.as_deref() == Some(name.as_str()) {
                    None
                } else {
                    Some(name.clone())
                };
            });
        }
    };
    // bar_svg escapes every text it writes (labels come from AWS), so its markup is safe to
    // insert as HTML: this is the only inner_html of the page.
    let segments = health_segments(&summary);
    let health = bar_svg("Health", &segments);
    let cpu = bar_svg("CPU units", &capacity_segments(summary.cpu));
    let memory = bar_svg("Memory MiB", &capacity_segments(summary.memory));
    let any_disconnected = summary.disconnected > 0;
    view! {
        <article class="cluster-card" class:selected=selected_card>
            <h2>
                <button
                    type="button"
                    class="link"
                    aria-pressed=move || if selected() { "true" } else { "false" }
                    title="Show only this cluster's hosts"
                    on:click=choose
                >
                    <AwsText text=name />
                </button>
            </h2>
            <dl class="cluster-counts">
                <div><dt>"External hosts"</dt><dd>{summary.total}</dd></div>
                <div><dt>"Connected"</dt><dd>{summary.connected}</dd></div>
                <div><dt>"Disconnected"</dt><dd class:bad=any_disconnected>{summary.disconnected}</dd></div>
                <div><dt>"Draining"</dt><dd>{summary.draining}</dd></div>
                <div><dt>"Running tasks"</dt><dd>{summary.running_tasks}</dd></div>
            </dl>
            <div class="bar bar-health">
                <span class="bar-label">"Health"</span>
                <span inner_html=health></span>
                // The bar's legend, which is also its text for anyone who cannot tell the colours apart.
                <ul class="bar-legend">
                    {segments
                        .into_iter()
                        .map(|segment| view! {
                            <li>
                                <span class="swatch" aria-hidden="true" style:background-color=segment.fill></span>
                                {format!("{} {}", segment.label, segment.count)}
                            </li>
                        })
                        .collect_view()}
                </ul>
            </div>
            <div class="bar">
                <span class="bar-label">
                    <span class="figure">{format!("CPU {} / {} CPU units", summary.cpu.used(), summary.cpu.registered)}</span>
                    " "
                    <span class="figure">{format!("({} vCPU)", vcpus(summary.cpu.registered))}</span>
                </span>
                <span inner_html=cpu></span>
            </div>
            <div class="bar">
                <span class="bar-label">
                    <span class="figure">{format!("Memory {} / {} MiB", summary.memory.used(), summary.memory.registered)}</span>
                </span>
                <span inner_html=memory></span>
            </div>
        </article>
    }
}

/// ECS counts CPU in units of 1/1024 of a vCPU: the registered units as vCPUs, to one decimal.
fn vcpus(units: i64) -> String {
    let tenths = (units * 10 + 512) / 1024;
    if tenths % 10 == 0 {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}
