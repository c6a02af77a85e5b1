//! Loading the fleet from AWS: the clusters, then every cluster's external hosts through the core's
//! paged loader, rows shown as each page arrives; refreshes on demand and on a schedule that a
//! failure does not break. With a scope of several regions (the URL's `regions`), every region is
//! loaded at once with a client of its own; regions that are not enabled for the account are
//! skipped and listed, other failures are named per region.
//!
//! Decision: a deployment that limits its clusters (`allowedClusters`) loads the connection's
//! region only, whatever the URL says: its clusters are named in that region, and its IAM role is
//! written for them.
//!
//! While a call waits to be retried the status says why and for how long ("AWS is throttling;
//! retrying in 4 s"). A load that could not read everything says which cluster and how many
//! hosts, keeps their last known rows marked stale, and tries again soon; auto-refresh keeps its
//! schedule and says when it runs next.

use std::ops::ControlFlow;
use std::rc::Rc;
use std::time::Duration;

use anywhere_core::aws::{RetryCause, RetryNotice};
use anywhere_core::fleet::{
    DynSink, Gap, LoadEvent, LoadFailure, LoadOptions, RegionEventKind, RegionScope,
    credentials_rejected, diff, keep_last_known, list_ahead, load_fleet, load_regions,
};
use anywhere_core::region::Region;
use futures_util::future::{OptionFuture, join};
use leptos::prelude::*;

use crate::aws::{Aws, AwsClient, use_aws};
use crate::components::{AwsText, ErrorMessage, LiveRegion};
use crate::pages::clusters::offered_clusters;
use crate::site_config::use_site_config;

use super::{Fleet, Pacer};

/// How long after a load ends the next one starts while auto-refresh is on.
pub const AUTO_REFRESH: Duration = Duration::from_secs(30);
/// After a load that failed or missed hosts, the next try comes sooner: 10 s, then 20 s, then
/// the regular interval, so a passing fault heals by itself without hammering a struggling API.
pub const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(10);

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub loaded: usize,
    pub listed: usize,
    pub total_known: bool,
}

/// The progress bar moves at most this often: set on every answer, it cost the page a layout and
/// a paint per answer while the next list page waited for the main thread.
const PROGRESS_EVERY: Duration = Duration::from_millis(200);

/// The newest progress of a load not shown yet, and its pace.
#[derive(Default)]
struct ProgressDue {
    latest: Option<Progress>,
    pacer: Pacer,
}

/// A call waiting to be tried again, until this time (epoch ms).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Waiting {
    pub cause: RetryCause,
    pub until_millis: f64,
}

/// The loader's state, shown by [`LoadStatus`] and driven by the toolbar.
#[derive(Clone, Copy)]
pub struct Loader {
    fleet: Fleet,
    aws: Aws,
    /// The deployment's allowed clusters, if it limits them: only those are loaded.
    allowed: StoredValue<Option<Vec<String>>>,
    /// The clusters loaded, as (region, name).
    pub clusters: RwSignal<Vec<(String, String)>>,
    /// Regions skipped because they are not enabled for the account (or not subscribed); empty
    /// for a one-region load.
    pub skipped: RwSignal<Vec<String>>,
    /// Counts the loads started, so a load that a newer one replaced stops delivering.
    generation: StoredValue<u64>,
    pub progress: RwSignal<Option<Progress>>,
    progress_due: StoredValue<ProgressDue>,
    pub loading: RwSignal<bool>,
    pub refreshing: RwSignal<bool>,
    /// Why nothing could be loaded (no connection, ListClusters refused).
    pub error: RwSignal<Option<String>>,
    /// Calls that failed after their retries while the rest loaded.
    pub failures: RwSignal<Vec<LoadFailure>>,
    pub waiting: RwSignal<Option<Waiting>>,
    pub auto_refresh: RwSignal<bool>,
    /// When the last load ended, as the browser's clock shows it.
    pub updated_at: RwSignal<Option<String>>,
    /// When the next load starts by itself (epoch ms), if one is scheduled.
    pub next_run_millis: RwSignal<Option<f64>>,
    /// Loads in a row that failed or missed hosts.
    failed_runs: RwSignal<u32>,
    timer: StoredValue<Option<TimeoutHandle>>,
    /// The browser's clock, ticking once a second, for the countdowns.
    pub now_millis: RwSignal<f64>,
}

