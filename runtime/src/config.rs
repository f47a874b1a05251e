//! Client configuration: region, credentials, endpoint, transport and clock, retries and
//! timeouts; set in code or loaded from the environment ([`ConfigBuilder::from_env`]).

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::checksum::ChecksumWhen;
use crate::credentials::Credentials;
use crate::endpoint::{AccountIdEndpointMode, BuiltIns, ConfiguredEndpoints, S3Settings};
use crate::env::{self, Environment, ProcessEnvironment, Searched};
use crate::error::ConfigError;
use crate::http::Url;
use crate::random::{RandomSource, SystemRandom};
use crate::retry::{DEFAULT_MAX_ATTEMPTS, DEFAULT_TRANSIENT_BACKOFF_BASE, Retries, RetryQuota};
use crate::sleep::{Sleep, TokioSleep};
use crate::time::DateTime;
use crate::transport::{DEFAULT_MAX_RESPONSE_SIZE, HttpTransport, Proxies, Transport};

/// botocore's default for both the connect and the read timeout.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Where "now" comes from when a request is signed. Tests freeze it; production uses the
/// system clock.
pub type Clock = Arc<dyn Fn() -> DateTime + Send + Sync>;

/// Makes the idempotency token of a request whose input leaves it unset.
pub type IdempotencyTokens = Arc<dyn Fn() -> String + Send + Sync>;

/// Settings shared by every client. Cheap to clone.
#[derive(Clone)]
pub struct Config {
    pub(crate) region: String,
    pub(crate) credentials: Credentials,
    pub(crate) endpoint_url: Option<Url>,
    /// `endpoint_url` exactly as the user wrote it, which the endpoint rules take as their
    /// `Endpoint` parameter (`parseURL` of it must see what botocore sees).
    pub(crate) endpoint_url_text: Option<String>,
    /// Endpoint URLs the environment set, of which a client takes its service's when
    /// `endpoint_url` is not set.
    pub(crate) configured_endpoints: ConfiguredEndpoints,
    pub(crate) use_fips: bool,
    pub(crate) use_dual_stack: bool,
    pub(crate) account_id_endpoint_mode: AccountIdEndpointMode,
    pub(crate) s3: S3Settings,
    pub(crate) request_checksum_calculation: ChecksumWhen,
    pub(crate) response_checksum_validation: ChecksumWhen,
    pub(crate) transport: Arc<dyn Transport>,
    pub(crate) clock: Clock,
    pub(crate) idempotency_tokens: IdempotencyTokens,
    /// Bodies of operations that allow compression are gzipped from this size on; `None`
    /// turns compression off.
    pub(crate) min_compression_size: Option<usize>,
    pub(crate) retries: Retries,
    /// The whole of a call, every attempt and the waits between them, must end within this.
    pub(crate) call_timeout: Option<Duration>,
    /// The longest error body read from a streamed operation's response (the default
    /// transport applies it to every response it reads whole, too).
    pub(crate) max_response_size: u64,
    pub(crate) strict_validation: bool,
    /// Where settings that botocore reads on every call come from (today the Lambda
    /// variables of the recursion-detection header). Never shown by `Debug`: a test's map
    /// may hold keys.
    pub(crate) environment: Arc<dyn Environment + Send + Sync>,
}

impl Config {
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// The configuration the environment gives (see [`ConfigBuilder::from_env`]).
    pub fn from_env() -> Result<Config, ConfigError> {
        ConfigBuilder::from_env()?.build()
    }

    pub fn region(&self) -> &str {
        &self.region
    }

    pub fn endpoint_url(&self) -> Option<&Url> {
        self.endpoint_url.as_ref()
    }

    /// How many attempts a call gets, the first included. A service with a default of its
    /// own (DynamoDB's is 4) uses that instead when this was not set, in code or by the
    /// environment.
    pub fn max_attempts(&self) -> u32 {
        self.retries.max_attempts
    }

    /// The retry quota shared by the clients made from this configuration.
    pub fn retry_quota(&self) -> &RetryQuota {
        &self.retries.quota
    }

