//! One connection to a server, plain TCP or TLS over TCP, with a reusable read buffer and
//! the transport's timeouts applied to every read and write.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;

use super::proxy::ProxyServer;
use super::{TransportError, TransportErrorKind, wire};
use crate::http::{HttpRequest, Scheme};

/// The longest answer to a `CONNECT` a proxy may give before its tunnel opens.
const MAX_TUNNEL_HEAD: usize = 16 * 1024;

/// How much free space the read buffer gets before each read.
const READ_CHUNK: usize = 16 * 1024;

/// A Content-Length is only the server's word: reserve at most this much of it ahead of the
/// bytes actually received.
const MAX_PREALLOCATION: u64 = 8 * 1024 * 1024;

/// Bodies up to this size are copied behind the head so that a typical API call leaves in
/// one write (one TCP segment, one TLS record) instead of two.
const MAX_COALESCED_BODY: usize = 16 * 1024;

pub(super) struct Connection {
    stream: Stream,
    /// Bytes read from the stream; those before `start` have been consumed.
    buffer: Vec<u8>,
    start: usize,
    /// Kept between requests so that encoding a request head allocates nothing.
    head: Vec<u8>,
    received: u64,
    read_timeout: Duration,
    /// Set when a plain-HTTP request goes to a proxy rather than to its server: the proxy
    /// wants the request target whole, and its own credentials.
    forward: Option<wire::Forward>,
}

impl Connection {
    /// Opens a connection and, for `https`, completes the TLS handshake, all within
    /// `connect_timeout`.
    pub(super) async fn open(
        scheme: Scheme,
        host: &str,
        port: u16,
        proxy: Option<&ProxyServer>,
        roots: &TlsRoots,
        connect_timeout: Duration,
        read_timeout: Duration,
    ) -> Result<Connection, TransportError> {
        let mut forward = None;
        let connect = async {
            match (scheme, proxy) {
                (Scheme::Http, None) => tcp_connect(host, port).await.map(Stream::Plain),
                (Scheme::Https, None) => {
                    tls::connect(host, tcp_connect(host, port).await?, roots).await
                }
                (Scheme::Http, Some(proxy)) => {
                    forward = Some(wire::Forward::to(host, port, proxy.authorization.clone()));
                    tcp_connect(&proxy.host, proxy.port)
                        .await
                        .map(Stream::Plain)
                }
                (Scheme::Https, Some(proxy)) => {
                    let tunnel = tunnel(proxy, host, port).await?;
                    tls::connect(host, tunnel, roots).await
                }
            }
        };
        let stream = tokio::time::timeout(connect_timeout, connect)
            .await
            .unwrap_or_else(|_| {
                Err(TransportError::new(
                    TransportErrorKind::Timeout,
                    format!("connecting timed out after {connect_timeout:?}"),
                ))
            })?;
        Ok(Connection {
            stream,
            buffer: Vec::new(),
            start: 0,
            head: Vec::new(),
            received: 0,
            read_timeout,
            forward,
        })
    }

    /// The bytes read from the stream but not consumed yet.
    pub(super) fn buffered(&self) -> &[u8] {
        &self.buffer[self.start..]
    }

    pub(super) fn consume(&mut self, len: usize) {
        self.start += len;
        if self.start == self.buffer.len() {
            self.buffer.clear();
            self.start = 0;
        }
    }

    /// How many bytes this connection has ever received; the send path compares two
    /// readings to learn whether any part of a response arrived in between.
    pub(super) fn bytes_received(&self) -> u64 {
        self.received
    }

    /// Reads more bytes into the buffer; `Ok(0)` means the peer closed the connection.
    pub(super) async fn fill(&mut self) -> io::Result<usize> {
        if self.start > 0 {
            self.buffer.drain(..self.start);
            self.start = 0;
        }
        self.buffer.reserve(READ_CHUNK);
        let read = with_timeout(self.read_timeout, self.stream.read_buf(&mut self.buffer)).await?;
        self.received += read as u64;
        Ok(read)
    }

