//! S3's region redirects, through the generated S3 client: a call for a bucket that S3
//! says lives elsewhere is sent once more to that region (found in the answer's header, its
//! error document, or a HEAD of the bucket), signed for it, and the bucket's later calls go
//! there from the start. Each case's canned answers, the requests botocore 1.44.5 sent for
//! them and how its calls ended are recorded by `tests/reference/botocore_s3_redirects.py`.

use awsgen_runtime::error::SdkError;
use awsgen_runtime::http::{HttpRequest, HttpResponse};
use awsgen_runtime::transport::MemoryTransport;
use awsgen_s3::{Client, Config};
use awsgen_tests::{fixture, reference_credentials};
use serde_json::{Value, json};

fn answer(recorded: &Value) -> HttpResponse {
    let status = recorded["status"].as_u64().expect("a status") as u16;
    let mut response = HttpResponse::new(status, recorded["body"].as_str().expect("a body"));
    for (name, value) in recorded["headers"].as_object().expect("headers") {
        response
            .headers
            .insert(name.clone(), value.as_str().expect("a header value"));
    }
    response
}

/// A request as the script records one: method, URL and the region its signature is
/// scoped to.
fn sent(request: &HttpRequest) -> Value {
    let authorization = request
        .headers
        .get("Authorization")
        .expect("a signed request");
    let scope = authorization
        .split("Credential=")
        .nth(1)
        .and_then(|credential| credential.split('/').nth(2))
        .expect("a credential scope");
    json!({"method": request.method, "url": request.url.to_string(), "region": scope})
}

/// `ok`, or the code of the service error the call ended with.
fn outcome<T, E: std::fmt::Debug>(result: Result<T, SdkError<E>>) -> String {
    match result {
        Ok(_) => "ok".to_owned(),
        Err(SdkError::Service(error)) => error.meta.code().to_owned(),
        Err(other) => panic!("not a service error: {other:?}"),
    }
}

async fn call(client: &Client, operation: &str, params: &Value) -> String {
    let text = |name: &str| params[name].as_str().expect("a string").to_owned();
    match operation {
        "GetObject" => outcome(client.get_object(text("Bucket"), text("Key")).send().await),
        "HeadObject" => outcome(client.head_object(text("Bucket"), text("Key")).send().await),
        "PutObject" => outcome(
            client
                .put_object(text("Bucket"), text("Key"))
                .body(text("Body"))
                .send()
                .await,
        ),
        "ListObjectsV2" => outcome(client.list_objects_v2(text("Bucket")).send().await),
        "CreateBucket" => outcome(client.create_bucket(text("Bucket")).send().await),
        other => panic!("no case drives {other}"),
    }
}

#[tokio::test]
async fn buckets_in_other_regions_are_followed_as_botocore_follows_them() {
    let recorded: Value =
        serde_json::from_str(&fixture("s3/botocore-redirects.json")).expect("JSON");
    let cases = recorded["cases"].as_array().expect("cases");
    assert!(cases.len() >= 10, "the fixture lost cases");
    for case in cases {
        let name = case["name"].as_str().expect("a name");
        let answers = case["answers"].as_array().expect("answers");
        let transport = MemoryTransport::with_responses(answers.iter().map(answer));
        let config = Config::builder()
            .region(case["region"].as_str().expect("a region"))
            .credentials(reference_credentials(None))
            .transport(transport.clone())
            .max_attempts(1)
            .build()
            .unwrap();
        let client = Client::new(config);
        let mut outcomes = Vec::new();
        for made in case["calls"].as_array().expect("calls") {
            let operation = made["operation"].as_str().expect("an operation");
            outcomes.push(call(&client, operation, &made["params"]).await);
        }
        let requests: Vec<Value> = transport.requests().iter().map(sent).collect();
        assert_eq!(Value::from(requests), case["sent"], "{name}: what was sent");
        assert_eq!(
            Value::from(outcomes),
            case["outcomes"],
            "{name}: how the calls ended"
        );
    }
}
