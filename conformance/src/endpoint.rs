//! botocore's endpoint test cases (`tests/functional/endpoint-rules/<service>/
//! endpoint-tests-1.json`) at run time: each case's `params` turned into a resolver's
//! parameters, and what the resolver returned compared with the case's `expect`.
//!
//! The comparison is botocore's: the URL, headers and properties of an endpoint exactly
//! (objects compared without regard to member order, as JSON objects are), or an error's
//! message exactly.

use awsgen_runtime::endpoint::{Endpoint, EndpointError};
use awsgen_runtime::json::{self, Value};

use crate::check::same;

/// One case of a service's file that did not resolve as botocore expects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseFailure {
    /// The case's position in `testCases`, from 1.
    pub number: usize,
    pub documentation: String,
    pub reason: String,
}

/// Runs every case of an `endpoint-tests-1.json` through a resolver: `params` builds the
/// resolver's parameters from a case's `params` object, `resolve` resolves them. Returns
/// how many cases the file has and those that failed; `Err` when the file is not a test
/// file at all.
pub fn run_cases<P>(
    text: &str,
    params: impl Fn(&[(String, Value)]) -> Result<P, String>,
    resolve: impl Fn(&P) -> Result<Endpoint, EndpointError>,
) -> Result<(usize, Vec<CaseFailure>), String> {
    let file = json::parse(text.as_bytes()).map_err(|e| format!("not JSON: {e}"))?;
    let cases = match member(&file, "testCases") {
        Some(Value::Array(cases)) => cases,
        _ => return Err("no `testCases` array".to_owned()),
    };
    let mut failures = Vec::new();
    for (index, case) in cases.iter().enumerate() {
        let documentation = match member(case, "documentation") {
            Some(Value::String(text)) => text.clone(),
            _ => String::new(),
        };
        let given = match member(case, "params") {
            Some(Value::Object(given)) => given.as_slice(),
            _ => &[],
        };
        let outcome = params(given).and_then(|params| match member(case, "expect") {
            Some(expected) => compare(&resolve(&params), expected),
            None => Err("the case has no `expect`".to_owned()),
        });
        if let Err(reason) = outcome {
            failures.push(CaseFailure {
                number: index + 1,
                documentation,
                reason,
            });
        }
    }
    Ok((cases.len(), failures))
}

/// Compares a resolution with a case's `expect`: `{"endpoint": {url, headers?,
/// properties?}}` or `{"error": message}`.
pub fn compare(result: &Result<Endpoint, EndpointError>, expected: &Value) -> Result<(), String> {
    match (
        result,
        member(expected, "endpoint"),
        member(expected, "error"),
    ) {
        (Err(error), None, Some(Value::String(message))) => {
            if error.message() == message {
                Ok(())
            } else {
                Err(format!(
                    "error {:?}, botocore's is {message:?}",
                    error.message()
                ))
            }
        }
        (Ok(endpoint), Some(want), None) => compare_endpoint(endpoint, want),
        (Ok(endpoint), None, Some(Value::String(message))) => Err(format!(
            "resolved to {}, botocore refuses: {message:?}",
            endpoint.url
        )),
        (Err(error), Some(want), None) => Err(format!(
            "refused ({:?}), botocore resolves to {}",
            error.message(),
            render(member(want, "url").unwrap_or(&Value::Null))
        )),
        _ => Err(format!("unexpected `expect`: {}", render(expected))),
    }
}

fn compare_endpoint(endpoint: &Endpoint, want: &Value) -> Result<(), String> {
    match member(want, "url") {
        Some(Value::String(url)) if *url == endpoint.url => {}
        Some(url) => {
            return Err(format!(
                "url {:?}, botocore's is {}",
                endpoint.url,
                render(url)
            ));
        }
        None => return Err("the expected endpoint has no url".to_owned()),
    }
    let headers = Value::Object(
        endpoint
            .headers
            .iter()
            .map(|(name, values)| {
                let values = values.iter().cloned().map(Value::String).collect();
                (name.clone(), Value::Array(values))
            })
            .collect(),
    );
    let properties = Value::Object(endpoint.properties.clone());
    let none = Value::Object(Vec::new());
    for (what, got) in [("headers", headers), ("properties", properties)] {
        let wanted = member(want, what).unwrap_or(&none);
        if let Err(at) = same(&got, wanted) {
            return Err(format!(
                "{what} {} differ at {at} from botocore's {}",
                render(&got),
                render(wanted)
            ));
        }
    }
    Ok(())
}

fn member<'a>(value: &'a Value, name: &str) -> Option<&'a Value> {
    match value {
        Value::Object(members) => members
            .iter()
            .find(|(member, _)| member == name)
            .map(|(_, value)| value),
        _ => None,
    }
}