    /// Appends at most `max` bytes to `out`, from the buffer if it holds any, else from one
    /// read of the stream (straight into `out`, so that a large body is not copied twice).
    /// `Ok(0)` means the peer closed the connection.
    ///
    /// Over TLS, a peer that closes without `close_notify` makes this fail: a body that
    /// ends with the connection cannot then be told apart from a truncated one.
    pub(super) async fn read_some_into(
        &mut self,
        out: &mut Vec<u8>,
        max: u64,
    ) -> io::Result<usize> {
        let max_len = usize::try_from(max).unwrap_or(usize::MAX);
        if !self.buffered().is_empty() {
            let len = self.buffered().len().min(max_len);
            out.extend_from_slice(&self.buffered()[..len]);
            self.consume(len);
            return Ok(len);
        }
        if out.capacity() - out.len() < READ_CHUNK {
            out.reserve(max.min(MAX_PREALLOCATION).max(READ_CHUNK as u64) as usize);
        }
        let mut rest = (&mut self.stream).take(max);
        let read = with_timeout(self.read_timeout, rest.read_buf(out)).await?;
        self.received += read as u64;
        Ok(read)
    }

    /// Writes the request head and, when it is in memory, the body; a streamed body follows
    /// through [`write_all`](Self::write_all). The read timeout bounds the write too: a
    /// peer that stops reading is as stuck as one that stops writing.
    pub(super) async fn write_request(&mut self, request: &HttpRequest) -> io::Result<()> {
        self.head.clear();
        wire::encode_head(request, self.forward.as_ref(), &mut self.head);
        let bytes = request.body.as_bytes().unwrap_or_default();
        let body = if bytes.len() <= MAX_COALESCED_BODY {
            self.head.extend_from_slice(bytes);
            &[][..]
        } else {
            bytes
        };
        let stream = &mut self.stream;
        let head = &self.head;
        with_timeout(self.read_timeout, async move {
            stream.write_all(head).await?;
            stream.write_all(body).await?;
            stream.flush().await
        })
        .await
    }

    /// Writes `bytes`, then flushes, within the read timeout.
    pub(super) async fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        let stream = &mut self.stream;
        with_timeout(self.read_timeout, async move {
            stream.write_all(bytes).await?;
            stream.flush().await
        })
        .await
    }

    /// Whether a pooled connection can no longer carry a request: the peer closed it while
    /// it sat idle or, over plain TCP, sent bytes that no request asked for.
    ///
    /// Best effort: it sees only what the runtime already knows about the socket, so the
    /// send path still retries a connection found closed once the request is written.
    pub(super) fn is_defunct(&self) -> bool {
        let mut byte = [0; 1];
        let mut peeked = ReadBuf::new(&mut byte);
        let mut cx = Context::from_waker(Waker::noop());
        match self.stream.tcp().poll_peek(&mut cx, &mut peeked) {
            Poll::Pending => false,
            Poll::Ready(Ok(0) | Err(_)) => true,
            // TLS may have records in flight that belong to no response (session tickets,
            // key updates); rustls deals with them on the next read.
            Poll::Ready(Ok(_)) => matches!(self.stream, Stream::Plain(_)),
        }
    }
}

async fn with_timeout<T>(
    limit: Duration,
    io: impl Future<Output = io::Result<T>>,
) -> io::Result<T> {
    tokio::time::timeout(limit, io).await.unwrap_or_else(|_| {
        Err(io::Error::new(
            io::ErrorKind::TimedOut,
            format!("no progress within {limit:?}"),
        ))
    })
}

async fn tcp_connect(host: &str, port: u16) -> Result<TcpStream, TransportError> {
    let failed = |error| {
        TransportError::new(TransportErrorKind::Connect, "could not connect").with_source(error)
    };
    let tcp = TcpStream::connect((unbracketed(host), port))
        .await
        .map_err(failed)?;
    // Requests go out in as few writes as possible; Nagle's algorithm would only hold the
    // last segment of a large one back until the server acknowledges the previous.
    tcp.set_nodelay(true).map_err(failed)?;
    Ok(tcp)
}

