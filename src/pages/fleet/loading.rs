//! Loading the fleet from AWS: the clusters, then every cluster's external hosts through the core's
//! paged loader, rows shown as each page arrives; refreshes on demand and on an interval.

use std::ops::ControlFlow;
use std::time::Duration;

use anywhere_core::fleet::{LoadEvent, LoadOptions, diff, load_fleet};
use leptos::prelude::*;

use crate::aws::{Aws, use_aws};
use crate::pages::clusters::offered_clusters;
use crate::site_config::use_site_config;

use super::Fleet;

/// How long after a load ends the next one starts while auto-refresh is on.
pub const AUTO_REFRESH: Duration = Duration::from_secs(30);

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub loaded: usize,
    pub listed: usize,
    pub total_known: bool,
}

/// The loader's state, shown by [`LoadStatus`] and driven by the toolbar.
#[derive(Clone, Copy)]
pub struct Loader {
    fleet: Fleet,
    aws: Aws,
    /// The deployment's allowed clusters, if it limits them: only those are loaded.
    allowed: StoredValue<Option<Vec<String>>>,
    pub clusters: RwSignal<Vec<String>>,
    pub progress: RwSignal<Option<Progress>>,
    pub loading: RwSignal<bool>,
    pub refreshing: RwSignal<bool>,
    /// Why nothing could be loaded (no connection, ListClusters refused).
    pub error: RwSignal<Option<String>>,
    /// Calls that failed while the rest loaded.
    pub failures: RwSignal<Vec<String>>,
    pub auto_refresh: RwSignal<bool>,
    /// When the last load ended, as the browser's clock shows it.
    pub updated_at: RwSignal<Option<String>>,
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
            progress: RwSignal::new(None),
            loading: RwSignal::new(false),
            refreshing: RwSignal::new(false),
            error: RwSignal::new(None),
            failures: RwSignal::new(Vec::new()),
            auto_refresh: RwSignal::new(true),
            updated_at: RwSignal::new(None),
        };
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
        loader
    }

    /// Loads everything again; rows that differ from the previous load are marked.
    pub fn refresh(self) {
        self.run(true);
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
        self.loading.set(true);
        self.refreshing.set(refresh);
        self.error.set(None);
        self.failures.set(Vec::new());
        self.progress.set(Some(Progress::default()));
        let allowed = self.allowed.get_value();
        leptos::task::spawn_local(async move {
            let names = match offered_clusters(&client, allowed).await {
                Ok((names, _)) => names,
                Err(message) => {
                    let _ = self.error.try_set(Some(message));
                    let _ = self.loading.try_set(false);
                    return;
                }
            };
            if self.clusters.try_set(names.clone()).is_some() {
                return;
            }
            let mut fresh = Vec::new();
            let report = load_fleet(&client, &names, LoadOptions::default(), |event| {
                let delivered = match event {
                    LoadEvent::Rows(rows) if refresh => {
                        fresh.extend(rows);
                        Some(())
                    }
                    LoadEvent::Rows(rows) => {
                        self.fleet.hosts.try_update(|hosts| hosts.extend(rows))
                    }
                    LoadEvent::Progress {
                        loaded,
                        listed,
                        total_known,
                    } => self
                        .progress
                        .try_set(Some(Progress {
                            loaded,
                            listed,
                            total_known,
                        }))
                        .map_or(Some(()), |_| None),
                    LoadEvent::Failed(failure) => self
                        .failures
                        .try_update(|failures| failures.push(failure.user_message())),
                };
                // The view is gone: stop issuing requests.
                match delivered {
                    Some(()) => ControlFlow::Continue(()),
                    None => ControlFlow::Break(()),
                }
            })
            .await;
            if report.stopped || self.loading.try_get_untracked().is_none() {
                return;
            }
            if refresh {
                let changes = self.fleet.hosts.with_untracked(|old| diff(old, &fresh));
                self.fleet
                    .changed
                    .set(changes.added.into_iter().chain(changes.changed).collect());
                self.fleet.selection.update(|selected| {
                    selected.retain(|key| fresh.iter().any(|host| host.key() == key));
                });
                self.fleet.hosts.set(fresh);
            }
            self.loading.set(false);
            self.refreshing.set(false);
            self.updated_at.set(Some(clock_time()));
            self.schedule_refresh();
        });
    }

    fn schedule_refresh(self) {
        set_timeout(
            move || {
                if self.auto_refresh.try_get_untracked() == Some(true) {
                    self.run(true);
                }
            },
            AUTO_REFRESH,
        );
    }
}

fn clock_time() -> String {
    let now = js_sys::Date::new_0();
    format!(
        "{:02}:{:02}:{:02}",
        now.get_hours(),
        now.get_minutes(),
        now.get_seconds()
    )
}

/// The progress bar while loading, what failed, and when the table was last updated.
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
    view! {
        <div class="load-status">
            <Show when=move || loader.loading.get()>
                <div class="load-progress" role="status">
                    <progress
                        aria-label="Hosts loaded"
                        max=move || loader.progress.get().map_or(1, |p| p.listed.max(1))
                        value=move || loader.progress.get().map_or(0, |p| p.loaded)
                    ></progress>
                    <span>{progress_text}</span>
                </div>
            </Show>
            <Show when=move || !loader.loading.get() && loader.updated_at.get().is_some()>
                <p class="muted loaded" role="status">
                    {move || {
                        let hosts = loader.fleet.hosts.with(Vec::len);
                        let time = loader.updated_at.get().unwrap_or_default();
                        format!("{hosts} hosts loaded, updated at {time}.")
                    }}
                </p>
            </Show>
            {move || loader.error.get().map(|error| view! { <p class="error-message" role="alert">{error}</p> })}
            <For
                each=move || loader.failures.get()
                key=|failure| failure.clone()
                children=|failure| view! { <p class="error-message" role="alert">{failure}</p> }
            />
        </div>
    }
}
