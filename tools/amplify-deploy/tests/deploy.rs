//! The built `amplify-deploy` binary against a fake Amplify API and a fake upload endpoint on
//! loopback: what the fake received (signed API calls, the zip or the files, the MD5 map, the
//! job id) is checked, and so is what the tool says and its exit status when something fails.
//!
//! The fake speaks just enough HTTP/1.1 for the runtime's transport: a request head, a
//! `Content-Length` body, keep-alive. Every wait is bounded.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use awsgen_runtime::credentials::Credentials;
use awsgen_runtime::http::{Headers, HttpRequest, Url};
use awsgen_runtime::sigv4::Signer;
use awsgen_runtime::time::DateTime;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const APP: &str = "d2l8fg9example";
const BRANCH: &str = "main";
const ACCESS_KEY: &str = "AKIDDEPLOYTEST";
const SECRET_KEY: &str = "deploy/test/secret/key";
const REGION: &str = "us-west-2";

/// Far longer than a loopback deployment takes; a hang fails instead of stalling the suite.
const LIMIT: Duration = Duration::from_secs(60);

/// One request as the fake read it.
#[derive(Clone, Debug)]
struct Received {
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

    fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    fn json(&self) -> serde_like::Json {
        serde_like::parse(&self.body)
    }
}

struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
}

impl Reply {
    fn json(status: u16, body: impl Into<String>) -> Self {
        Self {
            status,
            headers: vec![("Content-Type", "application/json".to_owned())],
            body: body.into(),
        }
    }

    fn empty(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: String::new(),
        }
    }
}

type Handler = dyn Fn(&Received, u16) -> Reply + Send + Sync;

