//! The fleet: every external host of every cluster, joined with its SSM record, and one host's page.
//!
//! Sub-views live in the route's parameters so nothing outside this folder changes:
//! `#/fleet?cluster=..&status=..&q=..&sort=..` is the table's [`ViewState`], and
//! `#/fleet?instance=<arn>&cluster=<name>&region=<code>` is the instance page, which works in the
//! host's region (the fleet may span several). The table writes its state back
//! with `history.replaceState`, which changes the URL (a reload or a shared link restores the
//! view) without a `hashchange`, so the shell keeps this page (and its loaded hosts) mounted.

mod actions;
mod agent_update;
mod facets;
mod instance;
mod loading;
mod overview;
mod page;
mod rows;
mod table;
mod target;
mod toolbar;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::time::Duration;

use anywhere_core::fleet::index::{Filtered, Search};
use anywhere_core::fleet::sort::extend_order;
use anywhere_core::fleet::{
    ClusterSummary, Column, FacetCounts, FleetIndex, HealthPolicy, Host, Sort, Version, ViewState,
    add_to_summaries, sorted_order, summarize,
};
use anywhere_core::percent;
use leptos::prelude::*;

use crate::route::{Location, Page};

pub use actions::{Action, ActionPanel};
pub use facets::FacetsSidebar;
pub use loading::Loader;
pub use overview::ClustersOverview;
pub use page::{FleetBrowser, FleetPage};
pub use rows::ROW_HEIGHT;
pub use table::FleetTable;
pub use target::Target;
pub use toolbar::Toolbar;

/// While hosts arrive page after page, they are shown together at most every
/// `PUBLISH_EVERY + PUBLISH_EVERY_PER_HOST × hosts shown`: every change of the hosts costs the
/// page a render, so showing each page as it comes would let the browser's work, not the network,
/// set the pace of the load. A render costs more the more hosts are shown (search, facet counts,
/// summaries), so the pause grows with them: 1 s at first, 1.4 s at 10,000 hosts. The first rows
/// show at once and the load's end shows the rest, so a load of 1,000 hosts (about half a second)
/// shows its first rows and then all of them, the progress line counting in between; with 200 ms
/// it rendered once more mid-load, and all rows came ~6 % later on the replay bench.
const PUBLISH_EVERY: Duration = Duration::from_millis(1000);
const PUBLISH_EVERY_PER_HOST: Duration = Duration::from_micros(40);

/// What the fleet views share: the hosts, the table's state, the selection and the rows that
/// changed at the last refresh. Copied into every part.
#[derive(Clone, Copy)]
pub struct Fleet {
    /// Changed only through [`Fleet::append`], [`Fleet::join_records`] and [`Fleet::replace`],
    /// which tell the prepared rows whether to extend themselves or start again.
    pub hosts: ReadSignal<Vec<Host>>,
    write_hosts: WriteSignal<Vec<Host>>,
    /// Appended hosts not shown yet, and when hosts were last shown (`performance.now()`).
    arriving: StoredValue<Arriving>,
    /// Counts [`Fleet::replace`] calls.
    replaced: RwSignal<u64>,
    pub state: RwSignal<ViewState>,
    /// The facet values selected in `state`, apart so that typing does not touch the facets.
    pub selected: Memo<BTreeMap<&'static Column, BTreeSet<String>>>,
    /// Container instance ARNs.
    pub selection: RwSignal<HashSet<String>>,
    /// Container instance ARNs added or changed at the last refresh.
    pub changed: RwSignal<HashSet<String>>,
    /// Container instance ARNs whose rows the last load could not read: last known values.
    pub stale: RwSignal<HashSet<String>>,
    pub policy: Memo<HealthPolicy>,
    /// The hosts prepared for the table and sorted.
    pub prepared: Memo<Prepared>,
    /// The rows shown, filtered and sorted.
    pub shown: Memo<Filtered>,
    /// Counted after the table has painted a change, so a keystroke's frame does not wait for it.
    pub facets: RwSignal<Vec<FacetCounts>>,
}

