//! The HTTP request and response types that flow between generated code, the signer and a
//! [`Transport`](crate::transport::Transport).
//!
//! They are deliberately plain data (owned strings and byte vectors) so that a transport, a
//! test or a user's own middleware can build, inspect and compare them without a framework.

use std::borrow::Cow;
use std::fmt;

use crate::body::RequestBody;

/// A header name: most are fixed strings of the protocol or the model, which need no copy.
pub type HeaderName = Cow<'static, str>;

/// An ordered list of header fields. Names compare case-insensitively; order of insertion is
/// kept because it is what a reader of a recorded request expects to see.
///
/// `Debug` shows every name, and every value but those of headers that carry a secret
/// ([`is_secret_header`]).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Headers(Vec<(HeaderName, String)>);

/// Whether a header's value is a secret that `Debug` must not show: the signature, session
/// tokens, S3's customer keys, cookies, and any header whose name says it holds a token, a
/// secret or a password (as the sensitive header members of SSO and others do).
pub fn is_secret_header(name: &str) -> bool {
    const SECRET: [&str; 6] = [
        "authorization",
        "proxy-authorization",
        "x-amz-server-side-encryption-customer-key",
        "x-amz-copy-source-server-side-encryption-customer-key",
        "cookie",
        "set-cookie",
    ];
    let lower = name.to_ascii_lowercase();
    SECRET.contains(&lower.as_str())
        || ["token", "secret", "password"]
            .iter()
            .any(|word| lower.contains(word))
}

/// A query parameter whose value `Debug` must not show: a presigned URL's signature and
/// session token.
fn is_secret_query_parameter(name: &str) -> bool {
    name.eq_ignore_ascii_case("X-Amz-Signature")
        || name.eq_ignore_ascii_case("X-Amz-Security-Token")
}

/// What `Debug` writes in place of a secret.
const REDACTED: &str = "***";

impl fmt::Debug for Headers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(name, value)| {
                let value = if is_secret_header(name) {
                    REDACTED
                } else {
                    value.as_str()
                };
                (name.as_ref(), value)
            }))
            .finish()
    }
}

impl Headers {
    pub fn new() -> Self {
        Self(Vec::new())
    }

    /// A list with room for `capacity` fields.
    pub fn with_capacity(capacity: usize) -> Self {
        Self(Vec::with_capacity(capacity))
    }

    /// Makes room for `additional` more fields.
    pub fn reserve(&mut self, additional: usize) {
        self.0.reserve(additional);
    }

    /// The first value of the header `name`, compared case-insensitively.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Appends a field, keeping any earlier field of the same name.
    pub fn append(&mut self, name: impl Into<HeaderName>, value: impl Into<String>) {
        self.0.push((name.into(), value.into()));
    }

    /// Replaces every field named `name` with one field holding `value`.
    pub fn insert(&mut self, name: impl Into<HeaderName>, value: impl Into<String>) {
        let name = name.into();
        self.remove(&name);
        self.0.push((name, value.into()));
    }

    pub fn remove(&mut self, name: &str) {
        // Looking is cheaper than `retain`'s pass, and most removals find nothing: the
        // signer and the retry loop clear each header they set before setting it.
        if self.contains(name) {
            self.0.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_ref(), v.as_str()))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<N: Into<HeaderName>, V: Into<String>> FromIterator<(N, V)> for Headers {
    fn from_iter<I: IntoIterator<Item = (N, V)>>(iter: I) -> Self {
        Self(
            iter.into_iter()
                .map(|(n, v)| (n.into(), v.into()))
                .collect(),
        )
    }
}

/// Where a request goes: scheme, host, optional port, and the already percent-encoded path
/// and query string.
///
/// `Debug` writes the URL with a presigned one's signature and session token left out;
/// `Display` writes it whole.
#[derive(Clone, PartialEq, Eq)]
pub struct Url {
    pub scheme: Scheme,
    pub host: String,
    pub port: Option<u16>,
    /// Percent-encoded, starts with `/`.
    pub path: String,
    /// Percent-encoded `k=v` pairs joined by `&`, without the leading `?`; empty when none.
    pub query: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    Http,
    Https,
}

impl Scheme {
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }

    pub fn default_port(self) -> u16 {
        match self {
            Scheme::Http => 80,
            Scheme::Https => 443,
        }
    }
}

