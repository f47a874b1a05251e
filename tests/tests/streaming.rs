//! Streamed outputs and bounded responses through a generated client: S3's `GetObject` over
//! the runtime's own transport, against a loopback server that answers each request with
//! the bytes a test gives. The body arrives as a `ByteStream`, checked against its checksum
//! as it is read; error responses and every other response are read whole, within
//! `max_response_size`; `call_timeout` bounds a call that never gets an answer.

use std::io::ErrorKind;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use awsgen_runtime::checksum::Algorithm;
use awsgen_runtime::config::ConfigBuilder;
use awsgen_runtime::transport::{TransportError, TransportErrorKind};
use awsgen_s3::operation::get_object::GetObjectError;
use awsgen_s3::{Client, Config, SdkError};
use awsgen_tests::reference_credentials;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// A loopback server that answers every request with `response`, and records the heads of
/// the requests it read.
struct Server {
    addr: SocketAddr,
    heads: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// `response: None` reads requests and never answers.
    async fn start(response: Option<Vec<u8>>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let heads = Arc::new(Mutex::new(Vec::new()));
        let record = heads.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (response, record) = (response.clone(), record.clone());
                tokio::spawn(async move {
                    let mut stream = BufReader::new(stream);
                    loop {
                        let mut head = String::new();
                        let mut line = String::new();
                        while stream.read_line(&mut line).await.unwrap_or(0) > 2 {
                            head.push_str(&line);
                            line.clear();
                        }
                        if head.is_empty() {
                            return;
                        }
                        record.lock().unwrap().push(head);
                        let Some(response) = &response else {
                            tokio::time::sleep(Duration::from_secs(60)).await;
                            return;
                        };
                        if stream.get_mut().write_all(response).await.is_err() {
                            return;
                        }
                    }
                });
            }
        });
        Server { addr, heads }
    }

    fn client(&self, configure: impl FnOnce(ConfigBuilder) -> ConfigBuilder) -> Client {
        let builder = Config::builder()
            .region("us-west-2")
            .credentials(reference_credentials(None))
            .endpoint_url(format!("http://{}", self.addr));
        Client::new(configure(builder).build().unwrap())
    }

    fn heads(&self) -> Vec<String> {
        self.heads.lock().unwrap().clone()
    }
}

fn response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut text = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    [text.as_bytes(), body].concat()
}

/// The transport error a call failed with.
fn transport_error<E: std::fmt::Debug>(error: SdkError<E>) -> TransportError {
    match error {
        SdkError::Transport(error) => error,
        other => panic!("expected a transport error, got {other:?}"),
    }
}

/// An object whose every byte depends on its position, so a lost or repeated piece shows.
fn object(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

#[tokio::test]
async fn get_object_streams_its_body_and_checks_its_checksum() {
    let body = object(2 << 20);
    let crc32 = Algorithm::Crc32.base64_digest(&body);
    let headers = [
        ("ETag", "\"etag-1\""),
        ("Content-Type", "application/octet-stream"),
        ("x-amz-checksum-crc32", crc32.as_str()),
    ];
    let server = Server::start(Some(response("200 OK", &headers, &body))).await;
    let client = server.client(|config| config);
    let output = client.get_object("bucket", "dir/key").send().await.unwrap();
    assert_eq!(output.e_tag.as_deref(), Some("\"etag-1\""));
    assert_eq!(output.content_length, Some(2 << 20));
    assert_eq!(output.body.remaining(), Some(2 << 20));
    assert_eq!(output.body.collect().await.unwrap(), body);
    let heads = server.heads();
    assert!(
        heads[0].starts_with("GET /bucket/dir/key HTTP/1.1\r\n"),
        "{heads:?}"
    );
    // botocore's default `when_supported` asks for the checksum it then checks.
    assert!(
        heads[0].contains("x-amz-checksum-mode: ENABLED\r\n"),
        "{heads:?}"
    );
}

#[tokio::test]
async fn a_streamed_body_that_fails_its_checksum_fails_the_last_read() {
    let body = object(100_000);
    let wrong = Algorithm::Crc32.base64_digest(b"something else");
    let headers = [("x-amz-checksum-crc32", wrong.as_str())];
    let server = Server::start(Some(response("200 OK", &headers, &body))).await;
    let output = server
        .client(|config| config)
        .get_object("bucket", "key")
        .send()
        .await
        .unwrap();
    let error = output.body.collect().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidData);
    let message = error.to_string();
    assert!(
        message.starts_with(&format!("Expected checksum {wrong} did not match")),
        "{message}"
    );
}

#[tokio::test]
async fn a_get_object_error_is_read_whole_and_parsed() {
    let error_body = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code>\
        <Message>The specified key does not exist.</Message><Key>key</Key>\
        <RequestId>REQ1</RequestId></Error>";
    let server = Server::start(Some(response(
        "404 Not Found",
        &[("Content-Type", "application/xml")],
        error_body,
    )))
    .await;
    let error = server
        .client(|config| config)
        .get_object("bucket", "key")
        .send()
        .await
        .unwrap_err();
    let meta = error.meta().expect("a service error");
    assert_eq!(meta.code(), "NoSuchKey");
    assert!(
        matches!(error.service_error(), Some(GetObjectError::NoSuchKey(_))),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_response_read_whole_stops_at_max_response_size() {
    // ListBuckets is read whole: a body longer than the limit fails the call, untried again.
    let server = Server::start(Some(response("200 OK", &[], &[b'x'; 4096]))).await;
    let error = server
        .client(|config| config.max_response_size(1024))
        .list_buckets()
        .send()
        .await
        .unwrap_err();
    let error = transport_error(error);
    assert_eq!(
        error.kind(),
        TransportErrorKind::ResponseTooLarge,
        "{error}"
    );
    assert_eq!(server.heads().len(), 1);
}

#[tokio::test]
async fn a_streamed_error_body_stops_at_max_response_size_too() {
    let server = Server::start(Some(response("500 Internal Error", &[], &[b'x'; 4096]))).await;
    let error = server
        .client(|config| config.max_response_size(1024).max_attempts(1))
        .get_object("bucket", "key")
        .send()
        .await
        .unwrap_err();
    let error = transport_error(error);
    assert_eq!(
        error.kind(),
        TransportErrorKind::ResponseTooLarge,
        "{error}"
    );
}

#[tokio::test]
async fn call_timeout_ends_a_call_that_gets_no_answer() {
    let server = Server::start(None).await;
    let started = Instant::now();
    let error = server
        .client(|config| config.call_timeout(Duration::from_millis(300)))
        .get_object("bucket", "key")
        .send()
        .await
        .unwrap_err();
    let error = transport_error(error);
    assert_eq!(error.kind(), TransportErrorKind::Timeout);
    assert!(
        error.to_string().contains("call_timeout of 300ms"),
        "{error}"
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}
