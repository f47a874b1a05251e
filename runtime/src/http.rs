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
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Headers(Vec<(HeaderName, String)>);

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
#[derive(Clone, Debug, PartialEq, Eq)]
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: String,
    pub url: Url,
    pub headers: Headers,
    pub body: RequestBody,
}

/// A complete response: the body has been read to its end.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Headers,
    pub body: Vec<u8>,
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
