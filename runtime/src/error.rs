//! The errors a generated client returns.
//!
//! Every operation returns `Result<Output, SdkError<OperationError>>`. `SdkError` says at
//! which stage the call failed; only [`SdkError::Service`] carries the operation's own
//! error enum, so matching on modeled errors stays one pattern deep.

use std::error::Error as StdError;
use std::fmt;

use crate::endpoint::EndpointError;
use crate::json::JsonError;
use crate::transport::TransportError;

/// What the service said about a failed call, whatever the operation: the error code after
/// normalization (namespace and `:`-suffix removed, as botocore does), the message, the HTTP
/// status and the request id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorMetadata {
    code: String,
    message: Option<String>,
    status: u16,
    request_id: Option<String>,
    /// The code that names the modeled error, where it differs from `code`: services that
    /// moved from awsQuery report the query error code, but their errors are modeled under
    /// the JSON one.
    modeled_code: Option<String>,
}

impl ErrorMetadata {
    pub fn new(code: impl Into<String>, status: u16) -> Self {
        Self {
            code: code.into(),
            status,
            ..Self::default()
        }
    }

    /// Reports `code` instead, while the code found so far still names the modeled error
    /// (an awsQuery-compatible service's `x-amzn-query-error`).
    pub fn with_reported_code(mut self, code: impl Into<String>) -> Self {
        let modeled = std::mem::replace(&mut self.code, code.into());
        self.modeled_code = Some(modeled);
        self
    }

    /// Lets the reported code name the modeled error too.
    pub fn matching_reported_code(mut self) -> Self {
        self.modeled_code = None;
        self
    }

    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// The error code, e.g. `LimitExceededException`.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The code that picks an operation's modeled error: [`code`](Self::code), except for
    /// services that moved from awsQuery, which report the query error code but model their
    /// errors under the JSON one (as botocore's `QueryErrorCode`).
    pub fn modeled_code(&self) -> &str {
        self.modeled_code.as_deref().unwrap_or(&self.code)
    }

    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The service's id for the request (`x-amzn-requestid`), which AWS support asks for.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl fmt::Display for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl StdError for ErrorMetadata {}

/// The error a generated operation returns.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The input broke a rule of the model; nothing was sent.
    Validation(ValidationError),
    /// The client could not be used to send the request (no credentials, bad endpoint);
    /// nothing was sent.
    Config(ConfigError),
    /// The service's endpoint rules refused the configuration (for example FIPS with a
    /// custom endpoint); the error carries the rules' message. Nothing was sent.
    Endpoint(EndpointError),
    /// The request could not be sent or the response not received.
    Transport(TransportError),
    /// The service answered, but the response could not be understood.
    Response(ResponseError),
    /// The service answered with an error.
    Service(ServiceError<E>),
}

impl<E> SdkError<E> {
    /// The operation's error, when the service answered with one.
    pub fn service_error(&self) -> Option<&E> {
        match self {
            SdkError::Service(service) => Some(&service.error),
            _ => None,
        }
    }

    pub fn into_service_error(self) -> Option<E> {
        match self {
            SdkError::Service(service) => Some(service.error),
            _ => None,
        }
    }

    /// Code, message, status and request id, when the service answered with an error.
    pub fn meta(&self) -> Option<&ErrorMetadata> {
        match self {
            SdkError::Service(service) => Some(&service.meta),
            _ => None,
        }
    }
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdkError::Validation(error) => error.fmt(f),
            SdkError::Config(error) => error.fmt(f),
            SdkError::Endpoint(error) => error.fmt(f),
            SdkError::Transport(error) => error.fmt(f),
            SdkError::Response(error) => error.fmt(f),
            SdkError::Service(error) => error.fmt(f),
        }
    }
}

impl<E: StdError + 'static> StdError for SdkError<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            SdkError::Validation(error) => Some(error),
            SdkError::Config(error) => Some(error),
            SdkError::Endpoint(error) => Some(error),
            SdkError::Transport(error) => Some(error),
            SdkError::Response(error) => Some(error),
            SdkError::Service(error) => Some(&error.error),
        }
    }
}

/// An error response from the service, parsed into the operation's error type `E`, with the
/// metadata every error response has.
#[derive(Debug)]
pub struct ServiceError<E> {
    pub error: E,
    pub meta: ErrorMetadata,
}

impl<E: fmt::Display> fmt::Display for ServiceError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (HTTP {}", self.error, self.meta.status)?;
        if let Some(request_id) = &self.meta.request_id {
            write!(f, ", request id {request_id}")?;
        }
        f.write_str(")")
    }
}

impl<E: StdError + 'static> StdError for ServiceError<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&self.error)
    }
}

/// One broken rule of an input: which member (a path such as `fileMap` or
/// `customRules[0].source`) and what rule, in botocore's wording.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub member: String,
    pub message: String,
}

/// Every rule an input broke, reported together as botocore's `ParamValidationError` does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    pub violations: Vec<Violation>,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Parameter validation failed:")?;
        for violation in &self.violations {
            write!(f, "\n{}", violation.message)?;
        }
        Ok(())
    }
}

impl StdError for ValidationError {}

/// The client configuration cannot serve the call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub message: String,
}

impl ConfigError {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid client configuration: {}", self.message)
    }
}

impl StdError for ConfigError {}

/// What a deserializer found wrong with a response: a member of the wrong type, a header
/// that does not parse, a body that is not JSON. The client turns it into a
/// [`ResponseError`] with the response's status and request id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeserializeError {
    pub message: String,
}

impl DeserializeError {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl From<JsonError> for DeserializeError {
    fn from(error: JsonError) -> Self {
        DeserializeError::new(error.to_string())
    }
}

impl fmt::Display for DeserializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl StdError for DeserializeError {}

/// A response that does not match the model, with where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseError {
    pub status: u16,
    pub request_id: Option<String>,
    pub message: String,
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not parse the response (HTTP {}): {}",
            self.status, self.message
        )?;
        if let Some(request_id) = &self.request_id {
            write!(f, " (request id {request_id})")?;
        }
        Ok(())
    }
}

impl StdError for ResponseError {}
