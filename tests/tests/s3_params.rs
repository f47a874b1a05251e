//! What botocore makes of S3 parameters before it builds a request, through the generated
//! S3 client: the key in a `CopySource` percent-encoded, SSE-C keys sent base64-encoded with
//! their MD5, and user metadata that is not ASCII refused before anything is sent. Each
//! case's headers, or its refusal, are botocore 1.44.5's, recorded by
//! `tests/reference/botocore_s3_params.py`.

use std::collections::HashMap;

use awsgen_runtime::error::{SdkError, ValidationError};
use awsgen_runtime::http::HttpResponse;
use awsgen_runtime::json::Blob;
use awsgen_runtime::transport::MemoryTransport;
use awsgen_s3::{Client, Config};
use awsgen_tests::{fixture, reference_credentials};
use serde_json::Value;

/// The headers the handlers decide, as the script records them.
const HEADERS: [&str; 5] = [
    "x-amz-copy-source",
    "x-amz-server-side-encryption-customer-key",
    "x-amz-server-side-encryption-customer-key-MD5",
    "x-amz-copy-source-server-side-encryption-customer-key",
    "x-amz-copy-source-server-side-encryption-customer-key-MD5",
];

fn text<'a>(params: &'a Value, name: &str) -> &'a str {
    params[name]
        .as_str()
        .unwrap_or_else(|| panic!("{name} is a string"))
}

fn optional<'a>(params: &'a Value, name: &str) -> Option<&'a str> {
    params.get(name).map(|_| text(params, name))
}

/// A customer key: botocore was given its raw bytes, recorded as hex.
fn customer_key(params: &Value, name: &str) -> Option<Blob> {
    let hex = params.get(name)?["hex"].as_str().expect("a key as hex");
    let bytes = (0..hex.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(&hex[at..at + 2], 16).expect("hex"))
        .collect::<Vec<u8>>();
    Some(Blob::new(bytes))
}

fn metadata(params: &Value) -> Option<HashMap<String, String>> {
    let entries = params.get("Metadata")?.as_object().expect("a map");
    Some(
        entries
            .iter()
            .map(|(key, value)| (key.clone(), value.as_str().expect("text").to_owned()))
            .collect(),
    )
}

/// Sets the SSE-C members of a call that has them, from a case's parameters.
macro_rules! customer_keys {
    ($call:expr, $params:expr) => {{
        let mut call = $call;
        if let Some(algorithm) = optional($params, "SSECustomerAlgorithm") {
            call = call.sse_customer_algorithm(algorithm);
        }
        if let Some(key) = customer_key($params, "SSECustomerKey") {
            call = call.sse_customer_key(key);
        }
        call
    }};
}

macro_rules! copy_source_keys {
    ($call:expr, $params:expr) => {{
        let mut call = $call;
        if let Some(algorithm) = optional($params, "CopySourceSSECustomerAlgorithm") {
            call = call.copy_source_sse_customer_algorithm(algorithm);
        }
        if let Some(key) = customer_key($params, "CopySourceSSECustomerKey") {
            call = call.copy_source_sse_customer_key(key);
        }
        call
    }};
}

macro_rules! with_metadata {
    ($call:expr, $params:expr) => {{
        let call = $call;
        match metadata($params) {
            Some(metadata) => call.metadata(metadata),
            None => call,
        }
    }};
}

/// The refusal of a call, if it was refused; panics on any other failure.
fn refusal<T, E: std::fmt::Debug>(result: Result<T, SdkError<E>>) -> Option<ValidationError> {
    match result {
        Ok(_) => None,
        Err(SdkError::Validation(error)) => Some(error),
        Err(other) => panic!("the call failed: {other:?}"),
    }
}

