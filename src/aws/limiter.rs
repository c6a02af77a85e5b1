use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use async_lock::{Semaphore, SemaphoreGuardArc};

/// Holds one request slot of an endpoint; dropping it frees the slot for the next waiter.
pub type Slot = SemaphoreGuardArc;

/// One bound on requests in flight per endpoint origin: browsers cap connections per host, so the
/// bound is per host too (ECS and SSM are different hosts on AWS, one host on the sandbox).
///
/// The slots are an async-lock semaphore, which is cancellation-safe: a waiter dropped before its
/// turn (a view that went away, a load that stopped) leaves the queue, and a slot it was just
/// handed passes on to the next waiter, so no request is left parked behind a free slot.
pub struct EndpointLimits {
    slots: usize,
    by_origin: RefCell<HashMap<String, Arc<Semaphore>>>,
}

impl EndpointLimits {
    pub fn new(slots: usize) -> Self {
        EndpointLimits {
            slots: slots.max(1),
            by_origin: RefCell::new(HashMap::new()),
        }
    }

    /// Waits for a slot of `url`'s origin.
    pub async fn slot(&self, url: &str) -> Slot {
        let origin = origin_of(url).to_owned();
        let semaphore = self
            .by_origin
            .borrow_mut()
            .entry(origin)
            .or_insert_with(|| Arc::new(Semaphore::new(self.slots)))
            .clone();
        semaphore.acquire_arc().await
    }
}

/// `scheme://host[:port]` of a URL, or the whole string when it has no path.
fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(slash) => &url[..after_scheme + slash],
        None => url,
    }
}
