//! [`HttpTransport`]: HTTP/1.1 over TCP or TLS, with a keep-alive connection pool.

use std::collections::HashMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::io;
use std::iter;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use super::connection::{Connection, TlsRoots};
use super::proxy::Proxies;
use super::wire::{self, Body, Head};
use super::{BoxFuture, StreamingResponse, Transport, TransportError, TransportErrorKind};
use crate::body::{ByteStream, Source};
use crate::http::{HttpRequest, HttpResponse, Scheme, Url};

/// A small HTTP/1.1 client for `http://` and `https://` URLs.
///
/// Connections are kept open after a response and reused for the next request to the same
/// scheme, host and port. A pooled connection that turns out to have been closed by the
/// server is replaced by a new one and the request sent again, once; no other failure is
/// retried here, because the server may have acted on the request.
pub struct HttpTransport {
    connect_timeout: Duration,
    read_timeout: Duration,
    max_response_size: u64,
    roots: TlsRoots,
    proxies: Proxies,
    /// Shared with the bodies still being streamed, which give their connections back.
    pool: Arc<Pool>,
}

impl HttpTransport {
    /// A transport with the default settings of [`HttpTransportBuilder`].
    pub fn new() -> Self {
        Self::builder().build()
    }

    pub fn builder() -> HttpTransportBuilder {
        HttpTransportBuilder::default()
    }

    async fn send_request(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        let (key, mut connection, head, body) = self.start(request).await?;
        let exchanged = wire::read_response(&mut connection, head, body, self.max_response_size)
            .await
            .map_err(|error| error.with_target(key.target()))?;
        if exchanged.reusable {
            self.pool.checkin(key, connection);
        }
        Ok(exchanged.response)
    }

    async fn send_streaming_request(
        &self,
        request: &HttpRequest,
    ) -> Result<StreamingResponse, TransportError> {
        let (key, connection, head, body) = self.start(request).await?;
        let head = HttpResponse {
            status: head.status,
            headers: head.headers,
            body: Vec::new(),
        };
        let body = ByteStream::from_source(ConnectionBody {
            connection: Some(connection),
            body,
            pool: Arc::clone(&self.pool),
            key: Some(key),
        });
        Ok(StreamingResponse { head, body })
    }

    /// Sends `request` and reads the response head, on a pooled connection or a new one.
    async fn start(
        &self,
        request: &HttpRequest,
    ) -> Result<(PoolKey, Connection, Head, Body), TransportError> {
        wire::check_request(request)?;
        let url = &request.url;
        let key = PoolKey {
            scheme: url.scheme,
            host: url.host.clone(),
            port: port(url),
        };
        // A body that can be read only once goes on a new connection: on a pooled one the
        // server may have closed, it could not be sent again.
        let pooled = if request.body.is_replayable() {
            self.pool.checkout(&key)
        } else {
            None
        };
        if let Some(mut connection) = pooled {
            let received = connection.bytes_received();
            match wire::exchange_head(&mut connection, request).await {
                Ok((head, body)) => return Ok((key, connection, head, body)),
                // The connection broke before a byte of the response came back: the server
                // closed it as it sat idle, so the request was not acted on. This is the one
                // failure sent again; after any other, the server may have done the work.
                Err(error)
                    if error.kind() == TransportErrorKind::Io
                        && connection.bytes_received() == received => {}
                Err(error) => return Err(error.with_target(key.target())),
            }
        }
        let opened = async {
            let mut connection = Connection::open(
                key.scheme,
                &key.host,
                key.port,
                self.proxies.for_url(url, key.port),
                &self.roots,
                self.connect_timeout,
                self.read_timeout,
            )
            .await?;
            let (head, body) = wire::exchange_head(&mut connection, request).await?;
            Ok::<_, TransportError>((connection, head, body))
        };
        match opened.await {
            Ok((connection, head, body)) => Ok((key, connection, head, body)),
            Err(error) => Err(error.with_target(key.target())),
        }
    }
}

/// A response body read off its connection as the caller asks; the connection goes back to
/// the pool once the body has been read to its end, and is closed if it is dropped before.
struct ConnectionBody {
    /// `None` once the body has ended or failed.
    connection: Option<Connection>,
    body: Body,
    pool: Arc<Pool>,
    key: Option<PoolKey>,
}

impl ConnectionBody {
    async fn next(&mut self) -> Option<io::Result<Vec<u8>>> {
        let connection = self.connection.as_mut()?;
        let mut piece = Vec::new();
        match self
            .body
            .read_into(connection, &mut piece, STREAMED_PIECE)
            .await
        {
            Ok(0) => {
                let connection = self.connection.take()?;
                if let Some(key) = self.key.take() {
                    if self.body.reusable && connection.buffered().is_empty() {
                        self.pool.checkin(key, connection);
                    }
                }
                None
            }
            Ok(_) => Some(Ok(piece)),
            Err(error) => {
                self.connection = None;
                let error = match &self.key {
                    Some(key) => error.with_target(key.target()),
                    None => error,
                };
                Some(Err(error.into()))
            }
        }
    }
}

impl Source for ConnectionBody {
    fn next_piece(&mut self) -> crate::body::BoxFuture<'_, Option<io::Result<Vec<u8>>>> {
        Box::pin(self.next())
    }

    fn remaining(&self) -> Option<u64> {
        self.body.remaining()
    }
}

/// The most a streamed body's piece holds.
const STREAMED_PIECE: u64 = 64 * 1024;

fn port(url: &Url) -> u16 {
    url.port.unwrap_or(url.scheme.default_port())
}