impl Loader {
    /// Starts loading as soon as there is a connection (at once, or when the site's configuration
    /// or a sign-in provides one); the requests stop when the view's owner is cleaned up.
    pub fn start(fleet: Fleet) -> Self {
        let loader = Loader {
            fleet,
            aws: use_aws(),
            allowed: StoredValue::new(
                use_site_config().with_untracked(|c| c.allowed_clusters.clone()),
            ),
            clusters: RwSignal::new(Vec::new()),
            skipped: RwSignal::new(Vec::new()),
            generation: StoredValue::new(0),
            progress: RwSignal::new(None),
            progress_due: StoredValue::new(ProgressDue::default()),
            loading: RwSignal::new(false),
            refreshing: RwSignal::new(false),
            error: RwSignal::new(None),
            failures: RwSignal::new(Vec::new()),
            waiting: RwSignal::new(None),
            auto_refresh: RwSignal::new(true),
            updated_at: RwSignal::new(None),
            next_run_millis: RwSignal::new(None),
            failed_runs: RwSignal::new(0),
            timer: StoredValue::new(None),
            now_millis: RwSignal::new(js_sys::Date::now()),
        };
        if let Ok(ticker) = set_interval_with_handle(
            move || {
                let _ = loader.now_millis.try_set(js_sys::Date::now());
            },
            Duration::from_secs(1),
        ) {
            on_cleanup(move || ticker.clear());
        }
        on_cleanup(move || loader.cancel_schedule());
        Effect::new(move |loaded: Option<bool>| {
            let connected = loader.aws.client();
            match (loaded, connected) {
                (_, Err(reason)) => {
                    loader.error.set(Some(reason.to_string()));
                    loaded.unwrap_or(false)
                }
                // Renewed credentials: the next refresh uses them.
                (Some(true), Ok(_)) => true,
                (_, Ok(_)) => {
                    loader.error.set(None);
                    loader.run(false);
                    true
                }
            }
        });
        let scope = Memo::new(move |_| fleet.state.with(|state| state.regions.clone()));
        Effect::new(move |previous: Option<RegionScope>| {
            let scope = scope.get();
            if previous.is_some_and(|previous| previous != scope) {
                loader.restart();
            }
            scope
        });
        Effect::new(move |previous: Option<bool>| {
            let on = loader.auto_refresh.get();
            if previous.is_some() {
                if on {
                    loader.schedule(AUTO_REFRESH);
                } else {
                    loader.cancel_schedule();
                }
            }
            on
        });
        loader
    }

    /// Loads everything again; rows that differ from the previous load are marked.
    pub fn refresh(self) {
        self.run(true);
    }

    /// Drops what is shown and loads anew, stopping a load under way: the scope changed.
    fn restart(self) {
        self.generation.update_value(|generation| *generation += 1);
        self.loading.set(false);
        self.fleet.replace(Vec::new());
        self.fleet.stale.set(Default::default());
        self.fleet.selection.set(Default::default());
        self.run(false);
    }

    /// The regions in scope: the URL's, except that a deployment limiting its clusters stays in
    /// the connection's region. Not tracked.
    pub fn scope(self) -> RegionScope {
        if self.allowed.with_value(Option::is_some) {
            return RegionScope::Connection;
        }
        self.fleet
            .state
            .with_untracked(|state| state.regions.clone())
    }

    /// The regions to load, when the scope is several regions; `None` for the connection's
    /// region alone.
    fn scope_regions(self, home: &Region) -> Option<Vec<Region>> {
        match self.scope() {
            RegionScope::Connection => None,
            RegionScope::All => Some(
                home.partition()
                    .regions()
                    .filter_map(|info| Region::new(info.code).ok())
                    .collect(),
            ),
            // Codes that are not regions (a hand-edited link) are left out; none left reads as
            // the connection's region.
            RegionScope::Chosen(codes) => {
                let regions: Vec<Region> = codes
                    .iter()
                    .filter_map(|code| Region::new(code).ok())
                    .collect();
                (!regions.is_empty()).then_some(regions)
            }
        }
    }

