//! Retries against botocore: the scenarios of `tests/fixtures/retries/botocore-retries.json`
//! (made by `tests/reference/botocore_retries.py`) replayed through the generated client.
//! Each scenario is one client whose calls share a retry quota; each call is answered in
//! turn by the canned responses or connection failures botocore was given, and must make the
//! same attempts, with the same `amz-sdk-request` headers and back-off delays, and end the
//! same way. The jitter is fixed as it was for botocore, and nothing sleeps.

use std::sync::OnceLock;
use std::time::Duration;

use awsgen_runtime::config::Config;
use awsgen_runtime::error::SdkError;
use awsgen_runtime::http::HttpResponse;
use awsgen_runtime::random::RandomSource;
use awsgen_runtime::sleep::InstantSleep;
use awsgen_runtime::transport::{MemoryTransport, TransportError, TransportErrorKind};
use awsgen_tests::{fixture, reference_credentials, reference_time};

fn reference() -> &'static serde_json::Value {
    static REFERENCE: OnceLock<serde_json::Value> = OnceLock::new();
    REFERENCE.get_or_init(|| {
        serde_json::from_str(&fixture("retries/botocore-retries.json"))
            .expect("the reference is JSON")
    })
}

/// Random bytes that make the jitter exactly `random` (botocore's `random.random()` in the
/// reference run): the first 53 bits are the fraction.
#[derive(Debug)]
struct FixedRandom(f64);

impl RandomSource for FixedRandom {
    fn fill(&self, bytes: &mut [u8]) {
        let bits = ((self.0 * (1u64 << 53) as f64) as u64) << 11;
        for (byte, value) in bytes.iter_mut().zip(bits.to_be_bytes().into_iter().cycle()) {
            *byte = value;
        }
    }
}

/// Our counterpart of each HTTP-layer exception botocore was given.
fn transport_error(exception: &str) -> TransportError {
    let kind = match exception {
        "ConnectionClosedError" => TransportErrorKind::Io,
        "EndpointConnectionError" => TransportErrorKind::Connect,
        "ConnectTimeoutError" | "ReadTimeoutError" => TransportErrorKind::Timeout,
        other => panic!("no counterpart for {other}"),
    };
    TransportError::new(kind, exception)
}

fn answer(transport: &MemoryTransport, canned: &serde_json::Value) {
    if let Some(exception) = canned["exception"].as_str() {
        transport.push_error(transport_error(exception));
        return;
    }
    let mut response = HttpResponse::new(
        u16::try_from(canned["status"].as_u64().unwrap()).unwrap(),
        canned["body"].as_str().unwrap(),
    );
    for (name, value) in canned["headers"].as_object().unwrap() {
        response = response.with_header(name.clone(), value.as_str().unwrap());
    }
    transport.push_response(response);
}

/// How a call ended, in the reference's terms.
fn outcome<T, E: std::fmt::Debug>(result: &Result<T, SdkError<E>>) -> serde_json::Value {
    match result {
        Ok(_) => serde_json::json!({"ok": true}),
        Err(SdkError::Service(error)) => serde_json::json!({
            "error_code": error.meta.code(),
            "status": error.meta.status(),
        }),
        Err(SdkError::Transport(error)) => serde_json::json!({"exception": error.message()}),
        Err(other) => panic!("unexpected error: {other:?}"),
    }
}

/// The client of a scenario's service, making the call botocore made.
enum ScenarioClient {
    Amplify(awsgen_amplify::Client),
    Sqs(awsgen_sqs::Client),
}

impl ScenarioClient {
    /// `ListApps`, or SQS `ReceiveMessage` (which long-polls): how the call ended.
    async fn call(&self) -> serde_json::Value {
        match self {
            ScenarioClient::Amplify(client) => outcome(&client.list_apps().send().await),
            ScenarioClient::Sqs(client) => outcome(
                &client
                    .receive_message("https://sqs.us-east-1.amazonaws.com/123456789012/jobs")
                    .send()
                    .await,
            ),
        }
    }
}

