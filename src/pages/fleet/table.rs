//! The fleet table, virtualized: rows have a fixed height, a spacer gives the scroll area the
//! height of every row, and only the rows in (and just around) the visible window are in the
//! DOM, so 10,000 hosts scroll as smoothly as 10.

use anywhere_core::fleet::export::iso8601;
use anywhere_core::fleet::{Column, Diagnosis, HealthPolicy, Host, Sort, diagnose};
use anywhere_core::text::{isolated_list, reveal_controls};
use leptos::either::EitherOf3;
use leptos::html::Div;
use leptos::prelude::*;

use super::{Fleet, instance_href};

/// Pixels per row; the stylesheet's `.fleet-row` height must match.
pub const ROW_HEIGHT: f64 = 30.0;
/// Rows rendered above and below the visible window, so a fast scroll shows no blank.
const OVERSCAN: usize = 8;
/// Used until the container has been measured.
const DEFAULT_VIEWPORT: f64 = 600.0;

/// A column of the table: a sortable core column or one of the text-only ones.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TableColumn {
    Sorted(Column),
    HealthReason,
    Attributes,
}

const COLUMNS: [TableColumn; 22] = [
    TableColumn::Sorted(Column::ManagedInstanceId),
    TableColumn::Sorted(Column::Hostname),
    TableColumn::Sorted(Column::Cluster),
    TableColumn::Sorted(Column::Status),
    TableColumn::Sorted(Column::Health),
    TableColumn::HealthReason,
    TableColumn::Sorted(Column::AgentConnected),
    TableColumn::Sorted(Column::Ping),
    TableColumn::Sorted(Column::LastPing),
    TableColumn::Sorted(Column::IpAddress),
    TableColumn::Sorted(Column::AgentVersion),
    TableColumn::Sorted(Column::DockerVersion),
    TableColumn::Sorted(Column::Os),
    TableColumn::Sorted(Column::Arch),
    TableColumn::Sorted(Column::RunningTasks),
    TableColumn::Sorted(Column::PendingTasks),
    TableColumn::Sorted(Column::CpuUsed),
    TableColumn::Sorted(Column::CpuTotal),
    TableColumn::Sorted(Column::MemoryUsed),
    TableColumn::Sorted(Column::MemoryTotal),
    TableColumn::Attributes,
    TableColumn::Sorted(Column::RegisteredAt),
];

impl TableColumn {
    fn label(self) -> &'static str {
        match self {
            TableColumn::Sorted(column) => column.label(),
            TableColumn::HealthReason => "Health reason",
            TableColumn::Attributes => "Attributes",
        }
    }
}

/// The rows to render for a scroll position: `first..end` of the shown rows.
pub fn visible_window(scroll_top: f64, viewport: f64, rows: usize) -> (usize, usize) {
    let first_visible = (scroll_top.max(0.0) / ROW_HEIGHT) as usize;
    let visible = (viewport.max(ROW_HEIGHT) / ROW_HEIGHT).ceil() as usize + 1;
    let first = first_visible.saturating_sub(OVERSCAN).min(rows);
    let end = (first_visible + visible + OVERSCAN).min(rows);
    (first, end)
}

