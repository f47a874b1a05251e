//! Client-side validation against botocore's `ParamValidator`
//! (`tests/fixtures/wire/amplify-validation-botocore.json`): what botocore refuses at run time
//! is refused here before anything is sent, with botocore's message; what botocore refuses
//! for a wrong type or a missing or unknown member cannot be written in Rust at all.
//!
//! Strict validation (`Config::builder().strict_validation(true)`) goes further: the cases
//! botocore sends but that break a maximum, a pattern or an enum of the model are refused,
//! with a message naming the member and the rule.

use std::collections::HashMap;

use awsgen_amplify::operation::create_deployment::CreateDeploymentInput;
use awsgen_amplify::types::SubDomainSetting;
use awsgen_runtime::config::Config;
use awsgen_runtime::error::{SdkError, ValidationError};
use awsgen_runtime::http::HttpResponse;
use awsgen_runtime::json;
use awsgen_runtime::transport::MemoryTransport;
use awsgen_tests::{
    amplify_params, fixture, reference_client, reference_credentials, reference_time,
};

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

/// A client like [`reference_client`], with strict validation.
fn strict_client(transport: &MemoryTransport) -> awsgen_amplify::Client {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(reference_credentials(None))
        .transport(transport.clone())
        .clock(reference_time)
        .strict_validation(true)
        .build()
        .unwrap();
    awsgen_amplify::Client::new(config)
}

/// What strict validation says about the reference cases botocore sends, written from the
/// model's `max`, `pattern` and `enum` traits.
const STRICT_REFUSALS: &[(&str, &[&str])] = &[
    (
        "ListApps_maxResults_above_max",
        &["Invalid value for parameter maxResults, value: 101, valid max value: 100"],
    ),
    (
        "CreateDeployment_branchName_too_long",
        &["Invalid length for parameter branchName, value: 256, valid max length: 255"],
    ),
    (
        "CreateDeployment_appId_not_matching_pattern",
        &["Invalid value for parameter appId, value: APP-1, does not match pattern: d[a-z0-9]+"],
    ),
    (
        "CreateDeployment_fileMap_md5_too_long",
        &["Invalid length for parameter fileMap.index.html, value: 33, valid max length: 32"],
    ),
    (
        "CreateApp_platform_not_a_model_value",
        &[
            "Invalid value for parameter platform, value: PLAN9, valid values: WEB, WEB_DYNAMIC, WEB_COMPUTE",
        ],
    ),
    (
        "TagResource_reserved_tag_key",
        &[
            "Invalid value for parameter tags (key: aws:owner), value: aws:owner, does not match pattern: ^(?!aws:)[a-zA-Z+-=._:/]+$",
        ],
    ),
    // webhookId has no maximum to break and its pattern, `(?s).*`, matches anything.
    ("GetWebhook_empty_webhookId", &[]),
];

