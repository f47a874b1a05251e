//! Retries in botocore's "standard" mode: each call gets up to `max_attempts` attempts
//! (3 by default), a failed attempt is retried when [`policy`] says it is throttling or
//! transient and the client's [`RetryQuota`] allows, after a jittered exponential back-off.
//!
//! Every attempt carries `amz-sdk-invocation-id` (one random UUID for the whole call) and
//! `amz-sdk-request` (`attempt=N; max=M`, preceded by `ttl=…` once a response has given the
//! server's time). botocore adds both after signing, so they are not signed here either.

pub mod policy;
pub mod quota;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::customizations::Customizations;
use crate::http::{Headers, HttpResponse};
use crate::random::{self, RandomSource};
use crate::sleep::Sleep;
use crate::time::DateTime;
use crate::transport::TransportError;

pub use policy::RetryKind;
pub use quota::RetryQuota;

/// How many attempts a call gets when nothing says otherwise (botocore's
/// `DEFAULT_MAX_ATTEMPTS`).
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;

/// The base of the back-off after a transient failure when the service has none of its own
/// (botocore's `non_throttling_base_scale`).
pub const DEFAULT_TRANSIENT_BACKOFF_BASE: Duration = Duration::from_millis(50);

/// A client's retry settings and shared state, part of its [`Config`](crate::config::Config).
#[derive(Clone)]
pub(crate) struct Retries {
    pub(crate) max_attempts: u32,
    /// Whether `max_attempts` was set, in code or by the environment: then a service's own
    /// default does not replace it (botocore lets `total_max_attempts` win the same way).
    pub(crate) max_attempts_set: bool,
    pub(crate) transient_backoff_base: Duration,
    /// Codes retried as transient for this service only (see [`Customizations`]).
    pub(crate) extra_transient_codes: &'static [&'static str],
    pub(crate) quota: Arc<RetryQuota>,
    pub(crate) sleep: Arc<dyn Sleep>,
    pub(crate) random: Arc<dyn RandomSource>,
    /// The transport's read timeout, which the `ttl` of `amz-sdk-request` adds to the
    /// server's time.
    pub(crate) read_timeout: Duration,
}

impl Retries {
    /// These settings for a service with `customizations`. The quota stays shared.
    pub(crate) fn customized(&self, customizations: &Customizations) -> Retries {
        let mut retries = self.clone();
        if let (false, Some(attempts)) =
            (self.max_attempts_set, customizations.max_attempts_default())
        {
            // A call has at least one attempt, whatever a generator asks for.
            retries.max_attempts = attempts.max(1);
        }
        if let Some(base) = customizations.backoff_base() {
            retries.transient_backoff_base = base;
        }
        retries.extra_transient_codes = customizations.extra_transient_codes();
        retries
    }
}

impl fmt::Debug for Retries {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Retries")
            .field("max_attempts", &self.max_attempts)
            .field("quota_available", &self.quota.available())
            .finish_non_exhaustive()
    }
}

/// What a call does after a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Next {
    /// Send again after this delay.
    Retry(Duration),
    /// A long-polling operation whose retry the quota refused: wait the delay the retry would
    /// have had, then give up.
    WaitThenGiveUp(Duration),
    GiveUp,
}

/// The attempts of one call.
pub(crate) struct Attempts<'a> {
    retries: &'a Retries,
    invocation_id: String,
    /// The attempt about to be sent or just sent, from 1.
    attempt: u32,
    /// When the last response said the server's time: that time plus the read timeout,
    /// after which the server may drop the request (botocore's `_set_ttl`).
    ttl: Option<String>,
    /// What this call's last retry took from the quota, given back if the call succeeds.
    acquired: Option<u32>,
    /// Whether the operation long-polls (`Operation::LONG_POLLING`).
    long_polling: bool,
}

impl<'a> Attempts<'a> {
    pub(crate) fn start(retries: &'a Retries, long_polling: bool) -> Self {
        Self {
            retries,
            invocation_id: random::uuid_v4(&*retries.random),
            attempt: 1,
            ttl: None,
            acquired: None,
            long_polling,
        }
    }

