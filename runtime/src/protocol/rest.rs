//! What the REST protocols (rest-json, rest-xml) share: URI labels, query strings and
//! header values, encoded as botocore encodes them.

use std::collections::HashMap;
use std::fmt::Display;

use crate::encoding::{percent_encode, percent_encode_greedy};
use crate::error::DeserializeError;
use crate::http::HttpResponse;
use crate::time::{DateTime, TimestampFormat};

/// A URI label: every byte but the unreserved ones is percent-encoded, `/` included, so an
/// ARN stays one path segment.
pub fn label(value: &str) -> String {
    percent_encode(value)
}

/// A greedy URI label (`{Key+}`): `/` separates segments and is kept.
pub fn greedy_label(value: &str) -> String {
    percent_encode_greedy(value)
}

/// A query string under construction, in the order members are added.
#[derive(Debug, Default)]
pub struct Query(String);

impl Query {
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts from the literal query of a request URI template such as `/things?versions`.
    pub fn from_literal(literal: &str) -> Self {
        Self(literal.to_owned())
    }

    pub fn push(&mut self, key: &str, value: impl Display) {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        self.0.push_str(&percent_encode(key));
        self.0.push('=');
        self.0.push_str(&percent_encode(&value.to_string()));
    }

    /// A query-string member the user may not override: a key the template already fixes
    /// wins over a map entry of the same name, as in botocore.
    pub fn contains_key(&self, key: &str) -> bool {
        let encoded = percent_encode(key);
        self.0
            .split('&')
            .any(|pair| pair.split('=').next() == Some(encoded.as_str()))
    }

    pub fn finish(self) -> String {
        self.0
    }
}

/// The value of a response header the model binds to an output member.
pub fn header<'a>(response: &'a HttpResponse, name: &str) -> Option<&'a str> {
    response.headers.get(name)
}

/// Parses a header value with `FromStr`, naming the header when it does not parse.
pub fn parse_header<T>(response: &HttpResponse, name: &str) -> Result<Option<T>, DeserializeError>
where
    T: std::str::FromStr,
{
    header(response, name)
        .map(|value| {
            value.trim().parse().map_err(|_| {
                DeserializeError::new(format!(
                    "header `{name}` has a value that does not parse: `{value}`"
                ))
            })
        })
        .transpose()
}

/// A timestamp header in the member's format.
pub fn parse_timestamp_header(
    response: &HttpResponse,
    name: &str,
    format: TimestampFormat,
) -> Result<Option<DateTime>, DeserializeError> {
    header(response, name)
        .map(|value| {
            format
                .parse(value.trim())
                .map_err(|error| DeserializeError::new(format!("header `{name}`: {error}")))
        })
        .transpose()
}

/// The headers that start with `prefix` (compared case-insensitively), keyed by the rest of
/// their name.
pub fn prefix_headers(response: &HttpResponse, prefix: &str) -> HashMap<String, String> {
    response
        .headers
        .iter()
        .filter(|(name, _)| {
            name.len() >= prefix.len() && name[..prefix.len()].eq_ignore_ascii_case(prefix)
        })
        .map(|(name, value)| (name[prefix.len()..].to_owned(), value.to_owned()))
        .collect()
}
