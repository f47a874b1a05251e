//! The runtime's customizations against botocore 1.44.5's own behaviour, recorded by
//! `tests/reference/botocore_customizations.py` in
//! `tests/fixtures/customizations/botocore-customizations.json`: the recursion-detection
//! header, DynamoDB's crc32 check and retry defaults, STS's extra retryable code, and
//! unsigned operations.
//!
//! The generated DynamoDB client does not pass its customizations yet, and STS and Cognito
//! clients are not generated, so each operation here is written by hand the way the
//! generator would write it: it serializes a fixed request and parses errors with the
//! protocol's helper. What is under test is the runtime's part, [`ClientCore`] with
//! [`Customizations`], which generated clients share.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

use awsgen_runtime::client::{
    AuthScheme, ClientCore, Operation, RequestContext, SerializedRequest, ServiceInfo,
};
use awsgen_runtime::config::{Config, ConfigBuilder};
use awsgen_runtime::crc32;
use awsgen_runtime::credentials::Credentials;
use awsgen_runtime::customizations::{self, Crc32ErrorKind, Customizations};
use awsgen_runtime::endpoint::{BuiltIns, Endpoint, EndpointError, array, object, string};
use awsgen_runtime::error::{DeserializeError, ErrorMetadata, SdkError, ServiceError};
use awsgen_runtime::http::{HttpRequest, HttpResponse};
use awsgen_runtime::protocol::aws_json;
use awsgen_runtime::random::RandomSource;
use awsgen_runtime::sleep::InstantSleep;
use awsgen_runtime::time::DateTime;
use awsgen_runtime::transport::MemoryTransport;
use awsgen_runtime::validate::{Path as MemberPath, Validate, Validator};
use serde_json::{Value as Json, json};

fn reference() -> &'static Json {
    static REFERENCE: OnceLock<Json> = OnceLock::new();
    REFERENCE.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/customizations/botocore-customizations.json");
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let reference: Json = serde_json::from_str(&text).expect("the reference is JSON");
        assert_eq!(reference["botocore_version"], "1.44.5");
        reference
    })
}

/// What botocore 1.44.5 does for DynamoDB in its standard retry mode (the default in that
/// release): `_SERVICE_MAX_ATTEMPTS`, `_SERVICE_BACKOFF_CONFIG`, `RetryDDBChecksumError`.
/// This is the value the generator is to emit for DynamoDB.
const DYNAMODB: Customizations = Customizations::new()
    .default_max_attempts(4)
    .transient_backoff_base(Duration::from_millis(25))
    .check_crc32(true);

/// STS: `RetryIDPCommunicationError`.
const STS: Customizations = Customizations::new().transient_error_codes(&["IDPCommunicationError"]);

fn endpoint_of(url: &'static str) -> Result<Endpoint, EndpointError> {
    Ok(Endpoint::new(url))
}

static DYNAMODB_INFO: ServiceInfo = ServiceInfo {
    service_id: "DynamoDB",
    signing_name: "dynamodb",
    signing: awsgen_runtime::sigv4::Variant::Standard,
    api_version: "2012-08-10",
    resolve_endpoint: |_| endpoint_of("https://dynamodb.us-east-1.amazonaws.com"),
};

/// STS's rules name a SigV4 scheme for the endpoint, which must not make an unsigned
/// operation signed.
static STS_INFO: ServiceInfo = ServiceInfo {
    service_id: "STS",
    signing_name: "sts",
    signing: awsgen_runtime::sigv4::Variant::Standard,
    api_version: "2011-06-15",
    resolve_endpoint: sts_endpoint,
};

fn sts_endpoint(_: &BuiltIns<'_>) -> Result<Endpoint, EndpointError> {
    let scheme = object([
        ("name", string("sigv4")),
        ("signingName", string("sts")),
        ("signingRegion", string("us-east-1")),
    ]);
    Ok(Endpoint::new("https://sts.us-east-1.amazonaws.com")
        .property("authSchemes", array([scheme])))
}

/// A hand-written operation of any of the services above: a fixed request, errors parsed
/// by code, an empty output.
struct Call {
    target: &'static str,
    auth: AuthScheme,
    preset_trace_id: Option<String>,
}