    /// Adds the headers that tell the service which attempt of which call this is.
    pub(crate) fn add_headers(&self, headers: &mut Headers) {
        headers.insert("amz-sdk-invocation-id", self.invocation_id.as_str());
        // Pieces pushed one by one: this runs on every attempt of every call.
        let mut request = String::with_capacity(64);
        if let Some(ttl) = &self.ttl {
            request.push_str("ttl=");
            request.push_str(ttl);
            request.push_str("; ");
        }
        request.push_str("attempt=");
        request.push_str(itoa(self.attempt).as_str());
        request.push_str("; max=");
        request.push_str(itoa(self.retries.max_attempts).as_str());
        headers.insert("amz-sdk-request", request);
    }

    /// Takes off what [`add_headers`](Self::add_headers) put on, before the request is
    /// signed again.
    pub(crate) fn remove_headers(&self, headers: &mut Headers) {
        headers.remove("amz-sdk-invocation-id");
        headers.remove("amz-sdk-request");
    }

    /// After an error response with error code `code` (empty for a success), or a response
    /// whose body failed its checksum (`damaged`): whether and when to try again.
    ///
    /// The standard classification decides first, so a throttling error stays throttling
    /// (and cheaper to retry) even when its body was damaged too; the service's own codes
    /// and a damaged body make an otherwise final response transient, as botocore's
    /// `OrRetryChecker` of the standard checks and its special cases does.
    pub(crate) fn retry_response(
        &mut self,
        response: &HttpResponse,
        code: &str,
        damaged: bool,
    ) -> Next {
        if let Some(date) = response.headers.get("Date") {
            self.note_server_time(date);
        }
        let kind = policy::classify_response(response.status, code).or_else(|| {
            (damaged || self.retries.extra_transient_codes.contains(&code))
                .then_some(RetryKind::Transient)
        });
        self.retry(kind, response.headers.get("x-amz-retry-after"))
    }

    /// After a request that got no response: whether and when to try again.
    pub(crate) fn retry_transport_error(&mut self, error: &TransportError) -> Next {
        self.retry(policy::classify_transport_error(error), None)
    }

    /// The call succeeded: the quota gets back what its retries took.
    pub(crate) fn succeeded(&self) {
        self.retries.quota.release(self.acquired);
    }

    fn retry(&mut self, kind: Option<RetryKind>, retry_after: Option<&str>) -> Next {
        let Some(kind) = kind else {
            return Next::GiveUp;
        };
        if self.attempt >= self.retries.max_attempts {
            return Next::GiveUp;
        }
        let acquired = self.retries.quota.acquire(kind);
        if acquired.is_none() && !self.long_polling {
            return Next::GiveUp;
        }
        let random = random::unit_interval(&*self.retries.random);
        let delay = policy::backoff_with_transient_base(
            kind,
            self.attempt,
            random,
            retry_after,
            self.retries.transient_backoff_base,
        );
        if acquired.is_none() {
            return Next::WaitThenGiveUp(delay);
        }
        self.acquired = acquired;
        self.attempt += 1;
        Next::Retry(delay)
    }

    /// botocore estimates the server's clock as local time plus the skew the `Date` header
    /// shows, measured as the response is handled, which comes to the header's time.
    fn note_server_time(&mut self, date: &str) {
        if let Ok(date) = DateTime::parse_http_date(date) {
            let timeout = self.retries.read_timeout;
            let ttl = DateTime::from_secs_and_nanos(
                date.secs()
                    .saturating_add(i64::try_from(timeout.as_secs()).unwrap_or(i64::MAX)),
                timeout.subsec_nanos(),
            );
            self.ttl = Some(ttl.fmt_amz_date());
        }
    }
}

/// A small count as decimal digits, without the formatting machinery.
fn itoa(value: u32) -> Digits {
    let mut digits = Digits {
        bytes: [0; 10],
        start: 10,
    };
    let mut value = value;
    loop {
        digits.start -= 1;
        digits.bytes[digits.start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            return digits;
        }
    }
}

