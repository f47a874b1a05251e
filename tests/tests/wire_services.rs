//! Wire tests of the generated clients against botocore 1.44.5: for DynamoDB, Kinesis, KMS,
//! Secrets Manager, SQS and SSM (awsJson), Connect Cases, DataZone, IoT Data and MediaStore
//! Data (rest-json), CloudFormation, IAM, SNS and STS (awsQuery), a sample of EC2's
//! operations (ec2Query, `tests/fixtures/wire/ec2-operations.txt`) and Route 53 (restXml),
//! every operation's inputs (required members only, all members, a
//! random half) and canned responses and errors, as `tests/reference/botocore_wire_services.py`
//! recorded botocore sending and parsing them (`tests/fixtures/wire/<service>-botocore.json`).
//!
//! A request must match botocore's in method, URL, body (as JSON where it is JSON: botocore
//! writes `", "` separators; form bodies pair by pair, decoded; XML as canonical XML;
//! otherwise byte for byte), the headers botocore sent and the headers it signed; since the body bytes
//! differ, the signer is checked apart, on botocore's exact requests. A response must parse to
//! botocore's result, and an error to botocore's code, message, modeled-or-not and members.
//!
//! Cases that cannot pass yet are in [`KNOWN_DIFFERENCES`] with the reason; a listed case
//! that passes fails, so the list only shrinks.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock, PoisonError};

use awsgen_conformance::check::{canonical_xml, same};
use awsgen_runtime::http::{Headers, HttpRequest, HttpResponse, Url};
use awsgen_runtime::json::{self, Value};
use awsgen_runtime::protocol::query::decode_pairs;
use awsgen_runtime::sigv4::Signer;
use awsgen_runtime::transport::MemoryTransport;
use awsgen_tests::services;
use awsgen_tests::wire::{Parsed, Service, Token, TokenAt};
use awsgen_tests::{fixture, reference_config, reference_credentials, reference_time};

/// (service, case, why it differs from botocore).
const KNOWN_DIFFERENCES: &[(&str, &str, &str)] = &[
    ("connectcases", "UntagResource_required", EMPTY_QUERY_LIST),
    ("connectcases", "UntagResource_all", EMPTY_QUERY_LIST),
];

/// botocore ends the URL with a bare `?` when the only query member set is an empty list
/// (`tagKeys: []`); awsgen writes no `?`. The canonical request, the signature and what the
/// service reads are the same.
const EMPTY_QUERY_LIST: &str =
    "botocore sends a bare `?` for a query that an empty list leaves empty";

/// The parsed fixture of a service, read once per test process.
fn reference(service: &str) -> &'static Value {
    static REFERENCES: OnceLock<Mutex<HashMap<String, &'static Value>>> = OnceLock::new();
    let mut references = REFERENCES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    references.entry(service.to_owned()).or_insert_with(|| {
        let text = fixture(&format!("wire/{service}-botocore.json"));
        let value = json::parse(text.as_bytes()).expect("the reference is JSON");
        Box::leak(Box::new(value))
    })
}

fn cases(service: &str, list: &str) -> &'static [Value] {
    match reference(service).get(list) {
        Some(Value::Array(cases)) => cases,
        _ => panic!("the {service} reference has no `{list}`"),
    }
}

fn case(service: &str, list: &str, name: &str) -> &'static Value {
    cases(service, list)
        .iter()
        .find(|case| text(case, "name") == name)
        .unwrap_or_else(|| panic!("no {service} reference case `{name}`"))
}

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// Runs `check` and holds its outcome against the list of known differences.
fn expect(service: &Service, name: &str, outcome: Result<(), String>) {
    let known = KNOWN_DIFFERENCES
        .iter()
        .find(|(s, case, _)| *s == service.name && *case == name);
    match (outcome, known) {
        (Ok(()), None) => {}
        (Err(failure), None) => panic!("{failure}"),
        (Err(_), Some(_)) => {}
        (Ok(()), Some((_, _, reason))) => panic!(
            "this case is listed as differing from botocore ({reason}), but it passes: \
             take it off KNOWN_DIFFERENCES"
        ),
    }
}