impl Url {
    /// Parses an absolute `http` or `https` URL such as an endpoint override or a presigned
    /// upload URL. The path and query are kept exactly as given (already encoded).
    pub fn parse(text: &str) -> Result<Url, InvalidUrl> {
        let invalid = |why: &'static str| InvalidUrl {
            url: text.to_owned(),
            why,
        };
        let (scheme, rest) = if let Some(rest) = text.strip_prefix("https://") {
            (Scheme::Https, rest)
        } else if let Some(rest) = text.strip_prefix("http://") {
            (Scheme::Http, rest)
        } else {
            return Err(invalid("the scheme must be http:// or https://"));
        };
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, rest) = rest.split_at(authority_end);
        let rest = rest.split('#').next().unwrap_or("");
        // A colon after the closing bracket of an IPv6 literal (or anywhere, without one)
        // starts the port.
        let port_colon = authority
            .rfind(':')
            .filter(|&colon| authority.rfind(']').is_none_or(|bracket| colon > bracket));
        let (host, port) = match port_colon {
            Some(colon) => {
                let port = authority[colon + 1..]
                    .parse()
                    .map_err(|_| invalid("the port is not a number"))?;
                (&authority[..colon], Some(port))
            }
            None => (authority, None),
        };
        if host.is_empty() {
            return Err(invalid("the host is empty"));
        }
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        Ok(Url {
            scheme,
            host: host.to_owned(),
            port,
            path: if path.is_empty() {
                "/".to_owned()
            } else {
                path.to_owned()
            },
            query: query.to_owned(),
        })
    }

    /// The `Host` header value: the port is included only when it is not the scheme's default.
    pub fn authority(&self) -> String {
        match self.port {
            Some(port) if port != self.scheme.default_port() => format!("{}:{port}", self.host),
            _ => self.host.clone(),
        }
    }

    /// The request target sent on the request line: path plus `?query` when there is one.
    pub fn path_and_query(&self) -> String {
        if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query)
        }
    }
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}://{}{}",
            self.scheme.as_str(),
            self.authority(),
            self.path
        )?;
        if !self.query.is_empty() {
            write!(f, "?{}", self.query)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Url(\"{}://{}{}",
            self.scheme.as_str(),
            self.authority(),
            self.path
        )?;
        for (index, pair) in self.query.split('&').filter(|p| !p.is_empty()).enumerate() {
            f.write_str(if index == 0 { "?" } else { "&" })?;
            match pair.split_once('=') {
                Some((name, _)) if is_secret_query_parameter(name) => {
                    write!(f, "{name}={REDACTED}")?
                }
                _ => f.write_str(pair)?,
            }
        }
        f.write_str("\")")
    }
}

/// A URL that could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidUrl {
    pub url: String,
    pub why: &'static str,
}

impl fmt::Display for InvalidUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid URL `{}`: {}", self.url, self.why)
    }
}

impl std::error::Error for InvalidUrl {}

/// A request ready to be signed and sent.
///
/// `Debug` hides what is secret in it: the signature, session tokens and other secret
/// headers ([`Headers`]), a presigned URL's signature ([`Url`]) and the body, of which it
/// gives the length ([`RequestBody`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: String,
    pub url: Url,
    pub headers: Headers,
    pub body: RequestBody,
}

/// A complete response: the body has been read to its end.
///
/// `Debug` gives the body's length, not the body, which may hold secrets (STS's credentials,
/// Secrets Manager's values).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Headers,
    pub body: Vec<u8>,
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body_length", &self.body.len())
            .finish()
    }
}

impl HttpResponse {
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            // Room for a few headers, as nearly every response has them.
            headers: Headers::with_capacity(4),
            body: body.into(),
        }
    }

    pub fn with_header(mut self, name: impl Into<HeaderName>, value: impl Into<String>) -> Self {
        self.headers.append(name, value);
        self
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_signatures_tokens_keys_and_bodies() {
        let mut headers = Headers::new();
        headers.append(
            "Authorization",
            "AWS4-HMAC-SHA256 Credential=AKID/…, Signature=abc123",
        );
        headers.append("X-Amz-Security-Token", "SESSION-TOKEN");
        headers.append(
            "x-amz-server-side-encryption-customer-key",
            "Q1VTVE9NRVIta2V5",
        );
        headers.append("x-amz-sso_bearer_token", "BEARER");
        headers.append("Content-Type", "application/json");
        let request = HttpRequest {
            method: "GET".to_owned(),
            url: Url::parse(
                "https://b.s3.amazonaws.com/k?X-Amz-Credential=AKID&X-Amz-Signature=abc123\
                 &X-Amz-Security-Token=SESSION-TOKEN&versionId=v1",
            )
            .unwrap(),
            headers: headers.clone(),
            body: RequestBody::from("{\"SecretString\":\"hunter2\"}"),
        };
        let shown = format!("{request:?}");
        for secret in [
            "abc123",
            "SESSION-TOKEN",
            "Q1VTVE9NRVIta2V5",
            "BEARER",
            "hunter2",
        ] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        for kept in [
            "application/json",
            "X-Amz-Credential=AKID",
            "versionId=v1",
            "b.s3.amazonaws.com/k",
        ] {
            assert!(shown.contains(kept), "{kept} not in {shown}");
        }
        let response = HttpResponse {
            status: 200,
            headers,
            body: b"<SecretAccessKey>wJalr</SecretAccessKey>".to_vec(),
        };
        let shown = format!("{response:?}");
        assert!(
            !shown.contains("wJalr") && !shown.contains("SESSION-TOKEN"),
            "{shown}"
        );
        assert!(shown.contains("body_length: 40"), "{shown}");
    }
}
