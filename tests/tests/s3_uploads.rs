//! S3 uploads whose body is a file, through a generated S3 client, against the requests
//! botocore 1.44.5 makes for the same uploads (`tests/reference/botocore_s3_uploads.py`):
//! the CRC-32 in a header over plain HTTP and in an `aws-chunked` trailer over HTTPS, the
//! payload hash botocore signs or leaves unsigned, `Expect: 100-continue`, and the body as
//! it goes on the wire.
//!
//! One difference is botocore's choice and not copied: it sends an `aws-chunked` body
//! `Transfer-Encoding: chunked`, where awsgen gives its `Content-Length`, which follows from
//! the file's; S3 takes either.

use std::collections::BTreeMap;
use std::path::PathBuf;

use awsgen_runtime::body::RequestBody;
use awsgen_runtime::checksum::{Algorithm, ChecksumWhen};
use awsgen_runtime::encoding::base64_encode;
use awsgen_runtime::endpoint::{AddressingStyle, S3Settings};
use awsgen_runtime::http::{HttpRequest, HttpResponse};
use awsgen_runtime::md5;
use awsgen_runtime::sleep::InstantSleep;
use awsgen_runtime::transport::MemoryTransport;
use awsgen_s3::{Client, Config};
use awsgen_tests::{fixture, reference_credentials};

/// The headers botocore's record leaves out: they change with the clock and the signature,
/// or name the SDK.
const VOLATILE: &[&str] = &[
    "authorization",
    "x-amz-date",
    "amz-sdk-invocation-id",
    "amz-sdk-request",
    "user-agent",
];

/// Headers only one side's HTTP layer writes: botocore's `Transfer-Encoding` (see the
/// module's note), the `Content-Length` that awsgen's transport adds as it sends, and the
/// `Host` that both sign but botocore leaves to its HTTP client.
const FRAMING: &[&str] = &["transfer-encoding", "content-length", "host"];

fn payload(len: usize) -> Vec<u8> {
    (0..len).map(|i| ((31 * i + 7) % 251) as u8).collect()
}

fn temp_file(name: &str, data: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("awsgen-s3-upload-{}-{name}", std::process::id()));
    std::fs::write(&path, data).unwrap();
    path
}

/// The SHA-256 of `data`, base64-encoded, and a hex digest the same way, to compare them.
fn sha256(data: &[u8]) -> String {
    Algorithm::Sha256.base64_digest(data)
}

fn hex_to_base64(hex: &str) -> String {
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect();
    base64_encode(&bytes)
}

/// The `PutObject` a case describes, sent with a body read from `path`; answers the
/// request as the memory transport recorded it.
async fn put_file(case: &serde_json::Value, path: &PathBuf, data: &[u8]) -> HttpRequest {
    let transport = MemoryTransport::with_responses([HttpResponse::new(200, "")]);
    let mut config = Config::builder()
        .region("us-west-2")
        .credentials(reference_credentials(None))
        .transport(transport.clone())
        .request_checksum_calculation(
            ChecksumWhen::from_name(case["request_checksum_calculation"].as_str().unwrap())
                .unwrap(),
        );
    if let Some(endpoint) = case["endpoint_url"].as_str() {
        config = config.endpoint_url(endpoint).s3(S3Settings {
            addressing_style: AddressingStyle::Path,
            ..S3Settings::default()
        });
    }
    let client = Client::new(config.build().unwrap());
    let mut call = client
        .put_object("amzn-s3-demo-bucket", "uploads/file.bin")
        .body(RequestBody::from_path(path).await.unwrap());
    if case["content_md5"].as_bool().unwrap() {
        call = call.content_md5(md5::base64_digest(data));
    }
    call.send().await.unwrap();
    transport.last_request().unwrap()
}

#[tokio::test]
async fn file_uploads_are_sent_as_botocore_sends_them() {
    let recorded: serde_json::Value =
        serde_json::from_str(&fixture("s3/botocore-uploads.json")).unwrap();
    let data = payload(recorded["payload_len"].as_u64().unwrap() as usize);
    let path = temp_file("put", &data);
    for case in recorded["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let request = put_file(case, &path, &data).await;
        assert_eq!(
            request.url.to_string(),
            case["url"].as_str().unwrap(),
            "{name}"
        );

        let ours: BTreeMap<String, String> = request
            .headers
            .iter()
            .map(|(name, value)| (name.to_ascii_lowercase(), value.to_owned()))
            .filter(|(name, _)| !VOLATILE.contains(&name.as_str()))
            .filter(|(name, _)| !FRAMING.contains(&name.as_str()))
            .collect();
        let theirs: BTreeMap<String, String> = case["headers"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(name, _)| !FRAMING.contains(&name.as_str()))
            .map(|(name, value)| (name.clone(), value.as_str().unwrap().to_owned()))
            .collect();
        assert_eq!(ours, theirs, "{name}: the headers differ");

        let authorization = request.headers.get("Authorization").unwrap();
        let signed = authorization
            .split("SignedHeaders=")
            .nth(1)
            .and_then(|rest| rest.split(',').next())
            .unwrap();
        let expected: Vec<&str> = case["signed_headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|name| name.as_str().unwrap())
            .collect();
        assert_eq!(
            signed,
            expected.join(";"),
            "{name}: the signed headers differ"
        );

        let sent = request
            .body
            .as_bytes()
            .expect("the memory transport records the bytes");
        assert_eq!(
            sent.len() as u64,
            case["body_len"].as_u64().unwrap(),
            "{name}"
        );
        assert_eq!(
            sha256(sent),
            hex_to_base64(case["body_sha256"].as_str().unwrap()),
            "{name}"
        );
    }
    std::fs::remove_file(path).unwrap();
}

/// A retried upload from a file sends the whole file again; one from a reader, which can be
/// read once, is not retried, and the first attempt's answer is the call's.
#[tokio::test]
async fn a_file_is_sent_again_on_a_retry_and_a_reader_is_not() {
    let data = payload(300_000);
    let path = temp_file("retry", &data);
    let failing = || HttpResponse::new(500, "<Error><Code>InternalError</Code></Error>");
    let client = |transport: &MemoryTransport| {
        Client::new(
            Config::builder()
                .region("us-west-2")
                .credentials(reference_credentials(None))
                .transport(transport.clone())
                .sleep(InstantSleep::new())
                .build()
                .unwrap(),
        )
    };

    let transport = MemoryTransport::with_responses([failing(), HttpResponse::new(200, "")]);
    client(&transport)
        .put_object("amzn-s3-demo-bucket", "retried")
        .body(RequestBody::from_path(&path).await.unwrap())
        .send()
        .await
        .unwrap();
    let requests = transport.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        // Over HTTPS the CRC-32 goes in the aws-chunked trailer, framing the file's bytes.
        let sent = request.body.as_bytes().unwrap();
        assert!(
            sent.len() > data.len(),
            "the whole file went on every attempt"
        );
        assert!(sent.windows(1000).any(|window| window == &data[..1000]));
    }

    let transport = MemoryTransport::with_responses([failing(), HttpResponse::new(200, "")]);
    let reader = RequestBody::from_reader(std::io::Cursor::new(data.clone()), Some(300_000));
    let error = client(&transport)
        .put_object("amzn-s3-demo-bucket", "once")
        .body(reader)
        .send()
        .await
        .unwrap_err();
    assert_eq!(transport.requests().len(), 1, "a reader is sent once");
    let meta = error.meta().expect("a service error");
    assert_eq!((meta.code(), meta.status()), ("InternalError", 500));
    std::fs::remove_file(path).unwrap();
}
