//! How the botocore lowering chooses and describes a service's protocol, and what it takes
//! from the model besides (unsigned operations, customizations).

use awsgen_codegen::ir::{
    Auth, Bindings, Codec, ErrorRule, Protocol, QueryDialect, Service, ShapeKind, TimestampFormat,
};

fn service(metadata: &str, operation: &str) -> Result<Service, String> {
    let model = format!(
        r#"{{
            "metadata": {{
                "apiVersion": "2024-01-01", "endpointPrefix": "example",
                "serviceFullName": "Example", "serviceId": "Example",
                "signatureVersion": "v4", {metadata}
            }},
            "operations": {{
                "Ping": {{
                    "name": "Ping", "http": {{"method": "POST", "requestUri": "/"}},
                    "input": {{"shape": "PingRequest"}} {operation}
                }}
            }},
            "shapes": {{
                "PingRequest": {{"type": "structure", "members": {{
                    "Id": {{"shape": "String", "location": "header", "locationName": "x-id"}}
                }}}},
                "String": {{"type": "string"}}
            }}
        }}"#
    );
    awsgen_codegen::botocore_service("service-2.json", &model, None).map_err(|e| e.to_string())
}

#[test]
fn json_is_preferred_over_cbor_as_botocore_prefers_it() {
    let service = service(
        r#""protocol": "smithy-rpc-v2-cbor", "protocols": ["smithy-rpc-v2-cbor", "json"],
           "jsonVersion": "1.1", "targetPrefix": "Example_2024""#,
        "",
    )
    .expect("generates");
    assert_eq!(
        service.meta.protocol,
        Protocol::aws_json("1.1", "Example_2024", false, false)
    );
    assert_eq!(
        service.meta.protocol.request_codec,
        Codec::Json {
            content_type: "application/x-amz-json-1.1".to_owned()
        }
    );
}

#[test]
fn rpc_members_all_travel_in_the_body() {
    let service = service(
        r#""protocol": "json", "jsonVersion": "1.0", "targetPrefix": "Example",
           "awsQueryCompatible": {}"#,
        "",
    )
    .expect("generates");
    assert_eq!(
        service.meta.protocol.bindings,
        Bindings::Rpc {
            target_prefix: Some("Example".to_owned()),
            query_mode: true
        }
    );
    assert_eq!(
        service.meta.protocol.errors,
        ErrorRule::AwsJson {
            by_shape_name: false
        }
    );
    let input = service.structure(&service.operations[0].input);
    assert_eq!(
        input.members[0].location,
        awsgen_codegen::ir::Location::Body("x-id".to_owned())
    );
}

