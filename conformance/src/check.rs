//! What each case asserts, at run time: the request a client sent against the suite's
//! `serialized`, or what it parsed from the suite's `response` against `result` / `error`.
//! Case data arrives as the JSON text of the case, embedded in the harness.

use awsgen_runtime::config::Config;
use awsgen_runtime::credentials::Credentials;
use awsgen_runtime::http::{Headers, HttpRequest, HttpResponse};
use awsgen_runtime::json::{self, Number, Value};
use awsgen_runtime::protocol::query::decode_pairs;
use awsgen_runtime::time::DateTime;
use awsgen_runtime::transport::{BoxFuture, MemoryTransport};

/// One case of a suite, as the harness lists it.
#[derive(Clone, Copy)]
pub struct Case {
    /// The suite's `description`.
    pub suite: &'static str,
    /// The case's `id`, or its position when it has none.
    pub id: &'static str,
    pub run: fn() -> BoxFuture<'static, Result<(), String>>,
}

impl std::fmt::Debug for Case {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Case")
            .field("suite", &self.suite)
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// Panics with the case's failure, for `#[test]` functions.
pub fn assert_passes(outcome: Result<(), String>) {
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}

/// For a case botocore leaves out of its own run because it behaves otherwise: passes
/// while the case still fails as botocore would, and panics once it passes, so that the
/// list of such cases is looked at again.
pub fn assert_fails_as_botocore(outcome: Result<(), String>) {
    if outcome.is_ok() {
        panic!(
            "this case passes, but botocore does not pass it (its protocol-tests-ignore-list.json); \
             awsgen should behave as botocore: check the change and take the case off the list"
        );
    }
}

/// For a case awsgen cannot pass yet, for `reason`: passes while the case fails, and panics
/// once it passes, so that the case is taken off the list.
pub fn assert_still_fails(reason: &str, outcome: Result<(), String>) {
    if outcome.is_ok() {
        panic!("this case passes, but is listed as failing ({reason}): take it off the list");
    }
}

/// Parses case data embedded by the harness.
pub fn case_data(text: &str) -> Result<Value, String> {
    json::parse(text.as_bytes()).map_err(|e| format!("the case's JSON does not parse: {e}"))
}

/// The client configuration every input case runs with: fixed credentials and clock, the
/// suite's `clientEndpoint` when it has one, and a transport that records the request and
/// answers with an empty success.
pub fn input_config(suite_endpoint: Option<&str>) -> Result<(Config, MemoryTransport), String> {
    let transport = MemoryTransport::with_responder(|_| Ok(HttpResponse::new(200, "{}")));
    let mut builder = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "SECRET", None))
        .clock(|| DateTime::from_secs(1_576_540_098))
        // The token the suites expect when the input leaves an idempotency token unset.
        .idempotency_tokens(|| "00000000-0000-4000-8000-000000000000".to_owned())
        .transport(transport.clone());
    if let Some(endpoint) = suite_endpoint {
        builder = builder.endpoint_url(endpoint);
    }
    let config = builder.build().map_err(|e| e.to_string())?;
    Ok((config, transport))
}

/// A member of an object, or an error naming it.
fn field<'a>(value: &'a Value, key: &str) -> Result<&'a Value, String> {
    value
        .get(key)
        .ok_or_else(|| format!("the case has no `{key}`"))
}

