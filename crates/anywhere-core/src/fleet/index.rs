//! The hosts prepared for the table, once per load and page by page as they arrive: each host's
//! cell texts, its lowercase search text and its facet values as numbers. With them a keystroke
//! costs a substring search per host (or per previous match, when the query extends the previous
//! one), a facet toggle costs integer comparisons, and a scrolled-in row costs no formatting.
//!
//! A view is computed in two steps so the table can paint before the facets are counted:
//! [`FleetIndex::search`] (cluster and free text) and [`FleetIndex::filter`] (facets) yield the
//! rows and, for each searched host, the one facet it fails if any; [`FleetIndex::facet_counts`]
//! then counts from that without searching again.
//!
//! Facet semantics: values selected in one facet are alternatives (status ACTIVE *or* DRAINING);
//! different facets must all hold. A facet value's count is the number of rows the view would show
//! with that value selected in place of the facet's current selection, as storefront facets count.

use std::borrow::Cow;
use std::collections::HashMap;

use super::columns::{COLUMNS, CellKind, Column, PENDING_TEXT, Value, pair_text};
use super::health::HealthPolicy;
use super::host::Host;
use super::sort::sorted_order;
use super::view_state::ViewState;
use crate::text::{push_isolated_list, reveal_controls};

/// What the table, the search and the facets read of one host.
#[derive(Debug)]
struct Entry {
    cluster: u32,
    /// The searched columns' texts, ASCII-lowercased, one per line (search words hold no
    /// whitespace, so no word spans two fields).
    ascii_folded: Box<str>,
    /// The same fully lowercased, only when some field is not ASCII: a non-ASCII word can only
    /// occur in such a host.
    folded: Option<Box<str>>,
    /// (place among the facet columns, value id), grouped by facet.
    facets: Box<[(u8, u32)]>,
    /// Every column's cell text, one after the other; `cell_ends[i]` is where column `i`'s ends.
    cells: Box<str>,
    cell_ends: Box<[u32]>,
}

/// The hosts of the fleet prepared for showing, filtering and counting: build it with
/// [`FleetIndex::new`], add pages with [`FleetIndex::extend`].
#[derive(Debug)]
pub struct FleetIndex {
    policy: HealthPolicy,
    entries: Vec<Entry>,
    clusters: Interner,
    /// Per facet column, in [`Column::facets`] order, every value seen.
    values: Vec<Interner>,
}

impl FleetIndex {
    pub fn new(hosts: &[Host], policy: &HealthPolicy) -> Self {
        let mut index = FleetIndex {
            policy: policy.clone(),
            entries: Vec::with_capacity(hosts.len()),
            clusters: Interner::default(),
            values: Column::facets().map(|_| Interner::default()).collect(),
        };
        index.extend(hosts, policy);
        index
    }

    /// Prepares the hosts after the ones already prepared (`hosts` holds those first, as when a
    /// page of hosts was appended). When the policy changed, which changes health, every host is
    /// prepared again.
    pub fn extend(&mut self, hosts: &[Host], policy: &HealthPolicy) {
        if *policy != self.policy || hosts.len() < self.entries.len() {
            *self = FleetIndex {
                policy: policy.clone(),
                entries: Vec::with_capacity(hosts.len()),
                clusters: Interner::default(),
                values: Column::facets().map(|_| Interner::default()).collect(),
            };
        }
        let start = self.entries.len();
        for host in &hosts[start..] {
            let entry = self.prepare(host);
            self.entries.push(entry);
        }
    }

