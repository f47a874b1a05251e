//! The transports against loopback servers written here, byte for byte.

use std::error::Error as _;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use awsgen_runtime::http::{Headers, HttpRequest, HttpResponse, Url};
use awsgen_runtime::transport::{
    HttpTransport, MemoryTransport, Transport, TransportError, TransportErrorKind,
};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// A request as the test server saw it.
#[derive(Clone, Debug)]
struct Seen {
    line: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(field, _)| field.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    fn count(&self, name: &str) -> usize {
        self.headers
            .iter()
            .filter(|(field, _)| field.eq_ignore_ascii_case(name))
            .count()
    }
}

struct Server {
    addr: SocketAddr,
    accepted: Arc<AtomicUsize>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    fn url(&self, path: &str) -> Url {
        Url::parse(&format!("http://{}{path}", self.addr)).unwrap()
    }

    fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// Runs `handle` on every connection accepted on a fresh loopback port, passing the
/// connection's number (0 for the first) and the server's record of requests.
async fn serve_raw<F, Fut>(handle: F) -> Server
where
    F: Fn(BufReader<TcpStream>, usize, Arc<Mutex<Vec<Seen>>>) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (count, record) = (accepted.clone(), seen.clone());
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            stream.set_nodelay(true).unwrap();
            let number = count.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(handle(BufReader::new(stream), number, record.clone()));
        }
    });
    Server {
        addr,
        accepted,
        seen,
    }
}

/// A server that answers every request on every connection with the bytes `respond` gives.
async fn serve(respond: impl Fn(&Seen) -> Vec<u8> + Send + Sync + 'static) -> Server {
    let respond = Arc::new(respond);
    serve_raw(move |mut stream, _, seen| {
        let respond = respond.clone();
        async move {
            while let Some(request) = read_request(&mut stream, &seen).await {
                if stream
                    .get_mut()
                    .write_all(&respond(&request))
                    .await
                    .is_err()
                {
                    return;
                }
            }
        }
    })
    .await
}

/// Reads one request and records it; `None` once the client has closed the connection.
async fn read_request(stream: &mut BufReader<TcpStream>, seen: &Mutex<Vec<Seen>>) -> Option<Seen> {
    let mut line = String::new();
    if stream.read_line(&mut line).await.ok()? == 0 {
        return None;
    }
    let mut request = Seen {
        line: line.trim_end().to_owned(),
        headers: Vec::new(),
        body: Vec::new(),
    };
    loop {
        line.clear();
        stream.read_line(&mut line).await.ok()?;
        let Some((name, value)) = line.trim_end().split_once(':') else {
            break;
        };
        request
            .headers
            .push((name.to_owned(), value.trim().to_owned()));
    }
    let len = request
        .header("content-length")
        .map_or(0, |len| len.parse().unwrap());
    request.body = vec![0; len];
    stream.read_exact(&mut request.body).await.ok()?;
    seen.lock().unwrap().push(request.clone());
    Some(request)
}

fn ok(body: &[u8]) -> Vec<u8> {
    let mut response =
        format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", body.len()).into_bytes();
    response.extend_from_slice(body);
    response
}

fn request(method: &str, url: Url, body: &[u8]) -> HttpRequest {
    HttpRequest {
        method: method.to_owned(),
        url,
        headers: Headers::new(),
        body: body.to_vec().into(),
    }
}

fn quick() -> HttpTransport {
    HttpTransport::builder()
        .connect_timeout(Duration::from_secs(5))
        .read_timeout(Duration::from_secs(5))
        .build()
}

async fn send_err(transport: &HttpTransport, request: HttpRequest) -> TransportError {
    transport
        .send(&request)
        .await
        .expect_err("the request should fail")
}

/// A body whose every byte depends on its position, so a lost or repeated piece shows.
fn pattern(len: usize, seed: u8) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8 ^ seed).collect()
}

