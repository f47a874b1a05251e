//! Streamed request bodies through `HttpTransport`, against a loopback server written here:
//! a file sent with its length, a reader of unknown length sent chunked, and
//! `Expect: 100-continue` handled as botocore's connection handles it (the body after the
//! go-ahead, or after a second of silence; never after a final answer).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use awsgen_runtime::body::RequestBody;
use awsgen_runtime::http::{Headers, HttpRequest, Url};
use awsgen_runtime::transport::{HttpTransport, Transport, TransportErrorKind};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// How the server answers a request that asks `Expect: 100-continue`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum OnExpect {
    Continue,
    /// A final `403` at once, without reading a body.
    Refuse,
    /// Nothing until the body has come.
    Silence,
}

/// What the server read of one request.
#[derive(Clone, Debug, Default)]
struct Received {
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(field, _)| field.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

struct Server {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    connections: Arc<Mutex<usize>>,
}

impl Server {
    async fn start(on_expect: OnExpect) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(Mutex::new(0));
        let (record, count) = (received.clone(), connections.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                *count.lock().unwrap() += 1;
                tokio::spawn(serve(BufReader::new(stream), on_expect, record.clone()));
            }
        });
        Server {
            addr,
            received,
            connections,
        }
    }

    fn url(&self) -> Url {
        Url::parse(&format!("http://{}/upload", self.addr)).unwrap()
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    fn connections(&self) -> usize {
        *self.connections.lock().unwrap()
    }
}

async fn serve(
    mut stream: BufReader<TcpStream>,
    on_expect: OnExpect,
    record: Arc<Mutex<Vec<Received>>>,
) {
    loop {
        let mut request = Received::default();
        let mut line = String::new();
        if stream.read_line(&mut line).await.unwrap_or(0) == 0 {
            return;
        }
        loop {
            line.clear();
            stream.read_line(&mut line).await.unwrap();
            let Some((name, value)) = line.trim_end().split_once(':') else {
                break;
            };
            request
                .headers
                .push((name.to_owned(), value.trim().to_owned()));
        }
        if request.header("expect") == Some("100-continue") {
            match on_expect {
                OnExpect::Continue => stream
                    .get_mut()
                    .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
                    .await
                    .unwrap(),
                OnExpect::Refuse => {
                    let refusal = b"HTTP/1.1 403 Forbidden\r\nContent-Length: 2\r\n\r\nno";
                    stream.get_mut().write_all(refusal).await.unwrap();
                    // Whatever arrives in the next second and a half is a body sent anyway.
                    let mut late = vec![0; 1024];
                    if let Ok(Ok(read)) =
                        tokio::time::timeout(Duration::from_millis(1500), stream.read(&mut late))
                            .await
                    {
                        request.body = late[..read].to_vec();
                    }
                    record.lock().unwrap().push(request);
                    return;
                }
                OnExpect::Silence => {}
            }
        }
        request.body = read_body(&mut stream, &request).await;
        record.lock().unwrap().push(request);
        let ok = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        if stream.get_mut().write_all(ok).await.is_err() {
            return;
        }
    }
}

async fn read_body(stream: &mut BufReader<TcpStream>, request: &Received) -> Vec<u8> {
    if let Some(length) = request.header("content-length") {
        let mut body = vec![0; length.parse().unwrap()];
        stream.read_exact(&mut body).await.unwrap();
        return body;
    }
    assert_eq!(request.header("transfer-encoding"), Some("chunked"));
    let mut body = Vec::new();
    loop {
        let mut size = String::new();
        stream.read_line(&mut size).await.unwrap();
        let size = usize::from_str_radix(size.trim_end(), 16).unwrap();
        let mut chunk = vec![0; size + 2];
        stream.read_exact(&mut chunk).await.unwrap();
        assert!(chunk.ends_with(b"\r\n"));
        if size == 0 {
            return body;
        }
        body.extend_from_slice(&chunk[..size]);
    }
}

