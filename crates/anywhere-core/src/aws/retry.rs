//! When to try again: a pure policy, so that it is tested without a network or a clock.
//!
//! It follows the AWS SDKs' *standard* retry mode (AWS SDKs and Tools reference guide, "Retry
//! behavior"): the same errors are retried (throttling, 5xx, connections that fail or time out),
//! with capped exponential backoff and full jitter (`random × min(base × 2^(n-1), 20 s)`), the
//! 2026 defaults of a 1 s base after throttling and 50 ms after other transient errors, and at
//! most 3 attempts for transient errors.
//!
//! It departs from standard mode in one place, on purpose: a throttled request was not executed,
//! and the person watching a fleet load would rather wait than see a partial table, so throttling
//! is retried until the call has spent [`RetryPolicy::throttling_patience`] waiting (a minute),
//! with the wait shown on the page. Standard mode's retry quota is not kept: it stops a fleet of
//! clients from retrying a struggling service into the ground, while this is one person's tab
//! with at most six requests in flight per endpoint, whose transient retries are capped anyway.
//!
//! Adaptive mode is not followed: its client-side rate limiter assumes one client per throttled
//! resource and may delay first attempts (the guide recommends it only for single-resource,
//! latency-tolerant workloads); ECS and SSM throttle per account and action, shared with every
//! other caller, and the fleet loader already bounds its requests in flight.

use std::time::Duration;

use crate::aws::error::AwsError;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included, after transient errors (5xx, network, timeout).
    pub max_attempts: u32,
    /// Attempts in all after throttling: a bound in case the jitter keeps drawing zero.
    pub max_throttled_attempts: u32,
    pub transient_base: Duration,
    pub throttling_base: Duration,
    pub max_delay: Duration,
    /// How long one call may spend waiting between throttled attempts before it gives up.
    pub throttling_patience: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            max_throttled_attempts: 20,
            transient_base: Duration::from_millis(50),
            throttling_base: Duration::from_secs(1),
            max_delay: Duration::from_secs(20),
            throttling_patience: Duration::from_secs(60),
        }
    }
}

/// Why a call is being tried again; the page says it while the call waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryCause {
    Throttling,
    ServerError,
    Network,
    Timeout,
}

impl RetryCause {
    fn of(error: &AwsError) -> Option<RetryCause> {
        match error {
            AwsError::Throttling { .. } => Some(RetryCause::Throttling),
            AwsError::Server { .. } => Some(RetryCause::ServerError),
            AwsError::Network { .. } => Some(RetryCause::Network),
            AwsError::Timeout { .. } => Some(RetryCause::Timeout),
            _ => None,
        }
    }

    /// What is happening, as the start of a sentence ("… retrying in 4 s").
    pub fn describe(self) -> &'static str {
        match self {
            RetryCause::Throttling => "AWS is throttling",
            RetryCause::ServerError => "AWS answered with a server error",
            RetryCause::Network => "The connection to AWS failed",
            RetryCause::Timeout => "AWS did not answer in time",
        }
    }
}

/// A call about to wait before trying again: handed to the client's retry observer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryNotice {
    pub operation: &'static str,
    pub cause: RetryCause,
    /// The attempt that just failed (1-based).
    pub attempt: u32,
    pub delay: Duration,
}

/// What one call has been through so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Attempts {
    /// Attempts made, the failed one included.
    pub made: u32,
    /// Time spent waiting between them.
    pub waited: Duration,
}

#[derive(Clone, Debug, PartialEq)]
pub enum RetryDecision {
    RetryAfter(Duration, RetryCause),
    Stop(AwsError),
}

/// Capped exponential backoff with full jitter: uniform in `[0, min(max, base × 2^(attempt-1)))`.
/// `random_unit` is in `[0, 1)`.
pub fn backoff(base: Duration, max: Duration, attempt: u32, random_unit: f64) -> Duration {
    let exponent = attempt.saturating_sub(1).min(30);
    let ceiling = base.saturating_mul(1 << exponent).min(max);
    ceiling.mul_f64(random_unit.clamp(0.0, 1.0))
}

