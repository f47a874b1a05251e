//! The restXml protocol's error convention; bodies are the XML codec's, bindings the REST
//! protocols' (see [`super::rest`]).

use crate::error::ErrorMetadata;
use crate::http::HttpResponse;

use super::query::{error_from_parts, read_error, status_error};

/// Code, message and request id of a restXml error response, where botocore's
/// `RestXMLParser` finds them: `<Error><Code>` and `<Message>` (S3's bare `<Error>`, or
/// inside `<ErrorResponse>`), the request id in the `x-amzn-requestid` or
/// `x-amz-request-id` header or the body's `<RequestId>`. A body that is empty or not XML
/// says nothing: the status is the code and its reason phrase the message.
pub fn error_metadata(response: &HttpResponse) -> ErrorMetadata {
    match read_error(&response.body, "RequestId") {
        Ok(found) if !response.body.trim_ascii().is_empty() => error_from_parts(response, found),
        _ => status_error(response, reason_phrase(response.status)),
    }
}

/// Python's `http.client.responses`, for the statuses AWS answers with.
fn reason_phrase(status: u16) -> &'static str {
    match status {
        301 => "Moved Permanently",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Request Entity Too Large",
        416 => "Requested Range Not Satisfiable",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_come_from_the_error_element_or_the_status() {
        let s3 = HttpResponse::new(
            404,
            "<Error><Code>NoSuchKey</Code><Message>gone</Message><RequestId>r</RequestId></Error>",
        );
        let meta = error_metadata(&s3);
        assert_eq!(meta.code(), "NoSuchKey");
        assert_eq!(meta.message(), Some("gone"));
        assert_eq!(meta.request_id(), Some("r"));
        let route53 = HttpResponse::new(
            400,
            "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidInput</Code>\
             <Message>m</Message></Error><RequestId>q</RequestId></ErrorResponse>",
        );
        assert_eq!(error_metadata(&route53).code(), "InvalidInput");
        assert_eq!(error_metadata(&route53).request_id(), Some("q"));
        let empty = HttpResponse::new(404, "").with_header("x-amz-request-id", "h");
        let meta = error_metadata(&empty);
        assert_eq!(meta.code(), "404");
        assert_eq!(meta.message(), Some("Not Found"));
        assert_eq!(meta.request_id(), Some("h"));
        assert_eq!(
            error_metadata(&HttpResponse::new(400, "<html>")).code(),
            "400"
        );
    }
}
