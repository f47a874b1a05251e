//! What botocore does for S3 beyond its model, through a generated S3 client.
//!
//! Where an S3 client sends a request, from the configuration's `S3Settings` as botocore
//! 1.44.5 turns its `s3` configuration into the endpoint rules' built-ins: virtual-hosted
//! buckets by default, the global endpoint for `us-east-1` (botocore's `legacy` default),
//! path-style with an endpoint override, `GetBucketLocation` always path-style, and an
//! access point ARN never. The cases and URLs are botocore's, recorded by `tests/reference/botocore_s3_addressing.py`.

use awsgen_runtime::endpoint::{AddressingStyle, S3Settings};
use awsgen_runtime::http::HttpResponse;
use awsgen_runtime::transport::MemoryTransport;
use awsgen_s3::types::EncodingType;
use awsgen_s3::{Client, Config};
use awsgen_tests::{fixture, reference_credentials, sorted_query};

/// The URL of a `GetObject` of `key` in `bucket`, or of a `GetBucketLocation` when `key` is
/// `None`, sent with `region`, an optional endpoint override and `s3`.
async fn url(
    region: &str,
    endpoint: Option<&str>,
    s3: S3Settings,
    bucket: &str,
    key: Option<&str>,
) -> String {
    let transport = MemoryTransport::with_responses([HttpResponse::new(
        200,
        "<LocationConstraint>us-west-2</LocationConstraint>",
    )]);
    let mut config = Config::builder()
        .region(region)
        .credentials(reference_credentials(None))
        .transport(transport.clone())
        .s3(s3);
    if let Some(endpoint) = endpoint {
        config = config.endpoint_url(endpoint);
    }
    let client = Client::new(config.build().unwrap());
    match key {
        Some(key) => {
            client.get_object(bucket, key).send().await.unwrap();
        }
        None => {
            client.get_bucket_location(bucket).send().await.unwrap();
        }
    }
    transport.last_request().unwrap().url.to_string()
}

/// The settings a case's botocore `s3` configuration stands for.
fn settings(s3: &serde_json::Value) -> S3Settings {
    let mut settings = S3Settings::default();
    for (name, value) in s3.as_object().expect("an object") {
        match (name.as_str(), value) {
            ("addressing_style", serde_json::Value::String(style)) => {
                settings.addressing_style = match style.as_str() {
                    "path" => AddressingStyle::Path,
                    "virtual" => AddressingStyle::Virtual,
                    _ => AddressingStyle::Auto,
                }
            }
            ("use_accelerate_endpoint", serde_json::Value::Bool(on)) => {
                settings.use_accelerate_endpoint = *on;
            }
            ("us_east_1_regional_endpoint", serde_json::Value::String(mode)) => {
                settings.us_east_1_regional_endpoint = mode == "regional";
            }
            other => panic!("the test does not know the setting {other:?}"),
        }
    }
    settings
}

#[tokio::test]
async fn buckets_are_addressed_as_botocore_addresses_them() {
    let recorded: serde_json::Value =
        serde_json::from_str(&fixture("s3/botocore-addressing.json")).expect("JSON");
    let cases = recorded["cases"].as_array().expect("cases");
    assert!(cases.len() >= 14, "{} cases", cases.len());
    for case in cases {
        let key = match case["operation"].as_str() {
            Some("GetObject") => Some("a/b.txt"),
            Some("GetBucketLocation") => None,
            other => panic!("the test does not know the operation {other:?}"),
        };
        let sent = url(
            case["region"].as_str().expect("a region"),
            case["endpoint_url"].as_str(),
            settings(&case["s3"]),
            case["bucket"].as_str().unwrap_or("amzn-s3-demo-bucket"),
            key,
        )
        .await;
        assert_eq!(sent, case["url"].as_str().expect("a URL"), "{case}");
    }
}

/// `GetBucketLocation`'s answer is the text of the document's element
/// (`parse_get_bucket_location`); `us-east-1` buckets answer with an empty one.
#[tokio::test]
async fn get_bucket_location_reads_the_documents_own_text() {
    use awsgen_s3::types::BucketLocationConstraint;
    let located = |body: String| async move {
        let transport = MemoryTransport::with_responses([HttpResponse::new(200, body)]);
        let config = Config::builder()
            .region("us-west-2")
            .credentials(reference_credentials(None))
            .transport(transport)
            .build()
            .unwrap();
        Client::new(config)
            .get_bucket_location("amzn-s3-demo-bucket")
            .send()
            .await
            .unwrap()
            .location_constraint
    };
    let namespace = r#"xmlns="http://s3.amazonaws.com/doc/2006-03-01/""#;
    let declaration = r#"<?xml version="1.0" encoding="UTF-8"?>"#;
    let eu =
        format!("{declaration}\n<LocationConstraint {namespace}>eu-west-1</LocationConstraint>");
    assert_eq!(located(eu).await, Some(BucketLocationConstraint::EuWest1));
    let empty = format!("<LocationConstraint {namespace}/>");
    assert_eq!(located(empty).await, None);
    assert_eq!(located(String::new()).await, None);
}