impl Default for HttpTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for HttpTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpTransport")
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("max_response_size", &self.max_response_size)
            .field("idle_timeout", &self.pool.idle_timeout)
            .field("max_idle_per_host", &self.pool.max_idle_per_host)
            .finish_non_exhaustive()
    }
}

impl Transport for HttpTransport {
    fn send<'a>(
        &'a self,
        request: &'a HttpRequest,
    ) -> BoxFuture<'a, Result<HttpResponse, TransportError>> {
        Box::pin(self.send_request(request))
    }

    fn send_streaming<'a>(
        &'a self,
        request: &'a HttpRequest,
    ) -> BoxFuture<'a, Result<StreamingResponse, TransportError>> {
        Box::pin(self.send_streaming_request(request))
    }
}

/// Settings for an [`HttpTransport`].
#[derive(Clone, Debug)]
pub struct HttpTransportBuilder {
    connect_timeout: Duration,
    read_timeout: Duration,
    max_response_size: u64,
    idle_timeout: Duration,
    max_idle_per_host: usize,
    roots: TlsRoots,
    proxies: Proxies,
}

impl Default for HttpTransportBuilder {
    /// The timeouts are botocore's (60 s each) and so is the pool size (10 per host); the
    /// response size limit is [`DEFAULT_MAX_RESPONSE_SIZE`].
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(60),
            read_timeout: Duration::from_secs(60),
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            idle_timeout: Duration::from_secs(30),
            max_idle_per_host: 10,
            roots: TlsRoots::default(),
            proxies: Proxies::none(),
        }
    }
}

impl HttpTransportBuilder {
    /// Time allowed to resolve the host, connect and finish the TLS handshake.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for each read of the response, and each write of the request, to make
    /// progress: a slow but steady download does not time out, a silent server does.
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = timeout;
        self
    }

    /// The longest body accepted in a response that is read whole, which is every response
    /// but the streamed outputs (S3's `GetObject`, say), whose bodies the caller reads at
    /// its own pace. A longer one fails the call with
    /// [`ResponseTooLarge`](TransportErrorKind::ResponseTooLarge), as soon as its
    /// `Content-Length` says so or its bytes go past the limit.
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// How long an unused connection stays in the pool. Long enough to carry a burst of
    /// calls, short enough that a connection a NAT or load balancer dropped without a word
    /// is rarely picked.
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = timeout;
        self
    }

    /// How many unused connections to keep for each scheme, host and port; 0 turns
    /// connection reuse off.
    pub fn max_idle_per_host(mut self, max: usize) -> Self {
        self.max_idle_per_host = max;
        self
    }

    /// Trusts the certificate authorities of `pem`, a PEM bundle (botocore's `ca_bundle`:
    /// a corporate proxy's or a private endpoint's CA), besides the Mozilla roots. An error
    /// says why the bundle cannot be used.
    pub fn ca_bundle(mut self, pem: &[u8]) -> Result<Self, String> {
        self.roots = TlsRoots::with_bundle(pem)?;
        Ok(self)
    }

    /// The proxies requests go through; none by default (the configuration takes them
    /// from `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY`).
    pub fn proxies(mut self, proxies: Proxies) -> Self {
        self.proxies = proxies;
        self
    }

    pub fn build(self) -> HttpTransport {
        HttpTransport {
            connect_timeout: self.connect_timeout,
            read_timeout: self.read_timeout,
            max_response_size: self.max_response_size,
            roots: self.roots,
            proxies: self.proxies,
            pool: Arc::new(Pool {
                idle: Mutex::new(HashMap::new()),
                idle_timeout: self.idle_timeout,
                max_idle_per_host: self.max_idle_per_host,
            }),
        }
    }
}

/// The most a response read whole may carry unless the builder says otherwise: 64 MiB, four
/// times the largest documented non-streamed response (DynamoDB's 16 MB `BatchGetItem`) and
/// small enough that a hostile `Content-Length` cannot take a process's memory.
pub const DEFAULT_MAX_RESPONSE_SIZE: u64 = 64 * 1024 * 1024;

#[derive(PartialEq, Eq)]
struct PoolKey {
    scheme: Scheme,
    host: String,
    port: u16,
}

impl PoolKey {
    /// The `host:port` that errors name.
    fn target(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

impl Hash for PoolKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.scheme.as_str().hash(state);
        self.host.hash(state);
        self.port.hash(state);
    }
}

struct Pool {
    idle: Mutex<HashMap<PoolKey, Vec<Idle>>>,
    idle_timeout: Duration,
    max_idle_per_host: usize,
}

struct Idle {
    connection: Connection,
    since: Instant,
}

impl Pool {
    /// The most recently used live connection to `key`: the one least likely to have been
    /// closed by the server. Expired and closed connections met on the way are dropped.
    fn checkout(&self, key: &PoolKey) -> Option<Connection> {
        let mut idle = self.lock();
        let connections = idle.get_mut(key)?;
        let found = iter::from_fn(|| connections.pop()).find(|candidate| {
            candidate.since.elapsed() < self.idle_timeout && !candidate.connection.is_defunct()
        });
        if connections.is_empty() {
            idle.remove(key);
        }
        found.map(|idle| idle.connection)
    }

    fn checkin(&self, key: PoolKey, connection: Connection) {
        if self.max_idle_per_host == 0 {
            return;
        }
        let mut idle = self.lock();
        let connections = idle.entry(key).or_default();
        if connections.len() < self.max_idle_per_host {
            connections.push(Idle {
                connection,
                since: Instant::now(),
            });
        }
    }

    /// The map stays consistent even if a thread panicked while holding the lock: every
    /// change to it is a single push, pop or removal.
    fn lock(&self) -> MutexGuard<'_, HashMap<PoolKey, Vec<Idle>>> {
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