#[tokio::test]
async fn reads_a_content_length_body() {
    let server = serve(|_| {
        b"HTTP/1.1 201 Created\r\nX-Test: yes\r\nContent-Length: 5\r\n\r\nhello".to_vec()
    })
    .await;
    let transport = quick();
    let mut post = request("POST", server.url("/things?a=b&c=d"), b"hi");
    post.headers.append("X-Custom", "1");
    let response = transport.send(&post).await.unwrap();
    assert_eq!(response.status, 201);
    assert_eq!(response.headers.get("x-test"), Some("yes"));
    assert_eq!(response.body, b"hello");
    let seen = &server.seen()[0];
    assert_eq!(seen.line, "POST /things?a=b&c=d HTTP/1.1");
    assert_eq!(seen.header("host"), Some(&*server.addr.to_string()));
    assert_eq!(seen.header("content-length"), Some("2"));
    assert_eq!(seen.header("x-custom"), Some("1"));
    assert_eq!(seen.body, b"hi");
}

#[tokio::test]
async fn frames_requests_the_way_servers_expect() {
    let server = serve(|_| ok(b"")).await;
    let transport = quick();
    transport
        .send(&request("GET", server.url("/"), b""))
        .await
        .unwrap();
    transport
        .send(&request("PUT", server.url("/"), b""))
        .await
        .unwrap();
    let mut own_host = request("GET", server.url("/"), b"");
    own_host.headers.append("Host", "bucket.example.com");
    transport.send(&own_host).await.unwrap();
    let mut own_length = request("POST", server.url("/"), b"abc");
    own_length.headers.append("content-length", "3");
    transport.send(&own_length).await.unwrap();

    let seen = server.seen();
    assert_eq!(
        seen[0].header("content-length"),
        None,
        "a GET without body has no length"
    );
    assert_eq!(
        seen[1].header("content-length"),
        Some("0"),
        "an empty PUT says it is empty"
    );
    assert_eq!(seen[2].header("host"), Some("bucket.example.com"));
    assert_eq!(seen[2].count("host"), 1);
    assert_eq!(seen[3].count("content-length"), 1);
    assert_eq!(seen[3].body, b"abc");
}

#[tokio::test]
async fn reads_a_chunked_body_and_its_trailers() {
    let chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
        5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: abc\r\n\r\n";
    let server = serve(|_| chunked.to_vec()).await;
    let transport = quick();
    let response = transport
        .send(&request("GET", server.url("/"), b""))
        .await
        .unwrap();
    assert_eq!(response.body, b"hello world");
    assert_eq!(response.headers.get("x-checksum"), Some("abc"));
    // The trailers were consumed to their end, so the connection is fit for another request.
    transport
        .send(&request("GET", server.url("/"), b""))
        .await
        .unwrap();
    assert_eq!(server.accepted(), 1);
}

#[tokio::test]
async fn reads_a_response_that_arrives_one_byte_at_a_time() {
    let server = serve_raw(|mut stream, _, seen| async move {
        let response = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
            3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
        while read_request(&mut stream, &seen).await.is_some() {
            for byte in response {
                stream.get_mut().write_all(&[*byte]).await.unwrap();
                tokio::task::yield_now().await;
            }
        }
    })
    .await;
    let response = quick()
        .send(&request("GET", server.url("/"), b""))
        .await
        .unwrap();
    assert_eq!(response.body, b"abcde");
}

#[tokio::test]
async fn reuses_one_connection_for_sequential_requests() {
    let server = serve(|request| ok(request.line.as_bytes())).await;
    let transport = quick();
    for path in ["/1", "/2", "/3"] {
        let response = transport
            .send(&request("GET", server.url(path), b""))
            .await
            .unwrap();
        assert_eq!(response.body, format!("GET {path} HTTP/1.1").as_bytes());
    }
    assert_eq!(server.accepted(), 1);
    assert_eq!(server.seen().len(), 3);
}

#[tokio::test]
async fn max_idle_per_host_of_zero_turns_reuse_off() {
    let server = serve(|_| ok(b"")).await;
    let transport = HttpTransport::builder().max_idle_per_host(0).build();
    for _ in 0..2 {
        transport
            .send(&request("GET", server.url("/"), b""))
            .await
            .unwrap();
    }
    assert_eq!(server.accepted(), 2);
}

