//! What the tests that drive the client against a fake AWS share: a clock that never waits, the
//! client they build with it, and a fake's count of the requests it holds at once. Each test
//! binary compiles its own copy and uses part of it.
#![allow(dead_code)]

use std::cell::Cell;
use std::future::poll_fn;
use std::rc::Rc;
use std::task::Poll;
use std::time::Duration;

use anywhere_core::aws::client::{Client, Clock, Transport};
use anywhere_core::aws::{Credentials, Endpoint, StaticCredentials};
use anywhere_core::region::Region;

/// 2026-01-01T00:00:00Z, the time every fixed-clock test runs at.
pub const NOW_MILLIS: f64 = 1_767_225_600_000.0;

/// A fixed time, sleeps that return at once (a retry's wait costs the test nothing), and the
/// middle of every jitter range.
pub struct FixedClock;

impl Clock for FixedClock {
    fn now_millis(&self) -> f64 {
        NOW_MILLIS
    }

    async fn sleep(&self, _duration: Duration) {}

    fn random_unit(&self) -> f64 {
        0.5
    }
}

/// Test keys, which a fake AWS takes without checking.
pub fn test_keys() -> Rc<StaticCredentials> {
    Rc::new(StaticCredentials(Credentials::new(
        "AKIAEXAMPLE",
        "secret",
        None,
    )))
}

/// A client of `transport` for AWS in `region`, signing with [`test_keys`].
pub fn client_in<T: Transport>(transport: T, region: &str) -> Client<T, FixedClock> {
    Client::new(
        transport,
        FixedClock,
        Endpoint::Aws(Region::new(region).expect("a test region")),
        test_keys(),
    )
}

/// The requests a fake AWS holds at once, and the most it held. Each request stays pending for
/// some polls, so that requests made together overlap as they would on a network.
#[derive(Default)]
pub struct InFlight {
    now: Cell<usize>,
    most: Cell<usize>,
}

impl InFlight {
    /// Holds one request for `polls` polls.
    pub async fn hold(&self, polls: usize) {
        self.now.set(self.now.get() + 1);
        self.most.set(self.most.get().max(self.now.get()));
        let mut left = polls;
        poll_fn(|cx| {
            if left == 0 {
                Poll::Ready(())
            } else {
                left -= 1;
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        })
        .await;
        self.now.set(self.now.get() - 1);
    }

    pub fn most(&self) -> usize {
        self.most.get()
    }
}
