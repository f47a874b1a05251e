//! Paginator tokens that botocore writes as JMESPath with a last-element index, as Kinesis's
//! `DescribeStream` does (`StreamDescription.Shards[-1].ShardId`): the next page starts after
//! the last result of this one. And page sizes set as the limit member's type says.

use awsgen_codegen::ir::{Service, TokenPath, TokenStep};
use awsgen_codegen::{CrateOptions, ModelFiles, ModelFormat, Source};

const MODEL: &str = r#"{
    "metadata": {
        "apiVersion": "2024-01-01", "endpointPrefix": "example", "protocol": "json",
        "jsonVersion": "1.1", "targetPrefix": "Example", "serviceFullName": "Example",
        "serviceId": "Example", "signatureVersion": "v4"
    },
    "operations": {
        "Describe": {
            "name": "Describe", "http": {"method": "POST", "requestUri": "/"},
            "input": {"shape": "DescribeInput"}, "output": {"shape": "DescribeOutput"}
        }
    },
    "shapes": {
        "DescribeInput": {"type": "structure", "members": {
            "ExclusiveStartId": {"shape": "Id"}, "Limit": {"shape": "Limit"}
        }},
        "DescribeOutput": {"type": "structure", "required": ["Description"], "members": {
            "Description": {"shape": "Description"}
        }},
        "Description": {"type": "structure", "required": ["Items", "HasMore"], "members": {
            "Items": {"shape": "Items"}, "HasMore": {"shape": "Boolean"}, "NextId": {"shape": "Id"}
        }},
        "Items": {"type": "list", "member": {"shape": "Item"}},
        "Item": {"type": "structure", "required": ["Id"], "members": {"Id": {"shape": "Id"}}},
        "Id": {"type": "string"},
        "Limit": {"type": "integer"},
        "Boolean": {"type": "boolean"}
    }
}"#;

fn read(output_token: &str) -> Result<Service, String> {
    read_model(MODEL, output_token)
}

fn read_model(model: &str, output_token: &str) -> Result<Service, String> {
    let paginators = format!(
        r#"{{"pagination": {{"Describe": {{
            "input_token": "ExclusiveStartId", "output_token": "{output_token}",
            "limit_key": "Limit", "more_results": "Description.HasMore",
            "result_key": "Description.Items"
        }}}}}}"#
    );
    let files = ModelFiles {
        paginators: Some(Source {
            file: "paginators-1.json",
            text: &paginators,
        }),
        ..ModelFiles::model("service-2.json", model, ModelFormat::Botocore)
    };
    awsgen_codegen::read_service(&files, None).map_err(|e| e.to_string())
}

#[test]
fn a_last_element_token_is_a_step_of_its_path() {
    let service = read("Description.Items[-1].Id").unwrap();
    let paginator = service.operations[0].paginator.as_ref().unwrap();
    let member = |name: &str| TokenStep::Member(name.to_owned());
    assert_eq!(
        paginator.tokens[0].output,
        [TokenPath(vec![
            member("Description"),
            member("Items"),
            TokenStep::Last,
            member("Id")
        ])]
    );
    assert_eq!(
        paginator.tokens[0].output[0].to_string(),
        "Description.Items[-1].Id"
    );
}

/// The generated `src/operation/describe.rs`.
fn describe_module(service: &Service) -> String {
    let generated = awsgen_codegen::emit::generate_crate(
        service,
        &CrateOptions {
            crate_name: "example".to_owned(),
            version: "0.1.0".to_owned(),
            runtime_dependency: "{ path = \"../runtime\" }".to_owned(),
            model_source: "`service-2.json`".to_owned(),
        },
    );
    generated.files["src/operation/describe.rs"].clone()
}

