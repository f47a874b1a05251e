//! Type names the generator gives shapes, where a model's names meet the ones generated code
//! reserves.

/// Lambda has shapes `Operation` (a name generated code uses) and `OperationType`: the
/// first must not be renamed into the second.
#[test]
fn a_reserved_shape_name_is_not_renamed_into_another_shape() {
    let model = r#"{
        "metadata": {
            "apiVersion": "2024-01-01", "endpointPrefix": "example", "protocol": "rest-json",
            "serviceFullName": "Example", "serviceId": "Example", "signatureVersion": "v4"
        },
        "operations": {
            "Ping": {
                "name": "Ping", "http": {"method": "POST", "requestUri": "/"},
                "input": {"shape": "PingRequest"}
            }
        },
        "shapes": {
            "PingRequest": {"type": "structure", "members": {
                "Operation": {"shape": "Operation"}, "Kind": {"shape": "OperationType"}
            }},
            "Operation": {"type": "structure", "members": {"Kind": {"shape": "OperationType"}}},
            "OperationType": {"type": "string", "enum": ["A", "B"]}
        }
    }"#;
    let service = awsgen_codegen::botocore_service("service-2.json", model, None).unwrap();
    let name = |shape: &str| service.shapes[shape].rust_name.clone();
    assert_eq!(name("Operation"), "OperationShape");
    assert_eq!(name("OperationType"), "OperationType");
    assert_eq!(service.shapes["Operation"].module_name, "operation_shape");
}
