//! HTTPS and proxies against loopback servers: a server whose certificate a private
//! authority signed (`tests/fixtures/tls/`, made by
//! `tests/reference/make_test_certificates.sh`) is refused with the compiled-in roots alone
//! and accepted with the authority's CA bundle, given to the transport or through the
//! configuration; requests go through loopback proxies — `https://` through a `CONNECT`
//! tunnel to that server, `http://` in absolute form — `NO_PROXY` hosts go direct, and a
//! proxy that refuses the tunnel is an error.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use awsgen_runtime::http::{HttpRequest, Url};
use awsgen_runtime::transport::{HttpTransport, Proxies, Transport, TransportErrorKind};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[cfg(feature = "rustls")]
mod tls {
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    use awsgen_runtime::config::Config;
    use awsgen_runtime::credentials::Credentials;
    use awsgen_runtime::transport::{HttpTransport, Transport, TransportErrorKind};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;
    use tokio_rustls::TlsAcceptor;
    use tokio_rustls::rustls::ServerConfig;
    use tokio_rustls::rustls::pki_types::pem::PemObject;
    use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};

    use super::get;

    pub fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/tls")
            .join(name)
    }

    /// Answers every connection's first request with a small 200, over TLS with the fixture's
    /// server certificate; returns its address.
    pub async fn serve_tls() -> std::net::SocketAddr {
        let certificate = CertificateDer::from_pem_file(fixture("server.pem")).unwrap();
        let key = PrivateKeyDer::from_pem_file(fixture("server-key.pem")).unwrap();
        let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
        let config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![certificate], key)
            .unwrap();
        let acceptor = TlsAcceptor::from(Arc::new(config));
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move {
            loop {
                let Ok((tcp, _)) = listener.accept().await else {
                    return;
                };
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    // A client that refuses the certificate ends the handshake; that is the test.
                    let Ok(mut tls) = acceptor.accept(tcp).await else {
                        return;
                    };
                    let mut head = Vec::new();
                    let mut byte = [0u8; 1];
                    while !head.ends_with(b"\r\n\r\n") {
                        if tls.read(&mut byte).await.unwrap_or(0) == 0 {
                            return;
                        }
                        head.push(byte[0]);
                    }
                    let _ = tls
                        .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")
                        .await;
                    let _ = tls.shutdown().await;
                });
            }
        });
        address
    }

    #[tokio::test]
    async fn a_private_authority_is_trusted_only_with_its_ca_bundle() {
        let address = serve_tls().await;

        let error = HttpTransport::new()
            .send(&get(&format!("https://127.0.0.1:{}/", address.port())))
            .await
            .unwrap_err();
        assert_eq!(error.kind(), TransportErrorKind::Tls, "{error}");

        let pem = std::fs::read(fixture("ca.pem")).unwrap();
        let trusting = HttpTransport::builder().ca_bundle(&pem).unwrap().build();
        let response = trusting
            .send(&get(&format!("https://127.0.0.1:{}/", address.port())))
            .await
            .unwrap();
        assert_eq!(
            (response.status, response.body.as_slice()),
            (200, &b"ok"[..])
        );

        // A bundle with no certificate in it is refused, saying so.
        let why = HttpTransport::builder()
            .ca_bundle(b"not a certificate")
            .unwrap_err();
        assert!(why.contains("no PEM certificate"), "{why}");
    }

    #[test]
    fn the_configuration_reads_the_bundle_and_names_a_bad_one() {
        let config = |path: PathBuf| {
            Config::builder()
                .region("us-east-1")
                .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
                .ca_bundle(path)
                .build()
        };
        assert!(config(fixture("ca.pem")).is_ok());
        let error = config(fixture("missing.pem")).unwrap_err();
        assert!(
            error.to_string().contains("missing.pem")
                && error.to_string().contains("could not be read"),
            "{error}"
        );
        let error = config(fixture("server-key.pem")).unwrap_err();
        assert!(
            error.to_string().contains("holds no PEM certificate"),
            "{error}"
        );
    }
}

/// Reads one request or response head, byte by byte so that nothing after it is taken.
async fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).await.unwrap_or(0) == 0 {
            break;
        }
        head.push(byte[0]);
    }
    String::from_utf8_lossy(&head).into_owned()
}

