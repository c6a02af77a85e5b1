use std::time::Duration;

use anywhere_core::aws::Clock;

/// Time from `Date.now()` (the standard library's clock panics on wasm32-unknown-unknown),
/// timers from the browser, and jitter from `Math.random()`.
#[derive(Clone, Default)]
pub struct BrowserClock;

impl Clock for BrowserClock {
    fn now_millis(&self) -> f64 {
        js_sys::Date::now()
    }

    async fn sleep(&self, duration: Duration) {
        let millis = u32::try_from(duration.as_millis()).unwrap_or(u32::MAX);
        gloo_timers::future::TimeoutFuture::new(millis).await;
    }

    fn random_unit(&self) -> f64 {
        js_sys::Math::random()
    }
}
