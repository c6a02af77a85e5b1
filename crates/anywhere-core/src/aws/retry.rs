//! When to try again: a pure policy, so that it is tested without a network or a clock.

use std::time::Duration;

use crate::aws::error::AwsError;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum RetryDecision {
    RetryAfter(Duration),
    Stop(AwsError),
}

/// Capped exponential backoff with full jitter: uniform in `[0, min(max, base * 2^(attempt-1)))`.
/// `random_unit` is in `[0, 1)`.
pub fn backoff(policy: &RetryPolicy, attempt: u32, random_unit: f64) -> Duration {
    let exponent = attempt.saturating_sub(1).min(30);
    let ceiling = policy
        .base_delay
        .saturating_mul(1 << exponent)
        .min(policy.max_delay);
    ceiling.mul_f64(random_unit.clamp(0.0, 1.0))
}

/// What to do after attempt number `attempt` (1-based) of `operation` failed with `error`.
///
/// Throttled requests were not executed, so they are retried for every operation. Network
/// failures and 5xx leave the outcome unknown: retried when the request is `idempotent`,
/// otherwise reported at once as [`AwsError::AmbiguousWrite`]. Everything else is final.
pub fn decide(
    policy: &RetryPolicy,
    attempt: u32,
    error: AwsError,
    operation: &'static str,
    idempotent: bool,
    random_unit: f64,
) -> RetryDecision {
    let outcome_unknown = matches!(error, AwsError::Network { .. } | AwsError::Server { .. });
    if outcome_unknown && !idempotent {
        return RetryDecision::Stop(AwsError::AmbiguousWrite {
            operation,
            cause: Box::new(error),
        });
    }
    let retryable = outcome_unknown || matches!(error, AwsError::Throttling { .. });
    if retryable && attempt < policy.max_attempts {
        RetryDecision::RetryAfter(backoff(policy, attempt, random_unit))
    } else {
        RetryDecision::Stop(error)
    }
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

    fn throttled() -> AwsError {
        AwsError::Throttling {
            message: "Rate exceeded".into(),
        }
    }

    #[test]
    fn backoff_is_capped_exponential_with_full_jitter() {
        let policy = RetryPolicy::default();
        assert_eq!(
            backoff(&policy, 1, 0.999_999),
            Duration::from_millis(200).mul_f64(0.999_999)
        );
        assert_eq!(backoff(&policy, 2, 0.5), Duration::from_millis(200));
        assert_eq!(backoff(&policy, 3, 0.5), Duration::from_millis(400));
        assert_eq!(backoff(&policy, 10, 0.5), Duration::from_millis(2500));
        assert_eq!(backoff(&policy, 60, 1.0), Duration::from_secs(5));
        assert_eq!(backoff(&policy, 3, 0.0), Duration::ZERO);
    }

    #[test]
    fn reads_retry_throttling_server_and_network_until_the_limit() {
        let policy = RetryPolicy::default();
        for error in [throttled(), server(), network()] {
            for attempt in 1..4 {
                assert!(
                    matches!(
                        decide(&policy, attempt, error.clone(), "ListClusters", true, 0.5),
                        RetryDecision::RetryAfter(_)
                    ),
                    "{error:?} {attempt}"
                );
            }
            assert_eq!(
                decide(&policy, 4, error.clone(), "ListClusters", true, 0.5),
                RetryDecision::Stop(error)
            );
        }
    }

    #[test]
    fn non_idempotent_writes_are_never_repeated_after_an_unknown_outcome() {
        let policy = RetryPolicy::default();
        for error in [server(), network()] {
            let decision = decide(&policy, 1, error.clone(), "CreateActivation", false, 0.5);
            assert_eq!(
                decision,
                RetryDecision::Stop(AwsError::AmbiguousWrite {
                    operation: "CreateActivation",
                    cause: Box::new(error)
                })
            );
        }
        assert!(matches!(
            decide(&policy, 1, throttled(), "CreateActivation", false, 0.5),
            RetryDecision::RetryAfter(_)
        ));
    }

    #[test]
    fn final_errors_are_never_retried() {
        let policy = RetryPolicy::default();
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
            assert_eq!(
                decide(&policy, 1, error.clone(), "ListClusters", true, 0.5),
                RetryDecision::Stop(error)
            );
        }
    }
}
