//! The service-independent part of every generated client: turn an operation's serialized
//! request into a signed HTTP request for the configured endpoint, send it, and hand the
//! response back to the operation's own deserializers.

use std::fmt;

use crate::config::Config;
use crate::error::{DeserializeError, ResponseError, SdkError, ServiceError, ValidationError};
use crate::http::{Headers, HttpRequest, HttpResponse, Scheme, Url};
use crate::retry::Attempts;
use crate::sigv4::Signer;
use crate::validate::{Path, Validate, Validator};

/// What a generated crate tells the runtime about its service.
#[derive(Debug)]
pub struct ServiceInfo {
    /// The service id from the model, e.g. `Amplify`.
    pub service_id: &'static str,
    /// The SigV4 signing name, e.g. `amplify`.
    pub signing_name: &'static str,
    /// The first label of the regional endpoint host, e.g. `amplify`.
    pub endpoint_prefix: &'static str,
    pub api_version: &'static str,
}

/// A request as an operation's serializer produced it: everything but where it goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SerializedRequest {
    pub method: &'static str,
    /// The percent-encoded path, relative to the endpoint.
    pub path: String,
    /// Percent-encoded `k=v` pairs joined by `&`.
    pub query: String,
    pub headers: Headers,
    pub body: Vec<u8>,
    /// Put in front of the endpoint's host (the model's `hostPrefix`, labels filled in).
    pub host_prefix: Option<String>,
}

impl SerializedRequest {
    pub fn new(method: &'static str, path: String) -> Self {
        Self {
            method,
            path,
            query: String::new(),
            headers: Headers::new(),
            body: Vec::new(),
            host_prefix: None,
        }
    }
}

/// What a serializer may take from the client besides its input.
pub struct RequestContext<'a> {
    config: &'a Config,
}

impl RequestContext<'_> {
    /// A token for an idempotency-token member the input leaves unset.
    pub fn idempotency_token(&self) -> String {
        (self.config.idempotency_tokens)()
    }

    /// The smallest body to compress, for operations that allow it; `None` when
    /// compression is off.
    pub fn min_compression_size(&self) -> Option<usize> {
        self.config.min_compression_size
    }
}

/// Implemented by each generated operation's input: the operation's specifics, as code.
pub trait Operation: Validate {
    type Output;
    type Error;

    /// The operation's name in the model.
    const NAME: &'static str;

    fn serialize(&self, cx: &RequestContext<'_>) -> SerializedRequest;

    /// Parses a successful (2xx) response.
    fn deserialize_output(response: &HttpResponse) -> Result<Self::Output, DeserializeError>;

    /// Parses an error response into the operation's error type.
    fn deserialize_error(response: &HttpResponse) -> ServiceError<Self::Error>;
}

/// Sends operations for one service with one configuration. Generated clients wrap it.
pub struct ClientCore {
    service: &'static ServiceInfo,
    config: Config,
    /// Where requests go, decided once: the override, or the regional endpoint.
    endpoint: Url,
    signer: Signer,
}

impl ClientCore {
    pub fn new(service: &'static ServiceInfo, config: Config) -> Self {
        let endpoint = config.endpoint_url.clone().unwrap_or_else(|| Url {
            scheme: Scheme::Https,
            host: format!(
                "{}.{}.amazonaws.com",
                service.endpoint_prefix, config.region
            ),
            port: None,
            path: String::new(),
            query: String::new(),
        });
        Self {
            service,
            config,
            endpoint,
            signer: Signer::new(),
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Validates, serializes, signs and sends `input`, then parses the response. Failed
    /// attempts are retried as botocore's standard retry mode does (see [`crate::retry`]);
    /// the error returned is the last attempt's.
    pub async fn call<O: Operation>(&self, input: &O) -> Result<O::Output, SdkError<O::Error>> {
        validate(input, self.config.strict_validation).map_err(SdkError::Validation)?;
        let cx = RequestContext {
            config: &self.config,
        };
        let serialized = input.serialize(&cx);
        let retries = &self.config.retries;
        let mut attempts = Attempts::start(retries);
        loop {
            // Each attempt is signed anew, as botocore does, so that its date is current.
            let mut request = self.prepare(serialized.clone());
            attempts.add_headers(&mut request.headers);
            let (error, delay) = match self.config.transport.send(request).await {
                Ok(response) if response.is_success() => {
                    let output = parse_output::<O>(&response);
                    if output.is_ok() {
                        attempts.succeeded();
                    }
                    return output;
                }
                Ok(response) => {
                    let error = O::deserialize_error(&response);
                    let delay = attempts.retry_response(&response, error.meta.code());
                    (SdkError::Service(error), delay)
                }
                Err(error) => {
                    let delay = attempts.retry_transport_error(&error);
                    (SdkError::Transport(error), delay)
                }
            };
            match delay {
                Some(delay) => retries.sleep.sleep(delay).await,
                None => return Err(error),
            }
        }
    }

    /// Puts a serialized request on the endpoint and signs it.
    fn prepare(&self, serialized: SerializedRequest) -> HttpRequest {
        let url = self.endpoint(&serialized);
        let mut request = HttpRequest {
            method: serialized.method.to_owned(),
            url,
            headers: serialized.headers,
            body: serialized.body,
        };
        self.signer.sign(
            &mut request,
            &self.config.credentials,
            &self.config.region,
            self.service.signing_name,
            (self.config.clock)(),
        );
        request
    }

    fn endpoint(&self, serialized: &SerializedRequest) -> Url {
        let base = &self.endpoint;
        // An endpoint with a base path keeps it in front of the operation's path, as
        // botocore joins them.
        let path = format!("{}{}", base.path.trim_end_matches('/'), serialized.path);
        let query = match (base.query.is_empty(), serialized.query.is_empty()) {
            (true, _) => serialized.query.clone(),
            (false, true) => base.query.clone(),
            (false, false) => format!("{}&{}", base.query, serialized.query),
        };
        let host = match &serialized.host_prefix {
            Some(prefix) => format!("{prefix}{}", base.host),
            None => base.host.clone(),
        };
        Url {
            scheme: base.scheme,
            host,
            port: base.port,
            path,
            query,
        }
    }
}

impl fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCore")
            .field("service", &self.service.service_id)
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

fn parse_output<O: Operation>(response: &HttpResponse) -> Result<O::Output, SdkError<O::Error>> {
    O::deserialize_output(response).map_err(|error| {
        SdkError::Response(ResponseError {
            status: response.status,
            request_id: response.headers.get("x-amzn-requestid").map(str::to_owned),
            message: error.message,
        })
    })
}

fn validate(input: &impl Validate, strict: bool) -> Result<(), ValidationError> {
    let mut validator = if strict {
        Validator::strict()
    } else {
        Validator::new()
    };
    input.validate(Path::Root, &mut validator);
    validator.finish()
}
