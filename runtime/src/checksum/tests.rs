use super::*;
use crate::http::Url;

/// Python's `zlib.crc32` and `hashlib` of `Hello world`, packed big-endian and base64-encoded
/// as botocore's checksum classes do; CRC-32C and CRC-64/NVME from their bit-at-a-time
/// definitions in Python.
#[test]
fn digests_match_python() {
    let data = b"Hello world";
    assert_eq!(Algorithm::Crc32.base64_digest(data), "i9aeUg==");
    assert_eq!(Algorithm::Crc32c.base64_digest(data), "crUfeA==");
    assert_eq!(Algorithm::Crc64Nvme.base64_digest(data), "OOJZ0D8xKts=");
    assert_eq!(
        Algorithm::Sha1.base64_digest(data),
        "e1AsOh9IyGCa4hLN+2Od7jlnP14="
    );
    assert_eq!(
        Algorithm::Sha256.base64_digest(data),
        "ZOyIygCyaOW6GjVnihtTFtIS9PNmskdyMlNKiuyjfzw="
    );
    assert_eq!(
        Algorithm::Sha512.base64_digest(data),
        "t/eDuu2Cl/DbkXRiGE/08I5pwtXl95qUJgD5cl9Yzh8pwYE5v4CwbA//K900c4RS7PQMSIwip+PYDN9vnBwNRw=="
    );
}

#[test]
fn names_in_any_case() {
    assert_eq!(
        Algorithm::from_name("CRC64NVME"),
        Some(Algorithm::Crc64Nvme)
    );
    assert_eq!(Algorithm::from_name("sha256"), Some(Algorithm::Sha256));
    assert_eq!(Algorithm::from_name("md5"), None);
    assert_eq!(
        ChecksumWhen::from_name("WHEN_REQUIRED"),
        Some(ChecksumWhen::WhenRequired)
    );
}

/// [`RequestChecksum::apply`], waited for.
fn applied(
    checksum: &RequestChecksum,
    request: &mut HttpRequest,
    when: ChecksumWhen,
) -> Result<Placement, ApplyError> {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(checksum.apply(request, when))
}

fn request(scheme: &str, body: &[u8]) -> HttpRequest {
    HttpRequest {
        method: "PUT".to_owned(),
        url: Url::parse(&format!("{scheme}://bucket.s3.amazonaws.com/key")).unwrap(),
        headers: Headers::new(),
        body: body.to_vec().into(),
    }
}

const PUT_OBJECT: RequestChecksum = RequestChecksum {
    required: false,
    algorithm_member: Some(AlgorithmMember {
        name: "ChecksumAlgorithm",
        header: "x-amz-sdk-checksum-algorithm",
    }),
    streaming: true,
};

#[test]
fn supported_checksum_defaults_to_crc32_named_in_the_algorithm_header() {
    let mut http = request("http", b"Hello world");
    let placed = applied(&PUT_OBJECT, &mut http, ChecksumWhen::WhenSupported).unwrap();
    assert_eq!(placed, Placement::Header);
    assert_eq!(http.headers.get("x-amz-checksum-crc32"), Some("i9aeUg=="));
    assert_eq!(
        http.headers.get("x-amz-sdk-checksum-algorithm"),
        Some("CRC32")
    );
    assert_eq!(http.body, b"Hello world");
}

#[test]
fn when_required_leaves_optional_checksums_out() {
    let mut http = request("http", b"Hello world");
    let placed = applied(&PUT_OBJECT, &mut http, ChecksumWhen::WhenRequired).unwrap();
    assert_eq!(placed, Placement::None);
    assert!(http.headers.is_empty());

    let required = RequestChecksum {
        required: true,
        algorithm_member: None,
        streaming: false,
    };
    let placed = applied(&required, &mut http, ChecksumWhen::WhenRequired).unwrap();
    assert_eq!(placed, Placement::Header);
    assert_eq!(http.headers.get("x-amz-checksum-crc32"), Some("i9aeUg=="));
}

