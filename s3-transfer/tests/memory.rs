//! Transfers against canned S3 answers from the runtime's `MemoryTransport`: what the helper
//! sends, and what it does when a call fails. No network.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use awsgen_runtime::http::{HttpRequest, HttpResponse};
use awsgen_runtime::transport::MemoryTransport;
use awsgen_s3::{Client, Config, Credentials};
use awsgen_s3_transfer::{Progress, Target, TransferError, TransferManager};

const MIB: usize = 1 << 20;

/// A client that sends through `transport`, once per call: a retry would hide what failed.
fn manager(transport: &MemoryTransport) -> TransferManager {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        // Plain HTTP, so that checksums go in headers rather than an `aws-chunked` trailer;
        // the memory transport connects to nothing.
        .endpoint_url("http://127.0.0.1:9")
        .transport(transport.clone())
        .max_attempts(1)
        .build()
        .expect("a valid configuration");
    TransferManager::new(Client::new(config))
}

/// A directory of this test's own, empty.
fn scratch(test: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("awsgen-s3-transfer-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

fn bytes(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

fn query_value<'a>(request: &'a HttpRequest, name: &str) -> Option<&'a str> {
    request.url.query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (key == name).then_some(value)
    })
}

/// What a multipart upload's calls are, told apart as S3 tells them apart.
fn call_name(request: &HttpRequest) -> &'static str {
    let query = &request.url.query;
    match request.method.as_str() {
        "POST" if query.starts_with("uploads") => "CreateMultipartUpload",
        "POST" => "CompleteMultipartUpload",
        "PUT" if query.contains("partNumber=") => "UploadPart",
        "PUT" => "PutObject",
        "DELETE" => "AbortMultipartUpload",
        "HEAD" => "HeadObject",
        "GET" => "GetObject",
        _ => "unknown",
    }
}

/// The calls of a multipart upload in three parts that succeeds.
const THREE_PART_UPLOAD: [&str; 5] = [
    "CreateMultipartUpload",
    "UploadPart",
    "UploadPart",
    "UploadPart",
    "CompleteMultipartUpload",
];

fn s3_error(status: u16, code: &str) -> HttpResponse {
    HttpResponse::new(
        status,
        format!("<Error><Code>{code}</Code><Message>canned</Message></Error>"),
    )
}

/// S3's side of a multipart upload: every part succeeds but `failing_part`'s.
fn multipart_responder(
    failing_part: Option<&'static str>,
) -> impl Fn(&HttpRequest) -> Result<HttpResponse, awsgen_runtime::transport::TransportError> {
    move |request| {
        Ok(match call_name(request) {
            "CreateMultipartUpload" => HttpResponse::new(
                200,
                "<InitiateMultipartUploadResult><Bucket>bucket</Bucket><Key>big.bin</Key>\
                 <UploadId>upload-7</UploadId></InitiateMultipartUploadResult>",
            ),
            "UploadPart" => {
                let number = query_value(request, "partNumber").unwrap_or("?");
                if Some(number) == failing_part {
                    s3_error(403, "AccessDenied")
                } else {
                    HttpResponse::new(200, "")
                        .with_header("ETag", format!("\"etag-{number}\""))
                        .with_header("x-amz-checksum-crc32", format!("crc-{number}"))
                }
            }
            "CompleteMultipartUpload" => HttpResponse::new(
                200,
                "<CompleteMultipartUploadResult><ETag>\"whole-3\"</ETag></CompleteMultipartUploadResult>",
            ),
            "AbortMultipartUpload" => HttpResponse::new(204, ""),
            other => s3_error(400, other),
        })
    }
}

fn write_file(dir: &Path, len: usize) -> PathBuf {
    let path = dir.join("big.bin");
    std::fs::write(&path, bytes(len)).expect("the file to upload");
    path
}

