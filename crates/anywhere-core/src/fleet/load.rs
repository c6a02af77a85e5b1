//! Loading the fleet at the physical limit of the APIs, and saying exactly what a load missed.
//!
//! `ListContainerInstances` pages are a chain (each needs the previous page's token), so a long
//! cluster listed as one chain takes one round trip per 100 hosts before its last host is even
//! known. A chain still listing after [`PAGES_BEFORE_SPLIT`] pages is therefore given up for
//! [`SPLIT_WAYS`] disjoint parts listed at once, each its own chain ([`ListPart`]: the hosts whose
//! id ends in some of the hex digits), and a part's chain that runs as long is split the same way,
//! down to parts of one digit. For 1,000 hosts that is two pages, then four chains of three pages
//! instead of one of ten; for 10,000, two pages, four chains of three, then sixteen of seven, sent
//! `max_lists_in_flight` at a time. A part lists from its first page, so hosts listed before the
//! split are listed again, but not described again. If ECS refuses a part's filter, the cluster
//! goes on as one chain from where it was first split. Several clusters are listed at once.
//!
//! Lists are answered before any other ready answer. A cluster's listed hosts are described 100
//! at a time as soon as 100 are listed (`DescribeContainerInstances` takes ≤100 ARNs), the rest
//! once its listing is over. Described hosts with a managed-instance id wait in a pool until 50
//! of them fill one SSM lookup (`DescribeInstanceInformation` with an `InstanceIds` filter),
//! whatever page or cluster they came from, so short pages cost no extra lookups; the pool's
//! remainder is looked up once listing and describing are over. A host's row goes to the sink
//! when its lookup is back, so the first rows show after one list, one describe and one SSM round
//! trip; a view that knows its cluster lists that cluster's first page while it lists the
//! clusters ([`list_ahead`]), so that list costs no round trip of its own. With
//! [`LoadOptions::first_page_before_records`] the first describe's hosts go to the sink at once,
//! their SSM columns pending ([`Host::awaiting_record`]), and again as [`LoadEvent::Joined`] when
//! their records are back: the first rows then show one round trip sooner; and that describe
//! asks for [`FIRST_ROWS`] hosts, the rest of the first page in a second describe beside it, so
//! the first rows wait for a small answer.
//!
//! With [`LoadOptions::list_ssm_records`] the region's managed instances are listed instead, 1,000
//! a call (`DescribeInstanceProperties`, filtered to hybrid nodes), one chain beside the ECS lists
//! from the start: a described host whose record has come joins at once, the others wait for the
//! listing's next pages. Hosts it does not hold when it ends are looked up as above; it ends at
//! its last page, once no described host waits and every host is described, or, once every host
//! is listed, [`SSM_LISTING_SLACK`] records past their count (an account may have many hybrid
//! nodes outside its clusters). If it fails, every host is looked up as above, and nothing is
//! reported: the lookups say what they could not read.
//!
//! For N external hosts of a cluster that is max(1, ⌈N/100⌉) lists up to 200 hosts (more when ECS
//! returns short pages); past that, two pages plus, for each part of n hosts, max(1, ⌈n/100⌉)
//! lists, or three and its own parts' lists if it is split again: for 1,000 hosts 14 lists instead
//! of ten, for 10,000 about 126 instead of 100. Then ⌈N/100⌉ describes (one more when the first
//! page is split) and ⌈N/50⌉ SSM lookups, plus one for every `NextToken` SSM hands back (a
//! filtered query may answer with a short or empty page and a token), or, listing the region's
//! M managed instances, about ⌈M/1000⌉ listing calls. [`LoadOptions::one_chain`]
//! lists each cluster as one chain, with the fewest requests. At most `max_lists_in_flight` lists
//! and about 2 × `max_pages_in_flight` describes and lookups are in flight; describes and lookups
//! wait in order for their turn, lists never wait for them.
//!
//! A call that still fails after the client's retries does not end the load: the load goes on
//! with the rest and reports a [`LoadFailure`] saying which hosts it could not read, so a view
//! can keep the last known rows of those hosts ([`keep_last_known`]) instead of dropping them.

use std::cell::Cell;
use std::collections::{HashMap, HashSet, VecDeque};
use std::future::poll_fn;
use std::ops::ControlFlow;
use std::task::Poll;

use futures_util::StreamExt;
use futures_util::future::{FutureExt, LocalBoxFuture};
use futures_util::stream::FuturesUnordered;

use crate::aws::client::{Client, Clock, Transport};
use crate::aws::ecs::{
    ContainerInstance, DescribeContainerInstances, DescribeContainerInstancesInput,
    DescribeContainerInstancesOutput, ListClusters, ListContainerInstances,
    ListContainerInstancesInput, ListContainerInstancesOutput,
};
use crate::aws::error::AwsError;
use crate::aws::operation::Operation;
use crate::aws::ssm::{
    DescribeInstanceInformation, DescribeInstanceProperties, DescribeInstancePropertiesInput,
    DescribeInstancePropertiesOutput, IDS_PER_LOOKUP, InstanceInformation, InstancePropertyFilter,
    describe_instances_by_id, is_managed_instance_id,
};

