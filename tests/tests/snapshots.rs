//! Snapshots of generated code: what a reviewer reads in a pull request when the generator
//! changes. The crates these files belong to are workspace members, so every snapshot here
//! is also compiled and linted.

use awsgen_codegen::{CrateOptions, Error, GeneratedCrate, Options, Source};
use awsgen_tests::root;

/// Generates from `model` and the endpoint rules next to it.
fn generate(model: &str, operations: Option<Vec<String>>) -> Result<GeneratedCrate, Error> {
    let text = std::fs::read_to_string(root().join(model)).unwrap();
    let rules_path = model.replace("service-2.json", "endpoint-rule-set-1.json");
    let rules = std::fs::read_to_string(root().join(&rules_path)).unwrap();
    let options = Options {
        crate_options: CrateOptions {
            crate_name: "snapshot".to_owned(),
            version: "0.1.0".to_owned(),
            runtime_dependency: "\"0.1\"".to_owned(),
            model_source: format!("`{model}`"),
        },
        operations,
    };
    awsgen_codegen::generate_from_botocore(
        Source {
            file: model,
            text: &text,
        },
        Source {
            file: &rules_path,
            text: &rules,
        },
        &options,
    )
}

const AMPLIFY: &str = "model/amplify/2017-07-25/service-2.json";
const AMPLIFY_RULES: &str = "model/amplify/2017-07-25/endpoint-rule-set-1.json";
const CONSTRUCTS: &str = "tests/fixtures/codegen/constructs/service-2.json";

fn file<'a>(generated: &'a GeneratedCrate, path: &str) -> &'a str {
    generated
        .files
        .get(path)
        .unwrap_or_else(|| panic!("no generated file {path}"))
}

#[test]
fn create_deployment_operation() {
    let generated = generate(AMPLIFY, None).unwrap();
    insta::assert_snapshot!(file(&generated, "src/operation/create_deployment.rs"));
}

#[test]
fn create_deployment_errors() {
    let generated = generate(AMPLIFY, None).unwrap();
    insta::assert_snapshot!(file(&generated, "src/error/bad_request_exception.rs"));
    insta::assert_snapshot!(file(
        &generated,
        "src/error/resource_not_found_exception.rs"
    ));
}

#[test]
fn amplify_client_and_enum() {
    let generated = generate(AMPLIFY, None).unwrap();
    insta::assert_snapshot!(file(&generated, "src/client.rs"));
    insta::assert_snapshot!(file(&generated, "src/types/job_status.rs"));
}

#[test]
fn amplify_endpoint_rules() {
    let generated = generate(AMPLIFY, None).unwrap();
    insta::assert_snapshot!(file(&generated, "src/endpoint.rs"));
}

/// The constructs' rules use what Amplify's do not: `parseURL`, `aws.parseArn`, `getAttr`
/// of an index, `substring`, `uriEncode`, headers, `authSchemes`, a tree that falls
/// through, and a parameter that is no client setting.
#[test]
fn endpoint_rules_beyond_amplify() {
    let generated = generate(CONSTRUCTS, None).unwrap();
    insta::assert_snapshot!(file(&generated, "src/endpoint.rs"));
    insta::assert_snapshot!(file(&generated, "src/client.rs"));
}

#[test]
fn headers_greedy_label_and_blob_payload() {
    let generated = generate(CONSTRUCTS, None).unwrap();
    insta::assert_snapshot!(file(&generated, "src/operation/put_object.rs"));
}

#[test]
fn query_lists_maps_and_timestamps() {
    let generated = generate(CONSTRUCTS, None).unwrap();
    insta::assert_snapshot!(file(&generated, "src/operation/list_things.rs"));
}

#[test]
fn recursive_sparse_and_sensitive_members() {
    let generated = generate(CONSTRUCTS, None).unwrap();
    insta::assert_snapshot!(file(&generated, "src/operation/update_thing.rs"));
    insta::assert_snapshot!(file(&generated, "src/types/thing.rs"));
    insta::assert_snapshot!(file(&generated, "src/types/tier.rs"));
}

#[test]
fn same_model_gives_the_same_bytes() {
    assert_eq!(
        generate(AMPLIFY, None).unwrap(),
        generate(AMPLIFY, None).unwrap()
    );
}

#[test]
fn selected_operations_keep_only_what_they_reach() {
    let operations = vec!["CreateDeployment".to_owned(), "StartDeployment".to_owned()];
    let generated = generate(AMPLIFY, Some(operations)).unwrap();
    let operation_files: Vec<&str> = generated
        .files
        .keys()
        .filter(|path| path.starts_with("src/operation/"))
        .map(String::as_str)
        .collect();
    assert_eq!(
        operation_files,
        [
            "src/operation/create_deployment.rs",
            "src/operation/mod.rs",
            "src/operation/start_deployment.rs"
        ]
    );
    // StartDeployment returns a JobSummary, which holds job enums; App is nowhere reached.
    assert!(generated.files.contains_key("src/types/job_summary.rs"));
    assert!(generated.files.contains_key("src/types/job_status.rs"));
    assert!(!generated.files.contains_key("src/types/app.rs"));
    assert!(
        !generated
            .files
            .contains_key("src/error/resource_not_found_exception.rs")
    );
}

#[test]
fn unknown_operation_is_named_with_the_known_ones() {
    let error = generate(AMPLIFY, Some(vec!["CreateDeploymnet".to_owned()])).unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("no operation `CreateDeploymnet`"),
        "{message}"
    );
    assert!(message.contains("CreateDeployment"), "{message}");
}

