//! Response and error parsing of the generated client, through `CreateDeployment`.
//!
//! Error responses are checked against botocore: `tests/fixtures/wire/amplify-errors-botocore.json`
//! (made by `tests/reference/botocore_wire.py`) holds raw responses botocore was fed and what it
//! made of them. Every case must give the same code, message, status and request id, and the
//! modeled variant exactly when the error is one `CreateDeployment` models. Successful and
//! malformed responses are checked against hand-written bodies: a response the client cannot
//! understand is an error, never a panic.

use std::collections::HashMap;
use std::sync::OnceLock;

use awsgen_amplify::operation::create_deployment::{CreateDeploymentError, CreateDeploymentOutput};
use awsgen_runtime::error::{ResponseError, SdkError, ServiceError};
use awsgen_runtime::http::HttpResponse;
use awsgen_runtime::transport::{MemoryTransport, TransportError, TransportErrorKind};
use awsgen_tests::{fixture, reference_client};

const APP_ID: &str = "d2l8fg9example";
const BRANCH: &str = "main";
const REQUEST_ID: &str = "req-0123";

/// The errors `CreateDeployment` lists in the model; every other code is `Unhandled`.
const MODELED: [&str; 4] = [
    "BadRequestException",
    "UnauthorizedException",
    "InternalFailureException",
    "LimitExceededException",
];

type Outcome = Result<CreateDeploymentOutput, SdkError<CreateDeploymentError>>;

fn reference() -> &'static serde_json::Value {
    static REFERENCE: OnceLock<serde_json::Value> = OnceLock::new();
    REFERENCE.get_or_init(|| {
        serde_json::from_str(&fixture("wire/amplify-errors-botocore.json"))
            .expect("the reference is JSON")
    })
}

fn cases() -> &'static [serde_json::Value] {
    reference()["cases"].as_array().expect("cases")
}

fn case(name: &str) -> &'static serde_json::Value {
    cases()
        .iter()
        .find(|case| case["name"] == name)
        .unwrap_or_else(|| panic!("no reference case `{name}`"))
}

/// The response botocore was fed, as our transport would hand it over.
fn recorded_response(case: &serde_json::Value) -> HttpResponse {
    let response = &case["response"];
    let status = response["status"].as_u64().expect("status") as u16;
    let mut built = HttpResponse::new(status, response["body"].as_str().expect("body"));
    for header in response["headers"].as_array().expect("headers") {
        built = built.with_header(
            header[0].as_str().expect("header name").to_owned(),
            header[1].as_str().expect("header value"),
        );
    }
    built
}

/// Sends `CreateDeployment` through a transport that answers with `response`.
async fn create_deployment(response: HttpResponse) -> Outcome {
    let transport = MemoryTransport::new();
    transport.push_response(response);
    let client = reference_client(&transport, None);
    let outcome = client.create_deployment(APP_ID, BRANCH).send().await;
    // Exactly one request: an error response is parsed, not retried or re-sent.
    assert_eq!(transport.requests().len(), 1);
    outcome
}

fn expect_service(outcome: Outcome) -> ServiceError<CreateDeploymentError> {
    match outcome {
        Err(SdkError::Service(error)) => error,
        other => panic!("expected a service error, got {other:?}"),
    }
}

fn expect_response_error(outcome: Outcome) -> ResponseError {
    match outcome {
        Err(SdkError::Response(error)) => error,
        other => panic!("expected a response error, got {other:?}"),
    }
}

/// The model's name and the message of a modeled variant; `None` for `Unhandled`.
fn modeled(error: &CreateDeploymentError) -> Option<(&'static str, Option<&str>)> {
    match error {
        CreateDeploymentError::BadRequest(e) => Some(("BadRequestException", e.message.as_deref())),
        CreateDeploymentError::Unauthorized(e) => {
            Some(("UnauthorizedException", e.message.as_deref()))
        }
        CreateDeploymentError::InternalFailure(e) => {
            Some(("InternalFailureException", e.message.as_deref()))
        }
        CreateDeploymentError::LimitExceeded(e) => {
            Some(("LimitExceededException", e.message.as_deref()))
        }
        CreateDeploymentError::Unhandled(_) => None,
        other => panic!("a variant this test does not know: {other:?}"),
    }
}