/// A fake Amplify API and S3-style upload endpoint on one loopback port.
struct Fake {
    port: u16,
    received: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Fake {
    async fn start(handler: impl Fn(&Received, u16) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let task = tokio::spawn(accept(listener, Arc::clone(&received), handler, port));
        Self {
            port,
            received,
            task,
        }
    }

    fn received(&self) -> Vec<Received> {
        self.received
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn api_calls(&self) -> Vec<Received> {
        self.received()
            .into_iter()
            .filter(|r| r.path().starts_with("/apps/"))
            .collect()
    }

    fn uploads(&self) -> Vec<Received> {
        self.received()
            .into_iter()
            .filter(|r| r.method == "PUT")
            .collect()
    }
}

impl Drop for Fake {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn accept(
    listener: TcpListener,
    received: Arc<Mutex<Vec<Received>>>,
    handler: Arc<Handler>,
    port: u16,
) {
    while let Ok((stream, _)) = listener.accept().await {
        let received = Arc::clone(&received);
        let handler = Arc::clone(&handler);
        tokio::spawn(async move {
            let _ = tokio::time::timeout(LIMIT, serve(stream, received, handler, port)).await;
        });
    }
}

async fn serve(
    mut stream: TcpStream,
    received: Arc<Mutex<Vec<Received>>>,
    handler: Arc<Handler>,
    port: u16,
) {
    let mut buffer = Vec::new();
    while let Some(request) = read_request(&mut stream, &mut buffer).await {
        received
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(request.clone());
        let reply = handler(&request, port);
        let mut head = format!(
            "HTTP/1.1 {} Fake\r\nContent-Length: {}\r\nx-amzn-RequestId: req-{}\r\n",
            reply.status,
            reply.body.len(),
            received
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .len()
        );
        for (name, value) in &reply.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(reply.body.as_bytes());
        if stream.write_all(&bytes).await.is_err() {
            return;
        }
    }
}

async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Received> {
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        let mut chunk = [0u8; 8192];
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8(buffer[..head_end].to_vec()).ok()?;
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .map_or(Some(0), |(_, v)| v.parse().ok())?;
    let body_start = head_end + 4;
    while buffer.len() < body_start + length {
        let mut chunk = [0u8; 65536];
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    let body = buffer[body_start..body_start + length].to_vec();
    buffer.drain(..body_start + length);
    Some(Received {
        method,
        target,
        headers,
        body,
    })
}

/// A job summary with every member the model requires.
fn job_summary(status: &str) -> String {
    format!(
        r#"{{"jobArn": "arn:aws:amplify:{REGION}:123456789012:apps/{APP}/branches/{BRANCH}/jobs/7",
            "jobId": "7", "commitId": "HEAD", "commitMessage": "manual", "commitTime": 1767323045,
            "startTime": 1767323045, "status": "{status}", "jobType": "MANUAL"}}"#
    )
}

fn step(name: &str, status: &str, reason: Option<&str>) -> String {
    let reason = reason
        .map(|r| format!(r#", "statusReason": "{r}", "logUrl": "https://logs.example/{name}""#))
        .unwrap_or_default();
    format!(
        r#"{{"stepName": "{name}", "startTime": 1767323045, "endTime": 1767323046, "status": "{status}"{reason}}}"#
    )
}

fn get_job_reply(status: &str, steps: &[String]) -> Reply {
    Reply::json(
        200,
        format!(
            r#"{{"job": {{"summary": {}, "steps": [{}]}}}}"#,
            job_summary(status),
            steps.join(", ")
        ),
    )
}

const DEPLOYMENTS: &str = "/apps/d2l8fg9example/branches/main/deployments";
const START: &str = "/apps/d2l8fg9example/branches/main/deployments/start";
const JOB: &str = "/apps/d2l8fg9example/branches/main/jobs/7";

/// The upload URL's query: a presigned URL's signature, with characters that must reach the
/// server exactly as written.
const PRESIGNED_QUERY: &str = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20260102%2Fus-west-2%2Fs3%2Faws4_request&X-Amz-Signature=ab%2Bcd";

/// Answers like Amplify: CreateDeployment hands out upload URLs on this server,
/// StartDeployment starts job 7, and GetJob reports `statuses` in turn (the last one
/// repeating).
fn amplify(statuses: Vec<(&'static str, Vec<String>)>) -> impl Fn(&Received, u16) -> Reply {
    let polls = AtomicUsize::new(0);
    move |request, port| match (request.method.as_str(), request.path()) {
        ("POST", DEPLOYMENTS) => {
            let json = request.json();
            let names = json.get("fileMap").map(|m| m.keys()).unwrap_or_default();
            let urls: Vec<String> = names
                .iter()
                .map(|name| {
                    format!(r#""{name}": "http://127.0.0.1:{port}/files/{name}?{PRESIGNED_QUERY}""#)
                })
                .collect();
            Reply::json(
                200,
                format!(
                    r#"{{"jobId": "7", "zipUploadUrl": "http://127.0.0.1:{port}/uploads/site.zip?{PRESIGNED_QUERY}",
                        "fileUploadUrls": {{{}}}}}"#,
                    urls.join(", ")
                ),
            )
        }
        ("PUT", _) => Reply::empty(200),
        ("POST", START) => Reply::json(
            200,
            format!(r#"{{"jobSummary": {}}}"#, job_summary("PENDING")),
        ),
        ("GET", JOB) => {
            let poll = polls.fetch_add(1, Ordering::SeqCst);
            let (status, steps) = &statuses[poll.min(statuses.len() - 1)];
            get_job_reply(status, steps)
        }
        _ => Reply::json(404, r#"{"message": "no such route in the fake"}"#),
    }
}

/// A site directory with `files` (relative path → content) under the test's temp dir.
fn site(name: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("amplify-deploy-{name}"));
    let _ = std::fs::remove_dir_all(&root);
    for (path, content) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    root
}

/// Runs the built binary with test credentials and no region or token from this process's
/// environment.
async fn run_tool(fake: &Fake, extra: &[&str], dir: &Path) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_amplify-deploy"));
    command
        .args(["--app-id", APP, "--branch", BRANCH, "--region", REGION])
        .args(["--endpoint-url", &format!("http://127.0.0.1:{}", fake.port)])
        .args(["--poll-interval", "0.01"])
        .args(extra)
        .arg(dir)
        .env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_REGION")
        .env_remove("AWS_DEFAULT_REGION")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_DEFAULT_PROFILE")
        // Keep this machine's own ~/.aws out of the test.
        .env("AWS_CONFIG_FILE", "/nonexistent/config")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials");
    let running = tokio::task::spawn_blocking(move || command.output().expect("the tool runs"));
    tokio::time::timeout(LIMIT, running)
        .await
        .expect("the tool finishes in time")
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Checks the SigV4 signature of an API call as a server would: recompute it from the
/// signed headers with the runtime's signer and the shared secret.
fn assert_signed(request: &Received, port: u16) {
    let authorization = request
        .header("authorization")
        .unwrap_or_else(|| panic!("{} {} is not signed", request.method, request.target));
    let amz_date = request.header("x-amz-date").expect("an X-Amz-Date header");
    assert!(
        authorization.starts_with(&format!(
            "AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/{}/{REGION}/amplify/aws4_request, SignedHeaders=",
            &amz_date[..8]
        )),
        "{authorization}"
    );
    let signed: Vec<&str> = authorization
        .split("SignedHeaders=")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .unwrap()
        .split(';')
        .collect();
    assert!(
        signed.contains(&"host") && signed.contains(&"x-amz-date"),
        "{signed:?}"
    );
    let headers: Headers = request
        .headers
        .iter()
        .filter(|(name, _)| signed.contains(&name.to_ascii_lowercase().as_str()))
        .map(|(n, v)| (n.clone(), v.clone()))
        .collect();
    let mut unsigned = HttpRequest {
        method: request.method.clone(),
        url: Url::parse(&format!("http://127.0.0.1:{port}{}", request.target)).unwrap(),
        headers,
        body: request.body.clone().into(),
    };
    let iso = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &amz_date[0..4],
        &amz_date[4..6],
        &amz_date[6..8],
        &amz_date[9..11],
        &amz_date[11..13],
        &amz_date[13..15]
    );
    let time = DateTime::parse_iso8601(&iso).unwrap();
    let credentials = Credentials::new(ACCESS_KEY, SECRET_KEY, None);
    Signer::new().sign(&mut unsigned, &credentials, REGION, "amplify", time);
    assert_eq!(
        unsigned.headers.get("authorization"),
        Some(authorization),
        "the signature of {} {} does not verify",
        request.method,
        request.target
    );
}

#[tokio::test]
async fn zip_deployment_uploads_every_file_starts_the_job_and_waits_for_it() {
    let fake = Fake::start(amplify(vec![
        ("RUNNING", vec![step("DEPLOY", "RUNNING", None)]),
        ("RUNNING", vec![step("DEPLOY", "RUNNING", None)]),
        ("SUCCEED", vec![step("DEPLOY", "SUCCEED", None)]),
    ]))
    .await;
    let logo: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
    let index = b"<!doctype html><title>hi</title>".repeat(20);
    let dir = site(
        "zip",
        &[
            ("index.html", &index),
            ("assets/app.js", b"console.log('deployed');"),
            ("assets/img/logo.bin", &logo),
            ("empty.txt", b""),
        ],
    );
    let output = run_tool(&fake, &[], &dir).await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("(job 7)"),
        "{:?}",
        output.stdout
    );
    assert!(
        stderr(&output).contains("within 8 hours"),
        "{}",
        stderr(&output)
    );

    let calls = fake.api_calls();
    let routes: Vec<(&str, &str)> = calls
        .iter()
        .map(|r| (r.method.as_str(), r.path()))
        .collect();
    assert_eq!(
        routes,
        [
            ("POST", DEPLOYMENTS),
            ("POST", START),
            ("GET", JOB),
            ("GET", JOB),
            ("GET", JOB)
        ],
        "polled until SUCCEED, then stopped"
    );
    for call in &calls {
        assert_signed(call, fake.port);
    }
    assert!(
        calls[0].json().get("fileMap").is_none(),
        "a zip deployment has no fileMap"
    );
    assert_eq!(
        calls[1]
            .json()
            .get("jobId")
            .and_then(|j| j.string())
            .as_deref(),
        Some("7")
    );

    let uploads = fake.uploads();
    assert_eq!(uploads.len(), 1);
    let upload = &uploads[0];
    assert_eq!(
        upload.target,
        format!("/uploads/site.zip?{PRESIGNED_QUERY}"),
        "the presigned URL is used verbatim"
    );
    assert_eq!(
        upload.header("authorization"),
        None,
        "a presigned upload is not signed again"
    );
    let entries = unzip(&upload.body);
    let names: Vec<&str> = entries.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "assets/app.js",
            "assets/img/logo.bin",
            "empty.txt",
            "index.html"
        ]
    );
    assert_eq!(entries["index.html"], index);
    assert_eq!(entries["assets/app.js"], b"console.log('deployed');");
    assert_eq!(entries["assets/img/logo.bin"], logo);
    assert_eq!(entries["empty.txt"], b"");
}

#[tokio::test]
async fn per_file_deployment_sends_md5s_and_puts_each_file_to_its_url() {
    let fake = Fake::start(amplify(vec![(
        "SUCCEED",
        vec![step("DEPLOY", "SUCCEED", None)],
    )]))
    .await;
    // Contents from RFC 1321's test suite, so the expected hashes are published ones.
    let dir = site(
        "per-file",
        &[
            ("index.html", b"abc"),
            ("css/site.css", b"message digest"),
            ("empty", b""),
        ],
    );
    let output = run_tool(&fake, &["--per-file"], &dir).await;
    assert!(output.status.success(), "{}", stderr(&output));

    let calls = fake.api_calls();
    let file_map = calls[0].json().get("fileMap").expect("a fileMap");
    let expected = [
        ("css/site.css", "f96b697d7cb7938d525a2f31aaf161d0"),
        ("empty", "d41d8cd98f00b204e9800998ecf8427e"),
        ("index.html", "900150983cd24fb0d6963f7d28e17f72"),
    ];
    assert_eq!(file_map.keys(), expected.map(|(name, _)| name.to_owned()));
    for (name, md5) in expected {
        assert_eq!(
            file_map.get(name).and_then(|v| v.string()).as_deref(),
            Some(md5),
            "{name}"
        );
    }
    assert_eq!(calls[1].path(), START);
    assert_eq!(
        calls[1]
            .json()
            .get("jobId")
            .and_then(|j| j.string())
            .as_deref(),
        Some("7")
    );
    for call in &calls {
        assert_signed(call, fake.port);
    }

    let uploads: BTreeMap<String, Vec<u8>> = fake
        .uploads()
        .into_iter()
        .map(|u| {
            assert!(u.target.ends_with(PRESIGNED_QUERY), "{}", u.target);
            assert_eq!(u.header("authorization"), None);
            (u.path().to_owned(), u.body)
        })
        .collect();
    let expected_uploads: BTreeMap<String, Vec<u8>> = [
        ("/files/css/site.css", &b"message digest"[..]),
        ("/files/empty", b""),
        ("/files/index.html", b"abc"),
    ]
    .into_iter()
    .map(|(path, body)| (path.to_owned(), body.to_vec()))
    .collect();
    assert_eq!(uploads, expected_uploads);
}

#[tokio::test]
async fn a_failed_job_exits_non_zero_naming_the_step_and_why() {
    let fake = Fake::start(amplify(vec![
        ("RUNNING", vec![step("DEPLOY", "RUNNING", None)]),
        (
            "FAILED",
            vec![step("DEPLOY", "FAILED", Some("The zip has no index.html"))],
        ),
    ]))
    .await;
    let dir = site("failed-job", &[("about.html", b"about")]);
    let output = run_tool(&fake, &[], &dir).await;
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains(
            "amplify-deploy: deployment job 7 ended FAILED at step DEPLOY: The zip has no index.html (logs: https://logs.example/DEPLOY)"
        ),
        "{}",
        stderr(&output)
    );
}

