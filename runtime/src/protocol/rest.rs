//! What the REST protocols (rest-json, rest-xml) share: URI labels, query strings and
//! header values, encoded as botocore encodes them.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Display;

use crate::encoding::{is_unreserved, percent_encode, percent_encode_greedy};
use crate::error::DeserializeError;
use crate::http::HttpResponse;

/// A URI label: every byte but the unreserved ones is percent-encoded, `/` included, so an
/// ARN stays one path segment.
///
/// Borrowed when nothing needs encoding, as with most identifiers.
pub fn label(value: &str) -> Cow<'_, str> {
    if value.bytes().all(is_unreserved) {
        Cow::Borrowed(value)
    } else {
        Cow::Owned(percent_encode(value))
    }
}

/// A greedy URI label (`{Key+}`): `/` separates segments and is kept.
pub fn greedy_label(value: &str) -> Cow<'_, str> {
    if value.bytes().all(|b| b == b'/' || is_unreserved(b)) {
        Cow::Borrowed(value)
    } else {
        Cow::Owned(percent_encode_greedy(value))
    }
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
        // An empty query has no pairs (not one empty one): a map entry with an empty key
        // goes in as `=value`, as botocore sends it.
        if self.0.is_empty() {
            return false;
        }
        let encoded = percent_encode(key);
        self.0
            .split('&')
            .any(|pair| pair.split('=').next() == Some(encoded.as_str()))
    }

    pub fn finish(self) -> String {
        self.0
    }
}

/// A float as text in a URI, query string or header: the special values by the names JSON
/// uses for them (`NaN`, `Infinity`, `-Infinity`).
pub fn float(value: f64) -> String {
    if value.is_nan() {
        "NaN".to_owned()
    } else if value.is_infinite() {
        if value > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else {
        value.to_string()
    }
}

/// An `f32` as text: its shortest decimal form (`1.1`, not `1.100000023841858`).
pub fn float32(value: f32) -> String {
    if value.is_finite() {
        value.to_string()
    } else {
        float(f64::from(value))
    }
}

/// A list header's value: the items joined by `, `. A string item that holds a comma or a
/// double quote is quoted, with its quotes and backslashes escaped, so the list splits back
/// into the same items.
pub fn header_list<S: AsRef<str>>(items: impl IntoIterator<Item = S>, quote_items: bool) -> String {
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let item = item.as_ref();
        if quote_items && item.contains([',', '"']) {
            out.push('"');
            for c in item.chars() {
                if c == '"' || c == '\\' {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('"');
        } else {
            out.push_str(item);
        }
    }
    out
}

/// Splits a list header's value into its items: at commas outside double quotes, trimmed,
/// quoted items unquoted and unescaped. The HTTP dates of a timestamp list hold a comma
/// each, so there every second comma separates items.
pub fn split_header_list(value: &str, http_dates: bool) -> Vec<String> {
    let mut items = Vec::new();
    let mut item = String::new();
    let mut quoted = false;
    let mut in_quotes = false;
    let mut escaped = false;
    let mut commas = 0;
    for c in value.chars() {
        if in_quotes {
            match (escaped, c) {
                (false, '\\') => escaped = true,
                (false, '"') => in_quotes = false,
                _ => {
                    item.push(c);
                    escaped = false;
                }
            }
            continue;
        }
        match c {
            '"' if item.trim().is_empty() => {
                item.clear();
                quoted = true;
                in_quotes = true;
            }
            ',' => {
                commas += 1;
                if http_dates && commas % 2 == 1 {
                    item.push(c);
                    continue;
                }
                items.push(finish_item(&mut item, quoted));
                quoted = false;
            }
            _ => item.push(c),
        }
    }
    if !item.trim().is_empty() || quoted || !items.is_empty() {
        items.push(finish_item(&mut item, quoted));
    }
    items
}

fn finish_item(item: &mut String, quoted: bool) -> String {
    let text = if quoted {
        item.clone()
    } else {
        item.trim().to_owned()
    };
    item.clear();
    text
}

/// A list header's items parsed with `parse`, naming the header when one does not parse.
pub fn parse_header_list<T, E: Display>(
    response: &HttpResponse,
    name: &str,
    http_dates: bool,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Result<Option<Vec<T>>, DeserializeError> {
    header(response, name)
        .map(|value| {
            split_header_list(value, http_dates)
                .iter()
                .map(|item| {
                    parse(item).map_err(|error| {
                        DeserializeError::new(format!(
                            "header `{name}` has an item that does not parse: `{item}` ({error})"
                        ))
                    })
                })
                .collect()
        })
        .transpose()
}

/// Parses one header item as a number or boolean.
pub fn parse_item<T: std::str::FromStr>(item: &str) -> Result<T, &'static str> {
    item.parse().map_err(|_| "not a value of the member's type")
}

/// Parses one header item as a float, accepting `NaN`, `Infinity` and `-Infinity`.
pub fn parse_float_item(item: &str) -> Result<f64, &'static str> {
    match item {
        "NaN" => Ok(f64::NAN),
        "Infinity" => Ok(f64::INFINITY),
        "-Infinity" => Ok(f64::NEG_INFINITY),
        _ => item.parse().map_err(|_| "not a number"),
    }
}

/// A header that carries text base64-encoded (a string the model marks as JSON).
pub fn base64_text(value: &str) -> Result<String, &'static str> {
    let bytes = crate::encoding::base64_decode(value).map_err(|_| "not base64")?;
    String::from_utf8(bytes).map_err(|_| "not UTF-8 once decoded")
}

/// The value of a response header the model binds to an output member.
pub fn header<'a>(response: &'a HttpResponse, name: &str) -> Option<&'a str> {
    response.headers.get(name)
}

/// Parses a header value with `parse` (such as [`parse_item`]), naming the header when it
/// does not parse.
pub fn parse_header<T, E: Display>(
    response: &HttpResponse,
    name: &str,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Result<Option<T>, DeserializeError> {
    header(response, name)
        .map(|value| {
            parse(value.trim()).map_err(|error| {
                DeserializeError::new(format!(
                    "header `{name}` has a value that does not parse: `{value}` ({error})"
                ))
            })
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

#[cfg(test)]
mod tests {
    use super::*;

    /// botocore 1.44.5 serializes API Gateway's `GetSdk` with `parameters={"": "v", "b": "w"}`
    /// to the query `=v&b=w`: an empty key is a key like any other.
    #[test]
    fn a_map_entry_with_an_empty_key_is_sent() {
        let mut query = Query::new();
        for (key, value) in [("", "v"), ("b", "w")] {
            if !query.contains_key(key) {
                query.push(key, value);
            }
        }
        assert_eq!(query.finish(), "=v&b=w");
    }

    #[test]
    fn keys_the_template_fixes_are_found() {
        let query = Query::from_literal("versions&x=1");
        assert!(query.contains_key("versions"));
        assert!(query.contains_key("x"));
        assert!(!query.contains_key(""));
        assert!(!query.contains_key("y"));
    }
}
