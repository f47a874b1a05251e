//! Snapshots of generated code: what a reviewer reads in a pull request when the generator
//! changes. The crates these files belong to are workspace members, so every snapshot here
//! is also compiled and linted.

use awsgen_codegen::{
    CrateOptions, Error, GeneratedCrate, ModelFiles, ModelFormat, Options, Source,
};
use awsgen_tests::root;

fn generate(model: &str, operations: Option<Vec<String>>) -> Result<GeneratedCrate, Error> {
    let text = std::fs::read_to_string(root().join(model)).unwrap();
    // botocore keeps a service's paginators and endpoint rules beside its model.
    let paginators_file = model.replace("service-2.json", "paginators-1.json");
    let paginators = std::fs::read_to_string(root().join(&paginators_file)).ok();
    let rules_file = model.replace("service-2.json", "endpoint-rule-set-1.json");
    let rules = std::fs::read_to_string(root().join(&rules_file)).unwrap();
    let files = ModelFiles {
        paginators: paginators.as_deref().map(|text| Source {
            file: &paginators_file,
            text,
        }),
        endpoint_rules: Some(Source {
            file: &rules_file,
            text: &rules,
        }),
        ..ModelFiles::model(model, &text, ModelFormat::Botocore)
    };
    generate_files(&files, "snapshot", operations)
}

/// Generates a crate named `crate_name` from `files`, headed with the model's name.
fn generate_files(
    files: &ModelFiles<'_>,
    crate_name: &str,
    operations: Option<Vec<String>>,
) -> Result<GeneratedCrate, Error> {
    let options = Options {
        crate_options: CrateOptions {
            crate_name: crate_name.to_owned(),
            version: "0.1.0".to_owned(),
            runtime_dependency: "\"0.1\"".to_owned(),
            model_source: format!("`{}`", files.model.file),
        },
        operations,
    };
    awsgen_codegen::generate(files, &options)
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
fn list_apps_paginator() {
    let generated = generate(AMPLIFY, None).unwrap();
    insta::assert_snapshot!(file(&generated, "src/operation/list_apps.rs"));
}

#[test]
fn two_tokens_nested_results_and_a_more_results_flag() {
    let generated = generate(CONSTRUCTS, None).unwrap();
    insta::assert_snapshot!(file(&generated, "src/operation/list_pages.rs"));
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
    let files = ModelFiles::model("broken.json", text, ModelFormat::Botocore);
    generate_files(&files, "broken", None)
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

/// A model's own `OpError` and `Op` shapes keep their names; the operation's error enum and
/// call type step aside.
#[test]
fn shapes_named_like_generated_types_keep_their_names() {
    let text = model_with(
        "In",
        r#"{"In": {"type": "structure", "members": {"e": {"shape": "OpError"}, "o": {"shape": "Op"}}},
            "OpError": {"type": "structure", "members": {}},
            "Op": {"type": "structure", "members": {}}}"#,
    );
    let generated = generate_text(&text).unwrap();
    let operation = file(&generated, "src/operation/op.rs");
    assert!(
        operation.contains("pub enum OpOperationError {"),
        "{operation}"
    );
    assert!(operation.contains("pub struct OpCall<'a> {"), "{operation}");
    assert!(generated.files.contains_key("src/types/op_error.rs"));
    assert!(generated.files.contains_key("src/types/op.rs"));
}

#[test]
fn unsupported_construct_names_the_shape() {
    let text = model_with(
        "In",
        r#"{"In": {"type": "structure", "members": {
                "u": {"shape": "S", "location": "cookie", "locationName": "u"}}},
            "S": {"type": "string"}}"#,
    );
    let message = generate_text(&text).unwrap_err().to_string();
    assert_eq!(
        message,
        "broken.json: `In.u` uses the member location `cookie`, which awsgen does not support yet"
    );
}

#[test]
fn missing_shape_is_named() {
    let text = model_with("Nope", "{}");
    let message = generate_text(&text).unwrap_err().to_string();
    assert_eq!(
        message,
        "broken.json: `Op (input)`: refers to `Nope`, which the model does not define"
    );
}

#[test]
fn an_operation_input_that_is_not_a_structure_is_refused() {
    let text = model_with("In", r#"{"In": {"type": "string"}}"#);
    let message = generate_text(&text).unwrap_err().to_string();
    assert_eq!(
        message,
        "broken.json: `Op (input)`: `In` is a string, where an operation's input must be a \
         structure"
    );
}

#[test]
fn a_name_without_letters_or_digits_is_refused() {
    let text = model_with(
        "In",
        r#"{"In": {"type": "structure", "members": {"a": {"shape": "_"}}},
            "_": {"type": "structure", "members": {}}}"#,
    );
    let message = generate_text(&text).unwrap_err().to_string();
    assert_eq!(
        message,
        "broken.json: `_`: the name has no letter or digit to make a Rust name of"
    );
}