#[tokio::test]
async fn an_api_error_exits_non_zero_with_code_message_and_request_id() {
    let fake = Fake::start(|request: &Received, _| {
        if request.method == "POST" && request.path() == DEPLOYMENTS {
            let mut reply = Reply::json(404, r#"{"message": "App d2l8fg9example not found"}"#);
            reply.headers.push((
                "x-amzn-ErrorType",
                "NotFoundException:http://internal".to_owned(),
            ));
            reply
        } else {
            Reply::json(500, r#"{"message": "not expected"}"#)
        }
    })
    .await;
    let dir = site("api-error", &[("index.html", b"hi")]);
    let output = run_tool(&fake, &[], &dir).await;
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains(
            "amplify-deploy: CreateDeployment failed: NotFoundException: App d2l8fg9example not found (HTTP 404, request id req-1)"
        ),
        "{}",
        stderr(&output)
    );
    assert_eq!(fake.received().len(), 1, "nothing after the failed call");
}

#[tokio::test]
async fn a_refused_upload_exits_non_zero_with_the_status_and_never_starts_the_job() {
    let handler = amplify(vec![("SUCCEED", Vec::new())]);
    let fake = Fake::start(move |request: &Received, port| {
        if request.method == "PUT" {
            Reply {
                status: 403,
                headers: vec![("Content-Type", "application/xml".to_owned())],
                body: "<Error><Code>SignatureDoesNotMatch</Code></Error>".to_owned(),
            }
        } else {
            handler(request, port)
        }
    })
    .await;
    let dir = site("refused-upload", &[("index.html", b"hi")]);
    let output = run_tool(&fake, &[], &dir).await;
    assert_eq!(output.status.code(), Some(1));
    let expected = format!(
        "amplify-deploy: upload of the zip to http://127.0.0.1:{}/uploads/site.zip failed: HTTP 403: <Error><Code>SignatureDoesNotMatch</Code></Error>",
        fake.port
    );
    assert!(stderr(&output).contains(&expected), "{}", stderr(&output));
    assert!(
        !stderr(&output).contains("X-Amz-Signature"),
        "the presigned query is a credential and stays out of messages"
    );
    let paths: Vec<String> = fake
        .api_calls()
        .iter()
        .map(|r| r.path().to_owned())
        .collect();
    assert_eq!(paths, [DEPLOYMENTS], "StartDeployment is not called");
}

#[tokio::test]
async fn missing_credentials_are_named_before_anything_is_sent() {
    let fake = Fake::start(|_: &Received, _| Reply::empty(500)).await;
    let dir = site("no-credentials", &[("index.html", b"hi")]);
    let output = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_amplify-deploy"))
            .args(["--app-id", APP, "--branch", BRANCH, "--region", REGION])
            .arg(dir)
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_DEFAULT_PROFILE")
            .env("AWS_CONFIG_FILE", "/nonexistent/config")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("no credentials") && stderr(&output).contains("AWS_ACCESS_KEY_ID"),
        "{}",
        stderr(&output)
    );
    assert!(fake.received().is_empty());
}