#[tokio::test]
async fn replaces_a_pooled_connection_the_server_closed() {
    let server = serve_raw(|mut stream, _, seen| async move {
        if read_request(&mut stream, &seen).await.is_some() {
            stream.get_mut().write_all(&ok(b"once")).await.unwrap();
        }
    })
    .await;
    let transport = quick();
    transport
        .send(&request("GET", server.url("/"), b""))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    let response = transport
        .send(&request("GET", server.url("/"), b""))
        .await
        .unwrap();
    assert_eq!(response.body, b"once");
    assert_eq!(server.accepted(), 2);
}

#[tokio::test]
async fn resends_once_when_a_pooled_connection_closes_before_answering() {
    // The first connection answers one request and then closes on the next without a word,
    // as a server does when its idle timer fires just as the request arrives.
    let server = serve_raw(|mut stream, number, seen| async move {
        let mut answered = 0;
        while read_request(&mut stream, &seen).await.is_some() {
            if number == 0 && answered == 1 {
                return;
            }
            stream.get_mut().write_all(&ok(b"fine")).await.unwrap();
            answered += 1;
        }
    })
    .await;
    let transport = quick();
    transport
        .send(&request("POST", server.url("/"), b"1"))
        .await
        .unwrap();
    let response = transport
        .send(&request("POST", server.url("/"), b"2"))
        .await
        .unwrap();
    assert_eq!(response.body, b"fine");
    assert_eq!(server.accepted(), 2);
    let bodies: Vec<_> = server.seen().into_iter().map(|seen| seen.body).collect();
    assert_eq!(bodies, [b"1", b"2", b"2"]);
}

#[tokio::test]
async fn does_not_resend_on_a_new_connection_or_more_than_once() {
    // Only the first request on the first connection is answered.
    let server = serve_raw(|mut stream, number, seen| async move {
        if read_request(&mut stream, &seen).await.is_some() && number == 0 {
            stream.get_mut().write_all(&ok(b"")).await.unwrap();
            read_request(&mut stream, &seen).await;
        }
    })
    .await;
    let transport = quick();
    transport
        .send(&request("GET", server.url("/"), b""))
        .await
        .unwrap();
    let error = send_err(&transport, request("GET", server.url("/"), b"")).await;
    assert_eq!(error.kind(), TransportErrorKind::Io, "{error}");
    assert!(
        error
            .message()
            .contains("closed before the end of the response head"),
        "{error}"
    );
    assert!(error.is_retryable());
    assert_eq!(server.accepted(), 2, "one resend on one new connection");
}