/// A TCP connection to `proxy`, tunnelled by `CONNECT` to `host:port`: from here on the
/// bytes are the server's, and the TLS handshake goes through.
async fn tunnel(proxy: &ProxyServer, host: &str, port: u16) -> Result<TcpStream, TransportError> {
    let mut tcp = tcp_connect(&proxy.host, proxy.port).await?;
    let mut request = format!("CONNECT {host}:{port} HTTP/1.1\r\nHost: {host}:{port}\r\n");
    if let Some(authorization) = &proxy.authorization {
        request.push_str("Proxy-Authorization: ");
        request.push_str(authorization);
        request.push_str("\r\n");
    }
    request.push_str("\r\n");
    let failed = |message: String| {
        TransportError::new(
            TransportErrorKind::Connect,
            format!("the proxy {}:{} {message}", proxy.host, proxy.port),
        )
    };
    tcp.write_all(request.as_bytes())
        .await
        .map_err(|error| failed("could not be written to".to_owned()).with_source(error))?;
    // Byte by byte: whatever follows the head is the server's, and must stay unread.
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        let read = tcp
            .read(&mut byte)
            .await
            .map_err(|error| failed("closed the tunnel".to_owned()).with_source(error))?;
        if read == 0 {
            return Err(failed(format!(
                "closed the connection before tunnelling to {host}:{port}"
            )));
        }
        if head.len() == MAX_TUNNEL_HEAD {
            return Err(failed("answered CONNECT with a head too long".to_owned()));
        }
        head.push(byte[0]);
    }
    let status_line = head.split(|&b| b == b'\r').next().unwrap_or_default();
    let status_line = String::from_utf8_lossy(status_line);
    let status = status_line.split(' ').nth(1).unwrap_or_default();
    if !status.starts_with('2') || status.len() != 3 {
        return Err(failed(format!(
            "refused to tunnel to {host}:{port}: `{status_line}`"
        )));
    }
    Ok(tcp)
}

/// An IPv6 literal as it appears in a URL (`[::1]`) without its brackets, as resolvers and
/// TLS server names want it.
fn unbracketed(host: &str) -> &str {
    host.strip_prefix('[')
        .and_then(|host| host.strip_suffix(']'))
        .unwrap_or(host)
}

enum Stream {
    Plain(TcpStream),
    #[cfg(feature = "rustls")]
    Tls(Box<tokio_rustls::client::TlsStream<TcpStream>>),
}

impl Stream {
    fn tcp(&self) -> &TcpStream {
        match self {
            Stream::Plain(tcp) => tcp,
            #[cfg(feature = "rustls")]
            Stream::Tls(tls) => tls.get_ref().0,
        }
    }
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(tcp) => Pin::new(tcp).poll_read(cx, buf),
            #[cfg(feature = "rustls")]
            Stream::Tls(tls) => Pin::new(tls).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain(tcp) => Pin::new(tcp).poll_write(cx, buf),
            #[cfg(feature = "rustls")]
            Stream::Tls(tls) => Pin::new(tls).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(tcp) => Pin::new(tcp).poll_flush(cx),
            #[cfg(feature = "rustls")]
            Stream::Tls(tls) => Pin::new(tls).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(tcp) => Pin::new(tcp).poll_shutdown(cx),
            #[cfg(feature = "rustls")]
            Stream::Tls(tls) => Pin::new(tls).poll_shutdown(cx),
        }
    }
}

pub(super) use tls::TlsRoots;

#[cfg(feature = "rustls")]
mod tls {
    use std::fmt;
    use std::io;
    use std::sync::{Arc, OnceLock};