#[test]
fn an_error_structure_nested_in_a_value_is_refused_with_the_member() {
    let text = model_with(
        "In",
        r#"{"In": {"type": "structure", "members": {"cause": {"shape": "Oops"}}},
            "Oops": {"type": "structure", "exception": true, "members": {}}}"#,
    );
    let message = generate_text(&text).unwrap_err().to_string();
    assert_eq!(
        message,
        "broken.json: `OpInput.cause` uses a value of the error structure `Oops`, which awsgen \
         does not support yet"
    );
}

#[test]
fn other_protocols_are_refused_by_name() {
    let text = model_with("In", r#"{"In": {"type": "structure", "members": {}}}"#)
        .replace("rest-json", "smithy-rpc-v2-cbor");
    let message = generate_text(&text).unwrap_err().to_string();
    assert!(
        message.contains("the `smithy-rpc-v2-cbor` protocol"),
        "{message}"
    );
}

const AMPLIFY_PAGINATORS: &str = "model/amplify/2017-07-25/paginators-1.json";

/// The Amplify model with `paginators` as its paginators file.
fn generate_with_paginators(paginators: &str) -> Result<GeneratedCrate, Error> {
    let text = std::fs::read_to_string(root().join(AMPLIFY)).unwrap();
    let files = ModelFiles {
        paginators: Some(Source {
            file: "paginators-1.json",
            text: paginators,
        }),
        ..ModelFiles::model(AMPLIFY, &text, ModelFormat::Botocore)
    };
    generate_files(&files, "paginated", None)
}

/// The pinned paginators with one key of `ListApps` replaced.
fn list_apps_paginator_with(key: &str, value: &str) -> String {
    let text = std::fs::read_to_string(root().join(AMPLIFY_PAGINATORS)).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["pagination"]["ListApps"][key] = serde_json::from_str(value).unwrap();
    json.to_string()
}

#[test]
fn malformed_paginators_name_the_file_and_the_json_path() {
    let message = generate_with_paginators(&list_apps_paginator_with("limit_key", "7"))
        .unwrap_err()
        .to_string();
    assert!(
        message.starts_with("paginators-1.json at `pagination.ListApps.limit_key`"),
        "{message}"
    );
    let message = generate_with_paginators(&list_apps_paginator_with("resultKey", "\"apps\""))
        .unwrap_err()
        .to_string();
    assert!(message.contains("unknown field `resultKey`"), "{message}");
}

#[test]
fn paginator_naming_a_missing_member_is_refused_with_the_member() {
    let message = generate_with_paginators(&list_apps_paginator_with("result_key", "\"appz\""))
        .unwrap_err()
        .to_string();
    assert_eq!(
        message,
        "paginators-1.json at `pagination.ListApps.result_key`: `ListAppsOutput` has no member `appz`"
    );
    let message = generate_with_paginators(&list_apps_paginator_with("input_token", "\"token\""))
        .unwrap_err()
        .to_string();
    assert_eq!(
        message,
        "paginators-1.json at `pagination.ListApps.input_token`: `ListAppsInput` has no member `token`"
    );
}

#[test]
fn paginator_of_a_missing_operation_is_refused() {
    let message = generate_with_paginators(
        r#"{"pagination": {"ListAppz": {"input_token": "nextToken", "output_token": "nextToken"}}}"#,
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        message,
        "paginators-1.json at `pagination.ListAppz`: the service model has no operation `ListAppz` to paginate"
    );
}

#[test]
fn paginator_token_of_another_type_or_expression_is_refused() {
    let message = generate_with_paginators(&list_apps_paginator_with("output_token", "\"apps\""))
        .unwrap_err()
        .to_string();
    assert!(
        message.starts_with("paginators-1.json at `pagination.ListApps.output_token`"),
        "{message}"
    );
    assert!(
        message.contains("a token must be sent back as it came"),
        "{message}"
    );
    let message = generate_with_paginators(&list_apps_paginator_with(
        "output_token",
        "\"apps[0].appId\"",
    ))
    .unwrap_err()
    .to_string();
    assert!(
        message.contains("the JMESPath expression `apps[0].appId`"),
        "{message}"
    );
    let message = generate_with_paginators(&list_apps_paginator_with(
        "output_token",
        r#"["nextToken", "nextToken"]"#,
    ))
    .unwrap_err()
    .to_string();
    assert!(message.contains("they pair up in order"), "{message}");
}

#[test]
fn selected_operations_keep_only_their_paginators() {
    let generated = generate(AMPLIFY, Some(vec!["ListApps".to_owned()])).unwrap();
    assert!(
        file(&generated, "src/operation/list_apps.rs").contains("pub struct ListAppsPaginator")
    );
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

/// Generates from a model and endpoint rules given as text, named `broken.json` and
/// `rules.json` in errors.
fn generate_texts(text: &str, rules: &str) -> Result<GeneratedCrate, Error> {
    let files = ModelFiles {
        endpoint_rules: Some(Source {
            file: "rules.json",
            text: rules,
        }),
        ..ModelFiles::model("broken.json", text, ModelFormat::Botocore)
    };
    generate_files(&files, "broken", None)
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