    fn run(self, refresh: bool) {
        if self.loading.try_get_untracked() != Some(false) {
            return;
        }
        let client = match self.aws.client() {
            Ok(client) => client,
            Err(reason) => {
                self.error.set(Some(reason.to_string()));
                return;
            }
        };
        let home = client.endpoint().region().clone();
        let mut clients = vec![client];
        if let Some(regions) = self.scope_regions(&home) {
            clients = Vec::new();
            for region in regions {
                match self.aws.client_in(Some(region)) {
                    Ok(client) => clients.push(client),
                    Err(reason) => return self.error.set(Some(reason.to_string())),
                }
            }
        }
        self.cancel_schedule();
        for client in &clients {
            client.observe_retries(Some(Rc::new(move |notice: &RetryNotice| {
                let until_millis = js_sys::Date::now() + notice.delay.as_secs_f64() * 1000.0;
                let _ = self.waiting.try_set(Some(Waiting {
                    cause: notice.cause,
                    until_millis,
                }));
            })));
        }
        self.generation.update_value(|generation| *generation += 1);
        let generation = self.generation.get_value();
        self.loading.set(true);
        self.refreshing.set(refresh);
        self.error.set(None);
        self.failures.set(Vec::new());
        self.skipped.set(Vec::new());
        self.progress.set(Some(Progress::default()));
        self.progress_due.set_value(ProgressDue::default());
        let allowed = self.allowed.get_value();
        let several = self.scope_regions(&home).is_some();
        // A first load shows the first page's hosts before their SSM records, one round trip
        // sooner; a refresh replaces the rows at its end, so it waits for them. The region's
        // managed instances are listed, 1,000 a call, rather than looked up 50 at a time, except
        // where the deployment limits its clusters: it reads the records of its own hosts only.
        let options = LoadOptions {
            first_page_before_records: !refresh,
            list_ssm_records: allowed.is_none(),
            ..LoadOptions::default()
        };
        leptos::task::spawn_local(async move {
            let mut fresh = Vec::new();
            let mut failures = Vec::new();
            // Hands one event of the loader to the view; Break when the view is gone or a newer
            // load replaced this one.
            let mut take = |event: LoadEvent| -> ControlFlow<()> {
                if self.generation.try_get_value() != Some(generation) {
                    return ControlFlow::Break(());
                }
                let delivered = match event {
                    LoadEvent::Rows(rows) if refresh => {
                        fresh.extend(rows);
                        Some(())
                    }
                    LoadEvent::Rows(rows) => self.fleet.append(rows),
                    LoadEvent::Joined(rows) => self.fleet.join_records(rows),
                    LoadEvent::Progress {
                        loaded,
                        listed,
                        total_known,
                    } => self.report_progress(
                        Progress {
                            loaded,
                            listed,
                            total_known,
                        },
                        generation,
                    ),
                    LoadEvent::Failed(failure) => {
                        failures.push(failure.clone());
                        self.failures.try_update(|shown| shown.push(failure))
                    }
                };
                match delivered {
                    Some(()) => ControlFlow::Continue(()),
                    None => ControlFlow::Break(()),
                }
            };
            let stopped = if several {
                let clients: Vec<&AwsClient> = clients.iter().map(Rc::as_ref).collect();
                let mut clusters = Vec::new();
                let reports =
                    load_regions(&clients, Some(home.code()), options, |event| {
                        match event.kind {
                            RegionEventKind::Clusters(names) => {
                                clusters.extend(
                                    names.into_iter().map(|name| (event.region.clone(), name)),
                                );
                                match self.clusters.try_set(clusters.clone()) {
                                    None => ControlFlow::Continue(()),
                                    Some(_) => ControlFlow::Break(()),
                                }
                            }
                            RegionEventKind::Load(event) => take(event),
                            RegionEventKind::Progress {
                                loaded,
                                listed,
                                total_known,
                            } => take(LoadEvent::Progress {
                                loaded,
                                listed,
                                total_known,
                            }),
                            RegionEventKind::Skipped(_) => {
                                match self
                                    .skipped
                                    .try_update(|skipped| skipped.push(event.region))
                                {
                                    Some(()) => ControlFlow::Continue(()),
                                    None => ControlFlow::Break(()),
                                }
                            }
                        }
                    })
                    .await;
                if self.generation.try_get_value() != Some(generation) {
                    return;
                }
                if let Some(rejected) = credentials_rejected(&reports) {
                    // No region took the key: it is the key, not every region disabled.
                    self.skipped.set(Vec::new());
                    self.error.set(Some(rejected.user_message()));
                    failures.push(LoadFailure {
                        cluster: String::new(),
                        region: None,
                        error: rejected.clone(),
                        gap: Gap::Clusters,
                    });
                }
                reports
                    .iter()
                    .any(|report| report.outcome == anywhere_core::fleet::RegionOutcome::Stopped)
            } else {
                let client = &clients[0];
                // The cluster the view is narrowed to is listed while the clusters are, so its
                // rows come one round trip sooner; never one the deployment does not allow.
                let viewed = self
                    .fleet
                    .state
                    .with_untracked(|state| state.cluster.clone())
                    .filter(|name| {
                        allowed
                            .as_ref()
                            .is_none_or(|allowed| allowed.contains(name))
                    });
                let (offered, ahead) = join(
                    offered_clusters(client, allowed),
                    OptionFuture::from(
                        viewed.clone().map(|name| list_ahead(client.as_ref(), name)),
                    ),
                )
                .await;
                let names = match offered {
                    Ok((names, _)) => names,
                    Err(message) => {
                        if self.error.try_set(Some(message)).is_some() {
                            return;
                        }
                        // Nothing could be read: every row shown is now the last known one.
                        self.fleet
                            .stale
                            .set(self.fleet.hosts.with_untracked(|hosts| {
                                hosts.iter().map(|h| h.key().to_owned()).collect()
                            }));
                        self.finish(false);
                        return;
                    }
                };
                let region = home.code().to_owned();
                let listed = names
                    .iter()
                    .map(|name| (region.clone(), name.clone()))
                    .collect();
                if self.clusters.try_set(listed).is_some() {
                    return;
                }
                let names = viewed_first(names, viewed);
                load_fleet(client, &names, ahead, options, &mut take as DynSink)
                    .await
                    .stopped
            };
            if stopped
                || self.loading.try_get_untracked().is_none()
                || self.generation.try_get_value() != Some(generation)
            {
                return;
            }
            self.fleet.show_arrived();
            if refresh {
                let kept = self
                    .fleet
                    .hosts
                    .with_untracked(|old| keep_last_known(old, fresh, &failures));
                let changes = self
                    .fleet
                    .hosts
                    .with_untracked(|old| diff(old, &kept.hosts));
                self.fleet
                    .changed
                    .set(changes.added.into_iter().chain(changes.changed).collect());
                self.fleet.selection.update(|selected| {
                    selected.retain(|key| kept.hosts.iter().any(|host| host.key() == key));
                });
                self.fleet.replace(kept.hosts);
                self.fleet.stale.set(kept.stale);
            } else {
                self.fleet.stale.set(Default::default());
            }
            self.finish(failures.is_empty());
        });
    }

