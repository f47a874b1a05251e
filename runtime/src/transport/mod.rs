//! Sending an [`HttpRequest`] and getting back an [`HttpResponse`].
//!
//! A client holds its transport as `Arc<dyn Transport>`, so the trait is object safe and
//! returns a boxed future. [`HttpTransport`] is the real HTTP/1.1 client; [`MemoryTransport`]
//! answers from canned responses for tests.

mod connection;
mod http1;
mod memory;
mod wire;

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

use crate::http::{HttpRequest, HttpResponse};

pub use http1::{HttpTransport, HttpTransportBuilder};
pub use memory::MemoryTransport;

/// The future a [`Transport`] returns: boxed so that `dyn Transport` works.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Something that can carry a request to a server and bring back its whole response.
///
/// The request is borrowed: a client signs one request and sends it again on a retry, and
/// every transport here writes a request out without needing to own it. One that must own
/// it (to hand it to another HTTP library, say) clones it.
pub trait Transport: Send + Sync + fmt::Debug {
    fn send<'a>(
        &'a self,
        request: &'a HttpRequest,
    ) -> BoxFuture<'a, Result<HttpResponse, TransportError>>;
}

/// What kind of failure a [`TransportError`] is; decides whether a retry can help.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransportErrorKind {
    /// The host could not be resolved or the TCP connection could not be made.
    Connect,
    /// Connecting, or waiting for the server to send or accept bytes, took too long.
    Timeout,
    /// The connection broke while the request or response was in flight.
    Io,
    /// The TLS handshake failed, or TLS is not available in this build.
    Tls,
    /// The server's bytes are not a valid HTTP/1.1 response.
    InvalidResponse,
    /// The request cannot be put on the wire as it is (for example a header value holding
    /// a line break).
    InvalidRequest,
    /// Anything else, such as a test transport with no response left to give.
    Other,
}

/// A request that did not produce a response.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    message: String,
    target: Option<String>,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl TransportError {
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            target: None,
            source: None,
        }
    }

    /// Names the `host:port` the request was for; the first target given is kept.
    pub fn with_target(mut self, target: impl Into<String>) -> Self {
        self.target.get_or_insert_with(|| target.into());
        self
    }

    pub fn with_source(mut self, source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        self.source = Some(source.into());
        self
    }

    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    /// The `host:port` the request was for, when the transport knows it.
    pub fn target(&self) -> Option<&str> {
        self.target.as_deref()
    }

    /// Whether sending the request again may succeed: the failure was in reaching the
    /// server or in the connection, not in what either side said.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.kind,
            TransportErrorKind::Connect | TransportErrorKind::Timeout | TransportErrorKind::Io
        )
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.target {
            Some(target) => write!(f, "{target}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn StdError + 'static))
    }
}