impl Call {
    fn list_tables() -> Self {
        Self {
            target: "DynamoDB_20120810.ListTables",
            auth: AuthScheme::SigV4,
            preset_trace_id: None,
        }
    }
}

impl Validate for Call {
    fn validate(&self, _: MemberPath<'_>, _: &mut Validator) {}
}

/// `Operation::AUTH` is a constant of the operation's type, so the two schemes are two
/// types over one implementation.
struct Signed(Call);
struct Unsigned(Call);

impl Validate for Signed {
    fn validate(&self, path: MemberPath<'_>, validator: &mut Validator) {
        self.0.validate(path, validator);
    }
}

impl Validate for Unsigned {
    fn validate(&self, path: MemberPath<'_>, validator: &mut Validator) {
        self.0.validate(path, validator);
    }
}

fn serialize(call: &Call) -> SerializedRequest {
    let mut request = SerializedRequest::new("POST", "/".to_owned());
    request.headers.insert("X-Amz-Target", call.target);
    request
        .headers
        .insert("Content-Type", "application/x-amz-json-1.0");
    if let Some(trace_id) = &call.preset_trace_id {
        request.headers.insert("X-Amzn-Trace-Id", trace_id.as_str());
    }
    request.body = b"{}".to_vec().into();
    request
}

/// The error code, as JSON protocols give it, or from an XML `<Code>` as STS's query
/// protocol does (what a generated query deserializer would find).
fn service_error(response: &HttpResponse) -> ServiceError<String> {
    let body = String::from_utf8_lossy(&response.body);
    let meta = match body.split_once("<Code>") {
        Some((_, rest)) => ErrorMetadata::new(
            rest.split_once("</Code>").map_or(rest, |(code, _)| code),
            response.status,
        ),
        None => aws_json::error_metadata(response),
    };
    ServiceError {
        error: meta.code().to_owned(),
        meta,
    }
}

macro_rules! operation {
    ($type:ident, $auth:expr) => {
        impl Operation for $type {
            type Output = ();
            type Error = String;
            const NAME: &'static str = "Call";
            const AUTH: AuthScheme = $auth;

            fn serialize(&self, _: &RequestContext<'_>) -> SerializedRequest {
                assert_eq!(self.0.auth, $auth, "the test picked the right type");
                serialize(&self.0)
            }

            fn deserialize_output(_: &HttpResponse) -> Result<(), DeserializeError> {
                Ok(())
            }

            fn deserialize_error(response: &HttpResponse) -> ServiceError<String> {
                service_error(response)
            }
        }
    };
}

operation!(Signed, AuthScheme::SigV4);
operation!(Unsigned, AuthScheme::NoAuth);

async fn send(core: &ClientCore, call: Call) -> Result<(), SdkError<String>> {
    match call.auth {
        AuthScheme::SigV4 => core.call(&Signed(call)).await,
        _ => core.call(&Unsigned(call)).await,
    }
}

/// Random bytes that make the jitter exactly `self.0`, as botocore's `random.random()` was
/// fixed in the reference run: the first 53 bits are the fraction.
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

fn frozen_clock() -> DateTime {
    // 2026-01-02T03:04:05Z, the reference's clock.
    DateTime::from_secs(1_767_323_045)
}

fn builder(transport: &MemoryTransport, sleep: &InstantSleep) -> ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new(
            "AKIDEXAMPLE",
            "secret",
            Some("SESSION-TOKEN".into()),
        ))
        .transport(transport.clone())
        .sleep(sleep.clone())
        .clock(frozen_clock)
        .random(FixedRandom(reference()["random"].as_f64().unwrap()))
}

fn canned(answer: &Json) -> HttpResponse {
    let mut response = HttpResponse::new(
        u16::try_from(answer["status"].as_u64().unwrap()).unwrap(),
        answer["body"].as_str().unwrap(),
    );
    for (name, value) in answer["headers"].as_object().unwrap() {
        response = response.with_header(name.clone(), value.as_str().unwrap());
    }
    response
}

fn signed_headers(request: &HttpRequest) -> Vec<String> {
    let authorization = request.headers.get("Authorization").expect("signed");
    let (_, rest) = authorization.split_once("SignedHeaders=").unwrap();
    let list = rest.split_once(',').map_or(rest, |(list, _)| list);
    list.split(';').map(str::to_owned).collect()
}