    fn prepare(&mut self, host: &Host) -> Entry {
        let mut haystack = String::new();
        let mut facets = Vec::new();
        let mut cells = String::new();
        let mut cell_ends = Vec::with_capacity(COLUMNS.len());
        let mut facet_place = 0u8;
        for column in COLUMNS {
            let value = (column.value)(host, &self.policy);
            // A pair's `name=value` is formatted once for the search, the facet and the cell:
            // with some 30 attributes a host, formatting it three times was most of the work.
            let pairs: Vec<Cow<'_, str>> = match &value {
                Value::Pairs(pairs) => pairs.iter().map(|pair| pair_text(*pair)).collect(),
                _ => Vec::new(),
            };
            if column.searched {
                let mut search = |field: &str| {
                    haystack.push_str(field);
                    haystack.push('\n');
                };
                match &value {
                    Value::Pairs(_) => pairs.iter().for_each(|pair| search(pair)),
                    Value::Missing | Value::Pending => {}
                    other => search(&other.to_text("")),
                }
            }
            if let Some(interner) = column
                .facet
                .and_then(|_| self.values.get_mut(usize::from(facet_place)))
            {
                match &value {
                    Value::Pairs(_) => pairs
                        .iter()
                        .for_each(|pair| facets.push((facet_place, interner.id(pair)))),
                    other => other
                        .facet_values(&mut |text| facets.push((facet_place, interner.id(text)))),
                }
                facet_place += 1;
            }
            match &value {
                Value::Pairs(_) => {
                    push_isolated_list(&mut cells, pairs.iter().map(|pair| pair.as_ref()), ", ")
                }
                other => push_cell_text(&mut cells, host, column, other),
            }
            cell_ends.push(cells.len() as u32);
        }
        Entry {
            cluster: self.clusters.id(host.cluster()),
            folded: (!haystack.is_ascii()).then(|| haystack.to_lowercase().into()),
            ascii_folded: haystack.to_ascii_lowercase().into(),
            facets: facets.into(),
            cells: cells.into(),
            cell_ends: cell_ends.into(),
        }
    }

    /// How many hosts are prepared.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The text of `row`'s cell in `column`, as the table shows it; empty for an unknown row.
    pub fn cell(&self, row: u32, column: &'static Column) -> &str {
        let Some(entry) = self.entries.get(row as usize) else {
            return "";
        };
        let place = column.position();
        let start = match place {
            0 => 0,
            _ => entry.cell_ends.get(place - 1).copied().unwrap_or(0),
        };
        let end = entry.cell_ends.get(place).copied().unwrap_or(start);
        entry.cells.get(start as usize..end as usize).unwrap_or("")
    }

    /// The rows of `order` (positions in the hosts, as from [`sorted_order`]) that pass the
    /// cluster and the free text of `state`, in that order. `previous`, a search over the same
    /// order, is narrowed instead when the query extends its query: the new matches are among
    /// the old.
    pub fn search(&self, state: &ViewState, order: &[u32], previous: Option<&Search>) -> Search {
        let query = state.query.to_lowercase();
        let cluster = state.cluster.clone();
        let words: Vec<&str> = query.split_whitespace().collect();
        let cluster_id = cluster.as_deref().map(|name| self.clusters.find(name));
        let passes = |row: u32| {
            self.entries.get(row as usize).is_some_and(|entry| {
                cluster_id.is_none_or(|wanted| wanted == Some(entry.cluster))
                    && words.iter().all(|word| entry.contains(word))
            })
        };
        let narrowed = previous.filter(|previous| {
            previous.cluster == cluster
                && previous.searched == order.len()
                && query.starts_with(previous.query.as_str())
        });
        let rows = match narrowed {
            Some(previous) if previous.query == query => previous.rows.clone(),
            Some(previous) => previous
                .rows
                .iter()
                .copied()
                .filter(|&r| passes(r))
                .collect(),
            None if cluster.is_none() && words.is_empty() => order.to_vec(),
            None => order.iter().copied().filter(|&r| passes(r)).collect(),
        };
        Search {
            cluster,
            query,
            searched: order.len(),
            rows,
        }
    }

    /// The searched rows that every selected facet admits, in order, and for counting, the
    /// searched rows that fail exactly one facet.
    pub fn filter(&self, state: &ViewState, search: &Search) -> Filtered {
        let wanted: Vec<(u8, Vec<bool>)> = Column::facets()
            .zip(&self.values)
            .enumerate()
            .filter_map(|(place, (column, values))| {
                let selected = state
                    .facets
                    .get(column)
                    .filter(|values| !values.is_empty())?;
                let flags = values
                    .values
                    .iter()
                    .map(|value| selected.contains(value))
                    .collect();
                Some((place as u8, flags))
            })
            .collect();
        let mut filtered = Filtered {
            rows: Vec::with_capacity(search.rows.len()),
            near: Vec::new(),
        };
        for &row in &search.rows {
            let Some(entry) = self.entries.get(row as usize) else {
                continue;
            };
            let mut failing = wanted.iter().filter(|(place, flags)| {
                !entry
                    .facets
                    .iter()
                    .any(|(at, id)| at == place && flags[*id as usize])
            });
            match (failing.next(), failing.next()) {
                (None, _) => filtered.rows.push(row),
                (Some((place, _)), None) => filtered.near.push((row, *place)),
                (Some(_), Some(_)) => {}
            }
        }
        filtered
    }

    /// Counts for every facet column in [`Column::facets`] order (see the module documentation
    /// for what a count means), from a [`FleetIndex::filter`] result: shown rows count in every
    /// facet, a row failing one facet counts in that facet only.
    pub fn facet_counts(&self, state: &ViewState, filtered: &Filtered) -> Vec<FacetCounts> {
        let mut counts: Vec<Vec<usize>> = self
            .values
            .iter()
            .map(|values| vec![0; values.values.len()])
            .collect();
        for &row in &filtered.rows {
            if let Some(entry) = self.entries.get(row as usize) {
                for &(place, id) in entry.facets.iter() {
                    counts[usize::from(place)][id as usize] += 1;
                }
            }
        }
        for &(row, failing) in &filtered.near {
            if let Some(entry) = self.entries.get(row as usize) {
                for &(place, id) in entry.facets.iter().filter(|(at, _)| *at == failing) {
                    counts[usize::from(place)][id as usize] += 1;
                }
            }
        }
        Column::facets()
            .zip(counts)
            .zip(&self.values)
            .map(|((column, counts), names)| {
                let mut map: HashMap<&str, usize> = names
                    .values
                    .iter()
                    .zip(counts)
                    .filter(|(_, count)| *count > 0)
                    .map(|(name, count)| (name.as_str(), count))
                    .collect();
                for selected in state.facets.get(column).into_iter().flatten() {
                    map.entry(selected.as_str()).or_insert(0);
                }
                let mut values: Vec<(String, usize)> = map
                    .into_iter()
                    .map(|(value, count)| (value.to_owned(), count))
                    .collect();
                values.sort_by(|(a_value, a_count), (b_value, b_count)| {
                    b_count.cmp(a_count).then_with(|| a_value.cmp(b_value))
                });
                FacetCounts { column, values }
            })
            .collect()
    }
}