struct Digits {
    bytes: [u8; 10],
    start: usize,
}

impl Digits {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[self.start..]).expect("decimal digits are ASCII")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sleep::InstantSleep;
    use crate::transport::TransportErrorKind;

    #[derive(Debug)]
    struct Half;

    impl RandomSource for Half {
        fn fill(&self, bytes: &mut [u8]) {
            bytes.fill(0);
            bytes[0] = 0x80;
        }
    }

    fn retries(max_attempts: u32) -> Retries {
        Retries {
            max_attempts,
            max_attempts_set: true,
            transient_backoff_base: DEFAULT_TRANSIENT_BACKOFF_BASE,
            extra_transient_codes: &[],
            quota: Arc::new(RetryQuota::new()),
            sleep: Arc::new(InstantSleep::new()),
            random: Arc::new(Half),
            read_timeout: Duration::from_secs(60),
        }
    }

    fn request_header(attempts: &Attempts<'_>) -> String {
        let mut headers = Headers::new();
        attempts.add_headers(&mut headers);
        headers.get("amz-sdk-request").unwrap().to_owned()
    }

    #[test]
    fn headers_count_attempts_under_one_invocation_id() {
        let retries = retries(3);
        let mut attempts = Attempts::start(&retries, false);
        let mut headers = Headers::new();
        attempts.add_headers(&mut headers);
        assert_eq!(
            headers.get("amz-sdk-invocation-id"),
            Some("80000000-0000-4000-8000-000000000000")
        );
        assert_eq!(headers.get("amz-sdk-request"), Some("attempt=1; max=3"));

        let delay = attempts.retry_response(&HttpResponse::new(503, ""), "503", false);
        assert_eq!(delay, Next::Retry(Duration::from_millis(25)));
        attempts.add_headers(&mut headers);
        assert_eq!(headers.get("amz-sdk-request"), Some("attempt=2; max=3"));
        assert_eq!(
            headers.get("amz-sdk-invocation-id"),
            Some("80000000-0000-4000-8000-000000000000")
        );
        assert_eq!(headers.len(), 2, "replaced, not appended");
    }

    #[test]
    fn the_last_attempt_is_not_retried() {
        let retries = retries(2);
        let mut attempts = Attempts::start(&retries, false);
        let error = TransportError::new(TransportErrorKind::Io, "reset");
        assert!(matches!(
            attempts.retry_transport_error(&error),
            Next::Retry(_)
        ));
        assert_eq!(attempts.retry_transport_error(&error), Next::GiveUp);
        assert_eq!(request_header(&attempts), "attempt=2; max=2");
        assert_eq!(
            retries.quota.available(),
            486,
            "only one retry was paid for"
        );
    }

    #[test]
    fn final_errors_take_nothing_from_the_quota() {
        let retries = retries(3);
        let mut attempts = Attempts::start(&retries, false);
        assert_eq!(
            attempts.retry_response(&HttpResponse::new(400, ""), "BadRequestException", false),
            Next::GiveUp
        );
        assert_eq!(retries.quota.available(), INITIAL);
    }

    #[test]
    fn success_gives_back_the_last_retry_cost() {
        let retries = retries(3);
        let mut attempts = Attempts::start(&retries, false);
        attempts.retry_response(&HttpResponse::new(400, ""), "Throttling", false);
        assert_eq!(retries.quota.available(), INITIAL - 5);
        attempts.succeeded();
        assert_eq!(retries.quota.available(), INITIAL);
    }

    #[test]
    fn date_header_sets_a_ttl_of_server_time_plus_read_timeout() {
        let retries = retries(3);
        let mut attempts = Attempts::start(&retries, false);
        let response =
            HttpResponse::new(503, "").with_header("Date", "Fri, 02 Jan 2026 03:04:05 GMT");
        attempts.retry_response(&response, "503", false);
        assert_eq!(
            request_header(&attempts),
            "ttl=20260102T030505Z; attempt=2; max=3"
        );
        // A later attempt without a response keeps the last ttl, as botocore does.
        let error = TransportError::new(TransportErrorKind::Io, "reset");
        attempts.retry_transport_error(&error);
        assert_eq!(
            request_header(&attempts),
            "ttl=20260102T030505Z; attempt=3; max=3"
        );
    }

    #[test]
    fn an_unreadable_date_sets_no_ttl() {
        let retries = retries(3);
        let mut attempts = Attempts::start(&retries, false);
        let response = HttpResponse::new(503, "").with_header("Date", "yesterday");
        attempts.retry_response(&response, "503", false);
        assert_eq!(request_header(&attempts), "attempt=2; max=3");
    }

    #[test]
    fn a_service_default_applies_only_when_attempts_were_not_set() {
        let dynamodb = Customizations::new()
            .default_max_attempts(4)
            .transient_backoff_base(Duration::from_millis(25));
        let mut unset = retries(3);
        unset.max_attempts_set = false;
        let customized = unset.customized(&dynamodb);
        assert_eq!(customized.max_attempts, 4);
        assert_eq!(customized.transient_backoff_base, Duration::from_millis(25));
        assert!(
            Arc::ptr_eq(&customized.quota, &unset.quota),
            "the quota stays shared"
        );
        assert_eq!(retries(3).customized(&dynamodb).max_attempts, 3);
        let plain = unset.customized(&Customizations::NONE);
        assert_eq!(plain.max_attempts, 3);
        assert_eq!(plain.transient_backoff_base, DEFAULT_TRANSIENT_BACKOFF_BASE);
        assert_eq!(
            unset
                .customized(&Customizations::new().default_max_attempts(0))
                .max_attempts,
            1
        );
    }

    #[test]
    fn damaged_bodies_and_the_services_codes_are_transient() {
        let mut retries = retries(4);
        retries.extra_transient_codes = &["IDPCommunicationError"];
        let mut attempts = Attempts::start(&retries, false);
        let error = HttpResponse::new(400, "");
        assert_eq!(
            attempts.retry_response(&error, "IDPCommunicationError", false),
            Next::Retry(Duration::from_millis(25))
        );
        assert_eq!(
            attempts.retry_response(&HttpResponse::new(200, ""), "", true),
            Next::Retry(Duration::from_millis(50))
        );
        assert_eq!(
            retries.quota.available(),
            INITIAL - 28,
            "two transient retries"
        );
        // Damage does not make a throttling error transient: it keeps the 1 s base.
        assert_eq!(
            attempts.retry_response(&error, "Throttling", true),
            Next::Retry(Duration::from_secs(2))
        );
        assert_eq!(
            attempts.retry_response(&error, "IDPCommunicationError", true),
            Next::GiveUp
        );
        let mut attempts = Attempts::start(&retries, false);
        assert_eq!(
            attempts.retry_response(&error, "OtherError", false),
            Next::GiveUp
        );
    }

    #[test]
    fn long_polling_waits_out_the_backoff_when_the_quota_is_empty() {
        let retries = retries(3);
        // Drain the quota: each transient retry costs 5 after a timeout, 14 otherwise.
        while retries.quota.acquire(RetryKind::Transient).is_some() {}
        let error = HttpResponse::new(503, "");
        let mut polling = Attempts::start(&retries, true);
        assert_eq!(
            polling.retry_response(&error, "503", false),
            Next::WaitThenGiveUp(Duration::from_millis(25))
        );
        assert_eq!(
            request_header(&polling),
            "attempt=1; max=3",
            "no attempt was added"
        );
        let mut other = Attempts::start(&retries, false);
        assert_eq!(other.retry_response(&error, "503", false), Next::GiveUp);
        // With the attempts used up, a long-polling call gives up at once, as botocore does.
        let retries = self::retries(1);
        let mut last = Attempts::start(&retries, true);
        assert_eq!(last.retry_response(&error, "503", false), Next::GiveUp);
    }

    const INITIAL: u32 = quota::INITIAL_CAPACITY;
}