/// A 5xx with an empty or HTML body, which botocore treats as coming from a proxy rather
/// than the service (`RestJSONParser._is_generic_error_response`).
fn is_generic_5xx(response: &serde_json::Value) -> bool {
    let body = response["body"].as_str().unwrap_or("").trim();
    response["status"].as_u64().unwrap_or(0) >= 500
        && (body.is_empty() || body.starts_with("<html>"))
}

fn recorded_request_id(response: &serde_json::Value) -> Option<&str> {
    response["headers"]
        .as_array()
        .expect("headers")
        .iter()
        .find(|h| {
            h[0].as_str()
                .unwrap()
                .eq_ignore_ascii_case("x-amzn-requestid")
        })
        .and_then(|h| h[1].as_str())
}

/// Every botocore case: same code, status, message and request id, and the modeled variant
/// exactly when botocore raised one of `CreateDeployment`'s own modeled exceptions.
#[tokio::test]
async fn error_responses_parse_like_botocore() {
    assert_eq!(cases().len(), 20, "the reference lost or gained cases");
    let mut mismatches = Vec::new();
    // The cases where we keep a request id that botocore drops; see below.
    let mut kept_where_botocore_drops = Vec::new();
    for case in cases() {
        let name = case["name"].as_str().expect("name");
        assert_eq!(case["operation"], "CreateDeployment", "{name}");
        let parsed = &case["parser"];
        let expected_code = parsed["Error"]["Code"].as_str().expect("Code");
        let expected_message = parsed["Error"]["Message"].as_str().expect("Message");
        let expected_status = parsed["ResponseMetadata"]["HTTPStatusCode"]
            .as_u64()
            .expect("HTTPStatusCode");
        let exception = case["client"]["exception"].as_str().expect("exception");

        let error = expect_service(create_deployment(recorded_response(case)).await);
        let meta = &error.meta;
        let mut check = |what: &str, ours: String, botocore: String| {
            if ours != botocore {
                mismatches.push(format!("{name}: {what}: ours {ours}, botocore {botocore}"));
            }
        };
        check("code", meta.code().into(), expected_code.into());
        check(
            "status",
            meta.status().to_string(),
            expected_status.to_string(),
        );
        // botocore reports a missing message as ''; we report none.
        let botocore_message = Some(expected_message).filter(|m| !m.is_empty());
        check(
            "message",
            format!("{:?}", meta.message()),
            format!("{botocore_message:?}"),
        );

        let botocore_request_id = parsed["ResponseMetadata"]["RequestId"].as_str();
        let header_request_id = recorded_request_id(&case["response"]);
        let expected_request_id =
            if botocore_request_id.is_none() && is_generic_5xx(&case["response"]) {
                // Deliberate difference: for a generic 5xx botocore builds the error from the
                // status alone and leaves the request id out, though the response carried
                // `x-amzn-requestid`. We keep it: it is what AWS support asks for, and a 503 is
                // exactly when someone will ask.
                if header_request_id.is_some() {
                    kept_where_botocore_drops.push(name);
                }
                header_request_id
            } else {
                botocore_request_id
            };
        check(
            "request id",
            format!("{:?}", meta.request_id()),
            format!("{expected_request_id:?}"),
        );

        match modeled(&error.error) {
            Some((variant, message)) => {
                check("variant", variant.into(), exception.into());
                // The variant carries the same message as the metadata.
                check(
                    "variant message",
                    format!("{message:?}"),
                    format!("{botocore_message:?}"),
                );
            }
            None => {
                // botocore raises `ClientError` for unmodeled codes, and the service-wide
                // exception class for codes modeled elsewhere in the service (such as
                // `NotFoundException`); neither is one of this operation's variants.
                if MODELED.contains(&exception) {
                    check("variant", "Unhandled".into(), exception.into());
                }
                match &error.error {
                    CreateDeploymentError::Unhandled(unhandled) => {
                        check(
                            "Unhandled metadata",
                            format!("{unhandled:?}"),
                            format!("{meta:?}"),
                        );
                    }
                    other => unreachable!("{other:?}"),
                }
            }
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    // The exception stays as narrow as it is documented: the two generic 5xx cases.
    assert_eq!(
        kept_where_botocore_drops,
        ["empty_body_503", "html_body_502"]
    );
}

/// `NotFoundException` is modeled for other Amplify operations (botocore raises its class
/// here too), but not for `CreateDeployment`: it must not be forced into a wrong variant.
#[tokio::test]
async fn error_modeled_only_for_other_operations_is_unhandled() {
    let case = case("service_exception_not_listed_for_operation");
    assert_eq!(case["client"]["exception"], "NotFoundException");
    let error = expect_service(create_deployment(recorded_response(case)).await);
    match &error.error {
        CreateDeploymentError::Unhandled(meta) => {
            assert_eq!(meta.code(), "NotFoundException");
            assert_eq!(meta.message(), Some("App d2l8fg9example not found."));
            assert_eq!(meta.status(), 404);
        }
        other => panic!("expected Unhandled, got {other:?}"),
    }
}

/// Each modeled variant carries the service's message in its own field, so a caller who
/// matched on the variant needs nothing else.
#[tokio::test]
async fn modeled_errors_carry_their_message() {
    let response = |status: u16, code: &str, message: &str| {
        HttpResponse::new(status, format!(r#"{{"message":"{message}"}}"#))
            .with_header("x-amzn-errortype", code)
            .with_header("x-amzn-requestid", REQUEST_ID)
    };

    let error = expect_service(
        create_deployment(response(
            400,
            "BadRequestException",
            "Branch name must not be empty.",
        ))
        .await,
    );
    match error.error {
        CreateDeploymentError::BadRequest(e) => {
            assert_eq!(e.message.as_deref(), Some("Branch name must not be empty."));
        }
        other => panic!("expected BadRequest, got {other:?}"),
    }

    let error = expect_service(
        create_deployment(response(401, "UnauthorizedException", "Token expired.")).await,
    );
    match error.error {
        CreateDeploymentError::Unauthorized(e) => {
            assert_eq!(e.message.as_deref(), Some("Token expired."));
        }
        other => panic!("expected Unauthorized, got {other:?}"),
    }

    let error = expect_service(
        create_deployment(response(
            500,
            "InternalFailureException",
            "Internal failure.",
        ))
        .await,
    );
    match error.error {
        CreateDeploymentError::InternalFailure(e) => {
            assert_eq!(e.message.as_deref(), Some("Internal failure."));
        }
        other => panic!("expected InternalFailure, got {other:?}"),
    }

    let error = expect_service(
        create_deployment(response(429, "LimitExceededException", "Rate exceeded")).await,
    );
    assert_eq!(error.meta.request_id(), Some(REQUEST_ID));
    match error.error {
        CreateDeploymentError::LimitExceeded(e) => {
            assert_eq!(e.message.as_deref(), Some("Rate exceeded"));
        }
        other => panic!("expected LimitExceeded, got {other:?}"),
    }
}

/// An error with no message still parses into its variant, with no message rather than an
/// empty one.
#[tokio::test]
async fn modeled_error_without_a_message_has_none() {
    let error = expect_service(
        create_deployment(
            HttpResponse::new(400, "{}").with_header("x-amzn-errortype", "BadRequestException"),
        )
        .await,
    );
    assert_eq!(error.meta.message(), None);
    match error.error {
        CreateDeploymentError::BadRequest(e) => assert_eq!(e.message, None),
        other => panic!("expected BadRequest, got {other:?}"),
    }
}

/// What a user prints is all they have to go on: code, message, status and request id, not
/// a bare "service error".
#[tokio::test]
async fn display_of_an_unknown_error_names_code_message_status_and_request_id() {
    let case = case("unknown_code");
    let error = create_deployment(recorded_response(case))
        .await
        .unwrap_err();
    let text = error.to_string();
    for part in [
        "SomethingNewException",
        "A kind of error this client has never heard of.",
        "400",
        "7f8c6a1e-4b2d-4c3a-9e5f-0a1b2c3d4e5f",
    ] {
        assert!(text.contains(part), "`{part}` is missing from `{text}`");
    }
    assert!(!text.to_lowercase().starts_with("service error"), "{text}");
}

const SUCCESS_BODY: &str = r#"{"jobId":"7","fileUploadUrls":{"index.html":"https://x/u1"},"zipUploadUrl":"https://x/zip"}"#;

fn success(body: impl Into<Vec<u8>>) -> HttpResponse {
    HttpResponse::new(200, body)
        .with_header("Content-Type", "application/json")
        .with_header("x-amzn-RequestId", REQUEST_ID)
}

fn expected_output() -> CreateDeploymentOutput {
    CreateDeploymentOutput {
        job_id: Some("7".to_owned()),
        file_upload_urls: HashMap::from([("index.html".to_owned(), "https://x/u1".to_owned())]),
        zip_upload_url: "https://x/zip".to_owned(),
    }
}

#[tokio::test]
async fn success_response_is_parsed_into_the_typed_output() {
    let output = create_deployment(success(SUCCESS_BODY)).await.unwrap();
    assert_eq!(output, expected_output());
}

/// The service may add members a client generated from an older model does not know; they
/// must not break the call.
#[tokio::test]
async fn unknown_members_in_a_success_response_are_ignored() {
    let body = r#"{"newMember":{"nested":[1,2.5,null,true]},"jobId":"7",
        "fileUploadUrls":{"index.html":"https://x/u1"},"another":"x","zipUploadUrl":"https://x/zip"}"#;
    let output = create_deployment(success(body)).await.unwrap();
    assert_eq!(output, expected_output());
}

/// `fileUploadUrls` and `zipUploadUrl` are required in the model, but a service that leaves
/// one out gets it defaulted (empty map, empty string), as the official SDKs' error
/// correction does, rather than failing a call that did its work. `null` counts as absent.
#[tokio::test]
async fn required_members_left_out_get_their_defaults() {
    let output = create_deployment(success(r#"{"jobId":"7"}"#))
        .await
        .unwrap();
    assert_eq!(
        output,
        CreateDeploymentOutput {
            job_id: Some("7".to_owned()),
            file_upload_urls: HashMap::new(),
            zip_upload_url: String::new(),
        }
    );
    let output = create_deployment(success(r#"{"fileUploadUrls":null,"zipUploadUrl":null}"#))
        .await
        .unwrap();
    assert_eq!(output.job_id, None);
    assert!(output.file_upload_urls.is_empty());
    assert_eq!(output.zip_upload_url, "");
}

/// An empty body has no members, as botocore reads it: every member is absent or defaulted.
#[tokio::test]
async fn empty_success_body_gives_the_defaults() {
    let output = create_deployment(success("")).await.unwrap();
    assert_eq!(
        output,
        CreateDeploymentOutput {
            job_id: None,
            file_upload_urls: HashMap::new(),
            zip_upload_url: String::new(),
        }
    );
}

/// A body cut short anywhere (a dropped connection behind a proxy, a broken service) is a
/// `Response` error with the status and request id, never a panic and never a half-filled
/// output.
#[tokio::test]
async fn every_truncation_of_a_success_body_is_a_response_error() {
    // Length 0 is left out: an empty body is a valid body with no members (see above).
    for len in 1..SUCCESS_BODY.len() {
        let prefix = &SUCCESS_BODY.as_bytes()[..len];
        let error = expect_response_error(create_deployment(success(prefix)).await);
        let shown = String::from_utf8_lossy(prefix);
        assert_eq!(error.status, 200, "{shown}");
        assert_eq!(error.request_id.as_deref(), Some(REQUEST_ID), "{shown}");
        assert!(
            error.message.contains("invalid JSON"),
            "{shown}: {}",
            error.message
        );
    }
}

#[tokio::test]
async fn non_json_success_body_is_a_response_error() {
    let error = expect_response_error(create_deployment(success("<html>")).await);
    assert_eq!(error.status, 200);
    assert_eq!(error.request_id.as_deref(), Some(REQUEST_ID));
    assert!(error.message.contains("invalid JSON"), "{}", error.message);
    // The printed error says what failed and where to look.
    let text = SdkError::<CreateDeploymentError>::Response(error).to_string();
    assert!(
        text.contains("HTTP 200") && text.contains(REQUEST_ID),
        "{text}"
    );
}

#[tokio::test]
async fn json_array_instead_of_an_object_is_a_response_error() {
    let body = format!("[{SUCCESS_BODY}]");
    let error = expect_response_error(create_deployment(success(body)).await);
    assert_eq!(error.status, 200);
    assert_eq!(error.request_id.as_deref(), Some(REQUEST_ID));
    assert!(error.message.contains("an array"), "{}", error.message);
}

/// A member of the wrong type is named, so the mismatch with the model can be found.
#[tokio::test]
async fn member_of_the_wrong_type_is_a_response_error_naming_it() {
    let body = r#"{"jobId":7,"fileUploadUrls":{},"zipUploadUrl":"https://x/zip"}"#;
    let error = expect_response_error(create_deployment(success(body)).await);
    assert_eq!(error.status, 200);
    assert_eq!(error.request_id.as_deref(), Some(REQUEST_ID));
    assert!(error.message.contains("jobId"), "{}", error.message);

    // Inside a map, the path reaches the key.
    let body = r#"{"fileUploadUrls":{"index.html":["https://x/u1"]},"zipUploadUrl":"z"}"#;
    let error = expect_response_error(create_deployment(success(body)).await);
    assert!(
        error.message.contains("fileUploadUrls") && error.message.contains("index.html"),
        "{}",
        error.message
    );
}

#[tokio::test]
async fn invalid_utf8_in_a_success_body_is_a_response_error() {
    let body = b"{\"jobId\":\"\xff\xfe\",\"zipUploadUrl\":\"https://x/zip\"}".to_vec();
    let error = expect_response_error(create_deployment(success(body)).await);
    assert_eq!(error.status, 200);
    assert_eq!(error.request_id.as_deref(), Some(REQUEST_ID));
    assert!(error.message.contains("UTF-8"), "{}", error.message);
}

/// Without `x-amzn-requestid` there is no request id to report, and none is made up.
#[tokio::test]
async fn response_error_without_a_request_id_header_has_none() {
    let error = expect_response_error(create_deployment(HttpResponse::new(201, "{")).await);
    assert_eq!(error.status, 201);
    assert_eq!(error.request_id, None);
}

/// An error response whose body cannot be parsed is still an error response: botocore makes
/// the status the code (when no header names one) and the raw body the message, as the
/// reference's `non_json_body_400` case shows. A truncated JSON body is treated the same.
#[tokio::test]
async fn malformed_error_response_keeps_the_body_as_message() {
    let reference = case("non_json_body_400");
    assert_eq!(reference["parser"]["Error"]["Code"], "400");
    assert_eq!(
        reference["parser"]["Error"]["Message"],
        reference["response"]["body"]
    );

    let body = r#"{"message": "Rate exc"#;
    let error = expect_service(
        create_deployment(HttpResponse::new(400, body).with_header("x-amzn-RequestId", REQUEST_ID))
            .await,
    );
    assert_eq!(error.meta.code(), "400");
    assert_eq!(error.meta.status(), 400);
    assert_eq!(error.meta.message(), Some(body));
    assert_eq!(error.meta.request_id(), Some(REQUEST_ID));
    match &error.error {
        CreateDeploymentError::Unhandled(meta) => assert_eq!(meta.code(), "400"),
        other => panic!("expected Unhandled, got {other:?}"),
    }

    // The header's code still decides the variant when the body is broken.
    let error = expect_service(
        create_deployment(
            HttpResponse::new(429, body).with_header("x-amzn-ErrorType", "LimitExceededException"),
        )
        .await,
    );
    match error.error {
        CreateDeploymentError::LimitExceeded(e) => assert_eq!(e.message.as_deref(), Some(body)),
        other => panic!("expected LimitExceeded, got {other:?}"),
    }
}

/// Bytes that are not UTF-8 in an error body do not stop it from being an error response.
#[tokio::test]
async fn error_response_with_invalid_utf8_is_still_a_service_error() {
    let error = expect_service(create_deployment(HttpResponse::new(400, b"\xff{".to_vec())).await);
    assert_eq!(error.meta.code(), "400");
    assert!(matches!(error.error, CreateDeploymentError::Unhandled(_)));
}

#[tokio::test]
async fn transport_failure_is_a_transport_error() {
    let transport = MemoryTransport::new();
    transport.push_error(TransportError::new(TransportErrorKind::Connect, "refused"));
    let client = reference_client(&transport, None);
    let error = client
        .create_deployment(APP_ID, BRANCH)
        .send()
        .await
        .unwrap_err();
    assert!(error.meta().is_none());
    match &error {
        SdkError::Transport(transport_error) => {
            assert_eq!(transport_error.kind(), TransportErrorKind::Connect);
            assert_eq!(transport_error.message(), "refused");
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert!(error.to_string().contains("refused"), "{error}");
}