/// S3 answers `CopyObject` with a 200 before the copy is done, and reports a failure in
/// that body; botocore handles such a 200 (and one whose body is not XML, as a cut-short
/// one is not) as a 500, so it is retried, then reported as the error it holds.
#[tokio::test]
async fn an_error_inside_a_200_is_retried_then_reported() {
    use awsgen_runtime::sleep::InstantSleep;

    let error = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError\
        </Code><Message>We encountered an internal error. Please try again.</Message>\
        <RequestId>REQ1</RequestId></Error>";
    let result = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CopyObjectResult>\
        <ETag>\"etag-1\"</ETag><LastModified>2026-01-02T03:04:05.000Z</LastModified>\
        </CopyObjectResult>";
    let copy = |responses: Vec<&'static str>, attempts: u32| async move {
        let transport = MemoryTransport::with_responses(
            responses
                .into_iter()
                .map(|body| HttpResponse::new(200, body)),
        );
        let config = Config::builder()
            .region("us-west-2")
            .credentials(reference_credentials(None))
            .transport(transport.clone())
            .sleep(InstantSleep::new())
            .max_attempts(attempts)
            .build()
            .unwrap();
        let outcome = Client::new(config)
            .copy_object("amzn-s3-demo-bucket", "amzn-s3-demo-bucket/a.txt", "b.txt")
            .send()
            .await;
        (outcome, transport.requests().len())
    };

    let (copied, sent) = copy(vec![error, "<CopyObjectResult><ETag>", result], 3).await;
    let copied = copied.expect("the third attempt succeeds");
    assert_eq!(sent, 3);
    let etag = copied.copy_object_result.and_then(|result| result.e_tag);
    assert_eq!(etag.as_deref(), Some("\"etag-1\""));

    let (failed, sent) = copy(vec![error], 1).await;
    let failed = failed.expect_err("the only attempt holds an error");
    assert_eq!(sent, 1);
    let meta = failed.meta().expect("a service error");
    assert_eq!((meta.code(), meta.status()), ("InternalError", 500));
}

/// Line breaks in `DeleteObjects` keys travel as character references, so that S3's XML
/// parser keeps them (`escape_xml_payload`); the CRC-32 covers the escaped body.
#[tokio::test]
async fn line_breaks_in_deleted_keys_are_escaped_as_botocore_escapes_them() {
    use awsgen_s3::types::{Delete, ObjectIdentifier};

    let recorded: serde_json::Value =
        serde_json::from_str(&fixture("s3/botocore-addressing.json")).expect("JSON");
    let expected = &recorded["delete_objects"];
    let keys = expected["keys"].as_array().expect("keys");
    let transport =
        MemoryTransport::with_responses([HttpResponse::new(200, "<DeleteResult></DeleteResult>")]);
    let config = Config::builder()
        .region("us-west-2")
        .credentials(reference_credentials(None))
        .transport(transport.clone())
        .build()
        .unwrap();
    let objects = keys
        .iter()
        .map(|key| ObjectIdentifier::new(key.as_str().expect("a key")))
        .collect();
    Client::new(config)
        .delete_objects("amzn-s3-demo-bucket", Delete::new(objects))
        .send()
        .await
        .unwrap();
    let request = transport.last_request().unwrap();
    assert_eq!(
        String::from_utf8(request.body.as_bytes().unwrap().to_vec()).unwrap(),
        expected["body"].as_str().unwrap()
    );
    assert_eq!(
        request.headers.get("x-amz-checksum-crc32"),
        expected["crc32"].as_str()
    );
}

/// The key-holding members of a listing, named as botocore names them.
fn listed(
    members: &[(&str, &Option<String>)],
    lists: &[(&str, Vec<Option<String>>)],
    encoding: Option<&str>,
) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    for (name, value) in members {
        if let Some(value) = value {
            out.insert((*name).to_owned(), serde_json::json!(value));
        }
    }
    for (name, values) in lists {
        if !values.is_empty() {
            out.insert((*name).to_owned(), serde_json::json!(values));
        }
    }
    out.insert("EncodingType".to_owned(), serde_json::json!(encoding));
    serde_json::Value::Object(out)
}