use super::host::Host;
use super::join::join;
use super::list_part::{ListPart, SPLIT_WAYS};

/// The cluster-query filter that lists external instances only.
pub const EXTERNAL_FILTER: &str = "attribute:ecs.capability.external exists";
/// `ListContainerInstances` and `DescribeContainerInstances` both take at most 100.
pub const ECS_PAGE_SIZE: usize = 100;
/// Ids per SSM lookup: one full page of records.
pub const SSM_BATCH_SIZE: usize = IDS_PER_LOOKUP;
/// Records per page of the region's managed instances ([`LoadOptions::list_ssm_records`]): the
/// most `DescribeInstanceProperties` answers.
pub const SSM_LISTING_PAGE: usize = 1000;
/// Once every host is listed, the region's managed instances are listed on only while fewer than
/// this many records past the hosts' count were read: an account may hold far more hybrid nodes
/// than its clusters do, and the hosts still waiting are then looked up by id.
pub const SSM_LISTING_SLACK: usize = SSM_LISTING_PAGE;
/// Hosts in the first describe of a load that shows its first rows before their SSM records
/// ([`LoadOptions::first_page_before_records`]): more than the table shows at once.
pub const FIRST_ROWS: usize = 25;
/// Pages of the whole list before it is split into parts. A cluster of up to 300 hosts is listed
/// as soon either way (a split lists from the first page again) and one chain asks for the fewest
/// pages; from 500 hosts on, the parts are sooner.
pub const PAGES_BEFORE_SPLIT: usize = 2;
/// Pages of a part's chain before the part is split again. More than [`PAGES_BEFORE_SPLIT`]: a
/// part's pages are listed beside the other parts', so its chain costs less, and a split of it
/// lists its pages again.
pub const PART_PAGES_BEFORE_SPLIT: usize = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoadOptions {
    /// Listed pages whose describe or SSM lookups may run at once (a describe counts as one, a
    /// lookup as half): at most about 2 × this describes and lookups are in flight; the others
    /// wait in order. Listing does not wait for them.
    pub max_pages_in_flight: usize,
    /// List calls at once: of several clusters, or of one cluster's parts.
    pub max_lists_in_flight: usize,
    /// List a cluster longer than [`PAGES_BEFORE_SPLIT`] pages in parts at once.
    pub split_long_lists: bool,
    /// Send the first describe's hosts before their SSM records are back, and their joined rows
    /// as [`LoadEvent::Joined`] then; that describe asks for [`FIRST_ROWS`] hosts (one describe
    /// more). For a view that shows the rows as they come; a caller that collects the rows gains
    /// nothing by it.
    pub first_page_before_records: bool,
    /// List the region's managed instances ([`SSM_LISTING_PAGE`] a page) beside the ECS lists and
    /// join hosts from that listing: 1,000 hosts take one SSM call instead of twenty lookups of 50
    /// ids, and a host's row waits for no lookup of its own. Hosts the listing does not hold
    /// (registered after their page was listed, or past [`SSM_LISTING_SLACK`]) are looked up by id,
    /// and so are all of them if the listing fails (a policy without
    /// `ssm:DescribeInstanceProperties`, say).
    pub list_ssm_records: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_pages_in_flight: 4,
            max_lists_in_flight: SPLIT_WAYS,
            split_long_lists: true,
            first_page_before_records: false,
            list_ssm_records: false,
        }
    }
}

impl LoadOptions {
    /// Each cluster listed as one chain, one list at a time: the fewest requests, the longest wait.
    pub fn one_chain(max_pages_in_flight: usize) -> Self {
        LoadOptions {
            max_pages_in_flight,
            max_lists_in_flight: 1,
            split_long_lists: false,
            first_page_before_records: false,
            list_ssm_records: false,
        }
    }
}

/// The hosts a failed call left unread.
#[derive(Clone, Debug, PartialEq)]
pub enum Gap {
    /// Listing stopped after `listed` hosts of the cluster: how many more it has is unknown.
    Unlisted { listed: usize },
    /// Listed hosts that could not be described, by container instance ARN.
    Undescribed(Vec<String>),
    /// Hosts shown without their SSM record, by container instance ARN.
    WithoutSsm(Vec<String>),
    /// The region's clusters could not be listed: none of its hosts were read.
    Clusters,
}

/// A call that failed after the client's retries, and what it left unread. A lookup that fails
/// part-way reports its whole batch without SSM details.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadFailure {
    /// Empty for [`Gap::Clusters`].
    pub cluster: String,
    /// Set when the load covers several regions ([`super::regions::load_regions`]).
    pub region: Option<String>,
    pub error: AwsError,
    pub gap: Gap,
}