async fn check_scenario(scenario: &serde_json::Value) {
    let name = scenario["name"].as_str().unwrap();
    let transport = MemoryTransport::new();
    let sleep = InstantSleep::new();
    let mut config = Config::builder()
        .region("us-east-1")
        .credentials(reference_credentials(None))
        .transport(transport.clone())
        .clock(reference_time)
        .sleep(sleep.clone())
        .random(FixedRandom(reference()["random"].as_f64().unwrap()));
    if let Some(max_attempts) = scenario["max_attempts"].as_u64() {
        config = config.max_attempts(u32::try_from(max_attempts).unwrap());
    }
    let config = config.build().unwrap();
    let client = match scenario["service"].as_str().unwrap() {
        "amplify" => ScenarioClient::Amplify(awsgen_amplify::Client::new(config)),
        "sqs" => ScenarioClient::Sqs(awsgen_sqs::Client::new(config)),
        other => panic!("{name}: no client for {other}"),
    };

    for (index, call) in scenario["calls"].as_array().unwrap().iter().enumerate() {
        let what = format!("{name}, call {index}");
        for canned in call["answers"].as_array().unwrap() {
            answer(&transport, canned);
        }
        sleep.clear();
        let before = transport.requests().len();
        let result = client.call().await;

        let requests = &transport.requests()[before..];
        let attempts: Vec<&str> = requests
            .iter()
            .map(|r| r.headers.get("amz-sdk-request").expect("amz-sdk-request"))
            .collect();
        assert_eq!(
            attempts,
            call["amz_sdk_request"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h.as_str().unwrap())
                .collect::<Vec<_>>(),
            "{what}"
        );
        let first_id = requests[0].headers.get("amz-sdk-invocation-id");
        assert!(
            requests
                .iter()
                .all(|r| r.headers.get("amz-sdk-invocation-id") == first_id),
            "{what}: one invocation id per call"
        );
        // The clock stands still, so every attempt's signature is the first one's unless
        // something the signer should not see (the retry headers) got into it.
        let first_signature = requests[0].headers.get("authorization");
        assert!(
            requests
                .iter()
                .all(|r| r.headers.get("authorization") == first_signature),
            "{what}: each attempt signed over the same headers"
        );
        let slept: Vec<f64> = sleep.slept().iter().map(Duration::as_secs_f64).collect();
        let expected: Vec<f64> = call["sleeps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_f64().unwrap())
            .collect();
        assert_eq!(slept.len(), expected.len(), "{what}: {slept:?}");
        for (ours, theirs) in slept.iter().zip(&expected) {
            assert!(
                (ours - theirs).abs() < 1e-9,
                "{what}: slept {slept:?}, botocore {expected:?}"
            );
        }
        assert_eq!(result, call["outcome"], "{what}");
    }
}

#[tokio::test]
async fn every_scenario_retries_as_botocore_does() {
    let scenarios = reference()["scenarios"].as_array().unwrap();
    assert!(scenarios.len() >= 15);
    for scenario in scenarios {
        check_scenario(scenario).await;
    }
}

/// The last attempt's error is the one returned, even when earlier attempts failed
/// differently.
#[tokio::test]
async fn the_last_attempts_error_is_returned() {
    let transport = MemoryTransport::new();
    transport.push_error(TransportError::new(TransportErrorKind::Io, "reset"));
    transport.push_response(
        HttpResponse::new(400, r#"{"message":"bad"}"#)
            .with_header("x-amzn-ErrorType", "BadRequestException"),
    );
    let sleep = InstantSleep::new();
    let config = Config::builder()
        .region("us-east-1")
        .credentials(reference_credentials(None))
        .transport(transport.clone())
        .sleep(sleep.clone())
        .build()
        .unwrap();
    let client = awsgen_amplify::Client::new(config);
    let error = client.list_apps().send().await.unwrap_err();
    assert_eq!(error.meta().map(|m| m.code()), Some("BadRequestException"));
    assert_eq!(transport.requests().len(), 2);
    assert_eq!(sleep.slept().len(), 1);
    // Each attempt is signed on its own.
    for request in transport.requests() {
        assert!(request.headers.contains("Authorization"));
    }
}

/// A response that cannot be parsed is not retried: the service acted on the request.
#[tokio::test]
async fn an_unparseable_success_is_not_retried() {
    let transport = MemoryTransport::with_responses([HttpResponse::new(200, "not json")]);
    let config = Config::builder()
        .region("us-east-1")
        .credentials(reference_credentials(None))
        .transport(transport.clone())
        .sleep(InstantSleep::new())
        .build()
        .unwrap();
    let client = awsgen_amplify::Client::new(config);
    let error = client.list_apps().send().await.unwrap_err();
    assert!(matches!(error, SdkError::Response(_)), "{error:?}");
    assert_eq!(transport.requests().len(), 1);
}