// --- CRC-32 ----------------------------------------------------------------------------

fn crc_vector(name: &str) -> Vec<u8> {
    match name {
        "empty" => Vec::new(),
        "check" => b"123456789".to_vec(),
        "a" => b"a".to_vec(),
        "fox" => b"The quick brown fox jumps over the lazy dog".to_vec(),
        "all_bytes" => (0..=255).collect(),
        "zeros" => vec![0; 32],
        "ones" => vec![0xFF; 32],
        "list_tables" => br#"{"TableNames":[]}"#.to_vec(),
        // Made as the reference makes it: (i * 7 + 3) mod 251.
        "pattern_100000" => (0..100_000).map(|i| ((i * 7 + 3) % 251) as u8).collect(),
        other => panic!("no vector named {other}"),
    }
}

#[test]
fn crc32_matches_pythons_binascii() {
    let vectors = reference()["crc32"].as_array().unwrap();
    assert_eq!(vectors.len(), 9);
    for vector in vectors {
        let name = vector["name"].as_str().unwrap();
        let data = crc_vector(name);
        assert_eq!(
            u64::from(crc32::checksum(&data)),
            vector["crc32"].as_u64().unwrap(),
            "{name}"
        );
        assert_eq!(crc32::base64_digest(&data), vector["base64"], "{name}");
    }
}

