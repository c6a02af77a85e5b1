//! The facets sidebar: every facet's values with how many hosts have them; ticking one narrows
//! the table (values of one facet widen each other, facets narrow each other).

use std::collections::HashMap;

use anywhere_core::fleet::{Column, FacetCounts};
use anywhere_core::text::reveal_controls;
use leptos::prelude::*;
use web_sys::HtmlDetailsElement;

use crate::components::AwsText;

use super::Fleet;

/// Values listed before the rest fold away.
const SHOWN_VALUES: usize = 12;

#[component]
pub fn FacetsSidebar(fleet: Fleet) -> impl IntoView {
    let any_selected = move || fleet.selected.with(|selected| !selected.is_empty());
    view! {
        <aside class="facets" aria-label="Filters">
            <Show when=any_selected>
                <button
                    type="button"
                    class="secondary"
                    on:click=move |_| fleet.state.update(|state| state.facets.clear())
                >
                    "Clear filters"
                </button>
            </Show>
            {Column::facets()
                .map(|column| {
                    let counts = Memo::new(move |_| fleet.facets.with(|all| values_of(all, column)));
                    view! { <FacetGroup fleet=fleet column=column counts=counts /> }
                })
                .collect_view()}
        </aside>
    }
}

#[component]
fn FacetGroup(
    fleet: Fleet,
    column: &'static Column,
    counts: Memo<Vec<(String, usize)>>,
) -> impl IntoView {
    let Some(facet) = column.facet else {
        return ().into_any();
    };
    // Values are keyed by their text and read their count by it, so when counts change (hosts
    // arriving, a keystroke) a value keeps its element and only its number changes, even when
    // the order moves; keyed by place, every value after a new or moved one was rebuilt.
    let by_value = Memo::new(move |_| {
        counts.with(|values| values.iter().cloned().collect::<HashMap<String, usize>>())
    });
    // Ids are numbered as values first appear: a value keeps its id wherever it moves.
    let next_id = StoredValue::new(0_usize);
    // The values past the first few are built while their list is unfolded only: a facet of
    // attributes or tags can hold a value per host, thousands of elements nobody sees, each
    // counted again at every recount.
    let unfolded = RwSignal::new(false);
    let value_view = move |value: String| {
        let count = {
            let value = value.clone();
            move || by_value.with(|counts| counts.get(&value).copied().unwrap_or_default())
        };
        let number = next_id.get_value();
        next_id.set_value(number + 1);
        let id = format!("facet-{}-{number}", facet.key);
        let checked = {
            let value = value.clone();
            move || {
                fleet.selected.with(|selected| {
                    selected
                        .get(column)
                        .is_some_and(|values| values.contains(&value))
                })
            }
        };
        let toggle = {
            let value = value.clone();
            move |_| fleet.state.update(|state| state.toggle(column, &value))
        };
        let label = if value.is_empty() {
            "(none)".to_owned()
        } else {
            value
        };
        let title = reveal_controls(&label).into_owned();
        view! {
            <li>
                <input id=id.clone() type="checkbox" prop:checked=checked on:change=toggle />
                <label for=id>
                    <span class="value" title=title><AwsText text=label /></span>
                    <span class="count">{count}</span>
                </label>
            </li>
        }
    };
    view! {
        <Show when=move || !counts.with(Vec::is_empty)>
            <fieldset class="facet" data-facet=facet.key>
                <legend>{facet.label}</legend>
                <ul>
                    <For
                        each=move || entries(counts, 0..SHOWN_VALUES)
                        key=String::clone
                        children=value_view
                    />
                </ul>
                <Show when=move || counts.with(|values| values.len() > SHOWN_VALUES)>
                    // Made again when the values come back past twelve: unfolded as it was left.
                    <details
                        prop:open=move || unfolded.get()
                        on:toggle=move |ev| {
                            unfolded.set(event_target::<HtmlDetailsElement>(&ev).open());
                        }
                    >
                        <summary>{move || format!("{} more", counts.with(Vec::len) - SHOWN_VALUES)}</summary>
                        <Show when=move || unfolded.get()>
                            <ul>
                                <For
                                    each=move || entries(counts, SHOWN_VALUES..usize::MAX)
                                    key=String::clone
                                    children=value_view
                                />
                            </ul>
                        </Show>
                    </details>
                </Show>
            </fieldset>
        </Show>
    }
    .into_any()
}

/// The values at `places` of a facet's list.
fn entries(counts: Memo<Vec<(String, usize)>>, places: std::ops::Range<usize>) -> Vec<String> {
    counts.with(|values| {
        values
            .iter()
            .skip(places.start)
            .take(places.end - places.start)
            .map(|(value, _)| value.clone())
            .collect()
    })
}

fn values_of(all: &[FacetCounts], column: &'static Column) -> Vec<(String, usize)> {
    all.iter()
        .find(|counts| counts.column == column)
        .map(|counts| counts.values.clone())
        .unwrap_or_default()
}
