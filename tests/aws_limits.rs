//! The per-endpoint request bound, polled by hand: waiters that go away never strand the ones
//! behind them (the hand-written limiter it replaces could).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll, Wake, Waker};

use anywhere_console::aws::EndpointLimits;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const ECS: &str = "https://ecs.eu-west-1.amazonaws.com/";
const SSM: &str = "https://ssm.eu-west-1.amazonaws.com/";

/// Counts its wake-ups.
#[derive(Default)]
struct Wakes(AtomicUsize);

impl Wake for Wakes {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

struct Waiter<'a> {
    future: Pin<Box<dyn Future<Output = async_lock::SemaphoreGuardArc> + 'a>>,
    wakes: Arc<Wakes>,
}

impl<'a> Waiter<'a> {
    fn new(limits: &'a EndpointLimits, url: &'a str) -> Self {
        Waiter {
            future: Box::pin(limits.slot(url)),
            wakes: Arc::default(),
        }
    }

    fn poll(&mut self) -> Option<async_lock::SemaphoreGuardArc> {
        let waker = Waker::from(self.wakes.clone());
        match self.future.as_mut().poll(&mut Context::from_waker(&waker)) {
            Poll::Ready(slot) => Some(slot),
            Poll::Pending => None,
        }
    }

    fn woken(&self) -> bool {
        self.wakes.0.load(Ordering::SeqCst) > 0
    }
}

#[wasm_bindgen_test]
fn a_waiter_dropped_in_the_queue_does_not_strand_the_next() {
    let limits = EndpointLimits::new(1);
    let held = Waiter::new(&limits, ECS).poll().expect("a free slot");
    let mut second = Waiter::new(&limits, ECS);
    let mut third = Waiter::new(&limits, ECS);
    assert!(second.poll().is_none() && third.poll().is_none());
    drop(second);
    drop(held);
    assert!(
        third.woken(),
        "the freed slot wakes the waiter still queued"
    );
    assert!(third.poll().is_some());
}

#[wasm_bindgen_test]
fn a_slot_handed_to_a_waiter_that_goes_away_passes_on() {
    let limits = EndpointLimits::new(1);
    let held = Waiter::new(&limits, ECS).poll().expect("a free slot");
    let mut second = Waiter::new(&limits, ECS);
    let mut third = Waiter::new(&limits, ECS);
    assert!(second.poll().is_none() && third.poll().is_none());
    drop(held);
    assert!(second.woken());
    // Its view went away before it could take the slot it was woken for.
    drop(second);
    assert!(third.woken(), "the slot passes on to the next waiter");
    assert!(third.poll().is_some());
}

#[wasm_bindgen_test]
fn each_origin_has_its_own_slots() {
    let limits = EndpointLimits::new(1);
    let _ecs = Waiter::new(&limits, ECS).poll().expect("a free ECS slot");
    assert!(Waiter::new(&limits, ECS).poll().is_none());
    assert!(Waiter::new(&limits, SSM).poll().is_some());
}
