//! The service-independent part of every generated client: turn an operation's serialized
//! request into a signed HTTP request for the configured endpoint, send it, and hand the
//! response back to the operation's own deserializers.

use std::fmt;

use crate::config::Config;
use crate::error::{DeserializeError, ResponseError, SdkError, ServiceError, ValidationError};
use crate::http::{Headers, HttpRequest, HttpResponse, Scheme, Url};
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
}

impl SerializedRequest {
    pub fn new(method: &'static str, path: String) -> Self {
        Self {
            method,
            path,
            query: String::new(),
            headers: Headers::new(),
            body: Vec::new(),
        }
    }
}

/// Implemented by each generated operation's input: the operation's specifics, as code.
pub trait Operation: Validate {
    type Output;
    type Error;

    /// The operation's name in the model.
    const NAME: &'static str;

    fn serialize(&self) -> SerializedRequest;

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

    /// Validates, serializes, signs and sends `input`, then parses the response.
    pub async fn call<O: Operation>(&self, input: &O) -> Result<O::Output, SdkError<O::Error>> {
        validate(input, self.config.strict_validation).map_err(SdkError::Validation)?;
        let request = self.prepare(input.serialize());
        let response = self
            .config
            .transport
            .send(request)
            .await
            .map_err(SdkError::Transport)?;
        if response.is_success() {
            O::deserialize_output(&response).map_err(|error| {
                SdkError::Response(ResponseError {
                    status: response.status,
                    request_id: response.headers.get("x-amzn-requestid").map(str::to_owned),
                    message: error.message,
                })
            })
        } else {
            Err(SdkError::Service(O::deserialize_error(&response)))
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
        Url {
            scheme: base.scheme,
            host: base.host.clone(),
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

fn validate(input: &impl Validate, strict: bool) -> Result<(), ValidationError> {
    let mut validator = if strict {
        Validator::strict()
    } else {
        Validator::new()
    };
    input.validate(Path::Root, &mut validator);
    validator.finish()
}