impl LoadFailure {
    /// The operation that failed.
    pub fn operation(&self) -> &'static str {
        match self.gap {
            Gap::Unlisted { .. } => ListContainerInstances::NAME,
            Gap::Undescribed(_) => DescribeContainerInstances::NAME,
            Gap::WithoutSsm(_) => DescribeInstanceInformation::NAME,
            Gap::Clusters => ListClusters::NAME,
        }
    }

    /// One sentence for the user: which region (when several are loaded) and cluster, what is
    /// missing, and why.
    pub fn user_message(&self) -> String {
        let cluster = &self.cluster;
        let missing = match &self.gap {
            Gap::Clusters => format!(
                "the clusters of region {} could not be listed, so none of its hosts are shown",
                self.region.as_deref().unwrap_or("")
            ),
            Gap::Unlisted { listed: 0 } => {
                format!("the hosts of cluster {cluster} could not be listed")
            }
            Gap::Unlisted { listed } => format!(
                "cluster {cluster} could be listed only to its first {}, so its other hosts are missing",
                hosts(*listed)
            ),
            Gap::Undescribed(arns) => format!(
                "{} of cluster {cluster} could not be read and are missing",
                hosts(arns.len())
            ),
            Gap::WithoutSsm(arns) => format!(
                "{} of cluster {cluster} are shown without their Systems Manager details",
                hosts(arns.len())
            ),
        };
        let region = match &self.region {
            Some(region) => format!("{region}: "),
            None => String::new(),
        };
        format!(
            "{region}{} failed: {missing}. {}",
            self.operation(),
            self.error.user_message()
        )
    }
}

fn hosts(n: usize) -> String {
    if n == 1 {
        "1 host".to_owned()
    } else {
        format!("{n} hosts")
    }
}

/// What the loader tells the view as it goes.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadEvent {
    /// Rows joined with SSM, or, with [`LoadOptions::first_page_before_records`], the first
    /// describe's rows awaiting their records.
    Rows(Vec<Host>),
    /// Rows sent before their SSM records, now joined with them: they replace the rows of the
    /// same key.
    Joined(Vec<Host>),
    /// `loaded` rows delivered of `listed` listed so far (less those deregistered before they
    /// could be described); `total_known` once every cluster has been listed to its last page.
    Progress {
        loaded: usize,
        listed: usize,
        total_known: bool,
    },
    /// A call failed after its retries; loading goes on with the rest.
    Failed(LoadFailure),
}

/// A sink as a trait object. The loader is generic over its sink, so every closure type would get
/// its own copy of it in the wasm; callers that pass this type share one.
pub type DynSink<'a> = &'a mut dyn FnMut(LoadEvent) -> ControlFlow<()>;

/// Calls issued, per operation (the client's retries of one call are not counted again).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CallCounts {
    pub list: usize,
    pub describe: usize,
    /// SSM lookups of ≤50 ids; one takes more than one call when SSM answers in several pages.
    pub ssm: usize,
    /// Pages of the region's managed instances ([`LoadOptions::list_ssm_records`]).
    pub ssm_listing: usize,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoadReport {
    pub calls: CallCounts,
    pub loaded: usize,
    pub listed: usize,
    /// Calls that failed, each reported as a [`LoadEvent::Failed`].
    pub failures: usize,
    /// The sink asked to stop, or the transport reported the requests cancelled.
    pub stopped: bool,
}

#[derive(Default)]
struct Counters {
    list: Cell<usize>,
    describe: Cell<usize>,
    ssm: Cell<usize>,
    ssm_listing: Cell<usize>,
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
            ssm_listing: self.ssm_listing.get(),
        }
    }
}

/// A described host waiting for its SSM record, with the index of its cluster.
type Pending = (usize, ContainerInstance);

/// One `ListContainerInstances` call to make.
struct ListJob {
    cluster: usize,
    /// [`ListPart::WHOLE`]: the cluster's whole list (its first pages, or the chain after ECS
    /// refused a part).
    part: ListPart,
    token: Option<String>,
    /// Pages of this chain answered before this one.
    pages: usize,
}

/// How far one cluster's listing has gone.
#[derive(Default)]
struct Listing {
    /// Hosts listed so far (each once, whichever part listed it).
    listed: usize,
    /// List calls of the cluster in flight.
    in_flight: usize,
    /// Listed hosts waiting to fill a describe of 100 (or for the cluster's last list).
    undescribed: Vec<String>,
    /// While the cluster is listed in parts: the token its whole list was split at, where one
    /// chain goes on if ECS refuses a part's filter.
    resume: Option<String>,
    /// The parts were given up for one chain: answers of parts still in flight add their hosts,
    /// but their tokens are not followed.
    parts_dropped: bool,
    /// A list call failed and was reported; the cluster's other calls are not followed.
    failed: bool,
}

/// A describe or lookup ready to be sent.
enum Call {
    Describe { cluster: usize, arns: Vec<String> },
    LookUp(Vec<Pending>),
}

const DESCRIBE_WEIGHT: usize = 2;
const LOOKUP_WEIGHT: usize = 1;

impl Call {
    fn weight(&self) -> usize {
        match self {
            Call::Describe { .. } => DESCRIBE_WEIGHT,
            Call::LookUp(_) => LOOKUP_WEIGHT,
        }
    }
}