/// Compares the one request `transport` saw with the case's `serialized`. `call_error` is
/// what the call returned, reported when no request was sent. `list_headers` names the
/// input's list-valued headers.
pub fn input(
    case: &Value,
    transport: &MemoryTransport,
    call_error: Option<String>,
    suite_endpoint: Option<&str>,
) -> Result<(), String> {
    let expected = field(case, "serialized")?;
    let requests = transport.requests();
    let request = match (requests.as_slice(), call_error) {
        ([request], _) => request,
        ([], Some(error)) => return Err(format!("no request was sent: {error}")),
        ([], None) => return Err("no request was sent".to_owned()),
        (many, _) => return Err(format!("{} requests were sent, not one", many.len())),
    };
    let mut failures = Vec::new();
    if let Some(method) = expected.get("method").and_then(Value::as_str) {
        if request.method != method {
            failures.push(format!(
                "method: sent {}, expected {method}",
                request.method
            ));
        }
    }
    let uri = expected.get("uri").and_then(Value::as_str).unwrap_or("");
    let sent_uri = request.url.path_and_query();
    if sent_uri != uri {
        failures.push(format!("uri: sent {sent_uri:?}, expected {uri:?}"));
    }
    if let Some(host) = expected.get("host").and_then(Value::as_str) {
        check_host(request, host, suite_endpoint, &mut failures);
    }
    if let Some(Value::Object(headers)) = expected.get("headers") {
        for (name, value) in headers {
            let mut value = value.as_str().unwrap_or_default().to_owned();
            if name.eq_ignore_ascii_case("Content-Type") {
                if value == "application/x-www-form-urlencoded" {
                    // botocore's runner adds the charset botocore sends, which the query
                    // suites leave out (tests/unit/test_protocols.py,
                    // `_assert_expected_headers_in_request`).
                    value.push_str("; charset=utf-8");
                } else if !value.contains("json") {
                    // botocore sends no Content-Type with a blob or string payload, and its
                    // runner drops every other expected one that is not JSON.
                    continue;
                }
            }
            let value = value.as_str();
            match request.headers.get(name) {
                Some(sent) if sent == value => {}
                Some(sent) => {
                    failures.push(format!("header {name}: sent {sent:?}, expected {value:?}"))
                }
                None => failures.push(format!("header {name}: not sent, expected {value:?}")),
            }
        }
    }
    if let Some(Value::Array(forbidden)) = expected.get("forbidHeaders") {
        for name in forbidden.iter().filter_map(Value::as_str) {
            if let Some(sent) = request.headers.get(name) {
                failures.push(format!("header {name}: sent {sent:?}, must not be sent"));
            }
        }
    }
    if let Some(body) = expected.get("body").and_then(Value::as_str) {
        // The memory transport records a streamed body as the bytes it read.
        let sent = request.body.as_bytes().unwrap_or_default();
        if let Err(failure) = compare_bodies(sent, body.as_bytes()) {
            failures.push(failure);
        }
    }
    report(failures, || describe_request(request))
}

/// The suites' `host` is the endpoint's host, followed by its base path when it has one.
fn check_host(
    request: &HttpRequest,
    expected: &str,
    suite_endpoint: Option<&str>,
    failures: &mut Vec<String>,
) {
    let mut sent = request.url.authority();
    if expected.contains('/') {
        let base = suite_endpoint
            .and_then(|e| awsgen_runtime::http::Url::parse(e).ok())
            .map(|url| url.path)
            .unwrap_or_default();
        sent.push_str(base.trim_end_matches('/'));
    }
    if sent != expected {
        failures.push(format!("host: sent {sent:?}, expected {expected:?}"));
    }
}

/// Bodies that are both JSON compare as JSON values (key order and spacing aside); form
/// bodies compare pair by pair, decoded, since the suites encode a space as `%20` where
/// botocore's requests (Python's `urlencode`) send `+`; any other body must match byte for
/// byte.
fn compare_bodies(sent: &[u8], expected: &[u8]) -> Result<(), String> {
    if sent == expected {
        return Ok(());
    }
    if expected.trim_ascii_start().starts_with(b"<") {
        return match (canonical_xml(sent), canonical_xml(expected)) {
            (Ok(ours), Ok(theirs)) if ours == theirs => Ok(()),
            (Ok(ours), Ok(theirs)) => Err(format!(
                "body differs as XML:\n  sent     {ours}\n  expected {theirs}"
            )),
            (Err(e), _) => Err(format!(
                "the body is not XML ({e}): {:?}",
                String::from_utf8_lossy(sent)
            )),
            (_, Err(e)) => Err(format!("the suite's body is not XML: {e}")),
        };
    }
    if expected.starts_with(b"Action=") {
        let (sent, expected) = (
            String::from_utf8_lossy(sent),
            String::from_utf8_lossy(expected),
        );
        return if decode_pairs(&sent) == decode_pairs(&expected) {
            Ok(())
        } else {
            Err(format!("body: sent {sent:?}, expected {expected:?}"))
        };
    }
    if let (Ok(sent_json), Ok(expected_json)) = (json::parse(sent), json::parse(expected)) {
        return match same(&sent_json, &expected_json) {
            Ok(()) => Ok(()),
            Err(at) => Err(format!(
                "body differs at {at}: sent {}, expected {}",
                String::from_utf8_lossy(sent),
                String::from_utf8_lossy(expected)
            )),
        };
    }
    Err(format!(
        "body: sent {:?}, expected {:?}",
        String::from_utf8_lossy(sent),
        String::from_utf8_lossy(expected)
    ))
}

