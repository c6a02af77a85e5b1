//! The client loop: build, sign, send, decode, and retry or correct the clock.
//!
//! The transport and the clock are traits so that the browser app, the CLI and the tests each
//! bring their own. Their futures need not be `Send`: the browser runs on one thread.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use crate::aws::credentials::CredentialsSource;
use crate::aws::endpoint::Endpoint;
use crate::aws::error::{AwsError, error_from_response};
use crate::aws::http::{HttpRequest, HttpResponse};
use crate::aws::operation::Operation;
use crate::aws::request::build_request;
use crate::aws::retry::{Attempts, RetryDecision, RetryNotice, RetryPolicy, decide};
use crate::aws::sign::{sign_request, signing_time};

/// Why a request got no HTTP response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransportError {
    /// The request failed on the way (offline, DNS, TLS, CORS): the browser gives no detail.
    Network(String),
    /// No answer came within this time; the request was abandoned (and its connection freed).
    Timeout(Duration),
    /// The caller aborted it (the view went away).
    Cancelled,
}

/// Sends one HTTP request. Any status code is a response, not an error.
#[allow(async_fn_in_trait)]
pub trait Transport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;
}

/// A shared transport (one per view in the app, used by every client the view makes).
impl<T: Transport + ?Sized> Transport for Rc<T> {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        (**self).send(request).await
    }
}

/// Time and randomness, supplied by the host (`Date.now()` and timers in the browser).
#[allow(async_fn_in_trait)]
pub trait Clock {
    /// Milliseconds since the Unix epoch, by the local clock.
    fn now_millis(&self) -> f64;
    async fn sleep(&self, duration: Duration);
    /// Uniform in `[0, 1)`, for backoff jitter.
    fn random_unit(&self) -> f64;
}

/// Calls AWS operations at one endpoint, signing each attempt with whatever its credentials
/// source answers at that moment. Single-threaded.
pub struct Client<T, C> {
    transport: T,
    clock: C,
    endpoint: Endpoint,
    credentials: Rc<dyn CredentialsSource>,
    clock_offset_millis: Rc<Cell<f64>>,
    policy: RetryPolicy,
    retry_observer: RefCell<Option<RetryObserver>>,
}

/// Told about every retry before the client waits for it, so a page can say why it waits.
pub type RetryObserver = Rc<dyn Fn(&RetryNotice)>;

impl<T: Transport, C: Clock> Client<T, C> {
    pub fn new(
        transport: T,
        clock: C,
        endpoint: Endpoint,
        credentials: Rc<dyn CredentialsSource>,
    ) -> Self {
        Client {
            transport,
            clock,
            endpoint,
            credentials,
            clock_offset_millis: Rc::new(Cell::new(0.0)),
            policy: RetryPolicy::default(),
            retry_observer: RefCell::new(None),
        }
    }

    pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// Shares what is learned about AWS's clock with other clients (the app makes one per view),
    /// so a correction made once holds for every later request.
    pub fn sharing_clock_offset(mut self, offset_millis: Rc<Cell<f64>>) -> Self {
        self.clock_offset_millis = offset_millis;
        self
    }

    /// Replaces the observer told about each retry (throttling, server errors, timeouts).
    pub fn observe_retries(&self, observer: Option<RetryObserver>) {
        *self.retry_observer.borrow_mut() = observer;
    }

    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// How far AWS's clock is ahead of the local one, as learned from a time rejection.
    pub fn clock_offset_millis(&self) -> f64 {
        self.clock_offset_millis.get()
    }

    pub fn transport(&self) -> &T {
        &self.transport
    }

    pub fn clock(&self) -> &C {
        &self.clock
    }

    /// Calls operation `O`, retrying per the policy and correcting the clock once if AWS
    /// rejects the request's time.
    ///
    /// Only encoding the input and decoding the answer depend on `O`: the loop itself is
    /// [`Client::send`], one copy for every operation instead of one inlined into each caller
    /// (the retry loop, signing and the transport's future are most of a call's code in wasm).
    pub async fn call<O: Operation>(&self, input: &O::Input) -> Result<O::Output, AwsError> {
        let request = build_request::<O>(&self.endpoint, input)?;
        let call = CallSpec {
            operation: O::NAME,
            signing_name: O::SERVICE.signing_name(),
            signed: O::SIGNED,
            idempotent: O::idempotent(input),
        };
        let body = self.send(call, request).await?;
        O::decode_output(&body)
    }

    /// Sends `request` until it succeeds or the policy stops, and gives the successful answer's
    /// body.
    async fn send(&self, call: CallSpec, request: HttpRequest) -> Result<String, AwsError> {
        let mut attempts = Attempts::default();
        let mut clock_corrected = false;
        loop {
            let signed = self.signed(&call, request.clone()).await?;
            let error = match self.transport.send(signed).await {
                Ok(response) if (200..300).contains(&response.status) => {
                    return Ok(response.body);
                }
                Ok(response) => error_from_response(&response),
                Err(TransportError::Cancelled) => return Err(AwsError::Cancelled),
                Err(TransportError::Network(detail)) => AwsError::Network { detail },
                Err(TransportError::Timeout(after)) => AwsError::Timeout {
                    seconds: after.as_secs(),
                },
            };
            // A time rejection happens before AWS executes anything, so re-signing is safe for
            // every operation; once is enough, a second rejection means the clock keeps drifting.
            if !clock_corrected
                && let Some(offset) = error.corrected_clock_offset_millis(self.clock.now_millis())
            {
                self.clock_offset_millis.set(offset);
                clock_corrected = true;
                continue;
            }
            attempts.made += 1;
            match decide(
                &self.policy,
                attempts,
                error,
                call.operation,
                call.idempotent,
                self.clock.random_unit(),
            ) {
                RetryDecision::RetryAfter(delay, cause) => {
                    let observer = self.retry_observer.borrow().clone();
                    if let Some(observer) = observer {
                        observer(&RetryNotice {
                            operation: call.operation,
                            cause,
                            attempt: attempts.made,
                            delay,
                        });
                    }
                    self.clock.sleep(delay).await;
                    attempts.waited += delay;
                }
                RetryDecision::Stop(error) => return Err(error),
            }
        }
    }

    /// `request` signed for one attempt: the source is asked for credentials every time, so a
    /// retry signs with credentials refreshed in the meantime.
    async fn signed(
        &self,
        call: &CallSpec,
        mut request: HttpRequest,
    ) -> Result<HttpRequest, AwsError> {
        if !call.signed {
            return Ok(request);
        }
        let credentials = self
            .credentials
            .credentials()
            .await
            .map_err(AwsError::Credentials)?;
        let time = signing_time(self.clock.now_millis(), self.clock_offset_millis.get());
        sign_request(
            &mut request,
            &credentials,
            self.endpoint.region().code(),
            call.signing_name,
            time,
        )?;
        Ok(request)
    }
}

/// What the call loop needs to know of an operation.
struct CallSpec {
    operation: &'static str,
    signing_name: &'static str,
    signed: bool,
    idempotent: bool,
}
