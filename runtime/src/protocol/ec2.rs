//! The ec2Query protocol's error convention; requests and responses are the query
//! protocols' (see [`super::query`]).

use crate::error::ErrorMetadata;
use crate::http::HttpResponse;

use super::query::xml_error_metadata;

/// Code, message and request id of an ec2Query error response, where botocore's
/// `EC2QueryParser` finds them: `<Response><Errors><Error><Code>` and `<Message>`, and the
/// `<RequestID>` (so spelled) beside the `<Errors>`; otherwise as awsQuery's.
pub fn error_metadata(response: &HttpResponse) -> ErrorMetadata {
    xml_error_metadata(response, "RequestID")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ec2_errors_nest_in_errors() {
        let response = HttpResponse::new(
            400,
            "<Response><Errors><Error><Code>InvalidInstanceID.Malformed</Code>\
             <Message>Invalid id</Message></Error></Errors><RequestID>r-1</RequestID></Response>",
        );
        let meta = error_metadata(&response);
        assert_eq!(meta.code(), "InvalidInstanceID.Malformed");
        assert_eq!(meta.message(), Some("Invalid id"));
        assert_eq!(meta.request_id(), Some("r-1"));
    }
}