fn violations(error: SdkError<impl std::fmt::Debug>) -> ValidationError {
    match error {
        SdkError::Validation(validation) => validation,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[tokio::test]
async fn strict_mode_refuses_what_botocore_sends_naming_member_and_rule() {
    let mut checked = 0;
    for case in cases() {
        if case["outcome"] != "sent" {
            continue;
        }
        let name = case["name"].as_str().unwrap();
        let (_, expected) = STRICT_REFUSALS
            .iter()
            .find(|(case, _)| *case == name)
            .unwrap_or_else(|| panic!("{name}: no strict expectation written"));
        let params = json::parse(case["params"].to_string().as_bytes()).unwrap();
        let transport = MemoryTransport::new();
        transport.push_response(HttpResponse::new(200, "{}"));
        let client = strict_client(&transport);
        let outcome = amplify_params::send(&client, case["operation"].as_str().unwrap(), &params)
            .await
            .expect("the parameters fit the types");
        if expected.is_empty() {
            // Sent: whatever the canned response makes of it, validation let it through.
            assert_eq!(transport.requests().len(), 1, "{name}: {outcome:?}");
        } else {
            let message = outcome.unwrap_or_else(|| panic!("{name}: strict mode sent it"));
            let wanted = format!("Parameter validation failed:\n{}", expected.join("\n"));
            assert_eq!(message, wanted, "{name}");
            assert!(
                transport.requests().is_empty(),
                "{name}: a request was sent"
            );
        }
        checked += 1;
    }
    assert_eq!(checked, STRICT_REFUSALS.len());
}

#[tokio::test]
async fn strict_mode_keeps_botocores_messages_and_adds_its_own() {
    for case in cases() {
        let Some(message) = case["message"].as_str() else {
            continue;
        };
        if is_compile_time_case(message) {
            continue;
        }
        let name = case["name"].as_str().unwrap();
        let params = json::parse(case["params"].to_string().as_bytes()).unwrap();
        let transport = MemoryTransport::new();
        let client = strict_client(&transport);
        let strict = amplify_params::send(&client, case["operation"].as_str().unwrap(), &params)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("{name}: strict mode sent it"));
        for line in message.lines() {
            assert!(
                strict.lines().any(|l| l == line),
                "{name}: `{line}` missing from {strict}"
            );
        }
        assert!(transport.requests().is_empty(), "{name}");
    }
}

#[tokio::test]
async fn an_empty_app_id_breaks_its_minimum_and_its_pattern_in_strict_mode() {
    let transport = MemoryTransport::new();
    let client = strict_client(&transport);
    let error = client
        .create_deployment("", "main")
        .send()
        .await
        .unwrap_err();
    let messages: Vec<String> = violations(error)
        .violations
        .into_iter()
        .map(|v| format!("{}: {}", v.member, v.message))
        .collect();
    assert_eq!(
        messages,
        [
            "appId: Invalid length for parameter appId, value: 0, valid min length: 1",
            "appId: Invalid value for parameter appId, value: , does not match pattern: d[a-z0-9]+",
        ]
    );
    assert!(transport.requests().is_empty());
}

#[tokio::test]
async fn every_broken_rule_is_reported_at_once_in_input_order() {
    let transport = MemoryTransport::new();
    let client = strict_client(&transport);
    let mut file_map = HashMap::new();
    file_map.insert(
        "a".repeat(256),
        "d41d8cd98f00b204e9800998ecf8427e".to_owned(),
    );
    let error = client
        .create_deployment("APP-1", "b".repeat(256))
        .file_map(file_map)
        .send()
        .await
        .unwrap_err();
    let members: Vec<String> = violations(error)
        .violations
        .into_iter()
        .map(|v| v.member)
        .collect();
    assert_eq!(
        members,
        [
            "appId",
            "branchName",
            &format!("fileMap (key: {})", "a".repeat(256))
        ]
    );
    assert!(transport.requests().is_empty());
}

/// Amplify's most involved patterns, against values a reader can check by eye.
#[tokio::test]
async fn lookaheads_and_unicode_categories_match_like_java() {
    let transport = MemoryTransport::with_responder(|_| Ok(HttpResponse::new(200, "{}")));
    let client = strict_client(&transport);
    let arn = "arn:aws:amplify:us-east-1:123456789012:apps/d2l8fg9example";
    let tag = |key: &str, value: &str| HashMap::from([(key.to_owned(), value.to_owned())]);
    // `^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`: letters, separators and numbers of any script.
    for accepted in ["naïve café 2", "日本語", "a-b@c=d"] {
        let sent = client.tag_resource(arn, tag("team", accepted)).send().await;
        assert!(
            !matches!(sent, Err(SdkError::Validation(_))),
            "{accepted}: {sent:?}"
        );
    }
    for refused in ["x<y", "tab\there", "emoji 🙂"] {
        let error = client
            .tag_resource(arn, tag("team", refused))
            .send()
            .await
            .unwrap_err();
        let message = violations(error).violations[0].message.clone();
        assert!(
            message.contains("does not match pattern"),
            "{refused}: {message}"
        );
    }
    // `^(((?!-)[A-Za-z0-9-]{0,62}[A-Za-z0-9])\.)+((?!-)[A-Za-z0-9-]{1,62}[A-Za-z0-9])(\.)?$`
    let setting = || vec![SubDomainSetting::new("www", "main")];
    for accepted in ["example.com", "a-b.example.co.uk", "example.com."] {
        let sent = client
            .create_domain_association("d2l8fg9example", accepted, setting())
            .send()
            .await;
        assert!(
            !matches!(sent, Err(SdkError::Validation(_))),
            "{accepted}: {sent:?}"
        );
    }
    for refused in ["-bad.example.com", "example", "exa mple.com"] {
        let error = client
            .create_domain_association("d2l8fg9example", refused, setting())
            .send()
            .await
            .unwrap_err();
        let validation = violations(error);
        assert_eq!(validation.violations[0].member, "domainName", "{refused}");
    }
}