#[tokio::test]
async fn does_not_pool_a_connection_the_server_asked_to_close() {
    // The server would answer a second request on the same connection; the client must not ask.
    let server =
        serve(|_| b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok".to_vec())
            .await;
    let transport = quick();
    for _ in 0..2 {
        let response = transport
            .send(&request("GET", server.url("/"), b""))
            .await
            .unwrap();
        assert_eq!(response.body, b"ok");
    }
    assert_eq!(server.accepted(), 2);
}

#[tokio::test]
async fn reads_a_body_delimited_by_the_connection_closing() {
    let server = serve_raw(|mut stream, _, seen| async move {
        read_request(&mut stream, &seen).await;
        let response = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall of it";
        stream.get_mut().write_all(response).await.unwrap();
    })
    .await;
    let response = quick()
        .send(&request("GET", server.url("/"), b""))
        .await
        .unwrap();
    assert_eq!(response.body, b"all of it");
}

#[tokio::test]
async fn a_body_cut_short_is_an_io_error() {
    let server = serve_raw(|mut stream, _, seen| async move {
        read_request(&mut stream, &seen).await;
        let response = b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf!";
        stream.get_mut().write_all(response).await.unwrap();
    })
    .await;
    let error = send_err(&quick(), request("GET", server.url("/"), b"")).await;
    assert_eq!(error.kind(), TransportErrorKind::Io, "{error}");
    let cause = error.source().unwrap().to_string();
    assert!(cause.contains("5 of 10 bytes"), "{cause}");
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error_naming_the_address() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let url = Url::parse(&format!("http://{addr}/")).unwrap();
    let error = send_err(&quick(), request("GET", url, b"")).await;
    assert_eq!(error.kind(), TransportErrorKind::Connect);
    assert!(error.is_retryable());
    assert_eq!(error.target(), Some(&*addr.to_string()));
    assert!(
        error.to_string().starts_with(&format!("{addr}: ")),
        "{error}"
    );
    assert!(error.source().is_some());
}

#[tokio::test]
async fn a_silent_server_is_a_timeout() {
    let server = serve_raw(|mut stream, _, seen| async move {
        read_request(&mut stream, &seen).await;
        tokio::time::sleep(Duration::from_secs(30)).await;
    })
    .await;
    let transport = HttpTransport::builder()
        .read_timeout(Duration::from_millis(200))
        .build();
    let started = Instant::now();
    let error = send_err(&transport, request("GET", server.url("/"), b"")).await;
    assert_eq!(error.kind(), TransportErrorKind::Timeout, "{error}");
    assert!(error.is_retryable());
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(server.accepted(), 1, "a timeout is never resent");
}

#[tokio::test]
async fn an_oversized_head_is_an_invalid_response() {
    let server = serve(|_| {
        let mut response = b"HTTP/1.1 200 OK\r\nX-Big: ".to_vec();
        response.resize(response.len() + 70 * 1024, b'a');
        response.extend_from_slice(b"\r\nContent-Length: 0\r\n\r\n");
        response
    })
    .await;
    let error = send_err(&quick(), request("GET", server.url("/"), b"")).await;
    assert_eq!(error.kind(), TransportErrorKind::InvalidResponse);
    assert!(!error.is_retryable());
    assert!(error.message().contains("longer than 64 KiB"), "{error}");
}

#[tokio::test]
async fn a_malformed_response_is_an_invalid_response() {
    for reply in [
        &b"HTTP/1.1 abc OK\r\n\r\n"[..],
        b"garbage\r\n\r\n",
        b"HTTP/2 200 OK\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
    ] {
        let server = serve(move |_| reply.to_vec()).await;
        let error = send_err(&quick(), request("GET", server.url("/"), b"")).await;
        let text = String::from_utf8_lossy(reply);
        assert_eq!(
            error.kind(),
            TransportErrorKind::InvalidResponse,
            "{text:?}: {error}"
        );
    }
}

#[tokio::test]
async fn carries_a_mebibyte_each_way() {
    let upload = pattern(1 << 20, 0x5a);
    let download = pattern(1 << 20, 0xa5);
    let (expected, reply) = (upload.clone(), download.clone());
    let server = serve(move |request| {
        assert!(request.body == expected, "the upload arrived damaged");
        ok(&reply)
    })
    .await;
    let transport = quick();
    for _ in 0..2 {
        let response = transport
            .send(&request("PUT", server.url("/big"), &upload))
            .await
            .unwrap();
        assert!(response.body == download, "the download arrived damaged");
    }
    assert_eq!(server.accepted(), 1);
}

#[tokio::test]
async fn head_204_and_304_responses_have_no_body() {
    let server = serve(|request| match request.line.as_str() {
        "HEAD / HTTP/1.1" => b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n".to_vec(),
        "GET /no-content HTTP/1.1" => b"HTTP/1.1 204 No Content\r\n\r\n".to_vec(),
        "GET /not-modified HTTP/1.1" => {
            b"HTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\n\r\n".to_vec()
        }
        _ => ok(b"body"),
    })
    .await;
    let transport = quick();
    let head = transport
        .send(&request("HEAD", server.url("/"), b""))
        .await
        .unwrap();
    assert_eq!((head.status, head.body.len()), (200, 0));
    assert_eq!(head.headers.get("content-length"), Some("100"));
    let no_content = transport
        .send(&request("GET", server.url("/no-content"), b""))
        .await
        .unwrap();
    assert_eq!((no_content.status, no_content.body.len()), (204, 0));
    let not_modified = transport
        .send(&request("GET", server.url("/not-modified"), b""))
        .await
        .unwrap();
    assert_eq!((not_modified.status, not_modified.body.len()), (304, 0));
    let get = transport
        .send(&request("GET", server.url("/"), b""))
        .await
        .unwrap();
    assert_eq!(get.body, b"body");
    assert_eq!(
        server.accepted(),
        1,
        "no body was waited for, nor left behind"
    );
}

#[tokio::test]
async fn skips_interim_responses() {
    let server = serve(|_| {
        let mut reply =
            b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n".to_vec();
        reply.extend_from_slice(&ok(b"final"));
        reply
    })
    .await;
    let response = quick()
        .send(&request("POST", server.url("/"), b"x"))
        .await
        .unwrap();
    assert_eq!((response.status, &response.body[..]), (200, &b"final"[..]));
}

#[tokio::test]
async fn refuses_to_send_a_header_that_would_inject_another() {
    let server = serve(|_| ok(b"")).await;
    let mut injected = request("GET", server.url("/"), b"");
    injected.headers.append("X-Name", "value\r\nX-Evil: 1");
    let error = send_err(&quick(), injected).await;
    assert_eq!(error.kind(), TransportErrorKind::InvalidRequest);
    let mut bad_name = request("GET", server.url("/"), b"");
    bad_name.headers.append("X Name", "value");
    let error = send_err(&quick(), bad_name).await;
    assert_eq!(error.kind(), TransportErrorKind::InvalidRequest);
    assert_eq!(server.accepted(), 0);
}

#[tokio::test]
async fn https_to_a_plain_http_server_is_a_tls_error() {
    // Answers whatever arrives as a plain HTTP server answers a TLS ClientHello.
    let server = serve_raw(|mut stream, _, _| async move {
        let mut hello = [0; 1024];
        if stream.read(&mut hello).await.unwrap_or(0) > 0 {
            let reply = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
            let _ = stream.get_mut().write_all(reply).await;
            let _ = stream.read_to_end(&mut Vec::new()).await;
        }
    })
    .await;
    let url = Url::parse(&format!("https://{}/", server.addr)).unwrap();
    let started = Instant::now();
    let error = send_err(&quick(), request("GET", url, b"")).await;
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(error.kind(), TransportErrorKind::Tls, "{error}");
    assert!(!error.is_retryable());
    if !cfg!(feature = "rustls") {
        assert!(error.message().contains("`rustls` feature"), "{error}");
    }
}

#[tokio::test]
async fn is_usable_as_a_shared_trait_object() {
    let server = serve(|_| ok(b"shared")).await;
    let transport: Arc<dyn Transport> = Arc::new(HttpTransport::default());
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let (transport, url) = (transport.clone(), server.url("/"));
            tokio::spawn(async move { transport.send(&request("GET", url, b"")).await })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap().body, b"shared");
    }
    assert!(format!("{transport:?}").starts_with("HttpTransport"));
}

