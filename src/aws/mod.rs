//! The browser edge of the AWS client: fetch, the clock, and one client per view.
//!
//! Pages call `use_aws()` and then `client.call::<Op>(&input)`. Building and signing the request,
//! decoding, retries and clock correction live in `anywhere_core::aws`; this module only moves
//! bytes and time, and cancels a view's requests when the view goes away.

mod clock;
mod limiter;
mod transport;

use std::cell::Cell;
use std::rc::Rc;

use anywhere_core::aws::{Client, Connection, Credentials, Endpoint};
use anywhere_core::region::Region;
use leptos::prelude::*;

pub use clock::BrowserClock;
pub use limiter::EndpointLimits;
pub use transport::FetchTransport;

use crate::app::use_connection;
use crate::connection::{ConnectionSettings, EndpointChoice};

/// The client every page uses.
pub type AwsClient = Client<FetchTransport, BrowserClock>;

/// Requests in flight at once per endpoint, for all views together. Browsers allow only six
/// connections per host over HTTP/1.1; staying at that keeps one slow view from starving the others.
const MAX_IN_FLIGHT: usize = 6;

/// State shared by all views' clients: the in-flight bound and what was learned about AWS's clock.
/// Held in local (single-thread) storage, since context values must be `Send`.
#[derive(Clone, Copy)]
pub struct AwsShared(StoredValue<(Rc<EndpointLimits>, Rc<Cell<f64>>), LocalStorage>);

impl AwsShared {
    pub fn new() -> Self {
        AwsShared(StoredValue::new_local((
            Rc::new(EndpointLimits::new(MAX_IN_FLIGHT)),
            Rc::new(Cell::new(0.0)),
        )))
    }
}

impl Default for AwsShared {
    fn default() -> Self {
        Self::new()
    }
}

/// Why the settings cannot make a connection yet; shown in place of a request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotConnected {
    #[error("No credentials yet: enter an access key in Settings.")]
    NoCredentials,
    #[error("{0}: choose a region in Settings.")]
    BadRegion(String),
    #[error("The endpoint URL is empty: enter one in Settings or choose AWS.")]
    NoEndpoint,
}

/// The core's connection for these settings.
pub fn connection_for(settings: &ConnectionSettings) -> Result<Connection, NotConnected> {
    if !settings.has_credentials() {
        return Err(NotConnected::NoCredentials);
    }
    let region =
        Region::new(&settings.region).map_err(|e| NotConnected::BadRegion(e.to_string()))?;
    let endpoint = match &settings.endpoint {
        EndpointChoice::Aws => Endpoint::Aws(region),
        EndpointChoice::Sandbox(url) | EndpointChoice::Custom(url) if url.trim().is_empty() => {
            return Err(NotConnected::NoEndpoint);
        }
        EndpointChoice::Sandbox(url) | EndpointChoice::Custom(url) => Endpoint::Custom {
            url: url.trim().to_owned(),
            region,
        },
    };
    let token = settings.session_token.trim();
    let credentials = Credentials::new(
        settings.access_key_id.trim(),
        &settings.secret_access_key,
        (!token.is_empty()).then_some(token),
    );
    Ok(Connection {
        endpoint,
        credentials,
    })
}

/// A view's handle on AWS: a client that follows Settings and whose requests are aborted when the
/// view is cleaned up. Cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct Aws {
    client: StoredValue<Rc<AwsClient>, LocalStorage>,
    settings: RwSignal<ConnectionSettings>,
}

impl Aws {
    /// The client for the current settings, or why there is none. Reading it inside a reactive
    /// closure re-runs that closure when Settings change.
    pub fn client(&self) -> Result<Rc<AwsClient>, NotConnected> {
        let connection = self.settings.with(connection_for)?;
        let client = self.client.get_value();
        client.set_connection(connection);
        Ok(client)
    }
}

pub fn use_aws() -> Aws {
    let (limiter, clock_offset_millis) = expect_context::<AwsShared>().0.get_value();
    let transport = FetchTransport::new(limiter);
    let abort = transport.abort_handle();
    on_cleanup(move || abort.abort());
    let placeholder = Connection {
        endpoint: Endpoint::Aws(Region::new("us-east-1").expect("a listed region")),
        credentials: Credentials::new("", "", None),
    };
    let client = Rc::new(
        Client::new(transport, BrowserClock, placeholder).sharing_clock_offset(clock_offset_millis),
    );
    Aws {
        client: StoredValue::new_local(client),
        settings: use_connection().0,
    }
}