fn render(value: &Value) -> String {
    json::to_string(value)
}

/// A string parameter's value, for the parameter `name`.
pub fn string(name: &str, value: &Value) -> Result<String, String> {
    match value {
        Value::String(text) => Ok(text.clone()),
        other => Err(format!("`{name}` is {}, not a string", other.kind())),
    }
}

/// A boolean parameter's value, for the parameter `name`.
pub fn boolean(name: &str, value: &Value) -> Result<bool, String> {
    match value {
        Value::Bool(flag) => Ok(*flag),
        other => Err(format!("`{name}` is {}, not a boolean", other.kind())),
    }
}

/// A string-array parameter's value, for the parameter `name`.
pub fn strings(name: &str, value: &Value) -> Result<Vec<String>, String> {
    match value {
        Value::Array(items) => items.iter().map(|item| string(name, item)).collect(),
        other => Err(format!("`{name}` is {}, not an array", other.kind())),
    }
}

#[cfg(test)]
mod tests {
    use awsgen_runtime::json::{Number, Value};

    use super::*;

    fn expect(text: &str) -> Value {
        json::parse(text.as_bytes()).unwrap()
    }

    fn endpoint() -> Endpoint {
        let mut endpoint = Endpoint::new("https://example.com");
        endpoint.headers = vec![("x-a".to_owned(), vec!["1".to_owned()])];
        endpoint.properties = vec![
            ("n".to_owned(), Value::Number(Number::Int(2))),
            ("flag".to_owned(), Value::Bool(true)),
        ];
        endpoint
    }

    #[test]
    fn members_in_another_order_are_the_same_endpoint() {
        let want = expect(
            r#"{"endpoint": {"url": "https://example.com", "headers": {"x-a": ["1"]},
                "properties": {"flag": true, "n": 2.0}}}"#,
        );
        assert_eq!(compare(&Ok(endpoint()), &want), Ok(()));
    }

    #[test]
    fn a_different_url_header_or_property_is_named() {
        let cases = [
            (
                r#"{"url": "https://example.org", "headers": {"x-a": ["1"]}, "properties": {"flag": true, "n": 2}}"#,
                "url",
            ),
            (
                r#"{"url": "https://example.com", "headers": {"x-a": ["2"]}, "properties": {"flag": true, "n": 2}}"#,
                "headers",
            ),
            (
                r#"{"url": "https://example.com", "headers": {"x-a": ["1"]}, "properties": {"n": 2}}"#,
                "properties",
            ),
        ];
        for (want, what) in cases {
            let want = expect(&format!(r#"{{"endpoint": {want}}}"#));
            let difference = compare(&Ok(endpoint()), &want).unwrap_err();
            assert!(difference.starts_with(what), "{difference}");
        }
    }

    #[test]
    fn errors_compare_by_message() {
        let refused = Err(EndpointError::new("Invalid region"));
        assert_eq!(
            compare(&refused, &expect(r#"{"error": "Invalid region"}"#)),
            Ok(())
        );
        assert!(compare(&refused, &expect(r#"{"error": "Other"}"#)).is_err());
        assert!(compare(&Ok(endpoint()), &expect(r#"{"error": "Invalid region"}"#)).is_err());
        let want = expect(r#"{"endpoint": {"url": "https://example.com"}}"#);
        assert!(compare(&refused, &want).unwrap_err().starts_with("refused"));
    }

    #[test]
    fn every_case_of_a_file_runs_and_failures_are_numbered() {
        let file = r#"{"testCases": [
            {"documentation": "one", "params": {"Region": "us-east-1"},
             "expect": {"endpoint": {"url": "https://us-east-1.example.com"}}},
            {"documentation": "two", "params": {"Region": "eu-west-1"},
             "expect": {"endpoint": {"url": "https://wrong.example.com"}}},
            {"documentation": "three", "params": {"Region": 3},
             "expect": {"error": "x"}}
        ]}"#;
        let params = |given: &[(String, Value)]| -> Result<String, String> {
            string(&given[0].0, &given[0].1)
        };
        let resolve = |region: &String| -> Result<Endpoint, EndpointError> {
            Ok(Endpoint::new(format!("https://{region}.example.com")))
        };
        let (count, failures) = run_cases(file, params, resolve).unwrap();
        assert_eq!(count, 3);
        let numbers: Vec<usize> = failures.iter().map(|f| f.number).collect();
        assert_eq!(numbers, [2, 3]);
        assert_eq!(failures[1].reason, "`Region` is a number, not a string");
        assert!(run_cases("[]", params, resolve).is_err());
    }
}
