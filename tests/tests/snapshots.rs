//! Snapshots of generated code: what a reviewer reads in a pull request when the generator
//! changes. The crates these files belong to are workspace members, so every snapshot here
//! is also compiled and linted.

use awsgen_codegen::{CrateOptions, Error, GeneratedCrate, Options};
use awsgen_tests::root;

fn generate(model: &str, operations: Option<Vec<String>>) -> Result<GeneratedCrate, Error> {
    let text = std::fs::read_to_string(root().join(model)).unwrap();
    let options = Options {
        crate_options: CrateOptions {
            crate_name: "snapshot".to_owned(),
            version: "0.1.0".to_owned(),
            runtime_dependency: "\"0.1\"".to_owned(),
            model_source: format!("`{model}`"),
        },
        operations,
    };
    awsgen_codegen::generate_from_botocore(model, &text, &options)
}

const AMPLIFY: &str = "model/amplify/2017-07-25/service-2.json";
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

fn generate_text(text: &str) -> Result<GeneratedCrate, Error> {
    let options = Options {
        crate_options: CrateOptions {
            crate_name: "broken".to_owned(),
            version: "0.1.0".to_owned(),
            runtime_dependency: "\"0.1\"".to_owned(),
            model_source: "broken.json".to_owned(),
        },
        operations: None,
    };
    awsgen_codegen::generate_from_botocore("broken.json", text, &options)
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
            "U": {"type": "structure", "eventstream": true, "members": {"a": {"shape": "S"}}},
            "S": {"type": "string"}}"#,
    );
    let message = generate_text(&text).unwrap_err().to_string();
    assert_eq!(
        message,
        "broken.json: `U` uses an event stream, which awsgen does not support yet"
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