enum Step {
    Listed {
        job: ListJob,
        result: Result<ListContainerInstancesOutput, AwsError>,
    },
    Described {
        cluster: usize,
        arns: Vec<String>,
        result: Result<DescribeContainerInstancesOutput, AwsError>,
    },
    LookedUp {
        batch: Vec<Pending>,
        records: Vec<InstanceInformation>,
        error: Option<AwsError>,
    },
    SsmListed(Result<DescribeInstancePropertiesOutput, AwsError>),
}

/// The region's managed instances as [`LoadOptions::list_ssm_records`] lists them.
enum SsmListing {
    /// Not listed: hosts are looked up by id.
    Off,
    /// Pages still coming. `waiting`: described hosts whose record has not come yet.
    Listing {
        records: HashMap<String, InstanceInformation>,
        read: usize,
        waiting: Vec<Pending>,
    },
    /// Listed as far as it went (to its last page, or until it stopped or failed): hosts whose
    /// records it did not read are looked up by id.
    Done(HashMap<String, InstanceInformation>),
}

impl SsmListing {
    /// Takes out of `hosts` those whose record the listing holds, with their records; the others
    /// wait for the listing's next pages or, when there is no listing or it is over, go to
    /// `lookups`, to be looked up by id.
    fn take_known(
        &mut self,
        hosts: Vec<Pending>,
        lookups: &mut Vec<Pending>,
    ) -> (Vec<Pending>, Vec<InstanceInformation>) {
        let (records, unknown) = match self {
            SsmListing::Off => {
                lookups.extend(hosts);
                return (Vec::new(), Vec::new());
            }
            SsmListing::Listing {
                records, waiting, ..
            } => (records, waiting),
            SsmListing::Done(records) => (records, lookups),
        };
        let mut known = Vec::new();
        let mut found = Vec::new();
        for host in hosts {
            match host
                .1
                .ec2_instance_id
                .as_deref()
                .and_then(|id| records.remove(id))
            {
                Some(record) => {
                    found.push(record);
                    known.push(host);
                }
                None => unknown.push(host),
            }
        }
        (known, found)
    }

    /// The listing is over: the hosts still waiting, for lookups by id.
    fn finish(&mut self) -> Vec<Pending> {
        match std::mem::replace(self, SsmListing::Off) {
            SsmListing::Listing {
                records, waiting, ..
            } => {
                *self = SsmListing::Done(records);
                waiting
            }
            other => {
                *self = other;
                Vec::new()
            }
        }
    }
}

/// The first page of one cluster's hosts, listed before the load started ([`list_ahead`]).
pub struct ListedAhead {
    cluster: String,
    result: Result<ListContainerInstancesOutput, AwsError>,
}

/// Lists the first page of `cluster`'s external hosts, as the load would. A view that knows which
/// cluster it shows can ask for it while the clusters are still being listed, one round trip
/// earlier than the load could, and hand the answer to [`load_fleet`], which uses it when that
/// cluster is the first it loads (and drops it otherwise: a cluster the account turned out not
/// to have or not to offer).
pub async fn list_ahead<T: Transport, C: Clock>(
    client: &Client<T, C>,
    cluster: String,
) -> ListedAhead {
    let result = list_call(client, &cluster, ListPart::WHOLE, None).await;
    ListedAhead { cluster, result }
}