fn memory_request(path: &str) -> HttpRequest {
    request(
        "GET",
        Url::parse(&format!("https://example.com{path}")).unwrap(),
        b"",
    )
}

#[tokio::test]
async fn memory_transport_answers_in_order_and_records_requests() {
    let transport = MemoryTransport::with_responses([HttpResponse::new(200, "one")]);
    let handle = transport.clone();
    handle.push_response(HttpResponse::new(404, "two"));
    assert_eq!(
        transport.send(&memory_request("/a")).await.unwrap().body,
        b"one"
    );
    assert_eq!(
        transport.send(&memory_request("/b")).await.unwrap().status,
        404
    );
    let paths: Vec<_> = handle.requests().into_iter().map(|r| r.url.path).collect();
    assert_eq!(paths, ["/a", "/b"]);
    assert_eq!(handle.last_request().unwrap().url.path, "/b");
}

#[tokio::test]
async fn memory_transport_without_responses_says_so() {
    let transport = MemoryTransport::new();
    assert!(transport.last_request().is_none());
    let error = transport.send(&memory_request("/empty")).await.unwrap_err();
    assert_eq!(error.kind(), TransportErrorKind::Other);
    assert!(
        error
            .to_string()
            .contains("no canned response left for GET https://example.com/empty"),
        "{error}"
    );
    assert_eq!(
        transport.requests().len(),
        1,
        "a failed request is still recorded"
    );
}