/// The hosts as the table reads them: prepared once per load, page by page, and in order.
pub struct Prepared {
    /// [`Fleet::replace`] calls when these were prepared.
    replaced: u64,
    pub policy: HealthPolicy,
    pub index: FleetIndex,
    sort: Option<Sort>,
    /// Every row position in the table's order.
    pub order: Vec<u32>,
    /// Changes whenever `order` does; a search is narrowed only within one order.
    pub stamp: u64,
    /// Changes whenever prepared cells may have changed for a row position (a new load, a new
    /// policy), so shown rows are filled again.
    pub cells: u64,
    /// Per cluster, counted page by page.
    pub summaries: Vec<ClusterSummary>,
}

#[derive(Default)]
struct Arriving {
    hosts: Vec<Host>,
    pacer: Pacer,
}

/// Paces a view that changes more often than it is worth redrawing (the hosts as they arrive,
/// the load's progress): shown at once when a pause has passed since it was last shown, else once,
/// when the pause is over.
#[derive(Default)]
struct Pacer {
    /// `performance.now()` when last shown.
    shown_at: Option<f64>,
    scheduled: bool,
}

impl Pacer {
    /// When to show a change made now: `Some(Duration::ZERO)` at once, `Some(wait)` after `wait`
    /// (the caller sets that timer), `None` when a showing is already scheduled.
    fn due(&mut self, pause: Duration) -> Option<Duration> {
        if self.scheduled {
            return None;
        }
        let now = now_ms();
        let due = self
            .shown_at
            .map_or(0.0, |shown| shown + pause.as_secs_f64() * 1000.0);
        if due <= now {
            return Some(Duration::ZERO);
        }
        self.scheduled = true;
        Some(Duration::from_secs_f64((due - now) / 1000.0))
    }

    /// The change is shown now.
    fn shown(&mut self) {
        self.scheduled = false;
        self.shown_at = Some(now_ms());
    }
}

impl Fleet {
    pub fn new(state: ViewState) -> Self {
        let (hosts, write_hosts) = signal(Vec::<Host>::new());
        let replaced = RwSignal::new(0u64);
        let state = RwSignal::new(state);
        let sort = Memo::new(move |_| state.with(|state| state.sort));
        let prepared = Memo::new_owning(move |previous: Option<Prepared>| {
            let replaced = replaced.get();
            let sort = sort.get();
            let prepared = hosts.with(|hosts| prepare(previous, hosts, replaced, sort));
            (prepared, true)
        });
        let policy = Memo::new(move |_| prepared.with(|prepared| prepared.policy.clone()));
        let searched =
            Memo::new(move |_| state.with(|state| (state.cluster.clone(), state.query.clone())));
        let search = Memo::new_owning(move |previous: Option<(u64, Search)>| {
            let (cluster, query) = searched.get();
            let state = ViewState {
                cluster,
                query,
                ..ViewState::default()
            };
            let search = prepared.with(|prepared| {
                let previous = previous
                    .filter(|(stamp, _)| *stamp == prepared.stamp)
                    .map(|(_, search)| search);
                let search = prepared
                    .index
                    .search(&state, &prepared.order, previous.as_ref());
                (prepared.stamp, search)
            });
            (search, true)
        });
        let selected = Memo::new(move |_| state.with(|state| state.facets.clone()));
        let shown = Memo::new(move |_| {
            let facets = ViewState {
                facets: selected.get(),
                ..ViewState::default()
            };
            prepared
                .with(|prepared| search.with(|(_, search)| prepared.index.filter(&facets, search)))
        });
        let fleet = Fleet {
            hosts,
            write_hosts,
            arriving: StoredValue::new(Arriving::default()),
            replaced,
            state,
            selected,
            selection: RwSignal::new(HashSet::new()),
            changed: RwSignal::new(HashSet::new()),
            stale: RwSignal::new(HashSet::new()),
            policy,
            prepared,
            shown,
            facets: RwSignal::new(Vec::new()),
        };
        count_facets_after_paint(fleet);
        fleet
    }