/// An XML document in one canonical form, as botocore's runner compares them
/// (`ET.canonicalize(…, strip_text=True)`): attributes (namespace declarations among them)
/// sorted, text stripped of surrounding whitespace, empty elements written out in full.
pub fn canonical_xml(document: &[u8]) -> Result<String, String> {
    use awsgen_runtime::xml::XmlReader;
    let mut reader = XmlReader::new(document).map_err(|e| e.to_string())?;
    let mut out = String::new();
    // The names of the open elements.
    let mut open: Vec<String> = Vec::new();
    loop {
        match reader.next_start().map_err(|e| e.to_string())? {
            Some(start) => {
                let mut attributes: Vec<(String, String)> = start
                    .attributes()
                    .map(|a| a.map(|(k, v)| (k.to_owned(), v.into_owned())))
                    .collect::<Result<_, _>>()
                    .map_err(|e| e.to_string())?;
                attributes.sort();
                out.push('<');
                out.push_str(start.name());
                for (name, value) in attributes {
                    out.push_str(&format!(" {name}={value:?}"));
                }
                out.push('>');
                open.push(start.name().to_owned());
                // Text, if the element holds text; an element holding elements is walked.
                if let Some(text) = reader_text(&mut reader) {
                    out.push_str(text.trim());
                    out.push_str(&format!("</{}>", open.pop().unwrap_or_default()));
                }
            }
            None => match open.pop() {
                Some(name) => out.push_str(&format!("</{name}>")),
                None => return Ok(out),
            },
        }
    }
}

/// The text of the element just entered when it holds no elements (leaving it), else
/// `None` with the reader still inside it.
fn reader_text(reader: &mut awsgen_runtime::xml::XmlReader<'_>) -> Option<String> {
    let mut probe = reader.clone();
    match probe.text() {
        Ok(text) => {
            let text = text.into_owned();
            *reader = probe;
            Some(text)
        }
        Err(_) => None,
    }
}

/// The case's `response` as the client would receive it.
pub fn response(case: &Value) -> Result<HttpResponse, String> {
    let response = field(case, "response")?;
    let status = match response.get("status_code") {
        Some(Value::Number(Number::Int(status))) => u16::try_from(*status)
            .map_err(|_| format!("status_code {status} is not an HTTP status"))?,
        _ => return Err("the response has no status_code".to_owned()),
    };
    let mut headers = Headers::new();
    if let Some(Value::Object(members)) = response.get("headers") {
        for (name, value) in members {
            headers.append(name.clone(), value.as_str().unwrap_or_default());
        }
    }
    let body = response
        .get("body")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let mut response = HttpResponse::new(status, body.as_bytes().to_vec());
    response.headers = headers;
    Ok(response)
}

/// Compares a parsed output, in botocore's result form, with the case's `result`.
pub fn output(case: &Value, parsed: Result<Value, String>) -> Result<(), String> {
    let expected = field(case, "result")?;
    let parsed = parsed.map_err(|e| format!("the response did not parse: {e}"))?;
    same(&parsed, expected).map_err(|at| {
        format!(
            "result differs at {at}:\n  parsed   {}\n  expected {}",
            json::to_string(&parsed),
            json::to_string(expected)
        )
    })
}