#[tokio::test]
async fn memory_transport_gives_queued_errors() {
    let transport = MemoryTransport::new();
    transport.push_error(
        TransportError::new(TransportErrorKind::Timeout, "injected").with_target("example.com:443"),
    );
    transport.push_response(HttpResponse::new(200, ""));
    let error = transport.send(&memory_request("/")).await.unwrap_err();
    assert_eq!(error.kind(), TransportErrorKind::Timeout);
    assert_eq!(error.to_string(), "example.com:443: injected");
    assert!(transport.send(&memory_request("/")).await.is_ok());
}

#[tokio::test]
async fn memory_transport_responder_answers_after_the_queue() {
    let transport = MemoryTransport::with_responder(|request| {
        Ok(HttpResponse::new(200, request.url.path.clone()).with_header("x-echo", "1"))
    });
    transport.push_response(HttpResponse::new(500, "queued"));
    assert_eq!(
        transport.send(&memory_request("/q")).await.unwrap().status,
        500
    );
    let response = transport.send(&memory_request("/echo")).await.unwrap();
    assert_eq!(response.body, b"/echo");
    assert_eq!(response.headers.get("x-echo"), Some("1"));
    assert_eq!(transport.requests().len(), 2);
}

#[test]
fn transport_errors_classify_and_chain() {
    let io = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "reset");
    let error = TransportError::new(TransportErrorKind::Io, "reading the response body failed")
        .with_target("s3.amazonaws.com:443")
        .with_target("ignored:1")
        .with_source(io);
    assert_eq!(
        error.to_string(),
        "s3.amazonaws.com:443: reading the response body failed"
    );
    assert_eq!(error.source().unwrap().to_string(), "reset");
    assert!(error.is_retryable());
    for kind in [
        TransportErrorKind::Tls,
        TransportErrorKind::InvalidResponse,
        TransportErrorKind::InvalidRequest,
        TransportErrorKind::Other,
    ] {
        assert!(!TransportError::new(kind, "x").is_retryable(), "{kind:?}");
    }
}

#[tokio::test]
async fn a_content_length_past_the_limit_is_refused_before_the_body_is_read() {
    // The server announces a gigabyte and sends nothing: the refusal cannot have waited.
    let server = serve_raw(|mut stream, _, seen| async move {
        read_request(&mut stream, &seen).await;
        let head = b"HTTP/1.1 200 OK\r\nContent-Length: 1073741824\r\n\r\n";
        stream.get_mut().write_all(head).await.unwrap();
        tokio::time::sleep(Duration::from_secs(30)).await;
    })
    .await;
    let transport = HttpTransport::builder()
        .read_timeout(Duration::from_secs(5))
        .max_response_size(1024)
        .build();
    let error = send_err(&transport, request("GET", server.url("/"), b"")).await;
    assert_eq!(
        error.kind(),
        TransportErrorKind::ResponseTooLarge,
        "{error}"
    );
    assert!(!error.is_retryable());
    let message = error.to_string();
    assert!(
        message.contains("longer than the 1024 bytes allowed (max_response_size)")
            && message.contains("Content-Length is 1073741824"),
        "{message}"
    );
}

#[tokio::test]
async fn an_endless_chunked_body_stops_at_the_limit() {
    let server = serve_raw(|mut stream, _, seen| async move {
        read_request(&mut stream, &seen).await;
        let head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        stream.get_mut().write_all(head).await.unwrap();
        let chunk = [b"4000\r\n".as_slice(), &[b'x'; 0x4000], b"\r\n"].concat();
        while stream.get_mut().write_all(&chunk).await.is_ok() {}
    })
    .await;
    let transport = HttpTransport::builder().max_response_size(1 << 20).build();
    let error = send_err(&transport, request("GET", server.url("/"), b"")).await;
    assert_eq!(
        error.kind(),
        TransportErrorKind::ResponseTooLarge,
        "{error}"
    );
    assert!(error.to_string().contains("goes on past that"), "{error}");
}

