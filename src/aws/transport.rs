use std::rc::Rc;

use anywhere_core::aws::{HttpRequest, HttpResponse, Transport, TransportError};
use gloo_net::http::{Method, RequestBuilder};
use web_sys::AbortController;

use super::EndpointLimits;

/// `fetch`, bounded per endpoint and aborted with the view that owns it.
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
}

impl Transport for FetchTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        if self.aborted() {
            return Err(TransportError::Cancelled);
        }
        let _permit = self.limits.for_url(&request.url).acquire().await;
        if self.aborted() {
            return Err(TransportError::Cancelled);
        }
        let method = if request.method.eq_ignore_ascii_case("GET") {
            Method::GET
        } else {
            Method::POST
        };
        let signal = self.abort.as_ref().map(|c| c.signal());
        let mut builder = RequestBuilder::new(&request.url)
            .method(method)
            .abort_signal(signal.as_ref());
        for (name, value) in request.browser_headers() {
            builder = builder.header(name, value);
        }
        let sent = builder
            .body(request.body)
            .map_err(|e| TransportError::Network(e.to_string()))?
            .send()
            .await;
        let response = match sent {
            Ok(response) => response,
            Err(_) if self.aborted() => return Err(TransportError::Cancelled),
            Err(e) => return Err(TransportError::Network(e.to_string())),
        };
        let status = response.status();
        // Only CORS-exposed headers are readable here: x-amzn-requestid, date (the sandbox and
        // AWS expose those), which is what error decoding and clock correction need.
        let headers = response.headers().entries().collect();
        let body = match response.text().await {
            Ok(body) => body,
            Err(_) if self.aborted() => return Err(TransportError::Cancelled),
            Err(e) => return Err(TransportError::Network(e.to_string())),
        };
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
}