    /// Shows a load's progress at most every [`PROGRESS_EVERY`], its newest value within that
    /// time. `None` when the view is gone.
    fn report_progress(self, progress: Progress, generation: u64) -> Option<()> {
        let wait = self.progress_due.try_update_value(|due| {
            due.latest = Some(progress);
            due.pacer.due(PROGRESS_EVERY)
        })?;
        match wait {
            Some(Duration::ZERO) => self.show_progress(generation),
            Some(wait) => {
                set_timeout(
                    move || {
                        self.show_progress(generation);
                    },
                    wait,
                );
                Some(())
            }
            None => Some(()),
        }
    }

    /// Shows the newest progress of load `generation`, unless a newer load replaced it (which
    /// started its own pace).
    fn show_progress(self, generation: u64) -> Option<()> {
        if self.generation.try_get_value()? != generation {
            return Some(());
        }
        let latest = self.progress_due.try_update_value(|due| {
            due.pacer.shown();
            due.latest.take()
        })?;
        match latest {
            Some(progress) => self
                .progress
                .try_set(Some(progress))
                .map_or(Some(()), |_| None),
            None => Some(()),
        }
    }

    /// Ends a load, complete or not, and schedules the next one.
    fn finish(self, complete: bool) {
        self.loading.set(false);
        self.refreshing.set(false);
        self.waiting.set(None);
        self.updated_at.set(Some(clock_time()));
        let failed_runs = if complete {
            0
        } else {
            self.failed_runs.get_untracked() + 1
        };
        self.failed_runs.set(failed_runs);
        let delay = if complete {
            AUTO_REFRESH
        } else {
            RETRY_AFTER_FAILURE
                .saturating_mul(1 << failed_runs.saturating_sub(1).min(8))
                .min(AUTO_REFRESH)
        };
        if self.auto_refresh.get_untracked() {
            self.schedule(delay);
        }
    }