    use tokio_rustls::TlsConnector;
    use tokio_rustls::rustls::pki_types::pem::PemObject;
    use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName};
    use tokio_rustls::rustls::{self, ClientConfig, RootCertStore};

    use tokio::net::TcpStream;

    use super::{Stream, unbracketed};
    use crate::transport::{TransportError, TransportErrorKind};

    /// The certificate authorities a transport trusts: the compiled-in Mozilla roots, and
    /// those of a CA bundle (a corporate proxy's, a private endpoint's) besides.
    #[derive(Clone, Default)]
    pub(in crate::transport) struct TlsRoots {
        /// With a bundle, a connector of this transport's own; without, the shared one.
        own: Option<TlsConnector>,
    }

    impl TlsRoots {
        /// The default roots and the certificates of `pem`, a PEM bundle; an error says
        /// why the bundle cannot be used (no certificate in it, or one that does not parse).
        pub(in crate::transport) fn with_bundle(pem: &[u8]) -> Result<Self, String> {
            let mut roots = default_roots();
            let mut added = 0;
            for certificate in CertificateDer::pem_slice_iter(pem) {
                let certificate = certificate
                    .map_err(|error| format!("a certificate does not parse: {error}"))?;
                roots
                    .add(certificate)
                    .map_err(|error| format!("a certificate cannot be trusted: {error}"))?;
                added += 1;
            }
            if added == 0 {
                return Err("it holds no PEM certificate".to_owned());
            }
            Ok(Self {
                own: Some(connector_with(roots)),
            })
        }

        fn connector(&self) -> &TlsConnector {
            self.own.as_ref().unwrap_or_else(|| shared_connector())
        }
    }

    impl fmt::Debug for TlsRoots {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(if self.own.is_some() {
                "TlsRoots(Mozilla roots and a CA bundle)"
            } else {
                "TlsRoots(Mozilla roots)"
            })
        }
    }

    /// The TLS handshake with `host` over `tcp`, a connection to it or a proxy's tunnel.
    pub(super) async fn connect(
        host: &str,
        tcp: TcpStream,
        roots: &TlsRoots,
    ) -> Result<Stream, TransportError> {
        let name = ServerName::try_from(unbracketed(host).to_owned()).map_err(|error| {
            TransportError::new(
                TransportErrorKind::Tls,
                format!("`{host}` cannot be a TLS server name"),
            )
            .with_source(error)
        })?;
        let tls = roots
            .connector()
            .connect(name, tcp)
            .await
            .map_err(handshake_failed)?;
        Ok(Stream::Tls(Box::new(tls)))
    }

    fn default_roots() -> RootCertStore {
        RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        }
    }

    /// Built on the first HTTPS connection and shared by every transport without a CA
    /// bundle, so a process pays for the root store once, and one that speaks only plain
    /// HTTP never. The roots are compiled in: loading the system's certificates would cost
    /// every start-up a directory scan and parse.
    fn shared_connector() -> &'static TlsConnector {
        static CONNECTOR: OnceLock<TlsConnector> = OnceLock::new();
        CONNECTOR.get_or_init(|| connector_with(default_roots()))
    }

    fn connector_with(roots: RootCertStore) -> TlsConnector {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("ring supports rustls' default protocol versions")
            .with_root_certificates(roots)
            .with_no_client_auth();
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        TlsConnector::from(Arc::new(config))
    }

    /// rustls reports its own verdicts (an untrusted certificate, a peer that does not speak
    /// TLS) wrapped in an `io::Error`; any other error is the connection itself breaking.
    fn handshake_failed(error: io::Error) -> TransportError {
        let from_rustls = error
            .get_ref()
            .is_some_and(|inner| inner.is::<rustls::Error>());
        let kind = if from_rustls {
            TransportErrorKind::Tls
        } else {
            TransportErrorKind::Connect
        };
        TransportError::new(kind, "the TLS handshake failed").with_source(error)
    }
}

#[cfg(not(feature = "rustls"))]
mod tls {
    use super::Stream;
    use crate::transport::{TransportError, TransportErrorKind};

    /// Without TLS there are no roots to hold (braced, so that both builds make it the
    /// same way, with `Default`).
    #[derive(Clone, Debug, Default)]
    pub(in crate::transport) struct TlsRoots {}

    impl TlsRoots {
        pub(in crate::transport) fn with_bundle(_pem: &[u8]) -> Result<Self, String> {
            Err("a CA bundle needs the `rustls` feature of awsgen-runtime".to_owned())
        }
    }

    pub(super) async fn connect(
        _host: &str,
        _tcp: tokio::net::TcpStream,
        _roots: &TlsRoots,
    ) -> Result<Stream, TransportError> {
        Err(TransportError::new(
            TransportErrorKind::Tls,
            "https:// URLs need the `rustls` feature of awsgen-runtime, which this build leaves out",
        ))
    }
}
