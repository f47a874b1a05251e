//! `operationContextParams`: the JMESPath forms AWS models use become typed paths in the IR,
//! checked against the input's shapes; anything else is refused with the operation named.

use awsgen_codegen::ir::EndpointValue;
use awsgen_codegen::ir::context_path::ContextPath;

fn model(path: &str) -> String {
    format!(
        r#"{{
    "metadata": {{
        "apiVersion": "2024-01-01", "endpointPrefix": "example", "protocol": "json",
        "jsonVersion": "1.0", "targetPrefix": "Example",
        "serviceFullName": "Example", "serviceId": "Example", "signatureVersion": "v4"
    }},
    "operations": {{
        "Batch": {{
            "name": "Batch", "http": {{"method": "POST", "requestUri": "/"}},
            "input": {{"shape": "BatchInput"}},
            "operationContextParams": {{"ResourceArnList": {{"path": {path:?}}}}}
        }}
    }},
    "shapes": {{
        "BatchInput": {{"type": "structure", "required": ["Items"], "members": {{
            "Items": {{"shape": "ItemList"}},
            "Tables": {{"shape": "TableMap"}},
            "Count": {{"shape": "Integer"}}
        }}}},
        "ItemList": {{"type": "list", "member": {{"shape": "Item"}}}},
        "Item": {{"type": "structure", "members": {{
            "Get": {{"shape": "Target"}}, "Put": {{"shape": "Target"}}
        }}}},
        "Target": {{"type": "structure", "required": ["TableName"], "members": {{
            "TableName": {{"shape": "String"}}
        }}}},
        "TableMap": {{"type": "map", "key": {{"shape": "String"}}, "value": {{"shape": "String"}}}},
        "Integer": {{"type": "integer"}},
        "String": {{"type": "string"}}
    }}
}}"#
    )
}

fn names(chain: &[&str]) -> Vec<String> {
    chain.iter().map(|name| (*name).to_owned()).collect()
}

#[test]
fn a_projection_over_a_list_becomes_a_typed_path() {
    let text = model("Items[*].[Get.TableName, Put.TableName][]");
    let service = awsgen_codegen::botocore_service("service-2.json", &text, None).unwrap();
    let binding = &service.operations[0].endpoint_params[0];
    assert_eq!(binding.param, "ResourceArnList");
    assert_eq!(
        binding.value,
        EndpointValue::Path(ContextPath::Each {
            list: names(&["Items"]),
            select: vec![names(&["Get", "TableName"]), names(&["Put", "TableName"])],
        })
    );
}

#[test]
fn keys_of_a_map_become_a_typed_path() {
    let text = model("keys(Tables)");
    let service = awsgen_codegen::botocore_service("service-2.json", &text, None).unwrap();
    assert_eq!(
        service.operations[0].endpoint_params[0].value,
        EndpointValue::Path(ContextPath::Keys(names(&["Tables"])))
    );
}

#[test]
fn paths_the_model_does_not_have_or_jmespath_beyond_the_subset_are_refused() {
    for (path, why) in [
        ("Items[*].Get.Name", "`Target` has no member `Name`"),
        ("keys(Items)", "`ItemList` is a list, not a map"),
        ("Count", "`Integer` is an integer, not a string"),
        ("Items[0].Get.TableName", "`Items[0]` is not a member name"),
    ] {
        let text = model(path);
        let error = awsgen_codegen::botocore_service("service-2.json", &text, None)
            .unwrap_err()
            .to_string();
        assert!(error.contains("Batch"), "{error}");
        assert!(error.contains("ResourceArnList"), "{error}");
        assert!(error.contains(why), "{path}: {error}");
    }
}