/// Generates from a model and endpoint rules given as text, named `broken.json` and
/// `rules.json` in errors.
fn generate_texts(text: &str, rules: &str) -> Result<GeneratedCrate, Error> {
    let options = Options {
        crate_options: CrateOptions {
            crate_name: "broken".to_owned(),
            version: "0.1.0".to_owned(),
            runtime_dependency: "\"0.1\"".to_owned(),
            model_source: "broken.json".to_owned(),
        },
        operations: None,
    };
    awsgen_codegen::generate_from_botocore(
        Source {
            file: "broken.json",
            text,
        },
        Source {
            file: "rules.json",
            text: rules,
        },
        &options,
    )
}

fn generate_text(text: &str) -> Result<GeneratedCrate, Error> {
    let rules = std::fs::read_to_string(root().join(AMPLIFY_RULES)).unwrap();
    generate_texts(text, &rules)
}

/// A minimal model with `shapes` spliced in, for the error cases below.
fn model_with(operation_input: &str, shapes: &str) -> String {
    format!(
        r#"{{"metadata": {{"apiVersion": "1", "endpointPrefix": "x", "protocol": "rest-json",
            "serviceFullName": "X", "serviceId": "X", "signatureVersion": "v4"}},
          "operations": {{"Op": {{"name": "Op", "http": {{"method": "POST", "requestUri": "/"}},
            "input": {{"shape": "{operation_input}"}}}}}},
          "shapes": {shapes}}}"#
    )
}

#[test]
fn broken_model_names_the_file_and_the_json_path() {
    let text = model_with(
        "In",
        r#"{"In": {"type": "structure", "members": {"a": {"shape": 7}}}}"#,
    );
    let message = generate_text(&text).unwrap_err().to_string();
    assert!(
        message.starts_with("broken.json at `shapes.In.members.a.shape`"),
        "{message}"
    );
}

#[test]
fn unsupported_construct_names_the_shape() {
    let text = model_with(
        "In",
        r#"{"In": {"type": "structure", "members": {"u": {"shape": "U"}}},
            "U": {"type": "structure", "union": true, "members": {"a": {"shape": "S"}}},
            "S": {"type": "string"}}"#,
    );
    let message = generate_text(&text).unwrap_err().to_string();
    assert_eq!(
        message,
        "broken.json: `U` uses a union, which awsgen does not support yet"
    );
}

#[test]
fn missing_shape_is_named() {
    let text = model_with("Nope", "{}");
    let message = generate_text(&text).unwrap_err().to_string();
    assert_eq!(
        message,
        "broken.json: `Nope`: no shape of this name is defined"
    );
}

#[test]
fn other_protocols_are_refused_by_name() {
    let text = model_with("In", r#"{"In": {"type": "structure", "members": {}}}"#)
        .replace("rest-json", "ec2");
    let message = generate_text(&text).unwrap_err().to_string();
    assert!(message.contains("the `ec2` protocol"), "{message}");
}

/// A minimal rule set with `rule` as its only rule, for the error cases below.
fn rules_with(rule: &str) -> String {
    format!(
        r#"{{"version": "1.0", "parameters": {{"Region": {{"type": "string", "builtIn": "AWS::Region"}}}},
          "rules": [{rule}]}}"#
    )
}

fn amplify_model() -> String {
    std::fs::read_to_string(root().join(AMPLIFY)).unwrap()
}

#[test]
fn endpoint_rule_with_an_unknown_reference_names_its_path() {
    let rules = rules_with(
        r#"{"type": "tree", "conditions": [], "rules": [
            {"type": "error", "conditions": [{"fn": "isSet", "argv": [{"ref": "Bucket"}]}],
             "error": "no"}]}"#,
    );
    let message = generate_texts(&amplify_model(), &rules)
        .unwrap_err()
        .to_string();
    assert_eq!(
        message,
        "rules.json: `rules[0].rules[0].conditions[0].argv[0]`: `Bucket` is not defined here"
    );
}

#[test]
fn endpoint_rule_with_an_unknown_function_is_refused_by_name() {
    let rules = rules_with(
        r#"{"type": "endpoint", "conditions": [{"fn": "coalesce", "argv": [{"ref": "Region"}, "x"]}],
            "endpoint": {"url": "https://example.com"}}"#,
    );
    let message = generate_texts(&amplify_model(), &rules)
        .unwrap_err()
        .to_string();
    assert_eq!(
        message,
        "rules.json: `rules[0].conditions[0]` uses the function `coalesce`, which awsgen does not support yet"
    );
}

#[test]
fn endpoint_template_of_an_unset_parameter_is_refused() {
    let rules = rules_with(
        r#"{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://{Region}.example.com"}}"#,
    );
    let message = generate_texts(&amplify_model(), &rules)
        .unwrap_err()
        .to_string();
    assert_eq!(
        message,
        "rules.json: `rules[0].endpoint.url`: `{Region}` may be unset here"
    );
}

#[test]
fn malformed_endpoint_rules_name_the_json_path() {
    let rules = rules_with(r#"{"type": "endpoint", "conditions": [{"fn": 3, "argv": []}]}"#);
    let message = generate_texts(&amplify_model(), &rules)
        .unwrap_err()
        .to_string();
    assert!(
        message.starts_with("rules.json at `rules[0].conditions[0].fn`"),
        "{message}"
    );
}
