//! HTTPS to a loopback server whose certificate a private authority signed: refused with
//! the compiled-in roots alone, accepted once the authority's CA bundle is given, to the
//! transport or through the configuration. The certificates are
//! `tests/fixtures/tls/`, made by `tests/reference/make_test_certificates.sh`.
#![cfg(feature = "rustls")]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use awsgen_runtime::config::Config;
use awsgen_runtime::credentials::Credentials;
use awsgen_runtime::http::{HttpRequest, Url};
use awsgen_runtime::transport::{HttpTransport, Transport, TransportErrorKind};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/tls")
        .join(name)
}

/// Answers every connection's first request with a small 200, over TLS with the fixture's
/// server certificate; returns its address.
async fn serve_tls() -> std::net::SocketAddr {
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

fn request(address: std::net::SocketAddr) -> HttpRequest {
    HttpRequest {
        method: "GET".to_owned(),
        url: Url::parse(&format!("https://127.0.0.1:{}/", address.port())).unwrap(),
        headers: Default::default(),
        body: Default::default(),
    }
}

#[tokio::test]
async fn a_private_authority_is_trusted_only_with_its_ca_bundle() {
    let address = serve_tls().await;

    let error = HttpTransport::new()
        .send(&request(address))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), TransportErrorKind::Tls, "{error}");

    let pem = std::fs::read(fixture("ca.pem")).unwrap();
    let trusting = HttpTransport::builder().ca_bundle(&pem).unwrap().build();
    let response = trusting.send(&request(address)).await.unwrap();
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
