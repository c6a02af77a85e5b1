//! Loading the fleet at the physical limit of the APIs.
//!
//! `ListContainerInstances` pages are a chain (each needs the previous page's token), so listing is
//! sequential. Every listed page is described at once (`DescribeContainerInstances` takes the
//! page's ≤100 ARNs in one call) while the next page is being listed, and as soon as a page is
//! described its managed-instance ids go to SSM in lookups of ≤50 (`DescribeInstanceInformation`
//! with an `InstanceIds` filter), side by side. A page's rows go to the sink when its SSM lookups
//! are back, so the first rows show after one list, one describe and one SSM round trip.
//!
//! For N hosts in one cluster that is max(1, ⌈N/100⌉) lists, ⌈N/100⌉ describes and, when every
//! row is external, ⌈N/50⌉ SSM lookups (pages hold 100, so each full page takes exactly two).
//! At most 1 + 2 × `max_pages_in_flight` requests are in flight.

use std::cell::Cell;
use std::ops::ControlFlow;

use crate::aws::client::{Client, Clock, Transport};
use crate::aws::ecs::{
    DescribeContainerInstances, DescribeContainerInstancesInput, ListContainerInstances,
    ListContainerInstancesInput, ListContainerInstancesOutput,
};
use crate::aws::error::AwsError;
use crate::aws::operation::Operation;
use crate::aws::ssm::{
    DescribeInstanceInformation, DescribeInstanceInformationInput, InstanceInformation,
    InstanceInformationStringFilter,
};

use super::concurrent::{FutureSet, join_all};
use super::host::Host;
use super::join::{join, managed_instance_ids};

/// The cluster-query filter that lists external instances only.
pub const EXTERNAL_FILTER: &str = "attribute:ecs.capability.external exists";
/// `ListContainerInstances` and `DescribeContainerInstances` both take at most 100.
pub const ECS_PAGE_SIZE: usize = 100;
/// `DescribeInstanceInformation` takes at most 50 ids in its `InstanceIds` filter.
pub const SSM_BATCH_SIZE: usize = 50;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoadOptions {
    /// Listed pages whose describe or SSM lookups may run at once. Listing waits while this many
    /// are in flight, which bounds the requests in flight to 1 + 2 × this.
    pub max_pages_in_flight: usize,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_pages_in_flight: 3,
        }
    }
}

/// A call that failed, with where it happened.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadFailure {
    pub cluster: String,
    /// `ListContainerInstances`, `DescribeContainerInstances` or `DescribeInstanceInformation`.
    pub operation: &'static str,
    pub error: AwsError,
}

impl LoadFailure {
    /// One sentence for the user.
    pub fn user_message(&self) -> String {
        let consequence = match self.operation {
            DescribeInstanceInformation::NAME => "some hosts are shown without their SSM details",
            DescribeContainerInstances::NAME => "some hosts are missing from the table",
            _ => "the table may be missing hosts",
        };
        format!(
            "{} failed for cluster {} so {consequence}: {}",
            self.operation,
            self.cluster,
            self.error.user_message()
        )
    }
}

/// What the loader tells the view as it goes.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadEvent {
    /// Rows of one listed page, joined with SSM.
    Rows(Vec<Host>),
    /// `loaded` rows delivered of `listed` listed so far (less those deregistered before they
    /// could be described); `total_known` once every cluster has been listed to its last page.
    Progress {
        loaded: usize,
        listed: usize,
        total_known: bool,
    },
    /// A call failed; loading goes on with the rest. A failed SSM lookup still delivers its rows,
    /// without SSM details.
    Failed(LoadFailure),
}

/// Calls issued, per operation (the client's retries of one call are not counted again).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CallCounts {
    pub list: usize,
    pub describe: usize,
    pub ssm: usize,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoadReport {
    pub calls: CallCounts,
    pub loaded: usize,
    pub listed: usize,
    /// The sink asked to stop, or the transport reported the requests cancelled.
    pub stopped: bool,
}

#[derive(Default)]
struct Counters {
    list: Cell<usize>,
    describe: Cell<usize>,
    ssm: Cell<usize>,
}

impl Counters {
    fn bump(cell: &Cell<usize>) {
        cell.set(cell.get() + 1);
    }

    fn snapshot(&self) -> CallCounts {
        CallCounts {
            list: self.list.get(),
            describe: self.describe.get(),
            ssm: self.ssm.get(),
        }
    }
}

enum Step {
    Listed {
        cluster: usize,
        result: Result<ListContainerInstancesOutput, AwsError>,
    },
    Page(PageOutcome),
}

struct PageOutcome {
    hosts: Vec<Host>,
    /// Listed but gone by the time they were described (deregistered in between).
    gone: usize,
    failures: Vec<LoadFailure>,
    cancelled: bool,
}

