//! Client configuration: region, credentials, endpoint, transport and clock.

use std::fmt;
use std::sync::Arc;

use crate::credentials::Credentials;
use crate::endpoint::BuiltIns;
use crate::error::ConfigError;
use crate::http::Url;
use crate::time::DateTime;
use crate::transport::Transport;

/// Where "now" comes from when a request is signed. Tests freeze it; production uses the
/// system clock.
pub type Clock = Arc<dyn Fn() -> DateTime + Send + Sync>;

/// Settings shared by every client. Cheap to clone.
#[derive(Clone)]
pub struct Config {
    pub(crate) region: String,
    pub(crate) credentials: Credentials,
    pub(crate) endpoint_url: Option<Url>,
    /// `endpoint_url` exactly as the user wrote it, which the endpoint rules take as their
    /// `Endpoint` parameter (`parseURL` of it must see what botocore sees).
    pub(crate) endpoint_url_text: Option<String>,
    pub(crate) use_fips: bool,
    pub(crate) use_dual_stack: bool,
    pub(crate) transport: Arc<dyn Transport>,
    pub(crate) clock: Clock,
}

impl Config {
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    pub fn region(&self) -> &str {
        &self.region
    }

    pub fn endpoint_url(&self) -> Option<&Url> {
        self.endpoint_url.as_ref()
    }

    pub fn use_fips(&self) -> bool {
        self.use_fips
    }

    pub fn use_dual_stack(&self) -> bool {
        self.use_dual_stack
    }

    /// The endpoint rules' parameters this configuration decides.
    pub fn built_ins(&self) -> BuiltIns<'_> {
        BuiltIns {
            region: &self.region,
            use_fips: self.use_fips,
            use_dual_stack: self.use_dual_stack,
            endpoint: self.endpoint_url_text.as_deref(),
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
            .field("transport", &self.transport)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Config`]; region and credentials are required.
#[derive(Default)]
pub struct ConfigBuilder {
    region: Option<String>,
    credentials: Option<Credentials>,
    endpoint_url: Option<String>,
    use_fips: bool,
    use_dual_stack: bool,
    transport: Option<Arc<dyn Transport>>,
    clock: Option<Clock>,
}

impl ConfigBuilder {
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
    /// parameter: most services' rules refuse it together with FIPS or dual-stack.
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

    /// The HTTP transport; the default is [`HttpTransport`](crate::transport::HttpTransport).
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// The clock used to sign requests; the default is the system clock.
    pub fn clock(mut self, clock: impl Fn() -> DateTime + Send + Sync + 'static) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    pub fn build(self) -> Result<Config, ConfigError> {
        let region = self
            .region
            .ok_or_else(|| ConfigError::new("no region is set"))?;
        if !is_valid_region(&region) {
            return Err(ConfigError::new(format!(
                "`{region}` is not a valid region name: it must be a DNS label \
                 (letters, digits and hyphens, 1 to 63 characters)"
            )));
        }
        let credentials = self
            .credentials
            .ok_or_else(|| ConfigError::new("no credentials are set"))?;
        let endpoint_url = self
            .endpoint_url
            .as_deref()
            .map(|url| Url::parse(url).map_err(|error| ConfigError::new(error.to_string())))
            .transpose()?;
        Ok(Config {
            region,
            credentials,
            endpoint_url,
            endpoint_url_text: self.endpoint_url,
            use_fips: self.use_fips,
            use_dual_stack: self.use_dual_stack,
            transport: self
                .transport
                .unwrap_or_else(|| Arc::new(crate::transport::HttpTransport::new())),
            clock: self.clock.unwrap_or_else(|| Arc::new(DateTime::now)),
        })
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
}