/// The entries of a zip, read from its central directory, each checked against its CRC.
fn unzip(zip: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let u16_at = |at: usize| u16::from_le_bytes([zip[at], zip[at + 1]]) as usize;
    let u32_at = |at: usize| u32::from_le_bytes(zip[at..at + 4].try_into().unwrap()) as usize;
    let end = zip.len() - 22;
    assert_eq!(u32_at(end), 0x0605_4b50, "end of central directory record");
    let count = u16_at(end + 10);
    let mut at = u32_at(end + 16);
    let mut entries = BTreeMap::new();
    let mut order = Vec::new();
    for _ in 0..count {
        assert_eq!(u32_at(at), 0x0201_4b50, "central directory header");
        let method = u16_at(at + 10);
        let crc = u32_at(at + 16) as u32;
        let compressed = u32_at(at + 20);
        let size = u32_at(at + 24);
        let name_length = u16_at(at + 28);
        let extra_length = u16_at(at + 30);
        let comment_length = u16_at(at + 32);
        let local = u32_at(at + 42);
        let name = String::from_utf8(zip[at + 46..at + 46 + name_length].to_vec()).unwrap();
        at += 46 + name_length + extra_length + comment_length;

        assert_eq!(u32_at(local), 0x0403_4b50, "local header of {name}");
        let local_name_length = u16_at(local + 26);
        let local_extra_length = u16_at(local + 28);
        assert_eq!(
            &zip[local + 30..local + 30 + local_name_length],
            name.as_bytes()
        );
        let data_start = local + 30 + local_name_length + local_extra_length;
        let data = &zip[data_start..data_start + compressed];
        let content = match method {
            0 => data.to_vec(),
            8 => {
                let mut inflated = Vec::new();
                flate2::read::DeflateDecoder::new(data)
                    .read_to_end(&mut inflated)
                    .unwrap();
                inflated
            }
            other => panic!("{name}: compression method {other}"),
        };
        assert_eq!(content.len(), size, "{name}: size");
        let mut check = flate2::Crc::new();
        check.update(&content);
        assert_eq!(check.sum(), crc, "{name}: CRC-32");
        order.push(name.clone());
        entries.insert(name, content);
    }
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "entries are in name order");
    entries
}

/// Just enough JSON reading for the fake's checks, on the runtime's own parser.
mod serde_like {
    use awsgen_runtime::json::{self, Value};

    #[derive(Clone, Debug)]
    pub struct Json(Value);

    pub fn parse(body: &[u8]) -> Json {
        Json(json::parse(body).expect("a JSON body"))
    }

    impl Json {
        pub fn get(&self, key: &str) -> Option<Json> {
            match &self.0 {
                Value::Object(members) => members
                    .iter()
                    .rev()
                    .find(|(k, _)| k == key)
                    .map(|(_, v)| Json(v.clone())),
                _ => None,
            }
        }

        pub fn keys(&self) -> Vec<String> {
            match &self.0 {
                Value::Object(members) => {
                    let mut keys: Vec<String> = members.iter().map(|(k, _)| k.clone()).collect();
                    keys.sort();
                    keys
                }
                _ => Vec::new(),
            }
        }

        pub fn string(&self) -> Option<String> {
            match &self.0 {
                Value::String(text) => Some(text.clone()),
                _ => None,
            }
        }
    }
}
