//! Wire tests against botocore: every Amplify operation, built from the same parameters
//! botocore was given (`tests/fixtures/wire/amplify-inputs.json`), must produce the request
//! botocore produced (`amplify-botocore.json`, made by `tests/reference/botocore_wire.py`).
//!
//! Bodies are compared as JSON values, since botocore writes `", "` and `": "` separators;
//! because the bytes differ, so do the signatures, which is why the signer is checked
//! separately against botocore's exact requests.

use std::sync::OnceLock;

use awsgen_runtime::http::{Headers, HttpRequest, HttpResponse, Url};
use awsgen_runtime::json::{self, Value};
use awsgen_runtime::sigv4::Signer;
use awsgen_runtime::transport::MemoryTransport;
use awsgen_tests::{
    amplify_params, fixture, reference_client, reference_credentials, reference_time,
};

fn reference() -> &'static serde_json::Value {
    static REFERENCE: OnceLock<serde_json::Value> = OnceLock::new();
    REFERENCE.get_or_init(|| {
        serde_json::from_str(&fixture("wire/amplify-botocore.json")).expect("the reference is JSON")
    })
}

fn case(name: &str) -> &'static serde_json::Value {
    reference()["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .find(|case| case["name"] == name)
        .unwrap_or_else(|| panic!("no reference case `{name}`"))
}

/// The session token, for the cases botocore signed with one.
fn session_token(case: &serde_json::Value) -> Option<&str> {
    case["request"]["headers"]["X-Amz-Security-Token"].as_str()
}

async fn send_case(case: &serde_json::Value) -> HttpRequest {
    let transport = MemoryTransport::new();
    // Any answer will do: only the request is compared.
    transport.push_response(HttpResponse::new(200, "{}"));
    let client = reference_client(&transport, session_token(case));
    let params = json::parse(case["params"].to_string().as_bytes()).expect("params are JSON");
    let operation = case["operation"].as_str().expect("operation");
    let outcome = amplify_params::send(&client, operation, &params)
        .await
        .expect("the parameters fit the model");
    if let Some(error) = outcome.filter(|e| e.contains("validation")) {
        panic!("botocore sent this request, but the client refused it: {error}");
    }
    transport.last_request().expect("a request was sent")
}

/// The lower-case hyphenated form of a version 4 UUID, as Python writes it.
fn is_uuid_v4(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
        && groups[2].starts_with('4')
        && groups[3].starts_with(['8', '9', 'a', 'b'])
}

fn signed_headers(authorization: &str) -> Vec<String> {
    let list = authorization
        .split("SignedHeaders=")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .expect("an Authorization header names its signed headers");
    list.split(';').map(str::to_owned).collect()
}

async fn check_wire_case(name: &str) {
    let case = case(name);
    let expected = &case["request"];
    let request = send_case(case).await;

    assert_eq!(
        request.method,
        expected["method"].as_str().unwrap(),
        "method"
    );
    assert_eq!(
        request.url.to_string(),
        expected["url"].as_str().unwrap(),
        "URL"
    );
    assert_eq!(request.url.path, expected["path"].as_str().unwrap(), "path");
    assert_eq!(
        request.url.query,
        expected["query"].as_str().unwrap(),
        "query string"
    );

    match expected["body_json"].as_object() {
        Some(_) => {
            let body: serde_json::Value =
                serde_json::from_slice(request.body.as_bytes().unwrap()).expect("the body is JSON");
            assert_eq!(body, expected["body_json"], "body");
        }
        None => assert_eq!(
            String::from_utf8_lossy(request.body.as_bytes().unwrap()),
            expected["body"].as_str().unwrap_or(""),
            "body"
        ),
    }
    assert_eq!(
        request.headers.get("Content-Type"),
        expected["headers"]["Content-Type"].as_str(),
        "Content-Type"
    );
    assert_eq!(
        request.headers.get("X-Amz-Security-Token"),
        session_token(case),
        "session token"
    );
    assert_eq!(
        request.headers.get("X-Amz-Date"),
        expected["x_amz_date"].as_str(),
        "X-Amz-Date"
    );
    // botocore's invocation id is a random UUID (the reference's is fixed per case), so only
    // its form can be compared.
    assert_eq!(
        request.headers.get("amz-sdk-request"),
        expected["headers"]["amz-sdk-request"].as_str(),
        "amz-sdk-request"
    );
    let invocation_id = request
        .headers
        .get("amz-sdk-invocation-id")
        .expect("an invocation id");
    assert!(is_uuid_v4(invocation_id), "{invocation_id}");
    let authorization = request
        .headers
        .get("Authorization")
        .expect("the request is signed");
    let expected_signed: Vec<String> = expected["signed_headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        signed_headers(authorization),
        expected_signed,
        "signed headers"
    );
    assert!(
        authorization.starts_with(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260102/us-east-1/amplify/aws4_request, "
        ),
        "{authorization}"
    );
}

include!(concat!(env!("OUT_DIR"), "/wire_cases.rs"));

/// The signer, given botocore's exact request (method, URL, the headers botocore signed,
/// body bytes), produces botocore's `Authorization` byte for byte, for every case.
#[test]
fn signer_reproduces_botocore_signatures_for_every_case() {
    let signer = Signer::new();
    let mut checked = 0;
    for case in reference()["cases"].as_array().unwrap() {
        let expected = &case["request"];
        let mut headers = Headers::new();
        for (name, value) in expected["headers"].as_object().unwrap() {
            // What botocore adds after signing, or the signature itself.
            let unsigned = [
                "authorization",
                "x-amz-date",
                "x-amz-security-token",
                "content-length",
                "amz-sdk-invocation-id",
                "amz-sdk-request",
            ];
            if !unsigned.contains(&name.to_ascii_lowercase().as_str()) {
                headers.append(name.as_str(), value.as_str().unwrap());
            }
        }
        let mut request = HttpRequest {
            method: expected["method"].as_str().unwrap().to_owned(),
            url: Url::parse(expected["url"].as_str().unwrap()).unwrap(),
            headers,
            body: expected["body"].as_str().unwrap_or("").as_bytes().into(),
        };
        signer.sign(
            &mut request,
            &reference_credentials(session_token(case)),
            "us-east-1",
            "amplify",
            reference_time(),
        );
        assert_eq!(
            request.headers.get("Authorization"),
            expected["authorization"].as_str(),
            "{}",
            case["name"]
        );
        assert_eq!(
            request.headers.get("X-Amz-Date"),
            expected["x_amz_date"].as_str()
        );
        checked += 1;
    }
    assert_eq!(checked, reference()["cases"].as_array().unwrap().len());
}

/// Every operation of the model has at least one reference case.
#[test]
fn every_operation_is_covered() {
    let model: Value =
        json::parse(fixture("../../model/amplify/2017-07-25/service-2.json").as_bytes()).unwrap();
    let Some(Value::Object(operations)) = model.get("operations") else {
        panic!("the model has operations");
    };
    let covered: Vec<&str> = reference()["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|case| case["operation"].as_str().unwrap())
        .collect();
    assert_eq!(operations.len(), 37);
    for (name, _) in operations {
        assert!(covered.contains(&name.as_str()), "no wire case for {name}");
    }
}