#[component]
pub fn FleetTable(fleet: Fleet) -> impl IntoView {
    let scroller = NodeRef::<Div>::new();
    let scroll_top = RwSignal::new(0.0);
    let viewport = RwSignal::new(DEFAULT_VIEWPORT);
    let measure = move || {
        if let Some(element) = scroller.get_untracked() {
            scroll_top.set(f64::from(element.scroll_top()));
            // The window's height bounds what can be seen, even if the table grew with its
            // content (no stylesheet).
            let screen = window()
                .inner_height()
                .ok()
                .and_then(|height| height.as_f64())
                .unwrap_or(DEFAULT_VIEWPORT);
            let height = f64::from(element.client_height()).min(screen);
            if height > 0.0 {
                viewport.set(height);
            }
        }
    };
    Effect::new(move |_| {
        if scroller.get().is_some() {
            measure();
        }
    });
    let total = move || fleet.rows.with(Vec::len);
    let window = Memo::new(move |_| {
        let (scroll_top, viewport) = (scroll_top.get(), viewport.get());
        fleet.rows.with(|rows| {
            let (first, end) = visible_window(scroll_top, viewport, rows.len());
            rows[first..end]
                .iter()
                .enumerate()
                .map(|(offset, &row)| (first + offset, row))
                .collect::<Vec<_>>()
        })
    });
    // A load or refresh replaces the hosts; rows are keyed by it so they show the new values.
    let generation = Memo::new(move |previous: Option<&u64>| {
        fleet.hosts.track();
        previous.map_or(0, |n| n + 1)
    });
    let all_shown_selected = move || {
        fleet.rows.with(|shown| {
            !shown.is_empty()
                && fleet.selection.with(|selected| {
                    fleet.hosts.with(|hosts| {
                        shown
                            .iter()
                            .all(|&row| selected.contains(hosts[row as usize].key()))
                    })
                })
        })
    };
    let toggle_all = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        let keys: Vec<String> = fleet.rows.with(|rows| {
            fleet.hosts.with(|hosts| {
                rows.iter()
                    .map(|&row| hosts[row as usize].key().to_owned())
                    .collect()
            })
        });
        fleet.selection.update(|selected| {
            for key in keys {
                if on {
                    selected.insert(key);
                } else {
                    selected.remove(&key);
                }
            }
        });
    };
    view! {
        <div
            class="fleet-table"
            role="table"
            aria-label="External hosts"
            aria-rowcount=move || total() + 1
            node_ref=scroller
            tabindex="0"
            on:scroll=move |_| measure()
        >
            <div class="fleet-row header" role="row" aria-rowindex="1">
                <span role="columnheader" class="select">
                    <input
                        type="checkbox"
                        aria-label="Select every shown host"
                        prop:checked=all_shown_selected
                        on:change=toggle_all
                    />
                </span>
                {COLUMNS.into_iter().map(|column| view! { <HeaderCell fleet=fleet column=column /> }).collect_view()}
            </div>
            <div class="fleet-rows" style:height=move || format!("{}px", total() as f64 * ROW_HEIGHT)>
                <For
                    each=move || window.get()
                    key=move |(position, row)| (*position, *row, generation.get_untracked())
                    children=move |(position, row)| view! { <HostRow fleet=fleet position=position row=row /> }
                />
            </div>
            <Show when=move || total() == 0>
                <p class="muted empty">"No host matches."</p>
            </Show>
        </div>
    }
}

#[component]
fn HeaderCell(fleet: Fleet, column: TableColumn) -> impl IntoView {
    let TableColumn::Sorted(sorted) = column else {
        return view! { <span role="columnheader">{column.label()}</span> }.into_any();
    };
    let current = move || {
        fleet
            .state
            .with(|state| state.sort.filter(|sort| sort.column == sorted))
    };
    let aria_sort = move || match current() {
        Some(Sort {
            descending: true, ..
        }) => "descending",
        Some(_) => "ascending",
        None => "none",
    };
    let sort = move |_| {
        fleet.state.update(|state| {
            let descending =
                matches!(state.sort, Some(sort) if sort.column == sorted && !sort.descending);
            state.sort = Some(Sort {
                column: sorted,
                descending,
            });
        });
    };
    view! {
        <span role="columnheader" aria-sort=aria_sort>
            <button type="button" class="sort" on:click=sort>
                {column.label()}
                <span class="sort-mark" aria-hidden="true">
                    {move || match aria_sort() {
                        "ascending" => "▲",
                        "descending" => "▼",
                        _ => "",
                    }}
                </span>
            </button>
        </span>
    }
    .into_any()
}