/// Sends a case through the S3 client; its refusal, if it was refused.
async fn send(client: &Client, operation: &str, p: &Value) -> Option<ValidationError> {
    let (bucket, key) = (text(p, "Bucket"), text(p, "Key"));
    let part = || p["PartNumber"].as_i64().expect("a part number") as i32;
    match operation {
        "CopyObject" => {
            let call = client.copy_object(bucket, text(p, "CopySource"), key);
            let call = with_metadata!(copy_source_keys!(customer_keys!(call, p), p), p);
            refusal(call.send().await)
        }
        "UploadPartCopy" => {
            let call = client.upload_part_copy(
                bucket,
                text(p, "CopySource"),
                key,
                part(),
                text(p, "UploadId"),
            );
            refusal(copy_source_keys!(customer_keys!(call, p), p).send().await)
        }
        "PutObject" => {
            let call = client.put_object(bucket, key).body(text(p, "Body"));
            refusal(with_metadata!(customer_keys!(call, p), p).send().await)
        }
        "GetObject" => refusal(
            customer_keys!(client.get_object(bucket, key), p)
                .send()
                .await,
        ),
        "HeadObject" => refusal(
            customer_keys!(client.head_object(bucket, key), p)
                .send()
                .await,
        ),
        "CreateMultipartUpload" => {
            let call = client.create_multipart_upload(bucket, key);
            refusal(with_metadata!(customer_keys!(call, p), p).send().await)
        }
        "UploadPart" => {
            let call = client
                .upload_part(bucket, key, part(), text(p, "UploadId"))
                .body(text(p, "Body"));
            refusal(customer_keys!(call, p).send().await)
        }
        "CompleteMultipartUpload" => {
            let call = client.complete_multipart_upload(bucket, key, text(p, "UploadId"));
            refusal(customer_keys!(call, p).send().await)
        }
        other => panic!("no case drives {other}"),
    }
}

/// botocore's messages with its spacing (two spaces, a line break, a trailing space)
/// evened out, which is the only way awsgen's differ.
fn words(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn s3_parameters_are_sent_or_refused_as_botocore_sends_or_refuses_them() {
    let recorded: Value = serde_json::from_str(&fixture("s3/botocore-params.json")).expect("JSON");
    let cases = recorded["cases"].as_array().expect("cases");
    assert!(cases.len() >= 16, "the fixture lost cases");
    for case in cases {
        let operation = case["operation"].as_str().expect("an operation");
        let params = &case["params"];
        let answer = match operation {
            "CopyObject" => "<CopyObjectResult><ETag>\"e\"</ETag></CopyObjectResult>",
            "UploadPartCopy" => "<CopyPartResult><ETag>\"e\"</ETag></CopyPartResult>",
            "CreateMultipartUpload" => {
                "<InitiateMultipartUploadResult><UploadId>u1</UploadId></InitiateMultipartUploadResult>"
            }
            "CompleteMultipartUpload" => {
                "<CompleteMultipartUploadResult><ETag>\"e\"</ETag></CompleteMultipartUploadResult>"
            }
            _ => "",
        };
        let transport = MemoryTransport::with_responses([HttpResponse::new(200, answer)]);
        let config = Config::builder()
            .region("us-west-2")
            .credentials(reference_credentials(None))
            .transport(transport.clone())
            .max_attempts(1)
            .build()
            .unwrap();
        let client = Client::new(config);
        let refused = send(&client, operation, params).await;
        let what = format!("{operation} {params}");
        match case.get("refused") {
            Some(message) => {
                let error = refused.unwrap_or_else(|| panic!("{what}: sent, not refused"));
                let messages: Vec<String> = error
                    .violations
                    .iter()
                    .map(|violation| words(&violation.message))
                    .collect();
                assert_eq!(messages, [words(message.as_str().unwrap())], "{what}");
                assert!(
                    transport.last_request().is_none(),
                    "{what}: a refused call was sent"
                );
            }
            None => {
                assert!(refused.is_none(), "{what}: refused: {refused:?}");
                let request = transport.last_request().expect("a request");
                let sent: serde_json::Map<String, Value> = HEADERS
                    .iter()
                    .filter_map(|name| {
                        let value = request.headers.get(name)?;
                        Some(((*name).to_owned(), Value::from(value)))
                    })
                    .collect();
                assert_eq!(Value::Object(sent), case["headers"], "{what}");
            }
        }
    }
}
