//! End to end over real HTTP: the generated Amplify client, configured with nothing but an
//! endpoint URL (so it sends through the runtime's own `HttpTransport`), talks to a small fake
//! Amplify API listening on loopback. What the fake received is checked as carefully as what
//! the client made of the answers.
//!
//! The fake speaks just enough HTTP/1.1: one request head at a time, a `Content-Length` body,
//! and keep-alive, so that several requests can arrive over one connection as the client's
//! pool sends them. Every wait is bounded, and no test sleeps.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use awsgen_amplify::operation::create_deployment::CreateDeploymentError;
use awsgen_amplify::types::{JobStatus, JobType};
use awsgen_runtime::config::Config;
use awsgen_runtime::error::SdkError;
use awsgen_runtime::sleep::InstantSleep;
use awsgen_runtime::time::DateTime;
use awsgen_runtime::transport::TransportErrorKind;
use awsgen_tests::reference_credentials;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

const APP_ID: &str = "d2l8fg9example";
const BRANCH: &str = "main";
const CREATE_PATH: &str = "/apps/d2l8fg9example/branches/main/deployments";
const START_PATH: &str = "/apps/d2l8fg9example/branches/main/deployments/start";

/// Far beyond what a loopback exchange takes, far below the transport's own 60 s timeouts:
/// a hang fails the test with a message instead of stalling the suite.
const LIMIT: Duration = Duration::from_secs(10);

/// How long the fake's tasks may live at most, in case a test forgets to let them go.
const SERVER_LIFETIME: Duration = Duration::from_secs(60);

/// One request as the fake server read it off the wire.
#[derive(Clone, Debug)]
struct Received {
    /// Which accepted connection carried it, counting from 0.
    connection: usize,
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json_body(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "{} {}: the body is not JSON ({e}): {}",
                self.method,
                self.target,
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

/// What the fake answers.
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
}

impl Reply {
    fn json(status: u16, body: String) -> Self {
        Self {
            status,
            headers: vec![("Content-Type", "application/json".to_owned())],
            body,
        }
    }

    fn with_header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.push((name, value.to_owned()));
        self
    }
}

type Handler = dyn Fn(&Received) -> Reply + Send + Sync;

#[derive(Default)]
struct Record {
    /// The peer address of every accepted connection, in order.
    peers: Vec<SocketAddr>,
    requests: Vec<Received>,
}

/// A fake Amplify API on `127.0.0.1`, answering each request with `handler`.
struct FakeAmplify {
    port: u16,
    record: Arc<Mutex<Record>>,
    accept_loop: JoinHandle<()>,
    /// The back-off delays the clients asked for between attempts, instead of waiting.
    sleep: InstantSleep,
}

impl FakeAmplify {
    async fn start(handler: impl Fn(&Received, u16) -> Reply + Send + Sync + 'static) -> Self {
        // Loopback only: nothing outside this machine can reach the fake.
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let port = listener.local_addr().expect("local address").port();
        let handler: Arc<Handler> = Arc::new(move |request: &Received| handler(request, port));
        let record = Arc::new(Mutex::new(Record::default()));
        let accept_loop =
            tokio::spawn(bounded_task(accept(listener, Arc::clone(&record), handler)));
        Self {
            port,
            record,
            accept_loop,
            sleep: InstantSleep::new(),
        }
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A client with the botocore reference's credentials and the default transport, the
    /// real HTTP/1.1 one, sending to this server. It retries as usual but records its
    /// back-off delays instead of waiting.
    fn client(&self) -> awsgen_amplify::Client {
        let config = Config::builder()
            .region("us-east-1")
            .credentials(reference_credentials(None))
            .endpoint_url(self.endpoint())
            .sleep(self.sleep.clone())
            .build()
            .expect("a valid configuration");
        awsgen_amplify::Client::new(config)
    }

    fn record(&self) -> MutexGuard<'_, Record> {
        lock(&self.record)
    }
}

impl Drop for FakeAmplify {
    fn drop(&mut self) {
        self.accept_loop.abort();
    }
}

fn lock(record: &Mutex<Record>) -> MutexGuard<'_, Record> {
    record.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Runs a server task for at most [`SERVER_LIFETIME`].
async fn bounded_task(task: impl Future<Output = ()>) {
    let _ = tokio::time::timeout(SERVER_LIFETIME, task).await;
}

/// Waits for a client call, failing the test if it takes longer than [`LIMIT`].
async fn bounded<T>(what: &str, future: impl Future<Output = T>) -> T {
    tokio::time::timeout(LIMIT, future)
        .await
        .unwrap_or_else(|_| panic!("{what} did not finish within {LIMIT:?}"))
}