    /// The next load starts by itself after `delay`.
    fn schedule(self, delay: Duration) {
        self.cancel_schedule();
        let fire = move || {
            let _ = self.next_run_millis.try_set(None);
            if self.auto_refresh.try_get_untracked() == Some(true) {
                self.run(true);
            }
        };
        if let Ok(handle) = set_timeout_with_handle(fire, delay) {
            self.timer.set_value(Some(handle));
            self.next_run_millis
                .set(Some(js_sys::Date::now() + delay.as_secs_f64() * 1000.0));
        }
    }

    fn cancel_schedule(self) {
        if let Some(handle) = self.timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        let _ = self.next_run_millis.try_set(None);
    }
}

/// The clusters in loading order: the one the view is narrowed to first, since its hosts are the
/// rows on screen (with many clusters it would otherwise wait for all those listed before it).
fn viewed_first(mut names: Vec<String>, viewed: Option<String>) -> Vec<String> {
    if let Some(at) = viewed.and_then(|viewed| names.iter().position(|name| *name == viewed)) {
        let name = names.remove(at);
        names.insert(0, name);
    }
    names
}

fn clock_time() -> String {
    time_of_day(js_sys::Date::now())
}

fn time_of_day(millis: f64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(millis));
    format!(
        "{:02}:{:02}:{:02}",
        date.get_hours(),
        date.get_minutes(),
        date.get_seconds()
    )
}

/// Whole seconds from `now` to `until`, at least 1 while any time is left.
fn seconds_left(until: f64, now: f64) -> u64 {
    ((until - now) / 1000.0).ceil().max(0.0) as u64
}

/// How many hosts the failures left out, when that is known.
fn missing_hosts(failures: &[LoadFailure]) -> usize {
    failures
        .iter()
        .map(|failure| match &failure.gap {
            Gap::Undescribed(arns) => arns.len(),
            Gap::Unlisted { .. } | Gap::WithoutSsm(_) | Gap::Clusters => 0,
        })
        .sum()
}