fn upload(url: Url, body: RequestBody, expect: bool) -> HttpRequest {
    let mut headers = Headers::new();
    if expect {
        headers.insert("Expect", "100-continue");
    }
    HttpRequest {
        method: "PUT".to_owned(),
        url,
        headers,
        body,
    }
}

fn payload(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 253) as u8).collect()
}

fn temp_file(name: &str, data: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("awsgen-upload-{}-{name}", std::process::id()));
    std::fs::write(&path, data).unwrap();
    path
}

#[tokio::test]
async fn a_file_goes_with_its_length() {
    let server = Server::start(OnExpect::Continue).await;
    let data = payload(3 << 20);
    let path = temp_file("length", &data);
    let transport = HttpTransport::new();
    let body = RequestBody::from_path(&path).await.unwrap();
    let response = transport
        .send(&upload(server.url(), body, false))
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    let received = server.received();
    assert_eq!(received[0].header("content-length"), Some("3145728"));
    assert!(received[0].body == data, "the file arrived changed");
    std::fs::remove_file(path).unwrap();
}

#[tokio::test]
async fn a_reader_of_unknown_length_goes_chunked() {
    let server = Server::start(OnExpect::Continue).await;
    let data = payload(200_000);
    let body = RequestBody::from_reader(std::io::Cursor::new(data.clone()), None);
    let response = HttpTransport::new()
        .send(&upload(server.url(), body, false))
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    let received = server.received();
    assert_eq!(received[0].header("content-length"), None);
    assert!(
        received[0].body == data,
        "the reader's bytes arrived changed"
    );
}

#[tokio::test]
async fn the_body_follows_the_go_ahead() {
    let server = Server::start(OnExpect::Continue).await;
    let data = payload(100_000);
    let body = RequestBody::from_reader(std::io::Cursor::new(data.clone()), Some(100_000));
    let started = Instant::now();
    let response = HttpTransport::new()
        .send(&upload(server.url(), body, true))
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "it waited for nothing"
    );
    assert!(server.received()[0].body == data);
}

#[tokio::test]
async fn a_refusal_before_the_go_ahead_keeps_the_body_back() {
    let server = Server::start(OnExpect::Refuse).await;
    let path = temp_file("refused", &payload(50_000));
    let transport = HttpTransport::new();
    let body = RequestBody::from_path(&path).await.unwrap();
    let response = transport
        .send(&upload(server.url(), body.clone(), true))
        .await
        .unwrap();
    assert_eq!((response.status, &response.body[..]), (403, &b"no"[..]));
    // The connection is not reused: the server may still be waiting for the body.
    let again = transport
        .send(&upload(server.url(), body, true))
        .await
        .unwrap();
    assert_eq!(again.status, 403);
    tokio::time::sleep(Duration::from_millis(1600)).await;
    let received = server.received();
    assert_eq!(received.len(), 2);
    assert!(
        received.iter().all(|request| request.body.is_empty()),
        "a body was sent"
    );
    assert_eq!(server.connections(), 2);
    std::fs::remove_file(path).unwrap();
}

#[tokio::test]
async fn a_silent_server_gets_the_body_after_a_second() {
    let server = Server::start(OnExpect::Silence).await;
    let data = payload(10_000);
    let body = RequestBody::from_reader(std::io::Cursor::new(data.clone()), Some(10_000));
    let started = Instant::now();
    let response = HttpTransport::new()
        .send(&upload(server.url(), body, true))
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(900));
    assert!(server.received()[0].body == data);
}

#[tokio::test]
async fn a_file_that_shrank_is_not_sent() {
    let server = Server::start(OnExpect::Continue).await;
    let path = temp_file("shrank", &payload(10_000));
    let body = RequestBody::from_path(&path).await.unwrap();
    std::fs::write(&path, b"short").unwrap();
    let error = HttpTransport::new()
        .send(&upload(server.url(), body, false))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), TransportErrorKind::RequestBody);
    assert!(!error.is_retryable());
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        server.received().is_empty(),
        "nothing of the request was sent"
    );
    std::fs::remove_file(path).unwrap();
}
