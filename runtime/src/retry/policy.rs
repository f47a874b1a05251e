//! Which failures botocore's "standard" retry mode tries again, and how long it waits first
//! (`botocore/retries/standard.py`).

use std::time::Duration;

use crate::sigv4::is_python_whitespace;
use crate::transport::TransportError;

/// Why a failed attempt may succeed if sent again. It decides what a retry costs from the
/// quota and how long the back-off is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryKind {
    /// The service asked the client to slow down.
    Throttling,
    /// The service or the network had a passing problem.
    Transient,
}

/// Error codes that mean "slow down", from any service (`ThrottledRetryableChecker`).
const THROTTLING_CODES: [&str; 14] = [
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// `TransientRetryableChecker`'s codes and statuses.
const TRANSIENT_CODES: [&str; 3] = [
    "RequestTimeout",
    "RequestTimeoutException",
    "PriorRequestNotComplete",
];
const TRANSIENT_STATUSES: [u16; 4] = [500, 502, 503, 504];

/// Too Many Requests: throttling whatever the code says (`ThrottlingStatusCodeChecker`).
const THROTTLING_STATUS: u16 = 429;

/// The longest back-off, in seconds, whatever the attempt.
const MAX_BACKOFF: f64 = 20.0;

/// A server's `x-amz-retry-after` may stretch the back-off by at most this many seconds.
const MAX_RETRY_AFTER_EXTRA: f64 = 5.0;

/// Whether an error response is worth another attempt, and why.
///
/// botocore also retries errors the model marks `retryable`, and does not count a 429 as
/// throttling when its code is one of the operation's modeled errors; the generated code
/// does not pass the runtime that knowledge yet (no Amplify error is marked `retryable`, and
/// its only modeled 429, `LimitExceededException`, is throttling by code anyway).
pub fn classify_response(status: u16, code: &str) -> Option<RetryKind> {
    if THROTTLING_CODES.contains(&code) || status == THROTTLING_STATUS {
        Some(RetryKind::Throttling)
    } else if TRANSIENT_CODES.contains(&code) || TRANSIENT_STATUSES.contains(&status) {
        Some(RetryKind::Transient)
    } else {
        None
    }
}

/// Whether a request that got no response is worth another attempt: connection failures,
/// timeouts and broken connections are (botocore retries all of its HTTP client's
/// exceptions); a TLS verdict, a malformed response or a request that cannot be encoded will
/// not change by sending again.
pub fn classify_transport_error(error: &TransportError) -> Option<RetryKind> {
    error.is_retryable().then_some(RetryKind::Transient)
}

/// How long to wait after the failed attempt number `attempt` (1 for the first) before the
/// next: `random * min(base * 2^(attempt - 1), 20 s)` with `base` 1 s after throttling and
/// 50 ms otherwise ("full jitter"), raised to the server's `x-amz-retry-after` (milliseconds)
/// when it gives one, but by no more than 5 s. `random` is in `[0, 1)`.
pub fn backoff(kind: RetryKind, attempt: u32, random: f64, retry_after: Option<&str>) -> Duration {
    backoff_with_transient_base(
        kind,
        attempt,
        random,
        retry_after,
        super::DEFAULT_TRANSIENT_BACKOFF_BASE,
    )
}

/// [`backoff`] for a service whose transient failures back off from `transient_base`
/// rather than 50 ms (botocore's `_SERVICE_BACKOFF_CONFIG`: 25 ms for DynamoDB). The base
/// after throttling is 1 s for every service.
pub fn backoff_with_transient_base(
    kind: RetryKind,
    attempt: u32,
    random: f64,
    retry_after: Option<&str>,
    transient_base: Duration,
) -> Duration {
    let base = match kind {
        RetryKind::Throttling => 1.0,
        RetryKind::Transient => transient_base.as_secs_f64(),
    };
    let exponent = i32::try_from(attempt.saturating_sub(1)).unwrap_or(i32::MAX);
    let jittered = random * (base * 2f64.powi(exponent)).min(MAX_BACKOFF);
    let seconds = match retry_after.and_then(parse_retry_after) {
        Some(asked) => jittered.max(asked.min(jittered + MAX_RETRY_AFTER_EXTRA)),
        None => jittered,
    };
    Duration::from_secs_f64(seconds)
}

/// `x-amz-retry-after` in seconds: a whole, non-negative number of milliseconds; anything
/// else is ignored, as botocore ignores it.
fn parse_retry_after(value: &str) -> Option<f64> {
    let digits = value.trim_matches(is_python_whitespace);
    let digits = digits.strip_prefix('+').unwrap_or(digits);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<f64>().ok().map(|ms| ms / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::TransportErrorKind;

    fn seconds(duration: Duration) -> f64 {
        duration.as_secs_f64()
    }

    #[test]
    fn throttling_codes_and_429_are_throttling() {
        for code in THROTTLING_CODES {
            assert_eq!(
                classify_response(400, code),
                Some(RetryKind::Throttling),
                "{code}"
            );
        }
        assert_eq!(
            classify_response(429, "AnythingElse"),
            Some(RetryKind::Throttling)
        );
        // A code that is both transient and throttling counts as throttling.
        assert_eq!(
            classify_response(400, "PriorRequestNotComplete"),
            Some(RetryKind::Throttling)
        );
    }

    #[test]
    fn server_errors_and_timeouts_are_transient() {
        for status in [500, 502, 503, 504] {
            assert_eq!(
                classify_response(status, "InternalFailure"),
                Some(RetryKind::Transient)
            );
        }
        for code in ["RequestTimeout", "RequestTimeoutException"] {
            assert_eq!(classify_response(400, code), Some(RetryKind::Transient));
        }
    }

    #[test]
    fn client_errors_and_other_server_errors_are_final() {
        for (status, code) in [
            (400, "BadRequestException"),
            (401, "UnauthorizedException"),
            (403, "AccessDenied"),
            (404, "NotFoundException"),
            (501, "NotImplemented"),
            (509, "BandwidthExceeded"),
        ] {
            assert_eq!(classify_response(status, code), None, "{status} {code}");
        }
    }

    #[test]
    fn connection_problems_are_transient_but_tls_verdicts_are_not() {
        for kind in [
            TransportErrorKind::Connect,
            TransportErrorKind::Timeout,
            TransportErrorKind::Io,
        ] {
            let error = TransportError::new(kind, "x");
            assert_eq!(
                classify_transport_error(&error),
                Some(RetryKind::Transient),
                "{kind:?}"
            );
        }
        for kind in [
            TransportErrorKind::Tls,
            TransportErrorKind::InvalidResponse,
            TransportErrorKind::InvalidRequest,
            TransportErrorKind::Other,
        ] {
            let error = TransportError::new(kind, "x");
            assert_eq!(classify_transport_error(&error), None, "{kind:?}");
        }
    }

    #[test]
    fn backoff_doubles_from_its_base_with_full_jitter() {
        let transient: Vec<f64> = (1..=5)
            .map(|attempt| seconds(backoff(RetryKind::Transient, attempt, 0.5, None)))
            .collect();
        assert_eq!(transient, [0.025, 0.05, 0.1, 0.2, 0.4]);
        let throttled: Vec<f64> = (1..=4)
            .map(|attempt| seconds(backoff(RetryKind::Throttling, attempt, 1.0, None)))
            .collect();
        assert_eq!(throttled, [1.0, 2.0, 4.0, 8.0]);
        assert_eq!(backoff(RetryKind::Throttling, 3, 0.0, None), Duration::ZERO);
    }

    #[test]
    fn a_service_may_halve_the_transient_base_but_not_the_throttling_one() {
        let base = Duration::from_millis(25);
        let transient: Vec<f64> = (1..=3)
            .map(|attempt| {
                seconds(backoff_with_transient_base(
                    RetryKind::Transient,
                    attempt,
                    0.5,
                    None,
                    base,
                ))
            })
            .collect();
        assert_eq!(transient, [0.0125, 0.025, 0.05]);
        assert_eq!(
            backoff_with_transient_base(RetryKind::Throttling, 2, 0.5, None, base),
            Duration::from_secs(1)
        );
    }

    #[test]
    fn backoff_is_capped_at_twenty_seconds() {
        assert_eq!(seconds(backoff(RetryKind::Throttling, 6, 1.0, None)), 20.0);
        assert_eq!(
            seconds(backoff(RetryKind::Throttling, u32::MAX, 0.5, None)),
            10.0
        );
        assert_eq!(seconds(backoff(RetryKind::Transient, 20, 1.0, None)), 20.0);
    }

    #[test]
    fn retry_after_raises_the_delay_by_at_most_five_seconds() {
        let delay = |header| seconds(backoff(RetryKind::Transient, 1, 0.5, Some(header)));
        assert_eq!(delay("1500"), 1.5);
        assert_eq!(delay(" +2000 "), 2.0);
        // Never below the jittered delay, never more than 5 s above it.
        assert_eq!(delay("10"), 0.025);
        assert_eq!(delay("60000"), 5.025);
        for ignored in ["soon", "-100", "", "1.5", "0x10"] {
            assert_eq!(delay(ignored), 0.025, "{ignored:?}");
        }
    }
}
