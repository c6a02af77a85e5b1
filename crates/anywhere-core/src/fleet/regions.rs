//! The fleet of several regions: one client per region, every region listed and loaded at once,
//! each with [`load_fleet`] and so with the same requests per cluster as a one-region load.
//!
//! A region can refuse everything for reasons that are not a fault: an opt-in region the account
//! has not enabled answers every signed call with `UnrecognizedClientException` ("The security
//! token included in the request is invalid"), a service the account is not subscribed to with
//! `SubscriptionRequiredException`, some services with `OptInRequired`. Such a region is skipped
//! and listed ([`RegionOutcome::Skipped`]), not shown as an error. Any other failure is reported
//! for that region alone, as a [`LoadFailure`] naming it, and the other regions load on.
//!
//! The same rejection also means a wrong access key, so it counts as "not enabled" only where it
//! can: never in the connection's own region, and not when every region rejected the key
//! ([`credentials_rejected`]).

use std::cell::{Cell, RefCell};
use std::ops::ControlFlow;

use futures_util::future::join_all;

use crate::aws::arn::resource_name;
use crate::aws::client::{Client, Clock, Transport};
use crate::aws::ecs::ListClusters;
use crate::aws::error::{AuthFailure, AwsError};
use crate::sort::sort_by;

use super::load::{DynSink, Gap, LoadEvent, LoadFailure, LoadOptions, LoadReport, load_fleet};

/// What one region's load tells the view, tagged with its region.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionEvent {
    pub region: String,
    pub kind: RegionEventKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum RegionEventKind {
    /// The region's clusters, listed before its hosts are loaded.
    Clusters(Vec<String>),
    /// Rows and failures of the region's load (failures name the region). Progress is not
    /// passed on per region: see [`RegionEventKind::Progress`].
    Load(LoadEvent),
    /// Every region's progress summed, after any region's progress changed.
    Progress {
        loaded: usize,
        listed: usize,
        total_known: bool,
    },
    /// The region answered as one not enabled for the account, or not subscribed: skipped.
    Skipped(AwsError),
}

/// How one region's load ended.
#[derive(Clone, Debug, PartialEq)]
pub enum RegionOutcome {
    Loaded(LoadReport),
    Skipped(AwsError),
    /// Its clusters could not be listed; reported as a [`Gap::Clusters`] failure.
    Failed(AwsError),
    /// The sink asked to stop, or the requests were cancelled.
    Stopped,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RegionReport {
    pub region: String,
    pub outcome: RegionOutcome,
}

/// Whether `error`, answered by `region`, says the region is not enabled for the account or the
/// service not subscribed there. `home` is the connection's own region, which is enabled (the
/// user works in it), so a rejected key there is a wrong key.
pub fn is_region_unavailable(error: &AwsError, region: &str, home: Option<&str>) -> bool {
    match error {
        AwsError::Authentication {
            reason: AuthFailure::UnknownAccessKey,
            ..
        } => home != Some(region),
        AwsError::Validation { code, .. } | AwsError::NotFound { code, .. } => matches!(
            code.as_str(),
            "OptInRequired"
                | "SubscriptionRequiredException"
                | "RegionDisabledException"
                | "AuthFailure"
        ),
        _ => false,
    }
}

/// The rejection to show instead of a list of skipped regions when no region accepted the
/// credentials: then the key is wrong, not every region disabled.
pub fn credentials_rejected(reports: &[RegionReport]) -> Option<&AwsError> {
    let mut rejected = None;
    for report in reports {
        match &report.outcome {
            RegionOutcome::Skipped(
                error @ AwsError::Authentication {
                    reason: AuthFailure::UnknownAccessKey,
                    ..
                },
            ) => rejected = Some(error),
            RegionOutcome::Skipped(_) => {}
            RegionOutcome::Loaded(_) | RegionOutcome::Failed(_) | RegionOutcome::Stopped => {
                return None;
            }
        }
    }
    rejected
}

/// The names of a region's clusters, sorted, and their ARNs in the same order.
pub async fn cluster_names<T: Transport, C: Clock>(
    client: &Client<T, C>,
) -> Result<(Vec<String>, Vec<String>), AwsError> {
    let mut arns: Vec<String> = client
        .all_pages::<ListClusters>(Default::default())
        .await?
        .into_iter()
        .flat_map(|page| page.cluster_arns)
        .collect();
    sort_by(&mut arns, |a, b| resource_name(a).cmp(resource_name(b)));
    let names = arns
        .iter()
        .map(|arn| resource_name(arn).to_owned())
        .collect();
    Ok((names, arns))
}

/// Per-region progress, summed for the view.
#[derive(Clone, Copy, Default)]
struct Counted {
    loaded: usize,
    listed: usize,
    total_known: bool,
}

/// What the regions' loads share: the sink, whether it asked to stop, and every region's progress.
struct Shared<S> {
    sink: RefCell<S>,
    stopped: Cell<bool>,
    progress: RefCell<Vec<Counted>>,
}

impl<S: FnMut(RegionEvent) -> ControlFlow<()>> Shared<S> {
    /// Hands one event to the sink unless the load was stopped; false once it is.
    fn send(&self, region: &str, kind: RegionEventKind) -> bool {
        if self.stopped.get() {
            return false;
        }
        let event = RegionEvent {
            region: region.to_owned(),
            kind,
        };
        if (self.sink.borrow_mut())(event).is_break() {
            self.stopped.set(true);
        }
        !self.stopped.get()
    }