/// The progress bar while loading, why a call waits, what failed, when the table was last
/// updated and when it is updated next.
#[component]
pub fn LoadStatus(loader: Loader) -> impl IntoView {
    let progress_text = move || {
        loader.progress.get().map(|progress| {
            let of = if progress.total_known {
                format!("{}", progress.listed)
            } else {
                format!("at least {}", progress.listed)
            };
            let verb = if loader.refreshing.get() {
                "Refreshing"
            } else {
                "Loading"
            };
            format!("{verb}: {} hosts loaded of {of}", progress.loaded)
        })
    };
    let waiting = move || {
        let waiting = loader.waiting.get()?;
        let left = seconds_left(waiting.until_millis, loader.now_millis.get());
        (left > 0).then(|| format!("{}; retrying in {left} s.", waiting.cause.describe()))
    };
    // With `timed`, when it was loaded; announcements leave the time out, so that an
    // auto-refresh that changed nothing says nothing.
    let loaded_text = move |timed: bool| {
        let (hosts, stale) = (
            loader.fleet.hosts.with(Vec::len),
            loader.fleet.stale.with(|stale| stale.len()),
        );
        let time = loader.updated_at.get().unwrap_or_default();
        let missing = loader.failures.with(|failures| missing_hosts(failures));
        let mut text = match (
            loader.failures.with(Vec::is_empty) && loader.error.with(Option::is_none),
            timed,
        ) {
            (true, true) => format!("{hosts} hosts loaded, updated at {time}."),
            (true, false) => format!("{hosts} hosts loaded."),
            (false, true) => format!("Partial load at {time}: {hosts} hosts shown."),
            (false, false) => format!("Partial load: {hosts} hosts shown."),
        };
        if missing > 0 {
            text.push_str(&format!(" {missing} hosts could not be read."));
        }
        if stale > 0 {
            text.push_str(&format!(
                " {stale} of them show their last known values, marked stale."
            ));
        }
        text
    };
    let next_text = move || {
        if !loader.auto_refresh.get() {
            return "Auto-refresh is off: use Refresh to load again.".to_owned();
        }
        match loader.next_run_millis.get() {
            Some(at) => format!(
                "Next refresh at {} (in {} s).",
                time_of_day(at),
                seconds_left(at, loader.now_millis.get())
            ),
            None => String::new(),
        }
    };
    // Two failures can read alike (two pages of one cluster): keyed by position, not by text.
    let failure_messages = move || {
        loader.failures.with(|failures| {
            failures
                .iter()
                .map(LoadFailure::user_message)
                .enumerate()
                .collect::<Vec<_>>()
        })
    };
    // What a screen reader hears: the first load starting, a wait (without the ticking seconds)
    // and the result; the visible lines tick too often to be live regions themselves. Failures
    // are alerts of their own (ErrorMessage, partial-load).
    let announcement = Memo::new(move |_| {
        if let Some(waiting) = loader.waiting.get() {
            format!("{}; retrying.", waiting.cause.describe())
        } else if loader.loading.get() && !loader.refreshing.get() {
            "Loading hosts…".to_owned()
        } else if loader.updated_at.get().is_some() {
            loaded_text(false)
        } else {
            String::new()
        }
    });
    view! {
        <div class="load-status">
            <LiveRegion message=announcement />
            <Show when=move || loader.loading.get()>
                <div class="load-progress">
                    <progress
                        aria-label="Hosts loaded"
                        max=move || loader.progress.get().map_or(1, |p| p.listed.max(1))
                        value=move || loader.progress.get().map_or(0, |p| p.loaded)
                    ></progress>
                    <span>{progress_text}</span>
                </div>
            </Show>
            {move || waiting().map(|text| view! { <p class="retry-wait">{text}</p> })}
            <Show when=move || !loader.loading.get() && loader.updated_at.get().is_some()>
                <p class="muted loaded">{move || loaded_text(true)}</p>
            </Show>
            <ErrorMessage message=loader.error />
            <For
                each=failure_messages
                key=|(position, _)| *position
                children=|(_, message)| view! { <p class="error-message partial-load" role="alert"><AwsText text=message /></p> }
            />
            <Show when=move || !loader.skipped.with(Vec::is_empty)>
                <p class="muted skipped-regions" role="status">
                    {move || loader.skipped.with(|skipped| format!(
                        "Regions skipped (not enabled for this account, or not subscribed): {}.",
                        skipped.join(", ")
                    ))}
                </p>
            </Show>
            <Show when=move || !loader.loading.get()>
                <p class="muted next-refresh">{next_text}</p>
            </Show>
        </div>
    }
}
