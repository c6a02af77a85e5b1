use std::pin::pin;
use std::rc::Rc;
use std::time::Duration;

use anywhere_core::aws::{HttpRequest, HttpResponse, Transport, TransportError};
use futures_util::future::{Either, select};
use gloo_net::http::{Method, RequestBuilder};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{AbortController, AbortSignal};

use super::EndpointLimits;

/// How long a request may take, from the moment it has a connection slot to the last byte of its
/// answer. ECS and SSM answer in well under a second; a page of 100 hosts with their tags is a
/// few hundred kilobytes, which a slow (1.6 Mbps) link brings in a couple of seconds. A request
/// still silent after 20 s is stuck, and holding it would hold one of the browser's six
/// connections to the endpoint for ever.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

/// `fetch`, bounded per endpoint, given up after [`REQUEST_TIMEOUT`], and aborted with the view
/// that owns it.
pub struct FetchTransport {
    limits: Rc<EndpointLimits>,
    abort: Option<AbortController>,
}

/// Aborts every request of one transport.
pub struct AbortHandle(Option<AbortController>);

impl AbortHandle {
    pub fn abort(&self) {
        if let Some(controller) = &self.0 {
            controller.abort();
        }
    }
}

impl FetchTransport {
    pub fn new(limits: Rc<EndpointLimits>) -> Self {
        // Without an AbortController (very old browsers) requests simply run to completion.
        FetchTransport {
            limits,
            abort: AbortController::new().ok(),
        }
    }

    pub fn abort_handle(&self) -> AbortHandle {
        AbortHandle(self.abort.clone())
    }

    fn aborted(&self) -> bool {
        self.abort.as_ref().is_some_and(|c| c.signal().aborted())
    }

    /// The failure of a request, which is a cancellation if the view went away meanwhile.
    fn failure(&self, detail: String) -> TransportError {
        if self.aborted() {
            TransportError::Cancelled
        } else {
            TransportError::Network(detail)
        }
    }
}

impl Transport for FetchTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        if self.aborted() {
            return Err(TransportError::Cancelled);
        }
        // Dropping this future (a stopped load) while it waits gives up its place in the queue.
        let _slot = self.limits.slot(&request.url).await;
        if self.aborted() {
            return Err(TransportError::Cancelled);
        }
        let abort = RequestAbort::new(self.abort.as_ref());
        let exchange = pin!(exchange(request, abort.signal()));
        let millis = u32::try_from(REQUEST_TIMEOUT.as_millis()).unwrap_or(u32::MAX);
        let timer = pin!(gloo_timers::future::TimeoutFuture::new(millis));
        match select(exchange, timer).await {
            Either::Left((answer, _)) => {
                abort.finished();
                answer.map_err(|detail| self.failure(detail))
            }
            // Dropping `abort` aborts the fetch, which frees its connection.
            Either::Right(((), _)) => Err(TransportError::Timeout(REQUEST_TIMEOUT)),
        }
    }
}

/// Sends the request and reads the whole answer.
async fn exchange(
    request: HttpRequest,
    signal: Option<AbortSignal>,
) -> Result<HttpResponse, String> {
    let method = if request.method.eq_ignore_ascii_case("GET") {
        Method::GET
    } else {
        Method::POST
    };
    let mut builder = RequestBuilder::new(&request.url)
        .method(method)
        .abort_signal(signal.as_ref());
    for (name, value) in request.browser_headers() {
        builder = builder.header(name, value);
    }
    let response = builder
        .body(request.body)
        .map_err(|e| e.to_string())?
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status();
    // Only CORS-exposed headers are readable here (x-amzn-requestid and what else the endpoint
    // exposes), which is what error decoding needs.
    let headers = response.headers().entries().collect();
    // Read as bytes: `text()` would decode to a JavaScript string only for wasm-bindgen to encode
    // it back to UTF-8, two passes over answers that reach megabytes when a fleet loads. Invalid
    // UTF-8 becomes U+FFFD, as `text()` does.
    let bytes = response.binary().await.map_err(|e| e.to_string())?;
    let body = match String::from_utf8(bytes) {
        Ok(body) => body,
        Err(invalid) => String::from_utf8_lossy(invalid.as_bytes()).into_owned(),
    };
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}

/// The AbortController of one request. It follows the view's controller, and it aborts the
/// request when dropped before the answer was read: after a timeout, or when the load that made
/// the request stops and drops it. Either way the browser frees the connection at once.
struct RequestAbort {
    controller: Option<AbortController>,
    view: Option<(AbortSignal, Closure<dyn FnMut()>)>,
    done: bool,
}

impl RequestAbort {
    fn new(view: Option<&AbortController>) -> Self {
        let controller = AbortController::new().ok();
        let view = match (view, &controller) {
            (Some(view), Some(controller)) => {
                let signal = view.signal();
                let request = controller.clone();
                let follow = Closure::<dyn FnMut()>::new(move || request.abort());
                let _ = signal
                    .add_event_listener_with_callback("abort", follow.as_ref().unchecked_ref());
                Some((signal, follow))
            }
            _ => None,
        };
        RequestAbort {
            controller,
            view,
            done: false,
        }
    }

    fn signal(&self) -> Option<AbortSignal> {
        self.controller.as_ref().map(AbortController::signal)
    }

    /// The answer is in: nothing to abort any more.
    fn finished(mut self) {
        self.done = true;
    }
}

impl Drop for RequestAbort {
    fn drop(&mut self) {
        if let Some((signal, follow)) = &self.view {
            let _ = signal
                .remove_event_listener_with_callback("abort", follow.as_ref().unchecked_ref());
        }
        if !self.done
            && let Some(controller) = &self.controller
        {
            controller.abort();
        }
    }
}