#[test]
fn the_callers_algorithm_or_checksum_wins() {
    let mut http = request("http", b"Hello world");
    http.headers
        .insert("x-amz-sdk-checksum-algorithm", "sha256");
    applied(&PUT_OBJECT, &mut http, ChecksumWhen::WhenSupported).unwrap();
    assert_eq!(
        http.headers.get("x-amz-checksum-sha256"),
        Some("ZOyIygCyaOW6GjVnihtTFtIS9PNmskdyMlNKiuyjfzw=")
    );
    assert!(!http.headers.contains("x-amz-checksum-crc32"));

    let mut given = request("http", b"Hello world");
    given.headers.insert("X-Amz-Checksum-Crc32c", "given");
    let placed = applied(&PUT_OBJECT, &mut given, ChecksumWhen::WhenSupported).unwrap();
    assert_eq!(placed, Placement::None);
    assert_eq!(given.headers.len(), 1);

    let mut unknown = request("http", b"Hello world");
    unknown
        .headers
        .insert("x-amz-sdk-checksum-algorithm", "MD5");
    let error = applied(&PUT_OBJECT, &mut unknown, ChecksumWhen::WhenSupported).unwrap_err();
    assert_eq!(error.to_string(), "Unsupported checksum algorithm: md5");
    let ApplyError::UnknownAlgorithm(error) = error else {
        panic!("not an unknown algorithm: {error}");
    };
    assert_eq!(error.member, "ChecksumAlgorithm");
}

/// The framing of botocore's `AwsChunkedWrapper` over a body of 1 MiB + 3 bytes: two
/// chunks, then the terminating chunk with the trailer.
#[test]
fn streaming_upload_over_https_puts_the_checksum_in_an_aws_chunked_trailer() {
    let body: Vec<u8> = (0..CHUNK_SIZE + 3).map(|i| (i % 251) as u8).collect();
    let mut http = request("https", &body);
    let placed = applied(&PUT_OBJECT, &mut http, ChecksumWhen::WhenSupported).unwrap();
    assert_eq!(placed, Placement::Trailer);
    let headers = &http.headers;
    assert_eq!(headers.get("Content-Encoding"), Some("aws-chunked"));
    assert_eq!(headers.get("X-Amz-Trailer"), Some("x-amz-checksum-crc32"));
    assert_eq!(
        headers.get("X-Amz-Decoded-Content-Length"),
        Some(body.len().to_string().as_str())
    );
    assert_eq!(
        headers.get("X-Amz-Content-SHA256"),
        Some(STREAMING_UNSIGNED_PAYLOAD_TRAILER)
    );
    assert!(!headers.contains("x-amz-checksum-crc32"));

    let mut expected = b"100000\r\n".to_vec();
    expected.extend_from_slice(&body[..CHUNK_SIZE]);
    expected.extend_from_slice(b"\r\n3\r\n");
    expected.extend_from_slice(&body[CHUNK_SIZE..]);
    expected.extend_from_slice(b"\r\n0\r\nx-amz-checksum-crc32:");
    expected.extend_from_slice(Algorithm::Crc32.base64_digest(&body).as_bytes());
    expected.extend_from_slice(b"\r\n\r\n");
    assert!(http.body == expected, "the framing differs");
}

#[test]
fn an_empty_streaming_body_is_the_terminating_chunk_alone() {
    let mut http = request("https", b"");
    applied(&PUT_OBJECT, &mut http, ChecksumWhen::WhenSupported).unwrap();
    assert_eq!(http.body, b"0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n");
}

const GET_OBJECT: ResponseChecksum = ResponseChecksum {
    mode_header: "x-amz-checksum-mode",
    algorithms: &[Algorithm::Sha256, Algorithm::Crc32],
};