async fn accept(listener: TcpListener, record: Arc<Mutex<Record>>, handler: Arc<Handler>) {
    while let Ok((stream, peer)) = listener.accept().await {
        let connection = {
            let mut record = lock(&record);
            record.peers.push(peer);
            record.peers.len() - 1
        };
        tokio::spawn(bounded_task(serve(
            stream,
            connection,
            Arc::clone(&record),
            Arc::clone(&handler),
        )));
    }
}

/// Serves requests on one connection until the client closes it, asks to close it, or sends
/// something this fake does not understand.
async fn serve(
    mut stream: TcpStream,
    connection: usize,
    record: Arc<Mutex<Record>>,
    handler: Arc<Handler>,
) {
    let mut buffer = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buffer, connection).await else {
            return;
        };
        let close = request
            .header("connection")
            .is_some_and(|v| v.eq_ignore_ascii_case("close"));
        // Recorded before the answer goes out: once the client has its response, the test
        // can read what was sent without waiting for anything else.
        lock(&record).requests.push(request.clone());
        let reply = handler(&request);
        if stream
            .write_all(&encode_reply(&reply, close))
            .await
            .is_err()
            || close
        {
            return;
        }
    }
}

/// Reads one request: the head up to the blank line, then `Content-Length` bytes of body.
/// Bytes after it stay in `buffer` for the next request. `None` at the end of the stream or
/// on anything malformed.
async fn read_request(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    connection: usize,
) -> Option<Received> {
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        if stream.read_buf(buffer).await.ok()? == 0 {
            return None;
        }
    };
    let head = std::str::from_utf8(&buffer[..head_end]).ok()?.to_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    if request_line.next()? != "HTTP/1.1" {
        return None;
    }
    let headers = lines
        .map(|line| {
            let (name, value) = line.split_once(':')?;
            Some((name.to_owned(), value.trim().to_owned()))
        })
        .collect::<Option<Vec<_>>>()?;
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .map_or(Some(0), |(_, v)| v.parse().ok())?;
    buffer.drain(..head_end + 4);
    while buffer.len() < length {
        if stream.read_buf(buffer).await.ok()? == 0 {
            return None;
        }
    }
    let body = buffer.drain(..length).collect();
    Some(Received {
        connection,
        method,
        target,
        headers,
        body,
    })
}

fn encode_reply(reply: &Reply, close: bool) -> Vec<u8> {
    let reason = match reply.status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        429 => "Too Many Requests",
        _ => "Other",
    };
    let mut head = format!("HTTP/1.1 {} {reason}\r\n", reply.status);
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
    if close {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(reply.body.as_bytes());
    bytes
}

/// 2026-01-02T03:04:05Z, when the fake's commit was made.
const COMMIT_TIME: i64 = 1_767_323_045;

/// The fake's deployment API: `CreateDeployment` hands out job 42 and an upload URL on this
/// server, `StartDeployment` reports the job pending. Anything else is a 404.
fn deployment_api(request: &Received, port: u16) -> Reply {
    match (request.method.as_str(), request.target.as_str()) {
        ("POST", CREATE_PATH) => Reply::json(
            200,
            format!(
                r#"{{"jobId":"42","fileUploadUrls":{{}},"zipUploadUrl":"http://127.0.0.1:{port}/upload/zip"}}"#
            ),
        ),
        ("POST", START_PATH) => Reply::json(
            200,
            // rest-json timestamps are epoch seconds by default; the fraction on `startTime`
            // takes the parser's floating-point path.
            format!(
                r#"{{"jobSummary":{{
                    "jobArn":"arn:aws:amplify:us-east-1:123456789012:apps/{APP_ID}/branches/{BRANCH}/jobs/0000000042",
                    "jobId":"42",
                    "commitId":"HEAD",
                    "commitMessage":"Manual deployment",
                    "commitTime":{COMMIT_TIME},
                    "startTime":{}.5,
                    "status":"PENDING",
                    "jobType":"MANUAL"
                }}}}"#,
                COMMIT_TIME + 1
            ),
        )
        .with_header("x-amzn-RequestId", "r-start"),
        _ => Reply::json(404, r#"{"message":"no such route"}"#.to_owned())
            .with_header("x-amzn-ErrorType", "NotFoundException"),
    }
}