async fn check_request(service: &Service, name: &str) {
    let outcome = request_outcome(service, case(service.name, "requests", name)).await;
    expect(service, name, outcome);
}

fn check_response(service: &Service, name: &str) {
    let outcome = response_outcome(service, case(service.name, "responses", name));
    expect(service, name, outcome);
}

/// The value of `key` in a URL's query, as sent (percent-encoded).
fn query_value<'a>(url: &'a str, key: &str) -> Option<&'a str> {
    let (_, query) = url.split_once('?')?;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
}

/// The session token, for the cases botocore signed with one.
fn session_token(expected: &Value) -> Option<&str> {
    expected
        .get("headers")
        .and_then(|h| h.get("X-Amz-Security-Token"))
        .and_then(Value::as_str)
}

async fn request_outcome(service: &Service, case: &Value) -> Result<(), String> {
    let expected = case.get("request").ok_or("the case has no request")?;
    let operation = text(case, "operation");
    let params = case
        .get("params")
        .cloned()
        .unwrap_or(Value::Object(Vec::new()));

    let transport = MemoryTransport::new();
    // Any answer will do: only the request is compared.
    transport.push_response(HttpResponse::new(200, "{}"));
    let config = reference_config(&transport, session_token(expected));
    let operation: &'static str = Box::leak(operation.to_owned().into_boxed_str());
    let outcome = (service.send)(config, operation, params.clone())
        .await
        .map_err(|e| format!("the parameters do not fit the model: {e}"))?;
    let Some(request) = transport.last_request() else {
        return Err(format!(
            "botocore sent this request, but the client refused it: {outcome:?}"
        ));
    };

    let mut failures = Vec::new();
    failures.extend(differs("method", &request.method, text(expected, "method")));
    let given = object(&params);
    // Tokens left out are filled with a fresh UUID by botocore and by the client alike: only
    // their form is compared, then botocore's value stands in for the client's.
    let tokens: Vec<&Token> = (service.idempotency_tokens)(operation)
        .iter()
        .filter(|token| !given.iter().any(|(name, _)| name == token.member))
        .collect();
    let mut url = request.url.to_string();
    let expected_url = text(expected, "url");
    let mut token_headers = Vec::new();
    for token in &tokens {
        match token.at {
            TokenAt::Query(key) => {
                let (ours, theirs) = (query_value(&url, key), query_value(expected_url, key));
                if !is_uuid_v4(ours.unwrap_or_default()) {
                    failures.push(format!(
                        "idempotency token {key}: {ours:?} is not a version 4 UUID"
                    ));
                }
                if let (Some(ours), Some(theirs)) = (ours, theirs) {
                    url = url.replacen(&format!("{key}={ours}"), &format!("{key}={theirs}"), 1);
                }
            }
            TokenAt::Header(name) => token_headers.push(name),
            TokenAt::Body(_) => {}
        }
    }
    failures.extend(differs("URL", &url, expected_url));
    let headers = expected
        .get("headers")
        .ok_or("the request has no headers")?;
    for (name, value) in object(headers) {
        // Not the client's to match: the reference's own User-Agent, the signature (checked
        // apart, on botocore's bytes) and the length of a body serialized differently.
        if ["User-Agent", "Authorization", "Content-Length"].contains(&name.as_str()) {
            continue;
        }
        let sent = request.headers.get(name).unwrap_or("(not sent)");
        if name == "amz-sdk-invocation-id" || token_headers.contains(&name.as_str()) {
            // Random in botocore (the reference fixes its own per case), and so are tokens
            // left out: only the form counts.
            if !is_uuid_v4(sent) {
                failures.push(format!("{name}: sent {sent:?}, not a version 4 UUID"));
            }
            continue;
        }
        failures.extend(differs(name, sent, value.as_str().unwrap_or_default()));
    }
    let authorization = request.headers.get("Authorization").unwrap_or_default();
    let expected_authorization = text(expected, "authorization");
    failures.extend(differs(
        "credential scope",
        credential(authorization),
        credential(expected_authorization),
    ));
    failures.extend(differs(
        "signed headers",
        signed_headers(authorization),
        signed_headers(expected_authorization),
    ));

    // A rest-json payload that is a blob or a string, and an empty body, compare as bytes.
    let expected_type = expected
        .get("headers")
        .and_then(|h| h.get("Content-Type"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    let expected_text = text(expected, "body");
    if expected_type.starts_with("application/x-www-form-urlencoded") {
        failures.extend(form_body_differs(
            request.body.as_bytes().unwrap(),
            expected_text,
            &tokens,
        ));
        return report(failures);
    }
    if expected_text.starts_with('<') {
        // restXml: the same document, attribute order and whitespace aside.
        let ours = canonical_xml(request.body.as_bytes().unwrap());
        let theirs = canonical_xml(expected_text.as_bytes());
        if ours != theirs {
            failures.push(format!(
                "body differs as XML:\n  sent     {ours:?}\n  botocore {theirs:?}"
            ));
        }
        return report(failures);
    }
    if !expected_type.contains("json") || expected_text.is_empty() {
        failures.extend(differs(
            "body",
            &String::from_utf8_lossy(request.body.as_bytes().unwrap()),
            expected_text,
        ));
        return report(failures);
    }
    let mut body = json::parse(request.body.as_bytes().unwrap()).map_err(|e| {
        format!(
            "the body is not JSON ({e}): {:?}",
            String::from_utf8_lossy(request.body.as_bytes().unwrap())
        )
    })?;
    let expected_body = json::parse(expected_text.as_bytes())
        .map_err(|e| format!("botocore's body is not JSON: {e}"))?;
    for token in &tokens {
        if let TokenAt::Body(token) = token.at {
            let filled = body.get(token).and_then(Value::as_str).unwrap_or_default();
            if !is_uuid_v4(filled) {
                failures.push(format!(
                    "idempotency token {token}: {filled:?} is not a version 4 UUID"
                ));
            }
            if let (Value::Object(members), Some(theirs)) = (&mut body, expected_body.get(token)) {
                for (name, value) in members.iter_mut() {
                    if name == token {
                        *value = theirs.clone();
                    }
                }
            }
        }
    }
    if let Err(at) = same(&body, &expected_body) {
        failures.push(format!(
            "body differs at {at}:\n  sent     {}\n  botocore {}",
            json::to_string(&body),
            json::to_string(&expected_body)
        ));
    }
    report(failures)
}

/// A query protocol's form body against botocore's, pair by pair and in order, byte for byte
/// once decoded: the encodings agree, and comparing decoded pairs names the one that differs.
/// A token the parameters left out is any version 4 UUID, then botocore's value.
fn form_body_differs(sent: &[u8], expected: &str, tokens: &[&Token]) -> Option<String> {
    let mut ours = decode_pairs(&String::from_utf8_lossy(sent));
    let theirs = decode_pairs(expected);
    for token in tokens {
        if let TokenAt::Body(key) = token.at {
            let filled = ours.iter_mut().find(|(k, _)| k == key);
            let botocore = theirs.iter().find(|(k, _)| k == key);
            match (filled, botocore) {
                (Some((_, value)), Some((_, theirs))) if is_uuid_v4(value) => {
                    *value = theirs.clone()
                }
                (filled, _) => {
                    return Some(format!(
                        "idempotency token {key}: {filled:?} is not a version 4 UUID"
                    ));
                }
            }
        }
    }
    if ours == theirs {
        return None;
    }
    let at = ours
        .iter()
        .zip(&theirs)
        .position(|(a, b)| a != b)
        .unwrap_or(ours.len().min(theirs.len()));
    Some(format!(
        "body differs at pair {at}: sent {:?}, botocore {:?}\n  sent     {}\n  botocore {expected}",
        ours.get(at),
        theirs.get(at),
        String::from_utf8_lossy(sent),
    ))
}

fn response_outcome(service: &Service, case: &Value) -> Result<(), String> {
    let recorded = case.get("response").ok_or("the case has no response")?;
    let status = match recorded.get("status") {
        Some(Value::Number(status)) => status.as_f64() as u16,
        _ => return Err("the response has no status".to_owned()),
    };
    let mut response = HttpResponse::new(status, text(recorded, "body"));
    if let Some(Value::Array(headers)) = recorded.get("headers") {
        for header in headers {
            if let Value::Array(pair) = header {
                if let [Value::String(name), Value::String(value)] = pair.as_slice() {
                    response = response.with_header(name.clone(), value.as_str());
                }
            }
        }
    }
    let parsed = (service.parse)(text(case, "operation"), &response)?;
    let mut failures = Vec::new();
    match (parsed, case.get("parsed"), case.get("error")) {
        (Parsed::Output(mut output), Some(expected), _) => {
            without_corrections(&mut output, expected);
            if let Err(at) = same(&output, expected) {
                failures.push(format!(
                    "output differs at {at}:\n  parsed   {}\n  botocore {}",
                    json::to_string(&output),
                    json::to_string(expected)
                ));
            }
        }
        (
            Parsed::Error {
                code,
                message,
                modeled,
            },
            None,
            Some(expected),
        ) => {
            let expected_code = text(expected, "code");
            if code != expected_code {
                failures.push(format!("code: parsed {code:?}, botocore {expected_code:?}"));
            }
            let expected_message = expected.get("message").and_then(Value::as_str);
            if message.as_deref() != expected_message {
                failures.push(format!(
                    "message: parsed {message:?}, botocore {expected_message:?}"
                ));
            }
            let expected_modeled = expected.get("modeled") == Some(&Value::Bool(true));
            match modeled {
                Some((shape, members)) => {
                    let codes = (service.modeled_errors)(text(case, "operation"));
                    let shape_code = codes
                        .iter()
                        .find(|(s, _)| *s == shape)
                        .map_or(shape, |(_, c)| *c);
                    if !expected_modeled || shape_code != expected_code {
                        failures.push(format!("recognized as {shape}, botocore: {expected_code} (modeled: {expected_modeled})"));
                    }
                    let expected_members = expected
                        .get("members")
                        .cloned()
                        .unwrap_or(Value::Object(Vec::new()));
                    let mut members = members;
                    without_corrections(&mut members, &expected_members);
                    // A modeled error's message member holds the message wherever the
                    // service put it (`message` or `Message`), which botocore leaves to
                    // `Error.Message` when the body's key is not the member's name.
                    if let Value::Object(fields) = &mut members {
                        fields.retain(|(name, value)| {
                            !(name.eq_ignore_ascii_case("message")
                                && expected_members.get(name).is_none()
                                && value.as_str() == message.as_deref())
                        });
                    }
                    if let Err(at) = same(&members, &expected_members) {
                        failures.push(format!(
                            "error members differ at {at}:\n  parsed   {}\n  botocore {}",
                            json::to_string(&members),
                            json::to_string(&expected_members)
                        ));
                    }
                }
                None if expected_modeled => {
                    failures.push(format!(
                        "not recognized as the modeled error {expected_code}"
                    ));
                }
                None => {}
            }
        }
        (parsed, _, _) => failures.push(format!("parsed {parsed:?}, botocore the other outcome")),
    }
    report(failures)
}

/// Takes out of `parsed` the members botocore leaves out and the client filled with their
/// type's default: a required member the response left out or set to null is corrected
/// that way, as the official SDKs correct it (docs/DESIGN.md, "Error correction").
fn without_corrections(parsed: &mut Value, expected: &Value) {
    match (parsed, expected) {
        (Value::Object(members), Value::Object(_)) => {
            members.retain(|(name, value)| expected.get(name).is_some() || !is_default(value));
            for (name, value) in members.iter_mut() {
                if let Some(expected) = expected.get(name) {
                    without_corrections(value, expected);
                }
            }
        }
        (Value::Array(items), Value::Array(expected)) if items.len() == expected.len() => {
            for (item, expected) in items.iter_mut().zip(expected) {
                without_corrections(item, expected);
            }
        }
        _ => {}
    }
}

/// Zero, false, empty, the epoch, or a structure of nothing but such values.
fn is_default(value: &Value) -> bool {
    match value {
        Value::Null | Value::Bool(false) => true,
        Value::Number(number) => number.as_f64() == 0.0,
        Value::String(text) => text.is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Object(members) => members.iter().all(|(_, value)| is_default(value)),
        _ => false,
    }
}

/// A difference between what was sent and what botocore sent, if any.
fn differs(what: &str, sent: &str, expected: &str) -> Option<String> {
    (sent != expected).then(|| format!("{what}: sent {sent:?}, botocore {expected:?}"))
}

fn report(failures: Vec<String>) -> Result<(), String> {
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}

fn object(value: &Value) -> &[(String, Value)] {
    match value {
        Value::Object(members) => members,
        _ => &[],
    }
}

/// The lower-case hyphenated form of a version 4 UUID, as Python writes it.
fn is_uuid_v4(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
        && groups[2].starts_with('4')
        && groups[3].starts_with(['8', '9', 'a', 'b'])
}

/// `AKIDEXAMPLE/20260102/us-east-1/dynamodb/aws4_request` of an `Authorization` header.
fn credential(authorization: &str) -> &str {
    authorization
        .split("Credential=")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .unwrap_or_default()
}

fn signed_headers(authorization: &str) -> &str {
    authorization
        .split("SignedHeaders=")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .unwrap_or_default()
}

include!(concat!(env!("OUT_DIR"), "/wire_service_cases.rs"));

/// The signer, given botocore's exact request (method, URL, the headers botocore signed,
/// body bytes), produces botocore's `Authorization` byte for byte, for every request case of
/// every service.
#[test]
fn signer_reproduces_botocore_signatures_for_every_service() {
    let signer = Signer::new();
    for service in [
        &services::cloudformation::SERVICE,
        &services::connectcases::SERVICE,
        &services::datazone::SERVICE,
        &services::dynamodb::SERVICE,
        &services::ec2::SERVICE,
        &services::iam::SERVICE,
        &services::iot_data::SERVICE,
        &services::kinesis::SERVICE,
        &services::kms::SERVICE,
        &services::mediastore_data::SERVICE,
        &services::secretsmanager::SERVICE,
        &services::route53::SERVICE,
        &services::sns::SERVICE,
        &services::sqs::SERVICE,
        &services::ssm::SERVICE,
        &services::sts::SERVICE,
    ] {
        let cases = cases(service.name, "requests");
        assert!(!cases.is_empty(), "{} has request cases", service.name);
        for case in cases {
            let expected = &case.get("request").expect("a request");
            if expected
                .get("authorization")
                .and_then(Value::as_str)
                .is_none()
            {
                // Sent unsigned, as botocore sends STS's AssumeRoleWithWebIdentity.
                continue;
            }
            let headers_signed = signed_headers(text(expected, "authorization"));
            let mut headers = Headers::new();
            for (name, value) in object(expected.get("headers").expect("headers")) {
                let lower = name.to_ascii_lowercase();
                if headers_signed.split(';').any(|h| h == lower)
                    && lower != "x-amz-date"
                    && lower != "x-amz-security-token"
                {
                    headers.append(name.as_str(), value.as_str().unwrap_or_default());
                }
            }
            let mut request = HttpRequest {
                method: text(expected, "method").to_owned(),
                url: Url::parse(text(expected, "url")).expect("botocore's URL parses"),
                headers,
                body: text(expected, "body").as_bytes().into(),
            };
            let scope: Vec<&str> = credential(text(expected, "authorization"))
                .split('/')
                .collect();
            signer.sign(
                &mut request,
                &reference_credentials(session_token(expected)),
                scope[2],
                scope[3],
                reference_time(),
            );
            assert_eq!(
                request.headers.get("Authorization"),
                Some(text(expected, "authorization")),
                "{} {}",
                service.name,
                text(case, "name")
            );
        }
    }
}