/// Loads the external hosts of `clusters` (names or ARNs), handing rows, progress and failures to
/// `sink` as they come. Returning [`ControlFlow::Break`] from the sink stops the load: no further
/// request is issued and those in flight are dropped. Dropping the returned future does the same,
/// which is how a view cancels on navigation. `ahead` is the first page of `clusters[0]` if it
/// was listed already.
pub async fn load_fleet<T: Transport, C: Clock>(
    client: &Client<T, C>,
    clusters: &[String],
    ahead: Option<ListedAhead>,
    options: LoadOptions,
    mut sink: impl FnMut(LoadEvent) -> ControlFlow<()>,
) -> LoadReport {
    let counters = Counters::default();
    let max_pages = options.max_pages_in_flight.max(1);
    let max_lists = options.max_lists_in_flight.max(1);
    let mut report = LoadReport::default();
    let mut steps: FuturesUnordered<LocalBoxFuture<'_, Step>> = FuturesUnordered::new();
    let mut jobs: VecDeque<ListJob> = (0..clusters.len())
        .map(|cluster| ListJob {
            cluster,
            part: ListPart::WHOLE,
            token: None,
            pages: 0,
        })
        .collect();
    // The list calls in flight. They are kept apart from the other calls and polled first: pages
    // are chains, so a page's answer must not wait while described pages are parsed and joined
    // (the view renders between polls too) before the next page is asked for.
    let mut listings: FuturesUnordered<LocalBoxFuture<'_, Step>> = FuturesUnordered::new();
    let mut state: Vec<Listing> = clusters.iter().map(|_| Listing::default()).collect();
    if let Some(ahead) = ahead.filter(|ahead| clusters.first() == Some(&ahead.cluster))
        && let Some(job) = jobs.pop_front()
    {
        Counters::bump(&counters.list);
        state[0].in_flight += 1;
        let step = Step::Listed {
            job,
            result: ahead.result,
        };
        listings.push(std::future::ready(step).boxed_local());
    }
    // Parts list again the pages of the chain they were split from: each host is described once.
    let mut seen: HashSet<String> = HashSet::new();
    // Describes and lookups wait here in the order they were ready, and are sent while fewer than
    // `max_pages` pages' worth are in flight; listing never waits for them, since pages are a
    // chain and the hosts they hold are what the rest waits for.
    let mut calls: VecDeque<Call> = VecDeque::new();
    // Two lookups follow each full page, so a lookup weighs half a page: one, a describe two.
    let max_weight = 2 * max_pages;
    let mut weight_in_flight = 0_usize;
    // Describes queued or in flight.
    let mut describes = 0_usize;
    let mut pool: Vec<Pending> = Vec::new();
    // The hosts sent before their records, until their joined rows are sent. Those rows wait for
    // one describe's answer, so the first describe asks for a screenful of hosts, a quarter of a
    // page's answer (on a slow link the answer's size is most of the wait), and the rest of the
    // page is described beside it, asked for second so that it answers second.
    let mut show_before_records = options.first_page_before_records;
    let mut split_first_describe = options.first_page_before_records;
    let mut awaiting_records: HashSet<String> = HashSet::new();
    let mut ssm = if options.list_ssm_records && !clusters.is_empty() {
        Counters::bump(&counters.ssm_listing);
        steps.push(ssm_list_page(client, None).boxed_local());
        SsmListing::Listing {
            records: HashMap::new(),
            read: 0,
            waiting: Vec::new(),
        }
    } else {
        SsmListing::Off
    };

    loop {
        while listings.len() < max_lists
            && let Some(job) = jobs.pop_front()
        {
            Counters::bump(&counters.list);
            state[job.cluster].in_flight += 1;
            listings.push(list_page(client, &clusters[job.cluster], job).boxed_local());
        }
        let everything_described = jobs.is_empty() && listings.is_empty() && describes == 0;
        while pool.len() >= SSM_BATCH_SIZE || (everything_described && !pool.is_empty()) {
            calls.push_back(Call::LookUp(take_first(&mut pool, SSM_BATCH_SIZE)));
        }
        while weight_in_flight < max_weight
            && let Some(call) = calls.pop_front()
        {
            weight_in_flight += call.weight();
            steps.push(match call {
                Call::Describe { cluster, arns } => {
                    Counters::bump(&counters.describe);
                    describe_page(client, cluster, &clusters[cluster], arns).boxed_local()
                }
                Call::LookUp(batch) => {
                    Counters::bump(&counters.ssm);
                    look_up(client, batch).boxed_local()
                }
            });
        }
        let next = poll_fn(|cx| {
            if let Poll::Ready(Some(step)) = listings.poll_next_unpin(cx) {
                return Poll::Ready(Some(step));
            }
            match steps.poll_next_unpin(cx) {
                Poll::Ready(None) if !listings.is_empty() => Poll::Pending,
                other => other,
            }
        });
        let Some(step) = next.await else {
            break;
        };
        let mut events = Vec::new();
        match step {
            Step::Listed { job, result } => {
                let cluster = job.cluster;
                let listing = &mut state[cluster];
                listing.in_flight -= 1;
                // Whether this call's next page is still wanted.
                let followed = !(listing.failed || (!job.part.is_whole() && listing.parts_dropped));
                match result {
                    Ok(output) => {
                        let token = output
                            .next_token
                            .filter(|token| followed && !token.is_empty());
                        let pages = job.pages + 1;
                        let split_after = if job.part.is_whole() {
                            PAGES_BEFORE_SPLIT
                        } else {
                            PART_PAGES_BEFORE_SPLIT
                        };
                        let parts = if options.split_long_lists
                            && !listing.parts_dropped
                            && pages == split_after
                        {
                            job.part.split()
                        } else {
                            Vec::new()
                        };
                        match token {
                            Some(token) if !parts.is_empty() => {
                                if job.part.is_whole() {
                                    listing.resume = Some(token);
                                }
                                jobs.extend(parts.into_iter().map(|part| ListJob {
                                    cluster,
                                    part,
                                    token: None,
                                    pages: 0,
                                }));
                            }
                            Some(token) => jobs.push_back(ListJob {
                                cluster,
                                part: job.part,
                                token: Some(token),
                                pages,
                            }),
                            None => {}
                        }
                        let arns: Vec<String> = output
                            .container_instance_arns
                            .into_iter()
                            .filter(|arn| seen.insert(arn.clone()))
                            .collect();
                        report.listed += arns.len();
                        listing.listed += arns.len();
                        listing.undescribed.extend(arns);
                    }
                    Err(AwsError::Cancelled) => {
                        report.stopped = true;
                        break;
                    }
                    Err(_) if !followed => {}
                    // ECS refused the part's filter: the rest of the cluster as one chain.
                    Err(AwsError::Validation { .. }) if !job.part.is_whole() => {
                        listing.parts_dropped = true;
                        jobs.retain(|other| other.cluster != cluster);
                        if let Some(token) = listing.resume.take() {
                            jobs.push_back(ListJob {
                                cluster,
                                part: ListPart::WHOLE,
                                token: Some(token),
                                pages: PAGES_BEFORE_SPLIT,
                            });
                        }
                    }
                    Err(error) => {
                        listing.failed = true;
                        jobs.retain(|other| other.cluster != cluster);
                        events.push(LoadEvent::Failed(LoadFailure {
                            cluster: clusters[cluster].clone(),
                            region: None,
                            error,
                            gap: Gap::Unlisted {
                                listed: listing.listed,
                            },
                        }));
                    }
                }
                // A part's page may hold hosts the chain listed already: describe the new ones 100
                // at a time, and the rest once the cluster's listing is over.
                let listing = &mut state[cluster];
                let listed_all =
                    listing.in_flight == 0 && !jobs.iter().any(|job| job.cluster == cluster);
                while listing.undescribed.len() >= ECS_PAGE_SIZE
                    || (listed_all && !listing.undescribed.is_empty())
                {
                    let mut arns = take_first(&mut listing.undescribed, ECS_PAGE_SIZE);
                    let rest = (split_first_describe && arns.len() > FIRST_ROWS)
                        .then(|| arns.split_off(FIRST_ROWS));
                    split_first_describe = false;
                    for arns in std::iter::once(arns).chain(rest) {
                        describes += 1;
                        calls.push_back(Call::Describe { cluster, arns });
                    }
                }
            }
            Step::Described {
                cluster,
                arns,
                result,
            } => {
                describes -= 1;
                weight_in_flight -= DESCRIBE_WEIGHT;
                match result {
                    Ok(output) => {
                        // Instances deregistered between listing and describing come back as
                        // `failures` (MISSING): they are simply gone, so they leave the count.
                        let gone = arns.len().saturating_sub(output.container_instances.len());
                        report.listed -= gone.min(report.listed);
                        let (lookup, direct): (Vec<_>, Vec<_>) = output
                            .container_instances
                            .into_iter()
                            .partition(|instance| {
                                instance
                                    .ec2_instance_id
                                    .as_deref()
                                    .is_some_and(is_managed_instance_id)
                            });
                        // Not external (an EC2 id, or none): SSM would refuse the id, so the row
                        // goes out now, without a record.
                        if !direct.is_empty() {
                            events.push(LoadEvent::Rows(join(
                                &clusters[cluster],
                                direct,
                                Vec::new(),
                            )));
                        }
                        if show_before_records && !lookup.is_empty() {
                            show_before_records = false;
                            awaiting_records
                                .extend(lookup.iter().map(|i| i.container_instance_arn.clone()));
                            events.push(LoadEvent::Rows(
                                lookup
                                    .iter()
                                    .map(|i| Host::awaiting_record(&clusters[cluster], i.clone()))
                                    .collect(),
                            ));
                        }
                        let described = lookup.into_iter().map(|instance| (cluster, instance));
                        let (known, records) = ssm.take_known(described.collect(), &mut pool);
                        if !known.is_empty() {
                            let rows = rows_of_lookup(clusters, known, records, None);
                            deliver(rows, &mut awaiting_records, &mut events);
                        }
                    }
                    Err(AwsError::Cancelled) => {
                        report.stopped = true;
                        break;
                    }
                    Err(error) => events.push(LoadEvent::Failed(LoadFailure {
                        cluster: clusters[cluster].clone(),
                        region: None,
                        error,
                        gap: Gap::Undescribed(arns),
                    })),
                }
            }
            Step::LookedUp {
                batch,
                records,
                error,
            } => {
                weight_in_flight -= LOOKUP_WEIGHT;
                if error == Some(AwsError::Cancelled) {
                    report.stopped = true;
                    break;
                }
                let rows = rows_of_lookup(clusters, batch, records, error);
                deliver(rows, &mut awaiting_records, &mut events);
            }
            Step::SsmListed(Ok(page)) => {
                let mut token = page.next_token.filter(|token| !token.is_empty());
                let mut waiting = Vec::new();
                if let SsmListing::Listing {
                    records,
                    read,
                    waiting: held,
                } = &mut ssm
                {
                    *read += page.instance_properties.len();
                    let page = page.instance_properties.into_iter();
                    records.extend(page.map(|record| (record.instance_id.clone(), record)));
                    waiting = std::mem::take(held);
                    // Once every host is described, the listing goes on only for hosts still
                    // waiting, and not past the slack: the rest are looked up by id.
                    let listed_all = jobs.is_empty() && listings.is_empty();
                    if listed_all
                        && ((describes == 0 && all_found(&waiting, records))
                            || *read >= report.listed + SSM_LISTING_SLACK)
                    {
                        token = None;
                    }
                }
                let (known, records) = ssm.take_known(waiting, &mut pool);
                if !known.is_empty() {
                    let rows = rows_of_lookup(clusters, known, records, None);
                    deliver(rows, &mut awaiting_records, &mut events);
                }
                match token {
                    Some(token) if matches!(ssm, SsmListing::Listing { .. }) => {
                        Counters::bump(&counters.ssm_listing);
                        steps.push(ssm_list_page(client, Some(token)).boxed_local());
                    }
                    _ => pool.extend(ssm.finish()),
                }
            }
            Step::SsmListed(Err(AwsError::Cancelled)) => {
                report.stopped = true;
                break;
            }
            // Not allowed, not offered in this partition, failing: the records read so far are
            // used, the other hosts looked up by id as without the listing.
            Step::SsmListed(Err(_)) => pool.extend(ssm.finish()),
        }
        for event in &events {
            match event {
                LoadEvent::Rows(rows) => report.loaded += rows.len(),
                LoadEvent::Failed(_) => report.failures += 1,
                LoadEvent::Joined(_) | LoadEvent::Progress { .. } => {}
            }
        }
        events.push(LoadEvent::Progress {
            loaded: report.loaded,
            listed: report.listed,
            total_known: jobs.is_empty() && listings.is_empty(),
        });
        if events.into_iter().any(|event| sink(event).is_break()) {
            report.stopped = true;
            break;
        }
    }
    drop(listings);
    drop(steps);
    report.calls = counters.snapshot();
    report
}