/// The checks every signed request must pass, whatever the operation.
fn assert_signed_for_fake(request: &Received, port: u16) {
    let what = format!("{} {}", request.method, request.target);
    let authorization = request.header("Authorization").unwrap_or_else(|| {
        panic!("{what}: no Authorization header");
    });
    assert!(
        authorization.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"),
        "{what}: {authorization}"
    );
    let date = request
        .header("X-Amz-Date")
        .unwrap_or_else(|| panic!("{what}: no X-Amz-Date header"));
    // `20260102T030405Z`, and the credential scope is for the same day.
    assert!(
        date.len() == 16 && date.ends_with('Z') && date.as_bytes()[8] == b'T',
        "{what}: X-Amz-Date {date}"
    );
    let scope = format!(
        "Credential=AKIDEXAMPLE/{}/us-east-1/amplify/aws4_request, ",
        &date[..8]
    );
    assert!(authorization.contains(&scope), "{what}: {authorization}");
    // The host the client signed is the one it connected to, port included.
    assert_eq!(
        request.header("Host"),
        Some(format!("127.0.0.1:{port}").as_str()),
        "{what}"
    );
    assert_eq!(
        request.header("Content-Type"),
        Some("application/json"),
        "{what}"
    );
    assert_eq!(
        request.header("Content-Length"),
        Some(request.body.len().to_string().as_str()),
        "{what}"
    );
}

/// `CreateDeployment` then `StartDeployment` with the job id it returned, as a deploy script
/// does: typed outputs, the requests the server saw, and one connection for both.
#[tokio::test]
async fn deployment_round_trip_over_loopback_http() {
    let server = FakeAmplify::start(deployment_api).await;
    let port = server.port;
    let client = server.client();

    let created = bounded(
        "CreateDeployment",
        client.create_deployment(APP_ID, BRANCH).send(),
    )
    .await
    .expect("CreateDeployment succeeds");
    assert_eq!(created.job_id.as_deref(), Some("42"));
    assert!(created.file_upload_urls.is_empty());
    assert_eq!(
        created.zip_upload_url,
        format!("http://127.0.0.1:{port}/upload/zip")
    );

    let job_id = created.job_id.expect("a job id");
    let started = bounded(
        "StartDeployment",
        client
            .start_deployment(APP_ID, BRANCH)
            .job_id(job_id)
            .send(),
    )
    .await
    .expect("StartDeployment succeeds");
    let summary = started.job_summary;
    assert_eq!(summary.job_id, "42");
    assert_eq!(
        summary.job_arn,
        "arn:aws:amplify:us-east-1:123456789012:apps/d2l8fg9example/branches/main/jobs/0000000042"
    );
    assert_eq!(summary.status, JobStatus::Pending);
    assert_eq!(summary.job_type, JobType::Manual);
    assert_eq!(summary.commit_id, "HEAD");
    assert_eq!(summary.commit_message, "Manual deployment");
    assert_eq!(summary.commit_time, DateTime::from_secs(COMMIT_TIME));
    assert_eq!(
        summary.start_time,
        DateTime::from_secs_and_nanos(COMMIT_TIME + 1, 500_000_000)
    );
    assert_eq!(
        summary.start_time.to_string(),
        "2026-01-02T03:04:06.500000Z"
    );
    assert_eq!(summary.end_time, None);

    let record = server.record();
    let requests = &record.requests;
    assert_eq!(requests.len(), 2, "{requests:#?}");
    let (create, start) = (&requests[0], &requests[1]);
    assert_eq!(
        (create.method.as_str(), create.target.as_str()),
        ("POST", CREATE_PATH)
    );
    assert_eq!(
        (start.method.as_str(), start.target.as_str()),
        ("POST", START_PATH)
    );
    // No fileMap was given, so the service is asked for one zip upload URL.
    assert_eq!(create.json_body(), serde_json::json!({}));
    assert_eq!(start.json_body(), serde_json::json!({"jobId": "42"}));
    for request in requests {
        assert_signed_for_fake(request, port);
    }
    // The pool kept the first connection open and sent the second request over it.
    assert_eq!(record.peers.len(), 1, "connections: {:?}", record.peers);
    assert_eq!((create.connection, start.connection), (0, 0));
}