#[component]
fn HostRow(fleet: Fleet, position: usize, row: u32) -> impl IntoView {
    let Some(shown) = fleet.hosts.with_untracked(|hosts| {
        let host = hosts.get(row as usize)?;
        Some(
            fleet
                .policy
                .with_untracked(|policy| ShownHost::new(host, policy)),
        )
    }) else {
        return ().into_any();
    };
    let ShownHost {
        key,
        id,
        href,
        severity,
        cells,
    } = shown;
    let selected = {
        let key = key.clone();
        move || fleet.selection.with(|selected| selected.contains(&key))
    };
    let selected_row = selected.clone();
    let changed = {
        let key = key.clone();
        move || fleet.changed.with(|changed| changed.contains(&key))
    };
    let stale = {
        let key = key.clone();
        move || fleet.stale.with(|stale| stale.contains(&key))
    };
    let toggle = {
        let key = key.clone();
        move |ev: leptos::ev::Event| {
            let on = event_target_checked(&ev);
            fleet.selection.update(|selected| {
                if on {
                    selected.insert(key.clone());
                } else {
                    selected.remove(&key);
                }
            });
        }
    };
    let cells = cells
        .into_iter()
        // Typed alternatives rather than boxed views: a fast scroll builds every visible row anew.
        .map(|(column, text)| match column {
            TableColumn::Sorted(Column::ManagedInstanceId) => EitherOf3::A(view! {
                <span role="cell" class="mono aws-text"><a href=href.clone()>{id.clone()}</a></span>
            }),
            TableColumn::Sorted(Column::Health) => EitherOf3::B(view! {
                <span role="cell"><span class=format!("health {severity}")>{text}</span></span>
            }),
            _ => {
                let title = text.clone();
                EitherOf3::C(view! { <span role="cell" class="aws-text" title=title>{text}</span> })
            }
        })
        .collect_view();
    view! {
        <div
            class="fleet-row"
            role="row"
            aria-rowindex=position + 2
            class:changed=changed
            class:stale=stale
            class:selected=selected_row
            style:top=format!("{}px", position as f64 * ROW_HEIGHT)
            data-key=key
        >
            <span role="cell" class="select">
                <input
                    type="checkbox"
                    aria-label=format!("Select {id}")
                    prop:checked=selected
                    on:change=toggle
                />
            </span>
            {cells}
        </div>
    }
    .into_any()
}

/// What a row shows of its host, read while the hosts are borrowed so no host is cloned.
struct ShownHost {
    key: String,
    id: String,
    href: String,
    severity: String,
    cells: Vec<(TableColumn, String)>,
}

impl ShownHost {
    fn new(host: &Host, policy: &HealthPolicy) -> Self {
        let diagnosis = diagnose(host, policy);
        ShownHost {
            key: host.key().to_owned(),
            id: reveal_controls(
                host.managed_instance_id()
                    .unwrap_or_else(|| super::arn_name(host.key())),
            )
            .into_owned(),
            href: instance_href(host.cluster(), host.key()),
            severity: format!("{:?}", diagnosis.health.severity()).to_lowercase(),
            cells: COLUMNS
                .into_iter()
                .map(|column| (column, cell_text(host, column, &diagnosis)))
                .collect(),
        }
    }
}

/// A cell's text as shown: hidden controls made visible, and every attribute isolated from its
/// neighbours, since these values come from whoever registered the host.
fn cell_text(host: &Host, column: TableColumn, diagnosis: &Diagnosis) -> String {
    let text = |value: Option<&str>| value.unwrap_or("").to_owned();
    let capacity = |value: Option<i64>| value.map(|n| n.to_string()).unwrap_or_default();
    let shown = match column {
        TableColumn::HealthReason => diagnosis.reason.clone(),
        TableColumn::Attributes => {
            let pairs: Vec<String> = host
                .custom_attributes()
                .map(|(name, value)| match value {
                    Some(value) => format!("{name}={value}"),
                    None => name.to_owned(),
                })
                .collect();
            return isolated_list(pairs.iter().map(String::as_str), ", ");
        }
        TableColumn::Sorted(column) => match column {
            Column::Cluster => host.cluster().to_owned(),
            Column::ManagedInstanceId => text(host.managed_instance_id()),
            Column::Hostname => text(host.hostname()),
            Column::Status => host.status_text().to_owned(),
            Column::Health => diagnosis.health.label().to_owned(),
            Column::AgentConnected => {
                if host.agent_connected() {
                    "connected".to_owned()
                } else {
                    "disconnected".to_owned()
                }
            }
            Column::Ping => host.ping_status().label().to_owned(),
            Column::LastPing => host.last_ping().map(iso8601).unwrap_or_default(),
            Column::IpAddress => text(host.ip_address()),
            Column::AgentVersion => text(host.agent_version()),
            Column::DockerVersion => text(host.docker_version()),
            Column::Os => host.os().to_owned(),
            Column::Arch => text(host.arch()),
            Column::RunningTasks => host.running_tasks().to_string(),
            Column::PendingTasks => host.pending_tasks().to_string(),
            Column::CpuUsed => capacity(host.cpu().map(|c| c.used())),
            Column::CpuTotal => capacity(host.cpu().map(|c| c.registered)),
            Column::MemoryUsed => capacity(host.memory().map(|c| c.used())),
            Column::MemoryTotal => capacity(host.memory().map(|c| c.registered)),
            Column::RegisteredAt => host.registered_at().map(iso8601).unwrap_or_default(),
        },
    };
    reveal_controls(&shown).into_owned()
}