/// Whether every host of `waiting` has its record in `records`: then no host is left waiting for
/// the listing's next pages.
fn all_found(waiting: &[Pending], records: &HashMap<String, InstanceInformation>) -> bool {
    waiting.iter().all(|(_, instance)| {
        instance
            .ec2_instance_id
            .as_deref()
            .is_some_and(|id| records.contains_key(id))
    })
}

/// Hands the events of joined rows on, as [`LoadEvent::Joined`] for the hosts that were sent
/// before their records.
fn deliver(rows: Vec<LoadEvent>, awaiting: &mut HashSet<String>, events: &mut Vec<LoadEvent>) {
    for event in rows {
        match event {
            LoadEvent::Rows(rows) if !awaiting.is_empty() => {
                let (joined, rows): (Vec<Host>, Vec<Host>) = rows
                    .into_iter()
                    .partition(|host| awaiting.remove(host.key()));
                if !joined.is_empty() {
                    events.push(LoadEvent::Joined(joined));
                }
                if !rows.is_empty() {
                    events.push(LoadEvent::Rows(rows));
                }
            }
            other => events.push(other),
        }
    }
}

/// The first `n` items of `pool` (all of them when it holds fewer), taken out of it.
fn take_first<T>(pool: &mut Vec<T>, n: usize) -> Vec<T> {
    pool.drain(..n.min(pool.len())).collect()
}

