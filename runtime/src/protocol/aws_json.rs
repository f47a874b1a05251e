//! The awsJson 1.0 and 1.1 protocols' error conventions; bodies are the JSON codec's.

use crate::error::ErrorMetadata;
use crate::http::HttpResponse;

use super::rest_json::{CodeSources, json_error_metadata};

/// Code, message and request id of an error response, found where botocore's JSON parser
/// looks for them: the code in the body's `__type` (namespace before `#` and anything after
/// `:` dropped), else the HTTP status; a service that moved from awsQuery names its query
/// error code first in `x-amzn-query-error: <code>;<type>`, which then wins, and is what
/// its modeled errors are named by. The message is the body's `message` or `Message`.
pub fn error_metadata(response: &HttpResponse) -> ErrorMetadata {
    let meta = json_error_metadata(response, CodeSources::TypeOnly);
    match query_error_code(response) {
        Some(code) => meta.with_reported_code(code).matching_reported_code(),
        None => meta,
    }
}

/// As [`error_metadata`], for SQS: it moved from awsQuery before its model could say which
/// query code names which error, so it reports the query code but its errors are modeled
/// under their shape names, the `__type` (botocore's `_handle_sqs_compatible_error`).
pub fn error_metadata_by_shape_name(response: &HttpResponse) -> ErrorMetadata {
    let meta = json_error_metadata(response, CodeSources::TypeOnly);
    match query_error_code(response) {
        Some(code) => meta.with_reported_code(code),
        None => meta,
    }
}

/// The code of `x-amzn-query-error: <code>;<type>`, when the header has both parts and the
/// code is not empty.
fn query_error_code(response: &HttpResponse) -> Option<&str> {
    let header = response.headers.get("x-amzn-query-error")?;
    match header.split(';').collect::<Vec<_>>().as_slice() {
        [code, _error_type] if !code.is_empty() => Some(code),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_from_type_only() {
        let response = HttpResponse::new(
            400,
            r#"{"__type": "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", "code": "Other", "message": "m"}"#,
        )
        .with_header("x-amzn-errortype", "Ignored");
        let meta = error_metadata(&response);
        assert_eq!(meta.code(), "ResourceNotFoundException");
        assert_eq!(meta.message(), Some("m"));
    }

    #[test]
    fn query_error_header_wins() {
        let response =
            HttpResponse::new(400, r#"{"__type": "com.amazonaws.sqs#QueueDoesNotExist"}"#)
                .with_header(
                    "x-amzn-query-error",
                    "AWS.SimpleQueueService.NonExistentQueue;Sender",
                );
        let meta = error_metadata(&response);
        assert_eq!(meta.code(), "AWS.SimpleQueueService.NonExistentQueue");
        assert_eq!(
            meta.modeled_code(),
            "AWS.SimpleQueueService.NonExistentQueue"
        );
        let sqs = error_metadata_by_shape_name(&response);
        assert_eq!(sqs.code(), "AWS.SimpleQueueService.NonExistentQueue");
        assert_eq!(sqs.modeled_code(), "QueueDoesNotExist");
        let malformed = HttpResponse::new(400, r#"{"__type": "QueueDoesNotExist"}"#)
            .with_header("x-amzn-query-error", ";Sender");
        assert_eq!(error_metadata(&malformed).code(), "QueueDoesNotExist");
    }
}
