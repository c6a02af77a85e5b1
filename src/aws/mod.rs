//! The browser edge of the AWS client: fetch, the clock, and a client per request of a view.
//!
//! Pages call `use_aws()` and then `aws.client()?.call::<Op>(&input)`. Building and signing the
//! request, decoding, retries and clock correction live in `anywhere_core::aws`; this module only
//! moves bytes and time, cancels a view's requests when the view goes away, and hands every client
//! the console's one credentials source (the shell provides it: keys from Settings or a sign-in).

mod calls;
mod clock;
mod limiter;
mod transport;

use std::cell::Cell;
use std::rc::Rc;

use anywhere_core::aws::{Client, CredentialsSource, Endpoint};
use anywhere_core::region::Region;
use leptos::prelude::*;

pub use calls::{CallError, Load, Write, failure, settled};
pub use clock::BrowserClock;
pub use limiter::EndpointLimits;
pub use transport::FetchTransport;

use crate::connection::{ConnectionSettings, EndpointChoice, use_settings};

/// The client every page uses.
pub type AwsClient = Client<Rc<FetchTransport>, BrowserClock>;

/// Requests in flight at once per endpoint, for all views together. Browsers allow only six
/// connections per host over HTTP/1.1; staying at that keeps one slow view from starving the others.
const MAX_IN_FLIGHT: usize = 6;

/// Why there is no client yet; shown in place of a request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotConnected {
    #[error("No credentials yet: enter an access key in Settings.")]
    NoCredentials,
    #[error("Sign in to continue.")]
    NotSignedIn,
    #[error("{0}: choose a region in Settings.")]
    BadRegion(String),
    #[error("The endpoint URL is empty: enter one in Settings or choose AWS.")]
    NoEndpoint,
}

/// What every view's clients share: the in-flight bound, what was learned about AWS's clock, and
/// where credentials come from. Held in local (single-thread) storage, since context values must be
/// `Send`.
#[derive(Clone)]
struct Edge {
    limits: Rc<EndpointLimits>,
    clock_offset_millis: Rc<Cell<f64>>,
    credentials: Rc<dyn CredentialsSource>,
}

/// Provided once by the shell.
#[derive(Clone, Copy)]
pub struct AwsShared {
    edge: StoredValue<Edge, LocalStorage>,
    /// Whether calls can be signed now, and if not why; reading it makes a view's loads start
    /// again when credentials arrive or go.
    readiness: Signal<Result<(), NotConnected>>,
}

impl AwsShared {
    pub fn new(
        credentials: Rc<dyn CredentialsSource>,
        readiness: Signal<Result<(), NotConnected>>,
    ) -> Self {
        AwsShared {
            edge: StoredValue::new_local(Edge {
                limits: Rc::new(EndpointLimits::new(MAX_IN_FLIGHT)),
                clock_offset_millis: Rc::new(Cell::new(0.0)),
                credentials,
            }),
            readiness,
        }
    }

    /// The in-flight bound shared by every request of the console (sign-in's included).
    pub fn limits(&self) -> Rc<EndpointLimits> {
        self.edge.with_value(|edge| edge.limits.clone())
    }
}

/// Where AWS calls go for these settings.
pub fn endpoint_for(settings: &ConnectionSettings) -> Result<Endpoint, NotConnected> {
    let region =
        Region::new(&settings.region).map_err(|e| NotConnected::BadRegion(e.to_string()))?;
    match &settings.endpoint {
        EndpointChoice::Aws => Ok(Endpoint::Aws(region)),
        EndpointChoice::Sandbox(url) | EndpointChoice::Custom(url) if url.trim().is_empty() => {
            Err(NotConnected::NoEndpoint)
        }
        EndpointChoice::Sandbox(url) | EndpointChoice::Custom(url) => Ok(Endpoint::Custom {
            url: url.trim().to_owned(),
            region,
        }),
    }
}

/// The region a part of the page works in when it is not the connection's (a host of another
/// region, opened from the fleet of several regions): provided by that part, it makes every
/// `use_aws()` below it sign for and call that region, with the same credentials and endpoint.
#[derive(Clone, Debug)]
pub struct ViewRegion(pub Region);

/// The connection's endpoint moved to `region`: the region's own AWS endpoint, or the same custom
/// URL signed for `region` (the sandbox serves every region at one address).
fn endpoint_in(endpoint: Endpoint, region: Region) -> Endpoint {
    match endpoint {
        Endpoint::Aws(_) => Endpoint::Aws(region),
        Endpoint::Custom { url, .. } => Endpoint::Custom { url, region },
    }
}

/// A view's handle on AWS: clients for the current settings whose requests are aborted when the
/// view is cleaned up. Cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct Aws {
    transport: StoredValue<Rc<FetchTransport>, LocalStorage>,
    shared: AwsShared,
    settings: RwSignal<ConnectionSettings>,
    /// The [`ViewRegion`] of the view, if it has one.
    region: StoredValue<Option<Region>>,
}

impl Aws {
    /// A client for the current settings (in the view's region, if it has one), or why there is
    /// none. Reading it inside a reactive closure re-runs that closure when Settings change or
    /// credentials arrive or go.
    pub fn client(&self) -> Result<Rc<AwsClient>, NotConnected> {
        self.client_in(self.region.get_value())
    }

    /// The region calls go to: the view's, else the connection's.
    pub fn region(&self) -> Result<Region, NotConnected> {
        if let Some(region) = self.region.get_value() {
            return Ok(region);
        }
        self.settings.with(endpoint_for).map(|e| e.region().clone())
    }

    /// A client like [`Aws::client`]'s for `region` (the connection's when `None`).
    pub fn client_in(&self, region: Option<Region>) -> Result<Rc<AwsClient>, NotConnected> {
        self.shared.readiness.get()?;
        let mut endpoint = self.settings.with(endpoint_for)?;
        if let Some(region) = region {
            endpoint = endpoint_in(endpoint, region);
        }
        let edge = self.shared.edge.get_value();
        let client = Client::new(
            self.transport.get_value(),
            BrowserClock,
            endpoint,
            edge.credentials,
        )
        .sharing_clock_offset(edge.clock_offset_millis);
        Ok(Rc::new(client))
    }
}

pub fn use_aws() -> Aws {
    let shared = expect_context::<AwsShared>();
    let transport = Rc::new(FetchTransport::new(shared.limits()));
    let abort = transport.abort_handle();
    on_cleanup(move || abort.abort());
    Aws {
        transport: StoredValue::new_local(transport),
        shared,
        settings: use_settings(),
        region: StoredValue::new(use_context::<ViewRegion>().map(|view| view.0)),
    }
}
