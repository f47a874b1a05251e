//! Presigned requests: a call signed in its URL's query, which anyone holding the URL can
//! make without credentials until it expires, as botocore's `generate_presigned_url` makes
//! them when it signs with SigV4.
//!
//! The client ([`ClientCore::presign`](crate::client::ClientCore::presign)) resolves,
//! validates and serializes the call as it would send it, without the headers only a sent
//! call gets (checksums, retry and tracing headers, `Expect`); this module holds what
//! differs: where S3 puts a presigned bucket, how a body's parameters move into the query,
//! and the result. S3's presigned POST forms are in [`post`].

pub mod post;

use std::fmt;
use std::time::Duration;

use crate::endpoint::{AddressingStyle, BuiltIns, EndpointError, partition};
use crate::error::ValidationError;
use crate::http::{Headers, HttpRequest, Url};
use crate::json::{self, Number, Value};

/// SigV4 accepts an expiry of at most seven days.
pub const MAX_EXPIRY: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// A request signed in its URL: send `method` to `url` with `headers`, and no credentials.
///
/// The URL is a credential until it expires (it holds the signature and, with temporary
/// credentials, the session token), so `Debug` shows where it goes but not its query.
#[derive(Clone, PartialEq, Eq)]
pub struct PresignedRequest {
    method: String,
    url: Url,
    headers: Headers,
}

impl PresignedRequest {
    pub(crate) fn new(request: HttpRequest) -> Self {
        let mut headers = request.headers;
        // The sender's HTTP client writes `Host` from the URL.
        headers.remove("Host");
        Self {
            method: request.method,
            url: request.url,
            headers,
        }
    }

    /// The HTTP method the URL is signed for.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The URL, signature included.
    pub fn url(&self) -> String {
        self.url.to_string()
    }

    /// The headers the signature covers besides `Host`, which the request must carry as
    /// they are (none, for most presigned `GET`s).
    pub fn headers(&self) -> &Headers {
        &self.headers
    }
}

impl fmt::Debug for PresignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = &self.url;
        f.debug_struct("PresignedRequest")
            .field("method", &self.method)
            .field(
                "url",
                &format_args!(
                    "{}://{}{}?…",
                    url.scheme.as_str(),
                    url.authority(),
                    url.path
                ),
            )
            .field(
                "headers",
                &self
                    .headers
                    .iter()
                    .map(|(name, _)| name)
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// Why a call could not be presigned; nothing of it is sent either way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PresignError {
    /// The input broke a rule of the model, the expiry is out of range, or the request
    /// has a body a URL cannot carry (a stream, bytes that are neither a form nor a flat
    /// JSON object).
    Validation(ValidationError),
    /// The service's endpoint rules refused the configuration.
    Endpoint(EndpointError),
}

impl fmt::Display for PresignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Validation(error) => write!(f, "cannot presign the call: {error}"),
            Self::Endpoint(error) => write!(f, "cannot presign the call: {error}"),
        }
    }
}

impl std::error::Error for PresignError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Validation(error) => Some(error),
            Self::Endpoint(error) => Some(error),
        }
    }
}

/// botocore's `_should_use_global_endpoint` and `customize_endpoint_resolver_builtins`: an
/// S3 URL is presigned for the global endpoint (`bucket.s3.amazonaws.com`, whatever the
/// client's region) when the client is in the `aws` partition with neither dual-stack, a
/// regional `us-east-1`, nor virtual addressing asked for, and the bucket could be a host
/// name (a valid host label, not an ARN or a directory bucket) not sent path-style
/// (`GetBucketLocation` always is). Answers the built-ins to resolve with.
pub fn s3_built_ins<'a>(
    built_ins: &BuiltIns<'a>,
    operation: &str,
    bucket: Option<&str>,
) -> BuiltIns<'a> {
    let settings = &built_ins.s3;
    let client_allows = partition(built_ins.region).name == "aws"
        // botocore asks the `s3` settings alone, not the client's general dual-stack one.
        && settings.use_dualstack_endpoint != Some(true)
        && !(settings.us_east_1_regional_endpoint && built_ins.region == "us-east-1")
        && settings.addressing_style != AddressingStyle::Virtual;
    let path_style = operation == "GetBucketLocation" || built_ins.s3_force_path_style();
    let bucket_allows = bucket.is_none_or(|bucket| {
        is_host_label(bucket) && !bucket.starts_with("arn:") && !bucket.ends_with("--x-s3")
    });
    let mut built_ins = *built_ins;
    if client_allows && !path_style && bucket_allows {
        built_ins.region = "aws-global";
    }
    built_ins
}