impl Entry {
    fn contains(&self, word: &str) -> bool {
        if word.is_ascii() {
            self.ascii_folded.contains(word)
        } else {
            self.folded
                .as_deref()
                .is_some_and(|folded| folded.contains(word))
        }
    }
}

/// Writes the text a cell shows (a pair column's is written by [`push_isolated_list`]). A host ECS
/// knows no managed-instance id for is named by the last part of its ARN, so its link still has a
/// text. Values come from whoever registered the host, so hidden controls are made visible.
fn push_cell_text(cells: &mut String, host: &Host, column: &Column, value: &Value<'_>) {
    let text = match value {
        Value::Pending => PENDING_TEXT.to_owned(),
        other => other.to_text(", "),
    };
    if column.cell == CellKind::HostLink && text.is_empty() {
        cells.push_str(&reveal_controls(
            host.key().rsplit('/').next().unwrap_or_default(),
        ));
    } else {
        cells.push_str(&reveal_controls(&text));
    }
}

/// The hosts that pass a view's cluster and free text, in the table's order.
#[derive(Clone, Debug, Default)]
pub struct Search {
    cluster: Option<String>,
    /// Lowercased.
    query: String,
    /// The length of the order searched: a search over another order is not narrowed.
    searched: usize,
    rows: Vec<u32>,
}

/// The rows a view shows, and what its facet counts need.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filtered {
    /// Positions in the hosts, in the table's order.
    pub rows: Vec<u32>,
    /// Searched rows failing exactly one facet: (row, the facet's place in [`Column::facets`]).
    near: Vec<(u32, u8)>,
}

/// The values of one facet with their counts, most frequent first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetCounts {
    pub column: &'static Column,
    /// Selected values are always listed, with 0 when no row has them, so they can be cleared.
    pub values: Vec<(String, usize)>,
}

/// Hands out one number per distinct text.
#[derive(Debug, Default)]
struct Interner {
    ids: HashMap<String, u32>,
    values: Vec<String>,
}

impl Interner {
    fn id(&mut self, value: &str) -> u32 {
        if let Some(&id) = self.ids.get(value) {
            return id;
        }
        let id = self.values.len() as u32;
        self.ids.insert(value.to_owned(), id);
        self.values.push(value.to_owned());
        id
    }

    /// `None` for a text no host has.
    fn find(&self, value: &str) -> Option<u32> {
        self.ids.get(value).copied()
    }
}

/// The rows `state` shows, in its order: positions in `hosts`. Builds a [`FleetIndex`]; a view
/// that changes often keeps one instead.
pub fn view(hosts: &[Host], state: &ViewState, policy: &HealthPolicy) -> Vec<u32> {
    let index = FleetIndex::new(hosts, policy);
    let order = sorted_order(hosts, state.sort, policy);
    index.filter(state, &index.search(state, &order, None)).rows
}

/// Counts for every facet column in [`Column::facets`] order (see the module documentation for
/// what a count means). Builds a [`FleetIndex`]; a view that changes often keeps one instead.
pub fn facet_counts(hosts: &[Host], state: &ViewState, policy: &HealthPolicy) -> Vec<FacetCounts> {
    let index = FleetIndex::new(hosts, policy);
    let order: Vec<u32> = (0..hosts.len() as u32).collect();
    let filtered = index.filter(state, &index.search(state, &order, None));
    index.facet_counts(state, &filtered)
}