/// A proxy that records each head it is sent and answers with `answer`: for a `CONNECT`
/// that succeeds, it then pipes the connection to the target.
async fn proxy(answer: &'static str) -> (SocketAddr, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let record = Arc::clone(&record);
            tokio::spawn(async move {
                let head = read_head(&mut client).await;
                record.lock().unwrap().push(head.clone());
                let _ = client.write_all(answer.as_bytes()).await;
                let target = head
                    .strip_prefix("CONNECT ")
                    .and_then(|rest| rest.split(' ').next());
                if let (Some(target), true) = (target, answer.starts_with("HTTP/1.1 200")) {
                    let mut server = TcpStream::connect(target).await.unwrap();
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                }
            });
        }
    });
    (address, seen)
}

fn get(url: &str) -> HttpRequest {
    HttpRequest {
        method: "GET".to_owned(),
        url: Url::parse(url).unwrap(),
        headers: Default::default(),
        body: Default::default(),
    }
}

#[cfg(feature = "rustls")]
#[tokio::test]
async fn https_goes_through_a_connect_tunnel_with_the_proxy_s_credentials() {
    let server_address = tls::serve_tls().await;
    let (proxy_address, seen) = proxy("HTTP/1.1 200 Connection established\r\n\r\n").await;
    let ca = std::fs::read(tls::fixture("ca.pem")).unwrap();
    let transport = HttpTransport::builder()
        .ca_bundle(&ca)
        .unwrap()
        .proxies(
            Proxies::none()
                .https(&format!("http://user:pass@{proxy_address}"))
                .unwrap(),
        )
        .build();
    let response = transport
        .send(&get(&format!(
            "https://127.0.0.1:{}/",
            server_address.port()
        )))
        .await
        .unwrap();
    assert_eq!(response.body, b"ok");
    let seen = seen.lock().unwrap();
    let connect = &seen[0];
    assert!(
        connect.starts_with(&format!(
            "CONNECT 127.0.0.1:{} HTTP/1.1\r\n",
            server_address.port()
        )),
        "{connect}"
    );
    // base64 of `user:pass`.
    assert!(
        connect.contains("Proxy-Authorization: Basic dXNlcjpwYXNz\r\n"),
        "{connect}"
    );
}

#[tokio::test]
async fn http_goes_to_the_proxy_in_absolute_form() {
    let (proxy_address, seen) = proxy("HTTP/1.1 200 OK\r\ncontent-length: 7\r\n\r\nproxied").await;
    let transport = HttpTransport::builder()
        .proxies(
            Proxies::none()
                .http(&format!("http://ops:s3cret@{proxy_address}"))
                .unwrap(),
        )
        .build();
    let response = transport
        .send(&get("http://example.test:8080/path?x=1"))
        .await
        .unwrap();
    assert_eq!(response.body, b"proxied");
    let head = seen.lock().unwrap()[0].clone();
    assert!(
        head.starts_with("GET http://example.test:8080/path?x=1 HTTP/1.1\r\n"),
        "{head}"
    );
    assert!(head.contains("Host: example.test:8080\r\n"), "{head}");
    assert!(
        head.contains("Proxy-Authorization: Basic b3BzOnMzY3JldA==\r\n"),
        "{head}"
    );
}

#[tokio::test]
async fn no_proxy_hosts_go_direct_and_a_refused_tunnel_is_an_error() {
    // A plain server, reached directly because NO_PROXY names it.
    let server = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server_address = server.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut stream, _) = server.accept().await.unwrap();
        let _ = read_head(&mut stream).await;
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 6\r\n\r\ndirect")
            .await;
    });
    let (proxy_address, seen) = proxy("HTTP/1.1 502 Bad Gateway\r\n\r\n").await;
    let transport = HttpTransport::builder()
        .proxies(
            Proxies::none()
                .http(&proxy_address.to_string())
                .unwrap()
                .https(&format!("http://user:hunter2@{proxy_address}"))
                .unwrap()
                .no_proxy("localhost,127.0.0.1"),
        )
        .build();
    let response = transport
        .send(&get(&format!(
            "http://127.0.0.1:{}/",
            server_address.port()
        )))
        .await
        .unwrap();
    assert_eq!(response.body, b"direct");
    assert!(seen.lock().unwrap().is_empty(), "the proxy was asked");

    let error = transport
        .send(&get("https://s3.example.test/"))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), TransportErrorKind::Connect, "{error}");
    assert!(error.to_string().contains("502 Bad Gateway"), "{error}");
    assert!(!error.to_string().contains("hunter2"), "{error}");
}