    /// Records a region's progress and sends every region's, summed.
    fn progress(&self, index: usize, region: &str, counted: Counted) -> bool {
        let total = {
            let mut all = self.progress.borrow_mut();
            all[index] = counted;
            all.iter().fold(
                Counted {
                    total_known: true,
                    ..Counted::default()
                },
                |sum, one| Counted {
                    loaded: sum.loaded + one.loaded,
                    listed: sum.listed + one.listed,
                    total_known: sum.total_known && one.total_known,
                },
            )
        };
        self.send(
            region,
            RegionEventKind::Progress {
                loaded: total.loaded,
                listed: total.listed,
                total_known: total.total_known,
            },
        )
    }
}

const NOTHING_LEFT: Counted = Counted {
    loaded: 0,
    listed: 0,
    total_known: true,
};

/// Loads the external hosts of every cluster of every region of `clients` (one client per
/// region) at once, handing events to `sink` as they come. Returning [`ControlFlow::Break`] stops
/// every region's load; dropping the future does the same. `home` is the connection's region
/// (see [`is_region_unavailable`]). The reports come in the order of `clients`.
pub async fn load_regions<T: Transport, C: Clock>(
    clients: &[&Client<T, C>],
    home: Option<&str>,
    options: LoadOptions,
    sink: impl FnMut(RegionEvent) -> ControlFlow<()>,
) -> Vec<RegionReport> {
    let shared = Shared {
        sink: RefCell::new(sink),
        stopped: Cell::new(false),
        progress: RefCell::new(vec![Counted::default(); clients.len()]),
    };
    join_all(
        clients
            .iter()
            .enumerate()
            .map(|(index, client)| load_region(&shared, index, client, home, options)),
    )
    .await
}

async fn load_region<T: Transport, C: Clock, S: FnMut(RegionEvent) -> ControlFlow<()>>(
    shared: &Shared<S>,
    index: usize,
    client: &Client<T, C>,
    home: Option<&str>,
    options: LoadOptions,
) -> RegionReport {
    let region = client.endpoint().region().code().to_owned();
    let done = |outcome| RegionReport {
        region: region.clone(),
        outcome,
    };
    let names = match cluster_names(client).await {
        Ok((names, _)) => names,
        Err(AwsError::Cancelled) => return done(RegionOutcome::Stopped),
        Err(error) if is_region_unavailable(&error, &region, home) => {
            shared.progress(index, &region, NOTHING_LEFT);
            shared.send(&region, RegionEventKind::Skipped(error.clone()));
            return done(RegionOutcome::Skipped(error));
        }
        Err(error) => {
            let failure = LoadFailure {
                cluster: String::new(),
                region: Some(region.clone()),
                error: error.clone(),
                gap: Gap::Clusters,
            };
            shared.send(&region, RegionEventKind::Load(LoadEvent::Failed(failure)));
            shared.progress(index, &region, NOTHING_LEFT);
            return done(RegionOutcome::Failed(error));
        }
    };
    if !shared.send(&region, RegionEventKind::Clusters(names.clone())) {
        return done(RegionOutcome::Stopped);
    }
    let mut sink = |event: LoadEvent| {
        let going = match event {
            LoadEvent::Progress {
                loaded,
                listed,
                total_known,
            } => shared.progress(
                index,
                &region,
                Counted {
                    loaded,
                    listed,
                    total_known,
                },
            ),
            LoadEvent::Failed(mut failure) => {
                failure.region = Some(region.clone());
                shared.send(&region, RegionEventKind::Load(LoadEvent::Failed(failure)))
            }
            rows @ (LoadEvent::Rows(_) | LoadEvent::Joined(_)) => {
                shared.send(&region, RegionEventKind::Load(rows))
            }
        };
        if going {
            ControlFlow::Continue(())
        } else {
            ControlFlow::Break(())
        }
    };
    let report = load_fleet(client, &names, None, options, &mut sink as DynSink).await;
    if report.stopped || shared.stopped.get() {
        done(RegionOutcome::Stopped)
    } else {
        done(RegionOutcome::Loaded(report))
    }
}