    /// Whether inputs are also checked against maximums, patterns and enum values.
    pub fn strict_validation(&self) -> bool {
        self.strict_validation
    }

    pub fn use_fips(&self) -> bool {
        self.use_fips
    }

    pub fn use_dual_stack(&self) -> bool {
        self.use_dual_stack
    }

    /// This configuration for a client of the service whose id is `service_id`: with the
    /// endpoint the environment configured for it, unless one was set in code.
    pub(crate) fn for_service(mut self, service_id: &str) -> Self {
        if self.endpoint_url.is_some() {
            return self;
        }
        if let Some(text) = self.configured_endpoints.for_service(service_id) {
            // Every configured URL parsed when the configuration was built.
            if let Ok(url) = Url::parse(text) {
                self.endpoint_url_text = Some(text.to_owned());
                self.endpoint_url = Some(url);
            }
        }
        self
    }

    /// The endpoint rules' parameters this configuration decides.
    pub fn built_ins(&self) -> BuiltIns<'_> {
        BuiltIns {
            region: &self.region,
            use_fips: self.use_fips,
            use_dual_stack: self.use_dual_stack,
            endpoint: self.endpoint_url_text.as_deref(),
            account_id_endpoint_mode: self.account_id_endpoint_mode,
            s3: self.s3,
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .field("endpoint_url", &self.endpoint_url)
            .field("use_fips", &self.use_fips)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("account_id_endpoint_mode", &self.account_id_endpoint_mode)
            .field("s3", &self.s3)
            .field(
                "request_checksum_calculation",
                &self.request_checksum_calculation,
            )
            .field(
                "response_checksum_validation",
                &self.response_checksum_validation,
            )
            .field("transport", &self.transport)
            .field("retries", &self.retries)
            .field("call_timeout", &self.call_timeout)
            .field("max_response_size", &self.max_response_size)
            .field("strict_validation", &self.strict_validation)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Config`]; region and credentials are required.
#[derive(Default)]
pub struct ConfigBuilder {
    region: Option<String>,
    credentials: Option<Credentials>,
    endpoint_url: Option<String>,
    configured_endpoints: ConfiguredEndpoints,
    use_fips: bool,
    use_dual_stack: bool,
    account_id_endpoint_mode: AccountIdEndpointMode,
    s3: S3Settings,
    request_checksum_calculation: ChecksumWhen,
    response_checksum_validation: ChecksumWhen,
    transport: Option<Arc<dyn Transport>>,
    clock: Option<Clock>,
    idempotency_tokens: Option<IdempotencyTokens>,
    min_compression_size: Option<usize>,
    disable_compression: bool,
    max_attempts: Option<u32>,
    connect_timeout: Option<Duration>,
    read_timeout: Option<Duration>,
    /// A PEM file of certificate authorities to trust besides the Mozilla roots, and what
    /// named it (for error messages).
    ca_bundle: Option<(PathBuf, String)>,
    /// Set in code; otherwise the environment's variables decide.
    proxies: Option<Proxies>,
    call_timeout: Option<Duration>,
    max_response_size: Option<u64>,
    sleep: Option<Arc<dyn Sleep>>,
    random: Option<Arc<dyn RandomSource>>,
    environment: Option<Arc<dyn Environment + Send + Sync>>,
    /// Set by `from_env`, to say where a missing region or credentials were looked for.
    searched: Option<Searched>,
    strict_validation: bool,
}

impl ConfigBuilder {
    /// A builder holding what this process's environment says: region, credentials, retry,
    /// checksum and endpoint settings (FIPS, dual-stack, S3's `s3` block) from environment
    /// variables and the shared `~/.aws/config` and
    /// `~/.aws/credentials` files, found as botocore finds them (the order is in the
    /// [`env`](mod@crate::env) module). Setters called afterwards override what was loaded.
    ///
    /// A malformed file, a named profile that does not exist or credentials from a source
    /// this runtime does not support are errors here; a region or credentials that are
    /// simply not found are reported by [`build`](Self::build), saying where they were
    /// looked for.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_environment(&ProcessEnvironment, None)
    }

    /// Like [`from_env`](Self::from_env), but with the profile named here rather than by
    /// `AWS_PROFILE`; as in botocore, access keys in environment variables are then ignored.
    pub fn from_profile(profile: &str) -> Result<Self, ConfigError> {
        Self::from_environment(&ProcessEnvironment, Some(profile))
    }

    /// Like [`from_env`](Self::from_env), reading from `environment`; for tests.
    pub fn from_environment(
        environment: &dyn Environment,
        profile: Option<&str>,
    ) -> Result<Self, ConfigError> {
        let loaded = env::load(environment, profile)?;
        Ok(Self {
            region: loaded.region,
            credentials: loaded.credentials,
            max_attempts: loaded.max_attempts,
            account_id_endpoint_mode: loaded.account_id_endpoint_mode.unwrap_or_default(),
            request_checksum_calculation: loaded.request_checksum_calculation.unwrap_or_default(),
            response_checksum_validation: loaded.response_checksum_validation.unwrap_or_default(),
            use_fips: loaded.use_fips.unwrap_or_default(),
            use_dual_stack: loaded.use_dual_stack.unwrap_or_default(),
            s3: loaded.s3,
            configured_endpoints: loaded.configured_endpoints,
            ca_bundle: loaded.ca_bundle,
            searched: Some(loaded.searched),
            ..Self::default()
        })
    }

    /// The AWS region, e.g. `us-east-1`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Sends every request to this URL (scheme, host, port and an optional base path)
    /// instead of the service's regional endpoint. It is the endpoint rules' `Endpoint`
    /// parameter: most services' rules refuse it together with FIPS or dual-stack. Without
    /// it, a client takes the URL the environment configures for its service, if any (see
    /// [`env`](mod@crate::env)).
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Uses the service's FIPS 140-validated endpoint (the endpoint rules' `UseFIPS`); calls
    /// fail with the rules' message where the partition has none. Off by default.
    pub fn use_fips(mut self, use_fips: bool) -> Self {
        self.use_fips = use_fips;
        self
    }

    /// Uses the service's dual-stack (IPv4 and IPv6) endpoint (the endpoint rules'
    /// `UseDualStack`). Off by default.
    pub fn use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.use_dual_stack = use_dual_stack;
        self
    }

    /// Whether requests go to endpoints named after the caller's account (the endpoint
    /// rules' `AccountIdEndpointMode`); [`AccountIdEndpointMode::Preferred`] by default, as
    /// in botocore.
    pub fn account_id_endpoint_mode(mut self, mode: AccountIdEndpointMode) -> Self {
        self.account_id_endpoint_mode = mode;
        self
    }

    /// How S3 and S3 Control requests are addressed: path-style or virtual-hosted
    /// buckets, Transfer Acceleration, dual-stack endpoints, ARN regions, the global
    /// `us-east-1` endpoint; the default is botocore's (see [`S3Settings`]), or what
    /// [`from_env`](Self::from_env) found. The settings are replaced whole. Other services
    /// ignore them.
    pub fn s3(mut self, s3: S3Settings) -> Self {
        self.s3 = s3;
        self
    }

    /// When request bodies get a checksum (`x-amz-checksum-crc32` unless the call names
    /// another algorithm): for every operation that supports one
    /// ([`ChecksumWhen::WhenSupported`], the default, as in botocore), or only where the
    /// operation requires one.
    pub fn request_checksum_calculation(mut self, when: ChecksumWhen) -> Self {
        self.request_checksum_calculation = when;
        self
    }

    /// When response bodies are checked against the checksum the service sends: for every
    /// operation that offers it ([`ChecksumWhen::WhenSupported`], the default, which asks
    /// S3's `GetObject` for one), or only when the call asks.
    pub fn response_checksum_validation(mut self, when: ChecksumWhen) -> Self {
        self.response_checksum_validation = when;
        self
    }

    /// The HTTP transport; the default is [`HttpTransport`].
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// The clock used to sign requests; the default is the system clock.
    pub fn clock(mut self, clock: impl Fn() -> DateTime + Send + Sync + 'static) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// Where the idempotency tokens of requests that leave them unset come from; the
    /// default is a random (version 4) UUID per request, as botocore makes them.
    pub fn idempotency_tokens(
        mut self,
        tokens: impl Fn() -> String + Send + Sync + 'static,
    ) -> Self {
        self.idempotency_tokens = Some(Arc::new(tokens));
        self
    }

    /// The smallest body compressed for operations that allow request compression
    /// (botocore's `request_min_compression_size_bytes`, 10240 by default).
    pub fn request_min_compression_size(mut self, bytes: usize) -> Self {
        self.min_compression_size = Some(bytes);
        self
    }

    /// Never compresses request bodies (botocore's `disable_request_compression`).
    pub fn disable_request_compression(mut self, disable: bool) -> Self {
        self.disable_compression = disable;
        self
    }

    /// How many attempts a call gets, the first included; 1 turns retries off. The default
    /// is 3, as in botocore's standard retry mode.
    pub fn max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = Some(max_attempts);
        self
    }

    /// Time allowed to connect (and finish the TLS handshake); 60 s by default. Applies to
    /// the default transport: a transport given to [`transport`](Self::transport) has its
    /// own.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Time allowed for each read (or write) to make progress; 60 s by default. Applies to
    /// the default transport, like [`connect_timeout`](Self::connect_timeout).
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = Some(timeout);
        self
    }

    /// Trusts the certificate authorities in the PEM file at `path` besides the Mozilla
    /// roots (botocore's `ca_bundle`: a corporate TLS proxy's CA, a private endpoint's);
    /// [`from_env`](Self::from_env) takes it from `AWS_CA_BUNDLE` or the profile's
    /// `ca_bundle`. Read when the configuration is built. Applies to the default transport,
    /// like [`connect_timeout`](Self::connect_timeout).
    pub fn ca_bundle(mut self, path: impl Into<PathBuf>) -> Self {
        self.ca_bundle = Some((path.into(), "ca_bundle".to_owned()));
        self
    }

    /// The proxies requests go through. Unset, they come from `https_proxy` /
    /// `HTTPS_PROXY`, `http_proxy` / `HTTP_PROXY` and `no_proxy` / `NO_PROXY` (the
    /// lower-case name first, as Python reads them) of the
    /// [`environment`](Self::environment); [`Proxies::none`] turns them off. Applies to the
    /// default transport, like [`connect_timeout`](Self::connect_timeout).
    pub fn proxies(mut self, proxies: Proxies) -> Self {
        self.proxies = Some(proxies);
        self
    }

    /// Time allowed for the whole of each call: every attempt and the waits between them.
    /// Unset by default, as in botocore, where only the connect and read timeouts bound a
    /// call. A call that runs out fails with a [`Timeout`](crate::transport::TransportErrorKind::Timeout)
    /// transport error and is not retried. For an operation whose output is streamed, the
    /// time runs until the response head arrives; reading the body is the caller's.
    pub fn call_timeout(mut self, timeout: Duration) -> Self {
        self.call_timeout = Some(timeout);
        self
    }

    /// The longest response body read whole: 64 MiB by default
    /// ([`DEFAULT_MAX_RESPONSE_SIZE`]). Streamed outputs (S3's `GetObject`) are not read
    /// whole and have no limit; their error responses do. The default transport applies it
    /// to every other response; a transport given to [`transport`](Self::transport) applies
    /// its own.
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.max_response_size = Some(bytes);
        self
    }

    /// How the client waits between attempts; the default is tokio's timer. Tests give an
    /// [`InstantSleep`](crate::sleep::InstantSleep) to see the delays without waiting.
    pub fn sleep(mut self, sleep: impl Sleep + 'static) -> Self {
        self.sleep = Some(Arc::new(sleep));
        self
    }

    /// Where the retry jitter and invocation ids come from; the default is the operating
    /// system's generator. For tests that need them predictable.
    pub fn random(mut self, random: impl RandomSource + 'static) -> Self {
        self.random = Some(Arc::new(random));
        self
    }

    /// Where the variables read on every call come from: `AWS_LAMBDA_FUNCTION_NAME` and
    /// `_X_AMZN_TRACE_ID`, which decide the recursion-detection header (see
    /// [`recursion_detection_trace_id`](crate::customizations::recursion_detection_trace_id)).
    /// The default is this process's environment; tests give a map.
    ///
    /// [`from_environment`](Self::from_environment) reads its environment once, while
    /// building; this one is kept and read for each call, because Lambda changes the trace
    /// id for every invocation.
    pub fn environment(mut self, environment: impl Environment + Send + Sync + 'static) -> Self {
        self.environment = Some(Arc::new(environment));
        self
    }

    /// Also refuses, before sending, inputs that break the model's maximum lengths and
    /// values, patterns or enum values. botocore (and so the default here) checks only
    /// types, required members and minimums, and leaves the rest to the service; strict
    /// validation catches those mistakes without a round trip, at the cost of refusing a
    /// value the service might have come to accept since the model was published.
    pub fn strict_validation(mut self, strict: bool) -> Self {
        self.strict_validation = strict;
        self
    }

    pub fn build(self) -> Result<Config, ConfigError> {
        let searched = self.searched.unwrap_or_default();
        let region = self
            .region
            .ok_or_else(|| missing("no region is set", &searched.region))?;
        if !is_valid_region(&region) {
            return Err(ConfigError::new(format!(
                "`{region}` is not a valid region name: it must be a DNS label \
                 (letters, digits and hyphens, 1 to 63 characters)"
            )));
        }
        let credentials = self
            .credentials
            .ok_or_else(|| missing("no credentials are set", &searched.credentials))?;
        let endpoint_url = self
            .endpoint_url
            .as_deref()
            .map(|url| Url::parse(url).map_err(|error| ConfigError::new(error.to_string())))
            .transpose()?;
        // Checked now, whichever service a client will take: a bad one is the
        // configuration's error, not a client's.
        for configured in self.configured_endpoints.all() {
            Url::parse(&configured.url).map_err(|error| {
                ConfigError::new(format!(
                    "{} is not a usable endpoint: {error}",
                    configured.origin
                ))
            })?;
        }
        let max_attempts = self.max_attempts.unwrap_or(DEFAULT_MAX_ATTEMPTS);
        if max_attempts == 0 {
            return Err(ConfigError::new(
                "max_attempts is 0, but a call needs at least 1 attempt",
            ));
        }
        for (name, timeout) in [
            ("connect_timeout", self.connect_timeout),
            ("read_timeout", self.read_timeout),
            ("call_timeout", self.call_timeout),
        ] {
            if timeout == Some(Duration::ZERO) {
                return Err(ConfigError::new(format!(
                    "{name} is zero, so every request would time out"
                )));
            }
        }
        let max_response_size = self.max_response_size.unwrap_or(DEFAULT_MAX_RESPONSE_SIZE);
        let environment: Arc<dyn Environment + Send + Sync> = self
            .environment
            .unwrap_or_else(|| Arc::new(ProcessEnvironment));
        let transport = match self.transport {
            Some(transport) => {
                if self.connect_timeout.is_some() || self.read_timeout.is_some() {
                    return Err(ConfigError::new(
                        "connect_timeout and read_timeout apply to the default transport; \
                         set the timeouts on the transport given to `transport` instead",
                    ));
                }
                if let Some((_, origin)) = &self.ca_bundle {
                    return Err(ConfigError::new(format!(
                        "{origin} applies to the default transport; give the CA bundle to \
                         the transport given to `transport` instead"
                    )));
                }
                if self.proxies.is_some() {
                    return Err(ConfigError::new(
                        "proxies apply to the default transport; give them to the transport \
                         given to `transport` instead",
                    ));
                }
                transport
            }
            None => {
                let proxies = match self.proxies {
                    Some(proxies) => proxies,
                    None => proxies_from(&*environment)?,
                };
                let mut transport = HttpTransport::builder()
                    .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_TIMEOUT))
                    .read_timeout(self.read_timeout.unwrap_or(DEFAULT_TIMEOUT))
                    .max_response_size(max_response_size)
                    .proxies(proxies);
                if let Some((path, origin)) = &self.ca_bundle {
                    let pem = std::fs::read(path).map_err(|error| {
                        ConfigError::new(format!(
                            "the CA bundle {} (from {origin}) could not be read: {error}",
                            path.display()
                        ))
                    })?;
                    transport = transport.ca_bundle(&pem).map_err(|why| {
                        ConfigError::new(format!(
                            "the CA bundle {} (from {origin}) cannot be used: {why}",
                            path.display()
                        ))
                    })?;
                }
                Arc::new(transport.build())
            }
        };
        let random: Arc<dyn RandomSource> =
            self.random.unwrap_or_else(|| Arc::new(SystemRandom::new()));
        Ok(Config {
            region,
            credentials,
            endpoint_url,
            endpoint_url_text: self.endpoint_url,
            configured_endpoints: self.configured_endpoints,
            use_fips: self.use_fips,
            use_dual_stack: self.use_dual_stack,
            account_id_endpoint_mode: self.account_id_endpoint_mode,
            s3: self.s3,
            request_checksum_calculation: self.request_checksum_calculation,
            response_checksum_validation: self.response_checksum_validation,
            transport,
            clock: self.clock.unwrap_or_else(|| Arc::new(DateTime::now)),
            idempotency_tokens: self.idempotency_tokens.unwrap_or_else(|| {
                let random = random.clone();
                Arc::new(move || crate::random::uuid_v4(&*random))
            }),
            min_compression_size: (!self.disable_compression)
                .then(|| self.min_compression_size.unwrap_or(10_240)),
            retries: Retries {
                max_attempts,
                max_attempts_set: self.max_attempts.is_some(),
                transient_backoff_base: DEFAULT_TRANSIENT_BACKOFF_BASE,
                extra_transient_codes: &[],
                quota: Arc::new(RetryQuota::new()),
                sleep: self.sleep.unwrap_or_else(|| Arc::new(TokioSleep)),
                random,
                read_timeout: self.read_timeout.unwrap_or(DEFAULT_TIMEOUT),
            },
            call_timeout: self.call_timeout,
            max_response_size,
            strict_validation: self.strict_validation,
            environment,
        })
    }
}

/// The proxies the environment's variables name, the lower-case name before the upper-case
/// one (Python's `getproxies`); an empty value is none.
fn proxies_from(environment: &dyn Environment) -> Result<Proxies, ConfigError> {
    let var = |name: &str| {
        [name.to_ascii_lowercase(), name.to_owned()]
            .into_iter()
            .find_map(|name| Some((environment.var(&name)?, name)))
            .filter(|(value, _)| !value.is_empty())
    };
    let mut proxies = Proxies::none();
    if let Some((url, name)) = var("HTTPS_PROXY") {
        proxies = proxies
            .https(&url)
            .map_err(|why| ConfigError::new(format!("{name}: {why}")))?;
    }
    if let Some((url, name)) = var("HTTP_PROXY") {
        proxies = proxies
            .http(&url)
            .map_err(|why| ConfigError::new(format!("{name}: {why}")))?;
    }
    if let Some((list, _)) = var("NO_PROXY") {
        proxies = proxies.no_proxy(&list);
    }
    Ok(proxies)
}

/// A required setting that is absent, with where `from_env` looked for it, if it did.
fn missing(what: &str, looked: &str) -> ConfigError {
    if looked.is_empty() {
        ConfigError::new(what)
    } else {
        ConfigError::new(format!("{what} ({looked})"))
    }
}

/// The region becomes part of the endpoint's host name, so it must be one DNS label, as
/// botocore checks before building a URL from it.
fn is_valid_region(region: &str) -> bool {
    let bytes = region.as_bytes();
    (1..=63).contains(&bytes.len())
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        && bytes.first() != Some(&b'-')
        && bytes.last() != Some(&b'-')
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn credentials() -> Credentials {
        Credentials::new("AKID", "SECRET", None)
    }

    #[test]
    fn missing_region_is_named() {
        let error = Config::builder()
            .credentials(credentials())
            .build()
            .unwrap_err();
        assert_eq!(error.message, "no region is set");
    }

    #[test]
    fn region_that_is_not_a_host_label_is_refused() {
        for region in ["", "us-east-1/", "-us", "us east"] {
            let error = Config::builder()
                .region(region)
                .credentials(credentials())
                .build()
                .unwrap_err();
            assert!(error.message.contains("not a valid region"), "{region}");
        }
    }

    #[test]
    fn from_environment_fills_the_builder_and_setters_override_it() {
        let env = HashMap::from([
            ("HOME".to_owned(), "/nonexistent-awsgen-home".to_owned()),
            ("AWS_ACCESS_KEY_ID".to_owned(), "AKIDENV".to_owned()),
            ("AWS_SECRET_ACCESS_KEY".to_owned(), "secret".to_owned()),
            ("AWS_DEFAULT_REGION".to_owned(), "eu-west-1".to_owned()),
            ("AWS_MAX_ATTEMPTS".to_owned(), "5".to_owned()),
            (
                "AWS_ACCOUNT_ID_ENDPOINT_MODE".to_owned(),
                "disabled".to_owned(),
            ),
        ]);
        let config = ConfigBuilder::from_environment(&env, None)
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(config.region(), "eu-west-1");
        assert_eq!(config.credentials.access_key_id(), "AKIDENV");
        assert_eq!(config.max_attempts(), 5);
        assert_eq!(
            config.built_ins().account_id_endpoint_mode,
            AccountIdEndpointMode::Disabled
        );

        let config = ConfigBuilder::from_environment(&env, None)
            .unwrap()
            .region("us-east-2")
            .max_attempts(1)
            .endpoint_url("http://localhost:4566")
            .build()
            .unwrap();
        assert_eq!(config.region(), "us-east-2");
        assert_eq!(config.max_attempts(), 1);
        assert_eq!(config.endpoint_url().unwrap().port, Some(4566));
    }

    #[test]
    fn missing_settings_after_from_environment_say_where_they_were_looked_for() {
        let env = HashMap::from([("HOME".to_owned(), "/nonexistent-awsgen-home".to_owned())]);
        let error = ConfigBuilder::from_environment(&env, None)
            .unwrap()
            .build()
            .unwrap_err();
        assert!(
            error.message.starts_with(
                "no region is set (looked for AWS_REGION, AWS_DEFAULT_REGION and `region` in \
                 profile `default` of "
            ),
            "{}",
            error.message
        );
        let error = ConfigBuilder::from_environment(&env, None)
            .unwrap()
            .region("us-east-1")
            .build()
            .unwrap_err();
        assert!(
            error
                .message
                .starts_with("no credentials are set (looked for AWS_ACCESS_KEY_ID"),
            "{}",
            error.message
        );
    }

    #[test]
    fn retries_and_timeouts_default_to_botocore_and_refuse_nonsense() {
        let config = Config::builder()
            .region("us-east-1")
            .credentials(credentials())
            .build()
            .unwrap();
        assert_eq!(config.max_attempts(), 3);
        assert_eq!(config.retries.read_timeout, Duration::from_secs(60));
        assert_eq!(config.retry_quota().available(), 500);

        let builder = || {
            Config::builder()
                .region("us-east-1")
                .credentials(credentials())
        };
        let error = builder().max_attempts(0).build().unwrap_err();
        assert_eq!(
            error.message,
            "max_attempts is 0, but a call needs at least 1 attempt"
        );
        let error = builder().read_timeout(Duration::ZERO).build().unwrap_err();
        assert_eq!(
            error.message,
            "read_timeout is zero, so every request would time out"
        );
        let error = builder()
            .connect_timeout(Duration::from_secs(5))
            .transport(crate::transport::MemoryTransport::new())
            .build()
            .unwrap_err();
        assert!(error.message.contains("apply to the default transport"));
        let config = builder()
            .connect_timeout(Duration::from_secs(5))
            .read_timeout(Duration::from_secs(7))
            .build()
            .unwrap();
        assert_eq!(config.retries.read_timeout, Duration::from_secs(7));
    }

    #[test]
    fn debug_does_not_show_the_secret() {
        let config = Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new(
                "AKID",
                "SECRET-VALUE",
                Some("TOKEN-VALUE".into()),
            ))
            // A test's environment map may hold keys too.
            .environment(HashMap::from([(
                "AWS_SECRET_ACCESS_KEY".to_owned(),
                "ENV-SECRET-VALUE".to_owned(),
            )]))
            .build()
            .unwrap();
        let debug = format!("{config:?}");
        assert!(!debug.contains("ENV-SECRET-VALUE"), "{debug}");
        assert!(
            debug.contains("AKID") && debug.contains("max_attempts: 3"),
            "{debug}"
        );
        assert!(
            !debug.contains("SECRET-VALUE") && !debug.contains("TOKEN-VALUE"),
            "{debug}"
        );
    }

    #[test]
    fn endpoint_url_must_parse() {
        let error = Config::builder()
            .region("us-east-1")
            .credentials(credentials())
            .endpoint_url("ftp://example.com")
            .build()
            .unwrap_err();
        assert!(
            error.message.contains("http:// or https://"),
            "{}",
            error.message
        );
    }

    #[test]
    fn a_client_takes_its_service_s_configured_endpoint_unless_one_is_set_in_code() {
        let env = HashMap::from([
            ("HOME".to_owned(), "/nonexistent-awsgen-home".to_owned()),
            ("AWS_ACCESS_KEY_ID".to_owned(), "AKIDENV".to_owned()),
            ("AWS_SECRET_ACCESS_KEY".to_owned(), "secret".to_owned()),
            ("AWS_REGION".to_owned(), "us-west-2".to_owned()),
            (
                "AWS_ENDPOINT_URL".to_owned(),
                "http://localhost:4566".to_owned(),
            ),
            (
                "AWS_ENDPOINT_URL_DYNAMODB".to_owned(),
                "http://localhost:8000".to_owned(),
            ),
        ]);
        let config = ConfigBuilder::from_environment(&env, None)
            .unwrap()
            .build()
            .unwrap();
        let dynamodb = config.clone().for_service("DynamoDB");
        assert_eq!(dynamodb.endpoint_url().unwrap().port, Some(8000));
        assert_eq!(dynamodb.built_ins().endpoint, Some("http://localhost:8000"));
        let s3 = config.for_service("S3");
        assert_eq!(s3.built_ins().endpoint, Some("http://localhost:4566"));

        let in_code = ConfigBuilder::from_environment(&env, None)
            .unwrap()
            .endpoint_url("http://127.0.0.1:9")
            .build()
            .unwrap()
            .for_service("DynamoDB");
        assert_eq!(in_code.built_ins().endpoint, Some("http://127.0.0.1:9"));

        let mut broken = env.clone();
        broken.insert(
            "AWS_ENDPOINT_URL_S3".to_owned(),
            "localhost:9000".to_owned(),
        );
        let error = ConfigBuilder::from_environment(&broken, None)
            .unwrap()
            .build()
            .unwrap_err();
        assert!(
            error
                .message
                .starts_with("AWS_ENDPOINT_URL_S3 is not a usable endpoint"),
            "{}",
            error.message
        );
    }

    #[test]
    fn proxies_come_from_the_environment_lower_case_first() {
        let env = HashMap::from([
            (
                "https_proxy".to_owned(),
                "http://proxy.lower:3128".to_owned(),
            ),
            (
                "HTTPS_PROXY".to_owned(),
                "http://proxy.upper:3128".to_owned(),
            ),
            ("HTTP_PROXY".to_owned(), String::new()),
            ("NO_PROXY".to_owned(), "localhost".to_owned()),
        ]);
        let proxies = format!("{:?}", proxies_from(&env).unwrap());
        assert!(proxies.contains("proxy.lower:3128"), "{proxies}");
        assert!(proxies.contains("http: None"), "{proxies}");
        assert!(proxies.contains("\"localhost\""), "{proxies}");

        let bad = HashMap::from([(
            "HTTPS_PROXY".to_owned(),
            "https://user:secret@proxy:443".to_owned(),
        )]);
        let error = proxies_from(&bad).unwrap_err();
        assert!(
            error.message.starts_with("HTTPS_PROXY: "),
            "{}",
            error.message
        );
        assert!(!error.message.contains("secret"), "{}", error.message);
    }
}
