//! The rest-json protocol's body and error conventions.

use crate::error::{DeserializeError, ErrorMetadata};
use crate::http::HttpResponse;
use crate::json::{self, ReadJson, Value};

/// A structure bound to the whole body; an empty body is an absent payload.
pub fn payload<T: ReadJson>(response: &HttpResponse) -> Result<Option<T>, DeserializeError> {
    if is_empty(&response.body) {
        return Ok(None);
    }
    Ok(json::read_body(&response.body)?)
}

fn is_empty(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

/// Code, message and request id of an error response, found where botocore looks for them:
/// the code in the `x-amzn-errortype` header, else the body's `code`/`Code`, else `__type`,
/// else the HTTP status; the namespace before `#` and anything after `:` dropped. The
/// message is the body's `message` or `Message`; a body that is not JSON becomes the
/// message. Never fails: an unreadable error response is still an error response.
pub fn error_metadata(response: &HttpResponse) -> ErrorMetadata {
    json_error_metadata(response, CodeSources::Rest)
}

/// Where a JSON protocol finds an error's code.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum CodeSources {
    /// `x-amzn-errortype`, then the body's `code`, `Code` and `__type` (restJson1).
    Rest,
    /// The body's `__type` alone (awsJson).
    TypeOnly,
}

/// The error metadata of a JSON error response, the code looked for in `sources`.
pub(crate) fn json_error_metadata(response: &HttpResponse, sources: CodeSources) -> ErrorMetadata {
    let rest = sources == CodeSources::Rest;
    let body = error_body(response);
    let body_string = |key: &str| {
        // The last of duplicate keys wins, as in Python's json module.
        body.iter()
            .rev()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| match v {
                Value::String(s) => Some(s.as_str()),
                _ => None,
            })
    };
    let status = response.status;
    let generic = generic_error(response);
    // A code header means the service itself answered, whatever the body.
    let generic = generic.filter(|_| !(rest && response.headers.contains("x-amzn-errortype")));
    let code = if rest {
        response
            .headers
            .get("x-amzn-errortype")
            .or_else(|| body_string("code"))
            .or_else(|| body_string("Code"))
            .or_else(|| body_string("__type"))
    } else {
        body_string("__type")
    };
    let code = code
        .map(sanitize_error_code)
        .unwrap_or_else(|| status.to_string());
    let message = match generic {
        Some(reason) => Some(reason.to_owned()),
        None => body_string("message")
            .or_else(|| body_string("Message"))
            .map(str::to_owned),
    };
    let mut meta = ErrorMetadata::new(code, status);
    if let Some(message) = message.filter(|m| !m.is_empty()) {
        meta = meta.with_message(message);
    }
    if let Some(request_id) = response.headers.get("x-amzn-requestid") {
        meta = meta.with_request_id(request_id);
    }
    meta
}

fn error_body(response: &HttpResponse) -> Vec<(String, Value)> {
    if response.body.is_empty() || generic_error(response).is_some() {
        return Vec::new();
    }
    match json::parse(&response.body).and_then(Value::into_object) {
        Ok(members) => members,
        Err(_) => vec![(
            "message".to_owned(),
            Value::String(String::from_utf8_lossy(&response.body).into_owned()),
        )],
    }
}

/// A 5xx response with an empty or HTML body comes from a proxy or load balancer, not the
/// service: botocore then reports the status as the code and the reason phrase as the
/// message.
pub(crate) fn generic_error(response: &HttpResponse) -> Option<&'static str> {
    let body = response.body.trim_ascii();
    (response.status >= 500 && (body.is_empty() || body.starts_with(b"<html>")))
        .then(|| reason_phrase(response.status))
}

fn sanitize_error_code(code: &str) -> String {
    let code = code.split(':').next().unwrap_or(code);
    code.rsplit('#').next().unwrap_or(code).to_owned()
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_header_wins_and_is_sanitized() {
        let response = HttpResponse::new(400, r#"{"__type": "Other", "message": "m"}"#)
            .with_header(
                "x-amzn-errortype",
                "BadRequestException:http://internal.amazon.com/",
            );
        let meta = error_metadata(&response);
        assert_eq!(meta.code(), "BadRequestException");
        assert_eq!(meta.message(), Some("m"));
    }

    #[test]
    fn namespaced_type_loses_its_namespace() {
        let response = HttpResponse::new(
            429,
            r#"{"__type": "com.amazonaws.amplify#LimitExceededException", "Message": "slow"}"#,
        );
        let meta = error_metadata(&response);
        assert_eq!(meta.code(), "LimitExceededException");
        assert_eq!(meta.message(), Some("slow"));
    }

    #[test]
    fn last_duplicate_key_wins_like_botocore() {
        let meta = error_metadata(&HttpResponse::new(
            400,
            r#"{"message": "a", "message": "b"}"#,
        ));
        assert_eq!(meta.message(), Some("b"));
    }

    #[test]
    fn unparseable_body_becomes_the_message() {
        let meta = error_metadata(&HttpResponse::new(400, "{not json"));
        assert_eq!(meta.code(), "400");
        assert_eq!(meta.message(), Some("{not json"));
    }

    #[test]
    fn empty_5xx_is_a_generic_error() {
        let meta =
            error_metadata(&HttpResponse::new(503, "").with_header("x-amzn-RequestId", "req-1"));
        assert_eq!(meta.code(), "503");
        assert_eq!(meta.message(), Some("Service Unavailable"));
        assert_eq!(meta.request_id(), Some("req-1"));
    }
}
