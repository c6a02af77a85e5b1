//! The fleet table: a header of sort buttons over a scroll area whose body is a pool of reused row
//! elements ([`super::rows`]). Rows have a fixed height and cells fixed widths, a spacer gives the
//! scroll area the size of every row and column, and only the rows and columns in view are in the
//! DOM, so 10,000 hosts scroll and filter like 10.
//!
//! Keyboard: the scroll area takes focus; the arrow keys, Page Up/Down, Home and End move between
//! rows (scrolling as needed), Space selects the focused row, Enter opens its host's page. Each
//! row's checkbox and link are in the tab order too.

use anywhere_core::fleet::{COLUMNS, CellKind, Column, Sort};
use leptos::html::Div;
use leptos::prelude::*;

use super::rows::{
    Frame, ROW_HEIGHT, RowPool, column_left, first_visible, pool_size, row_width, visible_columns,
};
use super::{Fleet, instance_href};

/// Used until the scroll area has been measured.
const DEFAULT_VIEWPORT: (f64, f64) = (600.0, 1200.0);

#[component]
pub fn FleetTable(fleet: Fleet) -> impl IntoView {
    let scroller = NodeRef::<Div>::new();
    let body = NodeRef::<Div>::new();
    // (top, left) and (height, width) of the scroll area.
    let scroll = RwSignal::new((0.0, 0.0));
    let viewport = RwSignal::new(DEFAULT_VIEWPORT);
    let pool = StoredValue::new_local(None::<RowPool>);
    on_cleanup(move || {
        if let Some(pool) = pool.try_update_value(Option::take).flatten() {
            pool.remove();
        }
    });

    let measure = move || {
        let Some(element) = scroller.get_untracked() else {
            return;
        };
        let position = (
            f64::from(element.scroll_top()),
            f64::from(element.scroll_left()),
        );
        if scroll.get_untracked() != position {
            scroll.set(position);
        }
        // The window's height bounds what can be seen, even if the table grew with its content
        // (no stylesheet).
        let screen = window()
            .inner_height()
            .ok()
            .and_then(|height| height.as_f64())
            .unwrap_or(DEFAULT_VIEWPORT.0);
        let size = (
            f64::from(element.client_height()).min(screen),
            f64::from(element.client_width()),
        );
        if size.0 > 0.0 && size.1 > 0.0 && viewport.get_untracked() != size {
            viewport.set(size);
        }
    };
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    // Draws the rows in view; runs again when the rows, the scroll, the selection or the marks
    // (changed, stale) change.
    let render = move || {
        let Some(container) = body.get() else {
            return;
        };
        let ((top, left), (height, width)) = (scroll.get(), viewport.get());
        fleet.shown.with(|shown| {
            fleet.prepared.with(|prepared| {
                fleet.hosts.with(|hosts| {
                    fleet.selection.with(|selection| {
                        fleet.changed.with(|changed| {
                            fleet.stale.with(|stale| {
                                let frame = Frame {
                                    rows: &shown.rows,
                                    first: first_visible(top),
                                    hosts,
                                    index: &prepared.index,
                                    cells: prepared.cells,
                                    columns: visible_columns(left, width),
                                    selection,
                                    changed,
                                    stale,
                                };
                                pool.update_value(|pool| {
                                    pool.get_or_insert_with(|| RowPool::new(container.into()))
                                        .render(&frame, pool_size(height));
                                });
                            })
                        })
                    })
                })
            })
        });
    };
    Effect::new(move |_| {
        if scroller.get().is_some() {
            measure();
        }
    });
    Effect::new(move |_| render());

    let total = move || fleet.shown.with(|shown| shown.rows.len());
    let all_shown_selected = move || {
        fleet.shown.with(|shown| {
            !shown.rows.is_empty()
                && fleet.selection.with(|selected| {
                    fleet.hosts.with(|hosts| {
                        shown.rows.iter().all(|&row| {
                            hosts
                                .get(row as usize)
                                .is_some_and(|host| selected.contains(host.key()))
                        })
                    })
                })
        })
    };
    let toggle_all = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        let keys: Vec<String> = fleet.shown.with(|shown| {
            fleet.hosts.with(|hosts| {
                shown
                    .rows
                    .iter()
                    .filter_map(|&row| hosts.get(row as usize))
                    .map(|host| host.key().to_owned())
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
    // A row's checkbox: the row's position says which host it is.
    let toggle_row = move |ev: leptos::ev::Event| {
        // Only the rows' checkboxes send change events in the body.
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        if let Some(position) = row_position(&input) {
            set_selected(fleet, position, input.checked());
        }
    };
    let navigate = move |ev: leptos::ev::KeyboardEvent| {
        let target = event_target::<web_sys::HtmlElement>(&ev);
        let on_row = target.get_attribute("role").as_deref() == Some("row");
        let on_table = scroller
            .get_untracked()
            .is_some_and(|element| target == *element);
        if !on_row && !on_table {
            return;
        }
        let current = if on_row { row_position(&target) } else { None };
        let rows = total();
        let page = (viewport.get_untracked().0 / ROW_HEIGHT).floor().max(1.0) as usize;
        let first_in_view = first_visible(scroll.get_untracked().0);
        let target_position = match (ev.key().as_str(), current) {
            ("ArrowDown", Some(at)) => at + 1,
            ("ArrowDown", None) => first_in_view,
            ("ArrowUp", Some(at)) => at.saturating_sub(1),
            ("PageDown", Some(at)) => at + page,
            ("PageUp", Some(at)) => at.saturating_sub(page),
            ("Home", _) if on_row => 0,
            ("End", _) if on_row => rows.saturating_sub(1),
            (" ", Some(at)) => {
                ev.prevent_default();
                let selected = fleet.shown.with_untracked(|shown| {
                    fleet.hosts.with_untracked(|hosts| {
                        fleet.selection.with_untracked(|selection| {
                            shown
                                .rows
                                .get(at)
                                .and_then(|&row| hosts.get(row as usize))
                                .is_some_and(|host| selection.contains(host.key()))
                        })
                    })
                });
                set_selected(fleet, at, !selected);
                return;
            }
            ("Enter", Some(at)) => {
                if let Some(href) = host_href(fleet, at) {
                    let _ = window().location().set_hash(&href);
                }
                return;
            }
            _ => return,
        };
        if rows == 0 {
            return;
        }
        ev.prevent_default();
        let position = target_position.min(rows - 1);
        if let Some(element) = scroller.get_untracked() {
            let (height, _) = viewport.get_untracked();
            let top = position as f64 * ROW_HEIGHT;
            let scrolled = f64::from(element.scroll_top());
            // The header covers the first row's height at the top of the area.
            if top < scrolled {
                element.set_scroll_top(top as i32);
            } else if top + 2.0 * ROW_HEIGHT > scrolled + height {
                element.set_scroll_top((top + 2.0 * ROW_HEIGHT - height).ceil() as i32);
            }
        }
        measure();
        render();
        if let Some(row) = pool.with_value(|pool| pool.as_ref()?.element_at(position)) {
            let _ = row.focus();
        }
    };
    let width = format!("{}px", row_width());
    // The frame is what the page lays out (a grid item); the scroll area inside it is then a
    // layout boundary of its own (style/fleet.css), which a grid item cannot be.
    view! {
        <div class="fleet-table-frame">
            <div
                class="fleet-table"
                role="grid"
                aria-label="External hosts"
                aria-rowcount=move || total() + 1
                aria-colcount=COLUMNS.len() + 1
                node_ref=scroller
                tabindex="0"
                on:scroll=move |_| measure()
                on:keydown=navigate
            >
                <div class="fleet-row header" role="row" aria-rowindex="1" style:width=width.clone()>
                    <span role="columnheader" class="select">
                        <input
                            type="checkbox"
                            aria-label="Select every shown host"
                            prop:checked=all_shown_selected
                            on:change=toggle_all
                        />
                    </span>
                    {COLUMNS
                        .iter()
                        .enumerate()
                        .map(|(place, column)| view! { <HeaderCell fleet=fleet column=column place=place /> })
                        .collect_view()}
                </div>
                <div
                    class="fleet-rows"
                    role="rowgroup"
                    node_ref=body
                    style:width=width
                    style:height=move || format!("{}px", total() as f64 * ROW_HEIGHT)
                    on:change=toggle_row
                    on:pointerover=move |ev| {
                        if let Some(target) = ev.target() {
                            pool.update_value(|pool| {
                                if let Some(pool) = pool {
                                    pool.give_title(&target);
                                }
                            });
                        }
                    }
                ></div>
                <Show when=move || total() == 0>
                    <p class="muted empty" role="status">"No host matches."</p>
                </Show>
            </div>
        </div>
    }
}

/// The position of the row holding `element`, from its `aria-rowindex`.
fn row_position(element: &web_sys::Element) -> Option<usize> {
    let row = element.closest("[role=row]").ok()??;
    let index: usize = row.get_attribute("aria-rowindex")?.parse().ok()?;
    index.checked_sub(2)
}

fn set_selected(fleet: Fleet, position: usize, on: bool) {
    let key = fleet.shown.with_untracked(|shown| {
        fleet.hosts.with_untracked(|hosts| {
            let row = *shown.rows.get(position)?;
            Some(hosts.get(row as usize)?.key().to_owned())
        })
    });
    if let Some(key) = key {
        fleet.selection.update(|selected| {
            if on {
                selected.insert(key);
            } else {
                selected.remove(&key);
            }
        });
    }
}

fn host_href(fleet: Fleet, position: usize) -> Option<String> {
    fleet.shown.with_untracked(|shown| {
        fleet.hosts.with_untracked(|hosts| {
            let host = hosts.get(*shown.rows.get(position)? as usize)?;
            Some(instance_href(host.cluster(), host.key()))
        })
    })
}

#[component]
fn HeaderCell(fleet: Fleet, column: &'static Column, place: usize) -> impl IntoView {
    let sort = Memo::new(move |_| {
        fleet
            .state
            .with(|state| state.sort.filter(|sort| sort.column == column))
    });
    let aria_sort = move || match sort.get() {
        Some(Sort {
            descending: true, ..
        }) => "descending",
        Some(_) => "ascending",
        None => "none",
    };
    let choose = move |_| {
        fleet.state.update(|state| {
            let descending =
                matches!(state.sort, Some(sort) if sort.column == column && !sort.descending);
            state.sort = Some(Sort { column, descending });
        });
    };
    let class = match column.cell {
        CellKind::HostLink => "host-link",
        CellKind::Text | CellKind::HealthBadge => "",
    };
    view! {
        <span
            role="columnheader"
            class=class
            aria-sort=aria_sort
            style:left=format!("{}px", column_left(place))
            style:width=format!("{}px", column.width)
        >
            <button type="button" class="sort" on:click=choose>
                {column.label}
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
}