/// awsQuery and ec2Query: `POST /` with no target header, form-encoded requests, XML
/// responses, ISO 8601 timestamps, and each dialect's error rule.
#[test]
fn the_query_protocols_are_rpc_with_form_requests_and_xml_responses() {
    for (name, dialect) in [
        ("query", QueryDialect::AwsQuery),
        ("ec2", QueryDialect::Ec2),
    ] {
        let service = service(&format!(r#""protocol": "{name}""#), "").expect("generates");
        let protocol = &service.meta.protocol;
        assert_eq!(*protocol, Protocol::query(dialect));
        assert_eq!(
            protocol.bindings,
            Bindings::Rpc {
                target_prefix: None,
                query_mode: false
            }
        );
        assert_eq!(protocol.request_codec, Codec::Form { dialect });
        assert_eq!(protocol.response_codec, Codec::Xml);
        assert_eq!(protocol.errors, ErrorRule::Query(dialect));
        assert_eq!(protocol.default_timestamp, TimestampFormat::Iso8601);
    }
}

/// ec2Query keys members by `queryName`, else by `locationName` capitalised; the lowering
/// keeps that name, list element names and flattening for the codecs.
#[test]
fn query_names_and_flattening_are_kept_for_the_codecs() {
    let model = r#"{
        "metadata": {"apiVersion": "2016-11-15", "endpointPrefix": "ec2", "protocol": "ec2",
                     "serviceFullName": "EC2", "serviceId": "EC2", "signatureVersion": "v4"},
        "operations": {"Describe": {"name": "Describe", "http": {"method": "POST", "requestUri": "/"},
                       "input": {"shape": "In"}, "output": {"shape": "Out", "resultWrapper": "DescribeResult"}}},
        "shapes": {
            "In": {"type": "structure", "members": {
                "Ids": {"shape": "Ids", "locationName": "instanceId"},
                "Named": {"shape": "String", "locationName": "x", "queryName": "Y"},
                "Plain": {"shape": "String"}
            }},
            "Out": {"type": "structure", "members": {"Tags": {"shape": "Tags", "flattened": true}}},
            "Ids": {"type": "list", "member": {"shape": "String", "locationName": "item"}},
            "Tags": {"type": "map", "key": {"shape": "String", "locationName": "k"},
                     "value": {"shape": "String"}, "flattened": true},
            "String": {"type": "string"}
        }
    }"#;
    let service = awsgen_codegen::botocore_service("service-2.json", model, None).unwrap();
    let op = &service.operations[0];
    assert_eq!(op.result_wrapper.as_deref(), Some("DescribeResult"));
    let input = service.structure(&op.input);
    let names: Vec<Option<&str>> = input
        .members
        .iter()
        .map(|m| m.ec2_name.as_deref())
        .collect();
    assert_eq!(names, [Some("InstanceId"), Some("Y"), None]);
    let ShapeKind::List(ids) = &service.shape("Ids").kind else {
        panic!("a list")
    };
    assert_eq!(ids.member_name.as_deref(), Some("item"));
    let output = service.structure(&op.output);
    assert!(
        output.members[0].flattened,
        "the target's flattened counts for the member"
    );
    let ShapeKind::Map(tags) = &service.shape("Tags").kind else {
        panic!("a map")
    };
    assert_eq!(
        (tags.key_name.as_deref(), tags.value_name.as_deref()),
        (Some("k"), None)
    );
}

#[test]
fn a_protocol_still_to_come_is_refused_by_name() {
    let error = service(r#""protocol": "smithy-rpc-v2-cbor""#, "").unwrap_err();
    assert!(
        error.contains("the `smithy-rpc-v2-cbor` protocol"),
        "{error}"
    );
}

/// What a tool sorting models by protocol sees: the protocol botocore would speak, for
/// refused models too.
#[test]
fn the_chosen_protocol_is_named_for_models_the_generator_refuses_too() {
    let metadata = |fields: &str| -> awsgen_codegen::reader::botocore::Metadata {
        serde_json::from_str(&format!(
            r#"{{"apiVersion": "2024-01-01", "endpointPrefix": "example",
                "serviceFullName": "Example", "serviceId": "Example",
                "signatureVersion": "v4", {fields}}}"#
        ))
        .unwrap()
    };
    let chosen = |fields: &str| awsgen_codegen::ir::chosen_protocol(&metadata(fields)).to_owned();
    assert_eq!(chosen(r#""protocol": "query""#), "query");
    assert_eq!(
        chosen(r#""protocol": "query", "protocols": ["query", "json"]"#),
        "json"
    );
    assert_eq!(
        chosen(r#""protocol": "ec2", "protocols": ["ec2", "smithy-rpc-v2-cbor", "query"]"#),
        "smithy-rpc-v2-cbor"
    );
    assert_eq!(
        chosen(r#""protocol": "rest-xml", "protocols": ["rest-xml", "rest-json"]"#),
        "rest-json"
    );
}

#[test]
fn operations_say_how_they_are_signed() {
    let auth = |operation_keys: &str| {
        service(r#""protocol": "rest-json""#, operation_keys)
            .unwrap()
            .operations[0]
            .auth
    };
    assert_eq!(auth(r#", "authtype": "none""#), Auth::None);
    assert_eq!(auth(r#", "auth": ["smithy.api#noAuth"]"#), Auth::None);
    assert_eq!(
        auth(r#", "authtype": "v4-unsigned-body""#),
        Auth::SigV4UnsignedPayload
    );
    assert_eq!(
        auth(r#", "unsignedPayload": true"#),
        Auth::SigV4UnsignedPayload
    );
    assert_eq!(auth(""), Auth::SigV4);
}

/// botocore's `disable_signing` handler leaves STS's web-identity and SAML calls unsigned
/// whatever the model says, as models before 2025 did not.
#[test]
fn sts_credential_exchanges_are_sent_unsigned_by_name() {
    let model = |operation: &str| {
        format!(
            r#"{{"metadata": {{"apiVersion": "2011-06-15", "endpointPrefix": "sts",
                "protocol": "query", "serviceFullName": "STS", "serviceId": "STS",
                "signatureVersion": "v4"}},
              "operations": {{"{operation}": {{"name": "{operation}",
                "http": {{"method": "POST", "requestUri": "/"}}}}}},
              "shapes": {{}}}}"#
        )
    };
    let auth = |operation: &str| {
        awsgen_codegen::botocore_service("service-2.json", &model(operation), None)
            .unwrap()
            .operations[0]
            .auth
    };
    assert_eq!(auth("AssumeRoleWithWebIdentity"), Auth::None);
    assert_eq!(auth("AssumeRoleWithSAML"), Auth::None);
    assert_eq!(auth("AssumeRole"), Auth::SigV4);
}

#[test]
fn event_stream_operations_are_left_out_and_named() {
    let model = r#"{
        "metadata": {
            "apiVersion": "2024-01-01", "endpointPrefix": "example", "protocol": "json",
            "jsonVersion": "1.1", "targetPrefix": "Example", "serviceFullName": "Example",
            "serviceId": "Example", "signatureVersion": "v4"
        },
        "operations": {
            "Ping": {"name": "Ping", "http": {"method": "POST", "requestUri": "/"}},
            "Subscribe": {
                "name": "Subscribe", "http": {"method": "POST", "requestUri": "/"},
                "output": {"shape": "SubscribeOutput"}
            }
        },
        "shapes": {
            "SubscribeOutput": {"type": "structure", "members": {
                "Events": {"shape": "Events"}
            }},
            "Events": {"type": "structure", "eventstream": true, "members": {}}
        }
    }"#;
    let service = awsgen_codegen::botocore_service("service-2.json", model, None).unwrap();
    let names: Vec<&str> = service
        .operations
        .iter()
        .map(|op| op.name.as_str())
        .collect();
    assert_eq!(names, ["Ping"]);
    assert_eq!(service.omitted.len(), 1);
    assert_eq!(service.omitted[0].name, "Subscribe");
    assert!(service.omitted[0].reason.contains("`Events`"));
    let krate = awsgen_codegen::emit::generate_crate(
        &service,
        &awsgen_codegen::CrateOptions {
            crate_name: "example".to_owned(),
            version: "0.0.0".to_owned(),
            runtime_dependency: "\"*\"".to_owned(),
            model_source: "a test".to_owned(),
        },
    );
    let lib = &krate.files["src/lib.rs"];
    assert!(lib.contains("Operations not generated"), "{lib}");
    assert!(lib.contains("`Subscribe`: it streams events"), "{lib}");
}

#[test]
fn a_dangling_reference_names_the_member_that_makes_it() {
    let model = r#"{
        "metadata": {
            "apiVersion": "2024-01-01", "endpointPrefix": "example", "protocol": "rest-json",
            "serviceFullName": "Example", "serviceId": "Example", "signatureVersion": "v4"
        },
        "operations": {
            "Ping": {"name": "Ping", "http": {"method": "POST", "requestUri": "/"},
                     "input": {"shape": "PingRequest"}}
        },
        "shapes": {
            "PingRequest": {"type": "structure", "members": {"Id": {"shape": "Nowhere"}}}
        }
    }"#;
    let error = awsgen_codegen::botocore_service("service-2.json", model, None)
        .unwrap_err()
        .to_string();
    assert_eq!(
        error,
        "service-2.json: `PingRequest.Id`: refers to `Nowhere`, which the model does not define"
    );
    let lost_output = model.replace(
        r#""input": {"shape": "PingRequest"}"#,
        r#""input": {"shape": "PingRequest"}, "output": {"shape": "Gone"}"#,
    );
    let error = awsgen_codegen::botocore_service("service-2.json", &lost_output, None)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("`Ping (output)`: refers to `Gone`"),
        "{error}"
    );
}