#[tokio::test]
async fn a_body_of_exactly_the_limit_is_read() {
    for framing in ["length", "chunked", "close"] {
        let body = pattern(1000, 3);
        let response = match framing {
            "length" => ok(&body),
            "chunked" => [
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3e8\r\n".as_slice(),
                &body,
                b"\r\n0\r\n\r\n",
            ]
            .concat(),
            _ => [
                b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".as_slice(),
                &body,
            ]
            .concat(),
        };
        let server = serve_raw(move |mut stream, _, seen| {
            let response = response.clone();
            async move {
                read_request(&mut stream, &seen).await;
                stream.get_mut().write_all(&response).await.unwrap();
            }
        })
        .await;
        let exact = HttpTransport::builder().max_response_size(1000).build();
        let received = exact
            .send(&request("GET", server.url("/"), b""))
            .await
            .unwrap();
        assert_eq!(received.body, body, "{framing}");
        let short = HttpTransport::builder().max_response_size(999).build();
        let error = send_err(&short, request("GET", server.url("/"), b"")).await;
        assert_eq!(
            error.kind(),
            TransportErrorKind::ResponseTooLarge,
            "{framing}"
        );
    }
}

#[tokio::test]
async fn a_streamed_body_is_read_as_asked_then_its_connection_is_reused() {
    let body = pattern(3 << 20, 9);
    let sent = body.clone();
    let server = serve(move |_| ok(&sent)).await;
    // The limit is for bodies read whole; a streamed one is the caller's to bound.
    let transport = HttpTransport::builder().max_response_size(1024).build();
    let mut streamed = transport
        .send_streaming(&request("GET", server.url("/"), b""))
        .await
        .unwrap();
    assert_eq!(streamed.head.status, 200);
    assert!(streamed.head.body.is_empty());
    assert_eq!(streamed.body.remaining(), Some(3 << 20));
    let mut received = Vec::new();
    let mut pieces = 0;
    while let Some(piece) = streamed.body.next().await {
        let piece = piece.unwrap();
        assert!(piece.len() <= 64 * 1024, "a piece of {} bytes", piece.len());
        received.extend_from_slice(&piece);
        pieces += 1;
    }
    assert_eq!(received, body);
    assert!(pieces >= 48, "{pieces} pieces");
    let again = transport
        .send_streaming(&request("GET", server.url("/"), b""))
        .await
        .unwrap();
    assert_eq!(again.body.collect().await.unwrap(), body);
    assert_eq!(server.accepted(), 1);
}

#[tokio::test]
async fn a_streamed_body_dropped_early_closes_its_connection() {
    let body = pattern(1 << 20, 1);
    let server = serve(move |_| ok(&body)).await;
    let transport = quick();
    let mut streamed = transport
        .send_streaming(&request("GET", server.url("/"), b""))
        .await
        .unwrap();
    streamed.body.next().await.unwrap().unwrap();
    drop(streamed);
    let whole = transport
        .send(&request("GET", server.url("/"), b""))
        .await
        .unwrap();
    assert_eq!(whole.body.len(), 1 << 20);
    assert_eq!(server.accepted(), 2);
}

#[tokio::test]
async fn a_streamed_body_cut_short_fails_the_read_that_meets_the_end() {
    let server = serve_raw(|mut stream, _, seen| async move {
        read_request(&mut stream, &seen).await;
        let response = b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf!";
        stream.get_mut().write_all(response).await.unwrap();
    })
    .await;
    let streamed = quick()
        .send_streaming(&request("GET", server.url("/"), b""))
        .await
        .unwrap();
    let error = streamed.body.collect().await.unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::UnexpectedEof, "{error}");
    assert!(error.to_string().contains("5 of 10 bytes"), "{error}");
}

#[tokio::test]
async fn a_memory_transport_streams_its_canned_body() {
    let transport = MemoryTransport::with_responses([HttpResponse::new(200, "streamed")]);
    let streamed = transport
        .send_streaming(&request(
            "GET",
            Url::parse("https://example.com/").unwrap(),
            b"",
        ))
        .await
        .unwrap();
    assert_eq!(streamed.body.as_bytes(), Some(&b"streamed"[..]));
}