#[test]
fn crc32_header_is_read_as_botocore_reads_it() {
    let cases = reference()["crc_headers"].as_array().unwrap();
    assert!(cases.len() >= 15);
    for case in cases {
        let header = case["header"].as_str().unwrap();
        let response =
            HttpResponse::new(200, r#"{"TableNames":[]}"#).with_header("x-amz-crc32", header);
        let ours = match customizations::check_crc32(&response) {
            Ok(()) => "accept",
            Err(error) if error.kind() == Crc32ErrorKind::Mismatch => "retry",
            // botocore's checker lets int()'s ValueError out, which fails the call.
            Err(_) => "ValueError",
        };
        assert_eq!(ours, case["decision"], "header {header:?}");
    }
}

// --- Recursion detection ---------------------------------------------------------------

fn env_map(env: &Json) -> HashMap<String, String> {
    env.as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect()
}

#[tokio::test]
async fn recursion_detection_header_is_botocores() {
    let cases = reference()["recursion_detection"].as_array().unwrap();
    assert!(cases.len() >= 10);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let transport = MemoryTransport::new();
        let sleep = InstantSleep::new();
        let config = builder(&transport, &sleep)
            .environment(env_map(&case["env"]))
            .build()
            .unwrap();
        let core = ClientCore::new(&DYNAMODB_INFO, config);
        transport.push_response(HttpResponse::new(200, r#"{"TableNames":[]}"#));
        let mut call = Call::list_tables();
        call.preset_trace_id = case["preset"].as_str().map(str::to_owned);
        send(&core, call).await.unwrap();
        let request = transport.last_request().unwrap();
        assert_eq!(
            request.headers.get("X-Amzn-Trace-Id"),
            case["header"].as_str(),
            "{name}"
        );
        assert_eq!(
            request
                .headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case("x-amzn-trace-id"))
                .count(),
            usize::from(!case["header"].is_null()),
            "{name}: one header at most"
        );
        // botocore adds the header before signing, yet SigV4 never signs it.
        let theirs: Vec<&str> = case["signed_headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h.as_str().unwrap())
            .collect();
        assert!(!theirs.contains(&"x-amzn-trace-id"), "{name}: {theirs:?}");
        assert!(
            !signed_headers(&request).contains(&"x-amzn-trace-id".to_owned()),
            "{name}"
        );
    }
}

/// The header leaves the signature as it is: the same call with and without it is signed
/// identically.
#[tokio::test]
async fn recursion_detection_header_does_not_change_the_signature() {
    let mut authorizations = Vec::new();
    for env in [
        HashMap::new(),
        HashMap::from([
            ("AWS_LAMBDA_FUNCTION_NAME".to_owned(), "f".to_owned()),
            ("_X_AMZN_TRACE_ID".to_owned(), "Root=1-abc".to_owned()),
        ]),
    ] {
        let transport = MemoryTransport::with_responses([HttpResponse::new(200, "{}")]);
        let sleep = InstantSleep::new();
        let config = builder(&transport, &sleep)
            .environment(env)
            .build()
            .unwrap();
        let core = ClientCore::new(&DYNAMODB_INFO, config);
        send(&core, Call::list_tables()).await.unwrap();
        let request = transport.last_request().unwrap();
        authorizations.push((
            request.headers.get("X-Amzn-Trace-Id").map(str::to_owned),
            request.headers.get("Authorization").unwrap().to_owned(),
        ));
    }
    assert_eq!(authorizations[0].0, None);
    assert_eq!(authorizations[1].0.as_deref(), Some("Root=1-abc"));
    assert_eq!(authorizations[0].1, authorizations[1].1);
}

/// The environment is read for every call, as Lambda changes the trace id per invocation.
#[tokio::test]
async fn trace_id_is_read_for_each_call() {
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Changing(Arc<Mutex<HashMap<String, String>>>);

    impl awsgen_runtime::env::Environment for Changing {
        fn var(&self, name: &str) -> Option<String> {
            self.0.lock().unwrap().get(name).cloned()
        }
    }

    let env = Changing::default();
    let transport = MemoryTransport::with_responses([
        HttpResponse::new(200, "{}"),
        HttpResponse::new(200, "{}"),
    ]);
    let sleep = InstantSleep::new();
    let config = builder(&transport, &sleep)
        .environment(env.clone())
        .build()
        .unwrap();
    let core = ClientCore::new(&DYNAMODB_INFO, config);
    for invocation in ["Root=1-first", "Root=1-second"] {
        {
            let mut vars = env.0.lock().unwrap();
            vars.insert("AWS_LAMBDA_FUNCTION_NAME".into(), "f".into());
            vars.insert("_X_AMZN_TRACE_ID".into(), invocation.into());
        }
        send(&core, Call::list_tables()).await.unwrap();
        assert_eq!(
            transport
                .last_request()
                .unwrap()
                .headers
                .get("X-Amzn-Trace-Id"),
            Some(invocation)
        );
    }
}

// --- Retries ---------------------------------------------------------------------------

/// Where we knowingly differ from botocore: (scenario, our outcome, why).
const DIFFERENCES: [(&str, &str, &str); 1] = [(
    "bad_crc_until_attempts_run_out",
    r#"{"response_error": true}"#,
    "botocore's standard mode parses the last damaged body as if it were intact (its legacy \
     mode raised ChecksumError); data that failed its checksum is not handed over",
)];

fn outcome(result: &Result<(), SdkError<String>>) -> Json {
    match result {
        Ok(()) => json!({"ok": true}),
        Err(SdkError::Service(error)) => json!({
            "error_code": error.meta.code(),
            "status": error.meta.status(),
        }),
        // botocore's crc checker lets int()'s ValueError out of the call.
        Err(SdkError::Response(error)) if error.message.contains("is not a number") => {
            json!({"exception": "ValueError"})
        }
        Err(SdkError::Response(error)) => {
            assert!(error.message.contains("x-amz-crc32"), "{error}");
            json!({"response_error": true})
        }
        Err(other) => panic!("unexpected error: {other:?}"),
    }
}

#[tokio::test]
async fn dynamodb_and_sts_retry_as_botocore_does() {
    let scenarios = reference()["retries"].as_array().unwrap();
    assert!(scenarios.len() >= 12);
    for scenario in scenarios {
        let name = scenario["name"].as_str().unwrap();
        let transport = MemoryTransport::new();
        let sleep = InstantSleep::new();
        let mut config = builder(&transport, &sleep);
        if let Some(max_attempts) = scenario["max_attempts"].as_u64() {
            config = config.max_attempts(u32::try_from(max_attempts).unwrap());
        }
        let (info, customizations, call) = match scenario["service"].as_str().unwrap() {
            "dynamodb" => (&DYNAMODB_INFO, DYNAMODB, Call::list_tables()),
            "sts" => (
                &STS_INFO,
                STS,
                Call {
                    target: "AssumeRoleWithWebIdentity",
                    auth: AuthScheme::NoAuth,
                    preset_trace_id: None,
                },
            ),
            other => panic!("no service {other}"),
        };
        let core = ClientCore::with_customizations(info, config.build().unwrap(), customizations);
        for answer in scenario["answers"].as_array().unwrap() {
            transport.push_response(canned(answer));
        }
        let result = send(&core, call).await;

        let attempts: Vec<String> = transport
            .requests()
            .iter()
            .map(|r| r.headers.get("amz-sdk-request").unwrap().to_owned())
            .collect();
        assert_eq!(
            attempts,
            scenario["amz_sdk_request"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h.as_str().unwrap())
                .collect::<Vec<_>>(),
            "{name}"
        );
        let slept: Vec<f64> = sleep.slept().iter().map(Duration::as_secs_f64).collect();
        let expected: Vec<f64> = scenario["sleeps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_f64().unwrap())
            .collect();
        assert_eq!(slept.len(), expected.len(), "{name}: {slept:?}");
        for (ours, theirs) in slept.iter().zip(&expected) {
            assert!(
                (ours - theirs).abs() < 1e-9,
                "{name}: slept {slept:?}, botocore {expected:?}"
            );
        }
        let expected = match DIFFERENCES.iter().find(|(case, _, _)| *case == name) {
            Some((_, ours, _)) => serde_json::from_str(ours).unwrap(),
            None => scenario["outcome"].clone(),
        };
        assert_eq!(outcome(&result), expected, "{name}");
    }
    for (case, _, _) in DIFFERENCES {
        assert!(
            scenarios.iter().any(|s| s["name"] == case),
            "difference {case} names no scenario"
        );
    }
}

#[test]
fn a_set_max_attempts_wins_over_the_services_default() {
    let transport = MemoryTransport::new();
    let sleep = InstantSleep::new();
    let core = |config: Config| ClientCore::with_customizations(&DYNAMODB_INFO, config, DYNAMODB);
    assert_eq!(
        core(builder(&transport, &sleep).build().unwrap()).max_attempts(),
        4
    );
    // Set to the generic default, it is still set.
    let config = builder(&transport, &sleep).max_attempts(3).build().unwrap();
    assert_eq!(core(config).max_attempts(), 3);
    // AWS_MAX_ATTEMPTS counts as set, as botocore's config store does.
    let env = HashMap::from([
        ("HOME".to_owned(), "/nonexistent-awsgen-home".to_owned()),
        ("AWS_ACCESS_KEY_ID".to_owned(), "AKID".to_owned()),
        ("AWS_SECRET_ACCESS_KEY".to_owned(), "secret".to_owned()),
        ("AWS_DEFAULT_REGION".to_owned(), "us-east-1".to_owned()),
        ("AWS_MAX_ATTEMPTS".to_owned(), "2".to_owned()),
    ]);
    let config = ConfigBuilder::from_environment(&env, None)
        .unwrap()
        .transport(transport.clone())
        .build()
        .unwrap();
    assert_eq!(core(config).max_attempts(), 2);
    // Without customizations nothing changes.
    let config = builder(&transport, &sleep).build().unwrap();
    assert_eq!(ClientCore::new(&DYNAMODB_INFO, config).max_attempts(), 3);
}

/// A client made without customizations neither checks `x-amz-crc32` nor backs off from
/// 25 ms: `ClientCore::new` behaves as before.
#[tokio::test]
async fn without_customizations_nothing_changes() {
    let transport = MemoryTransport::new();
    let sleep = InstantSleep::new();
    let core = ClientCore::new(&DYNAMODB_INFO, builder(&transport, &sleep).build().unwrap());
    transport.push_response(HttpResponse::new(500, "{}"));
    transport.push_response(HttpResponse::new(200, "{}").with_header("x-amz-crc32", "1"));
    send(&core, Call::list_tables()).await.unwrap();
    assert_eq!(transport.requests().len(), 2);
    assert_eq!(sleep.slept(), [Duration::from_millis(25)], "0.5 × 50 ms");
    let last = transport.last_request().unwrap();
    assert_eq!(
        last.headers.get("amz-sdk-request"),
        Some("attempt=2; max=3")
    );
}

// --- Unsigned operations ---------------------------------------------------------------

/// Headers that only a signed request has.
const SIGNING_HEADERS: [&str; 4] = [
    "authorization",
    "x-amz-date",
    "x-amz-security-token",
    "x-amz-content-sha256",
];

#[tokio::test]
async fn operations_the_model_marks_noauth_are_sent_unsigned_as_botocore_sends_them() {
    let cases = reference()["unsigned"].as_array().unwrap();
    assert!(cases.len() >= 10);
    let mut unsigned = 0;
    for case in cases {
        let what = format!("{} {}", case["service"], case["operation"]);
        // The rule the generator applies to the model: `authtype: none`, or `auth` naming
        // `smithy.api#noAuth`, means no signature.
        let no_auth = case["model_authtype"] == "none"
            || case["model_auth"]
                .as_array()
                .is_some_and(|auth| auth.iter().any(|a| a == "smithy.api#noAuth"));
        let auth = if no_auth {
            unsigned += 1;
            AuthScheme::NoAuth
        } else {
            AuthScheme::SigV4
        };
        let transport = MemoryTransport::with_responses([HttpResponse::new(200, "{}")]);
        let sleep = InstantSleep::new();
        let info = if case["service"] == "sts" {
            &STS_INFO
        } else {
            &DYNAMODB_INFO
        };
        let core = ClientCore::new(info, builder(&transport, &sleep).build().unwrap());
        let call = Call {
            target: "Any",
            auth,
            preset_trace_id: None,
        };
        send(&core, call).await.unwrap();
        let request = transport.last_request().unwrap();
        let theirs: Vec<&str> = case["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h.as_str().unwrap())
            .collect();
        for header in SIGNING_HEADERS {
            // botocore signs JSON and query services without x-amz-content-sha256.
            let expected = theirs.contains(&header);
            assert_eq!(
                request.headers.contains(header),
                expected,
                "{what}: {header}"
            );
        }
        assert_eq!(case["signed"], !no_auth, "{what}");
    }
    assert!(unsigned >= 8, "{unsigned}");
}

/// Every attempt of an unsigned call is unsigned, and the retry headers are still there.
#[tokio::test]
async fn retries_of_an_unsigned_call_stay_unsigned() {
    let transport =
        MemoryTransport::with_responses([HttpResponse::new(503, ""), HttpResponse::new(200, "{}")]);
    let sleep = InstantSleep::new();
    let core = ClientCore::new(&STS_INFO, builder(&transport, &sleep).build().unwrap());
    let call = Call {
        target: "AssumeRoleWithWebIdentity",
        auth: AuthScheme::NoAuth,
        preset_trace_id: None,
    };
    send(&core, call).await.unwrap();
    let requests = transport.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert!(!request.headers.contains("Authorization"));
        assert!(!request.headers.contains("X-Amz-Security-Token"));
        assert!(request.headers.contains("amz-sdk-invocation-id"));
    }
    assert_eq!(
        requests[1].headers.get("amz-sdk-request"),
        Some("attempt=2; max=3")
    );
}

// --- Headers a service's every request carries --------------------------------------

/// API Gateway's `Accept: application/json` (botocore's `add_accept_header`) is added
/// before signing, so it is signed.
#[tokio::test]
async fn a_services_default_headers_are_added_before_signing() {
    const API_GATEWAY: Customizations =
        Customizations::new().default_headers(&[("Accept", "application/json")]);
    let transport = MemoryTransport::new();
    let sleep = InstantSleep::new();
    let core = ClientCore::with_customizations(
        &DYNAMODB_INFO,
        builder(&transport, &sleep).build().unwrap(),
        API_GATEWAY,
    );
    transport.push_response(HttpResponse::new(200, "{}"));
    send(&core, Call::list_tables()).await.unwrap();
    let request = transport.last_request().unwrap();
    assert_eq!(request.headers.get("Accept"), Some("application/json"));
    let authorization = request.headers.get("Authorization").unwrap();
    assert!(
        authorization.contains("SignedHeaders=accept;"),
        "{authorization}"
    );
    // Without the customization there is none.
    let plain = ClientCore::new(&DYNAMODB_INFO, builder(&transport, &sleep).build().unwrap());
    transport.push_response(HttpResponse::new(200, "{}"));
    send(&plain, Call::list_tables()).await.unwrap();
    assert_eq!(
        transport.last_request().unwrap().headers.get("Accept"),
        None
    );
}