/// The rows of one SSM lookup, cluster by cluster, and for each cluster whose records could not
/// all be read, a failure naming the hosts left without them.
fn rows_of_lookup(
    clusters: &[String],
    batch: Vec<Pending>,
    records: Vec<InstanceInformation>,
    error: Option<AwsError>,
) -> Vec<LoadEvent> {
    let mut by_cluster: Vec<(usize, Vec<ContainerInstance>)> = Vec::new();
    for (cluster, instance) in batch {
        match by_cluster.iter_mut().find(|(index, _)| *index == cluster) {
            Some((_, instances)) => instances.push(instance),
            None => by_cluster.push((cluster, vec![instance])),
        }
    }
    let mut records: HashMap<String, InstanceInformation> = records
        .into_iter()
        .map(|record| (record.instance_id.clone(), record))
        .collect();
    let mut events = Vec::new();
    for (cluster, instances) in by_cluster {
        let mine: Vec<InstanceInformation> = instances
            .iter()
            .filter_map(|instance| records.remove(instance.ec2_instance_id.as_deref()?))
            .collect();
        let rows = join(&clusters[cluster], instances, mine);
        if let Some(error) = &error {
            let without: Vec<String> = rows
                .iter()
                .filter(|host| host.ssm().is_none())
                .map(|host| host.key().to_owned())
                .collect();
            if !without.is_empty() {
                events.push(LoadEvent::Failed(LoadFailure {
                    cluster: clusters[cluster].clone(),
                    region: None,
                    error: error.clone(),
                    gap: Gap::WithoutSsm(without),
                }));
            }
        }
        events.push(LoadEvent::Rows(rows));
    }
    events
}

async fn list_page<T: Transport, C: Clock>(
    client: &Client<T, C>,
    name: &str,
    job: ListJob,
) -> Step {
    let result = list_call(client, name, job.part, job.token.clone()).await;
    Step::Listed { job, result }
}

