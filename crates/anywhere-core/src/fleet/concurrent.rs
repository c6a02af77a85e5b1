//! Running a few futures at once on one thread, without an async runtime crate: the browser has a
//! single thread and the loader keeps only a handful of requests in flight, so polling every
//! pending future on each wake-up costs nothing worth a dependency.

use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::task::Poll;

/// Futures that run together; [`FutureSet::next`] yields outputs in completion order. Dropping
/// the set drops (cancels) the futures still pending.
pub(crate) struct FutureSet<'a, T> {
    futures: Vec<Pin<Box<dyn Future<Output = T> + 'a>>>,
}

impl<'a, T> FutureSet<'a, T> {
    pub(crate) fn new() -> Self {
        FutureSet {
            futures: Vec::new(),
        }
    }

    pub(crate) fn push(&mut self, future: impl Future<Output = T> + 'a) {
        self.futures.push(Box::pin(future));
    }

    /// The output of whichever future finishes next; `None` once the set is empty.
    pub(crate) async fn next(&mut self) -> Option<T> {
        if self.futures.is_empty() {
            return None;
        }
        poll_fn(|cx| {
            for index in 0..self.futures.len() {
                if let Poll::Ready(output) = self.futures[index].as_mut().poll(cx) {
                    drop(self.futures.swap_remove(index));
                    return Poll::Ready(Some(output));
                }
            }
            Poll::Pending
        })
        .await
    }
}

/// Runs the futures together and returns their outputs in the order given.
pub(crate) async fn join_all<'a, T: 'a>(
    futures: impl IntoIterator<Item = impl Future<Output = T> + 'a>,
) -> Vec<T> {
    let mut set = FutureSet::new();
    let mut count = 0;
    for (index, future) in futures.into_iter().enumerate() {
        set.push(async move { (index, future.await) });
        count += 1;
    }
    let mut slots: Vec<Option<T>> = (0..count).map(|_| None).collect();
    while let Some((index, output)) = set.next().await {
        slots[index] = Some(output);
    }
    slots.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::task::Context;

    /// Pending for `rounds` polls, logging each poll, then ready.
    async fn after(
        rounds: usize,
        name: &'static str,
        log: &RefCell<Vec<&'static str>>,
    ) -> &'static str {
        let mut left = rounds;
        poll_fn(|cx: &mut Context<'_>| {
            log.borrow_mut().push(name);
            if left == 0 {
                Poll::Ready(name)
            } else {
                left -= 1;
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        })
        .await
    }

    #[test]
    fn outputs_in_given_order_while_running_together() {
        let log = RefCell::new(Vec::new());
        let outputs = pollster::block_on(join_all([
            after(2, "slow", &log),
            after(0, "fast", &log),
            after(1, "middle", &log),
        ]));
        assert_eq!(outputs, vec!["slow", "fast", "middle"]);
        // The slow one was polled before the fast one finished: they overlapped.
        let log = log.into_inner();
        assert_eq!(&log[..2], &["slow", "fast"]);
    }

    #[test]
    fn the_set_yields_in_completion_order() {
        let log = RefCell::new(Vec::new());
        let mut set = FutureSet::new();
        set.push(after(3, "a", &log));
        set.push(after(1, "b", &log));
        let order = pollster::block_on(async {
            let mut order = Vec::new();
            while let Some(name) = set.next().await {
                order.push(name);
            }
            order
        });
        assert_eq!(order, vec!["b", "a"]);
        assert!(pollster::block_on(join_all(Vec::<std::future::Ready<u8>>::new())).is_empty());
    }
}
