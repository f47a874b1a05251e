//! The test-support modules (`params_module`, `values_module`) for shapes that hold
//! themselves: a union reached through its own variants (connectcases' `CaseFilter` holds
//! `not: CaseFilter` and `andAll: [CaseFilter]`) gets one converter that calls itself,
//! rather than a converter written out inside itself without end.

const MODEL: &str = r#"{
    "metadata": {
        "apiVersion": "2024-01-01", "endpointPrefix": "example", "protocol": "rest-json",
        "serviceFullName": "Example", "serviceId": "Example", "signatureVersion": "v4"
    },
    "operations": {
        "Search": {
            "name": "Search", "http": {"method": "POST", "requestUri": "/search"},
            "input": {"shape": "SearchRequest"}, "output": {"shape": "SearchResponse"}
        }
    },
    "shapes": {
        "SearchRequest": {"type": "structure", "members": {"filter": {"shape": "Filter"}}},
        "SearchResponse": {"type": "structure", "members": {"echo": {"shape": "Filter"}}},
        "Filter": {"type": "structure", "union": true, "members": {
            "field": {"shape": "String"},
            "not": {"shape": "Filter"},
            "andAll": {"shape": "FilterList"}
        }},
        "FilterList": {"type": "list", "member": {"shape": "Filter"}},
        "String": {"type": "string"}
    }
}"#;

#[test]
fn a_union_that_holds_itself_gets_one_converter_each_way() {
    let service = awsgen_codegen::botocore_service("service-2.json", MODEL, None).unwrap();
    let params =
        awsgen_codegen::emit::params_module(&service, "example", "awsgen_conformance::params");
    assert_eq!(params.matches("fn nested_filter(").count(), 1, "{params}");
    assert!(params.contains("\"not\" => "), "{params}");
    let values = awsgen_codegen::emit::values_module(&service, "example", "crate::values");
    assert_eq!(
        values
            .matches("impl ToValue for example::types::Filter")
            .count(),
        1,
        "{values}"
    );
}