async fn list_call<T: Transport, C: Clock>(
    client: &Client<T, C>,
    cluster: &str,
    part: ListPart,
    token: Option<String>,
) -> Result<ListContainerInstancesOutput, AwsError> {
    let input = ListContainerInstancesInput {
        cluster: Some(cluster.to_owned()),
        filter: Some(part.filter(EXTERNAL_FILTER)),
        next_token: token,
        max_results: Some(ECS_PAGE_SIZE as i32),
        status: None,
    };
    client.call::<ListContainerInstances>(&input).await
}

/// One page of the region's managed instances (hybrid nodes only: EC2 instances are never
/// external hosts).
async fn ssm_list_page<T: Transport, C: Clock>(
    client: &Client<T, C>,
    token: Option<String>,
) -> Step {
    let input = DescribeInstancePropertiesInput {
        instance_property_filter_list: vec![InstancePropertyFilter {
            key: "ResourceType".to_owned(),
            value_set: vec!["ManagedInstance".to_owned()],
        }],
        max_results: Some(SSM_LISTING_PAGE as i32),
        next_token: token,
    };
    Step::SsmListed(client.call::<DescribeInstanceProperties>(&input).await)
}

async fn describe_page<T: Transport, C: Clock>(
    client: &Client<T, C>,
    cluster: usize,
    name: &str,
    arns: Vec<String>,
) -> Step {
    let input = DescribeContainerInstancesInput {
        cluster: Some(name.to_owned()),
        container_instances: arns,
        include: vec!["TAGS".to_owned()],
    };
    let result = client.call::<DescribeContainerInstances>(&input).await;
    Step::Described {
        cluster,
        arns: input.container_instances,
        result,
    }
}

async fn look_up<T: Transport, C: Clock>(client: &Client<T, C>, batch: Vec<Pending>) -> Step {
    let mut seen = HashSet::new();
    let ids: Vec<String> = batch
        .iter()
        .filter_map(|(_, instance)| instance.ec2_instance_id.clone())
        .filter(|id| seen.insert(id.clone()))
        .collect();
    let (records, error) = match describe_instances_by_id(client, &ids).await {
        Ok(records) => (records, None),
        Err(error) => (Vec::new(), Some(error)),
    };
    Step::LookedUp {
        batch,
        records,
        error,
    }
}

/// What a view shows after a load: the fresh rows, plus the last known rows of the hosts the
/// load could not read, and which rows those are.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KeptRows {
    pub hosts: Vec<Host>,
    /// Keys (container instance ARNs) of the rows carried over from `previous`: stale.
    pub stale: HashSet<String>,
}

/// Merges a load's `fresh` rows with the `previous` ones where `failures` left hosts unread:
/// hosts of a cluster whose listing stopped, hosts of a region whose clusters could not be listed
/// and hosts that could not be described keep their last known row; a host whose SSM record could
/// not be read keeps its last known record. Hosts that were read and are gone (deregistered) are
/// not brought back. A failure that names its region only concerns that region's hosts: clusters
/// of one name may live in several.
pub fn keep_last_known(previous: &[Host], fresh: Vec<Host>, failures: &[LoadFailure]) -> KeptRows {
    let mut unlisted: HashSet<(Option<&str>, &str)> = HashSet::new();
    let mut unlisted_regions: HashSet<Option<&str>> = HashSet::new();
    let mut undescribed: HashSet<&str> = HashSet::new();
    let mut without_ssm: HashSet<&str> = HashSet::new();
    for failure in failures {
        match &failure.gap {
            Gap::Unlisted { .. } => {
                unlisted.insert((failure.region.as_deref(), failure.cluster.as_str()));
            }
            Gap::Clusters => {
                unlisted_regions.insert(failure.region.as_deref());
            }
            Gap::Undescribed(arns) => undescribed.extend(arns.iter().map(String::as_str)),
            Gap::WithoutSsm(arns) => without_ssm.extend(arns.iter().map(String::as_str)),
        }
    }
    let before: HashMap<&str, &Host> = previous.iter().map(|host| (host.key(), host)).collect();
    let mut stale = HashSet::new();
    let mut hosts: Vec<Host> = fresh
        .into_iter()
        .map(|host| {
            let Some(old) = before.get(host.key()) else {
                return host;
            };
            if !without_ssm.contains(host.key()) || host.ssm().is_some() || old.ssm().is_none() {
                return host;
            }
            stale.insert(host.key().to_owned());
            Host::new(
                host.cluster(),
                host.container_instance().clone(),
                old.ssm().cloned(),
            )
        })
        .collect();
    let read: HashSet<String> = hosts.iter().map(|host| host.key().to_owned()).collect();
    for old in previous {
        let in_unlisted = |region: Option<&str>| {
            unlisted_regions.contains(&region) || unlisted.contains(&(region, old.cluster()))
        };
        let unread =
            undescribed.contains(old.key()) || in_unlisted(None) || in_unlisted(old.region());
        if unread && !read.contains(old.key()) {
            stale.insert(old.key().to_owned());
            hosts.push(old.clone());
        }
    }
    KeptRows { hosts, stale }
}