/// What to do after the failed attempt `attempts.made` of `operation` ended in `error`.
///
/// Throttled requests were not executed, so they are retried for every operation, while the
/// patience lasts. Network failures, timeouts and 5xx leave the outcome unknown: retried when
/// the request is `idempotent`, otherwise reported at once as [`AwsError::AmbiguousWrite`].
/// Everything else is final.
pub fn decide(
    policy: &RetryPolicy,
    attempts: Attempts,
    error: AwsError,
    operation: &'static str,
    idempotent: bool,
    random_unit: f64,
) -> RetryDecision {
    let Some(cause) = RetryCause::of(&error) else {
        return RetryDecision::Stop(error);
    };
    if cause == RetryCause::Throttling {
        let left = policy.throttling_patience.saturating_sub(attempts.waited);
        if left.is_zero() || attempts.made >= policy.max_throttled_attempts {
            return RetryDecision::Stop(error);
        }
        let delay = backoff(
            policy.throttling_base,
            policy.max_delay,
            attempts.made,
            random_unit,
        );
        return RetryDecision::RetryAfter(delay.min(left), cause);
    }
    if !idempotent {
        return RetryDecision::Stop(AwsError::AmbiguousWrite {
            operation,
            cause: Box::new(error),
        });
    }
    if attempts.made >= policy.max_attempts {
        return RetryDecision::Stop(error);
    }
    let delay = backoff(
        policy.transient_base,
        policy.max_delay,
        attempts.made,
        random_unit,
    );
    RetryDecision::RetryAfter(delay, cause)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::error::AuthFailure;

    fn network() -> AwsError {
        AwsError::Network {
            detail: "Failed to fetch".into(),
        }
    }

    fn server() -> AwsError {
        AwsError::Server {
            status: 503,
            code: None,
            message: String::new(),
        }
    }

    fn timeout() -> AwsError {
        AwsError::Timeout { seconds: 20 }
    }

    fn throttled() -> AwsError {
        AwsError::Throttling {
            message: "Rate exceeded".into(),
        }
    }

    fn after(made: u32, waited_ms: u64) -> Attempts {
        Attempts {
            made,
            waited: Duration::from_millis(waited_ms),
        }
    }

    /// The decision for a read (idempotent) under the default policy, at jitter 0.5.
    fn read(made: u32, waited_ms: u64, error: AwsError) -> RetryDecision {
        let policy = RetryPolicy::default();
        decide(
            &policy,
            after(made, waited_ms),
            error,
            "ListClusters",
            true,
            0.5,
        )
    }

    #[test]
    fn backoff_is_capped_exponential_with_full_jitter() {
        let base = Duration::from_secs(1);
        let max = Duration::from_secs(20);
        assert_eq!(
            backoff(base, max, 1, 0.999_999),
            Duration::from_secs(1).mul_f64(0.999_999)
        );
        assert_eq!(backoff(base, max, 2, 0.5), Duration::from_secs(1));
        assert_eq!(backoff(base, max, 3, 0.5), Duration::from_secs(2));
        assert_eq!(backoff(base, max, 10, 0.5), Duration::from_secs(10));
        assert_eq!(backoff(base, max, 60, 1.0), max);
        assert_eq!(backoff(base, max, 3, 0.0), Duration::ZERO);
    }

    #[test]
    fn transient_errors_of_reads_get_three_attempts_from_a_short_base() {
        for (error, cause) in [
            (server(), RetryCause::ServerError),
            (network(), RetryCause::Network),
            (timeout(), RetryCause::Timeout),
        ] {
            assert_eq!(
                read(1, 0, error.clone()),
                RetryDecision::RetryAfter(Duration::from_millis(25), cause)
            );
            assert_eq!(
                read(2, 25, error.clone()),
                RetryDecision::RetryAfter(Duration::from_millis(50), cause)
            );
            assert_eq!(read(3, 75, error.clone()), RetryDecision::Stop(error));
        }
    }

    #[test]
    fn throttling_is_retried_until_a_minute_of_waiting_is_spent() {
        let policy = RetryPolicy::default();
        let mut attempts = Attempts::default();
        let mut delays = Vec::new();
        loop {
            attempts.made += 1;
            match decide(
                &policy,
                attempts,
                throttled(),
                "CreateActivation",
                false,
                0.5,
            ) {
                RetryDecision::RetryAfter(delay, RetryCause::Throttling) => {
                    delays.push(delay.as_millis());
                    attempts.waited += delay;
                }
                RetryDecision::Stop(error) => {
                    assert_eq!(error, throttled());
                    break;
                }
                other => panic!("{other:?}"),
            }
        }
        // Half of 1, 2, 4, 8, 16, 20 (the cap), 20… seconds, the last one cut to the minute.
        assert_eq!(
            delays,
            [
                500, 1000, 2000, 4000, 8000, 10000, 10000, 10000, 10000, 4500
            ]
        );
        assert_eq!(attempts.waited, policy.throttling_patience);
        assert_eq!(attempts.made, 11);
    }

    #[test]
    fn throttling_with_zero_jitter_still_ends() {
        let policy = RetryPolicy::default();
        let mut attempts = Attempts::default();
        loop {
            attempts.made += 1;
            if let RetryDecision::Stop(_) =
                decide(&policy, attempts, throttled(), "ListClusters", true, 0.0)
            {
                break;
            }
        }
        assert_eq!(attempts.made, policy.max_throttled_attempts);
    }

    #[test]
    fn non_idempotent_writes_are_never_repeated_after_an_unknown_outcome() {
        let policy = RetryPolicy::default();
        for error in [server(), network(), timeout()] {
            let decision = decide(
                &policy,
                after(1, 0),
                error.clone(),
                "CreateActivation",
                false,
                0.5,
            );
            assert_eq!(
                decision,
                RetryDecision::Stop(AwsError::AmbiguousWrite {
                    operation: "CreateActivation",
                    cause: Box::new(error)
                })
            );
        }
    }

    #[test]
    fn final_errors_are_never_retried() {
        let finals = [
            AwsError::Authentication {
                reason: AuthFailure::SignatureMismatch,
                message: String::new(),
            },
            AwsError::AccessDenied {
                action: None,
                message: String::new(),
            },
            AwsError::Validation {
                code: "ValidationException".into(),
                message: String::new(),
            },
            AwsError::NotFound {
                code: "ClusterNotFoundException".into(),
                message: String::new(),
            },
            AwsError::ClockSkew {
                message: String::new(),
                server_time_millis: None,
            },
            AwsError::Decode {
                detail: String::new(),
            },
            AwsError::Cancelled,
        ];
        for error in finals {
            assert_eq!(read(1, 0, error.clone()), RetryDecision::Stop(error));
        }
    }
}
