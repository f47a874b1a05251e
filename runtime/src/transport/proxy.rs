//! HTTP proxies, as botocore reaches them through urllib3: `https://` requests through a
//! `CONNECT` tunnel (the TLS session is end to end, the proxy sees only the host), `http://`
//! requests sent to the proxy whole, in absolute form; hosts `NO_PROXY` names go direct.

use std::fmt;

use crate::encoding::{base64_encode, percent_decode};
use crate::http::{Scheme, Url};

/// Which proxy, if any, each request goes through.
#[derive(Clone, Default)]
pub struct Proxies {
    https: Option<ProxyServer>,
    http: Option<ProxyServer>,
    /// Lower-case host names or suffixes (`.internal`), or `*` for every host.
    no_proxy: Vec<String>,
}

/// A proxy's address and the `Proxy-Authorization` its URL's user and password make.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct ProxyServer {
    pub host: String,
    pub port: u16,
    pub authorization: Option<String>,
}

impl Proxies {
    /// No proxy for any request.
    pub fn none() -> Self {
        Self::default()
    }

    /// `https://` requests go through the proxy at `url` (`http://[user:password@]host:port`;
    /// without a scheme, `http://` is assumed, as urllib3 assumes it).
    pub fn https(mut self, url: &str) -> Result<Self, String> {
        self.https = Some(ProxyServer::parse(url)?);
        Ok(self)
    }

    /// `http://` requests go through the proxy at `url`.
    pub fn http(mut self, url: &str) -> Result<Self, String> {
        self.http = Some(ProxyServer::parse(url)?);
        Ok(self)
    }

    /// Hosts reached directly, as `NO_PROXY` lists them: comma-separated names, each
    /// matching itself and its subdomains (`example.com`, `.example.com`), `host:port`
    /// matching that port only, `*` matching every host.
    pub fn no_proxy(mut self, list: &str) -> Self {
        self.no_proxy = list
            .split(',')
            .map(|entry| entry.trim().to_ascii_lowercase())
            .filter(|entry| !entry.is_empty())
            .collect();
        self
    }

    /// Whether any request goes through a proxy.
    pub fn is_empty(&self) -> bool {
        self.https.is_none() && self.http.is_none()
    }

    /// The proxy a request to `url` goes through, if any.
    pub(crate) fn for_url(&self, url: &Url, port: u16) -> Option<&ProxyServer> {
        let proxy = match url.scheme {
            Scheme::Https => self.https.as_ref(),
            Scheme::Http => self.http.as_ref(),
        }?;
        (!self.bypasses(&url.host, port)).then_some(proxy)
    }

    fn bypasses(&self, host: &str, port: u16) -> bool {
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_ascii_lowercase();
        self.no_proxy.iter().any(|entry| {
            if entry == "*" {
                return true;
            }
            let (name, entry_port) = match entry.rsplit_once(':') {
                // An IPv6 address has colons of its own; only a number after the last one
                // is a port, and only outside brackets.
                Some((name, number)) if !name.contains(':') => match number.parse::<u16>() {
                    Ok(number) => (name, Some(number)),
                    Err(_) => (entry.as_str(), None),
                },
                _ => (entry.as_str(), None),
            };
            let name = name.trim_start_matches('.');
            let host_matches = host == name || host.ends_with(&format!(".{name}"));
            host_matches && entry_port.is_none_or(|entry_port| entry_port == port)
        })
    }
}

impl ProxyServer {
    fn parse(url: &str) -> Result<Self, String> {
        let shown = redacted(url);
        let rest = match url.split_once("://") {
            Some(("http", rest)) => rest,
            Some((scheme, _)) => {
                return Err(format!(
                    "the proxy {shown} is reached over `{scheme}`, but only http:// proxies are \
                     supported"
                ));
            }
            None => url,
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let (userinfo, address) = match authority.rsplit_once('@') {
            Some((userinfo, address)) => (Some(userinfo), address),
            None => (None, authority),
        };
        let (host, port) = match address.rsplit_once(':') {
            Some((host, port)) if !port.contains(']') => (
                host,
                port.parse()
                    .map_err(|_| format!("the proxy {shown} has a bad port `{port}`"))?,
            ),
            _ => (address, 80),
        };
        if host.is_empty() {
            return Err(format!("the proxy {shown} names no host"));
        }
        let authorization = userinfo.map(|userinfo| {
            let decoded = percent_decode(userinfo, false);
            format!("Basic {}", base64_encode(&decoded))
        });
        Ok(Self {
            host: host.to_owned(),
            port,
            authorization,
        })
    }
}

/// A proxy URL with its password left out, for messages.
fn redacted(url: &str) -> String {
    match url.split_once('@') {
        Some((before, after)) => match before.rsplit_once(':') {
            Some((user, _)) if !user.ends_with('/') => format!("{user}:***@{after}"),
            _ => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

impl fmt::Debug for ProxyServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let auth = if self.authorization.is_some() {
            " (with credentials)"
        } else {
            ""
        };
        write!(f, "{}:{}{auth}", self.host, self.port)
    }
}

impl fmt::Debug for Proxies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Proxies")
            .field("https", &self.https)
            .field("http", &self.http)
            .field("no_proxy", &self.no_proxy)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn a_proxy_url_gives_its_address_and_basic_credentials() {
        let proxy = ProxyServer::parse("http://user:p%40ss@proxy.internal:3128").unwrap();
        assert_eq!((proxy.host.as_str(), proxy.port), ("proxy.internal", 3128));
        // base64 of `user:p@ss`.
        assert_eq!(proxy.authorization.as_deref(), Some("Basic dXNlcjpwQHNz"));
        assert!(!format!("{proxy:?}").contains("Basic"));
        let bare = ProxyServer::parse("proxy:8080").unwrap();
        assert_eq!(
            (bare.host.as_str(), bare.port, bare.authorization),
            ("proxy", 8080, None)
        );
        let error = ProxyServer::parse("https://user:secret@proxy:443").unwrap_err();
        assert!(
            error.contains("only http://") && !error.contains("secret"),
            "{error}"
        );
    }

    #[test]
    fn no_proxy_names_hosts_their_subdomains_and_ports() {
        let proxies = Proxies::none()
            .https("http://proxy:3128")
            .unwrap()
            .no_proxy("localhost, .internal,example.com:8443");
        let through = |text: &str| {
            let url = url(text);
            let port = url.port.unwrap_or(url.scheme.default_port());
            proxies.for_url(&url, port).is_some()
        };
        assert!(through("https://s3.us-west-2.amazonaws.com/"));
        assert!(!through("https://localhost:4566/"));
        assert!(!through("https://db.internal/"));
        assert!(!through("https://example.com:8443/"));
        assert!(through("https://example.com/"));
        // No HTTP proxy is set: plain requests go direct.
        assert!(!through("http://s3.amazonaws.com/"));
        let everything = Proxies::none().https("proxy:1").unwrap().no_proxy("*");
        assert!(everything.for_url(&url("https://a.b/"), 443).is_none());
    }
}
