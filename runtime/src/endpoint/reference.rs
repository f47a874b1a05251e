//! botocore's answers for each standard-library function, recorded by
//! `tests/reference/botocore_endpoint_functions.py` into
//! `tests/fixtures/endpoint/functions.json`, for the unit tests.

use serde_json::Value;

const FIXTURE: &str = include_str!("../../../tests/fixtures/endpoint/functions.json");

/// Each recorded call of `function` (the rules' name, e.g. `parseURL`): its arguments and
/// botocore's result (`null` for `None`).
pub fn calls(function: &str) -> Vec<(Vec<Value>, Value)> {
    let fixture: Value = serde_json::from_str(FIXTURE).expect("the fixture is JSON");
    let calls = fixture[function]
        .as_array()
        .unwrap_or_else(|| panic!("the fixture has no `{function}`"));
    assert!(!calls.is_empty(), "`{function}` has calls");
    calls
        .iter()
        .map(|call| {
            let args = call["args"].as_array().expect("args").clone();
            (args, call["result"].clone())
        })
        .collect()
}

pub fn string(value: &Value) -> &str {
    value.as_str().expect("a string argument")
}

pub fn boolean(value: &Value) -> bool {
    value.as_bool().expect("a boolean argument")
}