/// A throttled call is tried three times, then comes back as the modeled `LimitExceeded`,
/// with the message from the body and the request id from the header, read off a real HTTP
/// response.
#[tokio::test]
async fn throttling_over_loopback_http_is_limit_exceeded() {
    let server = FakeAmplify::start(|_, _| {
        Reply::json(429, r#"{"message":"Rate exceeded"}"#.to_owned())
            .with_header("x-amzn-errortype", "LimitExceededException")
            .with_header("x-amzn-requestid", "r-1")
    })
    .await;
    let client = server.client();

    let error = bounded(
        "CreateDeployment",
        client.create_deployment(APP_ID, BRANCH).send(),
    )
    .await
    .expect_err("a 429 is an error");
    let meta = error.meta().expect("the service answered");
    assert_eq!(meta.code(), "LimitExceededException");
    assert_eq!(meta.status(), 429);
    assert_eq!(meta.request_id(), Some("r-1"));
    assert_eq!(meta.message(), Some("Rate exceeded"));
    match error.into_service_error() {
        Some(CreateDeploymentError::LimitExceeded(e)) => {
            assert_eq!(e.message.as_deref(), Some("Rate exceeded"));
        }
        other => panic!("expected LimitExceeded, got {other:?}"),
    }

    let record = server.record();
    let attempts: Vec<Option<&str>> = record
        .requests
        .iter()
        .map(|request| request.header("amz-sdk-request"))
        .collect();
    assert_eq!(
        attempts,
        [
            Some("attempt=1; max=3"),
            Some("attempt=2; max=3"),
            Some("attempt=3; max=3")
        ]
    );
    let invocation = record.requests[0].header("amz-sdk-invocation-id");
    assert_eq!(invocation.map(str::len), Some(36));
    for request in &record.requests {
        assert_eq!(request.target, CREATE_PATH);
        assert_eq!(request.header("amz-sdk-invocation-id"), invocation);
        assert_signed_for_fake(request, server.port);
    }
    // Throttling backs off by up to 1 s, then up to 2 s.
    let slept = server.sleep.slept();
    assert_eq!(slept.len(), 2, "{slept:?}");
    assert!(slept[0] <= Duration::from_secs(1) && slept[1] <= Duration::from_secs(2));
}

/// An input that breaks the model is refused by the client: nothing reaches the server, and
/// the error says which member and which rule, in botocore's words.
#[tokio::test]
async fn invalid_app_id_is_refused_before_anything_is_sent() {
    let server = FakeAmplify::start(|_, _| Reply::json(200, "{}".to_owned())).await;
    let client = server.client();

    let error = bounded(
        "CreateDeployment",
        client.create_deployment("", BRANCH).send(),
    )
    .await
    .expect_err("an empty appId breaks its min length");
    let SdkError::Validation(validation) = &error else {
        panic!("expected a validation error, got {error:?}");
    };
    assert_eq!(validation.violations.len(), 1, "{validation:?}");
    assert_eq!(validation.violations[0].member, "appId");
    assert_eq!(
        validation.violations[0].message,
        "Invalid length for parameter appId, value: 0, valid min length: 1"
    );
    assert!(
        error
            .to_string()
            .contains("Invalid length for parameter appId, value: 0, valid min length: 1"),
        "{error}"
    );

    // Proving that nothing arrived without waiting for nothing: connect a probe and have it
    // answered. Connections are accepted in the order they were made, so had the client
    // connected, its connection would have been accepted before the probe's.
    let mut probe = bounded(
        "connecting the probe",
        TcpStream::connect(("127.0.0.1", server.port)),
    )
    .await
    .expect("the probe connects");
    let probe_address = probe.local_addr().expect("the probe's address");
    bounded(
        "the probe's request",
        probe.write_all(b"GET /probe HTTP/1.1\r\nHost: probe\r\nConnection: close\r\n\r\n"),
    )
    .await
    .expect("the probe's request is written");
    let mut answer = Vec::new();
    bounded("the probe's answer", probe.read_to_end(&mut answer))
        .await
        .expect("the probe is answered");
    assert!(
        answer.starts_with(b"HTTP/1.1 200 "),
        "{}",
        String::from_utf8_lossy(&answer)
    );

    let record = server.record();
    assert_eq!(
        record.peers,
        [probe_address],
        "the client connected to the server"
    );
    let targets: Vec<&str> = record.requests.iter().map(|r| r.target.as_str()).collect();
    assert_eq!(targets, ["/probe"]);
}

/// A server that accepts the request but never answers: each attempt fails when the read
/// timeout set on the config builder runs out, is retried like any timeout, and the last one
/// comes back as a transport error that says what timed out and after how long.
#[tokio::test]
async fn read_timeout_from_the_config_is_a_retried_transport_error() {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let port = listener.local_addr().expect("local address").port();
    let accepted = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&accepted);
    let silent = tokio::spawn(bounded_task(async move {
        while let Ok((stream, _)) = listener.accept().await {
            // Kept open and never written to.
            record
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(stream);
        }
    }));
    let sleep = InstantSleep::new();
    let config = Config::builder()
        .region("us-east-1")
        .credentials(reference_credentials(None))
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .read_timeout(Duration::from_millis(100))
        .max_attempts(2)
        .sleep(sleep.clone())
        .build()
        .expect("a valid configuration");
    let client = awsgen_amplify::Client::new(config);

    let error = bounded("ListApps", client.list_apps().send())
        .await
        .expect_err("no answer comes");
    let SdkError::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}");
    };
    assert_eq!(transport.kind(), TransportErrorKind::Timeout);
    assert_eq!(
        error.to_string(),
        format!("127.0.0.1:{port}: reading the response head timed out")
    );
    let source = std::error::Error::source(transport).expect("the I/O error");
    assert_eq!(source.to_string(), "no progress within 100ms");
    // Two attempts, each on a connection of its own: a timed-out one is not reused.
    let connections = accepted
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .len();
    assert_eq!(connections, 2);
    assert_eq!(sleep.slept().len(), 1);
    silent.abort();
}