#[tokio::test]
async fn a_multipart_upload_sends_every_part_and_completes_with_them_in_order() {
    let dir = scratch("upload");
    let path = write_file(&dir, 12 * MIB + 5);
    let transport = MemoryTransport::with_responder(multipart_responder(None));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    let output = manager(&transport)
        .part_size(5 << 20)
        .concurrency(2)
        .upload("bucket", "big.bin", &path)
        .content_type("application/octet-stream")
        .on_progress(move |progress| record.lock().unwrap().push(progress))
        .send()
        .await
        .expect("the upload succeeds");
    assert_eq!(output.parts, Some(3));
    assert_eq!(output.e_tag.as_deref(), Some("\"whole-3\""));

    let requests = transport.requests();
    let names: Vec<&str> = requests.iter().map(call_name).collect();
    assert_eq!(names, THREE_PART_UPLOAD);
    // As s3transfer asks: a CRC-32 of each part, and of the object from them.
    let create = &requests[0];
    assert_eq!(
        create.headers.get("x-amz-checksum-algorithm"),
        Some("CRC32")
    );
    assert_eq!(
        create.headers.get("content-type"),
        Some("application/octet-stream")
    );
    // Each part is its range of the file.
    let file = bytes(12 * MIB + 5);
    for part in &requests[1..4] {
        let number: usize = query_value(part, "partNumber").unwrap().parse().unwrap();
        assert_eq!(query_value(part, "uploadId"), Some("upload-7"));
        let range = &file[(number - 1) * 5 * MIB..(number * 5 * MIB).min(file.len())];
        assert!(
            part.body.as_bytes() == Some(range),
            "part {number} is not its range"
        );
        assert!(part.headers.contains("x-amz-checksum-crc32"));
    }
    let complete = String::from_utf8(requests[4].body.as_bytes().unwrap().to_vec()).unwrap();
    let expected: String = (1..=3)
        .map(|n| {
            format!(
                "<Part><ETag>\"etag-{n}\"</ETag><ChecksumCRC32>crc-{n}</ChecksumCRC32>\
                 <PartNumber>{n}</PartNumber></Part>"
            )
        })
        .collect();
    assert!(
        complete.contains(&expected),
        "CompleteMultipartUpload sent {complete}"
    );

    let seen = seen.lock().unwrap();
    let transferred: Vec<u64> = seen.iter().map(|p| p.transferred).collect();
    assert!(
        transferred.windows(2).all(|w| w[0] < w[1]),
        "progress went backwards: {transferred:?}"
    );
    assert_eq!(
        seen.last(),
        Some(&Progress {
            transferred: (12 * MIB + 5) as u64,
            total: (12 * MIB + 5) as u64
        })
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_failed_part_aborts_the_upload_and_is_named_in_the_error() {
    let dir = scratch("abort");
    let path = write_file(&dir, 20 * MIB);
    let transport = MemoryTransport::with_responder(multipart_responder(Some("2")));
    let error = manager(&transport)
        .part_size(5 << 20)
        .concurrency(1)
        .upload("bucket", "big.bin", &path)
        .send()
        .await
        .expect_err("part 2 is refused");

    assert_eq!(error.target(), Some(Target::Part(2)));
    assert_eq!(error.aborted(), Some(true));
    let TransferError::Multipart {
        upload_id, cause, ..
    } = &error
    else {
        panic!("not a multipart failure: {error:?}");
    };
    assert_eq!(upload_id, "upload-7");
    assert!(matches!(
        **cause,
        TransferError::Call {
            operation: "UploadPart",
            ..
        }
    ));
    let message = error.to_string();
    assert!(
        message.starts_with("UploadPart of part 2 failed: "),
        "{message}"
    );
    assert!(message.contains("AccessDenied"), "{message}");
    assert!(
        message.ends_with("multipart upload upload-7 was aborted"),
        "{message}"
    );
    assert!(!message.contains("secret"));

    let requests = transport.requests();
    let names: Vec<&str> = requests.iter().map(call_name).collect();
    // One part at a time: part 3 and 4 are never started.
    assert_eq!(
        names,
        [
            "CreateMultipartUpload",
            "UploadPart",
            "UploadPart",
            "AbortMultipartUpload"
        ]
    );
    let abort = requests.last().unwrap();
    assert_eq!(query_value(abort, "uploadId"), Some("upload-7"));
    assert!(
        abort.url.path.ends_with("/bucket/big.bin"),
        "{}",
        abort.url.path
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_failed_abort_is_reported_with_the_part_that_failed() {
    let dir = scratch("abort-fails");
    let path = write_file(&dir, 10 * MIB);
    let parts = multipart_responder(Some("1"));
    let transport = MemoryTransport::with_responder(move |request| match call_name(request) {
        "AbortMultipartUpload" => Ok(s3_error(500, "InternalError")),
        _ => parts(request),
    });
    let error = manager(&transport)
        .part_size(5 << 20)
        .upload("bucket", "big.bin", &path)
        .send()
        .await
        .expect_err("part 1 is refused");
    assert_eq!(error.target(), Some(Target::Part(1)));
    assert_eq!(error.aborted(), Some(false));
    assert!(
        error
            .to_string()
            .contains("aborting multipart upload upload-7 failed too"),
        "{error}"
    );
    assert!(
        !transport
            .requests()
            .iter()
            .any(|r| call_name(r) == "CompleteMultipartUpload")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_part_size_below_five_mib_is_refused_before_anything_is_sent() {
    let dir = scratch("small-parts");
    let path = write_file(&dir, 20 * MIB);
    let transport = MemoryTransport::new();
    let error = manager(&transport)
        .part_size(1 << 20)
        .upload("bucket", "big.bin", &path)
        .send()
        .await
        .expect_err("1 MiB parts are too small");
    assert!(matches!(error, TransferError::PartSize(_)), "{error:?}");
    assert!(error.to_string().contains("below S3's minimum"), "{error}");
    assert!(transport.requests().is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_small_file_goes_as_one_put_object() {
    let dir = scratch("put");
    let path = dir.join("small.txt");
    std::fs::write(&path, b"hello").unwrap();
    let transport = MemoryTransport::with_responder(|request| {
        Ok(match call_name(request) {
            "PutObject" => HttpResponse::new(200, "").with_header("ETag", "\"e\""),
            other => s3_error(400, other),
        })
    });
    let output = manager(&transport)
        .upload("bucket", "small.txt", &path)
        .send()
        .await
        .expect("the upload succeeds");
    assert_eq!(output.parts, None);
    assert_eq!(output.size, 5);
    let requests = transport.requests();
    assert_eq!(requests.len(), 1);
    assert!(requests[0].body.as_bytes() == Some(&b"hello"[..]));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// S3's side of a download of `object`, whose ranges after the first answer 412 when
/// `changes` is set, as S3 does once the object has a new ETag.
fn object_responder(
    object: Vec<u8>,
    changes: bool,
) -> impl Fn(&HttpRequest) -> Result<HttpResponse, awsgen_runtime::transport::TransportError> {
    move |request| {
        Ok(match call_name(request) {
            "HeadObject" => HttpResponse::new(200, "")
                .with_header("Content-Length", object.len().to_string())
                .with_header("ETag", "\"v1\""),
            "GetObject" => {
                if request.headers.get("if-match") != Some("\"v1\"") {
                    return Ok(s3_error(400, "NoIfMatch"));
                }
                let range = request.headers.get("range").expect("a ranged GET");
                let (first, last) = range
                    .strip_prefix("bytes=")
                    .and_then(|r| r.split_once('-'))
                    .expect("bytes=first-last");
                let (first, last): (usize, usize) = (first.parse().unwrap(), last.parse().unwrap());
                if changes && first > 0 {
                    return Ok(s3_error(412, "PreconditionFailed"));
                }
                HttpResponse::new(206, object[first..=last].to_vec()).with_header(
                    "Content-Range",
                    format!("bytes {first}-{last}/{}", object.len()),
                )
            }
            other => s3_error(400, other),
        })
    }
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[tokio::test]
async fn a_download_fetches_every_range_pinned_to_the_etag() {
    let dir = scratch("download");
    let object = bytes(1000);
    let transport = MemoryTransport::with_responder(object_responder(object.clone(), false));
    let destination = dir.join("out.bin");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    let output = manager(&transport)
        .part_size(300)
        .concurrency(3)
        .download("bucket", "key", &destination)
        .on_progress(move |progress| record.lock().unwrap().push(progress))
        .send()
        .await
        .expect("the download succeeds");
    assert_eq!(output.size, 1000);
    assert_eq!(output.e_tag.as_deref(), Some("\"v1\""));
    assert!(std::fs::read(&destination).unwrap() == object);
    assert_eq!(leftovers(&dir), ["out.bin"]);

    let mut ranges: Vec<String> = transport
        .requests()
        .iter()
        .filter_map(|r| r.headers.get("range").map(str::to_owned))
        .collect();
    ranges.sort();
    assert_eq!(
        ranges,
        [
            "bytes=0-299",
            "bytes=300-599",
            "bytes=600-899",
            "bytes=900-999"
        ]
    );
    let seen = seen.lock().unwrap();
    assert!(seen.windows(2).all(|w| w[0].transferred < w[1].transferred));
    assert_eq!(
        seen.last(),
        Some(&Progress {
            transferred: 1000,
            total: 1000
        })
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn an_object_that_changes_fails_the_download_and_leaves_no_file() {
    let dir = scratch("changed");
    let transport = MemoryTransport::with_responder(object_responder(bytes(1000), true));
    let destination = dir.join("out.bin");
    let error = manager(&transport)
        .part_size(300)
        .concurrency(2)
        .download("bucket", "key", &destination)
        .send()
        .await
        .expect_err("the object changed");
    assert!(
        matches!(error, TransferError::ObjectChanged { .. }),
        "{error:?}"
    );
    assert!(matches!(error.target(), Some(Target::Range { first, .. }) if first > 0));
    assert!(
        error
            .to_string()
            .starts_with("the object changed during the download"),
        "{error}"
    );
    assert!(
        leftovers(&dir).is_empty(),
        "left behind: {:?}",
        leftovers(&dir)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_failed_download_leaves_an_existing_destination_as_it_was() {
    let dir = scratch("kept");
    let transport = MemoryTransport::with_responder(object_responder(bytes(1000), true));
    let destination = dir.join("out.bin");
    std::fs::write(&destination, b"before").unwrap();
    manager(&transport)
        .part_size(300)
        .download("bucket", "key", &destination)
        .send()
        .await
        .expect_err("the object changed");
    assert_eq!(std::fs::read(&destination).unwrap(), b"before");
    assert_eq!(leftovers(&dir), ["out.bin"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn an_empty_object_downloads_to_an_empty_file() {
    let dir = scratch("empty");
    let transport = MemoryTransport::with_responder(object_responder(Vec::new(), false));
    let destination = dir.join("empty.bin");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    manager(&transport)
        .download("bucket", "key", &destination)
        .on_progress(move |progress| record.lock().unwrap().push(progress))
        .send()
        .await
        .expect("the download succeeds");
    assert_eq!(std::fs::read(&destination).unwrap(), b"");
    assert_eq!(
        *seen.lock().unwrap(),
        [Progress {
            transferred: 0,
            total: 0
        }]
    );
    // HeadObject alone: an empty object has no range to ask for.
    assert_eq!(transport.requests().len(), 1);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A customer key, and the headers S3 must see with it on each call: its algorithm, the
/// key in base64 and the key's MD5 in base64.
const CUSTOMER_KEY: &[u8; 32] = b"0123456789abcdef0123456789abcdef";

fn assert_customer_key(request: &HttpRequest) {
    let name = call_name(request);
    let headers = &request.headers;
    assert_eq!(
        headers.get("x-amz-server-side-encryption-customer-algorithm"),
        Some("AES256"),
        "{name}"
    );
    assert_eq!(
        headers.get("x-amz-server-side-encryption-customer-key"),
        Some("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="),
        "{name}"
    );
    // base64 of the MD5 of the 32 bytes (`hashlib.md5(key).digest()`).
    assert_eq!(
        headers.get("x-amz-server-side-encryption-customer-key-md5"),
        Some("hRasmdxgYDKV3nvbahU1MA=="),
        "{name}"
    );
}

#[tokio::test]
async fn an_upload_s_settings_go_on_the_object_and_its_customer_key_on_every_call() {
    use awsgen_s3::types::{ObjectCannedAcl, StorageClass};
    use awsgen_s3_transfer::CustomerKey;

    let dir = scratch("settings");
    let path = write_file(&dir, 11 * MIB);
    let transport = MemoryTransport::with_responder(multipart_responder(None));
    manager(&transport)
        .part_size(5 << 20)
        .upload("bucket", "big.bin", &path)
        .storage_class(StorageClass::StandardIa)
        .acl(ObjectCannedAcl::BucketOwnerFullControl)
        .cache_control("max-age=60")
        .customer_key(CustomerKey::aes256(*CUSTOMER_KEY))
        .send()
        .await
        .expect("the upload succeeds");
    let requests = transport.requests();
    let names: Vec<&str> = requests.iter().map(call_name).collect();
    assert_eq!(names, THREE_PART_UPLOAD);
    let create = &requests[0].headers;
    assert_eq!(create.get("x-amz-storage-class"), Some("STANDARD_IA"));
    assert_eq!(create.get("x-amz-acl"), Some("bucket-owner-full-control"));
    assert_eq!(create.get("cache-control"), Some("max-age=60"));
    for request in &requests {
        assert_customer_key(request);
    }
    // The object's settings are the object's: a part does not carry them.
    assert!(!requests[1].headers.contains("x-amz-storage-class"));
    std::fs::remove_dir_all(&dir).unwrap();

    // KMS encryption, on a small file's single PutObject.
    let dir = scratch("kms");
    let path = dir.join("small.txt");
    std::fs::write(&path, b"hello").unwrap();
    let transport = MemoryTransport::with_responder(|request| {
        Ok(match call_name(request) {
            "PutObject" => HttpResponse::new(200, "").with_header("ETag", "\"e\""),
            other => s3_error(400, other),
        })
    });
    manager(&transport)
        .upload("bucket", "small.txt", &path)
        .server_side_encryption(awsgen_s3::types::ServerSideEncryption::AwsKms)
        .ssekms_key_id("alias/backups")
        .send()
        .await
        .expect("the upload succeeds");
    let put = &transport.requests()[0].headers;
    assert_eq!(put.get("x-amz-server-side-encryption"), Some("aws:kms"));
    assert_eq!(
        put.get("x-amz-server-side-encryption-aws-kms-key-id"),
        Some("alias/backups")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_download_sends_its_customer_key_with_the_head_and_every_range() {
    let dir = scratch("download-sse-c");
    let object = bytes(700);
    let transport = MemoryTransport::with_responder(object_responder(object.clone(), false));
    let destination = dir.join("out.bin");
    manager(&transport)
        .part_size(300)
        .download("bucket", "key", &destination)
        .customer_key(awsgen_s3_transfer::CustomerKey::aes256(*CUSTOMER_KEY))
        .send()
        .await
        .expect("the download succeeds");
    assert!(std::fs::read(&destination).unwrap() == object);
    let requests = transport.requests();
    assert_eq!(requests.len(), 4, "a HEAD and three ranges");
    for request in &requests {
        assert_customer_key(request);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