#[test]
fn response_checksums_are_asked_for_and_checked() {
    let mut sent = Headers::new();
    GET_OBJECT.ask(&mut sent, ChecksumWhen::WhenRequired);
    assert!(sent.is_empty());
    GET_OBJECT.ask(&mut sent, ChecksumWhen::WhenSupported);
    assert_eq!(sent.get("x-amz-checksum-mode"), Some("ENABLED"));

    let good = HttpResponse::new(200, b"Hello world".to_vec())
        .with_header("x-amz-checksum-crc32", "i9aeUg==");
    assert_eq!(GET_OBJECT.check(&sent, &good), Ok(()));
    let bad = HttpResponse::new(200, b"Hello World".to_vec())
        .with_header("x-amz-checksum-crc32", "i9aeUg==");
    let mismatch = GET_OBJECT.check(&sent, &bad).unwrap_err();
    assert!(
        mismatch
            .to_string()
            .starts_with("Expected checksum i9aeUg== did not match calculated checksum: "),
        "{mismatch}"
    );
    // Not asked for: not checked.
    assert_eq!(GET_OBJECT.check(&Headers::new(), &bad), Ok(()));
    // A multipart object's checksum of checksums is skipped.
    let composite = HttpResponse::new(200, b"Hello World".to_vec())
        .with_header("x-amz-checksum-crc32", "i9aeUg==-2");
    assert_eq!(GET_OBJECT.check(&sent, &composite), Ok(()));
    // CRC-32 comes before SHA-256 whatever order the model lists them in.
    let both = HttpResponse::new(200, b"Hello world".to_vec())
        .with_header("x-amz-checksum-sha256", "not checked first")
        .with_header("x-amz-checksum-crc32", "i9aeUg==");
    assert_eq!(GET_OBJECT.check(&sent, &both), Ok(()));
}

/// A file's body is framed a chunk at a time exactly as the same bytes in memory are, and
/// its announced length is the framed body's.
#[test]
fn a_streamed_body_is_framed_as_one_in_memory() {
    let data: Vec<u8> = (0..2 * CHUNK_SIZE + 12_345)
        .map(|i| (i % 249) as u8)
        .collect();
    let path = std::env::temp_dir().join(format!("awsgen-chunked-{}", std::process::id()));
    std::fs::write(&path, &data).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    for algorithm in [Algorithm::Crc32, Algorithm::Crc64Nvme, Algorithm::Sha256] {
        let mut in_memory = request("https", &data);
        let mut streamed = request("https", b"");
        streamed.body = runtime
            .block_on(crate::body::RequestBody::from_path(&path))
            .unwrap();
        for http in [&mut in_memory, &mut streamed] {
            http.headers
                .insert("x-amz-sdk-checksum-algorithm", algorithm.name());
            let placed = applied(&PUT_OBJECT, http, ChecksumWhen::WhenSupported).unwrap();
            assert_eq!(placed, Placement::Trailer);
        }
        assert_eq!(in_memory.headers, streamed.headers);
        let sent = runtime
            .block_on(async { streamed.body.open().await?.collect().await })
            .unwrap();
        assert!(
            Some(&sent[..]) == in_memory.body.as_bytes(),
            "{algorithm:?} differs"
        );
        assert_eq!(streamed.body.content_length(), Some(sent.len() as u64));
    }
    std::fs::remove_file(path).unwrap();
}

/// Over plain HTTP a file's checksum goes in its header, read before the body is sent.
#[test]
fn a_file_over_http_is_read_for_its_header_checksum() {
    let path = std::env::temp_dir().join(format!("awsgen-header-sum-{}", std::process::id()));
    std::fs::write(&path, b"Hello world").unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let mut http = request("http", b"");
    http.body = runtime
        .block_on(crate::body::RequestBody::from_path(&path))
        .unwrap();
    let placed = applied(&PUT_OBJECT, &mut http, ChecksumWhen::WhenSupported).unwrap();
    assert_eq!(placed, Placement::Header);
    assert_eq!(http.headers.get("x-amz-checksum-crc32"), Some("i9aeUg=="));
    // A reader cannot be read twice, so its checksum goes in the trailer even over HTTP.
    let mut once = request("http", b"");
    once.body =
        crate::body::RequestBody::from_reader(std::io::Cursor::new(b"abc".to_vec()), Some(3));
    let placed = applied(&PUT_OBJECT, &mut once, ChecksumWhen::WhenSupported).unwrap();
    assert_eq!(placed, Placement::Trailer);
    std::fs::remove_file(path).unwrap();
}