/// botocore's `VALID_HOST_LABEL_RE`: 1 to 63 letters, digits and hyphens, with no hyphen
/// at either end.
fn is_host_label(text: &str) -> bool {
    (1..=63).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !text.starts_with('-')
        && !text.ends_with('-')
}

/// botocore's `_get_body_as_dict`: the members of a JSON body (Polly's
/// `SynthesizeSpeech`) as query parameters, written as Python's `str` writes them (`True`,
/// `None`), a list as one parameter per element. A body that is not a JSON object of such
/// values cannot be carried in a URL, and is refused.
pub fn json_body_params(body: &[u8]) -> Result<Vec<(String, String)>, String> {
    let Ok(Value::Object(members)) = json::parse(body) else {
        return Err("its request body is not a JSON object".to_owned());
    };
    let mut params = Vec::new();
    for (name, value) in members {
        match value {
            Value::Array(items) => {
                for item in &items {
                    params.push((name.clone(), python_text(&name, item)?));
                }
            }
            value => {
                let text = python_text(&name, &value)?;
                params.push((name, text));
            }
        }
    }
    Ok(params)
}

fn python_text(name: &str, value: &Value) -> Result<String, String> {
    Ok(match value {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Number(Number::Int(n)) => n.to_string(),
        Value::String(text) => text.clone(),
        other => {
            return Err(format!(
                "its body member `{name}` is {}, which a URL cannot carry",
                other.kind()
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::S3Settings;

    fn built_ins(region: &str, s3: S3Settings) -> BuiltIns<'_> {
        BuiltIns {
            region,
            use_fips: false,
            use_dual_stack: false,
            endpoint: None,
            account_id_endpoint_mode: Default::default(),
            s3,
        }
    }

    #[test]
    fn buckets_that_can_be_hosts_go_to_the_global_endpoint() {
        let plain = built_ins("us-west-2", S3Settings::default());
        let region = |operation, bucket| s3_built_ins(&plain, operation, bucket).region;
        assert_eq!(
            region("GetObject", Some("amzn-s3-demo-bucket")),
            "aws-global"
        );
        assert_eq!(region("GetObject", Some("with.dots")), "us-west-2");
        assert_eq!(
            region("GetObject", Some("arn:aws:s3:us-west-2:1:accesspoint/a")),
            "us-west-2"
        );
        assert_eq!(region("GetObject", Some("b--usw2-az1--x-s3")), "us-west-2");
        assert_eq!(region("GetBucketLocation", Some("bucket")), "us-west-2");
        let virtual_style = built_ins(
            "us-west-2",
            S3Settings {
                addressing_style: AddressingStyle::Virtual,
                ..S3Settings::default()
            },
        );
        assert_eq!(
            s3_built_ins(&virtual_style, "GetObject", Some("b")).region,
            "us-west-2"
        );
        let china = built_ins("cn-north-1", S3Settings::default());
        assert_eq!(
            s3_built_ins(&china, "GetObject", Some("b")).region,
            "cn-north-1"
        );
    }

    #[test]
    fn json_members_become_parameters_as_python_writes_them() {
        let body =
            br#"{"Text":"Hi there","SampleRate":"22050","Flag":true,"Names":["a","b"],"N":3}"#;
        let params = json_body_params(body).unwrap();
        let pairs: Vec<(&str, &str)> = params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("Text", "Hi there"),
                ("SampleRate", "22050"),
                ("Flag", "True"),
                ("Names", "a"),
                ("Names", "b"),
                ("N", "3")
            ]
        );
        assert!(json_body_params(br#"{"Nested":{"a":1}}"#).is_err());
        assert!(json_body_params(b"\x00binary").is_err());
    }

    #[test]
    fn debug_hides_the_query() {
        let request = HttpRequest {
            method: "GET".to_owned(),
            url: Url::parse("https://b.s3.amazonaws.com/k?X-Amz-Signature=abc").unwrap(),
            headers: Headers::new(),
            body: Default::default(),
        };
        let debug = format!("{:?}", PresignedRequest::new(request));
        assert!(!debug.contains("abc"), "{debug}");
        assert!(debug.contains("https://b.s3.amazonaws.com/k"), "{debug}");
    }
}
