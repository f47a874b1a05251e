//! [`HttpTransport`]: HTTP/1.1 over TCP or TLS, with a keep-alive connection pool.

use std::collections::HashMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::iter;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use super::connection::Connection;
use super::wire::{self, Exchanged};
use super::{BoxFuture, Transport, TransportError, TransportErrorKind};
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
    pool: Pool,
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
        wire::check_request(request)?;
        let url = &request.url;
        let key = PoolKey {
            scheme: url.scheme,
            host: url.host.clone(),
            port: port(url),
        };
        let name_target =
            |error: TransportError| error.with_target(format!("{}:{}", url.host, port(url)));
        self.send_to(key, request).await.map_err(name_target)
    }

    async fn send_to(
        &self,
        key: PoolKey,
        request: &HttpRequest,
    ) -> Result<HttpResponse, TransportError> {
        if let Some(mut connection) = self.pool.checkout(&key) {
            let received = connection.bytes_received();
            match wire::exchange(&mut connection, request).await {
                // The connection broke before a byte of the response came back: the server
                // closed it as it sat idle, so the request was not acted on. This is the one
                // failure sent again; after any other, the server may have done the work.
                Err(error)
                    if error.kind() == TransportErrorKind::Io
                        && connection.bytes_received() == received => {}
                result => return self.finish(key, connection, result),
            }
        }
        let mut connection = Connection::open(
            key.scheme,
            &key.host,
            key.port,
            self.connect_timeout,
            self.read_timeout,
        )
        .await?;
        let result = wire::exchange(&mut connection, request).await;
        self.finish(key, connection, result)
    }

    fn finish(
        &self,
        key: PoolKey,
        connection: Connection,
        result: Result<Exchanged, TransportError>,
    ) -> Result<HttpResponse, TransportError> {
        let exchanged = result?;
        if exchanged.reusable {
            self.pool.checkin(key, connection);
        }
        Ok(exchanged.response)
    }
}

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
}

/// Settings for an [`HttpTransport`].
#[derive(Clone, Debug)]
pub struct HttpTransportBuilder {
    connect_timeout: Duration,
    read_timeout: Duration,
    idle_timeout: Duration,
    max_idle_per_host: usize,
}

impl Default for HttpTransportBuilder {
    /// The timeouts are botocore's (60 s each) and so is the pool size (10 per host).
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(60),
            read_timeout: Duration::from_secs(60),
            idle_timeout: Duration::from_secs(30),
            max_idle_per_host: 10,
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

    pub fn build(self) -> HttpTransport {
        HttpTransport {
            connect_timeout: self.connect_timeout,
            read_timeout: self.read_timeout,
            pool: Pool {
                idle: Mutex::new(HashMap::new()),
                idle_timeout: self.idle_timeout,
                max_idle_per_host: self.max_idle_per_host,
            },
        }
    }
}

#[derive(PartialEq, Eq)]
struct PoolKey {
    scheme: Scheme,
    host: String,
    port: u16,
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
