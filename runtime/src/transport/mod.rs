//! Sending an [`HttpRequest`] and getting back an [`HttpResponse`], or a
//! [`StreamingResponse`] whose body is read as the caller asks for it.
//!
//! A client holds its transport as `Arc<dyn Transport>`, so the trait is object safe and
//! returns a boxed future. [`HttpTransport`] is the real HTTP/1.1 client; [`MemoryTransport`]
//! answers from canned responses for tests.

mod connection;
mod http1;
mod memory;
mod proxy;
mod wire;

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;

use crate::body::ByteStream;
use crate::http::{HttpRequest, HttpResponse};

pub use http1::{DEFAULT_MAX_RESPONSE_SIZE, HttpTransport, HttpTransportBuilder};
pub use memory::MemoryTransport;
pub use proxy::Proxies;

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

    /// Sends `request` and answers as soon as the response head has arrived, with the body
    /// left to be read from the [`StreamingResponse`]: for operations whose output is a
    /// stream, such as S3's `GetObject`.
    ///
    /// The default reads the whole response with [`send`](Self::send) and streams it from
    /// memory, which suits a test transport; [`HttpTransport`] reads the body off the
    /// connection only as the caller asks for it.
    fn send_streaming<'a>(
        &'a self,
        request: &'a HttpRequest,
    ) -> BoxFuture<'a, Result<StreamingResponse, TransportError>> {
        Box::pin(async move {
            let mut head = self.send(request).await?;
            let body = ByteStream::from(std::mem::take(&mut head.body));
            Ok(StreamingResponse { head, body })
        })
    }
}

/// A response whose body is still to be read.
#[derive(Debug)]
pub struct StreamingResponse {
    /// The status and headers; its `body` is empty.
    pub head: HttpResponse,
    pub body: ByteStream,
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
    /// The response body is longer than the transport accepts for a response it reads
    /// whole (`max_response_size`); nothing of it is kept.
    ResponseTooLarge,
    /// The request cannot be put on the wire as it is (for example a header value holding
    /// a line break).
    InvalidRequest,
    /// The request's streamed body could not be read (a file that is gone, shorter than
    /// it was, or unreadable; a reader that failed or was read already), so the request
    /// was not sent whole. Not retried.
    RequestBody,
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

    /// A streamed request body that could not be read: nothing, or not all of it, was sent.
    pub(crate) fn unreadable_body(error: io::Error) -> Self {
        Self::new(
            TransportErrorKind::RequestBody,
            "the request body could not be read",
        )
        .with_source(error)
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

/// A failure while a body is streamed is an [`io::Error`], as [`ByteStream`]'s readers
/// expect; it keeps the transport's error as its source.
impl From<TransportError> for io::Error {
    fn from(error: TransportError) -> Self {
        let kind = match error
            .source
            .as_deref()
            .and_then(|source| source.downcast_ref())
        {
            Some(source) => io::Error::kind(source),
            None => match error.kind {
                TransportErrorKind::Timeout => io::ErrorKind::TimedOut,
                TransportErrorKind::Io => io::ErrorKind::UnexpectedEof,
                TransportErrorKind::InvalidResponse | TransportErrorKind::ResponseTooLarge => {
                    io::ErrorKind::InvalidData
                }
                _ => io::ErrorKind::Other,
            },
        };
        // The reader of a stream sees this error alone, so its text says the cause too.
        let mut error = error;
        if let Some(source) = &error.source {
            error.message = format!("{}: {source}", error.message);
        }
        io::Error::new(kind, error)
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
