//! Client-side validation against botocore's `ParamValidator`
//! (`tests/fixtures/wire/amplify-validation-botocore.json`): what botocore refuses at run time
//! is refused here before anything is sent, with botocore's message; what botocore refuses
//! for a wrong type or a missing or unknown member cannot be written in Rust at all.

use awsgen_amplify::operation::create_deployment::CreateDeploymentInput;
use awsgen_runtime::error::SdkError;
use awsgen_runtime::http::HttpResponse;
use awsgen_runtime::json;
use awsgen_runtime::transport::MemoryTransport;
use awsgen_tests::{amplify_params, fixture, reference_client};

fn cases() -> Vec<serde_json::Value> {
    let reference: serde_json::Value =
        serde_json::from_str(&fixture("wire/amplify-validation-botocore.json")).unwrap();
    reference["cases"].as_array().unwrap().clone()
}

/// Cases whose input the Rust type system already rules out: a required member is a
/// constructor argument, a member has one type, and there is no field by another name.
fn is_compile_time_case(message: &str) -> bool {
    [
        "Missing required parameter",
        "Invalid type for parameter",
        "Unknown parameter",
    ]
    .iter()
    .any(|rule| message.contains(rule))
}

#[tokio::test]
async fn refuses_what_botocore_refuses_with_its_message_and_sends_nothing() {
    let mut checked = 0;
    for case in cases() {
        let name = case["name"].as_str().unwrap();
        let params = json::parse(case["params"].to_string().as_bytes()).unwrap();
        let operation = case["operation"].as_str().unwrap();
        let transport = MemoryTransport::new();
        transport.push_response(HttpResponse::new(200, "{}"));
        let client = reference_client(&transport, None);
        match case["message"].as_str() {
            Some(message) if is_compile_time_case(message) => {
                let built = amplify_params::send(&client, operation, &params).await;
                assert!(
                    built.is_err(),
                    "{name}: these parameters must not fit the Rust types"
                );
            }
            Some(message) => {
                let outcome = amplify_params::send(&client, operation, &params)
                    .await
                    .expect("the parameters fit the types");
                assert_eq!(outcome.as_deref(), Some(message), "{name}");
                assert!(
                    transport.requests().is_empty(),
                    "{name}: a request was sent"
                );
                checked += 1;
            }
            None => {
                // botocore sends this one; so must we.
                amplify_params::send(&client, operation, &params)
                    .await
                    .unwrap();
                assert_eq!(transport.requests().len(), 1, "{name}");
            }
        }
    }
    assert!(checked >= 4, "the reference has run-time validation cases");
}

#[tokio::test]
async fn empty_app_id_names_the_member_and_the_rule() {
    let transport = MemoryTransport::new();
    let client = reference_client(&transport, None);
    let error = client
        .create_deployment("", "main")
        .send()
        .await
        .unwrap_err();
    let SdkError::Validation(validation) = error else {
        panic!("expected a validation error, got {error:?}");
    };
    assert_eq!(validation.violations.len(), 1);
    assert_eq!(validation.violations[0].member, "appId");
    assert_eq!(
        validation.violations[0].message,
        "Invalid length for parameter appId, value: 0, valid min length: 1"
    );
    assert!(transport.requests().is_empty());
}

#[tokio::test]
async fn an_input_built_by_hand_is_validated_too() {
    let transport = MemoryTransport::new();
    let client = reference_client(&transport, None);
    let input = CreateDeploymentInput::new("d2l8fg9example", "");
    let error = client.send(&input).await.unwrap_err();
    assert!(
        error
            .to_string()
            .contains("Invalid length for parameter branchName"),
        "{error}"
    );
    assert!(transport.requests().is_empty());
}