    /// Adds a page of hosts: only the new hosts are prepared. The first page shows at once, later
    /// ones together after a pause that grows with the hosts shown ([`PUBLISH_EVERY`]);
    /// [`Fleet::show_arrived`] shows the rest. `None` when the view is gone.
    pub fn append(self, hosts: Vec<Host>) -> Option<()> {
        let shown = u32::try_from(self.hosts.try_with_untracked(Vec::len)?).unwrap_or(u32::MAX);
        let pause = PUBLISH_EVERY + PUBLISH_EVERY_PER_HOST.saturating_mul(shown);
        let wait = self.arriving.try_update_value(|arriving| {
            arriving.hosts.extend(hosts);
            arriving.pacer.due(pause)
        })?;
        match wait {
            Some(Duration::ZERO) => self.show_arrived(),
            Some(wait) => set_timeout(move || self.show_arrived(), wait),
            None => {}
        }
        Some(())
    }

    /// Shows the hosts appended and not shown yet, as at the end of a load.
    pub fn show_arrived(self) {
        let Some(hosts) = self.arriving.try_update_value(|arriving| {
            arriving.pacer.shown();
            std::mem::take(&mut arriving.hosts)
        }) else {
            return;
        };
        if !hosts.is_empty() {
            self.write_hosts.try_update(|all| all.extend(hosts));
        }
    }

    /// Puts hosts joined with their SSM records in place of the rows shown before them (see
    /// [`LoadEvent::Joined`](anywhere_core::fleet::LoadEvent::Joined)), shown or still arriving.
    /// Everything shown is prepared again: this happens once a load, while few hosts are shown.
    /// `None` when the view is gone.
    pub fn join_records(self, hosts: Vec<Host>) -> Option<()> {
        let mut joined: HashMap<String, Host> = hosts
            .into_iter()
            .map(|host| (host.key().to_owned(), host))
            .collect();
        let mut put_in_place = |hosts: &mut Vec<Host>| {
            for host in hosts.iter_mut() {
                if let Some(joined) = joined.remove(host.key()) {
                    *host = joined;
                }
            }
        };
        self.arriving
            .try_update_value(|arriving| put_in_place(&mut arriving.hosts))?;
        self.write_hosts.try_update(|shown| put_in_place(shown))?;
        self.replaced.try_update(|count| *count += 1)
    }

    /// Replaces every host (a refresh, a test's fleet): everything is prepared again.
    pub fn replace(&self, hosts: Vec<Host>) {
        self.arriving
            .update_value(|arriving| *arriving = Arriving::default());
        self.replaced.update(|count| *count += 1);
        self.write_hosts.set(hosts);
    }

    /// The positions in the hosts of the rows shown, in order.
    pub fn rows(&self) -> Vec<u32> {
        self.shown.with(|shown| shown.rows.clone())
    }
}

/// Extends what was prepared for the same hosts with the hosts appended since; prepares again
/// after a replacement. The policy is the newest agent seen so far, so it is updated from the new
/// hosts only.
fn prepare(
    previous: Option<Prepared>,
    hosts: &[Host],
    replaced: u64,
    sort: Option<Sort>,
) -> Prepared {
    let kept = previous
        .filter(|previous| previous.replaced == replaced && previous.index.len() <= hosts.len());
    let Some(mut prepared) = kept else {
        let policy = fleet_policy(hosts, HealthPolicy::default());
        let stamp = fresh_stamp();
        return Prepared {
            replaced,
            index: FleetIndex::new(hosts, &policy),
            order: sorted_order(hosts, sort, &policy),
            summaries: summarize(hosts, &policy),
            policy,
            sort,
            stamp,
            cells: stamp,
        };
    };
    let known = prepared.index.len();
    let policy = fleet_policy(&hosts[known..], prepared.policy.clone());
    let policy_changed = policy != prepared.policy;
    if policy_changed {
        prepared.cells = fresh_stamp();
    }
    prepared.index.extend(hosts, &policy);
    if policy_changed {
        prepared.summaries = summarize(hosts, &policy);
    } else {
        add_to_summaries(&mut prepared.summaries, &hosts[known..], &policy);
    }
    let appended = hosts.len() > known;
    if policy_changed || sort != prepared.sort {
        prepared.order = sorted_order(hosts, sort, &policy);
        prepared.stamp = fresh_stamp();
    } else if appended {
        extend_order(hosts, &mut prepared.order, sort, &policy);
        prepared.stamp = fresh_stamp();
    }
    prepared.policy = policy;
    prepared.sort = sort;
    prepared
}