/// The body of the function `signature` names, on one line.
fn body_of(operation: &str, signature: &str) -> String {
    operation
        .split(signature)
        .nth(1)
        .unwrap_or_else(|| panic!("no `{signature}`"))
        .split("\n    }")
        .next()
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The body of the paginator's `page_size`, on one line.
fn page_size_body(operation: &str) -> String {
    body_of(operation, "pub fn page_size")
}

#[test]
fn a_required_or_string_limit_is_set_as_its_type_is() {
    let optional = describe_module(&read("Description.Items[-1].Id").unwrap());
    assert!(
        page_size_body(&optional)
            .contains("(mut self, page_size: i32) -> Self { self.input.limit = Some(page_size);"),
        "{}",
        page_size_body(&optional)
    );
    // Cognito's ListUserPools requires its MaxResults.
    let required = MODEL.replace(
        r#""DescribeInput": {"type": "structure", "members""#,
        r#""DescribeInput": {"type": "structure", "required": ["Limit"], "members""#,
    );
    let required = describe_module(&read_model(&required, "Description.Items[-1].Id").unwrap());
    assert!(
        page_size_body(&required).contains("self.input.limit = page_size;"),
        "{}",
        page_size_body(&required)
    );
    // Glacier's ListJobs pages by a string `limit`.
    let string = MODEL.replace(
        r#""Limit": {"type": "integer"}"#,
        r#""Limit": {"type": "string"}"#,
    );
    let string = describe_module(&read_model(&string, "Description.Items[-1].Id").unwrap());
    assert!(
        page_size_body(&string).contains("(mut self, page_size: String) -> Self"),
        "{}",
        page_size_body(&string)
    );
    let boolean = MODEL.replace(
        r#""Limit": {"type": "integer"}"#,
        r#""Limit": {"type": "boolean"}"#,
    );
    let error = read_model(&boolean, "Description.Items[-1].Id").unwrap_err();
    assert!(error.contains("not an integer or a string"), "{error}");
}

#[test]
fn the_generated_paginator_takes_the_last_element() {
    let service = read("Description.Items[-1].Id").unwrap();
    let operation = &describe_module(&service);
    let next_token = body_of(operation, "fn next_token");
    assert!(
        next_token.contains(
            "Some(&output.description) .map(|value| &value.items) \
             .and_then(|value| value.last()) .map(|value| &value.id)"
        ),
        "{next_token}"
    );
    assert!(
        next_token.contains(".filter(|token| !token.is_empty()) .cloned()"),
        "an empty id is no token, as botocore reads it: {next_token}"
    );
}

/// S3's `ListObjects`: `NextMarker || Contents[-1].Key`.
#[test]
fn alternatives_are_tried_in_order() {
    let service = read("Description.NextId || Description.Items[-1].Id").unwrap();
    let paginator = service.operations[0].paginator.as_ref().unwrap();
    let paths: Vec<String> = paginator.tokens[0]
        .output
        .iter()
        .map(|path| path.to_string())
        .collect();
    assert_eq!(paths, ["Description.NextId", "Description.Items[-1].Id"]);
    let operation = &describe_module(&service);
    let next_token = body_of(operation, "fn next_token");
    assert!(
        next_token.contains(
            "Some(&output.description) .and_then(|value| value.next_id.as_ref()) \
             .filter(|token| !token.is_empty()) .or_else(|| {"
        ),
        "{next_token}"
    );
    let error = read("Description.NextId || Description.Items[0].Id").unwrap_err();
    assert!(
        error.contains("the JMESPath expression `Description.NextId || Description.Items[0].Id`"),
        "{error}"
    );
}

#[test]
fn other_indexes_and_a_last_element_of_what_is_not_a_list_are_refused() {
    let error = read("Description.Items[0].Id").unwrap_err();
    assert!(
        error.contains("the JMESPath expression `Description.Items[0].Id`"),
        "{error}"
    );
    let error = read("Description[-1].Id").unwrap_err();
    assert!(
        error.contains(
            "`Description[-1].Id` takes the last element of `Description`, which is not a list"
        ),
        "{error}"
    );
}