/// Loads the external hosts of `clusters` (names or ARNs), handing rows, progress and failures to
/// `sink` as they come. Returning [`ControlFlow::Break`] from the sink stops the load: no further
/// request is issued and those in flight are dropped. Dropping the returned future does the same,
/// which is how a view cancels on navigation.
pub async fn load_fleet<T: Transport, C: Clock>(
    client: &Client<T, C>,
    clusters: &[String],
    options: LoadOptions,
    mut sink: impl FnMut(LoadEvent) -> ControlFlow<()>,
) -> LoadReport {
    let counters = Counters::default();
    let max_pages = options.max_pages_in_flight.max(1);
    let mut report = LoadReport::default();
    let mut steps: FutureSet<'_, Step> = FutureSet::new();
    // The next listing call to make: cluster index and page token.
    let mut next_list: Option<(usize, Option<String>)> =
        (!clusters.is_empty()).then_some((0, None));
    let mut listing = false;
    let mut pages_in_flight = 0;

    loop {
        if !listing
            && pages_in_flight < max_pages
            && let Some((cluster, token)) = next_list.take()
        {
            Counters::bump(&counters.list);
            listing = true;
            steps.push(list_page(client, cluster, &clusters[cluster], token));
        }
        let Some(step) = steps.next().await else {
            break;
        };
        let mut events = Vec::new();
        match step {
            Step::Listed { cluster, result } => {
                listing = false;
                let next_cluster = (cluster + 1 < clusters.len()).then_some((cluster + 1, None));
                match result {
                    Ok(output) => {
                        next_list = match output.next_token.filter(|token| !token.is_empty()) {
                            Some(token) => Some((cluster, Some(token))),
                            None => next_cluster,
                        };
                        let arns = output.container_instance_arns;
                        report.listed += arns.len();
                        if !arns.is_empty() {
                            pages_in_flight += 1;
                            steps.push(load_page(client, &clusters[cluster], arns, &counters));
                        }
                    }
                    Err(AwsError::Cancelled) => {
                        report.stopped = true;
                        break;
                    }
                    Err(error) => {
                        next_list = next_cluster;
                        events.push(LoadEvent::Failed(LoadFailure {
                            cluster: clusters[cluster].clone(),
                            operation: ListContainerInstances::NAME,
                            error,
                        }));
                    }
                }
            }
            Step::Page(outcome) => {
                pages_in_flight -= 1;
                if outcome.cancelled {
                    report.stopped = true;
                    break;
                }
                report.listed -= outcome.gone.min(report.listed);
                events.extend(outcome.failures.into_iter().map(LoadEvent::Failed));
                if !outcome.hosts.is_empty() {
                    report.loaded += outcome.hosts.len();
                    events.push(LoadEvent::Rows(outcome.hosts));
                }
            }
        }
        events.push(LoadEvent::Progress {
            loaded: report.loaded,
            listed: report.listed,
            total_known: next_list.is_none() && !listing,
        });
        if events.into_iter().any(|event| sink(event).is_break()) {
            report.stopped = true;
            break;
        }
    }
    drop(steps);
    report.calls = counters.snapshot();
    report
}

async fn list_page<T: Transport, C: Clock>(
    client: &Client<T, C>,
    cluster: usize,
    name: &str,
    token: Option<String>,
) -> Step {
    let input = ListContainerInstancesInput {
        cluster: Some(name.to_owned()),
        filter: Some(EXTERNAL_FILTER.to_owned()),
        next_token: token,
        max_results: Some(ECS_PAGE_SIZE as i32),
        status: None,
    };
    Step::Listed {
        cluster,
        result: client.call::<ListContainerInstances>(&input).await,
    }
}

/// Describes one listed page and looks its hosts up in SSM.
async fn load_page<T: Transport, C: Clock>(
    client: &Client<T, C>,
    cluster: &str,
    arns: Vec<String>,
    counters: &Counters,
) -> Step {
    let failure = |operation: &'static str, error: AwsError| LoadFailure {
        cluster: cluster.to_owned(),
        operation,
        error,
    };
    Counters::bump(&counters.describe);
    let requested = arns.len();
    let input = DescribeContainerInstancesInput {
        cluster: Some(cluster.to_owned()),
        container_instances: arns,
        include: vec!["TAGS".to_owned()],
    };
    // Instances deregistered between listing and describing come back as `failures` (MISSING):
    // they are simply gone, so they leave the count instead of being reported.
    let instances = match client.call::<DescribeContainerInstances>(&input).await {
        Ok(output) => output.container_instances,
        Err(error) => {
            return Step::Page(PageOutcome {
                hosts: Vec::new(),
                gone: 0,
                cancelled: error == AwsError::Cancelled,
                failures: vec![failure(DescribeContainerInstances::NAME, error)],
            });
        }
    };
    let gone = requested.saturating_sub(instances.len());
    let ids = managed_instance_ids(&instances);
    let lookups = ids.chunks(SSM_BATCH_SIZE).map(|batch| async move {
        Counters::bump(&counters.ssm);
        let input = DescribeInstanceInformationInput {
            filters: vec![InstanceInformationStringFilter {
                key: "InstanceIds".to_owned(),
                values: batch.to_vec(),
            }],
            max_results: Some(SSM_BATCH_SIZE as i32),
            next_token: None,
        };
        // One page answers a lookup of ≤50 ids with MaxResults 50; a NextToken would only
        // point at an empty page.
        client.call::<DescribeInstanceInformation>(&input).await
    });
    let mut records: Vec<InstanceInformation> = Vec::with_capacity(ids.len());
    let mut failures = Vec::new();
    let mut cancelled = false;
    for result in join_all(lookups).await {
        match result {
            Ok(output) => records.extend(output.instance_information_list),
            Err(AwsError::Cancelled) => cancelled = true,
            Err(error) => failures.push(failure(DescribeInstanceInformation::NAME, error)),
        }
    }
    Step::Page(PageOutcome {
        hosts: join(cluster, instances, records),
        gone,
        failures,
        cancelled,
    })
}
