use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// A bound on requests in flight: `acquire` waits (without polling) until a slot is free.
pub struct Limiter {
    state: RefCell<State>,
}

struct State {
    free: usize,
    waiting: VecDeque<Waker>,
}

impl Limiter {
    pub fn new(slots: usize) -> Self {
        Limiter {
            state: RefCell::new(State {
                free: slots.max(1),
                waiting: VecDeque::new(),
            }),
        }
    }

    pub fn acquire(self: &Rc<Self>) -> Acquire {
        Acquire {
            limiter: self.clone(),
        }
    }
}

/// A future that resolves to a permit once a slot is free.
pub struct Acquire {
    limiter: Rc<Limiter>,
}

impl Future for Acquire {
    type Output = Permit;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Permit> {
        let mut state = self.limiter.state.borrow_mut();
        if state.free > 0 {
            state.free -= 1;
            Poll::Ready(Permit {
                limiter: self.limiter.clone(),
            })
        } else {
            state.waiting.push_back(cx.waker().clone());
            Poll::Pending
        }
    }
}

/// Holds a slot; dropping it frees the slot and wakes the next waiter.
pub struct Permit {
    limiter: Rc<Limiter>,
}

impl Drop for Permit {
    fn drop(&mut self) {
        let next = {
            let mut state = self.limiter.state.borrow_mut();
            state.free += 1;
            state.waiting.pop_front()
        };
        if let Some(waker) = next {
            waker.wake();
        }
    }
}

/// One [`Limiter`] per endpoint origin: browsers cap connections per host, so the bound is per host
/// too (ECS and SSM are different hosts on AWS, one host on the sandbox).
pub struct EndpointLimits {
    slots: usize,
    by_origin: RefCell<HashMap<String, Rc<Limiter>>>,
}

impl EndpointLimits {
    pub fn new(slots: usize) -> Self {
        EndpointLimits {
            slots,
            by_origin: RefCell::new(HashMap::new()),
        }
    }

    pub fn for_url(&self, url: &str) -> Rc<Limiter> {
        let origin = origin_of(url).to_owned();
        self.by_origin
            .borrow_mut()
            .entry(origin)
            .or_insert_with(|| Rc::new(Limiter::new(self.slots)))
            .clone()
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