fn now_ms() -> f64 {
    window()
        .performance()
        .map_or_else(js_sys::Date::now, |performance| performance.now())
}

/// A number no other preparation had.
fn fresh_stamp() -> u64 {
    thread_local! {
        static NEXT: std::cell::Cell<u64> = const { std::cell::Cell::new(1) };
    }
    NEXT.with(|next| {
        let stamp = next.get();
        next.set(stamp + 1);
        stamp
    })
}

/// Counts the facets once the frame showing a change of the rows has painted; several changes
/// before then are counted once.
fn count_facets_after_paint(fleet: Fleet) {
    let selected = fleet.selected;
    let scheduled = StoredValue::new(false);
    Effect::new(move |_| {
        fleet.shown.track();
        selected.track();
        if scheduled.get_value() {
            return;
        }
        scheduled.set_value(true);
        after_paint(move || {
            if scheduled.try_set_value(false).is_some() {
                return;
            }
            let facets = ViewState {
                facets: selected.get_untracked(),
                ..ViewState::default()
            };
            let counts = fleet.prepared.with_untracked(|prepared| {
                fleet
                    .shown
                    .with_untracked(|shown| prepared.index.facet_counts(&facets, shown))
            });
            fleet.facets.set(counts);
        });
    });
}

/// Runs `then` after the next frame has painted: an animation frame callback runs before the
/// paint, a timeout set from it after.
pub fn after_paint(then: impl FnOnce() + 'static) {
    request_animation_frame(move || set_timeout(then, Duration::ZERO));
}

/// The console cannot ask AWS which ECS agent release is the latest, so it takes the newest one
/// running in the fleet: a host behind its peers is the one an operator wants to see. `known` is
/// the policy of the hosts seen before `hosts`.
fn fleet_policy(hosts: &[Host], known: HealthPolicy) -> HealthPolicy {
    HealthPolicy {
        latest_agent_version: hosts
            .iter()
            .filter_map(|host| Version::parse(host.agent_version()?))
            .chain(known.latest_agent_version)
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

thread_local! {
    /// The query of the fleet view last shown, so a host's page leads back to that view (its
    /// regions, facets and search), not to a fresh one.
    static LAST_FLEET_QUERY: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Remembers the query of the fleet view shown, for [`last_fleet_href`].
fn remember_fleet_query(query: &str) {
    LAST_FLEET_QUERY.with_borrow_mut(|last| *last = Some(query.to_owned()));
}

/// The link back to the fleet view last shown, if there was one in this tab.
pub fn last_fleet_href() -> Option<String> {
    LAST_FLEET_QUERY.with_borrow(|query| {
        query.as_ref().map(|query| {
            if query.is_empty() {
                "#/fleet".to_owned()
            } else {
                format!("#/fleet?{query}")
            }
        })
    })
}

/// Writes the fleet view's state into the URL, if the URL still shows the fleet view. A write
/// comes due on a timer; by then a row's link may have moved the URL on to a host's page, with its
/// `hashchange` not yet dispatched. Writing over that URL would make the `hashchange` read the fleet
/// view's URL back, and the page would never open.
fn replace_fleet_url(query: &str) {
    remember_fleet_query(query);
    let current = window().location().hash().unwrap_or_default();
    let location = Location::parse(&current);
    if location.page != Page::Fleet || location.param("instance").is_some() {
        return;
    }
    let hash = if query.is_empty() {
        "#/fleet".to_owned()
    } else {
        format!("#/fleet?{query}")
    };
    if current == hash {
        return;
    }
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&hash));
    }
}

/// The link to a host's page, in the host's region (the one its ARN names).
pub fn instance_href(cluster: &str, arn: &str) -> String {
    let mut href = String::from("#/fleet?instance=");
    percent::encode_into(arn, &mut href);
    href.push_str("&cluster=");
    percent::encode_into(cluster, &mut href);
    if let Some(region) = arn.split(':').nth(3).filter(|region| !region.is_empty()) {
        href.push_str("&region=");
        percent::encode_into(region, &mut href);
    }
    href
}
