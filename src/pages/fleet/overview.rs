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
    // Keyed by cluster: a card keeps its elements while its figures change (every page of a load
    // changes them), and only its figures and bars are written again.
    let cards = move |region: Option<String>| {
        let names = {
            let region = region.clone();
            move || {
                groups.with(|groups| {
                    groups
                        .iter()
                        .find(|group| group.region == region)
                        .map(|group| {
                            group
                                .clusters
                                .iter()
                                .map(|summary| summary.cluster.clone())
                                .collect::<Vec<_>>()
                        })
                        .unwrap_or_default()
                })
            }
        };
        let card = move |name: String| {
            let region = region.clone();
            let cluster = name.clone();
            let summary = Memo::new(move |_| {
                groups.with(|groups| {
                    groups
                        .iter()
                        .filter(|group| group.region == region)
                        .flat_map(|group| &group.clusters)
                        .find(|summary| summary.cluster == cluster)
                        .cloned()
                        .unwrap_or_default()
                })
            });
            view! { <ClusterCard fleet=fleet name=name summary=summary /> }
        };
        view! { <For each=names key=String::clone children=card /> }
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

/// One cluster's card; `summary` changes as hosts arrive and the card's figures follow it.
#[component]
fn ClusterCard(fleet: Fleet, name: String, summary: Memo<ClusterSummary>) -> impl IntoView {
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
    let segments = Memo::new(move |_| summary.with(health_segments));
    // bar_svg escapes every text it writes (labels come from AWS), so its markup is safe to
    // insert as HTML: the bars are the only inner_html of the page.
    let health = move || segments.with(|segments| bar_svg("Health", segments));
    let cpu = move || summary.with(|summary| bar_svg("CPU units", &capacity_segments(summary.cpu)));
    let memory =
        move || summary.with(|summary| bar_svg("Memory MiB", &capacity_segments(summary.memory)));
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
                <div><dt>"External hosts"</dt><dd>{move || summary.with(|s| s.total)}</dd></div>
                <div><dt>"Connected"</dt><dd>{move || summary.with(|s| s.connected)}</dd></div>
                <div>
                    <dt>"Disconnected"</dt>
                    <dd class:bad=move || summary.with(|s| s.disconnected > 0)>{move || summary.with(|s| s.disconnected)}</dd>
                </div>
                <div><dt>"Draining"</dt><dd>{move || summary.with(|s| s.draining)}</dd></div>
                <div><dt>"Running tasks"</dt><dd>{move || summary.with(|s| s.running_tasks)}</dd></div>
            </dl>
            <div class="bar bar-health">
                <span class="bar-label">"Health"</span>
                <span inner_html=health></span>
                // The bar's legend, which is also its text for anyone who cannot tell the colours apart.
                <ul class="bar-legend">
                    {move || {
                        segments
                            .get()
                            .into_iter()
                            .map(|segment| view! {
                                <li>
                                    <span class="swatch" aria-hidden="true" style:background-color=segment.fill></span>
                                    {format!("{} {}", segment.label, segment.count)}
                                </li>
                            })
                            .collect_view()
                    }}
                </ul>
            </div>
            <div class="bar">
                <span class="bar-label">
                    <span class="figure">
                        {move || summary.with(|s| format!("CPU {} / {} CPU units", s.cpu.used(), s.cpu.registered))}
                    </span>
                    " "
                    <span class="figure">{move || summary.with(|s| format!("({} vCPU)", vcpus(s.cpu.registered)))}</span>
                </span>
                <span inner_html=cpu></span>
            </div>
            <div class="bar">
                <span class="bar-label">
                    <span class="figure">
                        {move || summary.with(|s| format!("Memory {} / {} MiB", s.memory.used(), s.memory.registered))}
                    </span>
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