/// What the client made of an error response: its code and message, and the modeled error
/// it recognized (the shape's name and its members in botocore's form), if any.
#[derive(Debug)]
pub struct ParsedError {
    pub code: String,
    pub message: Option<String>,
    pub modeled: Option<(&'static str, Value)>,
}

/// Compares a parsed error with the case's `errorCode`, `errorMessage` and `error`. The
/// code must name the modeled error the client picked, by the code the model gives it
/// (`modeled_errors` pairs each shape name with that code), when the operation lists one.
pub fn error(
    case: &Value,
    modeled_errors: &[(&str, &str)],
    parsed: ParsedError,
) -> Result<(), String> {
    let mut failures = Vec::new();
    let code = case.get("errorCode").and_then(Value::as_str).unwrap_or("");
    if parsed.code != code {
        failures.push(format!("code: parsed {:?}, expected {code:?}", parsed.code));
    }
    let message = case
        .get("errorMessage")
        .and_then(Value::as_str)
        .unwrap_or("");
    let parsed_message = parsed.message.as_deref().unwrap_or("");
    if parsed_message != message {
        failures.push(format!(
            "message: parsed {parsed_message:?}, expected {message:?}"
        ));
    }
    let expected = case
        .get("error")
        .cloned()
        .unwrap_or(Value::Object(Vec::new()));
    let models_code = modeled_errors.iter().any(|(_, modeled)| *modeled == code);
    match (&parsed.modeled, models_code) {
        (Some((shape, members)), _) => {
            let shape_code = modeled_errors
                .iter()
                .find(|(name, _)| name == shape)
                .map_or(*shape, |(_, code)| *code);
            if shape_code != code {
                failures.push(format!("recognized as {shape}, expected {code}"));
            }
            if let Err(at) = same(members, &expected) {
                failures.push(format!(
                    "error members differ at {at}: parsed {}, expected {}",
                    json::to_string(members),
                    json::to_string(&expected)
                ));
            }
        }
        (None, true) => failures.push(format!("not recognized as the modeled error {code}")),
        (None, false) => {
            if expected != Value::Object(Vec::new()) {
                failures.push(format!(
                    "expected members {} of an error the operation does not model",
                    json::to_string(&expected)
                ));
            }
        }
    }
    report(failures, || format!("{parsed:?}"))
}

fn report(failures: Vec<String>, actual: impl FnOnce() -> String) -> Result<(), String> {
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!("{}\n  actual: {}", failures.join("\n"), actual()))
    }
}

fn describe_request(request: &HttpRequest) -> String {
    let headers: Vec<String> = request
        .headers
        .iter()
        .map(|(name, value)| format!("{name}: {value}"))
        .collect();
    format!(
        "{} {} [{}] {:?}",
        request.method,
        request.url,
        headers.join("; "),
        String::from_utf8_lossy(request.body.as_bytes().unwrap_or_default())
    )
}

/// Whether two JSON values are equal as botocore's runner compares them: objects
/// regardless of member order, numbers by value (an integer equals the same float). On a
/// difference, the path to it.
pub fn same(actual: &Value, expected: &Value) -> Result<(), String> {
    same_at(actual, expected, &mut String::from("$"))
}

fn same_at(actual: &Value, expected: &Value, path: &mut String) -> Result<(), String> {
    match (actual, expected) {
        (Value::Number(a), Value::Number(b)) => {
            let (a, b) = (a.as_f64(), b.as_f64());
            if a == b || (a - b).abs() <= 1e-9 * a.abs().max(1.0) {
                Ok(())
            } else {
                Err(path.clone())
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Err(format!("{path} (length {} vs {})", a.len(), b.len()));
            }
            for (i, (a, b)) in a.iter().zip(b).enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                same_at(a, b, path)?;
                path.truncate(len);
            }
            Ok(())
        }
        (Value::Object(a), Value::Object(b)) => {
            for (key, _) in a {
                if !b.iter().any(|(k, _)| k == key) {
                    return Err(format!("{path}.{key} (not expected)"));
                }
            }
            for (key, b_value) in b {
                let Some((_, a_value)) = a.iter().find(|(k, _)| k == key) else {
                    return Err(format!("{path}.{key} (missing)"));
                };
                let len = path.len();
                path.push('.');
                path.push_str(key);
                same_at(a_value, b_value, path)?;
                path.truncate(len);
            }
            Ok(())
        }
        (a, b) if a == b => Ok(()),
        _ => Err(path.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Value {
        json::parse(text.as_bytes()).unwrap()
    }

    #[test]
    fn json_values_compare_regardless_of_order_and_number_form() {
        assert_eq!(
            same(
                &parse(r#"{"a":1,"b":[2.0]}"#),
                &parse(r#"{"b":[2],"a":1.0}"#)
            ),
            Ok(())
        );
        assert_eq!(
            same(&parse(r#"{"a":{"b":1}}"#), &parse(r#"{"a":{"b":2}}"#)),
            Err("$.a.b".to_owned())
        );
        assert_eq!(
            same(&parse(r#"{"a":1}"#), &parse(r#"{"a":1,"c":2}"#)),
            Err("$.c (missing)".to_owned())
        );
        assert!(same(&parse("[1,2]"), &parse("[2,1]")).is_err());
    }

    #[test]
    fn bodies_compare_as_json_only_when_both_parse() {
        assert_eq!(compare_bodies(br#"{"a": 1}"#, br#"{"a":1}"#), Ok(()));
        assert!(compare_bodies(b"blob", b"blob ").is_err());
        assert!(compare_bodies(b"", b"{}").is_err());
    }
}
