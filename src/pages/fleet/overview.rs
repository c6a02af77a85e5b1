//! The clusters overview: per cluster, external hosts by state, tasks, and CPU and memory, each
//! with a small bar. A click on a cluster narrows the table to it.

use anywhere_core::fleet::{ClusterSummary, bar_svg, capacity_segments, health_segments};
use leptos::prelude::*;

use crate::components::AwsText;

use super::Fleet;

#[component]
pub fn ClustersOverview(fleet: Fleet, clusters: RwSignal<Vec<String>>) -> impl IntoView {
    let summaries = Memo::new(move |_| {
        let mut summaries = fleet.prepared.with(|prepared| prepared.summaries.clone());
        // Clusters without external hosts are listed too, with zeros, so none seems missing.
        clusters.with(|names| {
            for name in names {
                if !summaries.iter().any(|summary| &summary.cluster == name) {
                    summaries.push(ClusterSummary {
                        cluster: name.clone(),
                        ..ClusterSummary::default()
                    });
                }
            }
        });
        summaries.sort_by(|a, b| a.cluster.cmp(&b.cluster));
        summaries
    });
    view! {
        <section class="clusters-overview" aria-label="Clusters">
            <For
                each=move || summaries.get()
                key=|summary| format!("{summary:?}")
                children=move |summary| view! { <ClusterCard fleet=fleet summary=summary /> }
            />
        </section>
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
    let health = bar_svg("Health", &health_segments(&summary));
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
            <div class="bar"><span>"Health"</span><span inner_html=health></span></div>
            <div class="bar">
                <span>{format!("CPU {} / {}", summary.cpu.used(), summary.cpu.registered)}</span>
                <span inner_html=cpu></span>
            </div>
            <div class="bar">
                <span>{format!("Memory {} / {} MiB", summary.memory.used(), summary.memory.registered)}</span>
                <span inner_html=memory></span>
            </div>
        </article>
    }
}