/// Sends a case's listing through the S3 client, answered with its canned body; returns
/// the URL and what holds keys in the output.
async fn list(case: &serde_json::Value) -> (String, serde_json::Value) {
    let transport = MemoryTransport::with_responses([HttpResponse::new(
        200,
        case["response"].as_str().unwrap(),
    )]);
    let client = Client::new(
        Config::builder()
            .region("us-west-2")
            .credentials(reference_credentials(None))
            .transport(transport.clone())
            .build()
            .unwrap(),
    );
    let params = &case["params"];
    let param = |name: &str| params[name].as_str().map(str::to_owned);
    let encoding = param("EncodingType").map(|e| EncodingType::from(e.as_str()));
    let bucket = param("Bucket").unwrap();
    let parsed = match case["operation"].as_str().unwrap() {
        "ListObjectsV2" => {
            let mut call = client.list_objects_v2(bucket);
            if let Some(prefix) = param("Prefix") {
                call = call.prefix(prefix);
            }
            if let Some(encoding) = encoding {
                call = call.encoding_type(encoding);
            }
            let out = call.send().await.unwrap();
            listed(
                &[
                    ("Prefix", &out.prefix),
                    ("Delimiter", &out.delimiter),
                    ("StartAfter", &out.start_after),
                ],
                &[
                    ("Contents", keys(&out.contents, |o| &o.key)),
                    ("CommonPrefixes", keys(&out.common_prefixes, |p| &p.prefix)),
                ],
                out.encoding_type.as_ref().map(EncodingType::as_str),
            )
        }
        "ListObjects" => {
            let out = client
                .list_objects(bucket)
                .delimiter(param("Delimiter").unwrap())
                .marker(param("Marker").unwrap())
                .send()
                .await
                .unwrap();
            listed(
                &[
                    ("Prefix", &out.prefix),
                    ("Delimiter", &out.delimiter),
                    ("Marker", &out.marker),
                    ("NextMarker", &out.next_marker),
                ],
                &[
                    ("Contents", keys(&out.contents, |o| &o.key)),
                    ("CommonPrefixes", keys(&out.common_prefixes, |p| &p.prefix)),
                ],
                out.encoding_type.as_ref().map(EncodingType::as_str),
            )
        }
        "ListObjectVersions" => {
            let out = client
                .list_object_versions(bucket)
                .key_marker(param("KeyMarker").unwrap())
                .send()
                .await
                .unwrap();
            listed(
                &[
                    ("Prefix", &out.prefix),
                    ("Delimiter", &out.delimiter),
                    ("KeyMarker", &out.key_marker),
                    ("NextKeyMarker", &out.next_key_marker),
                ],
                &[
                    ("CommonPrefixes", keys(&out.common_prefixes, |p| &p.prefix)),
                    ("Versions", keys(&out.versions, |v| &v.key)),
                    ("DeleteMarkers", keys(&out.delete_markers, |m| &m.key)),
                ],
                out.encoding_type.as_ref().map(EncodingType::as_str),
            )
        }
        other => panic!("no case for {other}"),
    };
    (transport.last_request().unwrap().url.to_string(), parsed)
}

fn keys<T>(items: &Option<Vec<T>>, key: impl Fn(&T) -> &Option<String>) -> Vec<Option<String>> {
    items
        .iter()
        .flatten()
        .map(|item| key(item).clone())
        .collect()
}

/// A URL's scheme, host and path, and its query pairs in order of name: botocore writes a
/// listing's query in the order of the caller's parameters, `encoding-type` last (its
/// handler adds it after them), awsgen in the model's; the canonical request sorts them,
/// so what is signed and what S3 reads is the same.
fn url_parts(url: &str) -> (&str, Vec<(String, String)>) {
    (url.split('?').next().unwrap_or(url), sorted_query(url))
}

#[tokio::test]
async fn listings_ask_for_url_encoded_keys_and_decode_them_as_botocore_does() {
    let reference: serde_json::Value =
        serde_json::from_str(&fixture("s3/botocore-listings.json")).unwrap();
    let cases = reference["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 5);
    for case in cases {
        let (url, parsed) = list(case).await;
        let what = format!("{} {}", case["operation"], case["params"]);
        assert_eq!(
            url_parts(&url),
            url_parts(case["url"].as_str().unwrap()),
            "{what}"
        );
        assert_eq!(parsed, case["parsed"], "{what}");
    }
}

/// A directory bucket (S3 Express One Zone) and a multi-region access point need auth
/// schemes awsgen cannot sign with yet (`sigv4-s3express`, `sigv4a`): the call is refused
/// by the scheme's name, and nothing is sent, rather than signed with SigV4 and refused by
/// S3.
#[tokio::test]
async fn buckets_that_need_another_auth_scheme_are_refused_by_name() {
    for (bucket, scheme) in [
        ("my-bucket--usw2-az1--x-s3", "sigv4-s3express"),
        (
            "arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap",
            "sigv4a",
        ),
    ] {
        let transport = MemoryTransport::new();
        let config = Config::builder()
            .region("us-west-2")
            .credentials(reference_credentials(None))
            .transport(transport.clone())
            .build()
            .unwrap();
        let error = Client::new(config)
            .get_object(bucket, "k")
            .send()
            .await
            .unwrap_err();
        let awsgen_runtime::error::SdkError::Endpoint(error) = error else {
            panic!("{bucket}: not an endpoint error: {error}");
        };
        assert!(
            error.message().contains(&format!("`{scheme}` auth scheme")),
            "{bucket}: {error}"
        );
        assert!(
            transport.requests().is_empty(),
            "{bucket}: a request was sent"
        );
    }
}
